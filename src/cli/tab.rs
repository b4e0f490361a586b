//! `renkei tab`: any question of a survey by any of its groupings.

use super::analysis::TestOptions;
use super::{Format, OutputArgs, SurveyArgs, render_documents, to_json};
use crate::crosstab::cross_tabulate;
use crate::error::{EXIT_OK, Result};
use crate::layout::{PercentBase, slide_table};
use crate::municipality::Lang;
use crate::render::{TableView, json::table_json, text::render_table};
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
    let (survey, returns) = crate::load_survey(
        &a.survey.survey,
        a.survey.returns.as_deref(),
        a.survey.encoding,
        a.survey.sheet.as_deref(),
    )?;
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
    let out = match format {
        Format::Text => render_table(&view, a.lang).into_bytes(),
        Format::Json => to_json(&table_json(&view))?.into_bytes(),
        other => render_documents(other, std::slice::from_ref(&view), &[], a.lang)?,
    };
    a.out.write(&out)?;
    Ok(EXIT_OK)
}
