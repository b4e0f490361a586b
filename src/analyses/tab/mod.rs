//! One question of a survey by one of its groupings (`renkei tab`): a
//! multiple-answer table, tables within strata, or a single cross-table,
//! as the question and the request call for.

use crate::analyses::crosstab::{AnalysedTable, cross_title, single_table_report};
use crate::analyses::{multiple, strata};
use crate::error::Result;
use crate::input::survey::{QuestionKind, Survey};
use crate::report::messages::errors::Usage;
use crate::report::{Msg, Report};
use crate::stats::Analysis;
use crate::tabulate::PercentBase;
use crate::tabulate::crosstab::{cross_tabulate, cross_tabulate_strata};
use crate::tabulate::multiple::tabulate_multiple;
use crate::tabulate::table::ContingencyTable;
use crate::units::Returns;

/// What `renkei tab` asks for.
#[derive(Debug, Clone)]
pub struct TabRequest<'a> {
    /// The question (rows).
    pub question: &'a str,
    /// The grouping (columns).
    pub by: &'a str,
    /// Another grouping to stratify by: a table per stratum and the CMH test.
    pub strata: Option<&'a str>,
    pub percent: PercentBase,
    /// The seed of a multiple-answer table's bootstrap.
    pub seed: u64,
}

/// The report of one request; `analyze` runs the tests of independence on
/// a table (`ordered`: whether a trend can be tested), as the caller
/// configured them.
pub fn report(
    survey: &Survey,
    returns: &Returns,
    request: &TabRequest,
    analyze: &mut dyn FnMut(&ContingencyTable, bool) -> Result<Analysis>,
) -> Result<Report> {
    let def = &survey.definition;
    let question = survey.question(request.question)?;
    let grouping = survey.grouping(request.by)?;
    if question.kind == QuestionKind::Multiple {
        if request.strata.is_some() {
            return Err(Usage::StrataSingleAnswer {
                question: question.id.clone(),
            }
            .into());
        }
        let t = tabulate_multiple(def, returns, question, grouping);
        let codes: Vec<String> = question.categories.iter().map(|c| c.code.clone()).collect();
        return Ok(multiple::single_report(&t, &codes, request.seed));
    }
    let ordered = question.ordered_with(grouping);
    if let Some(strata_id) = request.strata {
        let by = survey.grouping(strata_id)?;
        let (tables, outside) = cross_tabulate_strata(def, returns, question, grouping, by);
        let mut strata = Vec::with_capacity(tables.len());
        for (label, crosstab) in tables {
            let analysis = analyze(&crosstab.table, ordered)?;
            strata.push(strata::Stratum {
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
        return Ok(strata::report(title, &by.label, &strata, outside));
    }
    let ct = cross_tabulate(def, returns, question, grouping);
    let analysis = analyze(&ct.table, ordered)?;
    Ok(single_table_report(&AnalysedTable {
        title: cross_title(&ct),
        short_name: None,
        table: &ct.table,
        analysis: &analysis,
        crosstab: Some(&ct),
        base: request.percent,
    }))
}
