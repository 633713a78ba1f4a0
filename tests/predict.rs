//! Scoring new files with a saved model, in the library and through
//! `rareclass predict`: columns matched by name in any order, extra columns
//! ignored, missing ones named, unseen categories counted, the CSV written.

use crate::common::{data_path, rareclass, read_data, stderr, TempDir};
use rareclass::data::{read_csv, PositiveClass, ReadOptions, Table};
use rareclass::experiment::{run, ExperimentConfig};
use rareclass::model_file::ModelFile;
use rareclass::predict::{score_table, PredictError};
use rareclass::progress::Silent;

fn lending_club_model() -> ModelFile {
    let config = ExperimentConfig {
        label: "Class".into(),
        ..Default::default()
    };
    ModelFile::from_run(&run(&read_data("lending_club.csv"), &config, &mut Silent).unwrap(), 0).unwrap()
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

/// The bundled file as rows of cells (it has no quoted fields).
fn cells(name: &str) -> Vec<Vec<String>> {
    std::fs::read_to_string(data_path(name))
        .unwrap()
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

fn to_csv(rows: &[Vec<String>]) -> String {
    rows.iter().map(|r| r.join(",") + "\n").collect()
}

fn parse(csv: &str) -> Table {
    read_csv(csv.as_bytes(), &ReadOptions::default()).unwrap()
}

#[test]
fn shuffled_columns_and_an_extra_column_give_the_same_scores() {
    let model = lending_club_model();
    let original = score_table(&model, &read_data("lending_club.csv")).unwrap();
    let mut rows = cells("lending_club.csv");
    let n_cols = rows[0].len();
    // Reverse the column order, move the label into the middle, add a column.
    for (i, row) in rows.iter_mut().enumerate() {
        row.reverse();
        row.swap(0, n_cols / 2);
        row.push(if i == 0 { "note".into() } else { format!("n{}", i % 7) });
    }
    let shuffled = score_table(&model, &parse(&to_csv(&rows))).unwrap();
    assert_eq!(bits(&shuffled.scores), bits(&original.scores));
    assert_eq!(shuffled.summary.ignored_columns, vec!["note"]);
    assert!(original.summary.ignored_columns.is_empty());
    assert_eq!(shuffled.summary.evaluation, original.summary.evaluation);
    // The label at the saved threshold 0.5, in the saved class names.
    for r in 0..original.scores.len() {
        let want = if original.scores[r] >= 0.5 { "bad" } else { "good" };
        assert_eq!(original.class_of(r), want);
    }
    let e = original.summary.evaluation.as_ref().unwrap();
    assert_eq!((e.rows, e.positives), (9857, 517));
}

#[test]
fn a_file_without_the_label_is_scored_without_metrics() {
    let model = lending_club_model();
    let original = score_table(&model, &read_data("lending_club.csv")).unwrap();
    let rows: Vec<Vec<String>> = cells("lending_club.csv")
        .into_iter()
        .map(|mut r| {
            r.pop();
            r
        })
        .collect();
    let s = score_table(&model, &parse(&to_csv(&rows))).unwrap();
    assert_eq!(bits(&s.scores), bits(&original.scores));
    assert!(!s.summary.has_label && s.summary.evaluation.is_none());
}

#[test]
fn missing_columns_are_named_all_at_once() {
    let model = lending_club_model();
    let rows = cells("lending_club.csv");
    let keep: Vec<usize> = (0..rows[0].len())
        .filter(|&j| rows[0][j] != "int_rate" && rows[0][j] != "addr_state")
        .collect();
    let cut: Vec<Vec<String>> = rows
        .iter()
        .map(|r| keep.iter().map(|&j| r[j].clone()).collect())
        .collect();
    let e = score_table(&model, &parse(&to_csv(&cut))).unwrap_err();
    assert!(
        matches!(&e, PredictError::MissingColumns { names, present } if names == &["int_rate", "addr_state"] && *present == 20),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "the model needs columns \"int_rate\", \"addr_state\", which this file does not have"
    );
}

/// lending_club with `addr_state` set to "ZZ" (no such state) on data rows 1, 101, …, 501.
fn with_unseen_state() -> (String, Vec<usize>) {
    let mut rows = cells("lending_club.csv");
    let j = rows[0].iter().position(|c| c == "addr_state").unwrap();
    let changed: Vec<usize> = (0..6).map(|k| k * 100).collect();
    for &r in &changed {
        rows[r + 1][j] = "ZZ".into();
    }
    (to_csv(&rows), changed)
}

#[test]
fn unseen_categories_are_counted_and_other_rows_unchanged() {
    let model = lending_club_model();
    let original = score_table(&model, &read_data("lending_club.csv")).unwrap();
    let (csv, changed) = with_unseen_state();
    let s = score_table(&model, &parse(&csv)).unwrap();
    assert_eq!(s.summary.unseen_categories, vec![("addr_state".to_string(), 6)]);
    for r in 0..s.scores.len() {
        if changed.contains(&r) {
            // All-zero one-hot: only the state's own weight goes, so the score moves.
            assert_ne!(s.scores[r], original.scores[r], "row {r}");
        } else {
            assert_eq!(s.scores[r].to_bits(), original.scores[r].to_bits(), "row {r}");
        }
    }
}

#[test]
fn missing_feature_values_are_imputed_as_in_training() {
    let model = lending_club_model();
    let mut rows = cells("lending_club.csv");
    let j = rows[0].iter().position(|c| c == "revol_util").unwrap();
    rows[3][j] = String::new();
    let s = score_table(&model, &parse(&to_csv(&rows))).unwrap();
    // Row 2's revol_util becomes the training mean: the pipeline's fill.
    let fill = model
        .pipeline
        .inputs
        .iter()
        .find(|i| i.name == "revol_util")
        .map(|i| match &i.step {
            rareclass::pipeline::ColumnStep::Number { fill, .. } => *fill,
            _ => panic!("revol_util is numeric"),
        })
        .unwrap();
    rows[3][j] = format!("{fill}");
    let filled = score_table(&model, &parse(&to_csv(&rows))).unwrap();
    assert!(s.scores[2].is_finite());
    assert!((s.scores[2] - filled.scores[2]).abs() < 1e-12);
}

#[test]
fn breast_cancer_positive_class_zero_is_kept() {
    let config = ExperimentConfig {
        label: "target".into(),
        positive: PositiveClass::Value("0".into()),
        ..Default::default()
    };
    let table = read_data("breast_cancer.csv");
    let model = ModelFile::from_json(
        &ModelFile::from_run(&run(&table, &config, &mut Silent).unwrap(), 0)
            .unwrap()
            .to_json(),
    )
    .unwrap();
    let s = score_table(&model, &table).unwrap();
    let e = s.summary.evaluation.unwrap();
    // 212 malignant (target 0) of 569.
    assert_eq!((e.rows, e.positives), (569, 212));
    assert!(e.roc_auc.unwrap() > 0.98);
}

// ---- the CLI ----

/// `(header, rows)` of a predictions CSV.
fn read_predictions(text: &str) -> (String, Vec<Vec<String>>) {
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default().to_string();
    (
        header,
        lines.map(|l| l.split(',').map(str::to_string).collect()).collect(),
    )
}

#[test]
fn predict_cli_writes_the_scores_the_library_computes() {
    let dir = TempDir::new("predict-cli");
    let (model_path, out, report) = (dir.path("model.json"), dir.path("p.csv"), dir.path("r.json"));
    let lc = data_path("lending_club.csv");
    let o = rareclass(&[
        "train",
        lc.to_str().unwrap(),
        "--label",
        "Class",
        "--class-weight",
        "balanced",
        "--export",
        model_path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (unseen_csv, changed) = with_unseen_state();
    let data = dir.path("new.csv");
    std::fs::write(&data, &unseen_csv).unwrap();
    let o = rareclass(&[
        "predict",
        model_path.to_str().unwrap(),
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--id",
        "addr_state",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty());

    let model = ModelFile::from_json(&std::fs::read_to_string(&model_path).unwrap()).unwrap();
    let want = score_table(&model, &parse(&unseen_csv)).unwrap();
    let (header, rows) = read_predictions(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(header, "row,addr_state,score,label");
    assert_eq!(rows.len(), 9857);
    for (r, row) in rows.iter().enumerate() {
        assert_eq!(row.len(), 4, "{row:?}");
        assert_eq!(row[0], (r + 1).to_string());
        let score: f64 = row[2].parse().unwrap();
        assert_eq!(score.to_bits(), want.scores[r].to_bits(), "row {}", r + 1);
        assert_eq!(row[3], want.class_of(r));
    }
    assert_eq!(rows[changed[1]][1], "ZZ");
    // Balanced weights predict many "bad": both labels occur.
    assert!(rows.iter().any(|r| r[3] == "bad") && rows.iter().any(|r| r[3] == "good"));

    let err = stderr(&o);
    let positives = want.summary.predicted_positive;
    assert!(err.contains("scored 9,857 rows"), "{err}");
    assert!(
        err.contains(&format!(
            "{} predicted \"bad\"",
            rareclass::data::label::thousands(positives as u64)
        )),
        "{err}"
    );
    assert!(
        err.contains("\"addr_state\": 6 rows have a category not seen in training"),
        "{err}"
    );
    assert!(
        err.contains("ROC-AUC") && err.contains("data at threshold 0.5: tp"),
        "{err}"
    );
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(r["rows"], 9857);
    assert_eq!(r["predicted_positive"], positives);
    assert_eq!(r["evaluation"]["positives"], 517);
    assert_eq!(r["unseen_categories"][0][0], "addr_state");

    // Without --out the CSV goes to stdout, the summary stays on stderr.
    let o = rareclass(&["predict", model_path.to_str().unwrap(), lc.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (header, rows) = read_predictions(&String::from_utf8(o.stdout).unwrap());
    assert_eq!(header, "row,score,label");
    assert_eq!(rows.len(), 9857);
}

#[test]
fn predict_cli_errors_exit_2_with_one_line() {
    let dir = TempDir::new("predict-cli-bad");
    let lc = data_path("lending_club.csv");
    let model = lending_club_model().to_json();
    let check = |name: &str, model_text: &str, data: &str, needle: &str| {
        let path = dir.path(name);
        std::fs::write(&path, model_text).unwrap();
        let o = rareclass(&["predict", path.to_str().unwrap(), data]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(
            err.starts_with("rareclass: error: ") && err.contains(needle),
            "{name}: {err}"
        );
        assert!(o.stdout.is_empty(), "{name}");
    };
    let data = lc.to_str().unwrap();
    check(
        "cut.json",
        &model[..model.len() / 2],
        data,
        "model file is cut short at line",
    );
    check(
        "v9.json",
        &model.replacen("\"version\": 1", "\"version\": 9", 1),
        data,
        "v9.json: model file version 9 is newer than this rareclass reads (1); update rareclass",
    );
    check(
        "flip.json",
        &model.replacen("\"threshold\": 0.5", "\"threshold\": true", 1),
        data,
        "model file is damaged at line",
    );
    check(
        "package.json",
        "{\"name\": \"x\", \"version\": \"1.0.0\"}",
        data,
        "package.json: this is not a rareclass model file (no \"format\": \"rareclass-model\")",
    );
    check("empty.json", "", data, "empty.json: model file is empty");
    // A data file without a needed column.
    let bc = data_path("breast_cancer.csv");
    check(
        "good.json",
        &model,
        bc.to_str().unwrap(),
        "breast_cancer.csv: the model needs columns \"funded_amnt\", \"term\"",
    );
    let o = rareclass(&["predict", "/no/such/model.json", data]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot open /no/such/model.json"), "{}", stderr(&o));
    // An --id column that is not there.
    let good = dir.path("good.json");
    let o = rareclass(&["predict", good.to_str().unwrap(), data, "--id", "loan_id"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("loan_id"), "{}", stderr(&o));
}
