//! The CSV reader on a whole file in memory: any bytes give a table or an
//! error, and a table's columns all have its row count.
#![no_main]
use libfuzzer_sys::fuzz_target;
use rareclass::data::{read_csv_with_report, summarize, ReadOptions};

fuzz_target!(|data: &[u8]| {
    if let Ok((table, report)) = read_csv_with_report(data, &ReadOptions::default()) {
        assert_eq!(report.rows, table.n_rows);
        for c in &table.columns {
            assert_eq!(c.len(), table.n_rows, "column {}", c.name);
        }
        // The page shows this right after reading.
        let _ = summarize(&table);
    }
});
