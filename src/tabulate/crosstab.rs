//! Building the cross-table of one question by one grouping, with every unit
//! accounted for: counted in a cell, excluded for a stated reason, or outside
//! the grouping's population (e.g. towns in a cities-only table).

use crate::input::survey::{Grouping, GroupingKind, Question, SurveyDefinition};
use crate::municipality::{ClassGroup, IndustryType};
use crate::tabulate::table::ContingencyTable;
use crate::text::Label;
use crate::units::{Answer, Returns};
use nalgebra::DMatrix;
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
}

impl CrossTab {
    /// Units excluded from the table within the population.
    pub fn excluded(&self) -> usize {
        self.exclusions.iter().map(|e| e.count).sum()
    }
}

/// One table column: what a unit must be to be counted in it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Level {
    Class(ClassGroup),
    Industry(IndustryType),
}

fn levels(grouping: &Grouping) -> Vec<Level> {
    match (grouping.by, grouping.scheme) {
        (GroupingKind::Industry, Some(scheme)) => {
            let codes = grouping
                .levels
                .clone()
                .unwrap_or_else(|| (0..=scheme.max_code()).collect());
            codes
                .into_iter()
                .map(|code| Level::Industry(IndustryType { scheme, code }))
                .collect()
        }
        _ => grouping
            .population()
            .into_iter()
            .map(Level::Class)
            .collect(),
    }
}

/// The label of a grouping's column.
fn level_label(def: &SurveyDefinition, level: Level) -> Label {
    match level {
        Level::Class(g) => g.label(),
        Level::Industry(t) => def.industry_thresholds.label(t),
    }
}

/// Cross-tabulates `question` (rows, in category order) by `grouping`
/// (columns, in level order).
pub fn cross_tabulate(
    def: &SurveyDefinition,
    returns: &Returns,
    question: &Question,
    grouping: &Grouping,
) -> CrossTab {
    let qi = def
        .questions
        .iter()
        .position(|q| q.id == question.id)
        .expect("question from this definition");
    let levels = levels(grouping);
    let population = grouping.population();
    let mut counts = DMatrix::<u64>::zeros(question.categories.len(), levels.len());
    let mut exclusions: Vec<Exclusion> = Vec::new();
    let mut exclude = |reason: ExclusionReason, id: &str| match exclusions
        .iter_mut()
        .find(|e| e.reason == reason)
    {
        Some(e) => {
            e.count += 1;
            e.unit_ids.push(id.to_string());
        }
        None => exclusions.push(Exclusion {
            reason,
            count: 1,
            unit_ids: vec![id.to_string()],
        }),
    };
    let mut outside = 0;
    for unit in &returns.units {
        if !population.contains(&unit.group()) {
            outside += 1;
            continue;
        }
        let column = match grouping.by {
            GroupingKind::ClassGroup => {
                levels.iter().position(|l| *l == Level::Class(unit.group()))
            }
            GroupingKind::Industry => match unit.industry {
                None => {
                    exclude(ExclusionReason::NoIndustryType, &unit.id);
                    continue;
                }
                Some(t) => {
                    let pos = levels.iter().position(|l| *l == Level::Industry(t));
                    if pos.is_none() {
                        exclude(
                            ExclusionReason::IndustryCodeNotInGrouping { code: t.code },
                            &unit.id,
                        );
                        continue;
                    }
                    pos
                }
            },
        };
        // A class-group grouping's levels are its population, so every unit
        // in the population has a column; count any other case as outside
        // rather than lose it.
        debug_assert!(column.is_some(), "unit in population without a column");
        let Some(j) = column else {
            outside += 1;
            continue;
        };
        match unit.answers[qi] {
            Answer::Category(i) => counts[(i, j)] += 1,
            Answer::Missing => exclude(ExclusionReason::NoAnswer, &unit.id),
        }
    }
    let table = ContingencyTable::new(
        question
            .categories
            .iter()
            .map(|c| c.label.clone())
            .collect(),
        levels.iter().map(|&l| level_label(def, l)).collect(),
        counts,
    );
    CrossTab {
        question_id: question.id.clone(),
        grouping_id: grouping.id.clone(),
        question: question.label.clone(),
        grouping: grouping.label.clone(),
        table,
        units_read: returns.units.len(),
        outside_population: outside,
        exclusions,
        blank_lines: returns.blank_lines.clone(),
    }
}
