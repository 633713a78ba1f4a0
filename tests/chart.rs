//! Chart geometry, natively: scales and ticks by hand-checked values, every
//! op finite and inside the canvas, legends off the data, simplification
//! within tolerance, threshold markers at the hand-computed pixel, the
//! confusion matrix's text, and no panic or NaN on degenerate inputs.

use rareclass::chart::charts::ks_gap;
use rareclass::chart::simplify::{distance_to_polyline, point_segment_distance, rdp, TOLERANCE_PX};
use rareclass::chart::{
    confusion_chart, history_chart, ks_chart, pr_chart, roc_chart, score_distribution_chart, threshold_metrics_chart,
    Chart, Color, ConfusionInput, Curve, DrawOp, KsInput, PxRect, Scale, ScoreHistogram, Theme, ThresholdCurves,
};
use rareclass::Rng;

// ---------------------------------------------------------------- helpers

/// Every op finite, and every op's extent (text by the width estimate)
/// inside the canvas, with 0.5 px slack for half-pixel snapping.
fn assert_sane(chart: &Chart, what: &str) {
    assert!(chart.width > 0.0 && chart.height > 0.0, "{what}");
    for op in &chart.ops {
        assert!(op.is_finite(), "{what}: non-finite op {op:?}");
        if let Some([x0, y0, x1, y1]) = op.bounds() {
            assert!(
                x0 >= -0.5 && y0 >= -0.5 && x1 <= chart.width + 0.5 && y1 <= chart.height + 0.5,
                "{what}: op outside the {}×{} canvas: {op:?} bounds {:?}",
                chart.width,
                chart.height,
                [x0, y0, x1, y1]
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
    for h in &chart.hits {
        assert!(h.x.is_finite() && h.y.is_finite(), "{what}: hit {h:?}");
    }
}

fn texts(chart: &Chart) -> Vec<&str> {
    chart
        .ops
        .iter()
        .filter_map(|o| match o {
            DrawOp::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// Lines of `color` drawn inside the plot clip (data, not legend swatches).
fn lines_of(chart: &Chart, color: Color) -> Vec<&Vec<[f32; 2]>> {
    let mut clipped = false;
    let mut out = Vec::new();
    for o in &chart.ops {
        match o {
            DrawOp::ClipRect { .. } => clipped = true,
            DrawOp::ResetClip => clipped = false,
            DrawOp::Line { points, color: c, .. } if clipped && *c == color => out.push(points),
            _ => {}
        }
    }
    out
}

/// A ROC curve (FPR, TPR) with one point per distinct score, from n rows
/// with `pos` positives, scores = standard normal + `shift` for
/// positives; thresholds descending as scikit-learn orders them.
fn synthetic_roc(n: usize, pos: usize, shift: f64, seed: u64) -> (Vec<(f64, f64)>, Vec<f64>) {
    let mut rng = Rng::new(seed);
    let mut rows: Vec<(f64, bool)> = (0..n)
        .map(|i| {
            let y = i < pos;
            (rng.normal() + if y { shift } else { 0.0 }, y)
        })
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (p, q) = (pos as f64, (n - pos) as f64);
    let (mut tp, mut fp) = (0.0, 0.0);
    let mut pts = vec![(0.0, 0.0)];
    let mut thr = vec![f64::INFINITY];
    for (s, y) in rows {
        if y {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        pts.push((fp / q, tp / p));
        thr.push(s);
    }
    (pts, thr)
}

fn close(a: f32, b: f64, tol: f64) -> bool {
    (a as f64 - b).abs() <= tol
}

// ---------------------------------------------------------------- scales

#[test]
fn linear_scale_ticks_on_the_unit_interval() {
    let s = Scale::linear((0.0, 1.0), (40.0, 440.0));
    let t = s.ticks(5);
    let v: Vec<f64> = t.iter().map(|t| t.value).collect();
    assert_eq!(v, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
    // 0.6 → 40 + 0.6 · 400 = 280.
    assert!((s.map(0.6) - 280.0).abs() < 1e-9);
    assert!((s.invert(280.0) - 0.6).abs() < 1e-12);
}

#[test]
fn log_scale_ticks_over_the_fraud_row_count() {
    // [1, 284807] on a log axis: majors at every power of ten up to 1e5.
    let s = Scale::log10((1.0, 284807.0), (300.0, 0.0));
    let majors: Vec<String> = s.ticks(8).into_iter().filter(|t| t.major).map(|t| t.label).collect();
    assert_eq!(majors, ["1", "10", "100", "1,000", "10,000", "100,000"]);
    // One decade = 300 / log10(284807) px = 300 / 5.45454… = 54.99986 px.
    let decade = 300.0 / 284807f64.log10();
    assert!((s.map(100.0) - (300.0 - 2.0 * decade)).abs() < 1e-9);
}

/// Nice ticks against d3 (d3-array `ticks`, d3-scale's `tickFormat`
/// labels), the reference implementation of the method; see
/// tests/golden/make_chart_ticks.mjs for the exact calls and versions.
#[test]
fn linear_ticks_match_d3() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/chart_ticks.json");
    let golden: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = golden["cases"].as_array().unwrap();
    assert!(cases.len() >= 20);
    for c in cases {
        let (lo, hi) = (c["lo"].as_f64().unwrap(), c["hi"].as_f64().unwrap());
        let count = c["count"].as_u64().unwrap() as usize;
        let ours = rareclass::chart::ticks::linear_ticks(lo, hi, count);
        let values: Vec<f64> = c["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let labels: Vec<&str> = c["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(ours.len(), values.len(), "[{lo}, {hi}] × {count}: {ours:?}");
        for (t, (v, l)) in ours.iter().zip(values.iter().zip(&labels)) {
            assert!(
                (t.value - v).abs() <= 1e-12 * v.abs().max(1e-300),
                "[{lo}, {hi}] × {count}: {} vs {v}",
                t.value
            );
            assert_eq!(t.label, *l, "[{lo}, {hi}] × {count}");
        }
    }
}

#[test]
fn small_rate_ticks_are_sensible() {
    let s = Scale::linear((0.0013, 0.0171), (0.0, 400.0));
    let t = s.ticks(5);
    assert_eq!(t.first().map(|t| t.label.as_str()), Some("0.002"));
    assert_eq!(t.last().map(|t| t.label.as_str()), Some("0.016"));
    assert!(t.iter().all(|t| !t.label.contains("0000000")));
}

// ---------------------------------------------------------------- simplify

#[test]
fn a_57k_point_roc_curve_simplifies_within_a_quarter_pixel() {
    let (pts, _) = synthetic_roc(56_962, 98, 3.0, 7);
    assert_eq!(pts.len(), 56_963);
    // Project as a 400 × 300 plot does.
    let xs = Scale::linear((0.0, 1.0), (60.0, 460.0));
    let ys = Scale::linear((0.0, 1.0), (330.0, 30.0));
    let px: Vec<[f64; 2]> = pts.iter().map(|&(x, y)| [xs.map(x), ys.map(y)]).collect();
    let keep = rdp(&px, TOLERANCE_PX);
    assert!(keep.len() < 3000, "kept {} points", keep.len());
    assert_eq!(keep.first(), Some(&0));
    assert_eq!(keep.last(), Some(&(px.len() - 1)));
    // Every original point within tolerance of the kept segment spanning it…
    let mut j = 0;
    for (i, p) in px.iter().enumerate() {
        while keep[j + 1] < i {
            j += 1;
        }
        let d = point_segment_distance(*p, px[keep[j]], px[keep[j + 1]]);
        assert!(d <= TOLERANCE_PX + 1e-9, "point {i} is {d} px off");
    }
    // …and so of the whole simplified polyline (checked on a sample).
    let simple: Vec<[f64; 2]> = keep.iter().map(|&k| px[k]).collect();
    for i in (0..px.len()).step_by(97) {
        assert!(distance_to_polyline(px[i], &simple) <= TOLERANCE_PX + 1e-9);
    }
}

#[test]
fn roc_chart_draws_a_57k_curve_with_few_vertices() {
    let theme = Theme::light();
    let (pts, thr) = synthetic_roc(56_962, 98, 3.0, 11);
    let curve = Curve {
        thresholds: Some(thr),
        ..Curve::new("MLP", 1, pts)
    };
    let chart = roc_chart(&[curve], Some(0.5), 640.0, 480.0, &theme);
    assert_sane(&chart, "57k roc");
    let line = lines_of(&chart, theme.model(1));
    assert_eq!(line.len(), 1);
    assert!(
        line[0].len() >= 10 && line[0].len() < 3000,
        "{} vertices",
        line[0].len()
    );
    // Hover targets carry the threshold of each kept vertex.
    assert!(chart
        .hits
        .iter()
        .all(|h| h.label.starts_with("MLP: FPR ") && h.label.contains("threshold")));
}

// ---------------------------------------------------------------- legend

/// Two good models: TPR rises to 0.9 by FPR 0.05, then creeps to 1.
fn good_roc(slot: usize, name: &str) -> Curve {
    Curve::new(
        name,
        slot,
        vec![
            (0.0, 0.0),
            (0.01, 0.7),
            (0.05, 0.9),
            (0.2, 0.96),
            (0.5, 0.99),
            (1.0, 1.0),
        ],
    )
}

#[test]
fn roc_plot_is_square_with_its_legend_beside_it_on_a_wide_chart() {
    let theme = Theme::light();
    let curves = [good_roc(0, "Logistic · AUC 0.97"), good_roc(1, "MLP · AUC 0.96")];
    let chart = roc_chart(&curves, Some(0.5), 560.0, 420.0, &theme);
    assert_sane(&chart, "roc legend");
    let p = chart.plot;
    assert!((p.w - p.h).abs() < 0.01, "plot {p:?} is not square");
    // 420 px high: the height limits the square, leaving room on the right.
    assert!(p.w > 280.0 && p.w < 420.0, "{p:?}");
    let lg = chart.legend.expect("a legend");
    assert!(!lg.intersects(&p), "legend {lg:?} on the plot {p:?}");
    assert!(lg.x >= p.right(), "legend {lg:?} not right of the plot {p:?}");
    // Every label whole, nothing cut, no text over another.
    let t = texts(&chart);
    assert!(
        t.contains(&"Logistic · AUC 0.97") && t.contains(&"MLP · AUC 0.96"),
        "{t:?}"
    );
    let fit = chart.fit();
    assert!(
        fit.cut.is_empty() && fit.outside.is_empty() && fit.overlaps.is_empty(),
        "{fit:?}"
    );
    assert!(!fit.legend_on_plot);
}

#[test]
fn on_a_phone_the_roc_legend_goes_under_the_plot_and_titles_shorten() {
    let theme = Theme::light();
    let mut curves = [
        good_roc(0, "Logistic regression · AUC 0.97"),
        good_roc(1, "MLP with focal loss · AUC 0.96"),
    ];
    for c in &mut curves {
        c.marker = Some((0.05, 0.9));
    }
    // 240 px wide, a phone's chart in a narrow column; tall enough for the square.
    let chart = roc_chart(&curves, Some(0.5), 240.0, 360.0, &theme);
    assert_sane(&chart, "phone roc");
    let p = chart.plot;
    assert!((p.w - p.h).abs() < 0.01, "plot {p:?} is not square");
    let lg = chart.legend.expect("a legend");
    // Under the x-axis title: below the plot by its ticks and title.
    assert!(
        lg.y > p.bottom() + 30.0 && lg.bottom() <= chart.height,
        "legend {lg:?}, plot {p:?}"
    );
    let fit = chart.fit();
    assert!(
        fit.cut.is_empty() && fit.outside.is_empty() && fit.overlaps.is_empty(),
        "{fit:?}"
    );
    // The y title runs along the ≈ 170 px plot: "True positive rate (TP ÷
    // actual positives)" (≈ 260 px at 12 px) drops its parenthesis.
    let t = texts(&chart);
    assert!(t.contains(&"True positive rate"), "{t:?}");
    // The title wrapped at its " · " rather than being cut.
    assert!(
        t.contains(&"ROC curve") && t.contains(&"dots at threshold 0.50"),
        "{t:?}"
    );
}

#[test]
fn a_legend_label_longer_than_the_chart_wraps_under_the_plot() {
    let theme = Theme::light();
    let name = "a model with a name far longer than this chart is wide, on purpose";
    let pts: Vec<(f64, f64)> = (0..20).map(|i| (i as f64, 1.0 / (1.0 + i as f64))).collect();
    let chart = history_chart(&[Curve::new(name, 0, pts)], "Loss", false, 260.0, 300.0, &theme);
    assert_sane(&chart, "long legend");
    let lg = chart.legend.expect("a legend");
    assert!(lg.y > chart.plot.bottom(), "{lg:?}");
    // Its lines, joined, are the whole name: wrapped, not cut.
    let under: Vec<&str> = chart
        .ops
        .iter()
        .filter_map(|o| match o {
            DrawOp::Text { text, y, .. } if *y > lg.y && *y < lg.bottom() => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(under.len() >= 2, "{under:?}");
    assert_eq!(under.join(" "), name);
    assert!(chart.fit().cut.is_empty());
}

// ---------------------------------------------------------------- threshold marks

#[test]
fn threshold_line_is_at_the_hand_computed_pixel() {
    let theme = Theme::light();
    let scores = [0.05, 0.1, 0.2, 0.2, 0.4, 0.7, 0.9, 0.95];
    let labels = [false, false, false, true, false, true, true, true];
    let h = ScoreHistogram::from_scores(&scores, &labels, 20);
    let chart = score_distribution_chart(&h, false, Some(0.3), 500.0, 300.0, &theme);
    assert_sane(&chart, "scores");
    let p = chart.plot;
    // Scores in [0,1] → x domain [0,1]; threshold 0.3 at plot.x + 0.3·w.
    let expect = p.x as f64 + 0.3 * p.w as f64;
    let thr = lines_of(&chart, theme.threshold);
    let vertical = thr
        .iter()
        .find(|l| l.len() == 2 && l[0][0] == l[1][0] && (l[0][1] - l[1][1]).abs() >= p.h - 0.5)
        .expect("threshold line");
    assert!(close(vertical[0][0], expect, 1e-3), "{} vs {expect}", vertical[0][0]);
    assert!(texts(&chart).contains(&"threshold 0.30"));
    // The x read-out under the line is the threshold.
    let (x, _) = chart.data_at(vertical[0][0], p.y + p.h / 2.0).unwrap();
    assert!((x - 0.3).abs() < 1e-6);
}

#[test]
fn roc_operating_point_dot_is_at_the_hand_computed_pixel() {
    let theme = Theme::dark();
    let curve = Curve {
        marker: Some((0.1, 0.8)),
        ..Curve::new("Logistic", 2, vec![(0.0, 0.0), (0.1, 0.8), (1.0, 1.0)])
    };
    let chart = roc_chart(&[curve], Some(0.42), 480.0, 400.0, &theme);
    assert_sane(&chart, "roc dot");
    let p = chart.plot;
    // FPR 0.1 → plot.x + 0.1·w; TPR 0.8 → plot.bottom − 0.8·h.
    let (ex, ey) = (p.x as f64 + 0.1 * p.w as f64, (p.y + p.h) as f64 - 0.8 * p.h as f64);
    let dot = chart
        .ops
        .iter()
        .find_map(|o| match o {
            DrawOp::Circle {
                x, y, fill: Some(f), ..
            } if *f == theme.model(2) => Some((*x, *y)),
            _ => None,
        })
        .expect("operating point");
    assert!(
        close(dot.0, ex, 1e-3) && close(dot.1, ey, 1e-3),
        "{dot:?} vs ({ex}, {ey})"
    );
    assert!(texts(&chart).iter().any(|t| t.contains("threshold 0.42")));
    let hit = chart.nearest(dot.0 + 2.0, dot.1 - 1.0, 8.0).unwrap();
    assert_eq!(hit.label, "Logistic at threshold 0.42: FPR 0.100, TPR 0.800");
}

#[test]
fn threshold_metric_dots_sit_on_the_curves() {
    let theme = Theme::light();
    let c = ThresholdCurves {
        thresholds: vec![0.0, 0.5, 1.0],
        precision: vec![0.2, 0.6, f64::NAN],
        recall: vec![1.0, 0.5, 0.0],
        f1: vec![0.333, 0.545, f64::NAN],
    };
    let chart = threshold_metrics_chart(&c, Some(0.25), 520.0, 340.0, &theme);
    assert_sane(&chart, "prf");
    let p = chart.plot;
    // Recall at 0.25 interpolates 1.0 → 0.5: 0.75, at y = bottom − 0.75·h.
    let ey = (p.y + p.h) as f64 - 0.75 * p.h as f64;
    let ex = p.x as f64 + 0.25 * p.w as f64;
    assert!(chart.ops.iter().any(|o| matches!(o,
        DrawOp::Circle { x, y, fill: Some(f), .. } if *f == theme.model(1) && close(*x, ex, 1e-3) && close(*y, ey, 1e-3))));
}

#[test]
fn ks_gap_is_marked_and_labelled() {
    let theme = Theme::light();
    let k = KsInput {
        thresholds: vec![0.0, 0.25, 0.5, 0.75, 1.0],
        tpr: vec![1.0, 0.95, 0.8, 0.4, 0.0],
        fpr: vec![1.0, 0.6, 0.2, 0.05, 0.0],
    };
    // |TPR − FPR| = 0, 0.35, 0.6, 0.35, 0 → KS 0.6 at t = 0.5.
    assert_eq!(ks_gap(&k), Some((0.5, 0.2, 0.8)));
    let chart = ks_chart(&k, Some(0.3), 520.0, 340.0, &theme);
    assert_sane(&chart, "ks");
    let t = texts(&chart);
    assert!(t.contains(&"KS 0.600 at t = 0.50"), "{t:?}");
    assert!(t.contains(&"KS curve · KS 0.600"));
    let p = chart.plot;
    let gap = lines_of(&chart, theme.text);
    let seg = gap.iter().find(|l| l.len() == 2).expect("gap segment");
    let ex = p.x as f64 + 0.5 * p.w as f64;
    assert!(close(seg[0][0], ex, 1e-3));
    assert!(close(seg[0][1], (p.y + p.h) as f64 - 0.2 * p.h as f64, 1e-3));
    assert!(close(seg[1][1], (p.y + p.h) as f64 - 0.8 * p.h as f64, 1e-3));
}

// ---------------------------------------------------------------- confusion matrix

#[test]
fn confusion_matrix_shows_counts_and_row_shares() {
    let c = ConfusionInput {
        tn: 56_850,
        fp: 14,
        fn_: 27,
        tp: 71,
        negative_label: "0 (legit)".into(),
        positive_label: "1 (fraud)".into(),
        threshold: Some(0.5),
    };
    for theme in [Theme::light(), Theme::dark()] {
        let chart = confusion_chart(&c, 420.0, 360.0, &theme);
        assert_sane(&chart, "confusion");
        let t = texts(&chart);
        for s in ["56,850", "14", "27", "71", "Confusion matrix at threshold 0.50"] {
            assert!(t.contains(&s), "{s} missing from {t:?}");
        }
        // Row shares: 56850/56864 = 99.975 %, 14/56864 = 0.0246 %,
        // 27/98 = 27.55 %, 71/98 = 72.45 %.
        for s in ["99.98 %", "0.02 %", "27.6 %", "72.4 %"] {
            assert!(t.contains(&s), "{s} missing from {t:?}");
        }
        // Each count is readable on its cell: WCAG contrast ≥ 4.5.
        let cells: Vec<(PxRect, Color)> = chart
            .ops
            .iter()
            .filter_map(|o| match o {
                DrawOp::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill: Some(f),
                    stroke: Some(_),
                } => Some((
                    PxRect {
                        x: *x,
                        y: *y,
                        w: *w,
                        h: *h,
                    },
                    *f,
                )),
                _ => None,
            })
            .collect();
        assert_eq!(cells.len(), 4);
        for o in &chart.ops {
            if let DrawOp::Text { x, y, color, .. } = o {
                if let Some((_, fill)) = cells.iter().find(|(r, _)| r.contains([*x, *y])) {
                    assert!(color.contrast(fill) >= 4.5, "{color:?} on {fill:?}");
                }
            }
        }
        assert_eq!(chart.hits.len(), 4);
        assert!(chart.hits[0]
            .label
            .starts_with("56,850 true negatives: 99.98 % of 56,864 actual"));
    }
}

// ---------------------------------------------------------------- look and feel

#[test]
fn a_model_keeps_its_colour_across_charts() {
    let theme = Theme::light();
    let c = Curve::new("GBM", 2, vec![(0.0, 0.0), (0.3, 0.9), (1.0, 1.0)]);
    let roc = roc_chart(std::slice::from_ref(&c), None, 400.0, 300.0, &theme);
    let pr = pr_chart(std::slice::from_ref(&c), 0.0017, None, 400.0, 300.0, &theme);
    // Slot 2 is Okabe–Ito bluish green in every chart.
    assert_eq!(theme.model(2).css(), "#009e73");
    assert_eq!(lines_of(&roc, theme.model(2)).len(), 1);
    assert_eq!(lines_of(&pr, theme.model(2)).len(), 1);
    assert!(texts(&pr).contains(&"Chance (positive rate 0.17 %)"));
}

#[test]
fn training_history_uses_a_log_axis_and_dashes_validation() {
    let theme = Theme::light();
    let train: Vec<(f64, f64)> = (1..=100)
        .map(|e| (e as f64, 0.7 * (-(e as f64) / 20.0).exp() + 0.002))
        .collect();
    let val: Vec<(f64, f64)> = (1..=100)
        .map(|e| (e as f64, 0.7 * (-(e as f64) / 25.0).exp() + 0.01))
        .collect();
    let chart = history_chart(
        &[
            Curve::new("train loss", 0, train),
            Curve {
                dashed: true,
                ..Curve::new("validation loss", 0, val)
            },
        ],
        "Log loss (nats, log scale)",
        true,
        600.0,
        320.0,
        &theme,
    );
    assert_sane(&chart, "history");
    let t = texts(&chart);
    assert!(t.contains(&"0.01") && t.contains(&"0.1"), "{t:?}");
    let dashed = chart.ops.iter().any(|o| matches!(o, DrawOp::Line { color, dash: Some(_), points, .. } if *color == theme.model(0) && points.len() > 2));
    assert!(dashed);
    assert_eq!(chart.y.unwrap().kind, rareclass::chart::ScaleKind::Log10);
}

#[test]
fn ops_serialise_to_canvas_shaped_json_and_back() {
    let theme = Theme::light();
    let chart = roc_chart(
        &[Curve::new("m", 0, vec![(0.0, 0.0), (0.5, 0.9), (1.0, 1.0)])],
        None,
        300.0,
        200.0,
        &theme,
    );
    let json = chart.ops_json();
    assert!(
        json.starts_with(r##"[{"op":"rect","x":0.0,"y":0.0,"w":300.0,"h":200.0,"fill":"#ffffff","stroke":null}"##),
        "{}",
        &json[..120]
    );
    let back: Vec<DrawOp> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, chart.ops);
    let whole: Chart = serde_json::from_str(&serde_json::to_string(&chart).unwrap()).unwrap();
    assert_eq!(whole, chart);
}

// ---------------------------------------------------------------- degenerate inputs

#[test]
fn degenerate_inputs_never_panic_or_emit_nan() {
    let sizes = [
        (480.0, 320.0),
        (0.0, 0.0),
        (f32::NAN, f32::INFINITY),
        (100_000.0, 50.0),
        (161.0, 121.0),
    ];
    let curves: Vec<Vec<Curve>> = vec![
        vec![],
        vec![Curve::new("empty", 0, vec![])],
        vec![Curve::new("one point", 1, vec![(0.5, 0.5)])],
        vec![Curve {
            marker: Some((f64::NAN, 2.0)),
            thresholds: Some(vec![1.0]),
            ..Curve::new(
                "nan",
                2,
                vec![(f64::NAN, 0.1), (0.2, f64::INFINITY), (0.3, 0.3), (-5.0, 7.0)],
            )
        }],
        vec![Curve::new("flat", 3, vec![(0.0, 0.0); 50])],
        vec![Curve::new(
            "a very long model name that would never fit in any legend box at all, truly",
            9,
            vec![(0.0, 0.0), (1.0, 1.0)],
        )],
    ];
    let hists = [
        ScoreHistogram::default(),
        ScoreHistogram::from_scores(&[0.5; 100], &[true; 100], 30),
        ScoreHistogram::from_scores(&[7.0; 10], &[false; 10], 30),
        ScoreHistogram::from_scores(&[f64::NAN, f64::INFINITY], &[true, false], 10),
        ScoreHistogram {
            edges: vec![0.0, 1.0],
            negatives: vec![3, 4, 5],
            positives: vec![],
        },
    ];
    for theme in [Theme::light(), Theme::dark()] {
        for &(w, h) in &sizes {
            for thr in [None, Some(0.5), Some(f64::NAN), Some(-3.0)] {
                for (i, cs) in curves.iter().enumerate() {
                    assert_sane(&roc_chart(cs, thr, w, h, &theme), &format!("roc {i} {w}x{h}"));
                    assert_sane(&pr_chart(cs, 0.5, thr, w, h, &theme), &format!("pr {i}"));
                    assert_sane(&pr_chart(cs, f64::NAN, thr, w, h, &theme), &format!("pr nan {i}"));
                    assert_sane(&history_chart(cs, "Loss", true, w, h, &theme), &format!("hist log {i}"));
                    assert_sane(
                        &history_chart(cs, "Loss", false, w, h, &theme),
                        &format!("hist lin {i}"),
                    );
                }
                for (i, hist) in hists.iter().enumerate() {
                    for log in [false, true] {
                        assert_sane(
                            &score_distribution_chart(hist, log, thr, w, h, &theme),
                            &format!("scores {i} {log}"),
                        );
                    }
                }
                let prf = ThresholdCurves {
                    thresholds: vec![0.5],
                    precision: vec![f64::NAN],
                    recall: vec![0.0],
                    f1: vec![],
                };
                assert_sane(&threshold_metrics_chart(&prf, thr, w, h, &theme), "prf one");
                assert_sane(
                    &threshold_metrics_chart(&ThresholdCurves::default(), thr, w, h, &theme),
                    "prf empty",
                );
                let ks = KsInput {
                    thresholds: vec![0.5, 0.5],
                    tpr: vec![1.0, 1.0],
                    fpr: vec![1.0, 1.0],
                };
                assert_sane(&ks_chart(&ks, thr, w, h, &theme), "ks equal");
                assert_sane(&ks_chart(&KsInput::default(), thr, w, h, &theme), "ks empty");
                let zero = ConfusionInput {
                    threshold: thr,
                    ..ConfusionInput::default()
                };
                let chart = confusion_chart(&zero, w, h, &theme);
                assert_sane(&chart, "confusion zero");
                assert!(texts(&chart).contains(&"0"));
            }
        }
    }
}

#[test]
fn empty_charts_say_so() {
    let theme = Theme::light();
    let chart = roc_chart(&[], None, 400.0, 300.0, &theme);
    assert!(texts(&chart).contains(&"no curve to show"));
    let chart = history_chart(&[], "Loss", true, 400.0, 300.0, &theme);
    assert!(texts(&chart).contains(&"no epochs yet"));
}

// ---------------------------------------------------------------- hover

#[test]
fn hover_reads_out_data_under_the_pointer() {
    let theme = Theme::light();
    let train: Vec<(f64, f64)> = (1..=10).map(|e| (e as f64, 10f64.powf(-(e as f64) / 5.0))).collect();
    let chart = history_chart(
        &[Curve::new("train", 0, train)],
        "Loss (log scale)",
        true,
        500.0,
        300.0,
        &theme,
    );
    let (xs, ys) = (chart.x.unwrap(), chart.y.unwrap());
    // Epoch 5 has loss 10^−1 = 0.1: its pixel inverts to the same data.
    let (px, py) = (xs.map(5.0) as f32, ys.map(0.1) as f32);
    let (x, y) = chart.data_at(px, py).unwrap();
    assert!((x - 5.0).abs() < 1e-3 && (y / 0.1 - 1.0).abs() < 1e-4, "({x}, {y})");
    // Points on a straight line in log space collapse to the two ends,
    // so the nearest target to epoch 5 is epoch 1 or 10, unless within reach.
    assert!(chart.nearest(px, py, 3.0).is_none());
    let end = chart.nearest(xs.map(10.0) as f32, ys.map(0.01) as f32, 3.0).unwrap();
    assert_eq!(end.label, "train: epoch 10, value 0.0100");
    assert!(chart.data_at(0.0, 0.0).is_none());
}
