//! The rareclass command-line program: the same core as the page, for
//! scripts, benchmarks and files too big for a browser tab. A thin shell:
//! arguments become the same `ExperimentConfig` the page sends, errors are
//! printed once with their cause, exit 0 = ok, 2 = error.

use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use rareclass::app::runs::Part;
use rareclass::app::views;
use rareclass::cv::{self, Grid, Scoring};
use rareclass::data::{self, binary_label, PositiveClass, ReadOptions, Table, TableReader};
use rareclass::experiment::{self, ExperimentConfig, Imbalance, ModelSpec, Report};
use rareclass::metrics::{self, Evaluation};
use rareclass::model_file::ModelFile;
use rareclass::models::logistic::ClassWeight;
use rareclass::pipeline::{Encoding, Imputation, PipelineParams};
use rareclass::predict::score_table;
use rareclass::progress::Progress;
use rareclass::reproduce;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Binary classification for imbalanced tabular data: inspect a CSV, train
/// and evaluate models, score predictions.
#[derive(Parser, Debug)]
#[command(name = "rareclass", version, about, long_about = None)]
struct Cli {
    /// No progress bars on stderr.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Per-column type, missing count, min/mean/max or top categories, and
    /// the class balance once a label is given.
    Inspect {
        /// The CSV file.
        data: PathBuf,
        #[command(flatten)]
        label: LabelArgs,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Prepare, split, fit and evaluate; print a table and each model's
    /// views (calibration with the Brier decomposition, the top 1/5/10 % of
    /// scores, permutation importance, standardised coefficients); optionally
    /// write the JSON report and the trained model.
    Train(Box<TrainArgs>),
    /// Stratified k-fold cross-validation: per-fold and mean ± sd of every
    /// metric; with --grid, every combination of settings ranked by one.
    Cv(Box<CvArgs>),
    /// Score a CSV with a saved model (`train --export`): one row per data
    /// row with its score and the label at the saved threshold; the metrics
    /// too when the file has the label column.
    Predict {
        /// The model file written by `train --export`.
        model: PathBuf,
        /// The CSV to score; columns are matched by name.
        data: PathBuf,
        /// Write the predictions CSV here instead of to stdout. Cells that a
        /// spreadsheet would run as a formula (starting with = + - @, tab or
        /// CR, and not a number) get a leading ' (OWASP's CSV-injection advice).
        #[arg(long, value_name = "predictions.csv")]
        out: Option<PathBuf>,
        /// A column of DATA to copy into the output (a row identifier).
        #[arg(long, value_name = "COL")]
        id: Option<String>,
        /// Write the JSON summary (and metrics, if labelled) here.
        #[arg(long, value_name = "OUT.json")]
        report: Option<PathBuf>,
    },
    /// Take a saved model elsewhere: as an ONNX graph (pipeline + model, one
    /// input per raw column, the positive-class probability out) for ONNX
    /// Runtime in Python, Java, C++, the browser or Spark; or as a
    /// scikit-learn script / notebook or PySpark script that refits the run.
    Export(Box<ExportArgs>),
    /// Transfer mode: train on a labelled source population, adapt to a
    /// target population (DAN, DANN, CORAL, importance weighting; with
    /// labelled target rows also target-only and source + target fits),
    /// compare against source-only baselines on the target's labelled test
    /// rows, and say whether adaptation helped (a bootstrap interval).
    Transfer {
        /// The source CSV (labelled).
        source: PathBuf,
        /// The target CSV (labels on some rows at most).
        target: PathBuf,
        /// The label column (required in the source).
        #[arg(long)]
        label: String,
        /// The positive class value (default: the source's minority class).
        #[arg(long)]
        positive: Option<String>,
        /// Share of the labelled target rows that training may see (for
        /// validation and early stopping), in [0, 1).
        #[arg(long, default_value_t = 0.3)]
        target_labelled_fraction: f64,
        /// Share of the labelled target rows held out for the test, in [0, 1).
        #[arg(long, default_value_t = 0.3)]
        target_test_fraction: f64,
        /// Seed of the target split and every model.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Most training steps of each network.
        #[arg(long, default_value_t = 3000)]
        max_steps: usize,
        /// Adaptation methods, comma-separated: dan, dann, coral, iw,
        /// target (target-only and source + target fits, when the target
        /// has training labels). The source-only baselines always run.
        #[arg(long, default_value = "dan,dann,coral,iw,target")]
        method: String,
        /// The networks' recipe: recommended, or seed004 (the article's
        /// exact settings).
        #[arg(long, default_value = "recommended")]
        preset: String,
        /// Network settings over the preset, as JSON: '{"patience": 100,
        /// "activation": "relu", "mmd_layers": "all", "lambda_steps": 3000}'.
        #[arg(long, value_name = "JSON")]
        dan: Option<String>,
        /// Class weights of every model (none, balanced, or NEG:POS);
        /// default balanced for the networks, none for the others.
        #[arg(long, value_parser = parse_class_weight)]
        class_weight: Option<ClassWeight>,
        /// Write the JSON report here.
        #[arg(long, value_name = "OUT.json")]
        report: Option<PathBuf>,
    },
    /// Is there signal? A ranked table of how well each column alone
    /// separates the classes (ROC-AUC, point-biserial r, Welch t-test or
    /// chi-square p-value, missing rate) against a shuffled-label
    /// reference, then findings such as possible leakage or ID columns.
    Explore {
        /// The CSV file.
        data: PathBuf,
        #[command(flatten)]
        label: LabelArgs,
        /// Label permutations for the chance reference (0 = none).
        #[arg(long, default_value_t = 30)]
        permutations: usize,
        /// Seed of the permutations.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Print JSON (`signal` and `diagnostics`) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Metrics of given scores: threshold metrics, ROC-AUC, PR-AUC, KS, log
    /// loss, Brier, and threshold choices, as JSON.
    Metrics {
        /// A CSV with a label column and a score column.
        scores: PathBuf,
        #[command(flatten)]
        label: LabelArgs,
        /// The score column (higher = more positive).
        #[arg(long)]
        score: String,
        /// Scores at or above this are predicted positive.
        #[arg(long, default_value_t = 0.5)]
        threshold: f64,
        /// Also report the threshold reaching this recall.
        #[arg(long, default_value_t = 0.9)]
        target_recall: f64,
        /// Cost of a missed positive, for the cheapest threshold.
        #[arg(long, default_value_t = 10.0)]
        cost_fn: f64,
        /// Cost of a false alarm, for the cheapest threshold.
        #[arg(long, default_value_t = 1.0)]
        cost_fp: f64,
    },
}

#[derive(Args, Debug)]
struct LabelArgs {
    /// The label column.
    #[arg(long)]
    label: Option<String>,
    /// The positive class value (default: the minority class).
    #[arg(long, conflicts_with = "above")]
    positive: Option<String>,
    /// Binarise a numeric label: positive when value > T.
    #[arg(long, value_name = "T")]
    above: Option<f64>,
}

impl LabelArgs {
    fn positive_class(&self) -> PositiveClass {
        match (&self.positive, self.above) {
            (Some(v), _) => PositiveClass::Value(v.clone()),
            (None, Some(t)) => PositiveClass::Above(t),
            (None, None) => PositiveClass::Minority,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ModelArg {
    /// L2-penalised logistic regression.
    Logistic,
    /// A multi-layer perceptron (default the tutorial's 16-relu → dropout 0.5).
    Mlp,
    /// A CART decision tree (default depth 5).
    Tree,
    /// A random forest (default 100 trees).
    Forest,
    /// Histogram gradient-boosted trees (default 300 rounds, rate 0.05,
    /// 31 leaves, early stopping on validation AP; --set n_rounds=…,
    /// learning_rate, max_leaves, max_depth, growth, min_samples_leaf,
    /// min_child_weight, lambda, max_bins, subsample, colsample,
    /// early_stopping, patience).
    Gbdt,
    /// Always the training positive rate: the "knowing nothing" baseline.
    Majority,
}

impl ModelArg {
    /// The spec's `kind`.
    fn kind(self) -> &'static str {
        match self {
            ModelArg::Logistic => "logistic",
            ModelArg::Mlp => "mlp",
            ModelArg::Tree => "tree",
            ModelArg::Forest => "forest",
            ModelArg::Gbdt => "gbdt",
            ModelArg::Majority => "majority",
        }
    }
}

/// The hidden-layer widths of an MLP spec (none for other kinds).
fn mlp_widths(spec: &ModelSpec) -> Vec<usize> {
    match spec {
        ModelSpec::Mlp(s) => s.params.hidden.iter().map(|h| h.units).collect(),
        _ => Vec::new(),
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum LossArg {
    /// Binary cross-entropy.
    Bce,
    /// Focal loss (--focal-gamma, --focal-alpha).
    Focal,
    /// 1 − soft F1 over each batch.
    SoftF1,
}

#[derive(Args, Debug)]
struct Setup {
    /// The CSV file.
    data: PathBuf,
    #[command(flatten)]
    label: LabelArgs,
    /// The models to fit, comma-separated; each is fitted once per
    /// --imbalance technique, all on the same split.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "logistic")]
    model: Vec<ModelArg>,
    /// Imbalance techniques, comma-separated: none, class-weight,
    /// oversample, undersample, smote, balanced-batches (mlp only).
    #[arg(long, value_delimiter = ',', default_value = "none", value_parser = parse_imbalance)]
    imbalance: Vec<Imbalance>,
    /// The MLP's loss [default: bce].
    #[arg(long, value_enum)]
    loss: Option<LossArg>,
    /// Focal loss γ [default: 2, Lin et al.'s].
    #[arg(long)]
    focal_gamma: Option<f64>,
    /// Focal loss α, the weight of the positive class [default: 0.25].
    #[arg(long)]
    focal_alpha: Option<f64>,
    /// MLP hidden layer widths, comma-separated (relu, each followed by
    /// --dropout) [default: 16].
    #[arg(long, value_delimiter = ',')]
    hidden: Option<Vec<usize>>,
    /// MLP dropout after each hidden layer, in [0, 1) [default: 0.5].
    #[arg(long)]
    dropout: Option<f64>,
    /// MLP epochs at most [default: 100, more when the training rows make
    /// few batches, so at least 3,000 optimiser steps fit].
    #[arg(long)]
    epochs: Option<usize>,
    /// MLP minibatch size [default: the power of two nearest to training
    /// rows / 50, within 32..2048: the tutorial's 2048 from ~77,000 rows].
    #[arg(long)]
    batch_size: Option<usize>,
    /// MLP Adam learning rate [default: 0.001].
    #[arg(long)]
    learning_rate: Option<f64>,
    /// MLP early stopping: epochs without a better validation PR-AUC; 0
    /// turns it off [default: 10, more when an epoch is under 30 batches].
    #[arg(long)]
    patience: Option<usize>,
    /// Tree / forest / gbdt depth limit (tree default 5, others unlimited).
    #[arg(long)]
    max_depth: Option<usize>,
    /// Forest size [default: 100].
    #[arg(long)]
    trees: Option<usize>,
    /// Any model setting, KEY=VALUE, as the spec's JSON names it (e.g.
    /// --set l2=0.001, --set solver=lbfgs); repeatable. --help lists every
    /// key of every kind.
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = parse_setting, long_help = settings_help())]
    settings: Vec<(String, String)>,
    /// Inverse regularisation strength of logistic regression, in (0, inf)
    /// [default: 1].
    #[arg(long = "C")]
    c: Option<f64>,
    /// Class weights: none, balanced (n / (2·n_class)), or NEG:POS.
    #[arg(long, default_value = "none", value_parser = parse_class_weight)]
    class_weight: ClassWeight,
    /// Logistic regression's stop: tolerance on the gradient's largest
    /// component [default: 1e-6].
    #[arg(long)]
    tol: Option<f64>,
    /// Logistic regression's iteration cap [default: 1000].
    #[arg(long)]
    max_iter: Option<usize>,
    /// Seed of every random step.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Columns to leave out (comma-separated).
    #[arg(long, value_delimiter = ',')]
    drop: Vec<String>,
    /// Columns to log-transform as ln(x + 0.001) (comma-separated).
    #[arg(long, value_delimiter = ',')]
    log: Vec<String>,
    /// Override a column's inferred type: COL=numeric|boolean|categorical|datetime|text
    /// (comma-separated or repeated: --type a=text,b=numeric).
    #[arg(long = "type", value_name = "COL=KIND", value_delimiter = ',', value_parser = parse_kind)]
    types: Vec<(String, data::ColumnKind)>,
    /// Keep these columns as features even when the data check would leave
    /// them out (an ID, a constant, a copy, a possible leak); the report
    /// records them (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "COL")]
    keep: Vec<String>,
    /// Stop with an error when the data check finds anything (except on
    /// --keep columns), instead of warning.
    #[arg(long)]
    strict: bool,
    /// Fill for missing numbers.
    #[arg(long, value_enum, default_value = "mean")]
    impute: ImputeArg,
    /// Add a "was missing" feature for each column with missing values.
    #[arg(long)]
    missing_indicator: bool,
    /// Encode categoricals as one number each instead of one-hot.
    #[arg(long)]
    label_encode: bool,
    /// Do not standardise numeric features.
    #[arg(long)]
    no_standardize: bool,
    /// Clip standardised features to ±K; 0 turns clipping off.
    #[arg(long, default_value_t = 5.0, value_name = "K")]
    clip: f64,
    /// Scores at or above this are predicted positive.
    #[arg(long, default_value_t = 0.5)]
    threshold: f64,
}

/// `train`: a setup, the split, and what to write.
#[derive(Args, Debug)]
struct TrainArgs {
    #[command(flatten)]
    setup: Setup,
    /// Train, validation and test shares (1,0,0 fits on every row).
    #[arg(long, default_value = "0.64,0.16,0.2")]
    split: data::SplitFractions,
    /// Write the JSON report here (each model's `views`: `importance`,
    /// `coefficients`, `held_out` calibration, Brier parts and `top` shares).
    #[arg(long, value_name = "OUT.json")]
    report: Option<PathBuf>,
    /// Write the trained pipeline + model here as JSON.
    #[arg(long, value_name = "MODEL.json")]
    export: Option<PathBuf>,
    /// Write the split and the prepared features to this folder (made if
    /// missing): split.json (0-based data-row indices of train / val /
    /// test, in the order the models saw them), x_{train,val,test}.npy
    /// (f32) and y_{train,val,test}.npy (u8, 1 = positive), so another tool
    /// can fit on exactly the same rows and features.
    #[arg(long, value_name = "DIR")]
    export_split: Option<PathBuf>,
}

/// `export`: a saved model and the formats to write it in.
#[derive(Args, Debug)]
struct ExportArgs {
    /// The model file written by `train --export` (or saved in the page).
    model: PathBuf,
    /// Write the model as an ONNX graph here (ai.onnx 17 + ai.onnx.ml 3).
    #[arg(long, value_name = "OUT.onnx")]
    onnx: Option<PathBuf>,
    /// Write a scikit-learn script that reads the CSV, takes the same split
    /// rows, refits the same pipeline and model settings, and prints the
    /// same metrics (needs --data).
    #[arg(long, value_name = "OUT.py")]
    sklearn: Option<PathBuf>,
    /// The same scikit-learn code as a Jupyter notebook (needs --data).
    #[arg(long, value_name = "OUT.ipynb")]
    notebook: Option<PathBuf>,
    /// Write a PySpark MLlib script for the same pipeline and logistic model
    /// (class weights as a weight column), for retraining on a cluster
    /// (needs --data).
    #[arg(long, value_name = "OUT.py")]
    pyspark: Option<PathBuf>,
    /// The CSV the model was trained on: the scripts embed its split rows
    /// (recomputed with the saved seed; the model file does not hold them).
    #[arg(long, value_name = "DATA.csv")]
    data: Option<PathBuf>,
}

/// `cv`: a setup cross-validated, or a grid of settings around it.
#[derive(Args, Debug)]
struct CvArgs {
    #[command(flatten)]
    setup: Setup,
    /// Number of stratified folds.
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// Settings to try in every combination, scored by CV, e.g.
    /// 'C=0.001,0.01,1,10,100;class_weight=none,balanced'.
    #[arg(long, value_name = "KEY=V1,V2;…", value_parser = parse_grid)]
    grid: Option<Grid>,
    /// The metric a grid is ranked by (roc_auc, pr_auc, ks, f1, precision,
    /// recall, balanced_accuracy, mcc, accuracy, log_loss, brier)
    /// [default: pr_auc when positives are under 20 % of the rows, else
    /// roc_auc]. A setting whose mean recall is ≤ 0.01 is never "best".
    #[arg(long)]
    scoring: Option<Scoring>,
    /// Print the JSON report instead of a table.
    #[arg(long)]
    json: bool,
    /// Write the JSON report here.
    #[arg(long, value_name = "OUT.json")]
    report: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ImputeArg {
    Mean,
    Median,
    MostFrequent,
}

fn parse_imbalance(s: &str) -> Result<Imbalance, String> {
    s.parse()
}

fn parse_setting(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .ok_or_else(|| format!("setting \"{s}\" is not KEY=VALUE"))
}

/// The JSON spelling of a class weight, for `ModelSpec::set`.
/// `--set`'s long help: how values are read, and every key of every kind,
/// listed by the specs themselves so the help cannot fall behind them.
fn settings_help() -> String {
    let mut text = String::from(
        "Any model setting, KEY=VALUE, as the spec's JSON names it; repeatable, applied after --imbalance \
         to every model that has the key (a model without it refuses it by name). A value is a number, \
         true/false, none, a word (solver=lbfgs, loss=focal, batches=balanced: a variant's own settings \
         take their defaults) or JSON (max_features={\"count\":4}); a dotted key sets a field inside one \
         (early_stopping.patience=5, loss.focal.gamma=3, resampling.k=3); hidden=64,32 sets the MLP's \
         layer widths. Keys by model:",
    );
    for kind in ModelSpec::KINDS {
        if let Some(spec) = ModelSpec::default_of(kind) {
            text.push_str(&format!("\n  {kind}: {}", spec.setting_names()));
        }
    }
    text
}

fn class_weight_text(w: ClassWeight) -> String {
    match w {
        ClassWeight::None => "none".into(),
        ClassWeight::Balanced => "balanced".into(),
        ClassWeight::Custom { negative, positive } => {
            format!("{{\"custom\":{{\"negative\":{negative},\"positive\":{positive}}}}}")
        }
    }
}

fn parse_grid(s: &str) -> Result<Grid, String> {
    s.parse().map_err(|e: rareclass::cv::GridError| e.to_string())
}

fn parse_class_weight(s: &str) -> Result<ClassWeight, String> {
    s.parse()
}

fn parse_kind(s: &str) -> Result<(String, data::ColumnKind), String> {
    let (col, kind) = s.rsplit_once('=').ok_or("expected COL=KIND")?;
    Ok((col.trim().to_string(), kind.parse()?))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // A closed pipe (`| head`) is not an error worth reporting.
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("rareclass: error: {e}");
            ExitCode::from(2)
        }
    }
}

type AnyError = Box<dyn std::error::Error + Send + Sync>;

fn run(cli: Cli) -> Result<(), AnyError> {
    match cli.command {
        Command::Inspect { data, label, json } => inspect(&data, &label, json, cli.quiet),
        Command::Train(args) => train(&args, cli.quiet),
        Command::Cv(args) => cross_validate(&args, cli.quiet),
        Command::Predict {
            model,
            data,
            out,
            id,
            report,
        } => predict(
            &model,
            &data,
            out.as_deref(),
            id.as_deref(),
            report.as_deref(),
            cli.quiet,
        ),
        Command::Export(args) => export(&args),
        Command::Transfer {
            source,
            target,
            label,
            positive,
            target_labelled_fraction,
            target_test_fraction,
            seed,
            max_steps,
            method,
            preset,
            dan,
            class_weight,
            report,
        } => {
            let mut config = rareclass::transfer::run::TransferConfig {
                methods: method
                    .split(',')
                    .filter(|m| !m.trim().is_empty())
                    .map(rareclass::transfer::methods::Method::parse)
                    .collect::<Result<_, _>>()?,
                dan: transfer_network(&preset, dan.as_deref())?,
                ..Default::default()
            };
            if let Some(w) = class_weight {
                config = config.with_class_weight(w)?;
            }
            config.data.label = label;
            config.data.positive = positive.map_or(PositiveClass::Minority, PositiveClass::Value);
            config.data.target_val = target_labelled_fraction;
            config.data.target_test = target_test_fraction;
            config.data.seed = seed;
            config.seed = seed;
            config.dan.max_steps = max_steps;
            transfer(&source, &target, &config, report.as_deref(), cli.quiet)
        }
        Command::Explore {
            data,
            label,
            permutations,
            seed,
            json,
        } => explore(&data, &label, (permutations, seed), json, cli.quiet),
        Command::Metrics {
            scores,
            label,
            score,
            threshold,
            target_recall,
            cost_fn,
            cost_fp,
        } => score_metrics(
            &scores,
            &label,
            &score,
            threshold,
            target_recall,
            (cost_fn, cost_fp),
            cli.quiet,
        ),
    }
}

/// Reads a CSV in 4 MiB chunks through the same streaming reader the page
/// uses, with a byte progress bar.
fn read_table(path: &Path, quiet: bool) -> Result<Table, AnyError> {
    let mut file = std::fs::File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = progress_bar(quiet, size, "reading");
    let mut reader = TableReader::new(ReadOptions::default());
    // The file's size lets the reader size its columns once (as the page
    // does) instead of doubling them, which could hold twice the table.
    if size > 0 {
        reader.size_hint(size);
    }
    let mut buf = vec![0u8; 4 << 20];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if n == 0 {
            break;
        }
        reader.push(&buf[..n]).map_err(|e| format!("{}: {e}", path.display()))?;
        bar.set_position(reader.bytes_read());
    }
    bar.finish_and_clear();
    Ok(reader.finish().map_err(|e| format!("{}: {e}", path.display()))?)
}

fn progress_bar(quiet: bool, len: u64, what: &str) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    let template = if what == "reading" {
        "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec})"
    } else {
        "{msg} [{bar:30}] {percent}% {wide_msg}"
    };
    bar.set_style(ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()));
    bar.set_message(what.to_string());
    bar
}

/// A progress monitor that moves `bar` (made with length 1000 by
/// [`progress_bar`]) and shows the report's sentence, after its stage name
/// when `with_stage` (a run passes through several stages; cross-validation
/// names its fold in the sentence).
fn follow(bar: &ProgressBar, with_stage: bool) -> impl FnMut(&Progress) -> bool + '_ {
    move |p: &Progress| {
        bar.set_position((p.fraction.clamp(0.0, 1.0) * 1000.0) as u64);
        bar.set_message(if with_stage {
            format!("{}: {}", p.stage, p.message)
        } else {
            p.message.clone()
        });
        true
    }
}

fn inspect(path: &Path, label: &LabelArgs, json: bool, quiet: bool) -> Result<(), AnyError> {
    let table = read_table(path, quiet)?;
    let summary = data::summarize(&table);
    let balance = match &label.label {
        Some(col) => Some(binary_label(&table, col, &label.positive_class())?),
        None => None,
    };
    let mut out = std::io::stdout().lock();
    if json {
        let value = serde_json::json!({
            "summary": summary,
            "label": balance.as_ref().map(|l| serde_json::json!({
                "column": l.column, "positive": l.positive, "negative": l.negative,
                "positive_is_minority": l.chosen_as_minority, "rows": l.y.len(),
                "positives": l.positives(), "missing": l.missing, "balance": l.balance_text(),
            })),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    writeln!(
        out,
        "{}: {} rows × {} columns",
        path.display(),
        data::label::thousands(summary.rows as u64),
        summary.columns.len()
    )?;
    writeln!(out, "{:<28} {:<11} {:>8}  values", "column", "type", "missing")?;
    for c in &summary.columns {
        let values = match (c.min, c.mean, c.max) {
            (Some(min), Some(_), Some(max)) if c.kind == data::ColumnKind::DateTime => {
                // Dates as dates (ISO), not seconds since 1970.
                let with_time = [min, max].iter().any(|x| x.rem_euclid(86_400.0) != 0.0);
                format!(
                    "from {} to {}",
                    data::infer::format_datetime(min, with_time),
                    data::infer::format_datetime(max, with_time)
                )
            }
            (Some(min), Some(mean), Some(max)) => format!("min {} · mean {} · max {}", num(min), num(mean), num(max)),
            _ => c
                .top
                .iter()
                .map(|(v, n)| format!("{v} ({n})"))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let note = if c.excluded_by_default {
            "  [excluded: text/identifier]"
        } else {
            ""
        };
        writeln!(
            out,
            "{:<28} {:<11} {:>8}  {values}{note}",
            clip_text(&c.name, 28),
            c.kind.name(),
            c.missing
        )?;
    }
    if let Some(l) = balance {
        let how = if l.chosen_as_minority {
            " (the minority class; choose another with --positive)"
        } else {
            ""
        };
        writeln!(
            out,
            "label {:?}: positive {:?}{how}: {}",
            l.column,
            l.positive,
            l.balance_text()
        )?;
        if l.missing > 0 {
            writeln!(out, "{} rows have no label and are left out", l.missing)?;
        }
    }
    Ok(())
}

fn clip_text(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).chain(std::iter::once('…')).collect()
    }
}

/// A number with about four significant figures.
fn num(x: f64) -> String {
    if x == 0.0 || (x.abs() >= 1e-3 && x.abs() < 1e6) {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{x:.3e}")
    }
}

impl Setup {
    /// One spec per model × imbalance technique, in that order: each kind's
    /// default spec, then its dedicated flags that were given, the
    /// technique, and the `--set` settings (a flag left out keeps the
    /// params' own default, so defaults live in one place).
    fn models(&self) -> Result<Vec<ModelSpec>, AnyError> {
        let mut specs = Vec::new();
        for &model in &self.model {
            let kind = model.kind();
            let mut base = ModelSpec::default_of(kind).ok_or_else(|| format!("no model kind {kind}"))?;
            for (key, value) in self.flag_settings(model, &base) {
                base.set(key, &value)?;
            }
            for &technique in &self.imbalance {
                let mut spec = base.clone();
                if technique != Imbalance::None || self.class_weight == ClassWeight::None {
                    spec = spec.with_imbalance(technique)?;
                }
                for (k, v) in &self.settings {
                    spec.set(k, v)?;
                }
                specs.push(spec);
            }
        }
        Ok(specs)
    }

    /// The dedicated flags given for `model`, as `--set` keys and values.
    fn flag_settings(&self, model: ModelArg, base: &ModelSpec) -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> = Vec::new();
        let mut add = |key: &'static str, value: Option<String>| out.extend(value.map(|v| (key, v)));
        let text = |v: Option<f64>| v.map(|v| v.to_string());
        let count = |v: Option<usize>| v.map(|v| v.to_string());
        if !matches!(model, ModelArg::Majority) {
            add("class_weight", Some(class_weight_text(self.class_weight)));
        }
        match model {
            ModelArg::Logistic => {
                add("C", text(self.c));
                add("tol", text(self.tol));
                add("max_iter", count(self.max_iter));
            }
            ModelArg::Mlp => {
                match (self.hidden.clone(), self.dropout) {
                    (Some(widths), None) => add(
                        "hidden",
                        Some(widths.iter().map(|w| w.to_string()).collect::<Vec<_>>().join(",")),
                    ),
                    // Every hidden layer's dropout: the layers as given
                    // (or the default ones), each with `d`.
                    (widths, Some(d)) => {
                        let layers: Vec<String> = widths
                            .unwrap_or_else(|| mlp_widths(base))
                            .iter()
                            .map(|u| format!(r#"{{"units":{u},"dropout":{d}}}"#))
                            .collect();
                        add("hidden", Some(format!("[{}]", layers.join(","))));
                    }
                    (None, None) => {}
                }
                add("epochs", count(self.epochs));
                add("batch_size", count(self.batch_size));
                add("learning_rate", text(self.learning_rate));
                match self.loss {
                    Some(LossArg::Bce) => add("loss", Some("bce".into())),
                    Some(LossArg::SoftF1) => add("loss", Some("soft_f1".into())),
                    Some(LossArg::Focal) => {
                        add("loss", Some("focal".into()));
                        add("loss.focal.gamma", text(self.focal_gamma));
                        add("loss.focal.alpha", text(self.focal_alpha));
                    }
                    None => {}
                }
                match self.patience {
                    Some(0) => add("early_stopping", Some("null".into())),
                    p => add("early_stopping.patience", count(p)),
                }
            }
            ModelArg::Tree | ModelArg::Gbdt => add("max_depth", count(self.max_depth)),
            ModelArg::Forest => {
                add("n_trees", count(self.trees));
                add("max_depth", count(self.max_depth));
            }
            ModelArg::Majority => {}
        }
        out
    }

    /// The run config these arguments describe.
    fn config(&self, split: data::SplitFractions) -> Result<ExperimentConfig, AnyError> {
        let Some(label) = self.label.label.clone() else {
            return Err("--label COLUMN is needed".into());
        };
        Ok(ExperimentConfig {
            label,
            positive: self.label.positive_class(),
            kinds: self.types.iter().cloned().collect::<BTreeMap<_, _>>(),
            pipeline: PipelineParams {
                drop: self.drop.clone(),
                log: self.log.clone(),
                impute: match self.impute {
                    ImputeArg::Mean => Imputation::Mean,
                    ImputeArg::Median => Imputation::Median,
                    ImputeArg::MostFrequent => Imputation::MostFrequent,
                },
                missing_indicator: self.missing_indicator,
                encoding: if self.label_encode {
                    Encoding::Label
                } else {
                    Encoding::OneHot
                },
                standardize: !self.no_standardize,
                clip: (self.clip > 0.0).then_some(self.clip),
                ..PipelineParams::default()
            },
            split,
            seed: self.seed,
            models: self.models()?,
            threshold: self.threshold,
            checks: rareclass::checks::CheckOptions {
                keep: self.keep.clone(),
                strict: self.strict,
            },
        })
    }
}

fn train(args: &TrainArgs, quiet: bool) -> Result<(), AnyError> {
    let config = args.setup.config(args.split)?;
    let table = read_table(&args.setup.data, quiet)?;
    let bar = progress_bar(quiet, 1000, "training");
    let mut monitor = follow(&bar, true);
    let run = experiment::run(&table, &config, &mut monitor)?;
    let inspections = views::inspect_run(&table, &run, &views::InspectOptions::default(), &mut monitor)?;
    bar.finish_and_clear();
    print_report(&run.report)?;
    let model_views = train_views(&run, inspections)?;
    print_views(&model_views)?;
    if let Some(path) = &args.report {
        // The report with each model's views beside its metrics.
        let mut value = serde_json::to_value(&run.report)?;
        if let Some(models) = value.get_mut("models").and_then(|m| m.as_array_mut()) {
            for (m, v) in models.iter_mut().zip(&model_views) {
                m["views"] = serde_json::to_value(v)?;
            }
        }
        write_json(path, &value)?;
    }
    if let Some(path) = &args.export {
        let file = ModelFile::from_run(&run, 0).ok_or("no model was trained")?;
        write_json(path, &file)?;
    }
    if let Some(dir) = &args.export_split {
        let table = experiment::apply_kinds(&table, &config.kinds)?;
        export_split(dir, &run, &table)?;
    }
    Ok(())
}

/// One model's result views in the train report: what it relies on, and
/// calibration and top shares on the test rows (the validation rows when
/// the split has no test part).
#[derive(serde::Serialize)]
struct TrainViews {
    #[serde(flatten)]
    inspection: views::ModelInspection,
    held_out: Option<views::PartViews>,
}

fn train_views(run: &experiment::Run, inspections: Vec<views::ModelInspection>) -> Result<Vec<TrainViews>, AnyError> {
    let (part, rows) = if run.split.test.is_empty() {
        (Part::Val, &run.split.val)
    } else {
        (Part::Test, &run.split.test)
    };
    let y = run.part_labels(rows);
    let mut out = Vec::new();
    for (inspection, scores) in inspections.into_iter().zip(&run.scores) {
        let s = if part == Part::Test { &scores.test } else { &scores.val };
        let held_out = if y.is_empty() {
            None
        } else {
            Some(views::part_views(part, &y, s, 10, metrics::BinStrategy::Uniform)?)
        };
        out.push(TrainViews { inspection, held_out });
    }
    Ok(out)
}

/// The views in a few lines per model: Brier decomposition, top shares,
/// the most important columns and the largest coefficients.
fn print_views(list: &[TrainViews]) -> Result<(), AnyError> {
    let mut out = std::io::stdout().lock();
    let pct = |f: f64| format!("{:.1} %", 100.0 * f);
    let share = |f: f64| format!("{} %", 100.0 * f);
    for v in list {
        writeln!(out, "\nviews of {}:", v.inspection.model)?;
        if let Some(p) = &v.held_out {
            if let Some(b) = &p.brier {
                writeln!(
                    out,
                    "  calibration ({} rows, 10 equal-width bins): Brier {:.4} = reliability {:.4} − resolution {:.4} + uncertainty {:.4} (within bins {:+.4})",
                    p.part, b.brier, b.reliability, b.resolution, b.uncertainty, b.within_bin
                )?;
            }
            for t in &p.top {
                writeln!(
                    out,
                    "  the top {} of scores holds {} of the positives (lift {:.2}, precision {})",
                    share(t.top),
                    pct(t.gain),
                    t.lift,
                    pct(t.precision)
                )?;
            }
        }
        match &v.inspection.importance {
            Some(p) => {
                writeln!(out, "  permutation importance: {}", v.inspection.importance_note)?;
                for f in p.features.iter().take(8) {
                    writeln!(out, "    {:<28} {:>9.4} ± {:.4}", f.feature, f.mean, f.std)?;
                }
            }
            None => writeln!(out, "  {}", v.inspection.importance_note)?,
        }
        if let Some(coefs) = &v.inspection.coefficients {
            writeln!(
                out,
                "  standardised coefficients (coefficient × std on the training rows):"
            )?;
            for c in coefs.iter().take(8) {
                writeln!(out, "    {:<28} {:>+9.4}", c.feature, c.standardised)?;
            }
        }
    }
    Ok(())
}

/// `train --export-split DIR`: the run's split as data-row indices and its
/// parts as the prepared matrices the models were fitted and scored on
/// (transformed again by the fitted pipeline, which is deterministic).
fn export_split(dir: &Path, run: &experiment::Run, table: &Table) -> Result<(), AnyError> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot make folder {}: {e}", dir.display()))?;
    let parts = [
        ("train", &run.split.train),
        ("val", &run.split.val),
        ("test", &run.split.test),
    ];
    let mut index = serde_json::Map::new();
    for (name, part) in parts {
        let rows: Vec<usize> = part.iter().map(|&i| run.label.rows[i]).collect();
        let (x, _) = run.pipeline.transform(table, &rows)?;
        let y: Vec<u8> = part.iter().map(|&i| u8::from(run.label.y[i])).collect();
        let x_bytes: Vec<u8> = x.iter().flat_map(|v| v.to_le_bytes()).collect();
        write_npy(
            &dir.join(format!("x_{name}.npy")),
            "<f4",
            &[x.nrows(), x.ncols()],
            &x_bytes,
        )?;
        write_npy(&dir.join(format!("y_{name}.npy")), "|u1", &[y.len()], &y)?;
        index.insert(name.into(), serde_json::json!(rows));
    }
    index.insert("seed".into(), run.report.config.seed.into());
    index.insert("label".into(), run.label.column.clone().into());
    index.insert("positive".into(), run.label.positive.clone().into());
    index.insert("features".into(), serde_json::json!(run.pipeline.feature_names));
    write_json(&dir.join("split.json"), &index)
}

/// A NumPy `.npy` file (format 1.0): magic, header dict padded with spaces
/// to a multiple of 64 bytes, then the C-order little-endian data.
fn write_npy(path: &Path, descr: &str, shape: &[usize], data: &[u8]) -> Result<(), AnyError> {
    let dims = match shape {
        [n] => format!("({n},)"),
        _ => format!(
            "({})",
            shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")
        ),
    };
    let mut header = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {dims}, }}");
    let unpadded = 10 + header.len() + 1;
    header.push_str(&" ".repeat(unpadded.next_multiple_of(64) - unpadded));
    header.push('\n');
    let mut bytes = Vec::with_capacity(10 + header.len() + data.len());
    bytes.extend_from_slice(b"\x93NUMPY\x01\x00");
    bytes.extend_from_slice(&(header.len() as u16).to_le_bytes());
    bytes.extend_from_slice(header.as_bytes());
    bytes.extend_from_slice(data);
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(())
}

/// `transfer`: both files, the comparison, a table per model (source rows,
/// target validation rows, target test rows) and the JSON report.
fn transfer(
    source: &Path,
    target: &Path,
    config: &rareclass::transfer::run::TransferConfig,
    report_path: Option<&Path>,
    quiet: bool,
) -> Result<(), AnyError> {
    let source = read_table(source, quiet)?;
    let target = read_table(target, quiet)?;
    let bar = progress_bar(quiet, 1000, "transfer");
    let mut monitor = follow(&bar, true);
    let run = rareclass::transfer::run::run(&source, &target, config, &mut monitor)?;
    bar.finish_and_clear();
    let r = &run.report;
    let mut out = std::io::stdout().lock();
    let a = &r.alignment;
    writeln!(
        out,
        "columns: {} shared · {} only in source · {} only in target · {} with different kinds",
        a.shared.len(),
        a.only_in_source.len(),
        a.only_in_target.len(),
        a.kind_mismatches.len()
    )?;
    let s = &r.sizes;
    writeln!(
        out,
        "label {:?}, positive {:?}: source {} ({} pos) · target adapt {} · target val {} ({} pos) · target test {} ({} pos) · {} features",
        a.label.column,
        a.label.positive,
        s.source,
        s.source_positives,
        s.target_adapt,
        s.target_val,
        s.target_val_positives,
        s.target_test,
        s.target_test_positives,
        s.features
    )?;
    metrics_header(&mut out)?;
    for m in &r.models {
        model_rows(&mut out, &m.report, "src")?;
        writeln!(
            out,
            "  {}threshold {:.4} ({}){}",
            if m.chosen {
                "chosen on target validation · "
            } else {
                ""
            },
            m.threshold,
            m.threshold_from,
            if m.checks.is_empty() {
                String::new()
            } else {
                format!(
                    " · checks: {}",
                    m.checks.iter().map(|c| c.code).collect::<Vec<_>>().join(", ")
                )
            }
        )?;
    }
    for (name, h) in [("DAN", &r.dan_history), ("DANN", &r.dann_history)] {
        if h.steps.is_empty() {
            continue;
        }
        writeln!(
            out,
            "{name}: {} steps, best step {}, {}",
            h.steps.len(),
            h.best_step.map_or("—".to_string(), |b| b.to_string()),
            if h.stopped_early {
                "stopped early"
            } else {
                "ran to max_steps"
            }
        )?;
    }
    let p = &r.projections;
    writeln!(
        out,
        "MK-MMD of sampled source vs target features: source-only network {} · {} {}",
        opt(p.before.mmd),
        p.after_model,
        opt(p.after.mmd)
    )?;
    if let Some(iw) = &r.importance {
        writeln!(
            out,
            "importance weights: effective rows {:.0} of {} · {} clipped at {}× the mean · domain classifier ROC-AUC {}",
            iw.effective_rows,
            s.source,
            iw.clipped,
            iw.clip,
            opt(iw.domain_auc)
        )?;
    }
    if !r.learning_curve.is_empty() {
        writeln!(
            out,
            "learning curve (target-test ROC-AUC by labelled target training rows):"
        )?;
        for c in &r.learning_curve {
            writeln!(
                out,
                "  {:>5.0} % · {} rows ({} pos) · target only {} · source + target {}",
                c.share * 100.0,
                c.rows,
                c.positives,
                opt(c.target_only),
                opt(c.source_target)
            )?;
        }
    }
    match &r.verdict {
        Some(v) => writeln!(out, "verdict: {} — {}", v.outcome.as_str(), v.sentence)?,
        None => writeln!(out, "verdict: none (no target validation rows to choose on)")?,
    }
    for w in &r.warnings {
        writeln!(out, "warning: {w}")?;
    }
    if let Some(path) = report_path {
        write_json(path, r)?;
    }
    Ok(())
}

/// The networks' settings of `transfer`: a preset, then the `--dan` JSON
/// fields over it.
fn transfer_network(preset: &str, overrides: Option<&str>) -> Result<rareclass::models::dan::DanParams, AnyError> {
    let base = rareclass::models::dan::DanParams::preset(preset)?;
    let Some(text) = overrides else { return Ok(base) };
    let mut value = serde_json::to_value(&base)?;
    let extra: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("--dan: not a JSON object ({e}): {text}"))?;
    let serde_json::Value::Object(extra) = extra else {
        return Err(format!("--dan: expected a JSON object like '{{\"patience\": 100}}', got {text}").into());
    };
    for (k, v) in extra {
        if value.get(&k).is_none() {
            return Err(format!("--dan: unknown network setting \"{k}\"").into());
        }
        value[k] = v;
    }
    Ok(serde_json::from_value(value).map_err(|e| format!("--dan: {e}"))?)
}

fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), AnyError> {
    let text = serde_json::to_string_pretty(value)?;
    std::fs::write(path, text + "\n").map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(())
}

fn opt(x: Option<f64>) -> String {
    x.map_or("—".to_string(), |v| format!("{v:.4}"))
}

fn print_report(report: &Report) -> Result<(), AnyError> {
    let mut out = std::io::stdout().lock();
    let d = &report.data;
    let how = if d.positive_is_minority {
        " (minority class)"
    } else {
        ""
    };
    writeln!(
        out,
        "label {:?}, positive {:?}{how}: {}",
        d.label, d.positive_class, d.balance
    )?;
    let s = &report.split;
    writeln!(
        out,
        "split: train {} ({} pos) · validation {} ({} pos) · test {} ({} pos) · {} features",
        s.train,
        s.train_positives,
        s.val,
        s.val_positives,
        s.test,
        s.test_positives,
        d.features.len()
    )?;
    metrics_header(&mut out)?;
    for m in &report.models {
        model_rows(&mut out, m, "train")?;
        if let Some(t) = &m.test {
            confusion_line(&mut out, "test", t)?;
        }
    }
    for w in &report.warnings {
        writeln!(out, "warning: {w}")?;
    }
    Ok(())
}

/// A p-value as a person reads it in a table: "< 1e-10" below that (the
/// digits of a 1.8e-78 mean nothing; SciPy's own floor is far lower), else
/// two significant digits in scientific form.
fn p_value_text(p: f64) -> String {
    if p < 1e-10 {
        "< 1e-10".to_string()
    } else {
        format!("{p:.1e}")
    }
}

/// The header of the metrics table `train` and `predict` print.
fn metrics_header(out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<30} {:<5} {:>7} {:>7} {:>7} {:>8} {:>9} {:>7} {:>7} {:>8} {:>9}",
        "model", "part", "ROC-AUC", "PR-AUC", "KS", "log loss", "precision", "recall", "F1", "accuracy", "fit time"
    )
}

/// One row of the metrics table; `fit_seconds` is `—` when nothing was fitted.
/// A model's rows of the metrics table: its training part (named `train`,
/// or `src` for the source rows of a transfer run), validation and test.
fn model_rows(out: &mut impl Write, m: &experiment::ModelReport, train: &str) -> std::io::Result<()> {
    let parts = [
        (train, Some(&m.train)),
        ("val", m.val.as_ref()),
        ("test", m.test.as_ref()),
    ];
    for (part, e) in parts {
        let Some(e) = e else { continue };
        metrics_row(out, &m.name, part, e, Some(m.fit_seconds))?;
    }
    Ok(())
}

fn metrics_row(
    out: &mut impl Write,
    name: &str,
    part: &str,
    e: &Evaluation,
    fit_seconds: Option<f64>,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<30} {:<5} {:>7} {:>7} {:>7} {:>8} {:>9.4} {:>7.4} {:>7.4} {:>8.4} {:>9}",
        clip_text(name, 30),
        part,
        opt(e.roc_auc),
        opt(e.pr_auc),
        opt(e.ks),
        opt(e.log_loss),
        e.precision,
        e.recall,
        e.f1,
        e.accuracy,
        fit_seconds.map_or("—".to_string(), |s| format!("{s:.3} s"))
    )
}

fn confusion_line(out: &mut impl Write, part: &str, t: &Evaluation) -> std::io::Result<()> {
    writeln!(
        out,
        "  {part} at threshold {}: tp {} · fp {} · tn {} · fn {} · accuracy {:.4} (always-majority {:.4})",
        t.threshold, t.tp, t.fp, t.tn, t.fn_, t.accuracy, t.majority_accuracy
    )
}

/// `export`: writes each format asked for; asking for none is an error.
fn export(args: &ExportArgs) -> Result<(), AnyError> {
    let bytes = std::fs::read(&args.model).map_err(|e| format!("cannot open {}: {e}", args.model.display()))?;
    let model = ModelFile::from_bytes(&bytes).map_err(|e| format!("{}: {e}", args.model.display()))?;
    let scripts = [&args.sklearn, &args.notebook, &args.pyspark];
    if args.onnx.is_none() && scripts.iter().all(|p| p.is_none()) {
        return Err(
            "nothing to export: add --onnx OUT.onnx, --sklearn OUT.py, --notebook OUT.ipynb or --pyspark OUT.py".into(),
        );
    }
    if let Some(path) = &args.onnx {
        let onnx = rareclass::onnx::to_onnx(&model).map_err(|e| format!("{}: {e}", args.model.display()))?;
        std::fs::write(path, &onnx).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!(
            "wrote {} ({} bytes): inputs {}; output \"probability\" = P({} = {})",
            path.display(),
            onnx.len(),
            model.feature_columns().join(", "),
            model.label,
            model.positive_class
        );
    }
    if scripts.iter().all(|p| p.is_none()) {
        return Ok(());
    }
    let Some(data) = &args.data else {
        return Err(
            "the Python scripts embed the split's rows: add --data DATA.csv, the file the model was trained on".into(),
        );
    };
    let table = read_table(data, true)?;
    let rows = reproduce::split_rows(&model, &table).map_err(|e| format!("{}: {e}", data.display()))?;
    let data_name = data.to_string_lossy();
    let name_of = |p: &Path| {
        p.file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned())
    };
    let outputs: [(&Option<PathBuf>, &str); 3] = [
        (&args.sklearn, "scikit-learn script"),
        (&args.notebook, "notebook"),
        (&args.pyspark, "PySpark script"),
    ];
    for (path, what) in outputs {
        let Some(path) = path else { continue };
        let text = match what {
            "scikit-learn script" => reproduce::sklearn_script(&model, &rows, &data_name, &name_of(path)),
            "notebook" => reproduce::notebook(&model, &rows, &data_name),
            _ => reproduce::pyspark_script(&model, &rows, &data_name, &name_of(path)),
        }
        .map_err(|e| format!("{}: {e}", args.model.display()))?;
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!("wrote {} ({what}; {} training rows)", path.display(), rows.train.len());
    }
    Ok(())
}

fn predict(
    model_path: &Path,
    data_path: &Path,
    out_path: Option<&Path>,
    id: Option<&str>,
    report: Option<&Path>,
    quiet: bool,
) -> Result<(), AnyError> {
    let bytes = std::fs::read(model_path).map_err(|e| format!("cannot open {}: {e}", model_path.display()))?;
    let model = ModelFile::from_bytes(&bytes).map_err(|e| format!("{}: {e}", model_path.display()))?;
    let table = read_table(data_path, quiet)?;
    let id_column = match id {
        Some(name) => Some(&table.columns[table.require_column(name)?]),
        None => None,
    };
    let scored = score_table(&model, &table).map_err(|e| format!("{}: {e}", data_path.display()))?;
    // The same writer as the page's predictions download.
    let csv = scored.to_csv(id_column);
    match out_path {
        Some(path) => std::fs::write(path, csv).map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => std::io::stdout().lock().write_all(csv.as_bytes())?,
    }
    // The summary goes to stderr so stdout stays a clean CSV.
    let mut err = std::io::stderr().lock();
    let s = &scored.summary;
    writeln!(
        err,
        "scored {} rows with {:?}: {} predicted {:?} at threshold {}",
        data::label::thousands(s.rows as u64),
        s.model,
        data::label::thousands(s.predicted_positive as u64),
        s.positive_class,
        s.threshold
    )?;
    if !s.ignored_columns.is_empty() {
        writeln!(
            err,
            "ignored {} columns the model does not use: {}",
            s.ignored_columns.len(),
            s.ignored_columns.join(", ")
        )?;
    }
    for (column, from, to) in &s.converted_columns {
        writeln!(
            err,
            "column {column:?} read as {to} as in training (this file looks {from})"
        )?;
    }
    for (column, n) in &s.unseen_categories {
        writeln!(
            err,
            "column {column:?}: {n} rows have a category not seen in training (scored as none of the known ones)"
        )?;
    }
    if s.has_label && s.missing_labels > 0 {
        writeln!(
            err,
            "{} rows have no label and are left out of the metrics",
            s.missing_labels
        )?;
    }
    if let Some(e) = &s.evaluation {
        metrics_header(&mut err)?;
        metrics_row(&mut err, &s.model, "data", e, None)?;
        confusion_line(&mut err, "data", e)?;
        for w in &e.warnings {
            writeln!(err, "warning: {w}")?;
        }
    }
    if let Some(path) = report {
        write_json(path, s)?;
    }
    Ok(())
}

fn score_metrics(
    path: &Path,
    label: &LabelArgs,
    score: &str,
    threshold: f64,
    target_recall: f64,
    (cost_fn, cost_fp): (f64, f64),
    quiet: bool,
) -> Result<(), AnyError> {
    let label_col = label.label.clone().ok_or("metrics needs --label COLUMN")?;
    let table = read_table(path, quiet)?;
    let l = binary_label(&table, &label_col, &label.positive_class())?;
    let col = table
        .column(score)
        .ok_or_else(|| format!("score column {score:?} is not in the file"))?;
    let values = col
        .numbers()
        .ok_or_else(|| format!("score column {score:?} is {}, not numeric", col.kind))?;
    let mut scores = Vec::with_capacity(l.rows.len());
    for &r in &l.rows {
        if values[r].is_nan() {
            return Err(format!("score column {score:?} is missing on data row {}", r + 1).into());
        }
        scores.push(values[r]);
    }
    let evaluator = metrics::Evaluator::new(&l.y, &scores)?;
    let evaluation = evaluator.at(threshold)?;
    let sweep = evaluator.sweep();
    let best_f1 = sweep
        .best_f1()
        .map(|(t, f1)| serde_json::json!({ "threshold": t, "f1": f1 }));
    let (cost_threshold, cost) = sweep.min_cost(cost_fn, cost_fp)?;
    let value = serde_json::json!({
        "label": l.column, "positive": l.positive, "rows": l.y.len(), "positives": l.positives(),
        "metrics": evaluation,
        "best_f1": best_f1,
        "threshold_for_recall": { "recall": target_recall, "threshold": sweep.threshold_for_recall(target_recall) },
        "min_cost": { "cost_fn": cost_fn, "cost_fp": cost_fp, "threshold": cost_threshold, "cost": cost },
    });
    println!("{}", serde_json::to_string_pretty(&value)?);
    Ok(())
}

fn cross_validate(args: &CvArgs, quiet: bool) -> Result<(), AnyError> {
    let config = args.setup.config(data::SplitFractions::default())?;
    let table = read_table(&args.setup.data, quiet)?;
    let bar = progress_bar(quiet, 1000, "cross-validating");
    let mut monitor = follow(&bar, false);
    let mut out = std::io::stdout().lock();
    let columns = [
        Scoring::RocAuc,
        Scoring::PrAuc,
        Scoring::Ks,
        Scoring::F1,
        Scoring::Recall,
        Scoring::Precision,
    ];
    let mean_sd = |m: cv::MeanSd| match (m.mean, m.sd) {
        (Some(mean), Some(sd)) => format!("{mean:.4} ± {sd:.4}"),
        _ => "—".to_string(),
    };
    match &args.grid {
        None => {
            let report = cv::cross_validate(&table, &config, args.folds, &mut monitor)?;
            bar.finish_and_clear();
            if let Some(path) = &args.report {
                write_json(path, &report)?;
            }
            if args.json {
                writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
                return Ok(());
            }
            writeln!(
                out,
                "{}-fold stratified cross-validation (seed {}), threshold {}",
                report.folds, config.seed, config.threshold
            )?;
            write!(out, "{:<32}", "model")?;
            for m in columns {
                write!(out, " {:>17}", m.name())?;
            }
            writeln!(out)?;
            for model in &report.models {
                write!(out, "{:<32}", clip_text(&model.name, 32))?;
                for m in columns {
                    write!(out, " {:>17}", mean_sd(model.metric(m)))?;
                }
                writeln!(out)?;
                for f in &model.folds {
                    let e = &f.evaluation;
                    writeln!(
                        out,
                        "  fold {}: {} rows ({} pos) · ROC-AUC {} · PR-AUC {} · tp {} · fp {} · tn {} · fn {}",
                        f.fold + 1,
                        f.test_rows,
                        f.test_positives,
                        opt(e.roc_auc),
                        opt(e.pr_auc),
                        e.tp,
                        e.fp,
                        e.tn,
                        e.fn_
                    )?;
                }
            }
            for w in &report.warnings {
                writeln!(out, "warning: {w}")?;
            }
        }
        Some(grid) => {
            let (scoring, note) = match args.scoring {
                Some(s) => (s, None),
                None => {
                    let (s, why) = cv::default_scoring(&table, &config)?;
                    (s, Some(why))
                }
            };
            let mut report = cv::grid_search(&table, &config, grid, args.folds, scoring, None, &mut monitor)?;
            report.scoring_note = note;
            bar.finish_and_clear();
            if let Some(path) = &args.report {
                write_json(path, &report)?;
            }
            if args.json {
                writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
                return Ok(());
            }
            writeln!(
                out,
                "grid search: {} combinations × {} folds (seed {}), ranked by {} ({})",
                report.cells.len(),
                report.folds,
                config.seed,
                report.scoring,
                if report.scoring.higher_is_better() {
                    "higher is better"
                } else {
                    "lower is better"
                }
            )?;
            if let Some(note) = &report.scoring_note {
                writeln!(out, "{note}; name another with --scoring")?;
            }
            let mut order: Vec<usize> = (0..report.cells.len()).collect();
            let key = |i: usize| report.cells[i].cv.metric(report.scoring).mean;
            let sign = if report.scoring.higher_is_better() { -1.0 } else { 1.0 };
            order.sort_by(|&a, &b| {
                let (ka, kb) = (key(a).map(|v| sign * v), key(b).map(|v| sign * v));
                ka.unwrap_or(f64::INFINITY)
                    .total_cmp(&kb.unwrap_or(f64::INFINITY))
                    .then(a.cmp(&b))
            });
            write!(out, "{:>4}", "rank")?;
            for axis in &report.grid.axes {
                write!(out, "  {:<14}", clip_text(&axis.key, 14))?;
            }
            for m in columns {
                write!(out, " {:>17}", m.name())?;
            }
            writeln!(out)?;
            for (rank, &i) in order.iter().enumerate() {
                let cell = &report.cells[i];
                write!(out, "{:>4}", rank + 1)?;
                for (_, v) in &cell.settings {
                    write!(out, "  {:<14}", clip_text(v, 14))?;
                }
                for m in columns {
                    write!(out, " {:>17}", mean_sd(cell.cv.metric(m)))?;
                }
                if report.best == Some(i) {
                    write!(out, "  ← best")?;
                }
                writeln!(out)?;
            }
            if let Some(i) = report.best {
                let settings: Vec<String> = report.cells[i]
                    .settings
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                writeln!(
                    out,
                    "best: {} ({}); fit it with `rareclass train` and these settings",
                    settings.join(" "),
                    report.cells[i].cv.name
                )?;
            } else if !report.cells.is_empty() {
                writeln!(
                    out,
                    "no best: every setting finds (almost) no positive at threshold {} (mean recall ≤ {}); add class_weight=balanced to the grid or lower --threshold",
                    config.threshold,
                    cv::RECALL_FLOOR
                )?;
            }
            for w in &report.warnings {
                writeln!(out, "warning: {w}")?;
            }
        }
    }
    Ok(())
}

/// `rareclass explore`: the signal table, then the data diagnostics, each
/// line starting with its code.
fn explore(
    path: &Path,
    label: &LabelArgs,
    (permutations, seed): (usize, u64),
    json: bool,
    quiet: bool,
) -> Result<(), AnyError> {
    use rareclass::explore::{signal_table, SignalOptions};
    let col = label
        .label
        .as_deref()
        .ok_or("explore needs the label column: add --label COLUMN")?;
    let table = read_table(path, quiet)?;
    let l = binary_label(&table, col, &label.positive_class())?;
    let opts = SignalOptions {
        permutations,
        seed,
        ..SignalOptions::default()
    };
    let signal = signal_table(&table, &l, &opts)?;
    let diagnostics = rareclass::checks::findings(&table, &l, &signal, &[])?.findings;
    let mut out = std::io::stdout().lock();
    if json {
        let value = serde_json::json!({ "signal": signal, "diagnostics": diagnostics });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    writeln!(
        out,
        "{}: label {:?}, positive {:?}: {}",
        path.display(),
        l.column,
        l.positive,
        l.balance_text()
    )?;
    let w = signal
        .features
        .iter()
        .map(|f| f.column.chars().count())
        .max()
        .unwrap_or(7)
        .clamp(7, 28);
    writeln!(
        out,
        "{:>4}  {:<w$}  {:<11}  {:>7}  {:>10}  {:<8}  {:>7}  {:<10}  {:>9}  {:>7}",
        "rank", "feature", "kind", "ROC-AUC", "separation", "dir", "r", "test", "p-value", "missing"
    )?;
    for (i, f) in signal.features.iter().enumerate() {
        let dir = match f.direction {
            rareclass::explore::Direction::HigherIsPositive => "higher",
            rareclass::explore::Direction::LowerIsPositive => "lower",
            rareclass::explore::Direction::ByLevel => "by level",
            rareclass::explore::Direction::Neither => "-",
        };
        let test = match f.test {
            rareclass::explore::Test::WelchT => "welch-t",
            rareclass::explore::Test::ChiSquare => "chi-square",
        };
        let chance = match (f.above_chance, f.chance) {
            (Some(false), Some(c)) => format!("  (within chance: {c:.4} on shuffled labels)"),
            _ => String::new(),
        };
        writeln!(
            out,
            "{:>4}  {:<w$}  {:<11}  {:>7}  {:>10}  {:<8}  {:>7}  {:<10}  {:>9}  {:>6.1}%{chance}",
            i + 1,
            clip_text(&f.column, w),
            f.kind.name(),
            f.auc.map_or("-".to_string(), |a| format!("{a:.4}")),
            f.separation.map_or("-".to_string(), |a| format!("{a:.4}")),
            dir,
            f.point_biserial.map_or("-".to_string(), |r| format!("{r:+.4}")),
            test,
            f.p_value.map_or("-".to_string(), p_value_text),
            f.missing_rate * 100.0,
        )?;
    }
    if !signal.skipped.is_empty() {
        writeln!(out, "not ranked (text/identifier): {}", signal.skipped.join(", "))?;
    }
    if let Some(r) = &signal.reference {
        writeln!(
            out,
            "chance reference: with shuffled labels the best feature's separation reaches {:.4} (95th percentile) / {:.4} (99th); a feature is above chance when it beats its own shuffled-label mean by more than {:.4}; {} permutations on {} rows",
            r.p95,
            r.p99,
            r.max_excess_p99,
            r.permutations,
            data::label::thousands(r.rows_used as u64)
        )?;
    }
    if diagnostics.is_empty() {
        writeln!(out, "no findings")?;
    }
    for d in &diagnostics {
        writeln!(out, "{d}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The specs `train` would fit for these arguments.
    fn specs(args: &[&str]) -> Result<Vec<ModelSpec>, String> {
        let cli = Cli::try_parse_from(["rareclass", "train", "data.csv", "--label", "y"].iter().chain(args))
            .map_err(|e| e.to_string())?;
        let Command::Train(train) = cli.command else {
            return Err("not train".into());
        };
        train.setup.models().map_err(|e| e.to_string())
    }

    /// Every setting of every kind (the table `model_spec`'s test checks
    /// against `setting_keys()`), given on the command line as `--set
    /// KEY=VALUE`, lands in the spec the run fits.
    #[test]
    fn every_setting_key_of_every_kind_reaches_the_spec_through_set() {
        const EXAMPLES: &[(&str, &str, &str, &str)] = include!("../../tests/common/setting_examples.rs");
        for &(kind, key, value, want) in EXAMPLES {
            let setting = format!("{key}={value}");
            let got = specs(&["--model", kind, "--set", &setting]).unwrap_or_else(|e| panic!("{setting}: {e}"));
            let json = serde_json::to_value(&got[0]).unwrap();
            let pointer = match key {
                "C" => "/c".to_string(),
                "dropout" | "activation" => format!("/hidden/0/{key}"),
                k => format!("/{}", k.replace('.', "/")),
            };
            let at = json["params"].pointer(&pointer).unwrap_or(&serde_json::Value::Null);
            let want: serde_json::Value = serde_json::from_str(want).unwrap();
            assert_eq!(at, &want, "{kind} --set {setting}");
        }
    }

    /// A flag left out keeps the params' default: `train` with no model
    /// flags fits each kind's default spec, and the dedicated flags are
    /// the same settings as their `--set` keys.
    #[test]
    fn flags_left_out_keep_the_defaults_and_given_ones_equal_their_set_keys() {
        for kind in ["logistic", "mlp", "tree", "forest", "gbdt", "majority"] {
            let got = specs(&["--model", kind]).unwrap();
            assert_eq!(got, vec![ModelSpec::default_of(kind).unwrap()], "{kind}");
        }
        let pairs: [(&[&str], &[&str]); 5] = [
            (
                &["--model", "logistic", "--C", "0.5", "--tol", "1e-8", "--max-iter", "20"],
                &[
                    "--model",
                    "logistic",
                    "--set",
                    "C=0.5",
                    "--set",
                    "tol=1e-8",
                    "--set",
                    "max_iter=20",
                ],
            ),
            (
                &["--model", "mlp", "--hidden", "8,4", "--dropout", "0.25"],
                &[
                    "--model",
                    "mlp",
                    "--set",
                    r#"hidden=[{"units":8,"dropout":0.25},{"units":4,"dropout":0.25}]"#,
                ],
            ),
            (
                &[
                    "--model",
                    "mlp",
                    "--loss",
                    "focal",
                    "--focal-gamma",
                    "3",
                    "--patience",
                    "0",
                ],
                &[
                    "--model",
                    "mlp",
                    "--set",
                    "loss.focal.gamma=3",
                    "--set",
                    "early_stopping=none",
                ],
            ),
            (
                &["--model", "forest", "--trees", "7", "--max-depth", "3"],
                &["--model", "forest", "--set", "n_trees=7", "--set", "max_depth=3"],
            ),
            (
                &[
                    "--model",
                    "mlp",
                    "--learning-rate",
                    "0.01",
                    "--epochs",
                    "5",
                    "--batch-size",
                    "64",
                ],
                &[
                    "--model",
                    "mlp",
                    "--set",
                    "learning_rate=0.01",
                    "--set",
                    "epochs=5",
                    "--set",
                    "batch_size=64",
                ],
            ),
        ];
        for (flags, set) in pairs {
            assert_eq!(specs(flags).unwrap(), specs(set).unwrap(), "{flags:?}");
        }
        let err = specs(&["--model", "logistic", "--set", "solvr=lbfgs"]).unwrap_err();
        assert!(err.contains("no setting \"solvr\"") && err.contains("solver"), "{err}");
    }

    /// `--help` lists every key of every kind.
    #[test]
    fn help_lists_every_setting_key() {
        let help = settings_help();
        for kind in ModelSpec::KINDS {
            let spec = ModelSpec::default_of(kind).unwrap();
            assert!(help.contains(&format!("{kind}: {}", spec.setting_names())), "{help}");
        }
        assert!(
            help.contains("fit_intercept") && help.contains("early_stopping.patience"),
            "{help}"
        );
    }
}
