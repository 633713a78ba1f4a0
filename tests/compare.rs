//! The comparison view's chart geometry (`chart::compare`) and its table's
//! winners: test curves by default and training curves on demand at
//! hand-computed pixels, every two of up to 8 models differing in dash
//! pattern and marker shape (not only colour), four history panels laid out 2 × 2 or
//! stacked with every op inside the canvas, winners by hand, and the
//! workbench's train/test pairs checked against its own per-part curves.

use rareclass::app::compare::{winners, winners_at_thresholds};
use rareclass::chart::compare::{
    history_panels_chart, loss_history_chart, train_test_pr_chart, train_test_roc_chart, EpochSeries, ModelHistory,
    TrainTest,
};
use rareclass::chart::views::{Part, RunCharts, Workbench};
use rareclass::chart::{Chart, Color, Curve, DrawOp, Shape, Theme};

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

/// Marker shapes drawn inside the plot clip filled (`hollow` false) or
/// ringed (`hollow` true) in `color`.
fn data_markers(chart: &Chart, color: Color, hollow: bool) -> Vec<Shape> {
    let mut clipped = false;
    let mut out = Vec::new();
    for o in &chart.ops {
        match o {
            DrawOp::ClipRect { .. } => clipped = true,
            DrawOp::ResetClip => clipped = false,
            DrawOp::Marker {
                shape, fill, stroke, ..
            } if clipped && (if hollow { *stroke } else { *fill }) == Some(color) => out.push(*shape),
            _ => {}
        }
    }
    out
}

/// The dash pattern of every data line in `color` (`None` solid).
fn data_dashes(chart: &Chart, color: Color) -> Vec<Option<Vec<f32>>> {
    let mut clipped = false;
    let mut out = Vec::new();
    for o in &chart.ops {
        match o {
            DrawOp::ClipRect { .. } => clipped = true,
            DrawOp::ResetClip => clipped = false,
            DrawOp::Line { color: c, dash, .. } if clipped && *c == color => out.push(dash.clone()),
            _ => {}
        }
    }
    out
}

#[test]
fn roc_overlay_draws_test_curves_and_training_curves_on_demand() {
    let theme = Theme::light();
    let test_only = train_test_roc_chart(&two_models(), false, 600.0, 420.0, &theme);
    sane(&test_only, "roc");
    for slot in 0..2 {
        assert_eq!(
            data_lines(&test_only, theme.model(slot)).len(),
            1,
            "slot {slot}: the test curve only"
        );
    }
    // Baseline's test curve is the diagonal (0, 0)–(1, 1): on the fixed
    // [0, 1] domains, from the plot's bottom-left pixel to its top-right one.
    let p = test_only.plot;
    let diagonal = &data_lines(&test_only, theme.model(0))[0].0;
    let near = |q: [f32; 2], x: f32, y: f32| (q[0] - x).abs() < 1.0 && (q[1] - y).abs() < 1.0;
    assert!(
        near(diagonal[0], p.x, p.bottom()) && near(diagonal[diagonal.len() - 1], p.right(), p.y),
        "{diagonal:?} vs plot {p:?}"
    );
    let t: Vec<String> = texts(&test_only).into_iter().map(|t| t.0).collect();
    assert!(t.iter().any(|s| s == "baseline · ROC-AUC 0.500"), "{t:?}");
    assert!(t.iter().any(|s| s == "class-weighted · ROC-AUC —"), "{t:?}");
    assert!(!t.iter().any(|s| s.contains("train")), "{t:?}");

    let both = train_test_roc_chart(&two_models(), true, 600.0, 420.0, &theme);
    sane(&both, "roc with train");
    for slot in 0..2 {
        let color = theme.model(slot);
        assert_eq!(data_lines(&both, color).len(), 2, "slot {slot}: train and test");
        // Training rows: hollow markers; test rows: filled ones; one shape per model.
        let (hollow, filled) = (data_markers(&both, color, true), data_markers(&both, color, false));
        assert!(!hollow.is_empty() && !filled.is_empty(), "slot {slot}");
        assert!(hollow.iter().chain(&filled).all(|s| *s == filled[0]), "slot {slot}");
    }
    // Baseline's train curve passes through the top-left corner (FPR 0, TPR 1):
    // on the fixed [0, 1] domains that is the plot's (left, top) pixel.
    assert!(
        data_lines(&both, theme.model(0))
            .iter()
            .any(|l| l.0.iter().any(|q| (q[0] - p.x).abs() < 1.0 && (q[1] - p.y).abs() < 1.0)),
        "no line through the top-left corner"
    );
    let t: Vec<String> = texts(&both).into_iter().map(|t| t.0).collect();
    assert!(t.iter().any(|s| s == "baseline · ROC-AUC 1.000 / 0.500"), "{t:?}");
    assert!(t.iter().any(|s| s == "class-weighted · ROC-AUC 0.800 / —"), "{t:?}");
    assert!(
        t.iter().any(|s| s == "train (hollow)") && t.iter().any(|s| s == "test (filled)"),
        "{t:?}"
    );
}

/// `n` models, each a different bowed ROC curve, on both row sets.
fn models(n: usize) -> Vec<TrainTest> {
    (0..n)
        .map(|i| {
            let bow = 0.5 + i as f64 * 0.06;
            let pts: Vec<(f64, f64)> = (0..=50)
                .map(|k| {
                    let x = k as f64 / 50.0;
                    (x, x.powf(1.0 - bow.min(0.95)))
                })
                .collect();
            TrainTest {
                name: format!("model {i}"),
                color_slot: i,
                train: Curve::new("", i, pts.clone()),
                test: Curve::new("", i, pts),
                auc: (Some(0.9), Some(0.8)),
            }
        })
        .collect()
}

#[test]
fn every_two_models_differ_in_dash_and_in_marker_not_only_in_colour() {
    // Colour alone fails readers with deuteranopia or protanopia and greyscale
    // prints (baseline/focal, class-weighted/soft-F1, oversampled/SMOTE
    // came out alike): up to 8 models, every pair must differ in BOTH the
    // dash pattern and the marker shape, in the ROC and PR overlays, with
    // and without the training curves, light and dark.
    for n in 2..=8 {
        for theme in [Theme::light(), Theme::dark()] {
            for train in [false, true] {
                let charts = [
                    train_test_roc_chart(&models(n), train, 900.0, 600.0, &theme),
                    train_test_pr_chart(&models(n), train, 0.05, 900.0, 600.0, &theme),
                ];
                for chart in &charts {
                    sane(chart, "overlay");
                    // Each model's look: its one dash pattern and its one shape.
                    let looks: Vec<(Option<Vec<f32>>, Shape)> = (0..n)
                        .map(|i| {
                            let color = theme.model(i);
                            let dashes = data_dashes(chart, color);
                            let shapes = data_markers(chart, color, false);
                            assert_eq!(dashes.len(), if train { 2 } else { 1 }, "n {n} model {i}");
                            assert!(dashes.iter().all(|d| *d == dashes[0]), "n {n} model {i}: {dashes:?}");
                            assert!(shapes.len() >= 3, "n {n} model {i}: {} markers", shapes.len());
                            assert!(shapes.iter().all(|s| *s == shapes[0]), "n {n} model {i}");
                            (dashes[0].clone(), shapes[0])
                        })
                        .collect();
                    for a in 0..n {
                        for b in a + 1..n {
                            assert_ne!(looks[a].0, looks[b].0, "n {n}: models {a} and {b} share a dash");
                            assert_ne!(looks[a].1, looks[b].1, "n {n}: models {a} and {b} share a marker");
                        }
                    }
                    // The legend sample of each model shows its dash and its
                    // marker: a line and a marker outside the plot clip.
                    for (i, look) in looks.iter().enumerate() {
                        let color = theme.model(i);
                        let mut clipped = false;
                        let (mut line, mut marker) = (false, false);
                        for o in &chart.ops {
                            match o {
                                DrawOp::ClipRect { .. } => clipped = true,
                                DrawOp::ResetClip => clipped = false,
                                DrawOp::Line {
                                    color: c, dash, points, ..
                                } if !clipped && *c == color => {
                                    line |= *dash == look.0 && points.len() == 2;
                                }
                                DrawOp::Marker { shape, fill, .. } if !clipped && *fill == Some(color) => {
                                    marker |= *shape == look.1;
                                }
                                _ => {}
                            }
                        }
                        assert!(
                            line && marker,
                            "n {n} model {i}: legend sample line {line} marker {marker}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn history_panels_give_every_model_its_own_dash_and_marker() {
    let theme = Theme::light();
    let all: Vec<ModelHistory> = (0..8).map(|i| history(&format!("m{i}"), i)).collect();
    let chart = history_panels_chart(&all, 900.0, 700.0, &theme);
    sane(&chart, "history");
    let mut looks = Vec::new();
    for i in 0..8 {
        let color = theme.model(i);
        let shapes: Vec<Shape> = data_markers(&chart, color, false)
            .into_iter()
            .chain(data_markers(&chart, color, true))
            .collect();
        let dashes = data_dashes(&chart, color);
        assert!(!shapes.is_empty() && shapes.iter().all(|s| *s == shapes[0]), "m{i}");
        assert!(!dashes.is_empty() && dashes.iter().all(|d| *d == dashes[0]), "m{i}");
        looks.push((dashes[0].clone(), shapes[0]));
    }
    for a in 0..8 {
        for b in a + 1..8 {
            assert!(
                looks[a].0 != looks[b].0 && looks[a].1 != looks[b].1,
                "m{a} and m{b} alike"
            );
        }
    }
}

#[test]
fn pr_overlay_has_the_chance_line_and_survives_degenerate_input() {
    let theme = Theme::dark();
    let chart = train_test_pr_chart(&two_models(), true, 0.05, 500.0, 360.0, &theme);
    sane(&chart, "pr");
    let t: Vec<String> = texts(&chart).into_iter().map(|t| t.0).collect();
    assert!(t.iter().any(|s| s.starts_with("Chance (test positive rate 5")), "{t:?}");
    for (w, h) in [(10.0, 10.0), (f32::NAN, 300.0), (2000.0, 130.0)] {
        sane(&train_test_pr_chart(&[], false, f64::NAN, w, h, &theme), "empty pr");
        sane(&train_test_roc_chart(&two_models(), true, w, h, &theme), "small roc");
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
    // Every model: training (hollow markers) and validation (filled) lines in its colour, in all 4 panels.
    for slot in 0..3 {
        assert_eq!(data_lines(&wide, theme.model(slot)).len(), 8, "slot {slot}");
        assert!(!data_markers(&wide, theme.model(slot), true).is_empty(), "slot {slot}");
        assert!(!data_markers(&wide, theme.model(slot), false).is_empty(), "slot {slot}");
    }
    let t: Vec<String> = texts(&wide).into_iter().map(|t| t.0).collect();
    assert!(t.iter().any(|s| s == "Loss (log scale)"), "{t:?}");
    assert!(t.iter().any(|s| s == "validation (filled)") && t.iter().any(|s| s == "baseline"));
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
