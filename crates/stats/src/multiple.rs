//! The test of marginal independence between a single-response grouping
//! (r groups) and a multiple-response question (c options): Bilder &
//! Loughin (2004, "Testing for marginal independence between two
//! categorical variables with multiple responses", Biometrics 60:241–248),
//! the one-MRCV case that the R package MRCV calls MMI.
//!
//! - X²_S = Σ_j X²_j, the sum of the per-option Pearson statistics of the
//!   r × 2 tables (chosen / not chosen by group), with 0.5 added to zero
//!   cells as MRCV does (`add.constant = 0.5`);
//! - its p by the second-order Rao–Scott adjustment: with λ the
//!   eigenvalues of D⁻¹ H Σ H' (Σ the covariance of the groups' option
//!   shares, D its diagonal under independence), X²_S·(r−1)c/Σλ² on
//!   (r−1)²c²/Σλ² degrees of freedom (Bilder & Loughin 2004, appendix);
//! - by a bootstrap under independence: the groups' sizes kept, each
//!   unit's set of choices drawn with replacement from all units;
//! - and the Bonferroni-adjusted minimum of the per-option p, min(c·min p_j, 1).
//!
//! Σλ² is the trace of M² for M = D⁻¹ H Σ H', computed without forming the
//! 2^c response patterns: the covariance block of group i is the
//! covariance of its units' choice vectors divided by the group's share
//! of the units.

use nalgebra::DMatrix;
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};
use statrs::distribution::{ChiSquared, ContinuousCDF};

/// The added count for a zero cell of a per-option table (MRCV's default).
pub const ADD_CONSTANT: f64 = 0.5;

/// The result of the test.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MarginalIndependence {
    /// X²_S, the sum of the per-option statistics.
    pub statistic: f64,
    /// The per-option X²_j (r − 1 df each).
    pub per_option: Vec<f64>,
    /// The Rao–Scott second-order adjusted statistic and its df.
    pub statistic_rao_scott: f64,
    pub df: f64,
    pub p_rao_scott: f64,
    pub p_bootstrap: Option<f64>,
    /// Valid bootstrap resamples used.
    pub bootstrap_replicates: usize,
    /// Resamples drawn but left out: an option everyone or no one chose
    /// has no statistic (MRCV discards them too).
    pub bootstrap_discarded: usize,
    /// Whether the time limit stopped the bootstrap before all resamples.
    pub bootstrap_time_limited: bool,
    pub p_bonferroni: f64,
}

/// Why the test cannot be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotTestable {
    /// Fewer than two groups with respondents.
    FewGroups,
    /// An option everyone or no one chose: its r × 2 table has a zero margin.
    ConstantOption,
}

/// `choices[u]` is unit u's choice vector (c booleans), `group[u]` its group
/// (0..r). Groups without units must have been left out by the caller.
fn per_option(choices: &[Vec<bool>], group: &[usize], r: usize, c: usize) -> Option<Vec<f64>> {
    let mut stats = Vec::with_capacity(c);
    for j in 0..c {
        let mut table = vec![[0.0f64; 2]; r];
        for (ch, &g) in choices.iter().zip(group) {
            table[g][usize::from(!ch[j])] += 1.0;
        }
        let rows: Vec<f64> = table.iter().map(|t| t[0] + t[1]).collect();
        let cols = [
            table.iter().map(|t| t[0]).sum::<f64>(),
            table.iter().map(|t| t[1]).sum::<f64>(),
        ];
        if rows.iter().chain(&cols).any(|&m| m == 0.0) {
            return None;
        }
        // Zero cells get the constant; margins are taken after it, as
        // `chisq.test` does on the adjusted table.
        for t in &mut table {
            for v in t.iter_mut() {
                if *v == 0.0 {
                    *v = ADD_CONSTANT;
                }
            }
        }
        let rows: Vec<f64> = table.iter().map(|t| t[0] + t[1]).collect();
        let cols = [
            table.iter().map(|t| t[0]).sum::<f64>(),
            table.iter().map(|t| t[1]).sum::<f64>(),
        ];
        let n: f64 = rows.iter().sum();
        let mut x2 = 0.0;
        for (i, t) in table.iter().enumerate() {
            for k in 0..2 {
                let e = rows[i] * cols[k] / n;
                x2 += (t[k] - e) * (t[k] - e) / e;
            }
        }
        stats.push(x2);
    }
    Some(stats)
}

/// Σλ² of the Rao–Scott adjustment (see the module docs).
fn sum_eigen_squared(choices: &[Vec<bool>], group: &[usize], r: usize, c: usize) -> f64 {
    let n = choices.len() as f64;
    let mut size = vec![0.0f64; r];
    for &g in group {
        size[g] += 1.0;
    }
    // Pooled option shares π̄_j, and each group's covariance of choices.
    let mut pooled = vec![0.0f64; c];
    for ch in choices {
        for j in 0..c {
            pooled[j] += f64::from(u8::from(ch[j])) / n;
        }
    }
    let rc = r * c;
    let mut sigma = DMatrix::<f64>::zeros(rc, rc);
    for i in 0..r {
        let members: Vec<&Vec<bool>> = choices
            .iter()
            .zip(group)
            .filter(|(_, g)| **g == i)
            .map(|(ch, _)| ch)
            .collect();
        let ni = size[i];
        let mean: Vec<f64> = (0..c)
            .map(|j| members.iter().filter(|ch| ch[j]).count() as f64 / ni)
            .collect();
        let a = ni / n;
        for j in 0..c {
            for k in 0..c {
                let both = members.iter().filter(|ch| ch[j] && ch[k]).count() as f64 / ni;
                sigma[(i * c + j, i * c + k)] = (both - mean[j] * mean[k]) / a;
            }
        }
    }
    // H = I − (J A) ⊗ I_c: each group's share minus the weighted average.
    let mut h = DMatrix::<f64>::identity(rc, rc);
    for i in 0..r {
        for l in 0..r {
            for j in 0..c {
                h[(i * c + j, l * c + j)] -= size[l] / n;
            }
        }
    }
    let d_inv: Vec<f64> = (0..rc)
        .map(|ij| {
            let (i, j) = (ij / c, ij % c);
            let v = (n / size[i]) * pooled[j] * (1.0 - pooled[j]);
            1.0 / v
        })
        .collect();
    let mut m = &h * sigma * h.transpose();
    for (row, d) in d_inv.iter().enumerate() {
        for col in 0..rc {
            m[(row, col)] *= d;
        }
    }
    (&m * &m).trace()
}

/// The test for `choices` by `group` (r groups, c options); `bootstrap`
/// resamples (0: none) from a ChaCha8 stream seeded with `seed`, stopped at
/// `deadline` if one is given (the resamples drawn by then are used, and
/// `bootstrap_time_limited` says so).
pub fn marginal_independence(
    choices: &[Vec<bool>],
    group: &[usize],
    r: usize,
    bootstrap: usize,
    seed: u64,
    deadline: Option<std::time::Instant>,
) -> Result<MarginalIndependence, NotTestable> {
    let c = choices.first().map_or(0, Vec::len);
    if r < 2 {
        return Err(NotTestable::FewGroups);
    }
    let observed = per_option(choices, group, r, c).ok_or(NotTestable::ConstantOption)?;
    let statistic: f64 = observed.iter().sum();
    let (rf, cf) = ((r - 1) as f64, c as f64);
    let chi = ChiSquared::new(rf).map_err(|_| NotTestable::FewGroups)?;
    let p_min = observed.iter().map(|x| chi.sf(*x)).fold(1.0, f64::min);
    let squares = sum_eigen_squared(choices, group, r, c);
    let statistic_rao_scott = rf * cf * statistic / squares;
    let df = rf * rf * cf * cf / squares;
    let p_rao_scott = ChiSquared::new(df).map_or(f64::NAN, |d| d.sf(statistic_rao_scott));
    let (mut used, mut exceed, mut discarded) = (0usize, 0usize, 0usize);
    let mut time_limited = false;
    if bootstrap > 0 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let n = choices.len() as u64;
        let mut draw: Vec<Vec<bool>> = choices.to_vec();
        for _ in 0..bootstrap {
            if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
                time_limited = true;
                break;
            }
            for slot in draw.iter_mut() {
                // An index uniform on 0..n (rejection keeps it unbiased).
                let zone = u64::MAX - u64::MAX % n;
                let k = loop {
                    let v = rng.next_u64();
                    if v < zone {
                        break v % n;
                    }
                };
                slot.clone_from(&choices[k as usize]);
            }
            // Resamples with an option everyone or no one chose have no
            // statistic; MRCV discards them.
            match per_option(&draw, group, r, c) {
                Some(stats) => {
                    used += 1;
                    exceed += usize::from(stats.iter().sum::<f64>() >= statistic);
                }
                None => discarded += 1,
            }
        }
    }
    Ok(MarginalIndependence {
        statistic,
        per_option: observed,
        statistic_rao_scott,
        df,
        p_rao_scott,
        p_bootstrap: (used > 0).then(|| exceed as f64 / used as f64),
        bootstrap_replicates: used,
        bootstrap_discarded: discarded,
        bootstrap_time_limited: time_limited,
        p_bonferroni: (cf * p_min).min(1.0),
    })
}

#[cfg(test)]
mod deadline_tests {
    use super::*;

    #[test]
    fn the_bootstrap_stops_at_its_deadline() {
        let choices: Vec<Vec<bool>> = (0..40).map(|i| vec![i % 2 == 0, i % 3 == 0]).collect();
        let group: Vec<usize> = (0..40).map(|i| i % 2).collect();
        let past = Some(std::time::Instant::now());
        let cut = marginal_independence(&choices, &group, 2, 1999, 1, past).unwrap();
        assert!(cut.bootstrap_time_limited);
        assert_eq!(cut.bootstrap_replicates, 0);
        assert_eq!(cut.p_bootstrap, None);
        let whole = marginal_independence(&choices, &group, 2, 199, 1, None).unwrap();
        assert!(!whole.bootstrap_time_limited);
        assert!(whole.bootstrap_replicates > 0);
    }

    /// A rare option leaves some resamples without anyone choosing it: they
    /// have no statistic and are counted as left out, so that used and
    /// left out add up to the resamples drawn (the output says both).
    #[test]
    fn resamples_left_out_are_counted() {
        let choices: Vec<Vec<bool>> = (0..12).map(|i| vec![i % 2 == 0, i == 0]).collect();
        let group: Vec<usize> = (0..12).map(|i| i % 2).collect();
        let m = marginal_independence(&choices, &group, 2, 1999, 1, None).unwrap();
        assert!(
            m.bootstrap_discarded > 0,
            "one chooser in 12 is often drawn out"
        );
        assert_eq!(m.bootstrap_replicates + m.bootstrap_discarded, 1999);
    }
}
