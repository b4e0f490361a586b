//! Native Excel charts for a workbook: a sheet with each chart's data and
//! the chart beside it, editable in Excel and pasted into PowerPoint as a
//! chart, not a picture. Stacked bars become 100 % stacked bar charts,
//! interval charts bar charts with custom error bars (bars start at the
//! reference line), funnel plots scatter charts with their control limits.
//! Progress charts become stacked bar charts: an unfilled segment up to the
//! lower of baseline and latest value, then the change in its grade's colour.

use super::draw::PALETTE;
use super::plots::tone_colour;
use crate::{
    Block, FunnelChart, IntervalChart, IntervalStyle, Messages, ProgressChart, StackedBars,
};
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartAxisLabelPosition, ChartErrorBars, ChartErrorBarsType,
    ChartFormat, ChartLine, ChartMarker, ChartMarkerType, ChartPoint, ChartRange, ChartSolidFill,
    ChartType, Format, Workbook, Worksheet, XlsxError,
};

/// Excel's number format for a number at fixed decimals (the workbook's
/// cells and the charts' data alike).
pub(super) fn fixed_format(decimals: u8) -> String {
    if decimals == 0 {
        "0".into()
    } else {
        format!("0.{}", "0".repeat(decimals as usize))
    }
}

/// Rows a chart's picture covers (at Excel's default 20 px rows).
fn chart_rows(height: u32) -> u32 {
    height / 20 + 2
}

struct Place<'a> {
    sheet: &'a str,
    row: u32,
}

/// A column's cells from `first_row` to `last_row`, as a chart range.
fn range<'a>(
    p: &Place<'a>,
    first_row: u32,
    col: u16,
    last_row: u32,
) -> (&'a str, u32, u16, u32, u16) {
    (p.sheet, first_row, col, last_row, col)
}

fn cells(p: &Place, first_row: u32, col: u16, last_row: u32) -> ChartRange {
    ChartRange::new_from_range(p.sheet, first_row, col, last_row, col)
}

fn colour(i: usize) -> ChartFormat {
    let mut f = ChartFormat::new();
    f.set_solid_fill(ChartSolidFill::new().set_color(PALETTE[i % PALETTE.len()]));
    f
}

/// Writes the data of a stacked bar chart and inserts it; returns the next free row.
fn stacked(
    ws: &mut Worksheet,
    p: &Place,
    c: &StackedBars,
    m: &Messages,
    bold: &Format,
) -> Result<u32, XlsxError> {
    let top = p.row;
    ws.write_string_with_format(top, 0, m.text(&c.title), bold)?;
    for (i, s) in c.series.iter().enumerate() {
        ws.write_string(top + 1, 1 + i as u16, m.text(s))?;
    }
    for (j, b) in c.bars.iter().enumerate() {
        let r = top + 2 + j as u32;
        ws.write_string(r, 0, m.text(&b.label))?;
        for (i, n) in b.counts.iter().enumerate() {
            ws.write_number(r, 1 + i as u16, *n as f64)?;
        }
    }
    let last = top + 1 + c.bars.len() as u32;
    let mut chart = Chart::new(ChartType::BarPercentStacked);
    for i in 0..c.series.len() {
        let col = 1 + i as u16;
        chart
            .add_series()
            .set_name(range(p, top + 1, col, top + 1))
            .set_categories(range(p, top + 2, 0, last))
            .set_values(range(p, top + 2, col, last))
            .set_format(&mut colour(i));
    }
    chart.title().set_name(&m.text(&c.title));
    chart.y_axis().set_reverse();
    let height = (60 + 36 * c.bars.len() as u32).max(260);
    chart.set_width(720).set_height(height);
    ws.insert_chart(top, c.series.len() as u16 + 2, &chart)?;
    Ok(top + chart_rows(height).max(c.bars.len() as u32 + 3))
}

/// An interval chart: per series its value, and the distances to the upper
/// and lower limits (Excel's custom error bars are lengths).
fn intervals(
    ws: &mut Worksheet,
    p: &Place,
    c: &IntervalChart,
    m: &Messages,
    bold: &Format,
) -> Result<u32, XlsxError> {
    let top = p.row;
    ws.write_string_with_format(top, 0, m.text(&c.title), bold)?;
    let k = c.series.len();
    for (i, s) in c.series.iter().enumerate() {
        let name = m.text(s);
        let col = 1 + 3 * i as u16;
        ws.write_string(top + 1, col, &name)?;
        ws.write_string(top + 1, col + 1, format!("{name} +"))?;
        ws.write_string(top + 1, col + 2, format!("{name} −"))?;
    }
    for (j, row) in c.rows.iter().enumerate() {
        let r = top + 2 + j as u32;
        ws.write_string(r, 0, m.text(&row.label))?;
        for (i, e) in row.values.iter().enumerate() {
            let Some(e) = e else { continue };
            let col = 1 + 3 * i as u16;
            ws.write_number(r, col, e.value)?;
            if let (Some(lower), Some(upper)) = (e.lower, e.upper) {
                ws.write_number(r, col + 1, upper - e.value)?;
                ws.write_number(r, col + 2, e.value - lower)?;
            }
        }
    }
    let last = top + 1 + c.rows.len() as u32;
    if c.style == IntervalStyle::Radar {
        // Excel's radar chart: the values only, on the chart's range.
        let mut chart = Chart::new(ChartType::RadarWithMarkers);
        for i in 0..k {
            let col = 1 + 3 * i as u16;
            chart
                .add_series()
                .set_name(range(p, top + 1, col, top + 1))
                .set_categories(range(p, top + 2, 0, last))
                .set_values(range(p, top + 2, col, last))
                .set_format(
                    ChartFormat::new()
                        .set_line(ChartLine::new().set_color(PALETTE[i % PALETTE.len()])),
                );
        }
        chart.title().set_name(&m.text(&c.title));
        if let Some((low, high)) = c.range {
            chart.y_axis().set_min(low).set_max(high);
        }
        if k < 2 {
            chart.legend().set_hidden();
        }
        chart.set_width(520).set_height(420);
        ws.insert_chart(top, 3 * k as u16 + 2, &chart)?;
        return Ok(top + chart_rows(420).max(c.rows.len() as u32 + 3));
    }
    // Upright columns (the item chart) or bars across (the others).
    let upright = c.style == IntervalStyle::Columns;
    let mut chart = Chart::new(if upright {
        ChartType::Column
    } else {
        ChartType::Bar
    });
    for i in 0..k {
        let col = 1 + 3 * i as u16;
        let has_limits = c.rows.iter().any(|r| {
            r.values
                .get(i)
                .copied()
                .flatten()
                .is_some_and(|e| e.lower.is_some())
        });
        let series = chart
            .add_series()
            .set_name(range(p, top + 1, col, top + 1))
            .set_categories(range(p, top + 2, 0, last))
            .set_values(range(p, top + 2, col, last))
            .set_format(&mut colour(i));
        if has_limits {
            let mut bars = ChartErrorBars::new();
            bars.set_type(ChartErrorBarsType::Custom(
                cells(p, top + 2, col + 1, last),
                cells(p, top + 2, col + 2, last),
            ));
            if upright {
                series.set_y_error_bars(&bars);
            } else {
                series.set_x_error_bars(&bars);
            }
        }
    }
    chart.title().set_name(&m.text(&c.title));
    if upright {
        // A column chart's x axis is the categories, its y axis the values.
        chart
            .x_axis()
            .set_label_position(ChartAxisLabelPosition::Low);
        chart
            .y_axis()
            .set_crossing(ChartAxisCrossing::AxisValue(c.reference));
        chart.y_axis().set_name(&m.text(&c.axis));
        if let Some((low, high)) = c.range {
            chart.y_axis().set_min(low).set_max(high);
        }
        if k < 2 {
            chart.legend().set_hidden();
        }
        chart.set_width(720).set_height(360);
        ws.insert_chart(top, 3 * k as u16 + 2, &chart)?;
        return Ok(top + chart_rows(360).max(c.rows.len() as u32 + 3));
    }
    // In a bar chart rust_xlsxwriter's x axis is the horizontal (value)
    // axis and its y axis the categories, as Excel's dialogs name them.
    chart.y_axis().set_reverse();
    // Category labels at the left edge, not on the reference line among the bars.
    chart
        .y_axis()
        .set_label_position(ChartAxisLabelPosition::Low);
    // Bars start at the reference line (0 for "ratio − 100", 100 for
    // ratios): Excel's "vertical axis crosses at" on the value axis.
    chart
        .x_axis()
        .set_crossing(ChartAxisCrossing::AxisValue(c.reference));
    chart.x_axis().set_name(&m.text(&c.axis));
    if let Some((low, high)) = c.range {
        chart.x_axis().set_min(low).set_max(high);
    }
    if k < 2 {
        chart.legend().set_hidden();
    }
    let height = (80 + 18 * (k.max(1) * c.rows.len()) as u32).max(260);
    chart.set_width(720).set_height(height);
    ws.insert_chart(top, 3 * k as u16 + 2, &chart)?;
    Ok(top + chart_rows(height).max(c.rows.len() as u32 + 3))
}

/// A funnel plot: the points, then each control limit's trace.
fn funnel(
    ws: &mut Worksheet,
    p: &Place,
    c: &FunnelChart,
    m: &Messages,
    bold: &Format,
) -> Result<u32, XlsxError> {
    let top = p.row;
    ws.write_string_with_format(top, 0, m.text(&c.title), bold)?;
    ws.write_string(top + 1, 1, m.text(&c.x_axis))?;
    ws.write_string(top + 1, 2, m.text(&c.y_axis))?;
    for (j, pt) in c.points.iter().enumerate() {
        let r = top + 2 + j as u32;
        ws.write_string(r, 0, m.text(&pt.label))?;
        ws.write_number(r, 1, pt.x)?;
        ws.write_number(r, 2, pt.y)?;
    }
    let mut chart = Chart::new(ChartType::Scatter);
    let last_point = top + 1 + c.points.len() as u32;
    chart
        .add_series()
        .set_name(&m.text(&c.y_axis))
        .set_categories(range(p, top + 2, 1, last_point))
        .set_values(range(p, top + 2, 2, last_point))
        .set_format(ChartFormat::new().set_no_line())
        .set_marker(
            ChartMarker::new()
                .set_type(ChartMarkerType::Circle)
                .set_size(7)
                .set_format(&mut colour(0)),
        );
    let mut longest = c.points.len();
    // Legend: the points and each limit once (its upper trace is left out).
    let mut unnamed = Vec::new();
    for (k, l) in c.limits.iter().enumerate() {
        let col = 4 + 3 * k as u16;
        ws.write_string(top + 1, col, m.text(&l.label))?;
        for (j, (x, lo, hi)) in l.trace.iter().enumerate() {
            let r = top + 2 + j as u32;
            ws.write_number(r, col, *x)?;
            ws.write_number(r, col + 1, *lo)?;
            ws.write_number(r, col + 2, *hi)?;
        }
        longest = longest.max(l.trace.len());
        let last = top + 1 + l.trace.len() as u32;
        for side in [1u16, 2] {
            let mut line = ChartFormat::new();
            line.set_line(ChartLine::new().set_color("#777777"));
            let series = chart
                .add_series()
                .set_categories(range(p, top + 2, col, last))
                .set_values(range(p, top + 2, col + side, last))
                .set_marker(ChartMarker::new().set_none())
                .set_format(&mut line);
            if side == 1 {
                series.set_name(&m.text(&l.label));
            } else {
                unnamed.push(1 + 2 * k + 1);
            }
        }
    }
    chart.legend().delete_entries(&unnamed);
    // The value axis around the points and limits (Excel would start at 0).
    let values = c.points.iter().map(|p| p.y).chain(
        c.limits
            .iter()
            .flat_map(|l| l.trace.iter().flat_map(|t| [t.1, t.2])),
    );
    let (low, high) = values
        .filter(|v| v.is_finite())
        .fold((c.reference, c.reference), |(a, b), v| (a.min(v), b.max(v)));
    let pad = ((high - low) * 0.05).max(1.0);
    chart
        .y_axis()
        .set_min(((low - pad) / 5.0).floor() * 5.0)
        .set_max(((high + pad) / 5.0).ceil() * 5.0);
    chart.title().set_name(&m.text(&c.title));
    chart.x_axis().set_name(&m.text(&c.x_axis)).set_log_base(10);
    chart.y_axis().set_name(&m.text(&c.y_axis));
    chart.set_width(720).set_height(420);
    ws.insert_chart(top, 4 + 3 * c.limits.len() as u16 + 1, &chart)?;
    Ok(top + chart_rows(420).max(longest as u32 + 3))
}

/// A progress chart: per row its label (with its grade and a numeric
/// target), baseline, middle point, latest value and target, and the two
/// segments drawn — an unfilled one up to the lower of baseline and latest
/// value, then the change, coloured by the grade. A composite's own row has
/// no bars. (Values below zero would stack apart; plan indicators have none.)
fn progress(
    ws: &mut Worksheet,
    p: &Place,
    c: &ProgressChart,
    m: &Messages,
    bold: &Format,
) -> Result<u32, XlsxError> {
    let top = p.row;
    ws.write_string_with_format(top, 0, m.text(&c.title), bold)?;
    let heads = [
        m.text(&c.axis),
        "○".to_string(),
        "◦".to_string(),
        "●".to_string(),
        m.text(&c.target_label),
        String::new(),
        String::new(),
    ];
    for (i, h) in heads.iter().enumerate() {
        ws.write_string(top + 1, i as u16, h)?;
    }
    let mut points = Vec::new();
    for (j, r) in c.rows.iter().enumerate() {
        let row = top + 2 + j as u32;
        let indent = if r.indent { "  " } else { "" };
        let grade = m.text(&r.grade);
        let target = r.values.and_then(|v| v.target).map_or(String::new(), |t| {
            format!(
                " ({} {})",
                m.text(&c.target_label),
                super::plots::tick_label(t)
            )
        });
        ws.write_string(
            row,
            0,
            format!("{indent}{} [{grade}]{target}", m.text(&r.label)),
        )?;
        let colour = tone_colour(r.tone);
        points.push(ChartPoint::new().set_format(
            ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(colour)),
        ));
        let Some(v) = r.values else { continue };
        for (col, (x, d)) in [
            (1, (Some(v.baseline), v.decimals[0])),
            (2, (v.midterm, v.decimals[1])),
            (3, (Some(v.current), v.decimals[2])),
            (4, (v.target, v.decimals[2])),
        ] {
            if let Some(x) = x {
                let f = Format::new().set_num_format(fixed_format(d));
                ws.write_number_with_format(row, col, x, &f)?;
            }
        }
        ws.write_number(row, 5, v.baseline.min(v.current))?;
        ws.write_number(row, 6, (v.current - v.baseline).abs())?;
    }
    let last = top + 1 + c.rows.len() as u32;
    let mut chart = Chart::new(ChartType::BarStacked);
    chart
        .add_series()
        .set_categories(range(p, top + 2, 0, last))
        .set_values(range(p, top + 2, 5, last))
        .set_format(ChartFormat::new().set_no_fill().set_no_line());
    chart
        .add_series()
        .set_name(&m.text(&c.title))
        .set_categories(range(p, top + 2, 0, last))
        .set_values(range(p, top + 2, 6, last))
        .set_points(&points)
        .set_gap(40);
    chart.title().set_name(&m.text(&c.title));
    chart.y_axis().set_reverse();
    chart.x_axis().set_name(&m.text(&c.axis));
    chart.legend().set_hidden();
    let height = (60 + 28 * c.rows.len() as u32).max(260);
    chart.set_width(720).set_height(height);
    ws.insert_chart(top, 8, &chart)?;
    Ok(top + chart_rows(height).max(c.rows.len() as u32 + 3))
}

/// Adds a sheet named `name` with every chart of `blocks` (none: no sheet).
pub fn chart_sheet(
    wb: &mut Workbook,
    blocks: &[&Block],
    m: &Messages,
    name: &str,
) -> Result<(), XlsxError> {
    if !blocks.iter().any(|b| {
        matches!(
            b,
            Block::Chart(_) | Block::Intervals(_) | Block::Funnel(_) | Block::Progress(_)
        )
    }) {
        return Ok(());
    }
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    ws.set_column_width(0, 24)?;
    // Printed one page wide, so that a chart is never cut from its data.
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    let mut row = 0;
    for b in blocks {
        row = chart_at(ws, name, row, b, m)? + 1;
    }
    Ok(())
}

/// Writes one chart's data at `row` of sheet `ws` (named `sheet`, for the
/// chart's ranges) and inserts the chart beside it; returns the next free
/// row. Blocks that are not charts write nothing.
pub fn chart_at(
    ws: &mut Worksheet,
    sheet: &str,
    row: u32,
    block: &Block,
    m: &Messages,
) -> Result<u32, XlsxError> {
    let bold = Format::new().set_bold();
    let p = Place { sheet, row };
    match block {
        Block::Chart(c) => stacked(ws, &p, c, m, &bold),
        Block::Intervals(c) => intervals(ws, &p, c, m, &bold),
        Block::Funnel(c) => funnel(ws, &p, c, m, &bold),
        Block::Progress(c) => progress(ws, &p, c, m, &bold),
        _ => Ok(row),
    }
}
