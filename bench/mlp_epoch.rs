//! Times one epoch of the TensorFlow tutorial's MLP natively (29 → 16 relu →
//! dropout 0.5 → 1, Adam, batch 2048, BCE) on 182,276 synthetic rows × 29
//! f32 features, the credit-card training split's size, and compares the
//! forward product by our loop kernel with `ndarray`'s `dot`.
//!
//!   cargo run --release --example mlp_epoch [ROWS] [EPOCHS]

use rareclass::nn::bench::{matmul_micros, mlp_epoch_seconds};

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let rows = args.first().copied().unwrap_or(182_276);
    let epochs = args.get(1).copied().unwrap_or(5);
    for (name, nd) in [("loops", false), ("ndarray dot", true)] {
        // Warm once, then measure.
        matmul_micros(2048, 29, 16, 20, nd);
        println!(
            "X·W 2048×29 · 29×16, {name}: {:.1} µs",
            matmul_micros(2048, 29, 16, 2000, nd)
        );
    }
    mlp_epoch_seconds(20_000, 29, 1, 1);
    let s = mlp_epoch_seconds(rows, 29, epochs, 1);
    println!("MLP epoch ({rows} rows × 29, batch 2048, {epochs} epochs): {s:.4} s/epoch (native)");
}
