//! Writes a [`Chart`]'s draw ops as a standalone SVG document, the vector
//! twin of the canvas painter (`src/web/canvas.rs`): one SVG element per op,
//! in op order, in the same CSS-pixel coordinates, so a chart exported for a
//! slide or a paper looks like the one on screen at any size. Knows nothing
//! of what a chart means, nor of the canvas.
//!
//! Why here, in Rust, and not a JS replay of the ops JSON: the ops are Rust
//! types, so a new op fails to compile until this file draws it; the
//! output is checked natively (`cargo test`), and the CLI can use it too.
//!
//! Why plain attributes and an explicit baseline offset: SVG consumers that
//! slides and papers go through (Inkscape, LibreOffice, PowerPoint,
//! Illustrator, LaTeX's svg package via Inkscape) disagree on
//! `dominant-baseline` and on 8-digit hex colours. So every colour is
//! `#rrggbb` plus an `*-opacity` attribute when not opaque, and text sits on
//! its alphabetic baseline, moved from the canvas anchor (top, middle or
//! bottom of the em box) by a fixed share of the font size, as canvas
//! itself places a system font: the em box taken as 0.8 em ascent and
//! 0.2 em descent.

use std::fmt::Write as _;

use super::draw::{Align, Baseline, DrawOp, Weight, FONT_STACK};
use super::theme::Color;
use super::Chart;

/// Share of the font size from the em box's top to the alphabetic baseline.
const ASCENT: f32 = 0.8;
/// Share of the font size from the alphabetic baseline to the em box's bottom.
const DESCENT: f32 = 0.2;

/// The chart as an SVG 1.1 document (UTF-8, with its XML declaration).
///
/// `id_prefix` starts the ids of the clip paths, so several exported
/// charts can be pasted into one HTML page without their ids clashing
/// (only ASCII letters, digits, `-` and `_` are kept; an empty prefix
/// becomes `chart`). Every `ClipRect` becomes a `<clipPath>` and a group
/// that ends at its `ResetClip` (groups left open are closed at the end;
/// a `ResetClip` with no open clip does nothing, as canvas `restore()`).
///
/// ```
/// use rareclass::chart::{roc_chart, svg::chart_svg, Curve, Theme};
/// let curve = Curve::new("Logistic · AUC 0.75", 0, vec![(0.0, 0.0), (0.0, 0.5), (1.0, 1.0)]);
/// let chart = roc_chart(&[curve], None, 480.0, 360.0, &Theme::light());
/// let svg = chart_svg(&chart, "roc");
/// assert!(svg.starts_with("<?xml") && svg.trim_end().ends_with("</svg>"));
/// assert!(svg.contains("Logistic · AUC 0.75"));
/// ```
pub fn chart_svg(chart: &Chart, id_prefix: &str) -> String {
    let prefix: String = id_prefix
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let prefix = if prefix.is_empty() { "chart".to_string() } else { prefix };
    let (w, h) = (num(chart.width), num(chart.height));
    let mut out = String::with_capacity(256 + chart.ops.len() * 96);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"{}\" stroke-linejoin=\"round\" stroke-linecap=\"round\">",
        escape(FONT_STACK)
    );
    let mut clips = 0usize;
    let mut open = 0usize;
    for op in &chart.ops {
        match op {
            DrawOp::Line {
                points,
                color,
                width,
                dash,
            } => {
                // As the painter: a single point (or none) draws nothing.
                if points.len() < 2 {
                    continue;
                }
                out.push_str("<path d=\"");
                for (i, p) in points.iter().enumerate() {
                    let _ = write!(out, "{}{} {}", if i == 0 { "M" } else { " L" }, num(p[0]), num(p[1]));
                }
                let _ = write!(
                    out,
                    "\" fill=\"none\"{} stroke-width=\"{}\"",
                    paint("stroke", color),
                    num(*width)
                );
                if let Some(d) = dash.as_ref().filter(|d| !d.is_empty()) {
                    let pattern: Vec<String> = d.iter().map(|v| num(*v)).collect();
                    let _ = write!(out, " stroke-dasharray=\"{}\"", pattern.join(" "));
                }
                out.push_str("/>\n");
            }
            DrawOp::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                let _ = write!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
                    num(*x),
                    num(*y),
                    num(w.max(0.0)),
                    num(h.max(0.0))
                );
                fill_and_stroke(&mut out, fill, stroke, 1.0);
                out.push_str("/>\n");
            }
            DrawOp::Circle { x, y, r, fill, stroke } => {
                circle(&mut out, *x, *y, *r);
                fill_and_stroke(&mut out, fill, stroke, 1.5);
                out.push_str("/>\n");
            }
            DrawOp::Marker {
                x,
                y,
                r,
                shape,
                fill,
                stroke,
            } => {
                match shape.outline(*x, *y, *r) {
                    None => circle(&mut out, *x, *y, *r),
                    Some(points) => {
                        out.push_str("<path d=\"");
                        for (i, p) in points.iter().enumerate() {
                            let _ = write!(out, "{}{} {}", if i == 0 { "M" } else { " L" }, num(p[0]), num(p[1]));
                        }
                        out.push_str(" Z\"");
                    }
                }
                fill_and_stroke(&mut out, fill, stroke, 1.5);
                out.push_str("/>\n");
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
                let anchor = match align {
                    Align::Left => "start",
                    Align::Center => "middle",
                    Align::Right => "end",
                };
                // From the canvas anchor to the alphabetic baseline, along the text's own y.
                let shift = size
                    * match baseline {
                        Baseline::Top => ASCENT,
                        Baseline::Middle => ASCENT - 0.5,
                        Baseline::Bottom => -DESCENT,
                    };
                let weight = match weight {
                    Weight::Normal => "",
                    Weight::Bold => " font-weight=\"bold\"",
                };
                if *rotate == 0.0 {
                    let _ = write!(out, "<text x=\"{}\" y=\"{}\"", num(*x), num(y + shift));
                } else {
                    let _ = write!(
                        out,
                        "<text transform=\"translate({} {}) rotate({})\" y=\"{}\"",
                        num(*x),
                        num(*y),
                        num(rotate.to_degrees()),
                        num(shift)
                    );
                }
                let _ = writeln!(
                    out,
                    " font-size=\"{}\"{weight} text-anchor=\"{anchor}\"{}>{}</text>",
                    num(*size),
                    paint("fill", color),
                    escape(text)
                );
            }
            DrawOp::ClipRect { x, y, w, h } => {
                clips += 1;
                let _ = writeln!(
                    out,
                    "<clipPath id=\"{prefix}-clip-{clips}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>",
                    num(*x),
                    num(*y),
                    num(w.max(0.0)),
                    num(h.max(0.0))
                );
                let _ = writeln!(out, "<g clip-path=\"url(#{prefix}-clip-{clips})\">");
                open += 1;
            }
            DrawOp::ResetClip => {
                if open > 0 {
                    out.push_str("</g>\n");
                    open -= 1;
                }
            }
        }
    }
    for _ in 0..open {
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

/// Opens a `<circle>` element (its fill, stroke and end are written after):
/// a Circle op and a round Marker are the same shape in SVG.
fn circle(out: &mut String, x: f32, y: f32, r: f32) {
    let _ = write!(
        out,
        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"",
        num(x),
        num(y),
        num(r.max(0.0))
    );
}

/// ` fill="…"` / ` stroke="…" stroke-width="…"`, or `fill="none"` when unfilled.
fn fill_and_stroke(out: &mut String, fill: &Option<Color>, stroke: &Option<Color>, stroke_width: f32) {
    match fill {
        Some(f) => out.push_str(&paint("fill", f)),
        None => out.push_str(" fill=\"none\""),
    }
    if let Some(s) = stroke {
        let _ = write!(out, "{} stroke-width=\"{}\"", paint("stroke", s), num(stroke_width));
    }
}

/// ` fill="#rrggbb"` (or stroke), with ` fill-opacity="…"` when not opaque.
fn paint(attr: &str, c: &Color) -> String {
    let rgb = format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b);
    if c.a == 255 {
        format!(" {attr}=\"{rgb}\"")
    } else {
        format!(
            " {attr}=\"{rgb}\" {attr}-opacity=\"{}\"",
            num_places(c.a as f32 / 255.0, 3)
        )
    }
}

/// A coordinate with at most two decimals (1/100 CSS px is below any
/// screen's or printer's resolution), trailing zeros cut; never `NaN`
/// (the ops are finite, [`DrawOp::is_finite`]; a stray one writes `0`).
fn num(v: f32) -> String {
    num_places(v, 2)
}

fn num_places(v: f32, places: usize) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    let s = format!("{:.*}", places, v);
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// Text for XML character data and attribute values: `& < > " '` escaped,
/// and the control characters XML 1.0 forbids dropped (a label comes from
/// the user's column names).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::draw::PxRect;

    fn chart(ops: Vec<DrawOp>) -> Chart {
        Chart {
            width: 200.0,
            height: 100.0,
            plot: PxRect::default(),
            x: None,
            y: None,
            ops,
            hits: Vec::new(),
            data: Vec::new(),
            legend: None,
        }
    }

    fn text_op(text: &str, baseline: Baseline, rotate: f32) -> DrawOp {
        DrawOp::Text {
            x: 50.0,
            y: 20.0,
            text: text.into(),
            size: 10.0,
            color: Color::hex(0x1F2328),
            align: Align::Right,
            baseline,
            rotate,
            weight: Weight::Bold,
        }
    }

    #[test]
    fn a_dashed_translucent_line_keeps_its_points_dash_and_opacity() {
        let svg = chart_svg(
            &chart(vec![DrawOp::Line {
                points: vec![[0.0, 1.25], [10.5, 20.0], [30.004, 40.0]],
                color: Color::hex(0x0072B2).with_alpha(0.5),
                width: 2.0,
                dash: Some(vec![6.0, 4.0]),
            }]),
            "t",
        );
        assert!(svg.contains("<path d=\"M0 1.25 L10.5 20 L30 40\""), "{svg}");
        // 0.5 × 255 = 127.5 rounds to 128; 128 / 255 = 0.50196…
        assert!(svg.contains("stroke=\"#0072b2\" stroke-opacity=\"0.502\""), "{svg}");
        assert!(svg.contains("stroke-dasharray=\"6 4\""), "{svg}");
        assert!(svg.contains("stroke-width=\"2\""), "{svg}");
    }

    #[test]
    fn a_line_of_one_point_draws_nothing_as_on_canvas() {
        let svg = chart_svg(
            &chart(vec![DrawOp::Line {
                points: vec![[1.0, 1.0]],
                color: Color::hex(0),
                width: 1.0,
                dash: None,
            }]),
            "t",
        );
        assert!(!svg.contains("<path"), "{svg}");
    }

    #[test]
    fn text_is_escaped_and_sits_on_its_baseline() {
        let svg = chart_svg(&chart(vec![text_op("a<b & \"c\"\u{1}", Baseline::Top, 0.0)]), "t");
        // Top of the em box at y = 20, size 10: baseline at 20 + 0.8 × 10 = 28.
        assert!(
            svg.contains("<text x=\"50\" y=\"28\" font-size=\"10\" font-weight=\"bold\" text-anchor=\"end\""),
            "{svg}"
        );
        assert!(svg.contains(">a&lt;b &amp; &quot;c&quot;</text>"), "{svg}");
        let middle = chart_svg(&chart(vec![text_op("m", Baseline::Middle, 0.0)]), "t");
        assert!(middle.contains("y=\"23\""), "20 + (0.8 − 0.5) × 10 = 23: {middle}");
        let bottom = chart_svg(&chart(vec![text_op("b", Baseline::Bottom, 0.0)]), "t");
        assert!(bottom.contains("y=\"18\""), "20 − 0.2 × 10 = 18: {bottom}");
    }

    #[test]
    fn rotated_text_turns_about_its_anchor() {
        let svg = chart_svg(
            &chart(vec![text_op("Recall", Baseline::Top, -std::f32::consts::FRAC_PI_2)]),
            "t",
        );
        assert!(
            svg.contains("transform=\"translate(50 20) rotate(-90)\" y=\"8\""),
            "{svg}"
        );
    }

    #[test]
    fn clips_nest_close_and_get_prefixed_ids() {
        let clip = DrawOp::ClipRect {
            x: 1.0,
            y: 2.0,
            w: 3.0,
            h: 4.0,
        };
        let svg = chart_svg(&chart(vec![clip.clone(), clip, DrawOp::ResetClip]), "roc <1>");
        assert!(
            svg.contains("<clipPath id=\"roc1-clip-1\"><rect x=\"1\" y=\"2\" width=\"3\" height=\"4\"/>"),
            "{svg}"
        );
        assert!(svg.contains("clip-path=\"url(#roc1-clip-2)\""), "{svg}");
        assert_eq!(svg.matches("<g ").count(), 2);
        assert_eq!(svg.matches("</g>").count(), 2, "the one left open is closed: {svg}");
        let stray = chart_svg(&chart(vec![DrawOp::ResetClip]), "");
        assert!(!stray.contains("</g>"), "{stray}");
    }

    #[test]
    fn rects_and_circles_fill_then_stroke_like_the_painter() {
        let svg = chart_svg(
            &chart(vec![
                DrawOp::Rect {
                    x: 0.0,
                    y: 0.0,
                    w: 200.0,
                    h: 100.0,
                    fill: Some(Color::hex(0xFFFFFF)),
                    stroke: None,
                },
                DrawOp::Circle {
                    x: 5.0,
                    y: 6.0,
                    r: 4.5,
                    fill: Some(Color::hex(0xD55E00)),
                    stroke: Some(Color::hex(0xFFFFFF)),
                },
                DrawOp::Rect {
                    x: 1.0,
                    y: 1.0,
                    w: 2.0,
                    h: 2.0,
                    fill: None,
                    stroke: Some(Color::hex(0)),
                },
            ]),
            "t",
        );
        assert!(
            svg.contains("<rect x=\"0\" y=\"0\" width=\"200\" height=\"100\" fill=\"#ffffff\"/>"),
            "{svg}"
        );
        assert!(
            svg.contains(
                "<circle cx=\"5\" cy=\"6\" r=\"4.5\" fill=\"#d55e00\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>"
            ),
            "{svg}"
        );
        assert!(
            svg.contains("fill=\"none\" stroke=\"#000000\" stroke-width=\"1\"/>"),
            "{svg}"
        );
        assert!(
            svg.contains("width=\"200\" height=\"100\" viewBox=\"0 0 200 100\""),
            "{svg}"
        );
    }

    #[test]
    fn numbers_never_print_nan_or_minus_zero() {
        assert_eq!(num(f32::NAN), "0");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(0.126), "0.13");
    }
}
