//! Permutation importance (Breiman 2001; scikit-learn's
//! `sklearn.inspection.permutation_importance`): how much a model's score on
//! held-out rows drops when one feature's values are shuffled across the
//! rows, breaking its link to the label while keeping its distribution.
//! Works for any model that scores rows, so every kind of the model picker
//! gets it.
//!
//! As in scikit-learn: importance = baseline score − score with the feature
//! permuted (for a loss, permuted − baseline, its `neg_` scorers), repeated
//! over several row orders; the mean and the population standard deviation
//! (ddof 0) over repeats are reported. Like scikit-learn, each feature is
//! shuffled with the same sequence of row orders. A feature here is an
//! input column: the prepared columns it became (one-hot levels, a missing
//! indicator) are permuted together with one row order, which is the same
//! as permuting the raw column.

use ndarray::{Array2, ArrayView2};
use serde::{Deserialize, Serialize};

use super::InspectError;
use crate::cv::Scoring;
use crate::metrics::{evaluate, RankedScores};
use crate::rng::Rng;

/// Repeats per feature when none are given (scikit-learn's default).
pub const PERMUTATION_REPEATS: usize = 5;

/// One feature's importance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureImportance {
    /// The input column.
    pub feature: String,
    /// Mean drop in the score over the repeats (`importances_mean`).
    pub mean: f64,
    /// Its standard deviation over the repeats, ddof 0 (`importances_std`).
    pub std: f64,
    /// The drop of each repeat (`importances[feature]`).
    pub repeats: Vec<f64>,
}

/// The importance of every feature, most important first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PermutationImportance {
    /// The metric whose drop is measured.
    pub scoring: Scoring,
    /// scikit-learn's name of the same scorer (`"average_precision"`).
    pub sklearn_scoring: &'static str,
    /// The score before any permutation.
    pub baseline: f64,
    /// Rows the importance was measured on.
    pub rows: usize,
    /// Row orders per feature.
    pub n_repeats: usize,
    /// Sorted by mean importance, largest first (ties in input order).
    pub features: Vec<FeatureImportance>,
}

/// scikit-learn's `scoring=` string for the same metric: importances made
/// with it agree with [`permutation_importance`]'s.
pub fn sklearn_scorer(scoring: Scoring) -> &'static str {
    match scoring {
        Scoring::RocAuc => "roc_auc",
        Scoring::PrAuc => "average_precision",
        Scoring::LogLoss => "neg_log_loss",
        Scoring::Brier => "neg_brier_score",
        Scoring::F1 => "f1",
        Scoring::Precision => "precision",
        Scoring::Recall => "recall",
        Scoring::BalancedAccuracy => "balanced_accuracy",
        Scoring::Mcc => "matthews_corrcoef",
        Scoring::Accuracy => "accuracy",
        // No scikit-learn scorer; the statistic itself.
        Scoring::Ks => "ks",
    }
}

/// `repeats` independent row orders of `rows` rows from `rng` (Fisher–Yates
/// each), the same for every feature.
pub fn seeded_orders(rows: usize, repeats: usize, rng: &mut Rng) -> Vec<Vec<usize>> {
    (0..repeats)
        .map(|_| {
            let mut order: Vec<usize> = (0..rows).collect();
            rng.shuffle(&mut order);
            order
        })
        .collect()
}

/// The score to compare, oriented so that larger is better (losses
/// negated, as scikit-learn's `neg_` scorers). Threshold metrics are read
/// at 0.5, as scikit-learn's scorers read `predict`.
fn oriented_score(scoring: Scoring, y: &[bool], scores: &[f64]) -> Result<f64, InspectError> {
    let value = match scoring {
        Scoring::PrAuc => RankedScores::new(y, scores)?.average_precision(),
        Scoring::RocAuc => RankedScores::new(y, scores)?.roc_auc(),
        other => other.of(&evaluate(y, scores, 0.5)?),
    };
    let value = value.ok_or_else(|| InspectError::Undefined {
        metric: scoring.name(),
        positives: y.iter().filter(|&&v| v).count(),
        rows: y.len(),
    })?;
    Ok(if scoring.higher_is_better() { value } else { -value })
}

fn check_orders(orders: &[Vec<usize>], rows: usize) -> Result<(), InspectError> {
    if orders.is_empty() {
        return Err(InspectError::NoRepeats);
    }
    let mut seen = vec![false; rows];
    for (repeat, order) in orders.iter().enumerate() {
        seen.iter_mut().for_each(|s| *s = false);
        let ok = order.len() == rows
            && order
                .iter()
                .all(|&i| i < rows && !std::mem::replace(&mut seen[i], true));
        if !ok {
            return Err(InspectError::BadOrder { repeat, rows });
        }
    }
    Ok(())
}

/// Permutation importance of each feature group of `x` for the model
/// `predict` (probability of the positive class per row), scored by
/// `scoring` against `y`. `groups` are `(name, columns)`; `orders` the row
/// orders, one per repeat: in repeat `r`, the group's row `i` takes the
/// values of row `orders[r][i]`. `on_feature(done, of)` hears progress
/// between features and may stop the work by returning `false`
/// (`Ok(None)`).
///
/// Errors: rows and labels disagree, no rows, an order that is not a
/// permutation, a group outside the matrix, the metric undefined (one
/// class), a NaN score.
pub fn permutation_importance(
    predict: &dyn Fn(ArrayView2<f32>) -> Vec<f64>,
    x: ArrayView2<f32>,
    y: &[bool],
    groups: &[(String, std::ops::Range<usize>)],
    scoring: Scoring,
    orders: &[Vec<usize>],
    on_feature: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Option<PermutationImportance>, InspectError> {
    let whole = 0..groups.len();
    let Some(part) = permutation_part(predict, x, y, groups, scoring, orders, whole, on_feature)? else {
        return Ok(None);
    };
    join_parts(scoring, groups, orders.len(), x.nrows(), vec![part]).map(Some)
}

/// The importance of features `columns` (`groups[columns]`) alone, as
/// [`permutation_importance`] measures them: each feature's drops depend
/// only on the model, the rows, the orders and its own columns, so parts
/// measured anywhere (the page's workers) join ([`join_parts`]) into the
/// whole, bit for bit. `on_feature(done, of)` hears the feature's place
/// among all `groups`.
#[allow(clippy::too_many_arguments)]
pub fn permutation_part(
    predict: &dyn Fn(ArrayView2<f32>) -> Vec<f64>,
    x: ArrayView2<f32>,
    y: &[bool],
    groups: &[(String, std::ops::Range<usize>)],
    scoring: Scoring,
    orders: &[Vec<usize>],
    columns: std::ops::Range<usize>,
    on_feature: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Option<ImportancePart>, InspectError> {
    let rows = x.nrows();
    if rows != y.len() {
        return Err(InspectError::Rows { rows, labels: y.len() });
    }
    if rows == 0 {
        return Err(InspectError::NoRows);
    }
    check_orders(orders, rows)?;
    if columns.start > columns.end || columns.end > groups.len() {
        return Err(InspectError::Parts(format!(
            "features {}..{} are not among the {} features",
            columns.start,
            columns.end,
            groups.len()
        )));
    }
    if let Some((name, r)) = groups.iter().find(|(_, r)| r.start > r.end || r.end > x.ncols()) {
        return Err(InspectError::BadGroup {
            feature: name.clone(),
            start: r.start,
            end: r.end,
            columns: x.ncols(),
        });
    }
    let baseline = oriented_score(scoring, y, &predict(x))?;
    let mut work: Array2<f32> = x.to_owned();
    let mut features = Vec::with_capacity(columns.len());
    for done in columns.clone() {
        let (name, columns) = &groups[done];
        if !on_feature(done, groups.len()) {
            return Ok(None);
        }
        let mut drops = Vec::with_capacity(orders.len());
        for order in orders {
            for (i, &from) in order.iter().enumerate() {
                for c in columns.clone() {
                    work[[i, c]] = x[[from, c]];
                }
            }
            let permuted = oriented_score(scoring, y, &predict(work.view()))?;
            drops.push(baseline - permuted);
        }
        // Put the group's own values back before the next feature.
        for c in columns.clone() {
            work.column_mut(c).assign(&x.column(c));
        }
        let mean = drops.iter().sum::<f64>() / drops.len() as f64;
        let var = drops.iter().map(|d| (d - mean) * (d - mean)).sum::<f64>() / drops.len() as f64;
        features.push(FeatureImportance {
            feature: name.clone(),
            mean,
            std: var.sqrt(),
            repeats: drops,
        });
    }
    Ok(Some(ImportancePart {
        columns: [columns.start, columns.end],
        baseline,
        features,
    }))
}

/// Features `columns` `[start, end)` of a permutation importance, in input
/// order ([`permutation_part`]). Serde, so a worker can send it as JSON
/// (every number round-trips).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportancePart {
    /// `[start, end)` of the feature groups.
    pub columns: [usize; 2],
    /// The score before any permutation, oriented (larger is better).
    pub baseline: f64,
    /// One per feature of `columns`, in input order.
    pub features: Vec<FeatureImportance>,
}

/// Joins parts (any order) of the importance of `groups` into the whole
/// [`permutation_importance`] gives: they must cover every feature once,
/// in ranges that meet, name the features of their ranges and agree on the
/// baseline (the same rows and model).
pub fn join_parts(
    scoring: Scoring,
    groups: &[(String, std::ops::Range<usize>)],
    n_repeats: usize,
    rows: usize,
    mut parts: Vec<ImportancePart>,
) -> Result<PermutationImportance, InspectError> {
    parts.sort_by_key(|p| p.columns[0]);
    let baseline = parts.first().map(|p| p.baseline);
    let mut features = Vec::with_capacity(groups.len());
    for p in parts {
        let [start, end] = p.columns;
        if start != features.len() {
            return Err(InspectError::Parts(format!(
                "features {}..{} are missing or measured twice",
                features.len().min(start),
                features.len().max(start)
            )));
        }
        if end < start || p.features.len() != end - start || end > groups.len() {
            return Err(InspectError::Parts(format!(
                "the part for features {start}..{end} holds {} features, of {}",
                p.features.len(),
                groups.len()
            )));
        }
        if Some(p.baseline.to_bits()) != baseline.map(f64::to_bits) {
            return Err(InspectError::Parts(
                "the parts were measured against different baselines (another model or other rows)".into(),
            ));
        }
        if let Some((f, (name, _))) = p
            .features
            .iter()
            .zip(&groups[start..end])
            .find(|(f, (n, _))| &f.feature != n)
        {
            return Err(InspectError::Parts(format!(
                "the part for features {start}..{end} measured \"{}\" where \"{name}\" was expected",
                f.feature
            )));
        }
        features.extend(p.features);
    }
    if features.len() != groups.len() {
        return Err(InspectError::Parts(format!(
            "features {}..{} were not measured",
            features.len(),
            groups.len()
        )));
    }
    let baseline = baseline.unwrap_or(f64::NAN);
    // Stable: equal means keep the input order.
    features.sort_by(|a, b| b.mean.total_cmp(&a.mean));
    Ok(PermutationImportance {
        scoring,
        sklearn_scoring: sklearn_scorer(scoring),
        baseline: if scoring.higher_is_better() {
            baseline
        } else {
            -baseline
        },
        rows,
        n_repeats,
        features,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    /// A model that reads column 0 only: its score is the value itself.
    fn first_column(x: ArrayView2<f32>) -> Vec<f64> {
        x.column(0).iter().map(|&v| v as f64).collect()
    }

    #[test]
    fn a_column_the_model_ignores_has_zero_importance() {
        // Column 0 ranks perfectly (AUC 1); column 1 is unused.
        let x = array![[0.9f32, 5.0], [0.8, 1.0], [0.2, 3.0], [0.1, 2.0]];
        let y = [true, true, false, false];
        let groups = vec![("a".to_string(), 0..1), ("b".to_string(), 1..2)];
        // Reversing the rows puts the negatives' values on the positives:
        // AUC 1 → 0, a drop of 1 in every repeat.
        let orders = vec![vec![3, 2, 1, 0], vec![3, 2, 1, 0]];
        let p = permutation_importance(
            &first_column,
            x.view(),
            &y,
            &groups,
            Scoring::RocAuc,
            &orders,
            &mut |_, _| true,
        )
        .unwrap()
        .unwrap();
        assert_eq!(p.baseline, 1.0);
        assert_eq!(p.features[0].feature, "a");
        assert_eq!(p.features[0].repeats, vec![1.0, 1.0]);
        assert_eq!(p.features[0].std, 0.0);
        assert_eq!(p.features[1].mean, 0.0);
        assert_eq!(p.sklearn_scoring, "roc_auc");
    }

    #[test]
    fn refuses_bad_orders_groups_and_one_class_rows() {
        let x = array![[0.9f32], [0.1]];
        let g = vec![("a".to_string(), 0..1)];
        let go = &mut |_: usize, _: usize| true;
        let y = [true, false];
        let e = permutation_importance(&first_column, x.view(), &y, &g, Scoring::PrAuc, &[vec![0, 0]], go);
        assert_eq!(e.unwrap_err(), InspectError::BadOrder { repeat: 0, rows: 2 });
        let e = permutation_importance(&first_column, x.view(), &y, &g, Scoring::PrAuc, &[], go);
        assert_eq!(e.unwrap_err(), InspectError::NoRepeats);
        let wide = vec![("a".to_string(), 0..2)];
        let e = permutation_importance(&first_column, x.view(), &y, &wide, Scoring::PrAuc, &[vec![1, 0]], go);
        assert!(matches!(e.unwrap_err(), InspectError::BadGroup { columns: 1, .. }));
        let e = permutation_importance(
            &first_column,
            x.view(),
            &[false, false],
            &g,
            Scoring::PrAuc,
            &[vec![1, 0]],
            go,
        );
        assert!(e.unwrap_err().to_string().contains("0 positive of 2"));
        // Stopping between features is not an error.
        let stop = permutation_importance(
            &first_column,
            x.view(),
            &y,
            &g,
            Scoring::PrAuc,
            &[vec![1, 0]],
            &mut |_, _| false,
        );
        assert_eq!(stop.unwrap(), None);
    }

    #[test]
    fn seeded_orders_are_permutations_and_repeatable() {
        let a = seeded_orders(50, 3, &mut Rng::new(7));
        let b = seeded_orders(50, 3, &mut Rng::new(7));
        assert_eq!(a, b);
        assert!(check_orders(&a, 50).is_ok());
        assert_ne!(a[0], a[1]);
    }
}
