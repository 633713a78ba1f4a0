//! Native integration tests, one module per theme.

mod chart;
mod cli;
mod common;
mod experiment;
mod logistic;
mod metrics;
