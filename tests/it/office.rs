//! The decks as LibreOffice Impress renders them: each opens and converts to
//! a PDF of one page per slide, and the 表3 slide, rasterised, matches the
//! committed reference picture within a tolerance. Needs Debian bookworm's
//! `libreoffice-impress-nogui` (7.4.7), `poppler-utils`, `fonts-noto-cjk` and
//! `fonts-dejavu-core`/`-extra` — the picture was made with them; `.ci/run`
//! installs them and runs `cargo test --test it office:: -- --ignored`.
//!
//! To renew the reference after an intended change of the slides:
//! `RENKEI_RENEW_SLIDES=1 cargo test --test it office:: -- --ignored`,
//! then look at the picture before committing it.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Converts `deck` to PDF in `dir` with LibreOffice; returns the PDF.
fn to_pdf(deck: &Path, dir: &Path) -> PathBuf {
    let profile = dir.join("lo-profile");
    let status = Command::new("libreoffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(deck)
        .output()
        .expect("libreoffice on PATH: apt-get install libreoffice-impress-nogui (as .ci/run does)");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let pdf = dir.join(deck.with_extension("pdf").file_name().unwrap());
    assert!(
        pdf.exists(),
        "LibreOffice wrote no PDF for {}",
        deck.display()
    );
    pdf
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&out.stdout);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count")
}

/// Page `page` of `pdf` as RGB pixels (width, height, bytes) at `dpi`.
fn raster(pdf: &Path, page: usize, dpi: u32, dir: &Path) -> (u32, u32, Vec<u8>) {
    let stem = dir.join(format!("page{page}"));
    let status = Command::new("pdftoppm")
        .args(["-png", "-singlefile", "-r", &dpi.to_string()])
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg(&stem)
        .status()
        .expect("pdftoppm (poppler-utils)");
    assert!(status.success());
    decode(&stem.with_extension("png"))
}

fn decode(png_path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let step = info.color_type.samples();
    let rgb: Vec<u8> = buf[..info.buffer_size()]
        .chunks(step)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, info.height, rgb)
}

fn slide_count(deck: &Path) -> usize {
    crate::pptx::parts(&std::fs::read(deck).unwrap())
        .keys()
        .filter(|n| n.starts_with("ppt/slides/slide") && n.ends_with(".xml"))
        .count()
}

#[test]
#[ignore = "needs LibreOffice and poppler-utils; run by .ci/run"]
fn decks_open_in_libreoffice_and_the_table3_slide_looks_as_committed() {
    let dir = tempfile::tempdir().unwrap();
    let decks: [(&str, Vec<&str>); 4] = [
        ("表3-5", vec!["reproduce"]),
        (
            "ratios",
            vec![
                "ratio",
                "--study",
                "examples/ndb/study.csv",
                "--standard",
                "examples/ndb/standard.csv",
                "--masked",
                "exclude",
            ],
        ),
        ("plan", vec!["evaluate", "seeds/otaru-midterm.csv"]),
        (
            "councils",
            vec![
                "checklist",
                "--checklist",
                "prefecture-32",
                "--returns",
                "checklists/examples/prefecture-32.csv",
            ],
        ),
    ];
    let mut table3_pdf = None;
    for (name, args) in &decks {
        let deck = dir.path().join(format!("{name}.pptx"));
        renkei()
            .current_dir(repo())
            .args(args)
            .arg("-o")
            .arg(&deck)
            .assert()
            .success();
        let pdf = to_pdf(&deck, dir.path());
        assert_eq!(
            pages(&pdf),
            slide_count(&deck),
            "{name}: one page per slide"
        );
        if *name == "表3-5" {
            table3_pdf = Some(pdf);
        }
    }
    // A template whose masters LibreOffice wrote (an organisation's deck
    // saved by another program): the deck on it opens and renders too.
    let odp_dir = dir.path().join("odp");
    std::fs::create_dir_all(&odp_dir).unwrap();
    let convert = |what: &Path, to: &str, out: &Path| {
        let status = Command::new("libreoffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                dir.path().join("lo-profile").display()
            ))
            .args(["--headless", "--convert-to", to, "--outdir"])
            .arg(out)
            .arg(what)
            .output()
            .unwrap();
        assert!(status.status.success());
    };
    convert(&dir.path().join("表3-5.pptx"), "odp", &odp_dir);
    let org_dir = dir.path().join("org");
    std::fs::create_dir_all(&org_dir).unwrap();
    convert(&odp_dir.join("表3-5.odp"), "pptx", &org_dir);
    let templated = dir.path().join("templated.pptx");
    renkei()
        .current_dir(repo())
        .args(["evaluate", "seeds/otaru-midterm.csv", "--template"])
        .arg(org_dir.join("表3-5.pptx"))
        .arg("-o")
        .arg(&templated)
        .assert()
        .success();
    let pdf = to_pdf(&templated, dir.path());
    assert_eq!(
        pages(&pdf),
        slide_count(&templated),
        "templated: one page per slide"
    );

    // The 表3 slide (the deck's second) against the committed picture.
    let (w, h, got) = raster(&table3_pdf.unwrap(), 2, 48, dir.path());
    let reference = repo().join("tests/reference/slides/table3.png");
    if std::env::var_os("RENKEI_RENEW_SLIDES").is_some() {
        std::fs::copy(dir.path().join("page2.png"), &reference).unwrap();
    }
    let (rw, rh, want) = decode(&reference);
    assert_eq!((w, h), (rw, rh), "the slide's size in pixels");
    // Tolerance: text anti-aliasing and hinting differ a little between
    // builds; a moved or missing table, line or chart does not pass.
    let diff: Vec<u32> = got
        .iter()
        .zip(&want)
        .map(|(a, b)| (*a as i32 - *b as i32).unsigned_abs())
        .collect();
    let mean = diff.iter().map(|&d| d as f64).sum::<f64>() / diff.len() as f64;
    let far = diff.iter().filter(|&&d| d > 96).count() as f64 / diff.len() as f64;
    assert!(
        mean < 4.0 && far < 0.01,
        "the 表3 slide differs from tests/reference/slides/table3.png: mean {mean:.2}, {:.2}% of samples far off",
        100.0 * far
    );
}
