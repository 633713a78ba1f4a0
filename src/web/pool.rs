//! The wasm API of runs shared by the engine and the page's pool workers:
//! conversion only around `crate::app::shared`. A pool worker's
//! [`PoolRun`] builds its table from the engine's `gridTable` buffers,
//! prepares it as the engine did and fits the models (or a forest's trees)
//! it is dealt, answering each as JSON text; the engine's Train-tab side is
//! `trainOpen` / `trainFit` / `trainAdopt` here (the Compare tab's is in
//! `compare.rs`). Knows nothing of the DOM or of how many workers share a run.

use wasm_bindgen::prelude::*;

use super::grid::{checks_of, flat_table_of};
use super::{from_js, js_error, monitor_of, to_js, Session};
use crate::app::shared::{fit_from_json, fit_to_json};
use crate::app::{self, AppError};
use crate::experiment::{ExperimentConfig, ModelFit};

/// The fits a pool sent (JSON texts of `PoolRun.fit`), read.
pub(crate) fn fits_of(fits: &[String]) -> Result<Vec<ModelFit>, JsValue> {
    fits.iter()
        .map(|f| fit_from_json(f))
        .collect::<Result<Vec<_>, _>>()
        .map_err(js_error)
}

/// `[start, end)` from the page's `trees` argument (null or undefined: the whole model).
fn trees_of(trees: &JsValue) -> Result<Option<[usize; 2]>, JsValue> {
    if trees.is_undefined() || trees.is_null() {
        Ok(None)
    } else {
        from_js(trees, "tree range").map(Some)
    }
}

/// One pool worker's side of a run shared with the engine (a Compare set,
/// a Train-tab forest): its own table, built from `TableBuffers` (the
/// engine's `gridTable`), prepared as the engine's open, and the models or
/// forest parts it is dealt.
#[wasm_bindgen]
pub struct PoolRun {
    inner: app::shared::PoolRun,
}

#[wasm_bindgen]
impl PoolRun {
    /// Builds the table of `buffers` and prepares it for `config` (a
    /// `TrainConfig`, the engine's); `checks`: the engine's
    /// `gridChecks(config)`, or undefined to make the data check here.
    /// Throws when the buffers do not make a table or the config is wrong.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "TableBuffers")] buffers: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TrainConfig")] config: JsValue,
        checks: JsValue,
    ) -> Result<PoolRun, JsValue> {
        let table = flat_table_of(&buffers)?
            .into_table()
            .map_err(|e| js_error(AppError::from(e)))?;
        let config: ExperimentConfig = from_js(&config, "training settings")?;
        let checks = checks_of(&checks)?;
        let inner =
            app::shared::PoolRun::new(&table, &config, checks, &mut crate::progress::Silent).map_err(js_error)?;
        Ok(PoolRun { inner })
    }

    /// Fits model `index` (or, `trees` = `[start, end]`, those trees of a
    /// forest) and returns the fit as JSON text for the engine's
    /// `compareAdopt` / `trainAdopt`. Progress as for `Session.train`; the
    /// page cancels by terminating the worker.
    pub fn fit(&self, index: usize, trees: JsValue, progress: Option<js_sys::Function>) -> Result<String, JsValue> {
        let trees = trees_of(&trees)?;
        let fit = self
            .inner
            .fit(index, trees, &mut monitor_of(&progress))
            .map_err(js_error)?;
        fit_to_json(&fit).map_err(js_error)
    }
}

#[wasm_bindgen]
impl Session {
    /// Opens a Train-tab run of `config` that the engine and `workers - 1`
    /// pool workers train (a forest's trees cut into one part per worker):
    /// split, data check (`checks`: `gridChecks(config)`, or undefined to
    /// make it here) and preparation, kept for `trainFit` and `trainAdopt`.
    /// Returns `{costs, deal, train_rows, trees}` (`trees[m]`: model `m`'s
    /// parts `[start, end]` when it is a forest).
    #[wasm_bindgen(js_name = trainOpen)]
    pub fn train_open(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "TrainConfig")] config: JsValue,
        checks: JsValue,
        workers: usize,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        let config: ExperimentConfig = from_js(&config, "training settings")?;
        let checks = checks_of(&checks)?;
        to_js(
            &self
                .app
                .train_open(&config, checks, workers, &mut monitor_of(&progress))
                .map_err(js_error)?,
        )
    }

    /// Fits model `index` of the opened run (or, `trees` = `[start, end]`,
    /// those trees of a forest) here and keeps it: `{index, fit_seconds,
    /// n_iter}`. Progress and cancel as for `train`.
    #[wasm_bindgen(js_name = trainFit)]
    pub fn train_fit(
        &mut self,
        index: usize,
        trees: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        let trees = trees_of(&trees)?;
        to_js(
            &self
                .app
                .train_fit(index, trees, &mut monitor_of(&progress))
                .map_err(js_error)?,
        )
    }

    /// Joins the fits made here and `fits` (the pool's `PoolRun.fit` JSON
    /// texts) into the run `train` makes, bit for bit, and keeps it as
    /// `train` does: the same `{report, added, inspections}`.
    #[wasm_bindgen(js_name = trainAdopt, unchecked_return_type = "TrainResult")]
    pub fn train_adopt(&mut self, fits: Vec<String>, progress: Option<js_sys::Function>) -> Result<JsValue, JsValue> {
        let fits = fits_of(&fits)?;
        let trained = self
            .app
            .train_adopt(fits, &mut monitor_of(&progress))
            .map_err(js_error)?;
        self.charts.clear();
        to_js(&trained)
    }
}
