//! The app layer (`rareclass::app`) under `cargo test`: what a page session
//! does — reading in chunks, runs on one split and their model files,
//! scoring with a saved model, the comparison table, the Explore and grid
//! calls, grid parts merged as typed reports read back from JSON, transfer
//! mode's session and charts — and the error codes the page acts on. All
//! data is generated here (seeded), never the bundled files.

use rareclass::app::compare::COLUMNS;
use rareclass::app::error::Code;
use rareclass::app::explore::LabelChoice;
use rareclass::app::grid::merge_parts;
use rareclass::app::library::{model_spec, read_model, score_csv};
use rareclass::app::runs::{Chooser, Part};
use rareclass::app::transfer::{TransferSession, Which};
use rareclass::app::{AppError, Session};
use rareclass::chart::views::{
    compare_chart, explore_chart, transfer_chart, CompareRequest, ExploreRequest, TransferChartRequest,
};
use rareclass::chart::{Chart, DrawOp, Lang};
use rareclass::cv::GridReport;
use rareclass::experiment::ExperimentConfig;
use rareclass::progress::{Progress, Silent};
use rareclass::Rng;

/// `n` rows `x1,x2,color,label`: label "yes" for about 1 in 6 rows, `x1`
/// shifted up by 1.5 for them (a learnable signal), `x2` noise, `color` a
/// category with no signal. Seeded, so every test sees the same file.
fn csv(n: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::from("x1,x2,color,label\n");
    for i in 0..n {
        let positive = rng.uniform() < 1.0 / 6.0 || i < 3;
        let x1 = rng.normal() + if positive { 1.5 } else { 0.0 };
        let color = ["red", "green", "blue"][(rng.uniform() * 3.0) as usize % 3];
        out.push_str(&format!(
            "{x1:.4},{:.4},{color},{}\n",
            rng.normal(),
            if positive { "yes" } else { "no" }
        ));
    }
    out
}

/// A session holding `csv(n, seed)`, fed in 97-byte chunks (chunks split
/// rows and numbers anywhere, as the page's reader does).
fn session(n: usize, seed: u64) -> Session {
    let text = csv(n, seed);
    let mut s = Session::new();
    s.size_hint(text.len() as u64);
    for piece in text.as_bytes().chunks(97) {
        s.push_chunk(piece).unwrap();
    }
    assert_eq!(s.bytes_read(), text.len() as u64);
    s.finish().unwrap();
    s
}

fn config(json: &str) -> ExperimentConfig {
    serde_json::from_str(json).unwrap()
}

const LOGISTIC: &str = r#"{"label": "label", "positive": {"value": "yes"}, "seed": 7}"#;

#[test]
fn a_chunked_file_reads_as_its_rows_and_refuses_more_input() {
    let mut s = session(300, 1);
    let summary = s.summary().unwrap();
    assert_eq!(summary.rows, 300);
    assert_eq!(summary.columns.len(), 4);
    let e = s.push_chunk(b"1,2,red,no\n").unwrap_err();
    assert_eq!(e.code, Code::NotReady);
    assert!(e.message.contains("already been read"), "{e}");
    let d = s.distinct_values("label", 10).unwrap();
    // csv() makes rows 0..3 positive and about 1 in 6 others: "no" is first.
    assert_eq!(d.values[0].0, "no");
    assert_eq!(d.values.iter().map(|v| v.1).sum::<usize>(), 300);
    assert_eq!(s.distinct_values("nope", 5).unwrap_err().code, Code::BadRequest);
}

#[test]
fn nothing_loaded_is_not_ready_with_a_next_step() {
    let s = Session::new();
    let e = s.summary().unwrap_err();
    assert_eq!(e.code, Code::NotReady);
    assert!(e.message.contains("open a CSV file first"), "{e}");
    let e = s.model_json(0, None).unwrap_err();
    assert_eq!(e.code, Code::NotReady);
    assert!(s
        .predictions_csv(None)
        .unwrap_err()
        .message
        .contains("nothing scored yet"));
}

#[test]
fn runs_on_one_split_accumulate_and_a_new_split_drops_them_with_their_files() {
    let mut s = session(400, 2);
    let first = s.train(&config(LOGISTIC), &mut Silent).unwrap();
    assert_eq!((first.added.cleared, first.added.series.clone()), (false, vec![0]));
    let balanced = r#"{"label": "label", "positive": {"value": "yes"}, "seed": 7,
        "models": [{"kind": "logistic", "class_weight": "balanced"}]}"#;
    let second = s.train(&config(balanced), &mut Silent).unwrap();
    assert_eq!((second.added.cleared, second.added.series.clone()), (false, vec![1]));
    assert_eq!(s.runs().len(), 2);
    assert!(s.model_json(1, None).is_ok());
    // Another seed is another split: both earlier runs and files go.
    let other = r#"{"label": "label", "positive": {"value": "yes"}, "seed": 8}"#;
    let third = s.train(&config(other), &mut Silent).unwrap();
    assert!(third.added.cleared);
    assert_eq!(s.runs().len(), 1);
    let e = s.model_json(1, None).unwrap_err();
    assert_eq!(e.code, Code::BadRequest);
    assert_eq!(e.message, "model: there is no series 1; expected 0 to 0");
    s.clear_runs();
    assert_eq!(s.model_json(0, None).unwrap_err().code, Code::NotReady);
}

#[test]
fn undo_brings_cleared_runs_back_with_their_series_and_files_until_the_next_run() {
    let mut s = session(400, 5);
    s.train(&config(LOGISTIC), &mut Silent).unwrap();
    let balanced = r#"{"label": "label", "positive": {"value": "yes"}, "seed": 7,
        "models": [{"kind": "logistic", "class_weight": "balanced"}]}"#;
    s.train(&config(balanced), &mut Silent).unwrap();
    let before = s.evaluate_at(1, Part::Test, 0.3).unwrap();
    let file = s.model_json(1, None).unwrap();
    // Nothing cleared yet: nothing to undo.
    assert_eq!(s.undo_clear_runs().unwrap_err().code, Code::NotReady);
    s.clear_runs();
    assert_eq!(s.runs().len(), 0);
    assert_eq!(s.model_json(0, None).unwrap_err().code, Code::NotReady);
    s.undo_clear_runs().unwrap();
    assert_eq!(s.runs().len(), 2);
    assert_eq!(s.evaluate_at(1, Part::Test, 0.3).unwrap(), before);
    assert_eq!(s.model_json(1, None).unwrap(), file);
    // Once undone, a second undo has nothing to bring back.
    assert_eq!(s.undo_clear_runs().unwrap_err().code, Code::NotReady);
    // A run after a clear replaces the cleared ones for good.
    s.clear_runs();
    s.train(&config(LOGISTIC), &mut Silent).unwrap();
    let e = s.undo_clear_runs().unwrap_err();
    assert_eq!(e.code, Code::NotReady);
    assert!(e.message.contains("a run trained since"), "{e}");
    assert_eq!(s.runs().len(), 1);
}

#[test]
fn a_saved_threshold_must_be_a_probability_and_is_written_to_the_file() {
    let mut s = session(300, 3);
    s.train(&config(LOGISTIC), &mut Silent).unwrap();
    let e = s.model_json(0, Some(1.5)).unwrap_err();
    assert_eq!(e.code, Code::BadRequest);
    assert!(e.message.contains("threshold 1.5 is not in [0, 1]"), "{e}");
    let file: serde_json::Value = serde_json::from_str(&s.model_json(0, Some(0.25)).unwrap()).unwrap();
    assert_eq!(file["threshold"], 0.25);
    assert_eq!(
        read_model(&s.model_json(0, Some(0.25)).unwrap()).unwrap().threshold,
        0.25
    );
}

#[test]
fn scoring_the_training_file_gives_the_metrics_the_run_gave_on_every_row() {
    let mut s = session(300, 4);
    // All rows in training, so the file's rows are the run's train part.
    let all_train = r#"{"label": "label", "positive": {"value": "yes"}, "seed": 7,
        "split": {"train": 1.0, "val": 0.0, "test": 0.0}}"#;
    s.train(&config(all_train), &mut Silent).unwrap();
    let run_train = s.evaluate_at(0, Part::Train, 0.5).unwrap();
    let model = s.model_json(0, None).unwrap();
    let view = s.score_model(&model).unwrap();
    assert_eq!(view.scores.len(), 300);
    let evaluation = view.summary.evaluation.clone().expect("labelled");
    assert_eq!((evaluation.tp, evaluation.fp), (run_train.tp, run_train.fp));
    // The scored rows are their own series: metrics at another threshold.
    let at = s.evaluate_scored(0.2).unwrap();
    assert_eq!(at.rows, 300);
    assert!(at.recall >= evaluation.recall);
    let csv_text = s.predictions_csv(Some("color")).unwrap();
    assert!(csv_text.starts_with("row,color,score,label\n"), "{}", &csv_text[..40]);
    assert_eq!(csv_text.lines().count(), 301);
    // The one-call library form gives the same scores.
    let once = score_csv(&model, csv(300, 4).as_bytes()).unwrap();
    assert_eq!(once.scores, s.score_model(&model).unwrap().scores);
}

#[test]
fn a_callback_that_says_stop_cancels_with_the_cancelled_code() {
    let mut s = session(300, 5);
    let mut calls = 0;
    let mut stop_at_third = |_: &Progress| {
        calls += 1;
        calls < 3
    };
    let e = s.train(&config(LOGISTIC), &mut stop_at_third).unwrap_err();
    assert_eq!(e, AppError::cancelled());
    assert!(e.is_cancelled());
    assert_eq!(s.runs().len(), 0, "a cancelled run adds nothing");
}

#[test]
fn threshold_rules_and_parts_are_checked_with_the_numbers_in_the_message() {
    let mut s = session(400, 6);
    s.train(&config(LOGISTIC), &mut Silent).unwrap();
    let t = s.choose_threshold(0, Chooser::Recall { target: 0.5 }).unwrap();
    assert!((0.0..=1.0).contains(&t));
    // The rule's promise, checked on the metrics themselves.
    assert!(s.evaluate_at(0, Part::Val, t).unwrap().recall >= 0.5);
    let e = s.choose_threshold(0, Chooser::Recall { target: 2.0 }).unwrap_err();
    assert_eq!(e.code, Code::BadRequest);
    assert!(e.message.contains("got 2"), "{e}");
    assert_eq!(s.evaluate_at(3, Part::Test, 0.5).unwrap_err().code, Code::BadRequest);
    assert_eq!("val".parse::<Part>().unwrap(), Part::Val);
    assert!("validation".parse::<Part>().unwrap_err().contains("\"validation\""));
}

#[test]
fn the_comparison_table_holds_each_models_metrics_at_its_own_threshold() {
    let mut s = session(500, 7);
    assert_eq!(s.compare().table(&[]).unwrap_err().code, Code::NotReady);
    let two = r#"{"label": "label", "positive": {"value": "yes"}, "seed": 7,
        "models": [{"kind": "logistic"}, {"kind": "tree", "params": {"max_depth": 2}}]}"#;
    let compared = s.compare_train(&config(two), &mut Silent).unwrap();
    assert_eq!(compared.names.len(), 2);
    // The Train tab's runs are left alone.
    assert_eq!(s.runs().len(), 0);
    let e = s.compare().table(&[0.5]).unwrap_err();
    assert_eq!(
        e.message,
        "comparison: 1 thresholds given for 2 models; give one per model"
    );
    let table = s.compare().table(&[0.5, 0.2]).unwrap();
    assert_eq!(table.columns, COLUMNS.iter().map(|c| c.0).collect::<Vec<_>>());
    assert_eq!(table.rows[1].threshold, 0.2);
    // Confusion counts at each threshold sum to the test rows, and the
    // winner of "fn" (lower wins) is the row with the fewest misses.
    let tests = compared.report.split.test as f64;
    for row in &table.rows {
        let counts: f64 = row.values[..4].iter().map(|v| v.unwrap()).sum();
        assert_eq!(counts, tests);
    }
    let fn_col = table.columns.iter().position(|c| *c == "fn").unwrap();
    let (a, b) = (
        table.rows[0].values[fn_col].unwrap(),
        table.rows[1].values[fn_col].unwrap(),
    );
    let expect = if a == b {
        None
    } else if a < b {
        Some(0)
    } else {
        Some(1)
    };
    assert_eq!(table.winners[fn_col], expect);
    let t = s.compare().best_f1(1).unwrap();
    assert!((0.0..=1.0).contains(&t));
    // Every comparison chart draws; an unknown kind is a bad request.
    for kind in ["roc", "pr", "history", "confusion"] {
        let req = CompareRequest {
            kind: kind.into(),
            ..CompareRequest::default()
        };
        assert!(!compare_chart(s.compare(), &req).unwrap().ops.is_empty(), "{kind}");
    }
    // The page's toggles: test curves only by default, training ones on
    // demand, and a hidden model's series gone from the chart's data.
    let series = |req: CompareRequest| -> Vec<String> {
        let chart = compare_chart(s.compare(), &req).unwrap();
        chart.data.iter().map(|d| d.name.clone()).collect()
    };
    let names = s.compare().ready().unwrap().names.clone();
    let roc = |hidden: Vec<usize>, train: bool| CompareRequest {
        kind: "roc".into(),
        hidden,
        train,
        ..CompareRequest::default()
    };
    let test_only = series(roc(vec![], false));
    assert_eq!(
        test_only,
        names.iter().map(|n| format!("{n} (test)")).collect::<Vec<_>>()
    );
    let both = series(roc(vec![], true));
    assert_eq!(both.len(), 4, "{both:?}");
    assert!(both.contains(&format!("{} (train)", names[1])), "{both:?}");
    assert_eq!(
        series(roc(vec![0], true)),
        vec![format!("{} (train)", names[1]), format!("{} (test)", names[1])]
    );
    let history = |hidden| {
        series(CompareRequest {
            kind: "history".into(),
            hidden,
            ..CompareRequest::default()
        })
    };
    let first_only = history(vec![1]);
    assert!(
        !first_only.is_empty() && first_only.iter().all(|n| n.starts_with(&names[0])),
        "{first_only:?}"
    );
    let bad = CompareRequest {
        kind: "pie".into(),
        ..CompareRequest::default()
    };
    assert_eq!(compare_chart(s.compare(), &bad).unwrap_err().code, Code::BadRequest);
}

/// Every text a chart draws.
fn texts(chart: &Chart) -> Vec<&str> {
    chart
        .ops
        .iter()
        .filter_map(|op| match op {
            DrawOp::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_log_count_histogram_names_its_axis_and_read_outs_by_what_it_draws() {
    let s = session(300, 8);
    let req = ExploreRequest {
        kind: "histogram".into(),
        label: "label".into(),
        column: "x1".into(),
        bins: 10,
        ..ExploreRequest::default()
    };
    let counts = explore_chart(s.table().unwrap(), &req).unwrap();
    assert!(texts(&counts).contains(&"Rows per bin"));
    let log = explore_chart(
        s.table().unwrap(),
        &ExploreRequest {
            log_count: true,
            ..req.clone()
        },
    )
    .unwrap();
    let t = texts(&log);
    assert!(t.contains(&"log10(1 + rows per bin)"), "{t:?}");
    assert!(!t.contains(&"Rows per bin"), "{t:?}");
    assert!(
        log.hits.iter().all(|h| h.label.ends_with("(log10 of 1 + rows)")),
        "{:?}",
        log.hits.first()
    );
    assert!(counts.hits.iter().all(|h| !h.label.contains("log10")));
    let e = explore_chart(
        s.table().unwrap(),
        &ExploreRequest {
            label: String::new(),
            ..req
        },
    )
    .unwrap_err();
    assert_eq!(e.code, Code::BadRequest);
    assert!(e.message.contains("no label column chosen"), "{e}");
}

#[test]
fn signal_table_diagnostics_and_simple_check_run_on_the_session_table() {
    let s = session(400, 9);
    let choice: LabelChoice = serde_json::from_str(r#"{"label": "label", "positive": {"value": "yes"}}"#).unwrap();
    let view = s.signal_table(&choice).unwrap();
    // x1 carries the signal (shifted 1.5 sd for positives): ranked first.
    let json = serde_json::to_value(&view.signal).unwrap();
    assert_eq!(json["features"][0]["column"], "x1", "{json}");
    let rows = s.simple_check(&config(LOGISTIC), &mut Silent).unwrap();
    let kinds: Vec<&str> = rows.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, ["majority", "logistic", "tree"]);
    // A majority model ranks nothing: ROC-AUC 0.5; the signal beats it.
    assert_eq!(rows[0].roc_auc, Some(0.5));
    assert!(rows[1].roc_auc.unwrap() > 0.75, "{:?}", rows[1]);
}

/// A report with its timings zeroed (they differ between runs).
fn untimed(mut v: serde_json::Value) -> serde_json::Value {
    if let Some(cells) = v["cells"].as_array_mut() {
        for c in cells {
            for f in c["cv"]["folds"].as_array_mut().unwrap() {
                f["fit_seconds"] = 0.0.into();
            }
        }
    }
    v
}

#[test]
fn grid_parts_read_back_from_json_and_merge_to_the_single_run() {
    let s = session(360, 10);
    let grid = "C=0.01,1,100;class_weight=none,balanced";
    let whole = s
        .grid_search(&config(LOGISTIC), grid, 3, "roc_auc", None, &mut Silent)
        .unwrap();
    assert_eq!(whole.cells.len(), 6);
    // Through JSON and back, as a worker's answer crosses to the page.
    let round = |r: &GridReport| -> GridReport { serde_json::from_str(&serde_json::to_string(r).unwrap()).unwrap() };
    assert_eq!(round(&whole), whole);
    // Two workers' round-robin shares, merged in the wrong order.
    let share = |cells: &[usize]| {
        round(
            &s.grid_search(&config(LOGISTIC), grid, 3, "roc_auc", Some(cells), &mut Silent)
                .unwrap(),
        )
    };
    let (a, b) = (share(&[0, 2, 4]), share(&[1, 3, 5]));
    assert_eq!(a.best, None, "a share ranks nothing");
    let merged = merge_parts(vec![b.clone(), a.clone()]).unwrap();
    let json = |r: &GridReport| untimed(serde_json::to_value(r).unwrap());
    assert_eq!(json(&merged), json(&whole));
    // The best cell is the highest mean ROC-AUC, found here by hand.
    let means: Vec<f64> = whole
        .cells
        .iter()
        .map(|c| {
            c.cv.summary
                .iter()
                .find(|(m, _)| m.name() == "roc_auc")
                .unwrap()
                .1
                .mean
                .unwrap()
        })
        .collect();
    let top = means.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    assert_eq!(merged.best, means.iter().position(|&m| m == top));
    let e = merge_parts(vec![a.clone()]).unwrap_err();
    assert_eq!(e.message, "grid search: the parts hold 3 of the grid's 6 cells");
    let e = merge_parts(vec![a.clone(), a]).unwrap_err();
    assert!(e.message.contains("was run twice"), "{e}");
    assert!(merge_parts(vec![]).unwrap_err().message.contains("no grid parts"));
    let e = s
        .grid_search(&config(LOGISTIC), "C=", 3, "roc_auc", None, &mut Silent)
        .unwrap_err();
    assert_eq!(e.code, Code::BadRequest);
}

#[test]
fn cross_validation_reports_every_fold() {
    let s = session(300, 11);
    let report = s.cross_validate(&config(LOGISTIC), 4, &mut Silent).unwrap();
    assert_eq!(report.models[0].folds.len(), 4);
    let held: usize = report.fold_rows.iter().map(Vec::len).sum();
    assert_eq!(held, 300);
}

/// A source file and a target file whose `x1` is shifted by 1 (covariate shift).
fn transfer_csv(n: usize, seed: u64, shift: f64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::from("x1,x2,label\n");
    for i in 0..n {
        let positive = rng.uniform() < 0.2 || i < 4;
        let x1 = rng.normal() + shift + if positive { 1.5 } else { 0.0 };
        out.push_str(&format!(
            "{x1:.4},{:.4},{}\n",
            rng.normal(),
            if positive { 1 } else { 0 }
        ));
    }
    out
}

#[test]
fn transfer_session_runs_and_draws_every_chart_kind() {
    let mut t = TransferSession::new();
    let e = t.last_run().unwrap_err();
    assert_eq!(e.code, Code::NotReady);
    assert_eq!("sauce".parse::<Which>().unwrap_err().code, Code::BadRequest);
    for (which, seed, shift) in [(Which::Source, 12, 0.0), (Which::Target, 13, 1.0)] {
        let text = transfer_csv(240, seed, shift);
        for piece in text.as_bytes().chunks(101) {
            t.push_chunk(which, piece).unwrap();
        }
        assert_eq!(t.finish(which).unwrap().rows, 240);
    }
    let config = serde_json::from_str(
        r#"{"data": {"label": "label"}, "dan": {"hidden": [8], "max_steps": 12, "batch_size": 32, "validate_every": 3},
            "forest": {"n_trees": 5}, "projection_points": 20}"#,
    )
    .unwrap();
    let mut steps = 0;
    let mut validations = 0;
    let report = t
        .run(&config, &mut Silent, &mut |e| match e {
            rareclass::models::dan::DanEvent::Step(_) => steps += 1,
            rareclass::models::dan::DanEvent::Validation(_) => validations += 1,
        })
        .unwrap();
    let dan_steps = report.dan_history.steps.len();
    assert!(dan_steps > 0 && validations > 0);
    let run = t.last_run().unwrap();
    for kind in ["roc", "ks", "history", "validation", "before", "after"] {
        let req = TransferChartRequest {
            kind: kind.into(),
            width: 400.0,
            height: 300.0,
            dark: false,
            series: 0,
            lang: Lang::En,
        };
        let chart = transfer_chart(run, &req).unwrap();
        assert!(!chart.ops.is_empty(), "{kind}");
    }
    // The ROC legend names each model with its test AUC from the report.
    let roc = transfer_chart(
        run,
        &TransferChartRequest {
            kind: "roc".into(),
            width: 400.0,
            height: 300.0,
            dark: false,
            series: 0,
            lang: Lang::En,
        },
    )
    .unwrap();
    let first = &run.report.models[0];
    if let Some(auc) = first.report.test.as_ref().and_then(|e| e.roc_auc) {
        let name = format!("{} · ROC-AUC {auc:.3}", first.report.name);
        assert!(
            texts(&roc).iter().any(|t| t.starts_with(&name[..name.len().min(12)])),
            "{:?}",
            texts(&roc)
        );
    }
    let bad = TransferChartRequest {
        kind: "pie".into(),
        width: 400.0,
        height: 300.0,
        dark: false,
        series: 0,
        lang: Lang::En,
    };
    assert_eq!(transfer_chart(run, &bad).unwrap_err().code, Code::BadRequest);
    // Reading a file again forgets the run.
    t.push_chunk(Which::Target, transfer_csv(240, 14, 1.0).as_bytes())
        .unwrap();
    t.finish(Which::Target).unwrap();
    assert_eq!(t.last_run().unwrap_err().code, Code::NotReady);
    assert!(steps >= dan_steps, "every step was observed: {steps} vs {dan_steps}");
}

/// The `<rareclass-demo>` element's `model` and `settings` attributes: a
/// kind's defaults, then `key=value` settings as the CLI's `--set` reads
/// them. Expected values are the settings as written (hand-read), not the
/// code's output.
#[test]
fn model_spec_reads_a_kind_and_its_settings() {
    let json = |s: &rareclass::model_spec::ModelSpec| serde_json::to_value(s).unwrap();
    let lr = json(&model_spec("logistic", "").unwrap());
    assert_eq!(lr["kind"], "logistic");
    assert_eq!(lr["params"]["c"], 1.0, "the documented default C");
    let lr = json(&model_spec(" logistic ", "C=0.25, imbalance=class-weight, solver=lbfgs").unwrap());
    assert_eq!(lr["params"]["c"], 0.25);
    assert_eq!(lr["params"]["class_weight"], "balanced");
    assert_eq!(lr["params"]["solver"], "lbfgs");
    // Spaces and semicolons separate settings too; params are reached by name.
    let tree = json(&model_spec("tree", "max_depth=3;  min_samples_leaf=7").unwrap());
    assert_eq!(tree["params"]["max_depth"], 3);
    assert_eq!(tree["params"]["min_samples_leaf"], 7);
    let gbdt = json(&model_spec("gbdt", "n_rounds=40 learning_rate=0.1\timbalance=smote").unwrap());
    assert_eq!(gbdt["params"]["n_rounds"], 40);
    assert_eq!(gbdt["params"]["learning_rate"], 0.1);
    assert_eq!(gbdt["resampling"]["method"], "smote");
    assert_eq!(json(&model_spec("majority", "").unwrap())["kind"], "majority");
}

#[test]
fn model_spec_refuses_what_it_cannot_read_with_the_setting_named() {
    let err = |kind: &str, settings: &str| model_spec(kind, settings).unwrap_err();
    let e = err("svm", "");
    assert_eq!(e.code, Code::BadRequest);
    assert!(
        e.message.contains("\"svm\"") && e.message.contains("logistic, mlp, tree, forest, gbdt, majority"),
        "{}",
        e.message
    );
    let e = err("tree", "max_depth");
    assert!(
        e.message.contains("\"max_depth\" has no \"=\"") && e.message.contains("max_depth=4"),
        "{}",
        e.message
    );
    let e = err("tree", "max_depth=0");
    assert_eq!(e.code, Code::BadRequest);
    assert!(e.message.contains("max_depth=0"), "{}", e.message);
    let e = err("logistic", "depth=3");
    assert!(
        e.message.contains("\"depth\"") && e.message.contains("C"),
        "names what logistic takes: {}",
        e.message
    );
    let e = err("majority", "imbalance=smote");
    assert!(e.message.contains("majority"), "{}", e.message);
    let e = err("logistic", "C=abc");
    assert!(e.message.contains("not a number"), "{}", e.message);
}
