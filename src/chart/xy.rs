//! The one x–y chart engine every line and histogram chart is built on:
//! series in data units → scales, ticks, grid, clipped and simplified
//! polylines, bars, markers, the threshold line, a legend beside or under
//! the plot (never on it), and hover targets. Knows nothing of ROC, PR or any metric; the
//! builders in `charts.rs` say what to plot.

use serde::{Deserialize, Serialize};

use super::data::SeriesData;
use super::draw::{crisp, fit_text, text_width, Align, Baseline, DrawOp, PxRect, Weight};
use super::layout::{
    legend_column_width, legend_flow, legend_ops, text, Frame, FrameAsk, LegendEntry, LABEL_SIZE, LEGEND_GAP, TICK_LEN,
    TICK_SIZE,
};
use super::scale::{extent, Scale};
use super::simplify::{rdp, TOLERANCE_PX};
use super::style::{along, model_style, LineMarker, MARKER_R, MARKER_SPACING, MAX_MARKERS, TRAIN_WIDTH};
use super::theme::{Color, Theme};
use super::ticks::{format_number, format_sig3, nice_step, Tick};
use super::{Chart, Hit};

/// One axis of an x–y chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Axis {
    /// The label under (x) or beside (y) the axis, with its unit:
    /// `"Threshold (score ≥ t)"`, `"Loss (log scale)"`.
    pub label: String,
    /// A short name for hover read-outs: `"FPR"`, `"epoch"`.
    pub short: String,
    /// log10 instead of linear; non-positive values are dropped.
    pub log: bool,
    /// A fixed domain; `None` fits the data (linear: widened to nice
    /// steps, log: padded by 4 % of the decades each side).
    pub domain: Option<(f64, f64)>,
}

/// A polyline series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineSeries {
    /// Name in the legend and in hover labels.
    pub name: String,
    /// Stroke colour.
    pub color: Color,
    /// Stroke width, CSS px.
    pub width: f32,
    /// Dash pattern, CSS px; `None` for solid.
    pub dash: Option<Vec<f32>>,
    /// Points in data units, in drawing order; non-finite ones are skipped.
    pub points: Vec<(f64, f64)>,
    /// An extra per-point value for hover read-outs, with its name
    /// (`("threshold", thresholds)`); ignored unless as long as `points`.
    pub extra: Option<(String, Vec<f64>)>,
    /// Show in the legend.
    pub legend: bool,
    /// Offer hover targets at the (simplified) vertices.
    pub hover: bool,
    /// Markers along the line (and on its legend sample), every
    /// [`MARKER_SPACING`] px: the series' shape where colour alone cannot
    /// tell it from another ([`style`](super::style)); `None` for none.
    #[serde(default)]
    pub marker: Option<LineMarker>,
}

impl LineSeries {
    /// This series in model slot `slot`'s dash and marker
    /// ([`model_style`]), markers hollow and the line thinner for
    /// `training` rows beside their held-out twin.
    pub fn styled(mut self, slot: usize, training: bool) -> LineSeries {
        let style = model_style(slot);
        self.marker = Some(style.marker(training));
        self.dash = style.dash;
        if training {
            self.width = TRAIN_WIDTH;
        }
        self
    }
}

/// A bar series: bins `[x0, x1)` of height `y` from the axis base.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BarSeries {
    /// Name in the legend and hover labels.
    pub name: String,
    /// Fill colour (give it alpha when bar series overlap).
    pub color: Color,
    /// Outline colour of the bars' top edges (a step line), if any.
    pub outline: Option<Color>,
    /// `(x0, x1, y)` per bin.
    pub bins: Vec<(f64, f64, f64)>,
    /// Show in the legend.
    pub legend: bool,
}

/// A dot at a data point, e.g. the operating point at the threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Marker {
    /// Position, data units.
    pub x: f64,
    /// Position, data units.
    pub y: f64,
    /// Fill colour (the stroke is the background, so dots stay visible
    /// on top of their own curve).
    pub color: Color,
    /// Hover label.
    pub label: String,
}

/// A labelled segment between two data points (the KS gap).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// Segment start, data units.
    pub from: (f64, f64),
    /// Segment end, data units.
    pub to: (f64, f64),
    /// Stroke and text colour.
    pub color: Color,
    /// Text drawn beside the segment's midpoint.
    pub text: String,
}

/// Everything an x–y chart shows, in data units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct XyPlot {
    /// Chart title.
    pub title: String,
    /// x axis.
    pub x: Axis,
    /// y axis.
    pub y: Axis,
    /// Bars, drawn first.
    pub bars: Vec<BarSeries>,
    /// Lines, drawn over the bars in order (reference lines first).
    pub lines: Vec<LineSeries>,
    /// Labelled segments, over the lines.
    pub annotations: Vec<Annotation>,
    /// Dots, on top of everything in the plot.
    pub markers: Vec<Marker>,
    /// The current threshold as an x value: a dashed full-height line
    /// labelled `threshold_label` above the plot.
    pub threshold: Option<f64>,
    /// Label of the threshold line (`"t = 0.50"`).
    pub threshold_label: String,
    /// Shown in the middle of the plot when no series has a point.
    pub empty_text: String,
    /// Equal pixels per unit on both axes: the plot is square (the ROC
    /// curve, whose diagonal must be at 45°).
    #[serde(default)]
    pub square: bool,
}

/// Dash pattern of dashed series (validation curves).
pub const DASH: [f32; 2] = [6.0, 4.0];
/// Dash pattern of reference lines (chance diagonal, baseline).
pub const REF_DASH: [f32; 2] = [4.0, 4.0];
/// Dash pattern of the threshold line.
pub const THRESHOLD_DASH: [f32; 2] = [3.0, 3.0];
const THRESHOLD_BAND: f32 = 15.0;

impl XyPlot {
    fn has_data(&self) -> bool {
        // Reference lines (no hover) are not data.
        self.lines
            .iter()
            .any(|l| l.hover && l.points.iter().any(|p| p.0.is_finite() && p.1.is_finite()))
            || self.bars.iter().any(|b| b.bins.iter().any(|&(_, _, y)| y > 0.0))
    }
}

fn usable(v: f64, log: bool) -> bool {
    v.is_finite() && (!log || v > 0.0)
}

fn fit_domain(axis: &Axis, values: Vec<f64>, count: usize) -> (f64, f64) {
    if let Some(d) = axis.domain {
        return d;
    }
    match extent(values, axis.log) {
        None if axis.log => (0.1, 1.0),
        None => (0.0, 1.0),
        Some((lo, hi)) if axis.log => {
            let (a, b) = (lo.log10(), hi.log10());
            let pad = ((b - a) * 0.04).max(0.02);
            (10f64.powf(a - pad), 10f64.powf(b + pad))
        }
        Some((lo, hi)) => match nice_step(lo, hi, count) {
            Some(step) => ((lo / step).floor() * step, (hi / step).ceil() * step),
            None => (lo, hi),
        },
    }
}

fn x_values(p: &XyPlot) -> Vec<f64> {
    let mut v: Vec<f64> = p.lines.iter().flat_map(|l| l.points.iter().map(|q| q.0)).collect();
    v.extend(p.bars.iter().flat_map(|b| b.bins.iter().flat_map(|&(a, c, _)| [a, c])));
    v.extend(p.markers.iter().map(|m| m.x));
    v.extend(p.threshold);
    v
}

fn y_values(p: &XyPlot) -> Vec<f64> {
    let mut v: Vec<f64> = p.lines.iter().flat_map(|l| l.points.iter().map(|q| q.1)).collect();
    v.extend(p.bars.iter().flat_map(|b| b.bins.iter().map(|t| t.2)));
    if !p.y.log && !p.bars.is_empty() {
        v.push(0.0);
    }
    v.extend(p.markers.iter().map(|m| m.y));
    v
}

/// Readable read-out of a data value: integers plain, otherwise 3
/// significant digits.
fn readout(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format_number(v, 0)
    } else {
        format_sig3(v)
    }
}

struct Projected {
    lines: Vec<Vec<[f32; 2]>>,
    hits: Vec<Hit>,
}

fn project(p: &XyPlot, xs: &Scale, ys: &Scale, plot: &PxRect) -> Projected {
    let (x0, x1) = (plot.x as f64 - 1.0, plot.right() as f64 + 1.0);
    let (y0, y1) = (plot.y as f64 - 1.0, plot.bottom() as f64 + 1.0);
    let to_px = |x: f64, y: f64| [xs.map(x).clamp(x0, x1), ys.map(y).clamp(y0, y1)];
    let mut lines = Vec::with_capacity(p.lines.len());
    // Markers first: on a tie in distance, the operating point wins over
    // the curve vertex beneath it.
    let mut hits = Vec::new();
    for m in &p.markers {
        if usable(m.x, p.x.log) && usable(m.y, p.y.log) {
            let q = to_px(m.x, m.y);
            hits.push(Hit {
                x: q[0] as f32,
                y: q[1] as f32,
                label: m.label.clone(),
            });
        }
    }
    for l in &p.lines {
        let mut idx = Vec::with_capacity(l.points.len());
        let mut px = Vec::with_capacity(l.points.len());
        for (i, &(x, y)) in l.points.iter().enumerate() {
            if usable(x, p.x.log) && usable(y, p.y.log) {
                idx.push(i);
                px.push(to_px(x, y));
            }
        }
        let keep = rdp(&px, TOLERANCE_PX);
        let extra = l.extra.as_ref().filter(|(_, v)| v.len() == l.points.len());
        if l.hover {
            for &k in &keep {
                let i = idx[k];
                let (x, y) = l.points[i];
                let mut label = format!("{}: {} {}, {} {}", l.name, p.x.short, readout(x), p.y.short, readout(y));
                if let Some((name, v)) = extra {
                    label.push_str(&format!(", {name} {}", readout(v[i])));
                }
                hits.push(Hit {
                    x: px[k][0] as f32,
                    y: px[k][1] as f32,
                    label,
                });
            }
        }
        lines.push(keep.iter().map(|&k| [px[k][0] as f32, px[k][1] as f32]).collect());
    }
    let base = if p.y.log { ys.d0.min(ys.d1) } else { 0.0 };
    for b in &p.bars {
        for &(a, c, y) in &b.bins {
            if !(usable(a, p.x.log) && usable(c, p.x.log) && usable(y, p.y.log)) {
                continue;
            }
            let [xa, yt] = to_px(a, y);
            let [xc, yb] = to_px(c, base);
            let (l, r) = (xa.min(xc) as f32, xa.max(xc) as f32);
            let t = yt.min(yb) as f32;
            if y > 0.0 {
                hits.push(Hit {
                    x: ((l + r) / 2.0),
                    y: t,
                    label: format!("{}: {}–{}, {}", b.name, readout(a), readout(c), readout(y)),
                });
            }
        }
    }
    Projected { lines, hits }
}

fn legend_entries(p: &XyPlot) -> Vec<LegendEntry> {
    let mut e: Vec<LegendEntry> = p
        .bars
        .iter()
        .filter(|b| b.legend && !b.name.is_empty())
        .map(|b| LegendEntry {
            label: b.name.clone(),
            color: b.color,
            dash: None,
            block: true,
            marker: None,
        })
        .collect();
    e.extend(
        p.lines
            .iter()
            .filter(|l| l.legend && !l.name.is_empty())
            .map(|l| LegendEntry {
                label: l.name.clone(),
                color: l.color,
                dash: l.dash.clone(),
                block: false,
                marker: l.marker,
            }),
    );
    e
}

/// Keeps every k-th major label so neighbours are at least 6 px apart.
fn thin_labels(ticks: &mut [Tick], px: impl Fn(f64) -> f64, extent: impl Fn(&str) -> f32) {
    let majors: Vec<usize> = (0..ticks.len()).filter(|&i| ticks[i].major).collect();
    if majors.len() < 2 {
        return;
    }
    let gap = majors
        .windows(2)
        .map(|w| (px(ticks[w[1]].value) - px(ticks[w[0]].value)).abs() as f32)
        .fold(f32::INFINITY, f32::min);
    let widest = majors.iter().map(|&i| extent(&ticks[i].label)).fold(0.0f32, f32::max);
    if gap.is_nan() || gap <= 0.0 {
        return;
    }
    let every = ((widest + 6.0) / gap).ceil().max(1.0) as usize;
    if every > 1 {
        for (n, &i) in majors.iter().enumerate() {
            if n % every != 0 {
                ticks[i].label.clear();
            }
        }
    }
}

/// Lays out and draws an x–y chart of `width × height` CSS px.
///
/// Never panics and never emits a non-finite coordinate: empty series,
/// single points, NaN values and degenerate domains all draw (axes, and
/// `empty_text` in the middle when there is nothing else).
pub fn xy_chart(p: &XyPlot, width: f32, height: f32, theme: &Theme) -> Chart {
    let threshold = p.threshold.filter(|t| usable(*t, p.x.log));
    let base_band = if threshold.is_some() { THRESHOLD_BAND } else { 0.0 };
    let entries = legend_entries(p);
    let mut laid = layout(p, width, height, base_band, 0.0, 0.0);
    // The legend never covers the plot: a column right of it when every
    // label fits there on one line and the plot keeps most of the width
    // (a square plot already leaves room on a wide chart), else a strip
    // under the x-axis title, the plot giving up the height it needs.
    let mut legend_at = None;
    if !entries.is_empty() {
        let col_w = legend_column_width(&entries);
        let (_, col_h) = legend_flow(&entries, col_w, true);
        let f = &laid.frame;
        let spare = f.width - f.plot.right() - 8.0 - LEGEND_GAP;
        if p.square && col_w <= spare && col_h <= f.plot.h {
            let at = PxRect {
                x: f.plot.right() + LEGEND_GAP,
                y: f.plot.y,
                w: col_w,
                h: col_h,
            };
            legend_at = Some((at, true));
        } else if !p.square && f.width >= 480.0 && col_w + LEGEND_GAP <= f.width * 0.3 && col_h <= f.plot.h {
            laid = layout(p, width, height, base_band, col_w + LEGEND_GAP, 0.0);
            let f = &laid.frame;
            let at = PxRect {
                x: f.width - 8.0 - col_w,
                y: f.plot.y,
                w: col_w,
                h: col_h,
            };
            legend_at = Some((at, true));
        } else {
            let (_, strip_h) = legend_flow(&entries, laid.frame.below.w, false);
            laid = layout(p, width, height, base_band, 0.0, strip_h);
            legend_at = Some((laid.frame.below, false));
        }
    }
    let Laid {
        frame,
        xs,
        ys,
        mut xt,
        mut yt,
        proj,
    } = laid;
    let plot = frame.plot;
    let mut ops = frame.chrome_ops(theme);

    thin_labels(&mut xt, |v| xs.map(v), |s| text_width(s, TICK_SIZE));
    thin_labels(&mut yt, |v| ys.map(v), |_| TICK_SIZE);

    // Grid.
    for t in xt.iter().filter(|t| t.major && xs.contains(t.value)) {
        let x = crisp(xs.map(t.value) as f32, 1.0);
        ops.push(line(vec![[x, plot.y], [x, plot.bottom()]], theme.grid, 1.0, None));
    }
    for t in yt.iter().filter(|t| t.major && ys.contains(t.value)) {
        let y = crisp(ys.map(t.value) as f32, 1.0);
        ops.push(line(vec![[plot.x, y], [plot.right(), y]], theme.grid, 1.0, None));
    }

    // Data, clipped to the plot (2 px slack so edge lines keep their width).
    ops.push(DrawOp::ClipRect {
        x: plot.x - 2.0,
        y: plot.y - 2.0,
        w: plot.w + 4.0,
        h: plot.h + 4.0,
    });
    let base = if p.y.log { ys.d0.min(ys.d1) } else { 0.0 };
    let (cx0, cx1) = (plot.x as f64 - 1.0, plot.right() as f64 + 1.0);
    let (cy0, cy1) = (plot.y as f64 - 1.0, plot.bottom() as f64 + 1.0);
    let to_px = |x: f64, y: f64| [xs.map(x).clamp(cx0, cx1) as f32, ys.map(y).clamp(cy0, cy1) as f32];
    for b in &p.bars {
        let mut outline: Vec<[f32; 2]> = Vec::new();
        for &(a, c, y) in &b.bins {
            if !(usable(a, p.x.log) && usable(c, p.x.log) && y.is_finite()) {
                continue;
            }
            let top = if usable(y, p.y.log) { y } else { base };
            let [xa, yt] = to_px(a, top);
            let [xc, yb] = to_px(c, base);
            if usable(y, p.y.log) && yb - yt > 0.0 {
                ops.push(DrawOp::Rect {
                    x: xa.min(xc),
                    y: yt,
                    w: (xc - xa).abs(),
                    h: yb - yt,
                    fill: Some(b.color),
                    stroke: None,
                });
            }
            outline.push([xa, yt]);
            outline.push([xc, yt]);
        }
        if let Some(c) = b.outline {
            if outline.len() >= 2 {
                ops.push(line(outline, c, 1.5, None));
            }
        }
    }
    for (l, pts) in p.lines.iter().zip(&proj.lines) {
        match (pts.len(), l.marker) {
            (0, _) => {}
            (1, Some(m)) => ops.push(marker_op(pts[0], m, l.color, theme)),
            (1, None) => ops.push(DrawOp::Circle {
                x: pts[0][0],
                y: pts[0][1],
                r: l.width.max(1.0) + 1.0,
                fill: Some(l.color),
                stroke: None,
            }),
            (_, m) => {
                ops.push(line(pts.clone(), l.color, l.width, l.dash.clone()));
                if let Some(m) = m {
                    for at in along(pts, MARKER_SPACING, m.phase, MAX_MARKERS) {
                        ops.push(marker_op(at, m, l.color, theme));
                    }
                }
            }
        }
    }
    let mut notes = Vec::new();
    for a in &p.annotations {
        if !(a.from.0.is_finite() && a.from.1.is_finite() && a.to.0.is_finite() && a.to.1.is_finite()) {
            continue;
        }
        let (f, t) = (to_px(a.from.0, a.from.1), to_px(a.to.0, a.to.1));
        ops.push(line(vec![f, t], a.color, 2.0, None));
        notes.push((a, [(f[0] + t[0]) / 2.0, (f[1] + t[1]) / 2.0]));
    }
    let mut threshold_x = None;
    if let Some(t) = threshold {
        let x = to_px(t, base)[0];
        threshold_x = Some(x);
        ops.push(line(
            vec![[x, plot.y], [x, plot.bottom()]],
            theme.threshold,
            1.5,
            Some(THRESHOLD_DASH.to_vec()),
        ));
    }
    ops.push(DrawOp::ResetClip);
    for m in &p.markers {
        if usable(m.x, p.x.log) && usable(m.y, p.y.log) {
            let q = to_px(m.x, m.y);
            ops.push(DrawOp::Circle {
                x: q[0],
                y: q[1],
                r: 4.5,
                fill: Some(m.color),
                stroke: Some(theme.background),
            });
        }
    }

    // Axes, ticks and labels.
    let ax = crisp(plot.x, 1.0);
    let ay = crisp(plot.bottom(), 1.0);
    ops.push(line(vec![[ax, plot.y], [ax, ay]], theme.axis, 1.0, None));
    ops.push(line(vec![[ax, ay], [plot.right(), ay]], theme.axis, 1.0, None));
    for t in xt.iter().filter(|t| xs.contains(t.value)) {
        let x = crisp(xs.map(t.value) as f32, 1.0);
        let len = if t.major { TICK_LEN } else { TICK_LEN * 0.6 };
        ops.push(line(vec![[x, ay], [x, ay + len]], theme.axis, 1.0, None));
        if !t.label.is_empty() {
            let half = text_width(&t.label, TICK_SIZE) / 2.0;
            let tx = x.clamp(half + 1.0, frame.width - half - 1.0);
            ops.push(text(
                tx,
                ay + TICK_LEN + 3.0,
                &t.label,
                TICK_SIZE,
                theme.text,
                Align::Center,
                Baseline::Top,
                0.0,
                Weight::Normal,
            ));
        }
    }
    for t in yt.iter().filter(|t| ys.contains(t.value)) {
        let y = crisp(ys.map(t.value) as f32, 1.0);
        let len = if t.major { TICK_LEN } else { TICK_LEN * 0.6 };
        ops.push(line(vec![[ax - len, y], [ax, y]], theme.axis, 1.0, None));
        if !t.label.is_empty() {
            ops.push(text(
                ax - TICK_LEN - 3.0,
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
    }
    if let Some(x) = threshold_x {
        let s = &fit_text(&p.threshold_label, TICK_SIZE, plot.w);
        if !s.is_empty() {
            let half = text_width(s, TICK_SIZE) / 2.0;
            let tx = x.clamp(plot.x + half, (plot.right() - half).max(plot.x + half));
            ops.push(text(
                tx,
                plot.y - 3.0,
                s,
                TICK_SIZE,
                theme.threshold,
                Align::Center,
                Baseline::Bottom,
                0.0,
                Weight::Bold,
            ));
        }
    }
    for (a, mid) in notes {
        let s = fit_text(&a.text, TICK_SIZE, plot.w - 4.0);
        if s.is_empty() {
            continue;
        }
        let w = text_width(&s, TICK_SIZE);
        // Right of the segment unless that runs off the plot.
        let (tx, align) = if mid[0] + 6.0 + w <= plot.right() {
            (mid[0] + 6.0, Align::Left)
        } else {
            ((mid[0] - 6.0).max(plot.x + w).min(plot.right()), Align::Right)
        };
        ops.push(text(
            tx,
            mid[1],
            &s,
            TICK_SIZE,
            a.color,
            align,
            Baseline::Middle,
            0.0,
            Weight::Bold,
        ));
    }

    if !p.has_data() && !p.empty_text.is_empty() {
        ops.push(text(
            plot.x + plot.w / 2.0,
            plot.y + plot.h / 2.0,
            &fit_text(&p.empty_text, LABEL_SIZE, plot.w),
            LABEL_SIZE,
            theme.muted,
            Align::Center,
            Baseline::Middle,
            0.0,
            Weight::Normal,
        ));
    }

    if let Some((at, column)) = legend_at {
        ops.extend(legend_ops(&entries, at, column, theme));
    }

    Chart {
        width: frame.width,
        height: frame.height,
        plot,
        x: Some(xs),
        y: Some(ys),
        ops,
        hits: proj.hits,
        data: series_data(p),
        legend: legend_at.map(|(at, _)| at),
    }
}

/// The plot's data series for CSV export: every bar series, then every
/// line that is data (offers hover; reference lines do not), all points
/// unsimplified, under the axes' short names.
fn series_data(p: &XyPlot) -> Vec<SeriesData> {
    let name = |a: &Axis, fallback: &str| {
        [&a.short, &a.label]
            .into_iter()
            .find(|s| !s.is_empty())
            .cloned()
            .unwrap_or_else(|| fallback.to_string())
    };
    let (x, y) = (name(&p.x, "x"), name(&p.y, "y"));
    let mut out: Vec<SeriesData> = p
        .bars
        .iter()
        .map(|b| SeriesData {
            name: b.name.clone(),
            columns: vec![format!("{x} from"), format!("{x} to"), y.clone()],
            rows: b.bins.iter().map(|&(a, c, h)| vec![a, c, h]).collect(),
        })
        .collect();
    for l in p.lines.iter().filter(|l| l.hover) {
        let extra = l.extra.as_ref().filter(|(_, v)| v.len() == l.points.len());
        let mut columns = vec![x.clone(), y.clone()];
        columns.extend(extra.map(|(n, _)| n.clone()));
        let rows = l
            .points
            .iter()
            .enumerate()
            .map(|(i, &(px, py))| {
                let mut row = vec![px, py];
                row.extend(extra.map(|(_, v)| v[i]));
                row
            })
            .collect();
        out.push(SeriesData {
            name: l.name.clone(),
            columns,
            rows,
        });
    }
    out
}

struct Laid {
    frame: Frame,
    xs: Scale,
    ys: Scale,
    xt: Vec<Tick>,
    yt: Vec<Tick>,
    proj: Projected,
}

fn layout(p: &XyPlot, width: f32, height: f32, band: f32, right: f32, below: f32) -> Laid {
    let plot_h = Frame::plot_height(height, band) - below;
    let y_count = ((plot_h / 40.0) as usize).clamp(2, 10);
    let y_dom = fit_domain(&p.y, y_values(p), y_count);
    let y_probe = if p.y.log {
        Scale::log10(y_dom, (0.0, 1.0))
    } else {
        Scale::linear(y_dom, (0.0, 1.0))
    };
    let y_ticks = y_probe.ticks(y_count);
    let y_w = y_ticks
        .iter()
        .map(|t| text_width(&t.label, TICK_SIZE))
        .fold(0.0f32, f32::max);
    let (w_guess, _) = super::layout::usable_size(width, height);
    let x_count = (((w_guess - right - y_w - 60.0) / 80.0) as usize).clamp(2, 10);
    let x_dom = fit_domain(&p.x, x_values(p), x_count);
    let x_probe = if p.x.log {
        Scale::log10(x_dom, (0.0, 1.0))
    } else {
        Scale::linear(x_dom, (0.0, 1.0))
    };
    let x_ticks = x_probe.ticks(x_count);
    let overhang = x_ticks
        .iter()
        .rev()
        .find(|t| t.major && !t.label.is_empty())
        .map(|t| text_width(&t.label, TICK_SIZE) / 2.0)
        .unwrap_or(0.0);
    let frame = Frame::lay(
        width,
        height,
        &FrameAsk {
            title: &p.title,
            x_label: &p.x.label,
            x_short: &p.x.short,
            y_label: &p.y.label,
            y_short: &p.y.short,
            y_tick_width: y_w,
            x_tick_overhang: overhang,
            band,
            right,
            below,
            square: p.square,
        },
    );
    let plot = frame.plot;
    let xs = x_probe.with_range((plot.x as f64, plot.right() as f64));
    let ys = y_probe.with_range((plot.bottom() as f64, plot.y as f64));
    let proj = project(p, &xs, &ys, &plot);
    Laid {
        frame,
        xs,
        ys,
        xt: x_ticks,
        yt: y_ticks,
        proj,
    }
}

/// A series marker at `at`: filled in the series' colour with a ring of
/// background (so it stands out where curves cross), or, `hollow`, a ring
/// of the series' colour around background. The filled one is 1 px larger:
/// its background ring eats 0.75 px of it while a hollow ring adds 0.75 px,
/// so held-out rows' markers still read as the bolder ones.
pub fn marker_op(at: [f32; 2], m: LineMarker, color: Color, theme: &Theme) -> DrawOp {
    let (fill, stroke, r) = if m.hollow {
        (theme.background, color, MARKER_R)
    } else {
        (color, theme.background, MARKER_R + 1.0)
    };
    DrawOp::Marker {
        x: at[0],
        y: at[1],
        r,
        shape: m.shape,
        fill: Some(fill),
        stroke: Some(stroke),
    }
}

/// Shorthand for a [`DrawOp::Line`].
pub fn line(points: Vec<[f32; 2]>, color: Color, width: f32, dash: Option<Vec<f32>>) -> DrawOp {
    DrawOp::Line {
        points,
        color,
        width,
        dash,
    }
}
