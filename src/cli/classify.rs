//! `renkei classify`: each unit with its class group and industry type, so a
//! user can check the typing before trusting a table.

use super::args::{OutputArgs, SurveyArgs};
use clap::Args;
use renkei::analyses::classify::report;
use renkei::error::{EXIT_OK, Result};

/// List each unit with its derived class group and industry type.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  renkei classify --survey surveys/renkei-2025 --format csv > units.csv"
)]
pub struct ClassifyArgs {
    #[command(flatten)]
    pub survey: SurveyArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(a: ClassifyArgs) -> Result<i32> {
    a.out.resolve()?;
    let (survey, returns) = a.survey.load_in(a.out.lang)?;
    let inputs = [survey.definition_path.as_path(), returns.source.as_path()];
    a.out
        .emit_after_reading(&report(&survey.definition, &returns), &inputs)?;
    Ok(EXIT_OK)
}

impl super::Run for ClassifyArgs {
    fn lang(&self) -> super::LangArg {
        self.out.lang
    }
    fn run(self) -> Result<i32> {
        run(self)
    }
}
