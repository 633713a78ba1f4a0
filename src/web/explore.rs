//! The wasm API of the Explore tab and of the grid-search panel: the signal
//! table with the data diagnostics, the Explore charts painted by request
//! (class histogram, box plots, correlation heat map, 2-D class density),
//! model diagnostics of a trained run, the simple-model check (majority,
//! logistic regression and a depth-5 tree on one split), stratified k-fold
//! cross-validation, grid search over a share of the cells (one worker's
//! part), the merge of several workers' parts, and the fold-ROC chart of a
//! grid cell. Conversions only: every number comes from `crate::explore`,
//! `crate::cv`, `crate::experiment` and `crate::chart`. Knows nothing of the
//! DOM or of how many workers share a grid.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::OffscreenCanvas;

use super::{canvas, experiment_error, from_js, monitor_of, no_table, to_js, Session};
use crate::chart::cv::cv_roc_chart;
use crate::chart::explore::{box_plot_chart, class_histogram_chart, correlation_chart, density_chart};
use crate::chart::views::Part;
use crate::chart::{Chart, Theme};
use crate::cv::{cross_validate, grid_search, Grid, MeanSd, Scoring};
use crate::data::{binary_label, BinaryLabel, PositiveClass, Table};
use crate::experiment::{run, ExperimentConfig};
use crate::explore::{
    box_plots, class_histogram, correlation_matrix, data_diagnostics, density_2d, model_diagnostics, signal_table,
    SignalOptions, ValidationHistory,
};
use crate::model_spec::{MajoritySpec, ModelSpec, TreeSpec};

/// Which label the exploration is about (as in a `TrainConfig`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct LabelChoice {
    label: String,
    positive: PositiveClass,
    /// Label permutations of the chance reference, in [0, 1000].
    permutations: usize,
    /// Seed of the permutations.
    seed: u64,
}

impl Default for LabelChoice {
    fn default() -> Self {
        let o = SignalOptions::default();
        LabelChoice {
            label: String::new(),
            positive: PositiveClass::Minority,
            permutations: o.permutations,
            seed: o.seed,
        }
    }
}

/// An Explore chart to paint.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct ExploreRequest {
    /// `"histogram"`, `"box"`, `"correlation"` or `"density"`.
    kind: String,
    label: String,
    positive: PositiveClass,
    /// The feature of the histogram and the box plots.
    column: String,
    /// The 2-D density's features.
    x: String,
    y: String,
    /// Histogram bins (per axis for the density).
    bins: usize,
    /// Histogram heights as densities.
    density: bool,
    /// Histogram heights as log10(1 + count) (rare positives stay visible).
    log_count: bool,
    /// Spearman instead of Pearson in the heat map.
    spearman: bool,
    width: f32,
    height: f32,
    dark: bool,
}

impl Default for ExploreRequest {
    fn default() -> Self {
        ExploreRequest {
            kind: String::new(),
            label: String::new(),
            positive: PositiveClass::Minority,
            column: String::new(),
            x: String::new(),
            y: String::new(),
            bins: 40,
            density: false,
            log_count: false,
            spearman: false,
            width: 480.0,
            height: 360.0,
            dark: false,
        }
    }
}

fn label_of(table: &Table, label: &str, positive: &PositiveClass) -> Result<BinaryLabel, JsError> {
    if label.is_empty() {
        return Err(JsError::new(
            "explore: no label column chosen; pick one in the Label section",
        ));
    }
    binary_label(table, label, positive).map_err(|e| JsError::new(&e.to_string()))
}

fn read_config(config: &JsValue) -> Result<ExperimentConfig, JsError> {
    from_js(config).map_err(|e| JsError::new(&format!("training settings: {e}")))
}

#[wasm_bindgen]
impl Session {
    /// The ranked signal table and the data diagnostics of the held table
    /// for `choice` = `{label, positive, permutations?, seed?}`:
    /// `{signal: SignalTable, diagnostics: Diagnostic[]}` as `rareclass
    /// explore --json` prints them.
    #[wasm_bindgen(js_name = signalTable)]
    pub fn signal_table(&self, choice: JsValue) -> Result<JsValue, JsError> {
        let table = self.table.as_ref().ok_or_else(no_table)?;
        let c: LabelChoice = from_js(&choice).map_err(|e| JsError::new(&format!("explore settings: {e}")))?;
        let label = label_of(table, &c.label, &c.positive)?;
        let opts = SignalOptions {
            permutations: c.permutations,
            seed: c.seed,
            ..SignalOptions::default()
        };
        let signal = signal_table(table, &label, &opts)?;
        let diagnostics = data_diagnostics(table, &label, &signal)?;
        #[derive(Serialize)]
        struct Out<'a> {
            signal: &'a crate::explore::SignalTable,
            diagnostics: &'a [crate::explore::Diagnostic],
        }
        to_js(&Out {
            signal: &signal,
            diagnostics: &diagnostics,
        })
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
    ) -> Result<(), JsError> {
        let table = self.table.as_ref().ok_or_else(no_table)?;
        let r: ExploreRequest = from_js(&request).map_err(|e| JsError::new(&format!("explore chart request: {e}")))?;
        let label = label_of(table, &r.label, &r.positive)?;
        let theme = if r.dark { Theme::dark() } else { Theme::light() };
        let chart = match r.kind.as_str() {
            "histogram" => {
                let mut h = class_histogram(table, &label, &r.column, r.bins, r.density && !r.log_count)?;
                if r.log_count {
                    // The chart draws heights as given; log10(1 + n) keeps
                    // a bin of one positive visible beside 10,000 negatives.
                    for v in h.positive.iter_mut().chain(h.negative.iter_mut()) {
                        *v = (1.0 + *v).log10();
                    }
                }
                let mut chart = class_histogram_chart(&h, r.width, r.height, &theme);
                if r.log_count {
                    relabel_log_counts(&mut chart);
                }
                chart
            }
            "box" => box_plot_chart(&box_plots(table, &label, &r.column)?, r.width, r.height, &theme),
            "correlation" => correlation_chart(
                &correlation_matrix(table, &label)?,
                r.spearman,
                r.width,
                r.height,
                &theme,
            ),
            "density" => density_chart(
                &density_2d(table, &label, &r.x, &r.y, r.bins, r.bins)?,
                r.width,
                r.height,
                &theme,
            ),
            other => {
                return Err(JsError::new(&format!(
                    "explore chart request: kind \"{other}\" is not histogram, box, correlation or density"
                )))
            }
        };
        self.paint_chart(id, canvas, chart, dpr)
    }

    /// Model diagnostics of run `series` on its test rows at `threshold`
    /// (`single-class-predictions`, `accuracy-paradox`, and for an MLP with
    /// a validation history `no-improvement` on the validation loss): a
    /// `Diagnostic[]` (`{code, severity, message, next_step, column}`).
    #[wasm_bindgen(js_name = modelDiagnostics)]
    pub fn model_diagnostics(&self, series: usize, threshold: f64) -> Result<JsValue, JsError> {
        let (y, scores) = self.bench.part_scores(series, Part::Test)?;
        let losses: Option<Vec<f64>> = self
            .saved
            .get(series)
            .and_then(|f| f.model.history())
            .map(|h| h.epochs.iter().filter_map(|e| e.val_loss).collect());
        let history = losses
            .as_deref()
            .filter(|v| v.len() >= 2)
            .map(|values| ValidationHistory {
                metric: "validation loss",
                values,
                higher_is_better: false,
            });
        to_js(&model_diagnostics(y, scores, threshold, history.as_ref())?)
    }

    /// The simple-model check: majority class, `config`'s first model (a
    /// logistic regression by default) and a depth-5 decision tree fitted
    /// on one split of `config`, so they share their test rows. Returns
    /// `[{name, kind, roc_auc, pr_auc, fit_seconds}]` (test-part AUCs, null
    /// when undefined). The runs are not added to the results.
    #[wasm_bindgen(js_name = simpleCheck)]
    pub fn simple_check(&self, config: JsValue, progress: Option<js_sys::Function>) -> Result<JsValue, JsError> {
        let table = self.table.as_ref().ok_or_else(no_table)?;
        let mut config = read_config(&config)?;
        let logistic = config
            .models
            .iter()
            .find(|m| m.kind() == "logistic")
            .cloned()
            .unwrap_or_else(|| ModelSpec::Logistic(Default::default()));
        config.models = vec![
            ModelSpec::Majority(MajoritySpec::default()),
            logistic,
            ModelSpec::Tree(TreeSpec::default()),
        ];
        let result = run(table, &config, &mut monitor_of(&progress)).map_err(experiment_error)?;
        #[derive(Serialize)]
        struct Row<'a> {
            name: &'a str,
            kind: &'a str,
            roc_auc: Option<f64>,
            pr_auc: Option<f64>,
            fit_seconds: f64,
        }
        let rows: Vec<Row> = result
            .report
            .models
            .iter()
            .map(|m| Row {
                name: &m.name,
                kind: m.kind,
                roc_auc: m.test.as_ref().and_then(|e| e.roc_auc),
                pr_auc: m.test.as_ref().and_then(|e| e.pr_auc),
                fit_seconds: m.fit_seconds,
            })
            .collect();
        to_js(&rows)
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
    ) -> Result<JsValue, JsError> {
        let table = self.table.as_ref().ok_or_else(no_table)?;
        let config = read_config(&config)?;
        let report = cross_validate(table, &config, folds, &mut monitor_of(&progress)).map_err(experiment_error)?;
        to_js(&report)
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
    ) -> Result<JsValue, JsError> {
        let table = self.table.as_ref().ok_or_else(no_table)?;
        let config = read_config(&config)?;
        let grid: Grid = grid
            .parse()
            .map_err(|e: String| JsError::new(&format!("grid search: {e}")))?;
        // "auto" (or nothing): PR-AUC on imbalanced data, else ROC-AUC.
        let (scoring, note) = match scoring {
            "" | "auto" => {
                let (s, why) = crate::cv::default_scoring(table, &config).map_err(experiment_error)?;
                (s, Some(why))
            }
            named => (
                named
                    .parse()
                    .map_err(|e: String| JsError::new(&format!("grid search: {e}")))?,
                None,
            ),
        };
        let only: Option<Vec<usize>> = cells.map(|c| c.into_iter().map(|i| i as usize).collect());
        let mut report = grid_search(
            table,
            &config,
            &grid,
            folds,
            scoring,
            only.as_deref(),
            &mut monitor_of(&progress),
        )
        .map_err(experiment_error)?;
        report.scoring_note = note;
        to_js(&report)
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
    ) -> Result<(), JsError> {
        #[derive(Deserialize)]
        #[serde(default)]
        struct Req {
            folds: Vec<Vec<(f64, f64)>>,
            mean: Vec<(f64, f64)>,
            name: String,
            slot: usize,
            width: f32,
            height: f32,
            dark: bool,
        }
        impl Default for Req {
            fn default() -> Self {
                Req {
                    folds: Vec::new(),
                    mean: Vec::new(),
                    name: "Mean".into(),
                    slot: 0,
                    width: 480.0,
                    height: 360.0,
                    dark: false,
                }
            }
        }
        let r: Req = from_js(&request).map_err(|e| JsError::new(&format!("cv chart request: {e}")))?;
        let theme = if r.dark { Theme::dark() } else { Theme::light() };
        let chart = cv_roc_chart(&r.folds, &r.mean, &r.name, r.slot, r.width, r.height, &theme);
        self.paint_chart(id, canvas, chart, dpr)
    }
}

impl Session {
    fn paint_chart(&mut self, id: &str, canvas: &OffscreenCanvas, chart: Chart, dpr: f64) -> Result<(), JsError> {
        canvas::paint(canvas, &chart, dpr).map_err(|e| JsError::new(&format!("cannot draw the chart: {e}")))?;
        self.charts.insert(id.to_string(), chart);
        Ok(())
    }
}

/// Names the histogram's y axis and bar read-outs "log10(1 + rows)" (its
/// heights were replaced by log10(1 + count)).
fn relabel_log_counts(chart: &mut Chart) {
    for op in &mut chart.ops {
        if let crate::chart::DrawOp::Text { text, .. } = op {
            if text == "Rows per bin" {
                *text = "log10(1 + rows per bin)".into();
            }
        }
    }
    for hit in &mut chart.hits {
        hit.label.push_str(" (log10 of 1 + rows)");
    }
}

/// The part of a grid cell's JSON the merge reads.
#[derive(Deserialize)]
struct CellKey {
    index: usize,
    cv: CellCv,
}

#[derive(Deserialize)]
struct CellCv {
    summary: Vec<(Scoring, MeanSd)>,
}

/// Joins the `GridReport` parts several workers returned (an array, in any
/// order) into the report one worker gives: cells in grid order, `best`
/// the index into `cells` of the best mean score by the report's scoring
/// (lowest for log loss and Brier; the first on ties; cells without a
/// defined score or that find (almost) no positive never best, see
/// `cv::best_cell`), warnings said once. Throws when the parts
/// come from different searches, a cell ran twice, or cells are missing.
#[wasm_bindgen(js_name = mergeGridParts)]
pub fn merge_grid_parts(parts: JsValue) -> Result<JsValue, JsError> {
    let parts: Vec<serde_json::Value> = from_js(&parts).map_err(|e| JsError::new(&format!("grid parts: {e}")))?;
    to_js(&merge_parts(parts).map_err(|e| JsError::new(&format!("grid search: {e}")))?)
}

/// The merge of [`merge_grid_parts`] on JSON values.
fn merge_parts(parts: Vec<serde_json::Value>) -> Result<serde_json::Value, String> {
    let mut parts = parts.into_iter();
    let mut out = parts.next().ok_or("no grid parts to merge")?;
    let same = ["grid", "folds", "config", "scoring", "total_cells"];
    let mut cells: Vec<serde_json::Value> = take_array(&mut out, "cells");
    let mut warnings: Vec<serde_json::Value> = take_array(&mut out, "warnings");
    for mut p in parts {
        if same.iter().any(|k| p.get(k) != out.get(k)) {
            return Err("grid parts come from different searches".into());
        }
        cells.extend(take_array(&mut p, "cells"));
        warnings.extend(take_array(&mut p, "warnings"));
    }
    let mut keyed: Vec<(CellKey, serde_json::Value)> = cells
        .into_iter()
        .map(|c| {
            Ok((
                serde_json::from_value::<CellKey>(c.clone()).map_err(|e| e.to_string())?,
                c,
            ))
        })
        .collect::<Result<_, String>>()?;
    keyed.sort_by_key(|(k, _)| k.index);
    if let Some(w) = keyed.windows(2).find(|w| w[0].0.index == w[1].0.index) {
        return Err(format!("grid cell {} was run twice", w[0].0.index));
    }
    let total = out.get("total_cells").and_then(|v| v.as_u64()).unwrap_or(0) as usize;
    if keyed.len() != total {
        return Err(format!("the parts hold {} of the grid's {total} cells", keyed.len()));
    }
    let scoring: Scoring =
        serde_json::from_value(out.get("scoring").cloned().unwrap_or_default()).map_err(|e| format!("scoring: {e}"))?;
    let best = crate::cv::best_cell(keyed.iter().map(|(k, _)| k.cv.summary.as_slice()), scoring);
    let mut seen = std::collections::BTreeSet::new();
    warnings.retain(|w| seen.insert(w.to_string()));
    out["cells"] = serde_json::Value::Array(keyed.into_iter().map(|(_, c)| c).collect());
    out["warnings"] = serde_json::Value::Array(warnings);
    out["best"] = best.map_or(serde_json::Value::Null, |i| i.into());
    Ok(out)
}

fn take_array(v: &mut serde_json::Value, key: &str) -> Vec<serde_json::Value> {
    match v.get_mut(key).map(serde_json::Value::take) {
        Some(serde_json::Value::Array(a)) => a,
        _ => Vec::new(),
    }
}
