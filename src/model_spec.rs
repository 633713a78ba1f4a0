//! What a run is asked to fit: one serde `ModelSpec` per model (kind,
//! settings, imbalance technique), how a spec is fitted on prepared rows,
//! and the fitted model of any kind. The page, the CLI, grid search and the
//! model file all speak this one form. Knows nothing of CSV, JS or files.
//!
//! Imbalance techniques live in two places, as they act in two places:
//! class weights are a setting of each model's loss (`class_weight`), while
//! resampling (`resampling`: oversample / undersample / SMOTE) rewrites the
//! training rows before any model sees them, so every kind can use it.
//! Balanced 50/50 batches are the MLP's own (`params.batches`).

use crate::data;
use crate::imbalance::{resample, ResampleError, Resampling};
use crate::models::forest::{FittedForest, ValidForest};
use crate::models::gbdt::{FittedGbdt, GbdtFitError, ValidGbdt};
use crate::models::logistic::{self, ClassWeight, FittedLogistic, LogisticParams};
use crate::models::majority::{fit_majority, FittedMajority};
use crate::models::mlp::{self, Batches, FittedMlp, History, MlpParams, ValidMlp};
use crate::models::tree::{FittedTree, TreeFitError, ValidTree};
use crate::models::Classifier;
use crate::nn::loss::Loss;
use crate::progress::Monitor;
use crate::rng::Rng;
use ndarray::{Array1, Array2, ArrayView2, Axis};
use serde::{Deserialize, Serialize};

/// A model to fit. In JSON, `{"kind": "logistic", "c": 1.0, ...}`,
/// `{"kind": "mlp", "params": {...}}`, `{"kind": "tree", "params": {...}}`,
/// `{"kind": "forest", ...}`, `{"kind": "gbdt", "params": {...}}`,
/// `{"kind": "majority"}`; every field optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ModelSpec {
    /// L2-penalised logistic regression.
    Logistic(LogisticSpec),
    /// A multi-layer perceptron (default the tutorial's 16-relu network).
    Mlp(MlpSpec),
    /// A CART decision tree.
    Tree(TreeSpec),
    /// A random forest.
    Forest(ForestSpec),
    /// Histogram-based gradient-boosted trees.
    Gbdt(GbdtSpec),
    /// Always the training positive rate: the "knowing nothing" baseline.
    Majority(MajoritySpec),
}

/// Logistic-regression settings (see [`LogisticParams`] for their meaning).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LogisticSpec {
    /// A display name; defaults to a description of the settings.
    pub name: Option<String>,
    /// Inverse regularisation strength, in (0, inf). Defaults to 1.
    pub c: f64,
    /// Class weights. Defaults to none.
    pub class_weight: ClassWeight,
    /// Gradient tolerance. Defaults to 1e-6.
    pub tol: f64,
    /// Iteration cap. Defaults to 1000.
    pub max_iter: usize,
    /// Resampling of the training rows. Defaults to none.
    pub resampling: Resampling,
}

impl Default for LogisticSpec {
    fn default() -> Self {
        LogisticSpec {
            name: None,
            c: 1.0,
            class_weight: ClassWeight::None,
            tol: 1e-6,
            max_iter: 1000,
            resampling: Resampling::None,
        }
    }
}

/// MLP settings: [`MlpParams`] (checked when fitted) plus resampling.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MlpSpec {
    pub name: Option<String>,
    pub params: MlpParams,
    pub resampling: Resampling,
}

/// Decision-tree settings ([`ValidTree`] is checked as it is read).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TreeSpec {
    pub name: Option<String>,
    pub params: ValidTree,
    pub resampling: Resampling,
}

impl Default for TreeSpec {
    /// Depth 5: the "small decision tree" of a signal check, not a fully
    /// grown one that memorises the training rows.
    fn default() -> Self {
        TreeSpec {
            name: None,
            params: crate::models::tree::TreeParams::default()
                .max_depth(Some(5))
                .min_samples_leaf(5)
                .check()
                .unwrap_or_default(),
            resampling: Resampling::None,
        }
    }
}

/// Random-forest settings ([`ValidForest`] is checked as it is read).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ForestSpec {
    pub name: Option<String>,
    pub params: ValidForest,
    pub resampling: Resampling,
}

/// Boosted-trees settings ([`ValidGbdt`] is checked as it is read).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GbdtSpec {
    pub name: Option<String>,
    pub params: ValidGbdt,
    pub resampling: Resampling,
}

/// The majority-class baseline has no settings but a name.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MajoritySpec {
    pub name: Option<String>,
}

/// The imbalance techniques of the command line and the comparison view,
/// each mapped onto a spec's settings by [`ModelSpec::with_imbalance`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Imbalance {
    None,
    ClassWeight,
    Oversample,
    Undersample,
    Smote,
    BalancedBatches,
}

impl std::str::FromStr for Imbalance {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().replace('_', "-").as_str() {
            "none" => Imbalance::None,
            "class-weight" | "balanced" => Imbalance::ClassWeight,
            "oversample" => Imbalance::Oversample,
            "undersample" => Imbalance::Undersample,
            "smote" => Imbalance::Smote,
            "balanced-batches" => Imbalance::BalancedBatches,
            other => {
                return Err(format!(
                    "imbalance technique \"{other}\" is not none, class-weight, oversample, undersample, smote or balanced-batches"
                ))
            }
        })
    }
}

impl ModelSpec {
    /// The kind's short name, as in reports ("logistic").
    pub fn kind(&self) -> &'static str {
        match self {
            ModelSpec::Logistic(_) => "logistic",
            ModelSpec::Mlp(_) => "mlp",
            ModelSpec::Tree(_) => "tree",
            ModelSpec::Forest(_) => "forest",
            ModelSpec::Gbdt(_) => "gbdt",
            ModelSpec::Majority(_) => "majority",
        }
    }

    fn name_slot(&mut self) -> &mut Option<String> {
        match self {
            ModelSpec::Logistic(s) => &mut s.name,
            ModelSpec::Mlp(s) => &mut s.name,
            ModelSpec::Tree(s) => &mut s.name,
            ModelSpec::Forest(s) => &mut s.name,
            ModelSpec::Gbdt(s) => &mut s.name,
            ModelSpec::Majority(s) => &mut s.name,
        }
    }

    /// Forgets a user-given name, so the name describes the settings again
    /// (a grid cell's settings differ from its base's).
    pub fn clear_name(&mut self) {
        *self.name_slot() = None;
    }

    /// Gives the spec a display name.
    pub fn named(mut self, name: impl Into<String>) -> ModelSpec {
        *self.name_slot() = Some(name.into());
        self
    }

    fn resampling(&self) -> Resampling {
        match self {
            ModelSpec::Logistic(s) => s.resampling,
            ModelSpec::Mlp(s) => s.resampling,
            ModelSpec::Tree(s) => s.resampling,
            ModelSpec::Forest(s) => s.resampling,
            ModelSpec::Gbdt(s) => s.resampling,
            ModelSpec::Majority(_) => Resampling::None,
        }
    }

    /// Applies an imbalance technique: class weights become `balanced`, a
    /// resampling is set on the training rows, balanced batches switch the
    /// MLP's batch stream. A technique the kind cannot use is an error.
    pub fn with_imbalance(mut self, technique: Imbalance) -> Result<ModelSpec, String> {
        let kind = self.kind();
        let resampling = match technique {
            Imbalance::None | Imbalance::ClassWeight | Imbalance::BalancedBatches => Resampling::None,
            Imbalance::Oversample => Resampling::oversample(),
            Imbalance::Undersample => Resampling::undersample(),
            Imbalance::Smote => Resampling::smote(5),
        };
        match &mut self {
            ModelSpec::Majority(_) if technique != Imbalance::None => {
                return Err("the majority-class baseline takes no imbalance technique".into())
            }
            ModelSpec::Majority(_) => {}
            ModelSpec::Mlp(s) => {
                s.resampling = resampling;
                s.params.class_weight = class_weight_of(technique);
                s.params.batches = if technique == Imbalance::BalancedBatches {
                    Batches::Balanced { steps_per_epoch: None }
                } else {
                    Batches::Shuffled
                };
            }
            _ if technique == Imbalance::BalancedBatches => {
                return Err(format!(
                    "balanced-batches needs a model trained in minibatches (mlp), not {kind}; use oversample for the same idea"
                ))
            }
            ModelSpec::Logistic(s) => {
                s.resampling = resampling;
                s.class_weight = class_weight_of(technique);
            }
            ModelSpec::Tree(s) => {
                s.resampling = resampling;
                s.params = s.params.with_class_weight(class_weight_of(technique));
            }
            ModelSpec::Forest(s) => {
                s.resampling = resampling;
                s.params = s.params.with_class_weight(class_weight_of(technique));
            }
            ModelSpec::Gbdt(s) => {
                s.resampling = resampling;
                s.params = s.params.with_class_weight(class_weight_of(technique));
            }
        }
        Ok(self)
    }

    /// Sets one setting by its grid / command-line key: `imbalance=smote`,
    /// a field of the spec (`C=10`, `class_weight=balanced`) or of its
    /// params (`learning_rate=0.01`, `max_depth=3`). Values are read as a
    /// number, `true`/`false`, `null`/`none`, or text, whichever the
    /// setting accepts; the result is checked like a config read from JSON.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        if key == "imbalance" {
            *self = self.clone().with_imbalance(value.parse()?)?;
            return Ok(());
        }
        let key = if key == "C" { "c" } else { key };
        let json = serde_json::to_value(&*self).map_err(|e| e.to_string())?;
        let at_top = json.get(key).is_some() && key != "kind";
        let in_params = json.get("params").and_then(|p| p.get(key)).is_some();
        if !at_top && !in_params {
            return Err(format!(
                "{} has no setting \"{key}\"; use {}",
                self.kind(),
                self.setting_names()
            ));
        }
        let is_number = if at_top { &json[key] } else { &json["params"][key] }.is_number();
        let v = value.trim();
        let mut candidates = Vec::new();
        if let Ok(i) = v.parse::<u64>() {
            candidates.push(serde_json::Value::from(i));
        }
        if let Some(n) = v.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            candidates.push(serde_json::Value::Number(n));
        }
        match v {
            "true" => candidates.push(serde_json::Value::Bool(true)),
            "false" => candidates.push(serde_json::Value::Bool(false)),
            "null" | "none" => candidates.push(serde_json::Value::Null),
            _ => {}
        }
        candidates.push(serde_json::Value::String(v.to_string()));
        // The first candidate's error: the most specific reading failed there
        // (a number out of range says so, not "expected a number, got text").
        let mut first: Option<String> = None;
        for c in candidates {
            let mut tried = json.clone();
            if at_top {
                tried[key] = c;
            } else {
                tried["params"][key] = c;
            }
            match serde_json::from_value::<ModelSpec>(tried) {
                Ok(spec) => {
                    *self = spec;
                    return Ok(());
                }
                Err(e) => {
                    first.get_or_insert_with(|| e.to_string());
                }
            }
        }
        if is_number && v.parse::<f64>().is_err() {
            return Err(format!("{key}={value}: \"{value}\" is not a number"));
        }
        Err(format!("{key}={value}: {}", first.unwrap_or_default()))
    }

    /// The keys [`set`](ModelSpec::set) takes for this kind.
    pub fn setting_names(&self) -> String {
        let json = serde_json::to_value(self).unwrap_or_default();
        let mut names: Vec<String> = vec!["imbalance".into()];
        if let Some(obj) = json.as_object() {
            for (k, v) in obj {
                match k.as_str() {
                    "kind" | "name" => {}
                    "params" => names.extend(v.as_object().into_iter().flat_map(|p| p.keys().cloned())),
                    "c" => names.push("C".into()),
                    _ => names.push(k.clone()),
                }
            }
        }
        names.join(", ")
    }

    /// Whether fitting uses validation rows (MLP and boosted-trees early
    /// stopping).
    pub fn uses_validation(&self) -> bool {
        match self {
            ModelSpec::Mlp(s) => s.params.early_stopping.is_some(),
            ModelSpec::Gbdt(s) => s.params.uses_validation(),
            _ => false,
        }
    }

    /// The name shown in tables and legends.
    pub fn name(&self) -> String {
        let named = match self {
            ModelSpec::Logistic(s) => &s.name,
            ModelSpec::Mlp(s) => &s.name,
            ModelSpec::Tree(s) => &s.name,
            ModelSpec::Forest(s) => &s.name,
            ModelSpec::Gbdt(s) => &s.name,
            ModelSpec::Majority(s) => &s.name,
        };
        if let Some(n) = named {
            return n.clone();
        }
        let resampled = match self.resampling() {
            Resampling::None => String::new(),
            Resampling::Oversample { .. } => ", oversampled".into(),
            Resampling::Undersample { .. } => ", undersampled".into(),
            Resampling::Smote { k, .. } => format!(", SMOTE k={k}"),
        };
        match self {
            ModelSpec::Logistic(s) => format!("logistic (C={}{}{resampled})", s.c, weight_text(s.class_weight)),
            ModelSpec::Mlp(s) => {
                let layers: Vec<String> = s.params.hidden.iter().map(|h| h.units.to_string()).collect();
                let batches = match s.params.batches {
                    Batches::Balanced { .. } => ", balanced batches",
                    Batches::Shuffled => "",
                };
                let loss = match s.params.loss {
                    Loss::Bce => String::new(),
                    Loss::Focal { gamma, alpha } => format!(", focal γ={gamma} α={alpha}"),
                    Loss::SoftF1 => ", soft-F1".to_string(),
                };
                format!(
                    "MLP ({}{}{batches}{loss}{resampled})",
                    if layers.is_empty() {
                        "linear".into()
                    } else {
                        layers.join("-")
                    },
                    weight_text(s.params.class_weight)
                )
            }
            ModelSpec::Tree(s) => format!(
                "tree (depth {}{}{resampled})",
                s.params.max_depth().map_or("∞".to_string(), |d| d.to_string()),
                weight_text(s.params.class_weight())
            ),
            ModelSpec::Forest(s) => format!(
                "forest ({} trees{}{resampled})",
                s.params.n_trees(),
                weight_text(s.params.class_weight())
            ),
            ModelSpec::Gbdt(s) => format!(
                "gbdt ({} rounds, rate {}{}{resampled})",
                s.params.n_rounds(),
                s.params.learning_rate(),
                weight_text(s.params.class_weight())
            ),
            ModelSpec::Majority(_) => "majority class".into(),
        }
    }
}

fn class_weight_of(technique: Imbalance) -> ClassWeight {
    if technique == Imbalance::ClassWeight {
        ClassWeight::Balanced
    } else {
        ClassWeight::None
    }
}

fn weight_text(w: ClassWeight) -> String {
    match w {
        ClassWeight::None => String::new(),
        ClassWeight::Balanced => ", balanced".to_string(),
        ClassWeight::Custom { negative, positive } => format!(", weights {negative}:{positive}"),
    }
}

/// A fitted model of any kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FittedModel {
    Logistic(FittedLogistic),
    Mlp(FittedMlp),
    Tree(FittedTree),
    Forest(FittedForest),
    Gbdt(FittedGbdt),
    Majority(FittedMajority),
}

impl Classifier for FittedModel {
    fn predict_proba(&self, x: ArrayView2<f32>) -> Array1<f64> {
        match self {
            FittedModel::Logistic(m) => m.predict_proba(x),
            FittedModel::Mlp(m) => m.predict_proba(x),
            FittedModel::Tree(m) => m.predict_proba(x),
            FittedModel::Forest(m) => m.predict_proba(x),
            FittedModel::Gbdt(m) => m.predict_proba(x),
            FittedModel::Majority(m) => m.predict_proba(x),
        }
    }
}

impl FittedModel {
    /// The number of features the model reads; `None` for the majority
    /// baseline, which reads none.
    pub fn n_features(&self) -> Option<usize> {
        match self {
            FittedModel::Logistic(m) => Some(m.n_features()),
            FittedModel::Mlp(m) => Some(m.n_features()),
            FittedModel::Tree(m) => Some(m.n_features()),
            FittedModel::Forest(m) => m.trees.first().map(|t| t.n_features()),
            FittedModel::Gbdt(m) => Some(m.n_features()),
            FittedModel::Majority(_) => None,
        }
    }

    /// Checks what deserialising cannot: shapes that must agree, finite
    /// weights, a non-empty ensemble, a rate in `[0, 1]`. (Logistic
    /// weights are checked with the pipeline in `ModelFile::check`; a
    /// tree checks itself when read.)
    pub fn check(&self) -> Result<(), String> {
        match self {
            FittedModel::Mlp(m) => m.check(),
            FittedModel::Forest(m) => m.check(),
            FittedModel::Majority(m) if !(0.0..=1.0).contains(&m.positive_rate) => Err(format!(
                "the majority baseline's positive rate is {}; it must be in [0, 1]",
                m.positive_rate
            )),
            // A boosted model checks its trees when it is read (`gbdt::model`).
            FittedModel::Logistic(_) | FittedModel::Tree(_) | FittedModel::Majority(_) | FittedModel::Gbdt(_) => Ok(()),
        }
    }

    /// Importance of each feature, in the pipeline's feature order, for
    /// the kinds that measure it (boosted trees: total split gain).
    pub fn feature_importance(&self) -> Option<Vec<f64>> {
        match self {
            FittedModel::Gbdt(m) => Some(m.feature_importance()),
            _ => None,
        }
    }

    /// The training history of models fitted epoch by epoch.
    pub fn history(&self) -> Option<&History> {
        match self {
            FittedModel::Mlp(m) => Some(&m.history),
            _ => None,
        }
    }
}

/// A fitted model and how its fit went.
#[derive(Debug, Clone)]
pub struct FitOutcome {
    pub model: FittedModel,
    /// Solver iterations, epochs or trees.
    pub n_iter: usize,
    /// The optimiser met its own tolerance (see
    /// [`crate::experiment::ModelReport::converged`]); false when it
    /// stopped at its cap, or early stopping ended it before the
    /// tolerance was met.
    pub converged: bool,
    /// Early stopping ended the fit (the validation metric stalled).
    pub stopped_early: bool,
    /// Training rows after resampling.
    pub train_rows: usize,
}

/// Why a model could not be fitted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    #[error("{model}: {source}")]
    Settings {
        model: String,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("{model}: {source}")]
    Fit {
        model: String,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("{model}: resampling the training rows: {source}")]
    Resample { model: String, source: ResampleError },
    #[error("cancelled")]
    Cancelled,
}

/// Fits one model on prepared rows. Resampling, if any, rewrites `x` and `y`
/// first (validation rows are never resampled). `val` is used by models that
/// stop early; `rng` is the fit's own stream, so a fit gives the same bits
/// whatever else runs.
pub fn fit_model(
    spec: &ModelSpec,
    x: ArrayView2<f32>,
    y: &[bool],
    val: Option<(ArrayView2<f32>, &[bool])>,
    rng: &mut Rng,
    monitor: &mut dyn Monitor,
) -> Result<FitOutcome, ModelError> {
    let name = spec.name();
    let settings = |source: Box<dyn std::error::Error + Send + Sync>| ModelError::Settings {
        model: name.clone(),
        source,
    };
    let fit_error = |source: Box<dyn std::error::Error + Send + Sync>| ModelError::Fit {
        model: name.clone(),
        source,
    };
    let resampling = spec.resampling();
    resampling.check().map_err(|e| settings(e.into()))?;
    let mut resample_rng = rng.fork();
    let resampled;
    let (x, y) = if resampling == Resampling::None {
        (x, y)
    } else {
        resampled = resample(x, y, &resampling, &mut resample_rng).map_err(|source| ModelError::Resample {
            model: name.clone(),
            source,
        })?;
        (resampled.0.view(), resampled.1.as_slice())
    };
    let train_rows = y.len();
    let mut stopped_early = false;
    let (model, n_iter, converged) = match spec {
        ModelSpec::Logistic(s) => {
            let params = LogisticParams::default()
                .c(s.c)
                .class_weight(s.class_weight)
                .tol(s.tol)
                .max_iter(s.max_iter)
                .check()
                .map_err(|e| settings(e.into()))?;
            let fitted = params.fit(x, y, None, monitor).map_err(|e| match e {
                logistic::FitError::Cancelled(_) => ModelError::Cancelled,
                e => fit_error(e.into()),
            })?;
            let (n, c) = (fitted.n_iter, fitted.converged);
            (FittedModel::Logistic(fitted), n, c)
        }
        ModelSpec::Mlp(s) => {
            let params: ValidMlp = s.params.clone().check().map_err(|e| settings(e.into()))?;
            let fitted = params.fit(x, y, None, val, rng, monitor).map_err(|e| match e {
                mlp::FitError::Cancelled(_) => ModelError::Cancelled,
                e => fit_error(e.into()),
            })?;
            let n = fitted.history.epochs.len();
            stopped_early = fitted.history.stopped_early;
            let settled = fitted.history.loss_settled();
            (FittedModel::Mlp(fitted), n, settled)
        }
        ModelSpec::Tree(s) => {
            let fitted = s
                .params
                .fit(x, y, None, rng, monitor)
                .map_err(|e| tree_error(e, fit_error))?;
            let depth = fitted.depth();
            (FittedModel::Tree(fitted), depth, true)
        }
        ModelSpec::Forest(s) => {
            let fitted = s
                .params
                .fit(x, y, None, rng, monitor)
                .map_err(|e| tree_error(e, fit_error))?;
            let n = fitted.trees.len();
            (FittedModel::Forest(fitted), n, true)
        }
        ModelSpec::Gbdt(s) => {
            // Without validation rows (cross-validation folds), early
            // stopping holds out a stratified fifth of the training rows;
            // with too few rows to hold any out, all rounds are kept.
            let mut hold_rng = rng.fork();
            let held: Option<[(Array2<f32>, Vec<bool>); 2]> = match val {
                None if s.params.uses_validation() => hold_out_validation(y, &mut hold_rng).ok().map(|(tr, va)| {
                    [tr, va].map(|rows| (x.select(Axis(0), &rows), rows.iter().map(|&i| y[i]).collect()))
                }),
                _ => None,
            };
            let fitted = match &held {
                Some([(xt, yt), (xv, yv)]) => s.params.fit(xt.view(), yt, Some((xv.view(), yv)), rng, monitor),
                None => s.params.fit(x, y, val, rng, monitor),
            }
            .map_err(|e| match e {
                GbdtFitError::Cancelled(_) => ModelError::Cancelled,
                e => fit_error(e.into()),
            })?;
            let n = fitted.trees().len();
            (FittedModel::Gbdt(fitted), n, true)
        }
        ModelSpec::Majority(_) => {
            let fitted = fit_majority(y, None).map_err(|e| fit_error(e.into()))?;
            (FittedModel::Majority(fitted), 0, true)
        }
    };
    Ok(FitOutcome {
        model,
        n_iter,
        converged,
        stopped_early,
        train_rows,
    })
}

fn tree_error(
    e: TreeFitError,
    fit_error: impl Fn(Box<dyn std::error::Error + Send + Sync>) -> ModelError,
) -> ModelError {
    match e {
        TreeFitError::Cancelled(_) => ModelError::Cancelled,
        e => fit_error(e.into()),
    }
}

/// Validation rows for a fit that needs them when none were set aside
/// (cross-validation folds): a stratified fifth of the training rows.
/// Returns (train positions, validation positions) into `y`.
pub fn hold_out_validation(y: &[bool], rng: &mut Rng) -> Result<(Vec<usize>, Vec<usize>), data::SplitError> {
    let split = data::stratified_split(
        y,
        data::SplitFractions {
            train: 0.8,
            val: 0.2,
            test: 0.0,
        },
        rng,
    )?;
    Ok((split.train, split.val))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_reads_numbers_words_and_nulls_where_the_setting_takes_them() {
        let mut s = ModelSpec::Logistic(LogisticSpec::default());
        s.set("C", "0.01").unwrap();
        s.set("class_weight", "balanced").unwrap();
        let ModelSpec::Logistic(l) = &s else { panic!() };
        assert_eq!((l.c, l.class_weight), (0.01, ClassWeight::Balanced));
        let err = s.set("C", "abc").unwrap_err();
        assert!(err.contains("\"abc\" is not a number"), "{err}");
        let err = s.set("gamma", "1").unwrap_err();
        assert!(err.contains("no setting \"gamma\"") && err.contains("C"), "{err}");

        let mut t = ModelSpec::Tree(TreeSpec::default());
        t.set("max_depth", "none").unwrap();
        t.set("min_samples_leaf", "20").unwrap();
        let ModelSpec::Tree(tree) = &t else { panic!() };
        assert_eq!((tree.params.max_depth(), tree.params.min_samples_leaf()), (None, 20));
        // The tree's own check runs: a leaf of 0 rows is refused.
        assert!(t.set("min_samples_leaf", "0").is_err());

        let mut m = ModelSpec::Mlp(MlpSpec::default());
        m.set("learning_rate", "0.01").unwrap();
        m.set("early_stopping", "null").unwrap();
        assert!(!m.uses_validation());
    }

    #[test]
    fn imbalance_maps_onto_each_kind() {
        let mlp = ModelSpec::Mlp(MlpSpec::default());
        let ModelSpec::Mlp(b) = mlp.clone().with_imbalance(Imbalance::BalancedBatches).unwrap() else {
            panic!()
        };
        assert_eq!(b.params.batches, Batches::Balanced { steps_per_epoch: None });
        let ModelSpec::Mlp(w) = mlp.with_imbalance(Imbalance::ClassWeight).unwrap() else {
            panic!()
        };
        assert_eq!(w.params.class_weight, ClassWeight::Balanced);
        let lr = ModelSpec::Logistic(LogisticSpec::default());
        let err = lr.clone().with_imbalance(Imbalance::BalancedBatches).unwrap_err();
        assert!(err.contains("mlp"), "{err}");
        let s = lr.with_imbalance(Imbalance::Smote).unwrap();
        assert_eq!(s.name(), "logistic (C=1, SMOTE k=5)");
        let mut g = ModelSpec::Forest(ForestSpec::default());
        g.set("imbalance", "undersample").unwrap();
        assert!(g.name().contains("undersampled"), "{}", g.name());
        assert!("sideways"
            .parse::<Imbalance>()
            .unwrap_err()
            .contains("balanced-batches"));
    }

    #[test]
    fn specs_read_from_the_page_json() {
        let spec: ModelSpec =
            serde_json::from_str(r#"{"kind":"mlp","params":{"epochs":3},"resampling":{"method":"smote"}}"#).unwrap();
        let ModelSpec::Mlp(m) = &spec else { panic!() };
        assert_eq!(m.params.epochs, Some(3));
        assert_eq!(m.resampling, Resampling::smote(5));
        let err = serde_json::from_str::<ModelSpec>(r#"{"kind":"tree","params":{"max_depth":0}}"#).unwrap_err();
        assert!(err.to_string().contains("depth"), "{err}");
    }
}
