//! CSV in long ("tidy") form, one line per cell of the slide layout
//! (totals included), for further analysis in R, Python or Excel.

use super::TableView;
use crate::error::{Error, Result};
use crate::tabulate::layout::{RowKind, SlideCell};

pub const HEADER: [&str; 6] = ["table", "row", "column", "n", "percent", "percent_base"];

/// Appends one table's lines (without the header) to `w`.
pub fn write_table<W: std::io::Write>(w: &mut csv::Writer<W>, view: &TableView) -> Result<()> {
    let slide = view.slide;
    let columns: Vec<&str> = slide
        .columns
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(slide.total_label.as_str()))
        .collect();
    let base = match slide.base {
        crate::tabulate::layout::PercentBase::Column => "column",
        crate::tabulate::layout::PercentBase::Row => "row",
    };
    let err = |e: csv::Error| Error::Internal(format!("CSV output: {e}"));
    for pair in slide.rows.chunks(2) {
        let (n_row, p_row) = (&pair[0], &pair[1]);
        debug_assert!(n_row.kind == RowKind::N && p_row.kind == RowKind::Percent);
        for (j, col) in columns.iter().enumerate() {
            let n = match n_row.cells[j] {
                SlideCell::Count(v) => v.to_string(),
                _ => String::new(),
            };
            let pct = match p_row.cells[j] {
                SlideCell::Percent(t) => format!("{}.{}", t.0 / 10, t.0 % 10),
                _ => String::new(),
            };
            w.write_record([view.title, n_row.label.as_str(), col, &n, &pct, base])
                .map_err(err)?;
        }
    }
    Ok(())
}

/// Several tables in one CSV document.
pub fn render_tables(views: &[TableView]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER)
        .map_err(|e| Error::Internal(format!("CSV output: {e}")))?;
    for v in views {
        write_table(&mut w, v)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Internal(format!("CSV output: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Internal(e.to_string()))
}
