//! The native side of the benchmark (bench/run.sh): times CSV bytes → typed
//! `Table` + summary (fed in 4 MiB chunks, as the page feeds the wasm build)
//! and the logistic-regression fit on bench/prepare.py's rows, printing one
//! JSON line per task. Knows nothing of the peers or the report.
//!
//! ```text
//! cargo run --release --example bench_native -- csv FILE [REPEATS]
//! cargo run --release --example bench_native -- lr DIR [REPEATS] [SOLVER]
//! ```

use std::error::Error;
use std::time::Instant;

use ndarray::ArrayView2;
use rareclass::data::{summarize, ReadOptions, TableReader};
use rareclass::models::logistic::{ClassWeight, LogisticParams, Solver};
use rareclass::progress::Silent;
use serde_json::json;

const CHUNK: usize = 4 << 20;

fn csv(path: &str, repeats: usize) -> Result<serde_json::Value, Box<dyn Error>> {
    let bytes = std::fs::read(path)?;
    let mut runs = Vec::with_capacity(repeats);
    let mut shape = (0, 0);
    for _ in 0..repeats {
        let t = Instant::now();
        let mut reader = TableReader::new(ReadOptions::default());
        for chunk in bytes.chunks(CHUNK) {
            reader.push(chunk)?;
        }
        let table = reader.finish()?;
        let summary = summarize(&table);
        runs.push(t.elapsed().as_secs_f64());
        shape = (summary.rows, summary.columns.len());
    }
    Ok(json!({"tool": "rareclass-native", "task": "csv", "bytes": bytes.len(),
              "rows": shape.0, "columns": shape.1, "runs_s": runs}))
}

fn lr(dir: &str, repeats: usize, solver: &str) -> Result<serde_json::Value, Box<dyn Error>> {
    let meta: serde_json::Value = serde_json::from_slice(&std::fs::read(format!("{dir}/meta.json"))?)?;
    let (n, d) = (
        meta["rows"].as_u64().ok_or("meta.json: rows")? as usize,
        meta["features"].as_u64().ok_or("meta.json: features")? as usize,
    );
    let x: Vec<f32> = std::fs::read(format!("{dir}/x.f32"))?
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    let y: Vec<bool> = std::fs::read(format!("{dir}/y.u8"))?.iter().map(|&v| v != 0).collect();
    let x = ArrayView2::from_shape((n, d), &x)?;
    let solver = match solver {
        "newton" => Solver::Newton,
        "lbfgs" => Solver::Lbfgs,
        _ => Solver::Auto,
    };
    let params = LogisticParams::scikit_learn()
        .c(1.0)
        .class_weight(ClassWeight::Balanced)
        .max_iter(1000)
        .solver(solver)
        .check()?;
    let mut runs = Vec::with_capacity(repeats);
    let mut fitted = None;
    for _ in 0..repeats {
        let t = Instant::now();
        fitted = Some(params.fit(x, &y, None, &mut Silent)?);
        runs.push(t.elapsed().as_secs_f64());
    }
    let f = fitted.ok_or("no repeats")?;
    Ok(
        json!({"tool": "rareclass-native", "task": "lr", "solver": f.solver, "rows": n,
              "features": d, "n_iter": f.n_iter, "converged": f.converged, "coef": f.coef,
              "intercept": f.intercept, "runs_s": runs}),
    )
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: bench_native csv FILE [REPEATS] | lr DIR [REPEATS] [auto|newton|lbfgs]";
    let path = args.get(1).ok_or(usage)?;
    let repeats: usize = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(3);
    let line = match args.first().map(String::as_str) {
        Some("csv") => csv(path, repeats)?,
        Some("lr") => lr(path, repeats, args.get(3).map_or("auto", String::as_str))?,
        _ => return Err(usage.into()),
    };
    println!("{line}");
    Ok(())
}
