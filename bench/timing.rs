//! Timing code for the benchmarks in bench/, compiled into the crate only
//! with the `bench` cargo feature (never into the shipped pkg/): the MLP
//! epoch and forward-product timings (bench/mlp_epoch.*, bench/mlp_bench.*),
//! the DAN training step and MK-MMD timings (bench/dan_step.*), run natively
//! by the examples and in wasm by `bench/wasm_exports.rs`, so both time the
//! same work on the same synthetic data. Not part of the modelling API.

use ndarray::Array2;
use serde::Serialize;

use crate::clock::Stopwatch;
use crate::models::dan::{DanNet, DanParams, MmdLayers};
use crate::models::mlp::MlpParams;
use crate::nn::kernels;
use crate::nn::mmd::{mk_mmd, mk_mmd_grad, MmdError, MmdParams};
use crate::nn::{Optimizer, OptimizerKind};
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

/// Seconds per repeat of each timed task (after one untimed warm-up).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepTimes {
    /// Input features.
    pub inputs: usize,
    /// Rows per source batch and per target batch.
    pub batch: usize,
    /// Feature layer widths (the last one is the MMD's dimension).
    pub hidden: Vec<usize>,
    /// One training step: forward of `batch + batch` rows, source BCE,
    /// MK-MMD with its gradient, backward, Adam update.
    pub step_s: Vec<f64>,
    /// One MK-MMD value of `batch` vs `batch` rows of the last width.
    pub mmd_s: Vec<f64>,
    /// One MK-MMD value and gradient, same shapes.
    pub mmd_grad_s: Vec<f64>,
}

/// Times `repeats` training steps of the default DAN (`hidden` as given,
/// λ = 1) on standard-normal inputs with `inputs` features, the target
/// batch shifted by 0.5, and `repeats` MK-MMD evaluations on feature
/// matrices of the last width.
pub fn time_steps(
    inputs: usize,
    batch: usize,
    hidden: &[usize],
    repeats: usize,
    seed: u64,
) -> Result<StepTimes, MmdError> {
    let params = DanParams {
        hidden: hidden.to_vec(),
        ..DanParams::default()
    };
    let mut rng = Rng::new(seed);
    let mut net = DanNet::new(inputs, &params, &mut rng);
    let kind = OptimizerKind::Adam {
        lr: params.learning_rate,
    };
    let mut opts: Vec<Optimizer> = net.layers.iter().map(|l| Optimizer::new(kind, 0.0, l)).collect();
    let mut head_opt = Optimizer::new(kind, 0.0, &net.head);
    let xs: Vec<f32> = (0..batch * inputs).map(|_| rng.normal() as f32).collect();
    let xt: Vec<f32> = (0..batch * inputs).map(|_| rng.normal() as f32 + 0.5).collect();
    let ys: Vec<bool> = (0..batch).map(|_| rng.uniform() < 0.1).collect();
    let mut step_s = Vec::with_capacity(repeats);
    for r in 0..=repeats {
        let watch = Stopwatch::start();
        net.loss_and_grad(&xs, &ys, None, &xt, 1.0, &params.mmd, MmdLayers::Last, &mut None)?;
        for (o, l) in opts.iter_mut().zip(net.layers.iter_mut()) {
            o.step(l);
        }
        head_opt.step(&mut net.head);
        if r > 0 {
            step_s.push(watch.seconds());
        }
    }
    let width = *hidden.last().unwrap_or(&inputs);
    let fs = Array2::from_shape_fn((batch, width), |_| rng.normal() as f32);
    let ft = Array2::from_shape_fn((batch, width), |_| rng.normal() as f32 + 0.5);
    let mmd = MmdParams::default();
    let (mut mmd_s, mut mmd_grad_s) = (Vec::new(), Vec::new());
    for r in 0..=repeats {
        let watch = Stopwatch::start();
        mk_mmd(fs.view(), ft.view(), &mmd)?;
        let a = watch.seconds();
        let watch = Stopwatch::start();
        mk_mmd_grad(fs.view(), ft.view(), &mmd)?;
        let b = watch.seconds();
        if r > 0 {
            mmd_s.push(a);
            mmd_grad_s.push(b);
        }
    }
    Ok(StepTimes {
        inputs,
        batch,
        hidden: hidden.to_vec(),
        step_s,
        mmd_s,
        mmd_grad_s,
    })
}
