//! Hostile and huge input (issue 17): tampered model files, sizes refused
//! before allocating, CSV field and row limits, infinite and empty columns,
//! spreadsheet-safe predictions. Every case must end in one message a
//! person can act on, never a panic, an abort or a silently wrong result.

use crate::common::{fixture_path, rareclass, stderr, TempDir};
use rareclass::data::{read_csv, read_csv_with_report, ColumnKind, DataErrorKind, ReadOptions};
use rareclass::model_file::ModelFile;
use rareclass::predict::score_table;

/// One case of `tests/data/tampered_models/corpus.json` (made by
/// `tests/golden/make_tampered_models.py`).
#[derive(serde::Deserialize)]
struct Tampered {
    name: String,
    expect: Vec<String>,
    model: String,
}

fn corpus() -> Vec<Tampered> {
    let text = std::fs::read_to_string(fixture_path("tampered_models/corpus.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_base_models_score_the_rows() {
    // The corpus's untouched files work, so each refusal below is the edit's doing.
    let rows = std::fs::read(fixture_path("tampered_models/rows.csv")).unwrap();
    let table = read_csv(&rows, &ReadOptions::default()).unwrap();
    for base in ["mlp", "forest", "logistic"] {
        let text = std::fs::read_to_string(fixture_path(&format!("tampered_models/base_{base}.json"))).unwrap();
        let scored = score_table(&ModelFile::from_json(&text).unwrap(), &table).unwrap();
        assert_eq!(scored.scores.len(), 40, "{base}");
    }
}

#[test]
fn every_tampered_model_is_refused_by_the_library_with_its_reason() {
    let cases = corpus();
    assert!(cases.len() >= 16, "{} cases", cases.len());
    for c in cases {
        let e = ModelFile::from_json(&c.model)
            .err()
            .unwrap_or_else(|| panic!("{}: the tampered file was accepted", c.name))
            .to_string();
        for want in &c.expect {
            assert!(e.contains(want.as_str()), "{}: {e:?} lacks {want:?}", c.name);
        }
        assert!(e.len() < 300, "{}: one short message, got {} chars", c.name, e.len());
    }
}

#[test]
fn every_tampered_model_is_refused_by_the_cli_with_exit_2_and_one_line() {
    let dir = TempDir::new("tampered");
    let rows = fixture_path("tampered_models/rows.csv");
    for c in corpus() {
        let path = dir.path(&format!("{}.json", c.name));
        std::fs::write(&path, &c.model).unwrap();
        let out = dir.path(&format!("{}.csv", c.name));
        let o = rareclass(&[
            "predict",
            path.to_str().unwrap(),
            rows.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{}: {err}", c.name);
        assert_eq!(err.lines().count(), 1, "{}: {err}", c.name);
        for want in &c.expect {
            assert!(err.contains(want.as_str()), "{}: {err:?} lacks {want:?}", c.name);
        }
        assert!(!out.exists(), "{}: predictions were written", c.name);
    }
}

#[test]
fn an_mlp_too_wide_for_memory_is_refused_with_the_numbers_before_allocating() {
    let rows = fixture_path("tampered_models/rows.csv");
    let o = rareclass(&[
        "train",
        rows.to_str().unwrap(),
        "--label",
        "y",
        "--model",
        "mlp",
        "--hidden",
        "60000,60000",
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    // Checked before the data's width is known, with one input: 1·60000 + 60000
    // + 60000·60000 + 60000 + 60000·1 + 1 = 3,600,240,001 parameters, at 20
    // bytes each 72.0 GB, plus one 8192-row prediction chunk of the widest
    // layer (8 · 60000 · 8192 = 3.93 GB): 75.9 GB.
    assert!(err.contains("hidden layers 60000, 60000"), "{err}");
    assert!(err.contains("3,600,240,001 weights"), "{err}");
    assert!(err.contains("75.9 GB"), "{err}");
    assert!(err.contains("fewer or narrower hidden layers"), "{err}");
}

#[test]
fn grids_and_forests_past_their_limits_are_refused_by_count() {
    // 10 × 10 × 10 × 11 = 11,000 combinations > 10,000.
    let ten = (1..=10).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let grid = format!("C={ten};max_iter={ten};l2={ten};tol={ten},11");
    let e = grid.parse::<rareclass::cv::Grid>().unwrap_err().to_string();
    assert!(e.contains("11,000 combinations") && e.contains("at most 10,000"), "{e}");
    let e = rareclass::models::forest::ForestParams::default()
        .n_trees(1_000_000_000)
        .check()
        .unwrap_err();
    assert_eq!(e.to_string(), "n_trees must be at most 10,000, got 1000000000");
}

#[test]
fn a_row_with_too_many_fields_is_refused_early() {
    // 150,001 fields on the header line; the limit is 100,000.
    let mut csv = "a,".repeat(150_000);
    csv.push_str("y\n1\n");
    let e = read_csv(csv.as_bytes(), &ReadOptions::default()).unwrap_err();
    assert!(
        matches!(e.kind(), DataErrorKind::TooManyFields { line: 1, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("more than 100,000 fields"), "{e}");
}

#[test]
fn a_huge_cell_is_refused_without_echoing_it() {
    // A 3 MB cell on data line 3, in column "note" (field 2).
    let mut csv = String::from("id,note,y\n1,ok,0\n2,");
    csv.push_str(&"x".repeat(3_000_000));
    csv.push_str(",1\n");
    for chunked in [false, true] {
        let e = if chunked {
            let mut r = rareclass::data::TableReader::new(ReadOptions::default());
            let mut result = Ok(());
            for part in csv.as_bytes().chunks(100_000) {
                result = r.push(part);
                if result.is_err() {
                    break;
                }
            }
            result.and_then(|_| r.finish().map(|_| ())).unwrap_err()
        } else {
            read_csv(csv.as_bytes(), &ReadOptions::default()).unwrap_err()
        };
        let text = e.to_string();
        assert!(
            matches!(e.kind(), DataErrorKind::FieldTooLong { line: 3, field: 2, .. }),
            "{e:?}"
        );
        assert!(
            text.contains("column \"note\"") && text.contains("over 1,048,576 bytes"),
            "{text}"
        );
        assert!(text.len() < 300 && !text.contains("xxxx"), "{text}");
    }
}

#[test]
fn a_long_cell_under_the_limit_is_shown_shortened_with_its_length() {
    // 5,000 characters: read, but a message quoting it shows 40 and the length.
    let long = "é".repeat(5_000);
    let csv = format!("x,y\n1,0\n{long},1\n");
    let t = read_csv(csv.as_bytes(), &ReadOptions::default()).unwrap();
    let e = rareclass::data::convert_column(&t.columns[0], ColumnKind::Numeric).unwrap_err();
    let text = e.to_string();
    assert!(text.contains("(5,000 characters)"), "{text}");
    assert!(text.len() < 400, "{} bytes", text.len());
    let summary = rareclass::data::summarize(&t);
    let top = &summary.columns[0].top;
    assert!(top.iter().any(|(v, _)| v.ends_with("… (5,000 characters)")), "{top:?}");
}

#[test]
fn infinite_cells_keep_the_column_numeric_as_missing_and_are_reported() {
    let (t, report) = read_csv_with_report(
        b"x,y,z\n1,inf,1\n2,-Infinity,2\n3,4,1e400\n4,5,-1e999\n",
        &ReadOptions::default(),
    )
    .unwrap();
    for c in &t.columns {
        assert_eq!(c.kind, ColumnKind::Numeric, "{}", c.name);
    }
    let y = t.column("y").unwrap().numbers().unwrap();
    assert!(y[0].is_nan() && y[1].is_nan() && y[2] == 4.0);
    assert_eq!(t.column("z").unwrap().missing_count(), 2);
    let notes = report.notes.join("\n");
    assert!(notes.contains("column \"y\": 2 cells are infinite"), "{notes}");
    assert!(notes.contains("column \"z\": 2 cells are infinite"), "{notes}");
}

#[test]
fn an_all_missing_column_is_flagged_and_left_out() {
    let mut csv = String::from("x,empty,y\n");
    for i in 0..60 {
        csv += &format!("{i},,{}\n", (i % 5 == 0) as u8);
    }
    let (t, report) = read_csv_with_report(csv.as_bytes(), &ReadOptions::default()).unwrap();
    assert!(
        report
            .notes
            .iter()
            .any(|n| n == "column \"empty\" has no values: it is left out of the features"),
        "{:?}",
        report.notes
    );
    assert!(rareclass::data::summarize(&t).columns[1].excluded_by_default);
    let config = rareclass::experiment::ExperimentConfig {
        label: "y".into(),
        // `x` counts rows: the data check would leave it out as an
        // identifier (and then no feature is left); kept knowingly here.
        checks: rareclass::checks::CheckOptions {
            keep: vec!["x".into()],
            ..Default::default()
        },
        ..Default::default()
    };
    let run = rareclass::experiment::run(&t, &config, &mut rareclass::progress::Silent).unwrap();
    assert_eq!(run.pipeline.feature_names, ["x"]);
}

#[test]
fn predictions_csv_neutralises_formulas_and_keeps_numbers() {
    let text = std::fs::read_to_string(fixture_path("tampered_models/base_logistic.json")).unwrap();
    let model = ModelFile::from_json(&text).unwrap();
    let ids = [
        "=cmd|' /C calc'!A0",
        "=HYPERLINK(\"http://x.example\",\"y\")",
        "+1+1",
        "@foo",
        "-3",
        "-2.5e3",
        "plain",
    ];
    let mut csv = String::from("id,x1,x2,color\n");
    for id in ids {
        let quoted = format!("\"{}\"", id.replace('"', "\"\""));
        csv += &format!("{quoted},0.1,0.2,red\n");
    }
    let table = read_csv(csv.as_bytes(), &ReadOptions::default()).unwrap();
    let scored = score_table(&model, &table).unwrap();
    let out = scored.to_csv(table.column("id"));
    let ids_out: Vec<String> = read_csv(out.as_bytes(), &ReadOptions::default())
        .unwrap()
        .column("id")
        .map(|c| (0..c.len()).map(|r| c.cell_text(r).unwrap()).collect())
        .unwrap();
    assert_eq!(
        ids_out,
        [
            "'=cmd|' /C calc'!A0",
            "'=HYPERLINK(\"http://x.example\",\"y\")",
            "'+1+1",
            "'@foo",
            "-3",
            "-2.5e3",
            "plain"
        ]
    );
    // The reader trims cells, so a leading tab or CR reaches the writer only
    // from other code: the field function itself.
    use rareclass::predict::csv_field;
    assert_eq!(csv_field("\tTAB"), "'\tTAB");
    assert_eq!(csv_field("\rCR"), "\"'\rCR\"");
    assert_eq!(csv_field("-inf"), "'-inf");
    assert_eq!(csv_field("+7"), "+7");
}

#[test]
fn a_file_too_big_for_the_budget_is_refused_from_its_size_before_reading_it() {
    // 100 KB of rows "1,2,3,4\n" (8 bytes, 4 columns) said to belong to a
    // 3.2 GB file. The reader samples 65,536 bytes: the 8-byte header and
    // 8,191 rows; 8,191 × 3.2e9 / 65,536 × 1.05 (its 5 % margin) =
    // 419,948,730 rows × 4 columns × 8 bytes = 13.4 GB, over a 3 GiB
    // (3.22 GB) budget. Only the sample is read.
    let mut csv = String::from("a,b,c,d\n");
    while csv.len() < 100_000 {
        csv.push_str("1,2,3,4\n");
    }
    let options = ReadOptions {
        memory_budget: Some(3 << 30),
        ..ReadOptions::default()
    };
    let mut r = rareclass::data::TableReader::new(options.clone());
    r.size_hint(3_200_000_000);
    let e = r.push(csv.as_bytes()).unwrap_err();
    let text = e.to_string();
    assert!(matches!(e.kind(), DataErrorKind::TooBig { columns: 4, .. }), "{e:?}");
    assert!(
        text.starts_with("this file is 3.20 GB: about 419,948,730 rows"),
        "{text}"
    );
    assert!(text.contains("× 4 columns, which need about 13.4 GB"), "{text}");
    assert!(text.contains("more than the 3.22 GB"), "{text}");
    // The same bytes with their true size read fine.
    let mut r = rareclass::data::TableReader::new(options);
    r.size_hint(csv.len() as u64);
    r.push(csv.as_bytes()).unwrap();
    assert_eq!(r.finish().unwrap().columns.len(), 4);
}
