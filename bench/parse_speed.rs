//! Times CSV → typed `Table` on a file, one-shot and in 4 MiB chunks as the
//! browser feeds it, and prints MB/s (1 MB = 10^6 bytes) by wall-clock time
//! and, on Linux, by the process's own CPU time (`/proc/self/schedstat`),
//! which a busy shared machine disturbs much less. Knows nothing of models.
//!
//! Run: `cargo run --release --example parse_speed -- FILE [REPEATS]`

use rareclass::data::{read_csv_with_report, ReadOptions, TableReader};
use std::time::Instant;

/// Nanoseconds this process has run on a CPU, when the OS says.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Runs `f`, returning (wall seconds, CPU seconds if known).
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, Option<f64>) {
    let (c0, t0) = (cpu_ns(), Instant::now());
    let out = f();
    let wall = t0.elapsed().as_secs_f64();
    let cpu = cpu_ns().zip(c0).map(|(c1, c0)| (c1 - c0) as f64 / 1e9);
    (out, wall, cpu)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: parse_speed FILE [REPEATS]")?;
    let repeats: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(3);
    let bytes = std::fs::read(&path)?;
    let mb = bytes.len() as f64 / 1e6;
    // Best (wall, cpu) for one-shot and chunked.
    let mut best = [(f64::INFINITY, f64::INFINITY); 2];
    for round in 0..repeats {
        let (result, wall, cpu) = timed(|| read_csv_with_report(&bytes, &ReadOptions::default()));
        let (table, report) = result?;
        if round == 0 {
            println!("{report}");
        }
        best[0] = (best[0].0.min(wall), best[0].1.min(cpu.unwrap_or(f64::NAN)));
        let (chunked, wall, cpu) = timed(|| -> Result<_, rareclass::data::DataError> {
            let mut reader = TableReader::new(ReadOptions::default());
            reader.size_hint(bytes.len() as u64);
            for chunk in bytes.chunks(4 << 20) {
                reader.push(chunk)?;
            }
            reader.finish()
        });
        assert_eq!(chunked?.n_rows, table.n_rows);
        best[1] = (best[1].0.min(wall), best[1].1.min(cpu.unwrap_or(f64::NAN)));
    }
    for (name, (wall, cpu)) in ["one-shot", "4 MiB chunks"].iter().zip(best) {
        // The kernel updates the CPU clock at scheduler ticks: meaningless
        // for runs of a few milliseconds.
        let cpu = if cpu >= 0.05 {
            format!("CPU {cpu:.3} s = {:.0} MB/s", mb / cpu)
        } else {
            "CPU time too short to tell".to_string()
        };
        println!(
            "{path}: {mb:.1} MB, {name}: wall {wall:.4} s = {:.0} MB/s; {cpu} (best of {repeats})",
            mb / wall
        );
    }
    Ok(())
}
