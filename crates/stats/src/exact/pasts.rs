//! A node's pasts: the sorted list, its interval index, and where an edge's
//! undecided pasts begin and end.

use super::*;

/// A node being processed: its stage, totals, column and merged pasts.
#[derive(Clone, Copy)]
pub(super) struct NodeView<'v> {
    pub(super) stage: usize,
    pub(super) node: &'v [u32],
    pub(super) c: u32,
    pub(super) pasts: PastList<'v>,
    pub(super) threshold: f64,
    pub(super) blocks: Blocks,
    /// The node's index in the worker's batch, when its lists are held
    /// there (with three columns left) for settlements put off.
    pub(super) in_batch: Option<u32>,
}

/// A node's merged pasts (past, paths) sorted increasing, paths·e^(past −
/// top) of each (`weights`), and the prefix sums of those (`prefix`).
#[derive(Clone, Copy)]
pub(super) struct PastList<'v> {
    pub(super) pv: &'v [(f64, f64)],
    pub(super) weights: &'v [f64],
    pub(super) prefix: &'v [f64],
    pub(super) top: f64,
    /// For a node with `INDEX_MIN_PASTS` or more, the pasts cut into
    /// intervals.
    pub(super) index: Option<PastIndex<'v>>,
}

impl PastList<'_> {
    /// The number of pasts ≤ t among the first `hi`, at least `lo`: the
    /// end of those ≤ t in the range lo..hi of the sorted pasts. One
    /// look-up in the intervals, else a binary search.
    #[inline(always)]
    pub(super) fn end_at_most(&self, t: f64, lo: usize, hi: usize) -> usize {
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
pub(super) struct PastIndex<'v> {
    pub(super) keys: &'v [f64],
    pub(super) start: &'v [u32],
    pub(super) intervals: Intervals,
}

impl PastIndex<'_> {
    #[inline(always)]
    pub(super) fn count_at_most(&self, t: f64) -> usize {
        self.intervals.count_at_most(self.keys, self.start, t)
    }
}

/// The pasts of the nodes held (a batch's, or the node at hand's), each
/// node's padded with +∞, and the starts of their intervals.
#[derive(Default)]
pub(super) struct IndexLists {
    pub(super) keys: Vec<f64>,
    pub(super) starts: Vec<u32>,
}

/// Where a node's `PastIndex` lies in `IndexLists`, and its intervals.
#[derive(Clone, Copy)]
pub(super) struct IndexAt {
    pub(super) keys: usize,
    pub(super) start: usize,
    pub(super) intervals: Intervals,
}

impl IndexLists {
    pub(super) fn clear(&mut self) {
        self.keys.clear();
        self.starts.clear();
    }

    /// Cuts a node's sorted pasts (at least one) into intervals, after
    /// those held.
    pub(super) fn add(&mut self, pasts: &[(f64, f64)]) -> IndexAt {
        let (keys, start) = (self.keys.len(), self.starts.len());
        self.keys.extend(pasts.iter().map(|v| v.0));
        let intervals = Intervals::cut(&mut self.keys, keys, &mut self.starts);
        IndexAt {
            keys,
            start,
            intervals,
        }
    }

    pub(super) fn view(&self, at: IndexAt) -> PastIndex<'_> {
        PastIndex {
            keys: &self.keys[at.keys..],
            start: &self.starts[at.start..],
            intervals: at.intervals,
        }
    }
}
