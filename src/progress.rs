//! Progress reports and cancellation for long steps, independent of where
//! they are shown (a terminal bar, a worker message).

/// What a long step is doing now: a line for a person, and the same as
/// data (`step` of `of` units, the loss, the validation scores) so a live
/// chart or a progress bar never has to read the line.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct Progress {
    /// A short name of the stage: `"parse"`, `"check"`, `"prepare"`, `"fit"`, `"evaluate"`, `"cv"`, `"grid"`.
    pub stage: &'static str,
    /// How far the step is, in `[0, 1]`.
    pub fraction: f64,
    /// A short line for a person ("iteration 12 · loss 0.0931").
    pub message: String,
    /// What `step` and `of` count: `"iteration"`, `"epoch"`, `"round"`,
    /// `"tree"`, `"step"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<&'static str>,
    /// Units done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
    /// Units planned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub of: Option<usize>,
    /// `of` is a cap: convergence or early stopping may end the step sooner.
    pub at_most: bool,
    /// The training objective after `step`; set only on the reports that
    /// end a unit, so a chart adds one point per report that has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loss: Option<f64>,
    /// Validation scores after `step`, when the fit watches validation rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub val: Option<ValScores>,
    /// The model (or transfer method) the report is about, when the stage
    /// works through several: the page names it in its own sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What the stage is doing when its name alone does not say, as a key
    /// the page words in its language: `"baseline"` (the logistic baseline
    /// for the model checks), `"importance"` (permutation importance),
    /// `"align"` (transfer's column alignment), `"done"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<&'static str>,
    /// Further named quantities of the step ("MMD", "λ", "val AUC"), for the
    /// sentence; the names are symbols, the same in every language.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<(&'static str, f64)>,
}

/// Validation scores at one point of a fit (each absent when not measured
/// or undefined, e.g. an AUC with one class).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct ValScores {
    pub loss: Option<f64>,
    pub roc_auc: Option<f64>,
    pub pr_auc: Option<f64>,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
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
