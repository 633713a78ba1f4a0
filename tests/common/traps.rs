//! The trap corpus of issue 11, made from the bundled files' text so the
//! native tests (`tests/checks.rs`) and the wasm library tests
//! (`tests/web.rs`) check the very same files: a copied label, a
//! post-outcome code, a row counter, an `a:b:c` case id, constant and
//! near-constant columns, a duplicated column, duplicated rows, conflicting
//! labels, a time-sorted file, a mostly-missing column — and their near
//! misses, which must stay quiet. Generated with the crate's seeded
//! generator, so every run (native or wasm) builds the same bytes.

#![allow(dead_code)]

use rareclass::rng::Rng;

/// A CSV as header + rows of cells.
pub type Table = (Vec<String>, Vec<Vec<String>>);

/// A CSV's text as header + rows of cells (the bundled files hold no
/// quoted fields, so splitting on commas is exact).
pub fn parse(text: &str) -> Table {
    let mut lines = text.lines().filter(|l| !l.is_empty());
    let split = |l: &str| l.split(',').map(str::to_string).collect::<Vec<_>>();
    let header = split(lines.next().unwrap());
    (header, lines.map(split).collect())
}

pub fn csv_text(header: &[String], rows: &[Vec<String>]) -> String {
    let mut s = header.join(",");
    s.push('\n');
    for r in rows {
        s.push_str(&r.join(","));
        s.push('\n');
    }
    s
}

/// Inserts column `name` before the label (the last column) with `f(row
/// index, row)`.
pub fn with_column((header, rows): &Table, name: &str, f: impl Fn(usize, &[String]) -> String) -> Table {
    let at = header.len() - 1;
    let mut h = header.clone();
    h.insert(at, name.to_string());
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut r = r.clone();
            let v = f(i, &r);
            r.insert(at, v);
            r
        })
        .collect();
    (h, rows)
}

/// One trap: file name, CSV text, label, positive class, the code and the
/// column (None: table-wide) it must raise — or, for a near miss, must not.
pub struct Trap {
    pub name: &'static str,
    pub csv: String,
    pub label: &'static str,
    pub positive: &'static str,
    pub code: &'static str,
    pub column: Option<&'static str>,
}

/// A near miss: a file like a trap that must NOT raise its code.
pub type NearMiss = Trap;

impl Trap {
    /// `table` made from breast_cancer (`bc`: label `target`, positive `0`)
    /// or lending_club (label `Class`, positive `bad`).
    fn new(name: &'static str, (h, r): Table, bc: bool, code: &'static str, column: Option<&'static str>) -> Trap {
        Trap {
            name,
            csv: csv_text(&h, &r),
            label: if bc { "target" } else { "Class" },
            positive: if bc { "0" } else { "bad" },
            code,
            column,
        }
    }
}

/// The corpus. breast_cancer: label `target`, positive `0` (malignant, 212
/// of 569); lending_club: label `Class`, positive `bad` (517 of 9,857).
pub fn traps(breast_cancer: &str, lending_club: &str) -> Vec<Trap> {
    let bc = parse(breast_cancer);
    let lc = parse(lending_club);
    let mut rng = Rng::new(11);
    let mut out = Vec::new();
    let mut add = |name, table: Table, bc: bool, code, column| out.push(Trap::new(name, table, bc, code, column));
    // A copied label, spelled differently.
    add(
        "copied_label",
        with_column(&bc, "diagnosis_code", |_, r| {
            if r.last().unwrap() == "0" { "M" } else { "B" }.to_string()
        }),
        true,
        "possible-leakage",
        Some("diagnosis_code"),
    );
    // A post-outcome code built like the crash file's injury severity:
    // level "K" holds 92 % of the positives and is 97 % positive; the other
    // rows spread over four levels at random.
    let pos: Vec<usize> = (0..lc.1.len()).filter(|&i| lc.1[i].last().unwrap() == "bad").collect();
    let neg: Vec<usize> = (0..lc.1.len()).filter(|&i| lc.1[i].last().unwrap() != "bad").collect();
    let k_pos = (0.92 * pos.len() as f64).round() as usize;
    let k_neg = (k_pos as f64 * 3.0 / 97.0).round() as usize;
    let mut in_k = vec![false; lc.1.len()];
    let (mut p, mut n) = (pos.clone(), neg.clone());
    rng.shuffle(&mut p);
    rng.shuffle(&mut n);
    p[..k_pos].iter().chain(&n[..k_neg]).for_each(|&i| in_k[i] = true);
    let other: Vec<&str> = (0..lc.1.len()).map(|_| ["A", "B", "C", "O"][rng.below(4)]).collect();
    add(
        "post_outcome",
        with_column(&lc, "severity", |i, _| if in_k[i] { "K" } else { other[i] }.to_string()),
        false,
        "possible-leakage",
        Some("severity"),
    );
    add(
        "row_counter",
        with_column(&bc, "row", |i, _| (i + 1).to_string()),
        true,
        "id-like-column",
        Some("row"),
    );
    // `a:b:c` case ids, each shared by three rows (33 % distinct).
    add(
        "case_id",
        with_column(&lc, "case_id", |i, _| {
            format!("{}:{}:{}", (i / 3) % 17, (i / 51) % 9, i / 459)
        }),
        false,
        "id-like-column",
        Some("case_id"),
    );
    add(
        "constant",
        with_column(&bc, "site", |_, _| "1".to_string()),
        true,
        "constant-column",
        Some("site"),
    );
    // 3 non-zero values in 569 rows.
    add(
        "near_constant",
        with_column(&bc, "rare_flag", |i, _| {
            u8::from([5, 100, 300].contains(&i)).to_string()
        }),
        true,
        "near-constant-column",
        Some("rare_flag"),
    );
    add(
        "duplicate_column",
        with_column(&bc, "radius_copy", |_, r| r[0].clone()),
        true,
        "duplicate-column",
        Some("radius_copy"),
    );
    // 30 rows appended again (5 %).
    let mut dup = bc.clone();
    for _ in 0..30 {
        let r = dup.1[rng.below(bc.1.len())].clone();
        dup.1.push(r);
    }
    add("duplicate_rows", dup, true, "duplicate-rows", None);
    // 20 rows appended with the other label.
    let mut conflict = bc.clone();
    for _ in 0..20 {
        let mut r = conflict.1[rng.below(bc.1.len())].clone();
        let y = r.last_mut().unwrap();
        *y = if y == "0" { "1" } else { "0" }.to_string();
        conflict.1.push(r);
    }
    add("conflicting_labels", conflict, true, "conflicting-labels", None);
    // Sorted by date: ten rows a day from 2020-01-01.
    add(
        "time_sorted",
        with_column(&lc, "opened", |i, _| {
            let d = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new((i / 10) as u64);
            d.format("%Y-%m-%d").to_string()
        }),
        false,
        "time-ordered-rows",
        Some("opened"),
    );
    // An optional field filled in 40 % of rows (missing at random), as a
    // "months since last delinquency" column often is.
    add(
        "high_missing",
        months_since_late(&lc, &mut rng, 4),
        false,
        "high-missing",
        Some("months_since_late"),
    );
    out
}

/// `t` with a column `months_since_late` filled in `tenths` tenths of the
/// rows (at random) and empty in the rest.
fn months_since_late(t: &Table, rng: &mut Rng, tenths: usize) -> Table {
    let filled: Vec<bool> = (0..t.1.len()).map(|_| rng.below(10) < tenths).collect();
    with_column(t, "months_since_late", |i, _| {
        if filled[i] {
            ((i * 7) % 97).to_string()
        } else {
            String::new()
        }
    })
}

/// Each trap's honest neighbour, just on the quiet side of its rule.
pub fn near_misses(breast_cancer: &str, lending_club: &str) -> Vec<NearMiss> {
    let bc = parse(breast_cancer);
    let lc = parse(lending_club);
    let mut rng = Rng::new(12);
    let mut out = Vec::new();
    let mut add = |name, table: Table, bc: bool, code, column| out.push(Trap::new(name, table, bc, code, column));
    // A flag set in 30 of 569 rows (5.3 %): rare, but enough rows to learn from.
    add(
        "rare_flag",
        with_column(&bc, "rare_flag", |i, _| u8::from(i % 19 == 3).to_string()),
        true,
        "near-constant-column",
        Some("rare_flag"),
    );
    // Filled in 60 % of rows: missing often, but not mostly.
    add(
        "often_missing",
        months_since_late(&lc, &mut rng, 6),
        false,
        "high-missing",
        Some("months_since_late"),
    );
    // The file as it is: no row repeats.
    add("no_repeats", bc.clone(), true, "duplicate-rows", None);
    // 20 rows appended again with their own label: duplicates (that is the
    // other code), but no two rows with the same features disagree.
    let mut same = bc.clone();
    for _ in 0..20 {
        let r = same.1[rng.below(bc.1.len())].clone();
        same.1.push(r);
    }
    add("repeats_agree", same, true, "conflicting-labels", None);
    // The dates of the time-sorted trap, in shuffled row order.
    let mut days: Vec<usize> = (0..lc.1.len()).map(|i| i / 10).collect();
    rng.shuffle(&mut days);
    add(
        "dates_shuffled",
        with_column(&lc, "opened", |i, _| {
            let d = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(days[i] as u64);
            d.format("%Y-%m-%d").to_string()
        }),
        false,
        "time-ordered-rows",
        None,
    );
    out
}
