//! Exploratory factor analysis of a correlation matrix, as `psych::fa`
//! computes it: minimum residuals (minres, the unweighted least-squares
//! solution) or maximum likelihood, then varimax (`stats::varimax`) or
//! oblimin (`GPArotation::oblimin`), columns signed to positive sums and
//! ordered by the variance they explain.
//!
//! Extraction minimizes each fit over the uniquenesses Ψ by Newton's
//! method (a difference Hessian, Ψ kept in [0.005, max(1, smc)] as psych
//! bounds it) until the gradient is below 1e-11, where psych stops its
//! L-BFGS-B by the change of the fit (its loadings lie within about 2e-6
//! of this point). The loadings of a Ψ are psych's: minres Λ = V√λ of the top
//! eigenpairs of R − Ψ; ML Λ = Ψ^½ V √(e − 1) of Ψ^-½ R Ψ^-½.
//! The rotations follow their R sources step for step (same start, same
//! stopping rule), so they land on the same solution.

use nalgebra::{DMatrix, DVector, SymmetricEigen};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Extraction {
    Minres,
    Ml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rotation {
    None,
    Varimax,
    Oblimin,
}

/// A factor solution.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Factors {
    /// One row per item (in item order), one column per factor.
    pub loadings: Vec<Vec<f64>>,
    /// The factor correlations (oblique rotations only).
    pub phi: Option<Vec<Vec<f64>>>,
    /// diag(ΛΦΛ′): one per item.
    pub communalities: Vec<f64>,
    pub uniquenesses: Vec<f64>,
    /// Each factor's sum of squared loadings (diag(ΦΛ′Λ) when oblique).
    pub ss_loadings: Vec<f64>,
    /// ss_loadings / number of items.
    pub variance_explained: Vec<f64>,
    /// Whether the extraction and the rotation met their stopping rules.
    pub converged: bool,
}

/// Top `k` eigenpairs of a symmetric matrix, largest first. A matrix with
/// a value that is not finite (a fit pushed off its domain) has none:
/// NaN values, so a search rejects the point; nalgebra's decomposition
/// would otherwise iterate without end on it. The sweeps are capped too.
fn top(m: &DMatrix<f64>, k: usize) -> (Vec<f64>, DMatrix<f64>) {
    let decomposed = if m.iter().all(|v| v.is_finite()) {
        SymmetricEigen::try_new(m.clone(), f64::EPSILON, 10_000)
    } else {
        None
    };
    let Some(e) = decomposed else {
        return (
            vec![f64::NAN; k],
            DMatrix::from_element(m.nrows(), k, f64::NAN),
        );
    };
    let mut order: Vec<usize> = (0..e.eigenvalues.len()).collect();
    order.sort_by(|&a, &b| e.eigenvalues[b].total_cmp(&e.eigenvalues[a]));
    let values = order.iter().take(k).map(|&i| e.eigenvalues[i]).collect();
    let vectors = DMatrix::from_fn(m.nrows(), k, |r, c| e.eigenvectors[(r, order[c])]);
    (values, vectors)
}

/// The loadings psych takes for uniquenesses `psi`.
fn loadings_of(r: &DMatrix<f64>, psi: &[f64], k: usize, how: Extraction) -> DMatrix<f64> {
    let p = r.nrows();
    match how {
        Extraction::Minres => {
            let mut s = r.clone();
            for i in 0..p {
                s[(i, i)] -= psi[i];
            }
            let (values, mut v) = top(&s, k);
            for (c, value) in values.iter().enumerate() {
                let root = value.max(0.0).sqrt();
                v.column_mut(c).scale_mut(root);
            }
            v
        }
        Extraction::Ml => {
            let sc: Vec<f64> = psi.iter().map(|x| 1.0 / x.sqrt()).collect();
            let s = DMatrix::from_fn(p, p, |i, j| sc[i] * r[(i, j)] * sc[j]);
            let (values, mut v) = top(&s, k);
            for (c, value) in values.iter().enumerate() {
                let root = (value - 1.0).max(0.0).sqrt();
                v.column_mut(c).scale_mut(root);
            }
            for (i, u) in psi.iter().enumerate() {
                v.row_mut(i).scale_mut(u.sqrt());
            }
            v
        }
    }
}

/// diag(ΛΛ′) + Ψ − diag(R): zero at the solution of either fit (the
/// gradient psych gives its optimizer).
fn residual_diagonal(r: &DMatrix<f64>, psi: &[f64], k: usize, how: Extraction) -> DVector<f64> {
    let l = loadings_of(r, psi, k, how);
    DVector::from_fn(r.nrows(), |i, _| {
        l.row(i).iter().map(|x| x * x).sum::<f64>() + psi[i] - r[(i, i)]
    })
}

/// Squared multiple correlations 1 − 1/diag(R⁻¹) (psych::smc), 1 where R
/// cannot be inverted.
pub fn smc(r: &DMatrix<f64>) -> Vec<f64> {
    match r.clone().try_inverse() {
        Some(inv) => (0..r.nrows()).map(|i| 1.0 - 1.0 / inv[(i, i)]).collect(),
        None => vec![1.0; r.nrows()],
    }
}

const LOWER: f64 = 0.005;

/// The fit minimized over Ψ, and its gradient: for minres the unweighted
/// least-squares fit ‖R − Ψ − ΛΛ′‖² (the sum of the squared eigenvalues of
/// R − Ψ that the factors leave), gradient 2·diag(ΛΛ′ + Ψ − R); for ML
/// psych's `FAfn`, −Σ_{j>k}(log eⱼ − eⱼ) + k − p, gradient
/// diag(ΛΛ′ + Ψ − R)/Ψ² (psych's `FAgr`).
fn fit(r: &DMatrix<f64>, psi: &[f64], k: usize, how: Extraction) -> (f64, DVector<f64>) {
    let p = r.nrows();
    let g = residual_diagonal(r, psi, k, how);
    match how {
        Extraction::Minres => {
            let mut s = r.clone();
            for i in 0..p {
                s[(i, i)] -= psi[i];
            }
            let (values, _) = top(&s, p);
            let f = values
                .iter()
                .enumerate()
                .map(|(j, v)| if j >= k || *v < 0.0 { v * v } else { 0.0 })
                .sum();
            (f, 2.0 * g)
        }
        Extraction::Ml => {
            let sc: Vec<f64> = psi.iter().map(|x| 1.0 / x.sqrt()).collect();
            let s = DMatrix::from_fn(p, p, |i, j| sc[i] * r[(i, j)] * sc[j]);
            let (values, _) = top(&s, p);
            let rest: f64 = values[k..].iter().map(|e| e.ln() - e).sum();
            let f = -(rest - k as f64 + p as f64);
            (f, DVector::from_fn(p, |i, _| g[i] / (psi[i] * psi[i])))
        }
    }
}

/// Minimizes the fit over Ψ in [0.005, max(1, smc)] (psych's bounds) from
/// psych's start, 1 − smc: Newton steps on the free components (a
/// difference Hessian), a gradient step where the Hessian is not positive
/// definite, each backtracked until the fit falls. Returns Ψ and whether
/// the gradient vanished.
fn solve_uniquenesses(r: &DMatrix<f64>, k: usize, how: Extraction) -> (Vec<f64>, bool) {
    let p = r.nrows();
    let s = smc(r);
    let upper = s.iter().copied().fold(1.0f64, f64::max);
    let mut psi: Vec<f64> = (0..p)
        .map(|i| (r[(i, i)] - s[i]).clamp(LOWER, upper))
        .collect();
    let (mut f, mut grad) = fit(r, &psi, k, how);
    for _ in 0..500 {
        // Components held at a bound the fit pushes them past.
        let free: Vec<usize> = (0..p)
            .filter(|&i| {
                !((psi[i] <= LOWER && grad[i] > 0.0) || (psi[i] >= upper && grad[i] < 0.0))
            })
            .collect();
        let norm = free.iter().map(|&i| grad[i].abs()).fold(0.0, f64::max);
        if !norm.is_finite() || !f.is_finite() {
            // Off the fit's domain (an ML fit of a singular R): no solution.
            return (psi, false);
        }
        if norm < 1e-11 {
            return (psi, true);
        }
        let h = 1e-6;
        let mut hess = DMatrix::zeros(free.len(), free.len());
        for (c, &j) in free.iter().enumerate() {
            let mut up = psi.clone();
            let mut down = psi.clone();
            up[j] += h;
            down[j] -= h;
            let gu = fit(r, &up, k, how).1;
            let gd = fit(r, &down, k, how).1;
            for (row, &i) in free.iter().enumerate() {
                hess[(row, c)] = (gu[i] - gd[i]) / (2.0 * h);
            }
        }
        let hess = (&hess + hess.transpose()) * 0.5;
        let minus_grad = DVector::from_iterator(free.len(), free.iter().map(|&i| -grad[i]));
        let step = match hess.cholesky() {
            Some(ch) => ch.solve(&minus_grad),
            None => minus_grad.clone() * (0.1 / norm.max(1e-12)),
        };
        let mut t = 1.0;
        let mut accepted = false;
        for _ in 0..40 {
            let mut trial = psi.clone();
            for (row, &i) in free.iter().enumerate() {
                trial[i] = (psi[i] + t * step[row]).clamp(LOWER, upper);
            }
            let (ft, gt) = fit(r, &trial, k, how);
            // Near the minimum the fit changes below its rounding: a step
            // that keeps it there and shrinks the gradient is taken too.
            let gn = free.iter().map(|&i| gt[i].abs()).fold(0.0, f64::max);
            if ft < f || (ft <= f + 1e-13 * f.abs() && gn < norm) {
                psi = trial;
                f = ft;
                grad = gt;
                accepted = true;
                break;
            }
            t /= 2.0;
        }
        if !accepted {
            // The fit cannot fall at machine precision: as close as it gets.
            return (psi, norm < 1e-7);
        }
    }
    (psi, false)
}

/// `stats::varimax(x)` (Kaiser normalization, eps = 1e-5).
fn varimax(x: &DMatrix<f64>) -> DMatrix<f64> {
    let (p, nc) = x.shape();
    let sc: Vec<f64> = (0..p).map(|i| x.row(i).norm()).collect();
    let xn = DMatrix::from_fn(p, nc, |i, j| x[(i, j)] / sc[i]);
    let mut tt = DMatrix::<f64>::identity(nc, nc);
    let mut d = 0.0;
    for _ in 0..1000 {
        let z = &xn * &tt;
        let col_sq: Vec<f64> = (0..nc)
            .map(|j| z.column(j).iter().map(|v| v * v).sum())
            .collect();
        let inner = DMatrix::from_fn(p, nc, |i, j| {
            z[(i, j)].powi(3) - z[(i, j)] * col_sq[j] / p as f64
        });
        let b = xn.transpose() * inner;
        let svd = b.svd(true, true);
        let (Some(u), Some(vt)) = (svd.u, svd.v_t) else {
            break;
        };
        tt = u * vt;
        let dpast = d;
        d = svd.singular_values.sum();
        if d < dpast * (1.0 + 1e-5) {
            break;
        }
    }
    let z = &xn * &tt;
    DMatrix::from_fn(p, nc, |i, j| z[(i, j)] * sc[i])
}

/// GPArotation's oblimin criterion (γ = 0, quartimin): f and its gradient.
fn oblimin_criterion(l: &DMatrix<f64>) -> (f64, DMatrix<f64>) {
    let (p, k) = l.shape();
    let sq = l.map(|v| v * v);
    // X = L² (1 − I): each entry the sum of the row's other squared loadings.
    let x = DMatrix::from_fn(p, k, |i, j| {
        (0..k).filter(|&c| c != j).map(|c| sq[(i, c)]).sum::<f64>()
    });
    let f = sq.component_mul(&x).sum() / 4.0;
    (f, l.component_mul(&x))
}

/// `GPArotation::GPFoblq(A, method = "oblimin")`: the gradient projection
/// algorithm for oblique rotation (Bernaards & Jennrich 2005), eps = 1e-5.
/// Returns the rotated loadings, Φ, and whether it converged.
fn oblimin(a: &DMatrix<f64>) -> Option<(DMatrix<f64>, DMatrix<f64>, bool)> {
    let k = a.ncols();
    let mut tmat = DMatrix::<f64>::identity(k, k);
    let mut al = 1.0;
    let mut l = a * tmat.clone().try_inverse()?.transpose();
    let (mut f, gq) = oblimin_criterion(&l);
    let mut g = -(l.transpose() * gq * tmat.clone().try_inverse()?).transpose();
    let mut converged = false;
    for _ in 0..=1000 {
        let colsum: Vec<f64> = (0..k).map(|j| tmat.column(j).dot(&g.column(j))).collect();
        let gp = &g - &tmat * DMatrix::from_diagonal(&DVector::from_vec(colsum));
        let s = gp.norm();
        if s < 1e-5 {
            converged = true;
            break;
        }
        al *= 2.0;
        let mut tmatt = tmat.clone();
        let mut ft = f;
        let mut gqt = DMatrix::zeros(0, 0);
        for _ in 0..=10 {
            let x = &tmat - al * &gp;
            let v: Vec<f64> = (0..k).map(|j| 1.0 / x.column(j).norm()).collect();
            tmatt = x * DMatrix::from_diagonal(&DVector::from_vec(v));
            l = a * tmatt.clone().try_inverse()?.transpose();
            let (fv, gv) = oblimin_criterion(&l);
            ft = fv;
            gqt = gv;
            if f - ft > 0.5 * s * s * al {
                break;
            }
            al /= 2.0;
        }
        tmat = tmatt;
        f = ft;
        g = -(l.transpose() * gqt * tmat.clone().try_inverse()?).transpose();
    }
    let phi = tmat.transpose() * &tmat;
    Some((l, phi, converged))
}

/// Factors of the correlation matrix `r` (p × p), `k` of them. `None`
/// when k is not between 1 and p − 1 or the rotation fails.
pub fn factor_analysis(
    r: &DMatrix<f64>,
    k: usize,
    how: Extraction,
    rotation: Rotation,
) -> Option<Factors> {
    let p = r.nrows();
    if k == 0 || k >= p {
        return None;
    }
    let (psi, mut converged) = solve_uniquenesses(r, k, how);
    let unrotated = loadings_of(r, &psi, k, how);
    let (mut l, mut phi) = match (rotation, k) {
        (_, 1) | (Rotation::None, _) => (unrotated, None),
        (Rotation::Varimax, _) => (varimax(&unrotated), None),
        (Rotation::Oblimin, _) => {
            let (l, phi, ok) = oblimin(&unrotated)?;
            converged &= ok;
            (l, Some(phi))
        }
    };
    // Signs: each column's sum positive (psych).
    for j in 0..k {
        if l.column(j).sum() < 0.0 {
            l.column_mut(j).neg_mut();
            if let Some(ph) = phi.as_mut() {
                ph.column_mut(j).neg_mut();
                ph.row_mut(j).neg_mut();
            }
        }
    }
    let ltl = l.transpose() * &l;
    let ss: Vec<f64> = match &phi {
        Some(ph) => (ph * &ltl).diagonal().iter().copied().collect(),
        None => ltl.diagonal().iter().copied().collect(),
    };
    // Order: most variance first (a stable sort, as R's order()).
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| ss[b].total_cmp(&ss[a]));
    l = DMatrix::from_fn(p, k, |i, j| l[(i, order[j])]);
    phi = phi.map(|ph| DMatrix::from_fn(k, k, |i, j| ph[(order[i], order[j])]));
    let ss: Vec<f64> = order.iter().map(|&j| ss[j]).collect();
    let model = match &phi {
        Some(ph) => &l * ph * l.transpose(),
        None => &l * l.transpose(),
    };
    let rows = |m: &DMatrix<f64>| -> Vec<Vec<f64>> {
        (0..m.nrows())
            .map(|i| m.row(i).iter().copied().collect())
            .collect()
    };
    Some(Factors {
        loadings: rows(&l),
        phi: phi.as_ref().map(rows),
        communalities: model.diagonal().iter().copied().collect(),
        uniquenesses: psi,
        variance_explained: ss.iter().map(|s| s / p as f64).collect(),
        ss_loadings: ss,
        converged,
    })
}

/// The eigenvalues of a symmetric matrix, largest first.
pub fn eigenvalues(m: &DMatrix<f64>) -> Vec<f64> {
    top(m, m.nrows()).0
}

/// What `psych::fa(r, nfactors = 1)$values` reports and parallel analysis
/// compares: the eigenvalues of R with its diagonal replaced by the
/// communalities of a one-factor fit, largest first, and whether the fit
/// ended with a uniqueness on psych's lower bound (a Heywood case, where
/// the fit is flat and another optimizer may stop elsewhere). `None` for
/// fewer than two items.
pub fn one_factor_eigenvalues(r: &DMatrix<f64>, how: Extraction) -> Option<(Vec<f64>, bool)> {
    if r.nrows() < 2 {
        return None;
    }
    let (psi, _) = solve_uniquenesses(r, 1, how);
    let l = loadings_of(r, &psi, 1, how);
    let mut reduced = r.clone();
    for i in 0..r.nrows() {
        reduced[(i, i)] = l[(i, 0)] * l[(i, 0)];
    }
    let heywood = psi.iter().any(|&u| u <= LOWER);
    Some((eigenvalues(&reduced), heywood))
}

/// Pearson correlations of complete rows (each inner Vec one respondent).
pub fn correlations(rows: &[Vec<f64>]) -> Option<DMatrix<f64>> {
    let n = rows.len();
    let p = rows.first()?.len();
    if n < 3 {
        return None;
    }
    let means: Vec<f64> = (0..p)
        .map(|j| rows.iter().map(|r| r[j]).sum::<f64>() / n as f64)
        .collect();
    let cov = DMatrix::from_fn(p, p, |a, b| {
        rows.iter()
            .map(|r| (r[a] - means[a]) * (r[b] - means[b]))
            .sum::<f64>()
    });
    let sd: Vec<f64> = (0..p).map(|j| cov[(j, j)].sqrt()).collect();
    if sd.contains(&0.0) {
        return None;
    }
    Some(DMatrix::from_fn(p, p, |a, b| cov[(a, b)] / (sd[a] * sd[b])))
}
