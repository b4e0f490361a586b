//! Markdown: a section per table with the slide layout as a pipe table and
//! the tests and notes as a list, for papers and reports written in
//! Markdown (and pasted into Word through pandoc).

use super::{Draw, Renderer};
use crate::{
    Cell, FunnelChart, Grid, IntervalChart, Line, Messages, ProgressChart, Records, Report,
    Section, SlideBlock, StackedBars, Text,
};
use renkei_data::error::Result;

/// Markdown documents.
pub struct Markdown;

/// Text as Markdown shows it and never runs it: a `|` would end a table
/// cell, and a `<` that opens a tag (`<script`, `</p`, `<!--`) would pass
/// raw HTML through a converter such as pandoc; both are backslash-escaped.
/// A `<` before a space or a digit (`p < 0.001`) stays as it is.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '|' => out.push_str("\\|"),
            '<' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) =>
            {
                out.push_str("\\<")
            }
            c => out.push(c),
        }
    }
    out
}

fn pipe_row(cells: impl IntoIterator<Item = String>) -> String {
    format!(
        "| {} |\n",
        cells.into_iter().collect::<Vec<_>>().join(" | ")
    )
}

/// A pipe table: `left` leading columns aligned left, the rest right.
fn pipe_table(header: Vec<String>, rows: Vec<Vec<String>>, left: usize) -> String {
    let mut out = pipe_row(header.iter().map(|h| escape(h)));
    let align: Vec<&str> = (0..header.len())
        .map(|k| if k < left { ":---" } else { "---:" })
        .collect();
    out.push_str(&format!("|{}|\n", align.join("|")));
    for r in rows {
        out.push_str(&pipe_row(r.iter().map(|c| escape(c))));
    }
    out
}

fn list(lines: &[Line], m: &Messages) -> String {
    lines
        .iter()
        .map(|l| format!("- {}\n", escape(m.text(&l.text).trim())))
        .collect()
}

fn cells(row: &[Cell], m: &Messages) -> Vec<String> {
    row.iter().map(|c| c.show(*m)).collect()
}

impl Renderer for Markdown {
    fn start<'a>(&self, _: &'a Report, m: &'a Messages) -> Result<Box<dyn Draw + 'a>> {
        Ok(Box::new(MarkdownDraw {
            m,
            out: String::new(),
        }))
    }
}

struct MarkdownDraw<'a> {
    m: &'a Messages,
    out: String,
}

impl Draw for MarkdownDraw<'_> {
    fn head(&mut self, _title: Option<&Text>, preamble: &[Line]) -> Result<()> {
        // A Markdown file is pasted into a larger document, which has its own
        // heading; sections are level-3 headings.
        if !preamble.is_empty() {
            self.out.push_str(&list(preamble, self.m));
            self.out.push('\n');
        }
        Ok(())
    }
    fn section(&mut self, s: &Section) -> Result<()> {
        self.out
            .push_str(&format!("### {}\n\n", escape(&self.m.text(&s.title))));
        Ok(())
    }
    fn slide(&mut self, t: &SlideBlock) -> Result<()> {
        let m = self.m;
        let mut header = vec![String::new(), String::new()];
        header.extend(t.columns.iter().map(|c| m.text(c)));
        let rows = t
            .lines()
            .iter()
            .map(|l| {
                let mut rec = vec![
                    l.label().map_or_else(String::new, |l| m.text(l)),
                    l.kind.mark().to_string(),
                ];
                rec.extend(cells(&l.cells, m));
                rec
            })
            .collect();
        self.out.push_str(&pipe_table(header, rows, 2));
        self.out.push('\n');
        Ok(())
    }
    fn lines(&mut self, l: &[Line]) -> Result<()> {
        self.out.push_str(&list(l, self.m));
        self.out.push('\n');
        Ok(())
    }
    fn grid(&mut self, g: &Grid) -> Result<()> {
        let m = self.m;
        if let Some(h) = &g.heading {
            self.out.push_str(&format!("{}\n\n", escape(&m.text(h))));
        }
        let header = g.header.iter().map(|h| m.text(h)).collect();
        let rows = g.rows.iter().map(|r| cells(r, m)).collect();
        self.out.push_str(&pipe_table(header, rows, 1));
        self.out.push('\n');
        Ok(())
    }
    fn records(&mut self, r: &Records) -> Result<()> {
        let m = self.m;
        let header = r.columns.iter().map(|(_, h)| m.text(h)).collect();
        let rows = r.rows.iter().map(|row| cells(row, m)).collect();
        self.out.push_str(&pipe_table(header, rows, 0));
        self.out.push('\n');
        Ok(())
    }
    // Markdown has no charts of its own: the tables hold their numbers (the
    // HTML and SVG formats draw them).
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
    fn finish(mut self: Box<Self>, closing: &[Line]) -> Result<Vec<u8>> {
        if !closing.is_empty() {
            self.out.push_str(&list(closing, self.m));
        }
        Ok(self.out.into_bytes())
    }
}
