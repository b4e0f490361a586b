//! Reproducing published tables: regenerate each table a seed names from the
//! survey's unit-level returns, test it, and compare every printed label,
//! count, total, percentage and p with the reproduction.
//!
//! A printed value that differs is a mismatch unless the seed lists it under
//! `known_misprints` with exactly that printed and correct value; a listed
//! misprint that does not occur is a mismatch too (a stale seed).

use super::crosstab::{AnalysedTable, TableRecord, record, section};
use crate::error::{Error, Result};
use crate::input::published::{KnownMisprint, Printed, PrintedBase, PublishedTable, ReproduceSpec};
use crate::input::survey::Survey;
use crate::report::messages::CheckItem;
use crate::report::messages::errors::Usage;
use crate::report::{Block, Line, Msg, Name, Report, Text};
use crate::stats::Analysis;
use crate::tabulate::PercentBase;
use crate::tabulate::crosstab::{CrossTab, cross_tabulate};
use crate::tabulate::table::ContingencyTable;
use crate::units::Returns;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// How one printed value compares with the reproduction.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "status", content = "note")]
pub enum CheckStatus {
    Match,
    /// A printed value listed as a misprint, with the evidence.
    KnownMisprint(Name),
    /// A printing convention, not a disagreement (e.g. 0.0% for an empty column).
    Convention(Text),
    Mismatch(Option<Text>),
}

fn item_text<S: serde::Serializer>(item: &CheckItem, s: S) -> std::result::Result<S::Ok, S::Error> {
    Text::from(Msg::CheckItem(item.clone())).serialize(s)
}

/// One printed value and its reproduction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    #[serde(serialize_with = "item_text")]
    pub item: CheckItem,
    pub printed: String,
    /// As text, the same in either language; `null` where nothing could be
    /// reproduced (an undefined percentage, a test that could not run: the
    /// note says why).
    #[serde(serialize_with = "value_text")]
    pub reproduced: Text,
    #[serde(flatten)]
    pub status: CheckStatus,
}

/// The comparison of a reproduction with the printed table.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub checks: Vec<Check>,
}

impl Comparison {
    pub fn mismatches(&self) -> impl Iterator<Item = &Check> {
        self.checks
            .iter()
            .filter(|c| matches!(c.status, CheckStatus::Mismatch(_)))
    }
    pub fn known_misprints(&self) -> impl Iterator<Item = &Check> {
        self.checks
            .iter()
            .filter(|c| matches!(c.status, CheckStatus::KnownMisprint(_)))
    }
    pub fn conventions(&self) -> impl Iterator<Item = &Check> {
        self.checks
            .iter()
            .filter(|c| matches!(c.status, CheckStatus::Convention(_)))
    }
    pub fn reproduced(&self) -> bool {
        self.mismatches().next().is_none()
    }
}

/// `count / base × 100` rounded half up to `decimals`, scaled by 10^decimals.
fn percent_scaled(count: u64, base: u64, decimals: u32) -> Option<i128> {
    if base == 0 {
        return None;
    }
    let scale = 10i128.pow(decimals);
    let (c, b) = (count as i128, base as i128);
    Some((2 * 100 * scale * c + b) / (2 * b))
}

fn show_scaled(v: i128, decimals: u32) -> String {
    if decimals == 0 {
        return v.to_string();
    }
    let scale = 10i128.pow(decimals);
    format!(
        "{}.{:0width$}",
        v / scale,
        (v % scale).abs(),
        width = decimals as usize
    )
}

/// Printed labels are compared with the reproduction's Japanese labels,
/// ignoring white space (line breaks in printed headers).
fn value_text<S: serde::Serializer>(v: &Text, s: S) -> std::result::Result<S::Ok, S::Error> {
    match v {
        Text::Name(n) => n.serialize(s),
        Text::Msg(_) => s.serialize_none(),
    }
}

fn same_label(printed: &str, reproduced: &Name) -> bool {
    let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    strip(printed) == strip(reproduced.ja())
}

struct Checker<'a> {
    published: &'a PublishedTable,
    checks: Vec<Check>,
}

impl Checker<'_> {
    /// Records one comparison, excusing it only when it is a listed misprint
    /// with exactly these printed and correct values.
    fn push(
        &mut self,
        at: (&str, &[usize]),
        item: CheckItem,
        printed: &Printed,
        reproduced: String,
        ok: bool,
    ) {
        let (field, index) = at;
        let status = match (ok, self.misprint(field, index)) {
            (true, Some(m)) => {
                CheckStatus::Mismatch(Some(Msg::ListedButAgrees(m.note.clone()).into()))
            }
            (true, None) => CheckStatus::Match,
            (false, Some(m)) if m.printed.0 == printed.0 && m.correct.0 == reproduced => {
                CheckStatus::KnownMisprint(m.note.clone())
            }
            (false, _) => CheckStatus::Mismatch(None),
        };
        self.checks.push(Check {
            item,
            printed: printed.0.clone(),
            reproduced: reproduced.into(),
            status,
        });
    }

    fn misprint(&self, field: &str, index: &[usize]) -> Option<&KnownMisprint> {
        self.published
            .known_misprints
            .iter()
            .find(|m| m.field == field && m.index == index)
    }

    fn count(&mut self, at: (&str, &[usize]), item: CheckItem, printed: &Printed, value: u64) {
        let ok = printed.scaled() == Some((value as i128, 0));
        self.push(at, item, printed, value.to_string(), ok);
    }

    fn percent(
        &mut self,
        at: (&str, &[usize]),
        item: CheckItem,
        printed: &Printed,
        count: u64,
        base: u64,
    ) {
        let Some((v, d)) = printed.scaled() else {
            self.checks.push(Check {
                item,
                printed: printed.0.clone(),
                reproduced: "".into(),
                status: CheckStatus::Mismatch(Some(Msg::PrintedNotANumber.into())),
            });
            return;
        };
        match percent_scaled(count, base, d) {
            Some(r) => self.push(at, item, printed, show_scaled(r, d), r == v),
            None => {
                let status = if v == 0 {
                    CheckStatus::Convention(Msg::ConventionEmptyGroupZero.into())
                } else {
                    CheckStatus::Mismatch(Some(Msg::PercentOfEmptyGroup.into()))
                };
                self.checks.push(Check {
                    item,
                    printed: printed.0.clone(),
                    reproduced: Msg::UndefinedBaseZero.into(),
                    status,
                });
            }
        }
    }
}

/// Compares a reproduced table (and its tests) with the published one: labels,
/// every count, total and percentage, and the printed p.
pub fn compare(
    published: &PublishedTable,
    table: &ContingencyTable,
    analysis: &Analysis,
) -> Comparison {
    let mut ck = Checker {
        published,
        checks: Vec::new(),
    };
    let p = published;
    let labels_ok = p.rows.len() == table.nrows()
        && p.columns.len() == table.ncols()
        && p.rows
            .iter()
            .zip(&table.row_labels)
            .all(|(a, b)| same_label(a, b))
        && p.columns
            .iter()
            .zip(&table.col_labels)
            .all(|(a, b)| same_label(a, b));
    let joined = |names: &[Name]| names.iter().map(Name::ja).collect::<Vec<_>>().join(" / ");
    ck.checks.push(Check {
        item: CheckItem::Labels,
        printed: format!("{} | {}", p.rows.join(" / "), p.columns.join(" / ")),
        reproduced: format!(
            "{} | {}",
            joined(&table.row_labels),
            joined(&table.col_labels)
        )
        .into(),
        status: if labels_ok {
            CheckStatus::Match
        } else {
            CheckStatus::Mismatch(Some(Msg::LabelsDiffer.into()))
        },
    });
    if !labels_ok {
        return Comparison { checks: ck.checks };
    }
    let row = |i: usize| Name::from(p.rows[i].as_str());
    let col = |j: usize| Name::from(p.columns[j].as_str());
    let rt = table.row_totals();
    let ct = table.col_totals();
    let n = table.total();
    for (i, cells) in p.counts.iter().enumerate() {
        for (j, &v) in cells.iter().enumerate() {
            let item = CheckItem::Count {
                row: row(i),
                column: col(j),
            };
            ck.count(
                ("counts", &[i, j]),
                item,
                &Printed(v.to_string()),
                table.get(i, j),
            );
        }
    }
    if let Some(tot) = &p.column_totals {
        for (j, v) in tot.iter().enumerate().take(table.ncols()) {
            let printed_cells: u64 = p.counts.iter().map(|r| r[j]).sum();
            let item = CheckItem::ColumnTotal {
                column: col(j),
                printed_cells,
            };
            ck.count(("column_totals", &[j]), item, v, ct[j]);
        }
    }
    if let Some(tot) = &p.row_totals {
        for (i, v) in tot.iter().enumerate().take(table.nrows()) {
            let printed_cells: u64 = p.counts[i].iter().sum();
            let item = CheckItem::RowTotal {
                row: row(i),
                printed_cells,
            };
            ck.count(("row_totals", &[i]), item, v, rt[i]);
        }
    }
    if let Some(v) = &p.grand_total {
        ck.count(("grand_total", &[]), CheckItem::GrandTotal, v, n);
    }
    let base = p.percent_base;
    if let Some(pct) = &p.percent {
        for (i, cells) in pct.iter().enumerate().take(table.nrows()) {
            for (j, v) in cells.iter().enumerate().take(table.ncols()) {
                let b = match base {
                    PrintedBase::Row => rt[i],
                    PrintedBase::Total => n,
                    PrintedBase::Column => ct[j],
                };
                let item = CheckItem::Percent {
                    row: row(i),
                    column: col(j),
                };
                ck.percent(("percent", &[i, j]), item, v, table.get(i, j), b);
            }
        }
    }
    if let Some(pct) = &p.row_total_percent {
        for (i, v) in pct.iter().enumerate().take(table.nrows()) {
            let item = CheckItem::RowTotalPercent { row: row(i) };
            ck.percent(("row_total_percent", &[i]), item, v, rt[i], n);
        }
    }
    if let Some(pct) = &p.column_total_percent {
        for (j, v) in pct.iter().enumerate().take(table.ncols()) {
            let item = CheckItem::ColumnTotalPercent { column: col(j) };
            ck.percent(("column_total_percent", &[j]), item, v, ct[j], ct[j]);
        }
    }
    if let Some(test) = &p.test {
        let item = CheckItem::P {
            test: test.name.clone(),
        };
        match (&analysis.pearson, test.p.scaled()) {
            (Some(x), Some((v, d))) => {
                let scale = 10f64.powi(d as i32);
                let r = (x.p * scale).round() as i128;
                ck.push(("test.p", &[]), item, &test.p, show_scaled(r, d), r == v);
            }
            (Some(x), None) if test.p.0.trim().starts_with('<') => {
                let bound = Printed(test.p.0.trim().trim_start_matches('<').to_string());
                let ok = bound
                    .scaled()
                    .is_some_and(|(v, d)| x.p < v as f64 / 10f64.powi(d as i32));
                ck.push(("test.p", &[]), item, &test.p, format!("{:.3e}", x.p), ok);
            }
            (x, _) => ck.checks.push(Check {
                item,
                printed: test.p.0.clone(),
                reproduced: x.map_or(Msg::NotComputable.into(), |x| x.p.to_string().into()),
                status: CheckStatus::Mismatch(Some(Msg::CannotCompare.into())),
            }),
        }
    }
    // A misprint listed for a place no check covers is a stale seed.
    for m in &p.known_misprints {
        let covered = ck.checks.iter().any(|c| match &c.status {
            CheckStatus::KnownMisprint(note) => *note == m.note,
            CheckStatus::Mismatch(Some(Text::Msg(msg))) => {
                **msg == Msg::ListedButAgrees(m.note.clone())
            }
            _ => false,
        });
        if !covered {
            ck.checks.push(Check {
                item: CheckItem::StaleMisprint {
                    field: m.field.clone(),
                    index: m.index.clone(),
                },
                printed: m.printed.0.clone(),
                reproduced: "".into(),
                status: CheckStatus::Mismatch(Some(Msg::MisprintNotFound(m.note.clone()).into())),
            });
        }
    }
    Comparison { checks: ck.checks }
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

/// The published tables in `dir` whose `reproduce` block names `survey`.
pub fn tables_for(
    dir: &Path,
    survey: &str,
) -> Result<Vec<(PathBuf, PublishedTable, ReproduceSpec)>> {
    let mut found = Vec::new();
    for path in seed_files(dir)? {
        let table = PublishedTable::load(&path)?;
        if let Some(spec) = table.reproduce.clone().filter(|r| r.survey == survey) {
            found.push((path, table, spec));
        }
    }
    if found.is_empty() {
        return Err(Usage::NoPublishedTable {
            dir: dir.display().to_string(),
            survey: survey.to_string(),
        }
        .into());
    }
    Ok(found)
}

/// One published table, reproduced and compared.
pub struct ReproducedTable {
    pub file: PathBuf,
    pub published: PublishedTable,
    pub crosstab: CrossTab,
    pub analysis: Analysis,
    pub comparison: Comparison,
}

/// Every reproduction of one survey.
pub struct Reproduction {
    pub survey: String,
    pub returns: PathBuf,
    pub units: usize,
    pub encoding: String,
    pub tables: Vec<ReproducedTable>,
}

impl Reproduction {
    pub fn reproduced(&self) -> bool {
        self.tables.iter().all(|t| t.comparison.reproduced())
    }
}

/// Reproduces the tables of `seeds` from the survey's returns; `analyze` runs
/// the tests on a table (ordered or not), as the caller's options say.
pub fn reproduce(
    survey: &Survey,
    returns: &Returns,
    seeds: Vec<(PathBuf, PublishedTable, ReproduceSpec)>,
    mut analyze: impl FnMut(&ContingencyTable, bool) -> Result<Analysis>,
) -> Result<Reproduction> {
    let mut tables = Vec::new();
    for (file, published, spec) in seeds {
        let question = survey.question(&spec.question)?;
        let grouping = survey.grouping(&spec.grouping)?;
        let crosstab = cross_tabulate(&survey.definition, returns, question, grouping);
        let analysis = analyze(&crosstab.table, question.ordered_with(grouping))?;
        let comparison = compare(&published, &crosstab.table, &analysis);
        tables.push(ReproducedTable {
            file,
            published,
            crosstab,
            analysis,
            comparison,
        });
    }
    Ok(Reproduction {
        survey: survey.definition.id.clone(),
        returns: returns.source.clone(),
        units: returns.units.len(),
        encoding: returns.encoding.to_string(),
        tables,
    })
}

impl ReproducedTable {
    fn analysed(&self) -> AnalysedTable<'_> {
        AnalysedTable {
            title: self.published.title.clone().into(),
            short_name: self
                .published
                .title
                .split_whitespace()
                .next()
                .filter(|w| w.starts_with('表'))
                .map(Text::from),
            table: &self.crosstab.table,
            analysis: &self.analysis,
            crosstab: Some(&self.crosstab),
            base: PercentBase::Column,
        }
    }
}

/// The verdict lines of one table.
pub fn verdict(p: &PublishedTable, c: &Comparison) -> Vec<Line> {
    let checked = c.checks.len();
    let misprints: Vec<&Check> = c.known_misprints().collect();
    let mismatches: Vec<&Check> = c.mismatches().collect();
    let mut lines = vec![Line::new(
        0,
        if mismatches.is_empty() {
            Msg::VerdictReproduced {
                checked,
                misprints: misprints.len(),
            }
        } else {
            Msg::VerdictMismatch {
                mismatches: mismatches.len(),
                checked,
                misprints: misprints.len(),
            }
        },
    )];
    if let Some(src) = &p.source {
        lines.push(Line::new(1, Msg::Source(src.clone())));
    }
    for m in &misprints {
        if let CheckStatus::KnownMisprint(note) = &m.status {
            lines.push(Line::new(
                1,
                Msg::KnownMisprint {
                    item: m.item.clone(),
                    printed: m.printed.clone(),
                    reproduced: m.reproduced.clone(),
                    note: note.clone(),
                },
            ));
        }
    }
    let conventions: Vec<&Check> = c.conventions().collect();
    if let Some(CheckStatus::Convention(note)) = conventions.first().map(|c| &c.status) {
        lines.push(Line::new(
            1,
            Msg::Conventions {
                count: conventions.len(),
                note: note.clone(),
            },
        ));
    }
    for m in &mismatches {
        let note = match &m.status {
            CheckStatus::Mismatch(n) => n.clone(),
            _ => None,
        };
        lines.push(Line::new(
            1,
            Msg::Mismatch {
                item: m.item.clone(),
                printed: m.printed.clone(),
                reproduced: m.reproduced.clone(),
                note,
            },
        ));
    }
    lines
}

#[derive(Serialize)]
struct TableResult {
    file: String,
    #[serde(flatten)]
    table: TableRecord,
    source: Option<Name>,
    reproduced: bool,
    comparison: Comparison,
}

#[derive(Serialize)]
struct ReproduceRecord {
    survey: String,
    returns: String,
    reproduced: bool,
    tables: Vec<TableResult>,
}

/// The report of a reproduction: each table with its tests and verdict.
pub fn report(r: &Reproduction) -> Report {
    let sections = r
        .tables
        .iter()
        .map(|t| {
            let mut s = section(&t.analysed());
            s.blocks
                .push(Block::Lines(verdict(&t.published, &t.comparison)));
            s
        })
        .collect();
    let data = ReproduceRecord {
        survey: r.survey.clone(),
        returns: r.returns.display().to_string(),
        reproduced: r.reproduced(),
        tables: r
            .tables
            .iter()
            .map(|t| TableResult {
                file: t.file.display().to_string(),
                table: record(&t.analysed()),
                source: t.published.source.clone(),
                reproduced: t.comparison.reproduced(),
                comparison: t.comparison.clone(),
            })
            .collect(),
    };
    Report {
        title: Some(Msg::DefaultHeading.into()),
        preamble: vec![Line::new(
            0,
            Msg::SurveyRead {
                survey: r.survey.clone(),
                returns: r.returns.display().to_string(),
                units: r.units,
                encoding: r.encoding.clone(),
            },
        )],
        sections,
        closing: vec![Line::new(
            0,
            Msg::TablesReproduced {
                reproduced: r
                    .tables
                    .iter()
                    .filter(|t| t.comparison.reproduced())
                    .count(),
                tables: r.tables.len(),
            },
        )],
        data: Some(Box::new(data)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaled_percentages() {
        assert_eq!(show_scaled(73, 3), "0.073");
        assert_eq!(show_scaled(1000, 1), "100.0");
        assert_eq!(percent_scaled(10, 55, 1), Some(182));
    }
}
