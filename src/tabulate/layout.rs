//! The slides' table layout, built once from a cross-table and drawn by every
//! renderer: for each answer a row of n and a row of %, a 合計 column and a
//! 合計 row. Percentages here are display arithmetic (rounded shares of
//! counts), not statistics.

use crate::municipality::Lang;
use crate::tabulate::table::{ContingencyTable, Tenths, percent_tenths};
use serde::Serialize;

/// What the percentages are shares of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum PercentBase {
    /// Column % (share of each group answering each category), as in 表3–5.
    #[default]
    Column,
    /// Row % (share of each answer falling in each group).
    Row,
}

/// One printed line of the slide table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlideRow {
    /// The answer label, on the n line only (the % line leaves it blank).
    pub label: String,
    pub kind: RowKind,
    /// One value per group, then the 合計 column.
    pub cells: Vec<SlideCell>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowKind {
    N,
    Percent,
}

/// A printed value: a count, a percentage, or an undefined percentage
/// (base 0: a group with no units).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SlideCell {
    Count(u64),
    Percent(Tenths),
    Undefined,
}

impl std::fmt::Display for SlideCell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SlideCell::Count(n) => write!(f, "{n}"),
            SlideCell::Percent(t) => write!(f, "{t}"),
            SlideCell::Undefined => write!(f, "-"),
        }
    }
}

/// A table laid out as in the slides.
#[derive(Debug, Clone, Serialize)]
pub struct SlideTable {
    pub columns: Vec<String>,
    pub total_label: String,
    pub rows: Vec<SlideRow>,
    pub base: PercentBase,
}

fn pct(count: u64, base: u64) -> SlideCell {
    percent_tenths(count, base).map_or(SlideCell::Undefined, SlideCell::Percent)
}

/// Lays out `table` with n and % lines per answer and the 合計 row and column.
pub fn slide_table(table: &ContingencyTable, base: PercentBase, lang: Lang) -> SlideTable {
    let total_label = match lang {
        Lang::Ja => "合計",
        Lang::En => "Total",
    }
    .to_string();
    let rt = table.row_totals();
    let ct = table.col_totals();
    let n = table.total();
    let mut rows = Vec::new();
    let mut push = |label: &str, counts: Vec<u64>, row_total: u64, is_total_row: bool| {
        let mut n_cells: Vec<SlideCell> = counts.iter().map(|&v| SlideCell::Count(v)).collect();
        n_cells.push(SlideCell::Count(row_total));
        let mut p_cells: Vec<SlideCell> = match base {
            PercentBase::Column => counts.iter().zip(&ct).map(|(&v, &b)| pct(v, b)).collect(),
            PercentBase::Row if is_total_row => counts.iter().map(|&v| pct(v, n)).collect(),
            PercentBase::Row => counts.iter().map(|&v| pct(v, row_total)).collect(),
        };
        p_cells.push(match base {
            PercentBase::Column => pct(row_total, n),
            PercentBase::Row if is_total_row => pct(n, n),
            PercentBase::Row => pct(row_total, row_total),
        });
        rows.push(SlideRow {
            label: label.to_string(),
            kind: RowKind::N,
            cells: n_cells,
        });
        rows.push(SlideRow {
            label: String::new(),
            kind: RowKind::Percent,
            cells: p_cells,
        });
    };
    for (i, (label, &row_total)) in table.row_labels.iter().zip(&rt).enumerate() {
        let counts: Vec<u64> = (0..table.ncols()).map(|j| table.get(i, j)).collect();
        push(label, counts, row_total, false);
    }
    push(&total_label, ct.clone(), n, true);
    SlideTable {
        columns: table.col_labels.clone(),
        total_label,
        rows,
        base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table3_first_column() {
        let t = ContingencyTable::from_rows(&[vec![10, 10], vec![9, 27], vec![1, 3], vec![11, 15]]);
        let s = slide_table(&t, PercentBase::Column, Lang::Ja);
        assert_eq!(s.rows[1].cells[0].to_string(), "32.3%");
        assert_eq!(s.rows[1].cells[1].to_string(), "18.2%");
        let total_pct = &s.rows[9];
        assert_eq!(total_pct.cells[0].to_string(), "100.0%");
        assert_eq!(total_pct.cells[2].to_string(), "100.0%");
    }

    #[test]
    fn empty_column_is_undefined() {
        let t = ContingencyTable::from_rows(&[vec![0, 6], vec![0, 17]]);
        let s = slide_table(&t, PercentBase::Column, Lang::Ja);
        assert_eq!(s.rows[1].cells[0], SlideCell::Undefined);
    }

    #[test]
    fn row_percent() {
        let t = ContingencyTable::from_rows(&[vec![1, 3], vec![2, 2]]);
        let s = slide_table(&t, PercentBase::Row, Lang::En);
        assert_eq!(s.rows[1].cells[0].to_string(), "25.0%");
        assert_eq!(s.rows[1].cells[2].to_string(), "100.0%");
        assert_eq!(s.rows[5].cells[0].to_string(), "37.5%");
    }
}
