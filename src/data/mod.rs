//! Data in: CSV bytes → typed columnar [`Table`] (and a table as flat
//! buffers for another wasm instance), the label, and splits.
//! Knows nothing of models or the browser.

pub mod csv_read;
pub mod error;
pub mod flat;
pub mod infer;
pub mod label;
pub mod sniff;
pub mod split;
pub mod summary;
pub mod table;

pub use csv_read::{
    convert_column, convert_table_column, read_csv, read_csv_with_report, ReadOptions, ReadReport, TableReader,
};
pub use error::{DataError, DataErrorKind};
pub use flat::{FlatColumn, FlatHeader, FlatTable};
pub use label::{binary_label, BinaryLabel, LabelError, PositiveClass};
pub use split::{stratified_kfold, stratified_split, Split, SplitError, SplitFractions};
pub use summary::{distinct_values, summarize, ColumnSummary, TableSummary};
pub use table::{Column, ColumnKind, ColumnValues, Table, MISSING_CODE};
