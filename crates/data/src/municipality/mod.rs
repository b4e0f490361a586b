//! Typing municipalities: class group, industry structure (総務省 類似団体) and the
//! 全国地方公共団体コード check digit.
//!
//! Nothing here reads files; the functions take values and say what is wrong
//! with them, and the returns reader attaches file, line and column.

mod class;
mod code;
mod industry;
mod population;

pub use class::{ClassGroup, MunicipalityClass, accepted_class_spellings};
pub use code::{CodeKind, LocalGovCode, check_digit};
pub use industry::{
    CityThresholds, Decimal, IndustryScheme, IndustryShares, IndustryThresholds, IndustryType,
    TownThresholds,
};
pub use population::{PopulationBands, numeral};

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
        assert_eq!(
            err,
            crate::messages::errors::Expected::LeadingZeroLost {
                padded: "011002".into()
            }
        );
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
        let crate::messages::errors::Expected::ClassOneOf { spellings } = err else {
            panic!("{err:?}")
        };
        assert!(spellings.contains("特別区"), "{spellings}");
    }

    #[test]
    fn shares_are_compared_as_written() {
        // The nearest double to 89.99999999999999999 is 90.0 (issue 20).
        assert_eq!("89.99999999999999999".parse::<f64>().unwrap(), 90.0);
        let below = Decimal::parse("89.99999999999999999").unwrap();
        assert!(!below.at_least(Decimal::of(90.0)));
        assert!(Decimal::parse("90").unwrap().at_least(Decimal::of(90.0)));
        assert!(
            Decimal::parse("90.000")
                .unwrap()
                .at_least(Decimal::of(90.0))
        );
        assert!(!Decimal::parse("92.49").unwrap().at_least(Decimal::of(92.5)));
        let t = IndustryThresholds::default();
        let s = IndustryShares::from_decimals(
            (90.0, Decimal::parse("89.99999999999999999")),
            (70.0, Decimal::parse("70")),
        )
        .unwrap();
        assert_eq!(t.classify(IndustryScheme::City, s).code, 1);
        assert_eq!(t.classify(IndustryScheme::City, shares(90.0, 70.0)).code, 3);
    }
}
