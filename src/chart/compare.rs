//! The comparison view's charts: ROC and precision–recall curves of several
//! models, each model in its Okabe–Ito colour, dash pattern and marker
//! shape ([`style`](super::style)), test curves by default and training
//! curves on demand (thin, hollow markers), the multi-panel training
//! history (loss on a log axis, PR-AUC, precision, recall; training thin
//! and hollow beside validation), the
//! single-model loss history of the live training chart, and which model
//! wins each column of the metrics table. Plain numbers in, a [`Chart`] out,
//! laid out by the [`xy`](super::xy) engine. Knows nothing of how the
//! models were trained or the metrics computed, nor of the canvas.

use serde::{Deserialize, Serialize};

use super::draw::{text_width, Align, Baseline, DrawOp, PxRect, Weight};
use super::style::{model_style, TRAIN_WIDTH};
use super::theme::Theme;
use super::ticks::{format_fixed, format_percent};
use super::xy::{marker_op, xy_chart, Axis, LineSeries, XyPlot, DASH, REF_DASH};
use super::{Chart, Curve, Hit};

const CURVE_WIDTH: f32 = 2.0;

/// One model's curve on the training rows and on the test rows (ROC or PR
/// points in data units, thresholds for hover), with the summary shown in
/// the legend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TrainTest {
    /// The model's name.
    pub name: String,
    /// Palette slot, the same in every chart of the view.
    pub color_slot: usize,
    /// Curve on the training rows (drawn thin, hollow markers, when asked
    /// for); may be empty.
    pub train: Curve,
    /// Curve on the test rows; may be empty.
    pub test: Curve,
    /// The area under each curve (train, test), for the legend.
    pub auc: (Option<f64>, Option<f64>),
}

fn line(name: String, color: super::Color, c: &Curve, legend: bool, theme: &Theme) -> LineSeries {
    LineSeries {
        name,
        color,
        width: CURVE_WIDTH,
        dash: None,
        points: c.points.clone(),
        extra: c.thresholds.clone().map(|t| (theme.say("threshold").to_string(), t)),
        legend,
        hover: true,
        marker: None,
    }
}

/// A legend-only line (no points): a key entry.
fn key(name: String, color: super::Color) -> LineSeries {
    LineSeries {
        name,
        color,
        width: CURVE_WIDTH,
        dash: None,
        points: Vec::new(),
        extra: None,
        legend: true,
        hover: false,
        marker: None,
    }
}

/// The two keys saying which rows a line shows, when both sets are drawn:
/// held-out rows `held_out` in full with filled markers, training rows
/// thin with hollow ones (each in the muted ink, circle markers).
fn set_keys(held_out: &str, theme: &Theme) -> [LineSeries; 2] {
    [
        key(theme.fill("{} (filled)", &[&held_out]), theme.muted).styled(0, false),
        key(theme.say("train (hollow)").into(), theme.muted).styled(0, true),
    ]
}

/// The model lines of a train/test overlay: every model's test curve in
/// its colour, dash and marker ([`LineSeries::styled`]), with one legend
/// entry per model (`"baseline · ROC-AUC 0.912"`); with `train`, also each
/// training curve, thin with hollow markers and drawn first (under the
/// test curves), the legend giving `train / test`, and two keys saying
/// which is which.
fn overlay_lines(models: &[TrainTest], metric: &str, train: bool, theme: &Theme) -> Vec<LineSeries> {
    let v = |x: Option<f64>| x.map_or("—".to_string(), |v| format_fixed(v, 3));
    let mut lines = Vec::new();
    if train {
        for m in models {
            let color = theme.model(m.color_slot);
            lines.push(
                line(theme.fill("{} (train)", &[&m.name]), color, &m.train, false, theme).styled(m.color_slot, true),
            );
        }
    }
    for m in models {
        let color = theme.model(m.color_slot);
        lines.push(line(theme.fill("{} (test)", &[&m.name]), color, &m.test, false, theme).styled(m.color_slot, false));
        let label = if train {
            format!("{} · {metric} {} / {}", m.name, v(m.auc.0), v(m.auc.1))
        } else {
            format!("{} · {metric} {}", m.name, v(m.auc.1))
        };
        lines.push(key(label, color).styled(m.color_slot, false));
    }
    if train {
        lines.extend(set_keys(theme.say("test"), theme));
    }
    lines
}

fn unit_axis(label: &str, short: &str) -> Axis {
    Axis {
        label: label.into(),
        short: short.into(),
        log: false,
        domain: Some((0.0, 1.0)),
    }
}

/// ROC curves of several models over the chance diagonal: each model's
/// test curve in its palette colour, dash and marker; with `train`, its
/// training curve too (thin, hollow markers). The legend gives the test
/// ROC-AUC (`train / test` with `train`).
pub fn train_test_roc_chart(models: &[TrainTest], train: bool, width: f32, height: f32, theme: &Theme) -> Chart {
    let mut lines = vec![LineSeries {
        name: String::new(),
        color: theme.reference,
        width: 1.5,
        dash: Some(REF_DASH.to_vec()),
        points: vec![(0.0, 0.0), (1.0, 1.0)],
        extra: None,
        legend: false,
        hover: false,
        marker: None,
    }];
    lines.extend(overlay_lines(models, "ROC-AUC", train, theme));
    let plot = XyPlot {
        title: if train {
            theme.say("ROC curves · train and test rows").into()
        } else {
            theme.say("ROC curves · test rows").into()
        },
        x: unit_axis(theme.say("False positive rate (FP ÷ actual negatives)"), "FPR"),
        y: unit_axis(theme.say("True positive rate (TP ÷ actual positives)"), "TPR"),
        lines,
        empty_text: theme.say("no curve to show").into(),
        square: true,
        ..XyPlot::default()
    };
    xy_chart(&plot, width, height, theme)
}

/// Precision–recall curves of several models, drawn as
/// [`train_test_roc_chart`]'s, over the test rows' no-skill line
/// `precision = positive_rate` (skipped when not in `[0, 1]`); the legend
/// gives the test PR-AUC (`train / test` with `train`).
pub fn train_test_pr_chart(
    models: &[TrainTest],
    train: bool,
    positive_rate: f64,
    width: f32,
    height: f32,
    theme: &Theme,
) -> Chart {
    let mut lines = Vec::new();
    if (0.0..=1.0).contains(&positive_rate) {
        lines.push(LineSeries {
            name: theme.fill("Chance (test positive rate {})", &[&format_percent(positive_rate)]),
            color: theme.reference,
            width: 1.5,
            dash: Some(REF_DASH.to_vec()),
            points: vec![(0.0, positive_rate), (1.0, positive_rate)],
            extra: None,
            legend: true,
            hover: false,
            marker: None,
        });
    }
    lines.extend(overlay_lines(models, "PR-AUC", train, theme));
    let plot = XyPlot {
        title: if train {
            theme.say("Precision–recall curves · train and test rows").into()
        } else {
            theme.say("Precision–recall curves · test rows").into()
        },
        x: unit_axis(theme.say("Recall (TP ÷ actual positives)"), theme.say("recall")),
        y: unit_axis(
            theme.say("Precision (TP ÷ predicted positives)"),
            theme.say("precision"),
        ),
        lines,
        empty_text: theme.say("no curve to show").into(),
        ..XyPlot::default()
    };
    xy_chart(&plot, width, height, theme)
}

/// One series of `(epoch, value)` points per metric, on one set of rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EpochSeries {
    /// Mean loss per epoch.
    pub loss: Vec<(f64, f64)>,
    /// PR-AUC (average precision) per epoch.
    pub pr_auc: Vec<(f64, f64)>,
    /// Precision at threshold 0.5 per epoch.
    pub precision: Vec<(f64, f64)>,
    /// Recall at threshold 0.5 per epoch.
    pub recall: Vec<(f64, f64)>,
}

/// One model's training history on the training and the validation rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ModelHistory {
    /// The model's name.
    pub name: String,
    /// Palette slot, the same in every chart of the view.
    pub color_slot: usize,
    /// Per-epoch values on the training rows.
    pub train: EpochSeries,
    /// Per-epoch values on the validation rows (empty without them).
    pub val: EpochSeries,
}

/// The panels of [`history_panels_chart`], in order: title, y label, log y.
const PANELS: [(&str, &str, bool); 4] = [
    ("Loss", "Loss (log scale)", true),
    ("PR-AUC", "PR-AUC (average precision)", false),
    ("Precision", "Precision at 0.5", false),
    ("Recall", "Recall at 0.5", false),
];

fn panel_points(s: &EpochSeries, panel: usize) -> &[(f64, f64)] {
    match panel {
        0 => &s.loss,
        1 => &s.pr_auc,
        2 => &s.precision,
        _ => &s.recall,
    }
}

/// Shifts every op and hit of `chart` by `(dx, dy)` CSS px.
fn translate(chart: Chart, dx: f32, dy: f32) -> (Vec<DrawOp>, Vec<Hit>) {
    let ops = chart
        .ops
        .into_iter()
        .map(|op| match op {
            DrawOp::Line {
                points,
                color,
                width,
                dash,
            } => DrawOp::Line {
                points: points.into_iter().map(|p| [p[0] + dx, p[1] + dy]).collect(),
                color,
                width,
                dash,
            },
            DrawOp::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => DrawOp::Rect {
                x: x + dx,
                y: y + dy,
                w,
                h,
                fill,
                stroke,
            },
            DrawOp::Circle { x, y, r, fill, stroke } => DrawOp::Circle {
                x: x + dx,
                y: y + dy,
                r,
                fill,
                stroke,
            },
            DrawOp::Text {
                x,
                y,
                text,
                size,
                color,
                align,
                baseline,
                rotate,
                weight,
            } => DrawOp::Text {
                x: x + dx,
                y: y + dy,
                text,
                size,
                color,
                align,
                baseline,
                rotate,
                weight,
            },
            DrawOp::Marker {
                x,
                y,
                r,
                shape,
                fill,
                stroke,
            } => DrawOp::Marker {
                x: x + dx,
                y: y + dy,
                r,
                shape,
                fill,
                stroke,
            },
            DrawOp::ClipRect { x, y, w, h } => DrawOp::ClipRect {
                x: x + dx,
                y: y + dy,
                w,
                h,
            },
            DrawOp::ResetClip => DrawOp::ResetClip,
        })
        .collect();
    let hits = chart
        .hits
        .into_iter()
        .map(|h| Hit {
            x: h.x + dx,
            y: h.y + dy,
            label: h.label,
        })
        .collect();
    (ops, hits)
}

/// The training histories of several models in four panels — loss (log10
/// y; values ≤ 0 skipped), PR-AUC, precision and recall against the epoch —
/// each model in its palette colour, dash and marker, training rows thin
/// with hollow markers and validation rows full with filled ones.
/// Panels sit 2 × 2 when `width` ≥ 640 px, else stacked; one key strip on
/// top names the models (a legend per panel would repeat it four times).
/// The whole chart is `width × height`, clamped to at least 160 px wide
/// and tall enough for 120 px panels (264 px 2 × 2, 504 px stacked).
pub fn history_panels_chart(models: &[ModelHistory], width: f32, height: f32, theme: &Theme) -> Chart {
    let width = if width.is_finite() { width.max(160.0) } else { 160.0 };
    let height = if height.is_finite() { height } else { 0.0 };
    let (cols, rows) = if width >= 640.0 { (2, 2) } else { (1, 4) };
    // Each panel needs the x–y engine's smallest chart (120 px high).
    let (key, key_h) = key_ops(models, width, theme);
    let height = height.max(key_h + rows as f32 * 120.0);
    let pw = (width / cols as f32).floor();
    let ph = ((height - key_h) / rows as f32).floor();
    let mut ops = vec![DrawOp::Rect {
        x: 0.0,
        y: 0.0,
        w: width,
        h: height,
        fill: Some(theme.background),
        stroke: None,
    }];
    ops.extend(key);
    let mut hits = Vec::new();
    let mut data = Vec::new();
    for (i, &(title, y_label, log)) in PANELS.iter().enumerate() {
        let mut lines = Vec::new();
        for m in models {
            let color = theme.model(m.color_slot);
            for (set, training, pts) in [
                (theme.say("training"), true, panel_points(&m.train, i)),
                (theme.say("validation"), false, panel_points(&m.val, i)),
            ] {
                let series = LineSeries {
                    name: format!("{} · {set}", m.name),
                    color,
                    width: CURVE_WIDTH,
                    dash: None,
                    points: pts.to_vec(),
                    extra: None,
                    legend: false,
                    hover: true,
                    marker: None,
                };
                lines.push(series.styled(m.color_slot, training));
            }
        }
        let plot = XyPlot {
            title: theme.say(title).into(),
            x: Axis {
                label: theme.say("Epoch").into(),
                short: theme.say("epoch").into(),
                log: false,
                domain: None,
            },
            y: Axis {
                label: theme.say(y_label).into(),
                short: theme.say(title).to_lowercase(),
                log,
                domain: if log { None } else { Some((0.0, 1.0)) },
            },
            lines,
            empty_text: theme.say("no epochs (not a neural network)").into(),
            ..XyPlot::default()
        };
        let mut sub = xy_chart(&plot, pw, ph, theme);
        // One CSV for the four panels: the series repeat, each panel's y in its own column.
        data.append(&mut sub.data);
        let (dx, dy) = ((i % cols) as f32 * pw, key_h + (i / cols) as f32 * ph);
        let (o, h) = translate(sub, dx, dy);
        ops.extend(o);
        hits.extend(h);
    }
    Chart {
        width,
        height,
        plot: PxRect {
            x: 0.0,
            y: key_h,
            w: width,
            h: height - key_h,
        },
        x: None,
        y: None,
        ops,
        hits,
        data,
        legend: None,
    }
}

/// Height of one row of the key strip.
const KEY_ROW: f32 = 24.0;

/// The key strip: a sample (the model's colour, dash and marker) and name
/// per model, then the two row-set keys, flowed left to right in as many
/// rows as `width` needs (names cut with `…` only when one alone is wider
/// than the chart). Returns the ops and the strip's height.
fn key_ops(models: &[ModelHistory], width: f32, theme: &Theme) -> (Vec<DrawOp>, f32) {
    const SIZE: f32 = 12.0;
    const SWATCH: f32 = 28.0;
    let mut entries: Vec<(String, super::Color, usize, bool)> = models
        .iter()
        .map(|m| (m.name.clone(), theme.model(m.color_slot), m.color_slot, false))
        .collect();
    if !models.is_empty() {
        entries.push((theme.say("training (hollow)").into(), theme.muted, 0, true));
        entries.push((theme.say("validation (filled)").into(), theme.muted, 0, false));
    }
    let mut ops = Vec::new();
    let (mut x, mut row) = (8.0f32, 0usize);
    for (name, color, slot, training) in entries {
        let room = (width - 16.0 - SWATCH - 4.0).max(0.0);
        let text = cut(&name, room, SIZE);
        let w = SWATCH + 4.0 + text_width(&text, SIZE) + 16.0;
        if x > 8.0 && x + w > width - 8.0 {
            x = 8.0;
            row += 1;
        }
        let y = KEY_ROW * row as f32 + KEY_ROW / 2.0;
        let style = model_style(slot);
        ops.push(DrawOp::Line {
            points: vec![[x, y], [x + SWATCH, y]],
            color,
            width: if training { TRAIN_WIDTH } else { 2.5 },
            dash: style.dash.clone(),
        });
        ops.push(marker_op([x + SWATCH / 2.0, y], style.marker(training), color, theme));
        if !text.is_empty() {
            ops.push(DrawOp::Text {
                x: x + SWATCH + 4.0,
                y,
                text,
                size: SIZE,
                color: theme.text,
                align: Align::Left,
                baseline: Baseline::Middle,
                rotate: 0.0,
                weight: Weight::Normal,
            });
        }
        x += w;
    }
    (ops, KEY_ROW * (row + 1) as f32)
}

/// Model slot `slot`'s legend sample alone, `width × height` CSS px: a
/// line in its colour and dash with its marker in the middle, on the
/// theme's background, as the charts' legends draw it (for the page's
/// per-model toggles, written as SVG).
pub fn model_sample(slot: usize, width: f32, height: f32, theme: &Theme) -> Chart {
    let (w, h) = (width.clamp(8.0, 200.0), height.clamp(8.0, 200.0));
    let style = model_style(slot);
    let color = theme.model(slot);
    let y = h / 2.0;
    Chart {
        width: w,
        height: h,
        plot: PxRect { x: 0.0, y: 0.0, w, h },
        x: None,
        y: None,
        ops: vec![
            DrawOp::Line {
                points: vec![[1.0, y], [w - 1.0, y]],
                color,
                width: CURVE_WIDTH,
                dash: style.dash.clone(),
            },
            marker_op([w / 2.0, y], style.marker(false), color, theme),
        ],
        hits: Vec::new(),
        data: Vec::new(),
        legend: None,
    }
}

/// `text` cut with `…` to at most `room` px at `size` (empty when even
/// one letter does not fit).
fn cut(text: &str, room: f32, size: f32) -> String {
    if text_width(text, size) <= room {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    for n in (1..chars.len()).rev() {
        let t: String = chars[..n].iter().collect::<String>() + "…";
        if text_width(&t, size) <= room {
            return t;
        }
    }
    String::new()
}

/// A single model's loss history, as the live training chart shows it:
/// training loss solid, validation loss dashed (when given), against
/// `x_label` (`"Epoch"`, or `"Solver iteration"` for logistic regression),
/// the y axis log10 when `log_y` (values ≤ 0 skipped).
pub fn loss_history_chart(
    x_label: &str,
    train: &[(f64, f64)],
    val: &[(f64, f64)],
    log_y: bool,
    width: f32,
    height: f32,
    theme: &Theme,
) -> Chart {
    let mut lines = vec![LineSeries {
        name: theme.say("training loss").into(),
        color: theme.model(0),
        width: CURVE_WIDTH,
        dash: None,
        points: train.to_vec(),
        extra: None,
        legend: true,
        hover: true,
        marker: None,
    }];
    if !val.is_empty() {
        lines.push(LineSeries {
            name: theme.say("validation loss").into(),
            color: theme.model(0),
            width: CURVE_WIDTH,
            dash: Some(DASH.to_vec()),
            points: val.to_vec(),
            extra: None,
            legend: true,
            hover: true,
            marker: None,
        });
    }
    let plot = XyPlot {
        title: theme.say("Training history").into(),
        x: Axis {
            label: x_label.into(),
            short: x_label.to_lowercase(),
            log: false,
            domain: None,
        },
        y: Axis {
            label: if log_y {
                theme.say("Loss (log scale)").into()
            } else {
                theme.say("Loss").into()
            },
            short: theme.say("loss").into(),
            log: log_y,
            domain: None,
        },
        lines,
        empty_text: theme.say("no steps yet").into(),
        ..XyPlot::default()
    };
    xy_chart(&plot, width, height, theme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_shortens_with_an_ellipsis() {
        assert_eq!(cut("abc", 1000.0, 12.0), "abc");
        let t = cut("a long model name indeed", 60.0, 12.0);
        assert!(t.ends_with('…') && text_width(&t, 12.0) <= 60.0, "{t}");
        assert_eq!(cut("abc", 1.0, 12.0), "");
    }
}
