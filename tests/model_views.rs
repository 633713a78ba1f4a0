//! The result views against independent values: the reliability curve, the
//! Brier score and its decomposition, permutation importance and the
//! standardised coefficients against scikit-learn 1.9.1
//! (`tests/golden/make_golden_views.py` → `views.json`); cumulative gain and
//! lift against a hand calculation written in the test.

use crate::common::golden_path;
use ndarray::Array2;
use rareclass::cv::Scoring;
use rareclass::inspect::{permutation_importance, standardised_coefficients};
use rareclass::metrics::{calibration, BinStrategy, GainCurve, RankedScores};
use rareclass::model_spec::FittedModel;
use rareclass::models::logistic::{FittedLogistic, Solver};
use rareclass::models::Classifier;
use serde_json::Value;

fn golden() -> Value {
    let text = std::fs::read_to_string(golden_path("views.json")).expect("views.json");
    serde_json::from_str(&text).expect("views.json parses")
}

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

fn matrix(v: &Value) -> Array2<f32> {
    let rows: Vec<Vec<f64>> = v.as_array().unwrap().iter().map(f64s).collect();
    let (n, d) = (rows.len(), rows[0].len());
    // The golden values are float32 values written as float64: exact.
    Array2::from_shape_fn((n, d), |(i, j)| rows[i][j] as f32)
}

fn max_diff(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len(), "lengths differ: {a:?} vs {b:?}");
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f64::max)
}

#[test]
fn calibration_curve_and_brier_decomposition_match_sklearn() {
    let g = golden();
    let mut worst: f64 = 0.0;
    for case in g["calibration"].as_array().unwrap() {
        let name = format!("{} {} bins {}", case["name"], case["strategy"], case["n_bins"]);
        let y: Vec<bool> = case["y"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64() == Some(1))
            .collect();
        let p = f64s(&case["p"]);
        let strategy: BinStrategy = case["strategy"].as_str().unwrap().parse().unwrap();
        let n_bins = case["n_bins"].as_u64().unwrap() as usize;
        let (curve, parts) = calibration(&y, &p, n_bins, strategy).unwrap().unwrap();
        // Edges, bin membership and counts must agree exactly: a score on an
        // edge in the wrong bin would show as a count off by one.
        assert_eq!(curve.edges, f64s(&case["edges"]), "{name}: edges");
        let counts: Vec<u64> = case["counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert_eq!(curve.counts, counts, "{name}: rows per bin");
        let diffs = [
            max_diff(&curve.prob_true, &f64s(&case["prob_true"])),
            max_diff(&curve.prob_pred, &f64s(&case["prob_pred"])),
            (parts.brier - case["brier"].as_f64().unwrap()).abs(),
            (parts.reliability - case["reliability"].as_f64().unwrap()).abs(),
            (parts.resolution - case["resolution"].as_f64().unwrap()).abs(),
            (parts.uncertainty - case["uncertainty"].as_f64().unwrap()).abs(),
        ];
        for d in diffs {
            assert!(d < 1e-12, "{name}: {diffs:?}");
            worst = worst.max(d);
        }
    }
    eprintln!("calibration: max |rareclass − scikit-learn| = {worst:e}");
}

fn golden_logistic(p: &Value) -> FittedModel {
    FittedModel::Logistic(FittedLogistic {
        coef: f64s(&p["coef"]),
        intercept: p["intercept"].as_f64().unwrap(),
        n_iter: 0,
        converged: true,
        objective: 0.0,
        gradient_max: 0.0,
        solver: Solver::Lbfgs,
    })
}

#[test]
fn permutation_importance_matches_sklearn_with_its_row_orders() {
    let g = golden();
    let p = &g["permutation"];
    let model = golden_logistic(p);
    let x = matrix(&p["x_val"]);
    let y: Vec<bool> = p["y_val"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64() == Some(1))
        .collect();
    let orders: Vec<Vec<usize>> = p["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            o.as_array()
                .unwrap()
                .iter()
                .map(|i| i.as_u64().unwrap() as usize)
                .collect()
        })
        .collect();
    let groups: Vec<(String, std::ops::Range<usize>)> = (0..x.ncols()).map(|j| (format!("x{j}"), j..j + 1)).collect();
    let predict = |m: ndarray::ArrayView2<f32>| model.predict_proba(m).to_vec();
    let mut worst: f64 = 0.0;
    for (scorer, scoring) in [
        ("average_precision", Scoring::PrAuc),
        ("roc_auc", Scoring::RocAuc),
        ("neg_log_loss", Scoring::LogLoss),
        ("neg_brier_score", Scoring::Brier),
    ] {
        let got = permutation_importance(&predict, x.view(), &y, &groups, scoring, &orders, &mut |_, _| true)
            .unwrap()
            .unwrap();
        assert_eq!(got.sklearn_scoring, scorer);
        let want = &p["results"][scorer];
        for (j, want_repeats) in want["importances"].as_array().unwrap().iter().enumerate() {
            let f = got.features.iter().find(|f| f.feature == format!("x{j}")).unwrap();
            let d = max_diff(&f.repeats, &f64s(want_repeats))
                .max((f.mean - want["mean"][j].as_f64().unwrap()).abs())
                .max((f.std - want["std"][j].as_f64().unwrap()).abs());
            // Ranking scorers see only the order of the scores; the losses
            // see the scores, summed in another order than NumPy's.
            assert!(d < 1e-12, "{scorer} x{j}: {d:e}");
            worst = worst.max(d);
        }
        let means: Vec<f64> = got.features.iter().map(|f| f.mean).collect();
        assert!(means.windows(2).all(|w| w[0] >= w[1]), "{scorer}: sorted, {means:?}");
    }
    eprintln!("permutation importance: max |rareclass − scikit-learn| = {worst:e}");
}

#[test]
fn standardised_coefficients_match_numpy() {
    let g = golden();
    let p = &g["permutation"];
    let x = matrix(&p["x_train"]);
    let names: Vec<String> = (0..x.ncols()).map(|j| format!("x{j}")).collect();
    let got = standardised_coefficients(&f64s(&p["coef"]), x.view(), &names).unwrap();
    let want = &g["coefficients"];
    let order: Vec<&str> = want["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(got.iter().map(|c| c.feature.as_str()).collect::<Vec<_>>(), order);
    let d_std = max_diff(&got.iter().map(|c| c.std).collect::<Vec<_>>(), &f64s(&want["std"]));
    let d = max_diff(
        &got.iter().map(|c| c.standardised).collect::<Vec<_>>(),
        &f64s(&want["standardised"]),
    );
    assert!(d < 1e-12 && d_std < 1e-12, "{d:e} {d_std:e}");
    eprintln!("coefficients: max |rareclass − NumPy| = {:e}", d.max(d_std));
}

#[test]
fn gain_and_lift_by_hand() {
    // 20 rows, 4 positives (base rate 0.2), scores 0.95, 0.90, …, 0.00 in
    // steps of 0.05, positives at ranks 1, 2, 5 and 12 (1 = highest).
    // Top 5 % = 1 row: the rank-1 row, a positive → gain 1/4 = 0.25,
    // lift 0.25 / 0.05 = 5, precision 1.
    // Top 10 % = 2 rows: ranks 1–2, both positive → gain 0.5, lift 5.
    // Top 25 % = 5 rows: ranks 1–5 hold 3 positives → gain 0.75, lift 3.
    // Top 1 % = 0.2 of a row: a fifth of the way along the first segment
    // (0 → 1 row, 0 → 1/4 gain) → gain 0.05, lift 5.
    // Top 57.5 % = 11.5 rows: halfway between rank 11 (3 positives) and
    // rank 12 (4) → gain 3.5 / 4 = 0.875, lift 0.875 / 0.575.
    let scores: Vec<f64> = (0..20).map(|i| (19 - i) as f64 * 0.05).collect();
    let mut y = vec![false; 20];
    for rank in [1, 2, 5, 12] {
        y[rank - 1] = true;
    }
    let g = GainCurve::new(&RankedScores::new(&y, &scores).unwrap());
    for (top, gain, lift) in [
        (0.05, 0.25, 5.0),
        (0.10, 0.5, 5.0),
        (0.25, 0.75, 3.0),
        (0.01, 0.05, 5.0),
        (0.575, 0.875, 0.875 / 0.575),
    ] {
        let t = g.top(top).unwrap().unwrap();
        assert!((t.gain - gain).abs() < 1e-12, "top {top}: gain {} vs {gain}", t.gain);
        assert!((t.lift - lift).abs() < 1e-9, "top {top}: lift {} vs {lift}", t.lift);
    }
    let t = g.top(0.05).unwrap().unwrap();
    assert!((t.precision - 1.0).abs() < 1e-12 && (t.rows - 1.0).abs() < 1e-12);
    // Whole set: gain 1, lift 1.
    let all = g.top(1.0).unwrap().unwrap();
    assert_eq!((all.gain, all.lift), (1.0, 1.0));
}
