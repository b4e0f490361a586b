//! A worker thread: processes one stage's nodes, sends pasts on or settles
//! them, and holds its buffers from chunk to chunk.

use super::*;

/// One thread's share of a stage: its own memo of child bounds (the bounds
/// are cheap; sharing them would cost more in locking than recomputing).
pub(super) struct Worker<'n, 'a, 'm> {
    pub(super) net: &'n Network<'a>,
    pub(super) memo: &'m mut Memo,
    /// The thread's lists, reused from node to node and chunk to chunk.
    pub(super) buf: Buffers,
    pub(super) ticks: u64,
    /// The stage being processed and its open nodes, for progress reports.
    pub(super) stage: usize,
    pub(super) open_nodes: usize,
    /// Pasts sent on since the last report to `held`.
    pub(super) sent: usize,
    /// Pasts held by the whole computation (all threads).
    pub(super) held: &'m AtomicUsize,
    /// The two-column nodes' ladders built by any thread in this stage:
    /// a thread's own `Memo::ladders` first, then these, so that each
    /// ladder is built once, not once per thread.
    pub(super) ladders: &'m SharedLadders,
}

/// A worker thread's lists, kept from chunk to chunk and stage to stage
/// (a `Worker` lives for one chunk), so that each chunk does not allocate
/// and grow its own. A chunk leaves them empty (`Worker::flush`).
#[derive(Default)]
pub(super) struct Buffers {
    pub(super) scratch: Scratch,
    /// `Worker::line`'s children along a line.
    pub(super) line_seen: Vec<Option<Child>>,
    /// A node's merged pasts, their weights and prefix sums; at the stage
    /// with three columns left, those of every node of the batch.
    pub(super) lists: (Vec<(f64, f64)>, Vec<f64>, Vec<f64>),
    /// The nodes whose lists are held for their waiting settlements.
    pub(super) batch: Vec<BatchNode>,
    /// The nodes' pasts cut into intervals (`PastIndex`), kept as `lists`
    /// are.
    pub(super) index_lists: IndexLists,
}

impl Buffers {
    /// Empties the nodes' lists held (their capacity stays).
    pub(super) fn clear_held(&mut self) {
        self.lists.0.clear();
        self.lists.1.clear();
        self.lists.2.clear();
        self.batch.clear();
        self.index_lists.clear();
    }
}

/// Ladders by node key, shared by the worker threads (`None`: too many
/// completions to list).
pub(super) type SharedLadders = std::sync::Mutex<FxHashMap<Key, Option<Arc<Ladder>>>>;

impl Worker<'_, '_, '_> {
    pub(super) fn check(&mut self) -> Result<(), ExactStopped> {
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
    pub(super) fn ladder(&mut self, stage: usize, key: Key) -> Option<u32> {
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
    pub(super) fn bounds(&mut self, stage: usize, key: Key) -> (Bounds, u32) {
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

impl Worker<'_, '_, '_> {
    /// Sends the pasts waiting at one node (its lists, all with its key)
    /// along every edge of its stage: pasts whose every completion counts
    /// are added to `p`, pasts none of whose completions count are dropped,
    /// the rest go on to the children's buckets (or their ladders).
    pub(super) fn process_node(
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
        // Sorted, a cell's smallest past comes first and is kept; the
        // others of its cell are below where the cell ends (scaling by a
        // power of two is exact, so this is `past_cell`'s own rule).
        let mut kept = 0;
        let mut cell_end = f64::NEG_INFINITY;
        for &key in keys.iter() {
            let (past, paths) = from_past_key(key);
            if past < cell_end {
                mine[kept - 1].1 += paths;
            } else {
                mine[kept] = (past, paths);
                cell_end = (past_cell(past) + 1) as f64 / PAST_CELLS_PER_UNIT;
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
    pub(super) fn flush(&mut self, threshold: f64, p: &mut Sum) -> Result<(), ExactStopped> {
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
            let edge = Edge {
                w: wait.w,
                times: wait.times,
            };
            settle_on_ladder(ladder, pasts, threshold, edge, range, p);
        }
        self.buf.clear_held();
        self.check()
    }

    /// `process_node` for the merged pasts `pv` of node `key`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn settle_node(
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
                let mut settle = TwoColumns::new(net, node, [c, b], pasts, threshold);
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
            self.partial_descend(&partial, Prefix::start(c), &mut x, 0..pv.len(), p)?;
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
    pub(super) fn edge(
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
    pub(super) fn child(&mut self, view: &NodeView, x: &[u32]) -> Child {
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
    pub(super) fn settle_edge(
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
                        settle_on_ladder(ladder, pasts, view.threshold, Edge { w, times }, open, p);
                    }
                }
                return self.check();
            }
            let memo = &mut *self.memo;
            let list = &mut memo.buckets[bucket as usize].1;
            let sent = view.pasts.pv[i_all..i_none]
                .iter()
                .map(|&(past, paths)| (past + w, times * paths));
            if !memo.recent.worth_it() {
                self.sent += i_none - i_all;
                memo.recent.count_plain(i_none - i_all);
                list.extend(sent);
                return self.check();
            }
            // Each past merged into its cell if that was sent to lately.
            let mut found = 0;
            for (past, paths) in sent {
                let cell = past_cell(past);
                let (slot, tag) = memo.recent.slot(bucket, cell);
                if slot.tag == tag && slot.cell == cell {
                    let held = &mut list[slot.at as usize];
                    held.0 = held.0.min(past);
                    held.1 += paths;
                    found += 1;
                } else {
                    *slot = RecentCell {
                        cell,
                        tag,
                        at: list.len() as u32,
                    };
                    list.push((past, paths));
                }
            }
            memo.recent.count(i_none - i_all, found);
            self.sent += i_none - i_all - found;
        }
        self.check()
    }
}
