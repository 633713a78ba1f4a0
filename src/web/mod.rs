//! The wasm-bindgen API the page's worker calls: a [`Session`] that owns the
//! parsed table between calls, fed CSV bytes chunk by chunk and asked for a
//! summary, and [`fit_logistic`] for JS callers with a ready matrix. Only
//! conversions live here (bytes and typed arrays in, serde values out,
//! errors to `JsError` via their `Display` text); every number is computed
//! by the core. Knows nothing of the DOM, workers or how the page shows a
//! result.

use ndarray::ArrayView2;
use wasm_bindgen::prelude::*;

use crate::data::{summarize, ReadOptions, Table, TableReader};
use crate::models::logistic::ValidLogistic;
use crate::progress::Silent;

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
