//! The benchmarks' wasm entry points (bench/mlp_epoch.mjs,
//! bench/mlp_bench.mjs, bench/mmd.mjs, bench/dan_step_wasm.mjs,
//! bench/gbdt_wasm.mjs), compiled
//! into `src/web/` only with the `bench` cargo feature: `bash
//! scripts/build.sh --bench` builds them into pkg/, while the shipped
//! pkg/ has none. They time the same code as the native examples
//! (`crate::timing`). Only timing and argument passing live here.

use ndarray::{Array2, ArrayView2};
use wasm_bindgen::prelude::*;

use super::to_js;
use crate::metrics::RankedScores;
use crate::models::gbdt::ValidGbdt;
use crate::models::Classifier;
use crate::nn::mmd::{mk_mmd, mk_mmd_grad, MmdParams};
use crate::progress::Silent;
use crate::rng::Rng;
use crate::timing::{matmul_micros, mlp_epoch_seconds, time_steps};

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

/// Times `repeats` DAN training steps (`batch` source + `batch` target rows
/// of `inputs` features through 256 → 64 sigmoid layers) and MK-MMD
/// evaluations on `batch × 64` feature matrices, as
/// `{step_s: [...], mmd_s: [...], mmd_grad_s: [...], ...}` in seconds.
#[wasm_bindgen(js_name = benchDanStep)]
pub fn bench_dan_step(inputs: usize, batch: usize, repeats: usize) -> Result<JsValue, JsValue> {
    let times =
        time_steps(inputs, batch, &[256, 64], repeats, 1).map_err(|e| JsValue::from(JsError::new(&e.to_string())))?;
    to_js(&times)
}

/// Milliseconds per MK-MMD evaluation (5 kernels, kernel_mul 2, quadratic,
/// automatic bandwidth) of `n_source + n_target` rows × `dim` features: the
/// median of `repeats` timed evaluations after one warm-up. Source rows are
/// N(0, 1), target rows N(0.3, 1.1²), drawn from `seed`.
#[wasm_bindgen(js_name = benchMmd)]
pub fn bench_mmd(n_source: usize, n_target: usize, dim: usize, repeats: usize, seed: u64) -> Result<f64, JsError> {
    time_mmd(n_source, n_target, dim, repeats, seed, false)
}

/// As [`bench_mmd`], timing the value and both gradients together.
#[wasm_bindgen(js_name = benchMmdGrad)]
pub fn bench_mmd_grad(n_source: usize, n_target: usize, dim: usize, repeats: usize, seed: u64) -> Result<f64, JsError> {
    time_mmd(n_source, n_target, dim, repeats, seed, true)
}

fn time_mmd(
    n_source: usize,
    n_target: usize,
    dim: usize,
    repeats: usize,
    seed: u64,
    grad: bool,
) -> Result<f64, JsError> {
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

/// Fits boosted trees (`params` as the model spec's JSON, early stopping
/// off) on `x` (`rows × cols` f32, row-major) and labels `y` (1 =
/// positive), seed 42, calls `fitted()` as soon as the fit returns (the
/// caller reads its clocks there, so the time is the fit's alone, as the
/// native example and the Python peers time it), then scores `x_test`;
/// returns JSON `{"trees", "test_roc_auc", "test_ap"}`.
#[wasm_bindgen(js_name = benchGbdtFit)]
pub fn bench_gbdt_fit(
    x: &[f32],
    y: &[u8],
    cols: usize,
    params: &str,
    x_test: &[f32],
    y_test: &[u8],
    fitted: &js_sys::Function,
) -> Result<String, JsError> {
    let mut p: serde_json::Value = serde_json::from_str(params)?;
    p["early_stopping"] = serde_json::json!("none");
    let p: ValidGbdt = serde_json::from_value(p)?;
    let x = ArrayView2::from_shape((y.len(), cols), x)?;
    let xt = ArrayView2::from_shape((y_test.len(), cols), x_test)?;
    let y: Vec<bool> = y.iter().map(|&v| v != 0).collect();
    let yt: Vec<bool> = y_test.iter().map(|&v| v != 0).collect();
    let model = p.fit(x, &y, None, &mut Rng::new(42), &mut Silent)?;
    fitted
        .call0(&JsValue::NULL)
        .map_err(|_| JsError::new("the fitted() callback threw"))?;
    let scores = model.predict_proba(xt).to_vec();
    let ranked = RankedScores::new(&yt, &scores)?;
    Ok(serde_json::json!({"trees": model.trees().len(), "test_roc_auc": ranked.roc_auc(), "test_ap": ranked.average_precision()}).to_string())
}
