//! `renkei checklist` and `renkei scale`: councils' checklists scored, and
//! the reliability of any set of item columns.

use super::args::{EncodingArg, OutputArgs};
use super::shipped;
use clap::{Args, ValueEnum};
use renkei::analyses::scale::{ScaleOptions, ScaleSpec};
use renkei::error::{EXIT_OK, Result};
use renkei::input::checklist::{Checklist, match_by_id, read_items_by, read_returns_for};
use renkei::report::messages::errors::Usage;
use renkei::stats::reliability::Missing;
use std::path::{Path, PathBuf};

/// Score councils' checklists (the research team's 32/46/56-item
/// checklists or your own): each council's sections, items' and sections'
/// rates by group with tests, total scores compared between groups.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
renkei checklist --checklist prefecture-32 --returns checklists/examples/prefecture-32.csv --by uses_checklist\n  \
renkei checklist --checklist my-checklist.json --returns answers.xlsx -o scores.xlsx\n\n\
Shipped checklists: prefecture-32, secondary-46, ict-56 (checklists/*.json).")]
pub struct ChecklistArgs {
    /// A shipped checklist's id, or a checklist definition file (.json).
    #[arg(long, value_name = "ID|FILE")]
    pub checklist: String,
    /// Councils' answers: one row per council, a column per item id.
    #[arg(long, value_name = "FILE")]
    pub returns: PathBuf,
    /// A column to group councils by (e.g. uses_checklist, prefecture).
    #[arg(long, value_name = "COLUMN")]
    pub by: Option<String>,
    /// Draw each council's section rates as a radar (spider) chart instead of bars.
    #[arg(long)]
    pub radar: bool,
    #[arg(long, value_enum, default_value_t = EncodingArg::Auto)]
    pub encoding: EncodingArg,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// The shipped checklists.
pub const SHIPPED: [&str; 3] = ["prefecture-32", "secondary-46", "ict-56"];

/// A checklist by id (shipped) or path.
pub fn load_checklist(id: &str) -> Result<(Checklist, PathBuf)> {
    let as_path = Path::new(id);
    let path = if as_path.is_file() {
        as_path.to_path_buf()
    } else if SHIPPED.contains(&id) {
        shipped(&format!("checklists/{id}.json"))
    } else {
        return Err(Usage::NoChecklist {
            id: id.to_string(),
            known: SHIPPED.iter().map(|s| s.to_string()).collect(),
        }
        .into());
    };
    Ok((Checklist::load(&path)?, path))
}

pub fn run_checklist(a: ChecklistArgs) -> Result<i32> {
    a.out.resolve()?;
    let (checklist, path) = load_checklist(&a.checklist)?;
    let returns = read_returns_for(&checklist, &a.returns, a.encoding.into(), a.by.as_deref())?;
    let report = renkei::analyses::checklist::report_with(
        &checklist,
        &returns,
        renkei::analyses::checklist::ChecklistOptions { radar: a.radar },
    );
    a.out
        .emit_after_reading(&report, &[path.as_path(), a.returns.as_path()])?;
    Ok(EXIT_OK)
}

/// The reliability of a set of item columns as a scale (Cronbach's α /
/// KR-20 with the Feldt interval, ω total, item–rest correlations, α if
/// an item is deleted), as a whole and by section.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
renkei scale --items checklists/examples/prefecture-32.csv --checklist prefecture-32\n  \
renkei scale --items survey.csv --columns q1,q2,q3,q4,q5 --reverse q1\n  \
renkei scale --items survey.csv --sections \"A=q1,q2,q3;B=q4,q5,q6\" --missing pairwise\n  \
renkei scale --items checklists/examples/prefecture-32.csv --checklist prefecture-32 --parallel --factors 2")]
#[command(group(clap::ArgGroup::new("factor_work").args(["factors", "parallel"]).multiple(true)))]
pub struct ScaleArgs {
    /// The answers: one row per respondent.
    #[arg(long, value_name = "FILE")]
    pub items: PathBuf,
    /// The item columns, comma-separated [default: every column of numbers or check marks].
    #[arg(long, value_name = "COLUMNS", value_delimiter = ',')]
    pub columns: Vec<String>,
    /// Sections: "name=col,col;name=col,col" (each also analysed on its own).
    #[arg(long, value_name = "SECTIONS", conflicts_with = "checklist")]
    pub sections: Option<String>,
    /// Take the items and sections from a checklist definition (id or file).
    #[arg(long, value_name = "ID|FILE")]
    pub checklist: Option<String>,
    /// Missing answers: drop the respondent (listwise) or use every pair (pairwise, as psych::alpha).
    #[arg(long, value_enum, default_value_t = MissingArg::Listwise)]
    pub missing: MissingArg,
    /// Items to reverse (max + min − value), comma-separated; never automatic.
    #[arg(long, value_name = "COLUMNS", value_delimiter = ',')]
    pub reverse: Vec<String>,
    /// Confidence level of the Feldt interval and of the retest's κ and ICC intervals.
    #[arg(long, default_value_t = 0.95, allow_negative_numbers = true)]
    pub level: f64,
    /// A second administration of the same items: test–retest κ per item and ICC of the scores.
    #[arg(long, value_name = "FILE")]
    pub retest: Option<PathBuf>,
    /// The column of respondents' ids that matches the two files' rows [default: the first column headed id, 番号, council, 協議会 …].
    #[arg(long, value_name = "COLUMN")]
    pub id: Option<String>,
    /// An exploratory factor analysis of the items with K factors.
    #[arg(long, value_name = "K")]
    pub factors: Option<usize>,
    /// Parallel analysis: how many factors stand above random data of the same size (psych::fa.parallel).
    #[arg(long)]
    pub parallel: bool,
    /// Random data sets of the parallel analysis (psych's n.iter).
    #[arg(long, value_name = "N", default_value_t = 20,
          value_parser = clap::value_parser!(u32).range(1..=10000), requires = "parallel")]
    pub iterations: u32,
    /// Seed of the parallel analysis's random data: the draws are R's after set.seed(S).
    #[arg(long, value_name = "S", default_value_t = 1,
          value_parser = clap::value_parser!(i32), allow_negative_numbers = true, requires = "parallel")]
    pub seed: i32,
    /// The correlations factored: pearson, tetrachoric (two-valued items) or polychoric (ordered answers, at most 8 values).
    #[arg(long = "cor", value_enum, default_value_t = CorrelationArg::Pearson, requires = "factor_work")]
    pub correlation: CorrelationArg,
    /// How factors are extracted: minres (psych's default) or ml.
    #[arg(long, value_enum, default_value_t = ExtractionArg::Minres, requires = "factor_work")]
    pub fm: ExtractionArg,
    /// How factors are rotated: oblimin (psych's default), varimax or none.
    #[arg(long, value_enum, default_value_t = RotationArg::Oblimin, requires = "factors")]
    pub rotate: RotationArg,
    #[arg(long, value_enum, default_value_t = EncodingArg::Auto)]
    pub encoding: EncodingArg,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CorrelationArg {
    Pearson,
    #[value(alias = "tet")]
    Tetrachoric,
    #[value(alias = "poly")]
    Polychoric,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractionArg {
    Minres,
    Ml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RotationArg {
    Oblimin,
    Varimax,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MissingArg {
    Listwise,
    Pairwise,
}

/// "A=q1,q2;B=q3,q4" → sections.
fn parse_sections(s: &str) -> Result<Vec<ScaleSpec>> {
    ScaleSpec::parse_sections(s).map_err(|part| Usage::SectionsSyntax { part }.into())
}

pub fn run_scale(a: ScaleArgs) -> Result<i32> {
    a.out.resolve()?;
    if !(a.level > 0.0 && a.level < 1.0) {
        return Err(Usage::LevelBetween { got: a.level }.into());
    }
    let mut inputs = vec![a.items.clone()];
    let (columns, sections) = match (&a.checklist, &a.sections) {
        (Some(id), _) => {
            let (c, path) = load_checklist(id)?;
            inputs.push(path);
            let sections = ScaleSpec::sections_of(&c);
            (
                sections.iter().flat_map(|s| s.items.clone()).collect(),
                sections,
            )
        }
        (None, Some(s)) => {
            let sections = parse_sections(s)?;
            let mut cols: Vec<String> = a.columns.clone();
            for s in &sections {
                for c in &s.items {
                    if !cols.contains(c) {
                        cols.push(c.clone());
                    }
                }
            }
            (cols, sections)
        }
        (None, None) => (a.columns.clone(), vec![]),
    };
    if let Some(twice) = columns
        .iter()
        .enumerate()
        .find(|(i, c)| columns[..*i].contains(c))
        .map(|(_, c)| c.clone())
    {
        return Err(Usage::ColumnTwice { column: twice }.into());
    }
    let table = read_items_by(&a.items, a.encoding.into(), &columns, a.id.as_deref())?;
    // The retest reads the same items (those the first file gave, when
    // none were named) and is matched by id.
    let second = match &a.retest {
        Some(path) => {
            inputs.push(path.clone());
            let t = read_items_by(path, a.encoding.into(), &table.names, a.id.as_deref())?;
            let m = match_by_id(&table, &t)?;
            Some((t, m))
        }
        None => None,
    };
    // Checked against the items read, so that a default set is checked too.
    for r in &a.reverse {
        if !table.names.contains(r) {
            return Err(Usage::ReverseNotAnItem { column: r.clone() }.into());
        }
    }
    let whole = ScaleSpec {
        name: renkei::text::Name::Plain(a.checklist.clone().unwrap_or_else(|| {
            a.items
                .file_stem()
                .map_or("scale".into(), |s| s.to_string_lossy().into_owned())
        })),
        items: table.names.clone(),
    };
    let extraction = match a.fm {
        ExtractionArg::Minres => renkei::stats::factor::Extraction::Minres,
        ExtractionArg::Ml => renkei::stats::factor::Extraction::Ml,
    };
    let correlation = match a.correlation {
        CorrelationArg::Pearson => renkei::stats::polychoric::Correlation::Pearson,
        CorrelationArg::Tetrachoric => renkei::stats::polychoric::Correlation::Tetrachoric,
        CorrelationArg::Polychoric => renkei::stats::polychoric::Correlation::Polychoric,
    };
    let options = ScaleOptions {
        missing: match a.missing {
            MissingArg::Listwise => Missing::Listwise,
            MissingArg::Pairwise => Missing::Pairwise,
        },
        level: a.level,
        reverse: a.reverse.clone(),
        factors: a
            .factors
            .map(|k| renkei::analyses::scale::factors::FactorOptions {
                k,
                correlation,
                extraction,
                rotation: match a.rotate {
                    RotationArg::Oblimin => renkei::stats::factor::Rotation::Oblimin,
                    RotationArg::Varimax => renkei::stats::factor::Rotation::Varimax,
                    RotationArg::None => renkei::stats::factor::Rotation::None,
                },
            }),
        parallel: a
            .parallel
            .then_some(renkei::stats::parallel::ParallelOptions {
                iterations: a.iterations as usize,
                seed: a.seed,
                extraction,
                quantile: 0.95,
                correlation,
            }),
    };
    let report = renkei::analyses::scale::report(
        &table,
        &whole,
        &sections,
        &options,
        second
            .as_ref()
            .map(|(t, m)| renkei::analyses::scale::Retest {
                table: t,
                matched: m,
            }),
    );
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    a.out.emit_after_reading(&report, &inputs)?;
    Ok(EXIT_OK)
}

impl super::Run for ChecklistArgs {
    fn lang(&self) -> super::LangArg {
        self.out.lang
    }
    fn run(self) -> Result<i32> {
        run_checklist(self)
    }
}

impl super::Run for ScaleArgs {
    fn lang(&self) -> super::LangArg {
        self.out.lang
    }
    fn run(self) -> Result<i32> {
        run_scale(self)
    }
}
