//! Benchmark entry points for Node (bench/mlp_epoch.mjs): time the MLP's
//! epoch and its forward product in wasm on synthetic data built by our
//! `Rng`, through the same code as the native example (`nn::bench`). Knows
//! nothing of the page.

use wasm_bindgen::prelude::*;

use crate::nn::bench::{matmul_micros, mlp_epoch_seconds};

/// Seconds per epoch of the tutorial MLP (29 → 16 relu → dropout 0.5 → 1,
/// Adam, batch 2048) on `rows × cols` synthetic rows drawn from `seed`: the
/// fastest of `epochs` one-epoch fits.
#[wasm_bindgen(js_name = benchMlpEpoch)]
pub fn bench_mlp_epoch(rows: usize, cols: usize, epochs: usize, seed: u32) -> f64 {
    mlp_epoch_seconds(rows, cols, epochs, seed as u64)
}

/// Microseconds per `X·W` product (`n × k` times `k × m`), by our loop
/// kernel or (`use_ndarray`) by `ndarray`'s `dot`.
#[wasm_bindgen(js_name = benchMatmul)]
pub fn bench_matmul(n: usize, k: usize, m: usize, reps: usize, use_ndarray: bool) -> f64 {
    matmul_micros(n, k, m, reps, use_ndarray)
}
