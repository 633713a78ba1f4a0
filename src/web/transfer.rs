//! The wasm API of transfer mode: the DAN training-step benchmark
//! ([`bench_dan_step`]) and, for the page, a [`TransferSession`] holding the
//! source and target tables. Only conversions live here; every number is
//! computed by the core ([`crate::transfer::run`], [`crate::models::dan`]).
//! Knows nothing of the DOM or the worker.

use wasm_bindgen::prelude::*;

use super::to_js;
use crate::models::dan::bench::time_steps;

/// Times `repeats` DAN training steps (`batch` source + `batch` target rows
/// of `inputs` features through 256 → 64 sigmoid layers) and MK-MMD
/// evaluations on `batch × 64` feature matrices, as
/// `{step_s: [...], mmd_s: [...], mmd_grad_s: [...], ...}` in seconds.
#[wasm_bindgen(js_name = benchDanStep)]
pub fn bench_dan_step(inputs: usize, batch: usize, repeats: usize) -> Result<JsValue, JsError> {
    to_js(&time_steps(inputs, batch, &[256, 64], repeats, 1)?)
}
