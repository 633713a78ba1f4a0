//! The whole transfer comparison on one split and one seed: prepare the
//! two populations ([`super::data`]), fit the source-only baselines (the
//! DAN's network with no adaptation term, logistic regression, a random
//! forest), the chosen adaptation methods ([`Method`]: DAN, DANN, CORAL,
//! importance weighting, and with labelled target rows target-only and
//! source + target fits with their learning curve), choose each model's
//! threshold and the method on the target validation rows, evaluate on the
//! target test rows, and assemble a serialisable [`TransferReport`] with
//! the verdict ([`super::verdict`]), the alignment report, the part sizes,
//! the networks' histories and a 2-D PCA projection of the learned features
//! before and after adaptation. Knows nothing of files, the terminal or the
//! browser.
//!
//! No choice here looks at the target test rows: early stopping, every
//! threshold and the chosen method come from the target validation rows,
//! and every other setting is fixed in advance.

use ndarray::{Array2, ArrayView2};
use serde::{Deserialize, Serialize};

use super::data::{prepare_transfer, Alignment, TransferData, TransferDataParams, TransferError};
use super::methods::{coral, importance_weights, ImportanceWeights, Method, ModelMethod};
use super::verdict::{verdict, Basis, Verdict};
use crate::clock::Stopwatch;
use crate::data::Table;
use crate::experiment::{stream_rng, ModelReport};
use crate::explore::diagnostics::{model_checks, model_diagnostics, Diagnostic, ModelCheck};
use crate::metrics::{evaluate, Evaluation, MetricsError, RankedScores, Sweep};
use crate::models::dan::{
    AlignBy, DanEvent, DanFitError, DanHistory, DanParamError, DanParams, FittedDan, ValidDan, ValidateOn,
};
use crate::models::forest::ValidForest;
use crate::models::logistic::{LogisticParams, ValidLogistic};
use crate::models::tree::TreeFitError;
use crate::models::Classifier;
use crate::nn::mmd::{mk_mmd, MmdParams};
use crate::progress::{Cancelled, Monitor, Progress};
use crate::rng::Rng;

/// Everything a transfer run needs besides the two tables.
///
/// In JSON every field is optional except `data.label`: `{"data": {"label":
/// "Class", "target_val": 0.3}, "methods": ["dan", "coral"], "dan":
/// {"max_steps": 1000}, "seed": 7}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TransferConfig {
    /// Label, positive class, preparation and target shares.
    pub data: TransferDataParams,
    /// The adaptation methods to run (the source-only baselines always
    /// run). Default every method.
    pub methods: Vec<Method>,
    /// The DAN's network and training; DANN, CORAL's and importance
    /// weighting's network and the source-only network are this network
    /// with another (or no) adaptation term. Default
    /// [`DanParams::recommended`] (balanced class weights); the seed
    /// article's exact recipe is [`DanParams::seed004`].
    pub dan: DanParams,
    /// Every logistic regression (source only, CORAL, importance weighted,
    /// target only, source + target). Default scikit-learn's (C = 1, no
    /// class weights).
    pub logistic: ValidLogistic,
    /// The random-forest baseline. Default scikit-learn's (100 trees, √d
    /// features per split).
    pub forest: ValidForest,
    /// Importance weights above this multiple of their mean are clipped to
    /// it, at least 1. Default 10.
    pub iw_clip: f64,
    /// CORAL's ridge on both covariances, `>= 0`. Default 1 (the paper's
    /// on standardised features).
    pub coral_eps: f64,
    /// Shares of the labelled target training rows for the learning curve,
    /// each in `(0, 1]`. Default 10 %, 30 %, all.
    pub learning_curve: Vec<f64>,
    /// Seed of every model's random stream (the target split has its own,
    /// `data.seed`). Default 42.
    pub seed: u64,
    /// The decision threshold when there are no target validation rows to
    /// choose one on (otherwise each model's threshold is its best F1 on
    /// those rows). Default 0.5.
    pub threshold: f64,
    /// Points per population in each PCA projection, at least 2. Default 300.
    pub projection_points: usize,
}

impl Default for TransferConfig {
    fn default() -> Self {
        TransferConfig {
            data: TransferDataParams::default(),
            methods: Method::ALL.to_vec(),
            dan: DanParams::recommended(),
            // scikit-learn's stop (tol 1e-4, 100 iterations), always valid.
            logistic: LogisticParams::scikit_learn().check().unwrap_or_default(),
            forest: ValidForest::default(),
            iw_clip: 10.0,
            coral_eps: 1.0,
            learning_curve: vec![0.1, 0.3, 1.0],
            seed: 42,
            threshold: 0.5,
            projection_points: 300,
        }
    }
}

impl TransferConfig {
    /// The same settings with class weights `w` for every model (networks,
    /// logistic regressions, the forest).
    pub fn with_class_weight(mut self, w: crate::models::logistic::ClassWeight) -> Result<TransferConfig, String> {
        self.dan.class_weight = w;
        self.forest = self.forest.with_class_weight(w);
        self.logistic = self.logistic.with_class_weight(w);
        Ok(self)
    }
}

/// The source-only models' names, in the report's order after the DAN.
pub const SOURCE_ONLY: [&str; 3] = [
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
    /// Adaptation rows with a label (the target's training labels).
    pub target_train_labelled: usize,
    pub target_train_positives: usize,
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

/// "Before" is the source-only network's features, "after" the DAN's (or
/// the DANN's without a DAN), on the same sampled rows (source rows and
/// target adaptation rows).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Projections {
    pub before: Projection,
    pub after: Projection,
    /// The model whose features "after" shows.
    pub after_model: String,
}

/// One model of a transfer run: `train`'s report shape (`train` = the rows
/// it was fitted on, `val` = target validation rows, `test` = target test
/// rows, threshold metrics at `threshold`) and what transfer adds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransferModel {
    #[serde(flatten)]
    pub report: ModelReport,
    /// A source-only baseline or the [`Method`] that fitted it; serialised
    /// as `source_only`, `dan`, `dann`, `coral`, `iw` or `target`.
    pub method: ModelMethod,
    /// The decision threshold of the threshold metrics.
    pub threshold: f64,
    /// Where it came from: `"best F1 on target validation rows"` or
    /// `"fixed"` (no validation rows with a positive).
    pub threshold_from: &'static str,
    /// The model the verdict judges (best target-validation ROC-AUC among
    /// the adaptation methods).
    pub chosen: bool,
    /// Model checks on the target test rows at `threshold`, as `train`
    /// makes them (`model-at-chance`, `below-baseline` against the
    /// source-only logistic regression, `no-positive-predicted`), and
    /// `single-class-predictions` when every score is equal.
    pub checks: Vec<Diagnostic>,
}

/// One point of the learning curve: target-test ROC-AUC of a logistic
/// regression on a share of the labelled target training rows alone, and
/// on those rows plus the source rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CurvePoint {
    pub share: f64,
    pub rows: usize,
    pub positives: usize,
    pub target_only: Option<f64>,
    pub source_target: Option<f64>,
}

/// The report of a transfer run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransferReport {
    pub rareclass_version: &'static str,
    pub config: TransferConfig,
    pub alignment: Alignment,
    pub sizes: TransferSizes,
    pub models: Vec<TransferModel>,
    /// The chosen method against the best source-only model; `None`
    /// without target validation rows (nothing to choose on).
    pub verdict: Option<Verdict>,
    /// When the chosen model is a fit on target labels (`verdict.basis`),
    /// the best adaptation method (on target validation rows) against the
    /// same source-only model: whether adaptation itself helped, which the
    /// labels' gain does not say. `None` otherwise or without adaptation
    /// methods.
    pub adaptation_verdict: Option<Verdict>,
    /// The DAN's history (empty when the DAN did not run).
    pub dan_history: DanHistory,
    /// The DANN's history (empty when it did not run).
    pub dann_history: DanHistory,
    /// The source-only network's history (its MMD is measured, not used).
    pub source_only_history: DanHistory,
    /// Importance weighting's weights, when it ran.
    pub importance: Option<ImportanceWeights>,
    /// Target-only vs source + target as target labels grow (empty without
    /// labelled target training rows or without the `target` method).
    pub learning_curve: Vec<CurvePoint>,
    pub projections: Projections,
    pub warnings: Vec<String>,
}

/// Everything a run produced: the report, the target test labels and every
/// model's target test scores (in the report's model order), and the DAN
/// when it ran.
#[derive(Debug, Clone)]
pub struct TransferRun {
    pub report: TransferReport,
    pub y_test: Vec<bool>,
    pub test_scores: Vec<Vec<f64>>,
    pub dan: Option<FittedDan>,
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
    #[error("transfer: iw_clip must be a finite number >= 1, got {0}")]
    IwClip(f64),
    #[error("transfer: coral_eps must be a finite number >= 0, got {0}")]
    CoralEps(f64),
    #[error("transfer: every learning-curve share must be in (0, 1], got {0}")]
    CurveShare(f64),
    #[error("transfer: the target has no labelled test rows, so nothing can be compared; label some target rows")]
    NoTargetTest,
    #[error("transfer: {model}: {source}")]
    Dan { model: &'static str, source: DanFitError },
    #[error("transfer: {model}: {source}")]
    Logistic {
        model: &'static str,
        source: crate::models::logistic::FitError,
    },
    #[error("transfer: random forest: {0}")]
    Forest(TreeFitError),
    #[error("transfer: {model}: {source}")]
    Metrics { model: String, source: MetricsError },
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
            stage: p.stage,
            fraction: self.start + self.span * p.fraction.clamp(0.0, 1.0),
            message: format!("{} · {}", self.name, p.message),
            name: Some(self.name.to_string()),
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

/// A fitted model before evaluation.
struct Fit {
    name: &'static str,
    kind: &'static str,
    method: ModelMethod,
    model: Box<dyn Classifier>,
    /// The rows it was fitted on, when not the prepared source rows (CORAL's
    /// re-coloured source, target rows).
    train: Option<(Array2<f32>, Vec<bool>)>,
    seconds: f64,
    n_iter: usize,
    converged: bool,
    /// The networks have no loss tolerance: they stop early on validation
    /// rows, which is reported as such, not as convergence.
    stopped_early: bool,
}

/// Share of the progress bar per network fit (a logistic or forest fit
/// counts a tenth of one).
fn spans(config: &TransferConfig, labelled: bool) -> f64 {
    let has = |m: Method| config.methods.contains(&m);
    let nets = 1.0
        + [Method::Dan, Method::Dann, Method::Coral, Method::Iw]
            .iter()
            .filter(|&&m| has(m))
            .count() as f64;
    let small = 2.0
        + has(Method::Coral) as u8 as f64
        + 2.0 * has(Method::Iw) as u8 as f64
        + if labelled && has(Method::Target) {
            2.0 * config.learning_curve.len() as f64 + 2.0
        } else {
            0.0
        };
    nets + 0.1 * small
}

/// Prepares the data and runs the comparison; `observer` hears the DAN's
/// (not the other networks') steps and validations as they happen.
pub fn run_observed(
    source: &Table,
    target: &Table,
    config: &TransferConfig,
    monitor: &mut dyn Monitor,
    observer: &mut dyn FnMut(DanEvent),
) -> Result<TransferRun, TransferRunError> {
    let has = |m: Method| config.methods.contains(&m);
    let net_params = |align_by: AlignBy, mmd_weight: f64| -> Result<ValidDan, DanParamError> {
        DanParams {
            align_by,
            mmd_weight,
            ..config.dan.clone()
        }
        .check()
    };
    let dan_params = net_params(AlignBy::Mmd, config.dan.mmd_weight)?;
    let dann_params = net_params(AlignBy::Adversarial, config.dan.mmd_weight)?;
    let plain_params = net_params(AlignBy::Mmd, 0.0)?;
    if config.threshold.is_nan() {
        return Err(TransferRunError::Threshold);
    }
    if config.projection_points < 2 {
        return Err(TransferRunError::ProjectionPoints(config.projection_points));
    }
    if !(config.iw_clip.is_finite() && config.iw_clip >= 1.0) {
        return Err(TransferRunError::IwClip(config.iw_clip));
    }
    if !(config.coral_eps.is_finite() && config.coral_eps >= 0.0) {
        return Err(TransferRunError::CoralEps(config.coral_eps));
    }
    if let Some(&s) = config.learning_curve.iter().find(|&&s| !(s > 0.0 && s <= 1.0)) {
        return Err(TransferRunError::CurveShare(s));
    }
    monitor.report(&Progress {
        stage: "prepare",
        fraction: 0.0,
        message: "aligning columns and preparing both populations".into(),
        task: Some("align"),
        ..Default::default()
    })?;
    let data = prepare_transfer(source, target, &config.data)?;
    if data.y_target_test.is_empty() {
        return Err(TransferRunError::NoTargetTest);
    }
    let mut warnings = data.warnings.clone();
    let val = (!data.y_target_val.is_empty()).then(|| (data.x_target_val.view(), data.y_target_val.as_slice()));
    let labelled: Vec<usize> = (0..data.y_target_adapt.len())
        .filter(|&i| data.y_target_adapt[i].is_some())
        .collect();
    let labelled_y: Vec<bool> = labelled.iter().map(|&i| data.y_target_adapt[i] == Some(true)).collect();
    let labelled_pos = labelled_y.iter().filter(|&&v| v).count();
    let can_target = labelled_pos > 0 && labelled_pos < labelled_y.len();
    if has(Method::Target) && !can_target {
        warnings.push(format!(
            "the target-only and source + target fits need labelled target training rows of both classes; the target's training part has {} labelled rows ({} positive), so they were skipped",
            labelled_y.len(),
            labelled_pos
        ));
    }

    let total = spans(config, can_target);
    let mut done = 0.0;
    let dan_err = |model: &'static str| {
        move |source: DanFitError| match source {
            DanFitError::Cancelled(_) => TransferRunError::Cancelled,
            source => TransferRunError::Dan { model, source },
        }
    };
    let lr_err = |model: &'static str| {
        move |e: crate::models::logistic::FitError| match e {
            crate::models::logistic::FitError::Cancelled(_) => TransferRunError::Cancelled,
            source => TransferRunError::Logistic { model, source },
        }
    };
    // A stage of `weight` network fits.
    macro_rules! stage {
        ($name:expr, $weight:expr) => {{
            let s = Stage {
                inner: &mut *monitor,
                start: done / total,
                span: $weight / total,
                name: $name,
            };
            done += $weight;
            s
        }};
    }
    let xs = data.x_source.view();
    let ys = data.y_source.as_slice();
    let xt = data.x_target_adapt.view();
    // The networks' training rows and early-stopping rows.
    let source_split = match config.dan.validate_on {
        ValidateOn::Target => None,
        ValidateOn::Source => {
            let split = crate::data::stratified_split(
                ys,
                crate::data::SplitFractions {
                    train: 0.8,
                    val: 0.2,
                    test: 0.0,
                },
                &mut stream_rng(config.seed, 9),
            )
            .map_err(|e| TransferRunError::Data(e.into()))?;
            let (mut fit, mut held) = (split.train, split.val);
            fit.sort_unstable();
            held.sort_unstable();
            Some((fit, held))
        }
    };
    let rows_of = |x: ArrayView2<f32>| -> Array2<f32> {
        match &source_split {
            Some((fit, _)) => x.select(ndarray::Axis(0), fit),
            None => x.to_owned(),
        }
    };
    let pick = |v: &[f64]| -> Vec<f64> {
        match &source_split {
            Some((fit, _)) => fit.iter().map(|&i| v[i]).collect(),
            None => v.to_vec(),
        }
    };
    let xs_net = rows_of(xs);
    let ys_net: Vec<bool> = match &source_split {
        Some((fit, _)) => fit.iter().map(|&i| ys[i]).collect(),
        None => ys.to_vec(),
    };
    let source_val = source_split.as_ref().map(|(_, held)| {
        (
            xs.select(ndarray::Axis(0), held),
            held.iter().map(|&i| ys[i]).collect::<Vec<bool>>(),
        )
    });
    let net_val = match &source_val {
        Some((x, y)) => Some((x.view(), y.as_slice())),
        None => val,
    };
    let (xs_n, ys_n) = (xs_net.view(), ys_net.as_slice());
    // Every network starts from the same stream: the same initial weights
    // and batches, so differences come from the adaptation alone.
    let net_rng = || stream_rng(config.seed, 1);

    let mut fits: Vec<Fit> = Vec::new();
    let mut dan: Option<FittedDan> = None;
    let mut dann_history = DanHistory::default();
    if has(Method::Dan) {
        let watch = Stopwatch::start();
        let mut st = stage!("DAN", 1.0);
        let m = dan_params
            .fit_observed(xs_n, ys_n, xt, net_val, &mut net_rng(), &mut st, observer)
            .map_err(dan_err("DAN"))?;
        fits.push(net_fit(
            "DAN",
            "dan",
            ModelMethod::Adapted(Method::Dan),
            &m,
            watch.seconds(),
        ));
        dan = Some(m);
    }

    let watch = Stopwatch::start();
    let mut st = stage!(SOURCE_ONLY[0], 1.0);
    let plain = plain_params
        .fit(xs_n, ys_n, xt, net_val, &mut net_rng(), &mut st)
        .map_err(dan_err(SOURCE_ONLY[0]))?;
    fits.push(net_fit(
        SOURCE_ONLY[0],
        "dan_source_only",
        ModelMethod::SourceOnly,
        &plain,
        watch.seconds(),
    ));

    let watch = Stopwatch::start();
    let mut st = stage!(SOURCE_ONLY[1], 0.1);
    let logistic = config
        .logistic
        .fit(xs, ys, None, &mut st)
        .map_err(lr_err(SOURCE_ONLY[1]))?;
    fits.push(Fit {
        name: SOURCE_ONLY[1],
        kind: "logistic",
        method: ModelMethod::SourceOnly,
        n_iter: logistic.n_iter,
        converged: logistic.converged,
        stopped_early: false,
        model: Box::new(logistic),
        train: None,
        seconds: watch.seconds(),
    });

    let watch = Stopwatch::start();
    let mut st = stage!(SOURCE_ONLY[2], 0.1);
    let forest = config
        .forest
        .fit(xs, ys, None, &mut stream_rng(config.seed, 2), &mut st)
        .map_err(|e| match e {
            TreeFitError::Cancelled(_) => TransferRunError::Cancelled,
            e => TransferRunError::Forest(e),
        })?;
    fits.push(Fit {
        name: SOURCE_ONLY[2],
        kind: "random_forest",
        method: ModelMethod::SourceOnly,
        n_iter: forest.trees.len(),
        converged: true,
        stopped_early: false,
        model: Box::new(forest),
        train: None,
        seconds: watch.seconds(),
    });

    let mut dann: Option<FittedDan> = None;
    if has(Method::Dann) {
        let watch = Stopwatch::start();
        let mut st = stage!("DANN", 1.0);
        let m = dann_params
            .fit(xs_n, ys_n, xt, net_val, &mut net_rng(), &mut st)
            .map_err(dan_err("DANN"))?;
        fits.push(net_fit(
            "DANN",
            "dann",
            ModelMethod::Adapted(Method::Dann),
            &m,
            watch.seconds(),
        ));
        dann_history = m.history.clone();
        dann = Some(m);
    }

    if has(Method::Coral) {
        let x_coral = coral(xs, xt, config.coral_eps);
        let watch = Stopwatch::start();
        let mut st = stage!("CORAL + network", 1.0);
        // The networks' early-stopping source rows are re-coloured too.
        let coral_val = source_split
            .as_ref()
            .map(|(_, held)| x_coral.select(ndarray::Axis(0), held));
        let coral_net_val = match (&coral_val, &source_val) {
            (Some(x), Some((_, y))) => Some((x.view(), y.as_slice())),
            _ => val,
        };
        let m = plain_params
            .fit(
                rows_of(x_coral.view()).view(),
                ys_n,
                xt,
                coral_net_val,
                &mut net_rng(),
                &mut st,
            )
            .map_err(dan_err("CORAL + network"))?;
        let mut f = net_fit(
            "CORAL + network",
            "dan_source_only",
            ModelMethod::Adapted(Method::Coral),
            &m,
            watch.seconds(),
        );
        f.train = Some((x_coral.clone(), ys.to_vec()));
        fits.push(f);
        let watch = Stopwatch::start();
        let mut st = stage!("CORAL + logistic regression", 0.1);
        let m = config
            .logistic
            .fit(x_coral.view(), ys, None, &mut st)
            .map_err(lr_err("CORAL + logistic regression"))?;
        fits.push(Fit {
            name: "CORAL + logistic regression",
            kind: "logistic",
            method: ModelMethod::Adapted(Method::Coral),
            n_iter: m.n_iter,
            converged: m.converged,
            stopped_early: false,
            model: Box::new(m),
            train: Some((x_coral, ys.to_vec())),
            seconds: watch.seconds(),
        });
    }

    let mut importance = None;
    if has(Method::Iw) {
        let watch = Stopwatch::start();
        let mut st = stage!("domain classifier", 0.1);
        let iw = importance_weights(xs, xt, config.iw_clip, &mut st).map_err(lr_err("domain classifier"))?;
        let iw_seconds = watch.seconds();
        let watch = Stopwatch::start();
        let mut st = stage!("importance-weighted network", 1.0);
        let m = plain_params
            .fit_weighted(
                xs_n,
                ys_n,
                Some(&pick(&iw.weights)),
                xt,
                net_val,
                &mut net_rng(),
                &mut st,
                &mut |_| {},
            )
            .map_err(dan_err("importance-weighted network"))?;
        fits.push(net_fit(
            "importance-weighted network",
            "dan_source_only",
            ModelMethod::Adapted(Method::Iw),
            &m,
            watch.seconds() + iw_seconds,
        ));
        let watch = Stopwatch::start();
        let mut st = stage!("importance-weighted logistic regression", 0.1);
        let m = config
            .logistic
            .fit(xs, ys, Some(&iw.weights), &mut st)
            .map_err(lr_err("importance-weighted logistic regression"))?;
        fits.push(Fit {
            name: "importance-weighted logistic regression",
            kind: "logistic",
            method: ModelMethod::Adapted(Method::Iw),
            n_iter: m.n_iter,
            converged: m.converged,
            stopped_early: false,
            model: Box::new(m),
            train: None,
            seconds: watch.seconds() + iw_seconds,
        });
        if iw.effective_rows < 0.1 * ys.len() as f64 {
            warnings.push(format!(
                "importance weighting: the weights rest on few source rows (effective {:.0} of {}; the domain classifier's ROC-AUC is {}): the populations barely overlap, so the weighted fits are noisy",
                iw.effective_rows,
                ys.len(),
                iw.domain_auc.map_or("undefined".to_string(), |a| format!("{a:.3}"))
            ));
        }
        importance = Some(iw);
    }

    let mut learning_curve = Vec::new();
    if has(Method::Target) && can_target {
        // One shuffled order per class; each share takes a prefix of both,
        // so the 10 % rows are among the 30 % rows, and so on.
        let mut rng = stream_rng(config.seed, 8);
        let mut by_class: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
        for (k, &y) in labelled_y.iter().enumerate() {
            by_class[y as usize].push(k);
        }
        by_class.iter_mut().for_each(|c| rng.shuffle(c));
        let mut shares = config.learning_curve.clone();
        if !shares.contains(&1.0) {
            shares.push(1.0);
        }
        shares.sort_by(f64::total_cmp);
        shares.dedup();
        for &share in &shares {
            let take = |c: &Vec<usize>| c[..((c.len() as f64 * share).round() as usize).clamp(1, c.len())].to_vec();
            let mut pick: Vec<usize> = take(&by_class[0]);
            pick.extend(take(&by_class[1]));
            pick.sort_unstable();
            let rows: Vec<usize> = pick.iter().map(|&k| labelled[k]).collect();
            let x_t = data.x_target_adapt.select(ndarray::Axis(0), &rows);
            let y_t: Vec<bool> = pick.iter().map(|&k| labelled_y[k]).collect();
            let (only, both) = target_fits(config, &data, x_t, y_t, &mut *monitor, done / total, 0.2 / total)?;
            done += 0.2;
            let auc = |f: &Fit| -> Option<f64> {
                let s = f.model.predict_proba(data.x_target_test.view()).to_vec();
                RankedScores::new(&data.y_target_test, &s)
                    .ok()
                    .and_then(|r| r.roc_auc())
            };
            learning_curve.push(CurvePoint {
                share,
                rows: pick.len(),
                positives: pick.iter().filter(|&&k| labelled_y[k]).count(),
                target_only: auc(&only),
                source_target: auc(&both),
            });
            if share == 1.0 {
                fits.push(only);
                fits.push(both);
            }
        }
    }

    // Evaluation: thresholds on validation rows, metrics, checks.
    let mut models = Vec::new();
    let mut test_scores = Vec::new();
    for f in &fits {
        let metrics_err = |source| TransferRunError::Metrics {
            model: f.name.to_string(),
            source,
        };
        let val_scores =
            (!data.y_target_val.is_empty()).then(|| f.model.predict_proba(data.x_target_val.view()).to_vec());
        let chosen_threshold = val_scores.as_ref().and_then(|s| {
            let r = RankedScores::new(&data.y_target_val, s).ok()?;
            Sweep::new(&r).best_f1().map(|(t, _)| t)
        });
        let (threshold, threshold_from) = match chosen_threshold {
            Some(t) if t.is_finite() => (t, "best F1 on target validation rows"),
            _ => (config.threshold, "fixed"),
        };
        let eval = |x: ArrayView2<f32>, y: &[bool]| -> Result<Evaluation, TransferRunError> {
            let s = f.model.predict_proba(x).to_vec();
            evaluate(y, &s, threshold).map_err(metrics_err)
        };
        let train = match &f.train {
            Some((x, y)) => eval(x.view(), y)?,
            None => eval(xs, ys)?,
        };
        let val_eval = match &val_scores {
            Some(s) => Some(evaluate(&data.y_target_val, s, threshold).map_err(metrics_err)?),
            None => None,
        };
        let scores = f.model.predict_proba(data.x_target_test.view()).to_vec();
        let test = evaluate(&data.y_target_test, &scores, threshold).map_err(metrics_err)?;
        models.push(TransferModel {
            report: ModelReport {
                name: f.name.to_string(),
                kind: f.kind,
                fit_seconds: f.seconds,
                n_iter: f.n_iter,
                converged: f.converged,
                stopped_early: f.stopped_early,
                schedule: None,
                train,
                val: val_eval,
                test: Some(test),
                feature_importance: None,
            },
            method: f.method,
            threshold,
            threshold_from,
            chosen: false,
            checks: Vec::new(),
        });
        test_scores.push(scores);
    }
    // The model checks `train` makes (at chance, below logistic regression
    // on the same rows, no positive flagged), on the target test rows at
    // each model's threshold; the baseline is the source-only logistic
    // regression, and a model whose scores are all equal says so too.
    let baseline = fits.iter().position(|f| f.name == SOURCE_ONLY[1]);
    for (i, m) in models.iter_mut().enumerate() {
        let mut checks = model_checks(&ModelCheck {
            name: &m.report.name,
            part: "target test",
            y: &data.y_target_test,
            scores: &test_scores[i],
            threshold: m.threshold,
            baseline: baseline.filter(|&b| b != i).map(|b| test_scores[b].as_slice()),
        })
        .unwrap_or_default();
        let silent = checks.iter().any(|c| c.code == "no-positive-predicted");
        let one_class = model_diagnostics(&data.y_target_test, &test_scores[i], m.threshold, None)
            .unwrap_or_default()
            .into_iter()
            .filter(|c| c.code == "single-class-predictions" && !silent)
            .map(|mut c| {
                c.message = format!("{}: {}", m.report.name, c.message);
                c
            });
        checks.extend(one_class.collect::<Vec<_>>());
        for c in &checks {
            warnings.push(format!("{} ({}); {}", c.message, c.code, c.next_step));
        }
        m.checks = checks;
    }

    // The method and the best source-only model, both on validation ROC-AUC.
    let best = |pick: &dyn Fn(ModelMethod) -> bool| -> Option<usize> {
        (0..models.len())
            .filter(|&i| pick(models[i].method))
            .filter_map(|i| Some((i, models[i].report.val.as_ref()?.roc_auc?)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    };
    let source_only = |m: ModelMethod| m == ModelMethod::SourceOnly;
    let (chosen, baseline) = (best(&|m| !source_only(m)), best(&source_only));
    let adaptation = best(&|m| !source_only(m) && !m.uses_target_labels());
    let mut adaptation_verdict = None;
    let verdict = match (chosen, baseline) {
        (Some(c), Some(b)) => {
            models[c].chosen = true;
            let basis = if models[c].method.uses_target_labels() {
                // The labels won; say separately what adaptation did.
                adaptation_verdict = adaptation.and_then(|a| {
                    verdict(
                        &data.y_target_test,
                        (&models[a].report.name, &test_scores[a]),
                        (&models[b].report.name, &test_scores[b]),
                        Basis::Adaptation,
                        &mut stream_rng(config.seed, 8),
                    )
                });
                Basis::TargetLabels
            } else {
                Basis::Adaptation
            };
            verdict(
                &data.y_target_test,
                (&models[c].report.name, &test_scores[c]),
                (&models[b].report.name, &test_scores[b]),
                basis,
                &mut stream_rng(config.seed, 7),
            )
        }
        _ => {
            if !config.methods.is_empty() {
                warnings.push(
                    "no target validation rows with both classes: no method can be chosen and there is no verdict; label more target rows".to_string(),
                );
            }
            None
        }
    };

    let after = dan.as_ref().map(|d| (d, "DAN")).or(dann.as_ref().map(|d| (d, "DANN")));
    let projections = project(&data, &plain, after.unwrap_or((&plain, SOURCE_ONLY[0])), config);
    let sizes = sizes(&data);
    let report = TransferReport {
        rareclass_version: env!("CARGO_PKG_VERSION"),
        config: config.clone(),
        alignment: data.alignment.clone(),
        sizes,
        models,
        verdict,
        adaptation_verdict,
        dan_history: dan.as_ref().map(|d| d.history.clone()).unwrap_or_default(),
        dann_history,
        source_only_history: plain.history.clone(),
        importance,
        learning_curve,
        projections,
        warnings,
    };
    monitor.report(&Progress {
        stage: "evaluate",
        fraction: 1.0,
        message: "done".into(),
        task: Some("done"),
        ..Default::default()
    })?;
    Ok(TransferRun {
        report,
        y_test: data.y_target_test,
        test_scores,
        dan,
    })
}

fn net_fit(name: &'static str, kind: &'static str, method: ModelMethod, m: &FittedDan, seconds: f64) -> Fit {
    Fit {
        name,
        kind,
        method,
        model: Box::new(m.clone()),
        train: None,
        seconds,
        n_iter: m.history.steps.len(),
        converged: false,
        stopped_early: m.history.stopped_early,
    }
}

/// Logistic regressions on labelled target rows alone and on source +
/// target rows, each population weighing the same in total (every target
/// row counts `n_source / n_target`), so a few hundred target rows are not
/// drowned by the source.
fn target_fits(
    config: &TransferConfig,
    data: &TransferData,
    x_t: Array2<f32>,
    y_t: Vec<bool>,
    monitor: &mut dyn Monitor,
    start: f64,
    span: f64,
) -> Result<(Fit, Fit), TransferRunError> {
    let lr_err = |model: &'static str| {
        move |e: crate::models::logistic::FitError| match e {
            crate::models::logistic::FitError::Cancelled(_) => TransferRunError::Cancelled,
            source => TransferRunError::Logistic { model, source },
        }
    };
    let (only_name, both_name) = (
        "logistic regression, target only",
        "logistic regression, source + target",
    );
    let watch = Stopwatch::start();
    let mut st = Stage {
        inner: &mut *monitor,
        start,
        span: span / 2.0,
        name: only_name,
    };
    let only = config
        .logistic
        .fit(x_t.view(), &y_t, None, &mut st)
        .map_err(lr_err(only_name))?;
    let only_seconds = watch.seconds();
    let (ns, nt) = (data.x_source.nrows(), x_t.nrows());
    let mut x = Array2::<f32>::zeros((ns + nt, x_t.ncols()));
    x.slice_mut(ndarray::s![..ns, ..]).assign(&data.x_source);
    x.slice_mut(ndarray::s![ns.., ..]).assign(&x_t);
    let mut y = data.y_source.clone();
    y.extend_from_slice(&y_t);
    let mut w = vec![1.0; ns];
    w.extend(std::iter::repeat_n(ns as f64 / nt as f64, nt));
    let watch = Stopwatch::start();
    let mut st = Stage {
        inner: &mut *monitor,
        start: start + span / 2.0,
        span: span / 2.0,
        name: both_name,
    };
    let both = config
        .logistic
        .fit(x.view(), &y, Some(&w), &mut st)
        .map_err(lr_err(both_name))?;
    Ok((
        Fit {
            name: only_name,
            kind: "logistic",
            method: ModelMethod::Adapted(Method::Target),
            n_iter: only.n_iter,
            converged: only.converged,
            stopped_early: false,
            model: Box::new(only),
            train: Some((x_t, y_t)),
            seconds: only_seconds,
        },
        Fit {
            name: both_name,
            kind: "logistic",
            method: ModelMethod::Adapted(Method::Target),
            n_iter: both.n_iter,
            converged: both.converged,
            stopped_early: false,
            model: Box::new(both),
            train: Some((x, y)),
            seconds: watch.seconds(),
        },
    ))
}

fn sizes(data: &TransferData) -> TransferSizes {
    let pos = |y: &[bool]| y.iter().filter(|&&v| v).count();
    TransferSizes {
        features: data.x_source.ncols(),
        source: data.y_source.len(),
        source_positives: pos(&data.y_source),
        target_adapt: data.x_target_adapt.nrows(),
        target_train_labelled: data.y_target_adapt.iter().filter(|y| y.is_some()).count(),
        target_train_positives: data.y_target_adapt.iter().filter(|&&y| y == Some(true)).count(),
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
fn project(
    data: &TransferData,
    before: &FittedDan,
    (after, after_model): (&FittedDan, &str),
    config: &TransferConfig,
) -> Projections {
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
        after_model: after_model.to_string(),
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
