//! Native integration tests, one module per theme.
mod chart;
