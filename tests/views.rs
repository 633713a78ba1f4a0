//! The page's view layer (`chart::views::Workbench`): metrics at a threshold,
//! threshold choosers and chart inputs, checked against brute-force counts
//! over the run's own scores (an independent computation: a plain loop over
//! rows, no sorting or sweeps), plus the overlay bookkeeping across runs.

use crate::common::read_data;
use rareclass::chart::views::{ChartKind, ChartRequest, Chooser, Part, RunCharts, ViewError, Workbench};
use rareclass::experiment::{run, ExperimentConfig, LogisticSpec, ModelSpec, Run};
use rareclass::models::logistic::{ClassWeight, LogisticParams};
use rareclass::progress::Silent;

fn lending(seed: u64, weight: ClassWeight) -> Run {
    let table = read_data("lending_club.csv");
    let config = ExperimentConfig {
        label: "Class".into(),
        seed,
        models: vec![ModelSpec::Logistic(LogisticSpec {
            params: LogisticParams::default().class_weight(weight).check().unwrap(),
            ..LogisticSpec::default()
        })],
        ..ExperimentConfig::default()
    };
    run(&table, &config, &mut Silent).expect("lending club trains")
}

/// (tp, fp, tn, fn) of the rule `score >= t`, by a loop over rows.
fn brute(y: &[bool], s: &[f64], t: f64) -> (u64, u64, u64, u64) {
    let mut c = (0, 0, 0, 0);
    for (&y, &s) in y.iter().zip(s) {
        match (y, s >= t) {
            (true, true) => c.0 += 1,
            (false, true) => c.1 += 1,
            (false, false) => c.2 += 1,
            (true, false) => c.3 += 1,
        }
    }
    c
}

#[test]
fn evaluate_at_matches_brute_force_counts() {
    let r = lending(42, ClassWeight::None);
    let mut w = Workbench::new();
    w.add_run(&r).unwrap();
    let y = r.part_labels(&r.split.test);
    let s = &r.scores[0].test;
    for t in [0.0, 0.02, 0.05, 0.1, 0.3, 0.5, 1.0] {
        let e = w.evaluate_at(0, Part::Test, t).unwrap();
        assert_eq!((e.tp, e.fp, e.tn, e.fn_), brute(&y, s, t), "t = {t}");
        assert_eq!(e.rows as usize, y.len());
    }
}

#[test]
fn choosers_agree_with_an_exhaustive_search_on_the_validation_rows() {
    // Every chooser reads the validation rows (never the test rows it is
    // reported on), so the exhaustive search runs over those.
    let r = lending(42, ClassWeight::Balanced);
    let mut w = Workbench::new();
    w.add_run(&r).unwrap();
    let y = r.part_labels(&r.split.val);
    let s = &r.scores[0].val;
    let f1 = |t: f64| {
        let (tp, fp, _, fnn) = brute(&y, s, t);
        2.0 * tp as f64 / (2 * tp + fp + fnn) as f64
    };
    let best = s.iter().map(|&t| f1(t)).fold(0.0, f64::max);
    let t = w.choose(0, Chooser::BestF1).unwrap();
    assert!((f1(t) - best).abs() < 1e-12, "chosen {t}: F1 {} vs best {best}", f1(t));

    // Recall ≥ 0.8: the chosen threshold reaches it, and every higher
    // candidate does not.
    let p = y.iter().filter(|&&v| v).count() as f64;
    let recall = |t: f64| brute(&y, s, t).0 as f64 / p;
    let t = w.choose(0, Chooser::Recall { target: 0.8 }).unwrap();
    assert!(recall(t) >= 0.8);
    assert!(s.iter().filter(|&&c| c > t).all(|&c| recall(c) < 0.8));

    // Cost 10 per miss, 1 per false alarm: nothing cheaper among all scores.
    let cost = |t: f64| {
        let (_, fp, _, fnn) = brute(&y, s, t);
        10.0 * fnn as f64 + fp as f64
    };
    let t = w.choose(0, Chooser::MinCost { c_fn: 10.0, c_fp: 1.0 }).unwrap();
    let cheapest = s.iter().map(|&c| cost(c)).fold(cost(2.0), f64::min);
    assert_eq!(cost(t), cheapest);
}

#[test]
fn runs_overlay_on_one_split_and_clear_on_another() {
    let mut w = Workbench::new();
    let a = w.add_run(&lending(42, ClassWeight::None)).unwrap();
    assert!(!a.cleared);
    let b = w.add_run(&lending(42, ClassWeight::Balanced)).unwrap();
    assert!(!b.cleared);
    assert_eq!(b.series, vec![1]);
    assert_eq!(w.roc_curves(Part::Test, 0.5).len(), 2);
    assert_eq!(w.pr_curves(Part::Test, 0.5).len(), 2);
    assert!(b.names[1].starts_with("#2 logistic (C=1, balanced)"), "{:?}", b.names);
    let c = w.add_run(&lending(7, ClassWeight::None)).unwrap();
    assert!(c.cleared, "another seed is another split");
    assert_eq!(w.len(), 1);
}

#[test]
fn chart_inputs_cover_every_row() {
    let r = lending(42, ClassWeight::None);
    let mut w = Workbench::new();
    w.add_run(&r).unwrap();
    let n = r.split.test.len() as u64;
    let h = w.histogram(0, Part::Test, 20).unwrap();
    assert_eq!(h.negatives.iter().sum::<u64>() + h.positives.iter().sum::<u64>(), n);
    let ks = w.ks_input(0, Part::Test).unwrap();
    assert_eq!(ks.tpr.last(), Some(&1.0));
    assert_eq!(ks.fpr.last(), Some(&1.0));
    // 517 positives split 64/16/20 stratified: round(0.2 · 517) ≈ 103 test positives.
    let pos = r.part_labels(&r.split.test).iter().filter(|&&v| v).count() as f64;
    assert!((w.positive_rate(Part::Test) - pos / n as f64).abs() < 1e-15);
    let roc = &w.roc_curves(Part::Test, 0.5)[0];
    assert_eq!(roc.points.first(), Some(&(0.0, 0.0)));
    assert_eq!(roc.points.last(), Some(&(1.0, 1.0)));
    assert!(roc.marker.is_some());
    for kind in [
        ChartKind::Roc,
        ChartKind::Pr,
        ChartKind::Confusion,
        ChartKind::Scores,
        ChartKind::Threshold,
        ChartKind::Ks,
    ] {
        let chart = w
            .chart(&ChartRequest {
                kind,
                log_count: true,
                dark: true,
                ..ChartRequest::default()
            })
            .unwrap();
        assert!(chart.ops.len() > 5, "{kind:?}");
        assert!(chart.ops.iter().all(|op| op.is_finite()), "{kind:?}");
        assert!(!chart.hits.is_empty(), "{kind:?}");
    }
}

#[test]
fn bad_requests_say_what_to_do() {
    let w = Workbench::new();
    let e = w.evaluate_at(0, Part::Test, 0.5).unwrap_err();
    assert_eq!(e.to_string(), "no trained model yet; train one first");
    let mut w = Workbench::new();
    w.add_run(&lending(42, ClassWeight::None)).unwrap();
    assert!(matches!(
        w.evaluate_at(3, Part::Test, 0.5),
        Err(ViewError::NoSeries { index: 3, count: 1 })
    ));
    assert_eq!(
        w.evaluate_at(0, Part::Test, 1.5).unwrap_err().to_string(),
        "threshold must be a number in [0, 1], got 1.5"
    );
    assert_eq!(
        w.choose(0, Chooser::Recall { target: 2.0 }).unwrap_err().to_string(),
        "recall target must be in [0, 1], got 2"
    );
    assert!(w.choose(0, Chooser::MinCost { c_fn: -1.0, c_fp: 1.0 }).is_err());
}

#[test]
fn without_validation_rows_the_choosers_refuse_and_say_why() {
    let table = read_data("lending_club.csv");
    let config = ExperimentConfig {
        label: "Class".into(),
        split: rareclass::data::SplitFractions {
            train: 0.8,
            val: 0.0,
            test: 0.2,
        },
        ..ExperimentConfig::default()
    };
    let r = run(&table, &config, &mut Silent).unwrap();
    let mut w = Workbench::new();
    w.add_run(&r).unwrap();
    for chooser in [
        Chooser::BestF1,
        Chooser::Recall { target: 0.5 },
        Chooser::Precision { target: 0.5 },
        Chooser::MinCost { c_fn: 10.0, c_fp: 1.0 },
    ] {
        let e = w.choose(0, chooser).unwrap_err();
        assert!(matches!(e, ViewError::NoValidation), "{e}");
        assert!(e.to_string().contains("validation"), "{e}");
    }
    // The test rows still report.
    assert!(w.evaluate_at(0, Part::Test, 0.5).is_ok());
}

#[test]
fn scored_rows_from_a_saved_model_are_one_test_series() {
    let mut bench = Workbench::new();
    bench.add_run(&lending(42, ClassWeight::None)).unwrap();
    // Hand-checked: positives score 0.9 and 0.3, negatives 0.8 and 0.1. At
    // 0.5: tp 1 (0.9), fp 1 (0.8), fn 1 (0.3), tn 1. ROC-AUC: of the four
    // positive/negative pairs, three rank the positive higher → 0.75.
    let added = bench
        .set_scored(
            "saved",
            vec![true, false, true, false],
            vec![0.9, 0.8, 0.3, 0.1],
            "bad",
            "good",
        )
        .unwrap();
    assert_eq!(added.names, ["saved"]);
    assert!(added.cleared);
    assert_eq!(bench.len(), 1, "the earlier run is gone");
    let e = bench.evaluate_at(0, Part::Test, 0.5).unwrap();
    assert_eq!((e.tp, e.fp, e.tn, e.fn_), (1, 1, 1, 1));
    assert_eq!(e.roc_auc, Some(0.75));
    assert!(matches!(
        bench.evaluate_at(0, Part::Train, 0.5),
        Err(ViewError::EmptyPart(_))
    ));
    let req = ChartRequest {
        kind: ChartKind::Confusion,
        ..Default::default()
    };
    assert!(bench.chart(&req).is_ok());
    // A scored file has no validation rows to choose a threshold on.
    assert!(matches!(bench.choose(0, Chooser::BestF1), Err(ViewError::NoValidation)));
    assert!(bench
        .set_scored("bad", vec![true, false], vec![f64::NAN, 0.1], "1", "0")
        .is_err());
}
