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
    /// What bounds a multiple-answer table's bootstrap (each test of a
    /// table is bounded by `analyze`'s own settings).
    pub time_limit: Option<std::time::Duration>,
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
        return multiple::single_report(
            &t,
            &codes,
            &mut multiple::MultipleTests {
                bootstrap: multiple::BOOTSTRAP,
                seed: request.seed,
                time_limit: request.time_limit,
                analyze,
            },
        );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::returns::TextEncoding;
    use crate::stats::{AnalysisOptions, analyze_with};
    use std::path::Path;

    fn shipped() -> (Survey, Returns) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys/renkei-2025");
        crate::load_survey(&dir, None, TextEncoding::Auto, None).unwrap()
    }

    fn run(request: &TabRequest) -> serde_json::Value {
        let (survey, returns) = shipped();
        let report = report(&survey, &returns, request, &mut |t, ordered| {
            let opts = AnalysisOptions {
                ordered,
                ..AnalysisOptions::default()
            };
            Ok(analyze_with(t, &opts).unwrap())
        })
        .unwrap();
        serde_json::to_value(report.data.as_ref().unwrap()).unwrap()
    }

    fn request<'a>(question: &'a str, by: &'a str, strata: Option<&'a str>) -> TabRequest<'a> {
        TabRequest {
            question,
            by,
            strata,
            percent: PercentBase::Column,
            seed: 1,
            time_limit: None,
        }
    }

    #[test]
    fn a_single_answer_question_is_one_table_of_every_unit() {
        // 表3: the 113 municipalities by class group.
        let v = run(&request("implementation", "class", None));
        assert_eq!(v["total"], 113);
        assert_eq!(v["column_totals"].as_array().unwrap().len(), 4);
    }

    #[test]
    fn strata_give_a_table_each_and_the_cmh_test() {
        let v = run(&request("implementation", "class", Some("prefecture")));
        assert!(v["strata"].as_array().is_some_and(|s| s.len() > 1), "{v}");
        assert!(v["cmh"].is_object(), "{v}");
    }

    #[test]
    fn a_multiple_answer_question_is_its_own_table_and_refuses_strata() {
        let v = run(&request("partners", "class", None));
        assert!(v["options"].is_array(), "{v}");
        let (survey, returns) = shipped();
        let refused = report(
            &survey,
            &returns,
            &request("partners", "class", Some("prefecture")),
            &mut |_, _| unreachable!("a multiple-answer table has its own tests"),
        );
        assert!(matches!(
            refused,
            Err(crate::error::Error::Usage(Usage::StrataSingleAnswer { .. }))
        ));
    }
}
