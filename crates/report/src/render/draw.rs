//! Drawing primitives shared by every SVG chart (stacked bars in `svg.rs`,
//! interval, funnel and progress charts in `plots.rs`) and the palette the
//! Excel charts use too: fonts, colours, text and its width, the legend.

use svg::node::element::{Group, Rectangle, Text};
use unicode_width::UnicodeWidthStr;

/// The width of every chart, in SVG units.
const WIDTH: f64 = 860.0;

/// Fonts tried in order: Japanese fonts on Windows, macOS and Linux, then any sans.
pub const FONT_FAMILY: &str = "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', 'Yu Gothic', 'Meiryo', 'IPAexGothic', 'TakaoPGothic', sans-serif";

/// Okabe & Ito (2008) colours, distinguishable with every common colour-vision deficiency.
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999",
];

/// Approximate text width: full-width characters take one em, others half.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.width() as f64 * size * 0.55
}

/// `s` broken into lines no wider than `max`, so that a long label is shown
/// whole, never cut: character by character (Japanese has no spaces), at
/// the last space instead where one lies in the second half of the line.
pub fn wrap(s: &str, max: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for ch in s.chars() {
        current.push(ch);
        if text_width(current.trim_end(), size) <= max || current.chars().count() == 1 {
            continue;
        }
        current.pop();
        let half = current.len() / 2;
        match current.rfind(' ').filter(|&i| i >= half) {
            Some(i) => {
                let rest = current[i + 1..].to_string();
                current.truncate(i);
                lines.push(current);
                current = rest;
            }
            None => lines.push(std::mem::take(&mut current)),
        }
        current.push(ch);
        current = current.trim_start().to_string();
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

pub fn text(x: f64, y: f64, s: &str, size: f64) -> Text {
    Text::new(s)
        .set("x", x)
        .set("y", y)
        .set("font-size", size)
        .set("font-family", FONT_FAMILY)
}

/// A legend of coloured squares (the palette in order) wrapped to the
/// width, `line_step` between lines; returns it and the y of its last line.
pub fn legend(mut g: Group, series: &[String], mut y: f64, line_step: f64) -> (Group, f64) {
    let mut lx = 16.0;
    for (i, name) in series.iter().enumerate() {
        let w = 18.0 + text_width(name, 12.0) + 16.0;
        if lx + w > WIDTH - 16.0 {
            lx = 16.0;
            y += line_step;
        }
        g = g.add(
            Rectangle::new()
                .set("x", lx)
                .set("y", y - 10.0)
                .set("width", 12)
                .set("height", 12)
                .set("fill", PALETTE[i % PALETTE.len()]),
        );
        g = g.add(text(lx + 17.0, y, name, 12.0));
        lx += w;
    }
    (g, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_keep_every_character_and_fit() {
        let s = "1-15 食品中の食塩や脂肪の低減に取り組む飲食店などの登録件数の増加";
        let lines = wrap(s, 200.0, 12.0);
        assert!(lines.len() > 1);
        assert!(lines[0].starts_with("1-15 食品"), "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, 12.0) <= 200.0));
        assert_eq!(lines.concat().replace(' ', ""), s.replace(' ', ""));
        assert_eq!(wrap("short", 200.0, 12.0), vec!["short"]);
        assert_eq!(wrap("", 200.0, 12.0), vec![""]);
    }
}
