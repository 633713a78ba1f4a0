//! Evaluation metrics on labels and scores: confusion counts and the metrics
//! read from them at one threshold, ROC and precision–recall curves, ROC-AUC,
//! average precision, the KS statistic, log loss, the Brier score (and the
//! reliability curve with its decomposition), cumulative gain and lift, a
//! sweep over every threshold, and the serialisable report the CLI and the
//! page show.
//! It knows nothing of models, tables or the browser: inputs are two slices.
//!
//! # Conventions shared by every function here
//!
//! - `y: &[bool]`: `true` is the positive class.
//! - `scores: &[f64]`: higher means more positive. Log loss and the Brier
//!   score need probabilities of the positive class, in `[0, 1]`.
//! - **A row is predicted positive when `score >= threshold`.** This is the
//!   meaning of scikit-learn's `thresholds` arrays: element `i` of a curve is
//!   for the rule `score >= thresholds[i]`, so rows with tied scores are always
//!   predicted together ("ties move together").
//! - Thresholds of curves and sweeps are the distinct scores, plus `+inf`
//!   (nothing predicted positive) where scikit-learn adds it.
//! - Counts are `u64`; every accumulation and ratio is in `f64`.
//! - Inputs a person can get wrong (lengths differ, a NaN or infinite score, a
//!   NaN threshold, an empty set) give a [`MetricsError`]. A metric that is
//!   *undefined* on valid input (ROC-AUC when `y` has one class, precision when
//!   nothing is predicted positive) is not an error: it is `None` (or
//!   scikit-learn's documented fallback value) plus a warning string.
//!
//! The values match scikit-learn 1.9.1 to 1e-9 on the same inputs
//! (`tests/golden/make_golden_metrics.py`, `tests/metrics.rs`).
//!
//! # Reuse
//!
//! Sort once: [`RankedScores::new`] sorts the scores and accumulates the
//! counts at every distinct threshold in O(n log n); ROC, PR, AP, KS and the
//! [`Sweep`] are then linear in the number of distinct scores, and
//! [`RankedScores::confusion_at`] is O(log n). [`Evaluator`] keeps the
//! threshold-free values so a threshold slider costs a binary search.

pub mod calibration;
pub mod gain;
pub mod probability;
pub mod ranking;
pub mod report;
pub mod sweep;
pub mod threshold;

pub use calibration::{calibration, calibration_curve, BinStrategy, BrierDecomposition, CalibrationCurve};
pub use gain::{GainCurve, TopShare, TOP_SHARES};
pub use probability::{brier_score, log_loss};
pub use ranking::{rank_summary_f32, Ks, PrCurve, RankSummary, RankedScores, RocCurve};
pub use report::{evaluate, Curves, Evaluation, Evaluator};
pub use sweep::Sweep;
pub use threshold::Confusion;

/// A problem with the inputs of a metric that the caller must fix.
///
/// Display: `metrics error: ` then what is wrong, found vs expected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MetricsError {
    /// `scores` and `y` have different lengths.
    #[error("metrics error: scores has {scores} values but y has {labels}")]
    LengthMismatch {
        /// `scores.len()`.
        scores: usize,
        /// `y.len()`.
        labels: usize,
    },
    /// There are no rows to evaluate.
    #[error("metrics error: no rows to evaluate; the evaluation set is empty")]
    Empty,
    /// A score is NaN or infinite (`index` is the 0-based position in `scores`).
    #[error("metrics error: score {index} is {value}; scores must be finite numbers")]
    NonFiniteScore {
        /// 0-based position in `scores`.
        index: usize,
        /// The offending value (NaN, inf or -inf).
        value: f64,
    },
    /// The decision threshold is NaN.
    #[error("metrics error: the threshold is NaN; choose a number")]
    NanThreshold,
    /// A parameter of a metric is outside its interval.
    #[error("metrics error: {name} must be {interval}, got {value}")]
    BadParameter {
        /// The parameter's name (`"beta"`, `"c_fn"`).
        name: &'static str,
        /// Its interval, written as scikit-learn writes it (`"in [0, inf)"`).
        interval: &'static str,
        /// The value given.
        value: f64,
    },
}

/// Checks the shared preconditions: equal lengths, at least one row, every
/// score finite. Returns the number of rows.
pub fn check_inputs(y: &[bool], scores: &[f64]) -> Result<usize, MetricsError> {
    if scores.len() != y.len() {
        return Err(MetricsError::LengthMismatch {
            scores: scores.len(),
            labels: y.len(),
        });
    }
    if y.is_empty() {
        return Err(MetricsError::Empty);
    }
    if let Some((index, &value)) = scores.iter().enumerate().find(|(_, s)| !s.is_finite()) {
        return Err(MetricsError::NonFiniteScore { index, value });
    }
    Ok(y.len())
}

/// Checks a threshold: anything but NaN (`±inf` are valid: nothing / every
/// row predicted positive).
pub fn check_threshold(threshold: f64) -> Result<f64, MetricsError> {
    if threshold.is_nan() {
        Err(MetricsError::NanThreshold)
    } else {
        Ok(threshold)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_length_mismatch_with_counts_in_message() {
        let e = check_inputs(&[true; 12], &[0.5; 10]).unwrap_err();
        assert!(matches!(e, MetricsError::LengthMismatch { scores: 10, labels: 12 }));
        assert_eq!(e.to_string(), "metrics error: scores has 10 values but y has 12");
    }

    #[test]
    fn rejects_nan_and_infinite_scores_naming_the_position() {
        let e = check_inputs(&[true, false, true, false], &[0.1, 0.2, 0.3, f64::NAN]).unwrap_err();
        assert!(matches!(e, MetricsError::NonFiniteScore { index: 3, .. }));
        assert_eq!(
            e.to_string(),
            "metrics error: score 3 is NaN; scores must be finite numbers"
        );
        let e = check_inputs(&[true, false], &[f64::INFINITY, 0.2]).unwrap_err();
        assert!(matches!(e, MetricsError::NonFiniteScore { index: 0, .. }));
    }

    #[test]
    fn rejects_empty_and_nan_threshold() {
        assert_eq!(check_inputs(&[], &[]), Err(MetricsError::Empty));
        assert_eq!(check_threshold(f64::NAN), Err(MetricsError::NanThreshold));
        assert_eq!(check_threshold(f64::INFINITY), Ok(f64::INFINITY));
    }
}
