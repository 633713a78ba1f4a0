//! The rareclass command-line program (placeholder).
fn main() {}
