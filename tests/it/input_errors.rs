//! Bad input: each problem gives file, line, column, value and what was
//! expected; exit code 2; nothing on stdout; never a panic.

use crate::common::*;
use predicates::prelude::*;

/// Runs `tab` on a temporary survey whose returns are `bytes` and checks
/// that it fails with exit 2, an empty stdout and every `needles` in stderr.
fn fails_with(name: &str, bytes: &[u8], needles: &[&str]) {
    let s = TempSurvey::new(name, bytes);
    let out = tab_cmd("class")
        .args(["--lang", "en", "--survey"])
        .arg(s.path())
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty());
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    for n in needles {
        assert!(err.contains(n), "missing {n:?} in\n{err}");
    }
}

#[test]
fn unknown_answer_label() {
    fails_with(
        "r.csv",
        small_csv(&["A5,市,95.0,70.0,たまに実施"]).as_bytes(),
        &[
            "r.csv:6: column 'implementation': value 'たまに実施'",
            "expected an answer to 'implementation'",
            "1 (積極的に実施)",
        ],
    );
}

#[test]
fn unknown_class() {
    fails_with(
        "r.csv",
        small_csv(&["A5,市町,95.0,70.0,1"]).as_bytes(),
        &[
            "r.csv:6: column 'class': value '市町'",
            "expected a municipality class, one of 特別区",
        ],
    );
}

#[test]
fn share_out_of_range_or_not_a_number() {
    fails_with(
        "r.csv",
        small_csv(&["A5,市,101.5,70.0,1"]).as_bytes(),
        &[
            "r.csv:6: column 'share_secondary_tertiary': value '101.5'",
            "from 0 to 100",
        ],
    );
    fails_with(
        "r.csv",
        small_csv(&["A5,市,95.0,abc,1"]).as_bytes(),
        &[
            "r.csv:6: column 'share_tertiary': value 'abc'",
            "a percentage from 0 to 100",
        ],
    );
}

#[test]
fn secondary_tertiary_smaller_than_tertiary() {
    fails_with(
        "r.csv",
        small_csv(&["A5,市,60.0,70.0,1"]).as_bytes(),
        &[
            "r.csv:6: column 'share_tertiary': value '70.0'",
            "at least the Ⅲ次 share",
        ],
    );
}

#[test]
fn duplicate_unit_id() {
    fails_with(
        "r.csv",
        small_csv(&["A2,市,95.0,70.0,1"]).as_bytes(),
        &[
            "r.csv:6: column 'unit_id': value 'A2'",
            "already used on line 3",
        ],
    );
}

#[test]
fn missing_required_column() {
    fails_with(
        "r.csv",
        "unit_id,class,share_secondary_tertiary,share_tertiary\nA1,市,95,70\n".as_bytes(),
        &[
            "r.csv:1: column 'implementation'",
            "the header has: unit_id, class",
        ],
    );
}

#[test]
fn bad_check_digit() {
    let edit = |mut d: serde_json::Value| {
        d["unit_columns"]["code"] = "code".into();
        d
    };
    let csv =
        format!("{HEADER},code\nA1,特別区,95.0,70.0,1,131016\nA2,特別区,95.0,70.0,1,131017\n");
    let s = TempSurvey::with_definition("r.csv", csv.as_bytes(), edit);
    renkei()
        .args(["classify", "--lang", "en", "--survey"])
        .arg(s.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "r.csv:3: column 'code': value '131017'",
        ))
        .stderr(predicate::str::contains("the first five digits give 6"));
    // A code that does not fit the class is named too.
    let csv = format!("{HEADER},code\nA1,町,95.0,70.0,1,131016\n");
    let s = TempSurvey::with_definition("r.csv", csv.as_bytes(), edit);
    renkei()
        .args(["classify", "--lang", "en", "--survey"])
        .arg(s.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a code that fits the class town (its municipality part 101 is a ward's",
        ));
    // Valid codes pass and are shown.
    let csv = format!(
        "{HEADER},code\nA1,特別区,95.0,70.0,1,131016\nA2,政令市,95.0,70.0,1,011002\nA3,行政区,95.0,70.0,1,271403\n"
    );
    let s = TempSurvey::with_definition("r.csv", csv.as_bytes(), edit);
    renkei()
        .args(["classify", "--lang", "en", "--survey"])
        .arg(s.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("011002"));
}

#[test]
fn empty_file_and_header_only() {
    fails_with(
        "r.csv",
        b"",
        &["r.csv: expected a header row and at least one record; the file is empty"],
    );
    fails_with(
        "r.csv",
        format!("{HEADER}\n").as_bytes(),
        &["r.csv:2", "at least one record"],
    );
}

#[test]
fn wrong_encoding() {
    // Bytes that are neither UTF-8 nor Shift_JIS.
    let mut bytes = small_csv(&[]).into_bytes();
    bytes.extend_from_slice(b"A5,\xFF\xFE,95.0,70.0,1\n");
    fails_with("r.csv", &bytes, &["r.csv:6", "byte 4", "0xFF", "neither"]);
}

#[test]
fn ragged_row() {
    fails_with(
        "r.csv",
        small_csv(&["A5,市,95.0"]).as_bytes(),
        &["r.csv:6", "5 fields as in the header", "3 fields"],
    );
}

#[test]
fn all_problems_are_reported_together() {
    fails_with(
        "r.csv",
        small_csv(&["A5,市町,95.0,70.0,1", "A6,市,95.0,70.0,9"]).as_bytes(),
        &[
            "2 problems in the input",
            "r.csv:6",
            "r.csv:7: column 'implementation': value '9'",
        ],
    );
}

#[test]
fn bad_json_returns() {
    fails_with(
        "r.json",
        "[\n{\"unit_id\": \"A1\", \"class\": \"市\"\n".as_bytes(),
        &[
            "r.json:3",
            "expected valid JSON (EOF while parsing an object)",
        ],
    );
    fails_with(
        "r.json",
        "[\n {\"unit_id\": \"A1\", \"class\": \"市\", \"share_secondary_tertiary\": 95, \"share_tertiary\": 70, \"implementation\": 1},\n {\"unit_id\": \"A2\", \"class\": \"県\", \"share_secondary_tertiary\": 95, \"share_tertiary\": 70, \"implementation\": 1}\n]".as_bytes(),
        &["r.json:3: column 'class': value '県'"],
    );
}

#[test]
fn bad_survey_definition() {
    let s = TempSurvey::with_definition("r.csv", small_csv(&[]).as_bytes(), |mut d| {
        d["groupings"][1]["levels"] = serde_json::json!([1, 2, 7]);
        d
    });
    tab_cmd("class")
        .args(["--lang", "en", "--survey"])
        .arg(s.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "survey.json: column 'groupings[1].levels': value '7': expected industry codes 0–3",
        ));
    let s = TempSurvey::with_definition("r.csv", small_csv(&[]).as_bytes(), |mut d| {
        d["questionz"] = serde_json::json!([]);
        d
    });
    tab_cmd("class")
        .args(["--lang", "en", "--survey"])
        .arg(s.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field `questionz`"));
}

#[test]
fn missing_files() {
    tab_cmd("class")
        .args(["--survey", "/nonexistent/survey"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/survey/survey.json"));
}

#[test]
fn bad_flags_are_usage_errors() {
    renkei().args(["tab", "--nope"]).assert().code(2);
    renkei()
        .args(["reproduce", "--encoding", "latin1"])
        .assert()
        .code(2);
}

/// Runs `tab` in English on the shipped definition as `edit` changes it.
fn definition_error(edit: impl FnOnce(serde_json::Value) -> serde_json::Value) -> String {
    let s = TempSurvey::with_definition("r.csv", small_csv(&[]).as_bytes(), edit);
    let out = tab_cmd("class")
        .args(["--lang", "en", "--survey"])
        .arg(s.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).unwrap()
}

/// Issue 20: definitions that cannot mean what they say are refused, each
/// with the place and what to write (they were accepted).
#[test]
fn definitions_that_cannot_mean_what_they_say() {
    let err = definition_error(|mut d| {
        d["groupings"][1]["levels"] = serde_json::json!([1, 2, 2]);
        d
    });
    assert!(
        err.contains(
            "column 'groupings[1].levels': value '2': expected levels that each appear once"
        ),
        "{err}"
    );
    let err = definition_error(|mut d| {
        d["groupings"][1]["levels"] = serde_json::json!([]);
        d
    });
    assert!(err.contains("expected at least one level"), "{err}");
    let err = definition_error(|mut d| {
        d["unit_columns"]["share_tertiary"] = d["unit_columns"]["share_secondary_tertiary"].clone();
        d
    });
    assert!(
        err.contains("column 'unit_columns.share_tertiary'"),
        "{err}"
    );
    assert!(
        err.contains("a column other than share_secondary_tertiary's"),
        "{err}"
    );
    let err = definition_error(|mut d| {
        d["missing_values"] = serde_json::json!(["4"]);
        d
    });
    assert!(
        err.contains(
            "column 'missing_values': value '4': expected no-answer markers that are not answers"
        ),
        "{err}"
    );
    let err = definition_error(|mut d| {
        d["questions"][0]["categories"][0]["code"] = "".into();
        d
    });
    assert!(
        err.contains(
            "column 'questions[0].categories[0].code': value '': expected a value that is not empty"
        ),
        "{err}"
    );
    let err = definition_error(|mut d| {
        d["industry_thresholds"] = serde_json::json!({
            "city": {"secondary_tertiary": 90, "tertiary_high": 50, "tertiary_low": 55},
            "town": {"secondary_tertiary": 80, "tertiary": 60}
        });
        d
    });
    assert!(
        err.contains("value '50': expected a value of at least tertiary_low (55)"),
        "{err}"
    );
}

/// Issue 20: a category whose Japanese and English labels are the same
/// (`NPO`) is valid (it was refused as indistinct).
#[test]
fn a_label_the_same_in_both_languages_is_valid() {
    let s = TempSurvey::with_definition("r.csv", small_csv(&[]).as_bytes(), |mut d| {
        d["questions"][0]["categories"][2]["label"] = serde_json::json!({"ja": "NPO", "en": "NPO"});
        d
    });
    tab_by("class").arg(s.path()).assert().success();
}

/// Issue 35: a definition may write its labels in one language, as plain
/// text; in English output they are shown as written, and a note says so
/// once.
#[test]
fn labels_in_one_language_are_shown_as_written() {
    let s = TempSurvey::with_definition("r.csv", small_csv(&[]).as_bytes(), |mut d| {
        d["title"] = "市区町村調査".into();
        d["questions"][0]["label"] = "実施状況".into();
        d["groupings"][1]["label"] = "都市の類型".into();
        d
    });
    let ja = tab_by("class").arg(s.path()).output().unwrap();
    assert!(
        ja.status.success(),
        "{}",
        String::from_utf8_lossy(&ja.stderr)
    );
    let text = String::from_utf8(ja.stdout).unwrap();
    assert!(
        text.contains("実施状況 × 市区町村別") && text.contains("積極的"),
        "{text}"
    );
    assert!(ja.stderr.is_empty());
    let en = tab_cmd("class")
        .args(["--lang", "en", "--survey"])
        .arg(s.path())
        .output()
        .unwrap();
    assert!(en.status.success());
    let text = String::from_utf8(en.stdout).unwrap();
    assert!(text.contains("実施状況 × by municipality class"), "{text}");
    let note = String::from_utf8(en.stderr).unwrap();
    assert_eq!(note.matches("in one language only").count(), 1, "{note}");
    assert!(note.contains("'市区町村調査'"), "{note}");
    // Written back (as init and the app write definitions), a label in one
    // language stays plain text.
    let def = renkei::input::survey::Survey::load(s.path())
        .unwrap()
        .definition;
    let json = serde_json::to_value(&def).unwrap();
    assert_eq!(json["questions"][0]["label"], "実施状況");
    assert_eq!(json["groupings"][0]["label"]["en"], "by municipality class");
}

/// `classify` in English on returns with a code column (the rows given),
/// which must be refused (exit 2).
fn classify_with_codes(rows: &[&str]) -> assert_cmd::assert::Assert {
    let edit = |mut d: serde_json::Value| {
        d["unit_columns"]["code"] = "code".into();
        d
    };
    let csv = format!("{HEADER},code\n{}\n", rows.join("\n"));
    let s = TempSurvey::with_definition("r.csv", csv.as_bytes(), edit);
    renkei()
        .args(["classify", "--lang", "en", "--survey"])
        .arg(s.path())
        .assert()
        .code(2)
}

/// Issue 20: two returns with one 全国地方公共団体コード are one
/// municipality counted twice (both were counted).
#[test]
fn two_returns_with_one_code() {
    classify_with_codes(&["A1,特別区,95.0,70.0,1,131016", "A2,特別区,95.0,70.0,1,131016"])
        .stderr(predicate::str::contains(
            "r.csv:3: column 'code': value '131016': expected a 全国地方公共団体コード of its own; the unit on line 2 has it too",
        ));
}

/// Issue 20: a definition's error says which field and what to write there,
/// not a Rust type ("expected struct Label").
#[test]
fn definition_errors_say_what_to_write() {
    let err = definition_error(|mut d| {
        d["title"] = 5.into();
        d
    });
    assert!(err.contains("column 'title'"), "{err}");
    assert!(
        err.contains(
            "a label: text in one language (\"実施状況\"), or both languages ({\"ja\": \"…\", \"en\": \"…\"})"
        ),
        "{err}"
    );
    assert!(!err.contains("struct"), "{err}");
    let err = definition_error(|mut d| {
        d["questions"][0]["categories"][1]["label"] = serde_json::json!(["x"]);
        d
    });
    assert!(
        err.contains("column 'questions[0].categories[1].label'"),
        "{err}"
    );
}

/// Issue 20: an error shows invisible characters escaped (a zero-width
/// space made `町` look valid; a NUL was echoed raw) and cuts long values
/// (a 300 KB value was printed whole).
#[test]
fn values_in_errors_are_visible_and_short() {
    fails_with(
        "r.csv",
        small_csv(&["A5,町\u{200B},95.0,70.0,1", "A6,市,95.0,70.0,\u{0}x"]).as_bytes(),
        &["value '町\\u{200B}'", "value '\\u{0000}x'"],
    );
    let long = "あ".repeat(100_000);
    let s = TempSurvey::new(
        "r.csv",
        small_csv(&[&format!("A5,市,95.0,70.0,{long}")]).as_bytes(),
    );
    let out = tab_cmd("class")
        .args(["--lang", "en", "--survey"])
        .arg(s.path())
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("… (100000 characters)"),
        "{}",
        &err[..err.len().min(300)]
    );
    assert!(err.len() < 2_000, "the error is {} bytes", err.len());
}

/// Issue 20: a file with classic Mac line ends (CR alone) gives each error
/// its own line (every error was on line 1).
#[test]
fn lines_ending_in_cr_alone_are_counted() {
    fails_with(
        "r.csv",
        small_csv(&["A5,県,95.0,70.0,1"])
            .replace('\n', "\r")
            .as_bytes(),
        &["r.csv:6: column 'class': value '県'"],
    );
}

/// Issue 20: a JSON record with a key given twice, or lacking a key every
/// other record has (misspelt), is an error (the last value won; the unit
/// became 無回答).
#[test]
fn json_records_with_a_repeated_or_misspelt_key() {
    let unit = |id: &str, key: &str| {
        format!(
            "{{\"unit_id\": \"{id}\", \"class\": \"市\", \"share_secondary_tertiary\": 95, \"share_tertiary\": 70, \"{key}\": \"1\"}}"
        )
    };
    let twice = format!(
        "[\n{},\n{{\"unit_id\": \"B\", \"class\": \"市\", \"class\": \"町\", \"share_secondary_tertiary\": 95, \"share_tertiary\": 70, \"implementation\": \"1\"}}\n]",
        unit("A", "implementation")
    );
    fails_with(
        "r.json",
        twice.as_bytes(),
        &["r.json:3: column 'class': expected a key given once in the record"],
    );
    let misspelt = format!(
        "[\n{},\n{},\n{},\n{}\n]",
        unit("A", "implementation"),
        unit("B", "implementation"),
        unit("C", "implementaton"),
        unit("D", "implementation")
    );
    fails_with(
        "r.json",
        misspelt.as_bytes(),
        &[
            "r.json:4: expected the key 'implementation' that every other record has (this one lacks it: is it misspelt here?)",
        ],
    );
}

/// Issue 20: an unbalanced quote is named as such on its line (it was
/// reported as a field-count mismatch), and an empty line inside the
/// returns is reported with the blank rows (it was skipped without a word).
#[test]
fn an_unbalanced_quote_and_an_empty_line() {
    fails_with(
        "r.csv",
        small_csv(&["A5,\"市,95.0,70.0,1", "A6,町,85.0,50.0,2"]).as_bytes(),
        &["r.csv:6: expected a closing quote"],
    );
    let csv = small_csv(&[]).replacen("A3,", "\nA3,", 1);
    let s = TempSurvey::new("r.csv", csv.as_bytes());
    let v = tab_json(s.path(), "class", &[]);
    assert_eq!(
        v["units"]["blank_lines"],
        serde_json::json!([4]),
        "{}",
        v["units"]
    );
    assert_eq!(v["units"]["read"], 4);
}

/// Text after a definition's object (a second object pasted below, a stray
/// brace) is refused with its line, not ignored.
#[test]
fn text_after_a_definition_is_refused() {
    let s = TempSurvey::with_full_definition("returns.csv", shipped_returns().as_bytes(), |d| d);
    let path = s.path().join("survey.json");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("{\"id\": \"second\"}\n");
    std::fs::write(&path, &text).unwrap();
    let lines = text.lines().count();
    let out = tab_by("class")
        .arg(s.path())
        .args(["--lang", "en"])
        .output()
        .unwrap();
    assert_refused(
        &out,
        &[&format!(
            "survey.json:{lines}: expected nothing after the closing '}}'"
        )],
    );
}
