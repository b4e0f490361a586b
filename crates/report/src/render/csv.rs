//! CSV: slide tables in long ("tidy") form, one line per cell with totals
//! (`table,row,column,n,percent,percent_base`), for further analysis in R,
//! Python or Excel; records (a unit list) as they are, under their machine
//! column names.

use super::{Draw, Renderer};
use crate::messages::errors::Usage;
use crate::{
    Block, Cell, FunnelChart, Grid, IntervalChart, Line, Messages, ProgressChart, Records, Report,
    Section, SlideBlock, StackedBars,
};
use renkei_data::error::{Error, Result};
use renkei_data::tabulate::PercentBase;

pub const HEADER: [&str; 6] = ["table", "row", "column", "n", "percent", "percent_base"];

/// CSV documents in an encoding.
pub struct Csv(pub CsvEncoding);

/// The bytes a CSV is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvEncoding {
    /// UTF-8 with a byte-order mark, which Japanese Excel needs to open a
    /// CSV in UTF-8 (without it, Excel reads Shift_JIS and garbles the text).
    #[default]
    Utf8Bom,
    Utf8,
    /// Shift_JIS as Windows writes it (CP932), for older tools.
    ShiftJis,
}

/// renkei's own characters that Shift_JIS (CP932) lacks, as the forms it
/// has: ≥ ≤ as ≧ ≦, the en dash of ranges as －, the em dash as ―, the minus
/// sign as －. Data that Shift_JIS cannot hold are still an error.
fn cp932_forms(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '≥' => '≧',
            '≤' => '≦',
            '–' | '−' => '－',
            '—' => '―',
            other => other,
        })
        .collect()
}

impl CsvEncoding {
    /// `text` in this encoding. A character Shift_JIS cannot hold is an
    /// error naming it, never a silent `?`.
    pub fn encode(self, text: Vec<u8>) -> Result<Vec<u8>> {
        match self {
            CsvEncoding::Utf8 => Ok(text),
            CsvEncoding::Utf8Bom => Ok([&[0xEF, 0xBB, 0xBF][..], &text].concat()),
            CsvEncoding::ShiftJis => {
                let text = cp932_forms(&String::from_utf8_lossy(&text));
                let (encoded, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
                if unmappable {
                    let bad = text
                        .chars()
                        .find(|c| encoding_rs::SHIFT_JIS.encode(&c.to_string()).2)
                        .unwrap_or('?');
                    return Err(Usage::NotShiftJis {
                        character: bad.to_string(),
                    }
                    .into());
                }
                Ok(encoded.into_owned())
            }
        }
    }
}

/// A text cell as a spreadsheet will not run it: one that starts like a
/// formula (`=`, `+`, `-`, `@`, or a tab or carriage return before one) gets
/// a leading apostrophe, which Excel and LibreOffice show as text (OWASP's
/// advice on CSV injection). Numbers are written as they are.
fn text(s: String) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s
    }
}

fn err(e: csv::Error) -> Error {
    Error::Internal(format!("CSV output: {e}"))
}

impl Renderer for Csv {
    fn start<'a>(&self, report: &'a Report, m: &'a Messages) -> Result<Box<dyn Draw + 'a>> {
        // A report of several record tables (a checklist's councils and
        // each council's next steps, ratios and their strata) writes them
        // one after another, each under its own header row: rows differ
        // in width, so the writer takes any.
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        let has_slides = report.blocks().any(|(_, b)| matches!(b, Block::Slide(_)));
        if has_slides {
            w.write_record(HEADER).map_err(err)?;
        }
        Ok(Box::new(CsvDraw {
            m,
            w,
            encoding: self.0,
            has_slides,
            title: crate::Text::from(""),
        }))
    }
}

/// One CSV table: the slide tables in long form (`HEADER`), or, in a report
/// without slide tables, its records under their machine column names.
/// Sentences, grids and charts are for people: the other formats show them.
struct CsvDraw<'a> {
    m: &'a Messages,
    w: csv::Writer<Vec<u8>>,
    encoding: CsvEncoding,
    has_slides: bool,
    /// The section's title, the `table` column of its slide table's lines.
    title: crate::Text,
}

impl Draw for CsvDraw<'_> {
    fn head(&mut self, _: Option<&crate::Text>, _: &[Line]) -> Result<()> {
        // Sentences (what was read) are not table cells.
        Ok(())
    }
    fn section(&mut self, s: &Section) -> Result<()> {
        self.title = s.title.clone();
        Ok(())
    }
    fn slide(&mut self, t: &SlideBlock) -> Result<()> {
        let m = self.m;
        let title = text(m.text(&self.title));
        let base = match t.base {
            PercentBase::Column => "column",
            PercentBase::Row => "row",
        };
        let columns: Vec<String> = t.columns.iter().map(|c| text(m.text(c))).collect();
        for row in &t.rows {
            let label = text(m.text(&row.label));
            for (j, col) in columns.iter().enumerate() {
                let n = row.counts[j].to_string();
                let pct = row.percents[j].map_or_else(String::new, |p| p.number());
                self.w
                    .write_record([title.as_str(), &label, col, &n, &pct, base])
                    .map_err(err)?;
            }
        }
        Ok(())
    }
    fn lines(&mut self, _: &[Line]) -> Result<()> {
        // Test results and notes are sentences; the JSON holds them as numbers.
        Ok(())
    }
    fn grid(&mut self, _: &Grid) -> Result<()> {
        // Residuals and summaries are a second table; a CSV holds one (the
        // JSON and the workbook hold them all).
        Ok(())
    }
    fn records(&mut self, r: &Records) -> Result<()> {
        if self.has_slides {
            // The slide tables are this CSV's one table.
            return Ok(());
        }
        let m = self.m;
        let header: Vec<&str> = r.columns.iter().map(|(key, _)| *key).collect();
        self.w.write_record(&header).map_err(err)?;
        for row in &r.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Text(t) => text(m.text(t)),
                    value => value.data(*m),
                })
                .collect();
            self.w.write_record(&cells).map_err(err)?;
        }
        Ok(())
    }
    // A chart's numbers are its table's.
    fn chart(&mut self, _: &StackedBars) -> Result<()> {
        Ok(())
    }
    fn intervals(&mut self, _: &IntervalChart) -> Result<()> {
        Ok(())
    }
    fn funnel(&mut self, _: &FunnelChart) -> Result<()> {
        Ok(())
    }
    fn progress(&mut self, _: &ProgressChart) -> Result<()> {
        Ok(())
    }
    fn end_section(&mut self) -> Result<()> {
        Ok(())
    }
    fn finish(self: Box<Self>, _closing: &[Line]) -> Result<Vec<u8>> {
        // The closing lines are sentences, as the head's.
        let text = self
            .w
            .into_inner()
            .map_err(|e| Error::Internal(format!("CSV output: {e}")))?;
        self.encoding.encode(text)
    }
}
