//! The cross-validation ROC chart: every fold's ROC curve, thin and
//! translucent, under the mean curve (the vertical average the CV report
//! carries), over the chance diagonal. Geometry only: curves come in as
//! points; knows nothing of folds, models or how the curves were averaged.

use super::theme::Theme;
use super::xy::{xy_chart, Axis, LineSeries, XyPlot, REF_DASH};
use super::Chart;

/// Stroke width of one fold's curve, CSS px (thinner than the mean's).
const FOLD_WIDTH: f32 = 1.25;
/// Stroke width of the mean curve.
const MEAN_WIDTH: f32 = 2.5;
/// Opacity of the fold curves, so the mean stands out where they overlap.
const FOLD_ALPHA: f32 = 0.45;

/// Fold ROC curves (`folds[f]`: (FPR, TPR) points, FPR ascending) in the
/// palette slot `slot`, translucent, with `mean` drawn on top in the same
/// colour. `mean_name` is its legend text (`"Mean · AUC 0.91 ± 0.02"`).
/// Empty curves are skipped; with none at all the chart says so.
pub fn cv_roc_chart(
    folds: &[Vec<(f64, f64)>],
    mean: &[(f64, f64)],
    mean_name: &str,
    slot: usize,
    width: f32,
    height: f32,
    theme: &Theme,
) -> Chart {
    let color = theme.model(slot);
    let mut lines = vec![LineSeries {
        name: theme.say("Chance").into(),
        color: theme.reference,
        width: 1.5,
        dash: Some(REF_DASH.to_vec()),
        points: vec![(0.0, 0.0), (1.0, 1.0)],
        extra: None,
        legend: true,
        hover: false,
        marker: None,
    }];
    for (f, points) in folds.iter().enumerate().filter(|(_, p)| !p.is_empty()) {
        lines.push(LineSeries {
            name: theme.fill("Fold {}", &[&(f + 1)]),
            color: color.with_alpha(FOLD_ALPHA),
            width: FOLD_WIDTH,
            dash: None,
            points: points.clone(),
            extra: None,
            // One legend entry per fold would crowd the legend; the mean's
            // is enough and the hover names the fold.
            legend: f == 0,
            hover: true,
            marker: None,
        });
    }
    if let Some(first) = lines.get_mut(1) {
        first.name = theme.fill("Folds ({})", &[&folds.iter().filter(|p| !p.is_empty()).count()]);
    }
    if !mean.is_empty() {
        lines.push(LineSeries {
            name: mean_name.to_string(),
            color,
            width: MEAN_WIDTH,
            dash: None,
            points: mean.to_vec(),
            extra: None,
            legend: true,
            hover: true,
            marker: None,
        });
    }
    let axis = |label: &str, short: &str| Axis {
        label: label.to_string(),
        short: short.to_string(),
        log: false,
        domain: Some((0.0, 1.0)),
    };
    let plot = XyPlot {
        title: theme.say("ROC curve per fold and mean").into(),
        x: axis(theme.say("False positive rate (FP ÷ actual negatives)"), "FPR"),
        y: axis(theme.say("True positive rate (TP ÷ actual positives)"), "TPR"),
        lines,
        empty_text: theme.say("no fold curve to show").into(),
        square: true,
        ..XyPlot::default()
    };
    xy_chart(&plot, width, height, theme)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::DrawOp;

    #[test]
    fn draws_every_fold_and_the_mean_with_finite_ops() {
        let fold = vec![(0.0, 0.0), (0.2, 0.7), (1.0, 1.0)];
        let mean = vec![(0.0, 0.0), (0.5, 0.8), (1.0, 1.0)];
        let chart = cv_roc_chart(
            &[fold.clone(), fold, Vec::new()],
            &mean,
            "Mean · AUC 0.80",
            0,
            480.0,
            360.0,
            &Theme::light(),
        );
        assert!(chart.ops.iter().all(|op| op.is_finite()));
        let texts: Vec<String> = chart
            .ops
            .iter()
            .filter_map(|op| match op {
                DrawOp::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect();
        // Two non-empty folds, one legend entry for them, one for the mean.
        assert!(texts.iter().any(|t| t == "Folds (2)"), "{texts:?}");
        assert!(texts.iter().any(|t| t == "Mean · AUC 0.80"), "{texts:?}");
        assert!(!chart.hits.is_empty());
    }

    #[test]
    fn says_so_without_curves() {
        let chart = cv_roc_chart(&[], &[], "Mean", 0, 480.0, 360.0, &Theme::dark());
        let has_empty = chart
            .ops
            .iter()
            .any(|op| matches!(op, DrawOp::Text { text, .. } if text == "no fold curve to show"));
        assert!(has_empty);
    }
}
