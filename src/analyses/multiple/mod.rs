//! A multiple-answer question by a grouping: per option n and % of the
//! units that answered, by group; per option the group × chosen test
//! (Pearson, or exact where Cochran's rule fails) with Holm across the
//! options; and the overall test of marginal independence (Bilder &
//! Loughin 2004: Rao–Scott, bootstrap, Bonferroni).

pub mod messages;

use crate::analyses::multiple::messages::MultipleMsg;
use crate::error::Result;
use crate::report::{
    Block, Cell, Estimate, Grid, IntervalChart, IntervalRow, IntervalStyle, Line, Msg, Name,
    Report, Section, SlideBlock, SlideRow, Text,
};
use crate::stats::measures::holm;
use crate::stats::multiple::{MarginalIndependence, NotTestable, marginal_independence};
use crate::stats::{Analysis, PSource};
use crate::tabulate::PercentBase;
use crate::tabulate::crosstab::Exclusion;
use crate::tabulate::multiple::MultipleTab;
use crate::tabulate::table::{ContingencyTable, percent_tenths};
use serde::Serialize;

/// Bootstrap resamples of the overall test (MRCV's default is 1999).
pub const BOOTSTRAP: usize = 1999;

/// One option's test (group × chosen / not chosen).
#[derive(Debug, Clone, Serialize)]
pub struct OptionTest {
    pub p: f64,
    /// "pearson", "exact" or "monte-carlo".
    pub method: PSource,
    pub p_holm: f64,
}

/// One option in the JSON.
#[derive(Debug, Clone, Serialize)]
pub struct OptionRecord {
    pub code: String,
    pub label: Name,
    /// Units that chose it, by group.
    pub chosen: Vec<u64>,
    pub total: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<OptionTest>,
}

/// The overall test in the JSON (`tests.spmi`).
#[derive(Debug, Clone, Serialize)]
pub struct Spmi {
    pub statistic: f64,
    pub df: f64,
    pub statistic_rao_scott: f64,
    pub p_rao_scott: f64,
    pub p_bootstrap: Option<f64>,
    pub bootstrap_replicates: usize,
    /// Resamples drawn but left out (an option everyone or no one chose).
    pub bootstrap_discarded: usize,
    /// Whether the time limit stopped the bootstrap early.
    pub bootstrap_time_limited: bool,
    pub seed: u64,
    pub p_bonferroni: f64,
    pub per_option: Vec<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tests {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spmi: Option<Spmi>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_testable: Option<NotTestable>,
}

/// The JSON record of a multiple-answer table.
#[derive(Serialize)]
pub struct MultipleRecord {
    pub question: String,
    pub grouping: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub groups: Vec<Name>,
    /// Units that answered the question (the base), by group.
    pub respondents: Vec<u64>,
    pub chose_none: Vec<u64>,
    pub options: Vec<OptionRecord>,
    pub tests: Tests,
    pub units: Units,
}

#[derive(Serialize)]
pub struct Units {
    pub read: usize,
    pub respondents: u64,
    pub outside_population: usize,
    pub excluded: Vec<Exclusion>,
}

/// The slide table: per option n and % of the respondents, then the base.
fn slide(t: &MultipleTab) -> SlideBlock {
    let total_base: u64 = t.respondents.iter().sum();
    let mut columns: Vec<Text> = t.groups.iter().map(Text::from).collect();
    columns.push(Msg::Total.into());
    let row = |label: Text, total: bool, counts: Vec<u64>, bases: &[u64]| {
        let percents = counts
            .iter()
            .zip(bases)
            .map(|(&v, &b)| percent_tenths(v, b))
            .collect();
        SlideRow {
            label,
            total,
            counts,
            percents,
        }
    };
    let mut bases = t.respondents.clone();
    bases.push(total_base);
    let mut rows = Vec::new();
    for (i, label) in t.options.iter().enumerate() {
        let mut counts: Vec<u64> = (0..t.groups.len()).map(|j| t.chosen[(i, j)]).collect();
        counts.push(counts.iter().sum());
        rows.push(row(Text::from(label.clone()), false, counts, &bases));
    }
    rows.push(row(
        Msg::analysis(MultipleMsg::Base).into(),
        true,
        bases.clone(),
        &bases,
    ));
    SlideBlock {
        columns,
        rows,
        base: PercentBase::Column,
    }
}

/// How a multiple-answer table is tested: each option's table by the
/// caller's tests (its exact-test, memory and time settings, its Ctrl-C),
/// the overall test with a bootstrap of `bootstrap` resamples seeded by
/// `seed`, stopped at the time limit.
pub struct MultipleTests<'a> {
    pub bootstrap: usize,
    pub seed: u64,
    pub time_limit: Option<std::time::Duration>,
    pub analyze: &'a mut dyn FnMut(&ContingencyTable, bool) -> Result<Analysis>,
}

/// The analysis of a multiple-answer table.
pub fn analyse(
    t: &MultipleTab,
    codes: &[String],
    how: &mut MultipleTests,
) -> Result<MultipleRecord> {
    let deadline = how.time_limit.map(|d| std::time::Instant::now() + d);
    let r = t.groups.len();
    // Groups without respondents take no part in the tests.
    let kept: Vec<usize> = (0..r).filter(|&j| t.respondents[j] > 0).collect();
    let mut options: Vec<OptionRecord> = Vec::with_capacity(t.options.len());
    for (i, (code, label)) in codes.iter().zip(&t.options).enumerate() {
        let chosen: Vec<u64> = (0..r).map(|j| t.chosen[(i, j)]).collect();
        let rows: Vec<Vec<u64>> = kept
            .iter()
            .map(|&j| vec![chosen[j], t.respondents[j] - chosen[j]])
            .collect();
        let test = if kept.len() > 1 {
            (how.analyze)(&ContingencyTable::from_rows(&rows), false)?
                .recommended()
                .map(|rec| OptionTest {
                    p: rec.p,
                    method: rec.source,
                    p_holm: rec.p,
                })
        } else {
            None
        };
        options.push(OptionRecord {
            code: code.clone(),
            label: Name::Label(label.clone()),
            total: chosen.iter().sum(),
            chosen,
            test,
        });
    }
    let tested: Vec<usize> = (0..options.len())
        .filter(|&i| options[i].test.is_some())
        .collect();
    let p: Vec<f64> = tested
        .iter()
        .map(|&i| options[i].test.as_ref().map_or(1.0, |t| t.p))
        .collect();
    for (&i, adj) in tested.iter().zip(holm(&p)) {
        if let Some(t) = options[i].test.as_mut() {
            t.p_holm = adj;
        }
    }
    let c = t.options.len();
    let choices: Vec<Vec<bool>> = t
        .answers
        .iter()
        .map(|&(mask, _)| (0..c).map(|i| mask & (1 << i) != 0).collect())
        .collect();
    let group: Vec<usize> = t
        .answers
        .iter()
        .map(|&(_, g)| kept.iter().position(|&k| k == g).unwrap_or_default())
        .collect();
    let tests = match marginal_independence(
        &choices,
        &group,
        kept.len(),
        how.bootstrap,
        how.seed,
        deadline,
    ) {
        Ok(m) => Tests {
            spmi: Some(spmi(m, how.seed)),
            not_testable: None,
        },
        Err(e) => Tests {
            spmi: None,
            not_testable: Some(e),
        },
    };
    Ok(MultipleRecord {
        question: t.question_id.clone(),
        grouping: t.grouping_id.clone(),
        kind: "multiple",
        groups: t.groups.clone(),
        respondents: t.respondents.clone(),
        chose_none: t.chose_none(),
        options,
        tests,
        units: Units {
            read: t.units_read,
            respondents: t.respondents.iter().sum(),
            outside_population: t.outside_population,
            excluded: t.exclusions.clone(),
        },
    })
}

fn spmi(m: MarginalIndependence, seed: u64) -> Spmi {
    Spmi {
        statistic: m.statistic,
        df: m.df,
        statistic_rao_scott: m.statistic_rao_scott,
        p_rao_scott: m.p_rao_scott,
        p_bootstrap: m.p_bootstrap,
        bootstrap_replicates: m.bootstrap_replicates,
        bootstrap_discarded: m.bootstrap_discarded,
        bootstrap_time_limited: m.bootstrap_time_limited,
        seed,
        p_bonferroni: m.p_bonferroni,
        per_option: m.per_option,
    }
}

/// The section of a multiple-answer table.
pub fn section(t: &MultipleTab, record: &MultipleRecord, short_name: Option<Text>) -> Section {
    let title: Text = Msg::CrossTitle {
        question: t.question.clone().into(),
        grouping: t.grouping.clone().into(),
    }
    .into();
    let mut lines = Vec::new();
    match (&record.tests.spmi, record.tests.not_testable) {
        (Some(s), _) => {
            lines.push(Line::new(
                0,
                Msg::analysis(MultipleMsg::Spmi {
                    statistic: s.statistic,
                    options: t.options.len(),
                    rao_scott: s.statistic_rao_scott,
                    df: s.df,
                    p_rao_scott: s.p_rao_scott,
                }),
            ));
            if let Some(p) = s.p_bootstrap {
                lines.push(Line::new(
                    1,
                    Msg::analysis(MultipleMsg::Bootstrap {
                        p,
                        replicates: s.bootstrap_replicates,
                        discarded: s.bootstrap_discarded,
                        seed: s.seed,
                    }),
                ));
            }
            if s.bootstrap_time_limited {
                lines.push(Line::new(
                    1,
                    Msg::analysis(MultipleMsg::BootstrapTimeLimited {
                        replicates: s.bootstrap_replicates,
                    }),
                ));
            }
            lines.push(Line::new(
                1,
                Msg::analysis(MultipleMsg::Bonferroni { p: s.p_bonferroni }),
            ));
        }
        (None, Some(reason)) => lines.push(Line::new(
            0,
            Msg::analysis(MultipleMsg::NotTestable(reason)),
        )),
        _ => {}
    }
    let mut notes = vec![Line::new(
        1,
        Msg::analysis(MultipleMsg::Counted {
            respondents: record.units.respondents,
            read: record.units.read,
            outside: record.units.outside_population,
            excluded: t.excluded(),
        }),
    )];
    if t.levels_from_data {
        notes.push(Line::new(2, Msg::LevelsFromData));
    }
    notes.push(Line::new(
        2,
        Msg::analysis(MultipleMsg::BaseRule {
            blank_row: t.blank_row,
            respondents: t.respondents.iter().sum(),
            no_answer: t
                .exclusions
                .iter()
                .filter(|e| e.reason == crate::tabulate::crosstab::ExclusionReason::NoAnswer)
                .map(|e| e.count)
                .sum(),
            none_chosen: t.chose_none().iter().sum(),
        }),
    ));
    for e in &t.exclusions {
        notes.push(Line::new(
            2,
            Msg::Excluded {
                reason: e.reason.clone(),
                count: e.count,
                ids: e.unit_ids.iter().take(10).cloned().collect(),
                more: e.unit_ids.len() > 10,
            },
        ));
    }
    let grid = Grid {
        heading: Some(Msg::analysis(MultipleMsg::OptionTestsHeading).into()),
        header: vec![
            Msg::analysis(MultipleMsg::Option).into(),
            Msg::analysis(MultipleMsg::TestColumn).into(),
            Msg::analysis(MultipleMsg::PColumn).into(),
            Msg::HolmHeader.into(),
        ],
        rows: record
            .options
            .iter()
            .map(|o| match &o.test {
                Some(test) => vec![
                    Cell::Text(Text::from(o.label.clone())),
                    Cell::Text(Msg::PSource(test.method.into()).into()),
                    Cell::P(test.p),
                    Cell::P(test.p_holm),
                ],
                None => vec![
                    Cell::Text(Text::from(o.label.clone())),
                    Cell::Undefined,
                    Cell::Undefined,
                    Cell::Undefined,
                ],
            })
            .collect(),
    };
    let chart = Block::Intervals(IntervalChart {
        title: title.clone(),
        style: IntervalStyle::Bars,
        reference: 0.0,
        axis: Msg::analysis(MultipleMsg::PercentAxis).into(),
        series: t.groups.iter().map(Text::from).collect(),
        rows: t
            .options
            .iter()
            .enumerate()
            .map(|(i, label)| IntervalRow {
                label: Text::from(label.clone()),
                values: (0..t.groups.len())
                    .map(|j| {
                        // As the table prints it: tenths of a percent.
                        percent_tenths(t.chosen[(i, j)], t.respondents[j]).map(|p| Estimate {
                            value: p.0 as f64 / 10.0,
                            lower: None,
                            upper: None,
                            flag: None,
                        })
                    })
                    .collect(),
            })
            .collect(),
        decimals: 1,
        range: None,
        caption: vec![],
    });
    Section {
        title,
        short_name,
        blocks: vec![
            Block::Slide(slide(t)),
            chart,
            Block::Lines(lines),
            Block::Lines(notes),
            Block::Grid(grid),
        ],
    }
}

/// A report of one multiple-answer table (`renkei tab`).
pub fn single_report(t: &MultipleTab, codes: &[String], how: &mut MultipleTests) -> Result<Report> {
    let record = analyse(t, codes, how)?;
    let s = section(t, &record, None);
    Ok(Report {
        title: Some(s.title.clone()),
        sections: vec![s],
        data: Some(Box::new(record)),
        ..Default::default()
    })
}
