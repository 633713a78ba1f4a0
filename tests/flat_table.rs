//! A table as flat buffers (`rareclass::data::FlatTable`, how the grid
//! pool's workers share one parsed table): the buffer layout against a
//! hand-written one, every readable fixture of tests/data/ through buffers
//! and back bit for bit, each broken buffer refused with a message naming
//! the column and the numbers, and random buffers never panic.

use rareclass::data::{
    read_csv, Column, ColumnKind, ColumnValues, DataErrorKind, FlatTable, ReadOptions, Table, MISSING_CODE,
};
use rareclass::Rng;

/// Equal tables, numbers compared by their bits (NaN is missing, and
/// `Table`'s `==` says NaN ≠ NaN).
fn assert_same(a: &Table, b: &Table, what: &str) {
    assert_eq!(a.n_rows, b.n_rows, "{what}: rows");
    assert_eq!(a.columns.len(), b.columns.len(), "{what}: columns");
    for (x, y) in a.columns.iter().zip(&b.columns) {
        assert_eq!((&x.name, x.kind), (&y.name, y.kind), "{what}");
        match (&x.values, &y.values) {
            (ColumnValues::Numbers(p), ColumnValues::Numbers(q)) => {
                let bits = |v: &[f64]| v.iter().map(|f| f.to_bits()).collect::<Vec<u64>>();
                assert_eq!(bits(p), bits(q), "{what}: column {}", x.name);
            }
            (p, q) => assert_eq!(p, q, "{what}: column {}", x.name),
        }
    }
}

fn numbers(name: &str, kind: ColumnKind, v: Vec<f64>) -> Column {
    Column {
        name: name.into(),
        kind,
        values: ColumnValues::Numbers(v),
    }
}

fn coded(name: &str, kind: ColumnKind, codes: Vec<u32>, levels: &[&str]) -> Column {
    Column {
        name: name.into(),
        kind,
        values: ColumnValues::Codes {
            codes,
            levels: levels.iter().map(|s| s.to_string()).collect(),
        },
    }
}

/// Two rows of every kind, with missing cells and a two-byte character.
fn every_kind() -> Table {
    Table {
        n_rows: 2,
        columns: vec![
            numbers("amount", ColumnKind::Numeric, vec![1.5, f64::NAN]),
            coded("city", ColumnKind::Categorical, vec![1, MISSING_CODE], &["é", "x"]),
            coded("fraud", ColumnKind::Boolean, vec![0, 1], &["no", "yes"]),
            numbers("day", ColumnKind::DateTime, vec![0.0, 86_400.0]),
            coded("note", ColumnKind::Text, vec![MISSING_CODE, MISSING_CODE], &[]),
        ],
    }
}

#[test]
fn buffers_hold_columns_one_after_another() {
    let flat = FlatTable::of(&every_kind()).unwrap();
    // Numeric columns in table order (amount, then day); NaN kept as NaN.
    let bits: Vec<u64> = flat.numbers.iter().map(|x| x.to_bits()).collect();
    assert_eq!(bits, [1.5f64, f64::NAN, 0.0, 86_400.0].map(f64::to_bits));
    // Coded columns in table order (city, fraud, note).
    assert_eq!(flat.codes, [1, MISSING_CODE, 0, 1, MISSING_CODE, MISSING_CODE]);
    // "é" is 2 bytes: é|x|no|yes ends at 2, 3, 5, 8; note has no level.
    assert_eq!(flat.level_text, "éxnoyes".as_bytes());
    assert_eq!(flat.level_ends, [2, 3, 5, 8]);
    let levels: Vec<Option<usize>> = flat.header.columns.iter().map(|c| c.levels).collect();
    assert_eq!(levels, [None, Some(2), Some(2), None, Some(0)]);
    assert_same(&flat.into_table().unwrap(), &every_kind(), "every kind");
}

#[test]
fn every_readable_fixture_comes_back_bit_for_bit() {
    let dir = format!("{}/tests/data", env!("CARGO_MANIFEST_DIR"));
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_file() {
            continue;
        }
        let Ok(table) = read_csv(&std::fs::read(&path).unwrap(), &ReadOptions::default()) else {
            continue;
        };
        let name = path.display().to_string();
        let back = FlatTable::of(&table).unwrap().into_table().unwrap();
        assert_same(&back, &table, &name);
        read += 1;
    }
    assert!(read >= 30, "only {read} fixtures read");
}

fn refused(flat: FlatTable) -> String {
    match flat.into_table() {
        Ok(t) => panic!("accepted {t:?}"),
        Err(e) => {
            assert!(matches!(e.kind(), DataErrorKind::BadTableBuffers { .. }), "{e}");
            e.to_string()
        }
    }
}

fn broken(change: impl FnOnce(&mut FlatTable)) -> String {
    let mut flat = FlatTable::of(&every_kind()).unwrap();
    change(&mut flat);
    refused(flat)
}

#[test]
fn broken_buffers_are_refused_with_the_numbers() {
    let m = broken(|f| {
        f.numbers.pop();
    });
    assert!(m.contains("3 numbers, but 2 columns × 2 rows need 4"), "{m}");
    let m = broken(|f| f.codes.push(0));
    assert!(m.contains("7 codes, but 3 columns × 2 rows need 6"), "{m}");
    let m = broken(|f| f.codes[0] = 2);
    assert!(
        m.contains("column 2 (\"city\"): row 1 has code 2, but the column has 2 categories"),
        "{m}"
    );
    let m = broken(|f| f.numbers[1] = f64::NEG_INFINITY);
    assert!(m.contains("column 1 (\"amount\"): row 2 is infinite"), "{m}");
    // Cutting "é" (bytes 0..2) after its first byte.
    let m = broken(|f| f.level_ends[0] = 1);
    assert!(m.contains("column 2 (\"city\"): a category name ends at byte 1"), "{m}");
    // Ends going backwards.
    let m = broken(|f| f.level_ends[2] = 2);
    assert!(
        m.contains("column 3 (\"fraud\"): a category name ends at byte 2, not after byte 3"),
        "{m}"
    );
    let m = broken(|f| {
        f.level_ends.pop();
    });
    assert!(m.contains("3 category-name ends, but the header lists 4"), "{m}");
    let m = broken(|f| f.level_text.push(b'z'));
    assert!(m.contains("end at byte 8, but the text has 9 bytes"), "{m}");
    let m = broken(|f| f.level_text[0] = 0xff);
    assert!(m.contains("not UTF-8 (byte 0 of 8)"), "{m}");
    let m = broken(|f| f.header.columns[4].name = "city".into());
    assert!(m.contains("column 5 (\"city\"): the name appears twice"), "{m}");
    let m = broken(|f| f.header.columns[0].kind = ColumnKind::Categorical);
    assert!(
        m.contains("column 1 (\"amount\"): a categorical column holds codes, not numbers"),
        "{m}"
    );
    let m = broken(|f| f.header.columns[1].kind = ColumnKind::Numeric);
    assert!(m.contains("a numeric column holds numbers, not codes"), "{m}");
    // A boolean with three levels: "no", "yes" and "maybe".
    let m = broken(|f| {
        f.header.columns[2].levels = Some(3);
        f.header.columns[4].levels = Some(0);
        f.level_text.extend_from_slice(b"maybe");
        f.level_ends.insert(4, 13);
    });
    assert!(
        m.contains("column 3 (\"fraud\"): a boolean column has 2 levels (false, true), not 3"),
        "{m}"
    );
    // "x" twice in one column.
    let m = broken(|f| {
        f.level_text = "xxnoyes".into();
        f.level_ends = vec![1, 2, 4, 7];
    });
    assert!(
        m.contains("column 2 (\"city\"): the category \"x\" is listed twice"),
        "{m}"
    );
    // More rows than the buffers could ever hold: no overflow.
    let m = broken(|f| f.header.n_rows = usize::MAX);
    assert!(m.contains("numbers, but 2 columns ×"), "{m}");
}

/// A random valid table: up to 4 columns of any kind, up to 5 rows.
fn random_table(rng: &mut Rng) -> Table {
    let n_rows = rng.below(6);
    let kinds = [
        ColumnKind::Numeric,
        ColumnKind::Boolean,
        ColumnKind::Categorical,
        ColumnKind::DateTime,
        ColumnKind::Text,
    ];
    let columns = (0..rng.below(5))
        .map(|i| {
            let kind = kinds[rng.below(kinds.len())];
            let name = format!("c{i}");
            match kind {
                ColumnKind::Numeric | ColumnKind::DateTime => numbers(
                    &name,
                    kind,
                    (0..n_rows).map(|_| [0.5, f64::NAN, -3.0][rng.below(3)]).collect(),
                ),
                _ => {
                    let k = if kind == ColumnKind::Boolean { 2 } else { rng.below(4) };
                    let levels: Vec<String> = (0..k).map(|l| ["a", "é", "bb", ""][l].to_string()).collect();
                    let code = |rng: &mut Rng| match rng.below(k + 1) {
                        c if c == k => MISSING_CODE,
                        c => c as u32,
                    };
                    Column {
                        name,
                        kind,
                        values: ColumnValues::Codes {
                            codes: (0..n_rows).map(|_| code(rng)).collect(),
                            levels,
                        },
                    }
                }
            }
        })
        .collect();
    Table { columns, n_rows }
}

#[test]
fn random_buffers_never_panic() {
    let mut rng = Rng::new(12);
    let (mut accepted, mut refused) = (0, 0);
    for _ in 0..3000 {
        let table = random_table(&mut rng);
        let mut flat = FlatTable::of(&table).unwrap();
        // One random change, or none (then it must come back as it was).
        let changed = rng.below(4) != 0;
        if changed {
            let pick = |rng: &mut Rng, len: usize| rng.below(len.max(1));
            match rng.below(9) {
                0 => flat.numbers.push(f64::INFINITY),
                1 => flat.codes.push(1),
                2 if !flat.codes.is_empty() => {
                    let i = pick(&mut rng, flat.codes.len());
                    flat.codes[i] = rng.below(5) as u32;
                }
                3 if !flat.level_ends.is_empty() => {
                    let i = pick(&mut rng, flat.level_ends.len());
                    flat.level_ends[i] = rng.below(12) as u32;
                }
                4 => flat.level_text.push([b'z', 0xc3, 0xa9][rng.below(3)]),
                5 if !flat.level_text.is_empty() => {
                    let i = pick(&mut rng, flat.level_text.len());
                    flat.level_text[i] = [b'a', 0xc3, 0xa9, 0xff][rng.below(4)];
                }
                6 => flat.header.n_rows = rng.below(7),
                7 if !flat.header.columns.is_empty() => {
                    let i = pick(&mut rng, flat.header.columns.len());
                    flat.header.columns[i].levels = (rng.below(2) == 0).then(|| rng.below(4));
                }
                8 if !flat.header.columns.is_empty() => {
                    let i = pick(&mut rng, flat.header.columns.len());
                    flat.header.columns[i].kind = ColumnKind::Boolean;
                }
                _ => {}
            }
        }
        match flat.clone().into_table() {
            Ok(back) => {
                if !changed {
                    assert_same(&back, &table, "unchanged");
                }
                // Whatever is accepted gives the same buffers again.
                let again = FlatTable::of(&back).unwrap();
                assert_eq!(
                    (again.header, again.codes, again.level_ends),
                    (flat.header, flat.codes, flat.level_ends)
                );
                accepted += 1;
            }
            Err(e) => {
                assert!(changed, "an unchanged table was refused: {e}");
                refused += 1;
            }
        }
    }
    assert!(
        accepted > 500 && refused > 500,
        "{accepted} accepted, {refused} refused"
    );
}
