//! Reading survey returns into raw records: CSV (UTF-8, UTF-8 with BOM,
//! UTF-16 with BOM, Shift_JIS/CP932) and JSON. Nothing is typed here; the
//! records keep their line numbers so that every later error can point at the
//! place in the file.

use crate::error::{Error, InputError, Result};
use crate::messages::errors::{ColumnRole, Expected, Usage};
use encoding_rs::{DecoderResult, Encoding as EncodingRs, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The text encoding of a returns file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextEncoding {
    /// Detect: a BOM decides; otherwise UTF-8 if the bytes are valid UTF-8,
    /// else Shift_JIS (CP932).
    #[default]
    Auto,
    Utf8,
    /// Shift_JIS as Windows writes it (CP932, the WHATWG "Shift_JIS").
    ShiftJis,
}

/// One record (data row) of a returns file.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRecord {
    /// 1-based line where the record starts.
    pub line: usize,
    pub fields: Fields,
}

/// A record's fields in two allocations — their texts end to end, and where
/// each ends — instead of one string each: a million returns of five fields
/// then take about a third of the memory (see BENCHMARKS.md).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Fields {
    text: Box<str>,
    ends: Box<[u32]>,
}

impl Fields {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| &self[i])
    }
}

impl std::ops::Index<usize> for Fields {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }
}

/// Offsets are 32-bit: `read_returns` refuses files over `MAX_RETURNS_BYTES`,
/// so a record's text (even decoded, at most 3 bytes per input byte) fits.
impl<S: AsRef<str>> FromIterator<S> for Fields {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut text = String::new();
        let mut ends = Vec::new();
        for f in iter {
            text.push_str(f.as_ref());
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        Fields {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }
}

impl std::fmt::Debug for Fields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for Fields {
    fn eq(&self, other: &Vec<S>) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

pub use super::MAX_RETURNS_BYTES;

/// A returns file as read: header and records, all text.
#[derive(Debug, Clone)]
pub struct RawTable {
    pub source: PathBuf,
    /// The encoding the file was read in ("UTF-8", "Shift_JIS", ...).
    pub encoding: &'static str,
    pub headers: Vec<String>,
    pub records: Vec<RawRecord>,
    /// Lines of rows whose every field is empty (skipped, and reported).
    pub blank_lines: Vec<usize>,
    /// The worksheet read, for Excel returns (named in every error).
    pub sheet: Option<String>,
    /// Sheets passed over because they hold no table (a 記入要領 sheet of
    /// notes before the data), when no sheet was named.
    pub skipped_sheets: Vec<String>,
    /// The sheet's row of headers (1 = the first row), for spreadsheets.
    pub header_row: Option<usize>,
    /// Rows above the header row that hold something (a title, a note):
    /// left out, and said so.
    pub rows_above_header: Vec<usize>,
    index: HashMap<String, usize>,
}

impl RawTable {
    fn new(source: &Path, encoding: &'static str, headers: Vec<String>) -> Result<Self> {
        let mut index = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            if h.is_empty() {
                continue;
            }
            if index.insert(h.clone(), i).is_some() {
                return Err(InputError::new(source, Expected::UniqueHeader)
                    .line(1)
                    .column(h.clone())
                    .value(h.clone())
                    .into());
            }
        }
        Ok(RawTable {
            source: source.to_path_buf(),
            encoding,
            headers,
            records: Vec::new(),
            blank_lines: Vec::new(),
            sheet: None,
            skipped_sheets: Vec::new(),
            header_row: None,
            rows_above_header: Vec::new(),
            index,
        })
    }

    /// A table from parts already read (for callers with their own reader).
    pub fn from_parts(
        source: &Path,
        encoding: &'static str,
        headers: Vec<String>,
        records: Vec<RawRecord>,
    ) -> Result<Self> {
        let mut t = RawTable::new(source, encoding, headers)?;
        t.records = records;
        Ok(t)
    }

    /// The position of a named column.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied().or_else(|| {
            // A header typed with full-width digits or letters (１．１, ｑ１)
            // is the same column as its half-width name.
            let wanted = crate::municipality::normalize_cell(name);
            let mut found = self
                .headers
                .iter()
                .enumerate()
                .filter(|(_, h)| crate::municipality::normalize_cell(h) == wanted);
            match (found.next(), found.next()) {
                (Some((j, _)), None) => Some(j),
                _ => None,
            }
        })
    }

    /// An error about this file (and sheet).
    pub fn error(&self, expected: Expected) -> InputError {
        let e = InputError::new(&self.source, expected);
        match &self.sheet {
            Some(s) => e.sheet(s.clone()),
            None => e,
        }
    }

    /// The position of a column the survey needs; the error names the columns found.
    pub fn require_column(
        &self,
        name: &str,
        role: ColumnRole,
    ) -> std::result::Result<usize, InputError> {
        self.column(name).ok_or_else(|| {
            self.error(Expected::Column {
                name: name.to_string(),
                role,
                header: self.headers.clone(),
            })
            .line(1)
            .column(name)
        })
    }
}

/// Reads a returns file, choosing the reader by its extension
/// (`.xlsx`/`.xlsm`/`.xls`/`.ods` → the spreadsheet's first sheet or `sheet`;
/// `.json` → JSON; anything else → CSV, comma- or tab-separated).
pub fn read_returns(path: &Path, encoding: TextEncoding, sheet: Option<&str>) -> Result<RawTable> {
    read_returns_at(path, encoding, sheet, None)
}

/// `read_returns` with the spreadsheet's header row given (1 = the sheet's
/// first row) instead of found: the first row with at least two cells and
/// at least half as many as the fullest row near the top; rows above it (a
/// title, notes) are left out and listed in `rows_above_header`. Without a
/// sheet named, the first sheet that holds a table is read (a 記入要領 sheet
/// of notes before the data is passed over and listed in `skipped_sheets`).
pub fn read_returns_at(
    path: &Path,
    encoding: TextEncoding,
    sheet: Option<&str>,
    header_row: Option<usize>,
) -> Result<RawTable> {
    let bytes = super::read_limited(path, MAX_RETURNS_BYTES)?;
    parse_returns_at(path, &bytes, encoding, sheet, header_row)
}

/// `read_returns` on bytes already read; `path` names the file in errors and
/// its extension chooses the reader.
pub fn parse_returns(
    path: &Path,
    bytes: &[u8],
    encoding: TextEncoding,
    sheet: Option<&str>,
) -> Result<RawTable> {
    parse_returns_at(path, bytes, encoding, sheet, None)
}

/// `parse_returns` with the header row given (see `read_returns_at`).
pub fn parse_returns_at(
    path: &Path,
    bytes: &[u8],
    encoding: TextEncoding,
    sheet: Option<&str>,
    header_row: Option<usize>,
) -> Result<RawTable> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods") {
        return read_spreadsheet_guarded(path, bytes, sheet, header_row);
    }
    if let Some(row) = header_row {
        return Err(Usage::HeaderRowNotSpreadsheet {
            row,
            path: path.display().to_string(),
        }
        .into());
    }
    if let Some(s) = sheet {
        return Err(Usage::SheetNotSpreadsheet {
            sheet: s.to_string(),
            path: path.display().to_string(),
        }
        .into());
    }
    let (text, enc_name) = decode(path, bytes, encoding)?;
    let text = unix_lines(text);
    if text.trim().is_empty() {
        return Err(InputError::new(path, Expected::EmptyFile).into());
    }
    let is_json = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        parse_json(path, &text, enc_name)
    } else {
        parse_csv(path, &text, enc_name)
    }
}

/// A spreadsheet cell as the text a CSV would hold: whole numbers without
/// a decimal point (Excel stores 1 and 90 as 1.0 and 90.0).
fn cell_text(d: &calamine::Data) -> std::result::Result<String, Expected> {
    use calamine::Data;
    Ok(match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(_) => return Err(Expected::CellNotBool),
        // A date (a checklist's 実施日) as ISO text, which the readers of
        // rounds and years parse; in a column of numbers it is then refused
        // with the date shown.
        Data::DateTime(d) if d.is_datetime() => {
            let (y, mo, day, h, mi, _, _) = d.to_ymd_hms_milli();
            if h == 0 && mi == 0 {
                format!("{y:04}-{mo:02}-{day:02}")
            } else {
                format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}")
            }
        }
        Data::DateTimeIso(s) => s.clone(),
        Data::DateTime(_) | Data::DurationIso(_) => return Err(Expected::CellNotDate),
        Data::Error(_) => return Err(Expected::CellNotExcelError),
    })
}

/// `read_spreadsheet`, with a panic inside the spreadsheet reader (calamine
/// indexes past the end of some damaged `.xls` files; found by fuzzing,
/// `tests/fuzz_regressions`) turned into an input error about the file: a
/// damaged file is bad input, not a bug of renkei's. The default panic
/// message is silenced while the reader runs.
fn read_spreadsheet_guarded(
    path: &Path,
    bytes: &[u8],
    sheet: Option<&str>,
    header_row: Option<usize>,
) -> Result<RawTable> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_spreadsheet(path, bytes, sheet, header_row)
    }));
    std::panic::set_hook(hook);
    read.unwrap_or_else(|_| {
        Err(InputError::new(
            path,
            Expected::ReadableWorkbook {
                detail: "the file is damaged (its internal structure is inconsistent)".into(),
            },
        )
        .into())
    })
}

/// Reads the named sheet of a spreadsheet, or the first that holds a
/// table; the header row is found (or given); lines are Excel's row numbers.
fn read_spreadsheet(
    path: &Path,
    bytes: &[u8],
    sheet: Option<&str>,
    header_row: Option<usize>,
) -> Result<RawTable> {
    use super::sheet_extent::{MAX_SHEET_CELLS, ods_extent, xls_extent};
    use calamine::{Ods, Reader, Sheets, Xls, open_workbook_auto_from_rs, open_workbook_from_rs};
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    // calamine holds .ods and .xls sheets as dense ranges: refuse a sheet
    // whose values span too many cells before it is read (see sheet_extent).
    if ext == "xls" && !super::sheet_extent::xls_is_sound(bytes) {
        return Err(InputError::new(
            path,
            Expected::ReadableWorkbook {
                detail: "the file is damaged (its internal structure is inconsistent)".into(),
            },
        )
        .into());
    }
    let extent = match ext.as_str() {
        "ods" => ods_extent(bytes, sheet),
        "xls" => xls_extent(bytes),
        _ => None,
    };
    if let Some(e) = extent.filter(|e| e.cells() > MAX_SHEET_CELLS) {
        return Err(InputError::new(
            path,
            Expected::SheetWithin {
                max: MAX_SHEET_CELLS,
                cell: super::sheet_extent::cell_name(e.last_row, e.last_col),
            },
        )
        .into());
    }
    let cursor = std::io::Cursor::new(bytes);
    let opened = match ext.as_str() {
        "ods" => open_workbook_from_rs::<Ods<_>, _>(cursor)
            .map(Sheets::Ods)
            .map_err(|e| e.to_string()),
        "xls" => open_workbook_from_rs::<Xls<_>, _>(cursor)
            .map(Sheets::Xls)
            .map_err(|e| e.to_string()),
        _ => open_workbook_auto_from_rs(cursor).map_err(|e| e.to_string()),
    };
    let mut wb =
        opened.map_err(|detail| InputError::new(path, Expected::ReadableWorkbook { detail }))?;
    let names = wb.sheet_names().to_vec();
    if names.is_empty() {
        return Err(InputError::new(path, Expected::WorkbookWithSheet).into());
    }
    // The sheet: the one named, or the first that holds a table.
    let mut skipped_sheets = Vec::new();
    let (name, mut cells, uncomputed) = match sheet {
        Some(s) => {
            let name = names.iter().find(|n| *n == s).cloned().ok_or_else(|| {
                InputError::new(
                    path,
                    Expected::SheetNamed {
                        name: s.to_string(),
                        sheets: names.clone(),
                    },
                )
            })?;
            let (cells, uncomputed) = sheet_cells(path, &mut wb, &name)?;
            (name, cells, uncomputed)
        }
        None => {
            let mut chosen = None;
            for name in &names {
                if ext == "ods"
                    && ods_extent(bytes, Some(name)).is_some_and(|e| e.cells() > MAX_SHEET_CELLS)
                {
                    skipped_sheets.push(name.clone());
                    continue;
                }
                let (cells, uncomputed) = sheet_cells(path, &mut wb, name)?;
                if holds_table(&cells, header_row) {
                    chosen = Some((name.clone(), cells, uncomputed));
                    break;
                }
                skipped_sheets.push(name.clone());
            }
            match chosen {
                Some(c) => c,
                None if names.len() > 1 => {
                    return Err(InputError::new(
                        path,
                        Expected::SheetWithTable {
                            sheets: names.clone(),
                        },
                    )
                    .into());
                }
                None => {
                    skipped_sheets.clear();
                    let (cells, uncomputed) = sheet_cells(path, &mut wb, &names[0])?;
                    (names[0].clone(), cells, uncomputed)
                }
            }
        }
    };
    let at = |e: InputError| e.sheet(name.clone());
    cells.sort_by_key(|&(r, c, _)| (r, c));
    if cells.is_empty() {
        return Err(at(InputError::new(path, Expected::EmptySheet)).into());
    }
    let header_row = match header_row {
        Some(given) => {
            let row = u32::try_from(given.saturating_sub(1)).unwrap_or(u32::MAX);
            if given == 0 || !cells.iter().any(|(r, _, _)| *r == row) {
                return Err(
                    at(InputError::new(path, Expected::HeaderRowWithCells).line(given)).into(),
                );
            }
            row
        }
        None => found_header_row(&cells),
    };
    let rows_above_header: Vec<usize> = {
        let mut rows: Vec<usize> = cells
            .iter()
            .filter(|(r, _, _)| *r < header_row)
            .map(|(r, _, _)| *r as usize + 1)
            .collect();
        rows.dedup();
        rows
    };
    cells.retain(|(r, _, _)| *r >= header_row);
    // The header row's cells name the columns, from its first cell to its last.
    let header_cells: Vec<&(u32, u32, calamine::Data)> = cells
        .iter()
        .take_while(|(r, _, _)| *r == header_row)
        .collect();
    let first_col = header_cells[0].1;
    let last_col = header_cells[header_cells.len() - 1].1;
    let width = (last_col - first_col + 1) as usize;
    let mut headers = vec![String::new(); width];
    for (_, c, d) in &header_cells {
        headers[(c - first_col) as usize] = cell_text(d).unwrap_or_default().trim().to_string();
    }
    let mut table = RawTable::new(path, "xlsx", headers).map_err(|e| match e {
        Error::Input(v) => Error::Input(v.into_iter().map(|e| e.sheet(name.clone())).collect()),
        other => other,
    })?;
    table.sheet = Some(name.clone());
    table.skipped_sheets = skipped_sheets;
    table.header_row = Some(header_row as usize + 1);
    table.rows_above_header = rows_above_header;
    let mut errors = Vec::new();
    let line_of_row = |r: u32| r as usize + 1;
    for (r, c, formula) in uncomputed.into_iter().filter(|(r, _, _)| *r >= header_row) {
        let column = if (first_col..=last_col).contains(&c) {
            table.headers[(c - first_col) as usize].clone()
        } else {
            cell_name(r, c)
        };
        errors.push(at(InputError::new(
            path,
            Expected::FormulaValue { formula },
        )
        .line(line_of_row(r))
        .column(column)));
    }
    let mut previous_row = header_row;
    let body = &cells[header_cells.len()..];
    let mut k = 0;
    while k < body.len() {
        let row = body[k].0;
        // Rows with no cell between two present ones are blank rows.
        table
            .blank_lines
            .extend((previous_row + 1..row).map(line_of_row));
        previous_row = row;
        let mut fields = vec![String::new(); width];
        while k < body.len() && body[k].0 == row {
            let (_, c, d) = &body[k];
            k += 1;
            let inside = (first_col..=last_col).contains(c);
            if !inside {
                errors.push(at(InputError::new(
                    path,
                    Expected::CellInHeaderColumns {
                        cell: cell_name(row, *c),
                        first: column_letters(first_col),
                        last: column_letters(last_col),
                    },
                )
                .line(line_of_row(row))
                .value(d.to_string())));
                continue;
            }
            let j = (c - first_col) as usize;
            match cell_text(d) {
                Ok(s) => fields[j] = s,
                Err(expected) => errors.push(at(InputError::new(path, expected)
                    .line(line_of_row(row))
                    .column(table.headers[j].clone())
                    .value(d.to_string()))),
            }
        }
        if fields.iter().all(|f| f.trim().is_empty()) {
            table.blank_lines.push(line_of_row(row));
            continue;
        }
        table.records.push(RawRecord {
            line: line_of_row(row),
            fields: fields.into_iter().collect(),
        });
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    if table.records.is_empty() {
        return Err(at(
            InputError::new(path, Expected::RecordBelowHeader).line(line_of_row(header_row) + 1)
        )
        .into());
    }
    Ok(table)
}

/// The cells of a sheet that hold something, by position, and the formulas
/// saved without their value. An .xlsx sheet is read cell by cell, so
/// memory follows the cells, not the used range: one stray value in the
/// sheet's last cell made the range 2³⁴ cells (an 8 KB file asked for
/// 512 GB). Other formats come as a range from calamine, bounded above by
/// the extent check.
type SheetCells = (Vec<(u32, u32, calamine::Data)>, Vec<(u32, u32, String)>);

fn sheet_cells<RS: std::io::Read + std::io::Seek>(
    path: &Path,
    wb: &mut calamine::Sheets<RS>,
    name: &str,
) -> Result<SheetCells> {
    use calamine::Reader;
    let unreadable = |detail: String| {
        InputError::new(path, Expected::ReadableSheet { detail }).sheet(name.to_string())
    };
    let mut cells: Vec<(u32, u32, calamine::Data)> = Vec::new();
    // Formulas saved without their computed value (written by a program,
    // never opened in Excel) would read as empty cells.
    let mut uncomputed: Vec<(u32, u32, String)> = Vec::new();
    match wb {
        calamine::Sheets::Xlsx(x) => {
            let mut reader = x
                .worksheet_cells_reader(name)
                .map_err(|e| unreadable(e.to_string()))?;
            while let Some(cell) = reader
                .next_cell_with_formula()
                .map_err(|e| unreadable(e.to_string()))?
            {
                let (r, c) = cell.pos;
                let value: calamine::Data = cell.value.into();
                let empty = matches!(&value, calamine::Data::Empty)
                    || matches!(&value, calamine::Data::String(s) if s.is_empty());
                match cell.formula.filter(|f| !f.is_empty()) {
                    Some(formula) if empty => uncomputed.push((r, c, formula)),
                    _ if !empty => cells.push((r, c, value)),
                    _ => {}
                }
            }
        }
        other => {
            let range = other
                .worksheet_range(name)
                .map_err(|e| unreadable(e.to_string()))?;
            cells.extend(
                range
                    .used_cells()
                    .filter(|(_, _, d)| **d != calamine::Data::Empty)
                    .map(|(r, c, d)| {
                        let (r0, c0) = range.start().unwrap_or((0, 0));
                        (r as u32 + r0, c as u32 + c0, d.clone())
                    }),
            );
        }
    }
    Ok((cells, uncomputed))
}

/// How many rows from the top the header row is looked for in.
const HEADER_SEARCH_ROWS: usize = 30;

/// The header row of sorted cells: the first row with at least two cells
/// and at least half as many as the fullest of the first rows — a title or
/// a note above the headers fills one cell or a few, the headers fill the
/// table's width.
fn found_header_row(cells: &[(u32, u32, calamine::Data)]) -> u32 {
    let mut rows: Vec<(u32, usize)> = Vec::new();
    for (r, _, _) in cells {
        if let Some((row, n)) = rows.last_mut()
            && row == r
        {
            *n += 1;
            continue;
        }
        if rows.len() == HEADER_SEARCH_ROWS {
            break;
        }
        rows.push((*r, 1));
    }
    let fullest = rows.iter().map(|(_, n)| *n).max().unwrap_or(0);
    rows.iter()
        .find(|(_, n)| *n >= 2 && 2 * n >= fullest)
        .or(rows.first())
        .map_or(0, |(r, _)| *r)
}

/// Whether a sheet's cells hold a table: a header row of two columns or
/// more with a row below it.
fn holds_table(cells: &[(u32, u32, calamine::Data)], header_row: Option<usize>) -> bool {
    let mut rows: Vec<u32> = cells.iter().map(|(r, _, _)| *r).collect();
    rows.sort_unstable();
    if rows.is_empty() {
        return false;
    }
    let header = match header_row {
        Some(h) => u32::try_from(h.saturating_sub(1)).unwrap_or(u32::MAX),
        None => {
            let mut sorted: Vec<(u32, u32, calamine::Data)> = cells
                .iter()
                .map(|(r, c, _)| (*r, *c, calamine::Data::Empty))
                .collect();
            sorted.sort_unstable_by_key(|&(r, c, _)| (r, c));
            found_header_row(&sorted)
        }
    };
    let width = rows.iter().filter(|r| **r == header).count();
    width >= 2 && rows.iter().any(|r| *r > header)
}

/// A column's letters as Excel shows them (0 → A, 26 → AA).
fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut s = Vec::new();
    while n > 0 {
        let d = ((n - 1) % 26) as u8;
        s.push(b'A' + d);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A cell's name as Excel shows it (row 0, column 0 → A1).
fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row as u64 + 1)
}

/// Text whose lines end in a lone CR (classic Mac OS, and some exports) with
/// its line ends as LF, so that every line is counted (otherwise the whole
/// file was line 1 in every error). Text with any LF is left as it is.
pub fn unix_lines(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.contains('\r') && !text.contains('\n') {
        Cow::Owned(text.replace('\r', "\n"))
    } else {
        text
    }
}

/// Decodes a file's bytes to text. A BOM always wins; `Auto` takes valid
/// UTF-8 as UTF-8 and anything else as Shift_JIS (CP932), which is what
/// Japanese Excel writes as "CSV".
pub fn decode<'b>(
    path: &Path,
    bytes: &'b [u8],
    encoding: TextEncoding,
) -> Result<(Cow<'b, str>, &'static str)> {
    if let Some((enc, bom_len)) = EncodingRs::for_bom(bytes) {
        if encoding == TextEncoding::ShiftJis {
            return Err(InputError::new(
                path,
                Expected::ShiftJisButBom {
                    bom: enc.name().to_string(),
                },
            )
            .line(1)
            .into());
        }
        return decode_strict(path, &bytes[bom_len..], enc).map(|s| (s.into(), bom_name(enc)));
    }
    // UTF-16 without its byte-order mark: every other byte of Latin text is
    // NUL, which UTF-8 accepts, so it would read as one long field per line.
    let head = &bytes[..bytes.len().min(4096)];
    if head.len() >= 4 && head.iter().filter(|&&b| b == 0).count() * 5 >= head.len() {
        return Err(InputError::new(path, Expected::Utf16WithoutBom)
            .line(1)
            .into());
    }
    match encoding {
        TextEncoding::Utf8 => decode_strict(path, bytes, UTF_8).map(|s| (s.into(), "UTF-8")),
        TextEncoding::ShiftJis => {
            decode_strict(path, bytes, SHIFT_JIS).map(|s| (s.into(), "Shift_JIS"))
        }
        // Valid UTF-8 is used in place, not copied.
        TextEncoding::Auto => match std::str::from_utf8(bytes) {
            Ok(s) => Ok((Cow::Borrowed(s), "UTF-8")),
            Err(utf8) => decode_strict(path, bytes, SHIFT_JIS)
                .map(|s| (s.into(), "Shift_JIS"))
                .map_err(|sjis| {
                    // Neither reading works. The file is most likely in the
                    // encoding that reads further into it: a Shift_JIS file
                    // with one bad byte pair fails as UTF-8 at its first
                    // Japanese character, as Shift_JIS only at the bad pair.
                    let sjis_reads_further = utf8.valid_up_to() < sjis_failed_at(bytes);
                    if sjis_reads_further {
                        return sjis;
                    }
                    match decode_strict(path, bytes, UTF_8) {
                        Err(Error::Input(mut errs)) => {
                            for e in &mut errs {
                                e.expected = Expected::Utf8OrShiftJis;
                            }
                            Error::Input(errs)
                        }
                        other => other
                            .err()
                            .unwrap_or_else(|| Error::Internal("decode".into())),
                    }
                }),
        },
    }
}

fn bom_name(enc: &'static EncodingRs) -> &'static str {
    if enc == UTF_8 {
        "UTF-8 (BOM)"
    } else if enc == UTF_16LE {
        "UTF-16LE (BOM)"
    } else if enc == UTF_16BE {
        "UTF-16BE (BOM)"
    } else {
        enc.name()
    }
}

/// Decodes without replacement characters; a malformed sequence is an error
/// that names its line, its byte offset in the line and the bytes.
/// Where a Shift_JIS reading of `bytes` fails (their length if it does not).
fn sjis_failed_at(bytes: &[u8]) -> usize {
    let mut decoder = SHIFT_JIS.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(0),
    );
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        DecoderResult::Malformed(bad, extra) => read.saturating_sub(bad as usize + extra as usize),
        _ => bytes.len(),
    }
}

fn decode_strict(path: &Path, bytes: &[u8], enc: &'static EncodingRs) -> Result<String> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .ok_or_else(|| {
            Error::Usage(Usage::TooLargeToDecode {
                path: path.display().to_string(),
            })
        })?;
    let mut out = String::with_capacity(cap);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        DecoderResult::InputEmpty => Ok(out),
        DecoderResult::Malformed(bad, extra) => {
            let at = read.saturating_sub(bad as usize + extra as usize);
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let shown: Vec<String> = bytes[at..(at + bad as usize).min(bytes.len())]
                .iter()
                .map(|b| format!("0x{b:02X}"))
                .collect();
            Err(InputError::new(
                path,
                Expected::TextIn {
                    encoding: enc.name().to_string(),
                },
            )
            .line(line)
            .byte(at - line_start + 1)
            .value(shown.join(" "))
            .into())
        }
        DecoderResult::OutputFull => Err(Error::Internal("decoder output buffer too small".into())),
    }
}

/// The numbers of the empty lines below the header, outside quoted fields.
fn empty_lines(text: &str) -> Vec<usize> {
    let mut in_quotes = false;
    let mut found = Vec::new();
    let lines: Vec<&str> = text.split('\n').collect();
    for (k, line) in lines.iter().enumerate() {
        let last = k + 1 == lines.len();
        if k > 0 && !in_quotes && !last && line.trim_end_matches('\r').is_empty() {
            found.push(k + 1);
        }
        if line.matches('"').count() % 2 == 1 {
            in_quotes = !in_quotes;
        }
    }
    found
}

/// Picks the delimiter from the header line: tab when it has more tabs than
/// commas (Excel's "Unicode text" export), else comma.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    }
}

fn parse_csv(path: &Path, text: &str, enc_name: &'static str) -> Result<RawTable> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    // Lines are counted from byte offsets: the csv crate's own line count
    // drifts on CRLF files (Excel's export), one line short by line 100.
    let csv_err = |e: csv::Error| -> Error {
        let line = e
            .position()
            .map_or(1, |p| line_of(text, record_start(text, p.byte())));
        InputError::new(
            path,
            Expected::WellFormedCsv {
                detail: e.to_string(),
            },
        )
        .line(line)
        .into()
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_err)?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut table = RawTable::new(path, enc_name, headers)?;
    let width = table.headers.len();
    let mut errors = Vec::new();
    // (byte offset, its line), carried forward so that counting stays linear.
    let mut counted = (0usize, 1usize);
    for record in reader.records() {
        let record = record.map_err(csv_err)?;
        let line = record.position().map_or(0, |p| {
            let at = record_start(text, p.byte());
            let newlines = text.as_bytes()[counted.0.min(at)..at]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            counted = (at, counted.1 + newlines);
            counted.1
        });
        if record.iter().all(|f| f.trim().is_empty()) {
            table.blank_lines.push(line);
            continue;
        }
        if record.len() != width {
            // A field that runs over lines on a short record is a quote
            // opened and never closed: it took the rest of the file.
            let expected = if record.len() < width && record.iter().any(|f| f.contains('\n')) {
                Expected::ClosingQuote
            } else {
                Expected::FieldsAsHeader {
                    width,
                    got: record.len(),
                }
            };
            errors.push(InputError::new(path, expected).line(line));
            continue;
        }
        table.records.push(RawRecord {
            line,
            fields: record.iter().collect(),
        });
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    // The CSV reader skips empty lines without a word: report them with the
    // blank rows.
    table.blank_lines.extend(empty_lines(text));
    table.blank_lines.sort_unstable();
    if table.records.is_empty() {
        return Err(InputError::new(path, Expected::RecordBelowHeader)
            .line(2)
            .into());
    }
    Ok(table)
}

/// Where a record the CSV reader places at `byte` starts: with CRLF the
/// reader's position is the LF that ends the line before.
fn record_start(text: &str, byte: u64) -> usize {
    let mut at = (byte as usize).min(text.len());
    while matches!(text.as_bytes().get(at), Some(b'\r' | b'\n')) {
        at += 1;
    }
    at
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Parses a JSON array of objects (one object per unit). Records are read
/// one at a time so that each keeps the line it starts on.
fn parse_json(path: &Path, text: &str, enc_name: &'static str) -> Result<RawTable> {
    use serde_json::Value;
    let bytes = text.as_bytes();
    let skip_ws = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let mut pos = skip_ws(0);
    if bytes.get(pos) != Some(&b'[') {
        return Err(InputError::new(path, Expected::JsonArray)
            .line(line_of(text, pos))
            .into());
    }
    pos = skip_ws(pos + 1);
    let mut objects: Vec<(usize, Vec<(String, Value)>)> = Vec::new();
    let mut headers: Vec<String> = Vec::new();
    let mut seen: HashMap<String, ()> = HashMap::new();
    let mut blank_lines = Vec::new();
    if bytes.get(pos) == Some(&b']') {
        return Err(InputError::new(path, Expected::EmptyArray)
            .line(line_of(text, pos))
            .into());
    }
    // Lines are counted on from the last record, so reading stays linear in
    // the file's size (counting from the start each time took 83 s for
    // 50,000 records).
    let mut counted = (0usize, 1usize);
    loop {
        let line = counted.1
            + bytes[counted.0..pos]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        counted = (pos, line);
        let mut stream =
            serde_json::Deserializer::from_slice(&bytes[pos..]).into_iter::<JsonRecord>();
        let value = match stream.next() {
            Some(Ok(v)) => v,
            Some(Err(e)) => {
                return Err(InputError::new(
                    path,
                    Expected::ValidJson {
                        detail: crate::error::json_message(&e),
                    },
                )
                .line(line + e.line().saturating_sub(1))
                .into());
            }
            None => return Err(InputError::new(path, Expected::JsonArray).line(line).into()),
        };
        pos += stream.byte_offset();
        match value {
            JsonRecord::Object(entries) => {
                // A key given twice would keep only its last value.
                let mut keys = HashSet::new();
                for (k, _) in &entries {
                    if !keys.insert(k.as_str()) {
                        return Err(InputError::new(path, Expected::UniqueKey)
                            .line(line)
                            .column(k.clone())
                            .into());
                    }
                }
                if entries
                    .iter()
                    .all(|(_, v)| v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()))
                {
                    blank_lines.push(line);
                } else {
                    for (k, _) in &entries {
                        if seen.insert(k.clone(), ()).is_none() {
                            headers.push(k.clone());
                        }
                    }
                    objects.push((line, entries));
                }
            }
            JsonRecord::Other(shown) => {
                return Err(InputError::new(path, Expected::ObjectPerUnit)
                    .line(line)
                    .value(truncate(&shown))
                    .into());
            }
        }
        pos = skip_ws(pos);
        match bytes.get(pos) {
            Some(b',') => pos = skip_ws(pos + 1),
            Some(b']') => {
                pos = skip_ws(pos + 1);
                break;
            }
            _ => {
                return Err(InputError::new(path, Expected::CommaOrBracket)
                    .line(line_of(text, pos))
                    .into());
            }
        }
    }
    if pos != bytes.len() {
        return Err(InputError::new(path, Expected::NothingAfterArray)
            .line(line_of(text, pos))
            .into());
    }
    // Positions by key, every key included: the table's own index leaves out
    // empty names (found by fuzzing: {"": 1} used to panic here).
    let position: HashMap<String, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.clone(), i))
        .collect();
    // A key every other record has, missing from one, is most likely
    // misspelt there: read as an empty cell it would turn the answer into
    // no answer without a word.
    let mut in_records: HashMap<&str, usize> = HashMap::new();
    for (_, entries) in &objects {
        for (k, _) in entries {
            *in_records.entry(k.as_str()).or_default() += 1;
        }
    }
    let mut errors = Vec::new();
    if objects.len() >= 3 {
        for (line, entries) in &objects {
            for h in &headers {
                let others = in_records[h.as_str()];
                if others + 1 == objects.len() && !entries.iter().any(|(k, _)| k == h) {
                    errors.push(
                        InputError::new(path, Expected::KeyOfOthers { key: h.clone() }).line(*line),
                    );
                }
            }
        }
    }
    let mut table = RawTable::new(path, enc_name, headers)?;
    table.blank_lines = blank_lines;
    for (line, map) in objects {
        let mut fields = vec![String::new(); table.headers.len()];
        for (k, v) in map {
            let i = position[&k];
            fields[i] = match v {
                Value::Null => String::new(),
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                other => {
                    errors.push(
                        InputError::new(path, Expected::StringNumberOrNull)
                            .line(line)
                            .column(k)
                            .value(truncate(&other.to_string())),
                    );
                    String::new()
                }
            };
        }
        table.records.push(RawRecord {
            line,
            fields: fields.into_iter().collect(),
        });
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    if table.records.is_empty() {
        return Err(InputError::new(path, Expected::RecordWithValue).into());
    }
    Ok(table)
}

/// One element of a JSON returns array: an object's entries in order, with
/// any key given twice kept (to be reported; a map would keep the last), or
/// something else, shown in an error.
enum JsonRecord {
    Object(Vec<(String, serde_json::Value)>),
    Other(String),
}

impl<'de> serde::Deserialize<'de> for JsonRecord {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(JsonRecordVisitor)
    }
}

struct JsonRecordVisitor;

impl<'de> serde::de::Visitor<'de> for JsonRecordVisitor {
    type Value = JsonRecord;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object for each unit")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<JsonRecord, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<String, serde_json::Value>()? {
            entries.push(entry);
        }
        Ok(JsonRecord::Object(entries))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<JsonRecord, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(JsonRecord::Other("[…]".into()))
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<JsonRecord, E> {
        Ok(JsonRecord::Other(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<JsonRecord, E> {
        Ok(JsonRecord::Other(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<JsonRecord, E> {
        Ok(JsonRecord::Other(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<JsonRecord, E> {
        Ok(JsonRecord::Other(v.to_string()))
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<JsonRecord, E> {
        Ok(JsonRecord::Other(format!("\"{v}\"")))
    }
    fn visit_unit<E>(self) -> std::result::Result<JsonRecord, E> {
        Ok(JsonRecord::Other("null".into()))
    }
}

fn truncate(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("t.csv")
    }

    #[test]
    fn detects_encodings() {
        let text = "id,class\n1,町\n";
        let (s, e) = decode(p(), text.as_bytes(), TextEncoding::Auto).unwrap();
        assert_eq!((&*s, e), (text, "UTF-8"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        let (s, e) = decode(p(), &bom, TextEncoding::Auto).unwrap();
        assert_eq!((&*s, e), (text, "UTF-8 (BOM)"));
        let (sjis, _, _) = SHIFT_JIS.encode(text);
        let (s, e) = decode(p(), &sjis, TextEncoding::Auto).unwrap();
        assert_eq!((&*s, e), (text, "Shift_JIS"));
        let (s, _) = decode(p(), &sjis, TextEncoding::ShiftJis).unwrap();
        assert_eq!(s, text);
        let mut utf16 = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        let (s, e) = decode(p(), &utf16, TextEncoding::Auto).unwrap();
        assert_eq!((&*s, e), (text, "UTF-16LE (BOM)"));
    }

    #[test]
    fn forced_utf8_on_shift_jis_names_the_place() {
        let (sjis, _, _) = SHIFT_JIS.encode("id,class\n1,町\n");
        let err = decode(p(), &sjis, TextEncoding::Utf8)
            .unwrap_err()
            .to_string();
        assert!(err.contains("t.csv:2"), "{err}");
        assert!(err.contains("byte 3"), "{err}");
        assert!(err.contains("0x92"), "{err}");
    }

    #[test]
    fn garbage_is_neither_encoding() {
        let bytes = b"id,class\n1,\x82\xFF\n";
        let err = decode(p(), bytes, TextEncoding::Auto)
            .unwrap_err()
            .to_string();
        assert!(err.contains("neither"), "{err}");
        assert!(err.contains(":2"), "{err}");
    }

    #[test]
    fn csv_ragged_row_and_blank_rows() {
        let t = parse_csv(p(), "a,b\n1,2\n,\n3\n", "UTF-8")
            .unwrap_err()
            .to_string();
        assert!(t.contains("t.csv:4") && t.contains("2 fields"), "{t}");
        let t = parse_csv(p(), "a,b\n1,2\n,\n3,4\n", "UTF-8").unwrap();
        assert_eq!(t.records.len(), 2);
        assert_eq!(t.blank_lines, vec![3]);
        assert_eq!(t.records[1].line, 4);
    }

    #[test]
    fn tab_separated() {
        let t = parse_csv(p(), "a\tb\n1\t2\n", "UTF-8").unwrap();
        assert_eq!(t.headers, vec!["a", "b"]);
    }

    #[test]
    fn json_records_keep_their_lines() {
        let text = "[\n {\"a\": 1, \"b\": \"x\"},\n\n {\"a\": 2.5, \"b\": null}\n]\n";
        let t = parse_json(Path::new("t.json"), text, "UTF-8").unwrap();
        assert_eq!(t.records[0].line, 2);
        assert_eq!(t.records[1].line, 4);
        assert_eq!(t.records[1].fields, vec!["2.5", ""]);
    }

    #[test]
    fn json_empty_key_is_a_column_like_any_other() {
        // Regression (fuzz/artifacts/returns_json/crash-9bce04a3…): an empty
        // key used to panic on an index lookup.
        let t = parse_json(Path::new("t.json"), "[{\"\": 70, \"a\": \"1\"}]", "UTF-8").unwrap();
        assert_eq!(t.records[0].fields, vec!["70", "1"]);
        let raw = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fuzz_regressions/returns_json_empty_key.json"
        ))
        .unwrap();
        let _ = parse_returns(Path::new("f.json"), &raw, TextEncoding::Auto, None);
    }

    #[test]
    fn json_errors() {
        let e = parse_json(Path::new("t.json"), "{}", "UTF-8")
            .unwrap_err()
            .to_string();
        assert!(e.contains("array"), "{e}");
        let e = parse_json(Path::new("t.json"), "[\n{\"a\": [1]}\n]", "UTF-8")
            .unwrap_err()
            .to_string();
        assert!(e.contains("t.json:2") && e.contains("'a'"), "{e}");
        let e = parse_json(Path::new("t.json"), "[\n{\"a\": 1},\n{\"a\": }\n]", "UTF-8")
            .unwrap_err()
            .to_string();
        assert!(e.contains("t.json:3"), "{e}");
    }
}

#[cfg(test)]
mod crlf_tests {
    use super::*;

    #[test]
    fn crlf_records_keep_their_lines() {
        let mut text = String::from("a,b\r\n");
        for i in 2..=120 {
            text.push_str(&format!("{i},x\r\n"));
        }
        let t = parse_csv(Path::new("t.csv"), &text, "UTF-8").unwrap();
        for r in &t.records {
            assert_eq!(r.line.to_string(), r.fields[0], "{:?}", r.fields);
        }
    }
}
