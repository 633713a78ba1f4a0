//! Timing of the logistic-regression fit on the real credit-card fraud set,
//! for comparison with scikit-learn (bench/lr_speed_sklearn.py). Knows
//! nothing of the crate's CSV reader: a quick parser for this one file.
//!
//! Rows as in the TensorFlow imbalanced-data tutorial: drop `Time`,
//! `Amount := ln(Amount + 0.001)`, a seeded 64 % training sample, features
//! standardised on that sample and clipped to ±5, `y = (Class == 1)`.
//!
//! ```text
//! cargo run --release --example lr_speed [-- CSV [DUMP_DIR]]
//! ```
//! With `DUMP_DIR` it writes `x.f32` (row-major little-endian), `y.u8` and
//! `rust_fit.json` (the Newton fit at tol 1e-10) there, for
//! bench/lr_speed_sklearn.py and the wasm harness
//! (bench/lr_speed_wasm.rs + .mjs) to fit the very same rows.

use std::error::Error;
use std::time::Instant;

use ndarray::Array2;
use rareclass::models::logistic::{ClassWeight, FittedLogistic, LogisticParams, Solver};
use rareclass::progress::Silent;
use rareclass::Rng;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).map_or("bench/data/creditcard.csv", |s| s.as_str());
    let dump = args.get(2);

    let t0 = Instant::now();
    let text = std::fs::read_to_string(path)?;
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .ok_or("empty file")?
        .split(',')
        .map(|h| h.trim_matches('"').to_string())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).ok_or(format!("no column {name}"));
    let (time, amount, class) = (col("Time")?, col("Amount")?, col("Class")?);
    let features: Vec<usize> = (0..header.len()).filter(|&j| j != time && j != class).collect();
    let d = features.len();
    let mut all: Vec<f64> = Vec::new();
    let mut labels: Vec<bool> = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let cells: Vec<&str> = line.split(',').map(|c| c.trim_matches('"')).collect();
        for &j in &features {
            let v: f64 = cells[j].parse()?;
            all.push(if j == amount { (v + 0.001).ln() } else { v });
        }
        labels.push(cells[class] == "1");
    }
    let n_all = labels.len();
    let mut idx: Vec<usize> = (0..n_all).collect();
    Rng::new(42).shuffle(&mut idx);
    idx.truncate((n_all as f64 * 0.64).round() as usize);
    let n = idx.len();
    let mut mean = vec![0.0; d];
    let mut var = vec![0.0; d];
    for &i in &idx {
        for j in 0..d {
            mean[j] += all[i * d + j];
        }
    }
    mean.iter_mut().for_each(|m| *m /= n as f64);
    for &i in &idx {
        for j in 0..d {
            var[j] += (all[i * d + j] - mean[j]).powi(2);
        }
    }
    let sd: Vec<f64> = var.iter().map(|v| (v / n as f64).sqrt()).collect();
    let x = Array2::from_shape_fn((n, d), |(r, j)| {
        ((all[idx[r] * d + j] - mean[j]) / sd[j]).clamp(-5.0, 5.0) as f32
    });
    let y: Vec<bool> = idx.iter().map(|&i| labels[i]).collect();
    let n_pos = y.iter().filter(|v| **v).count();
    println!(
        "rows {n} × {d} features ({n_pos} positive), prepared in {:.2} s",
        t0.elapsed().as_secs_f64()
    );

    let base = LogisticParams::scikit_learn()
        .class_weight(ClassWeight::Balanced)
        .max_iter(1000);
    let run = |p: LogisticParams| -> Result<(f64, FittedLogistic), Box<dyn Error>> {
        let p = p.check()?;
        let mut best = f64::INFINITY;
        let mut last = None;
        for _ in 0..5 {
            let t = Instant::now();
            let m = p.fit(x.view(), &y, None, &mut Silent)?;
            best = best.min(t.elapsed().as_secs_f64());
            last = Some(m);
        }
        Ok((best, last.ok_or("no fit")?))
    };
    println!(
        "{:<44} {:>9} {:>6} {:>10}",
        "fit (best of 5)", "seconds", "iters", "max|grad|"
    );
    let mut tight = None;
    for (label, solver, tol) in [
        ("newton, tol 1e-4 (sklearn default)", Solver::Newton, 1e-4),
        ("newton, tol 1e-10", Solver::Newton, 1e-10),
        ("lbfgs,  tol 1e-4", Solver::Lbfgs, 1e-4),
        ("lbfgs,  tol 1e-10", Solver::Lbfgs, 1e-10),
    ] {
        let (secs, m) = run(base.solver(solver).tol(tol))?;
        println!("{label:<44} {secs:>9.4} {:>6} {:>10.1e}", m.n_iter, m.gradient_max);
        if solver == Solver::Newton && tol == 1e-10 {
            tight = Some(m);
        }
    }
    // One traced Newton fit: the loss and time at each iteration.
    let t = Instant::now();
    let mut trace = |p: &rareclass::progress::Progress| {
        println!("  {:>8.4} s  {}", t.elapsed().as_secs_f64(), p.message);
        true
    };
    base.solver(Solver::Newton)
        .tol(1e-10)
        .check()?
        .fit(x.view(), &y, None, &mut trace)?;
    if let (Some(dir), Some(m)) = (dump, tight) {
        std::fs::create_dir_all(dir)?;
        let bytes: Vec<u8> = x.iter().flat_map(|v| v.to_le_bytes()).collect();
        std::fs::write(format!("{dir}/x.f32"), bytes)?;
        std::fs::write(
            format!("{dir}/y.u8"),
            y.iter().map(|&v| u8::from(v)).collect::<Vec<u8>>(),
        )?;
        std::fs::write(format!("{dir}/rust_fit.json"), serde_json::to_string(&m)?)?;
        println!("wrote {dir}/x.f32, y.u8, rust_fit.json");
    }
    Ok(())
}
