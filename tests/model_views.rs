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

// ---------------------------------------------------------------- a run's views

use rareclass::app::runs::Part;
use rareclass::app::Session;
use rareclass::chart::views::{ChartKind, ChartRequest, RunCharts};
use rareclass::chart::DrawOp;
use rareclass::experiment::ExperimentConfig;
use rareclass::progress::Silent;
use rareclass::Rng;

/// `n` rows `signal,noise,color,label` (seeded): label "yes" for about 1 in
/// 8 rows; `signal` shifted up by 2 for them; `noise` unrelated; `color` a
/// category, "red" three times as likely among positives.
fn views_csv(n: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::from("signal,noise,color,label\n");
    for _ in 0..n {
        let positive = rng.uniform() < 0.125;
        let signal = rng.normal() + if positive { 2.0 } else { 0.0 };
        let red = rng.uniform() < if positive { 0.6 } else { 0.2 };
        let color = if red {
            "red"
        } else if rng.uniform() < 0.5 {
            "green"
        } else {
            "blue"
        };
        out.push_str(&format!(
            "{signal:.4},{:.4},{color},{}\n",
            rng.normal(),
            if positive { "yes" } else { "no" }
        ));
    }
    out
}

fn trained_session(models: &str) -> (Session, rareclass::app::session::Trained) {
    let mut s = Session::from_bytes(views_csv(2500, 11).as_bytes()).unwrap();
    let config: ExperimentConfig = serde_json::from_str(&format!(
        r#"{{"label": "label", "positive": {{"value": "yes"}}, "seed": 5, "models": {models}}}"#
    ))
    .unwrap();
    let trained = s.train(&config, &mut Silent).unwrap();
    (s, trained)
}

#[test]
fn every_model_kind_gets_permutation_importance_ranking_the_signal_first() {
    let (s, trained) = trained_session(
        r#"[{"kind": "logistic"}, {"kind": "tree"}, {"kind": "forest"}, {"kind": "gbdt"}, {"kind": "mlp"}, {"kind": "majority"}]"#,
    );
    assert_eq!(trained.inspections.len(), 6);
    for (i, found) in trained.inspections.iter().enumerate() {
        let p = found
            .importance
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no importance", found.model));
        // Positives are ~12.5 % of the rows: PR-AUC (average precision) by default.
        assert_eq!(p.sklearn_scoring, "average_precision", "{}", found.model);
        assert!(found.scoring_by_default);
        assert!(found.importance_note.contains("PR-AUC"), "{}", found.importance_note);
        assert_eq!(p.n_repeats, 5);
        assert_eq!(p.rows, trained.report.split.val);
        // One entry per input column (color's one-hot levels permuted together).
        let mut names: Vec<&str> = p.features.iter().map(|f| f.feature.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["color", "noise", "signal"], "{}", found.model);
        if found.model.contains("majority") {
            // Reads no feature: shuffling changes nothing.
            assert!(p.features.iter().all(|f| f.mean == 0.0 && f.std == 0.0));
            continue;
        }
        assert_eq!(p.features[0].feature, "signal", "{}: {:?}", found.model, p.features);
        assert!(p.features[0].mean > 0.1, "{}: {:?}", found.model, p.features[0]);
        let noise = p.features.iter().find(|f| f.feature == "noise").unwrap();
        assert!(noise.mean.abs() < 0.05, "{}: noise {:?}", found.model, noise);
        // Coefficients for logistic regression only.
        assert_eq!(found.coefficients.is_some(), i == 0, "{}", found.model);
    }
    let coefs = trained.inspections[0].coefficients.as_ref().unwrap();
    assert_eq!(coefs[0].feature, "signal");
    assert!(coefs[0].standardised > 0.5, "{coefs:?}");
    let red = coefs.iter().find(|c| c.feature == "color=red").unwrap();
    assert!(red.standardised > 0.0, "red is more common among positives: {red:?}");
    // The same seed measures the same importances.
    let (_, again) = trained_session(r#"[{"kind": "logistic"}]"#);
    assert_eq!(again.inspections[0].importance, trained.inspections[0].importance);
    // The page's call: the views of run 0 on the test rows.
    let v = s.result_views(0, Part::Test, 10, BinStrategy::Quantile).unwrap();
    assert_eq!(v.part.rows, trained.report.split.test);
    assert_eq!(v.part.top.len(), 3);
    let brier = v.part.brier.unwrap();
    assert!((brier.brier - trained.report.models[0].test.as_ref().unwrap().brier.unwrap()).abs() < 1e-12);
    assert!(
        v.part.top[0].lift > 2.0,
        "the top 1 % of a useful model beats the base rate: {:?}",
        v.part.top
    );
    assert!(s.result_views(0, Part::Test, 0, BinStrategy::Uniform).is_err());
    assert!(s.result_views(9, Part::Test, 10, BinStrategy::Uniform).is_err());
}

fn ink(ops: &[DrawOp]) -> usize {
    ops.iter()
        .filter(|op| matches!(op, DrawOp::Line { .. } | DrawOp::Rect { .. } | DrawOp::Circle { .. }))
        .count()
}

#[test]
fn the_new_charts_draw_finite_ops_inside_the_chart() {
    let (s, _) = trained_session(r#"[{"kind": "logistic"}, {"kind": "gbdt"}]"#);
    for (series, kind) in [
        (0, ChartKind::Calibration),
        (0, ChartKind::Gain),
        (1, ChartKind::Lift),
        (0, ChartKind::Coefficients),
        (1, ChartKind::Importance),
    ] {
        for (w, h) in [(358.0, 258.0), (640.0, 420.0)] {
            let req = ChartRequest {
                kind,
                series,
                width: w,
                height: h,
                calibration_strategy: BinStrategy::Quantile,
                ..ChartRequest::default()
            };
            let chart = s.runs().chart(&req).unwrap();
            assert!(chart.ops.iter().all(|op| op.is_finite()), "{kind:?}");
            assert!(ink(&chart.ops) > 8, "{kind:?} at {w}: too little drawn");
            for op in &chart.ops {
                if let Some([x0, y0, x1, y1]) = op.bounds() {
                    assert!(
                        x0 >= -1.0 && y0 >= -1.0 && x1 <= w + 1.0 && y1 <= h + 1.0,
                        "{kind:?} at {w}: {op:?}"
                    );
                }
            }
            assert!(!chart.hits.is_empty(), "{kind:?}: hover targets");
        }
    }
    // A boosted model has no coefficients: the chart says so instead.
    let req = ChartRequest {
        kind: ChartKind::Coefficients,
        series: 1,
        ..ChartRequest::default()
    };
    let chart = s.runs().chart(&req).unwrap();
    let said = chart
        .ops
        .iter()
        .any(|op| matches!(op, DrawOp::Text { text, .. } if text.contains("logistic regression")));
    assert!(said);
}

#[test]
fn cli_train_prints_the_views_and_writes_them_in_the_report() {
    let dir = crate::common::TempDir::new("views-cli");
    let data = dir.path("views.csv");
    std::fs::write(&data, views_csv(1500, 3)).unwrap();
    let report = dir.path("report.json");
    let out = crate::common::rareclass(&[
        "train",
        data.to_str().unwrap(),
        "--label",
        "label",
        "--positive",
        "yes",
        "--model",
        "logistic,tree",
        "--report",
        report.to_str().unwrap(),
    ]);
    let text = crate::common::stdout(&out);
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    assert!(text.contains("the top 1 % of scores holds"), "{text}");
    assert!(text.contains("scoring=\"average_precision\""), "{text}");
    let r: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let logistic = &r["models"][0]["views"];
    assert_eq!(logistic["importance"]["sklearn_scoring"], "average_precision");
    assert_eq!(logistic["coefficients"][0]["feature"], "signal");
    let top = logistic["held_out"]["top"].as_array().unwrap();
    assert_eq!(
        top.iter().map(|t| t["top"].as_f64().unwrap()).collect::<Vec<_>>(),
        [0.01, 0.05, 0.1]
    );
    assert!(r["models"][1]["views"]["coefficients"].is_null());
    assert_eq!(
        r["models"][1]["views"]["importance"]["features"][0]["feature"],
        "signal"
    );
}

/// The Latin words (3 letters or more) of `chart`'s text and hover labels,
/// once the data's own names in `own` (runs, columns, class labels) are
/// taken out, less the acronyms and names Chinese charts write in Latin too.
fn latin_words(chart: &rareclass::chart::Chart, own: &[String]) -> Vec<String> {
    const KEPT: [&str; 12] = [
        "ROC", "AUC", "PR-AUC", "ROC-AUC", "TPR", "FPR", "Brier", "log10", "MMD", "PCA", "DAN", "KS",
    ];
    let mut texts: Vec<String> = chart
        .ops
        .iter()
        .filter_map(|op| match op {
            DrawOp::Text { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    texts.extend(chart.hits.iter().map(|h| h.label.clone()));
    let mut out = Vec::new();
    for mut t in texts {
        // Longest first, so a run name is removed before a column inside it.
        for name in own {
            t = t.replace(name.as_str(), " ");
        }
        let mut word = String::new();
        for c in t.chars().chain([' ']) {
            if c.is_ascii_alphanumeric() || c == '-' {
                word.push(c);
            } else {
                let w = word.trim_matches('-');
                // A kept word cut short by the legend ("Brie…") is still that word.
                let cut_kept = t.contains(&format!("{w}…")) && KEPT.iter().any(|k| k.starts_with(w));
                if w.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 3 && !KEPT.contains(&w) && !cut_kept {
                    out.push(format!("{w} (in {t:?})"));
                }
                word.clear();
            }
        }
    }
    out
}

#[test]
fn every_train_tab_chart_has_its_words_in_chinese_when_asked() {
    use rareclass::chart::Lang;
    let (s, _) = trained_session(r#"[{"kind": "logistic"}, {"kind": "gbdt"}]"#);
    let bench = s.runs();
    let mut own: Vec<String> = bench.series().iter().map(|r| r.name.clone()).collect();
    own.extend(
        [
            "signal",
            "noise",
            "color=red",
            "color=green",
            "color=blue",
            "color",
            "yes",
            "no",
        ]
        .map(String::from),
    );
    own.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let kinds = [
        ChartKind::Roc,
        ChartKind::Pr,
        ChartKind::Confusion,
        ChartKind::Scores,
        ChartKind::Threshold,
        ChartKind::Ks,
        ChartKind::Calibration,
        ChartKind::Gain,
        ChartKind::Lift,
        ChartKind::Coefficients,
        ChartKind::Importance,
    ];
    for series in [0, 1] {
        for kind in kinds {
            let req = |lang| ChartRequest {
                kind,
                series,
                lang,
                ..ChartRequest::default()
            };
            let english = bench.chart(&req(Lang::En)).unwrap();
            // The scan sees English where there is some: it can fail.
            assert!(
                !latin_words(&english, &own).is_empty(),
                "{kind:?}: no English found in English"
            );
            let chinese = bench.chart(&req(Lang::Zh)).unwrap();
            assert_eq!(
                latin_words(&chinese, &own),
                Vec::<String>::new(),
                "{kind:?} of series {series}"
            );
        }
    }
}
