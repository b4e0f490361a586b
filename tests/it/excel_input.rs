//! Returns in Excel workbooks (read with calamine): the same table as the
//! CSV, numbers stored as numbers, and errors that name the sheet.

use crate::common::*;
use predicates::prelude::*;
use rust_xlsxwriter::Workbook;

/// Writes the shipped returns into a workbook: shares as numbers, the rest
/// as text, on a sheet named `sheet` (after an empty first sheet when
/// `second` is true).
fn workbook(
    path: &std::path::Path,
    sheet: &str,
    second: bool,
    edit: impl Fn(usize, usize, &str) -> Option<String>,
) {
    let mut wb = Workbook::new();
    if second {
        wb.add_worksheet().set_name("メモ").unwrap();
    }
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    let text = shipped_returns();
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let cell = edit(r, c, cell).unwrap_or_else(|| cell.to_string());
            match cell.parse::<f64>() {
                Ok(v) if r > 0 && (c == 2 || c == 3) => {
                    ws.write_number(r as u32, c as u16, v).unwrap();
                }
                _ => {
                    ws.write_string(r as u32, c as u16, &cell).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

fn counts(args: &[&str]) -> serde_json::Value {
    tab_json(&shipped_survey(), "town-industry", args)["counts"].clone()
}

#[test]
fn xlsx_returns_give_the_same_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("returns.xlsx");
    workbook(&path, "回答", false, |_, _, _| None);
    let p = path.to_str().unwrap();
    assert_eq!(counts(&["--returns", p]), counts(&[]));
    // A named sheet that is not the first.
    let path2 = dir.path().join("returns2.xlsx");
    workbook(&path2, "回答", true, |_, _, _| None);
    assert_eq!(
        counts(&["--returns", path2.to_str().unwrap(), "--sheet", "回答"]),
        counts(&[])
    );
}

#[test]
fn xlsx_errors_name_sheet_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.xlsx");
    workbook(&path, "回答", false, |r, c, _| {
        (r == 5 && c == 1).then(|| "市町".to_string())
    });
    tab_cmd("class")
        .args(["--lang", "en", "--survey"])
        .arg(shipped_survey())
        .arg("--returns")
        .arg(&path)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "bad.xlsx[回答]:6: column 'class': value '市町'",
        ));
    tab_cmd("class")
        .args(["--lang", "en", "--sheet", "nope", "--survey"])
        .arg(shipped_survey())
        .arg("--returns")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a sheet named 'nope'; the workbook has: 回答",
        ));
}

/// The shipped returns as text on a sheet named 回答, with one more cell
/// (row, column, value) wherever it is asked for.
fn text_workbook_with(path: &std::path::Path, extra: (u32, u16, &str)) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("回答").unwrap();
    for (r, line) in shipped_returns().lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    ws.write_string(extra.0, extra.1, extra.2).unwrap();
    wb.save(path).unwrap();
}

/// `tab` in English on the shipped survey with `returns`, which must be
/// refused (exit 2).
fn refused(returns: &std::path::Path) -> assert_cmd::assert::Assert {
    tab_cmd("class")
        .args(["--lang", "en", "--survey"])
        .arg(shipped_survey())
        .arg("--returns")
        .arg(returns)
        .assert()
        .code(2)
}

/// Issue 20: one stray value in a sheet's last cell made the used range
/// 2³⁴ cells (an 8 KB workbook aborted asking for 512 GB). Memory follows
/// the cells present, and a value outside the header's columns is named.
#[test]
fn a_stray_cell_far_away_is_named_not_allocated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stray.xlsx");
    text_workbook_with(&path, (1_048_575, 16_383, "x"));
    assert!(std::fs::metadata(&path).unwrap().len() < 20_000);
    refused(&path)
        .stderr(predicate::str::contains(
            "stray.xlsx[回答]:1048576: value 'x'",
        ))
        .stderr(predicate::str::contains("cell XFD1048576 is outside them"));
    // A stray value within the header's columns, far below, is a record of
    // its own (here without an id), and the rows between are blank rows.
    text_workbook_with(&path, (999_999, 1, "市"));
    refused(&path).stderr(predicate::str::contains(":1000000: column 'unit_id'"));
}

/// Issue 20: a formula saved without its result (written by a program and
/// never opened in Excel) is named, not read as an empty share. The
/// workbook is written by hand: spreadsheet writers always store a result.
#[test]
fn a_formula_without_its_result_is_named() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.xlsx");
    let sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\
<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>unit_id</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>class</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>share_secondary_tertiary</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>share_tertiary</t></is></c><c r=\"E1\" t=\"inlineStr\"><is><t>implementation</t></is></c></row>\
<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>A1</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>市</t></is></c><c r=\"C2\"><f>100-D2</f></c><c r=\"D2\"><v>65</v></c><c r=\"E2\" t=\"inlineStr\"><is><t>1</t></is></c></row>\
</sheetData></worksheet>";
    let parts = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>",
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
        ),
        (
            "xl/workbook.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"回答\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        ),
        (
            "xl/_rels/workbook.xml.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in parts {
        zip.start_file(name, stored).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    refused(&path)
        .stderr(predicate::str::contains(
            "f.xlsx[回答]:2: column 'share_secondary_tertiary': expected a value: the cell holds the formula '=100-D2' saved without its result",
        ));
}

/// A stray value far from the table in an .ods or .xls file: calamine would
/// hold the whole used area (about 760 MB for these 8 KB files); the sheet is
/// refused before it is read, naming the stray cell (tests/fixtures/README.md).
#[test]
fn ods_and_xls_with_a_far_stray_value_are_refused_before_reading() {
    for file in ["far.ods", "far.xls"] {
        let out = renkei()
            .args(["classify", "--lang", "en", "--survey"])
            .arg(shipped_survey())
            .arg("--returns")
            .arg(repo().join("tests/fixtures").join(file))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{file}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("they reach cell GR60000"), "{file}: {err}");
        assert!(err.contains("fit within 10000000 cells"), "{file}: {err}");
    }
}

/// Found by fuzzing (`returns_xls`): calamine panics on one damaged .xls
/// (a slice past the end of a compound-file sector) and reserves 6.3 GB for
/// another (a sector chain of a declared size the 4.8 KB file cannot hold).
/// renkei reports an unreadable workbook with exit 2: no panic, no
/// exhausted memory.
#[test]
fn damaged_xls_files_are_input_errors_not_panics_or_oom() {
    for file in ["returns_xls_damaged_cfb.xls", "returns_xls_huge_chain.xls"] {
        let out = renkei()
            .args(["classify", "--lang", "en", "--survey"])
            .arg(shipped_survey())
            .arg("--returns")
            .arg(repo().join("tests/fuzz_regressions").join(file))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}: {err}");
        assert!(err.contains("the file is damaged"), "{file}: {err}");
        assert!(!err.contains("panicked"), "{file}: {err}");
    }
}
