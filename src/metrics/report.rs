//! The serialisable summary of a scored evaluation set ([`Evaluation`]), the
//! chart data ([`Curves`]), and [`Evaluator`], which computes the
//! threshold-free part once so that moving the threshold costs a binary
//! search. Knows nothing of how the report is shown (CLI JSON, the page).

use serde::{Deserialize, Serialize};

use super::{brier_score, check_threshold, log_loss, Ks, MetricsError, PrCurve, RankedScores, RocCurve, Sweep};

/// Every metric of one evaluation set at one threshold, as the CLI's JSON
/// report and the page show it (field names are part of that format).
///
/// Threshold-free values are `Option`: `None` (JSON `null`) when undefined
/// on these labels or scores, with a sentence in `warnings`. Threshold
/// metrics are plain numbers with scikit-learn 1.9.1's fallbacks where a
/// ratio is 0/0 (precision, recall, specificity, F1 and MCC give 0; balanced
/// accuracy averages the classes present), each fallback also named in
/// `warnings`. See [`super::Confusion`] for each formula. `threshold = ±inf`
/// is written as JSON `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// ROC-AUC ([`RankedScores::roc_auc`]); `None` with one class in `y`.
    pub roc_auc: Option<f64>,
    /// PR-AUC = average precision ([`RankedScores::average_precision`]);
    /// `None` with no positive rows.
    pub pr_auc: Option<f64>,
    /// KS statistic `max_t |TPR − FPR|` ([`RankedScores::ks`]); `None` with
    /// one class in `y`.
    pub ks: Option<f64>,
    /// Mean log loss ([`super::log_loss`]); `None` when a score is not in `[0, 1]`.
    pub log_loss: Option<f64>,
    /// Brier score ([`super::brier_score`]); `None` when a score is not in `[0, 1]`.
    pub brier: Option<f64>,
    /// The decision threshold: a row is predicted positive when `score >= threshold`.
    pub threshold: f64,
    /// `(tp + tn) / n`.
    pub accuracy: f64,
    /// Accuracy of always predicting the majority class, `max(P, N) / n`.
    pub majority_accuracy: f64,
    /// `tp / (tp + fp)`; 0 when nothing is predicted positive.
    pub precision: f64,
    /// `tp / P`; 0 when there are no positive rows.
    pub recall: f64,
    /// `tn / N`; 0 when there are no negative rows.
    pub specificity: f64,
    /// `2·tp / (2·tp + fp + fn)`; 0 when that is 0/0.
    pub f1: f64,
    /// Mean recall of the classes present in `y`.
    pub balanced_accuracy: f64,
    /// Matthews correlation; 0 when undefined (as scikit-learn returns).
    pub mcc: f64,
    /// True positives.
    pub tp: u64,
    /// False positives.
    pub fp: u64,
    /// True negatives.
    pub tn: u64,
    /// False negatives.
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// Positive rows in `y`, P.
    pub positives: u64,
    /// All rows, n.
    pub rows: u64,
    /// One sentence per undefined value or fallback, e.g. `"ROC-AUC is
    /// undefined: y has no positive rows"`.
    pub warnings: Vec<String>,
}

/// Curve data for the charts, with the orientations of [`RocCurve`] and
/// [`PrCurve`] (ROC thresholds decreasing from `+inf`, PR thresholds
/// increasing), and where the KS statistic is reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Curves {
    /// The ROC curve.
    pub roc: RocCurve,
    /// The precision–recall curve.
    pub pr: PrCurve,
    /// The KS point, `None` with one class in `y`.
    pub ks: Option<Ks>,
}

/// The threshold-free part of an evaluation, computed once: the sorted
/// scores, ROC-AUC, AP, KS, log loss and Brier score. [`Evaluator::at`] then
/// adds the threshold metrics in O(log m).
#[derive(Debug, Clone)]
pub struct Evaluator {
    ranked: RankedScores,
    roc_auc: Option<f64>,
    pr_auc: Option<f64>,
    ks: Option<Ks>,
    log_loss: Option<f64>,
    brier: Option<f64>,
    warnings: Vec<String>,
}

impl Evaluator {
    /// Sorts once and computes the threshold-free metrics. O(n log n).
    ///
    /// Errors: lengths differ, no rows, a NaN or infinite score.
    pub fn new(y: &[bool], scores: &[f64]) -> Result<Evaluator, MetricsError> {
        let ranked = RankedScores::new(y, scores)?;
        let mut warnings = ranked.warnings();
        let mut keep = |r: Result<f64, String>| match r {
            Ok(v) => Some(v),
            Err(w) => {
                warnings.push(w);
                None
            }
        };
        let log_loss = keep(log_loss(y, scores)?);
        let brier = keep(brier_score(y, scores)?);
        Ok(Evaluator {
            roc_auc: ranked.roc_auc(),
            pr_auc: ranked.average_precision(),
            ks: ranked.ks(),
            ranked,
            log_loss,
            brier,
            warnings,
        })
    }

    /// The sorted scores and counts.
    pub fn ranked(&self) -> &RankedScores {
        &self.ranked
    }

    /// Where the KS statistic is reached, `None` with one class in `y`.
    pub fn ks(&self) -> Option<Ks> {
        self.ks
    }

    /// Every metric at `threshold` (a row is predicted positive when
    /// `score >= threshold`). O(log m) plus the warnings.
    ///
    /// Errors: a NaN threshold.
    pub fn at(&self, threshold: f64) -> Result<Evaluation, MetricsError> {
        let c = self.ranked.confusion_at(check_threshold(threshold)?)?;
        let mut warnings = self.warnings.clone();
        warnings.extend(
            c.warnings()
                .into_iter()
                .map(|w| format!("at threshold {threshold}, {w}")),
        );
        Ok(Evaluation {
            roc_auc: self.roc_auc,
            pr_auc: self.pr_auc,
            ks: self.ks.map(|k| k.statistic),
            log_loss: self.log_loss,
            brier: self.brier,
            threshold,
            accuracy: c.accuracy(),
            majority_accuracy: c.majority_accuracy(),
            precision: c.precision(),
            recall: c.recall(),
            specificity: c.specificity(),
            f1: c.f1(),
            balanced_accuracy: c.balanced_accuracy(),
            mcc: c.mcc(),
            tp: c.tp,
            fp: c.fp,
            tn: c.tn,
            fn_: c.fn_,
            positives: c.positives(),
            rows: c.rows(),
            warnings,
        })
    }

    /// Counts, precision, recall and F1 at every threshold. O(m).
    pub fn sweep(&self) -> Sweep {
        Sweep::new(&self.ranked)
    }

    /// ROC and PR curves and the KS point for charts. `drop_intermediate`
    /// thins both curves as scikit-learn does (fewer points, same shape and
    /// area; see [`RankedScores::roc_curve`], [`RankedScores::pr_curve`]).
    pub fn curves(&self, drop_intermediate: bool) -> Curves {
        Curves {
            roc: self.ranked.roc_curve(drop_intermediate),
            pr: self.ranked.pr_curve(drop_intermediate),
            ks: self.ks,
        }
    }
}

/// Every metric of `scores` against `y` at `threshold`, in one call:
/// `Evaluator::new(y, scores)?.at(threshold)`. To move the threshold or draw
/// curves on the same scores, keep an [`Evaluator`] instead.
///
/// ```
/// use rareclass::metrics::{evaluate, MetricsError};
/// # fn main() -> Result<(), MetricsError> {
/// let y = [false, false, true, true];
/// let e = evaluate(&y, &[0.1, 0.4, 0.35, 0.8], 0.5)?;
/// assert_eq!((e.tp, e.fp, e.tn, e.fn_), (1, 0, 2, 1));
/// assert_eq!(e.roc_auc, Some(0.75));
/// assert_eq!(e.majority_accuracy, 0.5);
/// # Ok(())
/// # }
/// ```
///
/// Errors: lengths differ, no rows, a NaN or infinite score, a NaN threshold.
pub fn evaluate(y: &[bool], scores: &[f64], threshold: f64) -> Result<Evaluation, MetricsError> {
    check_threshold(threshold)?;
    Evaluator::new(y, scores)?.at(threshold)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Confusion;

    #[test]
    fn evaluation_matches_confusion_and_ranking_pieces() {
        let y = [true, false, true, false, false, true, false, false];
        let s = [0.9, 0.8, 0.7, 0.6, 0.6, 0.3, 0.2, 0.1];
        let e = evaluate(&y, &s, 0.6).unwrap();
        let c = Confusion::at_threshold(&y, &s, 0.6).unwrap();
        assert_eq!((e.tp, e.fp, e.tn, e.fn_), (c.tp, c.fp, c.tn, c.fn_));
        assert_eq!((e.positives, e.rows), (3, 8));
        assert_eq!(e.f1, c.f1());
        let r = RankedScores::new(&y, &s).unwrap();
        assert_eq!(e.roc_auc, r.roc_auc());
        assert_eq!(e.pr_auc, r.average_precision());
        assert!(e.warnings.is_empty(), "{:?}", e.warnings);
    }

    #[test]
    fn one_class_gives_nulls_and_warnings_not_errors() {
        let e = evaluate(&[false, false, false], &[0.2, 0.7, 0.4], 0.5).unwrap();
        assert_eq!((e.roc_auc, e.pr_auc, e.ks), (None, None, None));
        assert!(e.log_loss.is_some() && e.brier.is_some());
        assert!(e
            .warnings
            .contains(&"ROC-AUC is undefined: y has no positive rows".to_string()));
        assert!(e
            .warnings
            .iter()
            .any(|w| w.starts_with("at threshold 0.5, recall is undefined")));
        let json = serde_json::to_value(&e).unwrap();
        assert!(json["roc_auc"].is_null());
        assert_eq!(json["fn"], 0);
        assert_eq!(json["fp"], 1);
    }

    #[test]
    fn json_has_exactly_the_report_fields() {
        let e = evaluate(&[true, false], &[0.9, 0.1], 0.5).unwrap();
        let json = serde_json::to_value(&e).unwrap();
        let mut keys: Vec<&str> = json.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        keys.sort();
        let mut want = vec![
            "roc_auc",
            "pr_auc",
            "ks",
            "log_loss",
            "brier",
            "threshold",
            "accuracy",
            "majority_accuracy",
            "precision",
            "recall",
            "specificity",
            "f1",
            "balanced_accuracy",
            "mcc",
            "tp",
            "fp",
            "tn",
            "fn",
            "positives",
            "rows",
            "warnings",
        ];
        want.sort();
        assert_eq!(keys, want);
    }

    #[test]
    fn non_probability_scores_null_the_losses_only() {
        let e = evaluate(&[true, false], &[3.0, -2.0], 0.0).unwrap();
        assert_eq!(e.roc_auc, Some(1.0));
        assert_eq!((e.log_loss, e.brier), (None, None));
        assert_eq!(e.warnings.len(), 2);
    }

    #[test]
    fn user_reachable_input_errors() {
        assert!(matches!(
            evaluate(&[true; 12], &[0.5; 10], 0.5),
            Err(MetricsError::LengthMismatch { .. })
        ));
        assert!(matches!(
            evaluate(&[true, false], &[0.5, f64::NAN], 0.5),
            Err(MetricsError::NonFiniteScore { index: 1, .. })
        ));
        assert_eq!(evaluate(&[true], &[0.5], f64::NAN), Err(MetricsError::NanThreshold));
        assert_eq!(evaluate(&[], &[], 0.5), Err(MetricsError::Empty));
    }

    #[test]
    fn moving_the_threshold_reuses_the_sort() {
        let y = [true, false, true, false];
        let s = [0.9, 0.8, 0.7, 0.6];
        let ev = Evaluator::new(&y, &s).unwrap();
        for t in [f64::NEG_INFINITY, 0.6, 0.65, 0.7, 0.9, 1.0, f64::INFINITY] {
            assert_eq!(ev.at(t).unwrap(), evaluate(&y, &s, t).unwrap());
        }
        let curves = ev.curves(true);
        assert_eq!(curves.roc.thresholds[0], f64::INFINITY);
        assert_eq!(ev.sweep().len(), 5);
    }
}
