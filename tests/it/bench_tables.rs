//! The benchmark tables (bench/tables.txt), the ones far in the tail
//! included, against R's `fisher.test(workspace = 2e8)`: the p-values in
//! tests/reference/bench_tables.tsv were made by
//! tests/reference/make_bench_reference.R. These tables take R from a
//! millisecond to minutes and renkei under a few seconds in the optimized
//! test build.
//!
//! R's FEXACT counts a table as tied with the observed one within 3.45·10⁻⁷
//! on the log scale, renkei within 10⁻⁷ relative (R's own rule for 2×2
//! tables). So renkei is run with FEXACT's tolerance and checked against
//! R's p with the relative tolerance of every exact p checked against R,
//! 1e-7 (measured: at most 1.3e-8, on the 4×4 table with p ≈ 1.6e-15).
//! Its default p can only be smaller (fewer near-ties count): on the 3×4
//! n = 600 strong table it is, by 1.95e-7 relative.

use crate::common::*;
use renkei::stats::exact::{ExactOptions, FEXACT_TOLERANCE, fisher_exact};
use renkei::tabulate::table::ContingencyTable;

fn parse(counts: &str) -> Vec<Vec<u64>> {
    counts
        .split(';')
        .map(|row| row.split(',').map(|v| v.parse().unwrap()).collect())
        .collect()
}

#[test]
fn every_benchmark_table_gives_r_s_exact_p() {
    let reference =
        std::fs::read_to_string(repo().join("tests/reference/bench_tables.tsv")).unwrap();
    let bench = std::fs::read_to_string(repo().join("bench/tables.txt")).unwrap();
    let mut checked = 0;
    for line in reference.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (name, counts, r_p) = (f[0], f[1], f[2].parse::<f64>().unwrap());
        assert!(
            bench.contains(&format!("{name}\t{counts}")),
            "{name}: the reference is not of bench/tables.txt's table"
        );
        let table = ContingencyTable::from_rows(&parse(counts));
        let fexact_ties = ExactOptions {
            tie_tolerance: Some(FEXACT_TOLERANCE),
            ..Default::default()
        };
        let p = fisher_exact(&table, &fexact_ties).unwrap().p;
        assert!(
            (p - r_p).abs() <= 1e-7 * r_p,
            "{name}: renkei with FEXACT's ties {p}, R {r_p}"
        );
        let default = fisher_exact(&table, &ExactOptions::default()).unwrap().p;
        assert!(default <= p, "{name}: {default} counts more than {p}");
        if name == "3x4_n600_strong" {
            let below = (r_p - default) / r_p;
            assert!((1.9e-7..2.0e-7).contains(&below), "{name}: {below}");
        } else {
            assert_eq!(default, p, "{name}: only this table has near-ties");
        }
        checked += 1;
    }
    let tables = bench
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .count();
    assert_eq!(checked, tables, "every benchmark table has R's p");
}
