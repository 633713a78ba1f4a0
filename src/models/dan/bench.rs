//! Timing of one DAN training step and of one MK-MMD evaluation on random
//! data of a fixed shape, for the benchmark (bench/dan_step.*), natively and
//! in wasm with the same code. Knows nothing of files or how the numbers are
//! shown.

use ndarray::Array2;
use serde::Serialize;

use super::{DanNet, DanParams, MmdLayers};
use crate::clock::Stopwatch;
use crate::mmd::{mk_mmd, mk_mmd_grad, MmdError, MmdParams};
use crate::nn::{Optimizer, OptimizerKind};
use crate::rng::Rng;

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
