//! The streaming CSV reader fed in chunks split anywhere (as the browser
//! reads a `File`): the same table, or the same error, as reading the
//! whole file at once. The first byte picks the chunk size (1–256).
#![no_main]
use libfuzzer_sys::fuzz_target;
use rareclass::data::{read_csv_with_report, ReadOptions, TableReader};

fuzz_target!(|data: &[u8]| {
    let Some((&first, file)) = data.split_first() else {
        return;
    };
    let size = usize::from(first) + 1;
    let mut reader = TableReader::new(ReadOptions::default());
    reader.size_hint(file.len() as u64);
    let mut pushed = Ok(());
    for chunk in file.chunks(size) {
        pushed = reader.push(chunk);
        if pushed.is_err() {
            break;
        }
    }
    let chunked = pushed.and_then(|_| reader.finish_with_report());
    let whole = read_csv_with_report(file, &ReadOptions::default());
    match (chunked, whole) {
        (Ok((a, ra)), Ok((b, rb))) => {
            assert_eq!(ra, rb);
            assert_eq!(a.n_rows, b.n_rows);
            assert_eq!(a.names(), b.names());
            for (x, y) in a.columns.iter().zip(&b.columns) {
                assert_eq!(x.kind, y.kind, "column {}", x.name);
                for r in 0..a.n_rows {
                    assert_eq!(x.cell_text(r), y.cell_text(r), "column {} row {r}", x.name);
                }
            }
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("chunked {:?} vs whole {:?}", a.map(|_| ()), b.map(|_| ())),
    }
});
