//! `renkei tab` and `renkei classify` on the shipped survey and on small ones.

use crate::common::*;
use predicates::prelude::*;
use unicode_width::UnicodeWidthStr;

#[test]
fn every_unit_is_accounted_for() {
    for by in ["class", "city-industry", "town-industry"] {
        let v = tab_json(&shipped_survey(), by, &[]);
        let u = &v["units"];
        let excluded: u64 = u["excluded"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["count"].as_u64().unwrap())
            .sum();
        assert_eq!(
            u["counted"].as_u64().unwrap() + excluded + u["outside_population"].as_u64().unwrap(),
            u["read"].as_u64().unwrap(),
            "{by}"
        );
        assert_eq!(u["counted"], v["total"]);
    }
}

#[test]
fn json_contract_fields() {
    let v = tab_json(&shipped_survey(), "town-industry", &[]);
    assert_eq!(v["tests"]["pearson"]["df"], 6);
    assert!((v["tests"]["pearson"]["statistic"].as_f64().unwrap() - 10.8125).abs() < 5e-5);
    assert!((v["expected"]["min"].as_f64().unwrap() - 1.0 * 2.0 / 27.0).abs() < 1e-12);
    assert_eq!(
        v["counts"],
        serde_json::json!([[1, 1, 1], [3, 3, 0], [0, 2, 0], [4, 12, 0]])
    );
    assert_eq!(v["column_totals"], serde_json::json!([8, 18, 1]));
    assert_eq!(v["percent"]["values"][0][1], 5.6);
    assert_eq!(v["dropped"]["rows"], serde_json::json!([]));
}

#[test]
fn japanese_labels_line_up() {
    let out = tab_by("city-industry")
        .arg(shipped_survey())
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // The grid is the block after the title up to the test line.
    let grid: Vec<&str> = text
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("χ²"))
        .collect();
    assert_eq!(grid.len(), 12, "{text}");
    let width = grid[0].width();
    for line in &grid {
        assert_eq!(line.width(), width, "misaligned line {line:?}");
    }
    // Column separators sit at the same display columns on every line.
    let bars = |l: &str| -> Vec<usize> {
        let mut col = 0;
        let mut at = Vec::new();
        for ch in l.chars() {
            if ch == '|' || ch == '+' {
                at.push(col);
            }
            col += unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        }
        at
    };
    for line in &grid {
        assert_eq!(bars(line), bars(grid[0]), "{line}");
    }
}

#[test]
fn missing_answers_are_excluded_and_reported() {
    let s = TempSurvey::new(
        "r.csv",
        small_csv(&["A5,市,93.0,66.0,", "A6,町,81.0,65.0,無回答"]).as_bytes(),
    );
    let v = tab_json(s.path(), "class", &[]);
    assert_eq!(v["total"], 4);
    assert_eq!(v["units"]["excluded"][0]["reason"], "no-answer");
    assert_eq!(v["units"]["excluded"][0]["count"], 2);
    assert_eq!(
        v["units"]["excluded"][0]["unit_ids"],
        serde_json::json!(["A5", "A6"])
    );
    tab_by("class")
        .arg(s.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("除外 無回答: 2 (A5, A6)"));
}

#[test]
fn units_without_industry_data_are_excluded_from_industry_tables_only() {
    let s = TempSurvey::new("r.csv", small_csv(&["A5,市,,,積極的に実施"]).as_bytes());
    assert_eq!(tab_json(s.path(), "class", &[])["total"], 5);
    let v = tab_json(s.path(), "city-industry", &[]);
    assert_eq!(v["units"]["excluded"][0]["reason"], "no-industry-type");
    assert_eq!(v["units"]["excluded"][0]["unit_ids"][0], "A5");
}

#[test]
fn codes_outside_the_grouping_levels_are_reported() {
    // A city of code 0 (<90%, Ⅲ次 <55%) is not a column of city-industry (codes 1–3).
    let s = TempSurvey::new("r.csv", small_csv(&["A5,市,85.0,50.0,未実施"]).as_bytes());
    let v = tab_json(s.path(), "city-industry", &[]);
    assert_eq!(
        v["units"]["excluded"][0]["reason"],
        "industry-code-not-in-grouping"
    );
    assert_eq!(v["units"]["excluded"][0]["code"], 0);
}

#[test]
fn one_row_or_column_tables_say_the_test_is_not_computable() {
    let csv = format!("{HEADER}\nA1,市,95.0,70.0,1\nA2,市,95.0,70.0,2\n");
    let s = TempSurvey::new("r.csv", csv.as_bytes());
    tab_by("class")
        .arg(s.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("実施できない"));
    let v = tab_json(s.path(), "class", &[]);
    assert!(v["tests"]["pearson"].is_null());
    assert_eq!(
        v["dropped"]["columns"],
        serde_json::json!(["特別区/政令・中核・特例市/行政区", "町", "村"])
    );
}

#[test]
fn row_percent_and_english() {
    tab_cmd("class")
        .args(["--percent", "row", "--lang", "en", "--survey"])
        .arg(shipped_survey())
        .assert()
        .success()
        .stdout(predicate::str::contains("Actively implemented"))
        // 10 of the 23 actively implementing units are in the urban group.
        .stdout(predicate::str::contains("43.5%"));
}

#[test]
fn unknown_question_or_grouping_is_a_usage_error() {
    renkei()
        .args([
            "tab",
            "--lang",
            "en",
            "--question",
            "nope",
            "--by",
            "class",
            "--survey",
        ])
        .arg(shipped_survey())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("its questions: implementation"));
    tab_cmd("nope")
        .args(["--lang", "en", "--survey"])
        .arg(shipped_survey())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "class, city-industry, town-industry",
        ));
}

#[test]
fn classify_lists_each_unit_with_its_types() {
    let out = renkei()
        .args(["classify", "--format", "json", "--survey"])
        .arg(shipped_survey())
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let units = v.as_array().unwrap();
    assert_eq!(units.len(), 113);
    // Units exactly on a threshold are typed by the inclusive rule.
    for u in units {
        let (a, b) = (
            u["share_secondary_tertiary"].as_f64().unwrap(),
            u["share_tertiary"].as_f64().unwrap(),
        );
        if u["industry_scheme"] == "city" && a == 90.0 && b == 65.0 {
            assert_eq!(u["industry_code"], 3);
        }
        if u["industry_scheme"] == "town" && a == 80.0 && b == 60.0 {
            assert_eq!(u["industry_code"], 2);
        }
    }
    let csv = renkei()
        .args(["classify", "--format", "csv", "--survey"])
        .arg(shipped_survey())
        .assert()
        .success();
    let text = String::from_utf8(csv.get_output().stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), 114);
    // UTF-8 with a byte-order mark by default (Japanese Excel opens it right).
    assert!(text.starts_with("\u{feff}unit_id,line,class,class_group,"));
    let plain = renkei()
        .args([
            "classify",
            "--format",
            "csv",
            "--csv-encoding",
            "utf-8",
            "--survey",
        ])
        .arg(shipped_survey())
        .assert()
        .success();
    assert!(plain.get_output().stdout.starts_with(b"unit_id,"));
    let sjis = renkei()
        .args([
            "classify",
            "--format",
            "csv",
            "--csv-encoding",
            "shift_jis",
            "--survey",
        ])
        .arg(shipped_survey())
        .assert()
        .success();
    let (decoded, _, bad) = encoding_rs::SHIFT_JIS.decode(&sjis.get_output().stdout);
    assert!(!bad);
    assert_eq!(decoded, text.trim_start_matches('\u{feff}'));
}

#[test]
fn industry_code_column_is_used_and_checked_against_shares() {
    let edit = |mut d: serde_json::Value| {
        d["unit_columns"]["industry_code"] = "ind".into();
        d
    };
    let csv = "unit_id,class,share_secondary_tertiary,share_tertiary,implementation,ind\n\
               A1,市,,,1,3\nA2,市,,,4,2\nA3,町,,,4,0\nA4,村,,,2,1\n";
    let s = TempSurvey::with_definition("r.csv", csv.as_bytes(), edit);
    let v = tab_json(s.path(), "city-industry", &[]);
    assert_eq!(v["column_totals"], serde_json::json!([0, 1, 1]));
    // A code that the shares contradict is an error, not a silent choice.
    let csv = "unit_id,class,share_secondary_tertiary,share_tertiary,implementation,ind\nA1,市,95.0,70.0,1,2\n";
    let s = TempSurvey::with_definition("r.csv", csv.as_bytes(), edit);
    renkei()
        .args(["classify", "--lang", "en", "--survey"])
        .arg(s.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("r.csv:2: column 'ind': value '2'"))
        .stderr(predicate::str::contains("the code the shares give (3)"));
}

#[test]
fn a_grouping_with_no_units_and_a_question_with_no_answers() {
    // Only cities: the town-and-village grouping has no units.
    let csv = format!("{HEADER}\nA1,市,95.0,70.0,1\nA2,中核市,92.0,60.0,4\n");
    let s = TempSurvey::new("r.csv", csv.as_bytes());
    let v = tab_json(s.path(), "town-industry", &[]);
    assert_eq!(v["total"], 0);
    assert_eq!(v["units"]["outside_population"], 2);
    assert!(v["tests"]["pearson"].is_null());
    tab_by("town-industry")
        .arg(s.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("実施できない"));
    // Nobody answered: every unit is excluded, and said to be.
    let csv = format!("{HEADER}\nA1,市,95.0,70.0,\nA2,町,85.0,50.0,無回答\n");
    let s = TempSurvey::new("r.csv", csv.as_bytes());
    let v = tab_json(s.path(), "class", &[]);
    assert_eq!(v["total"], 0);
    assert_eq!(v["units"]["excluded"][0]["count"], 2);
    assert!(v["tests"]["pearson"].is_null());
}

/// Issue 20: a share is compared with the thresholds as written:
/// 89.99999999999999999 is below 90 (it was typed as 90%以上).
#[test]
fn shares_are_compared_with_thresholds_as_written() {
    let s = TempSurvey::new(
        "r.csv",
        small_csv(&["A5,市,89.99999999999999999,70.0,1"]).as_bytes(),
    );
    let out = renkei()
        .args(["classify", "--format", "json", "--survey"])
        .arg(s.path())
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let unit = v
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit_id"] == "A5")
        .unwrap();
    assert_eq!(unit["industry_code"], 1, "{unit}");
}
