//! The stage loop: builds the network's root, walks the stages column by
//! column on the worker threads, and adds up p.

use super::*;

pub(super) fn fisher_exact_with(
    table: &ContingencyTable,
    opts: &ExactOptions,
    tuning: Tuning,
) -> Result<ExactResult, ExactStopped> {
    let started = Instant::now();
    if let Some(reason) = exact_unsupported(table) {
        return Err(ExactStopped::Unsupported(reason));
    }
    // Nodes are vectors over the shorter side; stages run over the longer.
    let t = if table.nrows() > table.ncols() {
        table.transpose()
    } else {
        table.clone()
    };
    let rows: Vec<u32> = t.row_totals().iter().map(|&v| v as u32).collect();
    let mut cols: Vec<u32> = t.col_totals().iter().map(|&v| v as u32).collect();
    let n = t.total();
    let lf = log_factorials(n);
    let log_k = rows.iter().map(|&r| lf[r as usize]).sum::<f64>() - lf[n as usize];
    let observed_log_p = log_k
        + (0..t.ncols())
            .map(|j| {
                lf[cols[j] as usize]
                    - (0..t.nrows())
                        .map(|i| lf[t.get(i, j) as usize])
                        .sum::<f64>()
            })
            .sum::<f64>();
    let threshold = observed_log_p
        + opts
            .tie_tolerance
            .unwrap_or_else(|| RELATIVE_TOLERANCE.ln_1p());
    // Stages from the smallest column up, the two smallest swapped: the
    // root (one node, on one thread) has few edges, and the two-column
    // nodes enumerate the smaller of their two columns. An order is
    // only a matter of speed; this one was measured (BENCHMARKS.md) against
    // "the largest first, then from the smallest up", the rule until the
    // partial-column bounds made large columns cheap at nodes with few
    // pasts: 表3 15 % faster, tables with six to eight columns 2–3 times,
    // some 4×5 tables up to 23 % slower.
    cols.sort_unstable();
    if cols.len() >= 2 {
        cols.swap(0, 1);
    }
    let stages = cols.len();
    let len = rows.len();
    let rest_sorted: Vec<Vec<u32>> = (0..=stages)
        .map(|k| {
            let mut v = cols[k..].to_vec();
            v.sort_unstable_by(|a, b| b.cmp(a));
            v
        })
        .collect();
    let rest_lf: Vec<f64> = (0..=stages)
        .map(|k| cols[k..].iter().map(|&c| lf[c as usize]).sum())
        .collect();
    let ln = (0..=n).map(|k| (k as f64).ln()).collect();
    let last_two = cols[stages.saturating_sub(2)..].iter().sum::<u32>();
    let pascal = if last_two <= TWO_COLUMN_PRODUCT_LIMIT {
        Pascal::new(last_two)
    } else {
        Pascal::default()
    };
    let net = Network {
        pascal,
        cols,
        rest_sorted,
        rest_lf,
        len,
        lf,
        ln,
        opts,
        started,
        tuning,
    };

    let mut p = Sum::default();
    let mut nodes_seen = 0usize;
    // The children's bounds and the pasts sent to them, one memo per worker
    // thread kept through a stage (one per chunk would compute the same
    // bounds up to CHUNKS times) and emptied after it. A thread locks only
    // its own.
    let memos: Vec<std::sync::Mutex<Memo>> = (0..rayon::current_num_threads())
        .map(|_| Default::default())
        .collect();
    let buffers: Vec<std::sync::Mutex<Buffers>> =
        memos.iter().map(|_| Default::default()).collect();
    let mut root = rows.clone();
    sort_desc(&mut root);
    // Pasts arriving at the nodes of a stage: the buckets of the stage
    // before (one per node and thread, `Memo::buckets`): no list per past
    // to sort by node, nor one list to gather them into.
    let mut parts: Vec<Bucket> = vec![(pack(&root), vec![(log_k, 1.0)])];
    for stage in 0..stages {
        // The lists sorted by node and grouped into nodes (each node then
        // sorts its own pasts, so the order of its lists does not matter).
        // Nodes in key order, in a fixed number of chunks: the work is split
        // the same way whatever the number of threads, and the partial sums
        // are added in chunk order, so the p-value is bit-for-bit repeatable.
        let arrivals: usize = parts.iter().map(|(_, pasts)| pasts.len()).sum();
        parts.sort_unstable_by_key(|&(key, _)| key);
        let nodes: Vec<std::ops::Range<usize>> = parts
            .chunk_by(|a, b| a.0 == b.0)
            .scan(0, |start, group| {
                let range = *start..*start + group.len();
                *start = range.end;
                Some(range)
            })
            .collect();
        let open_nodes = nodes.len();
        nodes_seen += open_nodes;
        if stage > 0
            && let Some(progress) = opts.progress
        {
            progress(ExactProgress {
                stage,
                stages,
                open_nodes,
                elapsed: started.elapsed(),
            });
        }
        // What this stage starts with; what it sends on is added as it goes.
        let held = AtomicUsize::new(arrivals);
        let ladders = SharedLadders::default();
        let chunk_len = open_nodes.div_ceil(CHUNKS).max(1);
        let parts_now = &parts;
        let results: Vec<Result<Sum, ExactStopped>> = nodes
            .par_chunks(chunk_len)
            .map(|chunk| {
                let thread = rayon::current_thread_index().unwrap_or(0) % memos.len();
                let mut memo = memos[thread].lock().unwrap_or_else(|e| e.into_inner());
                let mut kept = buffers[thread].lock().unwrap_or_else(|e| e.into_inner());
                let mut worker = Worker {
                    net: &net,
                    memo: &mut memo,
                    buf: std::mem::take(&mut *kept),
                    ticks: 0,
                    stage,
                    open_nodes,
                    sent: 0,
                    held: &held,
                    ladders: &ladders,
                };
                let mut sum = Sum::default();
                for range in chunk {
                    worker.process_node(stage, &parts_now[range.clone()], threshold, &mut sum)?;
                }
                worker.flush(threshold, &mut sum)?;
                *kept = worker.buf;
                Ok(sum)
            })
            .collect();
        // The stage's arrivals are no longer needed: their lists go to
        // the threads' spares for the next stage's buckets.
        recycle(&mut parts, &memos);
        for r in results {
            let sum = r?;
            p.add(sum.s);
            p.add(sum.c);
        }
        // What the threads sent on: the next stage's arrivals.
        for memo in &memos {
            let mut memo = memo.lock().unwrap_or_else(|e| e.into_inner());
            let memo = &mut *memo;
            for (key, pasts) in memo.buckets.drain(..) {
                if pasts.is_empty() {
                    memo.spare.push(pasts);
                } else {
                    parts.push((key, pasts));
                }
            }
            memo.clear();
        }
    }
    if let Some(progress) = opts.progress {
        progress(ExactProgress {
            stage: stages,
            stages,
            open_nodes: 0,
            elapsed: started.elapsed(),
        });
    }
    debug_assert!(parts.is_empty(), "every path is settled at the last stage");
    Ok(ExactResult {
        p: p.value().clamp(0.0, 1.0),
        p_observed_table: observed_log_p.exp(),
        nodes: nodes_seen,
        seconds: started.elapsed().as_secs_f64(),
    })
}
