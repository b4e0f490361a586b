//! `renkei test` on tables given directly.

use crate::common::*;
use predicates::prelude::*;

fn json(args: &[&str]) -> serde_json::Value {
    let out = renkei()
        .arg("test")
        .args(args)
        .args(["--format", "json"])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

#[test]
fn table5_shows_the_published_p_the_exact_p_the_warning_and_residuals() {
    renkei()
        .args(["test", "--counts", "1,1,1;3,3,0;0,2,0;4,12,0", "--exact"])
        .assert()
        .success()
        .stdout(predicate::str::contains("χ² 検定: p=0.094"))
        .stdout(predicate::str::contains("正確検定: p = 0.2218"))
        .stdout(predicate::str::contains(
            "χ² 近似の p は信頼できない。正確検定の p = 0.222",
        ))
        .stdout(predicate::str::contains("調整済み標準化残差"))
        .stdout(predicate::str::contains("2.88**"));
}

#[test]
fn json_contract() {
    let v = json(&[
        "--counts",
        "10,10,3,0;9,27,6,0;1,3,2,0;11,15,13,3",
        "--exact",
        "--monte-carlo",
        "20000",
        "--seed",
        "5",
    ]);
    let t = &v["tests"];
    assert_eq!(t["pearson"]["df"], 9);
    assert!((t["pearson"]["p"].as_f64().unwrap() - 0.07334).abs() < 5e-6);
    assert!(t["likelihood_ratio"]["statistic"].as_f64().unwrap() > 0.0);
    assert!(t.get("yates").is_none(), "Yates is for 2×2 tables only");
    assert!((t["fisher_exact"]["p"].as_f64().unwrap() - 0.0792).abs() < 5e-5);
    assert_eq!(t["fisher_exact"]["status"], "done");
    assert_eq!(t["monte_carlo"]["replicates"], 20000);
    assert_eq!(t["monte_carlo"]["seed"], 5);
    assert_eq!(t["monte_carlo"]["fallback"], false);
    assert!(v["effect_size"]["cramers_v"].as_f64().unwrap() > 0.2);
    assert!((v["expected"]["min"].as_f64().unwrap() - 6.0 * 3.0 / 113.0).abs() < 1e-12);
    assert_eq!(v["dropped"]["rows"], serde_json::json!([]));
    assert_eq!(v["recommended"]["source"], "exact");
    assert_eq!(v["residuals"]["values"].as_array().unwrap().len(), 4);
}

#[test]
fn yates_for_two_by_two_and_dropped_margins() {
    let v = json(&["--counts", "12,7,0;5,9,0", "--exact", "never"]);
    // R: chisq.test(matrix(c(12, 5, 7, 9), 2)) X-squared = 1.45599637881468
    assert!((v["tests"]["yates"]["statistic"].as_f64().unwrap() - 1.45599637881468).abs() < 1e-12);
    assert_eq!(v["dropped"]["columns"], serde_json::json!(["列3"]));
    assert!(v["tests"].get("fisher_exact").is_none());
}

#[test]
fn same_seed_same_p_whatever_the_threads() {
    let args = [
        "--counts",
        "1,1,1;3,3,0;0,2,0;4,12,0",
        "--monte-carlo",
        "50000",
        "--seed",
        "11",
        "--exact",
        "never",
    ];
    let a = json(&args);
    let out = renkei()
        .env("RAYON_NUM_THREADS", "1")
        .arg("test")
        .args(args)
        .args(["--format", "json"])
        .assert()
        .success();
    let b: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(a["tests"]["monte_carlo"], b["tests"]["monte_carlo"]);
}

#[test]
fn time_limit_falls_back_to_monte_carlo_clearly_labelled() {
    let big = "12,3,2,2,1;3,10,3,2,2;2,3,9,3,3;1,2,3,10,4;2,2,3,3,10";
    renkei()
        .args(["test", "--counts", big, "--exact", "--time-limit", "0.05"])
        .assert()
        .success()
        .stdout(predicate::str::contains("正確検定: 制限時間"))
        // The time limit bounds the stand-in too (issue 20): it stops with
        // the replicates drawn by then, and says so.
        .stdout(predicate::str::contains(
            "Monte Carlo [正確検定の代わり] [制限時間で打ち切り] (B = ",
        ));
    let v = json(&[
        "--counts",
        big,
        "--exact",
        "--time-limit",
        "0.05",
        "--lang",
        "en",
    ]);
    assert_eq!(v["tests"]["fisher_exact"]["status"], "time-limit");
    assert!(v["tests"]["fisher_exact"]["p"].is_null());
    assert_eq!(v["tests"]["monte_carlo"]["fallback"], true);
    assert_eq!(v["tests"]["monte_carlo"]["time_limited"], true);
    // The first chunk of replicates is always drawn.
    assert!(
        v["tests"]["monte_carlo"]["replicates"].as_u64().unwrap()
            >= renkei::stats::montecarlo::CHUNK
    );
    assert_eq!(v["recommended"]["source"], "monte-carlo");
}

#[test]
fn memory_limit_falls_back_to_monte_carlo_clearly_labelled() {
    // This table holds hundreds of thousands of pasts and ladders at once
    // (about 90 MB); at 16 MiB the exact test stops within its first
    // stages.
    let big = "12,3,2,2,1;3,10,3,2,2;2,3,9,3,3;1,2,3,10,4;2,2,3,3,10";
    let args = ["--exact", "--time-limit", "600", "--exact-memory", "16"];
    renkei()
        .args(["test", "--counts", big])
        .args(args)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "正確検定: メモリ上限 16 MiB で打ち切り",
        ))
        .stdout(predicate::str::contains(
            "Monte Carlo [正確検定の代わり] (B = 100000",
        ));
    let mut all = vec!["--counts", big];
    all.extend(args);
    let v = json(&all);
    assert_eq!(v["tests"]["fisher_exact"]["status"], "memory-limit");
    assert_eq!(v["tests"]["fisher_exact"]["bytes"], 16 << 20);
    assert!(v["tests"]["fisher_exact"]["p"].is_null());
    assert_eq!(v["tests"]["monte_carlo"]["fallback"], true);
    renkei()
        .args(["test", "--counts", "1,2;3,4", "--exact-memory", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--exact-memory"));
}

#[test]
fn pairwise_comparisons_are_holm_adjusted() {
    let v = json(&[
        "--counts",
        "10,10,3,0;9,27,6,0;1,3,2,0;11,15,13,3",
        "--pairwise",
        "--cols",
        "A,B,C,D",
    ]);
    let pairs = v["pairwise"].as_array().unwrap();
    assert_eq!(pairs.len(), 6);
    for p in pairs {
        assert!(p["p_holm"].as_f64().unwrap() >= p["p"].as_f64().unwrap());
        assert_eq!(p["test"], "exact");
    }
    assert_eq!(pairs[0]["columns"], serde_json::json!(["A", "B"]));
}

#[test]
fn counts_file_with_labels() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    std::fs::write(&path, ",町,村\n実施,3,0\n未実施,13,3\n").unwrap();
    let v = json(&["--file", path.to_str().unwrap()]);
    assert_eq!(v["columns"], serde_json::json!(["町", "村"]));
    assert_eq!(v["rows"], serde_json::json!(["実施", "未実施"]));
    assert_eq!(v["counts"], serde_json::json!([[3, 0], [13, 3]]));
    // Issue 20: numeric labels (years, codes) under an empty corner are
    // labels, not counts (the years were counted: n = 4,139).
    std::fs::write(&path, ",2019,2020\n1,10,20\n2,30,40\n").unwrap();
    let v = json(&["--file", path.to_str().unwrap()]);
    assert_eq!(v["columns"], serde_json::json!(["2019", "2020"]));
    assert_eq!(v["rows"], serde_json::json!(["1", "2"]));
    assert_eq!(v["total"], 100);
    std::fs::write(&path, "1,2\n3,x\n").unwrap();
    renkei()
        .args(["test", "--lang", "en", "--file"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("t.csv:2: column '2': value 'x'"));
}

#[test]
fn bad_counts_are_usage_errors() {
    for (counts, needle) in [
        ("1,2;3", "row 2 has 1 counts, row 1 has 2"),
        ("1,-2;3,4", "row 1, column 2: '-2' is not a count"),
        ("", "row 1, column 1: '' is not a count"),
        ("18446744073709551615,1;1,1", "more than 2⁶⁴"),
    ] {
        renkei()
            .args(["test", "--lang", "en", "--counts", counts])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(needle));
    }
    renkei()
        .args(["test", "--lang", "en", "--counts", "1,2;3,4", "--rows", "a"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("1 row labels for 2 rows"));
    // Not a number the parser takes, or too large for a duration (1e20 s
    // panicked: issue 20, where the message is checked too).
    for limit in ["-1", "1e20"] {
        let out = renkei()
            .args([
                "test",
                "--lang",
                "en",
                "--counts",
                "1,2;3,4",
                "--time-limit",
                limit,
            ])
            .assert()
            .code(2);
        if limit == "1e20" {
            out.stderr(predicate::str::contains(
                "--time-limit must be a positive number",
            ));
        }
    }
}

#[test]
fn single_row_is_reported_not_tested() {
    renkei()
        .args(["test", "--counts", "3,4,5;0,0,0"])
        .assert()
        .success()
        .stdout(predicate::str::contains("実施できない"))
        .stdout(predicate::str::contains("検定前に除いた空の行: 行2"));
}

#[test]
fn ctrl_c_stops_cleanly_with_exit_130() {
    interrupted_by("-INT");
}

/// Issue 20: SIGTERM (a service stopping, `kill`) stops the run as Ctrl-C
/// does, exit 130 and nothing written (it ended the process by the signal).
#[test]
fn sigterm_stops_cleanly_too() {
    interrupted_by("-TERM");
}

fn interrupted_by(signal: &str) {
    // The exact test takes about 8 s on this table (p ≈ 2.7·10⁻⁸), far
    // longer than the wait below. (The 5×5 n = 100 tail table used before
    // takes 0.7 s now and could finish first.)
    let big = "14,4,3,2,1;4,12,3,3,2;2,3,11,4,3;1,3,3,12,4;2,2,4,3,12";
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_renkei"))
        .args([
            "test",
            "--lang",
            "en",
            "--counts",
            big,
            "--exact",
            "--time-limit",
            "300",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    let killed = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted; nothing was written"));
}

/// Issue 20, panics on input: pairwise exact tests on margins the exact
/// test does not take are answered by Pearson's χ², not run past the limit.
#[test]
fn limits_are_enforced_where_they_apply() {
    // (A time limit too large for a duration: see bad_counts_are_usage_errors.)
    // Cochran's rule holds, so the exact test is not run on the table, but
    // each pair's sub-table has margins over 65,535: Pearson stands in.
    let out = renkei()
        .args([
            "test",
            "--counts",
            "70000,100;100,70000;500,600",
            "--pairwise",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let tests: Vec<&str> = v["pairwise"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["test"].as_str().unwrap())
        .collect();
    assert_eq!(tests, vec!["pearson"]);
}

/// `--exact never` governs the pairwise comparisons too.
#[test]
fn exact_never_means_no_exact_pairwise_test() {
    let out = renkei()
        .args([
            "test",
            "--counts",
            "1,1,1;3,3,0;0,2,0;4,12,0",
            "--exact",
            "never",
            "--pairwise",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    for c in v["pairwise"].as_array().unwrap() {
        assert_eq!(c["test"], "pearson", "{c}");
    }
}

/// Issue 20: over 10⁷ units with `--exact auto`, the exact test is said not
/// to run, and why, and the advice is not `--exact` (which refuses such a
/// table) but to combine sparse categories (it was skipped without a word).
#[test]
fn a_table_too_large_for_the_exact_test_says_so() {
    renkei()
        .args(["test", "--lang", "en", "--counts", "10000000,1;1,5"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Exact test not run: neither the exact nor the Monte Carlo test takes a table total over 10000000",
        ))
        .stdout(predicate::str::contains("consider combining the sparse rows or columns"))
        .stdout(predicate::str::contains("run with --exact").not());
}

/// Issue 20: `--time-limit` bounds the whole test, the Monte Carlo run that
/// stands in for an exact test included (a 100×100 table ran 83 s with
/// `--time-limit 1`); the output says how many replicates were drawn.
#[test]
fn the_time_limit_bounds_the_fallback_too() {
    let row = vec!["1"; 100].join(",");
    let counts = vec![row.as_str(); 100].join(";");
    let started = std::time::Instant::now();
    let out = renkei()
        .args([
            "test",
            "--counts",
            &counts,
            "--time-limit",
            "1",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let took = started.elapsed();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let mc = &v["tests"]["monte_carlo"];
    assert_eq!(mc["fallback"], true);
    assert_eq!(mc["time_limited"], true, "{mc}");
    assert!(mc["replicates"].as_u64().unwrap() < 100_000, "{mc}");
    // Loose for a noisy machine: a chunk of 8,192 tables per thread runs
    // past the limit; the unbounded run took 83 s.
    assert!(took.as_secs() < 40, "took {took:?}");
}

/// Issue 31: a phase that cannot look at the flag — here a read blocked on a
/// FIFO nobody writes to — still stops within about a second of SIGTERM,
/// exit 130 and the stop message (it blocked forever).
#[test]
fn a_blocked_read_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("counts.csv");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_renkei"))
        .args(["test", "--lang", "en", "--file"])
        .arg(&fifo)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Time for the process to start and install its handlers, even on a
    // loaded machine; then it is blocked on the FIFO.
    std::thread::sleep(std::time::Duration::from_millis(1000));
    let sent = std::time::Instant::now();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert!(
        sent.elapsed() < std::time::Duration::from_secs(3),
        "{:?}",
        sent.elapsed()
    );
    assert_eq!(out.status.code(), Some(130));
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted; nothing was written"));
}

/// Issue 31: a signal while finished outputs are renamed into place lets the
/// rename finish (the file is whole) and still ends the run as interrupted,
/// exit 130 with a message saying so (it exited 0, the signal ignored).
#[test]
fn a_signal_during_the_final_write_is_not_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.txt");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_renkei"))
        .args(["test", "--lang", "en", "--counts", "1,2;3,4", "-o"])
        .arg(&target)
        .env("RENKEI_COMMIT_DELAY_MS", "3000")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The finished output waits beside its target as a .part file while the
    // window is held open: signal once it is there (however slow the machine).
    let waiting = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".part"))
    };
    let start = std::time::Instant::now();
    while !waiting() && start.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(waiting(), "no output was waiting to be renamed");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("interrupted after the outputs were written"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read_to_string(&target).unwrap().contains("n = 10"));
}
