//! Replays a chart's [`DrawOp`]s on an `OffscreenCanvas` 2D context through
//! web-sys, crisp on HiDPI: the backing store is the CSS size × `dpr`, and
//! the context is scaled by `dpr` once, so every op stays in CSS px.
//!
//! Why an `OffscreenCanvas` in the worker: the worker owns the wasm
//! instance and every score, so a chart is laid out and painted where the
//! data is; only the request, hover text and the finished frame (an
//! `ImageBitmap`, sent by `www/frames.js` to the page's `<canvas>`) cross
//! threads, and the main thread runs no numerics. Headless Chromium paints it in
//! software with `--disable-gpu`. [`Painted`] is the one place a chart is
//! painted, its error mapped and the chart remembered for hover read-outs.
//! [`record_next_chart`] / [`recorded_chart`] keep the next chart painted
//! and write it as SVG or CSV (the page's chart export, `www/frames.js`).
//! Knows nothing of what a chart means.
//!
//! Why each canvas's 2D context is fetched once and kept: Firefox (checked
//! on 153 ESR) throws "Cannot update created context to different thread"
//! on the *second* `getContext("2d")` of a canvas transferred from the page
//! (which the page did until `www/frames.js`),
//! so a chart painted twice (a new threshold, a resize, the theme) failed
//! there. Reusing the first context is what every engine allows.

use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{OffscreenCanvas, OffscreenCanvasRenderingContext2d as Ctx};

use super::js_error;
use crate::app::AppError;
#[cfg(not(feature = "first-view"))]
use crate::chart::data::series_csv;
#[cfg(not(feature = "first-view"))]
use crate::chart::svg::chart_svg;
use crate::chart::{Align, Baseline, Chart, DrawOp, Hit, Weight, FONT_STACK};

/// The last chart painted on each canvas id, for hover read-outs.
#[derive(Default)]
pub struct Painted {
    charts: BTreeMap<String, Chart>,
}

impl Painted {
    /// Paints `chart` (or throws its error) on `canvas` at `dpr` and
    /// remembers it as `id`.
    pub fn show(
        &mut self,
        id: &str,
        canvas: &OffscreenCanvas,
        chart: Result<Chart, AppError>,
        dpr: f64,
    ) -> Result<(), JsValue> {
        let chart = chart.map_err(js_error)?;
        paint_once(canvas, &chart, dpr)?;
        self.charts.insert(id.to_string(), chart);
        Ok(())
    }

    /// The hover text of chart `id` nearest to `(x, y)` CSS px (within 24 px).
    pub fn hover(&self, id: &str, x: f32, y: f32) -> Option<String> {
        self.charts.get(id)?.nearest(x, y, 24.0).map(|h| h.label.clone())
    }

    /// Hover target `index` of chart `id` (in the chart's order: the
    /// operating points, then each curve from its start) and how many it
    /// has, for walking a chart by keyboard; `None` when nothing is there.
    pub fn hit(&self, id: &str, index: usize) -> Option<(usize, &Hit)> {
        let hits = &self.charts.get(id)?.hits;
        hits.get(index.min(hits.len().checked_sub(1)?)).map(|h| (hits.len(), h))
    }

    /// [`hit`](Painted::hit) for the page: `{index, count, x, y, label}`
    /// (`index` clamped to the last, `x`/`y` in CSS px), or `undefined`
    /// when chart `id` has no read-outs.
    pub fn hit_js(&self, id: &str, index: usize) -> Result<JsValue, JsValue> {
        match self.hit(id, index) {
            None => Ok(JsValue::UNDEFINED),
            Some((count, h)) => super::to_js(&serde_json::json!({
                "index": index.min(count - 1), "count": count, "x": h.x, "y": h.y, "label": h.label,
            })),
        }
    }

    /// Forgets every chart (their data changed).
    pub fn clear(&mut self) {
        self.charts.clear();
    }
}

/// Paints `chart` on `canvas` without remembering it (the live charts,
/// redrawn from progress while a run holds the session).
pub fn paint_once(canvas: &OffscreenCanvas, chart: &Chart, dpr: f64) -> Result<(), JsValue> {
    paint(canvas, chart, dpr).map_err(|e| js_error(AppError::failed(format!("cannot draw the chart: {e}"))))
}

thread_local! {
    /// `Some` while an export is recording: the next chart painted (on any
    /// canvas) is kept here for [`recorded_chart`].
    static RECORDING: RefCell<Option<Option<Chart>>> = const { RefCell::new(None) };
}

/// Keeps the next chart painted, whichever painter paints it, for
/// [`recorded_chart`]. The page's chart export (`www/frames.js`) calls it,
/// repaints the chart in the light theme on a canvas of its own, then reads
/// the recording: every painter ends in [`paint`], so every chart can be
/// exported without each painter knowing about export.
#[wasm_bindgen(js_name = recordNextChart)]
pub fn record_next_chart() {
    RECORDING.with(|r| *r.borrow_mut() = Some(None));
}

/// The chart kept by [`record_next_chart`] as `"svg"` (a standalone SVG
/// document) or `"csv"` (its data series, [`series_csv`]); the recording
/// stays for further formats. Errors (`bad_request`) when nothing was
/// recorded, the format is another, or the chart has no data series to
/// write as CSV.
#[cfg(not(feature = "first-view"))]
#[wasm_bindgen(js_name = recordedChart)]
pub fn recorded_chart(format: &str, id: &str) -> Result<String, JsValue> {
    RECORDING.with(|r| {
        let kept = r.borrow();
        let Some(Some(chart)) = kept.as_ref() else {
            return Err(js_error(AppError::bad_request(
                "no chart was recorded: call recordNextChart, then paint the chart",
            )));
        };
        match format {
            "svg" => Ok(chart_svg(chart, id)),
            "csv" if chart.data.is_empty() => Err(js_error(AppError::bad_request(
                "this chart has no curve or bar data to write as CSV (a matrix or a heat map): export it as SVG or PNG",
            ))),
            "csv" => Ok(series_csv(&chart.data)),
            other => Err(js_error(AppError::bad_request(format!(
                "unknown chart export format {other:?}; use \"svg\" or \"csv\""
            )))),
        }
    })
}

/// Whether the chart kept by [`record_next_chart`] has data series to write
/// as CSV (false when nothing was recorded).
#[wasm_bindgen(js_name = recordedHasData)]
pub fn recorded_has_data() -> bool {
    RECORDING.with(|r| matches!(r.borrow().as_ref(), Some(Some(chart)) if !chart.data.is_empty()))
}

/// How the text of the chart kept by [`record_next_chart`] fits
/// ([`crate::chart::layout::FitReport`]) as JSON: cut texts, overlaps,
/// the plot and the legend; `""` when nothing was recorded. The page puts
/// it on the chart's canvas as `data-fit` for the width tests.
#[wasm_bindgen(js_name = recordedFit)]
pub fn recorded_fit() -> String {
    RECORDING.with(|r| match r.borrow().as_ref() {
        Some(Some(chart)) => serde_json::to_string(&chart.fit()).unwrap_or_default(),
        _ => String::new(),
    })
}

/// Sizes `canvas` for `chart` at `dpr` and draws every op in order.
pub fn paint(canvas: &OffscreenCanvas, chart: &Chart, dpr: f64) -> Result<(), String> {
    RECORDING.with(|r| {
        if let Some(kept @ None) = r.borrow_mut().as_mut() {
            *kept = Some(chart.clone());
        }
    });
    let dpr = if dpr.is_finite() && dpr > 0.0 {
        dpr.min(4.0)
    } else {
        1.0
    };
    let w = (chart.width as f64 * dpr).round().max(1.0) as u32;
    let h = (chart.height as f64 * dpr).round().max(1.0) as u32;
    // Assigning a size clears the canvas and resets the context's state.
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx = context(canvas)?;
    ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0).map_err(describe)?;
    ctx.set_line_join("round");
    ctx.set_line_cap("round");
    for op in &chart.ops {
        draw(&ctx, op)?;
    }
    Ok(())
}

thread_local! {
    /// canvas → its 2D context; weak, so a canvas the page replaced is freed.
    static CONTEXTS: OnceCell<js_sys::WeakMap> = const { OnceCell::new() };
}

/// The canvas's 2D context: asked for once, then reused (see the module doc).
fn context(canvas: &OffscreenCanvas) -> Result<Ctx, String> {
    CONTEXTS.with(|cell| {
        let contexts = cell.get_or_init(js_sys::WeakMap::new);
        let known = contexts.get(canvas);
        if let Ok(ctx) = known.dyn_into::<Ctx>() {
            return Ok(ctx);
        }
        let ctx: Ctx = canvas
            .get_context("2d")
            .map_err(describe)?
            .ok_or("no 2D context")?
            .dyn_into()
            .map_err(|_| "not a 2D context".to_string())?;
        contexts.set(canvas, &ctx);
        Ok(ctx)
    })
}

fn draw(ctx: &Ctx, op: &DrawOp) -> Result<(), String> {
    match op {
        DrawOp::Line {
            points,
            color,
            width,
            dash,
        } => {
            let Some((first, rest)) = points.split_first() else {
                return Ok(());
            };
            if rest.is_empty() {
                return Ok(());
            }
            let pattern = js_sys::Array::new();
            for d in dash.iter().flatten() {
                pattern.push(&JsValue::from_f64(*d as f64));
            }
            ctx.set_line_dash(&pattern).map_err(describe)?;
            ctx.set_stroke_style_str(&color.css());
            ctx.set_line_width(*width as f64);
            ctx.begin_path();
            ctx.move_to(first[0] as f64, first[1] as f64);
            for p in rest {
                ctx.line_to(p[0] as f64, p[1] as f64);
            }
            ctx.stroke();
            ctx.set_line_dash(&js_sys::Array::new()).map_err(describe)?;
        }
        DrawOp::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        } => {
            let (x, y, w, h) = (*x as f64, *y as f64, *w as f64, *h as f64);
            if let Some(f) = fill {
                ctx.set_fill_style_str(&f.css());
                ctx.fill_rect(x, y, w, h);
            }
            if let Some(s) = stroke {
                ctx.set_stroke_style_str(&s.css());
                ctx.set_line_width(1.0);
                ctx.stroke_rect(x, y, w, h);
            }
        }
        DrawOp::Circle { x, y, r, fill, stroke } => {
            ctx.begin_path();
            ctx.arc(*x as f64, *y as f64, *r as f64, 0.0, std::f64::consts::TAU)
                .map_err(describe)?;
            fill_and_stroke(ctx, fill, stroke);
        }
        DrawOp::Marker {
            x,
            y,
            r,
            shape,
            fill,
            stroke,
        } => {
            ctx.set_line_dash(&js_sys::Array::new()).map_err(describe)?;
            ctx.begin_path();
            match shape.outline(*x, *y, *r) {
                None => ctx
                    .arc(*x as f64, *y as f64, *r as f64, 0.0, std::f64::consts::TAU)
                    .map_err(describe)?,
                Some(points) => {
                    for (i, p) in points.iter().enumerate() {
                        if i == 0 {
                            ctx.move_to(p[0] as f64, p[1] as f64);
                        } else {
                            ctx.line_to(p[0] as f64, p[1] as f64);
                        }
                    }
                    ctx.close_path();
                }
            }
            fill_and_stroke(ctx, fill, stroke);
        }
        DrawOp::Text {
            x,
            y,
            text,
            size,
            color,
            align,
            baseline,
            rotate,
            weight,
        } => {
            let weight = match weight {
                Weight::Normal => "normal",
                Weight::Bold => "bold",
            };
            ctx.set_font(&format!("{weight} {size}px {FONT_STACK}"));
            ctx.set_text_align(match align {
                Align::Left => "left",
                Align::Center => "center",
                Align::Right => "right",
            });
            ctx.set_text_baseline(match baseline {
                Baseline::Top => "top",
                Baseline::Middle => "middle",
                Baseline::Bottom => "bottom",
            });
            ctx.set_fill_style_str(&color.css());
            if *rotate == 0.0 {
                ctx.fill_text(text, *x as f64, *y as f64).map_err(describe)?;
            } else {
                ctx.save();
                ctx.translate(*x as f64, *y as f64).map_err(describe)?;
                ctx.rotate(*rotate as f64).map_err(describe)?;
                ctx.fill_text(text, 0.0, 0.0).map_err(describe)?;
                ctx.restore();
            }
        }
        DrawOp::ClipRect { x, y, w, h } => {
            ctx.save();
            ctx.begin_path();
            ctx.rect(*x as f64, *y as f64, *w as f64, *h as f64);
            ctx.clip();
        }
        DrawOp::ResetClip => ctx.restore(),
    }
    Ok(())
}

/// Fills then strokes the path just traced (a Circle op or a Marker): the
/// order and the 1.5 px edge the SVG writer gives them too (chart/svg.rs).
fn fill_and_stroke(ctx: &Ctx, fill: &Option<crate::chart::Color>, stroke: &Option<crate::chart::Color>) {
    if let Some(f) = fill {
        ctx.set_fill_style_str(&f.css());
        ctx.fill();
    }
    if let Some(s) = stroke {
        ctx.set_stroke_style_str(&s.css());
        ctx.set_line_width(1.5);
        ctx.stroke();
    }
}

fn describe(e: JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| "the canvas refused a drawing call".to_string())
}
