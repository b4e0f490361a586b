//! The HTML report rendered by a real browser (headless Chromium) to a PNG
//! screenshot and a PDF. Needs Debian's `chromium` (and `fonts-noto-cjk` for
//! Japanese glyphs); `.ci/run` installs both and runs this test with
//! `cargo test --test it browser:: -- --ignored`.

use crate::common::*;
use std::path::Path;
use std::process::Command;

fn chromium() -> &'static str {
    for c in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new("which")
            .arg(c)
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return c;
        }
    }
    panic!("no Chromium on PATH: apt-get install chromium fonts-noto-cjk (as .ci/run does)");
}

fn headless(profile: &Path, extra: &[String], url: &str) {
    let status = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1100,1600",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
#[ignore = "needs Chromium; run by .ci/run"]
fn report_renders_to_a_screenshot_and_a_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    renkei()
        .args(["reproduce", "-o"])
        .arg(&html)
        .assert()
        .success();
    let url = format!("file://{}", html.display());
    let png = dir.path().join("report.png");
    let pdf = dir.path().join("report.pdf");
    headless(
        &dir.path().join("p1"),
        &[format!("--screenshot={}", png.display())],
        &url,
    );
    headless(
        &dir.path().join("p2"),
        &[format!("--print-to-pdf={}", pdf.display())],
        &url,
    );

    // The screenshot is a real image with content: many distinct colours
    // (the chart's palette) and a good share of non-white pixels.
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert!(
        info.width >= 1000 && info.height >= 1000,
        "{}x{}",
        info.width,
        info.height
    );
    let bytes = &buf[..info.buffer_size()];
    let step = info.color_type.samples();
    let pixels: Vec<&[u8]> = bytes.chunks(step).collect();
    let non_white = pixels
        .iter()
        .filter(|p| p.iter().take(3).any(|&c| c < 235))
        .count();
    let share = non_white as f64 / pixels.len() as f64;
    assert!(
        share > 0.03,
        "screenshot nearly blank: {share:.3} non-white"
    );
    let mut colours: Vec<[u8; 3]> = pixels.iter().map(|p| [p[0], p[1], p[2]]).collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(colours.len() > 50, "only {} colours", colours.len());
    // The chart's blue (#0072B2) is on the page.
    assert!(
        pixels
            .iter()
            .any(|p| p[0] == 0x00 && p[1] == 0x72 && p[2] == 0xB2),
        "chart colours missing"
    );

    let pdf_bytes = std::fs::read(&pdf).unwrap();
    assert!(pdf_bytes.starts_with(b"%PDF"), "not a PDF");
    assert!(
        pdf_bytes.len() > 20_000,
        "PDF too small: {} bytes",
        pdf_bytes.len()
    );
}
