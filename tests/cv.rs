//! Cross-validation and grid search against scikit-learn on the same folds
//! (tests/golden/cv.json, made by make_golden_cv.py), and the properties that
//! make a grid shareable across workers.

use crate::common::{golden_path, rareclass, read_data, stderr, stdout};
use rareclass::cv::{cross_validate, cross_validate_on, grid_search, merge_grids, Grid, Scoring};
use rareclass::data::PositiveClass;
use rareclass::experiment::{ExperimentConfig, LogisticSpec, ModelSpec};
use rareclass::models::logistic::LogisticParams;
use rareclass::progress::Silent;
use serde_json::Value;

fn golden() -> Value {
    serde_json::from_str(&std::fs::read_to_string(golden_path("cv.json")).unwrap()).unwrap()
}

fn config(label: &str, positive: &str) -> ExperimentConfig {
    ExperimentConfig {
        label: label.into(),
        positive: PositiveClass::Value(positive.into()),
        models: vec![ModelSpec::Logistic(LogisticSpec {
            params: LogisticParams::default().tol(1e-9).max_iter(10_000).check().unwrap(),
            ..Default::default()
        })],
        ..Default::default()
    }
}

fn folds_of(case: &Value) -> Vec<Vec<usize>> {
    case["folds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f.as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap() as usize)
                .collect()
        })
        .collect()
}

#[test]
fn per_fold_metrics_match_sklearn_on_its_folds() {
    for case in golden()["cases"].as_array().unwrap() {
        let file = case["file"].as_str().unwrap();
        let table = read_data(file);
        let config = config(case["label"].as_str().unwrap(), case["positive"].as_str().unwrap());
        let report = cross_validate_on(&table, &config, &folds_of(case), &mut Silent).unwrap();
        let model = &report.models[0];
        for (f, want) in case["per_fold"].as_array().unwrap().iter().enumerate() {
            let got = &model.folds[f].evaluation;
            for (name, ours, tol) in [
                // Ranking metrics move smoothly with the coefficients: f32
                // features vs sklearn's f64 leave ~1e-7.
                ("roc_auc", got.roc_auc.unwrap(), 1e-5),
                ("pr_auc", got.pr_auc.unwrap(), 1e-5),
                // Counts at 0.5 agree exactly unless a score sits within
                // float noise of 0.5; none does in these folds.
                ("precision", got.precision, 1e-9),
                ("recall", got.recall, 1e-9),
                ("f1", got.f1, 1e-9),
            ] {
                let theirs = want[name].as_f64().unwrap();
                assert!(
                    (ours - theirs).abs() < tol,
                    "{file} fold {f} {name}: rareclass {ours} vs sklearn {theirs}"
                );
            }
        }
    }
}

#[test]
fn grid_search_matches_gridsearchcv() {
    for case in golden()["cases"].as_array().unwrap() {
        let file = case["file"].as_str().unwrap();
        let table = read_data(file);
        let config = config(case["label"].as_str().unwrap(), case["positive"].as_str().unwrap());
        let folds = folds_of(case);
        let cs: Vec<String> = case["grid"]["C"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap().to_string())
            .collect();
        let ws: Vec<String> = case["grid"]["class_weight"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        let grid: Grid = format!("C={};class_weight={}", cs.join(","), ws.join(","))
            .parse()
            .unwrap();
        // Grid cells on the given folds = plain CV of each cell's spec.
        let specs = grid.specs(&config.models[0]).unwrap();
        let cells = case["cells"].as_array().unwrap();
        assert_eq!(specs.len(), cells.len());
        let cv = cross_validate_on(
            &table,
            &ExperimentConfig {
                models: specs,
                ..config.clone()
            },
            &folds,
            &mut Silent,
        )
        .unwrap();
        let mut best = (f64::NEG_INFINITY, 0);
        for (i, (want, got)) in cells.iter().zip(&cv.models).enumerate() {
            let m = got.metric(Scoring::RocAuc);
            let (mean, sd) = (m.mean.unwrap(), m.sd.unwrap());
            let (w_mean, w_sd) = (want["mean"].as_f64().unwrap(), want["std"].as_f64().unwrap());
            assert!((mean - w_mean).abs() < 1e-5, "{file} cell {i}: mean {mean} vs {w_mean}");
            assert!((sd - w_sd).abs() < 1e-5, "{file} cell {i}: sd {sd} vs {w_sd}");
            if mean > best.0 {
                best = (mean, i);
            }
        }
        let best_cell = &cells[best.1];
        assert_eq!(best_cell["C"], case["best"]["C"], "{file}");
        assert_eq!(best_cell["class_weight"], case["best"]["class_weight"], "{file}");
    }
}

#[test]
fn grid_parts_merge_to_the_single_run_whatever_the_split_of_cells() {
    let table = read_data("breast_cancer.csv");
    let config = config("target", "0");
    let grid: Grid = "C=0.01,1,100;class_weight=none,balanced".parse().unwrap();
    let whole = grid_search(&table, &config, &grid, 3, Scoring::PrAuc, None, &mut Silent).unwrap();
    assert_eq!(whole.cells.len(), 6);
    assert!(whole.best.is_some());
    // Three "workers" taking interleaved cells, results handed in out of order.
    let part = |ix: &[usize]| grid_search(&table, &config, &grid, 3, Scoring::PrAuc, Some(ix), &mut Silent).unwrap();
    let merged = merge_grids(vec![part(&[2, 5]), part(&[0, 3]), part(&[1, 4])]).unwrap();
    assert_eq!(merged.best, whole.best);
    for (a, b) in merged.cells.iter().zip(&whole.cells) {
        assert_eq!(a.index, b.index);
        // Bit-identical scores, not just close: the same seed stream per fold.
        for (fa, fb) in a.cv.folds.iter().zip(&b.cv.folds) {
            assert_eq!(fa.evaluation.roc_auc, fb.evaluation.roc_auc);
            assert_eq!(fa.evaluation.pr_auc, fb.evaluation.pr_auc);
        }
    }
    // A part alone names no best: it has not seen every cell.
    assert_eq!(part(&[0]).best, None);
    let err = merge_grids(vec![part(&[0, 1]), part(&[1])]).unwrap_err().to_string();
    assert!(err.contains("cell 1 was run twice"), "{err}");
}

#[test]
fn seeded_folds_are_stratified_and_reported() {
    let table = read_data("lending_club.csv");
    let r = cross_validate(&table, &config("Class", "bad"), 5, &mut Silent).unwrap();
    assert_eq!(r.fold_rows.len(), 5);
    let mut all: Vec<usize> = r.fold_rows.concat();
    all.sort_unstable();
    assert_eq!(all, (0..9857).collect::<Vec<_>>());
    // 517 positives dealt round-robin: each fold holds 103 or 104.
    for f in &r.models[0].folds {
        assert!((103..=104).contains(&f.test_positives), "{}", f.test_positives);
        assert_eq!(f.train_rows + f.test_rows, 9857);
    }
    let auc = r.models[0].metric(Scoring::RocAuc);
    assert!(auc.mean.unwrap() > 0.7 && auc.sd.unwrap() < 0.05, "{auc:?}");
    assert_eq!(r.models[0].mean_roc.first().unwrap().0, 0.0);
}

#[test]
fn bad_grids_and_folds_are_named() {
    let table = read_data("breast_cancer.csv");
    let config = config("target", "0");
    let grid: Grid = "gamma=1,2".parse().unwrap();
    let err = grid_search(&table, &config, &grid, 5, Scoring::RocAuc, None, &mut Silent)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no setting \"gamma\""), "{err}");
    let grid: Grid = "C=abc".parse().unwrap();
    let err = grid_search(&table, &config, &grid, 5, Scoring::RocAuc, None, &mut Silent)
        .unwrap_err()
        .to_string();
    assert!(err.contains("\"abc\" is not a number"), "{err}");
    let err = cross_validate(&table, &config, 1, &mut Silent).unwrap_err().to_string();
    assert!(err.contains("fold"), "{err}");
    let err = cross_validate_on(&table, &config, &[vec![0, 1], vec![1]], &mut Silent)
        .unwrap_err()
        .to_string();
    assert!(err.contains("row 1 is in two folds"), "{err}");
}

#[test]
fn cli_cv_prints_a_grid_table_with_the_best_marked() {
    let data = crate::common::data_path("breast_cancer.csv");
    let out = rareclass(&[
        "cv",
        data.to_str().unwrap(),
        "--label",
        "target",
        "--folds",
        "3",
        "--grid",
        "C=0.01,1;class_weight=none,balanced",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("class_weight"), "{text}");
    assert!(text.lines().filter(|l| l.contains("± ")).count() >= 4, "{text}");
    assert!(text.contains("best"), "{text}");
    let bad = rareclass(&["cv", data.to_str().unwrap(), "--label", "target", "--grid", "C"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("KEY=V1"), "{}", stderr(&bad));
}
