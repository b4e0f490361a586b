//! The test of marginal independence for multiple-response questions
//! against tests/reference/mmi.tsv, made by tests/reference/make_mmi.R from
//! the formulas of Bilder & Loughin (2004) (MRCV's MMI.test is not packaged
//! for Debian): the per-option X², their sum, the second-order Rao–Scott
//! statistic, df and p, and the Bonferroni p within 1e-9 relative (absolute
//! below 1); the bootstrap p (20,000 resamples each, different generators)
//! within 4 standard errors of their difference.

use crate::common::{assert_close, reference_tsv, repo};
use renkei::stats::multiple::marginal_independence;

const TOLERANCE: f64 = 1e-9;

fn data(case: &str) -> (Vec<Vec<bool>>, Vec<usize>, usize) {
    let text = std::fs::read_to_string(repo().join(format!("tests/reference/{case}.csv"))).unwrap();
    let mut groups: Vec<String> = Vec::new();
    let (mut choices, mut group) = (Vec::new(), Vec::new());
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let g = match groups.iter().position(|x| x == f[0]) {
            Some(i) => i,
            None => {
                groups.push(f[0].to_string());
                groups.len() - 1
            }
        };
        group.push(g);
        choices.push(f[1..].iter().map(|v| *v == "1").collect());
    }
    (choices, group, groups.len())
}

#[test]
fn sum_statistic_rao_scott_and_bonferroni_match_the_formulas_in_r() {
    let rows = reference_tsv("mmi.tsv");
    assert_eq!(rows.len(), 3);
    for r in rows {
        let num = |i: usize| r[i].parse::<f64>().unwrap();
        let (choices, group, k) = data(&r[0]);
        let t = marginal_independence(&choices, &group, k, 20_000, 7, None).unwrap();
        let case = &r[0];
        assert_close(t.statistic, num(1), TOLERANCE, &format!("{case} X²_S"));
        assert_close(
            t.statistic_rao_scott,
            num(2),
            TOLERANCE,
            &format!("{case} Rao–Scott X²"),
        );
        assert_close(t.df, num(3), TOLERANCE, &format!("{case} df"));
        assert_close(
            t.p_rao_scott,
            num(4),
            TOLERANCE,
            &format!("{case} p Rao–Scott"),
        );
        assert_close(
            t.p_bonferroni,
            num(5),
            TOLERANCE,
            &format!("{case} p Bonferroni"),
        );
        let per: Vec<f64> = r[8].split(';').map(|v| v.trim().parse().unwrap()).collect();
        for (got, want) in t.per_option.iter().zip(&per) {
            assert_close(*got, *want, TOLERANCE, &format!("{case} per-option X²"));
        }
        let (p_r, b) = (num(6), num(7));
        let p = t.p_bootstrap.unwrap();
        let se = (2.0 * p_r.max(1.0 / b) * (1.0 - p_r) / b).sqrt();
        assert!(
            (p - p_r).abs() <= 4.0 * se,
            "{case}: bootstrap p {p} vs R's {p_r} (SE {se})"
        );
    }
}
