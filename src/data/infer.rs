//! Cell parsing and per-column type inference, streaming: one
//! `ColumnBuilder` per column takes the cells of each row as byte slices
//! and turns into a typed [`Column`] at the end; also the user's type
//! overrides ([`convert_column`]). Knows nothing of CSV syntax (quotes,
//! delimiters, lines): it sees only cell bytes.
//!
//! # The inference rules
//!
//! Surrounding ASCII whitespace is trimmed from every cell first. A cell that
//! is then empty or equals a missing marker is missing.
//!
//! - **Numeric**: every non-missing cell is a finite number as Rust's
//!   `f64::from_str` reads it (`-3`, `+2.5`, `.5`, `5.`, `1e-5`, `1E+05`), or,
//!   when decimal commas are on (delimiter other than `,`), a number with one
//!   `,` as decimal mark (`12,5`). A column mixing `12,5` and `12.5` is not
//!   numeric (is `.` a thousands separator?); a column of only `1.234`-style
//!   values is read with `.` as the decimal mark, as pandas does. `inf` and
//!   `nan` are not numbers.
//!   `0`/`1` columns stay numeric. A column with no values at all is numeric.
//! - **Boolean**: all non-missing cells spell one pair, case-insensitively:
//!   true/false, yes/no, y/n or t/f.
//! - **DateTime** (seconds since 1970-01-01 UTC): all non-missing cells are
//!   `YYYY-MM-DD` or `YYYY/MM/DD`, optionally followed by `T` or a space and
//!   `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff`, optionally followed by `Z`,
//!   `±HH:MM`, `±HHMM` or `±HH`. Without an offset the time is taken as UTC.
//!   Day-first or month-first forms (`05/01/2016`) are not recognised: they
//!   are ambiguous.
//! - otherwise **Categorical** when the number of distinct values `d` is
//!   small: `d <= 50`, or `d <= 1000` and `d <= 5 %` of the non-missing cells;
//!   else **Text** (identifiers, free text; excluded from features by default).
//!
//! # Streaming
//!
//! A column starts as numbers and keeps only `f64`s while its cells are
//! numbers, so no text of a numeric column is kept. On its first cell that
//! is neither a number nor missing it switches to codes: the numbers read so
//! far become level text by [`format_number`] (shortest round-trip form, so
//! `1.50` becomes `1.5` and `007` becomes `7`; with `,` as the decimal mark
//! if they were read with one); later cells keep their text.
//! Text columns keep each distinct string once. Boolean and date detection
//! run once at the end over the distinct strings, not over every cell.

use crate::data::error::{DataError, DataErrorKind};
use crate::data::table::{format_number, Column, ColumnKind, ColumnValues, Table, MISSING_CODE};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Cells that mean "missing", compared after trimming, case-sensitively.
#[derive(Clone, Debug)]
pub(crate) struct Markers {
    /// Whether an empty cell is missing.
    empty: bool,
    /// The non-empty markers.
    others: Vec<Box<[u8]>>,
    /// Whether a marker reads as a number (then markers are checked before
    /// numbers, which costs a little).
    numeric: bool,
    /// The longest non-empty marker's length.
    longest: usize,
}

impl Markers {
    pub(crate) fn new(markers: &[String]) -> Markers {
        let empty = markers.iter().any(|m| m.trim().is_empty());
        let others: Vec<Box<[u8]>> = markers
            .iter()
            .map(|m| m.trim())
            .filter(|m| !m.is_empty())
            .map(|m| m.as_bytes().into())
            .collect();
        let numeric = others.iter().any(|m| parse_number(m).is_some());
        let longest = others.iter().map(|m| m.len()).max().unwrap_or(0);
        Markers {
            empty,
            others,
            numeric,
            longest,
        }
    }

    /// Whether some marker reads as a number (`-999`).
    pub(crate) fn has_numeric(&self) -> bool {
        self.numeric
    }

    /// Whether the trimmed cell `t` is missing.
    #[inline]
    pub(crate) fn is_missing(&self, t: &[u8]) -> bool {
        if t.is_empty() {
            return self.empty;
        }
        t.len() <= self.longest && self.others.iter().any(|m| bytes_eq(m, t))
    }
}

/// Slice equality without a `memcmp` call: cells are short, and the call
/// costs more than the compare.
#[inline]
fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Reads a finite number the way Rust's `f64::from_str` does (correctly
/// rounded), rejecting `inf`, `nan` and anything that does not start like a
/// number. `t` must already be trimmed.
///
/// Plain decimals with at most 19 digits whose digits as an integer `m` are
/// at most 2^53, and at most 22 digits after the point, take Clinger's fast
/// path: `m` and `10^k` are both exact in `f64`, so the one division `m /
/// 10^k` is correctly rounded, the same value `from_str` gives. Everything
/// else (exponents, long mantissas) goes to `from_str` (Eisel–Lemire).
///
/// Why no float crate (`fast-float2`, `lexical-core`): since Rust 1.55
/// `f64::from_str` *is* the fast_float algorithm (the same Clinger fast
/// path and Eisel–Lemire), so such a crate would only add size; what it
/// cannot know is that a CSV cell is usually a short plain decimal, which
/// the SWAR digit loop below reads eight digits at a time before any
/// general parsing starts.
#[inline]
pub fn parse_number(t: &[u8]) -> Option<f64> {
    match t.first() {
        Some(b'0'..=b'9' | b'-' | b'+' | b'.') => {}
        _ => return None,
    }
    if let Some(x) = parse_plain_decimal(t) {
        return Some(x);
    }
    // Numbers are ASCII; a non-UTF-8 slice is simply not a number.
    let s = std::str::from_utf8(t).ok()?;
    let x: f64 = s.parse().ok()?;
    x.is_finite().then_some(x)
}

/// Exact powers of ten: every `10^k` with `k <= 22` is an `f64` exactly.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// Clinger's fast path for `[+-]digits[.digits]` (see [`parse_number`]);
/// `None` when it does not apply.
#[inline]
fn parse_plain_decimal(t: &[u8]) -> Option<f64> {
    let (negative, mut i) = match t.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let mut m: u64 = 0;
    let int_start = i;
    i = read_digits(t, i, &mut m);
    let mut digits = i - int_start;
    let mut frac = 0;
    if i < t.len() && t[i] == b'.' {
        i += 1;
        let frac_start = i;
        i = read_digits(t, i, &mut m);
        frac = i - frac_start;
        digits += frac;
    }
    // 19 digits cannot overflow u64, so `m` is exact when this passes.
    if i != t.len() || digits == 0 || digits > 19 || m > 1 << 53 || frac > 22 {
        return None;
    }
    let x = if frac == 0 { m as f64 } else { m as f64 / POW10[frac] };
    Some(if negative { -x } else { x })
}

/// Appends the decimal digits of `t` from `i` on to `m` (wrapping: the
/// caller rejects more than 19 digits) and returns where they end. Eight at
/// a time when it can (the SWAR trick of simdjson / fast_float).
#[inline(always)]
fn read_digits(t: &[u8], mut i: usize, m: &mut u64) -> usize {
    while let Some(chunk) = t.get(i..i + 8) {
        let v = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        // Every byte in b'0'..=b'9': no byte under 0x30 (the subtraction
        // would borrow into bit 7) and none over 0x39 (adding 0x46 would).
        let all_digits = (v.wrapping_add(0x4646_4646_4646_4646) | v.wrapping_sub(0x3030_3030_3030_3030))
            & 0x8080_8080_8080_8080
            == 0;
        if !all_digits {
            break;
        }
        // Pairs, then quads, then the eight digits as one number.
        let v = v - 0x3030_3030_3030_3030;
        let v = v.wrapping_mul(10) + (v >> 8);
        let mask = 0x0000_00ff_0000_00ff;
        let v1 = (v & mask).wrapping_mul(100 + (1_000_000 << 32));
        let v2 = ((v >> 16) & mask).wrapping_mul(1 + (10_000 << 32));
        let eight = u64::from((v1.wrapping_add(v2) >> 32) as u32);
        *m = m.wrapping_mul(100_000_000).wrapping_add(eight);
        i += 8;
    }
    while i < t.len() && t[i].is_ascii_digit() {
        *m = m.wrapping_mul(10).wrapping_add(u64::from(t[i] - b'0'));
        i += 1;
    }
    i
}

/// Reads a number with one `,` as the decimal mark (`12,5`, `-0,25`), and no
/// `.`. `t` must already be trimmed.
pub fn parse_decimal_comma(t: &[u8]) -> Option<f64> {
    let comma = t.iter().position(|&b| b == b',')?;
    if t.len() > 64 || t[comma + 1..].contains(&b',') || t.contains(&b'.') {
        return None;
    }
    let mut buf = [0u8; 64];
    buf[..t.len()].copy_from_slice(t);
    buf[comma] = b'.';
    parse_number(&buf[..t.len()])
}

/// The boolean spellings, `(false, true)`, compared case-insensitively.
const BOOL_PAIRS: [(&str, &str); 4] = [("false", "true"), ("no", "yes"), ("n", "y"), ("f", "t")];

/// Which pair of [`BOOL_PAIRS`] `s` belongs to (index 4 is `0`/`1`, allowed
/// only when `with_digits`), and its value.
fn bool_value(s: &str, with_digits: bool) -> Option<(usize, bool)> {
    for (i, (f, t)) in BOOL_PAIRS.iter().enumerate() {
        if s.eq_ignore_ascii_case(f) {
            return Some((i, false));
        }
        if s.eq_ignore_ascii_case(t) {
            return Some((i, true));
        }
    }
    match s {
        "0" if with_digits => Some((4, false)),
        "1" if with_digits => Some((4, true)),
        _ => None,
    }
}

/// Reads one of the documented date/time forms (see the module doc) as
/// seconds since 1970-01-01 UTC.
pub fn parse_datetime(s: &str) -> Option<f64> {
    let b = s.trim().as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        let mut v = 0u32;
        for &c in part {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
        }
        Some(v)
    };
    if b.len() < 10 {
        return None;
    }
    let sep = b[4];
    if !(sep == b'-' || sep == b'/') || b[7] != sep {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)?;
    if b.len() == 10 {
        return Some(date.and_hms_opt(0, 0, 0)?.and_utc().timestamp() as f64);
    }
    if !(b[10] == b'T' || b[10] == b' ') || b.get(13) != Some(&b':') {
        return None;
    }
    let (h, mi) = (digits(11..13)?, digits(14..16)?);
    let mut i = 16;
    let mut sec = 0;
    let mut frac = 0.0;
    if b.get(i) == Some(&b':') {
        sec = digits(i + 1..i + 3)?;
        i += 3;
        if b.get(i) == Some(&b'.') {
            let start = i + 1;
            let mut end = start;
            while end < b.len() && b[end].is_ascii_digit() {
                end += 1;
            }
            if end == start {
                return None;
            }
            frac = std::str::from_utf8(&b[i..end]).ok()?.parse::<f64>().ok()?;
            i = end;
        }
    }
    let offset = match &b[i..] {
        [] | [b'Z'] | [b'z'] => 0,
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (oh, om) = match rest {
                [_, _] => (digits(i + 1..i + 3)?, 0),
                [_, _, _, _] => (digits(i + 1..i + 3)?, digits(i + 3..i + 5)?),
                [_, _, b':', _, _] => (digits(i + 1..i + 3)?, digits(i + 4..i + 6)?),
                _ => return None,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            let o = i64::from(oh * 3600 + om * 60);
            if *sign == b'-' {
                -o
            } else {
                o
            }
        }
        _ => return None,
    };
    let t = date.and_hms_opt(h, mi, sec)?.and_utc().timestamp() - offset;
    Some(t as f64 + frac)
}

/// The kind of a string column with `distinct` values over `non_missing`
/// cells: the categorical/text rule of the module doc.
pub fn string_kind(distinct: usize, non_missing: usize) -> ColumnKind {
    if distinct <= 50 || (distinct <= 1000 && distinct * 20 <= non_missing) {
        ColumnKind::Categorical
    } else {
        ColumnKind::Text
    }
}

/// Decodes a cell: UTF-8 as is, anything else as Latin-1 (each byte one
/// character U+0000..U+00FF), which is right for Latin-1 files and readable
/// for the rest. Returns whether the fallback was used.
pub(crate) fn decode(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), false),
        Err(_) => (
            std::borrow::Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
            true,
        ),
    }
}

/// FxHash (rustc's hasher): much faster than SipHash on short strings, and
/// the keys are the user's own data, so flooding is not a concern.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.write(&[b]);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Distinct byte strings → codes in order of first appearance. Keys are
/// the cells' raw bytes: text is decoded once per distinct value, at the end.
#[derive(Default, Debug)]
struct Interner {
    map: FxMap<Box<[u8]>, u32>,
}

impl Interner {
    #[inline]
    fn intern(&mut self, s: &[u8]) -> u32 {
        if let Some(&c) = self.map.get(s) {
            return c;
        }
        let c = self.map.len() as u32;
        self.map.insert(s.into(), c);
        c
    }

    /// The distinct values by code, as bytes.
    fn into_raw(self) -> Vec<Box<[u8]>> {
        let mut levels: Vec<Box<[u8]>> = vec![Box::default(); self.map.len()];
        for (s, c) in self.map {
            levels[c as usize] = s;
        }
        levels
    }

    /// The distinct values by code, for interners fed only UTF-8.
    fn into_levels(self) -> Vec<String> {
        self.into_raw()
            .into_iter()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .collect()
    }
}

/// Decodes the levels of a column read from a file (Latin-1 where not
/// UTF-8), renumbering `codes` if two byte strings decode to one text (a
/// UTF-8 `é` and a Latin-1 one). Returns the levels and how many cells were
/// read as Latin-1.
fn decode_levels(raw: Vec<Box<[u8]>>, codes: &mut [u32]) -> (Vec<String>, u64) {
    let mut lossy = vec![false; raw.len()];
    let mut levels = Vec::with_capacity(raw.len());
    for (i, bytes) in raw.iter().enumerate() {
        let (s, l) = decode(bytes);
        lossy[i] = l;
        levels.push(s.into_owned());
    }
    if !lossy.contains(&true) {
        return (levels, 0);
    }
    let mut latin1_cells = 0;
    for &c in codes.iter() {
        if c != MISSING_CODE && lossy[c as usize] {
            latin1_cells += 1;
        }
    }
    let mut interner = Interner::default();
    let renumber: Vec<u32> = levels.iter().map(|l| interner.intern(l.as_bytes())).collect();
    if renumber.len() != interner.map.len() {
        for c in codes.iter_mut() {
            if *c != MISSING_CODE {
                *c = renumber[*c as usize];
            }
        }
        levels = interner.into_levels();
    }
    (levels, latin1_cells)
}

/// Which decimal mark a column's numbers have used (tracked only when
/// decimal commas are on).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Unseen,
    Point,
    Comma,
}

#[derive(Debug)]
enum Cells {
    Numbers(Vec<f64>),
    Codes { codes: Vec<u32>, levels: Interner },
}

/// Settings and counters shared by the builders of one file.
#[derive(Debug)]
pub(crate) struct Context {
    pub(crate) markers: Markers,
    pub(crate) decimal_comma: bool,
    /// `decimal_comma` or a missing marker that reads as a number: a plain
    /// decimal cannot be taken at face value.
    pub(crate) careful_numbers: bool,
    /// Cells that were not UTF-8 and were read as Latin-1.
    pub(crate) latin1_cells: u64,
    /// Per column, cells read as missing because they were infinite.
    pub(crate) infinite_cells: Vec<(String, u64)>,
}

/// Whether `t` (trimmed) spells an infinite number as Rust reads numbers:
/// `inf`, `-Infinity` (any case), or a finite-looking one past `f64`'s
/// range such as `1e400`.
fn is_infinite(t: &[u8]) -> bool {
    t.len() <= 64
        && std::str::from_utf8(t)
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .is_some_and(f64::is_infinite)
}

/// One column being read, cell by cell.
#[derive(Debug)]
pub(crate) struct ColumnBuilder {
    cells: Cells,
    mark: Mark,
    /// The last text cell's bytes and code ([`MISSING_CODE`]: none yet).
    last: Vec<u8>,
    last_code: u32,
    /// Cells read as missing because they are infinite (`inf`, `1e400`).
    infinite: u64,
}

impl ColumnBuilder {
    pub(crate) fn new() -> ColumnBuilder {
        ColumnBuilder {
            cells: Cells::Numbers(Vec::new()),
            mark: Mark::Unseen,
            last: Vec::new(),
            last_code: MISSING_CODE,
            infinite: 0,
        }
    }

    /// Makes room for `rows` more cells.
    pub(crate) fn reserve(&mut self, rows: usize) {
        match &mut self.cells {
            Cells::Numbers(v) => v.reserve(rows),
            Cells::Codes { codes, .. } => codes.reserve(rows),
        }
    }

    /// Adds the next cell (raw bytes, untrimmed).
    #[inline(always)]
    pub(crate) fn push(&mut self, raw: &[u8], cx: &mut Context) {
        // The hot path: a plain decimal in a numeric column, when neither
        // decimal commas nor number-like missing markers need a closer look.
        if let Cells::Numbers(values) = &mut self.cells {
            if !cx.careful_numbers {
                if let Some(x) = parse_plain_decimal(raw) {
                    values.push(x);
                    return;
                }
            }
        }
        self.push_any(raw, cx);
    }

    /// Adds the next cell, whatever it holds.
    #[inline(never)]
    fn push_any(&mut self, raw: &[u8], cx: &mut Context) {
        let t = raw.trim_ascii();
        if let Cells::Numbers(values) = &mut self.cells {
            if t.is_empty() && cx.markers.empty {
                values.push(f64::NAN);
                return;
            }
            if !cx.markers.numeric || !cx.markers.is_missing(t) {
                if let Some(x) = parse_number(t) {
                    if !cx.decimal_comma {
                        values.push(x);
                        return;
                    }
                    if !t.contains(&b'.') {
                        values.push(x);
                        return;
                    }
                    if self.mark != Mark::Comma {
                        self.mark = Mark::Point;
                        values.push(x);
                        return;
                    }
                } else if cx.markers.is_missing(t) {
                    values.push(f64::NAN);
                    return;
                } else if is_infinite(t) {
                    // `inf`, `-Infinity`, `1e400`: a number, but none a model
                    // can use. The column stays numeric, the cell missing,
                    // and the reader reports how many.
                    values.push(f64::NAN);
                    self.infinite += 1;
                    return;
                } else if cx.decimal_comma && self.mark != Mark::Point {
                    if let Some(x) = parse_decimal_comma(t) {
                        self.mark = Mark::Comma;
                        values.push(x);
                        return;
                    }
                }
            } else {
                values.push(f64::NAN);
                return;
            }
            self.switch_to_codes();
        }
        self.push_text(t, cx);
    }

    #[cold]
    fn switch_to_codes(&mut self) {
        if let Cells::Numbers(values) = &self.cells {
            // Numbers read with a decimal comma get it back in their text.
            let comma = self.mark == Mark::Comma;
            let mut levels = Interner::default();
            let codes = values
                .iter()
                .map(|&x| {
                    if x.is_nan() {
                        MISSING_CODE
                    } else if comma {
                        levels.intern(format_number(x).replace('.', ",").as_bytes())
                    } else {
                        levels.intern(format_number(x).as_bytes())
                    }
                })
                .collect();
            self.cells = Cells::Codes { codes, levels };
        }
    }

    fn push_text(&mut self, t: &[u8], cx: &mut Context) {
        let Cells::Codes { codes, levels } = &mut self.cells else {
            return;
        };
        if cx.markers.is_missing(t) {
            codes.push(MISSING_CODE);
            return;
        }
        // Runs of one value are common (sorted files, rare classes): the
        // previous cell's bytes answer those without hashing.
        if self.last_code != MISSING_CODE && bytes_eq(&self.last, t) {
            codes.push(self.last_code);
            return;
        }
        let code = levels.intern(t);
        codes.push(code);
        self.last.clear();
        self.last.extend_from_slice(t);
        self.last_code = code;
    }

    /// The typed column, by the rules of the module doc.
    pub(crate) fn finish(self, name: String, cx: &mut Context) -> Column {
        if self.infinite > 0 {
            cx.infinite_cells.push((name.clone(), self.infinite));
        }
        match self.cells {
            Cells::Numbers(values) => Column {
                name,
                kind: ColumnKind::Numeric,
                values: ColumnValues::Numbers(values),
            },
            Cells::Codes { mut codes, levels } => {
                let (levels, latin1_cells) = decode_levels(levels.into_raw(), &mut codes);
                cx.latin1_cells += latin1_cells;
                infer_codes(name, codes, levels)
            }
        }
    }
}

/// Decides boolean / datetime / categorical / text for a string column.
fn infer_codes(name: String, codes: Vec<u32>, levels: Vec<String>) -> Column {
    if let Some(column) = to_boolean(&name, &codes, &levels, false) {
        return column;
    }
    if !levels.is_empty() {
        let stamps: Option<Vec<f64>> = levels.iter().map(|l| parse_datetime(l)).collect();
        if let Some(stamps) = stamps {
            return Column {
                name,
                kind: ColumnKind::DateTime,
                values: ColumnValues::Numbers(recode_numbers(&codes, &stamps)),
            };
        }
    }
    let non_missing = codes.iter().filter(|&&c| c != MISSING_CODE).count();
    Column {
        name,
        kind: string_kind(levels.len(), non_missing),
        values: ColumnValues::Codes { codes, levels },
    }
}

fn recode_numbers(codes: &[u32], by_level: &[f64]) -> Vec<f64> {
    codes
        .iter()
        .map(|&c| {
            if c == MISSING_CODE {
                f64::NAN
            } else {
                by_level[c as usize]
            }
        })
        .collect()
}

/// The column as Boolean when every level spells one pair (with `0`/`1`
/// allowed when `with_digits`); `None` otherwise.
fn to_boolean(name: &str, codes: &[u32], levels: &[String], with_digits: bool) -> Option<Column> {
    let first = levels.first()?;
    let (pair, _) = bool_value(first, with_digits)?;
    let mut spelling: [Option<&str>; 2] = [None, None];
    let mut map = Vec::with_capacity(levels.len());
    for l in levels {
        let (p, v) = bool_value(l, with_digits)?;
        if p != pair {
            return None;
        }
        spelling[usize::from(v)].get_or_insert(l);
        map.push(u32::from(v));
    }
    let default = match BOOL_PAIRS.get(pair) {
        Some(&(f, t)) => [f, t],
        None => ["0", "1"],
    };
    let levels = vec![
        spelling[0].unwrap_or(default[0]).to_string(),
        spelling[1].unwrap_or(default[1]).to_string(),
    ];
    let codes = codes
        .iter()
        .map(|&c| {
            if c == MISSING_CODE {
                MISSING_CODE
            } else {
                map[c as usize]
            }
        })
        .collect();
    Some(Column {
        name: name.to_string(),
        kind: ColumnKind::Boolean,
        values: ColumnValues::Codes { codes, levels },
    })
}

/// The column read as `kind`, for the user's override of an inferred type.
///
/// - to **Numeric**: text cells are read as numbers (with `.` as the
///   decimal mark only: whether `1,234` meant 1.234 or 1234 is decided when
///   reading, by [`crate::data::ReadOptions::decimal_comma`]); datetimes
///   become seconds since 1970; booleans 0/1.
/// - to **DateTime**: text cells by the date forms of the module doc;
///   numbers are taken as seconds since 1970-01-01 UTC.
/// - to **Boolean**: the spellings true/false, yes/no, y/n, t/f (one pair)
///   or `0`/`1` (numbers too).
/// - to **Categorical** / **Text**: numbers become text by [`format_number`],
///   datetimes as `YYYY-MM-DD` (or `YYYY-MM-DD HH:MM:SS` when some value is
///   not at midnight); levels are renumbered in order of first appearance.
///
/// # Errors
///
/// [`DataErrorKind::BadCell`] naming the first row whose cell cannot be read
/// as `kind` (with `line: None`: the table no longer knows file lines).
pub fn convert_column(column: &Column, kind: ColumnKind) -> Result<Column, DataError> {
    use ColumnKind::*;
    let name = column.name.clone();
    let bad = |row: usize, value: String| -> DataError {
        DataErrorKind::BadCell {
            line: None,
            row: row + 1,
            column: column.name.clone(),
            index: None,
            value,
            expected: kind,
        }
        .into()
    };
    let done = |values: ColumnValues| Column {
        name: name.clone(),
        kind,
        values,
    };
    match (&column.values, kind) {
        (_, k) if k == column.kind => Ok(column.clone()),
        (ColumnValues::Numbers(v), Numeric | DateTime) => Ok(done(ColumnValues::Numbers(v.clone()))),
        (ColumnValues::Numbers(v), Categorical | Text) => {
            let format: Box<dyn Fn(f64) -> String> = if column.kind == DateTime {
                let with_time = v.iter().any(|x| !x.is_nan() && x.rem_euclid(86400.0) != 0.0);
                Box::new(move |x| format_datetime(x, with_time))
            } else {
                Box::new(format_number)
            };
            let mut levels = Interner::default();
            let codes = v
                .iter()
                .map(|&x| {
                    if x.is_nan() {
                        MISSING_CODE
                    } else {
                        levels.intern(format(x).as_bytes())
                    }
                })
                .collect();
            Ok(done(ColumnValues::Codes {
                codes,
                levels: levels.into_levels(),
            }))
        }
        (ColumnValues::Numbers(v), Boolean) => {
            if let Some(i) = v.iter().position(|&x| !(x.is_nan() || x == 0.0 || x == 1.0)) {
                return Err(bad(i, column.value_text(v[i])));
            }
            let codes = v
                .iter()
                .map(|&x| if x.is_nan() { MISSING_CODE } else { x as u32 })
                .collect();
            Ok(done(ColumnValues::Codes {
                codes,
                levels: vec!["0".into(), "1".into()],
            }))
        }
        (ColumnValues::Codes { codes, levels }, Numeric | DateTime) => {
            if column.kind == Boolean && kind == Numeric {
                return Ok(done(ColumnValues::Numbers(
                    codes
                        .iter()
                        .map(|&c| if c == MISSING_CODE { f64::NAN } else { f64::from(c) })
                        .collect(),
                )));
            }
            // No decimal commas here: the table no longer knows whether
            // "1,234" was 1.234 or 1234, and a guess would be a silent
            // wrong number. The reader's `decimal_comma` option decides.
            let parse = |l: &String| -> Option<f64> {
                if kind == Numeric {
                    parse_number(l.trim().as_bytes())
                } else {
                    parse_datetime(l)
                }
            };
            let by_level: Vec<Option<f64>> = levels.iter().map(parse).collect();
            let mut values = Vec::with_capacity(codes.len());
            for (i, &c) in codes.iter().enumerate() {
                if c == MISSING_CODE {
                    values.push(f64::NAN);
                    continue;
                }
                match by_level.get(c as usize).copied().flatten() {
                    Some(x) => values.push(x),
                    None => {
                        let text = levels.get(c as usize).cloned().unwrap_or_default();
                        return Err(bad(i, text));
                    }
                }
            }
            Ok(done(ColumnValues::Numbers(values)))
        }
        (ColumnValues::Codes { codes, levels }, Boolean) => {
            let used = used_levels(codes, levels.len());
            let kept: Vec<String> = levels
                .iter()
                .zip(&used)
                .filter(|(_, &u)| u)
                .map(|(l, _)| l.clone())
                .collect();
            let renumber = renumbering(&used);
            let codes: Vec<u32> = codes
                .iter()
                .map(|&c| if c == MISSING_CODE { c } else { renumber[c as usize] })
                .collect();
            match to_boolean(&name, &codes, &kept, true) {
                Some(c) => Ok(c),
                None => {
                    // Name the first row whose value breaks the pair.
                    let pair = kept.first().and_then(|l| bool_value(l, true)).map(|(p, _)| p);
                    let row = codes
                        .iter()
                        .position(|&c| {
                            c != MISSING_CODE
                                && (pair.is_none() || bool_value(&kept[c as usize], true).map(|(p, _)| p) != pair)
                        })
                        .unwrap_or(0);
                    let value = codes
                        .get(row)
                        .and_then(|&c| kept.get(c as usize))
                        .cloned()
                        .unwrap_or_default();
                    Err(bad(row, value))
                }
            }
        }
        (ColumnValues::Codes { codes, levels }, Categorical | Text) => {
            let mut interner = Interner::default();
            let codes = codes
                .iter()
                .map(|&c| {
                    if c == MISSING_CODE {
                        c
                    } else {
                        interner.intern(levels[c as usize].as_bytes())
                    }
                })
                .collect();
            Ok(done(ColumnValues::Codes {
                codes,
                levels: interner.into_levels(),
            }))
        }
    }
}

/// [`convert_column`] on column `index` (0-based) of `table`, with the
/// column's 1-based position in the error message.
///
/// # Errors
///
/// [`DataErrorKind::UnknownColumn`] when `index` is out of range (named
/// `#index+1`), else those of [`convert_column`].
pub fn convert_table_column(table: &Table, index: usize, kind: ColumnKind) -> Result<Column, DataError> {
    let column = table.columns.get(index).ok_or_else(|| DataErrorKind::UnknownColumn {
        name: format!("#{}", index + 1),
        available: table.columns.iter().map(|c| c.name.clone()).collect(),
    })?;
    convert_column(column, kind).map_err(|e| match e.into_kind() {
        DataErrorKind::BadCell {
            line,
            row,
            column,
            value,
            expected,
            ..
        } => DataErrorKind::BadCell {
            line,
            row,
            column,
            index: Some(index + 1),
            value,
            expected,
        }
        .into(),
        other => other.into(),
    })
}

fn used_levels(codes: &[u32], n: usize) -> Vec<bool> {
    let mut used = vec![false; n];
    for &c in codes {
        if let Some(u) = used.get_mut(c as usize) {
            *u = true;
        }
    }
    used
}

fn renumbering(used: &[bool]) -> Vec<u32> {
    let mut next = 0;
    used.iter()
        .map(|&u| {
            let c = next;
            next += u32::from(u);
            c
        })
        .collect()
}

/// Seconds since 1970 as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (UTC),
/// written as chrono's `%Y-%m-%d %H:%M:%S` writes them (a year outside
/// 0–9999 signed, `+10000-01-01`) and, like chrono, only within its years
/// ±262,142 (else the plain number). By hand because chrono's formatter
/// weighed about 8 kB of the page's gzipped wasm.
pub fn format_datetime(x: f64, with_time: bool) -> String {
    let secs = x.floor() as i64;
    let (days, of_day) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    // chrono's NaiveDate::MIN and MAX years ((i32::MIN >> 13) + 1, (i32::MAX >> 13) - 1).
    if !(-262_143..=262_142).contains(&y) {
        return format_number(x);
    }
    let year = if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else {
        format!("{y:+05}")
    };
    if with_time {
        let (h, mi, s) = (of_day / 3600, of_day / 60 % 60, of_day % 60);
        format!("{year}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    } else {
        format!("{year}-{m:02}-{d:02}")
    }
}

/// The proleptic Gregorian (year, month, day) of `days` since 1970-01-01:
/// H. Hinnant's `civil_from_days` (chrono-Compatible Low-Level Date
/// Algorithms), counting from 0000-03-01 so the leap day ends a year.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of the 400-year era, 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // from March 1st, 0..=365
    let mp = (5 * doy + 2) / 153; // March = 0
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_their_usual_spellings() {
        for (s, x) in [
            ("1e-5", 1e-5),
            ("-3", -3.0),
            ("+2.5", 2.5),
            (".5", 0.5),
            ("5.", 5.0),
            ("1E+05", 1e5),
        ] {
            assert_eq!(parse_number(s.as_bytes()), Some(x), "{s}");
        }
        for s in ["inf", "-inf", "NaN", "nan", "1,5", "abc", "", "1 2", "0x10"] {
            assert_eq!(parse_number(s.as_bytes()), None, "{s}");
        }
    }

    /// The fast path must agree with `f64::from_str` bit for bit, and accept
    /// exactly what it accepts (finite values only), on random short strings.
    #[test]
    fn fast_path_matches_std() {
        let mut rng = crate::Rng::new(11);
        let alphabet = b"0123456789012345678901234567890123456789+-.eE_ ,";
        let mut fast_hits = 0;
        for _ in 0..200_000 {
            let len = 1 + rng.below(24);
            let s: Vec<u8> = (0..len).map(|_| alphabet[rng.below(alphabet.len())]).collect();
            let want = std::str::from_utf8(&s)
                .unwrap()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite());
            let got = parse_number(&s);
            assert_eq!(
                got.map(f64::to_bits),
                want.map(f64::to_bits),
                "{:?}",
                String::from_utf8_lossy(&s)
            );
            fast_hits += usize::from(parse_plain_decimal(&s).is_some());
        }
        // Long digit strings on purpose, so the fast path's limits are hit.
        for s in [
            "9007199254740992",
            "9007199254740993",
            "0.1234567890123456789",
            "-0",
            "123.",
            "+.5",
        ] {
            let want = s.parse::<f64>().unwrap();
            assert_eq!(
                parse_number(s.as_bytes()).map(f64::to_bits),
                Some(want.to_bits()),
                "{s}"
            );
        }
        assert!(fast_hits > 1000, "the fast path was barely exercised: {fast_hits}");
    }

    #[test]
    fn decimal_comma() {
        assert_eq!(parse_decimal_comma(b"12,5"), Some(12.5));
        assert_eq!(parse_decimal_comma(b"-0,25"), Some(-0.25));
        assert_eq!(parse_decimal_comma(b"1.234,5"), None);
        assert_eq!(parse_decimal_comma(b"1,234,5"), None);
        assert_eq!(parse_decimal_comma(b"12"), None);
    }

    #[test]
    fn datetimes_as_unix_seconds() {
        // 2016-01-05 is day 16805 since 1970-01-01 (date -d 2016-01-05 +%s = 1451952000).
        assert_eq!(parse_datetime("2016-01-05"), Some(1451952000.0));
        assert_eq!(parse_datetime("2016/01/05"), Some(1451952000.0));
        // + 13 h 45 min = 49500 s
        assert_eq!(parse_datetime("2016-01-05 13:45:00"), Some(1452001500.0));
        assert_eq!(parse_datetime("2016-01-05T13:45:00Z"), Some(1452001500.0));
        assert_eq!(parse_datetime("2016-01-05T13:45"), Some(1452001500.0));
        assert_eq!(parse_datetime("2016-01-05T15:45:00+02:00"), Some(1452001500.0));
        assert_eq!(parse_datetime("2016-01-05T12:45:00-0100"), Some(1452001500.0));
        assert_eq!(parse_datetime("2016-01-05T13:45:00.25"), Some(1452001500.25));
        for s in [
            "2016-02-30",
            "05/01/2016",
            "2016-01-05x",
            "2016-1-5",
            "2016-01-05T25:00",
            "",
        ] {
            assert_eq!(parse_datetime(s), None, "{s}");
        }
    }

    #[test]
    fn datetimes_written_back() {
        // Python: datetime(1970, 1, 1) + timedelta(seconds=s).
        for (s, text) in [
            (0.0, "1970-01-01 00:00:00"),
            (951_782_400.0, "2000-02-29 00:00:00"),
            (-1.0, "1969-12-31 23:59:59"),
            (-0.5, "1969-12-31 23:59:59"),
            (1_700_000_000.75, "2023-11-14 22:13:20"),
            (-2_208_988_800.0, "1900-01-01 00:00:00"),
            (253_402_300_799.0, "9999-12-31 23:59:59"),
        ] {
            assert_eq!(format_datetime(s, true), text, "{s}");
            assert_eq!(format_datetime(s, false), text[..10], "{s}");
        }
        // Outside 0–9999 the year is signed, as chrono's %Y writes it:
        // 10000-01-01 is 253402300800 s (the last second above, + 1), and
        // 0000-01-01 is 719528 days before 1970 (366 + 1969 years of 365.2425 days).
        assert_eq!(format_datetime(253_402_300_800.0, false), "+10000-01-01");
        assert_eq!(format_datetime(-719_528.0 * 86_400.0, false), "0000-01-01");
        assert_eq!(
            format_datetime(-719_528.0 * 86_400.0 - 1.0, true),
            "-0001-12-31 23:59:59"
        );
        // Past chrono's years, the number itself.
        assert_eq!(format_datetime(1e17, false), format_number(1e17));
        assert_eq!(format_datetime(-1e17, true), format_number(-1e17));
    }

    /// chrono (still the parser's calendar) as an independent oracle over
    /// ±300,000 years, every few days, and around each era's leap days.
    #[test]
    fn datetimes_written_as_chrono_writes_them() {
        let chrono = |secs: i64, with_time: bool| match chrono::DateTime::from_timestamp(secs, 0) {
            Some(t) if with_time => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            Some(t) => t.format("%Y-%m-%d").to_string(),
            None => format_number(secs as f64),
        };
        let mut secs = -300_000_i64 * 366 * 86_400;
        while secs < 300_000 * 366 * 86_400 {
            for s in [secs, secs + 86_399, secs - 1] {
                assert_eq!(format_datetime(s as f64, true), chrono(s, true), "{s}");
                assert_eq!(format_datetime(s as f64, false), chrono(s, false), "{s}");
            }
            secs += 86_400 * 3_557 + 3_607;
        }
        for year_start in (-2000_i64..2500).step_by(100) {
            // Around Feb 28 – Mar 1 of century years (leap only every 400).
            let days = (year_start - 1970) * 365 + (year_start - 1970).div_euclid(4) + 58;
            for d in days - 3..days + 3 {
                let s = d * 86_400;
                assert_eq!(format_datetime(s as f64, false), chrono(s, false), "{s}");
            }
        }
    }

    #[test]
    fn categorical_rule_edges() {
        assert_eq!(string_kind(50, 50), ColumnKind::Categorical);
        assert_eq!(string_kind(51, 51), ColumnKind::Text);
        assert_eq!(string_kind(51, 1020), ColumnKind::Categorical);
        assert_eq!(string_kind(51, 1019), ColumnKind::Text);
        assert_eq!(string_kind(1001, 1_000_000), ColumnKind::Text);
    }

    fn cx() -> Context {
        Context {
            markers: Markers::new(&["".into(), "NA".into()]),
            decimal_comma: false,
            careful_numbers: false,
            latin1_cells: 0,
            infinite_cells: Vec::new(),
        }
    }

    fn build(cells: &[&str], cx: &mut Context) -> Column {
        let mut b = ColumnBuilder::new();
        for c in cells {
            b.push(c.as_bytes(), cx);
        }
        b.finish("x".into(), cx)
    }

    #[test]
    fn numbers_then_text_switches_to_codes() {
        let c = build(&["1.50", "NA", " 2 ", "abc", "2"], &mut cx());
        assert_eq!(c.kind, ColumnKind::Categorical);
        let (codes, levels) = c.codes().unwrap();
        assert_eq!(levels, ["1.5", "2", "abc"]);
        assert_eq!(codes, [0, MISSING_CODE, 1, 2, 1]);
    }

    #[test]
    fn booleans_keep_their_spellings() {
        let c = build(&["Yes", "no", "", "YES", "No"], &mut cx());
        assert_eq!(c.kind, ColumnKind::Boolean);
        let (codes, levels) = c.codes().unwrap();
        assert_eq!(levels, ["no", "Yes"]);
        assert_eq!(codes, [1, 0, MISSING_CODE, 1, 0]);
        // Mixed pairs are not boolean.
        assert_eq!(build(&["yes", "n"], &mut cx()).kind, ColumnKind::Categorical);
        // 0/1 stays numeric.
        assert_eq!(build(&["0", "1"], &mut cx()).kind, ColumnKind::Numeric);
    }

    #[test]
    fn decimal_comma_and_point_do_not_mix() {
        let mut c = cx();
        c.decimal_comma = true;
        c.careful_numbers = true;
        let col = build(&["12,5", "3", "-0,5"], &mut c);
        assert_eq!(col.numbers().unwrap(), [12.5, 3.0, -0.5]);
        let col = build(&["12,5", "1.5"], &mut c);
        assert_eq!(col.kind, ColumnKind::Categorical);
        assert_eq!(col.codes().unwrap().1, ["12,5", "1.5"]);
    }

    #[test]
    fn latin1_fallback() {
        let mut c = cx();
        let mut b = ColumnBuilder::new();
        b.push(b"caf\xe9", &mut c);
        b.push("café".as_bytes(), &mut c);
        b.push(b"caf\xe9", &mut c);
        b.push(b"x", &mut c);
        let col = b.finish("x".into(), &mut c);
        // Both spellings of "café" are one level.
        assert_eq!(
            col.codes().unwrap(),
            (&[0, 0, 0, 1][..], &["café".to_string(), "x".to_string()][..])
        );
        assert_eq!(c.latin1_cells, 2);
    }

    #[test]
    fn convert_numbers_and_back() {
        let col = build(&["1", "2.5", ""], &mut cx());
        let cat = convert_column(&col, ColumnKind::Categorical).unwrap();
        let comma = build(&["1,234"], &mut cx());
        assert!(convert_column(&comma, ColumnKind::Numeric).is_err());
        assert_eq!(cat.codes().unwrap().1, ["1", "2.5"]);
        let back = convert_column(&cat, ColumnKind::Numeric).unwrap();
        assert_eq!(back.numbers().unwrap()[..2], [1.0, 2.5]);
        assert!(back.is_missing(2));
        let err = convert_column(&col, ColumnKind::Boolean).unwrap_err();
        assert!(matches!(err.kind(), DataErrorKind::BadCell { row: 2, .. }));
    }
}
