//! Evaluation metrics on scores and labels (placeholder until metrics land).
