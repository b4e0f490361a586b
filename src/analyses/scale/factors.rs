//! Exploratory factor analysis of a scale's items (`renkei scale
//! --factors K`): Pearson correlations of the respondents who answered
//! every item (reversed items turned first), then `stats::factor`.

use super::{ScaleOptions, ScaleSpec};
use crate::input::checklist::ItemTable;
use crate::stats::factor::{Extraction, Factors, Rotation, factor_analysis};
use crate::stats::polychoric::{Correlation, LatentError, correlate};
use serde::Serialize;

/// What to extract and how to rotate.
#[derive(Debug, Clone, Copy)]
pub struct FactorOptions {
    pub k: usize,
    pub correlation: Correlation,
    pub extraction: Extraction,
    pub rotation: Rotation,
}

/// The JSON `factors` of `renkei scale`.
#[derive(Debug, Clone, Serialize)]
pub struct FactorRecord {
    pub k: usize,
    pub extraction: Extraction,
    pub rotation: Rotation,
    pub correlation: Correlation,
    /// The correlation matrix factored (items in order), after smoothing.
    pub correlations: Option<Vec<Vec<f64>>>,
    /// The latent correlation matrix was not positive definite and was
    /// smoothed (psych's `cor.smooth`).
    pub smoothed: bool,
    /// Why the correlations could not be computed (items not two-valued for
    /// tetrachoric, say); the solution is then absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correlation_error: Option<LatentError>,
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
    let latent = correlate(f.correlation, &rows);
    let solution = latent
        .as_ref()
        .ok()
        .and_then(|r| factor_analysis(&r.matrix, f.k, f.extraction, f.rotation));
    FactorRecord {
        k: f.k,
        extraction: f.extraction,
        rotation: f.rotation,
        correlation: f.correlation,
        smoothed: latent.as_ref().is_ok_and(|l| l.smoothed),
        correlations: latent.as_ref().ok().map(|l| {
            (0..l.matrix.nrows())
                .map(|i| l.matrix.row(i).iter().copied().collect())
                .collect()
        }),
        // A constant item or too few rows is the solution's own "cannot
        // be computed"; the kinds of answer a correlation needs are named.
        correlation_error: latent
            .err()
            .filter(|e| !matches!(e, LatentError::TooFew | LatentError::Constant { .. })),
        n: rows.len(),
        items: whole.items.clone(),
        solution,
    }
}
