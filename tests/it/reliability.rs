//! `renkei scale` and the rank tests of `renkei checklist` against R:
//! tests/reference/scale.tsv and ranks.tsv were made by
//! tests/reference/make_scale.R (`psych::alpha`, `psych::fa(fm = "minres")`,
//! `wilcox.test`, `kruskal.test`) on psych's bfi agreeableness items (A1
//! reversed, complete cases), psychTools' 16 binary ability items (complete
//! cases: KR-20), and the shipped checklist examples.
//!
//! Tolerances: 1e-9 relative (absolute below 1) for α, standardized α, the
//! Feldt limits, item means, item–rest correlations and α if deleted, and
//! for the rank tests; 1e-6 for the minres loadings and ω, which come from
//! two different optimizers (psych's `optim` on the uniquenesses, renkei's
//! coordinate descent on the loadings to 1e-13).

use crate::common::{assert_close, assert_refused, reference_tsv, renkei, repo, temp};
use serde_json::Value;

const TIGHT: f64 = 1e-9;
const FACTOR: f64 = 1e-6;

fn scale_json(args: &[&str]) -> Value {
    let out = renkei()
        .arg("scale")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn path(p: &str) -> String {
    repo().join(p).display().to_string()
}

/// Compares one scale's record with the reference rows named `name` and `mode`.
fn check(record: &Value, name: &str, mode: &str) {
    let rows: Vec<Vec<String>> = reference_tsv("scale.tsv")
        .into_iter()
        .filter(|r| r[0] == name && r[1] == mode)
        .collect();
    assert!(!rows.is_empty(), "no reference for {name} {mode}");
    let num = |s: &str| s.parse::<f64>().unwrap();
    let head = &rows[0];
    let f = |v: &Value| {
        v.as_f64()
            .unwrap_or_else(|| panic!("{name}: a number: {v}"))
    };
    // (JSON pointer, column of the reference, tolerance, what)
    for (pointer, col, tol, what) in [
        ("/alpha", 3, TIGHT, "α"),
        ("/alpha_standardized", 4, TIGHT, "std α"),
        ("/alpha_ci/lower", 5, TIGHT, "Feldt lower"),
        ("/alpha_ci/upper", 6, TIGHT, "Feldt upper"),
        ("/omega_total", 7, FACTOR, "ω"),
    ] {
        let got = f(record.pointer(pointer).unwrap_or(&Value::Null));
        assert_close(got, num(&head[col]), tol, &format!("{name} {what}"));
    }
    assert_eq!(
        record["n"].as_u64().unwrap() as f64,
        num(&head[8]),
        "{name} n"
    );
    let items = record["items"].as_array().unwrap();
    assert_eq!(items.len(), rows.len() - 1);
    for (item, r) in items.iter().zip(&rows[1..]) {
        assert_eq!(item["name"], r[2].as_str());
        let what = format!("{name} {}", r[2]);
        for (key, col, label) in [
            ("item_rest_r", 9, "item–rest r"),
            ("alpha_if_deleted", 10, "α if deleted"),
            ("mean", 11, "mean"),
        ] {
            assert_close(
                f(&item[key]),
                num(&r[col]),
                TIGHT,
                &format!("{what} {label}"),
            );
        }
    }
}

#[test]
fn bfi_agreeableness_with_a1_reversed_matches_psych() {
    let j = scale_json(&[
        "--items",
        &path("tests/reference/bfi_agreeableness.csv"),
        "--reverse",
        "A1",
    ]);
    check(&j, "bfi_agreeableness", "listwise");
    assert_eq!(j["items"][0]["reversed"], true);
    assert_eq!(j["kr20"], false);
}

#[test]
fn ability_kr20_matches_psych() {
    let j = scale_json(&["--items", &path("tests/reference/ability.csv")]);
    check(&j, "ability", "listwise");
    assert_eq!(j["kr20"], true);
    assert_eq!(j["k"], 16);
}

#[test]
fn shipped_checklist_whole_sections_and_pairwise_match_psych() {
    let items = path("checklists/examples/prefecture-32.csv");
    let j = scale_json(&["--items", &items, "--checklist", "prefecture-32"]);
    check(&j, "prefecture-32", "listwise");
    assert!(
        j["dropped"].as_u64().unwrap() > 0,
        "the example has missing answers"
    );
    for (k, id) in [(0, "1"), (1, "2"), (2, "3"), (4, "5")] {
        check(
            &j["sections"][k],
            &format!("prefecture-32/{id}"),
            "listwise",
        );
    }
    // Sections of 3 items are flagged as too short to say much; 4.x has 3.
    assert_eq!(j["sections"][3]["few_items"], false);
    let pairwise = scale_json(&[
        "--items",
        &items,
        "--checklist",
        "prefecture-32",
        "--missing",
        "pairwise",
    ]);
    check(&pairwise, "prefecture-32", "pairwise");
}

#[test]
fn rank_tests_match_r() {
    use renkei::stats::ranks::{kruskal_wallis, wilcoxon};
    let reference = reference_tsv("ranks.tsv");
    let num = |s: &str| s.parse::<f64>().unwrap();
    for r in &reference[..3] {
        let out = renkei()
            .args([
                "checklist",
                "--checklist",
                &r[0],
                "--returns",
                &path(&format!("checklists/examples/{}.csv", r[0])),
                "--by",
                "uses_checklist",
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
        let c = &j["comparison"];
        assert_eq!(c["test"], "wilcoxon");
        // R's W is for 活用している; renkei's for the group the file names first.
        let first = c["groups"][0].as_str().unwrap();
        let w = c["w"].as_f64().unwrap();
        let users: Vec<f64> = j["councils"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["group"] == "活用している")
            .filter_map(|x| x["total"]["percent"].as_f64())
            .collect();
        let others = j["councils"].as_array().unwrap().len() - users.len();
        let w_users = if first == "活用している" {
            w
        } else {
            (users.len() * others) as f64 - w
        };
        assert_close(w_users, num(&r[1]), TIGHT, &format!("{} W", r[0]));
        assert_close(
            c["p"].as_f64().unwrap(),
            num(&r[2]),
            TIGHT,
            &format!("{} Wilcoxon p", r[0]),
        );
        // Kruskal–Wallis by prefecture, from the councils' scores.
        let mut by: Vec<(String, Vec<f64>)> = Vec::new();
        for x in j["councils"].as_array().unwrap() {
            let (p, s) = (
                x["prefecture"].as_str().unwrap().to_string(),
                x["total"]["percent"].as_f64().unwrap(),
            );
            match by.iter_mut().find(|(q, _)| *q == p) {
                Some((_, v)) => v.push(s),
                None => by.push((p, vec![s])),
            }
        }
        let k = kruskal_wallis(&by.into_iter().map(|(_, v)| v).collect::<Vec<_>>()).unwrap();
        assert_close(k.h, num(&r[3]), TIGHT, &format!("{} H", r[0]));
        assert_close(k.p, num(&r[5]), TIGHT, &format!("{} Kruskal p", r[0]));
    }
    let small = &reference[3];
    let x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30];
    let y = [0.878, 0.647, 0.598, 2.05, 1.061, 1.29, 1.06, 3.17, 1.292];
    let w = wilcoxon(&x, &y).unwrap();
    assert!(w.exact);
    assert_close(w.w, num(&small[1]), TIGHT, "small W");
    assert_close(w.p, num(&small[2]), TIGHT, "small exact p");
    let k = kruskal_wallis(&[x.to_vec(), y.to_vec(), vec![2.9, 3.0, 2.5, 2.6, 3.2]]).unwrap();
    assert_close(k.h, num(&small[3]), TIGHT, "small H");
    assert_close(k.p, num(&small[5]), TIGHT, "small Kruskal p");
}

fn scale_of(items: &str, extra: &[&str]) -> serde_json::Value {
    let (_dir, path) = temp("items.csv", items);
    let out = renkei()
        .args(["scale", "--format", "json", "--items"])
        .arg(&path)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn scale_refused(items: &str, extra: &[&str], expected: &[&str]) {
    let (_dir, path) = temp("items.csv", items);
    let out = renkei()
        .args(["scale", "--lang", "en", "--items"])
        .arg(&path)
        .args(extra)
        .output()
        .unwrap();
    assert_refused(&out, expected);
}

const ITEMS: &str =
    "id,q1,q2,q3,q4\n1,1,1,0,1\n2,0,1,1,1\n3,1,0,1,1\n4,0,0,0,1\n5,1,1,1,1\n6,0,1,0,1\n";

/// A constant item is left out of α and named (as psych::alpha drops it);
/// an identifier column is not an item, and is listed as left out.
#[test]
fn constant_items_and_identifiers_are_named_not_counted() {
    let all = scale_of(ITEMS, &[]);
    let rest = scale_of(ITEMS, &["--columns", "q1,q2,q3"]);
    assert_eq!(all["constant_items"], serde_json::json!(["q4"]));
    assert_eq!(all["k"], 3);
    assert_close(
        all["alpha"].as_f64().unwrap(),
        rest["alpha"].as_f64().unwrap(),
        1e-12,
        "α without the constant item",
    );
    assert_eq!(all["left_out"][0]["column"], "id");
    assert_eq!(all["left_out"][0]["reason"], "identifier");
    // Every item constant: not computable, each named.
    let constant = scale_of("q1,q2,q3\n1,1,0\n1,1,0\n1,1,0\n", &[]);
    assert!(constant["alpha"].is_null(), "{constant}");
    assert_eq!(
        constant["constant_items"],
        serde_json::json!(["q1", "q2", "q3"])
    );
}

/// A bad cell in an item column is an error with its place, not a reason
/// to drop the item in silence; an item named twice and a reversed item
/// that is not analysed are refused.
#[test]
fn bad_item_cells_and_bad_item_lists_are_refused() {
    let bad = "q1,q2,q3\n1,NaN,0\n0,1,1\n1,0,1\n0,1,0\n1,1,1\n";
    scale_refused(bad, &[], &["items.csv:2: column 'q2': value 'NaN'"]);
    scale_refused(
        ITEMS,
        &["--columns", "q1,q1,q2"],
        &["column q1 is named twice"],
    );
    scale_refused(ITEMS, &["--reverse", "zz"], &["'zz'"]);
}

/// Issue 34: test–retest agreement. κ per item (value and bounds) and the
/// ICC(A,1) of the total and section scores (value and bounds; ICC(C,1)
/// beside it) equal psych's `cohen.kappa` and `ICC(lmer = FALSE)` within
/// 1e-9 (tests/reference/make_retest.R), on the checklist example (binary
/// items, matched by council, two councils only in the first file and one
/// only in the retest) and on bfi agreeableness (six categories, the retest
/// file in reverse order, matched by id).
#[test]
fn retest_kappa_and_icc_match_psych() {
    let reference = reference_tsv("retest.tsv");
    let cases = [
        (
            "checklist",
            scale_json(&[
                "--items",
                &path("checklists/examples/prefecture-32.csv"),
                "--checklist",
                "prefecture-32",
                "--retest",
                &path("checklists/examples/prefecture-32-retest.csv"),
            ]),
        ),
        (
            "bfi",
            scale_json(&[
                "--items",
                &path("tests/reference/bfi_a_test.csv"),
                "--retest",
                &path("tests/reference/bfi_a_retest.csv"),
            ]),
        ),
    ];
    let number = |s: &str| s.parse::<f64>().unwrap();
    let mut checked = 0;
    for (case, v) in &cases {
        let r = &v["retest"];
        for row in reference.iter().filter(|row| row[0] == *case) {
            let what = format!("{case} {} {}", row[1], row[2]);
            let got = if row[1] == "kappa" {
                let item = r["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|i| i["name"] == row[2].as_str())
                    .unwrap_or_else(|| panic!("{what}"));
                [&item["kappa"], &item["kappa_lower"], &item["kappa_upper"]]
            } else {
                let icc = if row[2] == "total" {
                    &r["icc"]["total"]
                } else {
                    r["icc"]["sections"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|s| {
                            s["name"]
                                .as_str()
                                .unwrap()
                                .starts_with(&format!("{}. ", row[2]))
                        })
                        .unwrap_or_else(|| panic!("{what}"))
                };
                assert_eq!(icc["form"], "ICC(A,1)");
                assert_close(
                    icc["consistency"]["value"].as_f64().unwrap(),
                    number(&row[6]),
                    TIGHT,
                    &format!("{what} ICC(C,1)"),
                );
                [&icc["value"], &icc["lower"], &icc["upper"]]
            };
            for (g, (want, part)) in got
                .iter()
                .zip(row[3..6].iter().zip(["", " lower", " upper"]))
            {
                assert_close(
                    g.as_f64().unwrap(),
                    number(want),
                    TIGHT,
                    &format!("{what}{part}"),
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 32 + 7 + 5 + 1);
    let r = &cases[0].1["retest"];
    assert_eq!(r["id_column"], "council");
    assert_eq!(r["matched"], 45);
    assert_eq!(r["only_retest"][0], "架空県協議会");
    assert_eq!(r["only_first"].as_array().unwrap().len(), 2);
}

/// A retest cannot be matched without ids, or with an id twice: refused
/// with the file and line.
#[test]
fn retest_without_ids_or_with_an_id_twice_is_refused() {
    let first = "id,A1,A2,A3\nR1,1,2,3\nR2,2,3,4\nR3,3,4,5\n";
    let (_a, no_id) = temp("no-id.csv", "A1,A2,A3\n1,2,3\n2,3,4\n3,4,5\n");
    scale_refused(
        first,
        &["--retest", &no_id],
        &["no-id.csv", "a column of respondents' ids"],
    );
    let (_b, twice) = temp("twice.csv", "id,A1,A2,A3\nR1,1,2,3\nR1,2,3,4\n");
    scale_refused(
        first,
        &["--retest", &twice],
        &["twice.csv:3", "R1", "line 2 has it too"],
    );
}

/// Issue 34: exploratory factor analysis (`--factors K`) against psych::fa
/// (tests/reference/make_factors.R) on bfi's 25 items (five factors) and the
/// checklist example (two), minres and ML, varimax and oblimin: loadings,
/// communalities and the proportion of variance of each factor.
///
/// Tolerances: 1e-8 against psych run to convergence ("minres-tight": its
/// principal-axis iteration to 1e-14, whose fixed point is the minres
/// solution; "ml-tight": psych's ML started at factanal's uniquenesses at
/// factr = 10); 5e-5 against psych's defaults, whose L-BFGS-B stops by the
/// change of the fit (2e-6 from the converged point on bfi, 3e-5 for ML on
/// the checklist example's 33 complete rows of 32 items).
#[test]
fn factor_analysis_matches_psych() {
    let reference = reference_tsv("factors.tsv");
    let number = |s: &str| s.parse::<f64>().unwrap();
    let mut checked = std::collections::BTreeMap::new();
    for (case, items, k) in [
        ("bfi25", vec!["--items", "tests/reference/bfi25.csv"], "5"),
        (
            "checklist",
            vec![
                "--items",
                "checklists/examples/prefecture-32.csv",
                "--checklist",
                "prefecture-32",
            ],
            "2",
        ),
    ] {
        for fm in ["minres", "ml"] {
            for rotate in ["varimax", "oblimin"] {
                let mut args: Vec<String> = items.iter().map(|s| s.to_string()).collect();
                args[1] = path(&args[1]);
                args.extend(["--factors", k, "--fm", fm, "--rotate", rotate].map(String::from));
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let f = &scale_json(&args)["factors"];
                assert_eq!(f["converged"], true, "{case} {fm} {rotate}");
                assert_eq!(f["extraction"], fm);
                assert_eq!(f["rotation"], rotate);
                assert_eq!(f["phi"].is_null(), rotate == "varimax");
                for reference_fm in [fm.to_string(), format!("{fm}-tight")] {
                    let tolerance = if reference_fm.ends_with("-tight") {
                        1e-8
                    } else {
                        5e-5
                    };
                    for row in reference
                        .iter()
                        .filter(|r| r[0] == case && r[1] == reference_fm && r[2] == rotate)
                    {
                        let (i, j) = (number(&row[4]) as usize, number(&row[5]) as usize);
                        let got = match row[3].as_str() {
                            "loading" => &f["loadings"][i - 1][j - 1],
                            "communality" => &f["communalities"][i - 1],
                            _ => &f["variance_explained"][j - 1],
                        };
                        assert_close(
                            got.as_f64().unwrap(),
                            number(&row[6]),
                            tolerance,
                            &format!("{case} {reference_fm} {rotate} {} {i} {j}", row[3]),
                        );
                        *checked.entry(reference_fm.clone()).or_insert(0) += 1;
                    }
                }
            }
        }
    }
    // bfi: 25 × 5 loadings + 25 communalities + 5 proportions = 155 per
    // solution; the checklist: 32 × 2 + 32 + 2 = 98.
    assert_eq!(checked["minres"], 2 * (155 + 98));
    assert_eq!(checked["minres-tight"], 2 * (155 + 98));
    assert_eq!(checked["ml"], 2 * (155 + 98));
    assert_eq!(checked["ml-tight"], 2 * 155);
}

/// `renkei scale --parallel` against tests/reference/parallel.tsv
/// (make_parallel.R): psych::fa.parallel after set.seed(1) with
/// options(mc.cores = 1), on bfi (25 items) and the checklist example (32
/// binary items), minres and ML.
///
/// renkei draws R's own stream, so the random data are psych's: every
/// component eigenvalue (observed, and the mean and 95th percentile over
/// the resampled and the simulated data) agrees within 1e-9. Factor
/// eigenvalues come from a one-factor fit; psych stops its optimizer early
/// (its largest gap on these near-null random matrices is 2e-3, 4e-6 on the
/// observed data), so they are held within 1e-8 against the same loop with every
/// one-factor fit run to convergence by R's L-BFGS-B ("minres-tight",
/// "ml-tight"; the largest gap measured is 1e-9). The suggested numbers of
/// factors and components are psych's.
///
/// ML on the checklist (33 complete rows for 32 items) is not determined on
/// random data: the resampled correlation matrices are singular and the
/// simulated ones nearly so, and the two optimizers stop up to 0.03 apart.
/// There renkei says so and advises minres; its components, its observed
/// factor eigenvalues and its suggestions are still checked.
#[test]
fn parallel_analysis_matches_psych_fa_parallel() {
    let reference = reference_tsv("parallel.tsv");
    let number = |s: &str| s.parse::<f64>().unwrap();
    let mut checked = 0;
    for (case, items) in [
        ("bfi25", vec!["--items", "tests/reference/bfi25.csv"]),
        (
            "checklist",
            vec![
                "--items",
                "checklists/examples/prefecture-32.csv",
                "--checklist",
                "prefecture-32",
            ],
        ),
    ] {
        for fm in ["minres", "ml"] {
            let mut args: Vec<String> = items.iter().map(|s| s.to_string()).collect();
            args[1] = path(&args[1]);
            args.extend(["--parallel", "--fm", fm].map(String::from));
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let p = &scale_json(&args)["parallel"];
            assert_eq!(p["iterations"], 20);
            assert_eq!(p["seed"], 1);
            assert_eq!(p["extraction"], fm);
            let undetermined = case == "checklist" && fm == "ml";
            assert_eq!(
                p["near_singular"].as_u64().unwrap() > 0,
                case == "checklist"
            );
            for reference_fm in [fm.to_string(), format!("{fm}-tight")] {
                for row in reference
                    .iter()
                    .filter(|r| r[0] == case && r[1] == reference_fm)
                {
                    let i = number(&row[3]) as usize;
                    let want = number(&row[4]);
                    let what = format!("{case} {reference_fm} {} {i}", row[2]);
                    if row[2] == "suggested" {
                        let key = ["suggested_components", "suggested_factors"][i - 1];
                        assert_eq!(p[key].as_f64().unwrap(), want, "{what}");
                        checked += 1;
                        continue;
                    }
                    let (kind, statistic) = row[2].split_once('_').unwrap();
                    let (block, statistic) = match (kind, statistic) {
                        ("observed", "pc") => ("components", "observed".to_string()),
                        ("observed", "fa") => ("factors", "observed".to_string()),
                        (source, rest) => {
                            let (which, stat) = rest.split_once('_').unwrap();
                            let block = if which == "pc" {
                                "components"
                            } else {
                                "factors"
                            };
                            (block, format!("{source}_{stat}"))
                        }
                    };
                    let got = p[block][&statistic][i - 1].as_f64().unwrap();
                    if block == "components" {
                        assert_close(got, want, TIGHT, &what);
                    } else if statistic == "observed" {
                        // psych's default stops 4e-6 away.
                        let tolerance = if reference_fm.ends_with("-tight") {
                            1e-8
                        } else {
                            1e-5
                        };
                        assert_close(got, want, tolerance, &what);
                    } else if reference_fm.ends_with("-tight") && !undetermined {
                        assert_close(got, want, 1e-8, &what);
                    } else {
                        continue;
                    }
                    checked += 1;
                }
            }
        }
    }
    // Per case and extraction, p values each: psych's 2 observed + 4
    // component summaries and its 2 suggestions; the tight loop's factor
    // observed, 4 component and 4 factor summaries (not for ML on the
    // checklist).
    let per = |p: usize, tight_factors: usize| p * (6 + 5 + tight_factors) + 2;
    assert_eq!(checked, 2 * per(25, 4) + per(32, 4) + per(32, 0));
}

/// Parallel analysis on too few rows says it cannot be computed (no panic,
/// no numbers), and its settings need `--parallel`.
#[test]
fn parallel_analysis_on_too_few_rows_says_why() {
    let (_dir, f) = temp("tiny.csv", "q1,q2,q3\n1,2,3\n2,2,4\n");
    let p = &scale_json(&["--items", &f, "--parallel"])["parallel"];
    assert_eq!(p["not_computable"], "too_few");
    assert!(p["suggested_factors"].is_null());
    let out = renkei()
        .args(["scale", "--items", &f, "--iterations", "5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--parallel"));
}

/// `--cor tetrachoric|polychoric` against tests/reference/latent.tsv
/// (make_latent.R): the checklist's 32 two-valued items (tetrachoric,
/// smoothed), bfi's 25 six-point items (polychoric, thresholds from each
/// item's margins) and five agreeableness items with unequal numbers of
/// categories (each pair's own thresholds). Within 1e-6 of the two-step
/// estimate with its likelihood maximized to 1e-12 ("tight"; the largest
/// gap measured is 7e-8) and within 1e-4 of psych's own, whose optimize
/// stops at about 1e-4 on a bivariate normal good to 1e-6 (its largest gap
/// is 2e-5).
#[test]
fn tetrachoric_and_polychoric_match_psych() {
    let reference = reference_tsv("latent.tsv");
    let number = |s: &str| s.parse::<f64>().unwrap();
    let mut checked = std::collections::BTreeMap::new();
    for (case, items, cor) in [
        (
            "checklist-tetrachoric",
            vec![
                "--items",
                "checklists/examples/prefecture-32.csv",
                "--checklist",
                "prefecture-32",
            ],
            "tetrachoric",
        ),
        (
            "bfi25-polychoric",
            vec!["--items", "tests/reference/bfi25.csv"],
            "polychoric",
        ),
        (
            "bfi-a-folded-polychoric",
            vec!["--items", "tests/reference/bfi_a_folded.csv"],
            "poly",
        ),
    ] {
        let mut args: Vec<String> = items.iter().map(|s| s.to_string()).collect();
        args[1] = path(&args[1]);
        args.extend(["--factors", "1", "--cor", cor].map(String::from));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let f = &scale_json(&args)["factors"];
        assert_eq!(f["smoothed"], case == "checklist-tetrachoric", "{case}");
        assert!(f["converged"].as_bool().unwrap(), "{case}");
        for row in reference.iter().filter(|r| r[0] == case) {
            let (i, j) = (number(&row[2]) as usize, number(&row[3]) as usize);
            let got = f["correlations"][i - 1][j - 1].as_f64().unwrap();
            let tolerance = if row[1] == "tight" { 1e-6 } else { 1e-4 };
            assert_close(
                got,
                number(&row[4]),
                tolerance,
                &format!("{case} {} {i},{j}", row[1]),
            );
            *checked.entry(row[1].clone()).or_insert(0) += 1;
        }
    }
    assert_eq!(checked["tight"], 496 + 300 + 10);
    assert_eq!(checked["psych"], 496 + 300 + 10);
}

/// A tetrachoric factor analysis of items with more than two values names
/// the item and the way out, and gives no loadings.
#[test]
fn tetrachoric_of_many_valued_items_names_the_item() {
    let f = &scale_json(&[
        "--items",
        &path("tests/reference/bfi_a_folded.csv"),
        "--factors",
        "1",
        "--cor",
        "tet",
    ])["factors"];
    assert_eq!(f["correlation_error"]["reason"], "not_binary");
    assert!(f["loadings"].is_null());
    let out = renkei()
        .args([
            "scale",
            "--items",
            &path("tests/reference/bfi_a_folded.csv"),
        ])
        .args(["--factors", "1", "--cor", "tet"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("項目「A1」が 3 つ以上の値をとる"), "{text}");
}

/// `--parallel --cor tetrachoric` on the checklist against psych's
/// fa.parallel(cor = "tet") after set.seed(1) (parallel.tsv, rows
/// "minres-tet"): the same draws, so the simulated (normal, Pearson)
/// eigenvalues agree within 1e-9; the tetrachoric ones of the data and its
/// resamples within 1e-4, psych's tetrachoric being that far from its
/// maximum; the suggested numbers are psych's.
#[test]
fn parallel_analysis_on_tetrachoric_correlations_matches_psych() {
    let reference = reference_tsv("parallel.tsv");
    let number = |s: &str| s.parse::<f64>().unwrap();
    let p = &scale_json(&[
        "--items",
        &path("checklists/examples/prefecture-32.csv"),
        "--checklist",
        "prefecture-32",
        "--parallel",
        "--cor",
        "tet",
    ])["parallel"];
    assert_eq!(p["correlation"], "tetrachoric");
    let mut checked = 0;
    for row in reference
        .iter()
        .filter(|r| r[0] == "checklist" && r[1] == "minres-tet")
    {
        let i = number(&row[3]) as usize;
        let want = number(&row[4]);
        let what = format!("tet {} {i}", row[2]);
        let (got, tolerance) = match row[2].as_str() {
            "suggested" => {
                let key = ["suggested_components", "suggested_factors"][i - 1];
                assert_eq!(p[key].as_f64().unwrap(), want, "{what}");
                checked += 1;
                continue;
            }
            "observed_pc" => (&p["components"]["observed"], 1e-4),
            "resampled_pc_mean" => (&p["components"]["resampled_mean"], 1e-4),
            "resampled_pc_quantile" => (&p["components"]["resampled_quantile"], 1e-4),
            "simulated_pc_mean" => (&p["components"]["simulated_mean"], TIGHT),
            "simulated_pc_quantile" => (&p["components"]["simulated_quantile"], TIGHT),
            _ => continue,
        };
        assert_close(got[i - 1].as_f64().unwrap(), want, tolerance, &what);
        checked += 1;
    }
    assert_eq!(checked, 32 * 5 + 2);
}
