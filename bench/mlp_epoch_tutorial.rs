//! The TensorFlow imbalanced-data tutorial's three networks (baseline,
//! class-weighted, oversampled with balanced batches; 29 → 16 relu →
//! dropout 0.5 → 1, Adam 1e-3, batch 2048, at most EPOCHS epochs, early
//! stopping on validation PR-AUC) fitted natively on a real file as the
//! page's Compare tab configures them (label `Class`, the 64/16/20 split,
//! seed 42): per model the epochs run, the fit's seconds and seconds per
//! epoch (training pass and the per-epoch history on the training and
//! validation rows), and the validation and test PR-AUC, so a change to
//! the epoch can be checked for both speed and results. The wasm twin is
//! bench/mlp_epoch_tutorial.mjs. One JSON line per model, then a table.
//!
//!   cargo run --release --example mlp_epoch_tutorial -- CSV [EPOCHS]

use std::error::Error;

use rareclass::app::Session;
use rareclass::experiment::{run, ExperimentConfig};
use rareclass::progress::Silent;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().ok_or("usage: mlp_epoch_tutorial CSV [EPOCHS]")?;
    let epochs: usize = args.get(1).map(|s| s.parse()).transpose()?.unwrap_or(100);
    let bytes = std::fs::read(path)?;
    let session = Session::from_bytes(&bytes).map_err(|e| e.message)?;
    let table = session.table().map_err(|e| e.message)?;
    let mlp = |name: &str, extra: serde_json::Value| {
        let mut params = serde_json::json!({ "epochs": epochs });
        if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
            p.extend(e.clone());
        }
        serde_json::json!({"kind": "mlp", "name": name, "params": params, "resampling": {"method": "none"}})
    };
    let config: ExperimentConfig = serde_json::from_value(serde_json::json!({
        "label": "Class",
        "models": [
            mlp("baseline", serde_json::json!({})),
            mlp("class-weighted", serde_json::json!({"class_weight": "balanced"})),
            mlp("oversampled", serde_json::json!({"batches": {"balanced": {"steps_per_epoch": null}}})),
        ],
    }))?;
    let out = run(table, &config, &mut Silent)?;
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load: Vec<&str> = load.split_whitespace().take(3).collect();
    let mut lines = Vec::new();
    for m in &out.report.models {
        let per = m.fit_seconds / m.n_iter.max(1) as f64;
        let val_ap = m.val.as_ref().and_then(|e| e.pr_auc);
        let test_ap = m.test.as_ref().and_then(|e| e.pr_auc);
        let test_auc = m.test.as_ref().and_then(|e| e.roc_auc);
        println!(
            "{}",
            serde_json::json!({"tool": "rareclass-native", "model": m.name, "epochs": m.n_iter,
                "fit_s": m.fit_seconds, "epoch_s": per, "val_pr_auc": val_ap,
                "test_pr_auc": test_ap, "test_roc_auc": test_auc})
        );
        lines.push(format!(
            "| {} | {} | {:.2} | {:.4} | {:.4} | {:.4} | {:.4} |",
            m.name,
            m.n_iter,
            m.fit_seconds,
            per,
            val_ap.unwrap_or(f64::NAN),
            test_ap.unwrap_or(f64::NAN),
            test_auc.unwrap_or(f64::NAN)
        ));
    }
    println!(
        "\nTutorial networks on {} natively (1 thread), epochs ≤ {epochs}, load average {}\n",
        path,
        load.join(" ")
    );
    println!("| model | epochs | fit s | s / epoch | val PR-AUC | test PR-AUC | test ROC-AUC |\n|---|---:|---:|---:|---:|---:|---:|");
    for l in lines {
        println!("{l}");
    }
    Ok(())
}
