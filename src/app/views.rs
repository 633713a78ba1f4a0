//! The result views of a run, put together for the page, the CLI and the
//! JS library: what each model relies on (permutation importance on the
//! validation rows for every kind, standardised coefficients for logistic
//! regression), measured once when the run is trained, and per part of the
//! split the reliability curve with the Brier decomposition and the share
//! of positives the top 1 / 5 / 10 % of scores hold, computed from the
//! kept scores when asked. The numbers come from `crate::metrics` and
//! `crate::inspect`; this module chooses the rows, the metric and the
//! seeds, and says why. Knows nothing of drawing, JS or workers.

use ndarray::Array2;
use serde::Serialize;
use std::ops::Range;

use super::error::AppError;
use super::runs::{Part, ViewError, Workbench};
use crate::cv::{Scoring, IMBALANCED_BELOW};
use crate::data::label::thousands;
use crate::data::Table;
use crate::experiment::{apply_kinds, stream_rng, ExperimentConfig, Prepared, Run};
use crate::inspect::{
    join_parts, permutation_part, seeded_orders, standardised_coefficients, Coefficient, ImportancePart,
    PermutationImportance, PERMUTATION_REPEATS,
};
use crate::metrics::{calibration, BinStrategy, BrierDecomposition, CalibrationCurve, GainCurve, TopShare, TOP_SHARES};
use crate::model_spec::FittedModel;
use crate::models::Classifier;
use crate::progress::{Monitor, Progress};

/// How the importance is measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InspectOptions {
    /// Row orders per feature (scikit-learn's `n_repeats`).
    pub repeats: usize,
    /// At most this many validation rows (a seeded sample of them above
    /// it, as scikit-learn's `max_samples`), so a large file's importance
    /// costs seconds, not minutes.
    pub max_rows: usize,
    /// The metric whose drop is measured; `None`: PR-AUC (average
    /// precision) when positives are under 20 % of the rows, else ROC-AUC.
    pub scoring: Option<Scoring>,
}

impl Default for InspectOptions {
    fn default() -> Self {
        InspectOptions {
            repeats: PERMUTATION_REPEATS,
            max_rows: 10_000,
            scoring: None,
        }
    }
}

/// What one model relies on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelInspection {
    /// The model's name in the run.
    pub model: String,
    /// Permutation importance on the validation rows, each input column
    /// shuffled in turn; `None` when the split has no validation rows of
    /// both classes (`importance_note` says so).
    pub importance: Option<PermutationImportance>,
    /// The metric was chosen by the default rule (not named by the user).
    pub scoring_by_default: bool,
    /// The positive share of the rows the importance was measured on.
    pub positive_rate: f64,
    /// Validation rows in the split (the importance may use a sample).
    pub val_rows: usize,
    /// One sentence: which rows, which metric and why, as scikit-learn
    /// would be called for the same numbers; or why there is none.
    pub importance_note: String,
    /// Standardised coefficients, largest magnitude first (logistic
    /// regression only).
    pub coefficients: Option<Vec<Coefficient>>,
}

/// The views of one model's scores on one part of the split.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartViews {
    /// Which rows.
    pub part: &'static str,
    /// How many.
    pub rows: usize,
    /// Their positive share.
    pub positive_rate: f64,
    /// The reliability curve (`None` when a score is not a probability).
    pub calibration: Option<CalibrationCurve>,
    /// The Brier score and its decomposition over the curve's bins.
    pub brier: Option<BrierDecomposition>,
    /// Why there is no calibration curve, when there is none.
    pub calibration_note: Option<String>,
    /// What the top 1 %, 5 % and 10 % of scores hold (empty when the rows
    /// hold no positive).
    pub top: Vec<TopShare>,
}

/// The views of `scores` against `y` (one part's rows), the reliability
/// curve in `bins` bins of `strategy`.
///
/// Errors: no rows, NaN scores, `bins` 0 (a message with the number).
pub fn part_views(
    part: Part,
    y: &[bool],
    scores: &[f64],
    bins: usize,
    strategy: BinStrategy,
) -> Result<PartViews, AppError> {
    if bins == 0 || bins > 100 {
        return Err(AppError::bad_request(format!(
            "calibration bins must be 1 to 100, got {bins}"
        )));
    }
    let ranked = crate::metrics::RankedScores::new(y, scores)?;
    let gain = GainCurve::new(&ranked);
    let mut top = Vec::new();
    for share in TOP_SHARES {
        if let Some(t) = gain.top(share)? {
            top.push(t);
        }
    }
    let (calibration, brier, calibration_note) = match calibration(y, scores, bins, strategy)? {
        Ok((c, b)) => (Some(c), Some(b), None),
        Err(why) => (None, None, Some(why)),
    };
    Ok(PartViews {
        part: part.name(),
        rows: y.len(),
        positive_rate: ranked.positives() as f64 / ranked.rows().max(1) as f64,
        calibration,
        brier,
        calibration_note,
        top,
    })
}

/// Everything the page writes under the views of one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesViews {
    /// The run's display name.
    pub name: String,
    /// Calibration, Brier decomposition and top shares on the part shown.
    pub part: PartViews,
    /// Importance and coefficients, when measured.
    pub inspection: Option<ModelInspection>,
}

/// The views of run `series` of `bench` on `part`.
///
/// Errors: no such run, the part has no rows, bad bins.
pub fn series_views(
    bench: &Workbench,
    series: usize,
    part: Part,
    bins: usize,
    strategy: BinStrategy,
) -> Result<SeriesViews, AppError> {
    let s = bench.get(series)?;
    let (y, scores) = bench.part_scores(series, part)?;
    if y.is_empty() {
        return Err(ViewError::EmptyPart(part.name()).into());
    }
    Ok(SeriesViews {
        name: s.name.clone(),
        part: part_views(part, y, scores, bins, strategy)?,
        inspection: s.inspection.clone(),
    })
}

/// How a share reads in a sentence: "5.2 %".
fn percent(f: f64) -> String {
    format!("{:.1} %", 100.0 * f)
}

/// Measures what every model of `run` relies on: permutation importance on
/// the validation rows (re-prepared from `table` by the run's fitted
/// pipeline, which is deterministic), and the standardised coefficients of
/// logistic regressions on the training rows. The row orders come from the
/// run's seed (stream 4; stream 3 samples the rows), the same for every
/// model, so two models' importances are measured on the same shuffles.
/// `monitor` hears each model and may cancel.
///
/// Errors: the table no longer matches the run (a column missing), or
/// cancelled.
pub fn inspect_run(
    table: &Table,
    run: &Run,
    options: &InspectOptions,
    monitor: &mut dyn Monitor,
) -> Result<Vec<ModelInspection>, AppError> {
    let rows = ImportanceRows::of_run(table, run, options)?;
    inspect_with(table, run, options, &rows, vec![None; run.models.len()], monitor)
}

/// [`inspect_run`] with `rows` made for it and, where `measured[m]` is
/// `Some`, model `m`'s importance measured elsewhere (in parts, by the
/// page's workers: the same bits).
pub(super) fn inspect_with(
    table: &Table,
    run: &Run,
    options: &InspectOptions,
    rows: &ImportanceRows,
    mut measured: Vec<Option<PermutationImportance>>,
    monitor: &mut dyn Monitor,
) -> Result<Vec<ModelInspection>, AppError> {
    let config = &run.report.config;
    let x_train = if run.models.iter().any(|m| matches!(m.model, FittedModel::Logistic(_))) {
        let table = if config.kinds.is_empty() {
            std::borrow::Cow::Borrowed(table)
        } else {
            std::borrow::Cow::Owned(apply_kinds(table, &config.kinds)?)
        };
        let data_rows: Vec<usize> = run.split.train.iter().map(|&i| run.label.rows[i]).collect();
        Some(
            run.pipeline
                .transform(&table, &data_rows)
                .map_err(|e| AppError::failed(format!("coefficients: {e}")))?
                .0,
        )
    } else {
        None
    };
    let mut out = Vec::with_capacity(run.models.len());
    for (m, trained) in run.models.iter().enumerate() {
        monitor
            .report(&Progress {
                stage: "inspect",
                fraction: m as f64 / run.models.len() as f64,
                message: format!("permutation importance of {}", trained.name),
                name: Some(trained.name.clone()),
                task: Some("importance"),
                ..Default::default()
            })
            .map_err(|_| AppError::cancelled())?;
        let importance = match measured.get_mut(m).and_then(Option::take) {
            Some(found) => Some(found),
            None if rows.columns() == 0 => None,
            None => {
                let part = rows.part(
                    &trained.name,
                    &trained.model,
                    (m, run.models.len()),
                    0..rows.columns(),
                    monitor,
                )?;
                Some(rows.join(&trained.name, vec![part])?)
            }
        };
        let note = rows.note(importance.as_ref(), options);
        let coefficients = match (&trained.model, &x_train) {
            (FittedModel::Logistic(l), Some(x)) => Some(
                standardised_coefficients(&l.coef, x.view(), &run.pipeline.feature_names)
                    .map_err(|e| AppError::failed(format!("coefficients of {}: {e}", trained.name)))?,
            ),
            _ => None,
        };
        out.push(ModelInspection {
            model: trained.name.clone(),
            importance,
            scoring_by_default: options.scoring.is_none(),
            positive_rate: rows.rate(),
            val_rows: rows.val_rows,
            importance_note: note,
            coefficients,
        });
    }
    Ok(out)
}

/// The rows a run's permutation importance is measured on and how: the
/// validation rows (a seeded sample of them above `max_rows`) as the run's
/// pipeline prepares them, their labels, the metric, the row orders and the
/// feature groups. The same on any worker that holds the run's split
/// ([`ImportanceRows::of_prepared`] takes the rows from the prepared
/// validation matrix, which is what the pipeline gives them: it prepares
/// row by row), so importance parts measured on the page's workers join
/// into one worker's ([`ImportanceRows::part`], [`ImportanceRows::join`]).
pub struct ImportanceRows {
    /// The rows' features; `None` when the split has no validation rows.
    x: Option<Array2<f32>>,
    y: Vec<bool>,
    positives: usize,
    /// Validation rows in the split.
    val_rows: usize,
    scoring: Scoring,
    orders: Vec<Vec<usize>>,
    groups: Vec<(String, Range<usize>)>,
}

impl ImportanceRows {
    /// The validation rows of `split_val` (positions in the label's rows,
    /// ascending) that the importance reads: all, or a sample of
    /// `max_rows` from the run's stream 3, ascending.
    fn sample(split_val: &[usize], seed: u64, max_rows: usize) -> Vec<usize> {
        let mut val = split_val.to_vec();
        if val.len() > max_rows.max(1) {
            stream_rng(seed, 3).shuffle(&mut val);
            val.truncate(max_rows.max(1));
            val.sort_unstable();
        }
        val
    }

    fn new(
        config: &ExperimentConfig,
        label_y: &[bool],
        split_val: &[usize],
        groups: Vec<(String, Range<usize>)>,
        options: &InspectOptions,
        x_of: impl FnOnce(&[usize]) -> Result<Array2<f32>, AppError>,
    ) -> Result<ImportanceRows, AppError> {
        let val = Self::sample(split_val, config.seed, options.max_rows);
        let y: Vec<bool> = val.iter().map(|&i| label_y[i]).collect();
        let positives = y.iter().filter(|&&v| v).count();
        let rate = positives as f64 / y.len().max(1) as f64;
        let scoring = options.scoring.unwrap_or_else(|| Scoring::default_for(rate));
        let x = if y.is_empty() { None } else { Some(x_of(&val)?) };
        let orders = seeded_orders(y.len(), options.repeats.max(1), &mut stream_rng(config.seed, 4));
        Ok(ImportanceRows {
            x,
            y,
            positives,
            val_rows: split_val.len(),
            scoring,
            orders,
            groups,
        })
    }

    /// The rows of `run`, re-prepared from `table` by its pipeline.
    pub fn of_run(table: &Table, run: &Run, options: &InspectOptions) -> Result<ImportanceRows, AppError> {
        let config = &run.report.config;
        let table = if config.kinds.is_empty() {
            std::borrow::Cow::Borrowed(table)
        } else {
            std::borrow::Cow::Owned(apply_kinds(table, &config.kinds)?)
        };
        let groups = run.pipeline.feature_groups();
        Self::new(config, &run.label.y, &run.split.val, groups, options, |val| {
            let data_rows: Vec<usize> = val.iter().map(|&i| run.label.rows[i]).collect();
            Ok(run
                .pipeline
                .transform(&table, &data_rows)
                .map_err(|e| AppError::failed(format!("importance: {e}")))?
                .0)
        })
    }

    /// The same rows taken from `prepared`'s validation matrix (a pool
    /// worker's, which holds no table).
    pub fn of_prepared(
        prepared: &Prepared,
        config: &ExperimentConfig,
        options: &InspectOptions,
    ) -> Result<ImportanceRows, AppError> {
        let split_val = &prepared.split.val;
        let groups = prepared.pipeline.feature_groups();
        Self::new(config, &prepared.label.y, split_val, groups, options, |val| {
            let positions: Vec<usize> = val
                .iter()
                .map(|i| split_val.binary_search(i).unwrap_or_default())
                .collect();
            Ok(prepared.x_val.select(ndarray::Axis(0), &positions))
        })
    }

    /// Features to measure (0: no importance, [`ImportanceRows::note`] says why).
    pub fn columns(&self) -> usize {
        match self.x {
            Some(_) if self.positives > 0 && self.positives < self.y.len() => self.groups.len(),
            _ => 0,
        }
    }

    fn rate(&self) -> f64 {
        self.positives as f64 / self.y.len().max(1) as f64
    }

    /// The importance of features `columns` for `model` (named `name`,
    /// model `at.0` of `at.1`); `monitor` hears each feature and may cancel.
    pub fn part(
        &self,
        name: &str,
        model: &FittedModel,
        at: (usize, usize),
        columns: Range<usize>,
        monitor: &mut dyn Monitor,
    ) -> Result<ImportancePart, AppError> {
        let Some(x) = self.x.as_ref().filter(|_| self.columns() > 0) else {
            return Err(AppError::bad_request(format!(
                "permutation importance of {name}: {}",
                self.note(None, &InspectOptions::default())
            )));
        };
        let (m, n) = at;
        let predict = |v: ndarray::ArrayView2<f32>| model.predict_proba(v).to_vec();
        let mut hear = |done: usize, of: usize| {
            let p = Progress {
                stage: "inspect",
                fraction: (m as f64 + done as f64 / of.max(1) as f64) / n.max(1) as f64,
                message: format!("permutation importance of {name}: column {} of {of}", done + 1),
                unit: Some("column"),
                step: Some(done + 1),
                of: Some(of),
                name: Some(name.to_string()),
                task: Some("importance"),
                ..Default::default()
            };
            monitor.report(&p).is_ok()
        };
        let found = permutation_part(
            &predict,
            x.view(),
            &self.y,
            &self.groups,
            self.scoring,
            &self.orders,
            columns,
            &mut hear,
        )
        .map_err(|e| AppError::failed(format!("permutation importance of {name}: {e}")))?;
        found.ok_or_else(AppError::cancelled)
    }

    /// `parts` of one model's importance (any order, measured on these
    /// rows anywhere) joined into the whole.
    pub fn join(&self, name: &str, parts: Vec<ImportancePart>) -> Result<PermutationImportance, AppError> {
        join_parts(self.scoring, &self.groups, self.orders.len(), self.y.len(), parts)
            .map_err(|e| AppError::failed(format!("permutation importance of {name}: {e}")))
    }

    /// The sentence beside a model's importance: which rows, which metric
    /// and why, as scikit-learn would be called; or why there is none.
    fn note(&self, found: Option<&PermutationImportance>, options: &InspectOptions) -> String {
        let sample = if self.y.len() < self.val_rows {
            format!(
                "a sample of {} of the {} validation rows",
                thousands(self.y.len() as u64),
                thousands(self.val_rows as u64)
            )
        } else {
            format!("the {} validation rows", thousands(self.val_rows as u64))
        };
        let Some(found) = found else {
            return if self.x.is_none() {
                "no permutation importance: the split has no validation rows".to_string()
            } else {
                format!("no permutation importance: {sample} hold one class only")
            };
        };
        let why = match options.scoring {
            Some(_) => "as asked".to_string(),
            None if self.scoring == Scoring::PrAuc => format!(
                "positives are {} of them, under {:.0} %, where ROC-AUC flatters",
                percent(self.rate()),
                100.0 * IMBALANCED_BELOW
            ),
            None => format!("positives are {} of them", percent(self.rate())),
        };
        format!(
            "drop in {} when one column's values are shuffled across {sample}, {} shuffles each ({why}); scikit-learn: permutation_importance(model, X_val, y_val, scoring=\"{}\", n_repeats={})",
            scoring_words(self.scoring),
            found.n_repeats,
            found.sklearn_scoring,
            found.n_repeats
        )
    }
}

/// The metric as a sentence names it.
fn scoring_words(s: Scoring) -> &'static str {
    match s {
        Scoring::PrAuc => "PR-AUC (average precision)",
        Scoring::RocAuc => "ROC-AUC",
        Scoring::LogLoss => "log loss (a rise)",
        Scoring::Brier => "Brier score (a rise)",
        Scoring::Ks => "KS",
        Scoring::F1 => "F1 at threshold 0.5",
        Scoring::Precision => "precision at threshold 0.5",
        Scoring::Recall => "recall at threshold 0.5",
        Scoring::BalancedAccuracy => "balanced accuracy at threshold 0.5",
        Scoring::Mcc => "MCC at threshold 0.5",
        Scoring::Accuracy => "accuracy at threshold 0.5",
    }
}
