//! No command writes over a file it read, whatever `--force` says, and a
//! command refuses an output it cannot make before it writes anything.

use crate::common::*;

#[test]
fn report_never_writes_over_the_returns_or_the_definition() {
    let s = TempSurvey::with_full_definition("returns.csv", shipped_returns().as_bytes(), |d| d);
    let before = std::fs::read(s.returns("returns.csv")).unwrap();
    for target in ["returns.csv", "survey.json"] {
        let out = renkei()
            .args(["report", "--force", "--lang", "en", "--survey"])
            .arg(s.path())
            .arg("-o")
            .arg(s.path().join(target))
            .output()
            .unwrap();
        assert_refused(&out, &["is an input this command read"]);
    }
    assert_eq!(std::fs::read(s.returns("returns.csv")).unwrap(), before);
}

#[test]
fn the_report_s_side_workbook_never_replaces_input_returns() {
    // Returns as r.xlsx and the report as r.html: the workbook beside it
    // would be r.xlsx.
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("r.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in shipped_returns().lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    wb.save(&xlsx).unwrap();
    // The workbook is read as returns: the report would run.
    renkei()
        .args([
            "tab",
            "--question",
            "implementation",
            "--by",
            "class",
            "--survey",
        ])
        .arg(shipped_survey())
        .arg("--returns")
        .arg(&xlsx)
        .assert()
        .success();
    let before = std::fs::read(&xlsx).unwrap();
    let out = renkei()
        .args(["report", "--force", "--lang", "en", "--survey"])
        .arg(shipped_survey())
        .arg("--returns")
        .arg(&xlsx)
        .arg("-o")
        .arg(dir.path().join("r.html"))
        .output()
        .unwrap();
    assert_refused(&out, &["r.xlsx is an input this command read"]);
    assert_eq!(std::fs::read(&xlsx).unwrap(), before);
    assert!(!dir.path().join("r.html").exists());
}

#[test]
fn init_refuses_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("r.csv");
    std::fs::write(&returns, shipped_returns()).unwrap();
    let out_dir = dir.path().join("s");
    // A chart init does not draw: refused, nothing written.
    let out = renkei()
        .args(["init", "--format", "svg", "--lang", "en", "--returns"])
        .arg(&returns)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_refused(&out, &[]);
    assert!(!out_dir.join("survey.json").exists());
    // Its report over the returns, or over the definition it writes.
    for (target, says) in [
        (returns.clone(), "is an input this command read"),
        (
            out_dir.join("survey.json"),
            "is a file this command writes itself",
        ),
    ] {
        let out = renkei()
            .args(["init", "--force", "--lang", "en", "--returns"])
            .arg(&returns)
            .arg("--out")
            .arg(&out_dir)
            .arg("-o")
            .arg(&target)
            .output()
            .unwrap();
        assert_refused(&out, &[says]);
    }
    assert_eq!(
        std::fs::read_to_string(&returns).unwrap(),
        shipped_returns()
    );
    // The JSON record goes to a file like any other output.
    renkei()
        .args(["init", "--format", "json", "--returns"])
        .arg(&returns)
        .arg("--out")
        .arg(&out_dir)
        .arg("-o")
        .arg(dir.path().join("init.json"))
        .assert()
        .success();
}
