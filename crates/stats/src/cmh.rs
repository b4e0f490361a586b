//! The generalized Cochran–Mantel–Haenszel test of conditional
//! independence of rows and columns given strata (general association,
//! (r − 1)(c − 1) df), as R's `mantelhaen.test` computes it for tables
//! larger than 2 × 2 (Landis, Heyman & Koch 1978, Int Stat Rev 46:237–254):
//! with nₖ the first (r−1)(c−1) cells of stratum k, mₖ their expectations
//! from the margins and Vₖ their covariance under conditional
//! independence, M² = (Σ(n − m))' (ΣV)⁻¹ (Σ(n − m)). For 2 × 2 × K it is the
//! CMH statistic without continuity correction (`correct = FALSE`).

use nalgebra::{DMatrix, DVector};
use statrs::distribution::{ChiSquared, ContinuousCDF};

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Cmh {
    pub statistic: f64,
    pub df: f64,
    pub p: f64,
    /// Strata with at least two units (the others carry no information).
    pub strata_used: usize,
}

/// The test on `strata` (each r × c, all the same shape). `None` when fewer
/// than 2 rows or columns, no stratum of 2 or more units, or a singular
/// covariance (a row or column empty in every stratum).
pub fn generalized_cmh(strata: &[DMatrix<u64>]) -> Option<Cmh> {
    let (r, c) = strata.first().map(|t| (t.nrows(), t.ncols()))?;
    if r < 2 || c < 2 {
        return None;
    }
    let df = (r - 1) * (c - 1);
    let mut diff = DVector::<f64>::zeros(df);
    let mut v = DMatrix::<f64>::zeros(df, df);
    let mut used = 0;
    for t in strata {
        let n: f64 = t.iter().map(|&x| x as f64).sum();
        if n < 2.0 {
            continue;
        }
        used += 1;
        let rows: Vec<f64> = (0..r - 1)
            .map(|i| t.row(i).iter().map(|&x| x as f64).sum())
            .collect();
        let cols: Vec<f64> = (0..c - 1)
            .map(|j| t.column(j).iter().map(|&x| x as f64).sum())
            .collect();
        // Cells in R's order: rows vary fastest (c(f[-I, -J])).
        for j in 0..c - 1 {
            for i in 0..r - 1 {
                diff[j * (r - 1) + i] += t[(i, j)] as f64 - rows[i] * cols[j] / n;
            }
        }
        // V_k = (diag(n·cols) − cols colsᵀ) ⊗ (diag(n·rows) − rows rowsᵀ) / (n²(n − 1)).
        let a = DMatrix::from_fn(
            c - 1,
            c - 1,
            |j, l| if j == l { n * cols[j] } else { 0.0 } - cols[j] * cols[l],
        );
        let b = DMatrix::from_fn(
            r - 1,
            r - 1,
            |i, k| if i == k { n * rows[i] } else { 0.0 } - rows[i] * rows[k],
        );
        v += a.kronecker(&b) / (n * n * (n - 1.0));
    }
    if used == 0 {
        return None;
    }
    let solved = v.clone().lu().solve(&diff)?;
    let statistic = diff.dot(&solved);
    if !statistic.is_finite() {
        return None;
    }
    let p = ChiSquared::new(df as f64).ok()?.sf(statistic);
    Some(Cmh {
        statistic,
        df: df as f64,
        p,
        strata_used: used,
    })
}
