//! The numbers behind the Explore charts: class-conditional histograms with
//! shared bins, box-plot summaries by class, Pearson and Spearman
//! correlation matrices of the numeric features and the label, and a 2-D
//! binned density per class. Knows nothing of drawing (`crate::chart::explore`
//! draws these), models or the pipeline. Missing cells are skipped and
//! counted; non-finite numbers count as missing.

use super::{check_label, column_list, midranks, pearson, signal::percentile, ExploreError};
use crate::data::{BinaryLabel, Column, ColumnKind, Table};
use serde::{Deserialize, Serialize};

/// Histograms of one numeric feature for each class, on shared bins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassHistogram {
    /// The feature.
    pub column: String,
    /// `bins + 1` ascending edges from the present minimum to the maximum
    /// (± 0.5 when they are equal), as `numpy.histogram(x, bins, range)`.
    pub edges: Vec<f64>,
    /// Per bin, the positive rows (counts, or densities when `density`).
    pub positive: Vec<f64>,
    /// Per bin, the negative rows.
    pub negative: Vec<f64>,
    /// Whether the heights are densities: `count / (class rows · bin width)`,
    /// so each class's bars integrate to 1 (classes of very different sizes
    /// become comparable).
    pub density: bool,
    /// Labelled rows where the feature is missing.
    pub missing: usize,
}

/// A five-number summary with Tukey's 1.5·IQR whiskers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BoxSummary {
    /// Present values.
    pub n: usize,
    /// Smallest value.
    pub min: f64,
    /// First quartile (linear interpolation, `numpy.percentile` default).
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
    /// Largest value.
    pub max: f64,
    /// The smallest value ≥ q1 − 1.5·IQR (matplotlib's whisker end).
    pub whisker_low: f64,
    /// The largest value ≤ q3 + 1.5·IQR.
    pub whisker_high: f64,
    /// Values beyond the whiskers.
    pub outliers: usize,
    /// Mean.
    pub mean: f64,
}

/// Box-plot summaries of one numeric feature by class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassBoxPlots {
    /// The feature.
    pub column: String,
    /// Positive rows' summary (`None` when no positive row has a value).
    pub positive: Option<BoxSummary>,
    /// Negative rows' summary.
    pub negative: Option<BoxSummary>,
    /// Labelled rows where the feature is missing.
    pub missing: usize,
}

/// Correlations of the numeric (and date-time, boolean) features and the
/// label as 0/1, pairwise complete (as `pandas.DataFrame.corr`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrelationMatrix {
    /// The variables; the label is last.
    pub names: Vec<String>,
    /// `pearson[i][j]`; `None` when a variable is constant on the pair's
    /// rows or fewer than two rows have both.
    pub pearson: Vec<Vec<Option<f64>>>,
    /// Spearman's ρ: Pearson of average ranks of the pair's rows.
    pub spearman: Vec<Vec<Option<f64>>>,
}

/// Counts of two numeric features on a grid of square-in-data bins, per
/// class (`numpy.histogram2d`, the last bin closed on the right).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Density2d {
    /// The x feature.
    pub x_column: String,
    /// The y feature.
    pub y_column: String,
    /// `bins_x + 1` edges.
    pub x_edges: Vec<f64>,
    /// `bins_y + 1` edges.
    pub y_edges: Vec<f64>,
    /// Row-major by y bin then x bin: `positive[iy * bins_x + ix]`.
    pub positive: Vec<u64>,
    /// Likewise for negatives.
    pub negative: Vec<u64>,
    /// Labelled rows left out because either value is missing.
    pub missing: usize,
}

fn column<'a>(table: &'a Table, name: &str) -> Result<&'a Column, ExploreError> {
    table.column(name).ok_or_else(|| ExploreError::NoColumn {
        name: name.to_string(),
        available: column_list(table),
    })
}

/// The column's labelled values as numbers (booleans as their 0/1 code);
/// `None` where missing.
fn labelled_numbers(col: &Column, label: &BinaryLabel) -> Result<Vec<Option<f64>>, ExploreError> {
    let out = match (col.numbers(), col.codes()) {
        (Some(v), _) => label
            .rows
            .iter()
            .map(|&r| Some(v[r]).filter(|x| x.is_finite()))
            .collect(),
        (None, Some((c, _))) if col.kind == ColumnKind::Boolean => label
            .rows
            .iter()
            .map(|&r| (c[r] != crate::data::MISSING_CODE).then_some(c[r] as f64))
            .collect(),
        _ => {
            return Err(ExploreError::NotNumeric {
                name: col.name.clone(),
                kind: col.kind.name(),
            })
        }
    };
    Ok(out)
}

fn check_bins(name: &'static str, bins: usize) -> Result<(), ExploreError> {
    if bins == 0 || bins > 10_000 {
        return Err(ExploreError::BadParameter {
            name,
            interval: "in [1, 10000]",
            value: bins as f64,
        });
    }
    Ok(())
}

/// `numpy.histogram` edges of `[lo, hi]`.
fn edges(lo: f64, hi: f64, bins: usize) -> Vec<f64> {
    let (lo, hi) = if lo == hi { (lo - 0.5, hi + 0.5) } else { (lo, hi) };
    (0..=bins)
        .map(|i| {
            if i == bins {
                hi
            } else {
                lo + (hi - lo) * i as f64 / bins as f64
            }
        })
        .collect()
}

/// The bin of `v` among ascending `edges` (last bin closed), as numpy:
/// a first guess by arithmetic, corrected against the edges themselves.
fn bin_of(v: f64, e: &[f64]) -> usize {
    let bins = e.len() - 1;
    let (lo, hi) = (e[0], e[bins]);
    let mut i = (((v - lo) / (hi - lo)) * bins as f64)
        .floor()
        .clamp(0.0, (bins - 1) as f64) as usize;
    if v < e[i] && i > 0 {
        i -= 1;
    } else if i + 1 < bins && v >= e[i + 1] {
        i += 1;
    }
    i
}

fn min_max(x: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    x.fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((a, b)) => Some((if v < a { v } else { a }, if v > b { v } else { b })),
    })
}

/// Class-conditional histograms of a numeric feature on `bins` shared bins
/// (1 to 10,000) spanning its present values.
pub fn class_histogram(
    table: &Table,
    label: &BinaryLabel,
    name: &str,
    bins: usize,
    density: bool,
) -> Result<ClassHistogram, ExploreError> {
    check_label(table, label)?;
    check_bins("bins", bins)?;
    let col = column(table, name)?;
    let v = labelled_numbers(col, label)?;
    let missing = v.iter().filter(|x| x.is_none()).count();
    let (lo, hi) = min_max(v.iter().flatten().copied()).unwrap_or((0.0, 1.0));
    let e = edges(lo, hi, bins);
    let (mut pos, mut neg) = (vec![0.0; bins], vec![0.0; bins]);
    let (mut np, mut nn) = (0.0, 0.0);
    for (x, &y) in v.iter().zip(&label.y) {
        if let Some(x) = x {
            let b = bin_of(*x, &e);
            if y {
                pos[b] += 1.0;
                np += 1.0;
            } else {
                neg[b] += 1.0;
                nn += 1.0;
            }
        }
    }
    if density {
        for (i, w) in e.windows(2).map(|w| w[1] - w[0]).enumerate() {
            pos[i] = if np > 0.0 { pos[i] / (np * w) } else { 0.0 };
            neg[i] = if nn > 0.0 { neg[i] / (nn * w) } else { 0.0 };
        }
    }
    Ok(ClassHistogram {
        column: col.name.clone(),
        edges: e,
        positive: pos,
        negative: neg,
        density,
        missing,
    })
}

/// The box-plot summary of some values (`None` when empty).
pub fn box_summary(values: &[f64]) -> Option<BoxSummary> {
    if values.is_empty() {
        return None;
    }
    let mut s = values.to_vec();
    s.sort_by(f64::total_cmp);
    let (q1, median, q3) = (percentile(&s, 25.0), percentile(&s, 50.0), percentile(&s, 75.0));
    let iqr = q3 - q1;
    let (lo_fence, hi_fence) = (q1 - 1.5 * iqr, q3 + 1.5 * iqr);
    let inside = || s.iter().copied().filter(|&v| v >= lo_fence && v <= hi_fence);
    let whisker_low = inside().next().unwrap_or(q1);
    let whisker_high = inside().next_back().unwrap_or(q3);
    let outliers = s.iter().filter(|&&v| v < lo_fence || v > hi_fence).count();
    Some(BoxSummary {
        n: s.len(),
        min: s[0],
        q1,
        median,
        q3,
        max: s[s.len() - 1],
        whisker_low,
        whisker_high,
        outliers,
        mean: s.iter().sum::<f64>() / s.len() as f64,
    })
}

/// Box-plot summaries of a numeric feature for each class.
pub fn box_plots(table: &Table, label: &BinaryLabel, name: &str) -> Result<ClassBoxPlots, ExploreError> {
    check_label(table, label)?;
    let col = column(table, name)?;
    let v = labelled_numbers(col, label)?;
    let (mut pos, mut neg) = (Vec::new(), Vec::new());
    for (x, &y) in v.iter().zip(&label.y) {
        match (x, y) {
            (Some(x), true) => pos.push(*x),
            (Some(x), false) => neg.push(*x),
            _ => {}
        }
    }
    Ok(ClassBoxPlots {
        column: col.name.clone(),
        positive: box_summary(&pos),
        negative: box_summary(&neg),
        missing: v.len() - pos.len() - neg.len(),
    })
}

/// Pearson and Spearman correlation matrices of every numeric, date-time
/// and boolean column (label excluded) plus the label as 0/1, last.
/// Pairwise complete: each pair uses the rows where both are present.
/// Cost O(k²·n) plus a sort per column (and per pair with missing cells).
pub fn correlation_matrix(table: &Table, label: &BinaryLabel) -> Result<CorrelationMatrix, ExploreError> {
    check_label(table, label)?;
    let mut names = Vec::new();
    let mut vars: Vec<Vec<Option<f64>>> = Vec::new();
    for col in &table.columns {
        if col.name == label.column {
            continue;
        }
        if let Ok(v) = labelled_numbers(col, label) {
            names.push(col.name.clone());
            vars.push(v);
        }
    }
    names.push(label.column.clone());
    vars.push(label.y.iter().map(|&b| Some(b as u8 as f64)).collect());
    let k = vars.len();
    let complete: Vec<Option<Vec<f64>>> = vars
        .iter()
        .map(|v| v.iter().copied().collect::<Option<Vec<f64>>>())
        .collect();
    let ranks: Vec<Option<Vec<f64>>> = complete.iter().map(|c| c.as_ref().map(|c| midranks(c))).collect();
    let mut pearson_m = vec![vec![None; k]; k];
    let mut spearman_m = vec![vec![None; k]; k];
    for i in 0..k {
        for j in i..k {
            let (p, s) = match (&complete[i], &complete[j]) {
                (Some(a), Some(b)) => (
                    pearson(a, b),
                    pearson(ranks[i].as_deref().unwrap_or(&[]), ranks[j].as_deref().unwrap_or(&[])),
                ),
                _ => {
                    let (a, b): (Vec<f64>, Vec<f64>) = vars[i]
                        .iter()
                        .zip(&vars[j])
                        .filter_map(|(a, b)| Some(((*a)?, (*b)?)))
                        .unzip();
                    (pearson(&a, &b), pearson(&midranks(&a), &midranks(&b)))
                }
            };
            pearson_m[i][j] = p;
            pearson_m[j][i] = p;
            spearman_m[i][j] = s;
            spearman_m[j][i] = s;
        }
    }
    Ok(CorrelationMatrix {
        names,
        pearson: pearson_m,
        spearman: spearman_m,
    })
}

/// Per-class counts of two numeric features on a `bins_x` × `bins_y` grid
/// spanning their present ranges (rows with either missing are skipped).
pub fn density_2d(
    table: &Table,
    label: &BinaryLabel,
    x: &str,
    y: &str,
    bins_x: usize,
    bins_y: usize,
) -> Result<Density2d, ExploreError> {
    check_label(table, label)?;
    check_bins("bins_x", bins_x)?;
    check_bins("bins_y", bins_y)?;
    let (cx, cy) = (column(table, x)?, column(table, y)?);
    let (vx, vy) = (labelled_numbers(cx, label)?, labelled_numbers(cy, label)?);
    let pairs: Vec<(f64, f64, bool)> = vx
        .iter()
        .zip(&vy)
        .zip(&label.y)
        .filter_map(|((a, b), &c)| Some(((*a)?, (*b)?, c)))
        .collect();
    let (xl, xh) = min_max(pairs.iter().map(|p| p.0)).unwrap_or((0.0, 1.0));
    let (yl, yh) = min_max(pairs.iter().map(|p| p.1)).unwrap_or((0.0, 1.0));
    let (ex, ey) = (edges(xl, xh, bins_x), edges(yl, yh, bins_y));
    let (mut pos, mut neg) = (vec![0u64; bins_x * bins_y], vec![0u64; bins_x * bins_y]);
    for &(a, b, c) in &pairs {
        let cell = bin_of(b, &ey) * bins_x + bin_of(a, &ex);
        if c {
            pos[cell] += 1;
        } else {
            neg[cell] += 1;
        }
    }
    Ok(Density2d {
        x_column: cx.name.clone(),
        y_column: cy.name.clone(),
        x_edges: ex,
        y_edges: ey,
        positive: pos,
        negative: neg,
        missing: label.y.len() - pairs.len(),
    })
}
