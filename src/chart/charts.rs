//! The product's x–y charts as pure functions from plain numbers to a
//! [`Chart`]: ROC, precision–recall, score distributions by class,
//! precision/recall/F1 vs threshold, the KS curve and the training history.
//! Each says what to plot; the [`xy`](super::xy) engine lays it out. Knows
//! nothing of how the numbers were computed (the metrics module) or drawn.

use serde::{Deserialize, Serialize};

use super::theme::Theme;
use super::ticks::{format_count, format_fixed, format_percent};
use super::xy::{xy_chart, Annotation, Axis, BarSeries, LineSeries, Marker, XyPlot, DASH, REF_DASH};
use super::Chart;

/// One model's curve (or one training-history series).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Curve {
    /// Legend name; put the summary in it (`"Logistic · AUC 0.974"`).
    pub name: String,
    /// The model's palette slot, the same in every chart
    /// ([`Theme::model`]).
    pub color_slot: usize,
    /// Points in data units, in drawing order.
    pub points: Vec<(f64, f64)>,
    /// Draw dashed (validation series).
    pub dashed: bool,
    /// The threshold of each point, shown on hover; ignored unless as long
    /// as `points`.
    pub thresholds: Option<Vec<f64>>,
    /// The operating point at the current threshold, drawn as a dot.
    pub marker: Option<(f64, f64)>,
}

impl Curve {
    /// A solid curve without thresholds or marker.
    pub fn new(name: impl Into<String>, color_slot: usize, points: Vec<(f64, f64)>) -> Curve {
        Curve {
            name: name.into(),
            color_slot,
            points,
            ..Curve::default()
        }
    }
}

/// The operating point of a curve at threshold `t` under the rule
/// "predict positive when score ≥ t": the point whose threshold is the
/// smallest one ≥ `t` (curve thresholds are the distinct scores, as
/// scikit-learn's `roc_curve` / `precision_recall_curve` return them, in
/// any order). `None` when no threshold is ≥ `t`, when `t` is NaN, or when
/// `thresholds` and `points` differ in length.
///
/// With scikit-learn's leading `inf` threshold on ROC curves, a `t` above
/// every score gives the `(0, 0)` point, as it should.
pub fn operating_point(points: &[(f64, f64)], thresholds: &[f64], t: f64) -> Option<(f64, f64)> {
    if points.len() != thresholds.len() || t.is_nan() {
        return None;
    }
    let mut best: Option<(f64, usize)> = None;
    for (i, &th) in thresholds.iter().enumerate() {
        if th >= t && best.is_none_or(|(b, _)| th < b) {
            best = Some((th, i));
        }
    }
    best.map(|(_, i)| points[i])
}

const CURVE_WIDTH: f32 = 2.0;

fn model_line(c: &Curve, theme: &Theme) -> LineSeries {
    LineSeries {
        name: c.name.clone(),
        color: theme.model(c.color_slot),
        width: CURVE_WIDTH,
        dash: c.dashed.then(|| DASH.to_vec()),
        points: c.points.clone(),
        extra: c.thresholds.clone().map(|t| (theme.say("threshold").to_string(), t)),
        legend: true,
        hover: true,
        marker: None,
    }
}

/// Each curve's line, in its model slot's dash and marker
/// ([`LineSeries::styled`]) when the curves show two models or more (a
/// lone model keeps a plain line: nothing to tell apart) and none is a
/// `dashed` validation series (there the dash already says which rows).
pub(super) fn model_lines(curves: &[Curve], line: impl Fn(&Curve) -> LineSeries) -> Vec<LineSeries> {
    let mut slots: Vec<usize> = curves.iter().map(|c| c.color_slot).collect();
    slots.sort_unstable();
    slots.dedup();
    let several = slots.len() >= 2 && !curves.iter().any(|c| c.dashed);
    curves
        .iter()
        .map(|c| {
            let l = line(c);
            if several {
                l.styled(c.color_slot, false)
            } else {
                l
            }
        })
        .collect()
}

/// A reference line (chance, prevalence): dashed, in the theme's reference colour, not hoverable.
pub(super) fn reference(name: &str, points: Vec<(f64, f64)>, theme: &Theme) -> LineSeries {
    LineSeries {
        name: name.to_string(),
        color: theme.reference,
        width: 1.5,
        dash: Some(REF_DASH.to_vec()),
        points,
        extra: None,
        legend: true,
        hover: false,
        marker: None,
    }
}

fn threshold_text(t: Option<f64>, theme: &Theme) -> String {
    t.filter(|t| t.is_finite())
        .map(|t| theme.fill("threshold {}", &[&format_fixed(t, 2)]))
        .unwrap_or_default()
}

fn operating_markers(curves: &[Curve], threshold: Option<f64>, xs: &str, ys: &str, theme: &Theme) -> Vec<Marker> {
    curves
        .iter()
        .filter_map(|c| {
            let (x, y) = c.marker?;
            let at = threshold
                .filter(|t| t.is_finite())
                .map(|t| theme.fill(" at threshold {}", &[&format_fixed(t, 2)]))
                .unwrap_or_default();
            Some(Marker {
                x,
                y,
                color: theme.model(c.color_slot),
                label: theme.fill(
                    "{}{}: {} {}, {} {}",
                    &[&c.name, &at, &xs, &format_fixed(x, 3), &ys, &format_fixed(y, 3)],
                ),
            })
        })
        .collect()
}

fn unit_axis(label: &str, short: &str) -> Axis {
    Axis {
        label: label.to_string(),
        short: short.to_string(),
        log: false,
        domain: Some((0.0, 1.0)),
    }
}

fn titled(base: &str, threshold: Option<f64>, has_markers: bool, theme: &Theme) -> String {
    match threshold.filter(|t| t.is_finite()) {
        Some(t) if has_markers => theme.fill("{} · dots at threshold {}", &[&base, &format_fixed(t, 2)]),
        _ => base.to_string(),
    }
}

/// ROC curves (FPR on x, TPR on y, both `[0, 1]`) of several models over
/// the chance diagonal, each model's operating point at `threshold`
/// (its [`Curve::marker`]) drawn as a dot.
pub fn roc_chart(curves: &[Curve], threshold: Option<f64>, width: f32, height: f32, theme: &Theme) -> Chart {
    let markers = operating_markers(curves, threshold, "FPR", "TPR", theme);
    let mut lines = vec![reference(theme.say("Chance"), vec![(0.0, 0.0), (1.0, 1.0)], theme)];
    lines.extend(model_lines(curves, |c| model_line(c, theme)));
    let plot = XyPlot {
        title: titled(theme.say("ROC curve"), threshold, !markers.is_empty(), theme),
        x: unit_axis(theme.say("False positive rate (FP ÷ actual negatives)"), "FPR"),
        y: unit_axis(theme.say("True positive rate (TP ÷ actual positives)"), "TPR"),
        lines,
        markers,
        empty_text: theme.say("no curve to show").into(),
        square: true,
        ..XyPlot::default()
    };
    xy_chart(&plot, width, height, theme)
}

/// Precision–recall curves (recall on x, precision on y, both `[0, 1]`)
/// over the no-skill baseline `precision = positive_rate` (the share of
/// positives; skipped when not in `[0, 1]`), operating points as dots.
pub fn pr_chart(
    curves: &[Curve],
    positive_rate: f64,
    threshold: Option<f64>,
    width: f32,
    height: f32,
    theme: &Theme,
) -> Chart {
    let markers = operating_markers(curves, threshold, theme.say("recall"), theme.say("precision"), theme);
    let mut lines = Vec::new();
    if (0.0..=1.0).contains(&positive_rate) {
        lines.push(reference(
            &theme.fill("Chance (positive rate {})", &[&format_percent(positive_rate)]),
            vec![(0.0, positive_rate), (1.0, positive_rate)],
            theme,
        ));
    }
    lines.extend(model_lines(curves, |c| model_line(c, theme)));
    let plot = XyPlot {
        title: titled(
            theme.say("Precision–recall curve"),
            threshold,
            !markers.is_empty(),
            theme,
        ),
        x: unit_axis(theme.say("Recall (TP ÷ actual positives)"), theme.say("recall")),
        y: unit_axis(
            theme.say("Precision (TP ÷ predicted positives)"),
            theme.say("precision"),
        ),
        lines,
        markers,
        empty_text: theme.say("no curve to show").into(),
        ..XyPlot::default()
    };
    xy_chart(&plot, width, height, theme)
}

/// Scores binned on shared bins, counted per class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ScoreHistogram {
    /// Bin edges, ascending, one more than bins; bin `i` is
    /// `[edges[i], edges[i+1])`, the last bin closed.
    pub edges: Vec<f64>,
    /// Negative rows per bin.
    pub negatives: Vec<u64>,
    /// Positive rows per bin.
    pub positives: Vec<u64>,
}

impl ScoreHistogram {
    /// Bins `scores` (label `true` = positive) into `bins` equal bins
    /// (clamped to 1–1000) over `[0, 1]` when every score lies there, else
    /// over the scores' range (`[v − 0.5, v + 0.5]` when all are equal).
    /// Non-finite scores are skipped; extra scores or labels beyond the
    /// shorter slice are ignored.
    pub fn from_scores(scores: &[f64], labels: &[bool], bins: usize) -> ScoreHistogram {
        let bins = bins.clamp(1, 1000);
        let finite = || scores.iter().zip(labels).filter(|(s, _)| s.is_finite());
        let (mut lo, mut hi) = finite().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (s, _)| {
            (a.min(*s), b.max(*s))
        });
        if lo > hi || (lo >= 0.0 && hi <= 1.0) {
            (lo, hi) = (0.0, 1.0);
        } else if lo == hi {
            (lo, hi) = (lo - 0.5, hi + 0.5);
        }
        let span = hi - lo;
        let edges: Vec<f64> = (0..=bins).map(|i| lo + span * i as f64 / bins as f64).collect();
        let mut negatives = vec![0u64; bins];
        let mut positives = vec![0u64; bins];
        for (s, &y) in finite() {
            let k = (((s - lo) / span) * bins as f64).floor();
            let k = if k.is_finite() {
                (k.max(0.0) as usize).min(bins - 1)
            } else {
                0
            };
            if y {
                positives[k] += 1;
            } else {
                negatives[k] += 1;
            }
        }
        ScoreHistogram {
            edges,
            negatives,
            positives,
        }
    }
}

/// Score distributions by class: the negatives' and positives' histograms
/// overlaid on shared bins (translucent, each with a step outline), the
/// count axis linear or log10 (`log_count`, so a 0.17 % minority is
/// visible), the threshold as a dashed line.
pub fn score_distribution_chart(
    hist: &ScoreHistogram,
    log_count: bool,
    threshold: Option<f64>,
    width: f32,
    height: f32,
    theme: &Theme,
) -> Chart {
    let bars = |counts: &[u64]| -> Vec<(f64, f64, f64)> {
        hist.edges
            .windows(2)
            .zip(counts)
            .map(|(e, &c)| (e[0], e[1], c as f64))
            .collect()
    };
    let n_neg: u64 = hist.negatives.iter().sum();
    let n_pos: u64 = hist.positives.iter().sum();
    let plot = XyPlot {
        title: theme.say("Score distribution by class").into(),
        x: Axis {
            label: theme.say("Score (predicted probability of the positive class)").into(),
            short: theme.say("score").into(),
            log: false,
            domain: None,
        },
        y: Axis {
            label: if log_count {
                theme.say("Rows per bin (log scale)").into()
            } else {
                theme.say("Rows per bin").into()
            },
            short: theme.say("rows").into(),
            log: log_count,
            domain: None,
        },
        bars: vec![
            BarSeries {
                name: theme.fill("Negatives (n = {})", &[&format_count(n_neg)]),
                color: theme.negative.with_alpha(0.45),
                outline: Some(theme.negative),
                bins: bars(&hist.negatives),
                legend: true,
            },
            BarSeries {
                name: theme.fill("Positives (n = {})", &[&format_count(n_pos)]),
                color: theme.positive.with_alpha(0.45),
                outline: Some(theme.positive),
                bins: bars(&hist.positives),
                legend: true,
            },
        ],
        threshold,
        threshold_label: threshold_text(threshold, theme),
        empty_text: theme.say("no scores to show").into(),
        ..XyPlot::default()
    };
    xy_chart(&plot, width, height, theme)
}

/// Precision, recall and F1 at each threshold (parallel arrays; NaN where
/// a metric is undefined, e.g. precision with no predicted positive).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ThresholdCurves {
    /// Thresholds (any order).
    pub thresholds: Vec<f64>,
    /// Precision at each threshold.
    pub precision: Vec<f64>,
    /// Recall at each threshold.
    pub recall: Vec<f64>,
    /// F1 at each threshold.
    pub f1: Vec<f64>,
}

/// `(threshold, value)` pairs sorted by threshold, finite only.
fn by_threshold(t: &[f64], v: &[f64]) -> Vec<(f64, f64)> {
    let mut p: Vec<(f64, f64)> = t
        .iter()
        .zip(v)
        .map(|(&a, &b)| (a, b))
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .collect();
    p.sort_by(|a, b| a.0.total_cmp(&b.0));
    p
}

/// Linear interpolation of sorted `(x, y)` at `x`; `None` outside or empty.
fn interpolate(p: &[(f64, f64)], x: f64) -> Option<f64> {
    if !x.is_finite() {
        return None;
    }
    let i = p.partition_point(|q| q.0 < x);
    if i < p.len() && p[i].0 == x {
        return Some(p[i].1);
    }
    if i == 0 || i == p.len() {
        return None;
    }
    let (a, b) = (p[i - 1], p[i]);
    Some(a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0))
}

/// Precision, recall and F1 against the threshold (x and y in `[0, 1]`),
/// the current threshold as a dashed line with a dot on each curve.
pub fn threshold_metrics_chart(
    c: &ThresholdCurves,
    threshold: Option<f64>,
    width: f32,
    height: f32,
    theme: &Theme,
) -> Chart {
    let series = [
        (theme.say("Precision"), &c.precision, theme.model(0), 2.0),
        (theme.say("Recall"), &c.recall, theme.model(1), 2.0),
        ("F1", &c.f1, theme.model(2), 2.5),
    ];
    let mut lines = Vec::new();
    let mut markers = Vec::new();
    for (name, v, color, width) in series {
        let pts = by_threshold(&c.thresholds, v);
        if let Some(t) = threshold {
            if let Some(y) = interpolate(&pts, t) {
                markers.push(Marker {
                    x: t,
                    y,
                    color,
                    label: theme.fill(
                        "{} at threshold {}: {}",
                        &[&name, &format_fixed(t, 2), &format_fixed(y, 3)],
                    ),
                });
            }
        }
        lines.push(LineSeries {
            name: name.into(),
            color,
            width,
            dash: None,
            points: pts,
            extra: None,
            legend: true,
            hover: true,
            marker: None,
        });
    }
    let plot = XyPlot {
        title: theme.say("Precision, recall and F1 vs threshold").into(),
        x: unit_axis(theme.say("Threshold (predict positive when score ≥ t)"), "t"),
        y: unit_axis(theme.say("Metric value (0–1)"), theme.say("value")),
        lines,
        markers,
        threshold,
        threshold_label: threshold_text(threshold, theme),
        empty_text: theme.say("no thresholds to show").into(),
        ..XyPlot::default()
    };
    xy_chart(&plot, width, height, theme)
}

/// TPR and FPR at each threshold (parallel arrays, any order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct KsInput {
    /// Thresholds.
    pub thresholds: Vec<f64>,
    /// Share of positives scored ≥ threshold.
    pub tpr: Vec<f64>,
    /// Share of negatives scored ≥ threshold.
    pub fpr: Vec<f64>,
}

/// The KS gap: `(threshold, fpr, tpr)` where `|TPR − FPR|` is largest
/// (the first such threshold in ascending order), `None` without a
/// finite triple. KS = `|tpr − fpr|`.
pub fn ks_gap(k: &KsInput) -> Option<(f64, f64, f64)> {
    let mut best: Option<(f64, f64, f64)> = None;
    let mut rows: Vec<(f64, f64, f64)> = k
        .thresholds
        .iter()
        .zip(&k.fpr)
        .zip(&k.tpr)
        .map(|((&t, &f), &p)| (t, f, p))
        .filter(|(t, f, p)| t.is_finite() && f.is_finite() && p.is_finite())
        .collect();
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    for r in rows {
        if best.is_none_or(|b| (r.2 - r.1).abs() > (b.2 - b.1).abs()) {
            best = Some(r);
        }
    }
    best
}

/// The KS curve: TPR (positive-class colour) and FPR (negative-class
/// colour) against the threshold, the largest gap as a labelled vertical
/// segment (`KS 0.72 at t = 0.31`), the current threshold dashed.
pub fn ks_chart(k: &KsInput, threshold: Option<f64>, width: f32, height: f32, theme: &Theme) -> Chart {
    let tpr = by_threshold(&k.thresholds, &k.tpr);
    let fpr = by_threshold(&k.thresholds, &k.fpr);
    let gap = ks_gap(k);
    let mut title = theme.say("KS curve").to_string();
    let mut annotations = Vec::new();
    if let Some((t, f, p)) = gap {
        let ks = (p - f).abs();
        title = theme.fill("KS curve · KS {}", &[&format_fixed(ks, 3)]);
        annotations.push(Annotation {
            from: (t, f),
            to: (t, p),
            color: theme.text,
            text: theme.fill("KS {} at t = {}", &[&format_fixed(ks, 3), &format_fixed(t, 2)]),
        });
    }
    let mut markers = Vec::new();
    for (name, pts, color) in [("TPR", &tpr, theme.positive), ("FPR", &fpr, theme.negative)] {
        if let Some(y) = threshold.and_then(|t| interpolate(pts, t)) {
            let t = threshold.unwrap_or_default();
            markers.push(Marker {
                x: t,
                y,
                color,
                label: theme.fill(
                    "{} at threshold {}: {}",
                    &[&name, &format_fixed(t, 2), &format_fixed(y, 3)],
                ),
            });
        }
    }
    let line = |name: &str, pts: Vec<(f64, f64)>, color| LineSeries {
        name: name.into(),
        color,
        width: CURVE_WIDTH,
        dash: None,
        points: pts,
        extra: None,
        legend: true,
        hover: true,
        marker: None,
    };
    let plot = XyPlot {
        title,
        x: unit_axis(theme.say("Threshold (predict positive when score ≥ t)"), "t"),
        y: unit_axis(theme.say("Share of class with score ≥ t"), theme.say("share")),
        lines: vec![
            line(theme.say("TPR (positives)"), tpr, theme.positive),
            line(theme.say("FPR (negatives)"), fpr, theme.negative),
        ],
        annotations,
        markers,
        threshold,
        threshold_label: threshold_text(threshold, theme),
        empty_text: theme.say("no thresholds to show").into(),
        ..XyPlot::default()
    };
    xy_chart(&plot, width, height, theme)
}

/// Training history: one [`Curve`] per series with `(epoch, value)`
/// points (validation series `dashed`), the y axis log10 when `log_y`
/// (values ≤ 0 are then skipped). `y_label` names the value with its unit
/// (`"Log loss (nats, log scale)"`).
pub fn history_chart(curves: &[Curve], y_label: &str, log_y: bool, width: f32, height: f32, theme: &Theme) -> Chart {
    let plot = XyPlot {
        title: theme.say("Training history").into(),
        x: Axis {
            label: theme.say("Epoch").into(),
            short: theme.say("epoch").into(),
            log: false,
            domain: None,
        },
        y: Axis {
            label: y_label.into(),
            short: theme.say("value").into(),
            log: log_y,
            domain: None,
        },
        lines: model_lines(curves, |c| model_line(c, theme)),
        empty_text: theme.say("no epochs yet").into(),
        ..XyPlot::default()
    };
    xy_chart(&plot, width, height, theme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_bins_and_edges() {
        // 4 bins on [0,1]: 0.1→0, 0.3→1, 0.5→2, 1.0→3 (last bin closed).
        let h = ScoreHistogram::from_scores(&[0.1, 0.3, 0.5, 1.0, f64::NAN], &[false, false, true, true, true], 4);
        assert_eq!(h.edges, vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(h.negatives, vec![1, 1, 0, 0]);
        assert_eq!(h.positives, vec![0, 0, 1, 1]);
        let h = ScoreHistogram::from_scores(&[3.0, 3.0], &[true, false], 0);
        assert_eq!(h.edges, vec![2.5, 3.5]);
        assert_eq!((h.negatives[0], h.positives[0]), (1, 1));
        let h = ScoreHistogram::from_scores(&[], &[], 10);
        assert_eq!(h.edges.len(), 11);
    }

    #[test]
    fn ks_gap_is_the_largest_difference() {
        let k = KsInput {
            thresholds: vec![0.9, 0.1, 0.5],
            tpr: vec![0.2, 1.0, 0.8],
            fpr: vec![0.0, 0.9, 0.1],
        };
        // |TPR − FPR|: t=0.1 → 0.1, t=0.5 → 0.7, t=0.9 → 0.2.
        assert_eq!(ks_gap(&k), Some((0.5, 0.1, 0.8)));
        assert_eq!(ks_gap(&KsInput::default()), None);
    }

    #[test]
    fn operating_point_takes_the_smallest_threshold_at_or_above_t() {
        // Scores 0.9 (pos), 0.6 (neg), 0.4 (pos), 0.2 (neg): sklearn's
        // roc_curve(drop_intermediate=False) gives thresholds
        // [inf, 0.9, 0.6, 0.4, 0.2] and points (0,0) (0,.5) (.5,.5) (.5,1) (1,1).
        let pts = [(0.0, 0.0), (0.0, 0.5), (0.5, 0.5), (0.5, 1.0), (1.0, 1.0)];
        let thr = [f64::INFINITY, 0.9, 0.6, 0.4, 0.2];
        // t = 0.5: predicted positive = {0.9, 0.6} → FPR 0.5, TPR 0.5.
        assert_eq!(operating_point(&pts, &thr, 0.5), Some((0.5, 0.5)));
        // t = 0.6 exactly: score ≥ 0.6 still includes 0.6.
        assert_eq!(operating_point(&pts, &thr, 0.6), Some((0.5, 0.5)));
        assert_eq!(operating_point(&pts, &thr, 0.95), Some((0.0, 0.0)));
        assert_eq!(operating_point(&pts, &thr, 0.0), Some((1.0, 1.0)));
        assert_eq!(operating_point(&pts, &thr[1..], 0.5), None);
        assert_eq!(operating_point(&pts, &thr, f64::NAN), None);
    }

    #[test]
    fn interpolation() {
        let p = [(0.0, 0.0), (0.5, 1.0), (1.0, 0.0)];
        assert_eq!(interpolate(&p, 0.25), Some(0.5));
        assert_eq!(interpolate(&p, 0.5), Some(1.0));
        assert_eq!(interpolate(&p, 1.5), None);
        assert_eq!(interpolate(&[], 0.5), None);
    }
}
