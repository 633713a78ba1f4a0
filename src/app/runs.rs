//! The runs of one page session on one split: a [`Workbench`] keeps the
//! scores of every model the user trained (so several runs overlay on ROC
//! and PR), answers "metrics at this threshold" and "which threshold
//! reaches this goal". `chart::views` turns what it holds into charts.
//! Knows nothing of JS, the canvas, drawing or how a run was trained.

use serde::{Deserialize, Serialize};

use super::views::ModelInspection;
use crate::experiment::Run;
use crate::metrics::{Evaluation, Evaluator, MetricsError};

/// Which rows of the split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The training rows.
    Train,
    /// The validation rows.
    Val,
    /// The held-out test rows (the default: what the page reports).
    #[default]
    Test,
}

impl Part {
    /// 0, 1, 2 for train, validation, test.
    pub fn index(self) -> usize {
        match self {
            Part::Train => 0,
            Part::Val => 1,
            Part::Test => 2,
        }
    }

    /// The part as a sentence says it.
    pub fn name(self) -> &'static str {
        match self {
            Part::Train => "train",
            Part::Val => "validation",
            Part::Test => "test",
        }
    }
}

impl std::str::FromStr for Part {
    type Err = String;

    /// `train`, `val` or `test`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "train" => Ok(Part::Train),
            "val" => Ok(Part::Val),
            "test" => Ok(Part::Test),
            other => Err(format!(
                "part: expected \"train\", \"val\" or \"test\", got \"{other}\""
            )),
        }
    }
}

/// A rule that picks a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Chooser {
    /// The threshold of largest F1 (highest among ties).
    BestF1,
    /// The highest threshold whose recall is ≥ `target`.
    Recall {
        /// In `[0, 1]`.
        target: f64,
    },
    /// The lowest threshold whose precision is ≥ `target`.
    Precision {
        /// In `[0, 1]`.
        target: f64,
    },
    /// The threshold of least `c_fn·FN + c_fp·FP`.
    MinCost {
        /// Cost of a missed positive, in `[0, inf)`.
        c_fn: f64,
        /// Cost of a false alarm, in `[0, inf)`.
        c_fp: f64,
    },
}

/// Why a view could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ViewError {
    #[error("no trained model yet; train one first")]
    NoRuns,
    #[error("run {index} does not exist; there are {count} runs")]
    NoSeries { index: usize, count: usize },
    #[error("the {0} part of the split has no rows; choose another part or a larger share for it")]
    EmptyPart(&'static str),
    #[error("threshold must be a number in [0, 1], got {0}")]
    BadThreshold(f64),
    #[error("{what} target must be in [0, 1], got {value}")]
    BadTarget { what: &'static str, value: f64 },
    #[error("no threshold reaches {what} {target}; lower the target")]
    Unreachable { what: &'static str, target: f64 },
    #[error("best F1 is undefined: the {0} rows hold no positive row")]
    NoPositives(&'static str),
    #[error("a threshold is chosen on the validation rows, and this split has none; give the validation part a share (e.g. split 64/16/20) so the threshold is not tuned on the rows it is reported on")]
    NoValidation,
    #[error(transparent)]
    Metrics(#[from] MetricsError),
}

/// One trained model's scores on each part, ready for curves.
#[derive(Debug, Clone)]
pub struct Series {
    /// The display name ("#2 logistic (C=1)").
    pub name: String,
    /// Labels of the train, validation and test rows.
    pub labels: [Vec<bool>; 3],
    /// Scores of the same rows.
    pub scores: [Vec<f64>; 3],
    /// The metrics of each part (`None` for a part without rows).
    pub evaluators: [Option<Evaluator>; 3],
    /// What the model relies on (importance, coefficients), when measured.
    pub inspection: Option<ModelInspection>,
}

/// Every run on the current split, oldest first.
#[derive(Debug, Clone, Default)]
pub struct Workbench {
    series: Vec<Series>,
    key: Option<String>,
    runs: usize,
    positive_label: String,
    negative_label: String,
}

/// What [`Workbench::add_run`] did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Added {
    /// Earlier runs were dropped because the split changed.
    pub cleared: bool,
    /// The indices of the new series.
    pub series: Vec<usize>,
    /// Every series' display name, in order.
    pub names: Vec<String>,
}

impl Workbench {
    /// An empty workbench.
    pub fn new() -> Workbench {
        Workbench::default()
    }

    /// Number of series (models across runs) held.
    pub fn len(&self) -> usize {
        self.series.len()
    }

    /// Whether no series is held.
    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
    }

    /// Forgets every run.
    pub fn clear(&mut self) {
        *self = Workbench::default();
    }

    /// Adds every model of `run`. When the run's split differs from the
    /// held runs' (label, positive class, seed, split shares or row count),
    /// those are dropped first: curves on different rows do not compare.
    ///
    /// Errors: scores the metrics refuse (NaN).
    pub fn add_run(&mut self, run: &Run) -> Result<Added, ViewError> {
        let c = &run.report.config;
        let key = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{:?}\u{1f}{}",
            run.label.column,
            run.label.positive,
            c.seed,
            c.split,
            run.label.y.len()
        );
        let cleared = self.key.as_ref().is_some_and(|k| *k != key);
        if cleared {
            self.clear();
        }
        self.key = Some(key);
        self.runs += 1;
        self.positive_label = run.label.positive.clone();
        self.negative_label = run.label.negative.clone();
        let labels = [
            run.part_labels(&run.split.train),
            run.part_labels(&run.split.val),
            run.part_labels(&run.split.test),
        ];
        let mut added = Vec::new();
        for (model, s) in run.models.iter().zip(&run.scores) {
            let scores = [s.train.clone(), s.val.clone(), s.test.clone()];
            let mut evaluators: [Option<Evaluator>; 3] = [None, None, None];
            for i in 0..3 {
                if !labels[i].is_empty() {
                    evaluators[i] = Some(Evaluator::new(&labels[i], &scores[i])?);
                }
            }
            added.push(self.series.len());
            self.series.push(Series {
                // Short: legends truncate long names, and the metric comes last.
                name: format!("#{} {}", self.runs, model.name),
                labels: labels.clone(),
                scores,
                evaluators,
                inspection: None,
            });
        }
        Ok(Added {
            cleared,
            series: added,
            names: self.series.iter().map(|s| s.name.clone()).collect(),
        })
    }

    /// Replaces everything with one series of labelled scores from outside
    /// a run (a saved model scoring a new file), held as the test part so
    /// every chart and chooser reads it as it reads a run's test rows.
    ///
    /// Errors: scores the metrics refuse (NaN), or `labels` and `scores` of
    /// different lengths.
    pub fn set_scored(
        &mut self,
        name: &str,
        labels: Vec<bool>,
        scores: Vec<f64>,
        positive_label: &str,
        negative_label: &str,
    ) -> Result<Added, ViewError> {
        self.clear();
        let evaluator = if labels.is_empty() {
            None
        } else {
            Some(Evaluator::new(&labels, &scores)?)
        };
        self.runs = 1;
        self.positive_label = positive_label.to_string();
        self.negative_label = negative_label.to_string();
        self.series.push(Series {
            name: name.to_string(),
            labels: [Vec::new(), Vec::new(), labels],
            scores: [Vec::new(), Vec::new(), scores],
            evaluators: [None, None, evaluator],
            inspection: None,
        });
        Ok(Added {
            cleared: true,
            series: vec![0],
            names: vec![name.to_string()],
        })
    }

    /// Keeps what each model of a run relies on beside its series
    /// (`series[i]` gets `inspections[i]`; extra ones are ignored).
    pub fn set_inspections(&mut self, series: &[usize], inspections: Vec<ModelInspection>) {
        for (&i, found) in series.iter().zip(inspections) {
            if let Some(s) = self.series.get_mut(i) {
                s.inspection = Some(found);
            }
        }
    }

    /// Series `series`, or why there is none.
    pub fn get(&self, series: usize) -> Result<&Series, ViewError> {
        if self.series.is_empty() {
            return Err(ViewError::NoRuns);
        }
        self.series.get(series).ok_or(ViewError::NoSeries {
            index: series,
            count: self.series.len(),
        })
    }

    /// The metrics of `series` on `part`, or why there are none.
    pub fn evaluator(&self, series: usize, part: Part) -> Result<&Evaluator, ViewError> {
        self.get(series)?.evaluators[part.index()]
            .as_ref()
            .ok_or(ViewError::EmptyPart(part.name()))
    }

    /// The labels and scores of `series` on `part` (for model diagnostics).
    pub fn part_scores(&self, series: usize, part: Part) -> Result<(&[bool], &[f64]), ViewError> {
        let s = self.get(series)?;
        let (y, scores) = (&s.labels[part.index()], &s.scores[part.index()]);
        if y.is_empty() {
            return Err(ViewError::EmptyPart(part.name()));
        }
        Ok((y, scores))
    }

    /// Every metric of `series` on `part` at `threshold` (predict positive
    /// when score ≥ threshold). O(log n).
    pub fn evaluate_at(&self, series: usize, part: Part, threshold: f64) -> Result<Evaluation, ViewError> {
        if !(0.0..=1.0).contains(&threshold) {
            return Err(ViewError::BadThreshold(threshold));
        }
        Ok(self.evaluator(series, part)?.at(threshold)?)
    }

    /// The threshold `chooser` picks for `series`, always on the validation
    /// rows, whichever part is being viewed: a threshold is a setting of
    /// the model, so choosing it on the test rows and then reporting those
    /// rows' scores would be optimistic (scikit-learn's
    /// `TunedThresholdClassifierCV` chooses it on held-out rows too).
    /// Clamped to `[0, 1]` (a rule that flags no row gives `+inf` in the
    /// sweep, shown as 1, which flags only scores of exactly 1).
    ///
    /// Errors: [`ViewError::NoValidation`] when the split has no validation
    /// rows (or the series is a scored file, which has test rows only).
    pub fn choose(&self, series: usize, chooser: Chooser) -> Result<f64, ViewError> {
        let part = Part::Val;
        if self.get(series)?.labels[part.index()].is_empty() {
            return Err(ViewError::NoValidation);
        }
        let sweep = self.evaluator(series, part)?.sweep();
        let target_ok = |what, v: f64| {
            if (0.0..=1.0).contains(&v) {
                Ok(v)
            } else {
                Err(ViewError::BadTarget { what, value: v })
            }
        };
        let t = match chooser {
            Chooser::BestF1 => sweep.best_f1().ok_or(ViewError::NoPositives(part.name()))?.0,
            Chooser::Recall { target } => {
                let target = target_ok("recall", target)?;
                sweep
                    .threshold_for_recall(target)
                    .ok_or(ViewError::Unreachable { what: "recall", target })?
            }
            Chooser::Precision { target } => {
                let target = target_ok("precision", target)?;
                sweep.threshold_for_precision(target).ok_or(ViewError::Unreachable {
                    what: "precision",
                    target,
                })?
            }
            Chooser::MinCost { c_fn, c_fp } => sweep.min_cost(c_fn, c_fp)?.0,
        };
        Ok(if t.is_nan() { 1.0 } else { t.clamp(0.0, 1.0) })
    }

    /// The share of positive rows on `part` (the PR baseline).
    pub fn positive_rate(&self, part: Part) -> f64 {
        self.series
            .first()
            .map(|s| {
                let y = &s.labels[part.index()];
                y.iter().filter(|&&v| v).count() as f64 / y.len().max(1) as f64
            })
            .unwrap_or(f64::NAN)
    }

    /// Every series held, oldest first.
    pub fn series(&self) -> &[Series] {
        &self.series
    }

    /// The positive class's display name.
    pub fn positive_label(&self) -> &str {
        &self.positive_label
    }

    /// The negative class's display name.
    pub fn negative_label(&self) -> &str {
        &self.negative_label
    }
}
