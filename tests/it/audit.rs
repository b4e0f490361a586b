//! `renkei audit`: each kind of finding on tables made for the purpose, and
//! no false alarm on a correctly printed table.

use crate::common::*;
use predicates::prelude::*;
use serde_json::{Value, json};

/// A correctly printed 2×2 table: Pearson X² = 4.0, p = 0.0455 (R:
/// chisq.test(matrix(c(30, 20, 20, 30), 2), correct = FALSE)).
fn correct() -> Value {
    json!({
        "title": "correct",
        "rows": ["yes", "no"],
        "columns": ["A", "B"],
        "counts": [[30, 20], [20, 30]],
        "column_totals": [50, 50],
        "row_totals": [50, 50],
        "grand_total": 100,
        "percent": [["60.0", "40.0"], ["40.0", "60.0"]],
        "percent_base": "column",
        "row_total_percent": ["50.0", "50.0"],
        "column_total_percent": ["100.0", "100.0"],
        "test": {"name": "chi-square", "p": "0.046"}
    })
}

fn run(tables: &[Value]) -> (i32, Value) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = renkei();
    cmd.args(["audit", "--format", "json", "--lang", "en"]);
    for (i, t) in tables.iter().enumerate() {
        let p = dir.path().join(format!("t{i}.json"));
        std::fs::write(&p, serde_json::to_string(t).unwrap()).unwrap();
        cmd.arg(p);
    }
    let out = cmd.output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap(), v)
}

fn findings(v: &Value) -> Vec<Value> {
    v["tables"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["ok"] == false)
        .cloned()
        .collect()
}

fn item<'a>(v: &'a Value, check_prefix: &str) -> &'a Value {
    v["tables"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["check"].as_str().unwrap().starts_with(check_prefix))
        .unwrap_or_else(|| panic!("no check {check_prefix}"))
}

#[test]
fn no_false_alarm_on_a_correct_table() {
    let (code, v) = run(&[correct()]);
    assert_eq!(findings(&v), Vec::<Value>::new());
    assert_eq!(code, 0);
    assert!(
        item(&v, "p-value")["note"]
            .as_str()
            .unwrap()
            .contains("Pearson χ² without continuity correction")
    );
}

#[test]
fn a_total_that_is_not_the_sum_of_its_cells() {
    let mut t = correct();
    t["column_totals"][1] = json!(49);
    let (code, v) = run(&[t]);
    assert_eq!(code, 1);
    let f = findings(&v);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["printed"], "49");
    assert_eq!(f[0]["recomputed"], "50");
    assert!(
        f[0]["note"]
            .as_str()
            .unwrap()
            .contains("computed on 50, the sum of its cells")
    );
}

#[test]
fn percentages_computed_on_a_misprinted_total() {
    // A cell of B was misprinted (the table had 51 in B): the percentages
    // were computed on the printed total 51.
    let mut t = correct();
    t["column_totals"][1] = json!(51);
    t["percent"] = json!([["60.0", "39.2"], ["40.0", "58.8"]]);
    let (_, v) = run(&[t]);
    let total = item(&v, "column total B");
    assert!(
        total["note"]
            .as_str()
            .unwrap()
            .contains("computed on the printed 51"),
        "{total}"
    );
    let pct = item(&v, "% yes / B");
    assert!(
        pct["note"]
            .as_str()
            .unwrap()
            .contains("on the printed total 51"),
        "{pct}"
    );
}

#[test]
fn any_usual_rounding_is_accepted_and_impossible_values_are_grim() {
    let mut t = correct();
    t["counts"] = json!([[1, 3], [7, 5]]);
    t["column_totals"] = json!([8, 8]);
    t["row_totals"] = json!([4, 12]);
    t["grand_total"] = json!(16);
    // 1/8 = 12.5 %: "12" (half-even or truncation) and "13" (half-up) both pass.
    t["percent"] = json!([["12", "37.5"], ["87.5", "62.5"]]);
    t["row_total_percent"] = json!(["25.0", "75.0"]);
    t.as_object_mut().unwrap().remove("test");
    let (code, v) = run(&[t.clone()]);
    assert_eq!(item(&v, "% yes / A")["ok"], true);
    // 20.0 % of 8 is impossible under any rounding (GRIM).
    t["percent"][0][0] = json!("20.0");
    let (code2, v) = run(&[t]);
    let g = item(&v, "% yes / A");
    assert_eq!(g["kind"], "grim");
    assert_eq!(g["ok"], false);
    assert_eq!((code, code2), (1, 1)); // the 2×2 with 16 units fails Cochran's rule
}

#[test]
fn which_test_reproduces_the_printed_p() {
    // Yates' corrected p is 0.0719: printed "0.072" is reproduced by it.
    let mut t = correct();
    t["test"]["p"] = json!("0.072");
    let (_, v) = run(&[t.clone()]);
    let p = item(&v, "p-value");
    assert_eq!(p["ok"], true);
    assert!(p["note"].as_str().unwrap().contains("Yates"), "{p}");
    // A p no usual test gives.
    t["test"]["p"] = json!("0.300");
    let (code, v) = run(&[t.clone()]);
    assert_eq!(code, 1);
    assert_eq!(item(&v, "p-value")["ok"], false);
    // "<0.001" is an interval.
    t["counts"] = json!([[300, 200], [200, 300]]);
    t["column_totals"] = json!([500, 500]);
    t["row_totals"] = json!([500, 500]);
    t["grand_total"] = json!(1000);
    t["test"]["p"] = json!("<0.001");
    let (code, v) = run(&[t]);
    assert_eq!(item(&v, "p-value")["ok"], true);
    assert_eq!(code, 0, "{}", findings(&v).len());
}

#[test]
fn the_published_tables() {
    let out = renkei()
        .args(["audit", "--lang", "en"])
        .args(["table3.json", "table4.json", "table5.json"].map(|f| repo().join("seeds").join(f)))
        .assert()
        .code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for needle in [
        "FINDING  column total 市: printed 54, recomputed 55",
        "so the printed total is a misprint",
        "printed 57.6, recomputed 57.5",
        "sum of the rows' rounded percentages",
        "reproduced by Pearson χ² without continuity correction (after dropping the empty categories)",
        "FINDING  empty category Ⅱ次Ⅲ次90%未満、Ⅲ次55%以上",
        "FINDING  decision at α = 0.1: printed 0.094, recomputed exact p = 0.2218",
        "report the exact p = 0.2218",
        "7 findings in 3 tables",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn unreadable_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.json");
    std::fs::write(&p, "{\"rows\": [\"a\"], \"columns\": [\"x\"]}").unwrap();
    renkei()
        .args(["audit", "--lang", "en"])
        .arg(&p)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("bad.json:1"));
    std::fs::write(
        &p,
        serde_json::to_string(
            &json!({"title": "t", "rows": ["a", "b"], "columns": ["x"], "counts": [[1]]}),
        )
        .unwrap(),
    )
    .unwrap();
    renkei()
        .args(["audit", "--lang", "en"])
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2 rows of counts"));
}

#[test]
fn only_rows_columns_and_counts_are_required() {
    let (code, v) =
        run(&[json!({"rows": ["a", "b"], "columns": ["x", "y"], "counts": [[30, 20], [20, 30]]})]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["tables"][0]["title"], "t0.json");
}

#[test]
fn fuzz_regressions_are_input_errors_not_panics() {
    // Found by fuzz/run.sh: a combined percentage naming a row past the table.
    let path = repo().join("tests/fuzz_regressions/audit_combined_row_out_of_range.json");
    renkei()
        .args(["audit", "--lang", "en"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("combined_percents[0].rows"));
    // A printed list that does not fit the table is an error, not ignored.
    let mut t = correct();
    t["column_totals"] = json!([50, 50, 0]);
    let (code, _) = run(&[t]);
    assert_eq!(code, 2);
}

/// Issue 20: counts whose sum overflows 64 bits are an input error (the
/// audit's exact test indexed out of bounds on the wrapped margins).
#[test]
fn counts_that_overflow_are_refused() {
    let mut t = correct();
    t["counts"] = json!([[u64::MAX, 1], [1, 1]]);
    t.as_object_mut().unwrap().remove("column_totals");
    t.as_object_mut().unwrap().remove("row_totals");
    t.as_object_mut().unwrap().remove("grand_total");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.json");
    std::fs::write(&p, serde_json::to_string(&t).unwrap()).unwrap();
    renkei()
        .args(["audit", "--lang", "en"])
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("column 'counts'"))
        .stderr(predicate::str::contains(
            "the counts add up to more than 2⁶⁴",
        ));
}

/// Issue 20: a published table that is not one object says so (it said
/// "invalid length 2, expected struct PublishedTable with 17 elements").
#[test]
fn a_published_table_must_be_an_object() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.json");
    std::fs::write(&p, "[1, 2]").unwrap();
    renkei()
        .args(["audit", "--lang", "en"])
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "t.json:1: expected a published table as one JSON object",
        ))
        .stderr(predicate::str::contains("struct").not());
}
