//! Stratified k-fold cross-validation and grid search over model settings.
//!
//! Both reuse a run's config (label, kinds, pipeline, seed, models): the
//! folds are dealt once from the seed, the pipeline is refitted on each
//! fold's training rows, and each fit draws from a random stream named by its
//! fold alone (see [`crate::experiment::stream_rng`]). So a grid cell's
//! numbers do not depend on which other cells ran, in what order, or on how
//! many workers shared the grid — [`merge_grids`] reassembles the parts,
//! and [`GridTasks`] hands out single (cell, fold) fits to any number of
//! workers, [`assemble_grid`] joining them.
//! Knows nothing of JS, terminals or files.

use crate::checks::DataChecks;
use crate::clock::Stopwatch;
use crate::data::{self, binary_label, Table};
use crate::experiment::{
    checked_config, checked_table, fit_model, prepare_parts, stream_rng, ExperimentConfig, ExperimentError, ModelSpec,
};
use crate::explore::Diagnostic;
use crate::limits;
use crate::metrics::{Evaluation, Evaluator};
use crate::models::Classifier;
use crate::progress::{Monitor, Progress};
use crate::rng::Rng;
use ndarray::Array2;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The metric a grid is ranked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    #[default]
    RocAuc,
    PrAuc,
    Ks,
    F1,
    Precision,
    Recall,
    BalancedAccuracy,
    Mcc,
    Accuracy,
    LogLoss,
    Brier,
}

impl Scoring {
    /// Every scoring, in table order.
    pub const ALL: [Scoring; 11] = [
        Scoring::RocAuc,
        Scoring::PrAuc,
        Scoring::Ks,
        Scoring::F1,
        Scoring::Precision,
        Scoring::Recall,
        Scoring::BalancedAccuracy,
        Scoring::Mcc,
        Scoring::Accuracy,
        Scoring::LogLoss,
        Scoring::Brier,
    ];

    /// The snake_case name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Scoring::RocAuc => "roc_auc",
            Scoring::PrAuc => "pr_auc",
            Scoring::Ks => "ks",
            Scoring::F1 => "f1",
            Scoring::Precision => "precision",
            Scoring::Recall => "recall",
            Scoring::BalancedAccuracy => "balanced_accuracy",
            Scoring::Mcc => "mcc",
            Scoring::Accuracy => "accuracy",
            Scoring::LogLoss => "log_loss",
            Scoring::Brier => "brier",
        }
    }

    /// The metric's value in `e`; `None` where it is undefined (one class).
    pub fn of(self, e: &Evaluation) -> Option<f64> {
        match self {
            Scoring::RocAuc => e.roc_auc,
            Scoring::PrAuc => e.pr_auc,
            Scoring::Ks => e.ks,
            Scoring::F1 => Some(e.f1),
            Scoring::Precision => Some(e.precision),
            Scoring::Recall => Some(e.recall),
            Scoring::BalancedAccuracy => Some(e.balanced_accuracy),
            Scoring::Mcc => Some(e.mcc),
            Scoring::Accuracy => Some(e.accuracy),
            Scoring::LogLoss => e.log_loss,
            Scoring::Brier => e.brier,
        }
    }

    /// Losses rank low-first; every other metric high-first.
    pub fn higher_is_better(self) -> bool {
        !matches!(self, Scoring::LogLoss | Scoring::Brier)
    }
}

impl FromStr for Scoring {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.trim().to_ascii_lowercase().replace('-', "_");
        Scoring::ALL.into_iter().find(|m| m.name() == key).ok_or_else(|| {
            let names: Vec<&str> = Scoring::ALL.iter().map(|m| m.name()).collect();
            format!("unknown metric \"{s}\"; choose one of {}", names.join(", "))
        })
    }
}

impl fmt::Display for Scoring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Positive share below which the data count as imbalanced for ranking:
/// there ROC-AUC is dominated by the many easy negatives, and PR-AUC
/// (average precision) is the informative summary (Saito & Rehmsmeier
/// 2015); above it ROC-AUC.
pub const IMBALANCED_BELOW: f64 = 0.2;

impl Scoring {
    /// The metric to rank models by when the user named none: PR-AUC when
    /// positives are under [`IMBALANCED_BELOW`] of the rows, else ROC-AUC.
    pub fn default_for(positive_rate: f64) -> Scoring {
        if positive_rate < IMBALANCED_BELOW {
            Scoring::PrAuc
        } else {
            Scoring::RocAuc
        }
    }

    /// Why [`default_for`](Scoring::default_for) chose what it chose, for
    /// the CLI and the page: "ranked by pr_auc: positives are 5.2 % of the
    /// rows (under 20 %)".
    pub fn default_reason(positive_rate: f64) -> String {
        let pct = 100.0 * positive_rate;
        let limit = 100.0 * IMBALANCED_BELOW;
        match Scoring::default_for(positive_rate) {
            Scoring::PrAuc => format!(
                "ranked by PR-AUC (average precision): positives are {pct:.1} % of the rows, under {limit:.0} %, where ROC-AUC flatters models"
            ),
            _ => format!("ranked by ROC-AUC: positives are {pct:.1} % of the rows, {limit:.0} % or more"),
        }
    }
}

/// The scoring [`Scoring::default_for`] picks for `config`'s label on
/// `table` (every labelled row counted).
pub fn default_scoring(table: &Table, config: &ExperimentConfig) -> Result<(Scoring, String), ExperimentError> {
    let table = checked_table(table, config)?;
    let label = binary_label(&table, &config.label, &config.positive)?;
    let rate = label.positives() as f64 / label.y.len().max(1) as f64;
    Ok((Scoring::default_for(rate), Scoring::default_reason(rate)))
}

/// Mean recall (at the run's threshold) at or below which a grid cell
/// flags (almost) no positive: it never gets the "best" mark, however it
/// ranks, since a setting that finds nobody is no answer.
pub const RECALL_FLOOR: f64 = 0.01;

/// The best of several cross-validated settings by `scoring` (the first
/// on ties; undefined scores never best), leaving out those whose mean
/// recall is at or below [`RECALL_FLOOR`]. `summaries[i]` is cell `i`'s
/// mean ± sd of each metric ([`ModelCv::summary`]).
pub fn best_cell<'a>(summaries: impl IntoIterator<Item = &'a [(Scoring, MeanSd)]>, scoring: Scoring) -> Option<usize> {
    let sign = if scoring.higher_is_better() { 1.0 } else { -1.0 };
    let of = |s: &[(Scoring, MeanSd)], m: Scoring| s.iter().find(|(k, _)| *k == m).and_then(|(_, v)| v.mean);
    let mut best: Option<(usize, f64)> = None;
    for (i, s) in summaries.into_iter().enumerate() {
        if of(s, Scoring::Recall).is_some_and(|r| r <= RECALL_FLOOR) {
            continue;
        }
        if let Some(m) = of(s, scoring) {
            if best.is_none_or(|(_, b)| sign * m > sign * b) {
                best = Some((i, m));
            }
        }
    }
    best.map(|(i, _)| i)
}

/// Mean and spread of a metric over folds. `sd` is the population standard
/// deviation (ddof 0), as scikit-learn's `cv_results_["std_test_score"]`.
/// Folds where the metric is undefined are left out and counted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MeanSd {
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    /// Folds where the metric was undefined.
    pub undefined: usize,
}

impl MeanSd {
    /// Summarises `values` (undefined ones as `None`).
    pub fn of(values: impl IntoIterator<Item = Option<f64>>) -> MeanSd {
        let all: Vec<Option<f64>> = values.into_iter().collect();
        let defined: Vec<f64> = all.iter().flatten().copied().collect();
        let undefined = all.len() - defined.len();
        if defined.is_empty() {
            return MeanSd {
                mean: None,
                sd: None,
                undefined,
            };
        }
        let n = defined.len() as f64;
        let mean = defined.iter().sum::<f64>() / n;
        let var = defined.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        MeanSd {
            mean: Some(mean),
            sd: Some(var.sqrt()),
            undefined,
        }
    }
}

/// Points of the false-positive-rate grid the mean ROC curve is sampled on.
const MEAN_ROC_POINTS: usize = 101;

/// One model on one held-out fold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoldResult {
    pub fold: usize,
    pub train_rows: usize,
    pub test_rows: usize,
    pub test_positives: usize,
    pub fit_seconds: f64,
    pub evaluation: Evaluation,
    /// The fold's ROC curve (false-positive rate, true-positive rate), with
    /// collinear points dropped.
    pub roc: Vec<(f64, f64)>,
}

/// One model configuration across all folds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelCv {
    pub name: String,
    pub spec: ModelSpec,
    pub folds: Vec<FoldResult>,
    /// Mean ± sd of every [`Scoring`] metric, in [`Scoring::ALL`] order.
    pub summary: Vec<(Scoring, MeanSd)>,
    /// The vertical average of the fold ROC curves on an even FPR grid
    /// (Fawcett 2006, §7), for the overlay chart.
    pub mean_roc: Vec<(f64, f64)>,
}

impl ModelCv {
    fn new(name: String, spec: ModelSpec, folds: Vec<FoldResult>) -> ModelCv {
        let summary = Scoring::ALL
            .iter()
            .map(|&m| (m, MeanSd::of(folds.iter().map(|f| m.of(&f.evaluation)))))
            .collect();
        let mean_roc = mean_roc(folds.iter().map(|f| f.roc.as_slice()));
        ModelCv {
            name,
            spec,
            folds,
            summary,
            mean_roc,
        }
    }

    /// Mean ± sd of one metric.
    pub fn metric(&self, m: Scoring) -> MeanSd {
        self.summary
            .iter()
            .find(|(s, _)| *s == m)
            .map(|(_, v)| *v)
            .unwrap_or(MeanSd::of([]))
    }
}

/// Cross-validation of every model of a config.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CvReport {
    pub rareclass_version: &'static str,
    pub config: ExperimentConfig,
    pub folds: usize,
    /// The data rows (0-based, header excluded) of each held-out fold, so
    /// another tool can be scored on exactly these folds.
    pub fold_rows: Vec<Vec<usize>>,
    pub models: Vec<ModelCv>,
    /// Columns the data check left out of the features (see [`crate::checks`]).
    pub left_out: Vec<String>,
    /// Flagged columns kept as features because the user chose to keep them anyway.
    pub kept: Vec<String>,
    /// The data check's findings, then the folds'.
    pub warnings: Vec<Diagnostic>,
}

/// The labelled rows dealt into folds, with the fold-independent parts.
struct Folds<'t> {
    table: std::borrow::Cow<'t, Table>,
    label: data::BinaryLabel,
    /// Positions into `label.y` of each held-out fold.
    folds: Vec<Vec<usize>>,
    /// The config the folds are fitted with: the user's, with the columns
    /// the data check left out dropped.
    fit: ExperimentConfig,
    /// What the data check found.
    checks: crate::checks::DataChecks,
}

impl<'t> Folds<'t> {
    /// `given`: held-out data rows per fold, instead of dealing `k` folds
    /// from the seed. The data check runs first.
    fn deal(
        table: &'t Table,
        config: &ExperimentConfig,
        k: usize,
        given: Option<&[Vec<usize>]>,
    ) -> Result<Folds<'t>, ExperimentError> {
        Folds::deal_checked(checked_table(table, config)?, config, k, given, None)
    }

    /// [`Folds::deal`] keeping `table` (with `config`'s kinds applied)
    /// inside, for a long-lived grid worker that owns its table. `checks`:
    /// the data check of this table and config made elsewhere
    /// ([`data_checks`]), so a pool runs it once instead of once per worker.
    fn deal_owned(
        table: Table,
        config: &ExperimentConfig,
        k: usize,
        checks: Option<DataChecks>,
    ) -> Result<Folds<'static>, ExperimentError> {
        let converted = match checked_table(&table, config)? {
            std::borrow::Cow::Owned(t) => Some(t),
            std::borrow::Cow::Borrowed(_) => None,
        };
        Folds::deal_checked(
            std::borrow::Cow::Owned(converted.unwrap_or(table)),
            config,
            k,
            None,
            checks,
        )
    }

    fn deal_checked(
        table: std::borrow::Cow<'t, Table>,
        config: &ExperimentConfig,
        k: usize,
        given: Option<&[Vec<usize>]>,
        checks: Option<DataChecks>,
    ) -> Result<Folds<'t>, ExperimentError> {
        let label = binary_label(&table, &config.label, &config.positive)?;
        let (fit, checks) = match checks {
            None => checked_config(&table, config, &label)?,
            Some(checks) => (fit_config(config, &checks), checks),
        };
        let folds = match given {
            None => data::stratified_kfold(&label.y, k, &mut Rng::new(config.seed))?,
            Some(rows) => positions_of(&label, rows)?,
        };
        Ok(Folds {
            table,
            label,
            folds,
            fit,
            checks,
        })
    }

    fn fold_rows(&self) -> Vec<Vec<usize>> {
        self.folds
            .iter()
            .map(|f| f.iter().map(|&i| self.label.rows[i]).collect())
            .collect()
    }

    /// Fold `f`'s prepared training and held-out rows.
    fn prepare(&self, f: usize, warnings: &mut Vec<Diagnostic>) -> Result<FoldData, ExperimentError> {
        let config = &self.fit;
        let test = &self.folds[f];
        let train: Vec<usize> = self
            .folds
            .iter()
            .enumerate()
            .filter(|&(g, _)| g != f)
            .flat_map(|(_, rows)| rows.iter().copied())
            .collect();
        let parts: [(&str, &[usize]); 2] = [("training-fold", &train), ("held-out", test)];
        let (_, mut xs) = prepare_parts(&self.table, config, &self.label, &parts, warnings)?;
        let x_test = xs.pop().unwrap_or_default();
        let x_train = xs.pop().unwrap_or_default();
        let y_of = |part: &[usize]| part.iter().map(|&i| self.label.y[i]).collect::<Vec<bool>>();
        Ok(FoldData {
            x_train,
            y_train: y_of(&train),
            x_test,
            y_test: y_of(test),
        })
    }
}

struct FoldData {
    x_train: Array2<f32>,
    y_train: Vec<bool>,
    x_test: Array2<f32>,
    y_test: Vec<bool>,
}

/// Fits `spec` on a fold's training rows and scores its held-out rows.
fn fit_fold(
    spec: &ModelSpec,
    data: &FoldData,
    f: usize,
    config: &ExperimentConfig,
    monitor: &mut dyn Monitor,
) -> Result<FoldResult, ExperimentError> {
    let watch = Stopwatch::start();
    // Folds hold no validation part; models that stop early hold one out of
    // the training folds themselves (see `fit_model`).
    let mut rng = stream_rng(config.seed, 1000 + f as u64);
    let fitted = fit_model(spec, data.x_train.view(), &data.y_train, None, &mut rng, monitor)?;
    let fit_seconds = watch.seconds();
    let scores = fitted.model.predict_proba(data.x_test.view()).to_vec();
    let metrics = |source| ExperimentError::Metrics {
        part: "held-out",
        source,
    };
    let evaluator = Evaluator::new(&data.y_test, &scores).map_err(metrics)?;
    let evaluation = evaluator.at(config.threshold).map_err(metrics)?;
    let curves = evaluator.curves(true);
    Ok(FoldResult {
        fold: f,
        train_rows: data.y_train.len(),
        test_rows: data.y_test.len(),
        test_positives: data.y_test.iter().filter(|&&v| v).count(),
        fit_seconds,
        evaluation,
        roc: curves
            .roc
            .fpr
            .iter()
            .copied()
            .zip(curves.roc.tpr.iter().copied())
            .collect(),
    })
}

/// Why folds could not be run: the fold count.
fn check_folds(k: usize) -> Result<(), ExperimentError> {
    if k < 2 {
        return Err(data::SplitError::TooFewFolds(k).into());
    }
    Ok(())
}

/// Stratified `k`-fold cross-validation of every model in `config`: per
/// fold, the pipeline is fitted on the other folds and the model scored on
/// the held-out one (at `config.threshold`). `config.split` is not used.
pub fn cross_validate(
    table: &Table,
    config: &ExperimentConfig,
    k: usize,
    monitor: &mut dyn Monitor,
) -> Result<CvReport, ExperimentError> {
    check_folds(k)?;
    cv_on(Folds::deal(table, config, k, None)?, config, monitor)
}

/// Cross-validation on folds chosen elsewhere (e.g. by scikit-learn's
/// `StratifiedKFold`, to compare on the very same rows): `fold_rows[f]` are
/// the 0-based data rows held out in fold `f`; every row with a label must
/// be in exactly one fold.
pub fn cross_validate_on(
    table: &Table,
    config: &ExperimentConfig,
    fold_rows: &[Vec<usize>],
    monitor: &mut dyn Monitor,
) -> Result<CvReport, ExperimentError> {
    check_folds(fold_rows.len())?;
    cv_on(Folds::deal(table, config, 0, Some(fold_rows))?, config, monitor)
}

fn cv_on(folds: Folds<'_>, config: &ExperimentConfig, monitor: &mut dyn Monitor) -> Result<CvReport, ExperimentError> {
    let k = folds.folds.len();
    let mut warnings = folds.checks.findings.clone();
    let mut per_model: Vec<Vec<FoldResult>> = vec![Vec::new(); config.models.len()];
    let total = (k * config.models.len()) as f64;
    for f in 0..k {
        let data = folds.prepare(f, &mut warnings)?;
        for (m, spec) in config.models.iter().enumerate() {
            monitor.report(&Progress {
                stage: "cv",
                fraction: (f * config.models.len() + m) as f64 / total,
                message: format!("fold {}/{k} · {}", f + 1, spec.name()),
                unit: Some("fold"),
                step: Some(f + 1),
                of: Some(k),
                name: Some(spec.name()),
                ..Default::default()
            })?;
            per_model[m].push(fit_fold(spec, &data, f, config, monitor)?);
        }
    }
    let models = config
        .models
        .iter()
        .zip(per_model)
        .map(|(spec, folds)| ModelCv::new(spec.name(), spec.clone(), folds))
        .collect();
    Ok(CvReport {
        rareclass_version: env!("CARGO_PKG_VERSION"),
        config: config.clone(),
        folds: k,
        fold_rows: folds.fold_rows(),
        models,
        left_out: folds.checks.left_out.clone(),
        kept: folds.checks.kept.clone(),
        warnings: dedup(warnings),
    })
}

/// Repeated transform warnings (one per fold) said once.
fn dedup(mut warnings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::BTreeSet::new();
    warnings.retain(|w| seen.insert((w.code, w.column.clone(), w.message.clone())));
    warnings
}

/// Label positions of given fold rows; every labelled row in exactly one fold.
fn positions_of(label: &data::BinaryLabel, rows: &[Vec<usize>]) -> Result<Vec<Vec<usize>>, ExperimentError> {
    let bad = |m: String| ExperimentError::Grid(format!("given folds: {m}"));
    let mut position = vec![usize::MAX; label.rows.iter().max().map_or(0, |&r| r + 1)];
    for (p, &r) in label.rows.iter().enumerate() {
        position[r] = p;
    }
    let mut seen = vec![false; label.rows.len()];
    let mut out = Vec::with_capacity(rows.len());
    for (f, fold) in rows.iter().enumerate() {
        let mut ps = Vec::with_capacity(fold.len());
        for &r in fold {
            let p = position
                .get(r)
                .copied()
                .filter(|&p| p != usize::MAX)
                .ok_or_else(|| bad(format!("fold {f} names data row {r}, which is not a labelled row")))?;
            if std::mem::replace(&mut seen[p], true) {
                return Err(bad(format!("data row {r} is in two folds")));
            }
            ps.push(p);
        }
        ps.sort_unstable();
        out.push(ps);
    }
    if let Some(p) = seen.iter().position(|&s| !s) {
        return Err(bad(format!("labelled data row {} is in no fold", label.rows[p])));
    }
    Ok(out)
}

/// The vertical average of ROC curves: each curve's highest TPR at each FPR
/// of an even grid, averaged.
fn mean_roc<'a>(curves: impl Iterator<Item = &'a [(f64, f64)]>) -> Vec<(f64, f64)> {
    let curves: Vec<&[(f64, f64)]> = curves.filter(|c| !c.is_empty()).collect();
    if curves.is_empty() {
        return Vec::new();
    }
    (0..MEAN_ROC_POINTS)
        .map(|i| {
            let fpr = i as f64 / (MEAN_ROC_POINTS - 1) as f64;
            let tpr = curves.iter().map(|c| tpr_at(c, fpr)).sum::<f64>() / curves.len() as f64;
            (fpr, tpr)
        })
        .collect()
}

/// Linear interpolation of a ROC curve (FPR ascending) at `fpr`; at a
/// vertical step the upper point.
fn tpr_at(curve: &[(f64, f64)], fpr: f64) -> f64 {
    let after = curve.partition_point(|&(x, _)| x <= fpr);
    if after == 0 {
        return curve[0].1;
    }
    if after == curve.len() {
        return curve[after - 1].1;
    }
    let (x0, y0) = curve[after - 1];
    let (x1, y1) = curve[after];
    if x1 == x0 {
        y1
    } else {
        y0 + (y1 - y0) * (fpr - x0) / (x1 - x0)
    }
}

/// One axis of a grid: a setting name and the values to try.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridAxis {
    pub key: String,
    pub values: Vec<String>,
}

/// Settings to try in every combination, e.g.
/// `C=0.001,0.01,1,10,100;class_weight=none,balanced`. Keys are those
/// [`ModelSpec::set`] takes for the base model's kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Grid {
    pub axes: Vec<GridAxis>,
}

/// A grid the grid search cannot read, or would not search. Typed so that
/// the page words each refusal in its language from the fields
/// (`app::error_zh::grid`) instead of reading the English back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GridError {
    /// A `;`-separated part without `=`.
    #[error("grid part \"{0}\" is not KEY=V1,V2,…")]
    NotKeyValues(String),
    /// A part with an empty key or no values.
    #[error("grid part \"{0}\" needs a key and at least one value")]
    Incomplete(String),
    /// A key given in two parts.
    #[error("grid names \"{0}\" twice")]
    Twice(String),
    /// No part at all.
    #[error("the grid is empty; write it like {}", GridError::EXAMPLE)]
    Empty,
    /// More than [`limits::MAX_GRID_CELLS`] combinations: `cells` is `None`
    /// past `usize`; `axes` holds each axis' value count and key.
    #[error(
        "the grid has {} combinations ({}); at most {} are searched: use fewer values",
        .cells.map_or("more than 10^19".to_string(), |n| limits::count_text(n as u64)),
        GridError::axes_text(.axes, " × "),
        limits::count_text(limits::MAX_GRID_CELLS as u64)
    )]
    TooBig {
        cells: Option<usize>,
        axes: Vec<(usize, String)>,
    },
}

impl GridError {
    /// A grid to type, shown when the grid is empty.
    pub const EXAMPLE: &'static str = "C=0.01,1,100;class_weight=none,balanced";

    /// `axes` as `"30 C × 30 tol"` (with `sep` between them).
    pub fn axes_text(axes: &[(usize, String)], sep: &str) -> String {
        axes.iter()
            .map(|(n, key)| format!("{n} {key}"))
            .collect::<Vec<_>>()
            .join(sep)
    }
}

impl FromStr for Grid {
    type Err = GridError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut axes = Vec::new();
        for part in s.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, values) = part
                .split_once('=')
                .ok_or_else(|| GridError::NotKeyValues(part.to_string()))?;
            let key = key.trim().to_string();
            let values: Vec<String> = values
                .split(',')
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect();
            if key.is_empty() || values.is_empty() {
                return Err(GridError::Incomplete(part.to_string()));
            }
            if axes.iter().any(|a: &GridAxis| a.key == key) {
                return Err(GridError::Twice(key));
            }
            axes.push(GridAxis { key, values });
        }
        if axes.is_empty() {
            return Err(GridError::Empty);
        }
        let grid = Grid { axes };
        grid.check_size()?;
        Ok(grid)
    }
}

impl Grid {
    /// The number of combinations, `None` past `usize` (counted without
    /// building them).
    pub fn size(&self) -> Option<usize> {
        self.axes.iter().try_fold(1usize, |n, a| n.checked_mul(a.values.len()))
    }

    /// At most [`limits::MAX_GRID_CELLS`] combinations, else an error with
    /// the count: each cell is a cross-validation, and listing 10⁹ of them
    /// would exhaust memory before the first fit.
    pub fn check_size(&self) -> Result<(), GridError> {
        match self.size() {
            Some(n) if n <= limits::MAX_GRID_CELLS => Ok(()),
            cells => Err(GridError::TooBig {
                cells,
                axes: self.axes.iter().map(|a| (a.values.len(), a.key.clone())).collect(),
            }),
        }
    }

    /// Every combination, the last axis varying fastest.
    pub fn cells(&self) -> Vec<Vec<(String, String)>> {
        let mut cells = vec![Vec::new()];
        for axis in &self.axes {
            cells = cells
                .into_iter()
                .flat_map(|cell: Vec<(String, String)>| {
                    axis.values.iter().map(move |v| {
                        let mut c = cell.clone();
                        c.push((axis.key.clone(), v.clone()));
                        c
                    })
                })
                .collect();
        }
        cells
    }

    /// The base spec with each cell's settings applied; a bad key or value
    /// is an error before anything is fitted.
    pub fn specs(&self, base: &ModelSpec) -> Result<Vec<ModelSpec>, ExperimentError> {
        self.check_size().map_err(|e| ExperimentError::Grid(e.to_string()))?;
        self.cells()
            .into_iter()
            .map(|cell| {
                let mut spec = base.clone();
                spec.clear_name();
                for (k, v) in &cell {
                    spec.set(k, v).map_err(ExperimentError::Grid)?;
                }
                Ok(spec)
            })
            .collect()
    }
}

/// One combination of a grid across all folds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridCell {
    /// Position in [`Grid::cells`] order.
    pub index: usize,
    pub settings: Vec<(String, String)>,
    pub cv: ModelCv,
}

/// A grid search (or the part of one a worker ran). Reads back from its
/// JSON, so the parts several workers return can be merged as typed
/// reports ([`merge_grids`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridReport {
    pub rareclass_version: String,
    pub config: ExperimentConfig,
    pub grid: Grid,
    pub folds: usize,
    pub scoring: Scoring,
    /// Why `scoring` was chosen when the user named none
    /// ([`default_scoring`]); `None` when it was named.
    pub scoring_note: Option<String>,
    pub fold_rows: Vec<Vec<usize>>,
    /// The cells run, in index order.
    pub cells: Vec<GridCell>,
    /// Cells in the grid; `cells.len()` is smaller in a worker's part.
    pub total_cells: usize,
    /// Index into `cells` of the best mean score (the first on ties), when
    /// every cell ran and one has a defined score; a cell whose mean recall
    /// is at or below [`RECALL_FLOOR`] is never best ([`best_cell`]).
    pub best: Option<usize>,
    /// Columns the data check left out of the features (see [`crate::checks`]).
    pub left_out: Vec<String>,
    /// Flagged columns kept as features because the user chose to keep them anyway.
    pub kept: Vec<String>,
    /// The data check's findings, then the folds'.
    pub warnings: Vec<Diagnostic>,
}

impl GridReport {
    fn rank(&mut self) {
        self.cells.sort_by_key(|c| c.index);
        self.best = None;
        if self.cells.len() != self.total_cells {
            return;
        }
        self.best = best_cell(self.cells.iter().map(|c| c.cv.summary.as_slice()), self.scoring);
    }

    /// The best cell's full model spec, ready for a final fit.
    pub fn best_spec(&self) -> Option<&ModelSpec> {
        self.best.map(|i| &self.cells[i].cv.spec)
    }
}

/// Grid search: each combination of `grid` applied to `config.models[0]`,
/// scored by stratified `k`-fold CV. `only` limits the run to some cell
/// indices (a worker's share); `None` runs them all. The same fits, in the
/// same order, as [`GridTasks`] run fold by fold and [`assemble_grid`].
pub fn grid_search(
    table: &Table,
    config: &ExperimentConfig,
    grid: &Grid,
    k: usize,
    scoring: Scoring,
    only: Option<&[usize]>,
    monitor: &mut dyn Monitor,
) -> Result<GridReport, ExperimentError> {
    let mut tasks = GridTasks::new(table, config, grid, k, scoring)?;
    let chosen: Vec<usize> = match only {
        Some(ix) => {
            if let Some(&bad) = ix.iter().find(|&&i| i >= tasks.cells()) {
                return Err(ExperimentError::Grid(format!(
                    "grid cell {bad} does not exist; the grid has {}",
                    tasks.cells()
                )));
            }
            ix.to_vec()
        }
        None => (0..tasks.cells()).collect(),
    };
    let mut results = Vec::with_capacity(k * chosen.len());
    let total = (k * chosen.len()).max(1) as f64;
    for f in 0..k {
        for (slot, &c) in chosen.iter().enumerate() {
            monitor.report(&Progress {
                stage: "grid",
                fraction: (f * chosen.len() + slot) as f64 / total,
                message: format!("fold {}/{k} · {}", f + 1, tasks.specs[c].name()),
                unit: Some("fold"),
                step: Some(f + 1),
                of: Some(k),
                name: Some(tasks.specs[c].name()),
                ..Default::default()
            })?;
            results.push(tasks.run(c, f, monitor)?);
        }
    }
    assemble(tasks.empty_report(), results, false)
}

/// The data check a grid search (or a CV run) of `config` makes on
/// `table` before any fit: what a pool computes once and hands to every
/// worker ([`GridTasks::owning`]).
pub fn data_checks(table: &Table, config: &ExperimentConfig) -> Result<DataChecks, ExperimentError> {
    let table = checked_table(table, config)?;
    let label = binary_label(&table, &config.label, &config.positive)?;
    Ok(checked_config(&table, config, &label)?.1)
}

/// The config the folds are fitted with given the data check's outcome:
/// `config` with the columns the check left out dropped (as
/// [`checked_config`] makes it).
fn fit_config(config: &ExperimentConfig, checks: &DataChecks) -> ExperimentConfig {
    let mut fit = config.clone();
    fit.pipeline.drop.extend(checks.left_out.iter().cloned());
    fit
}

/// One fit of a grid search (cell `cell` on fold `result.fold`) as it
/// crosses from a worker to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridTaskResult {
    /// Position in [`Grid::cells`] order.
    pub cell: usize,
    pub result: FoldResult,
    /// What preparing this fold's rows warned of (every worker that
    /// prepares the fold finds the same).
    pub fold_warnings: Vec<Diagnostic>,
    /// Seconds this fit spent preparing its fold's rows (0 when the
    /// worker had them from its previous fit): what a scheduler that keeps
    /// a worker on one fold saves. Not part of the report.
    #[serde(default)]
    pub prepare_seconds: f64,
}

/// A grid search cut into its (cell, fold) fits, which may run in any
/// order and in any number of instances: the folds are dealt from the
/// seed and each fit draws from its fold's own stream, so a fit's numbers
/// do not depend on where it ran. [`assemble_grid`] joins the results into
/// the report [`grid_search`] gives. Hand fits out fold by fold: the
/// prepared rows of the last fold are kept for the next fit on it.
pub struct GridTasks<'t> {
    folds: Folds<'t>,
    config: ExperimentConfig,
    grid: Grid,
    k: usize,
    scoring: Scoring,
    specs: Vec<ModelSpec>,
    /// The last fold prepared (its index, rows and warnings).
    prepared: Option<(usize, FoldData, Vec<Diagnostic>)>,
}

impl<'t> GridTasks<'t> {
    /// The fits of `grid` over `config.models[0]` on `k` folds of `table`;
    /// checks the grid, the folds and the data before any fit.
    pub fn new(
        table: &'t Table,
        config: &ExperimentConfig,
        grid: &Grid,
        k: usize,
        scoring: Scoring,
    ) -> Result<GridTasks<'t>, ExperimentError> {
        let specs = grid_specs(config, grid, k)?;
        Ok(GridTasks::with(
            Folds::deal(table, config, k, None)?,
            config,
            grid,
            k,
            scoring,
            specs,
        ))
    }

    /// [`GridTasks::new`] owning `table`, for a worker that keeps it;
    /// `checks`: the data check already made on this table for `config`
    /// ([`data_checks`]), or `None` to make it here.
    pub fn owning(
        table: Table,
        config: &ExperimentConfig,
        grid: &Grid,
        k: usize,
        scoring: Scoring,
        checks: Option<DataChecks>,
    ) -> Result<GridTasks<'static>, ExperimentError> {
        let specs = grid_specs(config, grid, k)?;
        Ok(GridTasks::with(
            Folds::deal_owned(table, config, k, checks)?,
            config,
            grid,
            k,
            scoring,
            specs,
        ))
    }

    fn with(
        folds: Folds<'t>,
        config: &ExperimentConfig,
        grid: &Grid,
        k: usize,
        scoring: Scoring,
        specs: Vec<ModelSpec>,
    ) -> GridTasks<'t> {
        GridTasks {
            folds,
            config: config.clone(),
            grid: grid.clone(),
            k,
            scoring,
            specs,
            prepared: None,
        }
    }

    /// Cells in the grid.
    pub fn cells(&self) -> usize {
        self.specs.len()
    }

    /// Folds of each cell.
    pub fn folds(&self) -> usize {
        self.k
    }

    /// Fits cell `cell` on fold `fold`'s training rows and scores its
    /// held-out rows.
    pub fn run(
        &mut self,
        cell: usize,
        fold: usize,
        monitor: &mut dyn Monitor,
    ) -> Result<GridTaskResult, ExperimentError> {
        let spec = self.specs.get(cell).ok_or_else(|| {
            ExperimentError::Grid(format!(
                "grid cell {cell} does not exist; the grid has {}",
                self.specs.len()
            ))
        })?;
        if fold >= self.k {
            return Err(ExperimentError::Grid(format!(
                "fold {fold} does not exist; the search has {} (0 to {})",
                self.k,
                self.k - 1
            )));
        }
        let mut prepare_seconds = 0.0;
        if self.prepared.as_ref().map(|p| p.0) != Some(fold) {
            self.prepared = None; // the old fold's rows go before the new ones are made
            let watch = Stopwatch::start();
            let mut warnings = Vec::new();
            let data = self.folds.prepare(fold, &mut warnings)?;
            self.prepared = Some((fold, data, warnings));
            prepare_seconds = watch.seconds();
        }
        let (_, data, warnings) = self.prepared.as_ref().expect("prepared just above");
        Ok(GridTaskResult {
            cell,
            result: fit_fold(spec, data, fold, &self.config, monitor)?,
            fold_warnings: warnings.clone(),
            prepare_seconds,
        })
    }

    /// The report with no cell yet: what every fit shares (the config,
    /// the folds' rows, the data check). [`assemble_grid`] fills it.
    pub fn empty_report(&self) -> GridReport {
        GridReport {
            rareclass_version: env!("CARGO_PKG_VERSION").into(),
            config: self.config.clone(),
            grid: self.grid.clone(),
            folds: self.k,
            scoring: self.scoring,
            scoring_note: None,
            fold_rows: self.folds.fold_rows(),
            cells: Vec::new(),
            total_cells: self.specs.len(),
            best: None,
            left_out: self.folds.checks.left_out.clone(),
            kept: self.folds.checks.kept.clone(),
            warnings: self.folds.checks.findings.clone(),
        }
    }
}

/// The spec of every cell, after checking the fold count and the grid.
fn grid_specs(config: &ExperimentConfig, grid: &Grid, k: usize) -> Result<Vec<ModelSpec>, ExperimentError> {
    check_folds(k)?;
    let base = config.models.first().ok_or(ExperimentError::NoModels)?;
    grid.specs(base)
}

/// Joins `empty` ([`GridTasks::empty_report`]) and the result of every
/// (cell, fold) fit, in any order, into the report [`grid_search`] gives:
/// cells in grid order, each with its folds in order, the folds' warnings
/// after the data check's, said once, the best cell ranked. Refuses a
/// fit given twice, a fit missing, or a fit of another grid.
pub fn assemble_grid(empty: GridReport, tasks: Vec<GridTaskResult>) -> Result<GridReport, ExperimentError> {
    assemble(empty, tasks, true)
}

fn assemble(
    mut report: GridReport,
    tasks: Vec<GridTaskResult>,
    every_cell: bool,
) -> Result<GridReport, ExperimentError> {
    let k = report.folds;
    let base = report.config.models.first().ok_or(ExperimentError::NoModels)?;
    let specs = report.grid.specs(base)?;
    let settings = report.grid.cells();
    if specs.len() != report.total_cells || !report.cells.is_empty() {
        return Err(ExperimentError::Grid(format!(
            "the report to fill has {} of {} cells and a grid of {}; start from an empty report of this grid",
            report.cells.len(),
            report.total_cells,
            specs.len()
        )));
    }
    // (cell → its k folds), and the warnings of each fold.
    let mut by_cell: std::collections::BTreeMap<usize, Vec<Option<FoldResult>>> = Default::default();
    let mut fold_warnings: Vec<Option<Vec<Diagnostic>>> = vec![None; k];
    for t in tasks {
        let f = t.result.fold;
        if t.cell >= specs.len() || f >= k {
            return Err(ExperimentError::Grid(format!(
                "a fit of cell {} on fold {f} does not belong to a grid of {} cells × {k} folds",
                t.cell,
                specs.len()
            )));
        }
        let slot = &mut by_cell.entry(t.cell).or_insert_with(|| vec![None; k])[f];
        if slot.replace(t.result).is_some() {
            return Err(ExperimentError::Grid(format!(
                "grid cell {} was run twice on fold {f}",
                t.cell
            )));
        }
        fold_warnings[f].get_or_insert(t.fold_warnings);
    }
    if every_cell && by_cell.len() != specs.len() {
        return Err(ExperimentError::Grid(format!(
            "the fits cover {} of the grid's {} cells",
            by_cell.len(),
            specs.len()
        )));
    }
    for (c, folds) in by_cell {
        let folds = folds
            .into_iter()
            .enumerate()
            .map(|(f, r)| r.ok_or_else(|| ExperimentError::Grid(format!("grid cell {c} has no fit on fold {f}"))))
            .collect::<Result<Vec<FoldResult>, _>>()?;
        report.cells.push(GridCell {
            index: c,
            settings: settings[c].clone(),
            cv: ModelCv::new(specs[c].name(), specs[c].clone(), folds),
        });
    }
    report.warnings.extend(fold_warnings.into_iter().flatten().flatten());
    report.warnings = dedup(std::mem::take(&mut report.warnings));
    report.rank();
    Ok(report)
}

/// Joins the parts of one grid run by several workers into the report a
/// single run gives.
pub fn merge_grids(parts: Vec<GridReport>) -> Result<GridReport, ExperimentError> {
    let mut parts = parts.into_iter();
    let mut out = parts
        .next()
        .ok_or_else(|| ExperimentError::Grid("no grid parts to merge".into()))?;
    for p in parts {
        if p.grid != out.grid || p.folds != out.folds || p.config != out.config || p.scoring != out.scoring {
            return Err(ExperimentError::Grid("grid parts come from different searches".into()));
        }
        out.cells.extend(p.cells);
        out.warnings.extend(p.warnings);
    }
    out.warnings = dedup(out.warnings);
    let mut seen = std::collections::BTreeSet::new();
    if let Some(c) = out.cells.iter().find(|c| !seen.insert(c.index)) {
        return Err(ExperimentError::Grid(format!("grid cell {} was run twice", c.index)));
    }
    out.rank();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_parses_and_expands_last_axis_fastest() {
        let g: Grid = "C=0.1,1; class_weight=none,balanced".parse().unwrap();
        let cells = g.cells();
        assert_eq!(cells.len(), 4);
        assert_eq!(
            cells[1],
            vec![
                ("C".to_string(), "0.1".to_string()),
                ("class_weight".into(), "balanced".into())
            ]
        );
        assert_eq!(
            "C".parse::<Grid>().unwrap_err().to_string(),
            "grid part \"C\" is not KEY=V1,V2,…"
        );
        assert_eq!("C=1;C=2".parse::<Grid>().unwrap_err(), GridError::Twice("C".into()));
        assert_eq!(
            "".parse::<Grid>().unwrap_err().to_string(),
            "the grid is empty; write it like C=0.01,1,100;class_weight=none,balanced"
        );
    }

    #[test]
    fn mean_sd_is_population_sd_and_counts_undefined() {
        // values 1, 3 → mean 2, population sd 1.
        let m = MeanSd::of([Some(1.0), None, Some(3.0)]);
        assert_eq!((m.mean, m.sd, m.undefined), (Some(2.0), Some(1.0), 1));
        assert_eq!(MeanSd::of([None]).mean, None);
    }

    #[test]
    fn mean_roc_interpolates_between_points() {
        // Curve through (0,0), (0.5,1), (1,1): at FPR 0.25 the TPR is 0.5.
        let c = [(0.0, 0.0), (0.5, 1.0), (1.0, 1.0)];
        assert!((tpr_at(&c, 0.25) - 0.5).abs() < 1e-12);
        // A vertical step at 0 reads as its top.
        let step = [(0.0, 0.0), (0.0, 0.8), (1.0, 1.0)];
        assert!((tpr_at(&step, 0.0) - 0.8).abs() < 1e-12);
        let mean = mean_roc([&c[..], &step[..]].into_iter());
        assert_eq!(mean.len(), MEAN_ROC_POINTS);
        assert_eq!(mean.last().unwrap().1, 1.0);
    }

    #[test]
    fn best_cell_skips_settings_that_find_no_positive() {
        let summary = |pr_auc: f64, recall: f64| {
            vec![
                (Scoring::PrAuc, MeanSd::of([Some(pr_auc)])),
                (Scoring::Recall, MeanSd::of([Some(recall)])),
            ]
        };
        // Cell 0 ranks best by PR-AUC but finds 0.2 % of the positives at
        // its threshold (recall 0.002 ≤ 0.01): cell 2, next by PR-AUC, is best.
        let cells = [summary(0.30, 0.002), summary(0.20, 0.60), summary(0.25, 0.40)];
        assert_eq!(best_cell(cells.iter().map(|c| c.as_slice()), Scoring::PrAuc), Some(2));
        // Every cell finds nobody: no best at all.
        let none = [summary(0.30, 0.0), summary(0.20, 0.01)];
        assert_eq!(best_cell(none.iter().map(|c| c.as_slice()), Scoring::PrAuc), None);
        // Lower wins for a loss; ties go to the first.
        let loss = |l: f64| vec![(Scoring::LogLoss, MeanSd::of([Some(l)]))];
        let cells = [loss(0.3), loss(0.2), loss(0.2)];
        assert_eq!(best_cell(cells.iter().map(|c| c.as_slice()), Scoring::LogLoss), Some(1));
    }

    #[test]
    fn imbalanced_data_rank_by_pr_auc_by_default() {
        // 5.2 % positives (the demo's 517 of 9,857) → PR-AUC; 37 % → ROC-AUC.
        assert_eq!(Scoring::default_for(517.0 / 9857.0), Scoring::PrAuc);
        assert_eq!(Scoring::default_for(0.37), Scoring::RocAuc);
        assert_eq!(Scoring::default_for(IMBALANCED_BELOW), Scoring::RocAuc);
        let why = Scoring::default_reason(517.0 / 9857.0);
        assert!(why.contains("PR-AUC") && why.contains("5.2 %"), "{why}");
    }

    #[test]
    fn scoring_names_round_trip() {
        for m in Scoring::ALL {
            assert_eq!(m.name().parse::<Scoring>().unwrap(), m);
        }
        assert!("auc".parse::<Scoring>().unwrap_err().contains("roc_auc"));
    }
}
