//! The Explore tab's and the grid panel's calls on a session's table: the
//! signal table with the data diagnostics, model diagnostics of a run, the
//! simple-model check (majority, logistic regression and a depth-5 tree on
//! one split), stratified k-fold cross-validation and grid search (or one
//! worker's share of its cells). Knows nothing of JS, drawing or how many
//! workers share a grid.

use serde::{Deserialize, Serialize};

use super::error::AppError;
use super::runs::Part;
use super::session::Session;
use crate::cv::{cross_validate, grid_search, CvReport, GridReport};
use crate::data::{binary_label, BinaryLabel, PositiveClass, Table};
use crate::experiment::{run, ExperimentConfig};
use crate::explore::{model_diagnostics, signal_table, Diagnostic, SignalOptions, SignalTable, ValidationHistory};
use crate::model_spec::{MajoritySpec, ModelSpec, TreeSpec};
use crate::progress::Monitor;

/// Which label the exploration is about (as in a `TrainConfig`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LabelChoice {
    pub label: String,
    pub positive: PositiveClass,
    /// Label permutations of the chance reference, in [0, 1000].
    pub permutations: usize,
    /// Seed of the permutations.
    pub seed: u64,
}

impl Default for LabelChoice {
    fn default() -> Self {
        let o = SignalOptions::default();
        LabelChoice {
            label: String::new(),
            positive: PositiveClass::Minority,
            permutations: o.permutations,
            seed: o.seed,
        }
    }
}

/// The signal table and the data diagnostics.
#[derive(Debug, Clone, Serialize)]
pub struct SignalView {
    pub signal: SignalTable,
    pub diagnostics: Vec<Diagnostic>,
}

/// One model of the simple-model check (test-part AUCs, `None` when undefined).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimpleRow {
    pub name: String,
    pub kind: &'static str,
    pub roc_auc: Option<f64>,
    pub pr_auc: Option<f64>,
    pub fit_seconds: f64,
}

/// The binary label of `label` with `positive`, refusing an unchosen label.
pub fn label_of(table: &Table, label: &str, positive: &PositiveClass) -> Result<BinaryLabel, AppError> {
    if label.is_empty() {
        return Err(AppError::bad_request(
            "explore: no label column chosen; pick one in the Label section",
        ));
    }
    Ok(binary_label(table, label, positive)?)
}

/// The three models of the simple-model check for `config`: majority class,
/// `config`'s first logistic regression (a default one when it has none)
/// and a depth-5 decision tree, on `config`'s split.
pub fn simple_check_config(config: &ExperimentConfig) -> ExperimentConfig {
    let logistic = config
        .models
        .iter()
        .find(|m| m.kind() == "logistic")
        .cloned()
        .unwrap_or_else(|| ModelSpec::Logistic(Default::default()));
    ExperimentConfig {
        models: vec![
            ModelSpec::Majority(MajoritySpec::default()),
            logistic,
            ModelSpec::Tree(TreeSpec::default()),
        ],
        ..config.clone()
    }
}

impl Session {
    /// The ranked signal table and the data diagnostics for `choice`.
    pub fn signal_table(&self, choice: &LabelChoice) -> Result<SignalView, AppError> {
        let table = self.table()?;
        let label = label_of(table, &choice.label, &choice.positive)?;
        let opts = SignalOptions {
            permutations: choice.permutations,
            seed: choice.seed,
            ..SignalOptions::default()
        };
        let signal = signal_table(table, &label, &opts)?;
        // The same findings a run's data check gives (leakage, ids, rows, ...).
        let diagnostics = crate::checks::findings(table, &label, &signal, &[])?.findings;
        Ok(SignalView { signal, diagnostics })
    }

    /// Model diagnostics of series `series` on its test rows at
    /// `threshold`, with the validation-loss history of an MLP.
    pub fn model_diagnostics(&self, series: usize, threshold: f64) -> Result<Vec<Diagnostic>, AppError> {
        let (y, scores) = self.runs().part_scores(series, Part::Test)?;
        let losses: Option<Vec<f64>> = self
            .model_history(series)
            .map(|h| h.epochs.iter().filter_map(|e| e.val_loss).collect());
        let history = losses
            .as_deref()
            .filter(|v| v.len() >= 2)
            .map(|values| ValidationHistory {
                metric: "validation loss",
                values,
                higher_is_better: false,
            });
        Ok(model_diagnostics(y, scores, threshold, history.as_ref())?)
    }

    /// The simple-model check (see [`simple_check_config`]); the runs are
    /// not added to the session's.
    pub fn simple_check(
        &self,
        config: &ExperimentConfig,
        monitor: &mut dyn Monitor,
    ) -> Result<Vec<SimpleRow>, AppError> {
        let result = run(self.table()?, &simple_check_config(config), monitor)?;
        Ok(result
            .report
            .models
            .iter()
            .map(|m| SimpleRow {
                name: m.name.clone(),
                kind: m.kind,
                roc_auc: m.test.as_ref().and_then(|e| e.roc_auc),
                pr_auc: m.test.as_ref().and_then(|e| e.pr_auc),
                fit_seconds: m.fit_seconds,
            })
            .collect())
    }

    /// Stratified `folds`-fold cross-validation of every model of `config`.
    pub fn cross_validate(
        &self,
        config: &ExperimentConfig,
        folds: usize,
        monitor: &mut dyn Monitor,
    ) -> Result<CvReport, AppError> {
        Ok(cross_validate(self.table()?, config, folds, monitor)?)
    }

    /// Grid search of `grid` (`"C=0.01,1;class_weight=none,balanced"`) over
    /// `config.models[0]`, scored by `scoring` (`"roc_auc"`, …; `"auto"` or
    /// `""`: PR-AUC when positives are under 20 % of the rows, else
    /// ROC-AUC, the reason in `scoring_note`) under
    /// `folds`-fold CV; `cells` limits it to a worker's share.
    pub fn grid_search(
        &self,
        config: &ExperimentConfig,
        grid: &str,
        folds: usize,
        scoring: &str,
        cells: Option<&[usize]>,
        monitor: &mut dyn Monitor,
    ) -> Result<GridReport, AppError> {
        let table = self.table()?;
        let (grid, scoring, note) = super::grid::search_terms(table, config, grid, scoring)?;
        let mut report = grid_search(table, config, &grid, folds, scoring, cells, monitor)?;
        report.scoring_note = note;
        Ok(report)
    }
}
