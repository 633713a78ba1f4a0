//! Native integration tests, one module per theme.

mod chart;
mod cli;
mod common;
mod csv_read;
mod experiment;
mod logistic;
mod metrics;
mod mmd;
mod model_file;
mod predict;
mod views;
