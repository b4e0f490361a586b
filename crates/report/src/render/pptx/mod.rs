//! PowerPoint decks (Office Open XML, written here with `zip`): one 16:9
//! slide per table or chart, titled as the report's sections.
//!
//! - Tables are native PowerPoint tables: the slides' n and % lines, grids
//!   and records, each column as wide as its text at a font size chosen so
//!   the table fits the slide; long tables continue on further slides with
//!   their header, wide records repeat their first two columns.
//! - Charts are native, editable chart parts with their data embedded as a
//!   workbook: the same DrawingML the workbook renderer's charts are made
//!   of (rust_xlsxwriter writes the chart and its data sheet; the chart
//!   part is taken from that workbook and the workbook embedded beside it).
//! - The lines that follow a table or chart (its tests) go under it.
//!
//! No crate writes decks with native charts that we could check (see
//! docs/architecture.md): `pptx` 0.1 and `ppt-rs` 0.2 are young, their chart
//! support draws charts without embedded data or not at all; the parts
//! needed here are few and fixed.

mod package;
mod shapes;
pub mod template;

use super::{Draw, Renderer};
use crate::{
    Block, Cell, FunnelChart, Grid, IntervalChart, Line, Messages, Msg, ProgressChart, Records,
    Report, Section, SlideBlock, StackedBars, Text,
};
use renkei_data::error::{Error, Result};
use shapes::{Frame, TableCell, TableSpec};

/// PowerPoint decks.
pub struct Pptx;

pub(crate) fn perr(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("pptx output: {e}"))
}

/// What a slide shows under its title.
enum Body {
    /// A title slide's subtitle lines.
    Cover(Vec<String>),
    Table(TableSpec),
    /// A chart part (its XML) and the workbook with its data.
    Chart {
        xml: String,
        workbook: Vec<u8>,
    },
    /// Lines only.
    Text,
}

/// One slide: its title, what it shows, and lines under it.
struct Slide {
    title: String,
    body: Body,
    notes: Vec<String>,
}

struct PptxDraw<'a> {
    m: &'a Messages,
    template: Option<&'a template::Template>,
    slides: Vec<Slide>,
    section: String,
    /// The index of the section's first slide.
    section_start: usize,
    /// Whether the section's last slide may take the lines that follow.
    open: bool,
}

impl Renderer for Pptx {
    fn start<'a>(&self, _: &'a Report, m: &'a Messages) -> Result<Box<dyn Draw + 'a>> {
        Ok(Box::new(PptxDraw::new(m, None)))
    }
}

/// A deck of `report` on `template`'s slide masters (`--template`).
pub fn render_with_template(
    report: &Report,
    m: &Messages,
    template: &template::Template,
) -> Result<Vec<u8>> {
    let mut d: Box<dyn Draw + '_> = Box::new(PptxDraw::new(m, Some(template)));
    super::walk(report, d.as_mut())?;
    d.finish(&report.closing)
}

impl<'a> PptxDraw<'a> {
    fn new(m: &'a Messages, template: Option<&'a template::Template>) -> Self {
        PptxDraw {
            m,
            template,
            slides: Vec::new(),
            section: String::new(),
            section_start: 0,
            open: false,
        }
    }
}

/// Lines a slide holds under a table or chart before they go on a slide of their own.
const NOTE_LINES: usize = 6;

impl PptxDraw<'_> {
    fn push(&mut self, title: String, body: Body) {
        self.slides.push(Slide {
            title,
            body,
            notes: Vec::new(),
        });
        self.open = true;
    }

    /// A table, on as many slides as its rows and columns need.
    fn table(
        &mut self,
        heading: Option<String>,
        header: Vec<TableCell>,
        rows: Vec<Vec<TableCell>>,
    ) {
        let parts = shapes::split_table(header, rows);
        let n = parts.len();
        for (k, spec) in parts.into_iter().enumerate() {
            let mut title = heading.clone().unwrap_or_else(|| self.section.clone());
            if n > 1 {
                title.push_str(&format!(" ({}/{n})", k + 1));
            }
            self.push(title, Body::Table(spec));
        }
    }

    /// A chart: the workbook renderer's chart of `block`, as a chart part.
    fn chart(&mut self, title: String, block: Block) -> Result<()> {
        let (xml, workbook) = package::chart_part(&block, self.m)?;
        self.push(title, Body::Chart { xml, workbook });
        Ok(())
    }

    fn text_cells(&self, cells: &[Cell]) -> Vec<TableCell> {
        cells
            .iter()
            .map(|c| TableCell::of(c, self.m))
            .collect::<Vec<_>>()
    }
}

fn header_cells(texts: &[String]) -> Vec<TableCell> {
    texts.iter().map(|t| TableCell::head(t)).collect()
}

impl Draw for PptxDraw<'_> {
    fn head(&mut self, title: Option<&Text>, preamble: &[Line]) -> Result<()> {
        let m = self.m;
        let heading = title.map_or_else(|| Msg::DefaultHeading.words(*m), |t| m.text(t));
        let lines = preamble.iter().map(|l| m.text(&l.text)).collect();
        self.push(heading, Body::Cover(lines));
        self.open = false;
        Ok(())
    }
    fn section(&mut self, s: &Section) -> Result<()> {
        self.section = self.m.text(&s.title);
        self.section_start = self.slides.len();
        self.open = false;
        Ok(())
    }
    fn slide(&mut self, t: &SlideBlock) -> Result<()> {
        let m = self.m;
        let mut header = vec![TableCell::head(""), TableCell::head("")];
        header.extend(t.columns.iter().map(|c| TableCell::head(&m.text(c))));
        let rows = t
            .lines()
            .iter()
            .map(|line| {
                let mut row = vec![
                    TableCell::text(&line.label().map_or_else(String::new, |l| m.text(l))),
                    TableCell::text(line.kind.mark()),
                ];
                row.extend(self.text_cells(&line.cells));
                if line.row.total {
                    for c in &mut row {
                        c.bold = true;
                    }
                }
                if line.kind == crate::LineKind::Percent {
                    for c in &mut row {
                        c.muted = true;
                    }
                }
                row
            })
            .collect();
        self.table(None, header, rows);
        Ok(())
    }
    fn lines(&mut self, l: &[Line]) -> Result<()> {
        let m = self.m;
        let texts: Vec<String> = l
            .iter()
            .map(|line| {
                let indent = "　".repeat(line.level.min(3) as usize);
                format!("{indent}{}", m.text(&line.text).trim())
            })
            .collect();
        // The headline of a block of test lines (「χ² 検定: p=0.073」) goes
        // under every table and chart of the section that has none yet, as
        // the slides print it; the details follow on a slide of their own.
        let headline: Vec<String> = l
            .iter()
            .filter(|line| line.level == 0)
            .take(2)
            .map(|line| m.text(&line.text).trim().to_string())
            .collect();
        if texts.len() > NOTE_LINES && !headline.is_empty() {
            for s in &mut self.slides[self.section_start..] {
                if s.notes.is_empty() && matches!(s.body, Body::Table(_) | Body::Chart { .. }) {
                    s.notes = headline.clone();
                }
            }
        }
        let fits = self
            .slides
            .last()
            .is_some_and(|s| s.notes.len() + texts.len() <= NOTE_LINES);
        if self.open && fits {
            if let Some(s) = self.slides.last_mut() {
                s.notes.extend(texts);
            }
            return Ok(());
        }
        // Slides of lines, as many as fit, continued.
        for chunk in shapes::text_pages(&texts) {
            self.slides.push(Slide {
                title: self.section.clone(),
                body: Body::Text,
                notes: chunk,
            });
        }
        self.open = false;
        Ok(())
    }
    fn grid(&mut self, g: &Grid) -> Result<()> {
        let m = self.m;
        let header: Vec<String> = g.header.iter().map(|t| m.text(t)).collect();
        let rows = g.rows.iter().map(|r| self.text_cells(r)).collect();
        let heading = g.heading.as_ref().map(|h| m.text(h));
        self.table(heading, header_cells(&header), rows);
        Ok(())
    }
    fn records(&mut self, r: &Records) -> Result<()> {
        let m = self.m;
        let header: Vec<String> = r.columns.iter().map(|(_, t)| m.text(t)).collect();
        let rows = r.rows.iter().map(|row| self.text_cells(row)).collect();
        self.table(None, header_cells(&header), rows);
        Ok(())
    }
    fn chart(&mut self, c: &StackedBars) -> Result<()> {
        PptxDraw::chart(self, self.m.text(&c.title), Block::Chart(c.clone()))
    }
    fn intervals(&mut self, c: &IntervalChart) -> Result<()> {
        PptxDraw::chart(self, self.m.text(&c.title), Block::Intervals(c.clone()))
    }
    fn funnel(&mut self, c: &FunnelChart) -> Result<()> {
        PptxDraw::chart(self, self.m.text(&c.title), Block::Funnel(c.clone()))
    }
    fn progress(&mut self, c: &ProgressChart) -> Result<()> {
        PptxDraw::chart(self, self.m.text(&c.title), Block::Progress(c.clone()))
    }
    fn end_section(&mut self) -> Result<()> {
        self.open = false;
        Ok(())
    }
    fn finish(mut self: Box<Self>, closing: &[Line]) -> Result<Vec<u8>> {
        if !closing.is_empty() {
            self.section = Msg::ClosingHeading.words(*self.m);
            self.lines(closing)?;
        }
        let slides: Vec<package::SlidePart> = self
            .slides
            .into_iter()
            .map(|s| {
                let (frame, chart) = match s.body {
                    Body::Cover(lines) => (Frame::Cover(lines), None),
                    Body::Table(spec) => (Frame::Table(spec), None),
                    Body::Chart { xml, workbook } => (Frame::Chart, Some((xml, workbook))),
                    Body::Text => (Frame::None, None),
                };
                package::SlidePart {
                    xml: shapes::slide_xml(&s.title, &frame, &s.notes),
                    chart,
                }
            })
            .collect();
        package::write(&slides, self.template)
    }
}
