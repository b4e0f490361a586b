//! Rank tests of total scores between groups: Wilcoxon–Mann–Whitney for
//! two groups and Kruskal–Wallis for more, as R's `wilcox.test` and
//! `kruskal.test` compute them.

use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

/// Midranks (1-based) of `values`, and the sizes of the groups of ties.
pub fn midranks(values: &[f64]) -> (Vec<f64>, Vec<usize>) {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut ties = Vec::new();
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let rank = (i + j + 2) as f64 / 2.0;
        for &k in &order[i..=j] {
            ranks[k] = rank;
        }
        ties.push(j - i + 1);
        i = j + 1;
    }
    (ranks, ties)
}

/// The Wilcoxon–Mann–Whitney test of two samples.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Wilcoxon {
    /// W = the first sample's rank sum − n₁(n₁+1)/2 (R's statistic; Mann–Whitney U).
    pub w: f64,
    pub p: f64,
    /// Whether p is exact (no ties and both samples under 50, as R decides).
    pub exact: bool,
    /// The probability of superiority, W/(n₁n₂) (Vargha–Delaney A).
    pub prob_superiority: f64,
    /// r = |z|/√N from the normal approximation (with the tie correction).
    pub r: f64,
}

/// Counts of the rank sums of n₁ ranks out of 1..=n₁+n₂ (the null
/// distribution of W without ties), by dynamic programming: `counts[w]` is
/// the number of subsets whose W is w.
fn wilcoxon_counts(n1: usize, n2: usize) -> Vec<f64> {
    let max_w = n1 * n2;
    // ways[j][s]: subsets of j ranks among those seen so far with W-sum s,
    // where W counts for each chosen rank the unchosen ranks below it.
    let mut ways = vec![vec![0.0f64; max_w + 1]; n1 + 1];
    ways[0][0] = 1.0;
    for rank in 0..n1 + n2 {
        // Choosing this rank with j chosen before adds (rank − j) to W.
        for j in (0..n1.min(rank + 1)).rev() {
            let add = rank - j;
            if add > n2 {
                continue;
            }
            for s in (0..=max_w - add).rev() {
                let w = ways[j][s];
                if w != 0.0 {
                    ways[j + 1][s + add] += w;
                }
            }
        }
    }
    ways.swap_remove(n1)
}

/// Wilcoxon–Mann–Whitney, two-sided, as `wilcox.test(x, y)` (with its
/// continuity correction when not exact). `None` when a sample is empty.
pub fn wilcoxon(x: &[f64], y: &[f64]) -> Option<Wilcoxon> {
    let (n1, n2) = (x.len(), y.len());
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let all: Vec<f64> = x.iter().chain(y).copied().collect();
    let (ranks, ties) = midranks(&all);
    let w = ranks[..n1].iter().sum::<f64>() - (n1 * (n1 + 1)) as f64 / 2.0;
    let (fn1, fn2) = (n1 as f64, n2 as f64);
    let n = fn1 + fn2;
    let tie_term: f64 = ties.iter().map(|&t| (t * t * t - t) as f64).sum::<f64>() / (n * (n - 1.0));
    let sigma = ((fn1 * fn2 / 12.0) * ((n + 1.0) - tie_term)).sqrt();
    let centred = w - fn1 * fn2 / 2.0;
    let z_plain = if sigma > 0.0 { centred / sigma } else { 0.0 };
    let exact = n1 < 50 && n2 < 50 && ties.iter().all(|&t| t == 1);
    let p = if exact {
        let counts = wilcoxon_counts(n1, n2);
        let total: f64 = counts.iter().sum();
        let w_int = w.round() as usize;
        let tail = if w > fn1 * fn2 / 2.0 {
            counts[w_int..].iter().sum::<f64>()
        } else {
            counts[..=w_int].iter().sum::<f64>()
        };
        (2.0 * tail / total).min(1.0)
    } else if sigma > 0.0 {
        let correction = 0.5 * centred.signum();
        let z = (centred - correction) / sigma;
        let normal = Normal::standard();
        2.0 * normal.cdf(z).min(normal.sf(z))
    } else {
        1.0
    };
    Some(Wilcoxon {
        w,
        p: p.min(1.0),
        exact,
        prob_superiority: w / (fn1 * fn2),
        r: z_plain.abs() / n.sqrt(),
    })
}

/// The Kruskal–Wallis test.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct KruskalWallis {
    /// H with the tie correction, as `kruskal.test` reports it.
    pub h: f64,
    pub df: f64,
    pub p: f64,
    /// ε² = H/(N − 1), an effect size in [0, 1] (Tomczak & Tomczak 2014).
    pub epsilon_squared: f64,
}

/// Kruskal–Wallis of several samples (empty ones left out). `None` with
/// fewer than two non-empty samples or no variation.
pub fn kruskal_wallis(groups: &[Vec<f64>]) -> Option<KruskalWallis> {
    let groups: Vec<&Vec<f64>> = groups.iter().filter(|g| !g.is_empty()).collect();
    if groups.len() < 2 {
        return None;
    }
    let all: Vec<f64> = groups.iter().flat_map(|g| g.iter().copied()).collect();
    let n = all.len() as f64;
    let (ranks, ties) = midranks(&all);
    let mut start = 0;
    let mut sum = 0.0;
    for g in &groups {
        let r: f64 = ranks[start..start + g.len()].iter().sum();
        sum += r * r / g.len() as f64;
        start += g.len();
    }
    let h_plain = 12.0 / (n * (n + 1.0)) * sum - 3.0 * (n + 1.0);
    let correction =
        1.0 - ties.iter().map(|&t| (t * t * t - t) as f64).sum::<f64>() / (n * n * n - n);
    if correction <= 0.0 {
        return None;
    }
    let h = h_plain / correction;
    let df = (groups.len() - 1) as f64;
    let p = ChiSquared::new(df).map_or(f64::NAN, |c| c.sf(h));
    Some(KruskalWallis {
        h,
        df,
        p,
        epsilon_squared: h / (n - 1.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn midranks_of_ties() {
        let (r, t) = midranks(&[3.0, 1.0, 3.0, 2.0]);
        assert_eq!(r, vec![3.5, 1.0, 3.5, 2.0]);
        assert_eq!(t, vec![1, 1, 2]);
    }

    #[test]
    fn exact_distribution_counts_every_subset() {
        // C(7, 3) = 35 subsets, W from 0 to 12, symmetric.
        let c = wilcoxon_counts(3, 4);
        assert_eq!(c.iter().sum::<f64>(), 35.0);
        assert_eq!(c.len(), 13);
        for w in 0..13 {
            assert_eq!(c[w], c[12 - w]);
        }
    }
}
