//! The report model: what an analysis found, in a form every renderer draws
//! and none has to interpret.
//!
//! An analysis (`renkei::analyses`) builds one [`Report`]: a title, lines
//! before and after, and [`Section`]s of [`Block`]s — a table in the slides'
//! layout, lines of results and notes, grids, records, charts — plus the
//! machine-readable result that is its JSON contract. Every sentence is a
//! message of the catalogue ([`Msg`]) with its arguments, and every label a
//! [`Name`], so the report is language-neutral: it is built once and drawn
//! in Japanese or English by handing the renderer a [`Messages`].
//!
//! Decisions belong to the builder: which p to recommend, which residuals to
//! mark, which lines to show. A renderer only draws (see [`render`]).
//!
//! The report layer knows the data and statistics layers but not the
//! analyses that build reports; an import of them does not compile:
//!
//! ```compile_fail
//! // renkei-report does not depend on the renkei crate.
//! use renkei::analyses::tab::TabRequest;
//! ```

pub mod layout;
pub mod messages;
pub mod render;

pub use messages::{Messages, Msg};
pub use renkei_text::{Label, Lang, Name};

use renkei_data::tabulate::PercentBase;
use renkei_data::tabulate::table::{Tenths, percent_tenths};

/// A piece of text: a message of the catalogue or a name.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    Msg(Box<Msg>),
    Name(Name),
}

impl From<Msg> for Text {
    fn from(m: Msg) -> Self {
        Text::Msg(Box::new(m))
    }
}
impl From<Name> for Text {
    fn from(n: Name) -> Self {
        Text::Name(n)
    }
}
impl From<&Name> for Text {
    fn from(n: &Name) -> Self {
        Text::Name(n.clone())
    }
}
impl From<Label> for Text {
    fn from(l: Label) -> Self {
        Text::Name(Name::Label(l))
    }
}
impl From<String> for Text {
    fn from(s: String) -> Self {
        Text::Name(Name::Plain(s))
    }
}
impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::Name(Name::Plain(s.to_string()))
    }
}

impl serde::Serialize for Text {
    /// As one string in the language of the serialization under way
    /// (`renkei_text::serialize_in`).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let m = Messages::new(renkei_text::serialization_lang());
        s.serialize_str(&m.text(self))
    }
}

/// A whole report: what one command run produces.
#[derive(Default)]
pub struct Report {
    /// The document's title (HTML `<title>` and heading; empty for plain text).
    pub title: Option<Text>,
    /// Lines before the first section (e.g. which returns were read).
    pub preamble: Vec<Line>,
    pub sections: Vec<Section>,
    /// Lines after the last section (e.g. "3/3 表を再現").
    pub closing: Vec<Line>,
    /// The machine-readable result: the JSON contract of the analysis.
    pub data: Option<Box<dyn erased_serde::Serialize + Send + Sync>>,
}

/// One titled part of a report, usually one table and what was found on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: Text,
    /// A short name for a workbook sheet (e.g. 表3), when the section has one.
    pub short_name: Option<Text>,
    pub blocks: Vec<Block>,
}

/// The kinds of content a section holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A table in the slides' layout: n and % per answer and group.
    Slide(SlideBlock),
    /// Lines of results or notes.
    Lines(Vec<Line>),
    /// A titled grid of values (residuals, comparisons, summaries).
    Grid(Grid),
    /// Records with machine column names (a unit list), written to CSV as they are.
    Records(Records),
    /// A 100 % stacked bar chart.
    Chart(StackedBars),
    /// Estimates with their intervals, as bars from a reference line or as points.
    Intervals(IntervalChart),
    /// A funnel plot: estimates against their precision, with control limits.
    Funnel(FunnelChart),
    /// Indicators from baseline to current value, with their targets.
    Progress(ProgressChart),
}

/// One line of results or notes; `level` is its depth (0 = a headline).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub level: u8,
    pub text: Text,
}

impl Line {
    pub fn new(level: u8, text: impl Into<Text>) -> Self {
        Line {
            level,
            text: text.into(),
        }
    }
}

/// The slides' table as data: per answer (and the 合計 row) its counts and
/// percentages in each group and in the 合計 column. Every renderer prints a
/// row as an n line and a % line under it ([`SlideBlock::lines`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SlideBlock {
    /// The groups, then the total column.
    pub columns: Vec<Text>,
    pub rows: Vec<SlideRow>,
    pub base: PercentBase,
}

/// One answer of a slide table (or its 合計 row).
#[derive(Debug, Clone, PartialEq)]
pub struct SlideRow {
    pub label: Text,
    /// Whether this is the 合計 row.
    pub total: bool,
    /// One per column, the total column last.
    pub counts: Vec<u64>,
    /// One per column; `None` where the base is empty.
    pub percents: Vec<Option<Tenths>>,
}

/// Which of a row's two printed lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Count,
    Percent,
}

impl LineKind {
    /// The mark in the second column of a slide table: `n` or `%`.
    pub fn mark(self) -> &'static str {
        match self {
            LineKind::Count => "n",
            LineKind::Percent => "%",
        }
    }
}

/// One printed line of a slide table: a row's counts or its percentages.
#[derive(Debug, Clone, PartialEq)]
pub struct SlideLine<'a> {
    pub row: &'a SlideRow,
    pub kind: LineKind,
    pub cells: Vec<Cell>,
}

impl SlideLine<'_> {
    /// The answer, on the n line (the % line under it has none).
    pub fn label(&self) -> Option<&Text> {
        (self.kind == LineKind::Count).then_some(&self.row.label)
    }
}

impl SlideBlock {
    /// The printed lines, n then % for each row.
    pub fn lines(&self) -> Vec<SlideLine<'_>> {
        self.rows
            .iter()
            .flat_map(|row| {
                [
                    SlideLine {
                        row,
                        kind: LineKind::Count,
                        cells: row.counts.iter().map(|&n| Cell::Count(n)).collect(),
                    },
                    SlideLine {
                        row,
                        kind: LineKind::Percent,
                        cells: row
                            .percents
                            .iter()
                            .map(|p| p.map_or(Cell::Undefined, Cell::Percent))
                            .collect(),
                    },
                ]
            })
            .collect()
    }
}

/// A value in a table or grid. Each kind says what it is, so that every
/// renderer writes it in its own way (a typed number in a workbook, text in
/// a terminal) and numbers become text in one place ([`Cell::show`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Count(u64),
    /// A percentage held exactly in tenths.
    Percent(Tenths),
    /// An undefined value (a percentage of an empty group): drawn as `-`.
    Undefined,
    /// A number at fixed decimals with a mark of 0–2 stars.
    Marked {
        value: f64,
        decimals: u8,
        stars: u8,
    },
    /// A number as a plan prints it: up to two decimals, trailing zeros dropped.
    Figure(f64),
    /// A number at fixed decimals with its unit after it (`40%`, `8000歩`),
    /// as a plan prints a target: a number to programs and spreadsheets.
    WithUnit {
        value: f64,
        decimals: u8,
        unit: String,
    },
    /// A signed change (`+1.2`), of percent points or a percentage (`+3.4%`).
    Change {
        value: f64,
        decimals: u8,
        percent: bool,
    },
    /// Two numbers, the ends of a range (`12.3–15.0`): a ratio whose masked
    /// counts could lie anywhere in between, say.
    Range {
        low: f64,
        high: f64,
        decimals: u8,
    },
    /// A (fiscal) year: `2010`, or in 和暦 where the input wrote its years
    /// so (`era`): as printed (`平成34年度`, `平成29年1月1日`) when that text
    /// is 和暦, else converted (`令和4年度`). Programs get the 西暦 number.
    Year {
        year: i32,
        era: bool,
        printed: Option<String>,
    },
    /// Text that names another file of the same output (a chart pack's
    /// report), relative to this one: a link where the format has links.
    Link {
        text: Text,
        target: String,
    },
    /// A grade: its letter, and the tone that sets its colour.
    Grade {
        letter: Text,
        tone: Tone,
    },
    /// A p-value: `< 0.001` or four decimals for people, every digit for programs.
    P(f64),
    Text(Text),
}

/// How good a graded result is, from best to not gradable; renderers map
/// each to a colour (charts) or leave it as the letter (text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Target met (健康日本21's A).
    Best,
    /// Improving (B).
    Better,
    /// Improving, but slower than the line to the target (B*).
    Slightly,
    /// Unchanged (C).
    Neutral,
    /// Worse (D).
    Worse,
    /// Not gradable (E).
    Unknown,
}

impl From<Text> for Cell {
    fn from(t: Text) -> Self {
        Cell::Text(t)
    }
}

/// A grid: a heading, a header row and rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub heading: Option<Text>,
    pub header: Vec<Text>,
    pub rows: Vec<Vec<Cell>>,
}

/// Records: columns with a machine name (CSV header, JSON key) and a heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Records {
    pub columns: Vec<(&'static str, Text)>,
    pub rows: Vec<Vec<Cell>>,
}

/// A 100 % stacked horizontal bar per group, one segment per answer.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedBars {
    pub title: Text,
    /// The answers, in the order of the segments and the legend.
    pub series: Vec<Text>,
    /// One bar per group: its label and its count per answer.
    pub bars: Vec<Bar>,
    /// Shown under the chart, joined.
    pub caption: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: Text,
    pub counts: Vec<u64>,
    /// Each count's share of the bar, as the tables print it (`None` for an
    /// empty bar).
    pub percents: Vec<Option<Tenths>>,
}

/// How an interval chart draws each estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntervalStyle {
    /// A bar from the reference line to the estimate, with whiskers (the
    /// research team's "標準化該当比 − 100" chart).
    Bars,
    /// A point with whiskers (a forest plot).
    Points,
    /// Vertical bars from the reference line, the rows along the horizontal
    /// axis and the series side by side in each, with vertical whiskers
    /// (the research team's item chart: 県全体 and each 二次医療圏).
    Columns,
    /// A radar (spider) chart: each row a spoke from the centre, the value
    /// its distance along it on the chart's range, each series a closed
    /// outline (a council's section rates at a glance). Intervals are not
    /// drawn.
    Radar,
}

/// A mark that an estimate differs from the reference beyond chance (its
/// interval leaves the reference out): ▲ above, ▼ below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    High,
    Low,
}

/// Rows of estimates with intervals, one mark per series in each row.
/// Values are drawn as given: the builder shifts or scales them.
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalChart {
    pub title: Text,
    pub style: IntervalStyle,
    /// The value of "no difference" (a line across the chart).
    pub reference: f64,
    pub axis: Text,
    /// The series (e.g. 男性, 女性), in legend order.
    pub series: Vec<Text>,
    pub rows: Vec<IntervalRow>,
    /// Decimals of the value labels (as the table prints them).
    pub decimals: u8,
    /// A fixed value axis (one scale across charts that are compared, or
    /// 0–100 for percentages); `None`: fitted to the chart's own values.
    pub range: Option<(f64, f64)>,
    pub caption: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IntervalRow {
    pub label: Text,
    /// One per series; `None` where the series has no estimate.
    pub values: Vec<Option<Estimate>>,
}

/// An estimate and its interval (either limit may be missing).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub value: f64,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    /// Whether the builder marks it as beyond chance (drawn ▲ or ▼).
    pub flag: Option<Flag>,
}

/// A funnel plot (Spiegelhalter 2005): each unit's estimate against its
/// expected count, with control limits around the reference value.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelChart {
    pub title: Text,
    pub x_axis: Text,
    pub y_axis: Text,
    pub reference: f64,
    pub points: Vec<FunnelPoint>,
    /// Control limits, innermost first, each traced at increasing x.
    pub limits: Vec<ControlLimits>,
    /// What a point's colour says: inside every limit, then beyond each
    /// limit in turn (one name per `beyond` value).
    pub point_legend: Vec<Text>,
    pub caption: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FunnelPoint {
    pub label: Text,
    pub x: f64,
    pub y: f64,
    /// Whether the point lies outside the outermost limits.
    pub outside: bool,
    /// How many of the limits, innermost first, the point lies beyond
    /// (0 inside all): its colour.
    pub beyond: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ControlLimits {
    pub label: Text,
    /// (x, lower, upper) at increasing x.
    pub trace: Vec<(f64, f64, f64)>,
}

/// One row per indicator: the baseline, the current value and the target,
/// each row on its own scale (indicators have different units), the row
/// coloured by its grade.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressChart {
    pub title: Text,
    /// The axis every row shares (its unit), so lengths compare across rows.
    pub axis: Text,
    pub rows: Vec<ProgressRow>,
    /// The grades' tones in legend order, with their labels.
    pub legend: Vec<(Tone, Text)>,
    /// What the target mark is called (its tooltip).
    pub target_label: Text,
    pub caption: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProgressRow {
    pub label: Text,
    /// The values; `None` for a composite item's own row (its grade over
    /// the indicator rows that follow it).
    pub values: Option<ProgressValues>,
    /// The grade's letter (A, B, B*, C, D, E), drawn beside the row.
    pub grade: Text,
    /// The grade's tone, which sets the row's colour.
    pub tone: Tone,
    /// An indicator of the composite row above it (drawn indented).
    pub indent: bool,
}

/// An indicator's path: baseline, an optional middle point, the latest value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProgressValues {
    pub baseline: f64,
    pub midterm: Option<f64>,
    pub current: f64,
    /// A numeric target (none for 増加, 減少 …).
    pub target: Option<f64>,
    /// Decimals as printed: baseline, middle point, latest value.
    pub decimals: [u8; 3],
}

impl Bar {
    /// A bar of `counts`, with their shares as the tables print them.
    pub fn new(label: impl Into<Text>, counts: Vec<u64>) -> Bar {
        let total: u64 = counts.iter().sum();
        Bar {
            label: label.into(),
            percents: counts.iter().map(|&c| percent_tenths(c, total)).collect(),
            counts,
        }
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

impl Report {
    /// Every section's blocks of one kind, in order (renderers that draw one kind).
    pub fn blocks(&self) -> impl Iterator<Item = (&Section, &Block)> {
        self.sections
            .iter()
            .flat_map(|s| s.blocks.iter().map(move |b| (s, b)))
    }
}

impl Cell {
    /// A number at fixed decimals, unmarked; `-` when absent or not finite.
    pub fn number(v: Option<f64>, decimals: u8) -> Cell {
        match v {
            Some(value) if value.is_finite() => Cell::Marked {
                value,
                decimals,
                stars: 0,
            },
            _ => Cell::Undefined,
        }
    }

    /// The cell as people read it (marks unpadded; a renderer may align them).
    pub fn show(&self, m: Messages) -> String {
        use messages::{format_change, format_figure, format_fixed, format_p};
        match self {
            Cell::Count(n) => n.to_string(),
            Cell::Percent(t) => t.to_string(),
            Cell::Undefined => "-".into(),
            Cell::Marked {
                value,
                decimals,
                stars,
            } => format_fixed(*value, *decimals) + &"*".repeat(*stars as usize),
            Cell::Figure(v) => format_figure(*v),
            Cell::WithUnit {
                value,
                decimals,
                unit,
            } => format_fixed(*value, *decimals) + unit,
            Cell::Change {
                value,
                decimals,
                percent,
            } => format_change(*value, *decimals, *percent),
            Cell::Range {
                low,
                high,
                decimals,
            } => format!(
                "{}–{}",
                format_fixed(*low, *decimals),
                format_fixed(*high, *decimals)
            ),
            Cell::Year { year, era, printed } => match printed {
                Some(p) if *era && m.lang == Lang::Ja => p.clone(),
                _ => messages::format_year(*year, *era, m),
            },
            Cell::Grade { letter, .. } => m.text(letter),
            Cell::P(p) => format_p(*p),
            Cell::Text(t) => m.text(t),
            Cell::Link { text, .. } => m.text(text),
        }
    }

    /// The cell as programs read it (CSV): as [`Cell::show`], but a p-value
    /// with every digit, a change as a plain signed number (its unit is the
    /// column's), a year as its 西暦 number.
    pub fn data(&self, m: Messages) -> String {
        match self {
            Cell::P(p) => messages::format_p_data(*p),
            Cell::Change {
                value, decimals, ..
            } => messages::format_fixed(*value, *decimals),
            Cell::Year { year, .. } => year.to_string(),
            Cell::WithUnit {
                value, decimals, ..
            } => messages::format_fixed(*value, *decimals),
            other => other.show(m),
        }
    }

    /// Whether the cell holds a number (drawn right-aligned).
    pub fn is_number(&self) -> bool {
        !matches!(self, Cell::Text(_) | Cell::Grade { .. })
    }
}
