//! ONNX export of a saved model: the whole [`ModelFile`] — preparation
//! pipeline and fitted model — as one standard ONNX graph (`ai.onnx` opset
//! [`OPSET`] and `ai.onnx.ml` opset [`ML_OPSET`]) that ONNX Runtime scores in
//! Python, C++, Java, the browser or Spark.
//!
//! The graph has one input per raw column the model reads, shape `[N, 1]`
//! (as scikit-learn's converters do): double for numeric columns and
//! date-times (seconds since 1970-01-01 UTC), text for categorical and
//! boolean columns (see [`prepare`] for why double, and missing values). Outputs:
//! `probability` (float `[N, 1]`, the positive class's probability, what
//! `rareclass predict` writes as `score`) and `positive` (bool `[N, 1]`,
//! `probability >= threshold` at the saved threshold). The model file's
//! label, classes and threshold are also in the model's metadata.
//!
//! The protobuf types are generated from the official `onnx-ml.proto` by
//! `scripts/gen-onnx-proto.sh` (prost-build + protox) and committed, so
//! building needs no code generator; encoding is prost's.

mod graph;
pub mod models;
pub mod prepare;

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
#[rustfmt::skip]
#[path = "proto/onnx.rs"]
pub mod proto;

use crate::model_file::ModelFile;
use graph::{Elem, Graph, ML_DOMAIN};
use prost::Message;
use proto::{ModelProto, OperatorSetIdProto, StringStringEntryProto};

/// The `ai.onnx` operator set the graphs use (ONNX 1.12+, ONNX Runtime 1.12+).
pub const OPSET: i64 = 17;
/// The `ai.onnx.ml` operator set (`LabelEncoder` 2, `TreeEnsembleRegressor` 3).
pub const ML_OPSET: i64 = 3;
/// The IR version that goes with [`OPSET`] 17.
pub const IR_VERSION: i64 = 8;

/// The graph's outputs: the positive class's probability and the decision.
pub const OUTPUTS: [&str; 2] = ["probability", "positive"];

/// Why a model cannot be exported.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum OnnxError {
    /// ONNX names graph inputs after columns, and an empty name is not allowed.
    #[error("a feature column has an empty name; ONNX inputs need names (rename the column and train again)")]
    EmptyColumnName,
    /// Two feature columns with the same name cannot be two inputs.
    #[error("column \"{0}\" appears twice among the model's inputs, or is named like an output (probability, positive); rename it and train again")]
    DuplicateColumn(String),
}

/// The model as an ONNX `ModelProto`.
pub fn model_proto(file: &ModelFile) -> Result<ModelProto, OnnxError> {
    let mut g = Graph::default();
    // The output names first: no inner value may take them, and a column
    // named like one cannot be an input.
    for name in OUTPUTS {
        g.reserve(name);
    }
    let x = prepare::features(&mut g, &file.pipeline)?;
    let p = models::probability(&mut g, &file.model, &x);
    let t = g.const_f32("threshold", &[file.threshold as f32], &[]);
    let positive = g.node("GreaterOrEqual", "", &[&p, &t], vec![]);
    g.output(
        &p,
        "probability",
        Elem::Float,
        1,
        &format!("probability that {} is {}", file.label, file.positive_class),
    );
    g.output(
        &positive,
        "positive",
        Elem::Bool,
        1,
        &format!("probability >= {} (the saved threshold)", file.threshold),
    );
    let doc = format!(
        "rareclass model \"{}\": P({} = {}) from {} input columns",
        file.name,
        file.label,
        file.positive_class,
        file.pipeline.inputs.len()
    );
    let graph = g.finish("rareclass", &doc);
    let meta = |k: &str, v: String| StringStringEntryProto {
        key: Some(k.to_string()),
        value: Some(v),
    };
    Ok(ModelProto {
        ir_version: Some(IR_VERSION),
        opset_import: vec![
            OperatorSetIdProto {
                domain: Some(String::new()),
                version: Some(OPSET),
            },
            OperatorSetIdProto {
                domain: Some(ML_DOMAIN.to_string()),
                version: Some(ML_OPSET),
            },
        ],
        producer_name: Some("rareclass".into()),
        producer_version: Some(env!("CARGO_PKG_VERSION").into()),
        doc_string: Some(doc),
        graph: Some(graph),
        metadata_props: vec![
            meta("model", file.name.clone()),
            meta("label", file.label.clone()),
            meta("positive_class", file.positive_class.clone()),
            meta("negative_class", file.negative_class.clone()),
            meta("threshold", file.threshold.to_string()),
            meta("rareclass_model_version", file.version.to_string()),
        ],
        ..Default::default()
    })
}

/// The model as the bytes of an `.onnx` file.
///
/// ```
/// use rareclass::data::{read_csv, ReadOptions};
/// use rareclass::experiment::{run, ExperimentConfig};
/// use rareclass::progress::Silent;
///
/// let mut csv = String::from("x,c,y\n");
/// for i in 0..40 {
///     csv += &format!("{i},{},{}\n", ["a", "b"][i % 2], (i >= 30) as u8);
/// }
/// let table = read_csv(csv.as_bytes(), &ReadOptions::default()).unwrap();
/// let config = ExperimentConfig { label: "y".into(), ..Default::default() };
/// let file = run(&table, &config, &mut Silent).unwrap().model_file(0).unwrap();
/// let bytes = rareclass::onnx::to_onnx(&file).unwrap();
/// assert!(bytes.len() > 100);
/// ```
pub fn to_onnx(file: &ModelFile) -> Result<Vec<u8>, OnnxError> {
    Ok(model_proto(file)?.encode_to_vec())
}

#[cfg(test)]
mod tests;
