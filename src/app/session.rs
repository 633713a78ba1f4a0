//! One page session on one file: the CSV being read chunk by chunk, the
//! table it became, the runs trained on it with their model files, and a
//! saved model's scores of it. Every call the Train and Score tabs make
//! (the Explore, grid and comparison calls are in the sibling modules)
//! with the session's rules: a new split forgets the old runs and their
//! model files, a threshold to save must be a probability, scoring replaces
//! the previous scoring. Knows nothing of JS, drawing or workers.

use serde::Serialize;

use super::compare::CompareSet;
use super::error::AppError;
use super::runs::{Added, Chooser, Part, Workbench};
use super::shared::{not_opened, shared_fit, Fitted, ImportanceShare, Joined, Opened, SharedPart};
use super::views::{inspect_run, series_views, InspectOptions, ModelInspection, SeriesViews};
use crate::checks::DataChecks;
use crate::data::{distinct_values, summarize, ReadOptions, Table, TableReader, TableSummary};
use crate::experiment::{run, ExperimentConfig, Report};
use crate::experiment::{ModelFit, Run};
use crate::export::{export, Format};
use crate::metrics::BinStrategy;
use crate::metrics::Evaluation;
use crate::model_file::ModelFile;
use crate::models::mlp::History;
use crate::predict::{score_table, ScoreSummary, Scored};
use crate::progress::Monitor;

/// The state of one page session.
pub struct Session {
    reader: Option<TableReader>,
    table: Option<Table>,
    bytes_read: u64,
    runs: Workbench,
    /// The model file of each series of `runs`, same order.
    saved: Vec<ModelFile>,
    /// The runs and files the last "clear runs" put aside, for its undo;
    /// dropped by the next run.
    cleared: Option<(Workbench, Vec<ModelFile>)>,
    /// The table scored by a saved model.
    scored: Option<Scored>,
    /// The scored rows with a label, as one series (the test part).
    scored_runs: Workbench,
    pub(super) compare: CompareSet,
    /// A comparison being trained by several workers (see
    /// [`Session::compare_open`]).
    pub(super) compare_part: Option<SharedPart>,
    /// A Train-tab run being trained by several workers (see
    /// [`Session::train_open`]).
    train_part: Option<SharedPart>,
    /// That run once every fit is in, its importance being measured in
    /// parts (see [`Session::train_join`]).
    train_joined: Option<Joined>,
}

/// What [`Session::train`] returns.
#[derive(Debug, Clone, Serialize)]
pub struct Trained {
    /// The run's report.
    pub report: Report,
    /// The series the run added (and whether earlier ones were dropped).
    pub added: Added,
    /// What each model relies on (permutation importance, coefficients),
    /// in the order of `report.models`.
    pub inspections: Vec<ModelInspection>,
}

/// What [`Session::score_model`] returns: the summary, every row's score
/// and whether it is at or above the saved threshold.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreView<'a> {
    /// What scoring found.
    pub summary: &'a ScoreSummary,
    /// Probability of the positive class per row.
    pub scores: &'a [f64],
    /// `scores[r] >= threshold`.
    pub positive: &'a [bool],
}

/// What [`Session::finish`] returns: the table's summary and what the
/// reader changed or left out, for the page to show beside it.
#[derive(Debug, Clone, Serialize)]
pub struct Loaded {
    #[serde(flatten)]
    pub summary: TableSummary,
    /// One sentence per note, in the reader's order.
    pub notes: Vec<String>,
}

/// Up to `limit` distinct values of a column with their counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distinct {
    /// `(text, count)`, most frequent first.
    pub values: Vec<(String, usize)>,
    /// More values exist than were listed.
    pub more: bool,
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

impl Session {
    /// An empty session, ready for the first chunk of a CSV file.
    pub fn new() -> Session {
        Session {
            reader: Some(TableReader::new(ReadOptions::default())),
            table: None,
            bytes_read: 0,
            runs: Workbench::new(),
            saved: Vec::new(),
            cleared: None,
            scored: None,
            scored_runs: Workbench::new(),
            compare: CompareSet::default(),
            compare_part: None,
            train_part: None,
            train_joined: None,
        }
    }

    /// A session holding the table of a whole CSV file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Session, AppError> {
        let mut s = Session::new();
        s.size_hint(bytes.len() as u64);
        s.push_chunk(bytes)?;
        s.finish()?;
        Ok(s)
    }

    /// Tells the reader the file's size before the first chunk.
    pub fn size_hint(&mut self, total_bytes: u64) {
        if let Some(reader) = self.reader.as_mut() {
            reader.size_hint(total_bytes);
        }
    }

    /// Feeds the next chunk of CSV bytes (chunks may split rows and UTF-8
    /// sequences anywhere).
    pub fn push_chunk(&mut self, bytes: &[u8]) -> Result<(), AppError> {
        let reader = self.reader.as_mut().ok_or_else(finished)?;
        reader.push(bytes)?;
        self.bytes_read = reader.bytes_read();
        Ok(())
    }

    /// Bytes fed so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// Ends the input and keeps the table; returns its summary with the
    /// reader's notes (renamed columns, infinite cells, empty columns).
    pub fn finish(&mut self) -> Result<Loaded, AppError> {
        let reader = self.reader.take().ok_or_else(finished)?;
        let (table, report) = reader.finish_with_report()?;
        let loaded = Loaded {
            summary: summarize(&table),
            notes: report.notes,
        };
        self.table = Some(table);
        Ok(loaded)
    }

    /// The held table, or why there is none.
    pub fn table(&self) -> Result<&Table, AppError> {
        self.table.as_ref().ok_or_else(no_table)
    }

    /// The held table, kept; the session ends.
    pub fn into_table(self) -> Result<Table, AppError> {
        self.table.ok_or_else(no_table)
    }

    /// The held table's summary.
    pub fn summary(&self) -> Result<TableSummary, AppError> {
        Ok(summarize(self.table()?))
    }

    /// Up to `limit` distinct values of column `name`, most frequent first.
    pub fn distinct_values(&self, name: &str, limit: usize) -> Result<Distinct, AppError> {
        let column = self
            .table()?
            .column(name)
            .ok_or_else(|| AppError::bad_request(format!("column \"{name}\" is not in the file")))?;
        let (values, more) = distinct_values(column, limit);
        Ok(Distinct { values, more })
    }

    /// Trains the models of `config` on the table and keeps the run beside
    /// earlier runs on the same split (a different split drops them and
    /// their model files).
    pub fn train(&mut self, config: &ExperimentConfig, monitor: &mut dyn Monitor) -> Result<Trained, AppError> {
        // The first-view module says so before reading a row (see super::first_view).
        #[cfg(feature = "first-view")]
        if let Some(refused) = super::first_view::refusal(config) {
            return Err(refused);
        }
        let result = run(self.table()?, config, monitor)?;
        self.keep_run(result, monitor)
    }

    /// Opens a run of `config` that the engine and `workers - 1` pool
    /// workers train (a forest's trees cut into one part per worker, see
    /// [`super::shared::Opened::trees`]): split, data check (`checks`:
    /// [`Session::grid_checks`], made once; `None`: made here) and
    /// preparation, kept for [`Session::train_fit`] and
    /// [`Session::train_adopt`].
    pub fn train_open(
        &mut self,
        config: &ExperimentConfig,
        checks: Option<DataChecks>,
        workers: usize,
        monitor: &mut dyn Monitor,
    ) -> Result<Opened, AppError> {
        self.train_joined = None;
        self.shared_open(|s| &mut s.train_part, config, checks, workers, monitor)
    }

    /// Opens a run of `config` shared by `workers` workers into the slot
    /// `slot` picks (the Compare tab's or the Train tab's), replacing the
    /// run opened there before: [`Session::compare_open`], [`Session::train_open`].
    pub(super) fn shared_open(
        &mut self,
        slot: fn(&mut Session) -> &mut Option<SharedPart>,
        config: &ExperimentConfig,
        checks: Option<DataChecks>,
        workers: usize,
        monitor: &mut dyn Monitor,
    ) -> Result<Opened, AppError> {
        *slot(self) = None;
        let part = SharedPart::open(self.table()?, config, checks, monitor)?;
        let opened = part.opened(workers);
        *slot(self) = Some(part);
        Ok(opened)
    }

    /// Fits model `index` of the opened run (or, `trees`, trees `[start,
    /// end)` of it, a forest) here and keeps it.
    pub fn train_fit(
        &mut self,
        index: usize,
        trees: Option<[usize; 2]>,
        monitor: &mut dyn Monitor,
    ) -> Result<Fitted, AppError> {
        shared_fit(&mut self.train_part, index, trees, monitor)
    }

    /// The fits made here so far, for the pool workers that measure the
    /// run's permutation importance in parts ([`super::shared::PoolRun::inspect`]).
    pub fn train_kept(&self) -> Result<&[ModelFit], AppError> {
        Ok(&self.train_part.as_ref().ok_or_else(not_opened)?.kept)
    }

    /// Joins the fits made here and `adopted` (the pool workers') into the
    /// run, each model evaluated (`experiment::assemble`), and keeps it for
    /// its permutation importance, measured in parts here
    /// ([`Session::train_importance`]) and by the pool workers. Returns the
    /// features to measure per model (0: none).
    pub fn train_join(&mut self, adopted: Vec<ModelFit>, monitor: &mut dyn Monitor) -> Result<Vec<usize>, AppError> {
        let part = self.train_part.take().ok_or_else(not_opened)?;
        let joined = Joined::new(self.table()?, part, adopted, monitor)?;
        let columns = joined.columns();
        self.train_joined = Some(joined);
        Ok(columns)
    }

    /// Measures the permutation importance of features `[start, end)` of
    /// model `index` of the joined run here and keeps it.
    pub fn train_importance(
        &mut self,
        index: usize,
        columns: [usize; 2],
        monitor: &mut dyn Monitor,
    ) -> Result<(), AppError> {
        let joined = self.train_joined.as_mut().ok_or_else(|| {
            AppError::not_ready("shared run: its fits are not joined yet; join them before measuring importance")
        })?;
        joined.measure(index, columns, monitor)
    }

    /// Joins the fits made here and `adopted` (the pool workers'; none
    /// after [`Session::train_join`]) and the importance parts measured
    /// here and `importance` (the pool's) into the run [`Session::train`]
    /// makes, bit for bit, and keeps it as `train` does. A model with no
    /// importance part has its importance measured here whole. The opened
    /// run ends (also when this fails).
    pub fn train_adopt(
        &mut self,
        adopted: Vec<ModelFit>,
        importance: Vec<ImportanceShare>,
        monitor: &mut dyn Monitor,
    ) -> Result<Trained, AppError> {
        let joined = match self.train_joined.take() {
            Some(_) if !adopted.is_empty() => {
                self.train_part = None;
                return Err(AppError::bad_request(
                    "shared run: its fits were joined already; adopt only the importance parts",
                ));
            }
            Some(joined) => joined,
            None => {
                let part = self.train_part.take().ok_or_else(not_opened)?;
                Joined::new(self.table()?, part, adopted, monitor)?
            }
        };
        let (result, inspections) = joined.inspections(self.table()?, importance, monitor)?;
        self.keep_inspected(result, inspections)
    }

    /// What follows a run: what each model relies on, and the run kept
    /// beside the earlier ones with its model files.
    fn keep_run(&mut self, result: Run, monitor: &mut dyn Monitor) -> Result<Trained, AppError> {
        let inspections = inspect_run(self.table()?, &result, &InspectOptions::default(), monitor)?;
        self.keep_inspected(result, inspections)
    }

    /// The run kept, with `inspections`, beside the earlier ones with its model files.
    fn keep_inspected(&mut self, result: Run, inspections: Vec<ModelInspection>) -> Result<Trained, AppError> {
        // A new run ends the chance to undo a clear: the series would not line up.
        self.cleared = None;
        let added = self.runs.add_run(&result)?;
        self.runs.set_inspections(&added.series, inspections.clone());
        if added.cleared {
            self.saved.clear();
        }
        self.saved
            .extend((0..result.models.len()).filter_map(|m| ModelFile::from_run(&result, m)));
        Ok(Trained {
            report: result.report,
            added,
            inspections,
        })
    }

    /// The result views of run `series` on `part`: reliability curve and
    /// Brier decomposition (`bins` bins of `strategy`), the top 1 / 5 / 10 %
    /// shares, and what the model relies on.
    pub fn result_views(
        &self,
        series: usize,
        part: Part,
        bins: usize,
        strategy: BinStrategy,
    ) -> Result<SeriesViews, AppError> {
        series_views(&self.runs, series, part, bins, strategy)
    }

    /// Forgets every run, keeping them aside until the next run so that
    /// [`Session::undo_clear_runs`] can bring them back.
    pub fn clear_runs(&mut self) {
        if self.runs.is_empty() {
            return;
        }
        let runs = std::mem::replace(&mut self.runs, Workbench::new());
        self.cleared = Some((runs, std::mem::take(&mut self.saved)));
    }

    /// Brings back the runs (and their model files) that the last
    /// [`Session::clear_runs`] put aside, with the same series numbers.
    /// `NotReady` when there is nothing to bring back: no clear, or a run
    /// trained since.
    pub fn undo_clear_runs(&mut self) -> Result<(), AppError> {
        let (runs, saved) = self.cleared.take().ok_or_else(|| {
            AppError::not_ready("there are no cleared runs to bring back (a run trained since the clear replaces them)")
        })?;
        self.runs = runs;
        self.saved = saved;
        Ok(())
    }

    /// The runs on the current split.
    pub fn runs(&self) -> &Workbench {
        &self.runs
    }

    /// The labelled rows of the last scoring, as one series (test part).
    pub fn scored_runs(&self) -> &Workbench {
        &self.scored_runs
    }

    /// The model file of series `series`, with `threshold` (a probability)
    /// as its decision threshold when given.
    pub fn model_file(&self, series: usize, threshold: Option<f64>) -> Result<ModelFile, AppError> {
        let mut file = match self.saved.get(series) {
            Some(file) => file.clone(),
            None if self.saved.is_empty() => {
                return Err(AppError::not_ready("model: no trained model yet; train one first"))
            }
            None => {
                return Err(AppError::bad_request(format!(
                    "model: there is no series {series}; expected 0 to {}",
                    self.saved.len() - 1
                )))
            }
        };
        if let Some(t) = threshold {
            if !(0.0..=1.0).contains(&t) {
                return Err(AppError::bad_request(format!(
                    "model: threshold {t} is not in [0, 1]; pass a probability cut-off"
                )));
            }
            file.threshold = t;
        }
        Ok(file)
    }

    /// The model file of series `series` as JSON text (see [`Session::model_file`]).
    pub fn model_json(&self, series: usize, threshold: Option<f64>) -> Result<String, AppError> {
        Ok(self.model_file(series, threshold)?.to_json())
    }

    /// The model of series `series` (with `threshold`, as
    /// [`Session::model_file`]) in another format, as the bytes of a file:
    /// `"onnx"` (the ONNX graph), `"sklearn"`, `"notebook"` or `"pyspark"`
    /// (scripts that refit the run on the held table's split rows, reading
    /// `data_name`).
    pub fn export_model(
        &self,
        series: usize,
        threshold: Option<f64>,
        format: &str,
        data_name: &str,
    ) -> Result<Vec<u8>, AppError> {
        let format: Format = format.parse().map_err(AppError::bad_request)?;
        let file = self.model_file(series, threshold)?;
        export(&file, self.table()?, format, data_name).map_err(|e| AppError::failed(format!("export: {e}")))
    }

    /// The training history of series `series` (an MLP's epochs), or `None`
    /// for a model fitted otherwise or no such series.
    pub fn model_history(&self, series: usize) -> Option<&History> {
        self.saved.get(series).and_then(|f| f.model.history())
    }

    /// Scores every row of the table with the saved model `model_json`,
    /// replacing the previous scoring; its labelled rows become the scored
    /// series for [`Session::evaluate_scored`] and the scored charts.
    pub fn score_model(&mut self, model_json: &str) -> Result<ScoreView<'_>, AppError> {
        let file = ModelFile::from_json(model_json)?;
        let scored = score_table(&file, self.table()?)?;
        let (y, s) = scored.labelled();
        self.scored_runs.clear();
        if !y.is_empty() {
            let sum = &scored.summary;
            self.scored_runs
                .set_scored(&sum.model, y, s, &sum.positive_class, &sum.negative_class)?;
        }
        let scored = self.scored.insert(scored);
        Ok(ScoreView {
            summary: &scored.summary,
            scores: &scored.scores,
            positive: &scored.positive,
        })
    }

    /// The last scoring's predictions as CSV text (`row,[id,]score,label`),
    /// with column `id_column`'s cells as row identifiers when given.
    pub fn predictions_csv(&self, id_column: Option<&str>) -> Result<String, AppError> {
        let scored = self
            .scored
            .as_ref()
            .ok_or_else(|| AppError::not_ready("predictions: nothing scored yet; score the file with a model first"))?;
        let table = self.table()?;
        let id = match id_column {
            Some(name) if !name.is_empty() => Some(
                table
                    .column(name)
                    .ok_or_else(|| AppError::bad_request(format!("id column \"{name}\" is not in the file")))?,
            ),
            _ => None,
        };
        Ok(scored.to_csv(id))
    }

    /// Every metric of the labelled scored rows at `threshold`.
    pub fn evaluate_scored(&self, threshold: f64) -> Result<Evaluation, AppError> {
        Ok(self.scored_runs.evaluate_at(0, Part::Test, threshold)?)
    }

    /// Every metric of series `series` on `part` at `threshold`.
    pub fn evaluate_at(&self, series: usize, part: Part, threshold: f64) -> Result<Evaluation, AppError> {
        Ok(self.runs.evaluate_at(series, part, threshold)?)
    }

    /// The threshold `chooser` picks for series `series`, on its validation rows.
    pub fn choose_threshold(&self, series: usize, chooser: Chooser) -> Result<f64, AppError> {
        Ok(self.runs.choose(series, chooser)?)
    }
}

fn no_table() -> AppError {
    AppError::not_ready("session: no table yet; open a CSV file first")
}

fn finished() -> AppError {
    AppError::not_ready("session: this file has already been read; start a new session for another file")
}
