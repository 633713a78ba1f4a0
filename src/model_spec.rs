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
use crate::models::gbdt::{FittedGbdt, ValidGbdt};
use crate::models::logistic::{self, ClassWeight, FittedLogistic, LogisticParams, ValidLogistic};
use crate::models::majority::{fit_majority, FittedMajority};
use crate::models::mlp::{Batches, FittedMlp, History, ValidMlp};
use crate::models::tree::{FittedTree, TreeParams, ValidTree};
use crate::models::Classifier;
use crate::nn::loss::Loss;
use crate::progress::Monitor;
use crate::rng::Rng;
use ndarray::{Array1, ArrayView2};
use serde::{Deserialize, Serialize};

/// A model to fit. In JSON every kind has one shape, `{"kind": K, "name":
/// …, "params": {…}, "resampling": {…}}`: `kind` one of `logistic`,
/// `mlp`, `tree`, `forest`, `gbdt`, `majority`; every other field
/// optional; `params` the kind's checked hyperparameters (see
/// `crate::models` for the one pattern they share), their defaults in
/// their own `Default`. The majority baseline has no params and no
/// resampling (it ignores the rows' features).
///
/// A logistic spec written before `params` existed, flat
/// (`{"kind": "logistic", "c": 0.5, "class_weight": "balanced", "tol":
/// 1e-6, "max_iter": 1000, "resampling": …}`), still reads and means the
/// same model: saved model files, configs and the page's saved runs hold
/// that form.
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

/// Logistic-regression settings ([`ValidLogistic`] is checked as it is
/// read); also reads the flat form of older files.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(try_from = "LogisticSpecRead")]
pub struct LogisticSpec {
    /// A display name; defaults to a description of the settings.
    pub name: Option<String>,
    pub params: ValidLogistic,
    /// Resampling of the training rows. Defaults to none.
    pub resampling: Resampling,
}

/// What a logistic spec may hold when read: the `params` form, or the flat
/// one of older files (settings beside `kind`), not both.
#[derive(Deserialize)]
#[serde(default)]
struct LogisticSpecRead {
    name: Option<String>,
    params: Option<LogisticParams>,
    resampling: Resampling,
    c: Option<f64>,
    class_weight: Option<ClassWeight>,
    tol: Option<f64>,
    max_iter: Option<usize>,
}

impl Default for LogisticSpecRead {
    fn default() -> Self {
        LogisticSpecRead {
            name: None,
            params: None,
            resampling: Resampling::None,
            c: None,
            class_weight: None,
            tol: None,
            max_iter: None,
        }
    }
}

impl TryFrom<LogisticSpecRead> for LogisticSpec {
    type Error = String;
    fn try_from(r: LogisticSpecRead) -> Result<Self, String> {
        let flat = r.c.is_some() || r.class_weight.is_some() || r.tol.is_some() || r.max_iter.is_some();
        let params = match r.params {
            Some(_) if flat => {
                return Err(
                    "a logistic spec holds its settings in \"params\" (or, as older files did, beside \"kind\"), not in both".into(),
                )
            }
            Some(p) => p,
            // The flat form's defaults were tol 1e-6 and 1000 iterations,
            // as `LogisticParams::default()` is now: the same model.
            None => {
                let d = LogisticParams::default();
                LogisticParams {
                    c: r.c.unwrap_or(d.c),
                    class_weight: r.class_weight.unwrap_or(d.class_weight),
                    tol: r.tol.unwrap_or(d.tol),
                    max_iter: r.max_iter.unwrap_or(d.max_iter),
                    ..d
                }
            }
        };
        Ok(LogisticSpec {
            name: r.name,
            params: params.check().map_err(|e| e.to_string())?,
            resampling: r.resampling,
        })
    }
}

/// MLP settings ([`ValidMlp`] is checked as it is read) plus resampling.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MlpSpec {
    pub name: Option<String>,
    pub params: ValidMlp,
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
    /// Depth 5, 5 rows a leaf: the "small decision tree" of a signal
    /// check, not a fully grown one that memorises the training rows. The
    /// one kind whose spec default is not its params' default: a tree
    /// spec with no `params` at all (`{"kind": "tree"}`) has always meant
    /// this tree, and `"params": {}` scikit-learn's; both still do.
    fn default() -> Self {
        TreeSpec {
            name: None,
            params: TreeParams::default()
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
    /// Every kind, as `kind` names it in JSON.
    pub const KINDS: [&'static str; 6] = ["logistic", "mlp", "tree", "forest", "gbdt", "majority"];

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
                let mut p = s.params.params().clone();
                p.class_weight = class_weight_of(technique);
                p.batches = if technique == Imbalance::BalancedBatches {
                    Batches::Balanced { steps_per_epoch: None }
                } else {
                    Batches::Shuffled
                };
                s.params = p.check().map_err(|e| format!("{technique:?}: {e}"))?;
            }
            _ if technique == Imbalance::BalancedBatches => {
                return Err(format!(
                    "balanced-batches needs a model trained in minibatches (mlp), not {kind}; use oversample for the same idea"
                ))
            }
            ModelSpec::Logistic(s) => {
                s.resampling = resampling;
                s.params = s.params.with_class_weight(class_weight_of(technique));
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

    /// A kind's spec with every setting at its default: what
    /// `{"kind": K}` reads as. `None` for an unknown kind.
    pub fn default_of(kind: &str) -> Option<ModelSpec> {
        serde_json::from_value(serde_json::json!({ "kind": kind })).ok()
    }

    /// Sets one setting by its key, as the command line's `--set KEY=VALUE`,
    /// a grid axis and the library's `modelSpec(kind, settings)` name it
    /// ([`setting_keys`](ModelSpec::setting_keys) lists a kind's keys):
    ///
    /// - `imbalance=smote` (see [`with_imbalance`](ModelSpec::with_imbalance));
    /// - a field of the kind's params: `C=10` (or `c`), `solver=lbfgs`,
    ///   `max_depth=3`, `learning_rate=0.01`;
    /// - a field inside one, dotted: `early_stopping.patience=5`,
    ///   `loss.focal.gamma=3` (a missing or `null` parent is made, its other
    ///   fields at their defaults);
    /// - `resampling=smote`, `resampling.ratio=0.5`, `resampling.k=3`;
    /// - `name=…`.
    ///
    /// Values are read as a number, `true`/`false`, `null`/`none`, JSON
    /// (`max_features={"count":4}`), a variant word whose fields take their
    /// defaults (`loss=focal`, `batches=balanced`) or text, whichever the
    /// setting accepts; `hidden=64,32` sets the layer widths, each layer
    /// keeping the first one's activation and dropout. The result is
    /// checked like a spec read from JSON.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let key = key.trim();
        if key == "imbalance" {
            *self = self.clone().with_imbalance(value.parse()?)?;
            return Ok(());
        }
        if self.kind() == "mlp" && LAYER_KEYS.contains(&key) {
            return self.set_every_layer(key, value);
        }
        let json = serde_json::to_value(&*self).map_err(|e| e.to_string())?;
        let path = self.path_of(key, &json)?;
        let current = path.iter().try_fold(&json, |v, k| v.get(k.as_str()));
        let is_number = current.is_some_and(serde_json::Value::is_number);
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
        if v.starts_with(['[', '{']) {
            candidates.extend(serde_json::from_str::<serde_json::Value>(v).ok());
        }
        if path == ["params", "hidden"] {
            candidates.extend(layer_widths(v, current));
        }
        candidates.push(serde_json::Value::String(v.to_string()));
        if path == ["resampling"] {
            candidates.push(serde_json::json!({ "method": v }));
        }
        candidates.push(serde_json::json!({ v: {} }));
        // The first candidate's error: the most specific reading failed there
        // (a number out of range says so, not "expected a number, got text").
        let mut first: Option<String> = None;
        for c in candidates {
            let mut tried = json.clone();
            put(&mut tried, &path, c);
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

    /// `dropout=0.3` / `activation=tanh`: the same on every hidden layer
    /// (as `hidden=64,32` copies the first layer's to each).
    fn set_every_layer(&mut self, key: &str, value: &str) -> Result<(), String> {
        let mut json = serde_json::to_value(&*self).map_err(|e| e.to_string())?;
        let v = value.trim();
        let candidate = match v.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            Some(n) => serde_json::Value::Number(n),
            None => serde_json::Value::String(v.to_string()),
        };
        let layers = json["params"]["hidden"].as_array_mut().filter(|l| !l.is_empty());
        let Some(layers) = layers else {
            return Err(format!(
                "{key}={value}: the network has no hidden layers to set it on; give some with hidden=16"
            ));
        };
        for layer in layers {
            layer[key] = candidate.clone();
        }
        *self = serde_json::from_value(json).map_err(|e| format!("{key}={value}: {e}"))?;
        Ok(())
    }

    /// The value `key` has in this spec's JSON (`None` when the key names
    /// nothing it holds: an unknown key, or `resampling.k` without SMOTE).
    /// `dropout` and `activation` read the first hidden layer's.
    pub fn value_of(&self, key: &str) -> Option<serde_json::Value> {
        let json = serde_json::to_value(self).ok()?;
        if self.kind() == "mlp" && LAYER_KEYS.contains(&key) {
            return json["params"]["hidden"].get(0).and_then(|l| l.get(key)).cloned();
        }
        let path = self.path_of(key, &json).ok()?;
        path.iter().try_fold(&json, |v, k| v.get(k.as_str())).cloned()
    }

    /// Where `key` lives in this spec's JSON, or why it names no setting.
    fn path_of(&self, key: &str, json: &serde_json::Value) -> Result<Vec<String>, String> {
        let key = if key == "C" { "c" } else { key };
        let mut segments: Vec<String> = key.split('.').map(str::to_string).collect();
        let head = segments[0].as_str();
        let found = match head {
            "name" if segments.len() == 1 => true,
            "resampling" => json.get("resampling").is_some(),
            _ => {
                let in_params = json.get("params").and_then(|p| p.get(head)).is_some();
                if in_params {
                    segments.insert(0, "params".into());
                }
                in_params
            }
        };
        if !found || segments.iter().any(String::is_empty) {
            return Err(format!(
                "{} has no setting \"{key}\"; use {}",
                self.kind(),
                self.setting_names()
            ));
        }
        Ok(segments)
    }

    /// The keys [`set`](ModelSpec::set) takes for this kind: `imbalance`,
    /// each field of the kind's params (and of a params field that is an
    /// object by default, dotted), `resampling` with its `ratio` and `k`,
    /// and `name`, params fields in alphabetical order. Logistic
    /// regression's `c` is written `C`, as everywhere.
    pub fn setting_keys(&self) -> Vec<String> {
        let default = ModelSpec::default_of(self.kind()).unwrap_or_else(|| self.clone());
        let json = serde_json::to_value(&default).unwrap_or_default();
        let mut keys: Vec<String> = Vec::new();
        if json.get("resampling").is_some() {
            keys.push("imbalance".into());
        }
        if let Some(params) = json.get("params").and_then(|p| p.as_object()) {
            for (k, v) in params {
                keys.push(if k == "c" { "C".into() } else { k.clone() });
                if k == "hidden" {
                    keys.extend(LAYER_KEYS.map(String::from));
                }
                if let Some(inner) = v.as_object() {
                    keys.extend(inner.keys().map(|i| format!("{k}.{i}")));
                }
            }
        }
        if json.get("resampling").is_some() {
            keys.extend(["resampling", "resampling.ratio", "resampling.k"].map(String::from));
        }
        keys.push("name".into());
        keys
    }

    /// [`setting_keys`](ModelSpec::setting_keys), comma-separated.
    pub fn setting_names(&self) -> String {
        self.setting_keys().join(", ")
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
            ModelSpec::Logistic(s) => format!(
                "logistic (C={}{}{resampled})",
                s.params.c,
                weight_text(s.params.class_weight)
            ),
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

/// The MLP's per-layer settings [`ModelSpec::set`] sets on every hidden
/// layer at once.
const LAYER_KEYS: [&str; 2] = ["activation", "dropout"];

/// Writes `value` at `path` in `json`, making each missing or non-object
/// parent an object on the way (`early_stopping: null` →
/// `{"patience": 5}`; `loss: "bce"` → `{"focal": {"gamma": 3}}`).
fn put(json: &mut serde_json::Value, path: &[String], value: serde_json::Value) {
    let mut at = json;
    for key in &path[..path.len() - 1] {
        if !at.get(key.as_str()).is_some_and(serde_json::Value::is_object) {
            at[key.as_str()] = serde_json::json!({});
        }
        at = &mut at[key.as_str()];
    }
    if !at.is_object() {
        *at = serde_json::json!({});
    }
    at[path[path.len() - 1].as_str()] = value;
}

/// `hidden=64,32`: hidden layers of these widths, each as the first layer
/// now is but for its units (the activation and dropout stay).
fn layer_widths(text: &str, current: Option<&serde_json::Value>) -> Option<serde_json::Value> {
    let widths: Vec<u64> = text.split(',').map(|w| w.trim().parse().ok()).collect::<Option<_>>()?;
    let template = current
        .and_then(|h| h.get(0))
        .cloned()
        .unwrap_or_else(|| serde_json::json!({}));
    Some(serde_json::Value::Array(
        widths
            .into_iter()
            .map(|units| {
                let mut layer = template.clone();
                layer["units"] = units.into();
                layer
            })
            .collect(),
    ))
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
    fit_model_part(spec, x, y, val, rng, None, monitor)
}

/// [`fit_model`], or with `trees` a part of it: a forest's trees in that
/// range only (see [`crate::models::forest::ValidForest::fit_trees`]), the
/// same bits as those trees of the whole fit, so parts grown by several
/// workers join into the forest one fit makes. `trees` on another kind is
/// refused.
pub fn fit_model_part(
    spec: &ModelSpec,
    x: ArrayView2<f32>,
    y: &[bool],
    val: Option<(ArrayView2<f32>, &[bool])>,
    rng: &mut Rng,
    trees: Option<std::ops::Range<usize>>,
    monitor: &mut dyn Monitor,
) -> Result<FitOutcome, ModelError> {
    let name = spec.name();
    if trees.is_some() && !matches!(spec, ModelSpec::Forest(_)) {
        return Err(ModelError::Settings {
            model: name,
            source: "only a random forest can be fitted in parts (ranges of its trees)".into(),
        });
    }
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
    let (model, n_iter, converged, stopped_early) = match spec {
        ModelSpec::Logistic(s) => {
            let fitted = s.params.fit(x, y, None, monitor).map_err(|e| match e {
                logistic::FitError::Cancelled(_) => ModelError::Cancelled,
                e => fit_error(e.into()),
            })?;
            let (n, c) = (fitted.n_iter, fitted.converged);
            (FittedModel::Logistic(fitted), n, c, false)
        }
        ModelSpec::Majority(_) => {
            let fitted = fit_majority(y, None).map_err(|e| fit_error(e.into()))?;
            (FittedModel::Majority(fitted), 0, true, false)
        }
        // The page's first-view module has no code for the other kinds
        // (crate::app::first_view refuses them before a run starts).
        #[cfg(feature = "first-view")]
        _ => {
            let _ = (val, rng, trees);
            return Err(settings("this kind needs rareclass's full engine".into()));
        }
        #[cfg(not(feature = "first-view"))]
        heavier => fit_heavier(heavier, x, y, val, rng, trees, monitor, &fit_error)?,
    };
    Ok(FitOutcome {
        model,
        n_iter,
        converged,
        stopped_early,
        train_rows,
    })
}

/// [`fit_model_part`]'s networks and trees: (model, iterations, converged,
/// stopped early).
#[cfg(not(feature = "first-view"))]
#[allow(clippy::too_many_arguments)]
fn fit_heavier(
    spec: &ModelSpec,
    x: ArrayView2<f32>,
    y: &[bool],
    val: Option<(ArrayView2<f32>, &[bool])>,
    rng: &mut Rng,
    trees: Option<std::ops::Range<usize>>,
    monitor: &mut dyn Monitor,
    fit_error: &dyn Fn(Box<dyn std::error::Error + Send + Sync>) -> ModelError,
) -> Result<(FittedModel, usize, bool, bool), ModelError> {
    Ok(match spec {
        ModelSpec::Logistic(_) | ModelSpec::Majority(_) => return Err(fit_error("fitted by fit_model_part".into())),
        ModelSpec::Mlp(s) => {
            let fitted = s.params.fit(x, y, None, val, rng, monitor).map_err(|e| match e {
                crate::models::mlp::FitError::Cancelled(_) => ModelError::Cancelled,
                e => fit_error(e.into()),
            })?;
            let n = fitted.history.epochs.len();
            let (settled, early) = (fitted.history.loss_settled(), fitted.history.stopped_early);
            (FittedModel::Mlp(fitted), n, settled, early)
        }
        ModelSpec::Tree(s) => {
            let fitted = s
                .params
                .fit(x, y, None, rng, monitor)
                .map_err(|e| tree_error(e, fit_error))?;
            let depth = fitted.depth();
            (FittedModel::Tree(fitted), depth, true, false)
        }
        ModelSpec::Forest(s) => {
            let fitted = s
                .params
                .fit_trees(x, y, None, rng, trees.unwrap_or(0..s.params.n_trees()), monitor)
                .map_err(|e| tree_error(e, fit_error))?;
            let n = fitted.trees.len();
            (FittedModel::Forest(fitted), n, true, false)
        }
        ModelSpec::Gbdt(s) => {
            // Without validation rows (cross-validation folds), early
            // stopping holds out a stratified fifth of the training rows;
            // with too few rows to hold any out, all rounds are kept.
            let mut hold_rng = rng.fork();
            let held: Option<[(ndarray::Array2<f32>, Vec<bool>); 2]> = match val {
                None if s.params.uses_validation() => hold_out_validation(y, &mut hold_rng).ok().map(|(tr, va)| {
                    [tr, va].map(|rows| (x.select(ndarray::Axis(0), &rows), rows.iter().map(|&i| y[i]).collect()))
                }),
                _ => None,
            };
            let fitted = match &held {
                Some([(xt, yt), (xv, yv)]) => s.params.fit(xt.view(), yt, Some((xv.view(), yv)), rng, monitor),
                None => s.params.fit(x, y, val, rng, monitor),
            }
            .map_err(|e| match e {
                crate::models::gbdt::GbdtFitError::Cancelled(_) => ModelError::Cancelled,
                e => fit_error(e.into()),
            })?;
            let n = fitted.trees().len();
            (FittedModel::Gbdt(fitted), n, true, false)
        }
    })
}

#[cfg(not(feature = "first-view"))]
fn tree_error(
    e: crate::models::tree::TreeFitError,
    fit_error: impl Fn(Box<dyn std::error::Error + Send + Sync>) -> ModelError,
) -> ModelError {
    match e {
        crate::models::tree::TreeFitError::Cancelled(_) => ModelError::Cancelled,
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
        assert_eq!((l.params.c(), l.params.class_weight()), (0.01, ClassWeight::Balanced));
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

    #[test]
    fn a_flat_logistic_spec_reads_as_the_same_model_as_its_params_form() {
        let flat: ModelSpec = serde_json::from_str(
            r#"{"kind": "logistic", "name": null, "c": 0.5, "class_weight": "balanced", "tol": 1e-06,
                "max_iter": 1000, "resampling": {"method": "smote", "k": 3}}"#,
        )
        .unwrap();
        let nested: ModelSpec = serde_json::from_str(
            r#"{"kind": "logistic", "params": {"c": 0.5, "class_weight": "balanced"},
                "resampling": {"method": "smote", "k": 3}}"#,
        )
        .unwrap();
        assert_eq!(flat, nested);
        // The flat form's defaults were tol 1e-6 and 1000 iterations (the
        // old `LogisticSpec::default`); they still are.
        let ModelSpec::Logistic(old) = serde_json::from_str(r#"{"kind": "logistic"}"#).unwrap() else {
            panic!()
        };
        assert_eq!(
            (old.params.c(), old.params.tol(), old.params.max_iter()),
            (1.0, 1e-6, 1000)
        );
        // Both forms at once, or a bad value in either, is refused with a reason.
        let both = serde_json::from_str::<ModelSpec>(r#"{"kind": "logistic", "c": 2, "params": {"c": 3}}"#);
        assert!(both.unwrap_err().to_string().contains("not in both"));
        let bad = serde_json::from_str::<ModelSpec>(r#"{"kind": "logistic", "c": 0}"#);
        assert!(bad
            .unwrap_err()
            .to_string()
            .contains("C must be a positive finite number, got 0"));
        let typo = serde_json::from_str::<ModelSpec>(r#"{"kind": "logistic", "params": {"solvr": "lbfgs"}}"#);
        assert!(typo.unwrap_err().to_string().contains("solvr"));
        // Written back, it takes the one shape.
        let json = serde_json::to_value(&flat).unwrap();
        assert_eq!(json["params"]["solver"], "auto");
        assert!(json.get("c").is_none(), "{json}");
    }

    /// Every setting of every kind (the table the CLI's test shares): a
    /// value other than its default, and where it must land in the spec's
    /// JSON. The key lists must equal `setting_keys()`.
    #[test]
    fn every_setting_key_of_every_kind_round_trips_through_set() {
        const EXAMPLES: &[(&str, &str, &str, &str)] = include!("../tests/common/setting_examples.rs");
        type Row<'a> = (&'a str, &'a str, serde_json::Value);
        let cases: Vec<(&str, Vec<Row>)> = ModelSpec::KINDS
            .iter()
            .map(|&kind| {
                let rows = EXAMPLES
                    .iter()
                    .filter(|row| row.0 == kind)
                    .map(|&(_, key, value, want)| (key, value, serde_json::from_str(want).unwrap()))
                    .collect();
                (kind, rows)
            })
            .collect();
        for (kind, settings) in cases {
            let default = ModelSpec::default_of(kind).unwrap();
            let mut expected_keys: Vec<String> = settings.iter().map(|(k, _, _)| k.to_string()).collect();
            if kind != "majority" {
                expected_keys.insert(0, "imbalance".into());
                expected_keys.extend(["resampling", "resampling.ratio", "resampling.k"].map(String::from));
            }
            expected_keys.push("name".into());
            let mut keys = default.setting_keys();
            keys.sort();
            expected_keys.sort();
            assert_eq!(keys, expected_keys, "{kind}");
            for (key, value, want) in settings {
                let mut spec = default.clone();
                spec.set(key, value)
                    .unwrap_or_else(|e| panic!("{kind} {key}={value}: {e}"));
                let json = serde_json::to_value(&spec).unwrap();
                let pointer = match key {
                    "C" => "/c".to_string(),
                    "dropout" | "activation" => format!("/hidden/0/{key}"),
                    k => format!("/{}", k.replace('.', "/")),
                };
                let got = json["params"].pointer(&pointer).unwrap_or(&serde_json::Value::Null);
                assert_eq!(got, &want, "{kind} {key}={value}");
                assert_ne!(spec, default, "{kind} {key}={value} changed nothing");
                // What `set` made reads back from JSON as itself.
                assert_eq!(serde_json::from_value::<ModelSpec>(json).unwrap(), spec, "{kind} {key}");
            }
            if kind != "majority" {
                let mut spec = default.clone();
                spec.set("resampling", "smote").unwrap();
                spec.set("resampling.k", "3").unwrap();
                spec.set("resampling.ratio", "0.5").unwrap();
                let json = serde_json::to_value(&spec).unwrap();
                assert_eq!(
                    json["resampling"],
                    serde_json::json!({"method": "smote", "k": 3, "ratio": 0.5})
                );
            }
            let mut named = default.clone();
            named.set("name", "mine").unwrap();
            assert_eq!(named.name(), "mine");
        }
    }
}
