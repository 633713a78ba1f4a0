//! The result views' charts as pure functions of plain numbers: the
//! reliability (calibration) curve over the diagonal, cumulative gain and
//! lift over their random baselines, and horizontal bar charts of signed
//! values (standardised coefficients) or of means with a spread (permutation
//! importance). Each says what to plot; the x–y engine lays out the curves,
//! the bars are laid out here. Knows nothing of how the numbers were made.

use serde::{Deserialize, Serialize};

use super::charts::Curve;
use super::charts::{model_lines, reference};
use super::data::SeriesData;
use super::draw::{crisp, text_width, Align, Baseline, DrawOp, Weight};
use super::layout::{text, wrap_text, Frame, LABEL_SIZE, TICK_LEN, TICK_SIZE};
use super::scale::Scale;
use super::theme::{Color, Theme};
use super::ticks::{format_fixed, format_percent, format_sig3};
use super::xy::{line, xy_chart, Axis, LineSeries, Marker, XyPlot};
use super::{Chart, Hit};

const CURVE_WIDTH: f32 = 2.0;

fn model_line(c: &Curve, extra: Option<(String, Vec<f64>)>, theme: &Theme) -> LineSeries {
    LineSeries {
        name: c.name.clone(),
        color: theme.model(c.color_slot),
        width: CURVE_WIDTH,
        dash: None,
        points: c.points.clone(),
        extra,
        legend: true,
        hover: true,
        marker: None,
    }
}

fn unit_axis(label: &str, short: &str) -> Axis {
    Axis {
        label: label.to_string(),
        short: short.to_string(),
        log: false,
        domain: Some((0.0, 1.0)),
    }
}

/// One model's reliability curve: `(mean score, positive share)` per
/// non-empty bin with the bin's row count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ReliabilityInput {
    /// Legend name, with the Brier score in it.
    pub name: String,
    /// Palette slot of the model.
    pub color_slot: usize,
    /// `(prob_pred, prob_true)` per bin, in bin order.
    pub points: Vec<(f64, f64)>,
    /// Rows per bin.
    pub counts: Vec<u64>,
    /// "10 equal-width bins" / "10 equal-count bins".
    pub bins_text: String,
}

/// The reliability diagram: the model's bins as dots joined by a line over
/// the "perfectly calibrated" diagonal; hover tells each bin's mean score,
/// positive share and rows.
pub fn reliability_chart(r: &ReliabilityInput, width: f32, height: f32, theme: &Theme) -> Chart {
    let color = theme.model(r.color_slot);
    let markers = r
        .points
        .iter()
        .zip(&r.counts)
        .map(|(&(x, y), &n)| Marker {
            x,
            y,
            color,
            label: theme.fill(
                "mean score {}, positives {} of {} rows",
                &[&format_fixed(x, 3), &format_percent(y), &n],
            ),
        })
        .collect();
    let curve = Curve::new(r.name.clone(), r.color_slot, r.points.clone());
    let counts = r.counts.iter().map(|&c| c as f64).collect();
    let plot = XyPlot {
        title: theme.fill("Reliability curve · {}", &[&r.bins_text]),
        x: unit_axis(theme.say("Mean predicted probability in the bin"), theme.say("score")),
        y: unit_axis(theme.say("Share of positives in the bin"), theme.say("positives")),
        lines: vec![
            reference(theme.say("Perfectly calibrated"), vec![(0.0, 0.0), (1.0, 1.0)], theme),
            model_line(&curve, Some((theme.say("rows").into(), counts)), theme),
        ],
        markers,
        empty_text: theme.say("no bins to show").into(),
        ..XyPlot::default()
    };
    xy_chart(&plot, width, height, theme)
}

/// A point to mark on a gain or lift curve (the top 1 / 5 / 10 %).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopMark {
    /// Share of rows, x.
    pub top: f64,
    /// The curve's value there, y.
    pub value: f64,
    /// Hover text.
    pub label: String,
    /// Palette slot of the model.
    pub color_slot: usize,
}

fn top_markers(marks: &[TopMark], theme: &Theme) -> Vec<Marker> {
    marks
        .iter()
        .map(|m| Marker {
            x: m.top,
            y: m.value,
            color: theme.model(m.color_slot),
            label: m.label.clone(),
        })
        .collect()
}

/// Cumulative gain curves (share of rows taken from the top scores on x,
/// share of all positives they hold on y) over the random diagonal and the
/// perfect model's curve (every positive first: up to 1 at the positive
/// rate), with marks at the top shares.
pub fn gain_chart(
    curves: &[Curve],
    positive_rate: f64,
    marks: &[TopMark],
    width: f32,
    height: f32,
    theme: &Theme,
) -> Chart {
    let mut lines = vec![reference(theme.say("Random"), vec![(0.0, 0.0), (1.0, 1.0)], theme)];
    if positive_rate > 0.0 && positive_rate <= 1.0 {
        lines.push(LineSeries {
            name: theme.say("Perfect").into(),
            dash: Some(vec![1.5, 3.0]),
            ..reference("", vec![(0.0, 0.0), (positive_rate, 1.0), (1.0, 1.0)], theme)
        });
    }
    lines.extend(model_lines(curves, |c| model_line(c, None, theme)));
    let plot = XyPlot {
        title: theme.say("Cumulative gain").into(),
        x: unit_axis(theme.say("Share of rows, highest scores first"), theme.say("rows")),
        y: unit_axis(theme.say("Share of all positives found"), theme.say("positives")),
        lines,
        markers: top_markers(marks, theme),
        empty_text: theme.say("no curve to show").into(),
        ..XyPlot::default()
    };
    xy_chart(&plot, width, height, theme)
}

/// Lift curves (share of rows on x, positive rate in the top share ÷ the
/// overall positive rate on y) over the random baseline 1, marks at the
/// top shares. The x axis is log10 from the first share shown: the few top
/// rows, where lift matters, get the room.
pub fn lift_chart(curves: &[Curve], marks: &[TopMark], width: f32, height: f32, theme: &Theme) -> Chart {
    let first = curves
        .iter()
        .flat_map(|c| c.points.first().map(|p| p.0))
        .fold(1.0f64, f64::min)
        .clamp(1e-4, 0.01);
    let mut lines = vec![reference(
        theme.say("Random (lift 1)"),
        vec![(first, 1.0), (1.0, 1.0)],
        theme,
    )];
    lines.extend(model_lines(curves, |c| model_line(c, None, theme)));
    let plot = XyPlot {
        title: theme.say("Lift").into(),
        x: Axis {
            label: theme.say("Share of rows, highest scores first (log scale)").into(),
            short: theme.say("rows").into(),
            log: true,
            domain: Some((first, 1.0)),
        },
        y: Axis {
            label: theme.say("Lift (positive rate ÷ overall rate)").into(),
            short: theme.say("lift").into(),
            log: false,
            domain: None,
        },
        lines,
        markers: top_markers(marks, theme),
        empty_text: theme.say("no curve to show").into(),
        ..XyPlot::default()
    };
    xy_chart(&plot, width, height, theme)
}

/// One bar of a horizontal bar chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    /// The feature, written left of its bar (cut with … to fit).
    pub label: String,
    /// The bar's length, signed.
    pub value: f64,
    /// A spread drawn as a whisker `value ± spread` (the std over repeats).
    pub spread: Option<f64>,
    /// Hover text.
    pub hover: String,
}

/// What a horizontal bar chart shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct BarsInput {
    /// Title.
    pub title: String,
    /// The value axis' label, with its unit.
    pub value_label: String,
    /// Bars, top to bottom.
    pub bars: Vec<Bar>,
    /// Colour bars by sign (positive class colour right of 0, negative
    /// left) instead of one model colour.
    pub by_sign: bool,
    /// Palette slot of the model (bars not coloured by sign).
    pub color_slot: usize,
    /// Shown when there are no bars.
    pub empty_text: String,
}

/// Rows drawn at most; the rest are counted under the chart.
const MAX_BARS: usize = 15;

/// Horizontal bars from a zero line, one row per feature (at most 15, the
/// first ones; a note says how many more), whiskers for the spread, value
/// ticks along the bottom.
pub fn bars_chart(b: &BarsInput, width: f32, height: f32, theme: &Theme) -> Chart {
    let shown = &b.bars[..b.bars.len().min(MAX_BARS)];
    let hidden = b.bars.len() - shown.len();
    let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for bar in shown {
        let s = bar.spread.map(finite).unwrap_or(0.0).abs();
        lo = lo.min(finite(bar.value) - s);
        hi = hi.max(finite(bar.value) + s);
    }
    if hi - lo <= 0.0 {
        hi = lo + 1.0;
    }
    let pad = (hi - lo) * 0.04;
    let domain = (
        if lo < 0.0 { lo - pad } else { 0.0 },
        if hi > 0.0 { hi + pad } else { 0.0 },
    );
    let label_w = shown
        .iter()
        .map(|bar| text_width(&bar.label, TICK_SIZE))
        .fold(0.0, f32::max);
    let probe = Scale::linear(domain, (0.0, width as f64)).ticks(5);
    let overhang = probe.last().map_or(0.0, |t| text_width(&t.label, TICK_SIZE) / 2.0);
    let x_label = if hidden > 0 {
        theme.fill("{} · {} more not shown", &[&b.value_label, &hidden])
    } else {
        b.value_label.clone()
    };
    let frame = Frame::new(width, height, &b.title, &x_label, "", label_w, overhang, 0.0);
    let plot = frame.plot;
    let xs = Scale::linear(domain, (plot.x as f64, plot.right() as f64));
    let mut ops = frame.chrome_ops(theme);
    let mut hits = Vec::new();
    // Value ticks and grid.
    let ticks = Scale::linear(domain, (plot.x as f64, plot.right() as f64)).ticks(if plot.w < 260.0 { 3 } else { 5 });
    for t in ticks.iter().filter(|t| t.major && xs.contains(t.value)) {
        let x = crisp(xs.map(t.value) as f32, 1.0);
        ops.push(line(vec![[x, plot.y], [x, plot.bottom()]], theme.grid, 1.0, None));
        ops.push(line(
            vec![[x, plot.bottom()], [x, plot.bottom() + TICK_LEN]],
            theme.axis,
            1.0,
            None,
        ));
        ops.push(text(
            x,
            plot.bottom() + TICK_LEN + 3.0,
            &t.label,
            TICK_SIZE,
            theme.text,
            Align::Center,
            Baseline::Top,
            0.0,
            Weight::Normal,
        ));
    }
    let row_h = plot.h / shown.len().max(1) as f32;
    let thick = (row_h * 0.62).clamp(2.0, 22.0);
    let zero = xs.map(0.0) as f32;
    let max_label = (plot.x - TICK_LEN - 6.0).max(20.0);
    for (i, bar) in shown.iter().enumerate() {
        let cy = plot.y + row_h * (i as f32 + 0.5);
        let v = finite(bar.value);
        let color: Color = if b.by_sign {
            if v >= 0.0 {
                theme.positive
            } else {
                theme.negative
            }
        } else {
            theme.model(b.color_slot)
        };
        let end = xs.map(v) as f32;
        let (x0, x1) = if end >= zero { (zero, end) } else { (end, zero) };
        ops.push(DrawOp::Rect {
            x: x0,
            y: cy - thick / 2.0,
            w: (x1 - x0).max(1.0),
            h: thick,
            fill: Some(color.with_alpha(0.8)),
            stroke: None,
        });
        if let Some(s) = bar.spread.filter(|s| s.is_finite() && *s > 0.0) {
            let (a, z) = (xs.map(v - s) as f32, xs.map(v + s) as f32);
            ops.push(line(vec![[a, cy], [z, cy]], theme.text, 1.2, None));
            for x in [a, z] {
                ops.push(line(
                    vec![[x, cy - thick / 4.0], [x, cy + thick / 4.0]],
                    theme.text,
                    1.2,
                    None,
                ));
            }
        }
        if row_h >= TICK_SIZE * 0.9 || i % 2 == 0 {
            // A name too long for the label column wraps (after `_`) onto
            // a second line when the row is tall enough, else is cut.
            let lines = wrap_text(
                &bar.label,
                TICK_SIZE,
                max_label,
                if row_h >= TICK_SIZE * 2.2 { 2 } else { 1 },
            );
            let line_h = TICK_SIZE * 1.05;
            for (k, l) in lines.iter().enumerate() {
                ops.push(text(
                    plot.x - TICK_LEN - 3.0,
                    cy + (k as f32 - (lines.len() as f32 - 1.0) / 2.0) * line_h,
                    l,
                    TICK_SIZE,
                    theme.text,
                    Align::Right,
                    Baseline::Middle,
                    0.0,
                    Weight::Normal,
                ));
            }
        }
        hits.push(Hit {
            x: end,
            y: cy,
            label: bar.hover.clone(),
        });
    }
    let z = crisp(zero, 1.0);
    ops.push(line(vec![[z, plot.y], [z, plot.bottom()]], theme.axis, 1.0, None));
    if shown.is_empty() {
        ops.push(text(
            plot.x + plot.w / 2.0,
            plot.y + plot.h / 2.0,
            &b.empty_text,
            LABEL_SIZE,
            theme.muted,
            Align::Center,
            Baseline::Middle,
            0.0,
            Weight::Normal,
        ));
    }
    // Every bar (shown or not) as a one-row series named by its feature.
    let data = b
        .bars
        .iter()
        .map(|bar| SeriesData {
            name: bar.label.clone(),
            columns: vec!["value".into(), "spread".into()],
            rows: vec![vec![bar.value, bar.spread.unwrap_or(f64::NAN)]],
        })
        .collect();
    Chart {
        width: frame.width,
        height: frame.height,
        plot,
        x: Some(xs),
        y: None,
        ops,
        hits,
        data,
        legend: None,
    }
}

/// "+0.523" / "−0.114": a signed value as bar hovers write it.
pub fn signed(v: f64) -> String {
    let s = format_sig3(v.abs());
    if v < 0.0 {
        format!("−{s}")
    } else {
        format!("+{s}")
    }
}
