//! The noncentrality interval behind Cramér's V's confidence interval at
//! huge X² (10⁶ to 10¹⁰, where tables of millions of units land), against
//! R: the Poisson mixture summed directly and solved with `uniroot`
//! (tests/reference/make_noncentral.R; R's own `pchisq(ncp =)` is not
//! trusted beyond about 10⁵). renkei uses Sankaran's approximation there;
//! its limits are within 1e-9 of λ (measured: at most 1.5e-11). Below 10⁶ the
//! mixture is checked to 1e-8 in tests/it/r_reference.rs.

use crate::common::*;
use renkei::stats::measures::noncentrality_interval;

#[test]
fn the_interval_at_huge_noncentrality_matches_the_mixture() {
    let text = std::fs::read_to_string(repo().join("tests/reference/noncentral.tsv")).unwrap();
    let mut checked = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let f: Vec<f64> = line
            .split('\t')
            .map(|v| v.trim().parse().unwrap())
            .collect();
        let (x2, df, lower, upper) = (f[0], f[1], f[2], f[3]);
        let (lo, hi) = noncentrality_interval(x2, df, 0.95);
        let rel = |a: f64, b: f64| (a - b).abs() / b;
        assert!(
            rel(lo, lower) < 1e-9,
            "X² {x2}, df {df}: lower {lo} vs R {lower} ({:.1e})",
            rel(lo, lower)
        );
        assert!(
            rel(hi, upper) < 1e-9,
            "X² {x2}, df {df}: upper {hi} vs R {upper} ({:.1e})",
            rel(hi, upper)
        );
        checked += 1;
    }
    assert_eq!(checked, 6);
}

/// Issue 20: the interval no longer costs time in proportion to the counts
/// (`--counts "50000000,1;1,50000000"` took 41 s and gave a lower limit of
/// 0.72 for a V whose interval is ≈ 0.9998–1).
#[test]
fn cramers_v_on_a_huge_table_is_right_and_quick() {
    let out = renkei()
        .args([
            "test",
            "--counts",
            "50000000,1;1,50000000",
            "--exact",
            "never",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let lower = v["effect_size"]["ci_lower"].as_f64().unwrap();
    assert!((0.9997..0.99995).contains(&lower), "lower limit {lower}");
}
