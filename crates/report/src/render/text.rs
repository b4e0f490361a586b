//! Terminal output in the slides' layout. Japanese labels line up: tabled
//! measures text with `unicode-width`, so full-width characters count as two
//! columns. Borders are ASCII, whose width no terminal disputes.

use super::Renderer;
use crate::{Block, Cell, Grid, Line, Messages, Records, Report, Section, SlideBlock};
use renkei_data::error::Result;
use tabled::builder::Builder;
use tabled::settings::object::{Columns, Object, Rows};
use tabled::settings::{Alignment, Style};

/// Plain text for a terminal.
pub struct Text;

impl Renderer for Text {
    fn render(&self, report: &Report, m: &Messages) -> Result<Vec<u8>> {
        let mut parts: Vec<String> = Vec::new();
        if !report.preamble.is_empty() {
            parts.push(lines(&report.preamble, m));
        }
        parts.extend(report.sections.iter().map(|s| section(s, m)));
        if !report.closing.is_empty() {
            parts.push(lines(&report.closing, m));
        }
        Ok(parts.join("\n").into_bytes())
    }
}

/// One section: its title, then its blocks (charts are not drawn in text).
pub fn section(s: &Section, m: &Messages) -> String {
    let mut out = m.text(&s.title);
    out.push('\n');
    for b in &s.blocks {
        match b {
            Block::Slide(t) => {
                out.push_str(&slide(t, m));
                out.push('\n');
            }
            Block::Lines(l) => out.push_str(&lines(l, m)),
            Block::Grid(g) => out.push_str(&grid(g, m)),
            Block::Records(r) => {
                out.push_str(&records(r, m));
                out.push('\n');
            }
            Block::Chart(_) | Block::Intervals(_) | Block::Funnel(_) | Block::Progress(_) => {}
        }
    }
    out
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
    table.with(Style::psql());
    table.to_string()
}
