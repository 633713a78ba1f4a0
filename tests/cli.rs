//! The `rareclass` program as a user runs it: exit codes, messages, reports.

use crate::common::{data_path, rareclass, stderr, stdout, TempDir};

#[test]
fn inspect_shows_types_and_balance() {
    let lc = data_path("lending_club.csv");
    let o = rareclass(&["inspect", lc.to_str().unwrap(), "--label", "Class"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("9,857 rows × 23 columns"), "{out}");
    assert!(out.contains("addr_state") && out.contains("categorical"), "{out}");
    assert!(out.contains("positive \"bad\" (the minority class"), "{out}");
    assert!(out.contains("517 of 9,857 = 5.2 %"), "{out}");
}

#[test]
fn train_writes_report_and_model() {
    let dir = TempDir::new("cli-train");
    let (report, model) = (dir.path("report.json"), dir.path("model.json"));
    let bc = data_path("breast_cancer.csv");
    let o = rareclass(&[
        "train",
        bc.to_str().unwrap(),
        "--label",
        "target",
        "--positive",
        "0",
        "--class-weight",
        "balanced",
        "--report",
        report.to_str().unwrap(),
        "--export",
        model.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("ROC-AUC"));
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(r["data"]["rows"], 569);
    assert_eq!(r["data"]["positives"], 212);
    let m = &r["models"][0];
    assert_eq!(m["name"], "logistic (C=1, balanced)");
    for key in [
        "roc_auc",
        "pr_auc",
        "ks",
        "log_loss",
        "brier",
        "accuracy",
        "precision",
        "recall",
        "f1",
        "tp",
        "fp",
        "tn",
        "fn",
        "threshold",
    ] {
        assert!(!m["test"][key].is_null(), "test.{key} missing in {m}");
    }
    assert!(m["fit_seconds"].as_f64().unwrap() >= 0.0);
    // Malignant vs benign is easy: a held-out AUC well above 0.97.
    assert!(m["test"]["roc_auc"].as_f64().unwrap() > 0.97);
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&model).unwrap()).unwrap();
    assert_eq!(saved["format"], "rareclass-model");
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["pipeline"]["feature_names"].as_array().unwrap().len(), 30);
}

#[test]
fn metrics_on_given_scores() {
    let dir = TempDir::new("cli-metrics");
    let path = dir.path("scores.csv");
    // y = 1,0,1,0 with scores .9,.8,.4,.1: of the 4 (pos, neg) pairs 3 are
    // ordered right → ROC-AUC 3/4. At 0.5: tp 1 (.9), fp 1 (.8), fn 1, tn 1.
    std::fs::write(&path, "y,score\n1,0.9\n0,0.8\n1,0.4\n0,0.1\n").unwrap();
    let o = rareclass(&[
        "metrics",
        path.to_str().unwrap(),
        "--label",
        "y",
        "--positive",
        "1",
        "--score",
        "score",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let m = &v["metrics"];
    assert_eq!(m["roc_auc"].as_f64().unwrap(), 0.75);
    assert_eq!(
        (m["tp"].as_u64(), m["fp"].as_u64(), m["tn"].as_u64(), m["fn"].as_u64()),
        (Some(1), Some(1), Some(1), Some(1))
    );
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let dir = TempDir::new("cli-bad");
    let ragged = dir.path("ragged.csv");
    std::fs::write(&ragged, "a,b,y\n1,2,0\n3,4\n5,6,1\n").unwrap();
    let o = rareclass(&["train", ragged.to_str().unwrap(), "--label", "y"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("rareclass: error: ") && err.contains("line 3"), "{err}");

    let lc = data_path("lending_club.csv");
    let o = rareclass(&["train", lc.to_str().unwrap(), "--label", "funded_amnt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("binarise this numeric one with a threshold"),
        "{}",
        stderr(&o)
    );

    let o = rareclass(&["train", "/no/such/file.csv", "--label", "y"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot open /no/such/file.csv"), "{}", stderr(&o));

    let o = rareclass(&["train", lc.to_str().unwrap(), "--label", "Class", "--C", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("C must be a positive finite number, got 0"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn threshold_label_and_type_override() {
    let lc = data_path("lending_club.csv");
    // Binarise a numeric column: interest rate above 15 % as the "label".
    let o = rareclass(&[
        "train",
        lc.to_str().unwrap(),
        "--label",
        "int_rate",
        "--above",
        "15",
        "--drop",
        "Class,sub_grade",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("positive \"> 15\""), "{}", stdout(&o));
    let o = rareclass(&[
        "train",
        lc.to_str().unwrap(),
        "--label",
        "Class",
        "--type",
        "delinq_2yrs=categorical",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn train_fits_every_model_kind_and_imbalance_technique_with_a_report_each() {
    let data = data_path("breast_cancer.csv");
    let dir = TempDir::new("cli-kinds");
    let report = dir.path("report.json");
    let out = rareclass(&[
        "train",
        data.to_str().unwrap(),
        "--label",
        "target",
        "--model",
        "mlp",
        "--imbalance",
        "none,class-weight,oversample,undersample,smote,balanced-batches",
        "--epochs",
        "20",
        "--batch-size",
        "64",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let models = json["models"].as_array().unwrap();
    assert_eq!(models.len(), 6);
    let names: Vec<&str> = models.iter().map(|m| m["name"].as_str().unwrap()).collect();
    for want in ["balanced", "oversampled", "undersampled", "SMOTE", "balanced batches"] {
        assert!(names.iter().any(|n| n.contains(want)), "{want} in {names:?}");
    }
    for m in models {
        // Breast cancer separates well: every technique learns it.
        assert!(m["test"]["roc_auc"].as_f64().unwrap() > 0.95, "{m}");
        assert_eq!(m["kind"], "mlp");
    }
    for loss in ["focal", "soft-f1"] {
        let out = rareclass(&[
            "train",
            data.to_str().unwrap(),
            "--label",
            "target",
            "--model",
            "mlp",
            "--loss",
            loss,
            "--epochs",
            "20",
            "--batch-size",
            "64",
        ]);
        assert!(out.status.success(), "{loss}: {}", stderr(&out));
        assert!(
            stdout(&out).contains(if loss == "focal" { "focal" } else { "soft-F1" }),
            "{}",
            stdout(&out)
        );
    }
    let out = rareclass(&[
        "train",
        data.to_str().unwrap(),
        "--label",
        "target",
        "--model",
        "logistic,tree,forest,majority",
        "--set",
        "n_trees=10",
    ]);
    // `--set n_trees` names a forest setting: the other kinds refuse it by name.
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no setting \"n_trees\""), "{}", stderr(&out));
    let out = rareclass(&[
        "train",
        data.to_str().unwrap(),
        "--label",
        "target",
        "--model",
        "logistic,tree,forest,majority",
        "--trees",
        "10",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for want in [
        "logistic (C=1)",
        "tree (depth 5)",
        "forest (10 trees)",
        "majority class",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    let out = rareclass(&[
        "train",
        data.to_str().unwrap(),
        "--label",
        "target",
        "--imbalance",
        "balanced-batches",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("mlp"), "{}", stderr(&out));
}

#[test]
fn gbdt_trains_with_settings_exports_and_predicts() {
    let dir = TempDir::new("cli-gbdt");
    let model = dir.path("model.json");
    let bc = data_path("breast_cancer.csv");
    let o = rareclass(&[
        "train",
        bc.to_str().unwrap(),
        "--label",
        "target",
        "--positive",
        "0",
        "--model",
        "gbdt",
        "--imbalance",
        "class-weight",
        "--set",
        "n_rounds=40",
        "--set",
        "max_leaves=7",
        "--set",
        "growth=depth_wise",
        "--set",
        "max_depth=3",
        "--set",
        "early_stopping=val_loss",
        "--export",
        model.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("gbdt (40 rounds, rate 0.05, b"), "{}", stdout(&o));
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&model).unwrap()).unwrap();
    assert_eq!(saved["model"]["kind"], "gbdt");
    let trees = saved["model"]["trees"].as_array().unwrap().len();
    assert!((1..=40).contains(&trees), "{trees} trees");
    let o = rareclass(&["predict", model.to_str().unwrap(), bc.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A setting out of range is refused with its value.
    let o = rareclass(&[
        "train",
        bc.to_str().unwrap(),
        "--label",
        "target",
        "--model",
        "gbdt",
        "--set",
        "max_bins=1000",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("max_bins must be in [2, 255], got 1000"),
        "{}",
        stderr(&o)
    );
}
