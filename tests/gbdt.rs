//! Boosted trees against scikit-learn's HistGradientBoostingClassifier on
//! generated data (golden values from tests/golden/make_golden_gbdt.py):
//! the starting score, the first tree's root split and leaves, and every
//! row's raw score after the first tree and after all of them; plus the
//! model-file round trip, early stopping and seeding.

use ndarray::Array2;
use rareclass::experiment::{self, ExperimentConfig, GbdtSpec, ModelSpec};
use rareclass::model_file::ModelFile;
use rareclass::models::gbdt::{FittedGbdt, GbdtParams, StopMetric, ValidGbdt};
use rareclass::models::Classifier;
use rareclass::progress::Silent;
use rareclass::Rng;
use serde_json::Value;

fn golden() -> Value {
    serde_json::from_str(include_str!("golden/gbdt.json")).unwrap()
}

fn rows(c: &Value) -> (Array2<f32>, Vec<bool>) {
    let x: Vec<Vec<f32>> = c["x"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().map_or(f32::NAN, |v| v as f32))
                .collect()
        })
        .collect();
    let (n, d) = (x.len(), x[0].len());
    let x = Array2::from_shape_vec((n, d), x.concat()).unwrap();
    let y = c["y"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64() == Some(1))
        .collect();
    (x, y)
}

fn fit_case(c: &Value, rounds: Option<usize>) -> FittedGbdt {
    let mut p = c["params"].clone();
    p["early_stopping"] = Value::from("none");
    if let Some(r) = rounds {
        p["n_rounds"] = Value::from(r);
    }
    let params: ValidGbdt = serde_json::from_value(p).unwrap();
    let (x, y) = rows(c);
    params.fit(x.view(), &y, None, &mut Rng::new(0), &mut Silent).unwrap()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

#[test]
fn first_tree_and_scores_match_histgradientboosting() {
    let g = golden();
    assert_eq!(g["versions"]["scikit-learn"], "1.9.1");
    let tol = g["tolerance"]["raw"].as_f64().unwrap();
    for c in g["cases"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        let (x, _) = rows(c);
        let one = fit_case(c, Some(1));
        let t = &one.trees()[0];
        let ft = &c["first_tree"];
        assert!(
            (one.base_score() - ft_base(c)).abs() < 1e-12,
            "{name}: baseline {}",
            one.base_score()
        );
        assert_eq!(
            t.feature[0] as u64,
            ft["root_feature"].as_u64().unwrap(),
            "{name}: root feature"
        );
        let th = ft["root_threshold"].as_f64().unwrap();
        assert!(
            (t.threshold[0] - th).abs() <= 1e-6 * th.abs().max(1.0),
            "{name}: threshold {} vs {th}",
            t.threshold[0]
        );
        let gain = ft["root_gain"].as_f64().unwrap();
        assert!(
            (t.gain[0] - gain).abs() <= 1e-6 * gain,
            "{name}: gain {} vs {gain}",
            t.gain[0]
        );
        assert_eq!(
            t.missing_left[0],
            ft["root_missing_left"].as_bool().unwrap(),
            "{name}: missing side"
        );
        assert_eq!(t.n_leaves() as u64, ft["n_leaves"].as_u64().unwrap(), "{name}: leaves");
        let mut leaves: Vec<f64> = (0..t.value.len())
            .filter(|&i| t.left[i] == 0)
            .map(|i| t.value[i])
            .collect();
        leaves.sort_by(f64::total_cmp);
        for (a, b) in leaves.iter().zip(floats(&ft["leaf_values"])) {
            assert!((a - b).abs() < tol, "{name}: leaf value {a} vs {b}");
        }
        let raw = one.decision_function(x.view());
        for (i, (a, b)) in raw.iter().zip(floats(&c["raw_first"])).enumerate() {
            assert!((a - b).abs() < tol, "{name}: row {i} after one tree: {a} vs {b}");
        }
        let all = fit_case(c, None);
        assert_eq!(all.trees().len() as u64, c["n_trees"].as_u64().unwrap());
        let raw = all.decision_function(x.view());
        for (i, (a, b)) in raw.iter().zip(floats(&c["raw_final"])).enumerate() {
            assert!(
                (a - b).abs() < tol,
                "{name}: row {i} after {} trees: {a} vs {b}",
                all.trees().len()
            );
        }
    }
}

fn ft_base(c: &Value) -> f64 {
    c["baseline"].as_f64().unwrap()
}

#[test]
fn saved_form_round_trips_and_scores_alike() {
    let g = golden();
    let c = &g["cases"][2]; // NaNs in two features
    let model = fit_case(c, None);
    let text = serde_json::to_string(&model).unwrap();
    let back: FittedGbdt = serde_json::from_str(&text).unwrap();
    assert_eq!(back, model);
    let (x, _) = rows(c);
    assert_eq!(back.predict_proba(x.view()), model.predict_proba(x.view()));
    // Damage is refused on load, naming what is wrong.
    for (from, to, says) in [
        ("\"n_features\":4", "\"n_features\":2", "feature"),
        ("\"trees\":[", "\"trees\":[],\"x\":[", "unknown field"),
        ("\"left\":[1", "\"left\":[0", "children"),
    ] {
        let bad = text.replacen(from, to, 1);
        assert_ne!(bad, text, "{from}");
        let e = serde_json::from_str::<FittedGbdt>(&bad).unwrap_err().to_string();
        assert!(e.contains(says), "{from} → {e}");
    }
    let no_trees = serde_json::json!({"n_features": 4, "base_score": 0.0, "learning_rate": 0.1, "trees": []});
    let e = serde_json::from_value::<FittedGbdt>(no_trees).unwrap_err().to_string();
    assert!(e.contains("no trees"), "{e}");
}

/// 2,000 rows: the label depends on x0 and x1 with noise; x2 is noise.
fn noisy() -> (Array2<f32>, Vec<bool>) {
    let mut r = Rng::new(5);
    let x = Array2::from_shape_fn((2000, 3), |_| r.normal() as f32);
    let y = x
        .outer_iter()
        .map(|row| (row[0] + 0.5 * row[1] + r.normal() as f32 * 1.5) > 1.5)
        .collect();
    (x, y)
}

#[test]
fn early_stopping_keeps_the_best_round_and_seeds_repeat() {
    let (x, y) = noisy();
    let (xt, yt) = (x.slice(ndarray::s![..1500, ..]), &y[..1500]);
    let (xv, yv) = (x.slice(ndarray::s![1500.., ..]), &y[1500..]);
    // A high rate over-fits fast: validation AP peaks early, and the model
    // keeps the trees up to that round only.
    let p = GbdtParams::default()
        .n_rounds(200)
        .learning_rate(0.5)
        .max_leaves(Some(31))
        .min_samples_leaf(2)
        .patience(10)
        .check()
        .unwrap();
    let m = p.fit(xt, yt, Some((xv, yv)), &mut Rng::new(1), &mut Silent).unwrap();
    let kept = m.trees().len();
    assert!(kept < 190, "kept {kept} of 200 trees");
    // The kept prefix is the best: one tree more or less is no better on AP.
    let ap = |m: &FittedGbdt| {
        let s = m.predict_proba(xv).to_vec();
        rareclass::metrics::RankedScores::new(yv, &s)
            .unwrap()
            .average_precision()
            .unwrap()
    };
    let full = GbdtParams::default()
        .n_rounds(kept + 1)
        .learning_rate(0.5)
        .max_leaves(Some(31))
        .min_samples_leaf(2)
        .early_stopping(StopMetric::None)
        .check()
        .unwrap()
        .fit(xt, yt, None, &mut Rng::new(1), &mut Silent)
        .unwrap();
    assert_eq!(&full.trees()[..kept], m.trees());
    assert!(ap(&m) >= ap(&full));
    // Subsampling draws from the seed: same seed, same model; another seed, another.
    let sub = GbdtParams::default()
        .n_rounds(5)
        .subsample(0.5)
        .colsample(0.67)
        .early_stopping(StopMetric::None)
        .check()
        .unwrap();
    let fit = |seed| sub.fit(x.view(), &y, None, &mut Rng::new(seed), &mut Silent).unwrap();
    assert_eq!(fit(3), fit(3));
    assert_ne!(fit(3), fit(4));
}

#[test]
fn a_run_with_gbdt_saves_a_model_file_that_scores_the_same() {
    let (x, y) = noisy();
    let mut csv = String::from("a,b,c,label\n");
    for (row, &l) in x.outer_iter().zip(&y) {
        csv += &format!("{},{},{},{}\n", row[0], row[1], row[2], if l { "yes" } else { "no" });
    }
    let table = rareclass::data::read_csv(csv.as_bytes(), &rareclass::data::ReadOptions::default()).unwrap();
    let mut spec = ModelSpec::Gbdt(GbdtSpec::default());
    spec.set("n_rounds", "40").unwrap();
    spec.set("imbalance", "class-weight").unwrap();
    let config = ExperimentConfig {
        label: "label".into(),
        models: vec![spec],
        ..Default::default()
    };
    let run = experiment::run(&table, &config, &mut Silent).unwrap();
    let report = &run.report.models[0];
    assert_eq!(report.kind, "gbdt");
    assert!(report.test.as_ref().unwrap().roc_auc.unwrap() > 0.75);
    let importance = run.models[0].model.feature_importance().unwrap();
    // x0 carries most of the signal, x2 none.
    assert!(
        importance[0] > importance[1] && importance[1] > importance[2],
        "{importance:?}"
    );
    let file = run.model_file(0).unwrap();
    let back = ModelFile::from_json(&file.to_json()).unwrap();
    assert_eq!(back, file);
}

#[test]
fn bad_settings_are_refused_with_the_number() {
    let e = GbdtParams::default().max_bins(300).check().unwrap_err().to_string();
    assert!(e.contains("300"), "{e}");
    let e = GbdtParams::default().subsample(0.0).check().unwrap_err().to_string();
    assert!(e.contains("subsample") && e.contains('0'), "{e}");
    let e = GbdtParams::default().max_leaves(None).check().unwrap_err().to_string();
    assert!(e.contains("max_depth"), "{e}");
    let e = serde_json::from_str::<ValidGbdt>(r#"{"learning_rate": -1}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("learning_rate"), "{e}");
    let mut spec = ModelSpec::Gbdt(GbdtSpec::default());
    spec.set("early_stopping", "none").unwrap();
    assert!(!spec.uses_validation());
    spec.set("growth", "depth_wise").unwrap();
    let e = spec.set("trees", "5").unwrap_err();
    assert!(e.contains("n_rounds"), "{e}");
}
