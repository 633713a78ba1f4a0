//! The comparison view's chart geometry (`chart::compare`) and its table's
//! winners: train curves solid and test curves dashed in one colour per
//! model at hand-computed pixels, four history panels laid out 2 × 2 or
//! stacked with every op inside the canvas, winners by hand, and the
//! workbench's train/test pairs checked against its own per-part curves.

use rareclass::app::compare::{winners, winners_at_thresholds};
use rareclass::chart::compare::{
    history_panels_chart, loss_history_chart, train_test_pr_chart, train_test_roc_chart, EpochSeries, ModelHistory,
    TrainTest,
};
use rareclass::chart::views::{Part, RunCharts, Workbench};
use rareclass::chart::xy::DASH;
use rareclass::chart::{Chart, Curve, DrawOp, Theme};

use crate::common::read_data;
use rareclass::experiment::{run, ExperimentConfig, LogisticSpec, ModelSpec};
use rareclass::models::logistic::LogisticParams;
use rareclass::progress::Silent;

fn sane(chart: &Chart, what: &str) {
    for op in &chart.ops {
        assert!(op.is_finite(), "{what}: {op:?}");
        if let Some([x0, y0, x1, y1]) = op.bounds() {
            assert!(
                x0 >= -0.5 && y0 >= -0.5 && x1 <= chart.width + 0.5 && y1 <= chart.height + 0.5,
                "{what}: op outside {}×{}: {op:?}",
                chart.width,
                chart.height
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
}

fn texts(chart: &Chart) -> Vec<(String, f32, f32)> {
    chart
        .ops
        .iter()
        .filter_map(|o| match o {
            DrawOp::Text { text, x, y, .. } => Some((text.clone(), *x, *y)),
            _ => None,
        })
        .collect()
}

/// Data lines (inside a plot clip) of `color`: (points, dashed).
fn data_lines(chart: &Chart, color: rareclass::chart::Color) -> Vec<(Vec<[f32; 2]>, bool)> {
    let mut clipped = false;
    let mut out = Vec::new();
    for o in &chart.ops {
        match o {
            DrawOp::ClipRect { .. } => clipped = true,
            DrawOp::ResetClip => clipped = false,
            DrawOp::Line {
                points, color: c, dash, ..
            } if clipped && *c == color => out.push((points.clone(), dash.is_some())),
            _ => {}
        }
    }
    out
}

fn two_models() -> Vec<TrainTest> {
    let curve = |pts: Vec<(f64, f64)>| Curve::new("", 0, pts);
    vec![
        TrainTest {
            name: "baseline".into(),
            color_slot: 0,
            train: curve(vec![(0.0, 0.0), (0.0, 1.0), (1.0, 1.0)]),
            test: curve(vec![(0.0, 0.0), (0.5, 0.5), (1.0, 1.0)]),
            auc: (Some(1.0), Some(0.5)),
        },
        TrainTest {
            name: "class-weighted".into(),
            color_slot: 1,
            train: curve(vec![(0.0, 0.0), (0.2, 0.8), (1.0, 1.0)]),
            test: curve(vec![(0.0, 0.0), (0.3, 0.6), (1.0, 1.0)]),
            auc: (Some(0.8), None),
        },
    ]
}

#[test]
fn roc_overlay_draws_train_solid_and_test_dashed_in_the_model_colour() {
    let theme = Theme::light();
    let chart = train_test_roc_chart(&two_models(), 600.0, 420.0, &theme);
    sane(&chart, "roc");
    for slot in 0..2 {
        let lines = data_lines(&chart, theme.model(slot));
        assert!(lines.iter().any(|l| !l.1), "slot {slot}: a solid (train) line");
        assert!(lines.iter().any(|l| l.1), "slot {slot}: a dashed (test) line");
    }
    // The dashed line really uses the validation/test dash pattern.
    assert!(chart
        .ops
        .iter()
        .any(|o| matches!(o, DrawOp::Line { dash: Some(d), .. } if d[..] == DASH[..])));
    // Baseline's train curve passes through the top-left corner (FPR 0, TPR 1):
    // on the fixed [0, 1] domains that is the plot's (left, top) pixel.
    let p = chart.plot;
    let solid = data_lines(&chart, theme.model(0)).into_iter().find(|l| !l.1).unwrap().0;
    assert!(
        solid
            .iter()
            .any(|q| (q[0] - p.x).abs() < 1.0 && (q[1] - p.y).abs() < 1.0),
        "{solid:?} vs plot {p:?}"
    );
    let t: Vec<String> = texts(&chart).into_iter().map(|t| t.0).collect();
    assert!(t.iter().any(|s| s == "baseline · AUC 1.000 / 0.500"), "{t:?}");
    assert!(t.iter().any(|s| s == "class-weighted · AUC 0.800 / —"), "{t:?}");
    assert!(t.iter().any(|s| s == "train (solid)") && t.iter().any(|s| s == "test (dashed)"));
}

#[test]
fn pr_overlay_has_the_chance_line_and_survives_degenerate_input() {
    let theme = Theme::dark();
    let chart = train_test_pr_chart(&two_models(), 0.05, 500.0, 360.0, &theme);
    sane(&chart, "pr");
    let t: Vec<String> = texts(&chart).into_iter().map(|t| t.0).collect();
    assert!(t.iter().any(|s| s.starts_with("Chance (test positive rate 5")), "{t:?}");
    for (w, h) in [(10.0, 10.0), (f32::NAN, 300.0), (2000.0, 130.0)] {
        sane(&train_test_pr_chart(&[], f64::NAN, w, h, &theme), "empty pr");
        sane(&train_test_roc_chart(&two_models(), w, h, &theme), "small roc");
    }
}

fn history(name: &str, slot: usize) -> ModelHistory {
    let e = |f: fn(f64) -> f64| (1..=20).map(|i| (i as f64, f(i as f64))).collect::<Vec<_>>();
    ModelHistory {
        name: name.into(),
        color_slot: slot,
        train: EpochSeries {
            loss: e(|i| 0.5 / i),
            pr_auc: e(|i| 0.5 + i / 50.0),
            precision: e(|i| i / 25.0),
            recall: e(|i| 1.0 - i / 40.0),
        },
        val: EpochSeries {
            loss: e(|i| 0.6 / i.sqrt()),
            pr_auc: e(|i| 0.4 + i / 60.0),
            precision: e(|i| i / 30.0),
            recall: e(|i| 0.9 - i / 40.0),
        },
    }
}

#[test]
fn history_panels_sit_two_by_two_when_wide_and_stacked_when_narrow() {
    let theme = Theme::light();
    let models = [
        history("baseline", 0),
        history("weighted", 1),
        history("oversampled", 2),
    ];
    let title = |c: &Chart, name: &str| texts(c).into_iter().find(|t| t.0 == name).map(|t| (t.1, t.2));
    let wide = history_panels_chart(&models, 900.0, 560.0, &theme);
    sane(&wide, "wide");
    let (lx, ly) = title(&wide, "Loss").expect("loss panel");
    let (px, py) = title(&wide, "PR-AUC").expect("PR-AUC panel");
    let (rx, ry) = title(&wide, "Recall").expect("recall panel");
    assert!(
        lx < 450.0 && px >= 450.0 && (ly - py).abs() < 1.0,
        "top row: {lx},{ly} {px},{py}"
    );
    assert!(rx >= 450.0 && ry > 24.0 + 268.0, "recall bottom right: {rx},{ry}");
    let narrow = history_panels_chart(&models, 400.0, 960.0, &theme);
    sane(&narrow, "narrow");
    let ys: Vec<f32> = ["Loss", "PR-AUC", "Precision", "Recall"]
        .iter()
        .map(|n| title(&narrow, n).unwrap().1)
        .collect();
    assert!(ys.windows(2).all(|w| w[1] > w[0] + 200.0), "stacked: {ys:?}");
    // Every model: solid training and dashed validation lines in its colour, in all 4 panels.
    for slot in 0..3 {
        let lines = data_lines(&wide, theme.model(slot));
        assert_eq!(lines.iter().filter(|l| !l.1).count(), 4, "slot {slot}");
        assert_eq!(lines.iter().filter(|l| l.1).count(), 4, "slot {slot}");
    }
    let t: Vec<String> = texts(&wide).into_iter().map(|t| t.0).collect();
    assert!(t.iter().any(|s| s == "Loss (log scale)"), "{t:?}");
    assert!(t.iter().any(|s| s == "validation") && t.iter().any(|s| s == "baseline"));
    // No model, no epochs, tiny: still sane.
    sane(&history_panels_chart(&[], 100.0, 100.0, &theme), "empty");
    sane(
        &history_panels_chart(&[ModelHistory::default()], 700.0, 300.0, &theme),
        "no epochs",
    );
}

#[test]
fn loss_history_names_its_x_axis_and_dashes_validation() {
    let theme = Theme::light();
    let train = [(1.0, 0.5), (2.0, 0.3), (3.0, 0.2)];
    let val = [(1.0, 0.55), (2.0, 0.4), (3.0, 0.35)];
    let chart = loss_history_chart("Epoch", &train, &val, true, 480.0, 220.0, &theme);
    sane(&chart, "loss");
    let t: Vec<String> = texts(&chart).into_iter().map(|t| t.0).collect();
    assert!(
        t.iter().any(|s| s == "Epoch") && t.iter().any(|s| s == "Loss (log scale)"),
        "{t:?}"
    );
    let lines = data_lines(&chart, theme.model(0));
    assert!(lines.iter().any(|l| l.1) && lines.iter().any(|l| !l.1));
    let it = loss_history_chart("Solver iteration", &train, &[], true, 480.0, 220.0, &theme);
    assert!(texts(&it).iter().any(|t| t.0 == "Solver iteration"));
    assert!(
        data_lines(&it, theme.model(0)).iter().all(|l| !l.1),
        "no validation, nothing dashed"
    );
}

#[test]
fn winners_by_hand() {
    // Columns: tp (higher wins), fp (lower wins), precision (higher wins).
    let rows = vec![
        vec![Some(10.0), Some(50.0), Some(0.2)],
        vec![Some(30.0), Some(20.0), None],
        vec![Some(30.0), Some(90.0), Some(f64::NAN)],
    ];
    // tp: 30 twice → first of them (row 1); fp: 20 is lowest (row 1);
    // precision: only row 0 has a number.
    assert_eq!(winners(&rows, &[false, true, false]), vec![Some(1), Some(1), Some(0)]);
    // Every value equal: no winner; no values at all: no winner.
    let same = vec![vec![Some(1.0), None], vec![Some(1.0), None]];
    assert_eq!(winners(&same, &[false, false]), vec![None, None]);
    // A single model wins its columns.
    assert_eq!(winners(&[vec![Some(0.5)]], &[false]), vec![Some(0)]);
    assert_eq!(winners(&[], &[true]), vec![None]);
}

#[test]
fn a_model_that_flags_nobody_wins_no_threshold_column() {
    // Columns: tp, fp (lower wins), tn, fn (lower wins), pr_auc. Model 0
    // flags nobody on 100 rows with 10 positives: tp 0, fp 0, tn 90, fn 10,
    // PR-AUC 0.40. Model 1 flags 20 rows: tp 8, fp 12, tn 78, fn 2, PR-AUC 0.35.
    let rows = vec![
        vec![Some(0.0), Some(0.0), Some(90.0), Some(10.0), Some(0.40)],
        vec![Some(8.0), Some(12.0), Some(78.0), Some(2.0), Some(0.35)],
    ];
    let lower = [false, true, false, true, false];
    // Plain winners would give FP and TN to model 0 for doing nothing.
    assert_eq!(
        winners(&rows, &lower),
        vec![Some(1), Some(0), Some(0), Some(1), Some(0)]
    );
    // At its threshold model 0 predicts one class: it wins no threshold
    // column; its PR-AUC (threshold-free) still wins.
    let at = winners_at_thresholds(&rows, &lower, &[true, true, true, true, false], &[true, false]);
    assert_eq!(at, vec![Some(1), Some(1), Some(1), Some(1), Some(0)]);
}

#[test]
fn workbench_pairs_each_series_train_and_test_curves() {
    let table = read_data("lending_club.csv");
    let config = ExperimentConfig {
        label: "Class".into(),
        models: vec![
            ModelSpec::Logistic(LogisticSpec::default()),
            ModelSpec::Logistic(LogisticSpec {
                params: LogisticParams::default().c(0.01).check().unwrap(),
                ..LogisticSpec::default()
            }),
        ],
        ..ExperimentConfig::default()
    };
    let r = run(&table, &config, &mut Silent).expect("trains");
    let mut w = Workbench::new();
    w.add_run(&r).unwrap();
    let pairs = w.train_test_curves(false);
    assert_eq!(pairs.len(), 2);
    let (train, test) = (w.roc_curves(Part::Train, 0.5), w.roc_curves(Part::Test, 0.5));
    for (i, p) in pairs.iter().enumerate() {
        assert_eq!(p.color_slot, i);
        assert_eq!(p.train.points, train[i].points);
        assert_eq!(p.test.points, test[i].points);
        let auc = |part| w.evaluate_at(i, part, 0.5).unwrap().roc_auc;
        assert_eq!(p.auc, (auc(Part::Train), auc(Part::Test)));
    }
    let pr = w.train_test_curves(true);
    assert_eq!(pr[1].auc.1, w.evaluate_at(1, Part::Test, 0.5).unwrap().pr_auc);
}
