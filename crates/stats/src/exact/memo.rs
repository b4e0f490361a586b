//! Memos: each thread's nodes of the next stage, the pasts sent to them in
//! buckets, and the settlements that wait for their ladder.

use super::*;

/// What a worker thread remembers about the children of one stage.
#[derive(Default)]
pub(super) struct Memo {
    /// The children's bounds, and where the pasts sent to each go: an
    /// index into `buckets`.
    pub(super) bounds: FxHashMap<Key, (Bounds, u32)>,
    /// Each child with the pasts (past, number of paths) sent to it, in the
    /// order they came. One list per child and thread, so that the next
    /// stage finds each node's arrivals without sorting them all by node
    /// (that sort was 6–15 % of the time on 表3 and the 4×4 n = 200 tables).
    pub(super) buckets: Vec<Bucket>,
    /// The cells most recently sent to (`RecentCells`).
    pub(super) recent: RecentCells,
    /// Emptied lists of the stage before, for new buckets (`recycle`).
    pub(super) spare: Vec<Vec<(f64, f64)>>,
    /// Two-column children's completions by weight: an index into `arena`
    /// (`None`: too many to list).
    pub(super) ladders: FxHashMap<Key, Option<u32>>,
    pub(super) arena: Vec<Arc<Ladder>>,
    /// The settlements put off until the batch is flushed (`Worker::flush`).
    pub(super) waiting: Vec<Waiting>,
    /// The same grouped by ladder (`group_waiting`; reused).
    pub(super) grouped: Vec<Waiting>,
    /// The ladders with settlements waiting, in the order of their first,
    /// with how many each; `slot[id]`: ladder id's place among them (`NONE`
    /// if it has none).
    pub(super) touched: Vec<(u32, usize)>,
    pub(super) slot: Vec<u32>,
}

/// No place (a ladder with no settlement waiting).
pub(super) const NONE: u32 = u32::MAX;

impl Memo {
    pub(super) fn clear(&mut self) {
        // One bucket per child met (`Worker::bounds`).
        self.recent.next_stage(self.bounds.len());
        self.bounds.clear();
        self.buckets.clear();
        self.ladders.clear();
        self.arena.clear();
        self.waiting.clear();
        self.touched.clear();
        self.slot.clear();
    }

    /// Puts off a settlement on its ladder until the batch is flushed.
    pub(super) fn wait(&mut self, wait: Waiting) {
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
    pub(super) fn group_waiting(&mut self) {
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
pub(super) struct Waiting {
    pub(super) ladder: u32,
    pub(super) node: u32,
    pub(super) lo: u32,
    pub(super) hi: u32,
    pub(super) w: f64,
    pub(super) times: f64,
}

/// Where a node's merged pasts, weights and prefix sums start in the
/// worker's lists while it waits in a batch, their number, and its top past.
#[derive(Clone, Copy)]
pub(super) struct BatchNode {
    pub(super) at: usize,
    pub(super) prefix_at: usize,
    pub(super) len: usize,
    pub(super) top: f64,
    /// Its `PastIndex` in the worker's `IndexLists`.
    pub(super) index: Option<IndexAt>,
}

/// Empties a stage's arrivals and deals their lists to the threads' spares
/// in turn, so that the next stage's buckets reuse them instead of
/// allocating and growing new ones. Long lists are freed, so that what is
/// kept stays small (at most `SPARE_MAX_CAPACITY` pasts each).
pub(super) fn recycle(parts: &mut Vec<Bucket>, memos: &[std::sync::Mutex<Memo>]) {
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

/// Where the cells (`past_cell`) most recently sent to sit in their
/// buckets' lists, by a hash of (bucket, cell) into a fixed table: a past
/// whose cell is found there is merged into it as it is sent, instead of
/// being stored and sorted at the node. A slot is overwritten by the next
/// cell that hashes to it, so some pasts of one cell still arrive apart; the
/// node merges those. Whether a past is merged here or there changes
/// nothing in p (`past_cell`), only the work and the memory: on a 4×8
/// table with n = 80, 3.9 million pasts sent to the nodes of one stage fell
/// in 0.1 million cells. A fixed table, unlike a map of every cell, stays in
/// the level-2 cache (a map of all cells made the 4×4 n = 200 strong table
/// twice as slow).
///
/// Buckets are tagged `base + bucket`, and `base` moves past a stage's
/// buckets when it ends, so that the table never needs clearing (clearing
/// 512 KiB per stage and thread made 表3 1.2 times as slow); it is
/// allocated zeroed (tag 0 is no bucket) on its first use.
///
/// Where few pasts sent find their cell (under one in eight of 4,096), the
/// look-ups cost more than they save: the next `RECENT_PAUSE` pasts are
/// sent as they are, then the look-ups are tried again (`count`). The 4×4
/// n = 200 strong table, whose pasts rarely repeat, took 1.09 times as long
/// with look-ups throughout. They start only once a thread has sent
/// `RECENT_AFTER` pasts in a stage.
pub(super) struct RecentCells {
    slots: Vec<RecentCell>,
    base: u32,
    /// Pasts still to send without a look-up; pasts looked up and found
    /// since the last judgement.
    plain: usize,
    tried: usize,
    found: usize,
}

#[derive(Clone, Copy, Default)]
pub(super) struct RecentCell {
    pub(super) cell: i64,
    pub(super) tag: u32,
    /// The place in the bucket's list.
    pub(super) at: u32,
}

/// Look-ups after which `RecentCells::count` judges by the share found.
const RECENT_TRIAL: usize = 4096;

/// Pasts sent without a look-up after a trial that found under one in eight.
const RECENT_PAUSE: usize = 16 * RECENT_TRIAL;

/// Pasts a thread sends in a stage before it looks them up: the small
/// stages of small tables (表3 sends 2,816 in all) merge their few pasts at
/// the nodes, where the look-ups made 表3 1.04–1.06 times as long.
const RECENT_AFTER: usize = 1 << 14;

impl Default for RecentCells {
    fn default() -> Self {
        RecentCells {
            slots: Vec::new(),
            base: 0,
            plain: RECENT_AFTER,
            tried: 0,
            found: 0,
        }
    }
}

impl RecentCells {
    /// The slot of (bucket, cell), and the bucket's tag.
    #[inline]
    pub(super) fn slot(&mut self, bucket: u32, cell: i64) -> (&mut RecentCell, u32) {
        if self.slots.is_empty() {
            self.slots = vec![RecentCell::default(); RECENT_CELLS];
            self.base = self.base.max(1);
        }
        let tag = self.base + bucket;
        let h = (cell as u64 ^ u64::from(bucket) << 40).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let i = (h >> (64 - RECENT_CELLS.trailing_zeros())) as usize;
        (&mut self.slots[i], tag)
    }

    /// Whether pasts are still worth looking up this stage.
    #[inline]
    pub(super) fn worth_it(&self) -> bool {
        self.plain == 0
    }

    /// Counts pasts sent without a look-up.
    #[inline]
    pub(super) fn count_plain(&mut self, sent: usize) {
        self.plain = self.plain.saturating_sub(sent);
    }

    /// Counts a batch of look-ups.
    #[inline]
    pub(super) fn count(&mut self, tried: usize, found: usize) {
        self.tried += tried;
        self.found += found;
        if self.tried >= RECENT_TRIAL {
            if self.found * 8 < self.tried {
                self.plain = RECENT_PAUSE;
            }
            (self.tried, self.found) = (0, 0);
        }
    }

    /// Forgets a stage's `buckets` buckets.
    fn next_stage(&mut self, buckets: usize) {
        (self.plain, self.tried, self.found) = (RECENT_AFTER, 0, 0);
        match u32::try_from(buckets)
            .ok()
            .and_then(|b| self.base.checked_add(b)?.checked_add(b + 1))
        {
            Some(_) => self.base += buckets as u32 + 1,
            None => *self = RecentCells::default(),
        }
    }
}

/// A node and a list of pasts (past, number of paths) sent to it.
pub(super) type Bucket = (Key, Vec<(f64, f64)>);
