//! Every setting of a model kind, listed for a form (the page's "All
//! settings"): its key as [`ModelSpec::set`] takes it, its default written
//! as `set` reads it back, and what kind of value it takes (a number, a
//! whole number, yes/no, one of some words, or text). Everything is read
//! off the kind's default spec and `set` itself — the defaults and the
//! choices live in the params types, not here — so a setting added to a
//! params type appears in the list without a line in this file. Knows
//! nothing of JS or the DOM.

use serde::Serialize;

use crate::model_spec::ModelSpec;

/// What a setting's value is, for the field that edits it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum SettingForm {
    /// A number (`0.05`, `1e-4`).
    Number,
    /// A whole number.
    Integer,
    /// `true` or `false`.
    Bool,
    /// One of `choices`; `open` when the setting also takes forms written
    /// as JSON that no single word names (`class_weight` =
    /// `{"custom": {…}}`, `max_features` = `{"count": 4}`).
    Choice { choices: Vec<String>, open: bool },
    /// Anything else, written as `set` reads it (layer widths `64,32`,
    /// JSON for a group of settings).
    Text,
}

/// One setting of a kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Setting {
    /// The key [`ModelSpec::set`] takes (`C`, `early_stopping.patience`).
    pub key: String,
    /// The default, as `set` reads it back; empty for "none" (an optional
    /// setting left out: no depth limit, epochs scaled to the rows).
    pub value: String,
    #[serde(flatten)]
    pub form: SettingForm,
    /// Empty (none) is a value it takes.
    pub optional: bool,
}

/// The words an imbalance technique is named by (`imbalance=…`), in menu order.
const IMBALANCE_WORDS: [&str; 6] = [
    "none",
    "class-weight",
    "oversample",
    "undersample",
    "smote",
    "balanced-batches",
];

/// Every setting of `kind` with its default, or `None` for an unknown kind.
/// The keys are [`ModelSpec::setting_keys`] plus, for a choice whose
/// variant has settings of its own, those (`loss.focal.gamma`), each after
/// the key it belongs to.
pub fn settings_of(kind: &str) -> Option<Vec<Setting>> {
    let default = ModelSpec::default_of(kind)?;
    let mut out = Vec::new();
    for key in default.setting_keys() {
        let setting = describe(&default, &key);
        let variants: Vec<String> = match &setting.form {
            SettingForm::Choice { choices, .. } if key != "imbalance" => choices.clone(),
            _ => Vec::new(),
        };
        out.push(setting);
        // `loss=focal` has γ and α; `batches=balanced` its steps per epoch.
        for variant in variants {
            let mut spec = default.clone();
            if spec.set(&key, &variant).is_err() {
                continue;
            }
            let inner = spec.value_of(&key);
            let Some(fields) = inner.as_ref().and_then(|v| v.get(&variant)).and_then(|v| v.as_object()) else {
                continue;
            };
            for field in fields.keys() {
                out.push(describe(&spec, &format!("{key}.{variant}.{field}")));
            }
        }
    }
    Some(out)
}

/// `key` of `spec`: its value now and its form.
fn describe(spec: &ModelSpec, key: &str) -> Setting {
    if key == "imbalance" {
        let choices = IMBALANCE_WORDS
            .iter()
            .filter(|w| spec.clone().with_imbalance(w.parse().expect("a listed word")).is_ok())
            .map(|w| w.to_string())
            .collect();
        return Setting {
            key: key.into(),
            value: "none".into(),
            form: SettingForm::Choice { choices, open: false },
            optional: false,
        };
    }
    // A resampling's ratio and k belong to a method the default lacks:
    // their defaults are SMOTE's.
    let (spec, current) = match spec.value_of(key) {
        Some(v) => (spec.clone(), v),
        None => {
            let mut smote = spec.clone();
            let v = smote
                .set("resampling", "smote")
                .ok()
                .and_then(|()| smote.value_of(key))
                .unwrap_or(serde_json::Value::Null);
            (smote, v)
        }
    };
    let value = match &current {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(layers) if key == "hidden" => layers
            .iter()
            .map(|l| l["units"].to_string())
            .collect::<Vec<_>>()
            .join(","),
        serde_json::Value::Object(o) if key == "resampling" => {
            o.get("method").and_then(|m| m.as_str()).unwrap_or_default().to_string()
        }
        other => other.to_string(),
    };
    let (form, optional) = match &current {
        serde_json::Value::Bool(_) => (SettingForm::Bool, false),
        serde_json::Value::Number(n) if n.is_u64() => (SettingForm::Integer, takes_none(&spec, key)),
        serde_json::Value::Number(_) => (SettingForm::Number, takes_none(&spec, key)),
        serde_json::Value::Null => (numeric_form(&spec, key), true),
        serde_json::Value::String(_) => (choice_form(&spec, key), false),
        _ if key == "resampling" => (choice_form(&spec, key), false),
        _ => (SettingForm::Text, takes_none(&spec, key)),
    };
    Setting {
        key: key.into(),
        value,
        form,
        optional,
    }
}

/// Whether `key` may be none (a tree's depth: unlimited).
fn takes_none(spec: &ModelSpec, key: &str) -> bool {
    spec.clone().set(key, "none").is_ok()
}

/// What an optional setting that is none by default takes: tried with a
/// whole number, then a fraction.
fn numeric_form(spec: &ModelSpec, key: &str) -> SettingForm {
    for (text, form) in [("2", SettingForm::Integer), ("0.5", SettingForm::Number)] {
        let mut s = spec.clone();
        if s.set(key, text).is_ok() && s.value_of(key).is_some_and(|v| v.is_number()) {
            return form;
        }
    }
    SettingForm::Text
}

/// The words a setting takes, read from the error a word it does not know
/// gets (serde lists the variants: "unknown variant `x`, expected `a` or
/// `b`", "… expected one of `a`, `b`, `c`"), each kept if it is a value on
/// its own. A resampling is asked with its JSON form (`{"method": …}`), as
/// its plain word is read only after that form failed.
fn choice_form(spec: &ModelSpec, key: &str) -> SettingForm {
    let probe = if key == "resampling" {
        r#"{"method": "\u0001"}"#
    } else {
        "\u{1}"
    };
    let err = spec.clone().set(key, probe).err().unwrap_or_default();
    let words: Vec<String> = err
        .rsplit_once("expected")
        .map(|(_, list)| list.split('`').skip(1).step_by(2).map(str::to_string).collect())
        .unwrap_or_default();
    let usable: Vec<String> = words
        .iter()
        .filter(|w| spec.clone().set(key, w).is_ok())
        .cloned()
        .collect();
    if usable.is_empty() {
        return SettingForm::Text;
    }
    SettingForm::Choice {
        open: usable.len() < words.len(),
        choices: usable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'a>(list: &'a [Setting], key: &str) -> &'a Setting {
        list.iter()
            .find(|s| s.key == key)
            .unwrap_or_else(|| panic!("no {key} in {list:?}"))
    }

    /// The defaults are the params types' documented ones (read in their
    /// doc comments, not in this code): logistic C 1, tol 1e-6, 1000
    /// iterations (the old flat spec's, `LogisticParams::default`), with an
    /// intercept; the tutorial's network 16 units, dropout 0.5, Adam 1e-3,
    /// epochs scaled (none); boosted trees 300 rounds, rate 0.05, 31 leaves.
    #[test]
    fn each_kind_lists_its_settings_with_the_documented_defaults() {
        let lr = settings_of("logistic").unwrap();
        assert_eq!(find(&lr, "C").value, "1.0");
        assert_eq!(find(&lr, "C").form, SettingForm::Number);
        assert_eq!(find(&lr, "tol").value, "1e-6");
        assert_eq!(
            (find(&lr, "max_iter").value.as_str(), &find(&lr, "max_iter").form),
            ("1000", &SettingForm::Integer)
        );
        assert_eq!(find(&lr, "fit_intercept").form, SettingForm::Bool);
        assert_eq!(find(&lr, "fit_intercept").value, "true");
        let SettingForm::Choice { choices, .. } = &find(&lr, "solver").form else {
            panic!("solver is a choice")
        };
        assert!(choices.contains(&"auto".to_string()) && choices.contains(&"lbfgs".to_string()));
        let SettingForm::Choice { choices, open } = &find(&lr, "class_weight").form else {
            panic!("class_weight is a choice")
        };
        // Custom weights need numbers: JSON, so the choice is open.
        assert_eq!(
            (choices.as_slice(), *open),
            (&["none".to_string(), "balanced".to_string()][..], true)
        );
        assert_eq!(
            find(&lr, "imbalance").form,
            SettingForm::Choice {
                choices: ["none", "class-weight", "oversample", "undersample", "smote"]
                    .map(String::from)
                    .to_vec(),
                open: false
            }
        );

        let mlp = settings_of("mlp").unwrap();
        assert_eq!(find(&mlp, "hidden").value, "16");
        assert_eq!(find(&mlp, "dropout").value, "0.5");
        assert_eq!(find(&mlp, "learning_rate").value, "0.001");
        let epochs = find(&mlp, "epochs");
        assert_eq!(
            (epochs.value.as_str(), &epochs.form, epochs.optional),
            ("", &SettingForm::Integer, true)
        );
        // Focal loss's own settings, Lin et al.'s γ 2 and α 0.25, after `loss`.
        let at = |k: &str| mlp.iter().position(|s| s.key == k).unwrap();
        assert_eq!(find(&mlp, "loss.focal.gamma").value, "2.0");
        assert_eq!(find(&mlp, "loss.focal.alpha").value, "0.25");
        assert!(at("loss") < at("loss.focal.gamma"));
        let SettingForm::Choice { choices, .. } = &find(&mlp, "activation").form else {
            panic!("activation is a choice")
        };
        assert_eq!(choices, &["relu", "sigmoid", "tanh", "linear"]);
        assert!(find(&mlp, "early_stopping").optional);
        // SMOTE's k is 5 neighbours (imbalanced-learn's default), ratio 1.
        assert_eq!(find(&mlp, "resampling.k").value, "5");
        assert_eq!(find(&mlp, "resampling.ratio").value, "1.0");

        let choices_of = |list: &[Setting], key: &str| match &find(list, key).form {
            SettingForm::Choice { choices, .. } => choices.clone(),
            other => panic!("{key} is {other:?}, not a choice"),
        };
        // Two-variant enums (serde says "expected `a` or `b`") are choices too.
        assert_eq!(choices_of(&mlp, "optimizer"), ["adam", "sgd"]);
        assert_eq!(choices_of(&mlp, "init"), ["glorot_uniform", "he_normal"]);
        assert_eq!(choices_of(&mlp, "batches"), ["shuffled", "balanced"]);
        assert_eq!(
            find(&mlp, "batches.balanced.steps_per_epoch").form,
            SettingForm::Integer
        );
        assert_eq!(find(&mlp, "resampling").value, "none");
        assert_eq!(
            choices_of(&mlp, "resampling"),
            ["none", "oversample", "undersample", "smote"]
        );

        let gbdt = settings_of("gbdt").unwrap();
        assert_eq!(choices_of(&gbdt, "growth"), ["leaf_wise", "depth_wise"]);
        assert_eq!(
            ["n_rounds", "learning_rate", "max_leaves"].map(|k| find(&gbdt, k).value.clone()),
            ["300", "0.05", "31"]
        );
        assert_eq!(find(&gbdt, "subsample").form, SettingForm::Number);
        // A tree's depth is 5 by default (tree.rs's JSON example) and may
        // be none (unlimited); a forest's is none by default.
        let tree = settings_of("tree").unwrap();
        let depth = find(&tree, "max_depth");
        assert_eq!(
            (depth.value.as_str(), &depth.form, depth.optional),
            ("5", &SettingForm::Integer, true)
        );
        let forest = settings_of("forest").unwrap();
        let depth = find(&forest, "max_depth");
        assert_eq!(
            (depth.value.as_str(), &depth.form, depth.optional),
            ("", &SettingForm::Integer, true)
        );
        assert!(!find(&forest, "n_trees").optional);
        assert!(settings_of("svm").is_none());
    }

    /// Every listed default, written back with `set`, gives the default
    /// spec: the page may send any of them unchanged and train the same
    /// model.
    #[test]
    fn every_listed_default_sets_back_to_the_default_spec() {
        for kind in ModelSpec::KINDS {
            let default = ModelSpec::default_of(kind).unwrap();
            for s in settings_of(kind).unwrap() {
                // Variant settings (γ of focal loss) switch the variant on,
                // and SMOTE's k needs SMOTE: not defaults of this spec.
                if s.key.matches('.').count() == 2 || s.key.starts_with("resampling.") {
                    continue;
                }
                let mut spec = default.clone();
                let value = if s.value.is_empty() { "none" } else { &s.value };
                spec.set(&s.key, value)
                    .unwrap_or_else(|e| panic!("{kind} {}: {e}", s.key));
                assert_eq!(spec, default, "{kind} {}={value}", s.key);
            }
        }
    }
}
