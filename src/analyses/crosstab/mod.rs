//! The cross-table analysis: one table — a question by a grouping, or counts
//! given directly — with its tests of independence, as a report section and
//! as the JSON record of the documented contract.
//!
//! Every choice of what to show is made here: which p the table should
//! report, which lines the tests give, which residuals are marked.

use crate::report::layout::slide_table;
use crate::report::messages::{PairTestName, Statistic, UnsupportedName};
use crate::report::{Bar, Block, Cell, Grid, Line, Msg, Name, Report, Section, StackedBars, Text};
use crate::stats::exact::{MAX_MARGIN, MAX_NODE_LEN, Unsupported};
use crate::stats::measures::CramersV;
use crate::stats::{
    Analysis, ChiSquareTest, ExactOutcome, ExpectedSummary, MAX_SIMULATION_TOTAL, PairTest,
    PairwiseComparison, Recommended,
};
use crate::tabulate::PercentBase;
use crate::tabulate::crosstab::{CrossTab, Exclusion};
use crate::tabulate::table::{ContingencyTable, Dropped};
use serde::Serialize;

/// One analysed table, as the builders below take it.
pub struct AnalysedTable<'a> {
    pub title: Text,
    /// A short name for a sheet (e.g. 表3).
    pub short_name: Option<Text>,
    /// The whole table, empty groups included.
    pub table: &'a ContingencyTable,
    pub analysis: &'a Analysis,
    /// The account of units, when the table came from returns.
    pub crosstab: Option<&'a CrossTab>,
    pub base: PercentBase,
}

/// The section of one table: the slide table, its chart, the tests, the
/// notes, the residuals and the pairwise comparisons.
pub fn section(t: &AnalysedTable) -> Section {
    let mut blocks = vec![
        Block::Slide(slide_table(t.table, t.base)),
        Block::Chart(chart(t)),
        Block::Lines(test_lines(t.analysis)),
    ];
    let notes = notes(t.analysis, t.crosstab);
    if !notes.is_empty() {
        blocks.push(Block::Lines(notes));
    }
    blocks.extend(residual_grid(t.analysis).map(Block::Grid));
    blocks.extend(pairwise_grid(&t.analysis.pairwise).map(Block::Grid));
    Section {
        title: t.title.clone(),
        short_name: t.short_name.clone(),
        blocks,
    }
}

/// A report of one table (`renkei tab`, `renkei test`).
pub fn single_table_report(t: &AnalysedTable) -> Report {
    Report {
        title: Some(t.title.clone()),
        sections: vec![section(t)],
        data: Some(Box::new(record(t))),
        ..Default::default()
    }
}

/// The title of a question × grouping table.
pub fn cross_title(ct: &CrossTab) -> Text {
    Msg::CrossTitle {
        question: ct.question.clone().into(),
        grouping: ct.grouping.clone().into(),
    }
    .into()
}

/// The title of a table given as counts.
pub fn counts_title(table: &ContingencyTable) -> Text {
    Msg::CountsTitle {
        rows: table.nrows(),
        columns: table.ncols(),
        n: table.total(),
    }
    .into()
}

fn unsupported_name(u: Unsupported) -> UnsupportedName {
    match u {
        Unsupported::TooManyCategories => UnsupportedName::ShortSide { max: MAX_NODE_LEN },
        Unsupported::MarginTooLarge => UnsupportedName::Margin { max: MAX_MARGIN },
        Unsupported::TotalTooLarge => UnsupportedName::Total {
            max: MAX_SIMULATION_TOTAL,
        },
    }
}

/// The test line as printed under the slides' tables, then every test and
/// measure computed, then what to report when the χ² approximation fails.
pub fn test_lines(a: &Analysis) -> Vec<Line> {
    let Some(x) = &a.pearson else {
        return vec![Line::new(0, Msg::NotTestable)];
    };
    let mut lines = vec![
        Line::new(0, Msg::ChiHeadline { p: x.p }),
        Line::new(1, Msg::Pearson(*x)),
    ];
    let stats = [
        (Statistic::LikelihoodRatio, a.likelihood_ratio),
        (Statistic::Yates, a.yates),
        (Statistic::LinearByLinear, a.linear_by_linear),
    ];
    for (kind, test) in stats {
        if let Some(t) = test {
            lines.push(Line::new(1, Msg::Statistic(kind, t)));
        }
    }
    let exact = match &a.exact {
        // The time taken stays in the JSON record and the progress display:
        // a report of the same input is the same bytes.
        ExactOutcome::Done(r) => Some(Msg::ExactDone { p: r.p }),
        ExactOutcome::TimeLimit { seconds } => Some(Msg::ExactTimeLimit { seconds: *seconds }),
        ExactOutcome::MemoryLimit { bytes } => Some(Msg::ExactMemoryLimit { mib: bytes >> 20 }),
        ExactOutcome::Unsupported { reason } => {
            Some(Msg::ExactUnsupported(unsupported_name(*reason)))
        }
        ExactOutcome::NotRun => None,
    };
    lines.extend(exact.map(|m| Line::new(1, m)));
    if let Some(mc) = &a.monte_carlo {
        lines.push(Line::new(
            1,
            Msg::MonteCarlo {
                fallback: a.monte_carlo_is_fallback,
                time_limited: mc.time_limited,
                replicates: mc.replicates,
                seed: mc.seed,
                p: mc.p_pearson,
                se: mc.se_pearson,
                p_exact: mc.p_exact,
                se_exact: mc.se_exact,
            },
        ));
    }
    if let Some(v) = &a.cramers_v {
        lines.push(Line::new(
            1,
            Msg::CramersV {
                v: v.cramers_v,
                corrected: v.cramers_v_corrected,
                confidence: v.confidence,
                lower: v.ci_lower,
                upper: v.ci_upper,
            },
        ));
    }
    if let Some(e) = &a.expected {
        lines.push(Line::new(
            1,
            Msg::Expected {
                min: e.min,
                below_5: e.below_5,
                cells: e.cells,
                share_below_5: e.share_below_5,
                below_1: e.below_1,
            },
        ));
        if !e.cochran_ok {
            lines.push(Line::new(1, recommendation(a)));
        }
    }
    lines
}

/// What to do when Cochran's rule fails.
fn recommendation(a: &Analysis) -> Msg {
    match (&a.exact, &a.monte_carlo) {
        (ExactOutcome::Done(r), _) => Msg::RecommendExact { p: r.p },
        (
            ExactOutcome::Unsupported {
                reason: Unsupported::TotalTooLarge,
            },
            None,
        ) => Msg::RecommendCombine,
        (_, Some(mc)) => Msg::RecommendMonteCarlo {
            p: mc.p_exact,
            se: mc.se_exact,
        },
        (_, None) => Msg::RecommendRunExact,
    }
}

/// How many unit ids an exclusion line lists.
const IDS_SHOWN: usize = 10;

/// What was dropped from the test and who was left out of the table.
pub fn notes(a: &Analysis, crosstab: Option<&CrossTab>) -> Vec<Line> {
    let mut lines = Vec::new();
    if !a.dropped.rows.is_empty() {
        lines.push(Line::new(1, Msg::DroppedRows(a.dropped.rows.clone())));
    }
    if !a.dropped.columns.is_empty() {
        lines.push(Line::new(1, Msg::DroppedColumns(a.dropped.columns.clone())));
    }
    let Some(ct) = crosstab else {
        return lines;
    };
    lines.push(Line::new(
        1,
        Msg::Counted {
            counted: ct.table.total(),
            read: ct.units_read,
            outside: ct.outside_population,
            excluded: ct.excluded(),
        },
    ));
    if ct.levels_from_data {
        lines.push(Line::new(2, Msg::LevelsFromData));
    }
    if !ct.blank_lines.is_empty() {
        lines.push(Line::new(2, Msg::BlankLines(ct.blank_lines.clone())));
    }
    for e in &ct.exclusions {
        lines.push(Line::new(
            2,
            Msg::Excluded {
                reason: e.reason.clone(),
                count: e.count,
                ids: e.unit_ids.iter().take(IDS_SHOWN).cloned().collect(),
                more: e.unit_ids.len() > IDS_SHOWN,
            },
        ));
    }
    for u in ct.unknown_answers.iter().take(IDS_SHOWN) {
        lines.push(Line::new(
            3,
            Msg::UnknownAnswer {
                line: u.line,
                column: u.column.clone(),
                value: u.value.clone(),
            },
        ));
    }
    lines
}

/// Stars of an adjusted standardized residual: * beyond ±1.96, ** beyond ±2.58
/// (two-sided 5 % and 1 % points of the standard normal).
fn stars(r: f64) -> u8 {
    if r.abs() > 2.58 {
        2
    } else if r.abs() > 1.96 {
        1
    } else {
        0
    }
}

/// Adjusted standardized residuals of the tested table, marked.
fn residual_grid(a: &Analysis) -> Option<Grid> {
    let r = a.residuals.as_ref()?;
    let t = &a.tested;
    let mut header: Vec<Text> = vec!["".into()];
    header.extend(t.col_labels.iter().map(Text::from));
    let rows = (0..t.nrows())
        .map(|i| {
            let mut row = vec![Cell::Text((&t.row_labels[i]).into())];
            row.extend((0..t.ncols()).map(|j| Cell::Marked {
                value: r[(i, j)],
                decimals: 2,
                stars: stars(r[(i, j)]),
            }));
            row
        })
        .collect();
    Some(Grid {
        heading: Some(Msg::ResidualsHeading.into()),
        header,
        rows,
    })
}

fn pair_test_name(t: PairTest) -> PairTestName {
    match t {
        PairTest::Exact => PairTestName::Exact,
        PairTest::Pearson => PairTestName::Pearson,
        PairTest::None => PairTestName::NoneOneRow,
    }
}

/// Pairwise comparisons of the columns, Holm-adjusted.
fn pairwise_grid(pairs: &[PairwiseComparison]) -> Option<Grid> {
    if pairs.is_empty() {
        return None;
    }
    let rows = pairs
        .iter()
        .map(|c| {
            vec![
                Cell::Text(Msg::Pair(c.columns[0].clone(), c.columns[1].clone()).into()),
                Cell::Count(c.n),
                Cell::Text(Msg::PairTest(pair_test_name(c.test)).into()),
                Cell::P(c.p),
                Cell::P(c.p_holm),
            ]
        })
        .collect();
    Some(Grid {
        heading: Some(Msg::PairwiseHeading.into()),
        header: vec![
            Msg::PairHeader.into(),
            "n".into(),
            Msg::TestHeader.into(),
            "p".into(),
            Msg::HolmHeader.into(),
        ],
        rows,
    })
}

/// A 100 % stacked bar per group, one segment per answer; the caption is the
/// published test line and, where it was run, the exact p.
fn chart(t: &AnalysedTable) -> StackedBars {
    let table = t.table;
    let totals = table.col_totals();
    let bars = (0..table.ncols())
        .map(|j| {
            Bar::new(
                Msg::GroupWithN {
                    group: table.col_labels[j].clone(),
                    n: totals[j],
                },
                (0..table.nrows()).map(|i| table.get(i, j)).collect(),
            )
        })
        .collect();
    let a = t.analysis;
    let mut caption: Vec<Text> = Vec::new();
    if let Some(x) = &a.pearson {
        caption.push(Msg::ChiHeadline { p: x.p }.into());
    }
    if let ExactOutcome::Done(r) = &a.exact {
        caption.push(Msg::ExactShort { p: r.p }.into());
    } else if let Some(mc) = &a.monte_carlo {
        caption.push(Msg::MonteCarloShort { p: mc.p_exact }.into());
    }
    if let Some(e) = a.expected.as_ref().filter(|e| !e.cochran_ok) {
        caption.push(
            Msg::SmallExpected {
                below_5: e.below_5,
                cells: e.cells,
            }
            .into(),
        );
    }
    StackedBars {
        title: t.title.clone(),
        series: table.row_labels.iter().map(Text::from).collect(),
        bars,
        caption,
    }
}

/// The JSON record of one table (the contract documented in the README).
/// Numbers at full precision; names in the output's language.
#[derive(Serialize)]
pub struct TableRecord {
    pub title: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grouping: Option<String>,
    pub rows: Vec<Name>,
    pub columns: Vec<Name>,
    pub counts: Vec<Vec<u64>>,
    pub row_totals: Vec<u64>,
    pub column_totals: Vec<u64>,
    pub total: u64,
    pub percent: PercentRecord,
    pub tests: TestsRecord,
    pub effect_size: Option<CramersV>,
    pub expected: Option<ExpectedSummary>,
    /// The p to rely on and its source: "exact", "monte-carlo" or "pearson".
    pub recommended: Option<Recommended>,
    pub dropped: Dropped,
    /// Adjusted standardized residuals of the tested table (its labels).
    pub residuals: Option<ResidualsRecord>,
    pub pairwise: Vec<PairwiseComparison>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units: Option<UnitsRecord>,
}

#[derive(Serialize)]
pub struct PercentRecord {
    pub base: PercentBase,
    /// Rounded to one decimal (half up); rows, then the total row; columns,
    /// then the total column; `null` where undefined.
    pub values: Vec<Vec<Option<f64>>>,
}

#[derive(Serialize)]
pub struct TestsRecord {
    pub pearson: Option<ChiSquareTest>,
    pub likelihood_ratio: Option<ChiSquareTest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yates: Option<ChiSquareTest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linear_by_linear: Option<ChiSquareTest>,
    /// `p` is null unless `status` is "done".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fisher_exact: Option<ExactRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monte_carlo: Option<MonteCarloRecord>,
}

/// The exact test in the JSON contract: `status` and its fields, `p` once
/// (null unless the test is done). Written out rather than flattening
/// [`ExactOutcome`], whose `done` variant carries its own `p`: flattening
/// wrote the key twice, which JSON parsers read differently.
#[derive(Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum ExactRecord {
    Done {
        p: f64,
        p_observed_table: f64,
        nodes: usize,
        seconds: f64,
    },
    TimeLimit {
        p: Option<f64>,
        seconds: f64,
    },
    MemoryLimit {
        p: Option<f64>,
        bytes: usize,
    },
    Unsupported {
        p: Option<f64>,
        reason: Unsupported,
    },
}

impl ExactRecord {
    /// The record of a test that was run or tried; `None` when it was not.
    pub fn of(outcome: &ExactOutcome) -> Option<ExactRecord> {
        Some(match *outcome {
            ExactOutcome::NotRun => return None,
            ExactOutcome::Done(ref r) => ExactRecord::Done {
                p: r.p,
                p_observed_table: r.p_observed_table,
                nodes: r.nodes,
                seconds: r.seconds,
            },
            ExactOutcome::TimeLimit { seconds } => ExactRecord::TimeLimit { p: None, seconds },
            ExactOutcome::MemoryLimit { bytes } => ExactRecord::MemoryLimit { p: None, bytes },
            ExactOutcome::Unsupported { reason } => ExactRecord::Unsupported { p: None, reason },
        })
    }
}

#[derive(Serialize)]
pub struct MonteCarloRecord {
    /// Pearson X² p (R's `chisq.test(simulate.p.value = TRUE)`).
    pub p: f64,
    pub se: f64,
    /// Exact-ordering p (R's `fisher.test(simulate.p.value = TRUE)`).
    pub p_exact: f64,
    pub se_exact: f64,
    pub replicates: u64,
    pub seed: u64,
    /// True when it stands in for an exact test that could not run.
    pub fallback: bool,
    /// True when the time limit stopped it before all the replicates asked
    /// (`replicates` are those drawn).
    pub time_limited: bool,
}

#[derive(Serialize)]
pub struct ResidualsRecord {
    pub rows: Vec<Name>,
    pub columns: Vec<Name>,
    pub values: Vec<Vec<f64>>,
}

#[derive(Serialize)]
pub struct UnitsRecord {
    pub read: usize,
    pub counted: u64,
    pub outside_population: usize,
    pub excluded: Vec<Exclusion>,
    pub blank_lines: Vec<usize>,
    /// The columns are the distinct values of the grouping column, sorted.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub levels_from_data: bool,
}

/// The JSON record of one table.
pub fn record(t: &AnalysedTable) -> TableRecord {
    let a = t.analysis;
    let table = t.table;
    let slide = slide_table(table, t.base);
    let percent_values = slide
        .rows
        .iter()
        .map(|r| {
            r.percents
                .iter()
                .map(|p| p.map(|v| v.0 as f64 / 10.0))
                .collect()
        })
        .collect();
    TableRecord {
        title: t.title.clone(),
        question: t.crosstab.map(|c| c.question_id.clone()),
        grouping: t.crosstab.map(|c| c.grouping_id.clone()),
        rows: table.row_labels.clone(),
        columns: table.col_labels.clone(),
        counts: (0..table.nrows())
            .map(|i| (0..table.ncols()).map(|j| table.get(i, j)).collect())
            .collect(),
        row_totals: table.row_totals(),
        column_totals: table.col_totals(),
        total: table.total(),
        percent: PercentRecord {
            base: t.base,
            values: percent_values,
        },
        tests: TestsRecord {
            pearson: a.pearson,
            likelihood_ratio: a.likelihood_ratio,
            yates: a.yates,
            linear_by_linear: a.linear_by_linear,
            fisher_exact: ExactRecord::of(&a.exact),
            monte_carlo: a.monte_carlo.map(|m| MonteCarloRecord {
                p: m.p_pearson,
                se: m.se_pearson,
                p_exact: m.p_exact,
                se_exact: m.se_exact,
                replicates: m.replicates,
                seed: m.seed,
                fallback: a.monte_carlo_is_fallback,
                time_limited: m.time_limited,
            }),
        },
        effect_size: a.cramers_v,
        expected: a.expected.clone(),
        recommended: a.recommended(),
        dropped: a.dropped.clone(),
        residuals: a.residuals.as_ref().map(|r| ResidualsRecord {
            rows: a.tested.row_labels.clone(),
            columns: a.tested.col_labels.clone(),
            values: (0..r.nrows())
                .map(|i| (0..r.ncols()).map(|j| r[(i, j)]).collect())
                .collect(),
        }),
        pairwise: a.pairwise.clone(),
        units: t.crosstab.map(|c| UnitsRecord {
            read: c.units_read,
            counted: c.table.total(),
            outside_population: c.outside_population,
            excluded: c.exclusions.clone(),
            blank_lines: c.blank_lines.clone(),
            levels_from_data: c.levels_from_data,
        }),
    }
}
