//! Timing helpers shared by the native benchmark (bench/mlp_epoch.rs) and
//! its wasm twin (`benchMlpEpoch` in src/web/bench.rs), so both time the
//! same work on the same synthetic data. Not part of the modelling API.

use ndarray::Array2;

use super::kernels;
use crate::clock::Stopwatch;
use crate::models::mlp::MlpParams;
use crate::progress::Silent;
use crate::rng::Rng;

/// `rows × cols` standard-normal features from `seed`, and labels
/// `x0 + 0.5·x1 > 3.2` (about 0.2 % positive, like the fraud data).
pub fn synthetic(rows: usize, cols: usize, seed: u64) -> (Array2<f32>, Vec<bool>) {
    let mut rng = Rng::new(seed);
    let x = Array2::from_shape_fn((rows, cols.max(2)), |_| rng.normal() as f32);
    let mut y: Vec<bool> = x.rows().into_iter().map(|r| r[0] + 0.5 * r[1] > 3.2).collect();
    // Both classes, whatever the size.
    y[0] = true;
    y[1] = false;
    (x, y)
}

/// Seconds of one epoch of the tutorial's MLP (29 → 16 relu → dropout 0.5
/// → 1, Adam, batch 2048, BCE) on [`synthetic`] data, per-epoch training
/// metrics included, no validation set: the fastest of `repeats`
/// one-epoch fits (the minimum, because on a shared machine other
/// processes only ever add time).
pub fn mlp_epoch_seconds(rows: usize, cols: usize, repeats: usize, seed: u64) -> f64 {
    let (x, y) = synthetic(rows, cols, seed);
    let params = MlpParams {
        epochs: Some(1),
        batch_size: Some(crate::models::mlp::TUTORIAL_BATCH),
        early_stopping: None,
        ..MlpParams::default()
    }
    .check()
    .expect("tutorial parameters are valid");
    let mut best = f64::INFINITY;
    for r in 0..repeats.max(1) {
        let watch = Stopwatch::start();
        params
            .fit(x.view(), &y, None, None, &mut Rng::new(seed + r as u64), &mut Silent)
            .expect("synthetic data fits");
        best = best.min(watch.seconds());
    }
    best
}

/// Microseconds per forward product `X·W` (X `n × k`, W `k × m`) over
/// `reps` repetitions (best of 5 rounds): by [`kernels::matmul`] (`ndarray = false`) or by
/// `ndarray`'s `dot` (`matrixmultiply`).
pub fn matmul_micros(n: usize, k: usize, m: usize, reps: usize, ndarray: bool) -> f64 {
    let (x, _) = synthetic(n, k, 1);
    let w: Vec<f32> = synthetic(k, m, 2).0.iter().copied().collect();
    let xs = x.as_slice().expect("standard layout");
    let mut out = vec![0.0f32; n * m];
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let watch = Stopwatch::start();
        for _ in 0..reps.max(1) {
            if ndarray {
                kernels::matmul_ndarray(xs, &w, &mut out, n, k, m);
            } else {
                kernels::matmul(xs, &w, None, &mut out, n, k, m);
            }
            std::hint::black_box(&mut out);
        }
        best = best.min(watch.seconds() * 1e6 / reps.max(1) as f64);
    }
    best
}
