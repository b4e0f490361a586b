//! `renkei report`: every question of a survey by every grouping (or those
//! named), with the tests, as one HTML report and a workbook beside it.

use super::analysis::TestOptions;
use super::args::{
    ImageArg, LangArg, PreparedFile, SurveyArgs, chart_files, refuse_inputs, write_atomically,
};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use renkei::analyses::survey_report::{SurveyPlan, SurveyReport, survey_report};
use renkei::error::{EXIT_OK, Result};
use renkei::render::{Format, render};
use renkei::report::messages::errors::Usage;
use renkei::report::{Messages, Msg};
use renkei::tabulate::table::ContingencyTable;
use std::path::PathBuf;

/// Analyse a whole survey: an HTML report and an Excel workbook.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  renkei report --survey surveys/renkei-2025 --output report.html\n\n\
Writes report.html and, beside it, report.xlsx (one sheet per table) and report.pptx (one slide per table or chart)."
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
    /// The HTML report; the workbook (.xlsx) and the deck (.pptx) are written beside it.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "report.html")]
    pub output: PathBuf,
    /// Replace existing files.
    #[arg(long)]
    pub force: bool,
    /// Language of everything written.
    #[arg(long, value_enum, default_value_t = LangArg::Ja)]
    pub lang: LangArg,
    /// Also write each table's chart as its own file in DIR, named by the
    /// table's number (`01-表1.svg`), as the HTML, sheets and slides number it.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// The picture format of --output-dir's files: svg, or png at 192 dpi.
    #[arg(long, value_enum, default_value_t = ImageArg::Svg, requires = "output_dir")]
    pub image: ImageArg,
}

pub fn run(a: ReportArgs) -> Result<i32> {
    let workbook_path = a.output.with_extension("xlsx");
    let deck_path = a.output.with_extension("pptx");
    if a.output
        .extension()
        .is_some_and(|e| e == "xlsx" || e == "pptx")
    {
        return Err(Usage::ReportNotXlsx.into());
    }
    for p in [&a.output, &workbook_path, &deck_path] {
        if p.exists() && !a.force {
            return Err(Usage::Exists {
                path: p.display().to_string(),
            }
            .into());
        }
    }
    let (survey, returns) = a.survey.load_in(a.lang)?;
    refuse_inputs(
        &[&a.output, &workbook_path, &deck_path],
        &[&survey.definition_path, &returns.source],
    )?;
    let plan = SurveyPlan::new(&survey, &a.questions, &a.by)?;
    let bar =
        ProgressBar::with_draw_target(Some(plan.tests() as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let SurveyReport {
        report: built,
        tables,
    } = survey_report(
        &survey.definition,
        &returns,
        &plan,
        a.tests.seed,
        std::time::Duration::try_from_secs_f64(a.tests.time_limit).ok(),
        |t: &ContingencyTable, ordered| {
            let analysis = a.tests.analyze(t, ordered, Messages::new(a.lang.into()));
            bar.inc(1);
            analysis
        },
        &crate::cli::analysis::check_interrupted,
    )?;
    bar.finish_and_clear();
    let m = Messages::new(a.lang.into());
    let html = render(&built, Format::Html, &m)?;
    let xlsx = render(&built, Format::Xlsx, &m)?;
    let pptx = render(&built, Format::Pptx, &m)?;
    let charts = match &a.output_dir {
        Some(dir) => chart_files(&built, dir, a.image, &m)?,
        None => Vec::new(),
    };
    // Every file is complete beside its target before any takes its place,
    // so a signal leaves the old set (or none), never a mixed one.
    let workbook = PreparedFile::new(&workbook_path, &xlsx)?;
    let deck = PreparedFile::new(&deck_path, &pptx)?;
    let report = PreparedFile::new(&a.output, &html)?;
    super::analysis::check_interrupted()?;
    for (path, picture) in &charts {
        write_atomically(path, picture, a.force)?;
    }
    workbook.commit(a.force)?;
    deck.commit(a.force)?;
    report.commit(a.force)?;
    eprintln!(
        "{}",
        Msg::ReportWritten {
            tables,
            html: a.output.display().to_string(),
            workbook: workbook_path.display().to_string(),
            deck: deck_path.display().to_string(),
        }
        .words(m)
    );
    Ok(EXIT_OK)
}

impl super::Run for ReportArgs {
    fn lang(&self) -> super::LangArg {
        self.lang
    }
    fn run(self) -> Result<i32> {
        run(self)
    }
}
