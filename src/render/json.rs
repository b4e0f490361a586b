//! JSON output: a stable contract for scripts (documented in the README).
//! Numbers are JSON numbers at full precision; a percentage whose base is 0
//! is `null`.

use super::TableView;
use crate::tabulate::crosstab::Exclusion;
use crate::tabulate::layout::{RowKind, SlideCell};
use crate::stats::measures::CramersV;
use crate::stats::montecarlo::MonteCarloResult;
use crate::stats::{ChiSquareTest, ExactOutcome, ExpectedSummary, PairwiseComparison};
use crate::tabulate::table::Dropped;
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
    pub tests: TestsJson<'a>,
    pub effect_size: Option<&'a CramersV>,
    pub expected: Option<&'a ExpectedSummary>,
    /// The p to rely on and its source: "exact", "monte-carlo" or "pearson".
    pub recommended: Option<RecommendedJson>,
    pub dropped: &'a Dropped,
    /// Adjusted standardized residuals of the tested table (its labels).
    pub residuals: Option<ResidualsJson<'a>>,
    pub pairwise: &'a [PairwiseComparison],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units: Option<UnitsJson<'a>>,
}

#[derive(Serialize)]
pub struct PercentJson {
    pub base: crate::tabulate::layout::PercentBase,
    /// Rounded to one decimal (half up); rows as `rows`, then the total row;
    /// columns as `columns`, then the total column.
    pub values: Vec<Vec<Option<f64>>>,
}

#[derive(Serialize)]
pub struct TestsJson<'a> {
    pub pearson: Option<ChiSquareTest>,
    pub likelihood_ratio: Option<ChiSquareTest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yates: Option<ChiSquareTest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linear_by_linear: Option<ChiSquareTest>,
    /// `p` is null unless `status` is "done".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fisher_exact: Option<ExactJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monte_carlo: Option<MonteCarloJson>,
}

#[derive(Serialize)]
pub struct ExactJson<'a> {
    pub p: Option<f64>,
    #[serde(flatten)]
    pub outcome: &'a ExactOutcome,
}

#[derive(Serialize)]
pub struct MonteCarloJson {
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
}

#[derive(Serialize)]
pub struct RecommendedJson {
    pub p: f64,
    pub source: &'static str,
    pub asymptotic_reliable: bool,
}

#[derive(Serialize)]
pub struct ResidualsJson<'a> {
    pub rows: &'a [String],
    pub columns: &'a [String],
    pub values: Vec<Vec<f64>>,
}

#[derive(Serialize)]
pub struct UnitsJson<'a> {
    pub read: usize,
    pub counted: u64,
    pub outside_population: usize,
    pub excluded: &'a [Exclusion],
    pub blank_lines: &'a [usize],
}

/// The JSON value of one table.
pub fn table_json<'a>(view: &'a TableView<'a>) -> TableJson<'a> {
    let a = view.analysis;
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
            pearson: a.pearson,
            likelihood_ratio: a.likelihood_ratio,
            yates: a.yates,
            linear_by_linear: a.linear_by_linear,
            fisher_exact: match &a.exact {
                ExactOutcome::NotRun => None,
                outcome => Some(ExactJson {
                    p: match outcome {
                        ExactOutcome::Done(r) => Some(r.p),
                        _ => None,
                    },
                    outcome,
                }),
            },
            monte_carlo: a.monte_carlo.map(|m: MonteCarloResult| MonteCarloJson {
                p: m.p_pearson,
                se: m.se_pearson,
                p_exact: m.p_exact,
                se_exact: m.se_exact,
                replicates: m.replicates,
                seed: m.seed,
                fallback: a.monte_carlo_is_fallback,
            }),
        },
        effect_size: a.cramers_v.as_ref(),
        expected: a.expected.as_ref(),
        recommended: a.expected.as_ref().and_then(|e| {
            let (p, source) = if e.cochran_ok {
                a.pearson.map(|x| (x.p, "pearson"))?
            } else {
                a.best_p()?
            };
            Some(RecommendedJson {
                p,
                source,
                asymptotic_reliable: e.cochran_ok,
            })
        }),
        dropped: &a.dropped,
        residuals: a.residuals.as_ref().map(|r| ResidualsJson {
            rows: &a.tested.row_labels,
            columns: &a.tested.col_labels,
            values: (0..r.nrows())
                .map(|i| (0..r.ncols()).map(|j| r[(i, j)]).collect())
                .collect(),
        }),
        pairwise: &a.pairwise,
        units: view.crosstab.map(|c| UnitsJson {
            read: c.units_read,
            counted: c.table.total(),
            outside_population: c.outside_population,
            excluded: &c.exclusions,
            blank_lines: &c.blank_lines,
        }),
    }
}
