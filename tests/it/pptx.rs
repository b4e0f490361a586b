//! PowerPoint decks: every command that makes tables or charts writes one;
//! its XML is well formed; its charts are chart parts with their data (a
//! cache in the part and the workbook embedded beside it), never pictures;
//! the 表3 slide prints reproduce's n, % and p; the same report gives the
//! same bytes. (LibreOffice's rendering of the decks is checked in
//! `office.rs`, run by .ci/run.)

use crate::common::*;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// Every part of a deck, by name.
pub fn parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

fn text(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(parts[name].clone()).unwrap()
}

/// The texts (`<a:t>`) of a slide, in order.
pub fn slide_texts(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "t")
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

/// Checks a deck's structure; returns (slides, charts).
fn check_deck(bytes: &[u8], what: &str) -> (usize, usize) {
    let p = parts(bytes);
    for (name, data) in &p {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let xml = std::str::from_utf8(data).unwrap();
            roxmltree::Document::parse(xml)
                .unwrap_or_else(|e| panic!("{what}: {name} is not well-formed XML: {e}"));
        }
        assert!(
            !name.starts_with("ppt/media/"),
            "{what}: {name}: a picture where a native table or chart belongs"
        );
    }
    let types = text(&p, "[Content_Types].xml");
    let slides = p
        .keys()
        .filter(|n| n.starts_with("ppt/slides/slide") && n.ends_with(".xml"))
        .count();
    assert!(slides >= 2, "{what}: {slides} slides");
    let presentation = text(&p, "ppt/presentation.xml");
    assert_eq!(presentation.matches("<p:sldId ").count(), slides, "{what}");
    assert!(
        presentation.contains("cx=\"12192000\" cy=\"6858000\""),
        "16:9"
    );
    let mut charts = 0;
    for k in 1..=slides {
        let slide = format!("ppt/slides/slide{k}.xml");
        assert!(
            types.contains(&format!("/{slide}")),
            "{what}: {slide} typed"
        );
        let rels = text(&p, &format!("ppt/slides/_rels/slide{k}.xml.rels"));
        let Some(at) = rels.find("../charts/chart") else {
            continue;
        };
        charts += 1;
        let target = &rels[at + 3..];
        let chart = &target[..target.find('"').unwrap()];
        let xml = text(&p, &format!("ppt/{chart}"));
        assert!(
            xml.contains("<c:numCache>") && xml.contains("<c:externalData r:id=\"rId1\">"),
            "{what}: {chart} has its data"
        );
        let chart_rels = text(
            &p,
            &format!(
                "ppt/charts/_rels/{}.rels",
                chart.trim_start_matches("charts/")
            ),
        );
        let embedded = chart_rels
            .split("Target=\"../")
            .nth(1)
            .and_then(|t| t.split('"').next())
            .unwrap();
        let workbook = &p[&format!("ppt/{embedded}")];
        use calamine::Reader;
        let mut wb = calamine::Xlsx::new(Cursor::new(workbook.clone())).unwrap();
        let sheet = wb.worksheet_range("Sheet1").unwrap();
        assert!(
            sheet
                .cells()
                .any(|(_, _, c)| matches!(c, calamine::Data::Float(_))),
            "{what}: {embedded} holds the chart's numbers"
        );
        // The slide shows the chart through its relationship, not a picture.
        assert!(text(&p, &slide).contains("<c:chart "), "{what}: {slide}");
    }
    (slides, charts)
}

#[test]
fn every_command_writes_a_deck_of_native_tables_and_charts() {
    let dir = tempfile::tempdir().unwrap();
    let mut charted = Vec::new();
    for run in every_command(dir.path()) {
        if matches!(run.command, "init" | "report") {
            continue;
        }
        let deck = dir.path().join(format!("{}.pptx", run.command));
        let out = renkei()
            .current_dir(repo())
            .args(&run.args)
            .arg("-o")
            .arg(&deck)
            .output()
            .unwrap();
        // audit exits 1 when it has findings (the shipped tables have one).
        let ok = out.status.success() || (run.command == "audit" && out.status.code() == Some(1));
        assert!(
            ok,
            "{}: {}",
            run.command,
            String::from_utf8_lossy(&out.stderr)
        );
        let (_, charts) = check_deck(&std::fs::read(&deck).unwrap(), run.command);
        if charts > 0 {
            charted.push(run.command);
        }
    }
    for command in ["reproduce", "tab", "ratio", "evaluate", "checklist"] {
        assert!(charted.contains(&command), "{command} has native charts");
    }
    // `report` writes its deck beside the HTML report and the workbook.
    let html = dir.path().join("r.html");
    renkei()
        .current_dir(repo())
        .args(["report", "--survey", "surveys/renkei-2025", "-o"])
        .arg(&html)
        .assert()
        .success();
    check_deck(
        &std::fs::read(html.with_extension("pptx")).unwrap(),
        "report",
    );
}

#[test]
fn the_table3_slide_prints_what_reproduce_prints() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("表3-5.pptx");
    renkei()
        .current_dir(repo())
        .args(["reproduce", "--format", "pptx", "-o"])
        .arg(&deck)
        .assert()
        .success();
    let p = parts(&std::fs::read(&deck).unwrap());
    let texts = slide_texts(&text(&p, "ppt/slides/slide2.xml"));
    assert_eq!(
        texts[0],
        "表3 地域・職域連携事業の全般的実施状況(市区町村別)"
    );
    let printed = String::from_utf8(
        renkei()
            .current_dir(repo())
            .arg("reproduce")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    // The counts and percentages of 表3's first rows and its total, and the
    // test line as the slides print it.
    for cell in ["10", "32.3%", "18.2%", "113", "100.0%", "χ² 検定: p=0.073"] {
        assert!(
            texts.iter().any(|t| t == cell),
            "{cell} on the slide: {texts:?}"
        );
        assert!(printed.contains(cell), "{cell} in reproduce's output");
    }
    // The chart slide that follows is a 100 % stacked bar chart of the same counts.
    let chart = text(&p, "ppt/charts/chart1.xml");
    assert!(chart.contains("<c:grouping val=\"percentStacked\"/>"));
    assert!(chart.contains("<c:v>10</c:v>") && chart.contains("<c:v>27</c:v>"));
}

#[test]
fn the_same_report_gives_the_same_deck() {
    let dir = tempfile::tempdir().unwrap();
    let decks: Vec<Vec<u8>> = (0..2)
        .map(|k| {
            let deck = dir.path().join(format!("{k}.pptx"));
            renkei()
                .current_dir(repo())
                .args(["evaluate", "seeds/otaru-midterm.csv", "-o"])
                .arg(&deck)
                .assert()
                .success();
            std::fs::read(&deck).unwrap()
        })
        .collect();
    assert!(decks[0] == decks[1], "same input, same bytes");
    // A deck goes to a file, never to a terminal.
    renkei()
        .args(["evaluate", "seeds/otaru-midterm.csv", "--format", "pptx"])
        .current_dir(repo())
        .assert()
        .code(2);
}

/// A deck with `edit` applied to the named parts.
fn edited_deck(bytes: &[u8], edit: impl Fn(&str, String) -> String) -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts(bytes) {
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        let data = match String::from_utf8(data.clone()) {
            Ok(text) => edit(&name, text).into_bytes(),
            Err(_) => data,
        };
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// `--template` lays the slides on an organisation's masters: its theme
/// and masters are kept, its own slides left out; a file that is not a
/// 16:9 deck is refused with what to give instead.
#[test]
fn a_template_gives_the_organisations_masters() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.pptx");
    renkei()
        .current_dir(repo())
        .args(["reproduce", "-o"])
        .arg(&base)
        .assert()
        .success();
    // The organisation's deck: a theme of its own (name and colour) and 35 slides.
    let org = edited_deck(&std::fs::read(&base).unwrap(), |name, text| {
        if name == "ppt/theme/theme1.xml" {
            text.replace("name=\"renkei\"", "name=\"保健所テーマ\"")
                .replace("0072B2", "7B2D8E")
        } else {
            text
        }
    });
    let template = dir.path().join("org.pptx");
    std::fs::write(&template, &org).unwrap();
    let deck = dir.path().join("plan.pptx");
    renkei()
        .current_dir(repo())
        .args(["evaluate", "seeds/otaru-midterm.csv", "--template"])
        .arg(&template)
        .arg("-o")
        .arg(&deck)
        .assert()
        .success();
    let bytes = std::fs::read(&deck).unwrap();
    let (slides, charts) = check_deck(&bytes, "templated");
    let plain = dir.path().join("plain.pptx");
    renkei()
        .current_dir(repo())
        .args(["evaluate", "seeds/otaru-midterm.csv", "-o"])
        .arg(&plain)
        .assert()
        .success();
    assert_eq!(
        (slides, charts),
        check_deck(&std::fs::read(&plain).unwrap(), "plain"),
        "the template's own slides are left out"
    );
    let p = parts(&bytes);
    let theme = text(&p, "ppt/theme/theme1.xml");
    assert!(theme.contains("保健所テーマ") && theme.contains("7B2D8E"));
    // Not a deck, or not 16:9: refused, saying what to give.
    let not_deck = dir.path().join("notes.pptx");
    std::fs::write(&not_deck, "plain text").unwrap();
    let narrow = dir.path().join("4x3.pptx");
    std::fs::write(
        &narrow,
        edited_deck(&org, |name, text| {
            if name == "ppt/presentation.xml" {
                text.replace(
                    "cx=\"12192000\" cy=\"6858000\"",
                    "cx=\"9144000\" cy=\"6858000\"",
                )
            } else {
                text
            }
        }),
    )
    .unwrap();
    for (bad, says) in [(&not_deck, "not a deck renkei can use"), (&narrow, "16:9")] {
        let out = renkei()
            .current_dir(repo())
            .args([
                "evaluate",
                "seeds/otaru-midterm.csv",
                "--lang",
                "en",
                "--template",
            ])
            .arg(bad)
            .arg("-o")
            .arg(dir.path().join("x.pptx"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains(says));
    }
    // A template is for decks.
    renkei()
        .current_dir(repo())
        .args(["evaluate", "seeds/otaru-midterm.csv", "--template"])
        .arg(&template)
        .arg("-o")
        .arg(dir.path().join("x.html"))
        .assert()
        .code(2);
}
