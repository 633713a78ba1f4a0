//! Feature binning for the boosted trees: each feature's bin edges from the
//! training rows (at most `max_bins` bins, as scikit-learn's
//! `_BinMapper`), and the rows turned into one byte per feature.
//!
//! Edges are `f32` values and a value `x` falls in bin `b` when
//! `edge[b-1] < x ≤ edge[b]`, so "bin ≤ b" is exactly "`x ≤ edge[b]`": a
//! split found on bins is saved as a plain `f32` threshold that scores the
//! same rows natively, in ONNX Runtime (which compares `f32`) and here.
//! Missing values (NaN) get their own bin after the last value bin.

use crate::sort::radix_sort_u64;

/// Each feature's bin edges, learned from training rows.
#[derive(Debug, Clone)]
pub(crate) struct BinMapper {
    /// Ascending, distinct edges per feature; `edges[f].len() + 1` value bins.
    edges: Vec<Vec<f32>>,
    /// Whether the training rows had a missing value in each feature.
    has_missing: Vec<bool>,
}

/// `v`'s bits mapped so unsigned order is numeric order (NaN excluded).
fn ordered_bits(v: f32) -> u32 {
    let b = v.to_bits();
    if b & 0x8000_0000 != 0 {
        !b
    } else {
        b | 0x8000_0000
    }
}

fn from_ordered_bits(o: u32) -> f32 {
    if o & 0x8000_0000 != 0 {
        f32::from_bits(o & 0x7fff_ffff)
    } else {
        f32::from_bits(!o)
    }
}

/// The largest `f32` at or below `v` (`v` not NaN): an edge that keeps
/// every value `≤ v` on the left when compared in `f32`.
fn f32_at_or_below(v: f64) -> f32 {
    let t = v as f32;
    if t == f32::INFINITY {
        // No edge at +inf: a threshold must be a finite f32.
        f32::MAX
    } else if (t as f64) <= v {
        t
    } else {
        // Round-to-nearest went up: the next f32 towards −inf.
        from_ordered_bits(ordered_bits(t) - 1)
    }
}

/// The edge between two neighbouring sorted values `a < b`: their midpoint
/// (scikit-learn's rule), rounded down to an `f32` so it stays `≥ a` and
/// `< b`.
fn edge_between(a: f32, b: f32) -> f32 {
    f32_at_or_below(a as f64 / 2.0 + b as f64 / 2.0)
}

impl BinMapper {
    /// Learns edges from the columns of `x` (row-major, `n × d`): see
    /// [`fit_columns`](Self::fit_columns).
    #[cfg(test)]
    pub(crate) fn fit(x: &[f32], n: usize, d: usize, max_bins: usize) -> BinMapper {
        Self::fit_columns(&columns_of(x, n, d), n, d, max_bins)
    }

    /// Learns edges from `cols` (column-major: feature `f` of row `r` at
    /// `f·n + r`). A column
    /// with at most `max_bins` distinct values gets an edge between each
    /// pair of neighbours; a wider one the quantiles `k / max_bins`,
    /// `k = 1 … max_bins − 1` (NumPy's `"averaged_inverted_cdf"`
    /// percentile, as scikit-learn 1.9), duplicates dropped. NaNs are left
    /// out.
    /// Cost: one radix sort per column, O(d·n).
    pub(crate) fn fit_columns(cols: &[f32], n: usize, d: usize, max_bins: usize) -> BinMapper {
        let mut keys: Vec<u64> = Vec::with_capacity(n);
        let mut values: Vec<f32> = Vec::with_capacity(n);
        let mut edges = Vec::with_capacity(d);
        let mut has_missing = Vec::with_capacity(d);
        for col in cols.chunks_exact(n.max(1)).take(d) {
            keys.clear();
            keys.extend(col.iter().filter(|v| !v.is_nan()).map(|&v| ordered_bits(v) as u64));
            has_missing.push(keys.len() < n);
            radix_sort_u64(&mut keys);
            values.clear();
            values.extend(keys.iter().map(|&k| from_ordered_bits(k as u32)));
            edges.push(column_edges(&values, max_bins));
        }
        BinMapper { edges, has_missing }
    }

    /// Number of features.
    pub(crate) fn n_features(&self) -> usize {
        self.edges.len()
    }

    /// Value bins of feature `f` (the missing bin is this index).
    pub(crate) fn n_value_bins(&self, f: usize) -> usize {
        self.edges[f].len() + 1
    }

    /// Whether feature `f` had missing values in training.
    pub(crate) fn has_missing(&self, f: usize) -> bool {
        self.has_missing[f]
    }

    /// The edges of feature `f`.
    pub(crate) fn edges(&self, f: usize) -> &[f32] {
        &self.edges[f]
    }

    /// The bin of value `v` of feature `f`.
    #[inline]
    pub(crate) fn bin_of(&self, f: usize, v: f32) -> u8 {
        let e = &self.edges[f];
        if v.is_nan() {
            e.len() as u8 + 1
        } else {
            e.partition_point(|&edge| edge < v) as u8
        }
    }

    /// `x` (row-major, `rows × d`) as bins, column-major: see
    /// [`bin_column_major`](Self::bin_column_major).
    #[cfg(test)]
    pub(crate) fn bin_columns(&self, x: &[f32], rows: usize) -> Vec<u8> {
        self.bin_column_major(&columns_of(x, rows, self.n_features()), rows)
    }

    /// `cols` (column-major, `rows` rows: feature `f` of row `r` at
    /// `f·rows + r`) as bins in the same layout, one byte per value.
    pub(crate) fn bin_column_major(&self, cols: &[f32], rows: usize) -> Vec<u8> {
        let d = self.n_features();
        let mut out = vec![0u8; rows * d];
        let rows = rows.max(1);
        for (f, (o, col)) in out.chunks_exact_mut(rows).zip(cols.chunks_exact(rows)).enumerate() {
            for (o, &v) in o.iter_mut().zip(col) {
                *o = self.bin_of(f, v);
            }
        }
        out
    }
}

/// `x` (row-major, `n × d`) copied column-major (feature `f` of row `r` at
/// `f·n + r`). Done in blocks of rows so the reads of a block stay in
/// cache: reading one column at a time out of the row-major matrix
/// touches every cache line of it once per feature, and was a tenth of
/// the whole fit's time on 182,277 × 29 rows.
pub(crate) fn columns_of(x: &[f32], n: usize, d: usize) -> Vec<f32> {
    const BLOCK: usize = 64;
    let mut out = vec![0.0f32; n * d];
    for r0 in (0..n).step_by(BLOCK) {
        let r1 = (r0 + BLOCK).min(n);
        let block = &x[r0 * d..r1 * d];
        for (f, col) in out.chunks_exact_mut(n.max(1)).enumerate() {
            for (o, row) in col[r0..r1].iter_mut().zip(block.chunks_exact(d)) {
                *o = row[f];
            }
        }
    }
    out
}

/// The edges of one sorted column of non-NaN values.
fn column_edges(sorted: &[f32], max_bins: usize) -> Vec<f32> {
    let mut distinct: Vec<f32> = Vec::new();
    for &v in sorted {
        if distinct.last() != Some(&v) {
            // −0 and +0 compare equal: one value.
            distinct.push(v);
            if distinct.len() > max_bins {
                break;
            }
        }
    }
    let mut edges: Vec<f32> = Vec::with_capacity(max_bins);
    if distinct.len() <= max_bins {
        edges.extend(distinct.windows(2).map(|w| edge_between(w[0], w[1])));
    } else {
        let n = sorted.len();
        for k in 1..max_bins {
            // The inverted CDF at k/max_bins: the value at rank ⌈n·k/max_bins⌉,
            // or the mean of the two around it when n·k/max_bins is whole
            // (exact integer arithmetic: no rank lost to rounding).
            let (j, rem) = ((n * k) / max_bins, (n * k) % max_bins);
            let e = if rem == 0 {
                let mid = sorted[j - 1] as f64 / 2.0 + sorted[j] as f64 / 2.0;
                if mid.is_nan() {
                    continue;
                }
                f32_at_or_below(mid)
            } else {
                sorted[j]
            };
            // An edge at the column's largest value would leave its last bin empty.
            if e < sorted[sorted.len() - 1] && edges.last().is_none_or(|&p| p < e) {
                edges.push(e);
            }
        }
    }
    edges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_values_get_midpoint_edges_and_nan_its_own_bin() {
        // Column 0: 1, 2, 2, 4 → edges 1.5, 3; column 1: NaN present.
        let x = [1.0f32, 0.0, 2.0, f32::NAN, 2.0, 1.0, 4.0, 1.0];
        let m = BinMapper::fit(&x, 4, 2, 255);
        assert_eq!(m.edges(0), &[1.5, 3.0]);
        assert_eq!(m.edges(1), &[0.5]);
        assert!(!m.has_missing(0) && m.has_missing(1));
        assert_eq!(m.bin_columns(&x, 4), vec![0, 1, 1, 2, 0, 2, 1, 1]);
        // Bin b ⇔ x ≤ edge[b]: the edge itself is in the lower bin.
        assert_eq!(m.bin_of(0, 1.5), 0);
        assert_eq!(m.bin_of(0, 1.5000001), 1);
    }

    #[test]
    fn edges_between_adjacent_floats_round_down() {
        let a = 0.1f32;
        let b = f32::from_bits(a.to_bits() + 1);
        let e = edge_between(a, b);
        assert!(a <= e && e < b, "{a} {e} {b}");
        assert_eq!(edge_between(3.0, f32::INFINITY), f32::MAX);
    }

    #[test]
    fn many_values_get_at_most_max_bins() {
        // 1000 distinct values 0..999 with 4 bins: 1000·k/4 = 250, 500, 750
        // are whole, so each edge is the mean of the values at ranks j and
        // j + 1: (249+250)/2 = 249.5, 499.5, 749.5. With 999 values 0..998,
        // 999·k/4 = 249.75, … → the value of rank ⌈·⌉: 249, 499, 749.
        let x: Vec<f32> = (0..1000).map(|v| v as f32).collect();
        let m = BinMapper::fit(&x, 1000, 1, 4);
        assert_eq!(m.edges(0), &[249.5, 499.5, 749.5]);
        let m = BinMapper::fit(&x[..999], 999, 1, 4);
        assert_eq!(m.edges(0), &[249.0, 499.0, 749.0]);
        // A column that is mostly one value keeps distinct edges only.
        let mut y = vec![5.0f32; 1000];
        y[0] = 1.0;
        for (i, v) in y.iter_mut().enumerate().skip(990) {
            *v = i as f32;
        }
        let m = BinMapper::fit(&y, 1000, 1, 4);
        assert!(m.edges(0).windows(2).all(|w| w[0] < w[1]), "{:?}", m.edges(0));
        assert!(m.n_value_bins(0) <= 4);
    }
}
