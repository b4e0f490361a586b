//! A whole survey in one report: every question by every grouping (or those
//! named), each with its tests, and a summary of all tables whose p-values
//! are adjusted across the report (Holm and Benjamini–Hochberg: with many
//! tables, some unadjusted p below 0.05 are expected by chance).

use super::crosstab::{AnalysedTable, TableRecord, cross_title, record, section};
use crate::analyses::multiple;
use crate::error::Result;
use crate::input::survey::{Grouping, Question, QuestionKind, Survey, SurveyDefinition};
use crate::report::{Block, Cell, Grid, Line, Msg, Report, Section, Text};
use crate::stats::Analysis;
use crate::stats::measures::{benjamini_hochberg, holm};
use crate::tabulate::PercentBase;
use crate::tabulate::crosstab::{CrossTab, cross_tabulate};
use crate::tabulate::multiple::tabulate_multiple;
use crate::tabulate::table::ContingencyTable;
use crate::units::Returns;
use serde::Serialize;

/// One table of the report.
pub struct SurveyTable {
    pub crosstab: CrossTab,
    pub analysis: Analysis,
}

impl SurveyTable {
    fn analysed(&self) -> AnalysedTable<'_> {
        AnalysedTable {
            title: cross_title(&self.crosstab),
            short_name: None,
            table: &self.crosstab.table,
            analysis: &self.analysis,
            crosstab: Some(&self.crosstab),
            base: PercentBase::Column,
        }
    }
}

/// What a survey report covers: its single-answer questions by its
/// groupings (tested and adjusted together) and its multiple-answer
/// questions by the same groupings (with their own tests, after them).
pub struct SurveyPlan<'a> {
    pub single: Vec<&'a Question>,
    pub multiple: Vec<&'a Question>,
    pub groupings: Vec<&'a Grouping>,
}

impl<'a> SurveyPlan<'a> {
    /// The questions and groupings named (every one where none is named).
    pub fn new(survey: &'a Survey, questions: &[String], groupings: &[String]) -> Result<Self> {
        let def = &survey.definition;
        let groupings = if groupings.is_empty() {
            def.groupings.iter().collect()
        } else {
            groupings
                .iter()
                .map(|g| survey.grouping(g))
                .collect::<Result<Vec<_>>>()?
        };
        let questions: Vec<&Question> = if questions.is_empty() {
            def.questions.iter().collect()
        } else {
            questions
                .iter()
                .map(|q| survey.question(q))
                .collect::<Result<Vec<_>>>()?
        };
        let (multiple, single) = questions
            .into_iter()
            .partition(|q| q.kind == QuestionKind::Multiple);
        Ok(SurveyPlan {
            single,
            multiple,
            groupings,
        })
    }

    /// How many single-answer tables the report tests.
    pub fn single_tables(&self) -> usize {
        self.single.len() * self.groupings.len()
    }

    /// How many tables the caller's tests will see (for a progress bar):
    /// the single-answer tables and each option of each multiple-answer one.
    pub fn tests(&self) -> usize {
        let options: usize = self.multiple.iter().map(|q| q.categories.len()).sum();
        self.single_tables() + options * self.groupings.len()
    }
}

/// A survey's whole report, and how many tables it holds.
pub struct SurveyReport {
    pub report: Report,
    pub tables: usize,
}

/// The report of `plan`: `analyze` runs the tests of independence on each
/// single-answer table (and may show progress); `keep_going` is asked
/// between multiple-answer tables and stops the run with its error.
pub fn survey_report(
    def: &SurveyDefinition,
    returns: &Returns,
    plan: &SurveyPlan,
    seed: u64,
    time_limit: Option<std::time::Duration>,
    mut analyze: impl FnMut(&ContingencyTable, bool) -> Result<Analysis>,
    keep_going: &dyn Fn() -> Result<()>,
) -> Result<SurveyReport> {
    let tables = tabulate_all(def, returns, &plan.single, &plan.groupings, &mut analyze)?;
    let mut built = report(def, &tables);
    let mut count = tables.len();
    for q in &plan.multiple {
        let codes: Vec<String> = q.categories.iter().map(|c| c.code.clone()).collect();
        for g in &plan.groupings {
            keep_going()?;
            let t = tabulate_multiple(def, returns, q, g);
            let record = multiple::analyse(
                &t,
                &codes,
                &mut multiple::MultipleTests {
                    bootstrap: multiple::BOOTSTRAP,
                    seed,
                    time_limit,
                    analyze: &mut analyze,
                },
            )?;
            count += 1;
            built
                .sections
                .push(numbered(multiple::section(&t, &record, None), count));
        }
    }
    Ok(SurveyReport {
        report: built,
        tables: count,
    })
}

/// Cross-tabulates every question by every grouping; `analyze` runs the
/// tests on a table (ordered or not) and may report progress.
pub fn tabulate_all(
    def: &SurveyDefinition,
    returns: &Returns,
    questions: &[&Question],
    groupings: &[&Grouping],
    mut analyze: impl FnMut(&ContingencyTable, bool) -> Result<Analysis>,
) -> Result<Vec<SurveyTable>> {
    let mut tables = Vec::new();
    for q in questions {
        for g in groupings {
            let crosstab = cross_tabulate(def, returns, q, g);
            let analysis = analyze(&crosstab.table, q.ordered_with(g))?;
            tables.push(SurveyTable { crosstab, analysis });
        }
    }
    Ok(tables)
}

/// A table's reported p adjusted across the report.
#[derive(Serialize, Clone, Copy)]
pub struct Adjusted {
    pub holm: f64,
    pub bh: f64,
}

#[derive(Serialize)]
struct SurveyTableRecord {
    #[serde(flatten)]
    table: TableRecord,
    adjusted: Option<Adjusted>,
}

#[derive(Serialize)]
struct SurveyReportRecord {
    survey: String,
    tables: Vec<SurveyTableRecord>,
}

/// The report: the summary of all tables, then one section per table.
pub fn report(def: &SurveyDefinition, tables: &[SurveyTable]) -> Report {
    // The p each table reports (exact when the asymptotic one is unreliable).
    let reported: Vec<_> = tables.iter().map(|t| t.analysis.recommended()).collect();
    let present: Vec<f64> = reported.iter().flatten().map(|r| r.p).collect();
    let (h, b) = (holm(&present), benjamini_hochberg(&present));
    let mut k = 0;
    let adjusted: Vec<Option<Adjusted>> = reported
        .iter()
        .map(|r| {
            r.map(|_| {
                k += 1;
                Adjusted {
                    holm: h[k - 1],
                    bh: b[k - 1],
                }
            })
        })
        .collect();

    let summary_rows = tables
        .iter()
        .zip(reported.iter().zip(&adjusted))
        .enumerate()
        .map(|(k, (t, (r, adj)))| {
            let p = |v: Option<f64>| v.map_or(Cell::Undefined, Cell::P);
            vec![
                Cell::Text(
                    Msg::Numbered {
                        index: k + 1,
                        title: cross_title(&t.crosstab),
                    }
                    .into(),
                ),
                Cell::Count(t.crosstab.table.total()),
                p(r.map(|r| r.p)),
                r.map_or(Cell::Undefined, |r| {
                    Cell::Text(Msg::PSource(r.source.into()).into())
                }),
                p(adj.map(|a| a.holm)),
                p(adj.map(|a| a.bh)),
            ]
        })
        .collect();
    let summary = Section {
        title: Msg::SummaryHeading.into(),
        short_name: Some(Msg::SummarySheet.into()),
        blocks: vec![Block::Grid(Grid {
            heading: None,
            header: vec![
                Msg::SummaryTable.into(),
                Text::from("n"),
                Text::from("p"),
                Msg::PFrom.into(),
                Text::from("Holm"),
                Text::from("Benjamini–Hochberg"),
            ],
            rows: summary_rows,
        })],
    };
    // A report of multiple-answer questions alone has no table to sum up.
    let mut sections = if tables.is_empty() {
        Vec::new()
    } else {
        vec![summary]
    };
    for (k, (t, adj)) in tables.iter().zip(&adjusted).enumerate() {
        let mut s = numbered(section(&t.analysed()), k + 1);
        if let Some(a) = adj {
            s.blocks.push(Block::Lines(vec![Line::new(
                0,
                Msg::AdjustedAcross {
                    tables: present.len(),
                    holm: a.holm,
                    bh: a.bh,
                },
            )]));
        }
        sections.push(s);
    }
    let data = SurveyReportRecord {
        survey: def.id.clone(),
        tables: tables
            .iter()
            .zip(&adjusted)
            .map(|(t, adj)| SurveyTableRecord {
                table: record(&t.analysed()),
                adjusted: *adj,
            })
            .collect(),
    };
    Report {
        title: Some(def.title.clone().into()),
        sections,
        data: Some(Box::new(data)),
        ..Default::default()
    }
}

/// A table's section numbered as the report numbers it: `表k` before its
/// title (HTML, slides, the sheet's title) and as its sheet's and chart's
/// name, so that the three say the same number.
fn numbered(mut s: Section, index: usize) -> Section {
    s.title = Msg::Numbered {
        index,
        title: s.title,
    }
    .into();
    s.short_name = Some(Msg::SheetName { index }.into());
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::returns::TextEncoding;
    use std::path::Path;

    #[test]
    fn a_plan_splits_the_questions_and_the_report_holds_every_table() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys/renkei-2025");
        let (survey, returns) = crate::load_survey(&dir, None, TextEncoding::Auto, None).unwrap();
        let plan = SurveyPlan::new(
            &survey,
            &["implementation".into(), "partners".into()],
            &["class".into(), "prefecture".into()],
        )
        .unwrap();
        assert_eq!((plan.single.len(), plan.multiple.len()), (1, 1));
        assert_eq!(plan.single_tables(), 2);
        let mut tested = 0;
        let built = survey_report(
            &survey.definition,
            &returns,
            &plan,
            1,
            None,
            |t, _| {
                tested += 1;
                Ok(crate::stats::analyze(t))
            },
            &|| Ok(()),
        )
        .unwrap();
        // Two single-answer tables and, through the same tests, each option
        // of the two multiple-answer tables (6 options each).
        assert_eq!((tested, built.tables), (2 + 2 * 6, 4));
        assert!(SurveyPlan::new(&survey, &["nope".into()], &[]).is_err());
    }
}
