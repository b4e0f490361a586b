//! Checklist definitions (`checklists/*.json`) and councils' answers to
//! them, and item answers for a reliability analysis.
//!
//! A definition lists sections and their items (ids as printed, e.g. 1.2);
//! an item answered for several scopes (the ICT checklist's 共通項目, for
//! 組織内 and 部署内) has one answer column per scope, `<id>:<scope>`.
//!
//! Answers: checked as `1`, `✓`, `✔`, `○`, `〇`, `はい`, `済`, `TRUE`; not checked
//! as `0`, `いいえ`, `×`, `未`, `FALSE`. A blank cell is "not checked" in a
//! file that never writes "not checked" explicitly (the ✓/blank form) and a
//! missing answer otherwise (the 1/0 form); the report says which form it read.

use super::columns::{Field, FieldRef, locate};
use super::returns::{RawRecord, RawTable, TextEncoding, read_returns};
use super::{Document, parse_document, read_text};
use crate::error::{Error, InputError, Result};
use crate::messages::data_errors::DataExpected;
use crate::messages::errors::Expected;
use renkei_text::Label;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub id: String,
    pub title: Label,
    /// Where the checklist is published.
    pub source: String,
    /// The level or aim the checklist works towards, where the source says.
    #[serde(default)]
    pub aim: Option<Label>,
    /// Who answers it: councils (the default) or municipalities (the ICT
    /// checklist), as the outputs name them.
    #[serde(default)]
    pub respondents: Respondents,
    pub sections: Vec<ChecklistSection>,
}

/// Who answers a checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Respondents {
    #[default]
    Councils,
    Municipalities,
}

impl Respondents {
    /// Japanese; English plural; English singular (a column's name).
    pub fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Respondents::Councils => ("協議会", "councils", "Council"),
            Respondents::Municipalities => ("自治体", "municipalities", "Municipality"),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistSection {
    pub id: String,
    pub name: Label,
    pub items: Vec<ChecklistItem>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub id: String,
    /// The item's text where the source prints it.
    #[serde(default)]
    pub text: Option<String>,
    /// renkei's English translation of `text` (for `--lang en`; not a
    /// published text).
    #[serde(default)]
    pub text_en: Option<String>,
    /// Scopes the item is answered for (one column each).
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
    /// Its 対応策例 (what to do) as the source prints it: `""` where the
    /// source prints none, absent where the source is not transcribed.
    #[serde(default)]
    pub measure: Option<String>,
    /// renkei's English translation of `measure`.
    #[serde(default)]
    pub measure_en: Option<String>,
    /// The ids of its sub-items (1.2.1 …), which the printed forms give
    /// boxes of their own. Returns may answer them instead of the item:
    /// the item is then done when every sub-item is, not done when any is
    /// not, and unanswered otherwise.
    #[serde(default)]
    pub sub_items: Vec<String>,
}

/// Where a council's answer to one column comes from.
#[derive(Debug, Clone)]
enum Source {
    /// Its own column.
    Column(usize),
    /// Its sub-items' columns (the item's own column is absent).
    SubItems(Vec<usize>),
}

impl ChecklistItem {
    /// The answer columns of this item.
    pub fn columns(&self) -> Vec<String> {
        match &self.scopes {
            Some(scopes) => scopes.iter().map(|s| format!("{}:{s}", self.id)).collect(),
            None => vec![self.id.clone()],
        }
    }
}

impl Checklist {
    /// Every answer column, in order, with the index of its section.
    pub fn columns(&self) -> Vec<(usize, String)> {
        self.sections
            .iter()
            .enumerate()
            .flat_map(|(k, s)| {
                s.items
                    .iter()
                    .flat_map(move |i| i.columns().into_iter().map(move |c| (k, c)))
            })
            .collect()
    }

    /// Reads and checks a definition.
    pub fn load(path: &Path) -> Result<Checklist> {
        let text = read_text(path)?;
        let c: Checklist = parse_document(path, &text, Document::Checklist)?;
        let mut errors = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (k, s) in c.sections.iter().enumerate() {
            if s.items.is_empty() {
                errors.push(
                    InputError::new(path, Expected::Data(DataExpected::SectionWithItems))
                        .column(format!("sections[{k}].items"))
                        .value(s.id.clone()),
                );
            }
            for (j, i) in s.items.iter().enumerate() {
                if !seen.insert(i.id.clone()) {
                    errors.push(
                        InputError::new(path, Expected::Data(DataExpected::UniqueItemId))
                            .column(format!("sections[{k}].items[{j}].id"))
                            .value(i.id.clone()),
                    );
                }
            }
        }
        if c.sections.is_empty() {
            errors.push(
                InputError::new(path, Expected::Data(DataExpected::SectionWithItems))
                    .column("sections"),
            );
        }
        if errors.is_empty() {
            Ok(c)
        } else {
            Err(Error::Input(errors))
        }
    }
}

/// How a file writes "not checked".
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerForm {
    /// Checked or blank: a blank cell is "not checked".
    CheckOrBlank,
    /// Both written (1/0, はい/いいえ …): a blank cell is missing.
    Explicit,
}

/// The answer forms accepted, for messages.
pub const ANSWER_FORMS: &str = "1 ✓ ✔ ○ 〇 はい 済 TRUE / 0 いいえ × 未 FALSE / 空欄 (blank)";

const CHECKED: [&str; 9] = ["1", "✓", "✔", "○", "〇", "はい", "済", "TRUE", "true"];
const UNCHECKED: [&str; 6] = ["0", "いいえ", "×", "未", "FALSE", "false"];

/// One answer cell: Some(true/false), blank (None), or not an answer.
fn answer(text: &str) -> std::result::Result<Option<bool>, ()> {
    // Full-width forms (１, ０, ＴＲＵＥ) are the same answers.
    let text = crate::municipality::normalize_cell(text);
    let text = text.as_str();
    if text.is_empty() {
        Ok(None)
    } else if CHECKED.contains(&text) {
        Ok(Some(true))
    } else if UNCHECKED.contains(&text) {
        Ok(Some(false))
    } else {
        Err(())
    }
}

/// One council's return.
#[derive(Debug, Clone)]
pub struct Council {
    pub line: usize,
    pub id: String,
    pub kind: String,
    pub prefecture: String,
    /// The value of the grouping column, when one is asked for.
    pub group: Option<String>,
    /// The round (実施日, 回), when the file has a round column.
    pub round: Option<String>,
    /// One answer per column of the definition; `None` missing.
    pub answers: Vec<Option<bool>>,
    /// The council's 着手時期 per answer column, where the file has a
    /// 着手時期 column for it and the cell is not blank.
    pub starts: Vec<Option<String>>,
}

/// Councils' returns to one checklist.
pub struct Returns {
    pub source: PathBuf,
    pub form: AnswerForm,
    pub councils: Vec<Council>,
    /// The grouping column's header, when one was asked for.
    pub group_column: Option<String>,
    /// Items scored from their sub-items' columns (the item's own column
    /// absent), and sub-item columns not used because the item's own
    /// column answers it: said in the report.
    pub from_sub_items: Vec<String>,
    pub unused_sub_items: Vec<String>,
    /// The round column's header, when the file has one, and the rounds
    /// in order (oldest first).
    pub round_column: Option<String>,
    pub rounds: Vec<String>,
    pub round_order: RoundOrder,
    /// The answer columns that have a 着手時期 column.
    pub start_columns: Vec<String>,
}

/// How the rounds were put in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoundOrder {
    /// By date (2025-04-01, 令和7年4月1日, R7.4, 2025年度 …).
    Dates,
    /// By number (1, 2, 第3回).
    Numbers,
    /// As the file first names them (values neither all dates nor all numbers).
    AsWritten,
}

/// A round's number (第2回, 2回目, 2) when it is one.
fn round_number(text: &str) -> Option<u32> {
    let t = crate::municipality::normalize_cell(text);
    let t = t.trim();
    let t = t.strip_prefix('第').unwrap_or(t);
    let t = t
        .strip_suffix("回目")
        .or_else(|| t.strip_suffix('回'))
        .unwrap_or(t);
    (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// A round's date as (year, month, day), 0 where not written: 2025-04-01,
/// 2025/4/1, 2025.4, 2025年4月1日, 令和7年4月1日, R7.4.1, 令和元年度, 2025年度.
pub fn round_date(text: &str) -> Option<(i32, u32, u32)> {
    let t = crate::municipality::normalize_cell(text);
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let eras: [(&str, i32); 6] = [
        ("令和", 2018),
        ("平成", 1988),
        ("昭和", 1925),
        ("R", 2018),
        ("H", 1988),
        ("S", 1925),
    ];
    let (offset, rest) = eras
        .iter()
        .find_map(|(name, base)| {
            t.strip_prefix(name)
                .or_else(|| t.strip_prefix(&name.to_lowercase()))
                .map(|r| (*base, r))
        })
        .unwrap_or((0, t.as_str()));
    let rest = rest.replacen('元', "1", 1);
    let mut numbers: Vec<u32> = Vec::new();
    let mut digits = String::new();
    for c in rest.chars().chain(std::iter::once('/')) {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if ['-', '/', '.', '年', '月', '日', '度'].contains(&c) {
            if !digits.is_empty() {
                numbers.push(digits.parse().ok()?);
                digits.clear();
            }
        } else {
            return None;
        }
    }
    let (&year, rest) = numbers.split_first()?;
    if rest.len() > 2 {
        return None;
    }
    let year = if offset > 0 {
        (1..=64).contains(&year).then_some(offset + year as i32)?
    } else {
        (1900..=2200).contains(&year).then_some(year as i32)?
    };
    let month = rest.first().copied().unwrap_or(0);
    let day = rest.get(1).copied().unwrap_or(0);
    (month <= 12 && day <= 31).then_some((year, month, day))
}

/// The rounds in order: by date when every round is one, by number when
/// every round is one, else as first written.
fn order_rounds(written: Vec<String>) -> (Vec<String>, RoundOrder) {
    if written.iter().all(|r| round_number(r).is_some()) {
        let mut r = written;
        r.sort_by_key(|x| round_number(x));
        (r, RoundOrder::Numbers)
    } else if written.iter().all(|r| round_date(r).is_some()) {
        let mut r = written;
        r.sort_by_key(|x| round_date(x));
        (r, RoundOrder::Dates)
    } else {
        (written, RoundOrder::AsWritten)
    }
}

/// The answer column a 着手時期 header belongs to: `1.1 着手時期`,
/// `1.1:着手時期`, `1.1_着手時期`, `着手時期 1.1`, `1.1 start`.
fn start_column_of(header: &str) -> Option<String> {
    let h = crate::municipality::normalize_cell(header);
    let seps: &[char] = &[' ', ':', '_', '\u{3000}', '：', '（', '(', ')', '）'];
    for word in ["着手時期", "start"] {
        let rest = h
            .strip_suffix(word)
            .or_else(|| h.strip_prefix(word))
            .map(|r| r.trim_matches(seps));
        if let Some(r) = rest
            && looks_like_item(r)
        {
            return Some(r.to_string());
        }
    }
    None
}

/// Whether a header looks like an item id (1.2, 3.4.1, 1.1:組織内).
fn looks_like_item(header: &str) -> bool {
    let header = crate::municipality::normalize_cell(header);
    let id = header.split(':').next().unwrap_or("");
    let parts: Vec<&str> = id.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

const COUNCIL: Field = Field::required("council", &["協議会", "協議会名", "名称", "id"]);
const KIND: Field = Field::optional("type", &["種別", "区分"]);
const PREFECTURE: Field = Field::optional("prefecture", &["都道府県"]);
const ROUND: Field = Field::optional(
    "round",
    &[
        "回",
        "回次",
        "時点",
        "実施日",
        "記入日",
        "チェック日",
        "実施年月日",
        "date",
    ],
);

/// Reads councils' answers to `checklist`; `group` names a grouping column.
pub fn read_returns_for(
    checklist: &Checklist,
    path: &Path,
    encoding: TextEncoding,
    group: Option<&str>,
) -> Result<Returns> {
    let table = read_returns(path, encoding, None)?;
    let mut cols = locate(&table, &[COUNCIL, KIND, PREFECTURE, ROUND]).map_err(Error::Input)?;
    let round_at = cols[3];
    if let Some(g) = group {
        let role = crate::messages::errors::ColumnRole::Field { aliases: vec![] };
        cols[3] = Some(table.require_column(g, role)?);
    } else {
        cols[3] = None;
    }
    let columns = checklist.columns();
    // 着手時期 columns: (position in the file, index of the answer column).
    let mut starts: Vec<(usize, usize)> = Vec::new();
    let mut start_errors = Vec::new();
    for (p, h) in table.headers.iter().enumerate() {
        if let Some(target) = start_column_of(h) {
            match columns.iter().position(|(_, c)| *c == target) {
                Some(j) => starts.push((p, j)),
                None => start_errors.push(
                    table
                        .error(Expected::Data(DataExpected::ItemOfDefinition {
                            checklist: checklist.id.clone(),
                        }))
                        .line(1)
                        .column(h.clone())
                        .value(h.clone()),
                ),
            }
        }
    }
    let subs_of = |column: &str| -> Vec<String> {
        checklist
            .sections
            .iter()
            .flat_map(|s| &s.items)
            .find(|i| i.id == column && i.scopes.is_none())
            .map(|i| i.sub_items.clone())
            .unwrap_or_default()
    };
    let all_subs: Vec<String> = checklist
        .sections
        .iter()
        .flat_map(|s| &s.items)
        .flat_map(|i| i.sub_items.clone())
        .collect();
    // A column is answered directly, or by every one of its sub-items.
    let sources: Vec<Option<Source>> = columns
        .iter()
        .map(|(_, c)| match table.column(c) {
            Some(p) => Some(Source::Column(p)),
            None => {
                let subs = subs_of(c);
                let found: Vec<usize> = subs.iter().filter_map(|s| table.column(s)).collect();
                (!subs.is_empty() && found.len() == subs.len()).then_some(Source::SubItems(found))
            }
        })
        .collect();
    let missing: Vec<String> = columns
        .iter()
        .zip(&sources)
        .filter(|(_, s)| s.is_none())
        .map(|((_, c), _)| c.clone())
        .collect();
    let from_sub_items: Vec<String> = columns
        .iter()
        .zip(&sources)
        .filter(|(_, s)| matches!(s, Some(Source::SubItems(_))))
        .map(|((_, c), _)| c.clone())
        .collect();
    let unused_sub_items: Vec<String> = all_subs
        .iter()
        .filter(|s| table.column(s).is_some())
        .filter(|s| {
            columns.iter().zip(&sources).any(|((_, c), src)| {
                matches!(src, Some(Source::Column(_))) && subs_of(c).contains(s)
            })
        })
        .cloned()
        .collect();
    let mut errors = start_errors;
    if !missing.is_empty() {
        errors.push(
            table
                .error(Expected::Data(DataExpected::ItemColumns { missing }))
                .line(1),
        );
    }
    for h in &table.headers {
        let normal = crate::municipality::normalize_cell(h);
        if looks_like_item(h)
            && start_column_of(h).is_none()
            && !columns.iter().any(|(_, c)| *c == normal)
            && !all_subs.contains(&normal)
        {
            errors.push(
                table
                    .error(Expected::Data(DataExpected::ItemOfDefinition {
                        checklist: checklist.id.clone(),
                    }))
                    .line(1)
                    .column(h.clone())
                    .value(h.clone()),
            );
        }
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    let sources: Vec<Source> = sources.into_iter().flatten().collect();
    let positions: Vec<usize> = sources
        .iter()
        .flat_map(|s| match s {
            Source::Column(p) => vec![*p],
            Source::SubItems(ps) => ps.clone(),
        })
        .collect();
    let explicit = table.records.iter().any(|r| {
        positions
            .iter()
            .any(|&p| matches!(answer(r.fields[p].trim()), Ok(Some(false))))
    });
    let form = if explicit {
        AnswerForm::Explicit
    } else {
        AnswerForm::CheckOrBlank
    };
    let mut councils: Vec<Council> = Vec::with_capacity(table.records.len());
    let mut seen: HashMap<(String, Option<String>), usize> = HashMap::new();
    for record in &table.records {
        match council(&table, record, &cols, &sources, form) {
            Ok(mut c) => {
                let at = |column: usize| FieldRef {
                    table: &table,
                    record,
                    column,
                };
                if let Some(p) = round_at {
                    let round = at(p).text();
                    if round.is_empty() {
                        errors.push(at(p).error(DataExpected::Required));
                    }
                    c.round = Some(crate::municipality::normalize_cell(round));
                }
                c.starts = vec![None; columns.len()];
                for &(p, j) in &starts {
                    let t = at(p).text();
                    if !t.is_empty() {
                        c.starts[j] = Some(t.to_string());
                    }
                }
                // Kept first: a second row of the same council (and round)
                // is an error that names the line it repeats.
                let key = (c.id.clone(), c.round.clone());
                if let Some(&first_line) = seen.get(&key) {
                    let f = at(cols[0].unwrap_or(0));
                    errors.push(match &c.round {
                        Some(round) => f.error(DataExpected::UniqueCouncilRound {
                            first_line,
                            round: round.clone(),
                        }),
                        None => f.error(DataExpected::UniqueCouncil { first_line }),
                    });
                } else {
                    seen.insert(key, c.line);
                }
                councils.push(c);
            }
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    let mut written: Vec<String> = Vec::new();
    for c in &councils {
        if let Some(r) = &c.round
            && !written.contains(r)
        {
            written.push(r.clone());
        }
    }
    let (rounds, round_order) = order_rounds(written);
    Ok(Returns {
        source: table.source.clone(),
        form,
        councils,
        group_column: group.map(str::to_string),
        from_sub_items,
        unused_sub_items,
        round_column: round_at.map(|p| table.headers[p].clone()),
        rounds,
        round_order,
        start_columns: starts.iter().map(|&(_, j)| columns[j].1.clone()).collect(),
    })
}

fn council(
    table: &RawTable,
    record: &RawRecord,
    cols: &[Option<usize>],
    sources: &[Source],
    form: AnswerForm,
) -> std::result::Result<Council, Vec<InputError>> {
    let text = |i: usize| {
        cols.get(i).copied().flatten().map(|column| {
            FieldRef {
                table,
                record,
                column,
            }
            .text()
            .to_string()
        })
    };
    let mut errors = Vec::new();
    let id = text(0).unwrap_or_default();
    if id.is_empty() {
        errors.push(
            FieldRef {
                table,
                record,
                column: cols[0].unwrap_or(0),
            }
            .error(DataExpected::Required),
        );
    }
    let mut one = |column: usize| {
        let f = FieldRef {
            table,
            record,
            column,
        };
        match answer(f.text()) {
            Ok(None) if form == AnswerForm::CheckOrBlank => Some(false),
            Ok(a) => a,
            Err(()) => {
                errors.push(f.error(DataExpected::Answer {
                    forms: ANSWER_FORMS.to_string(),
                }));
                None
            }
        }
    };
    let answers = sources
        .iter()
        .map(|s| match s {
            Source::Column(p) => one(*p),
            // Done when every sub-item is; not done when any is not.
            Source::SubItems(ps) => {
                let subs: Vec<Option<bool>> = ps.iter().map(|p| one(*p)).collect();
                if subs.contains(&Some(false)) {
                    Some(false)
                } else if subs.iter().all(|a| *a == Some(true)) {
                    Some(true)
                } else {
                    None
                }
            }
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Council {
        line: record.line,
        id,
        kind: text(1).unwrap_or_default(),
        prefecture: text(2).unwrap_or_default(),
        // A blank group cell is no group: the council is left out of the
        // comparisons (and listed), never a group named "".
        group: text(3).filter(|g| !g.trim().is_empty()),
        round: None,
        answers,
        starts: Vec::new(),
    })
}

/// Items for a reliability analysis: the chosen columns of a file, each
/// answer a number or a check mark (✓ 1, blank or × 0 in the ✓/blank form).
pub struct ItemTable {
    pub source: PathBuf,
    pub names: Vec<String>,
    pub rows: Vec<Vec<Option<f64>>>,
    /// Each row's line in the file.
    pub lines: Vec<usize>,
    /// The respondents' ids, from the id column (`--id`, or the first
    /// column named like one: id, 番号, council, 協議会 …), when there is one.
    pub ids: Option<Ids>,
    pub form: AnswerForm,
    /// Columns not taken as items by default, and why (never in silence).
    pub left_out: Vec<(String, LeftOut)>,
}

/// Why a column of an items file is not an item when none are named.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum LeftOut {
    /// Every cell is blank.
    Empty,
    /// Whole numbers different on every row, or a header such as `id`.
    Identifier,
    /// Values that are not answers (marks, or whole numbers 0–10): one of them.
    NotAnswers { example: String },
}

/// Whether a cell reads as an answer of a scale item by itself: a mark, or
/// a whole number from 0 to 10 (binary items and Likert scales).
fn item_like(text: &str) -> bool {
    matches!(answer(text), Ok(Some(_)))
        || super::columns::parse_number(text)
            .is_some_and(|v| v.fract() == 0.0 && (0.0..=10.0).contains(&v))
}

/// A column whose header names an identifier.
fn identifier_header(h: &str) -> bool {
    let h = h.trim().to_lowercase();
    [
        "id",
        "no",
        "no.",
        "番号",
        "団体id",
        "回答者id",
        "回答者番号",
        "通し番号",
    ]
    .contains(&h.as_str())
}

/// Which columns are items when none are named: those whose non-blank cells
/// are nearly all answers (at least 4 in 5; the others are then reported as
/// bad values, with their line); every other column is listed with its reason.
fn default_items(table: &RawTable) -> (Vec<String>, Vec<(String, LeftOut)>) {
    let mut items = Vec::new();
    let mut left_out = Vec::new();
    for (j, h) in table.headers.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        let cells: Vec<&str> = table
            .records
            .iter()
            .map(|r| r.fields[j].trim())
            .filter(|c| !c.is_empty())
            .collect();
        if cells.is_empty() {
            left_out.push((h.clone(), LeftOut::Empty));
            continue;
        }
        let whole: Vec<i64> = cells
            .iter()
            .filter_map(|c| super::columns::parse_number(c))
            .filter(|v| v.fract() == 0.0)
            .map(|v| v as i64)
            .collect();
        let distinct: std::collections::BTreeSet<i64> = whole.iter().copied().collect();
        let counting =
            whole.len() == cells.len() && cells.len() >= 5 && distinct.len() == cells.len();
        if identifier_header(h) || counting {
            left_out.push((h.clone(), LeftOut::Identifier));
            continue;
        }
        let like = cells.iter().filter(|c| item_like(c)).count();
        if like * 5 >= cells.len() * 4 {
            items.push(h.clone());
        } else {
            let example = cells.iter().find(|c| !item_like(c)).map_or("", |c| c);
            left_out.push((
                h.clone(),
                LeftOut::NotAnswers {
                    example: example.chars().take(20).collect(),
                },
            ));
        }
    }
    (items, left_out)
}

/// A column of respondents' ids.
#[derive(Debug, Clone)]
pub struct Ids {
    pub column: String,
    pub values: Vec<String>,
}

/// Headers taken as the id column when none is named.
fn id_like_header(h: &str) -> bool {
    let h = crate::municipality::normalize_cell(h).to_lowercase();
    identifier_header(&h)
        || [
            "council",
            "協議会",
            "協議会名",
            "名称",
            "回答者",
            "自治体",
            "自治体名",
            "団体名",
        ]
        .contains(&h.as_str())
}

/// Reads the columns `names` (when `names` is empty, the columns whose cells
/// are answers: see `default_items`).
pub fn read_items(path: &Path, encoding: TextEncoding, names: &[String]) -> Result<ItemTable> {
    read_items_by(path, encoding, names, None)
}

/// `read_items`, with the respondents' ids from the column `id` (which
/// must exist), or from the first id-like column when `id` is `None`.
pub fn read_items_by(
    path: &Path,
    encoding: TextEncoding,
    names: &[String],
    id: Option<&str>,
) -> Result<ItemTable> {
    let table = read_returns(path, encoding, None)?;
    let id_at = match id {
        Some(name) => {
            let role = crate::messages::errors::ColumnRole::Field { aliases: vec![] };
            Some(table.require_column(name, role)?)
        }
        None => table.headers.iter().position(|h| id_like_header(h)),
    };
    let value = |t: &str| -> std::result::Result<Option<f64>, ()> {
        match answer(t) {
            Ok(Some(b)) => Ok(Some(f64::from(u8::from(b)))),
            Ok(None) => Ok(None),
            Err(()) => super::columns::parse_number(t).map(Some).ok_or(()),
        }
    };
    let (chosen, left_out) = if names.is_empty() {
        default_items(&table)
    } else {
        (names.to_vec(), Vec::new())
    };
    let mut errors = Vec::new();
    let positions: Vec<usize> = chosen
        .iter()
        .filter_map(|n| match table.column(n) {
            Some(p) => Some(p),
            None => {
                errors.push(
                    table
                        .error(Expected::Column {
                            name: n.clone(),
                            role: crate::messages::errors::ColumnRole::Field { aliases: vec![] },
                            header: table.headers.clone(),
                        })
                        .line(1)
                        .column(n.clone()),
                );
                None
            }
        })
        .collect();
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    let explicit = table.records.iter().any(|r| {
        positions
            .iter()
            .any(|&p| matches!(answer(r.fields[p].trim()), Ok(Some(false))))
    });
    let marks_only = table.records.iter().all(|r| {
        positions
            .iter()
            .all(|&p| answer(r.fields[p].trim()).is_ok())
    });
    let form = if marks_only && !explicit {
        AnswerForm::CheckOrBlank
    } else {
        AnswerForm::Explicit
    };
    let mut rows = Vec::with_capacity(table.records.len());
    for record in &table.records {
        let row = positions
            .iter()
            .map(|&column| {
                let f = FieldRef {
                    table: &table,
                    record,
                    column,
                };
                match value(f.text()) {
                    Ok(None) if form == AnswerForm::CheckOrBlank => Some(0.0),
                    Ok(v) => v,
                    Err(()) => {
                        errors.push(f.error(DataExpected::NumericAnswer));
                        None
                    }
                }
            })
            .collect();
        rows.push(row);
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    let ids = id_at.map(|p| Ids {
        column: table.headers[p].clone(),
        values: table
            .records
            .iter()
            .map(|r| crate::municipality::normalize_cell(r.fields[p].trim()))
            .collect(),
    });
    Ok(ItemTable {
        source: table.source.clone(),
        names: chosen,
        rows,
        lines: table.records.iter().map(|r| r.line).collect(),
        ids,
        form,
        // The id column is not an item, and says why only when it was not named.
        left_out: left_out
            .into_iter()
            .filter(|(c, _)| id.is_none_or(|i| i != c))
            .collect(),
    })
}

/// The rows of a second administration matched to the first by id.
pub struct Matched {
    /// (row in the first table, row in the second).
    pub pairs: Vec<(usize, usize)>,
    pub only_first: Vec<String>,
    pub only_second: Vec<String>,
}

/// Matches `second`'s rows to `first`'s by their ids: both need an id
/// column, and an id twice in a file (or blank) is refused with its lines.
pub fn match_by_id(first: &ItemTable, second: &ItemTable) -> Result<Matched> {
    let mut errors = Vec::new();
    let index = |t: &ItemTable, errors: &mut Vec<InputError>| -> HashMap<String, usize> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let Some(ids) = &t.ids else {
            errors.push(InputError::new(&t.source, Expected::Data(DataExpected::IdColumn)).line(1));
            return seen;
        };
        for (row, v) in ids.values.iter().enumerate() {
            let line = t.lines[row];
            if v.is_empty() {
                errors.push(
                    InputError::new(&t.source, Expected::Data(DataExpected::Required))
                        .line(line)
                        .column(ids.column.clone()),
                );
            } else if let Some(&first) = seen.get(v) {
                errors.push(
                    InputError::new(
                        &t.source,
                        Expected::Data(DataExpected::UniqueId {
                            first_line: t.lines[first],
                        }),
                    )
                    .line(line)
                    .column(ids.column.clone())
                    .value(v.clone()),
                );
            } else {
                seen.insert(v.clone(), row);
            }
        }
        seen
    };
    let a = index(first, &mut errors);
    let b = index(second, &mut errors);
    let (Some(ia), Some(ib), true) = (&first.ids, &second.ids, errors.is_empty()) else {
        return Err(Error::Input(errors));
    };
    let pairs = ia
        .values
        .iter()
        .enumerate()
        .filter_map(|(row, v)| b.get(v).map(|&r2| (row, r2)))
        .collect();
    Ok(Matched {
        pairs,
        only_first: ia
            .values
            .iter()
            .filter(|v| !b.contains_key(*v))
            .cloned()
            .collect(),
        only_second: ib
            .values
            .iter()
            .filter(|v| !a.contains_key(*v))
            .cloned()
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_like_headers() {
        assert!(looks_like_item("1.2"));
        assert!(looks_like_item("3.4.1"));
        assert!(looks_like_item("1.1:組織内"));
        assert!(!looks_like_item("council"));
        assert!(!looks_like_item("1"));
        assert!(!looks_like_item("v1.2"));
    }

    #[test]
    fn start_headers_name_their_item() {
        assert_eq!(start_column_of("1.1 着手時期").as_deref(), Some("1.1"));
        assert_eq!(start_column_of("着手時期_2.3").as_deref(), Some("2.3"));
        assert_eq!(
            start_column_of("1.1:組織内:着手時期").as_deref(),
            Some("1.1:組織内")
        );
        assert_eq!(start_column_of("着手時期"), None);
        assert_eq!(start_column_of("1.1"), None);
    }

    #[test]
    fn rounds_are_ordered_by_date_or_number() {
        assert_eq!(round_date("令和7年4月1日"), Some((2025, 4, 1)));
        assert_eq!(round_date("R7.4"), Some((2025, 4, 0)));
        assert_eq!(round_date("2025-04-01"), Some((2025, 4, 1)));
        assert_eq!(round_date("令和元年度"), Some((2019, 0, 0)));
        assert_eq!(round_date("２０２６／３／３１"), Some((2026, 3, 31)));
        assert_eq!(round_date("引継ぎ時"), None);
        let (r, o) = order_rounds(vec!["2026-04-01".into(), "令和7年4月1日".into()]);
        assert_eq!((r[0].as_str(), o), ("令和7年4月1日", RoundOrder::Dates));
        let (r, o) = order_rounds(vec!["第10回".into(), "第2回".into()]);
        assert_eq!((r[0].as_str(), o), ("第2回", RoundOrder::Numbers));
        let (r, o) = order_rounds(vec!["後".into(), "前".into()]);
        assert_eq!((r[0].as_str(), o), ("後", RoundOrder::AsWritten));
    }
}
