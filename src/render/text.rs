//! Terminal output in the slides' layout. Japanese labels line up: tabled
//! measures text with `unicode-width`, so full-width characters count as two
//! columns. Borders are ASCII, whose width no terminal disputes.

use super::{TableView, format_p};
use crate::tabulate::layout::RowKind;
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
    for line in residual_lines(view, lang)
        .into_iter()
        .chain(pairwise_lines(view, lang))
    {
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

/// Picks the Japanese or English text.
fn tr<'a>(lang: Lang, ja: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

fn chi_line(name: &str, x: &crate::stats::ChiSquareTest, lang: Lang) -> String {
    format!(
        "  {name} = {:.4}, {} = {}, p = {}",
        x.statistic,
        tr(lang, "自由度", "df"),
        x.df,
        format_p_full(x.p)
    )
}

/// A p-value with four significant digits (or in exponent form when tiny).
pub fn format_p_full(p: f64) -> String {
    if p == 0.0 {
        "0".into()
    } else if p < 1e-4 {
        format!("{p:.3e}")
    } else {
        format!("{p:.4}")
    }
}

/// The test line as printed under the slides' tables, then every test and
/// measure computed, then the plain-language reading of the expected counts.
pub fn test_lines(view: &TableView, lang: Lang) -> Vec<String> {
    use crate::stats::ExactOutcome;
    let a = view.analysis;
    let mut lines = Vec::new();
    let Some(x) = &a.pearson else {
        lines.push(
            tr(
                lang,
                "χ² 検定: 実施できない (空でない行または列が2つ未満)",
                "χ² test: not computable (fewer than two non-empty rows or columns)",
            )
            .to_string(),
        );
        return lines;
    };
    lines.push(format!(
        "{}: p={}",
        tr(lang, "χ² 検定", "χ² test"),
        format_p(x.p)
    ));
    lines.push(format!(
        "{} ({})",
        chi_line("Pearson X²", x, lang),
        tr(lang, "連続性補正なし", "no continuity correction")
    ));
    if let Some(g) = &a.likelihood_ratio {
        lines.push(chi_line(
            tr(lang, "尤度比 G²", "Likelihood ratio G²"),
            g,
            lang,
        ));
    }
    if let Some(y) = &a.yates {
        lines.push(chi_line(
            tr(lang, "Yates 補正 X²", "Yates-corrected X²"),
            y,
            lang,
        ));
    }
    if let Some(m) = &a.linear_by_linear {
        lines.push(chi_line(
            tr(lang, "線形連関 M²", "Linear-by-linear M²"),
            m,
            lang,
        ));
    }
    match &a.exact {
        ExactOutcome::Done(r) => lines.push(format!(
            "  {}: p = {} ({:.3} s)",
            tr(
                lang,
                "Fisher–Freeman–Halton 正確検定",
                "Fisher–Freeman–Halton exact test"
            ),
            format_p_full(r.p),
            r.seconds
        )),
        ExactOutcome::TimeLimit { seconds } => lines.push(format!(
            "  {} {:.1} s {}",
            tr(
                lang,
                "正確検定: 制限時間",
                "Exact test: stopped at the time limit of"
            ),
            seconds,
            tr(
                lang,
                "で打ち切り。下の Monte Carlo 推定で代える",
                "; the Monte Carlo estimate below stands in"
            )
        )),
        ExactOutcome::MemoryLimit { bytes } => lines.push(format!(
            "  {} {} MiB {}",
            tr(
                lang,
                "正確検定: メモリ上限",
                "Exact test: stopped at the memory limit of"
            ),
            bytes >> 20,
            tr(
                lang,
                "で打ち切り。下の Monte Carlo 推定で代える",
                "; the Monte Carlo estimate below stands in"
            )
        )),
        ExactOutcome::Unsupported { reason } => lines.push(format!(
            "  {}: {reason}{}",
            tr(lang, "正確検定は実施できない", "Exact test not run"),
            tr(
                lang,
                "。下の Monte Carlo 推定で代える",
                "; the Monte Carlo estimate below stands in"
            )
        )),
        ExactOutcome::NotRun => {}
    }
    if let Some(mc) = &a.monte_carlo {
        lines.push(format!(
            "  Monte Carlo{} (B = {}, seed {}): p(X²) = {} ± {:.4}, {} = {} ± {:.4}",
            if a.monte_carlo_is_fallback {
                tr(lang, " [正確検定の代わり]", " [instead of the exact test]")
            } else {
                ""
            },
            mc.replicates,
            mc.seed,
            format_p_full(mc.p_pearson),
            mc.se_pearson,
            tr(lang, "p(正確検定の順序)", "p(exact ordering)"),
            format_p_full(mc.p_exact),
            mc.se_exact
        ));
    }
    if let Some(v) = &a.cramers_v {
        lines.push(format!(
            "  Cramér's V = {:.3} ({} {:.3}), {:.0}% CI {:.3}–{:.3}",
            v.cramers_v,
            tr(lang, "バイアス補正", "bias-corrected"),
            v.cramers_v_corrected,
            100.0 * v.confidence,
            v.ci_lower,
            v.ci_upper
        ));
    }
    if let Some(e) = &a.expected {
        lines.push(format!(
            "  {} {:.3}; {} {}/{} ({:.0}%); {} {}",
            tr(lang, "期待度数: 最小", "Expected counts: min"),
            e.min,
            tr(lang, "5未満", "below 5:"),
            e.below_5,
            e.cells,
            100.0 * e.share_below_5,
            tr(lang, "1未満", "below 1:"),
            e.below_1
        ));
        if !e.cochran_ok {
            lines.push(recommendation(a, lang));
        }
    }
    lines
}

/// What to do when Cochran's rule fails, in plain words.
fn recommendation(a: &crate::stats::Analysis, lang: Lang) -> String {
    use crate::stats::ExactOutcome;
    match (&a.exact, &a.monte_carlo, lang) {
        (ExactOutcome::Done(r), _, Lang::Ja) => format!(
            "  → 期待度数が小さく、χ² 近似の p は信頼できない。正確検定の p = {} を報告すること",
            format_p(r.p)
        ),
        (ExactOutcome::Done(r), _, Lang::En) => format!(
            "  → Expected counts are small: the asymptotic p is unreliable here; exact p = {}",
            format_p(r.p)
        ),
        (_, Some(mc), Lang::Ja) => format!(
            "  → 期待度数が小さく、χ² 近似の p は信頼できない。Monte Carlo による正確 p の推定 = {} (±{:.4})",
            format_p(mc.p_exact),
            mc.se_exact
        ),
        (_, Some(mc), Lang::En) => format!(
            "  → Expected counts are small: the asymptotic p is unreliable here; Monte Carlo estimate of the exact p = {} (±{:.4})",
            format_p(mc.p_exact),
            mc.se_exact
        ),
        (_, None, Lang::Ja) => {
            "  → 期待度数が小さく、χ² 近似の p は信頼できない。--exact で正確検定を実行すること"
                .into()
        }
        (_, None, Lang::En) => {
            "  → Expected counts are small: the asymptotic p is unreliable here; run with --exact"
                .into()
        }
    }
}

/// Adjusted standardized residuals of the tested table, marked where
/// |r| > 1.96 (*) and > 2.58 (**).
pub fn residual_lines(view: &TableView, lang: Lang) -> Vec<String> {
    let a = view.analysis;
    let Some(r) = &a.residuals else {
        return Vec::new();
    };
    let t = &a.tested;
    let mut b = Builder::default();
    let mut header = vec![String::new()];
    header.extend(t.col_labels.iter().cloned());
    b.push_record(header);
    for i in 0..t.nrows() {
        let mut rec = vec![t.row_labels[i].clone()];
        for j in 0..t.ncols() {
            let v = r[(i, j)];
            let mark = if v.abs() > 2.58 {
                "**"
            } else if v.abs() > 1.96 {
                "* "
            } else {
                "  "
            };
            rec.push(format!("{v:.2}{mark}"));
        }
        b.push_record(rec);
    }
    titled_grid(
        tr(
            lang,
            "調整済み標準化残差 (|r| > 1.96 *, > 2.58 **)",
            "Adjusted standardized residuals (|r| > 1.96 *, > 2.58 **)",
        ),
        b,
    )
}

/// A heading line, then the built table with numbers right-aligned.
fn titled_grid(heading: &str, b: Builder) -> Vec<String> {
    let mut table = b.build();
    table
        .with(Style::psql())
        .modify(Columns::new(1..).not(Rows::first()), Alignment::right());
    let mut lines = vec![heading.to_string()];
    lines.extend(table.to_string().lines().map(str::to_string));
    lines
}

/// Pairwise comparisons of the columns, Holm-adjusted.
pub fn pairwise_lines(view: &TableView, lang: Lang) -> Vec<String> {
    let pairs = &view.analysis.pairwise;
    if pairs.is_empty() {
        return Vec::new();
    }
    let mut b = Builder::default();
    b.push_record([
        tr(lang, "比較", "Pair").to_string(),
        "n".into(),
        tr(lang, "検定", "Test").into(),
        "p".into(),
        tr(lang, "Holm 調整 p", "Holm p").into(),
    ]);
    for c in pairs {
        b.push_record([
            format!("{} vs {}", c.columns[0], c.columns[1]),
            c.n.to_string(),
            c.test.to_string(),
            format_p_full(c.p),
            format_p_full(c.p_holm),
        ]);
    }
    titled_grid(
        tr(
            lang,
            "列の対ごとの比較 (行 × 2 列の正確検定、Holm 調整)",
            "Pairwise comparison of columns (exact test of each rows × 2 sub-table, Holm-adjusted)",
        ),
        b,
    )
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
        if !ct.blank_lines.is_empty() {
            lines.push(format!(
                "    {}: {:?}",
                tr(
                    lang,
                    "空行 (読み飛ばした行番号)",
                    "blank rows skipped (lines)"
                ),
                ct.blank_lines
            ));
        }
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
