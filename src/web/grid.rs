//! The wasm API of the grid-search pool: conversion only around
//! `crate::app::grid`. The page's `Session` hands its parsed table out as
//! typed arrays (`gridTable`) and makes the data check once for the pool
//! (`gridChecks`); [`table_buffers`] reads a CSV into the same arrays when
//! no session holds the table; each pool worker builds a [`GridWorker`]
//! from them and runs the (cell, fold) fits it is handed; [`assemble_grid`]
//! joins every fit into the one-worker report. Knows nothing of the DOM or
//! of how many workers share a grid.

use js_sys::{Float64Array, Object, Reflect, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{from_js, js_error, monitor_of, to_js, Session};
use crate::app::{self, AppError};
use crate::checks::DataChecks;
use crate::cv::{GridReport, GridTaskResult};
use crate::data::FlatTable;
use crate::experiment::ExperimentConfig;

#[wasm_bindgen(typescript_custom_section)]
const TS_GRID: &'static str = r#"
/** A parsed table as typed arrays (see `tableBuffers`): transferable, or shareable as SharedArrayBuffers. */
export interface TableBuffers {
  /** `{n_rows, columns: [{name, kind, levels}]}`: `levels` null for a numeric or date column, else its category count. */
  header: { n_rows: number; columns: { name: string; kind: string; levels: number | null }[] };
  /** Numeric and date columns, `n_rows` each, in column order (NaN = missing). */
  numbers: Float64Array;
  /** Category codes of the other columns, `n_rows` each, in column order (4294967295 = missing). */
  codes: Uint32Array;
  /** Where each category name ends in `levelText` (bytes). */
  levelEnds: Uint32Array;
  /** Every category name, UTF-8, one after another. */
  levelText: Uint8Array;
}
"#;

fn set(target: &Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(target, &key.into(), value);
}

fn field<T: JsCast>(buffers: &JsValue, key: &str) -> Result<T, JsValue> {
    Reflect::get(buffers, &key.into())
        .ok()
        .and_then(|v| v.dyn_into::<T>().ok())
        .ok_or_else(|| {
            js_error(AppError::bad_request(format!(
                "table buffers: \"{key}\" is missing or not the typed array it should be"
            )))
        })
}

/// The `FlatTable` of a `TableBuffers` object (plain, transferred or
/// shared arrays; copied into this instance's memory). Every pool worker
/// builds its table from one.
pub(crate) fn flat_table_of(buffers: &JsValue) -> Result<FlatTable, JsValue> {
    Ok(FlatTable {
        header: from_js(
            &Reflect::get(buffers, &"header".into()).unwrap_or(JsValue::UNDEFINED),
            "table buffers",
        )?,
        numbers: field::<Float64Array>(buffers, "numbers")?.to_vec(),
        codes: field::<Uint32Array>(buffers, "codes")?.to_vec(),
        level_ends: field::<Uint32Array>(buffers, "levelEnds")?.to_vec(),
        level_text: field::<Uint8Array>(buffers, "levelText")?.to_vec(),
    })
}

/// A data check handed over by the page (`Session.gridChecks`), or `None`
/// when it is undefined or null (the worker makes its own).
pub(crate) fn checks_of(checks: &JsValue) -> Result<Option<DataChecks>, JsValue> {
    if checks.is_undefined() || checks.is_null() {
        Ok(None)
    } else {
        Ok(Some(from_js(checks, "data check")?))
    }
}

/// `flat` as a `TableBuffers` object of fresh typed arrays.
fn buffers_js(flat: &FlatTable) -> Result<JsValue, JsValue> {
    let out = Object::new();
    set(&out, "header", &to_js(&flat.header)?);
    set(&out, "numbers", &Float64Array::from(flat.numbers.as_slice()).into());
    set(&out, "codes", &Uint32Array::from(flat.codes.as_slice()).into());
    set(&out, "levelEnds", &Uint32Array::from(flat.level_ends.as_slice()).into());
    set(&out, "levelText", &Uint8Array::from(flat.level_text.as_slice()).into());
    Ok(out.into())
}

/// The typed arrays of a CSV file's table (`Uint8Array` of the whole
/// file), read as the page's session reads it: a `TableBuffers`. Throws
/// with the reader's message on a malformed file.
#[wasm_bindgen(js_name = tableBuffers, unchecked_return_type = "TableBuffers")]
pub fn table_buffers(bytes: &[u8]) -> Result<JsValue, JsValue> {
    buffers_js(&app::grid::table_buffers(bytes).map_err(js_error)?)
}

#[wasm_bindgen]
impl Session {
    /// The held table as a `TableBuffers` (fresh arrays the caller may
    /// transfer), for a grid pool's workers: no second read of the file.
    /// Throws when no table is held.
    #[wasm_bindgen(js_name = gridTable, unchecked_return_type = "TableBuffers")]
    pub fn grid_table(&self) -> Result<JsValue, JsValue> {
        buffers_js(&self.app.table_buffers().map_err(js_error)?)
    }

    /// The data check a grid search of `config` (a `TrainConfig`) makes on
    /// the held table — `{findings, left_out, kept}` — made once and handed
    /// to every `GridWorker` of the pool. Throws as a run would (no label,
    /// strict mode and a finding, …).
    #[wasm_bindgen(js_name = gridChecks)]
    pub fn grid_checks(&self, config: JsValue) -> Result<JsValue, JsValue> {
        let config: ExperimentConfig = from_js(&config, "training settings")?;
        to_js(&self.app.grid_checks(&config).map_err(js_error)?)
    }
}

/// One worker of a grid-search pool: its own table, built from
/// `TableBuffers` (plain, transferred or shared arrays), and the fits of
/// one search on it.
#[wasm_bindgen]
pub struct GridWorker {
    inner: app::grid::GridWorker,
}

#[wasm_bindgen]
impl GridWorker {
    /// The search of `grid` (`"C=0.01,1;class_weight=none,balanced"`) over
    /// `config.models[0]` (a `TrainConfig`) on `folds` stratified folds of
    /// the table in `buffers`, ranked by `scoring` (`"roc_auc"`, …;
    /// `"auto"`: PR-AUC when positives are under 20 % of the rows, else
    /// ROC-AUC). `checks`: `Session.gridChecks(config)` of the same table,
    /// or undefined to make the data check here. Throws when the buffers
    /// do not make a table (the numbers in the message) or the grid,
    /// folds or scoring are wrong.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "TableBuffers")] buffers: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TrainConfig")] config: JsValue,
        grid: &str,
        folds: usize,
        scoring: &str,
        checks: JsValue,
    ) -> Result<GridWorker, JsValue> {
        let flat = flat_table_of(&buffers)?;
        let config: ExperimentConfig = from_js(&config, "training settings")?;
        let checks = checks_of(&checks)?;
        let inner =
            app::grid::GridWorker::from_buffers(flat, &config, grid, folds, scoring, checks).map_err(js_error)?;
        Ok(GridWorker { inner })
    }

    /// Seconds this worker spent before its first fit: `{build, check}`
    /// (the buffers made a table; the folds, label and data check).
    pub fn timings(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.timings())
    }

    /// Cells in the grid.
    pub fn cells(&self) -> usize {
        self.inner.cells()
    }

    /// Folds of each cell.
    pub fn folds(&self) -> usize {
        self.inner.folds()
    }

    /// Fits cell `cell` (grid order) on fold `fold` and scores its held-out
    /// rows: `{cell, result: {fold, evaluation, roc, …}, fold_warnings}`.
    /// Hand fits out fold by fold (the last fold's rows are kept).
    /// `progress` as for `Session.train`.
    pub fn run(&mut self, cell: usize, fold: usize, progress: Option<js_sys::Function>) -> Result<JsValue, JsValue> {
        to_js(
            &self
                .inner
                .run(cell, fold, &mut monitor_of(&progress))
                .map_err(js_error)?,
        )
    }

    /// The report with no cell yet (config, folds' rows, data check), for
    /// [`assemble_grid`].
    #[wasm_bindgen(js_name = emptyReport)]
    pub fn empty_report(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.empty_report())
    }
}

/// Joins a worker's `emptyReport()` and every fit of the pool (an array
/// of `run` answers, any order) into the `GridReport` one worker running
/// the whole grid gives. Throws when a fit is missing, given twice or
/// outside the grid.
#[wasm_bindgen(js_name = assembleGrid)]
pub fn assemble_grid(empty: JsValue, fits: JsValue) -> Result<JsValue, JsValue> {
    let empty: GridReport = from_js(&empty, "grid report")?;
    let fits: Vec<GridTaskResult> = from_js(&fits, "grid fits")?;
    to_js(&app::grid::assemble(empty, fits).map_err(js_error)?)
}
