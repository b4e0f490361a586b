//! Building tables: the contingency table, a question by a grouping with
//! every unit accounted for. (The slides' n-and-% layout of a table is the
//! report's: `renkei::report::layout`.)

pub mod crosstab;
pub mod multiple;
pub use renkei_stats::table;

use serde::Serialize;

/// What the percentages of a table are shares of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PercentBase {
    /// Column % (share of each group answering each category), as in 表3–5.
    #[default]
    Column,
    /// Row % (share of each answer falling in each group).
    Row,
}
