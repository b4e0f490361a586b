//! Limits of issue 6 at full size: a million returns are all read, typed and
//! counted (each cell exactly as generated), and an excluded return among
//! them is reported, not lost. Takes a few seconds with the optimized test
//! profile; memory is measured in BENCHMARKS.md, not here.

use crate::common::*;
use std::fmt::Write;

const UNITS: usize = 1_000_000;

/// Classes and answers cycle with coprime periods (7 and 4), so every
/// (class, answer) pair occurs and its count is known in closed form.
const CLASSES: [&str; 7] = [
    "市",
    "中核市",
    "町",
    "村",
    "特別区",
    "行政区",
    "施行時特例市",
];
const ANSWERS: [&str; 4] = [
    "積極的に実施",
    "職域から希望があれば実施",
    "計画策定・準備はしたが実施機会なし",
    "未実施",
];

#[test]
fn a_million_returns_are_all_counted() {
    let mut csv = String::with_capacity(UNITS * 60);
    csv.push_str(HEADER);
    csv.push('\n');
    for i in 0..UNITS {
        let answer = if i == 777_777 {
            "無回答"
        } else {
            ANSWERS[i % 4]
        };
        writeln!(csv, "U{i:07},{},92.0,60.0,{answer}", CLASSES[i % 7]).unwrap();
    }
    let survey = TempSurvey::new("returns.csv", csv.as_bytes());
    drop(csv);
    let v = tab_json(survey.path(), "class", &["--exact", "never"]);
    let units = &v["units"];
    assert_eq!(units["read"], UNITS);
    assert_eq!(units["counted"], UNITS - 1);
    let excluded = units["excluded"].as_array().expect("excluded list");
    let excluded_text = serde_json::to_string(excluded).unwrap();
    assert!(excluded_text.contains("U0777777"), "{excluded_text}");
    assert_eq!(v["total"], UNITS - 1);
    // Expected counts: unit i has class i mod 7 and answer i mod 4 (unit
    // 777,777 excluded), the classes in their four groups.
    let columns: Vec<String> = v["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    let group_of = |class: &str| -> usize {
        let column = match class {
            "市" | "町" | "村" => class,
            _ => "特別区/政令・中核・特例市/行政区",
        };
        columns
            .iter()
            .position(|c| c == column)
            .unwrap_or_else(|| panic!("no column {column} in {columns:?}"))
    };
    let mut expected = vec![vec![0u64; columns.len()]; 4];
    for i in 0..UNITS {
        if i != 777_777 {
            expected[i % 4][group_of(CLASSES[i % 7])] += 1;
        }
    }
    let counts: Vec<Vec<u64>> = serde_json::from_value(v["counts"].clone()).unwrap();
    assert_eq!(counts, expected);
}

#[test]
fn a_returns_file_over_the_size_limit_is_refused_before_reading() {
    let survey = TempSurvey::new("returns.csv", b"");
    // A sparse file: its size is over the limit, its blocks are not written.
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(survey.returns("returns.csv"))
        .unwrap();
    f.set_len(renkei::input::returns::MAX_RETURNS_BYTES + 1)
        .unwrap();
    let out = tab_cmd("class")
        .args(["--lang", "en", "--survey"])
        .arg(survey.path())
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("returns.csv"), "{err}");
    assert!(err.contains("at most 1024 MiB"), "{err}");
}

/// Issue 20: a stream has no size to check first; the limit holds on the
/// bytes read (reading `/dev/zero` used to grow until memory ran out).
#[cfg(unix)]
#[test]
fn a_stream_is_refused_at_the_limit_on_bytes_read() {
    renkei()
        .args(["test", "--lang", "en", "--file", "/dev/zero"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "/dev/zero: expected a file of at most 64 MiB",
        ));
}

/// Issue 20: JSON returns are read in linear time (each record's line used
/// to be counted from the start of the file: 50,000 records took 83 s).
/// 100,000 records; the bound is loose for a noisy machine — quadratic
/// reading would take minutes — and the measured time is in BENCHMARKS.md.
#[test]
fn json_returns_are_read_in_linear_time() {
    let mut json = String::from("[\n");
    for i in 0..100_000 {
        let sep = if i == 0 { "" } else { ",\n" };
        write!(
            json,
            "{sep}{{\"unit_id\": \"J{i}\", \"class\": \"{}\", \"share_secondary_tertiary\": 95.0, \"share_tertiary\": 70.0, \"implementation\": \"{}\"}}",
            CLASSES[i % 7],
            ANSWERS[i % 4]
        )
        .unwrap();
    }
    json.push_str("\n]\n");
    let survey = TempSurvey::new("returns.json", json.as_bytes());
    let started = std::time::Instant::now();
    let v = tab_json(survey.path(), "class", &["--exact", "never"]);
    let took = started.elapsed();
    assert_eq!(v["units"]["read"], 100_000);
    assert!(took.as_secs() < 60, "100,000 JSON records took {took:?}");
}

/// Issue 20: a survey.json saved with a BOM (Windows Notepad) is read.
#[test]
fn a_definition_with_a_bom_is_read() {
    let survey = TempSurvey::new("r.csv", small_csv(&[]).as_bytes());
    let def = survey.path().join("survey.json");
    let text = std::fs::read_to_string(&def).unwrap();
    std::fs::write(&def, format!("\u{feff}{text}")).unwrap();
    tab_by("class").arg(survey.path()).assert().success();
}

/// Issue 34: a 1–5 scale is described as scores (not as a 1/0 form), and a
/// negative α, or an item running against the others, is flagged with the
/// `--reverse` that would mend it; once reversed, the flag goes.
#[test]
fn scores_are_described_and_a_reversed_item_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let items = dir.path().join("items.csv");
    let mut text = String::from("q1,q2,q3,q4\n");
    for (a, b) in [
        (1, 2),
        (2, 2),
        (3, 3),
        (4, 5),
        (5, 4),
        (2, 1),
        (4, 4),
        (3, 2),
        (5, 5),
        (1, 1),
    ] {
        // q4 is asked the other way round: 6 − q1.
        text.push_str(&format!("{a},{b},{},{}\n", (a + b) / 2, 6 - a));
    }
    std::fs::write(&items, text).unwrap();
    let run = |extra: &[&str]| {
        let out = renkei()
            .args(["scale", "--items"])
            .arg(&items)
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let said = run(&[]);
    assert!(said.contains("点数 1–5"), "{said}");
    assert!(!said.contains("1/0"), "{said}");
    assert!(
        said.contains("ほかの項目と逆に動く項目") && said.contains("--reverse q4"),
        "{said}"
    );
    let mended = run(&["--reverse", "q4"]);
    assert!(!mended.contains("逆に動く"), "{mended}");
}
