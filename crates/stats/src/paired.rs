//! Tests of a change within the same respondents measured twice (a council's
//! checklist at two handovers): McNemar's test and the exact binomial test
//! of one yes/no item, and the Wilcoxon signed-rank test of scores, as R's
//! `mcnemar.test`, `binom.test` and `wilcox.test(paired = TRUE)` compute them.

use crate::change::binomial_exact_p;
use crate::ranks::midranks;
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

/// McNemar's test of one item answered twice: `gained` respondents went from
/// no to yes, `lost` from yes to no (the discordant pairs; the concordant
/// ones do not enter).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct McNemar {
    /// X² = (|b − c| − 1)² / (b + c), with the continuity correction, as
    /// `mcnemar.test(correct = TRUE)` (R's default; R leaves the correction
    /// out when b = c, so X² is then 0); 1 degree of freedom.
    pub statistic: f64,
    pub p: f64,
    /// The exact two-sided p: b given b + c is binomial with p = ½ under
    /// the null (`binom.test(b, b + c)`); the one to read when b + c is small.
    pub exact_p: f64,
}

/// McNemar's test and its exact binomial version. `None` when no pair is
/// discordant (b + c = 0: R's X² is then NaN, and nothing changed).
pub fn mcnemar(gained: u64, lost: u64) -> Option<McNemar> {
    let n = gained + lost;
    if n == 0 {
        return None;
    }
    let correction = if gained == lost { 0.0 } else { 1.0 };
    let diff = (gained as f64 - lost as f64).abs() - correction;
    let statistic = diff * diff / n as f64;
    let p = ChiSquared::new(1.0).map_or(f64::NAN, |d| d.sf(statistic));
    Some(McNemar {
        statistic,
        p,
        exact_p: binomial_exact_p(gained, n, 0.5),
    })
}

/// The Wilcoxon signed-rank test of paired scores.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SignedRank {
    /// V = the sum of the ranks of |after − before| over the pairs that rose.
    pub v: f64,
    pub p: f64,
    /// Whether p is exact (under 50 non-zero differences, none tied and none
    /// zero, as R decides); otherwise the normal approximation with the tie
    /// and continuity corrections.
    pub exact: bool,
    /// Pairs with a non-zero difference (those ranked).
    pub nonzero: usize,
    /// The median of after − before over every pair.
    pub median_change: f64,
}

/// The number of subsets of {1, …, n} by their sum: the null distribution
/// of V without ties (`dsignrank` × 2ⁿ).
fn signed_rank_counts(n: usize) -> Vec<f64> {
    let max = n * (n + 1) / 2;
    let mut counts = vec![0.0f64; max + 1];
    counts[0] = 1.0;
    for rank in 1..=n {
        for s in (rank..=max).rev() {
            counts[s] += counts[s - rank];
        }
    }
    counts
}

/// Wilcoxon signed-rank, two-sided, of `after − before`, as
/// `wilcox.test(after, before, paired = TRUE)`: zero differences are dropped
/// (and force the normal approximation, as in R). `None` when the pairs
/// differ in length or no difference is non-zero.
pub fn signed_rank(before: &[f64], after: &[f64]) -> Option<SignedRank> {
    if before.len() != after.len() || before.is_empty() {
        return None;
    }
    let all: Vec<f64> = after.iter().zip(before).map(|(a, b)| a - b).collect();
    let zeroes = all.contains(&0.0);
    let d: Vec<f64> = all.iter().copied().filter(|x| *x != 0.0).collect();
    let n = d.len();
    if n == 0 {
        return None;
    }
    let abs: Vec<f64> = d.iter().map(|x| x.abs()).collect();
    let (ranks, ties) = midranks(&abs);
    let v: f64 = ranks
        .iter()
        .zip(&d)
        .filter(|(_, x)| **x > 0.0)
        .map(|(r, _)| r)
        .sum();
    let nf = n as f64;
    let mean = nf * (nf + 1.0) / 4.0;
    let tied = ties.iter().any(|&t| t > 1);
    let exact = n < 50 && !tied && !zeroes;
    let p = if exact {
        let counts = signed_rank_counts(n);
        let total: f64 = counts.iter().sum();
        let v_int = v.round() as usize;
        let tail = if v > mean {
            counts[v_int..].iter().sum::<f64>()
        } else {
            counts[..=v_int].iter().sum::<f64>()
        };
        (2.0 * tail / total).min(1.0)
    } else {
        let tie_term: f64 = ties.iter().map(|&t| (t * t * t - t) as f64).sum::<f64>() / 48.0;
        let sigma = (nf * (nf + 1.0) * (2.0 * nf + 1.0) / 24.0 - tie_term).sqrt();
        let z = v - mean;
        if sigma > 0.0 {
            let z = (z - 0.5 * z.signum()) / sigma;
            let normal = Normal::standard();
            (2.0 * normal.cdf(z).min(normal.sf(z))).min(1.0)
        } else {
            1.0
        }
    };
    Some(SignedRank {
        v,
        p,
        exact,
        nonzero: n,
        median_change: median(&all),
    })
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_rank_counts_sum_to_two_to_the_n() {
        for n in 1..20 {
            let total: f64 = signed_rank_counts(n).iter().sum();
            assert_eq!(total, 2f64.powi(n as i32));
        }
    }

    #[test]
    fn mcnemar_needs_a_discordant_pair() {
        assert!(mcnemar(0, 0).is_none());
        // mcnemar.test(matrix(c(5, 1, 6, 5), 2)): X² = (|6 − 1| − 1)²/7.
        let t = mcnemar(6, 1).unwrap();
        assert!((t.statistic - 16.0 / 7.0).abs() < 1e-15);
        // binom.test(6, 7)$p.value = 0.125
        assert!((t.exact_p - 0.125).abs() < 1e-12);
        // b = c: no correction, X² = 0 and p = 1 (as R).
        let t = mcnemar(2, 2).unwrap();
        assert_eq!((t.statistic, t.p), (0.0, 1.0));
    }

    #[test]
    fn no_change_has_no_signed_rank_test() {
        assert!(signed_rank(&[1.0, 2.0], &[1.0, 2.0]).is_none());
        assert!(signed_rank(&[1.0], &[1.0, 2.0]).is_none());
    }
}
