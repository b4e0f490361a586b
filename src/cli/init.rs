//! `renkei init`: a first survey.json from a returns file.

use super::args::{EncodingArg, OutputArgs, refuse_inputs, same_file, write_atomically};
use clap::Args;
use renkei::analyses::init::{propose, report};
use renkei::error::{EXIT_OK, Error, Result};
use renkei::input::returns::read_returns_at;
use renkei::input::survey::{DEFINITION_FILE, SurveyDefinition, parse_definition};
use renkei::render::Format;
use renkei::report::messages::errors::Usage;
use std::path::{Path, PathBuf};

/// Propose a survey definition (survey.json) from a returns file: unit
/// columns recognised by their headers, other columns as questions with
/// their values as categories, 0/1 columns with a common stem as one
/// multiple-answer question, and the groupings the columns allow.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  renkei init --returns kaitou.xlsx --out surveys/my-survey\n  renkei describe --survey surveys/my-survey"
)]
pub struct InitArgs {
    /// The returns: CSV (any encoding renkei reads), JSON or a spreadsheet.
    #[arg(long, value_name = "FILE")]
    pub returns: PathBuf,
    /// Directory to write survey.json (and survey.schema.json) in [default: the returns' directory].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The survey's id [default: the directory's name].
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    #[arg(long, value_enum, default_value_t = EncodingArg::Auto)]
    pub encoding: EncodingArg,
    /// Worksheet of a spreadsheet [default: the first that holds a table].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The spreadsheet's row of headers, 1 = the sheet's first row
    /// [default: found below any title rows].
    #[arg(long, value_name = "N")]
    pub header_row: Option<usize>,
    #[command(flatten)]
    pub out_args: OutputArgs,
}

/// The returns' path as survey.json names it: relative to `dir` (with
/// `..` where the returns are outside it), so that the survey folder and
/// its returns can move together; absolute where the two share no folder.
/// Written here: a dozen lines over `Path`'s own components.
fn returns_path(returns: &Path, dir: &Path) -> String {
    let (Ok(r), Ok(d)) = (returns.canonicalize(), dir.canonicalize()) else {
        return returns.display().to_string();
    };
    let (rc, dc): (Vec<_>, Vec<_>) = (r.components().collect(), d.components().collect());
    let common = rc.iter().zip(&dc).take_while(|(a, b)| a == b).count();
    // Sharing no folder (only the root or drive), the two are unrelated
    // places: the absolute path says more than a climb to the root.
    let shared_folders = rc[..common]
        .iter()
        .filter(|c| matches!(c, std::path::Component::Normal(_)))
        .count();
    if shared_folders == 0 {
        return r.display().to_string();
    }
    let mut relative = PathBuf::new();
    for _ in common..dc.len() {
        relative.push("..");
    }
    for c in &rc[common..] {
        relative.push(c);
    }
    // survey.json is read on any system: `/` separates, as JSON paths do.
    let text = relative.to_string_lossy().into_owned();
    if cfg!(windows) {
        text.replace('\\', "/")
    } else {
        text
    }
}

pub fn run(a: InitArgs) -> Result<i32> {
    // What init says is lines and a record: no chart. Refused before
    // anything is written.
    if a.out_args.resolve()? == Format::Svg {
        return Err(Usage::NoChart.into());
    }
    let raw = read_returns_at(
        &a.returns,
        a.encoding.into(),
        a.sheet.as_deref(),
        a.header_row,
    )?;
    let dir = a.out.clone().unwrap_or_else(|| {
        a.returns
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    });
    let dir = if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    };
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let id = a.id.clone().unwrap_or_else(|| {
        dir.canonicalize()
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "survey".into())
    });
    let proposal = propose(&raw, &id, &returns_path(&a.returns, &dir));
    let definition = dir.join(DEFINITION_FILE);
    let schema = dir.join("survey.schema.json");
    if let Some(out) = a.out_args.file() {
        // The report must not take the place of the returns or of what init
        // writes itself.
        refuse_inputs(&[out], &[&a.returns])?;
        if same_file(out, &definition) || same_file(out, &schema) {
            return Err(Usage::OutputIsWritten {
                path: out.display().to_string(),
            }
            .into());
        }
    }
    let json = serde_json::to_string_pretty(&proposal.definition)
        .map_err(|e| Error::Internal(e.to_string()))?
        + "\n";
    // What init writes must load: a proposal the reader refuses is a bug.
    parse_definition(&definition, &json)
        .map_err(|e| Error::Internal(format!("init proposed an invalid definition: {e}")))?;
    if definition.exists() && !a.out_args.force {
        return Err(Usage::Exists {
            path: definition.display().to_string(),
        }
        .into());
    }
    super::analysis::check_interrupted()?;
    write_atomically(&schema, SurveyDefinition::json_schema().as_bytes(), true)?;
    write_atomically(&definition, json.as_bytes(), a.out_args.force)?;
    a.out_args
        .emit(&report(&proposal, &definition.display().to_string()))?;
    Ok(EXIT_OK)
}

impl super::Run for InitArgs {
    fn lang(&self) -> super::LangArg {
        self.out_args.lang
    }
    fn run(self) -> Result<i32> {
        run(self)
    }
}
