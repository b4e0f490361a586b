//! The same returns in every supported encoding give the same table.

use crate::common::*;
use predicates::prelude::*;

fn counts(survey: &std::path::Path, extra: &[&str]) -> serde_json::Value {
    tab_json(survey, "town-industry", extra)["counts"].clone()
}

fn reference() -> serde_json::Value {
    counts(&shipped_survey(), &[])
}

#[test]
fn shift_jis() {
    let text = shipped_returns();
    let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!bad);
    let s = TempSurvey::new("r.csv", &bytes);
    assert_eq!(counts(s.path(), &[]), reference());
    assert_eq!(counts(s.path(), &["--encoding", "cp932"]), reference());
    // Forcing UTF-8 on Shift_JIS bytes names the first bad byte.
    tab_cmd("class")
        .args(["--lang", "en", "--encoding", "utf-8", "--survey"])
        .arg(s.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("r.csv:2: column 'byte 8'"))
        .stderr(predicate::str::contains("expected UTF-8 text"));
}

#[test]
fn utf8_with_bom() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(shipped_returns().as_bytes());
    let s = TempSurvey::new("r.csv", &bytes);
    assert_eq!(counts(s.path(), &[]), reference());
}

#[test]
fn utf16_tab_separated_as_excel_writes_unicode_text() {
    let text = shipped_returns().replace(',', "\t").replace('\n', "\r\n");
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let s = TempSurvey::new("r.txt", &bytes);
    assert_eq!(counts(s.path(), &[]), reference());
}

#[test]
fn json_returns() {
    let text = shipped_returns();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let records: Vec<serde_json::Value> = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            let mut m = serde_json::Map::new();
            for (h, v) in headers.iter().zip(r.iter()) {
                let value = match v.parse::<f64>() {
                    Ok(x) if h.starts_with("share") => serde_json::json!(x),
                    _ => serde_json::json!(v),
                };
                m.insert(h.to_string(), value);
            }
            serde_json::Value::Object(m)
        })
        .collect();
    let s = TempSurvey::new(
        "r.json",
        serde_json::to_string_pretty(&records).unwrap().as_bytes(),
    );
    assert_eq!(counts(s.path(), &[]), reference());
}

#[test]
fn returns_override_and_full_width_cells() {
    // Hand-typed cells: full-width digits, ideographic spaces, codes for answers.
    let csv = format!(
        "{FULL_HEADER}\n{}\n{}\n",
        full_row("A1,\u{3000}市,９５．０,７０,１"),
        full_row("A2,町,85%,50%,４")
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.csv");
    std::fs::write(&path, csv).unwrap();
    let out = tab_by("class")
        .arg(shipped_survey())
        .args(["--format", "json", "--returns"])
        .arg(&path)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        v["counts"],
        serde_json::json!([[0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 1, 0]])
    );
}

/// Issue 20: a Shift_JIS file with one bad byte pair is reported where that
/// pair is, as Shift_JIS text (it was reported as "not UTF-8" at the first
/// Japanese character).
#[test]
fn one_bad_pair_in_shift_jis_is_found_where_it_is() {
    let text = shipped_returns();
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let mut bytes = bytes.into_owned();
    // A lead byte followed by a byte no Shift_JIS character has as its
    // second, in the fifth line.
    let fifth = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(3)
        .map(|(i, _)| i + 1)
        .unwrap();
    bytes.splice(fifth..fifth, [0x81, 0x7F]);
    let s = TempSurvey::new("r.csv", &bytes);
    tab_cmd("class")
        .args(["--lang", "en", "--survey"])
        .arg(s.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("r.csv:5: column 'byte 1'"))
        .stderr(predicate::str::contains("expected Shift_JIS text"));
}

/// Excel's CSV export ends lines with CRLF: a bad value is reported on its
/// own line (it was one line short by line 100), in UTF-8, Shift_JIS and
/// UTF-16 alike, and in a plan as in returns.
#[test]
fn crlf_files_report_the_right_line() {
    let text = shipped_returns();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut fields: Vec<String> = lines[99].split(',').map(String::from).collect();
    fields[4] = "たまに".into();
    lines[99] = fields.join(",");
    let crlf = lines.join("\r\n") + "\r\n";
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&crlf);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(crlf.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    for bytes in [crlf.as_bytes().to_vec(), sjis.into_owned(), utf16] {
        let s = TempSurvey::new("r.csv", &bytes);
        let out = tab_cmd("class")
            .args(["--lang", "en", "--survey"])
            .arg(s.path())
            .output()
            .unwrap();
        assert_refused(
            &out,
            &["r.csv:100: column 'implementation': value 'たまに'"],
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.csv");
    std::fs::write(
        &plan,
        "id,item,sub,baseline,baseline_year,current,current_year,target,target_year\r\n\
         1,x,,ten,2010,12,2015,増加,2020\r\n",
    )
    .unwrap();
    let out = renkei()
        .args(["evaluate", "--lang", "en"])
        .arg(&plan)
        .output()
        .unwrap();
    assert_refused(&out, &["plan.csv:2: column 'baseline': value 'ten'"]);
}

/// A Shift_JIS CSV holds renkei's own characters as the forms CP932 has:
/// evaluate's reasons (≥), ratio's ranges of masked counts (–).
#[test]
fn shift_jis_csv_writes_renkei_s_own_characters() {
    let decode = |bytes: &[u8]| {
        let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(bytes);
        assert!(!bad);
        text.into_owned()
    };
    let runs: [(&[&str], &str); 2] = [
        (&["evaluate", "seeds/otaru-midterm.csv"], "≧"),
        (
            &[
                "ratio",
                "--study",
                "examples/ndb/study.csv",
                "--standard",
                "examples/ndb/standard.csv",
                "--masked",
                "bounds",
            ],
            "－",
        ),
    ];
    for (args, form) in runs {
        let out = renkei()
            .current_dir(repo())
            .args(args)
            .args(["--format", "csv", "--csv-encoding", "shift_jis"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(decode(&out.stdout).contains(form), "{args:?}");
    }
}

/// UTF-16 without its byte-order mark says so (it gave a field-count error).
#[test]
fn utf16_without_its_mark_is_named() {
    let text = shipped_returns();
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let s = TempSurvey::new("r.csv", &bytes);
    let out = tab_cmd("class")
        .args(["--lang", "en", "--survey"])
        .arg(s.path())
        .output()
        .unwrap();
    assert_refused(&out, &["r.csv:1", "looks like UTF-16 without one"]);
}
