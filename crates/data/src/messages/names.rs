//! The names of things in both languages that the data layer gives its
//! tables: class groups (表3's columns), the words of 類似団体 industry
//! labels, population ranges. Data in one language (a survey's own labels)
//! come from the files; these are renkei's own.

use renkei_text::Label;

/// The class groups, the columns of 表3, in their order (urban, city, town,
/// village): Japanese and English.
pub const CLASS_GROUPS: [(&str, &str); 4] = [
    (
        "特別区/政令・中核・特例市/行政区",
        "Special ward / designated, core, special-case city / ward",
    ),
    ("市", "City"),
    ("町", "Town"),
    ("村", "Village"),
];

/// A population range: from `lo` (inclusive) to `hi` (exclusive; `last` is
/// the last whole number below it), either end open: `50,000–99,999人`,
/// `50,000人未満` / `under 50,000`, `20,000人以上` / `20,000 or more`.
pub fn population_range(lo: Option<String>, hi: Option<(String, String)>) -> Label {
    match (lo, hi) {
        (None, Some((hi, _))) => Label::new(format!("{hi}人未満"), format!("under {hi}")),
        (Some(lo), Some((_, last))) => Label::new(format!("{lo}–{last}人"), format!("{lo}–{last}")),
        (Some(lo), None) => Label::new(format!("{lo}人以上"), format!("{lo} or more")),
        (None, None) => Label::new("", ""),
    }
}

/// The words an industry label is made of, in one language.
pub struct IndustryWords {
    pub secondary_tertiary: &'static str,
    pub tertiary: &'static str,
    pub separator: &'static str,
    /// Text before and after the threshold for "at least" and "below".
    pub ge: (&'static str, &'static str),
    pub lt: (&'static str, &'static str),
}

pub const INDUSTRY_JA: IndustryWords = IndustryWords {
    secondary_tertiary: "Ⅱ次Ⅲ次",
    tertiary: "Ⅲ次",
    separator: "、",
    ge: ("", "%以上"),
    lt: ("", "%未満"),
};

pub const INDUSTRY_EN: IndustryWords = IndustryWords {
    secondary_tertiary: "II+III ",
    tertiary: "III ",
    separator: ", ",
    ge: ("≥", "%"),
    lt: ("<", "%"),
};
