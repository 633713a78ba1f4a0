//! `possible-leakage`: a column that gives the label away, told apart from
//! a strong honest feature.
//!
//! A fixed AUC cut cannot do it: honest single features reach ROC-AUC 0.97
//! (cell size in the breast-cancer data), while a post-outcome code
//! (an injury severity recorded after the crash) sits at 0.98. What
//! separates them:
//!
//! 1. **Near-perfect alone**: separation (max(AUC, 1 − AUC)) ≥
//!    [`LEAKAGE_SEPARATION`], with ≥ 10 rows a level for categoricals (a
//!    many-level column reaches a high in-sample AUC by chance). A copied
//!    label, or a label recoded.
//! 2. **A pure region that carries the model**: a single level (or the
//!    missing cells), or a value range `x ≥ t` / `x ≤ t`, is ≥ [`PURE_RATE`]
//!    positive and holds ≥ [`PURE_COVERAGE`] of the positives (at least
//!    [`PURE_MIN_POSITIVES`]); the column beats its chance level (the
//!    permutation reference, when there is one); *and* a cross-validated
//!    logistic regression without the column loses ≥ [`CARRY_LOSS`] of the
//!    lift over chance the model with it has. An honest strong feature
//!    shares its information with other columns, so the model barely misses
//!    it; a leak is the model.
//!
//! Lift is measured in average precision (PR-AUC), whose chance level is
//! the positive rate: on rare classes it moves far more than ROC-AUC when
//! the pure region goes (a post-outcome code on a loan file: ROC-AUC 0.98 →
//! 0.72 keeps 46 % of its lift over 0.5, AP 0.90 → 0.15 keeps 11 % of its
//! lift over 0.05), so the rule has a wide margin on both sides.
//!
//! The cross-validation is 3-fold, seeded, on at most
//! [`CARRY_POSITIVES`] positives and [`CARRY_NEGATIVES`] negatives drawn
//! from the labelled rows (ROC-AUC does not depend on the class ratio, so
//! keeping the rare class whole and thinning the common one keeps the
//! estimate's noise small at a bounded cost). It only runs when some column
//! has a pure region.

use super::CheckError;
use crate::data::{
    binary_label, stratified_kfold, BinaryLabel, Column, ColumnKind, ColumnValues, PositiveClass, Table, MISSING_CODE,
};
pub use crate::explore::diagnostics::LEAKAGE_SEPARATION;
use crate::explore::diagnostics::{Diagnostic, Severity};
use crate::explore::SignalTable;
use crate::metrics::evaluate;
use crate::model_spec::{fit_model, ModelSpec};
use crate::models::Classifier;
use crate::pipeline::PipelineParams;
use crate::progress::Silent;
use crate::rng::Rng;

/// Positive share at or above which a level or value range is pure.
pub const PURE_RATE: f64 = 0.95;
/// Share of all positives a pure region must hold.
pub const PURE_COVERAGE: f64 = 0.5;
/// Positives a pure region must hold at least.
pub const PURE_MIN_POSITIVES: usize = 10;
/// Share of the model's lift over chance that must be lost without the column.
pub const CARRY_LOSS: f64 = 0.5;
/// Positives used by the cross-validation at most.
pub const CARRY_POSITIVES: usize = 1500;
/// Negatives used by the cross-validation at most.
pub const CARRY_NEGATIVES: usize = 4500;

/// A level or value range that is nearly all positive.
#[derive(Debug, Clone, PartialEq)]
pub struct PureRegion {
    /// How it reads: `level "3"`, `values ≥ 4.2`, `missing cells`.
    pub region: String,
    /// Labelled rows in it.
    pub rows: usize,
    /// Positives in it.
    pub positives: usize,
    /// `positives / rows`.
    pub rate: f64,
    /// `positives / all positives`.
    pub coverage: f64,
}

/// The pure region of `col` holding the most positives, if any.
pub fn pure_region(col: &Column, label: &BinaryLabel) -> Option<PureRegion> {
    pure_region_bounded(col, label, true)
}

/// [`pure_region`]; `bound`: skip the sort of value ranges when
/// [`tail_may_be_pure`] rules them out (`false` only to test that bound).
fn pure_region_bounded(col: &Column, label: &BinaryLabel, bound: bool) -> Option<PureRegion> {
    let total_pos = label.positives();
    if total_pos == 0 {
        return None;
    }
    let mut best: Option<PureRegion> = None;
    // The region's name is made only for a new best (formatting every cut
    // of a 300,000-row column would dominate the check's time).
    let mut consider = |region: &dyn Fn() -> String, rows: usize, positives: usize| {
        if rows == 0 || positives < PURE_MIN_POSITIVES {
            return;
        }
        let rate = positives as f64 / rows as f64;
        let coverage = positives as f64 / total_pos as f64;
        if rate >= PURE_RATE && coverage >= PURE_COVERAGE && best.as_ref().is_none_or(|b| coverage > b.coverage) {
            best = Some(PureRegion {
                region: region(),
                rows,
                positives,
                rate,
                coverage,
            });
        }
    };
    match &col.values {
        ColumnValues::Codes { codes, levels } => {
            // One slot per level, the last for missing cells.
            let mut rows = vec![0usize; levels.len() + 1];
            let mut pos = vec![0usize; levels.len() + 1];
            for (&r, &y) in label.rows.iter().zip(&label.y) {
                let c = codes[r];
                let slot = if c == MISSING_CODE { levels.len() } else { c as usize };
                rows[slot] += 1;
                pos[slot] += usize::from(y);
            }
            for (i, l) in levels.iter().enumerate() {
                consider(&|| format!("level {l:?}"), rows[i], pos[i]);
            }
            consider(&|| "missing cells".to_string(), rows[levels.len()], pos[levels.len()]);
        }
        ColumnValues::Numbers(v) => {
            let (mut miss_rows, mut miss_pos) = (0, 0);
            for (&r, &y) in label.rows.iter().zip(&label.y) {
                if v[r].is_nan() {
                    miss_rows += 1;
                    miss_pos += usize::from(y);
                }
            }
            consider(&|| "missing cells".to_string(), miss_rows, miss_pos);
            if bound && !tail_may_be_pure(v, label, total_pos) {
                return best;
            }
            let mut present = Vec::with_capacity(label.rows.len() - miss_rows);
            for (&r, &y) in label.rows.iter().zip(&label.y) {
                if !v[r].is_nan() {
                    present.push((v[r], y));
                }
            }
            present.sort_by(|a, b| a.0.total_cmp(&b.0));
            // Lower tails x ≤ t, then upper tails x ≥ t, cut between distinct values.
            for upper in [false, true] {
                let seq: Box<dyn Iterator<Item = &(f64, bool)>> = if upper {
                    Box::new(present.iter().rev())
                } else {
                    Box::new(present.iter())
                };
                let (mut rows, mut pos) = (0usize, 0usize);
                let mut it = seq.peekable();
                while let Some(&(x, y)) = it.next() {
                    rows += 1;
                    pos += usize::from(y);
                    if it.peek().is_some_and(|n| n.0 == x) {
                        continue;
                    }
                    let region = || {
                        let t = col.value_text(x);
                        if upper {
                            format!("values ≥ {t}")
                        } else {
                            format!("values ≤ {t}")
                        }
                    };
                    consider(&region, rows, pos);
                }
            }
        }
    }
    best
}

/// Whether a value range of the numbers `v` could be a pure region, by a
/// bound that needs no sort: a pure lower tail `x ≤ t` holds at least
/// `need` positives (its share of them), so it reaches the `need`-th
/// smallest positive value `m` and holds every negative below `m`; if
/// those negatives alone bring the tail under [`PURE_RATE`] even with every
/// positive in it, no lower tail is pure (the same for upper tails from
/// the `need`-th largest). `false` only when no tail can be pure, so
/// [`pure_region`] then skips its sort with the same result: most columns
/// of a real file are ruled out here, and that sort of every column was a
/// sixth of the check before each fit on the credit-card file.
fn tail_may_be_pure(v: &[f64], label: &BinaryLabel, total_pos: usize) -> bool {
    let mut pos: Vec<f64> = label
        .rows
        .iter()
        .zip(&label.y)
        .filter(|&(&r, &y)| y && !v[r].is_nan())
        .map(|(&r, _)| v[r])
        .collect();
    // At least this many positives in any pure region: one below the
    // coverage's share, against rounding in the coverage's division.
    let need = PURE_MIN_POSITIVES.max((PURE_COVERAGE * total_pos as f64 - 1.0).max(0.0) as usize);
    if pos.len() < need {
        return false;
    }
    pos.sort_unstable_by(f64::total_cmp);
    let (low, high) = (pos[need - 1], pos[pos.len() - need]);
    let (mut below, mut above) = (0usize, 0usize);
    for (&r, &y) in label.rows.iter().zip(&label.y) {
        let x = v[r];
        below += usize::from(!y && x < low);
        above += usize::from(!y && x > high);
    }
    // The best rate a tail with `below` (or `above`) negatives can have,
    // with a margin far above rounding.
    let best_rate = |neg: usize| pos.len() as f64 / (pos.len() + neg) as f64;
    let margin = 1e-9;
    best_rate(below) >= PURE_RATE - margin || best_rate(above) >= PURE_RATE - margin
}

/// The `possible-leakage` findings among the columns of `table` that are
/// neither the label nor in `left_out`.
pub(super) fn find(
    table: &Table,
    label: &BinaryLabel,
    signal: &SignalTable,
    left_out: &[String],
) -> Result<Vec<Diagnostic>, CheckError> {
    let mut out = Vec::new();
    let mut candidates: Vec<(&Column, PureRegion, f64)> = Vec::new();
    for f in &signal.features {
        if left_out.contains(&f.column) || f.column == label.column {
            continue;
        }
        let Some(col) = table.column(&f.column) else { continue };
        let sep = f.separation.unwrap_or(0.0);
        let auc = f.auc.unwrap_or(f64::NAN);
        // A many-level categorical reaches a high in-sample separation by
        // chance (its AUC is target-encoded): require ≥ 10 rows a level.
        let enough_rows = f.levels.is_none_or(|l| l * 10 <= f.rows);
        if sep >= LEAKAGE_SEPARATION && enough_rows {
            out.push(Diagnostic::new(
                "possible-leakage",
                Severity::Warning,
                format!(
                    "column {:?} separates the classes almost perfectly on its own (separation {sep:.4}, univariate ROC-AUC {auc:.4}): it predicts the label alone — is it known before the outcome?",
                    f.column
                ),
                NEXT_STEP,
            )
            .on_column(&f.column));
            continue;
        }
        if f.above_chance == Some(false) {
            continue;
        }
        if let Some(region) = pure_region(col, label) {
            candidates.push((col, region, auc));
        }
    }
    if candidates.is_empty() {
        return Ok(out);
    }
    let mut not_features: Vec<String> = left_out.to_vec();
    not_features.extend(out.iter().filter_map(|d| d.column.clone()));
    let Some((with, chance)) = carry_ap(table, label, &not_features)? else {
        return Ok(out);
    };
    if with <= chance {
        return Ok(out);
    }
    for (col, region, auc) in candidates {
        let mut without = not_features.clone();
        without.push(col.name.clone());
        let Some((ap_without, _)) = carry_ap(table, label, &without)? else {
            continue;
        };
        let loss = (with - ap_without.max(chance)) / (with - chance);
        if loss >= CARRY_LOSS {
            out.push(Diagnostic::new(
                "possible-leakage",
                Severity::Warning,
                format!(
                    "column {:?} gives the label away: its {} {} are {:.1} % positive and hold {:.0} % of all positives (univariate ROC-AUC {auc:.4}), and a cross-validated logistic regression without it drops from PR-AUC {with:.3} to {ap_without:.3} (chance {chance:.3}), losing {:.0} % of its lift — is it known before the outcome?",
                    col.name,
                    region.region,
                    if region.rows == 1 { "row" } else { "rows" },
                    region.rate * 100.0,
                    region.coverage * 100.0,
                    loss * 100.0
                ),
                NEXT_STEP,
            )
            .on_column(&col.name));
        }
    }
    Ok(out)
}

const NEXT_STEP: &str = "it is still a feature: if it is recorded after the outcome (or derived from the label), leave it out (untick it, or --drop it) and train again; if it is truly known in advance, check how it was collected before trusting any model";

/// Mean 3-fold average precision of a default logistic regression on the
/// labelled rows (thinned as the module doc says) without the
/// `not_features` columns, and its chance level (the thinned positive
/// rate); `None` when the folds cannot be made (too few rows of a class)
/// or no feature is left.
fn carry_ap(table: &Table, label: &BinaryLabel, not_features: &[String]) -> Result<Option<(f64, f64)>, CheckError> {
    let mut rng = Rng::new(0x1eaa_c0de);
    let mut pos: Vec<usize> = Vec::new();
    let mut neg: Vec<usize> = Vec::new();
    for (&r, &y) in label.rows.iter().zip(&label.y) {
        if y {
            pos.push(r)
        } else {
            neg.push(r)
        }
    }
    if pos.len() < 3 || neg.len() < 3 {
        return Ok(None);
    }
    rng.shuffle(&mut pos);
    rng.shuffle(&mut neg);
    pos.truncate(CARRY_POSITIVES);
    neg.truncate(CARRY_NEGATIVES);
    let chance = pos.len() as f64 / (pos.len() + neg.len()) as f64;
    let mut rows: Vec<usize> = pos.iter().chain(&neg).copied().collect();
    rows.sort_unstable();
    let is_pos: std::collections::HashSet<usize> = pos.iter().copied().collect();
    // The thinned table: kept feature columns (text is never a feature) and
    // a 0/1 label column under the label's name.
    let mut columns: Vec<Column> = table
        .columns
        .iter()
        .filter(|c| c.name != label.column && c.kind != ColumnKind::Text && !not_features.contains(&c.name))
        .map(|c| take_rows(c, &rows))
        .collect();
    if columns.is_empty() {
        return Ok(None);
    }
    columns.push(Column {
        name: label.column.clone(),
        kind: ColumnKind::Categorical,
        values: ColumnValues::Codes {
            codes: rows.iter().map(|r| u32::from(is_pos.contains(r))).collect(),
            levels: vec!["0".into(), "1".into()],
        },
    });
    let thinned = Table {
        columns,
        n_rows: rows.len(),
    };
    Ok(cv_pr_auc(&thinned, &label.column).map(|ap| (ap, chance)))
}

/// Mean PR-AUC (average precision) over 3 stratified folds of a default
/// logistic regression behind the default pipeline, on `table` whose
/// `label` column is 0/1; `None` when a fold cannot be made or fitted (no
/// evidence either way). Built from the core pieces rather than
/// [`crate::cv`], since every run (and so `cv`) calls this check first:
/// the same folds and fits `cv` would make, without the cycle.
fn cv_pr_auc(table: &Table, label: &str) -> Option<f64> {
    const SEED: u64 = 42;
    let label = binary_label(table, label, &PositiveClass::Value("1".into())).ok()?;
    let folds = stratified_kfold(&label.y, 3, &mut Rng::new(SEED)).ok()?;
    let spec = ModelSpec::Logistic(Default::default());
    let params = PipelineParams::default();
    let mut sum = 0.0;
    for (f, test) in folds.iter().enumerate() {
        let train: Vec<usize> = folds
            .iter()
            .enumerate()
            .filter(|&(g, _)| g != f)
            .flat_map(|(_, rows)| rows.iter().copied())
            .collect();
        let rows = |part: &[usize]| part.iter().map(|&i| label.rows[i]).collect::<Vec<usize>>();
        let ys = |part: &[usize]| part.iter().map(|&i| label.y[i]).collect::<Vec<bool>>();
        let pipeline = params.fit(table, &label.column, &rows(&train)).ok()?;
        let (x_train, _) = pipeline.transform(table, &rows(&train)).ok()?;
        let (x_test, _) = pipeline.transform(table, &rows(test)).ok()?;
        let mut rng = Rng::new(SEED.wrapping_add(1000 + f as u64));
        let fitted = fit_model(&spec, x_train.view(), &ys(&train), None, &mut rng, &mut Silent).ok()?;
        let scores = fitted.model.predict_proba(x_test.view()).to_vec();
        sum += evaluate(&ys(test), &scores, 0.5).ok()?.pr_auc?;
    }
    Some(sum / folds.len() as f64)
}

fn take_rows(col: &Column, rows: &[usize]) -> Column {
    let values = match &col.values {
        ColumnValues::Numbers(v) => ColumnValues::Numbers(rows.iter().map(|&r| v[r]).collect()),
        ColumnValues::Codes { codes, levels } => ColumnValues::Codes {
            codes: rows.iter().map(|&r| codes[r]).collect(),
            levels: levels.clone(),
        },
    };
    Column {
        name: col.name.clone(),
        kind: col.kind,
        values,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label_of(y: &[bool]) -> BinaryLabel {
        BinaryLabel {
            column: "y".into(),
            positive: "1".into(),
            negative: "0".into(),
            chosen_as_minority: false,
            rows: (0..y.len()).collect(),
            y: y.to_vec(),
            missing: 0,
        }
    }

    /// The bound never changes the answer: on generated columns with and
    /// without pure tails (ties, ±0, infinities, missing cells, few and
    /// many positives), the region found with it is the one the full sort
    /// finds, and it does rule most plain columns out.
    #[test]
    fn the_bound_gives_the_sorted_answer() {
        let mut rng = Rng::new(5);
        let mut skipped = 0;
        let mut cases = 0;
        for n in [30usize, 200, 2_000, 20_000] {
            for rate in [0.01, 0.05, 0.3] {
                for kind in 0..6 {
                    let y: Vec<bool> = (0..n).map(|_| rng.uniform() < rate).collect();
                    let v: Vec<f64> = y
                        .iter()
                        .map(|&p| {
                            let noise = rng.normal();
                            match kind {
                                // Plain noise, and noise with a shift.
                                0 => noise,
                                1 => noise + f64::from(u8::from(p)),
                                // A pure upper / lower tail holding most positives.
                                2 if p && rng.below(10) < 8 => 6.0 + noise.abs(),
                                3 if p && rng.below(10) < 7 => -6.0 - rng.below(3) as f64,
                                // Near the rate's edge: a few negatives inside the tail.
                                4 if p || rng.below(400) == 0 => 3.0 + rng.below(4) as f64,
                                // Ties, signed zeros, infinities and missing cells.
                                5 => [-0.0, 0.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1.0][rng.below(6)],
                                _ => noise,
                            }
                        })
                        .collect();
                    let col = Column {
                        name: "x".into(),
                        kind: ColumnKind::Numeric,
                        values: ColumnValues::Numbers(v.clone()),
                    };
                    let label = label_of(&y);
                    let want = pure_region_bounded(&col, &label, false);
                    assert_eq!(pure_region(&col, &label), want, "n {n}, rate {rate}, kind {kind}");
                    cases += 1;
                    skipped += usize::from(!tail_may_be_pure(&v, &label, label.positives()));
                }
            }
        }
        // The bound is worth having: it rules out at least the plain columns.
        assert!(skipped * 3 >= cases, "{skipped} of {cases} skipped");
    }
}
