//! Python text for the scripts: literals, the scikit-learn estimator of each
//! model kind with the run's settings, and the notebook form of a
//! percent-format script.

use crate::experiment::ModelSpec;
use crate::imbalance::Resampling;
use crate::models::logistic::ClassWeight;
use serde_json::{json, Value};

/// A Python string literal (a JSON string is one: same escapes).
pub fn py_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A Python list of already-written items, `per_line` to a line.
pub fn py_list(items: &[String], per_line: usize) -> String {
    if items.len() <= per_line {
        return format!("[{}]", items.join(", "));
    }
    let lines: Vec<String> = items
        .chunks(per_line.max(1))
        .map(|c| format!("    {},", c.join(", ")))
        .collect();
    format!("[\n{}\n]", lines.join("\n"))
}

/// A JSON value as a Python literal.
/// [`py`] of `v`, or `default` (Python text) when `v` is null.
fn or_py(v: &Value, default: &str) -> String {
    if v.is_null() {
        default.into()
    } else {
        py(v)
    }
}

fn py(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => py_str(s),
        Value::Array(a) => format!("[{}]", a.iter().map(py).collect::<Vec<_>>().join(", ")),
        Value::Object(o) => format!(
            "{{{}}}",
            o.iter()
                .map(|(k, v)| format!("{}: {}", py_str(k), py(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// scikit-learn's `class_weight` for a rareclass class weighting.
fn class_weight(w: &ClassWeight) -> String {
    match w {
        ClassWeight::None => "None".into(),
        ClassWeight::Balanced => "\"balanced\"".into(),
        ClassWeight::Custom { negative, positive } => format!("{{0: {negative:?}, 1: {positive:?}}}"),
    }
}

/// The same from a spec's JSON (`"none"`, `"balanced"`, `{"custom": …}`).
fn class_weight_json(v: &Value) -> String {
    serde_json::from_value::<ClassWeight>(v.clone()).map_or("None".into(), |w| class_weight(&w))
}

/// scikit-learn's `max_features` for a rareclass one (`"all"` = every feature).
fn max_features(v: &Value) -> String {
    match v {
        Value::String(s) if s == "all" => "None".into(),
        Value::Object(o) => o.values().next().map_or("None".into(), py),
        other => py(other),
    }
}

/// The estimator, its imports, and a note on how close it is.
pub struct SklearnModel {
    pub imports: String,
    pub code: String,
    pub note: String,
}

/// The scikit-learn estimator for `spec` with its settings, and the
/// resampling step before fitting.
pub fn sklearn_model(spec: &ModelSpec) -> SklearnModel {
    let v = serde_json::to_value(spec).unwrap_or(Value::Null);
    let p = v.get("params").cloned().unwrap_or(json!({}));
    let get = |k: &str| p.get(k).cloned().unwrap_or(Value::Null);
    let (imports, make, note) = match spec {
        ModelSpec::Logistic(s) => (
            "from sklearn.linear_model import LogisticRegression",
            format!(
                "    # rareclass minimises the same objective (C, class weights, intercept not\n    \
                 # penalised); Newton's method reaches the optimum as tightly as rareclass does.\n    \
                 return LogisticRegression(C={:?}, class_weight={}{}, solver=\"newton-cholesky\", tol=1e-10, max_iter=1000)",
                s.params.c,
                class_weight(&s.params.class_weight),
                if s.params.fit_intercept { "" } else { ", fit_intercept=False" }
            ),
            "Logistic regression has one optimum, so the coefficients and metrics agree with rareclass's to solver tolerance.",
        ),
        ModelSpec::Tree(_) => (
            "from sklearn.tree import DecisionTreeClassifier",
            format!(
                "    return DecisionTreeClassifier(max_depth={}, min_samples_split={}, min_samples_leaf={},\n    \
                 max_features={}, class_weight={}, random_state=SEED)",
                py(&get("max_depth")),
                py(&get("min_samples_split")),
                py(&get("min_samples_leaf")),
                max_features(&get("max_features")),
                class_weight_json(&get("class_weight"))
            ),
            "CART with the same settings: with every feature tried at each node the tree matches rareclass's up to ties.",
        ),
        ModelSpec::Forest(_) => (
            "from sklearn.ensemble import RandomForestClassifier",
            format!(
                "    return RandomForestClassifier(n_estimators={}, bootstrap={}, max_depth={}, min_samples_split={},\n    \
                 min_samples_leaf={}, max_features={}, class_weight={}, random_state=SEED, n_jobs=-1)",
                py(&get("n_trees")),
                py(&get("bootstrap")),
                py(&get("max_depth")),
                py(&get("min_samples_split")),
                py(&get("min_samples_leaf")),
                max_features(&get("max_features")),
                class_weight_json(&get("class_weight"))
            ),
            "A random forest with the same settings; its random draws are numpy's, so its metrics are close to rareclass's, not equal.",
        ),
        ModelSpec::Mlp(_) => {
            let hidden: Vec<String> = get("hidden")
                .as_array()
                .map(|a| a.iter().map(|l| py(&l["units"])).collect())
                .unwrap_or_default();
            let activation = get("hidden")
                .as_array()
                .and_then(|a| a.first())
                .map_or("\"relu\"".into(), |l| {
                    let a = l["activation"].as_str().unwrap_or("relu");
                    py_str(if a == "sigmoid" { "logistic" } else if a == "linear" { "identity" } else { a })
                });
            (
                "from sklearn.neural_network import MLPClassifier",
                format!(
                    "    # scikit-learn's MLP has no dropout, class weights, focal or soft-F1 loss.\n    \
                     return MLPClassifier(hidden_layer_sizes=({},), activation={activation}, solver={}, alpha={},\n    \
                     learning_rate_init={}, batch_size={}, max_iter={}, random_state=SEED)",
                    hidden.join(", "),
                    py_str(if get("optimizer") == json!("sgd") { "sgd" } else { "adam" }),
                    py(&get("l2")),
                    py(&get("learning_rate")),
                    // Unset, rareclass scales these to the training rows
                    // (MlpParams::schedule); scikit-learn's own defaults
                    // ('auto' = min(200, rows), 200 iterations) stand in.
                    or_py(&get("batch_size"), "'auto'"),
                    or_py(&get("epochs"), "200")
                ),
                "scikit-learn's MLPClassifier with the same layers and optimiser settings; it lacks dropout, class weights and the other losses, so its metrics differ from rareclass's.",
            )
        }
        ModelSpec::Gbdt(_) => (
            "from sklearn.ensemble import HistGradientBoostingClassifier",
            format!(
                "    # rareclass stops on its validation rows; HGB holds out its own fifth of the\n    \
                 # training rows. HGB has no per-round row or per-tree feature subsampling.\n    \
                 return HistGradientBoostingClassifier(max_iter={}, learning_rate={}, max_leaf_nodes={}, max_depth={},\n    \
                 min_samples_leaf={}, l2_regularization={}, max_bins={}, class_weight={},\n    \
                 early_stopping={}, scoring={}, n_iter_no_change={}, validation_fraction=0.2, random_state=SEED)",
                py(&get("n_rounds")),
                py(&get("learning_rate")),
                py(&get("max_leaves")),
                py(&get("max_depth")),
                py(&get("min_samples_leaf")),
                py(&get("lambda")),
                py(&get("max_bins")),
                class_weight_json(&get("class_weight")),
                if get("early_stopping") == json!("none") { "False" } else { "True" },
                py_str(if get("early_stopping") == json!("val_loss") { "loss" } else { "average_precision" }),
                py(&get("patience"))
            ),
            "scikit-learn's histogram gradient boosting with the same tree and boosting settings (its own bins and validation rows), so its metrics are close to rareclass's, not equal.",
        ),
        ModelSpec::Majority(_) => (
            "from sklearn.dummy import DummyClassifier",
            "    return DummyClassifier(strategy=\"prior\")".to_string(),
            "The majority baseline scores every row with the training positive rate, as rareclass does.",
        ),
    };
    let resampling = match spec {
        ModelSpec::Logistic(s) => s.resampling,
        ModelSpec::Mlp(s) => s.resampling,
        ModelSpec::Tree(s) => s.resampling,
        ModelSpec::Forest(s) => s.resampling,
        ModelSpec::Gbdt(s) => s.resampling,
        ModelSpec::Majority(_) => Resampling::None,
    };
    let resample = match resampling {
        Resampling::None => String::new(),
        Resampling::Oversample { ratio } => format!(
            "    from imblearn.over_sampling import RandomOverSampler  # pip install imbalanced-learn\n    \
             x, y = RandomOverSampler(sampling_strategy={ratio:?}, random_state=SEED).fit_resample(x, y)\n"
        ),
        Resampling::Undersample { ratio } => format!(
            "    from imblearn.under_sampling import RandomUnderSampler  # pip install imbalanced-learn\n    \
             x, y = RandomUnderSampler(sampling_strategy={ratio:?}, random_state=SEED).fit_resample(x, y)\n"
        ),
        Resampling::Smote { k, ratio } => format!(
            "    from imblearn.over_sampling import SMOTE  # pip install imbalanced-learn\n    \
             x, y = SMOTE(sampling_strategy={ratio:?}, k_neighbors={k}, random_state=SEED).fit_resample(x, y)\n"
        ),
    };
    let note = if resample.is_empty() {
        note.to_string()
    } else {
        format!(
            "{note} The training rows are resampled first with imbalanced-learn (other random draws than rareclass's)."
        )
    };
    SklearnModel {
        imports: imports.to_string(),
        code: format!(
            "def make_model():\n{make}\n\n\ndef fit(model, x, y):\n{resample}    model.fit(x, y)\n    return model"
        ),
        note,
    }
}

/// A percent-format script (`# %%` cells) as an nbformat-4 notebook: code
/// cells as they are, `# %% [markdown]` cells with the leading `# ` taken
/// off each line. A notebook has no command line, so `main()` reads no
/// arguments.
pub fn notebook_of(script: &str) -> String {
    let script = script.replace("args = parser.parse_args()", "args = parser.parse_args([])");
    // Blocks start at lines beginning with "# %%" (a "# %%" inside a line is text).
    let mut blocks: Vec<(bool, String)> = Vec::new();
    for line in script.lines() {
        if let Some(marker) = line.strip_prefix("# %%") {
            blocks.push((marker.trim() == "[markdown]", String::new()));
        } else if let Some((_, body)) = blocks.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    let mut cells = Vec::new();
    for (markdown, body) in blocks.iter().filter(|(_, b)| !b.trim().is_empty()) {
        let markdown = *markdown;
        let body = body.trim_matches('\n');
        let lines: Vec<String> = if markdown {
            body.lines()
                .map(|l| {
                    l.strip_prefix("# ")
                        .or_else(|| l.strip_prefix('#'))
                        .unwrap_or(l)
                        .to_string()
                })
                .collect()
        } else {
            body.lines().map(str::to_string).collect()
        };
        let n = lines.len();
        let source: Vec<String> = lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| if i + 1 < n { l + "\n" } else { l })
            .collect();
        cells.push(if markdown {
            json!({ "cell_type": "markdown", "metadata": {}, "source": source })
        } else {
            json!({ "cell_type": "code", "metadata": {}, "source": source, "execution_count": null, "outputs": [] })
        });
    }
    let nb = json!({
        "nbformat": 4,
        "nbformat_minor": 4,
        "metadata": {
            "kernelspec": { "name": "python3", "display_name": "Python 3", "language": "python" },
            "language_info": { "name": "python" }
        },
        "cells": cells,
    });
    serde_json::to_string_pretty(&nb).unwrap_or_default() + "\n"
}
