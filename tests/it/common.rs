//! Helpers for the integration tests: the `renkei` binary and throw-away
//! surveys in temporary directories.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub fn renkei() -> Command {
    Command::cargo_bin("renkei").expect("binary built")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn shipped_survey() -> PathBuf {
    repo().join("surveys/renkei-2025")
}

/// A survey directory with the shipped definition (optionally edited) and
/// the given returns file.
pub struct TempSurvey {
    pub dir: tempfile::TempDir,
}

impl TempSurvey {
    /// `returns_name` is the file name written and named in survey.json.
    pub fn new(returns_name: &str, returns: &[u8]) -> Self {
        Self::with_definition(returns_name, returns, |d| d)
    }

    /// The shipped definition without what needs the synthetic columns
    /// (population, prefecture, grouping and multiple-answer columns), edited by `edit`: for
    /// returns files with the five core columns of `HEADER`.
    pub fn with_definition(
        returns_name: &str,
        returns: &[u8],
        edit: impl FnOnce(serde_json::Value) -> serde_json::Value,
    ) -> Self {
        Self::with_full_definition(returns_name, returns, |mut d| {
            let uc = d["unit_columns"].as_object_mut().unwrap();
            uc.remove("population");
            uc.remove("prefecture");
            d["groupings"]
                .as_array_mut()
                .unwrap()
                .retain(|g| matches!(g["by"].as_str(), Some("class-group" | "industry")));
            d["questions"]
                .as_array_mut()
                .unwrap()
                .retain(|q| q["type"].as_str() != Some("multiple"));
            edit(d)
        })
    }

    /// The shipped definition as it is, edited by `edit`.
    pub fn with_full_definition(
        returns_name: &str,
        returns: &[u8],
        edit: impl FnOnce(serde_json::Value) -> serde_json::Value,
    ) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let def: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(shipped_survey().join("survey.json")).unwrap(),
        )
        .unwrap();
        let mut def = edit(def);
        def["returns"] = returns_name.into();
        std::fs::write(
            dir.path().join("survey.json"),
            serde_json::to_string_pretty(&def).unwrap(),
        )
        .unwrap();
        std::fs::write(dir.path().join(returns_name), returns).unwrap();
        TempSurvey { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn returns(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// The shipped returns as text.
pub fn shipped_returns() -> String {
    std::fs::read_to_string(shipped_survey().join("returns.csv")).unwrap()
}

pub const HEADER: &str = "unit_id,class,share_secondary_tertiary,share_tertiary,implementation";

/// The shipped returns' header: the core columns, then the synthetic ones
/// the shipped definition also reads (prefecture, population, grouping and
/// multiple-answer columns).
pub const FULL_HEADER: &str = "unit_id,class,share_secondary_tertiary,share_tertiary,implementation,prefecture,population,health_centre,partner_1,partner_2,partner_3,partner_4,partner_5,partner_6";

/// A core row (`HEADER`'s five columns) with plain values for the others.
pub fn full_row(core: &str) -> String {
    format!("{core},A県,50000,非設置,0,0,0,0,0,0")
}

/// A small valid returns file with the given extra rows appended.
pub fn small_csv(extra: &[&str]) -> String {
    let mut s = String::from(HEADER);
    s.push('\n');
    for row in [
        "A1,市,95.0,70.0,積極的に実施",
        "A2,中核市,92.0,60.0,未実施",
        "A3,町,85.0,50.0,2",
        "A4,村,70.0,40.0,未実施",
    ]
    .iter()
    .chain(extra)
    {
        s.push_str(row);
        s.push('\n');
    }
    s
}

/// `renkei tab --question implementation --by BY --survey` (the survey
/// directory is added by the caller).
/// `renkei tab --question implementation --by BY`; further arguments follow.
pub fn tab_cmd(by: &str) -> Command {
    let mut cmd = renkei();
    cmd.args(["tab", "--question", "implementation", "--by", by]);
    cmd
}

/// `tab_cmd(by)` with `--survey`; the survey directory follows.
pub fn tab_by(by: &str) -> Command {
    let mut cmd = tab_cmd(by);
    cmd.arg("--survey");
    cmd
}

/// `renkei tab --format json` of question `implementation` by `by` on
/// `survey`, with `extra` arguments; the parsed JSON.
pub fn tab_json(survey: &Path, by: &str, extra: &[&str]) -> serde_json::Value {
    question_json(survey, "implementation", by, extra)
}

/// `tab_json` for any question.
pub fn question_json(survey: &Path, question: &str, by: &str, extra: &[&str]) -> serde_json::Value {
    let out = renkei()
        .args(["tab", "--question", question, "--by", by, "--survey"])
        .arg(survey)
        .args(["--format", "json"])
        .args(extra)
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).expect("JSON output")
}

/// The lines of tests/reference/`name` after its header, split on tabs and
/// trimmed (R's `format` pads numbers).
pub fn reference_tsv(name: &str) -> Vec<Vec<String>> {
    std::fs::read_to_string(repo().join("tests/reference").join(name))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split('\t').map(|f| f.trim().to_string()).collect())
        .collect()
}

/// Asserts `got` is within `rel` of `want` relative to |want| (absolutely
/// when |want| < 1).
pub fn assert_close(got: f64, want: f64, rel: f64, what: &str) {
    let scale = want.abs().max(1.0);
    assert!(
        (got - want).abs() <= rel * scale,
        "{what}: got {got:e}, R gives {want:e} (tolerance {rel:e} relative)"
    );
}

/// One run of each of renkei's twelve commands on the shipped data (input
/// files named from the repository top; `init` and `report` write into
/// `out`), with the input files whose text the output may quote as data.
pub struct CommandRun {
    pub command: &'static str,
    pub args: Vec<String>,
    pub inputs: Vec<&'static str>,
}

/// Every command, run as the README shows it on the shipped data.
pub fn every_command(out: &Path) -> Vec<CommandRun> {
    let survey = "surveys/renkei-2025";
    let run = |command: &'static str, args: &[&str], inputs: &[&'static str]| CommandRun {
        command,
        args: std::iter::once(command)
            .chain(args.iter().copied())
            .map(String::from)
            .collect(),
        inputs: inputs.to_vec(),
    };
    let definition = &[
        "surveys/renkei-2025/survey.json",
        "surveys/renkei-2025/returns.csv",
    ];
    let mut runs = vec![
        run(
            "reproduce",
            &[],
            &[
                "seeds/table3.json",
                "seeds/table4.json",
                "seeds/table5.json",
                "seeds/otaru-midterm.csv",
            ],
        ),
        run(
            "tab",
            &[
                "--survey",
                survey,
                "--question",
                "implementation",
                "--by",
                "class",
            ],
            definition,
        ),
        run("classify", &["--survey", survey], definition),
        run(
            "test",
            &[
                "--counts",
                "1,1,1;3,3,0;0,2,0;4,12,0",
                "--exact",
                "--pairwise",
            ],
            &[],
        ),
        run(
            "audit",
            &[
                "--all",
                "seeds/table3.json",
                "seeds/table4.json",
                "seeds/table5.json",
            ],
            &[
                "seeds/table3.json",
                "seeds/table4.json",
                "seeds/table5.json",
            ],
        ),
        run(
            "ratio",
            &[
                "--study",
                "examples/ndb/study.csv",
                "--standard",
                "examples/ndb/standard.csv",
                "--masked",
                "exclude",
            ],
            &["examples/ndb/study.csv", "examples/ndb/standard.csv"],
        ),
        run(
            "evaluate",
            &["seeds/otaru-midterm.csv"],
            &["seeds/otaru-midterm.csv"],
        ),
        run(
            "checklist",
            &[
                "--checklist",
                "prefecture-32",
                "--returns",
                "checklists/examples/prefecture-32.csv",
                "--by",
                "uses_checklist",
            ],
            &[
                "checklists/prefecture-32.json",
                "checklists/examples/prefecture-32.csv",
            ],
        ),
        run(
            "scale",
            &[
                "--items",
                "checklists/examples/prefecture-32.csv",
                "--checklist",
                "prefecture-32",
            ],
            &[
                "checklists/prefecture-32.json",
                "checklists/examples/prefecture-32.csv",
            ],
        ),
        run("describe", &["--survey", survey], definition),
    ];
    let init_out = out.join("init");
    runs.push(CommandRun {
        command: "init",
        args: vec![
            "init".into(),
            "--returns".into(),
            "surveys/renkei-2025/returns.csv".into(),
            "--out".into(),
            init_out.display().to_string(),
            "--force".into(),
        ],
        // The no-answer markers init proposes are the shipped definition's.
        inputs: vec![
            "surveys/renkei-2025/returns.csv",
            "surveys/renkei-2025/survey.json",
        ],
    });
    runs.push(CommandRun {
        command: "report",
        args: vec![
            "report".into(),
            "--survey".into(),
            survey.into(),
            "-o".into(),
            out.join("report.html").display().to_string(),
            "--force".into(),
        ],
        inputs: definition.to_vec(),
    });
    runs
}

/// JSON read by a parser that refuses an object with the same key twice
/// (serde_json keeps the last one; other parsers keep the first or fail).
pub fn strict_json(text: &str) -> Result<serde_json::Value, String> {
    serde_json::from_str::<Strict>(text)
        .map(|s| s.0)
        .map_err(|e| e.to_string())
}

struct Strict(serde_json::Value);

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = serde_json::Value;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut v = Vec::new();
        while let Some(Strict(x)) = seq.next_element()? {
            v.push(x);
        }
        Ok(v.into())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut m = serde_json::Map::new();
        while let Some(k) = map.next_key::<String>()? {
            let Strict(v) = map.next_value()?;
            if m.insert(k.clone(), v).is_some() {
                return Err(serde::de::Error::custom(format!(
                    "key \"{k}\" twice in one object"
                )));
            }
        }
        Ok(m.into())
    }
}

/// Asserts a run was refused as bad input (exit 2) with each of `expected`
/// in its message; returns the message.
pub fn assert_refused(out: &std::process::Output, expected: &[&str]) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    for e in expected {
        assert!(err.contains(e), "expected {e:?} in: {err}");
    }
    err
}

/// `text` as a file named `name` in a fresh temporary directory (kept while
/// the directory lives); its path.
pub fn temp(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    (dir, p.display().to_string())
}
