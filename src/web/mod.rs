//! The wasm-bindgen API the page's worker calls: conversion only. Each
//! exported function or method converts its JS arguments to Rust types,
//! calls one `crate::app` function and converts the answer back; errors
//! become JS `Error`s with a `code` property ([`crate::app::error::Code`]:
//! `"cancelled"`, `"bad_request"`, `"not_ready"`, `"failed"`, and from the
//! first-view module `"full_module"`) so the page
//! acts on codes, never on message text. Charts are laid out by
//! `crate::chart::views` and painted by [`canvas`] onto an
//! `OffscreenCanvas`; [`canvas::Painted`] remembers each for hover
//! read-outs. Knows nothing of the DOM, workers or how the page shows a
//! result.

#[cfg(feature = "bench")]
#[path = "../../bench/wasm_exports.rs"]
pub mod bench;
pub mod canvas;
pub mod compare;
// The first-view module (the `first-view` feature, crate::app::first_view)
// has none of the Explore, grid, pool and Transfer APIs, no saved models,
// scoring or export: the page moves to the full module for those.
#[cfg(not(feature = "first-view"))]
pub mod explore;
#[cfg(not(feature = "first-view"))]
pub mod grid;
#[cfg(not(feature = "first-view"))]
pub mod pool;
#[cfg(not(feature = "first-view"))]
pub mod transfer;

use wasm_bindgen::prelude::*;
use web_sys::OffscreenCanvas;

use crate::app::library;
#[cfg(not(feature = "first-view"))]
use crate::app::library::ModelInfo;
use crate::app::{self, AppError};
use crate::chart::views::{ChartRequest, Chooser, Part, RunCharts};
#[cfg(not(feature = "first-view"))]
use crate::chart::{history_chart, Curve};
use crate::experiment::ExperimentConfig;
#[cfg(not(feature = "first-view"))]
use crate::models::logistic::ValidLogistic;
use crate::progress::Progress;
use canvas::Painted;

// The shapes of the plain objects the API takes and returns, for the .d.ts
// (wasm-bindgen would say `any`). They mirror the serde forms of
// ExperimentConfig, Report, Evaluation, ScoreSummary and the model info.
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Training settings; every field may be left out (defaults in brackets). */
export interface TrainConfig {
  /** The label column [required]. */
  label?: string;
  /** The positive class ["minority"]; `{value: "bad"}` or `{above: 15}` for a numeric label. */
  positive?: "minority" | { value: string } | { above: number };
  /** Column kinds over the inferred ones, e.g. `{zip: "categorical"}`. */
  kinds?: Record<string, "numeric" | "boolean" | "categorical" | "datetime" | "text">;
  /** Preparation [{drop: [], log: [], log_eps: 0.001, impute: "mean", missing_indicator: false, encoding: "one_hot", standardize: true, clip: 5}]. */
  pipeline?: { drop?: string[]; log?: string[]; log_eps?: number; impute?: string; missing_indicator?: boolean; encoding?: string; standardize?: boolean; clip?: number | null };
  /** Train / validation / test shares [{train: 0.64, val: 0.16, test: 0.2}]. */
  split?: { train: number; val: number; test: number };
  /** The seed of every random step [42]. */
  seed?: number;
  /** The models to fit, all on the same split [one logistic regression, C = 1]. */
  models?: ModelSpec[];
  /** Scores at or above this are predicted positive [0.5]. */
  threshold?: number;
  /** The data check before the fit [{keep: [], strict: false}]: columns to keep as features although flagged ("keep anyway"), and whether any finding stops the fit. */
  checks?: { keep?: string[]; strict?: boolean };
}

/** A finding of the data check or a model check (see src/checks/mod.rs for the codes). */
export interface Diagnostic {
  code: string; severity: "info" | "warning"; message: string; next_step: string; column: string | null;
}

/** Class weights in a loss: "balanced" is total / (2·n_class), the tutorial's. */
export type ClassWeight = "none" | "balanced" | { custom: { negative: number; positive: number } };

/** Resampling of the training rows only [none]; ratio = minority / majority after, in (0, 1] [1]. */
export type Resampling =
  | { method: "none" }
  | { method: "oversample" | "undersample"; ratio?: number }
  | { method: "smote"; k?: number; ratio?: number };

/** One model to fit; every field but `kind` may be left out (see src/model_spec.rs). */
export type ModelSpec =
  | { kind: "logistic"; name?: string; c?: number; class_weight?: ClassWeight; tol?: number; max_iter?: number; resampling?: Resampling }
  | { kind: "mlp"; name?: string; resampling?: Resampling; params?: {
      /** Hidden layers [[{units: 16, activation: "relu", dropout: 0.5}]]. */
      hidden?: { units: number; activation?: "relu" | "sigmoid" | "tanh" | "linear"; dropout?: number }[];
      init?: "glorot_uniform" | "he_normal"; optimizer?: "adam" | "sgd"; learning_rate?: number; momentum?: number;
      batch_size?: number; epochs?: number; l2?: number;
      loss?: "bce" | "soft_f1" | { focal: { gamma: number; alpha: number } };
      class_weight?: ClassWeight; output_bias_init?: boolean;
      /** "shuffled" or the tutorial's 50/50 stream. */
      batches?: "shuffled" | { balanced: { steps_per_epoch: number | null } };
      /** [{monitor: "val_pr_auc", patience: 10, restore_best: true}]; null turns it off. */
      early_stopping?: { monitor?: "val_loss" | "val_roc_auc" | "val_pr_auc" | "val_precision" | "val_recall"; patience?: number; restore_best?: boolean } | null;
    } }
  | { kind: "tree"; name?: string; resampling?: Resampling; params?: { max_depth?: number | null; min_samples_split?: number; min_samples_leaf?: number; max_features?: "all" | "sqrt" | "log2" | { count: number }; class_weight?: ClassWeight } }
  | { kind: "forest"; name?: string; resampling?: Resampling; params?: { n_trees?: number; bootstrap?: boolean; max_depth?: number | null; min_samples_split?: number; min_samples_leaf?: number; max_features?: "all" | "sqrt" | "log2" | { count: number }; class_weight?: ClassWeight } }
  | { kind: "gbdt"; name?: string; resampling?: Resampling; params?: {
      /** Boosting rounds [300], shrinkage [0.05]; "leaf_wise" (largest gain first) or "depth_wise" growth. */
      n_rounds?: number; learning_rate?: number; growth?: "leaf_wise" | "depth_wise";
      /** Leaves per tree [31] and depth limit [null]; at least one must be set. */
      max_leaves?: number | null; max_depth?: number | null;
      /** Fewest rows [20] and smallest hessian sum [0.001] per leaf; L2 on leaf values [0]; bins per feature, 2–255 [255]. */
      min_samples_leaf?: number; min_child_weight?: number; lambda?: number; max_bins?: number;
      /** Share of rows per round and of features per tree, in (0, 1] [1]. */
      subsample?: number; colsample?: number; class_weight?: ClassWeight;
      /** Stop when the validation AP (or log-loss) has not improved for `patience` rounds [30]; the best round is kept. */
      early_stopping?: "val_ap" | "val_loss" | "none"; patience?: number;
    } }
  | { kind: "majority"; name?: string };

/** Every metric at one threshold; AUCs are null when undefined (one class). */
export interface Evaluation {
  roc_auc: number | null; pr_auc: number | null; ks: number | null; log_loss: number | null; brier: number | null;
  threshold: number; accuracy: number; majority_accuracy: number; precision: number; recall: number;
  specificity: number; f1: number; balanced_accuracy: number; mcc: number;
  tp: number; fp: number; tn: number; fn: number; rows: number; positives: number; warnings: string[];
}

/** What `Session.train` returns: the run's report and the series it added. */
export interface TrainResult {
  report: {
    rareclass_version: string;
    config: TrainConfig;
    data: { rows: number; columns: number; positives: number; label: string; positive_class: string; negative_class: string; positive_is_minority: boolean; missing_labels: number; balance: string; features: string[]; left_out: string[]; kept: string[] };
    split: { train: number; val: number; test: number; train_positives: number; val_positives: number; test_positives: number };
    /** `feature_importance` (per `data.features`, boosted trees' total split gain) only for kinds that measure it. */
    models: { name: string; kind: string; fit_seconds: number; n_iter: number; converged: boolean; stopped_early: boolean; train: Evaluation; val: Evaluation | null; test: Evaluation | null; feature_importance?: number[] }[];
    /** The data check's findings, then the run's and the models'. */
    warnings: Diagnostic[];
  };
  /** `series` are the new runs' indices (for `modelJson`, `evaluateAt`); `names` every series' name. */
  added: { cleared: boolean; series: number[]; names: string[] };
  /** Per model: permutation importance on the validation rows (`features` sorted by `mean`, with `std` and each repeat's drop) and, for logistic regression, standardised coefficients. */
  inspections: ModelInspection[];
}

/** What one model relies on (see `resultViews`). */
export interface ModelInspection {
  model: string;
  importance: { scoring: string; sklearn_scoring: string; baseline: number; rows: number; n_repeats: number; features: { feature: string; mean: number; std: number; repeats: number[] }[] } | null;
  scoring_by_default: boolean; positive_rate: number; val_rows: number; importance_note: string;
  coefficients: { feature: string; coef: number; std: number; standardised: number }[] | null;
}

/** The result views of one run on one part (see `resultViews`). */
export interface ResultViews {
  name: string;
  part: {
    part: string; rows: number; positive_rate: number;
    calibration: { prob_true: number[]; prob_pred: number[]; counts: number[]; edges: number[]; strategy: "uniform" | "quantile" } | null;
    brier: { brier: number; reliability: number; resolution: number; uncertainty: number; within_bin: number } | null;
    calibration_note: string | null;
    /** The top 1 %, 5 % and 10 % of scores: rows, expected positives, gain (share of all positives), lift, precision. */
    top: { top: number; rows: number; positives: number; gain: number; lift: number; precision: number }[];
  };
  inspection: ModelInspection | null;
}

/** What scoring a table with a saved model found. */
export interface ScoreSummary {
  model: string; rows: number; predicted_positive: number; threshold: number;
  positive_class: string; negative_class: string;
  /** Columns the model does not read (neither a feature nor the label). */
  ignored_columns: string[];
  /** `[column, inferred kind, kind used]` for columns read as in training. */
  converted_columns: [string, string, string][];
  /** `[column, rows]` with a category unseen in training. */
  unseen_categories: [string, number][];
  has_label: boolean; missing_labels: number;
  /** Metrics of the labelled rows at the saved threshold; null without the label column. */
  evaluation: Evaluation | null;
}

/** Scores of every row (probability of the positive class) and the label at the saved threshold. */
export interface ScoreResult { summary: ScoreSummary; scores: number[]; positive: boolean[] }

/** A checked model file, described. */
export interface ModelInfo {
  name: string; label: string; positive_class: string; negative_class: string; threshold: number; seed: number;
  /** The columns the model reads. */
  features: string[];
  rareclass_version: string; version: number;
  training: { rows: number; positives: number; positive_rate: number; column_hash: string };
  config: TrainConfig;
}
"#;

/// Installs the panic hook once, when the module is instantiated: a bug
/// shows its message in the console instead of "unreachable", and leaves
/// it in the global `rareclassPanic`, so the worker knows its instance is
/// poisoned (every later call would fail) and asks the page for a new one.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        // The message a person can read; the location is in the console.
        let payload = info.payload();
        let text = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| info.to_string());
        let _ = js_sys::Reflect::set(
            &js_sys::global(),
            &JsValue::from_str("rareclassPanic"),
            &JsValue::from_str(&text),
        );
    }));
}

/// Fault injection for the page's chaos tests: `"panic"` panics (as a bug
/// would), `"abort"` aborts as an allocation past the memory limit does.
/// Anything else does nothing. Not for use: it breaks the instance.
#[wasm_bindgen(js_name = injectFault)]
pub fn inject_fault(kind: &str) {
    match kind {
        "panic" => panic!("injected fault (chaos test)"),
        "abort" => std::process::abort(),
        _ => {}
    }
}

/// The crate version, as in Cargo.toml.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// A progress callback as a `Monitor`: `false` from the callback cancels.
pub(crate) fn monitor_of(progress: &Option<js_sys::Function>) -> impl FnMut(&Progress) -> bool + '_ {
    move |p: &Progress| -> bool {
        let Some(progress) = progress.as_ref() else { return true };
        call_back(progress, to_js(p))
    }
}

/// Calls `callback` with `value`; `false` only when it returned `false`
/// (a throwing callback is a page bug, not a reason to stop).
pub(crate) fn call_back(callback: &js_sys::Function, value: Result<JsValue, JsValue>) -> bool {
    let Ok(value) = value else { return true };
    callback
        .call1(&JsValue::NULL, &value)
        .map(|r| r.as_bool() != Some(false))
        .unwrap_or(true)
}

/// An app error as a JS `Error` with its `code`.
pub(crate) fn js_error(e: AppError) -> JsValue {
    let error = js_sys::Error::new(&e.message);
    // Setting a property on a fresh Error cannot fail.
    let _ = js_sys::Reflect::set(&error, &"code".into(), &e.code.as_str().into());
    // The Chinese wording, when the error has one (www/rpc.js carries it to the page).
    if let Some(zh) = &e.zh {
        let _ = js_sys::Reflect::set(&error, &"zh".into(), &zh.as_str().into());
    }
    error.into()
}

/// One page session (see [`app::Session`]) and the charts painted from it.
#[wasm_bindgen]
pub struct Session {
    app: app::Session,
    charts: Painted,
}

#[wasm_bindgen]
impl Session {
    /// An empty session, ready for the first chunk of a CSV file.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        Session {
            app: app::Session::new(),
            charts: Painted::default(),
        }
    }

    /// A session holding the table of a whole CSV file given as text (the
    /// one-call form of `pushChunk` + `finish`, for library users). Throws
    /// with the reader's message (line number included) on malformed input.
    ///
    /// ```js
    /// const session = Session.fromCsv(await (await fetch('data.csv')).text());
    /// ```
    #[cfg(not(feature = "first-view"))]
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(text: &str) -> Result<Session, JsValue> {
        Session::from_bytes(text.as_bytes())
    }

    /// A session holding the table of a whole CSV file given as bytes
    /// (`Uint8Array`, e.g. from `file.arrayBuffer()`); UTF-8 with or
    /// without a byte-order mark.
    #[cfg(not(feature = "first-view"))]
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> Result<Session, JsValue> {
        Ok(Session {
            app: app::Session::from_bytes(bytes).map_err(js_error)?,
            charts: Painted::default(),
        })
    }

    /// The held table's summary (as returned by [`Session::finish`]).
    /// Throws when no file has been read yet.
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&self.app.summary().map_err(js_error)?)
    }

    /// Feeds the next chunk of CSV bytes; chunks may split rows and UTF-8
    /// sequences anywhere. Throws with the reader's message (line number
    /// included) on malformed input; a session that threw must be replaced.
    #[wasm_bindgen(js_name = pushChunk)]
    pub fn push_chunk(&mut self, bytes: &[u8]) -> Result<(), JsValue> {
        self.app.push_chunk(bytes).map_err(js_error)
    }

    /// Tells the reader the whole file's size before the first chunk, so
    /// columns are allocated once instead of grown by copying (growing wasm
    /// memory cannot remap pages as a native allocator does).
    #[wasm_bindgen(js_name = sizeHint)]
    pub fn size_hint(&mut self, total_bytes: f64) {
        self.app.size_hint(total_bytes.max(0.0) as u64);
    }

    /// How many bytes have been fed so far (for a progress bar).
    #[wasm_bindgen(js_name = bytesRead)]
    pub fn bytes_read(&self) -> f64 {
        // Exact below 2^53 bytes (8 PiB): no CSV a tab can hold comes close.
        self.app.bytes_read() as f64
    }

    /// Ends the input, keeps the table and returns its summary (rows,
    /// columns, per-column kind, missing count, range or top levels) as a
    /// plain JS object.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        to_js(&self.app.finish().map_err(js_error)?)
    }

    /// Trains the models of `config` (an `ExperimentConfig` as a JS object:
    /// `{label, positive: {value: "bad"} | "minority", kinds, pipeline:
    /// {drop}, split, seed, models: [{kind: "logistic", c, class_weight}]}`;
    /// omitted fields take their defaults) on the
    /// table. `progress` is called between stages and solver iterations
    /// with `{stage, fraction, message}`; returning `false` cancels, and
    /// the call then throws an error with code `"cancelled"`; `progress`
    /// may be left out.
    /// Returns `{report, added: {cleared, series, names}}`; the run's scores
    /// are kept for [`Session::evaluate_at`] and the charts, and its models
    /// for [`Session::model_json`], beside earlier runs on the same split
    /// (`added.series` are the new series' indices).
    ///
    /// ```js
    /// const { report } = session.train({ label: 'Class', positive: { value: 'bad' }, models: [{ kind: 'logistic', c: 1 }] });
    /// console.log(report.models[0].test.roc_auc);
    /// ```
    #[wasm_bindgen(unchecked_return_type = "TrainResult")]
    pub fn train(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "TrainConfig")] config: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        let config: ExperimentConfig = from_js(&config, "training settings")?;
        let trained = self.app.train(&config, &mut monitor_of(&progress)).map_err(js_error)?;
        self.charts.clear();
        to_js(&trained)
    }

    /// Up to `limit` distinct values of column `name` with their counts,
    /// most frequent first, as `{values: [[text, count], …], more}` (for
    /// the label and positive-class pickers).
    #[wasm_bindgen(js_name = distinctValues)]
    pub fn distinct_values(&self, name: &str, limit: usize) -> Result<JsValue, JsValue> {
        to_js(&self.app.distinct_values(name, limit).map_err(js_error)?)
    }

    /// The result views of run `series` on `part` (`"train"`, `"val"`,
    /// `"test"`): the reliability curve in `bins` bins (1–100) cut
    /// `strategy` (`"uniform"` or `"quantile"`, as scikit-learn's
    /// `calibration_curve`), the Brier score with its reliability /
    /// resolution / uncertainty parts, what the top 1 / 5 / 10 % of scores
    /// hold, and the model's permutation importance and coefficients.
    #[wasm_bindgen(js_name = resultViews, unchecked_return_type = "ResultViews")]
    pub fn result_views(&self, series: usize, part: &str, bins: usize, strategy: &str) -> Result<JsValue, JsValue> {
        let strategy = strategy
            .parse()
            .map_err(|e: String| js_error(AppError::bad_request(e)))?;
        to_js(
            &self
                .app
                .result_views(series, parse_part(part)?, bins, strategy)
                .map_err(js_error)?,
        )
    }

    /// Forgets every run (the "clear runs" button) until the next run;
    /// [`Session::undo_clear_runs`] brings them back.
    #[wasm_bindgen(js_name = clearRuns)]
    pub fn clear_runs(&mut self) {
        self.app.clear_runs();
        self.charts.clear();
    }

    /// Undoes the last [`Session::clear_runs`] (the page's "Undo"): the
    /// runs, their series numbers and model files come back. Throws
    /// (`not_ready`) when a run was trained since, or nothing was cleared.
    #[wasm_bindgen(js_name = undoClearRuns)]
    pub fn undo_clear_runs(&mut self) -> Result<(), JsValue> {
        self.app.undo_clear_runs().map_err(js_error)
    }

    /// The model file of series `series` (an index of `added.series` from
    /// [`Session::train`]) as JSON text: the fitted pipeline and model,
    /// column schema, config, seed and threshold, versioned. `threshold`,
    /// in [0, 1], is the decision threshold to save (the one chosen while
    /// looking at the results); left out, the run's (`config.threshold`,
    /// default 0.5). Save it as a `.json` file; [`Session::score_model`],
    /// [`score_csv`] and `rareclass predict` read it back.
    #[cfg(not(feature = "first-view"))]
    #[wasm_bindgen(js_name = modelJson)]
    pub fn model_json(&self, series: usize, threshold: Option<f64>) -> Result<String, JsValue> {
        self.app.model_json(series, threshold).map_err(js_error)
    }

    /// The model of `series` (with `threshold`, as [`Session::model_json`])
    /// in another format, as the bytes of a file: `"onnx"` (the ONNX
    /// graph), `"sklearn"`, `"notebook"` or `"pyspark"` (scripts that
    /// refit the run on the held table's split rows, reading `data_name`).
    #[cfg(not(feature = "first-view"))]
    #[wasm_bindgen(js_name = exportModel)]
    pub fn export_model(
        &self,
        series: usize,
        threshold: Option<f64>,
        format: &str,
        data_name: &str,
    ) -> Result<Vec<u8>, JsValue> {
        self.app
            .export_model(series, threshold, format, data_name)
            .map_err(js_error)
    }

    /// Scores every row of the held table with the saved model
    /// `model_json` (the text of a model file): columns matched by name,
    /// extra ones ignored and listed, missing ones an error naming them,
    /// unseen categories counted. Returns `{summary, scores, positive}`:
    /// the `ScoreSummary` (`rows`, `predicted_positive`, `threshold`,
    /// `ignored_columns`, `unseen_categories`, `has_label`, `evaluation`
    /// at the saved threshold when the table has the label column, …),
    /// each row's score in [0, 1] and whether it is at or above the
    /// threshold. Kept for [`Session::predictions_csv`] and, when
    /// labelled, for [`Session::paint_scored`]. Throws with the reason a
    /// model file is refused (empty, not a model, newer version, cut short,
    /// damaged) or the table cannot be scored.
    #[cfg(not(feature = "first-view"))]
    #[wasm_bindgen(js_name = scoreModel, unchecked_return_type = "ScoreResult")]
    pub fn score_model(&mut self, model_json: &str) -> Result<JsValue, JsValue> {
        to_js(&self.app.score_model(model_json).map_err(js_error)?)
    }

    /// The predictions of the last [`Session::score_model`] as CSV text:
    /// `row,[id,]score,label` — the 1-based data row, the cell of column
    /// `id_column` when given (a row identifier), the score (shortest form
    /// that reads back exactly) and the predicted class. The layout
    /// `rareclass predict` writes.
    #[cfg(not(feature = "first-view"))]
    #[wasm_bindgen(js_name = predictionsCsv)]
    pub fn predictions_csv(&self, id_column: Option<String>) -> Result<String, JsValue> {
        self.app.predictions_csv(id_column.as_deref()).map_err(js_error)
    }

    /// Like [`Session::paint`], for the labelled rows scored by the last
    /// [`Session::score_model`] (`request.part` is ignored: they are one
    /// set). Throws when nothing labelled was scored.
    #[cfg(not(feature = "first-view"))]
    #[wasm_bindgen(js_name = paintScored)]
    pub fn paint_scored(
        &mut self,
        id: &str,
        canvas: &OffscreenCanvas,
        request: JsValue,
        dpr: f64,
    ) -> Result<(), JsValue> {
        let req = ChartRequest {
            part: Part::Test,
            series: 0,
            ..from_js(&request, "chart request")?
        };
        let chart = self.app.scored_runs().chart(&req).map_err(AppError::from);
        self.charts.show(id, canvas, chart, dpr)
    }

    /// Every metric of the labelled scored rows at `threshold` in [0, 1]
    /// (as [`Session::evaluate_at`] for a run).
    #[cfg(not(feature = "first-view"))]
    #[wasm_bindgen(js_name = evaluateScored, unchecked_return_type = "Evaluation")]
    pub fn evaluate_scored(&self, threshold: f64) -> Result<JsValue, JsValue> {
        to_js(&self.app.evaluate_scored(threshold).map_err(js_error)?)
    }

    /// Every metric of run `series` on `part` (`"train"`, `"val"`,
    /// `"test"`) at `threshold` in [0, 1]: an `Evaluation` object.
    #[wasm_bindgen(js_name = evaluateAt, unchecked_return_type = "Evaluation")]
    pub fn evaluate_at(&self, series: usize, part: &str, threshold: f64) -> Result<JsValue, JsValue> {
        to_js(
            &self
                .app
                .evaluate_at(series, parse_part(part)?, threshold)
                .map_err(js_error)?,
        )
    }

    /// The threshold a rule picks on run `series`'s validation rows
    /// (never the test rows, which only report; throws when the split has
    /// no validation part): `chooser` is `{kind: "best_f1"}`,
    /// `{kind: "recall", target}`, `{kind: "precision", target}` or
    /// `{kind: "min_cost", c_fn, c_fp}`.
    #[wasm_bindgen(js_name = chooseThreshold)]
    pub fn choose_threshold(&self, series: usize, chooser: JsValue) -> Result<f64, JsValue> {
        let chooser: Chooser = from_js(&chooser, "threshold rule")?;
        self.app.choose_threshold(series, chooser).map_err(js_error)
    }

    /// The draw ops of a chart as JSON text, for tests and for a JS
    /// painter. `request` is a `ChartRequest` (`{kind: "roc" | "pr" |
    /// "confusion" | "scores" | "threshold" | "ks" | "calibration" |
    /// "gain" | "lift" | "coefficients" | "importance", width, height,
    /// dark, threshold, series, part, log_count, bins, calibration_bins,
    /// calibration_strategy}`).
    #[cfg(not(feature = "first-view"))]
    #[wasm_bindgen(js_name = chartOps)]
    pub fn chart_ops(&self, request: JsValue) -> Result<String, JsValue> {
        let req: ChartRequest = from_js(&request, "chart request")?;
        let chart = self.app.runs().chart(&req).map_err(|e| js_error(e.into()))?;
        Ok(chart.ops_json())
    }

    /// Lays out the chart `request` asks for at its CSS size and paints it
    /// on `canvas` at `dpr` device pixels per CSS px; remembers it as `id`
    /// for [`Session::hover`].
    pub fn paint(&mut self, id: &str, canvas: &OffscreenCanvas, request: JsValue, dpr: f64) -> Result<(), JsValue> {
        let req: ChartRequest = from_js(&request, "chart request")?;
        let chart = self.app.runs().chart(&req).map_err(AppError::from);
        self.charts.show(id, canvas, chart, dpr)
    }

    /// The hover text of the point of chart `id` nearest to `(x, y)` CSS
    /// px (within 24 px), or `undefined`.
    pub fn hover(&self, id: &str, x: f32, y: f32) -> Option<String> {
        self.charts.hover(id, x, y)
    }

    /// Read-out `index` of chart `id` for a keyboard walk: `{index, count,
    /// x, y, label}` (`index` clamped to the last, `x`/`y` in CSS px), or
    /// `undefined` when the chart has none.
    #[wasm_bindgen(js_name = hitAt)]
    pub fn hit_at(&self, id: &str, index: usize) -> Result<JsValue, JsValue> {
        self.charts.hit_js(id, index)
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

/// Paints the training history (loss per solver iteration, log y axis) on
/// `canvas` at `width × height` CSS px and `dpr`. A free function, not a
/// `Session` method, so the worker can call it from inside the progress
/// callback while `Session::train` holds the session. `lang` (`"en"`,
/// `"zh"`; omitted: English) is the language of its words.
#[cfg(not(feature = "first-view"))]
#[wasm_bindgen(js_name = paintHistory)]
#[allow(clippy::too_many_arguments)]
pub fn paint_history(
    canvas: &OffscreenCanvas,
    iterations: &[f64],
    losses: &[f64],
    width: f32,
    height: f32,
    dark: bool,
    dpr: f64,
    lang: Option<String>,
) -> Result<(), JsValue> {
    let points: Vec<(f64, f64)> = iterations.iter().copied().zip(losses.iter().copied()).collect();
    let theme = theme_of(dark).in_lang(lang_of(lang));
    let curve = Curve::new(theme.say("training objective"), 0, points);
    let chart = history_chart(&[curve], theme.say("Objective (log)"), true, width, height, &theme);
    canvas::paint_once(canvas, &chart, dpr)
}

/// Checks a saved model (the text of a model file) and describes it:
/// `{name, label, positive_class, negative_class, threshold, seed,
/// features, rareclass_version, version, training: {rows, positives,
/// positive_rate, column_hash}, config}` where `features` are the columns
/// the model reads. Throws with what is wrong with an empty, foreign,
/// newer, truncated, damaged or inconsistent file.
#[cfg(not(feature = "first-view"))]
#[wasm_bindgen(js_name = readModel, unchecked_return_type = "ModelInfo")]
pub fn read_model(model_json: &str) -> Result<JsValue, JsValue> {
    let info: ModelInfo = library::read_model(model_json).map_err(js_error)?;
    to_js(&info)
}

/// Reads the page's settings link (a URL fragment, `#label=…&seed=…`):
/// `null` when empty, else `{label, positive, c, weight, split, seed,
/// drop}` (absent settings `null`). Throws with the reason when a value is
/// malformed or out of range (see [`crate::link::parse_link`]).
#[wasm_bindgen(js_name = parseLink)]
pub fn parse_link(fragment: &str) -> Result<JsValue, JsValue> {
    to_js(&library::parse_link(fragment).map_err(js_error)?)
}

/// Scores CSV text `csv_text` with the saved model `model_json` in one
/// call: `{summary, scores, positive}` as [`Session::score_model`]
/// returns (metrics in `summary.evaluation` when the file has the label
/// column). Throws on a bad model file, a malformed CSV or a table the
/// model cannot score (missing columns are all named).
///
/// ```js
/// const { scores, summary } = scoreCsv(modelText, csvText);
/// ```
#[cfg(not(feature = "first-view"))]
#[wasm_bindgen(js_name = scoreCsv, unchecked_return_type = "ScoreResult")]
pub fn score_csv(model_json: &str, csv_text: &str) -> Result<JsValue, JsValue> {
    to_js(&library::score_csv(model_json, csv_text.as_bytes()).map_err(js_error)?)
}

/// Fits logistic regression on a row-major `y.length × nFeatures` matrix
/// `x` (`Float32Array`) with labels `y` (`Uint8Array`, non-zero = positive)
/// and hyperparameters `params` in their JSON form (e.g. `{c: 1,
/// class_weight: "balanced", max_iter: 1000}`; omitted fields take their
/// defaults, unknown ones are refused; `undefined` for all defaults).
/// Returns the fitted model (`coef`, `intercept`, `n_iter`, `converged`,
/// ...). Throws on bad parameters, a matrix of the wrong size, or data the
/// fit refuses.
#[cfg(not(feature = "first-view"))]
#[wasm_bindgen(js_name = fitLogistic)]
pub fn fit_logistic(x: &[f32], n_features: usize, y: &[u8], params: JsValue) -> Result<JsValue, JsValue> {
    let params: ValidLogistic = if params.is_undefined() || params.is_null() {
        ValidLogistic::default()
    } else {
        from_js(&params, "logistic regression parameters")?
    };
    to_js(&library::fit_logistic(x, n_features, y, &params).map_err(js_error)?)
}

/// A model spec (the object `Session.train` takes in `models`) from a kind
/// (`logistic`, `mlp`, `tree`, `forest`, `gbdt`, `majority`) and
/// `key=value` settings separated by commas, semicolons or spaces, read as
/// the command line's `--set` reads them (`"C=0.5, imbalance=class-weight"`).
/// Throws naming the setting it cannot read.
///
/// ```js
/// session.train({ label: 'Class', models: [modelSpec('tree', 'max_depth=3')] });
/// ```
#[wasm_bindgen(js_name = modelSpec)]
pub fn model_spec(kind: &str, settings: &str) -> Result<JsValue, JsValue> {
    to_js(&library::model_spec(kind, settings).map_err(js_error)?)
}

/// A model spec from a kind and `[key, value]` pairs applied in order as
/// `modelSpec`'s settings are (values may hold commas: `["hidden",
/// "64,32"]`). The page's Train tab builds its spec this way. Throws
/// naming the setting it cannot read.
#[wasm_bindgen(js_name = modelSpecOf)]
pub fn model_spec_of(kind: &str, settings: JsValue) -> Result<JsValue, JsValue> {
    let pairs: Vec<(String, String)> = if settings.is_undefined() || settings.is_null() {
        Vec::new()
    } else {
        from_js(&settings, "settings (a list of [key, value] pairs)")?
    };
    to_js(&library::model_spec_of(kind, &pairs).map_err(js_error)?)
}

/// Every setting of every model kind, by kind: `{key, value, form,
/// choices?, open?, optional}` with `value` the default as `modelSpec`
/// reads it back ("" = none) and `form` one of `number`, `integer`,
/// `bool`, `choice`, `text`.
#[wasm_bindgen(js_name = modelSettings)]
pub fn model_settings() -> Result<JsValue, JsValue> {
    to_js(&library::model_settings())
}

/// The chart language a free paint function was given (`None`: English).
pub(crate) fn lang_of(code: Option<String>) -> crate::chart::Lang {
    code.map_or(crate::chart::Lang::En, |c| crate::chart::Lang::from_code(&c))
}

pub(crate) fn parse_part(part: &str) -> Result<Part, JsValue> {
    part.parse().map_err(|e: String| js_error(AppError::bad_request(e)))
}

pub(crate) use crate::chart::views::theme_of;

/// Reads a config object through its JSON text: unlike
/// `serde_wasm_bindgen::from_value`, which looks up only the fields a struct
/// knows, this lets `deny_unknown_fields` refuse a misspelt option. A
/// refusal is a `bad_request` error starting with `what: `.
pub(crate) fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    let refuse = |e: String| {
        let zh =
            crate::app::error_zh::setting(&e).map(|s| format!("{}：{s}", crate::app::error_zh::settings_object(what)));
        js_error(AppError::bad_request(format!("{what}: {e}")).with_zh(zh))
    };
    let text = js_sys::JSON::stringify(value)
        .map_err(|_| refuse("not a JSON-like object".into()))?
        .as_string()
        .ok_or_else(|| refuse("not a JSON-like object".into()))?;
    serde_json::from_str(&text).map_err(|e| refuse(e.to_string()))
}

/// Serialises with plain objects for maps and numbers for 64-bit integers,
/// so the page can read the result like JSON.
pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).map_err(|e| {
        js_error(AppError::failed(format!(
            "internal error: cannot convert the result for the page: {e}"
        )))
    })
}
