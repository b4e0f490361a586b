//! One self-contained HTML report (no network: styles and charts inline):
//! for each section its tables, chart, lines and grids. Readable in a
//! browser and printable (one section per page).

use super::{Draw, Renderer};
use crate::{
    Block, Cell, FunnelChart, Grid, IntervalChart, Line, LineKind, Messages, Msg, ProgressChart,
    Records, Report, Section, SlideBlock, StackedBars,
};
use renkei_data::error::Result;

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

const STYLE: &str = r#"
body { font-family: 'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic', 'Meiryo', sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; }
h2 { font-size: 1.15em; margin-top: 2em; }
table.slide { border-collapse: collapse; margin: 0.5em 0; }
table.slide th, table.slide td { padding: 0.2em 0.6em; border-bottom: 1px solid #ddd; }
table.slide th { background: #f3f3f3; font-weight: 600; }
table.slide td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.slide td.short { white-space: nowrap; }
table.slide td.long { min-width: 14em; }
table.slide th { min-width: 3em; }
div.wide { overflow-x: auto; max-width: 100%; }
table.slide tr.pct td { color: #555; font-size: 0.92em; }
table.slide tr.total td { font-weight: 600; }
ul.tests { line-height: 1.5; }
pre { background: #f7f7f7; padding: 0.6em; overflow-x: auto; }
section.table { page-break-after: always; }
footer { margin-top: 3em; color: #777; font-size: 0.85em; }
@media print { body { margin: 1cm; } section.table { page-break-inside: avoid; } }
"#;

/// HTML documents.
pub struct Html;

/// A cell: numbers (and years) right-aligned on one line; short text on one
/// line; long text (an item's name, a reason) wide enough to read, so that a
/// table of many columns scrolls instead of wrapping years letter by letter.
fn td(c: &Cell, m: &Messages) -> String {
    if let Cell::Link { text, target } = c {
        return format!(
            "<td class=\"short\"><a href=\"{}\">{}</a></td>",
            escape(target),
            escape(&m.text(text))
        );
    }
    let shown = c.show(*m);
    let class = if c.is_number() {
        " class=\"num\""
    } else if shown.chars().count() <= 12 {
        " class=\"short\""
    } else {
        " class=\"long\""
    };
    format!("<td{class}>{}</td>", escape(&shown))
}

fn slide(t: &SlideBlock, m: &Messages) -> String {
    let mut h = String::from("<table class=\"slide\">\n<tr><th></th><th></th>");
    for c in &t.columns {
        h.push_str(&format!("<th>{}</th>", escape(&m.text(c))));
    }
    h.push_str("</tr>\n");
    for line in t.lines() {
        let class = match (line.kind, line.row.total) {
            (LineKind::Count, true) => "n total",
            (LineKind::Count, false) => "n",
            (LineKind::Percent, true) => "pct total",
            (LineKind::Percent, false) => "pct",
        };
        h.push_str(&format!(
            "<tr class=\"{class}\"><td>{}</td><td>{}</td>",
            escape(&line.label().map_or_else(String::new, |l| m.text(l))),
            line.kind.mark()
        ));
        for c in &line.cells {
            h.push_str(&td(c, m));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
    h
}

fn grid_table(header: &[String], rows: &[Vec<Cell>], m: &Messages) -> String {
    let mut h = String::from("<table class=\"slide\">\n<tr>");
    for c in header {
        h.push_str(&format!("<th>{}</th>", escape(c)));
    }
    h.push_str("</tr>\n");
    for row in rows {
        h.push_str("<tr>");
        for c in row {
            h.push_str(&td(c, m));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
    h
}

fn grid(g: &Grid, m: &Messages) -> String {
    let mut h = String::new();
    if let Some(head) = &g.heading {
        h.push_str(&format!("<p>{}</p>\n", escape(&m.text(head))));
    }
    let header: Vec<String> = g.header.iter().map(|t| m.text(t)).collect();
    h.push_str(&grid_table(&header, &g.rows, m));
    h
}

fn records(r: &Records, m: &Messages) -> String {
    let header: Vec<String> = r.columns.iter().map(|(_, t)| m.text(t)).collect();
    format!(
        "<div class=\"wide\">\n{}</div>\n",
        grid_table(&header, &r.rows, m)
    )
}

fn list(lines: &[Line], m: &Messages) -> String {
    let mut h = String::from("<ul class=\"tests\">\n");
    for l in lines {
        h.push_str(&format!("<li>{}</li>\n", escape(m.text(&l.text).trim())));
    }
    h.push_str("</ul>\n");
    h
}

impl Renderer for Html {
    fn start<'a>(&self, _: &'a Report, m: &'a Messages) -> Result<Box<dyn Draw + 'a>> {
        Ok(Box::new(HtmlDraw {
            m,
            h: String::new(),
        }))
    }
}

struct HtmlDraw<'a> {
    m: &'a Messages,
    h: String,
}

impl HtmlDraw<'_> {
    /// A chart, as the SVG format draws it, inline.
    fn svg(&mut self, b: Block) -> Result<()> {
        self.h.push_str(&super::svg::document(&[&b], self.m));
        Ok(())
    }
}

impl Draw for HtmlDraw<'_> {
    fn head(&mut self, title: Option<&crate::Text>, preamble: &[Line]) -> Result<()> {
        let m = self.m;
        let heading = title.map_or_else(|| Msg::DefaultHeading.words(*m), |t| m.text(t));
        self.h = format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
            m.lang.tag(),
            escape(&heading),
            escape(&heading)
        );
        if !preamble.is_empty() {
            self.h.push_str(&list(preamble, m));
        }
        Ok(())
    }
    fn section(&mut self, s: &Section) -> Result<()> {
        self.h.push_str("<section class=\"table\">\n");
        self.h
            .push_str(&format!("<h2>{}</h2>\n", escape(&self.m.text(&s.title))));
        Ok(())
    }
    fn slide(&mut self, t: &SlideBlock) -> Result<()> {
        self.h.push_str(&slide(t, self.m));
        Ok(())
    }
    fn lines(&mut self, l: &[Line]) -> Result<()> {
        self.h.push_str(&list(l, self.m));
        Ok(())
    }
    fn grid(&mut self, g: &Grid) -> Result<()> {
        self.h.push_str(&grid(g, self.m));
        Ok(())
    }
    fn records(&mut self, r: &Records) -> Result<()> {
        self.h.push_str(&records(r, self.m));
        Ok(())
    }
    fn chart(&mut self, c: &StackedBars) -> Result<()> {
        self.svg(Block::Chart(c.clone()))
    }
    fn intervals(&mut self, c: &IntervalChart) -> Result<()> {
        self.svg(Block::Intervals(c.clone()))
    }
    fn funnel(&mut self, c: &FunnelChart) -> Result<()> {
        self.svg(Block::Funnel(c.clone()))
    }
    fn progress(&mut self, c: &ProgressChart) -> Result<()> {
        self.svg(Block::Progress(c.clone()))
    }
    fn end_section(&mut self) -> Result<()> {
        self.h.push_str("</section>\n");
        Ok(())
    }
    fn finish(mut self: Box<Self>, closing: &[Line]) -> Result<Vec<u8>> {
        if !closing.is_empty() {
            self.h.push_str(&list(closing, self.m));
        }
        self.h.push_str(&format!(
            "<footer>{}</footer>\n</body>\n</html>\n",
            escape(&Msg::ReportFooter.words(*self.m))
        ));
        Ok(self.h.into_bytes())
    }
}
