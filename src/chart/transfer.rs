//! Charts of transfer mode: the DAN's training curves (classification
//! loss, MMD loss and λ per step on one log axis), its target-validation
//! ROC-AUC and KS per validation, and a 2-D projection scatter of source
//! vs target points. Plain numbers in, a [`Chart`] out; knows nothing of
//! the model, the MMD or the canvas.

use super::theme::Theme;
use super::xy::{xy_chart, Axis, LineSeries, Marker, XyPlot};
use super::Chart;

/// One training step's values (step from 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepPoint {
    pub step: f64,
    pub cls_loss: f64,
    pub mmd_loss: f64,
    pub lambda: f64,
}

/// A curve in `color` with style `style`'s dash and marker
/// ([`LineSeries::styled`]), so the curves of one chart differ without colour.
fn series(name: &str, color: super::Color, style: usize, points: Vec<(f64, f64)>) -> LineSeries {
    LineSeries {
        name: name.to_string(),
        color,
        width: 2.0,
        dash: None,
        points,
        extra: None,
        legend: true,
        hover: true,
        marker: None,
    }
    .styled(style, false)
}

/// The three training curves on a log10 y axis (a value ≤ 0, such as λ at
/// the first step, is skipped): classification loss, MMD loss, and λ
/// (dotted). Colours are palette slots 0, 1 and the reference grey; each
/// curve also has its own dash and marker.
pub fn transfer_loss_chart(steps: &[StepPoint], width: f32, height: f32, theme: &Theme) -> Chart {
    let pick = |f: fn(&StepPoint) -> f64| steps.iter().map(|s| (s.step, f(s))).collect::<Vec<_>>();
    let plot = XyPlot {
        title: theme.say("DAN training: losses and λ").into(),
        x: Axis {
            label: theme.say("Step (512 source + 512 target rows)").into(),
            short: theme.say("step").into(),
            log: false,
            domain: None,
        },
        y: Axis {
            label: theme.say("Value (log scale)").into(),
            short: theme.say("value").into(),
            log: true,
            domain: None,
        },
        lines: vec![
            series(
                theme.say("classification loss"),
                theme.model(0),
                0,
                pick(|s| s.cls_loss),
            ),
            series(theme.say("MMD loss"), theme.model(1), 1, pick(|s| s.mmd_loss)),
            series("λ", theme.reference, 2, pick(|s| s.lambda)),
        ],
        empty_text: theme.say("no steps yet").into(),
        ..XyPlot::default()
    };
    xy_chart(&plot, width, height, theme)
}

/// Target-validation ROC-AUC and KS (`(step, auc, ks)`; `None` values
/// skipped) on `[0, 1]`, with the best step marked when given.
pub fn transfer_validation_chart(
    points: &[(f64, Option<f64>, Option<f64>)],
    best_step: Option<f64>,
    width: f32,
    height: f32,
    theme: &Theme,
) -> Chart {
    let auc: Vec<(f64, f64)> = points.iter().filter_map(|&(s, a, _)| Some((s, a?))).collect();
    let ks: Vec<(f64, f64)> = points.iter().filter_map(|&(s, _, k)| Some((s, k?))).collect();
    let markers = best_step
        .and_then(|b| auc.iter().find(|p| p.0 == b))
        .map(|&(x, y)| Marker {
            x,
            y,
            color: theme.model(0),
            label: theme.fill("best step {}: ROC-AUC {} (weights kept)", &[&x, &format!("{y:.4}")]),
        })
        .into_iter()
        .collect();
    let plot = XyPlot {
        title: theme.say("Target validation").into(),
        x: Axis {
            label: theme.say("Step").into(),
            short: theme.say("step").into(),
            log: false,
            domain: None,
        },
        y: Axis {
            label: theme.say("ROC-AUC and KS (target validation rows)").into(),
            short: theme.say("value").into(),
            log: false,
            domain: Some((0.0, 1.0)),
        },
        lines: vec![
            series("ROC-AUC", theme.model(0), 0, auc),
            series("KS", theme.model(2), 1, ks),
        ],
        markers,
        empty_text: theme.say("no validation yet").into(),
        ..XyPlot::default()
    };
    xy_chart(&plot, width, height, theme)
}

/// Source and target points on two principal components: source in
/// palette slot 4, target in slot 5, half transparent so overlap shows.
/// `explained` is each component's share of the variance (for the axis
/// labels).
pub fn projection_chart(
    title: &str,
    source: &[(f64, f64)],
    target: &[(f64, f64)],
    explained: [f64; 2],
    width: f32,
    height: f32,
    theme: &Theme,
) -> Chart {
    let (cs, ct) = (theme.model(4), theme.model(5));
    let mut markers = Vec::with_capacity(source.len() + target.len());
    for (pts, color, name) in [(source, cs, theme.say("source")), (target, ct, theme.say("target"))] {
        markers.extend(pts.iter().map(|&(x, y)| Marker {
            x,
            y,
            color: color.with_alpha(0.55),
            label: format!("{name}: ({x:.3}, {y:.3})"),
        }));
    }
    // Legend-only entries: the markers carry no names.
    let legend = |name: &str, color| LineSeries {
        name: name.to_string(),
        color,
        width: 6.0,
        dash: None,
        points: vec![],
        extra: None,
        legend: true,
        hover: false,
        marker: None,
    };
    let plot = XyPlot {
        title: title.to_string(),
        x: Axis {
            label: theme.fill("PC 1 ({} % of variance)", &[&format!("{:.0}", explained[0] * 100.0)]),
            short: "PC 1".into(),
            log: false,
            domain: None,
        },
        y: Axis {
            label: theme.fill("PC 2 ({} %)", &[&format!("{:.0}", explained[1] * 100.0)]),
            short: "PC 2".into(),
            log: false,
            domain: None,
        },
        lines: vec![legend(theme.say("source"), cs), legend(theme.say("target"), ct)],
        markers,
        // Markers are not series points: an empty text would cover them.
        empty_text: String::new(),
        ..XyPlot::default()
    };
    xy_chart(&plot, width, height, theme)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::DrawOp;

    #[test]
    fn loss_chart_skips_non_positive_values_and_is_finite() {
        let steps: Vec<StepPoint> = (1..=50)
            .map(|s| StepPoint {
                step: s as f64,
                cls_loss: 1.0 / s as f64,
                mmd_loss: 0.1,
                lambda: if s == 1 { 0.0 } else { 0.5 },
            })
            .collect();
        let c = transfer_loss_chart(&steps, 480.0, 300.0, &Theme::light());
        assert!(c.ops.iter().all(|op| op.is_finite()));
        assert!(c.y.is_some());
    }

    #[test]
    fn projection_chart_draws_one_dot_per_point() {
        let s = [(0.0, 0.0), (1.0, 1.0)];
        let t = [(2.0, -1.0)];
        let c = projection_chart("PCA", &s, &t, [0.6, 0.3], 400.0, 300.0, &Theme::dark());
        let dots = c.ops.iter().filter(|op| matches!(op, DrawOp::Circle { .. })).count();
        assert!(dots >= 3, "{dots}");
        assert!(c.ops.iter().all(|op| op.is_finite()));
    }
}
