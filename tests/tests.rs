//! Native integration tests, one module per theme.
mod csv_read;
