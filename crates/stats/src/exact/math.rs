//! Small numerical helpers: log-sums, sums of log-concave terms, binomial
//! pairs, compositions and Pascal's triangle.

use super::*;

/// log(e^x + e^y), without overflow.
pub(super) fn log_add(x: f64, y: f64) -> f64 {
    let (hi, lo) = if x >= y { (x, y) } else { (y, x) };
    hi + (lo - hi).exp().ln_1p()
}

/// Σ_{from ≤ v < to} weight(v) · e^ln_term(v) for the terms
/// term(v) = C(r, v) · C(s, rest − v) of `pair`, which rise and then fall
/// (log-concave in v): one exp, at the largest term, and the others by
/// ratios outward from it, so that only terms far below the largest can
/// underflow.
pub(super) fn sum_log_concave(
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
pub(super) struct BinomialPair {
    pub(super) r: u32,
    pub(super) s: u32,
    pub(super) rest: u32,
}

impl BinomialPair {
    /// term(v + 1) / term(v), for v + 1 ≤ min(r, rest).
    pub(super) fn up(self, v: u32) -> f64 {
        let (r, s, rest) = (self.r, self.s, self.rest);
        f64::from(r - v) * f64::from(rest - v) / (f64::from(v + 1) * f64::from(s + v + 1 - rest))
    }

    /// term(v) / term(v + 1), for v + 1 ≤ min(r, rest): `up` upside down,
    /// one division where dividing by `up` took two.
    pub(super) fn down(self, v: u32) -> f64 {
        let (r, s, rest) = (self.r, self.s, self.rest);
        f64::from(v + 1) * f64::from(s + v + 1 - rest) / (f64::from(r - v) * f64::from(rest - v))
    }

    /// The mode of the hypergeometric distribution these terms are
    /// proportional to, ⌊(rest + 1)(r + 1) / (r + s + 2)⌋: where
    /// `sum_log_concave` starts looking for the largest term.
    pub(super) fn mode(self) -> u32 {
        let (r, s, rest) = (u64::from(self.r), u64::from(self.s), u64::from(self.rest));
        ((rest + 1) * (r + 1) / (r + s + 2)) as u32
    }
}

/// The maximum of a concave f on [lo, hi] and where it is, climbing from
/// `start`: up while f rises, else down while it rises (ties stop the climb;
/// for a concave f the value found is the maximum either way).
pub(super) fn climb(lo: u32, hi: u32, start: u32, mut f: impl FnMut(u32) -> f64) -> (u32, f64) {
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
pub(super) fn count_compositions(r: &[u32], c: u32, cap: u64) -> u64 {
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

/// Calls `f` with every vector x, 0 ≤ x_i ≤ r_i, Σ x_i = c.
pub(super) fn for_each_composition(r: &[u32], c: u32, mut f: impl FnMut(&[u32])) {
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

/// Neumaier's compensated sum, for adding many small probabilities.
#[derive(Default)]
pub(super) struct Sum {
    pub(super) s: f64,
    pub(super) c: f64,
}

impl Sum {
    pub(super) fn add(&mut self, v: f64) {
        let t = self.s + v;
        if self.s.abs() >= v.abs() {
            self.c += (self.s - t) + v;
        } else {
            self.c += (v - t) + self.s;
        }
        self.s = t;
    }
    pub(super) fn value(&self) -> f64 {
        self.s + self.c
    }
}

/// Pascal's triangle up to the last two columns' total (every node with
/// two columns left has that total), built once per table: nodes with two
/// columns left look up their binomial rows instead of computing them
/// (on 表3, 488 such nodes each needed about 180 divisions).
#[derive(Default)]
pub(super) struct Pascal {
    /// Row n (C(n, 0..=n)) starts at n(n + 1)/2.
    pub(super) cells: Vec<f64>,
}

impl Pascal {
    /// Rows 0..=n, by C(n, k) = C(n − 1, k − 1) + C(n − 1, k): exact up to
    /// 2⁵³ and within n units in the last place beyond.
    pub(super) fn new(n: u32) -> Self {
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

    pub(super) fn row(&self, n: u32) -> &[f64] {
        let n = n as usize;
        &self.cells[n * (n + 1) / 2..(n + 1) * (n + 2) / 2]
    }
}

/// Σ_{k ≥ i} r_k for i = 0..=len.
pub(super) fn suffix_sums(node: &[u32]) -> [u32; MAX_NODE_LEN + 1] {
    let mut suffix = [0u32; MAX_NODE_LEN + 1];
    for i in (0..node.len()).rev() {
        suffix[i] = suffix[i + 1] + node[i];
    }
    suffix
}

/// The proportional split of `rest` between totals a and b: where the
/// most probable tables lie, a good start for a climb. (Both may be 0, with
/// rest = 0.)
pub(super) fn split(rest: u32, a: u32, b: u32) -> u32 {
    (u64::from(rest) * u64::from(a) / u64::from(a + b).max(1)) as u32
}
