//! Statistics on contingency tables. Nothing here knows about files, surveys
//! or rendering: functions take a `ContingencyTable` and return numbers.
//!
//! The statistics are the lowest layer but one (only `renkei-text`, the
//! names of things, is below): they cannot see a file, a survey or a report.
//! An import the other way does not compile:
//!
//! ```compile_fail
//! // renkei-stats does not depend on the data layer.
//! use renkei_data::input::survey::Survey;
//! ```

pub mod agreement;
pub mod change;
pub mod cmh;
pub mod exact;
pub mod factor;
pub mod gamma;
pub mod measures;
pub mod montecarlo;
pub mod multiple;
pub mod paired;
pub mod parallel;
pub mod pearson;
pub mod poisson;
pub mod polychoric;
pub mod r_random;
pub mod ranks;
pub mod reliability;
pub mod standardize;
pub mod table;

use crate::table::{ContingencyTable, Dropped};
use exact::{
    ExactOptions, ExactProgress, ExactResult, ExactStopped, Unsupported, exact_unsupported,
    fisher_exact,
};
use measures::CramersV;
use montecarlo::{MonteCarloOptions, MonteCarloResult, monte_carlo};
use nalgebra::DMatrix;
use renkei_text::Name;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, AtomicU64};
use std::time::Duration;

pub use pearson::{ChiSquareTest, pearson_chi_square};

/// Expected-count diagnostics (Cochran's rule: no expected count below 1 and
/// at most 20 % below 5).
#[derive(Debug, Clone, Serialize)]
pub struct ExpectedSummary {
    pub min: f64,
    pub cells: usize,
    pub below_5: usize,
    pub below_1: usize,
    pub share_below_5: f64,
    pub cochran_ok: bool,
}

impl ExpectedSummary {
    /// The diagnostics of a table with no zero margins.
    pub fn of(table: &ContingencyTable) -> Self {
        let e = table.expected();
        let cells = e.len();
        let below_5 = e.iter().filter(|&&v| v < 5.0).count();
        let below_1 = e.iter().filter(|&&v| v < 1.0).count();
        let share_below_5 = if cells == 0 {
            0.0
        } else {
            below_5 as f64 / cells as f64
        };
        ExpectedSummary {
            min: e.iter().copied().fold(f64::INFINITY, f64::min),
            cells,
            below_5,
            below_1,
            share_below_5,
            cochran_ok: below_1 == 0 && share_below_5 <= 0.2,
        }
    }
}

/// When to run the exact test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExactWhen {
    /// When Cochran's rule fails (the asymptotic p is then not to be trusted).
    #[default]
    Auto,
    Always,
    Never,
}

/// What the user asked for, and the hooks of a long computation.
pub struct AnalysisOptions<'a> {
    pub exact: ExactWhen,
    /// Monte Carlo replicates (none when `None`, unless the exact test falls back).
    pub monte_carlo: Option<u64>,
    pub seed: u64,
    /// Replicates for the fallback when the exact test is out of reach.
    pub fallback_replicates: u64,
    pub time_limit: Option<Duration>,
    /// Bytes the exact test may hold (see `ExactOptions::memory_limit`).
    pub memory_limit: Option<usize>,
    /// Whether rows and columns are ordered (for the linear-by-linear test).
    pub ordered: bool,
    /// Compare every pair of columns.
    pub pairwise: bool,
    pub cancel: Option<&'a AtomicBool>,
    pub exact_progress: Option<&'a (dyn Fn(ExactProgress) + Sync)>,
    pub mc_done: Option<&'a AtomicU64>,
}

impl Default for AnalysisOptions<'_> {
    fn default() -> Self {
        AnalysisOptions {
            exact: ExactWhen::Auto,
            monte_carlo: None,
            seed: 1,
            fallback_replicates: 100_000,
            time_limit: Some(Duration::from_secs(10)),
            memory_limit: Some(DEFAULT_EXACT_MEMORY),
            ordered: false,
            pairwise: false,
            cancel: None,
            exact_progress: None,
            mc_done: None,
        }
    }
}

/// Largest table total for the exact and Monte Carlo tests (they keep a table
/// of log-factorials up to n: 80 MB at this size).
pub const MAX_SIMULATION_TOTAL: u64 = 10_000_000;

/// The exact test's default memory limit: 4 GiB.
pub const DEFAULT_EXACT_MEMORY: usize = 4 << 30;

/// The outcome of the exact test.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum ExactOutcome {
    NotRun,
    Done(ExactResult),
    /// Stopped at the time limit; the Monte Carlo result stands in.
    TimeLimit {
        seconds: f64,
    },
    /// Stopped at the memory limit; the Monte Carlo result stands in.
    MemoryLimit {
        bytes: usize,
    },
    /// The table is outside what the exact test handles.
    Unsupported {
        reason: Unsupported,
    },
}

/// One pair of columns compared on the rows (an r×2 sub-table).
#[derive(Debug, Clone, Serialize)]
pub struct PairwiseComparison {
    pub columns: [Name; 2],
    pub n: u64,
    /// Exact p of the sub-table (or Pearson's when the exact test is out of reach).
    pub p: f64,
    pub test: PairTest,
    /// Holm-adjusted over all pairs.
    pub p_holm: f64,
}

/// How a pair of columns was compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PairTest {
    /// The exact test of the sub-table.
    Exact,
    /// Pearson's χ², when the exact test was out of reach.
    Pearson,
    /// Nothing to test: one row left after dropping empty ones (p = 1).
    None,
}

/// Where a reported p comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PSource {
    Pearson,
    Exact,
    MonteCarlo,
}

/// The p a table should report.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Recommended {
    pub p: f64,
    pub source: PSource,
    /// Whether Cochran's rule holds (the asymptotic p may be relied on).
    pub asymptotic_reliable: bool,
}

/// The tests of independence of one table.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The table the tests ran on: all-zero rows and columns dropped.
    pub tested: ContingencyTable,
    pub dropped: Dropped,
    /// `None` when the tested table has fewer than 2 rows or 2 columns.
    pub pearson: Option<ChiSquareTest>,
    pub likelihood_ratio: Option<ChiSquareTest>,
    /// 2×2 tables only.
    pub yates: Option<ChiSquareTest>,
    /// Ordered rows and columns only.
    pub linear_by_linear: Option<ChiSquareTest>,
    pub expected: Option<ExpectedSummary>,
    pub cramers_v: Option<CramersV>,
    /// Adjusted standardized residuals of the tested table.
    pub residuals: Option<DMatrix<f64>>,
    pub exact: ExactOutcome,
    pub monte_carlo: Option<MonteCarloResult>,
    /// The Monte Carlo run stands in for an exact test that could not finish.
    pub monte_carlo_is_fallback: bool,
    pub pairwise: Vec<PairwiseComparison>,
}

/// The computation was interrupted (Ctrl-C).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted;

impl Analysis {
    /// The p a careful reader should rely on, and what it is: the exact p when
    /// there is one, else the Monte Carlo estimate of it, else Pearson's.
    pub fn best_p(&self) -> Option<(f64, PSource)> {
        if let ExactOutcome::Done(r) = &self.exact {
            return Some((r.p, PSource::Exact));
        }
        if let Some(mc) = &self.monte_carlo {
            return Some((mc.p_exact, PSource::MonteCarlo));
        }
        self.pearson.map(|x| (x.p, PSource::Pearson))
    }

    /// The p to report: Pearson's when Cochran's rule holds (the asymptotic
    /// p is valid and the exact test conservative), else [`Analysis::best_p`].
    /// `None` when the table is not testable.
    pub fn recommended(&self) -> Option<Recommended> {
        let e = self.expected.as_ref()?;
        let (p, source) = if e.cochran_ok {
            self.pearson.map(|x| (x.p, PSource::Pearson))?
        } else {
            self.best_p()?
        };
        Some(Recommended {
            p,
            source,
            asymptotic_reliable: e.cochran_ok,
        })
    }
}

/// Runs the tests of independence on `table` after dropping its empty rows
/// and columns, with default options (exact test when Cochran's rule fails).
pub fn analyze(table: &ContingencyTable) -> Analysis {
    analyze_with(table, &AnalysisOptions::default()).unwrap_or_else(|Interrupted| {
        // No cancel flag was given, so this cannot happen; stay total anyway.
        analyze_with(
            table,
            &AnalysisOptions {
                exact: ExactWhen::Never,
                ..Default::default()
            },
        )
        .expect("no cancel flag")
    })
}

/// Runs every test the options ask for.
pub fn analyze_with(
    table: &ContingencyTable,
    opts: &AnalysisOptions,
) -> Result<Analysis, Interrupted> {
    // The time limit bounds the whole test: the exact test, then whatever
    // Monte Carlo run follows it (asked for, or standing in).
    let deadline = opts.time_limit.map(|t| std::time::Instant::now() + t);
    let (tested, dropped) = table.drop_empty();
    let testable = tested.nrows() >= 2 && tested.ncols() >= 2;
    let mut a = Analysis {
        tested: tested.clone(),
        dropped,
        pearson: None,
        likelihood_ratio: None,
        yates: None,
        linear_by_linear: None,
        expected: None,
        cramers_v: None,
        residuals: None,
        exact: ExactOutcome::NotRun,
        monte_carlo: None,
        monte_carlo_is_fallback: false,
        pairwise: Vec::new(),
    };
    if !testable {
        return Ok(a);
    }
    a.pearson = pearson_chi_square(&tested);
    a.likelihood_ratio = measures::likelihood_ratio(&tested);
    a.yates = measures::yates(&tested);
    if opts.ordered {
        a.linear_by_linear = measures::linear_by_linear(&tested);
    }
    let expected = ExpectedSummary::of(&tested);
    let run_exact = match opts.exact {
        ExactWhen::Always => true,
        ExactWhen::Never => false,
        ExactWhen::Auto => !expected.cochran_ok,
    };
    a.expected = Some(expected);
    a.cramers_v = a
        .pearson
        .as_ref()
        .and_then(|x| measures::cramers_v(&tested, x));
    a.residuals = Some(measures::adjusted_residuals(&tested));

    let mut replicates = opts.monte_carlo;
    if run_exact && tested.total() > MAX_SIMULATION_TOTAL {
        // Neither the exact test nor its Monte Carlo stand-in takes a table
        // this large: say so, rather than stay silent.
        a.exact = ExactOutcome::Unsupported {
            reason: Unsupported::TotalTooLarge,
        };
    } else if run_exact {
        a.exact = match exact_unsupported(&tested) {
            Some(reason) => ExactOutcome::Unsupported { reason },
            None => {
                let eo = ExactOptions {
                    time_limit: opts.time_limit,
                    cancel: opts.cancel,
                    progress: opts.exact_progress,
                    memory_limit: opts.memory_limit,
                    tie_tolerance: None,
                };
                match fisher_exact(&tested, &eo) {
                    Ok(r) => ExactOutcome::Done(r),
                    Err(ExactStopped::Cancelled) => return Err(Interrupted),
                    Err(ExactStopped::TimeLimit(e)) => ExactOutcome::TimeLimit {
                        seconds: e.as_secs_f64(),
                    },
                    Err(ExactStopped::MemoryLimit(bytes)) => ExactOutcome::MemoryLimit { bytes },
                    Err(ExactStopped::Unsupported(reason)) => ExactOutcome::Unsupported { reason },
                }
            }
        };
        if !matches!(a.exact, ExactOutcome::Done(_)) && replicates.is_none() {
            replicates = Some(opts.fallback_replicates);
            a.monte_carlo_is_fallback = true;
        }
    }
    if let Some(b) = replicates {
        let mo = MonteCarloOptions {
            cancel: opts.cancel,
            done: opts.mc_done,
            deadline,
        };
        a.monte_carlo = Some(monte_carlo(&tested, b, opts.seed, &mo).ok_or(Interrupted)?);
    }
    if opts.pairwise {
        a.pairwise = pairwise(&tested, opts)?;
    }
    Ok(a)
}

/// Every pair of columns compared on the rows: the exact test of the r×2
/// sub-table (empty rows dropped), Holm-adjusted over the pairs. A pair whose
/// exact test is out of reach uses Pearson's χ² and says so, as does every
/// pair when the exact test is not to run (`ExactWhen::Never`).
fn pairwise(
    table: &ContingencyTable,
    opts: &AnalysisOptions,
) -> Result<Vec<PairwiseComparison>, Interrupted> {
    let mut out = Vec::new();
    for j in 0..table.ncols() {
        for k in (j + 1)..table.ncols() {
            let sub = ContingencyTable::new(
                table.row_labels.clone(),
                vec![table.col_labels[j].clone(), table.col_labels[k].clone()],
                DMatrix::from_fn(table.nrows(), 2, |i, c| {
                    table.get(i, if c == 0 { j } else { k })
                }),
            );
            let (sub, _) = sub.drop_empty();
            let pearson = |sub: &ContingencyTable| {
                (
                    pearson_chi_square(sub).map_or(1.0, |x| x.p),
                    PairTest::Pearson,
                )
            };
            let (p, test) = if sub.nrows() < 2 || sub.ncols() < 2 {
                (1.0, PairTest::None)
            } else if opts.exact == ExactWhen::Never {
                pearson(&sub)
            } else {
                let eo = ExactOptions {
                    time_limit: opts.time_limit,
                    cancel: opts.cancel,
                    progress: None,
                    memory_limit: opts.memory_limit,
                    tie_tolerance: None,
                };
                match fisher_exact(&sub, &eo) {
                    Ok(r) => (r.p, PairTest::Exact),
                    Err(ExactStopped::Cancelled) => return Err(Interrupted),
                    Err(
                        ExactStopped::TimeLimit(_)
                        | ExactStopped::MemoryLimit(_)
                        | ExactStopped::Unsupported(_),
                    ) => pearson(&sub),
                }
            };
            out.push(PairwiseComparison {
                columns: [table.col_labels[j].clone(), table.col_labels[k].clone()],
                n: sub.total(),
                p,
                test,
                p_holm: 0.0,
            });
        }
    }
    let adjusted = measures::holm(&out.iter().map(|c| c.p).collect::<Vec<_>>());
    for (c, h) in out.iter_mut().zip(adjusted) {
        c.p_holm = h;
    }
    Ok(out)
}
