//! Terminal output in the slides' layout. Japanese labels line up: tabled
//! measures text with `unicode-width`, so full-width characters count as two
//! columns. Borders are ASCII, whose width no terminal disputes.

use super::{Draw, Renderer};
use crate::{
    Cell, FunnelChart, Grid, IntervalChart, Line, Messages, ProgressChart, Records, Report,
    Section, SlideBlock, StackedBars,
};
use renkei_data::error::Result;
use tabled::builder::Builder;
use tabled::settings::object::{Columns, Object, Rows};
use tabled::settings::{Alignment, Style, Width};

/// Record cells wider than this (display columns) wrap onto more lines: an
/// item text and its 対応策例 side by side would otherwise make rows of
/// several hundred columns that no terminal shows.
const RECORD_CELL_WIDTH: usize = 64;

/// Plain text for a terminal.
pub struct Text;

impl Renderer for Text {
    fn start<'a>(&self, _: &'a Report, m: &'a Messages) -> Result<Box<dyn Draw + 'a>> {
        Ok(Box::new(TextDraw {
            m,
            parts: Vec::new(),
            current: String::new(),
        }))
    }
}

/// Parts (the preamble, each section, the closing) joined by blank lines.
struct TextDraw<'a> {
    m: &'a Messages,
    parts: Vec<String>,
    current: String,
}

impl Draw for TextDraw<'_> {
    fn head(&mut self, _title: Option<&crate::Text>, preamble: &[Line]) -> Result<()> {
        // The title is for documents with a heading (HTML); a terminal run
        // starts with what was read.
        if !preamble.is_empty() {
            self.parts.push(lines(preamble, self.m));
        }
        Ok(())
    }
    fn section(&mut self, s: &Section) -> Result<()> {
        self.current = self.m.text(&s.title);
        self.current.push('\n');
        Ok(())
    }
    fn slide(&mut self, t: &SlideBlock) -> Result<()> {
        self.current.push_str(&slide(t, self.m));
        self.current.push('\n');
        Ok(())
    }
    fn lines(&mut self, l: &[Line]) -> Result<()> {
        self.current.push_str(&lines(l, self.m));
        Ok(())
    }
    fn grid(&mut self, g: &Grid) -> Result<()> {
        self.current.push_str(&grid(g, self.m));
        Ok(())
    }
    fn records(&mut self, r: &Records) -> Result<()> {
        self.current.push_str(&records(r, self.m));
        self.current.push('\n');
        Ok(())
    }
    // Charts are not drawn in a terminal: the table above each holds its numbers.
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
        self.parts.push(std::mem::take(&mut self.current));
        Ok(())
    }
    fn finish(mut self: Box<Self>, closing: &[Line]) -> Result<Vec<u8>> {
        if !closing.is_empty() {
            self.parts.push(lines(closing, self.m));
        }
        Ok(self.parts.join("\n").into_bytes())
    }
}

/// Lines, indented two spaces per level, each ending in a newline.
fn lines(ls: &[Line], m: &Messages) -> String {
    ls.iter()
        .map(|l| format!("{}{}\n", "  ".repeat(l.level as usize), m.text(&l.text)))
        .collect()
}

/// A cell; marks are padded to two places so that the numbers line up.
fn cell(c: &Cell, m: &Messages) -> String {
    match c {
        Cell::Marked { stars, .. } => {
            format!("{}{}", c.show(*m), " ".repeat(2 - (*stars as usize).min(2)))
        }
        _ => c.show(*m),
    }
}

fn slide(t: &SlideBlock, m: &Messages) -> String {
    let mut b = Builder::default();
    let mut header = vec![String::new(), String::new()];
    header.extend(t.columns.iter().map(|c| m.text(c)));
    b.push_record(header);
    for line in t.lines() {
        let mut rec = vec![
            line.label().map_or_else(String::new, |l| m.text(l)),
            line.kind.mark().to_string(),
        ];
        rec.extend(line.cells.iter().map(|c| cell(c, m)));
        b.push_record(rec);
    }
    let mut table = b.build();
    table
        .with(Style::psql())
        .modify(Columns::new(2..).not(Rows::first()), Alignment::right())
        .modify(Rows::first(), Alignment::center());
    table.to_string()
}

/// A heading line, then the grid with its values right-aligned.
fn grid(g: &Grid, m: &Messages) -> String {
    let mut b = Builder::default();
    b.push_record(g.header.iter().map(|h| m.text(h)));
    for row in &g.rows {
        b.push_record(row.iter().map(|c| cell(c, m)));
    }
    let mut table = b.build();
    table
        .with(Style::psql())
        .modify(Columns::new(1..).not(Rows::first()), Alignment::right());
    let mut out = String::new();
    if let Some(h) = &g.heading {
        out.push_str(&m.text(h));
        out.push('\n');
    }
    out.push_str(&table.to_string());
    out.push('\n');
    out
}

fn records(r: &Records, m: &Messages) -> String {
    let mut b = Builder::default();
    b.push_record(r.columns.iter().map(|(_, h)| m.text(h)));
    for row in &r.rows {
        b.push_record(row.iter().map(|c| cell(c, m)));
    }
    let mut table = b.build();
    table.with(Style::psql()).modify(
        Columns::new(..),
        Width::wrap(RECORD_CELL_WIDTH).keep_words(true),
    );
    table.to_string()
}
