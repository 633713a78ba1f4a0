//! The native side of the boosted-trees speed benchmark (bench/gbdt_speed.sh):
//! fits `gbdt` on the training part written by `rareclass train
//! --export-split DIR` (x_train.npy f32, y_train.npy u8) with the given
//! settings, early stopping off, and prints one JSON line: CPU and wall
//! seconds of the fit (the CPU time of this thread, from
//! /proc/thread-self/schedstat, so a loaded machine does not count against
//! it), trees, and the test ROC-AUC / AP. Knows nothing of the peers.
//!
//! ```text
//! cargo run --release --example bench_gbdt -- DIR '{"n_rounds":300,"max_leaves":15,"learning_rate":0.03}'
//! ```

use std::error::Error;
use std::time::Instant;

use ndarray::ArrayView2;
use rareclass::metrics::RankedScores;
use rareclass::models::gbdt::ValidGbdt;
use rareclass::models::Classifier;
use rareclass::progress::Silent;
use rareclass::Rng;
use serde_json::json;

/// The data of a version-1 `.npy` file and its shape (C order assumed, as written by `--export-split`).
fn npy(path: &str) -> Result<(Vec<u8>, Vec<usize>), Box<dyn Error>> {
    let bytes = std::fs::read(path)?;
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return Err(format!("{path}: not an .npy file").into());
    }
    let header_len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
    let header = std::str::from_utf8(&bytes[10..10 + header_len])?;
    let shape_text = header
        .split("'shape': (")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .ok_or("no shape")?;
    let shape = shape_text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<usize>())
        .collect::<Result<Vec<_>, _>>()?;
    Ok((bytes[10 + header_len..].to_vec(), shape))
}

fn f32s(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// CPU nanoseconds this thread has run (Linux).
fn thread_cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse::<f64>().ok()))
        .map_or(f64::NAN, |ns| ns / 1e9)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).ok_or("usage: bench_gbdt DIR [PARAMS_JSON]")?;
    let params_text = args.get(2).map_or("{}", |s| s.as_str());
    let mut params: serde_json::Value = serde_json::from_str(params_text)?;
    params["early_stopping"] = json!("none");
    let params: ValidGbdt = serde_json::from_value(params)?;
    let (xb, xs) = npy(&format!("{dir}/x_train.npy"))?;
    let (yb, _) = npy(&format!("{dir}/y_train.npy"))?;
    let (tb, ts) = npy(&format!("{dir}/x_test.npy"))?;
    let (ytb, _) = npy(&format!("{dir}/y_test.npy"))?;
    let x = f32s(&xb);
    let y: Vec<bool> = yb.iter().map(|&v| v != 0).collect();
    let xt = f32s(&tb);
    let yt: Vec<bool> = ytb.iter().map(|&v| v != 0).collect();
    let x = ArrayView2::from_shape((xs[0], xs[1]), &x)?;
    let xt = ArrayView2::from_shape((ts[0], ts[1]), &xt)?;
    let (c0, t0) = (thread_cpu_seconds(), Instant::now());
    let model = params.fit(x, &y, None, &mut Rng::new(42), &mut Silent)?;
    let (cpu, wall) = (thread_cpu_seconds() - c0, t0.elapsed().as_secs_f64());
    let scores = model.predict_proba(xt).to_vec();
    let ranked = RankedScores::new(&yt, &scores)?;
    println!(
        "{}",
        json!({"tool": "rareclass-native", "rows": xs[0], "features": xs[1], "cpu_s": cpu, "wall_s": wall,
               "trees": model.trees().len(), "test_roc_auc": ranked.roc_auc(), "test_ap": ranked.average_precision()})
    );
    Ok(())
}
