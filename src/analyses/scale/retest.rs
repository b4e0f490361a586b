//! Test–retest agreement (`renkei scale --retest FILE`): the same
//! respondents answering twice, rows matched by their id. Each item's
//! Cohen's κ with its interval (psych::cohen.kappa), and the ICC of the
//! whole scale's and each section's score, the sum of its items (default
//! ICC(A,1): two-way, absolute agreement, single measure; psych::ICC's
//! ICC2), over the respondents who answered every item of it both times.

use super::{ScaleOptions, ScaleSpec};
use crate::input::checklist::{ItemTable, Matched};
use crate::stats::agreement::{Icc, cohen_kappa, icc};
use crate::text::Name;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct KappaRecord {
    pub name: String,
    /// Respondents with an answer both times.
    pub n: usize,
    /// Share answered alike.
    pub agreement: f64,
    pub kappa: Option<f64>,
    pub kappa_lower: Option<f64>,
    pub kappa_upper: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IccRecord {
    pub name: Name,
    /// ICC(A,1), the default.
    pub value: Option<f64>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub form: &'static str,
    pub n: usize,
    /// The other single-measure forms, for comparison with reports that
    /// give them: ICC(C,1) (psych ICC3) and ICC(1) (psych ICC1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consistency: Option<Icc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_way: Option<Icc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IccSet {
    pub total: IccRecord,
    pub sections: Vec<IccRecord>,
}

/// The JSON `retest` of `renkei scale`.
#[derive(Debug, Clone, Serialize)]
pub struct RetestRecord {
    pub source: String,
    pub id_column: String,
    /// Respondents found in both files.
    pub matched: usize,
    pub only_first: Vec<String>,
    pub only_retest: Vec<String>,
    pub level: f64,
    pub items: Vec<KappaRecord>,
    pub icc: IccSet,
}

/// One administration's value of item `name` on row `row` (reversed
/// items as max + min − value over both administrations).
struct Values<'a> {
    table: &'a ItemTable,
    reversed: &'a [(String, f64, f64)],
}

impl Values<'_> {
    fn get(&self, row: usize, name: &str) -> Option<f64> {
        let j = self.table.names.iter().position(|n| n == name)?;
        let v = self.table.rows[row][j]?;
        Some(match self.reversed.iter().find(|(n, _, _)| n == name) {
            Some((_, low, high)) => high + low - v,
            None => v,
        })
    }
}

fn icc_of(spec: &ScaleSpec, a: &Values, b: &Values, matched: &Matched, level: f64) -> IccRecord {
    let rows: Vec<Vec<f64>> = matched
        .pairs
        .iter()
        .filter_map(|&(r1, r2)| {
            let s1: Option<f64> = spec.items.iter().map(|n| a.get(r1, n)).sum();
            let s2: Option<f64> = spec.items.iter().map(|n| b.get(r2, n)).sum();
            Some(vec![s1?, s2?])
        })
        .collect();
    let forms = icc(&rows, level);
    IccRecord {
        name: spec.name.clone(),
        value: forms.map(|f| f.agreement.value),
        lower: forms.map(|f| f.agreement.lower),
        upper: forms.map(|f| f.agreement.upper),
        form: "ICC(A,1)",
        n: rows.len(),
        consistency: forms.map(|f| f.consistency),
        one_way: forms.map(|f| f.one_way),
    }
}

pub fn analyse(
    first: &ItemTable,
    second: &ItemTable,
    matched: &Matched,
    whole: &ScaleSpec,
    sections: &[ScaleSpec],
    opts: &ScaleOptions,
) -> RetestRecord {
    // Reversal over both administrations' range of the item.
    let reversed: Vec<(String, f64, f64)> = opts
        .reverse
        .iter()
        .map(|name| {
            let column = |t: &ItemTable| -> Vec<f64> {
                t.names
                    .iter()
                    .position(|n| n == name)
                    .map(|j| t.rows.iter().filter_map(|r| r[j]).collect())
                    .unwrap_or_default()
            };
            let all: Vec<f64> = column(first).into_iter().chain(column(second)).collect();
            let low = all.iter().copied().fold(f64::INFINITY, f64::min);
            let high = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            (name.clone(), low, high)
        })
        .collect();
    let a = Values {
        table: first,
        reversed: &reversed,
    };
    let b = Values {
        table: second,
        reversed: &reversed,
    };
    let items = whole
        .items
        .iter()
        .map(|name| {
            let pairs: Vec<(f64, f64)> = matched
                .pairs
                .iter()
                .filter_map(|&(r1, r2)| Some((a.get(r1, name)?, b.get(r2, name)?)))
                .collect();
            let k = cohen_kappa(&pairs, opts.level);
            let alike = pairs.iter().filter(|(x, y)| x == y).count();
            KappaRecord {
                name: name.clone(),
                n: pairs.len(),
                agreement: if pairs.is_empty() {
                    f64::NAN
                } else {
                    alike as f64 / pairs.len() as f64
                },
                kappa: k.map(|k| k.kappa),
                kappa_lower: k.map(|k| k.lower),
                kappa_upper: k.map(|k| k.upper),
            }
        })
        .collect();
    RetestRecord {
        source: second.source.display().to_string(),
        id_column: first
            .ids
            .as_ref()
            .map_or_else(String::new, |i| i.column.clone()),
        matched: matched.pairs.len(),
        only_first: matched.only_first.clone(),
        only_retest: matched.only_second.clone(),
        level: opts.level,
        items,
        icc: IccSet {
            total: icc_of(whole, &a, &b, matched, opts.level),
            sections: sections
                .iter()
                .map(|s| icc_of(s, &a, &b, matched, opts.level))
                .collect(),
        },
    }
}
