//! Building the cross-table of one question by one grouping, with every unit
//! accounted for: counted in a cell, excluded for a stated reason, or outside
//! the grouping's population (e.g. towns in a cities-only table).

use crate::input::survey::{Grouping, GroupingKind, GroupingLevels, Question, SurveyDefinition};
use crate::municipality::{
    ClassGroup, IndustryScheme, IndustryType, MunicipalityClass, PopulationBands, normalize_cell,
};
use crate::tabulate::table::ContingencyTable;
use crate::units::{Answer, Returns};
use nalgebra::DMatrix;
use renkei_text::Label;
use renkei_text::Name;
use serde::Serialize;

/// Why a unit of the grouping's population is not in the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "reason")]
pub enum ExclusionReason {
    /// The question was not answered.
    NoAnswer,
    /// The return has neither employment shares nor an industry code.
    NoIndustryType,
    /// The unit's industry code is not one of the grouping's columns.
    IndustryCodeNotInGrouping { code: u8 },
    /// The grouping column is empty in the return.
    NoGroupingValue,
    /// The grouping column holds a value that is not one of the levels.
    GroupingValueNotInLevels { value: String },
    /// The return has no population (population bands and 類似団体 types).
    NoPopulation,
    /// A 行政区 (a ward of a designated city) has no 類似団体 type or
    /// population band: 総務省 types its city as a whole.
    WardHasNoType,
    /// The answer is not a category (`--unknown-as-missing`).
    UnknownAnswer,
}

/// Units left out of a table for one reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exclusion {
    #[serde(flatten)]
    pub reason: ExclusionReason,
    pub count: usize,
    /// The ids of the units, for a user who wants to check them.
    pub unit_ids: Vec<String>,
}

/// A question by a grouping: the table and the account of every unit.
#[derive(Debug, Clone)]
pub struct CrossTab {
    pub question_id: String,
    pub grouping_id: String,
    pub question: Label,
    pub grouping: Label,
    pub table: ContingencyTable,
    /// All units in the returns.
    pub units_read: usize,
    /// Units outside the grouping's population (class groups not in it).
    pub outside_population: usize,
    pub exclusions: Vec<Exclusion>,
    /// Lines of all-empty rows in the returns file (not units; reported).
    pub blank_lines: Vec<usize>,
    /// The columns are the distinct values found, sorted (a `column`
    /// grouping without `levels`): the output says so.
    pub levels_from_data: bool,
    /// Answers that are no category, excluded under `--unknown-as-missing`.
    pub unknown_answers: Vec<crate::units::UnknownAnswer>,
}

impl CrossTab {
    /// Units excluded from the table within the population.
    pub fn excluded(&self) -> usize {
        self.exclusions.iter().map(|e| e.count).sum()
    }
}

/// One table column: what a unit must be to be counted in it.
#[derive(Debug, Clone, PartialEq)]
enum Level {
    Class(ClassGroup),
    Industry(IndustryType),
    /// A value of the grouping column (normalized), with its label.
    Value(String, Name),
    /// A population band (0 = Ⅰ) under a scheme.
    Band(IndustryScheme, usize),
    /// A 類似団体 type: population band and industry type.
    Ruiji(usize, IndustryType),
    /// A class that is a 類似団体 type of its own (政令指定都市, 中核市,
    /// 施行時特例市, 特別区): not banded, not typed by industry.
    OwnType(MunicipalityClass),
}

/// The classes 総務省's 類似団体別市町村財政指数表 gives types of their own,
/// in its order; only 一般市 take a band × industry type (docs/domain.md).
const OWN_TYPES: [MunicipalityClass; 4] = [
    MunicipalityClass::DesignatedCity,
    MunicipalityClass::CoreCity,
    MunicipalityClass::SpecialCaseCity,
    MunicipalityClass::SpecialWard,
];

/// The own-type columns of a band or 類似団体 grouping: those of the
/// classes present among the grouping's units, in 総務省's order.
fn own_type_levels(def: &SurveyDefinition, returns: &Returns, grouping: &Grouping) -> Vec<Level> {
    let population = grouping.population();
    OWN_TYPES
        .into_iter()
        .filter(|class| {
            returns.units.iter().any(|u| {
                u.class == *class
                    && population.contains(&u.group())
                    && passes_filter(def, grouping, u)
            })
        })
        .map(Level::OwnType)
        .collect()
}

/// The index of a grouping's column in `SurveyDefinition::referenced_columns`.
fn value_index(def: &SurveyDefinition, column: &str) -> usize {
    def.referenced_columns()
        .iter()
        .position(|c| c == column)
        .unwrap_or_default()
}

/// A grouping's columns; `true` when they are the values found in the data.
fn levels(def: &SurveyDefinition, returns: &Returns, grouping: &Grouping) -> (Vec<Level>, bool) {
    let bands = &def.population_bands;
    match (grouping.by, grouping.scheme) {
        (GroupingKind::Industry, Some(scheme)) => {
            let codes = match &grouping.levels {
                Some(GroupingLevels::Codes(c)) => c.clone(),
                _ => (0..=scheme.max_code()).collect(),
            };
            let levels = codes
                .into_iter()
                .map(|code| Level::Industry(IndustryType { scheme, code }))
                .collect();
            (levels, false)
        }
        (GroupingKind::PopulationBand, Some(scheme)) => {
            let mut levels = own_type_levels(def, returns, grouping);
            levels.extend((0..bands.count(scheme)).map(|b| Level::Band(scheme, b)));
            (levels, false)
        }
        (GroupingKind::Ruiji, Some(scheme)) => {
            // Of the band × code types (up to 20), those the units have, in
            // band-then-code order: an empty type is no column.
            let population = grouping.population();
            let present: Vec<(usize, u8)> = returns
                .units
                .iter()
                .filter(|u| population.contains(&u.group()) && passes_filter(def, grouping, u))
                .filter(|u| is_banded(u.class))
                .filter_map(|u| Some((bands.band(scheme, u.population?), u.industry?.code)))
                .collect();
            let mut levels = own_type_levels(def, returns, grouping);
            levels.extend(
                (0..bands.count(scheme))
                    .flat_map(|b| (0..=scheme.max_code()).map(move |code| (b, code)))
                    .filter(|t| present.contains(t))
                    .map(|(b, code)| Level::Ruiji(b, IndustryType { scheme, code })),
            );
            (levels, false)
        }
        (GroupingKind::Column, _) => match &grouping.levels {
            Some(GroupingLevels::Values(values)) => {
                let levels = values
                    .iter()
                    .map(|v| Level::Value(normalize_cell(&v.code), Name::Label(v.label.clone())))
                    .collect();
                (levels, false)
            }
            _ => {
                let k = value_index(def, grouping.column.as_deref().unwrap_or_default());
                let population = grouping.population();
                let mut found: Vec<String> = returns
                    .units
                    .iter()
                    .filter(|u| population.contains(&u.group()) && passes_filter(def, grouping, u))
                    .map(|u| u.values[k].clone())
                    .filter(|v| !v.is_empty())
                    .collect();
                found.sort();
                found.dedup();
                let levels = found
                    .into_iter()
                    .map(|v| Level::Value(v.clone(), Name::Plain(v)))
                    .collect();
                (levels, true)
            }
        },
        _ => (
            grouping
                .population()
                .into_iter()
                .map(Level::Class)
                .collect(),
            false,
        ),
    }
}

/// Whether a unit passes the grouping's filter (no filter: every unit).
fn passes_filter(def: &SurveyDefinition, grouping: &Grouping, unit: &crate::units::Unit) -> bool {
    match &grouping.filter {
        None => true,
        Some(f) => {
            let v = &unit.values[value_index(def, &f.column)];
            f.values.iter().any(|w| normalize_cell(w) == *v)
        }
    }
}

/// The label of a grouping's column.
fn level_label(def: &SurveyDefinition, level: &Level) -> Name {
    match level {
        Level::Class(g) => Name::Label(g.label()),
        Level::Industry(t) => Name::Label(def.industry_thresholds.label(*t)),
        Level::Value(_, name) => name.clone(),
        Level::Band(scheme, b) => Name::Label(def.population_bands.label(*scheme, *b)),
        Level::Ruiji(b, t) => Name::Label(PopulationBands::ruiji_label(*b, *t)),
        Level::OwnType(class) => Name::Label(class.name()),
    }
}

/// A unit's 類似団体 type as 総務省 gives it: a type of its own
/// (政令指定都市, 中核市, 施行時特例市, 特別区), or band × industry code for
/// 一般市 and 町村 (`Ⅱ-1`); none for a 行政区, or without the population or
/// the industry type.
pub fn ruiji_type(def: &SurveyDefinition, unit: &crate::units::Unit) -> Option<Label> {
    if OWN_TYPES.contains(&unit.class) {
        return Some(unit.class.name());
    }
    if !is_banded(unit.class) {
        return None;
    }
    let (population, industry) = (unit.population?, unit.industry?);
    let band = def.population_bands.band(industry.scheme, population);
    Some(PopulationBands::ruiji_label(band, industry))
}

/// Whether a class takes a population band and a band × industry type
/// (一般市, 町, 村), as against a type of its own or none (行政区).
fn is_banded(class: MunicipalityClass) -> bool {
    matches!(
        class,
        MunicipalityClass::City | MunicipalityClass::Town | MunicipalityClass::Village
    )
}

/// Where a unit goes in a grouping's table.
pub(crate) enum Placement {
    /// Not in the grouping's population (class group or filter).
    Outside,
    /// In the population but in no column, for a reason.
    Excluded(ExclusionReason),
    /// In the column of this index.
    Column(usize),
}

/// A grouping's columns, and how each unit is placed in them.
pub(crate) struct Placer<'a> {
    def: &'a SurveyDefinition,
    grouping: &'a Grouping,
    levels: Vec<Level>,
    population: Vec<ClassGroup>,
    value_k: Option<usize>,
    /// The columns are the values found in the data.
    pub levels_from_data: bool,
}

impl<'a> Placer<'a> {
    pub(crate) fn new(
        def: &'a SurveyDefinition,
        returns: &Returns,
        grouping: &'a Grouping,
    ) -> Self {
        let (levels, levels_from_data) = levels(def, returns, grouping);
        Placer {
            def,
            grouping,
            levels,
            population: grouping.population(),
            value_k: grouping.column.as_deref().map(|c| value_index(def, c)),
            levels_from_data,
        }
    }

    /// The columns' labels.
    pub(crate) fn labels(&self) -> Vec<Name> {
        self.levels
            .iter()
            .map(|l| level_label(self.def, l))
            .collect()
    }

    pub(crate) fn columns(&self) -> usize {
        self.levels.len()
    }

    /// The column of a unit, or why it has none.
    pub(crate) fn place(&self, unit: &crate::units::Unit) -> Placement {
        let (def, grouping) = (self.def, self.grouping);
        if !self.population.contains(&unit.group()) || !passes_filter(def, grouping, unit) {
            return Placement::Outside;
        }
        let wanted: std::result::Result<Level, ExclusionReason> =
            match (grouping.by, grouping.scheme) {
                (GroupingKind::Industry, _) => unit
                    .industry
                    .map(Level::Industry)
                    .ok_or(ExclusionReason::NoIndustryType),
                (GroupingKind::Column, _) => {
                    let v = &unit.values[self.value_k.unwrap_or_default()];
                    if v.is_empty() {
                        Err(ExclusionReason::NoGroupingValue)
                    } else {
                        Ok(Level::Value(v.clone(), Name::Plain(v.clone())))
                    }
                }
                (GroupingKind::PopulationBand | GroupingKind::Ruiji, Some(_))
                    if OWN_TYPES.contains(&unit.class) =>
                {
                    Ok(Level::OwnType(unit.class))
                }
                (GroupingKind::PopulationBand | GroupingKind::Ruiji, Some(_))
                    if unit.class == MunicipalityClass::Ward =>
                {
                    Err(ExclusionReason::WardHasNoType)
                }
                (GroupingKind::PopulationBand, Some(scheme)) => unit
                    .population
                    .map(|p| Level::Band(scheme, def.population_bands.band(scheme, p)))
                    .ok_or(ExclusionReason::NoPopulation),
                (GroupingKind::Ruiji, Some(_)) => match (unit.population, unit.industry) {
                    (None, _) => Err(ExclusionReason::NoPopulation),
                    (_, None) => Err(ExclusionReason::NoIndustryType),
                    (Some(p), Some(t)) => {
                        Ok(Level::Ruiji(def.population_bands.band(t.scheme, p), t))
                    }
                },
                _ => Ok(Level::Class(unit.group())),
            };
        let level = match wanted {
            Err(reason) => return Placement::Excluded(reason),
            Ok(level) => level,
        };
        let pos = self.levels.iter().position(|l| match (l, &level) {
            (Level::Value(a, _), Level::Value(b, _)) => a == b,
            _ => *l == level,
        });
        match (pos, level) {
            (Some(j), _) => Placement::Column(j),
            (None, Level::Industry(t)) => {
                Placement::Excluded(ExclusionReason::IndustryCodeNotInGrouping { code: t.code })
            }
            (None, Level::Value(v, _)) => {
                Placement::Excluded(ExclusionReason::GroupingValueNotInLevels { value: v })
            }
            // Every unit of a class-group, band or 類似団体 grouping's
            // population has a level; count any other case as outside
            // rather than lose it.
            (None, _) => {
                debug_assert!(false, "unit in population without a column");
                Placement::Outside
            }
        }
    }
}

/// Exclusions by reason, each with its units' ids.
#[derive(Default)]
pub(crate) struct Exclusions(pub Vec<Exclusion>);

impl Exclusions {
    pub(crate) fn add(&mut self, reason: ExclusionReason, id: &str) {
        match self.0.iter_mut().find(|e| e.reason == reason) {
            Some(e) => {
                e.count += 1;
                e.unit_ids.push(id.to_string());
            }
            None => self.0.push(Exclusion {
                reason,
                count: 1,
                unit_ids: vec![id.to_string()],
            }),
        }
    }
}

/// The index of a question in its definition.
pub(crate) fn question_index(def: &SurveyDefinition, question: &Question) -> usize {
    def.questions
        .iter()
        .position(|q| q.id == question.id)
        .expect("question from this definition")
}

/// Cross-tabulates `question` (rows, in category order) by `grouping`
/// (columns, in level order).
pub fn cross_tabulate(
    def: &SurveyDefinition,
    returns: &Returns,
    question: &Question,
    grouping: &Grouping,
) -> CrossTab {
    let placer = Placer::new(def, returns, grouping);
    let units: Vec<&crate::units::Unit> = returns.units.iter().collect();
    tabulate_units(def, returns, question, grouping, &placer, &units)
}

/// Cross-tabulates `question` by `grouping` within each level of `strata`
/// (a grouping too), the columns the same in every stratum. Returns each
/// stratum's label and table, and the units in no stratum.
pub fn cross_tabulate_strata(
    def: &SurveyDefinition,
    returns: &Returns,
    question: &Question,
    grouping: &Grouping,
    strata: &Grouping,
) -> (Vec<(Name, CrossTab)>, usize) {
    let placer = Placer::new(def, returns, grouping);
    let by = Placer::new(def, returns, strata);
    let mut members: Vec<Vec<&crate::units::Unit>> = vec![Vec::new(); by.columns()];
    let mut unplaced = 0;
    for unit in &returns.units {
        match by.place(unit) {
            Placement::Column(k) => members[k].push(unit),
            _ => unplaced += 1,
        }
    }
    let tables = by
        .labels()
        .into_iter()
        .zip(members)
        .map(|(label, units)| {
            (
                label,
                tabulate_units(def, returns, question, grouping, &placer, &units),
            )
        })
        .collect();
    (tables, unplaced)
}

fn tabulate_units(
    def: &SurveyDefinition,
    returns: &Returns,
    question: &Question,
    grouping: &Grouping,
    placer: &Placer,
    units: &[&crate::units::Unit],
) -> CrossTab {
    let qi = question_index(def, question);
    let mut counts = DMatrix::<u64>::zeros(question.categories.len(), placer.columns());
    let mut exclusions = Exclusions::default();
    let mut unknown = Vec::new();
    let mut outside = 0;
    for unit in units {
        let column = match placer.place(unit) {
            Placement::Outside => {
                outside += 1;
                continue;
            }
            Placement::Excluded(reason) => {
                exclusions.add(reason, &unit.id);
                continue;
            }
            Placement::Column(j) => j,
        };
        match unit.answers[qi] {
            Answer::Category(i) => counts[(i, column)] += 1,
            // A single question never reads as choices; count it as no answer rather than lose it.
            Answer::Missing | Answer::Choices(_) => {
                exclusions.add(ExclusionReason::NoAnswer, &unit.id)
            }
            Answer::Unknown => {
                exclusions.add(ExclusionReason::UnknownAnswer, &unit.id);
                unknown.extend(
                    returns
                        .unknown_answers
                        .iter()
                        .filter(|u| u.unit_id == unit.id && u.column == question.column)
                        .cloned(),
                );
            }
        }
    }
    let table = ContingencyTable::new(
        question
            .categories
            .iter()
            .map(|c| c.label.clone())
            .collect(),
        placer.labels(),
        counts,
    );
    CrossTab {
        question_id: question.id.clone(),
        grouping_id: grouping.id.clone(),
        question: question.label.clone(),
        grouping: grouping.label.clone(),
        table,
        units_read: units.len(),
        outside_population: outside,
        exclusions: exclusions.0,
        blank_lines: returns.blank_lines.clone(),
        levels_from_data: placer.levels_from_data,
        unknown_answers: unknown,
    }
}
