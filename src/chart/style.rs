//! How a chart tells its series apart without colour: each model's palette
//! slot also gets a dash pattern and a marker shape, so two models never
//! look alike to a reader with deuteranopia or protanopia, nor on a
//! greyscale print; and where one model is drawn on two sets of rows, the
//! training rows are drawn thinner with hollow markers. Also where the
//! markers go along a drawn line. Knows nothing of what a series means.
//!
//! Why dash *and* shape, each different for every pair of the first eight
//! slots: the Okabe–Ito palette keeps hues apart for the common colour
//! vision deficiencies, but not every pair (blue and sky blue, orange and
//! vermillion, bluish green and reddish purple come close under
//! deuteranopia and in greyscale), and a dash pattern alone is hard to
//! read on a short or steep stretch of curve, where a marker still shows.

use serde::{Deserialize, Serialize};

use super::draw::Shape;

/// Dash patterns of the model slots, CSS px (`[]` is solid). Ordered so
/// the slots whose colours come close under deuteranopia or in greyscale
/// (0/4, 1/5, 2/3, 1/4, 0/5) get patterns of different kinds (solid,
/// dashes, dots, dash-dots).
pub const MODEL_DASHES: [&[f32]; 8] = [
    &[],                              // solid
    &[8.0, 4.0],                      // dashed
    &[1.5, 4.0],                      // dotted
    &[10.0, 3.0, 1.5, 3.0],           // dash-dot
    &[10.0, 3.0, 1.5, 3.0, 1.5, 3.0], // dash-dot-dot
    &[16.0, 4.0, 1.5, 4.0],           // long dash-dot
    &[4.0, 3.0],                      // short dashes
    &[16.0, 5.0],                     // long dashes
];

/// Marker size (the radius of a circle of the same weight), CSS px.
pub const MARKER_R: f32 = 3.5;
/// Arc length between two markers along a line, CSS px.
pub const MARKER_SPACING: f32 = 64.0;
/// At most this many markers on one line.
pub const MAX_MARKERS: usize = 60;
/// Stroke width of a training-rows line beside its held-out twin.
pub const TRAIN_WIDTH: f32 = 1.25;

/// A model's look apart from its colour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesStyle {
    /// Dash pattern, CSS px; `None` for solid.
    pub dash: Option<Vec<f32>>,
    /// Marker shape.
    pub shape: Shape,
    /// Where along the line the first marker sits, as a share of
    /// [`MARKER_SPACING`] (different per slot, so markers of curves that
    /// share a stretch, as every ROC curve's start, do not sit on each other).
    pub phase: f32,
}

/// The dash pattern, marker shape and marker phase of model slot `slot`
/// (wrapping around after eight, as the palette does).
pub fn model_style(slot: usize) -> SeriesStyle {
    let k = slot % MODEL_DASHES.len();
    let dash = MODEL_DASHES[k];
    SeriesStyle {
        dash: (!dash.is_empty()).then(|| dash.to_vec()),
        shape: Shape::ALL[slot % Shape::ALL.len()],
        // 3 is coprime to 8: eight different phases, neighbours far apart.
        phase: ((k * 3) % 8) as f32 / 8.0 + 1.0 / 16.0,
    }
}

/// The markers of a line series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LineMarker {
    /// Shape.
    pub shape: Shape,
    /// Outline only (training rows); filled otherwise.
    pub hollow: bool,
    /// First marker at `phase × MARKER_SPACING` px along the line.
    pub phase: f32,
}

impl SeriesStyle {
    /// This style's markers, filled or `hollow`.
    pub fn marker(&self, hollow: bool) -> LineMarker {
        LineMarker {
            shape: self.shape,
            hollow,
            phase: self.phase,
        }
    }
}

/// Points every `spacing` px of arc length along the polyline `points`,
/// the first `phase × spacing` px from its start, at most `max`; none for
/// a line shorter than that or a spacing that is not a positive number.
pub fn along(points: &[[f32; 2]], spacing: f32, phase: f32, max: usize) -> Vec<[f32; 2]> {
    let mut out = Vec::new();
    if !(spacing.is_finite() && spacing > 0.0) {
        return out;
    }
    let mut next = spacing * phase.clamp(0.0, 1.0);
    let mut walked = 0.0f32;
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt();
        if !len.is_finite() {
            continue;
        }
        while next <= walked + len && out.len() < max {
            let t = if len > 0.0 { (next - walked) / len } else { 0.0 };
            out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
            next += spacing;
        }
        walked += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_sit_every_spacing_along_the_line() {
        // An L of 100 px right then 100 px down; spacing 50, phase 0.5:
        // at 25, 75 (on the first leg), 125, 175 (on the second).
        let l = [[0.0, 0.0], [100.0, 0.0], [100.0, 100.0]];
        let m = along(&l, 50.0, 0.5, 10);
        assert_eq!(m, vec![[25.0, 0.0], [75.0, 0.0], [100.0, 25.0], [100.0, 75.0]]);
        assert_eq!(along(&l, 50.0, 0.5, 2).len(), 2);
        assert!(along(&l, 0.0, 0.5, 10).is_empty());
        assert!(along(&l, f32::NAN, 0.5, 10).is_empty());
        assert!(along(&[[0.0, 0.0]], 10.0, 0.0, 10).is_empty());
    }

    #[test]
    fn the_eight_slots_have_eight_phases() {
        let mut phases: Vec<f32> = (0..8).map(|s| model_style(s).phase).collect();
        phases.sort_by(f32::total_cmp);
        phases.dedup();
        assert_eq!(phases.len(), 8);
        assert!(phases.iter().all(|p| *p > 0.0 && *p < 1.0));
        assert_eq!(model_style(9), model_style(1));
    }
}
