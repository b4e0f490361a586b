//! How far the values of an OpenDocument or legacy Excel sheet reach,
//! found by streaming the file before calamine reads it: calamine builds a
//! dense range over the used area of `.ods` and `.xls` sheets, so one stray
//! value far from the table (row 60,000, column 1,600) would cost gigabytes.
//! Memory must follow the cells present: a sheet whose values span more
//! than [`MAX_SHEET_CELLS`] is refused, naming its farthest cell.
//!
//! Written by hand because no crate streams these formats cell by cell
//! (calamine streams only `.xlsx`): the `.ods` scan reads `content.xml` with
//! quick-xml, the `.xls` scan walks the BIFF8 cell records of the workbook
//! stream (each starts with its row and column).

use quick_xml::events::{BytesStart, Event};
use std::io::Read;

/// The most cells a sheet's used area may span (about 320 MB as calamine
/// holds them); a survey's returns are a few hundred thousand cells.
pub const MAX_SHEET_CELLS: u64 = 10_000_000;

/// The farthest row and column (0-based) holding a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extent {
    pub last_row: u64,
    pub last_col: u64,
}

impl Extent {
    pub fn cells(&self) -> u64 {
        (self.last_row + 1).saturating_mul(self.last_col + 1)
    }
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.into_owned())
}

fn repeats(e: &BytesStart, name: &str) -> u64 {
    attr(e, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// The extent of the values of an `.ods` sheet (`sheet`, or the first).
/// `None` when the file cannot be scanned (calamine then reports why).
pub fn ods_extent(bytes: &[u8], sheet: Option<&str>) -> Option<Extent> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut content = String::new();
    // content.xml is within the byte limit of the file already read, expanded
    // at most by the compression ratio: bounded by what is read here.
    archive
        .by_name("content.xml")
        .ok()?
        .take(super::MAX_RETURNS_BYTES)
        .read_to_string(&mut content)
        .ok()?;
    let mut reader = quick_xml::Reader::from_str(&content);
    let (mut in_sheet, mut seen_sheet) = (false, false);
    let (mut row, mut col) = (0u64, 0u64);
    let (mut row_repeats, mut row_has_value) = (1u64, false);
    let mut extent: Option<Extent> = None;
    let mut note = |r: u64, c: u64| {
        let e = extent.get_or_insert(Extent {
            last_row: r,
            last_col: c,
        });
        e.last_row = e.last_row.max(r);
        e.last_col = e.last_col.max(c);
    };
    loop {
        let (event, empty) = match reader.read_event().ok()? {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) if e.name().as_ref() == "table:table" && in_sheet => break,
            Event::End(e) if e.name().as_ref() == "table:table-row" && in_sheet => {
                if row_has_value {
                    note(row + row_repeats - 1, 0);
                }
                row = row.saturating_add(row_repeats);
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        match event.name().as_ref() {
            "table:table" if !seen_sheet => {
                let name = attr(&event, "table:name");
                if sheet.is_none() || name.as_deref() == sheet {
                    in_sheet = true;
                    seen_sheet = true;
                }
            }
            "table:table-row" if in_sheet => {
                row_repeats = repeats(&event, "table:number-rows-repeated");
                row_has_value = false;
                col = 0;
                if empty {
                    row = row.saturating_add(row_repeats);
                }
            }
            "table:table-cell" | "table:covered-table-cell" if in_sheet => {
                let n = repeats(&event, "table:number-columns-repeated");
                // A cell with a value type or content holds a value.
                let valued = attr(&event, "office:value-type").is_some() || !empty;
                if valued {
                    row_has_value = true;
                    note(row, col + n - 1);
                }
                col = col.saturating_add(n);
            }
            _ => {}
        }
    }
    extent
}

/// BIFF8 record types that hold one cell (row and column first).
const CELL_RECORDS: [u16; 8] = [
    0x00FD, 0x0203, 0x027E, 0x0204, 0x0205, 0x0006, 0x0201, 0x00D6,
];
/// MULRK and MULBLANK: a run of cells, last column at the end.
const RUN_RECORDS: [u16; 2] = [0x00BD, 0x00BE];

/// Whether an `.xls` file's compound-file structure is sound: the `cfb`
/// crate opens it and no stream claims more bytes than the file has.
/// calamine's own reader trusts the declared sizes (a 4.8 KB damaged file
/// made it reserve 6.3 GB; found by fuzzing), so a file that fails this
/// check is refused before calamine sees it.
pub fn xls_is_sound(bytes: &[u8]) -> bool {
    let Ok(file) = cfb::CompoundFile::open(std::io::Cursor::new(bytes)) else {
        return false;
    };
    let len = bytes.len() as u64;
    file.walk().all(|entry| entry.len() <= len)
}

/// The extent of the cells of every sheet of an `.xls` workbook (BIFF8;
/// rows and columns are 16-bit, so this also bounds the worst case at
/// 65,536 × 256). `None` when the file cannot be scanned.
pub fn xls_extent(bytes: &[u8]) -> Option<Extent> {
    let mut file = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).ok()?;
    let mut stream = Vec::new();
    let name = if file.exists("/Workbook") {
        "/Workbook"
    } else {
        "/Book"
    };
    file.open_stream(name)
        .ok()?
        .take(super::MAX_RETURNS_BYTES)
        .read_to_end(&mut stream)
        .ok()?;
    let mut extent: Option<Extent> = None;
    let mut at = 0usize;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = u16::from_le_bytes([stream[at + 2], stream[at + 3]]) as usize;
        let body = stream.get(at + 4..at + 4 + len)?;
        let is_cell = CELL_RECORDS.contains(&kind);
        let is_run = RUN_RECORDS.contains(&kind);
        if (is_cell || is_run) && body.len() >= 4 {
            let row = u16::from_le_bytes([body[0], body[1]]) as u64;
            let mut col = u16::from_le_bytes([body[2], body[3]]) as u64;
            if is_run && body.len() >= 6 {
                col = u16::from_le_bytes([body[len - 2], body[len - 1]]) as u64;
            }
            let e = extent.get_or_insert(Extent {
                last_row: row,
                last_col: col,
            });
            e.last_row = e.last_row.max(row);
            e.last_col = e.last_col.max(col);
        }
        at += 4 + len;
    }
    extent
}

/// The spreadsheet name of a cell (0-based row and column): `CV1000000`.
pub fn cell_name(row: u64, col: u64) -> String {
    let mut letters = String::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.insert(0, char::from(b'A' + rem));
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(999_999, 99), "CV1000000");
        assert_eq!(cell_name(0, 16_383), "XFD1");
    }
}
