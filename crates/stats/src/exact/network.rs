//! The network: nodes, their bounds on the most and least probable
//! completion (Lagrangian and greedy in general, exact with two columns
//! left), and the blocks of equal row totals that make edges canonical.

use super::*;

#[derive(Clone, Copy)]
pub(super) struct Bounds {
    /// An upper bound on the largest log-weight of a completion (the most
    /// probable rest of the table); exact for the last two stages.
    pub(super) longest: f64,
    /// A lower bound on the smallest log-weight of a completion.
    pub(super) shortest: f64,
    /// log Σ over completions of their weight = log(M!/Π r_i!).
    pub(super) log_total: f64,
}

pub(super) struct Network<'a> {
    /// Stage sizes (the longer side's totals, in processing order).
    pub(super) cols: Vec<u32>,
    /// For each stage, the sizes of the stages from there on, sorted decreasing.
    pub(super) rest_sorted: Vec<Vec<u32>>,
    /// Σ log C_j! over the stages from each stage on.
    pub(super) rest_lf: Vec<f64>,
    pub(super) len: usize,
    pub(super) lf: Vec<f64>,
    /// log k for k = 0..=n (log 0 unused).
    pub(super) ln: Vec<f64>,
    pub(super) opts: &'a ExactOptions<'a>,
    pub(super) started: Instant,
    pub(super) tuning: Tuning,
    /// Binomial rows for the nodes with two columns left (empty when their
    /// total is over `TWO_COLUMN_PRODUCT_LIMIT`).
    pub(super) pascal: Pascal,
}

impl Network<'_> {
    pub(super) fn log_total(&self, key: &[u32]) -> f64 {
        let m: u32 = key.iter().sum();
        self.lf[m as usize] - key.iter().map(|&v| self.lf[v as usize]).sum::<f64>()
    }

    pub(super) fn compute_bounds(&self, stage: usize, r: &[u32]) -> Bounds {
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
    pub(super) fn two_column_bounds(&self, r: &[u32], a: u32, b: u32, log_total: f64) -> Bounds {
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
    pub(super) fn two_column_ladder(&self, r: &[u32], a: u32, b: u32) -> Option<Ladder> {
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
    pub(super) fn min_sum_lf_lower_bound(&self, r: &[u32], c: &[u32]) -> f64 {
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
    pub(super) fn max_sum_lf_upper_bound(&self, r: &[u32], c: &[u32]) -> f64 {
        let greedy = |sizes: &[u32], caps: &[u32]| -> f64 {
            sizes.iter().map(|&s| self.poured(s, caps)).sum()
        };
        // r is sorted decreasing (a node key); c is sorted decreasing.
        greedy(c, r).min(greedy(r, c))
    }

    /// Σ log x! when `amount` is poured into `caps` (sorted decreasing),
    /// filling the largest first: the largest Σ log x! over the ways to
    /// split it (log x! is convex, so the most concentrated split wins).
    pub(super) fn poured(&self, amount: u32, caps: &[u32]) -> f64 {
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

/// The blocks of equal totals (runs of two or more) of a sorted node.
///
/// Edges that differ only by the order of their entries within a block
/// lead to the same child (its key is sorted) with the same weight, so one
/// of them stands for all: the one whose entries do not increase within
/// each block, counted `orderings` times. The runs are found once per node:
/// counting them afresh for every edge took 12 % of the time on the 4×4
/// n = 200 table.
#[derive(Clone, Copy, Default)]
pub(super) struct Blocks {
    pub(super) n: usize,
    pub(super) runs: [(u8, u8); MAX_NODE_LEN / 2],
}

impl Blocks {
    pub(super) fn of(node: &[u32]) -> Self {
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
    pub(super) fn orderings(&self, x: &[u32]) -> f64 {
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
pub(super) fn run_orderings(y: &[u32]) -> f64 {
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
pub(super) fn canonical(node: &[u32], x: &[u32]) -> bool {
    (1..x.len()).all(|i| node[i] != node[i - 1] || x[i] <= x[i - 1])
}

impl Network<'_> {
    pub(super) fn ln_choose(&self, n: u32, k: u32) -> f64 {
        self.lf[n as usize] - self.lf[k as usize] - self.lf[(n - k) as usize]
    }

    /// A lower bound on the minimum of Σ log n! over the tables below a
    /// partial column: rows j < i have x_j fixed in the current column and
    /// fill only the columns after it with r_j − x_j; rows j ≥ i fill all of
    /// them (`rest` of the current column, then the others). As
    /// `min_sum_lf_lower_bound` for whole tables — the Lagrangian bound
    /// holds for any multipliers, so the cells the fixed rows cannot use are
    /// simply left out.
    pub(super) fn partial_min_lower_bound(
        &self,
        t: &PartialColumn,
        x: &[u32],
        i: usize,
        rest: u32,
    ) -> f64 {
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
    pub(super) fn partial_max_upper_bound(
        &self,
        t: &PartialColumn,
        x: &[u32],
        i: usize,
        rest: u32,
    ) -> f64 {
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
