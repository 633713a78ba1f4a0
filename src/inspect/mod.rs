//! What a fitted model relies on, as scikit-learn's `sklearn.inspection`
//! answers it: permutation importance on held-out rows for any model that
//! scores rows ([`permutation`]), and the standardised coefficients of a
//! logistic regression ([`coefficients`]). Works on prepared feature
//! matrices and a scoring function; knows nothing of runs, pages or files
//! (`crate::app::views` puts a run's views together).

pub mod coefficients;
pub mod permutation;

pub use coefficients::{standardised_coefficients, Coefficient};
pub use permutation::{
    join_parts, permutation_importance, permutation_part, seeded_orders, FeatureImportance, ImportancePart,
    PermutationImportance, PERMUTATION_REPEATS,
};

/// Why an inspection could not be made; each says what to change.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum InspectError {
    /// The feature matrix and the labels disagree in length.
    #[error("the feature matrix has {rows} rows but there are {labels} labels")]
    Rows { rows: usize, labels: usize },
    /// There are no rows to permute.
    #[error("no rows to measure importance on; give the validation part a share of the split")]
    NoRows,
    /// A row order is not a permutation of the rows.
    #[error("row order {repeat} is not a permutation of the {rows} rows")]
    BadOrder { repeat: usize, rows: usize },
    /// No repeat was asked for.
    #[error("permutation importance needs at least one repeat, got 0")]
    NoRepeats,
    /// A feature group names columns the matrix does not have.
    #[error("feature \"{feature}\" reads columns {start}..{end}, but the matrix has {columns}")]
    BadGroup {
        feature: String,
        start: usize,
        end: usize,
        columns: usize,
    },
    /// The metric is undefined on these rows (one class).
    #[error("{metric} is undefined on these rows (they hold {positives} positive of {rows}); permutation importance needs rows of both classes")]
    Undefined {
        metric: &'static str,
        positives: usize,
        rows: usize,
    },
    /// Parts of an importance measured apart (by the page's workers) do
    /// not join: a feature missing or twice, or another model's part.
    #[error("permutation importance in parts: {0}; measure it again with one worker")]
    Parts(String),
    /// The coefficients and the matrix disagree.
    #[error("the model has {coefficients} coefficients but the matrix has {columns} columns")]
    Columns { coefficients: usize, columns: usize },
    /// The scores were refused by the metrics (NaN).
    #[error(transparent)]
    Metrics(#[from] crate::metrics::MetricsError),
}
