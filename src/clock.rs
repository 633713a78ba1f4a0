//! Wall-clock timing that works natively and in wasm32, where
//! `std::time::Instant` is unavailable (it panics on wasm32-unknown-unknown).

/// Measures elapsed wall time from its creation.
pub struct Stopwatch {
    start_ms: f64,
}

impl Stopwatch {
    /// Starts timing now.
    pub fn start() -> Stopwatch {
        Stopwatch { start_ms: now_ms() }
    }

    /// Seconds since [`Stopwatch::start`].
    pub fn seconds(&self) -> f64 {
        (now_ms() - self.start_ms) / 1000.0
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn now_ms() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    ORIGIN.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

#[cfg(target_arch = "wasm32")]
fn now_ms() -> f64 {
    js_sys::Date::now()
}
