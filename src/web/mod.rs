//! The wasm-bindgen API (placeholder).
