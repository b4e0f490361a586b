//! Indirect and direct standardization of rates across strata (age bands,
//! sexes). Functions take plain numbers per stratum; matching strata and
//! reading files happen elsewhere.

use super::poisson::Interval;
use crate::gamma::gamma_quantile;

/// One stratum for indirect standardization: the area's count and
/// population, and the standard population's rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndirectStratum {
    pub observed: u64,
    pub population: f64,
    pub standard_rate: f64,
}

/// Observed and expected counts: O = Σ Oᵢ, E = Σ rᵢ nᵢ with rᵢ the
/// standard's rate and nᵢ the area's population in stratum i
/// (Breslow & Day 1987, vol. II, §2.2). The ratio is O/E.
pub fn observed_expected(strata: &[IndirectStratum]) -> (u64, f64) {
    let observed = strata.iter().map(|s| s.observed).sum();
    let expected = strata.iter().map(|s| s.standard_rate * s.population).sum();
    (observed, expected)
}

/// One stratum for direct standardization.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DirectStratum {
    pub count: u64,
    pub population: f64,
    /// The standard population in this stratum (its weight).
    pub standard_population: f64,
}

/// A directly standardized rate and its interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct DirectRate {
    /// Σ counts / Σ population.
    pub crude: f64,
    /// Σ wᵢ cᵢ/nᵢ with wᵢ the standard population's shares.
    pub adjusted: f64,
    pub interval: Interval,
}

/// The directly standardized rate with the gamma interval of Fay & Feuer
/// (1997, "Confidence intervals for directly standardized rates: a method
/// based on the gamma distribution", Stat Med 16:791–801), as
/// `epitools::ageadjust.direct` computes it: with y = the adjusted rate,
/// v = Σ wᵢ² cᵢ/nᵢ² and w_M = maxᵢ wᵢ/nᵢ, the lower limit is the α/2
/// quantile of Gamma(shape y²/v, scale v/y) and the upper the 1 − α/2
/// quantile of Gamma(shape (y+w_M)²/(v+w_M²), scale (v+w_M²)/(y+w_M)).
/// With no events (y = 0) the lower limit is 0. `None` when no stratum has
/// a population or the standard's weights add up to 0.
pub fn direct_rate(strata: &[DirectStratum], level: f64) -> Option<DirectRate> {
    let standard_total: f64 = strata.iter().map(|s| s.standard_population).sum();
    let population: f64 = strata.iter().map(|s| s.population).sum();
    if !(standard_total > 0.0 && population > 0.0) || strata.iter().any(|s| s.population <= 0.0) {
        return None;
    }
    let count: f64 = strata.iter().map(|s| s.count as f64).sum();
    let weight = |s: &DirectStratum| s.standard_population / standard_total;
    let adjusted: f64 = strata
        .iter()
        .map(|s| weight(s) * s.count as f64 / s.population)
        .sum();
    let variance: f64 = strata
        .iter()
        .map(|s| weight(s).powi(2) * s.count as f64 / s.population.powi(2))
        .sum();
    let max_weight = strata
        .iter()
        .map(|s| weight(s) / s.population)
        .fold(0.0, f64::max);
    let alpha = 1.0 - level;
    let lower = if adjusted > 0.0 {
        gamma_quantile(
            alpha / 2.0,
            adjusted.powi(2) / variance,
            variance / adjusted,
        )
    } else {
        0.0
    };
    let (y, v) = (adjusted + max_weight, variance + max_weight.powi(2));
    let upper = gamma_quantile(1.0 - alpha / 2.0, y * y / v, v / y);
    Some(DirectRate {
        crude: count / population,
        adjusted,
        interval: Interval { lower, upper },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indirect_sums_strata() {
        let strata = [
            IndirectStratum {
                observed: 3,
                population: 100.0,
                standard_rate: 0.02,
            },
            IndirectStratum {
                observed: 7,
                population: 50.0,
                standard_rate: 0.1,
            },
        ];
        assert_eq!(observed_expected(&strata), (10, 7.0));
    }

    #[test]
    fn direct_rate_of_a_single_stratum_is_its_rate() {
        let r = direct_rate(
            &[DirectStratum {
                count: 20,
                population: 200.0,
                standard_population: 5.0,
            }],
            0.95,
        )
        .unwrap();
        assert!((r.adjusted - 0.1).abs() < 1e-15);
        assert!(r.interval.lower < 0.1 && r.interval.upper > 0.1);
    }

    #[test]
    fn no_events_has_zero_lower_limit() {
        let r = direct_rate(
            &[DirectStratum {
                count: 0,
                population: 200.0,
                standard_population: 5.0,
            }],
            0.95,
        )
        .unwrap();
        assert_eq!(r.adjusted, 0.0);
        assert_eq!(r.interval.lower, 0.0);
        assert!(r.interval.upper > 0.0);
    }
}
