//! 全国地方公共団体コード: six digits, the check digit, and what the code
//! says about the unit's class.

use super::{MunicipalityClass, normalize_cell};
use crate::messages::errors::Expected;
use std::fmt;

/// A validated 6-digit 全国地方公共団体コード.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LocalGovCode(pub u32);

pub use crate::messages::errors::CodeKind;

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
    pub fn parse(raw: &str) -> Result<Self, Expected> {
        let s = normalize_cell(raw);
        if !s.bytes().all(|b| b.is_ascii_digit()) || s.is_empty() {
            return Err(Expected::LocalGovCode);
        }
        if s.len() == 5 && Self::parse(&format!("0{s}")).is_ok() {
            return Err(Expected::LeadingZeroLost {
                padded: format!("0{s}"),
            });
        }
        if s.len() != 6 {
            return Err(Expected::CodeDigits { digits: s.len() });
        }
        let d: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
        let want = check_digit([d[0], d[1], d[2], d[3], d[4]]);
        if d[5] != want {
            return Err(Expected::CheckDigit {
                last: d[5],
                computed: want,
            });
        }
        let pref = d[0] * 10 + d[1];
        if !(1..=47).contains(&pref) {
            return Err(Expected::Prefecture { got: pref as u32 });
        }
        s.parse()
            .map(LocalGovCode)
            .map_err(|_| Expected::LocalGovCode)
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
