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

/// `report` with `script` appended (a `<pre id=result>` it fills with its
/// findings), loaded in headless Chromium; returns what the script wrote.
fn measure(report: &Path, script: &str, dir: &Path) -> String {
    let html = std::fs::read_to_string(report)
        .unwrap()
        .replace("</body>", script);
    let page = dir.join("measured.html");
    std::fs::write(&page, html).unwrap();
    let dom = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--dump-dom",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.join("p-measure").display()
        ))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    let result = &dom[dom.find("<pre id=\"result\">").expect("result block")..];
    result[..result.find("</pre>").expect("end of the result block")].to_string()
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

/// The evaluation's HTML report as Chromium lays it out (issue: labels cut,
/// every row on its own scale, composites left out): one chart per unit,
/// each with its axis ticks; every label whole, inside the picture and left
/// of the plot; the composite items' rows drawn. A script appended to the
/// report measures the rendered text and writes its findings into the DOM,
/// which `--dump-dom` returns; a screenshot of the same page is taken.
#[test]
#[ignore = "needs Chromium; run by .ci/run"]
fn evaluation_chart_labels_are_whole_on_one_axis_per_unit() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    renkei()
        .args(["evaluate"])
        .arg(repo().join("examples/otaru-final-madeup.csv"))
        .arg("-o")
        .arg(&report)
        .assert()
        .success();
    let script = "<pre id=result></pre><script>\
const found = [];\
const charts = [...document.querySelectorAll('g.renkei-progress')];\
found.push('charts ' + charts.length);\
for (const g of charts) {\
  const svg = g.ownerSVGElement;\
  const width = svg.viewBox.baseVal && svg.viewBox.baseVal.width || svg.width.baseVal.value;\
  const left = parseFloat(g.getAttribute('data-plot-left'));\
  found.push('ticks ' + g.querySelectorAll('line').length);\
  for (const t of g.querySelectorAll('text.renkei-label')) {\
    const b = t.getBBox();\
    found.push('label ' + (b.x >= 0 && b.x + b.width <= left && b.x + b.width <= width ? 'ok' : 'CUT ' + t.textContent + ' ' + (b.x + b.width) + ' > ' + left));\
  }\
  found.push('bold ' + [...g.querySelectorAll('text.renkei-label[font-weight=bold]')].map(t => t.textContent).join('|'));\
}\
document.getElementById('result').textContent = found.join('\\n');\
</script></body>";
    let result = measure(&report, script, dir.path());
    let result = result.as_str();
    let lines: Vec<&str> = result.lines().collect();
    // Units of the made-up final: 歳, none, %, 施設, 件, g, 本.
    assert!(result.contains("charts 7"), "{result}");
    let labels: Vec<&&str> = lines.iter().filter(|l| l.contains("label ")).collect();
    assert!(labels.len() > 40, "{result}");
    assert!(
        labels.iter().all(|l| l.ends_with("label ok")),
        "labels cut or running into the plot: {result}"
    );
    assert!(
        result.contains("1-5 がん検診の受診率の増加"),
        "composite rows drawn: {result}"
    );
    assert!(
        lines.iter().filter(|l| l.starts_with("ticks ")).all(|l| l
            .trim_start_matches("ticks ")
            .parse::<usize>()
            .unwrap_or(0)
            >= 3),
        "every chart has its axis: {result}"
    );
    // And the page as a picture (kept beside the test's other screenshots).
    let png = dir.path().join("evaluate.png");
    headless(
        &dir.path().join("p2"),
        &[format!("--screenshot={}", png.display())],
        &format!("file://{}", report.display()),
    );
    assert!(std::fs::metadata(&png).unwrap().len() > 50_000);
}

/// Gray levels of a PNG, averaged over `block` × `block` squares.
fn gray_blocks(path: &Path, block: usize) -> (usize, usize, Vec<f64>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let step = info.color_type.samples();
    let (w, h) = (info.width as usize, info.height as usize);
    let gray: Vec<f64> = buf[..info.buffer_size()]
        .chunks(step)
        .map(|p| (p[0] as f64 + p[1] as f64 + p[2] as f64) / 3.0)
        .collect();
    let (bw, bh) = (w / block, h / block);
    let mut out = vec![0.0; bw * bh];
    for y in 0..bh * block {
        for x in 0..bw * block {
            out[(y / block) * bw + x / block] += gray[y * w + x] / (block * block) as f64;
        }
    }
    (bw, bh, out)
}

/// `--output-dir --image png` draws each chart with resvg and the system's
/// fonts; Chromium draws the same chart's SVG. Compared in 8 px squares
/// (16 in the 192 dpi picture), the two agree: the Japanese labels are
/// drawn (a missing font would leave their squares white), in their places.
#[test]
#[ignore = "needs Chromium and fonts-noto-cjk; run by .ci/run"]
fn png_charts_match_the_svg_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    for image in ["svg", "png"] {
        renkei()
            .current_dir(repo())
            .args(["reproduce", "--output-dir"])
            .arg(dir.path().join(image))
            .args(["--image", image])
            .assert()
            .success();
    }
    // `--format png` draws the same picture as `--output-dir --image png`.
    let single = dir.path().join("tab.png");
    renkei()
        .current_dir(repo())
        .args([
            "tab",
            "--survey",
            "surveys/renkei-2025",
            "--question",
            "implementation",
        ])
        .args(["--by", "class", "--format", "png", "-o"])
        .arg(&single)
        .assert()
        .success();
    let tab_svg = dir.path().join("tab.svg");
    renkei()
        .current_dir(repo())
        .args([
            "tab",
            "--survey",
            "surveys/renkei-2025",
            "--question",
            "implementation",
        ])
        .args(["--by", "class", "-o"])
        .arg(&tab_svg)
        .assert()
        .success();
    for (svg, ours) in [
        (
            dir.path().join("svg/01-表3.svg"),
            dir.path().join("png/01-表3.png"),
        ),
        (tab_svg, single),
    ] {
        compare_with_chromium(&svg, &ours, dir.path());
    }
}

/// Chromium's screenshot of `svg` against resvg's `ours` (drawn at twice the size).
fn compare_with_chromium(svg: &Path, ours: &Path, dir: &Path) {
    let text = std::fs::read_to_string(svg).unwrap();
    let height: usize = text
        .split("height=\"")
        .nth(1)
        .and_then(|h| h.split('"').next())
        .and_then(|h| h.parse().ok())
        .unwrap();
    let shot = dir.join(format!(
        "chromium-{}.png",
        svg.file_stem().unwrap().to_string_lossy()
    ));
    headless(
        &dir.join(format!("p-{}", svg.file_stem().unwrap().to_string_lossy())),
        &[
            format!("--screenshot={}", shot.display()),
            format!("--window-size=860,{height}"),
            "--hide-scrollbars".into(),
        ],
        &format!("file://{}", svg.display()),
    );
    let (w1, h1, a) = gray_blocks(&shot, 8);
    let (w2, h2, b) = gray_blocks(ours, 16);
    assert_eq!((w1, h1), (w2, h2), "same picture size at 192 dpi");
    let mean = a.iter().zip(&b).map(|(x, y)| (x - y).abs()).sum::<f64>() / a.len() as f64;
    eprintln!("resvg vs Chromium: {mean:.2} gray levels per square");
    assert!(
        mean < 6.0,
        "resvg and Chromium differ by {mean:.2} gray levels per square"
    );
    // The labels' column (left of the bars) is inked, not blank.
    let ink: f64 = (0..h2)
        .map(|y| (0..w2 / 4).map(|x| 255.0 - b[y * w2 + x]).sum::<f64>())
        .sum();
    eprintln!("label ink {ink:.0}");
    assert!(ink > 6_000.0, "the Japanese labels are drawn: ink {ink:.0}");
}

/// The ratio report's funnel plots as Chromium lays them out: every area is
/// named, and no two names overlap (they were unlabelled inside the
/// limits, and labels ran into each other).
#[test]
#[ignore = "needs Chromium; run by .ci/run"]
fn funnel_labels_name_every_area_without_overlap() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("ratios.html");
    renkei()
        .current_dir(repo())
        .args([
            "ratio",
            "--study",
            "examples/ndb/study.csv",
            "--standard",
            "examples/ndb/standard.csv",
        ])
        .args(["--masked", "exclude", "-o"])
        .arg(&report)
        .assert()
        .success();
    let script = "<pre id=result></pre><script>\
const found = [];\
for (const svg of document.querySelectorAll('svg')) {\
  const boxes = [...svg.querySelectorAll('text.renkei-point-label')].map(t => t.getBBox());\
  if (boxes.length === 0) continue;\
  let overlaps = 0;\
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {\
    const a = boxes[i], b = boxes[j];\
    if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) overlaps++;\
  }\
  found.push('funnel ' + boxes.length + ' labels ' + overlaps + ' overlaps');\
}\
document.getElementById('result').textContent = found.join('\\n');\
</script></body>";
    let result = measure(&report, script, dir.path());
    let result = result.as_str();
    let lines: Vec<&str> = result.lines().filter(|l| l.contains("funnel ")).collect();
    // 3 items × 2 sexes, 8 areas each.
    assert_eq!(lines.len(), 6, "{result}");
    for l in lines {
        assert!(l.contains("funnel 8 labels 0 overlaps"), "{result}");
    }
}

/// Issue 33: in Chromium, each item's chart of the ratio report is the
/// slides' — upright bars, 県全体 left of every area, ▲/▼ on the bars —
/// and a screenshot of the report shows it (target/tmp/ratio-report.png).
#[test]
#[ignore = "needs Chromium; .ci/run runs it"]
fn ratio_item_charts_are_upright_with_the_total_first_in_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("ratios.html");
    renkei()
        .current_dir(repo())
        .args([
            "ratio",
            "--study",
            "examples/ndb/study.csv",
            "--standard",
            "examples/ndb/standard.csv",
            "--masked",
            "exclude",
            "-o",
        ])
        .arg(&report)
        .assert()
        .success();
    let script = "<pre id=result></pre><script>\
const found = [];\
for (const g of document.querySelectorAll('g.renkei-chart')) {\
  const texts = [...g.querySelectorAll('text')];\
  if (!texts.some(t => t.textContent.includes('地域別の標準化該当比'))) continue;\
  const x = name => { const t = texts.find(t => t.textContent.trim() === name); return t ? t.getBBox().x : NaN; };\
  const total = x('県全体');\
  const areas = ['北部', '中部', '南部', '東部', '西部', '湾岸', '山間', '島しょ'].map(x);\
  const first = areas.every(a => total < a);\
  const bars = [...g.querySelectorAll('rect')].map(r => r.getBBox()).filter(b => b.width > 0);\
  const columns = new Set(bars.map(b => Math.round(b.x))).size;\
  const marks = texts.filter(t => ['▲', '▼'].includes(t.textContent.trim())).length;\
  found.push('item first=' + first + ' columns=' + columns + ' marks=' + marks);\
}\
document.getElementById('result').textContent = found.join('\\n');\
</script></body>";
    let result = measure(&report, script, dir.path());
    let lines: Vec<&str> = result
        .lines()
        .filter(|l| l.contains("item first="))
        .collect();
    assert_eq!(lines.len(), 3, "{result}");
    for l in &lines {
        assert!(l.contains("first=true"), "{result}");
        // Side by side along the axis: a column per area and sex.
        let columns: usize = l
            .split("columns=")
            .nth(1)
            .and_then(|m| m.split_whitespace().next()?.parse().ok())
            .unwrap();
        assert!(columns >= 18, "{result}");
        let marks: usize = l
            .split("marks=")
            .nth(1)
            .and_then(|m| m.trim().parse().ok())
            .unwrap();
        assert!(marks > 0, "{result}");
    }
    let png = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ratio-report.png");
    headless(
        &dir.path().join("profile"),
        &[format!("--screenshot={}", png.display())],
        &format!("file://{}", report.display()),
    );
    assert!(std::fs::metadata(&png).unwrap().len() > 10_000);
}
