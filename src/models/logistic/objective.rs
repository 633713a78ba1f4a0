//! The weighted, L2-penalised logistic objective in scikit-learn's scaling,
//! evaluated in one fused pass over row-major f32 rows: scores, loss,
//! gradient and (optionally) the Hessian. Knows nothing of solvers,
//! parameters or monitors.
//!
//! With normalised weights `ŝ_i = s_i / Σ s` and `λ = 1 / (C·Σ s)`:
//!
//! `f(w, b) = Σ_i ŝ_i·ℓ(y_i, x_iᵀw + b) + ½·λ·‖w‖²`,
//! `ℓ(y, z) = log(1 + e^z) − y·z` (y ∈ {0, 1}),
//!
//! which is scikit-learn's `LinearModelLoss` with `HalfBinomialLoss` and
//! `l2_reg_strength = 1 / (C·sw_sum)`; its minimiser is the same as that of
//! `C·Σ s_i·ℓ_i + ½‖w‖²`. All sums are in f64; `x` stays f32 and is widened
//! exactly. Only the Hessian products use f32 lanes (see
//! [`crate::models::linalg::gram_upper_add`]).

use crate::models::linalg::{axpy_f32_f64, dot_f32_f64, gram_upper_add, LANES32};

/// Rows per Hessian block: a multiple of the f32 lanes, small enough that a
/// block of transposed, scaled rows stays in L1 for ~30 features.
const BLOCK: usize = 64;
const _: () = assert!(BLOCK % LANES32 == 0);

/// The data and weights of one fit.
pub(crate) struct Objective<'a> {
    /// Row-major `n × d`.
    x: &'a [f32],
    n: usize,
    d: usize,
    y: &'a [bool],
    /// `s_i / Σ s`.
    s: Vec<f64>,
    /// `1 / (C·Σ s)`.
    l2: f64,
    fit_intercept: bool,
}

/// `1 / (1 + e^{−z})` without overflow.
#[inline]
pub(crate) fn sigmoid(z: f64) -> f64 {
    let e = (-z.abs()).exp();
    if z >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    }
}

impl<'a> Objective<'a> {
    /// `weights` are the full per-row weights `s_i` (sample × class weight),
    /// non-negative with a positive sum (checked by the caller).
    pub(crate) fn new(
        x: &'a [f32],
        n: usize,
        d: usize,
        y: &'a [bool],
        weights: &[f64],
        c: f64,
        fit_intercept: bool,
    ) -> Self {
        let total: f64 = weights.iter().sum();
        Objective {
            x,
            n,
            d,
            y,
            s: weights.iter().map(|w| w / total).collect(),
            l2: 1.0 / (c * total),
            fit_intercept,
        }
    }

    /// Number of unknowns: features, plus one if the intercept is fitted
    /// (it comes last).
    pub(crate) fn dim(&self) -> usize {
        self.d + usize::from(self.fit_intercept)
    }

    /// Returns `f(w)` and writes `∇f(w)` into `grad`; if `hess` is given,
    /// writes the full symmetric Hessian (row-major `dim × dim`) into it.
    pub(crate) fn eval(&self, w: &[f64], grad: &mut [f64], mut hess: Option<&mut [f64]>) -> f64 {
        let (d, dim) = (self.d, self.dim());
        let coef = &w[..d];
        let b = if self.fit_intercept { w[d] } else { 0.0 };
        grad.iter_mut().for_each(|g| *g = 0.0);
        if let Some(h) = hess.as_deref_mut() {
            h.iter_mut().for_each(|v| *v = 0.0);
        }
        // Transposed block of sqrt(h_i)·[x_i, 1] for the Hessian.
        let mut at = if hess.is_some() {
            vec![0.0f32; dim * BLOCK]
        } else {
            Vec::new()
        };
        let (gw, gb) = grad.split_at_mut(d);
        let mut loss = 0.0;
        let mut grad_b = 0.0;
        let mut start = 0;
        while start < self.n {
            let end = (start + BLOCK).min(self.n);
            let mut block_loss = 0.0;
            for i in start..end {
                let xi = &self.x[i * d..(i + 1) * d];
                let z = b + dot_f32_f64(xi, coef);
                let si = self.s[i];
                // Signed margin m = ỹ·z; ℓ = softplus(−m); ∂ℓ/∂z = −ỹ·σ(−m).
                let (m, sign) = if self.y[i] { (z, -1.0) } else { (-z, 1.0) };
                let e = (-m.abs()).exp();
                let sig_neg_m = if m >= 0.0 { e / (1.0 + e) } else { 1.0 / (1.0 + e) };
                block_loss += si * ((-m).max(0.0) + e.ln_1p());
                let r = si * sign * sig_neg_m;
                axpy_f32_f64(r, xi, gw);
                grad_b += r;
                if hess.is_some() {
                    // σ(z)·σ(−z) = e/(1+e)² with e = exp(−|z|); |m| = |z|.
                    let hi = si * e / ((1.0 + e) * (1.0 + e));
                    let root = hi.sqrt() as f32;
                    let t = i - start;
                    for (j, &v) in xi.iter().enumerate() {
                        at[j * BLOCK + t] = root * v;
                    }
                    if self.fit_intercept {
                        at[d * BLOCK + t] = root;
                    }
                }
            }
            loss += block_loss;
            if let Some(h) = hess.as_deref_mut() {
                // Rows past the end of a short last block must not count.
                for t in end - start..BLOCK {
                    for j in 0..dim {
                        at[j * BLOCK + t] = 0.0;
                    }
                }
                gram_upper_add(&at, dim, BLOCK, h);
            }
            start = end;
        }
        if self.fit_intercept {
            gb[0] = grad_b;
        }
        let mut sq = 0.0;
        for (g, &wj) in gw.iter_mut().zip(coef) {
            *g += self.l2 * wj;
            sq += wj * wj;
        }
        if let Some(h) = hess {
            for j in 0..dim {
                if j < d {
                    h[j * dim + j] += self.l2;
                }
                for k in 0..j {
                    h[j * dim + k] = h[k * dim + j];
                }
            }
        }
        loss + 0.5 * self.l2 * sq
    }
}
