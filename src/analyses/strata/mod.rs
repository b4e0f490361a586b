//! A question by a grouping within strata (`renkei tab --strata`): one
//! table per stratum with its tests, and the generalized
//! Cochran–Mantel–Haenszel test of conditional independence given the
//! strata.

use super::crosstab::{AnalysedTable, TableRecord, record, section};
use crate::report::{Line, Msg, Name, Report, Section, Text};
use crate::stats::Analysis;
use crate::stats::cmh::{Cmh, generalized_cmh};
use crate::tabulate::PercentBase;
use crate::tabulate::crosstab::CrossTab;
use crate::text::Label;
use nalgebra::DMatrix;
use serde::Serialize;

/// One stratum's table and tests.
pub struct Stratum {
    pub label: Name,
    pub crosstab: CrossTab,
    pub analysis: Analysis,
}

#[derive(Serialize)]
struct StratumRecord {
    stratum: Name,
    #[serde(flatten)]
    table: TableRecord,
}

#[derive(Serialize)]
struct StrataRecord {
    strata_grouping: Label,
    strata: Vec<StratumRecord>,
    cmh: Option<Cmh>,
    /// Units in no stratum (outside the strata grouping, or excluded from it).
    outside_strata: usize,
}

/// The strata's tables with the rows and columns empty in every stratum
/// left out (they carry no information and make the covariance singular).
fn cmh_tables(strata: &[Stratum]) -> Vec<DMatrix<u64>> {
    let Some(first) = strata.first() else {
        return Vec::new();
    };
    let (r, c) = (first.crosstab.table.nrows(), first.crosstab.table.ncols());
    let total = strata.iter().fold(DMatrix::<u64>::zeros(r, c), |acc, s| {
        acc + &s.crosstab.table.counts
    });
    let rows: Vec<usize> = (0..r).filter(|&i| total.row(i).sum() > 0).collect();
    let cols: Vec<usize> = (0..c).filter(|&j| total.column(j).sum() > 0).collect();
    strata
        .iter()
        .map(|s| {
            s.crosstab
                .table
                .counts
                .select_rows(&rows)
                .select_columns(&cols)
        })
        .collect()
}

/// The report: a section per stratum, then the CMH test.
pub fn report(
    title: Text,
    strata_grouping: &Label,
    strata: &[Stratum],
    outside_strata: usize,
) -> Report {
    let cmh = generalized_cmh(&cmh_tables(strata));
    let mut sections: Vec<Section> = strata
        .iter()
        .map(|s| {
            section(&AnalysedTable {
                title: Msg::StratumTitle {
                    table: Box::new(title.clone()),
                    stratum: s.label.clone(),
                }
                .into(),
                short_name: Some(s.label.clone().into()),
                table: &s.crosstab.table,
                analysis: &s.analysis,
                crosstab: Some(&s.crosstab),
                base: PercentBase::Column,
            })
        })
        .collect();
    let mut lines = vec![Line::new(
        0,
        match cmh {
            Some(c) => Msg::Cmh {
                statistic: c.statistic,
                df: c.df,
                p: c.p,
                strata: c.strata_used,
            },
            None => Msg::CmhNotComputable,
        },
    )];
    if outside_strata > 0 {
        lines.push(Line::new(
            1,
            Msg::OutsideStrata {
                units: outside_strata,
            },
        ));
    }
    sections.push(Section {
        title: Msg::CmhHeading {
            strata: strata_grouping.clone().into(),
        }
        .into(),
        short_name: Some(Text::from("CMH")),
        blocks: vec![crate::report::Block::Lines(lines)],
    });
    let data = StrataRecord {
        strata_grouping: strata_grouping.clone(),
        strata: strata
            .iter()
            .map(|s| StratumRecord {
                stratum: s.label.clone(),
                table: record(&AnalysedTable {
                    title: title.clone(),
                    short_name: None,
                    table: &s.crosstab.table,
                    analysis: &s.analysis,
                    crosstab: Some(&s.crosstab),
                    base: PercentBase::Column,
                }),
            })
            .collect(),
        cmh,
        outside_strata,
    };
    Report {
        title: Some(title),
        sections,
        data: Some(Box::new(data)),
        ..Default::default()
    }
}
