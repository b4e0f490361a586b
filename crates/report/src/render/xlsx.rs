//! Excel workbooks (rust_xlsxwriter): one sheet per section, laid out as in
//! the slides — n and % rows, 合計 row and column, the test lines below —
//! with numbers stored as numbers (percentages as fractions with a 0.0%
//! format), so that they paste into PowerPoint and Word as they are.

use super::xlsx_charts::fixed_format;
use super::{Draw, Renderer};
use crate::{
    Block, Cell, FunnelChart, Grid, IntervalChart, Line, Messages, Msg, ProgressChart, Records,
    Report, Section, SlideBlock, StackedBars, Text,
};
use renkei_data::error::{Error, Result};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

/// Excel workbooks.
pub struct Xlsx {
    /// Each chart on its section's own sheet, under its tables (a chart
    /// pack's sheet per item), rather than on one sheet of charts at the
    /// end. A section of charts only has no sheet: its charts still go to
    /// the end.
    pub charts_beside_tables: bool,
}

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
        // The file it names, as text (the pack's links are its HTML index's).
        Cell::Link { text, .. } => {
            ws.write_string_with_format(row, col, m.text(text), &st.label)?
        }
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
        // A year in 和暦 is text as the plan prints it; a 西暦 year a number.
        Cell::Year {
            year, era: false, ..
        } => ws.write_number_with_format(row, col, f64::from(*year), &number_format("0"))?,
        Cell::Year { era: true, .. } => ws.write_string(row, col, c.show(*m))?,
        // The unit is part of the number's format, so the cell stays a number.
        Cell::WithUnit {
            value,
            decimals,
            unit,
        } => {
            let f = format!("{}{}", fixed_format(*decimals), quoted(unit));
            ws.write_number_with_format(row, col, *value, &number_format(&f))?
        }
        Cell::Range { .. } | Cell::Grade { .. } | Cell::Undefined | Cell::Text(_) => {
            ws.write_string(row, col, c.show(*m))?
        }
    };
    Ok(())
}

/// p-values: four decimals, or "< 0.001" below 0.001, as the other formats print them.
const P_FORMAT: &str = "[<0.001]\"< 0.001\";0.0000";

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

/// Where the sheet being written is, and how wide its columns' labels are.
struct Sheet {
    index: usize,
    row: u32,
    widths: Vec<usize>,
}

/// A workbook: a sheet per section that has something a sheet shows (a
/// section of charts only has none), the preamble under the first sheet's
/// title and the closing lines under the last sheet's blocks, and a sheet of
/// native Excel charts at the end.
struct XlsxDraw<'a> {
    m: &'a Messages,
    st: Styles,
    wb: Workbook,
    used: Vec<String>,
    /// Sections seen, for sheets without a short name (シート 3).
    sections: usize,
    sheet: Option<Sheet>,
    /// The last sheet written, for the closing lines.
    last: Option<Sheet>,
    preamble: &'a [Line],
    charts: Vec<Block>,
    charts_beside_tables: bool,
}

impl XlsxDraw<'_> {
    /// A chart under the current sheet's tables when charts go beside
    /// their tables and there is a sheet, else on the sheet of charts.
    fn place_chart(&mut self, block: Block) -> Result<()> {
        let Some(sheet) = self.sheet.as_mut().filter(|_| self.charts_beside_tables) else {
            self.charts.push(block);
            return Ok(());
        };
        let ws = self.wb.worksheet_from_index(sheet.index).map_err(xerr)?;
        let name = ws.name();
        sheet.row =
            super::xlsx_charts::chart_at(ws, &name, sheet.row, &block, self.m).map_err(xerr)? + 1;
        Ok(())
    }

    /// Runs `f` on the current sheet at its free row; `f` returns the next
    /// free row. Nothing happens outside a sheet.
    fn write(
        &mut self,
        f: impl FnOnce(
            &mut Worksheet,
            u32,
            &Styles,
            &Messages,
            &mut Vec<usize>,
        ) -> std::result::Result<u32, XlsxError>,
    ) -> Result<()> {
        let Some(sheet) = self.sheet.as_mut() else {
            return Ok(());
        };
        let ws = self.wb.worksheet_from_index(sheet.index).map_err(xerr)?;
        sheet.row = f(ws, sheet.row, &self.st, self.m, &mut sheet.widths).map_err(xerr)? + 1;
        Ok(())
    }
}

fn write_lines(
    ws: &mut Worksheet,
    mut row: u32,
    lines: &[Line],
    m: &Messages,
) -> std::result::Result<u32, XlsxError> {
    for l in lines {
        ws.write_string(row, 0, m.text(&l.text).trim())?;
        row += 1;
    }
    Ok(row)
}

impl Draw for XlsxDraw<'_> {
    fn head(&mut self, _: Option<&Text>, _: &[Line]) -> Result<()> {
        // The preamble is written under the first sheet's title when that
        // sheet is made (a workbook has no cover page); the title is each
        // sheet's own.
        Ok(())
    }
    fn section(&mut self, s: &Section) -> Result<()> {
        self.sections += 1;
        if s.blocks.iter().all(super::svg::is_chart) {
            self.sheet = None;
            return Ok(());
        }
        let wanted = match &s.short_name {
            Some(t) => self.m.text(t),
            None => Msg::SheetName {
                index: self.sections,
            }
            .words(*self.m),
        };
        let name = sheet_name(&wanted, &mut self.used);
        let first = self.last.is_none();
        let ws = self.wb.add_worksheet();
        ws.set_name(name).map_err(xerr)?;
        // Printed on A4 (Japanese offices print A4), landscape and one page
        // wide, the title row repeated on every page: a council's next
        // steps or a long table prints as a worksheet to fill in.
        ws.set_paper_size(9);
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0).map_err(xerr)?;
        ws.write_string_with_format(0, 0, self.m.text(&s.title), &self.st.title)
            .map_err(xerr)?;
        if first && !self.preamble.is_empty() {
            // In the free row under the title, one cell, so that the tables
            // keep their places whatever the preamble holds.
            let text: Vec<String> = self
                .preamble
                .iter()
                .map(|l| self.m.text(&l.text).trim().to_string())
                .collect();
            ws.write_string(1, 0, text.join("\n")).map_err(xerr)?;
        }
        let row = 2;
        self.sheet = Some(Sheet {
            index: self.wb.worksheets().len() - 1,
            row,
            widths: Vec::new(),
        });
        Ok(())
    }
    fn slide(&mut self, t: &SlideBlock) -> Result<()> {
        self.write(|ws, row, st, m, widths| {
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
            write_table(ws, row, &header, &rows, st, m, widths)
        })
    }
    fn lines(&mut self, lines: &[Line]) -> Result<()> {
        self.write(|ws, row, _, m, _| write_lines(ws, row, lines, m))
    }
    fn grid(&mut self, g: &Grid) -> Result<()> {
        self.write(|ws, mut row, st, m, widths| {
            if let Some(h) = &g.heading {
                ws.write_string(row, 0, m.text(h))?;
                row += 1;
            }
            let header: Vec<String> = g.header.iter().map(|h| m.text(h)).collect();
            let rows: Vec<Vec<&Cell>> = g.rows.iter().map(|r| r.iter().collect()).collect();
            write_table(ws, row, &header, &rows, st, m, widths)
        })
    }
    fn records(&mut self, r: &Records) -> Result<()> {
        self.write(|ws, row, st, m, widths| {
            let header: Vec<String> = r.columns.iter().map(|(_, h)| m.text(h)).collect();
            let rows: Vec<Vec<&Cell>> = r.rows.iter().map(|r| r.iter().collect()).collect();
            write_table(ws, row, &header, &rows, st, m, widths)
        })
    }
    // Charts are native Excel charts: on the sheet of charts at the end,
    // or beside their tables (`charts_beside_tables`).
    fn chart(&mut self, c: &StackedBars) -> Result<()> {
        self.place_chart(Block::Chart(c.clone()))
    }
    fn intervals(&mut self, c: &IntervalChart) -> Result<()> {
        self.place_chart(Block::Intervals(c.clone()))
    }
    fn funnel(&mut self, c: &FunnelChart) -> Result<()> {
        self.place_chart(Block::Funnel(c.clone()))
    }
    fn progress(&mut self, c: &ProgressChart) -> Result<()> {
        self.place_chart(Block::Progress(c.clone()))
    }
    fn end_section(&mut self) -> Result<()> {
        if let Some(sheet) = self.sheet.take() {
            let ws = self.wb.worksheet_from_index(sheet.index).map_err(xerr)?;
            set_widths(ws, &sheet.widths).map_err(xerr)?;
            self.last = Some(sheet);
        }
        Ok(())
    }
    fn finish(mut self: Box<Self>, closing: &[Line]) -> Result<Vec<u8>> {
        if !closing.is_empty() {
            // Under the last sheet's blocks; a workbook of charts only gets
            // a sheet of its own for them.
            let (index, row) = match &self.last {
                Some(s) => (s.index, s.row),
                None => {
                    let name =
                        sheet_name(&Msg::SheetName { index: 1 }.words(*self.m), &mut self.used);
                    self.wb.add_worksheet().set_name(name).map_err(xerr)?;
                    (self.wb.worksheets().len() - 1, 0)
                }
            };
            let ws = self.wb.worksheet_from_index(index).map_err(xerr)?;
            write_lines(ws, row, closing, self.m).map_err(xerr)?;
        }
        let charts: Vec<&Block> = self.charts.iter().collect();
        let name = sheet_name(&Msg::ChartsSheet.words(*self.m), &mut self.used);
        super::xlsx_charts::chart_sheet(&mut self.wb, &charts, self.m, &name).map_err(xerr)?;
        self.wb.save_to_buffer().map_err(xerr)
    }
}

/// Widths from the display width of the labels (full-width characters
/// count two), as autofit does not know CJK widths.
fn set_widths(ws: &mut Worksheet, widths: &[usize]) -> std::result::Result<(), XlsxError> {
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
    fn start<'a>(&self, report: &'a Report, m: &'a Messages) -> Result<Box<dyn Draw + 'a>> {
        Ok(Box::new(XlsxDraw {
            m,
            st: Styles::new(),
            wb: Workbook::new(),
            used: Vec::new(),
            sections: 0,
            sheet: None,
            last: None,
            preamble: &report.preamble,
            charts: Vec::new(),
            charts_beside_tables: self.charts_beside_tables,
        }))
    }
}
