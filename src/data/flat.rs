//! A [`Table`] as four flat buffers and a small header, and back: how a
//! table parsed once crosses to other wasm instances (the grid-search
//! pool's workers) as transferable or shared typed arrays, instead of each
//! instance reading the CSV again. Reading buffers back checks every
//! invariant a table read from a CSV has, since they come from outside the
//! instance: lengths, codes inside their levels, UTF-8 levels, no infinite
//! numbers, unique names. Knows nothing of JS, workers or CSV syntax.

use serde::{Deserialize, Serialize};

use super::error::{DataError, DataErrorKind};
use super::table::{Column, ColumnKind, ColumnValues, Table, MISSING_CODE};

/// What the buffers of a [`FlatTable`] hold, column by column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlatHeader {
    /// Rows of every column.
    pub n_rows: usize,
    /// The columns in table order.
    pub columns: Vec<FlatColumn>,
}

/// One column of a [`FlatHeader`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlatColumn {
    pub name: String,
    pub kind: ColumnKind,
    /// `None`: the column's `n_rows` values are the next ones in
    /// [`FlatTable::numbers`]; `Some(k)`: its codes are the next `n_rows`
    /// in [`FlatTable::codes`] and its `k` levels the next `k` strings of
    /// the level text.
    pub levels: Option<usize>,
}

/// A table as flat buffers: numbers of every numeric column one after the
/// other, codes of every coded column one after the other, and every level
/// string as one UTF-8 text cut at `level_ends`.
#[derive(Debug, Clone, PartialEq)]
pub struct FlatTable {
    pub header: FlatHeader,
    /// `Numeric` and `DateTime` columns, `n_rows` each, in table order.
    pub numbers: Vec<f64>,
    /// `Boolean`, `Categorical` and `Text` columns, `n_rows` each, in
    /// table order ([`MISSING_CODE`] for missing).
    pub codes: Vec<u32>,
    /// Byte offset in `level_text` where each level ends (columns in
    /// order, each column's levels in code order).
    pub level_ends: Vec<u32>,
    /// Every level of every coded column, concatenated.
    pub level_text: Vec<u8>,
}

fn bad(message: String) -> DataError {
    DataErrorKind::BadTableBuffers { message }.into()
}

impl FlatTable {
    /// The buffers of `table`. Fails only when the level text passes
    /// 4 GiB (offsets are `u32`, as JS typed arrays hold them).
    pub fn of(table: &Table) -> Result<FlatTable, DataError> {
        let mut flat = FlatTable {
            header: FlatHeader {
                n_rows: table.n_rows,
                columns: Vec::with_capacity(table.columns.len()),
            },
            numbers: Vec::new(),
            codes: Vec::new(),
            level_ends: Vec::new(),
            level_text: Vec::new(),
        };
        let numeric = table.columns.iter().filter(|c| c.numbers().is_some()).count();
        flat.numbers.reserve(numeric * table.n_rows);
        flat.codes.reserve((table.columns.len() - numeric) * table.n_rows);
        for column in &table.columns {
            let levels = match &column.values {
                ColumnValues::Numbers(v) => {
                    flat.numbers.extend_from_slice(v);
                    None
                }
                ColumnValues::Codes { codes, levels } => {
                    flat.codes.extend_from_slice(codes);
                    for level in levels {
                        flat.level_text.extend_from_slice(level.as_bytes());
                        let end = u32::try_from(flat.level_text.len()).map_err(|_| {
                            bad(format!(
                                "the category names of the table pass 4 GiB at column \"{}\"; read the file in each worker instead",
                                column.name
                            ))
                        })?;
                        flat.level_ends.push(end);
                    }
                    Some(levels.len())
                }
            };
            flat.header.columns.push(FlatColumn {
                name: column.name.clone(),
                kind: column.kind,
                levels,
            });
        }
        Ok(flat)
    }

    /// The table these buffers hold, after checking them: every buffer has
    /// exactly the length the header says, numeric columns hold numbers
    /// (NaN for missing, never ±∞) and the others codes inside their
    /// levels, a boolean column has two levels, levels are distinct UTF-8
    /// strings, names are unique.
    pub fn into_table(self) -> Result<Table, DataError> {
        let FlatTable {
            header,
            numbers,
            codes,
            level_ends,
            level_text,
        } = self;
        let n = header.n_rows;
        let text = std::str::from_utf8(&level_text).map_err(|e| {
            bad(format!(
                "the category names are not UTF-8 (byte {} of {})",
                e.valid_up_to(),
                level_text.len()
            ))
        })?;
        let numeric = header.columns.iter().filter(|c| c.levels.is_none()).count();
        let coded = header.columns.len() - numeric;
        let level_count: usize = header.columns.iter().filter_map(|c| c.levels).sum();
        let expect = |what: &str, cols: usize, found: usize| -> Result<(), DataError> {
            match cols.checked_mul(n) {
                Some(want) if want == found => Ok(()),
                _ => Err(bad(format!(
                    "{found} {what}, but {cols} column{} × {n} rows need {}",
                    if cols == 1 { "" } else { "s" },
                    cols.saturating_mul(n)
                ))),
            }
        };
        expect("numbers", numeric, numbers.len())?;
        expect("codes", coded, codes.len())?;
        if level_ends.len() != level_count {
            return Err(bad(format!(
                "{} category-name ends, but the header lists {level_count} category names",
                level_ends.len()
            )));
        }
        let mut seen = std::collections::HashSet::new();
        let (mut at_number, mut at_code, mut at_level, mut at_byte) = (0, 0, 0, 0usize);
        let mut columns = Vec::with_capacity(header.columns.len());
        for (i, c) in header.columns.into_iter().enumerate() {
            let place = format!("column {} (\"{}\")", i + 1, super::error::cut(&c.name));
            if !seen.insert(c.name.clone()) {
                return Err(bad(format!("{place}: the name appears twice")));
            }
            let stores_numbers = matches!(c.kind, ColumnKind::Numeric | ColumnKind::DateTime);
            let values = match (c.levels, stores_numbers) {
                (None, true) => {
                    let v = numbers[at_number..at_number + n].to_vec();
                    at_number += n;
                    if let Some(r) = v.iter().position(|x| x.is_infinite()) {
                        return Err(bad(format!(
                            "{place}: row {} is infinite; a table holds missing values as NaN",
                            r + 1
                        )));
                    }
                    ColumnValues::Numbers(v)
                }
                (Some(k), false) => {
                    if c.kind == ColumnKind::Boolean && k != 2 {
                        return Err(bad(format!(
                            "{place}: a boolean column has 2 levels (false, true), not {k}"
                        )));
                    }
                    let mut levels = Vec::with_capacity(k);
                    let mut distinct = std::collections::HashSet::with_capacity(k);
                    for &end in &level_ends[at_level..at_level + k] {
                        let end = end as usize;
                        let level = text.get(at_byte..end).ok_or_else(|| {
                            bad(format!(
                                "{place}: a category name ends at byte {end}, not after byte {at_byte} on a character boundary of the {} bytes",
                                text.len()
                            ))
                        })?;
                        if !distinct.insert(level) {
                            return Err(bad(format!(
                                "{place}: the category \"{}\" is listed twice",
                                super::error::cut(level)
                            )));
                        }
                        levels.push(level.to_string());
                        at_byte = end;
                    }
                    at_level += k;
                    let column_codes = codes[at_code..at_code + n].to_vec();
                    at_code += n;
                    if let Some(r) = column_codes.iter().position(|&x| x != MISSING_CODE && x as usize >= k) {
                        return Err(bad(format!(
                            "{place}: row {} has code {}, but the column has {k} categories",
                            r + 1,
                            column_codes[r]
                        )));
                    }
                    ColumnValues::Codes {
                        codes: column_codes,
                        levels,
                    }
                }
                (levels, _) => {
                    return Err(bad(format!(
                        "{place}: a {} column holds {}, not {}",
                        c.kind,
                        if stores_numbers { "numbers" } else { "codes" },
                        if levels.is_some() { "codes" } else { "numbers" }
                    )))
                }
            };
            columns.push(Column {
                name: c.name,
                kind: c.kind,
                values,
            });
        }
        if at_byte != text.len() {
            return Err(bad(format!(
                "the category names end at byte {at_byte}, but the text has {} bytes",
                text.len()
            )));
        }
        Ok(Table { columns, n_rows: n })
    }
}
