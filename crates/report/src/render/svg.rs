//! SVG charts (the `svg` crate builds the document): a 100 % stacked
//! horizontal bar per group, one segment per answer category, in the
//! Okabe–Ito colour-blind-safe palette, with a legend, a title and the test
//! result as the caption. Text is real SVG text in a font list that covers
//! Japanese, so labels stay searchable and crisp when pasted into slides.

use super::Renderer;
use super::draw::{FONT_FAMILY, PALETTE, legend, text, text_width};
use crate::messages::errors::Usage;
use crate::{Block, Messages, Report, StackedBars};
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

/// Every chart of a report in one SVG document.
pub struct Svg;

impl Renderer for Svg {
    fn render(&self, report: &Report, m: &Messages) -> Result<Vec<u8>> {
        let charts: Vec<&Block> = report
            .blocks()
            .map(|(_, b)| b)
            .filter(|b| is_chart(b))
            .collect();
        if charts.is_empty() {
            return Err(Usage::NoChart.into());
        }
        Ok(document(&charts, m).into_bytes())
    }
}
