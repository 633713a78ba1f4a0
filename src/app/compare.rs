//! The comparison view: a set of models trained in one config (so they
//! share a split) kept apart from the Train tab's runs, the test-metrics
//! table at each model's own threshold with the winner of each column, and
//! the best-F1 threshold chosen on rows the test metrics do not use.
//! `chart::views` draws the set. A set can also be trained by several
//! workers: the engine's session opens it ([`Session::compare_open`]),
//! fits its share ([`Session::compare_fit`]) while pool workers fit the
//! rest on their own copy of the table ([`super::shared::PoolRun`]), then adopts
//! their fits ([`Session::compare_adopt`]) into the set one worker makes,
//! bit for bit. Knows nothing of JS, workers or drawing.

use serde::Serialize;

use super::error::AppError;
use super::runs::{Chooser, Part, Workbench};
use super::session::Session;
use super::shared::{not_opened, shared_fit, Fitted, Opened, SharedPart};
use crate::checks::DataChecks;
use crate::cv::Scoring;
use crate::experiment::{assemble, run, ExperimentConfig, ModelFit, Report};
use crate::metrics::Evaluation;
use crate::models::mlp::History;
use crate::progress::Monitor;

/// The comparison view's models: their scores and training histories.
#[derive(Debug, Clone, Default)]
pub struct CompareSet {
    /// The models' scores, one series per model.
    pub bench: Workbench,
    /// `names[i]` is model `i`'s name.
    pub names: Vec<String>,
    /// Each model's training history (`None` for models without epochs).
    pub histories: Vec<Option<History>>,
}

/// The columns of the metrics table, in order, whether lower wins, and
/// whether the value depends on the threshold.
pub const COLUMNS: [(&str, bool, bool); 10] = [
    ("tp", false, true),
    ("fp", true, true),
    ("tn", false, true),
    ("fn", true, true),
    ("precision", false, true),
    ("recall", false, true),
    ("roc_auc", false, false),
    ("pr_auc", false, false),
    ("ks", false, false),
    ("f1", false, true),
];

/// One model's row of the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareRow {
    pub name: String,
    pub threshold: f64,
    /// Values in [`COLUMNS`] order; `None` where undefined.
    pub values: Vec<Option<f64>>,
}

/// The comparison table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareTable {
    /// Column names, in [`COLUMNS`] order.
    pub columns: Vec<&'static str>,
    pub rows: Vec<CompareRow>,
    /// `winners[c]`: the row that wins column `c` (`None` when all are
    /// equal); a model predicting one class at its threshold wins no
    /// threshold column.
    pub winners: Vec<Option<usize>>,
    /// The metric the overall ranking uses: `"pr_auc"` when positives are
    /// under 20 % of the rows, else `"roc_auc"`.
    pub ranked_by: &'static str,
    /// Why, in a sentence.
    pub ranked_reason: String,
    /// The model ranked first by `ranked_by`.
    pub best: Option<usize>,
    /// `one_class[i]`: model `i` predicts one class for every test row.
    pub one_class: Vec<bool>,
}

/// What [`Session::compare_train`] returns.
#[derive(Debug, Clone, Serialize)]
pub struct Compared {
    pub report: Report,
    /// `names[i]` is model `i`'s name, its series index in the other calls.
    pub names: Vec<String>,
}

fn column_values(e: &Evaluation) -> Vec<Option<f64>> {
    vec![
        Some(e.tp as f64),
        Some(e.fp as f64),
        Some(e.tn as f64),
        Some(e.fn_ as f64),
        Some(e.precision),
        Some(e.recall),
        e.roc_auc,
        e.pr_auc,
        e.ks,
        Some(e.f1),
    ]
}

impl CompareSet {
    /// The set of `run`'s models.
    fn of(result: &crate::experiment::Run) -> Result<CompareSet, AppError> {
        let mut bench = Workbench::new();
        bench.add_run(result)?;
        Ok(CompareSet {
            bench,
            names: result.models.iter().map(|m| m.name.clone()).collect(),
            histories: result.models.iter().map(|m| m.model.history().cloned()).collect(),
        })
    }

    /// The set, or why there is none.
    pub fn ready(&self) -> Result<&CompareSet, AppError> {
        if self.names.is_empty() {
            return Err(AppError::not_ready(
                "comparison: no models trained yet; train the set first",
            ));
        }
        Ok(self)
    }

    /// The table at `thresholds[i]` for model `i`, on the test rows.
    pub fn table(&self, thresholds: &[f64]) -> Result<CompareTable, AppError> {
        let names = &self.ready()?.names;
        if thresholds.len() != names.len() {
            return Err(AppError::bad_request(format!(
                "comparison: {} thresholds given for {} models; give one per model",
                thresholds.len(),
                names.len()
            )));
        }
        let mut rows = Vec::new();
        let mut one_class = Vec::new();
        for (i, (&t, name)) in thresholds.iter().zip(names).enumerate() {
            let e = self.bench.evaluate_at(i, Part::Test, t)?;
            one_class.push(e.tp + e.fp == 0 || e.tn + e.fn_ == 0);
            rows.push(CompareRow {
                name: name.clone(),
                threshold: t,
                values: column_values(&e),
            });
        }
        let values: Vec<Vec<Option<f64>>> = rows.iter().map(|r| r.values.clone()).collect();
        let lower: Vec<bool> = COLUMNS.iter().map(|c| c.1).collect();
        let at_threshold: Vec<bool> = COLUMNS.iter().map(|c| c.2).collect();
        // The overall ranking: PR-AUC on imbalanced data, else ROC-AUC.
        let rate = self.bench.positive_rate(Part::Test);
        let ranked_by = Scoring::default_for(rate);
        let column = COLUMNS.iter().position(|c| c.0 == ranked_by.name());
        let best = column.and_then(|c| winners(&values.iter().map(|v| vec![v[c]]).collect::<Vec<_>>(), &[false])[0]);
        Ok(CompareTable {
            columns: COLUMNS.iter().map(|c| c.0).collect(),
            winners: winners_at_thresholds(&values, &lower, &at_threshold, &one_class),
            ranked_by: ranked_by.name(),
            ranked_reason: Scoring::default_reason(rate),
            best,
            one_class,
            rows,
        })
    }

    /// The best-F1 threshold of model `series` on the validation rows:
    /// chosen on rows the test metrics do not use; an error when the split
    /// has no validation part.
    pub fn best_f1(&self, series: usize) -> Result<f64, AppError> {
        Ok(self.ready()?.bench.choose(series, Chooser::BestF1)?)
    }
}

impl Session {
    /// Trains every model of `config` for the comparison view, replacing
    /// its previous set (the Train tab's runs are left alone).
    pub fn compare_train(
        &mut self,
        config: &ExperimentConfig,
        monitor: &mut dyn Monitor,
    ) -> Result<Compared, AppError> {
        let result = run(self.table()?, config, monitor)?;
        self.compare = CompareSet::of(&result)?;
        Ok(Compared {
            report: result.report,
            names: self.compare.names.clone(),
        })
    }

    /// The comparison set.
    pub fn compare(&self) -> &CompareSet {
        &self.compare
    }

    /// Opens a comparison of `config` that the engine and `workers - 1`
    /// pool workers train: the split, data check (`checks`:
    /// [`Session::grid_checks`] of the same config, made once for every
    /// worker; `None`: made here) and preparation, kept for
    /// [`Session::compare_fit`] and [`Session::compare_adopt`]. Replaces a
    /// comparison opened before; the set shown stays until the adopt.
    /// Returns each model's expected cost and the deal.
    pub fn compare_open(
        &mut self,
        config: &ExperimentConfig,
        checks: Option<DataChecks>,
        workers: usize,
        monitor: &mut dyn Monitor,
    ) -> Result<Opened, AppError> {
        self.shared_open(|s| &mut s.compare_part, config, checks, workers, monitor)
    }

    /// Fits model `index` of the opened comparison (or, `trees`, trees
    /// `[start, end)` of it, a forest) here and keeps it.
    pub fn compare_fit(
        &mut self,
        index: usize,
        trees: Option<[usize; 2]>,
        monitor: &mut dyn Monitor,
    ) -> Result<Fitted, AppError> {
        shared_fit(&mut self.compare_part, index, trees, monitor)
    }

    /// Joins the fits made here and `adopted` (the pool workers' fits, see
    /// [`super::shared::PoolRun::fit`]) into the set and report [`Session::compare_train`]
    /// gives, replacing the set shown. The opened comparison ends (also
    /// when this fails).
    pub fn compare_adopt(&mut self, adopted: Vec<ModelFit>, monitor: &mut dyn Monitor) -> Result<Compared, AppError> {
        let part = self.compare_part.take().ok_or_else(not_opened)?;
        let SharedPart {
            config,
            prepared,
            mut kept,
        } = part;
        kept.extend(adopted);
        let result = assemble(self.table()?, &config, prepared, kept, monitor)?;
        self.compare = CompareSet::of(&result)?;
        Ok(Compared {
            report: result.report,
            names: self.compare.names.clone(),
        })
    }
}

/// For each column of a metrics table (`rows[model][column]`), the row
/// that wins it: the largest value, or the smallest where
/// `lower_is_better[column]`. Missing and NaN values never win; ties go to
/// the first row; a column where every value is equal has no winner (no
/// model is better), nor does one without any value.
pub fn winners(rows: &[Vec<Option<f64>>], lower_is_better: &[bool]) -> Vec<Option<usize>> {
    let columns = lower_is_better.len();
    (0..columns)
        .map(|c| {
            let values: Vec<(usize, f64)> = rows
                .iter()
                .enumerate()
                .filter_map(|(r, row)| row.get(c).copied().flatten().filter(|v| !v.is_nan()).map(|v| (r, v)))
                .collect();
            let first = values.first()?.1;
            if values.iter().all(|&(_, v)| v == first) && values.len() > 1 {
                return None;
            }
            let better = |a: f64, b: f64| if lower_is_better[c] { a < b } else { a > b };
            let mut best = values[0];
            for &(r, v) in &values[1..] {
                if better(v, best.1) {
                    best = (r, v);
                }
            }
            Some(best.0)
        })
        .collect()
}

/// [`winners`] for a table of models each at its own threshold, where a
/// model that predicts one class for every row (`one_class[row]`: no row
/// flagged, or every row) wins no column that depends on the threshold
/// (`threshold_column[column]`): FP 0 and the largest TN of a model that
/// flags nobody reward doing nothing, as do TP and FN of one that flags
/// everybody. Threshold-free columns (ROC-AUC, PR-AUC, KS) are unaffected.
pub fn winners_at_thresholds(
    rows: &[Vec<Option<f64>>],
    lower_is_better: &[bool],
    threshold_column: &[bool],
    one_class: &[bool],
) -> Vec<Option<usize>> {
    let masked: Vec<Vec<Option<f64>>> = rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, v)| {
                    let degenerate = one_class.get(r).copied().unwrap_or(false);
                    if degenerate && threshold_column.get(c).copied().unwrap_or(false) {
                        None
                    } else {
                        *v
                    }
                })
                .collect()
        })
        .collect();
    winners(&masked, lower_is_better)
}
