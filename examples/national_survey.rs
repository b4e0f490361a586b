//! Generates a national-size synthetic survey for benchmarks: the 1,741
//! municipalities of Japan plus the 175 wards of the 20 designated cities
//! (1,916 units), with realistic class counts (23 特別区, 20 政令市 and their
//! 175 行政区, 62 中核市, 23 施行時特例市, 687 other 市, 743 町, 183 村),
//! employment shares drawn around each class's typical values, and 100
//! questions whose answers depend mildly on the class, 2 % left blank.
//!
//! Seeded (ChaCha8), so the same seed gives the same files:
//!   cargo run --release --example national_survey -- OUT_DIR [SEED]
//! writes OUT_DIR/survey.json and OUT_DIR/returns.csv.

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};
use std::fmt::Write as _;

fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A normal draw (Box–Muller), clipped to [lo, hi].
fn normal(rng: &mut ChaCha8Rng, mean: f64, sd: f64, lo: f64, hi: f64) -> f64 {
    let (u1, u2) = (uniform(rng).max(1e-12), uniform(rng));
    let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
    (mean + sd * z).clamp(lo, hi)
}

#[allow(dead_code)] // a test includes this file for `write_survey` alone
fn main() {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().expect("usage: national_survey OUT_DIR [SEED]"));
    let seed: u64 = args.next().map_or(2025, |s| s.parse().expect("seed"));
    let (units, questions) = write_survey(&out, seed);
    eprintln!("{units} units, {questions} questions in {}", out.display());
}

/// Writes OUT/survey.json and OUT/returns.csv; returns the numbers of units
/// and questions. (The app's browser test includes this file to make the
/// same survey.)
pub fn write_survey(out: &std::path::Path, seed: u64) -> (usize, usize) {
    std::fs::create_dir_all(out).expect("create OUT_DIR");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);

    // (class, count, typical Ⅱ+Ⅲ share, typical Ⅲ share)
    let classes: [(&str, usize, f64, f64); 8] = [
        ("特別区", 23, 99.5, 85.0),
        ("政令指定都市", 20, 98.5, 78.0),
        ("行政区", 175, 98.0, 77.0),
        ("中核市", 62, 97.0, 72.0),
        ("施行時特例市", 23, 96.5, 68.0),
        ("市", 687, 93.0, 66.0),
        ("町", 743, 88.0, 62.0),
        ("村", 183, 80.0, 58.0),
    ];
    let questions = 100;
    let mut csv = String::from("unit_id,class,share_secondary_tertiary,share_tertiary");
    for q in 1..=questions {
        write!(csv, ",q{q:03}").unwrap();
    }
    csv.push('\n');
    // Each question: 3–5 categories, and a class effect on the first category.
    let shape: Vec<(usize, f64)> = (0..questions)
        .map(|_| (3 + (rng.next_u32() % 3) as usize, 0.5 * uniform(&mut rng)))
        .collect();
    let mut id = 0;
    for (class_idx, (class, count, s23, s3)) in classes.iter().enumerate() {
        for _ in 0..*count {
            id += 1;
            let a = normal(&mut rng, *s23, 3.0, 50.0, 100.0);
            let b = normal(&mut rng, *s3, 6.0, 20.0, a);
            write!(csv, "N{id:04},{class},{a:.1},{b:.1}").unwrap();
            // Urban classes (low index) lean to the first categories.
            let urban = 1.0 - class_idx as f64 / (classes.len() - 1) as f64;
            for &(k, effect) in &shape {
                if uniform(&mut rng) < 0.02 {
                    csv.push(',');
                    continue;
                }
                let mut w: Vec<f64> = (0..k)
                    .map(|c| 1.0 + if c == 0 { effect * urban * 2.0 } else { 0.0 })
                    .collect();
                let total: f64 = w.iter().sum();
                w.iter_mut().for_each(|v| *v /= total);
                let u = uniform(&mut rng);
                let mut acc = 0.0;
                let mut pick = k - 1;
                for (c, p) in w.iter().enumerate() {
                    acc += p;
                    if u < acc {
                        pick = c;
                        break;
                    }
                }
                write!(csv, ",{}", pick + 1).unwrap();
            }
            csv.push('\n');
        }
    }
    let questions_json: Vec<serde_json::Value> = shape
        .iter()
        .enumerate()
        .map(|(q, &(k, _))| {
            serde_json::json!({
                "id": format!("q{:03}", q + 1),
                "column": format!("q{:03}", q + 1),
                "label": {"ja": format!("設問{}", q + 1), "en": format!("Question {}", q + 1)},
                "ordered": true,
                "categories": (1..=k).map(|c| serde_json::json!({
                    "code": c.to_string(),
                    "label": {"ja": format!("選択肢{c}"), "en": format!("Option {c}")}
                })).collect::<Vec<_>>()
            })
        })
        .collect();
    let survey = serde_json::json!({
        "id": "national-synthetic",
        "title": {"ja": "全国規模の合成調査 (ベンチマーク用)", "en": "National-size synthetic survey (benchmark)"},
        "returns": "returns.csv",
        "unit_columns": {"id": "unit_id", "class": "class",
            "share_secondary_tertiary": "share_secondary_tertiary", "share_tertiary": "share_tertiary"},
        "questions": questions_json,
        "groupings": [
            {"id": "class", "label": {"ja": "市区町村別", "en": "by class"}, "by": "class-group", "ordered": true},
            {"id": "city-industry", "label": {"ja": "都市の類型別", "en": "cities by industry"}, "by": "industry", "scheme": "city"},
            {"id": "town-industry", "label": {"ja": "町村の類型別", "en": "towns by industry"}, "by": "industry", "scheme": "town"}
        ]
    });
    std::fs::write(
        out.join("survey.json"),
        serde_json::to_string_pretty(&survey).unwrap(),
    )
    .unwrap();
    std::fs::write(out.join("returns.csv"), csv).unwrap();
    (id, questions)
}
