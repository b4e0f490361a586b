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
//!   Equal pasts arriving at a node are merged (the pasts sent to a node
//!   are kept in a list of (past, paths) per node and thread that grows as
//!   needed: there is no fixed workspace).
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

use crate::tabulate::table::ContingencyTable;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use statrs::function::gamma::ln_gamma;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The relative tolerance on "as or less probable than observed" (R's `fisher.test`).
pub const RELATIVE_TOLERANCE: f64 = 1e-7;

/// Pasts closer than this (on the log scale) are merged into one.
const PAST_QUANTUM: f64 = 1e-9;

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
}

/// Bytes counted per past held: 16 for (past, paths) in its node's list,
/// up to as many again for the list's spare capacity (measured: 5×5
/// n = 100 far in the tail peaks at 88 MB as a whole process, of which
/// about 4.5 MB per thread are the batches of `Worker::flush`, a fixed size
/// not counted against the limit).
pub const BYTES_PER_PAST: usize = 32;

/// Why an exact computation stopped without a result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ExactStopped {
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

/// A node: the sorted remaining totals, packed 16 bits each into a u128.
type Key = u128;

fn pack(v: &[u32]) -> Key {
    v.iter().fold(0u128, |k, &x| (k << 16) | x as u128)
}

fn unpack(k: Key, len: usize, out: &mut [u32]) {
    for i in (0..len).rev() {
        out[len - 1 - i] = ((k >> (16 * i)) & 0xFFFF) as u32;
    }
}

/// Sorts a short vector in decreasing order (insertion sort: at most 8 items).
fn sort_desc(v: &mut [u32]) {
    for i in 1..v.len() {
        let x = v[i];
        let mut j = i;
        while j > 0 && v[j - 1] < x {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
    }
}

#[derive(Clone, Copy)]
struct Bounds {
    /// An upper bound on the largest log-weight of a completion (the most
    /// probable rest of the table); exact for the last two stages.
    longest: f64,
    /// A lower bound on the smallest log-weight of a completion.
    shortest: f64,
    /// log Σ over completions of their weight = log(M!/Π r_i!).
    log_total: f64,
}

struct Network<'a> {
    /// Stage sizes (the longer side's totals, in processing order).
    cols: Vec<u32>,
    /// For each stage, the sizes of the stages from there on, sorted decreasing.
    rest_sorted: Vec<Vec<u32>>,
    /// Σ log C_j! over the stages from each stage on.
    rest_lf: Vec<f64>,
    len: usize,
    lf: Vec<f64>,
    /// log k for k = 0..=n (log 0 unused).
    ln: Vec<f64>,
    opts: &'a ExactOptions<'a>,
    started: Instant,
    tuning: Tuning,
    /// Binomial rows for the nodes with two columns left (empty when their
    /// total is over `TWO_COLUMN_PRODUCT_LIMIT`).
    pascal: Pascal,
}

/// What a worker thread remembers about the children of one stage.
#[derive(Default)]
struct Memo {
    /// The children's bounds, and where the pasts sent to each go: an
    /// index into `buckets`.
    bounds: FxHashMap<Key, (Bounds, u32)>,
    /// Each child with the pasts (past, number of paths) sent to it, in the
    /// order they came. One list per child and thread, so that the next
    /// stage finds each node's arrivals without sorting them all by node
    /// (that sort was 6–15 % of the time on 表3 and the 4×4 n = 200 tables).
    buckets: Vec<Bucket>,
    /// Emptied lists of the stage before, for new buckets (`recycle`).
    spare: Vec<Vec<(f64, f64)>>,
    /// Two-column children's completions by weight: an index into `arena`
    /// (`None`: too many to list).
    ladders: FxHashMap<Key, Option<u32>>,
    arena: Vec<Arc<Ladder>>,
    /// The settlements put off until the batch is flushed (`Worker::flush`).
    waiting: Vec<Waiting>,
    /// The same grouped by ladder (`group_waiting`; reused).
    grouped: Vec<Waiting>,
    /// The ladders with settlements waiting, in the order of their first,
    /// with how many each; `slot[id]`: ladder id's place among them (`NONE`
    /// if it has none).
    touched: Vec<(u32, usize)>,
    slot: Vec<u32>,
}

/// No place (a ladder with no settlement waiting).
const NONE: u32 = u32::MAX;

impl Memo {
    fn clear(&mut self) {
        self.bounds.clear();
        self.buckets.clear();
        self.ladders.clear();
        self.arena.clear();
        self.waiting.clear();
        self.touched.clear();
        self.slot.clear();
    }

    /// Puts off a settlement on its ladder until the batch is flushed.
    fn wait(&mut self, wait: Waiting) {
        let slot = &mut self.slot[wait.ladder as usize];
        if *slot == NONE {
            *slot = self.touched.len() as u32;
            self.touched.push((wait.ladder, 0));
        }
        self.touched[*slot as usize].1 += 1;
        self.waiting.push(wait);
    }

    /// Groups the waiting settlements by ladder into `grouped` (a counting
    /// sort): the ladders in the order of their first settlement, each
    /// one's in the order they came. None is left waiting.
    fn group_waiting(&mut self) {
        // Each ladder's count becomes where its group starts, then where
        // it is filled to.
        let mut at = 0;
        for entry in &mut self.touched {
            (entry.1, at) = (at, at + entry.1);
        }
        self.grouped.clear();
        self.grouped.resize(self.waiting.len(), Waiting::default());
        for wait in self.waiting.drain(..) {
            let place = &mut self.touched[self.slot[wait.ladder as usize] as usize].1;
            self.grouped[*place] = wait;
            *place += 1;
        }
        for &(id, _) in &self.touched {
            self.slot[id as usize] = NONE;
        }
        self.touched.clear();
    }
}

/// An edge's open pasts waiting to be settled on its child's ladder: the
/// ladder (an index into `Memo::arena`), the node (an index into
/// `Worker::batch`), the range of its pasts, the edge's log-weight and the
/// number of edges it stands for.
#[derive(Clone, Copy, Default)]
struct Waiting {
    ladder: u32,
    node: u32,
    lo: u32,
    hi: u32,
    w: f64,
    times: f64,
}

/// Where a node's merged pasts, weights and prefix sums start in the
/// worker's lists while it waits in a batch, their number, and its top past.
#[derive(Clone, Copy)]
struct BatchNode {
    at: usize,
    prefix_at: usize,
    len: usize,
    top: f64,
    /// Its `PastIndex` in the worker's `IndexLists`.
    index: Option<IndexAt>,
}

/// Pasts of the nodes with three columns left held in one batch before
/// their ladder settlements are made, ladder by ladder (`Worker::flush`):
/// 32 bytes each, so 512 KiB, half the level-2 cache of a core of this
/// machine (2¹² and 2¹⁶ were slower on the 5×5 n = 100 strong table), and
/// 16 more for their `PastIndex` (with it 2¹³ and 2¹⁵ were no faster).
const BATCH_PASTS: usize = 1 << 14;

/// Settlements waiting in one batch at most, so that a batch of nodes with
/// many edges stays in bounds too: 32 bytes each, held twice while they are
/// grouped, so 4 MiB per thread. (2¹⁸ was no faster, and took 24 MB more.)
const BATCH_WAITING: usize = 1 << 16;

/// The completions of a node with two columns left, by weight: the distinct
/// log-weights g (increasing; completions closer than `PAST_QUANTUM` merged)
/// and log Σ of the weights up to and including each (a weight is e^g times
/// how many completions were merged into it).
///
/// With it a past p arriving along an edge of weight w is settled at once:
/// its share is e^(p + w) · Σ_{g ≤ T − p − w} weight, one look-up in `g`
/// (`count_at_most`: an interval of equal width, then a few steps). Or,
/// for many pasts and few relevant completions, the other way round: each
/// completion g counts with the pasts ≤ T − w − g, one search among the
/// pasts. Either way no past is sent on, so the work per edge is the
/// smaller of the two counts, not the number of pasts: far in the tail,
/// where a 5×5 table sent 571 million pasts that merged into 2.4 million at
/// the children, most of the sending was repetition.
struct Ladder {
    g: Vec<f64>,
    log_cumulative: Vec<f64>,
    /// Each step's weight and the running sums on the linear scale,
    /// relative to the total weight (e^(log − log_total)), when the weights
    /// span less than `LINEAR_SPAN` (else empty: they could underflow).
    /// `cumulative[j]` sums the first j steps (`cumulative[0]` = 0), so that
    /// `count_at_most` indexes it directly.
    weight: Vec<f64>,
    cumulative: Vec<f64>,
    /// `g` cut into equal intervals (`Intervals`); `g` ends with as many
    /// +∞ as the intervals need.
    start: Vec<u32>,
    intervals: Intervals,
}

impl Ladder {
    /// The number of steps g ≤ t.
    #[inline(always)]
    fn count_at_most(&self, t: f64) -> usize {
        self.intervals.count_at_most(&self.g, &self.start, t)
    }
}

/// Sorted values (a ladder's steps, a node's pasts) cut into equal
/// intervals from the first: interval b holds the values
/// g[start[b]..start[b + 1]], so the values at or below any t are found by
/// one look-up and a scan of one interval (`count_at_most`).
#[derive(Clone, Copy, Default)]
struct Intervals {
    /// g[0], the intervals per unit of g, and the last interval's index.
    origin: f64,
    inv_width: f64,
    last: f64,
    /// The most values in one interval.
    widest: usize,
}

impl Intervals {
    /// Cuts the values g[from..] (increasing, at least one) into
    /// `INTERVALS_PER_STEP` times as many intervals of equal width, appends
    /// their starts (counted from `from`) to `start`, and pads `g` with
    /// `widest` (at least `SCAN`) values at +∞ for `count_at_most`.
    fn cut(g: &mut Vec<f64>, from: usize, start: &mut Vec<u32>) -> Self {
        let steps = g.len() - from;
        let intervals = steps * INTERVALS_PER_STEP;
        let span = g[from + steps - 1] - g[from];
        let mut cut = Intervals {
            origin: g[from],
            inv_width: if span > 0.0 {
                intervals as f64 / span
            } else {
                0.0
            },
            // Rounding to the nearest index puts g[0] in interval 0 and the
            // last value in interval `intervals`.
            last: intervals as f64,
            widest: 0,
        };
        let at = start.len();
        start.resize(at + intervals + 2, 0);
        let start = &mut start[at..];
        for &v in &g[from..] {
            start[cut.interval(v) + 1] += 1;
        }
        cut.widest = start.iter().max().copied().unwrap_or(0) as usize;
        for b in 1..start.len() {
            start[b] += start[b - 1];
        }
        g.resize(from + steps + cut.widest.max(SCAN), f64::INFINITY);
        cut
    }

    /// The interval of t: (t − g[0]) / width clamped to the intervals and
    /// rounded to the nearest integer — monotone in t, so an interval before
    /// t's holds only values below t, one after only values above. Rounded
    /// by adding 1.5 · 2⁵² (the integer is then the low bits of the sum): a
    /// float-to-integer `as` saturates and checks for NaN, ten instructions
    /// in the innermost loop of the tail tables.
    #[inline(always)]
    fn interval(&self, t: f64) -> usize {
        const ROUND: f64 = 6_755_399_441_055_744.0;
        let x = ((t - self.origin) * self.inv_width).max(0.0).min(self.last);
        (x + ROUND).to_bits() as u32 as usize
    }

    /// The number of values g ≤ t (g and start as `cut` left them): those
    /// before t's interval, and those of the `widest` values from its start
    /// that are ≤ t — any of them past the interval lies in a later one, so
    /// is above t. Counted without a branch (an early exit mispredicts
    /// about once per call), over a window of fixed length `SCAN` when the
    /// intervals are that narrow. (Always inlined: called out of line, the
    /// look-up loop took 1.4 times as long.)
    #[inline(always)]
    fn count_at_most(&self, g: &[f64], start: &[u32], t: f64) -> usize {
        let from = start[self.interval(t)] as usize;
        if self.widest <= SCAN {
            let window = &g[from..from + SCAN];
            return from + window.iter().map(|&g| usize::from(g <= t)).sum::<usize>();
        }
        from + g[from..from + self.widest]
            .iter()
            .map(|&g| usize::from(g <= t))
            .sum::<usize>()
    }
}

impl Ladder {
    /// Σ_k weight_k · (the ladder's cumulative weight at cut − past_k), for
    /// pasts sorted increasing: the innermost loop of the tail tables.
    /// Its own function, not inlined, so that its few live values stay in
    /// registers (inlined into its caller, the loop counter lived on the
    /// stack); no early exit when the count reaches 0, since the open pasts
    /// all have t ≥ the lightest completion, up to rounding.
    #[inline(never)]
    fn weigh(&self, cut: f64, pasts: &[(f64, f64)], weights: &[f64]) -> f64 {
        let mut sum = 0.0;
        for (&(past, _), &weight) in pasts.iter().zip(weights) {
            sum += weight * self.cumulative[self.count_at_most(cut - past)];
        }
        sum
    }
}

/// Intervals per step of a ladder: with two, the 5×5 n = 100 strong
/// table's look-ups met at most 3 steps in an interval 88 % of the time and
/// at most 4 in all but 30 thousand of 384 million (with one per step, 4 and
/// 5 were common); three per step gained nothing more.
const INTERVALS_PER_STEP: usize = 2;

/// The window `count_at_most` scans when no interval holds more steps: a
/// fixed length the compiler unrolls (5×5 n = 100 strong 1.07 → 0.94 s
/// with one interval per step, then 0.92 s with two; a window of 8 gained
/// nothing, one of 3 lost).
const SCAN: usize = 4;

/// Widest span (on the log scale) of a ladder's weights kept on the linear
/// scale: e^−600 is far from f64's underflow at e^−708.
const LINEAR_SPAN: f64 = 600.0;

/// Two-column nodes with more completions than this get no ladder (their
/// pasts are sent on, as before).
const LADDER_MAX_COMPLETIONS: u64 = 1 << 16;

/// Edges with fewer straddling pasts than this send them on; the ladder
/// pays for its construction when many arrive.
const LADDER_MIN_PASTS: usize = 16;

/// log(e^x + e^y), without overflow.
fn log_add(x: f64, y: f64) -> f64 {
    let (hi, lo) = if x >= y { (x, y) } else { (y, x) };
    hi + (lo - hi).exp().ln_1p()
}

/// Σ_{from ≤ v < to} weight(v) · e^ln_term(v) for the terms
/// term(v) = C(r, v) · C(s, rest − v) of `pair`, which rise and then fall
/// (log-concave in v): one exp, at the largest term, and the others by
/// ratios outward from it, so that only terms far below the largest can
/// underflow.
fn sum_log_concave(
    (from, to): (u32, u32),
    ln_term: impl Fn(u32) -> f64,
    pair: BinomialPair,
    mut weight: impl FnMut(u32) -> f64,
) -> f64 {
    if from >= to {
        return 0.0;
    }
    // The largest term: the first v where the ratio up falls to 1 or below
    // (up decreases), found from the mode's closed form instead of by
    // walking up from `from`, a division per step.
    let mut m = pair.mode().clamp(from, to - 1);
    while m > from && pair.up(m - 1) <= 1.0 {
        m -= 1;
    }
    while m + 1 < to && pair.up(m) > 1.0 {
        m += 1;
    }
    let mut sum = 0.0;
    let mut term = 1.0;
    for v in (from..=m).rev() {
        if v < m {
            term *= pair.down(v);
        }
        sum += term * weight(v);
    }
    term = 1.0;
    for v in m + 1..to {
        term *= pair.up(v - 1);
        sum += term * weight(v);
    }
    sum * ln_term(m).exp()
}

/// The terms C(r, v) · C(s, rest − v) that `sum_log_concave` sums, by
/// their ratios.
#[derive(Clone, Copy)]
struct BinomialPair {
    r: u32,
    s: u32,
    rest: u32,
}

impl BinomialPair {
    /// term(v + 1) / term(v), for v + 1 ≤ min(r, rest).
    fn up(self, v: u32) -> f64 {
        let (r, s, rest) = (self.r, self.s, self.rest);
        f64::from(r - v) * f64::from(rest - v) / (f64::from(v + 1) * f64::from(s + v + 1 - rest))
    }

    /// term(v) / term(v + 1), for v + 1 ≤ min(r, rest): `up` upside down,
    /// one division where dividing by `up` took two.
    fn down(self, v: u32) -> f64 {
        let (r, s, rest) = (self.r, self.s, self.rest);
        f64::from(v + 1) * f64::from(s + v + 1 - rest) / (f64::from(r - v) * f64::from(rest - v))
    }

    /// The mode of the hypergeometric distribution these terms are
    /// proportional to, ⌊(rest + 1)(r + 1) / (r + s + 2)⌋: where
    /// `sum_log_concave` starts looking for the largest term.
    fn mode(self) -> u32 {
        let (r, s, rest) = (u64::from(self.r), u64::from(self.s), u64::from(self.rest));
        ((rest + 1) * (r + 1) / (r + s + 2)) as u32
    }
}

/// The maximum of a concave f on [lo, hi] and where it is, climbing from
/// `start`: up while f rises, else down while it rises (ties stop the climb;
/// for a concave f the value found is the maximum either way).
fn climb(lo: u32, hi: u32, start: u32, mut f: impl FnMut(u32) -> f64) -> (u32, f64) {
    let mut top = start.clamp(lo, hi);
    let mut best = f(top);
    for step in [1i64, -1] {
        let mut moved = false;
        loop {
            let v = i64::from(top) + step;
            if v < i64::from(lo) || v > i64::from(hi) {
                break;
            }
            let f_v = f(v as u32);
            if f_v <= best {
                break;
            }
            (top, best, moved) = (v as u32, f_v, true);
        }
        if moved {
            break;
        }
    }
    (top, best)
}

/// The number of x with 0 ≤ x_i ≤ r_i and Σ x_i = c, counted up to `cap`
/// (any larger count is reported as cap + 1).
fn count_compositions(r: &[u32], c: u32, cap: u64) -> u64 {
    let c = c as usize;
    let mut ways = vec![0u64; c + 1];
    ways[0] = 1;
    for &ri in r {
        // ways'[s] = Σ_{x=0..=min(ri, s)} ways[s − x], by a sliding window.
        let mut next = vec![0u64; c + 1];
        let mut window = 0u64;
        for s in 0..=c {
            window = window.saturating_add(ways[s]);
            if s > ri as usize {
                window -= ways[s - ri as usize - 1].min(window);
            }
            next[s] = window.min(cap + 1);
        }
        ways = next;
    }
    ways[c].min(cap + 1)
}

/// One thread's share of a stage: its own memo of child bounds (the bounds
/// are cheap; sharing them would cost more in locking than recomputing).
struct Worker<'n, 'a, 'm> {
    net: &'n Network<'a>,
    memo: &'m mut Memo,
    /// The thread's lists, reused from node to node and chunk to chunk.
    buf: Buffers,
    ticks: u64,
    /// The stage being processed and its open nodes, for progress reports.
    stage: usize,
    open_nodes: usize,
    /// Pasts sent on since the last report to `held`.
    sent: usize,
    /// Pasts held by the whole computation (all threads).
    held: &'m AtomicUsize,
    /// The two-column nodes' ladders built by any thread in this stage:
    /// a thread's own `Memo::ladders` first, then these, so that each
    /// ladder is built once, not once per thread.
    ladders: &'m SharedLadders,
}

/// A worker thread's lists, kept from chunk to chunk and stage to stage
/// (a `Worker` lives for one chunk), so that each chunk does not allocate
/// and grow its own. A chunk leaves them empty (`Worker::flush`).
#[derive(Default)]
struct Buffers {
    scratch: Scratch,
    /// `Worker::line`'s children along a line.
    line_seen: Vec<Option<Child>>,
    /// A node's merged pasts, their weights and prefix sums; at the stage
    /// with three columns left, those of every node of the batch.
    lists: (Vec<(f64, f64)>, Vec<f64>, Vec<f64>),
    /// The nodes whose lists are held for their waiting settlements.
    batch: Vec<BatchNode>,
    /// The nodes' pasts cut into intervals (`PastIndex`), kept as `lists`
    /// are.
    index_lists: IndexLists,
}

impl Buffers {
    /// Empties the nodes' lists held (their capacity stays).
    fn clear_held(&mut self) {
        self.lists.0.clear();
        self.lists.1.clear();
        self.lists.2.clear();
        self.batch.clear();
        self.index_lists.clear();
    }
}

/// Ladders by node key, shared by the worker threads (`None`: too many
/// completions to list).
type SharedLadders = std::sync::Mutex<FxHashMap<Key, Option<Arc<Ladder>>>>;

/// Calls `f` with every vector x, 0 ≤ x_i ≤ r_i, Σ x_i = c.
fn for_each_composition(r: &[u32], c: u32, mut f: impl FnMut(&[u32])) {
    let m = r.len();
    if m == 0 {
        if c == 0 {
            f(&[]);
        }
        return;
    }
    let mut suffix = [0u32; MAX_NODE_LEN + 1];
    let mut suffix_v = vec![0u32; 0];
    let suffix: &mut [u32] = if m < MAX_NODE_LEN + 1 {
        &mut suffix[..m + 1]
    } else {
        suffix_v.resize(m + 1, 0);
        &mut suffix_v
    };
    for i in (0..m).rev() {
        suffix[i] = suffix[i + 1] + r[i];
    }
    if suffix[0] < c {
        return;
    }
    let mut x = vec![0u32; m];
    let mut rem = vec![0u32; m + 1];
    rem[0] = c;
    let mut i = 0usize;
    x[0] = c.saturating_sub(suffix[1]);
    loop {
        if i == m - 1 {
            // The last part takes what is left (within bounds by construction).
            x[i] = rem[i];
            f(&x);
            // Back up to the deepest position that can still grow.
            loop {
                if i == 0 {
                    return;
                }
                i -= 1;
                if x[i] < rem[i].min(r[i]) {
                    x[i] += 1;
                    break;
                }
            }
        }
        rem[i + 1] = rem[i] - x[i];
        i += 1;
        x[i] = rem[i].saturating_sub(suffix[i + 1]);
    }
}

impl Network<'_> {
    fn log_total(&self, key: &[u32]) -> f64 {
        let m: u32 = key.iter().sum();
        self.lf[m as usize] - key.iter().map(|&v| self.lf[v as usize]).sum::<f64>()
    }

    fn compute_bounds(&self, stage: usize, r: &[u32]) -> Bounds {
        let n_stages = self.cols.len();
        let log_total = if stage == n_stages {
            0.0
        } else {
            self.log_total(r)
        };
        if stage + 1 >= n_stages {
            // One column (or none) left: the completion is forced.
            return Bounds {
                longest: log_total,
                shortest: log_total,
                log_total,
            };
        }
        if stage + 2 == n_stages {
            return self.two_column_bounds(r, self.cols[stage], self.cols[stage + 1], log_total);
        }
        let cols = &self.rest_sorted[stage];
        Bounds {
            longest: self.rest_lf[stage] - self.min_sum_lf_lower_bound(r, cols),
            shortest: self.rest_lf[stage] - self.max_sum_lf_upper_bound(r, cols),
            log_total,
        }
    }

    /// Exact bounds when two columns, of sizes `a` and `b`, are left. A
    /// completion is x (the first column; the second is r − x) with weight
    /// log a! + log b! − Σ_i h_i(x_i), h_i(x) = log x! + log (r_i − x)!.
    ///
    /// * Longest: Σ h_i is convex and separable under Σ x_i = a, so adding
    ///   units one at a time where the marginal cost log((x+1)/(r_i − x)) is
    ///   smallest reaches the minimum.
    /// * Shortest: a convex function is largest at a vertex of
    ///   {Σ x_i = a, 0 ≤ x_i ≤ r_i}: every x_i at 0 or r_i (where h_i = log r_i!)
    ///   but at most one, whose loss is log C(r_f, x_f); all vertices are tried.
    fn two_column_bounds(&self, r: &[u32], a: u32, b: u32, log_total: f64) -> Bounds {
        let lf = &self.lf;
        let base = lf[a as usize] + lf[b as usize];
        let h = |i: usize, x: u32| lf[x as usize] + lf[(r[i] - x) as usize];
        // Longest: the a cheapest units. Unit k of row i (x from k−1 to k)
        // costs log(k/(r_i − k + 1)), increasing in k, so the greedy choice
        // is every unit under some ratio λ. With s = λ/(1+λ), unit k of row
        // i is under λ iff k ≤ s(r_i + 1): s = a/(M + m) takes
        // Σ ⌊s(r_i + 1)⌋ ≤ a units, all of them cheapest, and fewer than m
        // are missing; those are added one at a time as the greedy would.
        let m = r.len();
        let big_m: u64 = r.iter().map(|&v| v as u64).sum();
        let mut x = [0u32; MAX_NODE_LEN];
        let mut taken = 0u32;
        for i in 0..m {
            let k = (a as u64 * (r[i] as u64 + 1) / (big_m + m as u64)) as u32;
            x[i] = k.min(r[i]);
            taken += x[i];
        }
        for _ in taken..a {
            let mut best = usize::MAX;
            let mut best_cost = f64::INFINITY;
            for i in 0..m {
                if x[i] < r[i] {
                    // log((x+1)/(r−x)) is increasing in the ratio: compare ratios.
                    let cost = (x[i] + 1) as f64 / (r[i] - x[i]) as f64;
                    if cost < best_cost {
                        best_cost = cost;
                        best = i;
                    }
                }
            }
            x[best] += 1;
        }
        let min_h: f64 = (0..m).map(|i| h(i, x[i])).sum();
        // Shortest: vertices.
        let all_ends: f64 = r.iter().map(|&v| lf[v as usize]).sum();
        let mut least_loss = f64::INFINITY;
        for subset in 0u32..(1 << m) {
            let s: u32 = (0..m)
                .filter(|&i| subset & (1 << i) != 0)
                .map(|i| r[i])
                .sum();
            if s == a {
                least_loss = 0.0;
                break;
            }
            if s > a {
                continue;
            }
            let xf = a - s;
            for f in (0..m).filter(|&i| subset & (1 << i) == 0 && xf <= r[i]) {
                let loss = lf[r[f] as usize] - h(f, xf);
                least_loss = least_loss.min(loss);
            }
        }
        let max_h = all_ends - least_loss;
        Bounds {
            longest: base - min_h,
            shortest: base - max_h,
            log_total,
        }
    }

    /// The ladder of a node with two columns (sizes a and b) left, or None
    /// when it has more than `LADDER_MAX_COMPLETIONS` completions.
    fn two_column_ladder(&self, r: &[u32], a: u32, b: u32) -> Option<Ladder> {
        let count = count_compositions(r, a, LADDER_MAX_COMPLETIONS);
        if count > LADDER_MAX_COMPLETIONS {
            return None;
        }
        let lf = &self.lf;
        let base = lf[a as usize] + lf[b as usize];
        let mut all = Vec::with_capacity(count as usize);
        for_each_composition(r, a, |x| {
            let mut g = base;
            for (i, &xi) in x.iter().enumerate() {
                g -= lf[xi as usize] + lf[(r[i] - xi) as usize];
            }
            all.push(g);
        });
        all.sort_unstable_by(f64::total_cmp);
        let mut ladder = Ladder {
            g: Vec::new(),
            log_cumulative: Vec::new(),
            weight: Vec::new(),
            cumulative: Vec::new(),
            start: Vec::new(),
            intervals: Intervals::default(),
        };
        let mut log_weights = Vec::new();
        let mut k = 0;
        while k < all.len() {
            let g = all[k];
            let mut same = 1;
            while k + same < all.len() && all[k + same] - g <= PAST_QUANTUM {
                same += 1;
            }
            k += same;
            let log_weight = g + (same as f64).ln();
            let log_cumulative = match ladder.log_cumulative.last() {
                Some(&before) => log_add(before, log_weight),
                None => log_weight,
            };
            ladder.g.push(g);
            log_weights.push(log_weight);
            ladder.log_cumulative.push(log_cumulative);
        }
        let log_total = *ladder.log_cumulative.last()?;
        if log_total - log_weights[0] < self.tuning.linear_span {
            ladder.weight = log_weights.iter().map(|&l| (l - log_total).exp()).collect();
            ladder.cumulative = std::iter::once(0.0)
                .chain(ladder.log_cumulative.iter().map(|&l| (l - log_total).exp()))
                .collect();
        }
        ladder.intervals = Intervals::cut(&mut ladder.g, 0, &mut ladder.start);
        Some(ladder)
    }

    /// A lower bound on min Σ_ij log x_ij! over tables with margins r and c.
    ///
    /// Lagrangian duality: for any multipliers a_ij = u_i + v_j,
    /// Σ log x_ij! ≥ Σ_i u_i r_i + Σ_j v_j c_j + Σ_ij min_x (log x! − a_ij x),
    /// and the inner minimum is at x = ⌊e^a⌋ (log x! grows by log x per step),
    /// capped at min(r_i, c_j). With a_ij = log(r_i c_j / M), the expected
    /// counts, the bound is close to the true minimum (the most probable table).
    fn min_sum_lf_lower_bound(&self, r: &[u32], c: &[u32]) -> f64 {
        let m: u32 = r.iter().sum();
        if m == 0 {
            return 0.0;
        }
        let ln = &self.ln;
        let ln_m = ln[m as usize];
        let mut total = 0.0;
        for &ri in r {
            if ri == 0 {
                continue;
            }
            // u_i = log r_i, v_j = log c_j − log M: a_ij = log(r_i c_j / M),
            // so ⌊e^a⌋ = ⌊r_i c_j / M⌋, in integers.
            let u = ln[ri as usize];
            total += u * ri as f64;
            for &cj in c {
                if cj == 0 {
                    continue;
                }
                let a = u + ln[cj as usize] - ln_m;
                let x = ((ri as u64 * cj as u64 / m as u64) as u32).min(ri.min(cj));
                total += self.lf[x as usize] - a * x as f64;
            }
        }
        for &cj in c {
            if cj > 0 {
                total += (ln[cj as usize] - ln_m) * cj as f64;
            }
        }
        total
    }

    /// An upper bound on max Σ_ij log x_ij! over tables with margins r and c:
    /// the smaller of the column-wise and row-wise relaxations, each solved
    /// exactly by filling the largest capacities first (log x! is convex, so
    /// the most concentrated split maximizes it).
    fn max_sum_lf_upper_bound(&self, r: &[u32], c: &[u32]) -> f64 {
        let greedy = |sizes: &[u32], caps: &[u32]| -> f64 {
            sizes.iter().map(|&s| self.poured(s, caps)).sum()
        };
        // r is sorted decreasing (a node key); c is sorted decreasing.
        greedy(c, r).min(greedy(r, c))
    }

    /// Σ log x! when `amount` is poured into `caps` (sorted decreasing),
    /// filling the largest first: the largest Σ log x! over the ways to
    /// split it (log x! is convex, so the most concentrated split wins).
    fn poured(&self, amount: u32, caps: &[u32]) -> f64 {
        let mut left = amount;
        let mut total = 0.0;
        for &cap in caps {
            if left == 0 {
                break;
            }
            let x = left.min(cap);
            total += self.lf[x as usize];
            left -= x;
        }
        total
    }
}

impl Worker<'_, '_, '_> {
    fn check(&mut self) -> Result<(), ExactStopped> {
        self.ticks += 1;
        if self.ticks % 1024 != 1 {
            return Ok(());
        }
        if self
            .net
            .opts
            .cancel
            .is_some_and(|c| c.load(Ordering::Relaxed))
        {
            return Err(ExactStopped::Cancelled);
        }
        if let Some(progress) = self.net.opts.progress {
            progress(ExactProgress {
                stage: self.stage,
                stages: self.net.cols.len(),
                open_nodes: self.open_nodes,
                elapsed: self.net.started.elapsed(),
            });
        }
        if let Some(limit) = self.net.opts.time_limit {
            let e = self.net.started.elapsed();
            if e > limit {
                return Err(ExactStopped::TimeLimit(e));
            }
        }
        let held = self
            .held
            .fetch_add(std::mem::take(&mut self.sent), Ordering::Relaxed);
        if let Some(limit) = self.net.opts.memory_limit
            && held.saturating_mul(BYTES_PER_PAST) > limit
        {
            return Err(ExactStopped::MemoryLimit(limit));
        }
        Ok(())
    }

    /// The ladder of the two-column node `key` at `stage` (memoized).
    /// Its memory counts against the memory limit as pasts held do.
    fn ladder(&mut self, stage: usize, key: Key) -> Option<u32> {
        if let Some(&id) = self.memo.ladders.get(&key) {
            return id;
        }
        let shared = self
            .ladders
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned();
        let ladder = match shared {
            Some(ladder) => ladder,
            None => {
                // Built outside the lock: the other thread may build the same
                // ladder meanwhile (rarely), but never waits for this one.
                let net = self.net;
                let mut r = [0u32; MAX_NODE_LEN];
                unpack(key, net.len, &mut r);
                let ladder = net
                    .two_column_ladder(&r[..net.len], net.cols[stage], net.cols[stage + 1])
                    .map(Arc::new);
                // Five f64 per step (g with its padding) and a u32 per
                // interval, in units of a past held.
                self.sent += ladder
                    .as_ref()
                    .map_or(0, |l| l.g.len() * 40 + l.start.len() * 4)
                    / BYTES_PER_PAST
                    + 1;
                let mut map = self.ladders.lock().unwrap_or_else(|e| e.into_inner());
                map.entry(key).or_insert(ladder).clone()
            }
        };
        // (Ids are u32 to keep `Waiting` small; 2³² ladders would not fit
        // in memory anyway.)
        let id = ladder.and_then(|l| {
            let id = u32::try_from(self.memo.arena.len()).ok()?;
            self.memo.arena.push(l);
            self.memo.slot.push(NONE);
            Some(id)
        });
        self.memo.ladders.insert(key, id);
        id
    }

    /// Bounds on the completions of node `key` from `stage` on (memoized),
    /// and the node's bucket for the pasts sent to it.
    fn bounds(&mut self, stage: usize, key: Key) -> (Bounds, u32) {
        if let Some(&b) = self.memo.bounds.get(&key) {
            return b;
        }
        let mut r = [0u32; MAX_NODE_LEN];
        unpack(key, self.net.len, &mut r);
        let r = &r[..self.net.len];
        let b = self.net.compute_bounds(stage, r);
        // (A thread meets at most as many children as there are nodes at
        // the next stage, each a u128 key and a list: far fewer than 2³².)
        let bucket = self.memo.buckets.len() as u32;
        // Room for 16 pasts at once: grown from empty, a list took three
        // allocations to get there (表3 0.95–0.96; 8 no better, 32 worse).
        let mut list = self.memo.spare.pop().unwrap_or_default();
        list.reserve(16);
        self.memo.buckets.push((key, list));
        self.memo.bounds.insert(key, (b, bucket));
        (b, bucket)
    }
}

/// Neumaier's compensated sum, for adding many small probabilities.
#[derive(Default)]
struct Sum {
    s: f64,
    c: f64,
}

impl Sum {
    fn add(&mut self, v: f64) {
        let t = self.s + v;
        if self.s.abs() >= v.abs() {
            self.c += (self.s - t) + v;
        } else {
            self.c += (v - t) + self.s;
        }
        self.s = t;
    }
    fn value(&self) -> f64 {
        self.s + self.c
    }
}

/// Why a table cannot go to the exact test at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unsupported {
    /// The shorter side has more than [`MAX_NODE_LEN`] categories.
    TooManyCategories,
    /// A margin is above [`MAX_MARGIN`].
    MarginTooLarge,
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

/// Choices that change the speed, never p (tests compare them).
#[derive(Clone, Copy)]
struct Tuning {
    /// Straddling pasts from which an edge to a two-column child is
    /// settled on the child's ladder (`usize::MAX`: never).
    ladder_min_pasts: usize,
    /// Widest span of a ladder's weights kept on the linear scale.
    linear_span: f64,
    /// Walk one edge per set of edges that differ only by the order of
    /// equal node totals (`Blocks::orderings`).
    symmetry: bool,
    /// Visit only the edges of a line that some open past straddles
    /// (`Worker::line`).
    lines: bool,
    /// A batch's pasts and waiting settlements from which it is flushed
    /// (`BATCH_PASTS`, `BATCH_WAITING`; 1: after every node).
    batch_pasts: usize,
    batch_waiting: usize,
}

impl Tuning {
    const DEFAULT: Tuning = Tuning {
        ladder_min_pasts: LADDER_MIN_PASTS,
        linear_span: LINEAR_SPAN,
        symmetry: true,
        lines: true,
        batch_pasts: BATCH_PASTS,
        batch_waiting: BATCH_WAITING,
    };
}

/// The blocks of equal totals (runs of two or more) of a sorted node.
///
/// Edges that differ only by the order of their entries within a block
/// lead to the same child (its key is sorted) with the same weight, so one
/// of them stands for all: the one whose entries do not increase within
/// each block, counted `orderings` times. The runs are found once per node:
/// counting them afresh for every edge took 12 % of the time on the 4×4
/// n = 200 table.
#[derive(Clone, Copy, Default)]
struct Blocks {
    n: usize,
    runs: [(u8, u8); MAX_NODE_LEN / 2],
}

impl Blocks {
    fn of(node: &[u32]) -> Self {
        let mut blocks = Blocks::default();
        let mut i = 0;
        while i < node.len() {
            let mut end = i + 1;
            while end < node.len() && node[end] == node[i] {
                end += 1;
            }
            if end - i > 1 {
                blocks.runs[blocks.n] = (i as u8, end as u8);
                blocks.n += 1;
            }
            i = end;
        }
        blocks
    }

    /// The number of distinct orderings of x within the blocks that x
    /// covers whole: Π over blocks of `run_orderings`.
    fn orderings(&self, x: &[u32]) -> f64 {
        let mut count = 1.0;
        for &(start, end) in &self.runs[..self.n] {
            let (start, end) = (start as usize, end as usize);
            if end > x.len() {
                break;
            }
            count *= run_orderings(&x[start..end]);
        }
        count
    }
}

/// The distinct orderings of a block's entries y (not increasing, so
/// repeats are runs): (block length)! / Π (repeats)!.
fn run_orderings(y: &[u32]) -> f64 {
    const FACTORIAL: [f64; MAX_NODE_LEN + 1] =
        [1.0, 1.0, 2.0, 6.0, 24.0, 120.0, 720.0, 5040.0, 40320.0];
    let mut count = FACTORIAL[y.len()];
    let mut k = 0;
    while k < y.len() {
        let mut same = k + 1;
        while same < y.len() && y[same] == y[k] {
            same += 1;
        }
        count /= FACTORIAL[same - k];
        k = same;
    }
    count
}

/// Whether x's entries do not increase within any block of equal node totals.
fn canonical(node: &[u32], x: &[u32]) -> bool {
    (1..x.len()).all(|i| node[i] != node[i - 1] || x[i] <= x[i - 1])
}

fn fisher_exact_with(
    table: &ContingencyTable,
    opts: &ExactOptions,
    tuning: Tuning,
) -> Result<ExactResult, ExactStopped> {
    let started = Instant::now();
    // Nodes are vectors over the shorter side; stages run over the longer.
    let t = if table.nrows() > table.ncols() {
        table.transpose()
    } else {
        table.clone()
    };
    let rows: Vec<u32> = t.row_totals().iter().map(|&v| v as u32).collect();
    let mut cols: Vec<u32> = t.col_totals().iter().map(|&v| v as u32).collect();
    let n = t.total();
    let lf = log_factorials(n);
    let log_k = rows.iter().map(|&r| lf[r as usize]).sum::<f64>() - lf[n as usize];
    let observed_log_p = log_k
        + (0..t.ncols())
            .map(|j| {
                lf[cols[j] as usize]
                    - (0..t.nrows())
                        .map(|i| lf[t.get(i, j) as usize])
                        .sum::<f64>()
            })
            .sum::<f64>();
    let threshold = observed_log_p + RELATIVE_TOLERANCE.ln_1p();
    // Stages from the smallest column up, the two smallest swapped: the
    // root (one node, on one thread) has few edges, and the two-column
    // nodes enumerate the smaller of their two columns. An order is
    // only a matter of speed; this one was measured (BENCHMARKS.md) against
    // "the largest first, then from the smallest up", the rule until the
    // partial-column bounds made large columns cheap at nodes with few
    // pasts: 表3 15 % faster, tables with six to eight columns 2–3 times,
    // some 4×5 tables up to 23 % slower.
    cols.sort_unstable();
    if cols.len() >= 2 {
        cols.swap(0, 1);
    }
    let stages = cols.len();
    let len = rows.len();
    let rest_sorted: Vec<Vec<u32>> = (0..=stages)
        .map(|k| {
            let mut v = cols[k..].to_vec();
            v.sort_unstable_by(|a, b| b.cmp(a));
            v
        })
        .collect();
    let rest_lf: Vec<f64> = (0..=stages)
        .map(|k| cols[k..].iter().map(|&c| lf[c as usize]).sum())
        .collect();
    let ln = (0..=n).map(|k| (k as f64).ln()).collect();
    let last_two = cols[stages.saturating_sub(2)..].iter().sum::<u32>();
    let pascal = if last_two <= TWO_COLUMN_PRODUCT_LIMIT {
        Pascal::new(last_two)
    } else {
        Pascal::default()
    };
    let net = Network {
        pascal,
        cols,
        rest_sorted,
        rest_lf,
        len,
        lf,
        ln,
        opts,
        started,
        tuning,
    };

    let mut p = Sum::default();
    let mut nodes_seen = 0usize;
    // The children's bounds and the pasts sent to them, one memo per worker
    // thread kept through a stage (one per chunk would compute the same
    // bounds up to CHUNKS times) and emptied after it. A thread locks only
    // its own.
    let memos: Vec<std::sync::Mutex<Memo>> = (0..rayon::current_num_threads())
        .map(|_| Default::default())
        .collect();
    let buffers: Vec<std::sync::Mutex<Buffers>> =
        memos.iter().map(|_| Default::default()).collect();
    let mut root = rows.clone();
    sort_desc(&mut root);
    // Pasts arriving at the nodes of a stage: the buckets of the stage
    // before (one per node and thread, `Memo::buckets`): no list per past
    // to sort by node, nor one list to gather them into.
    let mut parts: Vec<Bucket> = vec![(pack(&root), vec![(log_k, 1.0)])];
    for stage in 0..stages {
        // The lists sorted by node and grouped into nodes (each node then
        // sorts its own pasts, so the order of its lists does not matter).
        // Nodes in key order, in a fixed number of chunks: the work is split
        // the same way whatever the number of threads, and the partial sums
        // are added in chunk order, so the p-value is bit-for-bit repeatable.
        let arrivals: usize = parts.iter().map(|(_, pasts)| pasts.len()).sum();
        parts.sort_unstable_by_key(|&(key, _)| key);
        let nodes: Vec<std::ops::Range<usize>> = parts
            .chunk_by(|a, b| a.0 == b.0)
            .scan(0, |start, group| {
                let range = *start..*start + group.len();
                *start = range.end;
                Some(range)
            })
            .collect();
        let open_nodes = nodes.len();
        nodes_seen += open_nodes;
        if stage > 0
            && let Some(progress) = opts.progress
        {
            progress(ExactProgress {
                stage,
                stages,
                open_nodes,
                elapsed: started.elapsed(),
            });
        }
        // What this stage starts with; what it sends on is added as it goes.
        let held = AtomicUsize::new(arrivals);
        let ladders = SharedLadders::default();
        let chunk_len = open_nodes.div_ceil(CHUNKS).max(1);
        let parts_now = &parts;
        let results: Vec<Result<Sum, ExactStopped>> = nodes
            .par_chunks(chunk_len)
            .map(|chunk| {
                let thread = rayon::current_thread_index().unwrap_or(0) % memos.len();
                let mut memo = memos[thread].lock().unwrap_or_else(|e| e.into_inner());
                let mut kept = buffers[thread].lock().unwrap_or_else(|e| e.into_inner());
                let mut worker = Worker {
                    net: &net,
                    memo: &mut memo,
                    buf: std::mem::take(&mut *kept),
                    ticks: 0,
                    stage,
                    open_nodes,
                    sent: 0,
                    held: &held,
                    ladders: &ladders,
                };
                let mut sum = Sum::default();
                for range in chunk {
                    worker.process_node(stage, &parts_now[range.clone()], threshold, &mut sum)?;
                }
                worker.flush(threshold, &mut sum)?;
                *kept = worker.buf;
                Ok(sum)
            })
            .collect();
        // The stage's arrivals are no longer needed: their lists go to
        // the threads' spares for the next stage's buckets.
        recycle(&mut parts, &memos);
        for r in results {
            let sum = r?;
            p.add(sum.s);
            p.add(sum.c);
        }
        // What the threads sent on: the next stage's arrivals.
        for memo in &memos {
            let mut memo = memo.lock().unwrap_or_else(|e| e.into_inner());
            let memo = &mut *memo;
            for (key, pasts) in memo.buckets.drain(..) {
                if pasts.is_empty() {
                    memo.spare.push(pasts);
                } else {
                    parts.push((key, pasts));
                }
            }
            memo.clear();
        }
    }
    if let Some(progress) = opts.progress {
        progress(ExactProgress {
            stage: stages,
            stages,
            open_nodes: 0,
            elapsed: started.elapsed(),
        });
    }
    debug_assert!(parts.is_empty(), "every path is settled at the last stage");
    Ok(ExactResult {
        p: p.value().clamp(0.0, 1.0),
        p_observed_table: observed_log_p.exp(),
        nodes: nodes_seen,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Lists longer than this are freed, not kept for reuse (`recycle`).
const SPARE_MAX_CAPACITY: usize = 256;

/// Empties a stage's arrivals and deals their lists to the threads' spares
/// in turn, so that the next stage's buckets reuse them instead of
/// allocating and growing new ones. Long lists are freed, so that what is
/// kept stays small (at most `SPARE_MAX_CAPACITY` pasts each).
fn recycle(parts: &mut Vec<Bucket>, memos: &[std::sync::Mutex<Memo>]) {
    let mut memos: Vec<_> = memos
        .iter()
        .map(|m| m.lock().unwrap_or_else(|e| e.into_inner()))
        .collect();
    let threads = memos.len();
    for (k, (_, mut pasts)) in parts.drain(..).enumerate() {
        if pasts.capacity() <= SPARE_MAX_CAPACITY {
            pasts.clear();
            memos[k % threads].spare.push(pasts);
        }
    }
}

/// Nodes with two columns left whose remaining total is at most this are
/// settled on the product scale (`TwoColumns`): their binomial products stay
/// below 2¹⁰⁰⁰ < f64::MAX.
const TWO_COLUMN_PRODUCT_LIMIT: u32 = 1000;

/// Settles every past waiting at a node with two columns (sizes a and b)
/// left, without taking a logarithm or an exponential per completion.
///
/// A completion is x (the first column; the second is r − x), of weight
/// e^g = (a! b! / Π r_i!) · Π_i C(r_i, x_i): a constant times a product of
/// binomial coefficients, each ≥ 1. So, enumerating x row by row,
///
/// * the partial product only grows: once it passes the level above which
///   no past counts, the whole sub-tree is dropped;
/// * Σ over the sub-tree's completions of Π C(r_i, x_i) is C(Σ r_i, rest)
///   (Vandermonde), which also bounds each of them: when the partial product
///   times that sum stays under the level below which every past counts,
///   the whole sub-tree is added at once.
///
/// Only the completions between the two levels are visited one by one, and
/// only those between the lowest and highest past need a search among the
/// pasts (by product, against each past's largest product that counts).
struct TwoColumns<'p> {
    len: usize,
    /// The node's rows in the order they are enumerated (`new`).
    node: [u32; MAX_NODE_LEN],
    /// Σ_{k ≥ i} r_k, in that order.
    suffix: [u32; MAX_NODE_LEN + 1],
    a: u32,
    /// log(a! b! / Π r_i!).
    ln_c0: f64,
    threshold: f64,
    /// The pasts, increasing.
    pv: &'p [(f64, f64)],
    prefix: &'p [f64],
    top: f64,
    pascal: &'p Pascal,
    /// Products at or below: every past counts; above `none_above`: none.
    all_below: f64,
    none_above: f64,
    /// Σ of products of completions where every past counts (plain sums:
    /// the terms are all positive, so the relative error stays under
    /// (terms)·ε, far inside the 10⁻⁷ tolerance, and Neumaier's correction
    /// cost more than the rest of the leaf).
    sum_all: f64,
    /// Σ of prefix(pasts that count) · product for the others.
    sum_part: f64,
}

/// Pascal's triangle up to the last two columns' total (every node with
/// two columns left has that total), built once per table: nodes with two
/// columns left look up their binomial rows instead of computing them
/// (on 表3, 488 such nodes each needed about 180 divisions).
#[derive(Default)]
struct Pascal {
    /// Row n (C(n, 0..=n)) starts at n(n + 1)/2.
    cells: Vec<f64>,
}

impl Pascal {
    /// Rows 0..=n, by C(n, k) = C(n − 1, k − 1) + C(n − 1, k): exact up to
    /// 2⁵³ and within n units in the last place beyond.
    fn new(n: u32) -> Self {
        let n = n as usize;
        let mut cells = Vec::with_capacity((n + 1) * (n + 2) / 2);
        cells.push(1.0);
        for m in 1..=n {
            let above = (m - 1) * m / 2;
            cells.push(1.0);
            for k in 1..m {
                cells.push(cells[above + k - 1] + cells[above + k]);
            }
            cells.push(1.0);
        }
        Pascal { cells }
    }

    fn row(&self, n: u32) -> &[f64] {
        let n = n as usize;
        &self.cells[n * (n + 1) / 2..(n + 1) * (n + 2) / 2]
    }
}

/// Buffers reused from node to node.
#[derive(Default)]
pub(crate) struct Scratch {
    /// For each past, the largest product of a completion that it counts
    /// with: e^(threshold − past − ln_c0).
    limits: Vec<f64>,
    /// A node's pasts as integer sort keys (`past_key`).
    keys: Vec<u128>,
}

/// A past (past, paths) as an integer whose order is the order of
/// `f64::total_cmp` on the past, then on the paths (positive, so their
/// bits are in their order): integers sort faster than pairs of floats
/// under a comparison closure.
fn past_key((past, paths): (f64, f64)) -> u128 {
    let bits = past.to_bits();
    // Negative floats in reverse, positive ones above them.
    let ordered = if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    };
    u128::from(ordered) << 64 | u128::from(paths.to_bits())
}

/// The past `past_key` made `key` from.
fn from_past_key(key: u128) -> (f64, f64) {
    let ordered = (key >> 64) as u64;
    let bits = if ordered >> 63 == 1 {
        ordered & !(1 << 63)
    } else {
        !ordered
    };
    (f64::from_bits(bits), f64::from_bits(key as u64))
}

impl<'p> TwoColumns<'p> {
    fn new(
        net: &'p Network,
        node: &[u32],
        a: u32,
        b: u32,
        pv: &'p [(f64, f64)],
        prefix: &'p [f64],
        threshold: f64,
    ) -> Self {
        let lf = &net.lf;
        let len = node.len();
        let mut r = [0u32; MAX_NODE_LEN];
        r[..len].copy_from_slice(node);
        // The rows in decreasing order but the largest last, so that it
        // takes what is left after the others: on 表3 6 % fewer values of
        // x are visited in the first two rows and the exact test is 2–4 %
        // faster than with the rows in decreasing order (`last_two`).
        r[..len].rotate_left(1);
        let suffix = suffix_sums(&r[..len]);
        let ln_c0 =
            lf[a as usize] + lf[b as usize] - node.iter().map(|&v| lf[v as usize]).sum::<f64>();
        let top = pv[pv.len() - 1].0;
        let lowest = pv[0].0;
        // past + g ≤ threshold ⟺ product ≤ e^(threshold − past − ln_c0).
        TwoColumns {
            len,
            node: r,
            suffix,
            a,
            ln_c0,
            threshold,
            pv,
            prefix,
            top,
            pascal: &net.pascal,
            all_below: (threshold - top - ln_c0).exp(),
            none_above: (threshold - lowest - ln_c0).exp(),
            sum_all: 0.0,
            sum_part: 0.0,
        }
    }

    fn run(&mut self, scratch: &mut Scratch) {
        scratch.limits.clear();
        scratch.limits.extend(
            self.pv
                .iter()
                .map(|&(past, _)| (self.threshold - past - self.ln_c0).exp()),
        );
        self.descend(scratch, 0, self.a, 1.0);
    }

    fn descend(&mut self, scratch: &Scratch, i: usize, rest: u32, partial: f64) {
        if i + 1 == self.len {
            // The last row takes what is left (≤ r_i by the ranges above).
            let row = self.pascal.row(self.node[i]);
            self.leaf(partial * row[rest as usize], &scratch.limits);
            return;
        }
        if i + 2 == self.len {
            self.last_two(&scratch.limits, i, rest, partial);
            return;
        }
        let row = self.pascal.row(self.node[i]);
        let after = self.suffix[i + 1];
        let lo = rest.saturating_sub(after);
        let hi = rest.min(self.node[i]);
        // Σ over the sub-tree below of Π C(r_j, x_j) = C(Σ_{j>i} r_j, left).
        let vandermonde = self.pascal.row(after);
        let next_last = i + 3 == self.len;
        for x in lo..=hi {
            let q = partial * row[x as usize];
            if q > self.none_above {
                continue;
            }
            let left = rest - x;
            let subtree = q * vandermonde[left as usize];
            if subtree <= self.all_below {
                self.sum_all += subtree;
                continue;
            }
            if next_last {
                self.last_two(&scratch.limits, i + 1, left, q);
            } else {
                self.descend(scratch, i + 1, left, q);
            }
        }
    }

    /// `descend` for the last two rows (i = len − 2): each x of row i is
    /// one completion, of product `subtree`, settled in the loop. Inlined
    /// into the loop of the row before: these loops are short (row i is the
    /// smallest: about 5 values of x on 表3, in 26 thousand loops), and a
    /// call for each cost about as much as its loop (表3 0.95–0.96 inlined).
    #[inline(always)]
    fn last_two(&mut self, limits: &[f64], i: usize, rest: u32, partial: f64) {
        let row = self.pascal.row(self.node[i]);
        let after = self.suffix[i + 1];
        let lo = rest.saturating_sub(after);
        let hi = rest.min(self.node[i]);
        let vandermonde = self.pascal.row(after);
        for x in lo..=hi {
            let q = partial * row[x as usize];
            if q > self.none_above {
                continue;
            }
            let subtree = q * vandermonde[(rest - x) as usize];
            if subtree <= self.all_below {
                self.sum_all += subtree;
            } else if subtree <= self.none_above {
                self.straddle(subtree, limits);
            }
        }
    }

    /// A completion of product between `all_below` and `none_above`: some
    /// pasts count with it, those whose limit is at least the product.
    fn straddle(&mut self, product: f64, limits: &[f64]) {
        // Limits decrease. A node's pasts are usually few (about a dozen
        // on 表3), where counting without branches beats a binary search
        // whose every step is a coin toss for the branch predictor.
        let i_all = if limits.len() <= 16 {
            limits.iter().map(|&l| usize::from(product <= l)).sum()
        } else {
            limits.partition_point(|&l| product <= l)
        };
        self.sum_part += self.prefix[i_all] * product;
    }

    fn leaf(&mut self, product: f64, limits: &[f64]) {
        if product <= self.all_below {
            self.sum_all += product;
        } else if product <= self.none_above {
            self.straddle(product, limits);
        }
    }

    /// Adds the node's share of p: e^(top + ln_c0) · (all paths · Σ_all +
    /// Σ_part), taken through logarithms so that neither factor overflows.
    fn add_to(&self, p: &mut Sum) {
        let all_paths = self.prefix[self.pv.len()];
        let base = self.top + self.ln_c0;
        for part in [all_paths * self.sum_all, self.sum_part] {
            if part > 0.0 {
                p.add((base + part.ln()).exp());
            }
        }
    }
}

/// A node and a list of pasts (past, number of paths) sent to it.
type Bucket = (Key, Vec<(f64, f64)>);

/// Units of parallel work per stage: a fixed number, so that the split (and
/// so the rounding of the sum) does not depend on the number of threads.
/// Enough for the two threads to finish a stage together — nodes differ in
/// their work, and 表3's and the 4×4 tables' stages have only 69–330 — and
/// few enough that each still holds many nodes: a chunk ends with a flush
/// of its ladder settlements (`Worker::flush`) and starts new lists. (8 →
/// 32: the exact test's first run in a fresh process on the 4×4 n = 200
/// association table 0.92, warm 0.95–0.99, 表3 0.95–0.99, the 5×5 n = 100
/// tail table 0.99–1.01; 64 no better than 32.)
const CHUNKS: usize = 32;

impl Worker<'_, '_, '_> {
    /// Sends the pasts waiting at one node (its lists, all with its key)
    /// along every edge of its stage: pasts whose every completion counts
    /// are added to `p`, pasts none of whose completions count are dropped,
    /// the rest go on to the children's buckets (or their ladders).
    fn process_node(
        &mut self,
        stage: usize,
        lists: &[Bucket],
        threshold: f64,
        p: &mut Sum,
    ) -> Result<(), ExactStopped> {
        self.check()?;
        let key = lists[0].0;
        // Sort the pasts (by paths too: the order, and with it every sum,
        // is then the same whatever order they arrived in); merge equal ones;
        // prefix sums of paths·exp(past − top). The lists are the worker's,
        // reused from node to node.
        // With three columns left they stay, node after node, until the
        // batch's settlements on ladders are made (`flush`).
        let batching = stage + 3 == self.net.cols.len();
        if !batching {
            self.buf.clear_held();
        }
        let (mut pv, mut weights, mut prefix) = std::mem::take(&mut self.buf.lists);
        let mut index_lists = std::mem::take(&mut self.buf.index_lists);
        let (at, prefix_at) = (pv.len(), prefix.len());
        for (_, pasts) in lists {
            pv.extend_from_slice(pasts);
        }
        let mine = &mut pv[at..];
        let keys = &mut self.buf.scratch.keys;
        keys.clear();
        keys.extend(mine.iter().map(|&v| past_key(v)));
        keys.sort_unstable();
        for (v, &key) in mine.iter_mut().zip(keys.iter()) {
            *v = from_past_key(key);
        }
        let mut kept = 0;
        for k in 0..mine.len() {
            if kept > 0 && mine[k].0 - mine[kept - 1].0 <= PAST_QUANTUM {
                mine[kept - 1].1 += mine[k].1;
            } else {
                mine[kept] = mine[k];
                kept += 1;
            }
        }
        pv.truncate(at + kept);
        let top = pv.last().map_or(0.0, |v| v.0);
        weights.extend(
            pv[at..]
                .iter()
                .map(|&(past, paths)| paths * (past - top).exp()),
        );
        prefix.push(0.0);
        let mut acc = 0.0;
        for &weight in &weights[at..] {
            acc += weight;
            prefix.push(acc);
        }
        // (Nodes with two columns left settle without searching.)
        let index = (kept >= INDEX_MIN_PASTS && stage + 3 <= self.net.cols.len())
            .then(|| index_lists.add(&pv[at..]));
        // (A node's pasts are indexed by u32 in `Waiting`.)
        let in_batch = (batching && u32::try_from(kept).is_ok()).then(|| {
            self.buf.batch.push(BatchNode {
                at,
                prefix_at,
                len: kept,
                top,
                index,
            });
            (self.buf.batch.len() - 1) as u32
        });
        let done = self.settle_node(
            stage,
            key,
            PastList {
                pv: &pv[at..],
                weights: &weights[at..],
                prefix: &prefix[prefix_at..],
                top,
                index: index.map(|at| index_lists.view(at)),
            },
            in_batch,
            threshold,
            p,
        );
        self.buf.lists = (pv, weights, prefix);
        self.buf.index_lists = index_lists;
        done?;
        let tuning = self.net.tuning;
        if batching
            && (self.buf.lists.0.len() >= tuning.batch_pasts
                || self.memo.waiting.len() >= tuning.batch_waiting)
        {
            self.flush(threshold, p)?;
        }
        Ok(())
    }

    /// Makes the settlements waiting in the batch, ladder by ladder: each
    /// ladder is then read from the cache for all its edges from the
    /// batch's nodes, and the nodes' pasts, read in order, come from
    /// memory the prefetcher keeps ahead. (Settled edge by edge, node after
    /// node, every edge read a different ladder, most of it missing the
    /// level-2 cache: the 5×5 n = 100 strong table's ~800 ladders per
    /// thread hold 7 KB each that the look-ups touch.)
    fn flush(&mut self, threshold: f64, p: &mut Sum) -> Result<(), ExactStopped> {
        let (pv, weights, prefix) = &self.buf.lists;
        let index_lists = &self.buf.index_lists;
        let memo = &mut *self.memo;
        memo.group_waiting();
        for wait in &memo.grouped {
            let ladder = &memo.arena[wait.ladder as usize];
            let node = self.buf.batch[wait.node as usize];
            let pasts = PastList {
                pv: &pv[node.at..node.at + node.len],
                weights: &weights[node.at..node.at + node.len],
                prefix: &prefix[node.prefix_at..node.prefix_at + node.len + 1],
                top: node.top,
                index: node.index.map(|at| index_lists.view(at)),
            };
            let range = wait.lo as usize..wait.hi as usize;
            settle_on_ladder(ladder, pasts, threshold, wait.w, wait.times, range, p);
        }
        self.buf.clear_held();
        self.check()
    }

    /// `process_node` for the merged pasts `pv` of node `key`.
    #[allow(clippy::too_many_arguments)]
    fn settle_node(
        &mut self,
        stage: usize,
        key: Key,
        pasts: PastList,
        in_batch: Option<u32>,
        threshold: f64,
        p: &mut Sum,
    ) -> Result<(), ExactStopped> {
        let net = self.net;
        let stages = net.cols.len();
        let len = net.len;
        let PastList {
            pv, prefix, top, ..
        } = pasts;
        let c = net.cols[stage];
        let lf_c = net.lf[c as usize];
        let mut r = [0u32; MAX_NODE_LEN];
        unpack(key, len, &mut r);
        let node = &r[..len];
        if stage + 2 == stages {
            let b = net.cols[stage + 1];
            if node.iter().sum::<u32>() <= TWO_COLUMN_PRODUCT_LIMIT {
                let mut settle = TwoColumns::new(net, node, c, b, pv, prefix, threshold);
                settle.run(&mut self.buf.scratch);
                settle.add_to(p);
                return Ok(());
            }
            // Two columns left on a large node: every completion is settled
            // here, its weight computed inline on the log scale.
            let (lf_a, lf_b) = (lf_c, net.lf[b as usize]);
            let (lowest, highest) = (pv[0].0, top);
            let all_paths = prefix[pv.len()];
            for_each_composition(node, c, |x| {
                let mut g = lf_a + lf_b;
                for i in 0..len {
                    g -= net.lf[x[i] as usize] + net.lf[(node[i] - x[i]) as usize];
                }
                let cut = threshold - g;
                // Most completions settle every past at once.
                if highest <= cut {
                    p.add(all_paths * (top + g).exp());
                } else if lowest <= cut {
                    let i_all = pv.partition_point(|v| v.0 <= cut);
                    p.add(prefix[i_all] * (top + g).exp());
                }
            });
            return Ok(());
        }
        let view = NodeView {
            stage,
            node,
            c,
            pasts,
            threshold,
            blocks: Blocks::of(node),
            in_batch,
        };
        // Bounding sub-trees pays when the column has many compositions;
        // a small column's few edges are cheaper to walk one by one.
        if (3..=MAX_SUBTREE_COLUMNS).contains(&(stages - stage))
            && len >= 3
            && c >= SUBTREE_MIN_COLUMN
        {
            let partial = PartialColumn::new(net, view);
            let mut x = [0u32; MAX_NODE_LEN];
            self.partial_descend(&partial, 0, c, &mut x, 0.0, 0.0, 0, pv.len(), p)?;
            return Ok(());
        }
        let mut stopped = None;
        let symmetry = net.tuning.symmetry;
        let blocks = view.blocks;
        for_each_composition(node, c, |x| {
            if stopped.is_some() || (symmetry && !canonical(node, x)) {
                return;
            }
            let times = if symmetry { blocks.orderings(x) } else { 1.0 };
            if let Err(e) = self.edge(&view, x, times, 0..view.pasts.pv.len(), p) {
                stopped = Some(e);
            }
        });
        match stopped {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Sends the pasts `open` of a node along its edge x (standing for
    /// `times` edges: `Blocks::orderings`): those whose every completion counts are
    /// added to `p`, those none of whose completions count are dropped, the
    /// rest go on to the child's bucket.
    fn edge(
        &mut self,
        view: &NodeView,
        x: &[u32],
        times: f64,
        open: std::ops::Range<usize>,
        p: &mut Sum,
    ) -> Result<(), ExactStopped> {
        let child = self.child(view, x);
        self.settle_edge(view, child, times, open, p)
    }

    /// The child of a node along its edge x: the edge's log-weight, the
    /// child's key and its bounds.
    fn child(&mut self, view: &NodeView, x: &[u32]) -> Child {
        let net = self.net;
        let len = view.node.len();
        let mut w = net.lf[view.c as usize];
        let mut child = [0u32; MAX_NODE_LEN];
        for i in 0..len {
            w -= net.lf[x[i] as usize];
            child[i] = view.node[i] - x[i];
        }
        sort_desc(&mut child[..len]);
        let key = pack(&child[..len]);
        let (bounds, bucket) = self.bounds(view.stage + 1, key);
        Child {
            w,
            key,
            bounds,
            bucket,
        }
    }

    /// `edge` once the child is known.
    fn settle_edge(
        &mut self,
        view: &NodeView,
        child: Child,
        times: f64,
        open: std::ops::Range<usize>,
        p: &mut Sum,
    ) -> Result<(), ExactStopped> {
        let net = self.net;
        let Child {
            w,
            key: ck,
            bounds: b,
            bucket,
        } = child;
        let (lo, hi) = (open.start, open.end);
        // Pasts ≤ threshold − w − longest: every completion counts;
        // pasts > threshold − w − shortest: none does.
        let i_all = view
            .pasts
            .end_at_most(view.threshold - w - b.longest, lo, hi);
        let i_none = view
            .pasts
            .end_at_most(view.threshold - w - b.shortest, lo, hi);
        if i_all > lo {
            let mass = view.pasts.prefix[i_all] - view.pasts.prefix[lo];
            p.add(times * mass * (view.pasts.top + w + b.log_total).exp());
        }
        if i_all < i_none {
            let stage = view.stage;
            if stage + 3 == net.cols.len()
                && i_none - i_all >= net.tuning.ladder_min_pasts
                && let Some(id) = self.ladder(stage + 1, ck)
            {
                let memo = &mut *self.memo;
                match view.in_batch {
                    Some(node) => memo.wait(Waiting {
                        ladder: id,
                        node,
                        lo: i_all as u32,
                        hi: i_none as u32,
                        w,
                        times,
                    }),
                    None => {
                        let ladder = &memo.arena[id as usize];
                        let (pasts, open) = (view.pasts, i_all..i_none);
                        settle_on_ladder(ladder, pasts, view.threshold, w, times, open, p);
                    }
                }
                return self.check();
            }
            self.sent += i_none - i_all;
            self.memo.buckets[bucket as usize].1.extend(
                view.pasts.pv[i_all..i_none]
                    .iter()
                    .map(|&(past, paths)| (past + w, times * paths)),
            );
        }
        self.check()
    }
}

/// An edge's log-weight, its child's key, the child's bounds and its
/// bucket (`Memo::buckets`).
#[derive(Clone, Copy)]
struct Child {
    w: f64,
    key: Key,
    bounds: Bounds,
    bucket: u32,
}

/// Adds the share of p of the pasts `open` of a node (each with some but
/// not all of its completions counting) along an edge of weight w to a
/// two-column child, from the child's ladder; see `Ladder`.
fn settle_on_ladder(
    ladder: &Ladder,
    list: PastList,
    threshold: f64,
    w: f64,
    times: f64,
    open: std::ops::Range<usize>,
    p: &mut Sum,
) {
    let cut = threshold - w;
    let (lo, hi) = (open.start, open.end);
    let pasts = &list.pv[lo..hi];
    // Completions counted with the lowest past: the only ones that count at all.
    let lowest = cut - pasts[0].0;
    if ladder.cumulative.is_empty() {
        // Weights too far apart for the linear scale: one exp per term.
        let relevant = ladder.g.partition_point(|&g| g <= lowest);
        for &(past, paths) in pasts {
            let j = ladder.g[..relevant].partition_point(|&g| g <= cut - past);
            if j > 0 {
                p.add(times * paths * (past + w + ladder.log_cumulative[j - 1]).exp());
            }
        }
        return;
    }
    // Going through the relevant completions pays when there are few of
    // them: relevant · log₂P < relevant + P, i.e. relevant ≤ P / (log₂P − 1)
    // (any number when P ≤ 2). Most edges far in the tail have more, which
    // one comparison at that bound tells without searching for how many.
    // (Measured against the look-ups: counting them as costing the pasts
    // plus the relevant steps, as the merge they replaced did, or the
    // pasts alone, made no difference.)
    // (log₂P rounded down: a float log₂ per edge was 1 % of the time.)
    let bound = match pasts.len().ilog2() {
        0 | 1 => usize::MAX,
        log => pasts.len() / (log as usize - 1),
    };
    let few = ladder.g.get(bound).is_none_or(|&g| g > lowest);
    let log_total = ladder.log_cumulative[ladder.log_cumulative.len() - 1];
    let mut sum = 0.0;
    if few {
        // Few completions count: completion j with the pasts ≤ cut − g_j.
        let relevant = ladder.g[..bound.min(ladder.g.len())].partition_point(|&g| g <= lowest);
        for j in 0..relevant {
            let k = list.end_at_most(cut - ladder.g[j], lo, hi);
            sum += ladder.weight[j] * (list.prefix[k] - list.prefix[lo]);
        }
    } else {
        // Each past's count of completions by one look-up in the ladder's
        // intervals. (A merge of the two sorted lists walked the ladder's
        // steps too, ~360 of them against ~180 pasts far in the tail, with
        // a mispredicted branch at most steps: twice as slow on the 5×5
        // n = 100 strong table.)
        sum = ladder.weigh(cut, pasts, &list.weights[lo..hi]);
    }
    if sum > 0.0 {
        p.add(times * sum * (list.top + w + log_total).exp());
    }
}

/// A node being processed: its stage, totals, column and merged pasts.
#[derive(Clone, Copy)]
struct NodeView<'v> {
    stage: usize,
    node: &'v [u32],
    c: u32,
    pasts: PastList<'v>,
    threshold: f64,
    blocks: Blocks,
    /// The node's index in the worker's batch, when its lists are held
    /// there (with three columns left) for settlements put off.
    in_batch: Option<u32>,
}

/// A node's merged pasts (past, paths) sorted increasing, paths·e^(past −
/// top) of each (`weights`), and the prefix sums of those (`prefix`).
#[derive(Clone, Copy)]
struct PastList<'v> {
    pv: &'v [(f64, f64)],
    weights: &'v [f64],
    prefix: &'v [f64],
    top: f64,
    /// For a node with `INDEX_MIN_PASTS` or more, the pasts cut into
    /// intervals.
    index: Option<PastIndex<'v>>,
}

impl PastList<'_> {
    /// The number of pasts ≤ t among the first `hi`, at least `lo`: the
    /// end of those ≤ t in the range lo..hi of the sorted pasts. One
    /// look-up in the intervals, else a binary search.
    #[inline(always)]
    fn end_at_most(&self, t: f64, lo: usize, hi: usize) -> usize {
        match self.index {
            Some(index) => index.count_at_most(t).clamp(lo, hi),
            None => lo + self.pv[lo..hi].partition_point(|v| v.0 <= t),
        }
    }
}

/// A node's pasts (padded with +∞) cut into equal intervals, so that the
/// number of pasts at or below any t is one look-up, as for a ladder's
/// steps: the binary searches that found each edge's and each sub-tree's
/// undecided pasts were 6 % of the 5×5 n = 100 tail table's time.
#[derive(Clone, Copy)]
struct PastIndex<'v> {
    keys: &'v [f64],
    start: &'v [u32],
    intervals: Intervals,
}

impl PastIndex<'_> {
    #[inline(always)]
    fn count_at_most(&self, t: f64) -> usize {
        self.intervals.count_at_most(self.keys, self.start, t)
    }
}

/// The pasts of the nodes held (a batch's, or the node at hand's), each
/// node's padded with +∞, and the starts of their intervals.
#[derive(Default)]
struct IndexLists {
    keys: Vec<f64>,
    starts: Vec<u32>,
}

/// Where a node's `PastIndex` lies in `IndexLists`, and its intervals.
#[derive(Clone, Copy)]
struct IndexAt {
    keys: usize,
    start: usize,
    intervals: Intervals,
}

impl IndexLists {
    fn clear(&mut self) {
        self.keys.clear();
        self.starts.clear();
    }

    /// Cuts a node's sorted pasts (at least one) into intervals, after
    /// those held.
    fn add(&mut self, pasts: &[(f64, f64)]) -> IndexAt {
        let (keys, start) = (self.keys.len(), self.starts.len());
        self.keys.extend(pasts.iter().map(|v| v.0));
        let intervals = Intervals::cut(&mut self.keys, keys, &mut self.starts);
        IndexAt {
            keys,
            start,
            intervals,
        }
    }

    fn view(&self, at: IndexAt) -> PastIndex<'_> {
        PastIndex {
            keys: &self.keys[at.keys..],
            start: &self.starts[at.start..],
            intervals: at.intervals,
        }
    }
}

/// Nodes with fewer pasts than this are searched without an index.
const INDEX_MIN_PASTS: usize = 16;

/// Σ_{k ≥ i} r_k for i = 0..=len.
fn suffix_sums(node: &[u32]) -> [u32; MAX_NODE_LEN + 1] {
    let mut suffix = [0u32; MAX_NODE_LEN + 1];
    for i in (0..node.len()).rev() {
        suffix[i] = suffix[i + 1] + node[i];
    }
    suffix
}

/// Columns smaller than this are walked edge by edge (measured on 表3,
/// whose column of 3 came out 30 % slower with sub-tree bounds).
const SUBTREE_MIN_COLUMN: u32 = 8;

/// Most columns left (this one included) for which a node's edges are
/// enumerated with sub-tree bounds (`PartialColumn`); beyond, edge by edge.
const MAX_SUBTREE_COLUMNS: usize = 8;

/// A node with three or more columns left (this one of size c, then the
/// others), its pasts and the constants of its edges.
///
/// Its edges (the compositions x of c) are enumerated row by row. With the
/// first rows' x fixed, the tables below form a sub-tree; bounds on the most
/// and least probable of them (`Network::partial_bounds`) settle whole
/// ranges of pasts for the sub-tree at once: pasts for which every table
/// counts are added in closed form (Σ over the sub-tree of Π_j C(r_j, x_j)
/// is C(Σ_{free rows} r_j, rest) by Vandermonde), pasts for which none does
/// are dropped, and only the others go on down. The edges that are reached
/// are handled as in any stage, for the pasts still open.
struct PartialColumn<'v> {
    view: NodeView<'v>,
    len: usize,
    /// The sizes of the columns after this one.
    after: &'v [u32],
    /// The same, in decreasing order (`after.len()` of them).
    after_sorted: [u32; MAX_SUBTREE_COLUMNS],
    /// Σ_{k ≥ i} r_k.
    suffix: [u32; MAX_NODE_LEN + 1],
    /// log C! + log(M − C)! − Σ log r_i!: an edge's all-count weight is
    /// e^(top + ln_k) · Π C(r_i, x_i) times its prefix of pasts.
    ln_k: f64,
    /// Σ log c_k! over this column and the ones after.
    lf_cols: f64,
}

impl<'v> PartialColumn<'v> {
    /// The values row i (not the last) may take in this column with `rest`
    /// of it left for rows i..: enough to leave the rows after it no more
    /// than their totals, and, in a block of equal totals with symmetry,
    /// no more than row i − 1's (canonical edges do not increase there).
    fn entry_range(&self, i: usize, rest: u32, x: &[u32], symmetry: bool) -> (u32, u32) {
        let node = self.view.node;
        let lo_x = rest.saturating_sub(self.suffix[i + 1]);
        let mut hi_x = rest.min(node[i]);
        if symmetry && i > 0 && node[i] == node[i - 1] {
            hi_x = hi_x.min(x[i - 1]);
        }
        (lo_x, hi_x)
    }

    fn new(net: &'v Network, view: NodeView<'v>) -> Self {
        let lf = &net.lf;
        let node = view.node;
        let c = view.c;
        let after = &net.cols[view.stage + 1..];
        let suffix = suffix_sums(node);
        let total = suffix[0];
        let mut after_sorted = [0u32; MAX_SUBTREE_COLUMNS];
        after_sorted[..after.len()].copy_from_slice(after);
        sort_desc(&mut after_sorted[..after.len()]);
        PartialColumn {
            view,
            len: node.len(),
            after,
            after_sorted,
            suffix,
            ln_k: lf[c as usize] + lf[(total - c) as usize]
                - node.iter().map(|&v| lf[v as usize]).sum::<f64>(),
            lf_cols: net.rest_lf[view.stage],
        }
    }
}

impl Network<'_> {
    fn ln_choose(&self, n: u32, k: u32) -> f64 {
        self.lf[n as usize] - self.lf[k as usize] - self.lf[(n - k) as usize]
    }

    /// A lower bound on the minimum of Σ log n! over the tables below a
    /// partial column: rows j < i have x_j fixed in the current column and
    /// fill only the columns after it with r_j − x_j; rows j ≥ i fill all of
    /// them (`rest` of the current column, then the others). As
    /// `min_sum_lf_lower_bound` for whole tables — the Lagrangian bound
    /// holds for any multipliers, so the cells the fixed rows cannot use are
    /// simply left out.
    fn partial_min_lower_bound(&self, t: &PartialColumn, x: &[u32], i: usize, rest: u32) -> f64 {
        let lf = &self.lf;
        let n_cols = 1 + t.after.len();
        let mut cols = [0u32; MAX_SUBTREE_COLUMNS];
        cols[0] = rest;
        cols[1..n_cols].copy_from_slice(t.after);
        let cols = &cols[..n_cols];
        let node = t.view.node;
        let row_total = |j: usize| if j < i { node[j] - x[j] } else { node[j] };
        let allowed = |j: usize, k: usize| !(j < i && k == 0);
        // Lower bound on the minimum. Multipliers u_j + v_k = log m_jk,
        // where m is a table of rank one (m_jk = e^u_j e^v_k) fitted to the
        // margins over the allowed cells by a sweep of iterative
        // proportional fitting — the stationary point of the continuous
        // relaxation (log x! ≈ x log x − x) is such a fit, so the bound is
        // close to the true minimum. (The expected counts r_j c_k / M are
        // that fit only when every cell is allowed; for partial columns they
        // left 3.5 times as many edges to visit on the 4×4 n = 200 table; a
        // second sweep saved 4 % more edges and cost more than it saved.)
        // One sweep from v = 0 in closed form: e^u_j = r_j / (number of
        // columns row j may use), e^v_k = c_k / Σ_{j may use k} e^u_j. Any
        // multipliers give a valid bound, so this changes speed, never p.
        let n_rows = t.len;
        let ln = &self.ln;
        let mut eu = [0f64; MAX_NODE_LEN];
        let mut u = [0f64; MAX_NODE_LEN];
        // Σ_{j may use k} e^u_j: over the free rows for the current column,
        // over every row for the columns after it (two logs, not one per
        // column).
        let (mut z_free, mut z_all) = (0f64, 0f64);
        let nonzero_after = t.after.iter().filter(|&&c| c > 0).count();
        for j in 0..n_rows {
            let rt = row_total(j);
            if rt == 0 {
                continue;
            }
            let usable = nonzero_after + usize::from(j >= i && rest > 0);
            eu[j] = rt as f64 / usable as f64;
            u[j] = ln[rt as usize] - ln[usable];
            z_all += eu[j];
            if j >= i {
                z_free += eu[j];
            }
        }
        let ln_z_all = z_all.ln();
        let mut ev = [0f64; MAX_SUBTREE_COLUMNS];
        let mut v = [0f64; MAX_SUBTREE_COLUMNS];
        let mut low = 0.0;
        for (k, &ct) in cols.iter().enumerate() {
            if ct > 0 {
                let (z, ln_z) = if k == 0 {
                    (z_free, z_free.ln())
                } else {
                    (z_all, ln_z_all)
                };
                ev[k] = ct as f64 / z;
                v[k] = ln[ct as usize] - ln_z;
                low += v[k] * ct as f64;
            }
        }
        for j in 0..n_rows {
            let rt = row_total(j);
            if rt == 0 {
                continue;
            }
            low += u[j] * rt as f64;
            for (k, &ct) in cols.iter().enumerate() {
                if ct == 0 || !allowed(j, k) {
                    continue;
                }
                // The inner minimum of log x! − a x is at x = ⌊e^a⌋ (the
                // product is ≥ 0, so the cast truncates to the floor).
                let a = u[j] + v[k];
                let n = ((eu[j] * ev[k]) as u32).min(rt.min(ct));
                low += lf[n as usize] - a * n as f64;
            }
        }
        low
    }

    /// An upper bound on the maximum of Σ log n! over the tables below a
    /// partial column (as for `partial_min_lower_bound`), as
    /// `max_sum_lf_upper_bound` for whole tables: each column (then each
    /// row) poured into the largest capacities it may use.
    fn partial_max_upper_bound(&self, t: &PartialColumn, x: &[u32], i: usize, rest: u32) -> f64 {
        let n_cols = 1 + t.after.len();
        let n_rows = t.len;
        let node = t.view.node;
        let row_total = |j: usize| if j < i { node[j] - x[j] } else { node[j] };
        // The current column may use
        // the free rows, already in decreasing order (the node is sorted);
        // the columns after it may use every row, so their capacities are
        // sorted once; each row may use the columns after, sorted once per
        // node, and the free rows the current column too.
        let mut caps = [0u32; MAX_NODE_LEN];
        for (j, cap) in caps.iter_mut().enumerate().take(n_rows) {
            *cap = row_total(j);
        }
        sort_desc(&mut caps[..n_rows]);
        let mut by_cols = self.poured(rest, &node[i..n_rows]);
        for &ct in t.after {
            by_cols += self.poured(ct, &caps[..n_rows]);
        }
        let after = &t.after_sorted[..t.after.len()];
        let mut with_rest = [0u32; MAX_SUBTREE_COLUMNS];
        let at = after.partition_point(|&c| c > rest);
        with_rest[..at].copy_from_slice(&after[..at]);
        with_rest[at] = rest;
        with_rest[at + 1..n_cols].copy_from_slice(&after[at..]);
        let mut by_rows = 0.0;
        for j in 0..n_rows {
            let caps = if j < i { after } else { &with_rest[..n_cols] };
            by_rows += self.poured(row_total(j), caps);
        }
        by_cols.min(by_rows)
    }
}

/// A node's rows as `canonical_share` needs them.
struct BlockRows<'a> {
    lf: &'a [f64],
    node: &'a [u32],
    /// Σ_{k ≥ i} r_k for i = 0..=len.
    suffix: &'a [u32],
    blocks: &'a Blocks,
}

impl BlockRows<'_> {
    /// The rows (start, end) of the run of equal totals that holds row i.
    fn block_around(&self, i: usize) -> (usize, usize) {
        let node = self.node;
        let mut start = i;
        while start > 0 && node[start - 1] == node[i] {
            start -= 1;
        }
        let mut end = i + 1;
        while end < node.len() && node[end] == node[i] {
            end += 1;
        }
        (start, end)
    }

    fn ln_choose(&self, n: u32, k: u32) -> f64 {
        self.lf[n as usize] - self.lf[k as usize] - self.lf[(n - k) as usize]
    }

    /// Σ over the canonical completions of `x[..i]`, row i inside a block
    /// of equal totals (rows i.. share `rest`, entries not increasing within
    /// a block), of orderings(x) · Π_{j ≥ i} C(r_j, x_j), divided by
    /// e^`ln_all` = C(Σ_{j ≥ i} r_j, rest), the same sum over all
    /// completions (Vandermonde) — so every term is at most 1 and nothing
    /// overflows.
    ///
    /// Only the rest of row i's block is enumerated. The blocks after it
    /// are free whole, so their canonical completions, each counted with
    /// its orderings, sum to all their completions: C(Σ_{j ≥ e} r_j, what is
    /// left of `rest`), Vandermonde again, e the block's end. (Enumerating
    /// every row to the end took a fifth of the 4×4 n = 200 table's time.)
    fn canonical_share(
        &self,
        x: &mut [u32; MAX_NODE_LEN],
        i: usize,
        rest: u32,
        ln_all: f64,
    ) -> f64 {
        let (start, end) = self.block_around(i);
        let mut sum = 0.0;
        self.block_terms(x, (start, end), i, rest, -ln_all, &mut sum);
        self.blocks.orderings(&x[..start]) * sum
    }

    /// The terms of `canonical_share` for the block's rows k.. (`x[start..k]`
    /// fixed), each its block's orderings times the completions after it.
    fn block_terms(
        &self,
        x: &mut [u32; MAX_NODE_LEN],
        (start, end): (usize, usize),
        k: usize,
        rest: u32,
        ln_term: f64,
        sum: &mut f64,
    ) {
        let r = self.node[k];
        let lo_x = rest.saturating_sub(self.suffix[k + 1]);
        // k > start: row k − 1 is in the block, and entries do not increase.
        let hi_x = rest.min(r).min(x[k - 1]);
        if k + 1 == end {
            // The block's last row: its terms C(r, v) C(Σ_{j ≥ end} r_j,
            // rest − v) by ratios, with one exp.
            let after = self.suffix[end];
            let ln_at = |v: u32| ln_term + self.ln_choose(r, v) + self.ln_choose(after, rest - v);
            let pair = BinomialPair { r, s: after, rest };
            *sum += sum_log_concave((lo_x, hi_x + 1), ln_at, pair, |v| {
                x[k] = v;
                run_orderings(&x[start..end])
            });
            return;
        }
        for v in lo_x..=hi_x {
            x[k] = v;
            let next = ln_term + self.ln_choose(r, v);
            self.block_terms(x, (start, end), k + 1, rest - v, next, sum);
        }
    }
}

impl Worker<'_, '_, '_> {
    /// Enumerates the node's edges from row `i` on (`x[..i]` fixed, `rest`
    /// of the column left), for the pasts `lo..hi` still open; see `PartialColumn`.
    #[allow(clippy::too_many_arguments)]
    fn partial_descend(
        &mut self,
        t: &PartialColumn,
        i: usize,
        rest: u32,
        x: &mut [u32; MAX_NODE_LEN],
        sum_lf_x: f64,
        ln_binoms: f64,
        mut lo: usize,
        mut hi: usize,
        p: &mut Sum,
    ) -> Result<bool, ExactStopped> {
        let net = self.net;
        let node = t.view.node;
        let symmetry = net.tuning.symmetry;
        // Where a block of equal totals starts (or without symmetry), the
        // sub-tree's canonical completions, each counted with its
        // orderings, sum to all its completions: Vandermonde's closed form.
        // Inside a block they do not (the orderings span the fixed and the
        // free rows), so an all-count sub-tree there is summed completion by
        // completion (`canonical_share`) — still far cheaper than its edges,
        // which would each look up a child and its bounds.
        let block_start = !symmetry || i == 0 || node[i] != node[i - 1];
        if i >= 1 && i + 1 < t.len {
            let longest = t.lf_cols - sum_lf_x - net.partial_min_lower_bound(t, x, i, rest);
            let v = &t.view;
            let new_lo = v.pasts.end_at_most(v.threshold - longest, lo, hi);
            // Which pasts no table counts for needs the other bound; when
            // every open past counts (four sub-trees in five on the 4×4
            // n = 200 table), it is not computed.
            let new_hi = if new_lo == hi {
                hi
            } else {
                let shortest = t.lf_cols - sum_lf_x - net.partial_max_upper_bound(t, x, i, rest);
                v.pasts.end_at_most(v.threshold - shortest, lo, hi)
            };
            if new_lo > lo {
                let mass = v.pasts.prefix[new_lo] - v.pasts.prefix[lo];
                let ln_all = net.ln_choose(t.suffix[i], rest);
                let times = if !symmetry {
                    1.0
                } else if block_start {
                    t.view.blocks.orderings(&x[..i])
                } else {
                    let rows = BlockRows {
                        lf: &net.lf,
                        node,
                        suffix: &t.suffix,
                        blocks: &t.view.blocks,
                    };
                    rows.canonical_share(x, i, rest, ln_all)
                };
                p.add(times * mass * (v.pasts.top + t.ln_k + ln_binoms + ln_all).exp());
            }
            if new_lo >= new_hi {
                return Ok(new_lo == hi);
            }
            (lo, hi) = (new_lo, new_hi);
        }
        let same_block = symmetry && i > 0 && node[i] == node[i - 1];
        if i + 1 == t.len {
            // The last row takes what is left: one edge.
            if same_block && rest > x[i - 1] {
                return Ok(false);
            }
            x[i] = rest;
            let times = if symmetry {
                t.view.blocks.orderings(&x[..t.len])
            } else {
                1.0
            };
            self.edge(&t.view, &x[..t.len], times, lo..hi, p)?;
            return Ok(false);
        }
        if i + 2 == t.len && t.view.stage + 3 == net.cols.len() && net.tuning.lines {
            self.line(t, i, rest, x, ln_binoms, lo, hi, p)?;
            return Ok(false);
        }
        if i >= 1 && i + 3 == t.len && t.view.stage + 3 == net.cols.len() && net.tuning.lines {
            self.fan(t, i, rest, x, sum_lf_x, ln_binoms, lo, hi, p)?;
            return Ok(false);
        }
        let (lo_x, hi_x) = t.entry_range(i, rest, x, symmetry);
        for v in lo_x..=hi_x {
            x[i] = v;
            self.partial_descend(
                t,
                i + 1,
                rest - v,
                x,
                sum_lf_x + net.lf[v as usize],
                ln_binoms + net.ln_choose(t.view.node[i], v),
                lo,
                hi,
                p,
            )?;
        }
        Ok(false)
    }
}

/// The proportional split of `rest` between totals a and b: where the
/// most probable tables lie, a good start for a climb. (Both may be 0, with
/// rest = 0.)
fn split(rest: u32, a: u32, b: u32) -> u32 {
    (u64::from(rest) * u64::from(a) / u64::from(a + b).max(1)) as u32
}

impl Worker<'_, '_, '_> {
    /// The canonical edges of the line x_i = v, x_{i+1} = rest − v (within
    /// a block of equal totals entries do not increase), as the range of v;
    /// None when there is none. With `after_fixed` false, x_i may exceed
    /// x_{i−1} in a block (the two rows' order within the line is still
    /// canonical: that half holds the line's maximum).
    fn line_range(
        &self,
        view: &NodeView,
        i: usize,
        rest: u32,
        x: &[u32; MAX_NODE_LEN],
        after_fixed: bool,
    ) -> Option<(u32, u32)> {
        let node = view.node;
        let symmetry = self.net.tuning.symmetry;
        let mut v_lo = rest.saturating_sub(node[i + 1]);
        let mut v_hi = rest.min(node[i]);
        if after_fixed && symmetry && node[i] == node[i - 1] {
            v_hi = v_hi.min(x[i - 1]);
        }
        if symmetry && node[i + 1] == node[i] {
            v_lo = v_lo.max(rest.div_ceil(2));
        }
        (v_lo <= v_hi).then_some((v_lo, v_hi))
    }

    /// The largest h(v) = w(v) + longest(child(v)) along the line below
    /// `x[..i]` (see `line`), over all its edges, canonical or not: the
    /// log-weight of the most probable table through it, exact since the
    /// children have two columns left.
    fn line_max(
        &mut self,
        view: &NodeView,
        i: usize,
        rest: u32,
        x: &mut [u32; MAX_NODE_LEN],
    ) -> f64 {
        let Some((v_lo, v_hi)) = self.line_range(view, i, rest, x, false) else {
            return f64::NEG_INFINITY;
        };
        let len = view.node.len();
        let start = split(rest, view.node[i], view.node[i + 1]);
        climb(v_lo, v_hi, start, |v| {
            x[i] = v;
            x[i + 1] = rest - v;
            let c = self.child(view, &x[..len]);
            c.w + c.bounds.longest
        })
        .1
    }

    /// The lines of a node three columns from the end whose first rows are
    /// fixed but for the last three (`x[..i]`, i = len − 3): one line for
    /// each x_i = v, the rows after it sharing rest − v.
    ///
    /// H(v), the log-weight of the most probable table below x_i = v, is
    /// concave in v, for the reason h is along a line (`line`): a partial
    /// maximum of an M♮-concave function is M♮-concave (Murota 2003). So
    /// the v whose sub-tree holds a table that some open past does not count
    /// with, H(v) > T − (the largest open past), form an interval J around
    /// H's maximum. renkei climbs to the maximum (each H by a climb along
    /// its line), and when it lies in J walks out from it, each v as any
    /// sub-tree (bounds, then its line); once a v's sub-tree bound says
    /// every open past counts, that v is outside J, hence so is every v
    /// beyond it, and those are summed in closed form with no bound of
    /// their own (on the 4×4 n = 200 table four sub-trees in five were
    /// such). H is the maximum over every table below v, canonical or not:
    /// that is the partial maximum the argument covers (when row i + 1
    /// continues row i's block, the canonical tables below v are cut by
    /// x_{i+1} ≤ v, a constraint it does not cover); a sub-tree all of whose
    /// tables count has all its canonical ones count.
    #[allow(clippy::too_many_arguments)]
    fn fan(
        &mut self,
        t: &PartialColumn,
        i: usize,
        rest: u32,
        x: &mut [u32; MAX_NODE_LEN],
        sum_lf_x: f64,
        ln_binoms: f64,
        lo: usize,
        hi: usize,
        p: &mut Sum,
    ) -> Result<(), ExactStopped> {
        let net = self.net;
        let view = &t.view;
        let node = view.node;
        let symmetry = net.tuning.symmetry;
        let (lo_x, hi_x) = t.entry_range(i, rest, x, symmetry);
        if lo_x > hi_x {
            return Ok(());
        }
        let largest = view.pasts.pv[hi - 1].0;
        let start = split(rest, node[i], t.suffix[i + 1]);
        let (top, h_top) = climb(lo_x, hi_x, start, |v| {
            x[i] = v;
            self.line_max(view, i + 1, rest - v, x)
        });
        // x_i = v's sub-tree, as `partial_descend` takes it: true when its
        // bound settled every open past as counting.
        let mut descend = |worker: &mut Self, x: &mut [u32; MAX_NODE_LEN], v: u32| {
            x[i] = v;
            worker.partial_descend(
                t,
                i + 1,
                rest - v,
                x,
                sum_lf_x + net.lf[v as usize],
                ln_binoms + net.ln_choose(node[i], v),
                lo,
                hi,
                p,
            )
        };
        // The v outside J, as ranges: every open past counts in their
        // whole sub-trees.
        let outside = if largest > view.threshold - h_top {
            descend(self, x, top)?;
            // Right of the maximum, up to and including the first v whose
            // bound says every open past counts; then left of it.
            let mut right = top + 1;
            while right <= hi_x {
                let all_count = descend(self, x, right)?;
                right += 1;
                if all_count {
                    break;
                }
            }
            let mut left = top;
            while left > lo_x {
                left -= 1;
                if descend(self, x, left)? {
                    break;
                }
            }
            [(right, hi_x + 1), (lo_x, left)]
        } else {
            // H's maximum is outside J: J is empty.
            [(lo_x, hi_x + 1), (0, 0)]
        };
        // Each v's sub-tree adds times · mass · e^(top + ln_k + ln_binoms +
        // log C(r_i, v) + log C(Σ_{j > i} r_j, rest − v)), as in
        // `partial_descend`: times is the orderings of x[..=i] where row
        // i + 1 starts a block, else the canonical share of the sub-tree's
        // completions; the binomials are log-concave in v.
        let in_block = symmetry && node[i + 1] == node[i];
        let rows = BlockRows {
            lf: &net.lf,
            node,
            suffix: &t.suffix,
            blocks: &view.blocks,
        };
        let after = t.suffix[i + 1];
        let r = node[i];
        let ln_at = |v: u32| {
            view.pasts.top
                + t.ln_k
                + ln_binoms
                + net.ln_choose(r, v)
                + net.ln_choose(after, rest - v)
        };
        let pair = BinomialPair { r, s: after, rest };
        let mut sum = 0.0;
        for range in outside {
            sum += sum_log_concave(range, ln_at, pair, |v| {
                x[i] = v;
                if in_block {
                    rows.canonical_share(x, i + 1, rest - v, net.ln_choose(after, rest - v))
                } else if symmetry {
                    view.blocks.orderings(&x[..=i])
                } else {
                    1.0
                }
            });
        }
        if sum > 0.0 {
            p.add((view.pasts.prefix[hi] - view.pasts.prefix[lo]) * sum);
        }
        self.check()
    }
}

impl Worker<'_, '_, '_> {
    /// The edges of a node three columns from the end whose first rows are
    /// fixed but for the last two (`x[..i]`, i = len − 2): a line, x_i = v
    /// and x_{i+1} = rest − v, whose children have two columns left and so
    /// exact bounds.
    ///
    /// Along the line, h(v) = w(v) + longest(child(v)), the log-weight of
    /// the most probable table through the edge, is concave: longest is the
    /// optimum of a transportation problem with the separable concave
    /// objective −Σ log x!, which is M♮-concave in the child's totals
    /// (Murota, *Discrete Convex Analysis*, 2003, §9.6), hence concave along
    /// e_i − e_{i+1}; w adds −log v! − log(rest − v)!, concave too. So the
    /// edges on which some open past has a completion that does not count,
    /// h(v) > T − (the largest open past), form an interval J around the
    /// maximum of h. Only J's edges are visited; every other edge counts
    /// for all open pasts and is added in closed form, without a child or
    /// its bounds. The maximum is found by climbing from the proportional
    /// split, J by walking out from it until an edge lies outside.
    #[allow(clippy::too_many_arguments)]
    fn line(
        &mut self,
        t: &PartialColumn,
        i: usize,
        rest: u32,
        x: &mut [u32; MAX_NODE_LEN],
        ln_binoms: f64,
        lo: usize,
        hi: usize,
        p: &mut Sum,
    ) -> Result<(), ExactStopped> {
        let net = self.net;
        let view = &t.view;
        let (node, len) = (view.node, t.len);
        let symmetry = net.tuning.symmetry;
        let Some((v_lo, v_hi)) = self.line_range(view, i, rest, x, true) else {
            return Ok(());
        };
        // How many edges each edge stands for: the same along the whole
        // line unless a block of equal totals reaches its two rows.
        let varies = symmetry && (node[i] == node[i - 1] || node[i + 1] == node[i]);
        let times_at = |x: &mut [u32; MAX_NODE_LEN], v: u32| {
            x[i] = v;
            x[i + 1] = rest - v;
            if symmetry {
                view.blocks.orderings(&x[..len])
            } else {
                1.0
            }
        };
        let fixed_times = if varies { 0.0 } else { times_at(x, v_lo) };
        // Each edge's child is looked up at most once (climbing and walking
        // revisit edges); an edge is in J when the largest open past is not
        // all-count on it (the same comparison `settle_edge` makes).
        let largest = view.pasts.pv[hi - 1].0;
        let h = |c: Child| c.w + c.bounds.longest;
        let in_j = |c: Child| largest > view.threshold - c.w - c.bounds.longest;
        let mut seen = std::mem::take(&mut self.buf.line_seen);
        seen.clear();
        seen.resize((v_hi - v_lo + 1) as usize, None);
        let mut at = |worker: &mut Self, x: &mut [u32; MAX_NODE_LEN], v: u32| {
            let slot = &mut seen[(v - v_lo) as usize];
            *slot.get_or_insert_with(|| {
                x[i] = v;
                x[i + 1] = rest - v;
                worker.child(view, &x[..len])
            })
        };
        // Climb to the maximum of h from the proportional split.
        let (top, _) = climb(v_lo, v_hi, split(rest, node[i], node[i + 1]), |v| {
            h(at(self, x, v))
        });
        // J = [a, b], walked out from the maximum (empty when the maximum
        // itself is outside).
        let (mut a, mut b) = (top + 1, top);
        if in_j(at(self, x, top)) {
            (a, b) = (top, top);
            while a > v_lo && in_j(at(self, x, a - 1)) {
                a -= 1;
            }
            while b < v_hi && in_j(at(self, x, b + 1)) {
                b += 1;
            }
        }
        let mut settled = Ok(());
        for v in a..=b {
            let child = at(self, x, v);
            let times = if varies { times_at(x, v) } else { fixed_times };
            settled = self.settle_edge(view, child, times, lo..hi, p);
            if settled.is_err() {
                break;
            }
        }
        self.buf.line_seen = seen;
        settled?;
        // Every other edge: all open pasts count. Its share is
        // times · mass · e^(top + ln_k + Σ_j log C(r_j, x_j)) (see
        // `PartialColumn`); C(r_i, v) C(r_{i+1}, rest − v) is log-concave in
        // v, so on each side of J it is summed from its largest term (the
        // end nearest its mode) outward, by ratios, with one exp per side.
        let (r0, r1) = (node[i], node[i + 1]);
        let ln_at = |v: u32| {
            t.ln_k + ln_binoms + net.ln_choose(r0, v) + net.ln_choose(r1, rest - v) + view.pasts.top
        };
        let pair = BinomialPair { r: r0, s: r1, rest };
        let mut outside = 0.0;
        for side in [(v_lo, a), (b + 1, v_hi + 1)] {
            outside += sum_log_concave(side, ln_at, pair, |v| {
                if varies { times_at(x, v) } else { fixed_times }
            });
        }
        let mass = view.pasts.prefix[hi] - view.pasts.prefix[lo];
        if outside > 0.0 {
            p.add(mass * outside);
        }
        self.check()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed 64-bit linear congruential generator (Knuth's MMIX constants)
    /// for the tests' random tables: the same tables on every run.
    fn lcg(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            state
        }
    }

    /// The exact p of `rows` with the given speed choices.
    fn with(rows: &[Vec<u64>], tuning: Tuning) -> f64 {
        fisher_exact_with(
            &ContingencyTable::from_rows(rows),
            &ExactOptions::default(),
            tuning,
        )
        .unwrap()
        .p
    }

    fn p(rows: &[Vec<u64>]) -> f64 {
        fisher_exact(&ContingencyTable::from_rows(rows), &ExactOptions::default())
            .unwrap()
            .p
    }

    /// Brute force: every table with the margins, by enumeration.
    fn brute(rows: &[Vec<u64>]) -> f64 {
        let t = ContingencyTable::from_rows(rows);
        let rt: Vec<u32> = t.row_totals().iter().map(|&v| v as u32).collect();
        let ct: Vec<u32> = t.col_totals().iter().map(|&v| v as u32).collect();
        let lf = log_factorials(t.total());
        let log_k = rt.iter().map(|&r| lf[r as usize]).sum::<f64>() - lf[t.total() as usize]
            + ct.iter().map(|&c| lf[c as usize]).sum::<f64>();
        let logp = |cells: &[u32]| log_k - cells.iter().map(|&v| lf[v as usize]).sum::<f64>();
        let obs: Vec<u32> = t.counts.transpose().iter().map(|&v| v as u32).collect();
        let p_obs = logp(&obs);
        let mut total = 0.0;
        fn rec(
            j: usize,
            rem: Vec<u32>,
            ct: &[u32],
            cells: &mut Vec<u32>,
            f: &mut dyn FnMut(&[u32]),
        ) {
            if j == ct.len() {
                f(cells);
                return;
            }
            for_each_composition(&rem, ct[j], |x| {
                let next: Vec<u32> = rem.iter().zip(x).map(|(r, x)| r - x).collect();
                let len = cells.len();
                cells.extend_from_slice(x);
                rec(j + 1, next, ct, cells, f);
                cells.truncate(len);
            });
        }
        rec(0, rt, &ct, &mut Vec::new(), &mut |cells| {
            let lp = logp(cells);
            if lp <= p_obs + RELATIVE_TOLERANCE.ln_1p() {
                total += lp.exp();
            }
        });
        total
    }

    #[test]
    fn log_factorials_of_0_and_1_are_exactly_0() {
        let lf = log_factorials(3);
        assert_eq!((lf[0], lf[1]), (0.0, 0.0));
        // statrs's ln Γ is within a few units in the last place.
        assert!((lf[3] - 6f64.ln()).abs() < 1e-14);
    }

    #[test]
    fn compositions() {
        let mut all = Vec::new();
        for_each_composition(&[2, 1, 3], 3, |x| all.push(x.to_vec()));
        assert!(all.iter().all(|x| x.iter().sum::<u32>() == 3));
        assert!(all.iter().all(|x| x[0] <= 2 && x[1] <= 1 && x[2] <= 3));
        // Brute count: x0∈0..=2, x1∈0..=1, x2 = 3−x0−x1 ∈ 0..=3 → 6.
        assert_eq!(all.len(), 6);
        let mut none = 0;
        for_each_composition(&[1, 1], 3, |_| none += 1);
        assert_eq!(none, 0);
    }

    #[test]
    fn matches_brute_force() {
        for rows in [
            vec![vec![3, 1], vec![1, 3]],
            vec![vec![1, 1, 1], vec![3, 3, 0], vec![0, 2, 0], vec![4, 12, 0]],
            vec![vec![2, 0, 1, 4], vec![1, 3, 2, 0], vec![0, 1, 1, 2]],
            vec![vec![5, 0], vec![0, 5], vec![2, 3]],
            vec![vec![1, 2, 3], vec![3, 2, 1]],
            // Columns of 8 or more with three or more left: the sub-tree
            // bounds (at the root of the first, with four left).
            vec![vec![5, 3, 4, 3], vec![2, 6, 3, 4], vec![3, 2, 5, 3]],
            vec![vec![8, 1, 1, 2], vec![1, 8, 2, 1], vec![1, 2, 9, 8]],
            // Equal row totals: edges walked once per set of orderings (a
            // block of three at the root; a pair after a larger total).
            vec![vec![3, 3, 2, 2], vec![2, 3, 3, 2], vec![3, 2, 2, 3]],
            vec![vec![5, 2, 2, 1], vec![2, 5, 1, 2], vec![1, 2, 4, 5]],
        ] {
            let (a, b) = (p(&rows), brute(&rows));
            assert!((a - b).abs() <= 1e-12 + 1e-9 * b, "{rows:?}: {a} vs {b}");
        }
    }

    /// Settling on ladders (always, from 1 straddling past; on the linear
    /// and on the log scale) and sending every past on (never) give the same
    /// p, on brute-forced tables and on ones far in the tail where the
    /// ladders do most of the work.
    #[test]
    fn ladders_agree_with_sending_pasts_on() {
        let always = Tuning {
            ladder_min_pasts: 1,
            ..Tuning::DEFAULT
        };
        let log_scale = Tuning {
            linear_span: 0.0,
            ..always
        };
        // Settlements made after every node instead of once per chunk.
        let node_by_node = Tuning {
            batch_pasts: 1,
            batch_waiting: 1,
            ..always
        };
        let never = Tuning {
            ladder_min_pasts: usize::MAX,
            symmetry: false,
            lines: false,
            ..Tuning::DEFAULT
        };
        for rows in [
            vec![vec![1, 2, 3], vec![3, 2, 1]],
            vec![vec![2, 0, 1, 4], vec![1, 3, 2, 0], vec![0, 1, 1, 2]],
            vec![vec![5, 3, 4, 3], vec![2, 6, 3, 4], vec![3, 2, 5, 3]],
            vec![vec![8, 1, 1, 2], vec![1, 8, 2, 1], vec![1, 2, 9, 8]],
            vec![
                vec![4, 0, 1, 0],
                vec![0, 3, 1, 1],
                vec![1, 0, 4, 0],
                vec![0, 1, 0, 3],
            ],
        ] {
            let b = brute(&rows);
            for tuning in [always, log_scale, node_by_node, never] {
                let a = with(&rows, tuning);
                assert!((a - b).abs() <= 1e-12 + 1e-9 * b, "{rows:?}: {a} vs {b}");
            }
        }
        for rows in [
            vec![
                vec![6, 1, 1, 0],
                vec![1, 6, 0, 1],
                vec![0, 1, 6, 1],
                vec![1, 0, 1, 6],
            ],
            vec![
                vec![12, 3, 2, 2, 1],
                vec![3, 10, 3, 2, 2],
                vec![2, 3, 9, 3, 3],
            ],
            vec![
                vec![9, 2, 1, 1, 0],
                vec![2, 8, 1, 1, 1],
                vec![1, 1, 7, 2, 1],
                vec![0, 1, 2, 8, 2],
            ],
        ] {
            let b = with(&rows, never);
            for tuning in [always, log_scale, node_by_node] {
                let a = with(&rows, tuning);
                assert!((a - b).abs() <= 1e-10 * b, "{rows:?}: {a} vs {b}");
            }
        }
    }

    #[test]
    fn lines_agree_with_visiting_every_edge() {
        // `Worker::line` skips the edges outside J on the strength of
        // concavity; visiting every edge must give the same p. Random
        // tables (a fixed LCG) with columns large enough for sub-tree
        // bounds (`SUBTREE_MIN_COLUMN`), three to five columns, equal and
        // unequal row totals, with and without the symmetry step.
        let mut lcg = lcg(0x2545_f491_4f6c_dd1d);
        let mut next = |m: u64| (lcg() >> 33) % m;
        for k in 0..20 {
            let (nr, nc) = (3 + next(2) as usize, 3 + next(3) as usize);
            let strength = next(4);
            let rows: Vec<Vec<u64>> = (0..nr)
                .map(|i| {
                    (0..nc)
                        .map(|j| 1 + next(6) + if i == j { 3 * strength } else { 0 })
                        .collect()
                })
                .collect();
            for symmetry in [true, false] {
                let on = Tuning {
                    symmetry,
                    ..Tuning::DEFAULT
                };
                let off = Tuning { lines: false, ..on };
                let (a, b) = (with(&rows, on), with(&rows, off));
                assert!((a - b).abs() <= 1e-12 * b, "{k}: {rows:?}: {a} vs {b}");
            }
        }
        // Equal row totals (blocks across the line's two rows); a table whose
        // lines' maxima often lie below the proportional split; one whose
        // nodes run out of rows (lines over two empty rows).
        for rows in [
            vec![
                vec![13, 2, 0, 4],
                vec![1, 11, 2, 0],
                vec![3, 3, 9, 4],
                vec![3, 2, 3, 11],
            ],
            vec![
                vec![9, 6, 5, 5],
                vec![5, 9, 6, 5],
                vec![6, 5, 9, 5],
                vec![5, 5, 5, 10],
            ],
            vec![
                vec![12, 8, 10],
                vec![8, 12, 10],
                vec![10, 10, 10],
                vec![10, 10, 10],
            ],
            vec![
                vec![7, 3, 0, 0, 0],
                vec![0, 10, 6, 5, 7],
                vec![0, 0, 0, 0, 6],
                vec![7, 0, 4, 6, 6],
            ],
        ] {
            let on = with(&rows, Tuning::DEFAULT);
            let off = with(
                &rows,
                Tuning {
                    lines: false,
                    ..Tuning::DEFAULT
                },
            );
            assert!((on - off).abs() <= 1e-12 * off, "{rows:?}: {on} vs {off}");
        }
    }

    #[test]
    fn ladder_counts_the_steps_at_or_below() {
        // count_at_most against a binary search, on ladders spread evenly,
        // bunched at one end, with ties at interval edges, and of one step;
        // queries below, inside, on and above the steps.
        let mut lcg = lcg(0x853c_49e6_748f_ea9b);
        let mut unit = || (lcg() >> 11) as f64 / (1u64 << 53) as f64;
        let mut ladders: Vec<Vec<f64>> = vec![vec![-3.5], vec![0.0, 1.0, 2.0, 3.0, 4.0]];
        for len in [2, 7, 40, 363] {
            let even: Vec<f64> = (0..len).map(|_| -30.0 + 30.0 * unit()).collect();
            let bunched: Vec<f64> = (0..len).map(|_| -30.0 * unit().powi(6)).collect();
            ladders.push(even);
            ladders.push(bunched);
        }
        for mut g in ladders {
            g.sort_by(f64::total_cmp);
            g.dedup();
            let steps = g.len();
            let mut ladder = Ladder {
                g: g.clone(),
                log_cumulative: Vec::new(),
                weight: Vec::new(),
                cumulative: Vec::new(),
                start: Vec::new(),
                intervals: Intervals::default(),
            };
            ladder.intervals = Intervals::cut(&mut ladder.g, 0, &mut ladder.start);
            let mut queries: Vec<f64> = g.clone();
            queries.extend(g.iter().map(|&v| v - 1e-12));
            queries.extend([g[0] - 5.0, g[steps - 1] + 5.0, f64::MIN, f64::MAX]);
            queries.extend((0..200).map(|_| g[0] - 1.0 + (g[steps - 1] - g[0] + 2.0) * unit()));
            for t in queries {
                let expected = g.partition_point(|&v| v <= t);
                assert_eq!(ladder.count_at_most(t), expected, "{t} in {g:?}");
            }
        }
    }

    #[test]
    fn past_keys_sort_as_the_pairs_do() {
        // Pasts are log-probabilities (≤ 0, some sums above 0 by
        // rounding), paths positive; equal pasts with different paths and
        // neighbouring floats included.
        let pasts = [
            -745.0,
            -300.25,
            -1.0,
            -1e-300,
            -0.0,
            0.0,
            1e-300,
            2.5,
            f64::from_bits((-1.0f64).to_bits() + 1),
            f64::from_bits((-1.0f64).to_bits() - 1),
        ];
        let paths = [1.0, 3.0, 0.5, 1e300, 7.25e-3];
        let mut pairs: Vec<(f64, f64)> = pasts
            .iter()
            .flat_map(|&past| paths.iter().map(move |&n| (past, n)))
            .collect();
        pairs.reverse();
        for &v in &pairs {
            let back = from_past_key(past_key(v));
            assert_eq!(
                (back.0.to_bits(), back.1.to_bits()),
                (v.0.to_bits(), v.1.to_bits())
            );
        }
        let mut by_keys: Vec<u128> = pairs.iter().map(|&v| past_key(v)).collect();
        by_keys.sort_unstable();
        let by_keys: Vec<(u64, u64)> = by_keys
            .into_iter()
            .map(from_past_key)
            .map(|(a, b)| (a.to_bits(), b.to_bits()))
            .collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let by_pairs: Vec<(u64, u64)> = pairs
            .iter()
            .map(|&(a, b)| (a.to_bits(), b.to_bits()))
            .collect();
        assert_eq!(by_keys, by_pairs);
    }

    #[test]
    fn past_index_ends_where_a_search_ends() {
        // PastList::end_at_most with the intervals against a binary search
        // over sub-ranges lo..hi of several nodes' pasts held one after the
        // other (as a batch holds them): spread, bunched, tied at interval
        // edges; queries below, inside, on and above.
        let mut lcg = lcg(0x2545_f491_4f6c_dd1d);
        let mut unit = || (lcg() >> 11) as f64 / (1u64 << 53) as f64;
        let mut nodes: Vec<Vec<f64>> = vec![(0..16).map(f64::from).collect()];
        for len in [16, 17, 50, 400] {
            let even: Vec<f64> = (0..len).map(|_| -80.0 + 40.0 * unit()).collect();
            let bunched: Vec<f64> = (0..len).map(|_| -40.0 * unit().powi(8)).collect();
            nodes.push(even);
            nodes.push(bunched);
        }
        let mut lists = IndexLists::default();
        let mut held = Vec::new();
        let mut pvs = Vec::new();
        for pasts in &mut nodes {
            pasts.sort_by(f64::total_cmp);
            pasts.dedup();
            let pv: Vec<(f64, f64)> = pasts.iter().map(|&v| (v, 1.0)).collect();
            held.push(lists.add(&pv));
            pvs.push(pv);
        }
        for ((pasts, pv), &at) in nodes.iter().zip(&pvs).zip(&held) {
            let searched = PastList {
                pv,
                weights: &[],
                prefix: &[],
                top: 0.0,
                index: None,
            };
            let indexed = PastList {
                index: Some(lists.view(at)),
                ..searched
            };
            let len = pasts.len();
            let mut queries: Vec<f64> = pasts.clone();
            queries.extend(pasts.iter().map(|&v| v - 1e-12));
            queries.extend([pasts[0] - 5.0, pasts[len - 1] + 5.0, f64::MIN, f64::MAX]);
            queries.extend(
                (0..100).map(|_| pasts[0] - 1.0 + (pasts[len - 1] - pasts[0] + 2.0) * unit()),
            );
            for (lo, hi) in [
                (0, len),
                (0, len / 2),
                (len / 3, len),
                (len / 4, len / 4 + 3),
                (len / 2, len / 2),
            ] {
                for &t in &queries {
                    assert_eq!(
                        indexed.end_at_most(t, lo, hi),
                        searched.end_at_most(t, lo, hi),
                        "{t} in {lo}..{hi} of {pasts:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn published_tables() {
        // DOMAIN.md: exact (Fisher–Freeman–Halton) p of 表3, 表4, 表5.
        let t3 = p(&[
            vec![10, 10, 3, 0],
            vec![9, 27, 6, 0],
            vec![1, 3, 2, 0],
            vec![11, 15, 13, 3],
        ]);
        let t4 = p(&[vec![6, 14], vec![17, 19], vec![1, 3], vec![5, 21]]);
        let t5 = p(&[vec![1, 1, 1], vec![3, 3, 0], vec![0, 2, 0], vec![4, 12, 0]]);
        assert!((t3 - 0.0792).abs() < 5e-5, "{t3}");
        assert!((t4 - 0.1163).abs() < 5e-5, "{t4}");
        assert!((t5 - 0.2218).abs() < 5e-5, "{t5}");
    }

    #[test]
    fn blocks_count_distinct_orderings() {
        // Brute force: the distinct vectors made by permuting x's entries
        // within each block of equal node totals.
        fn distinct(node: &[u32], x: &[u32]) -> f64 {
            let mut seen = std::collections::BTreeSet::new();
            let n = x.len();
            let mut perm: Vec<usize> = (0..n).collect();
            // Heap's algorithm over all permutations; keep those that map
            // every position into its own block.
            fn heap(k: usize, p: &mut Vec<usize>, f: &mut dyn FnMut(&[usize])) {
                if k <= 1 {
                    f(p);
                    return;
                }
                for i in 0..k {
                    heap(k - 1, p, f);
                    let j = if k.is_multiple_of(2) { i } else { 0 };
                    p.swap(j, k - 1);
                }
            }
            heap(n, &mut perm, &mut |p: &[usize]| {
                if (0..n).all(|i| node[p[i]] == node[i]) {
                    seen.insert(p.iter().map(|&i| x[i]).collect::<Vec<_>>());
                }
            });
            seen.len() as f64
        }
        let cases: [(&[u32], &[u32]); 6] = [
            (&[5, 5, 5, 2], &[3, 1, 1, 2]),
            (&[5, 5, 5, 2], &[2, 2, 2, 0]),
            (&[5, 5, 5, 2], &[4, 2, 0, 1]),
            (&[7, 7, 3, 3, 1], &[4, 2, 3, 3, 0]),
            (&[9, 8, 6, 1], &[5, 2, 3, 1]),
            (&[4, 4, 4, 4, 4, 4], &[3, 3, 2, 1, 1, 0]),
        ];
        for (node, x) in cases {
            assert_eq!(
                Blocks::of(node).orderings(x),
                distinct(node, x),
                "{node:?} {x:?}"
            );
        }
        // Only the blocks that x covers whole count.
        assert_eq!(Blocks::of(&[7, 7, 3, 3, 1]).orderings(&[4, 2]), 2.0);
    }

    #[test]
    fn canonical_share_matches_every_completion() {
        // Brute force: every completion of the prefix, kept when canonical,
        // times its orderings, on the log scale term by term.
        fn brute(lf: &[f64], node: &[u32], prefix: &[u32], rest: u32) -> f64 {
            let ln_choose = |n: u32, k: u32| lf[n as usize] - lf[k as usize] - lf[(n - k) as usize];
            let i = prefix.len();
            let ln_all = ln_choose(node[i..].iter().sum(), rest);
            let blocks = Blocks::of(node);
            let mut x = prefix.to_vec();
            let mut sum = 0.0;
            fn rec(node: &[u32], x: &mut Vec<u32>, rest: u32, f: &mut dyn FnMut(&[u32])) {
                let k = x.len();
                if k + 1 == node.len() {
                    if rest <= node[k] {
                        x.push(rest);
                        f(x);
                        x.pop();
                    }
                    return;
                }
                for v in 0..=rest.min(node[k]) {
                    x.push(v);
                    rec(node, x, rest - v, f);
                    x.pop();
                }
            }
            rec(node, &mut x, rest, &mut |x: &[u32]| {
                if canonical(node, x) {
                    let ln: f64 = (i..node.len()).map(|j| ln_choose(node[j], x[j])).sum();
                    sum += blocks.orderings(x) * (ln - ln_all).exp();
                }
            });
            sum
        }
        let lf = log_factorials(5000);
        let cases: [(&[u32], &[u32], u32); 9] = [
            (&[5, 5, 5, 2], &[3], 4),
            (&[5, 5, 5, 2], &[2, 2], 4),
            // No canonical completion: x_2 ≤ 2 and x_3 ≤ 2 cannot take 5.
            (&[5, 5, 5, 2], &[2, 2], 5),
            (&[7, 7, 7, 3, 3, 1], &[4], 8),
            (&[7, 7, 7, 3, 3, 1], &[5, 2], 9),
            // The block ends the node.
            (&[9, 6, 6, 6], &[4, 3], 5),
            // Large totals: the terms far from the largest underflow.
            (&[300, 300, 300, 120, 5], &[250, 200], 300),
            (&[600, 600, 40], &[500], 90),
            // From the smallest v the terms rise by e^1800: summed from
            // there they would overflow.
            (&[2000, 2000, 1000], &[1500], 1000),
        ];
        for (node, prefix, rest) in cases {
            let i = prefix.len();
            let suffix = suffix_sums(node);
            let blocks = Blocks::of(node);
            let rows = BlockRows {
                lf: &lf,
                node,
                suffix: &suffix,
                blocks: &blocks,
            };
            let mut x = [0u32; MAX_NODE_LEN];
            x[..i].copy_from_slice(prefix);
            let ln_all = rows.ln_choose(suffix[i], rest);
            let got = rows.canonical_share(&mut x, i, rest, ln_all);
            let want = brute(&lf, node, prefix, rest);
            assert!(
                got == want || ((got - want) / want).abs() < 1e-12,
                "{node:?} {prefix:?} {rest}: {got} vs {want}"
            );
        }
    }

    #[test]
    fn p_is_the_same_whatever_the_threads() {
        // The work is split into the same chunks whatever the number of
        // threads and summed in chunk order: p must agree bit for bit.
        let tables: [&[Vec<u64>]; 4] = [
            &[
                vec![80, 40, 40, 40],
                vec![40, 80, 40, 40],
                vec![40, 40, 80, 40],
            ],
            &[
                vec![10, 10, 3, 0],
                vec![9, 27, 6, 0],
                vec![1, 3, 2, 0],
                vec![11, 15, 13, 3],
            ],
            &[
                vec![18, 12, 10, 10],
                vec![12, 16, 11, 11],
                vec![10, 12, 15, 13],
                vec![10, 11, 13, 16],
            ],
            &[
                vec![5, 3, 4, 6, 2],
                vec![4, 5, 3, 3, 5],
                vec![3, 4, 5, 4, 4],
                vec![6, 3, 4, 3, 4],
                vec![2, 5, 4, 4, 5],
            ],
        ];
        for rows in tables {
            let on = |threads: usize| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap()
                    .install(|| p(rows))
            };
            let one = on(1);
            for threads in [2, 3] {
                assert_eq!(
                    one.to_bits(),
                    on(threads).to_bits(),
                    "{rows:?}, {threads} threads"
                );
            }
        }
    }

    #[test]
    fn two_by_two_is_fishers_test() {
        // R: fisher.test(matrix(c(3,1,1,3),2))$p.value = 0.4857142857142857
        assert!((p(&[vec![3, 1], vec![1, 3]]) - 0.4857142857142857).abs() < 1e-12);
    }

    #[test]
    fn memory_limit_stops() {
        let t = ContingencyTable::from_rows(&[
            vec![12, 3, 2, 2, 1],
            vec![3, 10, 3, 2, 2],
            vec![2, 3, 9, 3, 3],
            vec![1, 2, 3, 10, 4],
            vec![2, 2, 3, 3, 10],
        ]);
        let opts = ExactOptions {
            memory_limit: Some(1 << 20),
            ..Default::default()
        };
        assert_eq!(
            fisher_exact(&t, &opts),
            Err(ExactStopped::MemoryLimit(1 << 20))
        );
        // A limit the computation stays within changes nothing.
        let table5 = ContingencyTable::from_rows(&[
            vec![1, 1, 1],
            vec![3, 3, 0],
            vec![0, 2, 0],
            vec![4, 12, 0],
        ]);
        let limited = ExactOptions {
            memory_limit: Some(1 << 20),
            ..Default::default()
        };
        let a = fisher_exact(&table5, &limited).unwrap().p;
        let b = fisher_exact(&table5, &ExactOptions::default()).unwrap().p;
        assert_eq!(a, b);
    }

    #[test]
    fn cancel_stops() {
        let flag = AtomicBool::new(true);
        let opts = ExactOptions {
            cancel: Some(&flag),
            ..Default::default()
        };
        let t = ContingencyTable::from_rows(&[
            vec![20, 20, 20, 20, 20],
            vec![20, 20, 20, 20, 20],
            vec![20, 20, 20, 20, 20],
        ]);
        assert_eq!(fisher_exact(&t, &opts), Err(ExactStopped::Cancelled));
    }
}
