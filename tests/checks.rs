//! The data check before every fit (src/checks/): a trap corpus made here
//! from the bundled files — a copied label, a post-outcome code, a row
//! counter, an `a:b:c` case id, constant and near-constant columns, a
//! duplicated column, duplicated rows, conflicting labels, a time-sorted
//! file, a mostly-missing column (tests/common/traps.rs) — must show each trap's code in `explore`, in `train`'s and `cv`'s
//! JSON reports and printed by the CLI; the bundled real files must get no
//! `possible-leakage`, `id-like-column` or `no-signal`. Plus `--strict`,
//! `--keep`, and the CLI's type / label-message / date bugs.

use crate::common::traps::{self, NearMiss, Trap};
use crate::common::{data_path, rareclass, stderr, stdout, TempDir};
use rareclass::checks::{check_data, CheckError, CheckOptions};
use rareclass::data::{binary_label, read_csv, PositiveClass, ReadOptions, Table};
use rareclass::rng::Rng;
use serde_json::Value;

fn bundled_text(name: &str) -> String {
    std::fs::read_to_string(data_path(name)).unwrap()
}

/// The corpus (tests/common/traps.rs). breast_cancer: label `target`,
/// positive `0` (malignant, 212 of 569); lending_club: label `Class`,
/// positive `bad` (517 of 9,857).
fn traps() -> Vec<Trap> {
    traps::traps(&bundled_text("breast_cancer.csv"), &bundled_text("lending_club.csv"))
}

fn near_misses() -> Vec<NearMiss> {
    traps::near_misses(&bundled_text("breast_cancer.csv"), &bundled_text("lending_club.csv"))
}

fn has(findings: &Value, code: &str, column: Option<&str>) -> bool {
    findings
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == code && column.is_none_or(|c| d["column"] == c))
}

fn run_json(args: &[&str], report: &std::path::Path) -> Value {
    let o = rareclass(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    let text = stdout(&o);
    serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Writes `t` into `dir`; its path and what `explore --json` says of it.
fn write_and_explore(dir: &TempDir, t: &Trap) -> (String, Value) {
    let csv = dir.path(&format!("{}.csv", t.name));
    std::fs::write(&csv, &t.csv).unwrap();
    let csv = csv.to_str().unwrap().to_string();
    let o = rareclass(&["explore", &csv, "--json", "--label", t.label, "--positive", t.positive]);
    assert!(o.status.success(), "{}: {}", t.name, stderr(&o));
    (csv, serde_json::from_str(&stdout(&o)).unwrap())
}

#[test]
fn every_trap_shows_its_code_in_explore_train_and_cv() {
    let dir = TempDir::new("checks-traps");
    for t in traps() {
        let (csv, v) = write_and_explore(&dir, &t);
        let csv = csv.as_str();
        let base = ["--label", t.label, "--positive", t.positive];
        assert!(
            has(&v["diagnostics"], t.code, t.column),
            "{} explore: {}",
            t.name,
            v["diagnostics"]
        );
        // train: in the JSON report and printed
        let report = dir.path(&format!("{}-train.json", t.name));
        let o = rareclass(&[&["train", csv, "--report", report.to_str().unwrap()][..], &base].concat());
        assert!(o.status.success(), "{}: {}", t.name, stderr(&o));
        assert!(
            stdout(&o)
                .lines()
                .any(|l| l.starts_with(&format!("warning: {}:", t.code))),
            "{} train printed: {}",
            t.name,
            stdout(&o)
        );
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        assert!(
            has(&v["warnings"], t.code, t.column),
            "{} train: {}",
            t.name,
            v["warnings"]
        );
        // cv
        let report = dir.path(&format!("{}-cv.json", t.name));
        let v = run_json(
            &[
                &["cv", csv, "--folds", "3", "--report", report.to_str().unwrap()][..],
                &base,
            ]
            .concat(),
            &report,
        );
        assert!(
            has(&v["warnings"], t.code, t.column),
            "{} cv: {}",
            t.name,
            v["warnings"]
        );
    }
}

#[test]
fn every_near_miss_stays_quiet_in_explore_and_train() {
    // Each trap's honest neighbour (a flag in 5 % of rows, a column 40 %
    // missing, no repeats, repeats that agree, shuffled dates) must not
    // raise the trap's code: the rules fire on what they name, not near it.
    let dir = TempDir::new("checks-near");
    for t in near_misses() {
        let (csv, v) = write_and_explore(&dir, &t);
        let csv = csv.as_str();
        let base = ["--label", t.label, "--positive", t.positive];
        assert!(
            !has(&v["diagnostics"], t.code, t.column),
            "{} explore: {}",
            t.name,
            v["diagnostics"]
        );
        let report = dir.path(&format!("{}-train.json", t.name));
        let v = run_json(
            &[&["train", csv, "--report", report.to_str().unwrap()][..], &base].concat(),
            &report,
        );
        assert!(
            !has(&v["warnings"], t.code, t.column),
            "{} train: {}",
            t.name,
            v["warnings"]
        );
    }
    // And the repeats that agree are still duplicates: the near miss of one
    // code is the trap of the other.
    let t = near_misses().into_iter().find(|t| t.name == "repeats_agree").unwrap();
    let csv = dir.path("agree.csv");
    std::fs::write(&csv, &t.csv).unwrap();
    let report = dir.path("agree-train.json");
    let v = run_json(
        &[
            "train",
            csv.to_str().unwrap(),
            "--label",
            "target",
            "--positive",
            "0",
            "--report",
            report.to_str().unwrap(),
        ],
        &report,
    );
    assert!(has(&v["warnings"], "duplicate-rows", None), "{}", v["warnings"]);
}

#[test]
fn flagged_id_constant_and_copy_columns_do_not_feed_the_model_and_leaks_are_warned() {
    let dir = TempDir::new("checks-left-out");
    for t in traps() {
        let Some(col) = t.column else { continue };
        // The `a:b:c` case id is read as text (3,286 distinct values of
        // 9,857, too many for a category): text never feeds a model, so
        // there is nothing to leave out, and the finding says why instead.
        let text = t.name == "case_id";
        let left_out = !text && matches!(t.code, "id-like-column" | "constant-column" | "duplicate-column");
        let csv = dir.path(&format!("{}.csv", t.name));
        std::fs::write(&csv, &t.csv).unwrap();
        let report = dir.path("r.json");
        let args = [
            "train",
            csv.to_str().unwrap(),
            "--label",
            t.label,
            "--positive",
            t.positive,
            "--report",
            report.to_str().unwrap(),
        ];
        let v = run_json(&args, &report);
        let features: Vec<&str> = v["data"]["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        let feeds = features.iter().any(|f| *f == col || f.starts_with(&format!("{col}=")));
        assert_eq!(feeds, !left_out && !text, "{}: {features:?}", t.name);
        assert_eq!(
            v["data"]["left_out"].as_array().unwrap().iter().any(|c| c == col),
            left_out,
            "{}",
            t.name
        );
        let w = v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == t.code)
            .unwrap();
        assert_eq!(
            w["message"].as_str().unwrap().contains("left out of the features"),
            left_out,
            "{}: {w}",
            t.name
        );
        assert_eq!(
            w["message"]
                .as_str()
                .unwrap()
                .contains("text columns are never features"),
            text,
            "{}: {w}",
            t.name
        );
    }
}

#[test]
fn a_post_outcome_leak_is_what_makes_the_test_auc_near_one() {
    // Why the warning matters: with the code test ROC-AUC is near 1, without
    // it the honest ~0.73 of the loan file (hand-checked: logistic on
    // lending_club alone gives 0.7299 test ROC-AUC at seed 42).
    let t = traps().into_iter().find(|t| t.name == "post_outcome").unwrap();
    let dir = TempDir::new("checks-post-outcome");
    let csv = dir.path("p.csv");
    std::fs::write(&csv, &t.csv).unwrap();
    let auc = |drop: bool| {
        let report = dir.path("r.json");
        let mut args = vec![
            "train",
            csv.to_str().unwrap(),
            "--label",
            "Class",
            "--report",
            report.to_str().unwrap(),
        ];
        if drop {
            args.extend(["--drop", "severity"]);
        }
        let v = run_json(&args, &report);
        (v["models"][0]["test"]["roc_auc"].as_f64().unwrap(), v)
    };
    let (honest, v) = auc(true);
    assert!(!has(&v["warnings"], "possible-leakage", None), "{}", v["warnings"]);
    let (leaky, v) = auc(false);
    assert!(honest < 0.8 && leaky > 0.95, "dropped {honest}, kept {leaky}");
    let w = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "possible-leakage")
        .unwrap();
    assert!(w["message"].as_str().unwrap().contains("92 % of all positives"), "{w}");
    assert!(w["next_step"].as_str().unwrap().contains("still a feature"), "{w}");
}

#[test]
fn keep_anyway_is_recorded_and_the_column_feeds_the_model() {
    let t = traps().into_iter().find(|t| t.name == "row_counter").unwrap();
    let dir = TempDir::new("checks-keep");
    let csv = dir.path("k.csv");
    std::fs::write(&csv, &t.csv).unwrap();
    let report = dir.path("r.json");
    let v = run_json(
        &[
            "train",
            csv.to_str().unwrap(),
            "--label",
            "target",
            "--keep",
            "row",
            "--report",
            report.to_str().unwrap(),
        ],
        &report,
    );
    assert_eq!(v["data"]["kept"], serde_json::json!(["row"]));
    assert_eq!(v["data"]["left_out"], serde_json::json!([]));
    assert_eq!(v["config"]["checks"]["keep"], serde_json::json!(["row"]));
    assert!(v["data"]["features"].as_array().unwrap().iter().any(|f| f == "row"));
    let w = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "id-like-column")
        .unwrap();
    assert!(w["message"].as_str().unwrap().contains("kept as a feature"), "{w}");
    // Keeping a text id is recorded as asked, but it is not "kept as a
    // feature": text never is one, and the finding says so.
    let t = traps().into_iter().find(|t| t.name == "case_id").unwrap();
    let csv = dir.path("c.csv");
    std::fs::write(&csv, &t.csv).unwrap();
    let v = run_json(
        &[
            "train",
            csv.to_str().unwrap(),
            "--label",
            "Class",
            "--keep",
            "case_id",
            "--report",
            report.to_str().unwrap(),
        ],
        &report,
    );
    assert_eq!(v["config"]["checks"]["keep"], serde_json::json!(["case_id"]));
    assert_eq!(v["data"]["kept"], serde_json::json!([]));
    assert!(!v["data"]["features"].as_array().unwrap().iter().any(|f| f == "case_id"));
    let w = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "id-like-column" && d["column"] == "case_id")
        .unwrap();
    let m = w["message"].as_str().unwrap();
    assert!(
        m.contains("you chose to keep it, but it is text") && !m.contains("kept as a feature"),
        "{w}"
    );
}

#[test]
fn strict_turns_findings_into_an_error_unless_kept() {
    let t = traps().into_iter().find(|t| t.name == "row_counter").unwrap();
    let dir = TempDir::new("checks-strict");
    let csv = dir.path("r.csv");
    std::fs::write(&csv, &t.csv).unwrap();
    let csv = csv.to_str().unwrap();
    for cmd in ["train", "cv"] {
        let o = rareclass(&[cmd, csv, "--label", "target", "--strict"]);
        assert!(!o.status.success(), "{cmd}");
        let e = stderr(&o);
        assert!(
            e.contains("strict data check: 1 finding stop") && e.contains("id-like-column (\"row\")"),
            "{cmd}: {e}"
        );
        let o = rareclass(&[cmd, csv, "--label", "target", "--strict", "--keep", "row"]);
        assert!(o.status.success(), "{cmd}: {}", stderr(&o));
    }
    let o = rareclass(&["train", csv, "--label", "target", "--keep", "nope"]);
    assert!(
        stderr(&o).contains("keep anyway: no column named \"nope\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bundled_real_files_raise_no_false_alarm() {
    // breast_cancer has honest single features with ROC-AUC near 0.97 and
    // several value ranges ≥ 95 % malignant holding most malignant rows;
    // none carries the model, so none is a leak.
    for (name, label) in [
        ("breast_cancer.csv", "target"),
        ("lending_club.csv", "Class"),
        ("lending_club_source_term36.csv", "Class"),
        ("lending_club_target_term60.csv", "Class"),
    ] {
        let table =
            rareclass::data::read_csv(&std::fs::read(data_path(name)).unwrap(), &ReadOptions::default()).unwrap();
        let l = binary_label(&table, label, &PositiveClass::Minority).unwrap();
        let c = check_data(&table, &l, &[], &CheckOptions::default()).unwrap();
        let bad: Vec<&str> = c
            .findings
            .iter()
            .map(|d| d.code)
            .filter(|c| ["possible-leakage", "id-like-column", "no-signal"].contains(c))
            .collect();
        assert!(bad.is_empty(), "{name}: {bad:?}");
        assert!(c.left_out.is_empty(), "{name}: {:?}", c.left_out);
    }
}

fn table(csv: &str) -> Table {
    read_csv(csv.as_bytes(), &ReadOptions::default()).unwrap()
}

#[test]
fn a_strong_honest_feature_with_a_pure_range_is_not_a_leak_but_the_same_range_alone_is() {
    // x1 and x2 are two noisy copies of one signal z, N(2, 1) for the
    // positives (25 %) and N(0, 0.5²) for the negatives: single-column
    // ROC-AUC Φ(2 / √1.25) ≈ 0.96 (below the near-perfect cut), and the
    // range z ≥ 1.5 holds 69 % of the positives at ≈ 99 % purity (like
    // breast_cancer's cell sizes). The model without one still has the
    // other, so neither carries the model. Drop x2 and x1 becomes the
    // model: the same column is then flagged.
    let mut rng = Rng::new(5);
    let mut s = String::from("x1,x2,noise,y\n");
    for _ in 0..3000 {
        let y = rng.uniform() < 0.25;
        let z = if y { 2.0 + rng.normal() } else { 0.5 * rng.normal() };
        s.push_str(&format!(
            "{},{},{},{}\n",
            z + 0.05 * rng.normal(),
            z + 0.05 * rng.normal(),
            rng.normal(),
            u8::from(y)
        ));
    }
    let t = table(&s);
    let l = binary_label(&t, "y", &PositiveClass::Value("1".into())).unwrap();
    let c = check_data(&t, &l, &[], &CheckOptions::default()).unwrap();
    assert!(
        !c.findings.iter().any(|d| d.code == "possible-leakage"),
        "{:?}",
        c.findings
    );
    let pure = rareclass::checks::leakage::pure_region(t.column("x1").unwrap(), &l).unwrap();
    assert!(pure.rate >= 0.95 && pure.coverage >= 0.5, "{pure:?}");
    let c = check_data(&t, &l, &["x2".into()], &CheckOptions::default()).unwrap();
    assert!(
        c.findings
            .iter()
            .any(|d| d.code == "possible-leakage" && d.column.as_deref() == Some("x1")),
        "{:?}",
        c.findings
    );
}

#[test]
fn strict_error_names_codes_and_columns() {
    let t = table("a,b,y\n1,5,0\n1,6,1\n1,7,0\n1,8,1\n");
    let l = binary_label(&t, "y", &PositiveClass::Value("1".into())).unwrap();
    let e = check_data(
        &t,
        &l,
        &[],
        &CheckOptions {
            keep: vec![],
            strict: true,
        },
    )
    .unwrap_err();
    assert!(matches!(&e, CheckError::Strict { findings } if findings[0].code == "constant-column"));
    assert!(e.to_string().contains("constant-column (\"a\")"), "{e}");
}

#[test]
fn a_file_whose_only_features_are_left_out_is_refused_naming_what_to_keep() {
    // x counts rows (1, 2, 3, ...) and c is constant: the check leaves both
    // out, so nothing would be fitted on; the error says why and how to keep one.
    let mut s = String::from("x,c,y\n");
    for i in 0..40 {
        s.push_str(&format!("{},k,{}\n", i + 1, i % 2));
    }
    let t = table(&s);
    let l = binary_label(&t, "y", &PositiveClass::Value("1".into())).unwrap();
    let e = check_data(&t, &l, &[], &CheckOptions::default()).unwrap_err();
    let CheckError::NoFeaturesLeft { findings } = &e else {
        panic!("{e:?}")
    };
    let got: Vec<(&str, Option<&str>)> = findings.iter().map(|d| (d.code, d.column.as_deref())).collect();
    assert_eq!(got, [("id-like-column", Some("x")), ("constant-column", Some("c"))]);
    assert!(e.to_string().contains("--keep x"), "{e}");
    let keep = CheckOptions {
        keep: vec!["x".into()],
        strict: false,
    };
    assert_eq!(check_data(&t, &l, &[], &keep).unwrap().kept, ["x"]);
    // The CLI says the same and exits non-zero.
    let dir = TempDir::new("checks-none-left");
    let csv = dir.path("n.csv");
    std::fs::write(&csv, &s).unwrap();
    let o = rareclass(&["train", csv.to_str().unwrap(), "--label", "y"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("left out every feature column"), "{}", stderr(&o));
}

#[test]
fn compound_ids_are_flagged_but_decimals_and_dates_read_as_categories_are_not() {
    // 300 rows: `case` names groups of three rows (`7:2:0`, 100 distinct,
    // 33 %); `amount` holds decimals (`12.37`, 300 distinct) and `day` ISO
    // dates (100 distinct), both read as categorical on purpose (as a user
    // may in the page). Only `case` is an identifier.
    let mut rng = Rng::new(3);
    let mut s = String::from("case,amount,day,x,y\n");
    for i in 0..300 {
        let y = rng.uniform() < 0.3;
        s.push_str(&format!(
            "{}:{}:{},{}.{:02},2022-{:02}-{:02},{:.3},{}\n",
            (i / 3) % 17,
            (i / 51) % 9,
            i / 459,
            i,
            (i * 37) % 100,
            1 + (i / 3) % 12,
            1 + (i / 36) % 28,
            rng.normal() + f64::from(u8::from(y)),
            u8::from(y)
        ));
    }
    let mut t = table(&s);
    for name in ["amount", "day"] {
        let i = t.column_index(name).unwrap();
        t.columns[i] =
            rareclass::data::infer::convert_table_column(&t, i, rareclass::data::ColumnKind::Categorical).unwrap();
    }
    let l = binary_label(&t, "y", &PositiveClass::Value("1".into())).unwrap();
    let c = check_data(&t, &l, &[], &CheckOptions::default()).unwrap();
    let d = &serde_json::to_value(&c.findings).unwrap();
    assert!(!has(d, "id-like-column", Some("day")), "{d}");
}

// ---------------------------------------------------------------- the four CLI bugs

#[test]
fn type_accepts_datetime_and_a_comma_separated_list() {
    let dir = TempDir::new("checks-types");
    let csv = dir.path("t.csv");
    let mut s = String::from("when,zip,x,y\n");
    for i in 0..60 {
        s.push_str(&format!(
            "2021-03-{:02},{},{},{}\n",
            1 + i % 28,
            10000 + i % 7,
            i % 5,
            i % 2
        ));
    }
    std::fs::write(&csv, s).unwrap();
    let csv = csv.to_str().unwrap();
    for types in [
        vec!["--type", "when=datetime"],
        vec!["--type", "when=DateTime", "--type", "zip=categorical"],
        vec!["--type", "when=datetime,zip=categorical"],
    ] {
        let mut args = vec!["train", csv, "--label", "y"];
        args.extend(types.iter().copied());
        let o = rareclass(&args);
        assert!(o.status.success(), "{types:?}: {}", stderr(&o));
    }
    let o = rareclass(&["train", csv, "--label", "y", "--type", "when=date_time,zip=nonsense"]);
    assert!(
        stderr(&o).contains("\"nonsense\" is not one of numeric, boolean, categorical, datetime, text"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn label_error_counts_every_other_value() {
    let dir = TempDir::new("checks-label-count");
    let csv = dir.path("l.csv");
    let mut s = String::from("x,amount\n");
    for i in 0..797 {
        s.push_str(&format!("{},{}\n", i % 3, i));
    }
    std::fs::write(&csv, s).unwrap();
    let o = rareclass(&["train", csv.to_str().unwrap(), "--label", "amount"]);
    // 797 values: six shown, 791 more.
    let e = stderr(&o);
    assert!(e.contains("has 797 values") && e.contains("and 791 more"), "{e}");
}

#[test]
fn dates_read_as_dates_in_inspect_and_in_errors() {
    let dir = TempDir::new("checks-dates");
    let csv = dir.path("d.csv");
    let mut s = String::from("opened,y\n");
    for i in 0..30 {
        s.push_str(&format!("2021-01-{:02},{}\n", 1 + i % 28, i % 2));
    }
    std::fs::write(&csv, s).unwrap();
    let csv = csv.to_str().unwrap();
    let o = rareclass(&["inspect", csv]);
    let text = stdout(&o);
    assert!(text.contains("from 2021-01-01 to 2021-01-28"), "{text}");
    assert!(!text.contains("1609459200"), "{text}");
    // A date column as the label: the error lists dates, not seconds.
    let o = rareclass(&["train", csv, "--label", "opened"]);
    let e = stderr(&o);
    assert!(e.contains("\"2021-01-01\"") && !e.contains("1609459200"), "{e}");
}
