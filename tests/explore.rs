//! The Explore statistics against SciPy / scikit-learn / pandas / NumPy
//! (tests/golden/make_explore.py → explore.json), the diagnostics'
//! behaviour on made-up and real data, and the `explore` subcommand.

use crate::common::{golden_path, rareclass, read_data, stdout, TempDir};
use rareclass::data::{binary_label, read_csv, BinaryLabel, ColumnKind, PositiveClass, ReadOptions, Table};
use rareclass::explore::{
    auc_difference, auc_with_se, box_plots, class_histogram, correlation_matrix, data_diagnostics, density_2d,
    model_checks, model_diagnostics, signal_table, Diagnostic, ModelCheck, SignalOptions, SignalTable, Test,
    ValidationHistory,
};
use rareclass::Rng;
use serde_json::Value;

fn golden() -> Value {
    let text = std::fs::read_to_string(golden_path("explore.json")).expect("run tests/golden/make_explore.py");
    serde_json::from_str(&text).expect("golden json")
}

fn close(ours: f64, want: f64, what: &str) {
    assert!((ours - want).abs() <= 1e-9, "{what}: ours {ours}, scipy {want}");
}

/// p-values: relative 1e-6 (they span 1e-300..1), absolute below 1e-300.
fn close_p(ours: f64, want: f64, what: &str) {
    let ok = (ours - want).abs() <= 1e-6 * want.abs() || (ours < 1e-300 && want < 1e-300);
    assert!(ok, "{what}: ours {ours:e}, scipy {want:e}");
}

fn opt(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn load(name: &str) -> (Table, BinaryLabel) {
    let (file, col, pos) = match name {
        "lending_club" => ("lending_club.csv", "Class", "bad"),
        _ => ("breast_cancer.csv", "target", "0"),
    };
    let t = read_data(file);
    let l = binary_label(&t, col, &PositiveClass::Value(pos.into())).expect("label");
    (t, l)
}

fn table_of(name: &str) -> (Table, BinaryLabel, SignalTable) {
    let (t, l) = load(name);
    let s = signal_table(&t, &l, &SignalOptions::default()).expect("signal table");
    (t, l, s)
}

#[test]
fn golden_file_records_its_calls_and_versions() {
    let g = golden();
    assert_eq!(g["_generated_by"], "tests/golden/make_explore.py");
    assert!(g["_versions"]["scipy"].is_string());
    assert!(g["_calls"].as_array().is_some_and(|c| c.len() >= 5));
}

#[test]
fn signal_table_matches_scipy_and_sklearn() {
    let g = golden();
    for set in ["lending_club", "breast_cancer"] {
        let (_, l, s) = table_of(set);
        let gs = &g[set];
        assert_eq!(s.rows as u64, gs["rows"].as_u64().unwrap(), "{set} rows");
        assert_eq!(s.positives as u64, gs["positives"].as_u64().unwrap(), "{set} positives");
        let mut checked = 0;
        for (col, want) in gs["features"].as_object().unwrap() {
            let Some(f) = s.features.iter().find(|f| &f.column == col) else {
                assert!(s.skipped.contains(col), "{set}/{col}: neither in the table nor skipped");
                continue;
            };
            let what = format!("{set}/{col}");
            assert_eq!(f.missing as u64, want["missing"].as_u64().unwrap(), "{what} missing");
            close(
                f.missing_rate,
                want["missing_rate"].as_f64().unwrap(),
                &format!("{what} missing_rate"),
            );
            close(f.auc.unwrap(), want["auc"].as_f64().unwrap(), &format!("{what} auc"));
            close(f.separation.unwrap(), f.auc.unwrap().max(1.0 - f.auc.unwrap()), &what);
            if want["kind"] == "numeric" {
                assert_eq!(f.test, Test::WelchT, "{what}");
                close(
                    f.point_biserial.unwrap(),
                    want["point_biserial"].as_f64().unwrap(),
                    &format!("{what} r"),
                );
                close(f.statistic.unwrap(), want["t"].as_f64().unwrap(), &format!("{what} t"));
                let df = want["t_df"].as_f64().unwrap();
                assert!((f.dof.unwrap() - df).abs() <= 1e-9 * df, "{what} df");
                close_p(
                    f.p_value.unwrap(),
                    want["t_p"].as_f64().unwrap(),
                    &format!("{what} welch p"),
                );
            } else {
                assert_eq!(f.test, Test::ChiSquare, "{what}");
                let chi = want["chi2"].as_f64().unwrap();
                assert!((f.statistic.unwrap() - chi).abs() <= 1e-9 * chi.max(1.0), "{what} chi2");
                assert_eq!(f.dof.unwrap(), want["chi2_dof"].as_f64().unwrap(), "{what} dof");
                assert_eq!(
                    f.levels.unwrap() as u64,
                    want["levels"].as_u64().unwrap(),
                    "{what} levels"
                );
                close_p(
                    f.p_value.unwrap(),
                    want["chi2_p"].as_f64().unwrap(),
                    &format!("{what} chi2 p"),
                );
            }
            checked += 1;
        }
        assert!(checked >= 20, "{set}: only {checked} features compared");
        // Ranked by separation, largest first.
        let seps: Vec<f64> = s.features.iter().filter_map(|f| f.separation).collect();
        assert!(seps.windows(2).all(|w| w[0] >= w[1]), "{set} not ranked");
        assert_eq!(l.y.len(), s.rows);
    }
}

#[test]
fn lending_club_has_categorical_features_tested_by_chi_square() {
    let (t, _, s) = table_of("lending_club");
    let sub = s.features.iter().find(|f| f.column == "sub_grade").unwrap();
    assert_eq!(t.column("sub_grade").unwrap().kind, ColumnKind::Categorical);
    assert_eq!(sub.test, Test::ChiSquare);
    assert!(sub.p_value.unwrap() < 1e-50);
}

#[test]
fn correlation_matrices_match_pandas() {
    let g = golden();
    for set in ["lending_club", "breast_cancer"] {
        let (t, l) = load(set);
        let m = correlation_matrix(&t, &l).unwrap();
        let names: Vec<&str> = g[set]["corr_names"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        for (gi, a) in names.iter().enumerate() {
            let i = m
                .names
                .iter()
                .position(|n| n == a)
                .unwrap_or_else(|| panic!("{set}: {a} not in matrix"));
            for (gj, b) in names.iter().enumerate() {
                let j = m.names.iter().position(|n| n == b).unwrap();
                for (ours, key) in [(&m.pearson, "pearson"), (&m.spearman, "spearman")] {
                    let want = opt(&g[set][key][gi][gj]);
                    match (ours[i][j], want) {
                        (Some(o), Some(w)) => close(o, w, &format!("{set} {key} {a}~{b}")),
                        (o, w) => assert_eq!(o.is_some(), w.is_some(), "{set} {key} {a}~{b}: {o:?} vs {w:?}"),
                    }
                }
            }
        }
        assert_eq!(m.names.last().unwrap(), &l.column, "label last");
    }
}

fn nums(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

#[test]
fn histogram_box_plot_and_density_match_numpy() {
    let g = golden();
    for set in ["lending_club", "breast_cancer"] {
        let (t, l) = load(set);
        let gh = &g[set]["hist"];
        let col = gh["column"].as_str().unwrap();
        let h = class_histogram(&t, &l, col, 20, false).unwrap();
        for (o, w) in h.edges.iter().zip(nums(&gh["edges"])) {
            close(*o, w, &format!("{set} edges"));
        }
        assert_eq!(h.positive, nums(&gh["positive"]), "{set} positive counts");
        assert_eq!(h.negative, nums(&gh["negative"]), "{set} negative counts");
        let d = class_histogram(&t, &l, col, 20, true).unwrap();
        for (o, w) in d.positive.iter().zip(nums(&gh["positive_density"])) {
            assert!((o - w).abs() <= 1e-9 * w.abs().max(1.0), "{set} density {o} vs {w}");
        }
        let gb = &g[set]["box"];
        let b = box_plots(&t, &l, gb["column"].as_str().unwrap()).unwrap();
        for (ours, key) in [(b.positive.unwrap(), "positive"), (b.negative.unwrap(), "negative")] {
            let w = &gb[key];
            assert_eq!(ours.n as u64, w["n"].as_u64().unwrap());
            assert_eq!(
                ours.outliers as u64,
                w["outliers"].as_u64().unwrap(),
                "{set} {key} outliers"
            );
            for (o, k) in [
                (ours.min, "min"),
                (ours.q1, "q1"),
                (ours.median, "median"),
                (ours.q3, "q3"),
                (ours.max, "max"),
                (ours.whisker_low, "whisker_low"),
                (ours.whisker_high, "whisker_high"),
            ] {
                close(o, w[k].as_f64().unwrap(), &format!("{set} box {key} {k}"));
            }
            let m = w["mean"].as_f64().unwrap();
            assert!((ours.mean - m).abs() <= 1e-12 * m.abs().max(1.0));
        }
        let gd = &g[set]["density"];
        let d2 = density_2d(&t, &l, gd["x"].as_str().unwrap(), gd["y"].as_str().unwrap(), 12, 8).unwrap();
        let want_pos: Vec<u64> = nums(&gd["positive"]).iter().map(|&x| x as u64).collect();
        let want_neg: Vec<u64> = nums(&gd["negative"]).iter().map(|&x| x as u64).collect();
        assert_eq!(d2.positive, want_pos, "{set} 2-d positive");
        assert_eq!(d2.negative, want_neg, "{set} 2-d negative");
        for (o, w) in d2.y_edges.iter().zip(nums(&gd["y_edges"])) {
            close(*o, w, &format!("{set} y edges"));
        }
    }
}

// ---------------------------------------------------------------- diagnostics

fn codes(d: &[Diagnostic]) -> Vec<(&str, Option<&str>)> {
    d.iter().map(|d| (d.code, d.column.as_deref())).collect()
}

/// `n` rows: `x1..x4` standard normal, `label` a fair coin independent of
/// them, plus the extra columns `extra(i, label)` gives.
/// An extra column: its name and its cell from (row, label, x1).
type Extra<'a> = (&'a str, &'a dyn Fn(usize, bool, f64) -> String);

fn noise_csv(n: usize, seed: u64, extra: &[Extra]) -> Table {
    let mut rng = Rng::new(seed);
    let mut s = String::from("x1,x2,x3,x4,label");
    for (name, _) in extra {
        s.push(',');
        s.push_str(name);
    }
    s.push('\n');
    for i in 0..n {
        let xs: Vec<f64> = (0..4).map(|_| rng.normal()).collect();
        let y = rng.uniform() < 0.5;
        s.push_str(&format!(
            "{},{},{},{},{}",
            xs[0],
            xs[1],
            xs[2],
            xs[3],
            if y { "yes" } else { "no" }
        ));
        for (_, f) in extra {
            s.push(',');
            s.push_str(&f(i, y, xs[0]));
        }
        s.push('\n');
    }
    read_csv(s.as_bytes(), &ReadOptions::default()).expect("made-up csv parses")
}

fn diagnose(t: &Table) -> Vec<Diagnostic> {
    let l = binary_label(t, "label", &PositiveClass::Value("yes".into())).unwrap();
    let s = signal_table(t, &l, &SignalOptions::default()).unwrap();
    rareclass::checks::findings(t, &l, &s, &[]).unwrap().findings
}

#[test]
fn random_label_gets_no_signal_and_no_leakage() {
    for seed in [1, 2, 3] {
        let t = noise_csv(2000, seed, &[]);
        let d = diagnose(&t);
        let c = codes(&d);
        assert!(c.contains(&("no-signal", None)), "seed {seed}: {c:?}");
        assert!(
            !c.iter().any(|(code, _)| *code == "possible-leakage"),
            "seed {seed}: {c:?}"
        );
        let ns = d.iter().find(|d| d.code == "no-signal").unwrap();
        assert!(ns.message.contains("permutations") && !ns.next_step.is_empty());
    }
}

#[test]
fn real_data_never_gets_no_signal() {
    for set in ["breast_cancer", "lending_club"] {
        let (t, l, s) = table_of(set);
        let d = data_diagnostics(&t, &l, &s).unwrap();
        assert!(
            !codes(&d).iter().any(|(c, _)| *c == "no-signal"),
            "{set}: {:?}",
            codes(&d)
        );
        assert!(
            s.features[0].above_chance == Some(true),
            "{set}: best feature not above chance"
        );
        let r = s.reference.as_ref().unwrap();
        assert_eq!(r.permutations, 30);
        assert!(r.p95 <= r.p99 && r.p99 < 0.9, "{set}: reference {r:?}");
    }
}

#[test]
fn copied_label_is_possible_leakage() {
    let text_copy = |_: usize, y: bool, _: f64| if y { "Y".to_string() } else { "N".to_string() };
    let num_copy = |_: usize, y: bool, x: f64| format!("{}", y as u8 as f64 * 10.0 + x * 0.01);
    let t = noise_csv(1000, 4, &[("outcome_code", &text_copy), ("after", &num_copy)]);
    let d = diagnose(&t);
    let c = codes(&d);
    assert!(c.contains(&("possible-leakage", Some("outcome_code"))), "{c:?}");
    assert!(c.contains(&("possible-leakage", Some("after"))), "{c:?}");
    let leak = d.iter().find(|d| d.code == "possible-leakage").unwrap();
    assert!(
        leak.message.contains("is it known before the outcome?"),
        "{}",
        leak.message
    );
    assert!(!c.iter().any(|(code, _)| *code == "no-signal"), "{c:?}");
}

#[test]
fn constant_duplicate_and_id_like_columns_are_found() {
    let id = |i: usize, _: bool, _: f64| format!("{}", i + 1);
    let constant = |_: usize, _: bool, _: f64| "7".to_string();
    let dup = |_: usize, _: bool, x: f64| format!("{x}");
    let code = |i: usize, _: bool, _: f64| format!("C{:05}", (i * 7919) % 100_003);
    let big_int = |i: usize, _: bool, _: f64| format!("{}", 900_000 + (i * 37) % 5003);
    let t = noise_csv(
        500,
        5,
        &[
            ("row_id", &id),
            ("const", &constant),
            ("x1_copy", &dup),
            ("customer", &code),
            ("account", &big_int),
        ],
    );
    let d = diagnose(&t);
    let c = codes(&d);
    assert!(c.contains(&("id-like-column", Some("row_id"))), "{c:?}");
    assert!(c.contains(&("constant-column", Some("const"))), "{c:?}");
    assert!(c.contains(&("duplicate-column", Some("x1_copy"))), "{c:?}");
    assert!(c.contains(&("id-like-column", Some("customer"))), "{c:?}");
    assert!(c.contains(&("id-like-column", Some("account"))), "{c:?}");
    // Real-valued measurements are all distinct too, but not identifiers.
    for x in ["x1", "x2", "x3", "x4"] {
        assert!(!c.iter().any(|(_, col)| *col == Some(x)), "{x} flagged: {c:?}");
    }
    let dupd = d.iter().find(|d| d.code == "duplicate-column").unwrap();
    assert!(dupd.message.contains("\"x1\""), "{}", dupd.message);
}

#[test]
fn real_data_columns_are_not_flagged_as_constant_duplicate_or_id() {
    let (t, l, s) = table_of("breast_cancer");
    let d = data_diagnostics(&t, &l, &s).unwrap();
    assert!(d.is_empty(), "{:?}", codes(&d));
}

#[test]
fn single_class_predictions_at_threshold_and_at_every_threshold() {
    let y = [true, false, false, false, true, false];
    let s = [0.2, 0.1, 0.3, 0.05, 0.4, 0.2];
    // Nobody flagged at 0.5 (the highest score is 0.4): the same code the
    // run's model checks use, said once.
    let d = model_diagnostics(&y, &s, 0.5, None).unwrap();
    let one = d.iter().find(|d| d.code == "no-positive-predicted").expect("fires");
    assert!(
        one.message.contains("predicts negative for all 6 rows"),
        "{}",
        one.message
    );
    assert!(
        !d.iter().any(|d| d.code == "single-class-predictions"),
        "{:?}",
        codes(&d)
    );
    // Everybody flagged at 0.05 (the lowest score).
    let d = model_diagnostics(&y, &s, 0.05, None).unwrap();
    let all_pos = d.iter().find(|d| d.code == "single-class-predictions").expect("fires");
    assert!(
        all_pos.message.contains("predicts positive for all 6 rows"),
        "{}",
        all_pos.message
    );
    // Same scores at a threshold that splits them: quiet.
    let d = model_diagnostics(&y, &s, 0.25, None).unwrap();
    assert!(
        !d.iter()
            .any(|d| d.code == "single-class-predictions" || d.code == "no-positive-predicted"),
        "{:?}",
        codes(&d)
    );
    // All scores equal: one class whatever the threshold.
    let d = model_diagnostics(&y, &[0.31; 6], 0.3, None).unwrap();
    let all = d.iter().find(|d| d.code == "single-class-predictions").unwrap();
    assert!(all.message.contains("every threshold"), "{}", all.message);
}

#[test]
fn accuracy_paradox_fires_only_where_it_holds() {
    // 2 positives of 10: majority accuracy 0.8.
    let y = [true, true, false, false, false, false, false, false, false, false];
    // Predicting all negative: accuracy 0.8 = majority → fires.
    let low = [0.1; 10]
        .iter()
        .enumerate()
        .map(|(i, s)| s + i as f64 * 0.01)
        .collect::<Vec<_>>();
    let d = model_diagnostics(&y, &low, 0.5, None).unwrap();
    assert!(codes(&d).contains(&("accuracy-paradox", None)));
    // Both positives caught, one false alarm: accuracy 0.9 > 0.8 → quiet.
    let good = [0.9, 0.8, 0.7, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
    let d = model_diagnostics(&y, &good, 0.5, None).unwrap();
    assert!(d.is_empty(), "{:?}", codes(&d));
    // A threshold that trades false alarms for recall: tp 2, fp 2, tn 6,
    // fn 0. Accuracy 0.8 equals the majority's, but recall is 1 and
    // balanced accuracy (1 + 6/8) / 2 = 0.875 > 0.5: no paradox → quiet.
    let traded = [0.9, 0.8, 0.7, 0.6, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
    let d = model_diagnostics(&y, &traded, 0.5, None).unwrap();
    assert!(d.is_empty(), "{:?}", codes(&d));
    // Every row flagged: tp 2, fp 8 → specificity
    // 0, balanced accuracy (1 + 0) / 2 = 0.5, no better than the majority
    // rule → fires.
    let all = [0.9; 10];
    let d = model_diagnostics(&y, &all, 0.5, None).unwrap();
    assert!(codes(&d).contains(&("accuracy-paradox", None)), "{:?}", codes(&d));
}

#[test]
fn delong_auc_and_its_standard_error_by_hand() {
    // y = T T F F F; a = 0.9 0.4 | 0.5 0.3 0.1.
    // Positive components (share of negatives outranked): 0.9 → 3/3 = 1,
    // 0.4 → 2/3. Negative components (share of positives above): 0.5 → 1/2,
    // 0.3 → 1, 0.1 → 1. AUC = mean = 5/6 either way.
    // S10 = sample var(1, 2/3) = 2·(1/6)² = 1/18; S01 = sample var(1/2, 1, 1)
    // = ((1/3)² + 2·(1/6)²) / 2 = 1/12. Var = S10/2 + S01/3 = 1/36 + 1/36.
    let y = [true, true, false, false, false];
    let a = [0.9, 0.4, 0.5, 0.3, 0.1];
    let (auc, se) = auc_with_se(&y, &a).unwrap();
    assert!((auc - 5.0 / 6.0).abs() < 1e-12, "{auc}");
    assert!((se - (1.0f64 / 18.0).sqrt()).abs() < 1e-12, "{se}");
    // b = 0.2 0.6 | 0.5 0.3 0.1: components (1/3, 1) and (1/2, 1/2, 1), AUC 2/3.
    // Paired, row by row: cov10(a, b) = (1/6·(−1/3) + (−1/6)·(1/3)) / 1 = −1/9,
    // S10(b) = 2/9; cov01 = ((−1/3)(−1/6) + (1/6)(−1/6) + (1/6)(1/3)) / 2 = 1/24,
    // S01(b) = 1/12. Var = (1/18 + 2/9 + 2/9)/2 + (1/12 + 1/12 − 1/12)/3 = 1/4 + 1/36 = 5/18.
    let b = [0.2, 0.6, 0.5, 0.3, 0.1];
    let (diff, se) = auc_difference(&y, &a, &b).unwrap();
    assert!((diff - 1.0 / 6.0).abs() < 1e-12, "{diff}");
    assert!((se - (5.0f64 / 18.0).sqrt()).abs() < 1e-12, "{se}");
    assert!(auc_with_se(&[true, true], &[0.1, 0.2]).is_none());
}

#[test]
fn model_checks_name_chance_baseline_and_no_positive_models() {
    // 20 positives, 20 negatives; the baseline ranks every positive first.
    let y: Vec<bool> = (0..40).map(|i| i < 20).collect();
    let perfect: Vec<f64> = (0..40).map(|i| if i < 20 { 0.9 } else { 0.1 }).collect();
    let check = |scores: &[f64], baseline: Option<&[f64]>, threshold: f64| {
        let d = model_checks(&ModelCheck {
            name: "net",
            part: "test",
            y: &y,
            scores,
            threshold,
            baseline,
        })
        .unwrap();
        d.iter().map(|d| d.code).collect::<Vec<_>>()
    };
    // The perfect model: AUC 1, every component 1 (SE 0): quiet.
    assert!(check(&perfect, None, 0.5).is_empty());
    // One score for every row: AUC 0.5 with SE 0 (every component 1/2),
    // so 0.5 − 1.96·0 ≤ 0.5 → at chance; the perfect baseline is 0.5
    // higher with SE 0 → below baseline; 0.3 < 0.5 flags nobody.
    let flat = vec![0.3; 40];
    assert_eq!(
        check(&flat, Some(&perfect), 0.5),
        ["model-at-chance", "below-baseline", "no-positive-predicted"]
    );
    // The same scores as the baseline: difference 0 → not below it; at
    // threshold 0.2 every row is flagged, so some positive is predicted.
    assert_eq!(check(&flat, Some(&flat), 0.2), ["model-at-chance"]);
    let e = model_checks(&ModelCheck {
        name: "net",
        part: "test",
        y: &y,
        scores: &flat[..3],
        threshold: 0.5,
        baseline: None,
    })
    .unwrap_err();
    assert!(e.to_string().contains("3 values"), "{e}");
}

#[test]
fn no_improvement_depends_on_direction_of_the_metric() {
    let y = [true, false, true, false];
    let s = [0.9, 0.1, 0.8, 0.2];
    let flat_loss = ValidationHistory {
        metric: "validation log loss",
        values: &[0.69, 0.69, 0.70, 0.71],
        higher_is_better: false,
    };
    let d = model_diagnostics(&y, &s, 0.5, Some(&flat_loss)).unwrap();
    let ni = d.iter().find(|d| d.code == "no-improvement").expect("fires");
    assert!(
        ni.message.starts_with("validation log loss never improved"),
        "{}",
        ni.message
    );
    let falling_loss = ValidationHistory {
        values: &[0.69, 0.5, 0.4],
        ..flat_loss.clone()
    };
    assert!(model_diagnostics(&y, &s, 0.5, Some(&falling_loss)).unwrap().is_empty());
    // The same numbers as an AUC (higher is better) never improved.
    let auc = ValidationHistory {
        metric: "validation AUC",
        values: &[0.69, 0.5, 0.4],
        higher_is_better: true,
    };
    assert!(codes(&model_diagnostics(&y, &s, 0.5, Some(&auc)).unwrap()).contains(&("no-improvement", None)));
    // One epoch: nothing to compare.
    let one = ValidationHistory {
        values: &[0.7],
        ..flat_loss
    };
    assert!(model_diagnostics(&y, &s, 0.5, Some(&one)).unwrap().is_empty());
}

#[test]
fn model_diagnostics_reject_bad_input_with_a_message() {
    let e = model_diagnostics(&[true, false], &[0.5], 0.5, None).unwrap_err();
    assert_eq!(e.to_string(), "explore error: scores has 1 values but y has 2");
    let e = model_diagnostics(&[true, false], &[0.5, f64::NAN], 0.5, None).unwrap_err();
    assert!(e.to_string().contains("score 1 is NaN"), "{e}");
}

#[test]
fn diagnostics_serialise_with_kebab_codes() {
    let d = model_diagnostics(&[true, false], &[0.2, 0.2], 0.5, None).unwrap();
    let j = serde_json::to_value(&d).unwrap();
    assert_eq!(j[0]["code"], "single-class-predictions");
    assert_eq!(j[0]["severity"], "warning");
    assert!(j[0]["next_step"].as_str().unwrap().len() > 20);
}

// ---------------------------------------------------------------- CLI

#[test]
fn cli_explore_prints_ranked_table_then_coded_findings() {
    let dir = TempDir::new("explore-cli");
    let csv = dir.path("leaky.csv");
    let mut rng = Rng::new(9);
    let mut s = String::from("id,x,status_after,label\n");
    for i in 0..400 {
        let y = rng.uniform() < 0.3;
        s.push_str(&format!(
            "{},{},{},{}\n",
            i + 1,
            rng.normal(),
            if y { "closed" } else { "open" },
            y as u8
        ));
    }
    std::fs::write(&csv, s).unwrap();
    let out = rareclass(&["explore", csv.to_str().unwrap(), "--label", "label", "--positive", "1"]);
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[1].starts_with("rank  feature"), "{text}");
    // status_after separates perfectly: ranked first, p-value in scientific notation.
    assert!(lines[2].contains("status_after") && lines[2].contains("e-"), "{text}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("possible-leakage: column \"status_after\"")),
        "{text}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("id-like-column: column \"id\"")),
        "{text}"
    );
    let json = rareclass(&["explore", csv.to_str().unwrap(), "--label", "label", "--json"]);
    let v: Value = serde_json::from_str(&stdout(&json)).expect("json");
    assert_eq!(v["signal"]["features"][0]["column"], "status_after");
    assert!(v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "possible-leakage"));
}

#[test]
fn cli_explore_without_label_says_what_to_add() {
    let out = rareclass(&[
        "explore",
        crate::common::data_path("breast_cancer.csv").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(crate::common::stderr(&out).contains("add --label COLUMN"));
}

// ---------------------------------------------------------------- charts

use rareclass::chart::explore::{
    box_plot_chart, class_histogram_chart, correlation_chart, correlation_color, density_chart, Heights,
};
use rareclass::chart::{Chart, DrawOp, Theme};

/// Every op finite and inside the canvas (text by the width estimate,
/// 0.5 px slack), clips balanced, hits finite.
fn assert_sane(chart: &Chart, what: &str) {
    for op in &chart.ops {
        assert!(op.is_finite(), "{what}: non-finite op {op:?}");
        if let Some([x0, y0, x1, y1]) = op.bounds() {
            assert!(
                x0 >= -0.5 && y0 >= -0.5 && x1 <= chart.width + 0.5 && y1 <= chart.height + 0.5,
                "{what}: op outside the canvas: {op:?}"
            );
        }
    }
    let clips = chart
        .ops
        .iter()
        .filter(|o| matches!(o, DrawOp::ClipRect { .. }))
        .count();
    let resets = chart.ops.iter().filter(|o| matches!(o, DrawOp::ResetClip)).count();
    assert_eq!(clips, resets, "{what}: unbalanced clip");
    assert!(chart.hits.iter().all(|h| h.x.is_finite() && h.y.is_finite()), "{what}");
}

fn chart_texts(chart: &Chart) -> Vec<&str> {
    chart
        .ops
        .iter()
        .filter_map(|o| match o {
            DrawOp::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// Filled rects of exactly `color` (alpha ignored) drawn in the plot's
/// clip (data, not legend swatches) and lying inside the plot.
fn rects_in_plot(chart: &Chart, rgb: (u8, u8, u8)) -> usize {
    let p = chart.plot;
    let clip = chart
        .ops
        .iter()
        .position(|o| matches!(o, DrawOp::ClipRect { .. }))
        .unwrap();
    let reset = chart.ops.iter().position(|o| matches!(o, DrawOp::ResetClip)).unwrap();
    chart.ops[clip..reset]
        .iter()
        .filter(|o| match o {
            DrawOp::Rect {
                x,
                y,
                w,
                h,
                fill: Some(c),
                ..
            } => {
                (c.r, c.g, c.b) == rgb
                    && *x >= p.x - 0.5
                    && *y >= p.y - 0.5
                    && x + w <= p.right() + 0.5
                    && y + h <= p.bottom() + 0.5
            }
            _ => false,
        })
        .count()
}

#[test]
fn histogram_chart_draws_both_classes_in_the_plot_with_a_legend() {
    let (t, l) = load("breast_cancer");
    let theme = Theme::light();
    let h = class_histogram(&t, &l, "mean radius", 20, true).unwrap();
    let c = class_histogram_chart(&h, Heights::Density, 480.0, 320.0, &theme);
    assert_sane(&c, "histogram");
    let rgb = |c: rareclass::chart::Color| (c.r, c.g, c.b);
    // Every non-empty bin is a rect of its class colour inside the plot.
    let nonzero = |v: &[f64]| v.iter().filter(|&&x| x > 0.0).count();
    assert_eq!(rects_in_plot(&c, rgb(theme.positive)), nonzero(&h.positive));
    assert_eq!(rects_in_plot(&c, rgb(theme.negative)), nonzero(&h.negative));
    let tx = chart_texts(&c);
    assert!(tx.contains(&"Positives") && tx.contains(&"Negatives"), "{tx:?}");
    assert!(tx.iter().any(|s| s.starts_with("Density")), "{tx:?}");
}

#[test]
fn box_plot_chart_has_two_boxes_with_ticks_and_class_labels() {
    let (t, l) = load("breast_cancer");
    let theme = Theme::light();
    let b = box_plots(&t, &l, "mean area").unwrap();
    let c = box_plot_chart(&b, 480.0, 320.0, &theme);
    assert_sane(&c, "box");
    let tx = chart_texts(&c);
    assert!(tx.iter().any(|s| s.starts_with("Positives (n = 212)")), "{tx:?}");
    assert!(tx.iter().any(|s| s.starts_with("Negatives (n = 357)")), "{tx:?}");
    assert!(tx.iter().filter(|s| s.ends_with("outliers")).count() >= 1, "{tx:?}");
    // Numeric y ticks (at least three labels that parse as numbers).
    assert!(
        tx.iter().filter(|s| s.replace(',', "").parse::<f64>().is_ok()).count() >= 3,
        "{tx:?}"
    );
    // The boxes: q1..q3 rects of each class colour inside the plot; the
    // positive (malignant) median is higher, so its box top is higher up.
    let boxes: Vec<(f32, f32)> = c
        .ops
        .iter()
        .filter_map(|o| match o {
            DrawOp::Rect {
                y,
                h,
                stroke: Some(_),
                fill: Some(_),
                ..
            } => Some((*y, *h)),
            _ => None,
        })
        .collect();
    assert_eq!(boxes.len(), 2, "{boxes:?}");
    assert!(boxes[1].0 < boxes[0].0, "positive box not above negative: {boxes:?}");
    let ys = c.y.unwrap();
    let q3 = b.positive.unwrap().q3;
    assert!((boxes[1].0 as f64 - ys.map(q3)).abs() < 0.01, "box top at q3");
    assert_eq!(c.hits.len(), 2);
}

#[test]
fn correlation_heat_map_labels_cells_with_a_diverging_palette() {
    let theme = Theme::light();
    let (t, l) = load("breast_cancer");
    let m = correlation_matrix(&t, &l).unwrap();
    let small = first_vars(&m, 4);
    let c = correlation_chart(&small, false, 480.0, 480.0, &theme);
    assert_sane(&c, "heat map");
    assert_eq!(c.hits.len(), 16);
    // The diagonal reads 1.00 and is full vermillion; white at 0; blue at −1.
    let tx = chart_texts(&c);
    assert!(tx.iter().filter(|s| **s == "1.00").count() >= 4, "{tx:?}");
    assert_eq!(
        correlation_color(1.0, &theme),
        rareclass::chart::theme::okabe_ito::VERMILLION
    );
    assert_eq!(
        correlation_color(-1.0, &theme),
        rareclass::chart::theme::okabe_ito::BLUE
    );
    assert_eq!(correlation_color(0.0, &theme), theme.background);
    assert!(tx.contains(&"mean radius"), "{tx:?}");
    // Cells are square and tile the plot.
    let cells: Vec<(f32, f32)> = c
        .ops
        .iter()
        .filter_map(|o| match o {
            DrawOp::Rect {
                w, h, stroke: Some(_), ..
            } => Some((*w, *h)),
            _ => None,
        })
        .collect();
    assert_eq!(cells.len(), 16);
    assert!(cells
        .iter()
        .all(|(w, h)| (w - h).abs() < 1e-3 && (w * 4.0 - c.plot.w).abs() < 1e-2));
    // Every variable of the full matrix fits too (31 of them: no text, hits only).
    assert_sane(&correlation_chart(&m, true, 480.0, 480.0, &theme), "full heat map");
}

/// The first `k` variables of a matrix (to keep a test chart readable).
fn first_vars(m: &rareclass::explore::CorrelationMatrix, k: usize) -> rareclass::explore::CorrelationMatrix {
    let cut = |v: &Vec<Vec<Option<f64>>>| v[..k].iter().map(|r| r[..k].to_vec()).collect();
    rareclass::explore::CorrelationMatrix {
        names: m.names[..k].to_vec(),
        pearson: cut(&m.pearson),
        spearman: cut(&m.spearman),
    }
}

#[test]
fn density_chart_puts_cells_inside_the_clip_and_the_plot() {
    let theme = Theme::light();
    let (t, l) = load("breast_cancer");
    let d = density_2d(&t, &l, "mean radius", "mean texture", 20, 15).unwrap();
    let c = density_chart(&d, 480.0, 360.0, &theme);
    assert_sane(&c, "density");
    let occupied = (0..d.positive.len())
        .filter(|&i| d.positive[i] + d.negative[i] > 0)
        .count();
    let clip = c.ops.iter().position(|o| matches!(o, DrawOp::ClipRect { .. })).unwrap();
    let reset = c.ops.iter().position(|o| matches!(o, DrawOp::ResetClip)).unwrap();
    let cells = c.ops[clip..reset]
        .iter()
        .filter(|o| {
            matches!(
                o,
                DrawOp::Rect {
                    fill: Some(_),
                    stroke: None,
                    ..
                }
            )
        })
        .count();
    assert_eq!(cells, occupied);
    assert!(c.hits.len() >= occupied);
    let tx = chart_texts(&c);
    assert!(
        tx.contains(&"Mostly positives") && tx.contains(&"Mostly negatives"),
        "{tx:?}"
    );
    // Cells are drawn, so the engine's empty-plot note must not be.
    assert!(!tx.contains(&"no values to show"), "{tx:?}");
    // No zero-width lines (the engine's invisible domain lines are removed).
    assert!(!c
        .ops
        .iter()
        .any(|o| matches!(o, DrawOp::Line { width, .. } if *width == 0.0)));
}

#[test]
fn explore_charts_survive_degenerate_input() {
    let theme = Theme::light();
    let t = read_csv(b"x,label\n1,a\n1,b\n1,a\n", &ReadOptions::default()).unwrap();
    let l = binary_label(&t, "label", &PositiveClass::Minority).unwrap();
    for (w, h) in [(480.0, 320.0), (10.0, 10.0), (f32::NAN, 200.0)] {
        let hist = class_histogram(&t, &l, "x", 5, false).unwrap();
        assert_sane(
            &class_histogram_chart(&hist, Heights::Counts, w, h, &theme),
            "flat histogram",
        );
        assert_sane(
            &box_plot_chart(&box_plots(&t, &l, "x").unwrap(), w, h, &theme),
            "flat box",
        );
        let m = correlation_matrix(&t, &l).unwrap();
        assert_sane(&correlation_chart(&m, false, w, h, &theme), "undefined correlations");
        let d = density_2d(&t, &l, "x", "x", 3, 3).unwrap();
        assert_sane(&density_chart(&d, w, h, &theme), "one-cell density");
    }
}
