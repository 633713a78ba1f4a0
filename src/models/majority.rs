//! The majority-class baseline: every row scores the training positive
//! rate. It answers "what does knowing nothing give?": ROC-AUC 0.5, PR-AUC
//! (average precision) equal to the prevalence, accuracy equal to the
//! majority share. Knows nothing of features, CSV or the browser.

use ndarray::{Array1, ArrayView2};
use serde::{Deserialize, Serialize};

use super::Classifier;

/// Fits the baseline: the (weighted) share of positive rows in `y`.
///
/// With `sample_weight`, `p = Σ_{y_i} s_i / Σ_i s_i`
/// (scikit-learn's `DummyClassifier(strategy="prior")` fitted with
/// `sample_weight`). Errors on no rows, a wrong-length or invalid weight,
/// or weights summing to zero.
pub fn fit_majority(y: &[bool], sample_weight: Option<&[f64]>) -> Result<FittedMajority, MajorityError> {
    if y.is_empty() {
        return Err(MajorityError::NoRows);
    }
    let (pos, total) = match sample_weight {
        None => (y.iter().filter(|&&v| v).count() as f64, y.len() as f64),
        Some(sw) => {
            if sw.len() != y.len() {
                return Err(MajorityError::SampleWeightLength {
                    found: sw.len(),
                    expected: y.len(),
                });
            }
            if let Some((row, &value)) = sw.iter().enumerate().find(|(_, v)| !(v.is_finite() && **v >= 0.0)) {
                return Err(MajorityError::BadSampleWeight { row, value });
            }
            let pos: f64 = sw.iter().zip(y).filter(|(_, &yi)| yi).map(|(w, _)| w).sum();
            (pos, sw.iter().sum())
        }
    };
    if !(total > 0.0 && total.is_finite()) {
        return Err(MajorityError::ZeroWeight);
    }
    Ok(FittedMajority {
        positive_rate: pos / total,
    })
}

/// Data the baseline cannot be fitted on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MajorityError {
    /// `y` is empty.
    #[error("majority baseline: y has no rows")]
    NoRows,
    /// `sample_weight` has the wrong length.
    #[error("majority baseline: sample_weight has {found} values but y has {expected} rows")]
    SampleWeightLength {
        /// Length of `sample_weight`.
        found: usize,
        /// Length of `y`.
        expected: usize,
    },
    /// A sample weight is negative, NaN or infinite (index from 0).
    #[error("majority baseline: sample_weight at row index {row} is {value}; weights must be finite and >= 0")]
    BadSampleWeight {
        /// Row index, from 0.
        row: usize,
        /// The weight found.
        value: f64,
    },
    /// The sample weights sum to zero.
    #[error("majority baseline: the sample weights sum to zero; at least one row needs a positive weight")]
    ZeroWeight,
}

/// The fitted baseline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FittedMajority {
    /// The training positive rate, in `[0, 1]`: every row's score.
    pub positive_rate: f64,
}

impl Classifier for FittedMajority {
    /// [`FittedMajority::positive_rate`] for every row, whatever the columns.
    fn predict_proba(&self, x: ArrayView2<f32>) -> Array1<f64> {
        Array1::from_elem(x.nrows(), self.positive_rate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn scores_are_the_training_rate() {
        // 1 positive of 4 → 0.25; weights 3,1,1,1 with the positive first → 3/6.
        let y = [true, false, false, false];
        assert_eq!(fit_majority(&y, None).unwrap().positive_rate, 0.25);
        let m = fit_majority(&y, Some(&[3.0, 1.0, 1.0, 1.0])).unwrap();
        assert_eq!(m.positive_rate, 0.5);
        let p = m.predict_proba(Array2::<f32>::zeros((3, 7)).view());
        assert_eq!(p.to_vec(), vec![0.5; 3]);
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(fit_majority(&[], None), Err(MajorityError::NoRows));
        assert!(matches!(
            fit_majority(&[true], Some(&[1.0, 2.0])),
            Err(MajorityError::SampleWeightLength { found: 2, expected: 1 })
        ));
        assert!(matches!(
            fit_majority(&[true, false], Some(&[1.0, -2.0])),
            Err(MajorityError::BadSampleWeight { row: 1, .. })
        ));
        assert_eq!(
            fit_majority(&[true, false], Some(&[0.0, 0.0])),
            Err(MajorityError::ZeroWeight)
        );
    }
}
