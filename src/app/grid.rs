//! Grid parts from several workers joined into one report: each worker
//! returns the typed [`GridReport`] of its share of the cells (read back
//! from JSON), and [`merge_parts`] gives the report one worker would have
//! given — cells in grid order, the best cell ranked by `cv`'s one rule,
//! warnings said once. Knows nothing of workers or JS.

use super::error::AppError;
use crate::cv::{merge_grids, GridReport};

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
