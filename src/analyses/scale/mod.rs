//! The reliability of a scale and of its sections (`renkei scale`):
//! Cronbach's α (KR-20 for binary items), standardized α, the Feldt
//! interval, ω total, and each item's statistics.

use crate::analyses::checklist::messages::{ChecklistMsg, ScaleColumn};
use crate::input::checklist::{AnswerForm, Checklist, ItemTable};
use crate::report::{Block, Cell, Grid, Label, Line, Msg, Name, Report, Section, Text};
use crate::stats::reliability::{Missing, NotComputable, Reliability, reliability};
use serde::Serialize;

pub mod factors;
pub mod parallel;
pub mod retest;

/// A named set of item columns.
#[derive(Debug, Clone)]
pub struct ScaleSpec {
    pub name: Name,
    pub items: Vec<String>,
}

impl ScaleSpec {
    /// The sections of a checklist, each as a scale of its items' columns,
    /// named "1. …" in either language.
    pub fn sections_of(checklist: &Checklist) -> Vec<ScaleSpec> {
        checklist
            .sections
            .iter()
            .map(|s| ScaleSpec {
                name: Name::Label(Label::new(
                    format!("{}. {}", s.id, s.name.ja),
                    format!("{}. {}", s.id, s.name.en),
                )),
                items: s.items.iter().flat_map(|i| i.columns()).collect(),
            })
            .collect()
    }

    /// Sections written as `A=q1,q2;B=q3,q4` (`--sections`); `None` names
    /// the part that does not follow that form.
    pub fn parse_sections(s: &str) -> Result<Vec<ScaleSpec>, String> {
        s.split(';')
            .filter(|p| !p.trim().is_empty())
            .map(|part| {
                let (name, cols) = part.split_once('=').ok_or_else(|| part.to_string())?;
                let items: Vec<String> = cols
                    .split(',')
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty())
                    .collect();
                if name.trim().is_empty() || items.is_empty() {
                    return Err(part.to_string());
                }
                Ok(ScaleSpec {
                    name: Name::Plain(name.trim().to_string()),
                    items,
                })
            })
            .collect()
    }
}

#[derive(Debug, Clone)]
pub struct ScaleOptions {
    pub missing: Missing,
    pub level: f64,
    /// Items reversed (max + min − value, over all the items' values).
    pub reverse: Vec<String>,
    /// An exploratory factor analysis of the whole scale, when asked for.
    pub factors: Option<factors::FactorOptions>,
    /// A parallel analysis of the whole scale, when asked for.
    pub parallel: Option<crate::stats::parallel::ParallelOptions>,
}

/// One item of a scale in the JSON.
#[derive(Debug, Clone, Serialize)]
pub struct ItemRecord {
    pub name: String,
    #[serde(flatten)]
    pub statistics: crate::stats::reliability::ItemStatistics,
    pub reversed: bool,
}

/// One scale's result (its JSON record).
#[derive(Debug, Clone, Serialize)]
pub struct ScaleRecord {
    pub name: Name,
    pub k: usize,
    /// All items binary: α is KR-20.
    pub kr20: bool,
    pub alpha: Option<f64>,
    pub alpha_standardized: Option<f64>,
    pub alpha_ci: Option<crate::stats::reliability::AlphaInterval>,
    pub omega_total: Option<f64>,
    pub omega_method: &'static str,
    pub n: usize,
    pub dropped: usize,
    pub items: Vec<ItemRecord>,
    /// Fewer than 3 items: α and ω say little.
    pub few_items: bool,
    /// Items everyone answered alike, left out of α.
    pub constant_items: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_computable: Option<NotComputable>,
}

/// The JSON of `renkei scale`: the whole scale's keys at the top, its sections under `sections`.
#[derive(Serialize)]
pub struct ScaleReport {
    pub source: String,
    pub missing: &'static str,
    pub answer_form: AnswerForm,
    /// Columns not taken as items when none were named, with the reason.
    pub left_out: Vec<LeftOutRecord>,
    #[serde(flatten)]
    pub whole: ScaleRecord,
    pub sections: Vec<ScaleRecord>,
    /// Test–retest agreement, with `--retest`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retest: Option<retest::RetestRecord>,
    /// Exploratory factor analysis, with `--factors K`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub factors: Option<factors::FactorRecord>,
    /// Parallel analysis, with `--parallel`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallel: Option<parallel::ParallelRecord>,
}

/// A column not taken as an item, in the JSON.
#[derive(Serialize)]
pub struct LeftOutRecord {
    pub column: String,
    #[serde(flatten)]
    pub why: crate::input::checklist::LeftOut,
}

fn analyse(table: &ItemTable, spec: &ScaleSpec, opts: &ScaleOptions) -> ScaleRecord {
    let index: Vec<usize> = spec
        .items
        .iter()
        .filter_map(|n| table.names.iter().position(|m| m == n))
        .collect();
    let mut data: Vec<Vec<Option<f64>>> = table
        .rows
        .iter()
        .map(|r| index.iter().map(|&j| r[j]).collect())
        .collect();
    let values = data.iter().flatten().flatten();
    let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(*v), b.max(*v))
    });
    let reversed: Vec<bool> = spec
        .items
        .iter()
        .map(|n| opts.reverse.contains(n))
        .collect();
    for row in &mut data {
        for (v, &r) in row.iter_mut().zip(&reversed) {
            if r {
                *v = v.map(|x| high + low - x);
            }
        }
    }
    let kr20 = data
        .iter()
        .flatten()
        .flatten()
        .all(|v| *v == 0.0 || *v == 1.0);
    // Items everyone answered alike (on the rows the missing rule uses) have
    // no variance: α is undefined with them, so they are left out and named,
    // as psych::alpha drops them.
    let used = |row: &&Vec<Option<f64>>| {
        opts.missing == Missing::Pairwise || row.iter().all(Option::is_some)
    };
    let constant: Vec<usize> = (0..index.len())
        .filter(|&i| {
            let mut values = data.iter().filter(used).filter_map(|r| r[i]);
            values
                .next()
                .is_some_and(|first| values.all(|v| v == first))
        })
        .collect();
    let kept: Vec<usize> = (0..index.len()).filter(|i| !constant.contains(i)).collect();
    let data: Vec<Vec<Option<f64>>> = data
        .iter()
        .map(|r| kept.iter().map(|&i| r[i]).collect())
        .collect();
    let names: Vec<&String> = kept.iter().map(|&i| &spec.items[i]).collect();
    let reversed: Vec<bool> = kept.iter().map(|&i| reversed[i]).collect();
    let k = kept.len();
    let result: Result<Reliability, NotComputable> = reliability(&data, opts.missing, opts.level);
    let mut record = ScaleRecord {
        name: spec.name.clone(),
        k,
        kr20,
        alpha: None,
        alpha_standardized: None,
        alpha_ci: None,
        omega_total: None,
        omega_method: "one factor, minimum residuals (psych::fa fm = \"minres\")",
        n: 0,
        dropped: 0,
        items: Vec::new(),
        few_items: k < 3,
        constant_items: constant.iter().map(|&i| spec.items[i].clone()).collect(),
        not_computable: None,
    };
    match result {
        Ok(r) => {
            record.alpha = Some(r.alpha);
            record.alpha_standardized = Some(r.alpha_standardized);
            record.alpha_ci = Some(r.alpha_ci);
            record.omega_total = r.omega_total;
            record.n = r.n;
            record.dropped = r.dropped;
            record.items = names
                .iter()
                .zip(r.items)
                .zip(&reversed)
                .map(|((name, statistics), &reversed)| ItemRecord {
                    name: (*name).clone(),
                    statistics,
                    reversed,
                })
                .collect();
        }
        Err(e) => record.not_computable = Some(e),
    }
    record
}

/// What was read: checks (1/0, ✓ …) in their form, or scores with their range.
fn items_read(table: &ItemTable) -> Msg {
    let values = table.rows.iter().flatten().flatten().copied();
    let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let source = table.source.display().to_string();
    if high > 1.0 || low < 0.0 {
        Msg::analysis(ChecklistMsg::ScoresRead {
            source,
            items: table.names.len(),
            rows: table.rows.len(),
            low,
            high,
        })
    } else {
        Msg::analysis(ChecklistMsg::ItemsRead {
            source,
            items: table.names.len(),
            rows: table.rows.len(),
            form: table.form,
        })
    }
}

fn section(r: &ScaleRecord, level: f64) -> Section {
    let mut lines = Vec::new();
    if !r.constant_items.is_empty() {
        lines.push(Line::new(
            0,
            Msg::analysis(ChecklistMsg::ConstantItems(r.constant_items.clone())),
        ));
    }
    match (&r.not_computable, r.alpha, r.alpha_ci) {
        (Some(reason), _, _) => lines.push(Line::new(
            0,
            Msg::analysis(ChecklistMsg::NotComputable(reason.clone())),
        )),
        (None, Some(alpha), Some(ci)) => {
            lines.push(Line::new(
                0,
                Msg::analysis(ChecklistMsg::Alpha {
                    alpha,
                    standardized: r.alpha_standardized.unwrap_or(f64::NAN),
                    lower: ci.lower,
                    upper: ci.upper,
                    level,
                    kr20: r.kr20,
                }),
            ));
            lines.push(Line::new(
                0,
                Msg::analysis(ChecklistMsg::Omega {
                    omega: r.omega_total,
                }),
            ));
            lines.push(Line::new(
                0,
                Msg::analysis(ChecklistMsg::Respondents {
                    n: r.n,
                    dropped: r.dropped,
                    k: r.k,
                }),
            ));
            // A negative α (or an item against the rest) is not a weak
            // scale but, most often, an item asked the other way round.
            let against: Vec<(String, f64)> = r
                .items
                .iter()
                .filter(|i| !i.reversed && i.statistics.item_rest_r < 0.0)
                .map(|i| (i.name.clone(), i.statistics.item_rest_r))
                .collect();
            if !against.is_empty() || alpha < 0.0 {
                lines.push(Line::new(
                    0,
                    Msg::analysis(ChecklistMsg::AgainstTheOthers {
                        items: against,
                        alpha_negative: alpha < 0.0,
                    }),
                ));
            }
        }
        _ => {}
    }
    if r.few_items {
        lines.push(Line::new(
            0,
            Msg::analysis(ChecklistMsg::FewItems { k: r.k }),
        ));
    }
    let mut blocks = vec![Block::Lines(lines)];
    if !r.items.is_empty() {
        use ScaleColumn as C;
        blocks.push(Block::Grid(Grid {
            heading: None,
            header: [
                C::Item,
                C::Mean,
                C::Sd,
                C::Floor,
                C::Ceiling,
                C::ItemRest,
                C::AlphaIfDeleted,
            ]
            .map(|c| Text::from(Msg::analysis(ChecklistMsg::ScaleColumn(c))))
            .to_vec(),
            rows: r
                .items
                .iter()
                .map(|i| {
                    let name = if i.reversed {
                        format!("{} (R)", i.name)
                    } else {
                        i.name.clone()
                    };
                    vec![
                        Cell::Text(name.into()),
                        Cell::number(Some(i.statistics.mean), 3),
                        Cell::number(Some(i.statistics.sd), 3),
                        Cell::number(Some(100.0 * i.statistics.floor), 1),
                        Cell::number(Some(100.0 * i.statistics.ceiling), 1),
                        Cell::number(Some(i.statistics.item_rest_r), 3),
                        Cell::number(i.statistics.alpha_if_deleted, 3),
                    ]
                })
                .collect(),
        }));
    }
    Section {
        title: r.name.clone().into(),
        short_name: Some(r.name.clone().into()),
        blocks,
    }
}

/// The section of test–retest agreement.
fn retest_section(r: &retest::RetestRecord) -> Section {
    use ScaleColumn as C;
    let head = |c: C| Text::from(Msg::analysis(ChecklistMsg::ScaleColumn(c)));
    let lines = vec![Line::new(
        0,
        Msg::analysis(ChecklistMsg::RetestRead {
            source: r.source.clone(),
            id_column: r.id_column.clone(),
            matched: r.matched,
            only_first: r.only_first.clone(),
            only_retest: r.only_retest.clone(),
        }),
    )];
    let icc_row = |i: &retest::IccRecord| {
        vec![
            Cell::Text(i.name.clone().into()),
            Cell::Count(i.n as u64),
            Cell::number(i.value, 3),
            Cell::number(i.lower, 3),
            Cell::number(i.upper, 3),
            Cell::number(i.consistency.map(|c| c.value), 3),
        ]
    };
    let mut icc_rows = vec![icc_row(&r.icc.total)];
    icc_rows.extend(r.icc.sections.iter().map(icc_row));
    Section {
        title: Msg::analysis(ChecklistMsg::RetestHeading).into(),
        short_name: Some(Msg::analysis(ChecklistMsg::RetestSheet).into()),
        blocks: vec![
            Block::Lines(lines),
            Block::Grid(Grid {
                heading: Some(Msg::analysis(ChecklistMsg::IccHeading { level: r.level }).into()),
                header: [
                    C::Scale,
                    C::Pairs,
                    C::Icc,
                    C::Lower,
                    C::Upper,
                    C::IccConsistency,
                ]
                .map(head)
                .to_vec(),
                rows: icc_rows,
            }),
            Block::Grid(Grid {
                heading: Some(Msg::analysis(ChecklistMsg::KappaHeading { level: r.level }).into()),
                header: [
                    C::Item,
                    C::Pairs,
                    C::Agreement,
                    C::Kappa,
                    C::Lower,
                    C::Upper,
                ]
                .map(head)
                .to_vec(),
                rows: r
                    .items
                    .iter()
                    .map(|i| {
                        vec![
                            Cell::Text(i.name.clone().into()),
                            Cell::Count(i.n as u64),
                            Cell::number((i.n > 0).then_some(100.0 * i.agreement), 1),
                            Cell::number(i.kappa, 3),
                            Cell::number(i.kappa_lower, 3),
                            Cell::number(i.kappa_upper, 3),
                        ]
                    })
                    .collect(),
            }),
        ],
    }
}

/// The section of the factor analysis: loadings with communalities, the
/// variance each factor explains, and Φ when the rotation is oblique.
fn factor_section(f: &factors::FactorRecord) -> Section {
    let mut lines = vec![Line::new(
        0,
        Msg::analysis(ChecklistMsg::FactorsRead {
            correlation: f.correlation,
            smoothed: f.smoothed,
            k: f.k,
            extraction: f.extraction,
            rotation: f.rotation,
            n: f.n,
            items: f.items.len(),
        }),
    )];
    let mut blocks = Vec::new();
    match &f.solution {
        None => lines.push(Line::new(
            0,
            match &f.correlation_error {
                Some(error) => latent_unsuitable(f.correlation, error.clone(), &f.items),
                None => Msg::analysis(ChecklistMsg::FactorsNotComputable),
            },
        )),
        Some(s) => {
            if !s.converged {
                lines.push(Line::new(
                    0,
                    Msg::analysis(ChecklistMsg::FactorsNotConverged),
                ));
            }
            let factor = |j: usize| Text::from(format!("F{}", j + 1));
            let mut header = vec![Text::from(Msg::analysis(ChecklistMsg::ScaleColumn(
                ScaleColumn::Item,
            )))];
            header.extend((0..f.k).map(factor));
            header.push(Msg::analysis(ChecklistMsg::ScaleColumn(ScaleColumn::Communality)).into());
            let mut rows: Vec<Vec<Cell>> = f
                .items
                .iter()
                .zip(&s.loadings)
                .zip(&s.communalities)
                .map(|((name, l), h2)| {
                    let mut row = vec![Cell::Text(name.clone().into())];
                    row.extend(l.iter().map(|v| Cell::number(Some(*v), 3)));
                    row.push(Cell::number(Some(*h2), 3));
                    row
                })
                .collect();
            let mut explained = vec![Cell::Text(
                Msg::analysis(ChecklistMsg::ScaleColumn(ScaleColumn::VarianceExplained)).into(),
            )];
            explained.extend(
                s.variance_explained
                    .iter()
                    .map(|v| Cell::number(Some(100.0 * v), 1)),
            );
            explained.push(Cell::number(
                Some(100.0 * s.variance_explained.iter().sum::<f64>()),
                1,
            ));
            rows.push(explained);
            blocks.push(Block::Grid(Grid {
                heading: None,
                header,
                rows,
            }));
            if let Some(phi) = &s.phi {
                let mut header = vec![Text::from("Φ")];
                header.extend((0..f.k).map(factor));
                blocks.push(Block::Grid(Grid {
                    heading: Some(Msg::analysis(ChecklistMsg::FactorCorrelations).into()),
                    header,
                    rows: phi
                        .iter()
                        .enumerate()
                        .map(|(i, r)| {
                            let mut row = vec![Cell::Text(factor(i))];
                            row.extend(r.iter().map(|v| Cell::number(Some(*v), 3)));
                            row
                        })
                        .collect(),
                }));
            }
        }
    }
    blocks.insert(0, Block::Lines(lines));
    Section {
        title: Msg::analysis(ChecklistMsg::FactorsHeading).into(),
        short_name: Some(Msg::analysis(ChecklistMsg::FactorsSheet).into()),
        blocks,
    }
}

/// Why the correlations asked for do not suit the items, the item named.
fn latent_unsuitable(
    kind: crate::stats::polychoric::Correlation,
    error: crate::stats::polychoric::LatentError,
    items: &[String],
) -> Msg {
    use crate::stats::polychoric::LatentError as E;
    let item = match &error {
        E::NotBinary { item } | E::NotWhole { item, .. } | E::Constant { item } => {
            items.get(*item).cloned()
        }
        _ => None,
    };
    Msg::analysis(ChecklistMsg::LatentUnsuitable { kind, error, item })
}

/// The section of the parallel analysis: what it suggests, then the
/// observed eigenvalues beside the random data's percentile, position by
/// position (the scree plot's numbers).
fn parallel_section(p: &parallel::ParallelRecord, factors_asked: bool) -> Section {
    let mut lines = Vec::new();
    let mut blocks = Vec::new();
    match (&p.result, p.not_computable.clone()) {
        (Some(r), _) => {
            lines.push(Line::new(
                0,
                Msg::analysis(ChecklistMsg::ParallelSuggests {
                    factors: r.suggested_factors,
                    components: r.suggested_components,
                    hint: !factors_asked && r.suggested_factors > 0,
                }),
            ));
            lines.push(Line::new(
                1,
                Msg::analysis(ChecklistMsg::ParallelRead {
                    correlation: p.correlation,
                    items: p.items.len(),
                    n: p.n,
                    iterations: r.iterations,
                    seed: r.seed,
                    quantile: r.quantile,
                    extraction: p.extraction,
                    redrawn: r.redrawn,
                }),
            ));
            if p.extraction == crate::stats::factor::Extraction::Ml && r.near_singular > 0 {
                lines.push(Line::new(
                    0,
                    Msg::analysis(ChecklistMsg::ParallelNearSingular {
                        count: r.near_singular,
                        total: 2 * r.iterations,
                    }),
                ));
            }
            use ScaleColumn as C;
            let header = [
                C::Position,
                C::ComponentObserved,
                C::ComponentRandom,
                C::FactorObserved,
                C::FactorRandom,
            ]
            .map(|c| Text::from(Msg::analysis(ChecklistMsg::ScaleColumn(c))))
            .to_vec();
            // An observed value in the leading run above the random
            // percentile is starred: the suggestion counts those.
            let mark = |value: f64, kept: bool| Cell::Marked {
                value,
                decimals: 3,
                stars: u8::from(kept),
            };
            let rows = (0..p.items.len())
                .map(|j| {
                    vec![
                        Cell::Count(j as u64 + 1),
                        mark(r.components.observed[j], j < r.suggested_components),
                        Cell::number(Some(r.components.simulated_quantile[j]), 3),
                        mark(r.factors.observed[j], j < r.suggested_factors),
                        Cell::number(Some(r.factors.simulated_quantile[j]), 3),
                    ]
                })
                .collect();
            blocks.push(Block::Grid(Grid {
                heading: None,
                header,
                rows,
            }));
        }
        (None, Some(crate::stats::parallel::ParallelNotComputable::Correlation(error))) => lines
            .push(Line::new(
                0,
                latent_unsuitable(p.correlation, error, &p.items),
            )),
        (None, reason) => lines.push(Line::new(
            0,
            Msg::analysis(ChecklistMsg::ParallelNotComputable(reason)),
        )),
    }
    blocks.insert(0, Block::Lines(lines));
    Section {
        title: Msg::analysis(ChecklistMsg::ParallelHeading).into(),
        short_name: Some(Msg::analysis(ChecklistMsg::ParallelSheet).into()),
        blocks,
    }
}

/// The second administration, for test–retest agreement.
pub struct Retest<'a> {
    pub table: &'a ItemTable,
    pub matched: &'a crate::input::checklist::Matched,
}

/// The reliability of the whole set of `whole` items and of each section,
/// and with a retest, the agreement of the two administrations.
pub fn report(
    table: &ItemTable,
    whole: &ScaleSpec,
    sections: &[ScaleSpec],
    opts: &ScaleOptions,
    second: Option<Retest>,
) -> Report {
    let whole_record = analyse(table, whole, opts);
    let records: Vec<ScaleRecord> = sections.iter().map(|s| analyse(table, s, opts)).collect();
    let mut out_sections = vec![section(&whole_record, opts.level)];
    out_sections.extend(records.iter().map(|r| section(r, opts.level)));
    let retest_record =
        second.map(|r| retest::analyse(table, r.table, r.matched, whole, sections, opts));
    if let Some(r) = &retest_record {
        out_sections.push(retest_section(r));
    }
    let factor_record = opts
        .factors
        .map(|f| factors::analyse(table, whole, opts, f));
    if let Some(f) = &factor_record {
        out_sections.push(factor_section(f));
    }
    let parallel_record = opts
        .parallel
        .map(|p| parallel::analyse(table, whole, opts, p));
    if let Some(p) = &parallel_record {
        out_sections.push(parallel_section(p, opts.factors.is_some()));
    }
    Report {
        title: Some(Msg::analysis(ChecklistMsg::ScaleTitle).into()),
        preamble: vec![
            Line::new(0, items_read(table)),
            Line::new(0, Msg::analysis(ChecklistMsg::MissingRule(opts.missing))),
        ]
        .into_iter()
        .chain((!table.left_out.is_empty()).then(|| {
            Line::new(
                0,
                Msg::analysis(ChecklistMsg::LeftOut(table.left_out.clone())),
            )
        }))
        .collect(),
        sections: out_sections,
        closing: vec![],
        data: Some(Box::new(ScaleReport {
            source: table.source.display().to_string(),
            missing: match opts.missing {
                Missing::Listwise => "listwise",
                Missing::Pairwise => "pairwise",
            },
            answer_form: table.form,
            left_out: table
                .left_out
                .iter()
                .map(|(column, why)| LeftOutRecord {
                    column: column.clone(),
                    why: why.clone(),
                })
                .collect(),
            whole: whole_record,
            sections: records,
            retest: retest_record,
            factors: factor_record,
            parallel: parallel_record,
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_read_from_their_written_form() {
        let s = ScaleSpec::parse_sections("A=q1,q2; B = q3 ,q4;").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].name, Name::Plain("B".into()));
        assert_eq!(s[1].items, vec!["q3", "q4"]);
        assert_eq!(ScaleSpec::parse_sections("A=q1;B").unwrap_err(), "B");
        assert_eq!(ScaleSpec::parse_sections("=q1").unwrap_err(), "=q1");
    }
}
