//! `renkei describe`: what a survey definition holds — unit columns,
//! questions with their categories, groupings with their levels — so that a
//! user can check a definition before the first table.

pub mod messages;

use crate::analyses::describe::messages::DescribeMsg;
use crate::input::survey::{GroupingKind, GroupingLevels, QuestionKind, SurveyDefinition};
use crate::municipality::IndustryScheme;
use crate::report::{Block, Cell, Grid, Msg, Report, Section, Text};

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(Text::from(s.into()))
}

fn msg(m: DescribeMsg) -> Text {
    Msg::analysis(m).into()
}

/// The description of a definition.
pub fn report(def: &SurveyDefinition) -> Report {
    let uc = &def.unit_columns;
    let unit_rows: Vec<Vec<Cell>> = [
        ("id", Some(&uc.id)),
        ("class", Some(&uc.class)),
        ("code", uc.code.as_ref()),
        (
            "share_secondary_tertiary",
            uc.share_secondary_tertiary.as_ref(),
        ),
        ("share_tertiary", uc.share_tertiary.as_ref()),
        ("industry_code", uc.industry_code.as_ref()),
        ("population", uc.population.as_ref()),
        ("prefecture", uc.prefecture.as_ref()),
    ]
    .into_iter()
    .map(|(role, column)| {
        vec![
            text(role),
            column.map_or(Cell::Undefined, |c| text(c.clone())),
        ]
    })
    .collect();
    let question_rows = def
        .questions
        .iter()
        .map(|q| {
            let kind = match q.kind {
                QuestionKind::Single if q.ordered => msg(DescribeMsg::SingleOrdered),
                QuestionKind::Single => msg(DescribeMsg::Single),
                QuestionKind::Multiple => msg(DescribeMsg::Multiple),
            };
            let columns = match (
                &q.separator,
                q.categories.iter().any(|c| c.column.is_some()),
            ) {
                (Some(sep), _) => format!("{} ('{sep}')", q.column),
                (None, true) => q
                    .categories
                    .iter()
                    .filter_map(|c| c.column.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => q.column.clone(),
            };
            let categories = msg(DescribeMsg::Coded(
                q.categories
                    .iter()
                    .map(|c| (c.code.clone(), c.label.clone()))
                    .collect(),
            ));
            vec![
                text(q.id.clone()),
                Cell::Text(q.label.clone().into()),
                Cell::Text(kind),
                text(columns),
                Cell::Text(categories),
            ]
        })
        .collect();
    let grouping_rows = def
        .groupings
        .iter()
        .map(|g| {
            let by = msg(DescribeMsg::GroupingBy {
                by: g.by,
                scheme: g.scheme,
                column: g.column.clone(),
            });
            let levels: Cell = match (&g.levels, g.by) {
                (Some(GroupingLevels::Codes(c)), _) => {
                    text(c.iter().map(u8::to_string).collect::<Vec<_>>().join(", "))
                }
                (Some(GroupingLevels::Values(v)), _) => Cell::Text(msg(DescribeMsg::Coded(
                    v.iter()
                        .map(|l| (l.code.clone(), l.label.clone()))
                        .collect(),
                ))),
                (None, GroupingKind::Column) => Cell::Text(msg(DescribeMsg::ValuesFound)),
                (None, GroupingKind::PopulationBand) => {
                    let b = def
                        .population_bands
                        .bounds(g.scheme.unwrap_or(IndustryScheme::City));
                    text(b.iter().map(u64::to_string).collect::<Vec<_>>().join(" / "))
                }
                (None, GroupingKind::Ruiji) => Cell::Text(msg(DescribeMsg::RuijiTypes)),
                (None, GroupingKind::Industry) => Cell::Text(msg(DescribeMsg::AllCodes)),
                (None, GroupingKind::ClassGroup) => Cell::Text(msg(DescribeMsg::Labels(
                    g.population().iter().map(|c| c.label()).collect(),
                ))),
            };
            let filter = g.filter.as_ref().map_or(Cell::Undefined, |f| {
                text(format!("{} ∈ {{{}}}", f.column, f.values.join(", ")))
            });
            vec![
                text(g.id.clone()),
                Cell::Text(g.label.clone().into()),
                Cell::Text(by),
                levels,
                filter,
            ]
        })
        .collect();
    let grid = |heading: DescribeMsg, header: &[DescribeMsg], rows: Vec<Vec<Cell>>| Section {
        title: msg(heading.clone()),
        short_name: Some(msg(heading)),
        blocks: vec![Block::Grid(Grid {
            heading: None,
            header: header.iter().cloned().map(msg).collect(),
            rows,
        })],
    };
    use DescribeMsg as D;
    Report {
        title: Some(def.title.clone().into()),
        sections: vec![
            grid(D::UnitColumns, &[D::Role, D::Column], unit_rows),
            grid(
                D::Questions,
                &[D::Id, D::Label, D::Type, D::Column, D::Categories],
                question_rows,
            ),
            grid(
                D::Groupings,
                &[D::Id, D::Label, D::By, D::Levels, D::Filter],
                grouping_rows,
            ),
        ],
        data: Some(Box::new(def.clone())),
        ..Default::default()
    }
}
