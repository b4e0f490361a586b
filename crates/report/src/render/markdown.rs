//! Markdown: a section per table with the slide layout as a pipe table and
//! the tests and notes as a list, for papers and reports written in
//! Markdown (and pasted into Word through pandoc).

use super::Renderer;
use crate::{Block, Cell, Line, Messages, Report};
use renkei_data::error::Result;

/// Markdown documents.
pub struct Markdown;

fn escape(s: &str) -> String {
    s.replace('|', "\\|")
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
        .map(|l| format!("- {}\n", m.text(&l.text).trim()))
        .collect()
}

fn cells(row: &[Cell], m: &Messages) -> Vec<String> {
    row.iter().map(|c| c.show(*m)).collect()
}

impl Renderer for Markdown {
    fn render(&self, report: &Report, m: &Messages) -> Result<Vec<u8>> {
        let mut out = String::new();
        if !report.preamble.is_empty() {
            out.push_str(&list(&report.preamble, m));
            out.push('\n');
        }
        for s in &report.sections {
            out.push_str(&format!("### {}\n\n", escape(&m.text(&s.title))));
            for b in &s.blocks {
                match b {
                    Block::Slide(t) => {
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
                        out.push_str(&pipe_table(header, rows, 2));
                    }
                    Block::Lines(l) => out.push_str(&list(l, m)),
                    Block::Grid(g) => {
                        if let Some(h) = &g.heading {
                            out.push_str(&format!("{}\n\n", escape(&m.text(h))));
                        }
                        let header = g.header.iter().map(|h| m.text(h)).collect();
                        let rows = g.rows.iter().map(|r| cells(r, m)).collect();
                        out.push_str(&pipe_table(header, rows, 1));
                    }
                    Block::Records(r) => {
                        let header = r.columns.iter().map(|(_, h)| m.text(h)).collect();
                        let rows = r.rows.iter().map(|row| cells(row, m)).collect();
                        out.push_str(&pipe_table(header, rows, 0));
                    }
                    Block::Chart(_)
                    | Block::Intervals(_)
                    | Block::Funnel(_)
                    | Block::Progress(_) => continue,
                }
                out.push('\n');
            }
        }
        if !report.closing.is_empty() {
            out.push_str(&list(&report.closing, m));
        }
        Ok(out.into_bytes())
    }
}
