//! The label: which column is the target and which of its values is the
//! positive (rare) class. Turns any two-valued column, or a numeric column cut
//! at a threshold (`sales > 120`), into `y: Vec<bool>`. Knows nothing of models.

use super::table::{format_number, ColumnKind, ColumnValues, Table, MISSING_CODE};
use serde::{Deserialize, Serialize};

/// How the positive class is chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PositiveClass {
    /// The less frequent of the two values (on a tie, the one that sorts
    /// last, so `1` over `0` and `true` over `false`). The default.
    #[default]
    Minority,
    /// This value, as written in the file (`"1"`, `"bad"`); for a numeric
    /// column `"1.0"` matches `1` too.
    Value(String),
    /// A numeric column binarised: positive when the value is `> threshold`.
    Above(f64),
}

/// The label column turned into booleans.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BinaryLabel {
    /// The label column's name.
    pub column: String,
    /// How the positive class reads (`"1"`, `"bad"`, `"> 120"`).
    pub positive: String,
    /// How the negative class reads (`"0"`, `"good"`, `"<= 120"`).
    pub negative: String,
    /// Whether the positive class was picked as the minority (no `--positive`).
    pub chosen_as_minority: bool,
    /// The table rows that have a label, ascending.
    pub rows: Vec<usize>,
    /// `y[i]` is the class of table row `rows[i]`; `true` is positive.
    pub y: Vec<bool>,
    /// Rows left out because their label is missing.
    pub missing: usize,
}

impl BinaryLabel {
    /// How many rows are positive.
    pub fn positives(&self) -> usize {
        self.y.iter().filter(|&&p| p).count()
    }

    /// "517 of 9,857 = 5.2 %": the class balance for a person.
    pub fn balance_text(&self) -> String {
        let n = self.y.len();
        let p = self.positives();
        format!(
            "{} of {} = {}",
            thousands(p as u64),
            thousands(n as u64),
            percent(p as f64 / n.max(1) as f64)
        )
    }
}

/// Why a label could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LabelError {
    /// No column has that name.
    #[error("label column \"{name}\" is not in the file; columns are {}", list(available))]
    UnknownColumn { name: String, available: Vec<String> },
    /// Every labelled row has the same class.
    #[error("label column \"{column}\" has one value only ({value:?}); a binary classifier needs two classes")]
    OneClass { column: String, value: String },
    /// More than two distinct values and no threshold.
    #[error("label column \"{column}\" has {count} values ({}); choose a two-valued column{}", list_of(classes, *count), if *numeric { ", or binarise this numeric one with a threshold (--above T)" } else { "" })]
    NotBinary {
        column: String,
        count: usize,
        classes: Vec<String>,
        numeric: bool,
    },
    /// The requested positive value does not occur.
    #[error(
        "positive class {value:?} does not occur in label column \"{column}\"; its values are {}",
        list(classes)
    )]
    PositiveNotFound {
        column: String,
        value: String,
        classes: Vec<String>,
    },
    /// A threshold was asked for on a non-numeric column.
    #[error(
        "label column \"{column}\" is {kind}, so it cannot be cut at a threshold; name its positive value instead"
    )]
    ThresholdNeedsNumbers { column: String, kind: ColumnKind },
    /// The threshold puts every row on one side.
    #[error("threshold {threshold} puts every row of \"{column}\" on one side (values run from {min} to {max})")]
    ThresholdOneSided {
        column: String,
        threshold: f64,
        min: f64,
        max: f64,
    },
    /// No row has a label.
    #[error("label column \"{column}\" has no values")]
    NoLabels { column: String },
}

/// Up to six quoted items, then how many more.
fn list(items: &[String]) -> String {
    list_of(items, items.len())
}

/// Up to six quoted items of `total` (`items` may hold only the first
/// few), then how many more.
fn list_of(items: &[String], total: usize) -> String {
    let mut s: Vec<String> = items.iter().take(6).map(|v| format!("{v:?}")).collect();
    if total > s.len() {
        s.push(format!("and {} more", total - s.len()));
    }
    s.join(", ")
}

/// Makes the binary label of `column` with the positive class chosen by `positive`.
pub fn binary_label(table: &Table, column: &str, positive: &PositiveClass) -> Result<BinaryLabel, LabelError> {
    let col = table.column(column).ok_or_else(|| LabelError::UnknownColumn {
        name: column.to_string(),
        available: table.names().iter().map(|s| s.to_string()).collect(),
    })?;
    let name = col.name.clone();
    // Class values in order of a stable key, with counts; `key_of[row]` is the
    // class index or None when missing.
    let (classes, key_of): (Vec<String>, Vec<Option<usize>>) = match (&col.values, positive) {
        (ColumnValues::Numbers(v), PositiveClass::Above(t)) => {
            let finite: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).collect();
            if finite.is_empty() {
                return Err(LabelError::NoLabels { column: name });
            }
            let (min, max) = finite
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
            if !(min <= *t && *t < max) {
                return Err(LabelError::ThresholdOneSided {
                    column: name,
                    threshold: *t,
                    min,
                    max,
                });
            }
            let keys = v
                .iter()
                .map(|x| if x.is_nan() { None } else { Some((*x > *t) as usize) })
                .collect();
            let t = format_number(*t);
            (vec![format!("<= {t}"), format!("> {t}")], keys)
        }
        (ColumnValues::Codes { .. }, PositiveClass::Above(_)) => {
            return Err(LabelError::ThresholdNeedsNumbers {
                column: name,
                kind: col.kind,
            });
        }
        (ColumnValues::Numbers(v), _) => {
            let mut distinct: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).collect();
            distinct.sort_by(f64::total_cmp);
            distinct.dedup();
            if distinct.len() > 2 {
                return Err(LabelError::NotBinary {
                    column: name,
                    count: distinct.len(),
                    classes: distinct.iter().take(6).map(|&x| col.value_text(x)).collect(),
                    numeric: true,
                });
            }
            let keys = v
                .iter()
                .map(|x| {
                    if x.is_nan() {
                        None
                    } else {
                        distinct.iter().position(|d| d == x)
                    }
                })
                .collect();
            (distinct.iter().map(|&x| format_number(x)).collect(), keys)
        }
        (ColumnValues::Codes { codes, levels }, _) => {
            let mut used: Vec<u32> = Vec::new();
            for &c in codes {
                if c != MISSING_CODE && !used.contains(&c) {
                    used.push(c);
                    if used.len() > 2 {
                        break;
                    }
                }
            }
            if used.len() > 2 {
                let mut all: Vec<u32> = codes.iter().copied().filter(|&c| c != MISSING_CODE).collect();
                all.sort_unstable();
                all.dedup();
                return Err(LabelError::NotBinary {
                    column: name,
                    count: all.len(),
                    classes: all.iter().take(6).map(|&c| levels[c as usize].clone()).collect(),
                    numeric: false,
                });
            }
            // Booleans keep false, true; other columns sort by text.
            if col.kind != ColumnKind::Boolean {
                used.sort_by(|a, b| levels[*a as usize].cmp(&levels[*b as usize]));
            } else {
                used.sort_unstable();
            }
            let keys = codes.iter().map(|c| used.iter().position(|u| u == c)).collect();
            (used.iter().map(|&c| levels[c as usize].clone()).collect(), keys)
        }
    };
    let mut counts = vec![0usize; classes.len()];
    for k in key_of.iter().flatten() {
        counts[*k] += 1;
    }
    match classes.len() {
        0 => return Err(LabelError::NoLabels { column: name }),
        1 => {
            return Err(LabelError::OneClass {
                column: name,
                value: classes[0].clone(),
            })
        }
        _ => {}
    }
    let (pos, chosen_as_minority) = match positive {
        PositiveClass::Above(_) => (1, false),
        PositiveClass::Minority => (if counts[0] < counts[1] { 0 } else { 1 }, true),
        PositiveClass::Value(v) => {
            let v_num = v.trim().parse::<f64>().ok();
            let found = classes.iter().position(|c| {
                c == v
                    || c.eq_ignore_ascii_case(v.trim())
                    || (col.kind == ColumnKind::Numeric && v_num.is_some() && c.parse::<f64>().ok() == v_num)
            });
            match found {
                Some(i) => (i, false),
                None => {
                    return Err(LabelError::PositiveNotFound {
                        column: name,
                        value: v.clone(),
                        classes,
                    });
                }
            }
        }
    };
    let mut rows = Vec::with_capacity(key_of.len());
    let mut y = Vec::with_capacity(key_of.len());
    for (row, k) in key_of.iter().enumerate() {
        if let Some(k) = k {
            rows.push(row);
            y.push(*k == pos);
        }
    }
    let missing = key_of.len() - rows.len();
    Ok(BinaryLabel {
        column: name,
        positive: classes[pos].clone(),
        negative: classes[1 - pos].clone(),
        chosen_as_minority,
        rows,
        y,
        missing,
    })
}

/// `1234567` → `"1,234,567"`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A share as a percentage with sensible precision: `0.17 %`, `5.2 %`, `37 %`.
pub fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p == 0.0 || p >= 10.0 {
        format!("{p:.0} %")
    } else if p >= 1.0 {
        format!("{p:.1} %")
    } else {
        format!("{p:.2} %")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::table::Column;

    fn numeric(name: &str, v: &[f64]) -> Column {
        Column {
            name: name.into(),
            kind: ColumnKind::Numeric,
            values: ColumnValues::Numbers(v.to_vec()),
        }
    }
    fn coded(name: &str, kind: ColumnKind, codes: &[u32], levels: &[&str]) -> Column {
        Column {
            name: name.into(),
            kind,
            values: ColumnValues::Codes {
                codes: codes.to_vec(),
                levels: levels.iter().map(|s| s.to_string()).collect(),
            },
        }
    }
    fn table(cols: Vec<Column>) -> Table {
        let n_rows = cols[0].len();
        Table { columns: cols, n_rows }
    }

    #[test]
    fn minority_is_positive_by_default() {
        let t = table(vec![numeric("Class", &[0.0, 0.0, 1.0, 0.0])]);
        let l = binary_label(&t, "Class", &PositiveClass::Minority).unwrap();
        assert_eq!((l.positive.as_str(), l.negative.as_str()), ("1", "0"));
        assert_eq!(l.y, vec![false, false, true, false]);
        assert!(l.chosen_as_minority);
    }

    #[test]
    fn minority_of_text_labels_and_missing_rows_left_out() {
        let t = table(vec![coded(
            "Class",
            ColumnKind::Categorical,
            &[0, 1, MISSING_CODE, 0, 0],
            &["good", "bad"],
        )]);
        let l = binary_label(&t, "Class", &PositiveClass::Minority).unwrap();
        assert_eq!(l.positive, "bad");
        assert_eq!(l.rows, vec![0, 1, 3, 4]);
        assert_eq!(l.y, vec![false, true, false, false]);
        assert_eq!(l.missing, 1);
    }

    #[test]
    fn tie_picks_the_value_that_sorts_last() {
        let t = table(vec![numeric("y", &[1.0, 0.0])]);
        assert_eq!(binary_label(&t, "y", &PositiveClass::Minority).unwrap().positive, "1");
        let b = table(vec![coded("y", ColumnKind::Boolean, &[1, 0], &["no", "yes"])]);
        assert_eq!(binary_label(&b, "y", &PositiveClass::Minority).unwrap().positive, "yes");
    }

    #[test]
    fn named_positive_matches_numbers_loosely() {
        let t = table(vec![numeric("y", &[0.0, 1.0, 1.0])]);
        let l = binary_label(&t, "y", &PositiveClass::Value("0.0".into())).unwrap();
        assert_eq!(l.positive, "0");
        assert_eq!(l.y, vec![true, false, false]);
        assert!(!l.chosen_as_minority);
    }

    #[test]
    fn threshold_binarises_numeric_column() {
        let t = table(vec![numeric("sales", &[100.0, 130.0, f64::NAN, 120.0])]);
        let l = binary_label(&t, "sales", &PositiveClass::Above(120.0)).unwrap();
        assert_eq!(l.positive, "> 120");
        assert_eq!(l.y, vec![false, true, false]);
        assert_eq!(l.rows, vec![0, 1, 3]);
    }

    #[test]
    fn errors_name_the_problem() {
        let t = table(vec![
            numeric("y", &[0.0, 1.0, 2.0]),
            coded("s", ColumnKind::Categorical, &[0, 0], &["a"]),
        ]);
        let e = binary_label(&t, "y", &PositiveClass::Minority).unwrap_err();
        assert!(matches!(
            e,
            LabelError::NotBinary {
                count: 3,
                numeric: true,
                ..
            }
        ));
        assert_eq!(
            e.to_string(),
            "label column \"y\" has 3 values (\"0\", \"1\", \"2\"); choose a two-valued column, or binarise this numeric one with a threshold (--above T)"
        );
        assert!(matches!(
            binary_label(&t, "nope", &PositiveClass::Minority),
            Err(LabelError::UnknownColumn { .. })
        ));
        assert!(matches!(
            binary_label(&t, "s", &PositiveClass::Minority),
            Err(LabelError::OneClass { .. })
        ));
        assert!(matches!(
            binary_label(&t, "s", &PositiveClass::Above(1.0)),
            Err(LabelError::ThresholdNeedsNumbers { .. })
        ));
        assert!(matches!(
            binary_label(&t, "y", &PositiveClass::Above(2.0)),
            Err(LabelError::ThresholdOneSided { .. })
        ));
        let e = binary_label(&t, "y", &PositiveClass::Value("7".into()));
        assert!(matches!(e, Err(LabelError::NotBinary { .. })));
    }

    #[test]
    fn balance_text_reads_like_the_spec() {
        assert_eq!(thousands(284807), "284,807");
        assert_eq!(thousands(999), "999");
        assert_eq!(percent(492.0 / 284807.0), "0.17 %");
        assert_eq!(percent(517.0 / 9857.0), "5.2 %");
    }
}
