//! The one error type of the data layer: an opaque [`DataError`] around a
//! matchable [`DataErrorKind`]. Owns the wording of every data message (it is
//! UI: the page shows it as is). Knows nothing of how the CSV is parsed.
//!
//! Message shape (STYLE.md §7): a prefix naming the domain (`CSV line 7:`),
//! the place (line, column name and 1-based index), found vs expected, then a
//! hint after a semicolon; lowercase after the prefix, no final period.

use crate::data::table::ColumnKind;

/// An error found while reading a CSV or preparing a table.
///
/// Match on [`DataError::kind`]; the `Display` text is meant for people.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct DataError(Box<DataErrorKind>);

impl DataError {
    /// What went wrong, with its data.
    pub fn kind(&self) -> &DataErrorKind {
        &self.0
    }

    /// Unwraps the kind.
    pub fn into_kind(self) -> DataErrorKind {
        *self.0
    }

    /// The 1-based physical line of the file the error is on, when known
    /// (lines inside quoted fields count, as an editor shows them).
    pub fn line(&self) -> Option<u64> {
        match *self.0 {
            DataErrorKind::RaggedRow { line, .. } => Some(line),
            DataErrorKind::BadCell { line, .. } => line,
            DataErrorKind::UnterminatedQuote { line } => Some(line),
            _ => None,
        }
    }
}

impl From<DataErrorKind> for DataError {
    fn from(kind: DataErrorKind) -> DataError {
        DataError(Box::new(kind))
    }
}

/// The kinds of [`DataError`]. More may be added, so matches need a `_` arm.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DataErrorKind {
    /// A row has a different number of fields than the header (or than the
    /// first row, when there is no header). One extra empty field at the end
    /// of a row (a trailing delimiter) is tolerated and is not this error.
    #[error(
        "CSV line {line}: found {found} field{}, but the {} has {expected}; {}",
        plural(*found),
        if *has_header { "header" } else { "first row" },
        if found < expected {
            "is a value or delimiter missing, or a line break inside a field without quotes?"
        } else {
            "is there a delimiter inside a field without quotes?"
        }
    )]
    RaggedRow {
        /// 1-based physical line where the row starts.
        line: u64,
        /// Fields in this row.
        found: usize,
        /// Fields in the header (or first row).
        expected: usize,
        /// Whether the first row was a header (only changes the wording).
        has_header: bool,
    },
    /// A cell cannot be read as the type the user chose for its column
    /// (inference itself never fails: it falls back to text).
    #[error("{}", bad_cell(line, *row, column, index, value, *expected))]
    BadCell {
        /// 1-based physical line, when the table still knows it.
        line: Option<u64>,
        /// 1-based data row (header excluded).
        row: usize,
        /// The column's name.
        column: String,
        /// The column's 1-based position, when known.
        index: Option<usize>,
        /// The cell's text.
        value: String,
        /// The type it could not be read as.
        expected: ColumnKind,
    },
    /// The file has no rows at all (or only blank lines).
    #[error("CSV file is empty: no rows found; choose a file with a header and at least one row")]
    Empty,
    /// The bytes are not text: a zero byte or a known binary signature near
    /// the start (a spreadsheet, an archive, UTF-16 text).
    #[error(
        "not a CSV text file: {}; export or save it as CSV (UTF-8) and try again",
        not_text(format, *offset)
    )]
    NotText {
        /// Byte offset of the first give-away.
        offset: u64,
        /// What the file looks like instead, when recognised
        /// (e.g. `"a zip archive (an .xlsx workbook?)"`).
        format: Option<&'static str>,
    },
    /// A quoted field is still open at the end of the file.
    #[error("CSV line {line}: a quoted field starting on this row is never closed; check for a stray '\"'")]
    UnterminatedQuote {
        /// 1-based physical line where the row with the open quote starts.
        line: u64,
    },
    /// A row has more fields than rareclass reads ([`crate::limits::MAX_FIELDS`]).
    #[error(
        "CSV line {line}: the row has more than {} fields, more than rareclass reads; is this a table with one record per line?",
        crate::limits::count_text(*limit as u64)
    )]
    TooManyFields {
        /// 1-based physical line where the row starts.
        line: u64,
        /// The most fields a row may have.
        limit: usize,
    },
    /// A field is longer than rareclass reads ([`crate::limits::MAX_FIELD_BYTES`]).
    #[error(
        "CSV line {line}, field {field}{}: the value is over {} bytes long (at least {} read), more than the {} rareclass reads in one cell; is a quote left open?",
        column.as_deref().map(|c| format!(" (column \"{}\")", cut(c))).unwrap_or_default(),
        crate::limits::count_text(*limit as u64),
        crate::limits::count_text(*bytes as u64),
        crate::limits::bytes_text(*limit as f64)
    )]
    FieldTooLong {
        /// 1-based physical line where the row starts.
        line: u64,
        /// 1-based field position.
        field: usize,
        /// The field's column name, when the header is read.
        column: Option<String>,
        /// Bytes of the field read so far.
        bytes: usize,
        /// The longest field allowed, in bytes.
        limit: usize,
    },
    /// The table would need more memory than [`crate::data::ReadOptions::memory_budget`].
    #[error(
        "this file is {}: about {} rows × {columns} columns, which need about {} in memory, more than the {} a browser tab can hold with room left to train on it; read it with the command-line program (rareclass), or open a sample of its rows",
        crate::limits::bytes_text(*file_bytes as f64),
        crate::limits::count_text(*rows),
        crate::limits::bytes_text(*need as f64),
        crate::limits::bytes_text(*budget as f64)
    )]
    TooBig {
        /// The file's size in bytes.
        file_bytes: u64,
        /// Estimated data rows.
        rows: u64,
        /// Columns.
        columns: usize,
        /// Estimated bytes of the table.
        need: u64,
        /// The budget.
        budget: u64,
    },
    /// The label column does not have exactly two classes.
    #[error(
        "label column \"{column}\" has {} value{} ({}); choose a positive class",
        classes.len(),
        plural(classes.len()),
        quoted_list(classes)
    )]
    LabelNotBinary {
        /// The label column's name.
        column: String,
        /// Its distinct values.
        classes: Vec<String>,
    },
    /// Table buffers handed over from another wasm instance (see
    /// [`crate::data::FlatTable`]) that do not make a table.
    #[error("shared table: {message}; the worker that sent it is out of step, reload the page")]
    BadTableBuffers {
        /// What does not fit, with the numbers.
        message: String,
    },
    /// A column name that the table does not have.
    #[error("no column named \"{}\"; the columns are {}", cut(name), quoted_list(available))]
    UnknownColumn {
        /// The name asked for.
        name: String,
        /// The names the table has.
        available: Vec<String>,
    },
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// At most 40 characters of `s`, with `…` and the length when cut (cells
/// can be huge).
pub(crate) fn cut(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        None => s.to_string(),
        Some((i, _)) => format!(
            "{}… ({} characters)",
            &s[..i],
            crate::limits::count_text(s.chars().count() as u64)
        ),
    }
}

/// `"a", "b", "c"` with at most 8 items, then `and N more`.
fn quoted_list(items: &[String]) -> String {
    const MAX: usize = 8;
    let mut s = items
        .iter()
        .take(MAX)
        .map(|x| format!("\"{}\"", cut(x)))
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > MAX {
        s.push_str(&format!(" and {} more", items.len() - MAX));
    }
    if s.is_empty() {
        s.push_str("none");
    }
    s
}

fn bad_cell(
    line: &Option<u64>,
    row: usize,
    column: &str,
    index: &Option<usize>,
    value: &str,
    expected: ColumnKind,
) -> String {
    let index = index.map(|i| format!(" (#{i})")).unwrap_or_default();
    let place = match line {
        Some(line) => format!("CSV line {line}, column \"{}\"{index}", cut(column)),
        None => format!("column \"{}\"{index}, row {row}", cut(column)),
    };
    let what = match expected {
        ColumnKind::Numeric => "a number",
        ColumnKind::Boolean => "a boolean",
        ColumnKind::Categorical => "a category",
        ColumnKind::DateTime => "a date",
        ColumnKind::Text => "text",
    };
    let hint = match expected {
        ColumnKind::Numeric if value.contains(',') => {
            "; is ',' the decimal mark? Read the file with decimal commas on (and no '.' decimals in this column)"
        }
        ColumnKind::Numeric => "; keep the column as categorical or text, or fix the cell",
        ColumnKind::Boolean => {
            "; a boolean column takes true/false, yes/no, y/n, t/f or 0/1 (to use it as the label, pick its positive class instead)"
        }
        ColumnKind::DateTime => {
            "; dates are read as YYYY-MM-DD or YYYY/MM/DD, optionally with a time HH:MM[:SS] and Z or ±HH:MM"
        }
        _ => "",
    };
    format!("{place}: cannot read \"{}\" as {what}{hint}", cut(value))
}

fn not_text(format: &Option<&'static str>, offset: u64) -> String {
    match format {
        Some(f) => format!("it looks like {f}"),
        None => format!("found a zero byte at byte {offset}"),
    }
}
