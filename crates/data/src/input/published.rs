//! Published tables transcribed as printed (`seeds/*.json`): the file format
//! that `renkei audit` reads and `renkei reproduce` compares with.
//!
//! The file format is the audit format: `rows`, `columns` and `counts` are
//! required; totals, percentages and the test are optional and kept with the
//! printed digits (a printed value may be a JSON number or a string such as
//! "0.073" or "<0.001"). A `reproduce` block names the survey question and
//! grouping that regenerate the table, and `known_misprints` lists the places
//! where the printed table contradicts itself.

use crate::error::{Error, InputError, Result};
use crate::messages::errors::{Expected, Per, Shape};
use renkei_text::Name;
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
#[serde(
    deny_unknown_fields,
    expecting = "a printed test: {\"name\": \"chi-square\", \"p\": \"0.073\"}"
)]
pub struct PrintedTest {
    pub name: String,
    pub p: Printed,
}

/// Which survey question and grouping regenerate a published table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a reproduce block: {\"survey\": …, \"question\": …, \"grouping\": …}"
)]
pub struct ReproduceSpec {
    pub survey: String,
    pub question: String,
    pub grouping: String,
}

/// A printed percentage of several rows together (e.g. "57.6%" for the first
/// two answers), of one column or (without `column`) of the grand total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a combined percentage: {\"label\": …, \"rows\": [0, 1], \"printed\": \"57.6\"}"
)]
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
#[serde(
    deny_unknown_fields,
    expecting = "a known misprint: {\"field\": …, \"index\": […], \"printed\": …, \"correct\": …, \"note\": …}"
)]
pub struct KnownMisprint {
    /// The field: `column_totals`, `row_totals`, `grand_total`, `counts`, `percent`, ...
    pub field: String,
    /// Position in the field (one index for totals, two for cells).
    #[serde(default)]
    pub index: Vec<usize>,
    pub printed: Printed,
    pub correct: Printed,
    /// The evidence (a text, or {ja, en}).
    pub note: Name,
}

/// What a published table's percentages are shares of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PrintedBase {
    /// Each column's total (as in 表3–5).
    #[default]
    Column,
    /// Each row's total.
    Row,
    /// The grand total.
    Total,
}

/// A published table as printed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a published table: an object with \"rows\", \"columns\" and \"counts\" (see README, Published tables)"
)]
pub struct PublishedTable {
    /// Defaults to the file name.
    #[serde(default)]
    pub title: String,
    /// The publication: slide or page and table number (a text, or {ja, en}).
    #[serde(default)]
    pub source: Option<Name>,
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
    /// What the printed percentages are shares of (default: column).
    #[serde(default)]
    pub percent_base: PrintedBase,
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
        let text = super::read_text(path)?;
        Self::parse(path, &text)
    }

    /// `load` on text already read (`path` names it in errors).
    pub fn parse(path: &Path, text: &str) -> Result<PublishedTable> {
        let t: PublishedTable = super::parse_document(path, text, super::Document::PublishedTable)?;
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
                InputError::new(path, Expected::CountsPerRow { rows: r })
                    .column("counts")
                    .value(t.counts.len().to_string()),
            );
        }
        for (i, row) in t.counts.iter().enumerate() {
            if row.len() != c {
                errors.push(
                    InputError::new(path, Expected::CountsPerColumn { columns: c })
                        .column(format!("counts[{i}]"))
                        .value(row.len().to_string()),
                );
            }
        }
        // The counts must add up within 64 bits (margins, percentages and
        // every test sum them).
        if t.counts
            .iter()
            .flatten()
            .try_fold(0u64, |a, &v| a.checked_add(v))
            .is_none()
        {
            errors.push(InputError::new(path, Expected::Counts(Shape::TooLarge)).column("counts"));
        }
        // Every printed list must fit the table: a value that matches no
        // cell would otherwise be silently ignored.
        let mut len_check = |field: &str, got: Option<usize>, want: usize, per: Per| {
            if let Some(got) = got.filter(|&g| g != want) {
                errors.push(
                    InputError::new(path, Expected::ValuesPer { count: want, per })
                        .column(field)
                        .value(got.to_string()),
                );
            }
        };
        len_check(
            "column_totals",
            t.column_totals.as_ref().map(Vec::len),
            c,
            Per::Column,
        );
        len_check(
            "row_totals",
            t.row_totals.as_ref().map(Vec::len),
            r,
            Per::Row,
        );
        len_check(
            "row_total_percent",
            t.row_total_percent.as_ref().map(Vec::len),
            r,
            Per::Row,
        );
        len_check(
            "column_total_percent",
            t.column_total_percent.as_ref().map(Vec::len),
            c,
            Per::Column,
        );
        len_check("percent", t.percent.as_ref().map(Vec::len), r, Per::Row);
        for (i, row) in t.percent.iter().flatten().enumerate() {
            len_check(&format!("percent[{i}]"), Some(row.len()), c, Per::Column);
        }
        for (k, comb) in t.combined_percents.iter().enumerate() {
            let bad_row = comb.rows.iter().find(|&&i| i >= r);
            if comb.rows.is_empty() || bad_row.is_some() {
                errors.push(
                    InputError::new(
                        path,
                        Expected::RowIndexes {
                            max: r.saturating_sub(1),
                        },
                    )
                    .column(format!("combined_percents[{k}].rows"))
                    .value(format!("{:?}", comb.rows)),
                );
            }
            if let Some(j) = comb.column.filter(|&j| j >= c) {
                errors.push(
                    InputError::new(
                        path,
                        Expected::ColumnIndex {
                            max: c.saturating_sub(1),
                        },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_scaling() {
        assert_eq!(Printed("32.3%".into()).scaled(), Some((323, 1)));
        assert_eq!(Printed("0.073".into()).scaled(), Some((73, 3)));
        assert_eq!(Printed("54".into()).scaled(), Some((54, 0)));
        assert_eq!(Printed("<0.001".into()).scaled(), None);
    }
}
