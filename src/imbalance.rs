//! The imbalance toolkit: resampling of the training rows (random over- and
//! undersampling, SMOTE) and the class-weight arithmetic shared by the
//! models. Works on a feature matrix and its labels only; knows nothing of
//! models, splits, CSV or the browser. The caller passes the training rows
//! alone: resampling validation or test rows would leak and distort them.

use ndarray::{Array2, ArrayView2};
use serde::{Deserialize, Serialize};

#[cfg(test)]
use crate::models::class_weight::ClassWeight;
pub use crate::models::class_weight::{balanced_class_weights, class_weight_factors};
use crate::rng::Rng;

/// How the training rows are resampled before a model is fitted.
///
/// "Minority" is whichever class has fewer rows (usually, not necessarily,
/// the positive one). `ratio` is the wanted `n_minority / n_majority` after
/// resampling, in `(0, 1]`, default `1.0` (balanced 1:1), as
/// imbalanced-learn's float `sampling_strategy`. When the rows already meet
/// the ratio nothing is added or removed.
///
/// In JSON (serde, internally tagged): `{"method": "none"}`,
/// `{"method": "oversample"}`, `{"method": "undersample", "ratio": 0.5}`,
/// `{"method": "smote", "k": 5}`; missing fields take their defaults.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum Resampling {
    /// The rows unchanged.
    #[default]
    None,
    /// Random oversampling (imbalanced-learn's `RandomOverSampler`): minority
    /// rows drawn uniformly with replacement and appended, until the
    /// minority has `floor(ratio · n_majority)` rows.
    Oversample {
        /// Wanted minority/majority ratio, in `(0, 1]`. Default `1.0`.
        #[serde(default = "default_ratio")]
        ratio: f64,
    },
    /// Random undersampling (imbalanced-learn's `RandomUnderSampler`): keeps
    /// `floor(n_minority / ratio)` majority rows drawn without replacement,
    /// and every minority row; rows keep their original order.
    Undersample {
        /// Wanted minority/majority ratio, in `(0, 1]`. Default `1.0`.
        #[serde(default = "default_ratio")]
        ratio: f64,
    },
    /// SMOTE (Chawla et al. 2002, as imbalanced-learn's `SMOTE`): until the
    /// minority has `floor(ratio · n_majority)` rows, each new row picks a
    /// minority row `x` uniformly, one of its `k` nearest minority
    /// neighbours `z` uniformly (Euclidean, in the space given, so scale
    /// first; `x` itself excluded) and `u ~ U[0, 1)`, and is
    /// `x + u·(z − x)`. New rows are appended after the original ones.
    Smote {
        /// Neighbours to interpolate towards, `k ∈ [1, inf)`; needs at least
        /// `k + 1` minority rows. Default `5`.
        #[serde(default = "default_k")]
        k: usize,
        /// Wanted minority/majority ratio, in `(0, 1]`. Default `1.0`.
        #[serde(default = "default_ratio")]
        ratio: f64,
    },
}

fn default_ratio() -> f64 {
    1.0
}

fn default_k() -> usize {
    5
}

impl Resampling {
    /// SMOTE with `k` neighbours, balancing to 1:1.
    pub fn smote(k: usize) -> Resampling {
        Resampling::Smote { k, ratio: 1.0 }
    }

    /// Random oversampling to 1:1.
    pub fn oversample() -> Resampling {
        Resampling::Oversample { ratio: 1.0 }
    }

    /// Random undersampling to 1:1.
    pub fn undersample() -> Resampling {
        Resampling::Undersample { ratio: 1.0 }
    }

    /// Checks the settings without data: `ratio ∈ (0, 1]`, `k ≥ 1`.
    pub fn check(&self) -> Result<(), ResampleError> {
        let ratio = match *self {
            Resampling::None => return Ok(()),
            Resampling::Oversample { ratio } | Resampling::Undersample { ratio } => ratio,
            Resampling::Smote { k, ratio } => {
                if k == 0 {
                    return Err(ResampleError::BadK);
                }
                ratio
            }
        };
        if !(ratio > 0.0 && ratio <= 1.0) {
            return Err(ResampleError::BadRatio(ratio));
        }
        Ok(())
    }
}

/// Data or settings that cannot be resampled.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ResampleError {
    /// `x` and `y` differ in length.
    #[error("resampling: x has {x_rows} rows but y has {y_len} labels; they must match")]
    RowMismatch {
        /// Rows of `x`.
        x_rows: usize,
        /// Length of `y`.
        y_len: usize,
    },
    /// The training rows hold one class (or none at all).
    #[error("resampling: the training rows have {found}; resampling needs rows of both classes")]
    OneClass {
        /// What was found, e.g. `"only positive rows"` or `"no rows"`.
        found: &'static str,
    },
    /// SMOTE's `k` is 0.
    #[error("SMOTE: k must be at least 1, got 0")]
    BadK,
    /// `ratio` is not in `(0, 1]`.
    #[error("resampling: ratio (minority/majority after resampling) must be in (0, 1], got {0}")]
    BadRatio(f64),
    /// SMOTE needs `k + 1` minority rows: each row and `k` neighbours.
    #[error(
        "SMOTE: the training rows have {found} {class} (minority) rows, but k = {k} needs at least {needed}; {hint}"
    )]
    TooFewMinority {
        /// `"positive"` or `"negative"`.
        class: &'static str,
        /// Minority rows found.
        found: usize,
        /// The `k` asked for.
        k: usize,
        /// `k + 1`.
        needed: usize,
        /// What to do instead.
        hint: String,
    },
    /// SMOTE met a NaN or infinite feature (indices from 0).
    #[error("SMOTE: x row index {row}, column index {column}: value {value} is not finite; impute or drop it before resampling")]
    NonFinite {
        /// Row index, from 0.
        row: usize,
        /// Column index, from 0.
        column: usize,
        /// The value found.
        value: f32,
    },
}

/// Resamples the training rows `x` (`n × d`, any layout) with labels `y`
/// as `method` says, drawing from `rng`. Returns the new rows (row-major)
/// and their labels. [`Resampling::None`] returns a copy and accepts any
/// rows; the others need both classes.
///
/// Same seed, same rows: every draw comes from `rng` in a fixed order.
///
/// Cost: oversampling and undersampling O(n·d). SMOTE finds neighbours by
/// exact brute force, only for the minority rows it draws: O(m·n_min·d)
/// time with `m ≤ min(n_new, n_min)` distinct rows drawn, O(n_min·k)
/// memory for the neighbour table and no allocation per pair (the `k`
/// best are kept by insertion into a fixed buffer). The 315 training
/// positives of the credit-card set take well under a millisecond.
pub fn resample(
    x: ArrayView2<f32>,
    y: &[bool],
    method: &Resampling,
    rng: &mut Rng,
) -> Result<(Array2<f32>, Vec<bool>), ResampleError> {
    let (n, d) = x.dim();
    if y.len() != n {
        return Err(ResampleError::RowMismatch {
            x_rows: n,
            y_len: y.len(),
        });
    }
    method.check()?;
    if *method == Resampling::None {
        return Ok((x.as_standard_layout().into_owned(), y.to_vec()));
    }
    let n_pos = y.iter().filter(|&&v| v).count();
    if n_pos == 0 || n_pos == n {
        let found = match (n, n_pos) {
            (0, _) => "no rows",
            (_, 0) => "only negative rows",
            _ => "only positive rows",
        };
        return Err(ResampleError::OneClass { found });
    }
    // Ties: nothing is short, but the ratio rules below then add or drop nothing.
    let minority_class = n_pos * 2 < n;
    let minority: Vec<usize> = (0..n).filter(|&i| y[i] == minority_class).collect();
    let majority: Vec<usize> = (0..n).filter(|&i| y[i] != minority_class).collect();
    let (n_min, n_maj) = (minority.len(), majority.len());

    match *method {
        Resampling::None => Ok((x.as_standard_layout().into_owned(), y.to_vec())),
        Resampling::Oversample { ratio } => {
            let n_new = oversample_target(n_maj, ratio).saturating_sub(n_min);
            let extra: Vec<usize> = (0..n_new).map(|_| minority[rng.below(n_min)]).collect();
            let rows: Vec<usize> = (0..n).chain(extra).collect();
            Ok(gather(x, y, &rows))
        }
        Resampling::Undersample { ratio } => {
            let keep = ((n_min as f64 / ratio).floor() as usize).min(n_maj);
            let mut pool = majority;
            // Partial Fisher–Yates: the first `keep` slots are a uniform
            // sample without replacement.
            for i in 0..keep {
                let j = i + rng.below(n_maj - i);
                pool.swap(i, j);
            }
            let mut rows: Vec<usize> = pool[..keep].iter().copied().chain(minority).collect();
            rows.sort_unstable();
            Ok(gather(x, y, &rows))
        }
        Resampling::Smote { k, ratio } => {
            let class = if minority_class { "positive" } else { "negative" };
            if n_min < k + 1 {
                let hint = if n_min >= 2 {
                    format!("set k to at most {}", n_min - 1)
                } else {
                    "use random oversampling or class weights instead".to_string()
                };
                return Err(ResampleError::TooFewMinority {
                    class,
                    found: n_min,
                    k,
                    needed: k + 1,
                    hint,
                });
            }
            for &i in &minority {
                if let Some((column, &value)) = x.row(i).iter().enumerate().find(|(_, v)| !v.is_finite()) {
                    return Err(ResampleError::NonFinite { row: i, column, value });
                }
            }
            let n_new = oversample_target(n_maj, ratio).saturating_sub(n_min);
            // The minority rows, contiguous and row-major, for the distance loop.
            let mut xm = Vec::with_capacity(n_min * d);
            for &i in &minority {
                xm.extend(x.row(i).iter().copied());
            }
            let mut neighbours = NeighbourTable::new(n_min, k);
            let mut out = Array2::<f32>::zeros((n + n_new, d));
            for (i, row) in x.outer_iter().enumerate() {
                out.row_mut(i).assign(&row);
            }
            let mut labels = y.to_vec();
            for s in 0..n_new {
                let a = rng.below(n_min);
                let b = neighbours.get(&xm, d, a)[rng.below(k)] as usize;
                let u = rng.uniform() as f32;
                let (xa, xb) = (&xm[a * d..(a + 1) * d], &xm[b * d..(b + 1) * d]);
                for (o, (&p, &q)) in out.row_mut(n + s).iter_mut().zip(xa.iter().zip(xb)) {
                    *o = p + u * (q - p);
                }
                labels.push(minority_class);
            }
            Ok((out, labels))
        }
    }
}

/// imbalanced-learn's minority target `int(n_majority · ratio)`.
fn oversample_target(n_maj: usize, ratio: f64) -> usize {
    (n_maj as f64 * ratio).floor() as usize
}

/// The rows `rows` of `x` and `y`, in that order.
fn gather(x: ArrayView2<f32>, y: &[bool], rows: &[usize]) -> (Array2<f32>, Vec<bool>) {
    let d = x.ncols();
    let mut out = Array2::<f32>::zeros((rows.len(), d));
    for (o, &i) in rows.iter().enumerate() {
        out.row_mut(o).assign(&x.row(i));
    }
    (out, rows.iter().map(|&i| y[i]).collect())
}

/// The `k` nearest other rows of every row of `x` (Euclidean, exact brute
/// force, squared distances summed in f64), nearest first, equal distances
/// in row order: the neighbour sets SMOTE uses when `x` holds the minority
/// rows. O(n²·d) time, O(n·k) memory. Errors if `k = 0` or `x` has no more
/// than `k` rows, or a value is not finite.
pub fn k_nearest_neighbours(x: ArrayView2<f32>, k: usize) -> Result<Vec<Vec<usize>>, ResampleError> {
    let (n, d) = x.dim();
    if k == 0 {
        return Err(ResampleError::BadK);
    }
    if n < k + 1 {
        return Err(ResampleError::TooFewMinority {
            class: "given",
            found: n,
            k,
            needed: k + 1,
            hint: format!("set k to at most {}", n.saturating_sub(1)),
        });
    }
    let xm: Vec<f32> = x.iter().copied().collect();
    if let Some(p) = xm.iter().position(|v| !v.is_finite()) {
        return Err(ResampleError::NonFinite {
            row: p / d,
            column: p % d,
            value: xm[p],
        });
    }
    let mut best = vec![0u32; k];
    let mut dist = vec![0.0; k];
    Ok((0..n)
        .map(|a| {
            nearest(&xm, n, d, a, &mut best, &mut dist);
            best.iter().map(|&b| b as usize).collect()
        })
        .collect())
}

/// The `k` nearest minority neighbours of each minority row, computed the
/// first time a row is asked for.
struct NeighbourTable {
    k: usize,
    /// Row `a`'s neighbours at `a*k..(a+1)*k`, nearest first.
    index: Vec<u32>,
    done: Vec<bool>,
    /// Squared distances of the current candidates, reused for every row.
    dist: Vec<f64>,
}

impl NeighbourTable {
    fn new(n: usize, k: usize) -> NeighbourTable {
        NeighbourTable {
            k,
            index: vec![0; n * k],
            done: vec![false; n],
            dist: vec![0.0; k],
        }
    }

    /// The neighbours of row `a` of the row-major `xm` (`d` columns).
    fn get(&mut self, xm: &[f32], d: usize, a: usize) -> &[u32] {
        let k = self.k;
        if !self.done[a] {
            nearest(
                xm,
                self.done.len(),
                d,
                a,
                &mut self.index[a * k..(a + 1) * k],
                &mut self.dist,
            );
            self.done[a] = true;
        }
        &self.index[a * k..(a + 1) * k]
    }
}

/// Fills `best` with the rows of `xm` (`n` rows × `d`, row-major) nearest
/// to row `a` (itself excluded), nearest first; equal distances are
/// ordered by row index. Distances are squared Euclidean, summed in f64.
/// `dist` is scratch of `best`'s length. Needs `n > best.len()`.
pub(crate) fn nearest(xm: &[f32], n: usize, d: usize, a: usize, best: &mut [u32], dist: &mut [f64]) {
    let k = best.len();
    let xa = &xm[a * d..(a + 1) * d];
    let mut filled = 0;
    if d == 0 {
        // Every row is at distance 0: the first k others.
        for (slot, b) in best.iter_mut().zip((0..n).filter(|&b| b != a)) {
            *slot = b as u32;
        }
        return;
    }
    for b in 0..n {
        if b == a {
            continue;
        }
        let xb = &xm[b * d..(b + 1) * d];
        let mut s = 0.0f64;
        for (&p, &q) in xa.iter().zip(xb) {
            let t = p as f64 - q as f64;
            s += t * t;
        }
        if filled == k && s >= dist[k - 1] {
            continue;
        }
        // Insert, keeping (distance, index) ascending; b grows, so equal
        // distances stay in index order.
        let mut pos = filled.min(k - 1);
        while pos > 0 && dist[pos - 1] > s {
            dist[pos] = dist[pos - 1];
            best[pos] = best[pos - 1];
            pos -= 1;
        }
        dist[pos] = s;
        best[pos] = b as u32;
        filled = (filled + 1).min(k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    /// 10 rows: rows 0, 3, 7 positive (minority), the rest negative.
    fn toy() -> (Array2<f32>, Vec<bool>) {
        let x = Array2::from_shape_fn((10, 2), |(i, j)| (i * 10 + j) as f32);
        let y = (0..10).map(|i| [0, 3, 7].contains(&i)).collect();
        (x, y)
    }

    fn count(y: &[bool]) -> (usize, usize) {
        let p = y.iter().filter(|&&v| v).count();
        (y.len() - p, p)
    }

    #[test]
    fn none_is_a_copy() {
        let (x, y) = toy();
        let (x2, y2) = resample(x.view(), &y, &Resampling::None, &mut Rng::new(1)).unwrap();
        assert_eq!((x2, y2), (x, y));
    }

    #[test]
    fn oversample_balances_with_copies_of_minority_rows() {
        let (x, y) = toy();
        let (x2, y2) = resample(x.view(), &y, &Resampling::oversample(), &mut Rng::new(1)).unwrap();
        assert_eq!(count(&y2), (7, 7));
        // The originals first, in order.
        assert_eq!(x2.slice(ndarray::s![..10, ..]), x);
        for (i, &yi) in y2.iter().enumerate().skip(10) {
            assert!(yi);
            assert!([0, 3, 7].iter().any(|&m| x2.row(i) == x.row(m)), "row {i}");
        }
        assert_eq!(y2.len(), 14);
    }

    #[test]
    fn ratio_sets_the_counts() {
        let (x, y) = toy();
        // floor(7 · 0.6) = 4 positives: one copy.
        let (_, y2) = resample(x.view(), &y, &Resampling::Oversample { ratio: 0.6 }, &mut Rng::new(1)).unwrap();
        assert_eq!(count(&y2), (7, 4));
        // floor(3 / 0.5) = 6 negatives kept.
        let (_, y3) = resample(x.view(), &y, &Resampling::Undersample { ratio: 0.5 }, &mut Rng::new(1)).unwrap();
        assert_eq!(count(&y3), (6, 3));
        // Already past the ratio: nothing added.
        let (_, y4) = resample(x.view(), &y, &Resampling::Oversample { ratio: 0.4 }, &mut Rng::new(1)).unwrap();
        assert_eq!(count(&y4), (7, 3));
    }

    #[test]
    fn undersample_keeps_distinct_majority_rows_in_order() {
        let (x, y) = toy();
        let (x2, y2) = resample(x.view(), &y, &Resampling::undersample(), &mut Rng::new(5)).unwrap();
        assert_eq!(count(&y2), (3, 3));
        let ids: Vec<usize> = x2.column(0).iter().map(|v| (*v / 10.0) as usize).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
        for (&i, &yi) in ids.iter().zip(&y2) {
            assert_eq!(y[i], yi);
        }
    }

    #[test]
    fn minority_can_be_the_negative_class() {
        let (x, y) = toy();
        let flipped: Vec<bool> = y.iter().map(|v| !v).collect();
        let (_, y2) = resample(x.view(), &flipped, &Resampling::smote(2), &mut Rng::new(1)).unwrap();
        assert_eq!(count(&y2), (7, 7));
    }

    #[test]
    fn smote_on_a_line_stays_between_neighbours() {
        // Minority at 0, 1, 3, 10 on a line; with k = 1 the neighbour of
        // 0 is 1, of 1 is 0, of 3 is 1, of 10 is 3; so every new point is
        // in [0, 1] ∪ [1, 3] ∪ [3, 10], and from row 10 only in [3, 10].
        let x = array![
            [0.0f32],
            [1.0],
            [3.0],
            [10.0],
            [50.0],
            [51.0],
            [52.0],
            [53.0],
            [54.0],
            [55.0]
        ];
        let y: Vec<bool> = (0..10).map(|i| i < 4).collect();
        let (x2, y2) = resample(x.view(), &y, &Resampling::smote(1), &mut Rng::new(3)).unwrap();
        assert_eq!(count(&y2), (6, 6));
        for i in 10..12 {
            let v = x2[[i, 0]];
            assert!((0.0..=10.0).contains(&v) && y2[i], "{v}");
        }
    }

    #[test]
    fn nearest_orders_by_distance_then_index() {
        // Rows 0..5 at 0, 2, -2, 5, 1 (1-d); from row 0: 4 (1), then 1 and
        // 2 tie at 2 → 1 first.
        let xm = [0.0f32, 2.0, -2.0, 5.0, 1.0];
        let mut best = [0u32; 3];
        let mut dist = [0.0; 3];
        nearest(&xm, 5, 1, 0, &mut best, &mut dist);
        assert_eq!(best, [4, 1, 2]);
        assert_eq!(dist, [1.0, 4.0, 4.0]);
    }

    #[test]
    fn same_seed_same_rows() {
        let (x, y) = toy();
        for m in [
            Resampling::oversample(),
            Resampling::undersample(),
            Resampling::smote(2),
        ] {
            let a = resample(x.view(), &y, &m, &mut Rng::new(9)).unwrap();
            let b = resample(x.view(), &y, &m, &mut Rng::new(9)).unwrap();
            let c = resample(x.view(), &y, &m, &mut Rng::new(10)).unwrap();
            assert_eq!(a, b, "{m:?}");
            assert_ne!(a, c, "{m:?}");
        }
    }

    #[test]
    fn errors_name_the_problem() {
        let (x, y) = toy();
        let one = vec![false; 10];
        let e = resample(x.view(), &one, &Resampling::oversample(), &mut Rng::new(1)).unwrap_err();
        assert_eq!(
            e,
            ResampleError::OneClass {
                found: "only negative rows"
            }
        );
        assert_eq!(
            e.to_string(),
            "resampling: the training rows have only negative rows; resampling needs rows of both classes"
        );
        let e = resample(x.view(), &y, &Resampling::smote(5), &mut Rng::new(1)).unwrap_err();
        assert!(matches!(
            e,
            ResampleError::TooFewMinority {
                found: 3,
                k: 5,
                needed: 6,
                ..
            }
        ));
        assert_eq!(
            e.to_string(),
            "SMOTE: the training rows have 3 positive (minority) rows, but k = 5 needs at least 6; set k to at most 2"
        );
        let e = resample(x.view(), &y[..9], &Resampling::None, &mut Rng::new(1)).unwrap_err();
        assert!(matches!(e, ResampleError::RowMismatch { x_rows: 10, y_len: 9 }));
        let e = resample(x.view(), &y, &Resampling::smote(0), &mut Rng::new(1)).unwrap_err();
        assert_eq!(e, ResampleError::BadK);
        for ratio in [0.0, 1.5, f64::NAN] {
            let e = resample(x.view(), &y, &Resampling::Undersample { ratio }, &mut Rng::new(1)).unwrap_err();
            assert!(matches!(e, ResampleError::BadRatio(_)));
        }
        let mut xn = x.clone();
        xn[[3, 1]] = f32::NAN;
        let e = resample(xn.view(), &y, &Resampling::smote(2), &mut Rng::new(1)).unwrap_err();
        assert!(matches!(e, ResampleError::NonFinite { row: 3, column: 1, .. }));
        let empty = Array2::<f32>::zeros((0, 2));
        let e = resample(empty.view(), &[], &Resampling::smote(2), &mut Rng::new(1)).unwrap_err();
        assert_eq!(e, ResampleError::OneClass { found: "no rows" });
    }

    #[test]
    fn serde_shape() {
        let r: Resampling = serde_json::from_str(r#"{"method": "smote"}"#).unwrap();
        assert_eq!(r, Resampling::smote(5));
        let r: Resampling = serde_json::from_str(r#"{"method": "undersample", "ratio": 0.5}"#).unwrap();
        assert_eq!(r, Resampling::Undersample { ratio: 0.5 });
        assert_eq!(
            serde_json::to_string(&Resampling::None).unwrap(),
            r#"{"method":"none"}"#
        );
        assert!(serde_json::from_str::<Resampling>(r#"{"method": "smote", "kk": 3}"#).is_err());
        assert_eq!(Resampling::default(), Resampling::None);
    }

    #[test]
    fn balanced_weights_are_total_over_twice_the_class() {
        // 10 rows, 3 positive: 10/(2·7) and 10/(2·3).
        let (_, y) = toy();
        let (wn, wp) = balanced_class_weights(&y);
        assert!((wn - 10.0 / 14.0).abs() < 1e-15 && (wp - 10.0 / 6.0).abs() < 1e-15);
        // With sample weights 2 on positives: S = 7 + 6 = 13 → 13/14, 13/12.
        let sw: Vec<f64> = y.iter().map(|&v| if v { 2.0 } else { 1.0 }).collect();
        let (wn, wp) = class_weight_factors(ClassWeight::Balanced, &y, Some(&sw));
        assert!((wn - 13.0 / 14.0).abs() < 1e-15 && (wp - 13.0 / 12.0).abs() < 1e-15);
    }
}
