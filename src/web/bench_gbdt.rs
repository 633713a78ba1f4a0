//! The wasm side of the boosted-trees speed benchmark (bench/gbdt_wasm.mjs):
//! fits `gbdt` on rows passed from Node and scores the test rows, so the
//! host can time the fit. Only argument passing lives here; the model is
//! [`crate::models::gbdt`]. Knows nothing of the peers or the report.

use ndarray::ArrayView2;
use wasm_bindgen::prelude::*;

use crate::metrics::RankedScores;
use crate::models::gbdt::ValidGbdt;
use crate::models::Classifier;
use crate::progress::Silent;
use crate::rng::Rng;

/// Fits boosted trees (`params` as the model spec's JSON, early stopping
/// off) on `x` (`rows × cols` f32, row-major) and labels `y` (1 =
/// positive), seed 42, then scores `x_test`; returns JSON `{"trees",
/// "test_roc_auc", "test_ap"}`.
#[wasm_bindgen(js_name = benchGbdtFit)]
pub fn bench_gbdt_fit(
    x: &[f32],
    y: &[u8],
    cols: usize,
    params: &str,
    x_test: &[f32],
    y_test: &[u8],
) -> Result<String, JsError> {
    let mut p: serde_json::Value = serde_json::from_str(params)?;
    p["early_stopping"] = serde_json::json!("none");
    let p: ValidGbdt = serde_json::from_value(p)?;
    let x = ArrayView2::from_shape((y.len(), cols), x)?;
    let xt = ArrayView2::from_shape((y_test.len(), cols), x_test)?;
    let y: Vec<bool> = y.iter().map(|&v| v != 0).collect();
    let yt: Vec<bool> = y_test.iter().map(|&v| v != 0).collect();
    let model = p.fit(x, &y, None, &mut Rng::new(42), &mut Silent)?;
    let scores = model.predict_proba(xt).to_vec();
    let ranked = RankedScores::new(&yt, &scores)?;
    Ok(serde_json::json!({"trees": model.trees().len(), "test_roc_auc": ranked.roc_auc(), "test_ap": ranked.average_precision()}).to_string())
}
