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
pub mod svg;
pub mod text;
pub mod xlsx;
mod xlsx_charts;

use crate::{Messages, Report};
use renkei_data::error::Result;
use std::path::Path;

/// Draws a report as the bytes of one output file.
pub trait Renderer {
    fn render(&self, report: &Report, m: &Messages) -> Result<Vec<u8>>;
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
    /// Long-form CSV: table,row,column,n,percent,percent_base.
    Csv,
    /// Excel workbook, one sheet per section (needs a file).
    Xlsx,
    /// Charts.
    Svg,
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
            "csv" => Format::Csv,
            "xlsx" => Format::Xlsx,
            "svg" => Format::Svg,
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
            Format::Csv => &csv::Csv,
            Format::Xlsx => &xlsx::Xlsx,
            Format::Svg => &svg::Svg,
            Format::Html => &html::Html,
        }
    }
}

/// Renders `report` in `format`.
pub fn render(report: &Report, format: Format, m: &Messages) -> Result<Vec<u8>> {
    format.renderer().render(report, m)
}
