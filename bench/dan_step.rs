//! The native side of the DAN step benchmark (bench/dan_step.sh): times one
//! training step (512 + 512 rows, features 256 → 64) and one MK-MMD
//! evaluation with the crate's own timing code, printing one JSON line.
//! Knows nothing of the peers or the report.
//!
//! ```text
//! cargo run --release --example bench_dan_step -- [INPUTS] [BATCH] [REPEATS]
//! ```

use std::error::Error;

use rareclass::timing::time_steps;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<usize> = std::env::args().skip(1).map(|a| a.parse()).collect::<Result<_, _>>()?;
    let inputs = args.first().copied().unwrap_or(117);
    let batch = args.get(1).copied().unwrap_or(512);
    let repeats = args.get(2).copied().unwrap_or(20);
    let t = time_steps(inputs, batch, &[256, 64], repeats, 1)?;
    let mut v = serde_json::to_value(&t)?;
    v["tool"] = "rareclass-native".into();
    println!("{v}");
    Ok(())
}
