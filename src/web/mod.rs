//! The wasm-bindgen API the page's worker calls: a [`Session`] that owns the
//! parsed table between calls, fed CSV bytes chunk by chunk and asked for a
//! summary. Only conversions live here (bytes in, serde value out, errors to
//! `JsError` via their `Display` text); every number is computed by the core.
//! Knows nothing of the DOM, workers or how the page shows a result.

use wasm_bindgen::prelude::*;

// TODO(csv-reader): swap `interim_reader` for `crate::data` once the CSV
// reader (branch `data`) lands on main; the names and signatures match.
mod interim_reader;
use crate::data::Table;
use interim_reader::{summarize, ReadOptions, TableReader};

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

fn finished() -> JsError {
    JsError::new("session: this file has already been read; start a new session for another file")
}

/// Serialises with plain objects for maps and numbers for 64-bit integers,
/// so the page can read the result like JSON.
fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).map_err(|e| {
        JsError::new(&format!(
            "internal error: cannot convert the result for the page: {e}"
        ))
    })
}
