//! The unit list: each unit with its class, class group, code, shares and
//! derived industry type, so the typing can be checked before a table is
//! trusted.

use crate::input::survey::SurveyDefinition;
use crate::report::messages::UnitColumn;
use crate::report::{Block, Cell, Line, Msg, Name, Records, Report, Section, Text};
use crate::units::{IndustrySource, Returns, Unit};
use serde::Serialize;

/// One unit as the list shows it (also its JSON record).
#[derive(Serialize)]
pub struct UnitRow {
    pub unit_id: String,
    pub line: usize,
    pub class: Name,
    pub class_group: Name,
    pub code: Option<String>,
    pub share_secondary_tertiary: Option<f64>,
    pub share_tertiary: Option<f64>,
    pub industry_scheme: Option<&'static str>,
    pub industry_code: Option<u8>,
    pub industry_type: Option<Name>,
    pub industry_source: IndustrySource,
    /// The 類似団体 type: 政令指定都市, 中核市, 施行時特例市 and 特別区 their
    /// own; band × industry code (`Ⅱ-1`) for 一般市 and 町村.
    pub ruiji_type: Option<Name>,
}

fn unit_row(u: &Unit, def: &SurveyDefinition) -> UnitRow {
    use crate::municipality::IndustryScheme;
    UnitRow {
        unit_id: u.id.clone(),
        line: u.line,
        class: u.class.name().into(),
        class_group: u.group().label().into(),
        code: u.code.map(|c| c.to_string()),
        share_secondary_tertiary: u.shares.map(|s| s.secondary_tertiary),
        share_tertiary: u.shares.map(|s| s.tertiary),
        industry_scheme: u.industry.map(|t| match t.scheme {
            IndustryScheme::City => "city",
            IndustryScheme::Town => "town",
        }),
        industry_code: u.industry.map(|t| t.code),
        industry_type: u.industry.map(|t| def.industry_thresholds.label(t).into()),
        industry_source: u.industry_source,
        ruiji_type: crate::tabulate::crosstab::ruiji_type(def, u).map(Name::from),
    }
}

const COLUMNS: [(&str, UnitColumn); 12] = [
    ("unit_id", UnitColumn::UnitId),
    ("line", UnitColumn::Line),
    ("class", UnitColumn::Class),
    ("class_group", UnitColumn::ClassGroup),
    ("code", UnitColumn::Code),
    (
        "share_secondary_tertiary",
        UnitColumn::ShareSecondaryTertiary,
    ),
    ("share_tertiary", UnitColumn::ShareTertiary),
    ("industry_scheme", UnitColumn::IndustryScheme),
    ("industry_code", UnitColumn::IndustryCode),
    ("industry_type", UnitColumn::IndustryType),
    ("industry_source", UnitColumn::IndustrySource),
    ("ruiji_type", UnitColumn::RuijiType),
];

/// An industry scheme's name for the table.
fn scheme_words(key: &str) -> crate::text::Label {
    match key {
        "city" => crate::text::Label::new("都市", "city"),
        _ => crate::text::Label::new("町村", "town or village"),
    }
}

/// Where a unit's industry type came from, for the table.
fn source_words(s: IndustrySource) -> crate::text::Label {
    match s {
        IndustrySource::Shares => crate::text::Label::new("就業者比率", "shares"),
        IndustrySource::CodeColumn => crate::text::Label::new("類型の列", "code column"),
        IndustrySource::Missing => crate::text::Label::new("なし", "missing"),
    }
}

fn cells(r: &UnitRow) -> Vec<Cell> {
    let text = |s: Option<String>| Cell::Text(s.unwrap_or_default().into());
    vec![
        Cell::Text(r.unit_id.clone().into()),
        Cell::Count(r.line as u64),
        Cell::Text((&r.class).into()),
        Cell::Text((&r.class_group).into()),
        text(r.code.clone()),
        // Shares and codes are numbers (the municipality code, with its
        // leading zeros, is an identifier and stays text).
        r.share_secondary_tertiary
            .map_or(Cell::Undefined, Cell::Figure),
        r.share_tertiary.map_or(Cell::Undefined, Cell::Figure),
        // The JSON keeps its keys (`city`, `shares`); the table says them
        // in the output's language.
        r.industry_scheme.map_or_else(
            || text(None),
            |k| Cell::Text((&Name::Label(scheme_words(k))).into()),
        ),
        r.industry_code
            .map_or_else(|| text(None), |v| Cell::Count(u64::from(v))),
        r.industry_type
            .as_ref()
            .map_or_else(|| text(None), |n| Cell::Text(n.into())),
        Cell::Text((&Name::Label(source_words(r.industry_source))).into()),
        r.ruiji_type
            .as_ref()
            .map_or_else(|| text(None), |n| Cell::Text(n.into())),
    ]
}

/// The unit list of a survey's returns.
pub fn report(def: &SurveyDefinition, returns: &Returns) -> Report {
    let rows: Vec<UnitRow> = returns.units.iter().map(|u| unit_row(u, def)).collect();
    let records = Records {
        columns: COLUMNS
            .iter()
            .map(|(key, c)| (*key, Text::from(Msg::UnitColumn(*c))))
            .collect(),
        rows: rows.iter().map(cells).collect(),
    };
    Report {
        title: Some(def.title.clone().into()),
        sections: vec![Section {
            title: def.title.clone().into(),
            short_name: None,
            blocks: vec![Block::Records(records)],
        }],
        closing: vec![Line::new(
            0,
            Msg::UnitsRead {
                units: rows.len(),
                returns: returns.source.display().to_string(),
                encoding: returns.encoding.to_string(),
            },
        )],
        data: Some(Box::new(rows)),
        ..Default::default()
    }
}
