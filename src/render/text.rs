//! Terminal output in the slides' layout. Japanese labels line up: tabled
//! measures text with `unicode-width`, so full-width characters count as two
//! columns. Borders are ASCII, whose width no terminal disputes.

use super::{TableView, format_p};
use crate::layout::RowKind;
use crate::municipality::Lang;
use tabled::builder::Builder;
use tabled::settings::object::{Columns, Object, Rows};
use tabled::settings::{Alignment, Style};

/// Draws the table, the test line and the notes.
pub fn render_table(view: &TableView, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(view.title);
    out.push('\n');
    out.push_str(&grid(view));
    out.push('\n');
    for line in test_lines(view, lang) {
        out.push_str(&line);
        out.push('\n');
    }
    for line in notes(view, lang) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn grid(view: &TableView) -> String {
    let slide = view.slide;
    let mut b = Builder::default();
    let mut header = vec![String::new(), String::new()];
    header.extend(slide.columns.iter().cloned());
    header.push(slide.total_label.clone());
    b.push_record(header);
    for row in &slide.rows {
        let mut rec = vec![
            row.label.clone(),
            match row.kind {
                RowKind::N => "n".to_string(),
                RowKind::Percent => "%".to_string(),
            },
        ];
        rec.extend(row.cells.iter().map(|c| c.to_string()));
        b.push_record(rec);
    }
    let mut table = b.build();
    table
        .with(Style::psql())
        .modify(Columns::new(2..).not(Rows::first()), Alignment::right())
        .modify(Rows::first(), Alignment::center());
    table.to_string()
}

/// The test line as printed under the slides' tables, then the statistic.
pub fn test_lines(view: &TableView, lang: Lang) -> Vec<String> {
    let a = view.analysis;
    let mut lines = Vec::new();
    match (&a.pearson, lang) {
        (Some(x), Lang::Ja) => {
            lines.push(format!("χ² 検定: p={}", format_p(x.p)));
            lines.push(format!(
                "  Pearson X² = {:.4}, 自由度 = {}, p = {:.5} (連続性補正なし)",
                x.statistic, x.df, x.p
            ));
        }
        (Some(x), Lang::En) => {
            lines.push(format!("χ² test: p={}", format_p(x.p)));
            lines.push(format!(
                "  Pearson X² = {:.4}, df = {}, p = {:.5} (no continuity correction)",
                x.statistic, x.df, x.p
            ));
        }
        (None, Lang::Ja) => {
            lines.push("χ² 検定: 実施できない (空でない行または列が2つ未満)".to_string())
        }
        (None, Lang::En) => lines
            .push("χ² test: not computable (fewer than two non-empty rows or columns)".to_string()),
    }
    if let Some(e) = a.expected.as_ref().filter(|e| !e.cochran_ok()) {
        lines.push(match lang {
            Lang::Ja => format!(
                "  注意: 期待度数5未満のセル {}/{} ({:.0}%)、最小期待度数 {:.3}。χ² 近似の p は信頼できない可能性がある",
                e.below_5,
                e.cells,
                100.0 * e.share_below_5(),
                e.min
            ),
            Lang::En => format!(
                "  Caution: {}/{} cells ({:.0}%) have expected counts below 5, minimum {:.3}; the asymptotic p may be unreliable",
                e.below_5,
                e.cells,
                100.0 * e.share_below_5(),
                e.min
            ),
        });
    }
    lines
}

/// What was dropped from the test and who was left out of the table.
pub fn notes(view: &TableView, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    let d = &view.analysis.dropped;
    let (rows_msg, cols_msg) = match lang {
        Lang::Ja => ("  検定前に除いた空の行", "  検定前に除いた空の列"),
        Lang::En => (
            "  Empty rows dropped before the test",
            "  Empty columns dropped before the test",
        ),
    };
    if !d.rows.is_empty() {
        lines.push(format!("{rows_msg}: {}", d.rows.join(", ")));
    }
    if !d.columns.is_empty() {
        lines.push(format!("{cols_msg}: {}", d.columns.join(", ")));
    }
    if let Some(ct) = view.crosstab {
        let counted = ct.table.total();
        lines.push(match lang {
            Lang::Ja => format!(
                "  集計対象 {} 件 (読み込み {} 件、この分類の対象外 {} 件、除外 {} 件)",
                counted,
                ct.units_read,
                ct.outside_population,
                ct.excluded()
            ),
            Lang::En => format!(
                "  Counted {} units (read {}, outside this grouping {}, excluded {})",
                counted,
                ct.units_read,
                ct.outside_population,
                ct.excluded()
            ),
        });
        for e in &ct.exclusions {
            let ids: Vec<&str> = e.unit_ids.iter().take(10).map(String::as_str).collect();
            let more = if e.unit_ids.len() > 10 { ", …" } else { "" };
            lines.push(format!(
                "    {} {}: {} ({}){more}",
                match lang {
                    Lang::Ja => "除外",
                    Lang::En => "excluded",
                },
                e.reason.describe(lang),
                e.count,
                ids.join(", ")
            ));
        }
    }
    lines
}
