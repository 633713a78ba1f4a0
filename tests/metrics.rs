//! Metrics against scikit-learn 1.9.1 golden values (tests/golden/metrics.json,
//! made by tests/golden/make_golden_metrics.py), to the tolerance recorded
//! there (1e-9), ties, one-class labels and extreme probabilities included.
//! Knows nothing of models: every case is fixed labels and scores.

use rareclass::metrics::{brier_score, evaluate, log_loss, Confusion, Evaluator, MetricsError, RankedScores, Sweep};
use serde_json::Value;

const GOLDEN: &str = include_str!("golden/metrics.json");

fn golden() -> Value {
    serde_json::from_str(GOLDEN).expect("tests/golden/metrics.json parses")
}

/// A golden float, written as text (Python's repr, or "nan" / "inf" /
/// "-inf"): `str::parse` rounds correctly, serde_json's number parser does
/// not always (it reads 0.9999999999999999 as 1.0).
fn num(v: &Value) -> f64 {
    match v {
        Value::String(s) => s.parse().unwrap_or_else(|_| panic!("not a golden float: {s}")),
        other => panic!("not a golden float: {other}"),
    }
}

fn nums(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(num).collect()
}

fn count(v: &Value) -> u64 {
    v.as_u64().unwrap()
}

const TOL: f64 = 1e-9;

fn close(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b || (a - b).abs() <= TOL
}

fn assert_close(ours: f64, want: f64, what: &str) {
    assert!(close(ours, want), "{what}: ours {ours}, scikit-learn {want}");
}

fn assert_all_close(ours: &[f64], want: &[f64], what: &str) {
    assert_eq!(ours.len(), want.len(), "{what}: lengths {ours:?} vs {want:?}");
    for (i, (a, b)) in ours.iter().zip(want).enumerate() {
        assert!(close(*a, *b), "{what}[{i}]: ours {a}, scikit-learn {b}");
    }
}

struct Case {
    name: String,
    y: Vec<bool>,
    scores: Vec<f64>,
    v: Value,
}

fn cases() -> Vec<Case> {
    let g = golden();
    g["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Case {
            name: c["name"].as_str().unwrap().to_string(),
            y: c["y"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b.as_bool().unwrap())
                .collect(),
            scores: nums(&c["scores"]),
            v: c.clone(),
        })
        .collect()
}

#[test]
fn golden_file_records_its_versions_and_tolerance() {
    let g = golden();
    assert_eq!(g["versions"]["scikit-learn"], "1.9.1");
    assert_eq!(num(&g["tolerance"]), TOL);
    assert!(g["cases"].as_array().unwrap().len() >= 10);
}

#[test]
fn threshold_metrics_match_sklearn() {
    for c in cases() {
        let ranked = RankedScores::new(&c.y, &c.scores).unwrap();
        for row in c.v["at_thresholds"].as_array().unwrap() {
            let t = num(&row["threshold"]);
            let what = format!("{} at {t}", c.name);
            let want = Confusion {
                tp: count(&row["tp"]),
                fp: count(&row["fp"]),
                tn: count(&row["tn"]),
                fn_: count(&row["fn"]),
            };
            let m = Confusion::at_threshold(&c.y, &c.scores, t).unwrap();
            assert_eq!(m, want, "{what}: direct counts");
            assert_eq!(ranked.confusion_at(t).unwrap(), want, "{what}: ranked counts");

            let e = evaluate(&c.y, &c.scores, t).unwrap();
            assert_eq!((e.tp, e.fp, e.tn, e.fn_), (want.tp, want.fp, want.tn, want.fn_));
            assert_eq!(e.rows, c.y.len() as u64);
            for (ours, key) in [
                (e.accuracy, "accuracy"),
                (e.majority_accuracy, "majority_accuracy"),
                (e.precision, "precision"),
                (e.recall, "recall"),
                (e.specificity, "specificity"),
                (e.f1, "f1"),
                (e.balanced_accuracy, "balanced_accuracy"),
                (e.mcc, "mcc"),
                (m.fbeta(2.0).unwrap(), "fbeta2"),
            ] {
                assert_close(ours, num(&row[key]), &format!("{what}: {key}"));
            }

            // We warn exactly where scikit-learn raises UndefinedMetricWarning
            // for these four (it does not warn for MCC, we do).
            let flagged: Vec<&str> = row["sklearn_undefined"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            let w = m.warnings();
            for (key, prefix) in [
                ("precision", "precision is undefined"),
                ("recall", "recall is undefined"),
                ("specificity", "specificity is undefined"),
                ("f1", "F1 is undefined"),
                ("fbeta2", "F1 is undefined"),
            ] {
                assert_eq!(
                    flagged.contains(&key),
                    w.iter().any(|s| s.starts_with(prefix)),
                    "{what}: warning for {key}: ours {w:?}, scikit-learn {flagged:?}"
                );
            }
        }
    }
}

#[test]
fn roc_curves_and_auc_match_sklearn() {
    for c in cases() {
        let r = RankedScores::new(&c.y, &c.scores).unwrap();
        for (drop, key) in [(true, "roc_curve"), (false, "roc_curve_full")] {
            let ours = r.roc_curve(drop);
            let want = &c.v[key];
            let what = format!("{} {key}", c.name);
            assert_all_close(&ours.fpr, &nums(&want["fpr"]), &format!("{what} fpr"));
            assert_all_close(&ours.tpr, &nums(&want["tpr"]), &format!("{what} tpr"));
            assert_all_close(
                &ours.thresholds,
                &nums(&want["thresholds"]),
                &format!("{what} thresholds"),
            );
        }
        let want = num(&c.v["roc_auc"]);
        match r.roc_auc() {
            Some(auc) => assert_close(auc, want, &format!("{} roc_auc", c.name)),
            // scikit-learn 1.9.1 warns and returns NaN on one class.
            None => assert!(want.is_nan(), "{}: ours None, scikit-learn {want}", c.name),
        }
    }
}

#[test]
fn pr_curves_and_average_precision_match_sklearn() {
    for c in cases() {
        let r = RankedScores::new(&c.y, &c.scores).unwrap();
        for (drop, key) in [(false, "pr_curve"), (true, "pr_curve_dropped")] {
            let ours = r.pr_curve(drop);
            let want = &c.v[key];
            let what = format!("{} {key}", c.name);
            assert_all_close(&ours.precision, &nums(&want["precision"]), &format!("{what} precision"));
            assert_all_close(&ours.recall, &nums(&want["recall"]), &format!("{what} recall"));
            assert_all_close(
                &ours.thresholds,
                &nums(&want["thresholds"]),
                &format!("{what} thresholds"),
            );
        }
        let want = num(&c.v["average_precision"]);
        match r.average_precision() {
            Some(ap) => assert_close(ap, want, &format!("{} average_precision", c.name)),
            // scikit-learn sets recall to 1, warns and returns 0 when y has
            // no positives; we call AP undefined there (documented).
            None => {
                assert!(c.y.iter().all(|&l| !l), "{}", c.name);
                assert_eq!(want, 0.0);
                assert!(c.v["sklearn_warnings"]["average_precision"].is_array());
            }
        }
    }
}

#[test]
fn ks_matches_roc_gap_and_scipy_ks_2samp() {
    for c in cases() {
        let r = RankedScores::new(&c.y, &c.scores).unwrap();
        match r.ks() {
            None => assert!(c.v["ks_abs"].is_null(), "{}", c.name),
            Some(ks) => {
                assert_close(ks.statistic, num(&c.v["ks_abs"]), &format!("{} ks vs roc", c.name));
                assert_close(ks.statistic, num(&c.v["ks_2samp"]), &format!("{} ks vs scipy", c.name));
                assert_close((ks.tpr - ks.fpr).abs(), ks.statistic, &c.name);
                // The signed maximum differs only for scores ranked the wrong way.
                let signed = num(&c.v["ks_signed"]);
                if ks.tpr >= ks.fpr {
                    assert_close(ks.statistic, signed, &format!("{} signed ks", c.name));
                }
                // The reported threshold reproduces the gap.
                let m = r.confusion_at(ks.threshold).unwrap();
                let gap = m.tp as f64 / m.positives() as f64 - m.fp as f64 / m.negatives() as f64;
                assert_close(gap.abs(), ks.statistic, &format!("{} ks threshold", c.name));
            }
        }
    }
    let reversed = cases().into_iter().find(|c| c.name == "reversed_12").unwrap();
    assert_eq!(num(&reversed.v["ks_signed"]), 0.0);
    assert_eq!(
        RankedScores::new(&reversed.y, &reversed.scores)
            .unwrap()
            .ks()
            .unwrap()
            .statistic,
        1.0
    );
}

#[test]
fn log_loss_and_brier_match_sklearn() {
    for c in cases() {
        for (key, ours) in [
            ("log_loss", log_loss(&c.y, &c.scores).unwrap()),
            ("brier", brier_score(&c.y, &c.scores).unwrap()),
        ] {
            match ours {
                Ok(v) => assert_close(v, num(&c.v[key]), &format!("{} {key}", c.name)),
                // scikit-learn raises for scores outside [0, 1].
                Err(w) => {
                    assert!(c.v[format!("{key}_error")].is_string(), "{}: {w}", c.name);
                    assert!(w.contains("outside [0, 1]"));
                }
            }
        }
    }
}

#[test]
fn evaluation_threshold_free_fields_match_sklearn() {
    for c in cases() {
        let e = evaluate(&c.y, &c.scores, 0.5).unwrap();
        let opt = |o: Option<f64>| o.unwrap_or(f64::NAN);
        assert_close(opt(e.roc_auc), num(&c.v["roc_auc"]), &c.name);
        if c.y.iter().any(|&l| l) {
            assert_close(opt(e.pr_auc), num(&c.v["average_precision"]), &c.name);
        } else {
            assert!(e.pr_auc.is_none());
            assert!(e.warnings.iter().any(|w| w.starts_with("PR-AUC")));
        }
        match c.v["ks_abs"].is_null() {
            true => assert!(e.ks.is_none() && e.warnings.iter().any(|w| w.starts_with("KS"))),
            false => assert_close(opt(e.ks), num(&c.v["ks_abs"]), &c.name),
        }
        match c.v["log_loss"].is_null() {
            true => assert!(e.log_loss.is_none() && e.brier.is_none()),
            false => {
                assert_close(opt(e.log_loss), num(&c.v["log_loss"]), &c.name);
                assert_close(opt(e.brier), num(&c.v["brier"]), &c.name);
            }
        }
        if e.roc_auc.is_none() {
            assert!(e
                .warnings
                .iter()
                .any(|w| w.starts_with("ROC-AUC is undefined: y has no")));
        }
    }
}

#[test]
fn sweep_rows_match_sklearn_at_each_threshold() {
    for c in cases() {
        let ev = Evaluator::new(&c.y, &c.scores).unwrap();
        let sweep: Sweep = ev.sweep();
        for row in c.v["at_thresholds"].as_array().unwrap() {
            let t = num(&row["threshold"]);
            let i = ev.ranked().index_at(t);
            let what = format!("{} sweep at {t}", c.name);
            assert_eq!(
                (sweep.tp[i], sweep.fp[i], sweep.tn[i], sweep.fn_[i]),
                (
                    count(&row["tp"]),
                    count(&row["fp"]),
                    count(&row["tn"]),
                    count(&row["fn"])
                ),
                "{what}"
            );
            assert_close(sweep.precision[i], num(&row["precision"]), &what);
            assert_close(sweep.recall[i], num(&row["recall"]), &what);
            assert_close(sweep.f1[i], num(&row["f1"]), &what);
        }
    }
}

#[test]
fn curves_serialise_for_charts() {
    let c = cases().into_iter().find(|c| c.name == "sklearn_doc_4").unwrap();
    let curves = Evaluator::new(&c.y, &c.scores).unwrap().curves(false);
    let json = serde_json::to_value(&curves).unwrap();
    // +inf has no JSON number: serde_json writes null.
    assert!(json["roc"]["thresholds"][0].is_null());
    assert_eq!(json["roc"]["fpr"].as_array().unwrap().len(), 5);
    assert_eq!(json["pr"]["thresholds"].as_array().unwrap().len(), 4);
    assert_eq!(json["ks"]["statistic"], 0.5);
}

#[test]
fn error_messages_name_the_problem() {
    assert_eq!(
        evaluate(&[true; 12], &[0.5; 10], 0.5).unwrap_err().to_string(),
        "metrics error: scores has 10 values but y has 12"
    );
    let mut s = vec![0.1; 5];
    s[3] = f64::NAN;
    assert_eq!(
        evaluate(&[false; 5], &s, 0.5).unwrap_err().to_string(),
        "metrics error: score 3 is NaN; scores must be finite numbers"
    );
    assert!(matches!(
        Evaluator::new(&[true], &[f64::NEG_INFINITY]),
        Err(MetricsError::NonFiniteScore { index: 0, .. })
    ));
}
