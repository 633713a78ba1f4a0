//! Cumulative gain and lift, the view fraud and credit analysts read: rank
//! the rows by score, take the top share `q`, and ask what share of all
//! positives it holds (the gain) and how many times the base rate that is
//! (the lift, gain ÷ q). "The top 1 % of scores holds 23 % of the
//! positives" is `gain_at(0.01) = 0.23`, a lift of 23.
//!
//! Built on [`RankedScores`], so ties move together as everywhere in this
//! module: the curve's vertices are the rules `score ≥ t` at each distinct
//! score. A share that cuts through a group of tied scores is read off the
//! straight segment across the group, which is the expected gain when the
//! tie is broken at random (no row order is invented).

use serde::{Deserialize, Serialize};

use super::{MetricsError, RankedScores};

/// The cumulative gain curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GainCurve {
    /// Share of all rows with `score ≥ thresholds[i]`, from 0 up to 1.
    pub fraction: Vec<f64>,
    /// Share of all positives among them, from 0 up to 1 (NaN throughout
    /// when there are no positive rows).
    pub gain: Vec<f64>,
    /// The thresholds, strictly decreasing, first `+inf`.
    pub thresholds: Vec<f64>,
    /// Positive rows.
    pub positives: u64,
    /// All rows.
    pub rows: u64,
}

/// What the top share `top` of the scores holds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TopShare {
    /// The share of rows taken, in `(0, 1]` (0.01 = the top 1 %).
    pub top: f64,
    /// How many rows that is (`top · rows`, not rounded).
    pub rows: f64,
    /// Positives expected among them (ties at the cut shared pro rata).
    pub positives: f64,
    /// Share of all positives they hold (the cumulative gain at `top`).
    pub gain: f64,
    /// `gain ÷ top`: how many times the base rate the top share's positive
    /// rate is (1 = no better than picking rows at random).
    pub lift: f64,
    /// The positive rate inside the top share (`lift × base rate`).
    pub precision: f64,
}

impl GainCurve {
    /// The curve of already-ranked scores.
    pub fn new(ranked: &RankedScores) -> GainCurve {
        let (p, n) = (ranked.positives(), ranked.rows());
        let fraction = ranked
            .tps()
            .iter()
            .zip(ranked.fps())
            .map(|(&tp, &fp)| (tp + fp) as f64 / n as f64)
            .collect();
        let gain = ranked
            .tps()
            .iter()
            .map(|&tp| if p == 0 { f64::NAN } else { tp as f64 / p as f64 })
            .collect();
        GainCurve {
            fraction,
            gain,
            thresholds: ranked.thresholds().to_vec(),
            positives: p,
            rows: n,
        }
    }

    /// The lift curve: `(fraction, gain ÷ fraction)` at every vertex but
    /// the first (fraction 0, where lift is undefined).
    pub fn lift(&self) -> Vec<(f64, f64)> {
        self.fraction
            .iter()
            .zip(&self.gain)
            .skip(1)
            .map(|(&f, &g)| (f, g / f))
            .collect()
    }

    /// What the top share `top` of the scores holds; `None` when there is
    /// no positive row (every gain is undefined).
    ///
    /// Errors: `top` not in `(0, 1]`.
    pub fn top(&self, top: f64) -> Result<Option<TopShare>, MetricsError> {
        if !(top > 0.0 && top <= 1.0) {
            return Err(MetricsError::BadParameter {
                name: "top",
                interval: "in (0, 1]",
                value: top,
            });
        }
        if self.positives == 0 {
            return Ok(None);
        }
        // The first vertex at or past `top` (the last vertex is 1).
        let i = self.fraction.partition_point(|&f| f < top).min(self.fraction.len() - 1);
        let gain = if i == 0 || self.fraction[i] == top {
            self.gain[i]
        } else {
            let (f0, f1) = (self.fraction[i - 1], self.fraction[i]);
            let (g0, g1) = (self.gain[i - 1], self.gain[i]);
            g0 + (g1 - g0) * (top - f0) / (f1 - f0)
        };
        let base = self.positives as f64 / self.rows as f64;
        let lift = gain / top;
        Ok(Some(TopShare {
            top,
            rows: top * self.rows as f64,
            positives: gain * self.positives as f64,
            gain,
            lift,
            precision: lift * base,
        }))
    }
}

/// The shares analysts quote: the top 1 %, 5 % and 10 % of scores.
pub const TOP_SHARES: [f64; 3] = [0.01, 0.05, 0.10];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_curve_with_a_tie() {
        // Scores 0.9 (pos), 0.8 (pos), 0.8 (neg), 0.3 (neg), 0.1 (pos):
        // 5 rows, 3 positives. Vertices at t = inf, 0.9, 0.8, 0.3, 0.1:
        // fraction 0, 1/5, 3/5, 4/5, 1; gain 0, 1/3, 2/3, 2/3, 1.
        let y = [true, true, false, false, true];
        let s = [0.9, 0.8, 0.8, 0.3, 0.1];
        let g = GainCurve::new(&RankedScores::new(&y, &s).unwrap());
        assert_eq!(g.fraction, vec![0.0, 0.2, 0.6, 0.8, 1.0]);
        let third = 1.0 / 3.0;
        let want = [0.0, third, 2.0 * third, 2.0 * third, 1.0];
        for (a, b) in g.gain.iter().zip(want) {
            assert!((a - b).abs() < 1e-15);
        }
        // Top 40 %: two rows, cutting the 0.8 tie in half: 1 + 0.5 positives
        // expected = 1.5 of 3 → gain 0.5, lift 0.5 / 0.4 = 1.25.
        let t = g.top(0.4).unwrap().unwrap();
        assert!((t.gain - 0.5).abs() < 1e-15);
        assert!((t.positives - 1.5).abs() < 1e-12);
        assert!((t.lift - 1.25).abs() < 1e-12);
        assert!((t.precision - 0.75).abs() < 1e-12);
        // Top 20 % is a vertex: the 0.9 row, gain 1/3, lift 5/3.
        let t = g.top(0.2).unwrap().unwrap();
        assert!((t.lift - 5.0 / 3.0).abs() < 1e-12);
        // Lift curve: first point (0.2, 5/3), last (1, 1).
        let l = g.lift();
        assert_eq!(l.len(), 4);
        assert!((l[3].1 - 1.0).abs() < 1e-15);
    }

    #[test]
    fn no_positive_gives_none_and_a_bad_share_an_error() {
        let g = GainCurve::new(&RankedScores::new(&[false, false], &[0.2, 0.1]).unwrap());
        assert_eq!(g.top(0.5).unwrap(), None);
        for bad in [0.0, -0.1, 1.5, f64::NAN] {
            assert!(matches!(
                g.top(bad),
                Err(MetricsError::BadParameter { name: "top", .. })
            ));
        }
    }
}
