//! Tetrachoric and polychoric correlations as `psych::tetrachoric` and
//! `psych::polychoric` compute them: each item is a normal variable cut at
//! thresholds, and each pair's correlation ρ maximizes the likelihood of
//! the pair's table under the bivariate normal (Olsson 1979, the
//! two-step estimate: thresholds first, from each item's own margins).
//!
//! psych's choices, kept so the numbers agree:
//! - Tetrachoric: thresholds τ = Φ⁻¹(share of the lower value) from every
//!   answer to the item; a pair's empty cell is counted as 0.5.
//! - Polychoric: values shifted to 1…c by the smallest value of all the
//!   items (at most 8 categories). When every item reaches the same
//!   highest value the thresholds come from each item's margins (cells of
//!   probability 0, from a category an item never uses, are left out of
//!   the likelihood); otherwise each pair's own table gives them, its empty
//!   rows and columns dropped and its empty cells counted as 0.5.
//! - A matrix that is not positive definite is smoothed (`cor.smooth`):
//!   eigenvalues below 1e-12 set to 1e-10, rescaled to sum to the number of
//!   items, then rescaled to a correlation matrix.
//!
//! ρ is found by golden-section search on (−1, 1) to 1e-12 (psych's
//! `optimize` stops at about 1e-4). The bivariate normal probabilities are
//! Genz's BVND (`mv_norm::tvpack`, the algorithm mvtnorm and mnormt use).

use nalgebra::DMatrix;
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal};

/// The correlations a factor analysis starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Correlation {
    Pearson,
    Tetrachoric,
    Polychoric,
}

/// The correlation matrix of complete `rows` of the given kind.
pub fn correlate(kind: Correlation, rows: &[Vec<f64>]) -> Result<Latent, LatentError> {
    match kind {
        Correlation::Tetrachoric => tetrachoric(rows),
        Correlation::Polychoric => polychoric(rows),
        Correlation::Pearson => {
            let _ = columns(rows)?;
            crate::factor::correlations(rows)
                .map(|matrix| Latent {
                    matrix,
                    smoothed: false,
                })
                .ok_or(LatentError::TooFew)
        }
    }
}

/// Why latent correlations cannot be computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum LatentError {
    /// Fewer than 3 rows or 2 items.
    TooFew,
    /// Tetrachoric needs two values per item; this item (0-based) has more.
    NotBinary { item: usize },
    /// Polychoric needs whole-number answers.
    NotWhole { item: usize, value: f64 },
    /// More than 8 categories (psych's `max.cat`): use Pearson.
    TooManyCategories { categories: usize },
    /// An item everyone answered alike.
    Constant { item: usize },
}

/// A matrix of latent correlations and whether it had to be smoothed.
#[derive(Debug, Clone)]
pub struct Latent {
    pub matrix: DMatrix<f64>,
    pub smoothed: bool,
}

fn normal() -> Normal {
    Normal::standard()
}

/// P(X < h, Y < k) for standard normals of correlation `r`.
fn below(h: f64, k: f64, r: f64) -> f64 {
    if h == f64::NEG_INFINITY || k == f64::NEG_INFINITY {
        0.0
    } else if h == f64::INFINITY {
        normal().cdf(k)
    } else if k == f64::INFINITY {
        normal().cdf(h)
    } else {
        mv_norm::tvpack::bvnd(-h, -k, r)
    }
}

/// Cell probabilities of the rectangles cut by `rows` × `cols` (each with
/// −∞ and +∞ at its ends).
fn cells(r: f64, rows: &[f64], cols: &[f64]) -> Vec<Vec<f64>> {
    let f: Vec<Vec<f64>> = rows
        .iter()
        .map(|&h| cols.iter().map(|&k| below(h, k, r)).collect())
        .collect();
    (0..rows.len() - 1)
        .map(|a| {
            (0..cols.len() - 1)
                .map(|b| f[a + 1][b + 1] - f[a][b + 1] - f[a + 1][b] + f[a][b])
                .collect()
        })
        .collect()
}

/// −Σ n log P over the cells whose probability is positive (psych's
/// `polyF` leaves the others out).
fn minus_log_likelihood(r: f64, table: &[Vec<f64>], rows: &[f64], cols: &[f64]) -> f64 {
    let p = cells(r, rows, cols);
    let mut sum = 0.0;
    for (ta, pa) in table.iter().zip(&p) {
        for (&n, &q) in ta.iter().zip(pa) {
            if q > 0.0 && q.ln().is_finite() {
                sum -= n * q.ln();
            }
        }
    }
    sum
}

/// The minimum of `f` on (a, b) by golden-section search to width `tol`.
fn golden(f: impl Fn(f64) -> f64, mut a: f64, mut b: f64, tol: f64) -> f64 {
    let g = (5f64.sqrt() - 1.0) / 2.0;
    let mut c = b - g * (b - a);
    let mut d = a + g * (b - a);
    let (mut fc, mut fd) = (f(c), f(d));
    while b - a > tol {
        if fc < fd {
            b = d;
            d = c;
            fd = fc;
            c = b - g * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + g * (b - a);
            fd = f(d);
        }
    }
    (a + b) / 2.0
}

/// The ρ that maximizes the likelihood of `table` given the cuts.
fn fit_rho(table: &[Vec<f64>], rows: &[f64], cols: &[f64]) -> f64 {
    // Just inside ±1: the bivariate normal is degenerate at the ends.
    let edge = 1.0 - 1e-10;
    golden(
        |r| minus_log_likelihood(r, table, rows, cols),
        -edge,
        edge,
        1e-12,
    )
}

/// Cuts −∞, Φ⁻¹(cumulative shares of all but the last category), +∞.
fn cuts(counts: &[f64]) -> Vec<f64> {
    let total: f64 = counts.iter().sum();
    let mut out = vec![f64::NEG_INFINITY];
    let mut cumulative = 0.0;
    for c in &counts[..counts.len() - 1] {
        cumulative += c;
        out.push(normal().inverse_cdf(cumulative / total));
    }
    out.push(f64::INFINITY);
    out
}

/// `psych::cor.smooth`: a matrix that is not positive definite is
/// rebuilt from its eigenvalues floored at 1e-12 (set to 1e-10), rescaled
/// to sum to p, then to unit diagonal.
fn smooth(m: DMatrix<f64>) -> Latent {
    let e = nalgebra::SymmetricEigen::new(m.clone());
    if e.eigenvalues.min() >= f64::EPSILON {
        return Latent {
            matrix: m,
            smoothed: false,
        };
    }
    let p = m.nrows() as f64;
    let mut values = e.eigenvalues.clone();
    values.iter_mut().for_each(|v| {
        if *v < 1e-12 {
            *v = 100.0 * 1e-12;
        }
    });
    let total = values.sum();
    values.iter_mut().for_each(|v| *v *= p / total);
    let rebuilt = &e.eigenvectors * DMatrix::from_diagonal(&values) * e.eigenvectors.transpose();
    let d: Vec<f64> = (0..m.nrows()).map(|i| rebuilt[(i, i)].sqrt()).collect();
    Latent {
        matrix: DMatrix::from_fn(m.nrows(), m.ncols(), |i, j| rebuilt[(i, j)] / (d[i] * d[j])),
        smoothed: true,
    }
}

fn columns(rows: &[Vec<f64>]) -> Result<Vec<Vec<f64>>, LatentError> {
    let n = rows.len();
    let p = rows.first().map_or(0, Vec::len);
    if n < 3 || p < 2 {
        return Err(LatentError::TooFew);
    }
    let columns: Vec<Vec<f64>> = (0..p)
        .map(|j| rows.iter().map(|r| r[j]).collect())
        .collect();
    for (item, c) in columns.iter().enumerate() {
        if c.iter().all(|v| *v == c[0]) {
            return Err(LatentError::Constant { item });
        }
    }
    Ok(columns)
}

/// The pairs (i, j), i < j, and the symmetric matrix their values fill.
fn by_pairs(p: usize, rho: impl Fn(usize, usize) -> f64 + Sync) -> DMatrix<f64> {
    use rayon::prelude::*;
    let pairs: Vec<(usize, usize)> = (0..p)
        .flat_map(|i| (i + 1..p).map(move |j| (i, j)))
        .collect();
    let values: Vec<f64> = pairs.par_iter().map(|&(i, j)| rho(i, j)).collect();
    let mut m = DMatrix::identity(p, p);
    for (&(i, j), v) in pairs.iter().zip(values) {
        m[(i, j)] = v;
        m[(j, i)] = v;
    }
    m
}

/// Tetrachoric correlations of complete rows of two-valued items.
pub fn tetrachoric(rows: &[Vec<f64>]) -> Result<Latent, LatentError> {
    let columns = columns(rows)?;
    let mut binary = Vec::with_capacity(columns.len());
    for (item, c) in columns.iter().enumerate() {
        let low = c.iter().copied().fold(f64::INFINITY, f64::min);
        let b: Vec<usize> = c
            .iter()
            .map(|v| match v - low {
                0.0 => Ok(0),
                1.0 => Ok(1),
                _ => Err(LatentError::NotBinary { item }),
            })
            .collect::<Result<_, _>>()?;
        binary.push(b);
    }
    let tau: Vec<f64> = binary
        .iter()
        .map(|b| {
            let share = b.iter().sum::<usize>() as f64 / b.len() as f64;
            -normal().inverse_cdf(share)
        })
        .collect();
    let m = by_pairs(binary.len(), |i, j| {
        let mut table = vec![vec![0.0; 2]; 2];
        for (a, b) in binary[i].iter().zip(&binary[j]) {
            table[*a][*b] += 1.0;
        }
        for cell in table.iter_mut().flatten() {
            if *cell == 0.0 {
                *cell = 0.5;
            }
        }
        let rows_cut = [f64::NEG_INFINITY, tau[i], f64::INFINITY];
        let cols_cut = [f64::NEG_INFINITY, tau[j], f64::INFINITY];
        fit_rho(&table, &rows_cut, &cols_cut)
    });
    Ok(smooth(m))
}

/// Polychoric correlations of complete rows of ordered whole-number answers.
pub fn polychoric(rows: &[Vec<f64>]) -> Result<Latent, LatentError> {
    let columns = columns(rows)?;
    for (item, c) in columns.iter().enumerate() {
        if let Some(&value) = c.iter().find(|v| v.fract() != 0.0) {
            return Err(LatentError::NotWhole { item, value });
        }
    }
    let low = columns
        .iter()
        .flatten()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let high = columns
        .iter()
        .flatten()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    let categories = (high - low) as usize + 1;
    if categories > 8 {
        return Err(LatentError::TooManyCategories { categories });
    }
    let coded: Vec<Vec<usize>> = columns
        .iter()
        .map(|c| c.iter().map(|v| (v - low) as usize).collect())
        .collect();
    let global = coded
        .iter()
        .map(|c| c.iter().max())
        .all(|m| m == coded[0].iter().max());
    let counts = |c: &[usize]| -> Vec<f64> {
        let mut k = vec![0.0; categories];
        c.iter().for_each(|&v| k[v] += 1.0);
        k
    };
    let item_cuts: Vec<Vec<f64>> = coded.iter().map(|c| cuts(&counts(c))).collect();
    let m = by_pairs(coded.len(), |i, j| {
        let mut table = vec![vec![0.0; categories]; categories];
        for (a, b) in coded[i].iter().zip(&coded[j]) {
            table[*a][*b] += 1.0;
        }
        if global {
            return fit_rho(&table, &item_cuts[i], &item_cuts[j]);
        }
        // Each pair on its own: empty rows and columns dropped, empty
        // cells counted as 0.5, cuts from the pair's margins.
        let keep_rows: Vec<usize> = (0..categories)
            .filter(|&a| table[a].iter().any(|&n| n > 0.0))
            .collect();
        let keep_cols: Vec<usize> = (0..categories)
            .filter(|&b| table.iter().any(|r| r[b] > 0.0))
            .collect();
        let mut t: Vec<Vec<f64>> = keep_rows
            .iter()
            .map(|&a| keep_cols.iter().map(|&b| table[a][b]).collect())
            .collect();
        t.iter_mut().flatten().for_each(|n| {
            if *n == 0.0 {
                *n = 0.5;
            }
        });
        let row_sums: Vec<f64> = t.iter().map(|r| r.iter().sum()).collect();
        let col_sums: Vec<f64> = (0..keep_cols.len())
            .map(|b| t.iter().map(|r| r[b]).sum())
            .collect();
        fit_rho(&t, &cuts(&row_sums), &cuts(&col_sums))
    });
    Ok(smooth(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// pbivnorm / mnormt::pmnorm(c(0.3, -0.5), varcov = matrix(c(1, .6, .6, 1), 2))
    /// = 0.2880301..., and the margins at ±∞.
    #[test]
    fn bivariate_normal_probabilities() {
        assert!(
            (below(0.0, 0.0, 0.5) - (0.25 + 0.5f64.asin() / (2.0 * std::f64::consts::PI))).abs()
                < 1e-14
        );
        assert_eq!(below(f64::NEG_INFINITY, 1.0, 0.3), 0.0);
        assert!((below(f64::INFINITY, 0.0, 0.3) - 0.5).abs() < 1e-15);
        let p = cells(
            0.4,
            &[f64::NEG_INFINITY, -0.2, 0.7, f64::INFINITY],
            &[f64::NEG_INFINITY, 0.1, f64::INFINITY],
        );
        let total: f64 = p.iter().flatten().sum();
        assert!((total - 1.0).abs() < 1e-14);
    }

    #[test]
    fn golden_section_finds_a_minimum() {
        let x = golden(|x| (x - 0.3).powi(2), -1.0, 1.0, 1e-12);
        assert!((x - 0.3).abs() < 1e-9);
    }
}
