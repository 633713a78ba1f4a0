//! The three dense-layer matrix products (forward `X·W`, weight gradient
//! `Xᵀ·G`, input gradient `G·Wᵀ`) over row-major `f32` slices, behind one
//! function each so the implementation can change. Knows nothing of layers,
//! losses or training.
//!
//! # Why our loops and not `ndarray::dot` (`matrixmultiply`)
//!
//! Forward product X·W with X 2048 × 29 and W 29 × 16 (the tutorial's
//! batch and first layer), µs per call, best of 5 rounds of 400, measured
//! by `cargo run --release --example mlp_epoch` and `node
//! bench/mlp_epoch.mjs` on this machine (2 shared cores; the first rows
//! under load ~11, the last at load ~6, which is the fair comparison):
//!
//! | kernel                        | native x86_64 | wasm32 + simd128 (Node) |
//! |-------------------------------|---------------|-------------------------|
//! | naive row × kernel loops      | 490 (load 11) | –                       |
//! | these 4 × 8 register blocks   | 62            | 58                      |
//! | `ndarray` dot (matrixmultiply)| 29            | 65 (up to 1135 cold)    |
//!
//! Whole epoch (182,276 × 29, best of 7, load ~6): 0.048 s native, 0.076 s
//! wasm (Keras 0.10 s, TF.js-wasm 0.40 s on this machine).
//!
//! `matrixmultiply` wins natively (AVX2/FMA kernel) but packs both operands
//! on every call, which at these thin shapes costs as much as the product
//! in wasm, where it is never faster than these loops and sometimes 5×
//! slower. The browser is where the network trains, so the loops stay; the
//! products are behind [`matmul`], [`matmul_tn_acc`] and [`matmul_nt`] so
//! this can change. The loops are written so LLVM autovectorises them
//! (SSE natively, `simd128` in wasm via .cargo/config.toml); no
//! `core::arch::wasm32` intrinsics are needed. Either way the products
//! are a minority of an epoch. After issue 14's work (the one-unit layer's
//! products below, dropout's bits, the gather without `memory.copy`, the
//! per-epoch metrics without curves) a wasm epoch of the tutorial network
//! spends most in the gather of the batch's random rows (cache misses), this
//! forward product, the weight gradient, and the loss's libm `exp` and
//! `ln_1p` (a written-out pair measured no faster, so it is not used).

/// Output columns per register block: 8 f32 = two SSE / simd128 vectors.
const COLS: usize = 8;
/// Rows per register block (4 × 8 accumulators fit the 16 vector registers
/// of x86_64 and wasm engines' register allocation).
const ROWS: usize = 4;

/// `out (n × m) = a (n × k) · b (k × m)`, overwriting `out`, plus `bias`
/// (length `m`) added to every row when given.
///
/// Blocked over 4 rows × 8 columns with the accumulators in registers: the
/// naive row-times-kernel loop re-loads and re-stores the output row for
/// every `k` and ran 6× slower than `matrixmultiply`.
pub fn matmul(a: &[f32], b: &[f32], bias: Option<&[f32]>, out: &mut [f32], n: usize, k: usize, m: usize) {
    debug_assert!(a.len() >= n * k && b.len() >= k * m && out.len() >= n * m);
    let bias_at = |j: usize| bias.map_or(0.0, |b| b[j]);
    if m == 1 {
        for i in 0..n {
            out[i] = bias_at(0) + dot(&a[i * k..(i + 1) * k], &b[..k]);
        }
        return;
    }
    let full_cols = m / COLS * COLS;
    let mut i = 0;
    while i < n {
        let rows = ROWS.min(n - i);
        let mut j = 0;
        while j < full_cols {
            let mut acc = [[0.0f32; COLS]; ROWS];
            for accr in acc.iter_mut().take(rows) {
                for (l, v) in accr.iter_mut().enumerate() {
                    *v = bias_at(j + l);
                }
            }
            if rows == ROWS {
                let (a0, a1, a2, a3) = (
                    &a[i * k..(i + 1) * k],
                    &a[(i + 1) * k..(i + 2) * k],
                    &a[(i + 2) * k..(i + 3) * k],
                    &a[(i + 3) * k..(i + 4) * k],
                );
                for p in 0..k {
                    let bp: &[f32; COLS] = b[p * m + j..p * m + j + COLS].try_into().expect("8 columns");
                    let (x0, x1, x2, x3) = (a0[p], a1[p], a2[p], a3[p]);
                    for l in 0..COLS {
                        acc[0][l] += x0 * bp[l];
                        acc[1][l] += x1 * bp[l];
                        acc[2][l] += x2 * bp[l];
                        acc[3][l] += x3 * bp[l];
                    }
                }
            } else {
                for (r, accr) in acc.iter_mut().enumerate().take(rows) {
                    let ar = &a[(i + r) * k..(i + r + 1) * k];
                    for (p, &x) in ar.iter().enumerate() {
                        let bp = &b[p * m + j..p * m + j + COLS];
                        for l in 0..COLS {
                            accr[l] += x * bp[l];
                        }
                    }
                }
            }
            for (r, accr) in acc.iter().enumerate().take(rows) {
                out[(i + r) * m + j..(i + r) * m + j + COLS].copy_from_slice(accr);
            }
            j += COLS;
        }
        // Leftover columns (m not a multiple of 8): plain loops.
        for r in 0..rows {
            let ar = &a[(i + r) * k..(i + r + 1) * k];
            for jj in full_cols..m {
                let mut s = bias_at(jj);
                for (p, &x) in ar.iter().enumerate() {
                    s += x * b[p * m + jj];
                }
                out[(i + r) * m + jj] = s;
            }
        }
        i += rows;
    }
}

/// `out (k × m) += aᵀ · g`, with `a` `n × k` and `g` `n × m`: the weight
/// gradient of a dense layer, accumulated. Blocked over 4 rows of `out`
/// (columns of `a`) × 8 columns, summing over the `n` rows in registers.
pub fn matmul_tn_acc(a: &[f32], g: &[f32], out: &mut [f32], n: usize, k: usize, m: usize) {
    debug_assert!(a.len() >= n * k && g.len() >= n * m && out.len() >= k * m);
    if m == 1 {
        // A one-unit layer (the classifier's logit): out[p] += Σ_i a[i][p]·g[i]
        // row by row into a local vector, which vectorises along p. The
        // general loop below added into `out` one element at a time, each
        // add waiting on the previous store: a tenth of a whole epoch of the
        // tutorial network. Rows are added in the same order; onto a
        // zeroed gradient (every fit's minibatch) the sums are the same bits.
        let mut acc = vec![0.0f32; k];
        for (ar, &gi) in a[..n * k].chunks_exact(k).zip(&g[..n]) {
            for (s, &x) in acc.iter_mut().zip(ar) {
                *s += x * gi;
            }
        }
        for (o, s) in out[..k].iter_mut().zip(&acc) {
            *o += s;
        }
        return;
    }
    let full_cols = m / COLS * COLS;
    let mut p = 0;
    while p < k {
        let ps = ROWS.min(k - p);
        let mut j = 0;
        while j < full_cols {
            let mut acc = [[0.0f32; COLS]; ROWS];
            if ps == ROWS {
                for i in 0..n {
                    let gi: &[f32; COLS] = g[i * m + j..i * m + j + COLS].try_into().expect("8 columns");
                    let ai = &a[i * k + p..i * k + p + ROWS];
                    let (x0, x1, x2, x3) = (ai[0], ai[1], ai[2], ai[3]);
                    for l in 0..COLS {
                        acc[0][l] += x0 * gi[l];
                        acc[1][l] += x1 * gi[l];
                        acc[2][l] += x2 * gi[l];
                        acc[3][l] += x3 * gi[l];
                    }
                }
            } else {
                for i in 0..n {
                    let gi = &g[i * m + j..i * m + j + COLS];
                    for (q, accq) in acc.iter_mut().enumerate().take(ps) {
                        let x = a[i * k + p + q];
                        for l in 0..COLS {
                            accq[l] += x * gi[l];
                        }
                    }
                }
            }
            for (q, accq) in acc.iter().enumerate().take(ps) {
                let o = &mut out[(p + q) * m + j..(p + q) * m + j + COLS];
                for l in 0..COLS {
                    o[l] += accq[l];
                }
            }
            j += COLS;
        }
        p += ps;
    }
    if full_cols < m {
        for i in 0..n {
            let ar = &a[i * k..(i + 1) * k];
            let gr = &g[i * m + full_cols..(i + 1) * m];
            for (pp, &x) in ar.iter().enumerate() {
                let o = &mut out[pp * m + full_cols..(pp + 1) * m];
                for (ov, &gv) in o.iter_mut().zip(gr) {
                    *ov += x * gv;
                }
            }
        }
    }
}

/// `out (n × k) = g (n × m) · bᵀ`, with `b` `k × m`: the input gradient of a
/// dense layer, overwriting `out`.
///
/// `b` is transposed once (`m × k`, at most the layer's weights) and the
/// product runs through [`matmul`]'s register blocks. The earlier form, one
/// 8-lane dot product and its horizontal sum per output element, was the
/// largest cost of the DAN training step in wasm: 21 ms of an 85 ms step for
/// the 1024 × 64 · 64 × 256 product (bench/dan_step.sh, load ≈ 5), against
/// ≈ 1 ms through the register blocks.
pub fn matmul_nt(g: &[f32], b: &[f32], out: &mut [f32], n: usize, k: usize, m: usize) {
    debug_assert!(g.len() >= n * m && b.len() >= k * m && out.len() >= n * k);
    if m == 1 {
        // A one-unit layer: an outer product, one multiplication per output
        // (the loop below ran a one-term sum per output, a sixth of an
        // epoch of the tutorial network).
        for (orow, &gi) in out[..n * k].chunks_exact_mut(k).zip(&g[..n]) {
            for (o, &w) in orow.iter_mut().zip(&b[..k]) {
                *o = gi * w;
            }
        }
        return;
    }
    if m < COLS {
        // Narrow layers: a call to `dot` per element cost more than the
        // product; plain loops.
        for i in 0..n {
            let gr = &g[i * m..(i + 1) * m];
            let orow = &mut out[i * k..(i + 1) * k];
            for (p, o) in orow.iter_mut().enumerate() {
                let br = &b[p * m..(p + 1) * m];
                *o = gr.iter().zip(br).map(|(x, y)| x * y).sum();
            }
        }
        return;
    }
    let mut bt = vec![0.0f32; m * k];
    for (p, br) in b[..k * m].chunks_exact(m).enumerate() {
        for (j, &v) in br.iter().enumerate() {
            bt[j * k + p] = v;
        }
    }
    matmul(g, &bt, None, out, n, m, k);
}

/// A dot product in eight independent lanes so it vectorises.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let chunks = a.len() / 8;
    for c in 0..chunks {
        for l in 0..8 {
            acc[l] += a[c * 8 + l] * b[c * 8 + l];
        }
    }
    let mut s = acc.iter().sum::<f32>();
    for j in chunks * 8..a.len() {
        s += a[j] * b[j];
    }
    s
}

/// `out = a · b` by `ndarray`'s `dot` (`matrixmultiply`), the alternative
/// the benchmark compares [`matmul`] with.
#[doc(hidden)]
pub fn matmul_ndarray(a: &[f32], b: &[f32], out: &mut [f32], n: usize, k: usize, m: usize) {
    use ndarray::{linalg::general_mat_mul, ArrayView2, ArrayViewMut2};
    let av = ArrayView2::from_shape((n, k), &a[..n * k]).expect("shape");
    let bv = ArrayView2::from_shape((k, m), &b[..k * m]).expect("shape");
    let mut ov = ArrayViewMut2::from_shape((n, m), &mut out[..n * m]).expect("shape");
    general_mat_mul(1.0, &av, &bv, 0.0, &mut ov);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(a: &[f32], b: &[f32], n: usize, k: usize, m: usize) -> Vec<f32> {
        let mut o = vec![0.0; n * m];
        for i in 0..n {
            for j in 0..m {
                o[i * m + j] = (0..k).map(|p| a[i * k + p] * b[p * m + j]).sum();
            }
        }
        o
    }

    #[test]
    fn products_match_the_textbook_loops() {
        for (n, k, m) in [(7, 13, 5), (9, 29, 16), (6, 16, 1), (37, 5, 1), (5, 6, 19)] {
            check_shapes(n, k, m);
        }
    }

    fn check_shapes(n: usize, k: usize, m: usize) {
        let a: Vec<f32> = (0..n * k).map(|i| ((i * 37 % 11) as f32 - 5.0) * 0.1).collect();
        let b: Vec<f32> = (0..k * m).map(|i| ((i * 17 % 7) as f32 - 3.0) * 0.2).collect();
        let want = naive(&a, &b, n, k, m);
        let mut got = vec![0.0; n * m];
        matmul(&a, &b, None, &mut got, n, k, m);
        let mut nd = vec![0.0; n * m];
        matmul_ndarray(&a, &b, &mut nd, n, k, m);
        for i in 0..n * m {
            assert!((got[i] - want[i]).abs() < 1e-5 && (nd[i] - want[i]).abs() < 1e-5);
        }
        // aᵀ·g with g = want (n × m) against the naive transpose product.
        let at: Vec<f32> = (0..k * n).map(|idx| a[(idx % n) * k + idx / n]).collect();
        let want_tn = naive(&at, &want, k, n, m);
        let mut tn = vec![0.0; k * m];
        matmul_tn_acc(&a, &want, &mut tn, n, k, m);
        for i in 0..k * m {
            assert!((tn[i] - want_tn[i]).abs() < 1e-4);
        }
        // g·bᵀ with g = want (n × m), b (k × m) = a reshaped would be odd; use bᵀ explicitly.
        let bt: Vec<f32> = (0..m * k).map(|idx| b[(idx % k) * m + idx / k]).collect();
        let want_nt = naive(&want, &bt, n, m, k);
        let mut nt = vec![0.0; n * k];
        matmul_nt(&want, &b, &mut nt, n, k, m);
        for i in 0..n * k {
            assert!((nt[i] - want_nt[i]).abs() < 1e-4);
        }
    }
}
