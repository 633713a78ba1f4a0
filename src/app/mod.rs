//! What a page session does, as plain Rust under `cargo test`: the table
//! being read, the runs on one split and their saved models, a saved model
//! scoring the table, the comparison set, the Explore and grid-search
//! calls, and transfer mode's two tables and run. `src/web/` converts JS
//! values to these types, calls one function here and converts the answer
//! back; the CLI calls the same functions. Sits above the workflows
//! (`experiment`, `cv`, `explore`, `transfer`, …) and below `chart` and the
//! front ends: knows nothing of drawing, JS, workers or the DOM.

pub mod compare;
pub mod error;
pub mod error_zh;
pub mod explore;
pub mod first_view;
pub mod grid;
pub mod library;
pub mod runs;
pub mod session;
pub mod shared;
pub mod transfer;
pub mod views;

pub use error::AppError;
pub use session::Session;
