//! The calls a library user makes without a page session: describe a saved
//! model file, score CSV bytes with one, fit logistic regression on a ready
//! row-major matrix, make a model spec from a kind and `key=value` settings
//! (the `<rareclass-demo>` element's attributes). Knows nothing of JS.

use std::collections::BTreeMap;

use ndarray::ArrayView2;
use serde::Serialize;

use super::error::AppError;
use super::session::Session;
use crate::experiment::ExperimentConfig;
use crate::link::LinkSettings;
use crate::model_file::{ModelFile, TrainingFingerprint};
use crate::model_settings::{settings_of, Setting};
use crate::model_spec::ModelSpec;
use crate::models::logistic::{FittedLogistic, ValidLogistic};
use crate::predict::{ScoreSummary, Scored};
use crate::progress::Silent;

/// A checked model file, described.
#[derive(Debug, Clone, Serialize)]
pub struct ModelInfo {
    pub name: String,
    pub label: String,
    pub positive_class: String,
    pub negative_class: String,
    pub threshold: f64,
    pub seed: u64,
    /// The columns the model reads.
    pub features: Vec<String>,
    pub rareclass_version: String,
    pub version: u32,
    pub training: TrainingFingerprint,
    pub config: ExperimentConfig,
}

/// Checks the model file `model_json` and describes it.
pub fn read_model(model_json: &str) -> Result<ModelInfo, AppError> {
    let file = ModelFile::from_json(model_json)?;
    Ok(ModelInfo {
        features: file.feature_columns().into_iter().map(String::from).collect(),
        name: file.name,
        label: file.label,
        positive_class: file.positive_class,
        negative_class: file.negative_class,
        threshold: file.threshold,
        seed: file.seed,
        rareclass_version: file.rareclass_version,
        version: file.version,
        training: file.training,
        config: file.config,
    })
}

/// What [`score_csv`] returns (the owned form of a session's scoring).
#[derive(Debug, Clone, Serialize)]
pub struct ScoreResult {
    pub summary: ScoreSummary,
    pub scores: Vec<f64>,
    pub positive: Vec<bool>,
}

impl From<Scored> for ScoreResult {
    fn from(s: Scored) -> Self {
        ScoreResult {
            summary: s.summary,
            scores: s.scores,
            positive: s.positive,
        }
    }
}

/// Scores the CSV bytes `csv` with the model file `model_json` in one call.
/// The model is checked first: a wrong model file is the likelier mistake,
/// and cheap to find.
pub fn score_csv(model_json: &str, csv: &[u8]) -> Result<ScoreResult, AppError> {
    let file = ModelFile::from_json(model_json)?;
    let session = Session::from_bytes(csv)?;
    Ok(crate::predict::score_table(&file, session.table()?)?.into())
}

/// Fits logistic regression with `params` on the row-major
/// `y.len() × n_features` matrix `x`, labels non-zero = positive.
pub fn fit_logistic(
    x: &[f32],
    n_features: usize,
    y: &[u8],
    params: &ValidLogistic,
) -> Result<FittedLogistic, AppError> {
    let n_values = x.len();
    let x = ArrayView2::from_shape((y.len(), n_features), x)
        .ok()
        .filter(|view| view.len() == n_values)
        .ok_or_else(|| {
            AppError::bad_request(format!(
                "x has {n_values} values, but {} labels × {n_features} features were given; \
                 pass a row-major matrix with one row per label",
                y.len()
            ))
        })?;
    let y: Vec<bool> = y.iter().map(|&v| v != 0).collect();
    params.fit(x, &y, None, &mut Silent).map_err(AppError::failed)
}

/// Reads the page's settings link (a URL fragment, `#label=…&seed=…`):
/// `None` when empty; an error with the reason when a value is malformed
/// or out of range (see [`crate::link::parse_link`]).
pub fn parse_link(fragment: &str) -> Result<Option<LinkSettings>, AppError> {
    crate::link::parse_link(fragment).map_err(AppError::bad_request)
}

/// The model kinds [`model_spec`] knows, as written in a spec's `kind`.
pub const MODEL_KINDS: [&str; 6] = ModelSpec::KINDS;

/// The spec of a model of `kind` with its defaults, then each `key=value`
/// of `settings` applied as the command line's `--set` does
/// ([`ModelSpec::set`]: `imbalance=class-weight`, `C=0.5`, `max_depth=3`,
/// checked as a config read from JSON). Settings are separated by commas,
/// semicolons or spaces; empty text means none. An unknown kind, a word
/// without `=`, an unknown key or a value out of range is refused with the
/// setting named and what the kind takes.
pub fn model_spec(kind: &str, settings: &str) -> Result<ModelSpec, AppError> {
    let spec = model_spec_of(kind, &[])?;
    let mut pairs = Vec::new();
    for word in settings.split([',', ';', ' ', '\t', '\n']).filter(|w| !w.is_empty()) {
        let Some((key, value)) = word.split_once('=') else {
            return Err(AppError::bad_request(format!(
                "setting \"{word}\" has no \"=\": write key=value, e.g. {}",
                example_setting(&spec)
            )));
        };
        pairs.push((key.trim().to_string(), value.trim().to_string()));
    }
    model_spec_of(kind, &pairs)
}

/// The spec of a model of `kind` with its defaults, then each `(key,
/// value)` of `settings` applied in order with [`ModelSpec::set`]: the
/// page's form, whose values may hold commas (`hidden` = `64,32`, JSON).
pub fn model_spec_of(kind: &str, settings: &[(String, String)]) -> Result<ModelSpec, AppError> {
    let kind = kind.trim();
    let mut spec = ModelSpec::default_of(kind)
        .ok_or_else(|| AppError::bad_request(format!("model \"{kind}\" is not one of {}", MODEL_KINDS.join(", "))))?;
    for (key, value) in settings {
        spec.set(key, value).map_err(|e| {
            let zh = super::error_zh::setting(&e);
            AppError::bad_request(e).with_zh(zh)
        })?;
    }
    Ok(spec)
}

/// Every setting of every kind with its default and the form of its value
/// ([`crate::model_settings`]), by kind: what the page's "All settings"
/// lists.
pub fn model_settings() -> BTreeMap<&'static str, Vec<Setting>> {
    MODEL_KINDS
        .iter()
        .filter_map(|&kind| Some((kind, settings_of(kind)?)))
        .collect()
}

/// A `key=value` the spec's kind takes, for an error message.
fn example_setting(spec: &ModelSpec) -> &'static str {
    match spec {
        ModelSpec::Logistic(_) => "C=0.5",
        ModelSpec::Mlp(_) => "learning_rate=0.01",
        ModelSpec::Tree(_) | ModelSpec::Forest(_) => "max_depth=4",
        ModelSpec::Gbdt(_) => "n_rounds=100",
        ModelSpec::Majority(_) => "name=baseline",
    }
}
