//! Analyses: each takes typed input (tables, returns, published tables) and
//! builds a language-neutral [`crate::report::Report`]: its sections for
//! people and its JSON record for scripts. Adding an analysis means adding a
//! module here and a command in the binary's `cli` that calls it.

pub mod audit;
pub mod checklist;
pub mod classify;
pub mod crosstab;
pub mod describe;
pub mod evaluate;
pub mod init;
pub mod multiple;
pub mod ratio;
pub mod reproduce;
pub mod scale;
pub mod strata;
pub mod survey_report;
pub mod tab;
