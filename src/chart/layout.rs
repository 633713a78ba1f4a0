//! The frame of a chart (title, plot area, axis-label margins) for a given
//! CSS size, and legend placement: inside the plot where it covers the
//! fewest data, or in a strip above the plot when every spot covers some.
//! Knows nothing of what is plotted, only of pixels.

use serde::{Deserialize, Serialize};

use super::draw::{fit_text, text_width, Align, Baseline, DrawOp, PxRect, Weight};
use super::style::LineMarker;
use super::theme::{Color, Theme};

/// Title font size, CSS px (bold).
pub const TITLE_SIZE: f32 = 14.0;
/// Axis-label font size, CSS px.
pub const LABEL_SIZE: f32 = 12.0;
/// Tick-label and legend font size, CSS px.
pub const TICK_SIZE: f32 = 11.0;
/// Legend row height, CSS px.
pub const LEGEND_ROW: f32 = 18.0;
/// Length of a major tick mark outside the plot, CSS px.
pub const TICK_LEN: f32 = 5.0;
/// Smallest size a chart lays out at; smaller requests are enlarged.
pub const MIN_SIZE: (f32, f32) = (160.0, 120.0);
/// Size used when the requested size is not a finite number.
pub const FALLBACK_SIZE: (f32, f32) = (480.0, 320.0);

const PAD: f32 = 8.0;

/// Clamps a requested CSS size to something a chart can be laid out in:
/// NaN/∞ → [`FALLBACK_SIZE`], then at least [`MIN_SIZE`], at most 8192.
pub fn usable_size(width: f32, height: f32) -> (f32, f32) {
    let w = if width.is_finite() { width } else { FALLBACK_SIZE.0 };
    let h = if height.is_finite() { height } else { FALLBACK_SIZE.1 };
    (w.clamp(MIN_SIZE.0, 8192.0), h.clamp(MIN_SIZE.1, 8192.0))
}

/// Where everything of an x–y chart goes, in CSS px.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    /// Chart width (after [`usable_size`]).
    pub width: f32,
    /// Chart height (after [`usable_size`]).
    pub height: f32,
    /// The data area; axes run along its left and bottom edges.
    pub plot: PxRect,
    /// The band reserved between the title and the plot (legend strip,
    /// threshold label); zero height when none was asked for.
    pub band: PxRect,
    /// Title, cut with `…` to the width.
    pub title: String,
    /// x-axis label (with its unit), cut to the plot width.
    pub x_label: String,
    /// y-axis label (with its unit), cut to the plot height.
    pub y_label: String,
}

impl Frame {
    /// Lays out a chart of `width × height` CSS px.
    ///
    /// `y_tick_width` is the widest y tick label (see [`text_width`] at
    /// [`TICK_SIZE`]); `x_tick_overhang` the half-width of the last x tick
    /// label, which may stick out right of the plot; `band` the height
    /// reserved above the plot. The plot is never smaller than 1 × 1 px.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        width: f32,
        height: f32,
        title: &str,
        x_label: &str,
        y_label: &str,
        y_tick_width: f32,
        x_tick_overhang: f32,
        band: f32,
    ) -> Frame {
        let (width, height) = usable_size(width, height);
        let band = finite_nonneg(band).min(height / 3.0);
        let (top, bottom) = Frame::vertical_margins(band);
        let left = PAD + LABEL_SIZE + 6.0 + finite_nonneg(y_tick_width).min(width / 3.0) + 3.0 + TICK_LEN;
        let right = (finite_nonneg(x_tick_overhang) + 4.0).clamp(PAD + 4.0, width / 4.0);
        let plot = PxRect {
            x: left,
            y: top,
            w: (width - left - right).max(1.0),
            h: (height - top - bottom).max(1.0),
        };
        Frame {
            width,
            height,
            band: PxRect {
                x: plot.x,
                y: top - band - 4.0,
                w: plot.w,
                h: band,
            },
            title: fit_text(title, TITLE_SIZE, width - 2.0 * PAD),
            x_label: fit_text(x_label, LABEL_SIZE, plot.w),
            y_label: fit_text(y_label, LABEL_SIZE, plot.h),
            plot,
        }
    }

    /// Top and bottom margins for a band of `band` px.
    fn vertical_margins(band: f32) -> (f32, f32) {
        let top = PAD + TITLE_SIZE * 1.25 + 8.0 + if band > 0.0 { band + 4.0 } else { 0.0 };
        let bottom = TICK_LEN + 3.0 + TICK_SIZE * 1.2 + 6.0 + LABEL_SIZE * 1.2 + 6.0;
        (top, bottom)
    }

    /// The plot height a chart of `height` px will get with a band of
    /// `band` px (to choose the number of y ticks before the frame exists).
    pub fn plot_height(height: f32, band: f32) -> f32 {
        let (_, height) = usable_size(MIN_SIZE.0, height);
        let band = finite_nonneg(band).min(height / 3.0);
        let (top, bottom) = Frame::vertical_margins(band);
        (height - top - bottom).max(1.0)
    }

    /// Background, title and axis labels (ticks are drawn by the chart).
    pub fn chrome_ops(&self, theme: &Theme) -> Vec<DrawOp> {
        let mut ops = vec![DrawOp::Rect {
            x: 0.0,
            y: 0.0,
            w: self.width,
            h: self.height,
            fill: Some(theme.background),
            stroke: None,
        }];
        if !self.title.is_empty() {
            ops.push(text(
                PAD,
                PAD,
                &self.title,
                TITLE_SIZE,
                theme.text,
                Align::Left,
                Baseline::Top,
                0.0,
                Weight::Bold,
            ));
        }
        if !self.x_label.is_empty() {
            ops.push(text(
                self.plot.x + self.plot.w / 2.0,
                self.height - 6.0,
                &self.x_label,
                LABEL_SIZE,
                theme.text,
                Align::Center,
                Baseline::Bottom,
                0.0,
                Weight::Normal,
            ));
        }
        if !self.y_label.is_empty() {
            ops.push(text(
                PAD,
                self.plot.y + self.plot.h / 2.0,
                &self.y_label,
                LABEL_SIZE,
                theme.text,
                Align::Center,
                Baseline::Top,
                -std::f32::consts::FRAC_PI_2,
                Weight::Normal,
            ));
        }
        ops
    }
}

fn finite_nonneg(v: f32) -> f32 {
    if v.is_finite() {
        v.max(0.0)
    } else {
        0.0
    }
}

/// Shorthand for a [`DrawOp::Text`].
#[allow(clippy::too_many_arguments)]
pub fn text(
    x: f32,
    y: f32,
    s: &str,
    size: f32,
    color: Color,
    align: Align,
    baseline: Baseline,
    rotate: f32,
    weight: Weight,
) -> DrawOp {
    DrawOp::Text {
        x,
        y,
        text: s.to_string(),
        size,
        color,
        align,
        baseline,
        rotate,
        weight,
    }
}

/// One legend row: a swatch (line, optionally dashed, optionally with a
/// dot for "has a threshold marker") and a label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegendEntry {
    /// The label, cut with `…` when too long.
    pub label: String,
    /// Swatch colour.
    pub color: Color,
    /// Swatch dash pattern.
    pub dash: Option<Vec<f32>>,
    /// Draw the swatch as a filled block (bars) instead of a line.
    pub block: bool,
    /// The series' marker, drawn in the middle of a line swatch.
    #[serde(default)]
    pub marker: Option<LineMarker>,
}

/// Legend sample length: one period of the longest model dash pattern
/// (`style::MODEL_DASHES`, 25.5 px) fits, so every pattern reads as itself.
const SWATCH: f32 = 28.0;
const LEGEND_PAD: f32 = 6.0;
const INSET: f32 = 8.0;

/// The legend box size for `entries` stacked vertically, labels cut to
/// `max_label` px: `(width, height)`.
pub fn legend_size(entries: &[LegendEntry], max_label: f32) -> (f32, f32) {
    let label_w = entries
        .iter()
        .map(|e| text_width(&fit_text(&e.label, TICK_SIZE, max_label), TICK_SIZE))
        .fold(0.0f32, f32::max);
    (
        LEGEND_PAD * 2.0 + SWATCH + 6.0 + label_w,
        LEGEND_PAD * 2.0 + LEGEND_ROW * entries.len() as f32 - 4.0,
    )
}

/// Candidate legend spots, in order of preference on a tie.
const SPOTS: [(f32, f32); 6] = [
    (1.0, 0.0), // top right
    (1.0, 1.0), // bottom right
    (0.0, 0.0), // top left
    (0.0, 1.0), // bottom left
    (0.5, 0.0), // top centre
    (0.5, 1.0), // bottom centre
];

/// Samples along polylines every 2 px, so a long straight segment through
/// a box counts even when it has no vertex inside.
pub fn sample_polylines(lines: &[Vec<[f32; 2]>]) -> Vec<[f32; 2]> {
    let mut out = Vec::new();
    for line in lines {
        if let [only] = line.as_slice() {
            out.push(*only);
        }
        for w in line.windows(2) {
            let (a, b) = (w[0], w[1]);
            let len = ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt();
            let steps = if len.is_finite() {
                ((len / 2.0).ceil() as usize).clamp(1, 10_000)
            } else {
                1
            };
            for s in 0..=steps {
                let t = s as f32 / steps as f32;
                out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
            }
        }
    }
    out
}

/// The legend spot inside `plot` (a corner or top/bottom centre, inset
/// 8 px) for a box of `size` that covers the fewest of `samples` (counting
/// a 4 px margin around the box); ties go to the order top-right,
/// bottom-right, top-left, bottom-left, top-centre, bottom-centre.
///
/// Returns the box and how many samples it covers; `None` when the box
/// does not fit in the plot at all.
pub fn place_legend(plot: &PxRect, size: (f32, f32), samples: &[[f32; 2]]) -> Option<(PxRect, usize)> {
    let (w, h) = size;
    if w + 2.0 * INSET > plot.w || h + 2.0 * INSET > plot.h {
        return None;
    }
    let mut best: Option<(PxRect, usize)> = None;
    for (fx, fy) in SPOTS {
        let r = PxRect {
            x: plot.x + INSET + fx * (plot.w - w - 2.0 * INSET),
            y: plot.y + INSET + fy * (plot.h - h - 2.0 * INSET),
            w,
            h,
        };
        let grown = PxRect {
            x: r.x - 4.0,
            y: r.y - 4.0,
            w: r.w + 8.0,
            h: r.h + 8.0,
        };
        let covered = samples.iter().filter(|p| grown.contains(**p)).count();
        if best.as_ref().is_none_or(|(_, c)| covered < *c) {
            best = Some((r, covered));
        }
    }
    best
}

/// Ops for a vertical legend box at `at`.
pub fn legend_box_ops(entries: &[LegendEntry], at: PxRect, max_label: f32, theme: &Theme) -> Vec<DrawOp> {
    let mut ops = vec![DrawOp::Rect {
        x: at.x,
        y: at.y,
        w: at.w,
        h: at.h,
        fill: Some(theme.legend_fill),
        stroke: Some(theme.grid),
    }];
    for (i, e) in entries.iter().enumerate() {
        let cy = at.y + LEGEND_PAD + LEGEND_ROW * i as f32 + (LEGEND_ROW - 4.0) / 2.0;
        ops.extend(entry_ops(e, at.x + LEGEND_PAD, cy, max_label, theme));
    }
    ops
}

fn entry_ops(e: &LegendEntry, x: f32, cy: f32, max_label: f32, theme: &Theme) -> Vec<DrawOp> {
    let swatch = if e.block {
        DrawOp::Rect {
            x,
            y: cy - 5.0,
            w: SWATCH,
            h: 10.0,
            fill: Some(e.color),
            stroke: None,
        }
    } else {
        DrawOp::Line {
            points: vec![[x, cy], [x + SWATCH, cy]],
            color: e.color,
            width: 2.0,
            dash: e.dash.clone(),
        }
    };
    let sample = e
        .marker
        .filter(|_| !e.block)
        .map(|m| super::xy::marker_op([x + SWATCH / 2.0, cy], m, e.color, theme));
    let mut ops = vec![swatch];
    ops.extend(sample);
    ops.push(text(
        x + SWATCH + 6.0,
        cy,
        &fit_text(&e.label, TICK_SIZE, max_label),
        TICK_SIZE,
        theme.text,
        Align::Left,
        Baseline::Middle,
        0.0,
        Weight::Normal,
    ));
    ops
}

/// Entries flowed left to right in rows across `width` px (for the strip
/// above the plot): each entry's `(x, row)` offset and the strip height.
pub fn legend_flow(entries: &[LegendEntry], width: f32, max_label: f32) -> (Vec<(f32, usize)>, f32) {
    let mut pos = Vec::with_capacity(entries.len());
    let (mut x, mut row) = (0.0f32, 0usize);
    for e in entries {
        let w = SWATCH + 6.0 + text_width(&fit_text(&e.label, TICK_SIZE, max_label), TICK_SIZE) + 14.0;
        if x > 0.0 && x + w > width {
            x = 0.0;
            row += 1;
        }
        pos.push((x, row));
        x += w;
    }
    let rows = if entries.is_empty() { 0 } else { row + 1 };
    (pos, rows as f32 * LEGEND_ROW)
}

/// Ops for a flowed legend in the band `band` (see [`legend_flow`]).
pub fn legend_strip_ops(entries: &[LegendEntry], band: PxRect, max_label: f32, theme: &Theme) -> Vec<DrawOp> {
    let (pos, _) = legend_flow(entries, band.w, max_label);
    entries
        .iter()
        .zip(pos)
        .flat_map(|(e, (x, row))| {
            entry_ops(
                e,
                band.x + x,
                band.y + LEGEND_ROW * row as f32 + LEGEND_ROW / 2.0,
                max_label,
                theme,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_fits_inside_the_canvas() {
        let f = Frame::new(
            640.0,
            400.0,
            "ROC curve",
            "False positive rate",
            "True positive rate",
            20.0,
            6.0,
            0.0,
        );
        assert!(f.plot.x > 20.0 && f.plot.right() < 640.0);
        assert!(f.plot.y > TITLE_SIZE && f.plot.bottom() < 400.0 - 30.0);
        assert_eq!(Frame::plot_height(400.0, 0.0), f.plot.h);
    }

    #[test]
    fn tiny_and_nan_sizes_still_lay_out() {
        let f = Frame::new(f32::NAN, 3.0, "t", "x", "y", f32::NAN, f32::INFINITY, f32::NAN);
        assert_eq!((f.width, f.height), (FALLBACK_SIZE.0, MIN_SIZE.1));
        assert!(f.plot.w >= 1.0 && f.plot.h >= 1.0);
        assert!(f.plot.x.is_finite() && f.plot.y.is_finite());
    }

    #[test]
    fn legend_avoids_a_top_left_curve() {
        // Plot 0..400 × 0..300 (y down); a curve hugging the top-left: up
        // the left edge, then creeping to the top-right corner. At x = 272
        // it is at y = 12 − 12·122/250 ≈ 6.1, inside the top-right box's
        // 4 px margin (y ≥ 4), so top-right is taken and bottom-right wins.
        let plot = PxRect {
            x: 0.0,
            y: 0.0,
            w: 400.0,
            h: 300.0,
        };
        let curve = vec![[0.0, 300.0], [5.0, 60.0], [40.0, 30.0], [150.0, 12.0], [400.0, 0.0]];
        let samples = sample_polylines(&[curve]);
        let (r, covered) = place_legend(&plot, (120.0, 40.0), &samples).unwrap();
        assert_eq!(covered, 0);
        // Bottom right: x = 400 − 8 − 120, y = 300 − 8 − 40.
        assert_eq!((r.x, r.y), (272.0, 252.0));
    }

    #[test]
    fn legend_flow_wraps() {
        let e = LegendEntry {
            label: "model number one".into(),
            color: Color::hex(0),
            dash: None,
            block: false,
            marker: None,
        };
        let (pos, h) = legend_flow(&[e.clone(), e.clone(), e], 250.0, 200.0);
        assert_eq!(pos[0], (0.0, 0));
        assert!(pos[2].1 >= 1);
        assert!(h >= 2.0 * LEGEND_ROW);
    }
}
