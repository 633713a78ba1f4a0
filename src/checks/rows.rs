//! Row findings: `duplicate-rows` (a labelled row repeating an earlier one,
//! features and label) and `conflicting-labels` (rows with the same
//! features and different labels), over the columns the model will see.
//!
//! Rows are compared by a 64-bit FNV-1a hash of their cells rather than
//! cell by cell: keeping every row's cells as a key would double the
//! table's memory, and two different rows of a 300,000-row file share a
//! hash with probability about n² / 2⁶⁵ ≈ 2·10⁻⁹.

use super::DUPLICATE_ROWS_SHARE;
use crate::data::{BinaryLabel, Column, ColumnValues};
use crate::explore::diagnostics::{Diagnostic, Severity};
use std::collections::HashMap;

const FNV_OFFSET: u64 = 0xcbf29ce484222325;
const FNV_PRIME: u64 = 0x100000001b3;

/// A cell as the 8 bytes the row hash eats.
#[inline]
fn cell_key(col: &Column, row: usize) -> u64 {
    match &col.values {
        ColumnValues::Numbers(v) => {
            let x = v[row];
            if x.is_nan() {
                u64::MAX
            } else {
                (x + 0.0).to_bits()
            }
        }
        ColumnValues::Codes { codes, .. } => u64::from(codes[row]) ^ 0x5555_0000_0000_0000,
    }
}

/// Each labelled row's FNV-1a hash of its cells' bytes (little-endian,
/// features in order): the hash of one row, cell after cell, computed a
/// column at a time for every row, so the rows' chains of multiplications
/// run side by side instead of one long dependent chain per row (a
/// seventh of the check before a fit on the credit-card file).
fn row_hashes(features: &[&Column], rows: &[usize]) -> Vec<u64> {
    let mut h = vec![FNV_OFFSET; rows.len()];
    for col in features {
        for (h, &row) in h.iter_mut().zip(rows) {
            for b in cell_key(col, row).to_le_bytes() {
                *h ^= u64::from(b);
                *h = h.wrapping_mul(FNV_PRIME);
            }
        }
    }
    h
}

/// The two row findings, when they reach [`DUPLICATE_ROWS_SHARE`] of the
/// labelled rows (and at least two rows).
pub(super) fn row_findings(features: &[&Column], label: &BinaryLabel) -> Vec<Diagnostic> {
    let n = label.rows.len();
    if features.is_empty() || n == 0 {
        return Vec::new();
    }
    // Per feature key: (rows, positives, first row).
    let mut groups: HashMap<u64, (usize, usize, usize)> = HashMap::with_capacity(n);
    for ((i, &row), h) in label.rows.iter().enumerate().zip(row_hashes(features, &label.rows)) {
        let g = groups.entry(h).or_insert((0, 0, row));
        g.0 += 1;
        g.1 += usize::from(label.y[i]);
    }
    // A group of r rows with p positives repeats (p − 1)⁺ + (r − p − 1)⁺ rows
    // exactly (label included).
    let repeats: usize = groups
        .values()
        .map(|&(r, p, _)| p.saturating_sub(1) + (r - p).saturating_sub(1))
        .sum();
    let conflicting: Vec<&(usize, usize, usize)> = groups.values().filter(|g| g.1 > 0 && g.1 < g.0).collect();
    let conflict_rows: usize = conflicting.iter().map(|g| g.0).sum();
    let enough = |k: usize| k >= 2 && k as f64 >= DUPLICATE_ROWS_SHARE * n as f64;
    let pct = |k: usize| k as f64 / n as f64 * 100.0;
    let mut out = Vec::new();
    if enough(repeats) {
        out.push(Diagnostic::new(
            "duplicate-rows",
            Severity::Warning,
            format!(
                "{repeats} of {n} labelled rows ({:.2} %) repeat an earlier row exactly (every feature and the label)",
                pct(repeats)
            ),
            "a random split puts copies of a row on both sides, so test scores are optimistic; remove the duplicates, or keep all copies of a case in one part if they are real repeats",
        ));
    }
    if enough(conflict_rows) {
        let first = conflicting.iter().map(|g| g.2).min().unwrap_or(0);
        out.push(Diagnostic::new(
            "conflicting-labels",
            Severity::Warning,
            format!(
                "{conflict_rows} of {n} labelled rows ({:.2} %) in {} groups have the same features as a row of the other class (the first at data row {})",
                pct(conflict_rows),
                conflicting.len(),
                first + 1
            ),
            "no model can tell these rows apart: check the labels for errors, or add the feature that separates them; they cap the accuracy any model can reach",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{ColumnKind, MISSING_CODE};
    use crate::rng::Rng;

    /// The hash as it was first written: one row at a time, cell after
    /// cell, byte after byte (FNV-1a as its authors define it).
    fn row_hash_one_by_one(features: &[&Column], row: usize) -> u64 {
        let mut h: u64 = 0xcbf29ce484222325;
        let mut eat = |x: u64| {
            for b in x.to_le_bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x100000001b3);
            }
        };
        for col in features {
            match &col.values {
                ColumnValues::Numbers(v) => {
                    let x = v[row];
                    eat(if x.is_nan() { u64::MAX } else { (x + 0.0).to_bits() });
                }
                ColumnValues::Codes { codes, .. } => eat(u64::from(codes[row]) ^ 0x5555_0000_0000_0000),
            }
        }
        h
    }

    #[test]
    fn column_at_a_time_hashes_equal_the_row_at_a_time_hash() {
        let mut rng = Rng::new(11);
        let n = 500;
        let numbers = Column {
            name: "x".into(),
            kind: ColumnKind::Numeric,
            values: ColumnValues::Numbers(
                (0..n)
                    .map(|i| match i % 7 {
                        0 => f64::NAN,
                        1 => -0.0,
                        2 => 0.0,
                        3 => f64::INFINITY,
                        _ => rng.normal(),
                    })
                    .collect(),
            ),
        };
        let codes = Column {
            name: "c".into(),
            kind: ColumnKind::Categorical,
            values: ColumnValues::Codes {
                codes: (0..n)
                    .map(|i| if i % 5 == 0 { MISSING_CODE } else { rng.below(4) as u32 })
                    .collect(),
                levels: vec!["a".into(), "b".into(), "c".into(), "d".into()],
            },
        };
        // Every other row, as a label with missing values leaves them.
        let rows: Vec<usize> = (0..n).step_by(2).collect();
        for features in [vec![], vec![&numbers], vec![&codes, &numbers, &codes]] {
            let want: Vec<u64> = rows.iter().map(|&r| row_hash_one_by_one(&features, r)).collect();
            assert_eq!(row_hashes(&features, &rows), want);
        }
        // A hand-checked value: FNV-1a of no bytes is its offset basis.
        assert_eq!(row_hashes(&[], &[0]), vec![0xcbf29ce484222325]);
    }
}
