//! A multiple-answer question (複数回答) by a grouping: for each option the
//! units that chose it, by group, over the units that answered the question
//! (the base); every unit accounted for as in a single-answer table.

use super::crosstab::{Exclusion, ExclusionReason, Exclusions, Placement, Placer, question_index};
use crate::input::survey::{Grouping, Question, SurveyDefinition};
use crate::units::{Answer, Returns};
use nalgebra::DMatrix;
use renkei_text::{Label, Name};

#[derive(Debug, Clone)]
pub struct MultipleTab {
    pub question_id: String,
    pub grouping_id: String,
    pub question: Label,
    pub grouping: Label,
    pub options: Vec<Label>,
    pub groups: Vec<Name>,
    /// Units that chose each option (rows), by group (columns).
    pub chosen: DMatrix<u64>,
    /// Units that answered the question, by group: the base of the percentages.
    pub respondents: Vec<u64>,
    /// Each respondent's choices (bit i = option i) and group.
    pub answers: Vec<(u64, usize)>,
    pub units_read: usize,
    pub outside_population: usize,
    pub exclusions: Vec<Exclusion>,
    pub blank_lines: Vec<usize>,
    pub levels_from_data: bool,
    /// What a return with no option marked means (the question's rule).
    pub blank_row: crate::input::survey::BlankRow,
}

impl MultipleTab {
    pub fn excluded(&self) -> usize {
        self.exclusions.iter().map(|e| e.count).sum()
    }

    /// Respondents who chose none of the options, by group.
    pub fn chose_none(&self) -> Vec<u64> {
        let mut none = vec![0; self.groups.len()];
        for &(mask, g) in &self.answers {
            if mask == 0 {
                none[g] += 1;
            }
        }
        none
    }
}

/// Tabulates a multiple-answer `question` by `grouping`.
pub fn tabulate_multiple(
    def: &SurveyDefinition,
    returns: &Returns,
    question: &Question,
    grouping: &Grouping,
) -> MultipleTab {
    let qi = question_index(def, question);
    let placer = Placer::new(def, returns, grouping);
    let (c, r) = (question.categories.len(), placer.columns());
    let mut chosen = DMatrix::<u64>::zeros(c, r);
    let mut respondents = vec![0u64; r];
    let mut answers = Vec::new();
    let mut exclusions = Exclusions::default();
    let mut outside = 0;
    for unit in &returns.units {
        let g = match placer.place(unit) {
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
            Answer::Choices(mask) => {
                respondents[g] += 1;
                for i in 0..c {
                    if mask & (1 << i) != 0 {
                        chosen[(i, g)] += 1;
                    }
                }
                answers.push((mask, g));
            }
            // A multiple question never reads as one category; count it as
            // no answer rather than lose it.
            Answer::Missing | Answer::Category(_) => {
                exclusions.add(ExclusionReason::NoAnswer, &unit.id)
            }
            Answer::Unknown => exclusions.add(ExclusionReason::UnknownAnswer, &unit.id),
        }
    }
    MultipleTab {
        blank_row: question.blank_row,
        question_id: question.id.clone(),
        grouping_id: grouping.id.clone(),
        question: question.label.clone(),
        grouping: grouping.label.clone(),
        options: question
            .categories
            .iter()
            .map(|c| c.label.clone())
            .collect(),
        groups: placer.labels(),
        chosen,
        respondents,
        answers,
        units_read: returns.units.len(),
        outside_population: outside,
        exclusions: exclusions.0,
        blank_lines: returns.blank_lines.clone(),
        levels_from_data: placer.levels_from_data,
    }
}
