//! Confusion counts at one decision threshold and every metric read from
//! them (accuracy, majority-class accuracy, precision, recall, specificity,
//! F1, F-beta, balanced accuracy, MCC). Knows nothing of how scores were made
//! or sorted; curves and sweeps live in `ranking.rs` and `sweep.rs`.
//!
//! Undefined ratios follow scikit-learn 1.9.1's defaults (`zero_division =
//! "warn"`, which returns 0): the value is a plain `f64` and
//! [`Confusion::warnings`] says which values are such fallbacks.

use serde::{Deserialize, Serialize};

use super::{check_inputs, check_threshold, MetricsError};

/// Confusion counts of the rule "predict positive when `score >= threshold`".
///
/// As scikit-learn's `confusion_matrix(y, pred, labels=[False, True]).ravel()`
/// gives `(tn, fp, fn, tp)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Confusion {
    /// Positive rows predicted positive.
    pub tp: u64,
    /// Negative rows predicted positive (false alarms).
    pub fp: u64,
    /// Negative rows predicted negative.
    pub tn: u64,
    /// Positive rows predicted negative (misses). `fn` is a keyword.
    #[serde(rename = "fn")]
    pub fn_: u64,
}

fn ratio(num: f64, den: f64) -> f64 {
    if den == 0.0 {
        0.0
    } else {
        num / den
    }
}

impl Confusion {
    /// Counts at `threshold` in one pass, O(n), no sort. A row is predicted
    /// positive when `score >= threshold`. For many thresholds on the same
    /// scores use [`super::RankedScores::confusion_at`] (O(log n) each).
    ///
    /// Errors: lengths differ, no rows, a non-finite score, a NaN threshold.
    pub fn at_threshold(y: &[bool], scores: &[f64], threshold: f64) -> Result<Confusion, MetricsError> {
        check_inputs(y, scores)?;
        check_threshold(threshold)?;
        let mut c = Confusion::default();
        for (&label, &score) in y.iter().zip(scores) {
            match (label, score >= threshold) {
                (true, true) => c.tp += 1,
                (true, false) => c.fn_ += 1,
                (false, true) => c.fp += 1,
                (false, false) => c.tn += 1,
            }
        }
        Ok(c)
    }

    /// Number of rows, `tp + fp + tn + fn`.
    pub fn rows(&self) -> u64 {
        self.tp + self.fp + self.tn + self.fn_
    }

    /// Positive rows in `y`, `tp + fn`.
    pub fn positives(&self) -> u64 {
        self.tp + self.fn_
    }

    /// Negative rows in `y`, `tn + fp`.
    pub fn negatives(&self) -> u64 {
        self.tn + self.fp
    }

    /// Rows predicted positive, `tp + fp`.
    pub fn predicted_positive(&self) -> u64 {
        self.tp + self.fp
    }

    /// `(tp + tn) / n` (`accuracy_score`). NaN when there are no rows.
    pub fn accuracy(&self) -> f64 {
        (self.tp + self.tn) as f64 / self.rows() as f64
    }

    /// The accuracy of always predicting the majority class of `y`:
    /// `max(P, N) / n`. Shown beside [`accuracy`](Self::accuracy) so the
    /// accuracy paradox is visible (99.8 % accuracy on a 0.2 % fraud set is
    /// what predicting "never fraud" scores). Equals scikit-learn's
    /// `DummyClassifier(strategy="most_frequent")` accuracy. NaN when there
    /// are no rows.
    pub fn majority_accuracy(&self) -> f64 {
        self.positives().max(self.negatives()) as f64 / self.rows() as f64
    }

    /// `tp / (tp + fp)` (`precision_score`). Undefined when nothing is
    /// predicted positive: 0, as scikit-learn's `zero_division="warn"` gives.
    pub fn precision(&self) -> f64 {
        ratio(self.tp as f64, self.predicted_positive() as f64)
    }

    /// True positive rate, sensitivity, `tp / (tp + fn)` (`recall_score`).
    /// Undefined when `y` has no positive rows: 0, as scikit-learn gives.
    pub fn recall(&self) -> f64 {
        ratio(self.tp as f64, self.positives() as f64)
    }

    /// True negative rate, `tn / (tn + fp)` (`recall_score(pos_label=0)`).
    /// Undefined when `y` has no negative rows: 0, as scikit-learn gives.
    pub fn specificity(&self) -> f64 {
        ratio(self.tn as f64, self.negatives() as f64)
    }

    /// `F1 = 2·tp / (2·tp + fp + fn)`, the harmonic mean of precision and
    /// recall (`f1_score`). Undefined when `tp + fp + fn = 0`: 0, as
    /// scikit-learn gives; when only one of precision and recall is undefined
    /// the formula still applies (and gives 0), as in scikit-learn.
    pub fn f1(&self) -> f64 {
        self.fbeta_unchecked(1.0)
    }

    /// `F_β = (1 + β²)·tp / ((1 + β²)·tp + β²·fn + fp)` (`fbeta_score`);
    /// β > 1 weighs recall more (β = 2: misses cost four times false alarms
    /// in the mean), β = 0 is precision. Undefined when `tp + fp + fn = 0`: 0.
    ///
    /// Errors: `beta` must be in `[0, inf)`.
    pub fn fbeta(&self, beta: f64) -> Result<f64, MetricsError> {
        if !(beta.is_finite() && beta >= 0.0) {
            return Err(MetricsError::BadParameter {
                name: "beta",
                interval: "in [0, inf)",
                value: beta,
            });
        }
        Ok(self.fbeta_unchecked(beta))
    }

    fn fbeta_unchecked(&self, beta: f64) -> f64 {
        let b2 = beta * beta;
        let tp = self.tp as f64;
        ratio((1.0 + b2) * tp, (1.0 + b2) * tp + b2 * self.fn_ as f64 + self.fp as f64)
    }

    /// `(recall + specificity) / 2` (`balanced_accuracy_score`). scikit-learn
    /// averages the recall of each class *present in `y`*, so when `y` has
    /// one class this is that class's recall (specificity if `y` is all
    /// negative, recall if all positive); a warning says so.
    pub fn balanced_accuracy(&self) -> f64 {
        match (self.positives() > 0, self.negatives() > 0) {
            (true, true) => (self.recall() + self.specificity()) / 2.0,
            (true, false) => self.recall(),
            (false, true) => self.specificity(),
            (false, false) => f64::NAN,
        }
    }

    /// Matthews correlation coefficient (`matthews_corrcoef`):
    /// `(tp·tn − fp·fn) / sqrt((tp+fp)(tp+fn)(tn+fp)(tn+fn))`, in `[−1, 1]`.
    /// Undefined when a factor of the denominator is 0 (one class in `y` or
    /// in the predictions): 0, as scikit-learn returns (it does not warn; we
    /// do).
    pub fn mcc(&self) -> f64 {
        let (tp, fp, tn, fn_) = (self.tp as f64, self.fp as f64, self.tn as f64, self.fn_ as f64);
        let den = (tp + fp) * (tp + fn_) * (tn + fp) * (tn + fn_);
        if den == 0.0 {
            return 0.0;
        }
        // Square roots of the two pair products keep the denominator far from
        // overflow even for billions of rows.
        (tp * tn - fp * fn_) / (((tp + fp) * (tp + fn_)).sqrt() * ((tn + fp) * (tn + fn_)).sqrt())
    }

    /// One sentence per value above that is a fallback rather than a
    /// defined ratio, in the order precision, recall, specificity, F1,
    /// balanced accuracy, MCC. Empty when everything is defined.
    pub fn warnings(&self) -> Vec<String> {
        let mut w = Vec::new();
        if self.rows() == 0 {
            w.push("confusion counts are all zero: no rows, every metric is undefined".to_string());
            return w;
        }
        if self.predicted_positive() == 0 {
            w.push(
                "precision is undefined: no row is predicted positive; reported as 0 (scikit-learn's zero_division default)"
                    .to_string(),
            );
        }
        if self.positives() == 0 {
            w.push(
                "recall is undefined: y has no positive rows; reported as 0 (scikit-learn's zero_division default)"
                    .to_string(),
            );
        }
        if self.negatives() == 0 {
            w.push(
                "specificity is undefined: y has no negative rows; reported as 0 (scikit-learn's zero_division default)"
                    .to_string(),
            );
        }
        if self.tp + self.fp + self.fn_ == 0 {
            w.push(
                "F1 is undefined: no positive rows and none predicted positive; reported as 0 (scikit-learn's zero_division default)"
                    .to_string(),
            );
        }
        match (self.positives() > 0, self.negatives() > 0) {
            (false, true) => w.push(
                "balanced accuracy uses the negative class only: y has no positive rows (as scikit-learn does)"
                    .to_string(),
            ),
            (true, false) => w.push(
                "balanced accuracy uses the positive class only: y has no negative rows (as scikit-learn does)"
                    .to_string(),
            ),
            _ => {}
        }
        if self.positives() == 0 || self.negatives() == 0 || self.predicted_positive() == 0 || self.tn + self.fn_ == 0 {
            w.push(
                "MCC is undefined: y or the predictions have one class only; reported as 0 (as scikit-learn does)"
                    .to_string(),
            );
        }
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(tp: u64, fp: u64, tn: u64, fn_: u64) -> Confusion {
        Confusion { tp, fp, tn, fn_ }
    }

    #[test]
    fn counts_at_threshold_include_ties_at_the_threshold() {
        // Scores >= 0.5 are predicted positive: rows 1, 2, 3.
        let y = [false, true, false, true, false];
        let s = [0.1, 0.5, 0.5, 0.9, 0.4];
        let m = Confusion::at_threshold(&y, &s, 0.5).unwrap();
        assert_eq!(m, c(2, 1, 2, 0));
    }

    #[test]
    fn hand_checked_metrics() {
        // tp=3 fp=1 tn=4 fn=2 (n=10, P=5, N=5).
        let m = c(3, 1, 4, 2);
        assert_eq!(m.accuracy(), 0.7);
        assert_eq!(m.majority_accuracy(), 0.5);
        assert_eq!(m.precision(), 0.75);
        assert_eq!(m.recall(), 0.6);
        assert_eq!(m.specificity(), 0.8);
        // 2·3 / (6 + 1 + 2) = 6/9
        assert!((m.f1() - 6.0 / 9.0).abs() < 1e-15);
        // β=2: 5·3 / (15 + 4·2 + 1) = 15/24
        assert!((m.fbeta(2.0).unwrap() - 15.0 / 24.0).abs() < 1e-15);
        assert_eq!(m.fbeta(0.0).unwrap(), 0.75);
        assert!((m.balanced_accuracy() - 0.7).abs() < 1e-15);
        // (12 − 2) / sqrt(4·5·5·6) = 10 / sqrt(600)
        assert!((m.mcc() - 10.0 / 600f64.sqrt()).abs() < 1e-15);
        assert!(m.warnings().is_empty());
    }

    #[test]
    fn nothing_predicted_positive_gives_zero_precision_and_a_warning() {
        let m = c(0, 0, 8, 2);
        assert_eq!(m.precision(), 0.0);
        assert_eq!(m.f1(), 0.0);
        assert_eq!(m.mcc(), 0.0);
        let w = m.warnings();
        assert!(w[0].starts_with("precision is undefined"), "{w:?}");
        assert!(w.iter().any(|s| s.starts_with("MCC")));
        assert!(!w.iter().any(|s| s.starts_with("F1")));
    }

    #[test]
    fn one_class_balanced_accuracy_is_the_present_class_recall() {
        // All negative, 2 of 3 predicted negative → specificity 2/3.
        let m = c(0, 1, 2, 0);
        assert!((m.balanced_accuracy() - 2.0 / 3.0).abs() < 1e-15);
        assert_eq!(m.recall(), 0.0);
        assert!(m.warnings().iter().any(|s| s.starts_with("recall is undefined")));
        let m = c(2, 0, 0, 1);
        assert!((m.balanced_accuracy() - 2.0 / 3.0).abs() < 1e-15);
        assert_eq!(m.specificity(), 0.0);
    }

    #[test]
    fn rejects_negative_and_nan_beta() {
        let m = c(1, 1, 1, 1);
        assert!(matches!(
            m.fbeta(-1.0),
            Err(MetricsError::BadParameter { name: "beta", .. })
        ));
        assert!(m.fbeta(f64::NAN).is_err());
        assert_eq!(
            m.fbeta(-1.0).unwrap_err().to_string(),
            "metrics error: beta must be in [0, inf), got -1"
        );
    }

    #[test]
    fn empty_counts_do_not_panic() {
        let m = Confusion::default();
        assert!(m.accuracy().is_nan());
        assert_eq!(m.warnings().len(), 1);
    }

    #[test]
    fn serialises_fn_under_its_plain_name() {
        let s = serde_json::to_string(&c(1, 2, 3, 4)).unwrap();
        assert_eq!(s, r#"{"tp":1,"fp":2,"tn":3,"fn":4}"#);
    }
}
