//! Binary losses on logits: each returns the batch loss and writes
//! `∂loss/∂z_i` for every logit `z_i`. Knows nothing of layers or training
//! loops: a network's output layer is linear and the sigmoid lives here.
//!
//! Every loss is a mean over the batch rows (Keras's
//! `"sum_over_batch_size"`): with row weights `w_i` (class weights times
//! sample weights), `L = (1/n)·Σ_i w_i·ℓ_i`, not divided by `Σ w_i`. Soft-F1
//! is a batch statistic, not a mean, and weights enter its counts.
//! Arithmetic is in f64 per row; gradients are stored as f32.

use serde::{Deserialize, Serialize};

/// Which loss to minimise.
///
/// In JSON: `"bce"`, `{"focal": {"gamma": 2.0, "alpha": 0.25}}` (either
/// left out takes Lin et al.'s value: `{"focal": {}}` is γ 2, α 0.25),
/// `"soft_f1"`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Loss {
    /// Binary cross-entropy from logits,
    /// `ℓ = max(z, 0) − z·y + ln(1 + e^−|z|)` (stable form of
    /// `−y·ln σ(z) − (1−y)·ln(1 − σ(z))`); `∂ℓ/∂z = σ(z) − y`.
    #[default]
    Bce,
    /// Focal loss (Lin et al. 2017), `ℓ = −α_t·(1 − p_t)^γ·ln p_t` with
    /// `p_t = σ(z)` for positives, `1 − σ(z)` for negatives, and `α_t = α`
    /// for positives, `1 − α` for negatives. `γ = 0, α = 0.5` is half BCE.
    Focal {
        /// Focusing parameter `γ ∈ [0, inf)`; Lin et al. use 2 (the default).
        #[serde(default = "focal_gamma")]
        gamma: f64,
        /// Weight of the positive class `α ∈ [0, 1]`; Lin et al. use 0.25
        /// (the default).
        #[serde(default = "focal_alpha")]
        alpha: f64,
    },
    /// `1 − soft F1` over the batch, with probabilities `p_i = σ(z_i)` in
    /// place of 0/1 predictions: `tp = Σ w·y·p`, `fp = Σ w·(1−y)·p`,
    /// `fn = Σ w·y·(1−p)`, `F1 = 2·tp / (2·tp + fp + fn + ε)`, `ε = 1e-7`
    /// (Keras's `epsilon()`). The seed's version rounds `p` first, which
    /// has no gradient; this is the differentiable form of the same ratio.
    SoftF1,
}

/// Lin et al.'s focusing parameter γ, focal loss's default.
fn focal_gamma() -> f64 {
    2.0
}

/// Lin et al.'s positive-class weight α, focal loss's default.
fn focal_alpha() -> f64 {
    0.25
}

impl Loss {
    /// Focal loss with Lin et al.'s γ 2 and α 0.25 (the JSON defaults).
    pub fn focal() -> Loss {
        Loss::Focal {
            gamma: focal_gamma(),
            alpha: focal_alpha(),
        }
    }
}

/// The logistic function, computed without overflow.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// `ln(1 + e^x)` without overflow.
fn softplus(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

/// The loss of logits `z` against labels `y` with optional row weights,
/// writing `∂L/∂z_i` into `grad` (same length as `z`). An empty batch has
/// loss 0.
pub fn loss_and_grad(loss: Loss, z: &[f32], y: &[bool], weight: Option<&[f32]>, grad: &mut [f32]) -> f64 {
    let n = z.len();
    debug_assert!(y.len() == n && grad.len() == n && weight.is_none_or(|w| w.len() == n));
    if n == 0 {
        return 0.0;
    }
    let w_at = |i: usize| weight.map_or(1.0, |w| w[i] as f64);
    let inv_n = 1.0 / n as f64;
    match loss {
        Loss::Bce => {
            let mut total = 0.0;
            for i in 0..n {
                let (zi, yi, wi) = (z[i] as f64, y[i] as u8 as f64, w_at(i));
                // One exp serves the loss and σ(z) (libm calls are dear in wasm).
                let e = (-zi.abs()).exp();
                let p = if zi >= 0.0 { 1.0 / (1.0 + e) } else { e / (1.0 + e) };
                total += wi * (zi.max(0.0) - zi * yi + e.ln_1p());
                grad[i] = (wi * (p - yi) * inv_n) as f32;
            }
            total * inv_n
        }
        Loss::Focal { gamma, alpha } => {
            let mut total = 0.0;
            for i in 0..n {
                let (zi, wi) = (z[i] as f64, w_at(i));
                // q = ±1 turns both classes into "the true class's logit" q·z.
                let (q, alpha_t) = if y[i] { (1.0, alpha) } else { (-1.0, 1.0 - alpha) };
                let ln_pt = -softplus(-q * zi);
                let pt = sigmoid(q * zi);
                let one_m = sigmoid(-q * zi); // 1 − p_t, accurate near p_t = 1
                let mod_factor = if gamma == 0.0 { 1.0 } else { one_m.powf(gamma) };
                total += wi * (-alpha_t * mod_factor * ln_pt);
                // ∂ℓ/∂z = α_t·q·(1 − p_t)^γ·(γ·p_t·ln p_t − (1 − p_t)).
                let g = alpha_t * q * mod_factor * (gamma * pt * ln_pt - one_m);
                grad[i] = (wi * g * inv_n) as f32;
            }
            total * inv_n
        }
        Loss::SoftF1 => {
            const EPS: f64 = 1e-7;
            let (mut tp, mut sum_p, mut sum_y) = (0.0, 0.0, 0.0);
            for i in 0..n {
                let (p, yi, wi) = (sigmoid(z[i] as f64), y[i] as u8 as f64, w_at(i));
                tp += wi * yi * p;
                sum_p += wi * p;
                sum_y += wi * yi;
            }
            // 2·tp + fp + fn = Σ w·p + Σ w·y.
            let den = sum_p + sum_y + EPS;
            let f1 = 2.0 * tp / den;
            for i in 0..n {
                let (p, yi, wi) = (sigmoid(z[i] as f64), y[i] as u8 as f64, w_at(i));
                let df_dp = wi * (2.0 * yi / den - 2.0 * tp / (den * den));
                grad[i] = (-df_dp * p * (1.0 - p)) as f32;
            }
            1.0 - f1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Central differences of the loss in f64 (logits perturbed in f64 via
    /// an f32 grid fine enough: h = 1e-3 on values of order 1).
    fn check_gradient(loss: Loss, weighted: bool) {
        let z: Vec<f32> = vec![-3.0, -0.7, 0.0, 0.4, 1.9, 5.0, -8.0, 2.5];
        let y = [true, false, true, false, true, false, true, true];
        let w: Vec<f32> = vec![1.0, 2.0, 0.5, 1.0, 3.0, 1.0, 0.25, 1.5];
        let weight = weighted.then_some(&w[..]);
        let mut grad = vec![0.0; z.len()];
        loss_and_grad(loss, &z, &y, weight, &mut grad);
        let mut scratch = vec![0.0; z.len()];
        for i in 0..z.len() {
            let h = 1e-2f32;
            let (mut zp, mut zm) = (z.clone(), z.clone());
            zp[i] += h;
            zm[i] -= h;
            let fd = (loss_and_grad(loss, &zp, &y, weight, &mut scratch)
                - loss_and_grad(loss, &zm, &y, weight, &mut scratch))
                / (2.0 * h as f64);
            let g = grad[i] as f64;
            assert!(
                (g - fd).abs() <= 1e-4 + 1e-3 * fd.abs(),
                "{loss:?} weighted {weighted} i {i}: analytic {g}, fd {fd}"
            );
        }
    }

    #[test]
    fn gradients_match_finite_differences() {
        for loss in [
            Loss::Bce,
            Loss::Focal {
                gamma: 2.0,
                alpha: 0.25,
            },
            Loss::Focal { gamma: 0.0, alpha: 0.5 },
            Loss::Focal { gamma: 1.5, alpha: 0.8 },
            Loss::SoftF1,
        ] {
            check_gradient(loss, false);
            check_gradient(loss, true);
        }
    }

    #[test]
    fn bce_matches_a_hand_calculation() {
        // z = 0, y = 1: ln 2 = 0.693147; z = 2, y = 0: 2 + ln(1 + e^−2)
        // = 2 + 0.126928 = 2.126928; z = −1, y = 0: ln(1 + e^−1) = 0.313262.
        // Mean = (0.693147 + 2.126928 + 0.313262) / 3 = 1.044446.
        // Gradients (σ(z) − y)/3: (0.5 − 1)/3 = −0.166667,
        // 0.880797/3 = 0.293599, 0.268941/3 = 0.089647.
        let mut g = [0.0; 3];
        let l = loss_and_grad(Loss::Bce, &[0.0, 2.0, -1.0], &[true, false, false], None, &mut g);
        assert!((l - 1.044446).abs() < 1e-6, "{l}");
        for (a, b) in g.iter().zip([-0.166667, 0.293599, 0.089647]) {
            assert!((*a as f64 - b).abs() < 1e-6, "{g:?}");
        }
        // Weighted: weights (2, 1, 1) add one more ln 2 to the sum:
        // (2·0.693147 + 2.126928 + 0.313262)/3 = 1.275495.
        let l = loss_and_grad(
            Loss::Bce,
            &[0.0, 2.0, -1.0],
            &[true, false, false],
            Some(&[2.0, 1.0, 1.0]),
            &mut g,
        );
        assert!((l - 1.275495).abs() < 1e-6, "{l}");
        // Large logits stay finite: z = 100, y = 0 costs 100.
        let l = loss_and_grad(Loss::Bce, &[100.0], &[false], None, &mut g[..1]);
        assert!((l - 100.0).abs() < 1e-9);
    }

    #[test]
    fn focal_matches_a_hand_calculation() {
        // γ = 2, α = 0.25. z = 0, y = 1: p_t = 0.5, α_t = 0.25,
        // ℓ = 0.25·0.25·ln 2 = 0.0433217. z = 2, y = 0: p_t = 1 − σ(2)
        // = 0.1192029, α_t = 0.75, (1 − p_t)² = 0.7758035,
        // −ln p_t = 2.1269280, ℓ = 0.75·0.7758035·2.1269280 = 1.2375586.
        // Mean = 0.6404402.
        let mut g = [0.0; 2];
        let l = loss_and_grad(
            Loss::Focal {
                gamma: 2.0,
                alpha: 0.25,
            },
            &[0.0, 2.0],
            &[true, false],
            None,
            &mut g,
        );
        assert!((l - 0.6404402).abs() < 1e-6, "{l}");
    }

    #[test]
    fn soft_f1_of_confident_correct_predictions_is_near_zero() {
        let mut g = [0.0; 4];
        let l = loss_and_grad(
            Loss::SoftF1,
            &[20.0, 20.0, -20.0, -20.0],
            &[true, true, false, false],
            None,
            &mut g,
        );
        assert!(l < 1e-6, "{l}");
        // All wrong: tp ≈ 0, so F1 ≈ 0.
        let l = loss_and_grad(Loss::SoftF1, &[-20.0, 20.0], &[true, false], None, &mut g[..2]);
        assert!((l - 1.0).abs() < 1e-6, "{l}");
    }
}
