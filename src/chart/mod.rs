//! Chart geometry: plain numbers in, a [`Chart`] out — a list of
//! canvas-shaped [`DrawOp`]s in CSS pixels plus hover targets. Knows
//! nothing of the canvas (`src/web/canvas.rs` replays the ops), nor of the
//! metrics module (builders take their own small input structs).
//!
//! - [`theme`]: Okabe–Ito palette, light and dark themes, colours
//! - [`draw`]: the [`DrawOp`] vocabulary, text-width estimate, pixel snapping
//! - [`scale`], [`ticks`]: linear and log10 scales, nice ticks, number formats
//! - [`layout`]: the chart frame and legend placement
//! - [`simplify`]: Ramer–Douglas–Peucker in pixel space
//! - [`style`]: each model's dash pattern and marker shape beside its colour
//! - [`xy`]: the shared x–y chart engine
//! - [`charts`], [`confusion`]: the charts of the product (ROC, PR,
//!   confusion matrix, score distributions, metrics vs threshold, KS,
//!   training history)
//! - [`compare`]: the Compare tab's train/test overlays, history panels, winners
//! - [`explore`]: the Explore tab's charts (class histogram, box plots,
//!   correlation heat map, 2-D class density)
//! - [`result_views`]: reliability curve, cumulative gain, lift, and the
//!   bar charts of coefficients and permutation importance
//! - [`svg`], [`data`]: a chart as an SVG document, its series as CSV (the
//!   page's chart export)
//! - [`words`]: the charts' words in English or Chinese ([`Lang`], carried
//!   by the [`Theme`])
//!
//! ```
//! use rareclass::chart::{roc_chart, Curve, Theme};
//! let curve = Curve::new("Logistic · AUC 0.75", 0, vec![(0.0, 0.0), (0.0, 0.5), (1.0, 1.0)]);
//! let chart = roc_chart(&[curve], None, 480.0, 360.0, &Theme::light());
//! assert!(chart.ops.iter().all(|op| op.is_finite()));
//! let json = serde_json::to_string(&chart.ops).unwrap();
//! assert!(json.starts_with(r#"[{"op":"rect""#));
//! ```

use serde::{Deserialize, Serialize};

pub mod charts;
pub mod compare;
pub mod confusion;
pub mod cv;
pub mod data;
pub mod draw;
pub mod explore;
pub mod layout;
pub mod result_views;
pub mod scale;
pub mod simplify;
pub mod style;
pub mod svg;
pub mod theme;
pub mod ticks;
pub mod transfer;
pub mod views;
pub mod words;
pub mod xy;

pub use charts::{
    history_chart, ks_chart, ks_gap, operating_point, pr_chart, roc_chart, score_distribution_chart,
    threshold_metrics_chart, Curve, KsInput, ScoreHistogram, ThresholdCurves,
};
pub use confusion::{confusion_chart, ConfusionInput};
pub use draw::{Align, Baseline, DrawOp, PxRect, Shape, Weight, FONT_STACK};
pub use scale::{Scale, ScaleKind};
pub use theme::{Color, Theme};
pub use words::Lang;

/// A hover target: a pixel position and what to say about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// CSS px.
    pub x: f32,
    /// CSS px.
    pub y: f32,
    /// One line for a tooltip (`"Logistic: FPR 0.0120, TPR 0.874,
    /// threshold 0.430"`).
    pub label: String,
}

/// A laid-out chart: what to draw and what to say on hover.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// CSS width the ops were laid out for (the requested width, clamped
    /// to at least 160; the painter sizes the canvas to this).
    pub width: f32,
    /// CSS height, likewise clamped to at least 120.
    pub height: f32,
    /// The data area.
    pub plot: PxRect,
    /// The x scale, for read-outs under the pointer (`None` for charts
    /// without a numeric x axis, such as the confusion matrix).
    pub x: Option<Scale>,
    /// The y scale, likewise.
    pub y: Option<Scale>,
    /// Draw these in order.
    pub ops: Vec<DrawOp>,
    /// Hover targets (simplified curve vertices, markers, bars, cells).
    pub hits: Vec<Hit>,
    /// The data behind the marks, unsimplified, for CSV export
    /// ([`data::series_csv`]); empty for charts without curves or bars
    /// (the confusion matrix, heat maps).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<data::SeriesData>,
    /// Where the legend went (outside the plot: right of it or under the
    /// x-axis title), for [`layout::fit_report`]; `None` without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legend: Option<PxRect>,
}

impl Chart {
    /// The hover target nearest to `(x, y)` CSS px, if one lies within
    /// `max_dist` px.
    pub fn nearest(&self, x: f32, y: f32, max_dist: f32) -> Option<&Hit> {
        let mut best: Option<(&Hit, f32)> = None;
        for h in &self.hits {
            let d = ((h.x - x).powi(2) + (h.y - y).powi(2)).sqrt();
            if d <= max_dist && best.is_none_or(|(_, bd)| d < bd) {
                best = Some((h, d));
            }
        }
        best.map(|(h, _)| h)
    }

    /// The data coordinates under `(x, y)` CSS px, when the point is in
    /// the plot area and the chart has numeric axes.
    pub fn data_at(&self, x: f32, y: f32) -> Option<(f64, f64)> {
        if !self.plot.contains([x, y]) {
            return None;
        }
        Some((self.x?.invert(x as f64), self.y?.invert(y as f64)))
    }

    /// How the chart's text fits: cut texts, overlaps, the legend's place.
    pub fn fit(&self) -> layout::FitReport {
        layout::fit_report(self)
    }

    /// The ops as JSON (for golden files and for a JS painter).
    pub fn ops_json(&self) -> String {
        serde_json::to_string(&self.ops).unwrap_or_else(|_| "[]".to_string())
    }
}
