//! Auditing a published table: recompute its margins, percentages and p-value
//! from its counts and say what does not hold, with the likely explanation.
//!
//! Like statcheck for p-values, a printed value is accepted when it is what
//! some usual way of computing and rounding gives: percentages by half-up,
//! half-even or truncation at the printed number of decimals; the p by any of
//! Pearson's χ² (without or with continuity correction), the likelihood ratio
//! or the exact test, within the interval its printed digits imply.

use crate::input::published::{Printed, PrintedBase, PublishedTable};
use crate::report::messages::{AuditCheck, Candidate};
use crate::report::{Block, Line, Msg, Name, Report, Section, Text};
use crate::stats::exact::{ExactOptions, fisher_exact};
use crate::stats::measures::{likelihood_ratio, yates};
use crate::stats::pearson::chi_square_upper_tail;
use crate::stats::{ExpectedSummary, pearson_chi_square};
use crate::tabulate::table::ContingencyTable;
use nalgebra::DMatrix;
use serde::Serialize;
use std::time::Duration;

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditItem {
    /// What was checked (e.g. "column total 市").
    #[serde(serialize_with = "check_text")]
    pub check: AuditCheck,
    pub kind: AuditKind,
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub printed: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "recomputed_value"
    )]
    pub recomputed: Option<Text>,
    /// The likely explanation of a finding, or what the OK rests on.
    pub note: Text,
}

/// A recomputed value in the JSON, the same in either language: a number
/// as text, the expected-count summary in symbols, `null` where there is no
/// value (the note says why). The people's formats word it.
fn recomputed_value<S: serde::Serializer>(v: &Option<Text>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(Text::Name(n)) => n.serialize(s),
        Some(Text::Msg(m)) => match m.as_ref() {
            Msg::ExactP { p } => s.serialize_str(&crate::report::messages::format_p(*p)),
            Msg::ExpectedBrief {
                min,
                below_5,
                cells,
                below_1,
            } => s.serialize_str(&format!(
                "E_min = {min:.3}; E < 5: {below_5}/{cells}; E < 1: {below_1}"
            )),
            _ => s.serialize_none(),
        },
        None => s.serialize_none(),
    }
}

fn check_text<S: serde::Serializer>(c: &AuditCheck, s: S) -> Result<S::Ok, S::Error> {
    Text::from(Msg::AuditCheck(c.clone())).serialize(s)
}

/// The kinds of check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuditKind {
    Total,
    Percent,
    /// A percentage no whole count on its base can give.
    Grim,
    PValue,
    Decision,
    Cochran,
    Empty,
}

/// The audit of one table.
#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    pub title: Name,
    pub items: Vec<AuditItem>,
}

impl Audit {
    pub fn findings(&self) -> impl Iterator<Item = &AuditItem> {
        self.items.iter().filter(|i| !i.ok)
    }
}

/// Ways a percentage may have been rounded to its printed decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rounding {
    HalfUp,
    HalfEven,
    Truncate,
}

const ROUNDINGS: [Rounding; 3] = [Rounding::HalfUp, Rounding::HalfEven, Rounding::Truncate];

/// 100·count/base at `decimals`, scaled by 10^decimals, exactly (integers).
fn percent_rounded(count: u64, base: u64, decimals: u32, how: Rounding) -> i128 {
    let scale = 10i128.pow(decimals);
    let num = 100 * scale * count as i128;
    let den = base as i128;
    let (q, r) = (num / den, num % den);
    match how {
        Rounding::Truncate => q,
        Rounding::HalfUp => q + i128::from(2 * r >= den),
        Rounding::HalfEven => {
            if 2 * r > den || (2 * r == den && q % 2 == 1) {
                q + 1
            } else {
                q
            }
        }
    }
}

fn show(v: i128, decimals: u32) -> String {
    if decimals == 0 {
        return v.to_string();
    }
    let scale = 10i128.pow(decimals);
    format!("{}.{:0w$}", v / scale, v % scale, w = decimals as usize)
}

/// Whether a printed percentage is what count/base gives under some rounding.
fn percent_fits(printed: (i128, u32), count: u64, base: u64) -> bool {
    base > 0
        && ROUNDINGS
            .iter()
            .any(|&how| percent_rounded(count, base, printed.1, how) == printed.0)
}

/// GRIM: whether any whole count out of `base` gives the printed percentage.
fn grim_possible(printed: (i128, u32), base: u64) -> bool {
    if base == 0 {
        return printed.0 == 0;
    }
    // Only counts near printed·base/100 can round to it.
    let scale = 10f64.powi(printed.1 as i32);
    let centre = (printed.0 as f64 / scale) * base as f64 / 100.0;
    let lo = (centre - 1.0).floor().max(0.0) as u64;
    let hi = (centre + 1.0).ceil().min(base as f64) as u64;
    (lo..=hi).any(|k| percent_fits(printed, k, base))
}

/// The interval of p-values that print as `printed` ("0.073" → [0.0725, 0.0735)).
/// "<0.001" gives [0, 0.001); "0.000" gives [0, 0.0005).
pub fn p_interval(printed: &Printed) -> Option<(f64, f64)> {
    let s = printed
        .0
        .trim()
        .trim_start_matches("p")
        .trim_start_matches('=')
        .trim();
    if let Some(rest) = s.strip_prefix('<') {
        let v: f64 = rest.trim().trim_start_matches('=').trim().parse().ok()?;
        return Some((0.0, v));
    }
    if let Some(rest) = s.strip_prefix('>') {
        let v: f64 = rest.trim().parse().ok()?;
        return Some((v, 1.0));
    }
    let (v, d) = Printed(s.to_string()).scaled()?;
    let scale = 10f64.powi(d as i32);
    let x = v as f64 / scale;
    let half = 0.5 / scale;
    Some(((x - half).max(0.0), (x + half).min(1.0)))
}

/// A candidate p-value for the printed one.
struct Computed {
    name: Candidate,
    p: f64,
}

/// Audits one published table.
pub fn audit(t: &PublishedTable) -> Audit {
    let mut items = Vec::new();
    let (r, c) = (t.rows.len(), t.columns.len());
    let counts = DMatrix::from_fn(r, c, |i, j| t.counts[i][j]);
    let table = ContingencyTable::new(t.rows.clone(), t.columns.clone(), counts);
    let rt = table.row_totals();
    let ct = table.col_totals();
    let n = table.total();

    // 1. Totals against their cells.
    let base = t.percent_base;
    if let Some(tot) = &t.column_totals {
        for (j, v) in tot.iter().enumerate().take(c) {
            items.push(total_item(
                AuditCheck::ColumnTotal(t.columns[j].as_str().into()),
                v,
                ct[j],
                (base == PrintedBase::Column).then(|| column_percent_base_hint(t, j, ct[j], v)),
            ));
        }
    }
    if let Some(tot) = &t.row_totals {
        for (i, v) in tot.iter().enumerate().take(r) {
            items.push(total_item(
                AuditCheck::RowTotal(t.rows[i].as_str().into()),
                v,
                rt[i],
                None,
            ));
        }
    }
    if let Some(v) = &t.grand_total {
        items.push(total_item(AuditCheck::GrandTotal, v, n, None));
    }

    // 2. Percentages against the counts, and GRIM.
    if let Some(pct) = &t.percent {
        for (i, row) in pct.iter().enumerate().take(r) {
            for (j, v) in row.iter().enumerate().take(c) {
                let (b, printed_base) = match base {
                    PrintedBase::Row => (
                        rt[i],
                        printed_u64(t.row_totals.as_ref().and_then(|x| x.get(i))),
                    ),
                    PrintedBase::Total => (n, printed_u64(t.grand_total.as_ref())),
                    PrintedBase::Column => (
                        ct[j],
                        printed_u64(t.column_totals.as_ref().and_then(|x| x.get(j))),
                    ),
                };
                let what = AuditCheck::Percent {
                    row: t.rows[i].as_str().into(),
                    column: t.columns[j].as_str().into(),
                };
                items.push(percent_item(what, v, table.get(i, j), b, printed_base));
            }
        }
    }
    if let Some(pct) = &t.row_total_percent {
        for (i, v) in pct.iter().enumerate().take(r) {
            let what = AuditCheck::RowTotalPercent(t.rows[i].as_str().into());
            items.push(percent_item(
                what,
                v,
                rt[i],
                n,
                printed_u64(t.grand_total.as_ref()),
            ));
        }
    }
    if let Some(pct) = &t.column_total_percent {
        for (j, v) in pct.iter().enumerate().take(c) {
            let what = AuditCheck::ColumnTotalPercent(t.columns[j].as_str().into());
            items.push(percent_item(what, v, ct[j], ct[j], None));
        }
    }
    for comb in &t.combined_percents {
        items.push(combined_item(t, comb, &rt, &ct, n));
    }

    // 3. Empty rows and columns.
    let (tested, dropped) = table.drop_empty();
    for label in dropped.rows.iter().chain(dropped.columns.iter()) {
        items.push(AuditItem {
            check: AuditCheck::EmptyCategory(label.clone()),
            kind: AuditKind::Empty,
            ok: false,
            printed: None,
            recomputed: Some(Msg::NoUnits.into()),
            note: Msg::EmptyCategoryNote.into(),
        });
    }

    // 4. The printed p.
    if tested.nrows() >= 2 && tested.ncols() >= 2 {
        let expected = ExpectedSummary::of(&tested);
        let exact = if crate::stats::exact::exact_unsupported(&tested).is_none() {
            fisher_exact(
                &tested,
                &ExactOptions {
                    time_limit: Some(Duration::from_secs(30)),
                    memory_limit: Some(crate::stats::DEFAULT_EXACT_MEMORY),
                    ..Default::default()
                },
            )
            .ok()
            .map(|e| e.p)
        } else {
            None
        };
        let mut candidates = Vec::new();
        if let Some(x) = pearson_chi_square(&tested) {
            candidates.push(Computed {
                name: Candidate::PearsonNoCorrection,
                p: x.p,
            });
            if !dropped.is_empty() {
                // Someone who kept the empty categories in the degrees of freedom.
                let df_full = ((r - 1) * (c - 1)) as u64;
                candidates.push(Computed {
                    name: Candidate::PearsonFullDf { df: df_full },
                    p: chi_square_upper_tail(x.statistic, df_full),
                });
            }
        }
        if let Some(y) = yates(&tested) {
            candidates.push(Computed {
                name: Candidate::Yates,
                p: y.p,
            });
        }
        if let Some(g) = likelihood_ratio(&tested) {
            candidates.push(Computed {
                name: Candidate::LikelihoodRatio,
                p: g.p,
            });
        }
        if let Some(e) = exact {
            candidates.push(Computed {
                name: Candidate::Exact,
                p: e,
            });
        }
        if let Some(test) = &t.test {
            items.push(p_item(&test.p, &candidates, &dropped));
            if let (Some(e), Some((lo, hi))) = (exact, p_interval(&test.p)) {
                // The printed value as a reader takes it ("<0.001" as 0.0005).
                let printed_value = 0.5 * (lo + hi);
                for alpha in [0.10, 0.05, 0.01] {
                    let printed_sig = printed_value < alpha;
                    let exact_sig = e < alpha;
                    // When Cochran's rule holds the asymptotic p is valid and
                    // the exact test merely conservative: a different decision
                    // is then reported, not flagged.
                    let flip = printed_sig != exact_sig;
                    let note = if flip && expected.cochran_ok {
                        Msg::DecisionCochranHolds { exact: e, alpha }
                    } else if !flip {
                        Msg::DecisionAgrees {
                            significant: exact_sig,
                            alpha,
                        }
                    } else {
                        Msg::DecisionDiffers {
                            printed_significant: printed_sig,
                            exact_significant: exact_sig,
                            alpha,
                        }
                    };
                    items.push(AuditItem {
                        check: AuditCheck::Decision { alpha },
                        kind: AuditKind::Decision,
                        ok: !flip || expected.cochran_ok,
                        printed: Some(test.p.0.clone()),
                        recomputed: Some(Msg::ExactP { p: e }.into()),
                        note: note.into(),
                    });
                }
            }
        }
        items.push(AuditItem {
            check: AuditCheck::Cochran,
            kind: AuditKind::Cochran,
            ok: expected.cochran_ok,
            printed: None,
            recomputed: Some(
                Msg::ExpectedBrief {
                    min: expected.min,
                    below_5: expected.below_5,
                    cells: expected.cells,
                    below_1: expected.below_1,
                }
                .into(),
            ),
            note: if expected.cochran_ok {
                Msg::ChiApproximationAdequate.into()
            } else {
                Msg::ReportExactInstead { exact }.into()
            },
        });
    }
    Audit {
        title: t.title.as_str().into(),
        items,
    }
}

fn printed_u64(p: Option<&Printed>) -> Option<u64> {
    p.and_then(|v| v.scaled())
        .and_then(|(v, d)| (d == 0 && v >= 0).then_some(v as u64))
}

/// Which base the column's printed percentages were computed on, when that
/// explains a wrong printed total.
fn column_percent_base_hint(
    t: &PublishedTable,
    j: usize,
    cells: u64,
    printed: &Printed,
) -> Option<Msg> {
    let pct = t.percent.as_ref()?;
    let printed_total = printed_u64(Some(printed));
    let fits = |base: u64| {
        pct.iter().enumerate().all(|(i, row)| {
            row.get(j)
                .and_then(|v| v.scaled())
                .is_none_or(|p| percent_fits(p, t.counts[i][j], base))
        })
    };
    match printed_total {
        Some(pt) if pt != cells && fits(cells) && !fits(pt) => Some(Msg::PercentsOnCells { cells }),
        Some(pt) if pt != cells && fits(pt) && !fits(cells) => {
            Some(Msg::PercentsOnPrinted { printed: pt })
        }
        _ => None,
    }
}

fn total_item(
    check: AuditCheck,
    printed: &Printed,
    cells: u64,
    hint: Option<Option<Msg>>,
) -> AuditItem {
    let ok = printed.scaled() == Some((cells as i128, 0));
    AuditItem {
        check,
        kind: AuditKind::Total,
        ok,
        printed: Some(printed.0.clone()),
        recomputed: Some(cells.to_string().into()),
        note: if ok {
            Msg::EqualsCellSum.into()
        } else {
            Msg::CellsSumTo {
                sum: cells,
                hint: hint.flatten().map(Box::new),
            }
            .into()
        },
    }
}

fn percent_item(
    check: AuditCheck,
    printed: &Printed,
    count: u64,
    base: u64,
    printed_base: Option<u64>,
) -> AuditItem {
    let item = |kind, ok, recomputed: Option<Text>, note: Msg| AuditItem {
        check: check.clone(),
        kind,
        ok,
        printed: Some(printed.0.clone()),
        recomputed,
        note: note.into(),
    };
    let Some(p) = printed.scaled() else {
        return item(AuditKind::Percent, false, None, Msg::NotANumber);
    };
    if base == 0 {
        let ok = p.0 == 0;
        let note = if ok {
            Msg::EmptyGroupPrintedZero
        } else {
            Msg::PercentOfEmptyGroup
        };
        return item(
            AuditKind::Percent,
            ok,
            Some(Msg::UndefinedBaseZero.into()),
            note,
        );
    }
    let recomputed: Text = show(percent_rounded(count, base, p.1, Rounding::HalfUp), p.1).into();
    if percent_fits(p, count, base) {
        return item(
            AuditKind::Percent,
            true,
            Some(recomputed),
            Msg::Fraction { count, base },
        );
    }
    if let Some(pb) = printed_base.filter(|&pb| pb != base && pb > 0 && percent_fits(p, count, pb))
    {
        let note = Msg::OnPrintedTotal {
            printed: pb,
            cells: base,
        };
        return item(AuditKind::Percent, false, Some(recomputed), note);
    }
    if !grim_possible(p, base) {
        let note = Msg::Grim {
            base,
            printed: printed.0.clone(),
        };
        return item(AuditKind::Grim, false, Some(recomputed), note);
    }
    item(
        AuditKind::Percent,
        false,
        Some(recomputed),
        Msg::DoesNotRound { count, base },
    )
}

/// A printed share of several rows together (e.g. "57.6%" beside 表3 for
/// 積極的に実施 + 職域から希望があれば実施).
fn combined_item(
    t: &PublishedTable,
    comb: &crate::input::published::CombinedPercent,
    rt: &[u64],
    ct: &[u64],
    n: u64,
) -> AuditItem {
    let what = AuditCheck::Combined(comb.label.clone());
    let (count, base) = match comb.column {
        Some(j) if j < ct.len() => (
            comb.rows
                .iter()
                .filter(|&&i| i < t.rows.len())
                .map(|&i| t.counts[i][j])
                .sum::<u64>(),
            ct[j],
        ),
        _ => (
            comb.rows
                .iter()
                .filter(|&&i| i < rt.len())
                .map(|&i| rt[i])
                .sum(),
            n,
        ),
    };
    let mut item = percent_item(what, &comb.printed, count, base, None);
    if let Some(p) = comb.printed.scaled().filter(|_| !item.ok && base > 0) {
        // Is it the sum of the rounded percentages of its rows?
        let sum: i128 = comb
            .rows
            .iter()
            .map(|&i| {
                let c = match comb.column {
                    Some(j) if j < ct.len() => t.counts[i][j],
                    _ => rt[i],
                };
                percent_rounded(c, base, p.1, Rounding::HalfUp)
            })
            .sum();
        if sum == p.0 {
            item.note = Msg::SumOfRoundedRows {
                count,
                base,
                value: show(percent_rounded(count, base, p.1, Rounding::HalfUp), p.1),
            }
            .into();
        }
    }
    item
}

fn p_item(
    printed: &Printed,
    candidates: &[Computed],
    dropped: &crate::tabulate::table::Dropped,
) -> AuditItem {
    let item = |ok, recomputed: Option<Text>, note: Msg| AuditItem {
        check: AuditCheck::PValue,
        kind: AuditKind::PValue,
        ok,
        printed: Some(printed.0.clone()),
        recomputed,
        note: note.into(),
    };
    let Some((lo, hi)) = p_interval(printed) else {
        return item(false, None, Msg::PUnreadable);
    };
    let fits: Vec<&Computed> = candidates
        .iter()
        .filter(|c| c.p >= lo && c.p < hi.max(lo + f64::MIN_POSITIVE))
        .collect();
    let all: Vec<(Candidate, f64)> = candidates.iter().map(|c| (c.name.clone(), c.p)).collect();
    match fits.first() {
        Some(first) => item(
            true,
            Some(format!("{:.5}", first.p).into()),
            Msg::PReproducedBy {
                by: fits.iter().map(|c| c.name.clone()).collect(),
                after_dropping: !dropped.is_empty(),
            },
        ),
        None => item(
            false,
            Some(Msg::Candidates(all.clone()).into()),
            Msg::PNotReproduced {
                lower: lo,
                upper: hi,
                candidates: all,
            },
        ),
    }
}

/// The report of audits: per table its heading, its checks (all, or the
/// findings and the p-value check), a summary line; the total at the end.
pub fn report(audits: &[(String, Audit)], all: bool) -> Report {
    let mut sections = Vec::new();
    let mut records = Vec::new();
    let mut total = 0;
    for (file, audit) in audits {
        let findings = audit.findings().count();
        total += findings;
        let mut lines: Vec<Line> = audit
            .items
            .iter()
            .filter(|i| all || !i.ok || i.kind == AuditKind::PValue)
            .map(|i| {
                Line::new(
                    1,
                    Msg::AuditLine {
                        ok: i.ok,
                        check: i.check.clone(),
                        printed: i.printed.clone(),
                        recomputed: i.recomputed.clone(),
                        note: i.note.clone(),
                    },
                )
            })
            .collect();
        lines.push(Line::new(
            1,
            Msg::AuditSummary {
                ok: audit.items.len() - findings,
                findings,
            },
        ));
        sections.push(Section {
            title: Msg::AuditHeading {
                title: audit.title.clone(),
                file: file.clone(),
            }
            .into(),
            short_name: None,
            blocks: vec![Block::Lines(lines)],
        });
        records.push(FileAudit {
            file: file.clone(),
            audit: audit.clone(),
            findings,
        });
    }
    Report {
        title: None,
        preamble: Vec::new(),
        sections,
        closing: vec![Line::new(
            0,
            Msg::AuditTotal {
                findings: total,
                tables: audits.len(),
            },
        )],
        data: Some(Box::new(AuditRecord {
            findings: total,
            tables: records,
        })),
    }
}

#[derive(Serialize)]
struct FileAudit {
    file: String,
    #[serde(flatten)]
    audit: Audit,
    findings: usize,
}

#[derive(Serialize)]
struct AuditRecord {
    findings: usize,
    tables: Vec<FileAudit>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundings() {
        // 1/8 = 12.5 %: half-up 13, half-even 12, truncation 12 at 0 decimals.
        assert_eq!(percent_rounded(1, 8, 0, Rounding::HalfUp), 13);
        assert_eq!(percent_rounded(1, 8, 0, Rounding::HalfEven), 12);
        assert_eq!(percent_rounded(1, 8, 0, Rounding::Truncate), 12);
        assert_eq!(percent_rounded(10, 55, 1, Rounding::HalfUp), 182);
    }

    #[test]
    fn grim() {
        // Out of 7, possible percentages are 0, 14.3, 28.6, ...: 20.0 is impossible.
        assert!(!grim_possible((200, 1), 7));
        assert!(grim_possible((143, 1), 7));
    }

    #[test]
    fn p_intervals() {
        assert_eq!(p_interval(&Printed("0.073".into())), Some((0.0725, 0.0735)));
        assert_eq!(p_interval(&Printed("<0.001".into())), Some((0.0, 0.001)));
        let (lo, hi) = p_interval(&Printed("p=0.05".into())).unwrap();
        assert!((lo - 0.045).abs() < 1e-12 && (hi - 0.055).abs() < 1e-12);
    }
}
