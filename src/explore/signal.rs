//! The ranked signal table: for each feature column of the raw table, how
//! well it alone separates the two classes, with a significance test, and a
//! permutation reference for "clearly better than chance". Knows nothing of
//! the pipeline, models or charts; reads a [`Table`] and a [`BinaryLabel`].
//!
//! Per feature, on the labelled rows where the feature is present (missing
//! cells are skipped and counted; non-finite numbers count as missing):
//!
//! - **ROC-AUC** of the feature as a score ([`crate::metrics`], ties count ½,
//!   as `sklearn.metrics.roc_auc_score`). Numeric and date-time columns use
//!   the value itself. Boolean and categorical columns use each level's
//!   positive rate on the same rows (in-sample target encoding), so their
//!   AUC is ≥ 0.5 and optimistic for many levels; the permutation reference
//!   includes the same optimism, so the comparison stays fair.
//! - **separation** = max(AUC, 1 − AUC) with the [`Direction`].
//! - **point-biserial r** = Pearson correlation of the value with y ∈ {0, 1}
//!   (numeric, date-time, and boolean as its 0/1 code).
//! - **Welch t-test** (numeric, date-time): two-sided p of
//!   `scipy.stats.ttest_ind(pos, neg, equal_var=False)`; t > 0 when the
//!   positive class has the larger mean.
//! - **chi-square test of independence** (boolean, categorical): the
//!   levels × classes contingency table of the present rows (levels with no
//!   rows dropped), Pearson's statistic **without** Yates' continuity
//!   correction for every table, 2×2 included — that is
//!   `scipy.stats.chi2_contingency(table, correction=False)`; SciPy's default
//!   corrects 2×2 tables only, which would make a two-level column's p-value
//!   not comparable with a three-level one's.
//! - **missing rate** among labelled rows.
//!
//! Text columns (identifiers, free text) are excluded from the table and
//! listed in [`SignalTable::skipped`]; the diagnostics still look at them.

use super::{check_label, midranks, pearson, ExploreError};
use crate::data::{BinaryLabel, Column, ColumnKind, ColumnValues, Table, MISSING_CODE};
use crate::metrics::RankedScores;
use crate::Rng;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF, StudentsT};

/// How the signal table is computed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SignalOptions {
    /// Label permutations for the chance reference, in [0, 1000]. Default
    /// 30; 0 skips the reference.
    pub permutations: usize,
    /// Rows used by the permutation reference, in [100, inf): a larger
    /// table is subsampled (without replacement, seeded) to this many
    /// labelled rows for speed. Default 300,000, so the 284,807-row
    /// credit-card set is used whole (each permutation is O(rows) per
    /// feature: features are ranked once). The reference's spread depends
    /// on the number of positives, so a subsample makes it wider (more
    /// conservative) than the full table's: with 0.17 % positives a
    /// 20,000-row subsample has about 35 positives and shuffled labels then
    /// reach a separation of 0.69, where the full table's reach 0.54.
    pub permutation_rows: usize,
    /// Seed of the permutations and the subsample. Default 0.
    pub seed: u64,
}

impl Default for SignalOptions {
    fn default() -> Self {
        SignalOptions {
            permutations: 30,
            permutation_rows: 300_000,
            seed: 0,
        }
    }
}

impl SignalOptions {
    fn check(&self) -> Result<(), ExploreError> {
        if self.permutations > 1000 {
            return Err(ExploreError::BadParameter {
                name: "permutations",
                interval: "in [0, 1000]",
                value: self.permutations as f64,
            });
        }
        if self.permutation_rows < 100 {
            return Err(ExploreError::BadParameter {
                name: "permutation_rows",
                interval: "in [100, inf)",
                value: self.permutation_rows as f64,
            });
        }
        Ok(())
    }
}

/// Which way a feature points at the positive class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Larger values are more often positive (AUC > 0.5).
    HigherIsPositive,
    /// Smaller values are more often positive (AUC < 0.5).
    LowerIsPositive,
    /// A categorical column: some levels are more often positive.
    ByLevel,
    /// No AUC (one class among the present rows) or exactly 0.5.
    Neither,
}

/// The significance test used for a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Test {
    /// Welch's unequal-variance t-test (numeric, date-time).
    WelchT,
    /// Pearson's chi-square test of independence, no continuity correction.
    ChiSquare,
}

/// One row of the signal table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureSignal {
    /// The column's name.
    pub column: String,
    /// Its kind.
    pub kind: ColumnKind,
    /// Labelled rows where the feature is present.
    pub rows: usize,
    /// Labelled rows where it is missing (or not finite).
    pub missing: usize,
    /// `missing / labelled rows`, in [0, 1].
    pub missing_rate: f64,
    /// Distinct levels present (boolean, categorical); `None` for numbers.
    pub levels: Option<usize>,
    /// Univariate ROC-AUC; `None` when the present rows have one class.
    pub auc: Option<f64>,
    /// `max(auc, 1 − auc)`, in [0.5, 1].
    pub separation: Option<f64>,
    /// Which way it points.
    pub direction: Direction,
    /// Pearson r of the value with y ∈ {0, 1}; `None` for categoricals and
    /// when either is constant.
    pub point_biserial: Option<f64>,
    /// The test used.
    pub test: Test,
    /// Welch's t (positive minus negative) or the chi-square statistic.
    pub statistic: Option<f64>,
    /// Degrees of freedom (Welch–Satterthwaite, or levels − 1).
    pub dof: Option<f64>,
    /// Two-sided p-value; `None` when the test is undefined (a class with
    /// fewer than two present rows, both classes constant, one level).
    pub p_value: Option<f64>,
    /// This feature's chance level: its mean separation over the label
    /// permutations (0.5 plus sampling noise for a number; higher for a
    /// categorical with many levels). `None` without a reference.
    pub chance: Option<f64>,
    /// Whether `separation > chance + reference.max_excess_p99`: clearly
    /// above chance, family-wise over all features; `None` without a
    /// reference.
    pub above_chance: Option<bool>,
}

/// What "no signal" looks like on this table: the separations features
/// reach when the label is shuffled.
///
/// Each feature has its own chance level (a 50-level categorical scored by
/// its in-sample level rates reaches 0.57 on noise where a number reaches
/// 0.51), so "clearly above chance" is judged as in the max-T permutation
/// method (Westfall & Young): per permutation take the largest excess of
/// any feature over its own chance level; a feature is above chance when
/// its separation beats its chance level by more than the 99th percentile
/// of that largest excess. This controls the chance that *any* feature of
/// a no-signal table is called above chance at about 1 %.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PermutationReference {
    /// How many permutations.
    pub permutations: usize,
    /// Labelled rows used (all of them, or the subsample).
    pub rows_used: usize,
    /// The seed.
    pub seed: u64,
    /// Per permutation, the max over features of the separation.
    pub max_separations: Vec<f64>,
    /// 95th percentile of `max_separations` (linear interpolation, as
    /// `numpy.percentile`).
    pub p95: f64,
    /// 99th percentile (with 30 permutations this is close to their max).
    pub p99: f64,
    /// Per permutation, the max over features of (separation − that
    /// feature's chance level).
    pub max_excess: Vec<f64>,
    /// 99th percentile of `max_excess`: the margin a feature must beat its
    /// chance level by.
    pub max_excess_p99: f64,
}

/// The ranked signal table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalTable {
    /// The label column.
    pub label: String,
    /// The positive class as it reads.
    pub positive: String,
    /// Labelled rows.
    pub rows: usize,
    /// Positive labelled rows.
    pub positives: usize,
    /// One per feature, by separation, largest first (features without an
    /// AUC last), ties by name.
    pub features: Vec<FeatureSignal>,
    /// Text columns left out (identifiers and free text).
    pub skipped: Vec<String>,
    /// The chance reference (`None` when `permutations` is 0 or no feature
    /// has an AUC).
    pub reference: Option<PermutationReference>,
}

/// A feature's labelled, present values.
enum Present {
    Numbers { x: Vec<f64>, y: Vec<bool> },
    Codes { c: Vec<u32>, y: Vec<bool>, levels: usize },
}

/// The labelled rows' values of `col` where it is not missing, with their labels.
fn present(col: &Column, label: &BinaryLabel) -> Present {
    let n = label.rows.len();
    let mut y = Vec::with_capacity(n);
    match &col.values {
        ColumnValues::Numbers(v) => {
            let mut x = Vec::with_capacity(n);
            for (&r, &yi) in label.rows.iter().zip(&label.y) {
                if v[r].is_finite() {
                    x.push(v[r]);
                    y.push(yi);
                }
            }
            Present::Numbers { x, y }
        }
        ColumnValues::Codes { codes, levels } => {
            let mut c = Vec::with_capacity(n);
            for (&r, &yi) in label.rows.iter().zip(&label.y) {
                if codes[r] != MISSING_CODE {
                    c.push(codes[r]);
                    y.push(yi);
                }
            }
            Present::Codes {
                c,
                y,
                levels: levels.len(),
            }
        }
    }
}

/// Builds the signal table of every non-label, non-text column.
///
/// Errors only when `label` was not made from `table` or the options are
/// out of range; undefined statistics are `None`.
pub fn signal_table(table: &Table, label: &BinaryLabel, opts: &SignalOptions) -> Result<SignalTable, ExploreError> {
    opts.check()?;
    check_label(table, label)?;
    let n = label.y.len();
    // The permutation reference's rows are drawn first (the stream's order).
    // Each column's labelled values are copied, measured and dropped, one
    // column at a time; the reference's copies of the kept rows are made
    // afterwards, straight from the columns. Interleaving the two left a
    // hole below each kept copy that the next column's larger copy did not
    // fit, and the engine's wasm memory, which never shrinks, grew by most
    // of a column per column (the fraud file's data check: 115 MiB of wasm
    // memory over a 67 MiB table). No permutations: no reference, so no
    // rows to draw.
    let mut rng = Rng::new(opts.seed);
    let sample = (opts.permutations > 0).then(|| PermutationRows::draw(n, opts.permutation_rows, &mut rng));
    let mut features = Vec::new();
    let mut skipped = Vec::new();
    let mut measured = Vec::new();
    for col in &table.columns {
        if col.name == label.column {
            continue;
        }
        if col.kind == ColumnKind::Text {
            skipped.push(col.name.clone());
            continue;
        }
        let p = present(col, label);
        features.push(feature_signal(col, &p, n));
        measured.push(col);
    }
    let prepared: Vec<Prepared> = match &sample {
        Some(sample) => measured.iter().map(|col| sample.prepare(col, label)).collect(),
        None => Vec::new(),
    };
    let reference = match &sample {
        Some(sample) if features.iter().any(|f| f.auc.is_some()) => {
            let (r, chance) = permutation_reference(&prepared, &sample.keep, &label.y, opts, &mut rng);
            for (f, c) in features.iter_mut().zip(chance) {
                f.chance = c;
                f.above_chance = match (f.separation, c) {
                    (Some(s), Some(c)) => Some(s > c + r.max_excess_p99),
                    _ => None,
                };
            }
            Some(r)
        }
        _ => None,
    };
    features.sort_by(|a, b| {
        let (sa, sb) = (a.separation.unwrap_or(-1.0), b.separation.unwrap_or(-1.0));
        sb.total_cmp(&sa).then_with(|| a.column.cmp(&b.column))
    });
    Ok(SignalTable {
        label: label.column.clone(),
        positive: label.positive.clone(),
        rows: n,
        positives: label.positives(),
        features,
        skipped,
        reference,
    })
}

fn feature_signal(col: &Column, p: &Present, labelled: usize) -> FeatureSignal {
    let (rows, auc, levels) = match p {
        Present::Numbers { x, y } => (x.len(), auc_of(y, x), None),
        Present::Codes { c, y, levels } => {
            let rates = level_rates(c, y, *levels);
            let s: Vec<f64> = c.iter().map(|&k| rates[k as usize]).collect();
            let present_levels = count_levels(c, *levels);
            (c.len(), auc_of(y, &s), Some(present_levels))
        }
    };
    let missing = labelled - rows;
    let direction = match (p, auc) {
        (_, None) => Direction::Neither,
        (Present::Codes { .. }, Some(a)) if a > 0.5 => Direction::ByLevel,
        (_, Some(a)) if a > 0.5 => Direction::HigherIsPositive,
        (_, Some(a)) if a < 0.5 => Direction::LowerIsPositive,
        _ => Direction::Neither,
    };
    let (test, statistic, dof, p_value, point_biserial) = match p {
        Present::Numbers { x, y } => {
            let w = welch(x, y);
            (
                Test::WelchT,
                w.map(|w| w.0),
                w.map(|w| w.1),
                w.map(|w| w.2),
                point_biserial(x, y),
            )
        }
        Present::Codes { c, y, levels } => {
            let chi = chi_square(c, y, *levels);
            let r = if col.kind == ColumnKind::Boolean {
                let x: Vec<f64> = c.iter().map(|&k| k as f64).collect();
                point_biserial(&x, y)
            } else {
                None
            };
            (Test::ChiSquare, chi.map(|c| c.0), chi.map(|c| c.1), chi.map(|c| c.2), r)
        }
    };
    FeatureSignal {
        column: col.name.clone(),
        kind: col.kind,
        rows,
        missing,
        missing_rate: if labelled == 0 {
            0.0
        } else {
            missing as f64 / labelled as f64
        },
        levels,
        auc,
        separation: auc.map(|a| a.max(1.0 - a)),
        direction,
        point_biserial,
        test,
        statistic,
        dof,
        p_value,
        chance: None,
        above_chance: None,
    }
}

fn auc_of(y: &[bool], s: &[f64]) -> Option<f64> {
    RankedScores::new(y, s).ok()?.roc_auc()
}

fn count_levels(c: &[u32], levels: usize) -> usize {
    let mut seen = vec![false; levels];
    for &k in c {
        seen[k as usize] = true;
    }
    seen.iter().filter(|&&s| s).count()
}

/// Each level's share of positives among the given rows (0 for absent levels).
fn level_rates(c: &[u32], y: &[bool], levels: usize) -> Vec<f64> {
    let (pos, tot) = level_counts(c, y, levels);
    pos.iter()
        .zip(&tot)
        .map(|(&p, &t)| if t == 0 { 0.0 } else { p as f64 / t as f64 })
        .collect()
}

fn level_counts(c: &[u32], y: &[bool], levels: usize) -> (Vec<u64>, Vec<u64>) {
    let mut pos = vec![0u64; levels];
    let mut tot = vec![0u64; levels];
    for (&k, &yi) in c.iter().zip(y) {
        tot[k as usize] += 1;
        pos[k as usize] += yi as u64;
    }
    (pos, tot)
}

fn point_biserial(x: &[f64], y: &[bool]) -> Option<f64> {
    let yf: Vec<f64> = y.iter().map(|&b| b as u8 as f64).collect();
    pearson(x, &yf)
}

/// `(t, df, p)` of Welch's test, positive class first.
fn welch(x: &[f64], y: &[bool]) -> Option<(f64, f64, f64)> {
    // Each class's values in row order, read in place (no copies).
    let class = |want: bool| x.iter().zip(y).filter(move |p| *p.1 == want).map(|p| *p.0);
    let (c1, c0) = (class(true).count(), class(false).count());
    let (n1, n0) = (c1 as f64, c0 as f64);
    if c1 < 2 || c0 < 2 {
        return None;
    }
    let (m1, v1) = mean_var(class(true), n1);
    let (m0, v0) = mean_var(class(false), n0);
    let (s1, s0) = (v1 / n1, v0 / n0);
    let se2 = s1 + s0;
    if se2 <= 0.0 || !se2.is_finite() {
        return None;
    }
    let t = (m1 - m0) / se2.sqrt();
    let df = se2 * se2 / (s1 * s1 / (n1 - 1.0) + s0 * s0 / (n0 - 1.0));
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    // cdf(−|t|) is a regularised incomplete beta evaluated directly, so
    // tiny p-values keep their relative precision (1 − cdf(|t|) would not).
    let p = (2.0 * dist.cdf(-t.abs())).min(1.0);
    Some((t, df, p))
}

/// Mean and sample variance (ddof = 1) of the `n` values `x` yields,
/// two-pass, summed in order.
fn mean_var<I: Iterator<Item = f64> + Clone>(x: I, n: f64) -> (f64, f64) {
    let m = x.clone().sum::<f64>() / n;
    let ss: f64 = x.map(|v| (v - m) * (v - m)).sum();
    (m, ss / (n - 1.0))
}

/// `(chi2, dof, p)` of the levels × classes table, no continuity correction.
fn chi_square(c: &[u32], y: &[bool], levels: usize) -> Option<(f64, f64, f64)> {
    let (pos, tot) = level_counts(c, y, levels);
    let n: u64 = tot.iter().sum();
    let p_all: u64 = pos.iter().sum();
    let n_all = n - p_all;
    let kept: Vec<(u64, u64)> = pos
        .iter()
        .zip(&tot)
        .filter(|(_, &t)| t > 0)
        .map(|(&p, &t)| (p, t))
        .collect();
    if kept.len() < 2 || p_all == 0 || n_all == 0 {
        return None;
    }
    let nf = n as f64;
    let mut stat = 0.0;
    for &(p, t) in &kept {
        for (obs, col) in [(p, p_all), (t - p, n_all)] {
            let e = t as f64 * col as f64 / nf;
            let d = obs as f64 - e;
            stat += d * d / e;
        }
    }
    let dof = (kept.len() - 1) as f64;
    let p = ChiSquared::new(dof).ok()?.sf(stat);
    Some((stat, dof, p))
}

/// A feature prepared for fast AUCs under many labellings: rank sums for
/// numbers, level counts for codes.
enum Prepared {
    Ranks { at: Vec<usize>, ranks: Vec<f64> },
    Codes { at: Vec<usize>, c: Vec<u32>, levels: usize },
}

/// The labelled rows the permutation reference uses: all of them, or a
/// seeded draw of `cap` (in label order).
struct PermutationRows {
    /// The kept label positions, ascending.
    keep: Vec<usize>,
}

impl PermutationRows {
    /// Subsample: a seeded shuffle of label positions, first `cap` kept.
    fn draw(n: usize, cap: usize, rng: &mut Rng) -> PermutationRows {
        let mut keep: Vec<usize> = (0..n).collect();
        if n > cap {
            rng.shuffle(&mut keep);
            keep.truncate(cap);
            keep.shrink_to_fit();
            keep.sort_unstable();
        }
        PermutationRows { keep }
    }

    /// Column `col`'s present values on the kept rows, in `keep`'s order,
    /// prepared for fast AUCs under many labellings: `at[k]` is value `k`'s
    /// index in `keep` (the same rows, order and values as `present` then
    /// subsampled, without its copy of every labelled row).
    fn prepare(&self, col: &Column, label: &BinaryLabel) -> Prepared {
        let rows = self.keep.iter().enumerate().map(|(j, &i)| (j, label.rows[i]));
        match &col.values {
            ColumnValues::Numbers(v) => {
                let (at, xs): (Vec<usize>, Vec<f64>) =
                    rows.filter(|&(_, r)| v[r].is_finite()).map(|(j, r)| (j, v[r])).unzip();
                Prepared::Ranks {
                    at,
                    ranks: midranks(&xs),
                }
            }
            ColumnValues::Codes { codes, levels } => {
                let (at, c): (Vec<usize>, Vec<u32>) = rows
                    .filter(|&(_, r)| codes[r] != MISSING_CODE)
                    .map(|(j, r)| (j, codes[r]))
                    .unzip();
                Prepared::Codes {
                    at,
                    c,
                    levels: levels.len(),
                }
            }
        }
    }
}

/// The reference and each feature's chance level (mean permuted separation),
/// from the features prepared on the rows `keep`; `rng` continues the
/// stream that drew them.
fn permutation_reference(
    prepared: &[Prepared],
    keep: &[usize],
    y: &[bool],
    opts: &SignalOptions,
    rng: &mut Rng,
) -> (PermutationReference, Vec<Option<f64>>) {
    let mut ys: Vec<bool> = keep.iter().map(|&i| y[i]).collect();
    // seps[k][j]: feature j's separation under permutation k.
    let mut seps: Vec<Vec<Option<f64>>> = Vec::with_capacity(opts.permutations);
    let mut sub_y = Vec::new();
    for _ in 0..opts.permutations {
        rng.shuffle(&mut ys);
        let row = prepared
            .iter()
            .map(|p| {
                let auc = match p {
                    // Ranks read the shuffled labels in place: no copy.
                    Prepared::Ranks { at, ranks } => rank_auc(ranks, at, &ys),
                    Prepared::Codes { at, c, levels } => {
                        sub_y.clear();
                        sub_y.extend(at.iter().map(|&j| ys[j]));
                        level_rate_auc(c, &sub_y, *levels)
                    }
                };
                auc.map(|a| a.max(1.0 - a))
            })
            .collect();
        seps.push(row);
    }
    let chance: Vec<Option<f64>> = (0..prepared.len())
        .map(|j| {
            let v: Vec<f64> = seps.iter().filter_map(|row| row[j]).collect();
            (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
        })
        .collect();
    let maxes: Vec<f64> = seps
        .iter()
        .map(|row| row.iter().flatten().fold(0.5, |m: f64, &s| m.max(s)))
        .collect();
    let max_excess: Vec<f64> = seps
        .iter()
        .map(|row| {
            row.iter()
                .zip(&chance)
                .filter_map(|(s, c)| Some((*s)? - (*c)?))
                .fold(0.0, f64::max)
        })
        .collect();
    let sorted = |v: &[f64]| {
        let mut s = v.to_vec();
        s.sort_by(f64::total_cmp);
        s
    };
    let (sm, se) = (sorted(&maxes), sorted(&max_excess));
    let r = PermutationReference {
        permutations: opts.permutations,
        rows_used: keep.len(),
        seed: opts.seed,
        p95: percentile(&sm, 95.0),
        p99: percentile(&sm, 99.0),
        max_separations: maxes,
        max_excess_p99: percentile(&se, 99.0),
        max_excess,
    };
    (r, chance)
}

/// Mann–Whitney AUC from midranks: `(Σ ranks of positives − P(P+1)/2) / (P·N)`,
/// equal to the ROC-AUC with ties counting ½; row `k` of `ranks` has the
/// label `y[at[k]]`, read in place (the permutation reference calls this
/// per feature and permutation, with the labels shuffled in `y`; gathering
/// them into a copy first cost as much as the sum).
pub(crate) fn rank_auc(ranks: &[f64], at: &[usize], y: &[bool]) -> Option<f64> {
    let (mut sum, mut p) = (0.0, 0u64);
    for (&r, &j) in ranks.iter().zip(at) {
        if y[j] {
            sum += r;
            p += 1;
        }
    }
    let q = at.len() as u64 - p;
    if p == 0 || q == 0 {
        return None;
    }
    let (pf, qf) = (p as f64, q as f64);
    Some((sum - pf * (pf + 1.0) / 2.0) / (pf * qf))
}

/// The AUC of scoring each row by its level's positive rate, from level
/// counts: levels sorted by rate, each positive beats the negatives of
/// lower-rate levels and ties half of its own rate group.
pub(crate) fn level_rate_auc(c: &[u32], y: &[bool], levels: usize) -> Option<f64> {
    let (pos, tot) = level_counts(c, y, levels);
    let mut groups: Vec<(f64, u64, u64)> = pos
        .iter()
        .zip(&tot)
        .filter(|(_, &t)| t > 0)
        .map(|(&p, &t)| (p as f64 / t as f64, p, t - p))
        .collect();
    groups.sort_by(|a, b| a.0.total_cmp(&b.0));
    let p_all: u64 = groups.iter().map(|g| g.1).sum();
    let n_all: u64 = groups.iter().map(|g| g.2).sum();
    if p_all == 0 || n_all == 0 {
        return None;
    }
    let (mut below, mut num, mut i) = (0u64, 0.0, 0);
    while i < groups.len() {
        let mut j = i;
        let (mut gp, mut gn) = (0u64, 0u64);
        while j < groups.len() && groups[j].0 == groups[i].0 {
            gp += groups[j].1;
            gn += groups[j].2;
            j += 1;
        }
        num += gp as f64 * (below as f64 + 0.5 * gn as f64);
        below += gn;
        i = j;
    }
    Some(num / (p_all as f64 * n_all as f64))
}

/// `numpy.percentile(x, q)` (linear) of an ascending slice; NaN when empty.
pub(crate) fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q / 100.0;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_auc_matches_metrics_auc_with_ties() {
        let x = [0.1, 0.4, 0.4, 0.35, 0.8, 0.8, 0.2];
        let y = [false, true, false, true, true, false, false];
        let want = auc_of(&y, &x).unwrap();
        let at: Vec<usize> = (0..x.len()).collect();
        let got = rank_auc(&midranks(&x), &at, &y).unwrap();
        assert!((want - got).abs() < 1e-15, "{want} vs {got}");
    }

    #[test]
    fn level_rate_auc_matches_metrics_auc() {
        let c = [0, 0, 1, 1, 1, 2, 2, 2, 2, 3];
        let y = [true, false, true, true, false, false, false, true, false, true];
        let rates = level_rates(&c, &y, 4);
        let s: Vec<f64> = c.iter().map(|&k| rates[k as usize]).collect();
        let want = auc_of(&y, &s).unwrap();
        let got = level_rate_auc(&c, &y, 4).unwrap();
        assert!((want - got).abs() < 1e-15, "{want} vs {got}");
    }

    #[test]
    fn percentile_is_numpy_linear() {
        // numpy.percentile([1, 2, 3, 4], 95) = 3.85
        assert!((percentile(&[1.0, 2.0, 3.0, 4.0], 95.0) - 3.85).abs() < 1e-12);
    }
}
