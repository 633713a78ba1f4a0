//! The data check run before every fit (`checks::check_data`), timed
//! natively on a real file: the whole check, then its pieces (the signal
//! table with the fit's 20-permutation reference, the column and row
//! findings), best of REPEATS, wall and this process's CPU seconds. The
//! page's twin is the "data check" line of bench/end_to_end.mjs.
//!
//!   cargo run --release --example check_data -- CSV [LABEL] [REPEATS] [whole]
//!
//! With `whole`, only the whole check runs (for a profiler).
//!
//!   cargo run --release --example check_data -- --oracle [CSV [LABEL]]
//!
//! prints, one JSON line per generated table (mixed kinds, ties, ±0 and
//! infinities, constant, copied and near-constant columns, missing cells
//! and labels, leaking columns and pure ranges, repeated rows, more rows
//! than the reference's subsample), the whole answer of the check before a
//! fit and of Explore's signal table: run it on two commits and `diff` the
//! outputs to show a faster check gives the same findings and numbers
//! (with a CSV file, its answers come first).

use std::error::Error;
use std::time::Instant;

use rareclass::checks::{check_data, findings, signal_options, CheckOptions};
use rareclass::data::{binary_label, read_csv, Column, ColumnKind, ColumnValues, PositiveClass, ReadOptions, Table};
use rareclass::explore::{data_diagnostics, signal_table, SignalOptions};
use rareclass::Rng;

fn numbers(name: &str, kind: ColumnKind, v: Vec<f64>) -> Column {
    Column {
        name: name.into(),
        kind,
        values: ColumnValues::Numbers(v),
    }
}

fn codes(name: &str, kind: ColumnKind, c: Vec<u32>, levels: usize) -> Column {
    Column {
        name: name.into(),
        kind,
        values: ColumnValues::Codes {
            codes: c,
            levels: (0..levels).map(|l| format!("L{l}-{}", l * 7 % 11)).collect(),
        },
    }
}

/// Generated table `shape` of `n` rows with about `rate` positives, from `seed`.
fn generated(shape: usize, n: usize, rate: f64, seed: u64) -> Table {
    use ColumnKind::*;
    let mut rng = Rng::new(seed);
    let y: Vec<bool> = (0..n).map(|_| rng.uniform() < rate).collect();
    let yf = |i: usize| f64::from(u8::from(y[i]));
    let miss = 0xFFFF_FFFFu32;
    let mut cols = Vec::new();
    let r = |rng: &mut Rng| rng.normal();
    // Shared by every shape: an honest feature, integer ties, a category.
    cols.push(numbers(
        "signal",
        Numeric,
        (0..n).map(|i| r(&mut rng) + 1.5 * yf(i)).collect(),
    ));
    cols.push(numbers(
        "ties",
        Numeric,
        (0..n).map(|i| (rng.below(7) + usize::from(y[i])) as f64).collect(),
    ));
    cols.push(codes(
        "cat",
        Categorical,
        (0..n).map(|_| rng.below(5) as u32).collect(),
        6,
    ));
    match shape {
        0 => {
            // Mixed kinds, missing cells, ±0 and infinities.
            cols.push(numbers(
                "zeros",
                Numeric,
                (0..n)
                    .map(|i| match rng.below(9) {
                        0 => -0.0,
                        1 => 0.0,
                        2 => f64::NAN,
                        3 => f64::INFINITY,
                        4 => f64::NEG_INFINITY,
                        _ => (rng.below(50) as f64) - 25.0 + yf(i),
                    })
                    .collect(),
            ));
            cols.push(codes(
                "flag",
                Boolean,
                (0..n).map(|i| u32::from(y[i] ^ (rng.below(4) == 0))).collect(),
                2,
            ));
            cols.push(codes(
                "sparse",
                Categorical,
                (0..n)
                    .map(|_| if rng.below(3) == 0 { miss } else { rng.below(40) as u32 })
                    .collect(),
                40,
            ));
            cols.push(numbers(
                "when",
                DateTime,
                (0..n)
                    .map(|i| 1.6e9 + 3600.0 * i as f64 + rng.below(2) as f64)
                    .collect(),
            ));
            cols.push(codes("note", Text, (0..n).map(|i| (i % 97) as u32).collect(), 97));
            cols.push(numbers(
                "gappy",
                Numeric,
                (0..n)
                    .map(|_| if rng.below(5) < 3 { f64::NAN } else { rng.normal() })
                    .collect(),
            ));
        }
        1 => {
            // Columns the check leaves out or flags without a model.
            cols.push(numbers("constant", Numeric, vec![3.0; n]));
            cols.push(numbers("empty", Numeric, vec![f64::NAN; n]));
            let copy = cols[0].values.clone();
            cols.push(Column {
                name: "signal_copy".into(),
                kind: Numeric,
                values: copy,
            });
            cols.push(numbers("row_id", Numeric, (0..n).map(|i| (i + 100) as f64).collect()));
            cols.push(numbers(
                "big_ints",
                Numeric,
                (0..n).map(|_| rng.below(1 << 40) as f64).collect(),
            ));
            cols.push(numbers(
                "nearly",
                Numeric,
                (0..n)
                    .map(|_| if rng.below(1000) < 3 { rng.normal() } else { -0.0 })
                    .collect(),
            ));
            cols.push(numbers(
                "five_off",
                Numeric,
                (0..n)
                    .map(|i| if i % (n / 5).max(1) == 1 { 2.0 } else { 7.0 })
                    .collect(),
            ));
            cols.push(codes(
                "one_level",
                Categorical,
                (0..n).map(|i| if i % 3 == 0 { miss } else { 1 }).collect(),
                3,
            ));
            cols.push(codes(
                "mostly_a",
                Categorical,
                (0..n).map(|_| u32::from(rng.below(400) == 0)).collect(),
                2,
            ));
            cols.push(numbers(
                "half_missing",
                Numeric,
                (0..n)
                    .map(|i| if i % 2 == 0 { f64::NAN } else { rng.normal() })
                    .collect(),
            ));
        }
        2 => {
            // Leaks: a copied label, a pure upper range, a pure level, missing cells that are positive.
            cols.push(numbers(
                "leak",
                Numeric,
                (0..n).map(|i| yf(i) * 10.0 + rng.below(3) as f64).collect(),
            ));
            cols.push(numbers(
                "pure_tail",
                Numeric,
                (0..n)
                    .map(|i| {
                        if y[i] && rng.below(10) < 8 {
                            5.0 + rng.normal().abs()
                        } else {
                            rng.normal()
                        }
                    })
                    .collect(),
            ));
            cols.push(numbers(
                "low_tail",
                Numeric,
                (0..n)
                    .map(|i| {
                        if y[i] && rng.below(10) < 7 {
                            -9.0 - rng.below(3) as f64
                        } else {
                            rng.normal()
                        }
                    })
                    .collect(),
            ));
            cols.push(codes(
                "pure_level",
                Categorical,
                (0..n)
                    .map(|i| {
                        if y[i] && rng.below(10) < 7 {
                            3
                        } else {
                            rng.below(3) as u32
                        }
                    })
                    .collect(),
                4,
            ));
            cols.push(numbers(
                "missing_pos",
                Numeric,
                (0..n)
                    .map(|i| {
                        if y[i] && rng.below(10) < 9 {
                            f64::NAN
                        } else {
                            rng.normal()
                        }
                    })
                    .collect(),
            ));
            cols.push(numbers(
                "helper",
                Numeric,
                (0..n).map(|i| 0.8 * yf(i) + rng.normal()).collect(),
            ));
        }
        4 => cols.push(numbers(
            "pure_tail",
            Numeric,
            (0..n)
                .map(|i| {
                    if y[i] && rng.below(10) < 8 {
                        5.0 + rng.normal().abs()
                    } else {
                        rng.normal()
                    }
                })
                .collect(),
        )),
        5 => cols.push(numbers(
            "low_tail",
            Numeric,
            (0..n)
                .map(|i| {
                    if y[i] && rng.below(10) < 7 {
                        -9.0 - rng.below(3) as f64
                    } else {
                        (rng.below(9) as f64) - 4.0
                    }
                })
                .collect(),
        )),
        6 => cols.push(codes(
            "pure_level",
            Categorical,
            (0..n)
                .map(|i| {
                    if y[i] && rng.below(10) < 7 {
                        3
                    } else {
                        rng.below(3) as u32
                    }
                })
                .collect(),
            4,
        )),
        7 => cols.push(numbers(
            "missing_pos",
            Numeric,
            (0..n)
                .map(|i| {
                    if y[i] && rng.below(10) < 9 {
                        f64::NAN
                    } else {
                        rng.normal()
                    }
                })
                .collect(),
        )),
        _ => {
            // (8) Repeated and conflicting rows, and labels missing on some rows.
            let base: Vec<(f64, u32)> = (0..n / 4 + 1)
                .map(|_| ((rng.below(20) as f64) / 4.0, rng.below(3) as u32))
                .collect();
            let pick: Vec<usize> = (0..n).map(|_| rng.below(base.len())).collect();
            cols.clear();
            cols.push(numbers("a", Numeric, pick.iter().map(|&k| base[k].0).collect()));
            cols.push(codes("b", Categorical, pick.iter().map(|&k| base[k].1).collect(), 3));
            cols.push(numbers(
                "c",
                Numeric,
                (0..n)
                    .map(|i| if i % 11 == 0 { f64::NAN } else { (pick[i] % 5) as f64 })
                    .collect(),
            ));
        }
    }
    let label: Vec<u32> = (0..n)
        .map(|i| {
            if shape == 8 && i % 13 == 5 {
                miss
            } else {
                u32::from(y[i])
            }
        })
        .collect();
    cols.push(Column {
        name: "label".into(),
        kind: Categorical,
        values: ColumnValues::Codes {
            codes: label,
            levels: vec!["no".into(), "yes".into()],
        },
    });
    Table {
        columns: cols,
        n_rows: n,
    }
}

/// One JSON line per generated table: the check before a fit and Explore's
/// signal table; then, given a CSV file and its label, the same for it.
fn oracle(file: Option<(&str, &str)>) -> Result<(), Box<dyn Error>> {
    if let Some((path, label_name)) = file {
        let table = read_csv(&std::fs::read(path)?, &ReadOptions::default())?;
        let label = binary_label(&table, label_name, &PositiveClass::Minority)?;
        let check = check_data(&table, &label, &[], &CheckOptions::default())?;
        let explore = signal_table(&table, &label, &SignalOptions::default())?;
        println!(
            "{}",
            serde_json::json!({"file": path, "check": check, "explore": explore})
        );
    }
    for shape in 0..9 {
        for (n, rate) in [
            (40usize, 0.3),
            (300, 0.1),
            (5_000, 0.02),
            (60_000, 0.004),
            (60_000, 0.3),
        ] {
            for seed in 0..2u64 {
                let table = generated(shape, n, rate, seed * 100 + shape as u64);
                let label = binary_label(&table, "label", &PositiveClass::Value("yes".into()))?;
                let check = match check_data(&table, &label, &[], &CheckOptions::default()) {
                    Ok(c) => serde_json::to_value(&c)?,
                    Err(e) => serde_json::json!({ "error": e.to_string() }),
                };
                let dropped = check_data(
                    &table,
                    &label,
                    &["signal".to_string()],
                    &CheckOptions {
                        keep: vec!["ties".into()],
                        strict: true,
                    },
                )
                .map_or_else(|e| e.to_string(), |c| serde_json::to_string(&c).unwrap_or_default());
                let explore = match signal_table(&table, &label, &SignalOptions::default()) {
                    Ok(t) => serde_json::to_value(&t)?,
                    Err(e) => serde_json::json!({ "error": e.to_string() }),
                };
                println!(
                    "{}",
                    serde_json::json!({"shape": shape, "rows": n, "rate": rate, "seed": seed, "check": check, "strict_dropped": dropped, "explore": explore})
                );
            }
        }
    }
    Ok(())
}

/// Nanoseconds this process has run on a CPU, when the OS says.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Best (wall, CPU) seconds of `repeats` runs of `f`.
fn best<T>(repeats: usize, mut f: impl FnMut() -> T) -> (f64, f64) {
    let mut b = (f64::INFINITY, f64::INFINITY);
    for _ in 0..repeats {
        let (c0, t0) = (cpu_ns(), Instant::now());
        std::hint::black_box(f());
        let wall = t0.elapsed().as_secs_f64();
        let cpu = cpu_ns().zip(c0).map_or(f64::NAN, |(c1, c0)| (c1 - c0) as f64 / 1e9);
        b = (b.0.min(wall), b.1.min(cpu));
    }
    b
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--oracle") {
        let file = args
            .get(1)
            .map(|p| (p.as_str(), args.get(2).map_or("Class", String::as_str)));
        return oracle(file);
    }
    let path = args.first().ok_or("usage: check_data CSV [LABEL] [REPEATS]")?;
    let label_name = args.get(1).map_or("Class", String::as_str);
    let repeats: usize = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(5);
    let table = read_csv(&std::fs::read(path)?, &ReadOptions::default())?;
    let label = binary_label(&table, label_name, &PositiveClass::Minority)?;
    let opts = CheckOptions::default();
    if args.get(3).is_some_and(|a| a == "whole") {
        let (wall, cpu) = best(repeats, || check_data(&table, &label, &[], &opts));
        println!("check_data (whole): wall {wall:.3} s, CPU {cpu:.3} s");
        return Ok(());
    }
    let signal = signal_table(&table, &label, &signal_options())?;
    let rows = [
        (
            "check_data (whole)",
            best(repeats, || check_data(&table, &label, &[], &opts)),
        ),
        (
            "signal table, 20 permutations",
            best(repeats, || signal_table(&table, &label, &signal_options())),
        ),
        (
            "signal table, no permutations",
            best(repeats, || {
                let o = rareclass::explore::SignalOptions {
                    permutations: 0,
                    ..signal_options()
                };
                signal_table(&table, &label, &o)
            }),
        ),
        (
            "data_diagnostics",
            best(repeats, || data_diagnostics(&table, &label, &signal)),
        ),
        (
            "findings (diagnostics, leakage, rows)",
            best(repeats, || findings(&table, &label, &signal, &[])),
        ),
    ];
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load: Vec<&str> = load.split_whitespace().take(3).collect();
    println!(
        "\nData check on {path} ({} rows × {} columns), natively, best of {repeats}, load average {}\n",
        table.n_rows,
        table.columns.len(),
        load.join(" ")
    );
    println!("| piece | wall s | CPU s |\n|---|---:|---:|");
    for (name, (wall, cpu)) in rows {
        println!("| {name} | {wall:.3} | {cpu:.3} |");
    }
    Ok(())
}
