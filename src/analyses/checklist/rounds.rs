//! Rounds: the same council's checklist at several handovers (a `round` or
//! `date` column). Each council's latest check is compared with its previous
//! one, and across councils the paired change is tested: McNemar and the
//! exact binomial test per item (Holm over the items, on the exact p), and
//! the Wilcoxon signed-rank test of section and total scores (Holm over the
//! sections).
//!
//! Each council's previous and latest rounds are paired, not the file's
//! round values, because handovers fall on each council's own dates: two
//! councils checked on 2025-04-10 and 2025-05-12 both have a "previous".

use super::{Score, SectionScore, council_record};
use crate::input::checklist::{Checklist, Council, Returns, RoundOrder};
use crate::stats::measures::holm_present;
use crate::stats::paired::{McNemar, SignedRank, mcnemar, signed_rank};
use serde::Serialize;

/// One check of a council.
#[derive(Debug, Clone, Serialize)]
pub struct RoundScore {
    pub round: String,
    pub line: usize,
    pub total: Score,
    pub sections: Vec<SectionScore>,
}

/// A section's rate at the previous and latest check.
#[derive(Debug, Clone, Serialize)]
pub struct SectionChange {
    pub id: String,
    pub from: Option<f64>,
    pub to: Option<f64>,
    /// Percentage points, latest − previous.
    pub points: Option<f64>,
}

/// A council's change from its previous check to its latest.
#[derive(Debug, Clone, Serialize)]
pub struct CouncilChange {
    pub from: String,
    pub to: String,
    pub total_from: Option<f64>,
    pub total_to: Option<f64>,
    pub total_points: Option<f64>,
    pub sections: Vec<SectionChange>,
    /// Answer columns not done before and done now, and the other way.
    pub newly_done: Vec<String>,
    pub no_longer_done: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CouncilProgress {
    pub council: String,
    /// Its checks, oldest first.
    pub rounds: Vec<RoundScore>,
    /// None when the council was checked once.
    pub change: Option<CouncilChange>,
}

/// One item's paired change across the councils checked at least twice.
#[derive(Debug, Clone, Serialize)]
pub struct PairedItem {
    pub column: String,
    pub section: String,
    /// Councils with an answer at both checks.
    pub pairs: usize,
    pub both_done: usize,
    /// Not done before, done now (b) and the other way (c).
    pub gained: usize,
    pub lost: usize,
    pub neither: usize,
    /// None when no council changed its answer.
    pub test: Option<McNemar>,
    /// Holm-adjusted over the tested items, on the exact p.
    pub p_holm: Option<f64>,
}

/// The paired change of a score (a section's or the total).
#[derive(Debug, Clone, Serialize)]
pub struct PairedScore {
    /// A section id, or "total".
    pub id: String,
    pub pairs: usize,
    pub test: Option<SignedRank>,
    /// Holm-adjusted over the sections (the total is not adjusted).
    pub p_holm: Option<f64>,
}

/// The JSON `rounds` of `renkei checklist`.
#[derive(Debug, Clone, Serialize)]
pub struct RoundsRecord {
    pub column: String,
    /// The rounds in the file, oldest first.
    pub order: Vec<String>,
    pub ordered_by: RoundOrder,
    /// Councils checked at least twice (those paired).
    pub paired_councils: usize,
    pub councils: Vec<CouncilProgress>,
    pub items: Vec<PairedItem>,
    pub total: PairedScore,
    pub sections: Vec<PairedScore>,
}

/// Each council's checks, oldest first, in the order councils first appear.
pub fn checks_by_council(returns: &Returns) -> Vec<Vec<&Council>> {
    let rank = |c: &Council| {
        c.round
            .as_ref()
            .and_then(|r| returns.rounds.iter().position(|x| x == r))
    };
    let mut out: Vec<Vec<&Council>> = Vec::new();
    for c in &returns.councils {
        match out.iter_mut().find(|v| v[0].id == c.id) {
            Some(v) => v.push(c),
            None => out.push(vec![c]),
        }
    }
    for v in &mut out {
        v.sort_by_key(|c| rank(c));
    }
    out
}

fn points(from: Option<f64>, to: Option<f64>) -> Option<f64> {
    Some(to? - from?)
}

/// The rounds analysis; `None` when the file has no round column.
pub fn analyse(checklist: &Checklist, returns: &Returns) -> Option<RoundsRecord> {
    let column = returns.round_column.clone()?;
    let columns = checklist.columns();
    let by_council = checks_by_council(returns);
    let councils: Vec<CouncilProgress> = by_council
        .iter()
        .map(|checks| {
            let records: Vec<_> = checks
                .iter()
                .map(|c| council_record(c, checklist, &columns))
                .collect();
            let rounds: Vec<RoundScore> = checks
                .iter()
                .zip(&records)
                .map(|(c, r)| RoundScore {
                    round: c.round.clone().unwrap_or_default(),
                    line: c.line,
                    total: r.total,
                    sections: r.sections.clone(),
                })
                .collect();
            let change = (checks.len() > 1).then(|| {
                let (before, after) = (checks[checks.len() - 2], checks[checks.len() - 1]);
                let (rb, ra) = (&records[records.len() - 2], &records[records.len() - 1]);
                let changed = |from: bool, to: bool| -> Vec<String> {
                    columns
                        .iter()
                        .zip(before.answers.iter().zip(&after.answers))
                        .filter(|(_, (b, a))| **b == Some(from) && **a == Some(to))
                        .map(|((_, col), _)| col.clone())
                        .collect()
                };
                CouncilChange {
                    from: before.round.clone().unwrap_or_default(),
                    to: after.round.clone().unwrap_or_default(),
                    total_from: rb.total.percent,
                    total_to: ra.total.percent,
                    total_points: points(rb.total.percent, ra.total.percent),
                    sections: rb
                        .sections
                        .iter()
                        .zip(&ra.sections)
                        .map(|(b, a)| SectionChange {
                            id: b.id.clone(),
                            from: b.score.percent,
                            to: a.score.percent,
                            points: points(b.score.percent, a.score.percent),
                        })
                        .collect(),
                    newly_done: changed(false, true),
                    no_longer_done: changed(true, false),
                }
            });
            CouncilProgress {
                council: checks[0].id.clone(),
                rounds,
                change,
            }
        })
        .collect();
    // The pairs: each council's previous and latest check.
    let pairs: Vec<(&Council, &Council)> = by_council
        .iter()
        .filter(|v| v.len() > 1)
        .map(|v| (v[v.len() - 2], v[v.len() - 1]))
        .collect();
    let mut items: Vec<PairedItem> = columns
        .iter()
        .enumerate()
        .map(|(j, (k, col))| {
            let mut cells = [[0usize; 2]; 2];
            for (b, a) in &pairs {
                if let (Some(x), Some(y)) = (b.answers[j], a.answers[j]) {
                    cells[usize::from(x)][usize::from(y)] += 1;
                }
            }
            let (gained, lost) = (cells[0][1], cells[1][0]);
            PairedItem {
                column: col.clone(),
                section: checklist.sections[*k].id.clone(),
                pairs: cells.iter().flatten().sum(),
                both_done: cells[1][1],
                gained,
                lost,
                neither: cells[0][0],
                test: mcnemar(gained as u64, lost as u64),
                p_holm: None,
            }
        })
        .collect();
    let adjusted = holm_present(
        &items
            .iter()
            .map(|i| i.test.map(|t| t.exact_p))
            .collect::<Vec<_>>(),
    );
    for (item, p) in items.iter_mut().zip(adjusted) {
        item.p_holm = p;
    }
    let paired_scores = |id: String, pick: &dyn Fn(&Council) -> Score| -> PairedScore {
        let (before, after): (Vec<f64>, Vec<f64>) = pairs
            .iter()
            .filter_map(|(b, a)| Some((pick(b).percent?, pick(a).percent?)))
            .unzip();
        PairedScore {
            id,
            pairs: before.len(),
            test: signed_rank(&before, &after),
            p_holm: None,
        }
    };
    let total = paired_scores("total".into(), &|c: &Council| {
        super::score(c.answers.iter().copied())
    });
    let mut sections: Vec<PairedScore> = checklist
        .sections
        .iter()
        .enumerate()
        .map(|(k, s)| {
            paired_scores(s.id.clone(), &|c: &Council| {
                super::section_score(c, &columns, k)
            })
        })
        .collect();
    let adjusted = holm_present(
        &sections
            .iter()
            .map(|s| s.test.map(|t| t.p))
            .collect::<Vec<_>>(),
    );
    for (section, p) in sections.iter_mut().zip(adjusted) {
        section.p_holm = p;
    }
    Some(RoundsRecord {
        column,
        order: returns.rounds.clone(),
        ordered_by: returns.round_order,
        paired_councils: pairs.len(),
        councils,
        items,
        total,
        sections,
    })
}

use super::messages::{ChecklistMsg, RoundColumn};
use crate::report::{Block, Cell, Grid, IntervalRow, Line, Msg, Records, Section, Text};

fn head(c: RoundColumn) -> Text {
    Msg::analysis(ChecklistMsg::RoundColumn(c)).into()
}

fn keyed(key: &'static str, c: RoundColumn) -> (&'static str, Text) {
    (key, head(c))
}

fn change_cell(points: Option<f64>) -> Cell {
    points.map_or(Cell::Undefined, |value| Cell::Change {
        value,
        decimals: 1,
        percent: false,
    })
}

fn listed(columns: &[String]) -> Cell {
    Cell::Text(columns.join(" ").into())
}

/// The report's sections on rounds: each council's change, the paired
/// tests by item and of the scores, and the progress chart.
pub fn sections(r: &RoundsRecord, checklist: &Checklist) -> Vec<Section> {
    let who = checklist.respondents;
    let changes: Vec<Vec<Cell>> = r
        .councils
        .iter()
        .filter_map(|c| {
            let ch = c.change.as_ref()?;
            Some(vec![
                Cell::Text(c.council.clone().into()),
                Cell::Text(ch.from.clone().into()),
                Cell::Text(ch.to.clone().into()),
                Cell::number(ch.total_from, 1),
                Cell::number(ch.total_to, 1),
                change_cell(ch.total_points),
                listed(&ch.newly_done),
                listed(&ch.no_longer_done),
            ])
        })
        .collect();
    let once: Vec<String> = r
        .councils
        .iter()
        .filter(|c| c.change.is_none())
        .map(|c| c.council.clone())
        .collect();
    let mut lines = vec![Line::new(
        0,
        Msg::analysis(ChecklistMsg::RoundsRead {
            column: r.column.clone(),
            rounds: r.order.clone(),
            order: r.ordered_by,
            paired: r.paired_councils,
            who,
        }),
    )];
    if !once.is_empty() {
        lines.push(Line::new(
            0,
            Msg::analysis(ChecklistMsg::CheckedOnce(once, who)),
        ));
    }
    let item_rows = r
        .items
        .iter()
        .map(|i| {
            vec![
                Cell::Text(i.column.clone().into()),
                Cell::Text(i.section.clone().into()),
                Cell::Count(i.pairs as u64),
                Cell::Count(i.both_done as u64),
                Cell::Count(i.gained as u64),
                Cell::Count(i.lost as u64),
                Cell::Count(i.neither as u64),
                Cell::number(i.test.map(|t| t.statistic), 3),
                i.test.map_or(Cell::Undefined, |t| Cell::P(t.p)),
                i.test.map_or(Cell::Undefined, |t| Cell::P(t.exact_p)),
                i.p_holm.map_or(Cell::Undefined, Cell::P),
            ]
        })
        .collect();
    let score_row = |label: Text, s: &PairedScore| {
        vec![
            Cell::Text(label),
            Cell::Count(s.pairs as u64),
            change_cell(s.test.map(|t| t.median_change)),
            s.test.map_or(Cell::Undefined, |t| Cell::Figure(t.v)),
            s.test.map_or(Cell::Undefined, |t| Cell::P(t.p)),
            s.p_holm.map_or(Cell::Undefined, Cell::P),
        ]
    };
    let mut score_rows = vec![score_row(head(RoundColumn::Total), &r.total)];
    score_rows.extend(r.sections.iter().zip(&checklist.sections).map(|(s, def)| {
        score_row(
            Msg::analysis(ChecklistMsg::SectionName {
                id: def.id.clone(),
                name: crate::report::Name::Label(def.name.clone()),
            })
            .into(),
            s,
        )
    }));
    // Progress: each council's total at its 1st, 2nd … check (councils
    // checked once have no progress to show, and are listed above).
    let most = r.councils.iter().map(|c| c.rounds.len()).max().unwrap_or(0);
    let progress = super::percent_bars(
        Msg::analysis(ChecklistMsg::ProgressChart(who)).into(),
        (1..=most)
            .map(|k| Msg::analysis(ChecklistMsg::NthCheck(k)).into())
            .collect(),
        r.councils
            .iter()
            .filter(|c| c.rounds.len() > 1)
            .map(|c| IntervalRow {
                label: c.council.clone().into(),
                values: (0..most)
                    .map(|k| super::bar(c.rounds.get(k).and_then(|x| x.total.percent)))
                    .collect(),
            })
            .collect(),
        crate::report::IntervalStyle::Bars,
    );
    vec![
        Section {
            title: Msg::analysis(ChecklistMsg::RoundsHeading(who)).into(),
            short_name: Some(Msg::analysis(ChecklistMsg::RoundsSheet).into()),
            blocks: vec![
                Block::Lines(lines),
                Block::Records(Records {
                    columns: vec![
                        super::column("council", super::ChecklistColumn::Council(who)),
                        keyed("from", RoundColumn::From),
                        keyed("to", RoundColumn::To),
                        keyed("total_percent_from", RoundColumn::PercentFrom),
                        keyed("total_percent_to", RoundColumn::PercentTo),
                        keyed("points", RoundColumn::Points),
                        keyed("newly_done", RoundColumn::NewlyDone),
                        keyed("no_longer_done", RoundColumn::NoLongerDone),
                    ],
                    rows: changes,
                }),
                progress,
            ],
        },
        Section {
            title: Msg::analysis(ChecklistMsg::PairedHeading).into(),
            short_name: Some(Msg::analysis(ChecklistMsg::PairedSheet).into()),
            blocks: vec![
                Block::Grid(Grid {
                    heading: Some(Msg::analysis(ChecklistMsg::PairedScoresHeading).into()),
                    header: [
                        RoundColumn::Score,
                        RoundColumn::Pairs,
                        RoundColumn::MedianChange,
                        RoundColumn::V,
                        RoundColumn::P,
                        RoundColumn::PHolm,
                    ]
                    .map(head)
                    .to_vec(),
                    rows: score_rows,
                }),
                Block::Grid(Grid {
                    heading: Some(Msg::analysis(ChecklistMsg::PairedItemsHeading).into()),
                    header: [
                        RoundColumn::Item,
                        RoundColumn::Section,
                        RoundColumn::Pairs,
                        RoundColumn::BothDone,
                        RoundColumn::Gained,
                        RoundColumn::Lost,
                        RoundColumn::Neither,
                        RoundColumn::McNemar,
                        RoundColumn::P,
                        RoundColumn::ExactP,
                        RoundColumn::PHolm,
                    ]
                    .map(head)
                    .to_vec(),
                    rows: item_rows,
                }),
            ],
        },
    ]
}
