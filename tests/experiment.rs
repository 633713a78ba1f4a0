//! A whole run on the bundled real data: label, split, pipeline, fit, report.

use crate::common::read_data;
use rareclass::data::PositiveClass;
use rareclass::experiment::{run, ExperimentConfig, LogisticSpec, ModelSpec};
use rareclass::models::logistic::{ClassWeight, LogisticParams};
use rareclass::pipeline::PipelineParams;
use rareclass::progress::{Progress, Silent};

fn config(label: &str) -> ExperimentConfig {
    ExperimentConfig {
        label: label.into(),
        ..Default::default()
    }
}

#[test]
fn every_bundled_file_trains_without_cleaning() {
    // (file, label, positive class chosen as minority, positives)
    for (file, label, positive, positives) in [
        ("lending_club.csv", "Class", "bad", 517),
        ("lending_club_source_term36.csv", "Class", "bad", 328),
        ("lending_club_target_term60.csv", "Class", "bad", 189),
        ("breast_cancer.csv", "target", "0", 212),
    ] {
        let table = read_data(file);
        let r = run(&table, &config(label), &mut Silent).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(r.report.data.positive_class, positive, "{file}");
        assert_eq!(r.report.data.positives, positives, "{file}");
        let test = r.report.models[0].test.as_ref().expect("test part");
        // Real signal in each: better than chance on held-out rows.
        assert!(test.roc_auc.unwrap() > 0.6, "{file}: {:?}", test.roc_auc);
    }
}

#[test]
fn lending_club_report_is_consistent() {
    let table = read_data("lending_club.csv");
    let r = run(&table, &config("Class"), &mut Silent).unwrap();
    let rep = &r.report;
    assert_eq!(rep.data.rows, 9857);
    assert_eq!(rep.data.balance, "517 of 9,857 = 5.2 %");
    assert!(rep.data.positive_is_minority);
    // 64/16/20 of each class: 517 positives → test round(103.4)=103, val round(82.72)=83.
    assert_eq!(
        (
            rep.split.test_positives,
            rep.split.val_positives,
            rep.split.train_positives
        ),
        (103, 83, 331)
    );
    assert_eq!(rep.split.train + rep.split.val + rep.split.test, 9857);
    // Categoricals are one-hot encoded: sub_grade has 35 grades, addr_state ~50.
    assert!(rep.data.features.iter().any(|f| f == "sub_grade=C4"));
    assert!(rep.data.features.len() > 100);
    let test = rep.models[0].test.as_ref().unwrap();
    assert_eq!(test.tp + test.fp + test.tn + test.fn_, rep.split.test as u64);
    assert_eq!(test.tp + test.fn_, 103);
}

#[test]
fn same_seed_same_numbers_other_seed_other_split() {
    let table = read_data("lending_club.csv");
    let a = run(&table, &config("Class"), &mut Silent).unwrap();
    let b = run(&table, &config("Class"), &mut Silent).unwrap();
    assert_eq!(a.split, b.split);
    assert_eq!(a.scores, b.scores);
    assert_eq!(a.report.models[0].test, b.report.models[0].test);
    let c = run(
        &table,
        &ExperimentConfig {
            seed: 7,
            ..config("Class")
        },
        &mut Silent,
    )
    .unwrap();
    assert_ne!(a.split.test, c.split.test);
}

#[test]
fn class_weight_balanced_raises_recall_on_rare_class() {
    let table = read_data("lending_club.csv");
    let plain = run(&table, &config("Class"), &mut Silent).unwrap();
    let weighted = ExperimentConfig {
        models: vec![ModelSpec::Logistic(LogisticSpec {
            params: LogisticParams::default()
                .class_weight(ClassWeight::Balanced)
                .check()
                .unwrap(),
            ..Default::default()
        })],
        ..config("Class")
    };
    let weighted = run(&table, &weighted, &mut Silent).unwrap();
    let recall = |r: &rareclass::experiment::Run| r.report.models[0].test.as_ref().unwrap().recall;
    // At threshold 0.5 an unweighted model on 5 % positives flags almost
    // nothing; balanced weights move scores up for the rare class.
    assert!(
        recall(&weighted) > recall(&plain) + 0.2,
        "{} vs {}",
        recall(&weighted),
        recall(&plain)
    );
}

#[test]
fn cancel_stops_the_run() {
    let table = read_data("breast_cancer.csv");
    let mut calls = 0;
    let mut cancel_at_fit = |p: &Progress| {
        calls += 1;
        p.stage != "fit"
    };
    let err = run(&table, &config("target"), &mut cancel_at_fit).unwrap_err();
    assert!(
        matches!(err, rareclass::experiment::ExperimentError::Cancelled),
        "{err}"
    );
    assert!(calls >= 2);
}

#[test]
fn bad_config_gives_clear_errors() {
    let table = read_data("breast_cancer.csv");
    let e = run(&table, &config("nope"), &mut Silent).unwrap_err().to_string();
    assert!(
        e.starts_with("label column \"nope\" is not in the file; columns are \"mean radius\""),
        "{e}"
    );
    let e = run(
        &table,
        &ExperimentConfig {
            positive: PositiveClass::Value("7".into()),
            ..config("target")
        },
        &mut Silent,
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        e,
        "positive class \"7\" does not occur in label column \"target\"; its values are \"0\", \"1\""
    );
    // A spec is checked as it is read, before any data is touched.
    let e = serde_json::from_str::<ModelSpec>(r#"{"kind": "logistic", "params": {"c": -1}}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("C must be a positive finite number, got -1"), "{e}");
    let e = run(
        &table,
        &ExperimentConfig {
            pipeline: PipelineParams {
                drop: vec!["x".into()],
                ..Default::default()
            },
            ..config("target")
        },
        &mut Silent,
    )
    .unwrap_err()
    .to_string();
    assert_eq!(e, "column \"x\" named in --drop is not in the file");
}

/// The whole path — CSV reader, label, standardising pipeline, solver —
/// reaches scikit-learn's optimum: `StandardScaler` on all 569 rows then
/// `LogisticRegression(C=1, tol=1e-10)` (tests/golden/make_golden_logistic.py).
#[test]
fn breast_cancer_end_to_end_matches_sklearn_coefficients() {
    let golden: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(crate::common::golden_path("logistic_breast_cancer.json")).unwrap(),
    )
    .unwrap();
    let table = read_data("breast_cancer.csv");
    for (case, weight) in [("c1", ClassWeight::None), ("c1_balanced", ClassWeight::Balanced)] {
        let want = golden["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == case)
            .unwrap();
        let config = ExperimentConfig {
            positive: PositiveClass::Value("0".into()),
            split: "1,0,0".parse().unwrap(),
            pipeline: PipelineParams {
                clip: None,
                ..Default::default()
            },
            models: vec![ModelSpec::Logistic(LogisticSpec {
                params: LogisticParams::default()
                    .class_weight(weight)
                    .tol(1e-10)
                    .check()
                    .unwrap(),
                ..Default::default()
            })],
            ..config("target")
        };
        let r = run(&table, &config, &mut Silent).unwrap();
        let rareclass::experiment::FittedModel::Logistic(m) = &r.models[0].model else {
            panic!("a logistic spec fits a logistic model");
        };
        let mut ours = m.coef.clone();
        ours.push(m.intercept);
        let mut theirs: Vec<f64> = want["coef"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        theirs.push(want["intercept"].as_f64().unwrap());
        let scale = theirs.iter().fold(0.0f64, |a, v| a.max(v.abs()));
        let worst = ours.iter().zip(&theirs).fold(0.0f64, |a, (o, t)| a.max((o - t).abs())) / scale;
        // The pipeline feeds f32 features, sklearn f64: 1e-4 relative is the issue's bar.
        assert!(worst <= 1e-4, "{case}: max relative coefficient difference {worst:e}");
    }
}
