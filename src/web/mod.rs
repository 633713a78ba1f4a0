//! The wasm-bindgen API the page's worker calls: a [`Session`] that owns the
//! parsed table between calls, fed CSV bytes chunk by chunk and asked for a
//! summary, then trained from an `ExperimentConfig` (progress callback,
//! cancel), asked for metrics at a threshold, threshold choosers and charts
//! (painted by [`canvas`] onto an `OffscreenCanvas`); and [`fit_logistic`]
//! for JS callers with a ready matrix. Only
//! conversions live here (bytes and typed arrays in, serde values out,
//! errors to `JsError` via their `Display` text); every number is computed
//! by the core. Knows nothing of the DOM, workers or how the page shows a
//! result.

pub mod canvas;
pub mod transfer;

use std::collections::BTreeMap;

use ndarray::ArrayView2;
use wasm_bindgen::prelude::*;
use web_sys::OffscreenCanvas;

use crate::chart::views::{ChartRequest, Chooser, Part, Workbench};
use crate::chart::{history_chart, Chart, Curve, Theme};
use crate::data::{summarize, ReadOptions, Table, TableReader};
use crate::experiment::{run, ExperimentConfig, ExperimentError};
use crate::models::logistic::ValidLogistic;
use crate::progress::{Progress, Silent};

/// Installs the panic hook once, when the module is instantiated, so a bug
/// shows its message in the console instead of "unreachable".
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The crate version, as in Cargo.toml.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// One user's working state: the CSV being read, then the table it became.
#[wasm_bindgen]
pub struct Session {
    reader: Option<TableReader>,
    table: Option<Table>,
    bytes_read: u64,
    bench: Workbench,
    /// The last chart painted on each canvas, for hover read-outs.
    charts: BTreeMap<String, Chart>,
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
        }
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
        let table = reader.finish()?;
        let summary = summarize(&table);
        self.table = Some(table);
        to_js(&summary)
    }

    /// Trains the models of `config` (an `ExperimentConfig` as a JS object:
    /// `{label, positive: {value: "bad"} | "minority", kinds, pipeline:
    /// {drop}, split, seed, models: [{kind: "logistic", c, class_weight}]}`;
    /// omitted fields take their defaults) on the
    /// table. `progress` is called between phases and solver iterations
    /// with `{phase, fraction, message}`; returning `false` cancels, and
    /// the call then throws `"cancelled"`. Returns `{report, added:
    /// {cleared, series, names}}`; the run's scores are kept for
    /// [`Session::evaluate_at`] and the charts, beside earlier runs on the
    /// same split.
    pub fn train(&mut self, config: JsValue, progress: &js_sys::Function) -> Result<JsValue, JsError> {
        let table = self.table.as_ref().ok_or_else(no_table)?;
        let config: ExperimentConfig =
            from_js(&config).map_err(|e| JsError::new(&format!("training settings: {e}")))?;
        let mut monitor = |p: &Progress| -> bool {
            let Ok(value) = to_js(p) else { return true };
            // A throwing callback is a page bug, not a reason to stop training.
            progress
                .call1(&JsValue::NULL, &value)
                .map(|r| r.as_bool() != Some(false))
                .unwrap_or(true)
        };
        let result = run(table, &config, &mut monitor).map_err(|e| match e {
            ExperimentError::Cancelled => JsError::new("cancelled"),
            e => JsError::new(&e.to_string()),
        })?;
        let added = self.bench.add_run(&result)?;
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
        self.charts.clear();
    }

    /// Every metric of run `series` on `part` (`"train"`, `"val"`,
    /// `"test"`) at `threshold` in [0, 1]: an `Evaluation` object.
    #[wasm_bindgen(js_name = evaluateAt)]
    pub fn evaluate_at(&self, series: usize, part: &str, threshold: f64) -> Result<JsValue, JsError> {
        to_js(&self.bench.evaluate_at(series, parse_part(part)?, threshold)?)
    }

    /// The threshold a rule picks: `chooser` is `{kind: "best_f1"}`,
    /// `{kind: "recall", target}`, `{kind: "precision", target}` or
    /// `{kind: "min_cost", c_fn, c_fp}`.
    #[wasm_bindgen(js_name = chooseThreshold)]
    pub fn choose_threshold(&self, series: usize, part: &str, chooser: JsValue) -> Result<f64, JsError> {
        let chooser: Chooser = from_js(&chooser).map_err(|e| JsError::new(&format!("threshold rule: {e}")))?;
        Ok(self.bench.choose(series, parse_part(part)?, chooser)?)
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
