//! Output formats and safe writing: xlsx read back with calamine, Markdown,
//! CSV, format inference, no overwrite without --force, no partial files.

use crate::common::*;
use calamine::{Data, Reader, Xlsx, open_workbook};
use predicates::prelude::*;

#[test]
fn xlsx_workbook_reads_back_with_numbers_and_labels() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tables.xlsx");
    renkei()
        .args(["reproduce", "--output"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    // The three tables, then the plan evaluation of seed 000.
    assert_eq!(
        wb.sheet_names(),
        vec![
            "表3",
            "表4",
            "表5",
            "評価一覧",
            "複合項目",
            "集計",
            "グラフ"
        ]
    );
    let sheet = wb.worksheet_range("表3").unwrap();
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(
        cell(0, 0),
        Data::String("表3 地域・職域連携事業の全般的実施状況(市区町村別)".into())
    );
    assert_eq!(
        cell(2, 2),
        Data::String("特別区/政令・中核・特例市/行政区".into())
    );
    assert_eq!(cell(3, 0), Data::String("積極的に実施".into()));
    assert_eq!(cell(3, 2), Data::Float(10.0));
    assert_eq!(cell(4, 2), Data::Float(0.323));
    // 合計 row: the 市 column total is 55 (the printed 54 is a misprint).
    assert_eq!(cell(11, 3), Data::Float(55.0));
    assert_eq!(cell(11, 6), Data::Float(113.0));
    let texts: Vec<String> = sheet
        .rows()
        .filter_map(|r| r.first().map(|d| d.to_string()))
        .collect();
    assert!(texts.iter().any(|t| t == "χ² 検定: p=0.073"), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("既知の誤植")), "{texts:?}");
    let t4 = wb.worksheet_range("表4").unwrap();
    assert_eq!(
        t4.get_value((4, 2)).cloned(),
        Some(Data::String("-".into()))
    );
}

#[test]
fn markdown_and_csv() {
    tab_cmd("class")
        .args(["--format", "markdown", "--survey"])
        .arg(shipped_survey())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "| 積極的に実施 | n | 10 | 10 | 3 | 0 | 23 |",
        ))
        .stdout(predicate::str::contains(
            "|  | % | 32.3% | 18.2% | 12.5% | 0.0% | 20.4% |",
        ))
        .stdout(predicate::str::contains("- χ² 検定: p=0.073"));
    let out = renkei()
        .args(["reproduce", "--format", "csv"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        rdr.headers().unwrap(),
        vec!["table", "row", "column", "n", "percent", "percent_base"]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    // 表3 5×5, 表4 5×4, 表5 5×4 cells with totals.
    assert_eq!(rows.len(), 25 + 20 + 20);
    let cell = rows
        .iter()
        .find(|r| r[0].starts_with("表3") && &r[1] == "合計" && &r[2] == "市")
        .unwrap();
    assert_eq!((&cell[3], &cell[4]), ("55", "100.0"));
    let empty = rows
        .iter()
        .find(|r| r[0].starts_with("表4") && &r[1] == "積極的に実施")
        .unwrap();
    assert_eq!(
        (&empty[3], &empty[4]),
        ("0", ""),
        "an undefined percentage is empty"
    );
}

#[test]
fn format_follows_the_extension_and_files_are_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("t.md");
    renkei()
        .args(["test", "--counts", "1,2;3,4", "-o"])
        .arg(&md)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .starts_with("### 2×2 表")
    );
    renkei()
        .args(["test", "--lang", "en", "--counts", "5,6;7,8", "-o"])
        .arg(&md)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exists; add --force"));
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .contains("| 行1 | n | 1 | 2 | 3 |"),
        "unchanged"
    );
    renkei()
        .args(["test", "--counts", "5,6;7,8", "--force", "-o"])
        .arg(&md)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .contains("| 行1 | n | 5 | 6 | 11 |")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&md).unwrap().permissions().mode() & 0o777,
            0o644
        );
    }
    renkei()
        .args(["test", "--lang", "en", "--counts", "1,2;3,4", "-o"])
        .arg(dir.path().join("t.docx"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give --format"));
    renkei()
        .args([
            "test", "--lang", "en", "--counts", "1,2;3,4", "--format", "xlsx",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("need --output"));
}

#[test]
fn a_failed_run_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bad.json");
    // Bad input after the output was named: nothing may be written.
    renkei()
        .args(["test", "--counts", "1,2;3", "-o"])
        .arg(&out)
        .assert()
        .code(2);
    assert!(!out.exists());
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(entries.is_empty(), "no temporary file left: {entries:?}");
    // A directory that does not exist.
    renkei()
        .args(["test", "--counts", "1,2;3,4", "-o"])
        .arg(dir.path().join("no/such/dir/t.json"))
        .assert()
        .code(2);
}

#[test]
fn svg_is_xml_with_every_label() {
    let out = renkei()
        .args(["reproduce", "--format", "svg"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    for label in [
        "積極的に実施",
        "職域から希望があれば実施",
        "計画策定・準備はしたが実施機会なし",
        "未実施",
        "特別区/政令・中核・特例市/行政区 (n=31)",
        "市 (n=55)",
        "村 (n=3)",
        "Ⅱ次Ⅲ次90%未満、Ⅲ次55%以上 (n=0)",
        "Ⅱ次Ⅲ次80%以上、Ⅲ次60%以上 (n=1)",
    ] {
        assert!(texts.contains(&label), "missing {label:?}");
    }
    assert!(
        texts
            .iter()
            .any(|t| t.contains("χ² 検定: p=0.094") && t.contains("正確検定: p=0.222"))
    );
    let root = doc.root_element();
    assert!(
        root.attribute("font-family")
            .unwrap()
            .contains("Noto Sans CJK JP")
    );
}

#[test]
fn html_report_is_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    renkei()
        .args(["reproduce", "-o"])
        .arg(&path)
        .assert()
        .success();
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http"),
        "no network references"
    );
    assert!(
        !html.contains("<link") && !html.contains("<script"),
        "no external resources"
    );
    for needle in [
        "<svg",
        "表3",
        "表4",
        "表5",
        "χ² 検定: p=0.073",
        "既知の誤植",
        "調整済み標準化残差",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
}

#[test]
fn report_writes_html_and_workbook_with_adjusted_p() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    // The three published groupings (the shipped survey has more).
    renkei()
        .args([
            "report",
            "--by",
            "class,city-industry,town-industry",
            "--question",
            "implementation",
            "--survey",
        ])
        .arg(shipped_survey())
        .arg("--output")
        .arg(&html)
        .assert()
        .success()
        .stderr(predicate::str::contains("3 表: "));
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("表の一覧"));
    assert!(text.contains("Benjamini–Hochberg"));
    // Holm over the three exact p-values (0.0792, 0.1163, 0.2218): 3 × 0.0792.
    assert!(text.contains("0.2377"), "Holm-adjusted p");
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("report.xlsx")).unwrap();
    // The summary of all tables, one sheet per table, then the charts.
    assert_eq!(wb.sheet_names().len(), 5);
    assert_eq!(wb.sheet_names()[4], "グラフ");
    assert_eq!(wb.sheet_names()[0], "一覧");
    let first = wb.sheet_names()[1].clone();
    let sheet = wb.worksheet_range(&first).unwrap();
    assert_eq!(sheet.get_value((3, 2)).cloned(), Some(Data::Float(10.0)));
    // Only the named grouping; no overwrite without --force.
    renkei()
        .args(["report", "--lang", "en", "--by", "class", "--survey"])
        .arg(shipped_survey())
        .arg("--output")
        .arg(&html)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exists; add --force"));
    renkei()
        .args(["report", "--by", "class", "--force", "--survey"])
        .arg(shipped_survey())
        .arg("--output")
        .arg(&html)
        .assert()
        .success()
        // Both questions by class: the single-answer table and the multiple-answer one.
        .stderr(predicate::str::contains("2 表: "));
}

/// Issue 20, output safety: only a regular file is ever replaced, and it
/// keeps its permissions; an input the command read is never the output;
/// CSV text that a spreadsheet would run as a formula is neutralised.
#[cfg(unix)]
#[test]
fn outputs_replace_regular_files_only() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    // /dev/null stays a device (as root it used to become a regular file).
    renkei()
        .args([
            "test",
            "--lang",
            "en",
            "--counts",
            "1,2;3,4",
            "--force",
            "-o",
            "/dev/null",
            "--format",
            "json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/dev/null is not a regular file"));
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // A FIFO is not replaced.
    let fifo = dir.path().join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    renkei()
        .args([
            "test", "--counts", "1,2;3,4", "--force", "--format", "json", "-o",
        ])
        .arg(&fifo)
        .assert()
        .code(2);
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // A replaced file keeps its permissions.
    let private = dir.path().join("private.json");
    std::fs::write(&private, "{}").unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    renkei()
        .args(["test", "--counts", "1,2;3,4", "--force", "-o"])
        .arg(&private)
        .assert()
        .success();
    assert_eq!(
        std::fs::metadata(&private).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(
        std::fs::read_to_string(&private)
            .unwrap()
            .contains("\"counts\"")
    );
    // The counts file read is not the output, even with --force.
    let counts = dir.path().join("t.csv");
    std::fs::write(&counts, "1,2\n3,4\n").unwrap();
    renkei()
        .args([
            "test", "--lang", "en", "--force", "--format", "csv", "--file",
        ])
        .arg(&counts)
        .arg("-o")
        .arg(&counts)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is an input this command read"));
    assert_eq!(std::fs::read_to_string(&counts).unwrap(), "1,2\n3,4\n");
}

#[test]
fn csv_cells_that_look_like_formulas_are_text() {
    let out = renkei()
        .args([
            "test",
            "--counts",
            "1,2;3,4",
            "--rows",
            "=1+1,@SUM(A1)",
            "--cols",
            "+a,-b",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    let csv = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(csv.contains("'=1+1,'+a,1,"), "{csv}");
    assert!(csv.contains("'@SUM(A1),'-b,4,"), "{csv}");
    assert!(
        !csv.lines()
            .skip(1)
            .any(|l| l.starts_with(['=', '+', '-', '@'])),
        "{csv}"
    );
}

/// Issue 20: temporary files left by a killed run (SIGKILL allows no clean
/// up) are removed by the next run that writes beside them, once an hour
/// old; younger ones may belong to a run still writing.
#[cfg(unix)]
#[test]
fn stale_temporary_files_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join(".renkei-AbC123.part");
    let fresh = dir.path().join(".renkei-XyZ789.part");
    std::fs::write(&stale, "half").unwrap();
    std::fs::write(&fresh, "half").unwrap();
    assert!(
        std::process::Command::new("touch")
            .args(["-d", "2 hours ago"])
            .arg(&stale)
            .status()
            .unwrap()
            .success()
    );
    renkei()
        .args(["test", "--counts", "1,2;3,4", "-o"])
        .arg(dir.path().join("t.json"))
        .assert()
        .success();
    assert!(!stale.exists(), "the stale file is removed");
    assert!(fresh.exists(), "a fresh one may be another run's");
}

/// `--output-dir` writes one SVG per chart, named by position and title,
/// with chart labels as the tables print them; reports carry no timings,
/// so the same input gives the same bytes.
#[test]
fn output_dir_writes_one_chart_per_table_and_reports_are_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let charts = dir.path().join("charts");
    let first = renkei()
        .args(["reproduce", "--output-dir"])
        .arg(&charts)
        .output()
        .unwrap();
    assert!(first.status.success());
    let mut names: Vec<String> = std::fs::read_dir(&charts)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "01-表3.svg",
            "02-表4.svg",
            "03-表5.svg",
            "04-単位の記載のない指標.svg",
            "05-単位_%_の指標.svg",
            "06-単位_施設_の指標.svg",
            "07-単位_件_の指標.svg",
            "08-単位_g_の指標.svg",
            "09-単位_本_の指標.svg"
        ]
    );
    let svg = std::fs::read_to_string(charts.join("01-表3.svg")).unwrap();
    // 表3 prints 32.3% for 特別区/政令・中核・特例市/行政区 actively implementing.
    assert!(svg.contains("\n32.3%\n"), "labels as the table prints them");
    // Existing chart files are not replaced without --force.
    let again = renkei()
        .args(["reproduce", "--output-dir"])
        .arg(&charts)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    let second = renkei()
        .args(["reproduce", "--force", "--output-dir"])
        .arg(&charts)
        .output()
        .unwrap();
    assert_eq!(first.stdout, second.stdout, "same input, same report");
}

/// A label that looks like HTML is shown in Markdown, never passed through
/// raw to a converter (pandoc made one a page title).
#[test]
fn markdown_escapes_labels_that_look_like_html() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.csv");
    std::fs::write(
        &plan,
        "id,item,sub,baseline,baseline_year,current,current_year,target,target_year\n\
         1,<title>x</title> | y,,10,2010,12,2015,増加,2020\n",
    )
    .unwrap();
    let out = renkei()
        .args(["evaluate", "--format", "markdown"])
        .arg(&plan)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\\<title>x\\</title> \\| y"), "{text}");
    assert!(!text.replace("\\<", "").contains('<'), "{text}");
}

/// `-o -` is standard output (it wrote a file named `-`); a negative number
/// for an option is read and refused by renkei in words, not by the
/// argument parser as an unknown flag.
#[test]
fn dash_is_stdout_and_negative_options_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = renkei()
        .current_dir(dir.path())
        .args(["test", "--counts", "1,2;3,4", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("n = 10"));
    assert!(!dir.path().join("-").exists());
    let out = renkei()
        .current_dir(repo())
        .args([
            "ratio",
            "--study",
            "examples/ndb/study.csv",
            "--standard",
            "examples/ndb/standard.csv",
            "--level",
            "-0.5",
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    assert_refused(&out, &["--level between 0 and 1", "got -0.5"]);
}

/// `--output-dir` onto a file says so, not "File exists (os error 17)".
#[test]
fn output_dir_onto_a_file_is_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("charts");
    std::fs::write(&file, "x").unwrap();
    let out = renkei()
        .current_dir(repo())
        .args(["reproduce", "--lang", "en", "--output-dir"])
        .arg(&file)
        .output()
        .unwrap();
    let err = assert_refused(&out, &["is not a directory"]);
    assert!(!err.contains("os error"), "{err}");
}

/// An output that cannot be written is named as the user wrote it, in words
/// without the system's error number.
#[test]
fn unwritable_outputs_are_named_without_os_error_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("missing").join("x.txt");
    let out = renkei()
        .args(["test", "--counts", "1,2;3,4", "--lang", "en", "-o"])
        .arg(&target)
        .output()
        .unwrap();
    let err = assert_refused(&out, &["No such file or directory"]);
    assert!(
        !err.contains("os error") && !err.contains(".renkei-"),
        "{err}"
    );
}

/// Every number in every command's workbook is a number cell: no text cell
/// reads as a number (`98.6`, `12.5%`, `-0.35`), so sums, charts and
/// pasting into slides work on them.
#[test]
fn no_workbook_holds_a_number_as_text() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    // A code with leading zeros (団体コード 011002) is an identifier, kept as text.
    let numeric = |s: &str| {
        let t = s.trim().trim_end_matches(['%', '*']).trim();
        let identifier = t.len() > 1 && t.starts_with('0') && t.bytes().all(|b| b.is_ascii_digit());
        !t.is_empty() && !identifier && renkei::input::columns::parse_number(t).is_some()
    };
    let mut problems = Vec::new();
    for run in every_command(dir.path()) {
        if matches!(run.command, "init" | "report") {
            continue;
        }
        let xlsx = dir.path().join(format!("{}.xlsx", run.command));
        let out = renkei()
            .current_dir(repo())
            .args(&run.args)
            .arg("-o")
            .arg(&xlsx)
            .output()
            .unwrap();
        assert!(
            out.status.success() || (run.command == "audit" && out.status.code() == Some(1)),
            "{}: {}",
            run.command,
            String::from_utf8_lossy(&out.stderr)
        );
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
        let mut found = Vec::new();
        for name in wb.sheet_names() {
            let sheet = wb.worksheet_range(&name).unwrap();
            // Columns of identifiers (a checklist's item 1.1 and section 1)
            // are text by nature: 1.10 is not 1.1. A header row names them.
            // A chart sheet's first column holds the charts' category labels.
            let mut identifiers: Vec<usize> = if ["グラフ", "Charts"].contains(&name.as_str()) {
                vec![0]
            } else {
                Vec::new()
            };
            for (r, row) in sheet.rows().enumerate() {
                let names: Vec<usize> = row
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| {
                        matches!(c, Data::String(s) if ["項目", "大項目", "Item", "Section"].contains(&s.as_str()))
                    })
                    .map(|(j, _)| j)
                    .collect();
                if !names.is_empty()
                    && row
                        .iter()
                        .all(|c| matches!(c, Data::String(_) | Data::Empty))
                {
                    identifiers.extend(names);
                    continue;
                }
                for (c, cell) in row.iter().enumerate() {
                    if let Data::String(s) = cell
                        && numeric(s)
                        && !identifiers.contains(&c)
                    {
                        found.push(format!("{name}!R{}C{}: {s:?}", r + 1, c + 1));
                    }
                }
            }
        }
        if !found.is_empty() {
            problems.push(format!(
                "{}: numbers stored as text: {}",
                run.command,
                found
                    .iter()
                    .take(10)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `--output-dir` writes one file per chart for every command, not one
/// picture of every chart of a section (checklist's 49 charts were one SVG
/// 13,198 px tall).
#[test]
fn output_dir_writes_one_file_per_chart_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let charts = dir.path().join("councils");
    renkei()
        .current_dir(repo())
        .args([
            "checklist",
            "--checklist",
            "prefecture-32",
            "--returns",
            "checklists/examples/prefecture-32.csv",
            "--output-dir",
        ])
        .arg(&charts)
        .assert()
        .success();
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(&charts)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(files.len() > 40, "{} files", files.len());
    for f in &files {
        let svg = std::fs::read_to_string(f).unwrap();
        assert_eq!(
            svg.matches("class=\"renkei-chart").count(),
            1,
            "{}",
            f.display()
        );
        let height: f64 = svg
            .split("height=\"")
            .nth(1)
            .and_then(|h| h.split('"').next())
            .and_then(|h| h.parse().ok())
            .unwrap();
        assert!(height < 1500.0, "{}: {height} px", f.display());
    }
    assert!(
        files.iter().any(|f| f
            .file_name()
            .unwrap()
            .to_string_lossy()
            .contains("北海道協議会")),
        "named by the chart's own title"
    );
}

/// Issue 35: a report's tables carry one number everywhere — the HTML
/// heading, the workbook's sheet (its name and its title) and the chart's
/// file in `--output-dir` (表1 … 表18, the summary unnumbered); a report of
/// a multiple-answer question alone has no empty summary.
#[test]
fn report_tables_are_numbered_alike_in_html_sheets_and_chart_files() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let charts = dir.path().join("charts");
    renkei()
        .args(["report", "--survey"])
        .arg(shipped_survey())
        .arg("--output")
        .arg(&html)
        .arg("--output-dir")
        .arg(&charts)
        .assert()
        .success();
    let text = std::fs::read_to_string(&html).unwrap();
    let headings: Vec<String> = text
        .split("<h2")
        .skip(1)
        .map(|h| {
            let start = h.find('>').unwrap() + 1;
            h[start..h.find("</h2>").unwrap()].to_string()
        })
        .collect();
    let numbered: Vec<&String> = headings
        .iter()
        .filter(|h| h.starts_with('表') && !h.starts_with("表の一覧"))
        .collect();
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("report.xlsx")).unwrap();
    let sheets = wb.sheet_names().to_vec();
    let mut files: Vec<String> = std::fs::read_dir(&charts)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(numbered.len(), 18, "{headings:?}");
    assert_eq!(files.len(), 18, "{files:?}");
    for (k, heading) in numbered.iter().enumerate() {
        let n = format!("表{}", k + 1);
        assert!(heading.starts_with(&format!("{n} ")), "{heading}");
        assert_eq!(sheets[k + 1], n, "{sheets:?}");
        let sheet = wb.worksheet_range(&n).unwrap();
        let title = sheet.get_value((0, 0)).unwrap().to_string();
        assert_eq!(&title, *heading, "the sheet's title is the heading");
        assert_eq!(files[k], format!("{:02}-{n}.svg", k + 1));
    }

    // A multiple-answer question alone: its table, numbered, no summary.
    let only = dir.path().join("partners.html");
    renkei()
        .args([
            "report",
            "--question",
            "partners",
            "--by",
            "class",
            "--survey",
        ])
        .arg(shipped_survey())
        .arg("--output")
        .arg(&only)
        .assert()
        .success();
    let text = std::fs::read_to_string(&only).unwrap();
    assert!(!text.contains("表の一覧"), "no empty summary");
    assert!(text.contains("表1 連携している機関"), "numbered");
    let wb: Xlsx<_> = open_workbook(dir.path().join("partners.xlsx")).unwrap();
    assert_eq!(wb.sheet_names()[0], "表1");
}
