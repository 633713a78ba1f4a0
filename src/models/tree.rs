//! A CART decision-tree classifier (Gini impurity, binary splits on one
//! feature at a threshold), as scikit-learn's `DecisionTreeClassifier`:
//! parameters ([`TreeParams`] → [`ValidTree`]), data checks and the fit,
//! and the fitted tree ([`FittedTree`]). Also the growing core that
//! `forest` reuses. Knows nothing of CSV, preprocessing or the browser.
//!
//! # How splits are found (and what it costs)
//!
//! Each feature's row order is sorted once ([`Presorted`], O(d·n·log n)),
//! and every node keeps, per feature, its rows in that sorted order in one
//! contiguous segment. A node's best split on a feature is then one linear
//! scan of its segment; after the split every feature's segment is
//! stably partitioned into left and right rows (O(d) per row per level).
//! A whole tree costs O(d·Σ_leaves n_leaf·depth_leaf), about O(d·n·depth),
//! with no sorting after the first and no allocation per node; memory is
//! two `d × n` arrays (row ids and values). A forest sorts once and only
//! filters the sorted orders by each bootstrap sample (O(d·n) per tree).
//! The split scan (a weight lookup by row id and two divisions per
//! distinct value) dominates with all features tried; the partition with
//! `sqrt` features. Measured on the credit-card training rows: see
//! [`ValidTree::fit`] and `forest`.
//!
//! The rules follow scikit-learn 1.9's `BestSplitter` so a tree with
//! `max_features = all` matches it exactly (ties between equally good
//! splits aside): features compared as f32; a split only between sorted
//! neighbours that differ by more than `1e-7`; threshold
//! `a/2 + b/2` (f64) of the two f32 values around it; a row goes left when
//! `x ≤ threshold`; candidates that leave fewer than `min_samples_leaf`
//! rows on a side are skipped; the split maximises
//! `−W_R·gini_R − W_L·gini_L`; a node is a leaf when it is pure
//! (Gini ≤ f64 epsilon), at `max_depth`, has fewer than
//! `min_samples_split` or `2·min_samples_leaf` rows, or has no valid split.
//! Constant features (spread ≤ 1e-7 in the node) are skipped and do not
//! count towards `max_features`.

use ndarray::{Array1, ArrayView2};
use serde::{Deserialize, Serialize};

use super::class_weight::class_weight_factors;
use super::logistic::ClassWeight;
use super::Classifier;
use crate::progress::{Cancelled, Monitor, Progress};
use crate::rng::Rng;

/// scikit-learn's `FEATURE_THRESHOLD`: values closer than this are one value.
const FEATURE_THRESHOLD: f64 = 1e-7;

/// How many features each split considers.
///
/// In JSON: `"all"`, `"sqrt"`, `"log2"` or `{"count": 5}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaxFeatures {
    /// Every feature (the single tree's default; deterministic).
    All,
    /// `max(1, floor(√d))` features drawn at random per node (the forest's
    /// default, scikit-learn's `"sqrt"`).
    Sqrt,
    /// `max(1, floor(log₂ d))` features per node.
    Log2,
    /// This many features per node, `∈ [1, inf)`; more than `d` means all.
    Count(usize),
}

impl MaxFeatures {
    /// The number of features per node for `d` features, in `[1, d]` (0 if
    /// `d = 0`).
    pub fn resolve(self, d: usize) -> usize {
        let m = match self {
            MaxFeatures::All => d,
            MaxFeatures::Sqrt => (d as f64).sqrt().floor() as usize,
            MaxFeatures::Log2 => (d as f64).log2().floor() as usize,
            MaxFeatures::Count(m) => m,
        };
        m.clamp(1, d.max(1)).min(d)
    }
}

checked_params! {
/// Hyperparameters of a decision tree, checked. Build one with
/// [`TreeParams`]; deserialising also checks.
///
/// The fit grows the tree of scikit-learn 1.9's
/// `DecisionTreeClassifier(criterion="gini", splitter="best",
/// max_depth=..., min_samples_split=..., min_samples_leaf=...,
/// max_features=..., class_weight=...)`: the Gini impurity of a node with
/// weighted class totals `W_0, W_1` (`W = W_0 + W_1`) is
/// `1 − (W_0² + W_1²)/W²`, where a row weighs
/// `sample_weight_i · class_weight(y_i)` (see [`ClassWeight`]; `Balanced`
/// uses `S/(2·S_c)` over the sample weights). Rows of weight 0 are left out.
///
/// In JSON (the form of [`TreeParams`]): `{"max_depth": 5, "min_samples_split": 2, "min_samples_leaf":
/// 1, "max_features": "all", "class_weight": "none"}`; missing fields take
/// their defaults (`max_depth` null = unlimited), unknown ones are an error.
    #[derive(Copy)]
    pub struct ValidTree(TreeParams as "TreeParams") checked by TreeParamError;
}

/// Unchecked decision-tree hyperparameters, the JSON form and a builder;
/// call [`check`](TreeParams::check). Defaults are scikit-learn's.
///
/// ```
/// use rareclass::models::tree::{TreeParams, TreeParamError};
/// # fn main() -> Result<(), TreeParamError> {
/// let params = TreeParams::default().max_depth(Some(3)).check()?;
/// assert_eq!(params.max_depth(), Some(3));
/// let bad = TreeParams::default().min_samples_split(1).check();
/// assert!(matches!(bad, Err(TreeParamError::MinSamplesSplit(1))));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TreeParams {
    pub max_depth: Option<usize>,
    pub min_samples_split: usize,
    pub min_samples_leaf: usize,
    pub max_features: MaxFeatures,
    pub class_weight: ClassWeight,
}

impl Default for TreeParams {
    fn default() -> Self {
        TreeParams {
            max_depth: None,
            min_samples_split: 2,
            min_samples_leaf: 1,
            max_features: MaxFeatures::All,
            class_weight: ClassWeight::None,
        }
    }
}

impl TreeParams {
    /// Deepest level of a node (root = 0), `∈ [1, inf)`; `None` grows until
    /// the leaves are pure or too small. Default `None`.
    pub fn max_depth(mut self, max_depth: Option<usize>) -> Self {
        self.max_depth = max_depth;
        self
    }
    /// Fewest rows a node needs to be split, `∈ [2, inf)`. Default `2`.
    pub fn min_samples_split(mut self, n: usize) -> Self {
        self.min_samples_split = n;
        self
    }
    /// Fewest rows each child of a split must get, `∈ [1, inf)`. Default `1`.
    pub fn min_samples_leaf(mut self, n: usize) -> Self {
        self.min_samples_leaf = n;
        self
    }
    /// Features considered per split. Default [`MaxFeatures::All`].
    pub fn max_features(mut self, m: MaxFeatures) -> Self {
        self.max_features = m;
        self
    }
    /// Class weighting. Default [`ClassWeight::None`].
    pub fn class_weight(mut self, class_weight: ClassWeight) -> Self {
        self.class_weight = class_weight;
        self
    }

    /// Checks every hyperparameter against its interval.
    pub fn check(self) -> Result<ValidTree, TreeParamError> {
        let v = self;
        if v.max_depth == Some(0) {
            return Err(TreeParamError::MaxDepth);
        }
        if v.min_samples_split < 2 {
            return Err(TreeParamError::MinSamplesSplit(v.min_samples_split));
        }
        if v.min_samples_leaf < 1 {
            return Err(TreeParamError::MinSamplesLeaf);
        }
        if v.max_features == MaxFeatures::Count(0) {
            return Err(TreeParamError::MaxFeatures);
        }
        if let ClassWeight::Custom { negative, positive } = v.class_weight {
            for (class, value) in [("negative", negative), ("positive", positive)] {
                if !(value.is_finite() && value > 0.0) {
                    return Err(TreeParamError::ClassWeight { class, value });
                }
            }
        }
        Ok(ValidTree(v))
    }
}

/// A tree hyperparameter outside its interval.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TreeParamError {
    /// `max_depth` is 0.
    #[error("max_depth must be at least 1 (or unlimited), got 0")]
    MaxDepth,
    /// `min_samples_split` is below 2.
    #[error("min_samples_split must be at least 2, got {0}")]
    MinSamplesSplit(usize),
    /// `min_samples_leaf` is 0.
    #[error("min_samples_leaf must be at least 1, got 0")]
    MinSamplesLeaf,
    /// `max_features` is `{"count": 0}`.
    #[error("max_features must be at least 1, got 0")]
    MaxFeatures,
    /// A custom class weight is not in `(0, inf)`.
    #[error("class weight of the {class} class must be a positive finite number, got {value}")]
    ClassWeight {
        /// `"negative"` or `"positive"`.
        class: &'static str,
        /// The rejected weight.
        value: f64,
    },
    /// The forest's `n_trees` is 0.
    #[error("n_trees must be at least 1, got 0")]
    NTrees,
    /// The forest's `n_trees` is past [`crate::limits::MAX_TREES`].
    #[error("n_trees must be at most {}, got {}", crate::limits::count_text(crate::limits::MAX_TREES as u64), .0)]
    TooManyTrees(usize),
}

/// Data a tree (or forest) cannot be fitted on, or a cancelled fit.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TreeFitError {
    /// `x` has no rows.
    #[error("x has no rows; a tree needs rows of both classes")]
    NoRows,
    /// `x` has no columns.
    #[error("x has no feature columns; a tree needs at least one")]
    NoFeatures,
    /// `x` and `y` differ in length.
    #[error("x has {x_rows} rows but y has {y_len} labels; they must match")]
    RowMismatch {
        /// Rows of `x`.
        x_rows: usize,
        /// Length of `y`.
        y_len: usize,
    },
    /// A value of `x` is NaN or infinite (indices from 0).
    #[error("x row index {row}, column index {column}: value {value} is not finite; impute or drop it before fitting")]
    NonFinite {
        /// Row index, from 0.
        row: usize,
        /// Column index, from 0.
        column: usize,
        /// The value found.
        value: f32,
    },
    /// Every label is the same.
    #[error("y has only {present} rows; a tree classifier needs both classes")]
    OneClass {
        /// `"negative"` or `"positive"`.
        present: &'static str,
    },
    /// `sample_weight` has the wrong length.
    #[error("sample_weight has {found} values but x has {expected} rows")]
    SampleWeightLength {
        /// Length of `sample_weight`.
        found: usize,
        /// Rows of `x`.
        expected: usize,
    },
    /// A sample weight is negative, NaN or infinite (index from 0).
    #[error("sample_weight at row index {row} is {value}; weights must be finite and >= 0")]
    BadSampleWeight {
        /// Row index, from 0.
        row: usize,
        /// The weight found.
        value: f64,
    },
    /// The weights of one class sum to zero.
    #[error("sample weights of the {class} rows sum to zero; a tree needs both classes with positive weight")]
    ZeroClassWeight {
        /// `"negative"` or `"positive"`.
        class: &'static str,
    },
    /// More rows than a tree indexes (`u32`).
    #[error("x has {0} rows; trees handle at most 4294967295")]
    TooManyRows(usize),
    /// A forest would need more memory than a tab has (the message has the numbers).
    #[error("{0}")]
    TooBig(String),
    /// The monitor asked to stop.
    #[error("tree fit cancelled")]
    Cancelled(#[from] Cancelled),
}

/// Checks `x`, `y` and `sample_weight` and returns each row's weight
/// (sample weight × class weight).
pub(crate) fn check_data(
    x: ArrayView2<f32>,
    y: &[bool],
    sample_weight: Option<&[f64]>,
    class_weight: ClassWeight,
) -> Result<Vec<f64>, TreeFitError> {
    let (n, d) = x.dim();
    if n == 0 {
        return Err(TreeFitError::NoRows);
    }
    if d == 0 {
        return Err(TreeFitError::NoFeatures);
    }
    if n > u32::MAX as usize {
        return Err(TreeFitError::TooManyRows(n));
    }
    if y.len() != n {
        return Err(TreeFitError::RowMismatch {
            x_rows: n,
            y_len: y.len(),
        });
    }
    for (row, r) in x.outer_iter().enumerate() {
        if let Some((column, &value)) = r.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(TreeFitError::NonFinite { row, column, value });
        }
    }
    let n_pos = y.iter().filter(|&&v| v).count();
    if n_pos == 0 || n_pos == n {
        let present = if n_pos == 0 { "negative" } else { "positive" };
        return Err(TreeFitError::OneClass { present });
    }
    let mut w = match sample_weight {
        None => vec![1.0; n],
        Some(sw) => {
            if sw.len() != n {
                return Err(TreeFitError::SampleWeightLength {
                    found: sw.len(),
                    expected: n,
                });
            }
            if let Some((row, &value)) = sw.iter().enumerate().find(|(_, v)| !(v.is_finite() && **v >= 0.0)) {
                return Err(TreeFitError::BadSampleWeight { row, value });
            }
            sw.to_vec()
        }
    };
    for (class, positive) in [("negative", false), ("positive", true)] {
        let total: f64 = w.iter().zip(y).filter(|(_, &yi)| yi == positive).map(|(v, _)| v).sum();
        if !(total > 0.0 && total.is_finite()) {
            return Err(TreeFitError::ZeroClassWeight { class });
        }
    }
    let (wn, wp) = class_weight_factors(class_weight, y, Some(&w));
    for (wi, &yi) in w.iter_mut().zip(y) {
        *wi *= if yi { wp } else { wn };
    }
    Ok(w)
}

/// Every feature's rows sorted by value (ties by row index), computed once
/// and shared by all the trees of a forest. `d × n` row ids plus a
/// column-major copy of `x`.
pub(crate) struct Presorted {
    n: usize,
    d: usize,
    order: Vec<u32>,
    xcol: Vec<f32>,
}

impl Presorted {
    /// Sorts each column of `x` (finite values): O(d·n·log n).
    pub(crate) fn new(x: ArrayView2<f32>) -> Presorted {
        let (n, d) = x.dim();
        let mut xcol = Vec::with_capacity(n * d);
        for col in x.columns() {
            xcol.extend(col.iter().copied());
        }
        let mut order = Vec::with_capacity(n * d);
        let mut keys: Vec<u64> = Vec::with_capacity(n);
        for f in 0..d {
            let col = &xcol[f * n..(f + 1) * n];
            // One u64 per row: the value's order-preserving bits above the
            // row index, so a plain integer sort orders by value, then row
            // (several times faster than a comparator on the values).
            keys.clear();
            keys.extend(
                col.iter()
                    .enumerate()
                    .map(|(i, &v)| ((ordered_bits(v) as u64) << 32) | i as u64),
            );
            keys.sort_unstable();
            order.extend(keys.iter().map(|&k| k as u32));
        }
        Presorted { n, d, order, xcol }
    }
}

/// `v`'s bits mapped so that unsigned order is numeric order (finite `v`;
/// −0 sorts just before +0, which the splitter treats as one value).
fn ordered_bits(v: f32) -> u32 {
    let b = v.to_bits();
    if b & 0x8000_0000 != 0 {
        !b
    } else {
        b | 0x8000_0000
    }
}

/// What the growing loop needs besides the data.
pub(crate) struct GrowConfig {
    pub max_depth: Option<usize>,
    pub min_samples_split: usize,
    pub min_samples_leaf: usize,
    /// Features per node, in `[1, d]`.
    pub max_features: usize,
}

impl GrowConfig {
    pub(crate) fn from_tree(t: &ValidTree, d: usize) -> GrowConfig {
        GrowConfig {
            max_depth: t.max_depth,
            min_samples_split: t.min_samples_split,
            min_samples_leaf: t.min_samples_leaf,
            max_features: t.max_features.resolve(d),
        }
    }
}

/// A node waiting to be grown.
struct Pending {
    start: usize,
    end: usize,
    depth: usize,
    /// The parent's id and whether this is its left child.
    parent: Option<(usize, bool)>,
}

/// Grows one tree on the rows of `pre` with positive weight `w[i]`.
/// Feature draws (when `max_features < d`) come from `rng`. `monitor` is
/// told the share of weighted rows settled in leaves, now and then.
pub(crate) fn grow(
    pre: &Presorted,
    y: &[bool],
    w: &[f64],
    cfg: &GrowConfig,
    rng: &mut Rng,
    monitor: &mut dyn Monitor,
) -> Result<FittedTree, Cancelled> {
    let (n, d) = (pre.n, pre.d);
    // Per row: weight and weight if positive, side by side for one cache line.
    let wy: Vec<[f64; 2]> = w
        .iter()
        .zip(y)
        .map(|(&wi, &yi)| [wi, if yi { wi } else { 0.0 }])
        .collect();
    let m = w.iter().filter(|&&v| v > 0.0).count();
    let mut idx = Vec::with_capacity(m * d);
    let mut vals = Vec::with_capacity(m * d);
    for f in 0..d {
        let col = &pre.xcol[f * n..(f + 1) * n];
        for &i in &pre.order[f * n..(f + 1) * n] {
            if w[i as usize] > 0.0 {
                idx.push(i);
                vals.push(col[i as usize]);
            }
        }
    }
    let mut goes_left = vec![false; n];
    let mut tmp_idx = vec![0u32; m];
    let mut tmp_vals = vec![0f32; m];
    let mut features: Vec<usize> = (0..d).collect();
    let mut tree = FittedTree {
        n_features: d,
        children_left: Vec::new(),
        children_right: Vec::new(),
        feature: Vec::new(),
        threshold: Vec::new(),
        value: Vec::new(),
        n_node_samples: Vec::new(),
        weighted_n_node_samples: Vec::new(),
    };
    let sums = |seg: &[u32]| -> (f64, f64) {
        seg.iter().fold((0.0, 0.0), |(a, b), &i| {
            let [wi, pi] = wy[i as usize];
            (a + wi, b + pi)
        })
    };
    let (w_root, _) = sums(&idx[..m]);
    let mut stack = vec![Pending {
        start: 0,
        end: m,
        depth: 0,
        parent: None,
    }];
    let (mut settled, mut last_report) = (0usize, 0usize);
    // About 100 reports per tree, whatever its size.
    let report_every = (m / 100).max(1);
    while let Some(node) = stack.pop() {
        let (start, end) = (node.start, node.end);
        let n_node = end - start;
        let (w_node, p_node) = sums(&idx[start..end]);
        let id = tree.value.len();
        if let Some((parent, left)) = node.parent {
            if left {
                tree.children_left[parent] = id as u32;
            } else {
                tree.children_right[parent] = id as u32;
            }
        }
        tree.children_left.push(0);
        tree.children_right.push(0);
        tree.feature.push(0);
        tree.threshold.push(0.0);
        tree.value.push(p_node / w_node);
        tree.n_node_samples.push(n_node as u32);
        tree.weighted_n_node_samples.push(w_node);
        let sum_total = [w_node - p_node, p_node];
        let impurity = gini(&sum_total, w_node);
        let is_leaf = node.max_depth_reached(cfg.max_depth)
            || n_node < cfg.min_samples_split
            || n_node < 2 * cfg.min_samples_leaf
            || impurity <= f64::EPSILON;
        let split = if is_leaf {
            None
        } else {
            best_split(
                &idx,
                &vals,
                &wy,
                m,
                start,
                end,
                &sum_total,
                w_node,
                cfg,
                &mut features,
                rng,
            )
        };
        let split = split.filter(|s| {
            // scikit-learn's improvement, which must not be negative.
            let (w_l, p_l) = (s.w_left, s.p_left);
            let (w_r, p_r) = (w_node - w_l, p_node - p_l);
            let imp_l = gini(&[w_l - p_l, p_l], w_l);
            let imp_r = gini(&[w_r - p_r, p_r], w_r);
            let improvement = (w_node / w_root) * (impurity - (w_r / w_node) * imp_r - (w_l / w_node) * imp_l);
            improvement + f64::EPSILON >= 0.0
        });
        let Some(s) = split else {
            settled += n_node;
            if settled - last_report >= report_every {
                last_report = settled;
                monitor.report(&Progress {
                    stage: "fit",
                    fraction: settled as f64 / m as f64,
                    message: format!("tree · {} nodes", tree.value.len()),
                    unit: Some("node"),
                    step: Some(tree.value.len()),
                    ..Default::default()
                })?;
            }
            continue;
        };
        tree.feature[id] = s.feature as u32;
        tree.threshold[id] = s.threshold;
        let mid = s.pos;
        let fseg = s.feature * m;
        for &i in &idx[fseg + start..fseg + mid] {
            goes_left[i as usize] = true;
        }
        for &i in &idx[fseg + mid..fseg + end] {
            goes_left[i as usize] = false;
        }
        for f in 0..d {
            if f == s.feature {
                continue;
            }
            let base = f * m;
            let (mut l, mut r) = (base + start, 0);
            for p in base + start..base + end {
                let (i, v) = (idx[p], vals[p]);
                if goes_left[i as usize] {
                    idx[l] = i;
                    vals[l] = v;
                    l += 1;
                } else {
                    tmp_idx[r] = i;
                    tmp_vals[r] = v;
                    r += 1;
                }
            }
            idx[l..base + end].copy_from_slice(&tmp_idx[..r]);
            vals[l..base + end].copy_from_slice(&tmp_vals[..r]);
        }
        // Right pushed first so the left child is grown (and numbered) first.
        stack.push(Pending {
            start: mid,
            end,
            depth: node.depth + 1,
            parent: Some((id, false)),
        });
        stack.push(Pending {
            start,
            end: mid,
            depth: node.depth + 1,
            parent: Some((id, true)),
        });
    }
    Ok(tree)
}

impl Pending {
    fn max_depth_reached(&self, max_depth: Option<usize>) -> bool {
        max_depth.is_some_and(|m| self.depth >= m)
    }
}

/// Gini impurity as scikit-learn computes it: `1 − Σ_k s_k² / W²`.
fn gini(sum: &[f64; 2], w: f64) -> f64 {
    let sq = sum[0] * sum[0] + sum[1] * sum[1];
    1.0 - sq / (w * w)
}

/// The chosen split of a node.
struct Split {
    feature: usize,
    /// Rows `start..pos` of the feature's segment go left.
    pos: usize,
    threshold: f64,
    w_left: f64,
    p_left: f64,
}

/// The best split of the node `start..end` over up to `max_features`
/// non-constant features (drawn without replacement unless all are used),
/// or `None` if no feature has a valid split.
#[allow(clippy::too_many_arguments)]
fn best_split(
    idx: &[u32],
    vals: &[f32],
    wy: &[[f64; 2]],
    m: usize,
    start: usize,
    end: usize,
    sum_total: &[f64; 2],
    w_node: f64,
    cfg: &GrowConfig,
    features: &mut [usize],
    rng: &mut Rng,
) -> Option<Split> {
    let d = features.len();
    let draw = cfg.max_features < d;
    let min_leaf = cfg.min_samples_leaf;
    let mut best: Option<Split> = None;
    let mut best_proxy = f64::NEG_INFINITY;
    let mut visited = 0;
    for t in 0..d {
        if visited >= cfg.max_features {
            break;
        }
        let f = if draw {
            let j = t + rng.below(d - t);
            features.swap(t, j);
            features[t]
        } else {
            t
        };
        let base = f * m;
        let v = &vals[base + start..base + end];
        let ids = &idx[base + start..base + end];
        if v[v.len() - 1] as f64 <= v[0] as f64 + FEATURE_THRESHOLD {
            continue;
        }
        visited += 1;
        let (mut sl0, mut sl1, mut wl) = (0.0f64, 0.0f64, 0.0f64);
        let n_node = end - start;
        for p in 1..n_node {
            let [wi, pi] = wy[ids[p - 1] as usize];
            wl += wi;
            sl1 += pi;
            sl0 += wi - pi;
            if v[p] as f64 <= v[p - 1] as f64 + FEATURE_THRESHOLD {
                continue;
            }
            if p < min_leaf || n_node - p < min_leaf {
                continue;
            }
            let wr = w_node - wl;
            let (sr0, sr1) = (sum_total[0] - sl0, sum_total[1] - sl1);
            let gl = 1.0 - (sl0 * sl0 + sl1 * sl1) / (wl * wl);
            let gr = 1.0 - (sr0 * sr0 + sr1 * sr1) / (wr * wr);
            let proxy = -wr * gr - wl * gl;
            if proxy > best_proxy {
                best_proxy = proxy;
                best = Some(Split {
                    feature: f,
                    pos: start + p,
                    threshold: v[p - 1] as f64 / 2.0 + v[p] as f64 / 2.0,
                    w_left: wl,
                    p_left: sl1,
                });
            }
        }
    }
    best
}

impl ValidTree {
    /// The same settings with other class weights (always valid: any
    /// checked class weight is).
    pub(crate) fn with_class_weight(mut self, class_weight: ClassWeight) -> ValidTree {
        self.0.class_weight = class_weight;
        self
    }

    /// The depth limit (`None` = unlimited).
    pub fn max_depth(&self) -> Option<usize> {
        self.max_depth
    }
    /// Fewest rows a node needs to be split.
    pub fn min_samples_split(&self) -> usize {
        self.min_samples_split
    }
    /// Fewest rows per child.
    pub fn min_samples_leaf(&self) -> usize {
        self.min_samples_leaf
    }
    /// Features per split.
    pub fn max_features(&self) -> MaxFeatures {
        self.max_features
    }
    /// The class weighting.
    pub fn class_weight(&self) -> ClassWeight {
        self.class_weight
    }

    /// Fits on `x` (`n × d`, f32, any layout), labels `y` (`true` =
    /// positive) and optional non-negative `sample_weight`. `rng` is used
    /// only when `max_features` is less than `d` (which features each node
    /// tries). Reports `Progress { stage: "fit", fraction: share of rows
    /// settled in leaves, .. }` now and then and stops with
    /// [`TreeFitError::Cancelled`] when told.
    ///
    /// Measured (native release, one thread of a shared machine, CPU time;
    /// `trees::creditcard_fit_times` in tests/trees.rs): on the credit-card
    /// training rows (182,277 × 30, 315 positives) 0.6 s at `max_depth` 8
    /// and 0.8 s unlimited (245 nodes, depth 26), presort included.
    pub fn fit(
        &self,
        x: ArrayView2<f32>,
        y: &[bool],
        sample_weight: Option<&[f64]>,
        rng: &mut Rng,
        monitor: &mut dyn Monitor,
    ) -> Result<FittedTree, TreeFitError> {
        let w = check_data(x, y, sample_weight, self.class_weight)?;
        let pre = Presorted::new(x);
        let cfg = GrowConfig::from_tree(self, x.ncols());
        Ok(grow(&pre, y, &w, &cfg, rng, monitor)?)
    }
}

/// A fitted decision tree, stored as scikit-learn's `tree_` arrays: node
/// `i` has `children_left[i]`, `children_right[i]` (both 0 at a leaf: the
/// root, node 0, is nobody's child, and children always come after their
/// parent), `feature[i]`, `threshold[i]` (a row goes left when
/// `x[feature] ≤ threshold`), `value[i]` (the weighted positive share of
/// its training rows), `n_node_samples[i]`, `weighted_n_node_samples[i]`.
///
/// Deserialising checks these invariants, so a damaged model file is an
/// error on load, never a panic on predict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawFittedTree")]
pub struct FittedTree {
    n_features: usize,
    children_left: Vec<u32>,
    children_right: Vec<u32>,
    feature: Vec<u32>,
    threshold: Vec<f64>,
    value: Vec<f64>,
    n_node_samples: Vec<u32>,
    weighted_n_node_samples: Vec<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFittedTree {
    n_features: usize,
    children_left: Vec<u32>,
    children_right: Vec<u32>,
    feature: Vec<u32>,
    threshold: Vec<f64>,
    value: Vec<f64>,
    n_node_samples: Vec<u32>,
    weighted_n_node_samples: Vec<f64>,
}

/// A saved tree that breaks the invariants of [`FittedTree`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("saved tree is damaged: {0}")]
pub struct TreeFormatError(String);

impl TryFrom<RawFittedTree> for FittedTree {
    type Error = TreeFormatError;
    fn try_from(r: RawFittedTree) -> Result<Self, TreeFormatError> {
        let len = r.value.len();
        if len == 0 {
            return Err(TreeFormatError("it has no nodes".into()));
        }
        let lens = [
            r.children_left.len(),
            r.children_right.len(),
            r.feature.len(),
            r.threshold.len(),
            r.n_node_samples.len(),
            r.weighted_n_node_samples.len(),
        ];
        if lens.iter().any(|&l| l != len) {
            return Err(TreeFormatError(format!(
                "node arrays differ in length ({len} values, others {lens:?})"
            )));
        }
        for i in 0..len {
            let (l, rr) = (r.children_left[i] as usize, r.children_right[i] as usize);
            let leaf = l == 0 && rr == 0;
            if !leaf
                && (l <= i
                    || rr <= i
                    || l >= len
                    || rr >= len
                    || r.feature[i] as usize >= r.n_features
                    || r.threshold[i].is_nan())
            {
                return Err(TreeFormatError(format!(
                    "node {i}: children {l}, {rr}, feature {} of {} ",
                    r.feature[i], r.n_features
                )));
            }
            if !(0.0..=1.0).contains(&r.value[i]) {
                return Err(TreeFormatError(format!(
                    "node {i}: value {} is not in [0, 1]",
                    r.value[i]
                )));
            }
        }
        Ok(FittedTree {
            n_features: r.n_features,
            children_left: r.children_left,
            children_right: r.children_right,
            feature: r.feature,
            threshold: r.threshold,
            value: r.value,
            n_node_samples: r.n_node_samples,
            weighted_n_node_samples: r.weighted_n_node_samples,
        })
    }
}

impl FittedTree {
    /// Number of features the tree expects.
    pub fn n_features(&self) -> usize {
        self.n_features
    }
    /// Number of nodes, leaves included.
    pub fn node_count(&self) -> usize {
        self.value.len()
    }
    /// Number of leaves.
    pub fn n_leaves(&self) -> usize {
        self.children_left.iter().filter(|&&c| c == 0).count()
    }
    /// The depth of the deepest leaf (a lone root has depth 0).
    pub fn depth(&self) -> usize {
        let mut depth = vec![0usize; self.node_count()];
        let mut max = 0;
        for i in 0..self.node_count() {
            if self.children_left[i] != 0 {
                for c in [self.children_left[i], self.children_right[i]] {
                    depth[c as usize] = depth[i] + 1;
                    max = max.max(depth[i] + 1);
                }
            }
        }
        max
    }
    /// Left child per node (0 at a leaf).
    pub fn children_left(&self) -> &[u32] {
        &self.children_left
    }
    /// Right child per node (0 at a leaf).
    pub fn children_right(&self) -> &[u32] {
        &self.children_right
    }
    /// Feature tested per node (meaningless at a leaf).
    pub fn feature(&self) -> &[u32] {
        &self.feature
    }
    /// Threshold per node: left when `x ≤ threshold` (meaningless at a leaf).
    pub fn threshold(&self) -> &[f64] {
        &self.threshold
    }
    /// Weighted positive share of each node's training rows.
    pub fn value(&self) -> &[f64] {
        &self.value
    }
    /// Training rows (distinct, weight > 0) per node.
    pub fn n_node_samples(&self) -> &[u32] {
        &self.n_node_samples
    }
    /// Training weight per node.
    pub fn weighted_n_node_samples(&self) -> &[f64] {
        &self.weighted_n_node_samples
    }

    /// The leaf each row of `x` lands in (scikit-learn's `apply`), or
    /// `None` if `x` does not have [`n_features`](Self::n_features) columns.
    /// A NaN feature goes right.
    pub fn apply(&self, x: ArrayView2<f32>) -> Option<Vec<usize>> {
        if x.ncols() != self.n_features {
            return None;
        }
        Some(
            x.outer_iter()
                .map(|row| {
                    let mut node = 0usize;
                    while self.children_left[node] != 0 {
                        let v = row[self.feature[node] as usize] as f64;
                        node = if v <= self.threshold[node] {
                            self.children_left[node]
                        } else {
                            self.children_right[node]
                        } as usize;
                    }
                    node
                })
                .collect(),
        )
    }
}

impl Classifier for FittedTree {
    /// The weighted positive share of the row's leaf (scikit-learn's
    /// `predict_proba(x)[:, 1]`); NaN for every row if the column count is
    /// wrong.
    fn predict_proba(&self, x: ArrayView2<f32>) -> Array1<f64> {
        match self.apply(x) {
            Some(leaves) => leaves.into_iter().map(|l| self.value[l]).collect(),
            None => Array1::from_elem(x.nrows(), f64::NAN),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;
    use ndarray::{array, Array2};

    fn fit(params: TreeParams, x: &Array2<f32>, y: &[bool]) -> FittedTree {
        params
            .check()
            .unwrap()
            .fit(x.view(), y, None, &mut Rng::new(0), &mut Silent)
            .unwrap()
    }

    #[test]
    fn one_split_at_the_midpoint() {
        // Positives at x ≥ 3: the pure split is between 2 and 3 → 2.5.
        let x = array![[0.0f32], [1.0], [2.0], [3.0], [4.0]];
        let y = [false, false, false, true, true];
        let t = fit(TreeParams::default(), &x, &y);
        assert_eq!(t.node_count(), 3);
        assert_eq!((t.feature()[0], t.threshold()[0]), (0, 2.5));
        assert_eq!(t.predict_proba(x.view()).to_vec(), vec![0.0, 0.0, 0.0, 1.0, 1.0]);
        assert_eq!(t.depth(), 1);
    }

    #[test]
    fn gini_choice_by_hand() {
        // Feature 0 separates {0,1 | 2,3} with y = F F T F: left pure (2 F),
        // right {T, F}: proxy −2·0.5 = −1. Feature 1 isolates row 2 (the
        // positive): left {0,1,3} all F, right {2}: proxy 0, better.
        let x = array![[0.0f32, 0.0], [0.0, 0.0], [1.0, 1.0], [1.0, 0.0]];
        let y = [false, false, true, false];
        let t = fit(TreeParams::default().max_depth(Some(1)), &x, &y);
        assert_eq!((t.feature()[0], t.threshold()[0]), (1, 0.5));
    }

    #[test]
    fn leaf_values_are_weighted_shares() {
        // One node (max_depth 1 cannot separate equal x): 1 positive of 3,
        // positive weight 2 → 2 / (2 + 1 + 1) = 0.5; balanced: each class
        // totals S/2 → 0.5 as well; without weights 1/3.
        let x = array![[1.0f32], [1.0], [1.0]];
        let y = [true, false, false];
        let t = TreeParams::default()
            .check()
            .unwrap()
            .fit(x.view(), &y, Some(&[2.0, 1.0, 1.0]), &mut Rng::new(0), &mut Silent)
            .unwrap();
        assert_eq!(t.node_count(), 1);
        assert_eq!(t.value()[0], 0.5);
        let t = fit(TreeParams::default(), &x, &y);
        assert!((t.value()[0] - 1.0 / 3.0).abs() < 1e-15);
        let t = fit(TreeParams::default().class_weight(ClassWeight::Balanced), &x, &y);
        assert!((t.value()[0] - 0.5).abs() < 1e-15);
    }

    #[test]
    fn min_samples_leaf_moves_the_split() {
        // The pure split leaves 1 row on the right; with min_samples_leaf 2
        // the only allowed cut is between 1 and 2 (→ 1.5).
        let x = array![[0.0f32], [1.0], [2.0], [3.0]];
        let y = [false, false, false, true];
        let t = fit(TreeParams::default().min_samples_leaf(2), &x, &y);
        assert_eq!(t.threshold()[0], 1.5);
        assert!(t.n_node_samples()[1..].iter().all(|&c| c >= 2));
    }

    #[test]
    fn near_equal_values_are_not_split() {
        // 0.1 and the next f32 (7.5e-9 apart) count as one value
        // (scikit-learn's 1e-7 rule).
        let x = array![[0.1f32], [f32::from_bits(0.1f32.to_bits() + 1)]];
        let y = [false, true];
        let t = fit(TreeParams::default(), &x, &y);
        assert_eq!(t.node_count(), 1);
    }

    #[test]
    fn wrong_width_gives_nan() {
        let x = array![[0.0f32], [1.0]];
        let t = fit(TreeParams::default(), &x, &[false, true]);
        assert!(t.predict_proba(Array2::zeros((2, 3)).view()).iter().all(|v| v.is_nan()));
    }

    #[test]
    fn rejects_bad_params_and_data() {
        assert_eq!(
            TreeParams::default().max_depth(Some(0)).check(),
            Err(TreeParamError::MaxDepth)
        );
        assert_eq!(
            TreeParams::default().min_samples_leaf(0).check(),
            Err(TreeParamError::MinSamplesLeaf)
        );
        assert_eq!(
            TreeParams::default().max_features(MaxFeatures::Count(0)).check(),
            Err(TreeParamError::MaxFeatures)
        );
        let p = TreeParams::default().check().unwrap();
        let x = array![[0.0f32], [f32::NAN]];
        let e = p.fit(x.view(), &[false, true], None, &mut Rng::new(0), &mut Silent);
        assert!(matches!(e, Err(TreeFitError::NonFinite { row: 1, column: 0, .. })));
        let x = array![[0.0f32], [1.0]];
        let e = p.fit(x.view(), &[true, true], None, &mut Rng::new(0), &mut Silent);
        assert_eq!(e, Err(TreeFitError::OneClass { present: "positive" }));
        let e = p.fit(
            x.view(),
            &[true, false],
            Some(&[0.0, 1.0]),
            &mut Rng::new(0),
            &mut Silent,
        );
        assert_eq!(e, Err(TreeFitError::ZeroClassWeight { class: "positive" }));
    }

    #[test]
    fn serde_round_trip_and_damage_check() {
        let x = array![[0.0f32, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]];
        let t = fit(TreeParams::default(), &x, &[false, true, false, true]);
        let text = serde_json::to_string(&t).unwrap();
        let back: FittedTree = serde_json::from_str(&text).unwrap();
        assert_eq!(back, t);
        let bad = text.replacen("\"children_left\":[1", "\"children_left\":[0", 1);
        assert!(serde_json::from_str::<FittedTree>(&bad).is_err());
        let p: ValidTree = serde_json::from_str(r#"{"max_depth": 3, "max_features": {"count": 2}}"#).unwrap();
        assert_eq!(p.max_depth(), Some(3));
        assert_eq!(p.max_features(), MaxFeatures::Count(2));
        assert!(serde_json::from_str::<ValidTree>(r#"{"min_samples_split": 1}"#).is_err());
    }

    #[test]
    fn ordered_bits_sort_like_numbers() {
        let v = [-3.5f32, -1e-30, -0.0, 0.0, 1e-30, 2.0, 7.25e10];
        assert!(v.windows(2).all(|w| ordered_bits(w[0]) < ordered_bits(w[1])));
    }

    #[test]
    fn max_features_resolution() {
        assert_eq!(MaxFeatures::Sqrt.resolve(30), 5);
        assert_eq!(MaxFeatures::Log2.resolve(30), 4);
        assert_eq!(MaxFeatures::Count(50).resolve(30), 30);
        assert_eq!(MaxFeatures::Sqrt.resolve(1), 1);
    }
}
