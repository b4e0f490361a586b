//! Fisher–Freeman–Halton exact test of independence for r×c tables.
//!
//! p = Σ P(T) over all tables T with the observed margins and
//! P(T) ≤ P(observed)·(1 + 10⁻⁷), where P is the multivariate hypergeometric
//! probability P(T) = Π R_i! Π C_j! / (N! Π n_ij!). The relative tolerance is
//! the one R's `fisher.test` uses, so that tables tied in probability with the
//! observed one (by symmetry) are counted whatever the rounding.
//!
//! # Algorithm
//!
//! The network algorithm of Mehta & Patel (1983, JASA 78:427–434; 1986, ACM
//! TOMS 12:154–161), written afresh here because no maintained Rust crate
//! offers an r×c exact test and R's FEXACT runs out of its fixed workspace
//! on modest tables ("FEXACT error 6/7"):
//!
//! * The table is filled one column (stage) at a time. A node is the vector of
//!   row totals still to be filled, **sorted**: the rest of the table does not
//!   depend on which row is which, so permuted states are one node.
//! * A path's "past" is log K + Σ_{filled columns} (log C_j! − Σ_i log n_ij!),
//!   with K = Π R_i!/N!; a full path's past is log P(T).
//! * For each node three numbers are known: the total weight of its
//!   completions, log(M!/Π r_i!) in closed form, and bounds on the longest
//!   and shortest completion (the most and least probable rest of the
//!   table): exact in closed form with two columns left, Lagrangian-dual and
//!   greedy bounds before (exact ones by dynamic programming cost more than
//!   they saved; BENCHMARKS.md), memoized.
//! * A past whose longest completion already stays ≤ the threshold has all its
//!   completions counted at once (closed form); a past whose shortest
//!   completion exceeds it is dropped; only the others go on to the next stage.
//!   Equal pasts arriving at a node are merged as they are sent, one per
//!   cell of width 2⁻³⁰ on the log scale (`past_cell`): on irregular margins
//!   most pasts arriving at a node equal another (3.9 million arrivals, 0.1
//!   million cells on a 4×8 table). The pasts sent to a node are kept in a
//!   list of (past, paths) per node and thread that grows as needed: there
//!   is no fixed workspace.
//! * Within a node the pasts are sorted with prefix sums, so each edge settles
//!   the "all count" and "none count" pasts by two searches (look-ups in
//!   equal intervals of the pasts when they are many: `PastIndex`).
//! * With three or more columns left a column is filled row by row and
//!   every partial column's sub-tree is bounded (`PartialColumn`), so whole
//!   ranges of pasts are settled per sub-tree; edges that differ only by the
//!   order of equal node totals are walked once (`Blocks`).
//! * The last two columns are settled without sending anything on: a node
//!   with two columns left settles its pasts on the product scale
//!   (`TwoColumns`); an edge into such a node carrying many pasts settles
//!   them against the child's sorted completions (`Ladder`).

//!
//! # Glossary
//!
//! * **stage** — one column of the table; stage k fills column k.
//! * **node** — the row totals still to be filled after some stages,
//!   sorted; a table's completions depend on nothing else.
//! * **edge** — one way to fill a node's next column: the child node is the
//!   node minus that column's entries; its **weight** w is the column's
//!   log-probability factor.
//! * **past** — the log-weight of a path from the root to a node, carried
//!   with its **paths** (how many equal paths it stands for).
//! * **threshold** T — log P(observed) plus the tie tolerance: a full path
//!   counts when its log-probability is ≤ T.
//! * **longest / shortest** — the largest and smallest log-weight of a
//!   node's completions (the most and least probable rest of the table).
//! * **settle** — decide a past's share of p at a node: all its completions
//!   count, none do, or some do (the past is **open**, or **straddles**).
//! * **ladder** — a two-column node's completions sorted by weight with
//!   their cumulative sums, so an open past is settled by one look-up.
//! * **block** — a run of equal totals in a node; edges that only permute
//!   entries within blocks are walked once and counted `times` times.
//! * **partial column** — a column being filled row by row, with bounds for
//!   the sub-tree below each prefix of rows (`Prefix`).
//! * **line** — the edges of a partial column with all rows fixed but the
//!   last two (x_i = v, x_{i+1} = rest − v), three columns from the end.
//! * **fan** — the lines below one more free row: their maxima are concave
//!   in v, so all but an interval of them are summed in closed form.
//! * **memo**, **bucket**, **batch** — a thread's next-stage nodes, the
//!   pasts sent to each, and the settlements waiting for their ladder.
//!
//! # Where things are
//!
//! `run` (the stage loop) → `worker` (one thread's nodes and edges) →
//! `partial_column` (row-by-row columns, lines and fans), `two_columns`
//! (the last two columns), `ladder` (settling open pasts on a child's
//! completions); `network` holds the bounds, `memo` and `pasts` the lists,
//! `keys` and `math` small helpers, `tuning` every constant with its
//! reason; `tests` checks all of it against enumeration and R.

use crate::table::ContingencyTable;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use statrs::function::gamma::ln_gamma;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

mod keys;
mod ladder;
mod math;
mod memo;
mod network;
mod partial_column;
mod pasts;
mod run;
#[cfg(test)]
mod tests;
mod tuning;
mod two_columns;
mod worker;

use keys::*;
use ladder::*;
use math::*;
use memo::*;
use network::*;
use partial_column::*;
use pasts::*;
use run::*;
use tuning::*;
use two_columns::*;
use worker::*;

/// The relative tolerance on "as or less probable than observed": a table
/// counts when P(T) ≤ P(observed)·(1 + 10⁻⁷), R's `fisher.test` rule for
/// 2×2 tables (and scipy's), so that tables tied with the observed one by
/// symmetry count whatever the rounding.
pub const RELATIVE_TOLERANCE: f64 = 1e-7;

/// FEXACT's tolerance, which R's `fisher.test` applies to tables larger than
/// 2×2: a table counts when log P(T) ≤ log P(observed) + 3.45254·10⁻⁷ ("the
/// square root of the smallest relative spacing" of single precision). It
/// counts slightly more near-ties than [`RELATIVE_TOLERANCE`]: of the
/// benchmark tables only the 3×4 n = 600 strong one differs, by 2·10⁻⁷ of p.
pub const FEXACT_TOLERANCE: f64 = 3.45254e-7;

/// How the search is going, for a progress display.
#[derive(Debug, Clone, Copy)]
pub struct ExactProgress {
    /// Stages (columns) done and their total.
    pub stage: usize,
    pub stages: usize,
    /// Nodes with pasts waiting at the next stage.
    pub open_nodes: usize,
    pub elapsed: Duration,
}

/// Limits and hooks for a long computation.
#[derive(Default)]
pub struct ExactOptions<'a> {
    /// Give up after this long.
    pub time_limit: Option<Duration>,
    /// Set to true (e.g. by Ctrl-C) to stop.
    pub cancel: Option<&'a AtomicBool>,
    /// Called after each stage and now and then within one.
    pub progress: Option<&'a (dyn Fn(ExactProgress) + Sync)>,
    /// Give up when the pasts held (this stage's and the next's) would
    /// take more than this many bytes. Without a limit a table far in the
    /// tail can take all the memory there is (a 5×5 table with n = 100 and
    /// p ≈ 10⁻⁵ held 571 million pasts at once, 11 GB, until edges into
    /// two-column nodes were settled on ladders; now about 4 million).
    pub memory_limit: Option<usize>,
    /// How far (on the log scale) above the observed table's log-probability
    /// a table still counts as tied with it. `None`: ln(1 + 10⁻⁷), see
    /// [`RELATIVE_TOLERANCE`]; `Some(FEXACT_TOLERANCE)` gives R's p on
    /// tables larger than 2×2 to the last digits.
    pub tie_tolerance: Option<f64>,
}

/// Why an exact computation stopped without a result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ExactStopped {
    /// The table is outside what the exact test handles (checked here, not
    /// left to callers).
    Unsupported(Unsupported),
    TimeLimit(Duration),
    /// The pasts would have taken more than the memory limit (bytes).
    MemoryLimit(usize),
    Cancelled,
}

/// The exact p-value and what it took.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ExactResult {
    pub p: f64,
    /// P(observed table).
    pub p_observed_table: f64,
    /// Nodes reached with pasts to carry, summed over the stages (the same
    /// on any number of threads).
    pub nodes: usize,
    pub seconds: f64,
}

/// log k! for k = 0..=n, from ln Γ(k+1) (each entry to full precision; a
/// running sum of ln k would accumulate rounding error). log 0! and log 1!
/// are exactly 0: statrs gives ln Γ(1) = −4.4·10⁻¹⁶, which made −Σ log x!
/// of a table of 0s and 1s slightly positive, and R's relative tie
/// tolerance (observed / (1 + 64ε)) then ruled out the observed table itself
/// in the Monte Carlo exact p (found by the property test, case
/// [[0, 1], [1, 0]]).
pub fn log_factorials(n: u64) -> Vec<f64> {
    (0..=n)
        .map(|k| if k < 2 { 0.0 } else { ln_gamma(k as f64 + 1.0) })
        .collect()
}

/// Longest nodes handled: the shorter side of the table (after dropping
/// empty rows and columns) may have at most this many categories.
pub const MAX_NODE_LEN: usize = 8;

/// Largest margin handled (a node packs its totals in 16-bit lanes).
pub const MAX_MARGIN: u64 = u16::MAX as u64;

/// Why a table cannot go to the exact test at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unsupported {
    /// The shorter side has more than [`MAX_NODE_LEN`] categories.
    TooManyCategories,
    /// A margin is above [`MAX_MARGIN`].
    MarginTooLarge,
    /// The table total is above `crate::MAX_SIMULATION_TOTAL`, the
    /// largest the exact and Monte Carlo tests take (reported by
    /// `crate::analyze_with`, not by `fisher_exact`).
    TotalTooLarge,
}

/// Why a table cannot go to the exact test at all, if it cannot.
pub fn exact_unsupported(table: &ContingencyTable) -> Option<Unsupported> {
    let short = table.nrows().min(table.ncols());
    if short > MAX_NODE_LEN {
        return Some(Unsupported::TooManyCategories);
    }
    if table
        .row_totals()
        .iter()
        .chain(table.col_totals().iter())
        .any(|&v| v > MAX_MARGIN)
    {
        return Some(Unsupported::MarginTooLarge);
    }
    None
}

/// The exact p-value of a table with no zero margins and at least 2 rows and
/// 2 columns (drop empty rows and columns first).
pub fn fisher_exact(
    table: &ContingencyTable,
    opts: &ExactOptions,
) -> Result<ExactResult, ExactStopped> {
    fisher_exact_with(table, opts, Tuning::DEFAULT)
}
