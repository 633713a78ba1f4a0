// How tall a chart is drawn for the width its figure has: one rule for
// every tab, so a phone's charts (full width, legend under the plot, a
// title on two lines: src/chart/layout.rs) keep a readable plot, and a
// chart with a square plot (ROC) gets the height its square needs. Knows
// nothing of what a chart shows.

/** Below this width (CSS px) a chart is laid out for a phone. */
export const NARROW = 480;

/**
 * The CSS height for a chart `width` px wide. `square`: the plot is square
 * (its side ≈ width − 65 px on a phone: room for the titles, the axis and a
 * legend of a few rows under it). Otherwise `ratio` × width within
 * [`min`, `max`] (the tab's own proportions), and on a phone never less
 * than 0.75 × width + 70 px.
 */
export function chartHeight(width, { square = false, ratio = 0.72, min = 220, max = 420 } = {}) {
  if (square) return width < NARROW ? Math.round(width + 110) : Math.round(Math.min(500, Math.max(300, width * 0.85)));
  const h = Math.min(max, Math.max(min, width * ratio));
  return Math.round(width < NARROW ? Math.max(h, width * 0.75 + 70) : h);
}
