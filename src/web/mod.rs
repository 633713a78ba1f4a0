//! The wasm-bindgen API the page's worker calls: a [`Session`] that owns the
//! parsed table between calls, fed CSV bytes chunk by chunk and asked for a
//! summary, then trained from an `ExperimentConfig` (progress callback,
//! cancel), asked for metrics at a threshold, threshold choosers and charts
//! (painted by [`canvas`] onto an `OffscreenCanvas`), saved as model files
//! and used to score a table with a saved model; the free functions
//! [`score_csv`] and [`read_model`] for library users with a model file and
//! CSV text in hand, and [`fit_logistic`] for JS callers with a ready
//! matrix. Only
//! conversions live here (bytes and typed arrays in, serde values out,
//! errors to `JsError` via their `Display` text); every number is computed
//! by the core. Knows nothing of the DOM, workers or how the page shows a
//! result.

// Timing exports for bench/ only: not in the shipped package.
#[cfg(feature = "bench")]
pub mod bench;
#[cfg(feature = "bench")]
pub mod bench_gbdt;
#[cfg(feature = "bench")]
pub mod bench_mmd;
pub mod canvas;
pub mod compare;
pub mod explore;
pub mod transfer;

use std::collections::BTreeMap;

use ndarray::ArrayView2;
use wasm_bindgen::prelude::*;
use web_sys::OffscreenCanvas;

use crate::chart::views::{ChartRequest, Chooser, Part, Workbench};
use crate::chart::{history_chart, Chart, Curve, Theme};
use crate::data::{summarize, ReadOptions, Table, TableReader};
use crate::experiment::{run, ExperimentConfig, ExperimentError};
use crate::model_file::ModelFile;
use crate::models::logistic::ValidLogistic;
use crate::predict::{score_table, Scored};
use crate::progress::{Progress, Silent};

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
    data: { rows: number; columns: number; positives: number; label: string; positive_class: string; negative_class: string; positive_is_minority: boolean; missing_labels: number; balance: string; features: string[] };
    split: { train: number; val: number; test: number; train_positives: number; val_positives: number; test_positives: number };
    /** `feature_importance` (per `data.features`, boosted trees' total split gain) only for kinds that measure it. */
    models: { name: string; kind: string; fit_seconds: number; n_iter: number; converged: boolean; train: Evaluation; val: Evaluation | null; test: Evaluation | null; feature_importance?: number[] }[];
    warnings: string[];
  };
  /** `series` are the new runs' indices (for `modelJson`, `evaluateAt`); `names` every series' name. */
  added: { cleared: boolean; series: number[]; names: string[] };
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

/// One user's working state: the CSV being read, then the table it became.
/// A progress callback as a `Monitor`: `false` from the callback cancels.
pub(crate) fn monitor_of(progress: &Option<js_sys::Function>) -> impl FnMut(&Progress) -> bool + '_ {
    move |p: &Progress| -> bool {
        let Some(progress) = progress.as_ref() else { return true };
        let Ok(value) = to_js(p) else { return true };
        // A throwing callback is a page bug, not a reason to stop.
        progress
            .call1(&JsValue::NULL, &value)
            .map(|r| r.as_bool() != Some(false))
            .unwrap_or(true)
    }
}

pub(crate) fn experiment_error(e: ExperimentError) -> JsError {
    match e {
        ExperimentError::Cancelled => JsError::new("cancelled"),
        e => JsError::new(&e.to_string()),
    }
}

#[wasm_bindgen]
pub struct Session {
    reader: Option<TableReader>,
    table: Option<Table>,
    bytes_read: u64,
    bench: Workbench,
    /// The last chart painted on each canvas, for hover read-outs.
    charts: BTreeMap<String, Chart>,
    /// The model file of each series of `bench`, same order.
    saved: Vec<ModelFile>,
    /// The table scored by a saved model: the scores, and one series (as the
    /// test part) for its charts when the table has the label column.
    scored: Option<Scored>,
    scored_bench: Workbench,
    /// The comparison view's models (see [`compare`]).
    compare: compare::CompareState,
}

#[wasm_bindgen]
impl Session {
    /// An empty session, ready for the first chunk of a CSV file.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        Session {
            reader: Some(TableReader::new(ReadOptions::default())),
            table: None,
            bytes_read: 0,
            bench: Workbench::new(),
            charts: BTreeMap::new(),
            saved: Vec::new(),
            scored: None,
            scored_bench: Workbench::new(),
            compare: compare::CompareState::default(),
        }
    }

    /// A session holding the table of a whole CSV file given as text (the
    /// one-call form of `pushChunk` + `finish`, for library users). Throws
    /// with the reader's message (line number included) on malformed input.
    ///
    /// ```js
    /// const session = Session.fromCsv(await (await fetch('data.csv')).text());
    /// ```
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(text: &str) -> Result<Session, JsError> {
        Session::from_bytes(text.as_bytes())
    }

    /// A session holding the table of a whole CSV file given as bytes
    /// (`Uint8Array`, e.g. from `file.arrayBuffer()`); UTF-8 with or
    /// without a byte-order mark.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> Result<Session, JsError> {
        let mut s = Session::new();
        if let Some(reader) = s.reader.as_mut() {
            reader.size_hint(bytes.len() as u64);
        }
        s.push_chunk(bytes)?;
        s.finish()?;
        Ok(s)
    }

    /// The held table's summary (as returned by [`Session::finish`]).
    /// Throws when no file has been read yet.
    pub fn summary(&self) -> Result<JsValue, JsError> {
        to_js(&summarize(self.table.as_ref().ok_or_else(no_table)?))
    }

    /// Feeds the next chunk of CSV bytes; chunks may split rows and UTF-8
    /// sequences anywhere. Throws with the reader's message (line number
    /// included) on malformed input; a session that threw must be replaced.
    #[wasm_bindgen(js_name = pushChunk)]
    pub fn push_chunk(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        let reader = self.reader.as_mut().ok_or_else(finished)?;
        reader.push(bytes)?;
        self.bytes_read = reader.bytes_read();
        Ok(())
    }

    /// Tells the reader the whole file's size before the first chunk, so
    /// columns are allocated once instead of grown by copying (growing wasm
    /// memory cannot remap pages as a native allocator does).
    #[wasm_bindgen(js_name = sizeHint)]
    pub fn size_hint(&mut self, total_bytes: f64) {
        if let Some(reader) = self.reader.as_mut() {
            reader.size_hint(total_bytes.max(0.0) as u64);
        }
    }

    /// How many bytes have been fed so far (for a progress bar).
    #[wasm_bindgen(js_name = bytesRead)]
    pub fn bytes_read(&self) -> f64 {
        // Exact below 2^53 bytes (8 PiB): no CSV a tab can hold comes close.
        self.bytes_read as f64
    }

    /// Ends the input, keeps the table and returns its summary (rows,
    /// columns, per-column kind, missing count, range or top levels) as a
    /// plain JS object.
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        let reader = self.reader.take().ok_or_else(finished)?;
        let (table, report) = reader.finish_with_report()?;
        // The reader's notes (renamed columns, infinite cells, empty
        // columns) beside the summary, for the page to show.
        #[derive(serde::Serialize)]
        struct WithNotes {
            #[serde(flatten)]
            summary: crate::data::TableSummary,
            notes: Vec<String>,
        }
        let summary = WithNotes {
            summary: summarize(&table),
            notes: report.notes,
        };
        self.table = Some(table);
        to_js(&summary)
    }

    /// Trains the models of `config` (an `ExperimentConfig` as a JS object:
    /// `{label, positive: {value: "bad"} | "minority", kinds, pipeline:
    /// {drop}, split, seed, models: [{kind: "logistic", c, class_weight}]}`;
    /// omitted fields take their defaults) on the
    /// table. `progress` is called between phases and solver iterations
    /// with `{phase, fraction, message}`; returning `false` cancels, and
    /// the call then throws `"cancelled"`; `progress` may be left out.
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
    ) -> Result<JsValue, JsError> {
        let table = self.table.as_ref().ok_or_else(no_table)?;
        let config: ExperimentConfig =
            from_js(&config).map_err(|e| JsError::new(&format!("training settings: {e}")))?;
        let result = run(table, &config, &mut monitor_of(&progress)).map_err(experiment_error)?;
        let added = self.bench.add_run(&result)?;
        if added.cleared {
            self.saved.clear();
        }
        self.saved
            .extend((0..result.models.len()).filter_map(|m| result.model_file(m)));
        self.charts.clear();
        #[derive(serde::Serialize)]
        struct Trained<'a> {
            report: &'a crate::experiment::Report,
            added: &'a crate::chart::views::Added,
        }
        to_js(&Trained {
            report: &result.report,
            added: &added,
        })
    }

    /// Up to `limit` distinct values of column `name` with their counts,
    /// most frequent first, as `{values: [[text, count], …], more}` (for
    /// the label and positive-class pickers).
    #[wasm_bindgen(js_name = distinctValues)]
    pub fn distinct_values(&self, name: &str, limit: usize) -> Result<JsValue, JsError> {
        let table = self.table.as_ref().ok_or_else(no_table)?;
        let column = table
            .column(name)
            .ok_or_else(|| JsError::new(&format!("column \"{name}\" is not in the file")))?;
        let (values, more) = crate::data::distinct_values(column, limit);
        #[derive(serde::Serialize)]
        struct Distinct {
            values: Vec<(String, usize)>,
            more: bool,
        }
        to_js(&Distinct { values, more })
    }

    /// Forgets every run (the "clear runs" button).
    #[wasm_bindgen(js_name = clearRuns)]
    pub fn clear_runs(&mut self) {
        self.bench.clear();
        self.saved.clear();
        self.charts.clear();
    }

    /// The model file of series `series` (an index of `added.series` from
    /// [`Session::train`]) as JSON text: the fitted pipeline and model,
    /// column schema, config, seed and threshold, versioned. `threshold`,
    /// in [0, 1], is the decision threshold to save (the one chosen while
    /// looking at the results); left out, the run's (`config.threshold`,
    /// default 0.5). Save it as a `.json` file; [`Session::score_model`],
    /// [`score_csv`] and `rareclass predict` read it back.
    #[wasm_bindgen(js_name = modelJson)]
    pub fn model_json(&self, series: usize, threshold: Option<f64>) -> Result<String, JsError> {
        let mut file = match self.saved.get(series) {
            Some(file) => file.clone(),
            None if self.saved.is_empty() => return Err(JsError::new("model: no trained model yet; train one first")),
            None => {
                return Err(JsError::new(&format!(
                    "model: there is no series {series}; expected 0 to {}",
                    self.saved.len() - 1
                )))
            }
        };
        if let Some(t) = threshold {
            if !(0.0..=1.0).contains(&t) {
                return Err(JsError::new(&format!(
                    "model: threshold {t} is not in [0, 1]; pass a probability cut-off"
                )));
            }
            file.threshold = t;
        }
        Ok(file.to_json())
    }

    /// The model of `series` (with `threshold`, as [`Session::model_json`])
    /// in another format, as the bytes of a file: `"onnx"` (the ONNX
    /// graph), `"sklearn"`, `"notebook"` or `"pyspark"` (scripts that
    /// refit the run on the held table's split rows, reading `data_name`).
    #[wasm_bindgen(js_name = exportModel)]
    pub fn export_model(
        &self,
        series: usize,
        threshold: Option<f64>,
        format: &str,
        data_name: &str,
    ) -> Result<Vec<u8>, JsError> {
        let format: crate::export::Format = format.parse().map_err(|e: String| JsError::new(&e))?;
        let file =
            ModelFile::from_json(&self.model_json(series, threshold)?).map_err(|e| JsError::new(&e.to_string()))?;
        let table = self.table.as_ref().ok_or_else(no_table)?;
        crate::export::export(&file, table, format, data_name).map_err(|e| JsError::new(&format!("export: {e}")))
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
    #[wasm_bindgen(js_name = scoreModel, unchecked_return_type = "ScoreResult")]
    pub fn score_model(&mut self, model_json: &str) -> Result<JsValue, JsError> {
        let table = self.table.as_ref().ok_or_else(no_table)?;
        let file = ModelFile::from_json(model_json)?;
        let scored = score_table(&file, table)?;
        let (y, s) = scored.labelled();
        self.scored_bench.clear();
        if !y.is_empty() {
            let sum = &scored.summary;
            self.scored_bench
                .set_scored(&sum.model, y, s, &sum.positive_class, &sum.negative_class)?;
        }
        let out = to_js(&ScoreOut {
            summary: &scored.summary,
            scores: &scored.scores,
            positive: &scored.positive,
        });
        self.scored = Some(scored);
        out
    }

    /// The predictions of the last [`Session::score_model`] as CSV text:
    /// `row,[id,]score,label` — the 1-based data row, the cell of column
    /// `id_column` when given (a row identifier), the score (shortest form
    /// that reads back exactly) and the predicted class. The layout
    /// `rareclass predict` writes.
    #[wasm_bindgen(js_name = predictionsCsv)]
    pub fn predictions_csv(&self, id_column: Option<String>) -> Result<String, JsError> {
        let scored = self
            .scored
            .as_ref()
            .ok_or_else(|| JsError::new("predictions: nothing scored yet; score the file with a model first"))?;
        let table = self.table.as_ref().ok_or_else(no_table)?;
        let id = match id_column.as_deref() {
            Some(name) if !name.is_empty() => Some(
                table
                    .column(name)
                    .ok_or_else(|| JsError::new(&format!("id column \"{name}\" is not in the file")))?,
            ),
            _ => None,
        };
        Ok(scored.to_csv(id))
    }

    /// Like [`Session::paint`], for the labelled rows scored by the last
    /// [`Session::score_model`] (`request.part` is ignored: they are one
    /// set). Throws when nothing labelled was scored.
    #[wasm_bindgen(js_name = paintScored)]
    pub fn paint_scored(
        &mut self,
        id: &str,
        canvas: &OffscreenCanvas,
        request: JsValue,
        dpr: f64,
    ) -> Result<(), JsError> {
        let mut req: ChartRequest = from_js(&request).map_err(|e| JsError::new(&format!("chart request: {e}")))?;
        req.part = Part::Test;
        req.series = 0;
        let chart = self.scored_bench.chart(&req)?;
        canvas::paint(canvas, &chart, dpr).map_err(|e| JsError::new(&format!("cannot draw the chart: {e}")))?;
        self.charts.insert(id.to_string(), chart);
        Ok(())
    }

    /// Every metric of the labelled scored rows at `threshold` in [0, 1]
    /// (as [`Session::evaluate_at`] for a run).
    #[wasm_bindgen(js_name = evaluateScored, unchecked_return_type = "Evaluation")]
    pub fn evaluate_scored(&self, threshold: f64) -> Result<JsValue, JsError> {
        to_js(&self.scored_bench.evaluate_at(0, Part::Test, threshold)?)
    }

    /// Every metric of run `series` on `part` (`"train"`, `"val"`,
    /// `"test"`) at `threshold` in [0, 1]: an `Evaluation` object.
    #[wasm_bindgen(js_name = evaluateAt, unchecked_return_type = "Evaluation")]
    pub fn evaluate_at(&self, series: usize, part: &str, threshold: f64) -> Result<JsValue, JsError> {
        to_js(&self.bench.evaluate_at(series, parse_part(part)?, threshold)?)
    }

    /// The threshold a rule picks on run `series`'s validation rows
    /// (never the test rows, which only report; throws when the split has
    /// no validation part): `chooser` is `{kind: "best_f1"}`,
    /// `{kind: "recall", target}`, `{kind: "precision", target}` or
    /// `{kind: "min_cost", c_fn, c_fp}`.
    #[wasm_bindgen(js_name = chooseThreshold)]
    pub fn choose_threshold(&self, series: usize, chooser: JsValue) -> Result<f64, JsError> {
        let chooser: Chooser = from_js(&chooser).map_err(|e| JsError::new(&format!("threshold rule: {e}")))?;
        Ok(self.bench.choose(series, chooser)?)
    }

    /// The draw ops of a chart as JSON text, for tests and for a JS
    /// painter. `request` is a `ChartRequest` (`{kind: "roc" | "pr" |
    /// "confusion" | "scores" | "threshold" | "ks", width, height, dark,
    /// threshold, series, part, log_count, bins}`).
    #[wasm_bindgen(js_name = chartOps)]
    pub fn chart_ops(&self, request: JsValue) -> Result<String, JsError> {
        Ok(self.build(&request)?.ops_json())
    }

    /// Lays out the chart `request` asks for at its CSS size and paints it
    /// on `canvas` at `dpr` device pixels per CSS px; remembers it as `id`
    /// for [`Session::hover`].
    pub fn paint(&mut self, id: &str, canvas: &OffscreenCanvas, request: JsValue, dpr: f64) -> Result<(), JsError> {
        let chart = self.build(&request)?;
        canvas::paint(canvas, &chart, dpr).map_err(|e| JsError::new(&format!("cannot draw the chart: {e}")))?;
        self.charts.insert(id.to_string(), chart);
        Ok(())
    }

    /// The hover text of the point of chart `id` nearest to `(x, y)` CSS
    /// px (within 24 px), or `undefined`.
    pub fn hover(&self, id: &str, x: f32, y: f32) -> Option<String> {
        self.charts.get(id)?.nearest(x, y, 24.0).map(|h| h.label.clone())
    }
}

impl Session {
    fn build(&self, request: &JsValue) -> Result<Chart, JsError> {
        let req: ChartRequest = from_js(request).map_err(|e| JsError::new(&format!("chart request: {e}")))?;
        Ok(self.bench.chart(&req)?)
    }
}

/// Paints the training history (loss per solver iteration, log y axis) on
/// `canvas` at `width × height` CSS px and `dpr`. A free function, not a
/// `Session` method, so the worker can call it from inside the progress
/// callback while `Session::train` holds the session.
#[wasm_bindgen(js_name = paintHistory)]
pub fn paint_history(
    canvas: &OffscreenCanvas,
    iterations: &[f64],
    losses: &[f64],
    width: f32,
    height: f32,
    dark: bool,
    dpr: f64,
) -> Result<(), JsError> {
    let theme = if dark { Theme::dark() } else { Theme::light() };
    let points: Vec<(f64, f64)> = iterations.iter().copied().zip(losses.iter().copied()).collect();
    let curve = Curve::new("training objective", 0, points);
    let chart = history_chart(&[curve], "Objective (log)", true, width, height, &theme);
    canvas::paint(canvas, &chart, dpr).map_err(|e| JsError::new(&format!("cannot draw the chart: {e}")))
}

#[derive(serde::Serialize)]
struct ScoreOut<'a> {
    summary: &'a crate::predict::ScoreSummary,
    scores: &'a [f64],
    positive: &'a [bool],
}

/// Checks a saved model (the text of a model file) and describes it:
/// `{name, label, positive_class, negative_class, threshold, seed,
/// features, rareclass_version, version, training: {rows, positives,
/// positive_rate, column_hash}, config}` where `features` are the columns
/// the model reads. Throws with what is wrong with an empty, foreign,
/// newer, truncated, damaged or inconsistent file.
#[wasm_bindgen(js_name = readModel, unchecked_return_type = "ModelInfo")]
pub fn read_model(model_json: &str) -> Result<JsValue, JsError> {
    let file = ModelFile::from_json(model_json)?;
    #[derive(serde::Serialize)]
    struct Info<'a> {
        name: &'a str,
        label: &'a str,
        positive_class: &'a str,
        negative_class: &'a str,
        threshold: f64,
        seed: u64,
        features: Vec<&'a str>,
        rareclass_version: &'a str,
        version: u32,
        training: &'a crate::model_file::TrainingFingerprint,
        config: &'a ExperimentConfig,
    }
    to_js(&Info {
        name: &file.name,
        label: &file.label,
        positive_class: &file.positive_class,
        negative_class: &file.negative_class,
        threshold: file.threshold,
        seed: file.seed,
        features: file.feature_columns(),
        rareclass_version: &file.rareclass_version,
        version: file.version,
        training: &file.training,
        config: &file.config,
    })
}

/// Reads the page's settings link (a URL fragment, `#label=…&seed=…`):
/// `null` when empty, else `{label, positive, c, weight, split, seed,
/// drop}` (absent settings `null`). Throws with the reason when a value is
/// malformed or out of range (see [`crate::link::parse_link`]).
#[wasm_bindgen(js_name = parseLink)]
pub fn parse_link(fragment: &str) -> Result<JsValue, JsError> {
    let settings = crate::link::parse_link(fragment).map_err(|e| JsError::new(&e))?;
    to_js(&settings)
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
#[wasm_bindgen(js_name = scoreCsv, unchecked_return_type = "ScoreResult")]
pub fn score_csv(model_json: &str, csv_text: &str) -> Result<JsValue, JsError> {
    // The model first: a wrong model file is the likelier mistake, and cheap to find.
    ModelFile::from_json(model_json)?;
    Session::from_csv(csv_text)?.score_model(model_json)
}

fn parse_part(part: &str) -> Result<Part, JsError> {
    match part {
        "train" => Ok(Part::Train),
        "val" => Ok(Part::Val),
        "test" => Ok(Part::Test),
        other => Err(JsError::new(&format!(
            "part: expected \"train\", \"val\" or \"test\", got \"{other}\""
        ))),
    }
}

fn no_table() -> JsError {
    JsError::new("session: no table yet; open a CSV file first")
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

/// Fits logistic regression on a row-major `y.length × nFeatures` matrix
/// `x` (`Float32Array`) with labels `y` (`Uint8Array`, non-zero = positive)
/// and hyperparameters `params` in their JSON form (e.g. `{c: 1,
/// class_weight: "balanced", max_iter: 1000}`; omitted fields take their
/// defaults, unknown ones are refused; `undefined` for all defaults).
/// Returns the fitted model (`coef`, `intercept`, `n_iter`, `converged`,
/// ...). Throws on bad parameters, a matrix of the wrong size, or data the
/// fit refuses.
#[wasm_bindgen(js_name = fitLogistic)]
pub fn fit_logistic(x: &[f32], n_features: usize, y: &[u8], params: JsValue) -> Result<JsValue, JsError> {
    let params: ValidLogistic = if params.is_undefined() || params.is_null() {
        ValidLogistic::default()
    } else {
        from_js(&params).map_err(|e| JsError::new(&format!("logistic regression parameters: {e}")))?
    };
    let n_values = x.len();
    let x = ArrayView2::from_shape((y.len(), n_features), x)
        .ok()
        .filter(|view| view.len() == n_values)
        .ok_or_else(|| {
            JsError::new(&format!(
                "x has {n_values} values, but {} labels × {n_features} features were given; \
                 pass a row-major matrix with one row per label",
                y.len()
            ))
        })?;
    let y: Vec<bool> = y.iter().map(|&v| v != 0).collect();
    let fitted = params.fit(x, &y, None, &mut Silent)?;
    to_js(&fitted)
}

fn finished() -> JsError {
    JsError::new("session: this file has already been read; start a new session for another file")
}

/// Reads a config object through its JSON text: unlike
/// `serde_wasm_bindgen::from_value`, which looks up only the fields a struct
/// knows, this lets `deny_unknown_fields` refuse a misspelt option.
fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    let text = js_sys::JSON::stringify(value)
        .map_err(|_| "not a JSON-like object".to_string())?
        .as_string()
        .ok_or_else(|| "not a JSON-like object".to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// Serialises with plain objects for maps and numbers for 64-bit integers,
/// so the page can read the result like JSON.
fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&format!("internal error: cannot convert the result for the page: {e}")))
}
