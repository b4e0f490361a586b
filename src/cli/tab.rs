//! `renkei tab`: any question of a survey by any of its groupings.

use super::analysis::TestOptions;
use super::args::{OutputArgs, PercentArg, SurveyArgs};
use clap::Args;
use renkei::analyses::crosstab::{AnalysedTable, cross_title, single_table_report};
use renkei::analyses::multiple;
use renkei::analyses::strata::{self, Stratum};
use renkei::error::{EXIT_OK, Result};
use renkei::input::survey::QuestionKind;
use renkei::report::Msg;
use renkei::report::messages::errors::Usage;
use renkei::tabulate::crosstab::{cross_tabulate, cross_tabulate_strata};
use renkei::tabulate::multiple::tabulate_multiple;

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
    let (survey, returns) = a.survey.load()?;
    let question = survey.question(&a.question)?;
    let grouping = survey.grouping(&a.by)?;
    let inputs = [survey.definition_path.as_path(), returns.source.as_path()];
    if question.kind == QuestionKind::Multiple && a.strata.is_some() {
        return Err(Usage::StrataSingleAnswer {
            question: question.id.clone(),
        }
        .into());
    }
    if question.kind == QuestionKind::Multiple {
        let t = tabulate_multiple(&survey.definition, &returns, question, grouping);
        let codes: Vec<String> = question.categories.iter().map(|c| c.code.clone()).collect();
        a.out
            .emit_after_reading(&multiple::single_report(&t, &codes, a.tests.seed), &inputs)?;
        return Ok(EXIT_OK);
    }
    if let Some(strata_id) = &a.strata {
        let by = survey.grouping(strata_id)?;
        let (tables, outside) =
            cross_tabulate_strata(&survey.definition, &returns, question, grouping, by);
        let mut strata = Vec::with_capacity(tables.len());
        for (label, crosstab) in tables {
            let analysis = a.tests.analyze(
                &crosstab.table,
                question.ordered && grouping.ordered,
                a.out.messages(),
            )?;
            strata.push(Stratum {
                label,
                crosstab,
                analysis,
            });
        }
        let title = Msg::CrossTitle {
            question: question.label.clone().into(),
            grouping: grouping.label.clone().into(),
        }
        .into();
        a.out
            .emit_after_reading(&strata::report(title, &by.label, &strata, outside), &inputs)?;
        return Ok(EXIT_OK);
    }
    let ct = cross_tabulate(&survey.definition, &returns, question, grouping);
    let analysis = a.tests.analyze(
        &ct.table,
        question.ordered && grouping.ordered,
        a.out.messages(),
    )?;
    a.out.emit_after_reading(
        &single_table_report(&AnalysedTable {
            title: cross_title(&ct),
            short_name: None,
            table: &ct.table,
            analysis: &analysis,
            crosstab: Some(&ct),
            base: a.percent.into(),
        }),
        &inputs,
    )?;
    Ok(EXIT_OK)
}
