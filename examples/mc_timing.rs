//! Times the Monte Carlo test: `cargo run --release --example mc_timing -- B "a,b;c,d"`.
use renkei::stats::montecarlo::{MonteCarloOptions, monte_carlo};
use renkei::tabulate::table::ContingencyTable;

fn main() {
    let mut args = std::env::args().skip(1);
    let b: u64 = args.next().unwrap().parse().unwrap();
    for arg in args {
        let rows: Vec<Vec<u64>> = arg
            .split(';')
            .map(|r| r.split(',').map(|v| v.trim().parse().unwrap()).collect())
            .collect();
        let t = ContingencyTable::from_rows(&rows);
        let start = std::time::Instant::now();
        let r = monte_carlo(&t, b, 1, &MonteCarloOptions::default()).unwrap();
        println!("{arg}: {r:?} {:.4} s", start.elapsed().as_secs_f64());
    }
}
