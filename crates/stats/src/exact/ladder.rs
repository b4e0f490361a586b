//! Ladders: a two-column child's completions sorted by weight, with the
//! cumulative weights, so that an edge's open pasts are settled by look-ups.

use super::*;

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
pub(super) struct Ladder {
    pub(super) g: Vec<f64>,
    pub(super) log_cumulative: Vec<f64>,
    /// Each step's weight and the running sums on the linear scale,
    /// relative to the total weight (e^(log − log_total)), when the weights
    /// span less than `LINEAR_SPAN` (else empty: they could underflow).
    /// `cumulative[j]` sums the first j steps (`cumulative[0]` = 0), so that
    /// `count_at_most` indexes it directly.
    pub(super) weight: Vec<f64>,
    pub(super) cumulative: Vec<f64>,
    /// `g` cut into equal intervals (`Intervals`); `g` ends with as many
    /// +∞ as the intervals need.
    pub(super) start: Vec<u32>,
    pub(super) intervals: Intervals,
}

impl Ladder {
    /// The number of steps g ≤ t.
    #[inline(always)]
    pub(super) fn count_at_most(&self, t: f64) -> usize {
        self.intervals.count_at_most(&self.g, &self.start, t)
    }
}

/// Sorted values (a ladder's steps, a node's pasts) cut into equal
/// intervals from the first: interval b holds the values
/// g[start[b]..start[b + 1]], so the values at or below any t are found by
/// one look-up and a scan of one interval (`count_at_most`).
#[derive(Clone, Copy, Default)]
pub(super) struct Intervals {
    /// g[0], the intervals per unit of g, and the last interval's index.
    pub(super) origin: f64,
    pub(super) inv_width: f64,
    pub(super) last: f64,
    /// The most values in one interval.
    pub(super) widest: usize,
}

impl Intervals {
    /// Cuts the values g[from..] (increasing, at least one) into
    /// `INTERVALS_PER_STEP` times as many intervals of equal width, appends
    /// their starts (counted from `from`) to `start`, and pads `g` with
    /// `widest` (at least `SCAN`) values at +∞ for `count_at_most`.
    pub(super) fn cut(g: &mut Vec<f64>, from: usize, start: &mut Vec<u32>) -> Self {
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
    pub(super) fn interval(&self, t: f64) -> usize {
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
    pub(super) fn count_at_most(&self, g: &[f64], start: &[u32], t: f64) -> usize {
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
    pub(super) fn weigh(&self, cut: f64, pasts: &[(f64, f64)], weights: &[f64]) -> f64 {
        let mut sum = 0.0;
        for (&(past, _), &weight) in pasts.iter().zip(weights) {
            sum += weight * self.cumulative[self.count_at_most(cut - past)];
        }
        sum
    }
}

/// An edge's log-weight, its child's key, the child's bounds and its
/// bucket (`Memo::buckets`).
#[derive(Clone, Copy)]
pub(super) struct Child {
    pub(super) w: f64,
    pub(super) key: Key,
    pub(super) bounds: Bounds,
    pub(super) bucket: u32,
}

/// An edge into a child: its log-weight, and how many edges it stands for
/// (the orderings of equal row totals walked once).
#[derive(Clone, Copy)]
pub(super) struct Edge {
    pub(super) w: f64,
    pub(super) times: f64,
}

/// Adds the share of p of the pasts `open` of a node (each with some but
/// not all of its completions counting) along an edge of weight w to a
/// two-column child, from the child's ladder; see `Ladder`.
pub(super) fn settle_on_ladder(
    ladder: &Ladder,
    list: PastList,
    threshold: f64,
    edge: Edge,
    open: std::ops::Range<usize>,
    p: &mut Sum,
) {
    let Edge { w, times } = edge;
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
