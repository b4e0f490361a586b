//! `renkei init`: a first survey definition proposed from a returns file —
//! unit columns recognised by their headers, every other column a question
//! with its values as categories, 0/1 columns that share a stem one
//! multiple-answer question, and the groupings the unit columns allow. The
//! user then edits labels, order and missing values; the report says what
//! to check.

pub mod messages;

use crate::analyses::init::messages::InitMsg;
use crate::input::returns::RawTable;
use crate::input::survey::{
    BlankRow, Category, Grouping, GroupingKind, Question, QuestionKind, SurveyDefinition,
    UnitColumns,
};
use crate::municipality::{IndustryScheme, IndustryThresholds, PopulationBands, normalize_cell};
use crate::report::{Line, Msg, Report};
use crate::text::Label;
use serde::Serialize;

/// Header names recognised for each unit column (compared normalized, case-insensitive).
const UNIT_HEADERS: [(&str, &[&str]); 8] = [
    (
        "id",
        &[
            "unit_id",
            "id",
            "団体id",
            "自治体id",
            "団体番号",
            "番号",
            "no",
            "市町村名",
            "市区町村名",
            "団体名",
            "自治体名",
        ],
    ),
    (
        "class",
        &[
            "class",
            "区分",
            "団体区分",
            "市区町村区分",
            "自治体区分",
            "種別",
        ],
    ),
    (
        "code",
        &[
            "code",
            "団体コード",
            "全国地方公共団体コード",
            "自治体コード",
            "地方公共団体コード",
        ],
    ),
    (
        "share_secondary_tertiary",
        &[
            "share_secondary_tertiary",
            "第2次・第3次産業就業者比率",
            "2次3次産業比率",
            "ⅱ次+ⅲ次",
            "第二次・第三次産業就業者比率",
        ],
    ),
    (
        "share_tertiary",
        &[
            "share_tertiary",
            "第3次産業就業者比率",
            "3次産業比率",
            "ⅲ次",
            "第三次産業就業者比率",
        ],
    ),
    (
        "industry_code",
        &["industry_code", "産業類型", "類似団体産業類型"],
    ),
    (
        "population",
        &["population", "人口", "住民基本台帳人口", "総人口"],
    ),
    ("prefecture", &["prefecture", "都道府県", "都道府県名"]),
];

/// The no-answer markers init proposes (and leaves out of the categories).
const MISSING_VALUES: [&str; 2] = ["無回答", "NA"];

/// Columns with more distinct values than this are not proposed as
/// questions (free text, numbers).
pub const MAX_CATEGORIES: usize = 30;

/// What init found, for the report and the tests.
pub struct Proposal {
    pub definition: SurveyDefinition,
    /// Columns left out: (header, distinct values).
    pub skipped: Vec<(String, usize)>,
    /// Unit roles not found.
    pub missing_roles: Vec<&'static str>,
    /// How the returns were read: the sheet, the sheets passed over, the
    /// header row and the rows above it left out.
    pub read: ReadNotes,
}

/// What reading a spreadsheet decided that the user should know.
#[derive(Debug, Clone, Default)]
pub struct ReadNotes {
    pub sheet: Option<String>,
    pub skipped_sheets: Vec<String>,
    pub header_row: Option<usize>,
    pub rows_above_header: Vec<usize>,
}

/// How headers are compared: normalized (full-width letters and digits as
/// ASCII), lower case, a bracketed note at the end left out
/// (「人口（令和2年国勢調査）」 is 人口, 「第3次産業就業者比率(%)」 its name).
fn key(h: &str) -> String {
    let normal = normalize_cell(h);
    crate::input::columns::header_name(&normal).to_lowercase()
}

fn find(raw: &RawTable, names: &[&str]) -> Option<String> {
    raw.headers
        .iter()
        .find(|h| names.iter().any(|n| key(h) == key(n)))
        .cloned()
}

fn values(raw: &RawTable, j: usize) -> Vec<String> {
    let mut v: Vec<String> = raw
        .records
        .iter()
        .map(|r| normalize_cell(&r.fields[j]))
        .filter(|v| !v.is_empty())
        .collect();
    v.sort();
    v.dedup();
    // Numbers in numeric order (1, 2, 10 rather than 1, 10, 2).
    if v.iter().all(|x| x.parse::<f64>().is_ok()) {
        v.sort_by(|a, b| {
            a.parse::<f64>()
                .unwrap_or(0.0)
                .total_cmp(&b.parse::<f64>().unwrap_or(0.0))
        });
    }
    v
}

const MARKS: [&str; 10] = [
    "0",
    "1",
    "〇",
    "○",
    "TRUE",
    "FALSE",
    "true",
    "false",
    "はい",
    "いいえ",
];

/// The stem of a header that ends in a separator and a suffix (`partner_1`
/// → `partner`): the first `_` or `:` (an option's own name may hold `・` or
/// `-`: `p_a・b` is option `a・b` of `p`), else the last `-` or `・`.
fn stem(h: &str) -> Option<(String, String)> {
    let i = h.find(['_', ':']).or_else(|| h.rfind(['-', '・']))?;
    let (s, rest) = (&h[..i], &h[i + h[i..].chars().next()?.len_utf8()..]);
    (!s.is_empty() && !rest.is_empty()).then(|| (s.to_string(), rest.to_string()))
}

fn label(s: &str) -> Label {
    Label::new(s, s)
}

/// Proposes a definition for `raw`; `returns` is the path written in it.
pub fn propose(raw: &RawTable, id: &str, returns: &str) -> Proposal {
    let mut used: Vec<String> = Vec::new();
    let mut role = |names: &[&str]| {
        let found = find(raw, names);
        if let Some(h) = &found {
            used.push(h.clone());
        }
        found
    };
    let roles: Vec<Option<String>> = UNIT_HEADERS.iter().map(|(_, names)| role(names)).collect();
    let missing_roles: Vec<&'static str> = UNIT_HEADERS
        .iter()
        .zip(&roles)
        .filter(|((r, _), found)| found.is_none() && (*r == "id" || *r == "class"))
        .map(|((r, _), _)| *r)
        .collect();
    let unit_columns = UnitColumns {
        id: roles[0].clone().unwrap_or_else(|| "unit_id".into()),
        class: roles[1].clone().unwrap_or_else(|| "class".into()),
        code: roles[2].clone(),
        share_secondary_tertiary: roles[3].clone(),
        share_tertiary: roles[4].clone(),
        industry_code: roles[5].clone(),
        population: roles[6].clone(),
        prefecture: roles[7].clone(),
    };
    // 0/1 columns sharing a stem: one multiple-answer question.
    let rest: Vec<(usize, &String)> = raw
        .headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.is_empty() && !used.contains(h))
        .collect();
    let is_marks = |j: usize| {
        let v = values(raw, j);
        !v.is_empty() && v.iter().all(|x| MARKS.contains(&x.as_str()))
    };
    let mut questions = Vec::new();
    let mut taken: Vec<usize> = Vec::new();
    for (j, h) in &rest {
        if taken.contains(j) {
            continue;
        }
        let Some((s, _)) = stem(h) else { continue };
        let members: Vec<(usize, String)> = rest
            .iter()
            .filter(|(k, other)| stem(other).is_some_and(|(t, _)| t == s) && is_marks(*k))
            .map(|(k, other)| (*k, (*other).clone()))
            .collect();
        if members.len() >= 2 && members.iter().any(|(k, _)| k == j) {
            taken.extend(members.iter().map(|(k, _)| *k));
            questions.push(Question {
                id: s.clone(),
                kind: QuestionKind::Multiple,
                column: String::new(),
                separator: None,
                label: label(&s),
                ordered: false,
                blank_row: BlankRow::NoAnswer,
                categories: members
                    .iter()
                    .map(|(_, h)| {
                        // The option's name, not the whole header
                        // (`問3 連携機関_協会けんぽ` is 協会けんぽ); a bare
                        // number (`partner_1`) says less than the header.
                        let suffix = stem(h).map_or(h.clone(), |(_, suffix)| suffix);
                        let numbered = suffix.chars().all(|c| c.is_ascii_digit());
                        Category {
                            code: suffix.clone(),
                            label: label(if numbered { h } else { &suffix }),
                            column: Some(h.clone()),
                        }
                    })
                    .collect(),
            });
        }
    }
    let mut skipped = Vec::new();
    for (j, h) in &rest {
        if taken.contains(j) {
            continue;
        }
        // The no-answer markers are not answers: as a category too, every
        // such answer would be read as no answer (and the definition refused).
        let v: Vec<String> = values(raw, *j)
            .into_iter()
            .filter(|x| !MISSING_VALUES.contains(&x.as_str()))
            .collect();
        // Measurements are not questions: numbers with decimals, or more
        // than ten different whole numbers (a 1–5 or 0–10 scale stays).
        let numbers: Vec<f64> = v
            .iter()
            .filter_map(|x| crate::input::columns::parse_number(x))
            .collect();
        let measured =
            numbers.len() == v.len() && (v.iter().any(|x| x.contains('.')) || numbers.len() > 10);
        // Free text is not a question either: answers written out (a
        // 備考 or その他（自由記述）), long, or each given once by five units
        // or more — choices repeat, sentences do not.
        let answered = raw
            .records
            .iter()
            .filter(|r| !normalize_cell(&r.fields[*j]).is_empty())
            .count();
        let long = v.iter().any(|x| x.chars().count() > 40);
        let written = numbers.is_empty() && (long || (v.len() >= 5 && v.len() == answered));
        if v.is_empty() || v.len() > MAX_CATEGORIES || measured || written {
            skipped.push(((*h).clone(), v.len()));
            continue;
        }
        questions.push(Question {
            id: (*h).clone(),
            kind: QuestionKind::Single,
            column: (*h).clone(),
            separator: None,
            label: label(h),
            ordered: false,
            blank_row: BlankRow::NoAnswer,
            categories: v
                .iter()
                .map(|x| Category {
                    code: x.clone(),
                    label: label(x),
                    column: None,
                })
                .collect(),
        });
    }
    let grouping = |id: &str, by: GroupingKind, scheme: Option<IndustryScheme>| Grouping {
        id: id.into(),
        label: messages::grouping_label(by, scheme),
        by,
        scheme,
        column: None,
        levels: None,
        filter: None,
        class_groups: None,
        ordered: matches!(by, GroupingKind::ClassGroup | GroupingKind::PopulationBand),
    };
    let mut groupings = vec![grouping("class", GroupingKind::ClassGroup, None)];
    let industry = unit_columns.industry_code.is_some()
        || (unit_columns.share_secondary_tertiary.is_some()
            && unit_columns.share_tertiary.is_some());
    if industry {
        groupings.push(grouping(
            "city-industry",
            GroupingKind::Industry,
            Some(IndustryScheme::City),
        ));
        groupings.push(grouping(
            "town-industry",
            GroupingKind::Industry,
            Some(IndustryScheme::Town),
        ));
    }
    if unit_columns.population.is_some() {
        groupings.push(grouping(
            "city-population",
            GroupingKind::PopulationBand,
            Some(IndustryScheme::City),
        ));
        groupings.push(grouping(
            "town-population",
            GroupingKind::PopulationBand,
            Some(IndustryScheme::Town),
        ));
        if industry {
            groupings.push(grouping(
                "city-ruiji",
                GroupingKind::Ruiji,
                Some(IndustryScheme::City),
            ));
            groupings.push(grouping(
                "town-ruiji",
                GroupingKind::Ruiji,
                Some(IndustryScheme::Town),
            ));
        }
    }
    // A grouping by prefecture only where the file has two or more (one
    // prefecture makes a table of one column, which nothing can test).
    if let Some(p) = unit_columns
        .prefecture
        .as_ref()
        .filter(|p| raw.column(p).is_some_and(|j| values(raw, j).len() > 1))
    {
        let mut g = grouping("prefecture", GroupingKind::Column, None);
        g.column = Some(p.clone());
        groupings.push(g);
    }
    Proposal {
        definition: SurveyDefinition {
            schema: Some("survey.schema.json".into()),
            id: id.into(),
            title: Label::new(id, id),
            returns: returns.into(),
            sheet: raw.sheet.clone(),
            header_row: raw.header_row,
            unit_columns,
            industry_thresholds: IndustryThresholds::default(),
            missing_values: MISSING_VALUES.iter().map(|m| m.to_string()).collect(),
            population_bands: PopulationBands::default(),
            questions,
            groupings,
        },
        skipped,
        missing_roles,
        read: ReadNotes {
            sheet: raw.sheet.clone(),
            skipped_sheets: raw.skipped_sheets.clone(),
            header_row: raw.header_row,
            rows_above_header: raw.rows_above_header.clone(),
        },
    }
}

/// The report of what init wrote and what to check.
pub fn report(p: &Proposal, written: &str) -> Report {
    let def = &p.definition;
    let uc = &def.unit_columns;
    let mut lines = vec![Line::new(
        0,
        Msg::analysis(InitMsg::Written {
            path: written.into(),
        }),
    )];
    if let Some(sheet) = &p.read.sheet {
        lines.push(Line::new(
            1,
            Msg::analysis(InitMsg::SheetRead {
                sheet: sheet.clone(),
                skipped: p.read.skipped_sheets.clone(),
                header_row: p.read.header_row.unwrap_or(1),
                above: p.read.rows_above_header.clone(),
            }),
        ));
    }
    for (role, column) in [
        ("id", Some(&uc.id)),
        ("class", Some(&uc.class)),
        ("code", uc.code.as_ref()),
        (
            "share_secondary_tertiary",
            uc.share_secondary_tertiary.as_ref(),
        ),
        ("share_tertiary", uc.share_tertiary.as_ref()),
        ("industry_code", uc.industry_code.as_ref()),
        ("population", uc.population.as_ref()),
        ("prefecture", uc.prefecture.as_ref()),
    ] {
        if let Some(c) = column {
            lines.push(Line::new(
                1,
                Msg::analysis(InitMsg::UnitColumn {
                    role: role.into(),
                    column: c.clone(),
                }),
            ));
        }
    }
    for q in &def.questions {
        lines.push(Line::new(
            1,
            Msg::analysis(InitMsg::Question {
                id: q.id.clone(),
                multiple: q.kind == QuestionKind::Multiple,
                categories: q.categories.len(),
            }),
        ));
    }
    for (h, n) in &p.skipped {
        lines.push(Line::new(
            1,
            Msg::analysis(InitMsg::Skipped {
                column: h.clone(),
                values: *n,
            }),
        ));
    }
    for r in &p.missing_roles {
        lines.push(Line::new(
            0,
            Msg::analysis(InitMsg::MissingRole { role: (*r).into() }),
        ));
    }
    lines.push(Line::new(0, Msg::analysis(InitMsg::Check)));
    Report {
        title: Some(def.title.clone().into()),
        preamble: lines,
        data: Some(Box::new(InitRecord {
            written: written.to_string(),
            definition: def.clone(),
            skipped: p
                .skipped
                .iter()
                .map(|(column, values)| SkippedRecord {
                    column: column.clone(),
                    values: *values,
                })
                .collect(),
            missing_roles: p.missing_roles.clone(),
        })),
        ..Default::default()
    }
}

/// The JSON of `renkei init`: the definition written (as in survey.json),
/// the columns left out and the unit roles not found.
#[derive(Serialize)]
pub struct InitRecord {
    pub written: String,
    pub definition: SurveyDefinition,
    pub skipped: Vec<SkippedRecord>,
    pub missing_roles: Vec<&'static str>,
}

/// A column init did not propose as a question, and how many distinct
/// values it has.
#[derive(Serialize)]
pub struct SkippedRecord {
    pub column: String,
    pub values: usize,
}
