//! Data in: CSV bytes → typed columnar [`Table`], the label, and splits.
//! Knows nothing of models or the browser.

pub mod table;

pub use table::{Column, ColumnKind, ColumnValues, Table, MISSING_CODE};
pub mod label;
pub mod split;

pub use label::{binary_label, BinaryLabel, LabelError, PositiveClass};
pub use split::{stratified_kfold, stratified_split, Split, SplitError, SplitFractions};
