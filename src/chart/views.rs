//! From a session's state to charts: the ROC/PR curves, score histograms,
//! threshold and KS curves of an [`app::runs::Workbench`](crate::app::runs::Workbench)
//! as the chart builders' inputs (ROC/PR curves from [`Evaluator::curves`],
//! the rest from [`Evaluator::sweep`]) and the chart a [`ChartRequest`]
//! asks for; likewise the Explore charts of a table, the comparison set's
//! charts, a CV result's fold ROC, and a transfer run's charts. The
//! adapter between the app layer and the geometry: the only chart module
//! that knows what a run, a table or a report is; the other chart modules
//! lay out their own input types. Knows nothing of JS or the canvas.

use serde::{Deserialize, Serialize};

use super::charts::{
    ks_chart, operating_point, pr_chart, roc_chart, score_distribution_chart, threshold_metrics_chart, Curve, KsInput,
    ScoreHistogram, ThresholdCurves,
};
use super::compare::TrainTest;
use super::compare::{history_panels_chart, train_test_pr_chart, train_test_roc_chart, EpochSeries, ModelHistory};
use super::confusion::{confusion_chart, ConfusionInput};
use super::cv::cv_roc_chart;
use super::explore::{box_plot_chart, class_histogram_chart, correlation_chart, density_chart, Heights};
use super::result_views::{
    bars_chart, gain_chart, lift_chart, reliability_chart, signed, Bar, BarsInput, ReliabilityInput, TopMark,
};
use super::theme::Theme;
use super::ticks::{format_fixed, format_percent, format_sig3};
use super::transfer::{projection_chart, transfer_loss_chart, transfer_validation_chart, StepPoint};
use super::words::Lang;
use super::Chart;
use crate::app::compare::CompareSet;
use crate::app::explore::label_of;
use crate::app::runs::Series;
pub use crate::app::runs::{Added, Chooser, Part, ViewError, Workbench};
use crate::app::AppError;
use crate::data::{PositiveClass, Table};
use crate::explore::{box_plots, class_histogram, correlation_matrix, density_2d};
use crate::metrics::{calibration, BinStrategy, Evaluator, GainCurve, RankedScores, TOP_SHARES};
use crate::models::dan::{StepRecord, ValRecord};
use crate::models::mlp::{EpochRecord, History};
use crate::transfer::run::{Points, TransferRun};

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
    /// The current run's reliability (calibration) curve.
    Calibration,
    /// Cumulative gain curves of every run, the current one's top shares marked.
    Gain,
    /// Lift curves of every run, likewise.
    Lift,
    /// The current run's standardised coefficients (logistic regression).
    Coefficients,
    /// The current run's permutation importance on the validation rows.
    Importance,
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
    /// Reliability-curve bins; defaults to 10 (scikit-learn's `n_bins`).
    pub calibration_bins: usize,
    /// How the reliability curve's bins are cut.
    pub calibration_strategy: BinStrategy,
    /// The language of the chart's words.
    pub lang: Lang,
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
            calibration_bins: 10,
            calibration_strategy: BinStrategy::Uniform,
            lang: Lang::En,
        }
    }
}

/// The chart side of a [`Workbench`]: its runs as chart inputs and charts.
pub trait RunCharts {
    /// ROC curves of every series on `part` (series without rows there are
    /// skipped), each with its point at `threshold`; slot = series index.
    fn roc_curves(&self, part: Part, threshold: f64) -> Vec<Curve>;
    /// Precision–recall curves of every series on `part`, points at
    /// `threshold`. The final (recall 0, precision 1) point has no
    /// threshold; it is given `+inf`, the rule that flags nothing.
    fn pr_curves(&self, part: Part, threshold: f64) -> Vec<Curve>;
    /// Every series' ROC curves (`pr` false) or precision–recall curves
    /// (`pr` true) on the training rows and on the test rows, paired for
    /// the comparison view's train-solid / test-dashed overlay.
    fn train_test_curves(&self, pr: bool) -> Vec<TrainTest>;
    /// Scores of `series` on `part` binned by class.
    fn histogram(&self, series: usize, part: Part, bins: usize) -> Result<ScoreHistogram, ViewError>;
    /// Precision, recall and F1 at every threshold of `series` on `part`.
    fn threshold_curves(&self, series: usize, part: Part) -> Result<ThresholdCurves, ViewError>;
    /// TPR and FPR at every threshold of `series` on `part`.
    fn ks_input(&self, series: usize, part: Part) -> Result<KsInput, ViewError>;
    /// The reliability curve of `series` on `part` in `bins` bins.
    /// (Words in `theme`'s language, here and below.)
    fn reliability_input(
        &self,
        series: usize,
        part: Part,
        bins: usize,
        strategy: BinStrategy,
        theme: &Theme,
    ) -> Result<ReliabilityInput, ViewError>;
    /// Every series' cumulative gain curve on `part` (`lift`: its lift
    /// curve), with the top 1 / 5 / 10 % of `current` marked.
    fn gain_curves(&self, part: Part, current: usize, lift: bool, theme: &Theme) -> (Vec<Curve>, Vec<TopMark>);
    /// The standardised coefficients of `series` as bars (none unless it
    /// is a logistic regression).
    fn coefficient_bars(&self, series: usize, theme: &Theme) -> Result<BarsInput, ViewError>;
    /// The permutation importance of `series` as bars with their spread.
    fn importance_bars(&self, series: usize, theme: &Theme) -> Result<BarsInput, ViewError>;
    /// The chart `req` asks for.
    fn chart(&self, req: &ChartRequest) -> Result<Chart, ViewError>;
}

impl RunCharts for Workbench {
    fn roc_curves(&self, part: Part, threshold: f64) -> Vec<Curve> {
        each(self, part, |i, s, e| {
            let c = e.curves(true).roc;
            let points: Vec<(f64, f64)> = c.fpr.iter().copied().zip(c.tpr.iter().copied()).collect();
            let marker = operating_point(&points, &c.thresholds, threshold);
            let auc = e.at(0.5).ok().and_then(|v| v.roc_auc);
            Curve {
                name: with_metric(&s.name, "ROC-AUC", auc),
                color_slot: i,
                points,
                dashed: false,
                thresholds: Some(c.thresholds),
                marker,
            }
        })
    }

    fn pr_curves(&self, part: Part, threshold: f64) -> Vec<Curve> {
        each(self, part, |i, s, e| {
            let c = e.curves(true).pr;
            let points: Vec<(f64, f64)> = c.recall.iter().copied().zip(c.precision.iter().copied()).collect();
            let mut thresholds = c.thresholds;
            thresholds.push(f64::INFINITY);
            let marker = operating_point(&points, &thresholds, threshold);
            let ap = e.at(0.5).ok().and_then(|v| v.pr_auc);
            Curve {
                name: with_metric(&s.name, "PR-AUC", ap),
                color_slot: i,
                points,
                dashed: false,
                thresholds: Some(thresholds),
                marker,
            }
        })
    }

    fn train_test_curves(&self, pr: bool) -> Vec<TrainTest> {
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
        self.series()
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

    fn histogram(&self, series: usize, part: Part, bins: usize) -> Result<ScoreHistogram, ViewError> {
        let s = self.get(series)?;
        let i = part.index();
        if s.labels[i].is_empty() {
            return Err(ViewError::EmptyPart(part.name()));
        }
        Ok(ScoreHistogram::from_scores(&s.scores[i], &s.labels[i], bins))
    }

    fn threshold_curves(&self, series: usize, part: Part) -> Result<ThresholdCurves, ViewError> {
        let w = self.evaluator(series, part)?.sweep();
        Ok(ThresholdCurves {
            thresholds: w.thresholds,
            precision: w.precision,
            recall: w.recall,
            f1: w.f1,
        })
    }

    fn ks_input(&self, series: usize, part: Part) -> Result<KsInput, ViewError> {
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

    fn reliability_input(
        &self,
        series: usize,
        part: Part,
        bins: usize,
        strategy: BinStrategy,
        theme: &Theme,
    ) -> Result<ReliabilityInput, ViewError> {
        let s = self.get(series)?;
        let (y, scores) = self.part_scores(series, part)?;
        if y.is_empty() {
            return Err(ViewError::EmptyPart(part.name()));
        }
        let bins_text = match strategy {
            BinStrategy::Uniform => theme.fill("{} equal-width bins", &[&bins]),
            BinStrategy::Quantile => theme.fill("{} equal-count bins", &[&bins]),
        };
        Ok(match calibration(y, scores, bins, strategy)? {
            Ok((curve, parts)) => ReliabilityInput {
                name: theme.fill(
                    "{} · Brier score {}",
                    &[&theme.model_name(&s.name), &format_fixed(parts.brier, 4)],
                ),
                color_slot: series,
                points: curve
                    .prob_pred
                    .iter()
                    .copied()
                    .zip(curve.prob_true.iter().copied())
                    .collect(),
                counts: curve.counts,
                bins_text,
            },
            // Scores that are not probabilities: nothing to draw.
            Err(_) => ReliabilityInput {
                name: theme.model_name(&s.name),
                color_slot: series,
                bins_text,
                ..ReliabilityInput::default()
            },
        })
    }

    fn gain_curves(&self, part: Part, current: usize, lift: bool, theme: &Theme) -> (Vec<Curve>, Vec<TopMark>) {
        let mut marks = Vec::new();
        let curves = each(self, part, |i, s, e| {
            let g = GainCurve::new(e.ranked());
            if i == current {
                for top in TOP_SHARES {
                    if let Ok(Some(t)) = g.top(top) {
                        marks.push(TopMark {
                            top,
                            value: if lift { t.lift } else { t.gain },
                            label: theme.fill(
                                "top {} of scores: {} of the positives, lift {}",
                                &[&format_percent(top), &format_percent(t.gain), &format_fixed(t.lift, 1)],
                            ),
                            color_slot: i,
                        });
                    }
                }
            }
            let points = if lift {
                g.lift()
            } else {
                g.fraction.iter().copied().zip(g.gain.iter().copied()).collect()
            };
            Curve::new(theme.model_name(&s.name), i, points)
        });
        (curves, marks)
    }

    fn coefficient_bars(&self, series: usize, theme: &Theme) -> Result<BarsInput, ViewError> {
        let s = self.get(series)?;
        let bars = s
            .inspection
            .as_ref()
            .and_then(|v| v.coefficients.as_ref())
            .map(|list| {
                list.iter()
                    .map(|c| Bar {
                        label: c.feature.clone(),
                        value: c.standardised,
                        spread: None,
                        hover: theme.fill(
                            "{}: {} per standard deviation (coefficient {} × std {}); {} pushes towards {}",
                            &[
                                &c.feature,
                                &signed(c.standardised),
                                &signed(c.coef),
                                &format_sig3(c.std),
                                &if c.standardised >= 0.0 {
                                    theme.say("a larger value")
                                } else {
                                    theme.say("a smaller value")
                                },
                                &self.positive_label(),
                            ],
                        ),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(BarsInput {
            title: theme.fill("Coefficients · {}", &[&theme.model_name(&s.name)]),
            value_label: theme.say("Log-odds per standard deviation").into(),
            bars,
            by_sign: true,
            color_slot: series,
            empty_text: theme.say("coefficients are shown for logistic regression").into(),
        })
    }

    fn importance_bars(&self, series: usize, theme: &Theme) -> Result<BarsInput, ViewError> {
        let s = self.get(series)?;
        let found = s.inspection.as_ref().and_then(|v| v.importance.as_ref());
        let metric = found.map_or(theme.say("score"), |p| match p.scoring {
            crate::cv::Scoring::PrAuc => "PR-AUC",
            crate::cv::Scoring::RocAuc => "ROC-AUC",
            other => other.name(),
        });
        let bars = found
            .map(|p| {
                p.features
                    .iter()
                    .map(|f| Bar {
                        label: f.feature.clone(),
                        value: f.mean,
                        spread: Some(f.std),
                        hover: theme.fill(
                            "{}: {} drops by {} ± {} over {} shuffles",
                            &[
                                &f.feature,
                                &metric,
                                &format_sig3(f.mean),
                                &format_sig3(f.std),
                                &p.n_repeats,
                            ],
                        ),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(BarsInput {
            title: theme.fill("Permutation importance · {}", &[&theme.model_name(&s.name)]),
            value_label: theme.fill("Drop in {}, column shuffled", &[&metric]),
            bars,
            by_sign: false,
            color_slot: series,
            empty_text: theme
                .say("no importance: the validation rows are missing or one class")
                .into(),
        })
    }

    fn chart(&self, req: &ChartRequest) -> Result<Chart, ViewError> {
        if self.is_empty() {
            return Err(ViewError::NoRuns);
        }
        let theme = theme_of(req.dark).in_lang(req.lang);
        let t = req.threshold;
        if !(0.0..=1.0).contains(&t) {
            return Err(ViewError::BadThreshold(t));
        }
        let (w, h, part) = (req.width, req.height, req.part);
        Ok(match req.kind {
            ChartKind::Roc => roc_chart(
                &named(only_marker(self.roc_curves(part, t), req.series), &theme),
                Some(t),
                w,
                h,
                &theme,
            ),
            ChartKind::Pr => pr_chart(
                &named(only_marker(self.pr_curves(part, t), req.series), &theme),
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
                    negative_label: self.negative_label().to_string(),
                    positive_label: self.positive_label().to_string(),
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
            ChartKind::Calibration => {
                let bins = if req.calibration_bins == 0 {
                    10
                } else {
                    req.calibration_bins
                };
                reliability_chart(
                    &self.reliability_input(req.series, part, bins, req.calibration_strategy, &theme)?,
                    w,
                    h,
                    &theme,
                )
            }
            ChartKind::Gain => {
                let (curves, marks) = self.gain_curves(part, req.series, false, &theme);
                gain_chart(&curves, self.positive_rate(part), &marks, w, h, &theme)
            }
            ChartKind::Lift => {
                let (curves, marks) = self.gain_curves(part, req.series, true, &theme);
                lift_chart(&curves, &marks, w, h, &theme)
            }
            ChartKind::Coefficients => bars_chart(&self.coefficient_bars(req.series, &theme)?, w, h, &theme),
            ChartKind::Importance => bars_chart(&self.importance_bars(req.series, &theme)?, w, h, &theme),
        })
    }
}

fn each(bench: &Workbench, part: Part, mut f: impl FnMut(usize, &Series, &Evaluator) -> Curve) -> Vec<Curve> {
    bench
        .series()
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.evaluators[part.index()].as_ref().map(|e| f(i, s, e)))
        .collect()
}

/// The curves with their model names in the theme's language.
fn named(mut curves: Vec<Curve>, theme: &Theme) -> Vec<Curve> {
    for c in &mut curves {
        c.name = theme.model_name(&c.name);
    }
    curves
}

/// Keeps the threshold dot on the current series only: several dots at
/// one threshold on overlaid curves read as clutter.
fn only_marker(mut curves: Vec<Curve>, current: usize) -> Vec<Curve> {
    for c in &mut curves {
        if c.color_slot != current {
            c.marker = None;
        }
    }
    curves
}

fn with_metric(name: &str, metric: &str, value: Option<f64>) -> String {
    match value {
        Some(v) => format!("{name} · {metric} {}", format_fixed(v, 3)),
        None => name.to_string(),
    }
}

/// An Explore chart to paint.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExploreRequest {
    /// `"histogram"`, `"box"`, `"correlation"` or `"density"`.
    pub kind: String,
    pub label: String,
    pub positive: PositiveClass,
    /// The feature of the histogram and the box plots.
    pub column: String,
    /// The 2-D density's features.
    pub x: String,
    pub y: String,
    /// Histogram bins (per axis for the density).
    pub bins: usize,
    /// Histogram heights as densities.
    pub density: bool,
    /// Histogram heights as log10(1 + count) (rare positives stay visible).
    pub log_count: bool,
    /// Spearman instead of Pearson in the heat map.
    pub spearman: bool,
    pub width: f32,
    pub height: f32,
    pub dark: bool,
    /// The language of the chart's words.
    pub lang: Lang,
}

impl Default for ExploreRequest {
    fn default() -> Self {
        ExploreRequest {
            kind: String::new(),
            label: String::new(),
            positive: PositiveClass::Minority,
            column: String::new(),
            x: String::new(),
            y: String::new(),
            bins: 40,
            density: false,
            log_count: false,
            spearman: false,
            width: 480.0,
            height: 360.0,
            dark: false,
            lang: Lang::En,
        }
    }
}

/// The Explore chart `r` asks for, of `table`.
pub fn explore_chart(table: &Table, r: &ExploreRequest) -> Result<Chart, AppError> {
    let label = label_of(table, &r.label, &r.positive)?;
    let theme = theme_of(r.dark).in_lang(r.lang);
    Ok(match r.kind.as_str() {
        "histogram" => {
            let heights = if r.log_count {
                Heights::Log1pCounts
            } else if r.density {
                Heights::Density
            } else {
                Heights::Counts
            };
            let h = class_histogram(table, &label, &r.column, r.bins, heights == Heights::Density)?;
            class_histogram_chart(&h, heights, r.width, r.height, &theme)
        }
        "box" => box_plot_chart(&box_plots(table, &label, &r.column)?, r.width, r.height, &theme),
        "correlation" => correlation_chart(
            &correlation_matrix(table, &label)?,
            r.spearman,
            r.width,
            r.height,
            &theme,
        ),
        "density" => density_chart(
            &density_2d(table, &label, &r.x, &r.y, r.bins, r.bins)?,
            r.width,
            r.height,
            &theme,
        ),
        other => {
            return Err(AppError::bad_request(format!(
                "explore chart request: kind \"{other}\" is not histogram, box, correlation or density"
            )))
        }
    })
}

/// A fold-ROC chart of one CV result: the fold curves and their mean.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct CvRocRequest {
    pub folds: Vec<Vec<(f64, f64)>>,
    pub mean: Vec<(f64, f64)>,
    pub name: String,
    pub slot: usize,
    pub width: f32,
    pub height: f32,
    pub dark: bool,
    pub lang: Lang,
}

impl Default for CvRocRequest {
    fn default() -> Self {
        CvRocRequest {
            folds: Vec::new(),
            mean: Vec::new(),
            name: "Mean".into(),
            slot: 0,
            width: 480.0,
            height: 360.0,
            dark: false,
            lang: Lang::En,
        }
    }
}

/// The fold-ROC chart `r` asks for.
pub fn cv_chart(r: &CvRocRequest) -> Chart {
    cv_roc_chart(
        &r.folds,
        &r.mean,
        &r.name,
        r.slot,
        r.width,
        r.height,
        &theme_of(r.dark).in_lang(r.lang),
    )
}

/// What a comparison chart request asks for.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct CompareRequest {
    /// `"roc"`, `"pr"`, `"history"` or `"confusion"`.
    pub kind: String,
    pub width: f32,
    pub height: f32,
    pub dark: bool,
    /// The model, for `"confusion"`.
    pub series: usize,
    /// The model's threshold, for `"confusion"`.
    pub threshold: f64,
    /// Models left out of `"roc"`, `"pr"` and `"history"` (the page's
    /// per-model toggles); they keep their colours and styles, so a model
    /// looks the same whichever others are shown.
    pub hidden: Vec<usize>,
    /// Draw the training rows' curves too in `"roc"` and `"pr"` (test
    /// rows only by default).
    pub train: bool,
    /// The language of the chart's words.
    pub lang: Lang,
}

impl Default for CompareRequest {
    fn default() -> Self {
        CompareRequest {
            kind: "roc".into(),
            width: 480.0,
            height: 360.0,
            dark: false,
            series: 0,
            threshold: 0.5,
            hidden: Vec::new(),
            train: false,
            lang: Lang::En,
        }
    }
}

/// `(epoch, value)` points of the epochs where `f` has a value.
fn epoch_points(h: &History, f: impl Fn(&EpochRecord) -> Option<f64>) -> Vec<(f64, f64)> {
    h.epochs
        .iter()
        .filter_map(|r| f(r).map(|v| (r.epoch as f64, v)))
        .collect()
}

/// A model's epochs as the history panels' input (empty series without a history).
pub fn history_input(name: &str, slot: usize, h: Option<&History>) -> ModelHistory {
    let Some(h) = h else {
        return ModelHistory {
            name: name.to_string(),
            color_slot: slot,
            ..ModelHistory::default()
        };
    };
    ModelHistory {
        name: name.to_string(),
        color_slot: slot,
        train: EpochSeries {
            loss: epoch_points(h, |r| Some(r.train_loss)),
            pr_auc: epoch_points(h, |r| r.train_pr_auc),
            precision: epoch_points(h, |r| r.train_precision),
            recall: epoch_points(h, |r| r.train_recall),
        },
        val: EpochSeries {
            loss: epoch_points(h, |r| r.val_loss),
            pr_auc: epoch_points(h, |r| r.val_pr_auc),
            precision: epoch_points(h, |r| r.val_precision),
            recall: epoch_points(h, |r| r.val_recall),
        },
    }
}

/// The comparison chart `req` asks for, of `set`.
pub fn compare_chart(set: &CompareSet, req: &CompareRequest) -> Result<Chart, AppError> {
    let c = set.ready()?;
    let theme = theme_of(req.dark).in_lang(req.lang);
    let shown = |slot: usize| !req.hidden.contains(&slot);
    let named = |list: Vec<TrainTest>| -> Vec<TrainTest> {
        list.into_iter()
            .zip(&c.names)
            .filter(|(m, _)| shown(m.color_slot))
            .map(|(m, name)| TrainTest {
                name: theme.model_name(name),
                ..m
            })
            .collect()
    };
    Ok(match req.kind.as_str() {
        "roc" => train_test_roc_chart(
            &named(c.bench.train_test_curves(false)),
            req.train,
            req.width,
            req.height,
            &theme,
        ),
        "pr" => train_test_pr_chart(
            &named(c.bench.train_test_curves(true)),
            req.train,
            c.bench.positive_rate(Part::Test),
            req.width,
            req.height,
            &theme,
        ),
        "history" => {
            let models: Vec<ModelHistory> = c
                .names
                .iter()
                .enumerate()
                .filter(|(i, _)| shown(*i))
                .map(|(i, n)| history_input(&theme.model_name(n), i, c.histories[i].as_ref()))
                .collect();
            history_panels_chart(&models, req.width, req.height, &theme)
        }
        "confusion" => c.bench.chart(&ChartRequest {
            kind: ChartKind::Confusion,
            width: req.width,
            height: req.height,
            dark: req.dark,
            threshold: req.threshold,
            series: req.series,
            part: Part::Test,
            lang: req.lang,
            ..ChartRequest::default()
        })?,
        other => {
            return Err(AppError::bad_request(format!(
                "chart request: kind \"{other}\" is not roc, pr, history or confusion"
            )))
        }
    })
}

/// What the Transfer tab asks to draw: `kind` is `"roc"`, `"ks"` (of model
/// `series`, 0 = DAN), `"history"`, `"validation"`, `"before"` or `"after"`
/// (the PCA projections).
#[derive(Debug, Clone, Deserialize)]
pub struct TransferChartRequest {
    pub kind: String,
    pub width: f32,
    pub height: f32,
    #[serde(default)]
    pub dark: bool,
    #[serde(default)]
    pub series: usize,
    /// The language of the chart's words.
    #[serde(default)]
    pub lang: Lang,
}

/// The DAN's steps as the loss chart's input.
pub fn step_points(steps: &[StepRecord]) -> Vec<StepPoint> {
    steps
        .iter()
        .map(|s| StepPoint {
            step: s.step as f64,
            cls_loss: s.cls_loss,
            mmd_loss: s.mmd_loss,
            lambda: s.lambda,
        })
        .collect()
}

/// The DAN's validations as the validation chart's input.
pub fn validation_points(vals: &[ValRecord]) -> Vec<(f64, Option<f64>, Option<f64>)> {
    vals.iter().map(|v| (v.step as f64, v.roc_auc, v.ks)).collect()
}

/// The transfer chart `req` asks for, of `run`.
pub fn transfer_chart(run: &TransferRun, req: &TransferChartRequest) -> Result<Chart, AppError> {
    let theme = theme_of(req.dark).in_lang(req.lang);
    let (w, h) = (req.width, req.height);
    let r = &run.report;
    let ranked = |i: usize| -> Result<RankedScores, AppError> {
        let scores = run
            .test_scores
            .get(i)
            .ok_or_else(|| AppError::bad_request(format!("chart request: there is no model {i}")))?;
        Ok(RankedScores::new(&run.y_test, scores)?)
    };
    Ok(match req.kind.as_str() {
        "roc" => {
            let mut curves = Vec::new();
            for (i, m) in r.models.iter().enumerate() {
                let c = ranked(i)?.roc_curve(true);
                let model = theme.model_name(&m.report.name);
                let name = match m.report.test.as_ref().and_then(|e| e.roc_auc) {
                    Some(a) => format!("{model} · ROC-AUC {a:.3}"),
                    None => model,
                };
                let mut curve = Curve::new(name, i, c.fpr.iter().copied().zip(c.tpr.iter().copied()).collect());
                curve.thresholds = Some(c.thresholds);
                curves.push(curve);
            }
            roc_chart(&curves, None, w, h, &theme)
        }
        "ks" => {
            let i = req.series.min(r.models.len().saturating_sub(1));
            let c = ranked(i)?.roc_curve(false);
            let k = KsInput {
                thresholds: c.thresholds,
                tpr: c.tpr,
                fpr: c.fpr,
            };
            ks_chart(&k, None, w, h, &theme)
        }
        "history" => transfer_loss_chart(&step_points(&r.dan_history.steps), w, h, &theme),
        "validation" => transfer_validation_chart(
            &validation_points(&r.dan_history.validations),
            r.dan_history.best_step.map(|s| s as f64),
            w,
            h,
            &theme,
        ),
        "before" | "after" => {
            let (p, title) = if req.kind == "before" {
                (&r.projections.before, theme.say("Source-only network features (PCA)"))
            } else {
                (&r.projections.after, theme.say("DAN features (PCA)"))
            };
            let pts = |q: &Points| {
                q.x.iter()
                    .zip(&q.y)
                    .map(|(&a, &b)| (a as f64, b as f64))
                    .collect::<Vec<_>>()
            };
            let title = match p.mmd {
                Some(m) => format!("{title} · MMD {m:.3}"),
                None => title.to_string(),
            };
            projection_chart(&title, &pts(&p.source), &pts(&p.target), p.explained, w, h, &theme)
        }
        other => {
            return Err(AppError::bad_request(format!(
                "chart request: kind must be roc, ks, history, validation, before or after, got \"{other}\""
            )))
        }
    })
}

/// The light or the dark theme.
pub fn theme_of(dark: bool) -> Theme {
    if dark {
        Theme::dark()
    } else {
        Theme::light()
    }
}
