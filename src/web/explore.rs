//! The wasm API of the Explore tab and of the grid-search panel:
//! conversion only around `crate::app::explore` (signal table, model
//! diagnostics, simple-model check, cross-validation, grid search or one
//! worker's share), `crate::app::grid` (the merge of several workers'
//! parts) and `crate::chart::views` (the Explore charts, the fold-ROC
//! chart of a grid cell). Knows nothing of the DOM or of how many workers
//! share a grid.

use wasm_bindgen::prelude::*;
use web_sys::OffscreenCanvas;

use super::{from_js, js_error, monitor_of, to_js, Session};
use crate::app::explore::LabelChoice;
use crate::app::grid::merge_parts;
use crate::chart::views::{cv_chart, explore_chart, CvRocRequest, ExploreRequest};
use crate::cv::GridReport;
use crate::experiment::ExperimentConfig;

fn read_config(config: &JsValue) -> Result<ExperimentConfig, JsValue> {
    from_js(config, "training settings")
}

#[wasm_bindgen]
impl Session {
    /// The ranked signal table and the data diagnostics of the held table
    /// for `choice` = `{label, positive, permutations?, seed?}`:
    /// `{signal: SignalTable, diagnostics: Diagnostic[]}` as `rareclass
    /// explore --json` prints them.
    #[wasm_bindgen(js_name = signalTable)]
    pub fn signal_table(&self, choice: JsValue) -> Result<JsValue, JsValue> {
        let choice: LabelChoice = from_js(&choice, "explore settings")?;
        to_js(&self.app.signal_table(&choice).map_err(js_error)?)
    }

    /// Paints an Explore chart on `canvas` at `dpr` and remembers it as
    /// `id` for [`Session::hover`]. `request`: `{kind: "histogram" | "box"
    /// | "correlation" | "density", label, positive, column, x, y, bins
    /// (40), density, log_count, spearman, width, height, dark}`.
    #[wasm_bindgen(js_name = paintExplore)]
    pub fn paint_explore(
        &mut self,
        id: &str,
        canvas: &OffscreenCanvas,
        request: JsValue,
        dpr: f64,
    ) -> Result<(), JsValue> {
        let req: ExploreRequest = from_js(&request, "explore chart request")?;
        let chart = self.app.table().and_then(|t| explore_chart(t, &req));
        self.charts.show(id, canvas, chart, dpr)
    }

    /// Model diagnostics of run `series` on its test rows at `threshold`
    /// (`single-class-predictions`, `accuracy-paradox`, and for an MLP with
    /// a validation history `no-improvement` on the validation loss): a
    /// `Diagnostic[]` (`{code, severity, message, next_step, column}`).
    #[wasm_bindgen(js_name = modelDiagnostics)]
    pub fn model_diagnostics(&self, series: usize, threshold: f64) -> Result<JsValue, JsValue> {
        to_js(&self.app.model_diagnostics(series, threshold).map_err(js_error)?)
    }

    /// The simple-model check: majority class, `config`'s first model (a
    /// logistic regression by default) and a depth-5 decision tree fitted
    /// on one split of `config`, so they share their test rows. Returns
    /// `[{name, kind, roc_auc, pr_auc, fit_seconds}]` (test-part AUCs, null
    /// when undefined). The runs are not added to the results.
    #[wasm_bindgen(js_name = simpleCheck)]
    pub fn simple_check(&self, config: JsValue, progress: Option<js_sys::Function>) -> Result<JsValue, JsValue> {
        let config = read_config(&config)?;
        to_js(
            &self
                .app
                .simple_check(&config, &mut monitor_of(&progress))
                .map_err(js_error)?,
        )
    }

    /// Stratified `folds`-fold cross-validation of every model of `config`
    /// (a `TrainConfig`): the `CvReport` (per fold and mean ± sd of every
    /// metric, fold ROC curves and their mean). `progress` as for `train`.
    #[wasm_bindgen(js_name = crossValidate)]
    pub fn cross_validate(
        &self,
        config: JsValue,
        folds: usize,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        let config = read_config(&config)?;
        to_js(
            &self
                .app
                .cross_validate(&config, folds, &mut monitor_of(&progress))
                .map_err(js_error)?,
        )
    }

    /// Grid search: every combination of `grid` (`"C=0.01,1;class_weight=none,balanced"`)
    /// applied to `config.models[0]`, scored by `scoring` (`"roc_auc"`,
    /// `"pr_auc"`, …; `"auto"` = PR-AUC when positives are under 20 % of
    /// the rows, else ROC-AUC, with the reason in `scoring_note`) under
    /// stratified `folds`-fold CV. `cells` (indices in
    /// grid order) limits the run to a worker's share; `undefined` runs all.
    /// Returns the `GridReport` (part); join parts with [`merge_grid_parts`].
    #[wasm_bindgen(js_name = gridSearch)]
    pub fn grid_search(
        &self,
        config: JsValue,
        grid: &str,
        folds: usize,
        scoring: &str,
        cells: Option<Vec<u32>>,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        let config = read_config(&config)?;
        let only: Option<Vec<usize>> = cells.map(|c| c.into_iter().map(|i| i as usize).collect());
        to_js(
            &self
                .app
                .grid_search(
                    &config,
                    grid,
                    folds,
                    scoring,
                    only.as_deref(),
                    &mut monitor_of(&progress),
                )
                .map_err(js_error)?,
        )
    }

    /// Paints the fold ROC curves of one CV result and their mean on
    /// `canvas`, remembered as `id` for hover. `request`: `{folds: [[fpr,
    /// tpr], …][], mean: [fpr, tpr][], name, slot, width, height, dark}`.
    #[wasm_bindgen(js_name = paintCvRoc)]
    pub fn paint_cv_roc(
        &mut self,
        id: &str,
        canvas: &OffscreenCanvas,
        request: JsValue,
        dpr: f64,
    ) -> Result<(), JsValue> {
        let req: CvRocRequest = from_js(&request, "cv chart request")?;
        self.charts.show(id, canvas, Ok(cv_chart(&req)), dpr)
    }
}

/// Joins the `GridReport` parts several workers returned (an array, in any
/// order) into the report one worker gives: cells in grid order, `best`
/// the index into `cells` of the best mean score by the report's scoring
/// (lowest for log loss and Brier; the first on ties; cells without a
/// defined score or that find (almost) no positive never best, see
/// `cv::best_cell`), warnings said once. Throws when the parts
/// come from different searches, a cell ran twice, or cells are missing.
#[wasm_bindgen(js_name = mergeGridParts)]
pub fn merge_grid_parts(parts: JsValue) -> Result<JsValue, JsValue> {
    let parts: Vec<GridReport> = from_js(&parts, "grid parts")?;
    to_js(&merge_parts(parts).map_err(js_error)?)
}
