//! Times the Monte Carlo test.
//!
//! `cargo run --release --example mc_timing -- B "a,b;c,d" …` times the
//! tables given; `… -- family B` times a seeded family of irregular-margin
//! tables (shapes 2×3 to 5×6, n from 100 to 30,000) and prints nanoseconds
//! per random table by n, so that a cost growing with n shows.
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};
use renkei::stats::montecarlo::{MonteCarloOptions, monte_carlo};
use renkei::tabulate::table::ContingencyTable;

/// Shares drawn as normalized squares of uniforms (skewed, never equal),
/// each at least 2 % so that no margin is empty.
fn shares(rng: &mut ChaCha8Rng, k: usize) -> Vec<f64> {
    let raw: Vec<f64> = (0..k)
        .map(|_| {
            let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            0.02 + u * u
        })
        .collect();
    let total: f64 = raw.iter().sum();
    raw.iter().map(|v| v / total).collect()
}

/// A table with n units spread by the product of row and column shares.
fn irregular(rng: &mut ChaCha8Rng, r: usize, c: usize, n: u64) -> ContingencyTable {
    let (rs, cs) = (shares(rng, r), shares(rng, c));
    let rows: Vec<Vec<u64>> = rs
        .iter()
        .map(|a| {
            cs.iter()
                .map(|b| ((a * b * n as f64).round() as u64).max(1))
                .collect()
        })
        .collect();
    ContingencyTable::from_rows(&rows)
}

fn family(b: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let shapes = [(2, 3), (3, 3), (4, 4), (5, 4), (3, 6), (5, 6)];
    println!("{:>7} {:>14}", "n", "ns per table");
    for n in [100u64, 300, 1_000, 3_000, 10_000, 30_000] {
        let mut seconds = 0.0;
        let mut tables = 0;
        for &(r, c) in &shapes {
            for _ in 0..4 {
                let t = irregular(&mut rng, r, c, n);
                let start = std::time::Instant::now();
                monte_carlo(&t, b, 1, &MonteCarloOptions::default()).unwrap();
                seconds += start.elapsed().as_secs_f64();
                tables += b;
            }
        }
        println!("{n:>7} {:>14.1}", seconds * 1e9 / tables as f64);
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let first = args.next().expect("B or family");
    if first == "family" {
        family(args.next().map_or(100_000, |b| b.parse().expect("B")));
        return;
    }
    let b: u64 = first.parse().expect("B");
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
