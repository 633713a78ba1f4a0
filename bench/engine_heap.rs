//! Where the engine's memory goes while it reads a CSV and trains the page's
//! default logistic regression on it (issue 14 item 5), natively: a
//! counting allocator gives the live heap after each step and its peak
//! during it. The page's wasm memory never shrinks, so its size after a
//! run is (about) the highest of these peaks plus what was there before;
//! this names the step that sets it. The file is read in 1 MiB chunks as
//! the page sends them, with the file's size as the size hint. Native
//! `usize` is 8 bytes where wasm's is 4, so index vectors weigh twice what
//! they do in the tab.
//!   cargo run --release --example engine_heap -- creditcard.csv [LABEL]
use rareclass::app::session::Session;
use rareclass::experiment::ExperimentConfig;
use rareclass::progress::{Cancelled, Monitor, Progress};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(now, Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        // Both blocks exist while the old one is copied.
        let now = LIVE.fetch_add(new, Relaxed) + new;
        PEAK.fetch_max(now, Relaxed);
        LIVE.fetch_sub(l.size(), Relaxed);
        System.realloc(p, l, new)
    }
}

#[global_allocator]
static A: Counting = Counting;

/// The engine's share: live bytes minus what the harness holds (the file).
static BASE: AtomicUsize = AtomicUsize::new(0);

fn mib(b: usize) -> String {
    format!("{:.1}", b.saturating_sub(BASE.load(Relaxed)) as f64 / 1048576.0)
}

/// Prints a table row for the step just ended and starts the next one's peak.
fn step(name: &str) {
    println!("| {name} | {} | {} |", mib(LIVE.load(Relaxed)), mib(PEAK.load(Relaxed)));
    PEAK.store(LIVE.load(Relaxed), Relaxed);
}

/// A row per stage of the run (the progress reports' stage).
struct Stages(String);
impl Monitor for Stages {
    fn report(&mut self, p: &Progress) -> Result<(), Cancelled> {
        if p.stage != self.0 {
            step(&format!("train: {}", self.0));
            self.0 = p.stage.to_string();
        }
        Ok(())
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: engine_heap CSV [LABEL]");
    let label = args.next().unwrap_or_else(|| "Class".into());
    let bytes = std::fs::read(&path).expect("the CSV file");
    let mut chunk = vec![0u8; 1 << 20];
    BASE.store(LIVE.load(Relaxed), Relaxed);
    PEAK.store(LIVE.load(Relaxed), Relaxed);
    println!(
        "{path}: {:.1} MiB; the engine's heap, MiB",
        bytes.len() as f64 / 1048576.0
    );
    println!("\n| step | live after | peak during |\n|---|---:|---:|");
    let mut s = Session::new();
    s.size_hint(bytes.len() as u64);
    for c in bytes.chunks(1 << 20) {
        chunk[..c.len()].copy_from_slice(c);
        s.push_chunk(&chunk[..c.len()]).expect("a readable CSV");
    }
    step("read (every chunk pushed)");
    drop(s.finish().expect("a readable CSV"));
    step("finish: columns and summary");
    // The page's Train tab: its default model, the positive class the file's minority.
    let config: ExperimentConfig = serde_json::from_value(serde_json::json!({
        "label": label, "positive": "minority",
        "models": [{"kind": "logistic", "params": {"c": 1, "class_weight": "none", "tol": 1e-6, "max_iter": 1000, "fit_intercept": true, "solver": "auto"}}],
    }))
    .expect("a config");
    {
        // The data check's parts, one at a time (the run below makes them again).
        let table = s.table().expect("a table");
        let y = rareclass::data::binary_label(table, &label, &config.positive).expect("a binary label");
        step("label");
        let signal = rareclass::explore::signal::signal_table(table, &y, &rareclass::checks::signal_options())
            .expect("a signal table");
        step("check: signal table");
        drop(rareclass::checks::findings(table, &y, &signal, &[]).expect("findings"));
        step("check: findings");
    }
    let mut stages = Stages("start".into());
    drop(s.train(&config, &mut stages).expect("a run"));
    step(&format!("train: {} (to the end)", stages.0));
}
