//! The coefficients of a logistic regression on a common scale: each weight
//! times its feature's standard deviation on the training rows, the change
//! in log-odds for a one-standard-deviation change of the feature. Raw
//! weights of features in different units do not compare; these do (when
//! the pipeline standardised the features the two are nearly equal).

use ndarray::ArrayView2;
use serde::Serialize;

use super::InspectError;

/// One feature's weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coefficient {
    /// The prepared feature (`"amount"`, `"state=CA"`).
    pub feature: String,
    /// The model's weight (scikit-learn's `coef_[0][j]`).
    pub coef: f64,
    /// The feature's standard deviation on the training rows (ddof 0, as
    /// `X.std(axis=0)`).
    pub std: f64,
    /// `coef × std`: the change in log-odds per standard deviation; its
    /// sign says which class a larger value pushes towards.
    pub standardised: f64,
}

/// The standardised coefficients of `coef` on the training matrix
/// `x_train` (column `j` is feature `names[j]`), largest magnitude first
/// (ties in feature order).
///
/// Errors: `coef`, `names` and the matrix's columns disagree in number.
pub fn standardised_coefficients(
    coef: &[f64],
    x_train: ArrayView2<f32>,
    names: &[String],
) -> Result<Vec<Coefficient>, InspectError> {
    if coef.len() != x_train.ncols() || names.len() != coef.len() {
        return Err(InspectError::Columns {
            coefficients: coef.len(),
            columns: x_train.ncols(),
        });
    }
    let n = x_train.nrows().max(1) as f64;
    let mut out: Vec<Coefficient> = x_train
        .columns()
        .into_iter()
        .zip(coef)
        .zip(names)
        .map(|((column, &w), name)| {
            // Two passes in f64: the mean, then the squared deviations.
            let mean = column.iter().map(|&v| v as f64).sum::<f64>() / n;
            let var = column.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / n;
            let std = var.sqrt();
            Coefficient {
                feature: name.clone(),
                coef: w,
                std,
                standardised: w * std,
            }
        })
        .collect();
    out.sort_by(|a, b| b.standardised.abs().total_cmp(&a.standardised.abs()));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn hand_values_sorted_by_magnitude() {
        // Column a: 1, 3 → mean 2, std 1; column b: 0, 0 → std 0;
        // column c: 0, 10 → std 5. coef 0.5, 9, −0.2 → 0.5, 0, −1.
        let x = array![[1.0f32, 0.0, 0.0], [3.0, 0.0, 10.0]];
        let names: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let c = standardised_coefficients(&[0.5, 9.0, -0.2], x.view(), &names).unwrap();
        let order: Vec<&str> = c.iter().map(|c| c.feature.as_str()).collect();
        assert_eq!(order, ["c", "a", "b"]);
        assert!((c[0].standardised + 1.0).abs() < 1e-12);
        assert!((c[0].std - 5.0).abs() < 1e-12);
        assert!((c[1].standardised - 0.5).abs() < 1e-12);
        assert_eq!(c[2].standardised, 0.0);
    }

    #[test]
    fn refuses_mismatched_lengths() {
        let x = array![[1.0f32, 2.0]];
        let names = vec!["a".to_string(), "b".to_string()];
        let e = standardised_coefficients(&[1.0], x.view(), &names).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the model has 1 coefficients but the matrix has 2 columns"
        );
    }
}
