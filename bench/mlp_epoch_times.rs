//! One line of JSON for bench/mlp_bench.sh: the seconds of each of N
//! one-epoch fits of the tutorial MLP (29 → 16 relu → dropout 0.5 → 1,
//! Adam, batch 2048) on `timing`'s synthetic rows, natively, after one
//! warm-up fit, and their median. Knows nothing of the other tools.
//!
//!   cargo run --release --example mlp_epoch_times [ROWS] [N]

use rareclass::timing::mlp_epoch_seconds;

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let rows = args.first().copied().unwrap_or(182_276);
    let n = args.get(1).copied().unwrap_or(7).max(1);
    mlp_epoch_seconds(rows, 29, 1, 1);
    // Each call draws its data before its stopwatch starts, so only the
    // epoch is timed; a new seed per call, as a new run would have.
    let mut times: Vec<f64> = (0..n).map(|i| mlp_epoch_seconds(rows, 29, 1, 2 + i as u64)).collect();
    let list = times.iter().map(|t| format!("{t:.5}")).collect::<Vec<_>>().join(", ");
    times.sort_by(f64::total_cmp);
    let median = if n % 2 == 1 {
        times[n / 2]
    } else {
        (times[n / 2 - 1] + times[n / 2]) / 2.0
    };
    println!(
        "{{\"tool\": \"rareclass-native\", \"rows\": {rows}, \"cols\": 29, \"batch\": 2048, \"epoch_s\": [{list}], \"median_s\": {median:.5}}}"
    );
}
