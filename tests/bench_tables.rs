//! The benchmark tables (bench/tables.txt), the ones far in the tail
//! included, against R's `fisher.test(workspace = 2e8)`: the p-values in
//! tests/reference/bench_tables.tsv were made by
//! tests/reference/make_bench_reference.R. Relative tolerance 1e-7, as for
//! every exact p checked against R (tests/r_reference.rs). These tables
//! take R from a millisecond to minutes and renkei under a few seconds in
//! the optimized test build.

mod common;
use common::*;
use renkei::stats::exact::{ExactOptions, fisher_exact};
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
        let p = fisher_exact(&table, &ExactOptions::default()).unwrap().p;
        assert!((p - r_p).abs() <= 1e-7 * r_p, "{name}: renkei {p}, R {r_p}");
        checked += 1;
    }
    let tables = bench
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .count();
    assert_eq!(checked, tables, "every benchmark table has R's p");
}
