//! Excel workbooks (rust_xlsxwriter): one sheet per section, laid out as in
//! the slides — n and % rows, 合計 row and column, the test lines below —
//! with numbers stored as numbers (percentages as fractions with a 0.0%
//! format), so that they paste into PowerPoint and Word as they are.

use super::Renderer;
use crate::{Block, Cell, Messages, Msg, Report, Section, Text};
use renkei_data::error::{Error, Result};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

/// Excel workbooks.
pub struct Xlsx;

fn xerr(e: XlsxError) -> Error {
    Error::Internal(format!("xlsx output: {e}"))
}

/// A sheet name Excel accepts: at most 31 characters, none of []:*?/\,
/// unique within the workbook.
fn sheet_name(wanted: &str, used: &mut Vec<String>) -> String {
    let clean: String = wanted
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

struct Styles {
    title: Format,
    head: Format,
    count: Format,
    pct: Format,
    label: Format,
}

impl Styles {
    fn new() -> Self {
        Styles {
            title: Format::new().set_bold().set_font_size(12),
            head: Format::new()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_text_wrap()
                .set_border_bottom(FormatBorder::Thin),
            count: Format::new().set_num_format("0"),
            pct: Format::new()
                .set_num_format("0.0%")
                .set_font_color("#555555"),
            label: Format::new().set_align(FormatAlign::Left),
        }
    }
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    c: &Cell,
    st: &Styles,
    m: &Messages,
) -> std::result::Result<(), XlsxError> {
    match c {
        Cell::Count(v) => ws.write_number_with_format(row, col, *v as f64, &st.count)?,
        Cell::Percent(t) => ws.write_number_with_format(row, col, t.0 as f64 / 1000.0, &st.pct)?,
        Cell::P(p) => ws.write_number_with_format(row, col, *p, &number_format(P_FORMAT))?,
        Cell::Marked {
            value,
            decimals,
            stars,
        } => {
            // The stars are part of the number's format, so the cell stays a number.
            let stars = "*".repeat(*stars as usize);
            let f = format!("{}{}", fixed_format(*decimals), quoted(&stars));
            ws.write_number_with_format(row, col, *value, &number_format(&f))?
        }
        Cell::Figure(v) => ws.write_number_with_format(row, col, *v, &number_format("General"))?,
        Cell::Change {
            value,
            decimals,
            percent,
        } => {
            let f = fixed_format(*decimals);
            let f = if *percent {
                format!("+{f}\\%;-{f}\\%;{f}\\%")
            } else {
                format!("+{f};-{f};{f}")
            };
            ws.write_number_with_format(row, col, *value, &number_format(&f))?
        }
        // A number with its year in the format: the cell holds the number.
        Cell::WithYear { value, year } => match value.as_ref() {
            Cell::Figure(v) => ws.write_number_with_format(
                row,
                col,
                *v,
                &number_format(&format!("General{}", quoted(&format!(" ({year})")))),
            )?,
            _ => ws.write_string(row, col, c.show(*m))?,
        },
        Cell::Range { .. } | Cell::Grade { .. } | Cell::Undefined | Cell::Text(_) => {
            ws.write_string(row, col, c.show(*m))?
        }
    };
    Ok(())
}

/// p-values: four decimals, or "< 0.001" below 0.001, as the other formats print them.
const P_FORMAT: &str = "[<0.001]\"< 0.001\";0.0000";

/// Excel's number format for a number at fixed decimals.
fn fixed_format(decimals: u8) -> String {
    if decimals == 0 {
        "0".into()
    } else {
        format!("0.{}", "0".repeat(decimals as usize))
    }
}

/// Text inside a number format (quoted, so that Excel shows it as it is).
fn quoted(s: &str) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("\"{s}\"")
    }
}

fn number_format(f: &str) -> Format {
    Format::new().set_num_format(f)
}

/// Writes a header row and rows; returns the next free row and the widths.
fn write_table(
    ws: &mut Worksheet,
    start: u32,
    header: &[String],
    rows: &[Vec<&Cell>],
    st: &Styles,
    m: &Messages,
    widths: &mut Vec<usize>,
) -> std::result::Result<u32, XlsxError> {
    for (j, h) in header.iter().enumerate() {
        ws.write_string_with_format(start, j as u16, h, &st.head)?;
        note_width(widths, j, h.width());
    }
    let mut r = start + 1;
    for row in rows {
        for (j, c) in row.iter().enumerate() {
            if let Cell::Text(t) = c {
                let s = m.text(t);
                ws.write_string_with_format(r, j as u16, &s, &st.label)?;
                note_width(widths, j, s.width());
            } else {
                write_cell(ws, r, j as u16, c, st, m)?;
            }
        }
        r += 1;
    }
    Ok(r)
}

fn note_width(widths: &mut Vec<usize>, j: usize, w: usize) {
    if widths.len() <= j {
        widths.resize(j + 1, 0);
    }
    widths[j] = widths[j].max(w);
}

fn write_sheet(
    ws: &mut Worksheet,
    s: &Section,
    m: &Messages,
) -> std::result::Result<(), XlsxError> {
    let st = Styles::new();
    ws.write_string_with_format(0, 0, m.text(&s.title), &st.title)?;
    let mut row = 2u32;
    let mut widths = Vec::new();
    for b in &s.blocks {
        match b {
            Block::Slide(t) => {
                let mut header = vec![String::new(), String::new()];
                header.extend(t.columns.iter().map(|c| m.text(c)));
                let lines = t.lines();
                let heads: Vec<[Cell; 2]> = lines
                    .iter()
                    .map(|l| {
                        [
                            Cell::Text(l.label().cloned().unwrap_or_else(|| Text::from(""))),
                            Cell::Text(l.kind.mark().into()),
                        ]
                    })
                    .collect();
                let rows: Vec<Vec<&Cell>> = lines
                    .iter()
                    .zip(&heads)
                    .map(|(l, h)| h.iter().chain(&l.cells).collect())
                    .collect();
                row = write_table(ws, row, &header, &rows, &st, m, &mut widths)?;
            }
            Block::Lines(lines) => {
                for l in lines {
                    ws.write_string(row, 0, m.text(&l.text).trim())?;
                    row += 1;
                }
            }
            Block::Grid(g) => {
                if let Some(h) = &g.heading {
                    ws.write_string(row, 0, m.text(h))?;
                    row += 1;
                }
                let header: Vec<String> = g.header.iter().map(|h| m.text(h)).collect();
                let rows: Vec<Vec<&Cell>> = g.rows.iter().map(|r| r.iter().collect()).collect();
                row = write_table(ws, row, &header, &rows, &st, m, &mut widths)?;
            }
            Block::Records(r) => {
                let header: Vec<String> = r.columns.iter().map(|(_, h)| m.text(h)).collect();
                let rows: Vec<Vec<&Cell>> = r.rows.iter().map(|r| r.iter().collect()).collect();
                row = write_table(ws, row, &header, &rows, &st, m, &mut widths)?;
            }
            Block::Chart(_) | Block::Intervals(_) | Block::Funnel(_) | Block::Progress(_) => {
                continue;
            }
        }
        row += 1;
    }
    // Widths from the display width of the labels (full-width characters
    // count two), as autofit does not know CJK widths.
    for (j, w) in widths.iter().enumerate() {
        let w = if j == 0 {
            (*w).max(8) as f64 + 2.0
        } else {
            (*w as f64 / 2.0).clamp(8.0, 30.0) + 2.0
        };
        ws.set_column_width(j as u16, w)?;
    }
    Ok(())
}

impl Renderer for Xlsx {
    fn render(&self, report: &Report, m: &Messages) -> Result<Vec<u8>> {
        let mut wb = Workbook::new();
        let mut used = Vec::new();
        for (k, s) in report.sections.iter().enumerate() {
            // A section of charts only has nothing a sheet can show (charts
            // are drawn by the svg and html formats).
            if s.blocks.iter().all(super::svg::is_chart) {
                continue;
            }
            let wanted = match &s.short_name {
                Some(t) => m.text(t),
                None => Msg::SheetName { index: k + 1 }.words(*m),
            };
            let ws = wb.add_worksheet();
            ws.set_name(sheet_name(&wanted, &mut used)).map_err(xerr)?;
            write_sheet(ws, s, m).map_err(xerr)?;
        }
        let charts: Vec<&Block> = report.blocks().map(|(_, b)| b).collect();
        let name = sheet_name(&Msg::ChartsSheet.words(*m), &mut used);
        super::xlsx_charts::chart_sheet(&mut wb, &charts, m, &name).map_err(xerr)?;
        wb.save_to_buffer().map_err(xerr)
    }
}
