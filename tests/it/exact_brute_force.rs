//! The exact test against brute force: on random tables up to 4×4 with
//! n ≤ 40, renkei's p must equal the sum over every table with the observed
//! margins, enumerated one by one. The enumeration and its log-factorials
//! are written here afresh, sharing no code with the network algorithm, so
//! a wrong p anywhere in its pruning, merging, ladders, lines or fans shows.
//!
//! Tolerance: relative 1e-9 (the two sums add the same terms in different
//! orders and on different scales; R's own tie tolerance is 1e-7).

use proptest::prelude::*;
use renkei::stats::exact::{ExactOptions, RELATIVE_TOLERANCE, fisher_exact};
use renkei::tabulate::table::ContingencyTable;

/// ln k! for k = 0..=n by summing ln k.
fn ln_factorials(n: usize) -> Vec<f64> {
    let mut lf = vec![0.0; n + 1];
    for k in 2..=n {
        lf[k] = lf[k - 1] + (k as f64).ln();
    }
    lf
}

/// Calls `f` with every table (cells column by column) whose row totals are
/// `rows` and column totals `cols`.
fn each_table(rows: &mut [u64], cols: &[u64], cells: &mut Vec<u64>, f: &mut dyn FnMut(&[u64])) {
    let j = cells.len() / rows.len();
    if j == cols.len() {
        f(cells);
        return;
    }
    fill_column(rows, cols, 0, cols[j], cells, f);
}

/// Fills the current column from row `i` on, `left` still to place.
fn fill_column(
    rows: &mut [u64],
    cols: &[u64],
    i: usize,
    left: u64,
    cells: &mut Vec<u64>,
    f: &mut dyn FnMut(&[u64]),
) {
    if i + 1 == rows.len() {
        if left <= rows[i] {
            rows[i] -= left;
            cells.push(left);
            each_table(rows, cols, cells, f);
            cells.pop();
            rows[i] += left;
        }
        return;
    }
    // Rows below this one can take at most their totals.
    let below: u64 = rows[i + 1..].iter().sum();
    let lo = left.saturating_sub(below);
    for v in lo..=left.min(rows[i]) {
        rows[i] -= v;
        cells.push(v);
        fill_column(rows, cols, i + 1, left - v, cells, f);
        cells.pop();
        rows[i] += v;
    }
}

/// p = Σ P(T) over the tables T with P(T) ≤ P(observed)·(1 + 10⁻⁷).
fn brute_force_p(table: &[Vec<u64>]) -> f64 {
    let r = table.len();
    let c = table[0].len();
    let mut rows: Vec<u64> = table.iter().map(|row| row.iter().sum()).collect();
    let cols: Vec<u64> = (0..c)
        .map(|j| table.iter().map(|row| row[j]).sum())
        .collect();
    let n: u64 = rows.iter().sum();
    let lf = ln_factorials(n as usize);
    let ln_k = rows
        .iter()
        .chain(&cols)
        .map(|&v| lf[v as usize])
        .sum::<f64>()
        - lf[n as usize];
    let ln_p = |cells: &[u64]| ln_k - cells.iter().map(|&v| lf[v as usize]).sum::<f64>();
    let observed: Vec<u64> = (0..c)
        .flat_map(|j| (0..r).map(move |i| (i, j)))
        .map(|(i, j)| table[i][j])
        .collect();
    let limit = ln_p(&observed) + RELATIVE_TOLERANCE.ln_1p();
    let mut p = 0.0;
    each_table(&mut rows, &cols, &mut Vec::new(), &mut |cells| {
        let lp = ln_p(cells);
        if lp <= limit {
            p += lp.exp();
        }
    });
    p
}

/// Tables of 2–4 rows and 2–4 columns, n ≤ 40, no zero margins.
fn table() -> impl Strategy<Value = Vec<Vec<u64>>> {
    (2usize..=4, 2usize..=4)
        .prop_flat_map(|(r, c)| {
            let most = (40 / (r * c) as u64 * 2).max(2);
            proptest::collection::vec(proptest::collection::vec(0..=most, c), r)
        })
        .prop_filter("n ≤ 40 and no zero margins", |t| {
            t.iter().flatten().sum::<u64>() <= 40
                && t.iter().all(|row| row.iter().sum::<u64>() > 0)
                && (0..t[0].len()).all(|j| t.iter().map(|row| row[j]).sum::<u64>() > 0)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn exact_p_is_the_sum_over_every_table(t in table()) {
        let p = fisher_exact(&ContingencyTable::from_rows(&t), &ExactOptions::default())
            .unwrap()
            .p;
        let want = brute_force_p(&t);
        prop_assert!((p - want).abs() <= 1e-9 * want + 1e-15, "{t:?}: renkei {p}, enumeration {want}");
    }
}

#[test]
fn the_enumeration_itself_on_a_known_table() {
    // 表5: Fisher–Freeman–Halton p = 0.2218 (R: fisher.test).
    let t = vec![vec![1, 1, 1], vec![3, 3, 0], vec![0, 2, 0], vec![4, 12, 0]];
    assert!((brute_force_p(&t) - 0.2218).abs() < 5e-5);
    // 2×2: Fisher's p of [[3, 1], [1, 3]] is 34/70 = 0.4857.
    assert!((brute_force_p(&[vec![3, 1], vec![1, 3]]) - 34.0 / 70.0).abs() < 1e-12);
}
