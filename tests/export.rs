//! `rareclass export`: a saved model written as an ONNX graph (ONNX
//! Runtime's scores are compared with `predict` in tests/python/).

use crate::common::{data_path, rareclass, stderr, TempDir};
use prost::Message;
use rareclass::onnx::proto::ModelProto;

/// Trains a logistic model on the breast-cancer file into `dir`.
fn trained(dir: &TempDir) -> std::path::PathBuf {
    let model = dir.path("model.json");
    let bc = data_path("breast_cancer.csv");
    let o = rareclass(&[
        "-q",
        "train",
        bc.to_str().unwrap(),
        "--label",
        "target",
        "--export",
        model.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    model
}

#[test]
fn export_onnx_has_one_input_per_column_and_the_probability_out() {
    let dir = TempDir::new("cli-export-onnx");
    let model = trained(&dir);
    let out = dir.path("model.onnx");
    let o = rareclass(&["export", model.to_str().unwrap(), "--onnx", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("output \"probability\""), "{}", stderr(&o));
    let m = ModelProto::decode(std::fs::read(&out).unwrap().as_slice()).unwrap();
    let g = m.graph.unwrap();
    // breast_cancer.csv: 30 numeric columns and the label.
    assert_eq!(g.input.len(), 30);
    assert_eq!(g.input[0].name(), "mean radius");
    let outputs: Vec<&str> = g.output.iter().map(|o| o.name()).collect();
    assert_eq!(outputs, ["probability", "positive"]);
    let domains: Vec<(&str, i64)> = m.opset_import.iter().map(|o| (o.domain(), o.version())).collect();
    assert_eq!(domains, [("", 17), ("ai.onnx.ml", 3)]);
}

#[test]
fn export_without_a_format_or_with_a_bad_model_says_so() {
    let dir = TempDir::new("cli-export-none");
    let model = trained(&dir);
    let o = rareclass(&["export", model.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nothing to export"), "{}", stderr(&o));
    let bad = dir.path("bad.json");
    std::fs::write(&bad, "{}").unwrap();
    let o = rareclass(&[
        "export",
        bad.to_str().unwrap(),
        "--onnx",
        dir.path("x.onnx").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a rareclass model file"), "{}", stderr(&o));
}

#[test]
fn export_python_scripts_need_the_training_file_and_embed_its_split() {
    let dir = TempDir::new("cli-export-python");
    let model = trained(&dir);
    let script = dir.path("repro.py");
    let o = rareclass(&["export", model.to_str().unwrap(), "--sklearn", script.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("add --data DATA.csv"), "{}", stderr(&o));
    let bc = data_path("breast_cancer.csv");
    let (nb, spark) = (dir.path("repro.ipynb"), dir.path("spark.py"));
    let o = rareclass(&[
        "export",
        model.to_str().unwrap(),
        "--sklearn",
        script.to_str().unwrap(),
        "--notebook",
        nb.to_str().unwrap(),
        "--pyspark",
        spark.to_str().unwrap(),
        "--data",
        bc.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The recomputed split has the saved model's training rows.
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&model).unwrap()).unwrap();
    let rows = saved["training"]["rows"].as_u64().unwrap();
    assert!((300..420).contains(&rows), "{rows} of 569 at 64 %");
    assert!(
        stderr(&o).contains(&format!("; {rows} training rows")),
        "{}",
        stderr(&o)
    );
    let text = std::fs::read_to_string(&script).unwrap();
    assert!(text.contains("LogisticRegression(C=1.0"), "{text}");
    let nb: serde_json::Value = serde_json::from_slice(&std::fs::read(&nb).unwrap()).unwrap();
    assert_eq!(nb["nbformat"], 4);
    assert!(std::fs::read_to_string(&spark)
        .unwrap()
        .contains("from pyspark.ml.classification import LogisticRegression"));
    // Another file cannot give the model's split.
    let lc = data_path("lending_club.csv");
    let o = rareclass(&[
        "export",
        model.to_str().unwrap(),
        "--sklearn",
        script.to_str().unwrap(),
        "--data",
        lc.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("\"target\""), "{}", stderr(&o));
}
