//! A grid search shared by a pool of workers, as plain Rust: the table
//! laid out as buffers every worker builds its own table from — from the
//! page's session, which already holds it ([`Session::table_buffers`]), or
//! from the CSV read once ([`table_buffers`]) — the data check made once
//! for the pool ([`Session::grid_checks`]), each worker's [`GridWorker`]
//! running the single (cell, fold) fits it is handed, and [`assemble`]
//! joining them into the report one worker gives. Also the older split by
//! cells: each worker's [`GridReport`] of its share (read back from JSON)
//! joined by [`merge_parts`]. Knows nothing of workers, transfers or JS.

use super::error::AppError;
use super::session::Session;
use crate::checks::DataChecks;
use crate::clock::Stopwatch;
use crate::cv::{
    assemble_grid, data_checks, default_scoring, merge_grids, Grid, GridError, GridReport, GridTaskResult, GridTasks,
    Scoring,
};
use crate::data::{FlatTable, Table};
use crate::experiment::ExperimentConfig;
use crate::progress::Monitor;

/// Joins `parts` (any order) into one report; refuses parts of different
/// searches, a cell run twice, or missing cells.
pub fn merge_parts(parts: Vec<GridReport>) -> Result<GridReport, AppError> {
    let merged = merge_grids(parts).map_err(|e| AppError::bad_request(format!("grid search: {e}")))?;
    if merged.cells.len() != merged.total_cells {
        return Err(AppError::bad_request(format!(
            "grid search: the parts hold {} of the grid's {} cells",
            merged.cells.len(),
            merged.total_cells
        )));
    }
    Ok(merged)
}

/// The grid of `grid` (`"C=0.01,1;class_weight=none,balanced"`) and the
/// scoring of `scoring` (`"roc_auc"`, …; `"auto"` or `""`: PR-AUC when
/// positives are under 20 % of `table`'s rows, else ROC-AUC, with the
/// reason).
pub fn search_terms(
    table: &Table,
    config: &ExperimentConfig,
    grid: &str,
    scoring: &str,
) -> Result<(Grid, Scoring, Option<String>), AppError> {
    let bad = |e: String| AppError::bad_request(format!("grid search: {e}"));
    let grid: Grid = grid
        .parse()
        .map_err(|e: GridError| bad(e.to_string()).with_zh(Some(format!("网格搜索：{}", super::error_zh::grid(&e)))))?;
    let (scoring, note) = match scoring {
        "" | "auto" => {
            let (s, why) = default_scoring(table, config)?;
            (s, Some(why))
        }
        named => (named.parse::<Scoring>().map_err(bad)?, None),
    };
    Ok((grid, scoring, note))
}

/// A CSV file's bytes read once (as the page's session reads them) and
/// laid out as the buffers every pool worker builds its table from.
pub fn table_buffers(bytes: &[u8]) -> Result<FlatTable, AppError> {
    let table = Session::from_bytes(bytes)?.into_table()?;
    Ok(FlatTable::of(&table)?)
}

impl Session {
    /// The held table as the buffers a grid pool's workers build their
    /// tables from: the page's engine already parsed the file, so the
    /// pool needs no second read or parse.
    pub fn table_buffers(&self) -> Result<FlatTable, AppError> {
        Ok(FlatTable::of(self.table()?)?)
    }

    /// The data check a grid search of `config` makes on the held table,
    /// made once for the whole pool (see [`GridWorker::new`]'s `checks`).
    pub fn grid_checks(&self, config: &ExperimentConfig) -> Result<DataChecks, AppError> {
        Ok(data_checks(self.table()?, config)?)
    }
}

/// Where a pool worker's time went before its first fit, in seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct WorkerTimings {
    /// The buffers checked and turned into this worker's table.
    pub build: f64,
    /// The folds dealt, the label read and (when not handed in) the data
    /// check made.
    pub check: f64,
}

/// One pool worker's side of a grid search: its own table and the fits it
/// is handed, one (cell, fold) at a time.
pub struct GridWorker {
    tasks: GridTasks<'static>,
    scoring_note: Option<String>,
    timings: WorkerTimings,
}

impl GridWorker {
    /// A worker of the search of `grid` over `config.models[0]` on `folds`
    /// folds of `table`, ranked by `scoring` (see [`search_terms`]).
    /// `checks`: the data check of `table` for `config` made elsewhere
    /// ([`Session::grid_checks`]; it must be of this very table), or
    /// `None` to make it here.
    pub fn new(
        table: Table,
        config: &ExperimentConfig,
        grid: &str,
        folds: usize,
        scoring: &str,
        checks: Option<DataChecks>,
    ) -> Result<GridWorker, AppError> {
        let watch = Stopwatch::start();
        let (grid, scoring, scoring_note) = search_terms(&table, config, grid, scoring)?;
        let tasks = GridTasks::owning(table, config, &grid, folds, scoring, checks)?;
        Ok(GridWorker {
            tasks,
            scoring_note,
            timings: WorkerTimings {
                build: 0.0,
                check: watch.seconds(),
            },
        })
    }

    /// [`GridWorker::new`] on the table of buffers another worker sent
    /// ([`table_buffers`], [`Session::table_buffers`]), checked first.
    pub fn from_buffers(
        buffers: FlatTable,
        config: &ExperimentConfig,
        grid: &str,
        folds: usize,
        scoring: &str,
        checks: Option<DataChecks>,
    ) -> Result<GridWorker, AppError> {
        let watch = Stopwatch::start();
        let table = buffers.into_table()?;
        let build = watch.seconds();
        let mut worker = GridWorker::new(table, config, grid, folds, scoring, checks)?;
        worker.timings.build = build;
        Ok(worker)
    }

    /// Where this worker's time went before its first fit.
    pub fn timings(&self) -> WorkerTimings {
        self.timings
    }

    /// Cells in the grid.
    pub fn cells(&self) -> usize {
        self.tasks.cells()
    }

    /// Folds of each cell.
    pub fn folds(&self) -> usize {
        self.tasks.folds()
    }

    /// Fits cell `cell` on fold `fold` (hand them out fold by fold: a
    /// worker keeps the last fold's prepared rows).
    pub fn run(&mut self, cell: usize, fold: usize, monitor: &mut dyn Monitor) -> Result<GridTaskResult, AppError> {
        Ok(self.tasks.run(cell, fold, monitor)?)
    }

    /// The report with no cell yet, for [`assemble`].
    pub fn empty_report(&self) -> GridReport {
        GridReport {
            scoring_note: self.scoring_note.clone(),
            ..self.tasks.empty_report()
        }
    }
}

/// Joins a worker's empty report and every (cell, fold) fit of the pool,
/// in any order, into the report one worker running the whole grid gives.
pub fn assemble(empty: GridReport, tasks: Vec<GridTaskResult>) -> Result<GridReport, AppError> {
    assemble_grid(empty, tasks).map_err(|e| AppError::bad_request(e.to_string()))
}
