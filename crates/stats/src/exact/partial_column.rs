//! A column filled row by row: the partial column's bounds, the canonical
//! share inside blocks of equal totals, and the line and fan closed forms
//! three columns from the end.

use super::*;

/// The children along a line x_i = v, x_{i+1} = rest − v, each looked up
/// once (the climb, the walk out and the settling visit the same v).
pub(super) struct LineChildren<'s> {
    pub(super) seen: &'s mut [Option<Child>],
    pub(super) v_lo: u32,
    pub(super) i: usize,
    pub(super) rest: u32,
    pub(super) len: usize,
}

impl LineChildren<'_> {
    /// The child at x_i = v (set in `x`). Always inlined: as a closure
    /// called from five places it was left out of line, which cost the
    /// 4×4 tables 3–5 %.
    #[inline(always)]
    pub(super) fn at(
        &mut self,
        worker: &mut Worker,
        view: &NodeView,
        x: &mut [u32; MAX_NODE_LEN],
        v: u32,
    ) -> Child {
        let (i, rest, len) = (self.i, self.rest, self.len);
        *self.seen[(v - self.v_lo) as usize].get_or_insert_with(|| {
            x[i] = v;
            x[i + 1] = rest - v;
            worker.child(view, &x[..len])
        })
    }
}

/// Where the walk down a partial column is: rows before `i` fixed (in the
/// caller's `x`), `rest` of the column left for rows `i..`, and two running
/// sums over the fixed rows.
#[derive(Clone, Copy)]
pub(super) struct Prefix {
    pub(super) i: usize,
    pub(super) rest: u32,
    /// Σ ln x_k! over the fixed rows.
    pub(super) sum_lf_x: f64,
    /// Σ ln C(r_k, x_k) over the fixed rows.
    pub(super) ln_binoms: f64,
}

impl Prefix {
    /// The walk's start: no row fixed, the whole column `c` left.
    pub(super) fn start(c: u32) -> Self {
        Prefix {
            i: 0,
            rest: c,
            sum_lf_x: 0.0,
            ln_binoms: 0.0,
        }
    }

    /// One row further, with x_i = v in a row of total `r_i`.
    #[inline(always)]
    pub(super) fn then(self, v: u32, r_i: u32, net: &Network) -> Self {
        Prefix {
            i: self.i + 1,
            rest: self.rest - v,
            sum_lf_x: self.sum_lf_x + net.lf[v as usize],
            ln_binoms: self.ln_binoms + net.ln_choose(r_i, v),
        }
    }
}

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
pub(super) struct PartialColumn<'v> {
    pub(super) view: NodeView<'v>,
    pub(super) len: usize,
    /// The sizes of the columns after this one.
    pub(super) after: &'v [u32],
    /// The same, in decreasing order (`after.len()` of them).
    pub(super) after_sorted: [u32; MAX_SUBTREE_COLUMNS],
    /// Σ_{k ≥ i} r_k.
    pub(super) suffix: [u32; MAX_NODE_LEN + 1],
    /// log C! + log(M − C)! − Σ log r_i!: an edge's all-count weight is
    /// e^(top + ln_k) · Π C(r_i, x_i) times its prefix of pasts.
    pub(super) ln_k: f64,
    /// Σ log c_k! over this column and the ones after.
    pub(super) lf_cols: f64,
}

impl<'v> PartialColumn<'v> {
    /// The values row i (not the last) may take in this column with `rest`
    /// of it left for rows i..: enough to leave the rows after it no more
    /// than their totals, and, in a block of equal totals with symmetry,
    /// no more than row i − 1's (canonical edges do not increase there).
    pub(super) fn entry_range(&self, i: usize, rest: u32, x: &[u32], symmetry: bool) -> (u32, u32) {
        let node = self.view.node;
        let lo_x = rest.saturating_sub(self.suffix[i + 1]);
        let mut hi_x = rest.min(node[i]);
        if symmetry && i > 0 && node[i] == node[i - 1] {
            hi_x = hi_x.min(x[i - 1]);
        }
        (lo_x, hi_x)
    }

    pub(super) fn new(net: &'v Network, view: NodeView<'v>) -> Self {
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

/// A node's rows as `canonical_share` needs them.
pub(super) struct BlockRows<'a> {
    pub(super) lf: &'a [f64],
    pub(super) node: &'a [u32],
    /// Σ_{k ≥ i} r_k for i = 0..=len.
    pub(super) suffix: &'a [u32],
    pub(super) blocks: &'a Blocks,
}

impl BlockRows<'_> {
    /// The rows (start, end) of the run of equal totals that holds row i.
    pub(super) fn block_around(&self, i: usize) -> (usize, usize) {
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

    pub(super) fn ln_choose(&self, n: u32, k: u32) -> f64 {
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
    pub(super) fn canonical_share(
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
    pub(super) fn block_terms(
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
    pub(super) fn partial_descend(
        &mut self,
        t: &PartialColumn,
        at: Prefix,
        x: &mut [u32; MAX_NODE_LEN],
        open: std::ops::Range<usize>,
        p: &mut Sum,
    ) -> Result<bool, ExactStopped> {
        let Prefix {
            i,
            rest,
            sum_lf_x,
            ln_binoms,
        } = at;
        let (mut lo, mut hi) = (open.start, open.end);
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
            self.line(t, at, x, lo..hi, p)?;
            return Ok(false);
        }
        if i >= 1 && i + 3 == t.len && t.view.stage + 3 == net.cols.len() && net.tuning.lines {
            self.fan(t, at, x, lo..hi, p)?;
            return Ok(false);
        }
        let (lo_x, hi_x) = t.entry_range(i, rest, x, symmetry);
        for v in lo_x..=hi_x {
            x[i] = v;
            let next = at.then(v, t.view.node[i], net);
            self.partial_descend(t, next, x, lo..hi, p)?;
        }
        Ok(false)
    }
}

impl Worker<'_, '_, '_> {
    /// The canonical edges of the line x_i = v, x_{i+1} = rest − v (within
    /// a block of equal totals entries do not increase), as the range of v;
    /// None when there is none. With `after_fixed` false, x_i may exceed
    /// x_{i−1} in a block (the two rows' order within the line is still
    /// canonical: that half holds the line's maximum).
    pub(super) fn line_range(
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
    pub(super) fn line_max(
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
    pub(super) fn fan(
        &mut self,
        t: &PartialColumn,
        at: Prefix,
        x: &mut [u32; MAX_NODE_LEN],
        open: std::ops::Range<usize>,
        p: &mut Sum,
    ) -> Result<(), ExactStopped> {
        let Prefix {
            i, rest, ln_binoms, ..
        } = at;
        let (lo, hi) = (open.start, open.end);
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
            worker.partial_descend(t, at.then(v, node[i], net), x, lo..hi, p)
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
    pub(super) fn line(
        &mut self,
        t: &PartialColumn,
        at: Prefix,
        x: &mut [u32; MAX_NODE_LEN],
        open: std::ops::Range<usize>,
        p: &mut Sum,
    ) -> Result<(), ExactStopped> {
        let Prefix {
            i, rest, ln_binoms, ..
        } = at;
        let (lo, hi) = (open.start, open.end);
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
        let mut line_children = LineChildren {
            seen: &mut seen,
            v_lo,
            i,
            rest,
            len,
        };
        let mut at = |worker: &mut Self, x: &mut [u32; MAX_NODE_LEN], v: u32| {
            line_children.at(worker, view, x, v)
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
