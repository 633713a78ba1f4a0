//! Dialect sniffing from the first bytes of a file: is it text at all, which
//! delimiter, is the first row a header. Works on one sample (the first
//! [`SAMPLE_BYTES`]); knows nothing of typed columns or of the rest of the
//! file.
//!
//! # Rules
//!
//! - **Not text**: a zero byte in the sample, a UTF-16 byte-order mark, or
//!   the signature of a zip archive (`.xlsx`), old `.xls`, gzip or PDF at the
//!   start → [`DataErrorKind::NotText`].
//! - **Delimiter**: each of `,` `;` tab `|` splits the sample's records (with
//!   quotes honoured, by `csv-core`); the winner has more than one field per
//!   row, then the largest share of rows with its most common field count,
//!   then the largest share of number-looking fields (so `1,5;2,5` is `;`
//!   with decimal commas, not `,`), then the most fields. No candidate
//!   giving more than one field → `,` (a one-column file).
//! - **Header**: the first row is compared with the rows below, column by
//!   column. A column whose values below are all numbers (or all booleans,
//!   or all dates) votes *header* when its first cell is not of that type and
//!   not missing, and *data* when it is (a first cell spelling a boolean,
//!   like `y`, that does not reappear below counts as a name). A text column
//!   votes *data* when its first cell reappears below. More header votes → header; more data votes
//!   → no header; a tie → header unless some first-row cell is a number. A
//!   lone row is a header unless one of its cells is a number.

use crate::data::error::DataErrorKind;
use crate::data::infer::{parse_datetime, parse_decimal_comma, parse_number, Markers};
use csv_core::{ReadRecordResult, ReaderBuilder};

/// How many bytes the sniffers look at.
pub const SAMPLE_BYTES: usize = 64 * 1024;

/// How many records of the sample the sniffers use at most.
const SAMPLE_RECORDS: usize = 500;

/// The delimiters tried, in the order ties are broken.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// `Err` when the sample is clearly not a text file (see the module doc).
pub(crate) fn check_text(sample: &[u8]) -> Result<(), DataErrorKind> {
    let signatures: [(&[u8], &'static str); 6] = [
        (b"PK\x03\x04", "a zip archive (an .xlsx workbook?)"),
        (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) or Office file"),
        (b"\x1f\x8b", "a gzip-compressed file"),
        (b"%PDF", "a PDF document"),
        (b"\xff\xfe", "UTF-16 text"),
        (b"\xfe\xff", "UTF-16 text"),
    ];
    for (magic, format) in signatures {
        if sample.starts_with(magic) {
            return Err(DataErrorKind::NotText {
                offset: 0,
                format: Some(format),
            });
        }
    }
    match sample.iter().position(|&b| b == 0) {
        Some(i) => Err(DataErrorKind::NotText {
            offset: i as u64,
            format: None,
        }),
        None => Ok(()),
    }
}

/// Calls `f(fields)` for each of the first `max` non-blank records of
/// `sample` split by `delimiter`. When the sample is not the `complete` file
/// its last record may be cut, so it is left out.
fn for_each_record(sample: &[u8], delimiter: u8, complete: bool, max: usize, mut f: impl FnMut(&[&[u8]])) {
    let mut rdr = ReaderBuilder::new().delimiter(delimiter).build();
    let mut out = vec![0u8; sample.len() + 1];
    let mut ends = vec![0usize; 64];
    let (mut pos, mut out_len, mut ends_len, mut seen) = (0, 0, 0, 0);
    while seen < max {
        let input = &sample[pos..];
        let (res, nin, nout, nend) = rdr.read_record(input, &mut out[out_len..], &mut ends[ends_len..]);
        pos += nin;
        out_len += nout;
        ends_len += nend;
        match res {
            ReadRecordResult::InputEmpty => {
                if !complete {
                    break;
                }
                // The next call, with empty input, ends the last record.
            }
            ReadRecordResult::OutputFull => out.resize(out.len() * 2 + 1, 0),
            ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
            ReadRecordResult::Record => {
                let mut fields: Vec<&[u8]> = Vec::with_capacity(ends_len);
                let mut start = 0;
                for &end in &ends[..ends_len] {
                    fields.push(&out[start..end]);
                    start = end;
                }
                if !(fields.len() == 1 && fields[0].trim_ascii().is_empty()) {
                    f(&fields);
                    seen += 1;
                }
                out_len = 0;
                ends_len = 0;
            }
            ReadRecordResult::End => break,
        }
    }
}

/// The records of `sample` split by `delimiter`, at most `max`, blank lines
/// left out (see [`for_each_record`]).
pub(crate) fn sample_records(sample: &[u8], delimiter: u8, complete: bool, max: usize) -> Vec<Vec<Vec<u8>>> {
    let mut records = Vec::new();
    for_each_record(sample, delimiter, complete, max, |fields| {
        records.push(fields.iter().map(|f| f.to_vec()).collect());
    });
    records
}

/// The delimiter of `sample` by the rule of the module doc.
pub fn sniff_delimiter(sample: &[u8], complete: bool) -> u8 {
    let mut best = (b',', (false, 0u64, 0u64, 0usize));
    for d in DELIMITERS {
        let mut counts: Vec<(usize, u64)> = Vec::new();
        let (mut records, mut numeric, mut total) = (0u64, 0u64, 0u64);
        for_each_record(sample, d, complete, SAMPLE_RECORDS, |fields| {
            records += 1;
            match counts.iter_mut().find(|(n, _)| *n == fields.len()) {
                Some((_, k)) => *k += 1,
                None => counts.push((fields.len(), 1)),
            }
            for f in fields {
                let t = f.trim_ascii();
                total += 1;
                let number = parse_number(t).is_some() || (d != b',' && parse_decimal_comma(t).is_some());
                numeric += u64::from(number);
            }
        });
        if records == 0 {
            continue;
        }
        let (modal, freq) = counts.iter().copied().max_by_key(|&(n, k)| (k, n)).unwrap_or((1, 0));
        let consistency = freq * 1000 / records;
        let numeric_share = (numeric * 1000).checked_div(total).unwrap_or(0);
        let score = (modal > 1, consistency, numeric_share, modal);
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// What a cell looks like, for the header vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Look {
    Missing,
    Number,
    Boolean,
    Date,
    Text,
}

fn look(cell: &[u8], markers: &Markers, decimal_comma: bool) -> Look {
    let t = cell.trim_ascii();
    if markers.is_missing(t) {
        return Look::Missing;
    }
    if parse_number(t).is_some() || (decimal_comma && parse_decimal_comma(t).is_some()) {
        return Look::Number;
    }
    let s = String::from_utf8_lossy(t);
    let lower = s.to_ascii_lowercase();
    if ["true", "false", "yes", "no", "y", "n", "t", "f"].contains(&lower.as_str()) {
        return Look::Boolean;
    }
    if parse_datetime(&s).is_some() {
        return Look::Date;
    }
    Look::Text
}

/// Whether the first of `records` is a header, by the vote of the module doc.
pub(crate) fn sniff_header(records: &[Vec<Vec<u8>>], markers: &Markers, decimal_comma: bool) -> bool {
    let Some(first) = records.first() else {
        return false;
    };
    let first_looks: Vec<Look> = first.iter().map(|c| look(c, markers, decimal_comma)).collect();
    let any_number = first_looks.contains(&Look::Number);
    if records.len() == 1 {
        return !any_number;
    }
    let rest = &records[1..];
    let mut votes = 0i64;
    for (j, cell) in first.iter().enumerate() {
        let below: Vec<&[u8]> = rest.iter().filter_map(|r| r.get(j)).map(|c| c.as_slice()).collect();
        let mut kind: Option<Look> = None;
        let mut mixed = false;
        for c in &below {
            let l = look(c, markers, decimal_comma);
            if l == Look::Missing {
                continue;
            }
            match kind {
                None => kind = Some(l),
                Some(k) if k == l => {}
                Some(_) => mixed = true,
            }
        }
        let mut top = first_looks[j];
        if top == Look::Boolean
            && !below
                .iter()
                .any(|c| c.trim_ascii().eq_ignore_ascii_case(cell.trim_ascii()))
        {
            // A label column called `y` over yes/no values: a name, not a value.
            top = Look::Text;
        }
        match kind {
            None => {}
            Some(k) if mixed || k == Look::Text => {
                let repeated = below.iter().any(|c| c.trim_ascii() == cell.trim_ascii());
                votes -= i64::from(repeated);
            }
            Some(k) => {
                if top == k {
                    votes -= 1;
                } else if top != Look::Missing {
                    votes += 1;
                }
            }
        }
    }
    match votes {
        v if v > 0 => true,
        v if v < 0 => false,
        _ => !any_number,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markers() -> Markers {
        Markers::new(&["".into(), "NA".into()])
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3\n", true), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n1,5;2;3\n", true), b';');
        assert_eq!(sniff_delimiter(b"1,5;2,5\n3,5;4,5\n", true), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n1\t2\n", true), b'\t');
        assert_eq!(sniff_delimiter(b"a|b\n1|2\n", true), b'|');
        assert_eq!(sniff_delimiter(b"\"x;y\",b\n\"1;2\",3\n", true), b',');
        assert_eq!(sniff_delimiter(b"abc\n1\n", true), b',');
    }

    #[test]
    fn header_votes() {
        let rec = |s: &str| sample_records(s.as_bytes(), b',', true, 100);
        assert!(sniff_header(&rec("a,b\n1,2\n3,4\n"), &markers(), false));
        assert!(!sniff_header(&rec("1,2\n3,4\n"), &markers(), false));
        assert!(!sniff_header(&rec("x,2\ny,4\nx,5\n"), &markers(), false));
        assert!(sniff_header(&rec("name,kind\nx,y\nz,w\n"), &markers(), false));
        assert!(sniff_header(&rec("a,b\n"), &markers(), false));
        assert!(!sniff_header(&rec("a,1\n"), &markers(), false));
        assert!(sniff_header(&rec(",a\n0,1\n1,2\n"), &markers(), false));
        assert!(sniff_header(&rec("x,y\nabc,yes\ndef,no\n"), &markers(), false));
        assert!(!sniff_header(&rec("y,abc\nn,def\ny,ghi\n"), &markers(), false));
    }

    #[test]
    fn not_text() {
        assert!(check_text(b"PK\x03\x04rest").is_err());
        assert!(matches!(
            check_text(b"a,b\n\x001,2"),
            Err(DataErrorKind::NotText {
                offset: 4,
                format: None
            })
        ));
        assert!(check_text(b"a,b\n1,2\n").is_ok());
    }
}
