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
use crate::app::shared::Opened;
use crate::app::shared::{fit_from_json, fit_to_json, share_from_json, share_to_json, ImportanceShare};
use crate::app::{self, AppError};
use crate::checks::DataChecks;
use crate::experiment::{ExperimentConfig, ModelFit};

/// The fits a pool sent (JSON texts of `PoolRun.fit`), read.
pub(crate) fn fits_of(fits: &[String]) -> Result<Vec<ModelFit>, JsValue> {
    fits.iter()
        .map(|f| fit_from_json(f))
        .collect::<Result<Vec<_>, _>>()
        .map_err(js_error)
}

/// The engine's open of a run shared by workers (`compareOpen`,
/// `trainOpen`): the page's config (`what`: the settings as the error
/// names them) and data check read, `open` called, its answer written.
pub(crate) fn shared_open(
    config: &JsValue,
    what: &str,
    checks: &JsValue,
    open: impl FnOnce(&ExperimentConfig, Option<DataChecks>) -> Result<Opened, AppError>,
) -> Result<JsValue, JsValue> {
    let config: ExperimentConfig = from_js(config, what)?;
    let checks = checks_of(checks)?;
    to_js(&open(&config, checks).map_err(js_error)?)
}

/// The importance parts a pool sent (JSON texts of `PoolRun.importance`), read.
fn shares_of(parts: &[String]) -> Result<Vec<ImportanceShare>, JsValue> {
    parts
        .iter()
        .map(|p| share_from_json(p))
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

    /// Joins `fits` (every worker's JSON texts: this pool's `fit` answers
    /// and the engine's `trainKept`) into the run's models, for
    /// `importance`; returns the features to measure per model (0: none).
    pub fn inspect(&mut self, fits: Vec<String>) -> Result<Vec<usize>, JsValue> {
        self.inner.inspect(fits_of(&fits)?).map_err(js_error)
    }

    /// Each model's name in the run, as its progress names it.
    pub fn names(&self) -> Vec<String> {
        self.inner.names()
    }

    /// The permutation importance of features `columns` = `[start, end]`
    /// of model `index`, as JSON text for the engine's `trainAdopt`.
    /// Progress as for `Session.train`; the page cancels by terminating
    /// the worker.
    pub fn importance(
        &self,
        index: usize,
        #[wasm_bindgen(unchecked_param_type = "[number, number]")] columns: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<String, JsValue> {
        let columns: [usize; 2] = from_js(&columns, "feature range")?;
        let share = self
            .inner
            .importance(index, columns, &mut monitor_of(&progress))
            .map_err(js_error)?;
        share_to_json(&share).map_err(js_error)
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
        shared_open(&config, "training settings", &checks, |config, checks| {
            self.app.train_open(config, checks, workers, &mut monitor_of(&progress))
        })
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

    /// The fits made here so far as JSON texts, for the pool's
    /// `PoolRun.inspect`.
    #[wasm_bindgen(js_name = trainKept)]
    pub fn train_kept(&self) -> Result<Vec<String>, JsValue> {
        let kept = self.app.train_kept().map_err(js_error)?;
        kept.iter().map(|f| fit_to_json(f).map_err(js_error)).collect()
    }

    /// Joins the fits made here and `fits` (the pool's `PoolRun.fit` JSON
    /// texts) into the run, each model evaluated, for its permutation
    /// importance in parts (`trainImportance` here, `PoolRun.importance`
    /// in the pool); returns the features to measure per model (0: none).
    #[wasm_bindgen(js_name = trainJoin)]
    pub fn train_join(&mut self, fits: Vec<String>, progress: Option<js_sys::Function>) -> Result<Vec<usize>, JsValue> {
        let fits = fits_of(&fits)?;
        self.app.train_join(fits, &mut monitor_of(&progress)).map_err(js_error)
    }

    /// Measures the permutation importance of features `columns` =
    /// `[start, end]` of model `index` of the joined run here and keeps it.
    /// Progress and cancel as for `train`.
    #[wasm_bindgen(js_name = trainImportance)]
    pub fn train_importance(
        &mut self,
        index: usize,
        #[wasm_bindgen(unchecked_param_type = "[number, number]")] columns: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<(), JsValue> {
        let columns: [usize; 2] = from_js(&columns, "feature range")?;
        self.app
            .train_importance(index, columns, &mut monitor_of(&progress))
            .map_err(js_error)
    }

    /// Joins the fits made here and `fits` (the pool's `PoolRun.fit` JSON
    /// texts; none after `trainJoin`) and the importance parts measured
    /// here and `importance` (the pool's `PoolRun.importance` texts) into
    /// the run `train` makes, bit for bit, and keeps it as `train` does:
    /// the same `{report, added, inspections}`. A model with no importance
    /// part has it measured here whole.
    #[wasm_bindgen(js_name = trainAdopt, unchecked_return_type = "TrainResult")]
    pub fn train_adopt(
        &mut self,
        fits: Vec<String>,
        importance: Vec<String>,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        let fits = fits_of(&fits)?;
        let importance = shares_of(&importance)?;
        let trained = self
            .app
            .train_adopt(fits, importance, &mut monitor_of(&progress))
            .map_err(js_error)?;
        self.charts.clear();
        to_js(&trained)
    }
}
