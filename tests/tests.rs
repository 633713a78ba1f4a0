//! Native integration tests, one module per theme.

mod app;
mod chart;
mod checks;
mod cli;
mod common;
mod compare;
mod csv_read;
mod cv;
mod dan;
mod experiment;
mod explore;
mod export;
mod export_split;
mod gbdt;
mod imbalance;
mod logistic;
mod metrics;
mod mlp;
mod mmd;
mod model_file;
mod model_views;
mod predict;
mod robust;
mod transfer;
mod trees;
mod views;
