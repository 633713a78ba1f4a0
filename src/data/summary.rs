//! The data summary the page shows after loading: per column its kind,
//! missing count, distinct count, min/mean/max or most frequent values.
//! Knows nothing of CSV syntax, labels or models.

use crate::data::table::{format_number, Column, ColumnKind, ColumnValues, Table, MISSING_CODE};
use serde::Serialize;

/// How many most-frequent values [`ColumnSummary::top`] lists.
pub const TOP_VALUES: usize = 5;

/// One column's summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ColumnSummary {
    /// The column's name.
    pub name: String,
    /// Its kind.
    pub kind: ColumnKind,
    /// Missing cells.
    pub missing: usize,
    /// Distinct non-missing values (for numbers: distinct bit patterns, with
    /// `-0` and `0` the same).
    pub distinct: usize,
    /// Smallest non-missing value (Numeric, DateTime); `None` when the column
    /// has none or is coded.
    pub min: Option<f64>,
    /// Arithmetic mean of the non-missing values, summed in `f64` in row
    /// order (Numeric, DateTime).
    pub mean: Option<f64>,
    /// Largest non-missing value (Numeric, DateTime).
    pub max: Option<f64>,
    /// Up to [`TOP_VALUES`] most frequent values with their counts, most
    /// frequent first, ties in order of first appearance; for Boolean,
    /// Categorical and Text columns (empty for numbers).
    pub top: Vec<(String, usize)>,
    /// Whether the column is left out of the features unless the user adds
    /// it: `kind == Text`, or every cell missing. (Values in `top` longer
    /// than [`crate::limits::SHOWN_CHARS`] are shortened, with their length.)
    pub excluded_by_default: bool,
}

/// The whole table's summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TableSummary {
    /// Data rows.
    pub rows: usize,
    /// One summary per column, in file order.
    pub columns: Vec<ColumnSummary>,
}

/// Summarises every column of `table`.
pub fn summarize(table: &Table) -> TableSummary {
    TableSummary {
        rows: table.n_rows,
        columns: table.columns.iter().map(summarize_column).collect(),
    }
}

/// Summarises one column.
pub fn summarize_column(column: &Column) -> ColumnSummary {
    let mut s = ColumnSummary {
        name: column.name.clone(),
        kind: column.kind,
        missing: 0,
        distinct: 0,
        min: None,
        mean: None,
        max: None,
        top: Vec::new(),
        // An all-missing column is left out of the features (see the pipeline).
        excluded_by_default: column.kind == ColumnKind::Text
            || (!column.is_empty() && column.missing_count() == column.len()),
    };
    match &column.values {
        ColumnValues::Numbers(v) => {
            let (mut n, mut sum) = (0usize, 0.0f64);
            let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
            for &x in v {
                if x.is_nan() {
                    continue;
                }
                n += 1;
                sum += x;
                // Plain comparisons: NaN is already skipped, and in wasm
                // `f64::min`/`max` are calls to libm's fmin/fmax.
                if x < lo {
                    lo = x;
                }
                if x > hi {
                    hi = x;
                }
            }
            s.missing = v.len() - n;
            if n > 0 {
                s.min = Some(lo);
                s.max = Some(hi);
                s.mean = Some(sum / n as f64);
            }
            // +0.0 turns -0.0 into 0.0 so both count once.
            let bits: Vec<u64> = v.iter().filter(|x| !x.is_nan()).map(|&x| (x + 0.0).to_bits()).collect();
            s.distinct = crate::sort::count_distinct_u64(&bits);
        }
        ColumnValues::Codes { codes, levels } => {
            let mut counts = vec![0usize; levels.len()];
            let mut first_seen = vec![usize::MAX; levels.len()];
            for (i, &c) in codes.iter().enumerate() {
                if c == MISSING_CODE {
                    s.missing += 1;
                } else if let Some(k) = counts.get_mut(c as usize) {
                    *k += 1;
                    first_seen[c as usize] = first_seen[c as usize].min(i);
                }
            }
            s.distinct = counts.iter().filter(|&&k| k > 0).count();
            let mut order: Vec<usize> = (0..levels.len()).filter(|&l| counts[l] > 0).collect();
            order.sort_by_key(|&l| (std::cmp::Reverse(counts[l]), first_seen[l]));
            s.top = order
                .into_iter()
                .take(TOP_VALUES)
                .map(|l| (crate::limits::shorten(&levels[l]).into_owned(), counts[l]))
                .collect();
        }
    }
    s
}

/// Up to `limit` distinct non-missing values of `column` as text, with their
/// counts, most frequent first (ties in order of first appearance), for a
/// label picker: unlike [`ColumnSummary::top`] this also lists numbers
/// (`"0"`, `"1"`). Stops counting new values once `limit` are known plus one,
/// so an ID column costs one pass and little memory; the second element
/// tells whether more values exist.
pub fn distinct_values(column: &Column, limit: usize) -> (Vec<(String, usize)>, bool) {
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut more = false;
    for i in 0..column.len() {
        let Some(v) = column.cell_text(i) else { continue };
        if let Some(&k) = index.get(&v) {
            seen[k].1 += 1;
        } else if seen.len() < limit {
            index.insert(v.clone(), seen.len());
            seen.push((v, 1));
        } else {
            more = true;
        }
    }
    // Stable: equal counts keep first-appearance order.
    seen.sort_by_key(|v| std::cmp::Reverse(v.1));
    (seen, more)
}

impl ColumnSummary {
    /// `min … max` as a person reads it (`None` for coded columns).
    pub fn range_text(&self) -> Option<String> {
        Some(format!("{} … {}", format_number(self.min?), format_number(self.max?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_codes() {
        let table = Table {
            n_rows: 5,
            columns: vec![
                Column {
                    name: "x".into(),
                    kind: ColumnKind::Numeric,
                    values: ColumnValues::Numbers(vec![1.0, f64::NAN, 3.0, -0.0, 0.0]),
                },
                Column {
                    name: "c".into(),
                    kind: ColumnKind::Text,
                    values: ColumnValues::Codes {
                        codes: vec![1, 0, 1, MISSING_CODE, 2],
                        levels: vec!["a".into(), "b".into(), "c".into()],
                    },
                },
            ],
        };
        let s = summarize(&table);
        let x = &s.columns[0];
        // Hand: non-missing 1, 3, -0, 0 → mean 4/4 = 1, distinct {1, 3, 0} = 3.
        assert_eq!(
            (x.missing, x.distinct, x.min, x.mean, x.max),
            (1, 3, Some(0.0), Some(1.0), Some(3.0))
        );
        assert!(!x.excluded_by_default);
        let c = &s.columns[1];
        assert_eq!(
            c.top,
            [("b".to_string(), 2), ("a".to_string(), 1), ("c".to_string(), 1)]
        );
        assert_eq!((c.missing, c.distinct, c.excluded_by_default), (1, 3, true));
        // Hand: x's non-missing cells read "1", "3", "0", "0" (-0 prints as
        // "0"), so "0" twice first, then "1" and "3" in file order.
        let (v, more) = distinct_values(&table.columns[0], 10);
        assert_eq!(v, [("0".to_string(), 2), ("1".to_string(), 1), ("3".to_string(), 1)]);
        assert!(!more);
        let (v, more) = distinct_values(&table.columns[1], 2);
        assert_eq!(v, [("b".to_string(), 2), ("a".to_string(), 1)]);
        assert!(more, "c is the third value");
    }
}
