//! "Nice" axis ticks (1-2-5 steps, log decades) and the number formats of
//! every label a chart shows: fixed decimals without binary noise,
//! thousands separators, percentages, counts. Knows nothing of pixels.

use serde::{Deserialize, Serialize};

/// One tick on an axis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tick {
    /// Position in data units.
    pub value: f64,
    /// Formatted label; empty for minor ticks.
    pub label: String,
    /// Major ticks get a label, a grid line and a long tick mark.
    pub major: bool,
}

/// The most ticks any axis asks for; guards against absurd `count`.
const MAX_COUNT: usize = 50;

/// `√50`, `√10`, `√2`: the step-error cut points of the 1-2-5 rule
/// (d3-array `ticks`, after Heckbert 1990 "Nice numbers for graph labels").
const E10: f64 = 7.0710678118654755;
const E5: f64 = 3.1622776601683795;
const E2: f64 = std::f64::consts::SQRT_2;

/// A tick run as integers: tick `k` is `k·inc` when `inc > 0`, `k / −inc`
/// when `inc < 0` (dividing by an integer keeps `0.3` from becoming
/// `0.30000000000000004`), for `k ∈ [i1, i2]`; `decimals` to print.
#[derive(Debug, Clone, Copy)]
struct Spec {
    i1: f64,
    i2: f64,
    inc: f64,
    decimals: usize,
}

fn tick_spec(start: f64, stop: f64, count: f64) -> Option<Spec> {
    let step = (stop - start) / count.max(0.0);
    if !(step.is_finite() && step > 0.0) {
        return None;
    }
    let power = step.log10().floor();
    let error = step / 10f64.powf(power);
    let factor = if error >= E10 {
        10.0
    } else if error >= E5 {
        5.0
    } else if error >= E2 {
        2.0
    } else {
        1.0
    };
    // The printed step is factor·10^power; decimals are those of the step.
    let step_exp = power as i32 + if factor == 10.0 { 1 } else { 0 };
    let decimals = (-step_exp).max(0) as usize;
    let (mut i1, mut i2, inc);
    if power < 0.0 {
        let inv = 10f64.powf(-power) / factor;
        i1 = (start * inv).round();
        i2 = (stop * inv).round();
        if i1 / inv < start {
            i1 += 1.0;
        }
        if i2 / inv > stop {
            i2 -= 1.0;
        }
        inc = -inv;
    } else {
        let s = 10f64.powf(power) * factor;
        i1 = (start / s).round();
        i2 = (stop / s).round();
        if i1 * s < start {
            i1 += 1.0;
        }
        if i2 * s > stop {
            i2 -= 1.0;
        }
        inc = s;
    }
    if !(i1.is_finite() && i2.is_finite() && inc.is_finite()) {
        return None;
    }
    if i2 < i1 && (0.5..2.0).contains(&count) {
        return tick_spec(start, stop, count * 2.0);
    }
    Some(Spec { i1, i2, inc, decimals })
}

fn spec_values(s: &Spec) -> Vec<f64> {
    if s.i2 < s.i1 || s.i2 - s.i1 > 10.0 * MAX_COUNT as f64 {
        return Vec::new();
    }
    let n = (s.i2 - s.i1) as usize + 1;
    (0..n)
        .map(|k| {
            let i = s.i1 + k as f64;
            if s.inc < 0.0 {
                i / -s.inc
            } else {
                i * s.inc
            }
        })
        .collect()
}

/// About `count` nice linear ticks inside `[lo, hi]` (either order), steps
/// of 1, 2 or 5 × 10ᵏ, labelled with the step's decimals and thousands
/// separators, every label with the same decimals:
/// `[0, 1]`, 5 → `0.0, 0.2, 0.4, 0.6, 0.8, 1.0`.
///
/// Empty when the domain is not finite; a single tick when `lo == hi`.
pub fn linear_ticks(lo: f64, hi: f64, count: usize) -> Vec<Tick> {
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    if !(lo.is_finite() && hi.is_finite()) {
        return Vec::new();
    }
    if lo == hi {
        return vec![Tick {
            value: lo,
            label: format_number(lo, significant_decimals(lo)),
            major: true,
        }];
    }
    let count = count.clamp(1, MAX_COUNT) as f64;
    let Some(spec) = tick_spec(lo, hi, count) else {
        return Vec::new();
    };
    spec_values(&spec)
        .into_iter()
        .map(|v| Tick {
            value: v,
            label: format_number(v, spec.decimals),
            major: true,
        })
        .collect()
}

/// The nice step [`linear_ticks`] would use, as a value (`0.2` for `[0, 1]`
/// and 5); `None` when the domain is empty or not finite. Used to pick
/// histogram bin widths.
pub fn nice_step(lo: f64, hi: f64, count: usize) -> Option<f64> {
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    let s = tick_spec(lo, hi, count.clamp(1, MAX_COUNT) as f64)?;
    Some(if s.inc < 0.0 { 1.0 / -s.inc } else { s.inc })
}

/// Ticks for a log10 axis over `[lo, hi]` (both > 0, either order).
///
/// - Two or more powers of ten inside: majors at the powers of ten (every
///   k-th decade when there are more than `count`), minors at 2…9 × 10ᵏ
///   when the range spans at most 6 decades:
///   `[1, 284807]` → `1, 10, 100, 1,000, 10,000, 100,000`; with exactly
///   two powers of ten, 2 × and 5 × 10ᵏ are majors too
///   (`[0.004, 0.7]` → `0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5`).
/// - Otherwise, 1-2-5 × 10ᵏ values if at least two fit (`[0.15, 0.9]` →
///   `0.2, 0.5`), with the other integer multiples as minors.
/// - Otherwise linear nice ticks (a narrow band such as `[0.31, 0.42]`).
///
/// Labels: plain decimals between 1e-4 and 1e9, else `1e−7` style.
/// Empty when `lo` or `hi` is not a positive finite number.
pub fn log_ticks(lo: f64, hi: f64, count: usize) -> Vec<Tick> {
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    if !(lo.is_finite() && hi.is_finite() && lo > 0.0) {
        return Vec::new();
    }
    let count = count.clamp(2, MAX_COUNT);
    // Tolerance so that 1000 counts as inside [1000, 5000] despite log10 noise.
    let eps = 1e-9;
    let k0 = (lo.log10() - eps).ceil() as i32;
    let k1 = (hi.log10() + eps).floor() as i32;
    let decades = hi.log10() - lo.log10();
    let inside = |v: f64| v >= lo * (1.0 - 1e-12) && v <= hi * (1.0 + 1e-12);
    if k1 - k0 >= 1 {
        let n = (k1 - k0 + 1) as usize;
        let every = n.div_ceil(count).max(1) as i32;
        let mut out = Vec::new();
        for k in (k0 - 1)..=k1 {
            let p = pow10(k);
            if k >= k0 && (k - k0) % every == 0 && inside(p) {
                out.push(Tick {
                    value: p,
                    label: format_log_label(k),
                    major: true,
                });
            } else if k >= k0 && inside(p) {
                out.push(Tick {
                    value: p,
                    label: String::new(),
                    major: false,
                });
            }
            if decades <= 6.0 {
                for m in 2..=9 {
                    let v = m as f64 * p;
                    if inside(v) {
                        // With only two powers of ten inside, 2× and 5× get
                        // labels too, or the axis reads almost unlabelled.
                        let labelled = n <= 2 && (m == 2 || m == 5);
                        out.push(Tick {
                            value: v,
                            label: if labelled {
                                format_mantissa_label(m, k)
                            } else {
                                String::new()
                            },
                            major: labelled,
                        });
                    }
                }
            }
        }
        out.sort_by(|a, b| a.value.total_cmp(&b.value));
        return out;
    }
    // Less than two decades marked: try 1, 2, 5 × 10^k.
    let mut majors = Vec::new();
    let mut minors = Vec::new();
    for k in (k0 - 1)..=(k1 + 1) {
        let p = pow10(k);
        for m in 1..=9 {
            let v = m as f64 * p;
            if !inside(v) {
                continue;
            }
            if matches!(m, 1 | 2 | 5) {
                majors.push((v, m, k));
            } else {
                minors.push(v);
            }
        }
    }
    if majors.len() >= 2 {
        let mut out: Vec<Tick> = majors
            .into_iter()
            .map(|(v, m, k)| Tick {
                value: v,
                label: format_mantissa_label(m, k),
                major: true,
            })
            .collect();
        out.extend(minors.into_iter().map(|v| Tick {
            value: v,
            label: String::new(),
            major: false,
        }));
        out.sort_by(|a, b| a.value.total_cmp(&b.value));
        return out;
    }
    linear_ticks(lo, hi, count.min(5))
}

fn pow10(k: i32) -> f64 {
    // Parsing "1e{k}" gives the double nearest 10^k; powi drifts for |k| > 22.
    format!("1e{k}").parse().unwrap_or(f64::NAN)
}

fn format_log_label(k: i32) -> String {
    format_mantissa_label(1, k)
}

fn format_mantissa_label(m: u32, k: i32) -> String {
    if (-4..=9).contains(&k) {
        let v = m as f64 * pow10(k);
        format_number(v, (-k).max(0) as usize)
    } else if m == 1 {
        format!("1e{}", signed(k))
    } else {
        format!("{m}e{}", signed(k))
    }
}

fn signed(k: i32) -> String {
    if k < 0 {
        format!("\u{2212}{}", -k)
    } else {
        k.to_string()
    }
}

/// Decimals that show a lone value without noise (up to 6).
fn significant_decimals(v: f64) -> usize {
    for d in 0..=6 {
        let s = format!("{v:.d$}");
        if let Ok(back) = s.parse::<f64>() {
            if (back - v).abs() <= 1e-9 * v.abs().max(1e-300) {
                return d;
            }
        }
    }
    6
}

/// `v` with exactly `decimals` decimals, a comma every three integer
/// digits and a true minus sign (U+2212): `1234567.5, 1` → `1,234,567.5`;
/// `-0.25, 2` → `−0.25`. Negative zero prints as `0`; NaN as `–`,
/// infinities as `∞`/`−∞`.
pub fn format_number(v: f64, decimals: usize) -> String {
    if v.is_nan() {
        return "\u{2013}".to_string();
    }
    if v.is_infinite() {
        return if v > 0.0 { "∞" } else { "\u{2212}∞" }.to_string();
    }
    let decimals = decimals.min(12);
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let mut out = String::with_capacity(s.len() + 8);
    let zero = s.bytes().all(|b| b == b'0' || b == b'.');
    if v < 0.0 && !zero {
        out.push('\u{2212}');
    }
    out.push_str(&group_thousands(int));
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

fn group_thousands(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count with thousands separators: `56850` → `56,850`.
pub fn format_count(n: u64) -> String {
    group_thousands(&n.to_string())
}

/// A fraction as a percentage with sensible precision and a thin space
/// before `%` as the spec writes it (`0.0017` → `0.17 %`):
/// two decimals below 1 % and above 99 % (so 99.975 % does not read as
/// 100 %), one decimal otherwise; exact 0 and 1 print as `0 %` and
/// `100 %`; below 0.01 % prints `<0.01 %`, above 99.99 % prints `>99.99 %`.
/// NaN prints `–`.
pub fn format_percent(fraction: f64) -> String {
    if fraction.is_nan() {
        return "\u{2013}".to_string();
    }
    let p = fraction * 100.0;
    if p == 0.0 {
        return "0 %".into();
    }
    if p == 100.0 {
        return "100 %".into();
    }
    if p > 0.0 && p < 0.01 {
        return "<0.01 %".into();
    }
    if p > 99.99 && p < 100.0 {
        return ">99.99 %".into();
    }
    let d = if p.abs() < 1.0 || (p > 99.0 && p < 100.0) { 2 } else { 1 };
    format!("{} %", format_number(p, d))
}

/// A value in `[0, 1]`-ish units with `decimals` decimals, for read-outs
/// (`AUC 0.974`, `t = 0.50`). Same as [`format_number`].
pub fn format_fixed(v: f64, decimals: usize) -> String {
    format_number(v, decimals)
}

/// A read-out for an arbitrary magnitude with about 3 significant digits:
/// `0.000123` → `0.000123`, `0.0931` → `0.0931`, `12.345` → `12.3`,
/// `284807` → `284,807`. Used for hover labels on log axes.
pub fn format_sig3(v: f64) -> String {
    if !v.is_finite() {
        return format_number(v, 0);
    }
    if v == 0.0 {
        return "0".into();
    }
    let mag = v.abs().log10().floor() as i32;
    if !(-6..15).contains(&mag) {
        return format!("{v:.2e}").replace('-', "\u{2212}");
    }
    let decimals = (2 - mag).max(0) as usize;
    format_number(v, decimals)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(t: &[Tick]) -> Vec<&str> {
        t.iter().filter(|t| t.major).map(|t| t.label.as_str()).collect()
    }

    #[test]
    fn unit_interval_in_fifths() {
        // [0,1], count 5: step 0.2 (error 2.0 ≥ √2), ticks 0..=5 / 5;
        // every label with the step's one decimal, so they align.
        let t = linear_ticks(0.0, 1.0, 5);
        assert_eq!(labels(&t), ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]);
        assert_eq!(t[0].value, 0.0);
        assert_eq!(t[5].value, 1.0);
        assert_eq!(t[3].value, 0.6);
        assert_eq!(t[1].value, 0.2);
    }

    #[test]
    fn tenths_have_no_binary_noise() {
        // [0,1], count 10: step 0.1; 3/10 prints 0.3, not 0.30000000000000004.
        let t = linear_ticks(0.0, 1.0, 10);
        assert_eq!(t.len(), 11);
        assert_eq!(t[3].value, 0.3);
        assert_eq!(t[3].label, "0.3");
        assert_eq!(t[7].label, "0.7");
    }

    #[test]
    fn small_rates() {
        // [0.0013, 0.0171], 5: raw step 0.00316 < √10·1e-3 → step 0.002,
        // ticks 0.002 … 0.016 (8 ticks), three decimals.
        let t = linear_ticks(0.0013, 0.0171, 5);
        assert_eq!(
            labels(&t),
            ["0.002", "0.004", "0.006", "0.008", "0.010", "0.012", "0.014", "0.016"]
        );
    }

    #[test]
    fn counts_get_thousands_separators() {
        // [0, 56864], 5: raw 11372.8, error 1.137 → step 10,000.
        let t = linear_ticks(0.0, 56864.0, 5);
        assert_eq!(labels(&t), ["0", "10,000", "20,000", "30,000", "40,000", "50,000"]);
    }

    #[test]
    fn negative_and_reversed() {
        // [-1, 1] reversed, count 4: raw step 0.5, error 5 ≥ √10 → 0.5.
        let t = linear_ticks(1.0, -1.0, 4);
        assert_eq!(labels(&t), ["\u{2212}1.0", "\u{2212}0.5", "0.0", "0.5", "1.0"]);
    }

    #[test]
    fn degenerate_domains() {
        assert!(linear_ticks(f64::NAN, 1.0, 5).is_empty());
        assert!(linear_ticks(0.0, f64::INFINITY, 5).is_empty());
        let one = linear_ticks(0.25, 0.25, 5);
        assert_eq!(labels(&one), ["0.25"]);
        assert!(linear_ticks(0.0, 1e300, 5).len() <= 11);
        assert!(!linear_ticks(0.0, 1e-300, 5).is_empty());
        assert!(log_ticks(0.0, 10.0, 5).is_empty());
        assert!(log_ticks(-1.0, 10.0, 5).is_empty());
    }

    #[test]
    fn log_counts_decades() {
        let t = log_ticks(1.0, 284807.0, 10);
        assert_eq!(labels(&t), ["1", "10", "100", "1,000", "10,000", "100,000"]);
        // Minors 2..9 in each decade: 5 full decades × 8 + 2e5 = 41.
        assert_eq!(t.iter().filter(|t| !t.major).count(), 41);
        assert!(t.windows(2).all(|w| w[0].value < w[1].value));
    }

    #[test]
    fn log_losses_below_one() {
        // Two powers of ten inside (0.01, 0.1): 2× and 5× labelled too.
        let t = log_ticks(0.004, 0.7, 6);
        assert_eq!(labels(&t), ["0.005", "0.01", "0.02", "0.05", "0.1", "0.2", "0.5"]);
        // Three powers of ten: only they are labelled.
        let t = log_ticks(0.004, 1.5, 6);
        assert_eq!(labels(&t), ["0.01", "0.1", "1"]);
        let t = log_ticks(0.15, 0.9, 6);
        assert_eq!(labels(&t), ["0.2", "0.5"]);
        // A narrow band falls back to linear: [0.31, 0.42] → 0.32 … 0.42.
        let t = log_ticks(0.31, 0.42, 6);
        assert_eq!(labels(&t), ["0.32", "0.34", "0.36", "0.38", "0.40", "0.42"]);
    }

    #[test]
    fn log_many_decades_thinned() {
        let t = log_ticks(1e-12, 1.0, 5);
        let l = labels(&t);
        assert!(l.len() <= 5, "{l:?}");
        assert_eq!(l[0], "1e\u{2212}12");
        assert!(t.iter().all(|t| t.value.is_finite()));
    }

    #[test]
    fn percent_precision() {
        assert_eq!(format_percent(0.0017), "0.17 %");
        assert_eq!(format_percent(56850.0 / 56864.0), "99.98 %");
        assert_eq!(format_percent(27.0 / 98.0), "27.6 %");
        assert_eq!(format_percent(1.0), "100 %");
        assert_eq!(format_percent(0.0), "0 %");
        assert_eq!(format_percent(1e-6), "<0.01 %");
        assert_eq!(format_percent(f64::NAN), "\u{2013}");
    }

    #[test]
    fn numbers() {
        assert_eq!(format_count(56850), "56,850");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1_000_000), "1,000,000");
        assert_eq!(format_number(-0.0001, 2), "0.00");
        assert_eq!(format_number(1234567.5, 1), "1,234,567.5");
        assert_eq!(format_sig3(0.093123), "0.0931");
        assert_eq!(format_sig3(284807.0), "284,807");
        assert_eq!(format_sig3(12.345), "12.3");
    }

    #[test]
    fn nice_step_matches_ticks() {
        assert_eq!(nice_step(0.0, 1.0, 20), Some(0.05));
        assert_eq!(nice_step(0.0, 1.0, 5), Some(0.2));
        assert_eq!(nice_step(1.0, 1.0, 5), None);
    }
}
