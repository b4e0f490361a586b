//! Parallel analysis of a scale's items (`renkei scale --parallel`): how
//! many factors and components stand above random data of the same size,
//! on the rows `--factors` uses, by `stats::parallel`.

use super::factors::complete_rows;
use super::{ScaleOptions, ScaleSpec};
use crate::input::checklist::ItemTable;
use crate::stats::factor::Extraction;
use crate::stats::parallel::{
    ParallelAnalysis, ParallelNotComputable, ParallelOptions, parallel_analysis,
};
use serde::Serialize;

/// The JSON `parallel` of `renkei scale`.
#[derive(Debug, Clone, Serialize)]
pub struct ParallelRecord {
    pub correlation: crate::stats::polychoric::Correlation,
    pub extraction: Extraction,
    /// Respondents who answered every item.
    pub n: usize,
    pub items: Vec<String>,
    #[serde(flatten)]
    pub result: Option<ParallelAnalysis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_computable: Option<ParallelNotComputable>,
}

pub fn analyse(
    table: &ItemTable,
    whole: &ScaleSpec,
    opts: &ScaleOptions,
    settings: ParallelOptions,
) -> ParallelRecord {
    let rows = complete_rows(table, whole, opts);
    let outcome = parallel_analysis(&rows, settings);
    ParallelRecord {
        correlation: settings.correlation,
        extraction: settings.extraction,
        n: rows.len(),
        items: whole.items.clone(),
        not_computable: outcome.as_ref().err().cloned(),
        result: outcome.ok(),
    }
}
