//! Snapshots (insta) of every output format of `renkei reproduce` — 表3, 表4
//! and 表5 with their tests and verdicts — in Japanese and English, so that
//! a change of layout or wording shows in review as a diff of
//! `tests/it/snapshots/`. Timings are the only values that vary from run to
//! run; they are masked. Review a change with `cargo insta review` (or
//! accept it with `INSTA_UPDATE=always cargo test --test it snapshots::`).

use crate::common::*;
use calamine::{Reader, Xlsx, open_workbook};

/// `renkei reproduce` run from the repository top in one format and language.
fn reproduce(format: &str, lang: &str) -> String {
    let out = renkei()
        .current_dir(repo())
        .args(["reproduce", "--format", format, "--lang", lang])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Masks the exact test's run time, the one thing that varies.
fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        filters => vec![
            (r"\(\d+\.\d{3} s\)", "([seconds] s)"),
            (r#""seconds": [0-9.e-]+"#, r#""seconds": "[seconds]""#),
        ],
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn text() {
    snapshot("reproduce_text_ja", &reproduce("text", "ja"));
    snapshot("reproduce_text_en", &reproduce("text", "en"));
}

#[test]
fn markdown() {
    snapshot("reproduce_markdown_ja", &reproduce("markdown", "ja"));
    snapshot("reproduce_markdown_en", &reproduce("markdown", "en"));
}

#[test]
fn csv() {
    snapshot("reproduce_csv_ja", &reproduce("csv", "ja"));
    snapshot("reproduce_csv_en", &reproduce("csv", "en"));
}

#[test]
fn json() {
    snapshot("reproduce_json_ja", &reproduce("json", "ja"));
    snapshot("reproduce_json_en", &reproduce("json", "en"));
}

#[test]
fn svg() {
    snapshot("reproduce_svg_ja", &reproduce("svg", "ja"));
    snapshot("reproduce_svg_en", &reproduce("svg", "en"));
}

#[test]
fn html() {
    snapshot("reproduce_html_ja", &reproduce("html", "ja"));
    snapshot("reproduce_html_en", &reproduce("html", "en"));
}

/// The workbook as text: each sheet's name, then its cells row by row
/// (numbers as stored, so a percentage shows as its fraction).
fn workbook_text(lang: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tables.xlsx");
    renkei()
        .current_dir(repo())
        .args(["reproduce", "--lang", lang, "-o"])
        .arg(&path)
        .assert()
        .success();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let mut out = String::new();
    for name in wb.sheet_names() {
        out.push_str(&format!("== {name}\n"));
        let range = wb.worksheet_range(&name).unwrap();
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
            out.push_str(cells.join(" | ").trim_end_matches([' ', '|']));
            out.push('\n');
        }
    }
    out
}

#[test]
fn xlsx() {
    snapshot("reproduce_xlsx_ja", &workbook_text("ja"));
    snapshot("reproduce_xlsx_en", &workbook_text("en"));
}

/// Every other command (`reproduce` above; `report` is HTML and a workbook
/// of the same sections) in text, Markdown, CSV and JSON, in Japanese and
/// English: one snapshot per command and language.
#[test]
fn every_analysis() {
    // Inside the build's own folder, so that the returns' path init writes
    // (relative to its output when the two share a folder) is the same
    // wherever the repository is cloned.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let temp = dir.path().display().to_string();
    for run in every_command(dir.path()) {
        if matches!(run.command, "reproduce" | "report") {
            continue;
        }
        for lang in ["ja", "en"] {
            let mut all = String::new();
            for format in ["text", "markdown", "csv", "json"] {
                let out = renkei()
                    .current_dir(repo())
                    .args(&run.args)
                    .args(["--format", format, "--lang", lang])
                    .output()
                    .unwrap();
                assert!(
                    out.status.code().is_some_and(|c| c <= 1),
                    "{:?}: {}",
                    run.args,
                    String::from_utf8_lossy(&out.stderr)
                );
                let text = String::from_utf8(out.stdout)
                    .unwrap()
                    .replace(&temp, "[tmp]")
                    .replace(&repo().display().to_string(), "[repo]");
                all.push_str(&format!("===== {format}\n{text}\n"));
            }
            snapshot(&format!("{}_{lang}", run.command), &all);
        }
    }
}
