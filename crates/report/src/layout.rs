//! The slides' table layout, built once from a cross-table and drawn by every
//! renderer: for each answer a row of n and a row of %, a 合計 column and a
//! 合計 row. Percentages here are display arithmetic (rounded shares of
//! counts), not statistics.

use crate::{Msg, SlideBlock, SlideRow, Text};
use renkei_data::tabulate::PercentBase;
use renkei_data::tabulate::table::{ContingencyTable, Tenths, percent_tenths};

/// Lays out `table` with counts and percentages per answer and the 合計 row
/// and column.
pub fn slide_table(table: &ContingencyTable, base: PercentBase) -> SlideBlock {
    let rt = table.row_totals();
    let ct = table.col_totals();
    let n = table.total();
    let mut rows = Vec::new();
    let mut push = |label: Text, counts: Vec<u64>, row_total: u64, is_total_row: bool| {
        let mut percents: Vec<Option<Tenths>> = match base {
            PercentBase::Column => counts
                .iter()
                .zip(&ct)
                .map(|(&v, &b)| percent_tenths(v, b))
                .collect(),
            PercentBase::Row if is_total_row => {
                counts.iter().map(|&v| percent_tenths(v, n)).collect()
            }
            PercentBase::Row => counts
                .iter()
                .map(|&v| percent_tenths(v, row_total))
                .collect(),
        };
        percents.push(match base {
            PercentBase::Column => percent_tenths(row_total, n),
            PercentBase::Row if is_total_row => percent_tenths(n, n),
            PercentBase::Row => percent_tenths(row_total, row_total),
        });
        let mut counts = counts;
        counts.push(row_total);
        rows.push(SlideRow {
            label,
            total: is_total_row,
            counts,
            percents,
        });
    };
    for (i, (label, &row_total)) in table.row_labels.iter().zip(&rt).enumerate() {
        let counts: Vec<u64> = (0..table.ncols()).map(|j| table.get(i, j)).collect();
        push(label.into(), counts, row_total, false);
    }
    push(Msg::Total.into(), ct.clone(), n, true);
    let mut columns: Vec<Text> = table.col_labels.iter().map(Text::from).collect();
    columns.push(Msg::Total.into());
    SlideBlock {
        columns,
        rows,
        base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Messages;

    #[test]
    fn table3_first_column() {
        let t = ContingencyTable::from_rows(&[vec![10, 10], vec![9, 27], vec![1, 3], vec![11, 15]]);
        let s = slide_table(&t, PercentBase::Column);
        let lines = s.lines();
        assert_eq!(lines[1].cells[0].show(Messages::default()), "32.3%");
        assert_eq!(lines[1].cells[1].show(Messages::default()), "18.2%");
        let total_pct = &lines[9];
        assert_eq!(total_pct.cells[0].show(Messages::default()), "100.0%");
        assert_eq!(total_pct.cells[2].show(Messages::default()), "100.0%");
    }

    #[test]
    fn empty_column_is_undefined() {
        let t = ContingencyTable::from_rows(&[vec![0, 6], vec![0, 17]]);
        let s = slide_table(&t, PercentBase::Column);
        assert_eq!(s.lines()[1].cells[0], crate::Cell::Undefined);
    }

    #[test]
    fn row_percent() {
        let t = ContingencyTable::from_rows(&[vec![1, 3], vec![2, 2]]);
        let s = slide_table(&t, PercentBase::Row);
        let lines = s.lines();
        assert_eq!(lines[1].cells[0].show(Messages::default()), "25.0%");
        assert_eq!(lines[1].cells[2].show(Messages::default()), "100.0%");
        assert_eq!(lines[5].cells[0].show(Messages::default()), "37.5%");
    }
}
