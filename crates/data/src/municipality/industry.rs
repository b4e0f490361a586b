//! Industry structure (総務省 類似団体区分): employment shares, the city and
//! town-and-village rules with their thresholds, and the labels the
//! thresholds give.

use crate::messages::errors::Expected;
use crate::messages::names::{self, IndustryWords};
use renkei_text::Label;
use serde::{Deserialize, Serialize};

/// The two 類似団体 industry rules: one for cities, one for towns and villages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum IndustryScheme {
    City,
    Town,
}

impl IndustryScheme {
    /// The highest code of the scheme (cities 0–3, towns and villages 0–2).
    pub fn max_code(self) -> u8 {
        match self {
            IndustryScheme::City => 3,
            IndustryScheme::Town => 2,
        }
    }
}

/// Thresholds (in percent) of the city rule. Defaults: 令和2年国勢調査 based
/// classification (90 / 65 / 55).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "city thresholds: {\"secondary_tertiary\": 90, \"tertiary_high\": 65, \"tertiary_low\": 55}"
)]
pub struct CityThresholds {
    /// Ⅱ次+Ⅲ次 share separating codes 0–1 from 2–3.
    pub secondary_tertiary: f64,
    /// Ⅲ次 share separating code 2 from 3 (among Ⅱ次+Ⅲ次 ≥ threshold).
    pub tertiary_high: f64,
    /// Ⅲ次 share separating code 0 from 1 (among Ⅱ次+Ⅲ次 < threshold).
    pub tertiary_low: f64,
}

/// Thresholds (in percent) of the town-and-village rule. Defaults 80 / 60.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "town thresholds: {\"secondary_tertiary\": 80, \"tertiary\": 60}"
)]
pub struct TownThresholds {
    /// Ⅱ次+Ⅲ次 share separating code 0 from 1–2.
    pub secondary_tertiary: f64,
    /// Ⅲ次 share separating code 1 from 2 (among Ⅱ次+Ⅲ次 ≥ threshold).
    pub tertiary: f64,
}

/// Both rules' thresholds; they belong in the survey definition because
/// earlier classifications used other values (95 %, 85 %, 55 %, 50 %).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "industry thresholds: {\"city\": {…}, \"town\": {…}}"
)]
pub struct IndustryThresholds {
    pub city: CityThresholds,
    pub town: TownThresholds,
}

impl Default for IndustryThresholds {
    fn default() -> Self {
        IndustryThresholds {
            city: CityThresholds {
                secondary_tertiary: 90.0,
                tertiary_high: 65.0,
                tertiary_low: 55.0,
            },
            town: TownThresholds {
                secondary_tertiary: 80.0,
                tertiary: 60.0,
            },
        }
    }
}

/// A unit's industry structure: a 類似団体 code under one scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IndustryType {
    pub scheme: IndustryScheme,
    pub code: u8,
}

/// A number as written, held exactly as mantissa × 10^−scale, so that it is
/// compared with a threshold as written: `89.99999999999999999` is below
/// 90, though the nearest double is 90.0. Decimals beyond 30 are cut, which
/// keeps every comparison with a threshold of fewer decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

impl Decimal {
    const MAX_SCALE: u32 = 30;

    /// A plain decimal (`92.4`, `90`, `.5`); `None` for anything else.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let frac = &frac[..frac.len().min(Self::MAX_SCALE as usize)];
        let int = int.trim_start_matches('0');
        if int.len() > 7 {
            return None;
        }
        let mantissa: i128 = format!("{int}{frac}").parse().unwrap_or(0);
        Some(Decimal {
            mantissa,
            scale: frac.len() as u32,
        })
    }

    /// A threshold or value given as a double: its shortest decimal form.
    pub fn of(v: f64) -> Decimal {
        Decimal::parse(&format!("{v}")).unwrap_or(Decimal {
            mantissa: v.round() as i128,
            scale: 0,
        })
    }

    /// self ≥ other, exactly.
    pub fn at_least(self, other: Decimal) -> bool {
        let scale = self.scale.max(other.scale);
        let widen = |d: Decimal| d.mantissa * 10i128.pow(scale - d.scale);
        widen(self) >= widen(other)
    }
}

/// Employment shares of one unit, in percent (国勢調査).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndustryShares {
    /// Ⅱ次+Ⅲ次産業 share.
    pub secondary_tertiary: f64,
    /// Ⅲ次産業 share.
    pub tertiary: f64,
    /// The two shares as written, for the comparisons with thresholds.
    exact: [Decimal; 2],
}

impl IndustryShares {
    /// Shares as typed (`92.4`): compared with the thresholds as written.
    pub fn from_decimals(
        secondary_tertiary: (f64, Option<Decimal>),
        tertiary: (f64, Option<Decimal>),
    ) -> Result<Self, Expected> {
        let mut s = Self::new(secondary_tertiary.0, tertiary.0)?;
        s.exact = [
            secondary_tertiary.1.unwrap_or(s.exact[0]),
            tertiary.1.unwrap_or(s.exact[1]),
        ];
        Ok(s)
    }

    /// Checks the shares: both in 0–100 and Ⅱ次+Ⅲ次 ≥ Ⅲ次 (the tertiary share is
    /// part of the combined one). Returns the message for the offending value.
    pub fn new(secondary_tertiary: f64, tertiary: f64) -> Result<Self, Expected> {
        for v in [secondary_tertiary, tertiary] {
            if !(0.0..=100.0).contains(&v) {
                return Err(Expected::PercentageGot { got: v });
            }
        }
        if secondary_tertiary < tertiary {
            return Err(Expected::SharesInOrder {
                secondary_tertiary,
                tertiary,
            });
        }
        Ok(IndustryShares {
            secondary_tertiary,
            tertiary,
            exact: [Decimal::of(secondary_tertiary), Decimal::of(tertiary)],
        })
    }
}

impl IndustryThresholds {
    /// Types a unit by the 類似団体 rule of its scheme. Boundaries are inclusive
    /// as in the rules: exactly 90.0 % is "90%以上".
    /// The shares are compared as written with the thresholds as written
    /// ([`Decimal`]).
    pub fn classify(&self, scheme: IndustryScheme, shares: IndustryShares) -> IndustryType {
        let [s23, s3] = shares.exact;
        let at_least = |share: Decimal, threshold: f64| share.at_least(Decimal::of(threshold));
        let code = match scheme {
            IndustryScheme::City => {
                let t = &self.city;
                match at_least(s23, t.secondary_tertiary) {
                    true if at_least(s3, t.tertiary_high) => 3,
                    true => 2,
                    false if at_least(s3, t.tertiary_low) => 1,
                    false => 0,
                }
            }
            IndustryScheme::Town => {
                let t = &self.town;
                match at_least(s23, t.secondary_tertiary) {
                    true if at_least(s3, t.tertiary) => 2,
                    true => 1,
                    false => 0,
                }
            }
        };
        IndustryType { scheme, code }
    }

    /// The printed label of a code, derived from the thresholds so that a
    /// survey with other thresholds gets labels that say what they are
    /// (e.g. `Ⅱ次Ⅲ次90%以上、Ⅲ次65%未満`; in English `II+III ≥90%, III <65%`).
    pub fn label(&self, t: IndustryType) -> Label {
        Label::new(
            self.label_in(t, &names::INDUSTRY_JA),
            self.label_in(t, &names::INDUSTRY_EN),
        )
    }

    fn label_in(&self, t: IndustryType, w: &IndustryWords) -> String {
        let ge = |v: f64| format!("{}{}{}", w.ge.0, fmt_pct(v), w.ge.1);
        let lt = |v: f64| format!("{}{}{}", w.lt.0, fmt_pct(v), w.lt.1);
        let (s23, s3, sep) = (w.secondary_tertiary, w.tertiary, w.separator);
        match (t.scheme, t.code) {
            (IndustryScheme::City, code) => {
                let c = &self.city;
                let (a, b) = match code {
                    0 => (lt(c.secondary_tertiary), lt(c.tertiary_low)),
                    1 => (lt(c.secondary_tertiary), ge(c.tertiary_low)),
                    2 => (ge(c.secondary_tertiary), lt(c.tertiary_high)),
                    _ => (ge(c.secondary_tertiary), ge(c.tertiary_high)),
                };
                format!("{s23}{a}{sep}{s3}{b}")
            }
            (IndustryScheme::Town, 0) => format!("{s23}{}", lt(self.town.secondary_tertiary)),
            (IndustryScheme::Town, code) => {
                let tt = &self.town;
                let b = if code == 1 {
                    lt(tt.tertiary)
                } else {
                    ge(tt.tertiary)
                };
                format!("{s23}{}{sep}{s3}{b}", ge(tt.secondary_tertiary))
            }
        }
    }
}

/// Formats a threshold without a needless ".0" (90 → "90", 92.5 → "92.5").
fn fmt_pct(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}
