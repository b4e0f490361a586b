//! The command line: one module per subcommand, each with its own usage text.

pub mod analysis;
pub mod audit;
pub mod classify;
pub mod output;
pub mod report;
pub mod reproduce;
pub mod tab;
pub mod test;

use crate::error::{Error, Result};
use crate::input::returns::TextEncoding;
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "renkei",
    version,
    about = "Statistics of municipal health-collaboration (地域・職域連携) surveys",
    long_about = "Statistics of municipal health-collaboration (地域・職域連携) surveys: \
returns typed by municipality class and industry structure, implementation-rate \
tables, and tests of independence.\n\nExit codes: 0 ok, 1 mismatch or findings, \
2 usage or input error, 3 internal error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Reproduce(reproduce::ReproduceArgs),
    Tab(tab::TabArgs),
    Classify(classify::ClassifyArgs),
    Test(test::TestArgs),
    Audit(audit::AuditArgs),
    Report(report::ReportArgs),
}

/// Options shared by commands that read a survey.
#[derive(Debug, Args)]
pub struct SurveyArgs {
    /// Survey directory (holding survey.json).
    #[arg(long, value_name = "DIR")]
    pub survey: PathBuf,
    /// Returns file to read instead of the one the survey names (.csv, .tsv, .json).
    #[arg(long, value_name = "FILE")]
    pub returns: Option<PathBuf>,
    /// Text encoding of the returns.
    #[arg(long, value_enum, default_value_t = TextEncoding::Auto)]
    pub encoding: TextEncoding,
    /// Worksheet of spreadsheet returns (.xlsx, .xls, .ods) [default: the first].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

impl SurveyArgs {
    /// Loads the survey and types its returns, as these options say.
    pub fn load(&self) -> Result<(crate::input::survey::Survey, crate::units::Returns)> {
        crate::load_survey(
            &self.survey,
            self.returns.as_deref(),
            self.encoding,
            self.sheet.as_deref(),
        )
    }
}

pub use output::{Format, OutputArgs};

/// Runs a command and turns its outcome into the process's exit code: the
/// command's own code (0 or 1), an error's code (2 for usage and input
/// errors, 130 when interrupted) with its message on stderr, or 3 with a
/// request to report it if the command panicked — a panic is a bug, and it
/// must still end with a message and a documented code. Outputs are rendered
/// in memory and only then written (to a temporary file renamed into
/// place), so a panic leaves no half-written output behind.
pub fn exit_code_of(command: impl FnOnce() -> Result<i32> + std::panic::UnwindSafe) -> i32 {
    match std::panic::catch_unwind(command) {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            eprintln!("renkei: {e}");
            e.exit_code()
        }
        Err(_) => {
            eprintln!("renkei: internal error (please report it with the command that caused it)");
            crate::error::EXIT_INTERNAL
        }
    }
}

/// Runs a parsed command line; returns the exit code.
pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Reproduce(a) => reproduce::run(a),
        Command::Tab(a) => tab::run(a),
        Command::Classify(a) => classify::run(a),
        Command::Test(a) => test::run(a),
        Command::Audit(a) => audit::run(a),
        Command::Report(a) => report::run(a),
    }
}

/// Writes a finished output to stdout. A closed pipe (`renkei … | head`) is
/// not an error.
pub fn emit(text: &str) -> Result<()> {
    emit_bytes(text.as_bytes())
}

/// `emit` for bytes.
pub fn emit_bytes(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::io(Path::new("<stdout>"), e))
        }
        _ => Ok(()),
    }
}

/// Serializes to pretty JSON with a final newline.
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| Error::Internal(format!("JSON output: {e}")))
}

/// The shipped survey and seeds: looked up in the working directory first
/// (a checkout), then where the package was built.
pub fn shipped(relative: &str) -> PathBuf {
    let here = Path::new(relative);
    if here.exists() {
        return here.to_path_buf();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Renders one table in any format (`tab` and `test`).
pub fn render_single_table(
    view: &crate::render::TableView,
    format: Format,
    lang: crate::municipality::Lang,
) -> Result<Vec<u8>> {
    use crate::render::{json::table_json, text::render_table};
    Ok(match format {
        Format::Text => render_table(view, lang).into_bytes(),
        Format::Json => to_json(&table_json(view))?.into_bytes(),
        other => render_documents(other, std::slice::from_ref(view), &[], lang)?,
    })
}

/// Renders tables in the formats that need nothing command-specific
/// (Markdown, CSV, xlsx). `footers[k]` are lines under table k.
pub fn render_documents(
    format: Format,
    views: &[crate::render::TableView],
    footers: &[Vec<String>],
    lang: crate::municipality::Lang,
) -> Result<Vec<u8>> {
    use crate::render::{csv, html, markdown, svg, xlsx};
    Ok(match format {
        Format::Markdown => views
            .iter()
            .enumerate()
            .map(|(k, v)| {
                markdown::render_table(v, lang, footers.get(k).map(Vec::as_slice).unwrap_or(&[]))
            })
            .collect::<String>()
            .into_bytes(),
        Format::Csv => csv::render_tables(views)?.into_bytes(),
        Format::Xlsx => xlsx::render_workbook(views, footers, lang)?,
        Format::Svg => svg::render_document(views, lang).into_bytes(),
        Format::Html => {
            let heading = match (views.len(), lang) {
                (1, _) => views[0].title.to_string(),
                (_, crate::municipality::Lang::Ja) => "renkei 集計報告".to_string(),
                (_, crate::municipality::Lang::En) => "renkei report".to_string(),
            };
            html::render_report(&heading, views, footers, lang).into_bytes()
        }
        Format::Text | Format::Json => {
            return Err(Error::Internal(
                "text and JSON are rendered by each command".into(),
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{EXIT_INPUT, EXIT_INTERNAL};

    #[test]
    fn exit_codes() {
        assert_eq!(exit_code_of(|| Ok(0)), 0);
        assert_eq!(exit_code_of(|| Ok(1)), 1);
        let usage = exit_code_of(|| Err(Error::Usage("--counts is empty".into())));
        assert_eq!(usage, EXIT_INPUT);
        // The panic's own message also goes to stderr (the default hook).
        assert_eq!(exit_code_of(|| panic!("a bug")), EXIT_INTERNAL);
    }
}
