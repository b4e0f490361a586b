//! `renkei report`: every question of a survey by every grouping (or those
//! named), with the tests, as one HTML report and a workbook beside it.

use super::analysis::TestOptions;
use super::args::{LangArg, PreparedFile, SurveyArgs};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use renkei::analyses::multiple as multiple_analysis;
use renkei::analyses::survey_report::{report, tabulate_all};
use renkei::error::{EXIT_OK, Result};
use renkei::input::survey::{Question, QuestionKind};
use renkei::render::{Format, render};
use renkei::report::messages::errors::Usage;
use renkei::report::{Messages, Msg};
use renkei::tabulate::multiple::tabulate_multiple;
use renkei::tabulate::table::ContingencyTable;
use std::path::PathBuf;

/// Analyse a whole survey: an HTML report and an Excel workbook.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  renkei report --survey surveys/renkei-2025 --output report.html\n\n\
Writes report.html and, beside it, report.xlsx (one sheet per table)."
)]
pub struct ReportArgs {
    #[command(flatten)]
    pub survey: SurveyArgs,
    /// Groupings to use (repeat or comma-separate) [default: all].
    #[arg(long = "by", value_name = "ID", value_delimiter = ',')]
    pub by: Vec<String>,
    /// Questions to use [default: all].
    #[arg(long = "question", value_name = "ID", value_delimiter = ',')]
    pub questions: Vec<String>,
    #[command(flatten)]
    pub tests: TestOptions,
    /// The HTML report; the workbook is written beside it with .xlsx.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "report.html")]
    pub output: PathBuf,
    /// Replace existing files.
    #[arg(long)]
    pub force: bool,
    /// Language of everything written.
    #[arg(long, value_enum, default_value_t = LangArg::Ja)]
    pub lang: LangArg,
}

pub fn run(a: ReportArgs) -> Result<i32> {
    let workbook_path = a.output.with_extension("xlsx");
    if a.output.extension().is_some_and(|e| e == "xlsx") {
        return Err(Usage::ReportNotXlsx.into());
    }
    for p in [&a.output, &workbook_path] {
        if p.exists() && !a.force {
            return Err(Usage::Exists {
                path: p.display().to_string(),
            }
            .into());
        }
    }
    let (survey, returns) = a.survey.load()?;
    let def = &survey.definition;
    let groupings = if a.by.is_empty() {
        def.groupings.iter().collect::<Vec<_>>()
    } else {
        a.by.iter()
            .map(|g| survey.grouping(g))
            .collect::<Result<Vec<_>>>()?
    };
    let questions = if a.questions.is_empty() {
        def.questions.iter().collect::<Vec<_>>()
    } else {
        a.questions
            .iter()
            .map(|q| survey.question(q))
            .collect::<Result<Vec<_>>>()?
    };
    // Multiple-answer questions have their own tables and tests.
    let (multiple, questions): (Vec<&Question>, Vec<&Question>) = questions
        .into_iter()
        .partition(|q| q.kind == QuestionKind::Multiple);
    let total = (groupings.len() * questions.len()) as u64;
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let tables = tabulate_all(
        def,
        &returns,
        &questions,
        &groupings,
        |t: &ContingencyTable, ordered| {
            let analysis = a.tests.analyze(t, ordered, Messages::new(a.lang.into()));
            bar.inc(1);
            analysis
        },
    )?;
    bar.finish_and_clear();
    let mut built = report(def, &tables);
    let mut multiple_tables = 0;
    for q in &multiple {
        let codes: Vec<String> = q.categories.iter().map(|c| c.code.clone()).collect();
        for g in &groupings {
            crate::cli::analysis::check_interrupted()?;
            let t = tabulate_multiple(def, &returns, q, g);
            let record =
                multiple_analysis::analyse(&t, &codes, multiple_analysis::BOOTSTRAP, a.tests.seed);
            built
                .sections
                .push(multiple_analysis::section(&t, &record, None));
            multiple_tables += 1;
        }
    }
    let m = Messages::new(a.lang.into());
    let html = render(&built, Format::Html, &m)?;
    let xlsx = render(&built, Format::Xlsx, &m)?;
    // Both files are complete beside their targets before either takes its
    // place, so a signal leaves the old pair (or none), never a mixed one.
    let workbook = PreparedFile::new(&workbook_path, &xlsx)?;
    let report = PreparedFile::new(&a.output, &html)?;
    super::analysis::check_interrupted()?;
    workbook.commit(a.force)?;
    report.commit(a.force)?;
    eprintln!(
        "{}",
        Msg::ReportWritten {
            tables: tables.len() + multiple_tables,
            html: a.output.display().to_string(),
            workbook: workbook_path.display().to_string(),
        }
        .words(m)
    );
    Ok(EXIT_OK)
}
