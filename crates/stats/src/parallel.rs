//! Parallel analysis (Horn 1965) as `psych::fa.parallel` computes it with
//! its defaults (`fa = "both"`, `sim = TRUE`, `quant = 0.95`): keep as many
//! components (factors) as there are leading eigenvalues of the data above
//! the 95th percentile of the same eigenvalues from random data of the
//! same size.
//!
//! Each of the `iterations` draws, in psych's order from one R stream
//! (`r_random`): every column resampled with replacement (drawn again
//! while any column comes out constant, as psych does), then n × p
//! standard normals filled column by column. From each, the eigenvalues
//! of the correlation matrix (components) and of the matrix reduced by a
//! one-factor fit (factors, `factor::one_factor_eigenvalues`). psych runs
//! its iterations with `parallel::mclapply`, whose forked workers all start
//! from the parent's seed; with `options(mc.cores = 1)` they run in turn
//! from one stream, which is what is reproduced here.

use crate::factor::{Extraction, correlations, eigenvalues, one_factor_eigenvalues};
use crate::polychoric::{Correlation, LatentError, correlate};
use crate::r_random::RRandom;
use nalgebra::DMatrix;
use rayon::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, Copy)]
pub struct ParallelOptions {
    pub iterations: usize,
    /// `set.seed`'s argument.
    pub seed: i32,
    pub extraction: Extraction,
    /// The percentile of the random eigenvalues an observed one must exceed.
    pub quantile: f64,
    /// The correlations of the data and of its resamples (psych's `cor`);
    /// the simulated normal data are always Pearson, as in psych.
    pub correlation: Correlation,
}

/// One kind of eigenvalue (components or factors), by position.
#[derive(Debug, Clone, Serialize)]
pub struct Eigenvalues {
    pub observed: Vec<f64>,
    /// Mean and `quantile` over the simulated normal data.
    pub simulated_mean: Vec<f64>,
    pub simulated_quantile: Vec<f64>,
    /// Mean and `quantile` over the resampled data.
    pub resampled_mean: Vec<f64>,
    pub resampled_quantile: Vec<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParallelAnalysis {
    pub iterations: usize,
    pub seed: i32,
    pub quantile: f64,
    pub components: Eigenvalues,
    pub factors: Eigenvalues,
    /// Leading observed eigenvalues above the simulated quantile (psych's
    /// `ncomp` and `nfact`; psych gives NA where all of them are above,
    /// here the number of items).
    pub suggested_components: usize,
    pub suggested_factors: usize,
    /// Resamples drawn again because a column came out constant.
    pub redrawn: usize,
    /// Random data sets (resampled and simulated, of 2 × iterations) whose
    /// one-factor fit ended on the lower bound of a uniqueness (a Heywood
    /// case): their factor eigenvalues depend on where an optimizer stops.
    pub heywood: usize,
    /// The observed data's one-factor fit is a Heywood case.
    pub observed_heywood: bool,
    /// Random correlation matrices (of 2 × iterations) that are singular or
    /// nearly so (smallest eigenvalue below 1e-3): resampling fewer rows
    /// than items, or barely more, gives them. The ML fit needs R⁻¹, so
    /// there its random factor eigenvalues are not determined (two
    /// optimizers stop up to 0.03 apart on the checklist example, 33 rows
    /// for 32 items); minres does not need it.
    pub near_singular: usize,
}

/// Why the analysis cannot be run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParallelNotComputable {
    /// Fewer than 3 complete rows or fewer than 2 items.
    TooFew,
    /// An item without variance.
    ConstantItem,
    /// The items do not suit the correlation asked for (tetrachoric needs
    /// two values, polychoric whole numbers in at most 8 categories).
    Correlation(LatentError),
    /// 1000 resamples in a row had a constant column.
    ResamplesConstant,
}

/// The R quantile of type 7 (R's default): linear between order statistics
/// at 1 + (n − 1)q.
fn quantile7(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let index = (values.len() - 1) as f64 * q;
    let lo = index.floor() as usize;
    let h = index - lo as f64;
    if h == 0.0 || lo + 1 >= values.len() {
        values[lo]
    } else {
        (1.0 - h) * values[lo] + h * values[lo + 1]
    }
}

fn summarize(draws: &[Vec<f64>], q: f64) -> (Vec<f64>, Vec<f64>) {
    let p = draws[0].len();
    (0..p)
        .map(|j| {
            let mut column: Vec<f64> = draws.iter().map(|d| d[j]).collect();
            let mean = column.iter().sum::<f64>() / column.len() as f64;
            (mean, quantile7(&mut column, q))
        })
        .unzip()
}

/// Leading values of `observed` above `bound`, position by position.
fn leading_above(observed: &[f64], bound: &[f64]) -> usize {
    observed
        .iter()
        .zip(bound)
        .take_while(|(o, b)| o > b)
        .count()
}

/// The eigenvalues one correlation matrix gives.
struct Spectra {
    components: Vec<f64>,
    /// Of the matrix reduced by a one-factor fit.
    factors: Vec<f64>,
    /// The fit ended on a uniqueness's lower bound.
    heywood: bool,
}

impl Spectra {
    fn of(r: &DMatrix<f64>, how: Extraction) -> Spectra {
        let (factors, heywood) =
            one_factor_eigenvalues(r, how).unwrap_or_else(|| (vec![f64::NAN; r.nrows()], false));
        Spectra {
            components: eigenvalues(r),
            factors,
            heywood,
        }
    }
}

fn rows_of(columns: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = columns[0].len();
    (0..n)
        .map(|i| columns.iter().map(|c| c[i]).collect())
        .collect()
}

/// Parallel analysis of complete `rows` (one Vec per respondent).
pub fn parallel_analysis(
    rows: &[Vec<f64>],
    opts: ParallelOptions,
) -> Result<ParallelAnalysis, ParallelNotComputable> {
    let n = rows.len();
    let p = rows.first().map_or(0, Vec::len);
    if n < 3 || p < 2 || opts.iterations == 0 {
        return Err(ParallelNotComputable::TooFew);
    }
    let observed = match correlate(opts.correlation, rows) {
        Ok(latent) => latent.matrix,
        Err(LatentError::Constant { .. }) => return Err(ParallelNotComputable::ConstantItem),
        Err(e) => return Err(ParallelNotComputable::Correlation(e)),
    };
    let columns: Vec<Vec<f64>> = (0..p)
        .map(|j| rows.iter().map(|r| r[j]).collect())
        .collect();
    // The draws come from one stream in psych's order; the eigenvalues of
    // the correlation matrices they give are then found in parallel.
    let mut random = RRandom::new(opts.seed);
    let mut redrawn = 0;
    let mut matrices: Vec<(DMatrix<f64>, DMatrix<f64>)> = Vec::with_capacity(opts.iterations);
    for _ in 0..opts.iterations {
        let resampled = loop {
            let sample: Vec<Vec<f64>> = columns
                .iter()
                .map(|c| (0..n).map(|_| c[random.index(n)]).collect())
                .collect();
            match correlate(opts.correlation, &rows_of(&sample)).ok() {
                Some(r) => break r.matrix,
                None if redrawn < 1000 => redrawn += 1,
                None => return Err(ParallelNotComputable::ResamplesConstant),
            }
        };
        let normal: Vec<Vec<f64>> = (0..p)
            .map(|_| (0..n).map(|_| random.norm()).collect())
            .collect();
        let simulated =
            correlations(&rows_of(&normal)).ok_or(ParallelNotComputable::ConstantItem)?;
        matrices.push((resampled, simulated));
    }
    let how = opts.extraction;
    let spectra = |r: &DMatrix<f64>| Spectra::of(r, how);
    let drawn: Vec<[Spectra; 2]> = matrices
        .par_iter()
        .map(|(resampled, simulated)| [spectra(resampled), spectra(simulated)])
        .collect();
    let all = || drawn.iter().flatten();
    let heywood = all().filter(|s| s.heywood).count();
    let near_singular = all()
        .filter(|s| s.components.last().is_some_and(|&v| v < 1e-3))
        .count();
    let observed = spectra(&observed);
    let pick = |source: usize, factors: bool| {
        let draws: Vec<Vec<f64>> = drawn
            .iter()
            .map(|d| {
                let s = &d[source];
                if factors {
                    s.factors.clone()
                } else {
                    s.components.clone()
                }
            })
            .collect();
        summarize(&draws, opts.quantile)
    };
    let (resampled_pc_mean, resampled_pc_q) = pick(0, false);
    let (resampled_fa_mean, resampled_fa_q) = pick(0, true);
    let (simulated_pc_mean, simulated_pc_q) = pick(1, false);
    let (simulated_fa_mean, simulated_fa_q) = pick(1, true);
    let (observed_pc, observed_fa, observed_heywood) =
        (observed.components, observed.factors, observed.heywood);
    Ok(ParallelAnalysis {
        iterations: opts.iterations,
        seed: opts.seed,
        quantile: opts.quantile,
        suggested_components: leading_above(&observed_pc, &simulated_pc_q),
        suggested_factors: leading_above(&observed_fa, &simulated_fa_q),
        components: Eigenvalues {
            observed: observed_pc,
            simulated_mean: simulated_pc_mean,
            simulated_quantile: simulated_pc_q,
            resampled_mean: resampled_pc_mean,
            resampled_quantile: resampled_pc_q,
        },
        factors: Eigenvalues {
            observed: observed_fa,
            simulated_mean: simulated_fa_mean,
            simulated_quantile: simulated_fa_q,
            resampled_mean: resampled_fa_mean,
            resampled_quantile: resampled_fa_q,
        },
        redrawn,
        heywood,
        observed_heywood,
        near_singular,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// R: quantile(c(5, 1, 4, 2, 3, 10, 7), c(0.95, 0.5, 0)) = 9.1, 4, 1.
    #[test]
    fn quantile_is_rs_type_7() {
        let mut v = vec![5.0, 1.0, 4.0, 2.0, 3.0, 10.0, 7.0];
        assert!((quantile7(&mut v, 0.95) - 9.1).abs() < 1e-12);
        assert_eq!(quantile7(&mut v, 0.5), 4.0);
        assert_eq!(quantile7(&mut v, 0.0), 1.0);
    }
}
