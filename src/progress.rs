//! Progress reports and cancellation for long steps, independent of where
//! they are shown (a terminal bar, a worker message).

/// What a long step is doing now.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Progress {
    /// A short name of the step: `"parse"`, `"fit"`, `"evaluate"`.
    pub phase: &'static str,
    /// How far the step is, in `[0, 1]`.
    pub fraction: f64,
    /// A short line for a person ("iteration 12 · loss 0.0931").
    pub message: String,
}

/// The caller asked to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;

/// Receives progress and decides whether work goes on.
pub trait Monitor {
    /// Called between units of work; `Err(Cancelled)` stops the work.
    fn report(&mut self, progress: &Progress) -> Result<(), Cancelled>;
}

/// A monitor that ignores everything and never cancels.
pub struct Silent;

impl Monitor for Silent {
    fn report(&mut self, _: &Progress) -> Result<(), Cancelled> {
        Ok(())
    }
}

impl<F: FnMut(&Progress) -> bool> Monitor for F {
    /// A closure monitor: returning `false` cancels.
    fn report(&mut self, progress: &Progress) -> Result<(), Cancelled> {
        if self(progress) {
            Ok(())
        } else {
            Err(Cancelled)
        }
    }
}
