//! Each output in one language: `--lang ja` (the default) writes no English
//! sentence, and `--lang en` no Japanese where the data have English names
//! (the shipped survey's labels; counts given directly). Published tables
//! keep their printed Japanese titles and labels in both languages: they are
//! data that exist in one language only.

use crate::common::*;

/// Runs renkei with `args` from the repository top; returns stdout (or the
/// file it wrote, for `report`).
fn output(args: &[&str]) -> String {
    let out = renkei().current_dir(repo()).args(args).output().unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Three or more English words in a row: a sentence, not a name such as
/// "Monte Carlo" or "Pearson X²". Markup (HTML, SVG) is skipped by looking
/// only at text between tags.
fn english_sentences(text: &str) -> Vec<String> {
    // The style sheet is code, not text.
    let text = match (text.find("<style>"), text.find("</style>")) {
        (Some(a), Some(b)) => format!("{}{}", &text[..a], &text[b..]),
        _ => text.to_string(),
    };
    let mut found = Vec::new();
    for piece in text
        .split(['<', '>'])
        .enumerate()
        .filter(|(k, _)| k % 2 == 0)
    {
        let mut run: Vec<&str> = Vec::new();
        for word in piece.1.split([' ', '\n', '(', ')', ',', ';', ':', '.']) {
            let is_word = word.len() > 1 && word.chars().all(|c| c.is_ascii_alphabetic());
            if is_word {
                run.push(word);
                continue;
            }
            if run.len() >= 3 {
                found.push(run.join(" "));
            }
            run.clear();
        }
        if run.len() >= 3 {
            found.push(run.join(" "));
        }
    }
    found
}

fn japanese(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| matches!(*c as u32, 0x3040..=0x30FF | 0x4E00..=0x9FFF | 0xFF01..=0xFF60))
        .collect()
}

#[test]
fn japanese_output_has_no_english_sentence() {
    let survey = "surveys/renkei-2025";
    let runs: Vec<Vec<&str>> = vec![
        vec!["reproduce"],
        vec!["reproduce", "--format", "markdown"],
        vec!["reproduce", "--format", "html"],
        vec!["reproduce", "--format", "json"],
        vec![
            "tab",
            "--survey",
            survey,
            "--question",
            "implementation",
            "--by",
            "class",
        ],
        vec![
            "test",
            "--counts",
            "1,1,1;3,3,0;0,2,0;4,12,0",
            "--exact",
            "--pairwise",
        ],
        vec![
            "test",
            "--counts",
            "1,1,1;3,3,0;0,2,0;4,12,0",
            "--monte-carlo",
            "1000",
        ],
        vec![
            "audit",
            "--all",
            "seeds/table3.json",
            "seeds/table4.json",
            "seeds/table5.json",
        ],
        vec!["audit", "--format", "json", "seeds/table3.json"],
        vec!["classify", "--survey", survey],
    ];
    for args in runs {
        let text = output(&args);
        let found = english_sentences(&text);
        assert!(
            found.is_empty(),
            "{args:?} writes English in Japanese output: {found:?}"
        );
    }
}

#[test]
fn english_output_has_no_japanese_where_the_data_have_english_names() {
    let survey = "surveys/renkei-2025";
    let runs: Vec<Vec<&str>> = vec![
        vec![
            "tab",
            "--lang",
            "en",
            "--survey",
            survey,
            "--question",
            "implementation",
            "--by",
            "class",
        ],
        vec![
            "tab",
            "--lang",
            "en",
            "--survey",
            survey,
            "--question",
            "implementation",
            "--by",
            "town-industry",
            "--format",
            "html",
        ],
        vec![
            "test",
            "--lang",
            "en",
            "--counts",
            "1,1,1;3,3,0;0,2,0;4,12,0",
            "--exact",
            "--pairwise",
        ],
        vec![
            "test", "--lang", "en", "--counts", "5,0;0,5", "--format", "json",
        ],
        vec!["classify", "--lang", "en", "--survey", survey],
    ];
    for args in runs {
        let text = output(&args);
        let found = japanese(&text);
        assert!(
            found.is_empty(),
            "{args:?} writes Japanese in English output: {found:?}"
        );
    }
}

#[test]
fn the_report_is_in_one_language() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, check) in [("ja", true), ("en", false)] {
        let html = dir.path().join(format!("report-{lang}.html"));
        renkei()
            .args(["report", "--lang", lang, "--survey"])
            .arg(shipped_survey())
            .arg("-o")
            .arg(&html)
            .assert()
            .success();
        let text = std::fs::read_to_string(&html).unwrap();
        if check {
            assert_eq!(english_sentences(&text), Vec::<String>::new(), "{lang}");
        } else {
            let found: String = japanese(&text).into_iter().collect();
            assert_eq!(found, "", "{lang}");
        }
    }
}

#[test]
fn the_detectors_detect() {
    assert_eq!(
        english_sentences("照合: the printed cells sum to 55"),
        vec!["the printed cells sum to"]
    );
    assert!(english_sentences("Monte Carlo (B = 1000): Pearson X² p").is_empty());
    assert_eq!(japanese("Total 合計"), vec!['合', '計']);
}

#[test]
fn errors_speak_the_user_s_language() {
    let stderr = |args: &[&str]| {
        let out = renkei().current_dir(repo()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let ja = stderr(&["test", "--counts", "1,x;2,3"]);
    assert!(ja.contains("1 行 2 列: 'x' は度数でない"), "{ja}");
    assert_eq!(english_sentences(&ja), Vec::<String>::new(), "{ja}");
    let en = stderr(&["test", "--lang", "en", "--counts", "1,x;2,3"]);
    assert!(en.contains("row 1, column 2: 'x' is not a count"), "{en}");
    assert_eq!(japanese(&en), Vec::<char>::new(), "{en}");
    // An input error: file, line, column and value, then what was expected.
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("r.csv");
    std::fs::write(
        &returns,
        format!(
            "{}\n{}\n",
            crate::common::FULL_HEADER,
            crate::common::full_row("A1,市,95,70,たまに")
        ),
    )
    .unwrap();
    let survey = "surveys/renkei-2025";
    let args = [
        "tab",
        "--survey",
        survey,
        "--question",
        "implementation",
        "--by",
        "class",
        "--returns",
    ];
    let mut ja_args: Vec<&str> = args.to_vec();
    ja_args.push(returns.to_str().unwrap());
    let ja = stderr(&ja_args);
    assert!(
        ja.contains(
            ":2: 列 'implementation': 値 'たまに': 必要なもの: 設問 'implementation' の回答"
        ),
        "{ja}"
    );
}

/// The strings of `inputs` that are data in one language: every CSV cell
/// and header, and every JSON string that is not the `ja` half of a
/// bilingual label (whose `en` half English output must use instead).
fn one_language_data(inputs: &[&str]) -> Vec<String> {
    fn walk(v: &serde_json::Value, key: Option<&str>, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) if key != Some("ja") => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, key, out)),
            serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| walk(x, Some(k), out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for input in inputs {
        let text = std::fs::read_to_string(repo().join(input)).unwrap();
        if input.ends_with(".json") {
            walk(&serde_json::from_str(&text).unwrap(), None, &mut out);
        } else {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            for rec in r.records() {
                out.extend(rec.unwrap().iter().map(|f| f.trim().to_string()));
            }
        }
    }
    out.retain(|s| !s.is_empty());
    // Longest first, so that a cell is removed before a shorter one inside it.
    out.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    out.dedup();
    out
}

/// The maximal runs of Japanese characters (kana, kanji, full-width forms
/// and the punctuation between them) in `text`.
fn japanese_runs(text: &str) -> Vec<String> {
    let is_ja = |c: char| matches!(c as u32, 0x3000..=0x30FF | 0x4E00..=0x9FFF | 0xFF01..=0xFF60);
    let mut runs = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if is_ja(c) {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs.retain(|r| !japanese(r).is_empty());
    runs
}

/// JSON `text` without the `lang` half of each bilingual label
/// (`{"ja": …, "en": …}`): a definition's labels come in both languages.
fn other_half_out(text: &str, lang: &str) -> String {
    fn walk(v: &mut serde_json::Value, lang: &str) {
        match v {
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| walk(x, lang)),
            serde_json::Value::Object(o) => {
                if o.contains_key("ja") && o.contains_key("en") {
                    o.remove(lang);
                }
                o.values_mut().for_each(|x| walk(x, lang));
            }
            _ => {}
        }
    }
    let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
    walk(&mut v, lang);
    serde_json::to_string_pretty(&v).unwrap()
}

/// Runs one command in one format and language; `None` when the command
/// has nothing to draw in that format (SVG of a table without charts).
fn run_in(run: &CommandRun, format: Option<&str>, lang: &str) -> Option<String> {
    let mut cmd = renkei();
    cmd.current_dir(repo())
        .args(&run.args)
        .args(["--lang", lang]);
    if let Some(f) = format {
        cmd.args(["--format", f]);
    }
    let out = cmd.output().unwrap();
    if format == Some("svg") && out.status.code() == Some(2) {
        return None;
    }
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{:?} {format:?} {lang}: {}",
        run.args,
        String::from_utf8_lossy(&out.stderr)
    );
    if run.command == "report" {
        // The HTML report is the file it wrote (stdout is empty).
        let html = run.args.iter().skip_while(|a| *a != "-o").nth(1).unwrap();
        return Some(std::fs::read_to_string(html).unwrap());
    }
    Some(String::from_utf8(out.stdout).unwrap())
}

/// Every command in every text format, in both languages: Japanese output
/// writes no English sentence; English output writes no Japanese but the
/// inputs' own one-language data (names of councils, areas, plan items as
/// printed).
#[test]
fn every_command_and_format_speaks_one_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for run in every_command(dir.path()) {
        let formats: Vec<Option<&str>> = if run.command == "report" {
            vec![None]
        } else {
            ["text", "markdown", "csv", "json", "html", "svg"]
                .map(Some)
                .to_vec()
        };
        let data = one_language_data(&run.inputs);
        for format in formats {
            if let Some(text) = run_in(&run, format, "ja") {
                let text = match format {
                    // Labels of a definition come in both languages.
                    Some("json") => other_half_out(&text, "en"),
                    // Header rows (one per table) are the CSV contract's
                    // column keys.
                    Some("csv") => text
                        .lines()
                        .filter(|l| {
                            !l.trim_start_matches('\u{feff}').chars().all(|c| {
                                c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == ','
                            })
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                    _ => text,
                };
                let found = english_sentences(&text);
                if !found.is_empty() {
                    failures.push(format!("{:?} {format:?} ja: English {found:?}", run.args));
                }
            }
            if let Some(text) = run_in(&run, format, "en") {
                let text = if format == Some("json") {
                    other_half_out(&text, "ja")
                } else {
                    text
                };
                let found: Vec<String> = japanese_runs(&text)
                    .into_iter()
                    .filter(|r| !data.iter().any(|d| d.contains(r.as_str())))
                    .collect();
                if !found.is_empty() {
                    failures.push(format!("{:?} {format:?} en: Japanese {found:?}", run.args));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `renkei completions bash` is a script bash loads, and it completes the
/// commands and their options.
#[test]
fn bash_completes_commands_and_options() {
    let out = renkei().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("renkei.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    let complete = |words: &str, word: usize| {
        let o = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source '{}'; COMP_WORDS=({words}); COMP_CWORD={word}; _renkei renkei \"${{COMP_WORDS[{word}]}}\" \"${{COMP_WORDS[{}]}}\"; echo \"${{COMPREPLY[@]}}\"",
                script.display(),
                word - 1
            ))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    assert_eq!(complete("renkei ta", 1).trim(), "tab");
    assert_eq!(complete("renkei tab --perc", 2).trim(), "--percent");
    assert!(complete("renkei ap", 1).contains("app"));
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let o = renkei().args(["completions", shell]).output().unwrap();
        assert!(o.status.success() && o.stdout.len() > 1000, "{shell}");
    }
}

/// Issue 35: `--help` and clap's own errors speak Japanese by default, and
/// English with `--lang en` (or an English `LANG`).
#[test]
fn help_and_argument_errors_speak_japanese_by_default() {
    let run = |args: &[&str], lang: &str| {
        renkei()
            .args(args)
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .output()
            .unwrap()
    };
    let help = run(&["tab", "--help"], "C.UTF-8");
    assert!(help.status.success());
    let text = String::from_utf8(help.stdout).unwrap();
    for words in [
        "使い方: renkei tab",
        "オプション:",
        "設問の id (表の行)",
        "ヘルプを表示する",
        "例:",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    assert!(
        !text.contains("Usage:") && !text.contains("Possible values"),
        "{text}"
    );
    let top = String::from_utf8(run(&["--help"], "ja_JP.UTF-8").stdout).unwrap();
    assert!(
        top.contains("コマンド:") && top.contains("completions"),
        "{top}"
    );
    let english =
        String::from_utf8(run(&["tab", "--help", "--lang", "en"], "C.UTF-8").stdout).unwrap();
    assert!(
        english.contains("Usage: renkei tab") && english.contains("Question id (rows)"),
        "{english}"
    );
    let by_env = String::from_utf8(run(&["tab", "--help"], "en_US.UTF-8").stdout).unwrap();
    assert!(by_env.contains("Usage: renkei tab"), "{by_env}");

    let wrong = run(&["tab", "--nope"], "C.UTF-8");
    assert_eq!(wrong.status.code(), Some(2));
    let said = String::from_utf8(wrong.stderr).unwrap();
    assert!(
        said.contains("エラー: オプション '--nope' はこのコマンドにありません"),
        "{said}"
    );
    let value = run(
        &[
            "tab",
            "--survey",
            "s",
            "--question",
            "q",
            "--by",
            "g",
            "--percent",
            "colum",
        ],
        "C.UTF-8",
    );
    let said = String::from_utf8(value.stderr).unwrap();
    assert!(
        said.contains("使える値: column、row") && said.contains("'column' のことですか"),
        "{said}"
    );
    let missing = String::from_utf8(run(&["tab"], "C.UTF-8").stderr).unwrap();
    assert!(
        missing.contains("必要な引数がありません: --survey <DIR>"),
        "{missing}"
    );
    let english = run(&["tab", "--nope", "--lang", "en"], "C.UTF-8");
    assert_eq!(english.status.code(), Some(2));
    assert!(
        String::from_utf8(english.stderr)
            .unwrap()
            .contains("unexpected argument '--nope'")
    );
}
