//! Threshold-free ranking metrics: the one sort ([`RankedScores`]), the ROC
//! curve and ROC-AUC, the precision–recall curve and average precision, and
//! the KS statistic. Knows nothing of probabilities (log loss and Brier are in
//! `probability.rs`) nor of how a threshold is chosen (`sweep.rs`).

use serde::{Deserialize, Serialize};

use super::{check_inputs, check_threshold, Confusion, MetricsError};

/// Scores sorted once, with cumulative counts at every distinct threshold.
///
/// Built as scikit-learn's `confusion_matrix_at_thresholds` does: the scores
/// are sorted in decreasing order and the thresholds are the distinct scores
/// (tied scores form one threshold, so ties move together), and a first
/// threshold `+inf` is prepended (nothing predicted positive), as `roc_curve`
/// does. Element `i` of every array is for the rule `score >= thresholds[i]`:
///
/// - `thresholds()`: `[+inf, s_1, s_2, ..., s_m]`, strictly decreasing, `s_j`
///   the distinct scores (`-0.0` is the same score as `0.0`);
/// - `tps()[i]`, `fps()[i]`: positive / negative rows with `score >= thresholds[i]`,
///   non-decreasing, `tps()[0] = fps()[0] = 0`, last = (P, N).
///
/// Cost: one sort in [`RankedScores::new`] (a radix sort of each class, O(n)
/// for n >= 256 rows; comparison sort below); everything else is
/// O(m) in the number of distinct scores, or O(log m) for one threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedScores {
    thresholds: Vec<f64>,
    tps: Vec<u64>,
    fps: Vec<u64>,
}

/// An ROC curve with scikit-learn's `roc_curve` semantics and orientation.
///
/// `thresholds` is strictly decreasing and starts at `+inf`, so the curve
/// starts at (0, 0) and ends at (1, 1); `fpr[i]`, `tpr[i]` are the rates of
/// the rule `score >= thresholds[i]`. When `y` has no negative rows `fpr` is
/// all NaN, with no positive rows `tpr` is all NaN (scikit-learn does the
/// same and warns). In JSON `+inf` and NaN are written as `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RocCurve {
    /// False positive rate `fp / N`, non-decreasing.
    pub fpr: Vec<f64>,
    /// True positive rate (recall) `tp / P`, non-decreasing.
    pub tpr: Vec<f64>,
    /// Decision thresholds, strictly decreasing, first `+inf`.
    pub thresholds: Vec<f64>,
}

/// A precision–recall curve with scikit-learn's `precision_recall_curve`
/// semantics and orientation, which is the *reverse* of [`RocCurve`]'s.
///
/// `thresholds` (length m) is strictly *increasing* (the distinct scores,
/// no `+inf`); `precision` and `recall` have m + 1 values: element `i < m` is
/// for the rule `score >= thresholds[i]`, and the last is the point
/// (recall 0, precision 1), which has no threshold. So recall is
/// non-increasing. Precision is 0 where nothing is predicted positive. When
/// `y` has no positive rows, recall is 1 at every threshold (scikit-learn's
/// choice, with a warning).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrCurve {
    /// `tp / (tp + fp)`, then a final 1.
    pub precision: Vec<f64>,
    /// `tp / P`, then a final 0.
    pub recall: Vec<f64>,
    /// Decision thresholds, strictly increasing.
    pub thresholds: Vec<f64>,
}

/// Where the Kolmogorov–Smirnov statistic is reached.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ks {
    /// `max_t |TPR(t) − FPR(t)|` over the thresholds of the ROC curve, in
    /// `[0, 1]`: the largest vertical gap between the two classes' score
    /// distributions (`scipy.stats.ks_2samp(pos, neg).statistic`).
    pub statistic: f64,
    /// The highest threshold where the maximum is reached (may be `+inf` when
    /// the statistic is 0).
    pub threshold: f64,
    /// TPR at that threshold.
    pub tpr: f64,
    /// FPR at that threshold; `tpr < fpr` means the scores are reversed.
    pub fpr: f64,
}

/// A u64 whose ascending order is the *descending* order of finite scores.
/// Adding 0.0 first turns -0.0 into 0.0, so the two are one score, as they
/// are under `==` (and under NumPy's `diff`, which groups ties for sklearn).
fn descending_key(score: f64) -> u64 {
    let bits = (score + 0.0).to_bits();
    // IEEE order as unsigned order: flip all bits of negatives, the sign bit
    // of positives; then invert for descending.
    let ascending = if bits >> 63 == 1 { !bits } else { bits | 1 << 63 };
    !ascending
}

/// The inverse of [`descending_key`].
fn score_of_key(key: u64) -> f64 {
    let ascending = !key;
    let bits = if ascending >> 63 == 1 {
        ascending & !(1 << 63)
    } else {
        !ascending
    };
    f64::from_bits(bits)
}

/// [`descending_key`] for an `f32` score: the same order as the score's
/// `f64` value (the conversion is exact and keeps order), in 32 bits.
fn descending_key_f32(score: f32) -> u32 {
    let bits = (score + 0.0).to_bits();
    let ascending = if bits >> 31 == 1 { !bits } else { bits | 1 << 31 };
    !ascending
}

/// ROC-AUC, average precision and the confusion counts at one threshold,
/// without the curves: what a network's history needs every epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankSummary {
    /// As [`RankedScores::roc_auc`].
    pub roc_auc: Option<f64>,
    /// As [`RankedScores::average_precision`].
    pub average_precision: Option<f64>,
    /// As [`RankedScores::confusion_at`] the threshold given.
    pub confusion: Confusion,
}

/// [`RankSummary`] of `f32` scores: the same bits as
/// `RankedScores::new(y, &scores as f64)` followed by `roc_auc()`,
/// `average_precision()` and `confusion_at(threshold)` (the same merge over
/// the same distinct scores, summed in the same order), at a fraction of the
/// cost: 32-bit keys sorted in three radix passes instead of 64-bit ones in
/// five, and no threshold or count arrays. A network's fit calls it twice an
/// epoch (training and validation rows, 228,000 scores on the credit-card
/// file), where building the curves was a large share of the epoch in wasm.
///
/// Errors: lengths differ, no rows, a NaN or infinite score, a NaN threshold.
pub fn rank_summary_f32(y: &[bool], scores: &[f32], threshold: f64) -> Result<RankSummary, MetricsError> {
    if scores.len() != y.len() {
        return Err(MetricsError::LengthMismatch {
            scores: scores.len(),
            labels: y.len(),
        });
    }
    if y.is_empty() {
        return Err(MetricsError::Empty);
    }
    if let Some((index, &value)) = scores.iter().enumerate().find(|(_, s)| !s.is_finite()) {
        return Err(MetricsError::NonFiniteScore {
            index,
            value: value as f64,
        });
    }
    check_threshold(threshold)?;
    let n_pos = y.iter().filter(|&&l| l).count();
    let mut pos: Vec<u32> = Vec::with_capacity(n_pos);
    let mut neg: Vec<u32> = Vec::with_capacity(y.len() - n_pos);
    let (mut tp, mut fp) = (0u64, 0u64);
    for (&label, &score) in y.iter().zip(scores) {
        let above = (score as f64 >= threshold) as u64;
        if label {
            pos.push(descending_key_f32(score));
            tp += above;
        } else {
            neg.push(descending_key_f32(score));
            fp += above;
        }
    }
    crate::sort::radix_sort_u32(&mut pos);
    crate::sort::radix_sort_u32(&mut neg);
    // RankedScores::new's merge, with roc_auc's and average_precision's
    // sums taken as each distinct score is passed.
    let (mut i, mut j) = (0usize, 0usize);
    let (mut twice, mut ap_sum) = (0u128, 0.0f64);
    loop {
        let key = match (pos.get(i), neg.get(j)) {
            (Some(&a), Some(&b)) => a.min(b),
            (Some(&a), None) => a,
            (None, Some(&b)) => b,
            (None, None) => break,
        };
        let (i0, j0) = (i, j);
        while pos.get(i) == Some(&key) {
            i += 1;
        }
        while neg.get(j) == Some(&key) {
            j += 1;
        }
        // Each count is below 2^32 (rows of an array in memory), so the
        // product fits a u64: a u128 product is a call in wasm32.
        twice += ((j - j0) as u64 * (i + i0) as u64) as u128;
        if i > i0 {
            ap_sum += (i - i0) as f64 * (i as f64 / (i + j) as f64);
        }
    }
    let (p, n) = (pos.len() as u64, neg.len() as u64);
    Ok(RankSummary {
        roc_auc: (p > 0 && n > 0).then(|| twice as f64 / (2.0 * p as f64 * n as f64)),
        average_precision: (p > 0).then(|| ap_sum / p as f64),
        confusion: Confusion {
            tp,
            fp,
            tn: n - fp,
            fn_: p - tp,
        },
    })
}

impl RankedScores {
    /// Sorts the scores once and accumulates the counts.
    ///
    /// Errors: lengths differ, no rows, a NaN or infinite score.
    pub fn new(y: &[bool], scores: &[f64]) -> Result<RankedScores, MetricsError> {
        check_inputs(y, scores)?;
        // Each class is sorted on its own, as integer keys (a radix sort of
        // u64 is several times faster than a comparison sort of (f64, bool)
        // pairs), then the two runs are merged. Tied scores are merged
        // into one threshold, so the order within a tie never matters and an
        // unstable sort gives the same counts as scikit-learn's stable one.
        let n_pos = y.iter().filter(|&&l| l).count();
        let mut pos: Vec<u64> = Vec::with_capacity(n_pos);
        let mut neg: Vec<u64> = Vec::with_capacity(y.len() - n_pos);
        for (&label, &score) in y.iter().zip(scores) {
            if label {
                pos.push(descending_key(score));
            } else {
                neg.push(descending_key(score));
            }
        }
        crate::sort::radix_sort_u64(&mut pos);
        crate::sort::radix_sort_u64(&mut neg);

        let mut thresholds = Vec::with_capacity(y.len() + 1);
        let mut tps = Vec::with_capacity(y.len() + 1);
        let mut fps = Vec::with_capacity(y.len() + 1);
        thresholds.push(f64::INFINITY);
        tps.push(0);
        fps.push(0);
        let (mut i, mut j) = (0, 0);
        loop {
            // The smallest key is the highest score left in either class.
            let key = match (pos.get(i), neg.get(j)) {
                (Some(&a), Some(&b)) => a.min(b),
                (Some(&a), None) => a,
                (None, Some(&b)) => b,
                (None, None) => break,
            };
            while pos.get(i) == Some(&key) {
                i += 1;
            }
            while neg.get(j) == Some(&key) {
                j += 1;
            }
            thresholds.push(score_of_key(key));
            tps.push(i as u64);
            fps.push(j as u64);
        }
        Ok(RankedScores { thresholds, tps, fps })
    }

    /// `[+inf, distinct scores in decreasing order]`.
    pub fn thresholds(&self) -> &[f64] {
        &self.thresholds
    }

    /// Positive rows with `score >= thresholds()[i]`.
    pub fn tps(&self) -> &[u64] {
        &self.tps
    }

    /// Negative rows with `score >= thresholds()[i]`.
    pub fn fps(&self) -> &[u64] {
        &self.fps
    }

    /// P, the number of positive rows.
    pub fn positives(&self) -> u64 {
        *self.tps.last().unwrap_or(&0)
    }

    /// N, the number of negative rows.
    pub fn negatives(&self) -> u64 {
        *self.fps.last().unwrap_or(&0)
    }

    /// n = P + N.
    pub fn rows(&self) -> u64 {
        self.positives() + self.negatives()
    }

    /// The index `i` of the row of the arrays that the rule
    /// `score >= threshold` reproduces: the smallest listed threshold that is
    /// still `>= threshold`. 0 for `threshold = +inf` or above every score.
    /// `threshold` must not be NaN (a NaN gives 0).
    pub fn index_at(&self, threshold: f64) -> usize {
        // thresholds[0] = +inf >= anything, so the partition point is >= 1.
        self.thresholds.partition_point(|&t| t >= threshold).max(1) - 1
    }

    /// Confusion counts at `threshold` in O(log m), identical to
    /// [`Confusion::at_threshold`] on the original slices.
    ///
    /// Errors: a NaN threshold.
    pub fn confusion_at(&self, threshold: f64) -> Result<Confusion, MetricsError> {
        check_threshold(threshold)?;
        Ok(self.confusion_at_index(self.index_at(threshold)))
    }

    /// Confusion counts at `thresholds()[i]`. Out-of-range `i` is clamped to
    /// the last threshold (everything predicted positive).
    pub fn confusion_at_index(&self, i: usize) -> Confusion {
        let i = i.min(self.thresholds.len() - 1);
        let (tp, fp) = (self.tps[i], self.fps[i]);
        Confusion {
            tp,
            fp,
            tn: self.negatives() - fp,
            fn_: self.positives() - tp,
        }
    }

    /// The ROC curve (`roc_curve(y, scores, drop_intermediate=...)`).
    ///
    /// With `drop_intermediate` (scikit-learn's default `True`), points that
    /// lie inside a straight horizontal, vertical or diagonal run are
    /// dropped, exactly as scikit-learn does it: among the thresholds after
    /// `+inf`, the first and last are kept and a middle one only where the
    /// second difference of `fps` or `tps` is non-zero (tested only when
    /// there are more than 2 of them). The area under the curve is unchanged.
    pub fn roc_curve(&self, drop_intermediate: bool) -> RocCurve {
        let keep = self.kept_roc_indices(drop_intermediate);
        let (p, n) = (self.positives() as f64, self.negatives() as f64);
        let rate = |count: u64, total: f64| {
            if total > 0.0 {
                count as f64 / total
            } else {
                f64::NAN
            }
        };
        RocCurve {
            fpr: keep.iter().map(|&i| rate(self.fps[i], n)).collect(),
            tpr: keep.iter().map(|&i| rate(self.tps[i], p)).collect(),
            thresholds: keep.iter().map(|&i| self.thresholds[i]).collect(),
        }
    }

    fn kept_roc_indices(&self, drop_intermediate: bool) -> Vec<usize> {
        let m = self.thresholds.len() - 1; // scikit-learn's array length
        if !drop_intermediate || m <= 2 {
            return (0..=m).collect();
        }
        let second_diff = |v: &[u64], j: usize| v[j - 1] + v[j + 1] != 2 * v[j];
        let mut keep = Vec::with_capacity(m + 1);
        keep.push(0);
        keep.push(1);
        keep.extend((2..m).filter(|&j| second_diff(&self.fps, j) || second_diff(&self.tps, j)));
        keep.push(m);
        keep
    }

    /// Area under the ROC curve (`roc_auc_score`): the trapezoidal area
    /// `Σ_i (FPR_i − FPR_{i−1})·(TPR_i + TPR_{i−1}) / 2` over the thresholds,
    /// equal to the probability that a random positive row scores higher
    /// than a random negative row, a tie counting ½ (the Mann–Whitney U
    /// statistic over P·N). Accumulated in exact integer products, divided
    /// once.
    ///
    /// Undefined (`None`) when `y` has one class; scikit-learn 1.9.1 warns
    /// and returns NaN there.
    pub fn roc_auc(&self) -> Option<f64> {
        let (p, n) = (self.positives(), self.negatives());
        if p == 0 || n == 0 {
            return None;
        }
        // Twice the area in units of one (positive, negative) pair: each
        // trapezoid is (fp_i − fp_{i−1})·(tp_i + tp_{i−1}); u128 cannot
        // overflow (each term <= N·2P).
        let twice: u128 = (1..self.thresholds.len())
            .map(|i| (self.fps[i] - self.fps[i - 1]) as u128 * (self.tps[i] + self.tps[i - 1]) as u128)
            .sum();
        Some(twice as f64 / (2.0 * p as f64 * n as f64))
    }

    /// The precision–recall curve (`precision_recall_curve(y, scores,
    /// drop_intermediate=...)`), oriented as scikit-learn orients it: see
    /// [`PrCurve`]. With `drop_intermediate` (scikit-learn's default is
    /// `False`), thresholds where `tp` does not change from both the previous
    /// and the next threshold are dropped (the first and last are kept, and
    /// only when there are more than 2), which keeps the corners of the
    /// plotted step curve.
    pub fn pr_curve(&self, drop_intermediate: bool) -> PrCurve {
        let m = self.thresholds.len() - 1;
        // Indices into our arrays (1..=m), decreasing thresholds.
        let keep: Vec<usize> = if drop_intermediate && m > 2 {
            (1..=m)
                .filter(|&j| j == 1 || j == m || self.tps[j] != self.tps[j - 1] || self.tps[j + 1] != self.tps[j])
                .collect()
        } else {
            (1..=m).collect()
        };
        let p = self.positives();
        let mut precision = Vec::with_capacity(keep.len() + 1);
        let mut recall = Vec::with_capacity(keep.len() + 1);
        let mut thresholds = Vec::with_capacity(keep.len());
        for &j in keep.iter().rev() {
            let (tp, fp) = (self.tps[j], self.fps[j]);
            precision.push(if tp + fp == 0 {
                0.0
            } else {
                tp as f64 / (tp + fp) as f64
            });
            recall.push(if p == 0 { 1.0 } else { tp as f64 / p as f64 });
            thresholds.push(self.thresholds[j]);
        }
        precision.push(1.0);
        recall.push(0.0);
        PrCurve {
            precision,
            recall,
            thresholds,
        }
    }

    /// Average precision (`average_precision_score`), the PR-AUC we report:
    /// the step sum `AP = Σ_k (R_k − R_{k−1})·P_k` over decreasing
    /// thresholds, `R_0 = 0`, `P_k`, `R_k` precision and recall at the k-th
    /// distinct score. Not the trapezoidal area (which is optimistic for
    /// a step curve). Ties: a tied group enters at once, with its combined
    /// precision.
    ///
    /// Undefined (`None`) when `y` has no positive rows. scikit-learn sets
    /// recall to 1 there, warns, and returns 0.0; we return `None` because
    /// there is nothing to rank. With no negative rows AP is 1, as there.
    pub fn average_precision(&self) -> Option<f64> {
        let p = self.positives();
        if p == 0 {
            return None;
        }
        let mut sum = 0.0;
        for k in 1..self.thresholds.len() {
            let new_tp = self.tps[k] - self.tps[k - 1];
            if new_tp > 0 {
                let precision = self.tps[k] as f64 / (self.tps[k] + self.fps[k]) as f64;
                sum += new_tp as f64 * precision;
            }
        }
        Some(sum / p as f64)
    }

    /// The KS statistic `max_t |TPR(t) − FPR(t)|` over the ROC thresholds
    /// (including `+inf`), and where it is reached (the highest such
    /// threshold). The absolute value makes it the two-sample
    /// Kolmogorov–Smirnov statistic of the positive and negative scores, so a
    /// reversed score has KS near 1 with `tpr < fpr`.
    ///
    /// Undefined (`None`) when `y` has one class.
    pub fn ks(&self) -> Option<Ks> {
        let (p, n) = (self.positives() as f64, self.negatives() as f64);
        if p == 0.0 || n == 0.0 {
            return None;
        }
        let mut best = Ks {
            statistic: -1.0,
            threshold: f64::INFINITY,
            tpr: 0.0,
            fpr: 0.0,
        };
        for i in 0..self.thresholds.len() {
            let (tpr, fpr) = (self.tps[i] as f64 / p, self.fps[i] as f64 / n);
            let gap = (tpr - fpr).abs();
            if gap > best.statistic {
                best = Ks {
                    statistic: gap,
                    threshold: self.thresholds[i],
                    tpr,
                    fpr,
                };
            }
        }
        Some(best)
    }

    /// Warnings for the threshold-free ranking metrics that are undefined on
    /// these labels (ROC-AUC, average precision, KS). Empty when all are
    /// defined.
    pub fn warnings(&self) -> Vec<String> {
        let mut w = Vec::new();
        let class_missing = match (self.positives(), self.negatives()) {
            (0, _) => Some("positive"),
            (_, 0) => Some("negative"),
            _ => None,
        };
        if let Some(class) = class_missing {
            w.push(format!("ROC-AUC is undefined: y has no {class} rows"));
            if class == "positive" {
                w.push("PR-AUC (average precision) is undefined: y has no positive rows".to_string());
            }
            w.push(format!("KS statistic is undefined: y has no {class} rows"));
        }
        w
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::Rng;

    /// Seeded cases: random, heavy ties, all tied, one class each way, tiny.
    pub(crate) fn cases() -> Vec<(String, Vec<bool>, Vec<f64>)> {
        let mut rng = Rng::new(42);
        let mut out = Vec::new();
        for &(n, rate, decimals) in &[
            (1, 0.5, None),
            (2, 0.5, None),
            (3, 0.5, Some(0)),
            (50, 0.3, None),
            (400, 0.1, None),
            (400, 0.1, Some(1)),
            (400, 0.5, Some(0)),
            (300, 0.02, Some(2)),
        ] {
            for _ in 0..3 {
                let y: Vec<bool> = (0..n).map(|_| rng.uniform() < rate).collect();
                let s: Vec<f64> = y
                    .iter()
                    .map(|&l| {
                        let z = rng.normal() + if l { 1.0 } else { 0.0 };
                        let p = 1.0 / (1.0 + (-z).exp());
                        match decimals {
                            Some(d) => (p * 10f64.powi(d)).round() / 10f64.powi(d),
                            None => p,
                        }
                    })
                    .collect();
                out.push((format!("n{n}_r{rate}_d{decimals:?}"), y, s));
            }
        }
        let y: Vec<bool> = (0..30).map(|i| i % 3 == 0).collect();
        out.push(("all_tied".into(), y.clone(), vec![0.5; 30]));
        out.push((
            "all_negative".into(),
            vec![false; 20],
            (0..20).map(|i| i as f64 / 7.0).collect(),
        ));
        out.push((
            "all_positive".into(),
            vec![true; 20],
            (0..20).map(|i| (i % 4) as f64).collect(),
        ));
        out.push((
            "perfect".into(),
            y.clone(),
            y.iter().map(|&l| if l { 0.9 } else { 0.1 }).collect(),
        ));
        out.push((
            "reversed".into(),
            y.clone(),
            y.iter().map(|&l| if l { -1.0 } else { 1.0 }).collect(),
        ));
        out
    }

    /// O(P·N) pairwise AUC, a tie counting ½.
    fn slow_auc(y: &[bool], s: &[f64]) -> Option<f64> {
        let (mut num, mut pairs) = (0.0, 0.0);
        for i in 0..y.len() {
            for j in 0..y.len() {
                if y[i] && !y[j] {
                    pairs += 1.0;
                    num += if s[i] > s[j] {
                        1.0
                    } else if s[i] == s[j] {
                        0.5
                    } else {
                        0.0
                    };
                }
            }
        }
        (pairs > 0.0).then(|| num / pairs)
    }

    /// AP by its definition: for every distinct threshold t (decreasing),
    /// recompute precision and recall of `score >= t` from scratch.
    fn slow_ap(y: &[bool], s: &[f64]) -> Option<f64> {
        let p = y.iter().filter(|&&l| l).count() as f64;
        if p == 0.0 {
            return None;
        }
        let mut ts: Vec<f64> = s.to_vec();
        ts.sort_by(|a, b| b.partial_cmp(a).unwrap());
        ts.dedup();
        let (mut ap, mut prev_r) = (0.0, 0.0);
        for t in ts {
            let c = Confusion::at_threshold(y, s, t).unwrap();
            let r = c.tp as f64 / p;
            ap += (r - prev_r) * c.precision();
            prev_r = r;
        }
        Some(ap)
    }

    /// KS by brute force: every candidate threshold, counts from scratch.
    fn slow_ks(y: &[bool], s: &[f64]) -> Option<f64> {
        let p = y.iter().filter(|&&l| l).count() as f64;
        let n = y.len() as f64 - p;
        if p == 0.0 || n == 0.0 {
            return None;
        }
        let mut best: f64 = 0.0;
        for &t in s.iter().chain([f64::INFINITY].iter()) {
            let c = Confusion::at_threshold(y, s, t).unwrap();
            best = best.max((c.tp as f64 / p - c.fp as f64 / n).abs());
        }
        Some(best)
    }

    fn close(a: Option<f64>, b: Option<f64>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-12,
            (None, None) => true,
            _ => false,
        }
    }

    /// The summary of f32 scores has the bits of the full ranking on the
    /// same scores as f64 (itself checked against scikit-learn), on the
    /// seeded cases and on logit-like sets past the radix sort's cut-off,
    /// with ties, both zeros and scores of either sign.
    #[test]
    fn f32_summary_has_the_bits_of_the_full_ranking() {
        let mut all: Vec<(String, Vec<bool>, Vec<f32>)> = cases()
            .into_iter()
            .map(|(name, y, s)| (name, y, s.iter().map(|&v| v as f32).collect()))
            .collect();
        let mut rng = Rng::new(9);
        for &(n, rate, step) in &[(50_000usize, 0.002, 0.0f32), (20_000, 0.5, 0.0), (30_000, 0.01, 0.25)] {
            let y: Vec<bool> = (0..n).map(|_| rng.uniform() < rate).collect();
            let s: Vec<f32> = y
                .iter()
                .enumerate()
                .map(|(i, &l)| {
                    let z = (rng.normal() * 3.0 + if l { 4.0 } else { -2.0 }) as f32;
                    let z = if step > 0.0 { (z / step).round() * step } else { z };
                    match i % 101 {
                        0 => 0.0,
                        1 => -0.0,
                        _ => z,
                    }
                })
                .collect();
            all.push((format!("logits n{n} r{rate} step{step}"), y, s));
        }
        for (name, y, s) in &all {
            let wide: Vec<f64> = s.iter().map(|&v| v as f64).collect();
            let r = RankedScores::new(y, &wide).unwrap();
            for t in [0.0, 0.5, -1.0, f64::INFINITY, f64::NEG_INFINITY] {
                let got = rank_summary_f32(y, s, t).unwrap();
                let bits = |v: Option<f64>| v.map(f64::to_bits);
                assert_eq!(bits(got.roc_auc), bits(r.roc_auc()), "{name}: ROC-AUC");
                assert_eq!(bits(got.average_precision), bits(r.average_precision()), "{name}: AP");
                assert_eq!(got.confusion, r.confusion_at(t).unwrap(), "{name}: confusion at {t}");
            }
        }
        assert!(matches!(
            rank_summary_f32(&[true], &[f32::NAN], 0.0),
            Err(MetricsError::NonFiniteScore { index: 0, .. })
        ));
        assert!(matches!(rank_summary_f32(&[], &[], 0.0), Err(MetricsError::Empty)));
        assert!(matches!(
            rank_summary_f32(&[true], &[1.0, 2.0], 0.0),
            Err(MetricsError::LengthMismatch { .. })
        ));
        assert!(matches!(
            rank_summary_f32(&[true], &[1.0], f64::NAN),
            Err(MetricsError::NanThreshold)
        ));
    }

    #[test]
    fn fast_auc_ap_ks_match_slow_references() {
        for (name, y, s) in cases() {
            let r = RankedScores::new(&y, &s).unwrap();
            assert!(
                close(r.roc_auc(), slow_auc(&y, &s)),
                "{name}: auc {:?} vs {:?}",
                r.roc_auc(),
                slow_auc(&y, &s)
            );
            assert!(
                close(r.average_precision(), slow_ap(&y, &s)),
                "{name}: ap {:?} vs {:?}",
                r.average_precision(),
                slow_ap(&y, &s)
            );
            assert!(close(r.ks().map(|k| k.statistic), slow_ks(&y, &s)), "{name}: ks");
        }
    }

    #[test]
    fn confusion_at_matches_a_direct_count_at_every_kind_of_threshold() {
        for (name, y, s) in cases() {
            let r = RankedScores::new(&y, &s).unwrap();
            let mut ts: Vec<f64> = s.clone();
            ts.extend([f64::INFINITY, f64::NEG_INFINITY, 0.5, 0.25, -0.0, 1e-300]);
            ts.extend(s.iter().map(|v| v + 1e-9));
            for t in ts {
                assert_eq!(
                    r.confusion_at(t).unwrap(),
                    Confusion::at_threshold(&y, &s, t).unwrap(),
                    "{name} at {t}"
                );
            }
        }
    }

    #[test]
    fn dropping_intermediate_points_keeps_the_area() {
        for (name, y, s) in cases() {
            let r = RankedScores::new(&y, &s).unwrap();
            let full = r.roc_curve(false);
            let thin = r.roc_curve(true);
            assert!(thin.fpr.len() <= full.fpr.len());
            assert_eq!(thin.thresholds[0], f64::INFINITY);
            if let Some(auc) = r.roc_auc() {
                let trap = |c: &RocCurve| {
                    (1..c.fpr.len())
                        .map(|i| (c.fpr[i] - c.fpr[i - 1]) * (c.tpr[i] + c.tpr[i - 1]) / 2.0)
                        .sum::<f64>()
                };
                assert!((trap(&thin) - auc).abs() < 1e-12, "{name}");
                assert!((trap(&full) - auc).abs() < 1e-12, "{name}");
            }
        }
    }

    #[test]
    fn auc_all_tied_scores_is_half() {
        // Every (pos, neg) pair is tied: each counts ½.
        let r = RankedScores::new(&[true, false, false, true], &[0.3; 4]).unwrap();
        assert_eq!(r.roc_auc(), Some(0.5));
        assert_eq!(r.thresholds(), &[f64::INFINITY, 0.3]);
        // KS: 0 at both thresholds, the highest is +inf.
        assert_eq!(r.ks().unwrap().statistic, 0.0);
    }

    #[test]
    fn sklearn_docstring_example() {
        // roc_curve([0,0,1,1], [0.1,0.4,0.35,0.8]) in scikit-learn's docs:
        // fpr [0, 0, .5, .5, 1], tpr [0, .5, .5, 1, 1], thresholds [inf, .8, .4, .35, .1];
        // roc_auc_score 0.75, average_precision_score 0.8333.., and
        // precision_recall_curve gives precision [.5, .667, .5, 1, 1],
        // recall [1, 1, .5, .5, 0], thresholds [.1, .35, .4, .8].
        let y = [false, false, true, true];
        let s = [0.1, 0.4, 0.35, 0.8];
        let r = RankedScores::new(&y, &s).unwrap();
        let roc = r.roc_curve(false);
        assert_eq!(roc.fpr, vec![0.0, 0.0, 0.5, 0.5, 1.0]);
        assert_eq!(roc.tpr, vec![0.0, 0.5, 0.5, 1.0, 1.0]);
        assert_eq!(roc.thresholds, vec![f64::INFINITY, 0.8, 0.4, 0.35, 0.1]);
        assert_eq!(r.roc_auc(), Some(0.75));
        // AP = 0.5·1 + 0.5·(2/3)
        assert!((r.average_precision().unwrap() - (0.5 + 1.0 / 3.0)).abs() < 1e-15);
        let pr = r.pr_curve(false);
        assert_eq!(pr.recall, vec![1.0, 1.0, 0.5, 0.5, 0.0]);
        assert_eq!(pr.precision[1], 2.0 / 3.0);
        assert_eq!(pr.thresholds, vec![0.1, 0.35, 0.4, 0.8]);
        // KS = 0.5 first reached at threshold 0.8 (tpr .5, fpr 0).
        let ks = r.ks().unwrap();
        assert_eq!((ks.statistic, ks.threshold), (0.5, 0.8));
    }

    #[test]
    fn one_class_gives_none_nan_and_warnings() {
        let r = RankedScores::new(&[false, false, false], &[0.2, 0.7, 0.4]).unwrap();
        assert_eq!(r.roc_auc(), None);
        assert_eq!(r.average_precision(), None);
        assert!(r.ks().is_none());
        assert!(r.roc_curve(true).tpr.iter().all(|v| v.is_nan()));
        assert_eq!(r.pr_curve(false).recall, vec![1.0, 1.0, 1.0, 0.0]);
        let w = r.warnings();
        assert_eq!(w[0], "ROC-AUC is undefined: y has no positive rows");
        assert_eq!(w.len(), 3);
        let r = RankedScores::new(&[true, true], &[0.2, 0.7]).unwrap();
        assert_eq!(r.average_precision(), Some(1.0));
        assert!(r.roc_curve(false).fpr.iter().all(|v| v.is_nan()));
        assert_eq!(r.warnings().len(), 2);
    }

    #[test]
    fn keys_order_scores_descending_and_round_trip() {
        let mut v = vec![-1e300, -2.5, -1e-310, 0.0, 1e-310, 0.1, 0.5, 1.0, 7e200, -0.3];
        let mut keys: Vec<u64> = v.iter().map(|&s| descending_key(s)).collect();
        keys.sort_unstable();
        let back: Vec<f64> = keys.iter().map(|&k| score_of_key(k)).collect();
        v.sort_by(|a, b| b.partial_cmp(a).unwrap());
        assert_eq!(back, v);
        assert_eq!(descending_key(-0.0), descending_key(0.0));
    }

    #[test]
    fn radix_sort_agrees_with_the_standard_sort() {
        let mut rng = Rng::new(9);
        for n in [0, 1, 255, 256, 1000, 5000] {
            let mut keys: Vec<u64> = (0..n)
                .map(|i| match i % 3 {
                    0 => rng.next_u64(),
                    1 => descending_key(rng.uniform()),
                    _ => descending_key((rng.uniform() * 10.0).round() / 10.0),
                })
                .collect();
            let mut want = keys.clone();
            want.sort_unstable();
            crate::sort::radix_sort_u64(&mut keys);
            assert_eq!(keys, want);
        }
    }

    #[test]
    fn negative_zero_ties_with_zero() {
        let r = RankedScores::new(&[true, false], &[0.0, -0.0]).unwrap();
        assert_eq!(r.thresholds().len(), 2);
        assert_eq!(r.roc_auc(), Some(0.5));
    }
}
