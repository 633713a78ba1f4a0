//! The run configuration (the JSON the page and the library pass to
//! `train`) and the grid syntax: parsed, then a run on a small table. A
//! monitor stops any run after 500 progress reports, so a config asking
//! for 10^12 epochs is cut short rather than counted as a hang; what must
//! never happen is a panic or an allocation past the budget (an abort).
//! Input: the config JSON, then optionally `\n--grid\n` and a grid.
#![no_main]
use libfuzzer_sys::fuzz_target;
use rareclass::cv::Grid;
use rareclass::data::{read_csv, ReadOptions, Table};
use rareclass::experiment::{run, ExperimentConfig};
use rareclass::progress::Progress;
use std::sync::OnceLock;

fn rows() -> &'static Table {
    static ROWS: OnceLock<Table> = OnceLock::new();
    ROWS.get_or_init(|| {
        read_csv(
            include_bytes!("../../tests/data/tampered_models/rows.csv"),
            &ReadOptions::default(),
        )
        .expect("rows.csv reads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (config_text, grid_text) = match text.split_once("\n--grid\n") {
        Some((c, g)) => (c, Some(g)),
        None => (text, None),
    };
    let Ok(config) = serde_json::from_str::<ExperimentConfig>(config_text) else {
        return;
    };
    if let (Some(g), Some(base)) = (grid_text, config.models.first()) {
        if let Ok(grid) = g.parse::<Grid>() {
            let _ = grid.specs(base);
        }
    }
    let mut reports = 0;
    let mut monitor = |_: &Progress| {
        reports += 1;
        reports < 500
    };
    let _ = run(rows(), &config, &mut monitor);
});
