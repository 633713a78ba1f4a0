//! What the page's first-view module fits. The page starts on a small
//! wasm build (the `first-view` feature, `bash scripts/build.sh
//! --first-view`): reading a file, its summary, the data check, logistic
//! regression (and the majority baseline) with every result view. Any other
//! model kind is refused here, before any work, with code
//! [`Code::FullModule`], so the page knows to move to the full module; the
//! fit itself (`crate::model_spec::fit_model_part`) has no code for them in
//! that build.

use super::error::{AppError, Code};
use crate::experiment::ExperimentConfig;
use crate::model_spec::ModelSpec;

/// Whether the first-view module fits `spec`.
pub fn fits(spec: &ModelSpec) -> bool {
    matches!(spec, ModelSpec::Logistic(_) | ModelSpec::Majority(_))
}

/// The refusal of the first model in `config` the first-view module does
/// not fit, or `None` when it fits them all.
pub fn refusal(config: &ExperimentConfig) -> Option<AppError> {
    let spec = config.models.iter().find(|s| !fits(s))?;
    let kind = spec.kind();
    Some(
        AppError::new(
            Code::FullModule,
            format!(
                "{}: this kind of model ({kind}) needs rareclass's full engine; the first-view engine (loaded first, for a quicker start) fits logistic regression and the majority baseline only",
                spec.name()
            ),
        )
        .with_zh(Some(format!(
            "{}：这类模型（{kind}）需要 rareclass 的完整引擎；先加载的首屏引擎（为了更快打开页面）只能拟合逻辑回归和多数类基线",
            spec.name()
        ))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(models: &str) -> ExperimentConfig {
        serde_json::from_str(&format!(r#"{{"label": "y"{models}}}"#)).unwrap()
    }

    #[test]
    fn logistic_and_majority_fit_others_are_refused() {
        assert!(refusal(&config(r#", "models": [{"kind": "logistic"}, {"kind": "majority"}]"#)).is_none());
        // Without models, a config fits one logistic regression.
        assert!(refusal(&config("")).is_none());
        for kind in ["mlp", "tree", "forest", "gbdt"] {
            let e = refusal(&config(&format!(
                r#", "models": [{{"kind": "logistic"}}, {{"kind": "{kind}"}}]"#
            )))
            .unwrap();
            assert_eq!(e.code, Code::FullModule, "{kind}");
            assert_eq!(e.code.as_str(), "full_module");
            assert!(
                e.message.contains(&format!("({kind}) needs rareclass's full engine")),
                "{}",
                e.message
            );
            assert!(e.zh.is_some());
        }
    }
}
