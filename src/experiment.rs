//! One run: config → label → split → pipeline → fit each model → evaluate on
//! train / validation / test → report. The same config drives the CLI and the
//! page (it is serde), and the same seed gives the same numbers everywhere.
//! Knows nothing of JS, terminals or files.

use crate::checks::{check_data, CheckError, CheckOptions, DataChecks};
use crate::clock::Stopwatch;
use crate::data::table::{ColumnKind, Table};
use crate::data::{self, binary_label, BinaryLabel, LabelError, PositiveClass, SplitError, SplitFractions};
use crate::explore::{model_checks, ModelCheck};
pub use crate::explore::{Diagnostic, Severity};
use crate::metrics::{evaluate, Evaluation, MetricsError};
pub use crate::model_spec::{
    fit_model, fit_model_part, FitOutcome, FittedModel, ForestSpec, GbdtSpec, Imbalance, LogisticSpec, MajoritySpec,
    MlpSpec, ModelError, ModelSpec, TreeSpec,
};
use crate::models::Classifier;
use crate::pipeline::{schema_of, FittedPipeline, PipelineError, PipelineParams, SchemaColumn, TransformNotes};
use crate::progress::{Cancelled, Monitor, Progress};
use crate::rng::Rng;
use ndarray::Array2;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything a run needs besides the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExperimentConfig {
    /// The label column.
    pub label: String,
    /// Which label value is positive; defaults to the minority class.
    pub positive: PositiveClass,
    /// Column kinds chosen by the user over the inferred ones.
    pub kinds: BTreeMap<String, ColumnKind>,
    /// Preparation.
    pub pipeline: PipelineParams,
    /// Train / validation / test shares; defaults to 64 / 16 / 20.
    pub split: SplitFractions,
    /// The seed of every random step. Defaults to 42.
    pub seed: u64,
    /// The models to fit, each on the same split.
    pub models: Vec<ModelSpec>,
    /// Scores at or above this are predicted positive. Defaults to 0.5.
    pub threshold: f64,
    /// The data check before the fit: columns to keep anyway, strict mode.
    pub checks: CheckOptions,
}

impl Default for ExperimentConfig {
    fn default() -> Self {
        ExperimentConfig {
            label: String::new(),
            positive: PositiveClass::Minority,
            kinds: BTreeMap::new(),
            pipeline: PipelineParams::default(),
            split: SplitFractions::default(),
            seed: 42,
            models: vec![ModelSpec::Logistic(LogisticSpec::default())],
            threshold: 0.5,
            checks: CheckOptions::default(),
        }
    }
}

/// Why a run stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExperimentError {
    #[error("no label column chosen")]
    NoLabel,
    #[error("no model to fit")]
    NoModels,
    #[error("threshold must be a number in [0, 1], got {0}")]
    BadThreshold(f64),
    #[error("column type for \"{column}\": {source}")]
    Kind { column: String, source: data::DataError },
    #[error("column \"{0}\" named in a type override is not in the file")]
    UnknownKindColumn(String),
    #[error(transparent)]
    Label(#[from] LabelError),
    #[error(transparent)]
    Split(#[from] SplitError),
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error(transparent)]
    Model(ModelError),
    #[error("{part} rows: {source}")]
    Metrics { part: &'static str, source: MetricsError },
    #[error("grid search: {0}")]
    Grid(String),
    /// The data check refused the data (`--strict`) or could not run.
    #[error(transparent)]
    DataChecks(#[from] CheckError),
    #[error("model checks: {0}")]
    Checks(String),
    /// A run shared by a pool of workers did not come together (a model
    /// missing, twice, or not the run's).
    #[error("a run shared by several workers: {0}")]
    Shared(String),
    #[error("cancelled")]
    Cancelled,
}

impl From<ModelError> for ExperimentError {
    fn from(e: ModelError) -> Self {
        match e {
            ModelError::Cancelled => ExperimentError::Cancelled,
            e => ExperimentError::Model(e),
        }
    }
}

impl From<Cancelled> for ExperimentError {
    fn from(_: Cancelled) -> Self {
        ExperimentError::Cancelled
    }
}

/// The data as the run saw it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataReport {
    pub rows: usize,
    pub columns: usize,
    pub positives: usize,
    pub label: String,
    pub positive_class: String,
    pub negative_class: String,
    /// Whether the positive class was taken as the minority (none was named).
    pub positive_is_minority: bool,
    /// Rows left out because their label was missing.
    pub missing_labels: usize,
    /// "517 of 9,857 = 5.2 %".
    pub balance: String,
    pub features: Vec<String>,
    /// Columns the data check left out of the features (see [`crate::checks`]).
    pub left_out: Vec<String>,
    /// Flagged columns kept as features because the user chose to keep them anyway.
    pub kept: Vec<String>,
}

/// The sizes of each part of the split.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SplitReport {
    pub train: usize,
    pub val: usize,
    pub test: usize,
    pub train_positives: usize,
    pub val_positives: usize,
    pub test_positives: usize,
}

/// One model's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelReport {
    pub name: String,
    pub kind: &'static str,
    pub fit_seconds: f64,
    /// Solver iterations (logistic regression), epochs run (MLP), depth
    /// (tree) or trees (forest).
    pub n_iter: usize,
    /// The optimiser met its own tolerance: logistic regression's gradient
    /// fell below `tol`; an MLP's training loss stopped improving by more
    /// than 1e-4 for 10 epochs in a row (scikit-learn's `MLPClassifier`
    /// rule). Early stopping is not convergence: a network stopped because
    /// its validation score stalled has `stopped_early` true and is
    /// converged only if its training loss had also settled. Trees,
    /// forests and the majority baseline have no iterative optimiser and
    /// are always converged.
    pub converged: bool,
    /// Training ended early because the validation metric stopped
    /// improving (MLP early stopping).
    pub stopped_early: bool,
    /// An MLP's batch size, epoch cap, steps per epoch and patience as
    /// used (settings left unset are scaled to the training rows, see
    /// [`crate::models::mlp::MlpParams::schedule`]); `None` for other kinds.
    pub schedule: Option<crate::models::mlp::Schedule>,
    pub train: Evaluation,
    pub val: Option<Evaluation>,
    pub test: Option<Evaluation>,
    /// Importance of each feature (`data.features` order) for the kinds
    /// that measure it: boosted trees' total split gain. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature_importance: Option<Vec<f64>>,
}

/// A run's report: what was done and what came out. The CLI writes it as
/// JSON; the page renders it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub rareclass_version: &'static str,
    pub config: ExperimentConfig,
    pub data: DataReport,
    pub split: SplitReport,
    pub models: Vec<ModelReport>,
    /// The data check's findings ([`crate::checks`]: `possible-leakage`,
    /// `id-like-column`, ...) first, then the run's and the models', each
    /// with a stable code (`model-at-chance`, `below-baseline`, `no-positive-predicted`,
    /// `not-converged`, `one-class-part`, `unseen-category`, ...), a
    /// sentence and what to do.
    pub warnings: Vec<Diagnostic>,
}

/// One fitted model with what it needs to score new rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainedModel {
    pub name: String,
    pub model: FittedModel,
}

/// Scores of one model on each part, for curves and threshold tools.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartScores {
    pub train: Vec<f64>,
    pub val: Vec<f64>,
    pub test: Vec<f64>,
}

/// Everything a run produced.
#[derive(Debug, Clone)]
pub struct Run {
    pub report: Report,
    pub label: BinaryLabel,
    pub split: data::Split,
    pub pipeline: FittedPipeline,
    /// Every column of the data as the run read it, with its role.
    pub schema: Vec<SchemaColumn>,
    pub models: Vec<TrainedModel>,
    /// `scores[m]` are model `m`'s scores on each part (same order as `split`).
    pub scores: Vec<PartScores>,
}

impl Run {
    /// `y` of the rows of one part of the split.
    pub fn part_labels(&self, part: &[usize]) -> Vec<bool> {
        part.iter().map(|&i| self.label.y[i]).collect()
    }
}

/// Applies the user's column kinds over the inferred ones.
pub fn apply_kinds(table: &Table, kinds: &BTreeMap<String, ColumnKind>) -> Result<Table, ExperimentError> {
    let mut out = table.clone();
    for (name, &kind) in kinds {
        let i = table
            .column_index(name)
            .ok_or_else(|| ExperimentError::UnknownKindColumn(name.clone()))?;
        if out.columns[i].kind != kind {
            out.columns[i] = data::convert_column(&table.columns[i], kind).map_err(|source| ExperimentError::Kind {
                column: name.clone(),
                source,
            })?;
        }
    }
    Ok(out)
}

/// A labelled table split and prepared: what every model of a run is fitted
/// and scored on.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub label: BinaryLabel,
    pub split: data::Split,
    pub pipeline: FittedPipeline,
    pub x_train: Array2<f32>,
    pub x_val: Array2<f32>,
    pub x_test: Array2<f32>,
    pub y_train: Vec<bool>,
    pub y_val: Vec<bool>,
    pub y_test: Vec<bool>,
    pub warnings: Vec<Diagnostic>,
    /// What the data check found and left out.
    pub checks: DataChecks,
}

/// Checks the parts of `config` that do not depend on the data and applies
/// its kind overrides; `Cow` keeps the unconverted table borrowed.
pub(crate) fn checked_table<'t>(
    table: &'t Table,
    config: &ExperimentConfig,
) -> Result<std::borrow::Cow<'t, Table>, ExperimentError> {
    if config.label.is_empty() {
        return Err(ExperimentError::NoLabel);
    }
    if config.models.is_empty() {
        return Err(ExperimentError::NoModels);
    }
    if !(0.0..=1.0).contains(&config.threshold) {
        return Err(ExperimentError::BadThreshold(config.threshold));
    }
    config.pipeline.check()?;
    Ok(if config.kinds.is_empty() {
        std::borrow::Cow::Borrowed(table)
    } else {
        std::borrow::Cow::Owned(apply_kinds(table, &config.kinds)?)
    })
}

/// Runs the data check of `label` on `table` (the user's dropped columns
/// unexamined) and returns the config the fit uses: the user's, with the
/// columns the check left out added to `pipeline.drop`.
pub fn checked_config(
    table: &Table,
    config: &ExperimentConfig,
    label: &BinaryLabel,
) -> Result<(ExperimentConfig, DataChecks), ExperimentError> {
    let checks = check_data(table, label, &config.pipeline.drop, &config.checks)?;
    let mut fit = config.clone();
    fit.pipeline.drop.extend(checks.left_out.iter().cloned());
    Ok((fit, checks))
}

/// The label and the split of `table` (kinds already applied) that a run
/// with `config` makes: with a saved model's config and the same file, the
/// rows it was trained, validated and tested on (what a script that
/// reproduces the run needs and the model file does not hold).
pub fn label_and_split(
    table: &Table,
    config: &ExperimentConfig,
) -> Result<(BinaryLabel, data::Split), ExperimentError> {
    let label = binary_label(table, &config.label, &config.positive)?;
    let mut rng = Rng::new(config.seed);
    let split = data::stratified_split(&label.y, config.split, &mut rng)?;
    Ok((label, split))
}

/// Fits `config.pipeline` on the train positions of `label` and transforms
/// the given parts; unseen categories become `unseen-category` warnings
/// naming the part.
pub(crate) fn prepare_parts(
    table: &Table,
    config: &ExperimentConfig,
    label: &BinaryLabel,
    parts: &[(&str, &[usize])],
    warnings: &mut Vec<Diagnostic>,
) -> Result<(FittedPipeline, Vec<Array2<f32>>), ExperimentError> {
    let rows_of = |part: &[usize]| part.iter().map(|&i| label.rows[i]).collect::<Vec<usize>>();
    let pipeline = config.pipeline.fit(table, &label.column, &rows_of(parts[0].1))?;
    // Every part's matrix is held at once: all of them must fit, checked
    // before the first is made (each transform checks its own too).
    let rows: usize = parts.iter().map(|(_, part)| part.len()).sum();
    pipeline.check_room(rows, crate::limits::memory_room())?;
    let mut out = Vec::with_capacity(parts.len());
    for (name, part) in parts {
        let (x, notes): (Array2<f32>, TransformNotes) = pipeline.transform(table, &rows_of(part))?;
        for (column, n) in notes.unknown_categories {
            warnings.push(Diagnostic::new(
                "unseen-category",
                Severity::Info,
                format!("column \"{column}\": {n} {name} rows have a category not seen in training (encoded as none)"),
                "nothing to do if the category is rare; otherwise give the training part more rows or merge rare levels",
            )
            .on_column(&column));
        }
        out.push(x);
    }
    Ok((pipeline, out))
}

/// Labels, checks, splits and prepares `table` as `config` says (the steps
/// every model of a run shares). The data check's findings open
/// `warnings`; the columns it leaves out are not features.
pub fn prepare(
    table: &Table,
    config: &ExperimentConfig,
    monitor: &mut dyn Monitor,
) -> Result<Prepared, ExperimentError> {
    prepare_checked(table, config, None, monitor)
}

/// [`prepare`] with the data check of `table` for `config` made elsewhere
/// (`Some`: [`checked_config`]'s answer on this very table, as a pool
/// worker is handed it so the check is made once), or made here (`None`).
pub fn prepare_checked(
    table: &Table,
    config: &ExperimentConfig,
    checks: Option<DataChecks>,
    monitor: &mut dyn Monitor,
) -> Result<Prepared, ExperimentError> {
    let (label, split) = label_and_split(table, config)?;
    monitor.report(&Progress {
        stage: "check",
        fraction: 0.0,
        message: "checking the data".into(),
        ..Default::default()
    })?;
    let (config, checks) = match checks {
        Some(checks) => {
            let mut fit = config.clone();
            fit.pipeline.drop.extend(checks.left_out.iter().cloned());
            (fit, checks)
        }
        None => checked_config(table, config, &label)?,
    };
    let config = &config;
    let mut warnings = checks.findings.clone();
    let y_of = |part: &[usize]| part.iter().map(|&i| label.y[i]).collect::<Vec<bool>>();
    let (y_train, y_val, y_test) = (y_of(&split.train), y_of(&split.val), y_of(&split.test));
    for (part, y) in [("validation", &y_val), ("test", &y_test)] {
        let p = y.iter().filter(|&&v| v).count();
        if !y.is_empty() && (p == 0 || p == y.len()) {
            warnings.push(Diagnostic::new(
                "one-class-part",
                Severity::Warning,
                format!("the {part} rows hold one class only; its ranking metrics are undefined"),
                "give that part a larger share of the split so it holds rows of both classes",
            ));
        }
    }
    monitor.report(&Progress {
        stage: "prepare",
        fraction: 0.0,
        message: "fitting the preparation pipeline".into(),
        ..Default::default()
    })?;
    let parts: [(&str, &[usize]); 3] = [
        ("train", &split.train),
        ("validation", &split.val),
        ("test", &split.test),
    ];
    let (pipeline, mut xs) = prepare_parts(table, config, &label, &parts, &mut warnings)?;
    let x_test = xs.pop().unwrap_or_default();
    let x_val = xs.pop().unwrap_or_default();
    let x_train = xs.pop().unwrap_or_default();
    Ok(Prepared {
        label,
        split,
        pipeline,
        x_train,
        x_val,
        x_test,
        y_train,
        y_val,
        y_test,
        warnings,
        checks,
    })
}

/// The random stream of a model fit: a function of the run's seed and a
/// stream number only, so a fit gives the same bits whichever order, worker
/// or process runs it in.
pub fn stream_rng(seed: u64, stream: u64) -> Rng {
    Rng::new(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// One model's fit as it crosses from the worker that made it to the one
/// that assembles the run ([`assemble`]): model `index` of the config, the
/// fitted model (an MLP's history inside it) and what the fit said of
/// itself. Serde, so a pool worker can send it as JSON (every number
/// round-trips exactly: `serde_json`'s `float_roundtrip`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelFit {
    /// Position in `config.models`.
    pub index: usize,
    pub model: FittedModel,
    pub n_iter: usize,
    pub converged: bool,
    pub stopped_early: bool,
    /// Wall seconds of the fit, on the worker that made it.
    pub fit_seconds: f64,
    /// A part of a forest: trees `[start, end)` of it (see [`fit_trees`]);
    /// `None` for a whole fit.
    #[serde(default)]
    pub trees: Option<[usize; 2]>,
}

/// Fits model `index` of `config` on `prepared`'s training rows (its
/// validation rows watched when there are any), from the model stream
/// [`stream_rng`]`(seed, 1)`: the same bits whichever worker fits it, in
/// whatever order.
pub fn fit_one(
    prepared: &Prepared,
    config: &ExperimentConfig,
    index: usize,
    monitor: &mut dyn Monitor,
) -> Result<ModelFit, ExperimentError> {
    fit_spec(prepared, config, index, model_at(config, index)?, None, monitor)
}

/// Model `index` of `config`, or why there is none.
fn model_at(config: &ExperimentConfig, index: usize) -> Result<&ModelSpec, ExperimentError> {
    config.models.get(index).ok_or_else(|| {
        ExperimentError::Shared(format!(
            "there is no model {}; the run has {} models",
            index + 1,
            config.models.len()
        ))
    })
}

/// Trees `[trees.start, trees.end)` of model `index` of `config`, a random
/// forest, fitted as [`fit_one`] fits it: parts covering `0..n_trees`,
/// made anywhere, join in [`assemble`] into the forest one fit makes.
pub fn fit_trees(
    prepared: &Prepared,
    config: &ExperimentConfig,
    index: usize,
    trees: std::ops::Range<usize>,
    monitor: &mut dyn Monitor,
) -> Result<ModelFit, ExperimentError> {
    let spec = model_at(config, index)?;
    let ModelSpec::Forest(forest) = spec else {
        return Err(ExperimentError::Shared(format!(
            "model {} ({}) is not a random forest: only a forest's trees are grown in parts",
            index + 1,
            spec.name()
        )));
    };
    let n = forest.params.n_trees();
    if trees.start >= trees.end || trees.end > n {
        return Err(ExperimentError::Shared(format!(
            "trees {}..{} are not a part of a forest of {n} trees",
            trees.start, trees.end
        )));
    }
    fit_spec(prepared, config, index, spec, Some(trees), monitor)
}

fn fit_spec(
    prepared: &Prepared,
    config: &ExperimentConfig,
    index: usize,
    spec: &ModelSpec,
    trees: Option<std::ops::Range<usize>>,
    monitor: &mut dyn Monitor,
) -> Result<ModelFit, ExperimentError> {
    let val = (!prepared.y_val.is_empty()).then(|| (prepared.x_val.view(), prepared.y_val.as_slice()));
    let watch = Stopwatch::start();
    let mut rng = stream_rng(config.seed, 1);
    let part = trees.as_ref().map(|r| [r.start, r.end]);
    let FitOutcome {
        model,
        n_iter,
        converged,
        stopped_early,
        ..
    } = fit_model_part(
        spec,
        prepared.x_train.view(),
        &prepared.y_train,
        val,
        &mut rng,
        trees,
        monitor,
    )?;
    Ok(ModelFit {
        index,
        model,
        n_iter,
        converged,
        stopped_early,
        fit_seconds: watch.seconds(),
        trees: part,
    })
}

/// Joins the parts of one forest (any order) into its whole fit: the
/// parts must cover its trees `0..n_trees` once each, in ranges that meet.
/// Its seconds are the longest part's (the parts ran side by side).
fn join_forest(index: usize, n_trees: usize, mut parts: Vec<ModelFit>) -> Result<ModelFit, ExperimentError> {
    let bad = |m: String| ExperimentError::Shared(format!("model {}: {m}", index + 1));
    parts.sort_by_key(|p| p.trees.map_or(0, |t| t[0]));
    let mut trees = Vec::with_capacity(n_trees);
    let mut seconds = 0.0f64;
    let mut next = 0;
    for p in parts {
        let Some([start, end]) = p.trees else {
            return Err(bad("a whole fit came back beside parts of it".into()));
        };
        if start != next {
            return Err(bad(format!("its trees {next}..{start} are missing or grown twice")));
        }
        let FittedModel::Forest(f) = p.model else {
            return Err(bad("a part of it is not a forest".into()));
        };
        if f.trees.len() != end - start {
            return Err(bad(format!("part {start}..{end} holds {} trees", f.trees.len())));
        }
        trees.extend(f.trees);
        seconds = seconds.max(p.fit_seconds);
        next = end;
    }
    if next != n_trees {
        return Err(bad(format!("its trees {next}..{n_trees} were not grown")));
    }
    Ok(ModelFit {
        index,
        n_iter: trees.len(),
        model: FittedModel::Forest(crate::models::forest::FittedForest { trees }),
        converged: true,
        stopped_early: false,
        fit_seconds: seconds,
        trees: None,
    })
}

/// Runs the experiment on `table`. `monitor` hears each phase and can cancel.
/// The same as [`prepare`], then [`fit_one`] for each model, then
/// [`assemble`]: how a pool of workers shares one run (each model is
/// evaluated as soon as it is fitted here, so progress reads model by model).
pub fn run(table: &Table, config: &ExperimentConfig, monitor: &mut dyn Monitor) -> Result<Run, ExperimentError> {
    let checked = checked_table(table, config)?;
    let table = checked.as_ref();
    let prepared = prepare(table, config, monitor)?;
    let mut done = Assembly::new(prepared);
    for index in 0..config.models.len() {
        let fit = fit_one(&done.prepared, config, index, monitor)?;
        done.add(config, fit, monitor)?;
    }
    done.finish(table, config, monitor)
}

/// Joins `fits` (one per model of `config`, any order, each made by
/// [`fit_one`] — on any worker — on a [`prepare`] of the same table and
/// config) with `prepared` into the run [`run`] gives, bit for bit: each
/// model scored and evaluated on every part, the model checks, the
/// report. Refuses a model missing, given twice or not in the config.
pub fn assemble(
    table: &Table,
    config: &ExperimentConfig,
    prepared: Prepared,
    fits: Vec<ModelFit>,
    monitor: &mut dyn Monitor,
) -> Result<Run, ExperimentError> {
    let checked = checked_table(table, config)?;
    let table = checked.as_ref();
    let mut done = Assembly::new(prepared);
    for fit in join_fits(config, fits)? {
        done.add(config, fit, monitor)?;
    }
    done.finish(table, config, monitor)
}

/// `fits` (any order, made by [`fit_one`] or [`fit_trees`] on any worker)
/// as one whole fit per model of `config`, in config order: a forest's
/// parts joined. Refuses a model missing, given twice or not in the config,
/// and forest parts with a gap or an overlap.
pub fn join_fits(config: &ExperimentConfig, fits: Vec<ModelFit>) -> Result<Vec<ModelFit>, ExperimentError> {
    let n = config.models.len();
    let mut slots: Vec<Option<ModelFit>> = vec![None; n];
    let mut parts: Vec<Vec<ModelFit>> = vec![Vec::new(); n];
    for fit in fits {
        let i = fit.index;
        if i >= n {
            return Err(ExperimentError::Shared(format!(
                "a fit of model {} came back, but the run has {n} models",
                i + 1
            )));
        }
        if fit.trees.is_some() {
            parts[i].push(fit);
            continue;
        }
        match &mut slots[i] {
            Some(_) => return Err(ExperimentError::Shared(format!("model {} was fitted twice", i + 1))),
            slot => *slot = Some(fit),
        }
    }
    for (i, p) in parts.into_iter().enumerate() {
        if p.is_empty() {
            continue;
        }
        let ModelSpec::Forest(forest) = &config.models[i] else {
            return Err(ExperimentError::Shared(format!(
                "model {} is not a random forest, but parts of it came back",
                i + 1
            )));
        };
        if slots[i].is_some() {
            return Err(ExperimentError::Shared(format!("model {} was fitted twice", i + 1)));
        }
        slots[i] = Some(join_forest(i, forest.params.n_trees(), p)?);
    }
    slots
        .into_iter()
        .enumerate()
        .map(|(i, slot)| {
            slot.ok_or_else(|| {
                ExperimentError::Shared(format!("model {} ({}) was not fitted", i + 1, config.models[i].name()))
            })
        })
        .collect()
}

/// A run being put together: the prepared rows and each model evaluated so
/// far, in config order.
struct Assembly {
    prepared: Prepared,
    reports: Vec<ModelReport>,
    models: Vec<TrainedModel>,
    scores: Vec<PartScores>,
}

impl Assembly {
    fn new(prepared: Prepared) -> Assembly {
        Assembly {
            prepared,
            reports: Vec::new(),
            models: Vec::new(),
            scores: Vec::new(),
        }
    }

    /// Scores and evaluates the next model's fit on every part.
    fn add(
        &mut self,
        config: &ExperimentConfig,
        fit: ModelFit,
        monitor: &mut dyn Monitor,
    ) -> Result<(), ExperimentError> {
        let ModelFit {
            index,
            model,
            n_iter,
            converged,
            stopped_early,
            fit_seconds,
            ..
        } = fit;
        let spec = &config.models[index];
        let p = &mut self.prepared;
        let name = spec.name();
        // Early stopping ended the fit on purpose: not a cap reached.
        if !converged && !stopped_early {
            p.warnings.push(not_converged(&name, spec, n_iter));
        }
        monitor.report(&Progress {
            stage: "evaluate",
            fraction: 1.0,
            message: format!("evaluating {name}"),
            name: Some(name.clone()),
            ..Default::default()
        })?;
        let part_scores = PartScores {
            train: model.predict_proba(p.x_train.view()).to_vec(),
            val: model.predict_proba(p.x_val.view()).to_vec(),
            test: model.predict_proba(p.x_test.view()).to_vec(),
        };
        let eval = |part: &'static str, y: &[bool], s: &[f64]| -> Result<Option<Evaluation>, ExperimentError> {
            if y.is_empty() {
                return Ok(None);
            }
            evaluate(y, s, config.threshold)
                .map(Some)
                .map_err(|source| ExperimentError::Metrics { part, source })
        };
        // The pipeline refuses to fit on no rows, so train is never empty.
        let Some(train) = eval("train", &p.y_train, &part_scores.train)? else {
            return Err(PipelineError::NoRows.into());
        };
        self.reports.push(ModelReport {
            name: name.clone(),
            kind: spec.kind(),
            fit_seconds,
            n_iter,
            converged,
            stopped_early,
            schedule: model.history().and_then(|h| h.schedule),
            train,
            val: eval("validation", &p.y_val, &part_scores.val)?,
            test: eval("test", &p.y_test, &part_scores.test)?,
            feature_importance: model.feature_importance(),
        });
        self.models.push(TrainedModel { name, model });
        self.scores.push(part_scores);
        Ok(())
    }

    /// The model checks and the report, once every model is in.
    fn finish(
        self,
        table: &Table,
        config: &ExperimentConfig,
        monitor: &mut dyn Monitor,
    ) -> Result<Run, ExperimentError> {
        let Assembly {
            prepared,
            reports,
            models,
            scores,
        } = self;
        let Prepared {
            label,
            split,
            pipeline,
            x_train,
            x_val,
            x_test,
            y_train,
            y_val,
            y_test,
            mut warnings,
            checks,
        } = prepared;
        let checked = CheckedRows {
            y_train: &y_train,
            x_train: x_train.view(),
            parts: [("test", &y_test, x_test.view()), ("validation", &y_val, x_val.view())],
        };
        warnings.extend(check_models(config, &checked, &models, &scores, monitor)?);
        let count = |y: &[bool]| y.iter().filter(|&&v| v).count();
        let report = Report {
            rareclass_version: env!("CARGO_PKG_VERSION"),
            config: config.clone(),
            data: DataReport {
                rows: table.n_rows,
                columns: table.columns.len(),
                positives: label.positives(),
                label: label.column.clone(),
                positive_class: label.positive.clone(),
                negative_class: label.negative.clone(),
                positive_is_minority: label.chosen_as_minority,
                missing_labels: label.missing,
                balance: label.balance_text(),
                features: pipeline.feature_names.clone(),
                left_out: checks.left_out,
                kept: checks.kept,
            },
            split: SplitReport {
                train: y_train.len(),
                val: y_val.len(),
                test: y_test.len(),
                train_positives: count(&y_train),
                val_positives: count(&y_val),
                test_positives: count(&y_test),
            },
            models: reports,
            warnings,
        };
        let schema = schema_of(table, &label.column, &pipeline);
        Ok(Run {
            report,
            label,
            split,
            pipeline,
            schema,
            models,
            scores,
        })
    }
}

/// `not-converged`: a solver or a network stopped at its cap while still
/// improving.
fn not_converged(name: &str, spec: &ModelSpec, n_iter: usize) -> Diagnostic {
    let (message, next) = match spec {
        ModelSpec::Mlp(_) => (
            format!("{name}: the training loss was still falling when the epoch cap ({n_iter}) was reached"),
            "raise epochs, or turn early stopping on so the validation rows decide when to stop",
        ),
        _ => (
            format!("{name}: the solver stopped at its iteration cap ({n_iter}) before converging"),
            "raise the iteration cap (max_iter) or loosen the tolerance; check that the features are standardised",
        ),
    };
    Diagnostic::new("not-converged", Severity::Warning, message, next)
}

/// The rows [`check_models`] reads: the training rows (to fit the
/// logistic baseline) and the held-out parts, in order of preference.
struct CheckedRows<'a> {
    y_train: &'a [bool],
    x_train: ndarray::ArrayView2<'a, f32>,
    parts: [(&'static str, &'a [bool], ndarray::ArrayView2<'a, f32>); 2],
}

/// The model checks of a run ([`model_checks`]) on the test rows (the
/// validation rows when there are no test rows; none on training rows,
/// where every model looks good). The logistic baseline is the run's own
/// first logistic regression when it has one; otherwise one with the
/// default settings is fitted on the same training rows, only when a
/// model other than logistic regression or the majority baseline needs it.
fn check_models(
    config: &ExperimentConfig,
    rows: &CheckedRows,
    models: &[TrainedModel],
    scores: &[PartScores],
    monitor: &mut dyn Monitor,
) -> Result<Vec<Diagnostic>, ExperimentError> {
    let Some(&(part, y, x)) = rows.parts.iter().find(|p| !p.1.is_empty()) else {
        return Ok(Vec::new());
    };
    let held_out = |s: &PartScores| if part == "test" { s.test.clone() } else { s.val.clone() };
    let needs_baseline = config
        .models
        .iter()
        .any(|m| !matches!(m, ModelSpec::Logistic(_) | ModelSpec::Majority(_)));
    let own = config.models.iter().position(|m| matches!(m, ModelSpec::Logistic(_)));
    let baseline: Option<Vec<f64>> = match own {
        Some(i) => Some(held_out(&scores[i])),
        None if needs_baseline => {
            monitor.report(&Progress {
                stage: "evaluate",
                fraction: 1.0,
                message: "fitting the logistic-regression baseline for the model checks".into(),
                task: Some("baseline"),
                ..Default::default()
            })?;
            let spec = ModelSpec::Logistic(LogisticSpec::default());
            let mut rng = stream_rng(config.seed, 2);
            let fitted = fit_model(&spec, rows.x_train, rows.y_train, None, &mut rng, monitor)?;
            Some(fitted.model.predict_proba(x).to_vec())
        }
        None => None,
    };
    let mut out = Vec::new();
    for (i, (spec, model)) in config.models.iter().zip(models).enumerate() {
        if matches!(spec, ModelSpec::Majority(_)) {
            continue; // at chance by design: it is the "knowing nothing" baseline
        }
        let s = held_out(&scores[i]);
        out.extend(
            model_checks(&ModelCheck {
                name: &model.name,
                part,
                y,
                scores: &s,
                threshold: config.threshold,
                baseline: if own == Some(i) { None } else { baseline.as_deref() },
            })
            .map_err(|e| ExperimentError::Checks(e.to_string()))?,
        );
    }
    Ok(out)
}
