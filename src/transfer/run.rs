//! The whole transfer comparison of seed 004 on one split and one seed:
//! prepare the two populations ([`super::data`]), fit the DAN and its three
//! baselines (the same network trained on the source only, logistic
//! regression and a random forest on the source only), evaluate each on the
//! target test rows, and assemble a serialisable [`TransferReport`] with the
//! alignment report, the part sizes, the DAN's history and a 2-D PCA
//! projection of the learned features before and after adaptation. Knows
//! nothing of files, the terminal or the browser.
//!
//! No choice here looks at the target test rows: early stopping watches the
//! target validation rows, and every other setting is fixed in advance.

use ndarray::{Array2, ArrayView2};
use serde::{Deserialize, Serialize};

use super::data::{prepare_transfer, Alignment, TransferData, TransferDataParams, TransferError};
use crate::clock::Stopwatch;
use crate::data::Table;
use crate::experiment::{stream_rng, ModelReport};
use crate::metrics::{evaluate, Evaluation, MetricsError};
use crate::models::dan::{DanEvent, DanFitError, DanHistory, DanParamError, DanParams, FittedDan};
use crate::models::forest::ValidForest;
use crate::models::logistic::ValidLogistic;
use crate::models::tree::TreeFitError;
use crate::models::Classifier;
use crate::nn::mmd::{mk_mmd, MmdParams};
use crate::progress::{Cancelled, Monitor, Progress};
use crate::rng::Rng;

/// Everything a transfer run needs besides the two tables.
///
/// In JSON every field is optional except `data.label`: `{"data": {"label":
/// "Class", "target_val": 0.3}, "dan": {"max_steps": 1000}, "seed": 7}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TransferConfig {
    /// Label, positive class, preparation and target shares.
    pub data: TransferDataParams,
    /// The DAN. The source-only network is this with `mmd_weight = 0`.
    pub dan: DanParams,
    /// The logistic-regression baseline. Default scikit-learn's (C = 1).
    pub logistic: ValidLogistic,
    /// The random-forest baseline. Default scikit-learn's (100 trees, √d
    /// features per split).
    pub forest: ValidForest,
    /// Seed of every model's random stream (the target split has its own,
    /// `data.seed`). Default 42.
    pub seed: u64,
    /// Decision threshold of the threshold metrics. Default 0.5.
    pub threshold: f64,
    /// Points per population in each PCA projection, at least 2. Default 300.
    pub projection_points: usize,
}

impl Default for TransferConfig {
    fn default() -> Self {
        TransferConfig {
            data: TransferDataParams::default(),
            dan: DanParams::default(),
            logistic: ValidLogistic::default(),
            forest: ValidForest::default(),
            seed: 42,
            threshold: 0.5,
            projection_points: 300,
        }
    }
}

/// Model names in the report, in its order.
pub const MODEL_NAMES: [&str; 4] = [
    "DAN",
    "same network, source only",
    "logistic regression, source only",
    "random forest, source only",
];

/// Rows and positives of each part.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransferSizes {
    pub features: usize,
    pub source: usize,
    pub source_positives: usize,
    pub target_adapt: usize,
    pub target_val: usize,
    pub target_val_positives: usize,
    pub target_test: usize,
    pub target_test_positives: usize,
}

/// One population's points in a 2-D projection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Points {
    pub x: Vec<f32>,
    pub y: Vec<f32>,
}

/// A PCA of learned features: source and target points on the first two
/// principal components of the pooled sample, and the MK-MMD between the
/// two populations' sampled features (the seed's kernel settings).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Projection {
    pub source: Points,
    pub target: Points,
    /// Share of the pooled sample's variance on each component.
    pub explained: [f64; 2],
    /// MK-MMD between the sampled source and target features.
    pub mmd: Option<f64>,
}

/// "Before" is the source-only network's features, "after" the DAN's, on
/// the same sampled rows (source rows and target adaptation rows).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Projections {
    pub before: Projection,
    pub after: Projection,
}

/// The report of a transfer run: one entry per model in the same shape as
/// `train`'s (`train` = source rows, `val` = target validation rows,
/// `test` = target test rows).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransferReport {
    pub rareclass_version: &'static str,
    pub config: TransferConfig,
    pub alignment: Alignment,
    pub sizes: TransferSizes,
    pub models: Vec<ModelReport>,
    pub dan_history: DanHistory,
    /// The source-only network's history (its MMD is measured, not used).
    pub source_only_history: DanHistory,
    pub projections: Projections,
    pub warnings: Vec<String>,
}

/// Everything a run produced: the report, the target test labels and every
/// model's target test scores (in [`MODEL_NAMES`] order), and the DAN.
#[derive(Debug, Clone)]
pub struct TransferRun {
    pub report: TransferReport,
    pub y_test: Vec<bool>,
    pub test_scores: Vec<Vec<f64>>,
    pub dan: FittedDan,
}

/// Why a transfer run failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TransferRunError {
    #[error(transparent)]
    Data(#[from] TransferError),
    #[error("{0}")]
    DanParams(#[from] DanParamError),
    #[error("transfer: threshold must not be NaN")]
    Threshold,
    #[error("transfer: projection_points must be at least 2, got {0}")]
    ProjectionPoints(usize),
    #[error("transfer: the target has no labelled test rows, so nothing can be compared; label some target rows")]
    NoTargetTest,
    #[error("transfer: {model}: {source}")]
    Dan { model: &'static str, source: DanFitError },
    #[error("transfer: logistic regression: {0}")]
    Logistic(crate::models::logistic::FitError),
    #[error("transfer: random forest: {0}")]
    Forest(TreeFitError),
    #[error("transfer: {model}: {source}")]
    Metrics { model: &'static str, source: MetricsError },
    #[error("transfer cancelled")]
    Cancelled,
}

impl From<Cancelled> for TransferRunError {
    fn from(_: Cancelled) -> Self {
        TransferRunError::Cancelled
    }
}

/// Passes progress on with the fraction mapped into `[start, start + span]`
/// and the model's name in front of the message.
struct Stage<'a> {
    inner: &'a mut dyn Monitor,
    start: f64,
    span: f64,
    name: &'static str,
}

impl Monitor for Stage<'_> {
    fn report(&mut self, p: &Progress) -> Result<(), Cancelled> {
        self.inner.report(&Progress {
            phase: p.phase,
            fraction: self.start + self.span * p.fraction.clamp(0.0, 1.0),
            message: format!("{} · {}", self.name, p.message),
            ..p.clone()
        })
    }
}

/// [`run_observed`] without an observer.
pub fn run(
    source: &Table,
    target: &Table,
    config: &TransferConfig,
    monitor: &mut dyn Monitor,
) -> Result<TransferRun, TransferRunError> {
    run_observed(source, target, config, monitor, &mut |_| {})
}

/// Prepares the data and runs the comparison; `observer` hears the DAN's
/// (not the baselines') steps and validations as they happen.
pub fn run_observed(
    source: &Table,
    target: &Table,
    config: &TransferConfig,
    monitor: &mut dyn Monitor,
    observer: &mut dyn FnMut(DanEvent),
) -> Result<TransferRun, TransferRunError> {
    let dan_params = config.dan.clone().check()?;
    let source_only = DanParams {
        mmd_weight: 0.0,
        ..config.dan.clone()
    }
    .check()?;
    if config.threshold.is_nan() {
        return Err(TransferRunError::Threshold);
    }
    if config.projection_points < 2 {
        return Err(TransferRunError::ProjectionPoints(config.projection_points));
    }
    monitor.report(&Progress {
        phase: "prepare",
        fraction: 0.0,
        message: "aligning columns and preparing both populations".into(),
        ..Default::default()
    })?;
    let data = prepare_transfer(source, target, &config.data)?;
    if data.y_target_test.is_empty() {
        return Err(TransferRunError::NoTargetTest);
    }
    let val = (!data.y_target_val.is_empty()).then(|| (data.x_target_val.view(), data.y_target_val.as_slice()));
    let dan_err = |model: &'static str| {
        move |source: DanFitError| match source {
            DanFitError::Cancelled(_) => TransferRunError::Cancelled,
            source => TransferRunError::Dan { model, source },
        }
    };

    // (seconds, steps or iterations, converged, stopped early): the networks
    // have no loss tolerance, so early stopping is reported as such, not as
    // convergence.
    let mut fits: Vec<(f64, usize, bool, bool)> = Vec::new();
    let watch = Stopwatch::start();
    let mut stage = Stage {
        inner: &mut *monitor,
        start: 0.0,
        span: 0.45,
        name: MODEL_NAMES[0],
    };
    let dan = dan_params
        .fit_observed(
            data.x_source.view(),
            &data.y_source,
            data.x_target_adapt.view(),
            val,
            &mut stream_rng(config.seed, 1),
            &mut stage,
            observer,
        )
        .map_err(dan_err(MODEL_NAMES[0]))?;
    fits.push((
        watch.seconds(),
        dan.history.steps.len(),
        false,
        dan.history.stopped_early,
    ));

    let watch = Stopwatch::start();
    let mut stage = Stage {
        inner: &mut *monitor,
        start: 0.45,
        span: 0.35,
        name: MODEL_NAMES[1],
    };
    // The same stream as the DAN: the same initial weights and batches.
    let plain = source_only
        .fit(
            data.x_source.view(),
            &data.y_source,
            data.x_target_adapt.view(),
            val,
            &mut stream_rng(config.seed, 1),
            &mut stage,
        )
        .map_err(dan_err(MODEL_NAMES[1]))?;
    fits.push((
        watch.seconds(),
        plain.history.steps.len(),
        false,
        plain.history.stopped_early,
    ));

    let watch = Stopwatch::start();
    let mut stage = Stage {
        inner: &mut *monitor,
        start: 0.8,
        span: 0.05,
        name: MODEL_NAMES[2],
    };
    let logistic = config
        .logistic
        .fit(data.x_source.view(), &data.y_source, None, &mut stage)
        .map_err(|e| match e {
            crate::models::logistic::FitError::Cancelled(_) => TransferRunError::Cancelled,
            e => TransferRunError::Logistic(e),
        })?;
    fits.push((watch.seconds(), logistic.n_iter, logistic.converged, false));

    let watch = Stopwatch::start();
    let mut stage = Stage {
        inner: &mut *monitor,
        start: 0.85,
        span: 0.15,
        name: MODEL_NAMES[3],
    };
    let forest = config
        .forest
        .fit(
            data.x_source.view(),
            &data.y_source,
            None,
            &mut stream_rng(config.seed, 2),
            &mut stage,
        )
        .map_err(|e| match e {
            TreeFitError::Cancelled(_) => TransferRunError::Cancelled,
            e => TransferRunError::Forest(e),
        })?;
    fits.push((watch.seconds(), forest.trees.len(), true, false));

    let models: [&dyn Classifier; 4] = [&dan, &plain, &logistic, &forest];
    let kinds = ["dan", "dan_source_only", "logistic", "random_forest"];
    let mut reports = Vec::new();
    let mut test_scores = Vec::new();
    for (i, model) in models.iter().enumerate() {
        let name = MODEL_NAMES[i];
        let eval = |x: ArrayView2<f32>, y: &[bool]| -> Result<Evaluation, TransferRunError> {
            let s = model.predict_proba(x).to_vec();
            evaluate(y, &s, config.threshold).map_err(|source| TransferRunError::Metrics { model: name, source })
        };
        let train = eval(data.x_source.view(), &data.y_source)?;
        let val = match data.y_target_val.is_empty() {
            true => None,
            false => Some(eval(data.x_target_val.view(), &data.y_target_val)?),
        };
        let scores = model.predict_proba(data.x_target_test.view()).to_vec();
        let test = evaluate(&data.y_target_test, &scores, config.threshold)
            .map_err(|source| TransferRunError::Metrics { model: name, source })?;
        let (fit_seconds, n_iter, converged, stopped_early) = fits[i];
        reports.push(ModelReport {
            name: name.to_string(),
            kind: kinds[i],
            fit_seconds,
            n_iter,
            converged,
            stopped_early,
            schedule: None,
            train,
            val,
            test: Some(test),
            feature_importance: None,
        });
        test_scores.push(scores);
    }

    let projections = project(&data, &plain, &dan, config);
    let sizes = sizes(&data);
    let report = TransferReport {
        rareclass_version: env!("CARGO_PKG_VERSION"),
        config: config.clone(),
        alignment: data.alignment.clone(),
        sizes,
        models: reports,
        dan_history: dan.history.clone(),
        source_only_history: plain.history.clone(),
        projections,
        warnings: data.warnings.clone(),
    };
    monitor.report(&Progress {
        phase: "evaluate",
        fraction: 1.0,
        message: "done".into(),
        ..Default::default()
    })?;
    Ok(TransferRun {
        report,
        y_test: data.y_target_test,
        test_scores,
        dan,
    })
}

fn sizes(data: &TransferData) -> TransferSizes {
    let pos = |y: &[bool]| y.iter().filter(|&&v| v).count();
    TransferSizes {
        features: data.x_source.ncols(),
        source: data.y_source.len(),
        source_positives: pos(&data.y_source),
        target_adapt: data.x_target_adapt.nrows(),
        target_val: data.y_target_val.len(),
        target_val_positives: pos(&data.y_target_val),
        target_test: data.y_target_test.len(),
        target_test_positives: pos(&data.y_target_test),
    }
}

/// Up to `k` row indices of `0..n`, a seeded sample in ascending order.
fn sample_rows(n: usize, k: usize, rng: &mut Rng) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..n).collect();
    if n > k {
        rng.shuffle(&mut rows);
        rows.truncate(k);
        rows.sort_unstable();
    }
    rows
}

fn select(x: &Array2<f32>, rows: &[usize]) -> Array2<f32> {
    x.select(ndarray::Axis(0), rows)
}

/// Both networks' features of the same sampled source and target
/// adaptation rows, each projected on its own first two principal
/// components.
fn project(data: &TransferData, before: &FittedDan, after: &FittedDan, config: &TransferConfig) -> Projections {
    let mut rng = stream_rng(config.seed, 3);
    let k = config.projection_points;
    let xs = select(&data.x_source, &sample_rows(data.x_source.nrows(), k, &mut rng));
    let xt = select(
        &data.x_target_adapt,
        &sample_rows(data.x_target_adapt.nrows(), k, &mut rng),
    );
    let one = |model: &FittedDan| {
        let (fs, ft) = (model.transform(xs.view()), model.transform(xt.view()));
        let mmd = mk_mmd(fs.view(), ft.view(), &MmdParams::default())
            .ok()
            .map(|m| m.value);
        let (ps, pt, explained) = pca2(&fs, &ft);
        Projection {
            source: ps,
            target: pt,
            explained,
            mmd,
        }
    };
    Projections {
        before: one(before),
        after: one(after),
    }
}

/// The first two principal components of the pooled rows of `a` and `b`
/// (covariance, power iteration with deflation, each component's sign
/// fixed so its largest entry is positive), and each set's coordinates.
pub fn pca2(a: &Array2<f32>, b: &Array2<f32>) -> (Points, Points, [f64; 2]) {
    let d = a.ncols();
    let n = a.nrows() + b.nrows();
    let rows = || a.rows().into_iter().chain(b.rows());
    let mut mean = vec![0.0f64; d];
    for r in rows() {
        mean.iter_mut().zip(r).for_each(|(m, &v)| *m += v as f64);
    }
    mean.iter_mut().for_each(|m| *m /= n.max(1) as f64);
    let mut cov = vec![0.0f64; d * d];
    let mut c = vec![0.0f64; d];
    for r in rows() {
        c.iter_mut()
            .zip(r)
            .zip(&mean)
            .for_each(|((ci, &v), m)| *ci = v as f64 - m);
        for i in 0..d {
            for j in i..d {
                cov[i * d + j] += c[i] * c[j];
            }
        }
    }
    for i in 0..d {
        for j in i..d {
            let v = cov[i * d + j] / (n.max(2) - 1) as f64;
            cov[i * d + j] = v;
            cov[j * d + i] = v;
        }
    }
    let total: f64 = (0..d).map(|i| cov[i * d + i]).sum();
    let mut comps: Vec<Vec<f64>> = Vec::new();
    let mut explained = [0.0; 2];
    for (k, e) in explained.iter_mut().enumerate() {
        // A start vector with no symmetry, so it is unlikely to be orthogonal
        // to the leading component.
        let mut v: Vec<f64> = (0..d).map(|i| 1.0 + (i as f64 * 0.618).fract()).collect();
        let mut lambda = 0.0;
        for _ in 0..500 {
            let mut w = vec![0.0; d];
            for i in 0..d {
                w[i] = (0..d).map(|j| cov[i * d + j] * v[j]).sum();
            }
            for u in &comps {
                let dot: f64 = w.iter().zip(u).map(|(a, b)| a * b).sum();
                w.iter_mut().zip(u).for_each(|(a, b)| *a -= dot * b);
            }
            let norm = w.iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm == 0.0 || !norm.is_finite() {
                break;
            }
            w.iter_mut().for_each(|x| *x /= norm);
            let delta: f64 = w.iter().zip(&v).map(|(a, b)| (a - b).abs()).sum();
            v = w;
            lambda = norm;
            if delta < 1e-10 {
                break;
            }
        }
        let big = v
            .iter()
            .copied()
            .fold(0.0f64, |m, x| if x.abs() > m.abs() { x } else { m });
        if big < 0.0 {
            v.iter_mut().for_each(|x| *x = -*x);
        }
        *e = if total > 0.0 { lambda / total } else { 0.0 };
        let _ = k;
        comps.push(v);
    }
    let coords = |m: &Array2<f32>| {
        let mut p = Points {
            x: Vec::with_capacity(m.nrows()),
            y: Vec::with_capacity(m.nrows()),
        };
        for r in m.rows() {
            let proj = |u: &Vec<f64>| -> f32 {
                r.iter()
                    .zip(u)
                    .zip(&mean)
                    .map(|((&v, u), m)| (v as f64 - m) * u)
                    .sum::<f64>() as f32
            };
            p.x.push(proj(&comps[0]));
            p.y.push(proj(&comps[1]));
        }
        p
    };
    (coords(a), coords(b), explained)
}
