//! `renkei evaluate`: the shipped 小樽市 mid-term review (seed 000), the
//! grading rules, and the tests of change against R
//! (tests/reference/make_evaluate.R: `prop.test(correct = FALSE)` and
//! `poisson.test`; tolerance 1e-9 relative, absolute below 1).

use crate::common::{assert_close, assert_refused, reference_tsv, renkei, repo};
use renkei::stats::change::{two_counts, two_proportions};
use serde_json::Value;

fn evaluate_json(file: &str, extra: &[&str]) -> Value {
    let out = renkei()
        .args(["evaluate", file, "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn shipped() -> String {
    repo().join("seeds/otaru-midterm.csv").display().to_string()
}

#[test]
fn the_direction_rule_reproduces_every_verdict_the_plan_states() {
    let j = evaluate_json(&shipped(), &[]);
    assert_eq!(
        j["plan_disagreements"],
        serde_json::json!([]),
        "{}",
        j["plan_disagreements"]
    );
    // 24 evaluation items, as the plan says (全24項目).
    let total: u64 = j["tally"]["direction"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(total, 24);
    let level = |id: &str| -> Value {
        j["composites"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["verdict"].clone())
            .unwrap_or_else(|| {
                j["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|i| i["id"] == id)
                    .unwrap()["verdict"]
                    .clone()
            })
    };
    for id in ["1-3", "1-14", "1-15", "4-1"] {
        assert_eq!(level(id)["direction"], "A", "{id} achieved");
    }
    for id in ["1-1", "1-12", "1-13", "3-1", "4-3"] {
        assert_eq!(level(id)["direction"], "B", "{id} improved");
    }
    for id in ["1-8", "1-10"] {
        assert_eq!(level(id)["direction"], "D", "{id} worsened");
    }
    // がん 98.6 → 96.4 against 88.2: a 2.2 % change, C under the 5 % rule.
    let cancer = &j["items"][0];
    assert_eq!(cancer["id"], "1-1");
    assert_eq!(cancer["verdict"]["hj21"], "C");
    assert!((cancer["relative_change"].as_f64().unwrap() + 2.2 / 98.6).abs() < 1e-12);
    assert!(cancer.get("test").is_none(), "no test without sample sizes");
    for key in ["id", "sub", "line_value"] {
        assert!(cancer.get(key).is_some(), "items[].{key}");
    }
    assert!(j["composites"][0]["verdict"]["hj21"].is_string());
    assert!(j["tally"]["hj21"]["B*"].is_u64());
}

/// A plan file with the given rows under the full header.
fn plan(rows: &[&str]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.csv");
    let mut text = String::from(
        "id,item,sub,baseline,baseline_year,current,current_year,target,target_year,unit,baseline_n,current_n,baseline_count,current_count\n",
    );
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    std::fs::write(&path, text).unwrap();
    (dir, path.display().to_string())
}

fn grades(rows: &[&str], extra: &[&str]) -> Vec<(String, String)> {
    let (_dir, path) = plan(rows);
    let j = evaluate_json(&path, extra);
    j["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["verdict"]["hj21"].as_str().unwrap().to_string(),
                i["verdict"]["direction"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_final_reports_25_to_28_against_80_case_is_a_matter_of_judgement() {
    let row = ["1,x,,25,H22,28,R1,80%,R4,%,,,,"];
    // Literally +12 % relative: B (behind the line to 80 %: B*).
    assert_eq!(grades(&row, &[]), vec![("B*".into(), "B".into())]);
    // With the report's judgement (3 of the 55 points to go is 5.5 % of the way): C.
    assert_eq!(
        grades(&row, &["--min-progress", "0.1"]),
        vec![("C".into(), "B".into())]
    );
}

#[test]
fn the_line_rule_counts_a_value_on_the_line_as_b() {
    // Line from 20 (2010) to 40 (2020): 30 in 2015. On it: B; below: B*.
    assert_eq!(
        grades(&["1,x,,20,2010,30,2015,40,2020,%,,,,"], &[]),
        vec![("B".into(), "B".into())]
    );
    assert_eq!(
        grades(&["1,x,,20,2010,29,2015,40,2020,%,,,,"], &[]),
        vec![("B*".into(), "B".into())]
    );
    // 和暦 and 西暦 mixed: H22 = 2010, R2 = 2020.
    assert_eq!(
        grades(&["1,x,,20,H22,31,平成27年度,40,R2,%,,,,"], &[]),
        vec![("B".into(), "B".into())]
    );
}

#[test]
fn tests_of_change_decide_where_sample_sizes_allow() {
    // 25 % of 1000 → 28 % of 1000: p = 0.1297 (not significant) → C.
    assert_eq!(
        grades(&["1,x,,25,2010,28,2015,40,2020,%,1000,1000,,"], &[]),
        vec![("C".into(), "B".into())]
    );
    // 25 % → 30 % of 1000: p = 0.012 → B.
    let g = grades(&["1,x,,25,2010,30,2015,40,2020,%,1000,1000,,"], &[]);
    assert!(g[0].0 == "B" || g[0].0 == "B*", "{g:?}");
    // Worse and significant → D.
    assert_eq!(
        grades(&["1,x,,30,2010,25,2015,40,2020,%,1000,1000,,"], &[]),
        vec![("D".into(), "D".into())]
    );
}

#[test]
fn composites_and_e() {
    let g = grades(
        &[
            "1,x,a,10,2010,5,2015,増加,2020,,,,,",
            "1,x,b,10,2010,,2015,増加,2020,,,,,",
            "2,y,,10,2010,12,2015,検討中,2020,,,,,",
        ],
        &[],
    );
    assert_eq!(g[1].0, "E", "a missing current value is E, not an error");
    assert_eq!(g[2].0, "E", "a target set elsewhere is E");
    let (_d, path) = plan(&[
        "1,x,a,10,2010,5,2015,増加,2020,,,,,",
        "1,x,b,10,2010,,2015,増加,2020,,,,,",
    ]);
    let j = evaluate_json(&path, &[]);
    assert_eq!(
        j["composites"][0]["verdict"]["hj21"], "D",
        "E left out of the mean"
    );
}

#[test]
fn two_proportions_and_two_counts_match_r() {
    for r in reference_tsv("evaluate_props.tsv") {
        let n: Vec<f64> = r.iter().map(|v| v.parse().unwrap()).collect();
        let t = two_proportions(n[0] / n[1], n[1], n[2] / n[3], n[3]).unwrap();
        assert_close(t.statistic * t.statistic, n[4], 1e-9, "X²");
        assert_close(t.p, n[5], 1e-9, "p");
    }
    for r in reference_tsv("evaluate_counts.tsv") {
        let n: Vec<f64> = r.iter().map(|v| v.parse().unwrap()).collect();
        let t = two_counts(n[0] as u64, n[1], n[2] as u64, n[3]).unwrap();
        assert_close(t.p, n[4], 1e-9, "poisson.test p");
    }
}

fn refused(rows: &[&str], expected: &[&str]) {
    let (_dir, path) = plan(rows);
    let out = renkei()
        .args(["evaluate", &path, "--lang", "en"])
        .output()
        .unwrap();
    assert_refused(&out, expected);
}

#[test]
fn bad_input_is_refused_with_its_place() {
    refused(
        &["1,x,,10,2010,12,2015,たくさん,2020,,,,,"],
        &["plan.csv:2: column 'target': value 'たくさん'", "88.2以下"],
    );
    refused(
        &["1,x,,10,昨年,12,2015,増加,2020,,,,,"],
        &["column 'baseline_year': value '昨年'", "平成28年度"],
    );
    refused(
        &["1,x,,10,2016,12,2015,増加,2020,,,,,"],
        &[
            "column 'current_year'",
            "no earlier than the baseline's (2016)",
        ],
    );
    refused(
        &["1,x,,10,2010,12,2015,増加,2009,,,,,"],
        &["column 'target_year'", "after the baseline year (2010)"],
    );
    refused(
        &["1,x,,10,2010,12,2015,増加,2020,,100,100,120,5"],
        &[
            "column 'baseline_count': value '120'",
            "no larger than the population 100",
        ],
    );
    refused(
        &[
            "1,x,a,10,2010,12,2015,増加,2020,,,,,",
            "1,x,a,11,2010,12,2015,増加,2020,,,,,",
        ],
        &["plan.csv:3", "line 2 has it too"],
    );
    refused(
        &["1,x,,ten,2010,12,2015,増加,2020,,,,,"],
        &["column 'baseline': value 'ten'"],
    );
}

#[test]
fn every_format_renders_the_shipped_plan() {
    for format in ["text", "markdown", "csv", "html", "svg"] {
        let out = renkei()
            .args(["evaluate", &shipped(), "--format", format, "--lang", "en"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        match format {
            "csv" => assert!(text.trim_start_matches('\u{feff}').starts_with("id,item,sub,baseline,baseline_year,current,current_year,target,target_year,change,relative_change,p,line_value,hj21,direction,plan_verdict,reason"), "{text}"),
            "svg" => assert!(text.contains("from baseline to current value") && text.contains("renkei-chart")),
            _ => assert!(text.contains("1-17")),
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("e.xlsx");
    renkei()
        .args(["evaluate", &shipped(), "-o"])
        .arg(&xlsx)
        .assert()
        .success();
    use calamine::Reader;
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["評価一覧", "複合項目", "集計"],
        "progress charts stay in svg and html"
    );
}

/// Inputs that contradict themselves are refused with their place: a
/// direction against the target's own (10以下 with up graded 25 → 20 as A),
/// counts that do not say the stated percentage (25 % → 20 % with counts 80
/// and 10 of 100 was tested on the counts, p = 2.5e-23).
#[test]
fn contradictory_rows_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.csv");
    std::fs::write(
        &path,
        "id,item,sub,baseline,baseline_year,current,current_year,target,target_year,direction\n\
         1,x,,25,2010,20,2015,10以下,2020,up\n",
    )
    .unwrap();
    let out = renkei()
        .args(["evaluate", "--lang", "en"])
        .arg(&path)
        .output()
        .unwrap();
    assert_refused(
        &out,
        &["plan.csv:2: column 'direction': value 'up'", "down"],
    );
    refused(
        &["1,x,,25%,2010,20%,2015,増加,2020,%,100,100,80,10"],
        &["column 'baseline_count': value '80'", "count/n = 80.0%"],
    );
}

/// 最終評価報告書 第2章's composite rule, end to end: B, B, B* is B (it
/// would be A at the target year); C, B, B is B* (it would only be B).
#[test]
fn composites_by_the_official_projection() {
    let composite = |rows: &[&str]| {
        let (_d, path) = plan(rows);
        evaluate_json(&path, &[])["composites"][0]["verdict"]["hj21"].clone()
    };
    // B: 10 → 16 above the line to 20 (15 at 2015); B*: 10 → 12 below it;
    // C: 10 → 10.2, a change under the 5 % guide.
    let b = "1,x,b,10,2010,16,2015,20,2020,,,,,";
    let b2 = "1,x,b2,10,2010,17,2015,20,2020,,,,,";
    let b_star = "1,x,bs,10,2010,12,2015,20,2020,,,,,";
    let c = "1,x,c,10,2010,10.2,2015,20,2020,,,,,";
    assert_eq!(composite(&[b, b2, b_star]), "B");
    assert_eq!(composite(&[c, b, b2]), "B*");
}

/// Percent or share is decided once per row (a `%` in the unit or a cell,
/// or a value above 1): 1.2 → 0.9 with n = 5,000 was read as 1.2 % → 90 %
/// (z = +89). Expected z and p: tests/reference/make_percent_rows.py.
#[test]
fn percent_or_share_is_decided_per_row() {
    let (_d, path) = plan(&[
        "1,x,,1.2,2010,0.9,2015,0.5,2020,,5000,5000,,",
        "2,y,,2.1,2010,0.8,2015,0.5,2020,,3000,3000,,",
        "3,z,,0.9%,2010,0.6%,2015,0.5%,2020,,4000,4000,,",
    ]);
    let j = evaluate_json(&path, &[]);
    for (item, r) in j["items"]
        .as_array()
        .unwrap()
        .iter()
        .zip(reference_tsv("evaluate_percent_rows.tsv"))
    {
        let z: f64 = r[4].parse().unwrap();
        let p: f64 = r[5].parse().unwrap();
        assert_close(item["test"]["statistic"].as_f64().unwrap(), z, 1e-9, "z");
        assert_close(item["test"]["p"].as_f64().unwrap(), p, 1e-9, "p");
    }
    // Both at most 1 with no % anywhere: which reading is meant is not
    // known, and the error says which column settles it.
    refused(
        &["4,w,,0.9,2010,0.6,2015,0.5,2020,,4000,4000,,"],
        &[
            "plan.csv:2: column 'baseline': value '0.9'",
            "write % in the unit column",
        ],
    );
}

/// A final evaluation comes after the target year: a passed target year is
/// graded (it was refused), and at or after it the line has reached the
/// target, so an improvement short of it is B*.
#[test]
fn passed_target_years_are_graded() {
    let g = grades(
        &[
            "1,x,,10,2010,16,2018,20,2016,,,,,",
            "2,y,,10,2010,21,2018,20,2016,,,,,",
            "3,z,,98.6,2010,96.4,2015,88.2,2016,,,,,",
        ],
        &[],
    );
    assert_eq!(
        g[0].0, "B*",
        "improved, short of a target whose year has passed"
    );
    assert_eq!(g[1].0, "A");
    assert_eq!(
        g[2].0, "C",
        "小樽市's がん: 2.2 % change under the 5 % guide"
    );
}

/// Headers as plans print them: 目標 beside 目標値 (目標 is then the item),
/// 策定時値, 現状値, 策定年度, 現状の年度 — read, not refused or ignored
/// (years that vanished made B* impossible).
#[test]
fn headers_as_plans_print_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.csv");
    std::fs::write(
        &path,
        "番号,目標,区分,策定時値,策定年度,現状値,現状の年度,目標値,目標年度\n\
         1,運動習慣者の増加,男性,10,2010,12,2015,20,2020\n",
    )
    .unwrap();
    let j = evaluate_json(path.to_str().unwrap(), &[]);
    let item = &j["items"][0];
    assert_eq!(item["item"], "運動習慣者の増加");
    assert_eq!(item["baseline_year"], 2010);
    assert_eq!(item["current_year"], 2015);
    // 12 lies below the line from 10 (2010) to 20 (2020), 15 at 2015.
    assert_eq!(item["verdict"]["hj21"], "B*");
}
