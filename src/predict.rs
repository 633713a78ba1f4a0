//! Scoring a new table with a saved model: columns matched by name and read
//! as the training schema's kinds, the fitted pipeline replayed (missing
//! values imputed as in training, unseen categories counted), the model's
//! score and the label at the saved threshold for every row, and — when the
//! table has the label column — the metrics at that threshold.
//! Knows nothing of files, CSV syntax, terminals or the browser.

use crate::data::table::{format_number, Column, ColumnKind, Table};
use crate::data::{self, DataError, DataErrorKind, PositiveClass};
use crate::metrics::{evaluate, Evaluation, MetricsError};
use crate::model_file::ModelFile;
use crate::models::Classifier;
use crate::pipeline::PipelineError;
use serde::Serialize;
use std::borrow::Cow;

/// Why a table could not be scored.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PredictError {
    /// Columns the model reads are not in the table (all of them named);
    /// `present` is how many of the model's columns the table does have.
    #[error(
        "the model needs {} {}, which this file does not have{}",
        if names.len() == 1 { "column" } else { "columns" },
        quoted(names),
        if *present == 0 { "; it has none of the model's columns: is it the kind of data the model was trained on?" } else { "" }
    )]
    MissingColumns { names: Vec<String>, present: usize },
    /// A cell of a feature column cannot be read as the column's training kind.
    #[error(
        "column \"{column}\" was {expected} in training, but data row {row} has {value:?}; fix or empty that cell"
    )]
    BadCell {
        column: String,
        expected: ColumnKind,
        /// 1-based data row.
        row: usize,
        value: String,
    },
    /// A column cannot be read as the kind it had in training (other than a bad cell).
    #[error("column \"{column}\" was {expected} in training: {source}")]
    Kind {
        column: String,
        expected: ColumnKind,
        source: DataError,
    },
    /// A label cell is neither of the two training classes.
    #[error("label column \"{column}\" has {value:?} on data row {row}, which is neither {positive:?} nor {negative:?} as in training")]
    LabelValue {
        column: String,
        /// 1-based data row.
        row: usize,
        value: String,
        positive: String,
        negative: String,
    },
    /// The model gave a score that is not a number (weights so large that
    /// the arithmetic overflows: a damaged or hand-edited file).
    #[error(
        "the model gives no score for data row {row} (its arithmetic overflows to {value}); is the model file damaged?"
    )]
    NoScore {
        /// 1-based data row.
        row: usize,
        value: f64,
    },
    /// The pipeline could not be replayed.
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    /// The metrics of the labelled rows could not be computed (a score is not finite).
    #[error("scores of the labelled rows: {0}")]
    Metrics(#[from] MetricsError),
}

/// `"a", "b", "c"`.
fn quoted(names: &[String]) -> String {
    names.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ")
}

/// What scoring found, without the per-row values: what the CLI prints and
/// writes as its report, and what the page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreSummary {
    /// The model's display name.
    pub model: String,
    /// Rows scored (every row of the table).
    pub rows: usize,
    /// Rows with `score >= threshold`.
    pub predicted_positive: usize,
    /// The saved threshold.
    pub threshold: f64,
    pub positive_class: String,
    pub negative_class: String,
    /// Table columns the model does not read (neither a feature nor the label).
    pub ignored_columns: Vec<String>,
    /// Feature columns read as another kind than the file's inferred one,
    /// to match training: `(column, inferred, used)`.
    pub converted_columns: Vec<(String, ColumnKind, ColumnKind)>,
    /// Per categorical feature, rows with a category unseen in training
    /// (encoded as none of the known categories).
    pub unseen_categories: Vec<(String, usize)>,
    /// Whether the table has the label column.
    pub has_label: bool,
    /// Rows whose label cell is empty (scored, not evaluated).
    pub missing_labels: usize,
    /// Metrics of the labelled rows at the saved threshold; `None` when the
    /// table has no label column or no labelled row.
    pub evaluation: Option<Evaluation>,
}

/// A scored table.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// `scores[r]` is the model's probability of the positive class for
    /// table row `r` (0-based; data row `r + 1`).
    pub scores: Vec<f64>,
    /// `positive[r]` is `scores[r] >= threshold`.
    pub positive: Vec<bool>,
    /// `labels[r]` is row `r`'s true class (`None` = empty label cell);
    /// empty when the table has no label column.
    pub labels: Vec<Option<bool>>,
    pub summary: ScoreSummary,
}

impl Scored {
    /// The class name predicted for row `r`.
    pub fn class_of(&self, r: usize) -> &str {
        if self.positive[r] {
            &self.summary.positive_class
        } else {
            &self.summary.negative_class
        }
    }

    /// The labelled rows' true classes and scores, in row order (what the
    /// summary's metrics were computed from).
    pub fn labelled(&self) -> (Vec<bool>, Vec<f64>) {
        self.labels
            .iter()
            .zip(&self.scores)
            .filter_map(|(l, &s)| l.map(|y| (y, s)))
            .unzip()
    }

    /// The predictions as CSV text: a header `row,[id,]score,label`, then one
    /// line per table row — the 1-based data row, the `id` column's cell
    /// when given, the score in Rust's shortest round-trip form (reads back
    /// bit-identical) and the predicted class. Text that a spreadsheet would
    /// run as a formula gets a leading `'` ([`csv_field`]); fields holding a
    /// comma, quote or line break are quoted. The same layout `rareclass
    /// predict` writes.
    pub fn to_csv(&self, id: Option<&Column>) -> String {
        let mut out = String::with_capacity(self.scores.len() * 32);
        match id {
            Some(c) => out += &format!("row,{},score,label\n", csv_field(&c.name)),
            None => out += "row,score,label\n",
        }
        for (r, score) in self.scores.iter().enumerate() {
            out += &(r + 1).to_string();
            if let Some(c) = id {
                out.push(',');
                out += &csv_field(&c.cell_text(r).unwrap_or_default());
            }
            out += &format!(",{score},{}\n", csv_field(self.class_of(r)));
        }
        out
    }
}

/// A CSV field safe to open in a spreadsheet: text starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'` so Excel,
/// LibreOffice and Google Sheets show it instead of running it as a
/// formula (OWASP's advice for CSV injection), unless the whole field is a
/// number (`-3`, `+1.5e3`), which stays a number; then quoted when it holds
/// a comma, quote or line break.
pub fn csv_field(s: &str) -> Cow<'_, str> {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !s.parse::<f64>().is_ok_and(f64::is_finite);
    let s: Cow<str> = if formula { format!("'{s}").into() } else { s.into() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s
    }
}

/// Scores every row of `table` with `file`'s pipeline and model.
///
/// Columns are matched by name, in any order; the model's feature columns
/// must all be present (else [`PredictError::MissingColumns`] naming each)
/// and readable as their training kind (a numeric column the reader took as
/// categorical because of one stray cell is an error naming that cell).
/// Other columns are ignored and listed. A row is predicted positive when
/// its score is at or above the saved threshold. If the label column is
/// present, its cells must be one of the two training classes (or empty,
/// then the row is scored but not evaluated); the metrics of the labelled
/// rows are in the summary.
///
/// ```
/// use rareclass::data::{read_csv, ReadOptions};
/// use rareclass::experiment::{run, ExperimentConfig};
/// use rareclass::model_file::ModelFile;
/// use rareclass::predict::score_table;
/// use rareclass::progress::Silent;
///
/// fn example() -> Result<(), Box<dyn std::error::Error>> {
///     let mut csv = String::from("x,y\n");
///     for i in 0..50 {
///         csv += &format!("{i},{}\n", (i >= 40) as u8);
///     }
///     let table = read_csv(csv.as_bytes(), &ReadOptions::default())?;
///     let config = ExperimentConfig { label: "y".into(), ..Default::default() };
///     let saved = ModelFile::from_run(&run(&table, &config, &mut Silent)?, 0).ok_or("no model")?.to_json();
///
///     let model = ModelFile::from_json(&saved)?;
///     let new = read_csv(b"x,comment\n3,low\n48,high\n", &ReadOptions::default())?;
///     let scored = score_table(&model, &new)?;
///     assert!(scored.scores[1] > scored.scores[0]);
///     assert_eq!(scored.summary.ignored_columns, ["comment"]);
///     assert_eq!(scored.class_of(1), "1");
///     Ok(())
/// }
/// example().unwrap();
/// ```
pub fn score_table(file: &ModelFile, table: &Table) -> Result<Scored, PredictError> {
    let pipeline = &file.pipeline;
    let missing: Vec<String> = pipeline
        .inputs
        .iter()
        .filter(|i| table.column(&i.name).is_none())
        .map(|i| i.name.clone())
        .collect();
    if !missing.is_empty() {
        return Err(PredictError::MissingColumns {
            present: pipeline.inputs.len() - missing.len(),
            names: missing,
        });
    }
    // Read each feature column as it was read in training.
    let mut converted_columns = Vec::new();
    let mut table = Cow::Borrowed(table);
    for input in &pipeline.inputs {
        let Some(i) = table.column_index(&input.name) else {
            continue;
        };
        let found = table.columns[i].kind;
        if found != input.kind {
            let col = data::convert_column(&table.columns[i], input.kind).map_err(|source| match source.kind() {
                DataErrorKind::BadCell { row, value, .. } => PredictError::BadCell {
                    column: input.name.clone(),
                    expected: input.kind,
                    row: *row,
                    value: value.clone(),
                },
                _ => PredictError::Kind {
                    column: input.name.clone(),
                    expected: input.kind,
                    source,
                },
            })?;
            table.to_mut().columns[i] = col;
            converted_columns.push((input.name.clone(), found, input.kind));
        }
    }
    let rows: Vec<usize> = (0..table.n_rows).collect();
    let (x, notes) = pipeline.transform(&table, &rows)?;
    let scores = file.model.predict_proba(x.view()).to_vec();
    if let Some(r) = scores.iter().position(|s| !(0.0..=1.0).contains(s)) {
        return Err(PredictError::NoScore {
            row: r + 1,
            value: scores[r],
        });
    }
    let positive: Vec<bool> = scores.iter().map(|&s| s >= file.threshold).collect();
    let ignored_columns = table
        .columns
        .iter()
        .filter(|c| c.name != file.label && !pipeline.inputs.iter().any(|i| i.name == c.name))
        .map(|c| c.name.clone())
        .collect();

    let mut missing_labels = 0;
    let mut evaluation = None;
    let has_label = table.column(&file.label).is_some();
    let labels = known_labels(file, &table)?.unwrap_or_default();
    if has_label {
        let (mut y, mut s) = (Vec::new(), Vec::new());
        for (r, &label) in labels.iter().enumerate() {
            match label {
                Some(v) => {
                    y.push(v);
                    s.push(scores[r]);
                }
                None => missing_labels += 1,
            }
        }
        if !y.is_empty() {
            evaluation = Some(evaluate(&y, &s, file.threshold)?);
        }
    }
    let summary = ScoreSummary {
        model: file.name.clone(),
        rows: scores.len(),
        predicted_positive: positive.iter().filter(|&&p| p).count(),
        threshold: file.threshold,
        positive_class: file.positive_class.clone(),
        negative_class: file.negative_class.clone(),
        ignored_columns,
        converted_columns,
        unseen_categories: notes.unknown_categories,
        has_label,
        missing_labels,
        evaluation,
    };
    Ok(Scored {
        scores,
        positive,
        labels,
        summary,
    })
}

/// The class of each row (`None` = empty cell) when the table has the label
/// column, read the way training read it: a numeric label cut at a
/// threshold is cut again; otherwise each cell must be one of the two
/// training classes (ASCII case ignored, `1.0` = `1` for numbers).
fn known_labels(file: &ModelFile, table: &Table) -> Result<Option<Vec<Option<bool>>>, PredictError> {
    let Some(col) = table.column(&file.label) else {
        return Ok(None);
    };
    let mut out = Vec::with_capacity(table.n_rows);
    for r in 0..table.n_rows {
        if col.is_missing(r) {
            out.push(None);
            continue;
        }
        if let (PositiveClass::Above(t), Some(v)) = (&file.config.positive, col.numbers()) {
            out.push(Some(v[r] > *t));
            continue;
        }
        let text = col.cell_text(r).unwrap_or_default();
        let same = |class: &str| {
            class.eq_ignore_ascii_case(text.trim())
                || text
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .is_some_and(|x| format_number(x) == class)
        };
        if same(&file.positive_class) {
            out.push(Some(true));
        } else if same(&file.negative_class) {
            out.push(Some(false));
        } else {
            return Err(PredictError::LabelValue {
                column: file.label.clone(),
                row: r + 1,
                value: text,
                positive: file.positive_class.clone(),
                negative: file.negative_class.clone(),
            });
        }
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{read_csv, ReadOptions};
    use crate::experiment::{run, ExperimentConfig};
    use crate::progress::Silent;

    fn table(csv: &str) -> Table {
        read_csv(csv.as_bytes(), &ReadOptions::default()).unwrap()
    }

    /// A small file with signal: y is 1 exactly when x is large.
    fn trained() -> ModelFile {
        let mut csv = String::from("x,c,y\n");
        for i in 0..40 {
            let c = ["a", "b"][i % 2];
            csv += &format!("{i},{c},{}\n", (i >= 30) as u8);
        }
        let config = ExperimentConfig {
            label: "y".into(),
            split: data::SplitFractions {
                train: 1.0,
                val: 0.0,
                test: 0.0,
            },
            ..Default::default()
        };
        ModelFile::from_run(&run(&table(&csv), &config, &mut Silent).unwrap(), 0).unwrap()
    }

    #[test]
    fn missing_columns_are_all_named() {
        let e = score_table(&trained(), &table("z\n1\n")).unwrap_err();
        assert!(
            matches!(&e, PredictError::MissingColumns { names, present: 0 } if names == &["x", "c"]),
            "{e:?}"
        );
        assert!(e
            .to_string()
            .starts_with("the model needs columns \"x\", \"c\", which this file does not have; it has none"));
        let e = score_table(&trained(), &table("c\na\n")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the model needs column \"x\", which this file does not have"
        );
    }

    #[test]
    fn label_optional_extra_columns_listed_unseen_counted() {
        let s = score_table(&trained(), &table("note,c,x\nhi,a,1\nho,zz,39\nhu,zz,2\n")).unwrap();
        assert_eq!(s.scores.len(), 3);
        assert!(s.scores[1] > s.scores[0]);
        assert_eq!(s.positive, s.scores.iter().map(|&p| p >= 0.5).collect::<Vec<_>>());
        assert_eq!(s.summary.ignored_columns, vec!["note"]);
        assert_eq!(s.summary.unseen_categories, vec![("c".to_string(), 2)]);
        assert!(!s.summary.has_label && s.summary.evaluation.is_none());
    }

    #[test]
    fn label_present_gives_metrics_and_bad_label_is_named() {
        let s = score_table(&trained(), &table("x,c,y\n1,a,0\n39,b,1\n5,a,\n")).unwrap();
        let e = s.summary.evaluation.as_ref().unwrap();
        assert_eq!((e.rows, e.positives), (2, 1));
        assert_eq!(s.summary.missing_labels, 1);
        let e = score_table(&trained(), &table("x,c,y\n1,a,0\n39,b,7\n")).unwrap_err();
        assert!(matches!(e, PredictError::LabelValue { row: 2, .. }), "{e:?}");
    }

    #[test]
    fn a_stray_text_cell_in_a_numeric_feature_is_an_error_naming_it() {
        let e = score_table(&trained(), &table("x,c\n1,a\noops,b\n")).unwrap_err();
        assert!(
            matches!(&e, PredictError::BadCell { column, row: 2, .. } if column == "x"),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            "column \"x\" was numeric in training, but data row 2 has \"oops\"; fix or empty that cell"
        );
    }

    #[test]
    fn predictions_csv_layout_and_quoting() {
        let t = table("id,x,c\n\"a,1\",1,a\nplain,39,b\n");
        let s = score_table(&trained(), &t).unwrap();
        let csv = s.to_csv(t.column("id"));
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "row,id,score,label");
        // The id holding a comma is quoted again; the score reads back exactly.
        assert!(lines[1].starts_with("1,\"a,1\","), "{}", lines[1]);
        let score: f64 = lines[2].split(',').nth(2).unwrap().parse().unwrap();
        assert_eq!(score, s.scores[1]);
        assert_eq!(lines[2].split(',').nth(3), Some(if s.positive[1] { "1" } else { "0" }));
        assert_eq!(s.to_csv(None).lines().next(), Some("row,score,label"));
        // No label column: nothing labelled.
        assert_eq!(s.labelled(), (vec![], vec![]));
    }
}
