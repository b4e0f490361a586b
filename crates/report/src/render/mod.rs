//! Renderers: one [`Renderer`] per output format, each drawing a whole
//! [`Report`] in the language of the [`Messages`] it is handed.
//!
//! Renderers draw; they decide nothing. Which lines, which p, which marks a
//! report carries is settled by the analysis that built it
//! (`renkei::analyses`); a renderer only chooses how each kind of block looks
//! in its format, and skips the kinds its format cannot show (a chart in
//! plain text). A new analysis needs no renderer code unless it brings a new
//! kind of block.

pub mod csv;
pub mod draw;
pub mod html;
pub mod json;
pub mod markdown;
mod plots;
pub mod png;
pub mod pptx;
pub mod svg;
pub mod text;
pub mod xlsx;
mod xlsx_charts;

use crate::{
    Block, FunnelChart, Grid, IntervalChart, Line, Messages, ProgressChart, Records, Report,
    Section, SlideBlock, StackedBars, Text,
};
use renkei_data::error::Result;
use std::path::Path;

/// An output format: it starts a [`Draw`] of one report.
pub trait Renderer {
    /// A drawing of `report` in this format and `m`'s language.
    fn start<'a>(&self, report: &'a Report, m: &'a Messages) -> Result<Box<dyn Draw + 'a>>;
}

/// What a format does with each part of a report, in order. No method has
/// a default: a new kind of block does not compile until every format has
/// said what it does with it, and a format that leaves a kind out (plain
/// text has no charts; CSV holds table cells, not sentences) says so in that
/// method's body.
pub trait Draw {
    /// The document's title and the lines before the first section.
    fn head(&mut self, title: Option<&Text>, preamble: &[Line]) -> Result<()>;
    /// A section begins.
    fn section(&mut self, s: &Section) -> Result<()>;
    fn slide(&mut self, t: &SlideBlock) -> Result<()>;
    fn lines(&mut self, l: &[Line]) -> Result<()>;
    fn grid(&mut self, g: &Grid) -> Result<()>;
    fn records(&mut self, r: &Records) -> Result<()>;
    fn chart(&mut self, c: &StackedBars) -> Result<()>;
    fn intervals(&mut self, c: &IntervalChart) -> Result<()>;
    fn funnel(&mut self, c: &FunnelChart) -> Result<()>;
    fn progress(&mut self, c: &ProgressChart) -> Result<()>;
    /// The section ends.
    fn end_section(&mut self) -> Result<()>;
    /// The lines after the last section; the finished document.
    fn finish(self: Box<Self>, closing: &[Line]) -> Result<Vec<u8>>;
}

/// Hands every part of `report` to `d`, in order.
fn walk(report: &Report, d: &mut dyn Draw) -> Result<()> {
    d.head(report.title.as_ref(), &report.preamble)?;
    for s in &report.sections {
        d.section(s)?;
        for b in &s.blocks {
            match b {
                Block::Slide(t) => d.slide(t)?,
                Block::Lines(l) => d.lines(l)?,
                Block::Grid(g) => d.grid(g)?,
                Block::Records(r) => d.records(r)?,
                Block::Chart(c) => d.chart(c)?,
                Block::Intervals(c) => d.intervals(c)?,
                Block::Funnel(c) => d.funnel(c)?,
                Block::Progress(c) => d.progress(c)?,
            }
        }
        d.end_section()?;
    }
    Ok(())
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Terminal tables in the slides' layout.
    #[default]
    Text,
    /// The documented JSON contract.
    Json,
    /// Markdown pipe tables with the tests as a list.
    Markdown,
    /// Long-form CSV: table,row,column,n,percent,percent_base, in an encoding.
    Csv(csv::CsvEncoding),
    /// Excel workbook, one sheet per section (needs a file).
    Xlsx,
    /// PowerPoint deck, one slide per table or chart (needs a file).
    Pptx,
    /// Charts.
    Svg,
    /// The charts as a picture (192 dpi; needs a file).
    Png,
    /// One self-contained HTML report: tables, charts and tests.
    Html,
}

impl Format {
    /// The format a file name's extension asks for.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" => Format::Text,
            "json" => Format::Json,
            "md" | "markdown" => Format::Markdown,
            "csv" => Format::Csv(csv::CsvEncoding::default()),
            "xlsx" => Format::Xlsx,
            "pptx" => Format::Pptx,
            "svg" => Format::Svg,
            "png" => Format::Png,
            "html" | "htm" => Format::Html,
            _ => return None,
        })
    }

    /// This format's renderer.
    pub fn renderer(self) -> &'static dyn Renderer {
        match self {
            Format::Text => &text::Text,
            Format::Json => &json::Json,
            Format::Markdown => &markdown::Markdown,
            Format::Csv(csv::CsvEncoding::Utf8Bom) => &csv::Csv(csv::CsvEncoding::Utf8Bom),
            Format::Csv(csv::CsvEncoding::Utf8) => &csv::Csv(csv::CsvEncoding::Utf8),
            Format::Csv(csv::CsvEncoding::ShiftJis) => &csv::Csv(csv::CsvEncoding::ShiftJis),
            Format::Xlsx => &xlsx::Xlsx {
                charts_beside_tables: false,
            },
            Format::Pptx => &pptx::Pptx,
            Format::Svg => &svg::Svg,
            Format::Png => &png::Png,
            Format::Html => &html::Html,
        }
    }
}

/// Renders `report` in `format`.
pub fn render(report: &Report, format: Format, m: &Messages) -> Result<Vec<u8>> {
    render_with(report, format.renderer(), m)
}

/// Renders `report` with a renderer set up by the caller (a workbook with
/// its charts beside their tables, say).
pub fn render_with(report: &Report, renderer: &dyn Renderer, m: &Messages) -> Result<Vec<u8>> {
    let mut d = renderer.start(report, m)?;
    walk(report, d.as_mut())?;
    d.finish(&report.closing)
}
