//! The wasm API of transfer mode: a [`TransferSession`] around
//! `crate::app::transfer::TransferSession` (the source and target tables,
//! the last run) and `crate::chart::views::transfer_chart`, plus the free
//! painters of the live curves. Conversion only. Knows nothing of the DOM
//! or the worker.

use wasm_bindgen::prelude::*;
use web_sys::OffscreenCanvas;

use super::canvas::{paint_once, Painted};
use super::{call_back, from_js, js_error, theme_of, to_js};
use crate::app::transfer::{TransferSession as AppTransfer, Which};
use crate::chart::transfer::{transfer_loss_chart, transfer_validation_chart, StepPoint};
use crate::chart::views::{transfer_chart, TransferChartRequest};
use crate::models::dan::DanEvent;
use crate::progress::Progress;
use crate::transfer::run::TransferConfig;

/// The two tables of transfer mode, the last run, and the charts painted
/// from it.
#[wasm_bindgen]
pub struct TransferSession {
    app: AppTransfer,
    charts: Painted,
}

fn which(name: &str) -> Result<Which, JsValue> {
    name.parse().map_err(js_error)
}

/// A live validation, as the page reads it.
#[derive(serde::Serialize)]
struct Val {
    val_step: usize,
    roc_auc: Option<f64>,
    ks: Option<f64>,
}

#[wasm_bindgen]
impl TransferSession {
    /// No tables yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> TransferSession {
        TransferSession {
            app: AppTransfer::new(),
            charts: Painted::default(),
        }
    }

    /// Feeds the next chunk of the `"source"` or `"target"` CSV (a new
    /// first chunk after `finish` starts that file over).
    #[wasm_bindgen(js_name = pushChunk)]
    pub fn push_chunk(&mut self, which_file: &str, bytes: &[u8]) -> Result<(), JsValue> {
        self.app.push_chunk(which(which_file)?, bytes).map_err(js_error)
    }

    /// Ends the file and returns its summary (`rows`, `columns`, ...).
    pub fn finish(&mut self, which_file: &str) -> Result<JsValue, JsValue> {
        to_js(&self.app.finish(which(which_file)?).map_err(js_error)?)
    }

    /// Runs the comparison with `config` (a `TransferConfig`; `data.label`
    /// is required). `progress` is called with `{stage, fraction,
    /// message}` objects, and with `{step, cls_loss, mmd_loss, lambda}` /
    /// `{val_step, roc_auc, ks}` objects as the DAN trains; returning
    /// `false` cancels. Returns the `TransferReport`.
    pub fn run(&mut self, config: JsValue, progress: &js_sys::Function) -> Result<JsValue, JsValue> {
        let config: TransferConfig = from_js(&config, "transfer settings")?;
        let cancelled = std::cell::Cell::new(false);
        let mut monitor = |p: &Progress| -> bool { call_back(progress, to_js(p)) && !cancelled.get() };
        let mut observer = |e: DanEvent| {
            let keep = match e {
                DanEvent::Step(s) => call_back(progress, to_js(s)),
                DanEvent::Validation(v) => call_back(
                    progress,
                    to_js(&Val {
                        val_step: v.step,
                        roc_auc: v.roc_auc,
                        ks: v.ks,
                    }),
                ),
            };
            if !keep {
                cancelled.set(true);
            }
        };
        let report = self
            .app
            .run(&config, &mut monitor, &mut observer)
            .map_err(js_error)
            .and_then(to_js);
        self.charts.clear();
        report
    }

    /// Lays out the chart `request` asks for (`{kind: "roc" | "ks" |
    /// "history" | "validation" | "before" | "after", width, height, dark,
    /// series}`) and paints it on `canvas` at `dpr`; remembers it as `id`
    /// for hover.
    pub fn paint(&mut self, id: &str, canvas: &OffscreenCanvas, request: JsValue, dpr: f64) -> Result<(), JsValue> {
        let req: TransferChartRequest = from_js(&request, "chart request")?;
        let chart = self.app.last_run().and_then(|run| transfer_chart(run, &req));
        self.charts.show(id, canvas, chart, dpr)
    }

    /// The hover text nearest to `(x, y)` CSS px on chart `id`, or `undefined`.
    pub fn hover(&self, id: &str, x: f32, y: f32) -> Option<String> {
        self.charts.hover(id, x, y)
    }

    /// Read-out `index` of chart `id` for a keyboard walk, as
    /// [`Session::hit_at`](super::Session::hit_at) gives it, or `undefined`.
    #[wasm_bindgen(js_name = hitAt)]
    pub fn hit_at(&self, id: &str, index: usize) -> Result<JsValue, JsValue> {
        self.charts.hit_js(id, index)
    }
}

impl Default for TransferSession {
    fn default() -> Self {
        TransferSession::new()
    }
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
    lang: Option<String>,
) -> Result<(), JsValue> {
    let pts: Vec<StepPoint> = (0..steps.len().min(cls.len()).min(mmd.len()).min(lambda.len()))
        .map(|i| StepPoint {
            step: steps[i],
            cls_loss: cls[i],
            mmd_loss: mmd[i],
            lambda: lambda[i],
        })
        .collect();
    let theme = theme_of(dark).in_lang(super::lang_of(lang));
    paint_once(canvas, &transfer_loss_chart(&pts, width, height, &theme), dpr)
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
    lang: Option<String>,
) -> Result<(), JsValue> {
    let finite = |v: f64| v.is_finite().then_some(v);
    let pts: Vec<_> = (0..steps.len().min(auc.len()).min(ks.len()))
        .map(|i| (steps[i], finite(auc[i]), finite(ks[i])))
        .collect();
    paint_once(
        canvas,
        &transfer_validation_chart(&pts, None, width, height, &theme_of(dark).in_lang(super::lang_of(lang))),
        dpr,
    )
}
