//! The comparison view's wasm API: [`Session`] methods that train a set of
//! models in one config (so they share the split) into a workbench of
//! their own (the Train tab's runs are left alone), paint the overlaid
//! ROC / PR charts, the history panels and each model's confusion matrix,
//! and give the test-metrics table with the winner of each column; also
//! each Train-tab run's training history and the free painter of the live
//! loss chart. Only conversions live here; the numbers and the geometry
//! come from the core. Knows nothing of the DOM or how the page lays out
//! the view.

use wasm_bindgen::prelude::*;
use web_sys::OffscreenCanvas;

use super::{canvas, experiment_error, from_js, monitor_of, no_table, to_js, Session};
use crate::chart::compare::{
    history_panels_chart, loss_history_chart, train_test_pr_chart, train_test_roc_chart, winners,
    winners_at_thresholds, EpochSeries, ModelHistory,
};
use crate::chart::views::{ChartKind, ChartRequest, Chooser, Part, Workbench};
use crate::chart::{Chart, Theme};
use crate::cv::Scoring;
use crate::experiment::{run, ExperimentConfig};
use crate::metrics::Evaluation;
use crate::models::mlp::History;

/// The comparison view's models: their scores and their training histories.
#[derive(Default)]
pub struct CompareState {
    bench: Workbench,
    names: Vec<String>,
    histories: Vec<Option<History>>,
}

/// The columns of the metrics table, in order, whether lower wins, and
/// whether the value depends on the threshold.
const COLUMNS: [(&str, bool, bool); 10] = [
    ("tp", false, true),
    ("fp", true, true),
    ("tn", false, true),
    ("fn", true, true),
    ("precision", false, true),
    ("recall", false, true),
    ("roc_auc", false, false),
    ("pr_auc", false, false),
    ("ks", false, false),
    ("f1", false, true),
];

fn column_values(e: &Evaluation) -> Vec<Option<f64>> {
    vec![
        Some(e.tp as f64),
        Some(e.fp as f64),
        Some(e.tn as f64),
        Some(e.fn_ as f64),
        Some(e.precision),
        Some(e.recall),
        e.roc_auc,
        e.pr_auc,
        e.ks,
        Some(e.f1),
    ]
}

/// `(epoch, value)` points of the epochs where `f` has a value.
fn points(h: &History, f: impl Fn(&crate::models::mlp::EpochRecord) -> Option<f64>) -> Vec<(f64, f64)> {
    h.epochs
        .iter()
        .filter_map(|r| f(r).map(|v| (r.epoch as f64, v)))
        .collect()
}

fn history_input(name: &str, slot: usize, h: Option<&History>) -> ModelHistory {
    let Some(h) = h else {
        return ModelHistory {
            name: name.to_string(),
            color_slot: slot,
            ..ModelHistory::default()
        };
    };
    ModelHistory {
        name: name.to_string(),
        color_slot: slot,
        train: EpochSeries {
            loss: points(h, |r| Some(r.train_loss)),
            pr_auc: points(h, |r| r.train_pr_auc),
            precision: points(h, |r| r.train_precision),
            recall: points(h, |r| r.train_recall),
        },
        val: EpochSeries {
            loss: points(h, |r| r.val_loss),
            pr_auc: points(h, |r| r.val_pr_auc),
            precision: points(h, |r| r.val_precision),
            recall: points(h, |r| r.val_recall),
        },
    }
}

/// What a comparison chart request asks for.
#[derive(serde::Deserialize)]
#[serde(default)]
struct CompareRequest {
    /// `"roc"`, `"pr"`, `"history"` or `"confusion"`.
    kind: String,
    width: f32,
    height: f32,
    dark: bool,
    /// The model, for `"confusion"`.
    series: usize,
    /// The model's threshold, for `"confusion"`.
    threshold: f64,
}

impl Default for CompareRequest {
    fn default() -> Self {
        CompareRequest {
            kind: "roc".into(),
            width: 480.0,
            height: 360.0,
            dark: false,
            series: 0,
            threshold: 0.5,
        }
    }
}

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
    ) -> Result<JsValue, JsError> {
        let table = self.table.as_ref().ok_or_else(no_table)?;
        let config: ExperimentConfig =
            from_js(&config).map_err(|e| JsError::new(&format!("comparison settings: {e}")))?;
        let result = run(table, &config, &mut monitor_of(&progress)).map_err(experiment_error)?;
        let mut bench = Workbench::new();
        bench.add_run(&result)?;
        let names: Vec<String> = result.models.iter().map(|m| m.name.clone()).collect();
        self.compare = CompareState {
            bench,
            names: names.clone(),
            histories: result.models.iter().map(|m| m.model.history().cloned()).collect(),
        };
        #[derive(serde::Serialize)]
        struct Compared<'a> {
            report: &'a crate::experiment::Report,
            names: Vec<String>,
        }
        to_js(&Compared {
            report: &result.report,
            names,
        })
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
    pub fn compare_table(&self, thresholds: Vec<f64>) -> Result<JsValue, JsError> {
        let names = &self.compare.names;
        if names.is_empty() {
            return Err(JsError::new("comparison: no models trained yet; train the set first"));
        }
        if thresholds.len() != names.len() {
            return Err(JsError::new(&format!(
                "comparison: {} thresholds given for {} models; give one per model",
                thresholds.len(),
                names.len()
            )));
        }
        #[derive(serde::Serialize)]
        struct Row {
            name: String,
            threshold: f64,
            values: Vec<Option<f64>>,
        }
        let mut rows = Vec::new();
        let mut one_class = Vec::new();
        for (i, (&t, name)) in thresholds.iter().zip(names).enumerate() {
            let e = self.compare.bench.evaluate_at(i, Part::Test, t)?;
            one_class.push(e.tp + e.fp == 0 || e.tn + e.fn_ == 0);
            rows.push(Row {
                name: name.clone(),
                threshold: t,
                values: column_values(&e),
            });
        }
        let values: Vec<Vec<Option<f64>>> = rows.iter().map(|r| r.values.clone()).collect();
        let lower: Vec<bool> = COLUMNS.iter().map(|c| c.1).collect();
        let at_threshold: Vec<bool> = COLUMNS.iter().map(|c| c.2).collect();
        // The overall ranking: PR-AUC on imbalanced data, else ROC-AUC.
        let rate = self.compare.bench.positive_rate(Part::Test);
        let ranked_by = Scoring::default_for(rate);
        let column = COLUMNS.iter().position(|c| c.0 == ranked_by.name());
        let best = column.and_then(|c| winners(&values.iter().map(|v| vec![v[c]]).collect::<Vec<_>>(), &[false])[0]);
        #[derive(serde::Serialize)]
        struct Table {
            columns: Vec<&'static str>,
            rows: Vec<Row>,
            winners: Vec<Option<usize>>,
            ranked_by: &'static str,
            ranked_reason: String,
            best: Option<usize>,
            one_class: Vec<bool>,
        }
        to_js(&Table {
            columns: COLUMNS.iter().map(|c| c.0).collect(),
            winners: winners_at_thresholds(&values, &lower, &at_threshold, &one_class),
            ranked_by: ranked_by.name(),
            ranked_reason: Scoring::default_reason(rate),
            best,
            one_class,
            rows,
        })
    }

    /// The threshold of best F1 of model `series` on the validation rows:
    /// chosen on rows the test metrics do not use; throws when the split
    /// has no validation part.
    #[wasm_bindgen(js_name = compareBestF1)]
    pub fn compare_best_f1(&self, series: usize) -> Result<f64, JsError> {
        Ok(self.compare.bench.choose(series, Chooser::BestF1)?)
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
    ) -> Result<(), JsError> {
        let req: CompareRequest = from_js(&request).map_err(|e| JsError::new(&format!("chart request: {e}")))?;
        let chart = self.compare_chart(&req)?;
        canvas::paint(canvas, &chart, dpr).map_err(|e| JsError::new(&format!("cannot draw the chart: {e}")))?;
        self.charts.insert(id.to_string(), chart);
        Ok(())
    }

    /// The training history of Train-tab series `series` (an MLP's per-epoch
    /// `{epochs: [{epoch, train_loss, val_loss, ...}], best_epoch,
    /// stopped_early}`), or `null` for models fitted otherwise.
    #[wasm_bindgen(js_name = modelHistory)]
    pub fn model_history(&self, series: usize) -> Result<JsValue, JsError> {
        match self.saved.get(series).and_then(|f| f.model.history()) {
            Some(h) => to_js(h),
            None => Ok(JsValue::NULL),
        }
    }
}

impl Session {
    fn compare_chart(&self, req: &CompareRequest) -> Result<Chart, JsError> {
        let c = &self.compare;
        if c.names.is_empty() {
            return Err(JsError::new("comparison: no models trained yet; train the set first"));
        }
        let theme = if req.dark { Theme::dark() } else { Theme::light() };
        let named = |mut list: Vec<crate::chart::compare::TrainTest>| {
            for (m, name) in list.iter_mut().zip(&c.names) {
                m.name = name.clone();
            }
            list
        };
        Ok(match req.kind.as_str() {
            "roc" => train_test_roc_chart(&named(c.bench.train_test_curves(false)), req.width, req.height, &theme),
            "pr" => train_test_pr_chart(
                &named(c.bench.train_test_curves(true)),
                c.bench.positive_rate(Part::Test),
                req.width,
                req.height,
                &theme,
            ),
            "history" => {
                let models: Vec<ModelHistory> = c
                    .names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| history_input(n, i, c.histories[i].as_ref()))
                    .collect();
                history_panels_chart(&models, req.width, req.height, &theme)
            }
            "confusion" => c.bench.chart(&ChartRequest {
                kind: ChartKind::Confusion,
                width: req.width,
                height: req.height,
                dark: req.dark,
                threshold: req.threshold,
                series: req.series,
                part: Part::Test,
                ..ChartRequest::default()
            })?,
            other => {
                return Err(JsError::new(&format!(
                    "chart request: kind \"{other}\" is not roc, pr, history or confusion"
                )))
            }
        })
    }
}

/// Paints a loss history on `canvas`: training loss solid, validation loss
/// dashed (leave `val` empty when there is none), against `x_label`
/// ("Epoch", "Solver iteration"), log10 y when `log`. `xs`, `train` and
/// `val` are parallel (`val` may be shorter or empty). A free function so
/// the worker can call it from the progress callback while a training run
/// holds the session.
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
) -> Result<(), JsError> {
    let theme = if dark { Theme::dark() } else { Theme::light() };
    let train: Vec<(f64, f64)> = xs.iter().copied().zip(train.iter().copied()).collect();
    let val: Vec<(f64, f64)> = xs
        .iter()
        .copied()
        .zip(val.iter().copied())
        .filter(|p| p.1.is_finite())
        .collect();
    let chart = loss_history_chart(x_label, &train, &val, log, width, height, &theme);
    canvas::paint(canvas, &chart, dpr).map_err(|e| JsError::new(&format!("cannot draw the chart: {e}")))
}

/// The CSS colours of the first `n` model slots in the light or dark theme,
/// so the page's table swatches match the charts' lines.
#[wasm_bindgen(js_name = modelColors)]
pub fn model_colors(dark: bool, n: usize) -> Vec<String> {
    let theme = if dark { Theme::dark() } else { Theme::light() };
    (0..n.min(1000)).map(|i| theme.model(i).css()).collect()
}
