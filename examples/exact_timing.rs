//! Times the exact test on a table given as "a,b;c,d": `cargo run --release --example exact_timing -- "1,2;3,4"`.
use renkei::stats::exact::{ExactOptions, fisher_exact};
use renkei::tabulate::table::ContingencyTable;

fn main() {
    for arg in std::env::args().skip(1) {
        let rows: Vec<Vec<u64>> = arg
            .split(';')
            .map(|r| r.split(',').map(|v| v.trim().parse().unwrap()).collect())
            .collect();
        let t = ContingencyTable::from_rows(&rows);
        let r = fisher_exact(&t, &ExactOptions::default()).unwrap();
        println!(
            "{arg}: p = {:.12e}, nodes = {}, {:.6} s",
            r.p, r.nodes, r.seconds
        );
    }
}
