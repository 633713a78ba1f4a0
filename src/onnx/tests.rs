//! Structural checks of exported graphs (ONNX Runtime's numeric agreement
//! is checked in Python by tests/python/check_onnx.py): the bytes decode,
//! every value is defined before it is used, constants hold as many
//! numbers as their shape says, and inputs and outputs are as documented.

use super::*;
use crate::data::{read_csv, ReadOptions};
use crate::experiment::{run, ExperimentConfig, ModelSpec};
use crate::pipeline::PipelineParams;
use crate::progress::Silent;
use proto::tensor_proto::DataType;
use std::collections::HashSet;

/// A file with a numeric column with gaps, a categorical one, a boolean and
/// a date, and signal in `x`.
fn csv() -> String {
    let mut s = String::from("x,c,b,d,y\n");
    for i in 0..80 {
        let x = if i % 7 == 3 { String::new() } else { i.to_string() };
        let c = ["red", "green", "", "blue"][i % 4];
        let b = ["yes", "no"][i % 2];
        s += &format!("{x},{c},{b},2024-01-{:02},{}\n", 1 + i % 28, (i >= 60) as u8);
    }
    s
}

fn model_file(spec: ModelSpec, pipeline: PipelineParams) -> ModelFile {
    let table = read_csv(csv().as_bytes(), &ReadOptions::default()).unwrap();
    let config = ExperimentConfig {
        label: "y".into(),
        models: vec![spec],
        pipeline,
        ..Default::default()
    };
    run(&table, &config, &mut Silent).unwrap().model_file(0).unwrap()
}

fn specs() -> Vec<ModelSpec> {
    ["logistic", "mlp", "tree", "forest", "majority"]
        .iter()
        .map(|k| serde_json::from_value(serde_json::json!({ "kind": k })).unwrap())
        .collect()
}

/// What onnx.checker's graph checks would refuse, for our own graphs.
fn check_graph(m: &ModelProto) {
    let g = m.graph.as_ref().unwrap();
    let mut defined: HashSet<&str> = HashSet::new();
    for i in &g.input {
        assert!(defined.insert(i.name()), "input {} twice", i.name());
    }
    for t in &g.initializer {
        assert!(defined.insert(t.name()), "initializer {} twice", t.name());
        let n: i64 = t.dims.iter().product();
        let len = match DataType::try_from(t.data_type()).unwrap() {
            DataType::Float => t.float_data.len(),
            DataType::Double => t.double_data.len(),
            DataType::Int64 => t.int64_data.len(),
            other => panic!("initializer type {other:?}"),
        };
        assert_eq!(
            len as i64,
            n,
            "initializer {} has {len} numbers for dims {:?}",
            t.name(),
            t.dims
        );
    }
    for node in &g.node {
        for i in &node.input {
            assert!(
                defined.contains(i.as_str()),
                "{} reads {i} before it is defined",
                node.name()
            );
        }
        for o in &node.output {
            assert!(defined.insert(o.as_str()), "{o} defined twice");
        }
        let domain = node.domain();
        assert!(domain.is_empty() || domain == "ai.onnx.ml", "domain {domain}");
    }
    let outputs: Vec<&str> = g.output.iter().map(|o| o.name()).collect();
    assert_eq!(outputs, OUTPUTS);
    assert!(outputs.iter().all(|o| defined.contains(o)));
}

#[test]
fn every_model_kind_exports_a_well_formed_graph() {
    for spec in specs() {
        for pipeline in [
            PipelineParams::default(),
            PipelineParams {
                missing_indicator: true,
                log: vec!["x".into()],
                encoding: crate::pipeline::Encoding::Label,
                ..Default::default()
            },
        ] {
            let file = model_file(spec.clone(), pipeline);
            let bytes = to_onnx(&file).unwrap();
            let m = ModelProto::decode(bytes.as_slice()).unwrap();
            assert_eq!(m.ir_version(), IR_VERSION);
            check_graph(&m);
            let g = m.graph.unwrap();
            let inputs: Vec<(&str, i32)> = g
                .input
                .iter()
                .map(|i| {
                    let Some(proto::type_proto::Value::TensorType(t)) = &i.r#type.as_ref().unwrap().value else {
                        panic!("not a tensor")
                    };
                    (i.name(), t.elem_type())
                })
                .collect();
            // One input per raw feature column, typed by its kind.
            assert_eq!(
                inputs,
                vec![
                    ("x", DataType::Double as i32),
                    ("c", DataType::String as i32),
                    ("b", DataType::String as i32),
                    ("d", DataType::Double as i32),
                ],
                "{}",
                file.name
            );
        }
    }
}

#[test]
fn a_column_named_like_an_output_is_refused() {
    let mut file = model_file(specs().remove(0), PipelineParams::default());
    file.pipeline.inputs[0].name = "probability".into();
    assert_eq!(
        model_proto(&file).unwrap_err(),
        OnnxError::DuplicateColumn("probability".into())
    );
    file.pipeline.inputs[0].name = String::new();
    assert_eq!(model_proto(&file).unwrap_err(), OnnxError::EmptyColumnName);
}

#[test]
fn float_thresholds_decide_as_the_f64_ones() {
    // For every float v near t: (v as f64 <= t) == (v <= down(t)).
    let mut rng = crate::Rng::new(5);
    for _ in 0..2000 {
        let t = (rng.uniform() - 0.5) * 10f64.powi((rng.uniform() * 12.0) as i32 - 6);
        let down = models::f32_at_or_below(t);
        assert!(down as f64 <= t);
        let r = t as f32;
        for v in [
            r,
            f32::from_bits(r.to_bits().wrapping_add(1)),
            f32::from_bits(r.to_bits().wrapping_sub(1)),
            down,
        ] {
            assert_eq!(v as f64 <= t, v <= down, "t={t} v={v}");
        }
    }
    assert_eq!(models::f32_at_or_below(0.1), 0.099_999_994);
    assert_eq!(models::f32_at_or_below(0.5), 0.5);
}
