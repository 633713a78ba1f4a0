//! The one error every app call returns: a [`Code`] a program can act on
//! (the worker protocol sends it as `error.code`; the page cancels by it,
//! never by matching text) and the message a person reads.

use std::fmt;

use crate::experiment::ExperimentError;
use crate::transfer::run::TransferRunError;

/// What kind of failure, for a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// The caller asked the run to stop (a progress callback said no).
    Cancelled,
    /// The request itself is malformed: a setting, a chart kind, an index.
    BadRequest,
    /// The session holds nothing to act on yet (no file, no run, nothing scored).
    NotReady,
    /// The data, a model file or a fit refused the request; the message says why.
    Failed,
}

impl Code {
    /// The code as the protocol spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Cancelled => "cancelled",
            Code::BadRequest => "bad_request",
            Code::NotReady => "not_ready",
            Code::Failed => "failed",
        }
    }
}

/// An app call's failure.
#[derive(Debug, Clone, PartialEq)]
pub struct AppError {
    /// For a program.
    pub code: Code,
    /// For a person: what went wrong and what to do.
    pub message: String,
}

impl AppError {
    /// A failure of `code` with `message`.
    pub fn new(code: Code, message: impl Into<String>) -> AppError {
        AppError {
            code,
            message: message.into(),
        }
    }

    /// The run was stopped by its caller.
    pub fn cancelled() -> AppError {
        AppError::new(Code::Cancelled, "cancelled")
    }

    /// A malformed request.
    pub fn bad_request(message: impl Into<String>) -> AppError {
        AppError::new(Code::BadRequest, message)
    }

    /// Nothing to act on yet.
    pub fn not_ready(message: impl Into<String>) -> AppError {
        AppError::new(Code::NotReady, message)
    }

    /// A refusal by the data, a model file or a fit.
    pub fn failed(message: impl fmt::Display) -> AppError {
        AppError::new(Code::Failed, message.to_string())
    }

    /// The same error with `context: ` before its message.
    pub fn context(mut self, context: &str) -> AppError {
        self.message = format!("{context}: {}", self.message);
        self
    }

    /// Whether the caller stopped the run.
    pub fn is_cancelled(&self) -> bool {
        self.code == Code::Cancelled
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AppError {}

impl From<ExperimentError> for AppError {
    fn from(e: ExperimentError) -> Self {
        match e {
            ExperimentError::Cancelled => AppError::cancelled(),
            e => AppError::failed(e),
        }
    }
}

impl From<TransferRunError> for AppError {
    fn from(e: TransferRunError) -> Self {
        match e {
            TransferRunError::Cancelled => AppError::cancelled(),
            e => AppError::failed(e),
        }
    }
}

/// Errors that are always a refusal of the data or a file, never a cancel.
macro_rules! failed_from {
    ($($t:ty),*) => {$(
        impl From<$t> for AppError {
            fn from(e: $t) -> Self {
                AppError::failed(e)
            }
        }
    )*};
}

failed_from!(
    crate::data::DataError,
    crate::data::LabelError,
    crate::model_file::ModelFileError,
    crate::predict::PredictError,
    crate::explore::ExploreError,
    crate::metrics::MetricsError
);

impl From<crate::app::runs::ViewError> for AppError {
    fn from(e: crate::app::runs::ViewError) -> Self {
        use crate::app::runs::ViewError as V;
        let code = match e {
            V::NoRuns => Code::NotReady,
            V::NoSeries { .. } | V::BadThreshold(_) | V::BadTarget { .. } => Code::BadRequest,
            _ => Code::Failed,
        };
        AppError::new(code, e.to_string())
    }
}
