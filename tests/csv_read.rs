//! CSV → typed `Table`: every fixture in tests/data/ (named for what it
//! exercises) against its hand-written expected table or error kind, pinned
//! message texts, chunked = one-shot reading, the bundled real files against
//! pandas' golden facts (tests/golden/make_csv_golden.py), and no panic on
//! random or truncated input.

use rareclass::data::{
    convert_column, convert_table_column, read_csv, read_csv_with_report, summarize, Column, ColumnKind, DataError,
    DataErrorKind, ReadOptions, ReadReport, Table, TableReader, MISSING_CODE,
};
use rareclass::Rng;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(name: &str) -> Result<(Table, ReadReport), DataError> {
    read_csv_with_report(&fixture(name), &ReadOptions::default())
}

fn ok(name: &str) -> (Table, ReadReport) {
    read(name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn err(name: &str) -> DataError {
    match read(name) {
        Ok((t, _)) => panic!("{name}: expected an error, got {t:?}"),
        Err(e) => e,
    }
}

fn col<'a>(t: &'a Table, name: &str) -> &'a Column {
    t.column(name)
        .unwrap_or_else(|| panic!("no column {name:?} in {:?}", t.names()))
}

/// Numbers with missing as `None`, so tables with NaN compare.
fn nums(t: &Table, name: &str) -> Vec<Option<f64>> {
    let c = col(t, name);
    let v = c
        .numbers()
        .unwrap_or_else(|| panic!("{name} is {} not numbers", c.kind));
    v.iter().map(|&x| if x.is_nan() { None } else { Some(x) }).collect()
}

fn texts(t: &Table, name: &str) -> Vec<Option<String>> {
    let c = col(t, name);
    (0..c.len()).map(|i| c.cell_text(i)).collect()
}

fn levels(t: &Table, name: &str) -> Vec<String> {
    col(t, name).codes().expect("coded column").1.to_vec()
}

fn kinds(t: &Table) -> Vec<ColumnKind> {
    t.columns.iter().map(|c| c.kind).collect()
}

use ColumnKind::{Boolean, Categorical, DateTime, Numeric, Text};

#[test]
fn bom_crlf() {
    let (t, r) = ok("bom_crlf.csv");
    assert_eq!(t.names(), ["id", "name", "score"]);
    assert_eq!(kinds(&t), [Numeric, Categorical, Numeric]);
    assert_eq!(nums(&t, "id"), [Some(1.0), Some(2.0), Some(3.0)]);
    assert_eq!(nums(&t, "score"), [Some(3.5), Some(4.0), None]);
    assert_eq!(levels(&t, "name"), ["alice", "bob", "carol"]);
    assert_eq!((r.delimiter, r.has_header, r.rows), (b',', true, 3));
}

#[test]
fn semicolon_decimal_comma() {
    let (t, r) = ok("semicolon_decimal_comma.csv");
    assert_eq!((r.delimiter, r.decimal_comma), (b';', true));
    assert_eq!(nums(&t, "amount"), [Some(12.5), Some(-3.0), Some(1000.0)]);
    assert_eq!(nums(&t, "rate"), [Some(0.25), Some(1.5), Some(0.0)]);
    assert_eq!(levels(&t, "city"), ["Köln", "Berlin"]);
}

#[test]
fn semicolon_mixed_marks_is_not_numeric() {
    // "12,5" and "1.5" in one column: is '.' a thousands separator? Not a number.
    let (t, _) = ok("semicolon_mixed_marks.csv");
    assert_eq!(col(&t, "p").kind, Categorical);
    assert_eq!(levels(&t, "p"), ["12,5", "1.5"]);
    assert_eq!(nums(&t, "q"), [Some(1.0), Some(2.0)]);
}

#[test]
fn quoted_newline() {
    let (t, _) = ok("quoted_newline.csv");
    assert_eq!(t.n_rows, 3);
    assert_eq!(
        texts(&t, "comment"),
        [
            Some("hello, world".to_string()),
            Some("two\nlines".to_string()),
            Some("she said \"hi\"".to_string())
        ]
    );
    assert_eq!(nums(&t, "value"), [Some(10.0), Some(20.0), Some(30.0)]);
}

#[test]
fn crlf_quoted_newline() {
    let (t, _) = ok("crlf_quoted_newline.csv");
    assert_eq!(levels(&t, "note"), ["a\r\nb", "c"]);
    assert_eq!(nums(&t, "id"), [Some(1.0), Some(2.0)]);
}

#[test]
fn tab_delimited() {
    let (t, r) = ok("tab_delimited.tsv");
    assert_eq!(r.delimiter, b'\t');
    assert_eq!(t.names(), ["x", "y", "label"]);
    assert_eq!(nums(&t, "y"), [Some(2.0), Some(-4.0), Some(600.0)]);
    assert_eq!(col(&t, "label").kind, Categorical);
}

#[test]
fn pipe() {
    let (t, r) = ok("pipe.csv");
    assert_eq!(r.delimiter, b'|');
    assert_eq!(kinds(&t), [Numeric, Categorical, Numeric]);
    assert_eq!(nums(&t, "c"), [Some(2.5), Some(3.5), Some(4.5)]);
}

#[test]
fn quoted_delimiters_semicolon() {
    let (t, r) = ok("quoted_delimiters_semicolon.csv");
    assert_eq!(r.delimiter, b';');
    assert_eq!(levels(&t, "name"), ["Smith; John", "Doe; Jane"]);
    assert_eq!(levels(&t, "note"), ["a;b", "c"]);
}

#[test]
fn label_named_y() {
    // As in the UCI bank-marketing file: `;`, a label called `y` over yes/no.
    let (t, r) = ok("label_named_y.csv");
    assert_eq!((r.delimiter, r.has_header), (b';', true));
    assert_eq!(kinds(&t), [Numeric, Categorical, Boolean]);
    assert_eq!(levels(&t, "y"), ["no", "yes"]);
    assert_eq!(levels(&t, "job"), ["admin.", "technician"]);
}

#[test]
fn no_header() {
    let (t, r) = ok("no_header.csv");
    assert!(!r.has_header);
    assert_eq!(t.names(), ["column_1", "column_2", "column_3"]);
    assert_eq!(nums(&t, "column_2"), [Some(2.5), Some(5.5), Some(8.5)]);
}

#[test]
fn header_of_numbers_needs_the_option() {
    // Numbers over numbers: indistinguishable from data, so no header...
    let (t, _) = ok("header_numbers_only.csv");
    assert_eq!((t.n_rows, t.names()), (3, vec!["column_1", "column_2"]));
    // ...unless the user says so.
    let options = ReadOptions {
        has_header: Some(true),
        ..ReadOptions::default()
    };
    let t = read_csv(&fixture("header_numbers_only.csv"), &options).unwrap();
    assert_eq!((t.n_rows, t.names()), (2, vec!["2019", "2020"]));
}

#[test]
fn missing_markers() {
    let (t, _) = ok("missing_markers.csv");
    assert_eq!(nums(&t, "a"), [Some(1.0), None, None, None, Some(5.0), None]);
    assert_eq!(nums(&t, "c"), [None, Some(2.0), None, None, None, Some(3.0)]);
    assert_eq!(col(&t, "b").kind, Categorical);
    assert_eq!(levels(&t, "b"), ["x", "y"]);
    assert_eq!(col(&t, "b").missing_count(), 3);
    // Markers are the user's choice: without "NA", column a is text.
    let options = ReadOptions {
        missing_markers: vec!["".into()],
        ..ReadOptions::default()
    };
    let t = read_csv(&fixture("missing_markers.csv"), &options).unwrap();
    assert_eq!(col(&t, "a").kind, Categorical);
    assert_eq!(col(&t, "a").missing_count(), 1);
    // A marker that reads as a number is checked before the number.
    let options = ReadOptions {
        missing_markers: vec!["".into(), "-999".into()],
        ..ReadOptions::default()
    };
    let t = read_csv(b"a,b\n1,x\n-999,-999\n3,y\n", &options).unwrap();
    assert_eq!(nums(&t, "a"), [Some(1.0), None, Some(3.0)]);
    assert_eq!(levels(&t, "b"), ["x", "y"]);
}

#[test]
fn ragged_row() {
    let e = err("ragged_row.csv");
    assert!(matches!(
        e.kind(),
        DataErrorKind::RaggedRow {
            line: 4,
            found: 2,
            expected: 4,
            has_header: true
        }
    ));
    assert_eq!(e.line(), Some(4));
    assert_eq!(
        e.to_string(),
        "CSV line 4: found 2 fields, but the header has 4; is a value or delimiter missing, or a line break inside a field without quotes?"
    );
}

#[test]
fn ragged_after_quoted_newline_counts_physical_lines() {
    // Line 1 header, lines 2-4 one quoted record, line 5 "2,3", line 6 "4".
    let e = err("ragged_after_quoted_newline.csv");
    assert!(matches!(
        e.kind(),
        DataErrorKind::RaggedRow {
            line: 6,
            found: 1,
            expected: 2,
            ..
        }
    ));
}

#[test]
fn ragged_too_many_fields_message() {
    let e = read_csv(b"a,b\n1,2\n3,4,5\n", &ReadOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "CSV line 3: found 3 fields, but the header has 2; is there a delimiter inside a field without quotes?"
    );
}

#[test]
fn ragged_without_header_message() {
    let e = read_csv(b"1,2\n3\n", &ReadOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "CSV line 2: found 1 field, but the first row has 2; is a value or delimiter missing, or a line break inside a field without quotes?"
    );
}

#[test]
fn empty() {
    let e = err("empty.csv");
    assert!(matches!(e.kind(), DataErrorKind::Empty));
    assert_eq!(
        e.to_string(),
        "CSV file is empty: no rows found; choose a file with a header and at least one row"
    );
    for only_blank in [&b"\n\n\r\n"[..], b"   \n  \n", b"\xef\xbb\xbf"] {
        let e = read_csv(only_blank, &ReadOptions::default()).unwrap_err();
        assert!(matches!(e.kind(), DataErrorKind::Empty), "{only_blank:?}");
    }
}

#[test]
fn header_only() {
    let (t, _) = ok("header_only.csv");
    assert_eq!(t.names(), ["alpha", "beta", "gamma"]);
    assert_eq!(t.n_rows, 0);
    assert!(t.columns.iter().all(|c| c.is_empty()));
}

#[test]
fn one_column() {
    let (t, _) = ok("one_column.csv");
    assert_eq!(t.names(), ["value"]);
    assert_eq!(
        nums(&t, "value"),
        [Some(3.0), Some(1.0), Some(4.0), Some(1.0), Some(5.0)]
    );
}

#[test]
fn dup_headers() {
    let (t, r) = ok("dup_headers.csv");
    assert_eq!(t.names(), ["a", "a_2", "column_3", "b", "a_3"]);
    assert_eq!(nums(&t, "a_3"), [Some(5.0), Some(10.0)]);
    assert_eq!(r.notes.len(), 3, "{:?}", r.notes);
    assert_eq!(r.notes[1], "column #3 has no name: it is called \"column_3\"");
}

#[test]
fn pandas_index_column_gets_a_name() {
    let (t, r) = ok("pandas_index.csv");
    assert!(r.has_header);
    assert_eq!(t.names(), ["column_1", "a", "b"]);
    assert_eq!(nums(&t, "column_1"), [Some(0.0), Some(1.0)]);
}

#[test]
fn quoted_numbers() {
    let (t, _) = ok("quoted_numbers.csv");
    assert_eq!(t.names(), ["Time", "V1", "Class"]);
    assert_eq!(kinds(&t), [Numeric, Numeric, Numeric]);
    assert_eq!(nums(&t, "Class"), [Some(0.0), Some(1.0)]);
    assert_eq!(nums(&t, "V1"), [Some(-1.3598071336738), Some(2.5e-3)]);
}

#[test]
fn dates_iso() {
    let (t, _) = ok("dates_iso.csv");
    assert_eq!(kinds(&t), [DateTime, DateTime, DateTime]);
    // `date -u -d 2016-01-05 +%s` = 1451952000, `date -u -d 2016-02-29 +%s` = 1456704000,
    // 13:45 = 49500 s.
    assert_eq!(nums(&t, "day"), [Some(1451952000.0), Some(1456704000.0), None]);
    assert_eq!(nums(&t, "stamp"), [Some(1452001500.0), Some(1456704030.0), None]);
    assert_eq!(nums(&t, "zoned"), [Some(1452001500.0), Some(1452001500.0), None]);
    // Back to text for the user who wants categories.
    let c = convert_column(col(&t, "day"), Categorical).unwrap();
    assert_eq!(c.codes().unwrap().1, ["2016-01-05", "2016-02-29"]);
}

#[test]
fn booleans() {
    let (t, _) = ok("booleans.csv");
    assert_eq!(kinds(&t), [Boolean, Boolean, Boolean, Boolean, Numeric]);
    // Levels are [false spelling, true spelling], as first seen.
    assert_eq!(levels(&t, "yn"), ["no", "yes"]);
    assert_eq!(col(&t, "yn").codes().unwrap().0, [1, 0, 1]);
    assert_eq!(levels(&t, "tf"), ["f", "T"]);
    assert_eq!(levels(&t, "word"), ["false", "TRUE"]);
    assert_eq!(levels(&t, "flag"), ["n", "Y"]);
    assert_eq!(col(&t, "flag").codes().unwrap().0, [1, 0, 0]);
    assert_eq!(nums(&t, "digits"), [Some(0.0), Some(1.0), Some(1.0)]);
    // 0/1 becomes boolean only when the user asks.
    let b = convert_column(col(&t, "digits"), Boolean).unwrap();
    assert_eq!(
        b.codes().unwrap(),
        (&[0, 1, 1][..], &["0".to_string(), "1".to_string()][..])
    );
}

#[test]
fn trailing_delimiter() {
    let (t, r) = ok("trailing_delimiter.csv");
    assert_eq!(t.names(), ["a", "b", "c"]);
    assert_eq!(nums(&t, "c"), [Some(3.0), Some(6.0)]);
    assert!(r.notes.iter().any(|n| n.contains("dropped")), "{:?}", r.notes);
}

#[test]
fn extra_trailing_field() {
    let (t, r) = ok("extra_trailing_field.csv");
    assert_eq!(t.names(), ["a", "b"]);
    assert_eq!(nums(&t, "b"), [Some(2.0), Some(4.0)]);
    assert_eq!(
        r.notes,
        ["1 row end with an extra delimiter: the empty last field was ignored"]
    );
}

#[test]
fn header_trailing_empty_short_rows() {
    let (t, _) = ok("header_trailing_empty_short_rows.csv");
    assert_eq!(t.names(), ["a", "b"]);
    assert_eq!(nums(&t, "a"), [Some(1.0), Some(3.0)]);
}

#[test]
fn blank_lines() {
    let (t, _) = ok("blank_lines.csv");
    assert_eq!(t.names(), ["a", "b"]);
    assert_eq!(nums(&t, "a"), [Some(1.0), Some(3.0)]);
    assert_eq!(nums(&t, "b"), [Some(2.0), Some(4.0)]);
}

#[test]
fn unicode_names() {
    let (t, _) = ok("unicode_names.csv");
    assert_eq!(t.names(), ["名前", "größe", "émoji 🎉"]);
    assert_eq!(nums(&t, "größe"), [Some(1.8), Some(1.6)]);
    assert_eq!(levels(&t, "名前"), ["太郎", "花子"]);
}

#[test]
fn xss_header_is_plain_text() {
    let (t, _) = ok("xss_header.csv");
    assert_eq!(
        t.names(),
        ["<img src=x onerror=alert(1)>", "<script>alert(\"x\")</script>"]
    );
    assert_eq!(levels(&t, "<script>alert(\"x\")</script>"), ["<b>bold</b>", "plain"]);
}

#[test]
fn latin1() {
    let (t, r) = ok("latin1.csv");
    assert_eq!(levels(&t, "ville"), ["Café de la Gare", "München"]);
    assert_eq!(nums(&t, "prix"), [Some(12.0), Some(7.0)]);
    assert_eq!(r.latin1_cells, 2);
    assert!(r.notes[0].starts_with("2 cells were not valid UTF-8 and were read as Latin-1"));
}

#[test]
fn only_missing_column() {
    let (t, _) = ok("only_missing_column.csv");
    assert_eq!(t.names(), ["a", "nothing", "b"]);
    assert_eq!(col(&t, "nothing").kind, Numeric);
    assert_eq!(col(&t, "nothing").missing_count(), 3);
    let s = summarize(&t);
    assert_eq!(s.columns[1].missing, 3);
    assert_eq!(s.columns[1].mean, None);
}

#[test]
fn unterminated_quote() {
    let e = err("unterminated_quote.csv");
    assert!(matches!(e.kind(), DataErrorKind::UnterminatedQuote { line: 3 }));
    assert_eq!(
        e.to_string(),
        "CSV line 3: a quoted field starting on this row is never closed; check for a stray '\"'"
    );
}

#[test]
fn whitespace_numbers() {
    let (t, _) = ok("whitespace_numbers.csv");
    assert_eq!(nums(&t, "a"), [Some(12.0), Some(-1.0)]);
    assert_eq!(nums(&t, "b"), [Some(3.5), Some(2.0)]);
}

#[test]
fn lone_cr() {
    let (t, _) = ok("lone_cr.csv");
    assert_eq!(t.names(), ["a", "b"]);
    assert_eq!(nums(&t, "a"), [Some(1.0), Some(3.0)]);
}

#[test]
fn lone_cr_ragged_counts_cr_lines() {
    // Line 1 header, 2 "1,2", 3-4 a quoted CR, 5 "4".
    let e = err("lone_cr_ragged.csv");
    assert!(
        matches!(e.kind(), DataErrorKind::RaggedRow { line: 5, found: 1, .. }),
        "{e}"
    );
}

#[test]
fn excel_sep_line() {
    let (t, r) = ok("excel_sep_line.csv");
    assert_eq!((r.delimiter, r.has_header), (b';', true));
    assert_eq!(t.names(), ["a", "b"]);
    assert_eq!(nums(&t, "a"), [Some(1.5), Some(2.0), Some(4.0)]);
    // The `sep=` line still counts as line 1.
    let e = err("excel_sep_ragged.csv");
    assert!(matches!(e.kind(), DataErrorKind::RaggedRow { line: 4, .. }), "{e}");
}

#[test]
fn header_wider_than_the_sample() {
    // 10,000 names of 17+ characters: the header alone is over 64 KiB.
    let n = 10_000;
    let mut csv = (0..n)
        .map(|j| format!("a_long_column_{j:05}"))
        .collect::<Vec<_>>()
        .join(",");
    csv.push('\n');
    for i in 0..3 {
        csv.push_str(&(0..n).map(|j| format!("{}", i + j)).collect::<Vec<_>>().join(","));
        csv.push('\n');
    }
    assert!(csv.len() > 64 * 1024 * 2);
    let t = read_csv(csv.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!((t.columns.len(), t.n_rows), (n, 3));
    assert_eq!(t.columns[9999].name, "a_long_column_09999");
    assert!(t.columns.iter().all(|c| c.kind == Numeric));
    assert_chunked_same(csv.as_bytes(), &[4096, 65536]);
}

#[test]
fn no_final_newline() {
    let (t, _) = ok("no_final_newline.csv");
    assert_eq!(nums(&t, "b"), [Some(2.0), Some(4.0)]);
}

#[test]
fn mixed_numeric_text() {
    // The column is numbers until "abc": what was read as numbers becomes
    // text in its shortest form ("007" → "7", "1.50" → "1.5"), as documented.
    let (t, _) = ok("mixed_numeric_text.csv");
    let c = col(&t, "code");
    assert_eq!(c.kind, Categorical);
    assert_eq!(levels(&t, "code"), ["7", "1.5", "12", "abc"]);
    assert_eq!(c.codes().unwrap().0, [0, 1, 2, 3, 2]);
}

#[test]
fn high_cardinality_text() {
    let (t, _) = ok("high_cardinality_text.csv");
    // 60 distinct ids > 50, and 60 > 5 % of 60 cells: text.
    assert_eq!(kinds(&t), [Text, Categorical]);
    let s = summarize(&t);
    assert!(s.columns[0].excluded_by_default);
    assert!(!s.columns[1].excluded_by_default);
    assert_eq!(s.columns[0].distinct, 60);
}

#[test]
fn categorical() {
    let (t, _) = ok("categorical.csv");
    assert_eq!(levels(&t, "color"), ["red", "blue", "green"]);
    let s = summarize(&t);
    assert_eq!(
        s.columns[0].top,
        [
            ("red".to_string(), 2),
            ("blue".to_string(), 2),
            ("green".to_string(), 1)
        ]
    );
    // Hand: size 1..5 → min 1, mean 3, max 5.
    assert_eq!(
        (s.columns[1].min, s.columns[1].mean, s.columns[1].max),
        (Some(1.0), Some(3.0), Some(5.0))
    );
}

#[test]
fn scientific_notation() {
    let (t, _) = ok("scientific_notation.csv");
    assert_eq!(t.names(), ["x"]);
    assert_eq!(
        nums(&t, "x"),
        [Some(1e-5), Some(-3.0), Some(2.5), Some(0.5), Some(1e5), Some(5.0)]
    );
}

#[test]
fn numeric_id_stays_numeric() {
    let (t, _) = ok("numeric_id.csv");
    assert_eq!(kinds(&t), [Numeric, Numeric]);
    assert_eq!(t.n_rows, 100);
}

#[test]
fn infinities_are_missing_numbers_and_reported() {
    let (t, report) = ok("inf_values.csv");
    assert_eq!(col(&t, "y").kind, Numeric);
    assert_eq!(col(&t, "y").missing_count(), 2);
    assert!(report
        .notes
        .iter()
        .any(|n| n.starts_with("column \"y\": 2 cells are infinite")));
}

#[test]
fn not_text() {
    let e = err("not_text_zip.csv");
    assert!(matches!(
        e.kind(),
        DataErrorKind::NotText {
            offset: 0,
            format: Some(_)
        }
    ));
    assert_eq!(
        e.to_string(),
        "not a CSV text file: it looks like a zip archive (an .xlsx workbook?); export or save it as CSV (UTF-8) and try again"
    );
    assert!(matches!(
        err("utf16.csv").kind(),
        DataErrorKind::NotText {
            format: Some("UTF-16 text"),
            ..
        }
    ));
    assert!(matches!(
        err("nul_byte.csv").kind(),
        DataErrorKind::NotText {
            offset: 6,
            format: None
        }
    ));
}

#[test]
fn bad_cell_on_override_names_column_and_row() {
    let (t, _) = ok("semicolon_decimal_comma.csv");
    let e = convert_column(col(&t, "city"), Numeric).unwrap_err();
    assert!(matches!(
        e.kind(),
        DataErrorKind::BadCell {
            row: 1,
            expected: Numeric,
            ..
        }
    ));
    assert_eq!(
        e.to_string(),
        "column \"city\", row 1: cannot read \"Köln\" as a number; keep the column as categorical or text, or fix the cell"
    );
    let e = convert_column(col(&t, "city"), DateTime).unwrap_err();
    assert!(matches!(e.kind(), DataErrorKind::BadCell { expected: DateTime, .. }));
    let e = convert_column(col(&t, "city"), Boolean).unwrap_err();
    assert!(matches!(e.kind(), DataErrorKind::BadCell { expected: Boolean, .. }));
    // Every override that can succeed does, and keeps the rows.
    for kind in [Numeric, Categorical, Text] {
        assert_eq!(convert_column(col(&t, "amount"), kind).unwrap().len(), 3);
    }
    let text = convert_column(col(&t, "amount"), Text).unwrap();
    assert_eq!(text.codes().unwrap().1, ["12.5", "-3", "1000"]);
    assert_eq!(
        convert_column(&text, Numeric).unwrap().numbers().unwrap(),
        [12.5, -3.0, 1000.0]
    );
}

#[test]
fn table_level_override_and_lookup_name_the_position() {
    let (t, _) = ok("semicolon_decimal_comma.csv");
    let e = convert_table_column(&t, 2, Numeric).unwrap_err();
    assert_eq!(
        e.to_string(),
        "column \"city\" (#3), row 1: cannot read \"Köln\" as a number; keep the column as categorical or text, or fix the cell"
    );
    assert!(matches!(
        convert_table_column(&t, 3, Text).unwrap_err().kind(),
        DataErrorKind::UnknownColumn { .. }
    ));
    assert_eq!(t.require_column("rate").unwrap(), 1);
    let e = t.require_column("Rate").unwrap_err();
    assert_eq!(
        e.to_string(),
        "no column named \"Rate\"; the columns are \"amount\", \"rate\", \"city\""
    );
}

#[test]
fn messages_for_label_and_unknown_column() {
    let e: DataError = DataErrorKind::LabelNotBinary {
        column: "Class".into(),
        classes: vec!["0".into(), "1".into(), "2".into()],
    }
    .into();
    assert_eq!(
        e.to_string(),
        "label column \"Class\" has 3 values (\"0\", \"1\", \"2\"); choose a positive class"
    );
    let e: DataError = DataErrorKind::UnknownColumn {
        name: "amt".into(),
        available: vec!["amount".into(), "Class".into()],
    }
    .into();
    assert_eq!(
        e.to_string(),
        "no column named \"amt\"; the columns are \"amount\", \"Class\""
    );
}

#[test]
fn thousands_of_columns() {
    let n = 5000;
    let mut csv = String::new();
    csv.push_str(&(0..n).map(|j| format!("c{j}")).collect::<Vec<_>>().join(","));
    csv.push('\n');
    for i in 0..3 {
        csv.push_str(&(0..n).map(|j| format!("{}", i * j)).collect::<Vec<_>>().join(","));
        csv.push('\n');
    }
    let t = read_csv(csv.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!((t.columns.len(), t.n_rows), (n, 3));
    assert_eq!(nums(&t, "c4999"), [Some(0.0), Some(4999.0), Some(9998.0)]);
    assert_chunked_same(csv.as_bytes(), &[7, 4096]);
}

/// Tables equal cell for cell, NaN equal to NaN.
fn same(a: &Result<Table, DataError>, b: &Result<Table, DataError>) -> bool {
    match (a, b) {
        (Ok(a), Ok(b)) => {
            let bits = |t: &Table| serde_json::to_string(&kinds_and_bits(t)).unwrap();
            bits(a) == bits(b)
        }
        (Err(a), Err(b)) => a.kind() == b.kind(),
        _ => false,
    }
}

type Dump = (usize, Vec<(String, ColumnKind, Vec<u64>, Vec<u32>, Vec<String>)>);

fn kinds_and_bits(t: &Table) -> Dump {
    let cols = t
        .columns
        .iter()
        .map(|c| {
            let bits = c
                .numbers()
                .map(|v| v.iter().map(|x| x.to_bits()).collect())
                .unwrap_or_default();
            let (codes, levels) = c.codes().map(|(c, l)| (c.to_vec(), l.to_vec())).unwrap_or_default();
            (c.name.clone(), c.kind, bits, codes, levels)
        })
        .collect();
    (t.n_rows, cols)
}

fn chunked(bytes: &[u8], size: usize) -> Result<Table, DataError> {
    let mut reader = TableReader::new(ReadOptions::default());
    for chunk in bytes.chunks(size) {
        reader.push(chunk)?;
    }
    assert_eq!(reader.bytes_read(), bytes.len() as u64);
    reader.finish()
}

fn assert_chunked_same(bytes: &[u8], sizes: &[usize]) {
    let whole = read_csv(bytes, &ReadOptions::default());
    for &size in sizes {
        let parts = chunked(bytes, size);
        assert!(
            same(&whole, &parts),
            "chunks of {size}: {:?} vs {:?}",
            whole.as_ref().map(|t| t.n_rows),
            parts.as_ref().map(|t| t.n_rows)
        );
    }
}

fn fixture_names() -> Vec<String> {
    let dir = format!("{}/tests/data", env!("CARGO_MANIFEST_DIR"));
    // Files only: tests/data/tampered_models/ holds model files.
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn corpus_has_at_least_30_fixtures() {
    assert!(fixture_names().len() >= 30, "{}", fixture_names().len());
}

#[test]
fn chunked_equals_one_shot_on_every_fixture() {
    for name in fixture_names() {
        let bytes = fixture(&name);
        let whole = read_csv(&bytes, &ReadOptions::default());
        for size in [1, 7, 4096] {
            assert!(same(&whole, &chunked(&bytes, size)), "{name}, chunks of {size}");
        }
    }
}

/// A file past the 64 KiB sniffing sample, with the tricky parts after it:
/// quoted CRLFs and delimiters, a column that turns from numbers to text,
/// Latin-1 bytes, blank lines.
/// Records in [`big_messy_file`] before its last two.
const BIG: usize = 6000;

fn big_messy_file() -> Vec<u8> {
    let mut s = b"id,amount,note,code\r\n".to_vec();
    for i in 0..BIG {
        s.extend_from_slice(format!("{i},{}.25,\"x, \"\"q\"\"\r\ny\",{}\r\n", i % 97, i % 10).as_bytes());
        if i % 500 == 0 {
            s.extend_from_slice(b"\r\n");
        }
    }
    s.extend_from_slice(format!("{BIG},1,").as_bytes());
    s.extend_from_slice(b"caf\xe9,A7\r\n");
    s.extend_from_slice(format!("{},,\"\",3\r\n", BIG + 1).as_bytes());
    s
}

#[test]
fn chunked_equals_one_shot_past_the_sample() {
    let bytes = big_messy_file();
    assert!(bytes.len() > 2 * 64 * 1024);
    let (t, r) = read_csv_with_report(&bytes, &ReadOptions::default()).unwrap();
    assert_eq!(t.n_rows, BIG + 2);
    assert_eq!(kinds(&t), [Numeric, Numeric, Categorical, Categorical]);
    assert_eq!(levels(&t, "note"), ["x, \"q\"\r\ny", "café"]);
    assert_eq!(col(&t, "code").cell_text(BIG).as_deref(), Some("A7"));
    assert_eq!(col(&t, "code").cell_text(3).as_deref(), Some("3"));
    assert_eq!(r.latin1_cells, 1);
    assert_chunked_same(&bytes, &[1, 7, 4096, 65535, 65536, 65537, 1 << 20]);
}

#[test]
fn ragged_line_past_the_sample() {
    let mut bytes = big_messy_file();
    bytes.extend_from_slice(b"1,2\r\n");
    // 1 header line + BIG records of 2 lines + a blank line every 500 + 2 lines.
    let line = (1 + BIG * 2 + BIG / 500 + 2 + 1) as u64;
    let e = read_csv(&bytes, &ReadOptions::default()).unwrap_err();
    assert!(
        matches!(e.kind(), DataErrorKind::RaggedRow { line: l, found: 2, expected: 4, .. } if *l == line),
        "{e}"
    );
    assert_chunked_same(&bytes, &[7, 4096, 65537]);
}

#[test]
fn errors_stick_after_the_first() {
    let mut reader = TableReader::new(ReadOptions::default());
    let mut bytes = big_messy_file();
    bytes.extend_from_slice(b"1,2\r\n");
    let first = reader.push(&bytes).unwrap_err();
    let again = reader.push(b"5,6,7,8\n").unwrap_err();
    assert_eq!(first.kind(), again.kind());
    assert_eq!(reader.finish().unwrap_err().kind(), first.kind());
}

/// Bytes that look like CSV often enough to reach deep states.
fn random_csvish(rng: &mut Rng, len: usize) -> Vec<u8> {
    let pieces: [&[u8]; 24] = [
        b",",
        b";",
        b"\t",
        b"|",
        b"\"",
        b"\"\"",
        b"\n",
        b"\r\n",
        b"\r",
        b"1",
        b"-2.5",
        b"1e3",
        b"abc",
        b"NA",
        b"yes",
        b"no",
        b"2016-01-05",
        b" ",
        b"\xe9",
        b"\xef\xbb\xbf",
        b"\x00",
        b"12,5",
        b"",
        b"\xff",
    ];
    let mut out = Vec::new();
    while out.len() < len {
        if rng.below(10) == 0 {
            out.push(rng.below(256) as u8);
        } else {
            out.extend_from_slice(pieces[rng.below(pieces.len())]);
        }
    }
    out
}

#[test]
fn random_bytes_never_panic_and_chunking_agrees() {
    let mut rng = Rng::new(20261123);
    for _ in 0..3000 {
        let len = rng.below(200);
        let bytes = random_csvish(&mut rng, len);
        let whole = read_csv(&bytes, &ReadOptions::default());
        let size = 1 + rng.below(16);
        assert!(same(&whole, &chunked(&bytes, size)), "{bytes:?}");
        if let Ok(t) = &whole {
            for c in &t.columns {
                assert_eq!(c.len(), t.n_rows);
                if let Some((codes, levels)) = c.codes() {
                    assert!(codes.iter().all(|&k| k == MISSING_CODE || (k as usize) < levels.len()));
                }
            }
            let _ = summarize(t);
            for c in &t.columns {
                for kind in [Numeric, Boolean, Categorical, DateTime, Text] {
                    if let Ok(converted) = convert_column(c, kind) {
                        assert_eq!((converted.len(), converted.kind), (c.len(), kind));
                        assert_eq!(converted.missing_count(), c.missing_count(), "{c:?} → {kind}");
                    }
                }
            }
        }
    }
}

#[test]
fn truncated_fixtures_never_panic() {
    for name in fixture_names() {
        let bytes = fixture(&name);
        for cut in 0..bytes.len() {
            let _ = read_csv(&bytes[..cut], &ReadOptions::default());
        }
    }
    let bytes = big_messy_file();
    let mut rng = Rng::new(7);
    for _ in 0..20 {
        let cut = rng.below(bytes.len());
        let whole = read_csv(&bytes[..cut], &ReadOptions::default());
        assert!(same(&whole, &chunked(&bytes[..cut], 4093)));
    }
}

#[derive(serde::Deserialize)]
struct Golden {
    files: std::collections::BTreeMap<String, GoldenFile>,
}

#[derive(serde::Deserialize)]
struct GoldenFile {
    rows: usize,
    columns: Vec<GoldenColumn>,
}

#[derive(serde::Deserialize)]
struct GoldenColumn {
    name: String,
    numeric: bool,
    missing: usize,
    distinct: usize,
    min: Option<f64>,
    mean: Option<f64>,
    max: Option<f64>,
}

/// The bundled real files against pandas (tests/golden/make_csv_golden.py).
#[test]
fn real_files_match_pandas() {
    let root = env!("CARGO_MANIFEST_DIR");
    let golden: Golden =
        serde_json::from_str(&std::fs::read_to_string(format!("{root}/tests/golden/csv_real_files.json")).unwrap())
            .unwrap();
    assert_eq!(golden.files.len(), 4);
    for (path, want) in &golden.files {
        let bytes = std::fs::read(format!("{root}/{path}")).unwrap();
        let (t, r) = read_csv_with_report(&bytes, &ReadOptions::default()).unwrap();
        assert!(r.has_header && r.delimiter == b',' && r.notes.is_empty(), "{path}: {r}");
        assert_eq!(t.n_rows, want.rows, "{path}");
        let s = summarize(&t);
        assert_eq!(s.columns.len(), want.columns.len(), "{path}");
        for (got, want) in s.columns.iter().zip(&want.columns) {
            let here = format!("{path}: {}", want.name);
            assert_eq!(got.name, want.name, "{here}");
            assert_eq!(got.kind == Numeric, want.numeric, "{here}: {}", got.kind);
            assert_eq!(got.missing, want.missing, "{here}");
            assert_eq!(got.distinct, want.distinct, "{here}");
            for (g, w) in [(got.min, want.min), (got.mean, want.mean), (got.max, want.max)] {
                match (g, w) {
                    (Some(g), Some(w)) => assert!((g - w).abs() <= 1e-12 * w.abs().max(1.0), "{here}: {g} vs {w}"),
                    (None, None) => {}
                    _ => panic!("{here}: {g:?} vs {w:?}"),
                }
            }
        }
        assert_chunked_same(&bytes, &[7, 4096]);
    }
}

#[test]
fn lending_club_kinds() {
    let root = env!("CARGO_MANIFEST_DIR");
    let t = read_csv(
        &std::fs::read(format!("{root}/data/lending_club.csv")).unwrap(),
        &ReadOptions::default(),
    )
    .unwrap();
    let categorical = [
        "term",
        "sub_grade",
        "addr_state",
        "verification_status",
        "emp_length",
        "Class",
    ];
    for c in &t.columns {
        let want = if categorical.contains(&c.name.as_str()) {
            Categorical
        } else {
            Numeric
        };
        assert_eq!(c.kind, want, "{}", c.name);
    }
    assert_eq!(levels(&t, "Class"), ["good", "bad"]);
}

/// The 150 MB credit-card set, when present (it is not committed):
/// `CREDITCARD=path cargo test --release -- --ignored creditcard` (default
/// path `bench/data/creditcard.csv`, where `scripts/fetch-creditcard.sh` puts it).
#[test]
#[ignore]
fn creditcard_when_present() {
    let path = std::env::var("CREDITCARD").unwrap_or_else(|_| "bench/data/creditcard.csv".into());
    let Ok(bytes) = std::fs::read(path) else {
        return;
    };
    let t = read_csv(&bytes, &ReadOptions::default()).unwrap();
    assert_eq!((t.n_rows, t.columns.len()), (284_807, 31));
    assert!(t.columns.iter().all(|c| c.kind == Numeric));
    let positives = nums(&t, "Class").iter().filter(|x| **x == Some(1.0)).count();
    assert_eq!(positives, 492);
}

/// A generated file written twice, once plain and once with every cell
/// quoted: both must give the same table (the same cells as text, so the
/// same types and bits), whole and in chunks, so that a faster path for
/// plain lines can never change a result. Lines end with LF or CRLF at
/// random, blank lines between.
#[test]
fn plain_lines_read_like_quoted_ones() {
    let mut rng = Rng::new(14);
    let cell = |rng: &mut Rng, j: usize| -> String {
        match (j, rng.below(10)) {
            (0, _) => format!("{}", rng.below(1000)),
            (1, k) if k < 8 => format!("{:.6}", rng.normal()),
            (1, _) => String::new(),
            (2, k) => ["NA", "x", " y ", "1e5", "-0.25", "", "é", "z"][k % 8].to_string(),
            (3, _) => format!("{}", rng.normal()),
            _ => ["yes", "no"][rng.below(2)].to_string(),
        }
    };
    let (mut plain, mut quoted) = (String::from("a,b,c,d,e\n"), String::from("a,b,c,d,e\n"));
    for _ in 0..20_000 {
        let cells: Vec<String> = (0..5).map(|j| cell(&mut rng, j)).collect();
        let end = if rng.below(3) == 0 { "\r\n" } else { "\n" };
        plain.push_str(&cells.join(","));
        plain.push_str(end);
        let q: Vec<String> = cells.iter().map(|c| format!("\"{c}\"")).collect();
        quoted.push_str(&q.join(","));
        quoted.push_str(end);
        if rng.below(50) == 0 {
            let blank = ["\n", "  \n", "\r\n"][rng.below(3)];
            plain.push_str(blank);
            quoted.push_str(blank);
        }
    }
    let a = read_csv(plain.as_bytes(), &ReadOptions::default());
    let b = read_csv(quoted.as_bytes(), &ReadOptions::default());
    assert_eq!(a.as_ref().unwrap().n_rows, 20_000);
    assert!(same(&a, &b));
    assert_chunked_same(plain.as_bytes(), &[1, 7, 4096, 65536]);
}

/// A ragged row after thousands of plain lines (CRLF and LF), blank lines
/// and a quoted field holding two line breaks, read whole and in chunks:
/// its line number is the one an editor shows, counted here line by line.
#[test]
fn ragged_row_line_after_plain_lines() {
    let mut csv = String::from("id,v\n");
    let mut line = 1;
    for i in 0..5000 {
        csv.push_str(&format!("{i},{}.5{}", i % 7, if i % 2 == 0 { "\r\n" } else { "\n" }));
        line += 1;
        if i % 1000 == 0 {
            csv.push('\n');
            line += 1;
        }
    }
    csv.push_str("5000,\"two\nline\nbreaks\"\n");
    line += 3;
    csv.push_str("5001,1\n");
    line += 1;
    csv.push_str("5002,1,2\n");
    line += 1; // the ragged row's line
    csv.push_str("5003,1\n");
    for size in [csv.len(), 7, 4096] {
        let err = chunked(csv.as_bytes(), size).unwrap_err();
        assert!(
            matches!(err.kind(), DataErrorKind::RaggedRow { line: l, found: 3, expected: 2, .. } if *l == line),
            "chunks of {size}: {err}"
        );
    }
}
