//! Property tests of the statistics: p-values are probabilities, tests do
//! not depend on the order of rows and columns or on transposition, and the
//! Monte Carlo estimate agrees with the exact p.

use proptest::prelude::*;
use renkei::stats::exact::{ExactOptions, fisher_exact};
use renkei::stats::measures::likelihood_ratio;
use renkei::stats::montecarlo::{MonteCarloOptions, monte_carlo};
use renkei::stats::pearson_chi_square;
use renkei::tabulate::table::ContingencyTable;
use statrs::distribution::{Binomial, DiscreteCDF};

/// Tables of 2–4 rows and 2–4 columns, cells 0–8, no zero margins.
fn small_table() -> impl Strategy<Value = Vec<Vec<u64>>> {
    (2usize..=4, 2usize..=4)
        .prop_flat_map(|(r, c)| {
            proptest::collection::vec(proptest::collection::vec(0u64..=8, c), r)
        })
        .prop_filter("no zero margins", |rows| {
            rows.iter().all(|r| r.iter().sum::<u64>() > 0)
                && (0..rows[0].len()).all(|j| rows.iter().map(|r| r[j]).sum::<u64>() > 0)
        })
}

fn table(rows: &[Vec<u64>]) -> ContingencyTable {
    ContingencyTable::from_rows(rows)
}

fn exact_p(rows: &[Vec<u64>]) -> f64 {
    fisher_exact(&table(rows), &ExactOptions::default())
        .unwrap()
        .p
}

fn rel_close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()) + 1e-300
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn p_values_are_probabilities(rows in small_table()) {
        let t = table(&rows);
        let x = pearson_chi_square(&t).unwrap();
        prop_assert!((0.0..=1.0).contains(&x.p));
        let g = likelihood_ratio(&t).unwrap();
        prop_assert!((0.0..=1.0).contains(&g.p));
        let e = exact_p(&rows);
        prop_assert!(e > 0.0 && e <= 1.0, "exact p {}", e);
    }

    #[test]
    fn invariant_under_permutation_and_transposition(rows in small_table(), rot_r in 0usize..4, rot_c in 0usize..4) {
        let mut permuted = rows.clone();
        permuted.rotate_left(rot_r % rows.len());
        for r in &mut permuted {
            let k = rot_c % r.len();
            r.rotate_left(k);
        }
        permuted.reverse();
        let transposed: Vec<Vec<u64>> = (0..rows[0].len()).map(|j| rows.iter().map(|r| r[j]).collect()).collect();
        let x = pearson_chi_square(&table(&rows)).unwrap();
        for other in [&permuted, &transposed] {
            let y = pearson_chi_square(&table(other)).unwrap();
            prop_assert!(rel_close(x.statistic, y.statistic, 1e-9), "{} vs {}", x.statistic, y.statistic);
            prop_assert!(rel_close(x.p, y.p, 1e-9));
        }
        let e = exact_p(&rows);
        prop_assert!(rel_close(e, exact_p(&permuted), 1e-9));
        prop_assert!(rel_close(e, exact_p(&transposed), 1e-9));
    }

    #[test]
    fn monte_carlo_agrees_with_exact(rows in small_table(), seed in 0u64..1000) {
        let b = 20_000;
        let mc = monte_carlo(&table(&rows), b, seed, &MonteCarloOptions::default()).unwrap();
        let e = exact_p(&rows);
        // The number of replicates as extreme as the table, under the exact
        // p, is Binomial(B, p): the estimate (1 + k)/(B + 1) must give a k
        // in neither tail beyond 3.2·10⁻⁵, the tail of 4 normal SEs
        // (the band this test used before). The normal band itself misjudged
        // tiny p: p = 7·10⁻⁵, B = 20,000 has 1.4 hits on average, and 6 hits,
        // a 0.3 % event, lay 4.7 SEs away.
        let k = (mc.p_exact * (b + 1) as f64 - 1.0).round().max(0.0) as u64;
        let hits = Binomial::new(e.min(1.0), b).unwrap();
        let upper = if k == 0 { 1.0 } else { hits.sf(k - 1) };
        let lower = hits.cdf(k);
        prop_assert!(upper >= 3.2e-5 && lower >= 3.2e-5, "MC {} ({} hits) vs exact {}: P(≥) {}, P(≤) {}", mc.p_exact, k, e, upper, lower);
        prop_assert!((0.0..=1.0).contains(&mc.p_pearson));
    }
}
