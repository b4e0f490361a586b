//! Published tables transcribed as printed (`seeds/*.json`), and the check of
//! a reproduction against them.
//!
//! The file format is the audit format: `rows`, `columns` and `counts` are
//! required; totals, percentages and the test are optional and kept with the
//! printed digits (a printed value may be a JSON number or a string such as
//! "0.073" or "<0.001"). A `reproduce` block names the survey question and
//! grouping that regenerate the table, and `known_misprints` lists the places
//! where the printed table contradicts itself.

use crate::error::{Error, InputError, Result};
use crate::stats::Analysis;
use crate::tabulate::table::ContingencyTable;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// A value as printed: the digits are kept as text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Printed(pub String);

impl<'de> Deserialize<'de> for Printed {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) => Ok(Printed(s)),
            serde_json::Value::Number(n) => Ok(Printed(n.to_string())),
            other => Err(serde::de::Error::custom(format!(
                "a printed value (number or string), got {other}"
            ))),
        }
    }
}

impl Printed {
    /// The printed number as an integer scaled by 10^decimals, with its number
    /// of decimals ("32.3%" → (323, 1)). `None` for text such as "<0.001".
    pub fn scaled(&self) -> Option<(i128, u32)> {
        let s = self.0.trim().trim_end_matches('%').trim();
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let digits = format!("{int}{frac}");
        let neg = digits.starts_with('-');
        let body = digits.trim_start_matches('-');
        if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) || body.len() > 30 {
            return None;
        }
        let v: i128 = body.parse().ok()?;
        Some((if neg { -v } else { v }, frac.len() as u32))
    }
}

impl std::fmt::Display for Printed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintedTest {
    pub name: String,
    pub p: Printed,
}

/// Which survey question and grouping regenerate a published table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReproduceSpec {
    pub survey: String,
    pub question: String,
    pub grouping: String,
}

/// A printed percentage of several rows together (e.g. "57.6%" for the first
/// two answers), of one column or (without `column`) of the grand total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CombinedPercent {
    pub label: String,
    /// Row indexes (0-based).
    pub rows: Vec<usize>,
    #[serde(default)]
    pub column: Option<usize>,
    pub printed: Printed,
}

/// A place where the printed table contradicts itself, with the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownMisprint {
    /// The field: `column_totals`, `row_totals`, `grand_total`, `counts`, `percent`, ...
    pub field: String,
    /// Position in the field (one index for totals, two for cells).
    #[serde(default)]
    pub index: Vec<usize>,
    pub printed: Printed,
    pub correct: Printed,
    pub note: String,
}

/// A published table as printed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedTable {
    /// Defaults to the file name.
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub source: Option<String>,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub counts: Vec<Vec<u64>>,
    #[serde(default)]
    pub column_totals: Option<Vec<Printed>>,
    #[serde(default)]
    pub row_totals: Option<Vec<Printed>>,
    #[serde(default)]
    pub grand_total: Option<Printed>,
    #[serde(default)]
    pub percent: Option<Vec<Vec<Printed>>>,
    /// "column", "row" or "total".
    #[serde(default)]
    pub percent_base: Option<String>,
    /// The % printed in the 合計 column (row total / grand total for column %).
    #[serde(default)]
    pub row_total_percent: Option<Vec<Printed>>,
    /// The % printed in the 合計 row.
    #[serde(default)]
    pub column_total_percent: Option<Vec<Printed>>,
    #[serde(default)]
    pub test: Option<PrintedTest>,
    /// Anything else printed with the table, kept for the record.
    #[serde(default)]
    pub printed_notes: Vec<String>,
    /// Shares of several rows together printed beside the table.
    #[serde(default)]
    pub combined_percents: Vec<CombinedPercent>,
    #[serde(default)]
    pub reproduce: Option<ReproduceSpec>,
    #[serde(default)]
    pub known_misprints: Vec<KnownMisprint>,
}

impl PublishedTable {
    pub fn load(path: &Path) -> Result<PublishedTable> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::parse(path, &text)
    }

    /// `load` on text already read (`path` names it in errors).
    pub fn parse(path: &Path, text: &str) -> Result<PublishedTable> {
        let t: PublishedTable = serde_json::from_str(text).map_err(|e| {
            InputError::new(
                path,
                format!(
                    "a published-table file ({})",
                    crate::error::json_message(&e)
                ),
            )
            .line(e.line().max(1))
        })?;
        let mut t = t;
        if t.title.is_empty() {
            t.title = path
                .file_name()
                .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        }
        let (r, c) = (t.rows.len(), t.columns.len());
        let mut errors = Vec::new();
        if t.counts.len() != r {
            errors.push(
                InputError::new(path, format!("{r} rows of counts, one per row label"))
                    .column("counts")
                    .value(format!("{} rows", t.counts.len())),
            );
        }
        for (i, row) in t.counts.iter().enumerate() {
            if row.len() != c {
                errors.push(
                    InputError::new(path, format!("{c} counts, one per column label"))
                        .column(format!("counts[{i}]"))
                        .value(format!("{} counts", row.len())),
                );
            }
        }
        // Every printed list must fit the table: a value that matches no
        // cell would otherwise be silently ignored.
        let mut len_check = |field: &str, got: Option<usize>, want: usize, what: &str| {
            if let Some(got) = got.filter(|&g| g != want) {
                errors.push(
                    InputError::new(path, format!("{want} values, one per {what}"))
                        .column(field)
                        .value(format!("{got} values")),
                );
            }
        };
        len_check(
            "column_totals",
            t.column_totals.as_ref().map(Vec::len),
            c,
            "column",
        );
        len_check("row_totals", t.row_totals.as_ref().map(Vec::len), r, "row");
        len_check(
            "row_total_percent",
            t.row_total_percent.as_ref().map(Vec::len),
            r,
            "row",
        );
        len_check(
            "column_total_percent",
            t.column_total_percent.as_ref().map(Vec::len),
            c,
            "column",
        );
        len_check("percent", t.percent.as_ref().map(Vec::len), r, "row");
        for (i, row) in t.percent.iter().flatten().enumerate() {
            len_check(&format!("percent[{i}]"), Some(row.len()), c, "column");
        }
        if let Some(b) = t
            .percent_base
            .as_deref()
            .filter(|b| !["column", "row", "total"].contains(b))
        {
            errors.push(
                InputError::new(path, "\"column\", \"row\" or \"total\"")
                    .column("percent_base")
                    .value(b),
            );
        }
        for (k, comb) in t.combined_percents.iter().enumerate() {
            let bad_row = comb.rows.iter().find(|&&i| i >= r);
            if comb.rows.is_empty() || bad_row.is_some() {
                errors.push(
                    InputError::new(
                        path,
                        format!("row indexes from 0 to {}", r.saturating_sub(1)),
                    )
                    .column(format!("combined_percents[{k}].rows"))
                    .value(format!("{:?}", comb.rows)),
                );
            }
            if let Some(j) = comb.column.filter(|&j| j >= c) {
                errors.push(
                    InputError::new(
                        path,
                        format!("a column index from 0 to {}", c.saturating_sub(1)),
                    )
                    .column(format!("combined_percents[{k}].column"))
                    .value(j.to_string()),
                );
            }
        }
        if errors.is_empty() {
            Ok(t)
        } else {
            Err(Error::Input(errors))
        }
    }
}

/// How one printed value compares with the reproduction.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "status", content = "note")]
pub enum CheckStatus {
    Match,
    /// A printed value listed as a misprint, with the evidence.
    KnownMisprint(String),
    /// A printing convention, not a disagreement (e.g. 0.0% for an empty column).
    Convention(String),
    Mismatch(String),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    pub item: String,
    pub printed: String,
    pub reproduced: String,
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

fn same_label(a: &str, b: &str) -> bool {
    let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    strip(a) == strip(b)
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
        field: &str,
        index: &[usize],
        item: String,
        printed: &Printed,
        reproduced: String,
        ok: bool,
    ) {
        let status = if ok {
            match self.misprint(field, index) {
                Some(m) => CheckStatus::Mismatch(format!(
                    "listed as a misprint ({}), but the printed value agrees with the reproduction",
                    m.note
                )),
                None => CheckStatus::Match,
            }
        } else {
            match self.misprint(field, index) {
                Some(m) if m.printed.0 == printed.0 && m.correct.0 == reproduced => {
                    CheckStatus::KnownMisprint(m.note.clone())
                }
                _ => CheckStatus::Mismatch(String::new()),
            }
        };
        self.checks.push(Check {
            item,
            printed: printed.0.clone(),
            reproduced,
            status,
        });
    }

    fn misprint(&self, field: &str, index: &[usize]) -> Option<&KnownMisprint> {
        self.published
            .known_misprints
            .iter()
            .find(|m| m.field == field && m.index == index)
    }

    fn count(&mut self, field: &str, index: &[usize], item: String, printed: &Printed, value: u64) {
        let ok = printed.scaled() == Some((value as i128, 0));
        self.push(field, index, item, printed, value.to_string(), ok);
    }

    fn percent(
        &mut self,
        field: &str,
        index: &[usize],
        item: String,
        printed: &Printed,
        count: u64,
        base: u64,
    ) {
        let Some((v, d)) = printed.scaled() else {
            self.checks.push(Check {
                item,
                printed: printed.0.clone(),
                reproduced: String::new(),
                status: CheckStatus::Mismatch("the printed value is not a number".into()),
            });
            return;
        };
        match percent_scaled(count, base, d) {
            Some(r) => self.push(field, index, item, printed, show_scaled(r, d), r == v),
            None => {
                let status = if v == 0 {
                    CheckStatus::Convention(
                        "printed as 0% for a group with no units; the percentage is undefined"
                            .into(),
                    )
                } else {
                    CheckStatus::Mismatch("a percentage of a group with no units".into())
                };
                self.checks.push(Check {
                    item,
                    printed: printed.0.clone(),
                    reproduced: "undefined (base 0)".into(),
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
    ck.checks.push(Check {
        item: "labels".into(),
        printed: format!("{} | {}", p.rows.join(" / "), p.columns.join(" / ")),
        reproduced: format!(
            "{} | {}",
            table.row_labels.join(" / "),
            table.col_labels.join(" / ")
        ),
        status: if labels_ok {
            CheckStatus::Match
        } else {
            CheckStatus::Mismatch("the rows or columns differ; no cell can be compared".into())
        },
    });
    if !labels_ok {
        return Comparison { checks: ck.checks };
    }
    let rt = table.row_totals();
    let ct = table.col_totals();
    let n = table.total();
    for (i, row) in p.counts.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            let item = format!("n[{}, {}]", p.rows[i], p.columns[j]);
            ck.count(
                "counts",
                &[i, j],
                item,
                &Printed(v.to_string()),
                table.get(i, j),
            );
        }
    }
    if let Some(tot) = &p.column_totals {
        for (j, v) in tot.iter().enumerate().take(table.ncols()) {
            let printed_cells: u64 = p.counts.iter().map(|r| r[j]).sum();
            let item = format!(
                "合計 n[{}] (printed cells sum to {printed_cells})",
                p.columns[j]
            );
            ck.count("column_totals", &[j], item, v, ct[j]);
        }
    }
    if let Some(tot) = &p.row_totals {
        for (i, v) in tot.iter().enumerate().take(table.nrows()) {
            let printed_cells: u64 = p.counts[i].iter().sum();
            let item = format!(
                "合計 n[{}] (printed cells sum to {printed_cells})",
                p.rows[i]
            );
            ck.count("row_totals", &[i], item, v, rt[i]);
        }
    }
    if let Some(v) = &p.grand_total {
        ck.count("grand_total", &[], "総計 n".into(), v, n);
    }
    let base = p.percent_base.as_deref().unwrap_or("column");
    if let Some(pct) = &p.percent {
        for (i, row) in pct.iter().enumerate().take(table.nrows()) {
            for (j, v) in row.iter().enumerate().take(table.ncols()) {
                let b = match base {
                    "row" => rt[i],
                    "total" => n,
                    _ => ct[j],
                };
                let item = format!("%[{}, {}]", p.rows[i], p.columns[j]);
                ck.percent("percent", &[i, j], item, v, table.get(i, j), b);
            }
        }
    }
    if let Some(pct) = &p.row_total_percent {
        for (i, v) in pct.iter().enumerate().take(table.nrows()) {
            let item = format!("合計 %[{}]", p.rows[i]);
            ck.percent("row_total_percent", &[i], item, v, rt[i], n);
        }
    }
    if let Some(pct) = &p.column_total_percent {
        for (j, v) in pct.iter().enumerate().take(table.ncols()) {
            let item = format!("合計 %[{}]", p.columns[j]);
            ck.percent("column_total_percent", &[j], item, v, ct[j], ct[j]);
        }
    }
    if let Some(test) = &p.test {
        let item = format!("p ({})", test.name);
        match (&analysis.pearson, test.p.scaled()) {
            (Some(x), Some((v, d))) => {
                let scale = 10f64.powi(d as i32);
                let r = (x.p * scale).round() as i128;
                ck.push("test.p", &[], item, &test.p, show_scaled(r, d), r == v);
            }
            (Some(x), None) if test.p.0.trim().starts_with('<') => {
                let bound = Printed(test.p.0.trim().trim_start_matches('<').to_string());
                let ok = bound
                    .scaled()
                    .is_some_and(|(v, d)| x.p < v as f64 / 10f64.powi(d as i32));
                ck.push("test.p", &[], item, &test.p, format!("{:.3e}", x.p), ok);
            }
            (x, _) => ck.checks.push(Check {
                item,
                printed: test.p.0.clone(),
                reproduced: x.map_or("not computable".into(), |x| x.p.to_string()),
                status: CheckStatus::Mismatch("cannot compare".into()),
            }),
        }
    }
    // A misprint listed for a place no check covers is a stale seed.
    for m in &p.known_misprints {
        let covered = ck.checks.iter().any(|c| {
            matches!(&c.status, CheckStatus::KnownMisprint(n) if *n == m.note)
                || matches!(&c.status, CheckStatus::Mismatch(n) if n.contains(&m.note))
        });
        if !covered {
            ck.checks.push(Check {
                item: format!("known misprint {}{:?}", m.field, m.index),
                printed: m.printed.0.clone(),
                reproduced: String::new(),
                status: CheckStatus::Mismatch(format!("listed misprint not found: {}", m.note)),
            });
        }
    }
    Comparison { checks: ck.checks }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_scaling() {
        assert_eq!(Printed("32.3%".into()).scaled(), Some((323, 1)));
        assert_eq!(Printed("0.073".into()).scaled(), Some((73, 3)));
        assert_eq!(Printed("54".into()).scaled(), Some((54, 0)));
        assert_eq!(Printed("<0.001".into()).scaled(), None);
        assert_eq!(show_scaled(73, 3), "0.073");
        assert_eq!(show_scaled(1000, 1), "100.0");
        assert_eq!(percent_scaled(10, 55, 1), Some(182));
    }
}
