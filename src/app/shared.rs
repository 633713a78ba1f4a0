//! A run shared by the page's workers, as plain Rust: the engine's session
//! and each pool worker prepare the same split of the same table
//! ([`SharedPart`], the data check made once and handed over), the models
//! are dealt by expected cost ([`expected_cost`], [`deal`]) and a forest's
//! trees cut into parts ([`tree_parts`]); a pool worker's [`PoolRun`] fits
//! what it is dealt and its fits cross to the engine as JSON
//! ([`fit_to_json`]), where `experiment::assemble` joins them into the run
//! one worker makes, bit for bit. The Compare tab (`compare.rs`) and the
//! Train tab (`session.rs`) open such runs. Knows nothing of workers or JS.

use super::error::AppError;
use super::views::{inspect_with, ImportanceRows, InspectOptions, ModelInspection};
use crate::checks::DataChecks;
use crate::data::Table;
use crate::experiment::{
    assemble, checked_table, fit_one, fit_trees, join_fits, prepare_checked, ExperimentConfig, ModelFit, ModelSpec,
    Prepared, Run,
};
use crate::inspect::{ImportancePart, PermutationImportance};
use crate::model_spec::FittedModel;
use crate::progress::Monitor;
use serde::{Deserialize, Serialize};

pub(super) fn not_opened() -> AppError {
    AppError::not_ready("shared run: no run shared by workers is open here; open one first")
}

/// A run shared by workers, on one worker: the config, the prepared rows
/// and the fits made here so far.
pub(super) struct SharedPart {
    pub(super) config: ExperimentConfig,
    pub(super) prepared: Prepared,
    /// The fits (or forest parts) made here so far.
    pub(super) kept: Vec<ModelFit>,
}

impl SharedPart {
    pub(super) fn open(
        table: &Table,
        config: &ExperimentConfig,
        checks: Option<DataChecks>,
        monitor: &mut dyn Monitor,
    ) -> Result<SharedPart, AppError> {
        let table = checked_table(table, config)?;
        let prepared = prepare_checked(table.as_ref(), config, checks, monitor)?;
        Ok(SharedPart {
            config: config.clone(),
            prepared,
            kept: Vec::new(),
        })
    }

    /// Costs, the deal of the models to `workers` workers and the parts of
    /// each forest.
    pub(super) fn opened(&self, workers: usize) -> Opened {
        let p = &self.prepared;
        let negatives = p.y_train.iter().filter(|&&v| !v).count();
        let costs: Vec<f64> = self
            .config
            .models
            .iter()
            .map(|m| expected_cost(m, p.y_train.len(), negatives))
            .collect();
        Opened {
            deal: deal(&costs, workers),
            costs,
            train_rows: p.y_train.len(),
            trees: self
                .config
                .models
                .iter()
                .map(|m| match m {
                    ModelSpec::Forest(f) => tree_parts(f.params.n_trees(), workers),
                    _ => Vec::new(),
                })
                .collect(),
        }
    }

    /// Model `index`, or trees `[start, end)` of it (a forest).
    pub(super) fn fit(
        &self,
        index: usize,
        trees: Option<[usize; 2]>,
        monitor: &mut dyn Monitor,
    ) -> Result<ModelFit, AppError> {
        Ok(match trees {
            None => fit_one(&self.prepared, &self.config, index, monitor)?,
            Some([a, b]) => fit_trees(&self.prepared, &self.config, index, a..b, monitor)?,
        })
    }
}

/// Fits model `index` (or, `trees`, trees `[start, end)` of it, a forest)
/// of the run opened in `slot` (the engine's Compare or Train tab) and
/// keeps it there.
pub(super) fn shared_fit(
    slot: &mut Option<SharedPart>,
    index: usize,
    trees: Option<[usize; 2]>,
    monitor: &mut dyn Monitor,
) -> Result<Fitted, AppError> {
    let part = slot.as_mut().ok_or_else(not_opened)?;
    let fit = part.fit(index, trees, monitor)?;
    let fitted = Fitted::of(&fit);
    part.kept.push(fit);
    Ok(fitted)
}

/// `n_trees` trees cut into `workers` consecutive parts as even as they
/// go (the first parts one tree larger), empty parts left out.
pub fn tree_parts(n_trees: usize, workers: usize) -> Vec<[usize; 2]> {
    let workers = workers.max(1);
    let (each, extra) = (n_trees / workers, n_trees % workers);
    let mut out = Vec::new();
    let mut start = 0;
    for w in 0..workers {
        let end = start + each + usize::from(w < extra);
        if end > start {
            out.push([start, end]);
        }
        start = end;
    }
    out
}

/// What opening a shared run tells the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Opened {
    /// Each model's expected cost ([`expected_cost`]), in config order.
    pub costs: Vec<f64>,
    /// `deal[w]`: the models worker `w` fits (0: the engine), [`deal`]t by cost.
    pub deal: Vec<Vec<usize>>,
    /// Training rows of the split.
    pub train_rows: usize,
    /// For each model that is a random forest, its trees cut into one
    /// part per worker ([`tree_parts`]); empty for the other models.
    pub trees: Vec<Vec<[usize; 2]>>,
}

/// What a fit made and kept by the engine tells the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fitted {
    pub index: usize,
    pub fit_seconds: f64,
    pub n_iter: usize,
}

impl Fitted {
    pub(super) fn of(fit: &ModelFit) -> Fitted {
        Fitted {
            index: fit.index,
            fit_seconds: fit.fit_seconds,
            n_iter: fit.n_iter,
        }
    }
}

/// The rough cost of fitting `spec` on `rows` training rows (`negatives`
/// of them negative), known before the fit: a network's epoch cap × the
/// training rows, a forest's trees × rows, boosted trees' rounds × rows,
/// one pass for the rest. Only for dealing models to workers, longest
/// first, and kept that simple on purpose: how many epochs early stopping
/// leaves is not known ahead, and it moves a network's time far more than
/// its epoch's length does (on the fraud file the tutorial's oversampled
/// network's epoch is twice the baseline's, yet it stops after 22 epochs
/// where the class-weighted one runs all 100), so the page's workers also
/// take each other's models left when they run out (www/shared_run.js).
pub fn expected_cost(spec: &ModelSpec, rows: usize, negatives: usize) -> f64 {
    let rows_f = rows as f64;
    match spec {
        ModelSpec::Mlp(s) => s.params.schedule(rows, negatives).epochs as f64 * rows_f,
        ModelSpec::Forest(s) => s.params.n_trees() as f64 * rows_f,
        ModelSpec::Gbdt(s) => s.params.n_rounds() as f64 * rows_f,
        ModelSpec::Majority(_) => 0.0,
        _ => rows_f,
    }
}

/// Deals models of `costs` to `workers` workers: longest first, each onto
/// the worker with the least expected work so far (ties: the lower
/// worker, the engine being worker 0). `deal[w]` lists worker `w`'s models
/// in the order to fit them.
pub fn deal(costs: &[f64], workers: usize) -> Vec<Vec<usize>> {
    let workers = workers.max(1);
    let mut order: Vec<usize> = (0..costs.len()).collect();
    // Stable: equal costs keep config order.
    order.sort_by(|&a, &b| costs[b].total_cmp(&costs[a]));
    let mut load = vec![0.0f64; workers];
    let mut out = vec![Vec::new(); workers];
    for m in order {
        let w = (0..workers)
            .min_by(|&a, &b| load[a].total_cmp(&load[b]).then(a.cmp(&b)))
            .unwrap_or(0);
        load[w] += costs[m];
        out[w].push(m);
    }
    out
}

/// One pool worker's side of a run shared with the engine (a Compare set,
/// a Train-tab forest): its own table (built from the buffers the engine
/// handed out) prepared as the engine's, and the models or forest parts
/// it is dealt, fitted one at a time and sent back as JSON.
pub struct PoolRun {
    part: SharedPart,
    /// The run's models, joined from every worker's fits, and the rows
    /// their importance is measured on ([`PoolRun::inspect`]).
    inspecting: Option<(Vec<FittedModel>, ImportanceRows)>,
}

impl PoolRun {
    /// Prepares `table` for `config` as the engine's open
    /// ([`super::Session::compare_open`], [`super::Session::train_open`]) does (`checks`:
    /// the engine's data check of this very table).
    pub fn new(
        table: &Table,
        config: &ExperimentConfig,
        checks: Option<DataChecks>,
        monitor: &mut dyn Monitor,
    ) -> Result<PoolRun, AppError> {
        Ok(PoolRun {
            part: SharedPart::open(table, config, checks, monitor)?,
            inspecting: None,
        })
    }

    /// Fits model `index`, or (`trees`) trees `[start, end)` of it: the
    /// fit for the engine's adopt.
    pub fn fit(
        &self,
        index: usize,
        trees: Option<[usize; 2]>,
        monitor: &mut dyn Monitor,
    ) -> Result<ModelFit, AppError> {
        self.part.fit(index, trees, monitor)
    }

    /// Joins `fits` (every worker's, the engine's `train_kept` among them)
    /// into the run's models and takes the rows their permutation
    /// importance is measured on from the prepared validation rows, as the
    /// engine's [`super::Session::train_join`] does from its table: the
    /// features to measure of each model (0: none), for
    /// [`PoolRun::importance`].
    pub fn inspect(&mut self, fits: Vec<ModelFit>) -> Result<Vec<usize>, AppError> {
        self.inspecting = None;
        let models: Vec<FittedModel> = join_fits(&self.part.config, fits)?
            .into_iter()
            .map(|f| f.model)
            .collect();
        let rows = ImportanceRows::of_prepared(&self.part.prepared, &self.part.config, &InspectOptions::default())?;
        let columns = vec![rows.columns(); models.len()];
        self.inspecting = Some((models, rows));
        Ok(columns)
    }

    /// Each model's name in the run (what its progress says).
    pub fn names(&self) -> Vec<String> {
        self.part.config.models.iter().map(|m| m.name()).collect()
    }

    /// The permutation importance of features `[start, end)` of model
    /// `index` (after [`PoolRun::inspect`]), for the engine's adopt.
    pub fn importance(
        &self,
        index: usize,
        columns: [usize; 2],
        monitor: &mut dyn Monitor,
    ) -> Result<ImportanceShare, AppError> {
        let (models, rows) = self.inspecting.as_ref().ok_or_else(|| {
            AppError::not_ready(
                "shared run: the run's models are not joined here yet; hand this worker every fit first",
            )
        })?;
        let at = (index, models.len());
        measure(rows, &self.part.config, models.get(index), at, columns, monitor)
    }
}

/// The importance of features `columns` of model `index` (one of `n`,
/// `model` if there is one: `None` when `index` is out of range).
fn measure(
    rows: &ImportanceRows,
    config: &ExperimentConfig,
    model: Option<&FittedModel>,
    (index, n): (usize, usize),
    columns: [usize; 2],
    monitor: &mut dyn Monitor,
) -> Result<ImportanceShare, AppError> {
    let model = model.ok_or_else(|| {
        AppError::bad_request(format!(
            "shared run: there is no model {}; the run has {n} models",
            index + 1
        ))
    })?;
    let name = config.models[index].name();
    let part = rows.part(&name, model, (index, n), columns[0]..columns[1], monitor)?;
    Ok(ImportanceShare { index, part })
}

/// Part of one model's permutation importance, as it crosses from the
/// worker that measured it to the engine (JSON, every number exact).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportanceShare {
    /// Position in `config.models`.
    pub index: usize,
    pub part: ImportancePart,
}

/// A Train-tab run shared by workers on the engine, once every fit is in:
/// the run assembled (each model evaluated, the model checks), the rows of
/// its permutation importance, and the parts of it measured here so far.
/// The page's workers measure the rest ([`PoolRun::importance`]); the
/// adopt joins them ([`Joined::inspections`]).
pub(super) struct Joined {
    run: Run,
    rows: ImportanceRows,
    kept: Vec<ImportanceShare>,
}

impl Joined {
    /// `part`'s fits and `adopted` joined and assembled on `table` (see
    /// `experiment::assemble`).
    pub(super) fn new(
        table: &crate::data::Table,
        part: SharedPart,
        adopted: Vec<ModelFit>,
        monitor: &mut dyn Monitor,
    ) -> Result<Joined, AppError> {
        let SharedPart {
            config,
            prepared,
            mut kept,
        } = part;
        kept.extend(adopted);
        let run = assemble(table, &config, prepared, kept, monitor)?;
        let rows = ImportanceRows::of_run(table, &run, &InspectOptions::default())?;
        Ok(Joined {
            run,
            rows,
            kept: Vec::new(),
        })
    }

    /// Features to measure per model (0: none).
    pub(super) fn columns(&self) -> Vec<usize> {
        vec![self.rows.columns(); self.run.models.len()]
    }

    /// Measures features `columns` of model `index` here and keeps them.
    pub(super) fn measure(
        &mut self,
        index: usize,
        columns: [usize; 2],
        monitor: &mut dyn Monitor,
    ) -> Result<(), AppError> {
        let models = &self.run.models;
        let at = (index, models.len());
        let config = &self.run.report.config;
        let share = measure(
            &self.rows,
            config,
            models.get(index).map(|m| &m.model),
            at,
            columns,
            monitor,
        )?;
        self.kept.push(share);
        Ok(())
    }

    /// The run and what each model relies on: a model's importance joined
    /// from the parts measured here and `adopted` when there are any (they
    /// must then cover its features once), else measured here whole.
    pub(super) fn inspections(
        self,
        table: &crate::data::Table,
        adopted: Vec<ImportanceShare>,
        monitor: &mut dyn Monitor,
    ) -> Result<(Run, Vec<ModelInspection>), AppError> {
        let Joined { run, rows, mut kept } = self;
        kept.extend(adopted);
        let n = run.models.len();
        let mut parts: Vec<Vec<ImportancePart>> = vec![Vec::new(); n];
        for share in kept {
            let slot = parts.get_mut(share.index).ok_or_else(|| {
                AppError::failed(format!(
                    "shared run: an importance of model {} came back, but the run has {n} models; train again with one worker",
                    share.index + 1
                ))
            })?;
            slot.push(share.part);
        }
        let measured: Vec<Option<PermutationImportance>> = parts
            .into_iter()
            .zip(&run.models)
            .map(|(p, m)| (!p.is_empty()).then(|| rows.join(&m.name, p)).transpose())
            .collect::<Result<_, _>>()?;
        let inspections = inspect_with(table, &run, &InspectOptions::default(), &rows, measured, monitor)?;
        Ok((run, inspections))
    }
}

/// A fit as the text that crosses between workers (exact: every number
/// round-trips).
pub fn fit_to_json(fit: &ModelFit) -> Result<String, AppError> {
    serde_json::to_string(fit)
        .map_err(|e| AppError::failed(format!("shared run: cannot write a fit for the engine: {e}")))
}

/// An importance part as the text that crosses between workers.
pub fn share_to_json(share: &ImportanceShare) -> Result<String, AppError> {
    serde_json::to_string(share).map_err(|e| {
        AppError::failed(format!(
            "shared run: cannot write an importance part for the engine: {e}"
        ))
    })
}

/// An importance part read back from [`share_to_json`]'s text.
pub fn share_from_json(text: &str) -> Result<ImportanceShare, AppError> {
    serde_json::from_str(text).map_err(|e| {
        AppError::failed(format!(
            "shared run: a pool worker's importance could not be read ({e}); train again with one worker"
        ))
    })
}

/// A fit read back from [`fit_to_json`]'s text.
pub fn fit_from_json(text: &str) -> Result<ModelFit, AppError> {
    serde_json::from_str(text).map_err(|e| {
        AppError::failed(format!(
            "shared run: a pool worker's fit could not be read ({e}); train again with one worker"
        ))
    })
}
