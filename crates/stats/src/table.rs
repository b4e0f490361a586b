//! `ContingencyTable`: counts with row and column labels, margins, dropping of
//! empty rows and columns, expected counts and rounded percentages.
//!
//! Counts are integers (`u64`) so that totals and percentages are exact;
//! expected counts are `f64` matrices (nalgebra), computed from the margins.

use nalgebra::DMatrix;
use renkei_text::{Label, Name};
use serde::Serialize;

/// An r×c table of counts with labels.
#[derive(Debug, Clone, PartialEq)]
pub struct ContingencyTable {
    pub row_labels: Vec<Name>,
    pub col_labels: Vec<Name>,
    pub counts: DMatrix<u64>,
}

/// The rows and columns dropped from a table because their total is 0.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Dropped {
    pub rows: Vec<Name>,
    pub columns: Vec<Name>,
}

impl Dropped {
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.columns.is_empty()
    }
}

impl ContingencyTable {
    /// A table from labels and row-major counts. Panics only on a caller bug
    /// (label counts that do not match the matrix).
    pub fn new<R: Into<Name>, C: Into<Name>>(
        row_labels: Vec<R>,
        col_labels: Vec<C>,
        counts: DMatrix<u64>,
    ) -> Self {
        let row_labels: Vec<Name> = row_labels.into_iter().map(Into::into).collect();
        let col_labels: Vec<Name> = col_labels.into_iter().map(Into::into).collect();
        assert_eq!(row_labels.len(), counts.nrows(), "row labels");
        assert_eq!(col_labels.len(), counts.ncols(), "column labels");
        ContingencyTable {
            row_labels,
            col_labels,
            counts,
        }
    }

    /// A table from nested rows, labelled 行1..行r and 列1..列c (row 1 …
    /// column c in English): words, so that no label reads as a count.
    pub fn from_rows(rows: &[Vec<u64>]) -> Self {
        let r = rows.len();
        let c = rows.first().map_or(0, Vec::len);
        let counts = DMatrix::from_fn(r, c, |i, j| rows[i][j]);
        ContingencyTable::new(
            (1..=r)
                .map(|i| Name::Label(Label::new(format!("行{i}"), format!("row {i}"))))
                .collect(),
            (1..=c)
                .map(|j| Name::Label(Label::new(format!("列{j}"), format!("column {j}"))))
                .collect(),
            counts,
        )
    }

    pub fn nrows(&self) -> usize {
        self.counts.nrows()
    }
    pub fn ncols(&self) -> usize {
        self.counts.ncols()
    }
    pub fn get(&self, i: usize, j: usize) -> u64 {
        self.counts[(i, j)]
    }

    /// Row totals; a total beyond u64 saturates at `u64::MAX` (readers
    /// refuse such tables; a caller that did not is told by the limits of
    /// each test, never by an overflow).
    pub fn row_totals(&self) -> Vec<u64> {
        self.counts
            .row_iter()
            .map(|r| saturating_sum(r.iter()))
            .collect()
    }
    /// Column totals, saturating as [`ContingencyTable::row_totals`].
    pub fn col_totals(&self) -> Vec<u64> {
        self.counts
            .column_iter()
            .map(|c| saturating_sum(c.iter()))
            .collect()
    }
    /// The grand total, saturating as [`ContingencyTable::row_totals`].
    pub fn total(&self) -> u64 {
        saturating_sum(self.counts.iter())
    }

    /// The table without its all-zero rows and columns, and which were dropped.
    /// A test of independence is defined on this table: a zero margin gives a
    /// zero expected count, which χ² cannot divide by (R returns NaN, scipy
    /// raises), and an empty category carries no information on association.
    pub fn drop_empty(&self) -> (ContingencyTable, Dropped) {
        let rt = self.row_totals();
        let ct = self.col_totals();
        let keep_r: Vec<usize> = (0..self.nrows()).filter(|&i| rt[i] > 0).collect();
        let keep_c: Vec<usize> = (0..self.ncols()).filter(|&j| ct[j] > 0).collect();
        let dropped = Dropped {
            rows: (0..self.nrows())
                .filter(|&i| rt[i] == 0)
                .map(|i| self.row_labels[i].clone())
                .collect(),
            columns: (0..self.ncols())
                .filter(|&j| ct[j] == 0)
                .map(|j| self.col_labels[j].clone())
                .collect(),
        };
        let counts = DMatrix::from_fn(keep_r.len(), keep_c.len(), |i, j| {
            self.counts[(keep_r[i], keep_c[j])]
        });
        let table = ContingencyTable::new(
            keep_r.iter().map(|&i| self.row_labels[i].clone()).collect(),
            keep_c.iter().map(|&j| self.col_labels[j].clone()).collect(),
            counts,
        );
        (table, dropped)
    }

    /// Expected counts under independence, E_ij = R_i C_j / N.
    pub fn expected(&self) -> DMatrix<f64> {
        let n = self.total() as f64;
        let rt = nalgebra::DVector::from_iterator(
            self.nrows(),
            self.row_totals().into_iter().map(|v| v as f64),
        );
        let ct = nalgebra::RowDVector::from_iterator(
            self.ncols(),
            self.col_totals().into_iter().map(|v| v as f64),
        );
        if n == 0.0 {
            return DMatrix::zeros(self.nrows(), self.ncols());
        }
        (rt * ct) / n
    }

    /// The transposed table (rows become columns).
    pub fn transpose(&self) -> ContingencyTable {
        ContingencyTable::new(
            self.col_labels.clone(),
            self.row_labels.clone(),
            self.counts.transpose(),
        )
    }
}

fn saturating_sum<'a>(values: impl Iterator<Item = &'a u64>) -> u64 {
    values.fold(0u64, |a, &v| a.saturating_add(v))
}

/// A percentage rounded to one decimal, held exactly as tenths of a percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Tenths(pub u64);

impl Tenths {
    /// The percentage as a number, without the sign (`12.3`).
    pub fn number(self) -> String {
        format!("{}.{}", self.0 / 10, self.0 % 10)
    }
}

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}%", self.0 / 10, self.0 % 10)
    }
}

/// `count / base` as a percentage to one decimal, rounded half up on the exact
/// fraction (integer arithmetic, so 1/8 = 12.5 % and 1/16 = 6.25 % → 6.3 %
/// never suffer from binary floating point). This is what Excel's ROUND and
/// the slides do. `None` when the base is 0 (the percentage is undefined).
pub fn percent_tenths(count: u64, base: u64) -> Option<Tenths> {
    if base == 0 {
        return None;
    }
    let (count, base) = (count as u128, base as u128);
    Some(Tenths(((2000 * count + base) / (2 * base)) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margins_and_drop() {
        let t = ContingencyTable::from_rows(&[vec![0, 6, 14], vec![0, 17, 19], vec![0, 0, 0]]);
        assert_eq!(t.row_totals(), vec![20, 36, 0]);
        assert_eq!(t.col_totals(), vec![0, 23, 33]);
        let (d, dropped) = t.drop_empty();
        assert_eq!(d.nrows(), 2);
        assert_eq!(d.ncols(), 2);
        assert_eq!(dropped.rows, vec![Name::Label(Label::new("行3", "row 3"))]);
        assert_eq!(
            dropped.columns,
            vec![Name::Label(Label::new("列1", "column 1"))]
        );
        assert_eq!(d.get(1, 1), 19);
    }

    #[test]
    fn expected_counts() {
        let t = ContingencyTable::from_rows(&[vec![10, 20], vec![30, 40]]);
        let e = t.expected();
        assert!((e[(0, 0)] - 30.0 * 40.0 / 100.0).abs() < 1e-12);
        assert!((e.sum() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn rounding_half_up_exact() {
        assert_eq!(percent_tenths(10, 55), Some(Tenths(182)));
        assert_eq!(percent_tenths(1, 8), Some(Tenths(125)));
        assert_eq!(percent_tenths(1, 16), Some(Tenths(63)));
        assert_eq!(percent_tenths(1, 3), Some(Tenths(333)));
        assert_eq!(percent_tenths(2, 3), Some(Tenths(667)));
        assert_eq!(percent_tenths(0, 3), Some(Tenths(0)));
        assert_eq!(percent_tenths(3, 3), Some(Tenths(1000)));
        assert_eq!(percent_tenths(1, 0), None);
        assert_eq!(Tenths(182).to_string(), "18.2%");
    }
}
