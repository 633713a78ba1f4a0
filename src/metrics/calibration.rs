//! Calibration of predicted probabilities: the reliability curve (mean
//! predicted probability against the observed positive share, bin by bin)
//! with scikit-learn's `calibration_curve` binning, and the Brier score
//! with its Murphy (1973) decomposition over the same bins into
//! reliability, resolution and uncertainty. Inputs are two slices; knows
//! nothing of models.

use serde::{Deserialize, Serialize};

use super::{check_inputs, MetricsError};

/// How the probability axis is cut into bins (scikit-learn's `strategy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BinStrategy {
    /// Equal-width bins over `[0, 1]`: `np.linspace(0, 1, n_bins + 1)`.
    #[default]
    Uniform,
    /// Bins holding about the same number of rows: edges at the
    /// `np.percentile` (linear interpolation) of the scores. Suits skewed
    /// scores, as on imbalanced data where most rows score near 0.
    Quantile,
}

impl std::str::FromStr for BinStrategy {
    type Err = String;

    /// `uniform` or `quantile`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "uniform" => Ok(BinStrategy::Uniform),
            "quantile" => Ok(BinStrategy::Quantile),
            other => Err(format!(
                "bin strategy: expected \"uniform\" or \"quantile\", got \"{other}\""
            )),
        }
    }
}

/// The reliability curve: one point per non-empty bin, as
/// `sklearn.calibration.calibration_curve` returns them, plus each bin's
/// row count and edges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationCurve {
    /// The positive share of each non-empty bin (`prob_true`).
    pub prob_true: Vec<f64>,
    /// The mean score of each non-empty bin (`prob_pred`).
    pub prob_pred: Vec<f64>,
    /// Rows in each non-empty bin.
    pub counts: Vec<u64>,
    /// All `n_bins + 1` edges, ascending (quantile edges may repeat).
    pub edges: Vec<f64>,
    /// The strategy the edges came from.
    pub strategy: BinStrategy,
}

/// The Brier score and its Murphy decomposition over the bins of a
/// [`CalibrationCurve`]: `brier ≈ reliability − resolution + uncertainty`,
/// exactly when every row of a bin has the same score; `within_bin` is
/// the rest (`brier − (reliability − resolution + uncertainty)`), the
/// spread of scores inside the bins, small when bins are narrow.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BrierDecomposition {
    /// Mean squared error of the probabilities, `brier_score_loss`.
    pub brier: f64,
    /// `Σ_k n_k (p̄_k − ō_k)² / N`: how far each bin's mean score is from its
    /// positive share (0 is perfectly calibrated; lower is better).
    pub reliability: f64,
    /// `Σ_k n_k (ō_k − ō)² / N`: how far the bins' positive shares spread
    /// from the overall share (higher is better: the scores separate).
    pub resolution: f64,
    /// `ō (1 − ō)`: the Brier score of always predicting the overall share;
    /// a property of the data, not the model.
    pub uncertainty: f64,
    /// `brier − (reliability − resolution + uncertainty)`.
    pub within_bin: f64,
}

/// Why a calibration curve could not be made from valid metric inputs.
fn check_probabilities(scores: &[f64]) -> Result<(), String> {
    match scores.iter().position(|p| !(0.0..=1.0).contains(p)) {
        Some(i) => Err(format!(
            "the calibration curve needs probabilities: score {i} is {}, outside [0, 1]",
            scores[i]
        )),
        None => Ok(()),
    }
}

/// `np.percentile(sorted, q · 100)` with NumPy's default linear method,
/// step by step as NumPy 2 computes it (virtual index `(n − 1)·q`, then
/// `a + (b − a)·γ`, or `b − (b − a)·(1 − γ)` when `γ ≥ 0.5`), so an
/// edge that lands on a score lands on it bit for bit, as in
/// scikit-learn; the bin of a score equal to an edge depends on it.
fn numpy_percentile(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    let virtual_index = (n - 1) as f64 * q;
    if virtual_index >= (n - 1) as f64 {
        return sorted[n - 1];
    }
    if virtual_index < 0.0 {
        return sorted[0];
    }
    let previous = virtual_index.floor();
    let gamma = virtual_index - previous;
    let (a, b) = (sorted[previous as usize], sorted[previous as usize + 1]);
    let diff = b - a;
    if gamma >= 0.5 {
        b - diff * (1.0 - gamma)
    } else {
        a + diff * gamma
    }
}

/// The `n_bins + 1` bin edges of `strategy` for `scores`.
fn bin_edges(scores: &[f64], n_bins: usize, strategy: BinStrategy) -> Vec<f64> {
    // np.linspace(0, 1, n_bins + 1): i · (1 / n_bins), the last exactly 1.
    let step = 1.0 / n_bins as f64;
    let fractions = (0..=n_bins).map(|i| if i == n_bins { 1.0 } else { i as f64 * step });
    match strategy {
        BinStrategy::Uniform => fractions.collect(),
        BinStrategy::Quantile => {
            let mut sorted = scores.to_vec();
            sorted.sort_by(f64::total_cmp);
            // np.percentile(y_prob, quantiles * 100) divides by 100 again.
            fractions
                .map(|f| numpy_percentile(&sorted, f * 100.0 / 100.0))
                .collect()
        }
    }
}

/// The reliability curve of `scores` against `y` in `n_bins` bins
/// (`calibration_curve(y, scores, n_bins=n_bins, strategy=...)`): a score
/// goes to the bin whose inner edges below it are counted strictly
/// (`np.searchsorted(edges[1:-1], p)`, side left), so a score equal to an
/// edge falls in the lower bin; empty bins are left out.
///
/// Returns `Ok(Err(reason))` when a score is outside `[0, 1]` (scikit-learn
/// raises there).
///
/// Errors: lengths differ, no rows, a non-finite score, `n_bins` 0.
pub fn calibration_curve(
    y: &[bool],
    scores: &[f64],
    n_bins: usize,
    strategy: BinStrategy,
) -> Result<Result<CalibrationCurve, String>, MetricsError> {
    check_inputs(y, scores)?;
    if n_bins == 0 {
        return Err(MetricsError::BadParameter {
            name: "n_bins",
            interval: "at least 1",
            value: 0.0,
        });
    }
    if let Err(reason) = check_probabilities(scores) {
        return Ok(Err(reason));
    }
    let edges = bin_edges(scores, n_bins, strategy);
    let inner = &edges[1..n_bins];
    let mut sums = vec![0.0f64; n_bins];
    let mut trues = vec![0u64; n_bins];
    let mut totals = vec![0u64; n_bins];
    for (&label, &p) in y.iter().zip(scores) {
        // Inner edges are ascending: the count below p is a partition point.
        let k = inner.partition_point(|&e| e < p);
        sums[k] += p;
        trues[k] += u64::from(label);
        totals[k] += 1;
    }
    let mut curve = CalibrationCurve {
        prob_true: Vec::new(),
        prob_pred: Vec::new(),
        counts: Vec::new(),
        edges,
        strategy,
    };
    for k in (0..n_bins).filter(|&k| totals[k] > 0) {
        curve.prob_true.push(trues[k] as f64 / totals[k] as f64);
        curve.prob_pred.push(sums[k] / totals[k] as f64);
        curve.counts.push(totals[k]);
    }
    Ok(Ok(curve))
}

impl CalibrationCurve {
    /// The Murphy decomposition of the Brier score of the rows the curve
    /// was made from (`brier` is their Brier score, computed by the caller
    /// with [`super::brier_score`]).
    pub fn decompose(&self, brier: f64) -> BrierDecomposition {
        let n: u64 = self.counts.iter().sum();
        let n = n.max(1) as f64;
        let positives: f64 = self
            .counts
            .iter()
            .zip(&self.prob_true)
            .map(|(&c, &o)| c as f64 * o)
            .sum();
        let base = positives / n;
        let mut reliability = 0.0;
        let mut resolution = 0.0;
        for ((&c, &o), &p) in self.counts.iter().zip(&self.prob_true).zip(&self.prob_pred) {
            reliability += c as f64 * (p - o) * (p - o);
            resolution += c as f64 * (o - base) * (o - base);
        }
        let (reliability, resolution) = (reliability / n, resolution / n);
        let uncertainty = base * (1.0 - base);
        BrierDecomposition {
            brier,
            reliability,
            resolution,
            uncertainty,
            within_bin: brier - (reliability - resolution + uncertainty),
        }
    }
}

/// The reliability curve and the Brier decomposition together.
///
/// Returns `Ok(Err(reason))` when a score is outside `[0, 1]`.
///
/// Errors: as [`calibration_curve`].
pub fn calibration(
    y: &[bool],
    scores: &[f64],
    n_bins: usize,
    strategy: BinStrategy,
) -> Result<Result<(CalibrationCurve, BrierDecomposition), String>, MetricsError> {
    let curve = match calibration_curve(y, scores, n_bins, strategy)? {
        Ok(c) => c,
        Err(reason) => return Ok(Err(reason)),
    };
    let brier = match super::brier_score(y, scores)? {
        Ok(b) => b,
        Err(reason) => return Ok(Err(reason)),
    };
    let parts = curve.decompose(brier);
    Ok(Ok((curve, parts)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scikit_learn_docstring_example() {
        // calibration_curve docstring: y=[0,0,0,0,1,1,1,1,1],
        // p=[0.1,0.2,0.3,0.4,0.65,0.7,0.8,0.9,1.0], n_bins=3 →
        // prob_true [0, 0.5, 1], prob_pred [0.2, 0.525, 0.85].
        let y = [false, false, false, false, true, true, true, true, true];
        let p = [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0];
        let c = calibration_curve(&y, &p, 3, BinStrategy::Uniform).unwrap().unwrap();
        assert_eq!(c.prob_true, vec![0.0, 0.5, 1.0]);
        let want = [0.2, 0.525, 0.85];
        for (g, w) in c.prob_pred.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{g} vs {w}");
        }
        assert_eq!(c.counts, vec![3, 2, 4]);
    }

    #[test]
    fn decomposition_is_exact_when_bins_hold_one_score_each() {
        // Two bins, each one score: p=0.2 for 5 rows (1 positive), p=0.8 for
        // 5 rows (3 positives). By hand, bin 1: 4 negatives (0.2)² = 0.16, 1 positive (0.8)² = 0.64 → 0.8;
        // bin 2: 2 negatives (0.8)² = 1.28, 3 positives (0.2)² = 0.12 → 1.4;
        // brier = 2.2 / 10 = 0.22. ō = 0.4: unc = 0.24; rel = (5·0 + 5·0.04)/10
        // = 0.02 ((0.2−0.2)², (0.8−0.6)²); res = (5·0.04 + 5·0.04)/10 = 0.04.
        // 0.02 − 0.04 + 0.24 = 0.22.
        let mut y = vec![true, false, false, false, false];
        y.extend([true, true, true, false, false]);
        let p = [0.2, 0.2, 0.2, 0.2, 0.2, 0.8, 0.8, 0.8, 0.8, 0.8];
        let (_, d) = calibration(&y, &p, 2, BinStrategy::Uniform).unwrap().unwrap();
        assert!((d.brier - 0.22).abs() < 1e-12);
        assert!((d.reliability - 0.02).abs() < 1e-12);
        assert!((d.resolution - 0.04).abs() < 1e-12);
        assert!((d.uncertainty - 0.24).abs() < 1e-12);
        assert!(d.within_bin.abs() < 1e-12);
    }

    #[test]
    fn refuses_zero_bins_and_explains_non_probabilities() {
        assert!(matches!(
            calibration_curve(&[true], &[0.5], 0, BinStrategy::Uniform),
            Err(MetricsError::BadParameter { name: "n_bins", .. })
        ));
        let why = calibration_curve(&[true, false], &[0.5, 1.5], 10, BinStrategy::Quantile)
            .unwrap()
            .unwrap_err();
        assert!(why.contains("score 1 is 1.5"), "{why}");
        assert_eq!("quantile".parse::<BinStrategy>(), Ok(BinStrategy::Quantile));
        assert!("equal".parse::<BinStrategy>().is_err());
    }
}
