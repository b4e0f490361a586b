//! Excel workbooks (rust_xlsxwriter): one sheet per table, laid out as in the
//! slides — n and % rows, 合計 row and column, the test line below — with
//! numbers stored as numbers (percentages as fractions with a 0.0% format),
//! so that they paste into PowerPoint and Word as they are.

use super::TableView;
use super::text::{notes, test_lines};
use crate::error::{Error, Result};
use crate::tabulate::layout::{RowKind, SlideCell};
use crate::municipality::Lang;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

fn xerr(e: XlsxError) -> Error {
    Error::Internal(format!("xlsx output: {e}"))
}

/// A sheet name Excel accepts: at most 31 characters, none of []:*?/\,
/// unique within the workbook.
fn sheet_name(title: &str, index: usize, used: &mut Vec<String>) -> String {
    let first = title.split_whitespace().next().unwrap_or("");
    let base: String = if first.starts_with('表') && first.chars().count() <= 8 {
        first.to_string()
    } else {
        format!("Table {}", index + 1)
    };
    let clean: String = base
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(28)
        .collect();
    let mut name = clean.clone();
    let mut k = 2;
    while used.contains(&name) {
        name = format!("{clean} ({k})");
        k += 1;
    }
    used.push(name.clone());
    name
}

fn write_sheet(
    ws: &mut Worksheet,
    view: &TableView,
    lang: Lang,
    footer: &[String],
) -> std::result::Result<(), XlsxError> {
    let slide = view.slide;
    let title = Format::new().set_bold().set_font_size(12);
    let head = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_text_wrap()
        .set_border_bottom(FormatBorder::Thin);
    let count = Format::new().set_num_format("0");
    let pct = Format::new()
        .set_num_format("0.0%")
        .set_font_color("#555555");
    let label = Format::new().set_align(FormatAlign::Left);
    ws.write_string_with_format(0, 0, view.title, &title)?;
    let first = 2u32;
    ws.write_string_with_format(first, 0, "", &head)?;
    ws.write_string_with_format(first, 1, "", &head)?;
    let ncols = slide.columns.len();
    for (j, c) in slide
        .columns
        .iter()
        .chain(std::iter::once(&slide.total_label))
        .enumerate()
    {
        ws.write_string_with_format(first, (j + 2) as u16, c, &head)?;
    }
    let mut row = first + 1;
    for r in &slide.rows {
        ws.write_string_with_format(row, 0, &r.label, &label)?;
        ws.write_string(
            row,
            1,
            match r.kind {
                RowKind::N => "n",
                RowKind::Percent => "%",
            },
        )?;
        for (j, c) in r.cells.iter().enumerate() {
            let col = (j + 2) as u16;
            match c {
                SlideCell::Count(v) => {
                    ws.write_number_with_format(row, col, *v as f64, &count)?;
                }
                SlideCell::Percent(t) => {
                    ws.write_number_with_format(row, col, t.0 as f64 / 1000.0, &pct)?;
                }
                SlideCell::Undefined => {
                    ws.write_string(row, col, "-")?;
                }
            }
        }
        row += 1;
    }
    row += 1;
    for line in test_lines(view, lang)
        .iter()
        .chain(notes(view, lang).iter())
        .chain(footer)
    {
        ws.write_string(row, 0, line.trim())?;
        row += 1;
    }
    // Widths from the display width of the labels (full-width characters
    // count two), as autofit does not know CJK widths.
    let label_width = slide
        .rows
        .iter()
        .map(|r| r.label.width())
        .max()
        .unwrap_or(8)
        .max(8);
    ws.set_column_width(0, (label_width + 2) as f64)?;
    ws.set_column_width(1, 3.0)?;
    for (j, c) in slide
        .columns
        .iter()
        .chain(std::iter::once(&slide.total_label))
        .enumerate()
    {
        let w = (c.width() as f64 / 2.0).clamp(8.0, 30.0) + 2.0;
        ws.set_column_width((j + 2) as u16, w)?;
    }
    let _ = ncols;
    Ok(())
}

/// A workbook with one sheet per table. `footers[k]` are extra lines under
/// table k (e.g. a reproduction verdict).
pub fn render_workbook(
    views: &[TableView],
    footers: &[Vec<String>],
    lang: Lang,
) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let mut used = Vec::new();
    for (k, v) in views.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(v.title, k, &mut used))
            .map_err(xerr)?;
        let footer = footers.get(k).map(Vec::as_slice).unwrap_or(&[]);
        write_sheet(ws, v, lang, footer).map_err(xerr)?;
    }
    wb.save_to_buffer().map_err(xerr)
}
