//! The one error every app call returns: a [`Code`] a program can act on
//! (the worker protocol sends it as `error.code`; the page cancels by it,
//! never by matching text) and the message a person reads.

use std::fmt;

use super::error_zh;
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
    /// The page's first-view module (the `first-view` build) cannot do
    /// this: the full module can ([`super::first_view`]).
    FullModule,
}

impl Code {
    /// The code as the protocol spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Cancelled => "cancelled",
            Code::BadRequest => "bad_request",
            Code::NotReady => "not_ready",
            Code::Failed => "failed",
            Code::FullModule => "full_module",
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
    /// The same in Chinese (简体中文), when this kind of error has it
    /// ([`super::error_zh`]); the page shows it to a Chinese reader and
    /// frames `message` in a Chinese sentence when it is `None`.
    pub zh: Option<String>,
}

impl AppError {
    /// A failure of `code` with `message`.
    pub fn new(code: Code, message: impl Into<String>) -> AppError {
        AppError {
            code,
            message: message.into(),
            zh: None,
        }
    }

    /// The same error with its Chinese wording (kept `None` when `zh` is).
    pub fn with_zh(mut self, zh: Option<String>) -> AppError {
        self.zh = zh;
        self
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
        // The context is English: a Chinese reader gets the framed English.
        self.zh = None;
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
            e => {
                let zh = error_zh::experiment(&e);
                AppError::failed(e).with_zh(zh)
            }
        }
    }
}

impl From<TransferRunError> for AppError {
    fn from(e: TransferRunError) -> Self {
        match e {
            TransferRunError::Cancelled => AppError::cancelled(),
            e => {
                let zh = error_zh::transfer(&e);
                AppError::failed(e).with_zh(zh)
            }
        }
    }
}

/// Errors that are always a refusal of the data or a file, never a cancel;
/// those with a Chinese wording name the function that makes it.
macro_rules! failed_from {
    ($($t:ty $(=> $zh:path)?),*) => {$(
        impl From<$t> for AppError {
            fn from(e: $t) -> Self {
                let zh: Option<String> = None $(.or_else(|| $zh(&e)))?;
                AppError::failed(e).with_zh(zh)
            }
        }
    )*};
}

failed_from!(
    crate::data::DataError => error_zh::data,
    crate::data::LabelError => error_zh::label,
    crate::model_file::ModelFileError => error_zh::model_file,
    crate::predict::PredictError => error_zh::predict,
    crate::explore::ExploreError,
    crate::checks::CheckError,
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
