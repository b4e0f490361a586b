//! A health plan's evaluation items (評価項目), one row per indicator or
//! sub-indicator: baseline, current value and target as the plan writes
//! them. Targets in the plan's words (`88.2以下`, `増加させない`, `なくす`,
//! `検討中`) and years in 西暦 or 和暦 (`平成28年度`, `R4`) are parsed here;
//! grading is the evaluate analysis's (`renkei::analyses::evaluate`).

use super::columns::{Field, FieldRef, header_note, locate, missing_column, unrecognised};
use super::returns::{RawTable, TextEncoding, read_returns};
use crate::error::{Error, InputError, Result};
use crate::messages::data_errors::DataExpected;
use crate::messages::errors::Expected;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
}

/// A target as plans write it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// A number to reach in the item's direction (`88.2`, `80.0%以上`, `12.0%以下`).
    Value {
        value: f64,
        bound: Option<Direction>,
    },
    /// 増加, 延伸: above the baseline.
    Increase,
    /// 減少: below the baseline.
    Decrease,
    /// 増加させない: not above the baseline.
    NotIncrease,
    /// 減少させない: not below the baseline.
    NotDecrease,
    /// 維持: as the baseline.
    Maintain,
    /// 検討中, …で設定, 同上 of such: set elsewhere (E).
    Elsewhere,
}

impl Target {
    /// The direction the target text itself says, if any.
    pub fn direction(&self) -> Option<Direction> {
        match self {
            Target::Value { bound, .. } => *bound,
            Target::Increase | Target::NotDecrease => Some(Direction::Up),
            Target::Decrease | Target::NotIncrease => Some(Direction::Down),
            Target::Maintain | Target::Elsewhere => None,
        }
    }
}

/// The target forms accepted, for error messages.
pub const TARGET_FORMS: &str = "88.2, 88.2以下, 12.0%以下, 50.0%以上, 増加, 減少, 増加させない, 減少させない, 0%, なくす, 延伸, 維持, 検討中, …で設定";

/// Units a number may carry (removed before reading it).
const UNITS: [&str; 12] = [
    "%", "％", "g", "kg", "本", "件", "施設", "人", "歳", "回", "点", "分",
];

/// Parses a target as the plan writes it.
pub fn parse_target(text: &str) -> Option<Target> {
    parse_target_in(text, "")
}

/// Parses a target as the plan writes it, the row's unit (any text, 歩 or
/// か所 say) or a common one allowed after the number.
pub fn parse_target_in(text: &str, unit: &str) -> Option<Target> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    let t = t.as_str();
    match t {
        "増加" | "延伸" | "増やす" => return Some(Target::Increase),
        "減少" | "減らす" => return Some(Target::Decrease),
        "増加させない" | "増やさない" => return Some(Target::NotIncrease),
        "減少させない" | "減らさない" => return Some(Target::NotDecrease),
        "維持" => return Some(Target::Maintain),
        "なくす" | "なくする" | "ゼロ" => {
            return Some(Target::Value {
                value: 0.0,
                bound: Some(Direction::Down),
            });
        }
        _ => {}
    }
    if t.contains("検討中") || t.ends_with("で設定") || t.contains("で設定予定") {
        return Some(Target::Elsewhere);
    }
    let (body, bound) = if let Some(b) = t.strip_suffix("以上") {
        (b, Some(Direction::Up))
    } else if let Some(b) = t.strip_suffix("以下") {
        (b, Some(Direction::Down))
    } else {
        (t, None)
    };
    let value = super::columns::parse_number(without_unit(body, unit))?;
    // "0%" means "none at all": reaching it is the only way to meet it.
    let bound = if value == 0.0 && bound.is_none() {
        Some(Direction::Down)
    } else {
        bound
    };
    Some(Target::Value { value, bound })
}

/// Parses a (fiscal) year: 2016, 2016年度, 平成28年度, H28, R4, 令和元年度,
/// 平成29年1月1日 (a date counts by its 年度, April to March: 平成28年度).
pub fn parse_year(text: &str) -> Option<i32> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    let eras: [(&str, i32); 9] = [
        ("令和", 2018),
        ("平成", 1988),
        ("昭和", 1925),
        ("R", 2018),
        ("H", 1988),
        ("S", 1925),
        ("r", 2018),
        ("h", 1988),
        ("s", 1925),
    ];
    let (offset, rest) = eras
        .iter()
        .find_map(|(name, base)| t.strip_prefix(name).map(|r| (*base, r)))
        .unwrap_or((0, t.as_str()));
    let rest = rest.trim_start_matches(['.', '．']);
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .map(|c| {
            if c.is_ascii_digit() {
                c
            } else {
                char::from(b'0' + (c as u32 - '０' as u32) as u8)
            }
        })
        .collect();
    let after = &rest[rest
        .char_indices()
        .nth(digits.chars().count())
        .map_or(rest.len(), |(i, _)| i)..];
    let number: i32 = if digits.is_empty() {
        if offset > 0 && after.starts_with('元') {
            1
        } else {
            return None;
        }
    } else {
        digits.parse().ok()?
    };
    let after = after.trim_start_matches('元');
    let tail_ok = after.is_empty()
        || after.starts_with("年度")
        || after.starts_with('年')
        || after.starts_with('.')
        || after.starts_with('/');
    if !tail_ok {
        return None;
    }
    let year = if offset > 0 {
        if !(1..=64).contains(&number) {
            return None;
        }
        offset + number
    } else {
        number
    };
    // A date in January–March lies in the 年度 that began the April before:
    // 平成29年1月1日 is 平成28年度.
    let month_text = if after.starts_with("年度") {
        ""
    } else {
        after.trim_start_matches(['年', '.', '/'])
    };
    let month: String = month_text
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .map(|c| char::from_digit(c.to_digit(10).unwrap_or(0), 10).unwrap_or('0'))
        .collect();
    let year = match month.parse::<u32>() {
        Ok(1..=3) => year - 1,
        _ => year,
    };
    (1900..=2200).contains(&year).then_some(year)
}

/// The plan's own verdict on an item, where it states one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlanVerdict {
    Achieved,
    Improved,
    Unchanged,
    Worsened,
}

fn parse_plan_verdict(t: &str) -> Option<PlanVerdict> {
    Some(match t {
        "achieved" | "達成" | "A" => PlanVerdict::Achieved,
        "improved" | "改善" | "B" => PlanVerdict::Improved,
        "unchanged" | "変わらない" | "不変" | "C" => PlanVerdict::Unchanged,
        "worsened" | "悪化" | "D" => PlanVerdict::Worsened,
        _ => return None,
    })
}

/// A plan's revision of an item at the mid-term (改訂版: 新規 / 変更 / 継続).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Revision {
    /// 新規: an item added at the revision; its mid-term value is its baseline.
    New,
    /// 変更: the target was changed.
    Changed,
    /// 継続: kept as it was.
    Kept,
}

fn parse_revision(t: &str) -> Option<Revision> {
    Some(match t {
        "新規" | "new" => Revision::New,
        "変更" | "changed" => Revision::Changed,
        "継続" | "kept" => Revision::Kept,
        _ => return None,
    })
}

/// A value at one time point (策定時, 中間, 現状 or 最終) with what lies
/// behind it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Measure {
    pub value: Option<f64>,
    /// Decimals as printed (`50.0` has 1), kept in every output.
    pub decimals: u8,
    pub year: Option<i32>,
    /// The year as printed (`平成29年1月1日`), shown where the plan uses 和暦.
    pub year_text: String,
    /// Sample size (for a proportion).
    pub n: Option<f64>,
    /// Count of cases (with `n` a proportion; alone the numerator of a rate).
    pub count: Option<u64>,
    /// Standard error.
    pub se: Option<f64>,
}

/// One row: an indicator or a sub-indicator of an item.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRow {
    pub line: usize,
    pub id: String,
    pub item: String,
    pub sub: String,
    pub domain: String,
    pub baseline: Measure,
    /// A middle point (中間評価) where the table also has a later column;
    /// a table with only 中間評価 has it as `current`.
    pub midterm: Option<Measure>,
    pub current: Measure,
    /// The target as printed (empty for an item new at a revision).
    pub target_text: String,
    pub target: Target,
    pub target_year: Option<i32>,
    pub target_year_text: String,
    /// The revised target, where the plan was revised.
    pub revised_target_text: String,
    pub revised_target: Option<Target>,
    pub revised_target_year: Option<i32>,
    pub revised_target_year_text: String,
    pub revision: Option<Revision>,
    pub direction: Option<Direction>,
    /// The unit as the plan writes it (any text: %, 人口10万対, 歩, か所 …).
    pub unit: String,
    /// Whether the values are percents (decided for the row: a `%` in the
    /// unit or a cell, or a value above 1); else shares or other numbers.
    pub percent: bool,
    pub plan_verdict: Option<PlanVerdict>,
    pub source: String,
    pub note: String,
    /// Whether `current` is the table's 中間評価 column (it has no later
    /// one): graded then against the original target, the one of its time.
    pub current_is_midterm: bool,
}

impl PlanRow {
    /// The target in force at the current value: the revised one where the
    /// plan was revised, else the original (its text, the target, its year
    /// and that year as printed).
    pub fn target_in_force(&self) -> (&str, Target, Option<i32>, &str) {
        match self.revised_target.filter(|_| !self.current_is_midterm) {
            Some(t) if self.revised_target_year.is_some() => (
                &self.revised_target_text,
                t,
                self.revised_target_year,
                &self.revised_target_year_text,
            ),
            Some(t) => (
                &self.revised_target_text,
                t,
                self.target_year,
                &self.target_year_text,
            ),
            None => (
                &self.target_text,
                self.target,
                self.target_year,
                &self.target_year_text,
            ),
        }
    }
}

/// A plan file as read.
pub struct Plan {
    pub source: PathBuf,
    pub rows: Vec<PlanRow>,
    /// Whether the file writes its years in 和暦 (平成28年度, H28) more
    /// often than in 西暦: outputs then show them so.
    pub era: bool,
    /// Headers left unread under `ignore_unknown_columns`, to be named in the report.
    pub ignored_columns: Vec<String>,
    /// Whether the table has a middle point as well as a later one.
    pub has_midterm: bool,
}

/// Where each field is in [`FIELDS`].
mod at {
    pub const ID: usize = 0;
    pub const ITEM: usize = 1;
    pub const SUB: usize = 2;
    pub const BASELINE: usize = 3;
    pub const BASELINE_YEAR: usize = 4;
    pub const CURRENT: usize = 5;
    pub const CURRENT_YEAR: usize = 6;
    pub const TARGET: usize = 7;
    pub const TARGET_YEAR: usize = 8;
    pub const DIRECTION: usize = 9;
    pub const UNIT: usize = 10;
    pub const BASELINE_N: usize = 11;
    pub const CURRENT_N: usize = 12;
    pub const BASELINE_COUNT: usize = 13;
    pub const CURRENT_COUNT: usize = 14;
    pub const BASELINE_SE: usize = 15;
    pub const CURRENT_SE: usize = 16;
    pub const DOMAIN: usize = 17;
    pub const PLAN_VERDICT: usize = 18;
    pub const SOURCE: usize = 19;
    pub const MIDTERM: usize = 20;
    pub const MIDTERM_YEAR: usize = 21;
    pub const MIDTERM_N: usize = 22;
    pub const MIDTERM_COUNT: usize = 23;
    pub const MIDTERM_SE: usize = 24;
    pub const REVISED_TARGET: usize = 25;
    pub const REVISED_TARGET_YEAR: usize = 26;
    pub const REVISION: usize = 27;
    pub const NOTE: usize = 28;
}

/// Every column a plan table may have: its English name and the Japanese
/// names plans print (a name listed earlier is more specific to the field).
pub const FIELDS: [Field; 29] = [
    Field::required("id", &["番号", "項目番号", "No", "No.", "№"]),
    Field::required(
        "item",
        &["項目", "評価項目", "指標", "目標項目", "評価指標", "目標"],
    ),
    Field::optional("sub", &["区分", "内訳", "対象", "性別"]),
    Field::required(
        "baseline",
        &[
            "計画策定時",
            "策定時",
            "策定時値",
            "計画策定時数値",
            "策定時数値",
            "ベースライン",
            "ベースライン値",
            "基準値",
        ],
    ),
    Field::optional(
        "baseline_year",
        &[
            "策定時年度",
            "策定年度",
            "計画策定時の年度",
            "策定時の年度",
            "ベースライン年度",
            "基準年度",
        ],
    ),
    Field::optional(
        "current",
        &[
            "現状",
            "現状値",
            "直近値",
            "直近の実績値",
            "実績値",
            "最終評価",
            "最終評価値",
            "最終評価時",
            "最終値",
        ],
    ),
    Field::optional(
        "current_year",
        &[
            "現状年度",
            "現状の年度",
            "直近値年度",
            "直近値の年度",
            "実績値年度",
            "最終評価年度",
            "最終評価の年度",
            "最終評価時の年度",
        ],
    ),
    Field::required("target", &["目標値", "当初目標値", "目標"]),
    Field::optional("target_year", &["目標年度", "目標値年度", "目標値の年度"]),
    Field::optional("direction", &["方向", "改善の方向"]),
    Field::optional("unit", &["単位"]),
    Field::optional("baseline_n", &["策定時n", "策定時の対象者数"]),
    Field::optional("current_n", &["現状n", "現状の対象者数"]),
    Field::optional("baseline_count", &["策定時件数", "策定時の該当者数"]),
    Field::optional("current_count", &["現状件数", "現状の該当者数"]),
    Field::optional("baseline_se", &["策定時標準誤差"]),
    Field::optional("current_se", &["現状標準誤差"]),
    Field::optional("domain", &["領域", "分野"]),
    Field::optional("plan_verdict", &["計画の評価", "評価"]),
    Field::optional("source", &["出典"]),
    Field::optional(
        "midterm",
        &[
            "中間評価",
            "中間評価値",
            "中間評価時",
            "中間値",
            "中間実績値",
        ],
    ),
    Field::optional(
        "midterm_year",
        &[
            "中間評価年度",
            "中間評価の年度",
            "中間評価時の年度",
            "中間年度",
        ],
    ),
    Field::optional("midterm_n", &["中間n", "中間評価n", "中間評価の対象者数"]),
    Field::optional(
        "midterm_count",
        &["中間件数", "中間評価件数", "中間評価の該当者数"],
    ),
    Field::optional("midterm_se", &["中間標準誤差", "中間評価標準誤差"]),
    Field::optional(
        "revised_target",
        &[
            "改訂後目標値",
            "改訂目標値",
            "改訂版目標値",
            "見直し後目標値",
            "新目標値",
        ],
    ),
    Field::optional(
        "revised_target_year",
        &[
            "改訂後目標年度",
            "改訂版目標年度",
            "見直し後目標年度",
            "新目標年度",
        ],
    ),
    Field::optional(
        "revision",
        &[
            "新規 変更",
            "新規/変更",
            "新規・変更",
            "新規変更",
            "改訂",
            "見直し",
        ],
    ),
    Field::optional("note", &["備考", "注", "注記", "メモ"]),
];

/// Every header a plan table may have, for `--help` and the README:
/// one line per column, its English name and then its Japanese names.
pub fn accepted_headers() -> Vec<String> {
    FIELDS
        .iter()
        .map(|f| {
            let mut line = f.key.to_string();
            if !f.aliases.is_empty() {
                line.push_str(": ");
                line.push_str(&f.aliases.join(", "));
            }
            line
        })
        .collect()
}

/// How a plan table is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    /// Name unrecognised headers in the report instead of stopping.
    pub ignore_unknown_columns: bool,
}

/// Reads a plan's evaluation items.
pub fn read_plan(
    path: &Path,
    encoding: TextEncoding,
    sheet: Option<&str>,
    options: PlanOptions,
) -> Result<Plan> {
    let table = read_returns(path, encoding, sheet)?;
    let mut cols = locate(&table, &FIELDS).map_err(Error::Input)?;
    let current_is_midterm = cols[at::CURRENT].is_none() && cols[at::MIDTERM].is_some();
    // A table with 中間評価 and no later column has it as its current
    // value; with a later column it is the middle point.
    if cols[at::CURRENT].is_none() {
        match cols[at::MIDTERM].take() {
            Some(m) => {
                cols[at::CURRENT] = Some(m);
                for (from, to) in [
                    (at::MIDTERM_YEAR, at::CURRENT_YEAR),
                    (at::MIDTERM_N, at::CURRENT_N),
                    (at::MIDTERM_COUNT, at::CURRENT_COUNT),
                    (at::MIDTERM_SE, at::CURRENT_SE),
                ] {
                    if cols[to].is_none() {
                        cols[to] = cols[from].take();
                    }
                }
            }
            None => {
                return Err(Error::Input(vec![missing_column(
                    &table,
                    &FIELDS[at::CURRENT],
                )]));
            }
        }
    }
    // A year printed in a value column's header (「目標値 ＜平成34年度＞」)
    // is the year of every row where the table has no year column.
    let mut header_years: HashMap<usize, (i32, String)> = HashMap::new();
    for (value, year) in [
        (at::BASELINE, at::BASELINE_YEAR),
        (at::MIDTERM, at::MIDTERM_YEAR),
        (at::CURRENT, at::CURRENT_YEAR),
        (at::TARGET, at::TARGET_YEAR),
        (at::REVISED_TARGET, at::REVISED_TARGET_YEAR),
    ] {
        if cols[year].is_none()
            && let Some(j) = cols[value]
            && let Some(note) = header_note(&table.headers[j])
            && let Some(y) = parse_year(note)
        {
            header_years.insert(year, (y, note.to_string()));
        }
    }
    let unknown = unrecognised(&table, &cols);
    if !unknown.is_empty() && !options.ignore_unknown_columns {
        let accepted = FIELDS.iter().map(|f| f.key).collect::<Vec<_>>().join(", ");
        return Err(Error::Input(
            unknown
                .iter()
                .map(|&j| {
                    table
                        .error(Expected::Data(DataExpected::KnownColumn {
                            accepted: accepted.clone(),
                        }))
                        .line(1)
                        .column(table.headers[j].clone())
                        .value(table.headers[j].clone())
                })
                .collect(),
        ));
    }
    let mut rows = Vec::with_capacity(table.records.len());
    let mut errors = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let (mut era_years, mut western_years) = (0usize, 0usize);
    for record in &table.records {
        for i in [
            at::BASELINE_YEAR,
            at::MIDTERM_YEAR,
            at::CURRENT_YEAR,
            at::TARGET_YEAR,
            at::REVISED_TARGET_YEAR,
        ] {
            if let Some(j) = cols[i] {
                let t = record.fields[j].trim();
                if written_in_era(t) {
                    era_years += 1;
                } else if !t.is_empty() {
                    western_years += 1;
                }
            }
        }
        match row(&table, record, &cols, &header_years) {
            Ok(mut r) => {
                r.current_is_midterm = current_is_midterm;
                let key = (r.id.clone(), r.sub.clone());
                if let Some(first_line) = seen.insert(key, r.line) {
                    let f = FieldRef {
                        table: &table,
                        record,
                        column: cols[at::ID].unwrap_or(0),
                    };
                    errors.push(f.error(DataExpected::UniqueIdSub { first_line }));
                }
                rows.push(r);
            }
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(Plan {
            source: table.source.clone(),
            rows,
            era: era_years > western_years,
            ignored_columns: unknown.iter().map(|&j| table.headers[j].clone()).collect(),
            has_midterm: cols[at::MIDTERM].is_some(),
        })
    } else {
        Err(Error::Input(errors))
    }
}

/// Whether a year is written in 和暦 (平成28年度, H28, 令和元年).
pub fn written_in_era(text: &str) -> bool {
    let t = text.trim_start();
    ["令和", "平成", "昭和"].iter().any(|e| t.starts_with(e))
        || t.chars().next().is_some_and(|c| "RHSrhs".contains(c))
            && t.chars()
                .nth(1)
                .is_some_and(|c| c.is_ascii_digit() || c == '元' || c == '.')
}

/// The number of decimals a value is printed with (`50.0` → 1, `１２．５０` → 2).
pub fn printed_decimals(text: &str) -> u8 {
    match text.find(['.', '．']) {
        Some(i) => {
            let after = &text[i..];
            after
                .chars()
                .skip(1)
                .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
                .count()
                .min(6) as u8
        }
        None => 0,
    }
}

/// A value with its unit removed: one of the common units, or the row's own
/// (any text the unit column gives, 歩 or か所 say).
fn without_unit<'t>(text: &'t str, unit: &str) -> &'t str {
    let unit = unit.trim();
    if !unit.is_empty()
        && let Some(body) = text.strip_suffix(unit)
    {
        return body.trim_end();
    }
    UNITS
        .iter()
        .find_map(|u| text.strip_suffix(u))
        .map_or(text, str::trim_end)
}

fn row(
    table: &RawTable,
    record: &super::returns::RawRecord,
    cols: &[Option<usize>],
    header_years: &HashMap<usize, (i32, String)>,
) -> std::result::Result<PlanRow, Vec<InputError>> {
    let mut errors = Vec::new();
    let at = |i: usize| {
        cols[i].map(|column| FieldRef {
            table,
            record,
            column,
        })
    };
    let text = |i: usize| match at(i) {
        Some(f) => f.text().to_string(),
        None => header_years
            .get(&i)
            .map_or(String::new(), |(_, t)| t.clone()),
    };
    let unit = text(at::UNIT);
    let mut number = |i: usize| -> Option<(f64, u8)> {
        let f = at(i)?;
        if f.text().is_empty() {
            return None;
        }
        let body = without_unit(f.text(), &unit);
        match super::columns::parse_number(body) {
            Some(v) => Some((v, printed_decimals(body))),
            None => {
                errors.push(f.error(DataExpected::Number));
                None
            }
        }
    };
    let values: Vec<Option<(f64, u8)>> = [
        at::BASELINE,
        at::MIDTERM,
        at::CURRENT,
        at::BASELINE_N,
        at::MIDTERM_N,
        at::CURRENT_N,
        at::BASELINE_COUNT,
        at::MIDTERM_COUNT,
        at::CURRENT_COUNT,
        at::BASELINE_SE,
        at::MIDTERM_SE,
        at::CURRENT_SE,
    ]
    .into_iter()
    .map(&mut number)
    .collect();
    let mut year = |i: usize| -> Option<i32> {
        let Some(f) = at(i) else {
            return header_years.get(&i).map(|(y, _)| *y);
        };
        if f.text().is_empty() {
            return None;
        }
        let y = parse_year(f.text());
        if y.is_none() {
            errors.push(f.error(DataExpected::Year));
        }
        y
    };
    let years = [
        year(at::BASELINE_YEAR),
        year(at::MIDTERM_YEAR),
        year(at::CURRENT_YEAR),
    ];
    let target_year = year(at::TARGET_YEAR);
    let revised_target_year = year(at::REVISED_TARGET_YEAR);
    let whole = |v: Option<(f64, u8)>, i: usize, errors: &mut Vec<InputError>| -> Option<u64> {
        let (v, _) = v?;
        if v >= 0.0 && v.fract() == 0.0 {
            Some(v as u64)
        } else {
            if let Some(f) = at(i) {
                errors.push(f.error(DataExpected::Count));
            }
            None
        }
    };
    let counts = [
        whole(values[6], at::BASELINE_COUNT, &mut errors),
        whole(values[7], at::MIDTERM_COUNT, &mut errors),
        whole(values[8], at::CURRENT_COUNT, &mut errors),
    ];
    let mut measures: Vec<Measure> = (0..3)
        .map(|k| Measure {
            value: values[k].map(|v| v.0),
            decimals: values[k].map_or(0, |v| v.1),
            year: years[k],
            year_text: text([at::BASELINE_YEAR, at::MIDTERM_YEAR, at::CURRENT_YEAR][k]),
            n: values[3 + k].map(|v| v.0),
            count: counts[k],
            se: values[9 + k].map(|v| v.0),
        })
        .collect();
    let value_columns = [at::BASELINE, at::MIDTERM, at::CURRENT];
    let count_columns = [at::BASELINE_COUNT, at::MIDTERM_COUNT, at::CURRENT_COUNT];
    for (m, &i) in measures.iter().zip(&count_columns) {
        if let (Some(c), Some(n)) = (m.count, m.n)
            && c as f64 > n
            && let Some(f) = at(i)
        {
            errors.push(f.error(DataExpected::CountAtMostPopulation { population: n }));
        }
        // Counts must say what the stated value says (as a percentage or a
        // share, to its printed rounding): the test of change runs on the counts.
        if let (Some(c), Some(n), Some(v)) = (m.count, m.n, m.value)
            && n > 0.0
        {
            let share = c as f64 / n;
            if (100.0 * share - v).abs() > 0.5
                && (share - v).abs() > 0.005
                && let Some(f) = at(i)
            {
                errors.push(f.error(DataExpected::CountAsStated {
                    percent: 100.0 * share,
                    stated: v,
                }));
            }
        }
    }
    let target_text = text(at::TARGET);
    let revised_target_text = text(at::REVISED_TARGET);
    let mut target_of = |i: usize, t: &str| -> Option<Target> {
        match parse_target_in(t, &unit) {
            Some(t) => Some(t),
            None => {
                if let Some(f) = at(i) {
                    errors.push(f.error(DataExpected::Target {
                        forms: TARGET_FORMS.to_string(),
                    }));
                }
                None
            }
        }
    };
    let revised_target = (!revised_target_text.is_empty())
        .then(|| target_of(at::REVISED_TARGET, &revised_target_text));
    // An item new at a revision may have no original target.
    let target = if target_text.is_empty() && revised_target.is_some() {
        Target::Elsewhere
    } else {
        target_of(at::TARGET, &target_text).unwrap_or(Target::Elsewhere)
    };
    let revised_target = revised_target.flatten();
    let revision = match text(at::REVISION).as_str() {
        "" => None,
        t => {
            let v = parse_revision(t);
            if v.is_none()
                && let Some(f) = at(at::REVISION)
            {
                errors.push(f.error(DataExpected::Revision));
            }
            v
        }
    };
    if matches!(revision, Some(Revision::New | Revision::Changed))
        && revised_target_text.is_empty()
        && let Some(f) = at(at::REVISION)
    {
        errors.push(f.error(DataExpected::RevisedTarget));
    }
    let direction = match text(at::DIRECTION).as_str() {
        "" => None,
        "up" | "増加" | "上昇" => Some(Direction::Up),
        "down" | "減少" | "低下" => Some(Direction::Down),
        _ => {
            if let Some(f) = at(at::DIRECTION) {
                errors.push(f.error(DataExpected::Direction));
            }
            None
        }
    };
    // A stated direction that contradicts the target's own (`10以下` is
    // down) would grade the item the wrong way round.
    for t in [Some(target), revised_target].into_iter().flatten() {
        if let (Some(d), Some(implied)) = (direction, t.direction())
            && d != implied
            && let Some(f) = at(at::DIRECTION)
        {
            errors.push(f.error(DataExpected::DirectionAsTarget {
                up: implied == Direction::Up,
            }));
            break;
        }
    }
    let plan_verdict = match text(at::PLAN_VERDICT).as_str() {
        "" => None,
        t => {
            let v = parse_plan_verdict(t);
            if v.is_none()
                && let Some(f) = at(at::PLAN_VERDICT)
            {
                errors.push(f.error(DataExpected::PlanVerdict));
            }
            v
        }
    };
    // Years in order: baseline ≤ midterm ≤ current.
    let year_columns = [at::BASELINE_YEAR, at::MIDTERM_YEAR, at::CURRENT_YEAR];
    for k in 1..3 {
        let earlier = (0..k).rev().find_map(|e| measures[e].year);
        if let (Some(b), Some(c)) = (earlier, measures[k].year)
            && c < b
            && let Some(f) = at(year_columns[k])
        {
            errors.push(f.error(DataExpected::CurrentAfterBaseline { baseline: b }));
        }
    }
    // A target year before the current one is a final evaluation's case
    // (the evaluation comes after the target year): graded, not refused.
    // One before the baseline year cannot be a target.
    for (ty, i) in [
        (target_year, at::TARGET_YEAR),
        (revised_target_year, at::REVISED_TARGET_YEAR),
    ] {
        if let (Some(b), Some(t)) = (measures[0].year, ty)
            && t <= b
            && let Some(f) = at(i)
        {
            errors.push(f.error(DataExpected::TargetAfterBaseline { baseline: b }));
        }
    }
    // Percent or share is decided once per row, never cell by cell: a `%`
    // in the unit or in any value's cell, or any value above 1, means all
    // are percents. Where a test on the sample sizes needs the proportions
    // and neither reading is more likely (all at most 1, no `%`), stop and
    // say which column settles it.
    let typed_percent = |i: usize| at(i).is_some_and(|f| f.text().contains(['%', '％']));
    let percent = unit.contains(['%', '％'])
        || value_columns.iter().any(|&i| typed_percent(i))
        || measures.iter().any(|m| m.value.is_some_and(|v| v > 1.0));
    let stated_share = unit.contains("割合") || unit.trim().eq_ignore_ascii_case("share");
    let tested_on_n = |a: &Measure, b: &Measure| {
        a.n.is_some()
            && b.n.is_some()
            && (a.count.is_none() || b.count.is_none())
            && a.value.is_some()
            && b.value.is_some()
    };
    if !percent
        && !stated_share
        && (tested_on_n(&measures[0], &measures[2]) || tested_on_n(&measures[0], &measures[1]))
        && let Some(f) = at(at::BASELINE)
    {
        errors.push(f.error(DataExpected::PercentOrShare));
    }
    let id = text(at::ID);
    if id.is_empty()
        && let Some(f) = at(at::ID)
    {
        errors.push(f.error(DataExpected::Required));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let current = measures.pop().unwrap_or_default();
    let midterm = measures.pop().unwrap_or_default();
    let mut baseline = measures.pop().unwrap_or_default();
    // An item new at the revision has its mid-term value as its baseline.
    if revision == Some(Revision::New) && baseline.value.is_none() && midterm.value.is_some() {
        baseline = midterm.clone();
    }
    Ok(PlanRow {
        line: record.line,
        id,
        item: text(at::ITEM),
        sub: text(at::SUB),
        domain: text(at::DOMAIN),
        baseline,
        midterm: cols[at::MIDTERM].map(|_| midterm),
        current,
        target_text,
        target,
        target_year,
        target_year_text: text(at::TARGET_YEAR),
        revised_target_text,
        revised_target,
        revised_target_year,
        revised_target_year_text: text(at::REVISED_TARGET_YEAR),
        revision,
        direction,
        unit,
        percent,
        plan_verdict,
        source: text(at::SOURCE),
        note: text(at::NOTE),
        current_is_midterm: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_as_plans_write_them() {
        use Direction::*;
        assert_eq!(
            parse_target("88.2"),
            Some(Target::Value {
                value: 88.2,
                bound: None
            })
        );
        assert_eq!(
            parse_target("88.2以下"),
            Some(Target::Value {
                value: 88.2,
                bound: Some(Down)
            })
        );
        assert_eq!(
            parse_target("12.0%以下"),
            Some(Target::Value {
                value: 12.0,
                bound: Some(Down)
            })
        );
        assert_eq!(
            parse_target("50.0%以上"),
            Some(Target::Value {
                value: 50.0,
                bound: Some(Up)
            })
        );
        assert_eq!(
            parse_target("95.0％以上"),
            Some(Target::Value {
                value: 95.0,
                bound: Some(Up)
            })
        );
        assert_eq!(
            parse_target("0%"),
            Some(Target::Value {
                value: 0.0,
                bound: Some(Down)
            })
        );
        assert_eq!(
            parse_target("なくす"),
            Some(Target::Value {
                value: 0.0,
                bound: Some(Down)
            })
        );
        assert_eq!(
            parse_target("1.0本"),
            Some(Target::Value {
                value: 1.0,
                bound: None
            })
        );
        assert_eq!(
            parse_target("350g"),
            Some(Target::Value {
                value: 350.0,
                bound: None
            })
        );
        assert_eq!(parse_target("増加"), Some(Target::Increase));
        assert_eq!(parse_target("延伸"), Some(Target::Increase));
        assert_eq!(parse_target("減少"), Some(Target::Decrease));
        assert_eq!(parse_target("増加させない"), Some(Target::NotIncrease));
        assert_eq!(parse_target("減少させない"), Some(Target::NotDecrease));
        assert_eq!(parse_target("維持"), Some(Target::Maintain));
        assert_eq!(parse_target("検討中"), Some(Target::Elsewhere));
        assert_eq!(parse_target("第3期計画で設定"), Some(Target::Elsewhere));
        assert_eq!(parse_target("たくさん"), None);
        assert_eq!(parse_target("50%くらい"), None);
    }

    #[test]
    fn years_in_both_calendars() {
        assert_eq!(parse_year("平成28年度"), Some(2016));
        assert_eq!(parse_year("H28"), Some(2016));
        assert_eq!(parse_year("R4"), Some(2022));
        assert_eq!(parse_year("令和4年度"), Some(2022));
        assert_eq!(parse_year("令和元年度"), Some(2019));
        assert_eq!(parse_year("2016"), Some(2016));
        assert_eq!(parse_year("2016年度"), Some(2016));
        // January–March belong to the 年度 that began the April before.
        assert_eq!(parse_year("平成29年1月1日"), Some(2016));
        assert_eq!(parse_year("2017/3/31"), Some(2016));
        assert_eq!(parse_year("2017年4月1日"), Some(2017));
        assert_eq!(parse_year("平成２３年５月末"), Some(2011));
        assert_eq!(parse_year("昨年"), None);
        assert_eq!(parse_year("平成99年"), None);
        assert_eq!(parse_year("28"), None);
    }
}
