//! The preparation pipeline: which columns become features and how (log,
//! impute, missing indicator, one-hot or label encoding, standardise, clip),
//! fitted on the training rows only and replayed, by column name, on any
//! table with those columns. Serialisable, so it is saved with the model.
//! Knows nothing of models or training.
//!
//! Per column, the steps run in this order:
//! - numeric, datetime (seconds), boolean (0/1): `log(x + eps)` if asked →
//!   impute missing (mean / median / most frequent of the training rows) →
//!   optional missing-indicator feature → standardise (population std, as
//!   scikit-learn's `StandardScaler`; a constant column is only centred) →
//!   clip to `±k`;
//! - categorical: missing → the training rows' most frequent category;
//!   one-hot (one feature per training category, an unseen category gives all
//!   zeros and is counted) or label encoding (the category's index, then
//!   standardised like a number; unseen → -1 before scaling);
//! - text columns are left out unless their kind is changed.

use crate::data::table::{format_number, Column, ColumnKind, ColumnValues, Table, MISSING_CODE};
use ndarray::Array2;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How missing numbers are filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Imputation {
    /// The mean of the training rows. The default.
    #[default]
    Mean,
    /// The median of the training rows.
    Median,
    /// The most frequent training value (the smallest on a tie, as scikit-learn).
    MostFrequent,
}

/// How categorical columns become numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// One 0/1 feature per category seen in training. The default.
    #[default]
    OneHot,
    /// One feature: the category's index in order of first appearance.
    Label,
}

/// What the pipeline does; checked and fitted by [`PipelineParams::fit`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PipelineParams {
    /// Columns never used as features. Defaults to none.
    pub drop: Vec<String>,
    /// Columns to replace by `ln(x + log_eps)`. Defaults to none.
    pub log: Vec<String>,
    /// The `eps` of the log transform, in `(0, inf)`. Defaults to `0.001`
    /// (the tutorial's `log(Amount + 0.001)`).
    pub log_eps: f64,
    /// Fill for missing numbers. Defaults to the mean.
    pub impute: Imputation,
    /// Add a 0/1 "was missing" feature for every column with missing
    /// training values. Defaults to `false`.
    pub missing_indicator: bool,
    /// Categorical encoding. Defaults to one-hot.
    pub encoding: Encoding,
    /// Standardise numeric features to mean 0, std 1. Defaults to `true`.
    pub standardize: bool,
    /// After standardising, clip to `±clip`; `None` for no clipping, else in
    /// `(0, inf)`. Defaults to `Some(5.0)`, as the tutorial.
    pub clip: Option<f64>,
}

impl Default for PipelineParams {
    fn default() -> Self {
        PipelineParams {
            drop: Vec::new(),
            log: Vec::new(),
            log_eps: 0.001,
            impute: Imputation::Mean,
            missing_indicator: false,
            encoding: Encoding::OneHot,
            standardize: true,
            clip: Some(5.0),
        }
    }
}

/// Why a pipeline could not be fitted or applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    #[error("column \"{name}\" named in --{option} is not in the file")]
    UnknownColumn { name: String, option: &'static str },
    #[error("log_eps must be a positive finite number, got {0}")]
    BadLogEps(f64),
    #[error("clip must be a positive number, got {0}")]
    BadClip(f64),
    #[error("column \"{name}\" is {kind}; only numeric columns can be log-transformed")]
    LogNotNumeric { name: String, kind: ColumnKind },
    #[error("column \"{name}\" has values at or below -{eps} (smallest {min}), so log(x + {eps}) is undefined; leave it out of --log")]
    LogDomain { name: String, eps: f64, min: f64 },
    #[error("no feature columns are left (all were dropped, text, or the label)")]
    NoFeatures,
    #[error("the model needs column \"{name}\", which this file does not have")]
    MissingColumn { name: String },
    #[error("column \"{name}\" was {expected} when the model was fitted, but is {found} in this file")]
    KindChanged {
        name: String,
        expected: ColumnKind,
        found: ColumnKind,
    },
    #[error("no training rows to fit the pipeline on")]
    NoRows,
    /// The prepared matrix would not fit in the memory the tab has left
    /// ([`crate::limits::memory_room`]): refused before allocating, since
    /// an allocation past a wasm instance's 4 GiB ends the whole worker.
    #[error(
        "the prepared data would need about {} ({} rows × {} features at 4 bytes; column \"{}\" alone became {} features), more than the {} this browser tab has left; leave out columns with many categories or encode them as one number each (encoding: label), open a sample of the rows, or use the command-line program (rareclass)",
        crate::limits::bytes_text(*bytes),
        crate::limits::count_text(*rows as u64),
        crate::limits::count_text(*features as u64),
        crate::limits::shorten(widest),
        crate::limits::count_text(*widest_features as u64),
        crate::limits::bytes_text(*room as f64)
    )]
    TooBig {
        rows: usize,
        features: usize,
        bytes: f64,
        room: u64,
        /// The input column that became the most features (one-hot levels).
        widest: String,
        widest_features: usize,
    },
}

/// One input column's fitted transformation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum ColumnStep {
    /// Numeric, datetime or boolean: one feature (plus an optional indicator).
    Number {
        log_eps: Option<f64>,
        fill: f64,
        indicator: bool,
        center: f64,
        scale: f64,
        clip: Option<f64>,
    },
    /// One-hot: one feature per category.
    OneHot {
        categories: Vec<String>,
        fill: Option<String>,
        indicator: bool,
    },
    /// Label encoding: one number per category, then scaled like a number.
    LabelEncoded {
        categories: Vec<String>,
        fill: Option<String>,
        indicator: bool,
        center: f64,
        scale: f64,
        clip: Option<f64>,
    },
}

/// One input column the pipeline reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputColumn {
    pub name: String,
    pub kind: ColumnKind,
    pub step: ColumnStep,
}

/// The fitted pipeline: feed it a table, get the feature matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedPipeline {
    pub params: PipelineParams,
    pub inputs: Vec<InputColumn>,
    /// One name per output feature (`"amount"`, `"state=CA"`, `"amount (missing)"`).
    pub feature_names: Vec<String>,
}

/// What replaying the pipeline met that a person should know.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TransformNotes {
    /// Per categorical column, how many rows had a category unseen in training.
    pub unknown_categories: Vec<(String, usize)>,
}

impl PipelineParams {
    /// Checks the parameters that do not depend on data.
    pub fn check(&self) -> Result<(), PipelineError> {
        if !(self.log_eps.is_finite() && self.log_eps > 0.0) {
            return Err(PipelineError::BadLogEps(self.log_eps));
        }
        if let Some(c) = self.clip {
            if c.is_nan() || c <= 0.0 {
                return Err(PipelineError::BadClip(c));
            }
        }
        Ok(())
    }

    /// Fits the pipeline on `rows` of `table`, leaving out `label` and the
    /// dropped and text columns.
    pub fn fit(&self, table: &Table, label: &str, rows: &[usize]) -> Result<FittedPipeline, PipelineError> {
        self.check()?;
        if rows.is_empty() {
            return Err(PipelineError::NoRows);
        }
        for (names, option) in [(&self.drop, "drop"), (&self.log, "log")] {
            if let Some(name) = names.iter().find(|n| table.column(n).is_none()) {
                return Err(PipelineError::UnknownColumn {
                    name: name.clone(),
                    option,
                });
            }
        }
        let mut inputs = Vec::new();
        for col in &table.columns {
            // A column with no value at all would be a constant feature
            // (its fill value): left out, as the reader's note says.
            let empty = col.missing_count() == col.len();
            if col.name == label || col.kind == ColumnKind::Text || self.drop.contains(&col.name) || empty {
                continue;
            }
            let log = self.log.contains(&col.name);
            if log && col.kind != ColumnKind::Numeric {
                return Err(PipelineError::LogNotNumeric {
                    name: col.name.clone(),
                    kind: col.kind,
                });
            }
            let step = match col.kind {
                ColumnKind::Categorical => self.fit_categorical(col, rows),
                _ => self.fit_number(col, rows, log)?,
            };
            inputs.push(InputColumn {
                name: col.name.clone(),
                kind: col.kind,
                step,
            });
        }
        if inputs.is_empty() {
            return Err(PipelineError::NoFeatures);
        }
        let feature_names = inputs.iter().flat_map(feature_names_of).collect();
        Ok(FittedPipeline {
            params: self.clone(),
            inputs,
            feature_names,
        })
    }

    fn fit_number(&self, col: &Column, rows: &[usize], log: bool) -> Result<ColumnStep, PipelineError> {
        let log_eps = log.then_some(self.log_eps);
        let mut values: Vec<f64> = Vec::with_capacity(rows.len());
        for &r in rows {
            let v = number_at(col, r);
            if !v.is_nan() {
                values.push(v);
            }
        }
        if let Some(eps) = log_eps {
            if let Some(min) = values.iter().copied().reduce(f64::min).filter(|m| *m <= -eps) {
                return Err(PipelineError::LogDomain {
                    name: col.name.clone(),
                    eps,
                    min,
                });
            }
            for v in values.iter_mut() {
                *v = (*v + eps).ln();
            }
        }
        let n_missing = rows.len() - values.len();
        let fill = if values.is_empty() {
            0.0
        } else {
            match self.impute {
                Imputation::Mean => mean(&values),
                Imputation::Median => median(&mut values.clone()),
                Imputation::MostFrequent => most_frequent(&mut values.clone()),
            }
        };
        let (center, scale) = if self.standardize {
            // Statistics of the imputed column, as StandardScaler after SimpleImputer.
            let n = rows.len() as f64;
            let m = (values.iter().sum::<f64>() + fill * n_missing as f64) / n;
            let var =
                (values.iter().map(|v| (v - m) * (v - m)).sum::<f64>() + (fill - m).powi(2) * n_missing as f64) / n;
            (m, scale_of(m, var))
        } else {
            (0.0, 1.0)
        };
        Ok(ColumnStep::Number {
            log_eps,
            fill,
            indicator: self.missing_indicator && n_missing > 0,
            center,
            scale,
            clip: self.clip.filter(|_| self.standardize),
        })
    }

    fn fit_categorical(&self, col: &Column, rows: &[usize]) -> ColumnStep {
        let mut counts: Vec<(String, usize)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut n_missing = 0;
        for &r in rows {
            match col.cell_text(r) {
                None => n_missing += 1,
                Some(t) => match index.get(&t) {
                    Some(&i) => counts[i].1 += 1,
                    None => {
                        index.insert(t.clone(), counts.len());
                        counts.push((t, 1));
                    }
                },
            }
        }
        // Most frequent; on a tie the first seen, so the choice is stable.
        let fill = counts.iter().fold(None::<&(String, usize)>, |best, c| match best {
            Some(b) if b.1 >= c.1 => Some(b),
            _ => Some(c),
        });
        let fill = fill.map(|c| c.0.clone());
        let indicator = self.missing_indicator && n_missing > 0;
        let categories: Vec<String> = counts.into_iter().map(|c| c.0).collect();
        match self.encoding {
            Encoding::OneHot => ColumnStep::OneHot {
                categories,
                fill,
                indicator,
            },
            Encoding::Label => {
                // The same cell → category mapping the transform uses.
                let lookup = CategoryLookup::new(col, &categories);
                let codes: Vec<f64> = rows
                    .iter()
                    .map(|&r| lookup.get(col, r, fill.as_deref()).0.map_or(-1.0, |k| k as f64))
                    .collect();
                let (center, scale) = if self.standardize {
                    let m = mean(&codes);
                    let var = codes.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / codes.len() as f64;
                    (m, scale_of(m, var))
                } else {
                    (0.0, 1.0)
                };
                ColumnStep::LabelEncoded {
                    categories,
                    fill,
                    indicator,
                    center,
                    scale,
                    clip: self.clip.filter(|_| self.standardize),
                }
            }
        }
    }
}

/// The output feature names of one input column.
fn feature_names_of(input: &InputColumn) -> Vec<String> {
    let (mut names, indicator) = match &input.step {
        ColumnStep::Number { indicator, .. } | ColumnStep::LabelEncoded { indicator, .. } => {
            (vec![input.name.clone()], *indicator)
        }
        ColumnStep::OneHot {
            categories, indicator, ..
        } => (
            categories.iter().map(|c| format!("{}={c}", input.name)).collect(),
            *indicator,
        ),
    };
    if indicator {
        names.push(format!("{} (missing)", input.name));
    }
    names
}

/// Row `r` of a numeric, datetime or boolean column as a number (NaN = missing).
fn number_at(col: &Column, r: usize) -> f64 {
    match &col.values {
        ColumnValues::Numbers(v) => v[r],
        ColumnValues::Codes { codes, .. } if codes[r] == MISSING_CODE => f64::NAN,
        // Boolean: code 0 is the false spelling, 1 the true one.
        ColumnValues::Codes { codes, .. } => codes[r] as f64,
    }
}

/// The standard deviation for a mean `m` and population variance `var`,
/// or 1 where scikit-learn's `StandardScaler` treats it as zero (below about
/// 10·eps·|mean|), so a constant feature is only centred.
fn scale_of(m: f64, var: f64) -> f64 {
    let sd = var.sqrt();
    if sd > 10.0 * f64::EPSILON * m.abs().max(1.0) {
        sd
    } else {
        1.0
    }
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn most_frequent(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let (mut best, mut best_n) = (v[0], 0);
    let mut i = 0;
    while i < v.len() {
        let j = v[i..].iter().position(|x| *x != v[i]).map_or(v.len(), |k| i + k);
        if j - i > best_n {
            (best, best_n) = (v[i], j - i);
        }
        i = j;
    }
    best
}

impl FittedPipeline {
    /// The number of output features.
    pub fn n_features(&self) -> usize {
        self.feature_names.len()
    }

    /// Refuses a feature matrix of `rows` rows (`f32`, [`Self::n_features`]
    /// wide) that would not fit in `room` bytes; `None`: no limit. Called
    /// with [`crate::limits::memory_room`] before every allocation of one.
    pub fn check_room(&self, rows: usize, room: Option<u64>) -> Result<(), PipelineError> {
        let Some(room) = room else { return Ok(()) };
        let bytes = rows as f64 * self.n_features() as f64 * 4.0;
        if bytes <= room as f64 {
            return Ok(());
        }
        let (widest, widest_features) = self
            .feature_groups()
            .into_iter()
            .map(|(name, range)| (name, range.len()))
            .max_by_key(|(_, n)| *n)
            .unwrap_or_default();
        Err(PipelineError::TooBig {
            rows,
            features: self.n_features(),
            bytes,
            room,
            widest,
            widest_features,
        })
    }

    /// Each input column with the range of output features it becomes (a
    /// number and its missing indicator, every one-hot level), in input
    /// order: permuting a column's whole range with one row order is
    /// permuting the column itself, since every step works row by row.
    pub fn feature_groups(&self) -> Vec<(String, std::ops::Range<usize>)> {
        let mut start = 0;
        self.inputs
            .iter()
            .map(|input| {
                let end = start + feature_names_of(input).len();
                let group = (input.name.clone(), start..end);
                start = end;
                group
            })
            .collect()
    }

    /// The feature matrix of `rows` of `table` (row-major `f32`), columns
    /// matched by name. A needed column that is missing, or whose kind
    /// changed in a way that cannot be read, is an error.
    pub fn transform(&self, table: &Table, rows: &[usize]) -> Result<(Array2<f32>, TransformNotes), PipelineError> {
        self.check_room(rows.len(), crate::limits::memory_room())?;
        let mut x = Array2::<f32>::zeros((rows.len(), self.n_features()));
        let mut notes = TransformNotes::default();
        let mut j = 0;
        for input in &self.inputs {
            let col = table.column(&input.name).ok_or_else(|| PipelineError::MissingColumn {
                name: input.name.clone(),
            })?;
            match &input.step {
                ColumnStep::Number {
                    log_eps,
                    fill,
                    indicator,
                    center,
                    scale,
                    clip,
                } => {
                    if col.kind == ColumnKind::Categorical || col.kind == ColumnKind::Text {
                        return Err(PipelineError::KindChanged {
                            name: input.name.clone(),
                            expected: input.kind,
                            found: col.kind,
                        });
                    }
                    for (i, &r) in rows.iter().enumerate() {
                        let raw = number_at(col, r);
                        let v = match log_eps {
                            Some(eps) => (raw + eps).ln(),
                            None => raw,
                        };
                        // NaN also covers log of a value below -eps seen only now.
                        let missing = v.is_nan();
                        let v = scale_clip(if missing { *fill } else { v }, *center, *scale, *clip);
                        x[[i, j]] = v as f32;
                        if *indicator {
                            x[[i, j + 1]] = missing as u8 as f32;
                        }
                    }
                    j += 1 + *indicator as usize;
                }
                ColumnStep::OneHot {
                    categories,
                    fill,
                    indicator,
                } => {
                    let lookup = CategoryLookup::new(col, categories);
                    let mut unknown = 0;
                    for (i, &r) in rows.iter().enumerate() {
                        let (k, missing) = lookup.get(col, r, fill.as_deref());
                        match k {
                            Some(k) => x[[i, j + k]] = 1.0,
                            None => unknown += !missing as usize,
                        }
                        if *indicator {
                            x[[i, j + categories.len()]] = missing as u8 as f32;
                        }
                    }
                    if unknown > 0 {
                        notes.unknown_categories.push((input.name.clone(), unknown));
                    }
                    j += categories.len() + *indicator as usize;
                }
                ColumnStep::LabelEncoded {
                    categories,
                    fill,
                    indicator,
                    center,
                    scale,
                    clip,
                } => {
                    let lookup = CategoryLookup::new(col, categories);
                    let mut unknown = 0;
                    for (i, &r) in rows.iter().enumerate() {
                        let (k, missing) = lookup.get(col, r, fill.as_deref());
                        unknown += (k.is_none() && !missing) as usize;
                        let code = k.map_or(-1.0, |k| k as f64);
                        x[[i, j]] = scale_clip(code, *center, *scale, *clip) as f32;
                        if *indicator {
                            x[[i, j + 1]] = missing as u8 as f32;
                        }
                    }
                    if unknown > 0 {
                        notes.unknown_categories.push((input.name.clone(), unknown));
                    }
                    j += 1 + *indicator as usize;
                }
            }
        }
        Ok((x, notes))
    }
}

fn scale_clip(v: f64, center: f64, scale: f64, clip: Option<f64>) -> f64 {
    let z = (v - center) / scale;
    match clip {
        Some(c) => z.clamp(-c, c),
        None => z,
    }
}

/// Maps a column's cells to the fitted category indices, once per table
/// (by code when the column is coded, by text otherwise).
struct CategoryLookup {
    /// For coded columns: `by_code[code]` = fitted category index.
    by_code: Option<Vec<Option<usize>>>,
    by_text: HashMap<String, usize>,
}

impl CategoryLookup {
    fn new(col: &Column, categories: &[String]) -> CategoryLookup {
        let by_text: HashMap<String, usize> = categories.iter().enumerate().map(|(i, c)| (c.clone(), i)).collect();
        let by_code = col
            .codes()
            .map(|(_, levels)| levels.iter().map(|l| by_text.get(l).copied()).collect());
        CategoryLookup { by_code, by_text }
    }

    /// The category index of row `r` (missing cells take `fill`), and
    /// whether the cell was missing.
    fn get(&self, col: &Column, r: usize, fill: Option<&str>) -> (Option<usize>, bool) {
        let fill_index = || fill.and_then(|f| self.by_text.get(f).copied());
        match &col.values {
            ColumnValues::Codes { codes, levels } => {
                let c = codes[r];
                if c == MISSING_CODE {
                    (fill_index(), true)
                } else if let Some(by_code) = &self.by_code {
                    (by_code[c as usize], false)
                } else {
                    (self.by_text.get(&levels[c as usize]).copied(), false)
                }
            }
            ColumnValues::Numbers(v) => {
                if v[r].is_nan() {
                    (fill_index(), true)
                } else {
                    (self.by_text.get(&format_number(v[r])).copied(), false)
                }
            }
        }
    }
}

/// What a column of the training data was used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnRole {
    /// Read by the pipeline: becomes one or more features.
    Feature,
    /// The label column.
    Label,
    /// Left out by the user (`drop`).
    Dropped,
    /// An identifier or free text, left out as text columns are.
    Text,
}

/// One column of the training data, as the run saw it (after type overrides).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaColumn {
    pub name: String,
    pub kind: ColumnKind,
    pub role: ColumnRole,
}

/// The schema of `table` (kinds as the run used them) with each column's role.
pub fn schema_of(table: &Table, label: &str, pipeline: &FittedPipeline) -> Vec<SchemaColumn> {
    table
        .columns
        .iter()
        .map(|c| SchemaColumn {
            name: c.name.clone(),
            kind: c.kind,
            role: if pipeline.inputs.iter().any(|i| i.name == c.name) {
                ColumnRole::Feature
            } else if c.name == label {
                ColumnRole::Label
            } else if pipeline.params.drop.contains(&c.name) {
                ColumnRole::Dropped
            } else {
                ColumnRole::Text
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        // amount: 1, 2, missing, 5 ; state: CA, NY, CA, missing ; id: text ; y
        let cols = vec![
            Column {
                name: "amount".into(),
                kind: ColumnKind::Numeric,
                values: ColumnValues::Numbers(vec![1.0, 2.0, f64::NAN, 5.0]),
            },
            Column {
                name: "state".into(),
                kind: ColumnKind::Categorical,
                values: ColumnValues::Codes {
                    codes: vec![0, 1, 0, MISSING_CODE],
                    levels: vec!["CA".into(), "NY".into()],
                },
            },
            Column {
                name: "id".into(),
                kind: ColumnKind::Text,
                values: ColumnValues::Codes {
                    codes: vec![0, 1, 2, 3],
                    levels: vec!["a".into(), "b".into(), "c".into(), "d".into()],
                },
            },
            Column {
                name: "y".into(),
                kind: ColumnKind::Numeric,
                values: ColumnValues::Numbers(vec![0.0, 1.0, 0.0, 1.0]),
            },
        ];
        Table {
            columns: cols,
            n_rows: 4,
        }
    }

    #[test]
    fn standardises_with_population_std_after_mean_imputation() {
        let p = PipelineParams {
            clip: None,
            ..Default::default()
        };
        let f = p.fit(&table(), "y", &[0, 1, 2, 3]).unwrap();
        assert_eq!(f.feature_names, vec!["amount", "state=CA", "state=NY"]);
        let (x, notes) = f.transform(&table(), &[0, 1, 2, 3]).unwrap();
        // amount imputed with mean(1,2,5)=8/3 → [1,2,8/3,5]; mean 8/3;
        // var = ((5/3)²+(2/3)²+0+(7/3)²)/4 = (25+4+49)/9/4 = 78/36; sd = 1.47196.
        let sd = (78.0f64 / 36.0).sqrt();
        let want = [
            (1.0 - 8.0 / 3.0) / sd,
            (2.0 - 8.0 / 3.0) / sd,
            0.0,
            (5.0 - 8.0 / 3.0) / sd,
        ];
        for i in 0..4 {
            assert!(
                (x[[i, 0]] as f64 - want[i]).abs() < 1e-6,
                "{i}: {} vs {}",
                x[[i, 0]],
                want[i]
            );
        }
        // state: missing row 3 → most frequent CA.
        assert_eq!(x.column(1).to_vec(), vec![1.0, 0.0, 1.0, 1.0]);
        assert_eq!(x.column(2).to_vec(), vec![0.0, 1.0, 0.0, 0.0]);
        assert!(notes.unknown_categories.is_empty());
    }

    #[test]
    fn a_matrix_too_big_for_the_room_left_is_refused_with_its_numbers() {
        let f = PipelineParams::default().fit(&table(), "y", &[0, 1, 2, 3]).unwrap();
        // amount, state=CA, state=NY: 3 features. 1,000,000 rows × 3 × 4
        // bytes = 12,000,000 bytes: fits in exactly that, not in one less.
        assert_eq!(f.n_features(), 3);
        assert!(f.check_room(1_000_000, Some(12_000_000)).is_ok());
        assert!(f.check_room(1_000_000, None).is_ok());
        let e = f.check_room(1_000_000, Some(11_999_999)).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("about 12.0 MB (1,000,000 rows × 3 features"), "{text}");
        // The widest input column: "state" became 2 features (CA, NY).
        assert!(text.contains("column \"state\" alone became 2 features"), "{text}");
        assert!(
            text.contains("more than the 12.0 MB this browser tab has left"),
            "{text}"
        );
    }

    #[test]
    fn fitted_on_train_rows_only_and_clipped() {
        let p = PipelineParams {
            clip: Some(1.0),
            impute: Imputation::Median,
            ..Default::default()
        };
        let f = p.fit(&table(), "y", &[0, 1]).unwrap();
        // train amounts 1, 2: mean 1.5, sd 0.5; row 3 (5) → 7 → clipped to 1.
        let (x, _) = f.transform(&table(), &[3, 2]).unwrap();
        assert_eq!(x[[0, 0]], 1.0);
        // row 2 missing → median 1.5 → 0.
        assert_eq!(x[[1, 0]], 0.0);
    }

    #[test]
    fn log_indicator_and_unknown_categories() {
        let p = PipelineParams {
            log: vec!["amount".into()],
            log_eps: 1.0,
            missing_indicator: true,
            standardize: false,
            ..Default::default()
        };
        let f = p.fit(&table(), "y", &[0, 1, 2]).unwrap();
        assert_eq!(
            f.feature_names,
            vec!["amount", "amount (missing)", "state=CA", "state=NY"]
        );
        let (x, _) = f.transform(&table(), &[0, 2]).unwrap();
        // ln(1+1) = 0.693147; row 2 missing → mean of ln 2, ln 3 = ln(6)/2 = 0.895880.
        assert!((x[[0, 0]] - std::f32::consts::LN_2).abs() < 1e-6);
        assert!((x[[1, 0]] - 0.895_880).abs() < 1e-6);
        assert_eq!((x[[0, 1]], x[[1, 1]]), (0.0, 1.0));
        // Train on rows 0, 2 (CA only): NY is unseen → all zeros, counted.
        let f = PipelineParams::default().fit(&table(), "y", &[0, 2]).unwrap();
        let (x, notes) = f.transform(&table(), &[1]).unwrap();
        assert_eq!(x.row(0).to_vec()[1..], [0.0]);
        assert_eq!(notes.unknown_categories, vec![("state".to_string(), 1)]);
    }

    #[test]
    fn label_encoding_gives_one_feature() {
        let p = PipelineParams {
            encoding: Encoding::Label,
            standardize: false,
            ..Default::default()
        };
        let f = p.fit(&table(), "y", &[0, 1, 2, 3]).unwrap();
        let (x, _) = f.transform(&table(), &[0, 1, 3]).unwrap();
        assert_eq!(x.column(1).to_vec(), vec![0.0, 1.0, 0.0]);
    }

    #[test]
    fn errors_are_specific() {
        let t = table();
        let bad = |p: PipelineParams| p.fit(&t, "y", &[0, 1]).unwrap_err();
        assert!(matches!(
            bad(PipelineParams {
                drop: vec!["zzz".into()],
                ..Default::default()
            }),
            PipelineError::UnknownColumn { option: "drop", .. }
        ));
        assert!(matches!(
            bad(PipelineParams {
                log: vec!["state".into()],
                ..Default::default()
            }),
            PipelineError::LogNotNumeric { .. }
        ));
        assert!(matches!(
            bad(PipelineParams {
                clip: Some(0.0),
                ..Default::default()
            }),
            PipelineError::BadClip(_)
        ));
        assert!(matches!(
            bad(PipelineParams {
                drop: vec!["amount".into(), "state".into()],
                ..Default::default()
            }),
            PipelineError::NoFeatures
        ));
        let f = PipelineParams::default().fit(&t, "y", &[0, 1]).unwrap();
        let mut other = t.clone();
        other.columns.remove(0);
        assert_eq!(
            f.transform(&other, &[0]).unwrap_err(),
            PipelineError::MissingColumn { name: "amount".into() }
        );
        assert_eq!(
            PipelineError::MissingColumn { name: "amount".into() }.to_string(),
            "the model needs column \"amount\", which this file does not have"
        );
    }

    #[test]
    fn most_frequent_prefers_smallest_on_tie() {
        assert_eq!(most_frequent(&mut [3.0, 1.0, 3.0, 1.0, 2.0]), 1.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn serde_round_trip() {
        let f = PipelineParams::default().fit(&table(), "y", &[0, 1, 2, 3]).unwrap();
        let back: FittedPipeline = serde_json::from_str(&serde_json::to_string(&f).unwrap()).unwrap();
        assert_eq!(back, f);
    }
}
