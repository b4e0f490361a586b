//! `renkei init` proposes a definition that loads and tabulates the returns
//! it came from; it does not replace a definition without --force.

use crate::common::*;
use serde_json::Value;

#[test]
fn init_proposes_a_definition_that_reads_its_returns() {
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("returns.csv");
    std::fs::write(&returns, shipped_returns()).unwrap();
    let out = renkei()
        .args(["init", "--lang", "en", "--returns"])
        .arg(&returns)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("question 'partner': multiple answers (6 option columns of 0/1)"),
        "{text}"
    );
    assert!(text.contains("unit column population: 'population'"));
    let def: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("survey.json")).unwrap())
            .unwrap();
    assert_eq!(def["returns"], "returns.csv");
    assert_eq!(def["$schema"], "survey.schema.json");
    assert!(dir.path().join("survey.schema.json").exists());
    // The proposed definition tabulates: every unit counted as in the shipped survey.
    let tab =
        |survey: &std::path::Path, question: &str| question_json(survey, question, "class", &[]);
    let proposed = tab(dir.path(), "implementation");
    let shipped = tab(&shipped_survey(), "implementation");
    assert_eq!(proposed["column_totals"], shipped["column_totals"]);
    assert_eq!(proposed["total"], 113);
    // The groupings init proposes from the prefecture and population columns.
    for by in [
        "prefecture",
        "city-population",
        "town-population",
        "city-ruiji",
        "town-ruiji",
    ] {
        let v = tab_json(dir.path(), by, &[]);
        assert!(v["total"].as_u64().unwrap() > 0, "{by}");
    }
    let partners = tab(dir.path(), "partner");
    assert_eq!(
        partners["respondents"],
        tab(&shipped_survey(), "partners")["respondents"]
    );
    // No silent replacement.
    let again = renkei()
        .args(["init", "--lang", "en", "--returns"])
        .arg(&returns)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));
}

/// `renkei init` on a returns file of `text`: the directory it wrote, the
/// definition as JSON and what it printed (the directory lives as long as
/// the first value).
fn init_on(
    text: &str,
) -> (
    tempfile::TempDir,
    std::path::PathBuf,
    serde_json::Value,
    String,
) {
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("r.csv");
    std::fs::write(&returns, text).unwrap();
    let out = dir.path().join("o");
    let run = renkei()
        .args(["init", "--returns"])
        .arg(&returns)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let def =
        serde_json::from_str(&std::fs::read_to_string(out.join("survey.json")).unwrap()).unwrap();
    (dir, out, def, String::from_utf8(run.stdout).unwrap())
}

/// A no-answer marker among a column's values (無回答, NA) is not proposed as
/// a category: as both a category and a marker, init wrote a definition it
/// then refused (an internal error, exit 3).
#[test]
fn no_answer_markers_are_not_categories() {
    let (_dir, out, def, _) =
        init_on("id,class,q1\na,市,はい\nb,町,いいえ\nc,村,無回答\nd,市,NA\n");
    let q1 = def["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "q1")
        .unwrap();
    let codes: Vec<&str> = q1["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["いいえ", "はい"]);
    // And the definition it wrote is read as it stands.
    renkei()
        .args(["tab", "--survey"])
        .arg(&out)
        .args(["--question", "q1", "--by", "class"])
        .assert()
        .success();
}

/// Multiple-answer columns keep every option, whatever its name holds
/// (`p_a・b` was dropped: the stem was cut at its last 「・」), and an
/// option is labelled by its own name, not the whole header.
#[test]
fn every_option_of_a_multiple_answer_question_is_kept() {
    let (_dir, _, def, _) = init_on(
        "id,class,問3 連携機関_協会けんぽ,問3 連携機関_商工会議所・商工会,問3 連携機関_労働基準監督署\n\
         a,市,1,0,1\nb,町,0,1,0\nc,村,1,1,0\n",
    );
    let q = &def["questions"][0];
    assert_eq!(q["type"], "multiple");
    assert_eq!(q["id"], "問3 連携機関");
    let labels: Vec<&str> = q["categories"]
        .as_array()
        .unwrap()
        .iter()
        // A label init reads from the file is in its one language: plain text.
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["協会けんぽ", "商工会議所・商工会", "労働基準監督署"]
    );
}

/// Headers as survey sheets print them: the unit's name (市町村名) as its id,
/// and a population or share with a bracketed note (人口（令和2年国勢調査）,
/// 第3次産業就業者比率(%)) in its role — not proposed as questions of 26–30
/// categories.
#[test]
fn unit_columns_with_notes_in_their_headers() {
    let (_dir, out, def, _) = init_on(
        "市町村名,区分,人口（令和2年国勢調査）,第2次・第3次産業就業者比率(%),第3次産業就業者比率(%),q1\n\
         A市,市,120000,95.1,70.2,はい\nB町,町,8000,80.5,55.0,いいえ\nC村,村,1200,70.0,40.0,はい\n",
    );
    let u = &def["unit_columns"];
    assert_eq!(u["id"], "市町村名");
    assert_eq!(u["population"], "人口（令和2年国勢調査）");
    assert_eq!(
        u["share_secondary_tertiary"],
        "第2次・第3次産業就業者比率(%)"
    );
    assert_eq!(u["share_tertiary"], "第3次産業就業者比率(%)");
    let questions: Vec<&str> = def["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    assert_eq!(questions, ["q1"]);
    renkei()
        .args(["tab", "--survey"])
        .arg(&out)
        .args(["--question", "q1", "--by", "class"])
        .assert()
        .success();
}

/// Measurements are not proposed as questions (a rate with decimals, a count
/// of many values), a 1–5 scale is; a 都道府県 grouping only where the file
/// has two prefectures or more (one makes an untestable one-column table).
#[test]
fn measurements_and_a_single_prefecture_are_not_proposed() {
    let mut text = String::from("id,class,都道府県,受診率,職員数,満足度,備考\n");
    for i in 0..14 {
        text.push_str(&format!(
            "u{i},{},北海道,{}.{},{},{},{}\n",
            ["市", "町", "村"][i % 3],
            30 + i,
            i % 10,
            5 + i,
            1 + i % 5,
            // Free text: each unit writes its own.
            if i % 2 == 0 {
                format!("第{i}回の協議会で検討中")
            } else {
                String::new()
            }
        ));
    }
    let (_dir, _, def, said) = init_on(&text);
    let questions: Vec<&str> = def["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    assert_eq!(questions, ["満足度"]);
    assert!(
        def["groupings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["id"] != "prefecture"),
        "one prefecture: no grouping by it"
    );
    assert!(
        said.contains("受診率") && said.contains("職員数") && said.contains("備考"),
        "skipped columns are named: {said}"
    );
}

/// Issue 35's new-user workbook: a 記入要領 sheet first, a title row and a
/// note above the headers, Japanese headers, 無回答, a 複数回答 group with
/// 「・」 in an option, population and share columns. `init` reads the
/// second sheet from its third row and says so; its definition holds the
/// sheet, the header row and the returns' path relative to it, one-language
/// labels, the population as a unit column, all six options and only
/// groupings that can be tested; `report` runs on it with no edit.
#[test]
fn a_real_workbook_goes_from_init_to_report_without_edits() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("data").join("回答.xlsx");
    std::fs::create_dir_all(book.parent().unwrap()).unwrap();
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet().set_name("記入要領").unwrap();
    notes.write_string(0, 0, "記入要領").unwrap();
    notes
        .write_string(1, 0, "1. 各設問に回答してください。")
        .unwrap();
    notes
        .write_string(2, 0, "2. 該当するものすべてに 1 を入れてください。")
        .unwrap();
    let sheet = wb.add_worksheet().set_name("回答").unwrap();
    sheet
        .write_string(0, 0, "令和6年度 地域・職域連携に関する調査（A県）")
        .unwrap();
    sheet.write_string(1, 0, "※ 人口は令和2年国勢調査").unwrap();
    let options = [
        "協会けんぽ",
        "商工会議所・商工会",
        "労働基準監督署",
        "産業保健総合支援センター",
        "健康保険組合",
        "事業所",
    ];
    let mut headers = vec![
        "市町村名".to_string(),
        "区分".into(),
        "人口（令和2年国勢調査）".into(),
        "第2次・第3次産業就業者比率(%)".into(),
        "第3次産業就業者比率(%)".into(),
        "問1 実施状況".into(),
    ];
    headers.extend(options.iter().map(|o| format!("問2 連携機関_{o}")));
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(2, c as u16, h).unwrap();
    }
    let status = [
        "積極的に実施",
        "職域から希望があれば実施",
        "未実施",
        "無回答",
    ];
    let classes = ["市", "町", "村"];
    for i in 0..30u32 {
        let row = 3 + i;
        sheet.write_string(row, 0, format!("第{i}町")).unwrap();
        sheet
            .write_string(row, 1, classes[(i % 3) as usize])
            .unwrap();
        sheet
            .write_number(row, 2, 3000.0 + 1537.0 * f64::from(i))
            .unwrap();
        sheet
            .write_number(row, 3, 70.0 + f64::from(i % 25))
            .unwrap();
        sheet
            .write_number(row, 4, 45.0 + f64::from((i * 7) % 30))
            .unwrap();
        sheet
            .write_string(row, 5, status[(i % 4) as usize])
            .unwrap();
        for (k, _) in options.iter().enumerate() {
            let marked = (i as usize + k).is_multiple_of(3);
            sheet
                .write_number(row, 6 + k as u16, if marked { 1.0 } else { 0.0 })
                .unwrap();
        }
    }
    wb.save(&book).unwrap();

    let out = dir.path().join("survey");
    let run = renkei()
        .args(["init", "--returns"])
        .arg(&book)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        said.contains("シート「回答」の 3 行目を見出しとして読んだ")
            && said.contains("シート「記入要領」には表がないので飛ばした")
            && said.contains("1・2 行目 (表題・注記) は読まない"),
        "{said}"
    );
    let def: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("survey.json")).unwrap()).unwrap();
    assert_eq!(def["sheet"], "回答");
    assert_eq!(def["header_row"], 3);
    assert_eq!(def["returns"], "../data/回答.xlsx");
    assert_eq!(def["unit_columns"]["id"], "市町村名");
    assert_eq!(def["unit_columns"]["population"], "人口（令和2年国勢調査）");
    assert_eq!(
        def["unit_columns"]["share_tertiary"],
        "第3次産業就業者比率(%)"
    );
    let questions = def["questions"].as_array().unwrap();
    let multiple = questions.iter().find(|q| q["type"] == "multiple").unwrap();
    let labels: Vec<&str> = multiple["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, options);
    let single = questions
        .iter()
        .find(|q| q["id"] == "問1 実施状況")
        .unwrap();
    assert!(single["label"].is_string(), "{single}");
    assert!(
        !single["categories"].to_string().contains("無回答"),
        "{single}"
    );
    assert!(
        !def["groupings"].to_string().contains("prefecture"),
        "one prefecture: no prefecture grouping"
    );

    let report = dir.path().join("report.html");
    let run = renkei()
        .args(["report", "--survey"])
        .arg(&out)
        .arg("-o")
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("問1 実施状況") && html.contains("商工会議所・商工会"));
}
