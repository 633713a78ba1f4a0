//! The frame of a chart (title, plot area, axis-label margins) for a given
//! CSS size, legend layout, and the rules that make text fit: a title
//! wraps onto a second line, an axis title drops its parenthesis and then
//! becomes its short name (`"True positive rate (TP ÷ actual positives)"` →
//! `"True positive rate"` → `"TPR"`), a legend label wraps. Text is cut
//! with `…` only when even that does not fit, and [`fit_report`] lists
//! every cut, so a test can tell. Legends never sit on the plot: in a
//! column right of it when there is room, else in a strip under the x-axis
//! title. Knows nothing of what is plotted, only of pixels.

use serde::{Deserialize, Serialize};

use super::draw::{fit_text, is_wide, text_width, Align, Baseline, DrawOp, PxRect, Weight, BOLD_WIDTH};
use super::style::LineMarker;
use super::theme::{Color, Theme};
use super::Chart;

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
/// Lines a title may wrap onto before it is cut.
pub const TITLE_LINES: usize = 2;
/// Height of one title line, CSS px.
pub const TITLE_LINE: f32 = TITLE_SIZE * 1.25;

const PAD: f32 = 8.0;
/// Under the plot: tick marks, tick labels and the x-axis title.
const AXIS_BELOW: f32 = TICK_LEN + 3.0 + TICK_SIZE * 1.2 + 6.0 + LABEL_SIZE * 1.2 + 6.0;
/// Line height of a two-line x-axis title.
const X_LINE: f32 = LABEL_SIZE * 1.2;
/// Space between the plot (or the x-axis title) and a legend beside (under) it.
pub const LEGEND_GAP: f32 = 12.0;

/// Clamps a requested CSS size to something a chart can be laid out in:
/// NaN/∞ → [`FALLBACK_SIZE`], then at least [`MIN_SIZE`], at most 8192.
pub fn usable_size(width: f32, height: f32) -> (f32, f32) {
    let w = if width.is_finite() { width } else { FALLBACK_SIZE.0 };
    let h = if height.is_finite() { height } else { FALLBACK_SIZE.1 };
    (w.clamp(MIN_SIZE.0, 8192.0), h.clamp(MIN_SIZE.1, 8192.0))
}

/// What a frame is laid out for besides its size.
#[derive(Debug, Clone, Default)]
pub struct FrameAsk<'a> {
    /// Chart title (wraps onto [`TITLE_LINES`] lines).
    pub title: &'a str,
    /// x-axis title with its unit or definition in parentheses.
    pub x_label: &'a str,
    /// The x axis's short name (`"FPR"`), used when even the title without
    /// its parenthesis does not fit; may be empty.
    pub x_short: &'a str,
    /// y-axis title, as `x_label`.
    pub y_label: &'a str,
    /// The y axis's short name.
    pub y_short: &'a str,
    /// The widest y tick label (see [`text_width`] at [`TICK_SIZE`]).
    pub y_tick_width: f32,
    /// Half the width of the last x tick label, which may stick out right
    /// of the plot.
    pub x_tick_overhang: f32,
    /// Height reserved between the title and the plot (threshold label).
    pub band: f32,
    /// Width reserved right of the plot (a legend column, gap included).
    pub right: f32,
    /// Height reserved under the x-axis title (a legend strip).
    pub below: f32,
    /// Make the plot square (the ROC curve: equal units on both axes),
    /// as large as fits; the space left over stays right of and under it.
    pub square: bool,
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
    /// The band reserved between the title and the plot (threshold
    /// label); zero height when none was asked for.
    pub band: PxRect,
    /// The strip under the x-axis title (a legend); zero height when none
    /// was asked for.
    pub below: PxRect,
    /// The title's lines (wrapped; the last one cut with `…` only when
    /// [`TITLE_LINES`] lines are not enough).
    pub title: Vec<String>,
    /// x-axis title as it fits: one line, or two (see [`fit_x_title`]).
    pub x_label: Vec<String>,
    /// y-axis title as it fits along the plot's height.
    pub y_label: String,
}

impl Frame {
    /// Lays out a chart of `width × height` CSS px.
    ///
    /// `y_tick_width` is the widest y tick label (see [`text_width`] at
    /// [`TICK_SIZE`]); `x_tick_overhang` the half-width of the last x tick
    /// label, which may stick out right of the plot; `band` the height
    /// reserved above the plot. The plot is never smaller than 1 × 1 px.
    /// [`Frame::lay`] asks for more (short axis names, legend room, a
    /// square plot).
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
        Frame::lay(
            width,
            height,
            &FrameAsk {
                title,
                x_label,
                y_label,
                y_tick_width,
                x_tick_overhang,
                band,
                ..FrameAsk::default()
            },
        )
    }

    /// Lays out a chart of `width × height` CSS px as `ask` says.
    pub fn lay(width: f32, height: f32, ask: &FrameAsk) -> Frame {
        let (width, height) = usable_size(width, height);
        // The title is bold: wrapped by bold widths (wrap_text measures at `size`).
        let title = wrap_text(ask.title, TITLE_SIZE * BOLD_WIDTH, width - 2.0 * PAD, TITLE_LINES);
        let band = finite_nonneg(ask.band).min(height / 3.0);
        // Two lines only where the plot can spare the height.
        let x_label = if height >= 200.0 {
            fit_x_title(ask.x_label, ask.x_short, width - 2.0 * PAD)
        } else {
            vec![fit_axis_label(ask.x_label, ask.x_short, LABEL_SIZE, width - 2.0 * PAD)]
                .into_iter()
                .filter(|l| !l.is_empty())
                .collect()
        };
        let x_extra = X_LINE * x_label.len().saturating_sub(1) as f32;
        let (top, _) = Frame::vertical_margins(title.len(), band, 0.0);
        // The strip ends inside the canvas even when the plot is squeezed to 1 px.
        let below = finite_nonneg(ask.below)
            .min(height / 2.0)
            .min((height - top - 1.0 - AXIS_BELOW - x_extra - 4.0).max(0.0));
        let (top, bottom) = Frame::vertical_margins(title.len(), band, below);
        let bottom = bottom + x_extra;
        let left = PAD + LABEL_SIZE + 6.0 + finite_nonneg(ask.y_tick_width).min(width * 0.45) + 3.0 + TICK_LEN;
        let right = (finite_nonneg(ask.x_tick_overhang) + 4.0).clamp(PAD + 4.0, width / 4.0)
            + finite_nonneg(ask.right).min(width / 2.0);
        let mut plot = PxRect {
            x: left,
            y: top,
            w: (width - left - right).max(1.0),
            h: (height - top - bottom).max(1.0),
        };
        if ask.square {
            let side = plot.w.min(plot.h);
            plot.w = side;
            plot.h = side;
        }
        Frame {
            width,
            height,
            band: PxRect {
                x: plot.x,
                y: top - band - 4.0,
                w: plot.w,
                h: band,
            },
            below: PxRect {
                x: PAD,
                y: plot.bottom() + AXIS_BELOW + x_extra,
                w: width - 2.0 * PAD,
                h: below,
            },
            title,
            x_label,
            y_label: fit_axis_label(ask.y_label, ask.y_short, LABEL_SIZE, plot.h),
            plot,
        }
    }

    /// Top and bottom margins for a title of `title_lines` lines, a band
    /// of `band` px above the plot and a strip of `below` px under it.
    fn vertical_margins(title_lines: usize, band: f32, below: f32) -> (f32, f32) {
        let top = PAD + TITLE_LINE * title_lines.max(1) as f32 + 8.0 + if band > 0.0 { band + 4.0 } else { 0.0 };
        let bottom = AXIS_BELOW + if below > 0.0 { below + 4.0 } else { 0.0 };
        (top, bottom)
    }

    /// The plot height a chart of `height` px will get with a band of
    /// `band` px and a one-line title (to choose the number of y ticks
    /// before the frame exists).
    pub fn plot_height(height: f32, band: f32) -> f32 {
        let (_, height) = usable_size(MIN_SIZE.0, height);
        let band = finite_nonneg(band).min(height / 3.0);
        let (top, bottom) = Frame::vertical_margins(1, band, 0.0);
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
        for (i, line) in self.title.iter().enumerate() {
            ops.push(text(
                PAD,
                PAD + TITLE_LINE * i as f32,
                line,
                TITLE_SIZE,
                theme.text,
                Align::Left,
                Baseline::Top,
                0.0,
                Weight::Bold,
            ));
        }
        // Centred under the plot, moved in when a long title would run
        // off the canvas.
        for (i, line) in self.x_label.iter().enumerate() {
            let half = text_width(line, LABEL_SIZE) / 2.0;
            let cx = (self.plot.x + self.plot.w / 2.0).clamp(PAD + half, (self.width - PAD - half).max(PAD + half));
            ops.push(text(
                cx,
                self.plot.bottom() + AXIS_BELOW - 6.0 + X_LINE * i as f32,
                line,
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

/// The x-axis title in `max_width` px: the whole title on one line; else
/// wrapped onto two; else as [`fit_axis_label`] shortens it.
pub fn fit_x_title(label: &str, short: &str, max_width: f32) -> Vec<String> {
    if label.trim().is_empty() {
        return Vec::new();
    }
    if text_width(label, LABEL_SIZE) <= max_width {
        return vec![label.to_string()];
    }
    let two = wrap_text(label, LABEL_SIZE, max_width, 2);
    if !two.iter().any(|l| l.ends_with('…')) {
        return two;
    }
    vec![fit_axis_label(label, short, LABEL_SIZE, max_width)]
}

/// An axis title that fits `max_width` px: the whole `label`; else the
/// label without its parenthesised part (`"Recall (TP ÷ actual
/// positives)"` → `"Recall"`, full-width `（` too); else `short`; only
/// then the shortest of those cut with `…` (which [`fit_report`] reports).
pub fn fit_axis_label(label: &str, short: &str, size: f32, max_width: f32) -> String {
    let bare = label
        .find(" (")
        .or_else(|| label.find('（'))
        .or_else(|| label.find('('))
        .map(|i| label[..i].trim_end())
        .unwrap_or(label);
    let candidates = [label, bare, short];
    if let Some(fit) = candidates
        .iter()
        .find(|c| !c.is_empty() && text_width(c, size) <= max_width)
    {
        return fit.to_string();
    }
    let shortest = candidates
        .iter()
        .filter(|c| !c.is_empty())
        .min_by(|a, b| text_width(a, size).total_cmp(&text_width(b, size)))
        .copied()
        .unwrap_or("");
    fit_text(shortest, size, max_width)
}

/// `text` broken into at most `max_lines` lines of at most `max_width` px:
/// at `" · "` when that is enough (a title's parts stay whole), else at
/// spaces, after `_`, `=` and `/`, and between CJK characters. Only when the lines run out is the
/// last one cut with `…`; an empty text gives no line.
pub fn wrap_text(text: &str, size: f32, max_width: f32, max_lines: usize) -> Vec<String> {
    let text = text.trim();
    if text.is_empty() || max_lines == 0 {
        return Vec::new();
    }
    if text_width(text, size) <= max_width {
        return vec![text.to_string()];
    }
    let by_parts = greedy(&text.split(" · ").collect::<Vec<_>>(), " · ", size, max_width);
    if by_parts.len() <= max_lines && by_parts.iter().all(|l| text_width(l, size) <= max_width) {
        return by_parts;
    }
    let words = words(text);
    let mut lines = greedy(
        &words.iter().map(String::as_str).collect::<Vec<_>>(),
        "",
        size,
        max_width,
    );
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines - 1).concat();
        lines.push(rest);
    }
    lines
        .into_iter()
        .map(|l| {
            let l = l.trim().to_string();
            if text_width(&l, size) <= max_width {
                l
            } else {
                fit_text(&l, size, max_width)
            }
        })
        .collect()
}

/// Words with their trailing space (or `_`, `=`, `/`) kept, so joining
/// them with "" restores the text; each CJK character a word of its own.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if is_wide(c) {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            out.push(c.to_string());
        } else {
            cur.push(c);
            // Column names break after their separators (`total_il_high`).
            if matches!(c, ' ' | '_' | '=' | '/') {
                out.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Pieces joined by `sep` into as few lines of `max_width` as a greedy fill gives.
fn greedy(pieces: &[&str], sep: &str, size: f32, max_width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for p in pieces {
        let trial = if cur.is_empty() {
            p.to_string()
        } else {
            format!("{cur}{sep}{p}")
        };
        if !cur.is_empty() && text_width(trial.trim_end(), size) > max_width {
            lines.push(std::mem::take(&mut cur).trim_end().to_string());
            cur = p.to_string();
        } else {
            cur = trial;
        }
    }
    if !cur.trim().is_empty() {
        lines.push(cur.trim_end().to_string());
    }
    lines
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

/// One legend row: a swatch (line, optionally dashed, or a block for bars)
/// and a label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegendEntry {
    /// The label (wrapped when too long for the legend's width).
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
/// Space between two entries on one row.
const ENTRY_GAP: f32 = 14.0;
/// Lines a legend label may wrap onto.
const LEGEND_LINES: usize = 3;

/// The width a column of `entries` needs with every label on one line.
pub fn legend_column_width(entries: &[LegendEntry]) -> f32 {
    entries
        .iter()
        .map(|e| SWATCH + 6.0 + text_width(&e.label, TICK_SIZE))
        .fold(0.0f32, f32::max)
        // A pixel of slack: the flow subtracts the swatch again, and a
        // rounding error must not wrap (or cut) the widest label.
        + 1.0
}

/// One laid-out legend entry: its offset from the legend's top-left
/// corner and its label's lines.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendItem {
    /// Offset right, CSS px.
    pub x: f32,
    /// Offset down, CSS px.
    pub y: f32,
    /// The label, wrapped to the legend's width.
    pub lines: Vec<String>,
}

/// Entries flowed left to right in rows across `width` px (`column`: one
/// per row), each label wrapped to the width: the items and the height
/// they take.
pub fn legend_flow(entries: &[LegendEntry], width: f32, column: bool) -> (Vec<LegendItem>, f32) {
    let label_max = (width - SWATCH - 6.0).max(24.0);
    let mut items = Vec::with_capacity(entries.len());
    let (mut x, mut y, mut row_h) = (0.0f32, 0.0f32, 0.0f32);
    for e in entries {
        let lines = wrap_text(&e.label, TICK_SIZE, label_max, LEGEND_LINES);
        let label_w = lines.iter().map(|l| text_width(l, TICK_SIZE)).fold(0.0f32, f32::max);
        let w = SWATCH + 6.0 + label_w;
        let h = LEGEND_ROW * lines.len().max(1) as f32;
        if x > 0.0 && (column || x + w > width) {
            x = 0.0;
            y += row_h;
            row_h = 0.0;
        }
        items.push(LegendItem { x, y, lines });
        x += w + ENTRY_GAP;
        row_h = row_h.max(h);
    }
    (items, y + row_h)
}

/// Ops for the legend laid out in `at` (see [`legend_flow`]).
pub fn legend_ops(entries: &[LegendEntry], at: PxRect, column: bool, theme: &Theme) -> Vec<DrawOp> {
    let (items, _) = legend_flow(entries, at.w, column);
    let mut ops = Vec::new();
    for (e, item) in entries.iter().zip(items) {
        // A chart too small for its whole legend (the frame gives a strip
        // at most half the height) shows the entries that fit.
        if item.y + LEGEND_ROW * item.lines.len() as f32 > at.h + 0.5 {
            continue;
        }
        let (x, top) = (at.x + item.x, at.y + item.y);
        ops.extend(swatch_ops(e, x, top + LEGEND_ROW / 2.0, theme));
        for (k, line) in item.lines.iter().enumerate() {
            ops.push(text(
                x + SWATCH + 6.0,
                top + LEGEND_ROW * (k as f32 + 0.5),
                line,
                TICK_SIZE,
                theme.text,
                Align::Left,
                Baseline::Middle,
                0.0,
                Weight::Normal,
            ));
        }
    }
    ops
}

fn swatch_ops(e: &LegendEntry, x: f32, cy: f32, theme: &Theme) -> Vec<DrawOp> {
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
    ops
}

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

/// How a laid-out chart's text fits, for tests (native and in the
/// browser: the page's canvas carries it as `data-fit`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitReport {
    /// The chart's CSS size.
    pub width: f32,
    /// The chart's CSS size.
    pub height: f32,
    /// The data area.
    pub plot: PxRect,
    /// The legend's area, when the chart has one.
    pub legend: Option<PxRect>,
    /// Every text drawn cut with `…`.
    pub cut: Vec<String>,
    /// Every text that reaches more than 1 px outside the canvas.
    pub outside: Vec<String>,
    /// Pairs of texts drawn over each other (by the [`text_width`]
    /// estimate, which errs wide; 1 px of touching allowed).
    pub overlaps: Vec<[String; 2]>,
    /// The legend covers part of the plot.
    pub legend_on_plot: bool,
}

/// The [`FitReport`] of `chart`, read from its ops.
pub fn fit_report(chart: &Chart) -> FitReport {
    let texts: Vec<(&str, [f32; 4])> = chart
        .ops
        .iter()
        .filter_map(|op| match op {
            DrawOp::Text { text, .. } if !text.trim().is_empty() => Some((text.as_str(), op.bounds()?)),
            _ => None,
        })
        .collect();
    let cut = texts
        .iter()
        .filter(|(t, _)| t.ends_with('…'))
        .map(|(t, _)| t.to_string())
        .collect();
    let outside = texts
        .iter()
        .filter(|(_, b)| b[0] < -1.0 || b[1] < -1.0 || b[2] > chart.width + 1.0 || b[3] > chart.height + 1.0)
        .map(|(t, _)| t.to_string())
        .collect();
    let mut overlaps = Vec::new();
    for (i, (a, ba)) in texts.iter().enumerate() {
        for (b, bb) in &texts[i + 1..] {
            let shrink = |r: &[f32; 4]| PxRect {
                x: r[0] + 0.5,
                y: r[1] + 0.5,
                w: (r[2] - r[0] - 1.0).max(0.0),
                h: (r[3] - r[1] - 1.0).max(0.0),
            };
            if shrink(ba).intersects(&shrink(bb)) {
                overlaps.push([a.to_string(), b.to_string()]);
            }
        }
    }
    FitReport {
        width: chart.width,
        height: chart.height,
        plot: chart.plot,
        legend: chart.legend,
        cut,
        outside,
        overlaps,
        legend_on_plot: chart.legend.is_some_and(|l| l.intersects(&chart.plot)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bold_title_wraps_by_its_bold_width() {
        // At 14 px this title's regular-weight estimate is 307.7 px (by the
        // character widths in draw.rs: 0.56 em a letter, 0.3 for i/l/space…)
        // and fits a 340 px canvas's 324 px line; drawn bold it is 341 px
        // in Chromium (measured), wider than the line: it must wrap.
        let title = "Permutation importance · #1 logistic (C=1)";
        assert!(text_width(title, TITLE_SIZE) < 340.0 - 2.0 * PAD);
        let f = Frame::new(340.0, 400.0, title, "x", "y", 20.0, 6.0, 0.0);
        assert_eq!(f.title.len(), 2, "{:?}", f.title);
        for line in &f.title {
            assert!(text_width(line, TITLE_SIZE) * BOLD_WIDTH <= 340.0 - 2.0 * PAD, "{line}");
        }
    }

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
    fn legend_flow_wraps() {
        let e = LegendEntry {
            label: "model number one".into(),
            color: Color::hex(0),
            dash: None,
            block: false,
            marker: None,
        };
        // "model number one": 8.92 em × 11 px ≈ 98 px, + 34 px of swatch
        // = 132 px, + 14 px between entries: two take 278 px of a 285 px row.
        let (items, h) = legend_flow(&[e.clone(), e.clone(), e.clone()], 285.0, false);
        assert_eq!((items[0].x, items[0].y), (0.0, 0.0));
        assert_eq!(items[1].y, 0.0);
        assert_eq!(items[2].y, LEGEND_ROW);
        assert_eq!(h, 2.0 * LEGEND_ROW);
        // As a column: one per row.
        let (items, _) = legend_flow(&[e.clone(), e], 250.0, true);
        assert_eq!((items[1].x, items[1].y), (0.0, LEGEND_ROW));
    }

    #[test]
    fn a_label_longer_than_the_legend_wraps_instead_of_being_cut() {
        let e = LegendEntry {
            label: "Chance (positive rate 2.4 %) of a very long name".into(),
            color: Color::hex(0),
            dash: None,
            block: false,
            marker: None,
        };
        let (items, h) = legend_flow(&[e], 150.0, false);
        assert!(items[0].lines.len() >= 2, "{:?}", items[0].lines);
        assert!(items[0].lines.iter().all(|l| !l.ends_with('…')));
        assert_eq!(h, LEGEND_ROW * items[0].lines.len() as f32);
    }

    #[test]
    fn axis_titles_shorten_to_their_defined_short_forms() {
        let full = "True positive rate (TP ÷ actual positives)";
        assert_eq!(fit_axis_label(full, "TPR", LABEL_SIZE, 1000.0), full);
        // "True positive rate": 18 chars, about 110 px at 12 px; the whole title ≈ 260 px.
        assert_eq!(fit_axis_label(full, "TPR", LABEL_SIZE, 150.0), "True positive rate");
        assert_eq!(fit_axis_label(full, "TPR", LABEL_SIZE, 60.0), "TPR");
        assert_eq!(
            fit_axis_label("真正例率（TP ÷ 实际正例）", "TPR", LABEL_SIZE, 60.0),
            "真正例率"
        );
        // Nothing fits 10 px: the shortest form, cut.
        assert!(fit_axis_label(full, "TPR", LABEL_SIZE, 10.0).len() <= "TPR".len());
    }

    #[test]
    fn titles_wrap_at_their_parts_then_at_words() {
        let t = "Precision–recall curve · dots at threshold 0.50";
        assert_eq!(wrap_text(t, TITLE_SIZE, 1000.0, 2), vec![t.to_string()]);
        assert_eq!(
            wrap_text(t, TITLE_SIZE, 200.0, 2),
            vec![
                "Precision–recall curve".to_string(),
                "dots at threshold 0.50".to_string()
            ]
        );
        let words = wrap_text("one two three four five six", TITLE_SIZE, 60.0, 10);
        assert!(
            words.len() >= 3 && words.iter().all(|l| text_width(l, TITLE_SIZE) <= 60.0),
            "{words:?}"
        );
        // CJK breaks between characters; two lines of a 14 px font at 60 px hold 4 + 4.
        let zh = wrap_text("精确率召回率曲线", TITLE_SIZE, 60.0, 2);
        assert_eq!(zh, vec!["精确率召".to_string(), "回率曲线".to_string()]);
        // Out of lines: the last one is cut.
        let cut = wrap_text("one two three four five six", TITLE_SIZE, 60.0, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'));
    }
}
