//! Typing municipalities: class group, industry structure (総務省 類似団体) and the
//! 全国地方公共団体コード check digit.
//!
//! Nothing here reads files; the functions take values and say what is wrong
//! with them, and the returns reader attaches file, line and column.

use crate::text::Label;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A municipality's legal class, as written in a survey return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MunicipalityClass {
    /// 特別区 (Tokyo's 23 wards).
    SpecialWard,
    /// 政令指定都市.
    DesignatedCity,
    /// 中核市.
    CoreCity,
    /// 施行時特例市 (former 特例市).
    SpecialCaseCity,
    /// 行政区: a ward of a designated city answering as its own unit.
    Ward,
    /// 市 (一般市).
    City,
    /// 町.
    Town,
    /// 村.
    Village,
}

/// The spellings accepted for each class (compared after trimming and
/// folding full-width ASCII; English is case-insensitive).
const CLASS_SPELLINGS: &[(MunicipalityClass, &[&str])] = &[
    (MunicipalityClass::SpecialWard, &["特別区", "special-ward"]),
    (
        MunicipalityClass::DesignatedCity,
        &[
            "政令指定都市",
            "政令市",
            "指定都市",
            "政令都市",
            "designated-city",
        ],
    ),
    (MunicipalityClass::CoreCity, &["中核市", "core-city"]),
    (
        MunicipalityClass::SpecialCaseCity,
        &["施行時特例市", "特例市", "special-case-city"],
    ),
    (MunicipalityClass::Ward, &["行政区", "ward"]),
    (MunicipalityClass::City, &["市", "一般市", "city"]),
    (MunicipalityClass::Town, &["町", "town"]),
    (MunicipalityClass::Village, &["村", "village"]),
];

impl MunicipalityClass {
    /// Parses a class as written in a return. The error lists the accepted spellings.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let s = normalize_cell(raw).to_lowercase().replace([' ', '_'], "-");
        CLASS_SPELLINGS
            .iter()
            .find(|(_, spellings)| spellings.iter().any(|sp| *sp == s))
            .map(|(class, _)| *class)
            .ok_or_else(|| {
                format!(
                    "a municipality class, one of {}",
                    accepted_class_spellings()
                )
            })
    }

    /// The class group of 表3.
    pub fn group(self) -> ClassGroup {
        match self {
            MunicipalityClass::SpecialWard
            | MunicipalityClass::DesignatedCity
            | MunicipalityClass::CoreCity
            | MunicipalityClass::SpecialCaseCity
            | MunicipalityClass::Ward => ClassGroup::Urban,
            MunicipalityClass::City => ClassGroup::City,
            MunicipalityClass::Town => ClassGroup::Town,
            MunicipalityClass::Village => ClassGroup::Village,
        }
    }

    /// The canonical name: Japanese, and the English spelling accepted.
    pub fn name(self) -> Label {
        let spellings = CLASS_SPELLINGS
            .iter()
            .find(|(c, _)| *c == self)
            .map_or(&[][..], |(_, s)| *s);
        Label::new(
            spellings.first().copied().unwrap_or("?"),
            spellings.last().copied().unwrap_or("?"),
        )
    }

    /// The canonical Japanese name.
    pub fn name_ja(self) -> &'static str {
        CLASS_SPELLINGS
            .iter()
            .find(|(c, _)| *c == self)
            .map(|(_, s)| s[0])
            .unwrap_or("?")
    }
}

/// All accepted class spellings, for error messages and the README.
pub fn accepted_class_spellings() -> String {
    CLASS_SPELLINGS
        .iter()
        .flat_map(|(_, s)| s.iter().copied())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The four class groups of 表3, in the published column order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClassGroup {
    /// 特別区/政令・中核・特例市/行政区: the units with their own health centre.
    Urban,
    /// 市.
    City,
    /// 町.
    Town,
    /// 村.
    Village,
}

impl ClassGroup {
    pub const ALL: [ClassGroup; 4] = [
        ClassGroup::Urban,
        ClassGroup::City,
        ClassGroup::Town,
        ClassGroup::Village,
    ];

    /// The column label of 表3, in both languages.
    pub fn label(self) -> Label {
        Label::new(self.label_ja(), self.label_en())
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            ClassGroup::Urban => "特別区/政令・中核・特例市/行政区",
            ClassGroup::City => "市",
            ClassGroup::Town => "町",
            ClassGroup::Village => "村",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ClassGroup::Urban => "Special ward / designated, core, special-case city / ward",
            ClassGroup::City => "City",
            ClassGroup::Town => "Town",
            ClassGroup::Village => "Village",
        }
    }

    /// Which 類似団体 rule types this group's industry structure. 表4's units
    /// are the first two columns of 表3, so the urban group is typed as cities.
    pub fn industry_scheme(self) -> IndustryScheme {
        match self {
            ClassGroup::Urban | ClassGroup::City => IndustryScheme::City,
            ClassGroup::Town | ClassGroup::Village => IndustryScheme::Town,
        }
    }
}

/// The two 類似団体 industry rules: one for cities, one for towns and villages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CityThresholds {
    /// Ⅱ次+Ⅲ次 share separating codes 0–1 from 2–3.
    pub secondary_tertiary: f64,
    /// Ⅲ次 share separating code 2 from 3 (among Ⅱ次+Ⅲ次 ≥ threshold).
    pub tertiary_high: f64,
    /// Ⅲ次 share separating code 0 from 1 (among Ⅱ次+Ⅲ次 < threshold).
    pub tertiary_low: f64,
}

/// Thresholds (in percent) of the town-and-village rule. Defaults 80 / 60.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TownThresholds {
    /// Ⅱ次+Ⅲ次 share separating code 0 from 1–2.
    pub secondary_tertiary: f64,
    /// Ⅲ次 share separating code 1 from 2 (among Ⅱ次+Ⅲ次 ≥ threshold).
    pub tertiary: f64,
}

/// Both rules' thresholds; they belong in the survey definition because
/// earlier classifications used other values (95 %, 85 %, 55 %, 50 %).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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

/// Employment shares of one unit, in percent (国勢調査).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndustryShares {
    /// Ⅱ次+Ⅲ次産業 share.
    pub secondary_tertiary: f64,
    /// Ⅲ次産業 share.
    pub tertiary: f64,
}

impl IndustryShares {
    /// Checks the shares: both in 0–100 and Ⅱ次+Ⅲ次 ≥ Ⅲ次 (the tertiary share is
    /// part of the combined one). Returns the message for the offending value.
    pub fn new(secondary_tertiary: f64, tertiary: f64) -> Result<Self, String> {
        for v in [secondary_tertiary, tertiary] {
            if !(0.0..=100.0).contains(&v) {
                return Err(format!("a percentage from 0 to 100, got {v}"));
            }
        }
        if secondary_tertiary < tertiary {
            return Err(format!(
                "the Ⅱ次+Ⅲ次 share ({secondary_tertiary}) to be at least the Ⅲ次 share ({tertiary})"
            ));
        }
        Ok(IndustryShares {
            secondary_tertiary,
            tertiary,
        })
    }
}

impl IndustryThresholds {
    /// Types a unit by the 類似団体 rule of its scheme. Boundaries are inclusive
    /// as in the rules: exactly 90.0 % is "90%以上".
    pub fn classify(&self, scheme: IndustryScheme, shares: IndustryShares) -> IndustryType {
        let code = match scheme {
            IndustryScheme::City => {
                let t = &self.city;
                match (
                    shares.secondary_tertiary >= t.secondary_tertiary,
                    shares.tertiary,
                ) {
                    (true, s3) if s3 >= t.tertiary_high => 3,
                    (true, _) => 2,
                    (false, s3) if s3 >= t.tertiary_low => 1,
                    (false, _) => 0,
                }
            }
            IndustryScheme::Town => {
                let t = &self.town;
                match (
                    shares.secondary_tertiary >= t.secondary_tertiary,
                    shares.tertiary,
                ) {
                    (true, s3) if s3 >= t.tertiary => 2,
                    (true, _) => 1,
                    (false, _) => 0,
                }
            }
        };
        IndustryType { scheme, code }
    }

    /// The printed label of a code, derived from the thresholds so that a
    /// survey with other thresholds gets labels that say what they are
    /// (e.g. `Ⅱ次Ⅲ次90%以上、Ⅲ次65%未満`; in English `II+III ≥90%, III <65%`).
    pub fn label(&self, t: IndustryType) -> Label {
        Label::new(self.label_in(t, &JA_WORDS), self.label_in(t, &EN_WORDS))
    }

    fn label_in(&self, t: IndustryType, w: &LabelWords) -> String {
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

/// The words an industry label is made of, in one language.
struct LabelWords {
    secondary_tertiary: &'static str,
    tertiary: &'static str,
    separator: &'static str,
    /// Text before and after the threshold for "at least" and "below".
    ge: (&'static str, &'static str),
    lt: (&'static str, &'static str),
}

const JA_WORDS: LabelWords = LabelWords {
    secondary_tertiary: "Ⅱ次Ⅲ次",
    tertiary: "Ⅲ次",
    separator: "、",
    ge: ("", "%以上"),
    lt: ("", "%未満"),
};

const EN_WORDS: LabelWords = LabelWords {
    secondary_tertiary: "II+III ",
    tertiary: "III ",
    separator: ", ",
    ge: ("≥", "%"),
    lt: ("<", "%"),
};

/// Formats a threshold without a needless ".0" (90 → "90", 92.5 → "92.5").
fn fmt_pct(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// Trims a cell (ASCII and full-width spaces) and folds full-width ASCII
/// (`１`, `Ａ`) to ASCII, as hand-typed Japanese spreadsheets mix both.
pub fn normalize_cell(raw: &str) -> String {
    raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A validated 6-digit 全国地方公共団体コード.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LocalGovCode(pub u32);

/// What the municipality part (digits 3–5) of a code says about the unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// x000: the prefecture itself.
    Prefecture,
    /// 100: a designated city or the 特別区 area.
    DesignatedCityOrWardArea,
    /// 101–199: a ward (行政区 or 特別区).
    Ward,
    /// 200–299: a city.
    City,
    /// 300 and above: a town or village.
    TownOrVillage,
}

/// The check digit of the first five digits: weights 6,5,4,3,2, r = sum mod 11,
/// check = (11 − r) mod 10 (so r = 0 gives 1 and r = 1 gives 0).
pub fn check_digit(first_five: [u8; 5]) -> u8 {
    let sum: u32 = first_five
        .iter()
        .zip([6u32, 5, 4, 3, 2])
        .map(|(&d, w)| d as u32 * w)
        .sum();
    ((11 - sum % 11) % 10) as u8
}

impl LocalGovCode {
    /// Parses and validates a 6-digit code. A 5-digit value whose zero-padded
    /// form is valid is named in the error: Excel drops the leading zero of
    /// Hokkaidō–Fukushima codes (011002 → 11002).
    pub fn parse(raw: &str) -> Result<Self, String> {
        let s = normalize_cell(raw);
        let expected = "a 6-digit 全国地方公共団体コード (2-digit prefecture, 3-digit municipality, check digit)";
        if !s.bytes().all(|b| b.is_ascii_digit()) || s.is_empty() {
            return Err(expected.to_string());
        }
        if s.len() == 5 && Self::parse(&format!("0{s}")).is_ok() {
            return Err(format!(
                "{expected}; did the leading zero get lost? 0{s} would be valid"
            ));
        }
        if s.len() != 6 {
            return Err(format!("{expected}; it has {} digits", s.len()));
        }
        let d: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
        let want = check_digit([d[0], d[1], d[2], d[3], d[4]]);
        if d[5] != want {
            return Err(format!(
                "a valid check digit: the code's last digit is {}, the first five digits give {want}",
                d[5]
            ));
        }
        let pref = d[0] * 10 + d[1];
        if !(1..=47).contains(&pref) {
            return Err(format!("a prefecture number 01–47, got {pref:02}"));
        }
        Ok(LocalGovCode(s.parse().map_err(|_| expected.to_string())?))
    }

    pub fn kind(self) -> CodeKind {
        match (self.0 / 10) % 1000 {
            0 => CodeKind::Prefecture,
            100 => CodeKind::DesignatedCityOrWardArea,
            101..=199 => CodeKind::Ward,
            200..=299 => CodeKind::City,
            _ => CodeKind::TownOrVillage,
        }
    }

    /// Whether a unit of this class can carry this code.
    pub fn fits_class(self, class: MunicipalityClass) -> bool {
        use MunicipalityClass as C;
        match self.kind() {
            CodeKind::Prefecture => false,
            CodeKind::DesignatedCityOrWardArea => class == C::DesignatedCity,
            CodeKind::Ward => matches!(class, C::Ward | C::SpecialWard),
            CodeKind::City => matches!(class, C::City | C::CoreCity | C::SpecialCaseCity),
            CodeKind::TownOrVillage => matches!(class, C::Town | C::Village),
        }
    }
}

impl fmt::Display for LocalGovCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:06}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shares(a: f64, b: f64) -> IndustryShares {
        IndustryShares::new(a, b).unwrap()
    }

    #[test]
    fn check_digit_examples_from_domain() {
        for code in ["131016", "011002", "271403", "141500"] {
            assert!(LocalGovCode::parse(code).is_ok(), "{code} should be valid");
        }
    }

    #[test]
    fn one_digit_change_is_caught() {
        for code in ["131016", "011002", "271403", "141500"] {
            for pos in 0..6 {
                let mut bytes = code.as_bytes().to_vec();
                bytes[pos] = if bytes[pos] == b'9' {
                    b'0'
                } else {
                    bytes[pos] + 1
                };
                let changed = String::from_utf8(bytes).unwrap();
                assert!(
                    LocalGovCode::parse(&changed).is_err(),
                    "{changed} (from {code}) should be invalid"
                );
            }
        }
    }

    #[test]
    fn lost_leading_zero_is_named() {
        let err = LocalGovCode::parse("11002").unwrap_err();
        assert!(err.contains("011002"), "{err}");
    }

    #[test]
    fn code_kinds() {
        assert_eq!(
            LocalGovCode::parse("131016").unwrap().kind(),
            CodeKind::Ward
        );
        assert_eq!(
            LocalGovCode::parse("011002").unwrap().kind(),
            CodeKind::DesignatedCityOrWardArea
        );
        assert!(
            LocalGovCode::parse("271403")
                .unwrap()
                .fits_class(MunicipalityClass::Ward)
        );
        assert!(
            !LocalGovCode::parse("131016")
                .unwrap()
                .fits_class(MunicipalityClass::Town)
        );
    }

    #[test]
    fn city_boundaries_are_inclusive() {
        let t = IndustryThresholds::default();
        let c = |a, b| t.classify(IndustryScheme::City, shares(a, b)).code;
        assert_eq!(c(90.0, 65.0), 3);
        assert_eq!(c(90.0, 64.9), 2);
        assert_eq!(c(89.9, 65.0), 1);
        assert_eq!(c(89.9, 55.0), 1);
        assert_eq!(c(89.9, 54.9), 0);
        assert_eq!(c(100.0, 100.0), 3);
        assert_eq!(c(0.0, 0.0), 0);
    }

    #[test]
    fn town_boundaries_are_inclusive() {
        let t = IndustryThresholds::default();
        let c = |a, b| t.classify(IndustryScheme::Town, shares(a, b)).code;
        assert_eq!(c(80.0, 60.0), 2);
        assert_eq!(c(80.0, 59.9), 1);
        assert_eq!(c(79.9, 79.9), 0);
        assert_eq!(c(79.9, 20.0), 0);
    }

    #[test]
    fn thresholds_come_from_data() {
        let mut t = IndustryThresholds::default();
        t.city.secondary_tertiary = 95.0;
        assert_eq!(t.classify(IndustryScheme::City, shares(92.0, 70.0)).code, 1);
    }

    #[test]
    fn shares_are_checked() {
        assert!(IndustryShares::new(101.0, 50.0).is_err());
        assert!(IndustryShares::new(50.0, -1.0).is_err());
        assert!(IndustryShares::new(60.0, 70.0).is_err());
        assert!(IndustryShares::new(f64::NAN, 70.0).is_err());
    }

    #[test]
    fn labels_match_the_published_headers() {
        let t = IndustryThresholds::default();
        let l = |scheme, code| t.label(IndustryType { scheme, code }).ja;
        assert_eq!(l(IndustryScheme::City, 1), "Ⅱ次Ⅲ次90%未満、Ⅲ次55%以上");
        assert_eq!(l(IndustryScheme::City, 2), "Ⅱ次Ⅲ次90%以上、Ⅲ次65%未満");
        assert_eq!(l(IndustryScheme::City, 3), "Ⅱ次Ⅲ次90%以上、Ⅲ次65%以上");
        assert_eq!(l(IndustryScheme::Town, 0), "Ⅱ次Ⅲ次80%未満");
        assert_eq!(l(IndustryScheme::Town, 1), "Ⅱ次Ⅲ次80%以上、Ⅲ次60%未満");
        assert_eq!(l(IndustryScheme::Town, 2), "Ⅱ次Ⅲ次80%以上、Ⅲ次60%以上");
    }

    #[test]
    fn class_spellings() {
        assert_eq!(
            MunicipalityClass::parse("政令市").unwrap(),
            MunicipalityClass::DesignatedCity
        );
        assert_eq!(
            MunicipalityClass::parse(" 特例市\u{3000}").unwrap(),
            MunicipalityClass::SpecialCaseCity
        );
        assert_eq!(
            MunicipalityClass::parse("Town").unwrap(),
            MunicipalityClass::Town
        );
        assert_eq!(MunicipalityClass::Ward.group(), ClassGroup::Urban);
        let err = MunicipalityClass::parse("市町").unwrap_err();
        assert!(err.contains("特別区"), "{err}");
    }
}
