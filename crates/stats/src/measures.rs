//! Further tests and measures of association on an r×c table with no zero
//! margins: likelihood-ratio G², Yates-corrected χ² (2×2), linear-by-linear
//! association, Cramér's V, and Haberman's adjusted standardized residuals.

use super::pearson::{ChiSquareTest, chi_square_upper_tail};
use crate::table::ContingencyTable;
use nalgebra::DMatrix;
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal};

/// Likelihood-ratio statistic G² = 2 Σ O ln(O / E), cells with O = 0
/// contributing 0, on (r − 1)(c − 1) degrees of freedom.
/// Agresti (2013), *Categorical Data Analysis*, §3.2.1.
pub fn likelihood_ratio(table: &ContingencyTable) -> Option<ChiSquareTest> {
    let (r, c) = (table.nrows(), table.ncols());
    if r < 2 || c < 2 || table.row_totals().contains(&0) || table.col_totals().contains(&0) {
        return None;
    }
    let e = table.expected();
    let statistic = 2.0
        * table
            .counts
            .iter()
            .zip(e.iter())
            .filter(|&(&o, _)| o > 0)
            .map(|(&o, &e)| o as f64 * (o as f64 / e).ln())
            .sum::<f64>();
    // Rounding can leave −1e-15 for a perfectly independent table.
    let statistic = statistic.max(0.0);
    let df = ((r - 1) * (c - 1)) as u64;
    Some(ChiSquareTest {
        statistic,
        df,
        p: chi_square_upper_tail(statistic, df),
    })
}

/// Yates-corrected χ² for a 2×2 table, with R's guard against
/// over-correction: the correction is min(0.5, |O − E|), so that it never
/// turns a difference around (R's `chisq.test(correct = TRUE)`).
/// Yates (1934), JRSS Suppl. 1:217–235.
pub fn yates(table: &ContingencyTable) -> Option<ChiSquareTest> {
    if table.nrows() != 2 || table.ncols() != 2 {
        return None;
    }
    if table.row_totals().contains(&0) || table.col_totals().contains(&0) {
        return None;
    }
    let e = table.expected();
    let d = (table.get(0, 0) as f64 - e[(0, 0)]).abs();
    let correction = d.min(0.5);
    let statistic: f64 = table
        .counts
        .iter()
        .zip(e.iter())
        .map(|(&o, &e)| {
            let v = (o as f64 - e).abs() - correction;
            v * v / e
        })
        .sum();
    Some(ChiSquareTest {
        statistic,
        df: 1,
        p: chi_square_upper_tail(statistic, 1),
    })
}

/// Linear-by-linear association M² = (n − 1) r², r the Pearson correlation of
/// the row and column scores (1, 2, …) weighted by the counts; χ² on 1 df.
/// For two ordered variables. Agresti (2013), §3.4.1.
pub fn linear_by_linear(table: &ContingencyTable) -> Option<ChiSquareTest> {
    let (r, c) = (table.nrows(), table.ncols());
    if r < 2 || c < 2 {
        return None;
    }
    let n = table.total() as f64;
    let (mut sx, mut sy, mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for i in 0..r {
        for j in 0..c {
            let w = table.get(i, j) as f64;
            let (x, y) = ((i + 1) as f64, (j + 1) as f64);
            sx += w * x;
            sy += w * y;
            sxx += w * x * x;
            syy += w * y * y;
            sxy += w * x * y;
        }
    }
    let cov = sxy - sx * sy / n;
    let vx = sxx - sx * sx / n;
    let vy = syy - sy * sy / n;
    if vx <= 0.0 || vy <= 0.0 {
        return None;
    }
    let corr = cov / (vx * vy).sqrt();
    let statistic = (n - 1.0) * corr * corr;
    Some(ChiSquareTest {
        statistic,
        df: 1,
        p: chi_square_upper_tail(statistic, 1),
    })
}

/// Cramér's V with its bias-corrected version and a confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CramersV {
    /// V = √(X² / (n (min(r, c) − 1))).
    pub cramers_v: f64,
    /// Bergsma's bias-corrected V (2013, J. Korean Stat. Soc. 42:323–328).
    pub cramers_v_corrected: f64,
    /// 95 % confidence interval for V, from the interval for the noncentrality
    /// λ of X² (noncentral χ², Smithson 2003), each limit converted as X² is:
    /// V = √(λ / (n (k − 1))), clipped to [0, 1] (as R's effectsize does).
    pub ci_lower: f64,
    pub ci_upper: f64,
    pub confidence: f64,
}

/// Cramér's V from Pearson's X² on a table with no zero margins.
pub fn cramers_v(table: &ContingencyTable, pearson: &ChiSquareTest) -> Option<CramersV> {
    let (r, c) = (table.nrows() as f64, table.ncols() as f64);
    let n = table.total() as f64;
    let k = r.min(c);
    if k < 2.0 || n < 2.0 {
        return None;
    }
    let v = (pearson.statistic / (n * (k - 1.0))).sqrt().min(1.0);
    let phi2 = pearson.statistic / n;
    let phi2c = (phi2 - (r - 1.0) * (c - 1.0) / (n - 1.0)).max(0.0);
    let rc = r - (r - 1.0).powi(2) / (n - 1.0);
    let cc = c - (c - 1.0).powi(2) / (n - 1.0);
    let denom = (rc - 1.0).min(cc - 1.0);
    let vc = if denom > 0.0 {
        (phi2c / denom).sqrt().min(1.0)
    } else {
        f64::NAN
    };
    let confidence = 0.95;
    let (lo, hi) = noncentrality_interval(pearson.statistic, pearson.df as f64, confidence);
    let to_v = |lambda: f64| (lambda.max(0.0) / (n * (k - 1.0))).sqrt().min(1.0);
    let ci_lower = to_v(lo);
    Some(CramersV {
        cramers_v: v,
        cramers_v_corrected: vc,
        ci_lower,
        ci_upper: to_v(hi),
        confidence,
    })
}

/// Above this noncentrality the distribution function is Sankaran's
/// approximation, not the Poisson mixture: the mixture needs about √λ terms,
/// each an incomplete gamma function (41 s for one interval at λ = 10⁸, and
/// a wrong one, its sum cut short), while the approximation costs the same
/// at any λ and is accurate where λ is this large: the interval's limits
/// within 1.5·10⁻¹¹ of λ against the mixture summed in R for X² from 10⁶
/// to 10¹⁰ (`tests/it/noncentral.rs`). The tables of
/// `tests/reference/measures.tsv`, X² up to 4·10⁵, stay on the mixture.
pub const MIXTURE_MAX_LAMBDA: f64 = 1e6;

/// P(X ≤ x) for X ~ noncentral χ²(df, λ): the Poisson(λ/2) mixture of central
/// χ²(df + 2j) distribution functions, summed until the weights are spent;
/// beyond [`MIXTURE_MAX_LAMBDA`], Sankaran's approximation.
pub fn noncentral_chi2_cdf(x: f64, df: f64, lambda: f64) -> f64 {
    use statrs::distribution::ChiSquared;
    if x <= 0.0 {
        return 0.0;
    }
    if lambda <= 0.0 {
        return ChiSquared::new(df).map_or(f64::NAN, |d| d.cdf(x));
    }
    if lambda > MIXTURE_MAX_LAMBDA {
        return sankaran_cdf(x, df, lambda);
    }
    let half = lambda / 2.0;
    // Start at the Poisson mode and sum outwards (stable for large λ).
    let mode = half.floor();
    let log_w = |j: f64| -half + j * half.ln() - statrs::function::gamma::ln_gamma(j + 1.0);
    let term = |j: f64| log_w(j).exp() * ChiSquared::new(df + 2.0 * j).map_or(0.0, |d| d.cdf(x));
    let mut total = term(mode);
    let mut weight = log_w(mode).exp();
    let mut j = mode + 1.0;
    while weight < 1.0 - 1e-14 && j < mode + 10_000.0 {
        let w = log_w(j).exp();
        weight += w;
        total += term(j);
        if w < 1e-16 && j > mode + 10.0 {
            break;
        }
        j += 1.0;
    }
    let mut j = mode - 1.0;
    while j >= 0.0 {
        let w = log_w(j).exp();
        total += term(j);
        if w < 1e-16 {
            break;
        }
        j -= 1.0;
    }
    total.clamp(0.0, 1.0)
}

/// Sankaran's (1959, Biometrika 46:235–237) normal approximation to the
/// noncentral χ² distribution function, as Johnson, Kotz & Balakrishnan
/// (1995, Continuous Univariate Distributions 2, §29.8) give it:
/// Φ{[(x/(k+λ))^h − (1 + hp(h − 1 − ½(2 − h)mp))] / (h√(2p)(1 + ½mp))},
/// h = 1 − ⅔(k+λ)(k+3λ)/(k+2λ)², p = (k+2λ)/(k+λ)², m = (h − 1)(1 − 3h).
fn sankaran_cdf(x: f64, df: f64, lambda: f64) -> f64 {
    let (k, l) = (df, lambda);
    let h = 1.0 - 2.0 / 3.0 * (k + l) * (k + 3.0 * l) / (k + 2.0 * l).powi(2);
    let p = (k + 2.0 * l) / (k + l).powi(2);
    let m = (h - 1.0) * (1.0 - 3.0 * h);
    let centre = 1.0 + h * p * (h - 1.0 - 0.5 * (2.0 - h) * m * p);
    let spread = h * (2.0 * p).sqrt() * (1.0 + 0.5 * m * p);
    let z = ((x / (k + l)).powf(h) - centre) / spread;
    statrs::distribution::Normal::standard().cdf(z)
}

/// The confidence interval for the noncentrality λ of an observed X²: the λ
/// at which the observed value is the upper and lower (1 − level)/2 quantile.
pub fn noncentrality_interval(x2: f64, df: f64, level: f64) -> (f64, f64) {
    let alpha = (1.0 - level) / 2.0;
    // f(λ) = cdf(x2; λ) − target decreases in λ. The root is bracketed
    // (f(lo) > 0 ≥ f(hi)) and the bracket narrowed by the Illinois variant
    // of regula falsi (Dowell & Jarratt 1971, BIT 11:168–174): superlinear on
    // this smooth f, about 10 evaluations where bisection took 40 — each
    // evaluation sums hundreds of central χ² distribution functions when X²
    // is large (0.9 s on a 3×5 table with n ≈ 10⁷ before). A step that does
    // not at least halve the bracket over two steps is followed by a
    // bisection, so the bracket always shrinks; it ends, as bisection did,
    // when narrower than 1e-10 of λ.
    let f = |lambda: f64, target: f64| noncentral_chi2_cdf(x2, df, lambda) - target;
    let solve = |target: f64| -> f64 {
        let f_zero = f(0.0, target);
        if f_zero < 0.0 {
            return 0.0;
        }
        // The mean of X² is df + λ and its variance 2(df + 2λ): by the
        // normal approximation the root lies near x2 − df − z·sd, z the
        // target's normal quantile. Bracket it from there, one sd each way,
        // doubling the reach until f changes sign.
        let sd = |lambda: f64| (2.0 * (df + 2.0 * lambda.max(0.0))).sqrt();
        let z = statrs::distribution::Normal::standard().inverse_cdf(target);
        let guess = (x2 - df - z * sd(x2 - df)).max(0.0);
        let mut reach = sd(guess).max(1.0);
        let (mut lo, mut f_lo) = (0.0, f_zero);
        loop {
            let at = guess - reach;
            if at <= 0.0 {
                break;
            }
            let f_at = f(at, target);
            if f_at > 0.0 {
                (lo, f_lo) = (at, f_at);
                break;
            }
            reach *= 2.0;
        }
        let mut reach = sd(guess).max(1.0);
        let (mut hi, mut f_hi) = loop {
            let at = (guess + reach).max(lo + reach);
            let f_at = f(at, target);
            if f_at <= 0.0 {
                break (at, f_at);
            }
            if !at.is_finite() {
                return at;
            }
            (lo, f_lo) = (at, f_at);
            reach *= 2.0;
        };
        let mut side = 0i8; // which end the last step kept: -1 lo, +1 hi
        let mut width_before = hi - lo;
        for step in 0..200 {
            if hi - lo < 1e-10 * hi.max(1.0) {
                break;
            }
            let secant = if f_lo > f_hi {
                (lo * f_hi - hi * f_lo) / (f_hi - f_lo)
            } else {
                f64::NAN
            };
            let mid = 0.5 * (lo + hi);
            // Bisect when the secant point is unusable or, every second
            // step, when the bracket has not halved since the last check.
            let halved = step % 2 == 1 && hi - lo > 0.5 * width_before;
            let x = if secant > lo && secant < hi && !halved {
                secant
            } else {
                mid
            };
            if step % 2 == 1 {
                width_before = hi - lo;
            }
            let fx = f(x, target);
            if fx > 0.0 {
                (lo, f_lo) = (x, fx);
                if side == -1 {
                    f_hi *= 0.5; // Illinois: the stale end counts half
                }
                side = -1;
            } else {
                (hi, f_hi) = (x, fx);
                if side == 1 {
                    f_lo *= 0.5;
                }
                side = 1;
            }
        }
        0.5 * (lo + hi)
    };
    (solve(1.0 - alpha), solve(alpha))
}

/// Haberman's adjusted standardized residuals,
/// (O − E) / √(E (1 − R_i/n)(1 − C_j/n)): approximately N(0, 1) under
/// independence, so |r| > 1.96 marks a cell that departs at the 5 % level.
/// Haberman (1973), Biometrics 29:205–220.
pub fn adjusted_residuals(table: &ContingencyTable) -> DMatrix<f64> {
    let n = table.total() as f64;
    let e = table.expected();
    let rt = table.row_totals();
    let ct = table.col_totals();
    DMatrix::from_fn(table.nrows(), table.ncols(), |i, j| {
        let v = e[(i, j)] * (1.0 - rt[i] as f64 / n) * (1.0 - ct[j] as f64 / n);
        if v > 0.0 {
            (table.get(i, j) as f64 - e[(i, j)]) / v.sqrt()
        } else {
            0.0
        }
    })
}

/// The two-sided normal p-value of a residual (for readers who want it).
pub fn residual_p(z: f64) -> f64 {
    let normal = Normal::standard();
    2.0 * normal.sf(z.abs())
}

/// Holm's step-down adjustment of p-values (Holm 1979, Scand. J. Stat.
/// 6:65–70): the i-th smallest is multiplied by (m − i + 1), made monotone
/// and capped at 1. The result is in the input order.
pub fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut out = vec![0.0; m];
    let mut running: f64 = 0.0;
    for (rank, &i) in order.iter().enumerate() {
        let adj = ((m - rank) as f64 * p[i]).min(1.0);
        running = running.max(adj);
        out[i] = running;
    }
    out
}

/// Holm over the p-values present: `None` (an untested item) stays `None`
/// and does not count among the m tests.
pub fn holm_present(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let present: Vec<f64> = p.iter().flatten().copied().collect();
    let mut adjusted = holm(&present).into_iter();
    p.iter().map(|x| x.and_then(|_| adjusted.next())).collect()
}

/// Benjamini–Hochberg adjustment (1995, JRSS B 57:289–300), in input order.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[b].total_cmp(&p[a]));
    let mut out = vec![0.0; m];
    let mut running: f64 = 1.0;
    for (k, &i) in order.iter().enumerate() {
        let rank = m - k;
        let adj = (p[i] * m as f64 / rank as f64).min(1.0);
        running = running.min(adj);
        out[i] = running;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(rows: &[Vec<u64>]) -> ContingencyTable {
        ContingencyTable::from_rows(rows)
    }

    #[test]
    fn yates_matches_r() {
        // R 4.2.2: chisq.test(matrix(c(12, 5, 7, 9), 2)):
        // X-squared = 1.45599637881468, p = 0.22756821457581
        let y = yates(&t(&[vec![12, 7], vec![5, 9]])).unwrap();
        assert!(
            (y.statistic - 1.45599637881468).abs() < 1e-12,
            "{}",
            y.statistic
        );
        assert!((y.p - 0.22756821457581).abs() < 1e-12, "{}", y.p);
        assert!(yates(&t(&[vec![1, 2, 3], vec![3, 2, 1]])).is_none());
    }

    #[test]
    fn g2_zero_cells() {
        let g = likelihood_ratio(&t(&[vec![0, 5], vec![5, 0]])).unwrap();
        // 2 Σ O ln(O/E) = 2·(5 ln 2 + 5 ln 2) = 20 ln 2
        assert!((g.statistic - 20.0 * 2f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn holm_and_bh() {
        let p = [0.01, 0.04, 0.03, 0.005];
        let h = holm(&p);
        assert_eq!(h, vec![0.03, 0.06, 0.06, 0.02]);
        let b = benjamini_hochberg(&p);
        assert!(
            (b[0] - 0.02).abs() < 1e-15
                && (b[1] - 0.04).abs() < 1e-15
                && (b[2] - 0.04).abs() < 1e-15
        );
        assert!((b[3] - 0.02).abs() < 1e-15);
    }

    #[test]
    fn residuals_sum_to_zero_in_2x2() {
        let r = adjusted_residuals(&t(&[vec![10, 20], vec![30, 40]]));
        assert!((r[(0, 0)] + r[(0, 1)]).abs() < 1e-12);
        assert!((r[(0, 0)] + r[(1, 0)]).abs() < 1e-12);
    }

    #[test]
    fn noncentral_cdf_reduces_to_central() {
        let c = noncentral_chi2_cdf(3.0, 2.0, 0.0);
        assert!((c - (1.0 - (-1.5f64).exp())).abs() < 1e-12);
        // Mean of noncentral χ²(df, λ) is df + λ: the cdf at the mean is near 1/2.
        let m = noncentral_chi2_cdf(25.0, 5.0, 20.0);
        assert!(m > 0.45 && m < 0.65, "{m}");
    }

    #[test]
    fn cramers_v_interval_contains_v() {
        let tab = t(&[
            vec![10, 10, 3, 0],
            vec![9, 27, 6, 0],
            vec![1, 3, 2, 0],
            vec![11, 15, 13, 3],
        ]);
        let x = super::super::pearson_chi_square(&tab).unwrap();
        let v = cramers_v(&tab, &x).unwrap();
        assert!(
            v.ci_lower <= v.cramers_v && v.cramers_v <= v.ci_upper,
            "{v:?}"
        );
        assert!((v.cramers_v - (15.7036f64 / (113.0 * 3.0)).sqrt()).abs() < 1e-4);
    }
}
