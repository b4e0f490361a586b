//! Agreement between two administrations of a scale (test–retest): Cohen's
//! κ of each item with its interval, and intraclass correlations of scores,
//! as `psych::cohen.kappa` and `psych::ICC` compute them.

use statrs::distribution::{ContinuousCDF, FisherSnedecor, Normal};

/// Cohen's κ of one item answered twice.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Kappa {
    /// Pairs with an answer both times.
    pub n: usize,
    /// The share of pairs answered alike (pₒ).
    pub agreement: f64,
    pub kappa: f64,
    /// The interval κ ± z·√Var(κ), Var from Fleiss, Cohen & Everitt
    /// (1969), bounded to [−1, 1] as psych bounds it.
    pub lower: f64,
    pub upper: f64,
}

/// Unweighted Cohen's κ of the pairs (first, second), over the categories
/// either administration uses, with its `level` interval:
///
/// κ = (pₒ − pₑ)/(1 − pₑ), pₒ = Σ pᵢᵢ, pₑ = Σ pᵢ. p.ᵢ, and
/// Var(κ) = [Σ pᵢᵢ((1 − pₑ) − (pᵢ. + p.ᵢ)(1 − pₒ))²
///           + (1 − pₒ)² Σ_{i≠j} pᵢⱼ(p.ᵢ + pⱼ.)² − (pₒpₑ − 2pₑ + pₒ)²] / (N(1 − pₑ)⁴)
/// (Fleiss, Cohen & Everitt 1969, Psychological Bulletin 72:323–327).
///
/// `None` without pairs, or when every answer is the same category (κ is
/// then undefined: psych returns NA).
pub fn cohen_kappa(pairs: &[(f64, f64)], level: f64) -> Option<Kappa> {
    if pairs.is_empty() {
        return None;
    }
    let mut categories: Vec<f64> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    categories.sort_by(f64::total_cmp);
    categories.dedup();
    let k = categories.len();
    if k < 2 {
        return None;
    }
    let at = |v: f64| categories.iter().position(|&c| c == v).unwrap_or(0);
    let n = pairs.len() as f64;
    let mut p = vec![vec![0.0; k]; k];
    for &(a, b) in pairs {
        p[at(a)][at(b)] += 1.0 / n;
    }
    let rows: Vec<f64> = p.iter().map(|r| r.iter().sum()).collect();
    let cols: Vec<f64> = (0..k).map(|j| p.iter().map(|r| r[j]).sum()).collect();
    let po: f64 = (0..k).map(|i| p[i][i]).sum();
    let pe: f64 = (0..k).map(|i| rows[i] * cols[i]).sum();
    let kappa = (po - pe) / (1.0 - pe);
    let diagonal: f64 = (0..k)
        .map(|i| p[i][i] * ((1.0 - pe) - (rows[i] + cols[i]) * (1.0 - po)).powi(2))
        .sum();
    let off: f64 = (0..k)
        .flat_map(|i| (0..k).filter(move |&j| j != i).map(move |j| (i, j)))
        .map(|(i, j)| p[i][j] * (cols[i] + rows[j]).powi(2))
        .sum();
    let variance = (diagonal + (1.0 - po).powi(2) * off - (po * pe - 2.0 * pe + po).powi(2))
        / (n * (1.0 - pe).powi(4));
    // psych sets a negative or undefined variance to 0.
    let variance = if variance.is_nan() || variance < 0.0 {
        0.0
    } else {
        variance
    };
    let z = Normal::standard().inverse_cdf(1.0 - (1.0 - level) / 2.0);
    let half = z * variance.sqrt();
    Some(Kappa {
        n: pairs.len(),
        agreement: po,
        kappa,
        lower: (kappa - half).clamp(-1.0, 1.0),
        upper: (kappa + half).clamp(-1.0, 1.0),
    })
}

/// An intraclass correlation with its interval and form.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Icc {
    pub value: f64,
    pub lower: f64,
    pub upper: f64,
    /// McGraw & Wong's name of the form, e.g. "ICC(A,1)".
    pub form: &'static str,
    /// Subjects (rows with every measurement).
    pub n: usize,
}

/// The single-measure ICCs of a two-way table of n subjects × k
/// measurements (complete rows), from the two-way ANOVA without
/// interaction, as `psych::ICC(x, lmer = FALSE)`:
/// ICC(1) one-way random (psych ICC1), ICC(A,1) two-way absolute
/// agreement (ICC2, the default for test–retest), ICC(C,1) two-way
/// consistency (ICC3); intervals from McGraw & Wong (1996, Psychological
/// Methods 1:30–46), ICC(A,1)'s with Satterthwaite's degrees of freedom.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct IccForms {
    pub one_way: Icc,
    pub agreement: Icc,
    pub consistency: Icc,
}

/// The quantile of F(d1, d2), NaN where undefined.
fn qf(p: f64, d1: f64, d2: f64) -> f64 {
    FisherSnedecor::new(d1, d2).map_or(f64::NAN, |f| f.inverse_cdf(p))
}

/// `None` under two subjects or two measurements, or without variance.
pub fn icc(rows: &[Vec<f64>], level: f64) -> Option<IccForms> {
    let n = rows.len();
    let k = rows.first()?.len();
    if n < 2 || k < 2 || rows.iter().any(|r| r.len() != k) {
        return None;
    }
    let (nf, kf) = (n as f64, k as f64);
    let grand = rows.iter().flatten().sum::<f64>() / (nf * kf);
    let ss_total: f64 = rows.iter().flatten().map(|v| (v - grand).powi(2)).sum();
    let ss_rows: f64 = rows
        .iter()
        .map(|r| kf * (r.iter().sum::<f64>() / kf - grand).powi(2))
        .sum();
    let ss_cols: f64 = (0..k)
        .map(|j| nf * (rows.iter().map(|r| r[j]).sum::<f64>() / nf - grand).powi(2))
        .sum();
    let ss_error = ss_total - ss_rows - ss_cols;
    let (df_b, df_j, df_e) = (nf - 1.0, kf - 1.0, (nf - 1.0) * (kf - 1.0));
    let msb = ss_rows / df_b;
    let msj = ss_cols / df_j;
    let mse = ss_error / df_e;
    let msw = (ss_cols + ss_error) / (df_j + df_e);
    if msb.is_nan() || mse.is_nan() || msb <= 0.0 || mse <= 0.0 {
        return None;
    }
    let q = 1.0 - (1.0 - level) / 2.0;
    // ICC(1): F = MSB/MSW on (n − 1, n(k − 1)).
    let f1 = msb / msw;
    let (d1n, d1d) = (nf - 1.0, nf * (kf - 1.0));
    let f1l = f1 / qf(q, d1n, d1d);
    let f1u = f1 * qf(q, d1d, d1n);
    let one_way = Icc {
        value: (msb - msw) / (msb + (kf - 1.0) * msw),
        lower: (f1l - 1.0) / (f1l + kf - 1.0),
        upper: (f1u - 1.0) / (f1u + kf - 1.0),
        form: "ICC(1)",
        n,
    };
    // ICC(C,1): F = MSB/MSE on (n − 1, (n − 1)(k − 1)).
    let f3 = msb / mse;
    let f3l = f3 / qf(q, df_b, df_e);
    let f3u = f3 * qf(q, df_e, df_b);
    let consistency = Icc {
        value: (msb - mse) / (msb + (kf - 1.0) * mse),
        lower: (f3l - 1.0) / (f3l + kf - 1.0),
        upper: (f3u - 1.0) / (f3u + kf - 1.0),
        form: "ICC(C,1)",
        n,
    };
    // ICC(A,1), with Satterthwaite's v for its interval.
    let icc2 = (msb - mse) / (msb + (kf - 1.0) * mse + kf * (msj - mse) / nf);
    let fj = msj / mse;
    let vn = (kf - 1.0)
        * (nf - 1.0)
        * (kf * icc2 * fj + nf * (1.0 + (kf - 1.0) * icc2) - kf * icc2).powi(2);
    let vd = (nf - 1.0) * kf * kf * icc2 * icc2 * fj * fj
        + (nf * (1.0 + (kf - 1.0) * icc2) - kf * icc2).powi(2);
    let v = vn / vd;
    let fu = qf(q, nf - 1.0, v);
    let fl = qf(q, v, nf - 1.0);
    let spread = kf * msj + (kf * nf - kf - nf) * mse;
    let agreement = Icc {
        value: icc2,
        lower: nf * (msb - fu * mse) / (fu * spread + nf * msb),
        upper: nf * (fl * msb - mse) / (spread + nf * fl * msb),
        form: "ICC(A,1)",
        n,
    };
    Some(IccForms {
        one_way,
        agreement,
        consistency,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_agreement_is_kappa_one() {
        let pairs = [(0.0, 0.0), (1.0, 1.0), (1.0, 1.0), (0.0, 0.0)];
        let k = cohen_kappa(&pairs, 0.95).unwrap();
        assert_eq!((k.kappa, k.agreement), (1.0, 1.0));
        assert!(cohen_kappa(&[(1.0, 1.0), (1.0, 1.0)], 0.95).is_none());
    }

    #[test]
    fn icc_needs_two_subjects_and_variance() {
        assert!(icc(&[vec![1.0, 2.0]], 0.95).is_none());
        assert!(icc(&[vec![1.0, 1.0], vec![1.0, 1.0]], 0.95).is_none());
    }
}
