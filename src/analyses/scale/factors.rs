//! Exploratory factor analysis of a scale's items (`renkei scale
//! --factors K`): Pearson correlations of the respondents who answered
//! every item (reversed items turned first), then `stats::factor`.

use super::{ScaleOptions, ScaleSpec};
use crate::input::checklist::ItemTable;
use crate::stats::factor::{Extraction, Factors, Rotation, correlations, factor_analysis};
use serde::Serialize;

/// What to extract and how to rotate.
#[derive(Debug, Clone, Copy)]
pub struct FactorOptions {
    pub k: usize,
    pub extraction: Extraction,
    pub rotation: Rotation,
}

/// The JSON `factors` of `renkei scale`.
#[derive(Debug, Clone, Serialize)]
pub struct FactorRecord {
    pub k: usize,
    pub extraction: Extraction,
    pub rotation: Rotation,
    pub correlation: &'static str,
    /// Respondents who answered every item.
    pub n: usize,
    pub items: Vec<String>,
    /// None when the solution cannot be computed (too few respondents, an
    /// item without variance, k not below the number of items).
    #[serde(flatten)]
    pub solution: Option<Factors>,
}

/// The rows of the respondents who answered every item of `whole`, items
/// in its order, reversed items negated. A reversed item (max + min − x)
/// correlates as −x does: the constant does not change a correlation, so
/// negating is the whole reversal here.
pub(super) fn complete_rows(
    table: &ItemTable,
    whole: &ScaleSpec,
    opts: &ScaleOptions,
) -> Vec<Vec<f64>> {
    let index: Vec<usize> = whole
        .items
        .iter()
        .filter_map(|n| table.names.iter().position(|m| m == n))
        .collect();
    let sign: Vec<f64> = whole
        .items
        .iter()
        .map(|n| if opts.reverse.contains(n) { -1.0 } else { 1.0 })
        .collect();
    table
        .rows
        .iter()
        .filter_map(|r| {
            index
                .iter()
                .zip(&sign)
                .map(|(&j, s)| r[j].map(|v| s * v))
                .collect::<Option<Vec<f64>>>()
        })
        .collect()
}

pub fn analyse(
    table: &ItemTable,
    whole: &ScaleSpec,
    opts: &ScaleOptions,
    f: FactorOptions,
) -> FactorRecord {
    let rows = complete_rows(table, whole, opts);
    let solution =
        correlations(&rows).and_then(|r| factor_analysis(&r, f.k, f.extraction, f.rotation));
    FactorRecord {
        k: f.k,
        extraction: f.extraction,
        rotation: f.rotation,
        correlation: "pearson",
        n: rows.len(),
        items: whole.items.clone(),
        solution,
    }
}
