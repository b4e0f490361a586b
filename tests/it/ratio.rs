//! `renkei ratio` on the shipped synthetic NDB example and on bad input.
//!
//! The example's reference values (tests/reference/ratio_example.tsv) were
//! computed by tests/reference/make_ratio.R from the same CSV files with
//! `poisson.test` (limits; its "minlike" p on request), the central exact p
//! (twice the smaller tail, `ppois`), `p.adjust(method = "holm")` and
//! `epitools::ageadjust.direct`, masked strata left out of O and E.
//! Tolerance: 1e-9 relative (absolute below 1).

use crate::common::{assert_close, assert_refused, reference_tsv, renkei, repo};
use predicates::prelude::*;
use serde_json::Value;

const TOLERANCE: f64 = 1e-9;

fn example(file: &str) -> String {
    repo().join("examples/ndb").join(file).display().to_string()
}

fn run_json(extra: &[&str]) -> Value {
    let mut args = vec![
        "ratio".to_string(),
        "--study".into(),
        example("study.csv"),
        "--standard".into(),
        example("standard.csv"),
        "--format".into(),
        "json".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let out = renkei().args(&args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What `renkei ratio ARGS` prints (it must succeed).
fn ratio_stdout(args: &[&str]) -> String {
    let out = renkei().arg("ratio").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn find<'a>(list: &'a [Value], area: &str, item: &str, sex: &str) -> &'a Value {
    list.iter()
        .find(|r| r["area"] == area && r["item"] == item && r["sex"] == sex)
        .unwrap_or_else(|| panic!("no result for {area} {item} {sex}"))
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("a number: {v}"))
}

#[test]
fn indirect_ratios_of_the_example_match_r() {
    let exact = run_json(&["--masked", "exclude"]);
    let binomial = run_json(&["--masked", "exclude", "--ci", "binomial"]);
    let minlike = run_json(&["--masked", "exclude", "--p-method", "minlike"]);
    assert_eq!(exact["p_method"], "central");
    assert_eq!(minlike["p_method"], "minlike");
    let reference = reference_tsv("ratio_example.tsv");
    // 8 areas and 県全体, × 3 items × (2 sexes and both).
    assert_eq!(reference.len(), 81);
    assert_eq!(exact["results"].as_array().unwrap().len(), 81);
    // 県全体 comes first.
    assert_eq!(exact["results"][0]["area"], "total");
    assert_eq!(exact["results"][0]["area_kind"], "total");
    assert_eq!(exact["results"][9]["area_kind"], "area");
    for r in &reference {
        let num = |i: usize| r[i].parse::<f64>().unwrap();
        let case = format!("{} {} {}", r[0], r[1], r[2]);
        // The reference names the total 県全体; JSON calls it "total".
        let area = if r[0] == "県全体" {
            "total"
        } else {
            r[0].as_str()
        };
        let got = find(exact["results"].as_array().unwrap(), area, &r[1], &r[2]);
        assert_eq!(got["observed"].as_u64().unwrap() as f64, num(3), "{case}");
        for (key, col) in [
            ("expected", 4),
            ("ratio", 5),
            ("ci_lower", 6),
            ("ci_upper", 7),
            ("p", 8),
        ] {
            assert_close(f(&got[key]), num(col), TOLERANCE, &format!("{case} {key}"));
        }
        // 県全体 is not one of the areas compared with each other.
        if r[0] == "県全体" {
            assert!(got["p_adjusted_areas"].is_null(), "{case}");
        } else {
            assert_close(f(&got["p_adjusted_areas"]), num(15), TOLERANCE, &case);
        }
        // poisson.test's own p, on request.
        let ml = find(minlike["results"].as_array().unwrap(), area, &r[1], &r[2]);
        assert_close(
            f(&ml["p"]),
            num(14),
            TOLERANCE,
            &format!("{case} minlike p"),
        );
        // The default p agrees with the interval: 100 outside ⇔ p < 0.05.
        let outside = num(6) > 100.0 || num(7) < 100.0;
        assert_eq!(outside, num(8) < 0.05, "{case}: interval and p agree");
        assert_close(f(&got["ratio_minus_100"]), num(5) - 100.0, TOLERANCE, &case);
        let b = find(binomial["results"].as_array().unwrap(), area, &r[1], &r[2]);
        assert_close(
            f(&b["ci_lower"]),
            num(9),
            TOLERANCE,
            &format!("{case} binomial lower"),
        );
        assert_close(
            f(&b["ci_upper"]),
            num(10),
            TOLERANCE,
            &format!("{case} binomial upper"),
        );
    }
}

#[test]
fn direct_rates_of_the_example_match_epitools() {
    let direct = run_json(&["--masked", "exclude", "--method", "direct"]);
    let list = direct["direct"].as_array().unwrap();
    assert_eq!(list.len(), 81);
    for r in reference_tsv("ratio_example.tsv") {
        let num = |i: usize| r[i].parse::<f64>().unwrap();
        let case = format!("{} {} {}", r[0], r[1], r[2]);
        let area = if r[0] == "県全体" {
            "total"
        } else {
            r[0].as_str()
        };
        let got = find(list, area, &r[1], &r[2]);
        assert_close(
            f(&got["adjusted_rate"]),
            num(11),
            TOLERANCE,
            &format!("{case} adjusted"),
        );
        assert_close(
            f(&got["ci_lower"]),
            num(12),
            TOLERANCE,
            &format!("{case} lower"),
        );
        assert_close(
            f(&got["ci_upper"]),
            num(13),
            TOLERANCE,
            &format!("{case} upper"),
        );
    }
}

#[test]
fn masked_counts_stop_the_run_and_are_listed() {
    let out = renkei()
        .args([
            "ratio",
            "--study",
            &example("study.csv"),
            "--standard",
            &example("standard.csv"),
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("5 problems"), "{err}");
    assert!(
        err.contains("study.csv:310: column '該当者数': value '‐'"),
        "{err}"
    );
    assert!(err.contains("--masked exclude"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn masked_bounds_bracket_the_excluded_and_filled_ratios() {
    let bounds = run_json(&["--masked", "bounds"]);
    let results = bounds["results"].as_array().unwrap();
    let masked: Vec<&Value> = results
        .iter()
        .filter(|r| r["masked_strata"].as_u64() > Some(0))
        .collect();
    assert!(!masked.is_empty());
    for r in masked {
        let [lo, hi] =
            [&r["observed_bounds"][0], &r["observed_bounds"][1]].map(|v| v.as_u64().unwrap());
        let k = r["masked_strata"].as_u64().unwrap();
        assert_eq!(hi - lo, 8 * k, "{r}");
        let [rlo, rhi] = [f(&r["ratio_bounds"][0]), f(&r["ratio_bounds"][1])];
        assert!(rlo < rhi);
        assert_close(
            rlo,
            100.0 * lo as f64 / f(&r["expected"]),
            1e-12,
            "lower ratio",
        );
        assert!(f(&r["ci_lower"]) < rlo && f(&r["ci_upper"]) > rhi);
        assert!(
            r["ratio"].is_null() && r["p"].is_null(),
            "a range has no single ratio or p: {r}"
        );
    }
}

#[test]
fn json_keeps_the_documented_keys() {
    let j = run_json(&["--masked", "exclude"]);
    let first = &j["results"][0];
    for key in [
        "area", "item", "sex", "observed", "expected", "ratio", "ci_lower", "ci_upper", "p",
    ] {
        assert!(first.get(key).is_some(), "results[].{key} missing: {first}");
    }
    assert_eq!(j["method"], "indirect");
    assert_eq!(j["ci"], "exact");
}

#[test]
fn every_format_renders_and_svg_has_the_three_charts() {
    for format in ["text", "markdown", "csv", "html", "svg"] {
        let out = renkei()
            .args([
                "ratio",
                "--study",
                &example("study.csv"),
                "--standard",
                &example("standard.csv"),
                "--masked",
                "exclude",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        match format {
            "csv" => assert!(
                text.trim_start_matches('\u{feff}').starts_with(
                    "area,item,sex,observed,expected,ratio,ratio_minus_100,ci_lower,ci_upper,p"
                ),
                "{text}"
            ),
            "svg" => {
                assert!(text.contains("北部: 標準化該当比 − 100"));
                assert!(text.contains("ファネルプロット"));
                assert!(text.contains("地域別の標準化該当比"));
            }
            _ => assert!(text.contains("山間")),
        }
    }
}

/// Writes a study and a standard file into a temporary directory.
fn files(study: &str, standard: &str) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("study.csv");
    let t = dir.path().join("standard.csv");
    std::fs::write(&s, study).unwrap();
    std::fs::write(&t, standard).unwrap();
    (dir, s.display().to_string(), t.display().to_string())
}

const STANDARD: &str =
    "item,sex,age_band,count,population\nBMI,M,40-44,300,1000\nBMI,M,45-49,400,1000\n";

fn refused(study: &str, standard: &str, extra: &[&str], expected: &[&str]) {
    let (_dir, s, t) = files(study, standard);
    let out = renkei()
        .args(["ratio", "--study", &s, "--standard", &t, "--lang", "en"])
        .args(extra)
        .output()
        .unwrap();
    assert_refused(&out, expected);
}

#[test]
fn bad_input_is_refused_with_its_place() {
    let header = "area,item,sex,age_band,count,population\n";
    refused(
        &format!("{header}A,BMI,M,40-44,-3,100\nA,BMI,M,45-49,4,100\n"),
        STANDARD,
        &[],
        &["study.csv:2: column 'count': value '-3'", "whole number"],
    );
    refused(
        &format!("{header}A,BMI,M,40-44,300,100\nA,BMI,M,45-49,4,100\n"),
        STANDARD,
        &[],
        &["study.csv:2", "no larger than the population 100"],
    );
    // A stratum of nobody is accepted (it adds 0 to O and E), but not
    // with people counted in it.
    refused(
        &format!("{header}A,BMI,M,40-44,3,0\nA,BMI,M,45-49,4,100\n"),
        STANDARD,
        &[],
        &["study.csv:2", "no larger than the population 0"],
    );
    refused(
        &format!("{header}A,BMI,M,40-44,3,100\nA,BMI,M,40-44,4,100\nA,BMI,M,45-49,4,100\n"),
        STANDARD,
        &[],
        &["study.csv:3", "line 2 has it too"],
    );
    refused(
        &format!("{header}A,BMI,M,40-44,3,100\n"),
        STANDARD,
        &[],
        &["study.csv:2", "(BMI, M, 45-49) in area 'A'"],
    );
    refused(
        &format!("{header}A,BMI,M,40-44,3,100\nA,BMI,M,45-49,4,100\nA,BMI,F,40-44,4,100\n"),
        STANDARD,
        &[],
        &[
            "study.csv:4: column 'item': value 'BMI / F / 40-44'",
            "standard population has",
        ],
    );
    refused(
        &format!("{header}A,BMI,M,40-44,3,100\nA,BMI,M,45-49,4,100\n"),
        "item,sex,age_band,rate\nBMI,M,40-44,0.3\nBMI,M,45-49,1.2\n",
        &[],
        &[
            "standard.csv:3: column 'rate': value '1.2'",
            "between 0 and 1",
        ],
    );
    refused(
        &format!("{header}A,BMI,M,40-44,3,100\nA,BMI,M,45-49,4,100\n"),
        "item,sex,age_band,rate\nBMI,M,40-44,0.3\nBMI,M,45-49,0.2\n",
        &["--method", "direct"],
        &["direct standardization needs the standard's population"],
    );
    refused(
        &format!("{header}A,BMI,M,40-44,3,100\n"),
        STANDARD,
        &["--level", "95"],
        &["--level between 0 and 1"],
    );
    refused(
        "area,item,sex,count,population\nA,BMI,M,3,100\n",
        STANDARD,
        &[],
        &["a column 'age_band'", "年齢階級"],
    );
}

#[test]
fn a_rate_column_serves_as_the_standard() {
    let (_dir, s, t) = files(
        "地域,項目,性別,年齢階級,該当者数,受診者数\nA,BMI,M,40-44,30,100\nA,BMI,M,45-49,40,100\n",
        "item,sex,age_band,rate\nBMI,M,40-44,0.3\nBMI,M,45-49,0.4\n",
    );
    let out = renkei()
        .args(["ratio", "--study", &s, "--standard", &t, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_close(f(&j["results"][0]["expected"]), 70.0, 1e-12, "E");
    assert_close(f(&j["results"][0]["ratio"]), 100.0, 1e-12, "ratio");
    assert_eq!(j["results"][0]["p"], 1.0);
}

/// Why `--ci binomial` exists: for a condition with a prevalence of 35 %
/// the exact Poisson interval over-covers (its variance O overstates the
/// binomial Σ n p (1 − p)), while the binomial interval is near nominal.
/// 4,000 seeded replicates of an area of 7 age bands × 600 examinees at the
/// standard's rates (so the true ratio is 1): the standard error of a
/// coverage near 95 % is 0.34 points, so the bounds below are ±4 SE.
#[test]
fn binomial_interval_covers_nominally_where_poisson_over_covers() {
    use rand_chacha::ChaCha8Rng;
    use rand_core::{Rng, SeedableRng};
    use renkei::stats::poisson::{binomial_log_interval, exact_interval};
    let rates = [0.30, 0.32, 0.34, 0.35, 0.36, 0.38, 0.40];
    let n = 600.0;
    let expected: f64 = rates.iter().map(|r| r * n).sum();
    let mut rng = ChaCha8Rng::seed_from_u64(20261205);
    let (mut poisson, mut binomial) = (0u32, 0u32);
    let replicates = 4000;
    for _ in 0..replicates {
        let strata: Vec<(u64, f64)> = rates
            .iter()
            .map(|&p| {
                let cases = (0..n as usize)
                    .filter(|_| ((rng.next_u64() >> 11) as f64) < p * (1u64 << 53) as f64)
                    .count();
                (cases as u64, n)
            })
            .collect();
        let o: u64 = strata.iter().map(|s| s.0).sum();
        let e = exact_interval(o, expected, 0.95);
        poisson += u32::from(e.lower <= 1.0 && 1.0 <= e.upper);
        let b = binomial_log_interval(&strata, expected, 0.95).unwrap();
        binomial += u32::from(b.lower <= 1.0 && 1.0 <= b.upper);
    }
    let share = |k: u32| k as f64 / replicates as f64;
    assert!(
        share(poisson) > 0.975,
        "Poisson coverage {}",
        share(poisson)
    );
    assert!(
        (share(binomial) - 0.95).abs() < 0.0136,
        "binomial coverage {}",
        share(binomial)
    );
}

/// The workbook holds the results and a sheet of native Excel charts (bar
/// charts with custom error bars starting at the reference line, and
/// scatter funnel plots), editable in Excel.
#[test]
fn workbook_has_native_charts() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("r.xlsx");
    renkei()
        .args([
            "ratio",
            "--study",
            &example("study.csv"),
            "--standard",
            &example("standard.csv"),
            "--masked",
            "exclude",
            "-o",
        ])
        .arg(&xlsx)
        .assert()
        .success();
    use calamine::Reader;
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(wb.sheet_names(), vec!["標準化該当比", "グラフ"]);
    let file = std::fs::File::open(&xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let charts: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .filter(|n| n.starts_with("xl/charts/chart"))
        .collect();
    // 県全体 and 8 areas + 3 items' interval charts + 6 funnels.
    assert_eq!(charts.len(), 18, "{charts:?}");
    let mut text = String::new();
    use std::io::Read;
    zip.by_name("xl/charts/chart10.xml")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    // The item chart: upright columns of ratio − 100 from 0, with their
    // intervals as error bars.
    assert!(
        text.contains("<c:errBars>")
            && text.contains("<c:barDir val=\"col\"/>")
            && text.contains("<c:crossesAt val=\"0\"/>"),
        "{text}"
    );
}

/// A published table's total row is not a ninth area: it is refused with
/// its line (as an area it was counted twice).
#[test]
fn a_total_row_is_not_an_area() {
    let header = "area,item,sex,age_band,count,population\n";
    refused(
        &format!(
            "{header}A,BMI,M,40-44,30,100\nA,BMI,M,45-49,40,100\n合計,BMI,M,40-44,30,100\n合計,BMI,M,45-49,40,100\n"
        ),
        STANDARD,
        &[],
        &[
            "study.csv:4: column 'area': value '合計'",
            "leave out a total row",
        ],
    );
}

/// A standard's rate beside a count and a population must be theirs: when
/// they disagree the rate was used without a word.
#[test]
fn a_rate_that_contradicts_its_counts_is_refused() {
    let study =
        "area,item,sex,age_band,count,population\nA,BMI,M,40-44,30,100\nA,BMI,M,45-49,40,100\n";
    refused(
        study,
        "item,sex,age_band,count,population,rate\nBMI,M,40-44,300,1000,0.3\nBMI,M,45-49,400,1000,0.25\n",
        &[],
        &["standard.csv:3: column 'rate': value '0.25'", "0.400000"],
    );
}

/// Masks as tables print them, full-width and worded ones too, are masked
/// counts (they were refused as bad numbers).
#[test]
fn every_printed_mask_is_a_mask() {
    let header = "area,item,sex,age_band,count,population\n";
    for mask in ["ｘ", "−", "ー", "秘匿", "<10", "＜10", "10未満", "…"] {
        let study = format!("{header}A,BMI,M,40-44,{mask},100\nA,BMI,M,45-49,40,100\n");
        refused(
            &study,
            STANDARD,
            &[],
            &["study.csv:2: column 'count'", "--masked exclude"],
        );
    }
}

/// The two rows where the interval and the p disagreed (poisson.test's
/// "minlike" p with the central interval): 山間 HbA1c 男女計, interval
/// 99.97–114.9 with p = 0.0488, and 島しょ HbA1c 女性, 99.92–153.1 with
/// p = 0.044. The default p is now the interval's own (central) one.
#[test]
fn interval_and_p_agree_on_the_rows_that_disagreed() {
    let central = run_json(&["--masked", "exclude"]);
    let minlike = run_json(&["--masked", "exclude", "--p-method", "minlike"]);
    for (area, sex) in [("山間", "total"), ("島しょ", "女性")] {
        let c = find(
            central["results"].as_array().unwrap(),
            area,
            "HbA1c6.5以上",
            sex,
        );
        let m = find(
            minlike["results"].as_array().unwrap(),
            area,
            "HbA1c6.5以上",
            sex,
        );
        assert!(
            f(&c["ci_lower"]) < 100.0 && f(&c["ci_upper"]) > 100.0,
            "{area} {sex}"
        );
        assert!(f(&c["p"]) >= 0.05, "{area} {sex}: central p {}", c["p"]);
        assert!(f(&m["p"]) < 0.05, "{area} {sex}: minlike p {}", m["p"]);
    }
}

/// 県全体 (the total over the study's areas) is the first row of the
/// results, has its own chart, and leads every item's chart; it is not one
/// of the areas whose p-values are adjusted together.
#[test]
fn the_total_comes_first_in_tables_and_charts() {
    let dir = tempfile::tempdir().unwrap();
    let charts = dir.path().join("charts");
    renkei()
        .args([
            "ratio",
            "--study",
            &example("study.csv"),
            "--standard",
            &example("standard.csv"),
            "--masked",
            "exclude",
            "--output-dir",
        ])
        .arg(&charts)
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(&charts)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(names[0], "01-県全体.svg");
    let item = names
        .iter()
        .find(|n| n.contains("地域別の標準化該当比"))
        .unwrap();
    let svg = std::fs::read_to_string(charts.join(item)).unwrap();
    // Each label is a text node of its own line.
    let total = svg.find("\n県全体\n").expect("県全体 in the item chart");
    for area in ["北部", "山間", "島しょ"] {
        assert!(
            total < svg.find(&format!("\n{area}\n")).unwrap(),
            "県全体 before {area}"
        );
    }
    let j = run_json(&["--masked", "exclude"]);
    let results = j["results"].as_array().unwrap();
    let totals: Vec<&Value> = results
        .iter()
        .filter(|r| r["area_kind"] == "total")
        .collect();
    assert_eq!(totals.len(), 9, "3 items × (2 sexes and both)");
    assert!(results[..9].iter().all(|r| r["area_kind"] == "total"));
    // Its O and E are the areas' sums.
    let sum = |key: &str| -> f64 {
        results
            .iter()
            .filter(|r| r["area_kind"] == "area" && r["item"] == "BMI25以上" && r["sex"] == "男性")
            .map(|r| f(&r[key]))
            .sum()
    };
    let t = find(results, "total", "BMI25以上", "男性");
    assert_close(f(&t["observed"]), sum("observed"), 1e-12, "O");
    assert_close(f(&t["expected"]), sum("expected"), 1e-9, "E");
}

/// An area whose counts are all masked but a zero is not plotted at
/// ratio 0 under `--masked exclude`: it is flagged (with the masked share
/// of E), named with `--masked bounds` as the way to see its range, and
/// left out of the charts and the funnel.
#[test]
fn a_ratio_that_is_mostly_mask_is_flagged_not_charted() {
    let study = "area,item,sex,age_band,count,population\n\
                 A,BMI,M,40-44,30,100\nA,BMI,M,45-49,40,100\n\
                 B,BMI,M,40-44,0,20\nB,BMI,M,45-49,‐,100\n\
                 C,BMI,M,40-44,33,100\nC,BMI,M,45-49,38,100\n";
    let (_dir, s, t) = files(study, STANDARD);
    let out = renkei()
        .args([
            "ratio",
            "--study",
            &s,
            "--standard",
            &t,
            "--masked",
            "exclude",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    let b = find(j["results"].as_array().unwrap(), "B", "BMI", "M");
    // E of the left-out stratum is 0.4 × 100 = 40 of 40 + 0.3 × 20 = 46.
    assert_close(
        f(&b["masked_share_of_expected"]),
        40.0 / 46.0,
        1e-12,
        "share",
    );
    assert_eq!(b["mostly_masked"], true);
    assert_eq!(
        find(j["results"].as_array().unwrap(), "A", "BMI", "M")["mostly_masked"],
        false
    );
    let text = ratio_stdout(&[
        "--study",
        &s,
        "--standard",
        &t,
        "--masked",
        "exclude",
        "--lang",
        "en",
    ]);
    assert!(
        text.contains("are not charted") && text.contains("B / BMI / M (87%)"),
        "{text}"
    );
    assert!(text.contains("--masked bounds"));
    let svg = ratio_stdout(&[
        "--study",
        &s,
        "--standard",
        &t,
        "--masked",
        "exclude",
        "--format",
        "svg",
    ]);
    // B's chart has no bar at −100 (its label is there, its value is not).
    assert!(
        !svg.contains(">-100.0<") && !svg.contains("\n-100.0\n"),
        "B plotted at 0"
    );
}

/// The slides' words: 95%信頼区間, 有意に高い／低い, 標準化該当比−100 and
/// the reading 「期待される該当者数より〇〇%多い／少ない」, per result.
#[test]
fn results_carry_the_slides_words() {
    let j = run_json(&["--masked", "exclude"]);
    let results = j["results"].as_array().unwrap();
    for r in results {
        let side = if f(&r["ci_lower"]) > 100.0 {
            "higher"
        } else if f(&r["ci_upper"]) < 100.0 {
            "lower"
        } else {
            ""
        };
        assert_eq!(r["significance"].as_str().unwrap_or(""), side, "{r}");
    }
    let text = ratio_stdout(&[
        "--study",
        &example("study.csv"),
        "--standard",
        &example("standard.csv"),
        "--masked",
        "exclude",
    ]);
    for words in [
        "95%信頼区間",
        "有意に高い",
        "有意に低い",
        "標準化該当比−100",
        "期待される該当者数より 4.4% 多い",
        "% 少ない",
    ] {
        assert!(text.contains(words), "{words}");
    }
}

/// `--standard study` (対県): each area against the study's own total. The
/// standard's rate of a stratum is the areas' known counts over their
/// populations, so 県全体 is exactly 100 and an area's E is recomputed here
/// from the CSV by hand.
#[test]
fn the_study_can_be_its_own_standard() {
    let out = renkei()
        .args([
            "ratio",
            "--study",
            &example("study.csv"),
            "--standard",
            "study",
        ])
        .args(["--masked", "exclude", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["standard"], "study");
    let results = j["results"].as_array().unwrap();
    for r in results.iter().filter(|r| r["area_kind"] == "total") {
        assert_close(f(&r["ratio"]), 100.0, 1e-9, "県全体 against itself");
    }
    // By hand: rates per (item, sex, band) over the known strata, then E.
    let mut reader = csv::Reader::from_path(example("study.csv")).unwrap();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let known = |r: &Vec<String>| r[4].parse::<f64>().ok();
    let mut sums: std::collections::HashMap<(String, String, String), (f64, f64)> =
        std::collections::HashMap::new();
    for r in &rows {
        if let Some(c) = known(r) {
            let e = sums
                .entry((r[1].clone(), r[2].clone(), r[3].clone()))
                .or_default();
            e.0 += c;
            e.1 += r[5].parse::<f64>().unwrap();
        }
    }
    let expected: f64 = rows
        .iter()
        .filter(|r| {
            r[0] == "島しょ" && r[1] == "HbA1c6.5以上" && r[2] == "女性" && known(r).is_some()
        })
        .map(|r| {
            let (c, n) = sums[&(r[1].clone(), r[2].clone(), r[3].clone())];
            c / n * r[5].parse::<f64>().unwrap()
        })
        .sum();
    let got = find(results, "島しょ", "HbA1c6.5以上", "女性");
    assert_close(f(&got["expected"]), expected, 1e-9, "E by hand");
    let text = ratio_stdout(&[
        "--study",
        &example("study.csv"),
        "--standard",
        "study",
        "--masked",
        "exclude",
    ]);
    assert!(text.contains("県全体 = 100") && text.contains("県全体と比べて有意に"));
}

/// An age band with nobody in it (a small island's 40–44) is a stratum of
/// population 0: it adds 0 to O and E, in every interval and in direct rates.
#[test]
fn a_stratum_of_nobody_adds_nothing() {
    let study = "area,item,sex,age_band,count,population\n\
                 A,BMI,M,40-44,0,0\nA,BMI,M,45-49,40,100\n\
                 B,BMI,M,40-44,30,100\nB,BMI,M,45-49,45,100\n";
    let (_dir, s, t) = files(study, STANDARD);
    for extra in [&[][..], &["--ci", "binomial"], &["--method", "direct"]] {
        let out = renkei()
            .args(["ratio", "--study", &s, "--standard", &t, "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{extra:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let j: Value = serde_json::from_slice(&out.stdout).unwrap();
        if extra.first() == Some(&"--method") {
            let a = find(j["direct"].as_array().unwrap(), "A", "BMI", "M");
            assert!(f(&a["adjusted_rate"]).is_finite(), "{extra:?}");
            continue;
        }
        let a = find(j["results"].as_array().unwrap(), "A", "BMI", "M");
        // O = 40, E = 0.4 × 100 = 40 (the empty band adds 0.3 × 0).
        assert_eq!(a["observed"], 40);
        assert_close(f(&a["expected"]), 40.0, 1e-12, "E");
        assert!(
            f(&a["ci_lower"]).is_finite() && f(&a["ci_upper"]).is_finite(),
            "{extra:?}"
        );
    }
}

/// A wide table — areas down, one column per sex × band across
/// (`男性 40-44歳` …), a 該当者数 row and a 受診者数 row per area and item —
/// is read as it is published (the layout detected, not flagged) and gives
/// the long table's results exactly; a lone row or an unknown measure is
/// refused with its place.
#[test]
fn a_wide_table_reads_as_published() {
    let long = run_json(&["--masked", "exclude"]);
    let out = renkei()
        .args([
            "ratio",
            "--study",
            &example("study-wide.csv"),
            "--standard",
            &example("standard.csv"),
        ])
        .args(["--masked", "exclude", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let wide: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(long["results"], wide["results"]);
    let standard =
        "item,sex,age_band,count,population\nBMI,男性,40-44,300,1000\nBMI,男性,45-49,400,1000\n";
    refused(
        "地域,項目,区分,男40～44,男45～49\nA,BMI,該当者数,30,40\nA,BMI,受診者数,100,100\nB,BMI,該当者数,35,38\n",
        standard,
        &[],
        &[
            "study.csv:4",
            "a 受診者数 (population) row for the same area and item",
        ],
    );
    refused(
        "地域,項目,区分,男40～44,男45～49\nA,BMI,割合,0.3,0.4\nA,BMI,受診者数,100,100\n",
        standard,
        &[],
        &[
            "study.csv:2: column '区分': value '割合'",
            "該当者数 or 受診者数",
        ],
    );
    // The masked cell is named by its own column.
    refused(
        "地域,項目,区分,男40～44,男45～49\nA,BMI,該当者数,30,‐\nA,BMI,受診者数,100,100\nB,BMI,該当者数,35,38\nB,BMI,受診者数,100,100\n",
        standard,
        &[],
        &["study.csv:2: column '男45～49': value '‐'"],
    );
}

/// Direct rates weighted by 昭和60年モデル人口 (built in: `--standard-population
/// s60`) agree with `epitools::ageadjust.direct` given the same weights
/// (tests/reference/ratio_direct_s60.tsv, make_ratio.R), 1e-9 relative;
/// a band that is not one of the model's 5-year bands is refused.
#[test]
fn direct_rates_by_the_s60_model_population_match_epitools() {
    let j = run_json(&[
        "--masked",
        "exclude",
        "--method",
        "direct",
        "--standard-population",
        "s60",
    ]);
    let list = j["direct"].as_array().unwrap();
    let reference = reference_tsv("ratio_direct_s60.tsv");
    assert_eq!(reference.len(), 81);
    for r in &reference {
        let num = |i: usize| r[i].parse::<f64>().unwrap();
        let area = if r[0] == "県全体" {
            "total"
        } else {
            r[0].as_str()
        };
        let got = find(list, area, &r[1], &r[2]);
        let case = format!("{} {} {}", r[0], r[1], r[2]);
        assert_close(
            f(&got["adjusted_rate"]),
            num(3),
            TOLERANCE,
            &format!("{case} adjusted"),
        );
        assert_close(
            f(&got["ci_lower"]),
            num(4),
            TOLERANCE,
            &format!("{case} lower"),
        );
        assert_close(
            f(&got["ci_upper"]),
            num(5),
            TOLERANCE,
            &format!("{case} upper"),
        );
    }
    let standard =
        "item,sex,age_band,count,population\nBMI,M,40-49,300,1000\nBMI,M,50-59,400,1000\n";
    refused(
        "area,item,sex,age_band,count,population\nA,BMI,M,40-49,30,100\nA,BMI,M,50-59,40,100\n",
        standard,
        &["--method", "direct", "--standard-population", "s60"],
        &["age band '40-49' is not one of 昭和60年モデル人口's 5-year bands"],
    );
}

/// `--by-stratum` adds a ratio per area × item × sex × age band (県全体's
/// bands first): O the stratum's count, E its standard rate × population,
/// with the same exact interval and central p as every ratio (both checked
/// against R in ratio_reference.rs); the main results are unchanged.
#[test]
fn per_stratum_ratios_on_request() {
    let plain = run_json(&["--masked", "exclude"]);
    let j = run_json(&["--masked", "exclude", "--by-stratum"]);
    assert_eq!(plain["results"], j["results"]);
    assert!(plain.get("strata").is_none());
    let strata = j["strata"].as_array().unwrap();
    // 3 items × 2 sexes × 7 bands for 県全体 and each of 8 areas, less the
    // 5 masked strata, which exclude leaves without a ratio but listed.
    assert_eq!(strata.len(), 9 * 42);
    assert_eq!(strata[0]["area"], "total");
    assert_eq!(strata[0]["age_band"], "40-44");
    let mut reader = csv::Reader::from_path(example("standard.csv")).unwrap();
    let standard = reader_rows(&mut reader);
    let rate = |item: &str, sex: &str, band: &str| -> f64 {
        let row = standard
            .iter()
            .find(|r| r[0] == item && r[1] == sex && r[2] == band)
            .unwrap();
        row[3].parse::<f64>().unwrap() / row[4].parse::<f64>().unwrap()
    };
    let s = strata
        .iter()
        .find(|r| {
            r["area"] == "北部"
                && r["item"] == "BMI25以上"
                && r["sex"] == "男性"
                && r["age_band"] == "40-44"
        })
        .unwrap();
    // 北部 BMI25以上 男性 40-44: 1536 of 4472 (study.csv line 2).
    let e = rate("BMI25以上", "男性", "40-44") * 4472.0;
    assert_eq!(s["observed"], 1536);
    assert_close(f(&s["expected"]), e, 1e-9, "E");
    assert_close(f(&s["ratio"]), 100.0 * 1536.0 / e, 1e-9, "ratio");
    let exact = renkei::stats::poisson::exact_interval(1536, e, 0.95);
    assert_close(f(&s["ci_lower"]), 100.0 * exact.lower, 1e-9, "lower");
    assert_close(f(&s["ci_upper"]), 100.0 * exact.upper, 1e-9, "upper");
    assert_close(
        f(&s["p"]),
        renkei::stats::poisson::central_p(1536, e),
        1e-9,
        "p",
    );
}

fn reader_rows(reader: &mut csv::Reader<std::fs::File>) -> Vec<Vec<String>> {
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Every area's chart is drawn on one scale (so bars compare across areas),
/// in the workbook's native charts as in the pictures; `--own-scale` fits
/// each chart to its own values and says the slides' caution.
#[test]
fn area_charts_share_one_scale() {
    let dir = tempfile::tempdir().unwrap();
    let axes = |extra: &[&str]| -> Vec<(String, String)> {
        let xlsx = dir.path().join(format!("r{}.xlsx", extra.len()));
        renkei()
            .args([
                "ratio",
                "--study",
                &example("study.csv"),
                "--standard",
                &example("standard.csv"),
            ])
            .args(["--masked", "exclude", "--force", "-o"])
            .arg(&xlsx)
            .args(extra)
            .assert()
            .success();
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
        // Charts 1–9: 県全体 and the 8 areas.
        (1..=9)
            .map(|k| {
                let mut text = String::new();
                use std::io::Read;
                zip.by_name(&format!("xl/charts/chart{k}.xml"))
                    .unwrap()
                    .read_to_string(&mut text)
                    .unwrap();
                let val = |tag: &str| {
                    text.split(&format!("<c:{tag} val=\""))
                        .nth(1)
                        .and_then(|t| t.split('"').next())
                        .unwrap_or("")
                        .to_string()
                };
                (val("min"), val("max"))
            })
            .collect()
    };
    let common = axes(&[]);
    assert!(!common[0].0.is_empty(), "a fixed axis: {common:?}");
    assert!(common.iter().all(|a| *a == common[0]), "{common:?}");
    let own = axes(&["--own-scale"]);
    assert!(
        own.iter().all(|(lo, hi)| lo.is_empty() && hi.is_empty()),
        "{own:?}"
    );
    let svg = ratio_stdout(&[
        "--study",
        &example("study.csv"),
        "--standard",
        &example("standard.csv"),
        "--masked",
        "exclude",
        "--format",
        "svg",
        "--own-scale",
    ]);
    assert!(svg.contains("縦軸の範囲はグラフに合わせ変動するので比較時には注意"));
}

/// Issue 33: each item's chart is the slides' — upright bars of ratio − 100,
/// 県全体 first and the areas after it in the table's order, the sexes
/// side by side — and marks ▲/▼ exactly the estimates whose interval
/// leaves out 100.
#[test]
fn item_charts_are_upright_with_the_total_first_and_significance_marked() {
    let svg = ratio_stdout(&[
        "--study",
        &example("study.csv"),
        "--standard",
        &example("standard.csv"),
        "--masked",
        "exclude",
        "--format",
        "svg",
    ]);
    let json = run_json(&["--masked", "exclude"]);
    let item = "HbA1c6.5以上";
    let chart = svg
        .split("<g class=\"renkei-chart\">")
        .find(|g| g.contains(&format!("{item} (男性・女性): 地域別の標準化該当比")))
        .expect("the item's chart");
    // Category labels in order of appearance: 県全体 first, then the areas
    // in the order of the study's table.
    let areas = [
        "県全体",
        "北部",
        "中部",
        "南部",
        "東部",
        "西部",
        "湾岸",
        "山間",
        "島しょ",
    ];
    let positions: Vec<usize> = areas
        .iter()
        .map(|a| {
            chart
                .find(&format!("\n{a}\n</text>"))
                .unwrap_or_else(|| panic!("{a}"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    let count = |kind: &str| {
        json["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| {
                r["item"] == item
                    && r["sex"] != "total"
                    && r["significance"] == kind
                    && !r["mostly_masked"].as_bool().unwrap_or(false)
            })
            .count()
    };
    assert!(count("higher") > 0 && count("lower") > 0);
    assert_eq!(
        chart.matches("\n▲\n</text>").count(),
        count("higher"),
        "{chart}"
    );
    assert_eq!(chart.matches("\n▼\n</text>").count(), count("lower"));
}

/// Issue 33: `--pack DIR` writes one folder per prefecture (the study's
/// 都道府県 column, beside its area column) with its report and workbook,
/// each prefecture's 県全体 over its own areas, and an index of them all;
/// an area given two prefectures is refused with its line.
#[test]
fn the_pack_has_a_folder_per_prefecture_and_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("study.csv")).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let mut study = format!("都道府県,{}\n", lines.next().unwrap());
    for l in lines {
        let area = l.split(',').next().unwrap();
        let pref = if matches!(area, "山間" | "島しょ") {
            "B県"
        } else {
            "A県"
        };
        study.push_str(&format!("{pref},{l}\n"));
    }
    let path = dir.path().join("study.csv");
    std::fs::write(&path, &study).unwrap();
    let pack = dir.path().join("pack");
    renkei()
        .args([
            "ratio",
            "--masked",
            "exclude",
            "--standard",
            &example("standard.csv"),
            "--study",
        ])
        .arg(&path)
        .arg("--pack")
        .arg(&pack)
        .assert()
        .success();
    let index = std::fs::read_to_string(pack.join("index.html")).unwrap();
    assert!(
        index.contains("A県")
            && index.contains("<a href=\"01-A県/report.html\">")
            && index.contains("02-B県/report.xlsx"),
        "{index}"
    );
    let b = std::fs::read_to_string(pack.join("02-B県/report.html")).unwrap();
    assert!(b.contains("山間") && b.contains("島しょ") && !b.contains("北部"));
    // The workbook: a sheet per item (its results as numbers), then the
    // native charts.
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(pack.join("01-A県/report.xlsx")).unwrap();
    let sheets = wb.sheet_names().to_vec();
    for item in ["BMI25以上", "HbA1c6.5以上", "喫煙あり", "グラフ"] {
        assert!(sheets.contains(&item.to_string()), "{sheets:?}");
    }
    let bmi = wb.worksheet_range("BMI25以上").unwrap();
    assert!(
        bmi.rows()
            .flatten()
            .any(|c| matches!(c, calamine::Data::Float(_) | calamine::Data::Int(_))),
        "numbers are numbers"
    );
    assert!(
        !bmi.rows()
            .flatten()
            .any(|c| matches!(c, calamine::Data::String(s) if s == "喫煙あり")),
        "only the item's own rows"
    );
    // Each item's charts are native charts on its own sheet (the areas'
    // charts across items stay on the charts sheet): the sheet's drawing
    // holds the item's bars by area and its two funnel plots, and every
    // chart's title names the sheet's item.
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(pack.join("01-A県/report.xlsx")).unwrap())
            .unwrap();
    let mut read = |name: &str| -> String {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let workbook = read("xl/workbook.xml");
    let names: Vec<&str> = workbook
        .split("<sheet name=\"")
        .skip(1)
        .map(|t| t.split('"').next().unwrap())
        .collect();
    let mut item_sheets = 0;
    for (k, item) in names.iter().enumerate() {
        if !["BMI25以上", "HbA1c6.5以上", "喫煙あり"].contains(item) {
            continue;
        }
        item_sheets += 1;
        let rels = read(&format!("xl/worksheets/_rels/sheet{}.xml.rels", k + 1));
        let drawing = rels
            .split("Target=\"../drawings/")
            .nth(1)
            .and_then(|t| t.split('"').next())
            .unwrap_or_else(|| panic!("{item}: no drawing on its sheet"));
        let charts = read(&format!("xl/drawings/_rels/{drawing}.rels"));
        let charts: Vec<&str> = charts
            .split("Target=\"../charts/")
            .skip(1)
            .map(|t| t.split('"').next().unwrap())
            .collect();
        assert_eq!(charts.len(), 3, "{item}: {charts:?}");
        for chart in charts {
            let xml = read(&format!("xl/charts/{chart}"));
            assert!(xml.contains(&format!("<a:t>{item} (")), "{item}: {chart}");
        }
    }
    assert_eq!(item_sheets, 3);
    // B県's 県全体 is the total of its two areas: its observed count for
    // one item and sex equals theirs added.
    let json = |file: &std::path::Path| -> Value {
        let out = renkei()
            .args([
                "ratio",
                "--masked",
                "exclude",
                "--standard",
                &example("standard.csv"),
                "--format",
                "json",
                "--study",
            ])
            .arg(file)
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let b_only: String = study
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || l.starts_with("B県"))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let b_path = dir.path().join("b.csv");
    std::fs::write(&b_path, b_only).unwrap();
    let v = json(&b_path);
    let observed = |area: &str| {
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["area"] == area && r["item"] == "BMI25以上" && r["sex"] == "男性")
            .unwrap()["observed"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(observed("total"), observed("山間") + observed("島しょ"));
    // One area, two prefectures.
    let bad = study.replacen("A県,北部", "B県,北部", 1);
    std::fs::write(&path, bad).unwrap();
    renkei()
        .args([
            "ratio",
            "--standard",
            &example("standard.csv"),
            "--lang",
            "en",
            "--study",
        ])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("one prefecture per area"));
}
