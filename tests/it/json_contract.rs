//! The JSON contract holds for every command: one value per key in every
//! object (JSON with a key twice is read differently by different parsers),
//! and nothing but label fields depends on `--lang`.

use crate::common::*;

fn json_of(run: &CommandRun, lang: &str) -> String {
    let out = renkei()
        .current_dir(repo())
        .args(&run.args)
        .args(["--format", "json", "--lang", lang])
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{:?}: {}",
        run.args,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_strict_reader_refuses_a_key_twice() {
    assert!(strict_json(r#"{"a": {"p": 1, "b": [{"p": 2}]}}"#).is_ok());
    let e = strict_json(r#"{"a": {"status": "done", "p": 1, "p": 1}}"#).unwrap_err();
    assert!(e.contains("\"p\" twice"), "{e}");
}

#[test]
fn no_command_writes_a_key_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut runs = every_command(dir.path());
    // `report` writes HTML and a workbook, never JSON.
    runs.retain(|r| r.command != "report");
    assert_eq!(runs.len(), 11);
    // The exact test's record (once with a duplicate `p`), Monte Carlo's and
    // the multiple-answer tests' too.
    for extra in [
        vec!["test", "--counts", "3,1;1,3", "--exact"],
        vec![
            "test",
            "--counts",
            "1,1,1;3,3,0;0,2,0;4,12,0",
            "--monte-carlo",
            "2000",
        ],
        vec![
            "tab",
            "--survey",
            "surveys/renkei-2025",
            "--question",
            "partners",
            "--by",
            "class",
        ],
        vec![
            "tab",
            "--survey",
            "surveys/renkei-2025",
            "--question",
            "implementation",
            "--by",
            "class",
            "--strata",
            "prefecture",
        ],
    ] {
        runs.push(CommandRun {
            command: "extra",
            args: extra.into_iter().map(String::from).collect(),
            inputs: vec![],
        });
    }
    for run in &runs {
        for lang in ["ja", "en"] {
            let text = json_of(run, lang);
            if let Err(e) = strict_json(&text) {
                panic!("{:?} --lang {lang}: {e}", run.args);
            }
        }
    }
}

/// The keys whose strings are names or descriptions for people, in the
/// output's language; every other value is the same in either language.
const LABEL_KEYS: &[&str] = &[
    "title",
    "rows",
    "columns",
    "source",
    "item",
    "check",
    "note",
    "name",
    "class",
    "class_group",
    "industry_type",
    "ruiji_type",
    "label",
    "group",
    "groups",
    "sex",
    "council",
    "type",
];

/// Paths where `ja` and `en` differ other than in label fields or timings.
fn language_dependent(
    ja: &serde_json::Value,
    en: &serde_json::Value,
    path: &str,
    out: &mut Vec<String>,
) {
    use serde_json::Value as V;
    let key = path.rsplit('.').next().unwrap_or("").trim_end_matches("[]");
    match (ja, en) {
        (V::Object(a), V::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) => language_dependent(x, y, &format!("{path}.{k}"), out),
                    _ => out.push(format!("{path}.{k} (present in one language only)")),
                }
            }
        }
        (V::Array(a), V::Array(b)) if a.len() == b.len() => {
            for (x, y) in a.iter().zip(b) {
                language_dependent(x, y, &format!("{path}[]"), out);
            }
        }
        (V::String(_), V::String(_)) if LABEL_KEYS.contains(&key) => {}
        (V::Number(_), V::Number(_)) if key == "seconds" => {}
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{path}: {a} | {b}")),
    }
}

#[test]
fn json_depends_on_the_language_only_in_label_fields() {
    let dir = tempfile::tempdir().unwrap();
    let mut found = Vec::new();
    for run in every_command(dir.path()) {
        // `report` writes no JSON; `init`'s is the definition it wrote.
        if matches!(run.command, "report" | "init") {
            continue;
        }
        let ja: serde_json::Value = serde_json::from_str(&json_of(&run, "ja")).unwrap();
        let en: serde_json::Value = serde_json::from_str(&json_of(&run, "en")).unwrap();
        let mut paths = Vec::new();
        language_dependent(&ja, &en, "", &mut paths);
        paths.dedup();
        found.extend(
            paths
                .into_iter()
                .take(5)
                .map(|p| format!("{}: {p}", run.command)),
        );
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_language_check_finds_a_worded_value() {
    let ja = serde_json::json!({"title": "表", "reproduced": "定義されない", "n": 3});
    let en = serde_json::json!({"title": "Table", "reproduced": "undefined", "n": 3});
    let mut out = Vec::new();
    language_dependent(&ja, &en, "", &mut out);
    assert_eq!(out, vec![".reproduced: \"定義されない\" | \"undefined\""]);
}
