//! `renkei tab`: any question of a survey by any of its groupings.

use super::analysis::TestOptions;
use super::{OutputArgs, SurveyArgs, render_single_table};
use crate::tabulate::crosstab::cross_tabulate;
use crate::error::{EXIT_OK, Result};
use crate::tabulate::layout::{PercentBase, slide_table};
use crate::municipality::Lang;
use crate::render::TableView;
use clap::Args;

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
    /// What the percentages are shares of.
    #[arg(long, value_enum, default_value_t = PercentBase::Column)]
    pub percent: PercentBase,
    #[command(flatten)]
    pub tests: TestOptions,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Language of labels and headings.
    #[arg(long, value_enum, default_value_t = Lang::Ja)]
    pub lang: Lang,
}

pub fn run(a: TabArgs) -> Result<i32> {
    let format = a.out.resolve()?;
    let (survey, returns) = a.survey.load()?;
    let question = survey.question(&a.question)?;
    let grouping = survey.grouping(&a.by)?;
    let ct = cross_tabulate(&survey.definition, &returns, question, grouping, a.lang);
    let analysis = a
        .tests
        .analyze(&ct.table, question.ordered && grouping.ordered)?;
    let slide = slide_table(&ct.table, a.percent, a.lang);
    let view = TableView {
        title: &ct.title,
        slide: &slide,
        analysis: &analysis,
        crosstab: Some(&ct),
    };
    let out = render_single_table(&view, format, a.lang)?;
    a.out.write(&out)?;
    Ok(EXIT_OK)
}
