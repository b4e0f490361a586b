//! `renkei describe`: a survey definition's unit columns, questions and groupings.

use super::args::OutputArgs;
use clap::Args;
use renkei::analyses::describe::report;
use renkei::error::{EXIT_OK, Result};
use renkei::input::survey::Survey;
use std::path::PathBuf;

/// List a survey's unit columns, questions (type, categories) and
/// groupings (levels, filters), to check a definition before the first table.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  renkei describe --survey surveys/renkei-2025")]
pub struct DescribeArgs {
    /// Survey directory (holding survey.json).
    #[arg(long, value_name = "DIR")]
    pub survey: PathBuf,
    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(a: DescribeArgs) -> Result<i32> {
    a.out.resolve()?;
    let survey = Survey::load(&a.survey)?;
    a.out.emit_after_reading(
        &report(&survey.definition),
        &[survey.definition_path.as_path()],
    )?;
    Ok(EXIT_OK)
}

impl super::Run for DescribeArgs {
    fn lang(&self) -> super::LangArg {
        self.out.lang
    }
    fn run(self) -> Result<i32> {
        run(self)
    }
}
