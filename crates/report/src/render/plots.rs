//! SVG drawing of interval charts (bars or points with whiskers) and funnel
//! plots; `svg.rs` places them in a document beside the stacked bars.
//! Values are drawn as the report gives them: nothing is computed here but
//! positions on the page.

use super::draw::{PALETTE, legend, text, text_width, wrap};
use crate::messages::format_fixed;
use crate::{
    Estimate, Flag, FunnelChart, IntervalChart, IntervalStyle, Messages, ProgressChart, Tone,
};
use svg::node::element::{Circle, Group, Line, Polygon, Polyline, Rectangle, Title};

const WIDTH: f64 = 860.0;
const FONT: f64 = 12.0;
const MARK_H: f64 = 12.0;
const ROW_GAP: f64 = 8.0;

/// Round tick positions covering [low, high] (about `count` of them).
fn ticks(low: f64, high: f64, count: usize) -> Vec<f64> {
    let span = (high - low).max(1e-12);
    let raw = span / count as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|f| f * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (low / step).ceil() as i64;
    let last = (high / step).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

pub(super) fn tick_label(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn line(x1: f64, y1: f64, x2: f64, y2: f64, colour: &str, width: f64) -> Line {
    Line::new()
        .set("x1", x1)
        .set("y1", y1)
        .set("x2", x2)
        .set("y2", y2)
        .set("stroke", colour)
        .set("stroke-width", width)
}

/// The range every value, limit and the reference fall in, padded.
fn value_range(c: &IntervalChart) -> (f64, f64) {
    let mut low = c.reference;
    let mut high = c.reference;
    for e in c.rows.iter().flat_map(|r| r.values.iter().flatten()) {
        for v in [Some(e.value), e.lower, e.upper].into_iter().flatten() {
            if v.is_finite() {
                low = low.min(v);
                high = high.max(v);
            }
        }
    }
    // A fixed axis holds every value all the same: a value outside it
    // widens it rather than being cut.
    if let Some((a, b)) = c.range {
        return (a.min(low), b.max(high));
    }
    let pad = ((high - low) * 0.06).max(1.0);
    (low - pad, high + pad)
}

/// The mark of a flagged estimate, and its colour.
fn flag_mark(flag: Flag) -> (&'static str, &'static str) {
    match flag {
        Flag::High => ("▲", "#c0392b"),
        Flag::Low => ("▼", "#1f5fa8"),
    }
}

/// One interval chart as an SVG group placed at `y0`; returns it and its height.
pub fn interval_chart(c: &IntervalChart, m: &Messages, y0: f64) -> (Group, f64) {
    match c.style {
        IntervalStyle::Columns => return column_chart(c, m, y0),
        IntervalStyle::Radar => return radar_chart(c, m, y0),
        IntervalStyle::Bars | IntervalStyle::Points => {}
    }
    let labels: Vec<String> = c.rows.iter().map(|r| m.text(&r.label)).collect();
    let series: Vec<String> = c.series.iter().map(|s| m.text(s)).collect();
    let label_w = labels
        .iter()
        .map(|l| text_width(l, FONT))
        .fold(60.0, f64::max)
        .min(WIDTH * 0.35);
    let x0 = 16.0 + label_w + 48.0;
    let x1 = WIDTH - 56.0;
    let (low, high) = value_range(c);
    let at = |v: f64| x0 + (v - low) / (high - low) * (x1 - x0);
    let per_row = c.series.len().max(1) as f64 * (MARK_H + 2.0) + ROW_GAP;

    let mut g = Group::new().set("class", "renkei-chart");
    let mut y = y0 + 22.0;
    g = g.add(text(16.0, y, &m.text(&c.title), 15.0).set("font-weight", "bold"));
    y += 12.0;
    let top = y;
    let bottom = top + per_row * c.rows.len() as f64;
    for t in ticks(low, high, 6) {
        g = g.add(line(at(t), top, at(t), bottom, "#e5e5e5", 1.0));
        g = g.add(
            text(at(t), bottom + 14.0, &tick_label(t), 10.0)
                .set("text-anchor", "middle")
                .set("fill", "#555555"),
        );
    }
    for (j, row) in c.rows.iter().enumerate() {
        let ry = top + j as f64 * per_row;
        let mid = ry + (per_row - ROW_GAP) / 2.0;
        g = g.add(text(x0 - 8.0, mid + 4.0, &labels[j], FONT).set("text-anchor", "end"));
        for (i, estimate) in row.values.iter().enumerate() {
            let Some(e) = estimate else { continue };
            let my = ry + i as f64 * (MARK_H + 2.0);
            g = mark(g, c, e, PALETTE[i % PALETTE.len()], my, &at, &series[i]);
        }
    }
    g = g.add(line(
        at(c.reference),
        top - 4.0,
        at(c.reference),
        bottom,
        "#333333",
        1.2,
    ));
    y = bottom + 30.0;
    g = g.add(text(x0, y, &m.text(&c.axis), 11.0).set("fill", "#333333"));
    legend_and_caption(g, c, m, &series, y + 22.0, y0)
}

/// The legend (for more than one series) and the caption at `y`, under an
/// interval chart begun at `y0`; returns the group and the chart's height.
fn legend_and_caption(
    mut g: Group,
    c: &IntervalChart,
    m: &Messages,
    series: &[String],
    mut y: f64,
    y0: f64,
) -> (Group, f64) {
    if series.len() > 1 {
        (g, y) = legend(g, series, y, 18.0);
        y += 20.0;
    }
    let caption: Vec<String> = c.caption.iter().map(|t| m.text(t)).collect();
    g = g.add(text(16.0, y, &caption.join("　"), 11.0).set("fill", "#333333"));
    (g, y + 12.0 - y0)
}

/// A radar chart: a spoke per row from the top clockwise, rings at round
/// values of the range, each series a translucent outline with its points
/// (the value in each point's tooltip).
fn radar_chart(c: &IntervalChart, m: &Messages, y0: f64) -> (Group, f64) {
    const RADIUS: f64 = 150.0;
    let labels: Vec<String> = c.rows.iter().map(|r| m.text(&r.label)).collect();
    let series: Vec<String> = c.series.iter().map(|s| m.text(s)).collect();
    let (low, high) = value_range(c);
    let n = c.rows.len().max(1);
    let mut g = Group::new().set("class", "renkei-chart");
    let y = y0 + 22.0;
    g = g.add(text(16.0, y, &m.text(&c.title), 15.0).set("font-weight", "bold"));
    // Room above and below the rings for the labels at the top and bottom.
    let (cx, cy) = (WIDTH / 2.0, y + 34.0 + RADIUS);
    let angle =
        |j: usize| -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * j as f64 / n as f64;
    let at = |j: usize, v: f64| {
        let r = ((v - low) / (high - low)).clamp(0.0, 1.0) * RADIUS;
        (cx + r * angle(j).cos(), cy + r * angle(j).sin())
    };
    let points = |xy: Vec<(f64, f64)>| {
        xy.iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    for t in ticks(low, high, 5).into_iter().filter(|t| *t > low) {
        g = g.add(
            Polygon::new()
                .set("points", points((0..n).map(|j| at(j, t)).collect()))
                .set("fill", "none")
                .set("stroke", "#dddddd")
                .set("stroke-width", 1.0),
        );
        // Left of the top spoke, inside the ring: clear of the spoke's
        // label above and of the values, which sit right of their points.
        let (_, ty) = at(0, t);
        g = g.add(
            text(cx - 4.0, ty + 11.0, &tick_label(t), 10.0)
                .set("text-anchor", "end")
                .set("fill", "#777777"),
        );
    }
    for (j, label) in labels.iter().enumerate() {
        let (x, y) = at(j, high);
        g = g.add(line(cx, cy, x, y, "#cccccc", 1.0));
        let (cos, sin) = (angle(j).cos(), angle(j).sin());
        let anchor = if cos > 0.2 {
            "start"
        } else if cos < -0.2 {
            "end"
        } else {
            "middle"
        };
        let (lx, ly) = (
            cx + (RADIUS + 10.0) * cos,
            cy + (RADIUS + 10.0) * sin + 4.0 + 6.0 * sin,
        );
        g = g.add(text(lx, ly, label, FONT).set("text-anchor", anchor));
    }
    for (i, name) in series.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let values: Vec<(usize, f64)> = c
            .rows
            .iter()
            .enumerate()
            .filter_map(|(j, r)| r.values.get(i).copied().flatten().map(|e| (j, e.value)))
            .collect();
        g = g.add(
            Polygon::new()
                .set(
                    "points",
                    points(values.iter().map(|&(j, v)| at(j, v)).collect()),
                )
                .set("fill", colour)
                .set("fill-opacity", 0.18)
                .set("stroke", colour)
                .set("stroke-width", 2.0),
        );
        for &(j, v) in &values {
            let (x, y) = at(j, v);
            let shown = format_fixed(v, c.decimals);
            let tip = format!("{name} — {}: {shown}", labels[j]);
            g = g.add(
                Circle::new()
                    .set("cx", x)
                    .set("cy", y)
                    .set("r", 3.5)
                    .set("fill", colour)
                    .add(Title::new(tip)),
            );
            // The value beside its point (a printed slide has no tooltips);
            // one series only, as several would overlap.
            if series.len() == 1 {
                g = g.add(text(x + 6.0, y - 5.0, &shown, 10.0).set("fill", "#333333"));
            }
        }
    }
    let y = cy + RADIUS + 40.0;
    g = g.add(text(16.0, y, &m.text(&c.axis), 11.0).set("fill", "#333333"));
    legend_and_caption(g, c, m, &series, y + 22.0, y0)
}

/// One estimate: a bar from the reference (or a point), its whiskers and its value.
fn mark(
    mut g: Group,
    c: &IntervalChart,
    e: &Estimate,
    colour: &str,
    y: f64,
    at: &dyn Fn(f64) -> f64,
    series: &str,
) -> Group {
    let mid = y + MARK_H / 2.0;
    let mut value = format!("{:.*}", c.decimals as usize, e.value);
    if let Some(f) = e.flag {
        value.push_str(flag_mark(f).0);
    }
    let tip = match (e.lower, e.upper) {
        (Some(l), Some(u)) => format!(
            "{series}: {value} ({:.*}–{:.*})",
            c.decimals as usize, l, c.decimals as usize, u
        ),
        _ => format!("{series}: {value}"),
    };
    match c.style {
        IntervalStyle::Bars | IntervalStyle::Columns | IntervalStyle::Radar => {
            let (a, b) = (at(c.reference), at(e.value));
            g = g.add(
                Rectangle::new()
                    .set("x", a.min(b))
                    .set("y", y)
                    .set("width", (a - b).abs().max(0.5))
                    .set("height", MARK_H)
                    .set("fill", colour)
                    .set("fill-opacity", 0.85)
                    .add(Title::new(tip.clone())),
            );
        }
        IntervalStyle::Points => {
            g = g.add(
                Circle::new()
                    .set("cx", at(e.value))
                    .set("cy", mid)
                    .set("r", 4.0)
                    .set("fill", colour)
                    .add(Title::new(tip.clone())),
            );
        }
    }
    if let (Some(l), Some(u)) = (e.lower, e.upper) {
        g = g.add(line(at(l), mid, at(u), mid, "#222222", 1.0));
        for v in [l, u] {
            g = g.add(line(at(v), mid - 3.5, at(v), mid + 3.5, "#222222", 1.0));
        }
    }
    // The value sits beyond the far end of the mark: right of it above the
    // reference, left of it below.
    if e.value >= c.reference {
        let right = [Some(e.value), e.upper]
            .into_iter()
            .flatten()
            .map(at)
            .fold(f64::MIN, f64::max);
        g.add(text(right + 4.0, mid + 4.0, &value, 10.0).set("fill", "#333333"))
    } else {
        let left = [Some(e.value), e.lower]
            .into_iter()
            .flatten()
            .map(at)
            .fold(f64::MAX, f64::min);
        g.add(
            text(left - 4.0, mid + 4.0, &value, 10.0)
                .set("text-anchor", "end")
                .set("fill", "#333333"),
        )
    }
}

/// Height of the plot area of a column chart.
const COLUMNS_H: f64 = 300.0;

/// An interval chart drawn upright: each row a group of columns along the
/// horizontal axis (its label under it), each series a column from the
/// reference line with its whiskers, a flagged estimate marked ▲ above its
/// whisker or ▼ below it.
fn column_chart(c: &IntervalChart, m: &Messages, y0: f64) -> (Group, f64) {
    let series: Vec<String> = c.series.iter().map(|s| m.text(s)).collect();
    let (low, high) = value_range(c);
    let (x0, x1) = (64.0, WIDTH - 16.0);
    let mut g = Group::new().set("class", "renkei-chart");
    let mut y = y0 + 22.0;
    g = g.add(text(16.0, y, &m.text(&c.title), 15.0).set("font-weight", "bold"));
    y += 20.0;
    g = g.add(text(16.0, y, &m.text(&c.axis), 11.0).set("fill", "#333333"));
    let top = y + 18.0;
    let bottom = top + COLUMNS_H;
    let py = |v: f64| bottom - (v - low) / (high - low).max(1e-12) * COLUMNS_H;
    for t in ticks(low, high, 6) {
        g = g.add(line(x0, py(t), x1, py(t), "#e5e5e5", 1.0));
        g = g.add(
            text(x0 - 6.0, py(t) + 4.0, &tick_label(t), 10.0)
                .set("text-anchor", "end")
                .set("fill", "#555555"),
        );
    }
    let groups = c.rows.len().max(1) as f64;
    let group_w = (x1 - x0) / groups;
    let k = c.series.len().max(1) as f64;
    let bar_w = (group_w * 0.72 / k).min(30.0);
    let mut label_lines = 1usize;
    for (j, row) in c.rows.iter().enumerate() {
        let gx = x0 + (j as f64 + 0.5) * group_w;
        let start = gx - bar_w * k / 2.0;
        for (i, estimate) in row.values.iter().enumerate() {
            let Some(e) = estimate else { continue };
            let bx = start + i as f64 * bar_w;
            let colour = PALETTE[i % PALETTE.len()];
            let (a, b) = (py(c.reference), py(e.value));
            let value = format!("{:.*}", c.decimals as usize, e.value);
            let tip = match (e.lower, e.upper) {
                (Some(l), Some(u)) => format!(
                    "{} {}: {value} ({:.*}–{:.*})",
                    m.text(&row.label),
                    series.get(i).map_or("", String::as_str),
                    c.decimals as usize,
                    l,
                    c.decimals as usize,
                    u
                ),
                _ => format!("{}: {value}", m.text(&row.label)),
            };
            g = g.add(
                Rectangle::new()
                    .set("x", bx + 1.0)
                    .set("y", a.min(b))
                    .set("width", (bar_w - 2.0).max(1.0))
                    .set("height", (a - b).abs().max(0.5))
                    .set("fill", colour)
                    .set("fill-opacity", 0.85)
                    .add(Title::new(tip)),
            );
            let cx = bx + bar_w / 2.0;
            if let (Some(l), Some(u)) = (e.lower, e.upper) {
                g = g.add(line(cx, py(l), cx, py(u), "#222222", 1.0));
                for v in [l, u] {
                    g = g.add(line(cx - 3.0, py(v), cx + 3.0, py(v), "#222222", 1.0));
                }
            }
            if let Some(f) = e.flag {
                let (mark, colour) = flag_mark(f);
                let (yy, edge) = match f {
                    Flag::High => (e.upper.unwrap_or(e.value).max(e.value), -4.0),
                    Flag::Low => (e.lower.unwrap_or(e.value).min(e.value), 12.0),
                };
                g = g.add(
                    text(cx, py(yy) + edge, mark, 10.0)
                        .set("text-anchor", "middle")
                        .set("fill", colour),
                );
            }
        }
        let lines = wrap(&m.text(&row.label), group_w - 6.0, 11.0);
        label_lines = label_lines.max(lines.len());
        for (n, l) in lines.iter().enumerate() {
            g = g.add(
                text(gx, bottom + 16.0 + 13.0 * n as f64, l, 11.0).set("text-anchor", "middle"),
            );
        }
    }
    g = g.add(line(
        x0,
        py(c.reference),
        x1,
        py(c.reference),
        "#333333",
        1.2,
    ));
    let y = bottom + 16.0 + 13.0 * label_lines as f64 + 12.0;
    legend_and_caption(g, c, m, &series, y, y0)
}

/// One funnel plot as an SVG group placed at `y0`; returns it and its height.
/// The x axis is logarithmic when the expected counts span more than ten-fold.
pub fn funnel_chart(c: &FunnelChart, m: &Messages, y0: f64) -> (Group, f64) {
    let (x0, x1) = (70.0, WIDTH - 30.0);
    let plot_h = 360.0;
    let xs = c
        .points
        .iter()
        .map(|p| p.x)
        .chain(c.limits.iter().flat_map(|l| l.trace.iter().map(|t| t.0)))
        .filter(|x| *x > 0.0);
    let (xmin, xmax) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
    let log = xmax / xmin > 10.0;
    let tx = |x: f64| if log { x.log10() } else { x };
    let (lo_x, hi_x) = (tx(xmin), tx(xmax));
    let ys = c
        .points
        .iter()
        .map(|p| p.y)
        .chain(
            c.limits
                .iter()
                .flat_map(|l| l.trace.iter().flat_map(|t| [t.1, t.2])),
        )
        .chain([c.reference]);
    let (mut ymin, mut ymax) = ys
        .filter(|y| y.is_finite())
        .fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(y), b.max(y)));
    let pad = (ymax - ymin) * 0.05;
    ymin -= pad;
    ymax += pad;
    let mut g = Group::new().set("class", "renkei-chart");
    let mut y = y0 + 22.0;
    g = g.add(text(16.0, y, &m.text(&c.title), 15.0).set("font-weight", "bold"));
    let top = y + 34.0;
    let bottom = top + plot_h;
    let px = |x: f64| x0 + (tx(x) - lo_x) / (hi_x - lo_x).max(1e-12) * (x1 - x0);
    let py = |v: f64| bottom - (v - ymin) / (ymax - ymin).max(1e-12) * plot_h;
    for t in ticks(ymin, ymax, 6) {
        g = g.add(line(x0, py(t), x1, py(t), "#eeeeee", 1.0));
        g = g.add(
            text(x0 - 6.0, py(t) + 4.0, &tick_label(t), 10.0)
                .set("text-anchor", "end")
                .set("fill", "#555555"),
        );
    }
    let x_ticks: Vec<f64> = if log {
        ticks(lo_x.floor(), hi_x.ceil(), 6)
            .into_iter()
            .filter(|t| t.fract() == 0.0)
            .map(|t| 10f64.powf(t))
            .filter(|x| tx(*x) >= lo_x - 1e-9 && tx(*x) <= hi_x + 1e-9)
            .collect()
    } else {
        ticks(xmin, xmax, 6)
    };
    for t in x_ticks {
        g = g.add(
            text(px(t), bottom + 14.0, &tick_label(t), 10.0)
                .set("text-anchor", "middle")
                .set("fill", "#555555"),
        );
    }
    g = g.add(line(
        x0,
        py(c.reference),
        x1,
        py(c.reference),
        "#333333",
        1.2,
    ));
    let dashes = ["6 3", "2 3", "8 2 2 2"];
    for (k, l) in c.limits.iter().enumerate() {
        for side in [1usize, 2] {
            let points: String = l
                .trace
                .iter()
                .filter(|t| t.0 > 0.0)
                .map(|t| {
                    let v = if side == 1 { t.1 } else { t.2 };
                    format!("{:.2},{:.2} ", px(t.0), py(v.clamp(ymin, ymax)))
                })
                .collect();
            g = g.add(
                Polyline::new()
                    .set("points", points.trim_end())
                    .set("fill", "none")
                    .set("stroke", "#777777")
                    .set("stroke-dasharray", dashes[k % dashes.len()]),
            );
        }
    }
    // Every point named, its label moved up or down (then to the left)
    // until it overlaps no label placed before it.
    let colours = [PALETTE[0], PALETTE[1], PALETTE[5]];
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    let overlaps = |b: (f64, f64, f64, f64), placed: &[(f64, f64, f64, f64)]| {
        placed
            .iter()
            .any(|p| b.0 < p.0 + p.2 && p.0 < b.0 + b.2 && b.1 < p.1 + p.3 && p.1 < b.1 + b.3)
    };
    // Points beyond the limits are placed first, so theirs are nearest.
    let mut order: Vec<&crate::FunnelPoint> = c.points.iter().collect();
    order.sort_by_key(|p| std::cmp::Reverse(p.beyond));
    for p in order {
        let label = m.text(&p.label);
        let colour = colours[p.beyond.min(colours.len() - 1)];
        let (cx, cy) = (px(p.x), py(p.y));
        g = g.add(
            Circle::new()
                .set("cx", cx)
                .set("cy", cy)
                .set("r", 4.0)
                .set("fill", colour)
                .add(Title::new(format!("{label}: {:.1} (E = {:.1})", p.y, p.x))),
        );
        // Room as a browser sets the label (CJK glyphs run a little wider
        // and taller than the estimate), so that no two touch.
        let w = 1.15 * text_width(&label, 10.0) + 2.0;
        let h = 16.0;
        let candidates = (0..12).flat_map(|k| {
            let dy = (k / 2) as f64 * h * if k % 2 == 0 { 1.0 } else { -1.0 };
            [(cx + 6.0, cy - 8.0 + dy), (cx - 6.0 - w, cy - 8.0 + dy)]
        });
        let spot = candidates
            .clone()
            .find(|&(x, y)| x >= 0.0 && x + w <= WIDTH && !overlaps((x, y, w, h), &placed))
            .unwrap_or((cx + 6.0, cy - 8.0));
        placed.push((spot.0, spot.1, w, h));
        g = g.add(
            text(spot.0, spot.1 + 10.0, &label, 10.0)
                .set("class", "renkei-point-label")
                .set("fill", if p.beyond > 0 { "#222222" } else { "#555555" }),
        );
    }
    y = bottom + 32.0;
    g = g.add(text(x0, y, &m.text(&c.x_axis), 11.0).set("fill", "#333333"));
    g = g.add(text(16.0, top - 16.0, &m.text(&c.y_axis), 11.0).set("fill", "#333333"));
    y += 20.0;
    let mut lx = 16.0;
    for (k, l) in c.limits.iter().enumerate() {
        let label = m.text(&l.label);
        g = g.add(
            line(lx, y - 4.0, lx + 24.0, y - 4.0, "#777777", 1.0)
                .set("stroke-dasharray", dashes[k % dashes.len()]),
        );
        g = g.add(text(lx + 30.0, y, &label, 11.0));
        lx += 30.0 + text_width(&label, 11.0) + 20.0;
    }
    for (k, t) in c.point_legend.iter().enumerate() {
        let label = m.text(t);
        if lx + 40.0 + text_width(&label, 11.0) > WIDTH {
            lx = 16.0;
            y += 18.0;
        }
        g = g.add(
            Circle::new()
                .set("cx", lx + 6.0)
                .set("cy", y - 4.0)
                .set("r", 4.0)
                .set("fill", colours[k.min(colours.len() - 1)]),
        );
        g = g.add(text(lx + 16.0, y, &label, 11.0));
        lx += 16.0 + text_width(&label, 11.0) + 20.0;
    }
    y += 20.0;
    let caption: Vec<String> = c.caption.iter().map(|t| m.text(t)).collect();
    g = g.add(text(16.0, y, &caption.join("　"), 11.0).set("fill", "#333333"));
    (g, y + 12.0 - y0)
}

/// The colour of a tone: best green, better blue, slightly light blue,
/// neutral grey, worse vermilion, unknown pale grey (Okabe–Ito).
pub fn tone_colour(tone: Tone) -> &'static str {
    match tone {
        Tone::Best => "#009E73",
        Tone::Better => "#0072B2",
        Tone::Slightly => "#56B4E9",
        Tone::Neutral => "#999999",
        Tone::Worse => "#D55E00",
        Tone::Unknown => "#DDDDDD",
    }
}

/// One progress chart as an SVG group placed at `y0`: per indicator an
/// arrow from the baseline (open circle) through the middle point (ring)
/// to the latest value (filled), and the target (a bar), all rows on one
/// axis with its ticks, the arrow in its grade's colour. A composite item's
/// row carries its grade; its indicators follow, indented. Labels are
/// wrapped, never cut.
pub fn progress_chart(c: &ProgressChart, m: &Messages, y0: f64) -> (Group, f64) {
    const LINE_H: f64 = 15.0;
    let label_max = WIDTH * 0.36;
    let indent = 14.0;
    let labels: Vec<Vec<String>> = c
        .rows
        .iter()
        .map(|r| {
            let room = if r.indent {
                label_max - indent
            } else {
                label_max
            };
            wrap(&m.text(&r.label), room, FONT)
        })
        .collect();
    let label_w = labels
        .iter()
        .zip(&c.rows)
        .flat_map(|(ls, r)| {
            ls.iter()
                .map(move |l| text_width(l, FONT) + if r.indent { indent } else { 0.0 })
        })
        .fold(80.0, f64::max);
    let x0 = 16.0 + label_w + 40.0;
    let x1 = WIDTH - 130.0;
    // One scale for every row, from 0 (or the lowest value) to the highest.
    let all: Vec<f64> = c
        .rows
        .iter()
        .filter_map(|r| r.values)
        .flat_map(|v| [Some(v.baseline), v.midterm, Some(v.current), v.target])
        .flatten()
        .filter(|v| v.is_finite())
        .collect();
    let low = all.iter().copied().fold(0.0, f64::min);
    let high = all.iter().copied().fold(f64::MIN, f64::max).max(low + 1e-9);
    let marks = ticks(low, high + (high - low) * 0.04, 5);
    let low = marks.first().copied().unwrap_or(low).min(low);
    let high = marks
        .last()
        .copied()
        .filter(|t| *t >= high)
        .unwrap_or(high + (high - low) * 0.04);
    let at = |v: f64| x0 + (v - low) / (high - low) * (x1 - x0);
    // Where the plot begins, for tests that check no label runs into it.
    let mut g = Group::new()
        .set("class", "renkei-chart renkei-progress")
        .set("data-plot-left", x0 - 30.0);
    let mut y = y0 + 22.0;
    g = g.add(text(16.0, y, &m.text(&c.title), 15.0).set("font-weight", "bold"));
    y += 22.0;
    let axis_top = y;
    let heights: Vec<f64> = labels
        .iter()
        .map(|ls| (ls.len() as f64 * LINE_H + 10.0).max(26.0))
        .collect();
    let plot_h: f64 = heights.iter().sum();
    for t in &marks {
        g = g.add(line(
            at(*t),
            axis_top,
            at(*t),
            axis_top + plot_h,
            "#e4e4e4",
            1.0,
        ));
        g = g.add(
            text(at(*t), axis_top - 4.0, &tick_label(*t), 10.0)
                .set("text-anchor", "middle")
                .set("fill", "#555555"),
        );
    }
    for (j, r) in c.rows.iter().enumerate() {
        let mid = y + heights[j] / 2.0;
        let colour = tone_colour(r.tone);
        let first = mid + 4.0 - (labels[j].len() as f64 - 1.0) * LINE_H / 2.0;
        let lx = 16.0 + if r.indent { indent } else { 0.0 };
        for (k, l) in labels[j].iter().enumerate() {
            let mut t = text(lx, first + k as f64 * LINE_H, l, FONT).set("class", "renkei-label");
            if r.values.is_none() {
                t = t.set("font-weight", "bold");
            }
            g = g.add(t);
        }
        g = g.add(
            text(x0 - 20.0, mid + 4.0, &m.text(&r.grade), FONT)
                .set("text-anchor", "middle")
                .set("font-weight", "bold")
                .set("fill", colour),
        );
        let Some(v) = r.values else {
            y += heights[j];
            continue;
        };
        g = g.add(line(x0, mid, x1, mid, "#f2f2f2", 1.0));
        if let Some(t) = v.target {
            g =
                g.add(
                    line(at(t), mid - 8.0, at(t), mid + 8.0, "#333333", 2.5).add(Title::new(
                        format!("{}: {}", m.text(&c.target_label), tick_label(t)),
                    )),
                );
        }
        g = g.add(line(at(v.baseline), mid, at(v.current), mid, colour, 3.0));
        g = g.add(
            Circle::new()
                .set("cx", at(v.baseline))
                .set("cy", mid)
                .set("r", 4.5)
                .set("fill", "#ffffff")
                .set("stroke", colour)
                .set("stroke-width", 2),
        );
        if let Some(md) = v.midterm {
            g = g.add(
                Circle::new()
                    .set("cx", at(md))
                    .set("cy", mid)
                    .set("r", 3.0)
                    .set("fill", "#ffffff")
                    .set("stroke", "#333333")
                    .set("stroke-width", 1.5),
            );
        }
        g = g.add(
            Circle::new()
                .set("cx", at(v.current))
                .set("cy", mid)
                .set("r", 5.0)
                .set("fill", colour),
        );
        let right = [Some(v.baseline), v.midterm, Some(v.current), v.target]
            .iter()
            .flatten()
            .map(|x| at(*x))
            .fold(f64::MIN, f64::max);
        let path: Vec<String> = [Some(v.baseline), v.midterm, Some(v.current)]
            .iter()
            .zip(v.decimals)
            .filter_map(|(x, d)| x.map(|x| format_fixed(x, d)))
            .collect();
        g = g.add(text(right + 8.0, mid + 4.0, &path.join(" → "), 10.0).set("fill", "#333333"));
        y += heights[j];
    }
    g = g.add(line(x0, y, x1, y, "#999999", 1.0));
    for t in &marks {
        g = g.add(
            text(at(*t), y + 14.0, &tick_label(*t), 10.0)
                .set("text-anchor", "middle")
                .set("fill", "#555555"),
        );
    }
    y += 30.0;
    g = g.add(
        text((x0 + x1) / 2.0, y, &m.text(&c.axis), 11.0)
            .set("text-anchor", "middle")
            .set("fill", "#333333"),
    );
    y += 22.0;
    let legend: Vec<String> = c.legend.iter().map(|(_, t)| m.text(t)).collect();
    let mut lx = 16.0;
    for ((tone, _), label) in c.legend.iter().zip(&legend) {
        let w = 18.0 + text_width(label, 11.0) + 14.0;
        if lx + w > WIDTH - 16.0 {
            lx = 16.0;
            y += 18.0;
        }
        g = g.add(
            Rectangle::new()
                .set("x", lx)
                .set("y", y - 10.0)
                .set("width", 12)
                .set("height", 12)
                .set("fill", tone_colour(*tone)),
        );
        g = g.add(text(lx + 17.0, y, label, 11.0));
        lx += w;
    }
    for t in &c.caption {
        for l in wrap(&m.text(t), WIDTH - 32.0, 11.0) {
            y += 18.0;
            g = g.add(text(16.0, y, &l, 11.0).set("fill", "#333333"));
        }
    }
    (g, y + 12.0 - y0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover() {
        assert_eq!(ticks(0.0, 10.0, 5), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(ticks(-13.0, 27.0, 4), vec![-10.0, 0.0, 10.0, 20.0]);
        assert_eq!(tick_label(2.5), "2.5");
        assert_eq!(tick_label(100.0), "100");
    }
}
