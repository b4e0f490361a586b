//! `renkei reproduce` regenerates 表3, 表4 and 表5 from the shipped survey and
//! checks every printed value.

use crate::common::*;
use predicates::prelude::*;

#[test]
fn reproduces_the_three_published_tables() {
    let out = renkei().arg("reproduce").assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for needle in [
        "表3",
        "表4",
        "表5",
        "χ² 検定: p=0.073",
        "χ² 検定: p=0.131",
        "χ² 検定: p=0.094",
        "既知の誤植",
        "印刷 54、再現 55",
        "3/3 表を再現",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    assert!(!text.contains("不一致"), "{text}");
}

#[test]
fn reproduce_json_reports_each_check() {
    let out = renkei()
        .args(["reproduce", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["reproduced"], true);
    let tables = v["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 3);
    let ps: Vec<f64> = tables
        .iter()
        .map(|t| t["tests"]["pearson"]["p"].as_f64().unwrap())
        .collect();
    // Values of R's chisq.test(correct = FALSE) on the same tables (docs/domain.md).
    for (p, want) in ps.iter().zip([0.07334, 0.13057, 0.09435]) {
        assert!((p - want).abs() < 5e-6, "{p} vs {want}");
    }
    let misprints: Vec<&serde_json::Value> = tables[0]["comparison"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "known-misprint")
        .collect();
    assert_eq!(misprints.len(), 1);
    assert_eq!(misprints[0]["printed"], "54");
    assert_eq!(misprints[0]["reproduced"], "55");
    assert_eq!(
        tables[1]["dropped"]["columns"][0],
        "Ⅱ次Ⅲ次90%未満、Ⅲ次55%以上"
    );
}

fn seeds_copy(edit: impl Fn(&str, serde_json::Value) -> serde_json::Value) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["table3.json", "table4.json", "table5.json"] {
        let v: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(repo().join("seeds").join(name)).unwrap(),
        )
        .unwrap();
        let v = edit(name, v);
        std::fs::write(dir.path().join(name), serde_json::to_string(&v).unwrap()).unwrap();
    }
    dir
}

#[test]
fn a_changed_printed_value_is_a_mismatch() {
    let seeds = seeds_copy(|name, mut v| {
        if name == "table5.json" {
            v["percent"][0][1] = "5.5".into();
        }
        v
    });
    renkei()
        .args(["reproduce", "--seeds"])
        .arg(seeds.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "不一致: %[積極的に実施, Ⅱ次Ⅲ次80%以上、Ⅲ次60%未満]: 印刷 5.5、再現 5.6",
        ))
        .stdout(predicate::str::contains("2/3 表を再現"));
}

#[test]
fn a_changed_p_is_a_mismatch() {
    let seeds = seeds_copy(|name, mut v| {
        if name == "table4.json" {
            v["test"]["p"] = "0.130".into();
        }
        v
    });
    renkei()
        .args(["reproduce", "--lang", "en", "--seeds"])
        .arg(seeds.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "MISMATCH: p (chi-square): printed 0.130, reproduced 0.131",
        ));
}

#[test]
fn an_unlisted_misprint_fails_and_a_stale_listing_fails() {
    let unlisted = seeds_copy(|name, mut v| {
        if name == "table3.json" {
            v["known_misprints"] = serde_json::json!([]);
        }
        v
    });
    renkei()
        .args(["reproduce", "--seeds"])
        .arg(unlisted.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("不一致: 合計 n[市]"));
    let stale = seeds_copy(|name, mut v| {
        if name == "table3.json" {
            v["column_totals"][1] = 55.into();
        }
        v
    });
    renkei()
        .args(["reproduce", "--seeds"])
        .arg(stale.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("誤植として登録されているが"));
}

#[test]
fn english_output() {
    renkei()
        .args(["reproduce", "--lang", "en"])
        .assert()
        .success()
        .stdout(predicate::str::contains("χ² test: p=0.094"))
        .stdout(predicate::str::contains("Known misprint"))
        .stdout(predicate::str::contains("3/3 tables reproduced"));
}

/// After `cargo install` the checkout may be gone: the shipped survey,
/// tables, plan and checklists are built into the binary.
#[test]
fn reproduce_works_from_anywhere_with_the_built_in_copies() {
    let dir = tempfile::tempdir().unwrap();
    let out = renkei()
        .current_dir(dir.path())
        .env("RENKEI_SHIPPED", "embedded")
        .args(["reproduce", "--lang", "en"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("3/3 tables reproduced"), "{text}");
    assert!(
        text.contains("11 of the 11 items the plan grades reproduced"),
        "{text}"
    );
    let checklist = renkei()
        .current_dir(dir.path())
        .env("RENKEI_SHIPPED", "embedded")
        .args(["describe", "--survey"])
        .arg(std::env::temp_dir().join(format!(
            "renkei-{}-shipped/surveys/renkei-2025",
            env!("CARGO_PKG_VERSION")
        )))
        .output()
        .unwrap();
    assert!(checklist.status.success());
}
