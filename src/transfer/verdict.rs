//! Whether adaptation helped, with confidence: the paired difference in
//! target-test ROC-AUC between the method chosen on target-validation rows
//! and the best source-only model (also chosen on validation rows), a
//! seeded stratified bootstrap interval for it, and the word a person reads
//! ("helped", "did not help", "cannot tell"). Knows nothing of models or
//! files: it takes labels and two score vectors.

use serde::Serialize;

use crate::rng::Rng;

/// What the interval says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Outcome {
    /// The whole interval is above 0 and the gain is at least
    /// [`PRACTICAL_GAIN`].
    #[serde(rename = "helped")]
    Helped,
    /// The interval rules out a gain of [`PRACTICAL_GAIN`] or more.
    #[serde(rename = "did not help")]
    DidNotHelp,
    /// The interval reaches a gain of [`PRACTICAL_GAIN`] but either holds 0
    /// or the measured gain is below [`PRACTICAL_GAIN`].
    #[serde(rename = "cannot tell")]
    CannotTell,
}

impl Outcome {
    /// The word in the report and the page.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Helped => "helped",
            Outcome::DidNotHelp => "did not help",
            Outcome::CannotTell => "cannot tell",
        }
    }
}

/// What the chosen model drew on besides the source rows, which is what
/// its verdict is about: an adaptation method (DAN, DANN, CORAL,
/// importance weighting) uses unlabelled target rows; a target-only or
/// source + target fit uses the target's own labels, and when it wins the
/// gain is the labels', not adaptation's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Basis {
    #[serde(rename = "adaptation")]
    Adaptation,
    #[serde(rename = "target labels")]
    TargetLabels,
}

/// The smallest ROC-AUC gain worth having: an interval whose top is below
/// it says "did not help" even when it reaches above 0. One hundredth of
/// AUC is about what a credit-scoring team would notice (seed 004 reports
/// AUC to two decimals).
pub const PRACTICAL_GAIN: f64 = 0.01;

/// The verdict of a transfer run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The model chosen on target-validation ROC-AUC among the adaptation
    /// methods.
    pub chosen: String,
    /// The source-only model with the best target-validation ROC-AUC.
    pub baseline: String,
    /// Target-test ROC-AUC of `chosen` minus that of `baseline`.
    pub difference: f64,
    /// The bootstrap interval of `difference`.
    pub interval: [f64; 2],
    /// Its coverage (0.95).
    pub level: f64,
    /// Bootstrap resamples of the test rows (stratified by class).
    pub resamples: usize,
    pub outcome: Outcome,
    /// Whether `chosen` is an adaptation method or a fit on target labels.
    pub basis: Basis,
    /// One sentence with the numbers.
    pub sentence: String,
}

/// Test rows resampled this many times.
pub const RESAMPLES: usize = 1000;

/// `AUC(a) − AUC(b)` on `y` and its percentile interval at `level` over
/// `resamples` stratified bootstrap resamples (positives and negatives
/// drawn with replacement separately, so every resample has both classes),
/// from `rng`. `None` when `y` lacks a class or lengths differ.
pub fn paired_auc_difference(
    y: &[bool],
    a: &[f64],
    b: &[f64],
    resamples: usize,
    level: f64,
    rng: &mut Rng,
) -> Option<(f64, [f64; 2])> {
    if a.len() != y.len() || b.len() != y.len() {
        return None;
    }
    let pos: Vec<usize> = (0..y.len()).filter(|&i| y[i]).collect();
    let neg: Vec<usize> = (0..y.len()).filter(|&i| !y[i]).collect();
    if pos.is_empty() || neg.is_empty() {
        return None;
    }
    let order_a = sorted(a);
    let order_b = sorted(b);
    let ones = vec![1u32; y.len()];
    let diff = weighted_auc(&order_a, a, y, &ones) - weighted_auc(&order_b, b, y, &ones);
    let mut counts = vec![0u32; y.len()];
    let mut diffs = Vec::with_capacity(resamples);
    for _ in 0..resamples {
        counts.iter_mut().for_each(|c| *c = 0);
        for group in [&pos, &neg] {
            for _ in 0..group.len() {
                counts[group[rng.below(group.len())]] += 1;
            }
        }
        diffs.push(weighted_auc(&order_a, a, y, &counts) - weighted_auc(&order_b, b, y, &counts));
    }
    diffs.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let k = ((p * (diffs.len() - 1) as f64).round() as usize).min(diffs.len() - 1);
        diffs[k]
    };
    let tail = (1.0 - level) / 2.0;
    Some((diff, [q(tail), q(1.0 - tail)]))
}

fn sorted(s: &[f64]) -> Vec<usize> {
    let mut o: Vec<usize> = (0..s.len()).collect();
    o.sort_by(|&i, &j| s[i].total_cmp(&s[j]));
    o
}

/// ROC-AUC with row multiplicities `w` (the Mann–Whitney statistic: the
/// share of positive–negative pairs ranked right, ties counting ½), in one
/// pass over the rows in ascending score order.
fn weighted_auc(order: &[usize], s: &[f64], y: &[bool], w: &[u32]) -> f64 {
    let (mut neg_below, mut pairs, mut npos, mut nneg) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        let (mut gp, mut gn) = (0.0, 0.0);
        while j < order.len() && s[order[j]] == s[order[i]] {
            let r = order[j];
            if y[r] {
                gp += w[r] as f64;
            } else {
                gn += w[r] as f64;
            }
            j += 1;
        }
        pairs += gp * (neg_below + 0.5 * gn);
        neg_below += gn;
        npos += gp;
        nneg += gn;
        i = j;
    }
    if npos == 0.0 || nneg == 0.0 {
        f64::NAN
    } else {
        pairs / (npos * nneg)
    }
}

/// The outcome of a measured `difference` and its interval (see
/// [`Outcome`]): a gain must be both real (the interval above 0) and large
/// enough to matter; a gain that matters must be ruled out to say it did
/// not help.
pub fn outcome(difference: f64, interval: [f64; 2]) -> Outcome {
    if interval[1] < PRACTICAL_GAIN {
        Outcome::DidNotHelp
    } else if interval[0] > 0.0 && difference >= PRACTICAL_GAIN {
        Outcome::Helped
    } else {
        Outcome::CannotTell
    }
}

/// The verdict of `chosen` against `baseline` on the test rows `y`.
pub fn verdict(
    y: &[bool],
    chosen: (&str, &[f64]),
    baseline: (&str, &[f64]),
    basis: Basis,
    rng: &mut Rng,
) -> Option<Verdict> {
    let level = 0.95;
    let (difference, interval) = paired_auc_difference(y, chosen.1, baseline.1, RESAMPLES, level, rng)?;
    let outcome = outcome(difference, interval);
    let what = match basis {
        Basis::Adaptation => "adaptation",
        Basis::TargetLabels => "training on target labels",
    };
    let sentence = format!(
        "{}: {} (chosen on target validation rows) minus {} (the best source-only model there) is {:+.4} target-test ROC-AUC, 95 % bootstrap interval [{:+.4}, {:+.4}] over {} resamples of the {} test rows",
        match outcome {
            Outcome::Helped => format!("{}{} helped", what[..1].to_uppercase(), &what[1..]),
            Outcome::DidNotHelp => format!("{}{} did not help", what[..1].to_uppercase(), &what[1..]),
            Outcome::CannotTell => format!("Cannot tell whether {what} helped"),
        },
        chosen.0,
        baseline.0,
        difference,
        interval[0],
        interval[1],
        RESAMPLES,
        y.len()
    );
    Some(Verdict {
        chosen: chosen.0.to_string(),
        baseline: baseline.0.to_string(),
        difference,
        interval,
        level,
        resamples: RESAMPLES,
        outcome,
        basis,
        sentence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// By hand: y = [1, 0, 1, 0], scores [0.9, 0.1, 0.4, 0.4]: pairs
    /// (pos, neg) = (0.9, 0.1) right, (0.9, 0.4) right, (0.4, 0.1) right,
    /// (0.4, 0.4) tie = ½ → 3.5 / 4 = 0.875. With the first row counted
    /// twice: pairs 2·(1 + 1) + (1 + ½) = 5.5 of 3·2 = 6 → 0.91667.
    #[test]
    fn weighted_auc_by_hand() {
        let (y, s) = ([true, false, true, false], [0.9, 0.1, 0.4, 0.4]);
        let o = sorted(&s);
        assert!((weighted_auc(&o, &s, &y, &[1, 1, 1, 1]) - 0.875).abs() < 1e-12);
        assert!((weighted_auc(&o, &s, &y, &[2, 1, 1, 1]) - 5.5 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn outcome_reads_the_interval() {
        assert_eq!(outcome(0.02, [0.001, 0.05]), Outcome::Helped);
        assert_eq!(outcome(-0.03, [-0.05, -0.01]), Outcome::DidNotHelp);
        assert_eq!(outcome(-0.01, [-0.02, 0.005]), Outcome::DidNotHelp);
        assert_eq!(outcome(0.005, [-0.02, 0.03]), Outcome::CannotTell);
        // Real but too small to matter: not "helped".
        assert_eq!(outcome(0.007, [0.003, 0.012]), Outcome::CannotTell);
    }

    /// The same scores twice differ by exactly 0 in every resample.
    #[test]
    fn identical_models_differ_by_zero() {
        let y: Vec<bool> = (0..50).map(|i| i % 5 == 0).collect();
        let s: Vec<f64> = (0..50).map(|i| ((i * 37) % 11) as f64).collect();
        let (d, iv) = paired_auc_difference(&y, &s, &s, 200, 0.95, &mut Rng::new(1)).unwrap();
        assert_eq!((d, iv), (0.0, [0.0, 0.0]));
    }
}
