//! Linter-style findings about the data and a model's predictions: each
//! has a stable kebab-case code, a severity, a sentence saying what was
//! found (with the numbers) and what to do next. Knows nothing of how the
//! scores were made or how findings are shown; data findings read the raw
//! [`Table`], its [`BinaryLabel`] and the [`SignalTable`]; model findings
//! are pure functions of scores, labels and a threshold.
//!
//! Codes (stable; the CLI prints `code: message`):
//!
//! | code | when |
//! |---|---|
//! | `no-signal` | no feature beats its chance level by more than the permutation reference's margin ([`crate::explore::PermutationReference`]) |
//! | `possible-leakage` | see [`crate::checks::leakage`] (it needs a model fit, so it lives there) |
//! | `constant-column` | at most one distinct present value |
//! | `duplicate-column` | the same cells as an earlier column (levels may be spelled differently) |
//! | `id-like-column` | (nearly) every present value distinct and integer or text, or a row counter |
//! | `single-class-predictions` | all scores are equal (one class at every threshold), or every row is predicted positive at the threshold |
//! | `no-improvement` | the validation metric was never better than at its first epoch |
//! | `accuracy-paradox` | the accuracy says nothing: the model finds no positive (recall 0) or its balanced accuracy is no better than the majority rule's 0.5 |
//! | `model-at-chance` | the model's ROC-AUC is not above 0.5 by more than its noise (DeLong's standard error) |
//! | `below-baseline` | logistic regression on the same rows ranks better, by more than the noise of the paired difference (DeLong) |
//! | `no-positive-predicted` | no row is predicted positive at the threshold (scores that vary; equal scores are `single-class-predictions`) |

use super::{check_label, ExploreError, SignalTable};
use crate::data::{BinaryLabel, Column, ColumnKind, ColumnValues, Table, MISSING_CODE};
use crate::metrics::Confusion;
use serde::Serialize;
use std::collections::HashMap;

/// Separation (max(AUC, 1 − AUC)) at or above which a single feature is
/// flagged as possible leakage.
pub const LEAKAGE_SEPARATION: f64 = 0.99;

/// Share of distinct values among present cells at or above which an
/// integer or text column is ID-like.
pub const ID_DISTINCT_SHARE: f64 = 0.95;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is wrong yet.
    Info,
    /// Results may be meaningless until this is looked at.
    Warning,
}

/// One finding. Reads back from its JSON (a grid report crosses from a
/// worker to the page as JSON and is merged as typed data).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// Stable kebab-case code (`possible-leakage`).
    #[serde(deserialize_with = "static_code")]
    pub code: StaticCode,
    /// How much it matters.
    pub severity: Severity,
    /// What was found, with the numbers; lowercase start, no final period.
    pub message: String,
    /// What to do next.
    pub next_step: String,
    /// The column concerned, when there is one.
    pub column: Option<String>,
}

/// A finding's code. An alias, so serde's derive does not take the field
/// for a borrowed `&str` (which would tie every reader to `'static` input).
pub type StaticCode = &'static str;

/// A code read from JSON as the `&'static str` the rest of the code
/// compares: each distinct code text is allocated once and kept (codes are
/// a few dozen fixed words, so this is bounded), instead of widening
/// `code` to an owned string every finding would then carry.
fn static_code<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    use std::collections::BTreeSet;
    use std::sync::Mutex;
    static CODES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let text = <String as serde::Deserialize>::deserialize(d)?;
    let mut codes = CODES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&known) = codes.get(text.as_str()) {
        return Ok(known);
    }
    let code: &'static str = Box::leak(text.into_boxed_str());
    codes.insert(code);
    Ok(code)
}

/// `code: message; next: next step`, the CLI's one-line form.
impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}; next: {}", self.code, self.message, self.next_step)
    }
}

impl Diagnostic {
    /// A finding with no column (a run's or a model's).
    pub fn new(code: &'static str, severity: Severity, message: String, next_step: &str) -> Diagnostic {
        diag(code, severity, None, message, next_step)
    }

    /// The same finding, about `column` (a data finding: the page's
    /// "Keep anyway" and `--keep` name it).
    pub fn on_column(mut self, column: &str) -> Diagnostic {
        self.column = Some(column.to_string());
        self
    }
}

fn diag(code: &'static str, severity: Severity, column: Option<&str>, message: String, next_step: &str) -> Diagnostic {
    Diagnostic {
        code,
        severity,
        message,
        next_step: next_step.to_string(),
        column: column.map(str::to_string),
    }
}

/// The data findings computed from the table's statistics alone: per
/// column (in table order) constant, duplicate and ID-like findings, then
/// `no-signal`. The complete check, with `possible-leakage` and the row
/// findings, is [`crate::checks`]. The label
/// column is not examined. `signal` must be the signal table of the same
/// table and label.
pub fn data_diagnostics(
    table: &Table,
    label: &BinaryLabel,
    signal: &SignalTable,
) -> Result<Vec<Diagnostic>, ExploreError> {
    check_label(table, label)?;
    let mut out = Vec::new();
    let mut seen: HashMap<u64, Vec<usize>> = HashMap::new();
    for (ci, col) in table.columns.iter().enumerate() {
        if col.name == label.column {
            continue;
        }
        let distinct = distinct_present(col);
        if distinct <= 1 {
            let what = match distinct {
                0 => "has no values at all".to_string(),
                _ => format!(
                    "has one value ({}) in every row that has one",
                    first_value(col).unwrap_or_default()
                ),
            };
            out.push(diag(
                "constant-column",
                Severity::Info,
                Some(&col.name),
                format!("column {:?} {what}", col.name),
                "drop it: a column that never changes cannot tell the classes apart",
            ));
            continue;
        }
        let h = cell_hash(col);
        let twin = seen
            .get(&h)
            .and_then(|cands| cands.iter().copied().find(|&o| same_cells(&table.columns[o], col)));
        if let Some(o) = twin {
            out.push(diag(
                "duplicate-column",
                Severity::Info,
                Some(&col.name),
                format!(
                    "column {:?} has the same values as column {:?}",
                    col.name, table.columns[o].name
                ),
                "keep one of them: a copy adds no information and splits a linear model's weight between the two",
            ));
        } else {
            seen.entry(h).or_default().push(ci);
        }
        if let Some(why) = id_like(col, distinct) {
            out.push(diag(
                "id-like-column",
                Severity::Warning,
                Some(&col.name),
                format!("column {:?} looks like an identifier: {why}", col.name),
                "exclude it from the features: a model can memorise identifiers but they do not generalise to new rows",
            ));
        }
    }
    if let Some(r) = &signal.reference {
        let best = signal.features.iter().find(|f| f.separation.is_some());
        if let (Some(b), false) = (best, signal.features.iter().any(|f| f.above_chance == Some(true))) {
            out.push(diag(
                "no-signal",
                Severity::Warning,
                None,
                format!(
                    "no feature separates the classes clearly better than chance: the best, {:?}, has separation {:.4} where shuffled labels give it {:.4} on average, and with shuffled labels some feature beats its own chance level by up to {:.4} (99th percentile of {} permutations on {} rows)",
                    b.column,
                    b.separation.unwrap_or(f64::NAN),
                    b.chance.unwrap_or(f64::NAN),
                    r.max_excess_p99,
                    r.permutations,
                    r.rows_used
                ),
                "check that the label is the outcome you mean and that the rows are joined correctly, then look for features that plausibly relate to it; a model rarely finds what no single feature shows, and one that predicts a single class is the usual symptom",
            ));
        }
    }
    Ok(out)
}

fn distinct_present(col: &Column) -> usize {
    match &col.values {
        ColumnValues::Numbers(v) => {
            // Adding 0.0 makes -0.0 and 0.0 one value; counted by hashing
            // (the CSV summary's count), not by sorting every column again.
            let bits: Vec<u64> = v.iter().filter(|x| !x.is_nan()).map(|x| (x + 0.0).to_bits()).collect();
            crate::sort::count_distinct_u64(&bits)
        }
        ColumnValues::Codes { codes, levels } => {
            let mut seen = vec![false; levels.len()];
            for &c in codes.iter().filter(|&&c| c != MISSING_CODE) {
                seen[c as usize] = true;
            }
            seen.iter().filter(|&&s| s).count()
        }
    }
}

fn first_value(col: &Column) -> Option<String> {
    (0..col.len()).find_map(|i| col.cell_text(i)).map(|s| format!("{s:?}"))
}

/// FNV-1a over the cells (numbers as bits, codes as codes): a cheap key
/// so only columns with equal keys are compared cell by cell.
fn cell_hash(col: &Column) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    let mut eat = |x: u64| {
        h ^= x;
        h = h.wrapping_mul(0x100000001b3);
    };
    match &col.values {
        ColumnValues::Numbers(v) => {
            eat(1);
            v.iter()
                .for_each(|x| eat(if x.is_nan() { u64::MAX } else { (x + 0.0).to_bits() }));
        }
        ColumnValues::Codes { codes, .. } => {
            eat(2);
            codes.iter().for_each(|&c| eat(c as u64));
        }
    }
    h
}

/// Same cells: numbers equal (NaN with NaN), or codes equal (levels are
/// numbered by first appearance, so equal codes mean the same partition of
/// rows, possibly spelled differently).
fn same_cells(a: &Column, b: &Column) -> bool {
    match (&a.values, &b.values) {
        (ColumnValues::Numbers(x), ColumnValues::Numbers(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p == q || (p.is_nan() && q.is_nan()))
        }
        (ColumnValues::Codes { codes: x, .. }, ColumnValues::Codes { codes: y, .. }) => x == y,
        _ => false,
    }
}

/// Why a column looks like an identifier, if it does. Needs ≥ 20 present
/// values; real-valued measurements are often all distinct, so numbers
/// count only when they are integers.
fn id_like(col: &Column, distinct: usize) -> Option<String> {
    let present = col.len() - col.missing_count();
    if present < 20 {
        return None;
    }
    let share = distinct as f64 / present as f64;
    match &col.values {
        ColumnValues::Numbers(v) => {
            if col.kind == ColumnKind::DateTime {
                return None;
            }
            let xs: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).collect();
            if !xs.iter().all(|x| x.fract() == 0.0) {
                return None;
            }
            if xs.windows(2).all(|w| w[1] - w[0] == 1.0) {
                return Some(format!(
                    "it counts rows ({} to {} in steps of 1)",
                    xs[0],
                    xs[xs.len() - 1]
                ));
            }
            (share >= ID_DISTINCT_SHARE).then(|| {
                format!(
                    "{} of {} values are distinct integers ({:.0} %)",
                    distinct,
                    present,
                    share * 100.0
                )
            })
        }
        ColumnValues::Codes { .. } => (col.kind != ColumnKind::Boolean && share >= ID_DISTINCT_SHARE).then(|| {
            format!(
                "{} of {} values are distinct ({:.0} %)",
                distinct,
                present,
                share * 100.0
            )
        }),
    }
}

/// A validation metric per epoch, for `no-improvement`.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationHistory<'a> {
    /// The metric's name, for the message (`"validation log loss"`).
    pub metric: &'a str,
    /// One value per epoch, first epoch first.
    pub values: &'a [f64],
    /// Whether larger values are better (AUC: true; a loss: false).
    pub higher_is_better: bool,
}

/// The model findings for scores on labelled rows: `single-class-predictions`
/// (all scores equal, or all rows positive at `threshold`),
/// `no-positive-predicted` (no row positive at `threshold`),
/// `accuracy-paradox`, and with a history `no-improvement` (needs ≥ 2
/// epochs; NaN values are never an improvement). A row is predicted
/// positive when `score >= threshold`, as everywhere in [`crate::metrics`].
///
/// Errors: lengths differ, no rows, a non-finite score, a NaN threshold.
pub fn model_diagnostics(
    y: &[bool],
    scores: &[f64],
    threshold: f64,
    history: Option<&ValidationHistory>,
) -> Result<Vec<Diagnostic>, ExploreError> {
    if y.len() != scores.len() {
        return Err(ExploreError::LengthMismatch {
            scores: scores.len(),
            labels: y.len(),
        });
    }
    let c = Confusion::at_threshold(y, scores, threshold)?;
    let mut out = Vec::new();
    let all_equal = scores.iter().all(|&s| s == scores[0]);
    let pp = c.predicted_positive();
    if all_equal {
        out.push(diag(
            "single-class-predictions",
            Severity::Warning,
            None,
            format!(
                "every row gets the same score ({}), so the model predicts one class at every threshold",
                scores[0]
            ),
            "the model learned nothing: check the signal table for features that separate the classes, scale the features, and lower the regularisation or the learning rate",
        ));
    } else if pp == 0 || pp == c.rows() {
        // Flagging nobody is the same fact `model_checks` reports for a
        // run's threshold, so it carries the same code: a page that lists
        // a run's checks beside the shown threshold's then says it once
        // (the threshold's, which is what is on screen).
        let (code, which) = if pp == 0 {
            ("no-positive-predicted", "negative")
        } else {
            ("single-class-predictions", "positive")
        };
        out.push(diag(
            code,
            Severity::Warning,
            None,
            format!(
                "the model predicts {which} for all {} rows at threshold {threshold}, although its scores vary from {} to {}",
                c.rows(),
                scores.iter().copied().fold(f64::INFINITY, f64::min),
                scores.iter().copied().fold(f64::NEG_INFINITY, f64::max)
            ),
            "move the threshold (the threshold chart shows the trade-off) or weight the classes (class weight \"balanced\") so the rare class counts",
        ));
    }
    if let Some(d) = accuracy_paradox(&c) {
        out.push(d);
    }
    if let Some(h) = history {
        if h.values.len() >= 2 {
            let first = h.values[0];
            let better = |v: f64| if h.higher_is_better { v > first } else { v < first };
            if !h.values[1..].iter().any(|&v| better(v)) {
                out.push(diag(
                    "no-improvement",
                    Severity::Warning,
                    None,
                    format!(
                        "{} never improved on its first epoch ({first}) over {} epochs",
                        h.metric,
                        h.values.len()
                    ),
                    "the model is not learning from the data: try a larger learning rate or fewer regularisation, check the features carry signal (the signal table), and stop training earlier",
                ));
            }
        }
    }
    Ok(out)
}

/// `accuracy-paradox`, where it holds: the rows have both classes and the
/// model finds no positive (recall 0) or is no better than the majority
/// rule at telling them apart (balanced accuracy ≤ 0.5, which is what
/// always predicting the majority class scores). A model whose accuracy
/// is below the majority's because it flags many rows to catch the rare
/// ones is not a paradox: that is the trade-off working.
fn accuracy_paradox(c: &Confusion) -> Option<Diagnostic> {
    if c.positives() == 0 || c.negatives() == 0 {
        return None;
    }
    let (recall, balanced) = (c.recall(), c.balanced_accuracy());
    if recall > 0.0 && balanced > 0.5 {
        return None;
    }
    Some(diag(
        "accuracy-paradox",
        Severity::Warning,
        None,
        format!(
            "accuracy {:.4} (always predicting the majority class gives {:.4}) hides that the model {}: recall {recall:.4}, balanced accuracy {balanced:.4}",
            c.accuracy(),
            c.majority_accuracy(),
            if recall == 0.0 {
                "finds no positive row"
            } else {
                "is no better than the majority rule"
            }
        ),
        "judge the model by recall, precision and PR-AUC instead: on imbalanced data accuracy rewards ignoring the rare class",
    ))
}

/// The z value of the checks below: a difference counts when it exceeds
/// 1.96 standard errors (a two-sided 95 % normal interval).
const NOISE_Z: f64 = 1.96;

/// DeLong's structural components of the ROC-AUC of `scores` (DeLong,
/// DeLong & Clarke-Pearson 1988), in row order: for each positive row the
/// share of negative rows it outranks (ties count half), and for each
/// negative row the share of positive rows that outrank it. Both means are
/// the AUC; their spreads give its variance. Rows keep their order so two
/// models' components pair up row by row. Sorted copies and binary
/// searches: O(n log n).
fn delong_components(y: &[bool], scores: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let sorted = |want: bool| {
        let mut v: Vec<f64> = y.iter().zip(scores).filter(|p| *p.0 == want).map(|p| *p.1).collect();
        v.sort_by(f64::total_cmp);
        v
    };
    let (pos, neg) = (sorted(true), sorted(false));
    // (#values < s, #values == s) in a sorted slice.
    let below_equal = |v: &[f64], s: f64| {
        let lt = v.partition_point(|&x| x < s);
        (lt, v.partition_point(|&x| x <= s) - lt)
    };
    let (np, nn) = (pos.len() as f64, neg.len() as f64);
    let (mut v10, mut v01) = (Vec::with_capacity(pos.len()), Vec::with_capacity(neg.len()));
    for (&label, &s) in y.iter().zip(scores) {
        if label {
            let (lt, eq) = below_equal(&neg, s);
            v10.push((lt as f64 + 0.5 * eq as f64) / nn);
        } else {
            let (lt, eq) = below_equal(&pos, s);
            v01.push((np - lt as f64 - 0.5 * eq as f64) / np);
        }
    }
    (v10, v01)
}

/// Sample covariance (n − 1) of two equally long series; 0 below 2 values.
fn covariance(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    if n < 2.0 {
        return 0.0;
    }
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum::<f64>() / (n - 1.0)
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// The ROC-AUC of `scores` on `y` and DeLong's standard error of it;
/// `None` when `y` lacks a class.
pub fn auc_with_se(y: &[bool], scores: &[f64]) -> Option<(f64, f64)> {
    let (v10, v01) = delong_components(y, scores);
    if v10.is_empty() || v01.is_empty() {
        return None;
    }
    let var = covariance(&v10, &v10) / v10.len() as f64 + covariance(&v01, &v01) / v01.len() as f64;
    Some((mean(&v10), var.max(0.0).sqrt()))
}

/// `AUC(a) − AUC(b)` of two scorings of the same rows and DeLong's
/// standard error of that paired difference (the two models err on the
/// same hard rows, which the covariance terms account for); `None` when
/// `y` lacks a class.
pub fn auc_difference(y: &[bool], a: &[f64], b: &[f64]) -> Option<(f64, f64)> {
    let (a10, a01) = delong_components(y, a);
    let (b10, b01) = delong_components(y, b);
    if a10.is_empty() || a01.is_empty() {
        return None;
    }
    let var = (covariance(&a10, &a10) + covariance(&b10, &b10) - 2.0 * covariance(&a10, &b10)) / a10.len() as f64
        + (covariance(&a01, &a01) + covariance(&b01, &b01) - 2.0 * covariance(&a01, &b01)) / a01.len() as f64;
    Some((mean(&a10) - mean(&b10), var.max(0.0).sqrt()))
}

/// What [`model_checks`] reads about one fitted model.
#[derive(Debug, Clone, Copy)]
pub struct ModelCheck<'a> {
    /// The model's display name, which starts each message.
    pub name: &'a str,
    /// Which rows `y` and `scores` are (`"test"`), for the message.
    pub part: &'a str,
    /// Labels of those rows.
    pub y: &'a [bool],
    /// The model's scores on them.
    pub scores: &'a [f64],
    /// The model's decision threshold (predict positive when `score >= threshold`).
    pub threshold: f64,
    /// Logistic regression's scores on the same rows (fitted on the same
    /// training rows), when the model is not itself that baseline.
    pub baseline: Option<&'a [f64]>,
}

/// The checks a run makes of each model it fitted, on rows it did not
/// train on: `model-at-chance` (ROC-AUC − 1.96·SE ≤ 0.5, DeLong's SE),
/// `below-baseline` (logistic regression's ROC-AUC is higher by more than
/// 1.96 SE of the paired difference) and `no-positive-predicted` (no row
/// flagged at the threshold). Rows with one class only give no AUC checks.
///
/// Errors: lengths differ, no rows, a non-finite score, a NaN threshold.
pub fn model_checks(m: &ModelCheck) -> Result<Vec<Diagnostic>, ExploreError> {
    if m.y.len() != m.scores.len() {
        return Err(ExploreError::LengthMismatch {
            scores: m.scores.len(),
            labels: m.y.len(),
        });
    }
    let c = Confusion::at_threshold(m.y, m.scores, m.threshold)?;
    let mut out = Vec::new();
    let name = m.name;
    let part = m.part;
    let auc = auc_with_se(m.y, m.scores);
    if let Some((auc, se)) = auc {
        if auc - NOISE_Z * se <= 0.5 {
            out.push(diag(
                "model-at-chance",
                Severity::Warning,
                None,
                format!(
                    "{name}: ROC-AUC {auc:.4} on the {} {part} rows is within noise of chance (0.5; standard error {se:.4}, so anything below {:.4} is not clearly better than guessing)",
                    m.y.len(),
                    0.5 + NOISE_Z * se
                ),
                "look for signal first (Explore's signal table); for a network, more training steps (a smaller batch, more epochs or patience) or a larger learning rate; compare with logistic regression on the same split",
            ));
        }
    }
    if let (Some(base), Some((auc, _))) = (m.baseline, auc) {
        if base.len() == m.y.len() {
            if let Some((diff, se)) = auc_difference(m.y, base, m.scores) {
                if diff > NOISE_Z * se {
                    out.push(diag(
                        "below-baseline",
                        Severity::Warning,
                        None,
                        format!(
                            "{name}: ROC-AUC {auc:.4} on the {part} rows is below logistic regression's {:.4} on the same rows by {diff:.4}, more than the noise of the difference (standard error {se:.4})",
                            auc + diff
                        ),
                        "prefer the simpler model, or give this one what it lacks: for a network, more training steps (a smaller batch, more epochs or patience) and class weights; for a tree, more depth or leaves",
                    ));
                }
            }
        }
    }
    if c.predicted_positive() == 0 && c.rows() > 0 {
        out.push(diag(
            "no-positive-predicted",
            Severity::Warning,
            None,
            format!(
                "{name}: no {part} row is predicted positive at threshold {} (the highest score is {:.4}), so precision, recall and F1 there are 0 and its accuracy is the majority's",
                m.threshold,
                m.scores.iter().copied().fold(f64::NEG_INFINITY, f64::max)
            ),
            "choose the threshold on the validation rows (best F1, a recall target or costs) or train with class weight \"balanced\" so the rare class counts",
        ));
    }
    Ok(out)
}
