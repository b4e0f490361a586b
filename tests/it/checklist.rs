//! `renkei checklist` and `renkei scale` on the shipped examples and on bad input.

use crate::common::{assert_refused, renkei, repo, temp};
use serde_json::Value;

fn path(p: &str) -> String {
    repo().join(p).display().to_string()
}

fn json(args: &[&str]) -> Value {
    let out = renkei()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_shipped_checklist_scores_its_example() {
    for (id, items, councils, form) in [
        ("prefecture-32", 32, 47, "explicit"),
        ("secondary-46", 46, 120, "check-or-blank"),
        ("ict-56", 62, 150, "explicit"),
    ] {
        let j = json(&[
            "checklist",
            "--checklist",
            id,
            "--returns",
            &path(&format!("checklists/examples/{id}.csv")),
            "--by",
            "uses_checklist",
        ]);
        assert_eq!(
            j["items"].as_array().unwrap().len(),
            items,
            "{id}: answer columns"
        );
        assert_eq!(j["councils"].as_array().unwrap().len(), councils);
        assert_eq!(j["answer_form"], form, "{id}");
        // Every council's total adds up its sections.
        for c in j["councils"].as_array().unwrap() {
            let done: u64 = c["sections"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["done"].as_u64().unwrap())
                .sum();
            assert_eq!(done, c["total"]["done"].as_u64().unwrap());
            let not_done = c["not_done"].as_array().unwrap().len() as u64;
            assert_eq!(
                done + not_done + c["missing"].as_u64().unwrap(),
                items as u64,
                "{id}: every column accounted for"
            );
        }
        // Each item's rate is an independent count of its column.
        let text =
            std::fs::read_to_string(repo().join(format!("checklists/examples/{id}.csv"))).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
        for item in j["items"].as_array().unwrap() {
            let col = header
                .iter()
                .position(|h| *h == item["column"].as_str().unwrap())
                .unwrap();
            let done = rows
                .iter()
                .filter(|r| ["1", "✓", "はい"].contains(&r[col]))
                .count() as u64;
            assert_eq!(
                item["done"].as_u64().unwrap(),
                done,
                "{id} {}",
                item["column"]
            );
        }
        assert!(j["comparison"]["p"].is_f64());
    }
}

#[test]
fn every_format_renders_a_checklist_and_a_scale() {
    for format in ["text", "markdown", "csv", "html", "svg"] {
        for args in [
            vec![
                "checklist",
                "--checklist",
                "secondary-46",
                "--returns",
                "checklists/examples/secondary-46.csv",
                "--by",
                "uses_checklist",
            ],
            vec![
                "scale",
                "--items",
                "checklists/examples/secondary-46.csv",
                "--checklist",
                "secondary-46",
            ],
        ] {
            let out = renkei()
                .current_dir(repo())
                .args(&args)
                .args(["--format", format])
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            if format == "svg" && args[0] == "scale" {
                assert_eq!(out.status.code(), Some(2), "a scale has no chart: {err}");
                continue;
            }
            assert!(out.status.success(), "{args:?} {format}: {err}");
        }
    }
}

#[test]
fn scale_json_keeps_the_documented_keys_and_flags_short_sections() {
    let j = json(&[
        "scale",
        "--items",
        &path("checklists/examples/secondary-46.csv"),
        "--checklist",
        "secondary-46",
    ]);
    for key in ["alpha", "alpha_standardized", "omega_total", "n"] {
        assert!(j[key].is_number(), "{key}: {}", j[key]);
    }
    assert!(j["alpha_ci"]["lower"].is_number() && j["alpha_ci"]["upper"].is_number());
    assert!(
        j["items"][0]["name"].is_string()
            && j["items"][0]["item_rest_r"].is_number()
            && j["items"][0]["alpha_if_deleted"].is_number()
    );
    // Section 7 has one item: not computable, said so, never NaN.
    let seven = &j["sections"][6];
    assert_eq!(seven["few_items"], true);
    assert_eq!(seven["not_computable"]["reason"], "too-few-items");
    assert!(seven["alpha"].is_null());
}

fn refused(args: &[&str], expected: &[&str]) {
    let out = renkei().args(args).args(["--lang", "en"]).output().unwrap();
    assert_refused(&out, expected);
}

const DEF: &str = r#"{"id": "mini", "title": {"ja": "小", "en": "mini"}, "source": "test",
  "sections": [{"id": "1", "name": {"ja": "一", "en": "one"}, "items": [{"id": "1.1"}, {"id": "1.2"}, {"id": "1.3"}]}]}"#;

#[test]
fn bad_checklist_input_is_refused_with_its_place() {
    let (_d, def) = temp("mini.json", DEF);
    let (_r, bad_answer) = temp("a.csv", "council,1.1,1.2,1.3\nA,1,0,maybe\n");
    refused(
        &["checklist", "--checklist", &def, "--returns", &bad_answer],
        &["a.csv:2: column '1.3': value 'maybe'", "an answer"],
    );
    let (_r, missing) = temp("b.csv", "council,1.1,1.2\nA,1,0\n");
    refused(
        &["checklist", "--checklist", &def, "--returns", &missing],
        &["missing: 1.3"],
    );
    let (_r, extra) = temp("c.csv", "council,1.1,1.2,1.3,1.4\nA,1,0,1,1\n");
    refused(
        &["checklist", "--checklist", &def, "--returns", &extra],
        &["column '1.4'", "no such item"],
    );
    let (_r, twice) = temp("d.csv", "council,1.1,1.2,1.3\nA,1,0,1\nA,0,0,1\n");
    refused(
        &["checklist", "--checklist", &def, "--returns", &twice],
        &["d.csv:3", "line 2 has it too"],
    );
    let (_e, empty_section) = temp(
        "e.json",
        &DEF.replace(r#"[{"id": "1.1"}, {"id": "1.2"}, {"id": "1.3"}]"#, "[]"),
    );
    refused(
        &[
            "checklist",
            "--checklist",
            &empty_section,
            "--returns",
            &twice,
        ],
        &["at least one item"],
    );
    refused(
        &[
            "checklist",
            "--checklist",
            "no-such-list",
            "--returns",
            &twice,
        ],
        &["no checklist 'no-such-list'", "prefecture-32"],
    );
}

#[test]
fn scales_that_cannot_be_computed_say_why() {
    let (_a, one) = temp("one.csv", "q1,q2\n1,2\n2,3\n3,3\n");
    let j = json(&["scale", "--items", &one, "--columns", "q1"]);
    assert_eq!(j["not_computable"]["reason"], "too-few-items");
    let (_b, constant) = temp("const.csv", "q1,q2,q3\n1,2,5\n2,3,5\n3,3,5\n");
    let j = json(&["scale", "--items", &constant]);
    // A constant item is left out of α and named; the other two remain.
    assert_eq!(j["constant_items"], serde_json::json!(["q3"]));
    assert_eq!(j["k"], 2);
    assert!(j["alpha"].is_number(), "{j}");
    let (_e, all_constant) = temp("all.csv", "q1,q2\n5,1\n5,1\n5,1\n");
    let j = json(&["scale", "--items", &all_constant]);
    assert_eq!(j["not_computable"]["reason"], "too-few-items");
    assert_eq!(j["constant_items"], serde_json::json!(["q1", "q2"]));
    let (_c, sparse) = temp("sparse.csv", "q1,q2,q3\n1,,5\n,3,4\n3,3,\n");
    let j = json(&["scale", "--items", &sparse]);
    assert_eq!(j["not_computable"]["reason"], "too-few-respondents");
    let (_d, words) = temp("words.csv", "q1,q2,q3\n1,2,lots\n2,3,4\n");
    refused(
        &["scale", "--items", &words, "--columns", "q1,q2,q3"],
        &["words.csv:2: column 'q3': value 'lots'", "numeric answer"],
    );
    refused(
        &[
            "scale",
            "--items",
            &words,
            "--columns",
            "q1,q2",
            "--reverse",
            "q9",
        ],
        &["--reverse names 'q9'"],
    );
    refused(
        &["scale", "--items", &words, "--sections", "A q1,q2"],
        &["--sections takes"],
    );
}

/// A blank group cell is no group: the council is left out of the
/// comparisons and listed, never a third group "" (which turned the
/// Wilcoxon test into Kruskal–Wallis).
#[test]
fn a_blank_group_cell_is_no_group() {
    let text =
        std::fs::read_to_string(repo().join("checklists/examples/prefecture-32.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let col = header.iter().position(|h| *h == "uses_checklist").unwrap();
    let mut fields: Vec<String> = lines[1].split(',').map(String::from).collect();
    let council = fields[0].clone();
    fields[col].clear();
    lines[1] = fields.join(",");
    let (_d, path) = temp("blank.csv", &(lines.join("\n") + "\n"));
    let j = json(&[
        "checklist",
        "--checklist",
        "prefecture-32",
        "--returns",
        &path,
        "--by",
        "uses_checklist",
    ]);
    assert_eq!(j["comparison"]["test"], "wilcoxon", "{}", j["comparison"]);
    assert_eq!(j["without_group"], serde_json::json!([council]));
}

/// Full-width digits in item headers and answers (１．１, １) are the same
/// items and answers.
#[test]
fn full_width_items_and_answers_are_read() {
    let (_d, path) = temp(
        "fw.csv",
        "council,１．１,１．２,１．３\nA,１,０,１\nB,0,1,1\nC,1,1,0\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let def = dir.path().join("mini.json");
    std::fs::write(&def, DEF).unwrap();
    let j = json(&[
        "checklist",
        "--checklist",
        def.to_str().unwrap(),
        "--returns",
        &path,
    ]);
    assert_eq!(j["councils"].as_array().unwrap().len(), 3, "{j}");
}

/// Council profiles and section rates are drawn on one 0–100 % scale: a
/// council at 33 % no longer fills the chart's width.
#[test]
fn percent_charts_are_on_a_0_to_100_scale() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("c.xlsx");
    renkei()
        .current_dir(repo())
        .args([
            "checklist",
            "--checklist",
            "prefecture-32",
            "--returns",
            "checklists/examples/prefecture-32.csv",
            "-o",
        ])
        .arg(&xlsx)
        .assert()
        .success();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let names: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .filter(|n| n.starts_with("xl/charts/chart"))
        .collect();
    assert!(names.len() > 40);
    for name in names {
        let mut text = String::new();
        use std::io::Read;
        zip.by_name(&name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert!(
            text.contains("<c:min val=\"0\"/>") && text.contains("<c:max val=\"100\"/>"),
            "{name}"
        );
    }
}

/// Issue 34: the ICT checklist's respondents are municipalities, not
/// councils; sections are 大項目 (not 章); each group's column says its size.
#[test]
fn respondents_sections_and_group_sizes_are_named_as_they_are() {
    let out = renkei()
        .current_dir(repo())
        .args([
            "checklist",
            "--checklist",
            "ict-56",
            "--returns",
            "checklists/examples/ict-56.csv",
            "--by",
            "uses_checklist",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("150 自治体のチェックリスト"), "{text}");
    assert!(
        text.contains("自治体ごとの実施状況") && !text.contains("協議会"),
        "{text}"
    );
    assert!(
        text.contains("大項目ごとの実施率") && !text.contains("章"),
        "{text}"
    );
    assert!(
        text.contains("活用していない (n=80)") && text.contains("活用している (n=70)"),
        "{text}"
    );
}

/// Issue 34: each council's next steps — its items not done, with their
/// text and the 対応策例 the source prints (marked where the source is not
/// transcribed), and an empty 着手時期 to fill in — one sheet per council.
#[test]
fn each_council_gets_a_sheet_of_next_steps_with_the_measures() {
    use calamine::Reader;
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("c.xlsx");
    renkei()
        .current_dir(repo())
        .args([
            "checklist",
            "--checklist",
            "secondary-46",
            "--returns",
            "checklists/examples/secondary-46.csv",
            "-o",
        ])
        .arg(&xlsx)
        .assert()
        .success();
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let councils: Vec<String> = wb
        .sheet_names()
        .into_iter()
        .filter(|n| n.starts_with("圏域"))
        .collect();
    assert!(councils.len() > 10, "a sheet per council: {councils:?}");
    let mut measure_seen = false;
    let mut untranscribed_seen = false;
    for name in &councils {
        let sheet = wb.worksheet_range(name).unwrap();
        let rows: Vec<Vec<String>> = sheet
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        let header = rows
            .iter()
            .find(|r| r.iter().any(|c| c == "対応策例"))
            .expect("a header row");
        assert!(header.contains(&"着手時期".to_string()), "{header:?}");
        for r in &rows {
            if r.iter().any(|c| c == "1.3") {
                assert!(
                    r.iter().any(|c| c
                        == "要綱のほか、事前説明等で説明する。疑問点をあらかじめ確認しておく。"),
                    "{r:?}"
                );
                measure_seen = true;
            }
            // Items past the transcribed part say so instead of an invented text.
            if r.iter().any(|c| c.starts_with("9.")) {
                assert!(r.iter().any(|c| c == "(原典のこの部分は未転記)"), "{r:?}");
                untranscribed_seen = true;
            }
        }
    }
    assert!(measure_seen && untranscribed_seen);
    // Every sheet prints on A4, landscape, one page wide.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name.starts_with("xl/worksheets/sheet") {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut f, &mut xml).unwrap();
            assert!(
                xml.contains("paperSize=\"9\"") && xml.contains("orientation=\"landscape\""),
                "{name}"
            );
        }
    }
}

/// Issue 34: sub-items (1.2.1 …) are answers of their own. A file that
/// answers 1.2 by its sub-items scores 1.2 done when every sub-item is and
/// not done when any is not — the same councils and rates as the file that
/// answers 1.2 itself — and says so; sub-item columns beside the item's own
/// column are named as not used.
#[test]
fn sub_items_score_their_item() {
    let dir = tempfile::tempdir().unwrap();
    let original = repo().join("checklists/examples/secondary-46.csv");
    let text = std::fs::read_to_string(&original).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let j = header.iter().position(|h| *h == "1.2").unwrap();
    let mut by_subs = String::new();
    let mut both = String::new();
    let mut h = header.clone();
    h.splice(j..=j, ["1.2.1", "1.2.2", "1.2.3"]);
    by_subs.push_str(&(h.join(",") + "\n"));
    let mut h2 = header.clone();
    h2.splice(j + 1..j + 1, ["1.2.1"]);
    both.push_str(&(h2.join(",") + "\n"));
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        let done = f[j] == "✓";
        let subs = if done {
            ["✓", "✓", "✓"]
        } else {
            ["✓", "", "✓"]
        };
        let mut g = f.clone();
        g.splice(j..=j, subs);
        by_subs.push_str(&(g.join(",") + "\n"));
        let mut g2 = f.clone();
        g2.splice(j + 1..j + 1, ["✓"]);
        both.push_str(&(g2.join(",") + "\n"));
    }
    let run = |file: &std::path::Path, format: &str| {
        let out = renkei()
            .args([
                "checklist",
                "--checklist",
                "secondary-46",
                "--format",
                format,
                "--returns",
            ])
            .arg(file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let subs_path = dir.path().join("subs.csv");
    std::fs::write(&subs_path, by_subs).unwrap();
    let a: Value = serde_json::from_str(&run(&subs_path, "json")).unwrap();
    let b: Value = serde_json::from_str(&run(&original, "json")).unwrap();
    assert_eq!(a["councils"], b["councils"]);
    assert_eq!(a["items"], b["items"]);
    assert!(run(&subs_path, "text").contains("小項目の列から採点した項目: 1.2"));
    let both_path = dir.path().join("both.csv");
    std::fs::write(&both_path, both).unwrap();
    let said = run(&both_path, "text");
    assert!(
        said.contains("採点に使わなかった小項目の列: 1.2.1"),
        "{said}"
    );
}

/// Issue 34: rounds. The same councils checked at several handovers (dates
/// in 和暦): each council's previous and latest check are paired, and the
/// paired tests equal R's `mcnemar.test`, `binom.test` (Holm over items) and
/// `wilcox.test(paired = TRUE)` (Holm over sections) within 1e-9
/// (tests/reference/make_rounds.R). Rates across councils count each
/// council once, at its latest check; 着手時期 columns are carried through.
#[test]
fn rounds_are_paired_and_tested_as_r_tests_them() {
    let v = json(&[
        "checklist",
        "--checklist",
        "prefecture-32",
        "--returns",
        &path("checklists/examples/prefecture-32-rounds.csv"),
    ]);
    let r = &v["rounds"];
    assert_eq!(r["column"], "実施日");
    assert_eq!(r["ordered_by"], "dates");
    assert_eq!(r["paired_councils"], 34);
    assert_eq!(r["councils"].as_array().unwrap().len(), 47);
    assert_eq!(
        v["councils"].as_array().unwrap().len(),
        90,
        "every check listed"
    );
    // Each item's rate counts 47 councils (their latest checks), not 90 rows.
    for item in v["items"].as_array().unwrap() {
        let answered = item["answered"].as_u64().unwrap();
        assert!((44..=47).contains(&answered), "{item}");
    }
    let reference =
        std::fs::read_to_string(repo().join("tests/reference/checklist_rounds.tsv")).unwrap();
    let close = |got: &Value, want: &str, what: &str| {
        let want: f64 = want.parse().unwrap();
        let got = got.as_f64().unwrap_or_else(|| panic!("{what}: {got}"));
        assert!(
            (got - want).abs() <= 1e-9 * want.abs().max(1.0),
            "{what}: {got} vs R {want}"
        );
    };
    let mut items_seen = 0;
    let mut scores_seen = 0;
    for line in reference.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        match f[0] {
            "item" => {
                let item = r["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|i| i["column"] == f[1])
                    .unwrap();
                close(&item["test"]["statistic"], f[2], &format!("{} X²", f[1]));
                close(&item["test"]["p"], f[3], &format!("{} p", f[1]));
                close(&item["test"]["exact_p"], f[4], &format!("{} exact p", f[1]));
                close(&item["p_holm"], f[5], &format!("{} Holm", f[1]));
                items_seen += 1;
            }
            "score" => {
                let s = if f[1] == "total" {
                    &r["total"]
                } else {
                    r["sections"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|s| s["id"] == f[1])
                        .unwrap()
                };
                close(&s["test"]["v"], f[2], &format!("{} V", f[1]));
                close(&s["test"]["p"], f[3], &format!("{} p", f[1]));
                if f[5] != "NA" {
                    close(&s["p_holm"], f[5], &format!("{} Holm", f[1]));
                }
                assert_eq!(s["pairs"], 34);
                scores_seen += 1;
            }
            _ => {}
        }
    }
    assert_eq!((items_seen, scores_seen), (32, 7));
    // Items no council changed have no test and are left out of Holm.
    for item in r["items"].as_array().unwrap() {
        assert_eq!(item["test"].is_null(), item["p_holm"].is_null());
    }
    // 着手時期 from the returns: in the JSON and on the council's sheet.
    let aomori = v["councils"]
        .as_array()
        .unwrap()
        .iter()
        .rfind(|c| c["council"] == "青森県協議会")
        .unwrap();
    assert_eq!(aomori["round"], "令和8年6月22日");
    assert_eq!(aomori["starts"][0]["column"], "1.1");
    assert_eq!(aomori["starts"][0]["start"], "未定");
    let change = r["councils"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["council"] == "青森県協議会")
        .unwrap();
    assert_eq!(change["rounds"].as_array().unwrap().len(), 3);
    assert_eq!(change["change"]["from"], "令和7年7月1日");
    assert_eq!(change["change"]["newly_done"][0], "2.1");
}

/// The paired signed-rank test's exact path (no ties, no zeros) equals
/// `wilcox.test(x, y, paired = TRUE)` on ?wilcox.test's example.
#[test]
fn signed_rank_exact_path_matches_r() {
    use renkei::stats::paired::signed_rank;
    let reference =
        std::fs::read_to_string(repo().join("tests/reference/checklist_rounds.tsv")).unwrap();
    let row: Vec<&str> = reference
        .lines()
        .find(|l| l.starts_with("example\thollander-wolfe"))
        .unwrap()
        .split('\t')
        .collect();
    let x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30];
    // 3.14 is a score of the example, not π.
    #[allow(clippy::approx_constant)]
    let y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    let t = signed_rank(&y, &x).unwrap();
    assert!(t.exact);
    assert_eq!(t.v, row[2].parse::<f64>().unwrap());
    assert!((t.p - row[3].parse::<f64>().unwrap()).abs() < 1e-12);
}

/// A council twice in the same round is refused with both lines; twice
/// without a round column, as before.
#[test]
fn a_council_twice_in_one_round_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.csv");
    let text = std::fs::read_to_string(repo().join("checklists/examples/prefecture-32-rounds.csv"))
        .unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let second = lines[1].to_string();
    lines.push(&second);
    std::fs::write(&file, lines.join("\n")).unwrap();
    let out = renkei()
        .args(["checklist", "--checklist", "prefecture-32", "--returns"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(":92:") && err.contains("2 行目も同じ協議会の回「令和6年6月15日」"),
        "{err}"
    );
}

/// Every printed item text and 対応策例 has renkei's English translation,
/// and `--lang en` prints it (labelled as a translation) in the next steps.
#[test]
fn printed_texts_have_english_translations_used_by_lang_en() {
    for id in ["prefecture-32", "secondary-46", "ict-56"] {
        let text = std::fs::read_to_string(repo().join(format!("checklists/{id}.json"))).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        for section in v["sections"].as_array().unwrap() {
            for item in section["items"].as_array().unwrap() {
                for (ja, en) in [("text", "text_en"), ("measure", "measure_en")] {
                    let printed = item[ja].as_str().unwrap_or("");
                    let translated = item[en].as_str().unwrap_or("");
                    assert_eq!(
                        printed.is_empty(),
                        translated.is_empty(),
                        "{id} {} {ja}",
                        item["id"]
                    );
                    // A translation is English, not a copy of the Japanese.
                    assert!(
                        translated.is_ascii()
                            || translated.contains('⇒')
                            || translated.contains('–'),
                        "{id} {}",
                        item["id"]
                    );
                }
            }
        }
    }
    let out = renkei()
        .current_dir(repo())
        .args([
            "checklist",
            "--checklist",
            "secondary-46",
            "--returns",
            "checklists/examples/secondary-46.csv",
            "--lang",
            "en",
            "--format",
            "markdown",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    // Markdown keeps each text on one line (the terminal wraps long ones).
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Example measures (renkei's translation)"),
        "{text}"
    );
    assert!(
        text.contains(
            "Explain it in the council's rules and also, for example, in briefings beforehand."
        ),
        "{text}"
    );
}

/// `--radar` draws each council's section rates as a radar chart: in the
/// SVG a spoke per section and the council's outline on the 0–100 scale,
/// in the workbook a native Excel radar chart.
#[test]
fn radar_draws_each_councils_sections_as_a_radar_chart() {
    let dir = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        renkei()
            .current_dir(repo())
            .args([
                "checklist",
                "--checklist",
                "prefecture-32",
                "--returns",
                "checklists/examples/prefecture-32.csv",
                "--radar",
            ])
            .args(extra)
            .assert()
            .success();
    };
    let charts = dir.path().join("charts");
    run(&["--output-dir", charts.to_str().unwrap()]);
    let svg =
        std::fs::read_to_string(charts.join("02-北海道協議会__大項目ごとの実施率.svg")).unwrap();
    // Six sections: six spokes' labels and one outline with six points.
    for section in ["1. 協議会の適切な運営", "6. 公表、報告、コミュニケーション"]
    {
        assert!(svg.contains(section), "{section}");
    }
    let outline = svg
        .split("<polygon")
        .filter(|p| p.contains("fill-opacity"))
        .map(|p| {
            p.split("points=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string()
        })
        .collect::<Vec<_>>();
    assert_eq!(outline.len(), 1);
    assert_eq!(outline[0].split(' ').count(), 6);
    // The scale is 0–100 whatever the council's rates: the ring at 100.
    assert!(svg.contains(">\n100\n</text>"), "the ring at 100");
    let xlsx = dir.path().join("c.xlsx");
    run(&["-o", xlsx.to_str().unwrap()]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let radars = (0..zip.len())
        .filter(|&i| {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut text = String::new();
            name.starts_with("xl/charts/chart")
                && std::io::Read::read_to_string(&mut f, &mut text).is_ok()
                && text.contains("<c:radarChart>")
        })
        .count();
    assert_eq!(radars, 47, "a radar chart per council");
}
