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
mod flat_table;
mod gbdt;
mod grid_pool;
mod imbalance;
mod logistic;
mod metrics;
mod mlp;
mod mmd;
mod model_file;
mod model_views;
mod predict;
mod robust;
mod shared_run;
mod transfer;
mod trees;
mod views;
