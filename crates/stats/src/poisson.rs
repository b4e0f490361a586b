//! An observed count against an expected one: the exact Poisson test and
//! confidence limits for the ratio O/E (a standardized ratio, SMR/SIR), as
//! R's `poisson.test(O, E)` computes them, and Byar's approximation.
//!
//! The cost of each function does not grow with the counts: the exact
//! two-sided p finds the other tail's boundary by bisection on the
//! (unimodal) Poisson probabilities instead of summing them one by one.

use statrs::distribution::{ContinuousCDF, Discrete, DiscreteCDF, Normal, Poisson};

/// A two-sided confidence interval for a ratio.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Interval {
    pub lower: f64,
    pub upper: f64,
}

/// χ²(df) is Gamma(df/2, scale 2); see `gamma_quantile` for why not statrs's inversion.
fn chi_square_quantile(p: f64, df: f64) -> f64 {
    crate::gamma::gamma_quantile(p, df / 2.0, 2.0)
}

/// The standard normal quantile z_{1−α/2} of a two-sided `level` (0.95 → 1.96).
pub fn two_sided_z(level: f64) -> f64 {
    Normal::standard().inverse_cdf(1.0 - (1.0 - level) / 2.0)
}

/// Exact ("Garwood") limits of O/E at a two-sided `level`:
/// lower = χ²(α/2; 2O) / 2E, upper = χ²(1−α/2; 2O+2) / 2E, with lower = 0
/// when O = 0 (Garwood 1936; Breslow & Day 1987, vol. II, ch. 2). These are
/// `poisson.test(O, E)$conf.int`. `expected` must be positive.
pub fn exact_interval(observed: u64, expected: f64, level: f64) -> Interval {
    let alpha = 1.0 - level;
    let o = observed as f64;
    let lower = if observed == 0 {
        0.0
    } else {
        chi_square_quantile(alpha / 2.0, 2.0 * o) / (2.0 * expected)
    };
    let upper = chi_square_quantile(1.0 - alpha / 2.0, 2.0 * o + 2.0) / (2.0 * expected);
    Interval { lower, upper }
}

/// Byar's approximation to the exact limits (as given in Breslow & Day
/// 1987, vol. II, ch. 2): lower = O (1 − 1/9O − z/3√O)³ / E,
/// upper = (O+1) (1 − 1/9(O+1) + z/3√(O+1))³ / E; lower = 0 when O = 0.
pub fn byar_interval(observed: u64, expected: f64, level: f64) -> Interval {
    let z = two_sided_z(level);
    let o = observed as f64;
    let lower = if observed == 0 {
        0.0
    } else {
        o * (1.0 - 1.0 / (9.0 * o) - z / (3.0 * o.sqrt())).powi(3) / expected
    };
    let o1 = o + 1.0;
    let upper = o1 * (1.0 - 1.0 / (9.0 * o1) + z / (3.0 * o1.sqrt())).powi(3) / expected;
    Interval {
        lower: lower.max(0.0),
        upper,
    }
}

/// The two-sided exact Poisson p of O given mean E, as `poisson.test(O, E)`
/// defines it: the probability of every count no more likely than O (with
/// R's relative tolerance 1e-7 for ties). Returns 1 when O = E, and for
/// E = 0 returns 1 if O = 0, else 0.
pub fn exact_p(observed: u64, expected: f64) -> f64 {
    if expected <= 0.0 {
        return if observed == 0 { 1.0 } else { 0.0 };
    }
    let Ok(dist) = Poisson::new(expected) else {
        return f64::NAN;
    };
    let x = observed as f64;
    if x == expected {
        return 1.0;
    }
    // Compared on the log scale: R compares `dpois(i) <= d * (1 + 1e-7)`.
    let threshold = dist.ln_pmf(observed) + (1.0f64 + 1e-7).ln();
    let as_unlikely = |i: u64| dist.ln_pmf(i) <= threshold;
    if x < expected {
        // Above the mean the probabilities fall: find the first k ≥ ⌈E⌉ with
        // P(k) ≤ P(O); the tail beyond it is the other side.
        let mut low = expected.ceil() as u64;
        if as_unlikely(low) {
            return dist.cdf(observed) + dist.sf(low - 1).min(1.0);
        }
        let mut high = low.saturating_mul(2).max(low + 1);
        while !as_unlikely(high) {
            low = high;
            high = high.saturating_mul(2);
        }
        // Invariant: P(low) > P(O) ≥ P(high).
        while high - low > 1 {
            let mid = low + (high - low) / 2;
            if as_unlikely(mid) {
                high = mid;
            } else {
                low = mid;
            }
        }
        dist.cdf(observed) + dist.sf(high - 1)
    } else {
        // Below the mean the probabilities rise: the last j ≤ ⌊E⌋ with
        // P(j) ≤ P(O) closes the lower tail (none: the tail is empty).
        let top = expected.floor() as u64;
        let upper_tail = dist.sf(observed - 1);
        if !as_unlikely(0) {
            return upper_tail;
        }
        let (mut low, mut high) = (0u64, top + 1);
        // Invariant: P(low) ≤ P(O); high is past the last such j (or beyond ⌊E⌋).
        while high - low > 1 {
            let mid = low + (high - low) / 2;
            if as_unlikely(mid) {
                low = mid;
            } else {
                high = mid;
            }
        }
        dist.cdf(low) + upper_tail
    }
}

/// The two-sided exact Poisson p of O given mean E by the central rule:
/// twice the smaller tail, min(1, 2 min(P(X ≤ O), P(X ≥ O))) — the p that
/// belongs to the exact (Garwood) interval: at level 1 − α the interval
/// leaves out a ratio of 1 exactly when this p is below α (Garwood 1936;
/// `exactci::poisson.exact(tsmethod = "central")`). `poisson.test`'s p
/// ([`exact_p`], the "minlike" rule) can fall below α while the interval
/// still holds 1. For E = 0 returns 1 if O = 0, else 0.
pub fn central_p(observed: u64, expected: f64) -> f64 {
    if expected <= 0.0 {
        return if observed == 0 { 1.0 } else { 0.0 };
    }
    let Ok(dist) = Poisson::new(expected) else {
        return f64::NAN;
    };
    let lower = dist.cdf(observed);
    let upper = if observed == 0 {
        1.0
    } else {
        dist.sf(observed - 1)
    };
    (2.0 * lower.min(upper)).min(1.0)
}

/// Whether a density is usable (used by the binomial-variance interval).
fn finite_positive(x: f64) -> bool {
    x.is_finite() && x > 0.0
}

/// A log-scale Wald interval for O/E when O is a sum of binomial counts
/// rather than a Poisson count: Var(O) = Σ nᵢ p̂ᵢ (1 − p̂ᵢ) with p̂ᵢ = Oᵢ/nᵢ
/// the area's own stratum proportions, and by the delta method
/// Var(log O/E) = Var(O)/O². For a common condition (a prevalence of 30–40 %,
/// as for BMI ≥ 25 among 特定健診 examinees) the Poisson variance O
/// overstates Var(O) by the factor 1/(1 − p), so the exact Poisson interval
/// is wider than it needs to be; this one is not. Undefined (`None`) when
/// O = 0 or every stratum's proportion is 0 or 1.
pub fn binomial_log_interval(strata: &[(u64, f64)], expected: f64, level: f64) -> Option<Interval> {
    let observed: f64 = strata.iter().map(|&(o, _)| o as f64).sum();
    let variance: f64 = strata
        .iter()
        .filter(|&&(_, n)| n > 0.0)
        .map(|&(o, n)| {
            let p = o as f64 / n;
            n * p * (1.0 - p)
        })
        .sum();
    if !finite_positive(observed) || !finite_positive(variance) || !finite_positive(expected) {
        return None;
    }
    let z = two_sided_z(level);
    let se_log = variance.sqrt() / observed;
    let ratio = observed / expected;
    Some(Interval {
        lower: ratio * (-z * se_log).exp(),
        upper: ratio * (z * se_log).exp(),
    })
}

/// The p-quantile of Poisson(`mean`): the smallest r with P(X ≤ r) ≥ p.
/// Started from the Cornish–Fisher approximation m + z√m + (z² − 1)/6 and
/// stepped to the exact answer, so it costs a few cdf evaluations where
/// statrs's bisection costs some thirty (a national funnel plot traces tens
/// of thousands of limits).
fn poisson_quantile(dist: &Poisson, mean: f64, p: f64) -> u64 {
    let z = Normal::standard().inverse_cdf(p);
    let guess = mean + z * mean.sqrt() + (z * z - 1.0) / 6.0;
    let mut r = guess.round().max(0.0) as u64;
    while dist.cdf(r) < p {
        r += 1;
    }
    while r > 0 && dist.cdf(r - 1) >= p {
        r -= 1;
    }
    r
}

/// Control limits of a funnel plot for a ratio against its expected count
/// (Spiegelhalter 2005, "Funnel plots for comparing institutional
/// performance", Stat Med 24:1185–1202): the exact Poisson limits of O/E
/// when the true ratio is 1, at a two-sided `level`, for an area with
/// expected count `expected` — the p-quantiles of Poisson(E) divided by E,
/// interpolated between integers as Spiegelhalter (2005, appendix A.1.1)
/// does so that the limits are smooth in E.
pub fn funnel_limits(expected: f64, level: f64) -> Interval {
    let alpha = 1.0 - level;
    let Ok(dist) = Poisson::new(expected) else {
        return Interval {
            lower: f64::NAN,
            upper: f64::NAN,
        };
    };
    let limit = |p: f64| {
        // r_p: the smallest r with P(X ≤ r) ≥ p; α interpolates between r−1 and r.
        let r = poisson_quantile(&dist, expected, p);
        let at = dist.pmf(r);
        let fraction = if at > 0.0 {
            (dist.cdf(r) - p) / at
        } else {
            0.0
        };
        (r as f64 - fraction).max(0.0) / expected
    };
    Interval {
        lower: limit(alpha / 2.0),
        upper: limit(1.0 - alpha / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// R: poisson.test(x, T)$p.value, by the summing definition.
    fn p_by_summing(x: u64, m: f64) -> f64 {
        let dist = Poisson::new(m).unwrap();
        let d = dist.pmf(x) * (1.0 + 1e-7);
        let mut total = 0.0;
        for i in 0..(10.0 * m + 100.0) as u64 {
            let p = dist.pmf(i);
            if p <= d {
                total += p;
            }
        }
        total
    }

    #[test]
    fn bisection_agrees_with_summing() {
        for &m in &[0.4, 1.0, 3.7, 10.0, 52.3, 200.0] {
            for x in 0..(3.0 * m + 10.0) as u64 {
                let a = exact_p(x, m);
                let b = p_by_summing(x, m).min(1.0);
                assert!((a - b).abs() <= 1e-12 + 1e-9 * b, "x={x} m={m}: {a} vs {b}");
            }
        }
    }

    #[test]
    fn zero_observed_has_zero_lower_limit() {
        let i = exact_interval(0, 2.5, 0.95);
        assert_eq!(i.lower, 0.0);
        // qchisq(0.975, 2)/2 = -ln(0.025) = 3.6889
        assert!((i.upper * 2.5 - 3.688_879_454).abs() < 1e-8);
        assert_eq!(byar_interval(0, 2.5, 0.95).lower, 0.0);
    }

    #[test]
    fn quantile_by_steps_equals_bisection() {
        for m in [0.3, 1.0, 4.5, 10.0, 77.7, 1234.5, 2.5e5] {
            let d = Poisson::new(m).unwrap();
            for p in [0.001, 0.025, 0.5, 0.975, 0.999] {
                assert_eq!(poisson_quantile(&d, m, p), d.inverse_cdf(p), "m={m} p={p}");
            }
        }
    }

    #[test]
    fn funnel_limits_bracket_one() {
        for e in [2.0, 10.0, 100.0, 1e4] {
            let l = funnel_limits(e, 0.95);
            assert!(l.lower < 1.0 && l.upper > 1.0, "{e}: {l:?}");
            let w = funnel_limits(e, 0.998);
            assert!(w.lower <= l.lower && w.upper >= l.upper);
        }
    }
}
