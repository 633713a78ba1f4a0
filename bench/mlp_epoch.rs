//! Times one epoch of the TensorFlow tutorial's MLP natively (29 → 16 relu →
//! dropout 0.5 → 1, Adam, batch 2048, BCE) on 182,276 synthetic rows × 29
//! f32 features, the credit-card training split's size, and compares the
//! forward product by our loop kernel with `ndarray`'s `dot`.
//!
//!   cargo run --release --example mlp_epoch [ROWS] [REPEATS]

use rareclass::timing::{matmul_micros, mlp_epoch_seconds};

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let rows = args.first().copied().unwrap_or(182_276);
    let repeats = args.get(1).copied().unwrap_or(5);
    for (name, nd) in [("loops", false), ("ndarray dot", true)] {
        // Warm once, then measure.
        matmul_micros(2048, 29, 16, 20, nd);
        println!(
            "X·W 2048×29 · 29×16, {name}: {:.1} µs",
            matmul_micros(2048, 29, 16, 400, nd)
        );
    }
    mlp_epoch_seconds(20_000, 29, 1, 1);
    let cpu0 = cpu_seconds();
    let one = mlp_epoch_seconds(rows, 29, 1, 1);
    let cpu1 = cpu_seconds();
    let s = mlp_epoch_seconds(rows, 29, repeats + 1, 1).min(one);
    let cpu2 = cpu_seconds();
    println!(
        "MLP epoch ({rows} rows × 29, batch 2048; best of {}): {s:.4} s/epoch wall (native)",
        repeats + 2
    );
    // On a shared, loaded machine wall time overstates; the thread's own CPU
    // time does not: (R+1 epochs + data) − (1 epoch + data), over R.
    if let (Some(a), Some(b), Some(c)) = (cpu0, cpu1, cpu2) {
        let per = ((c - b) - (b - a)) / repeats as f64;
        println!("MLP epoch: {per:.4} s/epoch CPU time (native)");
    }
}

/// This thread's CPU time in seconds (Linux `/proc/thread-self/schedstat`).
fn cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns * 1e-9)
}
