//! rareclass: a binary classifier workbench for imbalanced tabular data.
//!
//! One crate, built two ways: a WebAssembly package for the page (`src/web/`,
//! wasm32 only) and a native library + command-line program over the same
//! core. Everything numeric lives in plain Rust modules tested natively:
//!
//! - [`data`] — CSV bytes → typed columnar [`data::Table`], labels, splits
//! - [`pipeline`] — fitted preprocessing, replayed on new rows
//! - [`imbalance`] — resampling (over, under, SMOTE) and class weights
//! - [`models`] — classifiers (params → checked params → fitted model)
//! - [`metrics`] — threshold metrics, ROC/PR curves, AUC, AP, KS, losses
//! - [`inspect`] — permutation importance (any model) and standardised logistic coefficients
//! - [`checks`] — the data check run before every fit (leakage, IDs, duplicates, …)
//! - [`explore`] — "is there signal?": per-feature statistics, chart data, diagnostics
//! - [`nn`] — dense layers, losses, optimisers, and MK-MMD with its gradient ([`nn::mmd`], transfer mode)
//! - [`experiment`] — one run, config → report, with progress and cancel
//! - [`cv`] — stratified k-fold cross-validation and grid search
//! - [`model_spec`] — what to fit (kind, settings, imbalance) and fitting it
//! - [`model_file`] — the saved model: versioned JSON, checked on load
//! - [`predict`] — scoring a new table with a saved model
//! - [`link`] — the page's settings link (URL fragment), read and range-checked
//! - [`limits`] — the sizes refused before allocating, and showing huge values shortened
//! - [`onnx`] — the saved model as a standard ONNX graph
//! - [`reproduce`] — a run as a scikit-learn script / notebook or a PySpark script
//! - [`export`] — one entry point for every export format (the page uses it)
//! - [`transfer`] — transfer mode: a labelled source and a target population, aligned and prepared

pub mod app;
pub mod chart;
pub mod checks;
pub mod clock;
pub mod cv;
pub mod data;
pub mod experiment;
pub mod explore;
pub mod export;
mod fast_exp;
pub mod imbalance;
pub mod inspect;
pub mod limits;
pub mod link;
pub mod metrics;
pub mod model_file;
pub mod model_settings;
pub mod model_spec;
pub mod models;
pub mod nn;
pub mod onnx;
pub mod pipeline;
pub mod predict;
pub mod progress;
pub mod reproduce;
pub mod rng;
mod sort;
pub mod transfer;

/// Timing code of the benchmarks in bench/, only with the `bench` feature.
#[cfg(feature = "bench")]
#[path = "../bench/timing.rs"]
pub mod timing;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use rng::Rng;
