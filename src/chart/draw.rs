//! The draw-op vocabulary a chart is made of, shaped after the canvas 2D API
//! so a painter replays it one call per op, plus small pixel helpers (text
//! width estimate, crisp-line snapping). Knows nothing of what a chart
//! means, and nothing of the canvas itself.
//!
//! Coordinates are CSS pixels with the origin top-left and y growing down;
//! the painter multiplies by `devicePixelRatio` once (`ctx.scale(dpr, dpr)`
//! on a backing store of `width·dpr × height·dpr`).

use serde::{Deserialize, Serialize};

use super::theme::Color;

/// The font stack the painter should use for every [`DrawOp::Text`]:
/// `"{weight} {size}px {FONT_STACK}"`. System UI fonts draw digits with
/// tabular (equal) widths, so numbers in a column line up.
pub const FONT_STACK: &str = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif";

/// Horizontal text anchor, as canvas `textAlign`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// `x` is the left edge.
    Left,
    /// `x` is the centre.
    Center,
    /// `x` is the right edge.
    Right,
}

/// Vertical text anchor, as canvas `textBaseline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Baseline {
    /// `y` is the top of the em box.
    Top,
    /// `y` is the middle of the em box.
    Middle,
    /// `y` is the bottom of the em box.
    Bottom,
}

/// Font weight, as the first word of canvas `font`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weight {
    /// `normal` (400).
    Normal,
    /// `bold` (700).
    Bold,
}

/// Bold text is about 10–12 % wider than the [`text_width`] estimate, which
/// is for regular weight (measured in Chromium on the page's sans-serif:
/// "Permutation importance · #1 logistic (C=1)" at 14 px, 341 px bold
/// against an estimate of 308): bold widths are the estimate × this.
pub const BOLD_WIDTH: f32 = 1.15;

impl Weight {
    /// What [`text_width`]'s regular-weight estimate is multiplied by.
    pub fn width_factor(self) -> f32 {
        match self {
            Weight::Normal => 1.0,
            Weight::Bold => BOLD_WIDTH,
        }
    }
}

/// One drawing instruction. Serialised with an `"op"` tag, snake case:
/// `{"op":"line","points":[[x,y],…],"color":"#0072b2","width":2,"dash":null}`.
///
/// Every coordinate is finite; charts never emit NaN or infinity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum DrawOp {
    /// An open polyline: `beginPath; moveTo(p0); lineTo(p1..); stroke`.
    /// Round joins and caps. A single point draws nothing.
    Line {
        /// Vertices in CSS px.
        points: Vec<[f32; 2]>,
        /// Stroke colour.
        color: Color,
        /// Stroke width in CSS px.
        width: f32,
        /// `setLineDash` pattern in CSS px; `None` for solid.
        dash: Option<Vec<f32>>,
    },
    /// An axis-aligned rectangle: `fillRect` then `strokeRect` (1 px).
    Rect {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width (≥ 0).
        w: f32,
        /// Height (≥ 0).
        h: f32,
        /// Fill colour, if filled.
        fill: Option<Color>,
        /// Stroke colour (1 CSS px), if outlined.
        stroke: Option<Color>,
    },
    /// A circle: `arc(x, y, r, 0, 2π)`, filled then stroked (1.5 px).
    Circle {
        /// Centre x.
        x: f32,
        /// Centre y.
        y: f32,
        /// Radius (> 0).
        r: f32,
        /// Fill colour, if filled.
        fill: Option<Color>,
        /// Stroke colour (1.5 CSS px), if outlined.
        stroke: Option<Color>,
    },
    /// A single line of text: `font = "{weight} {size}px {FONT_STACK}"`,
    /// `textAlign = align`, `textBaseline = baseline`; when `rotate ≠ 0`,
    /// `translate(x, y); rotate(rotate); fillText(text, 0, 0)`.
    Text {
        /// Anchor x.
        x: f32,
        /// Anchor y.
        y: f32,
        /// The text (one line, already formatted).
        text: String,
        /// Font size in CSS px.
        size: f32,
        /// Fill colour.
        color: Color,
        /// Horizontal anchor.
        align: Align,
        /// Vertical anchor.
        baseline: Baseline,
        /// Rotation about the anchor in radians, clockwise (canvas sense);
        /// `-π/2` reads bottom-to-top, as a y-axis label.
        rotate: f32,
        /// Font weight.
        weight: Weight,
    },
    /// `save(); beginPath(); rect(x, y, w, h); clip()` — later ops are
    /// clipped to the rectangle until the matching [`DrawOp::ResetClip`].
    ClipRect {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
    },
    /// `restore()` — ends the innermost [`DrawOp::ClipRect`].
    ResetClip,
    /// A point marker of `shape` centred on `(x, y)`: a circle as
    /// [`DrawOp::Circle`]; any other shape the closed polygon
    /// [`Shape::outline`] gives (`moveTo`, `lineTo`…, `closePath`), filled
    /// then stroked (1.5 px). Series markers: they tell curves apart
    /// where colour cannot (colour-blind readers, greyscale print).
    Marker {
        /// Centre x.
        x: f32,
        /// Centre y.
        y: f32,
        /// Size: the radius of a circle of about the same visual weight.
        r: f32,
        /// The shape.
        shape: Shape,
        /// Fill colour, if filled.
        fill: Option<Color>,
        /// Stroke colour (1.5 CSS px), if outlined.
        stroke: Option<Color>,
    },
}

/// The shape of a series marker ([`DrawOp::Marker`]). Eight shapes that
/// stay distinct at 8 px in greyscale: filled outlines differ (round,
/// square, pointing up or down, diagonal, with arms), not only in size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// ●
    Circle,
    /// ■
    Square,
    /// ▲
    TriangleUp,
    /// ◆
    Diamond,
    /// ▼
    TriangleDown,
    /// ✖ (a plus turned 45°)
    Cross,
    /// ✚
    Plus,
    /// ★ (five points)
    Star,
}

impl Shape {
    /// Every shape, in the order series are given them.
    pub const ALL: [Shape; 8] = [
        Shape::Circle,
        Shape::Square,
        Shape::TriangleUp,
        Shape::Diamond,
        Shape::TriangleDown,
        Shape::Cross,
        Shape::Plus,
        Shape::Star,
    ];

    /// The closed polygon of the shape centred on `(x, y)` at size `r`,
    /// vertices in drawing order (the painter closes it); `None` for
    /// [`Shape::Circle`], drawn as an arc of radius `r`. Each polygon is
    /// scaled to about the area of that circle (a square of side 1.7 r, a
    /// triangle of circumradius 1.35 r…), so no shape looks heavier.
    pub fn outline(self, x: f32, y: f32, r: f32) -> Option<Vec<[f32; 2]>> {
        use std::f32::consts::{FRAC_PI_2, FRAC_PI_4, PI};
        let polar = |radius: f32, angle: f32| [x + radius * angle.cos(), y + radius * angle.sin()];
        // Angles in canvas sense (y down): −π/2 points up.
        let ring = |n: usize, radius: f32, start: f32| -> Vec<[f32; 2]> {
            (0..n)
                .map(|k| polar(radius, start + k as f32 * 2.0 * PI / n as f32))
                .collect()
        };
        let arms = |turn: f32| -> Vec<[f32; 2]> {
            // A plus of half-length 1.3 r and half-width 0.42 r, turned by `turn`.
            let (l, w) = (1.3 * r, 0.42 * r);
            let local = [
                [w, -l],
                [w, -w],
                [l, -w],
                [l, w],
                [w, w],
                [w, l],
                [-w, l],
                [-w, w],
                [-l, w],
                [-l, -w],
                [-w, -w],
                [-w, -l],
            ];
            let (s, c) = turn.sin_cos();
            local
                .iter()
                .map(|p| [x + p[0] * c - p[1] * s, y + p[0] * s + p[1] * c])
                .collect()
        };
        Some(match self {
            Shape::Circle => return None,
            Shape::Square => {
                let h = 0.85 * r;
                vec![[x - h, y - h], [x + h, y - h], [x + h, y + h], [x - h, y + h]]
            }
            Shape::TriangleUp => ring(3, 1.35 * r, -FRAC_PI_2),
            Shape::TriangleDown => ring(3, 1.35 * r, FRAC_PI_2),
            Shape::Diamond => ring(4, 1.2 * r, -FRAC_PI_2),
            Shape::Plus => arms(0.0),
            Shape::Cross => arms(FRAC_PI_4),
            Shape::Star => (0..10)
                .map(|k| {
                    let radius = if k % 2 == 0 { 1.45 * r } else { 0.6 * r };
                    polar(radius, -FRAC_PI_2 + k as f32 * PI / 5.0)
                })
                .collect(),
        })
    }
}

impl DrawOp {
    /// Every number in the op (coordinates, sizes, dash lengths) is finite.
    pub fn is_finite(&self) -> bool {
        match self {
            DrawOp::Line {
                points, width, dash, ..
            } => {
                width.is_finite()
                    && points.iter().all(|p| p[0].is_finite() && p[1].is_finite())
                    && dash.iter().flatten().all(|d| d.is_finite())
            }
            DrawOp::Rect { x, y, w, h, .. } | DrawOp::ClipRect { x, y, w, h } => {
                [x, y, w, h].iter().all(|v| v.is_finite())
            }
            DrawOp::Circle { x, y, r, .. } | DrawOp::Marker { x, y, r, .. } => [x, y, r].iter().all(|v| v.is_finite()),
            DrawOp::Text { x, y, size, rotate, .. } => [x, y, size, rotate].iter().all(|v| v.is_finite()),
            DrawOp::ResetClip => true,
        }
    }

    /// The op's extent in CSS px as `[x0, y0, x1, y1]` (lines by their
    /// vertices, not their stroke width; text by the
    /// [`text_width`] estimate, rotation of ±π/2 honoured), or `None` for
    /// clip ops and empty lines.
    pub fn bounds(&self) -> Option<[f32; 4]> {
        match self {
            DrawOp::Line { points, .. } => {
                let mut it = points.iter();
                let first = it.next()?;
                let mut b = [first[0], first[1], first[0], first[1]];
                for p in it {
                    b = [b[0].min(p[0]), b[1].min(p[1]), b[2].max(p[0]), b[3].max(p[1])];
                }
                Some(b)
            }
            DrawOp::Rect { x, y, w, h, .. } => Some([*x, *y, x + w, y + h]),
            DrawOp::Circle { x, y, r, .. } => Some([x - r, y - r, x + r, y + r]),
            DrawOp::Marker { x, y, r, shape, .. } => match shape.outline(*x, *y, *r) {
                None => Some([x - r, y - r, x + r, y + r]),
                Some(points) => Some(points.iter().fold([*x, *y, *x, *y], |b, p| {
                    [b[0].min(p[0]), b[1].min(p[1]), b[2].max(p[0]), b[3].max(p[1])]
                })),
            },
            DrawOp::Text {
                x,
                y,
                text,
                size,
                align,
                baseline,
                rotate,
                weight,
                ..
            } => {
                let w = text_width(text, *size) * weight.width_factor();
                let h = *size;
                let (a0, a1) = match align {
                    Align::Left => (0.0, w),
                    Align::Center => (-w / 2.0, w / 2.0),
                    Align::Right => (-w, 0.0),
                };
                let (b0, b1) = match baseline {
                    Baseline::Top => (0.0, h),
                    Baseline::Middle => (-h / 2.0, h / 2.0),
                    Baseline::Bottom => (-h, 0.0),
                };
                if rotate.abs() < 1e-3 {
                    Some([x + a0, y + b0, x + a1, y + b1])
                } else {
                    // Quarter turn: text runs along y. For −π/2 the text's +x
                    // goes to screen −y and its +y to screen +x.
                    let s = if *rotate < 0.0 { -1.0 } else { 1.0 };
                    let (ya, yb) = (y + s * a0, y + s * a1);
                    let (xa, xb) = (x - s * b0, x - s * b1);
                    Some([xa.min(xb), ya.min(yb), xa.max(xb), ya.max(yb)])
                }
            }
            DrawOp::ClipRect { .. } | DrawOp::ResetClip => None,
        }
    }
}

/// A rectangle in CSS px.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct PxRect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width (≥ 0).
    pub w: f32,
    /// Height (≥ 0).
    pub h: f32,
}

impl PxRect {
    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
    /// Whether the point lies inside or on the edge.
    pub fn contains(&self, p: [f32; 2]) -> bool {
        p[0] >= self.x && p[0] <= self.right() && p[1] >= self.y && p[1] <= self.bottom()
    }
    /// Whether two rectangles share any interior area.
    pub fn intersects(&self, o: &PxRect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
}

/// Whether `c` is drawn full width (one em) in East Asian text: the CJK,
/// kana, hangul and full-width-form blocks (Unicode's East Asian Width W/F
/// ranges that Chinese text uses).
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F // hangul jamo
        | 0x2E80..=0x303E // CJK radicals, symbols and punctuation (、。「」)
        | 0x3041..=0x33FF // kana, CJK compatibility
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7A3 // hangul syllables
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFE30..=0xFE4F // CJK compatibility forms
        | 0xFF00..=0xFF60 // full-width forms (（）：，)
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// An estimate of the rendered width of `text` at `size` px in a system UI
/// font, erring wide: 0.64 em per digit (DejaVu Sans, the widest common
/// fallback, draws 0.636 em digits), 0.56 em per other lower-case letter,
/// 0.3 em for narrow marks (`.,:;'|il!j` and space), 0.72 em for capitals,
/// 0.85 em for `mwMW%—…`, and a full 1 em for East Asian wide characters
/// (CJK ideographs, kana, hangul, and the full-width punctuation `（），：`
/// of Chinese text), which every CJK font draws on a square.
///
/// Layout needs widths without a canvas to measure them; a slight over-
/// estimate only costs a few pixels of margin.
pub fn text_width(text: &str, size: f32) -> f32 {
    let em: f32 = text
        .chars()
        .map(|c| match c {
            c if is_wide(c) => 1.0,
            '.' | ',' | ':' | ';' | '\'' | '|' | 'i' | 'l' | '!' | ' ' | 'j' | 'I' => 0.3,
            'm' | 'w' | 'M' | 'W' | '%' | '—' | '…' => 0.85,
            c if c.is_ascii_uppercase() => 0.72,
            c if c.is_ascii_digit() => 0.64,
            _ => 0.56,
        })
        .sum();
    em * size
}

/// Cuts `text` to fit `max_width` px at `size`, ending it with `…` when cut.
pub fn fit_text(text: &str, size: f32, max_width: f32) -> String {
    if text_width(text, size) <= max_width {
        return text.to_string();
    }
    let mut out: String = String::new();
    for c in text.chars() {
        let mut trial = out.clone();
        trial.push(c);
        trial.push('…');
        if text_width(&trial, size) > max_width {
            break;
        }
        out.push(c);
    }
    if out.is_empty() {
        String::new()
    } else {
        out.push('…');
        out
    }
}

/// Snaps a coordinate so a horizontal or vertical line of `width` CSS px
/// covers whole device pixels at 1× and 2×: odd widths sit on a half pixel,
/// even widths on a whole pixel.
pub fn crisp(v: f32, width: f32) -> f32 {
    let w = width.round() as i64;
    if w % 2 == 1 {
        v.floor() + 0.5
    } else {
        v.round()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crisp_puts_one_px_lines_on_half_pixels() {
        assert_eq!(crisp(10.2, 1.0), 10.5);
        assert_eq!(crisp(10.9, 1.0), 10.5);
        assert_eq!(crisp(10.6, 2.0), 11.0);
    }

    #[test]
    fn chinese_is_measured_full_width() {
        // 4 ideographs + a full-width parenthesis pair = 6 em; "ROC " = 3 × 0.72 + 0.3.
        assert!((text_width("假正率（）", 10.0) - 50.0).abs() < 1e-4);
        assert!((text_width("ROC 曲线", 10.0) - (21.6 + 3.0 + 20.0)).abs() < 1e-4);
        // Wider than the same number of Latin letters: a cut keeps fewer.
        assert!(text_width("精确率召回率", 12.0) > text_width("precis", 12.0) * 1.5);
        assert_eq!(fit_text("精确率–召回率曲线", 10.0, 40.0), "精确率…");
    }

    #[test]
    fn fit_text_cuts_with_ellipsis() {
        let s = fit_text("a very long legend label indeed", 12.0, 60.0);
        assert!(s.ends_with('…'), "{s}");
        assert!(text_width(&s, 12.0) <= 60.0);
        assert_eq!(fit_text("ok", 12.0, 60.0), "ok");
        assert_eq!(fit_text("ok", 12.0, 1.0), "");
    }

    #[test]
    fn marker_outlines_are_centred_and_about_a_circle_in_size() {
        for shape in Shape::ALL {
            let op = DrawOp::Marker {
                x: 50.0,
                y: 40.0,
                r: 4.0,
                shape,
                fill: None,
                stroke: None,
            };
            let b = op.bounds().unwrap();
            // Within 1.5 r of the centre each way, and at least 0.8 r wide and tall.
            assert!(
                b[0] >= 44.0 && b[2] <= 56.0 && b[1] >= 34.0 && b[3] <= 46.0,
                "{shape:?} {b:?}"
            );
            assert!(b[2] - b[0] >= 6.4 && b[3] - b[1] >= 6.4, "{shape:?} {b:?}");
            if let Some(p) = shape.outline(50.0, 40.0, 4.0) {
                assert!(p.len() >= 3, "{shape:?}");
            }
        }
        // The triangles point opposite ways: ▲'s first vertex is above the centre, ▼'s below.
        assert!(Shape::TriangleUp.outline(0.0, 0.0, 4.0).unwrap()[0][1] < 0.0);
        assert!(Shape::TriangleDown.outline(0.0, 0.0, 4.0).unwrap()[0][1] > 0.0);
    }

    #[test]
    fn rotated_text_bounds_run_vertically() {
        let t = DrawOp::Text {
            x: 10.0,
            y: 100.0,
            text: "aaaaaaaaaa".into(), // 10 × 0.56 × 10 px = 56 px wide
            size: 10.0,
            color: Color::hex(0),
            align: Align::Center,
            baseline: Baseline::Top,
            rotate: -std::f32::consts::FRAC_PI_2,
            weight: Weight::Normal,
        };
        let b = t.bounds().unwrap();
        assert!((b[1] - 72.0).abs() < 1e-4 && (b[3] - 128.0).abs() < 1e-4, "{b:?}");
        assert!((b[0] - 10.0).abs() < 1e-4 && (b[2] - 20.0).abs() < 1e-4, "{b:?}");
    }
}
