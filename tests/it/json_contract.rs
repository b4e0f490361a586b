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
