//! Preparation pipeline (placeholder).
