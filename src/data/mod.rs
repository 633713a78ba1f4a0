//! Data in: CSV bytes → typed columnar [`Table`], the label, and splits.
//! Knows nothing of models or the browser.

pub mod table;

pub use table::{Column, ColumnKind, ColumnValues, Table, MISSING_CODE};
