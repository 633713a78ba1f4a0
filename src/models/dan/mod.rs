//! The deep adaptation network (DAN, seed 004; Long et al. 2015): a feature
//! network shared by a labelled source population and an unlabelled target
//! population, a classifier head trained on source features, and an MK-MMD
//! penalty pulling the two populations' features together. Parameters
//! ([`DanParams`] → [`ValidDan`]), the training loop ([`ValidDan::fit`]) with
//! paired source/target batches, the λ schedule, target validation and early
//! stopping, and the fitted model ([`FittedDan`]) with its [`DanHistory`].
//! Layers and optimisers live in [`crate::nn`], the MMD in [`crate::nn::mmd`].
//! Knows nothing of CSV, preprocessing, column alignment or the browser.
//!
//! # Objective
//!
//! For a source batch `(X_s, y_s)` and a target batch `X_t` (equal sizes by
//! default, 512 each), with `F` the feature network and `h` the head,
//!
//! `L = BCE_w(h(F(X_s)), y_s) + l2·Σ W² + c·λ(t)·Σ_{l ∈ layers} MMD²_k(F_l(X_s), F_l(X_t))`
//!
//! where `BCE_w` is the mean binary cross-entropy on logits with per-row
//! class weights (`(1/n) Σ w_i ℓ_i`), `c` is [`DanParams::mmd_weight`] (1 by
//! default; 0 is the same network trained on the source only), `F_l` the
//! output of feature layer `l` (the last one by default, as the seed), and
//! the MMD is [`crate::nn::mmd::mk_mmd_grad`] with its bandwidths held constant
//! within a step. The schedule is the seed's
//!
//! `λ(t) = 2 / (1 + exp(−10·t / T)) − 1`,
//!
//! `t` the 0-based step (TensorFlow reads `global_step` before `minimize`
//! increments it, so the seed's first step has λ = 0) and `T` =
//! [`DanParams::lambda_steps`] (1000 by default, the seed's constant).

use ndarray::{Array1, Array2, ArrayView2};
use serde::{Deserialize, Serialize};

use super::early_stop::BestSoFar;
use super::logistic::ClassWeight;
use super::Classifier;
use crate::metrics::RankedScores;
use crate::nn::loss::{loss_and_grad, sigmoid, Loss};
use crate::nn::mmd::{mk_mmd, mk_mmd_grad, MmdError, MmdParams};
use crate::nn::{Activation, Dense, Init, Mode, Network, Optimizer, OptimizerKind};
use crate::progress::{Cancelled, Monitor, Progress};
use crate::rng::Rng;

/// Which feature layers the MMD is applied to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MmdLayers {
    /// The last feature layer only (the seed). The default.
    #[default]
    Last,
    /// Every feature layer, each with its own bandwidths (the DAN paper's
    /// multi-layer adaptation); the MMD loss is their sum.
    All,
}

/// How the two populations' features are pulled together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlignBy {
    /// An MK-MMD penalty on the feature layers (DAN, the seed). The default.
    #[default]
    Mmd,
    /// A domain classifier on the last feature layer behind a gradient
    /// reversal (DANN; Ganin et al. 2016): the classifier learns to tell
    /// source from target rows, the feature layers get `−c·λ(t)` times its
    /// gradient, so they learn features it cannot tell apart.
    Adversarial,
}

/// Which labelled rows early stopping watches in transfer mode (the fit
/// itself takes whatever validation rows it is given).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValidateOn {
    /// The labelled target validation rows (the seed). Picking the step
    /// with the best target AUC among hundreds is itself learning from
    /// target labels: a network can score well on the target by the luck
    /// of its path, with no adaptation at all.
    #[default]
    Target,
    /// A stratified 20 % of the source rows, held out of the networks'
    /// training: no target label reaches a network's training, and the
    /// target validation rows only choose thresholds and the method.
    Source,
}

/// Unchecked DAN hyperparameters; [`check`](DanParams::check) gives a
/// [`ValidDan`]. The default is the seed's network: `Dense(256, sigmoid) →
/// Dense(64, sigmoid)` shared, a linear head `Dense(1)` on the source
/// features, Glorot-uniform kernels (TensorFlow 1's `tf.layers.dense`), no
/// L2 (the seed's `l2_regularizer_scale=0.00`), Adam 0.005, batches of 512
/// source + 512 target rows, MK-MMD with 5 kernels (`kernel_mul` 2, the mean
/// distance bandwidth) on the last feature layer, `λ(t)` over 1000 steps,
/// validation every 3 steps and early stopping after 15 validations without
/// a better target ROC-AUC, best weights kept.
///
/// In JSON every field is optional: `{"hidden": [128, 32], "mmd_layers":
/// "all", "learning_rate": 0.001, "class_weight": "balanced"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DanParams {
    /// Feature layer widths, input side first, at least one layer, each at
    /// least 1. Default `[256, 64]`.
    pub hidden: Vec<usize>,
    /// Activation of every feature layer. Default [`Activation::Sigmoid`].
    pub activation: Activation,
    /// Kernel initialiser of the feature layers (the head is always Glorot
    /// uniform). Default [`Init::GlorotUniform`].
    pub init: Init,
    /// Dropout after each feature layer in training, in `[0, 1)`. Default 0.
    pub dropout: f64,
    /// Adam learning rate, in `(0, inf)`. Default `0.005`.
    pub learning_rate: f64,
    /// Kernel L2 penalty `l2·Σ W²`, in `[0, inf)`. Default 0.
    pub l2: f64,
    /// Rows per source batch and per target batch (each capped at its
    /// population's size), at least 2. Default 512.
    pub batch_size: usize,
    /// Most training steps (one step = one source batch + one target batch),
    /// at least 1. Default 3000.
    pub max_steps: usize,
    /// Per-class weights in the source BCE. Default none.
    pub class_weight: ClassWeight,
    /// The MK-MMD settings. Default the seed's (5 kernels, ×2, mean distance).
    pub mmd: MmdParams,
    /// Which feature layers are adapted. Default [`MmdLayers::Last`].
    pub mmd_layers: MmdLayers,
    /// MMD (DAN) or a domain classifier with gradient reversal (DANN).
    /// Default [`AlignBy::Mmd`].
    pub align_by: AlignBy,
    /// Hidden width of the DANN domain classifier (`Dense(k, relu) →
    /// Dense(1)`), at least 1. Default 32.
    pub domain_hidden: usize,
    /// `c`, the MMD term's weight on top of `λ(t)`, in `[0, inf)`; 0 trains
    /// on the source only (the MMD is still measured). Default 1.
    pub mmd_weight: f64,
    /// `T` of the schedule `λ(t) = 2/(1 + exp(−10·t/T)) − 1`, at least 1;
    /// `None` is the seed's 1000. Set it to `max_steps` for the DANN
    /// paper's training-progress schedule.
    pub lambda_steps: Option<usize>,
    /// Validate on the labelled target rows after every `validate_every`
    /// steps, at least 1. Default 3 (the seed).
    pub validate_every: usize,
    /// Stop after this many validations in a row without a strictly higher
    /// target ROC-AUC, at least 1. Default 15 (the seed's window).
    pub patience: usize,
    /// Keep the weights of the best validation (not the last step). Default
    /// `true` (the seed saves a checkpoint whenever the AUC improves).
    pub restore_best: bool,
    /// Which rows transfer mode validates on. Default
    /// [`ValidateOn::Target`] (the seed).
    pub validate_on: ValidateOn,
}

impl Default for DanParams {
    fn default() -> Self {
        DanParams {
            hidden: vec![256, 64],
            activation: Activation::Sigmoid,
            init: Init::GlorotUniform,
            dropout: 0.0,
            learning_rate: 0.005,
            l2: 0.0,
            batch_size: 512,
            max_steps: 3000,
            class_weight: ClassWeight::None,
            mmd: MmdParams::default(),
            mmd_layers: MmdLayers::Last,
            align_by: AlignBy::Mmd,
            domain_hidden: 32,
            mmd_weight: 1.0,
            lambda_steps: None,
            validate_every: 3,
            patience: 15,
            restore_best: true,
            validate_on: ValidateOn::Target,
        }
    }
}

impl DanParams {
    /// Seed 004's exact recipe (the [`Default`]): sigmoid 256 → 64, Adam
    /// 0.005, MMD on the last layer, `λ` over 1000 steps, validation every
    /// 3 steps with a window of 15, no class weights.
    pub fn seed004() -> DanParams {
        DanParams::default()
    }

    /// The setting transfer mode uses by default: the seed's network with
    /// balanced class weights (so the rare class counts and the network
    /// flags positives at its threshold) and the changes the study in
    /// `bench/transfer_study.md` supports.
    pub fn recommended() -> DanParams {
        DanParams {
            class_weight: ClassWeight::Balanced,
            validate_every: 10,
            patience: 30,
            validate_on: ValidateOn::Source,
            restore_best: false,
            ..DanParams::default()
        }
    }

    /// A preset by name: `seed004` or `recommended`.
    pub fn preset(name: &str) -> Result<DanParams, String> {
        match name.trim().to_ascii_lowercase().as_str() {
            "seed004" | "seed" => Ok(DanParams::seed004()),
            "recommended" | "default" => Ok(DanParams::recommended()),
            other => Err(format!(
                "unknown DAN preset \"{other}\"; expected seed004 (the article's recipe) or recommended"
            )),
        }
    }
}

/// The seed's `T` in `λ(t)`.
pub const DEFAULT_LAMBDA_STEPS: usize = 1000;

/// The seed's schedule `λ(t) = 2/(1 + exp(−10·t/T)) − 1 = tanh(5·t/T)`: 0 at
/// `t = 0`, `tanh 2.5 ≈ 0.9866` at `t = T/2`, `tanh 5 ≈ 0.99991` at `t = T`,
/// rising to 1. `T = 0` is treated as 1.
pub fn lambda(step: usize, horizon: usize) -> f64 {
    let p = step as f64 / horizon.max(1) as f64;
    2.0 / (1.0 + (-10.0 * p).exp()) - 1.0
}

/// A DAN hyperparameter outside its interval.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DanParamError {
    #[error("DAN: hidden must list at least one feature layer width, got none")]
    NoLayers,
    #[error("DAN: feature layer {layer}: width must be at least 1, got 0")]
    Width { layer: usize },
    #[error("DAN: dropout must be in [0, 1), got {0}")]
    Dropout(f64),
    #[error("DAN: learning_rate must be a positive finite number, got {0}")]
    LearningRate(f64),
    #[error("DAN: l2 must be a finite number >= 0, got {0}")]
    L2(f64),
    #[error("DAN: batch_size must be at least 2, got {0}")]
    BatchSize(usize),
    #[error("DAN: max_steps must be at least 1, got 0")]
    MaxSteps,
    #[error("DAN: class weight of the {class} class must be a positive finite number, got {value}")]
    ClassWeight { class: &'static str, value: f64 },
    #[error("DAN: domain_hidden must be at least 1, got 0")]
    DomainHidden,
    #[error("DAN: mmd_weight must be a finite number >= 0, got {0}")]
    MmdWeight(f64),
    #[error("DAN: lambda_steps must be at least 1, got 0; leave it empty for the seed's 1000")]
    LambdaSteps,
    #[error("DAN: validate_every must be at least 1, got 0")]
    ValidateEvery,
    #[error("DAN: patience must be at least 1, got 0")]
    Patience,
    #[error("DAN: {0}")]
    Mmd(#[from] MmdError),
}

impl DanParams {
    /// Checks every hyperparameter against its interval.
    pub fn check(self) -> Result<ValidDan, DanParamError> {
        if self.hidden.is_empty() {
            return Err(DanParamError::NoLayers);
        }
        if let Some(i) = self.hidden.iter().position(|&w| w == 0) {
            return Err(DanParamError::Width { layer: i + 1 });
        }
        if !(self.dropout.is_finite() && (0.0..1.0).contains(&self.dropout)) {
            return Err(DanParamError::Dropout(self.dropout));
        }
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return Err(DanParamError::LearningRate(self.learning_rate));
        }
        if !(self.l2.is_finite() && self.l2 >= 0.0) {
            return Err(DanParamError::L2(self.l2));
        }
        if self.batch_size < 2 {
            return Err(DanParamError::BatchSize(self.batch_size));
        }
        if self.max_steps == 0 {
            return Err(DanParamError::MaxSteps);
        }
        if let ClassWeight::Custom { negative, positive } = self.class_weight {
            for (class, value) in [("negative", negative), ("positive", positive)] {
                if !(value.is_finite() && value > 0.0) {
                    return Err(DanParamError::ClassWeight { class, value });
                }
            }
        }
        self.mmd.check()?;
        if !(self.mmd_weight.is_finite() && self.mmd_weight >= 0.0) {
            return Err(DanParamError::MmdWeight(self.mmd_weight));
        }
        if self.domain_hidden == 0 {
            return Err(DanParamError::DomainHidden);
        }
        if self.lambda_steps == Some(0) {
            return Err(DanParamError::LambdaSteps);
        }
        if self.validate_every == 0 {
            return Err(DanParamError::ValidateEvery);
        }
        if self.patience == 0 {
            return Err(DanParamError::Patience);
        }
        Ok(ValidDan(self))
    }
}

/// Checked DAN hyperparameters (see [`DanParams`]); deserialising checks.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(try_from = "DanParams", into = "DanParams")]
pub struct ValidDan(DanParams);

impl TryFrom<DanParams> for ValidDan {
    type Error = DanParamError;
    fn try_from(p: DanParams) -> Result<Self, DanParamError> {
        p.check()
    }
}

impl From<ValidDan> for DanParams {
    fn from(v: ValidDan) -> DanParams {
        v.0
    }
}

/// Data a DAN cannot be fitted on, a diverged fit, or a cancelled one.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DanFitError {
    #[error("DAN: the {set} has no rows")]
    NoRows { set: &'static str },
    #[error("DAN: x has no feature columns; the network needs at least one")]
    NoColumns,
    #[error("DAN: the {set} has {found} columns but the source has {expected}; both populations must have the same features")]
    Columns {
        set: &'static str,
        found: usize,
        expected: usize,
    },
    #[error("DAN: the {set} has {rows} rows but {labels} labels; they must match")]
    Labels {
        set: &'static str,
        rows: usize,
        labels: usize,
    },
    #[error("DAN: {set} row index {row}, column index {column}: value {value} is not finite; impute or drop it before fitting")]
    NonFinite {
        set: &'static str,
        row: usize,
        column: usize,
        value: f32,
    },
    #[error("DAN: source row index {row}: sample weight {value} is not a finite number >= 0")]
    SampleWeight { row: usize, value: f64 },
    #[error("DAN: the source labels are all {present}; the classifier needs both classes")]
    OneClass { present: &'static str },
    #[error("DAN: step {step}: {source}; lower learning_rate or mmd_weight")]
    Mmd { step: usize, source: MmdError },
    #[error("DAN: step {step}: the classification loss is {value}; training diverged, lower learning_rate")]
    Diverged { step: usize, value: f64 },
    #[error("DAN fit cancelled")]
    Cancelled(#[from] Cancelled),
}

/// Losses of one training step, on that step's batches (before its update).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    /// Step number, from 1.
    pub step: usize,
    /// Weighted source BCE plus the L2 penalty.
    pub cls_loss: f64,
    /// MK-MMD between the source and target features (summed over the
    /// adapted layers), whatever its weight; with [`AlignBy::Adversarial`]
    /// the domain classifier's BCE instead (ln 2 ≈ 0.693 when it cannot
    /// tell the populations apart).
    pub mmd_loss: f64,
    /// `λ(t)` of this step.
    pub lambda: f64,
    /// `cls_loss + mmd_weight·λ·mmd_loss`, the minimised loss.
    pub loss: f64,
}

/// Target-validation metrics after a step. `None`: undefined (one class).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ValRecord {
    /// The step (from 1) after which the weights were evaluated.
    pub step: usize,
    /// ROC-AUC on the labelled target validation rows.
    pub roc_auc: Option<f64>,
    /// KS statistic on the same rows.
    pub ks: Option<f64>,
}

/// The training curve.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DanHistory {
    /// One record per step run.
    pub steps: Vec<StepRecord>,
    /// One record per validation.
    pub validations: Vec<ValRecord>,
    /// The step whose weights early stopping judged best (kept when
    /// `restore_best`); `None` without validation rows.
    pub best_step: Option<usize>,
    /// Training stopped before `max_steps` for lack of improvement.
    pub stopped_early: bool,
}

/// What [`ValidDan::fit_observed`] tells its observer as training goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DanEvent<'a> {
    /// A step finished.
    Step(&'a StepRecord),
    /// A validation finished.
    Validation(&'a ValRecord),
}

/// A fitted DAN: `P(y = true | x) = σ(head(F(x)))`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedDan {
    /// The feature network `F` (the shared layers).
    pub features: Network,
    /// The head: one linear unit on the last feature layer.
    pub head: Network,
    /// The training curve.
    pub history: DanHistory,
}

/// Rows per forward pass when predicting (bounded memory).
const PREDICT_CHUNK: usize = 8192;

impl FittedDan {
    /// Features the model expects.
    pub fn n_features(&self) -> usize {
        self.features.n_in()
    }

    /// The learned features `F(x)` (`rows × last width`); NaN-filled when
    /// `x` has the wrong number of columns.
    pub fn transform(&self, x: ArrayView2<f32>) -> Array2<f32> {
        let (rows, width) = (x.nrows(), self.features.n_out());
        if x.ncols() != self.n_features() {
            return Array2::from_elem((rows, width), f32::NAN);
        }
        let flat = crate::nn::row_major(x);
        let d = self.n_features().max(1);
        let mut out = Vec::with_capacity(rows * width);
        for chunk in flat.chunks(PREDICT_CHUNK * d) {
            out.extend(self.features.predict(chunk, chunk.len() / d));
        }
        Array2::from_shape_vec((rows, width), out).unwrap_or_else(|_| Array2::from_elem((rows, width), f32::NAN))
    }

    /// Logits `head(F(x))`; NaN when `x` has the wrong number of columns.
    pub fn decision_function(&self, x: ArrayView2<f32>) -> Array1<f64> {
        let f = self.transform(x);
        let rows = f.nrows();
        let flat = crate::nn::row_major(f.view()).into_owned();
        Array1::from(
            self.head
                .predict(&flat, rows)
                .into_iter()
                .map(|z| z as f64)
                .collect::<Vec<_>>(),
        )
    }
}

impl Classifier for FittedDan {
    /// `σ(head(F(x)))`; NaN for every row when `x` has the wrong number of
    /// columns.
    fn predict_proba(&self, x: ArrayView2<f32>) -> Array1<f64> {
        self.decision_function(x).mapv(sigmoid)
    }
}

fn check_finite(set: &'static str, xs: &[f32], d: usize) -> Result<(), DanFitError> {
    match crate::nn::first_non_finite(xs, d) {
        Some((row, column, value)) => Err(DanFitError::NonFinite {
            set,
            row,
            column,
            value,
        }),
        None => Ok(()),
    }
}

/// The losses of one step (see [`DanNet::loss_and_grad`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepLoss {
    /// Weighted BCE plus the L2 penalty.
    pub cls: f64,
    /// The MMD summed over adapted layers, or with a domain classifier
    /// (DANN) its BCE.
    pub mmd: f64,
    /// `cls + coef·mmd` (DAN) or `cls − coef·mmd` (DANN: the feature
    /// layers' objective).
    pub total: f64,
}

/// The trainable DAN: the feature layers (one [`Network`] per layer, so
/// each layer's output is at hand for the MMD) and the head. Exposed for
/// the gradient tests and the benchmark; [`ValidDan::fit`] is the way to
/// train one.
#[derive(Debug, Clone)]
pub struct DanNet {
    /// Feature layers, input side first.
    pub layers: Vec<Network>,
    /// The linear head on the last feature layer.
    pub head: Network,
    /// The DANN domain classifier on the last feature layer (only with
    /// [`AlignBy::Adversarial`]).
    pub domain: Option<Network>,
    outs: Vec<Vec<f32>>,
    grad: Vec<f32>,
}

impl DanNet {
    /// A freshly initialised network for `d` inputs (Glorot-uniform head,
    /// zero biases).
    pub fn new(d: usize, p: &DanParams, rng: &mut Rng) -> DanNet {
        let mut width = d;
        let mut layers = Vec::with_capacity(p.hidden.len());
        for &w in &p.hidden {
            layers.push(Network::new(vec![Dense::new(
                width,
                w,
                p.activation,
                p.dropout as f32,
                p.init,
                rng,
            )]));
            width = w;
        }
        let head = Network::new(vec![Dense::new(
            width,
            1,
            Activation::Linear,
            0.0,
            Init::GlorotUniform,
            rng,
        )]);
        // Drawn after the head, so a DANN starts from the same feature and
        // head weights as the DAN and the source-only network of one seed.
        let domain = (p.align_by == AlignBy::Adversarial).then(|| {
            Network::new(vec![
                Dense::new(width, p.domain_hidden, Activation::Relu, 0.0, Init::GlorotUniform, rng),
                Dense::new(p.domain_hidden, 1, Activation::Linear, 0.0, Init::GlorotUniform, rng),
            ])
        });
        DanNet {
            layers,
            head,
            domain,
            outs: Vec::new(),
            grad: Vec::new(),
        }
    }

    /// Zeroes the gradients, runs the forward and backward pass of the DAN
    /// objective (module docs) on `xs` (`ms` source rows, row-major, labels
    /// `ys`, optional row weights `w`) and `xt` (`mt` target rows), with
    /// `coef = mmd_weight·λ`, and leaves `∂L/∂θ` in every layer's
    /// `grad_w`/`grad_b`. `l2` is only added to the reported loss (the
    /// optimiser adds its gradient). With `coef = 0` the MMD is measured
    /// but not differentiated.
    #[allow(clippy::too_many_arguments)]
    pub fn loss_and_grad(
        &mut self,
        xs: &[f32],
        ys: &[bool],
        w: Option<&[f32]>,
        xt: &[f32],
        coef: f64,
        mmd: &MmdParams,
        layers: MmdLayers,
        mode: &mut Option<&mut Rng>,
    ) -> Result<StepLoss, MmdError> {
        let ms = ys.len();
        let d = self.layers[0].n_in();
        let mt = xt.len() / d.max(1);
        let m = ms + mt;
        let mut input = Vec::with_capacity(m * d);
        input.extend_from_slice(&xs[..ms * d]);
        input.extend_from_slice(&xt[..mt * d]);
        self.outs.resize(self.layers.len(), Vec::new());
        for (i, net) in self.layers.iter_mut().enumerate() {
            let x: &[f32] = if i == 0 { &input } else { &self.outs[i - 1] };
            let md = match mode {
                Some(r) => Mode::Train(r),
                None => Mode::Eval,
            };
            let out = net.forward_slice(x, m, md).to_vec();
            self.outs[i] = out;
        }
        let last = self.layers.len() - 1;
        let h = self.layers[last].n_out();
        let z = self
            .head
            .forward_slice(&self.outs[last][..ms * h], ms, Mode::Eval)
            .to_vec();
        let mut gz = vec![0.0f32; ms];
        let cls = loss_and_grad(Loss::Bce, &z, ys, w, &mut gz);
        self.head.zero_grad();
        let g_head = self.head.backward_slice(&gz, true);
        self.grad.clear();
        self.grad.extend_from_slice(g_head);
        self.grad.resize(m * h, 0.0);
        let mut mmd_total = 0.0;
        let adversarial = self.domain.is_some();
        for i in (0..self.layers.len()).rev() {
            if let (true, Some(dom)) = (i == last, self.domain.as_mut()) {
                // DANN: the domain classifier minimises its BCE (source rows
                // labelled false, target rows true); the features get its
                // input gradient reversed and scaled by `coef`.
                let width = self.layers[i].n_out();
                let zd = dom.forward_slice(&self.outs[i][..m * width], m, Mode::Eval).to_vec();
                let yd: Vec<bool> = (0..m).map(|r| r >= ms).collect();
                let mut gd = vec![0.0f32; m];
                let dom_loss = loss_and_grad(Loss::Bce, &zd, &yd, None, &mut gd);
                dom.zero_grad();
                let g = dom.backward_slice(&gd, true);
                let c = coef as f32;
                self.grad.iter_mut().zip(g).for_each(|(a, &b)| *a -= c * b);
                mmd_total += dom_loss;
            } else if i == last || (layers == MmdLayers::All && !adversarial) {
                let width = self.layers[i].n_out();
                let out = &self.outs[i];
                let s = ArrayView2::from_shape((ms, width), &out[..ms * width]).expect("source rows × width");
                let t = ArrayView2::from_shape((mt, width), &out[ms * width..m * width]).expect("target rows × width");
                if coef > 0.0 {
                    let g = mk_mmd_grad(s, t, mmd)?;
                    mmd_total += g.value;
                    let c = coef as f32;
                    let (gs, gt) = self.grad.split_at_mut(ms * width);
                    gs.iter_mut().zip(g.d_source.iter()).for_each(|(a, &b)| *a += c * b);
                    gt.iter_mut().zip(g.d_target.iter()).for_each(|(a, &b)| *a += c * b);
                } else {
                    mmd_total += mk_mmd(s, t, mmd)?.value;
                }
            }
            self.layers[i].zero_grad();
            let g = self.layers[i].backward_slice(&self.grad, i > 0);
            if i > 0 {
                let g = g.to_vec();
                self.grad = g;
            }
        }
        let sign = if self.domain.is_some() { -1.0 } else { 1.0 };
        Ok(StepLoss {
            cls,
            mmd: mmd_total,
            total: cls + sign * coef * mmd_total,
        })
    }

    /// Logits of `rows` row-major rows, in evaluation mode.
    pub fn logits(&self, x: &[f32], rows: usize) -> Vec<f32> {
        let mut cur = x[..rows * self.layers[0].n_in()].to_vec();
        for net in &self.layers {
            cur = net.predict(&cur, rows);
        }
        self.head.predict(&cur, rows)
    }

    fn into_fitted(self, history: DanHistory) -> FittedDan {
        FittedDan {
            features: Network::new(self.layers.into_iter().flat_map(|n| n.layers).collect()),
            head: self.head,
            history,
        }
    }
}

/// An endless stream of batches over `n` rows: every row once per pass in a
/// fresh random order, each batch `min(size, n)` rows (a batch may straddle
/// two passes, so every batch is full).
struct BatchStream {
    order: Vec<usize>,
    pos: usize,
    size: usize,
}

impl BatchStream {
    fn new(n: usize, size: usize, rng: &mut Rng) -> BatchStream {
        let mut order: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut order);
        BatchStream {
            order,
            pos: 0,
            size: size.min(n),
        }
    }

    fn next(&mut self, rng: &mut Rng, out: &mut Vec<usize>) {
        out.clear();
        while out.len() < self.size {
            if self.pos == self.order.len() {
                rng.shuffle(&mut self.order);
                self.pos = 0;
            }
            let take = (self.size - out.len()).min(self.order.len() - self.pos);
            out.extend_from_slice(&self.order[self.pos..self.pos + take]);
            self.pos += take;
        }
    }
}

fn gather(xs: &[f32], d: usize, rows: &[usize], out: &mut Vec<f32>) {
    out.clear();
    for &r in rows {
        out.extend_from_slice(&xs[r * d..(r + 1) * d]);
    }
}

/// ROC-AUC and KS of probabilities; `None` when undefined.
fn auc_ks(y: &[bool], p: &[f64]) -> (Option<f64>, Option<f64>) {
    match RankedScores::new(y, p) {
        Ok(r) => (r.roc_auc(), r.ks().map(|k| k.statistic)),
        Err(_) => (None, None),
    }
}

impl ValidDan {
    /// The hyperparameters.
    pub fn params(&self) -> &DanParams {
        &self.0
    }

    /// [`fit_observed`](ValidDan::fit_observed) without an observer.
    pub fn fit(
        &self,
        x_source: ArrayView2<f32>,
        y_source: &[bool],
        x_target: ArrayView2<f32>,
        val: Option<(ArrayView2<f32>, &[bool])>,
        rng: &mut Rng,
        monitor: &mut dyn Monitor,
    ) -> Result<FittedDan, DanFitError> {
        self.fit_observed(x_source, y_source, x_target, val, rng, monitor, &mut |_| {})
    }

    /// Trains on the labelled source rows (`x_source`, `y_source`), the
    /// unlabelled target rows `x_target` (features only, for the MMD) and
    /// optional labelled target validation rows (for the history and early
    /// stopping on ROC-AUC). `rng` is forked for the initial weights, the
    /// source batches, the target batches and dropout, so the same seed
    /// gives the same bits. Reports `Progress { stage: "fit", .. }` after
    /// every step (fraction = steps / max_steps; message like `step
    /// 120/3000 · loss 0.4512 · MMD 0.0123 · λ 0.55 · val AUC 0.7012`), tells
    /// `observer` every step and validation record, and stops with
    /// [`DanFitError::Cancelled`] when told.
    #[allow(clippy::too_many_arguments)]
    pub fn fit_observed(
        &self,
        x_source: ArrayView2<f32>,
        y_source: &[bool],
        x_target: ArrayView2<f32>,
        val: Option<(ArrayView2<f32>, &[bool])>,
        rng: &mut Rng,
        monitor: &mut dyn Monitor,
        observer: &mut dyn FnMut(DanEvent),
    ) -> Result<FittedDan, DanFitError> {
        self.fit_weighted(x_source, y_source, None, x_target, val, rng, monitor, observer)
    }

    /// [`fit_observed`](ValidDan::fit_observed) with a non-negative weight
    /// per source row (importance weights), multiplied into the class
    /// weights of the source BCE.
    #[allow(clippy::too_many_arguments)]
    pub fn fit_weighted(
        &self,
        x_source: ArrayView2<f32>,
        y_source: &[bool],
        sample_weight: Option<&[f64]>,
        x_target: ArrayView2<f32>,
        val: Option<(ArrayView2<f32>, &[bool])>,
        rng: &mut Rng,
        monitor: &mut dyn Monitor,
        observer: &mut dyn FnMut(DanEvent),
    ) -> Result<FittedDan, DanFitError> {
        let p = &self.0;
        let (n, d) = x_source.dim();
        if n == 0 {
            return Err(DanFitError::NoRows { set: "source" });
        }
        if d == 0 {
            return Err(DanFitError::NoColumns);
        }
        if y_source.len() != n {
            return Err(DanFitError::Labels {
                set: "source",
                rows: n,
                labels: y_source.len(),
            });
        }
        if x_target.nrows() == 0 {
            return Err(DanFitError::NoRows {
                set: "target adaptation set",
            });
        }
        if x_target.ncols() != d {
            return Err(DanFitError::Columns {
                set: "target adaptation set",
                found: x_target.ncols(),
                expected: d,
            });
        }
        let xs = crate::nn::row_major(x_source);
        check_finite("source", &xs, d)?;
        let xt = crate::nn::row_major(x_target);
        check_finite("target adaptation set", &xt, d)?;
        let n_pos = y_source.iter().filter(|&&v| v).count();
        if n_pos == 0 || n_pos == n {
            let present = if n_pos == 0 { "negative" } else { "positive" };
            return Err(DanFitError::OneClass { present });
        }
        let val_data = match val {
            Some((vx, vy)) => {
                if vx.ncols() != d {
                    return Err(DanFitError::Columns {
                        set: "target validation set",
                        found: vx.ncols(),
                        expected: d,
                    });
                }
                if vy.len() != vx.nrows() {
                    return Err(DanFitError::Labels {
                        set: "target validation set",
                        rows: vx.nrows(),
                        labels: vy.len(),
                    });
                }
                let vxs = crate::nn::row_major(vx);
                check_finite("target validation set", &vxs, d)?;
                (!vy.is_empty()).then_some((vxs, vy))
            }
            None => None,
        };
        let mut weights: Option<Vec<f32>> = match p.class_weight {
            ClassWeight::None => None,
            ClassWeight::Balanced => {
                let (wn, wp) = (n as f64 / (2.0 * (n - n_pos) as f64), n as f64 / (2.0 * n_pos as f64));
                Some(y_source.iter().map(|&v| if v { wp } else { wn } as f32).collect())
            }
            ClassWeight::Custom { negative, positive } => Some(
                y_source
                    .iter()
                    .map(|&v| if v { positive } else { negative } as f32)
                    .collect(),
            ),
        };
        if let Some(sw) = sample_weight {
            if sw.len() != n {
                return Err(DanFitError::Labels {
                    set: "source sample weights",
                    rows: n,
                    labels: sw.len(),
                });
            }
            if let Some(k) = sw.iter().position(|w| !(w.is_finite() && *w >= 0.0)) {
                return Err(DanFitError::SampleWeight { row: k, value: sw[k] });
            }
            let base = weights.take().unwrap_or_else(|| vec![1.0; n]);
            weights = Some(base.iter().zip(sw).map(|(&c, &s)| c * s as f32).collect());
        }

        let mut init_rng = rng.fork();
        let mut source_rng = rng.fork();
        let mut target_rng = rng.fork();
        let mut drop_rng = rng.fork();
        let mut net = DanNet::new(d, p, &mut init_rng);
        let kind = OptimizerKind::Adam { lr: p.learning_rate };
        let mut opts: Vec<Optimizer> = net.layers.iter().map(|l| Optimizer::new(kind, p.l2, l)).collect();
        let mut head_opt = Optimizer::new(kind, p.l2, &net.head);
        let mut domain_opt = net.domain.as_ref().map(|d| Optimizer::new(kind, 0.0, d));
        let mut source_stream = BatchStream::new(n, p.batch_size, &mut source_rng);
        let mut target_stream = BatchStream::new(x_target.nrows(), p.batch_size, &mut target_rng);
        let horizon = p.lambda_steps.unwrap_or(DEFAULT_LAMBDA_STEPS);
        let (mut rs, mut rt) = (Vec::new(), Vec::new());
        let (mut xb, mut yb, mut wb, mut tb) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());

        let mut history = DanHistory::default();
        let mut best = BestSoFar::new(p.patience);
        let mut last_auc: Option<f64> = None;
        for step in 0..p.max_steps {
            source_stream.next(&mut source_rng, &mut rs);
            target_stream.next(&mut target_rng, &mut rt);
            gather(&xs, d, &rs, &mut xb);
            gather(&xt, d, &rt, &mut tb);
            yb.clear();
            yb.extend(rs.iter().map(|&r| y_source[r]));
            if let Some(w) = &weights {
                wb.clear();
                wb.extend(rs.iter().map(|&r| w[r]));
            }
            let lam = lambda(step, horizon);
            let coef = p.mmd_weight * lam;
            let mut mode = (p.dropout > 0.0).then_some(&mut drop_rng);
            let loss = net
                .loss_and_grad(
                    &xb,
                    &yb,
                    weights.as_ref().map(|_| &wb[..]),
                    &tb,
                    coef,
                    &p.mmd,
                    p.mmd_layers,
                    &mut mode,
                )
                .map_err(|source| DanFitError::Mmd { step: step + 1, source })?;
            let penalty: f64 =
                opts.iter().zip(&net.layers).map(|(o, l)| o.penalty(l)).sum::<f64>() + head_opt.penalty(&net.head);
            if !loss.cls.is_finite() {
                return Err(DanFitError::Diverged {
                    step: step + 1,
                    value: loss.cls,
                });
            }
            for (o, l) in opts.iter_mut().zip(net.layers.iter_mut()) {
                o.step(l);
            }
            head_opt.step(&mut net.head);
            if let (Some(o), Some(dnet)) = (domain_opt.as_mut(), net.domain.as_mut()) {
                o.step(dnet);
            }
            let rec = StepRecord {
                step: step + 1,
                cls_loss: loss.cls + penalty,
                mmd_loss: loss.mmd,
                lambda: lam,
                loss: loss.total + penalty,
            };
            let rec_loss = rec.loss;
            observer(DanEvent::Step(&rec));
            history.steps.push(rec);

            let mut stop = false;
            if let Some((vxs, vy)) = &val_data {
                if (step + 1) % p.validate_every == 0 || step + 1 == p.max_steps {
                    let mut prob = Vec::with_capacity(vy.len());
                    for chunk in vxs.chunks(PREDICT_CHUNK * d) {
                        prob.extend(net.logits(chunk, chunk.len() / d).iter().map(|&z| sigmoid(z as f64)));
                    }
                    let (roc_auc, ks) = auc_ks(vy, &prob);
                    let v = ValRecord {
                        step: step + 1,
                        roc_auc,
                        ks,
                    };
                    observer(DanEvent::Validation(&v));
                    history.validations.push(v);
                    last_auc = roc_auc;
                    stop = best.observe(roc_auc, step + 1, || net.clone());
                }
            }
            let mut message = format!(
                "step {}/{} · loss {:.4} · MMD {:.4} · λ {:.2}",
                step + 1,
                p.max_steps,
                rec.cls_loss,
                rec.mmd_loss,
                rec.lambda
            );
            if let Some(a) = last_auc {
                message.push_str(&format!(" · val AUC {a:.4}"));
            }
            monitor.report(&Progress {
                stage: "fit",
                fraction: (step + 1) as f64 / p.max_steps as f64,
                message,
                unit: Some("step"),
                step: Some(step + 1),
                of: Some(p.max_steps),
                // Early stopping watches the validation rows when there are some.
                at_most: val_data.is_some(),
                loss: Some(rec_loss),
                terms: [("MMD", rec.mmd_loss), ("λ", rec.lambda)]
                    .into_iter()
                    .chain(last_auc.map(|a| ("val ROC-AUC", a)))
                    .collect(),
                ..Default::default()
            })?;
            if stop {
                history.stopped_early = step + 1 < p.max_steps;
                break;
            }
        }
        if let Some((s, kept)) = best.into_best() {
            history.best_step = Some(s);
            if p.restore_best {
                net = kept;
            }
        }
        Ok(net.into_fitted(history))
    }
}
