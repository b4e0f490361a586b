//! Standard populations that Japanese reports use for direct age
//! standardization, built in so that a user need not type them.
//!
//! 昭和60年モデル人口 (厚生労働省's 基準人口 for 年齢調整死亡率): 5-year bands
//! 0–4 … 80–84 and 85+, in thousands, total 120,287 thousand, as the
//! Japanese Wikipedia article 年齢調整死亡率 quotes 厚生労働省's table
//! (see docs/domain.md). 平成27年モデル人口 is not built in: its official
//! table is yet to be found and cited.

/// 昭和60年モデル人口 in thousands, bands from 0–4 to 85+.
pub const S60: [f64; 18] = [
    8180.0, 8338.0, 8497.0, 8655.0, 8814.0, 8972.0, 9130.0, 9289.0, 9400.0, 8651.0, 7616.0, 6581.0,
    5546.0, 4511.0, 3476.0, 2441.0, 1406.0, 784.0,
];

/// The lower bound of a 5-year band as tables label it (`40-44`, `40～44歳`,
/// `85+`, `85歳以上`), when it is one of the model's bands.
fn band_index(band: &str) -> Option<usize> {
    let t: String = band.chars().filter(|c| !c.is_whitespace()).collect();
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let low: usize = digits.parse().ok()?;
    let rest = &t[digits.len()..];
    let open = rest.starts_with('+') || rest.starts_with("歳以上") || rest.starts_with("以上");
    let high = rest
        .trim_start_matches(['-', '～', '〜', '~', '－', '–'])
        .trim_end_matches('歳');
    if !low.is_multiple_of(5) || low > 85 {
        return None;
    }
    if low == 85 {
        return (open || high.is_empty() || rest.is_empty()).then_some(17);
    }
    (high.parse::<usize>().ok() == Some(low + 4)).then_some(low / 5)
}

/// The weight of an age band in 昭和60年モデル人口 (people), where the band
/// is one of its 5-year bands.
pub fn s60_weight(band: &str) -> Option<f64> {
    band_index(band).map(|i| S60[i] * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_population_as_published() {
        assert_eq!(S60.iter().sum::<f64>(), 120_287.0);
        assert_eq!(s60_weight("40-44"), Some(9_400_000.0));
        assert_eq!(s60_weight("70～74歳"), Some(3_476_000.0));
        assert_eq!(s60_weight("0-4"), Some(8_180_000.0));
        assert_eq!(s60_weight("85+"), Some(784_000.0));
        assert_eq!(s60_weight("85歳以上"), Some(784_000.0));
        assert_eq!(s60_weight("40-49"), None);
        assert_eq!(s60_weight("42-46"), None);
        assert_eq!(s60_weight("高齢"), None);
    }
}
