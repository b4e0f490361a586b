//! Tests of the exact test: against enumeration, R, and its own speed choices.

use super::*;

/// A fixed 64-bit linear congruential generator (Knuth's MMIX constants)
/// for the tests' random tables: the same tables on every run.
fn lcg(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        state
    }
}

/// The exact p of `rows` with the given speed choices.
fn with(rows: &[Vec<u64>], tuning: Tuning) -> f64 {
    fisher_exact_with(
        &ContingencyTable::from_rows(rows),
        &ExactOptions::default(),
        tuning,
    )
    .unwrap()
    .p
}

fn p(rows: &[Vec<u64>]) -> f64 {
    fisher_exact(&ContingencyTable::from_rows(rows), &ExactOptions::default())
        .unwrap()
        .p
}

/// Brute force: every table with the margins, by enumeration.
fn brute(rows: &[Vec<u64>]) -> f64 {
    let t = ContingencyTable::from_rows(rows);
    let rt: Vec<u32> = t.row_totals().iter().map(|&v| v as u32).collect();
    let ct: Vec<u32> = t.col_totals().iter().map(|&v| v as u32).collect();
    let lf = log_factorials(t.total());
    let log_k = rt.iter().map(|&r| lf[r as usize]).sum::<f64>() - lf[t.total() as usize]
        + ct.iter().map(|&c| lf[c as usize]).sum::<f64>();
    let logp = |cells: &[u32]| log_k - cells.iter().map(|&v| lf[v as usize]).sum::<f64>();
    let obs: Vec<u32> = t.counts.transpose().iter().map(|&v| v as u32).collect();
    let p_obs = logp(&obs);
    let mut total = 0.0;
    fn rec(j: usize, rem: Vec<u32>, ct: &[u32], cells: &mut Vec<u32>, f: &mut dyn FnMut(&[u32])) {
        if j == ct.len() {
            f(cells);
            return;
        }
        for_each_composition(&rem, ct[j], |x| {
            let next: Vec<u32> = rem.iter().zip(x).map(|(r, x)| r - x).collect();
            let len = cells.len();
            cells.extend_from_slice(x);
            rec(j + 1, next, ct, cells, f);
            cells.truncate(len);
        });
    }
    rec(0, rt, &ct, &mut Vec::new(), &mut |cells| {
        let lp = logp(cells);
        if lp <= p_obs + RELATIVE_TOLERANCE.ln_1p() {
            total += lp.exp();
        }
    });
    total
}

#[test]
fn log_factorials_of_0_and_1_are_exactly_0() {
    let lf = log_factorials(3);
    assert_eq!((lf[0], lf[1]), (0.0, 0.0));
    // statrs's ln Γ is within a few units in the last place.
    assert!((lf[3] - 6f64.ln()).abs() < 1e-14);
}

#[test]
fn compositions() {
    let mut all = Vec::new();
    for_each_composition(&[2, 1, 3], 3, |x| all.push(x.to_vec()));
    assert!(all.iter().all(|x| x.iter().sum::<u32>() == 3));
    assert!(all.iter().all(|x| x[0] <= 2 && x[1] <= 1 && x[2] <= 3));
    // Brute count: x0∈0..=2, x1∈0..=1, x2 = 3−x0−x1 ∈ 0..=3 → 6.
    assert_eq!(all.len(), 6);
    let mut none = 0;
    for_each_composition(&[1, 1], 3, |_| none += 1);
    assert_eq!(none, 0);
}

#[test]
fn matches_brute_force() {
    for rows in [
        vec![vec![3, 1], vec![1, 3]],
        vec![vec![1, 1, 1], vec![3, 3, 0], vec![0, 2, 0], vec![4, 12, 0]],
        vec![vec![2, 0, 1, 4], vec![1, 3, 2, 0], vec![0, 1, 1, 2]],
        vec![vec![5, 0], vec![0, 5], vec![2, 3]],
        vec![vec![1, 2, 3], vec![3, 2, 1]],
        // Columns of 8 or more with three or more left: the sub-tree
        // bounds (at the root of the first, with four left).
        vec![vec![5, 3, 4, 3], vec![2, 6, 3, 4], vec![3, 2, 5, 3]],
        vec![vec![8, 1, 1, 2], vec![1, 8, 2, 1], vec![1, 2, 9, 8]],
        // Equal row totals: edges walked once per set of orderings (a
        // block of three at the root; a pair after a larger total).
        vec![vec![3, 3, 2, 2], vec![2, 3, 3, 2], vec![3, 2, 2, 3]],
        vec![vec![5, 2, 2, 1], vec![2, 5, 1, 2], vec![1, 2, 4, 5]],
    ] {
        let (a, b) = (p(&rows), brute(&rows));
        assert!((a - b).abs() <= 1e-12 + 1e-9 * b, "{rows:?}: {a} vs {b}");
    }
}

/// Settling on ladders (always, from 1 straddling past; on the linear
/// and on the log scale) and sending every past on (never) give the same
/// p, on brute-forced tables and on ones far in the tail where the
/// ladders do most of the work.
#[test]
fn ladders_agree_with_sending_pasts_on() {
    let always = Tuning {
        ladder_min_pasts: 1,
        ..Tuning::DEFAULT
    };
    let log_scale = Tuning {
        linear_span: 0.0,
        ..always
    };
    // Settlements made after every node instead of once per chunk.
    let node_by_node = Tuning {
        batch_pasts: 1,
        batch_waiting: 1,
        ..always
    };
    let never = Tuning {
        ladder_min_pasts: usize::MAX,
        symmetry: false,
        lines: false,
        ..Tuning::DEFAULT
    };
    for rows in [
        vec![vec![1, 2, 3], vec![3, 2, 1]],
        vec![vec![2, 0, 1, 4], vec![1, 3, 2, 0], vec![0, 1, 1, 2]],
        vec![vec![5, 3, 4, 3], vec![2, 6, 3, 4], vec![3, 2, 5, 3]],
        vec![vec![8, 1, 1, 2], vec![1, 8, 2, 1], vec![1, 2, 9, 8]],
        vec![
            vec![4, 0, 1, 0],
            vec![0, 3, 1, 1],
            vec![1, 0, 4, 0],
            vec![0, 1, 0, 3],
        ],
    ] {
        let b = brute(&rows);
        for tuning in [always, log_scale, node_by_node, never] {
            let a = with(&rows, tuning);
            assert!((a - b).abs() <= 1e-12 + 1e-9 * b, "{rows:?}: {a} vs {b}");
        }
    }
    for rows in [
        vec![
            vec![6, 1, 1, 0],
            vec![1, 6, 0, 1],
            vec![0, 1, 6, 1],
            vec![1, 0, 1, 6],
        ],
        vec![
            vec![12, 3, 2, 2, 1],
            vec![3, 10, 3, 2, 2],
            vec![2, 3, 9, 3, 3],
        ],
        vec![
            vec![9, 2, 1, 1, 0],
            vec![2, 8, 1, 1, 1],
            vec![1, 1, 7, 2, 1],
            vec![0, 1, 2, 8, 2],
        ],
    ] {
        let b = with(&rows, never);
        for tuning in [always, log_scale, node_by_node] {
            let a = with(&rows, tuning);
            assert!((a - b).abs() <= 1e-10 * b, "{rows:?}: {a} vs {b}");
        }
    }
}

#[test]
fn lines_agree_with_visiting_every_edge() {
    // `Worker::line` skips the edges outside J on the strength of
    // concavity; visiting every edge must give the same p. Random
    // tables (a fixed LCG) with columns large enough for sub-tree
    // bounds (`SUBTREE_MIN_COLUMN`), three to five columns, equal and
    // unequal row totals, with and without the symmetry step.
    let mut lcg = lcg(0x2545_f491_4f6c_dd1d);
    let mut next = |m: u64| (lcg() >> 33) % m;
    for k in 0..20 {
        let (nr, nc) = (3 + next(2) as usize, 3 + next(3) as usize);
        let strength = next(4);
        let rows: Vec<Vec<u64>> = (0..nr)
            .map(|i| {
                (0..nc)
                    .map(|j| 1 + next(6) + if i == j { 3 * strength } else { 0 })
                    .collect()
            })
            .collect();
        for symmetry in [true, false] {
            let on = Tuning {
                symmetry,
                ..Tuning::DEFAULT
            };
            let off = Tuning { lines: false, ..on };
            let (a, b) = (with(&rows, on), with(&rows, off));
            assert!((a - b).abs() <= 1e-12 * b, "{k}: {rows:?}: {a} vs {b}");
        }
    }
    // Equal row totals (blocks across the line's two rows); a table whose
    // lines' maxima often lie below the proportional split; one whose
    // nodes run out of rows (lines over two empty rows).
    for rows in [
        vec![
            vec![13, 2, 0, 4],
            vec![1, 11, 2, 0],
            vec![3, 3, 9, 4],
            vec![3, 2, 3, 11],
        ],
        vec![
            vec![9, 6, 5, 5],
            vec![5, 9, 6, 5],
            vec![6, 5, 9, 5],
            vec![5, 5, 5, 10],
        ],
        vec![
            vec![12, 8, 10],
            vec![8, 12, 10],
            vec![10, 10, 10],
            vec![10, 10, 10],
        ],
        vec![
            vec![7, 3, 0, 0, 0],
            vec![0, 10, 6, 5, 7],
            vec![0, 0, 0, 0, 6],
            vec![7, 0, 4, 6, 6],
        ],
    ] {
        let on = with(&rows, Tuning::DEFAULT);
        let off = with(
            &rows,
            Tuning {
                lines: false,
                ..Tuning::DEFAULT
            },
        );
        assert!((on - off).abs() <= 1e-12 * off, "{rows:?}: {on} vs {off}");
    }
}

#[test]
fn ladder_counts_the_steps_at_or_below() {
    // count_at_most against a binary search, on ladders spread evenly,
    // bunched at one end, with ties at interval edges, and of one step;
    // queries below, inside, on and above the steps.
    let mut lcg = lcg(0x853c_49e6_748f_ea9b);
    let mut unit = || (lcg() >> 11) as f64 / (1u64 << 53) as f64;
    let mut ladders: Vec<Vec<f64>> = vec![vec![-3.5], vec![0.0, 1.0, 2.0, 3.0, 4.0]];
    for len in [2, 7, 40, 363] {
        let even: Vec<f64> = (0..len).map(|_| -30.0 + 30.0 * unit()).collect();
        let bunched: Vec<f64> = (0..len).map(|_| -30.0 * unit().powi(6)).collect();
        ladders.push(even);
        ladders.push(bunched);
    }
    for mut g in ladders {
        g.sort_by(f64::total_cmp);
        g.dedup();
        let steps = g.len();
        let mut ladder = Ladder {
            g: g.clone(),
            log_cumulative: Vec::new(),
            weight: Vec::new(),
            cumulative: Vec::new(),
            start: Vec::new(),
            intervals: Intervals::default(),
        };
        ladder.intervals = Intervals::cut(&mut ladder.g, 0, &mut ladder.start);
        let mut queries: Vec<f64> = g.clone();
        queries.extend(g.iter().map(|&v| v - 1e-12));
        queries.extend([g[0] - 5.0, g[steps - 1] + 5.0, f64::MIN, f64::MAX]);
        queries.extend((0..200).map(|_| g[0] - 1.0 + (g[steps - 1] - g[0] + 2.0) * unit()));
        for t in queries {
            let expected = g.partition_point(|&v| v <= t);
            assert_eq!(ladder.count_at_most(t), expected, "{t} in {g:?}");
        }
    }
}

#[test]
fn past_keys_sort_as_the_pairs_do() {
    // Pasts are log-probabilities (≤ 0, some sums above 0 by
    // rounding), paths positive; equal pasts with different paths and
    // neighbouring floats included.
    let pasts = [
        -745.0,
        -300.25,
        -1.0,
        -1e-300,
        -0.0,
        0.0,
        1e-300,
        2.5,
        f64::from_bits((-1.0f64).to_bits() + 1),
        f64::from_bits((-1.0f64).to_bits() - 1),
    ];
    let paths = [1.0, 3.0, 0.5, 1e300, 7.25e-3];
    let mut pairs: Vec<(f64, f64)> = pasts
        .iter()
        .flat_map(|&past| paths.iter().map(move |&n| (past, n)))
        .collect();
    pairs.reverse();
    for &v in &pairs {
        let back = from_past_key(past_key(v));
        assert_eq!(
            (back.0.to_bits(), back.1.to_bits()),
            (v.0.to_bits(), v.1.to_bits())
        );
    }
    let mut by_keys: Vec<u128> = pairs.iter().map(|&v| past_key(v)).collect();
    by_keys.sort_unstable();
    let by_keys: Vec<(u64, u64)> = by_keys
        .into_iter()
        .map(from_past_key)
        .map(|(a, b)| (a.to_bits(), b.to_bits()))
        .collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let by_pairs: Vec<(u64, u64)> = pairs
        .iter()
        .map(|&(a, b)| (a.to_bits(), b.to_bits()))
        .collect();
    assert_eq!(by_keys, by_pairs);
}

#[test]
fn past_index_ends_where_a_search_ends() {
    // PastList::end_at_most with the intervals against a binary search
    // over sub-ranges lo..hi of several nodes' pasts held one after the
    // other (as a batch holds them): spread, bunched, tied at interval
    // edges; queries below, inside, on and above.
    let mut lcg = lcg(0x2545_f491_4f6c_dd1d);
    let mut unit = || (lcg() >> 11) as f64 / (1u64 << 53) as f64;
    let mut nodes: Vec<Vec<f64>> = vec![(0..16).map(f64::from).collect()];
    for len in [16, 17, 50, 400] {
        let even: Vec<f64> = (0..len).map(|_| -80.0 + 40.0 * unit()).collect();
        let bunched: Vec<f64> = (0..len).map(|_| -40.0 * unit().powi(8)).collect();
        nodes.push(even);
        nodes.push(bunched);
    }
    let mut lists = IndexLists::default();
    let mut held = Vec::new();
    let mut pvs = Vec::new();
    for pasts in &mut nodes {
        pasts.sort_by(f64::total_cmp);
        pasts.dedup();
        let pv: Vec<(f64, f64)> = pasts.iter().map(|&v| (v, 1.0)).collect();
        held.push(lists.add(&pv));
        pvs.push(pv);
    }
    for ((pasts, pv), &at) in nodes.iter().zip(&pvs).zip(&held) {
        let searched = PastList {
            pv,
            weights: &[],
            prefix: &[],
            top: 0.0,
            index: None,
        };
        let indexed = PastList {
            index: Some(lists.view(at)),
            ..searched
        };
        let len = pasts.len();
        let mut queries: Vec<f64> = pasts.clone();
        queries.extend(pasts.iter().map(|&v| v - 1e-12));
        queries.extend([pasts[0] - 5.0, pasts[len - 1] + 5.0, f64::MIN, f64::MAX]);
        queries
            .extend((0..100).map(|_| pasts[0] - 1.0 + (pasts[len - 1] - pasts[0] + 2.0) * unit()));
        for (lo, hi) in [
            (0, len),
            (0, len / 2),
            (len / 3, len),
            (len / 4, len / 4 + 3),
            (len / 2, len / 2),
        ] {
            for &t in &queries {
                assert_eq!(
                    indexed.end_at_most(t, lo, hi),
                    searched.end_at_most(t, lo, hi),
                    "{t} in {lo}..{hi} of {pasts:?}"
                );
            }
        }
    }
}

#[test]
fn published_tables() {
    // docs/domain.md: exact (Fisher–Freeman–Halton) p of 表3, 表4, 表5.
    let t3 = p(&[
        vec![10, 10, 3, 0],
        vec![9, 27, 6, 0],
        vec![1, 3, 2, 0],
        vec![11, 15, 13, 3],
    ]);
    let t4 = p(&[vec![6, 14], vec![17, 19], vec![1, 3], vec![5, 21]]);
    let t5 = p(&[vec![1, 1, 1], vec![3, 3, 0], vec![0, 2, 0], vec![4, 12, 0]]);
    assert!((t3 - 0.0792).abs() < 5e-5, "{t3}");
    assert!((t4 - 0.1163).abs() < 5e-5, "{t4}");
    assert!((t5 - 0.2218).abs() < 5e-5, "{t5}");
}

#[test]
fn blocks_count_distinct_orderings() {
    // Brute force: the distinct vectors made by permuting x's entries
    // within each block of equal node totals.
    fn distinct(node: &[u32], x: &[u32]) -> f64 {
        let mut seen = std::collections::BTreeSet::new();
        let n = x.len();
        let mut perm: Vec<usize> = (0..n).collect();
        // Heap's algorithm over all permutations; keep those that map
        // every position into its own block.
        fn heap(k: usize, p: &mut Vec<usize>, f: &mut dyn FnMut(&[usize])) {
            if k <= 1 {
                f(p);
                return;
            }
            for i in 0..k {
                heap(k - 1, p, f);
                let j = if k.is_multiple_of(2) { i } else { 0 };
                p.swap(j, k - 1);
            }
        }
        heap(n, &mut perm, &mut |p: &[usize]| {
            if (0..n).all(|i| node[p[i]] == node[i]) {
                seen.insert(p.iter().map(|&i| x[i]).collect::<Vec<_>>());
            }
        });
        seen.len() as f64
    }
    let cases: [(&[u32], &[u32]); 6] = [
        (&[5, 5, 5, 2], &[3, 1, 1, 2]),
        (&[5, 5, 5, 2], &[2, 2, 2, 0]),
        (&[5, 5, 5, 2], &[4, 2, 0, 1]),
        (&[7, 7, 3, 3, 1], &[4, 2, 3, 3, 0]),
        (&[9, 8, 6, 1], &[5, 2, 3, 1]),
        (&[4, 4, 4, 4, 4, 4], &[3, 3, 2, 1, 1, 0]),
    ];
    for (node, x) in cases {
        assert_eq!(
            Blocks::of(node).orderings(x),
            distinct(node, x),
            "{node:?} {x:?}"
        );
    }
    // Only the blocks that x covers whole count.
    assert_eq!(Blocks::of(&[7, 7, 3, 3, 1]).orderings(&[4, 2]), 2.0);
}

#[test]
fn canonical_share_matches_every_completion() {
    // Brute force: every completion of the prefix, kept when canonical,
    // times its orderings, on the log scale term by term.
    fn brute(lf: &[f64], node: &[u32], prefix: &[u32], rest: u32) -> f64 {
        let ln_choose = |n: u32, k: u32| lf[n as usize] - lf[k as usize] - lf[(n - k) as usize];
        let i = prefix.len();
        let ln_all = ln_choose(node[i..].iter().sum(), rest);
        let blocks = Blocks::of(node);
        let mut x = prefix.to_vec();
        let mut sum = 0.0;
        fn rec(node: &[u32], x: &mut Vec<u32>, rest: u32, f: &mut dyn FnMut(&[u32])) {
            let k = x.len();
            if k + 1 == node.len() {
                if rest <= node[k] {
                    x.push(rest);
                    f(x);
                    x.pop();
                }
                return;
            }
            for v in 0..=rest.min(node[k]) {
                x.push(v);
                rec(node, x, rest - v, f);
                x.pop();
            }
        }
        rec(node, &mut x, rest, &mut |x: &[u32]| {
            if canonical(node, x) {
                let ln: f64 = (i..node.len()).map(|j| ln_choose(node[j], x[j])).sum();
                sum += blocks.orderings(x) * (ln - ln_all).exp();
            }
        });
        sum
    }
    let lf = log_factorials(5000);
    let cases: [(&[u32], &[u32], u32); 9] = [
        (&[5, 5, 5, 2], &[3], 4),
        (&[5, 5, 5, 2], &[2, 2], 4),
        // No canonical completion: x_2 ≤ 2 and x_3 ≤ 2 cannot take 5.
        (&[5, 5, 5, 2], &[2, 2], 5),
        (&[7, 7, 7, 3, 3, 1], &[4], 8),
        (&[7, 7, 7, 3, 3, 1], &[5, 2], 9),
        // The block ends the node.
        (&[9, 6, 6, 6], &[4, 3], 5),
        // Large totals: the terms far from the largest underflow.
        (&[300, 300, 300, 120, 5], &[250, 200], 300),
        (&[600, 600, 40], &[500], 90),
        // From the smallest v the terms rise by e^1800: summed from
        // there they would overflow.
        (&[2000, 2000, 1000], &[1500], 1000),
    ];
    for (node, prefix, rest) in cases {
        let i = prefix.len();
        let suffix = suffix_sums(node);
        let blocks = Blocks::of(node);
        let rows = BlockRows {
            lf: &lf,
            node,
            suffix: &suffix,
            blocks: &blocks,
        };
        let mut x = [0u32; MAX_NODE_LEN];
        x[..i].copy_from_slice(prefix);
        let ln_all = rows.ln_choose(suffix[i], rest);
        let got = rows.canonical_share(&mut x, i, rest, ln_all);
        let want = brute(&lf, node, prefix, rest);
        assert!(
            got == want || ((got - want) / want).abs() < 1e-12,
            "{node:?} {prefix:?} {rest}: {got} vs {want}"
        );
    }
}

#[test]
fn p_is_the_same_whatever_the_threads() {
    // The work is split into the same chunks whatever the number of
    // threads and summed in chunk order: p must agree bit for bit.
    let tables: [&[Vec<u64>]; 5] = [
        &[
            vec![80, 40, 40, 40],
            vec![40, 80, 40, 40],
            vec![40, 40, 80, 40],
        ],
        &[
            vec![10, 10, 3, 0],
            vec![9, 27, 6, 0],
            vec![1, 3, 2, 0],
            vec![11, 15, 13, 3],
        ],
        &[
            vec![18, 12, 10, 10],
            vec![12, 16, 11, 11],
            vec![10, 12, 15, 13],
            vec![10, 11, 13, 16],
        ],
        &[
            vec![5, 3, 4, 6, 2],
            vec![4, 5, 3, 3, 5],
            vec![3, 4, 5, 4, 4],
            vec![6, 3, 4, 3, 4],
            vec![2, 5, 4, 4, 5],
        ],
        // Irregular margins (bench/family.txt f08): most pasts sent to a
        // node are merged into a cell already there, in whatever order the
        // threads send them.
        &[
            vec![0, 0, 1, 1, 0, 1, 0, 5],
            vec![1, 3, 4, 5, 2, 6, 1, 3],
            vec![0, 2, 3, 5, 0, 3, 4, 1],
            vec![0, 0, 4, 5, 4, 10, 5, 1],
        ],
    ];
    for rows in tables {
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| p(rows))
        };
        let one = on(1);
        for threads in [2, 3] {
            assert_eq!(
                one.to_bits(),
                on(threads).to_bits(),
                "{rows:?}, {threads} threads"
            );
        }
    }
}

#[test]
fn two_by_two_is_fishers_test() {
    // R: fisher.test(matrix(c(3,1,1,3),2))$p.value = 0.4857142857142857
    assert!((p(&[vec![3, 1], vec![1, 3]]) - 0.4857142857142857).abs() < 1e-12);
}

#[test]
fn memory_limit_stops() {
    let t = ContingencyTable::from_rows(&[
        vec![12, 3, 2, 2, 1],
        vec![3, 10, 3, 2, 2],
        vec![2, 3, 9, 3, 3],
        vec![1, 2, 3, 10, 4],
        vec![2, 2, 3, 3, 10],
    ]);
    let opts = ExactOptions {
        memory_limit: Some(1 << 20),
        ..Default::default()
    };
    assert_eq!(
        fisher_exact(&t, &opts),
        Err(ExactStopped::MemoryLimit(1 << 20))
    );
    // A limit the computation stays within changes nothing.
    let table5 =
        ContingencyTable::from_rows(&[vec![1, 1, 1], vec![3, 3, 0], vec![0, 2, 0], vec![4, 12, 0]]);
    let limited = ExactOptions {
        memory_limit: Some(1 << 20),
        ..Default::default()
    };
    let a = fisher_exact(&table5, &limited).unwrap().p;
    let b = fisher_exact(&table5, &ExactOptions::default()).unwrap().p;
    assert_eq!(a, b);
}

#[test]
fn cancel_stops() {
    let flag = AtomicBool::new(true);
    let opts = ExactOptions {
        cancel: Some(&flag),
        ..Default::default()
    };
    let t = ContingencyTable::from_rows(&[
        vec![20, 20, 20, 20, 20],
        vec![20, 20, 20, 20, 20],
        vec![20, 20, 20, 20, 20],
    ]);
    assert_eq!(fisher_exact(&t, &opts), Err(ExactStopped::Cancelled));
}

#[test]
fn the_exact_test_enforces_its_own_limits() {
    // Callers used to check these; the pairwise comparisons did not.
    let wide = ContingencyTable::from_rows(&vec![vec![1; 9]; 9]);
    assert_eq!(
        fisher_exact(&wide, &ExactOptions::default()),
        Err(ExactStopped::Unsupported(Unsupported::TooManyCategories))
    );
    let big = ContingencyTable::from_rows(&[vec![70_000, 1], vec![1, 3]]);
    assert_eq!(
        fisher_exact(&big, &ExactOptions::default()),
        Err(ExactStopped::Unsupported(Unsupported::MarginTooLarge))
    );
    let overflow = ContingencyTable::from_rows(&[vec![u64::MAX, 1], vec![1, 3]]);
    assert_eq!(
        fisher_exact(&overflow, &ExactOptions::default()),
        Err(ExactStopped::Unsupported(Unsupported::MarginTooLarge))
    );
}
