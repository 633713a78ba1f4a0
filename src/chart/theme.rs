//! Colours and the two chart themes (light, dark): the Okabe–Ito palette for
//! models, one fixed colour for each class, and the neutral ink for text,
//! axes and grid; and which language the words are in (the words
//! themselves: `words.rs`). Knows nothing of charts or of the canvas.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::words::Lang;

/// An sRGB colour with straight (not premultiplied) alpha.
///
/// Serialised as a CSS hex string: `"#rrggbb"` when opaque, `"#rrggbbaa"`
/// otherwise, so a painter can hand it to `fillStyle` unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color {
    /// Red, 0–255.
    pub r: u8,
    /// Green, 0–255.
    pub g: u8,
    /// Blue, 0–255.
    pub b: u8,
    /// Alpha, 0 (transparent) – 255 (opaque).
    pub a: u8,
}

impl Color {
    /// An opaque colour from `0xRRGGBB`.
    pub const fn hex(rgb: u32) -> Color {
        Color {
            r: (rgb >> 16) as u8,
            g: (rgb >> 8) as u8,
            b: rgb as u8,
            a: 255,
        }
    }

    /// The same colour with alpha `alpha ∈ [0, 1]` (clamped; NaN → opaque).
    pub fn with_alpha(self, alpha: f32) -> Color {
        let a = if alpha.is_nan() { 1.0 } else { alpha.clamp(0.0, 1.0) };
        Color {
            a: (a * 255.0).round() as u8,
            ..self
        }
    }

    /// The CSS form used in JSON: `#rrggbb` or `#rrggbbaa`.
    pub fn css(&self) -> String {
        if self.a == 255 {
            format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
        } else {
            format!("#{:02x}{:02x}{:02x}{:02x}", self.r, self.g, self.b, self.a)
        }
    }

    /// Parses `#rrggbb` or `#rrggbbaa` (case-insensitive).
    pub fn parse(s: &str) -> Option<Color> {
        let h = s.strip_prefix('#')?;
        if !(h.len() == 6 || h.len() == 8) || !h.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
        Some(Color {
            r: byte(0)?,
            g: byte(2)?,
            b: byte(4)?,
            a: if h.len() == 8 { byte(6)? } else { 255 },
        })
    }

    /// Linear interpolation in sRGB between `self` (t = 0) and `other`
    /// (t = 1); `t` is clamped to `[0, 1]`, NaN counts as 0.
    pub fn mix(self, other: Color, t: f64) -> Color {
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        let m = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
        Color {
            r: m(self.r, other.r),
            g: m(self.g, other.g),
            b: m(self.b, other.b),
            a: m(self.a, other.a),
        }
    }

    /// WCAG relative luminance of the opaque colour, in `[0, 1]`.
    pub fn luminance(&self) -> f64 {
        let lin = |c: u8| {
            let c = c as f64 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }

    /// WCAG contrast ratio between two opaque colours, in `[1, 21]`.
    pub fn contrast(&self, other: &Color) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }
}

impl Serialize for Color {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.css())
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Color, D::Error> {
        let s = String::deserialize(d)?;
        Color::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "colour {s:?} is not a CSS hex colour; expected \"#rrggbb\" or \"#rrggbbaa\""
            ))
        })
    }
}

/// The eight Okabe–Ito colours (Okabe & Ito 2008, "Color Universal Design").
pub mod okabe_ito {
    use super::Color;
    /// `#000000`
    pub const BLACK: Color = Color::hex(0x000000);
    /// `#E69F00`
    pub const ORANGE: Color = Color::hex(0xE69F00);
    /// `#56B4E9`
    pub const SKY_BLUE: Color = Color::hex(0x56B4E9);
    /// `#009E73`
    pub const BLUISH_GREEN: Color = Color::hex(0x009E73);
    /// `#F0E442`
    pub const YELLOW: Color = Color::hex(0xF0E442);
    /// `#0072B2`
    pub const BLUE: Color = Color::hex(0x0072B2);
    /// `#D55E00`
    pub const VERMILLION: Color = Color::hex(0xD55E00);
    /// `#CC79A7`
    pub const REDDISH_PURPLE: Color = Color::hex(0xCC79A7);
}

/// Every colour a chart uses, resolved before drawing so that the painter
/// only ever sees RGBA values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    /// Canvas background (charts paint it first).
    pub background: Color,
    /// Titles, tick labels, axis labels.
    pub text: Color,
    /// Secondary text (units, notes, "no data").
    pub muted: Color,
    /// Axis lines and tick marks.
    pub axis: Color,
    /// Grid lines behind the data.
    pub grid: Color,
    /// Reference lines: the chance diagonal, the positive-rate baseline.
    pub reference: Color,
    /// The current-threshold line and its label.
    pub threshold: Color,
    /// Colours for models: model `i` always gets `palette[i % len]`.
    pub palette: Vec<Color>,
    /// The positive (minority) class, the same in every chart.
    pub positive: Color,
    /// The negative (majority) class, the same in every chart.
    pub negative: Color,
    /// Heat-map ramp end for a row share of 100 % (0 % is `background`).
    pub heat: Color,
    /// Legend box fill (partly transparent background).
    pub legend_fill: Color,
    /// The language of the chart's words (`words.rs`): English unless a
    /// request asks for another.
    #[serde(default)]
    pub lang: Lang,
}

impl Theme {
    /// The light theme (for `prefers-color-scheme: light`).
    ///
    /// Model palette order: blue, orange, bluish green, reddish purple, sky
    /// blue, vermillion, black, yellow (last: it nearly vanishes on white);
    /// vermillion is also the positive class and sky blue the negative
    /// class, so a comparison of up to four models never reuses a class
    /// colour. The first seven slots contrast at least 2:1 with the
    /// background.
    pub fn light() -> Theme {
        use okabe_ito::*;
        Theme {
            background: Color::hex(0xFFFFFF),
            text: Color::hex(0x1F2328),
            muted: Color::hex(0x59636E),
            axis: Color::hex(0x59636E),
            grid: Color::hex(0xE6E8EB),
            reference: Color::hex(0x8C959F),
            threshold: Color::hex(0x1F2328),
            palette: vec![
                BLUE,
                ORANGE,
                BLUISH_GREEN,
                REDDISH_PURPLE,
                SKY_BLUE,
                VERMILLION,
                BLACK,
                YELLOW,
            ],
            positive: VERMILLION,
            negative: SKY_BLUE,
            heat: BLUE,
            legend_fill: Color::hex(0xFFFFFF).with_alpha(0.9),
            lang: Lang::En,
        }
    }

    /// The dark theme (for `prefers-color-scheme: dark`): the same hues in
    /// the same slots, light ink on a dark ground; slot 6 is white instead
    /// of black.
    pub fn dark() -> Theme {
        use okabe_ito::*;
        Theme {
            background: Color::hex(0x161B22),
            text: Color::hex(0xE6EDF3),
            muted: Color::hex(0x9198A1),
            axis: Color::hex(0x9198A1),
            grid: Color::hex(0x2D333B),
            reference: Color::hex(0x6E7681),
            threshold: Color::hex(0xE6EDF3),
            palette: vec![
                BLUE,
                ORANGE,
                BLUISH_GREEN,
                REDDISH_PURPLE,
                SKY_BLUE,
                VERMILLION,
                Color::hex(0xFFFFFF),
                YELLOW,
            ],
            positive: VERMILLION,
            negative: SKY_BLUE,
            heat: SKY_BLUE,
            legend_fill: Color::hex(0x161B22).with_alpha(0.9),
            lang: Lang::En,
        }
    }

    /// The colour of model slot `slot` (wraps around the palette).
    pub fn model(&self, slot: usize) -> Color {
        if self.palette.is_empty() {
            self.text
        } else {
            self.palette[slot % self.palette.len()]
        }
    }

    /// Black or white ink, whichever contrasts more with `fill` (opaque).
    pub fn ink_on(&self, fill: Color) -> Color {
        let black = Color::hex(0x000000);
        let white = Color::hex(0xFFFFFF);
        if fill.contrast(&black) >= fill.contrast(&white) {
            black
        } else {
            white
        }
    }
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::light()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_round_trip() {
        let c = Color::hex(0x0072B2);
        assert_eq!(c.css(), "#0072b2");
        assert_eq!(Color::parse("#0072B2"), Some(c));
        let t = c.with_alpha(0.5);
        assert_eq!(t.css(), "#0072b280");
        assert_eq!(Color::parse(&t.css()), Some(t));
        assert_eq!(Color::parse("0072b2"), None);
        assert_eq!(Color::parse("#12345"), None);
        assert_eq!(Color::parse("#éé1234"), None);
    }

    #[test]
    fn contrast_of_black_on_white_is_21() {
        let r = Color::hex(0).contrast(&Color::hex(0xFFFFFF));
        assert!((r - 21.0).abs() < 1e-9);
    }

    #[test]
    fn first_seven_model_colours_stand_out_from_the_background() {
        for t in [Theme::light(), Theme::dark()] {
            for slot in 0..7 {
                let c = t.model(slot);
                assert!(c.contrast(&t.background) >= 2.0, "slot {slot} {c:?}");
            }
            assert_eq!(t.model(8), t.model(0));
            assert_eq!(t.model(0), okabe_ito::BLUE);
        }
    }

    #[test]
    fn ink_is_white_on_blue_black_on_yellow() {
        let t = Theme::light();
        assert_eq!(t.ink_on(okabe_ito::BLUE), Color::hex(0xFFFFFF));
        assert_eq!(t.ink_on(okabe_ito::YELLOW), Color::hex(0x000000));
    }
}
