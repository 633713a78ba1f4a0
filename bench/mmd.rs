//! The native side of the MK-MMD benchmark (bench/mmd_bench.sh): times
//! `mk_mmd` and `mk_mmd_grad` (5 kernels, kernel_mul 2, quadratic, automatic
//! bandwidth) on seeded normal batches, the same rows the wasm entry
//! `benchMmd` makes, and prints one JSON line. Knows nothing of the peers.
//!
//! ```text
//! cargo run --release --example bench_mmd -- [N_SOURCE N_TARGET DIM REPEATS SEED]
//! ```

use std::error::Error;
use std::time::Instant;

use ndarray::Array2;
use rareclass::nn::mmd::{mk_mmd, mk_mmd_grad, MmdParams};
use rareclass::Rng;
use serde_json::json;

fn median_ms(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: usize| -> Result<usize, Box<dyn Error>> {
        Ok(args.get(i).map(|s| s.parse()).transpose()?.unwrap_or(default))
    };
    let (ns, nt, dim, repeats, seed) = (arg(0, 512)?, arg(1, 512)?, arg(2, 64)?, arg(3, 20)?.max(1), arg(4, 42)?);
    let mut rng = Rng::new(seed as u64);
    let x = Array2::from_shape_fn((ns, dim), |_| rng.normal() as f32);
    let y = Array2::from_shape_fn((nt, dim), |_| (rng.normal() * 1.1 + 0.3) as f32);
    let p = MmdParams::default();
    let value = mk_mmd(x.view(), y.view(), &p)?.value; // warm-up
    let mut runs = Vec::with_capacity(repeats);
    for _ in 0..repeats {
        let t = Instant::now();
        mk_mmd(x.view(), y.view(), &p)?;
        runs.push(t.elapsed().as_secs_f64() * 1e3);
    }
    mk_mmd_grad(x.view(), y.view(), &p)?;
    let mut grad_runs = Vec::with_capacity(repeats);
    for _ in 0..repeats {
        let t = Instant::now();
        mk_mmd_grad(x.view(), y.view(), &p)?;
        grad_runs.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "{}",
        json!({"tool": "rareclass-native", "task": "mk_mmd", "n_source": ns, "n_target": nt, "dim": dim,
               "value": value, "ms_per_eval": median_ms(runs), "ms_per_eval_grad": median_ms(grad_runs)})
    );
    Ok(())
}
