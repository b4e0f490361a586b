//! JSON output: a stable contract for scripts (documented in the README).
//! Numbers are JSON numbers at full precision; a percentage whose base is 0
//! is `null`.

use super::TableView;
use crate::crosstab::Exclusion;
use crate::layout::{RowKind, SlideCell};
use crate::stats::{ChiSquareTest, ExpectedSummary};
use crate::table::Dropped;
use serde::Serialize;

#[derive(Serialize)]
pub struct TableJson<'a> {
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grouping: Option<&'a str>,
    pub rows: &'a [String],
    pub columns: &'a [String],
    pub counts: Vec<Vec<u64>>,
    pub row_totals: Vec<u64>,
    pub column_totals: Vec<u64>,
    pub total: u64,
    pub percent: PercentJson,
    pub tests: TestsJson,
    pub expected: Option<&'a ExpectedSummary>,
    pub dropped: &'a Dropped,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units: Option<UnitsJson<'a>>,
}

#[derive(Serialize)]
pub struct PercentJson {
    pub base: crate::layout::PercentBase,
    /// Rounded to one decimal (half up); rows as `rows`, then the total row;
    /// columns as `columns`, then the total column.
    pub values: Vec<Vec<Option<f64>>>,
}

#[derive(Serialize)]
pub struct TestsJson {
    pub pearson: Option<ChiSquareTest>,
}

#[derive(Serialize)]
pub struct UnitsJson<'a> {
    pub read: usize,
    pub counted: u64,
    pub outside_population: usize,
    pub excluded: &'a [Exclusion],
}

/// The JSON value of one table.
pub fn table_json<'a>(view: &'a TableView<'a>) -> TableJson<'a> {
    let t = view
        .crosstab
        .map(|c| &c.table)
        .unwrap_or(&view.analysis.tested);
    let counts = (0..t.nrows())
        .map(|i| (0..t.ncols()).map(|j| t.get(i, j)).collect())
        .collect();
    let values = view
        .slide
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Percent)
        .map(|r| {
            r.cells
                .iter()
                .map(|c| match c {
                    SlideCell::Percent(t) => Some(t.0 as f64 / 10.0),
                    _ => None,
                })
                .collect()
        })
        .collect();
    TableJson {
        title: view.title,
        question: view.crosstab.map(|c| c.question_id.as_str()),
        grouping: view.crosstab.map(|c| c.grouping_id.as_str()),
        rows: &t.row_labels,
        columns: &t.col_labels,
        counts,
        row_totals: t.row_totals(),
        column_totals: t.col_totals(),
        total: t.total(),
        percent: PercentJson {
            base: view.slide.base,
            values,
        },
        tests: TestsJson {
            pearson: view.analysis.pearson,
        },
        expected: view.analysis.expected.as_ref(),
        dropped: &view.analysis.dropped,
        units: view.crosstab.map(|c| UnitsJson {
            read: c.units_read,
            counted: c.table.total(),
            outside_population: c.outside_population,
            excluded: &c.exclusions,
        }),
    }
}
