//! Limits of issue 6 at full size: a million returns are all read, typed and
//! counted (each cell exactly as generated), and an excluded return among
//! them is reported, not lost. Takes a few seconds with the optimized test
//! profile; memory is measured in BENCHMARKS.md, not here.

mod common;
use common::*;
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
