//! Typing the units of a returns file: class, class group, industry type,
//! local-government code and answers, each validated against the survey
//! definition. All problems in the file are collected and reported together.

use crate::error::{Error, InputError, Result};
use crate::input::returns::{RawRecord, RawTable};
use crate::input::survey::{Question, QuestionKind, SurveyDefinition};
use crate::messages::errors::{ColumnRole, Expected};
use crate::municipality::{
    ClassGroup, Decimal, IndustryShares, IndustryType, LocalGovCode, MunicipalityClass,
    normalize_cell,
};
use std::collections::HashMap;
use std::path::PathBuf;

/// One unit's answer to one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// The index of the answer category in the question's list.
    Category(usize),
    /// No answer (empty cell or a declared missing value; for a multiple
    /// question, every option cell empty).
    Missing,
    /// The options chosen in a multiple-answer question (bit i = option i);
    /// 0 when the unit answered and chose none.
    Choices(u64),
    /// An answer that is no category, kept as excluded under
    /// `--unknown-as-missing` (listed in `Returns::unknown_answers`).
    Unknown,
}

/// An answer that is no category, read under `--unknown-as-missing`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnknownAnswer {
    pub unit_id: String,
    pub line: usize,
    pub column: String,
    pub value: String,
}

/// Where a unit's industry type came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IndustrySource {
    /// Derived from the Ⅱ次+Ⅲ次 and Ⅲ次 shares by the survey's thresholds.
    Shares,
    /// Taken from the industry-code column.
    CodeColumn,
    /// Neither shares nor code in the return: the unit is left out of
    /// industry groupings (and counted there).
    Missing,
}

/// A municipality or ward as typed from its return.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub id: String,
    /// Line of the return in its file.
    pub line: usize,
    pub class: MunicipalityClass,
    pub code: Option<LocalGovCode>,
    pub shares: Option<IndustryShares>,
    pub industry: Option<IndustryType>,
    pub industry_source: IndustrySource,
    /// One answer per question of the definition, in its order.
    pub answers: Vec<Answer>,
    /// The population, when the definition names its column.
    pub population: Option<u64>,
    /// The prefecture, when the definition names its column.
    pub prefecture: Option<String>,
    /// The values of the columns groupings and filters use
    /// (`SurveyDefinition::referenced_columns`, in that order), normalized.
    pub values: Vec<String>,
}

impl Unit {
    pub fn group(&self) -> ClassGroup {
        self.class.group()
    }
}

/// The typed returns of a survey.
#[derive(Debug, Clone)]
pub struct Returns {
    pub source: PathBuf,
    pub encoding: &'static str,
    pub units: Vec<Unit>,
    /// Lines of all-empty rows, skipped and reported.
    pub blank_lines: Vec<usize>,
    /// Answers that are no category (only under `--unknown-as-missing`;
    /// otherwise they are errors).
    pub unknown_answers: Vec<UnknownAnswer>,
}

/// Column positions of the attributes in one file.
struct Columns {
    id: usize,
    class: usize,
    code: Option<usize>,
    shares: Option<(usize, usize)>,
    industry_code: Option<usize>,
    population: Option<usize>,
    prefecture: Option<usize>,
    values: Vec<usize>,
    answers: Vec<AnswerColumns>,
}

/// Where a question's answer is in a record.
enum AnswerColumns {
    /// One column: a category, or for a multiple question delimited codes.
    One(usize),
    /// A multiple question with one 0/1 column per option.
    PerOption(Vec<usize>),
}

/// Types every record of `raw` by the definition; an answer that is no
/// category is an error.
pub fn type_units(raw: &RawTable, def: &SurveyDefinition) -> Result<Returns> {
    type_units_with(raw, def, false)
}

/// `type_units`; with `unknown_as_missing`, an answer that is no category
/// is kept as `Answer::Unknown` (excluded from tables and listed) instead.
pub fn type_units_with(
    raw: &RawTable,
    def: &SurveyDefinition,
    unknown_as_missing: bool,
) -> Result<Returns> {
    let cols = locate_columns(raw, def).map_err(Error::Input)?;
    let mut errors = Vec::new();
    let mut units = Vec::with_capacity(raw.records.len());
    let mut first_line: HashMap<String, usize> = HashMap::new();
    // A municipality is one unit: two returns with one code would both be
    // counted.
    let mut code_line: HashMap<u32, usize> = HashMap::new();
    let mut unknown_answers = Vec::new();
    for rec in &raw.records {
        let unknown = if unknown_as_missing {
            Some(&mut unknown_answers)
        } else {
            None
        };
        match type_unit(raw, def, &cols, rec, unknown) {
            Ok(unit) => {
                let same_code = unit.code.and_then(|c| code_line.insert(c.0, unit.line));
                if let Some(prev) = first_line.insert(unit.id.clone(), unit.line) {
                    errors.push(
                        raw.error(Expected::UniqueUnitId { first_line: prev })
                            .line(rec.line)
                            .column(def.unit_columns.id.clone())
                            .value(unit.id.clone()),
                    );
                } else if let (Some(prev), Some(code), Some(i)) = (same_code, unit.code, cols.code)
                {
                    errors.push(
                        raw.error(Expected::UniqueCode { first_line: prev })
                            .line(rec.line)
                            .column(raw.headers[i].clone())
                            .value(code.to_string()),
                    );
                } else {
                    units.push(unit);
                }
            }
            Err(mut errs) => errors.append(&mut errs),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    Ok(Returns {
        source: raw.source.clone(),
        encoding: raw.encoding,
        units,
        blank_lines: raw.blank_lines.clone(),
        unknown_answers,
    })
}

fn locate_columns(
    raw: &RawTable,
    def: &SurveyDefinition,
) -> std::result::Result<Columns, Vec<InputError>> {
    let uc = &def.unit_columns;
    let mut errors = Vec::new();
    let mut need = |name: &str, role: ColumnRole| match raw.require_column(name, role) {
        Ok(i) => Some(i),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let id = need(&uc.id, ColumnRole::UnitId);
    let class = need(&uc.class, ColumnRole::Class);
    let code = uc.code.as_deref().and_then(|c| need(c, ColumnRole::Code));
    let shares = match (&uc.share_secondary_tertiary, &uc.share_tertiary) {
        (Some(a), Some(b)) => {
            let a = need(a, ColumnRole::ShareSecondaryTertiary);
            let b = need(b, ColumnRole::ShareTertiary);
            a.zip(b)
        }
        _ => None,
    };
    let industry_code = uc
        .industry_code
        .as_deref()
        .and_then(|c| need(c, ColumnRole::IndustryCode));
    let population = uc
        .population
        .as_deref()
        .and_then(|c| need(c, ColumnRole::Population));
    let prefecture = uc
        .prefecture
        .as_deref()
        .and_then(|c| need(c, ColumnRole::Prefecture));
    let values: Vec<Option<usize>> = def
        .referenced_columns()
        .iter()
        .map(|c| need(c, ColumnRole::Grouping(c.clone())))
        .collect();
    let answers: Vec<Option<AnswerColumns>> = def
        .questions
        .iter()
        .map(|q| {
            let per_option: Vec<&String> = q
                .categories
                .iter()
                .filter_map(|c| c.column.as_ref())
                .collect();
            if q.kind == QuestionKind::Multiple && !per_option.is_empty() {
                let found: Vec<Option<usize>> = per_option
                    .iter()
                    .map(|c| need(c, ColumnRole::Answers(q.id.clone())))
                    .collect();
                found
                    .into_iter()
                    .collect::<Option<Vec<usize>>>()
                    .map(AnswerColumns::PerOption)
            } else {
                need(&q.column, ColumnRole::Answers(q.id.clone())).map(AnswerColumns::One)
            }
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Columns {
        id: id.unwrap_or_default(),
        class: class.unwrap_or_default(),
        code,
        shares,
        industry_code,
        population,
        prefecture,
        values: values.into_iter().map(Option::unwrap_or_default).collect(),
        answers: answers
            .into_iter()
            .map(|a| a.unwrap_or(AnswerColumns::One(0)))
            .collect(),
    })
}

fn type_unit(
    raw: &RawTable,
    def: &SurveyDefinition,
    cols: &Columns,
    rec: &RawRecord,
    mut unknown: Option<&mut Vec<UnknownAnswer>>,
) -> std::result::Result<Unit, Vec<InputError>> {
    let mut errors = Vec::new();
    let field = |i: usize| &rec.fields[i];
    let at = |i: usize, expected: Expected| {
        raw.error(expected)
            .line(rec.line)
            .column(raw.headers[i].clone())
            .value(rec.fields[i].to_string())
    };

    let id = normalize_cell(field(cols.id));
    if id.is_empty() {
        errors.push(at(cols.id, Expected::UnitId));
    }
    let class = match MunicipalityClass::parse(field(cols.class)) {
        Ok(c) => Some(c),
        Err(expected) => {
            errors.push(at(cols.class, expected));
            None
        }
    };
    let code = cols.code.and_then(|i| {
        let cell = normalize_cell(field(i));
        if cell.is_empty() {
            return None;
        }
        match LocalGovCode::parse(&cell) {
            Ok(code) => {
                if let Some(class) = class.filter(|&c| !code.fits_class(c)) {
                    errors.push(at(
                        i,
                        Expected::CodeFitsClass {
                            class: class.name().into(),
                            part: (code.0 / 10) % 1000,
                            kind: code.kind(),
                        },
                    ));
                }
                Some(code)
            }
            Err(expected) => {
                errors.push(at(i, expected));
                None
            }
        }
    });

    let shares = cols.shares.and_then(|(a, b)| {
        let (ca, cb) = (normalize_cell(field(a)), normalize_cell(field(b)));
        match (ca.is_empty(), cb.is_empty()) {
            (true, true) => return None,
            (true, false) => {
                errors.push(at(
                    a,
                    Expected::ShareToo {
                        given: ColumnRole::ShareTertiary,
                    },
                ));
                return None;
            }
            (false, true) => {
                errors.push(at(
                    b,
                    Expected::ShareToo {
                        given: ColumnRole::ShareSecondaryTertiary,
                    },
                ));
                return None;
            }
            _ => {}
        }
        let num = |i: usize, s: &str, errors: &mut Vec<InputError>| match parse_percent(s) {
            Some(v) => Some(v),
            None => {
                errors.push(at(i, Expected::Percentage));
                None
            }
        };
        let va = num(a, &ca, &mut errors)?;
        let vb = num(b, &cb, &mut errors)?;
        match IndustryShares::from_decimals(va, vb) {
            Ok(s) => Some(s),
            Err(expected) => {
                let i = if (0.0..=100.0).contains(&va.0) { b } else { a };
                errors.push(at(i, expected));
                None
            }
        }
    });

    let scheme = class.map(|c| c.group().industry_scheme());
    let from_shares = shares
        .zip(scheme)
        .map(|(s, scheme)| def.industry_thresholds.classify(scheme, s));
    let from_column = cols.industry_code.and_then(|i| {
        let cell = normalize_cell(field(i));
        if cell.is_empty() {
            return None;
        }
        let scheme = scheme?;
        match cell.parse::<u8>() {
            Ok(code) if code <= scheme.max_code() => Some(IndustryType { scheme, code }),
            _ => {
                errors.push(at(
                    i,
                    Expected::IndustryCode {
                        max: scheme.max_code(),
                    },
                ));
                None
            }
        }
    });
    let (industry, industry_source) = match (from_column, from_shares) {
        (Some(c), Some(s)) if c != s => {
            let i = cols.industry_code.unwrap_or(cols.class);
            errors.push(at(i, Expected::CodeOfShares { code: s.code }));
            (None, IndustrySource::Missing)
        }
        (Some(c), _) => (Some(c), IndustrySource::CodeColumn),
        (None, Some(s)) => (Some(s), IndustrySource::Shares),
        (None, None) => (None, IndustrySource::Missing),
    };

    let answers: Vec<Answer> = def
        .questions
        .iter()
        .zip(&cols.answers)
        .map(|(q, where_)| {
            let parsed = match where_ {
                AnswerColumns::One(i) => {
                    parse_answer(q, &def.missing_values, field(*i)).map_err(|e| (*i, e))
                }
                AnswerColumns::PerOption(columns) => parse_option_marks(
                    q,
                    &def.missing_values,
                    columns.iter().map(|&i| (i, field(i))),
                ),
            };
            match (parsed, unknown.as_deref_mut()) {
                (Ok(a), _) => a,
                (Err((i, Expected::Answer { .. } | Expected::OptionMark { .. })), Some(list)) => {
                    list.push(UnknownAnswer {
                        unit_id: normalize_cell(field(cols.id)),
                        line: rec.line,
                        column: raw.headers[i].clone(),
                        value: field(i).to_string(),
                    });
                    Answer::Unknown
                }
                (Err((i, expected)), _) => {
                    errors.push(at(i, expected));
                    Answer::Missing
                }
            }
        })
        .collect();

    let population = cols.population.and_then(|i| {
        let cell = normalize_cell(field(i));
        if cell.is_empty() {
            return None;
        }
        match crate::input::columns::parse_number(&cell) {
            Some(v) if v >= 0.0 && v.fract() == 0.0 && v < 1e12 => Some(v as u64),
            _ => {
                errors.push(at(i, Expected::PopulationNumber));
                None
            }
        }
    });
    let prefecture = cols
        .prefecture
        .map(|i| normalize_cell(field(i)))
        .filter(|p| !p.is_empty());
    let values = cols
        .values
        .iter()
        .map(|&i| normalize_cell(field(i)))
        .collect();

    match (errors.is_empty(), class) {
        (true, Some(class)) => Ok(Unit {
            id,
            line: rec.line,
            class,
            code,
            shares,
            industry,
            industry_source,
            answers,
            population,
            prefecture,
            values,
        }),
        _ => Err(errors),
    }
}

/// A percentage as typed: "92.4", "92.4%", "９２．４" (full-width folded).
/// The value, and the decimal as written when it is a plain decimal (for
/// exact comparisons with the thresholds).
fn parse_percent(s: &str) -> Option<(f64, Option<Decimal>)> {
    let s = s.replace('．', ".");
    let s = s.strip_suffix('%').unwrap_or(&s).trim();
    let v: f64 = s.parse().ok()?;
    v.is_finite().then(|| (v, Decimal::parse(s)))
}

/// Marks of an option column meaning chosen and not chosen.
const CHOSEN: [&str; 7] = ["1", "〇", "○", "✓", "TRUE", "true", "はい"];
const NOT_CHOSEN: [&str; 5] = ["0", "FALSE", "false", "いいえ", "×"];

/// A multiple question answered in one column per option: all cells empty
/// is no answer, and so is any cell with a declared no-answer value (the
/// option's answer is not known, so neither is the respondent's set of
/// choices); otherwise each cell is chosen, not chosen or empty (not chosen).
fn parse_option_marks<'a>(
    q: &Question,
    missing: &[String],
    cells: impl Iterator<Item = (usize, &'a str)>,
) -> std::result::Result<Answer, (usize, Expected)> {
    let mut chosen = 0u64;
    let mut any = false;
    for (k, (i, raw)) in cells.enumerate() {
        let cell = normalize_cell(raw);
        if cell.is_empty() {
            continue;
        }
        if missing.iter().any(|m| normalize_cell(m) == cell) {
            return Ok(Answer::Missing);
        }
        any = true;
        if CHOSEN.contains(&cell.as_str()) {
            chosen |= 1 << k;
        } else if !NOT_CHOSEN.contains(&cell.as_str()) {
            return Err((
                i,
                Expected::OptionMark {
                    question: q.id.clone(),
                },
            ));
        }
    }
    Ok(match (any, q.blank_row) {
        (true, _) | (false, crate::input::survey::BlankRow::NoneChosen) => Answer::Choices(chosen),
        (false, crate::input::survey::BlankRow::NoAnswer) => Answer::Missing,
    })
}

/// An answer given by code, Japanese label or English label (case-insensitive);
/// for a multiple question in one column, codes or labels joined by its separator.
pub fn parse_answer(
    q: &Question,
    missing: &[String],
    raw: &str,
) -> std::result::Result<Answer, Expected> {
    let cell = normalize_cell(raw);
    if cell.is_empty() || missing.iter().any(|m| normalize_cell(m) == cell) {
        return Ok(Answer::Missing);
    }
    let category = |token: &str| {
        let lower = token.to_lowercase();
        q.categories.iter().position(|c| {
            normalize_cell(&c.code) == token
                || normalize_cell(&c.label.ja) == token
                || c.label.en.to_lowercase() == lower
        })
    };
    if let (QuestionKind::Multiple, Some(sep)) = (q.kind, q.separator.as_deref()) {
        let mut chosen = 0u64;
        for token in cell
            .split(sep)
            .map(normalize_cell)
            .filter(|t| !t.is_empty())
        {
            match category(&token) {
                Some(i) => chosen |= 1 << i,
                None => return Err(unknown(q)),
            }
        }
        return Ok(Answer::Choices(chosen));
    }
    category(&cell)
        .map(Answer::Category)
        .ok_or_else(|| unknown(q))
}

/// What a question's answer should be.
fn unknown(q: &Question) -> Expected {
    Expected::Answer {
        question: q.id.clone(),
        choices: q
            .categories
            .iter()
            .map(|c| format!("{} ({})", c.code, c.label.ja))
            .collect(),
    }
}
