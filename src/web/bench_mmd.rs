//! The wasm side of the MK-MMD benchmark (bench/mmd.mjs): seeded normal
//! batches made inside wasm, then timed evaluations with the host's
//! `performance.now()`. Only timing and argument passing live here; the
//! numbers come from [`crate::mmd`]. Knows nothing of the peers or the report.

use ndarray::Array2;
use wasm_bindgen::prelude::*;

use crate::mmd::{mk_mmd, mk_mmd_grad, MmdParams};
use crate::rng::Rng;

/// Milliseconds per MK-MMD evaluation (5 kernels, kernel_mul 2, quadratic,
/// automatic bandwidth) of `n_source + n_target` rows × `dim` features: the
/// median of `repeats` timed evaluations after one warm-up. Source rows are
/// N(0, 1), target rows N(0.3, 1.1²), drawn from `seed`.
#[wasm_bindgen(js_name = benchMmd)]
pub fn bench_mmd(n_source: usize, n_target: usize, dim: usize, repeats: usize, seed: u64) -> Result<f64, JsError> {
    time(n_source, n_target, dim, repeats, seed, false)
}

/// As [`bench_mmd`], timing the value and both gradients together.
#[wasm_bindgen(js_name = benchMmdGrad)]
pub fn bench_mmd_grad(n_source: usize, n_target: usize, dim: usize, repeats: usize, seed: u64) -> Result<f64, JsError> {
    time(n_source, n_target, dim, repeats, seed, true)
}

fn time(n_source: usize, n_target: usize, dim: usize, repeats: usize, seed: u64, grad: bool) -> Result<f64, JsError> {
    let mut rng = Rng::new(seed);
    let x = Array2::from_shape_fn((n_source, dim), |_| rng.normal() as f32);
    let y = Array2::from_shape_fn((n_target, dim), |_| (rng.normal() * 1.1 + 0.3) as f32);
    let p = MmdParams::default();
    let eval = || -> Result<f64, JsError> {
        Ok(if grad {
            mk_mmd_grad(x.view(), y.view(), &p)?.value
        } else {
            mk_mmd(x.view(), y.view(), &p)?.value
        })
    };
    let perf = js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .map_err(|_| JsError::new("benchMmd: no performance object in this JS environment"))?;
    let now_fn: js_sys::Function = js_sys::Reflect::get(&perf, &"now".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| JsError::new("benchMmd: no performance.now() in this JS environment"))?;
    let now = || now_fn.call0(&perf).ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    eval()?;
    let mut runs = Vec::with_capacity(repeats.max(1));
    for _ in 0..repeats.max(1) {
        let t0 = now();
        eval()?;
        runs.push(now() - t0);
    }
    runs.sort_by(f64::total_cmp);
    Ok(runs[runs.len() / 2])
}
