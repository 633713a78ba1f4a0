//! The data check run before every fit (`train`, `cv`, grid search, the
//! page's Train and Compare tabs, the JS library, transfer's source table)
//! and shown by Explore: findings about the columns and rows that would
//! make a model's scores mean less than they seem. Each finding is a
//! [`Diagnostic`] (stable code, sentence with the numbers, the column, what
//! to do) that lands in the run report's `warnings`, beside the model
//! checks. Some findings also leave their column out of the features; the
//! user can keep such a column knowingly ([`CheckOptions::keep`], recorded in
//! the report), or turn every finding into an error
//! ([`CheckOptions::strict`]). Knows nothing of terminals or the browser.
//!
//! | code | when | column left out? |
//! |---|---|---|
//! | `possible-leakage` | a column alone separates the classes almost perfectly (separation ≥ [`crate::explore::diagnostics::LEAKAGE_SEPARATION`]), or a level / value range ≥ [`leakage::PURE_RATE`] positive holds ≥ [`leakage::PURE_COVERAGE`] of the positives *and* the cross-validated logistic model without the column loses ≥ [`leakage::CARRY_LOSS`] of its lift over chance (see [`leakage`]) | no: warned (and an error with `strict`) |
//! | `id-like-column` | (nearly) every value distinct and integer or text, a row counter, or compound codes such as `2:3:1` with ≥ [`COMPOUND_ID_SHARE`] distinct | yes |
//! | `constant-column` | at most one distinct present value | yes |
//! | `duplicate-column` | the same cells as an earlier column | yes (the later copy) |
//! | `near-constant-column` | one value fills ≥ [`NEAR_CONSTANT_SHARE`] of the present cells, or fewer than [`NEAR_CONSTANT_ROWS`] cells differ from it | no |
//! | `high-missing` | ≥ [`HIGH_MISSING_SHARE`] of the cells are missing | no |
//! | `duplicate-rows` | ≥ [`DUPLICATE_ROWS_SHARE`] of the labelled rows repeat an earlier row (features and label) | no |
//! | `conflicting-labels` | ≥ [`DUPLICATE_ROWS_SHARE`] of the labelled rows share their features with a row of the other class | no |
//! | `time-ordered-rows` | the file is sorted by a date/time column (≥ [`TIME_ORDER_SHARE`] of consecutive pairs in order) | no |
//! | `no-signal` | no feature beats its chance level (the permutation reference) | no |
//!
//! Columns that cannot help (a constant, a copy) or cannot generalise (an
//! identifier) are left out automatically. A possible leak is only warned
//! about: whether a column is known before the outcome is a fact about how
//! the data were collected, which only the user knows, and the test can
//! flag an honest column that carries a small file's whole signal; leaving
//! that out silently would change what is being evaluated. The warning
//! says how to leave it out, and `strict` refuses to fit.
//!
//! Rows and columns are judged as the model will see them: columns the user
//! dropped are not examined, and the row checks compare only the columns
//! that stay features.

pub mod leakage;
mod rows;

use crate::data::{BinaryLabel, Column, ColumnKind, ColumnValues, Table, MISSING_CODE};
use crate::explore::diagnostics::{self, Diagnostic, Severity};
use crate::explore::{signal_table, ExploreError, SignalOptions, SignalTable};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Share of present cells held by the most common value at or above which
/// a (non-constant) column is near-constant: 3 other values in 3,921 rows
/// is 99.92 %; a flag set in 1 % of rows is not flagged.
pub const NEAR_CONSTANT_SHARE: f64 = 0.995;

/// Fewer rows than this differing from the most common value also make a
/// column near-constant, whatever the file's size (3 of 569 rows).
pub const NEAR_CONSTANT_ROWS: usize = 10;

/// Share of missing cells at or above which a column is flagged.
pub const HIGH_MISSING_SHARE: f64 = 0.5;

/// Share of labelled rows that repeat another (or conflict with another)
/// at or above which `duplicate-rows` / `conflicting-labels` fire: one
/// stray repeat in 10,000 rows is not worth a warning.
pub const DUPLICATE_ROWS_SHARE: f64 = 0.001;

/// Share of consecutive present pairs in order at or above which the file
/// counts as sorted by a date/time column.
pub const TIME_ORDER_SHARE: f64 = 0.99;

/// Share of distinct values at or above which a column of compound codes
/// (`2:3:1`, `A-17-004`) is an identifier.
pub const COMPOUND_ID_SHARE: f64 = 0.2;

/// What the user decided about the check.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckOptions {
    /// Columns to keep as features even when a check would leave them out
    /// ("keep anyway"); their findings are still reported, marked kept.
    pub keep: Vec<String>,
    /// Refuse to fit while any finding (other than on a kept column) stands.
    pub strict: bool,
}

/// The outcome of the check.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DataChecks {
    /// The findings, columns in table order, then the table-wide ones.
    pub findings: Vec<Diagnostic>,
    /// Columns the check left out of the features.
    pub left_out: Vec<String>,
    /// Flagged columns kept because the user asked.
    pub kept: Vec<String>,
}

/// Why the check stopped a fit.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CheckError {
    /// Strict mode and something was found.
    #[error("strict data check: {} finding{} stop the fit: {}; fix the data, leave the columns out, or keep a flagged column knowingly (keep anyway)", findings.len(), if findings.len() == 1 { "" } else { "s" }, summary(findings))]
    Strict {
        /// The findings that stopped it.
        findings: Vec<Diagnostic>,
    },
    /// Every feature column was left out (identifiers, constants, copies).
    #[error("the data check left out every feature column ({}), so nothing is left to fit on; add columns that describe the rows, or keep one knowingly (--keep {}, or \"Keep anyway\" beside its finding)", summary(findings), findings.first().and_then(|d| d.column.as_deref()).unwrap_or("COLUMN"))]
    NoFeaturesLeft {
        /// The findings that left the columns out.
        findings: Vec<Diagnostic>,
    },
    /// A column to keep is not in the table.
    #[error("keep anyway: no column named {name:?}; the table has {available}")]
    UnknownKeep {
        /// The name given.
        name: String,
        /// Up to six column names.
        available: String,
    },
    /// The statistics could not be computed.
    #[error(transparent)]
    Explore(#[from] ExploreError),
}

fn summary(findings: &[Diagnostic]) -> String {
    findings
        .iter()
        .map(|d| match &d.column {
            Some(c) => format!("{} ({c:?})", d.code),
            None => d.code.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The permutation reference's settings for the check before a fit: 20
/// permutations on at most 50,000 rows, so the check costs a fraction of
/// the fit (Explore's 30 on the whole 284,807-row credit-card file take
/// longer than a logistic fit). A subsample widens the reference (see
/// [`SignalOptions::permutation_rows`]), so the check is, if anything,
/// slower to call a column above chance than Explore; it only uses the
/// reference to skip leakage candidates that are within chance and for
/// `no-signal`.
pub fn signal_options() -> SignalOptions {
    SignalOptions {
        permutations: 20,
        permutation_rows: 50_000,
        seed: 0,
    }
}

/// Checks `table` for the fit of `label`, leaving the `dropped` columns
/// unexamined. With `opts.strict`, any finding not on a kept column is an
/// error.
pub fn check_data(
    table: &Table,
    label: &BinaryLabel,
    dropped: &[String],
    opts: &CheckOptions,
) -> Result<DataChecks, CheckError> {
    for name in &opts.keep {
        if table.column(name).is_none() {
            return Err(CheckError::UnknownKeep {
                name: name.clone(),
                available: crate::explore::column_list(table),
            });
        }
    }
    let examined = examined_table(table, dropped);
    let signal = signal_table(&examined, label, &signal_options())?;
    let checks = findings(&examined, label, &signal, &opts.keep)?;
    let is_feature = |c: &&Column| c.name != label.column && c.kind != ColumnKind::Text;
    let features_before = examined.columns.iter().filter(is_feature).count();
    let features_after = examined
        .columns
        .iter()
        .filter(is_feature)
        .filter(|c| !checks.left_out.contains(&c.name))
        .count();
    if features_before > 0 && features_after == 0 {
        let why = |d: &&Diagnostic| d.column.as_ref().is_some_and(|c| checks.left_out.contains(c));
        return Err(CheckError::NoFeaturesLeft {
            findings: checks.findings.iter().filter(why).cloned().collect(),
        });
    }
    if opts.strict {
        let kept = |d: &Diagnostic| d.column.as_ref().is_some_and(|c| opts.keep.contains(c));
        let stop: Vec<Diagnostic> = checks.findings.iter().filter(|d| !kept(d)).cloned().collect();
        if !stop.is_empty() {
            return Err(CheckError::Strict { findings: stop });
        }
    }
    Ok(checks)
}

/// The table without the user's dropped columns (borrowed when none are).
fn examined_table<'t>(table: &'t Table, dropped: &[String]) -> Cow<'t, Table> {
    if !table.columns.iter().any(|c| dropped.contains(&c.name)) {
        return Cow::Borrowed(table);
    }
    let mut t = table.clone();
    t.columns.retain(|c| !dropped.contains(&c.name));
    Cow::Owned(t)
}

/// Every finding on `table` (already without dropped columns) given its
/// signal table; `keep` marks columns not to leave out. What Explore shows.
pub fn findings(
    table: &Table,
    label: &BinaryLabel,
    signal: &SignalTable,
    keep: &[String],
) -> Result<DataChecks, CheckError> {
    let base = diagnostics::data_diagnostics(table, label, signal)?;
    let mut out = DataChecks::default();
    let mut per_column: Vec<Diagnostic> = Vec::new();
    let mut table_wide: Vec<Diagnostic> = Vec::new();
    for d in base {
        if d.column.is_some() {
            per_column.push(d);
        } else {
            table_wide.push(d);
        }
    }
    let flagged_out = |code: &str| matches!(code, "constant-column" | "duplicate-column" | "id-like-column");
    for col in &table.columns {
        if col.name == label.column {
            continue;
        }
        let already_id = per_column
            .iter()
            .any(|d| d.column.as_deref() == Some(&col.name) && d.code == "id-like-column");
        let constant = per_column
            .iter()
            .any(|d| d.column.as_deref() == Some(&col.name) && d.code == "constant-column");
        if !already_id && !constant {
            if let Some(why) = compound_id(col) {
                per_column.push(Diagnostic::new(
                    "id-like-column",
                    Severity::Warning,
                    format!("column {:?} looks like an identifier: {why}", col.name),
                    "exclude it from the features: a model can memorise identifiers but they do not generalise to new rows",
                )
                .on_column(&col.name));
            }
        }
        if constant {
            continue;
        }
        if let Some(d) = near_constant(col) {
            per_column.push(d);
        }
        if let Some(d) = high_missing(col, table.n_rows) {
            per_column.push(d);
        }
    }
    // The columns that would feed a model so far; leakage is judged among them.
    let mut left: Vec<String> = Vec::new();
    for d in &per_column {
        if let Some(c) = &d.column {
            if flagged_out(d.code) && !left.contains(c) {
                left.push(c.clone());
            }
        }
    }
    // A leak stays a feature (see the module doc): only the user knows when
    // a column was recorded.
    per_column.extend(leakage::find(table, label, signal, &left)?);
    // Per column in table order (a stable sort keeps each column's order).
    let order = |d: &Diagnostic| {
        d.column
            .as_ref()
            .and_then(|c| table.column_index(c))
            .unwrap_or(usize::MAX)
    };
    per_column.sort_by_key(order);
    for d in per_column.iter_mut() {
        let Some(c) = d.column.clone() else { continue };
        if !left.contains(&c) {
            continue;
        }
        // A text column is never a feature (only numbers, categories and
        // dates are), so there is nothing to leave out or to keep: saying
        // "kept as a feature" would be false, and a "Keep anyway" button
        // would do nothing.
        let text = table
            .column_index(&c)
            .is_some_and(|i| table.columns[i].kind == ColumnKind::Text);
        if text {
            if flagged_out(d.code) {
                d.message.push_str(if keep.contains(&c) {
                    "; you chose to keep it, but it is text and text columns are never features, so no model reads it"
                } else {
                    "; it is text, and text columns are never features, so no model reads it"
                });
            }
            continue;
        }
        if keep.contains(&c) {
            d.message
                .push_str("; kept as a feature because you chose to keep it anyway");
            if !out.kept.contains(&c) {
                out.kept.push(c);
            }
        } else if flagged_out(d.code) {
            d.message.push_str("; left out of the features");
            if !out.left_out.contains(&c) {
                out.left_out.push(c);
            }
        }
    }
    let features: Vec<&Column> = table
        .columns
        .iter()
        .filter(|c| c.name != label.column && c.kind != ColumnKind::Text && !out.left_out.contains(&c.name))
        .collect();
    table_wide.extend(rows::row_findings(&features, label));
    table_wide.extend(time_ordered(table, label));
    out.findings = per_column;
    out.findings.extend(table_wide);
    Ok(out)
}

/// A column of compound codes (`2:3:1`, `A-17-004`): digit groups joined by
/// separators, many of them distinct. Such a column is read as categorical
/// or text; either way its levels name cases, not properties.
fn compound_id(col: &Column) -> Option<String> {
    let ColumnValues::Codes { codes, levels } = &col.values else {
        return None;
    };
    if col.kind == ColumnKind::Boolean {
        return None;
    }
    let present: Vec<u32> = codes.iter().copied().filter(|&c| c != MISSING_CODE).collect();
    if present.len() < 20 {
        return None;
    }
    let mut used = vec![false; levels.len()];
    present.iter().for_each(|&c| used[c as usize] = true);
    let distinct = used.iter().filter(|&&u| u).count();
    let share = distinct as f64 / present.len() as f64;
    if share < COMPOUND_ID_SHARE || distinct < 20 {
        return None;
    }
    let looks = levels
        .iter()
        .zip(&used)
        .filter(|(_, &u)| u)
        .filter(|(l, _)| is_compound_code(l))
        .count();
    (looks as f64 >= 0.95 * distinct as f64).then(|| {
        format!(
            "its values are compound codes such as {:?}, {} of {} distinct ({:.0} %)",
            levels[present[0] as usize],
            distinct,
            present.len(),
            share * 100.0
        )
    })
}

/// `2:3:1`, `17-004`, `A12/7`: two or more non-empty alphanumeric parts
/// joined by `: - / _ | .`, every part holding a digit. A number (`10.38`,
/// a numeric column read as categorical) or a date (`2021-03-01`) is not
/// one: many distinct decimals or days describe the rows, not name them.
fn is_compound_code(s: &str) -> bool {
    let t = s.trim();
    if crate::data::infer::parse_number(t.as_bytes()).is_some() || crate::data::infer::parse_datetime(t).is_some() {
        return false;
    }
    let parts: Vec<&str> = s.trim().split([':', '-', '/', '_', '|', '.']).collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()) && p.chars().any(|c| c.is_ascii_digit())
        })
}

/// The most common present value (as text), its count and the present
/// count, when it holds more than half of the present cells: the only case
/// [`near_constant`] can fire (it needs ≥ 20 present cells and fewer than
/// 10 others, or ≥ 99.5 %). For numbers a majority vote (Boyer–Moore) and
/// a count, two passes without a sort: sorting every numeric column for
/// its mode was a sixth of the check before each fit on the credit-card
/// file.
fn majority_value(col: &Column) -> Option<(String, usize, usize)> {
    match &col.values {
        ColumnValues::Numbers(v) => {
            // Adding 0.0 makes -0.0 and 0.0 one value, as `==` does.
            let (mut cand, mut votes) = (f64::NAN, 0usize);
            for x in v.iter().filter(|x| !x.is_nan()).map(|x| x + 0.0) {
                if votes == 0 {
                    cand = x;
                    votes = 1;
                } else if x == cand {
                    votes += 1;
                } else {
                    votes -= 1;
                }
            }
            let (mut n, mut present) = (0usize, 0usize);
            for x in v.iter().filter(|x| !x.is_nan()) {
                present += 1;
                n += usize::from(*x == cand);
            }
            (2 * n > present).then(|| (col.value_text(cand), n, present))
        }
        ColumnValues::Codes { codes, levels } => {
            let mut counts = vec![0usize; levels.len()];
            codes
                .iter()
                .filter(|&&c| c != MISSING_CODE)
                .for_each(|&c| counts[c as usize] += 1);
            let present: usize = counts.iter().sum();
            let (top, &n) = counts
                .iter()
                .enumerate()
                .max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))?;
            (2 * n > present).then(|| (levels[top].clone(), n, present))
        }
    }
}

fn near_constant(col: &Column) -> Option<Diagnostic> {
    let (top, n, present) = majority_value(col)?;
    let few = present - n < NEAR_CONSTANT_ROWS;
    if n == present || present < 20 || (!few && (n as f64) < NEAR_CONSTANT_SHARE * present as f64) {
        return None;
    }
    Some(Diagnostic::new(
        "near-constant-column",
        Severity::Info,
        format!(
            "column {:?} is {top:?} in {} of {} rows that have a value ({:.2} %); only {} differ",
            col.name,
            n,
            present,
            n as f64 / present as f64 * 100.0,
            present - n
        ),
        "it is kept, but so few differing rows teach a model little and the split can put them all on one side; drop it unless those rare values matter",
    )
    .on_column(&col.name))
}

fn high_missing(col: &Column, rows: usize) -> Option<Diagnostic> {
    let missing = col.missing_count();
    if rows == 0 || (missing as f64) < HIGH_MISSING_SHARE * rows as f64 {
        return None;
    }
    Some(Diagnostic::new(
        "high-missing",
        Severity::Info,
        format!(
            "column {:?} is missing in {} of {} rows ({:.0} %)",
            col.name,
            missing,
            rows,
            missing as f64 / rows as f64 * 100.0
        ),
        "it is kept with missing cells filled; ask why it is missing (missingness that depends on the outcome leaks it), add a \"was missing\" feature, or drop it",
    )
    .on_column(&col.name))
}

/// A date/time column whose values rise (or fall) along the file.
fn time_ordered(table: &Table, label: &BinaryLabel) -> Option<Diagnostic> {
    for col in &table.columns {
        if col.kind != ColumnKind::DateTime || col.name == label.column {
            continue;
        }
        let Some(v) = col.numbers() else { continue };
        let xs: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).collect();
        if xs.len() < 20 {
            continue;
        }
        let pairs = (xs.len() - 1) as f64;
        let up = xs.windows(2).filter(|w| w[1] >= w[0]).count() as f64;
        let down = xs.windows(2).filter(|w| w[1] <= w[0]).count() as f64;
        let changes = xs.windows(2).filter(|w| w[1] != w[0]).count();
        if changes < 10 || (up < TIME_ORDER_SHARE * pairs && down < TIME_ORDER_SHARE * pairs) {
            continue;
        }
        let (first, last) = (col.value_text(xs[0]), col.value_text(xs[xs.len() - 1]));
        return Some(Diagnostic::new(
            "time-ordered-rows",
            Severity::Warning,
            format!(
                "the rows are sorted by time column {:?} (from {first} to {last}, {:.1} % of neighbouring rows in order)",
                col.name,
                up.max(down) / pairs * 100.0
            ),
            "the split here is random (shuffled), so the scores describe rows like those already seen; if the model will score later rows, test it on the latest rows instead (split by time: fit on an earlier file, score a later one with predict)",
        )
        .on_column(&col.name));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// `near-constant-column` as it was first written: the most common
    /// value found by sorting the column, whatever its share.
    fn near_constant_by_sorting(col: &Column) -> Option<Diagnostic> {
        let (top, n, present) = match &col.values {
            ColumnValues::Numbers(v) => {
                let mut xs: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).map(|x| x + 0.0).collect();
                xs.sort_unstable_by(f64::total_cmp);
                let (mut best, mut best_n, mut i) = (f64::NAN, 0usize, 0usize);
                while i < xs.len() {
                    let j = i + xs[i..].iter().take_while(|&&x| x == xs[i]).count();
                    if j - i > best_n {
                        (best, best_n) = (xs[i], j - i);
                    }
                    i = j;
                }
                (best_n > 0).then(|| (col.value_text(best), best_n, xs.len()))?
            }
            ColumnValues::Codes { codes, levels } => {
                let mut counts = vec![0usize; levels.len()];
                codes
                    .iter()
                    .filter(|&&c| c != MISSING_CODE)
                    .for_each(|&c| counts[c as usize] += 1);
                let present: usize = counts.iter().sum();
                let (top, &n) = counts
                    .iter()
                    .enumerate()
                    .max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))?;
                (n > 0).then(|| (levels[top].clone(), n, present))?
            }
        };
        let few = present - n < NEAR_CONSTANT_ROWS;
        if n == present || present < 20 || (!few && (n as f64) < NEAR_CONSTANT_SHARE * present as f64) {
            return None;
        }
        Some(
            Diagnostic::new(
                "near-constant-column",
                Severity::Info,
                format!(
                    "column {:?} is {top:?} in {} of {} rows that have a value ({:.2} %); only {} differ",
                    col.name,
                    n,
                    present,
                    n as f64 / present as f64 * 100.0,
                    present - n
                ),
                "it is kept, but so few differing rows teach a model little and the split can put them all on one side; drop it unless those rare values matter",
            )
            .on_column(&col.name),
        )
    }

    /// The majority vote finds what sorting finds, on columns around both
    /// thresholds (9 and 10 differing cells, 99.5 %), with signed zeros,
    /// infinities, missing cells, dates and categories.
    #[test]
    fn near_constant_by_majority_equals_near_constant_by_sorting() {
        let mut rng = Rng::new(9);
        let mut fired = 0;
        let mut cases = 0;
        for n in [5usize, 19, 20, 21, 100, 1_000, 2_001, 5_000] {
            for differ in [0usize, 1, 9, 10, 11, n / 200, n / 200 + 1, n / 100, n / 2, n - 1] {
                for variant in 0..4 {
                    let common = [7.0, -0.0, f64::INFINITY, 0.0][variant];
                    let mut v: Vec<f64> = (0..n)
                        .map(|i| {
                            if i < differ.min(n) {
                                [1.5, 0.0, f64::NEG_INFINITY, 2.0][rng.below(4)] * f64::from(u8::from(variant != 3))
                                    + rng.below(3) as f64
                            } else {
                                common
                            }
                        })
                        .collect();
                    // The differing cells first (a vote that only counts
                    // up would keep the first value), or anywhere.
                    if variant % 2 == 0 {
                        rng.shuffle(&mut v);
                    }
                    // Some missing cells, which count in neither.
                    for _ in 0..n / 10 {
                        let i = rng.below(n);
                        v[i] = f64::NAN;
                    }
                    for kind in [ColumnKind::Numeric, ColumnKind::DateTime] {
                        let col = Column {
                            name: "x".into(),
                            kind,
                            values: ColumnValues::Numbers(v.clone()),
                        };
                        let want = near_constant_by_sorting(&col);
                        assert_eq!(near_constant(&col), want, "n {n}, differ {differ}, variant {variant}");
                        fired += usize::from(want.is_some());
                        cases += 1;
                    }
                    let codes: Vec<u32> = v
                        .iter()
                        .map(|x| {
                            if x.is_nan() {
                                MISSING_CODE
                            } else {
                                (x.abs().min(9.0)) as u32
                            }
                        })
                        .collect();
                    let col = Column {
                        name: "c".into(),
                        kind: ColumnKind::Categorical,
                        values: ColumnValues::Codes {
                            codes,
                            levels: (0..10).map(|l| format!("level {l}")).collect(),
                        },
                    };
                    assert_eq!(
                        near_constant(&col),
                        near_constant_by_sorting(&col),
                        "codes, n {n}, differ {differ}"
                    );
                }
            }
        }
        // Both ways, fired and quiet, are exercised.
        assert!(fired > 20 && fired < cases - 20, "{fired} of {cases}");
    }
}
