//! Scales: a data domain mapped onto a pixel range (linear or log10), the
//! inverse for hover read-outs, and the ticks that suit each kind. Knows
//! nothing of what the data are or of drawing.

use serde::{Deserialize, Serialize};

use super::ticks::{linear_ticks, log_ticks, Tick};

/// How a scale maps data to pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScaleKind {
    /// `px = r0 + (v − d0) / (d1 − d0) · (r1 − r0)`.
    Linear,
    /// The same on `log10 v`; values ≤ 0 map to the low end of the range.
    Log10,
}

/// A map from a data domain `[d0, d1]` to a pixel range `[r0, r1]`.
///
/// The range may run backwards (y axes: `r0` is the bottom pixel). The
/// constructors repair domains a chart cannot draw, so `map` never divides
/// by zero: an empty domain `[v, v]` widens to `[v − 1, v + 1]` when
/// `v = 0`, else to `v·(1 ∓ 10 %)` (log: one decade each side); a domain
/// that is not finite becomes `[0, 1]` (log: `[1, 10]`); a log domain with
/// `d0 ≤ 0` starts three decades under `d1` (or at 1e-3 when `d1 ≤ 0`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scale {
    /// Linear or log10.
    pub kind: ScaleKind,
    /// Domain start (data units).
    pub d0: f64,
    /// Domain end (data units).
    pub d1: f64,
    /// Pixel of `d0`.
    pub r0: f64,
    /// Pixel of `d1`.
    pub r1: f64,
}

impl Scale {
    /// A linear scale; see the type docs for repaired domains.
    pub fn linear(domain: (f64, f64), range: (f64, f64)) -> Scale {
        let (mut d0, mut d1) = domain;
        if !(d0.is_finite() && d1.is_finite()) {
            (d0, d1) = (0.0, 1.0);
        }
        if d0 == d1 {
            if d0 == 0.0 {
                (d0, d1) = (-1.0, 1.0);
            } else {
                let a = d0.abs() * 0.1;
                (d0, d1) = (d0 - a, d0 + a);
            }
        }
        Scale {
            kind: ScaleKind::Linear,
            d0,
            d1,
            r0: finite_or(range.0, 0.0),
            r1: finite_or(range.1, 1.0),
        }
    }

    /// A log10 scale; see the type docs for repaired domains.
    pub fn log10(domain: (f64, f64), range: (f64, f64)) -> Scale {
        let (mut d0, mut d1) = domain;
        if d0.is_nan() || d1.is_nan() || d0.is_infinite() || d1.is_infinite() {
            (d0, d1) = (1.0, 10.0);
        }
        let (lo, hi) = (d0.min(d1), d0.max(d1));
        let (lo, hi) = if hi <= 0.0 {
            (1e-3, 1.0)
        } else if lo <= 0.0 {
            (hi / 1e3, hi)
        } else {
            (lo, hi)
        };
        let (lo, hi) = if lo == hi { (lo / 10.0, hi * 10.0) } else { (lo, hi) };
        let (d0, d1) = if d0 <= d1 { (lo, hi) } else { (hi, lo) };
        Scale {
            kind: ScaleKind::Log10,
            d0,
            d1,
            r0: finite_or(range.0, 0.0),
            r1: finite_or(range.1, 1.0),
        }
    }

    fn t(&self, v: f64) -> f64 {
        match self.kind {
            ScaleKind::Linear => v,
            ScaleKind::Log10 => {
                if v > 0.0 {
                    v.log10()
                } else {
                    // ≤ 0 has no place on a log axis: pin it far below.
                    self.d0.min(self.d1).log10() - 1.0
                }
            }
        }
    }

    /// Data → pixel. NaN in, NaN out (callers drop non-finite points first);
    /// values outside the domain extrapolate.
    pub fn map(&self, v: f64) -> f64 {
        let (a, b) = (self.t(self.d0), self.t(self.d1));
        self.r0 + (self.t(v) - a) / (b - a) * (self.r1 - self.r0)
    }

    /// Data → pixel, clamped into the pixel range; NaN maps to `r0`.
    pub fn map_clamped(&self, v: f64) -> f64 {
        let p = self.map(v);
        let (lo, hi) = (self.r0.min(self.r1), self.r0.max(self.r1));
        if p.is_nan() {
            self.r0
        } else {
            p.clamp(lo, hi)
        }
    }

    /// Pixel → data (hover read-out), the exact inverse of [`Scale::map`].
    pub fn invert(&self, px: f64) -> f64 {
        let (a, b) = (self.t(self.d0), self.t(self.d1));
        let span = self.r1 - self.r0;
        let u = if span == 0.0 {
            a
        } else {
            a + (px - self.r0) / span * (b - a)
        };
        match self.kind {
            ScaleKind::Linear => u,
            ScaleKind::Log10 => 10f64.powf(u),
        }
    }

    /// Whether `v` lies inside the domain (ends included).
    pub fn contains(&self, v: f64) -> bool {
        v >= self.d0.min(self.d1) && v <= self.d0.max(self.d1)
    }

    /// Ticks for this scale: about `count` nice linear ticks, or log ticks
    /// (see [`log_ticks`]).
    pub fn ticks(&self, count: usize) -> Vec<Tick> {
        match self.kind {
            ScaleKind::Linear => linear_ticks(self.d0, self.d1, count),
            ScaleKind::Log10 => log_ticks(self.d0, self.d1, count),
        }
    }

    /// The same scale onto another pixel range.
    pub fn with_range(self, range: (f64, f64)) -> Scale {
        Scale {
            r0: finite_or(range.0, 0.0),
            r1: finite_or(range.1, 1.0),
            ..self
        }
    }
}

fn finite_or(v: f64, fallback: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        fallback
    }
}

/// The finite min and max of `values` (positive values only when `log`),
/// `None` when no usable value exists.
pub fn extent(values: impl IntoIterator<Item = f64>, log: bool) -> Option<(f64, f64)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in values {
        if v.is_finite() && (!log || v > 0.0) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    (lo <= hi).then_some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_maps_and_inverts() {
        // y axis: 0 at pixel 300 (bottom), 1 at pixel 20 (top).
        let s = Scale::linear((0.0, 1.0), (300.0, 20.0));
        assert_eq!(s.map(0.0), 300.0);
        assert_eq!(s.map(1.0), 20.0);
        assert!((s.map(0.25) - 230.0).abs() < 1e-12); // 300 − 0.25·280
        assert!((s.invert(230.0) - 0.25).abs() < 1e-12);
    }

    #[test]
    fn log_maps_decades_evenly() {
        // [1, 1e5] onto [0, 500]: one decade = 100 px.
        let s = Scale::log10((1.0, 1e5), (0.0, 500.0));
        assert!((s.map(10.0) - 100.0).abs() < 1e-9);
        assert!((s.map(1000.0) - 300.0).abs() < 1e-9);
        assert!((s.invert(200.0) - 100.0).abs() < 1e-9);
        assert!(s.map(0.0) < 0.0); // below the axis, never NaN
        assert_eq!(s.map_clamped(0.0), 0.0);
    }

    #[test]
    fn degenerate_domains_are_repaired() {
        let s = Scale::linear((5.0, 5.0), (0.0, 100.0));
        assert!((s.map(5.0) - 50.0).abs() < 1e-12);
        let s = Scale::linear((0.0, 0.0), (0.0, 100.0));
        assert_eq!(s.map(0.0), 50.0);
        let s = Scale::linear((f64::NAN, 1.0), (0.0, 100.0));
        assert!(s.map(0.5).is_finite());
        let s = Scale::log10((0.0, 0.0), (0.0, 100.0));
        assert!(s.map(0.01).is_finite());
        let s = Scale::log10((0.5, 0.5), (0.0, 100.0));
        assert!((s.map(0.5) - 50.0).abs() < 1e-9);
        let s = Scale::linear((0.0, 1.0), (f64::NAN, 10.0));
        assert!(s.map(0.5).is_finite());
        let s = Scale::linear((0.0, 1.0), (10.0, 10.0));
        assert!(s.invert(10.0).is_finite());
    }

    #[test]
    fn extent_skips_bad_values() {
        assert_eq!(extent([3.0, f64::NAN, -1.0, f64::INFINITY], false), Some((-1.0, 3.0)));
        assert_eq!(extent([0.0, -1.0, 2.0, 8.0], true), Some((2.0, 8.0)));
        assert_eq!(extent([], true), None);
    }
}
