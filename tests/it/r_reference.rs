//! renkei's statistics against R: the values in tests/reference/tables.tsv
//! were computed by R 4.2.2 (`chisq.test`, `fisher.test`, the G² formula) with
//! tests/reference/make_reference.R on a few hundred tables: shapes 2×2 to
//! 6×8, n from 10 to 10⁷, sparse tables, zero rows and columns, strong
//! association and the three published tables.
//!
//! Tolerances (relative): 1e-9 for asymptotic statistics and p-values, 1e-7
//! for exact p-values (R's own tolerance on "as or less probable"). A p below
//! 1e-300 is compared absolutely (both are 0 to within double precision).
//!
//! tests/reference/measures.tsv and adjust.tsv (make_measures.R, on the same
//! tables) hold Cramér's V, Bergsma's corrected V and the 95 % interval
//! (from `pchisq(ncp = λ)` and `uniroot`), the linear-by-linear test (from
//! `cov.wt`), `chisq.test()$stdres` and `p.adjust` (Holm, BH). Tolerances:
//! 1e-9 (closed forms), 1e-8 (interval limits: two root-finders and two
//! noncentral χ² implementations), 1e-12 (adjusted p-values), each relative
//! for values of 1 or more and absolute below.

use renkei::stats::exact::{ExactOptions, fisher_exact};
use renkei::stats::measures::{
    adjusted_residuals, benjamini_hochberg, cramers_v, holm, likelihood_ratio, linear_by_linear,
    yates,
};
use renkei::stats::pearson_chi_square;
use renkei::tabulate::table::ContingencyTable;

/// The lines of tests/reference/`name` after its header, split on tabs.
fn reference_lines(name: &str) -> Vec<Vec<String>> {
    let path = format!("{}/tests/reference/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

/// "1,2;3,4" → rows of numbers.
fn matrix<T: std::str::FromStr>(s: &str) -> Vec<Vec<T>>
where
    T::Err: std::fmt::Debug,
{
    s.split(';').map(numbers).collect()
}

/// "1,2,3" → numbers.
fn numbers<T: std::str::FromStr>(s: &str) -> Vec<T>
where
    T::Err: std::fmt::Debug,
{
    s.split(',').map(|v| v.parse().unwrap()).collect()
}

struct Row {
    id: String,
    kind: String,
    counts: Vec<Vec<u64>>,
    values: Vec<Option<f64>>,
}

fn rows() -> Vec<Row> {
    reference_lines("tables.tsv")
        .into_iter()
        .map(|f| Row {
            id: f[0].clone(),
            kind: f[1].clone(),
            counts: matrix(&f[2]),
            values: f[3..]
                .iter()
                .map(|v| {
                    if v == "NA" {
                        None
                    } else {
                        Some(v.parse().unwrap())
                    }
                })
                .collect(),
        })
        .collect()
}

fn close(what: &str, row: &Row, got: f64, want: f64, rel: f64) {
    let ok = if want.abs() < 1e-300 {
        got.abs() < 1e-290
    } else {
        ((got - want) / want).abs() <= rel
    };
    assert!(
        ok,
        "table {} ({}) {:?}: {what}: renkei {got:e}, R {want:e}, relative error {:e} > {rel:e}",
        row.id,
        row.kind,
        row.counts,
        ((got - want) / want).abs()
    );
}

fn tested(row: &Row) -> ContingencyTable {
    ContingencyTable::from_rows(&row.counts).drop_empty().0
}

#[test]
fn the_reference_file_covers_the_promised_shapes() {
    let rows = rows();
    assert!(rows.len() >= 300, "{} tables", rows.len());
    let exact = rows.iter().filter(|r| r.values[7].is_some()).count();
    assert!(exact >= 150, "{exact} tables with an exact p");
    for kind in [
        "small",
        "medium",
        "large",
        "sparse",
        "zero-margins",
        "huge",
        "strong",
        "published",
    ] {
        assert!(rows.iter().any(|r| r.kind == kind), "no {kind} table");
    }
    assert!(
        rows.iter()
            .any(|r| r.counts.len() == 6 && r.counts[0].len() == 8)
    );
}

#[test]
fn pearson_matches_chisq_test() {
    for row in rows() {
        let t = tested(&row);
        let x = pearson_chi_square(&t).unwrap();
        close("X²", &row, x.statistic, row.values[0].unwrap(), 1e-9);
        assert_eq!(x.df as f64, row.values[1].unwrap());
        close("Pearson p", &row, x.p, row.values[2].unwrap(), 1e-9);
    }
}

#[test]
fn likelihood_ratio_matches_r() {
    for row in rows() {
        let g = likelihood_ratio(&tested(&row)).unwrap();
        close("G²", &row, g.statistic, row.values[3].unwrap(), 1e-9);
        close("G² p", &row, g.p, row.values[4].unwrap(), 1e-9);
    }
}

#[test]
fn yates_matches_chisq_test_on_2x2() {
    let mut n = 0;
    for row in rows() {
        let t = tested(&row);
        match (yates(&t), row.values[5], row.values[6]) {
            (Some(y), Some(s), Some(p)) => {
                close("Yates X²", &row, y.statistic, s, 1e-9);
                close("Yates p", &row, y.p, p, 1e-9);
                n += 1;
            }
            (None, None, None) => {}
            other => panic!("table {}: Yates availability differs: {other:?}", row.id),
        }
    }
    assert!(n >= 10, "only {n} 2×2 tables");
}

#[test]
fn exact_matches_fisher_test() {
    for row in rows() {
        let Some(want) = row.values[7] else { continue };
        let r = fisher_exact(&tested(&row), &ExactOptions::default()).unwrap();
        close("exact p", &row, r.p, want, 1e-7);
    }
}

/// tests/reference/measures.tsv (make_measures.R): Cramér's V and its
/// interval, the linear-by-linear test and the adjusted residuals, by R.
struct MeasuresRow {
    id: String,
    counts: Vec<Vec<u64>>,
    /// cramers_v, cramers_v_corrected, ci_lower, ci_upper, lbl_statistic, lbl_p
    values: [f64; 6],
    stdres: Vec<Vec<f64>>,
}

fn measures_rows() -> Vec<MeasuresRow> {
    reference_lines("measures.tsv")
        .into_iter()
        .map(|f| MeasuresRow {
            id: f[0].clone(),
            counts: matrix(&f[1]),
            values: std::array::from_fn(|k| f[2 + k].parse().unwrap()),
            stdres: matrix(&f[8]),
        })
        .collect()
}

/// |got − want| ≤ tol · max(|want|, 1): relative for values of 1 or more,
/// absolute below (residuals and statistics near 0, limits at 0).
fn near(what: &str, id: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol * want.abs().max(1.0),
        "table {id}: {what}: renkei {got:e}, R {want:e}, tolerance {tol:e}"
    );
}

#[test]
fn cramers_v_and_its_interval_match_r() {
    let rows = measures_rows();
    assert!(rows.len() >= 300, "{} tables", rows.len());
    let mut bounded_below = 0;
    for row in &rows {
        let t = ContingencyTable::from_rows(&row.counts).drop_empty().0;
        let x = pearson_chi_square(&t).unwrap();
        let v = cramers_v(&t, &x).unwrap();
        let [want_v, want_vc, want_lo, want_hi, _, _] = row.values;
        // Closed forms of X²: the tolerance of X² itself.
        near("V", &row.id, v.cramers_v, want_v, 1e-9);
        near(
            "bias-corrected V",
            &row.id,
            v.cramers_v_corrected,
            want_vc,
            1e-9,
        );
        // Root-finding: renkei bisects λ to 1e-10 of its size, R's uniroot
        // stops at 1e-13 of the bracket; the two noncentral χ² distribution
        // functions (renkei's Poisson mixture, R's pchisq) agree to about
        // 1e-12, which moves λ by less than 1e-10 where the slope is 1e-2.
        near("V lower limit", &row.id, v.ci_lower, want_lo, 1e-8);
        near("V upper limit", &row.id, v.ci_upper, want_hi, 1e-8);
        bounded_below += usize::from(want_lo > 0.0);
    }
    // Both cases of the lower limit (0, and a root) are exercised.
    assert!(bounded_below >= 100 && bounded_below + 100 <= rows.len());
}

#[test]
fn linear_by_linear_and_residuals_match_r() {
    for row in measures_rows() {
        let t = ContingencyTable::from_rows(&row.counts).drop_empty().0;
        let m2 = linear_by_linear(&t).unwrap();
        near("M²", &row.id, m2.statistic, row.values[4], 1e-9);
        near("M² p", &row.id, m2.p, row.values[5], 1e-9);
        let res = adjusted_residuals(&t);
        assert_eq!(
            (res.nrows(), res.ncols()),
            (row.stdres.len(), row.stdres[0].len())
        );
        for (i, want_row) in row.stdres.iter().enumerate() {
            for (j, &want) in want_row.iter().enumerate() {
                near("adjusted residual", &row.id, res[(i, j)], want, 1e-9);
            }
        }
    }
}

#[test]
fn holm_and_bh_match_p_adjust() {
    let mut n = 0;
    for (k, f) in reference_lines("adjust.tsv").into_iter().enumerate() {
        let (p, holm_r, bh_r): (Vec<f64>, Vec<f64>, Vec<f64>) =
            (numbers(&f[0]), numbers(&f[1]), numbers(&f[2]));
        for (got, want) in holm(&p).into_iter().zip(holm_r) {
            near("Holm", &format!("vector {k}"), got, want, 1e-12);
        }
        for (got, want) in benjamini_hochberg(&p).into_iter().zip(bh_r) {
            near("BH", &format!("vector {k}"), got, want, 1e-12);
        }
        n += 1;
    }
    assert!(n >= 50);
}
