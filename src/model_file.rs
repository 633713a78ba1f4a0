//! The saved model: one versioned JSON document holding everything needed to
//! score new rows (the fitted pipeline and model) and to say what they were
//! trained on (column schema with kinds and roles, the run's config, seed,
//! threshold, a fingerprint of the training data). Writing it, and reading it
//! back with a clear error for a foreign, newer, damaged or inconsistent file.
//! Knows nothing of files, CSV or the browser: text in, text out.

use crate::experiment::Run;
use crate::experiment::{ExperimentConfig, FittedModel};
pub use crate::pipeline::{schema_of, ColumnRole, SchemaColumn};
use crate::pipeline::{ColumnStep, FittedPipeline};
use serde::{Deserialize, Serialize};

/// The `format` field of every model file.
pub const FORMAT: &str = "rareclass-model";

/// The file layout this build writes and the newest it reads.
pub const VERSION: u32 = 1;

/// What the model was trained on, enough to tell "same kind of data" apart
/// from "another file" without keeping any of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingFingerprint {
    /// Training rows (the train part of the split).
    pub rows: usize,
    /// Positive training rows.
    pub positives: usize,
    /// `positives / rows`.
    pub positive_rate: f64,
    /// [`column_hash`] of the schema: `"fnv1a64:"` + 16 hex digits.
    pub column_hash: String,
}

/// The saved form of a trained model. Versioned so a later reader can
/// refuse clearly; [`ModelFile::from_json`] checks it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// The file layout version; this build writes [`VERSION`].
    pub version: u32,
    /// The rareclass that wrote the file (`CARGO_PKG_VERSION`).
    pub rareclass_version: String,
    /// The model's display name.
    pub name: String,
    /// The label column.
    pub label: String,
    /// How the positive class reads (`"bad"`, `"1"`, `"> 15"`).
    pub positive_class: String,
    /// How the negative class reads.
    pub negative_class: String,
    /// Scores at or above this are predicted positive, in `[0, 1]`.
    pub threshold: f64,
    /// The run's seed.
    pub seed: u64,
    /// Every column of the training data, in file order.
    pub schema: Vec<SchemaColumn>,
    /// What the model was trained on.
    pub training: TrainingFingerprint,
    /// The whole run configuration.
    pub config: ExperimentConfig,
    /// The fitted preparation: encoders with categories, imputation values,
    /// scaler parameters, clip bounds.
    pub pipeline: FittedPipeline,
    /// The fitted model (kind and weights).
    pub model: FittedModel,
}

/// Why a model file cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelFileError {
    /// The file has nothing in it but whitespace.
    #[error("model file is empty")]
    Empty,
    /// The bytes are not UTF-8 text (an image, a zip, a spreadsheet).
    #[error("this is not a rareclass model file (it is not text)")]
    NotText,
    /// Valid JSON, but not ours (no `"format": "rareclass-model"`).
    #[error("this is not a rareclass model file (no \"format\": \"rareclass-model\")")]
    Foreign,
    /// Written by a newer rareclass with a layout this build does not know.
    #[error("model file version {found} is newer than this rareclass reads ({supported}); update rareclass")]
    Newer { found: u64, supported: u32 },
    /// `version` is missing or not a positive whole number.
    #[error("model file has version {found}, which no rareclass wrote; expected {supported}")]
    UnknownVersion { found: String, supported: u32 },
    /// The JSON ends before the document does: a partial save or download.
    #[error("model file is cut short at line {line}, column {column}; was it saved completely?")]
    Truncated { line: usize, column: usize },
    /// Not valid JSON, or a field is missing or of the wrong type.
    #[error("model file is damaged at line {line}, column {column}: {message}")]
    Damaged {
        line: usize,
        column: usize,
        message: String,
    },
    /// Parses, but its parts do not fit together (a hand-edited file).
    #[error("model file is inconsistent: {0}")]
    Inconsistent(String),
}

/// The FNV-1a 64-bit hash of `bytes` (offset basis 0xcbf29ce484222325,
/// prime 0x100000001b3). Stable across builds and platforms, unlike std's
/// `DefaultHasher`; five lines are not worth a dependency.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The fingerprint of a schema's column names and kinds, in order: FNV-1a
/// over `name \x1f kind \x1e` per column, written as `"fnv1a64:"` + 16 lower
/// hex digits (a string, since JSON numbers above 2^53 lose digits in JS).
pub fn column_hash(schema: &[SchemaColumn]) -> String {
    let mut bytes = Vec::new();
    for c in schema {
        bytes.extend_from_slice(c.name.as_bytes());
        bytes.push(0x1f);
        bytes.extend_from_slice(c.kind.name().as_bytes());
        bytes.push(0x1e);
    }
    format!("fnv1a64:{:016x}", fnv1a64(&bytes))
}

/// The number of features one fitted input column produces.
fn features_of(step: &ColumnStep) -> usize {
    match step {
        ColumnStep::Number { indicator, .. } | ColumnStep::LabelEncoded { indicator, .. } => 1 + *indicator as usize,
        ColumnStep::OneHot {
            categories, indicator, ..
        } => categories.len() + *indicator as usize,
    }
}

/// serde_json's message without its " at line L column C" tail (we say it ourselves).
fn bare_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn syntax_error(e: &serde_json::Error) -> ModelFileError {
    if e.is_eof() {
        ModelFileError::Truncated {
            line: e.line(),
            column: e.column(),
        }
    } else {
        ModelFileError::Damaged {
            line: e.line(),
            column: e.column(),
            message: bare_message(e),
        }
    }
}

impl ModelFile {
    /// The file as pretty-printed JSON with a final newline. Every `f64`
    /// reads back bit-identical (`serde_json`'s `float_roundtrip`).
    pub fn to_json(&self) -> String {
        // Plain structs with string keys only: serialising cannot fail.
        let text = serde_json::to_string_pretty(self).expect("a model file serialises");
        text + "\n"
    }

    /// Reads a model file from bytes (as dropped in the page or read from
    /// disk): [`ModelFile::from_json`] after a UTF-8 check.
    pub fn from_bytes(bytes: &[u8]) -> Result<ModelFile, ModelFileError> {
        let text = std::str::from_utf8(bytes).map_err(|_| ModelFileError::NotText)?;
        ModelFile::from_json(text)
    }

    /// Reads a model file, checking in this order: not empty; valid JSON
    /// (else [`Truncated`](ModelFileError::Truncated) or
    /// [`Damaged`](ModelFileError::Damaged), with line and column); an
    /// object with `"format": "rareclass-model"` (else
    /// [`Foreign`](ModelFileError::Foreign)); a version this build reads;
    /// every field present and typed; the parts consistent
    /// ([`ModelFile::check`]).
    pub fn from_json(text: &str) -> Result<ModelFile, ModelFileError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(ModelFileError::Empty);
        }
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| syntax_error(&e))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(ModelFileError::Foreign);
        }
        match value.get("version") {
            Some(v) if v.as_u64() == Some(VERSION as u64) => {}
            Some(v) if v.as_u64().is_some_and(|n| n > VERSION as u64) => {
                return Err(ModelFileError::Newer {
                    found: v.as_u64().unwrap_or_default(),
                    supported: VERSION,
                })
            }
            other => {
                return Err(ModelFileError::UnknownVersion {
                    found: other.map_or("(none)".to_string(), |v| v.to_string()),
                    supported: VERSION,
                })
            }
        }
        // Parse the text again (not the Value) so field errors keep their place.
        let file: ModelFile = serde_json::from_str(text).map_err(|e| syntax_error(&e))?;
        file.check()?;
        Ok(file)
    }

    /// Checks that the parts fit together: the pipeline's feature count
    /// matches its steps and the model's weights; every number is finite;
    /// scales are positive; the threshold is in `[0, 1]`; each pipeline input
    /// is a feature of the schema with the same kind; the schema has the
    /// label and matches its hash.
    pub fn check(&self) -> Result<(), ModelFileError> {
        let bad = |s: String| Err(ModelFileError::Inconsistent(s));
        if !(0.0..=1.0).contains(&self.threshold) {
            return bad(format!("threshold {} is not in [0, 1]", self.threshold));
        }
        self.model.check().map_err(ModelFileError::Inconsistent)?;
        let p = &self.pipeline;
        let from_steps: usize = p.inputs.iter().map(|i| features_of(&i.step)).sum();
        if from_steps != p.n_features() {
            return bad(format!(
                "the pipeline's steps make {from_steps} features but it names {}",
                p.n_features()
            ));
        }
        if let Some(n) = self.model.n_features() {
            if n != p.n_features() {
                return bad(format!(
                    "the pipeline makes {} features but the model takes {n}",
                    p.n_features()
                ));
            }
        }
        if let FittedModel::Logistic(m) = &self.model {
            if let Some(j) = m.coef.iter().position(|w| !w.is_finite()) {
                return bad(format!("model weight {} is {}", j + 1, m.coef[j]));
            }
            if !m.intercept.is_finite() {
                return bad(format!("the model's intercept is {}", m.intercept));
            }
        }
        for input in &p.inputs {
            let name = &input.name;
            let (numbers, scale, clip, log_eps): (Vec<f64>, f64, Option<f64>, Option<f64>) = match &input.step {
                ColumnStep::Number {
                    log_eps,
                    fill,
                    center,
                    scale,
                    clip,
                    ..
                } => (vec![*fill, *center], *scale, *clip, *log_eps),
                ColumnStep::LabelEncoded {
                    center, scale, clip, ..
                } => (vec![*center], *scale, *clip, None),
                ColumnStep::OneHot { .. } => (vec![], 1.0, None, None),
            };
            if numbers.iter().any(|v| !v.is_finite()) {
                return bad(format!(
                    "column \"{name}\" has a fill or centre that is not a finite number"
                ));
            }
            if !(scale.is_finite() && scale > 0.0) {
                return bad(format!("column \"{name}\" has scale {scale}; it must be positive"));
            }
            if clip.is_some_and(|c| c.is_nan() || c <= 0.0) || log_eps.is_some_and(|e| !(e.is_finite() && e > 0.0)) {
                return bad(format!(
                    "column \"{name}\" has a clip bound or log eps that is not positive"
                ));
            }
            match self.schema.iter().find(|c| &c.name == name) {
                Some(c) if c.role == ColumnRole::Feature && c.kind == input.kind => {}
                Some(c) => {
                    return bad(format!(
                        "the pipeline reads column \"{name}\" as {}, but the schema has it as a {} {:?} column",
                        input.kind, c.kind, c.role
                    ))
                }
                None => {
                    return bad(format!(
                        "the pipeline reads column \"{name}\", which the schema does not list"
                    ))
                }
            }
        }
        if !self
            .schema
            .iter()
            .any(|c| c.name == self.label && c.role == ColumnRole::Label)
        {
            return bad(format!("the schema does not list the label column \"{}\"", self.label));
        }
        let hash = column_hash(&self.schema);
        if hash != self.training.column_hash {
            return bad(format!(
                "the schema hashes to {hash}, not the saved {}",
                self.training.column_hash
            ));
        }
        Ok(())
    }

    /// The names of the columns the model reads, in pipeline order.
    pub fn feature_columns(&self) -> Vec<&str> {
        self.pipeline.inputs.iter().map(|i| i.name.as_str()).collect()
    }
}

impl Run {
    /// The saved form of model `m` of this run (see [`ModelFile::from_run`]).
    /// Written here, not in `experiment`, so a run knows nothing of the file
    /// format and the two modules do not use each other.
    pub fn model_file(&self, m: usize) -> Option<ModelFile> {
        ModelFile::from_run(self, m)
    }
}

impl ModelFile {
    /// The saved form of model `m` of `run` (`None` when there is no model `m`).
    pub fn from_run(run: &Run, m: usize) -> Option<ModelFile> {
        let model = run.models.get(m)?;
        let rows = run.split.train.len();
        let positives = run.split.train.iter().filter(|&&i| run.label.y[i]).count();
        let config = &run.report.config;
        Some(ModelFile {
            format: FORMAT.into(),
            version: VERSION,
            rareclass_version: env!("CARGO_PKG_VERSION").into(),
            name: model.name.clone(),
            label: run.label.column.clone(),
            positive_class: run.label.positive.clone(),
            negative_class: run.label.negative.clone(),
            threshold: config.threshold,
            seed: config.seed,
            schema: run.schema.clone(),
            training: TrainingFingerprint {
                rows,
                positives,
                positive_rate: positives as f64 / rows.max(1) as f64,
                column_hash: column_hash(&run.schema),
            },
            config: config.clone(),
            pipeline: run.pipeline.clone(),
            model: model.model.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::ColumnKind;

    #[test]
    fn fnv1a64_matches_reference_vectors() {
        // From the FNV reference test suite (isthe.com/chongo/tech/comp/fnv):
        // "" → offset basis, "a" → af63dc4c8601ec8c, "foobar" → 85944171f73967e8.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn column_hash_depends_on_names_kinds_and_order() {
        let col = |name: &str, kind| SchemaColumn {
            name: name.into(),
            kind,
            role: ColumnRole::Feature,
        };
        let a = vec![col("x", ColumnKind::Numeric), col("y", ColumnKind::Categorical)];
        let h = column_hash(&a);
        assert!(h.starts_with("fnv1a64:") && h.len() == 8 + 16, "{h}");
        // Roles are not hashed: the same data read with another label fingerprints alike.
        let mut roles = a.clone();
        roles[1].role = ColumnRole::Label;
        assert_eq!(column_hash(&roles), h);
        let mut kinds = a.clone();
        kinds[0].kind = ColumnKind::Categorical;
        assert_ne!(column_hash(&kinds), h);
        assert_ne!(column_hash(&[a[1].clone(), a[0].clone()]), h);
        // The separators keep ("ab", "c") apart from ("a", "bc").
        assert_ne!(
            column_hash(&[col("ab", ColumnKind::Text), col("c", ColumnKind::Text)]),
            column_hash(&[col("a", ColumnKind::Text), col("bc", ColumnKind::Text)])
        );
    }

    #[test]
    fn error_messages_read_as_the_ui_shows_them() {
        assert_eq!(
            ModelFileError::Newer { found: 2, supported: 1 }.to_string(),
            "model file version 2 is newer than this rareclass reads (1); update rareclass"
        );
        assert_eq!(
            ModelFileError::Foreign.to_string(),
            "this is not a rareclass model file (no \"format\": \"rareclass-model\")"
        );
    }

    #[test]
    fn syntax_errors_keep_line_and_column() {
        let e = ModelFile::from_json("{\n  \"format\": \"rareclass-model\",\n  \"version\": 1 1\n}").unwrap_err();
        assert!(
            matches!(
                e,
                ModelFileError::Damaged {
                    line: 3,
                    column: 16,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(
            e.to_string()
                .starts_with("model file is damaged at line 3, column 16: "),
            "{e}"
        );
        assert!(!e.to_string().contains(" at line 3 column"), "{e}");
        let e = ModelFile::from_json("{\"format\": \"rareclass-mo").unwrap_err();
        assert!(matches!(e, ModelFileError::Truncated { line: 1, .. }), "{e:?}");
        assert_eq!(ModelFile::from_json(" \n").unwrap_err(), ModelFileError::Empty);
        assert_eq!(
            ModelFile::from_bytes(&[0xff, 0xfe, 0x00]).unwrap_err(),
            ModelFileError::NotText
        );
        assert_eq!(ModelFile::from_json("[1, 2]").unwrap_err(), ModelFileError::Foreign);
        assert!(matches!(
            ModelFile::from_json("{\"format\": \"rareclass-model\", \"version\": \"1\"}").unwrap_err(),
            ModelFileError::UnknownVersion { .. }
        ));
        assert!(matches!(
            ModelFile::from_json("{\"format\": \"rareclass-model\", \"version\": 3}").unwrap_err(),
            ModelFileError::Newer { found: 3, supported: 1 }
        ));
    }
}
