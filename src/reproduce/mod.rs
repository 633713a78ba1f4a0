//! "Reproduce in Python": a saved run written out as a self-contained
//! scikit-learn script (and the same as a Jupyter notebook), and as a
//! PySpark MLlib script for the logistic model. Each reads the CSV, takes
//! the same split rows, refits the same pipeline and model settings and
//! prints the same metrics.
//!
//! The model file holds the settings but not the split's rows, so they are
//! recomputed from the training CSV with the saved config and seed
//! ([`split_rows`]; checked against the saved training fingerprint) and
//! embedded as 0-based data-row indices. Text in, text out: no files here.

mod pyspark;
mod python;

use crate::data::table::{ColumnKind, Table};
use crate::data::{PositiveClass, ReadOptions};
use crate::experiment::{self, ExperimentError, ModelSpec};
use crate::model_file::ModelFile;
use crate::pipeline::{Encoding, Imputation};
pub use pyspark::pyspark_script;
use python::{py_list, py_str};

/// Why a run cannot be written as a script.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReproduceError {
    /// The CSV could not be labelled or split as the run was.
    #[error("{0}")]
    Split(#[from] ExperimentError),
    /// The CSV splits into other training rows than the model's.
    #[error("this file gives {rows} training rows with {positives} positive, but the model was trained on {want_rows} with {want_positives}; is it the file the model was trained on?")]
    OtherFile {
        rows: usize,
        positives: usize,
        want_rows: usize,
        want_positives: usize,
    },
    /// The model file's config does not list the model's settings.
    #[error("the model file's config has no settings for \"{0}\"")]
    NoSpec(String),
    /// The PySpark script reproduces logistic regression only.
    #[error("the PySpark script reproduces logistic regression; \"{0}\" is a {1} model: export it as ONNX (ONNX Runtime scores it, in Spark too) or as a scikit-learn script")]
    NotLogistic(String, &'static str),
}

/// The 0-based data rows of each part of a run's split, in the order the
/// models saw them.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitRows {
    pub train: Vec<usize>,
    pub val: Vec<usize>,
    pub test: Vec<usize>,
}

/// The split rows of the run that made `file`, recomputed from the training
/// CSV `table` with the saved config and seed, and checked against the
/// saved number of training rows and positives.
pub fn split_rows(file: &ModelFile, table: &Table) -> Result<SplitRows, ReproduceError> {
    let table = experiment::checked_table(table, &file.config)?;
    let (label, split) = experiment::label_and_split(&table, &file.config)?;
    let rows = |part: &[usize]| part.iter().map(|&i| label.rows[i]).collect::<Vec<_>>();
    let positives = split.train.iter().filter(|&&i| label.y[i]).count();
    if split.train.len() != file.training.rows || positives != file.training.positives {
        return Err(ReproduceError::OtherFile {
            rows: split.train.len(),
            positives,
            want_rows: file.training.rows,
            want_positives: file.training.positives,
        });
    }
    Ok(SplitRows {
        train: rows(&split.train),
        val: rows(&split.val),
        test: rows(&split.test),
    })
}

/// The spec in the file's config that made its model (matched by display
/// name; a run's models have distinct names).
fn spec_of(file: &ModelFile) -> Result<&ModelSpec, ReproduceError> {
    file.config
        .models
        .iter()
        .find(|s| s.name() == file.name)
        .or_else(|| (file.config.models.len() == 1).then(|| &file.config.models[0]))
        .ok_or_else(|| ReproduceError::NoSpec(file.name.clone()))
}

/// The settings block both scripts share, as `(placeholder, Python)` pairs.
fn settings(file: &ModelFile, rows: &SplitRows, data_name: &str) -> Vec<(&'static str, String)> {
    let p = &file.pipeline.params;
    let kind_name = |k: ColumnKind| match k {
        ColumnKind::Numeric => "numeric",
        ColumnKind::DateTime => "datetime",
        ColumnKind::Boolean => "boolean",
        ColumnKind::Categorical | ColumnKind::Text => "categorical",
    };
    let columns: Vec<String> = file
        .pipeline
        .inputs
        .iter()
        .map(|i| format!("({}, {:?})", py_str(&i.name), kind_name(i.kind)))
        .collect();
    let log: Vec<String> = p
        .log
        .iter()
        .map(|c| format!("{}: {:?}", py_str(c), p.log_eps))
        .collect();
    let above = match &file.config.positive {
        PositiveClass::Above(t) => format!("{t:?}"),
        _ => "None".into(),
    };
    let missing: Vec<String> = ReadOptions::default()
        .missing_markers
        .iter()
        .map(|m| py_str(m))
        .collect();
    vec![
        ("__NAME__", file.name.replace('\n', " ")),
        ("__VERSION__", file.rareclass_version.clone()),
        ("__DATA__", py_str(data_name)),
        ("__LABEL__", py_str(&file.label)),
        ("__POSITIVE__", py_str(&file.positive_class)),
        ("__NEGATIVE__", py_str(&file.negative_class)),
        ("__ABOVE__", above),
        ("__THRESHOLD__", format!("{:?}", file.threshold)),
        ("__SEED__", file.seed.to_string()),
        ("__MISSING__", format!("[{}]", missing.join(", "))),
        ("__COLUMNS__", py_list(&columns, 4)),
        ("__LOG__", format!("{{{}}}", log.join(", "))),
        (
            "__IMPUTE__",
            match p.impute {
                Imputation::Mean => "\"mean\"",
                Imputation::Median => "\"median\"",
                Imputation::MostFrequent => "\"most_frequent\"",
            }
            .into(),
        ),
        ("__INDICATOR__", py_bool(p.missing_indicator)),
        (
            "__ENCODING__",
            match p.encoding {
                Encoding::OneHot => "\"one_hot\"",
                Encoding::Label => "\"label\"",
            }
            .into(),
        ),
        ("__STANDARDIZE__", py_bool(p.standardize)),
        ("__CLIP__", p.clip.map_or("None".into(), |c| format!("{c:?}"))),
        ("__TRAIN_ROWS__", index_list(&rows.train)),
        ("__VAL_ROWS__", index_list(&rows.val)),
        ("__TEST_ROWS__", index_list(&rows.test)),
    ]
}

fn py_bool(b: bool) -> String {
    if b { "True" } else { "False" }.into()
}

/// Row indices as a Python list, 20 to a line.
fn index_list(rows: &[usize]) -> String {
    let items: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
    py_list(&items, 20)
}

/// `template` with each placeholder replaced.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (k, v) in values {
        out = out.replace(k, v);
    }
    out
}

/// The scikit-learn script (percent-format cells, so jupytext opens it as
/// a notebook); `script_name` is what its usage line calls it, `data_name`
/// the CSV it reads by default.
pub fn sklearn_script(
    file: &ModelFile,
    rows: &SplitRows,
    data_name: &str,
    script_name: &str,
) -> Result<String, ReproduceError> {
    let spec = spec_of(file)?;
    let model = python::sklearn_model(spec);
    let mut values = settings(file, rows, data_name);
    values.push(("__SCRIPT__", script_name.to_string()));
    values.push(("__MODEL_NOTE__", model.note));
    values.push(("__MODEL_IMPORTS__", model.imports));
    values.push(("__MODEL_CODE__", model.code));
    Ok(fill(include_str!("sklearn.py"), &values))
}

/// The scikit-learn script as a Jupyter notebook (nbformat 4): one cell per
/// `# %%` block, markdown cells from `# %% [markdown]` blocks.
pub fn notebook(file: &ModelFile, rows: &SplitRows, data_name: &str) -> Result<String, ReproduceError> {
    let script = sklearn_script(file, rows, data_name, "this notebook")?;
    Ok(python::notebook_of(&script))
}

#[cfg(test)]
mod tests;
