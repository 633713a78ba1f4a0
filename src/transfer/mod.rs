//! Transfer mode (SPEC §3, seed 004): a labelled source population and a
//! target population with few or no labels. [`data`] aligns the two tables,
//! fits one preparation pipeline on both populations' features and splits
//! the target into adaptation, validation and test parts. Knows nothing of
//! networks or the browser.

pub mod data;
pub mod methods;
pub mod run;
pub mod verdict;

pub use data::{
    prepare_transfer, Alignment, KindMismatch, LabelCoverage, TargetRows, TransferData, TransferDataParams,
    TransferError,
};
