//! Every tuning constant of the exact test in one place, each with the reason
//! for its value. None changes p; they trade memory for time, and the values
//! were chosen by A/B measurements recorded in BENCHMARKS.md.

/// Pasts closer than this (on the log scale) are merged into one.
pub(super) const PAST_QUANTUM: f64 = 1e-9;

/// Bytes counted per past held: 16 for (past, paths) in its node's list,
/// up to as many again for the list's spare capacity (measured: 5×5
/// n = 100 far in the tail peaks at 88 MB as a whole process, of which
/// about 4.5 MB per thread are the batches of `Worker::flush`, a fixed size
/// not counted against the limit).
pub const BYTES_PER_PAST: usize = 32;

/// Pasts of the nodes with three columns left held in one batch before
/// their ladder settlements are made, ladder by ladder (`Worker::flush`):
/// 32 bytes each, so 512 KiB, half the level-2 cache of a core of this
/// machine (2¹² and 2¹⁶ were slower on the 5×5 n = 100 strong table), and
/// 16 more for their `PastIndex` (with it 2¹³ and 2¹⁵ were no faster).
pub(super) const BATCH_PASTS: usize = 1 << 14;

/// Settlements waiting in one batch at most, so that a batch of nodes with
/// many edges stays in bounds too: 32 bytes each, held twice while they are
/// grouped, so 4 MiB per thread. (2¹⁸ was no faster, and took 24 MB more.)
pub(super) const BATCH_WAITING: usize = 1 << 16;

/// Intervals per step of a ladder: with two, the 5×5 n = 100 strong
/// table's look-ups met at most 3 steps in an interval 88 % of the time and
/// at most 4 in all but 30 thousand of 384 million (with one per step, 4 and
/// 5 were common); three per step gained nothing more.
pub(super) const INTERVALS_PER_STEP: usize = 2;

/// The window `count_at_most` scans when no interval holds more steps: a
/// fixed length the compiler unrolls (5×5 n = 100 strong 1.07 → 0.94 s
/// with one interval per step, then 0.92 s with two; a window of 8 gained
/// nothing, one of 3 lost).
pub(super) const SCAN: usize = 4;

/// Widest span (on the log scale) of a ladder's weights kept on the linear
/// scale: e^−600 is far from f64's underflow at e^−708.
pub(super) const LINEAR_SPAN: f64 = 600.0;

/// Two-column nodes with more completions than this get no ladder (their
/// pasts are sent on, as before).
pub(super) const LADDER_MAX_COMPLETIONS: u64 = 1 << 16;

/// Edges with fewer straddling pasts than this send them on; the ladder
/// pays for its construction when many arrive.
pub(super) const LADDER_MIN_PASTS: usize = 16;

/// Choices that change the speed, never p (tests compare them).
#[derive(Clone, Copy)]
pub(super) struct Tuning {
    /// Straddling pasts from which an edge to a two-column child is
    /// settled on the child's ladder (`usize::MAX`: never).
    pub(super) ladder_min_pasts: usize,
    /// Widest span of a ladder's weights kept on the linear scale.
    pub(super) linear_span: f64,
    /// Walk one edge per set of edges that differ only by the order of
    /// equal node totals (`Blocks::orderings`).
    pub(super) symmetry: bool,
    /// Visit only the edges of a line that some open past straddles
    /// (`Worker::line`).
    pub(super) lines: bool,
    /// A batch's pasts and waiting settlements from which it is flushed
    /// (`BATCH_PASTS`, `BATCH_WAITING`; 1: after every node).
    pub(super) batch_pasts: usize,
    pub(super) batch_waiting: usize,
}

impl Tuning {
    pub(super) const DEFAULT: Tuning = Tuning {
        ladder_min_pasts: LADDER_MIN_PASTS,
        linear_span: LINEAR_SPAN,
        symmetry: true,
        lines: true,
        batch_pasts: BATCH_PASTS,
        batch_waiting: BATCH_WAITING,
    };
}

/// Lists longer than this are freed, not kept for reuse (`recycle`).
pub(super) const SPARE_MAX_CAPACITY: usize = 256;

/// Nodes with two columns left whose remaining total is at most this are
/// settled on the product scale (`TwoColumns`): their binomial products stay
/// below 2¹⁰⁰⁰ < f64::MAX.
pub(super) const TWO_COLUMN_PRODUCT_LIMIT: u32 = 1000;

/// Units of parallel work per stage: a fixed number, so that the split (and
/// so the rounding of the sum) does not depend on the number of threads.
/// Enough for the two threads to finish a stage together — nodes differ in
/// their work, and 表3's and the 4×4 tables' stages have only 69–330 — and
/// few enough that each still holds many nodes: a chunk ends with a flush
/// of its ladder settlements (`Worker::flush`) and starts new lists. (8 →
/// 32: the exact test's first run in a fresh process on the 4×4 n = 200
/// association table 0.92, warm 0.95–0.99, 表3 0.95–0.99, the 5×5 n = 100
/// tail table 0.99–1.01; 64 no better than 32.)
pub(super) const CHUNKS: usize = 32;

/// Nodes with fewer pasts than this are searched without an index.
pub(super) const INDEX_MIN_PASTS: usize = 16;

/// Columns smaller than this are walked edge by edge (measured on 表3,
/// whose column of 3 came out 30 % slower with sub-tree bounds).
pub(super) const SUBTREE_MIN_COLUMN: u32 = 8;

/// Most columns left (this one included) for which a node's edges are
/// enumerated with sub-tree bounds (`PartialColumn`); beyond, edge by edge.
pub(super) const MAX_SUBTREE_COLUMNS: usize = 8;
