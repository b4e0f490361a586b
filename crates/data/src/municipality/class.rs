//! Municipality classes as written in returns (特別区 … 村), their accepted
//! spellings, and the four class groups of 表3.

use super::{IndustryScheme, normalize_cell};
use crate::messages::errors::Expected;
use renkei_text::Label;
use serde::{Deserialize, Serialize};

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
    pub fn parse(raw: &str) -> Result<Self, Expected> {
        let s = normalize_cell(raw).to_lowercase().replace([' ', '_'], "-");
        CLASS_SPELLINGS
            .iter()
            .find(|(_, spellings)| spellings.iter().any(|sp| *sp == s))
            .map(|(class, _)| *class)
            .ok_or_else(|| Expected::ClassOneOf {
                spellings: accepted_class_spellings(),
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
        // English as words (each is also read back: spaces count as `-`).
        let en = match self {
            MunicipalityClass::SpecialWard => "special ward",
            MunicipalityClass::DesignatedCity => "designated city",
            MunicipalityClass::CoreCity => "core city",
            MunicipalityClass::SpecialCaseCity => "special-case city",
            MunicipalityClass::Ward => "ward",
            MunicipalityClass::City => "city",
            MunicipalityClass::Town => "town",
            MunicipalityClass::Village => "village",
        };
        Label::new(self.name_ja(), en)
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
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
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
        let (ja, en) = crate::messages::names::CLASS_GROUPS[self as usize];
        Label::new(ja, en)
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
