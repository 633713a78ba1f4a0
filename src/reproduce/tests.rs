//! The scripts' text: the split rows are the run's, the settings are the
//! model file's, and a CSV that is not the training file is refused.
//! (CI runs the scikit-learn script itself: tests/python/check_sklearn.py.)

use super::*;
use crate::data::{read_csv, ReadOptions};
use crate::experiment::{run, ExperimentConfig};
use crate::progress::Silent;

fn table(n: usize) -> Table {
    let mut csv = String::from("x,c,y\n");
    for i in 0..n {
        csv += &format!("{i},{},{}\n", ["a", "b", ""][i % 3], (i % 5 == 0) as u8);
    }
    read_csv(csv.as_bytes(), &ReadOptions::default()).unwrap()
}

fn trained(spec: &str) -> (crate::experiment::Run, ModelFile) {
    let config = ExperimentConfig {
        label: "y".into(),
        models: vec![serde_json::from_str(spec).unwrap()],
        ..Default::default()
    };
    let r = run(&table(100), &config, &mut Silent).unwrap();
    let f = r.model_file(0).unwrap();
    (r, f)
}

/// No `__UPPER__` placeholder is left (Python's `__doc__`, `__main__` are lower case).
fn assert_no_placeholder(s: &str) {
    for (i, _) in s.match_indices("__") {
        let next = s[i + 2..].chars().next().unwrap_or(' ');
        assert!(
            !next.is_ascii_uppercase(),
            "a placeholder is left: {}",
            &s[i..(i + 30).min(s.len())]
        );
    }
}

#[test]
fn split_rows_are_the_runs_and_other_files_are_refused() {
    let (r, f) = trained(r#"{"kind":"logistic","c":0.5,"class_weight":"balanced"}"#);
    let rows = split_rows(&f, &table(100)).unwrap();
    let want: Vec<usize> = r.split.test.iter().map(|&i| r.label.rows[i]).collect();
    assert_eq!(rows.test, want);
    assert_eq!(rows.train.len() + rows.val.len() + rows.test.len(), 100);
    let e = split_rows(&f, &table(90)).unwrap_err();
    assert!(matches!(e, ReproduceError::OtherFile { want_rows: 64, .. }), "{e}");
}

#[test]
fn sklearn_script_carries_the_settings_and_rows() {
    let (_, f) = trained(r#"{"kind":"logistic","c":0.5,"class_weight":"balanced"}"#);
    let rows = split_rows(&f, &table(100)).unwrap();
    let s = sklearn_script(&f, &rows, "d.csv", "r.py").unwrap();
    assert_no_placeholder(&s);
    assert!(s.contains("LogisticRegression(C=0.5, class_weight=\"balanced\""));
    assert!(s.contains("COLUMNS = [(\"x\", \"numeric\"), (\"c\", \"categorical\")]"));
    let test_line = format!("TEST_ROWS = np.array([{}", rows.test[0]);
    assert!(s.contains(&test_line), "{test_line}");
    let nb: serde_json::Value = serde_json::from_str(&notebook(&f, &rows, "d.csv").unwrap()).unwrap();
    let cells = nb["cells"].as_array().unwrap();
    assert_eq!(cells[0]["cell_type"], "markdown");
    assert!(cells.iter().any(|c| c["cell_type"] == "code"));
}

#[test]
fn pyspark_is_for_logistic_models() {
    let (_, f) = trained(r#"{"kind":"logistic","class_weight":{"custom":{"negative":1.0,"positive":4.0}}}"#);
    let rows = split_rows(&f, &table(100)).unwrap();
    let s = pyspark_script(&f, &rows, "d.csv", "s.py").unwrap();
    assert_no_placeholder(&s);
    assert!(s.contains("CLASS_WEIGHT = {0: 1.0, 1: 4.0}"));
    let (_, tree) = trained(r#"{"kind":"tree"}"#);
    let e = pyspark_script(&tree, &rows, "d.csv", "s.py").unwrap_err();
    assert!(matches!(e, ReproduceError::NotLogistic(_, "tree")), "{e}");
}
