//! The Explore statistics against SciPy / scikit-learn / pandas / NumPy
//! (tests/golden/make_explore.py → explore.json), the diagnostics'
//! behaviour on made-up and real data, and the `explore` subcommand.

use crate::common::{golden_path, read_data};
use rareclass::data::{binary_label, BinaryLabel, ColumnKind, PositiveClass, Table};
use rareclass::explore::{
    box_plots, class_histogram, correlation_matrix, density_2d, signal_table, SignalOptions, SignalTable, Test,
};
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
