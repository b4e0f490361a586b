//! Criterion benchmarks of the statistics on the survey tables and on the
//! harder tables of bench/tables.txt. Run: `cargo bench -p renkei-bench`.

use criterion::{Criterion, criterion_group, criterion_main};
use renkei_stats::exact::{ExactOptions, fisher_exact};
use renkei_stats::montecarlo::{MonteCarloOptions, monte_carlo};
use renkei_stats::table::ContingencyTable;
use renkei_stats::{analyze, pearson_chi_square};
use std::hint::black_box;

fn parse(counts: &str) -> ContingencyTable {
    let rows: Vec<Vec<u64>> = counts
        .split(';')
        .map(|r| r.split(',').map(|v| v.parse().unwrap()).collect())
        .collect();
    ContingencyTable::from_rows(&rows).drop_empty().0
}

const SURVEY: [(&str, &str); 3] = [
    ("table3", "10,10,3,0;9,27,6,0;1,3,2,0;11,15,13,3"),
    ("table4", "6,14;17,19;1,3;5,21"),
    ("table5", "1,1,1;3,3,0;0,2,0;4,12,0"),
];

const HARDER: [(&str, &str); 4] = [
    ("4x4_n150", "9,10,8,11;10,9,11,8;8,11,9,10;11,8,10,7"),
    (
        "4x4_n200_assoc",
        "18,12,10,10;12,16,11,11;10,12,15,13;10,11,13,16",
    ),
    ("3x4_n600", "45,52,48,55;50,47,53,50;52,51,49,48"),
    (
        "5x5_n100",
        "5,3,4,6,2;4,5,3,3,5;3,4,5,4,4;6,3,4,3,4;2,5,4,4,5",
    ),
];

fn exact(c: &mut Criterion) {
    let mut g = c.benchmark_group("exact");
    for (name, counts) in SURVEY.iter().chain(HARDER.iter()) {
        let t = parse(counts);
        g.bench_function(*name, |b| {
            b.iter(|| fisher_exact(black_box(&t), &ExactOptions::default()).unwrap())
        });
    }
    g.finish();
}

fn asymptotic(c: &mut Criterion) {
    let t = parse(SURVEY[0].1);
    c.bench_function("pearson/table3", |b| {
        b.iter(|| pearson_chi_square(black_box(&t)))
    });
    c.bench_function("analyze/table3", |b| b.iter(|| analyze(black_box(&t))));
}

fn simulation(c: &mut Criterion) {
    let mut g = c.benchmark_group("monte_carlo");
    g.sample_size(10);
    let t = parse(SURVEY[0].1);
    g.bench_function("table3_B1e6", |b| {
        b.iter(|| monte_carlo(black_box(&t), 1_000_000, 1, &MonteCarloOptions::default()).unwrap())
    });
    g.finish();
}

criterion_group!(benches, exact, asymptotic, simulation);
criterion_main!(benches);
