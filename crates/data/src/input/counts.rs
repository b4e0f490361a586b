//! Tables of counts given directly: the `--counts` text and counts files
//! (CSV with optional row and column labels).

use crate::error::{Error, InputError, Result};
use crate::input::returns::{TextEncoding, decode, unix_lines};
use crate::messages::errors::{Expected, Shape, Usage};
use std::path::Path;

/// Parses `--counts`: rows separated by ';', cells by ','.
pub fn parse_counts(text: &str) -> Result<Vec<Vec<u64>>> {
    let mut rows = Vec::new();
    for (i, row) in text.split(';').enumerate() {
        if row.trim().is_empty() && i > 0 && text.trim_end().ends_with(';') {
            continue;
        }
        let mut cells = Vec::new();
        for (j, cell) in row.split(',').enumerate() {
            let v = cell.trim();
            cells.push(v.parse::<u64>().map_err(|_| {
                Error::Usage(Usage::CountsCell {
                    row: i + 1,
                    column: j + 1,
                    value: v.to_string(),
                })
            })?);
        }
        rows.push(cells);
    }
    check_shape(rows, |shape| Usage::Counts(shape).into())
}

/// Checks that the rows are a table: some counts, rows of equal length, a
/// total that fits in 64 bits.
fn check_shape(rows: Vec<Vec<u64>>, err: impl Fn(Shape) -> Error) -> Result<Vec<Vec<u64>>> {
    let width = rows.first().map_or(0, Vec::len);
    if rows.is_empty() || width == 0 {
        return Err(err(Shape::NoCounts));
    }
    if let Some((i, r)) = rows.iter().enumerate().find(|(_, r)| r.len() != width) {
        return Err(err(Shape::RowLength {
            row: i + 1,
            len: r.len(),
            width,
        }));
    }
    let mut total: u64 = 0;
    for r in &rows {
        for &v in r {
            total = total.checked_add(v).ok_or_else(|| err(Shape::TooLarge))?;
        }
    }
    Ok(rows)
}

/// Counts with the row and column labels a file gave, if any.
pub type LabelledCounts = (Vec<Vec<u64>>, Option<Vec<String>>, Option<Vec<String>>);

/// Reads a counts CSV: an optional header row of column labels and an
/// optional first column of row labels.
pub fn read_counts_file(path: &Path) -> Result<LabelledCounts> {
    let bytes = super::read_limited(path, super::MAX_SMALL_FILE_BYTES)?;
    parse_counts_file(path, &bytes)
}

/// `read_counts_file` on bytes already read (`path` names them in errors).
pub fn parse_counts_file(path: &Path, bytes: &[u8]) -> Result<LabelledCounts> {
    let (text, _) = decode(path, bytes, TextEncoding::Auto)?;
    let text = unix_lines(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            InputError::new(
                path,
                Expected::WellFormedCsv {
                    detail: e.to_string(),
                },
            )
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let cells: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        records.push((line, cells));
    }
    if records.is_empty() {
        return Err(InputError::new(path, Expected::CountsFile).into());
    }
    let is_count = |s: &str| s.parse::<u64>().is_ok();
    // An empty corner (the first row's first cell) marks a labelled table
    // whatever its labels look like: years or codes as column or row labels
    // are labels, not counts.
    let corner = records[0].1.len() > 1 && records[0].1[0].is_empty();
    let header = corner || !records[0].1.iter().skip(1).all(|c| is_count(c));
    let body = &records[usize::from(header)..];
    let row_labels = corner
        || body
            .iter()
            .any(|(_, r)| r.first().is_some_and(|c| !is_count(c)));
    let skip = usize::from(row_labels);
    let mut rows = Vec::new();
    for (line, r) in body {
        let mut cells = Vec::new();
        for (j, c) in r.iter().enumerate().skip(skip) {
            cells.push(c.parse::<u64>().map_err(|_| {
                InputError::new(path, Expected::Count)
                    .line(*line)
                    .column(format!("{}", j + 1))
                    .value(c.clone())
            })?);
        }
        rows.push(cells);
    }
    let rows = check_shape(rows, |shape| {
        InputError::new(path, Expected::Counts(shape)).into()
    })?;
    let col_labels = header.then(|| records[0].1.iter().skip(skip).cloned().collect());
    let row_labels = row_labels.then(|| body.iter().map(|(_, r)| r[0].clone()).collect());
    Ok((rows, row_labels, col_labels))
}
