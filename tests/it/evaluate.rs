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
    let mut text = String::from(
        "id,item,sub,baseline,baseline_year,current,current_year,target,target_year,unit,baseline_n,current_n,baseline_count,current_count\n",
    );
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    write_plan("plan.csv", &text)
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
            "csv" => assert!(text.trim_start_matches('\u{feff}').starts_with("id,item,sub,unit,baseline,baseline_year,current,current_year,target,target_year,change,relative_change,p,line_value,hj21,direction,plan_verdict,reason"), "{text}"),
            "svg" => assert!(text.contains("Indicators in %") && text.contains("renkei-chart")),
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
        vec!["評価一覧", "複合項目", "集計", "グラフ"],
        "the progress charts as native bar charts on a sheet of their own"
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

fn write_plan(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path.display().to_string())
}

/// A header renkei does not know stops the run, naming the column and the
/// accepted names; `--ignore-unknown-columns` reads on and names it in the
/// report; `--help` lists every header the reader accepts.
#[test]
fn unknown_headers_stop_with_the_accepted_names() {
    let (_dir, path) = write_plan(
        "plan.csv",
        "id,item,baseline,current,target,担当課\n1,x,10,12,20,健康増進課\n",
    );
    assert_refused(
        &renkei()
            .args(["evaluate", &path, "--lang", "en"])
            .output()
            .unwrap(),
        &[
            "plan.csv:1: column '担当課'",
            "id, item, sub, baseline",
            "--ignore-unknown-columns",
        ],
    );
    let out = renkei()
        .args(["evaluate", &path, "--ignore-unknown-columns"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("読み飛ばした列 (--ignore-unknown-columns): 担当課"),
        "{text}"
    );
    let j = evaluate_json(&path, &["--ignore-unknown-columns"]);
    assert_eq!(j["ignored_columns"], serde_json::json!(["担当課"]));
    // The help lists every header, English and Japanese.
    let help = renkei().args(["evaluate", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    for h in renkei::input::plan::accepted_headers() {
        assert!(help.contains(&h), "--help lists {h}");
    }
    for h in [
        "策定時値",
        "計画策定時の年度",
        "中間評価",
        "最終評価",
        "改訂後目標値",
    ] {
        assert!(help.contains(h), "--help lists {h}");
    }
}

/// Any unit is accepted after a number where the unit column gives it
/// (歩, か所, 事業所), and carried into the report.
#[test]
fn any_unit_is_carried_through() {
    let (_dir, path) = write_plan(
        "plan.csv",
        "id,item,baseline,current,target,unit\n\
         1,歩数の増加,6500歩,7200歩,8000歩以上,歩\n\
         2,通いの場,12か所,20か所,増加,か所\n\
         3,健康経営,30事業所,28,増加,事業所\n",
    );
    let j = evaluate_json(&path, &[]);
    let items = j["items"].as_array().unwrap();
    assert_eq!(items[0]["baseline"], 6500.0);
    assert_eq!(items[0]["target_value"], 8000.0);
    assert_eq!(items[0]["unit"], "歩");
    assert_eq!(items[1]["verdict"]["hj21"], "A");
    assert_eq!(items[2]["verdict"]["direction"], "D");
    // A unit that is neither the row's nor a common one is still refused.
    let (_dir2, bad) = write_plan(
        "plan.csv",
        "id,item,baseline,current,target,unit\n1,歩数,6500歩,7200km,8000,歩\n",
    );
    assert_refused(
        &renkei()
            .args(["evaluate", &bad, "--lang", "en"])
            .output()
            .unwrap(),
        &["column 'current': value '7200km'", "the unit column"],
    );
}

/// 策定時 → 中間評価 → 最終評価 with Japanese headers as printed: each later
/// point graded against the baseline (the middle one against the target of
/// its time), the trajectory in the table, JSON and chart.
#[test]
fn three_time_points_are_graded_each_against_the_baseline() {
    let (_dir, path) = write_plan(
        "plan.csv",
        "番号,評価項目,区分,領域,単位,策定時,策定時の年度,中間評価,中間評価の年度,最終評価,最終評価の年度,目標値,目標年度\n\
         1,運動習慣者の増加,男性,身体活動,%,20.0,平成22年度,25.0,平成27年度,31.0,令和4年度,30.0,令和4年度\n\
         2,運動習慣者の増加,女性,身体活動,%,20.0,平成22年度,19.0,平成27年度,22.0,令和4年度,30.0,令和4年度\n\
         3,喫煙率の減少,,たばこ,%,25.0,平成22年度,22.0,平成27年度,23.9,令和4年度,12.0以下,令和4年度\n",
    );
    let j = evaluate_json(&path, &[]);
    let items = j["items"].as_array().unwrap();
    assert_eq!(items[0]["midterm"], 25.0);
    assert_eq!(items[0]["midterm_year"], 2015);
    assert_eq!(
        items[0]["midterm_verdict"]["hj21"], "B",
        "20 → 25 by 2015: above the line (24.2)"
    );
    assert_eq!(items[0]["verdict"]["hj21"], "A");
    assert_eq!(items[1]["midterm_verdict"]["hj21"], "D", "20 → 19: −5 %");
    assert_eq!(
        items[1]["verdict"]["hj21"], "B*",
        "22 by the target year, short of 30"
    );
    assert_eq!(
        items[2]["midterm_verdict"]["hj21"], "B*",
        "25 → 22 by 2015, above the line to 12 (19.6)"
    );
    assert_eq!(items[2]["verdict"]["hj21"], "C", "25 → 23.9: −4.4 %");
    // The text report shows the middle point and its grade, in 和暦 as printed.
    let text = renkei().args(["evaluate", &path]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    for needle in [
        "中間評価 (健康日本21方式)",
        "平成27年度",
        "令和4年度",
        "20.0",
        "25.0",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    // Only 中間評価 (no later column): it is the current value.
    let (_dir2, only) = write_plan(
        "plan.csv",
        "番号,評価項目,策定時,中間評価,目標値\n1,x,20,24,30\n",
    );
    let j = evaluate_json(&only, &[]);
    assert_eq!(j["items"][0]["current"], 24.0);
    assert!(j["items"][0].get("midterm").is_none());
}

/// The tally as 最終評価 第3章 prints it: per 領域 and overall, B split into
/// B and B*, an item of several indicators counted once; in JSON, text,
/// HTML and the workbook.
#[test]
fn tallies_by_domain_in_every_format() {
    let j = evaluate_json(&shipped(), &[]);
    let by = j["tally_by_domain"].as_array().unwrap();
    let names: Vec<&str> = by.iter().map(|d| d["domain"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "がん・循環器疾患・糖尿病",
            "精神保健",
            "感染症",
            "口腔保健",
            "次世代の健康づくり"
        ]
    );
    let sum = |rule: &str, grade: &str| -> u64 {
        by.iter().map(|d| d[rule][grade].as_u64().unwrap()).sum()
    };
    for g in ["A", "B", "B*", "C", "D", "E"] {
        assert_eq!(
            sum("hj21", g),
            j["tally"]["hj21"][g].as_u64().unwrap(),
            "{g}"
        );
        assert_eq!(
            sum("direction", g),
            j["tally"]["direction"][g].as_u64().unwrap()
        );
    }
    assert_eq!(by[0]["items"], 17);
    assert_eq!(by[3]["hj21"]["A"], 1, "口腔保健: 4-1 met");
    for format in ["text", "html"] {
        let out = renkei()
            .args(["evaluate", &shipped(), "--format", format])
            .output()
            .unwrap();
        let s = String::from_utf8(out.stdout).unwrap();
        assert!(s.contains("領域別の評価 (健康日本21方式"), "{format}");
        assert!(s.contains("次世代の健康づくり"), "{format}");
    }
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("e.xlsx");
    renkei()
        .args(["evaluate", &shipped(), "-o"])
        .arg(&xlsx)
        .assert()
        .success();
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let tally = wb.worksheet_range("集計").unwrap();
    let cells: Vec<String> = tally.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.iter().any(|c| c.contains("領域別の評価")));
    assert!(cells.iter().any(|c| c == "口腔保健"));
}

/// What could not be judged is said, per indicator: B* without years, a
/// grade by the 5 % guide for want of counts, a 増加 target met by a small change.
#[test]
fn what_could_not_be_judged_is_named() {
    let j = evaluate_json(&shipped(), &[]);
    let cautions = |id: &str, sub: &str| -> Vec<String> {
        j["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id && i["sub"] == sub)
            .unwrap()["cautions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect()
    };
    // Seed 000's 1-17 prints no baseline year.
    assert!(cautions("1-17", "野菜摂取量 (g/日)").contains(&"b_star_needs_years".to_string()));
    assert!(cautions("1-1", "").contains(&"graded_without_test".to_string()));
    // 55 → 57 施設 meets 増加 by +3.6 %.
    assert_eq!(cautions("1-16", ""), ["met_by_small_change"]);
    let out = renkei()
        .args(["evaluate", &shipped(), "--lang", "en"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("B and B* cannot be told apart (2)"), "{text}");
    assert!(text.contains("1-17 食事バランスガイドを参考にしたい者の増加 (野菜摂取量 (g/日))"));
}

/// Values keep the digits the plan printed (50.0, 20.0 %), years the
/// calendar it wrote (平成22年度, or 西暦 with --era seireki); grades carry
/// the 最終評価's words, one word per grade; numbers and years are number
/// cells of their own in the workbook.
#[test]
fn printed_digits_years_and_official_words() {
    let out = renkei().args(["evaluate", &shipped()]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "| 50.0 ",
        "| 20.0 ",
        "| 平成22年度 ",
        "| 平成29年1月1日 ",
        "B* B の中で目標年度までに目標到達が危ぶまれるもの",
        "B 現時点で目標値に達していないが、改善傾向にある",
        "D 悪化している",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
    assert!(!text.contains("不変"), "one word per grade: 変わらない");
    assert!(!text.contains("達しない見込み"));
    let western = renkei()
        .args(["evaluate", &shipped(), "--era", "seireki"])
        .output()
        .unwrap();
    let western = String::from_utf8(western.stdout).unwrap();
    assert!(western.contains("| 2010 ") && !western.contains("平成22年度"));
    // Under --rule direction there is no hj21 reason column.
    let direction = renkei()
        .args(["evaluate", &shipped(), "--rule", "direction"])
        .output()
        .unwrap();
    let direction = String::from_utf8(direction.stdout).unwrap();
    assert!(!direction.contains("根拠 (健康日本21方式)"));
    // The workbook: values, years and targets printed as numbers are numbers.
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("e.xlsx");
    renkei()
        .args(["evaluate", &shipped(), "--era", "seireki", "-o"])
        .arg(&xlsx)
        .assert()
        .success();
    use calamine::{Data, Reader};
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = wb.worksheet_range("評価一覧").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let header: Vec<String> = rows
        .iter()
        .find(|r| r.iter().any(|c| *c == "策定時の年度"))
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let first = rows.iter().find(|r| r[0] == "1-1").expect("row 1-1");
    assert_eq!(first[col("策定時")], Data::Float(98.6));
    assert_eq!(first[col("策定時の年度")], Data::Float(2010.0));
    assert_eq!(first[col("目標値")], Data::Float(88.2));
    // No numeric-looking text in the item table.
    for r in &rows {
        for c in r.iter() {
            if let Data::String(s) = c {
                assert!(
                    renkei::input::columns::parse_number(s).is_none(),
                    "numeric-looking text cell {s:?}"
                );
            }
        }
    }
}

/// 小樽市's 改訂版 targets (seed 000, 9 評価項目と目標値) shipped as data: a
/// made-up final evaluation (令和4年度) is graded against the target in
/// force, the mid-term against the original, 新規/変更 reported as such.
#[test]
fn revised_targets_grade_a_later_evaluation() {
    let revised = repo().join("seeds/otaru-revised.csv").display().to_string();
    let j = evaluate_json(&revised, &[]);
    let item = |j: &Value, id: &str, sub: &str| -> Value {
        j["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id && i["sub"] == sub)
            .unwrap()
            .clone()
    };
    // The seed alone is the mid-term evaluation, against the original targets.
    let midterm = evaluate_json(&shipped(), &[]);
    for (id, sub) in [("1-1", ""), ("4-1", ""), ("1-5", "女性 肺")] {
        assert_eq!(
            item(&j, id, sub)["verdict"],
            item(&midterm, id, sub)["verdict"],
            "{id} {sub}"
        );
    }
    assert_eq!(item(&j, "4-1", "")["revised_target"], "85.0%以上");
    let madeup = repo()
        .join("examples/otaru-final-madeup.csv")
        .display()
        .to_string();
    let f = evaluate_json(&madeup, &[]);
    // 4-1: 86.0 meets the revised 85.0%以上; 4-4: 55.2 met the original 50.0 %
    // but not the revised 70.0 %.
    let dental = item(&f, "4-1", "");
    assert_eq!(dental["revision"], "changed");
    assert_eq!(dental["original_target"], "80.0%以上");
    assert_eq!(dental["target"], "85.0%以上");
    assert_eq!(dental["verdict"]["hj21"], "A");
    assert_eq!(dental["midterm_verdict"]["hj21"], "A");
    let teeth = item(&f, "4-4", "");
    assert_eq!(teeth["target_value"], 70.0);
    assert_ne!(teeth["verdict"]["hj21"], "A");
    // 1-2 男性: revised to 検討中, so E at the end.
    assert_eq!(item(&f, "1-2", "男性")["verdict"]["hj21"], "E");
    // 0-1 新規: its mid-term value is its baseline.
    let life = item(&f, "0-1", "男性");
    assert_eq!(life["revision"], "new");
    assert_eq!(life["baseline"], 79.04);
    let out = renkei().args(["evaluate", &madeup]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("改訂で新規・変更となった指標"));
    assert!(text.contains("4-1 3歳でむし歯のない者の増加: 変更、目標値 80.0%以上 (平成34年度) → 85.0%以上 (平成34年度)"), "{text}");
    assert!(text.contains("0-1 小樽市民の健康寿命の延伸 (男性): 新規"));
}

/// The same three-point table as a workbook exported from Excel: a notes
/// sheet first, Japanese headers as printed, numbers as number cells —
/// graded with no renaming.
#[test]
fn a_workbook_with_midterm_and_final_columns_is_graded_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet()
        .set_name("記入要領")
        .unwrap()
        .write_string(0, 0, "数値は半角で記入")
        .unwrap();
    let ws = wb.add_worksheet().set_name("評価").unwrap();
    let header = [
        "項目番号",
        "評価指標",
        "区分",
        "分野",
        "単位",
        "策定時値",
        "計画策定時の年度",
        "中間評価",
        "中間評価の年度",
        "直近の実績値",
        "最終評価の年度",
        "目標値",
        "目標年度",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let rows: [[&str; 13]; 2] = [
        [
            "1",
            "運動習慣者の増加",
            "男性",
            "身体活動",
            "%",
            "20.0",
            "平成22年度",
            "25.0",
            "平成27年度",
            "31.0",
            "令和4年度",
            "30.0",
            "令和4年度",
        ],
        [
            "2",
            "歩数の増加",
            "",
            "身体活動",
            "歩",
            "6500",
            "平成22年度",
            "6800",
            "平成27年度",
            "7900",
            "令和4年度",
            "8000",
            "令和4年度",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            match v.parse::<f64>() {
                Ok(x) if c != 0 => ws.write_number(r as u32 + 1, c as u16, x).unwrap(),
                _ => ws.write_string(r as u32 + 1, c as u16, *v).unwrap(),
            };
        }
    }
    wb.save(&path).unwrap();
    let j = evaluate_json(path.to_str().unwrap(), &["--sheet", "評価"]);
    let items = j["items"].as_array().unwrap();
    assert_eq!(items[0]["midterm_verdict"]["hj21"], "B");
    assert_eq!(items[0]["verdict"]["hj21"], "A");
    assert_eq!(items[1]["unit"], "歩");
    assert_eq!(items[1]["current_year"], 2022);
    assert_eq!(
        items[1]["verdict"]["hj21"], "B*",
        "7900 short of 8000 at the target year"
    );
}

/// Headers with the plan's bracketed notes (「目標値 ＜平成34年度＞」,
/// 「現状 ＜中間評価時点＞」) are read by their name, and a year in the note
/// is every row's year where the table has no year column.
#[test]
fn a_year_in_a_header_note_is_the_columns_year() {
    let (_dir, path) = write_plan(
        "plan.csv",
        "番号,目標,計画策定時数値（平成22年度）,現状 ＜中間評価時点＞,現状の年度,目標値 ＜平成34年度＞\n\
         1,運動習慣者の増加,20.0,22.0,平成27年度,30.0\n",
    );
    let j = evaluate_json(&path, &[]);
    let item = &j["items"][0];
    assert_eq!(item["baseline_year"], 2010);
    assert_eq!(item["current_year"], 2015);
    assert_eq!(item["target_year"], 2022);
    // 22 lies below the line from 20 (2010) to 30 (2022): 24.2 at 2015.
    assert_eq!(item["verdict"]["hj21"], "B*");
    let out = renkei().args(["evaluate", &path]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("平成34年度"), "{text}");
}
