//! The two populations of transfer mode, made ready for a model: columns
//! aligned by name, one preparation pipeline fitted on the features of both,
//! labels from the source only, and the target split into an adaptation part
//! (features only, for the MMD), a validation part and a test part. Knows
//! nothing of models, MMD or the browser.
//!
//! # Which rows go where
//!
//! - Source: every row with a label is used (`x_source`, `y_source`); rows
//!   whose label is missing are left out and counted.
//! - Target rows without a label all go to the adaptation part.
//! - Target rows with a label are split stratified (seeded, per class with
//!   [`stratified_split`]): `target_test` of them (default 30 %, the seed's
//!   held-out share) to the test part, `target_val` (default 15 %) to the
//!   validation part (for early stopping), and the rest (55 %) join the
//!   adaptation part as unlabelled features. The seed validated and tested on
//!   the same 30 %; we keep the two apart so the test AUC is not the one early
//!   stopping chose.
//! - The pipeline (imputation means, scaling, categories) is fitted on the
//!   source rows and the target adaptation rows, never on validation or test
//!   rows, so evaluation rows do not leak into the preparation.
//!
//! # Columns
//!
//! A column is a feature when both tables have it with the same kind (and it
//! is not the label, text, or dropped). Columns in one table only, and
//! columns whose inferred kind differs between the tables, are left out and
//! listed in the [`Alignment`] report. The pipeline is fitted on a table
//! holding only those columns and only the fitting rows (source rows then
//! target adaptation rows); categorical levels are merged by text, boolean
//! columns by position (false, true).

use crate::data::table::{format_number, Column, ColumnKind, ColumnValues, Table, MISSING_CODE};
use crate::data::{binary_label, stratified_split, BinaryLabel, LabelError, PositiveClass, SplitError, SplitFractions};
use crate::pipeline::{FittedPipeline, PipelineError, PipelineParams};
use crate::rng::Rng;
use ndarray::Array2;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What [`prepare_transfer`] needs besides the two tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TransferDataParams {
    /// The label column (required in the source, optional in the target).
    pub label: String,
    /// The positive class, chosen on the source (defaults to its minority
    /// class) and applied to the target by value.
    pub positive: PositiveClass,
    /// Preparation, fitted on source + target adaptation rows.
    pub pipeline: PipelineParams,
    /// Share of the labelled target rows for validation, in `[0, 1)`. Defaults to `0.15`.
    pub target_val: f64,
    /// Share of the labelled target rows for the test, in `[0, 1)`. Defaults to `0.30`.
    /// `target_val + target_test` must be below 1.
    pub target_test: f64,
    /// Seed of the target split. Defaults to 42.
    pub seed: u64,
}

impl Default for TransferDataParams {
    fn default() -> Self {
        TransferDataParams {
            label: String::new(),
            positive: PositiveClass::Minority,
            pipeline: PipelineParams::default(),
            target_val: 0.15,
            target_test: 0.30,
            seed: 42,
        }
    }
}

/// A column both tables have, with different kinds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindMismatch {
    pub name: String,
    pub source: ColumnKind,
    pub target: ColumnKind,
}

/// The label in each table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelCoverage {
    pub column: String,
    /// How the positive and negative classes read (from the source).
    pub positive: String,
    pub negative: String,
    pub source_rows: usize,
    /// Source rows with a label (the rest are left out).
    pub source_labelled: usize,
    pub source_positives: usize,
    /// Whether the target table has the label column at all.
    pub target_has_label: bool,
    pub target_rows: usize,
    pub target_labelled: usize,
    pub target_positives: usize,
}

/// How the two tables' columns line up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alignment {
    /// Columns in both with the same kind, label excluded, in source order.
    pub shared: Vec<String>,
    /// Columns only the source has (label excluded).
    pub only_in_source: Vec<String>,
    /// Columns only the target has (label excluded).
    pub only_in_target: Vec<String>,
    /// Columns in both whose kinds differ; left out of the features.
    pub kind_mismatches: Vec<KindMismatch>,
    pub label: LabelCoverage,
}

/// Target table rows (0-based, ascending) of each part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetRows {
    pub adapt: Vec<usize>,
    pub val: Vec<usize>,
    pub test: Vec<usize>,
}

/// Both populations as feature matrices, ready for a transfer model.
#[derive(Debug, Clone)]
pub struct TransferData {
    /// Labelled source rows, prepared (`n_source × n_features`).
    pub x_source: Array2<f32>,
    pub y_source: Vec<bool>,
    /// Source table rows of `x_source`.
    pub source_rows: Vec<usize>,
    /// Target adaptation rows (features only, for the alignment methods).
    pub x_target_adapt: Array2<f32>,
    /// The label of each adaptation row where the target file has one:
    /// the target's training labels, used only by the methods that learn
    /// from labelled target rows (target only, source + target).
    pub y_target_adapt: Vec<Option<bool>>,
    pub x_target_val: Array2<f32>,
    pub y_target_val: Vec<bool>,
    pub x_target_test: Array2<f32>,
    pub y_target_test: Vec<bool>,
    /// Target table rows of each part.
    pub target_rows: TargetRows,
    /// The pipeline, fitted on source + target adaptation rows.
    pub pipeline: FittedPipeline,
    pub alignment: Alignment,
    /// Things a person should know (unseen categories, left-out rows).
    pub warnings: Vec<String>,
}

/// Why the two populations could not be prepared.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TransferError {
    #[error("transfer: no label column given; name the source file's label column")]
    NoLabel,
    #[error("transfer: target shares must be in [0, 1) and sum below 1 (the rest is for adaptation); got validation {val}, test {test}")]
    BadShares { val: f64, test: f64 },
    #[error(
        "transfer: label column \"{name}\" is not in the source file; its columns are {}",
        list(available)
    )]
    LabelNotInSource { name: String, available: Vec<String> },
    #[error("transfer: source file: {0}")]
    SourceLabel(LabelError),
    #[error("transfer: target file, row {row}, label column \"{column}\": {value:?} is neither the positive class {positive:?} nor the negative class {negative:?} of the source")]
    TargetLabelValue {
        column: String,
        row: usize,
        value: String,
        positive: String,
        negative: String,
    },
    #[error("transfer: label column \"{column}\" is {kind} in the target file, so it cannot be cut at a threshold as in the source")]
    TargetLabelNotNumeric { column: String, kind: ColumnKind },
    #[error("transfer: the files share no usable feature column ({only_in_source} only in the source, {only_in_target} only in the target, {mismatched} with different kinds); are they from the same system?")]
    NoSharedColumns {
        only_in_source: usize,
        only_in_target: usize,
        mismatched: usize,
    },
    #[error("transfer: column \"{name}\" named in --{option} is in neither file")]
    UnknownColumn { name: String, option: &'static str },
    #[error("transfer: column \"{name}\" named in --log is not a feature of both files ({why})")]
    LogColumnNotShared { name: String, why: String },
    #[error("transfer: the target file has {positives} labelled rows of class {positive:?} and {negatives} of {negative:?}; a validation part ({}) and a test part ({}) holding both classes need at least {needed} labelled rows of each class; label more target rows, lower the shares, or remove the target labels to adapt without a target test", pct(*val), pct(*test))]
    TooFewTargetLabels {
        positive: String,
        negative: String,
        positives: usize,
        negatives: usize,
        needed: usize,
        val: f64,
        test: f64,
    },
    #[error("transfer: {0}")]
    Pipeline(#[from] PipelineError),
    #[error("transfer: {0}")]
    Split(#[from] SplitError),
}

fn pct(share: f64) -> String {
    format!("{} %", format_number((share * 1000.0).round() / 10.0))
}

/// Up to six quoted names, then how many more.
fn list(items: &[String]) -> String {
    let mut s: Vec<String> = items.iter().take(6).map(|v| format!("{v:?}")).collect();
    if items.len() > 6 {
        s.push(format!("and {} more", items.len() - 6));
    }
    s.join(", ")
}

/// Aligns `source` and `target`, fits the pipeline on both populations'
/// features and splits the target (see the module docs).
pub fn prepare_transfer(
    source: &Table,
    target: &Table,
    params: &TransferDataParams,
) -> Result<TransferData, TransferError> {
    let (val, test) = (params.target_val, params.target_test);
    if !(val.is_finite() && test.is_finite() && val >= 0.0 && test >= 0.0 && val + test < 1.0) {
        return Err(TransferError::BadShares { val, test });
    }
    params.pipeline.check()?;
    let label_name = params.label.as_str();
    if label_name.is_empty() {
        return Err(TransferError::NoLabel);
    }
    if source.column(label_name).is_none() {
        return Err(TransferError::LabelNotInSource {
            name: label_name.to_string(),
            available: source.names().iter().map(|s| s.to_string()).collect(),
        });
    }
    let label = binary_label(source, label_name, &params.positive).map_err(TransferError::SourceLabel)?;
    let mut warnings = Vec::new();
    if label.missing > 0 {
        warnings.push(format!("{} source rows have no label and are left out", label.missing));
    }

    // Columns.
    let mut alignment = align(source, target, label_name);
    for (names, option) in [(&params.pipeline.drop, "drop"), (&params.pipeline.log, "log")] {
        if let Some(name) = names
            .iter()
            .find(|n| source.column(n).is_none() && target.column(n).is_none())
        {
            return Err(TransferError::UnknownColumn {
                name: name.clone(),
                option,
            });
        }
    }
    for name in &params.pipeline.log {
        let why = if alignment.only_in_source.contains(name) {
            Some("only the source has it".to_string())
        } else if alignment.only_in_target.contains(name) {
            Some("only the target has it".to_string())
        } else if let Some(m) = alignment.kind_mismatches.iter().find(|m| &m.name == name) {
            Some(format!("{} in the source, {} in the target", m.source, m.target))
        } else if name == label_name {
            Some("it is the label".to_string())
        } else if params.pipeline.drop.contains(name) {
            Some("it is also dropped".to_string())
        } else {
            None
        };
        if let Some(why) = why {
            return Err(TransferError::LogColumnNotShared {
                name: name.clone(),
                why,
            });
        }
    }
    let features: Vec<&str> = alignment
        .shared
        .iter()
        .map(String::as_str)
        .filter(|n| !params.pipeline.drop.iter().any(|d| d == n))
        .filter(|n| source.column(n).is_some_and(|c| c.kind != ColumnKind::Text))
        .collect();
    if features.is_empty() {
        return Err(TransferError::NoSharedColumns {
            only_in_source: alignment.only_in_source.len(),
            only_in_target: alignment.only_in_target.len(),
            mismatched: alignment.kind_mismatches.len(),
        });
    }

    // Target labels, mapped onto the source's classes.
    let target_y = target_labels(target, &label, &params.positive)?;
    let mut unlabelled = Vec::new();
    let (mut lab_rows, mut lab_y) = (Vec::new(), Vec::new());
    for (r, y) in target_y.iter().enumerate() {
        match y {
            Some(y) => {
                lab_rows.push(r);
                lab_y.push(*y);
            }
            None => unlabelled.push(r),
        }
    }
    let positives = lab_y.iter().filter(|&&y| y).count();
    let negatives = lab_y.len() - positives;
    alignment.label = LabelCoverage {
        column: label.column.clone(),
        positive: label.positive.clone(),
        negative: label.negative.clone(),
        source_rows: source.n_rows,
        source_labelled: label.y.len(),
        source_positives: label.positives(),
        target_has_label: target.column(label_name).is_some(),
        target_rows: target.n_rows,
        target_labelled: lab_y.len(),
        target_positives: positives,
    };
    let (mut adapt, val_rows, test_rows) = if lab_y.is_empty() {
        warnings.push("the target has no labels: no target validation or test part".to_string());
        (unlabelled, Vec::new(), Vec::new())
    } else {
        let needed = min_per_class(val, test);
        if positives.min(negatives) < needed {
            return Err(TransferError::TooFewTargetLabels {
                positive: label.positive.clone(),
                negative: label.negative.clone(),
                positives,
                negatives,
                needed,
                val,
                test,
            });
        }
        let fractions = SplitFractions {
            train: 1.0 - val - test,
            val,
            test,
        };
        let split = stratified_split(&lab_y, fractions, &mut Rng::new(params.seed))?;
        let rows = |part: &[usize]| part.iter().map(|&i| lab_rows[i]).collect::<Vec<usize>>();
        let mut adapt = unlabelled;
        adapt.extend(rows(&split.train));
        (adapt, rows(&split.val), rows(&split.test))
    };
    adapt.sort_unstable();
    let y_of = |rows: &[usize]| {
        rows.iter()
            .map(|&r| target_y[r].unwrap_or(false))
            .collect::<Vec<bool>>()
    };
    let (y_target_val, y_target_test) = (y_of(&val_rows), y_of(&test_rows));
    let y_target_adapt: Vec<Option<bool>> = adapt.iter().map(|&r| target_y[r]).collect();

    // The pipeline, on source rows + target adaptation rows of the feature columns.
    let combined = combined_table(source, &label.rows, target, &adapt, &features);
    let fit_params = PipelineParams {
        drop: Vec::new(),
        ..params.pipeline.clone()
    };
    let all_rows: Vec<usize> = (0..combined.n_rows).collect();
    let mut pipeline = fit_params.fit(&combined, label_name, &all_rows)?;
    drop(combined);
    pipeline.params = params.pipeline.clone();

    let mut transform = |part: &str, table: &Table, rows: &[usize]| -> Result<Array2<f32>, TransferError> {
        let (x, notes) = pipeline.transform(table, rows)?;
        for (column, n) in notes.unknown_categories {
            warnings.push(format!(
                "column \"{column}\": {n} {part} rows have a category seen in neither the source nor the target adaptation rows (encoded as none)"
            ));
        }
        Ok(x)
    };
    let x_source = transform("source", source, &label.rows)?;
    let x_target_adapt = transform("target adaptation", target, &adapt)?;
    let x_target_val = transform("target validation", target, &val_rows)?;
    let x_target_test = transform("target test", target, &test_rows)?;
    Ok(TransferData {
        x_source,
        y_source: label.y.clone(),
        source_rows: label.rows.clone(),
        x_target_adapt,
        y_target_adapt,
        x_target_val,
        y_target_val,
        x_target_test,
        y_target_test,
        target_rows: TargetRows {
            adapt,
            val: val_rows,
            test: test_rows,
        },
        pipeline,
        alignment,
        warnings,
    })
}

/// The alignment report (label coverage filled in later).
fn align(source: &Table, target: &Table, label: &str) -> Alignment {
    let mut a = Alignment {
        shared: Vec::new(),
        only_in_source: Vec::new(),
        only_in_target: Vec::new(),
        kind_mismatches: Vec::new(),
        label: LabelCoverage {
            column: label.to_string(),
            positive: String::new(),
            negative: String::new(),
            source_rows: 0,
            source_labelled: 0,
            source_positives: 0,
            target_has_label: false,
            target_rows: 0,
            target_labelled: 0,
            target_positives: 0,
        },
    };
    for col in source.columns.iter().filter(|c| c.name != label) {
        match target.column(&col.name) {
            None => a.only_in_source.push(col.name.clone()),
            Some(t) if t.kind == col.kind => a.shared.push(col.name.clone()),
            Some(t) => a.kind_mismatches.push(KindMismatch {
                name: col.name.clone(),
                source: col.kind,
                target: t.kind,
            }),
        }
    }
    a.only_in_target = target
        .columns
        .iter()
        .filter(|c| c.name != label && source.column(&c.name).is_none())
        .map(|c| c.name.clone())
        .collect();
    a
}

/// The smallest per-class count for which the stratified split's rounding
/// (`round(n·test)` to test, then `round(n·val)` to validation) puts at least
/// one row of the class in the test part and, when `val > 0`, in the
/// validation part.
fn min_per_class(val: f64, test: f64) -> usize {
    if val == 0.0 && test == 0.0 {
        return 0;
    }
    (1..100_000)
        .find(|&n| {
            let n_test = ((n as f64) * test).round() as usize;
            let n_val = (((n as f64) * val).round() as usize).min(n - n_test.min(n));
            (test == 0.0 || n_test >= 1) && (val == 0.0 || n_val >= 1)
        })
        .unwrap_or(100_000)
}

/// Each target row's class on the source's terms (`None` when the label is
/// missing or the target has no label column).
fn target_labels(
    target: &Table,
    label: &BinaryLabel,
    positive: &PositiveClass,
) -> Result<Vec<Option<bool>>, TransferError> {
    let Some(col) = target.column(&label.column) else {
        return Ok(vec![None; target.n_rows]);
    };
    // Whether a cell's text is the positive (Some(true)) or negative class.
    let class_of = |text: &str| -> Option<bool> {
        let same = |c: &str| {
            c == text
                || c.eq_ignore_ascii_case(text.trim())
                || matches!((c.parse::<f64>(), text.trim().parse::<f64>()), (Ok(a), Ok(b)) if a == b)
        };
        if same(&label.positive) {
            Some(true)
        } else if same(&label.negative) {
            Some(false)
        } else {
            None
        }
    };
    let bad = |row: usize, value: String| TransferError::TargetLabelValue {
        column: label.column.clone(),
        row: row + 1,
        value,
        positive: label.positive.clone(),
        negative: label.negative.clone(),
    };
    match (&col.values, positive) {
        (ColumnValues::Numbers(v), PositiveClass::Above(t)) => {
            Ok(v.iter().map(|x| (!x.is_nan()).then_some(*x > *t)).collect())
        }
        (ColumnValues::Codes { .. }, PositiveClass::Above(_)) => Err(TransferError::TargetLabelNotNumeric {
            column: label.column.clone(),
            kind: col.kind,
        }),
        (ColumnValues::Numbers(v), _) => v
            .iter()
            .enumerate()
            .map(|(r, x)| {
                if x.is_nan() {
                    return Ok(None);
                }
                let text = format_number(*x);
                class_of(&text).map(Some).ok_or_else(|| bad(r, text))
            })
            .collect(),
        (ColumnValues::Codes { codes, levels }, _) => {
            let by_level: Vec<Option<bool>> = levels.iter().map(|l| class_of(l)).collect();
            codes
                .iter()
                .enumerate()
                .map(|(r, &c)| {
                    if c == MISSING_CODE {
                        return Ok(None);
                    }
                    by_level[c as usize]
                        .map(Some)
                        .ok_or_else(|| bad(r, levels[c as usize].clone()))
                })
                .collect()
        }
    }
}

/// A table of the `features` columns holding `source_rows` of the source
/// then `target_rows` of the target: only what the pipeline fit reads.
fn combined_table(
    source: &Table,
    source_rows: &[usize],
    target: &Table,
    target_rows: &[usize],
    features: &[&str],
) -> Table {
    let n_rows = source_rows.len() + target_rows.len();
    let mut columns = Vec::with_capacity(features.len());
    for name in features {
        let (Some(s), Some(t)) = (source.column(name), target.column(name)) else {
            continue;
        };
        let values = match (&s.values, &t.values) {
            (ColumnValues::Numbers(a), ColumnValues::Numbers(b)) => {
                let mut v = Vec::with_capacity(n_rows);
                v.extend(source_rows.iter().map(|&r| a[r]));
                v.extend(target_rows.iter().map(|&r| b[r]));
                ColumnValues::Numbers(v)
            }
            (ColumnValues::Codes { codes: a, levels: la }, ColumnValues::Codes { codes: b, levels: lb }) => {
                let mut levels = la.clone();
                // Booleans: code 0 is false and 1 true in both, whatever the spelling.
                let map: Vec<u32> = if s.kind == ColumnKind::Boolean {
                    (0..lb.len() as u32).collect()
                } else {
                    let mut index: HashMap<&str, u32> =
                        la.iter().enumerate().map(|(i, l)| (l.as_str(), i as u32)).collect();
                    lb.iter()
                        .map(|l| {
                            *index.entry(l.as_str()).or_insert_with(|| {
                                levels.push(l.clone());
                                (levels.len() - 1) as u32
                            })
                        })
                        .collect()
                };
                let mut codes = Vec::with_capacity(n_rows);
                codes.extend(source_rows.iter().map(|&r| a[r]));
                codes.extend(target_rows.iter().map(|&r| match b[r] {
                    MISSING_CODE => MISSING_CODE,
                    c => map[c as usize],
                }));
                ColumnValues::Codes { codes, levels }
            }
            // Same kind implies the same storage; anything else is not shared.
            _ => continue,
        };
        columns.push(Column {
            name: name.to_string(),
            kind: s.kind,
            values,
        });
    }
    Table { columns, n_rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{read_csv, ReadOptions};

    fn table(csv: &str) -> Table {
        read_csv(csv.as_bytes(), &ReadOptions::default()).unwrap()
    }

    fn source() -> Table {
        // 12 rows, 4 bad; `extra` only here; `state` categorical.
        let mut s = String::from("amount,state,extra,Class\n");
        for i in 0..12 {
            let st = ["CA", "NY", "TX"][i % 3];
            let class = if i % 3 == 0 { "bad" } else { "good" };
            s += &format!("{},{st},{},{class}\n", 10 + i, i * 2);
        }
        table(&s)
    }

    fn target(labelled: usize) -> Table {
        // 20 rows; `newcol` only here; state has a level the source lacks;
        // the first `labelled` rows have labels, alternately bad / good.
        let mut s = String::from("state,amount,newcol,Class\n");
        for i in 0..20 {
            let st = ["CA", "WA"][i % 2];
            let class = if i >= labelled {
                ""
            } else if i % 2 == 0 {
                "bad"
            } else {
                "good"
            };
            s += &format!("{st},{},{},{class}\n", 100 + i, i % 4);
        }
        table(&s)
    }

    fn params() -> TransferDataParams {
        TransferDataParams {
            label: "Class".into(),
            ..Default::default()
        }
    }

    #[test]
    fn aligns_columns_and_reports_coverage() {
        let d = prepare_transfer(&source(), &target(20), &params()).unwrap();
        let a = &d.alignment;
        assert_eq!(a.shared, vec!["amount", "state"]);
        assert_eq!(a.only_in_source, vec!["extra"]);
        assert_eq!(a.only_in_target, vec!["newcol"]);
        assert!(a.kind_mismatches.is_empty());
        assert_eq!(
            (
                a.label.positive.as_str(),
                a.label.source_labelled,
                a.label.source_positives
            ),
            ("bad", 12, 4)
        );
        assert_eq!((a.label.target_labelled, a.label.target_positives), (20, 10));
        // Features: amount, state=CA, NY, TX (source), WA (target adaptation rows).
        assert_eq!(d.pipeline.feature_names[0], "amount");
        assert!(d.pipeline.feature_names.iter().any(|f| f == "state=WA"));
        assert_eq!(d.x_source.dim(), (12, d.pipeline.n_features()));
        assert_eq!(d.y_source.iter().filter(|&&y| y).count(), 4);
    }

    #[test]
    fn target_split_is_stratified_disjoint_and_covers_all_rows() {
        let d = prepare_transfer(&source(), &target(20), &params()).unwrap();
        let r = &d.target_rows;
        // 10 per class: test round(3) = 3, val round(1.5) = 2 per class.
        assert_eq!((r.test.len(), r.val.len(), r.adapt.len()), (6, 4, 10));
        assert_eq!(d.y_target_test.iter().filter(|&&y| y).count(), 3);
        assert_eq!(d.y_target_val.iter().filter(|&&y| y).count(), 2);
        let mut all: Vec<usize> = r.adapt.iter().chain(&r.val).chain(&r.test).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..20).collect::<Vec<_>>());
        // Labels follow the rows: even rows are bad.
        for (row, y) in r.test.iter().zip(&d.y_target_test) {
            assert_eq!(*y, row % 2 == 0);
        }
        assert_eq!(d.x_target_test.nrows(), 6);
    }

    #[test]
    fn pipeline_is_fitted_on_source_and_adaptation_rows_only() {
        let d = prepare_transfer(&source(), &target(20), &params()).unwrap();
        // Mean of amount over source (10..=21) and the adaptation rows (100 + row).
        let mut vals: Vec<f64> = (10..22).map(f64::from).collect();
        vals.extend(d.target_rows.adapt.iter().map(|&r| 100.0 + r as f64));
        let mean = vals.iter().sum::<f64>() / vals.len() as f64;
        match &d.pipeline.inputs[0].step {
            crate::pipeline::ColumnStep::Number { center, .. } => assert!((center - mean).abs() < 1e-9),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unlabelled_target_rows_join_adaptation() {
        // 8 labelled rows (4 per class): test 1, val 1 per class; 12 unlabelled.
        let d = prepare_transfer(&source(), &target(8), &params()).unwrap();
        assert_eq!(d.target_rows.test.len(), 2);
        assert_eq!(d.target_rows.val.len(), 2);
        assert_eq!(d.target_rows.adapt.len(), 16);
        assert!((8..20).all(|r| d.target_rows.adapt.contains(&r)));
        // No labels at all: everything adapts, with a warning.
        let d = prepare_transfer(&source(), &target(0), &params()).unwrap();
        assert_eq!(d.target_rows.adapt.len(), 20);
        assert!(d.target_rows.test.is_empty() && d.x_target_val.nrows() == 0);
        assert!(d.warnings.iter().any(|w| w.contains("no labels")));
    }

    #[test]
    fn too_few_target_labels_says_how_many() {
        let e = prepare_transfer(&source(), &target(6), &params()).unwrap_err();
        assert!(matches!(
            e,
            TransferError::TooFewTargetLabels {
                positives: 3,
                negatives: 3,
                needed: 4,
                ..
            }
        ));
        assert_eq!(
            e.to_string(),
            "transfer: the target file has 3 labelled rows of class \"bad\" and 3 of \"good\"; a validation part (15 %) and a test part (30 %) holding both classes need at least 4 labelled rows of each class; label more target rows, lower the shares, or remove the target labels to adapt without a target test"
        );
        assert_eq!(min_per_class(0.0, 0.3), 2);
        assert_eq!(min_per_class(0.0, 0.0), 0);
    }

    #[test]
    fn clear_errors() {
        let src = source();
        let p = params();
        assert!(matches!(
            prepare_transfer(
                &src,
                &target(20),
                &TransferDataParams {
                    label: "nope".into(),
                    ..p.clone()
                }
            ),
            Err(TransferError::LabelNotInSource { .. })
        ));
        let one = table("a,Class\n1,x\n2,x\n");
        assert!(matches!(
            prepare_transfer(&one, &target(20), &p),
            Err(TransferError::SourceLabel(LabelError::OneClass { .. }))
        ));
        let disjoint = table("zzz,Class\n1,bad\n2,good\n");
        let e = prepare_transfer(&src, &disjoint, &p).unwrap_err();
        assert!(
            matches!(e, TransferError::NoSharedColumns { only_in_source: 3, .. }),
            "{e}"
        );
        let strange = table("amount,state,Class\n1,CA,bad\n2,CA,awful\n");
        let e = prepare_transfer(&src, &strange, &p).unwrap_err();
        assert_eq!(
            e.to_string(),
            "transfer: target file, row 2, label column \"Class\": \"awful\" is neither the positive class \"bad\" nor the negative class \"good\" of the source"
        );
        assert!(matches!(
            prepare_transfer(
                &src,
                &target(20),
                &TransferDataParams {
                    target_val: 0.5,
                    target_test: 0.5,
                    ..p.clone()
                }
            ),
            Err(TransferError::BadShares { .. })
        ));
        let mut logp = p.clone();
        logp.pipeline.log = vec!["extra".into()];
        assert!(matches!(
            prepare_transfer(&src, &target(20), &logp),
            Err(TransferError::LogColumnNotShared { .. })
        ));
        let mut dropp = p.clone();
        dropp.pipeline.drop = vec!["typo".into()];
        assert!(matches!(
            prepare_transfer(&src, &target(20), &dropp),
            Err(TransferError::UnknownColumn { option: "drop", .. })
        ));
    }

    #[test]
    fn kind_mismatch_is_reported_and_left_out() {
        // `state` is numeric in this target.
        let t = table("state,amount,Class\n1,5,bad\n2,6,good\n3,7,bad\n4,8,good\n");
        let p = TransferDataParams {
            target_val: 0.0,
            target_test: 0.0,
            ..params()
        };
        let d = prepare_transfer(&source(), &t, &p).unwrap();
        assert_eq!(
            d.alignment.kind_mismatches,
            vec![KindMismatch {
                name: "state".into(),
                source: ColumnKind::Categorical,
                target: ColumnKind::Numeric
            }]
        );
        assert_eq!(d.pipeline.feature_names, vec!["amount"]);
    }

    #[test]
    fn lending_club_term36_to_term60() {
        let read = |f: &str| {
            let bytes = std::fs::read(format!("{}/data/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap();
            read_csv(&bytes, &ReadOptions::default()).unwrap()
        };
        let (s, t) = (
            read("lending_club_source_term36.csv"),
            read("lending_club_target_term60.csv"),
        );
        let p = TransferDataParams {
            positive: PositiveClass::Value("bad".into()),
            ..params()
        };
        let d = prepare_transfer(&s, &t, &p).unwrap();
        let a = &d.alignment;
        assert!(a.only_in_source.is_empty() && a.only_in_target.is_empty(), "{a:?}");
        assert_eq!(a.shared.len(), 21);
        assert_eq!((a.label.source_labelled, a.label.target_labelled), (7047, 2810));
        let n = d.pipeline.n_features();
        assert_eq!(d.x_source.dim(), (7047, n));
        let parts = d.x_target_adapt.nrows() + d.x_target_val.nrows() + d.x_target_test.nrows();
        assert_eq!(parts, 2810);
        // Stratified: each part's bad share is the target's, to rounding.
        let share = |y: &[bool]| y.iter().filter(|&&v| v).count() as f64 / y.len() as f64;
        let whole = a.label.target_positives as f64 / 2810.0;
        assert!((share(&d.y_target_test) - whole).abs() < 0.01);
        assert!((share(&d.y_target_val) - whole).abs() < 0.01);
        assert!((d.x_target_test.nrows() as f64 / 2810.0 - 0.30).abs() < 0.01);
        assert!(d.x_source.iter().chain(d.x_target_test.iter()).all(|v| v.is_finite()));
    }
}
