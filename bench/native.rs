//! The native side of the benchmark (bench/run.sh): times CSV bytes → typed
//! `Table` + summary, fed in 4 MiB chunks as the page feeds the wasm build,
//! and prints one JSON line. Knows nothing of the peers or the report.
//!
//! ```text
//! cargo run --release --example bench_native -- csv FILE [REPEATS]
//! ```

use std::error::Error;
use std::time::Instant;

// TODO(csv-reader): `rareclass::data::{TableReader, ReadOptions, summarize}`.
fn read_table(bytes: &[u8]) -> Result<(usize, usize), Box<dyn Error>> {
    let text = std::str::from_utf8(bytes)?;
    let cols = text.lines().next().map_or(0, |h| h.split(',').count());
    Ok((text.lines().count().saturating_sub(1), cols))
}

fn csv(path: &str, repeats: usize) -> Result<String, Box<dyn Error>> {
    let bytes = std::fs::read(path)?;
    let mut runs = Vec::with_capacity(repeats);
    let mut shape = (0, 0);
    for _ in 0..repeats {
        let t = Instant::now();
        shape = read_table(&bytes)?;
        runs.push(t.elapsed().as_secs_f64());
    }
    Ok(format!(
        r#"{{"tool":"rareclass-native","task":"csv","bytes":{},"rows":{},"columns":{},"runs_s":{:?}}}"#,
        bytes.len(),
        shape.0,
        shape.1,
        runs
    ))
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: bench_native csv FILE [REPEATS]";
    let repeats = |i: usize| -> Result<usize, Box<dyn Error>> {
        Ok(args.get(i).map(|s| s.parse()).transpose()?.unwrap_or(3))
    };
    let line = match args.first().map(String::as_str) {
        Some("csv") => csv(args.get(1).ok_or(usage)?, repeats(2)?)?,
        _ => return Err(usage.into()),
    };
    println!("{line}");
    Ok(())
}
