//! The comparison view's wasm API: conversion only around
//! `crate::app::compare` (train a set of models in one config, the metrics
//! table with each column's winner, the best-F1 threshold) and
//! `crate::chart::views::compare_chart`; also each Train-tab run's training
//! history, the free painter of the live loss chart, the model colours and
//! their legend samples; and the set trained by several workers: the
//! engine's `compareOpen` / `compareFit` / `compareAdopt` (the pool
//! workers' side is `super::pool::PoolRun`).
//! Knows nothing of the DOM or how the page lays out the view.

use wasm_bindgen::prelude::*;
use web_sys::OffscreenCanvas;

use super::canvas::paint_once;
#[cfg(not(feature = "first-view"))]
use super::pool::{fits_of, shared_open};
use super::theme_of;
#[cfg(not(feature = "first-view"))]
use super::{from_js, js_error, monitor_of, to_js, Session};
use crate::chart::compare::loss_history_chart;
#[cfg(not(feature = "first-view"))]
use crate::chart::compare::model_sample;
#[cfg(not(feature = "first-view"))]
use crate::chart::svg::chart_svg;
#[cfg(not(feature = "first-view"))]
use crate::chart::views::{compare_chart, CompareRequest};
#[cfg(not(feature = "first-view"))]
use crate::experiment::ExperimentConfig;

#[cfg(not(feature = "first-view"))]
#[wasm_bindgen]
impl Session {
    /// Trains every model of `config` (an `ExperimentConfig`, as for
    /// [`Session::train`]; all models share one split) for the comparison
    /// view, replacing its previous set; progress and cancel as for
    /// `train`. Returns `{report, names}` (`names[i]` is model `i`'s
    /// name, its series index in the other `compare*` calls).
    #[wasm_bindgen(js_name = compareTrain)]
    pub fn compare_train(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "TrainConfig")] config: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        let config: ExperimentConfig = from_js(&config, "comparison settings")?;
        to_js(
            &self
                .app
                .compare_train(&config, &mut monitor_of(&progress))
                .map_err(js_error)?,
        )
    }

    /// Opens a comparison of `config` that the engine and `workers - 1`
    /// pool workers train: split, data check (`checks`: `gridChecks(config)`,
    /// or undefined to make it here) and preparation, kept for
    /// `compareFit` and `compareAdopt`. Returns `{costs, deal, train_rows,
    /// trees}`: each model's expected cost (row visits, a guess made before
    /// the fit) and `deal[w]`, the models worker `w` (0: this engine) fits,
    /// longest first onto the least loaded.
    #[wasm_bindgen(js_name = compareOpen)]
    pub fn compare_open(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "TrainConfig")] config: JsValue,
        checks: JsValue,
        workers: usize,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        shared_open(&config, "comparison settings", &checks, |config, checks| {
            self.app
                .compare_open(config, checks, workers, &mut monitor_of(&progress))
        })
    }

    /// Fits model `index` of the opened comparison here and keeps it for
    /// `compareAdopt`: `{index, fit_seconds, n_iter}`. Progress and cancel
    /// as for `train`.
    #[wasm_bindgen(js_name = compareFit)]
    pub fn compare_fit(&mut self, index: usize, progress: Option<js_sys::Function>) -> Result<JsValue, JsValue> {
        to_js(
            &self
                .app
                .compare_fit(index, None, &mut monitor_of(&progress))
                .map_err(js_error)?,
        )
    }

    /// Joins the fits made here and `fits` (the pool workers'
    /// `CompareWorker.fit` answers, JSON text) into the set `compareTrain`
    /// gives, bit for bit, replacing the set shown: `{report, names}`.
    /// Throws when a model is missing or twice.
    #[wasm_bindgen(js_name = compareAdopt)]
    pub fn compare_adopt(&mut self, fits: Vec<String>, progress: Option<js_sys::Function>) -> Result<JsValue, JsValue> {
        let fits = fits_of(&fits)?;
        to_js(
            &self
                .app
                .compare_adopt(fits, &mut monitor_of(&progress))
                .map_err(js_error)?,
        )
    }

    /// The comparison table at each model's threshold (`thresholds[i]` for
    /// model `i`, in [0, 1]) on the test rows: `{columns, rows: [{name,
    /// threshold, values}], winners, ranked_by, ranked_reason, best,
    /// one_class}` where `values` follow `columns` (tp, fp, tn, fn,
    /// precision, recall, roc_auc, pr_auc, ks, f1; null when undefined) and
    /// `winners[c]` is the winning row of column `c` (null when all are
    /// equal): highest wins, lowest for fp and fn, and a model predicting
    /// one class at its threshold (`one_class[i]`) wins no threshold
    /// column. `best` is the model ranked first by `ranked_by` (`"pr_auc"`
    /// when positives are under 20 % of the rows, else `"roc_auc"`;
    /// `ranked_reason` says so in a sentence).
    #[wasm_bindgen(js_name = compareTable)]
    pub fn compare_table(&self, thresholds: Vec<f64>) -> Result<JsValue, JsValue> {
        to_js(&self.app.compare().table(&thresholds).map_err(js_error)?)
    }

    /// The threshold of best F1 of model `series` on the validation rows:
    /// chosen on rows the test metrics do not use; throws when the split
    /// has no validation part.
    #[wasm_bindgen(js_name = compareBestF1)]
    pub fn compare_best_f1(&self, series: usize) -> Result<f64, JsValue> {
        self.app.compare().best_f1(series).map_err(js_error)
    }

    /// Paints a comparison chart on `canvas` at `dpr` and remembers it as
    /// `id` for [`Session::hover`]. `request` is `{kind: "roc" | "pr" |
    /// "history" | "confusion", width, height, dark, series, threshold}`
    /// (`series` and `threshold` for the confusion matrix: one model at its
    /// own threshold, test rows).
    #[wasm_bindgen(js_name = comparePaint)]
    pub fn compare_paint(
        &mut self,
        id: &str,
        canvas: &OffscreenCanvas,
        request: JsValue,
        dpr: f64,
    ) -> Result<(), JsValue> {
        let req: CompareRequest = from_js(&request, "chart request")?;
        let chart = compare_chart(self.app.compare(), &req);
        self.charts.show(id, canvas, chart, dpr)
    }

    /// The training history of Train-tab series `series` (an MLP's per-epoch
    /// `{epochs: [{epoch, train_loss, val_loss, ...}], best_epoch,
    /// stopped_early}`), or `null` for models fitted otherwise.
    #[wasm_bindgen(js_name = modelHistory)]
    pub fn model_history(&self, series: usize) -> Result<JsValue, JsValue> {
        match self.app.model_history(series) {
            Some(h) => to_js(h),
            None => Ok(JsValue::NULL),
        }
    }
}

/// Paints a loss history on `canvas`: training loss solid, validation loss
/// dashed (leave `val` empty when there is none), against `x_label`
/// ("Epoch", "Solver iteration"), log10 y when `log`. `xs`, `train` and
/// `val` are parallel (`val` may be shorter or empty). A free function so
/// the worker can call it from the progress callback while a training run
/// holds the session. `lang` (`"en"`, `"zh"`; omitted: English) is the
/// language of the chart's words.
#[wasm_bindgen(js_name = paintLossHistory)]
#[allow(clippy::too_many_arguments)]
pub fn paint_loss_history(
    canvas: &OffscreenCanvas,
    x_label: &str,
    xs: &[f64],
    train: &[f64],
    val: &[f64],
    log: bool,
    width: f32,
    height: f32,
    dark: bool,
    dpr: f64,
    lang: Option<String>,
) -> Result<(), JsValue> {
    let train: Vec<(f64, f64)> = xs.iter().copied().zip(train.iter().copied()).collect();
    let val: Vec<(f64, f64)> = xs
        .iter()
        .copied()
        .zip(val.iter().copied())
        .filter(|p| p.1.is_finite())
        .collect();
    let theme = theme_of(dark).in_lang(super::lang_of(lang));
    let chart = loss_history_chart(x_label, &train, &val, log, width, height, &theme);
    paint_once(canvas, &chart, dpr)
}

/// The CSS colours of the first `n` model slots in the light or dark theme,
/// so the page's table swatches match the charts' lines.
#[cfg(not(feature = "first-view"))]
#[wasm_bindgen(js_name = modelColors)]
pub fn model_colors(dark: bool, n: usize) -> Vec<String> {
    let theme = theme_of(dark);
    (0..n.min(1000)).map(|i| theme.model(i).css()).collect()
}

/// Each of the first `n` model slots' legend sample (colour, dash pattern,
/// marker) as an inline SVG element (`<svg …>…</svg>`, 36 × 16 CSS px),
/// drawn by the charts' own SVG writer, so the page's per-model toggles
/// show each model as the charts draw it.
#[cfg(not(feature = "first-view"))]
#[wasm_bindgen(js_name = modelSamples)]
pub fn model_samples(dark: bool, n: usize) -> Vec<String> {
    let theme = theme_of(dark);
    (0..n.min(1000))
        .map(|i| {
            let svg = chart_svg(&model_sample(i, 36.0, 16.0, &theme), &format!("sample{i}"));
            // Inline in HTML: no XML declaration.
            svg.split_once('\n').map_or(svg.clone(), |(_, rest)| rest.to_string())
        })
        .collect()
}
