//! Statistics on contingency tables. Nothing here knows about files, surveys
//! or rendering: functions take a `ContingencyTable` and return numbers.

pub mod exact;
pub mod measures;
pub mod montecarlo;
pub mod pearson;

use crate::table::{ContingencyTable, Dropped};
use serde::Serialize;

pub use pearson::{ChiSquareTest, pearson_chi_square};

/// Expected-count diagnostics (Cochran's rule: no expected count below 1 and
/// at most 20 % below 5).
#[derive(Debug, Clone, Serialize)]
pub struct ExpectedSummary {
    pub min: f64,
    pub cells: usize,
    pub below_5: usize,
    pub below_1: usize,
}

impl ExpectedSummary {
    pub fn share_below_5(&self) -> f64 {
        if self.cells == 0 {
            0.0
        } else {
            self.below_5 as f64 / self.cells as f64
        }
    }
    /// Whether Cochran's rule for the χ² approximation holds.
    pub fn cochran_ok(&self) -> bool {
        self.below_1 == 0 && self.share_below_5() <= 0.2
    }
}

/// The tests of independence of one table.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The table the tests ran on: all-zero rows and columns dropped.
    pub tested: ContingencyTable,
    pub dropped: Dropped,
    /// `None` when the tested table has fewer than 2 rows or 2 columns.
    pub pearson: Option<ChiSquareTest>,
    pub expected: Option<ExpectedSummary>,
}

/// Runs the tests of independence on `table` after dropping its empty rows and
/// columns.
pub fn analyze(table: &ContingencyTable) -> Analysis {
    let (tested, dropped) = table.drop_empty();
    let testable = tested.nrows() >= 2 && tested.ncols() >= 2;
    let expected = testable.then(|| {
        let e = tested.expected();
        ExpectedSummary {
            min: e.iter().copied().fold(f64::INFINITY, f64::min),
            cells: e.len(),
            below_5: e.iter().filter(|&&v| v < 5.0).count(),
            below_1: e.iter().filter(|&&v| v < 1.0).count(),
        }
    });
    let pearson = if testable {
        pearson_chi_square(&tested)
    } else {
        None
    };
    Analysis {
        tested,
        dropped,
        pearson,
        expected,
    }
}
