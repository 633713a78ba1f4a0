//! The fitted boosted trees: their saved (model-file) form, the checks a
//! loaded file must pass, scoring, and feature importance by gain.

use ndarray::{Array1, ArrayView2};
use serde::{Deserialize, Serialize};

use crate::models::Classifier;

/// A fitted boosted-trees model, as saved in the model file under
/// `"model": {"kind": "gbdt", ...}`:
///
/// ```json
/// {
///   "kind": "gbdt",
///   "n_features": 30,
///   "base_score": -6.36,
///   "learning_rate": 0.05,
///   "trees": [
///     { "left": [1, 0, 0], "right": [2, 0, 0], "feature": [14, 0, 0],
///       "threshold": [-2.5, 0, 0], "missing_left": [false, false, false],
///       "value": [0, -0.021, 0.034], "gain": [51.3, 0, 0],
///       "count": [182276, 181000, 1276], "cover": [310.2, 250.1, 60.1] }
///   ]
/// }
/// ```
///
/// The score of a row `x` (the model's `n_features` prepared features, in
/// the pipeline's order) is `P(positive) = 1 / (1 + exp(−z))` with
/// `z = base_score + Σ_trees value[leaf(x)]`. Each tree is an array of
/// nodes, node 0 the root: node `i` is a leaf when `left[i] = right[i] = 0`;
/// otherwise a row goes to `left[i]` when `x[feature[i]] ≤ threshold[i]`
/// (compared in `f32`: every threshold is an `f32` value), to `right[i]`
/// when it is greater, and to `left[i]` if `missing_left[i]` else
/// `right[i]` when it is NaN. Children always come after their parent.
/// `value` is the leaf's contribution to `z`, learning rate already
/// applied (at inner nodes, what the node would have given as a leaf);
/// `gain` is the split's loss reduction (0 at leaves), `count` the training
/// rows that reached the node, `cover` their hessian sum. `learning_rate`
/// is informational. Mapping to ONNX `TreeEnsembleRegressor`/`Classifier`
/// (ai.onnx.ml): `nodes_modes` `BRANCH_LEQ` at inner nodes and `LEAF` at
/// leaves, `nodes_missing_value_tracks_true = missing_left`,
/// `base_values = [base_score]`, `post_transform = "LOGISTIC"`.
///
/// Deserialising checks the invariants, so a damaged file is an error on
/// load, never a panic or a silent wrong score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawFittedGbdt")]
pub struct FittedGbdt {
    n_features: usize,
    base_score: f64,
    learning_rate: f64,
    trees: Vec<GbdtTree>,
}

/// One tree of a [`FittedGbdt`] (see there for the meaning of each array).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GbdtTree {
    pub left: Vec<u32>,
    pub right: Vec<u32>,
    pub feature: Vec<u32>,
    pub threshold: Vec<f64>,
    pub missing_left: Vec<bool>,
    pub value: Vec<f64>,
    pub gain: Vec<f64>,
    pub count: Vec<u32>,
    pub cover: Vec<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFittedGbdt {
    n_features: usize,
    base_score: f64,
    learning_rate: f64,
    trees: Vec<GbdtTree>,
}

/// A saved boosted-trees model that breaks the invariants of [`FittedGbdt`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("saved boosted trees are damaged: {0}")]
pub struct GbdtFormatError(String);

impl GbdtTree {
    fn check(&self, t: usize, n_features: usize) -> Result<(), GbdtFormatError> {
        let bad = |s: String| Err(GbdtFormatError(format!("tree {t}: {s}")));
        let len = self.value.len();
        if len == 0 {
            return bad("it has no nodes".into());
        }
        let lens = [
            self.left.len(),
            self.right.len(),
            self.feature.len(),
            self.threshold.len(),
            self.missing_left.len(),
            self.gain.len(),
            self.count.len(),
            self.cover.len(),
        ];
        if lens.iter().any(|&l| l != len) {
            return bad(format!("node arrays differ in length ({len} values, others {lens:?})"));
        }
        for i in 0..len {
            let (l, r) = (self.left[i] as usize, self.right[i] as usize);
            if !self.value[i].is_finite() || !self.gain[i].is_finite() || !self.cover[i].is_finite() {
                return bad(format!("node {i}: a value, gain or cover is not a finite number"));
            }
            if l == 0 && r == 0 {
                continue;
            }
            if l <= i || r <= i || l >= len || r >= len || l == r {
                return bad(format!(
                    "node {i}: children {l} and {r} must be distinct nodes after it, below {len}"
                ));
            }
            if self.feature[i] as usize >= n_features {
                return bad(format!("node {i}: feature {} of {n_features}", self.feature[i]));
            }
            let th = self.threshold[i];
            if !th.is_finite() || (th as f32) as f64 != th {
                return bad(format!("node {i}: threshold {th} is not a finite f32 value"));
            }
        }
        Ok(())
    }

    /// The leaf a row lands in.
    #[inline]
    fn leaf(&self, row: impl Fn(usize) -> f32) -> usize {
        let mut i = 0;
        while self.left[i] != 0 {
            let v = row(self.feature[i] as usize);
            let left = if v.is_nan() {
                self.missing_left[i]
            } else {
                v <= self.threshold[i] as f32
            };
            i = if left { self.left[i] } else { self.right[i] } as usize;
        }
        i
    }

    /// Number of leaves.
    pub fn n_leaves(&self) -> usize {
        self.left.iter().filter(|&&l| l == 0).count()
    }
}

impl TryFrom<RawFittedGbdt> for FittedGbdt {
    type Error = GbdtFormatError;
    fn try_from(r: RawFittedGbdt) -> Result<Self, GbdtFormatError> {
        FittedGbdt::new(r.n_features, r.base_score, r.learning_rate, r.trees)
    }
}

impl FittedGbdt {
    /// A model from its parts, checked as a loaded file is.
    pub fn new(
        n_features: usize,
        base_score: f64,
        learning_rate: f64,
        trees: Vec<GbdtTree>,
    ) -> Result<FittedGbdt, GbdtFormatError> {
        if n_features == 0 {
            return Err(GbdtFormatError("n_features is 0".into()));
        }
        if trees.is_empty() {
            return Err(GbdtFormatError("it has no trees".into()));
        }
        if !base_score.is_finite() {
            return Err(GbdtFormatError(format!("base_score {base_score} is not finite")));
        }
        if !(learning_rate.is_finite() && learning_rate > 0.0) {
            return Err(GbdtFormatError(format!(
                "learning_rate {learning_rate} is not positive"
            )));
        }
        for (t, tree) in trees.iter().enumerate() {
            tree.check(t, n_features)?;
        }
        Ok(FittedGbdt {
            n_features,
            base_score,
            learning_rate,
            trees,
        })
    }

    /// Number of features the model reads.
    pub fn n_features(&self) -> usize {
        self.n_features
    }
    /// The raw score before any tree (log-odds).
    pub fn base_score(&self) -> f64 {
        self.base_score
    }
    /// The shrinkage the leaf values were fitted with.
    pub fn learning_rate(&self) -> f64 {
        self.learning_rate
    }
    /// The trees, in boosting order.
    pub fn trees(&self) -> &[GbdtTree] {
        &self.trees
    }

    /// The raw score `z` (log-odds) of each row; NaN for every row if `x`
    /// does not have [`n_features`](Self::n_features) columns.
    pub fn decision_function(&self, x: ArrayView2<f32>) -> Array1<f64> {
        if x.ncols() != self.n_features {
            return Array1::from_elem(x.nrows(), f64::NAN);
        }
        x.outer_iter()
            .map(|row| self.base_score + self.trees.iter().map(|t| t.value[t.leaf(|f| row[f])]).sum::<f64>())
            .collect()
    }

    /// Total split gain per feature over all trees (LightGBM's
    /// `importance_type="gain"`): how much each feature lowered the
    /// training loss. Unnormalised, in feature order.
    pub fn feature_importance(&self) -> Vec<f64> {
        let mut out = vec![0.0; self.n_features];
        for t in &self.trees {
            for i in 0..t.value.len() {
                if t.left[i] != 0 {
                    out[t.feature[i] as usize] += t.gain[i];
                }
            }
        }
        out
    }
}

impl Classifier for FittedGbdt {
    /// `1 / (1 + exp(−z))` of [`decision_function`](FittedGbdt::decision_function).
    fn predict_proba(&self, x: ArrayView2<f32>) -> Array1<f64> {
        self.decision_function(x).mapv(|z| 1.0 / (1.0 + (-z).exp()))
    }
}
