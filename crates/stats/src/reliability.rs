//! The reliability of a set of items as a scale: Cronbach's α (KR-20 for
//! binary items, the same formula), standardized α, the Feldt interval,
//! item statistics, α if an item is deleted, and McDonald's ω from a
//! one-factor model fitted by minimum residuals — as `psych::alpha` and
//! `psych::fa(fm = "minres")` compute them.
//!
//! Items are columns of `data` (one row per respondent, `None` missing).
//! With listwise deletion the rows with any missing answer are dropped
//! first; with pairwise deletion every covariance uses the rows where both
//! items are answered (`cov(use = "pairwise")`, psych's default).

use nalgebra::DMatrix;
use statrs::distribution::{ContinuousCDF, FisherSnedecor};

/// How missing answers are handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Missing {
    #[default]
    Listwise,
    Pairwise,
}

/// Why a reliability cannot be computed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum NotComputable {
    /// Fewer than 2 items.
    TooFewItems { items: usize },
    /// Fewer than 2 complete respondents.
    TooFewRespondents { respondents: usize },
    /// Items every respondent answered alike (α is undefined with them).
    ZeroVariance { items: Vec<usize> },
}

/// One item's statistics.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ItemStatistics {
    /// Mean (the share checked, for binary items).
    pub mean: f64,
    pub sd: f64,
    /// Share of answers at the lowest / highest value any item takes.
    pub floor: f64,
    pub ceiling: f64,
    /// Correlation of the item with the sum of the other items (psych's r.drop).
    pub item_rest_r: f64,
    /// Raw α of the other items (none with two items: one item has no α).
    pub alpha_if_deleted: Option<f64>,
    /// Answers counted.
    pub n: usize,
}

/// The reliability of one scale.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Reliability {
    pub alpha: f64,
    pub alpha_standardized: f64,
    pub alpha_ci: AlphaInterval,
    /// McDonald's ω total from one minres factor (None if the fit failed).
    pub omega_total: Option<f64>,
    /// Respondents used (listwise: complete rows; pairwise: all rows).
    pub n: usize,
    /// Rows dropped for a missing answer (listwise).
    pub dropped: usize,
    pub items: Vec<ItemStatistics>,
    /// The one-factor loadings (minres).
    pub loadings: Option<Vec<f64>>,
}

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct AlphaInterval {
    pub lower: f64,
    pub upper: f64,
    pub level: f64,
}

/// Covariances of the columns, and the number of rows behind each.
fn covariances(data: &[Vec<Option<f64>>], k: usize) -> DMatrix<f64> {
    let mut c = DMatrix::zeros(k, k);
    for i in 0..k {
        for j in i..k {
            let pairs: Vec<(f64, f64)> = data
                .iter()
                .filter_map(|row| Some((row[i]?, row[j]?)))
                .collect();
            let n = pairs.len() as f64;
            let (mx, my) = pairs
                .iter()
                .fold((0.0, 0.0), |(a, b), (x, y)| (a + x / n, b + y / n));
            let s = pairs.iter().map(|(x, y)| (x - mx) * (y - my)).sum::<f64>() / (n - 1.0);
            c[(i, j)] = s;
            c[(j, i)] = s;
        }
    }
    c
}

/// Pearson correlations, each from the rows where both items are answered
/// (`cor(use = "pairwise")`, what `psych::fa` factors). Without missing
/// answers this is the correlation matrix of the covariances.
fn pairwise_correlations(data: &[Vec<Option<f64>>], k: usize) -> DMatrix<f64> {
    let mut r = DMatrix::identity(k, k);
    for i in 0..k {
        for j in i + 1..k {
            let pairs: Vec<(f64, f64)> = data
                .iter()
                .filter_map(|row| Some((row[i]?, row[j]?)))
                .collect();
            let n = pairs.len() as f64;
            let (mx, my) = pairs
                .iter()
                .fold((0.0, 0.0), |(a, b), (x, y)| (a + x / n, b + y / n));
            let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
            for (x, y) in &pairs {
                sxy += (x - mx) * (y - my);
                sxx += (x - mx) * (x - mx);
                syy += (y - my) * (y - my);
            }
            let v = sxy / (sxx * syy).sqrt();
            r[(i, j)] = v;
            r[(j, i)] = v;
        }
    }
    r
}

fn raw_alpha(c: &DMatrix<f64>) -> f64 {
    let k = c.nrows() as f64;
    (1.0 - c.trace() / c.sum()) * k / (k - 1.0)
}

fn correlations(c: &DMatrix<f64>) -> DMatrix<f64> {
    let k = c.nrows();
    DMatrix::from_fn(k, k, |i, j| c[(i, j)] / (c[(i, i)] * c[(j, j)]).sqrt())
}

/// The Feldt (1965) interval of α, as `psych::alpha.ci`: with n
/// respondents and k items, 1 − (1 − α)·F(1 − p/2 or p/2; n − 1, (n − 1)(k − 1)).
pub fn feldt_interval(alpha: f64, n: usize, k: usize, level: f64) -> AlphaInterval {
    let (d1, d2) = ((n - 1) as f64, ((n - 1) * (k - 1)) as f64);
    let q = |p: f64| FisherSnedecor::new(d1, d2).map_or(f64::NAN, |f| f.inverse_cdf(p));
    let tail = (1.0 - level) / 2.0;
    AlphaInterval {
        lower: 1.0 - (1.0 - alpha) * q(1.0 - tail),
        upper: 1.0 - (1.0 - alpha) * q(tail),
        level,
    }
}

/// One-factor loadings by minimum residuals: λ minimizes
/// Σ_{i≠j} (r_ij − λ_i λ_j)² (Harman's minres, what `psych::fa(fm = "minres")`
/// fits), by exact coordinate updates λ_i = Σ_{j≠i} r_ij λ_j / Σ_{j≠i} λ_j²
/// from the first principal component, until no loading moves by 1e-13.
/// Loadings are capped at ±√0.995 (psych bounds uniquenesses at 0.005).
pub fn minres_one_factor(r: &DMatrix<f64>) -> Option<Vec<f64>> {
    let k = r.nrows();
    let mut l = first_component(r)?;
    if l.iter().sum::<f64>() < 0.0 {
        l.iter_mut().for_each(|v| *v = -*v);
    }
    let cap = 0.995f64.sqrt();
    // Σ λ², kept as loadings move, so that each update is one dot product
    // (r is symmetric: column i is row i, and columns are contiguous).
    let mut squares: f64 = l.iter().map(|v| v * v).sum();
    for _ in 0..100_000 {
        let mut moved: f64 = 0.0;
        for i in 0..k {
            let column = r.column(i);
            let num: f64 =
                column.iter().zip(&l).map(|(a, b)| a * b).sum::<f64>() - r[(i, i)] * l[i];
            let den = squares - l[i] * l[i];
            if den <= 0.0 {
                return None;
            }
            let next = (num / den).clamp(-cap, cap);
            moved = moved.max((next - l[i]).abs());
            squares += next * next - l[i] * l[i];
            l[i] = next;
        }
        if moved < 1e-13 {
            return Some(l);
        }
    }
    None
}

/// The first principal component of a correlation matrix, scaled by the
/// root of its eigenvalue: minres's starting point. By power iteration (a
/// few dozen O(k²) products) rather than a full eigendecomposition, which is
/// O(k³) and took seconds at 2,000 items; the start only has to lie in the
/// basin the minimization then finishes in.
fn first_component(r: &DMatrix<f64>) -> Option<Vec<f64>> {
    let k = r.nrows();
    let mut v = nalgebra::DVector::from_element(k, 1.0 / (k as f64).sqrt());
    let mut lambda = 0.0;
    for _ in 0..1_000 {
        let w = r * &v;
        let norm = w.norm();
        if !(norm > 0.0 && norm.is_finite()) {
            return None;
        }
        let next = w / norm;
        let change = (&next - &v).amax();
        v = next;
        lambda = norm;
        if change < 1e-12 {
            break;
        }
    }
    Some(v.iter().map(|x| x * lambda.sqrt()).collect())
}

/// ω total of one factor: (Σλ)² / ((Σλ)² + Σ(1 − λ²)) (McDonald 1999).
pub fn omega_total(loadings: &[f64]) -> f64 {
    let s: f64 = loadings.iter().sum();
    let u: f64 = loadings.iter().map(|l| 1.0 - l * l).sum();
    s * s / (s * s + u)
}

/// The reliability of the columns of `data`.
pub fn reliability(
    data: &[Vec<Option<f64>>],
    missing: Missing,
    level: f64,
) -> Result<Reliability, NotComputable> {
    let k = data.first().map_or(0, Vec::len);
    if k < 2 {
        return Err(NotComputable::TooFewItems { items: k });
    }
    let complete: Vec<Vec<Option<f64>>> = data
        .iter()
        .filter(|r| r.iter().all(Option::is_some))
        .cloned()
        .collect();
    let used: &[Vec<Option<f64>>] = match missing {
        Missing::Listwise => &complete,
        Missing::Pairwise => data,
    };
    let n = used.len();
    if complete.len() < 2 && missing == Missing::Listwise || n < 2 {
        return Err(NotComputable::TooFewRespondents {
            respondents: complete.len(),
        });
    }
    let c = covariances(used, k);
    let zero: Vec<usize> = (0..k)
        .filter(|&i| c[(i, i)].is_nan() || c[(i, i)] <= 0.0)
        .collect();
    if !zero.is_empty() {
        return Err(NotComputable::ZeroVariance { items: zero });
    }
    let alpha = raw_alpha(&c);
    let r = correlations(&c);
    let kf = k as f64;
    let alpha_standardized = (1.0 - kf / r.sum()) * kf / (kf - 1.0);
    let values: Vec<f64> = used.iter().flatten().flatten().copied().collect();
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // α without item i from the whole matrix's sums: the rest's variance is
    // Σc − 2·(row i) + cᵢᵢ and its trace tr − cᵢᵢ (O(k) per item, where
    // building each (k−1)² submatrix was O(k³) in all: 90 s at 2,000 items).
    let total = c.sum();
    let trace = c.trace();
    let items = (0..k)
        .map(|i| {
            let answers: Vec<f64> = used.iter().filter_map(|row| row[i]).collect();
            let m = answers.len() as f64;
            let mean = answers.iter().sum::<f64>() / m;
            let row_sum: f64 = c.row(i).sum();
            let rest_variance = total - 2.0 * row_sum + c[(i, i)];
            let rest = (k - 1) as f64;
            let alpha_without = (1.0 - (trace - c[(i, i)]) / rest_variance) * rest / (rest - 1.0);
            ItemStatistics {
                mean,
                sd: c[(i, i)].sqrt(),
                floor: answers.iter().filter(|&&v| v == low).count() as f64 / m,
                ceiling: answers.iter().filter(|&&v| v == high).count() as f64 / m,
                item_rest_r: (row_sum - c[(i, i)]) / (c[(i, i)] * rest_variance).sqrt(),
                alpha_if_deleted: (k > 2).then_some(alpha_without),
                n: answers.len(),
            }
        })
        .collect();
    let loadings = match missing {
        Missing::Listwise => minres_one_factor(&r),
        Missing::Pairwise => minres_one_factor(&pairwise_correlations(used, k)),
    };
    Ok(Reliability {
        alpha,
        alpha_standardized,
        alpha_ci: feldt_interval(alpha, n, k, level),
        omega_total: loadings.as_deref().map(omega_total),
        n,
        dropped: match missing {
            Missing::Listwise => data.len() - complete.len(),
            Missing::Pairwise => 0,
        },
        items,
        loadings,
    })
}
