//! One self-contained HTML report (no network: styles and charts inline):
//! for each table the slide-layout table, its chart, the tests and notes.
//! Readable in a browser and printable (one table per page).

use super::TableView;
use super::text::{format_p_full, notes, test_lines};
use crate::tabulate::layout::RowKind;
use crate::municipality::Lang;

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

const STYLE: &str = r#"
body { font-family: 'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic', 'Meiryo', sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; }
h2 { font-size: 1.15em; margin-top: 2em; }
table.slide { border-collapse: collapse; margin: 0.5em 0; }
table.slide th, table.slide td { padding: 0.2em 0.6em; border-bottom: 1px solid #ddd; }
table.slide th { background: #f3f3f3; font-weight: 600; }
table.slide td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.slide tr.pct td { color: #555; font-size: 0.92em; }
table.slide tr.total td { font-weight: 600; }
ul.tests { line-height: 1.5; }
pre { background: #f7f7f7; padding: 0.6em; overflow-x: auto; }
section.table { page-break-after: always; }
footer { margin-top: 3em; color: #777; font-size: 0.85em; }
@media print { body { margin: 1cm; } section.table { page-break-inside: avoid; } }
"#;

fn slide_table(view: &TableView) -> String {
    let slide = view.slide;
    let mut h = String::from("<table class=\"slide\">\n<tr><th></th><th></th>");
    for c in slide
        .columns
        .iter()
        .chain(std::iter::once(&slide.total_label))
    {
        h.push_str(&format!("<th>{}</th>", escape(c)));
    }
    h.push_str("</tr>\n");
    let last_n = slide.rows.len().saturating_sub(2);
    for (k, row) in slide.rows.iter().enumerate() {
        let class = match (row.kind, k >= last_n) {
            (RowKind::N, true) => "n total",
            (RowKind::N, false) => "n",
            (RowKind::Percent, true) => "pct total",
            (RowKind::Percent, false) => "pct",
        };
        h.push_str(&format!(
            "<tr class=\"{class}\"><td>{}</td><td>{}</td>",
            escape(&row.label),
            if row.kind == RowKind::N { "n" } else { "%" }
        ));
        for c in &row.cells {
            h.push_str(&format!(
                "<td class=\"num\">{}</td>",
                escape(&c.to_string())
            ));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
    h
}

/// Adjusted standardized residuals, marked beyond ±1.96 (*) and ±2.58 (**).
fn residual_table(view: &TableView, lang: Lang) -> String {
    let a = view.analysis;
    let Some(r) = &a.residuals else {
        return String::new();
    };
    let t = &a.tested;
    let mut h = format!(
        "<p>{}</p>\n<table class=\"slide\">\n<tr><th></th>",
        match lang {
            Lang::Ja => "調整済み標準化残差 (|r| > 1.96 *, > 2.58 **)",
            Lang::En => "Adjusted standardized residuals (|r| > 1.96 *, > 2.58 **)",
        }
    );
    for c in &t.col_labels {
        h.push_str(&format!("<th>{}</th>", escape(c)));
    }
    h.push_str("</tr>\n");
    for i in 0..t.nrows() {
        h.push_str(&format!("<tr><td>{}</td>", escape(&t.row_labels[i])));
        for j in 0..t.ncols() {
            let v = r[(i, j)];
            let mark = if v.abs() > 2.58 {
                "**"
            } else if v.abs() > 1.96 {
                "*"
            } else {
                ""
            };
            h.push_str(&format!("<td class=\"num\">{v:.2}{mark}</td>"));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
    h
}

fn pairwise_table(view: &TableView, lang: Lang) -> String {
    let pairs = &view.analysis.pairwise;
    if pairs.is_empty() {
        return String::new();
    }
    let mut h = format!(
        "<p>{}</p>\n<table class=\"slide\">\n<tr><th></th><th>n</th><th>test</th><th>p</th><th>Holm p</th></tr>\n",
        match lang {
            Lang::Ja => "列の対ごとの比較 (Holm 調整)",
            Lang::En => "Pairwise comparison of columns (Holm-adjusted)",
        }
    );
    for c in pairs {
        h.push_str(&format!(
            "<tr><td>{} vs {}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            escape(&c.columns[0]),
            escape(&c.columns[1]),
            c.n,
            c.test,
            format_p_full(c.p),
            format_p_full(c.p_holm)
        ));
    }
    h.push_str("</table>\n");
    h
}

/// The report: a heading, then one section per table.
pub fn render_report(
    heading: &str,
    views: &[TableView],
    footers: &[Vec<String>],
    lang: Lang,
) -> String {
    render_report_with_summary(heading, None, views, footers, lang)
}

/// One line of a batch summary: a table, its p and the adjusted p-values.
pub struct SummaryRow {
    pub title: String,
    pub n: u64,
    pub p: Option<f64>,
    pub source: &'static str,
    pub holm: Option<f64>,
    pub bh: Option<f64>,
}

fn summary_table(rows: &[SummaryRow], lang: Lang) -> String {
    let opt = |v: Option<f64>| v.map_or("-".to_string(), format_p_full);
    let mut h = format!(
        "<h2>{}</h2>\n<table class=\"slide\">\n<tr><th>{}</th><th>n</th><th>p</th><th>{}</th><th>Holm</th><th>Benjamini–Hochberg</th></tr>\n",
        match lang {
            Lang::Ja => "表の一覧 (p 値の多重比較調整)",
            Lang::En => "Tables (p-values adjusted across the report)",
        },
        match lang {
            Lang::Ja => "表",
            Lang::En => "Table",
        },
        match lang {
            Lang::Ja => "p の種類",
            Lang::En => "p from",
        }
    );
    for r in rows {
        h.push_str(&format!(
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            escape(&r.title),
            r.n,
            opt(r.p),
            r.source,
            opt(r.holm),
            opt(r.bh)
        ));
    }
    h.push_str("</table>\n");
    h
}

/// The report, with a summary of all tables first when given.
pub fn render_report_with_summary(
    heading: &str,
    summary: Option<&[SummaryRow]>,
    views: &[TableView],
    footers: &[Vec<String>],
    lang: Lang,
) -> String {
    let mut h = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        match lang {
            Lang::Ja => "ja",
            Lang::En => "en",
        },
        escape(heading),
        escape(heading)
    );
    if let Some(rows) = summary {
        h.push_str(&summary_table(rows, lang));
    }
    for (k, v) in views.iter().enumerate() {
        h.push_str("<section class=\"table\">\n");
        h.push_str(&format!("<h2>{}</h2>\n", escape(v.title)));
        h.push_str(&slide_table(v));
        h.push_str(&super::svg::render_document(std::slice::from_ref(v), lang));
        h.push_str("\n<ul class=\"tests\">\n");
        for line in test_lines(v, lang)
            .iter()
            .chain(notes(v, lang).iter())
            .chain(footers.get(k).map(Vec::as_slice).unwrap_or(&[]))
        {
            h.push_str(&format!("<li>{}</li>\n", escape(line.trim())));
        }
        h.push_str("</ul>\n");
        h.push_str(&residual_table(v, lang));
        h.push_str(&pairwise_table(v, lang));
        h.push_str("</section>\n");
    }
    h.push_str(&format!(
        "<footer>renkei {} — {}</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        match lang {
            Lang::Ja => "Pearson χ² は連続性補正なし、空の行・列は検定前に除外",
            Lang::En => "Pearson χ² without continuity correction; empty rows and columns dropped before the tests",
        }
    ));
    h
}
