//! The model-file loader: any bytes are refused with a reason or give a
//! model that scores a small table without panicking, every score in
//! [0, 1] (a model whose arithmetic overflows is refused while scoring).
#![no_main]
use libfuzzer_sys::fuzz_target;
use rareclass::data::{read_csv, ReadOptions, Table};
use rareclass::model_file::ModelFile;
use rareclass::predict::score_table;
use std::sync::OnceLock;

/// The rows the tampered-model corpus was made for (x1, x2, color, y).
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
    let Ok(model) = ModelFile::from_bytes(data) else {
        return;
    };
    if let Ok(scored) = score_table(&model, rows()) {
        assert!(scored.scores.iter().all(|s| (0.0..=1.0).contains(s)));
        let _ = scored.to_csv(rows().column("id"));
    }
});
