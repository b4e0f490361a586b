//! The shapes on a slide — title, native table, chart frame, text box — as
//! PresentationML, and the layout of a table: its font size, column widths
//! and the slides its rows and columns need.

use crate::render::draw::text_width;
use crate::{Cell, Messages};

/// EMU per point (Office measures in English Metric Units: 914,400 an inch).
const EMU: f64 = 12_700.0;
/// The 16:9 slide, in points (13.333 × 7.5 in).
pub const SLIDE_W: f64 = 960.0;
pub const SLIDE_H: f64 = 540.0;
const LEFT: f64 = 29.0;
const CONTENT_TOP: f64 = 84.0;
const CONTENT_W: f64 = SLIDE_W - 2.0 * LEFT;
/// Room a table may take down the slide, leaving space for its test lines.
const TABLE_H: f64 = 330.0;
/// A cell's left and right (and top and bottom) margins.
const PAD_X: f64 = 4.0;
const PAD_Y: f64 = 2.5;
const NOTE_PT: f64 = 12.0;

/// One cell of a slide table.
#[derive(Debug, Clone)]
pub struct TableCell {
    pub text: String,
    pub numeric: bool,
    pub bold: bool,
    pub muted: bool,
    pub head: bool,
}

impl TableCell {
    pub fn text(t: &str) -> Self {
        TableCell {
            text: t.to_string(),
            numeric: false,
            bold: false,
            muted: false,
            head: false,
        }
    }

    pub fn head(t: &str) -> Self {
        TableCell {
            head: true,
            bold: true,
            ..TableCell::text(t)
        }
    }

    /// A report cell as people read it, numbers right-aligned.
    pub fn of(c: &Cell, m: &Messages) -> Self {
        TableCell {
            numeric: c.is_number(),
            ..TableCell::text(&c.show(*m))
        }
    }
}

/// A table laid out for one slide.
#[derive(Debug, Clone)]
pub struct TableSpec {
    pub size: f64,
    pub widths: Vec<f64>,
    pub header: Vec<TableCell>,
    pub rows: Vec<Vec<TableCell>>,
}

impl TableSpec {
    fn row_height(&self, row: &[TableCell]) -> f64 {
        row_height(row, &self.widths, self.size)
    }

    /// The table's height on the slide.
    pub fn height(&self) -> f64 {
        self.row_height(&self.header) + self.rows.iter().map(|r| self.row_height(r)).sum::<f64>()
    }
}

/// A row's height: its tallest cell's wrapped lines.
fn row_height(row: &[TableCell], widths: &[f64], size: f64) -> f64 {
    let lines = row
        .iter()
        .zip(widths)
        .map(|(c, w)| {
            let inner = (w - 2.0 * PAD_X).max(size);
            (text_width(&c.text, size) / inner).ceil().max(1.0)
        })
        .fold(1.0, f64::max);
    // CJK fonts (Noto Sans CJK, 游ゴシック) set lines about 1.45 em apart.
    lines * size * 1.5 + 2.0 * PAD_Y
}

/// The width a column needs at `size`: its widest cell, a header wrapped
/// to its longest run between spaces, at most a third of the slide.
fn column_width(cells: &[&TableCell], size: f64) -> f64 {
    let widest = cells
        .iter()
        .map(|c| {
            if c.head {
                c.text
                    .split(' ')
                    .map(|w| text_width(w, size))
                    .fold(0.0, f64::max)
                    .min(6.0 * size)
            } else {
                text_width(&c.text, size)
            }
        })
        .fold(size, f64::max);
    // Estimated widths run narrow for digits and % in real fonts: a margin.
    (1.3 * widest + 2.0 * PAD_X + 4.0).min(CONTENT_W / 3.0)
}

fn widths(header: &[TableCell], rows: &[Vec<TableCell>], columns: &[usize], size: f64) -> Vec<f64> {
    columns
        .iter()
        .map(|&j| {
            let mut cells: Vec<&TableCell> = vec![&header[j]];
            cells.extend(rows.iter().filter_map(|r| r.get(j)));
            column_width(&cells, size)
        })
        .collect()
}

/// Lays a table out on as few slides as it needs: the largest font from
/// 14 pt down to 9 pt at which every column fits across; wider tables are
/// cut into groups of columns, each repeating the first two (the row's
/// name); rows go down each slide until it is full, the header repeated.
pub fn split_table(header: Vec<TableCell>, rows: Vec<Vec<TableCell>>) -> Vec<TableSpec> {
    let all: Vec<usize> = (0..header.len()).collect();
    let size = [14.0, 12.0, 11.0, 10.0, 9.0]
        .into_iter()
        .find(|&s| widths(&header, &rows, &all, s).iter().sum::<f64>() <= CONTENT_W)
        .unwrap_or(9.0);
    let full = widths(&header, &rows, &all, size);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    if full.iter().sum::<f64>() <= CONTENT_W || header.len() <= 3 {
        groups.push(all.clone());
    } else {
        let key: Vec<usize> = (0..2.min(header.len())).collect();
        let key_w: f64 = key.iter().map(|&j| full[j]).sum();
        let mut current = key.clone();
        let mut w = key_w;
        for (j, &width) in full.iter().enumerate().skip(key.len()) {
            if w + width > CONTENT_W && current.len() > key.len() {
                groups.push(std::mem::replace(&mut current, key.clone()));
                w = key_w;
            }
            current.push(j);
            w += width;
        }
        groups.push(current);
    }
    let mut specs = Vec::new();
    for columns in groups {
        let pick = |row: &Vec<TableCell>| -> Vec<TableCell> {
            columns
                .iter()
                .map(|&j| row.get(j).cloned().unwrap_or_else(|| TableCell::text("")))
                .collect()
        };
        let head = pick(&header);
        let body: Vec<Vec<TableCell>> = rows.iter().map(pick).collect();
        let w: Vec<f64> = columns.iter().map(|&j| full[j]).collect();
        // Stretch narrow tables no wider than they need: leave as measured.
        let head_h = row_height(&head, &w, size);
        let mut page: Vec<Vec<TableCell>> = Vec::new();
        let mut used = head_h;
        for r in body {
            let h = row_height(&r, &w, size);
            if used + h > TABLE_H && !page.is_empty() {
                specs.push(TableSpec {
                    size,
                    widths: w.clone(),
                    header: head.clone(),
                    rows: std::mem::take(&mut page),
                });
                used = head_h;
            }
            used += h;
            page.push(r);
        }
        specs.push(TableSpec {
            size,
            widths: w,
            header: head,
            rows: page,
        });
    }
    specs
}

/// The size of text on a slide of lines.
const TEXT_PT: f64 = 14.0;

/// Lines cut into slides: as many as fit down a slide once wrapped.
pub fn text_pages(lines: &[String]) -> Vec<Vec<String>> {
    let room = ((SLIDE_H - CONTENT_TOP - 24.0) / (TEXT_PT * 1.3)).floor();
    let mut pages: Vec<Vec<String>> = Vec::new();
    let mut page = Vec::new();
    let mut used = 0.0;
    for l in lines {
        let h = (1.15 * text_width(l, TEXT_PT) / CONTENT_W).ceil().max(1.0);
        if used + h > room && !page.is_empty() {
            pages.push(std::mem::take(&mut page));
            used = 0.0;
        }
        used += h;
        page.push(l.clone());
    }
    if !page.is_empty() {
        pages.push(page);
    }
    pages
}

/// XML text: the five characters XML reserves, escaped.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot hold at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn emu(pt: f64) -> i64 {
    (pt * EMU).round() as i64
}

/// A run of text at `size` points, in Japanese (the catalogue's language
/// tag is set so PowerPoint picks an East Asian font for CJK).
fn run(text: &str, size: f64, bold: bool, colour: Option<&str>) -> String {
    let fill = colour.map_or(String::new(), |c| {
        format!("<a:solidFill><a:srgbClr val=\"{c}\"/></a:solidFill>")
    });
    format!(
        "<a:r><a:rPr lang=\"ja-JP\" altLang=\"en-US\" sz=\"{}\" b=\"{}\" dirty=\"0\">{fill}</a:rPr><a:t>{}</a:t></a:r>",
        (size * 100.0).round() as i64,
        u8::from(bold),
        esc(text)
    )
}

fn paragraph(text: &str, size: f64, bold: bool, align: &str, colour: Option<&str>) -> String {
    let body = if text.is_empty() {
        format!(
            "<a:endParaRPr lang=\"ja-JP\" sz=\"{}\"/>",
            (size * 100.0).round() as i64
        )
    } else {
        run(text, size, bold, colour)
    };
    format!("<a:p><a:pPr algn=\"{align}\"/>{body}</a:p>")
}

fn xfrm(tag: &str, x: f64, y: f64, w: f64, h: f64) -> String {
    format!(
        "<{tag}><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></{tag}>",
        emu(x),
        emu(y),
        emu(w),
        emu(h)
    )
}

fn text_box(id: u32, name: &str, x: f64, y: f64, w: f64, h: f64, paras: &str) -> String {
    format!(
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{name}\"/><p:cNvSpPr txBox=\"1\"/><p:nvPr/></p:nvSpPr>\
<p:spPr>{}<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>\
<p:txBody><a:bodyPr wrap=\"square\" lIns=\"0\" rIns=\"0\" rtlCol=\"0\"><a:normAutofit/></a:bodyPr><a:lstStyle/>{paras}</p:txBody></p:sp>",
        xfrm("a:xfrm", x, y, w, h)
    )
}

fn table_xml(t: &TableSpec, x: f64, y: f64) -> String {
    let mut grid = String::new();
    for w in &t.widths {
        grid.push_str(&format!("<a:gridCol w=\"{}\"/>", emu(*w)));
    }
    let mut rows = String::new();
    for (k, row) in std::iter::once(&t.header).chain(&t.rows).enumerate() {
        rows.push_str(&format!("<a:tr h=\"{}\">", emu(t.row_height(row))));
        for c in row {
            let align = if c.numeric {
                "r"
            } else if c.head {
                "ctr"
            } else {
                "l"
            };
            let colour = if c.muted { Some("555555") } else { None };
            let fill = if k == 0 {
                "<a:solidFill><a:srgbClr val=\"F2F2F2\"/></a:solidFill>"
            } else {
                "<a:noFill/>"
            };
            let line_w = if k == 0 { 12700 } else { 6350 };
            rows.push_str(&format!(
                "<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{}</a:txBody>\
<a:tcPr marL=\"{m_x}\" marR=\"{m_x}\" marT=\"{m_y}\" marB=\"{m_y}\" anchor=\"ctr\">\
<a:lnL w=\"0\"><a:noFill/></a:lnL><a:lnR w=\"0\"><a:noFill/></a:lnR><a:lnT w=\"0\"><a:noFill/></a:lnT>\
<a:lnB w=\"{line_w}\"><a:solidFill><a:srgbClr val=\"A6A6A6\"/></a:solidFill></a:lnB>{fill}</a:tcPr></a:tc>",
                paragraph(&c.text, t.size, c.bold, align, colour),
                m_x = emu(PAD_X),
                m_y = emu(PAD_Y),
            ));
        }
        rows.push_str("</a:tr>");
    }
    let width: f64 = t.widths.iter().sum();
    format!(
        "<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"3\" name=\"Table 2\"/>\
<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp=\"1\"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>\
{}<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/table\">\
<a:tbl><a:tblPr firstRow=\"1\"/><a:tblGrid>{grid}</a:tblGrid>{rows}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>",
        xfrm("p:xfrm", x, y, width, t.height())
    )
}

fn chart_frame(x: f64, y: f64, w: f64, h: f64) -> String {
    format!(
        "<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"3\" name=\"Chart 2\"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>\
{}<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\">\
<c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" r:id=\"rId2\"/></a:graphicData></a:graphic></p:graphicFrame>",
        xfrm("p:xfrm", x, y, w, h)
    )
}

/// What a slide shows under its title.
pub enum Frame {
    /// The first slide: lines under the deck's title.
    Cover(Vec<String>),
    Table(TableSpec),
    /// A chart part, related to the slide as `rId2`.
    Chart,
    None,
}

/// A slide's XML: its title, its table or chart, and lines under them.
pub fn slide_xml(title: &str, frame: &Frame, notes: &[String]) -> String {
    let title_size = if matches!(frame, Frame::Cover(_)) {
        32.0
    } else {
        24.0
    };
    let title_y = if matches!(frame, Frame::Cover(_)) {
        150.0
    } else {
        18.0
    };
    let mut shapes = format!(
        "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Title 1\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"title\"/></p:nvPr></p:nvSpPr>\
<p:spPr>{}</p:spPr><p:txBody><a:bodyPr anchor=\"b\"><a:normAutofit/></a:bodyPr><a:lstStyle/>{}</p:txBody></p:sp>",
        xfrm("a:xfrm", LEFT, title_y, CONTENT_W, 58.0),
        paragraph(title, title_size, true, "l", None)
    );
    let note_h = notes
        .iter()
        .map(|l| (1.15 * text_width(l, NOTE_PT) / CONTENT_W).ceil().max(1.0))
        .sum::<f64>()
        * NOTE_PT
        * 1.5
        + 8.0;
    let bottom = match frame {
        Frame::Cover(lines) => {
            let paras: String = lines
                .iter()
                .map(|l| paragraph(l, 16.0, false, "l", Some("404040")))
                .collect();
            shapes.push_str(&text_box(
                4,
                "Subtitle 3",
                LEFT,
                220.0,
                CONTENT_W,
                280.0,
                &paras,
            ));
            CONTENT_TOP
        }
        Frame::Table(t) => {
            shapes.push_str(&table_xml(t, LEFT, CONTENT_TOP));
            // Renderers wrap CJK headers a little differently: a margin.
            (CONTENT_TOP + t.height() + 12.0).min(SLIDE_H - note_h - 4.0)
        }
        Frame::Chart => {
            let h = (SLIDE_H - CONTENT_TOP - 16.0 - if notes.is_empty() { 0.0 } else { note_h })
                .max(200.0);
            shapes.push_str(&chart_frame(LEFT, CONTENT_TOP, CONTENT_W, h));
            CONTENT_TOP + h + 4.0
        }
        Frame::None => CONTENT_TOP,
    };
    if !notes.is_empty() {
        let (size, h) = if matches!(frame, Frame::None) {
            (TEXT_PT, SLIDE_H - CONTENT_TOP - 20.0)
        } else {
            (
                NOTE_PT,
                note_h.min(SLIDE_H - bottom - 4.0).max(NOTE_PT * 2.0),
            )
        };
        let paras: String = notes
            .iter()
            .map(|l| paragraph(l, size, false, "l", None))
            .collect();
        shapes.push_str(&text_box(5, "Text 4", LEFT, bottom, CONTENT_W, h, &paras));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<p:sld xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\">\
<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>\
<p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>\
{shapes}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<TableCell> {
        cells.iter().map(|c| TableCell::text(c)).collect()
    }

    #[test]
    fn tables_fit_the_slide_or_continue() {
        let header: Vec<TableCell> = ["番号", "項目", "値"]
            .iter()
            .map(|h| TableCell::head(h))
            .collect();
        let rows: Vec<Vec<TableCell>> = (0..40)
            .map(|i| row(&[&i.to_string(), "がん検診の受診率の増加", "20.3"]))
            .collect();
        let specs = split_table(header, rows);
        assert!(specs.len() > 1, "40 rows continue on further slides");
        assert_eq!(specs.iter().map(|s| s.rows.len()).sum::<usize>(), 40);
        for s in &specs {
            assert!(s.height() <= TABLE_H + 40.0);
            assert!(s.widths.iter().sum::<f64>() <= CONTENT_W);
        }
        // Many columns: cut into groups, each repeating the first two.
        let header: Vec<TableCell> = (0..30)
            .map(|j| TableCell::head(&format!("列{j}")))
            .collect();
        let rows = vec![
            (0..30)
                .map(|j| TableCell::text(&format!("とても長い値の列 {j}")))
                .collect(),
        ];
        let specs = split_table(header, rows);
        assert!(specs.len() > 1);
        for s in &specs {
            assert_eq!(s.header[0].text, "列0");
            assert_eq!(s.header[1].text, "列1");
            assert!(s.widths.iter().sum::<f64>() <= CONTENT_W + 1e-9);
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot; ");
    }
}
