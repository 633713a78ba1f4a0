//! The confusion-matrix heat map: four counts at a threshold → cells
//! shaded by their share of the actual class (so the minority row is as
//! readable as the majority row), counts with thousands separators, row
//! percentages, ink chosen for contrast on each cell. Knows nothing of
//! how the counts were made.

use serde::{Deserialize, Serialize};

use super::draw::{fit_text, text_width, Align, Baseline, DrawOp, PxRect, Weight, BOLD_WIDTH};
use super::layout::{text, usable_size, LABEL_SIZE, TICK_SIZE, TITLE_SIZE};
use super::theme::Theme;
use super::ticks::{format_count, format_fixed, format_percent};
use super::{Chart, Hit};

/// The four counts at one threshold, and how to name the classes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfusionInput {
    /// Actual negative, predicted negative.
    pub tn: u64,
    /// Actual negative, predicted positive.
    pub fp: u64,
    /// Actual positive, predicted negative.
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// Actual positive, predicted positive.
    pub tp: u64,
    /// Name of the negative class as the data spell it (`"0"`, `"legit"`).
    pub negative_label: String,
    /// Name of the positive class (`"1"`, `"fraud"`).
    pub positive_label: String,
    /// The threshold the counts were taken at, shown in the title.
    pub threshold: Option<f64>,
}

impl Default for ConfusionInput {
    fn default() -> ConfusionInput {
        ConfusionInput {
            tn: 0,
            fp: 0,
            fn_: 0,
            tp: 0,
            negative_label: "negative".into(),
            positive_label: "positive".into(),
            threshold: None,
        }
    }
}

const PAD: f32 = 8.0;

/// The heat map: rows are the actual class (negative on top), columns the
/// predicted class (negative left). Each cell shows its count (`56,850`)
/// and its share of the row (`99.98 %`, `–` for an empty row), shaded from
/// the background (0 %) to `theme.heat` (100 %).
pub fn confusion_chart(c: &ConfusionInput, width: f32, height: f32, theme: &Theme) -> Chart {
    let (width, height) = usable_size(width, height);
    let mut ops = vec![DrawOp::Rect {
        x: 0.0,
        y: 0.0,
        w: width,
        h: height,
        fill: Some(theme.background),
        stroke: None,
    }];
    let title = match c.threshold.filter(|t| t.is_finite()) {
        Some(t) => theme.fill("Confusion matrix at threshold {}", &[&format_fixed(t, 2)]),
        None => theme.say("Confusion matrix").to_string(),
    };
    ops.push(text(
        PAD,
        PAD,
        &fit_text(&title, TITLE_SIZE * BOLD_WIDTH, width - 2.0 * PAD),
        TITLE_SIZE,
        theme.text,
        Align::Left,
        Baseline::Top,
        0.0,
        Weight::Bold,
    ));

    let max_name = width * 0.25;
    let neg = fit_text(&c.negative_label, TICK_SIZE, max_name);
    let pos = fit_text(&c.positive_label, TICK_SIZE, max_name);
    let name_w = text_width(&neg, TICK_SIZE).max(text_width(&pos, TICK_SIZE));
    let left = PAD + LABEL_SIZE + 8.0 + name_w + 6.0;
    let top = PAD + TITLE_SIZE * 1.25 + 10.0;
    let bottom = 6.0 + TICK_SIZE * 1.2 + 6.0 + LABEL_SIZE * 1.2 + 6.0;
    let avail_w = (width - left - PAD).max(2.0);
    let avail_h = (height - top - bottom).max(2.0);
    let cell = (avail_w / 2.0).min(avail_h / 2.0).max(1.0);
    let grid = PxRect {
        x: left + (avail_w - 2.0 * cell) / 2.0,
        y: top,
        w: 2.0 * cell,
        h: 2.0 * cell,
    };

    let rows = [(c.tn, c.fp), (c.fn_, c.tp)];
    let names = [["TN", "FP"], ["FN", "TP"]];
    let what = [
        [theme.say("true negatives"), theme.say("false positives")],
        [theme.say("false negatives"), theme.say("true positives")],
    ];
    let row_names = [&c.negative_label, &c.positive_label];
    let mut hits = Vec::with_capacity(4);
    for (r, &(a, b)) in rows.iter().enumerate() {
        let total = a as f64 + b as f64;
        for (k, count) in [a, b].into_iter().enumerate() {
            let share = if total > 0.0 { count as f64 / total } else { f64::NAN };
            let fill = theme
                .background
                .mix(theme.heat, if share.is_nan() { 0.0 } else { share });
            let ink = theme.ink_on(fill);
            let x = grid.x + cell * k as f32;
            let y = grid.y + cell * r as f32;
            ops.push(DrawOp::Rect {
                x,
                y,
                w: cell,
                h: cell,
                fill: Some(fill),
                stroke: Some(theme.grid),
            });
            let cx = x + cell / 2.0;
            let cy = y + cell / 2.0;
            let count_s = format_count(count);
            let pct = format_percent(share);
            let size = (cell * 0.2)
                .min(24.0)
                .min(cell * 0.85 / text_width(&count_s, 1.0).max(1.0))
                .max(6.0);
            ops.push(text(
                cx,
                cy - 2.0,
                &count_s,
                size,
                ink,
                Align::Center,
                Baseline::Bottom,
                0.0,
                Weight::Bold,
            ));
            if cell >= 48.0 {
                ops.push(text(
                    cx,
                    cy + 2.0,
                    &pct,
                    TICK_SIZE,
                    ink,
                    Align::Center,
                    Baseline::Top,
                    0.0,
                    Weight::Normal,
                ));
            }
            if cell >= 80.0 {
                ops.push(text(
                    x + 6.0,
                    y + 6.0,
                    names[r][k],
                    TICK_SIZE,
                    ink,
                    Align::Left,
                    Baseline::Top,
                    0.0,
                    Weight::Normal,
                ));
            }
            hits.push(Hit {
                x: cx,
                y: cy,
                label: theme.fill(
                    "{} {}: {} of {} actual {}",
                    &[&count_s, &what[r][k], &pct, &format_count(total as u64), row_names[r]],
                ),
            });
        }
    }

    // Row names (actual), column names (predicted), axis labels.
    for (r, name) in [&neg, &pos].into_iter().enumerate() {
        ops.push(text(
            grid.x - 6.0,
            grid.y + cell * (r as f32 + 0.5),
            name,
            TICK_SIZE,
            theme.text,
            Align::Right,
            Baseline::Middle,
            0.0,
            Weight::Normal,
        ));
        ops.push(text(
            grid.x + cell * (r as f32 + 0.5),
            grid.bottom() + 6.0,
            &fit_text(name, TICK_SIZE, cell),
            TICK_SIZE,
            theme.text,
            Align::Center,
            Baseline::Top,
            0.0,
            Weight::Normal,
        ));
    }
    let predicted = fit_text(theme.say("Predicted class"), LABEL_SIZE, width - 2.0 * PAD);
    let half = text_width(&predicted, LABEL_SIZE) / 2.0;
    ops.push(text(
        (grid.x + grid.w / 2.0).clamp(PAD + half, (width - PAD - half).max(PAD + half)),
        grid.bottom() + 6.0 + TICK_SIZE * 1.2 + 6.0,
        &predicted,
        LABEL_SIZE,
        theme.text,
        Align::Center,
        Baseline::Top,
        0.0,
        Weight::Normal,
    ));
    ops.push(text(
        PAD,
        grid.y + grid.h / 2.0,
        &fit_text(theme.say("Actual class"), LABEL_SIZE, grid.h),
        LABEL_SIZE,
        theme.text,
        Align::Center,
        Baseline::Top,
        -std::f32::consts::FRAC_PI_2,
        Weight::Normal,
    ));

    Chart {
        width,
        height,
        plot: grid,
        x: None,
        y: None,
        ops,
        hits,
        data: Vec::new(),
        legend: None,
    }
}
