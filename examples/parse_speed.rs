//! Times CSV → typed `Table` on a file, one-shot and in 4 MiB chunks as the
//! browser feeds it, and prints MB/s (1 MB = 10^6 bytes). Knows nothing of
//! models. Run: `cargo run --release --example parse_speed -- FILE [REPEATS]`

use rareclass::data::{read_csv_with_report, ReadOptions, TableReader};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: parse_speed FILE [REPEATS]")?;
    let repeats: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(3);
    let bytes = std::fs::read(&path)?;
    let mb = bytes.len() as f64 / 1e6;
    let mut best = f64::INFINITY;
    let mut best_chunked = f64::INFINITY;
    for _ in 0..repeats {
        let t = Instant::now();
        let (table, report) = read_csv_with_report(&bytes, &ReadOptions::default())?;
        best = best.min(t.elapsed().as_secs_f64());
        std::hint::black_box(&table);
        if best_chunked.is_infinite() {
            println!("{report}");
        }
        let t = Instant::now();
        let mut reader = TableReader::new(ReadOptions::default());
        for chunk in bytes.chunks(4 << 20) {
            reader.push(chunk)?;
        }
        let chunked = reader.finish()?;
        best_chunked = best_chunked.min(t.elapsed().as_secs_f64());
        assert_eq!(chunked.n_rows, table.n_rows);
    }
    println!(
        "{path}: {mb:.1} MB; one-shot {:.3} s = {:.0} MB/s; 4 MiB chunks {:.3} s = {:.0} MB/s (best of {repeats})",
        best,
        mb / best,
        best_chunked,
        mb / best_chunked
    );
    Ok(())
}
