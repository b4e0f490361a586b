//! SVG charts (the `svg` crate builds the document): a 100 % stacked
//! horizontal bar per group, one segment per answer category, in the
//! Okabe–Ito colour-blind-safe palette, with a legend, a title and the test
//! result as the caption. Text is real SVG text in a font list that covers
//! Japanese, so labels stay searchable and crisp when pasted into slides.

use super::draw::{FONT_FAMILY, PALETTE, legend, text, text_width};
use super::{Draw, Renderer};
use crate::messages::errors::Usage;
use crate::{
    Block, FunnelChart, Grid, IntervalChart, Line, Messages, ProgressChart, Records, Report,
    Section, SlideBlock, StackedBars,
};
use renkei_data::error::Result;
use svg::Document;
use svg::node::element::{Group, Rectangle, Title};

const WIDTH: f64 = 860.0;
const FONT: f64 = 13.0;
const BAR_H: f64 = 26.0;
const GAP: f64 = 10.0;

/// One chart as an SVG group, `width` wide, placed at `y0`; returns it and its height.
pub fn chart(c: &StackedBars, m: &Messages, y0: f64) -> (Group, f64) {
    let groups = c.bars.len();
    let labels: Vec<String> = c.bars.iter().map(|b| m.text(&b.label)).collect();
    let series: Vec<String> = c.series.iter().map(|s| m.text(s)).collect();
    let label_w = labels
        .iter()
        .map(|l| text_width(l, FONT))
        .fold(60.0, f64::max)
        .min(WIDTH * 0.45);
    let x0 = 16.0 + label_w + 8.0;
    let bar_w = WIDTH - x0 - 24.0;

    let mut g = Group::new().set("class", "renkei-chart");
    let mut y = y0 + 22.0;
    g = g.add(text(16.0, y, &m.text(&c.title), 15.0).set("font-weight", "bold"));
    y += 14.0;
    for (j, bar) in c.bars.iter().enumerate() {
        let total = bar.total();
        let by = y + j as f64 * (BAR_H + GAP);
        g = g.add(text(x0 - 8.0, by + BAR_H * 0.68, &labels[j], FONT).set("text-anchor", "end"));
        if total == 0 {
            g = g.add(
                Rectangle::new()
                    .set("x", x0)
                    .set("y", by)
                    .set("width", bar_w)
                    .set("height", BAR_H)
                    .set("fill", "none")
                    .set("stroke", "#bbbbbb")
                    .set("stroke-dasharray", "4 3"),
            );
            g = g.add(text(x0 + 8.0, by + BAR_H * 0.68, "n=0", FONT).set("fill", "#777777"));
            continue;
        }
        let mut x = x0;
        for (i, ((answer, &count), share)) in series
            .iter()
            .zip(&bar.counts)
            .zip(&bar.percents)
            .enumerate()
        {
            let Some(share) = share.filter(|_| count > 0) else {
                continue;
            };
            let w = bar_w * count as f64 / total as f64;
            let colour = PALETTE[i % PALETTE.len()];
            g = g.add(
                Rectangle::new()
                    .set("x", x)
                    .set("y", by)
                    .set("width", w)
                    .set("height", BAR_H)
                    .set("fill", colour)
                    .set("stroke", "#ffffff")
                    .set("stroke-width", 1)
                    .add(Title::new(format!("{answer}: {count} ({share})"))),
            );
            let label = share.to_string();
            if text_width(&label, 11.0) + 6.0 < w {
                let dark = matches!(colour, "#F0E442" | "#E69F00" | "#56B4E9" | "#999999");
                g = g.add(
                    text(x + w / 2.0, by + BAR_H * 0.66, &label, 11.0)
                        .set("text-anchor", "middle")
                        .set("fill", if dark { "#000000" } else { "#ffffff" }),
                );
            }
            x += w;
        }
    }
    y += groups as f64 * (BAR_H + GAP) + 6.0;
    // Axis ticks at 0, 50, 100 %.
    for t in [0.0, 0.5, 1.0] {
        g = g.add(
            text(x0 + bar_w * t, y + 4.0, &format!("{:.0}%", t * 100.0), 10.0)
                .set("text-anchor", "middle")
                .set("fill", "#555555"),
        );
    }
    y += 18.0;
    (g, y) = legend(g, &series, y, 20.0);
    y += 24.0;
    let caption: Vec<String> = c.caption.iter().map(|t| m.text(t)).collect();
    g = g.add(text(16.0, y, &caption.join("　"), 12.0).set("fill", "#333333"));
    y += 14.0;
    (g, y - y0)
}

/// Whether a block is drawn as a chart.
pub fn is_chart(b: &Block) -> bool {
    matches!(
        b,
        Block::Chart(_) | Block::Intervals(_) | Block::Funnel(_) | Block::Progress(_)
    )
}

/// One SVG document holding the chart blocks among `blocks`, one under the other.
pub fn document(blocks: &[&Block], m: &Messages) -> String {
    let mut y = 0.0;
    let mut groups = Vec::new();
    for b in blocks {
        let (g, h) = match b {
            Block::Chart(c) => chart(c, m, y),
            Block::Intervals(c) => super::plots::interval_chart(c, m, y),
            Block::Funnel(c) => super::plots::funnel_chart(c, m, y),
            Block::Progress(c) => super::plots::progress_chart(c, m, y),
            _ => continue,
        };
        groups.push(g);
        y += h + 16.0;
    }
    let mut doc = Document::new()
        .set("viewBox", (0, 0, WIDTH, y))
        .set("width", WIDTH)
        .set("height", y)
        .set("font-family", FONT_FAMILY)
        .add(
            Rectangle::new()
                .set("width", "100%")
                .set("height", "100%")
                .set("fill", "#ffffff"),
        );
    for g in groups {
        doc = doc.add(g);
    }
    doc.to_string()
}

/// One SVG document per chart, with its name: a section's short name (or
/// title) where the section has one chart (`表3`), else the chart's own
/// title (`北部: 標準化該当比−100`), so that each goes into a slide alone.
pub fn chart_documents(report: &Report, m: &Messages) -> Result<Vec<(String, String)>> {
    let mut documents = Vec::new();
    for s in &report.sections {
        let charts: Vec<(&Block, &crate::Text)> = s
            .blocks
            .iter()
            .filter_map(|b| chart_title(b).map(|t| (b, t)))
            .collect();
        for (b, chart) in &charts {
            let title = if charts.len() == 1 {
                m.text(s.short_name.as_ref().unwrap_or(&s.title))
            } else {
                m.text(chart)
            };
            documents.push((title, document(&[b], m)));
        }
    }
    if documents.is_empty() {
        return Err(Usage::NoChart.into());
    }
    Ok(documents)
}

/// A chart block's title (`None` for a table or lines).
fn chart_title(b: &Block) -> Option<&crate::Text> {
    match b {
        Block::Chart(c) => Some(&c.title),
        Block::Intervals(c) => Some(&c.title),
        Block::Funnel(c) => Some(&c.title),
        Block::Progress(c) => Some(&c.title),
        Block::Slide(_) | Block::Lines(_) | Block::Grid(_) | Block::Records(_) => None,
    }
}

/// Every chart of a report in one SVG document.
pub struct Svg;

impl Renderer for Svg {
    fn start<'a>(&self, _: &'a Report, m: &'a Messages) -> Result<Box<dyn Draw + 'a>> {
        Ok(Box::new(SvgDraw {
            m,
            charts: Vec::new(),
        }))
    }
}

/// The charts, one under the other; tables and sentences are for the other
/// formats (an SVG is a picture to paste into a slide).
struct SvgDraw<'a> {
    m: &'a Messages,
    charts: Vec<Block>,
}

impl Draw for SvgDraw<'_> {
    fn head(&mut self, _: Option<&crate::Text>, _: &[Line]) -> Result<()> {
        Ok(())
    }
    fn section(&mut self, _: &Section) -> Result<()> {
        // Each chart carries its own title.
        Ok(())
    }
    fn slide(&mut self, _: &SlideBlock) -> Result<()> {
        Ok(())
    }
    fn lines(&mut self, _: &[Line]) -> Result<()> {
        Ok(())
    }
    fn grid(&mut self, _: &Grid) -> Result<()> {
        Ok(())
    }
    fn records(&mut self, _: &Records) -> Result<()> {
        Ok(())
    }
    fn chart(&mut self, c: &StackedBars) -> Result<()> {
        self.charts.push(Block::Chart(c.clone()));
        Ok(())
    }
    fn intervals(&mut self, c: &IntervalChart) -> Result<()> {
        self.charts.push(Block::Intervals(c.clone()));
        Ok(())
    }
    fn funnel(&mut self, c: &FunnelChart) -> Result<()> {
        self.charts.push(Block::Funnel(c.clone()));
        Ok(())
    }
    fn progress(&mut self, c: &ProgressChart) -> Result<()> {
        self.charts.push(Block::Progress(c.clone()));
        Ok(())
    }
    fn end_section(&mut self) -> Result<()> {
        Ok(())
    }
    fn finish(self: Box<Self>, _: &[Line]) -> Result<Vec<u8>> {
        if self.charts.is_empty() {
            return Err(Usage::NoChart.into());
        }
        let charts: Vec<&Block> = self.charts.iter().collect();
        Ok(document(&charts, self.m).into_bytes())
    }
}
