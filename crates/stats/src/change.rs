//! Tests of a change between two measurements of one indicator (a plan's
//! baseline and current value), as 健康日本21（第二次）最終評価 tests them
//! where the data allow: two proportions with their sample sizes, two event
//! counts with their rates, or two estimates with standard errors.

use statrs::distribution::{Binomial, ContinuousCDF, Discrete, DiscreteCDF, Normal};

/// A test of a change: its statistic and two-sided p.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ChangeTest {
    /// z (or, for the exact count comparison, the current count).
    pub statistic: f64,
    pub p: f64,
}

fn two_sided_normal(z: f64) -> f64 {
    2.0 * Normal::standard().sf(z.abs())
}

/// Two proportions p₁ of n₁ and p₂ of n₂ (shares in [0, 1]): the pooled z
/// test, z = (p₂ − p₁) / √(p̄(1 − p̄)(1/n₁ + 1/n₂)) with p̄ = (n₁p₁ + n₂p₂)/(n₁ + n₂);
/// z² is `prop.test(correct = FALSE)`'s X². `None` when p̄ is 0 or 1.
pub fn two_proportions(p1: f64, n1: f64, p2: f64, n2: f64) -> Option<ChangeTest> {
    let pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    let variance = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2);
    if variance.is_nan() || variance <= 0.0 {
        return None;
    }
    let z = (p2 - p1) / variance.sqrt();
    Some(ChangeTest {
        statistic: z,
        p: two_sided_normal(z),
    })
}

/// Two estimates with standard errors: z = (x₂ − x₁)/√(se₁² + se₂²).
pub fn with_standard_errors(x1: f64, se1: f64, x2: f64, se2: f64) -> Option<ChangeTest> {
    let se = (se1 * se1 + se2 * se2).sqrt();
    if se.is_nan() || se <= 0.0 {
        return None;
    }
    let z = (x2 - x1) / se;
    Some(ChangeTest {
        statistic: z,
        p: two_sided_normal(z),
    })
}

/// The two-sided exact binomial p of `x` successes in `n` trials with
/// success probability `p`, as `binom.test` defines it: the probability of
/// every outcome no more likely than `x` (relative tolerance 1e-7).
pub fn binomial_exact_p(x: u64, n: u64, p: f64) -> f64 {
    let Ok(dist) = Binomial::new(p, n) else {
        return f64::NAN;
    };
    let m = n as f64 * p;
    if x as f64 == m {
        return 1.0;
    }
    let d = dist.pmf(x) * (1.0 + 1e-7);
    let total = if (x as f64) < m {
        let beyond = (m.ceil() as u64..=n).filter(|&i| dist.pmf(i) <= d).count() as u64;
        dist.cdf(x)
            + if beyond == 0 {
                0.0
            } else {
                dist.sf(n - beyond)
            }
    } else {
        let below = (0..=m.floor() as u64).filter(|&i| dist.pmf(i) <= d).count() as u64;
        let lower = if below == 0 { 0.0 } else { dist.cdf(below - 1) };
        lower + dist.sf(x - 1)
    };
    total.min(1.0)
}

/// Two event counts x₁ over exposure t₁ and x₂ over t₂ (deaths behind two
/// rates): the exact conditional test of equal rates, as
/// `poisson.test(c(x₁, x₂), c(t₁, t₂))` computes it — x₁ given x₁ + x₂ is
/// binomial with p = t₁/(t₁ + t₂) under the null. The statistic is x₁.
pub fn two_counts(x1: u64, t1: f64, x2: u64, t2: f64) -> Option<ChangeTest> {
    if !(t1 > 0.0 && t2 > 0.0) || x1 + x2 == 0 {
        return None;
    }
    Some(ChangeTest {
        statistic: x1 as f64,
        p: binomial_exact_p(x1, x1 + x2, t1 / (t1 + t2)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_proportions_give_p_one() {
        let t = two_proportions(0.3, 100.0, 0.3, 200.0).unwrap();
        assert!((t.p - 1.0).abs() < 1e-12);
        assert!(two_proportions(0.0, 10.0, 0.0, 10.0).is_none());
    }

    #[test]
    fn binomial_p_is_one_at_the_mean_and_symmetric() {
        assert_eq!(binomial_exact_p(5, 10, 0.5), 1.0);
        let a = binomial_exact_p(2, 10, 0.5);
        let b = binomial_exact_p(8, 10, 0.5);
        assert!((a - b).abs() < 1e-15);
        // binom.test(2, 10)$p.value = 0.109375
        assert!((a - 0.109375).abs() < 1e-12);
    }
}
