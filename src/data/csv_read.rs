//! CSV bytes → typed [`Table`], streaming: [`TableReader`] takes the file in
//! chunks split anywhere (mid-field, mid-quote, mid-UTF-8), as the browser
//! reads a `File`; [`read_csv`] is the one-shot form. Owns the reading
//! policy (what is tolerated, what is an error, what is reported); the
//! tokenizing is `csv-core`'s, dialect sniffing is in [`crate::data::sniff`],
//! types in [`crate::data::infer`]. Knows nothing of files, models or the
//! browser.
//!
//! # What is read how
//!
//! - **Dialect**: delimiter `,` `;` tab or `|` and header or not are sniffed
//!   from the first 64 KiB unless set in [`ReadOptions`]; quotes are `"`,
//!   escaped by doubling (`""`); quoted fields may hold delimiters and line
//!   breaks. A UTF-8 byte-order mark is skipped. Lines end with LF, CRLF or
//!   a lone CR. Excel's `sep=;` first line sets the delimiter (and is not a
//!   row). The sample grows past 64 KiB (up to 8 MiB) until it holds a few
//!   lines, so a very wide header is still seen whole.
//! - **Blank lines** (empty or only spaces) are skipped anywhere.
//! - **Header**: names are trimmed; an empty name becomes `column_N` (N the
//!   1-based position) and a repeated one gets `_2`, `_3`, … (both reported
//!   in [`ReadReport::notes`]). Without a header the names are `column_1`…
//! - **Trailing delimiter**: a row with one field more than the header whose
//!   last field is empty is read without it; when the header itself ends with
//!   an empty name, rows one field short are read with that cell missing, and
//!   a last column with no name and no values is dropped (all reported).
//! - **Any other field count** is [`DataErrorKind::RaggedRow`] naming the
//!   1-based physical line where the row starts (lines inside quoted fields
//!   count, so it is the line an editor shows).
//! - **A quote still open at the end** is [`DataErrorKind::UnterminatedQuote`].
//! - **Not UTF-8**: a cell that is not valid UTF-8 is read as Latin-1 (the
//!   commonest legacy encoding; `é` saved by old Excel), counted in
//!   [`ReadReport::latin1_cells`] with a note. Zero bytes or a spreadsheet /
//!   archive signature in the first 64 KiB are [`DataErrorKind::NotText`].
//! - **Cells** are typed per column by [`crate::data::infer`] (numbers,
//!   booleans, dates, categories, text; missing markers; decimal commas when
//!   the delimiter is not `,`).

use crate::data::error::{self, DataError, DataErrorKind};
use crate::data::infer::{decode, ColumnBuilder, Context, Markers};
use crate::data::sniff::{check_text, sample_records, sniff_delimiter, sniff_header, SAMPLE_BYTES};
use crate::data::table::Table;
use crate::limits;
use csv_core::{ReadRecordResult, Reader, ReaderBuilder};
use serde::Serialize;

pub use crate::data::infer::{convert_column, convert_table_column};

/// How to read a CSV. Every `None` is sniffed from the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// The field delimiter. Default `None`: sniffed among `,` `;` tab `|`.
    pub delimiter: Option<u8>,
    /// Whether the first row is a header. Default `None`: sniffed.
    pub has_header: Option<bool>,
    /// Cell texts that mean "missing", compared after trimming spaces,
    /// case-sensitively. Default: `""`, `NA`, `N/A`, `n/a`, `#N/A`, `NaN`,
    /// `nan`, `null`, `NULL`, `None`, `?` (the pandas defaults that occur in
    /// practice, plus `?` as in the UCI sets).
    pub missing_markers: Vec<String>,
    /// Whether `12,5` is the number 12.5. Default `None`: yes unless the
    /// delimiter is `,` (a `,` file cannot hold an unquoted `12,5`, and a
    /// quoted one is more likely text such as `"1,234"`).
    pub decimal_comma: Option<bool>,
    /// The most memory the table may take, in bytes, estimated before
    /// reading past the first 64 KiB from the file's size (given by
    /// [`TableReader::size_hint`]) and the sample's rows, 8 bytes a cell:
    /// a file that cannot fit is refused with the numbers at once rather
    /// than read for a minute and then abort. Default:
    /// [`crate::limits::TABLE_BUDGET`] in WebAssembly (a tab's memory is
    /// at most 4 GiB and a run needs about 1.7 times the table), none
    /// natively.
    pub memory_budget: Option<u64>,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            delimiter: None,
            has_header: None,
            missing_markers: [
                "", "NA", "N/A", "n/a", "#N/A", "NaN", "nan", "null", "NULL", "None", "?",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            decimal_comma: None,
            memory_budget: cfg!(target_arch = "wasm32").then_some(crate::limits::TABLE_BUDGET),
        }
    }
}

/// What the reader decided and noticed, for the data summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReadReport {
    /// The delimiter used (as a one-character string in JSON).
    #[serde(serialize_with = "as_char")]
    pub delimiter: u8,
    /// Whether the first row was taken as the header.
    pub has_header: bool,
    /// Whether `12,5` was read as 12.5.
    pub decimal_comma: bool,
    /// Data rows.
    pub rows: usize,
    /// Columns (after dropping an empty trailing one).
    pub columns: usize,
    /// Cells that were not UTF-8 and were read as Latin-1.
    pub latin1_cells: u64,
    /// Things the user should know, one sentence each (renamed columns,
    /// ignored trailing delimiters, Latin-1 cells).
    pub notes: Vec<String>,
}

fn as_char<S: serde::Serializer>(d: &u8, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_char(char::from(*d))
}

/// A streaming CSV reader: [`push`](TableReader::push) chunks as they
/// arrive, then [`finish`](TableReader::finish).
///
/// It keeps the first 64 KiB until it has sniffed the dialect, then only the
/// typed columns and the current record, never the whole text.
///
/// # Example
///
/// ```
/// use rareclass::data::{ReadOptions, TableReader};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let file = "id,comment\n1,\"split \"\"anywhere\"\"\"\n2,ok\n".as_bytes();
/// let mut reader = TableReader::new(ReadOptions::default());
/// reader.size_hint(file.len() as u64); // optional
/// for chunk in file.chunks(5) {
///     reader.push(chunk)?; // a progress bar can show reader.bytes_read()
/// }
/// let table = reader.finish()?;
/// assert_eq!(table.columns[1].cell_text(0).as_deref(), Some("split \"anywhere\""));
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct TableReader {
    options: ReadOptions,
    state: State,
    bytes_read: u64,
    size_hint: Option<u64>,
}

#[derive(Debug)]
enum State {
    /// Collecting the sample the sniffers need.
    Sampling(Sample),
    Parsing(Box<Parser>),
    /// An error was returned; the same error is returned again.
    Failed(DataErrorKind),
}

/// The first bytes of the file, kept until the dialect can be sniffed.
#[derive(Debug, Default)]
struct Sample {
    bytes: Vec<u8>,
    newlines: usize,
}

impl Sample {
    fn add(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
        self.newlines += bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count();
    }

    /// At least [`SAMPLE_BYTES`] holding a few rows (a header of 10,000
    /// long names can pass 64 KiB), or [`MAX_SAMPLE_BYTES`] regardless.
    fn is_enough(&self) -> bool {
        let n = self.bytes.len();
        n >= MAX_SAMPLE_BYTES || (n >= SAMPLE_BYTES && self.newlines >= 10)
    }
}

/// The most the reader keeps before sniffing, however long the rows.
const MAX_SAMPLE_BYTES: usize = 8 << 20;

impl TableReader {
    /// A reader with these options.
    pub fn new(options: ReadOptions) -> TableReader {
        TableReader {
            options,
            state: State::Sampling(Sample::default()),
            bytes_read: 0,
            size_hint: None,
        }
    }

    /// Reads the next chunk of the file. Chunks may be split anywhere.
    ///
    /// # Errors
    ///
    /// The errors of [`read_csv`], as soon as the offending row is complete.
    /// After an error every later call returns it again.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), DataError> {
        self.bytes_read += chunk.len() as u64;
        let result = self.push_inner(chunk);
        self.remember(result)
    }

    fn push_inner(&mut self, chunk: &[u8]) -> Result<(), DataError> {
        match &mut self.state {
            State::Failed(kind) => Err(kind.clone().into()),
            State::Parsing(p) => p.feed(chunk),
            State::Sampling(sample) => {
                let mut rest = chunk;
                loop {
                    let wanted = if sample.bytes.len() < SAMPLE_BYTES {
                        SAMPLE_BYTES - sample.bytes.len()
                    } else {
                        SAMPLE_BYTES
                    };
                    let (now, later) = rest.split_at(rest.len().min(wanted));
                    sample.add(now);
                    rest = later;
                    if !sample.is_enough() {
                        if rest.is_empty() {
                            return Ok(());
                        }
                        continue;
                    }
                    let bytes = std::mem::take(&mut sample.bytes);
                    let mut parser = Parser::start(&self.options, bytes, false, self.size_hint)?;
                    parser.feed(rest)?;
                    self.state = State::Parsing(parser);
                    return Ok(());
                }
            }
        }
    }

    /// Tells the reader how big the whole file is (the browser knows
    /// `File.size`), so the columns can be allocated once instead of grown.
    /// Optional; call it before the first [`push`](TableReader::push).
    pub fn size_hint(&mut self, total_bytes: u64) {
        self.size_hint = Some(total_bytes);
    }

    fn remember<T>(&mut self, result: Result<T, DataError>) -> Result<T, DataError> {
        if let Err(e) = &result {
            self.state = State::Failed(e.kind().clone());
        }
        result
    }

    /// How many bytes have been pushed so far (for a progress bar).
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// Ends the input and returns the table.
    ///
    /// # Errors
    ///
    /// The errors of [`read_csv`].
    pub fn finish(self) -> Result<Table, DataError> {
        self.finish_with_report().map(|(table, _)| table)
    }

    /// [`finish`](TableReader::finish), with what the reader decided and
    /// noticed.
    pub fn finish_with_report(self) -> Result<(Table, ReadReport), DataError> {
        let parser = match self.state {
            State::Failed(kind) => return Err(kind.into()),
            State::Parsing(p) => p,
            State::Sampling(sample) => Parser::start(&self.options, sample.bytes, true, None)?,
        };
        parser.finish()
    }
}

/// Reads a whole CSV held in memory: [`TableReader::new`], one
/// [`push`](TableReader::push), [`finish`](TableReader::finish).
///
/// # Errors
///
/// - [`DataErrorKind::Empty`]: no rows at all;
/// - [`DataErrorKind::NotText`]: a binary file (spreadsheet, archive, UTF-16);
/// - [`DataErrorKind::RaggedRow`]: a row with the wrong number of fields;
/// - [`DataErrorKind::UnterminatedQuote`]: a quote never closed.
///
/// # Example
///
/// ```
/// use rareclass::data::{read_csv, ColumnKind, ReadOptions};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let table = read_csv(b"amount;paid\n12,5;yes\n3;no\n", &ReadOptions::default())?;
/// assert_eq!(table.names(), ["amount", "paid"]);
/// assert_eq!(table.columns[0].numbers(), Some(&[12.5, 3.0][..]));
/// assert_eq!(table.columns[1].kind, ColumnKind::Boolean);
///
/// let err = read_csv(b"a,b\n1,2\n3\n", &ReadOptions::default()).unwrap_err();
/// assert_eq!(err.to_string(), "CSV line 3: found 1 field, but the header has 2; is a value or delimiter missing, or a line break inside a field without quotes?");
/// # Ok(()) }
/// ```
pub fn read_csv(bytes: &[u8], options: &ReadOptions) -> Result<Table, DataError> {
    read_csv_with_report(bytes, options).map(|(table, _)| table)
}

/// [`read_csv`], with what the reader decided and noticed.
pub fn read_csv_with_report(bytes: &[u8], options: &ReadOptions) -> Result<(Table, ReadReport), DataError> {
    let mut reader = TableReader::new(options.clone());
    reader.size_hint(bytes.len() as u64);
    reader.push(bytes)?;
    reader.finish_with_report()
}

/// The parsing state after sniffing.
#[derive(Debug)]
struct Parser {
    rdr: Reader,
    /// The current record's field bytes (csv-core's output) and its length.
    out: Vec<u8>,
    out_len: usize,
    /// The current record's field ends and their count.
    ends: Vec<usize>,
    ends_len: usize,
    delimiter: u8,
    has_header: bool,
    /// Fields per row, known from the first record.
    expected: Option<usize>,
    /// The names as read (before renaming), for notes; empty without header.
    raw_names: Vec<String>,
    names: Vec<String>,
    columns: Vec<ColumnBuilder>,
    cx: Context,
    rows: usize,
    /// Rows read without an extra empty last field.
    extra_field_rows: u64,
    /// Rows padded with a missing last cell.
    short_rows: u64,
    /// Records completed (header and blank lines included).
    records: u64,
    /// In a file whose lines end with a lone CR: 1 + the CRs read so far
    /// (csv-core counts only LFs).
    cr_line: Option<u64>,
}

impl Parser {
    /// Sniffs what `options` leave open from `sample` (the whole file when
    /// `complete`), then parses the sample.
    fn start(
        options: &ReadOptions,
        mut sample: Vec<u8>,
        complete: bool,
        size_hint: Option<u64>,
    ) -> Result<Box<Parser>, DataError> {
        if sample.starts_with(b"\xef\xbb\xbf") {
            sample.drain(..3);
        }
        check_text(&sample)?;
        // Excel's `sep=;` first line names the delimiter.
        let mut first_line = 1;
        let mut excel_sep = None;
        if let [b's', b'e', b'p', b'=', d, rest @ ..] = &sample[..] {
            let ending = match rest {
                [b'\r', b'\n', ..] => Some(2),
                [b'\n' | b'\r', ..] => Some(1),
                [] if complete => Some(0),
                _ => None,
            };
            if let Some(ending) = ending {
                excel_sep = Some(*d);
                sample.drain(..5 + ending);
                first_line = 2;
            }
        }
        let delimiter = match (options.delimiter, excel_sep) {
            (Some(d), _) | (None, Some(d)) => d,
            (None, None) => sniff_delimiter(&sample, complete),
        };
        // Old Mac files end lines with a lone CR, which csv-core reads as a
        // line end but does not count as a line: count those ourselves.
        let cr_lines = sample.contains(&b'\r') && !sample.contains(&b'\n');
        let markers = Markers::new(&options.missing_markers);
        let decimal_comma = options.decimal_comma.unwrap_or(delimiter != b',');
        let has_header = match options.has_header {
            Some(h) => h,
            None => {
                let records = sample_records(&sample, delimiter, complete, 200);
                sniff_header(&records, &markers, decimal_comma)
            }
        };
        let mut rdr = ReaderBuilder::new().delimiter(delimiter).build();
        rdr.set_line(first_line);
        let mut parser = Box::new(Parser {
            rdr,
            cr_line: cr_lines.then_some(first_line),
            out: vec![0; 64 * 1024],
            out_len: 0,
            ends: vec![0; 256],
            ends_len: 0,
            delimiter,
            has_header,
            expected: None,
            raw_names: Vec::new(),
            names: Vec::new(),
            columns: Vec::new(),
            cx: Context {
                careful_numbers: decimal_comma || markers.has_numeric(),
                markers,
                decimal_comma,
                latin1_cells: 0,
                infinite_cells: Vec::new(),
            },
            rows: 0,
            extra_field_rows: 0,
            short_rows: 0,
            records: 0,
        });
        parser.feed(&sample)?;
        if let Some(total) = size_hint.filter(|_| parser.rows > 0 && !sample.is_empty()) {
            // Rows in the file as in the sample, plus 5 %; capped so that
            // a sample of short rows cannot reserve more than twice the
            // file's size.
            let estimate = (parser.rows as f64 * total as f64 / sample.len() as f64 * 1.05) as usize;
            let need = estimate as f64 * parser.columns.len() as f64 * 8.0;
            if let Some(budget) = options.memory_budget.filter(|&b| need > b as f64) {
                return Err(DataErrorKind::TooBig {
                    file_bytes: total,
                    rows: estimate as u64,
                    columns: parser.columns.len(),
                    need: need as u64,
                    budget,
                }
                .into());
            }
            let per_row = 8 * parser.columns.len().max(1);
            let cap = (total as usize).saturating_mul(2) / per_row;
            let rows = estimate.min(cap).saturating_sub(parser.rows);
            for column in &mut parser.columns {
                column.reserve(rows);
            }
        }
        Ok(parser)
    }

    /// Parses `input`, handling every record it completes.
    fn feed(&mut self, input: &[u8]) -> Result<(), DataError> {
        let mut pos = 0;
        // An empty input means "end of file" to csv-core: never pass one here.
        while pos < input.len() {
            let (res, nin, nout, nend) = self.rdr.read_record(
                &input[pos..],
                &mut self.out[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            if let Some(line) = &mut self.cr_line {
                *line += input[pos..pos + nin].iter().filter(|&&b| b == b'\r').count() as u64;
            }
            pos += nin;
            self.out_len += nout;
            self.ends_len += nend;
            match res {
                ReadRecordResult::InputEmpty | ReadRecordResult::End => break,
                ReadRecordResult::OutputFull => {
                    self.check_limits(false)?;
                    self.out.resize(self.out.len() * 2, 0)
                }
                ReadRecordResult::OutputEndsFull => {
                    self.check_limits(false)?;
                    self.ends.resize(self.ends.len() * 2, 0)
                }
                ReadRecordResult::Record => {
                    self.check_limits(ended_by(input, pos, nin, self.cr_line.is_some()))?;
                    self.record(ended_by(input, pos, nin, self.cr_line.is_some()))?;
                }
            }
        }
        Ok(())
    }

    /// Refuses the current record as soon as it holds more than
    /// [`limits::MAX_FIELDS`] fields or a field longer than
    /// [`limits::MAX_FIELD_BYTES`]: checked whenever csv-core's buffers fill
    /// (they double, so the cost is nothing) and at each record's end, so a
    /// 50 MB line is refused after reading a few MB of it, not parsed,
    /// typed and echoed.
    fn check_limits(&self, ended_by_line_break: bool) -> Result<(), DataError> {
        // The usual record: neither limit can be reached (one compare each).
        if self.ends_len <= limits::MAX_FIELDS && self.out_len <= limits::MAX_FIELD_BYTES {
            return Ok(());
        }
        let ends = &self.ends[..self.ends_len];
        if ends.len() > limits::MAX_FIELDS {
            return Err(DataErrorKind::TooManyFields {
                line: self.start_line(ended_by_line_break),
                limit: limits::MAX_FIELDS,
            }
            .into());
        }
        // Finished fields, then the one still being written.
        let mut start = 0;
        let lengths = ends.iter().map(|&end| {
            let len = end - start;
            start = end;
            len
        });
        let longest = lengths.enumerate().max_by_key(|&(_, len)| len);
        let current = (ends.len(), self.out_len - ends.last().copied().unwrap_or(0));
        let (index, len) = match longest {
            Some(l) if l.1 >= current.1 => l,
            _ => current,
        };
        if len > limits::MAX_FIELD_BYTES {
            return Err(DataErrorKind::FieldTooLong {
                line: self.start_line(ended_by_line_break),
                field: index + 1,
                column: self.names.get(index).cloned(),
                bytes: len,
                limit: limits::MAX_FIELD_BYTES,
            }
            .into());
        }
        Ok(())
    }

    /// The 1-based line where the current record starts: the line of its
    /// last byte less the line breaks inside it.
    fn start_line(&self, ended_by_line_break: bool) -> u64 {
        let (line, line_break) = match self.cr_line {
            Some(line) => (line, b'\r'),
            None => (self.rdr.line(), b'\n'),
        };
        let end_line = line - u64::from(ended_by_line_break);
        let inside = self.out[..self.out_len].iter().filter(|&&b| b == line_break).count() as u64;
        end_line.saturating_sub(inside).max(1)
    }

    /// Handles one complete record in `out`/`ends`.
    fn record(&mut self, ended_by_newline: bool) -> Result<(), DataError> {
        let n = self.ends_len;
        self.records += 1;
        let result = self.record_inner(n, ended_by_newline);
        self.out_len = 0;
        self.ends_len = 0;
        result
    }

    #[inline]
    fn record_inner(&mut self, n: usize, ended_by_newline: bool) -> Result<(), DataError> {
        let ends = &self.ends[..n];
        let out = &self.out[..self.out_len];
        if n == 1 && out.trim_ascii().is_empty() {
            // A blank line (csv-core skips only truly empty ones).
            return Ok(());
        }
        let expected = match self.expected {
            Some(e) => e,
            None => return self.first_record(n),
        };
        let columns = &mut self.columns;
        let cx = &mut self.cx;
        if n == expected {
            let mut start = 0;
            for (column, &end) in columns.iter_mut().zip(ends) {
                column.push(&out[start..end], cx);
                start = end;
            }
        } else if n == expected + 1 && out[ends[n - 2]..].trim_ascii().is_empty() {
            self.extra_field_rows += 1;
            let mut start = 0;
            for (column, &end) in columns.iter_mut().zip(ends) {
                column.push(&out[start..end], cx);
                start = end;
            }
        } else if n + 1 == expected && self.raw_names.last().is_some_and(|s| s.is_empty()) {
            self.short_rows += 1;
            let mut start = 0;
            for (column, &end) in columns.iter_mut().zip(ends) {
                column.push(&out[start..end], cx);
                start = end;
            }
            if let Some(last) = columns.last_mut() {
                last.push(b"", cx);
            }
        } else {
            return Err(DataErrorKind::RaggedRow {
                line: self.start_line(ended_by_newline),
                found: n,
                expected,
                has_header: self.has_header,
            }
            .into());
        }
        self.rows += 1;
        Ok(())
    }

    /// The first record: the header, or the first data row.
    #[cold]
    fn first_record(&mut self, n: usize) -> Result<(), DataError> {
        self.expected = Some(n);
        self.columns = (0..n).map(|_| ColumnBuilder::new()).collect();
        if !self.has_header {
            self.names = (1..=n).map(|i| format!("column_{i}")).collect();
            self.expected = Some(n);
            let newline = false;
            return self.record_inner(n, newline);
        }
        let mut start = 0;
        for &end in &self.ends[..n] {
            let (name, lossy) = decode(self.out[start..end].trim_ascii());
            self.cx.latin1_cells += u64::from(lossy);
            self.raw_names.push(name.into_owned());
            start = end;
        }
        self.names = unique_names(&self.raw_names);
        Ok(())
    }

    /// Ends the input: the last record, then the table.
    fn finish(mut self: Box<Self>) -> Result<(Table, ReadReport), DataError> {
        // Is the input ending inside a quoted field? Feed a line break:
        // inside quotes it is copied as data; anywhere else it ends the
        // record (as the end of input would) or is skipped. (Probing a clone
        // would be tidier, but csv-core 0.1.13's `Clone` for its DFA copies
        // only the transition table.)
        let (records, out_len) = (self.records, self.out_len);
        self.feed(b"\n")?;
        if self.records == records && self.out_len > out_len {
            return Err(DataErrorKind::UnterminatedQuote {
                line: self.start_line(false),
            }
            .into());
        }
        loop {
            let (res, _, nout, nend) =
                self.rdr
                    .read_record(&[], &mut self.out[self.out_len..], &mut self.ends[self.ends_len..]);
            self.out_len += nout;
            self.ends_len += nend;
            match res {
                ReadRecordResult::Record => {
                    self.check_limits(false)?;
                    self.record(false)?
                }
                ReadRecordResult::OutputFull => {
                    self.check_limits(false)?;
                    self.out.resize(self.out.len() * 2 + 1, 0)
                }
                ReadRecordResult::OutputEndsFull => {
                    self.check_limits(false)?;
                    self.ends.resize(self.ends.len() * 2 + 1, 0)
                }
                ReadRecordResult::InputEmpty | ReadRecordResult::End => break,
            }
        }
        if self.expected.is_none() {
            return Err(DataErrorKind::Empty.into());
        }
        self.into_table()
    }

    fn into_table(self) -> Result<(Table, ReadReport), DataError> {
        let rows = self.rows;
        let mut cx = self.cx;
        let mut columns: Vec<_> = self
            .columns
            .into_iter()
            .zip(self.names)
            .map(|(builder, name)| builder.finish(name, &mut cx))
            .collect();
        let mut notes = Vec::new();
        let unnamed_last = !self.has_header || self.raw_names.last().is_some_and(|s| s.is_empty());
        let dropped = columns.len() > 1 && unnamed_last && columns.last().is_some_and(|c| c.missing_count() == c.len());
        if dropped {
            columns.pop();
            notes.push(format!(
                "the last column (#{}) has no name and no values (lines end with the delimiter): it was dropped",
                columns.len() + 1
            ));
        }
        for (i, (raw, name)) in self
            .raw_names
            .iter()
            .zip(&columns)
            .map(|(r, c)| (r, &c.name))
            .enumerate()
        {
            if raw.is_empty() {
                notes.push(format!("column #{} has no name: it is called \"{name}\"", i + 1));
            } else if raw != name {
                notes.push(format!(
                    "column #{} is named \"{raw}\" like an earlier one: it is called \"{name}\"",
                    i + 1
                ));
            }
        }
        if self.extra_field_rows > 0 {
            notes.push(format!(
                "{} row{} end with an extra delimiter: the empty last field was ignored",
                self.extra_field_rows,
                if self.extra_field_rows == 1 { "" } else { "s" }
            ));
        }
        if self.short_rows > 0 && !dropped {
            notes.push(format!(
                "{} row{} have no cell for the unnamed last column: read as missing",
                self.short_rows,
                if self.short_rows == 1 { "" } else { "s" }
            ));
        }
        for (name, n) in &cx.infinite_cells {
            notes.push(format!(
                "column \"{}\": {} cell{} infinite (inf, or a number past ±1.8e308 such as 1e400): read as missing, the column stays numeric",
                error::cut(name),
                limits::count_text(*n),
                if *n == 1 { " is" } else { "s are" }
            ));
        }
        for c in columns.iter().filter(|c| !c.is_empty() && c.missing_count() == c.len()) {
            notes.push(format!(
                "column \"{}\" has no values: it is left out of the features",
                error::cut(&c.name)
            ));
        }
        if cx.latin1_cells > 0 {
            notes.push(format!(
                "{} cell{} not valid UTF-8 and were read as Latin-1 (ISO-8859-1); if letters look wrong, save the file as UTF-8",
                cx.latin1_cells,
                if cx.latin1_cells == 1 { " was" } else { "s were" }
            ));
        }
        let report = ReadReport {
            delimiter: self.delimiter,
            has_header: self.has_header,
            decimal_comma: cx.decimal_comma,
            rows,
            columns: columns.len(),
            latin1_cells: cx.latin1_cells,
            notes,
        };
        Ok((Table { columns, n_rows: rows }, report))
    }
}

/// Whether the record csv-core just completed ended with the file's line
/// break (`pos` is after the `nin` bytes it read).
fn ended_by(input: &[u8], pos: usize, nin: usize, cr_lines: bool) -> bool {
    let line_break = if cr_lines { b'\r' } else { b'\n' };
    nin > 0 && input[pos - 1] == line_break
}

/// Header names made unique and non-empty: `""` at position i (0-based)
/// becomes `column_{i+1}`, a repeat of `a` becomes `a_2`, `a_3`, …
fn unique_names(raw: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut names = Vec::with_capacity(raw.len());
    // Reserve the names as written first, so `a, a, a_2` gives `a, a_3, a_2`
    // rather than renaming the third one.
    let written: std::collections::HashSet<&str> = raw.iter().map(|s| s.as_str()).collect();
    for (i, r) in raw.iter().enumerate() {
        let base = if r.is_empty() {
            format!("column_{}", i + 1)
        } else {
            r.clone()
        };
        let mut name = base.clone();
        let mut k = 2;
        while seen.contains(&name) || (name != *r && written.contains(name.as_str())) {
            name = format!("{base}_{k}");
            k += 1;
        }
        seen.insert(name.clone());
        names.push(name);
    }
    names
}

impl std::fmt::Display for ReadReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let delimiter = match self.delimiter {
            b'\t' => "tab".to_string(),
            d => format!("'{}'", char::from(d)),
        };
        write!(
            f,
            "{} rows, {} columns, delimiter {delimiter}, {}",
            self.rows,
            self.columns,
            if self.has_header { "with header" } else { "no header" }
        )?;
        for note in &self.notes {
            write!(f, "\n{note}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_names_rules() {
        let raw: Vec<String> = ["a", "a", "", "a_2", "b"].iter().map(|s| s.to_string()).collect();
        assert_eq!(unique_names(&raw), ["a", "a_3", "column_3", "a_2", "b"]);
    }

    #[test]
    fn ragged_row_line_counts_quoted_newlines() {
        let err = read_csv(b"a,b\n\"x\ny\",1\n\n2\n", &ReadOptions::default()).unwrap_err();
        assert!(matches!(
            err.kind(),
            DataErrorKind::RaggedRow {
                line: 5,
                found: 1,
                expected: 2,
                ..
            }
        ));
    }
}
