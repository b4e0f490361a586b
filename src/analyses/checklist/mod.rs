//! Councils' checklists scored (`renkei checklist`): per council each
//! section's items done and what is left to do; across councils each item's
//! and section's achievement rate, by a grouping with the tests of a
//! grouping × achieved table, and total scores compared between groups
//! (Wilcoxon–Mann–Whitney for two, Kruskal–Wallis for more).
//!
//! A council's score is the share of the items it answered that are done,
//! so that a missing answer (in the 1/0 form) neither counts as done nor as
//! not done.

pub mod messages;
pub mod rounds;

use crate::analyses::checklist::messages::{ChecklistColumn, ChecklistMsg};
use crate::input::checklist::{AnswerForm, Checklist, Council, Returns};
use crate::report::{
    Block, Cell, Estimate, Grid, IntervalChart, IntervalRow, IntervalStyle, Line, Msg, Name,
    Records, Report, Section, Text,
};
use crate::stats::measures::holm_present;
use crate::stats::ranks::{KruskalWallis, Wilcoxon, kruskal_wallis, wilcoxon};
use crate::stats::{PSource, analyze};
use crate::tabulate::table::ContingencyTable;
use serde::Serialize;

/// Done, answered and items of a part of a checklist.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Score {
    pub done: usize,
    pub answered: usize,
    pub items: usize,
    /// 100 × done / answered (none when nothing was answered).
    pub percent: Option<f64>,
}

fn score(answers: impl Iterator<Item = Option<bool>>) -> Score {
    let (mut done, mut answered, mut items) = (0, 0, 0);
    for a in answers {
        items += 1;
        if let Some(d) = a {
            answered += 1;
            done += usize::from(d);
        }
    }
    Score::of(done, answered, items)
}

impl Score {
    fn of(done: usize, answered: usize, items: usize) -> Score {
        Score {
            done,
            answered,
            items,
            percent: (answered > 0).then(|| 100.0 * done as f64 / answered as f64),
        }
    }

    /// The scores of several councils pooled.
    fn pooled(scores: impl Iterator<Item = Score>) -> Score {
        let (d, a, i) = scores.fold((0, 0, 0), |(d, a, i), s| {
            (d + s.done, a + s.answered, i + s.items)
        });
        Score::of(d, a, i)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionScore {
    pub id: String,
    #[serde(flatten)]
    pub score: Score,
}

#[derive(Debug, Clone, Serialize)]
pub struct CouncilRecord {
    pub council: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub prefecture: String,
    pub group: Option<String>,
    /// The round of this check, when the file has rounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    pub line: usize,
    pub sections: Vec<SectionScore>,
    pub total: Score,
    /// Answer columns not done (what to do next), in checklist order.
    pub not_done: Vec<String>,
    pub missing: usize,
    /// The 着手時期 written in the returns, per answer column.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub starts: Vec<StartRecord>,
}

/// A 着手時期 from the returns.
#[derive(Debug, Clone, Serialize)]
pub struct StartRecord {
    pub column: String,
    pub start: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupScore {
    pub group: String,
    #[serde(flatten)]
    pub score: Score,
}

/// The test of a grouping × achieved table.
#[derive(Debug, Clone, Serialize)]
pub struct ItemTest {
    pub p: f64,
    /// "pearson", "exact" or "monte-carlo" (the exact p where Cochran's rule fails).
    pub method: PSource,
    /// Holm-adjusted across the items.
    pub p_holm: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemRecord {
    pub column: String,
    pub section: String,
    #[serde(flatten)]
    pub score: Score,
    pub by_group: Vec<GroupScore>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<ItemTest>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionRecord {
    pub id: String,
    /// In the output's language, as every label of the JSON.
    pub name: Name,
    #[serde(flatten)]
    pub score: Score,
    pub by_group: Vec<GroupScore>,
}

/// Total scores compared between groups.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "test", rename_all = "kebab-case")]
pub enum Comparison {
    Wilcoxon {
        groups: [String; 2],
        #[serde(flatten)]
        result: Wilcoxon,
    },
    KruskalWallis {
        groups: Vec<String>,
        #[serde(flatten)]
        result: KruskalWallis,
    },
}

/// The JSON of `renkei checklist`.
#[derive(Serialize)]
pub struct ChecklistRecord {
    pub checklist: String,
    pub source: String,
    pub answer_form: AnswerForm,
    pub group_column: Option<String>,
    /// Councils whose group cell is blank: left out of the comparisons.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub without_group: Vec<String>,
    pub councils: Vec<CouncilRecord>,
    pub items: Vec<ItemRecord>,
    pub sections: Vec<SectionRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
    /// The same councils at several rounds, when the file has a round
    /// column. Items, sections and the comparison then use each council's
    /// latest check (a council counted once).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounds: Option<rounds::RoundsRecord>,
}

/// The councils with no value in the group column, when there is one.
fn without_group(returns: &Returns, current: &[&Council]) -> Vec<String> {
    if returns.group_column.is_none() {
        return Vec::new();
    }
    current
        .iter()
        .filter(|c| c.group.is_none())
        .map(|c| c.id.clone())
        .collect()
}

/// Groups in the order the file first names them.
fn groups(current: &[&Council]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in current {
        if let Some(g) = &c.group
            && !out.contains(g)
        {
            out.push(g.clone());
        }
    }
    out
}

/// A council's score in section `k` (an index into the checklist's sections).
fn section_score(c: &Council, columns: &[(usize, String)], k: usize) -> Score {
    score(
        columns
            .iter()
            .zip(&c.answers)
            .filter(|((sec, _), _)| *sec == k)
            .map(|(_, a)| *a),
    )
}

/// Each council's latest check (every council once).
pub fn current(returns: &Returns) -> Vec<&Council> {
    rounds::checks_by_council(returns)
        .into_iter()
        .filter_map(|v| v.last().copied())
        .collect()
}

fn council_record(
    c: &Council,
    checklist: &Checklist,
    columns: &[(usize, String)],
) -> CouncilRecord {
    let sections = checklist
        .sections
        .iter()
        .enumerate()
        .map(|(k, s)| SectionScore {
            id: s.id.clone(),
            score: section_score(c, columns, k),
        })
        .collect();
    CouncilRecord {
        council: c.id.clone(),
        kind: c.kind.clone(),
        prefecture: c.prefecture.clone(),
        group: c.group.clone(),
        round: c.round.clone(),
        line: c.line,
        sections,
        total: score(c.answers.iter().copied()),
        not_done: columns
            .iter()
            .zip(&c.answers)
            .filter(|(_, a)| **a == Some(false))
            .map(|((_, col), _)| col.clone())
            .collect(),
        missing: c.answers.iter().filter(|a| a.is_none()).count(),
        starts: columns
            .iter()
            .zip(&c.starts)
            .filter_map(|((_, col), s)| {
                s.as_ref().map(|s| StartRecord {
                    column: col.clone(),
                    start: s.clone(),
                })
            })
            .collect(),
    }
}

fn by_group(
    current: &[&Council],
    groups: &[String],
    pick: impl Fn(&Council) -> Score,
) -> Vec<GroupScore> {
    groups
        .iter()
        .map(|g| {
            let members = current.iter().filter(|c| c.group.as_ref() == Some(g));
            GroupScore {
                group: g.clone(),
                score: Score::pooled(members.map(|c| pick(c))),
            }
        })
        .collect()
}

/// Scores and compares councils' checklists.
pub fn analyse(checklist: &Checklist, returns: &Returns) -> ChecklistRecord {
    let columns = checklist.columns();
    let current = current(returns);
    let groups = groups(&current);
    let councils: Vec<CouncilRecord> = returns
        .councils
        .iter()
        .map(|c| council_record(c, checklist, &columns))
        .collect();
    // The latest check of each council, for the comparisons.
    let latest: Vec<CouncilRecord> = current
        .iter()
        .map(|c| council_record(c, checklist, &columns))
        .collect();
    let mut items: Vec<ItemRecord> = columns
        .iter()
        .enumerate()
        .map(|(j, (k, col))| {
            let by = by_group(&current, &groups, |c| score(std::iter::once(c.answers[j])));
            let test = (groups.len() > 1).then(|| {
                let rows: Vec<Vec<u64>> = by
                    .iter()
                    .map(|g| {
                        vec![
                            g.score.done as u64,
                            (g.score.answered - g.score.done) as u64,
                        ]
                    })
                    .collect();
                analyze(&ContingencyTable::from_rows(&rows)).recommended()
            });
            ItemRecord {
                column: col.clone(),
                section: checklist.sections[*k].id.clone(),
                score: score(current.iter().map(|c| c.answers[j])),
                by_group: by,
                test: test.flatten().map(|r| ItemTest {
                    p: r.p,
                    method: r.source,
                    p_holm: r.p,
                }),
            }
        })
        .collect();
    let adjusted = holm_present(
        &items
            .iter()
            .map(|i| i.test.as_ref().map(|t| t.p))
            .collect::<Vec<_>>(),
    );
    for (item, a) in items.iter_mut().zip(adjusted) {
        if let (Some(t), Some(a)) = (item.test.as_mut(), a) {
            t.p_holm = a;
        }
    }
    let sections = checklist
        .sections
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let in_section = |c: &Council| section_score(c, &columns, k);
            SectionRecord {
                id: s.id.clone(),
                name: Name::Label(s.name.clone()),
                score: Score::pooled(current.iter().map(|c| in_section(c))),
                by_group: by_group(&current, &groups, in_section),
            }
        })
        .collect();
    let scores_of = |g: &String| -> Vec<f64> {
        latest
            .iter()
            .filter(|c| c.group.as_ref() == Some(g))
            .filter_map(|c| c.total.percent)
            .collect()
    };
    let comparison = match groups.len() {
        2 => wilcoxon(&scores_of(&groups[0]), &scores_of(&groups[1])).map(|result| {
            Comparison::Wilcoxon {
                groups: [groups[0].clone(), groups[1].clone()],
                result,
            }
        }),
        n if n > 2 => {
            kruskal_wallis(&groups.iter().map(scores_of).collect::<Vec<_>>()).map(|result| {
                Comparison::KruskalWallis {
                    groups: groups.clone(),
                    result,
                }
            })
        }
        _ => None,
    };
    ChecklistRecord {
        checklist: checklist.id.clone(),
        source: returns.source.display().to_string(),
        answer_form: returns.form,
        group_column: returns.group_column.clone(),
        without_group: without_group(returns, &current),
        councils,
        items,
        sections,
        comparison,
        rounds: rounds::analyse(checklist, returns),
    }
}

/// A bar of a percentage (no interval).
fn bar(p: Option<f64>) -> Option<Estimate> {
    p.map(|value| Estimate {
        value,
        lower: None,
        upper: None,
        flag: None,
    })
}

/// A chart of percentages as bars from 0, one mark per series in each row.
fn percent_bars(
    title: Text,
    series: Vec<Text>,
    rows: Vec<IntervalRow>,
    style: IntervalStyle,
) -> Block {
    Block::Intervals(IntervalChart {
        title,
        style,
        reference: 0.0,
        axis: Msg::analysis(ChecklistMsg::PercentAxis).into(),
        series,
        rows,
        decimals: 1,
        // Every council and section on the same 0–100 % scale (33 % drawn
        // across the whole width read as much more than it is).
        range: Some((0.0, 100.0)),
        caption: vec![],
    })
}

/// Machine names of the councils' section columns (CSV headers).
const SECTION_KEYS: [&str; 12] = [
    "section_1_percent",
    "section_2_percent",
    "section_3_percent",
    "section_4_percent",
    "section_5_percent",
    "section_6_percent",
    "section_7_percent",
    "section_8_percent",
    "section_9_percent",
    "section_10_percent",
    "section_11_percent",
    "section_12_percent",
];

fn column(key: &'static str, c: ChecklistColumn) -> (&'static str, Text) {
    (key, Msg::analysis(ChecklistMsg::Column(c)).into())
}

/// How the checklist report draws.
#[derive(Debug, Clone, Copy, Default)]
pub struct ChecklistOptions {
    /// Each council's section rates as a radar (spider) chart instead of
    /// bars.
    pub radar: bool,
}

/// The report with the default options.
pub fn report(checklist: &Checklist, returns: &Returns) -> Report {
    report_with(checklist, returns, ChecklistOptions::default())
}

/// The report: councils' scores, items' and sections' rates (by group), the
/// comparison of total scores, and the charts.
pub fn report_with(checklist: &Checklist, returns: &Returns, opts: ChecklistOptions) -> Report {
    let record = analyse(checklist, returns);
    let current = current(returns);
    let columns = checklist.columns();
    let latest: Vec<CouncilRecord> = current
        .iter()
        .map(|c| council_record(c, checklist, &columns))
        .collect();
    let groups = groups(&current);
    // Each group's column says how many it holds (活用している (n=70)).
    let group_heads: Vec<Text> = groups
        .iter()
        .map(|g| {
            let n = current
                .iter()
                .filter(|c| c.group.as_deref() == Some(g.as_str()))
                .count();
            Text::from(format!("{g} (n={n})"))
        })
        .collect();
    let section_names: Vec<Name> = checklist
        .sections
        .iter()
        .map(|s| Name::Label(s.name.clone()))
        .collect();
    // Councils: one row each, a column per section and the total.
    let mut council_columns = vec![
        column("council", ChecklistColumn::Council(checklist.respondents)),
        column("type", ChecklistColumn::Type),
        column("prefecture", ChecklistColumn::Prefecture),
    ];
    if returns.round_column.is_some() {
        council_columns.push(column("round", ChecklistColumn::Round));
    }
    for (k, s) in checklist.sections.iter().enumerate() {
        let key = SECTION_KEYS.get(k).copied().unwrap_or("section_percent");
        council_columns.push((
            key,
            Msg::analysis(ChecklistMsg::SectionShort { id: s.id.clone() }).into(),
        ));
    }
    council_columns.push(column("total_done", ChecklistColumn::Done));
    council_columns.push(column("total_percent", ChecklistColumn::Percent));
    council_columns.push(column("not_done", ChecklistColumn::NotDone));
    let council_rows = record
        .councils
        .iter()
        .map(|c| {
            let mut row = vec![
                Cell::Text(c.council.clone().into()),
                Cell::Text(c.kind.clone().into()),
                Cell::Text(c.prefecture.clone().into()),
            ];
            if let Some(r) = &c.round {
                row.push(Cell::Text(r.clone().into()));
            }
            row.extend(c.sections.iter().map(|s| Cell::number(s.score.percent, 1)));
            row.push(Cell::Text(
                format!("{}/{}", c.total.done, c.total.answered).into(),
            ));
            row.push(Cell::number(c.total.percent, 1));
            let mut next: Vec<String> = c.not_done.iter().take(8).cloned().collect();
            if c.not_done.len() > 8 {
                next.push(format!("…(+{})", c.not_done.len() - 8));
            }
            row.push(Cell::Text(next.join(" ").into()));
            row
        })
        .collect();
    // Items: rate overall and by group, and the test.
    let mut item_header: Vec<Text> = vec![
        Msg::analysis(ChecklistMsg::Column(ChecklistColumn::Item)).into(),
        Msg::analysis(ChecklistMsg::Column(ChecklistColumn::Section)).into(),
        Msg::analysis(ChecklistMsg::Column(ChecklistColumn::Percent)).into(),
    ];
    item_header.extend(group_heads.iter().cloned());
    if groups.len() > 1 {
        item_header.push(Msg::analysis(ChecklistMsg::Column(ChecklistColumn::P)).into());
        item_header.push(Msg::analysis(ChecklistMsg::Column(ChecklistColumn::PHolm)).into());
    }
    let item_rows = record
        .items
        .iter()
        .map(|i| {
            let mut row = vec![
                Cell::Text(i.column.clone().into()),
                Cell::Text(i.section.clone().into()),
                Cell::number(i.score.percent, 1),
            ];
            row.extend(i.by_group.iter().map(|g| Cell::number(g.score.percent, 1)));
            if groups.len() > 1 {
                row.push(i.test.as_ref().map_or(Cell::Undefined, |t| Cell::P(t.p)));
                row.push(
                    i.test
                        .as_ref()
                        .map_or(Cell::Undefined, |t| Cell::P(t.p_holm)),
                );
            }
            row
        })
        .collect();
    let mut section_header: Vec<Text> = vec![
        Msg::analysis(ChecklistMsg::Column(ChecklistColumn::Section)).into(),
        Msg::analysis(ChecklistMsg::Column(ChecklistColumn::Items)).into(),
        Msg::analysis(ChecklistMsg::Column(ChecklistColumn::Percent)).into(),
    ];
    section_header.extend(group_heads.iter().cloned());
    let section_rows = record
        .sections
        .iter()
        .zip(&section_names)
        .zip(&checklist.sections)
        .map(|((s, name), def)| {
            let mut row = vec![
                Cell::Text(Text::from(Msg::analysis(ChecklistMsg::SectionName {
                    id: s.id.clone(),
                    name: name.clone(),
                }))),
                Cell::Count(def.items.len() as u64),
                Cell::number(s.score.percent, 1),
            ];
            row.extend(s.by_group.iter().map(|g| Cell::number(g.score.percent, 1)));
            row
        })
        .collect();
    let mut lines = vec![Line::new(
        0,
        Msg::analysis(ChecklistMsg::FormRead(returns.form)),
    )];
    let few: Vec<String> = checklist
        .sections
        .iter()
        .filter(|s| s.items.len() < 3)
        .map(|s| s.id.clone())
        .collect();
    if !few.is_empty() {
        lines.push(Line::new(
            0,
            Msg::analysis(ChecklistMsg::FewItemSections { sections: few }),
        ));
    }
    if let Some(c) = &record.comparison {
        lines.push(Line::new(
            0,
            Msg::analysis(ChecklistMsg::Comparison(Box::new(c.clone()))),
        ));
    }
    let mut sections = vec![
        Section {
            title: Msg::analysis(ChecklistMsg::SectionsHeading).into(),
            short_name: Some(Msg::analysis(ChecklistMsg::SectionsSheet).into()),
            blocks: vec![
                Block::Grid(Grid {
                    heading: None,
                    header: section_header,
                    rows: section_rows,
                }),
                Block::Lines(lines),
            ],
        },
        Section {
            title: Msg::analysis(ChecklistMsg::ItemsHeading).into(),
            short_name: Some(Msg::analysis(ChecklistMsg::ItemsSheet).into()),
            blocks: vec![Block::Grid(Grid {
                heading: None,
                header: item_header,
                rows: item_rows,
            })],
        },
        Section {
            title: Msg::analysis(ChecklistMsg::CouncilsHeading(checklist.respondents)).into(),
            short_name: Some(
                Msg::analysis(ChecklistMsg::CouncilsSheet(checklist.respondents)).into(),
            ),
            blocks: vec![Block::Records(Records {
                columns: council_columns,
                rows: council_rows,
            })],
        },
    ];
    if let Some(r) = &record.rounds {
        sections.extend(rounds::sections(r, checklist));
    }
    // Each council's next steps (at its latest check): one sheet (and
    // section) each, the items not done with their text and 対応策例, and
    // the 着手時期 from the returns or empty to fill in.
    for c in &latest {
        if c.not_done.is_empty() {
            continue;
        }
        let rows = c
            .not_done
            .iter()
            .map(|col| {
                let id = col.split(':').next().unwrap_or(col);
                let found = checklist
                    .sections
                    .iter()
                    .find_map(|s| s.items.iter().find(|i| i.id == id).map(|i| (s, i)));
                let (section, text, measure) = match found {
                    Some((s, i)) => (
                        Text::from(Msg::analysis(ChecklistMsg::SectionName {
                            id: s.id.clone(),
                            name: Name::Label(s.name.clone()),
                        })),
                        i.text.clone().map_or_else(
                            || Msg::analysis(ChecklistMsg::TextNotTranscribed).into(),
                            |ja| translated(ja, i.text_en.clone()),
                        ),
                        i.measure.clone().map_or_else(
                            || Msg::analysis(ChecklistMsg::MeasureNotTranscribed).into(),
                            |ja| translated(ja, i.measure_en.clone()),
                        ),
                    ),
                    None => (Text::from(""), Text::from(""), Text::from("")),
                };
                vec![
                    Cell::Text(section),
                    Cell::Text(col.clone().into()),
                    Cell::Text(text),
                    Cell::Text(measure),
                    Cell::Text(Text::from(
                        c.starts
                            .iter()
                            .find(|s| s.column == *col)
                            .map_or(String::new(), |s| s.start.clone()),
                    )),
                ]
            })
            .collect();
        sections.push(Section {
            title: Msg::analysis(ChecklistMsg::NextSteps {
                council: c.council.clone(),
            })
            .into(),
            short_name: Some(Text::from(c.council.clone())),
            blocks: vec![Block::Records(Records {
                columns: vec![
                    column("section", ChecklistColumn::Section),
                    column("item", ChecklistColumn::Item),
                    column("text", ChecklistColumn::Text),
                    column("measure", ChecklistColumn::Measure),
                    column("start", ChecklistColumn::StartWhen),
                ],
                rows,
            })],
        });
    }
    // Charts: sections by group, then each council's profile.
    let series: Vec<Text> = if groups.is_empty() {
        vec![Msg::analysis(ChecklistMsg::AllCouncils(checklist.respondents)).into()]
    } else {
        group_heads.to_vec()
    };
    let section_label = |id: &String, name: &Name| -> Text {
        Msg::analysis(ChecklistMsg::SectionName {
            id: id.clone(),
            name: name.clone(),
        })
        .into()
    };
    let section_rows: Vec<IntervalRow> = record
        .sections
        .iter()
        .zip(&section_names)
        .map(|(s, name)| IntervalRow {
            label: section_label(&s.id, name),
            values: if groups.is_empty() {
                vec![bar(s.score.percent)]
            } else {
                s.by_group.iter().map(|g| bar(g.score.percent)).collect()
            },
        })
        .collect();
    let mut charts = vec![percent_bars(
        Msg::analysis(ChecklistMsg::SectionChart).into(),
        series,
        section_rows,
        IntervalStyle::Bars,
    )];
    if !groups.is_empty() {
        let rows = record
            .items
            .iter()
            .map(|i| IntervalRow {
                label: i.column.clone().into(),
                values: i.by_group.iter().map(|g| bar(g.score.percent)).collect(),
            })
            .collect();
        let series = group_heads.to_vec();
        charts.push(percent_bars(
            Msg::analysis(ChecklistMsg::ItemChart).into(),
            series,
            rows,
            IntervalStyle::Bars,
        ));
    }
    charts.extend(latest.iter().map(|c| {
        let rows = c
            .sections
            .iter()
            .zip(&section_names)
            .map(|(s, name)| IntervalRow {
                label: section_label(&s.id, name),
                values: vec![bar(s.score.percent)],
            })
            .collect();
        let title = Msg::analysis(ChecklistMsg::ProfileChart {
            council: c.council.clone(),
        })
        .into();
        let style = if opts.radar {
            IntervalStyle::Radar
        } else {
            IntervalStyle::Bars
        };
        percent_bars(title, vec![Text::from(c.council.clone())], rows, style)
    }));
    sections.push(Section {
        title: Msg::analysis(ChecklistMsg::ChartsHeading).into(),
        short_name: None,
        blocks: charts,
    });
    Report {
        title: Some(Text::Name(Name::Label(checklist.title.clone()))),
        preamble: std::iter::once(Line::new(
            0,
            Msg::analysis(ChecklistMsg::ReturnsRead {
                source: returns.source.display().to_string(),
                councils: current.len(),
                checks: returns
                    .round_column
                    .is_some()
                    .then_some(returns.councils.len()),
                checklist: checklist.id.clone(),
                who: checklist.respondents,
            }),
        ))
        .chain((!record.without_group.is_empty()).then(|| {
            Line::new(
                0,
                Msg::analysis(ChecklistMsg::WithoutGroup(
                    record.without_group.clone(),
                    checklist.respondents,
                )),
            )
        }))
        .chain(
            (!returns.from_sub_items.is_empty() || !returns.unused_sub_items.is_empty()).then(
                || {
                    Line::new(
                        0,
                        Msg::analysis(ChecklistMsg::SubItems {
                            derived: returns.from_sub_items.clone(),
                            unused: returns.unused_sub_items.clone(),
                        }),
                    )
                },
            ),
        )
        .collect(),
        sections,
        closing: vec![],
        data: Some(Box::new(record)),
    }
}

/// A printed Japanese text with renkei's English translation beside it
/// (the Japanese in both languages where there is none).
fn translated(ja: String, en: Option<String>) -> Text {
    let en = en.unwrap_or_else(|| ja.clone());
    Text::from(crate::report::Label::new(ja, en))
}
