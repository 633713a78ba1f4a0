//! Transfer mode's session: the labelled source table and the target
//! table, each read chunk by chunk (a new first chunk after `finish` starts
//! that file over), and the last run, kept for its charts. Knows nothing
//! of JS, drawing or workers.

use std::str::FromStr;

use super::error::AppError;
use crate::data::{summarize, ReadOptions, Table, TableReader, TableSummary};
use crate::models::dan::DanEvent;
use crate::progress::Monitor;
use crate::transfer::run::{run_observed, TransferConfig, TransferReport, TransferRun};

/// Which of the two files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The labelled population the model learns from.
    Source,
    /// The population it is moved to.
    Target,
}

impl Which {
    fn index(self) -> usize {
        self as usize
    }

    fn name(self) -> &'static str {
        match self {
            Which::Source => "source",
            Which::Target => "target",
        }
    }
}

impl FromStr for Which {
    type Err = AppError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "source" => Ok(Which::Source),
            "target" => Ok(Which::Target),
            other => Err(AppError::bad_request(format!(
                "transfer: expected \"source\" or \"target\", got \"{other}\""
            ))),
        }
    }
}

/// The two tables of transfer mode and the last run.
#[derive(Default)]
pub struct TransferSession {
    readers: [Option<TableReader>; 2],
    tables: [Option<Table>; 2],
    run: Option<TransferRun>,
}

impl TransferSession {
    /// No tables yet.
    pub fn new() -> TransferSession {
        TransferSession::default()
    }

    /// Feeds the next chunk of one file.
    pub fn push_chunk(&mut self, which: Which, bytes: &[u8]) -> Result<(), AppError> {
        let reader = self.readers[which.index()].get_or_insert_with(|| TableReader::new(ReadOptions::default()));
        reader.push(bytes).map_err(|e| file_error(which, e))
    }

    /// Ends one file and keeps its table (forgetting the last run); returns
    /// its summary.
    pub fn finish(&mut self, which: Which) -> Result<TableSummary, AppError> {
        let reader = self.readers[which.index()]
            .take()
            .ok_or_else(|| AppError::not_ready(format!("transfer: no {} file was started", which.name())))?;
        let table = reader.finish().map_err(|e| file_error(which, e))?;
        let summary = summarize(&table);
        self.tables[which.index()] = Some(table);
        self.run = None;
        Ok(summary)
    }

    /// Runs the comparison with `config`; `observer` sees every DAN step
    /// and validation as it happens.
    pub fn run(
        &mut self,
        config: &TransferConfig,
        monitor: &mut dyn Monitor,
        observer: &mut dyn FnMut(DanEvent),
    ) -> Result<&TransferReport, AppError> {
        let (Some(source), Some(target)) = (&self.tables[0], &self.tables[1]) else {
            return Err(AppError::not_ready(
                "transfer: open both a source and a target CSV first",
            ));
        };
        let result = run_observed(source, target, config, monitor, observer)?;
        Ok(&self.run.insert(result).report)
    }

    /// The last run, or why there is none.
    pub fn last_run(&self) -> Result<&TransferRun, AppError> {
        self.run
            .as_ref()
            .ok_or_else(|| AppError::not_ready("transfer: no run yet; press Run first"))
    }
}

/// A read error of one of the two files, named by which it is, in both languages.
fn file_error(which: Which, e: crate::data::DataError) -> AppError {
    let zh = super::error_zh::data(&e).map(|s| {
        let file = if which.index() == 0 { "源" } else { "目标" };
        format!("{file}文件：{s}")
    });
    AppError::failed(format!("{} file: {e}", which.name())).with_zh(zh)
}
