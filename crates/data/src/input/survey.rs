//! Survey definitions: `surveys/<id>/survey.json`.
//!
//! A definition names the questions (with their ordered answer categories),
//! the columns that carry the unit attributes, the 類似団体 thresholds and the
//! groupings the tables are made by. It is data, so that a new survey or a
//! new classification needs no new code.

use crate::error::{Error, InputError, Result};
use crate::municipality::normalize_cell;
use crate::municipality::{ClassGroup, IndustryScheme, IndustryThresholds, PopulationBands};

use crate::messages::errors::{Expected, Usage};
pub use renkei_text::Label;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The file name of a definition inside a survey directory.
pub const DEFINITION_FILE: &str = "survey.json";

/// Which columns of the returns carry the unit attributes.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "unit columns: {\"id\": \"<header>\", \"class\": \"<header>\", …}"
)]
pub struct UnitColumns {
    /// A unique id per unit (required).
    pub id: String,
    /// The municipality class: 特別区, 政令指定都市, 中核市, 施行時特例市, 行政区, 市, 町, 村 (required).
    pub class: String,
    /// The 6-digit 全国地方公共団体コード (optional; validated when present).
    #[serde(default)]
    pub code: Option<String>,
    /// Ⅱ次+Ⅲ次 employment share in percent (optional).
    #[serde(default)]
    pub share_secondary_tertiary: Option<String>,
    /// Ⅲ次 employment share in percent (optional).
    #[serde(default)]
    pub share_tertiary: Option<String>,
    /// A 類似団体 industry code given directly (optional; 0–3 cities, 0–2 towns/villages).
    #[serde(default)]
    pub industry_code: Option<String>,
    /// The unit's population (optional; for population bands and 類似団体 types).
    #[serde(default)]
    pub population: Option<String>,
    /// The unit's prefecture (optional; a grouping or a stratum).
    #[serde(default)]
    pub prefecture: Option<String>,
}

/// One answer category of a question.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a category: {\"code\": \"1\", \"label\": {\"ja\": \"…\", \"en\": \"…\"}}"
)]
pub struct Category {
    /// The code a return may carry instead of the label (e.g. "1").
    pub code: String,
    pub label: Label,
    /// For a multiple-answer question answered in one column per option:
    /// this option's column (1/0, 〇/blank, TRUE/FALSE).
    #[serde(default)]
    pub column: Option<String>,
}

/// Whether a question takes one answer or several.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    /// One answer (a category) per unit.
    #[default]
    Single,
    /// Any number of the options (複数回答).
    Multiple,
}

/// A survey question with its ordered answer categories.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a question: {\"id\": …, \"column\": \"<header>\", \"label\": {\"ja\": \"…\", \"en\": \"…\"}, \"categories\": […]}"
)]
pub struct Question {
    pub id: String,
    /// `single` (default) or `multiple` (複数回答).
    #[serde(rename = "type", default)]
    pub kind: QuestionKind,
    /// The column of the returns that carries the answer (for a multiple
    /// question: the delimited codes, with `separator`; or leave it out
    /// and give each category its `column`).
    #[serde(default)]
    pub column: String,
    /// For a multiple question in one column: what separates the codes (e.g. ";").
    #[serde(default)]
    pub separator: Option<String>,
    pub label: Label,
    /// Whether the categories are ordered (they are listed in that order).
    #[serde(default)]
    pub ordered: bool,
    pub categories: Vec<Category>,
    /// For a multiple question: what a return with no option marked (every
    /// option's cell empty) means [default: no_answer].
    #[serde(default, skip_serializing_if = "BlankRow::is_no_answer")]
    pub blank_row: BlankRow,
}

/// What a multiple-answer return with every option's cell empty means.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BlankRow {
    /// The question was not answered: the return is left out of the base
    /// (the percentages are of the units that marked something, 0 or 1).
    #[default]
    NoAnswer,
    /// The unit answered and chose none: it stays in the base.
    NoneChosen,
}

impl BlankRow {
    pub fn is_no_answer(&self) -> bool {
        *self == BlankRow::NoAnswer
    }
}

/// What a grouping types the units by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum GroupingKind {
    /// The four class groups of 表3.
    ClassGroup,
    /// The 類似団体 industry code under one scheme.
    Industry,
    /// The values of any column of the returns (都道府県, 保健所設置, …).
    Column,
    /// The population band under one scheme (needs `unit_columns.population`).
    PopulationBand,
    /// The full 類似団体 type: population band × industry code (e.g. Ⅱ-1).
    Ruiji,
}

/// The columns of a grouping: industry codes (`industry`), or values of a
/// column with their labels (`column`), in order.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    untagged,
    expecting = "levels: industry codes such as [1, 2, 3], or [{\"code\": \"…\", \"label\": {\"ja\": \"…\", \"en\": \"…\"}}, …] for a column grouping"
)]
pub enum GroupingLevels {
    Codes(Vec<u8>),
    Values(Vec<Category>),
}

/// Which units a grouping keeps, by another column's values.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a filter: {\"column\": \"<header>\", \"values\": [\"…\"]}"
)]
pub struct Filter {
    pub column: String,
    pub values: Vec<String>,
}

/// A way of splitting the units into table columns.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a grouping: {\"id\": …, \"label\": {\"ja\": \"…\", \"en\": \"…\"}, \"by\": \"class-group\" or \"industry\", …}"
)]
pub struct Grouping {
    pub id: String,
    pub label: Label,
    pub by: GroupingKind,
    /// For `industry`: the scheme (city or town).
    #[serde(default)]
    pub scheme: Option<IndustryScheme>,
    /// For `column`: the column of the returns whose values are the groups.
    #[serde(default)]
    pub column: Option<String>,
    /// For `industry`: the codes that are table columns, in order; for
    /// `column`: the values (`code`) with their labels, in order. Units of
    /// the population with another value are excluded and reported. A
    /// `column` grouping without levels takes the distinct values, sorted.
    #[serde(default)]
    pub levels: Option<GroupingLevels>,
    /// Keep only units whose `column` holds one of `values`.
    #[serde(default)]
    pub filter: Option<Filter>,
    /// The class groups that make the population. Default: all groups for
    /// `class-group`; for `industry`, the groups typed by that scheme.
    #[serde(default)]
    pub class_groups: Option<Vec<ClassGroup>>,
    /// Whether the columns are ordered (with an ordered question, this adds
    /// the linear-by-linear association test).
    #[serde(default)]
    pub ordered: bool,
}

impl Question {
    /// Whether a table of this question by `g` has a trend to test (the
    /// linear-by-linear test): both the answers and the groups are ordered.
    pub fn ordered_with(&self, g: &Grouping) -> bool {
        self.ordered && g.ordered
    }
}

impl Grouping {
    /// The class groups whose units belong to this grouping's population.
    pub fn population(&self) -> Vec<ClassGroup> {
        if let Some(groups) = &self.class_groups {
            return groups.clone();
        }
        match (self.by, self.scheme) {
            (
                GroupingKind::Industry | GroupingKind::PopulationBand | GroupingKind::Ruiji,
                Some(scheme),
            ) => ClassGroup::ALL
                .into_iter()
                .filter(|g| g.industry_scheme() == scheme)
                .collect(),
            _ => ClassGroup::ALL.to_vec(),
        }
    }
}

/// A survey definition.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a survey definition: an object with \"id\", \"title\", \"returns\", \"unit_columns\", \"questions\" and \"groupings\" (see README)"
)]
pub struct SurveyDefinition {
    /// The JSON Schema the file follows (for editors; `../survey.schema.json`).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub id: String,
    pub title: Label,
    /// The returns file, relative to the survey directory.
    pub returns: String,
    /// The worksheet of spreadsheet returns [default: the first that holds
    /// a table]; `--sheet` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The sheet's row of headers, 1 = its first row [default: found: the
    /// first row as wide as the table, below any title rows].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_row: Option<usize>,
    pub unit_columns: UnitColumns,
    #[serde(default)]
    pub industry_thresholds: IndustryThresholds,
    /// Cell values that mean "no answer" besides the empty cell (e.g. "無回答").
    #[serde(default)]
    pub missing_values: Vec<String>,
    /// Population bands of `population-band` and `ruiji` groupings.
    #[serde(default)]
    pub population_bands: PopulationBands,
    pub questions: Vec<Question>,
    pub groupings: Vec<Grouping>,
}

impl SurveyDefinition {
    /// The JSON Schema of survey definitions (shipped as `surveys/survey.schema.json`).
    pub fn json_schema() -> String {
        let schema = schemars::schema_for!(SurveyDefinition);
        serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
    }

    /// The columns of the returns that groupings and filters read (beside
    /// the unit columns), each once, in the order the groupings name them.
    pub fn referenced_columns(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for g in &self.groupings {
            for c in [g.column.as_ref(), g.filter.as_ref().map(|f| &f.column)]
                .into_iter()
                .flatten()
            {
                if !out.contains(c) {
                    out.push(c.clone());
                }
            }
        }
        out
    }
}

/// A survey: its definition and the directory it came from.
#[derive(Debug, Clone)]
pub struct Survey {
    pub dir: PathBuf,
    pub definition_path: PathBuf,
    pub definition: SurveyDefinition,
}

impl Survey {
    /// Loads and validates `DIR/survey.json`.
    pub fn load(dir: &Path) -> Result<Survey> {
        let definition_path = dir.join(DEFINITION_FILE);
        let text = super::read_text(&definition_path)?;
        let definition = parse_definition(&definition_path, &text)?;
        Ok(Survey {
            dir: dir.to_path_buf(),
            definition_path,
            definition,
        })
    }

    /// The returns file named by the definition.
    pub fn returns_path(&self) -> PathBuf {
        self.dir.join(&self.definition.returns)
    }

    pub fn question(&self, id: &str) -> Result<&Question> {
        let def = &self.definition;
        def.questions.iter().find(|q| q.id == id).ok_or_else(|| {
            Error::Usage(Usage::NoQuestion {
                survey: def.id.clone(),
                id: id.to_string(),
                known: def.questions.iter().map(|q| q.id.clone()).collect(),
            })
        })
    }

    pub fn grouping(&self, id: &str) -> Result<&Grouping> {
        let def = &self.definition;
        def.groupings.iter().find(|g| g.id == id).ok_or_else(|| {
            Error::Usage(Usage::NoGrouping {
                survey: def.id.clone(),
                id: id.to_string(),
                known: def.groupings.iter().map(|g| g.id.clone()).collect(),
            })
        })
    }
}

/// Parses a definition and checks what serde cannot: unique ids and codes,
/// grouping settings that fit their kind, thresholds within 0–100.
pub fn parse_definition(path: &Path, text: &str) -> Result<SurveyDefinition> {
    let def: SurveyDefinition = super::parse_document(path, text, super::Document::Definition)?;
    let mut errors = Vec::new();
    let mut err = |column: String, value: String, expected: Expected| {
        errors.push(InputError::new(path, expected).column(column).value(value));
    };

    // Each unit column is one role: a column read as two would type a unit
    // twice from one cell.
    let uc = &def.unit_columns;
    let roles = [
        ("population", uc.population.as_ref()),
        ("prefecture", uc.prefecture.as_ref()),
        ("id", Some(&uc.id)),
        ("class", Some(&uc.class)),
        ("code", uc.code.as_ref()),
        (
            "share_secondary_tertiary",
            uc.share_secondary_tertiary.as_ref(),
        ),
        ("share_tertiary", uc.share_tertiary.as_ref()),
        ("industry_code", uc.industry_code.as_ref()),
    ];
    let mut columns: HashMap<&str, &str> = HashMap::new();
    for (role, column) in roles {
        let Some(column) = column else { continue };
        if column.trim().is_empty() {
            err(
                format!("unit_columns.{role}"),
                column.clone(),
                Expected::NonEmpty,
            );
        } else if let Some(first) = columns.insert(column, role) {
            err(
                format!("unit_columns.{role}"),
                column.clone(),
                Expected::ColumnOnce {
                    other: first.to_string(),
                },
            );
        }
    }

    let mut ids = HashSet::new();
    for (qi, q) in def.questions.iter().enumerate() {
        if q.id.trim().is_empty() {
            err(
                format!("questions[{qi}].id"),
                q.id.clone(),
                Expected::NonEmpty,
            );
        }
        if !ids.insert(q.id.as_str()) {
            err(
                format!("questions[{qi}].id"),
                q.id.clone(),
                Expected::UniqueQuestionId,
            );
        }
        if q.categories.is_empty() {
            err(
                format!("questions[{qi}].categories"),
                "[]".into(),
                Expected::Category,
            );
        }
        let per_option = q.categories.iter().filter(|c| c.column.is_some()).count();
        match q.kind {
            QuestionKind::Single => {
                if q.column.trim().is_empty() {
                    err(
                        format!("questions[{qi}].column"),
                        q.column.clone(),
                        Expected::SingleColumn,
                    );
                }
                if q.separator.is_some() || per_option > 0 {
                    err(
                        format!("questions[{qi}].type"),
                        "single".into(),
                        Expected::SingleColumn,
                    );
                }
            }
            QuestionKind::Multiple => {
                let one_column =
                    !q.column.trim().is_empty() && q.separator.is_some() && per_option == 0;
                let columns = q.column.trim().is_empty()
                    && q.separator.is_none()
                    && per_option == q.categories.len();
                if !(one_column || columns) {
                    err(
                        format!("questions[{qi}]"),
                        q.id.clone(),
                        Expected::MultipleColumns,
                    );
                }
                // Two options read from one column would be counted as one
                // answer twice.
                for (ci, c) in q.categories.iter().enumerate() {
                    if let Some(col) = c.column.as_deref()
                        && let Some(first) = q.categories[..ci]
                            .iter()
                            .position(|o| o.column.as_deref() == Some(col))
                    {
                        err(
                            format!("questions[{qi}].categories[{ci}].column"),
                            col.to_string(),
                            Expected::OptionColumnOnce {
                                other: q.categories[first].code.clone(),
                            },
                        );
                    }
                }
                if q.categories.len() > 64 {
                    err(
                        format!("questions[{qi}].categories"),
                        q.categories.len().to_string(),
                        Expected::AtMost64Options,
                    );
                }
                if let Some(sep) = q.separator.as_deref() {
                    if sep.is_empty() {
                        err(
                            format!("questions[{qi}].separator"),
                            String::new(),
                            Expected::NonEmpty,
                        );
                    }
                    for (ci, c) in q.categories.iter().enumerate() {
                        for (what, v) in [
                            ("code", &c.code),
                            ("label.ja", &c.label.ja),
                            ("label.en", &c.label.en),
                        ] {
                            if !sep.is_empty() && v.contains(sep) {
                                err(
                                    format!("questions[{qi}].categories[{ci}].{what}"),
                                    v.clone(),
                                    Expected::SeparatorInLabel {
                                        separator: sep.to_string(),
                                    },
                                );
                            }
                        }
                    }
                }
            }
        }
        // An answer is read by code or label (see `units::parse_answer`): a
        // text that names two categories cannot be read; one category may
        // use the same text twice (a label that is the same in Japanese
        // and English, such as NPO).
        let mut names: HashMap<String, usize> = HashMap::new();
        for (ci, c) in q.categories.iter().enumerate() {
            for (what, v) in [
                ("code", &c.code),
                ("label.ja", &c.label.ja),
                ("label.en", &c.label.en),
            ] {
                let key = normalize_cell(v).to_lowercase();
                if key.is_empty() {
                    err(
                        format!("questions[{qi}].categories[{ci}].{what}"),
                        v.clone(),
                        Expected::NonEmpty,
                    );
                } else if names
                    .insert(key.clone(), ci)
                    .is_some_and(|other| other != ci)
                {
                    err(
                        format!("questions[{qi}].categories[{ci}].{what}"),
                        v.clone(),
                        Expected::DistinctCategories,
                    );
                }
                // A missing-value marker that is also an answer would read
                // that answer as no answer.
                if def
                    .missing_values
                    .iter()
                    .any(|m| normalize_cell(m).to_lowercase() == key)
                {
                    err(
                        "missing_values".into(),
                        v.clone(),
                        Expected::MissingNotAnAnswer {
                            question: q.id.clone(),
                        },
                    );
                }
            }
        }
    }
    let mut gids = HashSet::new();
    for (gi, g) in def.groupings.iter().enumerate() {
        if !gids.insert(g.id.as_str()) {
            err(
                format!("groupings[{gi}].id"),
                g.id.clone(),
                Expected::UniqueGroupingId,
            );
        }
        let at = |what: &str| format!("groupings[{gi}].{what}");
        let needs_scheme = matches!(
            g.by,
            GroupingKind::Industry | GroupingKind::PopulationBand | GroupingKind::Ruiji
        );
        if needs_scheme && g.scheme.is_none() {
            err(at("scheme"), "(missing)".into(), Expected::Scheme);
        }
        if !needs_scheme && g.scheme.is_some() {
            err(at("scheme"), g.id.clone(), Expected::NoSchemeOnClassGroup);
        }
        if matches!(g.by, GroupingKind::PopulationBand | GroupingKind::Ruiji)
            && uc.population.is_none()
        {
            err(at("by"), g.id.clone(), Expected::PopulationColumn);
        }
        if g.by == GroupingKind::Ruiji
            && uc.industry_code.is_none()
            && (uc.share_secondary_tertiary.is_none() || uc.share_tertiary.is_none())
        {
            err(at("by"), g.id.clone(), Expected::IndustryColumns);
        }
        match (g.by, &g.column) {
            (GroupingKind::Column, None) => {
                err(at("column"), "(missing)".into(), Expected::GroupingColumn)
            }
            (GroupingKind::Column, Some(c)) if c.trim().is_empty() => {
                err(at("column"), c.clone(), Expected::NonEmpty)
            }
            (GroupingKind::Column, _) | (_, None) => {}
            (_, Some(c)) => err(at("column"), c.clone(), Expected::NoColumnOnKind),
        }
        match (&g.levels, g.by) {
            (None, _) => {}
            (Some(GroupingLevels::Codes(levels)), GroupingKind::Industry) => {
                if levels.is_empty() {
                    err(at("levels"), "[]".into(), Expected::Level);
                }
                let mut seen = HashSet::new();
                let max = g.scheme.map_or(3, |s| s.max_code());
                for &l in levels {
                    if !seen.insert(l) {
                        err(at("levels"), l.to_string(), Expected::DistinctLevels);
                    }
                    if l > max {
                        err(at("levels"), l.to_string(), Expected::IndustryCodes { max });
                    }
                }
            }
            (Some(GroupingLevels::Values(levels)), GroupingKind::Column) => {
                if levels.is_empty() {
                    err(at("levels"), "[]".into(), Expected::Level);
                }
                let mut seen = HashSet::new();
                for (li, l) in levels.iter().enumerate() {
                    let key = normalize_cell(&l.code);
                    if key.is_empty() {
                        err(
                            format!("groupings[{gi}].levels[{li}].code"),
                            l.code.clone(),
                            Expected::NonEmpty,
                        );
                    } else if !seen.insert(key) {
                        err(
                            format!("groupings[{gi}].levels[{li}].code"),
                            l.code.clone(),
                            Expected::DistinctLevels,
                        );
                    }
                }
            }
            (Some(_), _) => err(at("levels"), g.id.clone(), Expected::LevelsOfKind),
        }
        if let Some(f) = &g.filter {
            if f.column.trim().is_empty() {
                err(at("filter.column"), f.column.clone(), Expected::NonEmpty);
            }
            if f.values.is_empty() {
                err(at("filter.values"), "[]".into(), Expected::Level);
            }
        }
    }
    for (gi, g) in def.groupings.iter().enumerate() {
        if g.id.trim().is_empty() {
            err(
                format!("groupings[{gi}].id"),
                g.id.clone(),
                Expected::NonEmpty,
            );
        }
    }
    for (scheme, bounds) in [
        ("city", &def.population_bands.city),
        ("town", &def.population_bands.town),
    ] {
        let in_order =
            !bounds.is_empty() && bounds.windows(2).all(|w| w[0] < w[1]) && bounds[0] > 0;
        if !in_order {
            err(
                format!("population_bands.{scheme}"),
                format!("{bounds:?}"),
                Expected::BandsInOrder,
            );
        }
    }
    let t = &def.industry_thresholds;
    if t.city.tertiary_high < t.city.tertiary_low {
        err(
            "industry_thresholds.city.tertiary_high".into(),
            t.city.tertiary_high.to_string(),
            Expected::ThresholdOrder {
                low: t.city.tertiary_low,
            },
        );
    }
    for (name, v) in [
        ("city.secondary_tertiary", t.city.secondary_tertiary),
        ("city.tertiary_high", t.city.tertiary_high),
        ("city.tertiary_low", t.city.tertiary_low),
        ("town.secondary_tertiary", t.town.secondary_tertiary),
        ("town.tertiary", t.town.tertiary),
    ] {
        if !(0.0..=100.0).contains(&v) {
            err(
                format!("industry_thresholds.{name}"),
                v.to_string(),
                Expected::Percent0To100,
            );
        }
    }
    if errors.is_empty() {
        Ok(def)
    } else {
        Err(Error::Input(errors))
    }
}
