//! Standardized ratios against R: tests/reference/ratio_poisson.tsv and
//! ratio_direct.tsv were made by tests/reference/make_ratio.R
//! (`poisson.test` for the exact limits and p, Byar's formula and
//! Spiegelhalter's funnel limits written out, `epitools::ageadjust.direct`
//! for the Fay–Feuer gamma limits), at O = 0, 1, 9, 10, 65, 1045.
//!
//! Tolerance: 1e-9 relative for limits, p-values and rates (1e-9 absolute
//! below 1). R returns NaN for the lower limit of a rate with no events;
//! renkei gives 0, the limit as the rate's lower bound.

use crate::common::{assert_close, reference_tsv};
use renkei::stats::poisson::{byar_interval, central_p, exact_interval, exact_p, funnel_limits};
use renkei::stats::standardize::{DirectStratum, direct_rate};

const TOLERANCE: f64 = 1e-9;

fn num(s: &str) -> f64 {
    s.parse()
        .unwrap_or_else(|_| panic!("number in the reference: {s}"))
}

#[test]
fn exact_limits_p_byar_and_funnel_match_r() {
    let rows = reference_tsv("ratio_poisson.tsv");
    assert_eq!(rows.len(), 60);
    for r in rows {
        let (o, e, level) = (num(&r[0]) as u64, num(&r[1]), num(&r[2]));
        let case = format!("O={o} E={e} level={level}");
        let exact = exact_interval(o, e, level);
        assert_close(
            exact.lower,
            num(&r[3]),
            TOLERANCE,
            &format!("{case} exact lower"),
        );
        assert_close(
            exact.upper,
            num(&r[4]),
            TOLERANCE,
            &format!("{case} exact upper"),
        );
        assert_close(exact_p(o, e), num(&r[5]), TOLERANCE, &format!("{case} p"));
        let byar = byar_interval(o, e, level);
        assert_close(
            byar.lower,
            num(&r[6]),
            TOLERANCE,
            &format!("{case} Byar lower"),
        );
        assert_close(
            byar.upper,
            num(&r[7]),
            TOLERANCE,
            &format!("{case} Byar upper"),
        );
        let funnel = funnel_limits(e, level);
        assert_close(
            funnel.lower,
            num(&r[8]),
            TOLERANCE,
            &format!("{case} funnel lower"),
        );
        assert_close(
            funnel.upper,
            num(&r[9]),
            TOLERANCE,
            &format!("{case} funnel upper"),
        );
        let central = central_p(o, e);
        assert_close(
            central,
            num(&r[10]),
            TOLERANCE,
            &format!("{case} central p"),
        );
        // The central p belongs to the exact interval: a ratio of 1 lies
        // outside the interval at level L exactly when p < 1 − L.
        let outside = exact.lower > 1.0 || exact.upper < 1.0;
        assert_eq!(
            outside,
            central < 1.0 - level,
            "{case}: interval and central p agree"
        );
    }
}

#[test]
fn direct_rates_match_epitools() {
    let rows = reference_tsv("ratio_direct.tsv");
    assert_eq!(rows.len(), 8);
    let list = |s: &str| s.split(',').map(num).collect::<Vec<f64>>();
    for r in rows {
        let (count, pop, std) = (list(&r[2]), list(&r[3]), list(&r[4]));
        let strata: Vec<DirectStratum> = (0..count.len())
            .map(|i| DirectStratum {
                count: count[i] as u64,
                population: pop[i],
                standard_population: std[i],
            })
            .collect();
        let level = num(&r[1]);
        let got = direct_rate(&strata, level).unwrap();
        let case = format!("{} level={level}", r[0]);
        assert_close(got.crude, num(&r[5]), TOLERANCE, &format!("{case} crude"));
        assert_close(
            got.adjusted,
            num(&r[6]),
            TOLERANCE,
            &format!("{case} adjusted"),
        );
        if r[7] == "NaN" {
            assert_eq!(got.interval.lower, 0.0, "{case}: no events, lower limit 0");
        } else {
            assert_close(
                got.interval.lower,
                num(&r[7]),
                TOLERANCE,
                &format!("{case} lower"),
            );
        }
        assert_close(
            got.interval.upper,
            num(&r[8]),
            TOLERANCE,
            &format!("{case} upper"),
        );
    }
}
