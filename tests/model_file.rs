//! The saved model: train → save → load gives the same model and the same
//! scores to the bit; damaged, truncated, foreign, newer and inconsistent
//! files (made here from a real saved file) give their own error.

use crate::common::{fixture_path, read_data, TempDir};
use rareclass::data::PositiveClass;
use rareclass::experiment::{run, ExperimentConfig, FittedModel, ModelSpec, Run};
use rareclass::model_file::ModelFile;
use rareclass::model_file::{column_hash, ColumnRole, ModelFileError, FORMAT, VERSION};
use rareclass::models::logistic::ClassWeight;
use rareclass::predict::score_table;
use rareclass::progress::Silent;

fn trained(file: &str, label: &str, positive: PositiveClass) -> (rareclass::data::Table, Run) {
    let table = read_data(file);
    let config = ExperimentConfig {
        label: label.into(),
        positive,
        ..Default::default()
    };
    let r = run(&table, &config, &mut Silent).unwrap_or_else(|e| panic!("{file}: {e}"));
    (table, r)
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

/// Writes `text` to a file and reads it back the way the CLI does.
fn load_via_disk(dir: &TempDir, name: &str, text: &[u8]) -> Result<ModelFile, ModelFileError> {
    let path = dir.path(name);
    std::fs::write(&path, text).unwrap();
    ModelFile::from_bytes(&std::fs::read(&path).unwrap())
}

#[test]
fn round_trip_gives_bit_identical_scores_on_both_bundled_sets() {
    let dir = TempDir::new("model-file-round-trip");
    for (file, label, positive) in [
        ("lending_club.csv", "Class", PositiveClass::Minority),
        ("breast_cancer.csv", "target", PositiveClass::Value("0".into())),
    ] {
        let (table, r) = trained(file, label, positive);
        let saved = ModelFile::from_run(&r, 0).unwrap();
        let loaded = load_via_disk(&dir, file, saved.to_json().as_bytes()).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(loaded, saved, "{file}");
        let (a, b) = (
            score_table(&saved, &table).unwrap(),
            score_table(&loaded, &table).unwrap(),
        );
        assert_eq!(bits(&a.scores), bits(&b.scores), "{file}");
        assert_eq!(a.positive, b.positive, "{file}");
        // Scoring the file again reproduces the run's own test scores exactly.
        let test_rows: Vec<usize> = r.split.test.iter().map(|&i| r.label.rows[i]).collect();
        let rescored: Vec<f64> = test_rows.iter().map(|&row| b.scores[row]).collect();
        assert_eq!(bits(&rescored), bits(&r.scores[0].test), "{file}");
        // And the saved threshold gives the run's test confusion counts.
        let test = r.report.models[0].test.as_ref().unwrap();
        let tp = test_rows
            .iter()
            .filter(|&&row| b.positive[row] && r.label.y[row])
            .count();
        assert_eq!(tp as u64, test.tp, "{file}");
    }
}

/// A model file written by rareclass 0.1.0 before every spec held its
/// settings under `params`: its config has the flat logistic spec
/// `{"kind": "logistic", "c": 0.5, "class_weight": "balanced", "tol": 1e-6,
/// "max_iter": 1000, ...}`. Made with that build's CLI (`rareclass train
/// data/breast_cancer.csv --label target --model logistic --C 0.5
/// --class-weight balanced --seed 7 --export
/// model_logistic_flat_0.1.0.json`), and `..._scores.csv` is that build's
/// `rareclass predict` of the same CSV with it.
#[test]
fn a_file_with_the_flat_logistic_spec_loads_scores_and_refits_as_before() {
    let text = std::fs::read(fixture_path("model_logistic_flat_0.1.0.json")).unwrap();
    let file = ModelFile::from_bytes(&text).unwrap();
    let ModelSpec::Logistic(spec) = &file.config.models[0] else {
        panic!("a logistic spec: {:?}", file.config.models)
    };
    let p = &spec.params;
    assert_eq!(
        (p.c(), p.class_weight(), p.tol(), p.max_iter(), p.fit_intercept()),
        (0.5, ClassWeight::Balanced, 1e-6, 1000, true)
    );
    // Its scores are the old build's, to the bit.
    let table = read_data("breast_cancer.csv");
    let scored = score_table(&file, &table).unwrap();
    let old: Vec<f64> = std::fs::read_to_string(fixture_path("model_logistic_flat_0.1.0_scores.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|line| line.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    assert_eq!(old.len(), 569);
    assert_eq!(bits(&scored.scores), bits(&old));
    // The saved config, refitted now, gives the saved model: the flat spec
    // means the same fit (same solver, iterations and coefficients).
    let r = run(&table, &file.config, &mut Silent).unwrap();
    let (FittedModel::Logistic(now), FittedModel::Logistic(then)) = (&r.models[0].model, &file.model) else {
        panic!("logistic models")
    };
    assert_eq!((now.n_iter, now.solver), (then.n_iter, then.solver));
    for (a, b) in now
        .coef
        .iter()
        .chain([&now.intercept])
        .zip(then.coef.iter().chain([&then.intercept]))
    {
        assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{a} vs {b}");
    }
    // Saved again, the spec takes the one shape.
    let again = serde_json::to_value(&r.report.config.models[0]).unwrap();
    assert_eq!(again["params"]["c"], 0.5);
    assert!(again.get("c").is_none(), "{again}");
}

#[test]
fn the_document_holds_schema_config_and_fingerprint() {
    let (table, r) = trained("lending_club.csv", "Class", PositiveClass::Minority);
    let m = ModelFile::from_run(&r, 0).unwrap();
    assert_eq!((m.format.as_str(), m.version), (FORMAT, VERSION));
    assert_eq!(m.rareclass_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(m.schema.len(), table.columns.len());
    let class = m.schema.iter().find(|c| c.name == "Class").unwrap();
    assert_eq!(class.role, ColumnRole::Label);
    assert_eq!(
        m.schema.iter().filter(|c| c.role == ColumnRole::Feature).count(),
        m.pipeline.inputs.len()
    );
    // 64 % of 9,857 rows train; 331 of them positive (tests/experiment.rs).
    assert_eq!(m.training.rows, r.report.split.train);
    assert_eq!(m.training.positives, 331);
    assert_eq!(m.training.positive_rate, 331.0 / r.report.split.train as f64);
    assert_eq!(m.training.column_hash, column_hash(&m.schema));
    assert_eq!(m.config, r.report.config);
    // A dropped column is listed as dropped, and the hash does not see roles.
    let config = ExperimentConfig {
        label: "Class".into(),
        pipeline: rareclass::pipeline::PipelineParams {
            drop: vec!["addr_state".into()],
            ..Default::default()
        },
        ..Default::default()
    };
    let d = ModelFile::from_run(&run(&table, &config, &mut Silent).unwrap(), 0).unwrap();
    let state = d.schema.iter().find(|c| c.name == "addr_state").unwrap();
    assert_eq!(state.role, ColumnRole::Dropped);
    assert_eq!(d.training.column_hash, m.training.column_hash);
    assert_eq!(d.config.pipeline.drop, vec!["addr_state"]);
}

/// The 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn damaged_files_say_what_is_wrong() {
    let dir = TempDir::new("model-file-damaged");
    let (_, r) = trained("breast_cancer.csv", "target", PositiveClass::Value("0".into()));
    let good = ModelFile::from_run(&r, 0).unwrap().to_json();
    let load = |name: &str, text: &str| load_via_disk(&dir, name, text.as_bytes());

    // Cut short anywhere: at 1 byte, inside the schema, the pipeline, a
    // number of the weights, just before the last brace.
    let n = good.len();
    for cut in [1, n / 10, n / 3, n / 2, 2 * n / 3, n - 30, n - 3] {
        let e = load("cut.json", &good[..cut]).unwrap_err();
        assert!(matches!(e, ModelFileError::Truncated { .. }), "cut at {cut}: {e:?}");
        assert!(e.to_string().contains("cut short at line"), "{e}");
    }

    // A field of the wrong type: the message has the line it is on.
    let flipped = good.replacen("\"threshold\": 0.5", "\"threshold\": \"high\"", 1);
    let e = load("flipped.json", &flipped).unwrap_err();
    let want_line = line_of(&flipped, "\"threshold\"");
    assert!(
        matches!(&e, ModelFileError::Damaged { line, message, .. } if *line == want_line && message.contains("invalid type")),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .starts_with(&format!("model file is damaged at line {want_line}, column ")),
        "{e}"
    );

    // A field removed.
    let e = load("no-seed.json", &good.replacen("\"seed\": 42,", "", 1)).unwrap_err();
    assert!(
        matches!(&e, ModelFileError::Damaged { message, .. } if message.contains("missing field `seed`")),
        "{e:?}"
    );

    // Broken syntax in the middle.
    let e = load("syntax.json", &good.replacen("\"seed\":", "\"seed\";", 1)).unwrap_err();
    assert!(
        matches!(e, ModelFileError::Damaged { line, .. } if line == line_of(&good, "\"seed\"")),
        "{e:?}"
    );

    // A newer version, and versions no rareclass wrote.
    let e = load("v2.json", &good.replacen("\"version\": 1", "\"version\": 2", 1)).unwrap_err();
    assert_eq!(e, ModelFileError::Newer { found: 2, supported: 1 });
    assert_eq!(
        e.to_string(),
        "model file version 2 is newer than this rareclass reads (1); update rareclass"
    );
    for v in ["0", "-1", "1.5", "\"1\"", "null"] {
        let e = load(
            "v.json",
            &good.replacen("\"version\": 1", &format!("\"version\": {v}"), 1),
        )
        .unwrap_err();
        assert!(matches!(e, ModelFileError::UnknownVersion { .. }), "{v}: {e:?}");
    }

    // Someone else's JSON, another rareclass JSON, an empty file, not text.
    let foreign = [
        r#"{"name": "rareclass", "version": "0.1.0", "scripts": {}}"#.to_string(),
        serde_json::to_string(&r.report).unwrap(),
        "[1, 2, 3]".into(),
        "42".into(),
        good.replacen(FORMAT, "rareclass-report", 1),
    ];
    for text in &foreign {
        let e = load("foreign.json", text).unwrap_err();
        assert_eq!(e, ModelFileError::Foreign, "{text:.60}");
        assert_eq!(
            e.to_string(),
            "this is not a rareclass model file (no \"format\": \"rareclass-model\")"
        );
    }
    assert_eq!(load("empty.json", "").unwrap_err(), ModelFileError::Empty);
    assert_eq!(load("blank.json", "\n  \n").unwrap_err(), ModelFileError::Empty);
    assert_eq!(
        load_via_disk(&dir, "png.json", b"\x89PNG\r\n\x1a\n\xff\xd8").unwrap_err(),
        ModelFileError::NotText
    );
}

#[test]
fn inconsistent_files_are_refused() {
    let dir = TempDir::new("model-file-inconsistent");
    let (_, r) = trained("breast_cancer.csv", "target", PositiveClass::Value("0".into()));
    let good: serde_json::Value = serde_json::from_str(&ModelFile::from_run(&r, 0).unwrap().to_json()).unwrap();
    let edited = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        f(&mut v);
        load_via_disk(
            &dir,
            "edited.json",
            serde_json::to_string_pretty(&v).unwrap().as_bytes(),
        )
    };
    let inconsistent = |e: Result<ModelFile, ModelFileError>, needle: &str| match e {
        Err(ModelFileError::Inconsistent(s)) => assert!(s.contains(needle), "{s}"),
        other => panic!("expected Inconsistent({needle}), got {other:?}"),
    };
    // One weight fewer than the pipeline's 30 features.
    inconsistent(
        edited(&|v| {
            v["model"]["coef"].as_array_mut().unwrap().pop();
        }),
        "the pipeline makes 30 features but the model takes 29",
    );
    // A feature name removed: the steps no longer match the names.
    inconsistent(
        edited(&|v| {
            v["pipeline"]["feature_names"].as_array_mut().unwrap().pop();
        }),
        "steps make 30 features but it names 29",
    );
    // A zero scale would divide by zero.
    inconsistent(
        edited(&|v| v["pipeline"]["inputs"][0]["step"]["scale"] = 0.0.into()),
        "scale 0",
    );
    inconsistent(edited(&|v| v["threshold"] = 1.5.into()), "threshold 1.5");
    // A renamed schema column no longer matches the saved hash ...
    inconsistent(
        edited(&|v| v["schema"][0]["name"] = "other".into()),
        "reads column \"mean radius\", which the schema does not list",
    );
    // ... and a schema kind edited to match nothing.
    inconsistent(
        edited(&|v| v["schema"][0]["kind"] = "categorical".into()),
        "as numeric, but the schema has it",
    );
    inconsistent(
        edited(&|v| v["training"]["column_hash"] = "fnv1a64:0000000000000000".into()),
        "not the saved fnv1a64:0000000000000000",
    );
    // Unchanged, it loads.
    assert!(edited(&|_| {}).is_ok());
}
