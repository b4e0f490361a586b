//! A health plan's evaluation items (評価項目), one row per indicator or
//! sub-indicator: baseline, current value and target as the plan writes
//! them. Targets in the plan's words (`88.2以下`, `増加させない`, `なくす`,
//! `検討中`) and years in 西暦 or 和暦 (`平成28年度`, `R4`) are parsed here;
//! grading is the evaluate analysis's (`renkei::analyses::evaluate`).

use super::columns::{Field, FieldRef, locate};
use super::returns::{RawTable, TextEncoding, read_returns};
use crate::error::{Error, InputError, Result};
use crate::messages::data_errors::DataExpected;
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
    let number = UNITS
        .iter()
        .find_map(|u| body.strip_suffix(u))
        .unwrap_or(body);
    let value = super::columns::parse_number(number)?;
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

/// One row: an indicator or a sub-indicator of an item.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRow {
    pub line: usize,
    pub id: String,
    pub item: String,
    pub sub: String,
    pub domain: String,
    pub baseline: Option<f64>,
    pub baseline_year: Option<i32>,
    pub current: Option<f64>,
    pub current_year: Option<i32>,
    /// The target as printed.
    pub target_text: String,
    pub target: Target,
    pub target_year: Option<i32>,
    pub direction: Option<Direction>,
    pub unit: String,
    /// Whether the values are percents (decided for the row: a `%` in the
    /// unit or a cell, or a value above 1); else shares or other numbers.
    pub percent: bool,
    pub baseline_n: Option<f64>,
    pub current_n: Option<f64>,
    pub baseline_count: Option<u64>,
    pub current_count: Option<u64>,
    pub baseline_se: Option<f64>,
    pub current_se: Option<f64>,
    pub plan_verdict: Option<PlanVerdict>,
}

/// A plan file as read.
pub struct Plan {
    pub source: PathBuf,
    pub rows: Vec<PlanRow>,
}

const FIELDS: [Field; 20] = [
    Field::required("id", &["番号", "項目番号", "No", "No."]),
    Field::required("item", &["項目", "評価項目", "指標", "目標項目", "目標"]),
    Field::optional("sub", &["区分", "内訳", "対象"]),
    Field::required(
        "baseline",
        &[
            "計画策定時",
            "策定時",
            "策定時値",
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
            "ベースライン年度",
            "基準年度",
        ],
    ),
    Field::required(
        "current",
        &[
            "現状",
            "現状値",
            "中間評価",
            "直近値",
            "直近の実績値",
            "実績値",
        ],
    ),
    Field::optional(
        "current_year",
        &[
            "現状年度",
            "現状の年度",
            "直近値年度",
            "中間評価年度",
            "実績値年度",
        ],
    ),
    Field::required("target", &["目標値", "目標"]),
    Field::optional("target_year", &["目標年度", "目標値年度"]),
    Field::optional("direction", &["方向"]),
    Field::optional("unit", &["単位"]),
    Field::optional("baseline_n", &["策定時n"]),
    Field::optional("current_n", &["現状n"]),
    Field::optional("baseline_count", &["策定時件数"]),
    Field::optional("current_count", &["現状件数"]),
    Field::optional("baseline_se", &["策定時標準誤差"]),
    Field::optional("current_se", &["現状標準誤差"]),
    Field::optional("domain", &["領域", "分野"]),
    Field::optional("plan_verdict", &["計画の評価", "評価"]),
    Field::optional("source", &["出典"]),
];

/// Reads a plan's evaluation items.
pub fn read_plan(path: &Path, encoding: TextEncoding, sheet: Option<&str>) -> Result<Plan> {
    let table = read_returns(path, encoding, sheet)?;
    let cols = locate(&table, &FIELDS).map_err(Error::Input)?;
    let mut rows = Vec::with_capacity(table.records.len());
    let mut errors = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for record in &table.records {
        match row(&table, record, &cols) {
            Ok(r) => {
                let key = (r.id.clone(), r.sub.clone());
                if let Some(first_line) = seen.insert(key, r.line) {
                    let f = FieldRef {
                        table: &table,
                        record,
                        column: cols[0].unwrap_or(0),
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
        })
    } else {
        Err(Error::Input(errors))
    }
}

fn row(
    table: &RawTable,
    record: &super::returns::RawRecord,
    cols: &[Option<usize>],
) -> std::result::Result<PlanRow, Vec<InputError>> {
    let mut errors = Vec::new();
    let at = |i: usize| {
        cols[i].map(|column| FieldRef {
            table,
            record,
            column,
        })
    };
    let text = |i: usize| at(i).map_or(String::new(), |f| f.text().to_string());
    let mut number = |i: usize| -> Option<f64> {
        let f = at(i)?;
        if f.text().is_empty() {
            return None;
        }
        let t = f.text();
        let body = UNITS.iter().find_map(|u| t.strip_suffix(u)).unwrap_or(t);
        match super::columns::parse_number(body) {
            Some(v) => Some(v),
            None => {
                errors.push(f.error(DataExpected::Number));
                None
            }
        }
    };
    let baseline = number(3);
    let current = number(5);
    let baseline_n = number(11);
    let current_n = number(12);
    let baseline_count = number(13);
    let current_count = number(14);
    let baseline_se = number(15);
    let current_se = number(16);
    let mut year = |i: usize| -> Option<i32> {
        let f = at(i)?;
        if f.text().is_empty() {
            return None;
        }
        let y = parse_year(f.text());
        if y.is_none() {
            errors.push(f.error(DataExpected::Year));
        }
        y
    };
    let baseline_year = year(4);
    let current_year = year(6);
    let target_year = year(8);
    let target_text = text(7);
    let target = match parse_target(&target_text) {
        Some(t) => t,
        None => {
            if let Some(f) = at(7) {
                errors.push(f.error(DataExpected::Target {
                    forms: TARGET_FORMS.to_string(),
                }));
            }
            Target::Elsewhere
        }
    };
    let direction = match text(9).as_str() {
        "" => None,
        "up" | "増加" | "上昇" => Some(Direction::Up),
        "down" | "減少" | "低下" => Some(Direction::Down),
        _ => {
            if let Some(f) = at(9) {
                errors.push(f.error(DataExpected::Direction));
            }
            None
        }
    };
    // A stated direction that contradicts the target's own (`10以下` is
    // down) would grade the item the wrong way round.
    if let (Some(d), Some(implied)) = (direction, target.direction())
        && d != implied
        && let Some(f) = at(9)
    {
        errors.push(f.error(DataExpected::DirectionAsTarget {
            up: implied == Direction::Up,
        }));
    }
    let plan_verdict = match text(18).as_str() {
        "" => None,
        t => {
            let v = parse_plan_verdict(t);
            if v.is_none()
                && let Some(f) = at(18)
            {
                errors.push(f.error(DataExpected::PlanVerdict));
            }
            v
        }
    };
    // Years in order: baseline ≤ current ≤ target.
    if let (Some(b), Some(c)) = (baseline_year, current_year)
        && c < b
        && let Some(f) = at(6)
    {
        errors.push(f.error(DataExpected::CurrentAfterBaseline { baseline: b }));
    }
    // A target year before the current one is a final evaluation's case
    // (the evaluation comes after the target year): graded, not refused.
    // One before the baseline year cannot be a target.
    if let (Some(b), Some(t)) = (baseline_year, target_year)
        && t <= b
        && let Some(f) = at(8)
    {
        errors.push(f.error(DataExpected::TargetAfterBaseline { baseline: b }));
    }
    let whole = |v: Option<f64>, i: usize, errors: &mut Vec<InputError>| -> Option<u64> {
        let v = v?;
        if v >= 0.0 && v.fract() == 0.0 {
            Some(v as u64)
        } else {
            if let Some(f) = at(i) {
                errors.push(f.error(DataExpected::Count));
            }
            None
        }
    };
    let baseline_count = whole(baseline_count, 13, &mut errors);
    let current_count = whole(current_count, 14, &mut errors);
    for (count, n, i) in [
        (baseline_count, baseline_n, 13),
        (current_count, current_n, 14),
    ] {
        if let (Some(c), Some(n)) = (count, n)
            && c as f64 > n
            && let Some(f) = at(i)
        {
            errors.push(f.error(DataExpected::CountAtMostPopulation { population: n }));
        }
    }
    // Counts must say what the stated value says (as a percentage or a
    // share, to its printed rounding): the test of change runs on the counts.
    for (count, n, value, i) in [
        (baseline_count, baseline_n, baseline, 13),
        (current_count, current_n, current, 14),
    ] {
        if let (Some(c), Some(n), Some(v)) = (count, n, value)
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
    // Percent or share is decided once per row, never cell by cell: a `%`
    // in the unit or in either cell, or either value above 1, means both
    // are percents. Where a test on the sample sizes needs the proportions
    // and neither reading is more likely (both at most 1, no `%`), stop and
    // say which column settles it.
    let unit = text(10);
    let typed_percent = |i: usize| at(i).is_some_and(|f| f.text().contains(['%', '％']));
    let percent = unit.contains(['%', '％'])
        || typed_percent(3)
        || typed_percent(5)
        || baseline.is_some_and(|v| v > 1.0)
        || current.is_some_and(|v| v > 1.0);
    let stated_share = unit.contains("割合") || unit.trim().eq_ignore_ascii_case("share");
    if !percent
        && !stated_share
        && baseline_n.is_some()
        && current_n.is_some()
        && (baseline_count.is_none() || current_count.is_none())
        && baseline.is_some()
        && current.is_some()
        && let Some(f) = at(3)
    {
        errors.push(f.error(DataExpected::PercentOrShare));
    }
    let id = text(0);
    if id.is_empty()
        && let Some(f) = at(0)
    {
        errors.push(f.error(DataExpected::Required));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(PlanRow {
        line: record.line,
        id,
        item: text(1),
        sub: text(2),
        domain: text(17),
        baseline,
        baseline_year,
        current,
        current_year,
        target_text,
        target,
        target_year,
        direction,
        unit,
        percent,
        baseline_n,
        current_n,
        baseline_count,
        current_count,
        baseline_se,
        current_se,
        plan_verdict,
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
