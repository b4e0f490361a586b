//! Markdown: the slide layout as a pipe table, for papers and reports
//! written in Markdown (and pasted into Word through pandoc).

use super::TableView;
use super::text::{notes, test_lines};
use crate::tabulate::layout::RowKind;
use crate::municipality::Lang;

fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// One table: a heading, the pipe table, then the tests and notes as a list.
pub fn render_table(view: &TableView, lang: Lang, footer: &[String]) -> String {
    let slide = view.slide;
    let mut out = format!("### {}\n\n", cell(view.title));
    let mut header = vec![String::new(), String::new()];
    header.extend(slide.columns.iter().map(|c| cell(c)));
    header.push(cell(&slide.total_label));
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    let mut align = vec![":---", ":---"];
    align.extend(std::iter::repeat_n("---:", slide.columns.len() + 1));
    out.push_str(&format!("|{}|\n", align.join("|")));
    for row in &slide.rows {
        let mut rec = vec![
            cell(&row.label),
            match row.kind {
                RowKind::N => "n".into(),
                RowKind::Percent => "%".into(),
            },
        ];
        rec.extend(row.cells.iter().map(|c| c.to_string()));
        out.push_str(&format!("| {} |\n", rec.join(" | ")));
    }
    out.push('\n');
    for line in test_lines(view, lang)
        .iter()
        .chain(notes(view, lang).iter())
        .chain(footer)
    {
        out.push_str(&format!("- {}\n", line.trim()));
    }
    out.push('\n');
    out
}
