//! A multilayer-perceptron classifier trained by minibatch gradient descent
//! (the TensorFlow imbalanced-data tutorial's model by default): parameters
//! ([`MlpParams`] → [`ValidMlp`]), the training loop with class weights,
//! balanced batches, output-bias initialisation and early stopping, and the
//! fitted model ([`FittedMlp`]) with its per-epoch [`History`]. Layers,
//! initialisers, optimisers and losses live in [`crate::nn`]. Knows nothing
//! of CSV, preprocessing or the browser.

use ndarray::{Array1, ArrayView2};
use serde::{Deserialize, Serialize};

use super::early_stop::BestSoFar;
use super::logistic::ClassWeight;
use super::Classifier;
use crate::limits;
use crate::metrics::rank_summary_f32;
use crate::nn::loss::{loss_and_grad, sigmoid, Loss};
use crate::nn::{Activation, Dense, Init, Mode, Network, Optimizer, OptimizerKind};
use crate::progress::{Cancelled, Monitor, Progress, ValScores};
use crate::rng::Rng;

/// One hidden layer: `units` outputs, an activation, then dropout.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HiddenLayer {
    /// Outputs, at least 1. Default 16.
    pub units: usize,
    /// Default [`Activation::Relu`].
    pub activation: Activation,
    /// Dropout rate after the activation, in `[0, 1)`. Default 0.5.
    pub dropout: f64,
}

impl Default for HiddenLayer {
    fn default() -> Self {
        HiddenLayer {
            units: 16,
            activation: Activation::Relu,
            dropout: 0.5,
        }
    }
}

/// Which optimiser; its settings are [`MlpParams::learning_rate`] and
/// [`MlpParams::momentum`]. See [`OptimizerKind`] for the update rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptimizerChoice {
    /// Adam (β1 0.9, β2 0.999, ε 1e-7, Keras's form).
    #[default]
    Adam,
    /// SGD with momentum.
    Sgd,
}

/// How each epoch's minibatches are drawn.
///
/// In JSON: `"shuffled"` or `{"balanced": {"steps_per_epoch": null}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Batches {
    /// Every training row once per epoch in a fresh random order
    /// (Keras `shuffle=True`); the last batch may be short.
    #[default]
    Shuffled,
    /// The tutorial's resampled stream: each batch is half positive rows,
    /// half negative rows, each drawn uniformly with replacement from its
    /// class. The output bias starts at 0 (the stream is balanced) whatever
    /// [`MlpParams::output_bias_init`] says.
    Balanced {
        /// Batches per epoch; `None` = `ceil(2·negatives / batch_size)`, the
        /// tutorial's choice (each negative seen about once per epoch).
        steps_per_epoch: Option<usize>,
    },
}

/// The validation quantity early stopping watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Monitored {
    /// Validation loss (lower is better).
    ValLoss,
    /// Validation ROC-AUC.
    ValRocAuc,
    /// Validation PR-AUC (average precision).
    #[default]
    ValPrAuc,
    /// Validation precision at threshold 0.5.
    ValPrecision,
    /// Validation recall at threshold 0.5.
    ValRecall,
}

/// Keras's `EarlyStopping(monitor, patience, restore_best_weights)` with
/// `min_delta = 0`: an epoch improves when its value is strictly better
/// than the best so far; training stops after `patience` epochs in a row
/// without improvement. An undefined value (an AUC on a one-class
/// validation set) never improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EarlyStopping {
    /// Default [`Monitored::ValPrAuc`].
    pub monitor: Monitored,
    /// Epochs without improvement before stopping, at least 1. Default
    /// `None`: scaled to the training rows ([`MlpParams::schedule`]), the
    /// tutorial's 10 from about 1,600 training rows up.
    pub patience: Option<usize>,
    /// At the end (stopped or not), keep the weights of the best epoch.
    /// Default `true`.
    pub restore_best: bool,
}

impl Default for EarlyStopping {
    fn default() -> Self {
        EarlyStopping {
            monitor: Monitored::ValPrAuc,
            patience: None,
            restore_best: true,
        }
    }
}

/// Unchecked hyperparameters of the MLP; [`check`](MlpParams::check) turns
/// them into a [`ValidMlp`]. The default is the TensorFlow tutorial's model:
/// `Dense(16, relu) → Dropout(0.5) → Dense(1, sigmoid)`, Adam 1e-3, BCE,
/// output bias `ln(pos/neg)`, early stopping on validation PR-AUC with the
/// best weights restored; batch size, epochs and patience left unset are
/// scaled to the training rows ([`MlpParams::schedule`]): the tutorial's
/// batch 2048, 100 epochs and patience 10 from about 77,000 training rows
/// up, smaller batches (so more optimiser steps) below.
///
/// The output layer is always `Dense(1)` on logits, Glorot-uniform (Keras's
/// default); [`init`](MlpParams::init) applies to the hidden layers.
///
/// In JSON every field is optional: `{"hidden": [{"units": 64, "dropout":
/// 0.2}, {"units": 32}], "init": "he_normal", "loss": {"focal": {"gamma":
/// 2.0, "alpha": 0.25}}, "early_stopping": null}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MlpParams {
    /// Hidden layers, input side first; may be empty (logistic regression
    /// by gradient descent).
    pub hidden: Vec<HiddenLayer>,
    /// Hidden-layer kernel initialiser. Default Glorot uniform (Keras).
    pub init: Init,
    /// Default Adam.
    pub optimizer: OptimizerChoice,
    /// Learning rate in `(0, inf)`. Default `1e-3`.
    pub learning_rate: f64,
    /// SGD momentum in `[0, 1)`; ignored by Adam. Default 0.
    pub momentum: f64,
    /// Rows per minibatch, at least 1. Default `None`: scaled to the
    /// training rows ([`MlpParams::schedule`]).
    pub batch_size: Option<usize>,
    /// Most epochs, at least 1. Default `None`: scaled to the training
    /// rows ([`MlpParams::schedule`]).
    pub epochs: Option<usize>,
    /// Kernel L2 penalty `l2·Σ W²` added to the loss (Keras's
    /// `regularizers.l2`), in `[0, inf)`. Default 0.
    pub l2: f64,
    /// Default [`Loss::Bce`].
    pub loss: Loss,
    /// Per-class row weights in the loss (`balanced` = `total / (2·n_c)`,
    /// the tutorial's). Default none.
    pub class_weight: ClassWeight,
    /// Start the output bias at `ln(pos/neg)` (training-row counts) so the
    /// first predictions equal the base rate. Default `true`.
    pub output_bias_init: bool,
    /// Default [`Batches::Shuffled`].
    pub batches: Batches,
    /// Default on (PR-AUC, scaled patience, restore best). Without
    /// validation data it is skipped.
    pub early_stopping: Option<EarlyStopping>,
}

impl Default for MlpParams {
    fn default() -> Self {
        MlpParams {
            hidden: vec![HiddenLayer::default()],
            init: Init::GlorotUniform,
            optimizer: OptimizerChoice::Adam,
            learning_rate: 1e-3,
            momentum: 0.0,
            batch_size: None,
            epochs: None,
            l2: 0.0,
            loss: Loss::Bce,
            class_weight: ClassWeight::None,
            output_bias_init: true,
            batches: Batches::Shuffled,
            early_stopping: Some(EarlyStopping::default()),
        }
    }
}

/// A hyperparameter outside its interval.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ParamError {
    /// A hidden layer has no units (layers numbered from 1).
    #[error("hidden layer {layer}: units must be at least 1, got 0")]
    Units {
        /// Layer number, from 1.
        layer: usize,
    },
    /// A dropout rate is not in `[0, 1)`.
    #[error("hidden layer {layer}: dropout must be in [0, 1), got {value}")]
    Dropout {
        /// Layer number, from 1.
        layer: usize,
        /// The rate found.
        value: f64,
    },
    /// The learning rate is not in `(0, inf)`.
    #[error("learning_rate must be a positive finite number, got {0}")]
    LearningRate(f64),
    /// Momentum is not in `[0, 1)`.
    #[error("momentum must be in [0, 1), got {0}")]
    Momentum(f64),
    /// `batch_size` is 0.
    #[error("batch_size must be at least 1, got 0")]
    BatchSize,
    /// `epochs` is 0.
    #[error("epochs must be at least 1, got 0")]
    Epochs,
    /// `l2` is not in `[0, inf)`.
    #[error("l2 must be a finite number >= 0, got {0}")]
    L2(f64),
    /// Focal γ is not in `[0, inf)`.
    #[error("focal loss gamma must be a finite number >= 0, got {0}")]
    FocalGamma(f64),
    /// Focal α is not in `[0, 1]`.
    #[error("focal loss alpha must be in [0, 1], got {0}")]
    FocalAlpha(f64),
    /// A custom class weight is not in `(0, inf)`.
    #[error("class weight of the {class} class must be a positive finite number, got {value}")]
    ClassWeight {
        /// `"negative"` or `"positive"`.
        class: &'static str,
        /// The rejected weight.
        value: f64,
    },
    /// Balanced batches with `steps_per_epoch = 0`.
    #[error("balanced batches: steps_per_epoch must be at least 1, got 0; leave it empty for ceil(2·negatives / batch_size)")]
    StepsPerEpoch,
    /// Balanced batches of one row cannot hold both classes.
    #[error("balanced batches need batch_size at least 2, got 1")]
    BalancedBatchSize,
    /// Early stopping with patience 0.
    #[error("early stopping patience must be at least 1, got 0")]
    Patience,
    /// The layers would need more memory than a tab has (the message has the numbers).
    #[error("{0}")]
    TooBig(String),
}

/// The tutorial's batch size, epochs and patience (TensorFlow's
/// imbalanced-data tutorial, 182,276 training rows): what
/// [`MlpParams::schedule`] gives from about 77,000 training rows up.
pub const TUTORIAL_BATCH: usize = 2048;
/// See [`TUTORIAL_BATCH`].
pub const TUTORIAL_EPOCHS: usize = 100;
/// See [`TUTORIAL_BATCH`].
pub const TUTORIAL_PATIENCE: usize = 10;
/// Minibatches per epoch the scaled batch size aims at.
const STEPS_PER_EPOCH: usize = 50;
/// The smallest scaled batch.
const MIN_BATCH: usize = 32;
/// Optimiser steps the scaled epoch cap allows at least (more epochs when
/// an epoch holds few steps), and its ceiling.
const MIN_TOTAL_STEPS: usize = 3000;
const MAX_EPOCHS: usize = 1000;
/// Optimiser steps the scaled patience waits at least.
const MIN_PATIENCE_STEPS: usize = 300;

/// Batch size, epoch cap, steps per epoch and early-stopping patience of
/// one fit, as [`MlpParams::schedule`] resolved them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Schedule {
    /// Rows per minibatch.
    pub batch_size: usize,
    /// Most epochs.
    pub epochs: usize,
    /// Minibatches per epoch.
    pub steps_per_epoch: usize,
    /// Early-stopping patience in epochs; `None` without early stopping.
    pub patience: Option<usize>,
}

/// The power of two nearest to `x` (ties up), at least 1.
fn nearest_power_of_two(x: f64) -> usize {
    if x <= 1.0 {
        return 1;
    }
    let lo = 2f64.powi(x.log2().floor() as i32);
    if x / lo < 2.0 * lo / x {
        lo as usize
    } else {
        (2.0 * lo) as usize
    }
}

impl MlpParams {
    /// The sizes of a fit on `n` training rows with `negatives` negative
    /// rows (balanced batches count those), each given setting kept and
    /// each unset one scaled so that small files get enough optimiser
    /// steps: a fixed batch of 2048 on 6,000 rows is 3 Adam steps an epoch,
    /// and early stopping then ends the fit after a few dozen steps, at
    /// chance.
    ///
    /// - batch: the power of two nearest `n / 50` (about 50 steps an
    ///   epoch), within `[32, 2048]`;
    /// - epochs: 100, or more when an epoch holds few steps, so the cap
    ///   allows at least 3,000 steps (at most 1,000 epochs);
    /// - patience: 10 epochs, or more so that it waits at least 300 steps.
    ///
    /// From about 77,000 training rows up (and always when set) these are
    /// the tutorial's 2048, 100 and 10.
    pub fn schedule(&self, n: usize, negatives: usize) -> Schedule {
        let auto_batch = nearest_power_of_two(n as f64 / STEPS_PER_EPOCH as f64).clamp(MIN_BATCH, TUTORIAL_BATCH);
        let batch_size = self.batch_size.unwrap_or(auto_batch).max(1);
        let steps_per_epoch = match self.batches {
            Batches::Shuffled => n.div_ceil(batch_size.min(n.max(1))).max(1),
            Batches::Balanced { steps_per_epoch } => {
                steps_per_epoch.unwrap_or_else(|| (2 * negatives).div_ceil(batch_size).max(1))
            }
        };
        let epochs = self.epochs.unwrap_or_else(|| {
            MIN_TOTAL_STEPS
                .div_ceil(steps_per_epoch)
                .clamp(TUTORIAL_EPOCHS, MAX_EPOCHS)
        });
        let patience = self.early_stopping.map(|es| {
            es.patience
                .unwrap_or_else(|| MIN_PATIENCE_STEPS.div_ceil(steps_per_epoch).max(TUTORIAL_PATIENCE))
        });
        Schedule {
            batch_size,
            epochs,
            steps_per_epoch,
            patience,
        }
    }

    /// Checks every hyperparameter against its interval.
    pub fn check(self) -> Result<ValidMlp, ParamError> {
        for (i, h) in self.hidden.iter().enumerate() {
            if h.units == 0 {
                return Err(ParamError::Units { layer: i + 1 });
            }
            if !(h.dropout.is_finite() && (0.0..1.0).contains(&h.dropout)) {
                return Err(ParamError::Dropout {
                    layer: i + 1,
                    value: h.dropout,
                });
            }
        }
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return Err(ParamError::LearningRate(self.learning_rate));
        }
        if !(self.momentum.is_finite() && (0.0..1.0).contains(&self.momentum)) {
            return Err(ParamError::Momentum(self.momentum));
        }
        if self.batch_size == Some(0) {
            return Err(ParamError::BatchSize);
        }
        if self.epochs == Some(0) {
            return Err(ParamError::Epochs);
        }
        if !(self.l2.is_finite() && self.l2 >= 0.0) {
            return Err(ParamError::L2(self.l2));
        }
        if let Loss::Focal { gamma, alpha } = self.loss {
            if !(gamma.is_finite() && gamma >= 0.0) {
                return Err(ParamError::FocalGamma(gamma));
            }
            if !(0.0..=1.0).contains(&alpha) {
                return Err(ParamError::FocalAlpha(alpha));
            }
        }
        if let ClassWeight::Custom { negative, positive } = self.class_weight {
            for (class, value) in [("negative", negative), ("positive", positive)] {
                if !(value.is_finite() && value > 0.0) {
                    return Err(ParamError::ClassWeight { class, value });
                }
            }
        }
        if let Batches::Balanced { steps_per_epoch } = self.batches {
            if steps_per_epoch == Some(0) {
                return Err(ParamError::StepsPerEpoch);
            }
            if self.batch_size == Some(1) {
                return Err(ParamError::BalancedBatchSize);
            }
        }
        if let Some(es) = self.early_stopping {
            if es.patience == Some(0) {
                return Err(ParamError::Patience);
            }
        }
        // The hidden layers alone, with one input and no batch: a lower
        // bound, so `60000,60000` is refused before any data is prepared.
        memory_check(1, &self.hidden, 0).map_err(ParamError::TooBig)?;
        Ok(ValidMlp(self))
    }
}

checked_params! {
    /// Checked MLP hyperparameters (see [`MlpParams`]); deserialising checks.
    pub struct ValidMlp(MlpParams as "MlpParams") checked by ParamError;
}

/// Data the MLP cannot be fitted on, or a cancelled fit.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FitError {
    /// `x` has no rows.
    #[error("x has no rows; the neural network needs rows of both classes")]
    NoRows,
    /// `x` has no columns.
    #[error("x has no feature columns; the neural network needs at least one")]
    NoColumns,
    /// `x` and `y` differ in length.
    #[error("x has {x_rows} rows but y has {y_len} labels; they must match")]
    RowMismatch {
        /// Rows of `x`.
        x_rows: usize,
        /// Length of `y`.
        y_len: usize,
    },
    /// A value is NaN or infinite (indices from 0).
    #[error(
        "{set} row index {row}, column index {column}: value {value} is not finite; impute or drop it before fitting"
    )]
    NonFinite {
        /// `"x"` or `"validation x"`.
        set: &'static str,
        /// Row index, from 0.
        row: usize,
        /// Column index, from 0.
        column: usize,
        /// The value found.
        value: f32,
    },
    /// Every training label is the same.
    #[error("y has only {present} rows; the neural network needs both classes")]
    OneClass {
        /// `"negative"` or `"positive"`.
        present: &'static str,
    },
    /// `sample_weight` has the wrong length.
    #[error("sample_weight has {found} values but x has {expected} rows")]
    SampleWeightLength {
        /// Length of `sample_weight`.
        found: usize,
        /// Rows of `x`.
        expected: usize,
    },
    /// A sample weight is negative, NaN or infinite.
    #[error("sample_weight at row index {row} is {value}; weights must be finite and >= 0")]
    BadSampleWeight {
        /// Row index, from 0.
        row: usize,
        /// The weight found.
        value: f64,
    },
    /// The weights of one class sum to zero.
    #[error(
        "sample weights of the {class} rows sum to zero; the neural network needs both classes with positive weight"
    )]
    ZeroClassWeight {
        /// `"negative"` or `"positive"`.
        class: &'static str,
    },
    /// The validation set's shape does not fit.
    #[error("validation x has {rows} rows × {columns} columns and {labels} labels; expected {expected} columns and one label per row")]
    ValidationShape {
        /// Rows of the validation `x`.
        rows: usize,
        /// Columns of the validation `x`.
        columns: usize,
        /// Validation labels.
        labels: usize,
        /// Columns of the training `x`.
        expected: usize,
    },
    /// The network would need more memory than a tab has (the message has the numbers).
    #[error("{0}")]
    TooBig(String),
    /// The monitor asked to stop.
    #[error("neural network fit cancelled")]
    Cancelled(#[from] Cancelled),
}

/// Metrics of one epoch. Training metrics come from the epoch's own
/// minibatch predictions (dropout on, weights changing), as Keras reports
/// them; validation metrics from the weights at the end of the epoch.
/// Precision and recall are at threshold 0.5. `None`: undefined (one class)
/// or no validation set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EpochRecord {
    /// Epoch number, from 1.
    pub epoch: usize,
    /// Mean minibatch loss, L2 penalty included.
    pub train_loss: f64,
    /// Validation loss (unweighted), L2 penalty included.
    pub val_loss: Option<f64>,
    /// Training ROC-AUC.
    pub train_roc_auc: Option<f64>,
    /// Training PR-AUC (average precision).
    pub train_pr_auc: Option<f64>,
    /// Training precision.
    pub train_precision: Option<f64>,
    /// Training recall.
    pub train_recall: Option<f64>,
    /// Validation ROC-AUC.
    pub val_roc_auc: Option<f64>,
    /// Validation PR-AUC (average precision).
    pub val_pr_auc: Option<f64>,
    /// Validation precision.
    pub val_precision: Option<f64>,
    /// Validation recall.
    pub val_recall: Option<f64>,
}

/// The training curve.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct History {
    /// One record per epoch run.
    pub epochs: Vec<EpochRecord>,
    /// The epoch (from 1) early stopping judged best, whose weights were
    /// kept when `restore_best`; `None` without early stopping.
    pub best_epoch: Option<usize>,
    /// Training stopped before `epochs` for lack of improvement.
    pub stopped_early: bool,
    /// The batch size, epoch cap and patience the fit used (unset
    /// settings scaled to the training rows); `None` in files saved before
    /// it was recorded.
    #[serde(default)]
    pub schedule: Option<Schedule>,
}

/// The training-loss tolerance of [`History::loss_settled`]: scikit-learn's
/// `MLPClassifier` defaults (`tol = 1e-4`, `n_iter_no_change = 10`).
pub const LOSS_TOL: f64 = 1e-4;
/// Epochs in a row without an improvement larger than [`LOSS_TOL`].
pub const LOSS_EPOCHS_NO_CHANGE: usize = 10;

impl History {
    /// Whether the optimiser met its tolerance: at some epoch the training
    /// loss had not improved on its best by more than [`LOSS_TOL`] for
    /// [`LOSS_EPOCHS_NO_CHANGE`] epochs in a row (scikit-learn's
    /// `MLPClassifier` convergence rule). Early stopping on the validation
    /// rows is a different thing: a network can stop early with its
    /// training loss still falling.
    pub fn loss_settled(&self) -> bool {
        let mut best = f64::INFINITY;
        let mut no_change = 0;
        for e in &self.epochs {
            if e.train_loss > best - LOSS_TOL {
                no_change += 1;
                if no_change >= LOSS_EPOCHS_NO_CHANGE {
                    return true;
                }
            } else {
                no_change = 0;
            }
            best = best.min(e.train_loss);
        }
        false
    }
}

/// A fitted MLP: `P(y = true | x) = σ(network(x))`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedMlp {
    /// The layers and their weights (output layer: one linear unit).
    pub network: Network,
    /// The training curve.
    pub history: History,
}

/// Rows per forward pass when predicting (bounded memory).
const PREDICT_CHUNK: usize = 8192;

impl FittedMlp {
    /// Features the model expects.
    pub fn n_features(&self) -> usize {
        self.network.n_in()
    }

    /// Checks a model read from a file: the network's shapes and values
    /// ([`Network::check`]) and a last layer with one output (the logit).
    pub fn check(&self) -> Result<(), String> {
        self.network.check()?;
        match self.network.n_out() {
            1 => Ok(()),
            k => Err(format!(
                "the last layer has {k} outputs; a classifier's network ends in 1 (the logit)"
            )),
        }
    }

    /// Logits `z` for each row of `x`.
    pub fn decision_function(&self, x: ArrayView2<f32>) -> Array1<f64> {
        let d = self.n_features();
        if x.ncols() != d {
            // The trait cannot fail; callers (predict) check columns first.
            return Array1::from_elem(x.nrows(), f64::NAN);
        }
        let flat = crate::nn::row_major(x);
        let mut out = Vec::with_capacity(x.nrows());
        for chunk in flat.chunks(PREDICT_CHUNK * d.max(1)) {
            let rows = chunk.len() / d.max(1);
            out.extend(self.network.predict(chunk, rows).iter().map(|&z| z as f64));
        }
        Array1::from(out)
    }
}

impl Classifier for FittedMlp {
    /// `σ(z)`; NaN for every row when `x` has the wrong number of columns.
    fn predict_proba(&self, x: ArrayView2<f32>) -> Array1<f64> {
        self.decision_function(x).mapv(sigmoid)
    }
}

fn first_non_finite(set: &'static str, xs: &[f32], d: usize) -> Result<(), FitError> {
    match crate::nn::first_non_finite(xs, d) {
        Some((row, column, value)) => Err(FitError::NonFinite {
            set,
            row,
            column,
            value,
        }),
        None => Ok(()),
    }
}

/// ROC-AUC, PR-AUC, precision and recall at probability 0.5, from logits:
/// the ranking metrics depend only on the order, which σ keeps (and the
/// logits keep apart scores σ would round to 1), and `σ(z) ≥ 0.5 ⇔ z ≥ 0`.
/// By [`rank_summary_f32`]: the values `RankedScores` gives on the same
/// logits, without building the curves every epoch.
fn score_metrics(y: &[bool], z: &[f32]) -> [Option<f64>; 4] {
    match rank_summary_f32(y, z, 0.0) {
        Ok(r) => [
            r.roc_auc,
            r.average_precision,
            Some(r.confusion.precision()),
            Some(r.confusion.recall()),
        ],
        Err(_) => [None; 4],
    }
}

impl ValidMlp {
    /// Trains on `x` (`n × d`, f32), labels `y` (`true` = positive),
    /// optional non-negative `sample_weight`, and an optional validation set
    /// (for the history and early stopping). `rng` is forked for the
    /// initial weights, the batch order and dropout, so the same seed gives
    /// the same bits. Reports `Progress { stage: "fit", .. }` after every
    /// minibatch (fraction = epochs done / epochs; message like
    /// `epoch 12/100 · loss 0.0031 · val PR-AUC 0.81`) and stops with
    /// [`FitError::Cancelled`] when told.
    pub fn fit(
        &self,
        x: ArrayView2<f32>,
        y: &[bool],
        sample_weight: Option<&[f64]>,
        val: Option<(ArrayView2<f32>, &[bool])>,
        rng: &mut Rng,
        monitor: &mut dyn Monitor,
    ) -> Result<FittedMlp, FitError> {
        let p = &self.0;
        let (n, d) = x.dim();
        if n == 0 {
            return Err(FitError::NoRows);
        }
        if d == 0 {
            return Err(FitError::NoColumns);
        }
        if y.len() != n {
            return Err(FitError::RowMismatch {
                x_rows: n,
                y_len: y.len(),
            });
        }
        let xs = crate::nn::row_major(x);
        first_non_finite("x", &xs, d)?;
        let n_pos = y.iter().filter(|&&v| v).count();
        if n_pos == 0 || n_pos == n {
            let present = if n_pos == 0 { "negative" } else { "positive" };
            return Err(FitError::OneClass { present });
        }
        let val_data = match val {
            Some((vx, vy)) => {
                if vx.ncols() != d || vy.len() != vx.nrows() {
                    return Err(FitError::ValidationShape {
                        rows: vx.nrows(),
                        columns: vx.ncols(),
                        labels: vy.len(),
                        expected: d,
                    });
                }
                let vxs = crate::nn::row_major(vx);
                first_non_finite("validation x", &vxs, d)?;
                Some((vxs, vy))
            }
            None => None,
        };
        let weights = row_weights(p.class_weight, sample_weight, y)?;
        // Before the first layer is allocated.
        let batch = p.schedule(n, n - n_pos).batch_size.min(n);
        memory_check(d, &p.hidden, batch).map_err(FitError::TooBig)?;

        let mut init_rng = rng.fork();
        let mut batch_rng = rng.fork();
        let mut drop_rng = rng.fork();
        let mut layers = Vec::with_capacity(p.hidden.len() + 1);
        let mut width = d;
        for h in &p.hidden {
            layers.push(Dense::new(
                width,
                h.units,
                h.activation,
                h.dropout as f32,
                p.init,
                &mut init_rng,
            ));
            width = h.units;
        }
        let mut out = Dense::new(width, 1, Activation::Linear, 0.0, Init::GlorotUniform, &mut init_rng);
        let balanced = matches!(p.batches, Batches::Balanced { .. });
        if p.output_bias_init && !balanced {
            out.b[0] = (n_pos as f64 / (n - n_pos) as f64).ln() as f32;
        }
        layers.push(out);
        let mut net = Network::new(layers);
        let kind = match p.optimizer {
            OptimizerChoice::Adam => OptimizerKind::Adam { lr: p.learning_rate },
            OptimizerChoice::Sgd => OptimizerKind::Sgd {
                lr: p.learning_rate,
                momentum: p.momentum,
            },
        };
        let mut opt = Optimizer::new(kind, p.l2, &net);

        let positives: Vec<usize> = (0..n).filter(|&i| y[i]).collect();
        let negatives: Vec<usize> = (0..n).filter(|&i| !y[i]).collect();
        let schedule = p.schedule(n, negatives.len());
        let bs = schedule.batch_size.min(match p.batches {
            Batches::Shuffled => n,
            Batches::Balanced { .. } => usize::MAX,
        });
        let steps = schedule.steps_per_epoch;
        let epochs = schedule.epochs;
        let mut order: Vec<usize> = (0..n).collect();
        let mut rows = Vec::with_capacity(bs);
        let (mut yb, mut wb, mut grad) = (Vec::new(), Vec::new(), Vec::new());
        let mut epoch_y = Vec::with_capacity(steps * bs);
        let mut epoch_p = Vec::with_capacity(steps * bs);

        let mut history = History {
            schedule: Some(schedule),
            ..History::default()
        };
        let stopping = p.early_stopping.filter(|_| val_data.is_some());
        let mut best = BestSoFar::new(schedule.patience.unwrap_or(TUTORIAL_PATIENCE));
        let mut line = format!("epoch 1/{epochs}");
        // The last finished epoch's loss and validation PR-AUC, for the
        // sentence of the reports inside the next epoch (as `line` for the CLI).
        let mut last_terms: Vec<(&'static str, f64)> = Vec::new();
        for epoch in 0..epochs {
            if matches!(p.batches, Batches::Shuffled) {
                batch_rng.shuffle(&mut order);
            }
            epoch_y.clear();
            epoch_p.clear();
            let (mut loss_sum, mut loss_rows) = (0.0, 0usize);
            for step in 0..steps {
                rows.clear();
                match p.batches {
                    Batches::Shuffled => rows.extend_from_slice(&order[step * bs..((step + 1) * bs).min(n)]),
                    Batches::Balanced { .. } => {
                        let half = bs / 2;
                        rows.extend((0..half).map(|_| positives[batch_rng.below(positives.len())]));
                        rows.extend((half..bs).map(|_| negatives[batch_rng.below(negatives.len())]));
                    }
                }
                let m = rows.len();
                yb.clear();
                yb.extend(rows.iter().map(|&r| y[r]));
                if let Some(w) = &weights {
                    wb.clear();
                    wb.extend(rows.iter().map(|&r| w[r]));
                }
                let z = net.forward_rows(&xs, &rows, Mode::Train(&mut drop_rng));
                grad.resize(m, 0.0);
                let loss = loss_and_grad(p.loss, z, &yb, weights.as_ref().map(|_| &wb[..]), &mut grad);
                epoch_p.extend_from_slice(z);
                epoch_y.extend_from_slice(&yb);
                net.zero_grad();
                net.backward_slice(&grad, false);
                opt.step(&mut net);
                loss_sum += loss * m as f64;
                loss_rows += m;
                monitor.report(&Progress {
                    stage: "fit",
                    fraction: (epoch as f64 + (step + 1) as f64 / steps as f64) / epochs as f64,
                    message: line.clone(),
                    unit: Some("epoch"),
                    step: Some(epoch),
                    of: Some(epochs),
                    at_most: stopping.is_some(),
                    terms: last_terms.clone(),
                    ..Default::default()
                })?;
            }
            let penalty = opt.penalty(&net);
            let [train_roc_auc, train_pr_auc, train_precision, train_recall] = score_metrics(&epoch_y, &epoch_p);
            let mut rec = EpochRecord {
                epoch: epoch + 1,
                train_loss: loss_sum / loss_rows as f64 + penalty,
                val_loss: None,
                train_roc_auc,
                train_pr_auc,
                train_precision,
                train_recall,
                val_roc_auc: None,
                val_pr_auc: None,
                val_precision: None,
                val_recall: None,
            };
            if let Some((vxs, vy)) = &val_data {
                let rows = vy.len();
                let mut z = Vec::with_capacity(rows);
                for chunk in vxs.chunks(PREDICT_CHUNK * d) {
                    z.extend(net.predict(chunk, chunk.len() / d));
                }
                let mut g = vec![0.0; rows];
                rec.val_loss = Some(loss_and_grad(p.loss, &z, vy, None, &mut g) + penalty);
                let [a, b, c, e] = score_metrics(vy, &z);
                (rec.val_roc_auc, rec.val_pr_auc, rec.val_precision, rec.val_recall) = (a, b, c, e);
            }
            line = epoch_line(&rec, epochs, stopping.map(|s| s.monitor));
            last_terms = std::iter::once(("loss", rec.train_loss))
                .chain(rec.val_pr_auc.map(|v| ("val PR-AUC", v)))
                .collect();
            let mut stop = false;
            if let Some(es) = stopping {
                let value = match es.monitor {
                    Monitored::ValLoss => rec.val_loss.map(|v| -v),
                    Monitored::ValRocAuc => rec.val_roc_auc,
                    Monitored::ValPrAuc => rec.val_pr_auc,
                    Monitored::ValPrecision => rec.val_precision,
                    Monitored::ValRecall => rec.val_recall,
                };
                stop = best.observe(value, epoch + 1, || net.clone());
            }
            let train_loss = rec.train_loss;
            let val = val_data.as_ref().map(|_| ValScores {
                loss: rec.val_loss,
                roc_auc: rec.val_roc_auc,
                pr_auc: rec.val_pr_auc,
                precision: rec.val_precision,
                recall: rec.val_recall,
            });
            history.epochs.push(rec);
            monitor.report(&Progress {
                stage: "fit",
                fraction: (epoch + 1) as f64 / epochs as f64,
                message: line.clone(),
                unit: Some("epoch"),
                step: Some(epoch + 1),
                of: Some(epochs),
                at_most: stopping.is_some(),
                loss: Some(train_loss),
                val,
                ..Default::default()
            })?;
            if stop {
                history.stopped_early = epoch + 1 < epochs;
                break;
            }
        }
        if let Some((epoch, weights)) = best.into_best() {
            history.best_epoch = Some(epoch);
            if stopping.is_some_and(|s| s.restore_best) {
                net = weights;
            }
        }
        Ok(FittedMlp { network: net, history })
    }
}

/// Bytes that training a network of `hidden` layers on `d` features in
/// batches of `batch` rows asks for: 20 per parameter (the weight, its
/// gradient, Adam's two moments, early stopping's copy of the best
/// weights; 4 bytes each) and 16 per unit per batch row (activation,
/// dropout mask, output, gradient), plus one prediction chunk's two
/// buffers. In `f64` so absurd widths do not overflow.
pub fn training_bytes(d: usize, hidden: &[HiddenLayer], batch: usize) -> (f64, f64) {
    let mut params = 0.0;
    let mut units = 0.0;
    let mut widest = d as f64;
    let mut width = d as f64;
    for w in hidden.iter().map(|h| h.units as f64).chain([1.0]) {
        params += width * w + w;
        units += w;
        widest = widest.max(w);
        width = w;
    }
    let bytes = 20.0 * params + 16.0 * units * batch as f64 + 8.0 * widest * PREDICT_CHUNK as f64;
    (bytes, params)
}

/// [`training_bytes`] against [`limits::MEMORY_BUDGET`], with the numbers.
fn memory_check(d: usize, hidden: &[HiddenLayer], batch: usize) -> Result<(), String> {
    let (bytes, params) = training_bytes(d, hidden, batch);
    if bytes <= limits::MEMORY_BUDGET as f64 {
        return Ok(());
    }
    let widths: Vec<String> = hidden.iter().map(|h| h.units.to_string()).collect();
    Err(limits::too_big(
        &format!("a network with hidden layers {}", widths.join(", ")),
        bytes,
        &format!(
            "{} weights at 20 bytes each for the weights, their gradients, Adam's moments and the best epoch's copy",
            limits::count_text(params as u64)
        ),
        "use fewer or narrower hidden layers",
    ))
}

/// `epoch 12/100 · loss 0.0031 · val PR-AUC 0.81`.
fn epoch_line(rec: &EpochRecord, epochs: usize, monitored: Option<Monitored>) -> String {
    let mut s = format!("epoch {}/{} · loss {:.4}", rec.epoch, epochs, rec.train_loss);
    let (name, value) = match monitored.unwrap_or(Monitored::ValPrAuc) {
        Monitored::ValLoss => ("val loss", rec.val_loss),
        Monitored::ValRocAuc => ("val ROC-AUC", rec.val_roc_auc),
        Monitored::ValPrAuc => ("val PR-AUC", rec.val_pr_auc),
        Monitored::ValPrecision => ("val precision", rec.val_precision),
        Monitored::ValRecall => ("val recall", rec.val_recall),
    };
    if let Some(v) = value {
        s.push_str(&format!(" · {name} {v:.4}"));
    }
    s
}

/// Per-row loss weights: sample weight × class weight, or `None` when every
/// row weighs 1 (the loss then skips the multiplications).
fn row_weights(
    class_weight: ClassWeight,
    sample_weight: Option<&[f64]>,
    y: &[bool],
) -> Result<Option<Vec<f32>>, FitError> {
    let n = y.len();
    if let Some(sw) = sample_weight {
        if sw.len() != n {
            return Err(FitError::SampleWeightLength {
                found: sw.len(),
                expected: n,
            });
        }
        if let Some((row, &value)) = sw.iter().enumerate().find(|(_, v)| !(v.is_finite() && **v >= 0.0)) {
            return Err(FitError::BadSampleWeight { row, value });
        }
    }
    let sw = |i: usize| sample_weight.map_or(1.0, |s| s[i]);
    let total = |positive: bool| -> f64 { (0..n).filter(|&i| y[i] == positive).map(sw).sum() };
    let (neg_total, pos_total) = (total(false), total(true));
    for (class, t) in [("negative", neg_total), ("positive", pos_total)] {
        if !(t > 0.0 && t.is_finite()) {
            return Err(FitError::ZeroClassWeight { class });
        }
    }
    let (w_neg, w_pos) = match class_weight {
        ClassWeight::None => (1.0, 1.0),
        ClassWeight::Balanced => {
            let t = neg_total + pos_total;
            (t / (2.0 * neg_total), t / (2.0 * pos_total))
        }
        ClassWeight::Custom { negative, positive } => (negative, positive),
    };
    if sample_weight.is_none() && w_neg == 1.0 && w_pos == 1.0 {
        return Ok(None);
    }
    Ok(Some(
        (0..n)
            .map(|i| (sw(i) * if y[i] { w_pos } else { w_neg }) as f32)
            .collect(),
    ))
}
