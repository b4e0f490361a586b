//! `renkei tab`: any question of a survey by any of its groupings.

use super::analysis::TestOptions;
use super::args::{OutputArgs, PercentArg, SurveyArgs};
use clap::Args;
use renkei::analyses::tab::{self, TabRequest};
use renkei::error::{EXIT_OK, Result};

/// Cross-tabulate a question by a grouping, with n and % per cell and the χ² test.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  renkei tab --survey surveys/renkei-2025 --question implementation --by class"
)]
pub struct TabArgs {
    #[command(flatten)]
    pub survey: SurveyArgs,
    /// Question id (rows), as in survey.json.
    #[arg(long, value_name = "ID")]
    pub question: String,
    /// Grouping id (columns), as in survey.json.
    #[arg(long, value_name = "ID")]
    pub by: String,
    /// Another grouping to stratify by: one table per stratum and the
    /// generalized Cochran–Mantel–Haenszel test (e.g. --strata prefecture).
    #[arg(long, value_name = "ID")]
    pub strata: Option<String>,
    /// What the percentages are shares of.
    #[arg(long, value_enum, default_value_t = PercentArg::Column)]
    pub percent: PercentArg,
    #[command(flatten)]
    pub tests: TestOptions,
    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(a: TabArgs) -> Result<i32> {
    a.out.resolve()?;
    let (survey, returns) = a.survey.load_in(a.out.lang)?;
    let request = TabRequest {
        question: &a.question,
        by: &a.by,
        strata: a.strata.as_deref(),
        percent: a.percent.into(),
        seed: a.tests.seed,
        time_limit: std::time::Duration::try_from_secs_f64(a.tests.time_limit).ok(),
    };
    let m = a.out.messages();
    let report = tab::report(&survey, &returns, &request, &mut |t, ordered| {
        a.tests.analyze(t, ordered, m)
    })?;
    let inputs = [survey.definition_path.as_path(), returns.source.as_path()];
    a.out.emit_after_reading(&report, &inputs)?;
    Ok(EXIT_OK)
}

impl super::Run for TabArgs {
    fn lang(&self) -> super::LangArg {
        self.out.lang
    }
    fn run(self) -> Result<i32> {
        run(self)
    }
}
