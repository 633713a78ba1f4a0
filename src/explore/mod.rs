//! "Is there signal?": statistics and diagnostics computed on the raw table
//! and its binary label, before any pipeline or model. Knows nothing of
//! models, the pipeline, charts or the browser; model diagnostics take plain
//! scores and labels.
//!
//! - [`signal`]: the ranked per-feature signal table (univariate ROC-AUC,
//!   point-biserial r, Welch t-test or chi-square p-value, missing rate) and
//!   the permutation reference that says what "clearly above 0.5" means
//! - [`stats`]: numbers behind the Explore charts (class-conditional
//!   histograms, box-plot summaries, correlation matrices, 2-D densities)
//! - [`diagnostics`]: linter-style findings with a stable code, a sentence
//!   and what to do next

pub mod diagnostics;
pub mod signal;
pub mod stats;

pub use diagnostics::{
    auc_difference, auc_with_se, data_diagnostics, model_checks, model_diagnostics, Diagnostic, ModelCheck, Severity,
    ValidationHistory,
};
pub use signal::{signal_table, Direction, FeatureSignal, PermutationReference, SignalOptions, SignalTable, Test};
pub use stats::{
    box_plots, box_summary, class_histogram, correlation_matrix, density_2d, BoxSummary, ClassBoxPlots, ClassHistogram,
    CorrelationMatrix, Density2d,
};

/// Why an exploration could not be computed.
///
/// Display: `explore error: ` then what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ExploreError {
    /// No column has that name.
    #[error("explore error: no column named {name:?}; the table has {available}")]
    NoColumn {
        /// The name asked for.
        name: String,
        /// Up to six column names, quoted.
        available: String,
    },
    /// The label's row list does not fit the table.
    #[error(
        "explore error: the label refers to row {row} but the table has {rows} rows; make the label from this table"
    )]
    LabelMismatch {
        /// The first offending row.
        row: usize,
        /// The table's row count.
        rows: usize,
    },
    /// A chart statistic needs a numeric column.
    #[error("explore error: column {name:?} is {kind}; this chart needs a numeric column")]
    NotNumeric {
        /// The column.
        name: String,
        /// Its kind's name.
        kind: &'static str,
    },
    /// A parameter is outside its interval.
    #[error("explore error: {name} must be {interval}, got {value}")]
    BadParameter {
        /// The parameter's name.
        name: &'static str,
        /// Its interval, as sklearn writes intervals.
        interval: &'static str,
        /// The value given.
        value: f64,
    },
    /// Scores or a threshold the metrics reject (non-finite, empty, NaN).
    #[error(transparent)]
    Metrics(#[from] crate::metrics::MetricsError),
    /// Model diagnostics got inputs of different lengths.
    #[error("explore error: scores has {scores} values but y has {labels}")]
    LengthMismatch {
        /// `scores.len()`.
        scores: usize,
        /// `y.len()`.
        labels: usize,
    },
}

pub(crate) fn column_list(table: &crate::data::Table) -> String {
    let names = table.names();
    let mut s = names
        .iter()
        .take(6)
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > 6 {
        s.push_str(&format!(" and {} more", names.len() - 6));
    }
    if s.is_empty() {
        s = "no columns".to_string();
    }
    s
}

pub(crate) fn check_label(table: &crate::data::Table, label: &crate::data::BinaryLabel) -> Result<(), ExploreError> {
    if let Some(&row) = label.rows.iter().find(|&&r| r >= table.n_rows) {
        return Err(ExploreError::LabelMismatch {
            row,
            rows: table.n_rows,
        });
    }
    Ok(())
}

/// Average ranks (1-based, ties get the mean of their positions), as
/// `scipy.stats.rankdata(method="average")`.
pub(crate) fn midranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_unstable_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut ranks = vec![0.0; x.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i + 1;
        while j < idx.len() && x[idx[j]] == x[idx[i]] {
            j += 1;
        }
        // Positions i..j (0-based) share rank mean(i+1..=j).
        let r = (i + j + 1) as f64 / 2.0;
        for &k in &idx[i..j] {
            ranks[k] = r;
        }
        i = j;
    }
    ranks
}

/// Pearson correlation of two equal-length slices; `None` when either is
/// constant or there are fewer than two pairs. Two-pass (means first) so
/// large offsets do not cancel.
pub(crate) fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len();
    if n < 2 || y.len() != n || is_constant(x) || is_constant(y) {
        return None;
    }
    let mx = x.iter().sum::<f64>() / n as f64;
    let my = y.iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    Some((sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0))
}

/// Whether every value equals the first (exactly; a constant column's
/// floating-point mean need not equal its value, so test this, not the
/// variance).
pub(crate) fn is_constant(x: &[f64]) -> bool {
    x.iter().all(|v| *v == x[0])
}
