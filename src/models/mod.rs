//! Classifiers. Each follows params → checked params → fitted model: an
//! unchecked builder, a `check()` that validates hyperparameters, `fit` on
//! the checked type (data checks live there), and prediction only on the
//! fitted type. Knows nothing of CSV or the browser.

use ndarray::{Array1, ArrayView2};

pub mod class_weight;
pub mod dan;
pub mod early_stop;
pub mod forest;
pub mod gbdt;
pub(crate) mod linalg;
pub mod logistic;
pub mod majority;
pub mod mlp;
pub mod tree;

/// A fitted binary classifier.
pub trait Classifier {
    /// The probability of the positive class for each row of `x`.
    fn predict_proba(&self, x: ArrayView2<f32>) -> Array1<f64>;
}
