//! A sweep over every distinct threshold (counts, precision, recall, F1 as
//! arrays, for the precision/recall/F1-vs-threshold chart) and the threshold
//! choosers: best F1, a target recall or precision, least cost. Built from a
//! [`RankedScores`], so it never sorts; knows nothing of charts or models.

use serde::{Deserialize, Serialize};

use super::{Confusion, MetricsError, RankedScores};

/// Counts and metrics at every threshold of a [`RankedScores`].
///
/// Orientation as [`super::RocCurve`]: `thresholds` is strictly decreasing,
/// `thresholds[0] = +inf` (nothing predicted positive), then every distinct
/// score; element `i` of each array is for the rule `score >= thresholds[i]`,
/// and the last element predicts every row positive. Values at one threshold
/// are exactly those of [`Confusion`] at that threshold, undefined ratios
/// included (precision 0 where nothing is predicted positive, recall 0 when
/// `y` has no positive rows, F1 0 when `tp + fp + fn = 0`); this differs from
/// [`super::PrCurve`], which follows `precision_recall_curve` (recall 1 when
/// there are no positives). In JSON `+inf` is written as `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sweep {
    /// Decision thresholds, strictly decreasing, first `+inf`.
    pub thresholds: Vec<f64>,
    /// True positives at each threshold (non-decreasing).
    pub tp: Vec<u64>,
    /// False positives at each threshold (non-decreasing).
    pub fp: Vec<u64>,
    /// True negatives at each threshold (non-increasing).
    pub tn: Vec<u64>,
    /// False negatives at each threshold (non-increasing).
    #[serde(rename = "fn")]
    pub fn_: Vec<u64>,
    /// `tp / (tp + fp)`, 0 where nothing is predicted positive.
    pub precision: Vec<f64>,
    /// `tp / P` (non-decreasing), 0 when there are no positive rows.
    pub recall: Vec<f64>,
    /// `2·tp / (2·tp + fp + fn)`, 0 where that is 0/0.
    pub f1: Vec<f64>,
}

impl Sweep {
    /// The sweep over every threshold of `ranked`, O(m) for m distinct scores.
    pub fn new(ranked: &RankedScores) -> Sweep {
        let (p, n) = (ranked.positives(), ranked.negatives());
        let (tps, fps) = (ranked.tps(), ranked.fps());
        // Whole-array maps rather than one push per field: this runs over
        // every distinct score of the evaluation set.
        let confusions = || {
            tps.iter().zip(fps).map(move |(&tp, &fp)| Confusion {
                tp,
                fp,
                tn: n - fp,
                fn_: p - tp,
            })
        };
        Sweep {
            thresholds: ranked.thresholds().to_vec(),
            tp: tps.to_vec(),
            fp: fps.to_vec(),
            tn: fps.iter().map(|&fp| n - fp).collect(),
            fn_: tps.iter().map(|&tp| p - tp).collect(),
            precision: confusions().map(|c| c.precision()).collect(),
            recall: confusions().map(|c| c.recall()).collect(),
            f1: confusions().map(|c| c.f1()).collect(),
        }
    }

    /// Number of thresholds (distinct scores + 1).
    pub fn len(&self) -> usize {
        self.thresholds.len()
    }

    /// Never true: a sweep always has the `+inf` threshold.
    pub fn is_empty(&self) -> bool {
        self.thresholds.is_empty()
    }

    /// The confusion counts at `thresholds[i]`, `None` out of range.
    pub fn confusion(&self, i: usize) -> Option<Confusion> {
        (i < self.len()).then(|| Confusion {
            tp: self.tp[i],
            fp: self.fp[i],
            tn: self.tn[i],
            fn_: self.fn_[i],
        })
    }

    fn has_positives(&self) -> bool {
        self.tp.last().is_some_and(|&tp| tp > 0)
    }

    /// The threshold with the largest F1 and that F1, `(threshold, f1)`; among
    /// equal F1 values the highest threshold (fewest rows flagged). `None`
    /// when `y` has no positive rows (F1 is undefined everywhere).
    pub fn best_f1(&self) -> Option<(f64, f64)> {
        if !self.has_positives() {
            return None;
        }
        let mut best = 0;
        for i in 1..self.len() {
            if self.f1[i] > self.f1[best] {
                best = i;
            }
        }
        Some((self.thresholds[best], self.f1[best]))
    }

    /// The highest threshold whose recall is `>= target` (recall only grows
    /// as the threshold falls, so this flags the fewest rows that reach the
    /// target). A target `<= 0` gives `+inf`. `None` when the target is NaN
    /// or above 1, or `y` has no positive rows.
    pub fn threshold_for_recall(&self, target: f64) -> Option<f64> {
        if target.is_nan() || !self.has_positives() {
            return None;
        }
        let i = self.recall.partition_point(|&r| r < target);
        self.thresholds.get(i).copied()
    }

    /// The lowest threshold whose precision is `>= target` (precision is not
    /// monotone in the threshold; this is the one with the highest recall
    /// among those that reach the target). `None` when the target is NaN or
    /// no threshold reaches it. Precision is 0 at `+inf`, so a target `<= 0`
    /// gives the lowest score.
    pub fn threshold_for_precision(&self, target: f64) -> Option<f64> {
        if target.is_nan() {
            return None;
        }
        let i = self.precision.iter().rposition(|&p| p >= target)?;
        Some(self.thresholds[i])
    }

    /// The threshold of least total cost `c_fn·fn + c_fp·fp` (a missed
    /// positive costs `c_fn`, a false alarm `c_fp`) over every threshold,
    /// including `+inf` (predict all negative) and the lowest score (predict
    /// all positive), and that cost, `(threshold, cost)`. Among equal costs
    /// the highest threshold. Divide the cost by the row count for the
    /// expected cost per row.
    ///
    /// Errors: a cost that is not in `[0, inf)`.
    pub fn min_cost(&self, c_fn: f64, c_fp: f64) -> Result<(f64, f64), MetricsError> {
        for (name, value) in [("c_fn", c_fn), ("c_fp", c_fp)] {
            if !(value.is_finite() && value >= 0.0) {
                return Err(MetricsError::BadParameter {
                    name,
                    interval: "in [0, inf)",
                    value,
                });
            }
        }
        let cost = |i: usize| c_fn * self.fn_[i] as f64 + c_fp * self.fp[i] as f64;
        let mut best = (0, cost(0));
        for i in 1..self.len() {
            let c = cost(i);
            if c < best.1 {
                best = (i, c);
            }
        }
        Ok((self.thresholds[best.0], best.1))
    }
}

#[cfg(test)]
mod tests {
    use super::super::ranking::tests::cases;
    use super::*;

    /// Every candidate threshold: the distinct scores and +inf, each
    /// evaluated from scratch with a direct count.
    fn brute(y: &[bool], s: &[f64]) -> Vec<(f64, Confusion)> {
        let mut ts = s.to_vec();
        ts.push(f64::INFINITY);
        ts.sort_by(|a, b| b.partial_cmp(a).unwrap());
        ts.dedup();
        ts.into_iter()
            .map(|t| (t, Confusion::at_threshold(y, s, t).unwrap()))
            .collect()
    }

    #[test]
    fn sweep_matches_brute_force_counts_and_ratios() {
        for (name, y, s) in cases() {
            let sweep = Sweep::new(&RankedScores::new(&y, &s).unwrap());
            let b = brute(&y, &s);
            assert_eq!(sweep.len(), b.len(), "{name}");
            for (i, (t, c)) in b.iter().enumerate() {
                assert_eq!(sweep.thresholds[i], *t, "{name}");
                assert_eq!(sweep.confusion(i).unwrap(), *c, "{name}");
                assert_eq!(sweep.precision[i], c.precision());
                assert_eq!(sweep.recall[i], c.recall());
                assert_eq!(sweep.f1[i], c.f1());
            }
        }
    }

    #[test]
    fn choosers_match_brute_force() {
        for (name, y, s) in cases() {
            let sweep = Sweep::new(&RankedScores::new(&y, &s).unwrap());
            let b = brute(&y, &s);
            let has_pos = y.iter().any(|&l| l);
            // best F1: the first (highest threshold) maximum.
            let want = b.iter().fold(None::<(f64, f64)>, |acc, (t, c)| match acc {
                Some((_, f)) if c.f1() <= f => acc,
                _ => Some((*t, c.f1())),
            });
            assert_eq!(sweep.best_f1(), if has_pos { want } else { None }, "{name}");
            for target in [0.0, 0.1, 0.5, 0.8, 0.95, 1.0, 1.01] {
                let want = b.iter().find(|(_, c)| c.recall() >= target).map(|(t, _)| *t);
                assert_eq!(
                    sweep.threshold_for_recall(target),
                    if has_pos { want } else { None },
                    "{name} recall {target}"
                );
                let want = b.iter().rev().find(|(_, c)| c.precision() >= target).map(|(t, _)| *t);
                assert_eq!(sweep.threshold_for_precision(target), want, "{name} precision {target}");
            }
            for (c_fn, c_fp) in [(1.0, 1.0), (10.0, 1.0), (1.0, 10.0), (0.0, 1.0), (500.0, 0.5)] {
                let want = b.iter().fold(None::<(f64, f64)>, |acc, (t, c)| {
                    let cost = c_fn * c.fn_ as f64 + c_fp * c.fp as f64;
                    match acc {
                        Some((_, best)) if cost >= best => acc,
                        _ => Some((*t, cost)),
                    }
                });
                assert_eq!(Some(sweep.min_cost(c_fn, c_fp).unwrap()), want, "{name} cost");
            }
        }
    }

    #[test]
    fn min_cost_includes_predicting_all_negative() {
        // Misses cost nothing: flag nobody, at +inf, cost 0.
        let sweep = Sweep::new(&RankedScores::new(&[true, false], &[0.9, 0.1]).unwrap());
        assert_eq!(sweep.min_cost(0.0, 1.0).unwrap(), (f64::INFINITY, 0.0));
        // Equal costs: threshold 0.9 flags the positive only, cost 0.
        assert_eq!(sweep.min_cost(1.0, 1.0).unwrap(), (0.9, 0.0));
        assert!(matches!(
            sweep.min_cost(-1.0, 1.0),
            Err(MetricsError::BadParameter { name: "c_fn", .. })
        ));
        assert!(sweep.min_cost(1.0, f64::NAN).is_err());
    }

    #[test]
    fn recall_and_precision_targets_by_hand() {
        // Scores 0.9(+) 0.8(−) 0.7(+) 0.6(−): recall 0.5 first at 0.9, 1.0 at 0.7;
        // precision: 1 at 0.9, 1/2 at 0.8, 2/3 at 0.7, 1/2 at 0.6.
        let y = [true, false, true, false];
        let sweep = Sweep::new(&RankedScores::new(&y, &[0.9, 0.8, 0.7, 0.6]).unwrap());
        assert_eq!(sweep.threshold_for_recall(0.5), Some(0.9));
        assert_eq!(sweep.threshold_for_recall(0.6), Some(0.7));
        assert_eq!(sweep.threshold_for_recall(0.0), Some(f64::INFINITY));
        assert_eq!(sweep.threshold_for_recall(f64::NAN), None);
        assert_eq!(sweep.threshold_for_precision(0.6), Some(0.7));
        assert_eq!(sweep.threshold_for_precision(1.0), Some(0.9));
        assert_eq!(sweep.threshold_for_precision(1.1), None);
        // F1 at 0.7 = 4/5 is the best.
        assert_eq!(sweep.best_f1(), Some((0.7, 0.8)));
    }
}
