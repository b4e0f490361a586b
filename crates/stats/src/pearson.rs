//! Pearson's χ² test of independence.
//!
//! X² = Σ_ij (O_ij − E_ij)² / E_ij with E_ij = R_i C_j / N, on
//! (r − 1)(c − 1) degrees of freedom; no continuity correction (as R's
//! `chisq.test(correct = FALSE)`, and as every r×c χ² in SPSS/SAS). The p-value
//! is the upper tail Q(df/2, X²/2) of the regularized incomplete gamma
//! function, computed directly rather than as 1 − cdf so that small p-values
//! keep their relative precision.
//!
//! Reference: Agresti, *Categorical Data Analysis* (3rd ed.), §3.2.1.

use crate::table::ContingencyTable;
use serde::Serialize;
use statrs::distribution::{ChiSquared, ContinuousCDF};

/// A χ²-distributed test statistic with its degrees of freedom and p-value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ChiSquareTest {
    pub statistic: f64,
    pub df: u64,
    pub p: f64,
}

/// Upper-tail probability of the χ² distribution with `df` degrees of freedom.
pub fn chi_square_upper_tail(statistic: f64, df: u64) -> f64 {
    if statistic <= 0.0 {
        return 1.0;
    }
    match ChiSquared::new(df as f64) {
        Ok(dist) => dist.sf(statistic),
        Err(_) => f64::NAN,
    }
}

/// Pearson's X² on a table with no zero margins (drop them first with
/// `ContingencyTable::drop_empty`). `None` when the table has fewer than two
/// rows or columns or a zero margin, where the test is not defined.
pub fn pearson_chi_square(table: &ContingencyTable) -> Option<ChiSquareTest> {
    let (r, c) = (table.nrows(), table.ncols());
    if r < 2 || c < 2 {
        return None;
    }
    let rt = table.row_totals();
    let ct = table.col_totals();
    if rt.contains(&0) || ct.contains(&0) {
        return None;
    }
    let expected = table.expected();
    let statistic: f64 = table
        .counts
        .iter()
        .zip(expected.iter())
        .map(|(&o, &e)| {
            let d = o as f64 - e;
            d * d / e
        })
        .sum();
    let df = ((r - 1) * (c - 1)) as u64;
    Some(ChiSquareTest {
        statistic,
        df,
        p: chi_square_upper_tail(statistic, df),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_table3() {
        // 表3 (docs/domain.md, "The survey and its three published tables"): X² = 15.7036, df 9, p = 0.07334.
        let t = ContingencyTable::from_rows(&[
            vec![10, 10, 3, 0],
            vec![9, 27, 6, 0],
            vec![1, 3, 2, 0],
            vec![11, 15, 13, 3],
        ]);
        let x = pearson_chi_square(&t).unwrap();
        assert_eq!(x.df, 9);
        assert!((x.statistic - 15.7036).abs() < 5e-5, "{}", x.statistic);
        assert!((x.p - 0.07334).abs() < 5e-6, "{}", x.p);
    }

    #[test]
    fn undefined_cases() {
        assert!(pearson_chi_square(&ContingencyTable::from_rows(&[vec![1, 2, 3]])).is_none());
        assert!(
            pearson_chi_square(&ContingencyTable::from_rows(&[vec![1, 0], vec![2, 0]])).is_none()
        );
    }

    #[test]
    fn perfect_independence_gives_p_one() {
        let x =
            pearson_chi_square(&ContingencyTable::from_rows(&[vec![5, 5], vec![5, 5]])).unwrap();
        assert_eq!(x.statistic, 0.0);
        assert_eq!(x.p, 1.0);
    }
}
