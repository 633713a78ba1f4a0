//! Classifiers. Each follows params → checked params → fitted model: an
//! unchecked builder, a `check()` that validates hyperparameters, `fit` on
//! the checked type (data checks live there), and prediction only on the
//! fitted type. Knows nothing of CSV or the browser.
//!
//! # One params pattern
//!
//! Every kind's hyperparameters are built the same way, by the
//! `checked_params!` macro below:
//!
//! - `XParams`: a plain struct with public fields, the JSON form (serde
//!   `default` + `deny_unknown_fields`: every field optional, a misspelt
//!   one refused), builder methods named after the fields, and `Default`,
//!   the one place each default lives;
//! - `ValidX(XParams)`: the checked form, made only by `XParams::check`.
//!   Serde reads it *through* `XParams` and `check` (`try_from`) and writes
//!   it as `XParams` (`into`), so a spec holding a `ValidX` is valid the
//!   moment it is read (the page, the CLI and a model file all get the
//!   same message, with the number, before any data is touched). Its
//!   fields are read through `Deref`; changing one goes back through
//!   `ValidX::params` and `check` again.
//!
//! This beats the other serde pattern (a private mirror `RawX` struct with
//! `try_from = "RawX"`, which the tree, forest, boosted trees and logistic
//! regression used): there each field and each default was written twice,
//! and a field added to one twin but not the other compiled.

use ndarray::{Array1, ArrayView2};

/// Declares `ValidX`, the checked form of a params struct (see the module
/// doc): `checked_params!(pub struct ValidX(XParams as "XParams") checked
/// by XError;)`, the params type named twice because serde's attributes
/// take its name as a string. `XParams` must have `check(self) ->
/// Result<ValidX, XError>`, `Clone`, `Default`, `Serialize` and
/// `Deserialize`.
macro_rules! checked_params {
    ($(#[$meta:meta])* pub struct $valid:ident($params:ident as $name:literal) checked by $error:ty;) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = $name, into = $name)]
        pub struct $valid(pub(crate) $params);

        impl TryFrom<$params> for $valid {
            type Error = $error;
            fn try_from(p: $params) -> Result<Self, $error> {
                p.check()
            }
        }

        impl From<$valid> for $params {
            fn from(v: $valid) -> $params {
                v.0
            }
        }

        impl std::ops::Deref for $valid {
            type Target = $params;
            fn deref(&self) -> &$params {
                &self.0
            }
        }

        impl $valid {
            /// The hyperparameters (clone them to change one and `check()` again).
            pub fn params(&self) -> &$params {
                &self.0
            }
        }
    };
}

pub mod class_weight;
pub mod dan;
pub mod early_stop;
pub mod forest;
pub mod gbdt;
pub(crate) mod linalg;
pub mod logistic;
pub mod majority;
pub mod mlp;
pub mod tree;

/// A fitted binary classifier.
pub trait Classifier {
    /// The probability of the positive class for each row of `x`.
    fn predict_proba(&self, x: ArrayView2<f32>) -> Array1<f64>;
}
