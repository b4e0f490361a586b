//! `renkei reproduce`: regenerate the published tables (表3, 表4, 表5) from the
//! shipped survey and compare every printed number with the reproduction.

use super::analysis::TestOptions;
use super::{Format, OutputArgs, render_documents, shipped, to_json};
use crate::tabulate::crosstab::cross_tabulate;
use crate::error::{EXIT_FINDINGS, EXIT_OK, Error, Result};
use crate::tabulate::layout::{PercentBase, slide_table};
use crate::municipality::Lang;
use crate::input::published::{Check, CheckStatus, Comparison, PublishedTable, compare};
use crate::render::{TableView, json::table_json, text::render_table};
use crate::input::returns::TextEncoding;
use clap::Args;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The survey shipped with renkei, and the published tables it reproduces.
pub const SHIPPED_SURVEY: &str = "surveys/renkei-2025";
pub const SHIPPED_SEEDS: &str = "seeds";

/// Regenerate the published tables from unit-level returns and check them.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit code 0 when every printed value is reproduced (apart from \
listed misprints), 1 when any differs, 2 on bad input.\n\nExample:\n  renkei reproduce"
)]
pub struct ReproduceArgs {
    /// Survey directory [default: the shipped surveys/renkei-2025].
    #[arg(long, value_name = "DIR")]
    pub survey: Option<PathBuf>,
    /// Directory of published tables as printed (*.json) [default: the shipped seeds/].
    #[arg(long, value_name = "DIR")]
    pub seeds: Option<PathBuf>,
    /// Returns file to read instead of the one the survey names.
    #[arg(long, value_name = "FILE")]
    pub returns: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = TextEncoding::Auto)]
    pub encoding: TextEncoding,
    /// Worksheet of spreadsheet returns [default: the first].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    #[command(flatten)]
    pub tests: TestOptions,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Language of headings and verdicts (the comparison itself uses the printed Japanese labels).
    #[arg(long, value_enum, default_value_t = Lang::Ja)]
    pub lang: Lang,
}

/// The published-table files of a seeds directory, sorted by name.
pub fn seed_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    Ok(files)
}

#[derive(Serialize)]
struct TableResult<'a> {
    file: String,
    #[serde(flatten)]
    table: crate::render::json::TableJson<'a>,
    source: Option<&'a str>,
    reproduced: bool,
    comparison: &'a Comparison,
}

#[derive(Serialize)]
struct ReproduceJson<'a> {
    survey: &'a str,
    returns: String,
    reproduced: bool,
    tables: Vec<TableResult<'a>>,
}

pub fn run(a: ReproduceArgs) -> Result<i32> {
    let format = a.out.resolve()?;
    let survey_dir = a.survey.clone().unwrap_or_else(|| shipped(SHIPPED_SURVEY));
    let seeds_dir = a.seeds.clone().unwrap_or_else(|| shipped(SHIPPED_SEEDS));
    let (survey, returns) = crate::load_survey(
        &survey_dir,
        a.returns.as_deref(),
        a.encoding,
        a.sheet.as_deref(),
    )?;
    let mut published = Vec::new();
    for path in seed_files(&seeds_dir)? {
        let table = PublishedTable::load(&path)?;
        if table
            .reproduce
            .as_ref()
            .is_some_and(|r| r.survey == survey.definition.id)
        {
            published.push((path, table));
        }
    }
    if published.is_empty() {
        return Err(Error::Usage(format!(
            "no published table in {} names survey '{}' in its \"reproduce\" block",
            seeds_dir.display(),
            survey.definition.id
        )));
    }

    // Compute everything first, then render: nothing is printed for a run
    // that fails half-way.
    struct Done {
        path: PathBuf,
        published: PublishedTable,
        ct: crate::tabulate::crosstab::CrossTab,
        analysis: crate::stats::Analysis,
        slide: crate::tabulate::layout::SlideTable,
        comparison: Comparison,
    }
    let mut done = Vec::new();
    for (path, p) in published {
        let spec = p.reproduce.clone().expect("filtered on reproduce");
        let question = survey.question(&spec.question)?;
        let grouping = survey.grouping(&spec.grouping)?;
        // The printed labels are Japanese: compare on the Japanese table.
        let ct_ja = cross_tabulate(&survey.definition, &returns, question, grouping, Lang::Ja);
        let ct = if a.lang == Lang::Ja {
            ct_ja.clone()
        } else {
            cross_tabulate(&survey.definition, &returns, question, grouping, a.lang)
        };
        let analysis = a
            .tests
            .analyze(&ct.table, question.ordered && grouping.ordered)?;
        let comparison = compare(&p, &ct_ja.table, &analysis);
        let slide = slide_table(&ct.table, PercentBase::Column, a.lang);
        done.push(Done {
            path,
            published: p,
            ct,
            analysis,
            slide,
            comparison,
        });
    }
    let all_ok = done.iter().all(|d| d.comparison.reproduced());
    let views: Vec<TableView> = done
        .iter()
        .map(|d| TableView {
            title: &d.published.title,
            slide: &d.slide,
            analysis: &d.analysis,
            crosstab: Some(&d.ct),
        })
        .collect();

    let out = match format {
        Format::Markdown | Format::Csv | Format::Xlsx | Format::Svg | Format::Html => {
            let footers: Vec<Vec<String>> = done
                .iter()
                .map(|d| {
                    verdict(&d.published, &d.comparison, a.lang)
                        .lines()
                        .map(str::to_string)
                        .collect()
                })
                .collect();
            render_documents(format, &views, &footers, a.lang)?
        }
        Format::Json => {
            let tables = done
                .iter()
                .zip(&views)
                .map(|(d, v)| TableResult {
                    file: d.path.display().to_string(),
                    table: table_json(v),
                    source: d.published.source.as_deref(),
                    reproduced: d.comparison.reproduced(),
                    comparison: &d.comparison,
                })
                .collect();
            to_json(&ReproduceJson {
                survey: &survey.definition.id,
                returns: returns.source.display().to_string(),
                reproduced: all_ok,
                tables,
            })?
            .into_bytes()
        }
        Format::Text => {
            let mut s = String::new();
            s.push_str(&match a.lang {
                Lang::Ja => format!(
                    "調査 {} — 回答 {} ({} 件, {})\n\n",
                    survey.definition.id,
                    returns.source.display(),
                    returns.units.len(),
                    returns.encoding
                ),
                Lang::En => format!(
                    "Survey {} — returns {} ({} units, {})\n\n",
                    survey.definition.id,
                    returns.source.display(),
                    returns.units.len(),
                    returns.encoding
                ),
            });
            for d in &done {
                let view = TableView {
                    title: &d.published.title,
                    slide: &d.slide,
                    analysis: &d.analysis,
                    crosstab: Some(&d.ct),
                };
                s.push_str(&render_table(&view, a.lang));
                s.push_str(&verdict(&d.published, &d.comparison, a.lang));
                s.push('\n');
            }
            let n_ok = done.iter().filter(|d| d.comparison.reproduced()).count();
            s.push_str(&match a.lang {
                Lang::Ja => format!("{n_ok}/{} 表を再現\n", done.len()),
                Lang::En => format!("{n_ok}/{} tables reproduced\n", done.len()),
            });
            s.into_bytes()
        }
    };
    a.out.write(&out)?;
    Ok(if all_ok { EXIT_OK } else { EXIT_FINDINGS })
}

/// The verdict lines of one table.
fn verdict(p: &PublishedTable, c: &Comparison, lang: Lang) -> String {
    let total = c.checks.len();
    let misprints: Vec<_> = c.known_misprints().collect();
    let conventions: Vec<_> = c.conventions().collect();
    let mismatches: Vec<_> = c.mismatches().collect();
    let head = match (lang, mismatches.is_empty()) {
        (Lang::Ja, true) => format!("照合: 再現できた — 印刷値 {total} 項目を照合"),
        (Lang::Ja, false) => format!("照合: 不一致 {} 項目 (全 {total} 項目)", mismatches.len()),
        (Lang::En, true) => format!("Verdict: REPRODUCED — {total} printed values checked"),
        (Lang::En, false) => format!(
            "Verdict: MISMATCH in {} of {total} printed values",
            mismatches.len()
        ),
    };
    let mut s = String::new();
    s.push_str(&head);
    if !misprints.is_empty() {
        s.push_str(&match lang {
            Lang::Ja => format!("、既知の誤植 {} 件", misprints.len()),
            Lang::En => format!(", {} known misprint(s)", misprints.len()),
        });
    }
    s.push('\n');
    if let Some(src) = &p.source {
        s.push_str(&match lang {
            Lang::Ja => format!("  出典: {src}\n"),
            Lang::En => format!("  Source: {src}\n"),
        });
    }
    for m in &misprints {
        if let CheckStatus::KnownMisprint(note) = &m.status {
            s.push_str(&match lang {
                Lang::Ja => format!(
                    "  既知の誤植: {}: 印刷 {}、再現 {} — {note}\n",
                    m.item, m.printed, m.reproduced
                ),
                Lang::En => format!(
                    "  Known misprint: {}: printed {}, reproduced {} — {note}\n",
                    m.item, m.printed, m.reproduced
                ),
            });
        }
    }
    if let Some(Check {
        status: CheckStatus::Convention(note),
        ..
    }) = conventions.first()
    {
        s.push_str(&match lang {
            Lang::Ja => format!("  表記の慣例 {} 件: {note}\n", conventions.len()),
            Lang::En => format!(
                "  Printing convention ({} values): {note}\n",
                conventions.len()
            ),
        });
    }
    for m in &mismatches {
        let note = match &m.status {
            CheckStatus::Mismatch(n) if !n.is_empty() => format!(" — {n}"),
            _ => String::new(),
        };
        s.push_str(&match lang {
            Lang::Ja => format!(
                "  不一致: {}: 印刷 {}、再現 {}{note}\n",
                m.item, m.printed, m.reproduced
            ),
            Lang::En => format!(
                "  MISMATCH: {}: printed {}, reproduced {}{note}\n",
                m.item, m.printed, m.reproduced
            ),
        });
    }
    s
}
