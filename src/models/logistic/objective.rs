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
//! `C·Σ s_i·ℓ_i + ½‖w‖²`. Loss and gradient are exact f64: `x` stays f32
//! and is widened exactly, scores and sums are f64, and `exp`/`log1p` are
//! branch-free fdlibm kernels (~1 ulp) so the per-row loop vectorises.
//! Only the Hessian products use f32 lanes (see
//! [`crate::models::linalg::gram_upper_add`]), optionally on an importance
//! sample of the rows ([`HessianOut`]); a Hessian only steers Newton, the
//! gradient decides where it stops.
//!
//! Rows are processed in blocks of [`BLOCK`]: scores, then the pointwise
//! loss/gradient/Hessian factors for the block, then the gradient and
//! Hessian accumulations, while the block is still in L1.

use crate::models::linalg::{axpy_f32_f64, dot_f32_f64, gram_upper_add, sum_f64, LANES32};

/// Rows per Hessian block: few enough that the f32 sums stay accurate
/// (~1e-6) and a block of scaled rows stays in L1 for ~30 features.
const BLOCK: usize = 64;

/// The data and weights of one fit.
pub(crate) struct Objective<'a> {
    /// Row-major `n × d`.
    x: &'a [f32],
    n: usize,
    d: usize,
    /// `ỹ_i ∈ {−1, +1}`.
    ys: Vec<f64>,
    /// `s_i / Σ s`.
    s: Vec<f64>,
    /// `1 / (C·Σ s)`.
    l2: f64,
    /// `‖x_i‖² (+ 1 with an intercept)`: the size of row i's Hessian term
    /// per unit of its weight, for importance sampling; empty until
    /// [`Objective::prepare_sampling`].
    row_sq: Vec<f64>,
    fit_intercept: bool,
}

/// Per row of a block, from the score `z`, label sign `ỹ` and weight `ŝ`:
/// with margin `m = ỹ·z` and `e = exp(−|m|)`,
/// loss `ŝ·(max(−m, 0) + log1p(e))` (= `ŝ·log(1 + e^{−m})` without
/// overflow), gradient factor `∂/∂z = −ỹ·ŝ·σ(−m)` and Hessian factor
/// `ŝ·σ(z)·σ(−z) = ŝ·e/(1+e)²`. Branch-free, so the loop vectorises.
#[inline]
fn pointwise(z: &[f64], ys: &[f64], s: &[f64], loss: &mut [f64], r: &mut [f64], h: &mut [f64]) {
    let rows = z
        .iter()
        .zip(ys)
        .zip(s)
        .zip(loss.iter_mut().zip(r.iter_mut()).zip(h.iter_mut()));
    for (((&z, &yt), &st), ((l, r), h)) in rows {
        let m = yt * z;
        let e = exp_nonpositive(-m.abs());
        let inv = 1.0 / (1.0 + e);
        let sig_neg_m = if m >= 0.0 { e * inv } else { inv };
        *l = st * ((-m).max(0.0) + log1p_unit(e));
        *r = -yt * st * sig_neg_m;
        *h = st * e * inv * inv;
    }
}

/// `e^x` for `x ≤ 0`, to ~1 ulp, branch-free (vectorisable, no libm call).
/// fdlibm's `e_exp.c` method: `x = n·ln2 + r`, `|r| ≤ ln2/2` (Cody–Waite
/// split of ln2), `e^r = 1 + 2r/(2 − c)`-form with a degree-5 minimax
/// polynomial in `r²` (error < 2^−59), and `2^n` built in the exponent bits.
/// Below −708 the result would be subnormal; it is clamped to
/// `e^−708 ≈ 3e−308`, which changes no loss, gradient or Hessian term beyond
/// 1e−307.
#[inline]
pub(crate) fn exp_nonpositive(x: f64) -> f64 {
    // fdlibm's constants, bit for bit.
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    const P1: f64 = f64::from_bits(0x3fc5_5555_5555_553e);
    const P2: f64 = f64::from_bits(0xbf66_c16c_16be_bd93);
    const P3: f64 = f64::from_bits(0x3f11_566a_af25_de2c);
    const P4: f64 = f64::from_bits(0xbebb_bd41_c5d2_6bf1);
    const P5: f64 = f64::from_bits(0x3e66_3769_72be_a4d0);
    // Adding 1.5·2⁵² rounds to an integer held in the low mantissa bits.
    const ROUND: f64 = 6_755_399_441_055_744.0;
    let x = x.clamp(-708.0, 0.0);
    let t = x * std::f64::consts::LOG2_E + ROUND;
    let n = t - ROUND;
    let hi = x - n * LN2_HI;
    let lo = n * LN2_LO;
    let r = hi - lo;
    let r2 = r * r;
    let c = r - r2 * (P1 + r2 * (P2 + r2 * (P3 + r2 * (P4 + r2 * P5))));
    let er = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
    // n + 1023 ∈ [1, 1023] lands in the exponent field.
    let scale = f64::from_bits(t.to_bits().wrapping_add(1023) << 52);
    er * scale
}

/// `log(1 + e)` for `e ∈ [0, 1]`, to ~1 ulp relative (also for tiny `e`),
/// branch-free. fdlibm's `s_log1p.c` kernel: with `s = f/(2 + f)`,
/// `log1p(f) = 2s + s·R(s²)`, `R` a degree-7 minimax polynomial valid for
/// `1 + f ∈ [√2/2, √2]`. For `e > √2 − 1` it uses
/// `log1p(e) = ln2 + log1p((e − 1)/2)` (exact argument by Sterbenz).
#[inline]
pub(crate) fn log1p_unit(e: f64) -> f64 {
    const LG1: f64 = f64::from_bits(0x3fe5_5555_5555_5593);
    const LG2: f64 = f64::from_bits(0x3fd9_9999_9997_fa04);
    const LG3: f64 = f64::from_bits(0x3fd2_4924_9422_9359);
    const LG4: f64 = f64::from_bits(0x3fcc_71c5_1d8e_78af);
    const LG5: f64 = f64::from_bits(0x3fc7_4664_96cb_03de);
    const LG6: f64 = f64::from_bits(0x3fc3_9a09_d078_c69f);
    const LG7: f64 = f64::from_bits(0x3fc2_f112_df3e_5244);
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    let big = e > std::f64::consts::SQRT_2 - 1.0;
    let f = if big { (e - 1.0) * 0.5 } else { e };
    let k = if big { 1.0 } else { 0.0 };
    let s = f / (2.0 + f);
    let z = s * s;
    let r = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
    let hfsq = 0.5 * f * f;
    k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f)
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

/// Where and how [`Objective::eval`] builds the Hessian
/// `Σ_i ŝ_i·σ'(z_i)·[x_i,1][x_i,1]ᵀ + λ·diag(1…1, 0)`.
pub(crate) struct HessianOut<'h> {
    /// Row-major `dim × dim`, overwritten.
    pub(crate) h: &'h mut [f64],
    /// 0 for the exact Hessian. Otherwise rows whose term has trace
    /// `c_i = h_i·(‖x_i‖² + 1)` below this are importance-sampled (kept
    /// with probability `c_i/θ`, weighted `θ/c_i`): an unbiased estimate
    /// from about `trace/θ` rows plus every large row.
    pub(crate) threshold: f64,
    /// Seeds the sampling (deterministic per seed).
    pub(crate) seed: u64,
    /// Out: `Σ_i c_i` over all rows (only meaningful when sampling).
    pub(crate) trace: f64,
    /// Out: rows accumulated.
    pub(crate) rows: usize,
}

impl<'h> HessianOut<'h> {
    pub(crate) fn new(h: &'h mut [f64], threshold: f64, seed: u64) -> Self {
        HessianOut {
            h,
            threshold,
            seed,
            trace: 0.0,
            rows: 0,
        }
    }
}

/// A uniform number in [0, 1) from (seed, row): SplitMix64's finaliser.
#[inline]
fn unit_hash(seed: u64, i: usize) -> f64 {
    let mut z = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (i as u64).wrapping_add(0x6a09_e667_f3bc_c909);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
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
            ys: y.iter().map(|&v| if v { 1.0 } else { -1.0 }).collect(),
            s: weights.iter().map(|w| w / total).collect(),
            l2: 1.0 / (c * total),
            row_sq: Vec::new(),
            fit_intercept,
        }
    }

    /// Computes the row norms that a sampled Hessian needs (one pass).
    pub(crate) fn prepare_sampling(&mut self) {
        let one = if self.fit_intercept { 1.0 } else { 0.0 };
        self.row_sq = if self.d == 0 {
            vec![one; self.n]
        } else {
            self.x
                .chunks_exact(self.d)
                .take(self.n)
                .map(|r| one + r.iter().map(|&v| f64::from(v) * f64::from(v)).sum::<f64>())
                .collect()
        };
    }

    /// Number of rows.
    pub(crate) fn rows(&self) -> usize {
        self.n
    }

    /// `Σ_i ŝ_i·σ'(0)·(‖x_i‖² + 1) = Σ_i ŝ_i·(‖x_i‖² + 1)/4`: the trace of the
    /// data part of the Hessian at `w = 0`, where every `p_i = ½`.
    /// Needs [`Objective::prepare_sampling`].
    pub(crate) fn trace_at_zero(&self) -> f64 {
        self.s.iter().zip(&self.row_sq).map(|(s, q)| 0.25 * s * q).sum()
    }

    /// Number of unknowns: features, plus one if the intercept is fitted
    /// (it comes last).
    pub(crate) fn dim(&self) -> usize {
        self.d + usize::from(self.fit_intercept)
    }

    /// Returns `f(w)` and writes `∇f(w)` into `grad` (exact, f64); if
    /// `hess` is given, also the (exact or sampled) Hessian, see
    /// [`HessianOut`].
    pub(crate) fn eval(&self, w: &[f64], grad: &mut [f64], mut hess: Option<&mut HessianOut>) -> f64 {
        let (d, dim) = (self.d, self.dim());
        let coef = &w[..d];
        let b = if self.fit_intercept { w[d] } else { 0.0 };
        grad.iter_mut().for_each(|g| *g = 0.0);
        if let Some(ho) = hess.as_deref_mut() {
            ho.h.iter_mut().for_each(|v| *v = 0.0);
            ho.trace = 0.0;
            ho.rows = 0;
        }
        let mut filled = 0;
        // A block of rows sqrt(h_i)·[x_i, 1], padded to whole f32 lanes.
        let stride = dim.div_ceil(LANES32) * LANES32;
        let mut at = if hess.is_some() {
            vec![0.0f32; stride * BLOCK]
        } else {
            Vec::new()
        };
        let (gw, gb) = grad.split_at_mut(d);
        let mut loss = 0.0;
        let mut grad_b = 0.0;
        let mut start = 0;
        let mut zb = [0.0f64; BLOCK];
        let mut lb = [0.0f64; BLOCK];
        let mut rb = [0.0f64; BLOCK];
        let mut hb = [0.0f64; BLOCK];
        while start < self.n {
            let end = (start + BLOCK).min(self.n);
            let bl = end - start;
            let xb = &self.x[start * d..end * d];
            for (z, xi) in zb.iter_mut().zip(xb.chunks_exact(d.max(1))) {
                *z = b + dot_f32_f64(xi, coef);
            }
            if d == 0 {
                zb[..bl].iter_mut().for_each(|z| *z = b);
            }
            pointwise(
                &zb[..bl],
                &self.ys[start..end],
                &self.s[start..end],
                &mut lb[..bl],
                &mut rb[..bl],
                &mut hb[..bl],
            );
            loss += sum_f64(&lb[..bl]);
            grad_b += sum_f64(&rb[..bl]);
            for (&r, xi) in rb.iter().zip(xb.chunks_exact(d.max(1))) {
                axpy_f32_f64(r, xi, gw);
            }
            if let Some(ho) = hess.as_deref_mut() {
                // Without row norms (or with θ = 0) every row counts fully.
                let theta = if self.row_sq.is_empty() { 0.0 } else { ho.threshold };
                for (t, &hi) in hb[..bl].iter().enumerate() {
                    let i = start + t;
                    let c = if self.row_sq.is_empty() {
                        hi
                    } else {
                        hi * self.row_sq[i]
                    };
                    ho.trace += c;
                    // Rows with c ≥ θ count fully; the rest are kept with
                    // probability c/θ and weight θ/c: unbiased, and every
                    // kept row adds at least θ.
                    let hw = if c >= theta {
                        hi
                    } else if unit_hash(ho.seed, i) * theta < c {
                        hi * theta / c
                    } else {
                        continue;
                    };
                    let root = hw.sqrt() as f32;
                    let row = &mut at[filled * stride..(filled + 1) * stride];
                    for (a, &v) in row.iter_mut().zip(&xb[t * d..(t + 1) * d]) {
                        *a = root * v;
                    }
                    if self.fit_intercept {
                        row[d] = root;
                    }
                    filled += 1;
                    if filled == BLOCK {
                        gram_upper_add(&at, filled, stride, dim, ho.h);
                        ho.rows += filled;
                        filled = 0;
                    }
                }
            }
            start = end;
        }
        if let Some(ho) = hess.as_deref_mut() {
            if filled > 0 {
                gram_upper_add(&at, filled, stride, dim, ho.h);
                ho.rows += filled;
            }
        }
        if self.fit_intercept {
            gb[0] = grad_b;
        }
        let mut sq = 0.0;
        for (g, &wj) in gw.iter_mut().zip(coef) {
            *g += self.l2 * wj;
            sq += wj * wj;
        }
        if let Some(ho) = hess {
            let h = &mut *ho.h;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_matches_std_to_a_few_ulp() {
        let mut worst = 0.0f64;
        for i in 0..=200_000 {
            let x = -708.0 * (i as f64 / 200_000.0).powi(3);
            let (got, want) = (exp_nonpositive(x), x.exp());
            worst = worst.max((got - want).abs() / want);
        }
        assert!(worst < 4.0 * f64::EPSILON, "{worst:e}");
        assert_eq!(exp_nonpositive(0.0), 1.0);
        assert!(exp_nonpositive(-1e6) > 0.0 && exp_nonpositive(-1e6) < 1e-307);
    }

    #[test]
    fn log1p_matches_std_to_a_few_ulp() {
        let mut worst = 0.0f64;
        for i in 0..=200_000 {
            let e = if i % 2 == 0 {
                i as f64 / 200_000.0
            } else {
                (-(i as f64) / 300.0).exp()
            };
            let (got, want) = (log1p_unit(e), e.ln_1p());
            if want > 0.0 {
                worst = worst.max((got - want).abs() / want);
            }
        }
        assert!(worst < 4.0 * f64::EPSILON, "{worst:e}");
        assert_eq!(log1p_unit(0.0), 0.0);
    }
}
