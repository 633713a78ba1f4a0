//! One run: config → split → pipeline → fit → report (placeholder).
