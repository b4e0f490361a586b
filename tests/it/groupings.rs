//! Groupings by any column, by population band and by 類似団体 type, on the
//! shipped survey's synthetic columns: every count checked against an
//! independent count of returns.csv, and bad definitions refused.

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeMap;

const STATUS: [&str; 4] = [
    "積極的に実施",
    "職域から希望があれば実施",
    "計画策定・準備はしたが実施機会なし",
    "未実施",
];

/// The shipped returns as maps of column → value.
fn rows() -> Vec<BTreeMap<String, String>> {
    let text = shipped_returns();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn tab(by: &str) -> Value {
    tab_json(&shipped_survey(), by, &["--lang", "en"])
}

/// Counts by status (rows) and by the key of each row (columns, in `columns` order).
fn count(
    key: impl Fn(&BTreeMap<String, String>) -> Option<String>,
    columns: &[&str],
) -> Vec<Vec<u64>> {
    let mut counts = vec![vec![0u64; columns.len()]; 4];
    for r in rows() {
        if let Some(k) = key(&r)
            && let Some(j) = columns.iter().position(|c| *c == k)
        {
            let i = STATUS
                .iter()
                .position(|s| *s == r["implementation"])
                .unwrap();
            counts[i][j] += 1;
        }
    }
    counts
}

fn counts_of(v: &Value) -> Vec<Vec<u64>> {
    serde_json::from_value(v["counts"].clone()).unwrap()
}

fn is_city(r: &BTreeMap<String, String>) -> bool {
    !matches!(r["class"].as_str(), "町" | "村")
}

/// The 類似団体 type of its own a class has in 総務省's table (政令指定都市,
/// 中核市, 施行時特例市, 特別区), if it has one: its English column name.
fn own_type(r: &BTreeMap<String, String>) -> Option<String> {
    let name = match r["class"].as_str() {
        "政令指定都市" => "designated city",
        "中核市" => "core city",
        "施行時特例市" => "special-case city",
        "特別区" => "special ward",
        _ => return None,
    };
    Some(name.to_string())
}

/// 行政区 have no band or 類似団体 type: their city has.
fn is_ward(r: &BTreeMap<String, String>) -> bool {
    r["class"] == "行政区"
}

#[test]
fn by_prefecture_and_health_centre_as_the_file_says() {
    let v = tab("prefecture");
    assert_eq!(
        v["columns"],
        serde_json::json!([
            "Prefecture A",
            "Prefecture B",
            "Prefecture C",
            "Prefecture D",
            "City E (designated city)"
        ])
    );
    assert_eq!(
        counts_of(&v),
        count(
            |r| Some(r["prefecture"].clone()),
            &["A県", "B県", "C県", "D県", "E市"]
        )
    );
    let v = tab("health-centre");
    assert_eq!(
        counts_of(&v),
        count(|r| Some(r["health_centre"].clone()), &["設置", "非設置"])
    );
    assert_eq!(v["total"], 113);
}

#[test]
fn by_population_band_inclusive_below() {
    let band = |p: u64, bounds: &[u64]| bounds.iter().filter(|&&b| p >= b).count().to_string();
    // 総務省's own types first, then the bands of 一般市; 行政区 excluded.
    let v = tab("city-population");
    let expected = count(
        |r| {
            if !is_city(r) || is_ward(r) {
                return None;
            }
            own_type(r).or_else(|| {
                Some(band(
                    r["population"].parse().unwrap(),
                    &[50_000, 100_000, 150_000],
                ))
            })
        },
        &[
            "core city",
            "special-case city",
            "special ward",
            "0",
            "1",
            "2",
            "3",
        ],
    );
    assert_eq!(counts_of(&v), expected);
    assert_eq!(
        v["columns"][0], "core city",
        "a type of its own, not a band of 一般市"
    );
    assert_eq!(
        v["units"]["outside_population"], 27,
        "towns and villages are outside"
    );
    assert_eq!(v["units"]["excluded"][0]["reason"], "ward-has-no-type");
    assert_eq!(v["units"]["excluded"][0]["count"], 10);
    let v = tab("town-population");
    let expected = count(
        |r| {
            (!is_city(r)).then(|| {
                band(
                    r["population"].parse().unwrap(),
                    &[5_000, 10_000, 15_000, 20_000],
                )
            })
        },
        &["0", "1", "2", "3", "4"],
    );
    assert_eq!(counts_of(&v), expected);
}

#[test]
fn by_ruiji_type_band_and_industry_code() {
    // Industry codes by the city rule (90 / 65 / 55), as docs/domain.md states.
    let code = |r: &BTreeMap<String, String>| {
        let (s23, s3): (f64, f64) = (
            r["share_secondary_tertiary"].parse().unwrap(),
            r["share_tertiary"].parse().unwrap(),
        );
        match (s23 >= 90.0, s3) {
            (false, s) if s < 55.0 => 0,
            (false, _) => 1,
            (true, s) if s < 65.0 => 2,
            (true, _) => 3,
        }
    };
    let numeral = ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"];
    let v = tab("city-ruiji");
    let columns: Vec<String> = serde_json::from_value(v["columns"].clone()).unwrap();
    let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    let expected = count(
        |r| {
            // The grouping keeps prefectures A–D (its filter): City E's wards
            // are outside; other wards are excluded (no type of their own).
            if !is_city(r) || r["prefecture"] == "E市" || is_ward(r) {
                return None;
            }
            own_type(r).or_else(|| {
                let p: u64 = r["population"].parse().unwrap();
                let b = [50_000, 100_000, 150_000]
                    .iter()
                    .filter(|&&x| p >= x)
                    .count();
                Some(format!("{}-{}", numeral[b], code(r)))
            })
        },
        &refs,
    );
    assert_eq!(counts_of(&v), expected);
    assert_eq!(
        &refs[..3],
        ["core city", "special-case city", "special ward"]
    );
    let counted: u64 = expected.iter().flatten().sum();
    assert_eq!(v["total"].as_u64().unwrap(), counted);
    let excluded: u64 = v["units"]["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["count"].as_u64().unwrap())
        .sum();
    assert_eq!(
        v["units"]["outside_population"].as_u64().unwrap(),
        113 - counted - excluded
    );
}

#[test]
fn a_column_grouping_without_levels_takes_the_values_found_and_says_so() {
    let s = TempSurvey::with_full_definition(
        "returns.csv",
        shipped_returns().as_bytes(),
        |mut d| {
            d["groupings"].as_array_mut().unwrap().push(serde_json::json!({
            "id": "centre", "label": {"ja": "保健所", "en": "health centre"}, "by": "column", "column": "health_centre"
        }));
            d
        },
    );
    let out = tab_implementation(s.path(), "centre", &["--lang", "en"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("the columns are the values found in the grouping column, sorted"),
        "{text}"
    );
}

/// `renkei tab --survey DIR --question implementation --by BY` with `extra`.
fn tab_implementation(survey: &std::path::Path, by: &str, extra: &[&str]) -> std::process::Output {
    renkei()
        .args(["tab", "--survey"])
        .arg(survey)
        .args(["--question", "implementation", "--by", by])
        .args(extra)
        .output()
        .unwrap()
}

fn refused(edit: impl FnOnce(Value) -> Value, returns: &str, expected: &[&str]) {
    let s = TempSurvey::with_full_definition("returns.csv", returns.as_bytes(), edit);
    let out = tab_implementation(s.path(), "class", &["--lang", "en"]);
    assert_refused(&out, expected);
}

#[test]
fn bad_grouping_definitions_are_refused() {
    let returns = shipped_returns();
    // A grouping column the returns do not have.
    refused(
        |mut d| {
            d["groupings"][3]["column"] = "hokenjo".into();
            d
        },
        &returns,
        &["column 'hokenjo'", "values of grouping column 'hokenjo'"],
    );
    // Bands out of order.
    refused(
        |mut d| {
            d["population_bands"] = serde_json::json!({"city": [100000, 50000, 150000], "town": [5000, 10000, 15000, 20000]});
            d
        },
        &returns,
        &["population_bands.city", "increasing order"],
    );
    // "by": "column" without a column; levels of the wrong kind.
    refused(
        |mut d| {
            d["groupings"][3].as_object_mut().unwrap().remove("column");
            d["groupings"][1]["levels"] =
                serde_json::json!([{"code": "1", "label": {"ja": "一", "en": "one"}}]);
            d
        },
        &returns,
        &[
            "groupings[3].column",
            "\"column\": \"<header of the returns>\"",
            "groupings[1].levels",
            "levels of the grouping's kind",
        ],
    );
    // A population band grouping without a population column.
    refused(
        |mut d| {
            d["unit_columns"]
                .as_object_mut()
                .unwrap()
                .remove("population");
            d
        },
        &returns,
        &["\"population\": \"<header>\" in unit_columns"],
    );
    // A population that is not a number.
    let bad = returns.replacen("327790", "約30万", 1);
    refused(
        |d| d,
        &bad,
        &[
            "column 'population': value '約30万'",
            "whole number of people",
        ],
    );
}

#[test]
fn describe_lists_unit_columns_questions_and_groupings() {
    let out = renkei()
        .args(["describe", "--survey"])
        .arg(shipped_survey())
        .args(["--lang", "en"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "population",
        "multiple answers",
        "single answer (ordered)",
        "1=Actively implemented",
        "population-band (town)",
        "ruiji (city)",
        "prefecture ∈ {A県, B県, C県, D県}",
        "5000 / 10000 / 15000 / 20000",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    let json = renkei()
        .args(["describe", "--survey"])
        .arg(shipped_survey())
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["questions"][1]["type"], "multiple");
}

#[test]
fn strata_give_one_table_each_and_the_cmh_test_matches_r() {
    let out = tab_implementation(
        &shipped_survey(),
        "class",
        &["--strata", "prefecture", "--format", "json"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let strata = v["strata"].as_array().unwrap();
    assert_eq!(strata.len(), 5);
    // The strata's tables add up to the whole table.
    let whole = counts_of(&tab("class"));
    let mut sum = vec![vec![0u64; 4]; 4];
    for s in strata {
        for (i, row) in counts_of(s).iter().enumerate() {
            for (j, c) in row.iter().enumerate() {
                sum[i][j] += c;
            }
        }
    }
    assert_eq!(sum, whole);
    // R: mantelhaen.test on the same array (tests/reference/cmh.tsv).
    let r = reference_tsv("cmh.tsv")
        .into_iter()
        .find(|r| r[0] == "shipped_by_prefecture")
        .unwrap();
    assert_close(
        v["cmh"]["statistic"].as_f64().unwrap(),
        r[3].parse().unwrap(),
        1e-9,
        "M²",
    );
    assert_close(
        v["cmh"]["p"].as_f64().unwrap(),
        r[5].parse().unwrap(),
        1e-9,
        "p",
    );
}

#[test]
fn unknown_answers_stop_the_run_or_are_excluded_and_listed() {
    let returns = shipped_returns().replacen("職域から希望があれば実施", "たまに", 1);
    let s = TempSurvey::with_full_definition("returns.csv", returns.as_bytes(), |d| d);
    let strict = tab_implementation(s.path(), "class", &["--lang", "en"]);
    assert_eq!(strict.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("value 'たまに'"));
    let lenient = tab_implementation(s.path(), "class", &["--lang", "en", "--unknown-as-missing"]);
    assert!(
        lenient.status.success(),
        "{}",
        String::from_utf8_lossy(&lenient.stderr)
    );
    let text = String::from_utf8(lenient.stdout).unwrap();
    assert!(
        text.contains("excluded an answer that is no category (--unknown-as-missing): 1 (R7-001)"),
        "{text}"
    );
    assert!(
        text.contains("line 2, column 'implementation': 'たまに' is not a category"),
        "{text}"
    );
    assert!(text.contains("Counted 112 units"), "{text}");
}
