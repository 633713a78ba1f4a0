//! A grid search shared by a pool of workers, as plain Rust: the CSV read
//! once into table buffers ([`table_buffers`]) that every worker builds
//! its table from, each worker's [`GridWorker`] running the single (cell,
//! fold) fits it is handed, and [`assemble`] joining them into the report
//! one worker gives. Also the older split by cells: each worker's
//! [`GridReport`] of its share (read back from JSON) joined by
//! [`merge_parts`]. Knows nothing of workers, transfers or JS.

use super::error::AppError;
use super::session::Session;
use crate::cv::{assemble_grid, default_scoring, merge_grids, Grid, GridReport, GridTaskResult, GridTasks, Scoring};
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
    let grid: Grid = grid.parse().map_err(bad)?;
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

/// One pool worker's side of a grid search: its own table and the fits it
/// is handed, one (cell, fold) at a time.
pub struct GridWorker {
    tasks: GridTasks<'static>,
    scoring_note: Option<String>,
}

impl GridWorker {
    /// A worker of the search of `grid` over `config.models[0]` on `folds`
    /// folds of `table`, ranked by `scoring` (see [`search_terms`]).
    pub fn new(
        table: Table,
        config: &ExperimentConfig,
        grid: &str,
        folds: usize,
        scoring: &str,
    ) -> Result<GridWorker, AppError> {
        let (grid, scoring, scoring_note) = search_terms(&table, config, grid, scoring)?;
        let tasks = GridTasks::owning(table, config, &grid, folds, scoring)?;
        Ok(GridWorker { tasks, scoring_note })
    }

    /// [`GridWorker::new`] on the table of buffers another worker sent
    /// ([`table_buffers`]), checked first.
    pub fn from_buffers(
        buffers: FlatTable,
        config: &ExperimentConfig,
        grid: &str,
        folds: usize,
        scoring: &str,
    ) -> Result<GridWorker, AppError> {
        GridWorker::new(buffers.into_table()?, config, grid, folds, scoring)
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
