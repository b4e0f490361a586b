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
    let mut text = String::from("id,class,都道府県,受診率,職員数,満足度\n");
    for i in 0..14 {
        text.push_str(&format!(
            "u{i},{},北海道,{}.{},{},{}\n",
            ["市", "町", "村"][i % 3],
            30 + i,
            i % 10,
            5 + i,
            1 + i % 5
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
        said.contains("受診率") && said.contains("職員数"),
        "skipped columns are named: {said}"
    );
}
