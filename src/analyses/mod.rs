//! Analyses: each takes typed input and builds a language-neutral report.

pub mod audit;
