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
use crate::checks::DataChecks;
use crate::data::Table;
use crate::experiment::{
    checked_table, fit_one, fit_trees, prepare_checked, ExperimentConfig, ModelFit, ModelSpec, Prepared,
};
use crate::progress::Monitor;
use serde::Serialize;

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
}

/// A fit as the text that crosses between workers (exact: every number
/// round-trips).
pub fn fit_to_json(fit: &ModelFit) -> Result<String, AppError> {
    serde_json::to_string(fit)
        .map_err(|e| AppError::failed(format!("shared run: cannot write a fit for the engine: {e}")))
}

/// A fit read back from [`fit_to_json`]'s text.
pub fn fit_from_json(text: &str) -> Result<ModelFit, AppError> {
    serde_json::from_str(text).map_err(|e| {
        AppError::failed(format!(
            "shared run: a pool worker's fit could not be read ({e}); train again with one worker"
        ))
    })
}
