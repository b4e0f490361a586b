//! `renkei report`: every question of a survey by every grouping (or those
//! named), with the tests, as one HTML report and a workbook beside it; the
//! p-values adjusted across the report with Holm and Benjamini–Hochberg.

use super::SurveyArgs;
use super::analysis::TestOptions;
use super::output::write_atomically;
use crate::tabulate::crosstab::cross_tabulate;
use crate::error::{EXIT_OK, Error, Result};
use crate::tabulate::layout::{PercentBase, slide_table};
use crate::municipality::Lang;
use crate::render::TableView;
use crate::render::html::{SummaryRow, render_report_with_summary};
use crate::render::xlsx::render_workbook;
use crate::stats::measures::{benjamini_hochberg, holm};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
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
    #[arg(long, value_enum, default_value_t = Lang::Ja)]
    pub lang: Lang,
}

pub fn run(a: ReportArgs) -> Result<i32> {
    let workbook_path = a.output.with_extension("xlsx");
    if a.output.extension().is_some_and(|e| e == "xlsx") {
        return Err(Error::Usage(
            "--output names the HTML report (e.g. report.html); the workbook goes beside it".into(),
        ));
    }
    for p in [&a.output, &workbook_path] {
        if p.exists() && !a.force {
            return Err(Error::Usage(format!(
                "{} exists; add --force to replace it",
                p.display()
            )));
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
    let total = (groupings.len() * questions.len()) as u64;
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut done = Vec::new();
    for q in &questions {
        for g in &groupings {
            bar.set_message(format!("{} × {}", q.id, g.id));
            let ct = cross_tabulate(def, &returns, q, g, a.lang);
            let analysis = a.tests.analyze(&ct.table, q.ordered && g.ordered)?;
            let slide = slide_table(&ct.table, PercentBase::Column, a.lang);
            done.push((ct, analysis, slide));
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    // The p each table reports (exact when the asymptotic one is unreliable),
    // adjusted across the report.
    let ps: Vec<Option<(f64, &'static str)>> = done
        .iter()
        .map(|(_, an, _)| match &an.expected {
            Some(e) if e.cochran_ok => an.pearson.map(|x| (x.p, "pearson")),
            Some(_) => an.best_p(),
            None => None,
        })
        .collect();
    let present: Vec<f64> = ps.iter().flatten().map(|(p, _)| *p).collect();
    let (h, b) = (holm(&present), benjamini_hochberg(&present));
    let mut k = 0;
    let mut summary = Vec::new();
    let mut footers = Vec::new();
    for ((ct, _, _), p) in done.iter().zip(&ps) {
        let (holm_p, bh_p) = match p {
            Some(_) => {
                k += 1;
                (Some(h[k - 1]), Some(b[k - 1]))
            }
            None => (None, None),
        };
        summary.push(SummaryRow {
            title: ct.title.clone(),
            n: ct.table.total(),
            p: p.map(|v| v.0),
            source: p.map_or("-", |v| v.1),
            holm: holm_p,
            bh: bh_p,
        });
        footers.push(match (holm_p, bh_p) {
            (Some(hp), Some(bp)) => vec![match a.lang {
                Lang::Ja => format!("この報告の {} 表での調整: Holm p = {hp:.4}, Benjamini–Hochberg p = {bp:.4}", present.len()),
                Lang::En => format!("Adjusted across the {} tables of this report: Holm p = {hp:.4}, Benjamini–Hochberg p = {bp:.4}", present.len()),
            }],
            _ => Vec::new(),
        });
    }
    let views: Vec<TableView> = done
        .iter()
        .map(|(ct, an, slide)| TableView {
            title: &ct.title,
            slide,
            analysis: an,
            crosstab: Some(ct),
        })
        .collect();
    let html = render_report_with_summary(
        def.title.get(a.lang),
        Some(&summary),
        &views,
        &footers,
        a.lang,
    );
    let xlsx = render_workbook(&views, &footers, a.lang)?;
    write_atomically(&workbook_path, &xlsx, a.force)?;
    write_atomically(&a.output, html.as_bytes(), a.force)?;
    eprintln!(
        "{} tables: {} and {}",
        views.len(),
        a.output.display(),
        workbook_path.display()
    );
    Ok(EXIT_OK)
}
