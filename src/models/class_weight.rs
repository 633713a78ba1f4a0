//! How rows of each class weigh in a loss or a split criterion:
//! [`ClassWeight`] (none, scikit-learn's "balanced", or fixed numbers) and
//! the two multipliers it puts on a labelled sample. Shared by every model
//! and by `imbalance`; knows nothing of resampling.

use serde::{Deserialize, Serialize};

/// How rows of each class are weighted in the loss.
///
/// In JSON: `"none"`, `"balanced"` or
/// `{"custom": {"negative": 1.0, "positive": 9.0}}`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassWeight {
    /// Every row weighs its sample weight (1 if none is given).
    #[default]
    None,
    /// `w_c = S / (2·S_c)`, where `S` is the total and `S_c` the class-`c`
    /// total of the sample weights; without sample weights this is
    /// `n / (2·n_c)`, scikit-learn's `class_weight="balanced"`.
    Balanced,
    /// Fixed weights for the negative and positive class, each in `(0, inf)`;
    /// scikit-learn's `class_weight={False: negative, True: positive}`.
    Custom {
        /// Weight of rows with `y = false`.
        negative: f64,
        /// Weight of rows with `y = true`.
        positive: f64,
    },
}

impl std::str::FromStr for ClassWeight {
    type Err = String;

    /// `none`, `balanced`, or `NEG:POS` (like `1:50`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "none" => Ok(ClassWeight::None),
            "balanced" => Ok(ClassWeight::Balanced),
            other => {
                let (n, p) = other
                    .split_once(':')
                    .ok_or_else(|| format!("class weight \"{other}\" is not none, balanced or NEG:POS (like 1:50)"))?;
                let num = |v: &str| {
                    v.trim()
                        .parse::<f64>()
                        .map_err(|_| format!("class weight \"{other}\": {v:?} is not a number"))
                };
                Ok(ClassWeight::Custom {
                    negative: num(n)?,
                    positive: num(p)?,
                })
            }
        }
    }
}

/// scikit-learn's `class_weight="balanced"` for labels `y`:
/// `(w_negative, w_positive) = (n / (2·n_neg), n / (2·n_pos))`, the
/// tutorial's `total / (2·n_c)`. The weight of an absent class is
/// `+inf`; models reject one-class data before using it.
///
/// This is [`ClassWeight::Balanced`] without sample weights; see
/// [`class_weight_factors`] for the general case.
pub fn balanced_class_weights(y: &[bool]) -> (f64, f64) {
    class_weight_factors(ClassWeight::Balanced, y, None)
}

/// The multipliers `(w_negative, w_positive)` that `class_weight` puts on
/// rows of each class, given labels `y` and optional sample weights:
/// `None` → `(1, 1)`; `Balanced` → `S / (2·S_c)`, with `S` the total and
/// `S_c` the class-`c` total of the sample weights (row counts when there
/// are none); `Custom` → its two numbers. A class with `S_c = 0` gets
/// `+inf` under `Balanced`. A `sample_weight` of the wrong length is
/// treated as absent; models check it before calling this.
pub fn class_weight_factors(class_weight: ClassWeight, y: &[bool], sample_weight: Option<&[f64]>) -> (f64, f64) {
    match class_weight {
        ClassWeight::None => (1.0, 1.0),
        ClassWeight::Custom { negative, positive } => (negative, positive),
        ClassWeight::Balanced => {
            let (mut neg, mut pos) = (0.0f64, 0.0f64);
            match sample_weight {
                Some(sw) if sw.len() == y.len() => {
                    for (&w, &yi) in sw.iter().zip(y) {
                        if yi {
                            pos += w;
                        } else {
                            neg += w;
                        }
                    }
                }
                _ => {
                    pos = y.iter().filter(|&&v| v).count() as f64;
                    neg = y.len() as f64 - pos;
                }
            }
            let total = neg + pos;
            (total / (2.0 * neg), total / (2.0 * pos))
        }
    }
}
