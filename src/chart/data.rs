//! The numbers behind a chart's data marks — every point of each curve
//! (before the on-screen simplification) and every bar — kept beside the
//! draw ops so a chart can be exported as a CSV table that re-plots it
//! exactly in a spreadsheet, matplotlib or pgfplots. Knows nothing of what
//! the numbers mean, nor of drawing.

use serde::{Deserialize, Serialize};

use crate::predict::csv_field;

/// One series of a chart in data units: a name and rows of numbers under
/// named columns (`["FPR", "TPR", "threshold"]` for a ROC curve).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SeriesData {
    /// The series' legend name (`"Logistic · AUC 0.874"`).
    pub name: String,
    /// Column names, one per value of each row.
    pub columns: Vec<String>,
    /// The rows, each as long as `columns`; non-finite values are written
    /// as empty cells.
    pub rows: Vec<Vec<f64>>,
}

/// The series as one long CSV table: a `series` column, then the union of
/// every series' columns in order of first appearance (a series without a
/// column leaves it empty), one row per point, `\n` line ends.
///
/// Numbers are written in the shortest form that reads back to the same
/// `f64`; names go through [`csv_field`] (quoted when needed, and safe to
/// open in a spreadsheet). No series gives the header alone.
///
/// ```
/// use rareclass::chart::data::{series_csv, SeriesData};
/// let roc = SeriesData {
///     name: "Logistic".into(),
///     columns: vec!["FPR".into(), "TPR".into()],
///     rows: vec![vec![0.0, 0.0], vec![0.25, 0.5], vec![1.0, 1.0]],
/// };
/// assert_eq!(series_csv(&[roc]), "series,FPR,TPR\nLogistic,0,0\nLogistic,0.25,0.5\nLogistic,1,1\n");
/// ```
pub fn series_csv(series: &[SeriesData]) -> String {
    let mut columns: Vec<&str> = Vec::new();
    for s in series {
        for c in &s.columns {
            if !columns.contains(&c.as_str()) {
                columns.push(c);
            }
        }
    }
    let mut out = String::from("series");
    for c in &columns {
        out.push(',');
        out.push_str(&csv_field(c));
    }
    out.push('\n');
    for s in series {
        let name = csv_field(&s.name);
        // Where each table column is in this series' rows.
        let at: Vec<Option<usize>> = columns
            .iter()
            .map(|c| s.columns.iter().position(|own| own == c))
            .collect();
        for row in &s.rows {
            out.push_str(&name);
            for i in &at {
                out.push(',');
                if let Some(v) = i.and_then(|i| row.get(i)).filter(|v| v.is_finite()) {
                    out.push_str(&v.to_string());
                }
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_the_union_and_missing_cells_stay_empty() {
        let a = SeriesData {
            name: "ROC, train".into(),
            columns: vec!["FPR".into(), "TPR".into(), "threshold".into()],
            rows: vec![vec![0.0, 0.1, 0.9], vec![0.5, f64::NAN, 0.4]],
        };
        let b = SeriesData {
            name: "=chance".into(),
            columns: vec!["TPR".into(), "FPR".into()],
            rows: vec![vec![1.0, 1.0 / 3.0]],
        };
        let csv = series_csv(&[a, b]);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "series,FPR,TPR,threshold");
        assert_eq!(lines[1], "\"ROC, train\",0,0.1,0.9");
        assert_eq!(lines[2], "\"ROC, train\",0.5,,0.4", "NaN is an empty cell");
        // Columns matched by name, not position; 1/3 written to read back exactly.
        assert_eq!(lines[3], "'=chance,0.3333333333333333,1,");
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[3].split(',').nth(1).unwrap().parse::<f64>().unwrap(), 1.0 / 3.0);
    }

    #[test]
    fn an_xy_chart_keeps_every_point_of_its_curves_and_none_of_its_reference_lines() {
        use crate::chart::{roc_chart, Curve, DrawOp, Theme};
        // 1,001 points on a smooth curve: the drawn polyline is simplified, the data is not.
        let points: Vec<(f64, f64)> = (0..=1000)
            .map(|i| (i as f64 / 1000.0, (i as f64 / 1000.0).sqrt()))
            .collect();
        let chart = roc_chart(
            &[Curve::new("m", 0, points.clone())],
            None,
            480.0,
            360.0,
            &Theme::light(),
        );
        assert_eq!(chart.data.len(), 1, "the chance diagonal is not data");
        assert_eq!(chart.data[0].name, "m");
        assert_eq!(chart.data[0].columns, ["FPR", "TPR"]);
        assert_eq!(chart.data[0].rows.len(), 1001);
        assert_eq!(chart.data[0].rows[250], vec![0.25, 0.5]);
        let drawn = chart
            .ops
            .iter()
            .filter_map(|op| match op {
                DrawOp::Line { points, .. } => Some(points.len()),
                _ => None,
            })
            .max()
            .unwrap();
        assert!(drawn < 1001, "{drawn} vertices drawn");
    }

    #[test]
    fn no_series_is_the_header_alone() {
        assert_eq!(series_csv(&[]), "series\n");
    }
}
