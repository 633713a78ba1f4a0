//! The boosting loop: data checks, binning, the starting score, gradients
//! and hessians of the log-loss each round, row and feature subsampling,
//! tree growth, score updates, and early stopping on the validation rows.

use ndarray::ArrayView2;

use super::bins::{columns_of, BinMapper};
use super::grow::{BinnedTree, GrowRules, Grower};
use super::model::{FittedGbdt, GbdtTree};
use super::{GbdtFitError, Growth, StopMetric, ValidGbdt};
use crate::fast_exp::exp_in_range;
use crate::metrics::ranking::RankedScores;
use crate::models::class_weight::class_weight_factors;
use crate::models::early_stop::BestSoFar;
use crate::progress::{Monitor, Progress};
use crate::rng::Rng;

/// `x` as one column-major `Vec` (feature `f` of row `r` at `f·n + r`),
/// the layout binning reads; the views the callers pass may be any layout.
fn column_major(x: ArrayView2<f32>) -> Vec<f32> {
    let (n, d) = x.dim();
    if let Some(s) = x.as_slice() {
        columns_of(s, n, d)
    } else if let Some(s) = x.t().as_slice() {
        s.to_vec()
    } else {
        x.t().iter().copied().collect()
    }
}

/// `1 / (1 + e^−z)`, the probability of raw score `z`. The exponent is
/// clamped to `[−50, 700]` first, which changes no gradient: below −50,
/// `1 + e^x` rounds to 1 in `f64` as it would unclamped, and above 700 the
/// probability is under 1e-304, so the row's `f32` gradient and hessian
/// are the same as with the exact value.
#[inline(always)]
fn sigmoid(z: f64) -> f64 {
    let x = (-z).clamp(-50.0, 700.0);
    1.0 / (1.0 + exp_in_range(x))
}

/// `ln(1 + e^t)` without overflow.
fn softplus(t: f64) -> f64 {
    if t > 0.0 {
        t + (-t).exp().ln_1p()
    } else {
        t.exp().ln_1p()
    }
}

/// The watched validation value of raw scores `z` (higher is better:
/// the log-loss is negated), or `None` when undefined (AP of one class).
fn val_value(metric: StopMetric, y: &[bool], z: &[f64]) -> Option<f64> {
    match metric {
        StopMetric::None => None,
        // AP depends on the order only, and the sigmoid keeps it.
        StopMetric::ValAp => RankedScores::new(y, z).ok()?.average_precision(),
        StopMetric::ValLoss => {
            let sum: f64 = y
                .iter()
                .zip(z)
                .map(|(&yi, &zi)| if yi { softplus(-zi) } else { softplus(zi) })
                .sum();
            Some(-sum / y.len() as f64)
        }
    }
}

impl ValidGbdt {
    /// Fits on `x` (`n × d`, f32, NaN = missing), labels `y` (`true` =
    /// positive) and, for early stopping, validation rows `val`, drawing
    /// row and feature samples from `rng`. Without `val` (or with
    /// `early_stopping: "none"`) all `n_rounds` trees are kept. Reports
    /// `Progress { stage: "fit", fraction: rounds done / n_rounds, .. }`
    /// each round and stops with [`GbdtFitError::Cancelled`] when told.
    ///
    /// Cost per round: one histogram pass over the rows of each node's
    /// smaller child (the root's over all rows), O(bins·features) per split
    /// search, O(n·depth) to update scores. Memory: the `n × d` byte matrix
    /// plus one histogram (24 bytes per bin) per open leaf.
    pub fn fit(
        &self,
        x: ArrayView2<f32>,
        y: &[bool],
        val: Option<(ArrayView2<f32>, &[bool])>,
        rng: &mut Rng,
        monitor: &mut dyn Monitor,
    ) -> Result<FittedGbdt, GbdtFitError> {
        let (n, d) = x.dim();
        if n == 0 {
            return Err(GbdtFitError::NoRows);
        }
        if d == 0 {
            return Err(GbdtFitError::NoFeatures);
        }
        if n > u32::MAX as usize {
            return Err(GbdtFitError::TooManyRows(n));
        }
        if y.len() != n {
            return Err(GbdtFitError::RowMismatch {
                x_rows: n,
                y_len: y.len(),
            });
        }
        let n_pos = y.iter().filter(|&&v| v).count();
        if n_pos == 0 || n_pos == n {
            let present = if n_pos == 0 { "negative" } else { "positive" };
            return Err(GbdtFitError::OneClass { present });
        }
        if let Some((xv, yv)) = val {
            if xv.ncols() != d {
                return Err(GbdtFitError::ValColumns {
                    found: xv.ncols(),
                    expected: d,
                });
            }
            if xv.nrows() != yv.len() {
                return Err(GbdtFitError::ValRowMismatch {
                    x_rows: xv.nrows(),
                    y_len: yv.len(),
                });
            }
        }
        let mut row_rng = rng.fork();
        let mut col_rng = rng.fork();

        let xs = column_major(x);
        let mapper = BinMapper::fit_columns(&xs, n, d, self.max_bins);
        let binned = mapper.bin_column_major(&xs, n);
        drop(xs);
        let (wn, wp) = class_weight_factors(self.class_weight, y, None);
        let weight: Vec<f64> = y.iter().map(|&yi| if yi { wp } else { wn }).collect();
        let w_pos = wp * n_pos as f64;
        let w_neg = wn * (n - n_pos) as f64;
        let base_score = (w_pos / w_neg).ln();

        let stopping = val.filter(|(_, yv)| self.early_stopping != StopMetric::None && !yv.is_empty());
        let (val_binned, val_y) = match stopping {
            Some((xv, yv)) => (mapper.bin_column_major(&column_major(xv), xv.nrows()), yv),
            None => (Vec::new(), &[][..]),
        };
        let mut z = vec![base_score; n];
        let mut z_val = vec![base_score; val_y.len()];

        let rules = GrowRules {
            leaf_wise: self.growth == Growth::LeafWise,
            max_leaves: self.max_leaves,
            max_depth: self.max_depth,
            min_samples_leaf: self.min_samples_leaf,
            min_child_weight: self.min_child_weight,
            lambda: self.lambda,
        };
        let mut grower = Grower::new(&mapper, &binned, n);
        let missing_bins = grower.missing_bins().to_vec();
        let n_sample = ((self.subsample * n as f64).ceil() as usize).clamp(1, n);
        let n_cols = ((self.colsample * d as f64).ceil() as usize).clamp(1, d);
        let mut all_rows: Vec<u32> = (0..n as u32).collect();
        let mut rows: Vec<u32> = Vec::with_capacity(n_sample);
        let mut all_cols: Vec<usize> = (0..d).collect();
        let mut cols: Vec<usize> = Vec::with_capacity(n_cols);
        let mut gh = vec![[0.0f32; 2]; n];
        let mut trees: Vec<BinnedTree> = Vec::new();
        let mut leaf_values: Vec<f64> = Vec::new();
        let mut best = BestSoFar::<()>::new(self.patience);
        let mut stop = false;
        for round in 0..self.n_rounds {
            for (((o, &zi), &yi), &wi) in gh.iter_mut().zip(&z).zip(y).zip(&weight) {
                let p = sigmoid(zi);
                let target = if yi { 1.0 } else { 0.0 };
                *o = [(wi * (p - target)) as f32, (wi * p * (1.0 - p)) as f32];
            }
            rows.clear();
            if n_sample == n {
                rows.extend_from_slice(&all_rows);
            } else {
                // A partial Fisher–Yates shuffle picks n_sample distinct rows;
                // sorted back so histogram passes read memory in order.
                for i in 0..n_sample {
                    let j = i + row_rng.below(n - i);
                    all_rows.swap(i, j);
                }
                rows.extend_from_slice(&all_rows[..n_sample]);
                rows.sort_unstable();
            }
            cols.clear();
            if n_cols == d {
                cols.extend(0..d);
            } else {
                for i in 0..n_cols {
                    let j = i + col_rng.below(d - i);
                    all_cols.swap(i, j);
                }
                cols.extend_from_slice(&all_cols[..n_cols]);
                cols.sort_unstable();
            }
            let tree = grower.grow(&rows, &cols, &gh, &rules);
            leaf_values.clear();
            leaf_values.extend(tree.value.iter().map(|v| v * self.learning_rate));
            if n_sample == n {
                // Every row is in one leaf's span of the partition.
                let part = grower.rows();
                for &(leaf, start, end) in grower.leaves() {
                    let v = leaf_values[leaf];
                    for &r in &part[start..end] {
                        z[r as usize] += v;
                    }
                }
            } else {
                for (r, zi) in z.iter_mut().enumerate() {
                    *zi += leaf_values[tree.leaf_of(&binned, n, r, &missing_bins)];
                }
            }
            let nv = z_val.len();
            for (r, zi) in z_val.iter_mut().enumerate() {
                *zi += leaf_values[tree.leaf_of(&val_binned, nv, r, &missing_bins)];
            }
            trees.push(tree);
            let mut line = format!("tree {}/{}", round + 1, self.n_rounds);
            let mut terms = Vec::new();
            if stopping.is_some() {
                if let Some(v) = val_value(self.early_stopping, val_y, &z_val) {
                    stop = best.observe(Some(v), round, || ());
                    let shown = if self.early_stopping == StopMetric::ValLoss {
                        -v
                    } else {
                        v
                    };
                    let name = if self.early_stopping == StopMetric::ValLoss {
                        "loss"
                    } else {
                        "AP"
                    };
                    line = format!("{line} · validation {name} {shown:.4}");
                    terms.push((if name == "loss" { "val loss" } else { "val AP" }, shown));
                }
            }
            monitor.report(&Progress {
                stage: "fit",
                fraction: (round + 1) as f64 / self.n_rounds as f64,
                message: line,
                unit: Some("round"),
                step: Some(round + 1),
                of: Some(self.n_rounds),
                at_most: stopping.is_some(),
                terms,
                ..Default::default()
            })?;
            if stop {
                break;
            }
        }
        if let Some((b, ())) = best.into_best() {
            trees.truncate(b + 1);
        }
        let saved = trees.iter().map(|t| self.saved_tree(t, &mapper)).collect();
        // Every part is built valid above; a failure here is a bug, reported
        // as an error rather than a panic.
        Ok(FittedGbdt::new(d, base_score, self.learning_rate, saved)?)
    }

    /// A grown tree in the saved form: bins become `f32` thresholds, values
    /// are shrunk.
    fn saved_tree(&self, t: &BinnedTree, mapper: &BinMapper) -> GbdtTree {
        let threshold = (0..t.value.len())
            .map(|i| {
                if t.left[i] == 0 {
                    return 0.0;
                }
                let edges = mapper.edges(t.feature[i] as usize);
                // The last value bin only splits off missing values: every
                // number goes left.
                edges.get(t.bin[i] as usize).copied().unwrap_or(f32::MAX) as f64
            })
            .collect();
        GbdtTree {
            left: t.left.clone(),
            right: t.right.clone(),
            feature: t.feature.clone(),
            threshold,
            missing_left: t.missing_left.clone(),
            value: t.value.iter().map(|v| v * self.learning_rate).collect(),
            gain: t.gain.clone(),
            count: t.count.clone(),
            cover: t.cover.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The written-out `e^x` against the platform's `f64::exp` over the
    /// clamped range: a relative difference of at most 2.5e-16 (about one
    /// unit in the last place of each, as both are within one of `e^x`).
    #[test]
    fn sigmoid_saturates_like_the_exact_value() {
        // e^−60 ≈ 8.8e-27 is below half a unit of 1 (1.1e-16): 1 + e^−60 = 1.
        assert_eq!(sigmoid(60.0), 1.0);
        // 1 / (1 + e^800) ≈ 3.7e-348: 0 in f32 (and f64).
        assert_eq!(sigmoid(-800.0) as f32, 0.0);
        assert_eq!(sigmoid(0.0), 0.5);
        // 1 / (1 + e) = 0.2689414213699951 (to 16 digits).
        assert!((sigmoid(-1.0) - 0.268_941_421_369_995_1).abs() < 1e-16);
    }
}
