//! The Explore tab's charts: class-conditional histogram, box plots by
//! class, correlation heat map (diverging palette, labelled cells) and the
//! 2-D class density of two features. Geometry only: the statistics come
//! from `crate::explore::stats` (builders take those structs); the
//! positive class is always `theme.positive`, the negative `theme.negative`.
//! Knows nothing of the canvas or of how the statistics were computed.

use super::draw::{crisp, fit_text, text_width, Align, Baseline, DrawOp, PxRect, Weight, BOLD_WIDTH};
use super::layout::{text, usable_size, wrap_text, Frame, LABEL_SIZE, TICK_LEN, TICK_SIZE, TITLE_SIZE};
use super::scale::Scale;
use super::theme::{okabe_ito, Color, Theme};
use super::ticks::{format_count, format_fixed, format_sig3};
use super::xy::{line, xy_chart, Axis, BarSeries, LineSeries, XyPlot};
use super::{Chart, Hit};
use crate::explore::{BoxSummary, ClassBoxPlots, ClassHistogram, CorrelationMatrix, Density2d};

/// What a class histogram's bar heights show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heights {
    /// Rows per bin.
    Counts,
    /// Each class's bars sum to 1 (the histogram was binned as densities).
    Density,
    /// log10(1 + rows per bin): rare positives stay visible.
    Log1pCounts,
}

/// Overlaid class histograms on their shared bins (translucent fills,
/// outlined), heights as counts, densities (as binned) or log10(1 + count)
/// as `heights` says, with the y axis and read-outs named to match.
pub fn class_histogram_chart(h: &ClassHistogram, heights: Heights, width: f32, height: f32, theme: &Theme) -> Chart {
    let log = heights == Heights::Log1pCounts;
    // log10(1 + n) keeps a bin of one positive visible beside 10,000 negatives.
    let bars = |v: &[f64]| -> Vec<(f64, f64, f64)> {
        h.edges
            .windows(2)
            .zip(v)
            .map(|(e, &c)| (e[0], e[1], if log { (1.0 + c).log10() } else { c }))
            .collect()
    };
    let (label, short) = match heights {
        _ if h.density => (theme.say("Density (each class sums to 1)"), theme.say("density")),
        Heights::Log1pCounts => (theme.say("log10(1 + rows per bin)"), theme.say("log10(1 + rows)")),
        _ => (theme.say("Rows per bin"), theme.say("rows")),
    };
    let plot = XyPlot {
        title: theme.fill("{} by class", &[&h.column]),
        x: Axis {
            label: h.column.clone(),
            short: h.column.clone(),
            log: false,
            domain: None,
        },
        y: Axis {
            label: label.into(),
            short: short.into(),
            log: false,
            domain: None,
        },
        bars: vec![
            BarSeries {
                name: theme.say("Negatives").into(),
                color: theme.negative.with_alpha(0.45),
                outline: Some(theme.negative),
                bins: bars(&h.negative),
                legend: true,
            },
            BarSeries {
                name: theme.say("Positives").into(),
                color: theme.positive.with_alpha(0.45),
                outline: Some(theme.positive),
                bins: bars(&h.positive),
                legend: true,
            },
        ],
        empty_text: theme.say("no values to show").into(),
        ..XyPlot::default()
    };
    let mut chart = xy_chart(&plot, width, height, theme);
    if log {
        // Every hit is a bar; its read-out is a height, so say which.
        for hit in &mut chart.hits {
            hit.label.push_str(theme.say(" (log10 of 1 + rows)"));
        }
    }
    chart
}

/// Box plots of one feature, negative class left, positive right: box
/// from q1 to q3, median line, whiskers to the last values within 1.5·IQR,
/// a mean dot, and the count of outliers beyond the whiskers written above.
pub fn box_plot_chart(b: &ClassBoxPlots, width: f32, height: f32, theme: &Theme) -> Chart {
    let classes: Vec<(&str, Option<&BoxSummary>, Color)> = vec![
        (theme.say("Negatives"), b.negative.as_ref(), theme.negative),
        (theme.say("Positives"), b.positive.as_ref(), theme.positive),
    ];
    let present: Vec<&BoxSummary> = classes.iter().filter_map(|c| c.1).collect();
    let lo = present.iter().map(|s| s.whisker_low).fold(f64::INFINITY, f64::min);
    let hi = present.iter().map(|s| s.whisker_high).fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = match (lo.is_finite() && hi.is_finite(), lo == hi) {
        (false, _) => (0.0, 1.0),
        (true, true) => (lo - 0.5, hi + 0.5),
        _ => (lo - (hi - lo) * 0.05, hi + (hi - lo) * 0.05),
    };
    let probe = Scale::linear((lo, hi), (1.0, 0.0)).ticks(6);
    let tick_w = probe
        .iter()
        .map(|t| text_width(&t.label, TICK_SIZE))
        .fold(0.0, f32::max);
    let frame = Frame::new(
        width,
        height,
        &theme.fill("{} by class", &[&b.column]),
        theme.say("Class"),
        &b.column,
        tick_w,
        0.0,
        0.0,
    );
    let plot = frame.plot;
    let ys = Scale::linear((lo, hi), (plot.bottom() as f64, plot.y as f64));
    let mut ops = frame.chrome_ops(theme);
    let mut hits = Vec::new();
    value_axis(&mut ops, &ys, plot, theme);
    let slot = plot.w / 2.0;
    for (i, (name, s, color)) in classes.iter().enumerate() {
        let cx = plot.x + slot * (i as f32 + 0.5);
        let n = s.map_or(0, |s| s.n);
        ops.push(text(
            cx,
            plot.bottom() + TICK_LEN + 3.0,
            &fit_text(
                &format!("{name} (n = {})", format_count(n as u64)),
                TICK_SIZE,
                slot - 4.0,
            ),
            TICK_SIZE,
            theme.text,
            Align::Center,
            Baseline::Top,
            0.0,
            Weight::Normal,
        ));
        let Some(s) = s else { continue };
        let y = |v: f64| ys.map_clamped(v) as f32;
        let half = (slot * 0.25).min(40.0);
        ops.push(line(vec![[cx, y(s.whisker_low)], [cx, y(s.q1)]], *color, 1.5, None));
        ops.push(line(vec![[cx, y(s.q3)], [cx, y(s.whisker_high)]], *color, 1.5, None));
        for w in [s.whisker_low, s.whisker_high] {
            ops.push(line(
                vec![[cx - half / 2.0, y(w)], [cx + half / 2.0, y(w)]],
                *color,
                1.5,
                None,
            ));
        }
        ops.push(DrawOp::Rect {
            x: cx - half,
            y: y(s.q3),
            w: 2.0 * half,
            h: (y(s.q1) - y(s.q3)).max(1.0),
            fill: Some(color.with_alpha(0.3)),
            stroke: Some(*color),
        });
        ops.push(line(
            vec![[cx - half, y(s.median)], [cx + half, y(s.median)]],
            *color,
            2.5,
            None,
        ));
        ops.push(DrawOp::Circle {
            x: cx,
            y: y(s.mean),
            r: 3.0,
            fill: Some(theme.background),
            stroke: Some(*color),
        });
        if s.outliers > 0 {
            ops.push(text(
                cx,
                plot.y + 2.0,
                &theme.fill("{} outliers", &[&format_count(s.outliers as u64)]),
                TICK_SIZE,
                theme.muted,
                Align::Center,
                Baseline::Top,
                0.0,
                Weight::Normal,
            ));
        }
        hits.push(Hit {
            x: cx,
            y: y(s.median),
            label: theme.fill(
                "{}: median {}, quartiles {} – {}, whiskers {} – {}, {} outliers, n = {}",
                &[
                    &name,
                    &format_sig3(s.median),
                    &format_sig3(s.q1),
                    &format_sig3(s.q3),
                    &format_sig3(s.whisker_low),
                    &format_sig3(s.whisker_high),
                    &format_count(s.outliers as u64),
                    &format_count(s.n as u64),
                ],
            ),
        });
    }
    if present.is_empty() {
        ops.push(empty(plot, theme.say("no values to show"), theme));
    }
    Chart {
        width: frame.width,
        height: frame.height,
        plot,
        x: None,
        y: Some(ys),
        ops,
        hits,
        data: Vec::new(),
        legend: None,
    }
}

/// Grid lines, tick marks and labels of a vertical value axis.
fn value_axis(ops: &mut Vec<DrawOp>, ys: &Scale, plot: PxRect, theme: &Theme) {
    for t in ys.ticks(6).iter().filter(|t| t.major && ys.contains(t.value)) {
        let y = crisp(ys.map(t.value) as f32, 1.0);
        ops.push(line(vec![[plot.x, y], [plot.right(), y]], theme.grid, 1.0, None));
        ops.push(line(vec![[plot.x - TICK_LEN, y], [plot.x, y]], theme.axis, 1.0, None));
        ops.push(text(
            plot.x - TICK_LEN - 3.0,
            y,
            &t.label,
            TICK_SIZE,
            theme.text,
            Align::Right,
            Baseline::Middle,
            0.0,
            Weight::Normal,
        ));
    }
    let x = crisp(plot.x, 1.0);
    ops.push(line(vec![[x, plot.y], [x, plot.bottom()]], theme.axis, 1.0, None));
}

fn empty(plot: PxRect, s: &str, theme: &Theme) -> DrawOp {
    text(
        plot.x + plot.w / 2.0,
        plot.y + plot.h / 2.0,
        s,
        LABEL_SIZE,
        theme.muted,
        Align::Center,
        Baseline::Middle,
        0.0,
        Weight::Normal,
    )
}

/// The diverging colour of a correlation: blue for −1, the background for
/// 0, vermillion for +1 (Okabe–Ito, readable by colour-blind people).
pub fn correlation_color(r: f64, theme: &Theme) -> Color {
    let t = if r.is_finite() { r.clamp(-1.0, 1.0) } else { 0.0 };
    let end = if t < 0.0 {
        okabe_ito::BLUE
    } else {
        okabe_ito::VERMILLION
    };
    theme.background.mix(end, t.abs())
}

const PAD: f32 = 8.0;

/// The correlation heat map of `m` (Spearman when `spearman`, else
/// Pearson): one square cell per pair, coloured by
/// [`correlation_color`], labelled with r to two decimals when cells are
/// at least 26 px wide; names down the left and (rotated) along the top;
/// undefined cells are outlined only.
pub fn correlation_chart(m: &CorrelationMatrix, spearman: bool, width: f32, height: f32, theme: &Theme) -> Chart {
    let (width, height) = usable_size(width, height);
    let values = if spearman { &m.spearman } else { &m.pearson };
    let k = m.names.len().max(1);
    let title = if spearman {
        theme.say("Spearman correlation")
    } else {
        theme.say("Pearson correlation")
    };
    let label_w = m
        .names
        .iter()
        .map(|n| text_width(n, TICK_SIZE))
        .fold(0.0, f32::max)
        // Up to 40 % of the width for the names: a cut name is no use.
        .min(width * 0.4)
        + 6.0;
    let top = PAD + TITLE_SIZE * 1.25 + 8.0 + label_w;
    let cell = ((width - PAD * 2.0 - label_w) / k as f32)
        .min((height - top - PAD) / k as f32)
        .max(1.0);
    let plot = PxRect {
        x: PAD + label_w,
        y: top,
        w: cell * k as f32,
        h: cell * k as f32,
    };
    let mut ops = vec![
        DrawOp::Rect {
            x: 0.0,
            y: 0.0,
            w: width,
            h: height,
            fill: Some(theme.background),
            stroke: None,
        },
        text(
            PAD,
            PAD,
            &fit_text(title, TITLE_SIZE * BOLD_WIDTH, width - 2.0 * PAD),
            TITLE_SIZE,
            theme.text,
            Align::Left,
            Baseline::Top,
            0.0,
            Weight::Bold,
        ),
    ];
    let mut hits = Vec::new();
    let label_size = TICK_SIZE.min(cell * 0.9).max(6.0);
    for (i, name) in m.names.iter().enumerate() {
        // A name too long for the label strip wraps (after `_`) onto two
        // lines of a smaller font when the cell is tall enough, before it
        // is cut.
        let mut size = label_size;
        let mut lines = vec![fit_text(name, size, label_w - 6.0)];
        if text_width(name, size) > label_w - 6.0 {
            let small = label_size.min(cell / 2.1);
            let two = wrap_text(name, small, label_w - 6.0, 2);
            if small >= 7.0 && !two.iter().any(|l| l.ends_with('…')) {
                size = small;
                lines = two;
            }
        }
        let n = lines.len() as f32;
        for (k, short) in lines.iter().enumerate() {
            // Lines stacked across the row (down) and across the column (right).
            let off = (k as f32 - (n - 1.0) / 2.0) * size * 1.05;
            let c = plot.y + cell * (i as f32 + 0.5) + off;
            ops.push(text(
                plot.x - 4.0,
                c,
                short,
                size,
                theme.text,
                Align::Right,
                Baseline::Middle,
                0.0,
                Weight::Normal,
            ));
            let cx = plot.x + cell * (i as f32 + 0.5) + off;
            ops.push(text(
                cx,
                plot.y - 4.0,
                short,
                size,
                theme.text,
                Align::Left,
                Baseline::Middle,
                -std::f32::consts::FRAC_PI_2,
                Weight::Normal,
            ));
        }
    }
    for (i, row) in values.iter().enumerate() {
        for (j, v) in row.iter().enumerate() {
            let (x, y) = (plot.x + cell * j as f32, plot.y + cell * i as f32);
            let fill = v.map(|r| correlation_color(r, theme));
            ops.push(DrawOp::Rect {
                x,
                y,
                w: cell,
                h: cell,
                fill,
                stroke: Some(theme.grid),
            });
            let read = v.map_or(theme.say("undefined").to_string(), |r| format_fixed(r, 2));
            if let (Some(f), true) = (fill, cell >= 26.0) {
                ops.push(text(
                    x + cell / 2.0,
                    y + cell / 2.0,
                    &read,
                    (cell * 0.32).min(TICK_SIZE),
                    theme.ink_on(f),
                    Align::Center,
                    Baseline::Middle,
                    0.0,
                    Weight::Normal,
                ));
            }
            hits.push(Hit {
                x: x + cell / 2.0,
                y: y + cell / 2.0,
                label: format!("{} ~ {}: r = {read}", m.names[i], m.names[j]),
            });
        }
    }
    Chart {
        width,
        height,
        plot,
        x: None,
        y: None,
        ops,
        hits,
        data: Vec::new(),
        legend: None,
    }
}

/// The 2-D class density of two features: each cell of the grid shaded
/// from `theme.negative` to `theme.positive` by the positives' share of
/// the two class densities in it (`(pos/P) / (pos/P + neg/N)`, so a rare
/// class is as visible as the common one), more opaque where more rows
/// fall. Empty cells are left blank. Axes and ticks as the x–y charts.
pub fn density_chart(d: &Density2d, width: f32, height: f32, theme: &Theme) -> Chart {
    let (bx, by) = (d.x_edges.len().saturating_sub(1), d.y_edges.len().saturating_sub(1));
    let ext = |e: &[f64]| (e.first().copied().unwrap_or(0.0), e.last().copied().unwrap_or(1.0));
    let (xd, yd) = (ext(&d.x_edges), ext(&d.y_edges));
    let (p_all, n_all) = (
        d.positive.iter().sum::<u64>().max(1) as f64,
        d.negative.iter().sum::<u64>().max(1) as f64,
    );
    // An invisible diagonal gives the engine its domain; the legend names
    // the two colours.
    let plot = XyPlot {
        title: theme.fill("{} vs {} by class", &[&d.y_column, &d.x_column]),
        x: Axis {
            label: d.x_column.clone(),
            short: d.x_column.clone(),
            log: false,
            domain: Some(xd),
        },
        y: Axis {
            label: d.y_column.clone(),
            short: d.y_column.clone(),
            log: false,
            domain: Some(yd),
        },
        lines: vec![
            LineSeries {
                name: theme.say("Mostly negatives").into(),
                color: theme.negative,
                width: 0.0,
                dash: None,
                points: vec![(xd.0, yd.0), (xd.1, yd.1)],
                extra: None,
                legend: true,
                hover: false,
                marker: None,
            },
            LineSeries {
                name: theme.say("Mostly positives").into(),
                color: theme.positive,
                width: 0.0,
                dash: None,
                points: vec![(xd.0, yd.0), (xd.1, yd.1)],
                extra: None,
                legend: true,
                hover: false,
                marker: None,
            },
        ],
        // The cells are added after the engine ran, which sees no data
        // (the lines have no hover): say "no values" only when it is so.
        empty_text: if d.positive.iter().chain(&d.negative).any(|&c| c > 0) {
            String::new()
        } else {
            theme.say("no values to show").into()
        },
        ..XyPlot::default()
    };
    let mut chart = xy_chart(&plot, width, height, theme);
    // Drop the invisible lines' ops (width 0) so nothing but cells is data.
    chart
        .ops
        .retain(|op| !matches!(op, DrawOp::Line { width, .. } if *width == 0.0));
    let (Some(xs), Some(ys)) = (chart.x, chart.y) else {
        return chart;
    };
    let dens: Vec<(f64, f64)> = (0..bx * by)
        .map(|c| {
            (
                d.positive.get(c).copied().unwrap_or(0) as f64 / p_all,
                d.negative.get(c).copied().unwrap_or(0) as f64 / n_all,
            )
        })
        .collect();
    let max = dens.iter().map(|(p, n)| p + n).fold(0.0, f64::max);
    let mut cells = Vec::new();
    for iy in 0..by {
        for ix in 0..bx {
            let (p, n) = dens[iy * bx + ix];
            if p + n <= 0.0 {
                continue;
            }
            let share = p / (p + n);
            let alpha = 0.25 + 0.75 * ((p + n) / max).sqrt();
            let color = theme.negative.mix(theme.positive, share).with_alpha(alpha as f32);
            let (x0, x1) = (xs.map(d.x_edges[ix]) as f32, xs.map(d.x_edges[ix + 1]) as f32);
            let (y0, y1) = (ys.map(d.y_edges[iy]) as f32, ys.map(d.y_edges[iy + 1]) as f32);
            cells.push(DrawOp::Rect {
                x: x0.min(x1),
                y: y0.min(y1),
                w: (x1 - x0).abs(),
                h: (y1 - y0).abs(),
                fill: Some(color),
                stroke: None,
            });
            chart.hits.push(Hit {
                x: (x0 + x1) / 2.0,
                y: (y0 + y1) / 2.0,
                label: theme.fill(
                    "{} positives, {} negatives ({} of the density is positive)",
                    &[
                        &format_count(d.positive[iy * bx + ix]),
                        &format_count(d.negative[iy * bx + ix]),
                        &super::ticks::format_percent(share),
                    ],
                ),
            });
        }
    }
    // Cells go inside the engine's clip, before anything drawn on top.
    let at = chart
        .ops
        .iter()
        .position(|op| matches!(op, DrawOp::ClipRect { .. }))
        .map_or(chart.ops.len(), |i| i + 1);
    chart.ops.splice(at..at, cells);
    chart
}
