//! The wasm API of transfer mode: the DAN training-step benchmark
//! ([`bench_dan_step`]) and, for the page, a [`TransferSession`] holding the
//! source and target tables. Only conversions live here; every number is
//! computed by the core ([`crate::transfer::run`], [`crate::models::dan`]).
//! Knows nothing of the DOM or the worker.

use std::collections::BTreeMap;

use wasm_bindgen::prelude::*;
use web_sys::OffscreenCanvas;

use super::{canvas, from_js, to_js};
use crate::chart::transfer::{projection_chart, transfer_loss_chart, transfer_validation_chart, StepPoint};
use crate::chart::{ks_chart, roc_chart, Chart, Curve, KsInput, Theme};
use crate::data::{summarize, ReadOptions, Table, TableReader};
use crate::metrics::RankedScores;
#[cfg(feature = "bench")]
use crate::models::dan::bench::time_steps;
use crate::models::dan::DanEvent;
use crate::progress::Progress;
use crate::transfer::run::{run_observed, TransferConfig, TransferRun, TransferRunError};

/// Times `repeats` DAN training steps (`batch` source + `batch` target rows
/// of `inputs` features through 256 → 64 sigmoid layers) and MK-MMD
/// evaluations on `batch × 64` feature matrices, as
/// `{step_s: [...], mmd_s: [...], mmd_grad_s: [...], ...}` in seconds.
#[cfg(feature = "bench")]
#[wasm_bindgen(js_name = benchDanStep)]
pub fn bench_dan_step(inputs: usize, batch: usize, repeats: usize) -> Result<JsValue, JsError> {
    to_js(&time_steps(inputs, batch, &[256, 64], repeats, 1)?)
}

/// The two tables of transfer mode, the last run, and the charts painted
/// from it.
#[wasm_bindgen]
pub struct TransferSession {
    readers: [Option<TableReader>; 2],
    tables: [Option<Table>; 2],
    run: Option<TransferRun>,
    charts: BTreeMap<String, Chart>,
}

fn slot(which: &str) -> Result<usize, JsError> {
    match which {
        "source" => Ok(0),
        "target" => Ok(1),
        other => Err(JsError::new(&format!(
            "transfer: expected \"source\" or \"target\", got \"{other}\""
        ))),
    }
}

/// What the page asks to draw: `kind` is `"roc"`, `"ks"` (of model
/// `series`, 0 = DAN), `"history"`, `"validation"`, `"before"` or
/// `"after"` (the PCA projections).
#[derive(Debug, Clone, serde::Deserialize)]
struct TransferChartRequest {
    kind: String,
    width: f32,
    height: f32,
    #[serde(default)]
    dark: bool,
    #[serde(default)]
    series: usize,
}

#[wasm_bindgen]
impl TransferSession {
    /// No tables yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> TransferSession {
        TransferSession {
            readers: [None, None],
            tables: [None, None],
            run: None,
            charts: BTreeMap::new(),
        }
    }

    /// Feeds the next chunk of the `"source"` or `"target"` CSV (a new
    /// first chunk after `finish` starts that file over).
    #[wasm_bindgen(js_name = pushChunk)]
    pub fn push_chunk(&mut self, which: &str, bytes: &[u8]) -> Result<(), JsError> {
        let i = slot(which)?;
        let reader = self.readers[i].get_or_insert_with(|| TableReader::new(ReadOptions::default()));
        reader
            .push(bytes)
            .map_err(|e| JsError::new(&format!("{which} file: {e}")))?;
        Ok(())
    }

    /// Ends the file and returns its summary (`rows`, `columns`, ...).
    pub fn finish(&mut self, which: &str) -> Result<JsValue, JsError> {
        let i = slot(which)?;
        let reader = self.readers[i]
            .take()
            .ok_or_else(|| JsError::new(&format!("transfer: no {which} file was started")))?;
        let table = reader
            .finish()
            .map_err(|e| JsError::new(&format!("{which} file: {e}")))?;
        let summary = summarize(&table);
        self.tables[i] = Some(table);
        self.run = None;
        to_js(&summary)
    }

    /// Runs the comparison with `config` (a `TransferConfig`; `data.label`
    /// is required). `progress` is called with `{phase, fraction,
    /// message}` objects, and with `{step, cls_loss, mmd_loss, lambda}` /
    /// `{val_step, roc_auc, ks}` objects as the DAN trains; returning
    /// `false` cancels. Returns the `TransferReport`.
    pub fn run(&mut self, config: JsValue, progress: &js_sys::Function) -> Result<JsValue, JsError> {
        let (Some(source), Some(target)) = (&self.tables[0], &self.tables[1]) else {
            return Err(JsError::new("transfer: open both a source and a target CSV first"));
        };
        let config: TransferConfig = from_js(&config).map_err(|e| JsError::new(&format!("transfer settings: {e}")))?;
        let call = |v: Result<JsValue, JsError>| -> bool {
            let Ok(value) = v else { return true };
            progress
                .call1(&JsValue::NULL, &value)
                .map(|r| r.as_bool() != Some(false))
                .unwrap_or(true)
        };
        let cancelled = std::cell::Cell::new(false);
        let mut monitor = |p: &Progress| -> bool { call(to_js(p)) && !cancelled.get() };
        let mut observer = |e: DanEvent| {
            #[derive(serde::Serialize)]
            struct Val {
                val_step: usize,
                roc_auc: Option<f64>,
                ks: Option<f64>,
            }
            let keep = match e {
                DanEvent::Step(s) => call(to_js(s)),
                DanEvent::Validation(v) => call(to_js(&Val {
                    val_step: v.step,
                    roc_auc: v.roc_auc,
                    ks: v.ks,
                })),
            };
            if !keep {
                cancelled.set(true);
            }
        };
        let result = run_observed(source, target, &config, &mut monitor, &mut observer).map_err(|e| match e {
            TransferRunError::Cancelled => JsError::new("cancelled"),
            e => JsError::new(&e.to_string()),
        })?;
        self.charts.clear();
        let report = to_js(&result.report);
        self.run = Some(result);
        report
    }

    /// Lays out the chart `request` asks for (see `TransferChartRequest`)
    /// and paints it on `canvas` at `dpr`; remembers it as `id` for hover.
    pub fn paint(&mut self, id: &str, canvas: &OffscreenCanvas, request: JsValue, dpr: f64) -> Result<(), JsError> {
        let req: TransferChartRequest = from_js(&request).map_err(|e| JsError::new(&format!("chart request: {e}")))?;
        let run = self
            .run
            .as_ref()
            .ok_or_else(|| JsError::new("transfer: no run yet; press Run first"))?;
        let chart = build(run, &req)?;
        canvas::paint(canvas, &chart, dpr).map_err(|e| JsError::new(&format!("cannot draw the chart: {e}")))?;
        self.charts.insert(id.to_string(), chart);
        Ok(())
    }

    /// The hover text nearest to `(x, y)` CSS px on chart `id`, or `undefined`.
    pub fn hover(&self, id: &str, x: f32, y: f32) -> Option<String> {
        self.charts.get(id)?.nearest(x, y, 24.0).map(|h| h.label.clone())
    }
}

impl Default for TransferSession {
    fn default() -> Self {
        TransferSession::new()
    }
}

fn build(run: &TransferRun, req: &TransferChartRequest) -> Result<Chart, JsError> {
    let theme = if req.dark { Theme::dark() } else { Theme::light() };
    let (w, h) = (req.width, req.height);
    let r = &run.report;
    let ranked =
        |i: usize| RankedScores::new(&run.y_test, &run.test_scores[i]).map_err(|e| JsError::new(&e.to_string()));
    Ok(match req.kind.as_str() {
        "roc" => {
            let mut curves = Vec::new();
            for (i, m) in r.models.iter().enumerate() {
                let c = ranked(i)?.roc_curve(true);
                let auc = m.report.test.as_ref().and_then(|e| e.roc_auc);
                let name = match auc {
                    Some(a) => format!("{} · AUC {a:.3}", m.report.name),
                    None => m.report.name.clone(),
                };
                let mut curve = Curve::new(name, i, c.fpr.iter().copied().zip(c.tpr.iter().copied()).collect());
                curve.thresholds = Some(c.thresholds);
                curves.push(curve);
            }
            roc_chart(&curves, None, w, h, &theme)
        }
        "ks" => {
            let i = req.series.min(r.models.len().saturating_sub(1));
            let c = ranked(i)?.roc_curve(false);
            let k = KsInput {
                thresholds: c.thresholds,
                tpr: c.tpr,
                fpr: c.fpr,
            };
            ks_chart(&k, None, w, h, &theme)
        }
        "history" => {
            let steps: Vec<StepPoint> = r
                .dan_history
                .steps
                .iter()
                .map(|s| StepPoint {
                    step: s.step as f64,
                    cls_loss: s.cls_loss,
                    mmd_loss: s.mmd_loss,
                    lambda: s.lambda,
                })
                .collect();
            transfer_loss_chart(&steps, w, h, &theme)
        }
        "validation" => {
            let pts: Vec<_> = r
                .dan_history
                .validations
                .iter()
                .map(|v| (v.step as f64, v.roc_auc, v.ks))
                .collect();
            transfer_validation_chart(&pts, r.dan_history.best_step.map(|s| s as f64), w, h, &theme)
        }
        "before" | "after" => {
            let (p, title) = if req.kind == "before" {
                (&r.projections.before, "Source-only network features (PCA)")
            } else {
                (&r.projections.after, "DAN features (PCA)")
            };
            let pts = |q: &crate::transfer::run::Points| {
                q.x.iter()
                    .zip(&q.y)
                    .map(|(&a, &b)| (a as f64, b as f64))
                    .collect::<Vec<_>>()
            };
            let title = match p.mmd {
                Some(m) => format!("{title} · MMD {m:.3}"),
                None => title.to_string(),
            };
            projection_chart(&title, &pts(&p.source), &pts(&p.target), p.explained, w, h, &theme)
        }
        other => {
            return Err(JsError::new(&format!(
                "chart request: kind must be roc, ks, history, validation, before or after, got \"{other}\""
            )))
        }
    })
}

/// Paints the live training curves (steps so far) on `canvas`; a free
/// function so the worker can call it from the progress callback while
/// `TransferSession::run` holds the session.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = paintTransferHistory)]
pub fn paint_transfer_history(
    canvas: &OffscreenCanvas,
    steps: &[f64],
    cls: &[f64],
    mmd: &[f64],
    lambda: &[f64],
    width: f32,
    height: f32,
    dark: bool,
    dpr: f64,
) -> Result<(), JsError> {
    let theme = if dark { Theme::dark() } else { Theme::light() };
    let pts: Vec<StepPoint> = (0..steps.len().min(cls.len()).min(mmd.len()).min(lambda.len()))
        .map(|i| StepPoint {
            step: steps[i],
            cls_loss: cls[i],
            mmd_loss: mmd[i],
            lambda: lambda[i],
        })
        .collect();
    let chart = transfer_loss_chart(&pts, width, height, &theme);
    canvas::paint(canvas, &chart, dpr).map_err(|e| JsError::new(&format!("cannot draw the chart: {e}")))
}

/// Paints the live target-validation curves (NaN = undefined) on `canvas`.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = paintTransferValidation)]
pub fn paint_transfer_validation(
    canvas: &OffscreenCanvas,
    steps: &[f64],
    auc: &[f64],
    ks: &[f64],
    width: f32,
    height: f32,
    dark: bool,
    dpr: f64,
) -> Result<(), JsError> {
    let theme = if dark { Theme::dark() } else { Theme::light() };
    let finite = |v: f64| v.is_finite().then_some(v);
    let pts: Vec<_> = (0..steps.len().min(auc.len()).min(ks.len()))
        .map(|i| (steps[i], finite(auc[i]), finite(ks[i])))
        .collect();
    let chart = transfer_validation_chart(&pts, None, width, height, &theme);
    canvas::paint(canvas, &chart, dpr).map_err(|e| JsError::new(&format!("cannot draw the chart: {e}")))
}
