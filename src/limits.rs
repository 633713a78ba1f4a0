//! The sizes rareclass refuses to go past, and how it says so: the memory a
//! model or table may ask for (a browser tab's WebAssembly memory is at most
//! 4 GiB and an allocation past it aborts the whole instance, so the budget
//! is checked *before* allocating), the longest CSV field and the most
//! fields in a row, the most grid cells and trees; and showing a huge value
//! shortened with its length. Knows nothing of CSV syntax, models or the
//! browser: other modules ask it for the numbers and the wording.

/// The most memory one model's training (or one table) may ask for, in
/// bytes: 2 GiB. wasm32 addresses 4 GiB in all, which also holds the table,
/// the split and the scores; natively the same limit keeps the CLI from
/// swapping the machine to death on a typo such as `--hidden 60000,60000`.
pub const MEMORY_BUDGET: u64 = 2 << 30;

/// The most memory a tab's WebAssembly instance can have: 4 GiB (wasm32
/// addresses no more; Chromium, Firefox and WebKit all allow that much).
pub const TAB_MEMORY: u64 = 4 << 30;

/// The largest table the page reads, in bytes at 8 a cell: 1.75 GiB. A run
/// holds the table and what it makes of it at once (the split's prepared
/// matrices, the data check's signal table, the scores): measured in the
/// page's module, the instance's memory after the default run was 1.72×
/// the table (3,000,000 rows × 31 columns: a 710 MiB table, 869 MiB after
/// the read, 1,224 MiB after the run). At 1.75 GiB that is about 3 GiB,
/// leaving room for a model's own memory under [`TAB_MEMORY`]; a 3 GiB
/// table was read and then took the worker down in its first run.
pub const TABLE_BUDGET: u64 = 1792 << 20;

/// How many bytes this instance's memory may still grow by: in WebAssembly,
/// [`TAB_MEMORY`] less the memory it has now (a bound on the safe side:
/// some of that memory may be free inside the heap); natively `None`, since
/// the command-line program exists for tables too big for a tab.
pub fn memory_room() -> Option<u64> {
    #[cfg(target_arch = "wasm32")]
    {
        let now = core::arch::wasm32::memory_size::<0>() as u64 * 65536;
        Some(TAB_MEMORY.saturating_sub(now))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// The longest CSV field, in bytes: 1 MiB. A longer one is nearly always
/// a quote left open or a file that is not a table; refusing it early keeps
/// a 50 MB "cell" from being parsed, typed and echoed.
pub const MAX_FIELD_BYTES: usize = 1 << 20;

/// The most fields in one CSV row: 100,000 (files with 20,000 columns are
/// read fine; a single 50 MB line of millions of fields is not a table).
pub const MAX_FIELDS: usize = 100_000;

/// The most combinations a grid search may have.
pub const MAX_GRID_CELLS: usize = 10_000;

/// The most trees a forest may have.
pub const MAX_TREES: usize = 10_000;

/// The longest value shown whole in a message or table cell, in characters.
pub const SHOWN_CHARS: usize = 80;

/// `bytes` as a person reads it: `"512 bytes"`, `"3.4 MB"`, `"57.6 GB"`
/// (decimal units, three significant digits).
pub fn bytes_text(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["kB", "MB", "GB", "TB", "PB"];
    // NaN and negatives too: this is for messages, never for decisions.
    if bytes.is_nan() || bytes < 1000.0 {
        return format!("{} bytes", bytes.max(0.0) as u64);
    }
    let mut v = bytes / 1000.0;
    let mut unit = 0;
    while v >= 1000.0 && unit + 1 < UNITS.len() {
        v /= 1000.0;
        unit += 1;
    }
    let digits = if v >= 100.0 {
        0
    } else if v >= 10.0 {
        1
    } else {
        2
    };
    format!("{v:.digits$} {}", UNITS[unit])
}

/// `n` with thousands separators: `6700000` → `"6,700,000"`.
pub fn count_text(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `text` whole when it has at most [`SHOWN_CHARS`] characters; otherwise
/// its first ones, an ellipsis and its length:
/// `"aaaa… (52,428,800 characters)"`. For every place that echoes a value
/// from a file (errors, tables, the CLI).
pub fn shorten(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(SHOWN_CHARS) {
        None => text.into(),
        Some((cut, _)) => format!(
            "{}… ({} characters)",
            &text[..cut],
            count_text(text.chars().count() as u64)
        )
        .into(),
    }
}

/// An error for a build that would need more than [`MEMORY_BUDGET`]:
/// `"<what> needs about 57.6 GB (<how>), more than the 2.15 GB limit; <fix>"`.
pub fn too_big(what: &str, bytes: f64, how: &str, fix: &str) -> String {
    format!(
        "{what} needs about {} ({how}), more than the {} a browser tab can give it; {fix}",
        bytes_text(bytes),
        bytes_text(MEMORY_BUDGET as f64)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_and_counts_read_as_written_by_hand() {
        assert_eq!(bytes_text(512.0), "512 bytes");
        assert_eq!(bytes_text(3_400_000.0), "3.40 MB");
        // 60000 × 60000 × 16 bytes = 57.6e9.
        assert_eq!(bytes_text(57_600_000_000.0), "57.6 GB");
        assert_eq!(bytes_text(f64::INFINITY), "inf PB");
        assert_eq!(count_text(6_700_000), "6,700,000");
        assert_eq!(count_text(999), "999");
        assert_eq!(count_text(1000), "1,000");
    }

    #[test]
    fn long_values_are_cut_with_their_length() {
        assert_eq!(shorten("short"), "short");
        let long = "é".repeat(100);
        let s = shorten(&long);
        assert!(s.starts_with(&"é".repeat(80)), "{s}");
        assert!(s.ends_with("… (100 characters)"), "{s}");
    }
}
