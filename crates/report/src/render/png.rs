//! PNG pictures of the charts, drawn from the SVG renderer's document by
//! resvg at 192 dpi (twice the 96 px of an inch SVG assumes), with the
//! system's fonts: a Japanese font must be installed, or the labels would
//! come out as empty boxes, so its absence is an error naming the package.

use super::{Draw, Renderer};
use crate::{Messages, Report};
use renkei_data::error::{Error, Result};
use renkei_data::messages::errors::Usage;

/// The resolution of the pictures.
pub const DPI: f32 = 192.0;

/// Japanese families the charts ask for (the SVG's font list), any one of
/// which renders their labels.
const CJK_FAMILIES: [&str; 9] = [
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "Hiragino Sans",
    "Hiragino Kaku Gothic ProN",
    "Yu Gothic",
    "Meiryo",
    "IPAexGothic",
    "TakaoPGothic",
    "Source Han Sans JP",
];

fn font_database() -> Result<resvg::usvg::fontdb::Database> {
    let mut db = resvg::usvg::fontdb::Database::new();
    db.load_system_fonts();
    let has_cjk = db.faces().any(|f| {
        f.families
            .iter()
            .any(|(name, _)| CJK_FAMILIES.iter().any(|c| name.eq_ignore_ascii_case(c)))
    });
    if has_cjk {
        Ok(db)
    } else {
        Err(Usage::NoJapaneseFont {
            wanted: CJK_FAMILIES.join(", "),
        }
        .into())
    }
}

/// An SVG document as a PNG at [`DPI`].
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>> {
    let mut options = resvg::usvg::Options::default();
    *options.fontdb_mut() = font_database()?;
    let tree = resvg::usvg::Tree::from_str(svg, &options)
        .map_err(|e| Error::Internal(format!("png output: {e}")))?;
    let scale = DPI / 96.0;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or_else(|| Error::Internal("png output: a picture of no size".to_string()))?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| Error::Internal("png output: the picture is too large".to_string()))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| Error::Internal(format!("png output: {e}")))
}

/// Every chart of a report in one picture (the SVG format's document).
pub struct Png;

impl Renderer for Png {
    fn start<'a>(&self, report: &'a Report, m: &'a Messages) -> Result<Box<dyn Draw + 'a>> {
        Ok(Box::new(PngDraw {
            svg: super::svg::Svg.start(report, m)?,
        }))
    }
}

/// The SVG drawing, turned into a picture when it is finished.
struct PngDraw<'a> {
    svg: Box<dyn Draw + 'a>,
}

impl Draw for PngDraw<'_> {
    fn head(&mut self, title: Option<&crate::Text>, preamble: &[crate::Line]) -> Result<()> {
        self.svg.head(title, preamble)
    }
    fn section(&mut self, s: &crate::Section) -> Result<()> {
        self.svg.section(s)
    }
    fn slide(&mut self, t: &crate::SlideBlock) -> Result<()> {
        self.svg.slide(t)
    }
    fn lines(&mut self, l: &[crate::Line]) -> Result<()> {
        self.svg.lines(l)
    }
    fn grid(&mut self, g: &crate::Grid) -> Result<()> {
        self.svg.grid(g)
    }
    fn records(&mut self, r: &crate::Records) -> Result<()> {
        self.svg.records(r)
    }
    fn chart(&mut self, c: &crate::StackedBars) -> Result<()> {
        self.svg.chart(c)
    }
    fn intervals(&mut self, c: &crate::IntervalChart) -> Result<()> {
        self.svg.intervals(c)
    }
    fn funnel(&mut self, c: &crate::FunnelChart) -> Result<()> {
        self.svg.funnel(c)
    }
    fn progress(&mut self, c: &crate::ProgressChart) -> Result<()> {
        self.svg.progress(c)
    }
    fn end_section(&mut self) -> Result<()> {
        self.svg.end_section()
    }
    fn finish(self: Box<Self>, closing: &[crate::Line]) -> Result<Vec<u8>> {
        let svg = self.svg.finish(closing)?;
        let text =
            String::from_utf8(svg).map_err(|e| Error::Internal(format!("png output: {e}")))?;
        svg_to_png(&text)
    }
}
