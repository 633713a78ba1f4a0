//! Native integration tests, one module per theme.

<<<<<<< HEAD
mod cli;
mod common;
mod experiment;
mod logistic;
=======
mod metrics;
>>>>>>> metrics
