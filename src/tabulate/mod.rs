//! Building tables: the contingency table, a question by a grouping with
//! every unit accounted for, and the slides' n-and-% layout.

pub mod crosstab;
pub mod layout;
pub mod multiple;
pub use renkei_stats::table;
