//! From runs to charts: a [`Workbench`] keeps the scores of every run the
//! user made on one split (so several runs overlay on ROC and PR), answers
//! "metrics at this threshold" and "which threshold reaches this goal", and
//! turns scores into the chart builders' inputs (ROC/PR curves from
//! [`Evaluator::curves`], histograms, threshold and KS curves from
//! [`Evaluator::sweep`]). The page's wasm layer only converts types around
//! it. Knows nothing of JS, the canvas or how a run was trained.

use serde::{Deserialize, Serialize};

use super::charts::{
    ks_chart, operating_point, pr_chart, roc_chart, score_distribution_chart, threshold_metrics_chart, Curve, KsInput,
    ScoreHistogram, ThresholdCurves,
};
use super::compare::TrainTest;
use super::confusion::{confusion_chart, ConfusionInput};
use super::theme::Theme;
use super::ticks::format_fixed;
use super::Chart;
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
    fn index(self) -> usize {
        match self {
            Part::Train => 0,
            Part::Val => 1,
            Part::Test => 2,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Part::Train => "train",
            Part::Val => "validation",
            Part::Test => "test",
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

/// The charts of the results area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// ROC curves of every run, overlaid.
    Roc,
    /// Precision–recall curves of every run, overlaid.
    Pr,
    /// The current run's confusion matrix at the threshold.
    Confusion,
    /// The current run's score distributions by class.
    Scores,
    /// The current run's precision, recall and F1 vs threshold.
    Threshold,
    /// The current run's KS curve.
    Ks,
}

/// What to draw, for whom and how big.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChartRequest {
    /// The chart.
    pub kind: ChartKind,
    /// CSS px.
    pub width: f32,
    /// CSS px.
    pub height: f32,
    /// Dark theme instead of light.
    pub dark: bool,
    /// The current threshold, in `[0, 1]`.
    pub threshold: f64,
    /// The current series (index into the workbench), for single-run charts
    /// and for which run's point is marked.
    pub series: usize,
    /// Which rows.
    pub part: Part,
    /// Log count axis on the score distribution.
    pub log_count: bool,
    /// Histogram bins; defaults to 40.
    pub bins: usize,
}

impl Default for ChartRequest {
    fn default() -> Self {
        ChartRequest {
            kind: ChartKind::Roc,
            width: 480.0,
            height: 360.0,
            dark: false,
            threshold: 0.5,
            series: 0,
            part: Part::Test,
            log_count: false,
            bins: 40,
        }
    }
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
struct Series {
    name: String,
    labels: [Vec<bool>; 3],
    scores: [Vec<f64>; 3],
    evaluators: [Option<Evaluator>; 3],
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
        });
        Ok(Added {
            cleared: true,
            series: vec![0],
            names: vec![name.to_string()],
        })
    }

    fn get(&self, series: usize) -> Result<&Series, ViewError> {
        if self.series.is_empty() {
            return Err(ViewError::NoRuns);
        }
        self.series.get(series).ok_or(ViewError::NoSeries {
            index: series,
            count: self.series.len(),
        })
    }

    fn evaluator(&self, series: usize, part: Part) -> Result<&Evaluator, ViewError> {
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

    /// ROC curves of every series on `part` (series without rows there are
    /// skipped), each with its point at `threshold`; slot = series index.
    pub fn roc_curves(&self, part: Part, threshold: f64) -> Vec<Curve> {
        self.each(part, |i, s, e| {
            let c = e.curves(true).roc;
            let points: Vec<(f64, f64)> = c.fpr.iter().copied().zip(c.tpr.iter().copied()).collect();
            let marker = operating_point(&points, &c.thresholds, threshold);
            let auc = e.at(0.5).ok().and_then(|v| v.roc_auc);
            Curve {
                name: with_metric(&s.name, "AUC", auc),
                color_slot: i,
                points,
                dashed: false,
                thresholds: Some(c.thresholds),
                marker,
            }
        })
    }

    /// Precision–recall curves of every series on `part`, points at
    /// `threshold`. The final (recall 0, precision 1) point has no
    /// threshold; it is given `+inf`, the rule that flags nothing.
    pub fn pr_curves(&self, part: Part, threshold: f64) -> Vec<Curve> {
        self.each(part, |i, s, e| {
            let c = e.curves(true).pr;
            let points: Vec<(f64, f64)> = c.recall.iter().copied().zip(c.precision.iter().copied()).collect();
            let mut thresholds = c.thresholds;
            thresholds.push(f64::INFINITY);
            let marker = operating_point(&points, &thresholds, threshold);
            let ap = e.at(0.5).ok().and_then(|v| v.pr_auc);
            Curve {
                name: with_metric(&s.name, "AP", ap),
                color_slot: i,
                points,
                dashed: false,
                thresholds: Some(thresholds),
                marker,
            }
        })
    }

    /// Every series' ROC curves (`pr` false) or precision–recall curves
    /// (`pr` true) on the training rows and on the test rows, paired for
    /// the comparison view's train-solid / test-dashed overlay; slot =
    /// series index, name = the series' name, areas from the evaluators
    /// (ROC-AUC, or average precision for PR). A part without rows gives
    /// an empty curve and no area.
    pub fn train_test_curves(&self, pr: bool) -> Vec<TrainTest> {
        let curves = |part| {
            if pr {
                self.pr_curves(part, 0.5)
            } else {
                self.roc_curves(part, 0.5)
            }
        };
        let (train, test) = (curves(Part::Train), curves(Part::Test));
        let pick = |list: &[Curve], i: usize| list.iter().find(|c| c.color_slot == i).cloned().unwrap_or_default();
        let area = |s: &Series, part: Part| {
            let e = s.evaluators[part.index()].as_ref()?.at(0.5).ok()?;
            if pr {
                e.pr_auc
            } else {
                e.roc_auc
            }
        };
        self.series
            .iter()
            .enumerate()
            .map(|(i, s)| TrainTest {
                name: s.name.clone(),
                color_slot: i,
                train: pick(&train, i),
                test: pick(&test, i),
                auc: (area(s, Part::Train), area(s, Part::Test)),
            })
            .collect()
    }

    fn each(&self, part: Part, f: impl Fn(usize, &Series, &Evaluator) -> Curve) -> Vec<Curve> {
        self.series
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.evaluators[part.index()].as_ref().map(|e| f(i, s, e)))
            .collect()
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

    /// Scores of `series` on `part` binned by class.
    pub fn histogram(&self, series: usize, part: Part, bins: usize) -> Result<ScoreHistogram, ViewError> {
        let s = self.get(series)?;
        let i = part.index();
        if s.labels[i].is_empty() {
            return Err(ViewError::EmptyPart(part.name()));
        }
        Ok(ScoreHistogram::from_scores(&s.scores[i], &s.labels[i], bins))
    }

    /// Precision, recall and F1 at every threshold of `series` on `part`.
    pub fn threshold_curves(&self, series: usize, part: Part) -> Result<ThresholdCurves, ViewError> {
        let w = self.evaluator(series, part)?.sweep();
        Ok(ThresholdCurves {
            thresholds: w.thresholds,
            precision: w.precision,
            recall: w.recall,
            f1: w.f1,
        })
    }

    /// TPR and FPR at every threshold of `series` on `part`.
    pub fn ks_input(&self, series: usize, part: Part) -> Result<KsInput, ViewError> {
        let e = self.evaluator(series, part)?;
        let (p, n) = (e.ranked().positives(), e.ranked().negatives());
        let w = e.sweep();
        let rate = |v: &[u64], d: u64| v.iter().map(|&k| k as f64 / d as f64).collect::<Vec<f64>>();
        Ok(KsInput {
            thresholds: w.thresholds,
            tpr: rate(&w.tp, p),
            fpr: rate(&w.fp, n),
        })
    }

    /// The chart `req` asks for.
    pub fn chart(&self, req: &ChartRequest) -> Result<Chart, ViewError> {
        if self.series.is_empty() {
            return Err(ViewError::NoRuns);
        }
        let theme = if req.dark { Theme::dark() } else { Theme::light() };
        let t = req.threshold;
        if !(0.0..=1.0).contains(&t) {
            return Err(ViewError::BadThreshold(t));
        }
        let (w, h, part) = (req.width, req.height, req.part);
        Ok(match req.kind {
            ChartKind::Roc => roc_chart(
                &self.only_marker(self.roc_curves(part, t), req.series),
                Some(t),
                w,
                h,
                &theme,
            ),
            ChartKind::Pr => pr_chart(
                &self.only_marker(self.pr_curves(part, t), req.series),
                self.positive_rate(part),
                Some(t),
                w,
                h,
                &theme,
            ),
            ChartKind::Confusion => {
                let e = self.evaluate_at(req.series, part, t)?;
                let input = ConfusionInput {
                    tn: e.tn,
                    fp: e.fp,
                    fn_: e.fn_,
                    tp: e.tp,
                    negative_label: self.negative_label.clone(),
                    positive_label: self.positive_label.clone(),
                    threshold: Some(t),
                };
                confusion_chart(&input, w, h, &theme)
            }
            ChartKind::Scores => {
                let bins = if req.bins == 0 { 40 } else { req.bins };
                score_distribution_chart(
                    &self.histogram(req.series, part, bins)?,
                    req.log_count,
                    Some(t),
                    w,
                    h,
                    &theme,
                )
            }
            ChartKind::Threshold => {
                threshold_metrics_chart(&self.threshold_curves(req.series, part)?, Some(t), w, h, &theme)
            }
            ChartKind::Ks => ks_chart(&self.ks_input(req.series, part)?, Some(t), w, h, &theme),
        })
    }

    /// Keeps the threshold dot on the current series only: several dots at
    /// one threshold on overlaid curves read as clutter.
    fn only_marker(&self, mut curves: Vec<Curve>, current: usize) -> Vec<Curve> {
        for c in &mut curves {
            if c.color_slot != current {
                c.marker = None;
            }
        }
        curves
    }
}

fn with_metric(name: &str, metric: &str, value: Option<f64>) -> String {
    match value {
        Some(v) => format!("{name} · {metric} {}", format_fixed(v, 3)),
        None => name.to_string(),
    }
}
