//! Small dense linear-algebra kernels for the models: f32×f64 dot products
//! and axpy over row-major rows, a blocked f32 Gram (XᵀX) accumulator, and a
//! Cholesky solve in f64. Knows nothing of models, losses or data files.
//!
//! The reductions are written with explicit lanes (several independent
//! accumulators over fixed-size chunks) because LLVM may not reorder a float
//! sum on its own; with the lanes spelled out it emits SIMD code for both
//! x86_64 (SSE2) and wasm32 (`simd128`).

/// Lanes of the f64 reductions: four f64x2 vectors in flight.
const LANES64: usize = 8;
/// Lanes of the f32 Gram reductions: two f32x4 vectors per accumulator.
pub(crate) const LANES32: usize = 8;

/// `Σ_j x_j·w_j`, x in f32 (widened exactly), products and sum in f64.
/// Both slices must have the same length (the shorter one decides).
#[inline]
pub(crate) fn dot_f32_f64(x: &[f32], w: &[f64]) -> f64 {
    let n = x.len().min(w.len());
    let (x, w) = (&x[..n], &w[..n]);
    let mut acc = [0.0f64; LANES64];
    let xc = x.chunks_exact(LANES64);
    let wc = w.chunks_exact(LANES64);
    let (xr, wr) = (xc.remainder(), wc.remainder());
    for (a, b) in xc.zip(wc) {
        for l in 0..LANES64 {
            acc[l] += f64::from(a[l]) * b[l];
        }
    }
    let mut tail = 0.0;
    for (a, b) in xr.iter().zip(wr) {
        tail += f64::from(*a) * b;
    }
    let s01 = (acc[0] + acc[4]) + (acc[1] + acc[5]);
    let s23 = (acc[2] + acc[6]) + (acc[3] + acc[7]);
    (s01 + s23) + tail
}

/// `Σ x_i` in f64 with [`LANES64`] independent partial sums (a plain
/// sequential sum waits on each add's latency and does not vectorise).
#[inline]
pub(crate) fn sum_f64(x: &[f64]) -> f64 {
    let mut acc = [0.0f64; LANES64];
    let chunks = x.chunks_exact(LANES64);
    let tail: f64 = chunks.remainder().iter().sum();
    for c in chunks {
        for l in 0..LANES64 {
            acc[l] += c[l];
        }
    }
    let s01 = (acc[0] + acc[4]) + (acc[1] + acc[5]);
    let s23 = (acc[2] + acc[6]) + (acc[3] + acc[7]);
    (s01 + s23) + tail
}

/// `y += a·x`, x in f32 widened to f64.
#[inline]
pub(crate) fn axpy_f32_f64(a: f64, x: &[f32], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += a * f64::from(*xi);
    }
}

/// Adds the upper triangle of `AᵀA` to `h` (row-major `dim × dim`, f64),
/// where `a` is a block of `len` rows, row-major with `stride` columns
/// (`stride ≥ dim`, a multiple of [`LANES32`]; padding columns are ignored).
///
/// A GEMM-style micro-kernel: a 4 × 8 tile of `h` is kept in f32 lanes and
/// updated with broadcast products `a[t][j]·a[t][k..k+8]` for every row `t`
/// of the block (no horizontal sums in the loop), then added to `h` in f64.
/// With blocks of ~64 rows the relative error is ~1e-6, enough for a Newton
/// Hessian (the gradient, which decides the optimum, is computed elsewhere
/// in f64).
pub(crate) fn gram_upper_add(a: &[f32], len: usize, stride: usize, dim: usize, h: &mut [f64]) {
    debug_assert!(stride % LANES32 == 0 && stride >= dim && a.len() >= len * stride);
    let rows = &a[..len * stride];
    let mut j0 = 0;
    while j0 < dim {
        let tile = (dim - j0).min(4);
        // Rows past the tile repeat row j0; their sums are dropped below.
        let col = |u: usize| if u < tile { j0 + u } else { j0 };
        let (c1, c2, c3) = (col(1), col(2), col(3));
        let mut k0 = j0 - j0 % LANES32;
        while k0 < dim {
            let mut acc = [[0.0f32; LANES32]; 4];
            for r in rows.chunks_exact(stride) {
                let Ok(b) = <&[f32; LANES32]>::try_from(&r[k0..k0 + LANES32]) else {
                    continue;
                };
                let (a0, a1, a2, a3) = (r[j0], r[c1], r[c2], r[c3]);
                for l in 0..LANES32 {
                    acc[0][l] += a0 * b[l];
                    acc[1][l] += a1 * b[l];
                    acc[2][l] += a2 * b[l];
                    acc[3][l] += a3 * b[l];
                }
            }
            for (u, lanes) in acc.iter().enumerate().take(tile) {
                let j = j0 + u;
                for (l, &v) in lanes.iter().enumerate() {
                    let k = k0 + l;
                    if k >= j && k < dim {
                        h[j * dim + k] += f64::from(v);
                    }
                }
            }
            k0 += LANES32;
        }
        j0 += 4;
    }
}

/// In-place Cholesky factorisation `A = L·Lᵀ` of a symmetric `n × n`
/// row-major matrix (only the lower triangle is read; `L` overwrites it).
/// Returns `false` if a pivot is not positive and finite (A is not
/// numerically positive definite).
pub(crate) fn cholesky(a: &mut [f64], n: usize) -> bool {
    for j in 0..n {
        let mut d = a[j * n + j];
        for k in 0..j {
            d -= a[j * n + k] * a[j * n + k];
        }
        if !(d > 0.0 && d.is_finite()) {
            return false;
        }
        let d = d.sqrt();
        a[j * n + j] = d;
        for i in j + 1..n {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = s / d;
        }
    }
    true
}

/// Solves `L·Lᵀ x = b` in place, `l` from [`cholesky`].
pub(crate) fn cholesky_solve(l: &[f64], n: usize, b: &mut [f64]) {
    for i in 0..n {
        let mut s = b[i];
        for k in 0..i {
            s -= l[i * n + k] * b[k];
        }
        b[i] = s / l[i * n + i];
    }
    for i in (0..n).rev() {
        let mut s = b[i];
        for k in i + 1..n {
            s -= l[k * n + i] * b[k];
        }
        b[i] = s / l[i * n + i];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_matches_naive_for_all_tail_lengths() {
        for n in 0..40 {
            let x: Vec<f32> = (0..n).map(|i| (i as f32 * 0.37).sin()).collect();
            let w: Vec<f64> = (0..n).map(|i| (i as f64 * 0.11).cos()).collect();
            let naive: f64 = x.iter().zip(&w).map(|(a, b)| f64::from(*a) * b).sum();
            assert!((dot_f32_f64(&x, &w) - naive).abs() < 1e-12, "n={n}");
        }
    }

    #[test]
    fn sum_matches_naive_for_all_tail_lengths() {
        for n in 0..40 {
            let x: Vec<f64> = (0..n).map(|i| (i as f64 * 0.37).sin()).collect();
            let naive: f64 = x.iter().sum();
            assert!((sum_f64(&x) - naive).abs() < 1e-13, "n={n}");
        }
    }

    #[test]
    fn gram_matches_naive() {
        for dim in 1usize..20 {
            let len = 13;
            let stride = dim.div_ceil(LANES32) * LANES32;
            let mut a = vec![0.0f32; len * stride];
            for t in 0..len {
                for j in 0..dim {
                    a[t * stride + j] = (((t * 31 + j * 7) % 13) as f32 - 6.0) / 5.0;
                }
            }
            let mut h = vec![0.0; dim * dim];
            gram_upper_add(&a, len, stride, dim, &mut h);
            for j in 0..dim {
                for k in 0..dim {
                    let want: f64 = (0..len)
                        .map(|t| f64::from(a[t * stride + j]) * f64::from(a[t * stride + k]))
                        .sum();
                    let got = h[j * dim + k];
                    if k >= j {
                        assert!((got - want).abs() < 1e-5, "dim={dim} ({j},{k})");
                    } else {
                        assert_eq!(got, 0.0);
                    }
                }
            }
        }
    }

    #[test]
    fn cholesky_solves_spd_system() {
        // A = [[4,2],[2,3]], b = [2,1] → x = [0.5, 0] by hand.
        let mut a = vec![4.0, 2.0, 2.0, 3.0];
        assert!(cholesky(&mut a, 2));
        let mut b = vec![2.0, 1.0];
        cholesky_solve(&a, 2, &mut b);
        assert!((b[0] - 0.5).abs() < 1e-15 && b[1].abs() < 1e-15);
        let mut not_pd = vec![1.0, 2.0, 2.0, 1.0];
        assert!(!cholesky(&mut not_pd, 2));
    }
}
