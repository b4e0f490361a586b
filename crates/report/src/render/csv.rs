//! CSV: slide tables in long ("tidy") form, one line per cell with totals
//! (`table,row,column,n,percent,percent_base`), for further analysis in R,
//! Python or Excel; records (a unit list) as they are, under their machine
//! column names.

use super::Renderer;
use crate::{Block, Cell, Messages, Report};
use renkei_data::error::{Error, Result};
use renkei_data::tabulate::PercentBase;

pub const HEADER: [&str; 6] = ["table", "row", "column", "n", "percent", "percent_base"];

/// CSV documents.
pub struct Csv;

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
    fn render(&self, report: &Report, m: &Messages) -> Result<Vec<u8>> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let has_slides = report.blocks().any(|(_, b)| matches!(b, Block::Slide(_)));
        if has_slides {
            w.write_record(HEADER).map_err(err)?;
        }
        for (section, block) in report.blocks() {
            match block {
                Block::Slide(t) => {
                    let title = text(m.text(&section.title));
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
                            w.write_record([title.as_str(), &label, col, &n, &pct, base])
                                .map_err(err)?;
                        }
                    }
                }
                Block::Records(r) if !has_slides => {
                    // A column of values with their years is written as two:
                    // `key` (the value) and `key_year`.
                    let dated: Vec<bool> = (0..r.columns.len())
                        .map(|j| r.rows.iter().any(|row| row[j].year().is_some()))
                        .collect();
                    let mut header = Vec::new();
                    for ((key, _), &d) in r.columns.iter().zip(&dated) {
                        header.push(key.to_string());
                        if d {
                            header.push(format!("{key}_year"));
                        }
                    }
                    w.write_record(&header).map_err(err)?;
                    for row in &r.rows {
                        let mut cells = Vec::new();
                        for (c, &d) in row.iter().zip(&dated) {
                            cells.push(match c {
                                Cell::Text(t) => text(m.text(t)),
                                value => value.data(*m),
                            });
                            if d {
                                cells.push(c.year().map_or_else(String::new, |y| y.to_string()));
                            }
                        }
                        w.write_record(&cells).map_err(err)?;
                    }
                }
                _ => {}
            }
        }
        w.into_inner()
            .map_err(|e| Error::Internal(format!("CSV output: {e}")))
    }
}
