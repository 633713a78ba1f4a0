//! Histogram-based gradient-boosted trees for binary log-loss (the family of
//! LightGBM and scikit-learn's `HistGradientBoostingClassifier`):
//! parameters ([`GbdtParams`] → [`ValidGbdt`]), the boosting fit
//! (`fit`), and the fitted ensemble ([`FittedGbdt`], the model file's
//! form). Knows nothing of CSV, preprocessing or the browser.
//!
//! # The fit
//!
//! Each feature is cut into at most `max_bins` bins from the training rows
//! (`bins`), missing values (NaN) in a bin of their own, and the rows are
//! stored as one byte per value. The raw score starts at the weighted
//! log-odds of the training labels; each round computes every row's
//! gradient `w·(p − y)` and hessian `w·p·(1 − p)` (`w` the class weight),
//! grows one tree on them (`grow`: histograms, best split per node with a
//! learned side for missing values, leaf-wise or depth-wise), and adds
//! `learning_rate × (−G/(H + λ))` of the row's leaf to its raw score.
//! Optional per-round row subsampling (`subsample`, without replacement)
//! and per-tree feature subsampling (`colsample`) draw from the caller's
//! [`Rng`](crate::rng::Rng). With early stopping, the validation rows'
//! average precision or log-loss is computed after every round and the
//! trees after the best round are dropped once `patience` rounds in a row
//! did not beat it.
//!
//! Written here rather than bound from a crate: the model must compile to
//! wasm32 without threads or C code, read the project's `f32` matrices,
//! draw from its one seeded generator, and save as the project's JSON
//! model file; no Rust GBDT crate on the registry does all four.

mod bins;
mod fit;
mod grow;
mod model;

pub use model::{FittedGbdt, GbdtFormatError, GbdtTree};

use serde::{Deserialize, Serialize};

use super::logistic::ClassWeight;
use crate::progress::Cancelled;

/// How each tree grows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Growth {
    /// Split the leaf with the largest gain next (LightGBM's, and
    /// scikit-learn HGB's best-first growth).
    LeafWise,
    /// Split every splittable node of a level before the next level
    /// (XGBoost's `depthwise`).
    DepthWise,
}

/// What early stopping watches on the validation rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopMetric {
    /// No early stopping: all `n_rounds` trees are kept.
    None,
    /// Average precision (PR-AUC) of the validation rows, higher is better:
    /// the default, as log-loss barely moves on rare positives.
    ValAp,
    /// Mean log-loss of the validation rows (unweighted), lower is better.
    ValLoss,
}

checked_params! {
/// Hyperparameters of boosted trees, checked. Build one with
/// [`GbdtParams`]; deserialising also checks.
///
/// In JSON (every field optional, unknown ones an error): `{"n_rounds":
/// 300, "learning_rate": 0.05, "growth": "leaf_wise", "max_leaves": 31,
/// "max_depth": null, "min_samples_leaf": 20, "min_child_weight": 0.001,
/// "lambda": 0, "max_bins": 255, "subsample": 1, "colsample": 1,
/// "class_weight": "none", "early_stopping": "val_ap", "patience": 30}`.
    #[derive(Copy)]
    pub struct ValidGbdt(GbdtParams as "GbdtParams") checked by GbdtParamError;
}

impl Default for GbdtParams {
    /// 300 rounds at rate 0.05 with 31-leaf trees, stopped on validation
    /// AP (patience 30): enough rounds for rare positives, where
    /// stopping on the loss stops too early.
    fn default() -> Self {
        GbdtParams {
            n_rounds: 300,
            learning_rate: 0.05,
            growth: Growth::LeafWise,
            max_leaves: Some(31),
            max_depth: None,
            min_samples_leaf: 20,
            min_child_weight: 1e-3,
            lambda: 0.0,
            max_bins: 255,
            subsample: 1.0,
            colsample: 1.0,
            class_weight: ClassWeight::None,
            early_stopping: StopMetric::ValAp,
            patience: 30,
        }
    }
}

/// Unchecked boosted-tree hyperparameters: a builder; call
/// [`check`](GbdtParams::check).
///
/// ```
/// use rareclass::models::gbdt::{GbdtParams, GbdtParamError};
/// # fn main() -> Result<(), GbdtParamError> {
/// let params = GbdtParams::default().n_rounds(50).max_leaves(Some(15)).check()?;
/// assert_eq!(params.n_rounds(), 50);
/// let bad = GbdtParams::default().learning_rate(0.0).check();
/// assert!(matches!(bad, Err(GbdtParamError::LearningRate(_))));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GbdtParams {
    pub n_rounds: usize,
    pub learning_rate: f64,
    pub growth: Growth,
    pub max_leaves: Option<usize>,
    pub max_depth: Option<usize>,
    pub min_samples_leaf: usize,
    pub min_child_weight: f64,
    pub lambda: f64,
    pub max_bins: usize,
    pub subsample: f64,
    pub colsample: f64,
    pub class_weight: ClassWeight,
    pub early_stopping: StopMetric,
    pub patience: usize,
}

impl GbdtParams {
    /// Most boosting rounds (trees), `∈ [1, inf)`. Default 300.
    pub fn n_rounds(mut self, n: usize) -> Self {
        self.n_rounds = n;
        self
    }
    /// Shrinkage of every leaf value, `∈ (0, inf)`. Default 0.05.
    pub fn learning_rate(mut self, r: f64) -> Self {
        self.learning_rate = r;
        self
    }
    /// Leaf-wise or depth-wise growth. Default leaf-wise.
    pub fn growth(mut self, g: Growth) -> Self {
        self.growth = g;
        self
    }
    /// Most leaves per tree, `∈ [2, inf)` or `None`. Default 31.
    pub fn max_leaves(mut self, n: Option<usize>) -> Self {
        self.max_leaves = n;
        self
    }
    /// Deepest level (root = 0), `∈ [1, inf)` or `None`. Default `None`.
    pub fn max_depth(mut self, d: Option<usize>) -> Self {
        self.max_depth = d;
        self
    }
    /// Fewest training rows per leaf, `∈ [1, inf)`. Default 20.
    pub fn min_samples_leaf(mut self, n: usize) -> Self {
        self.min_samples_leaf = n;
        self
    }
    /// Smallest hessian sum per leaf, `∈ [0, inf)`. Default 1e-3.
    pub fn min_child_weight(mut self, w: f64) -> Self {
        self.min_child_weight = w;
        self
    }
    /// L2 penalty λ on leaf values, `∈ [0, inf)`. Default 0.
    pub fn lambda(mut self, l: f64) -> Self {
        self.lambda = l;
        self
    }
    /// Most value bins per feature, `∈ [2, 255]`. Default 255.
    pub fn max_bins(mut self, n: usize) -> Self {
        self.max_bins = n;
        self
    }
    /// Share of the training rows each round sees, `∈ (0, 1]`. Default 1.
    pub fn subsample(mut self, s: f64) -> Self {
        self.subsample = s;
        self
    }
    /// Share of the features each tree may split on, `∈ (0, 1]`. Default 1.
    pub fn colsample(mut self, s: f64) -> Self {
        self.colsample = s;
        self
    }
    /// Class weighting of the loss. Default none.
    pub fn class_weight(mut self, c: ClassWeight) -> Self {
        self.class_weight = c;
        self
    }
    /// What early stopping watches. Default validation AP.
    pub fn early_stopping(mut self, m: StopMetric) -> Self {
        self.early_stopping = m;
        self
    }
    /// Rounds without a better validation value before stopping, `∈ [1, inf)`.
    /// Default 30.
    pub fn patience(mut self, n: usize) -> Self {
        self.patience = n;
        self
    }

    /// Checks every hyperparameter against its interval.
    pub fn check(self) -> Result<ValidGbdt, GbdtParamError> {
        let v = self;
        if v.n_rounds == 0 {
            return Err(GbdtParamError::NRounds);
        }
        if !(v.learning_rate.is_finite() && v.learning_rate > 0.0) {
            return Err(GbdtParamError::LearningRate(v.learning_rate));
        }
        if let Some(m) = v.max_leaves.filter(|&m| m < 2) {
            return Err(GbdtParamError::MaxLeaves(m));
        }
        if v.max_depth == Some(0) {
            return Err(GbdtParamError::MaxDepth);
        }
        if v.max_leaves.is_none() && v.max_depth.is_none() {
            return Err(GbdtParamError::Unbounded);
        }
        if v.min_samples_leaf == 0 {
            return Err(GbdtParamError::MinSamplesLeaf);
        }
        for (name, value) in [("min_child_weight", v.min_child_weight), ("lambda", v.lambda)] {
            if !(value.is_finite() && value >= 0.0) {
                return Err(GbdtParamError::NotNonNegative { name, value });
            }
        }
        if !(2..=255).contains(&v.max_bins) {
            return Err(GbdtParamError::MaxBins(v.max_bins));
        }
        for (name, value) in [("subsample", v.subsample), ("colsample", v.colsample)] {
            if !(value > 0.0 && value <= 1.0) {
                return Err(GbdtParamError::Share { name, value });
            }
        }
        if v.patience == 0 {
            return Err(GbdtParamError::Patience);
        }
        if let ClassWeight::Custom { negative, positive } = v.class_weight {
            for (class, value) in [("negative", negative), ("positive", positive)] {
                if !(value.is_finite() && value > 0.0) {
                    return Err(GbdtParamError::ClassWeight { class, value });
                }
            }
        }
        Ok(ValidGbdt(v))
    }
}

impl ValidGbdt {
    /// Most boosting rounds.
    pub fn n_rounds(&self) -> usize {
        self.n_rounds
    }
    /// Shrinkage.
    pub fn learning_rate(&self) -> f64 {
        self.learning_rate
    }
    /// How trees grow.
    pub fn growth(&self) -> Growth {
        self.growth
    }
    /// Most leaves per tree.
    pub fn max_leaves(&self) -> Option<usize> {
        self.max_leaves
    }
    /// Depth limit.
    pub fn max_depth(&self) -> Option<usize> {
        self.max_depth
    }
    /// The class weighting.
    pub fn class_weight(&self) -> ClassWeight {
        self.class_weight
    }
    /// What early stopping watches.
    pub fn early_stopping(&self) -> StopMetric {
        self.early_stopping
    }
    /// Whether the fit uses validation rows.
    pub fn uses_validation(&self) -> bool {
        self.early_stopping != StopMetric::None
    }
    /// The same settings with other class weights (any checked class
    /// weight is valid).
    pub(crate) fn with_class_weight(mut self, class_weight: ClassWeight) -> ValidGbdt {
        self.0.class_weight = class_weight;
        self
    }
}

/// A boosted-trees hyperparameter outside its interval.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GbdtParamError {
    #[error("n_rounds must be at least 1, got 0")]
    NRounds,
    #[error("learning_rate must be a positive number, got {0}")]
    LearningRate(f64),
    #[error("max_leaves must be at least 2 (or unlimited), got {0}")]
    MaxLeaves(usize),
    #[error("max_depth must be at least 1 (or unlimited), got 0")]
    MaxDepth,
    #[error("max_leaves and max_depth are both unlimited; set one of them (e.g. max_leaves 31)")]
    Unbounded,
    #[error("min_samples_leaf must be at least 1, got 0")]
    MinSamplesLeaf,
    #[error("{name} must be a number ≥ 0, got {value}")]
    NotNonNegative { name: &'static str, value: f64 },
    #[error("max_bins must be in [2, 255], got {0}")]
    MaxBins(usize),
    #[error("{name} must be in (0, 1], got {value}")]
    Share { name: &'static str, value: f64 },
    #[error("patience must be at least 1 round, got 0 (early_stopping none turns stopping off)")]
    Patience,
    #[error("class weight of the {class} class must be a positive finite number, got {value}")]
    ClassWeight { class: &'static str, value: f64 },
}

/// Data boosted trees cannot be fitted on, or a cancelled fit.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GbdtFitError {
    #[error("x has no rows; boosted trees need rows of both classes")]
    NoRows,
    #[error("x has no feature columns; boosted trees need at least one")]
    NoFeatures,
    #[error("x has {x_rows} rows but y has {y_len} labels; they must match")]
    RowMismatch { x_rows: usize, y_len: usize },
    #[error("the validation rows have {found} columns but the training rows {expected}")]
    ValColumns { found: usize, expected: usize },
    #[error("the validation x has {x_rows} rows but its y has {y_len} labels; they must match")]
    ValRowMismatch { x_rows: usize, y_len: usize },
    #[error("y has only {present} rows; boosted trees need both classes")]
    OneClass { present: &'static str },
    #[error("x has {0} rows; boosted trees handle at most 4294967295")]
    TooManyRows(usize),
    #[error("the fitted trees failed their own check (a bug; please report it): {0}")]
    Internal(#[from] GbdtFormatError),
    #[error("boosted trees fit cancelled")]
    Cancelled(#[from] Cancelled),
}
