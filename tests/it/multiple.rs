//! Multiple-answer questions (複数回答): counts checked against an
//! independent count of the shipped returns, the overall test against the
//! R formulas (tests/reference/mmi.tsv, make_mmi.R), the delimited form,
//! and bad input.

use crate::common::*;
use serde_json::Value;

fn tab(survey: &std::path::Path, by: &str) -> Value {
    question_json(survey, "partners", by, &["--lang", "en"])
}

#[test]
fn counts_and_base_match_an_independent_count() {
    let v = tab(&shipped_survey(), "health-centre");
    let text = shipped_returns();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let groups = ["設置", "非設置"];
    let mut chosen = vec![vec![0u64; 2]; 6];
    let mut base = [0u64; 2];
    let mut skipped = 0;
    for r in reader.records() {
        let r = r.unwrap();
        let g = groups
            .iter()
            .position(|x| *x == &r[col("health_centre")])
            .unwrap();
        let marks: Vec<&str> = (1..=6).map(|k| &r[col(&format!("partner_{k}"))]).collect();
        if marks.iter().all(|m| m.is_empty()) {
            skipped += 1;
            continue;
        }
        base[g] += 1;
        for (k, m) in marks.iter().enumerate() {
            chosen[k][g] += u64::from(*m == "1");
        }
    }
    assert_eq!(v["respondents"], serde_json::json!(base));
    for (k, o) in v["options"].as_array().unwrap().iter().enumerate() {
        assert_eq!(o["chosen"], serde_json::json!(chosen[k]), "option {k}");
    }
    assert_eq!(v["units"]["excluded"][0]["count"], skipped);
    assert_eq!(v["units"]["excluded"][0]["reason"], "no-answer");
}

#[test]
fn the_overall_test_matches_the_r_formulas() {
    let v = tab(&shipped_survey(), "health-centre");
    let spmi = &v["tests"]["spmi"];
    let row = reference_tsv("mmi.tsv")
        .into_iter()
        .find(|r| r[0] == "mmi_shipped_health_centre")
        .unwrap();
    let num = |i: usize| row[i].parse::<f64>().unwrap();
    for (key, i) in [
        ("statistic", 1),
        ("statistic_rao_scott", 2),
        ("df", 3),
        ("p_rao_scott", 4),
        ("p_bonferroni", 5),
    ] {
        assert_close(spmi[key].as_f64().unwrap(), num(i), 1e-9, key);
    }
    assert!(spmi["p_bootstrap"].as_f64().is_some());
    // Each option's test, Holm-adjusted across the options.
    let p: Vec<f64> = v["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["test"]["p_holm"].as_f64().unwrap())
        .collect();
    assert_eq!(p.len(), 6);
}

#[test]
fn one_delimited_column_reads_as_the_option_columns_do() {
    // The same answers as codes joined by ";" in one column.
    let text = shipped_returns();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let mut out = format!("{header},partners\n");
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        let marks = &f[f.len() - 6..];
        let codes: Vec<String> = marks
            .iter()
            .enumerate()
            .filter(|(_, m)| **m == "1")
            .map(|(k, _)| (k + 1).to_string())
            .collect();
        let cell = if marks.iter().all(|m| m.is_empty()) {
            String::new()
        } else if codes.is_empty() {
            "none".into()
        } else {
            codes.join(";")
        };
        out.push_str(&format!("{line},{cell}\n"));
    }
    let s = TempSurvey::with_full_definition("returns.csv", out.as_bytes(), |mut d| {
        let q = d["questions"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|q| q["id"] == "partners")
            .unwrap();
        for c in q["categories"].as_array_mut().unwrap() {
            c.as_object_mut().unwrap().remove("column");
        }
        q["column"] = "partners".into();
        q["separator"] = ";".into();
        q["categories"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"code": "none", "label": {"ja": "なし", "en": "none"}}));
        d
    });
    let delimited = tab(s.path(), "class");
    let columns = tab(&shipped_survey(), "class");
    assert_eq!(delimited["respondents"], columns["respondents"]);
    for k in 0..6 {
        assert_eq!(
            delimited["options"][k]["chosen"], columns["options"][k]["chosen"],
            "option {k}"
        );
    }
}

fn refused(returns: &str, edit: impl FnOnce(Value) -> Value, expected: &[&str]) {
    let s = TempSurvey::with_full_definition("returns.csv", returns.as_bytes(), edit);
    let out = renkei()
        .args(["tab", "--survey"])
        .arg(s.path())
        .args(["--question", "partners", "--by", "class", "--lang", "en"])
        .output()
        .unwrap();
    assert_refused(&out, expected);
}

#[test]
fn bad_multiple_answers_are_refused() {
    let returns = shipped_returns();
    // An option column with a value other than a mark.
    let bad = format!(
        "{FULL_HEADER}\n{}\n",
        full_row("A1,市,95,70,1").replace(",0,0,0,0,0,0", ",2,0,0,0,0,0")
    );
    refused(
        &bad,
        |d| d,
        &["column 'partner_1': value '2'", "1/0, 〇/blank, TRUE/FALSE"],
    );
    // A separator inside a label.
    refused(
        &returns,
        |mut d| {
            let q = d["questions"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .find(|q| q["id"] == "partners")
                .unwrap();
            for c in q["categories"].as_array_mut().unwrap() {
                c.as_object_mut().unwrap().remove("column");
            }
            q["column"] = "partner_1".into();
            q["separator"] = "・".into();
            d
        },
        &["an option without the separator '・'"],
    );
    // Option columns and a separator together.
    refused(
        &returns,
        |mut d| {
            let q = d["questions"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .find(|q| q["id"] == "partners")
                .unwrap();
            q["separator"] = ";".into();
            d
        },
        &["a \"column\" on every option"],
    );
}

#[test]
fn strata_are_for_single_answer_questions() {
    let out = renkei()
        .args(["tab", "--survey"])
        .arg(shipped_survey())
        .args([
            "--question",
            "partners",
            "--by",
            "class",
            "--strata",
            "prefecture",
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--strata takes single-answer questions")
    );
}

/// Two options read from one column are refused (they were counted as one
/// answer twice).
#[test]
fn two_options_cannot_read_one_column() {
    refused(
        &shipped_returns(),
        |mut d| {
            let q = d["questions"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .find(|q| q["id"] == "partners")
                .unwrap();
            q["categories"][1]["column"] = q["categories"][0]["column"].clone();
            d
        },
        &["categories[1].column", "option 1 reads this one"],
    );
}

/// A declared no-answer value in an option column makes the respondent's
/// choices unknown: no answer, not "not chosen".
#[test]
fn a_declared_no_answer_in_an_option_column_is_no_answer() {
    let text = shipped_returns();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let col = header.iter().position(|h| *h == "partner_1").unwrap();
    let mut fields: Vec<String> = lines[1].split(',').map(String::from).collect();
    fields[col] = "無回答".into();
    lines[1] = fields.join(",");
    let edited = lines.join("\n") + "\n";
    let json_of = |returns: &str| {
        let s = TempSurvey::with_full_definition("returns.csv", returns.as_bytes(), |d| d);
        question_json(s.path(), "partners", "class", &[])
    };
    let before = json_of(&text);
    let after = json_of(&edited);
    let respondents = |v: &serde_json::Value| -> u64 {
        v["respondents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap())
            .sum()
    };
    assert_eq!(respondents(&after) + 1, respondents(&before), "{after}");
}

/// Issue 35: the base of a multiple-answer table says whom it counts, and
/// `"blank_row": "none_chosen"` counts the returns with every option's cell
/// empty as choosing none (they are left out as not answering by default).
#[test]
fn the_base_says_whom_it_counts_and_blank_rows_can_count_as_none_chosen() {
    let text = shipped_returns();
    let blank_rows = text
        .lines()
        .skip(1)
        .filter(|l| {
            let f: Vec<&str> = l.split(',').collect();
            f[f.len() - 6..].iter().all(|m| m.is_empty())
        })
        .count() as u64;
    assert!(blank_rows > 0);
    let with = |rule: Option<&str>| {
        let s = TempSurvey::with_full_definition("returns.csv", text.as_bytes(), |mut d| {
            if let Some(rule) = rule {
                let q = d["questions"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .find(|q| q["id"] == "partners")
                    .unwrap();
                q["blank_row"] = rule.into();
            }
            d
        });
        let json = question_json(s.path(), "partners", "class", &[]);
        let out = renkei()
            .args(["tab", "--question", "partners", "--by", "class", "--survey"])
            .arg(s.path())
            .output()
            .unwrap();
        (json, String::from_utf8(out.stdout).unwrap())
    };
    let total = |v: &serde_json::Value| -> u64 {
        v["respondents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap())
            .sum()
    };
    let (default, said) = with(None);
    assert!(
        said.contains(&format!("割合の分母 {} 団体", total(&default)))
            && said.contains(&format!(
                "無回答 (どの列も空欄か、無回答の値) の {blank_rows} 団体は分母から除いた"
            ))
            && said.contains("\"blank_row\": \"none_chosen\""),
        "{said}"
    );
    let (none_chosen, said) = with(Some("none_chosen"));
    assert_eq!(total(&none_chosen), total(&default) + blank_rows);
    assert!(said.contains("「どれも選ばなかった」として含む"), "{said}");
    // Chosen counts are the same; only the base grows.
    for (a, b) in default["options"]
        .as_array()
        .unwrap()
        .iter()
        .zip(none_chosen["options"].as_array().unwrap())
    {
        assert_eq!(a["chosen"], b["chosen"]);
    }
}
