//! Nodes with two columns left, settled on the product scale (Vandermonde's
//! identity for whole sub-trees).

use super::*;

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
pub(super) struct TwoColumns<'p> {
    pub(super) len: usize,
    /// The node's rows in the order they are enumerated (`new`).
    pub(super) node: [u32; MAX_NODE_LEN],
    /// Σ_{k ≥ i} r_k, in that order.
    pub(super) suffix: [u32; MAX_NODE_LEN + 1],
    pub(super) a: u32,
    /// log(a! b! / Π r_i!).
    pub(super) ln_c0: f64,
    pub(super) threshold: f64,
    /// The pasts, increasing.
    pub(super) pv: &'p [(f64, f64)],
    pub(super) prefix: &'p [f64],
    pub(super) top: f64,
    pub(super) pascal: &'p Pascal,
    /// Products at or below: every past counts; above `none_above`: none.
    pub(super) all_below: f64,
    pub(super) none_above: f64,
    /// Σ of products of completions where every past counts (plain sums:
    /// the terms are all positive, so the relative error stays under
    /// (terms)·ε, far inside the 10⁻⁷ tolerance, and Neumaier's correction
    /// cost more than the rest of the leaf).
    pub(super) sum_all: f64,
    /// Σ of prefix(pasts that count) · product for the others.
    pub(super) sum_part: f64,
}

/// Buffers reused from node to node.
#[derive(Default)]
pub(crate) struct Scratch {
    /// For each past, the largest product of a completion that it counts
    /// with: e^(threshold − past − ln_c0).
    pub(super) limits: Vec<f64>,
    /// A node's pasts as integer sort keys (`past_key`).
    pub(super) keys: Vec<u128>,
}

impl<'p> TwoColumns<'p> {
    pub(super) fn new(
        net: &'p Network,
        node: &[u32],
        columns: [u32; 2],
        pasts: PastList<'p>,
        threshold: f64,
    ) -> Self {
        let [a, b] = columns;
        let (pv, prefix) = (pasts.pv, pasts.prefix);
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

    pub(super) fn run(&mut self, scratch: &mut Scratch) {
        scratch.limits.clear();
        scratch.limits.extend(
            self.pv
                .iter()
                .map(|&(past, _)| (self.threshold - past - self.ln_c0).exp()),
        );
        self.descend(scratch, 0, self.a, 1.0);
    }

    pub(super) fn descend(&mut self, scratch: &Scratch, i: usize, rest: u32, partial: f64) {
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
    pub(super) fn last_two(&mut self, limits: &[f64], i: usize, rest: u32, partial: f64) {
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
    pub(super) fn straddle(&mut self, product: f64, limits: &[f64]) {
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

    pub(super) fn leaf(&mut self, product: f64, limits: &[f64]) {
        if product <= self.all_below {
            self.sum_all += product;
        } else if product <= self.none_above {
            self.straddle(product, limits);
        }
    }

    /// Adds the node's share of p: e^(top + ln_c0) · (all paths · Σ_all +
    /// Σ_part), taken through logarithms so that neither factor overflows.
    pub(super) fn add_to(&self, p: &mut Sum) {
        let all_paths = self.prefix[self.pv.len()];
        let base = self.top + self.ln_c0;
        for part in [all_paths * self.sum_all, self.sum_part] {
            if part > 0.0 {
                p.add((base + part.ln()).exp());
            }
        }
    }
}
