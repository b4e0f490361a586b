//! Population bands (総務省 類似団体区分's 人口区分): cities Ⅰ–Ⅳ and towns and
//! villages Ⅰ–Ⅴ, each band from its lower bound (inclusive) to the next;
//! and the full 類似団体 type, a band with an industry code (e.g. Ⅱ-1).

use super::{IndustryScheme, IndustryType};
use renkei_text::Label;
use serde::{Deserialize, Serialize};

/// The lower bounds of bands Ⅱ, Ⅲ, … for each scheme (band Ⅰ is below the
/// first). Defaults as 総務省's table: cities 50,000 / 100,000 / 150,000;
/// towns and villages 5,000 / 10,000 / 15,000 / 20,000.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "population bands: {\"city\": [50000, 100000, 150000], \"town\": [5000, 10000, 15000, 20000]}"
)]
pub struct PopulationBands {
    pub city: Vec<u64>,
    pub town: Vec<u64>,
}

impl Default for PopulationBands {
    fn default() -> Self {
        PopulationBands {
            city: vec![50_000, 100_000, 150_000],
            town: vec![5_000, 10_000, 15_000, 20_000],
        }
    }
}

const ROMAN: [&str; 12] = ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ", "Ⅶ", "Ⅷ", "Ⅸ", "Ⅹ", "Ⅺ", "Ⅻ"];

/// A band's numeral (Ⅰ for the first).
pub fn numeral(band: usize) -> &'static str {
    ROMAN.get(band).copied().unwrap_or("?")
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl PopulationBands {
    pub fn bounds(&self, scheme: IndustryScheme) -> &[u64] {
        match scheme {
            IndustryScheme::City => &self.city,
            IndustryScheme::Town => &self.town,
        }
    }

    /// How many bands a scheme has.
    pub fn count(&self, scheme: IndustryScheme) -> usize {
        self.bounds(scheme).len() + 1
    }

    /// The band (0 = Ⅰ) of a population: the number of lower bounds it reaches.
    pub fn band(&self, scheme: IndustryScheme, population: u64) -> usize {
        self.bounds(scheme)
            .iter()
            .filter(|&&b| population >= b)
            .count()
    }

    /// A band's label: its numeral and range (`Ⅱ (50,000–99,999人)`).
    pub fn label(&self, scheme: IndustryScheme, band: usize) -> Label {
        let b = self.bounds(scheme);
        let lo = band.checked_sub(1).and_then(|i| b.get(i)).copied();
        let hi = b.get(band).map(|&h| (thousands(h), thousands(h - 1)));
        let range = crate::messages::names::population_range(lo.map(thousands), hi);
        let n = numeral(band);
        Label::new(format!("{n} ({})", range.ja), format!("{n} ({})", range.en))
    }

    /// The 類似団体 type's label, band and industry code: `Ⅱ-1`.
    pub fn ruiji_label(band: usize, industry: IndustryType) -> Label {
        let s = format!("{}-{}", numeral(band), industry.code);
        Label::new(s.clone(), s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_are_inclusive_below() {
        let b = PopulationBands::default();
        assert_eq!(b.band(IndustryScheme::City, 49_999), 0);
        assert_eq!(b.band(IndustryScheme::City, 50_000), 1);
        assert_eq!(b.band(IndustryScheme::City, 150_000), 3);
        assert_eq!(b.band(IndustryScheme::Town, 4_999), 0);
        assert_eq!(b.band(IndustryScheme::Town, 20_000), 4);
        assert_eq!(b.count(IndustryScheme::Town), 5);
        assert_eq!(b.label(IndustryScheme::City, 1).ja, "Ⅱ (50,000–99,999人)");
        assert_eq!(b.label(IndustryScheme::City, 0).en, "Ⅰ (under 50,000)");
        assert_eq!(b.label(IndustryScheme::Town, 4).ja, "Ⅴ (20,000人以上)");
        let t = IndustryType {
            scheme: IndustryScheme::City,
            code: 1,
        };
        assert_eq!(PopulationBands::ruiji_label(1, t).ja, "Ⅱ-1");
    }
}
