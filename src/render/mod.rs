//! Renderers: they draw what the table and statistics layers computed and
//! compute nothing themselves beyond formatting numbers.

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod svg;
pub mod text;
pub mod xlsx;

use crate::tabulate::crosstab::CrossTab;
use crate::tabulate::layout::SlideTable;
use crate::stats::Analysis;

/// Everything a renderer needs to draw one table.
pub struct TableView<'a> {
    pub title: &'a str,
    pub slide: &'a SlideTable,
    pub analysis: &'a Analysis,
    /// The account of units, when the table came from returns (absent for
    /// tables given as counts).
    pub crosstab: Option<&'a CrossTab>,
}

/// A p-value as the slides print it: three decimals, or `<0.001`.
pub fn format_p(p: f64) -> String {
    if p.is_nan() {
        "NA".into()
    } else if p < 0.001 {
        "<0.001".into()
    } else {
        format!("{p:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn p_formatting() {
        assert_eq!(format_p(0.07334), "0.073");
        assert_eq!(format_p(0.13057), "0.131");
        assert_eq!(format_p(0.09435), "0.094");
        assert_eq!(format_p(0.0004), "<0.001");
        assert_eq!(format_p(1.0), "1.000");
    }
}
