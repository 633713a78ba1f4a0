//! TODO(csv-reader): a stand-in for `crate::data`'s CSV reader, with the same
//! names and signatures, so the page, the worker and the tests could be built
//! before the real reader landed. Deleted when it does. Unquoted fields only.

use crate::data::{Column, ColumnKind, ColumnValues, Table};
use serde::Serialize;

/// Reader options (none yet).
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {}

/// A CSV read error.
#[derive(Debug, thiserror::Error)]
#[error("CSV line {line}: found {found} fields, but the header has {expected}")]
pub struct DataError {
    line: u64,
    found: usize,
    expected: usize,
}

/// Accumulates chunks; parses on finish.
pub struct TableReader {
    buf: Vec<u8>,
}

impl TableReader {
    pub fn new(_: ReadOptions) -> Self {
        TableReader { buf: Vec::new() }
    }
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), DataError> {
        self.buf.extend_from_slice(bytes);
        Ok(())
    }
    pub fn bytes_read(&self) -> u64 {
        self.buf.len() as u64
    }
    pub fn finish(self) -> Result<Table, DataError> {
        let text = String::from_utf8_lossy(&self.buf);
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let header: Vec<String> = match lines.next() {
            Some((_, h)) => h.split(',').map(str::to_string).collect(),
            None => return Ok(Table::default()),
        };
        let mut cells: Vec<Vec<String>> = vec![Vec::new(); header.len()];
        for (i, line) in lines {
            let fields: Vec<&str> = line.split(',').collect();
            if fields.len() != header.len() {
                return Err(DataError {
                    line: i as u64 + 1,
                    found: fields.len(),
                    expected: header.len(),
                });
            }
            for (c, f) in fields.into_iter().enumerate() {
                cells[c].push(f.to_string());
            }
        }
        let n_rows = cells.first().map_or(0, Vec::len);
        let columns = header
            .into_iter()
            .zip(cells)
            .map(|(name, col)| {
                let nums: Option<Vec<f64>> = col
                    .iter()
                    .map(|s| {
                        if s.is_empty() {
                            Some(f64::NAN)
                        } else {
                            s.parse().ok()
                        }
                    })
                    .collect();
                match nums {
                    Some(v) => Column {
                        name,
                        kind: ColumnKind::Numeric,
                        values: ColumnValues::Numbers(v),
                    },
                    None => {
                        let mut levels: Vec<String> = Vec::new();
                        let codes = col
                            .iter()
                            .map(|s| {
                                if s.is_empty() {
                                    return crate::data::MISSING_CODE;
                                }
                                match levels.iter().position(|l| l == s) {
                                    Some(p) => p as u32,
                                    None => {
                                        levels.push(s.clone());
                                        levels.len() as u32 - 1
                                    }
                                }
                            })
                            .collect();
                        Column {
                            name,
                            kind: ColumnKind::Categorical,
                            values: ColumnValues::Codes { codes, levels },
                        }
                    }
                }
            })
            .collect();
        Ok(Table { columns, n_rows })
    }
}

/// The summary the page shows.
#[derive(Debug, Serialize)]
pub struct TableSummary {
    pub rows: usize,
    pub columns: Vec<ColumnSummary>,
}

/// One column's line in the summary.
#[derive(Debug, Serialize)]
pub struct ColumnSummary {
    pub name: String,
    pub kind: ColumnKind,
    pub missing: usize,
    pub min: Option<f64>,
    pub mean: Option<f64>,
    pub max: Option<f64>,
    pub top: Vec<(String, usize)>,
}

pub fn summarize(t: &Table) -> TableSummary {
    let columns = t
        .columns
        .iter()
        .map(|c| {
            let (mut min, mut mean, mut max, mut top) = (None, None, None, Vec::new());
            match &c.values {
                ColumnValues::Numbers(v) => {
                    let ok: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).collect();
                    if !ok.is_empty() {
                        min = ok.iter().copied().reduce(f64::min);
                        max = ok.iter().copied().reduce(f64::max);
                        mean = Some(ok.iter().sum::<f64>() / ok.len() as f64);
                    }
                }
                ColumnValues::Codes { codes, levels } => {
                    let mut counts = vec![0usize; levels.len()];
                    for &k in codes.iter().filter(|&&k| k != crate::data::MISSING_CODE) {
                        counts[k as usize] += 1;
                    }
                    top = levels.iter().cloned().zip(counts).collect();
                    top.sort_by_key(|t| std::cmp::Reverse(t.1));
                    top.truncate(5);
                }
            }
            ColumnSummary {
                name: c.name.clone(),
                kind: c.kind,
                missing: c.missing_count(),
                min,
                mean,
                max,
                top,
            }
        })
        .collect();
    TableSummary {
        rows: t.n_rows,
        columns,
    }
}
