//! Every tuning constant of the exact test in one place, each with a
//! one-line reason. None changes p: they trade memory for time. The values
//! were chosen by alternating A/B runs (`bench/ab_exact.sh`) on the
//! project's 2-core machine; BENCHMARKS.md lists what was tried, and the
//! measurements behind each value are in the git history of this file.

/// A ladder's completions closer than this on the log scale are merged: far below the 10⁻⁷ tie tolerance.
pub(super) const PAST_QUANTUM: f64 = 1e-9;

/// Pasts in one cell of this width on the log scale (2⁻³⁰ ≈ 9.3·10⁻¹⁰, under `PAST_QUANTUM`) are one past.
pub(super) const PAST_CELLS_PER_UNIT: f64 = (1u64 << 30) as f64;

/// Memory counted per past held: 16 bytes of (past, paths) and as much again of spare capacity.
pub const BYTES_PER_PAST: usize = 32;

/// Slots of `RecentCells`, a power of two: 16 bytes each, 512 KiB, half a core's L2.
pub(super) const RECENT_CELLS: usize = 1 << 15;

/// Pasts held in one batch before its ladder settlements are made: 512 KiB, half a core's L2.
pub(super) const BATCH_PASTS: usize = 1 << 14;

/// Settlements waiting in one batch at most: 4 MiB per thread (more was no faster).
pub(super) const BATCH_WAITING: usize = 1 << 16;

/// Intervals per ladder step: with two, nearly every look-up meets at most 4 steps.
pub(super) const INTERVALS_PER_STEP: usize = 2;

/// Steps scanned after a look-up: a fixed window the compiler unrolls (8 gained nothing, 3 lost).
pub(super) const SCAN: usize = 4;

/// Widest span of a ladder's log-weights kept on the linear scale: e^−600 is far from underflow.
pub(super) const LINEAR_SPAN: f64 = 600.0;

/// Two-column children with more completions get no ladder: building it would cost more than it saves.
pub(super) const LADDER_MAX_COMPLETIONS: u64 = 1 << 16;

/// Edges with fewer straddling pasts send them on: a ladder pays only when many arrive.
pub(super) const LADDER_MIN_PASTS: usize = 16;

/// Emptied lists longer than this are freed rather than kept for reuse (`recycle`).
pub(super) const SPARE_MAX_CAPACITY: usize = 256;

/// Two-column nodes with totals up to this are settled on the product scale: products stay below 2¹⁰⁰⁰.
pub(super) const TWO_COLUMN_PRODUCT_LIMIT: u32 = 1000;

/// Units of parallel work per stage: fixed, so the sum's rounding does not depend on the threads.
pub(super) const CHUNKS: usize = 32;

/// Nodes with fewer pasts are searched without an interval index (`PastIndex`).
pub(super) const INDEX_MIN_PASTS: usize = 16;

/// Columns smaller than this are walked edge by edge: sub-tree bounds cost more than they save.
pub(super) const SUBTREE_MIN_COLUMN: u32 = 8;

/// Most columns left (this one included) for which edges are enumerated with sub-tree bounds.
pub(super) const MAX_SUBTREE_COLUMNS: usize = 8;

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
