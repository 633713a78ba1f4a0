//! The columnar `Table` a CSV becomes: one typed column per field, missing
//! values kept as missing. Knows nothing of CSV syntax, models or the browser.

use serde::{Deserialize, Serialize};

/// What a column holds, as inferred or as the user chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// Real numbers.
    Numeric,
    /// Two values such as `true`/`false`, `yes`/`no`, `Y`/`N`.
    Boolean,
    /// A small set of repeated strings.
    Categorical,
    /// Dates or date-times, held as seconds since 1970-01-01 UTC. JSON
    /// writes `date_time` and reads `datetime` too (the name messages use).
    #[serde(alias = "datetime")]
    DateTime,
    /// Identifiers or free text: excluded from features by default.
    Text,
}

impl ColumnKind {
    /// The lower-case name used in messages, JSON and the CLI.
    pub fn name(self) -> &'static str {
        match self {
            ColumnKind::Numeric => "numeric",
            ColumnKind::Boolean => "boolean",
            ColumnKind::Categorical => "categorical",
            ColumnKind::DateTime => "datetime",
            ColumnKind::Text => "text",
        }
    }
}

/// Reads a kind by the name [`ColumnKind::name`] gives (case and
/// surrounding spaces ignored; `date_time` and `date` also mean datetime).
impl std::str::FromStr for ColumnKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "numeric" => Ok(ColumnKind::Numeric),
            "boolean" => Ok(ColumnKind::Boolean),
            "categorical" => Ok(ColumnKind::Categorical),
            "datetime" | "date_time" | "date" => Ok(ColumnKind::DateTime),
            "text" => Ok(ColumnKind::Text),
            _ => Err(format!(
                "{s:?} is not one of numeric, boolean, categorical, datetime, text"
            )),
        }
    }
}

impl std::fmt::Display for ColumnKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The code of a missing value in [`ColumnValues::Codes`].
pub const MISSING_CODE: u32 = u32::MAX;

/// The cells of one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ColumnValues {
    /// `Numeric` (the number) and `DateTime` (seconds since 1970-01-01 UTC)
    /// columns; `NaN` is missing.
    Numbers(Vec<f64>),
    /// `Boolean`, `Categorical` and `Text` columns: each cell is an index
    /// into `levels`, or [`MISSING_CODE`]. Levels are in order of first
    /// appearance, except for `Boolean`, where `levels` has exactly two
    /// entries: the false spelling, then the true one.
    Codes { codes: Vec<u32>, levels: Vec<String> },
}

/// One named, typed column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// The header text (or `column_N`, 1-based, when the file has no header).
    pub name: String,
    /// What the values are.
    pub kind: ColumnKind,
    /// The values, one per row.
    pub values: ColumnValues,
}

impl Column {
    /// How many rows the column has.
    pub fn len(&self) -> usize {
        match &self.values {
            ColumnValues::Numbers(v) => v.len(),
            ColumnValues::Codes { codes, .. } => codes.len(),
        }
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether row `i` is missing.
    pub fn is_missing(&self, i: usize) -> bool {
        match &self.values {
            ColumnValues::Numbers(v) => v[i].is_nan(),
            ColumnValues::Codes { codes, .. } => codes[i] == MISSING_CODE,
        }
    }

    /// How many cells are missing.
    pub fn missing_count(&self) -> usize {
        match &self.values {
            ColumnValues::Numbers(v) => v.iter().filter(|x| x.is_nan()).count(),
            ColumnValues::Codes { codes, .. } => codes.iter().filter(|&&c| c == MISSING_CODE).count(),
        }
    }

    /// The numbers of a `Numeric` or `DateTime` column.
    pub fn numbers(&self) -> Option<&[f64]> {
        match &self.values {
            ColumnValues::Numbers(v) => Some(v),
            ColumnValues::Codes { .. } => None,
        }
    }

    /// The codes and levels of a `Boolean`, `Categorical` or `Text` column.
    pub fn codes(&self) -> Option<(&[u32], &[String])> {
        match &self.values {
            ColumnValues::Numbers(_) => None,
            ColumnValues::Codes { codes, levels } => Some((codes, levels)),
        }
    }

    /// Row `i` as text, as a person would read it (`None` when missing).
    pub fn cell_text(&self, i: usize) -> Option<String> {
        match &self.values {
            ColumnValues::Numbers(v) if v[i].is_nan() => None,
            ColumnValues::Numbers(v) => Some(self.value_text(v[i])),
            ColumnValues::Codes { codes, .. } if codes[i] == MISSING_CODE => None,
            ColumnValues::Codes { codes, levels } => Some(levels[codes[i] as usize].clone()),
        }
    }
}

impl Column {
    /// A value of this numeric column as a person reads it: a date/time
    /// column's seconds as an ISO date (with the time of day when it is not
    /// midnight), other numbers as [`format_number`].
    pub fn value_text(&self, x: f64) -> String {
        if self.kind == ColumnKind::DateTime && x.is_finite() {
            crate::data::infer::format_datetime(x, x.rem_euclid(86_400.0) != 0.0)
        } else {
            format_number(x)
        }
    }
}

/// Formats a number the shortest way that reads back to the same value
/// (`1` not `1.0`), as a label or category name.
pub fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A parsed CSV: equal-length typed columns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The columns, in file order.
    pub columns: Vec<Column>,
    /// The number of data rows (header excluded).
    pub n_rows: usize,
}

impl Table {
    /// The column called `name`, if any.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The position of the column called `name`, if any.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// The column names, in file order.
    pub fn names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }

    /// The position of the column called `name`, or an error listing the
    /// names there are (for a user-typed name, e.g. the label column).
    pub fn require_column(&self, name: &str) -> Result<usize, crate::data::DataError> {
        self.column_index(name).ok_or_else(|| {
            crate::data::DataErrorKind::UnknownColumn {
                name: name.to_string(),
                available: self.columns.iter().map(|c| c.name.clone()).collect(),
            }
            .into()
        })
    }
}
