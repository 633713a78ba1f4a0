//! Logistic regression (placeholder until the solver lands).
