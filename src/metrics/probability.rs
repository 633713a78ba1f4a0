//! Losses on predicted probabilities: log loss and the Brier score. They use
//! the score of every row directly, never a ranking or a threshold, and know
//! nothing of models.

use super::{check_inputs, MetricsError};

/// The clipping bound of [`log_loss`]: machine epsilon of `f64`, as
/// scikit-learn uses `np.finfo(y_proba.dtype).eps`.
pub const LOG_LOSS_EPS: f64 = f64::EPSILON;

/// The first score outside `[0, 1]`, as a warning naming the metric.
fn not_probability(metric: &str, scores: &[f64]) -> Option<String> {
    scores.iter().position(|p| !(0.0..=1.0).contains(p)).map(|i| {
        format!(
            "{metric} is undefined: score {i} is {}, outside [0, 1]; it needs probabilities",
            scores[i]
        )
    })
}

/// Mean log loss (cross-entropy), `log_loss(y, p, labels=[False, True])`:
///
/// `L = −(1/n) Σ_i ln(clip(q_i, ε, 1 − ε))`, `q_i = p_i` if `y_i` else `1 − p_i`:
///
/// as in scikit-learn 1.9.1, the probability of the *observed* class is
/// clipped to `[ε, 1 − ε]` with `ε = f64::EPSILON ≈ 2.2e-16` before the
/// logarithm, so a confidently wrong row costs at most `−ln ε ≈ 36.04`,
/// never infinity.
/// Natural logarithm; summed in `f64`.
///
/// Returns `Ok(Err(warning))` when a score is outside `[0, 1]` (scikit-learn
/// raises there; here the other metrics of a report stay usable). Unlike
/// scikit-learn, one-class `y` needs no `labels=` argument: the loss is
/// defined and we compute it.
///
/// Errors: lengths differ, no rows, a non-finite score.
pub fn log_loss(y: &[bool], scores: &[f64]) -> Result<Result<f64, String>, MetricsError> {
    let n = check_inputs(y, scores)?;
    if let Some(w) = not_probability("log loss", scores) {
        return Ok(Err(w));
    }
    let sum: f64 = y
        .iter()
        .zip(scores)
        .map(|(&label, &p)| {
            let observed = if label { p } else { 1.0 - p };
            -observed.clamp(LOG_LOSS_EPS, 1.0 - LOG_LOSS_EPS).ln()
        })
        .sum();
    Ok(Ok(sum / n as f64))
}

/// Brier score, `brier_score_loss(y, p)`: the mean squared error of the
/// probabilities, `B = (1/n) Σ_i (p_i − y_i)²`, in `[0, 1]`, lower is better
/// (scikit-learn 1.9.1's default `scale_by_half="auto"` halves the
/// two-column form, which equals this one-column form for binary `y`).
/// Defined for one-class `y`.
///
/// Returns `Ok(Err(warning))` when a score is outside `[0, 1]` (scikit-learn
/// raises there).
///
/// Errors: lengths differ, no rows, a non-finite score.
pub fn brier_score(y: &[bool], scores: &[f64]) -> Result<Result<f64, String>, MetricsError> {
    let n = check_inputs(y, scores)?;
    if let Some(w) = not_probability("Brier score", scores) {
        return Ok(Err(w));
    }
    let sum: f64 = y
        .iter()
        .zip(scores)
        .map(|(&label, &p)| {
            let d = p - if label { 1.0 } else { 0.0 };
            d * d
        })
        .sum();
    Ok(Ok(sum / n as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_loss_hand_value() {
        // −(ln 0.9 + ln 0.8 + ln 0.7 + ln 0.65) / 4 for y=[1,0,0,1], p=[.9,.2,.3,.65]
        let want = -(0.9f64.ln() + 0.8f64.ln() + 0.7f64.ln() + 0.65f64.ln()) / 4.0;
        let got = log_loss(&[true, false, false, true], &[0.9, 0.2, 0.3, 0.65])
            .unwrap()
            .unwrap();
        assert!((got - want).abs() < 1e-15);
    }

    #[test]
    fn log_loss_clips_certain_mistakes_to_minus_ln_eps() {
        // One positive scored 0: loss = −ln(ε) = 52·ln 2.
        let got = log_loss(&[true], &[0.0]).unwrap().unwrap();
        assert!((got - 52.0 * std::f64::consts::LN_2).abs() < 1e-12);
        // A negative scored 1: same.
        let got = log_loss(&[false], &[1.0]).unwrap().unwrap();
        assert!((got - 52.0 * std::f64::consts::LN_2).abs() < 1e-12);
    }

    #[test]
    fn brier_hand_value() {
        // scikit-learn docs: y=[0,1,1,0], p=[.1,.9,.8,.3] → 0.0375
        let got = brier_score(&[false, true, true, false], &[0.1, 0.9, 0.8, 0.3])
            .unwrap()
            .unwrap();
        assert!((got - 0.0375).abs() < 1e-15);
    }

    #[test]
    fn scores_outside_unit_interval_warn_instead_of_failing() {
        let w = log_loss(&[true, false], &[0.5, 1.5]).unwrap().unwrap_err();
        assert_eq!(
            w,
            "log loss is undefined: score 1 is 1.5, outside [0, 1]; it needs probabilities"
        );
        assert!(brier_score(&[true, false], &[-0.1, 0.5]).unwrap().is_err());
        assert!(matches!(
            log_loss(&[true], &[f64::NAN]),
            Err(MetricsError::NonFiniteScore { .. })
        ));
    }
}
