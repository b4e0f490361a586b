//! The wording of standardized-ratio reports (`renkei ratio`).

use crate::report::messages::{Messages, Wording};
use crate::text::{Label, Name};

/// The row of both sexes together, as the NDB tables name it.
pub fn both_sexes() -> Label {
    Label::new("男女計", "Both sexes")
}

/// The total over every area of the study.
pub fn all_areas() -> Label {
    Label::new("県全体", "All areas")
}

/// Names of one language joined as each language lists them
/// ("男性・女性", "男性, 女性").
pub fn joined(names: &[String]) -> Label {
    Label::new(names.join("・"), names.join(", "))
}

/// Which interval a ratio carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiName {
    Exact,
    Byar,
    Binomial,
    FayFeuer,
}

/// The p-value adjustment across a family of comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdjustName {
    Holm,
    BenjaminiHochberg,
    None,
}

/// Column headings of the results table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatioColumn {
    Prefecture,
    Areas,
    Report,
    Workbook,
    Area,
    Item,
    Sex,
    Observed,
    Expected,
    Ratio,
    RatioMinus100,
    CiLower,
    CiUpper,
    P,
    PAdjusted,
    Masked,
    Significance,
    Reading,
    AgeBand,
    Count,
    Population,
    Crude,
    Adjusted,
}

/// What a family of comparisons runs across.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Across {
    Areas,
    Items,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RatioMsg {
    /// `own`: the standard is the study's own total (県全体 = 100), not 全国.
    IndirectTitle {
        own: bool,
    },
    DirectTitle,
    Read {
        study: String,
        standard: String,
        strata: usize,
        areas: usize,
        items: usize,
    },
    Column(RatioColumn),
    BothSexes,
    Interval {
        ci: CiName,
        level: f64,
        own: bool,
        /// Whether the intervals are of ratios (100 = as the standard).
        ratios: bool,
    },
    /// "BMI≥25 (男性): 10 地域中 3 で区間が 100 を含まない (高 2, 低 1); Holm 調整後 p<0.05: 2"
    Family {
        across: Across,
        name: Name,
        sex: Name,
        excluding: usize,
        of: usize,
        above: usize,
        below: usize,
        significant: usize,
        adjust: AdjustName,
    },
    FamiliesHeading,
    StrataTitle,
    StrataSheet,
    /// Under `--own-scale`: the slides' caution.
    OwnScaleCaution,
    /// A funnel point inside every control limit.
    FunnelInside,
    /// A funnel point beyond the `level` control limits.
    FunnelBeyond {
        level: f64,
    },
    /// 有意に高い (+1), 有意に低い (−1) or nothing (0): the interval against 100.
    Significance(i8),
    /// The slides' reading of a ratio: 「期待される該当者数より 4.4% 多い」.
    Reading {
        minus_100: f64,
    },
    /// Results whose masked strata held most of E (`--masked exclude`).
    MostlyMasked {
        /// Area, item, sex and the masked share of E of each.
        results: Vec<(Name, String, Name, f64)>,
        share: f64,
    },
    MaskedExcluded {
        strata: usize,
        population: f64,
        share: f64,
    },
    MaskedBounds {
        strata: usize,
    },
    AreaChart {
        area: Name,
    },
    ItemChart {
        item: String,
        sex: Name,
    },
    /// What ▲ and ▼ on the bars mean.
    FlagLegend,
    /// The title of a chart pack's index.
    PackIndex,
    /// The pack of the areas without a prefecture.
    NoPrefecture,
    FunnelChart {
        item: String,
        sex: Name,
    },
    RatioAxis {
        own: bool,
    },
    RatioMinus100Axis {
        own: bool,
    },
    ExpectedAxis,
    Limits {
        level: f64,
    },
    ChartCaption {
        ci: CiName,
        level: f64,
    },
    DirectPer {
        per: f64,
        /// Weighted by 昭和60年モデル人口 rather than the standard file.
        s60: bool,
    },
    PoissonConservative,
}

fn ci_name(ci: CiName, m: Messages) -> String {
    match ci {
        CiName::Exact => m.pick(
            "正確な Poisson 区間".into(),
            "exact Poisson interval".into(),
        ),
        CiName::Byar => m.pick(
            "Byar の近似区間".into(),
            "Byar's approximate interval".into(),
        ),
        CiName::Binomial => m.pick(
            "二項分散による対数 Wald 区間".into(),
            "log-scale Wald interval with binomial variance".into(),
        ),
        CiName::FayFeuer => m.pick(
            "Fay–Feuer のガンマ区間".into(),
            "Fay–Feuer gamma interval".into(),
        ),
    }
}

fn percent(level: f64) -> String {
    let p = level * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{p:.0}%")
    } else {
        format!("{p}%")
    }
}

impl Wording for RatioMsg {
    fn words(&self, m: Messages) -> String {
        use RatioMsg as R;
        match self {
            R::IndirectTitle { own: false } => m.pick(
                "標準化該当比 (間接法、全国 = 100)".into(),
                "Standardized ratios (indirect method, national = 100)".into(),
            ),
            R::IndirectTitle { own: true } => m.pick(
                "標準化該当比 (間接法、県全体 = 100)".into(),
                "Standardized ratios (indirect method, all areas = 100)".into(),
            ),
            R::DirectTitle => m.pick(
                "年齢調整率 (直接法)".into(),
                "Age-adjusted rates (direct method)".into(),
            ),
            R::Read { study, standard, strata, areas, items } => m.pick(
                format!("{study} ({areas} 地域、{items} 項目、{strata} 層) を標準集団 {standard} と比較"),
                format!("{study} ({areas} areas, {items} items, {strata} strata) against the standard {standard}"),
            ),
            R::Column(c) => {
                let (ja, en) = match c {
                    RatioColumn::Prefecture => ("都道府県", "Prefecture"),
                    RatioColumn::Areas => ("地域数", "Areas"),
                    RatioColumn::Report => ("報告 (HTML)", "Report (HTML)"),
                    RatioColumn::Workbook => ("ブック (Excel)", "Workbook (Excel)"),
                    RatioColumn::Area => ("地域", "Area"),
                    RatioColumn::Item => ("項目", "Item"),
                    RatioColumn::Sex => ("性別", "Sex"),
                    RatioColumn::Observed => ("観察数", "Observed"),
                    RatioColumn::Expected => ("期待数", "Expected"),
                    RatioColumn::Ratio => ("標準化該当比", "Ratio"),
                    RatioColumn::RatioMinus100 => ("標準化該当比−100", "Ratio−100"),
                    RatioColumn::CiLower => ("信頼区間 下限", "CI lower"),
                    RatioColumn::CiUpper => ("信頼区間 上限", "CI upper"),
                    RatioColumn::Significance => ("判定", "Significance"),
                    RatioColumn::Reading => ("読み方", "Reading"),
                    RatioColumn::AgeBand => ("年齢階級", "Age band"),
                    RatioColumn::P => ("p", "p"),
                    RatioColumn::PAdjusted => ("調整p (地域間)", "Adjusted p (areas)"),
                    RatioColumn::Masked => ("秘匿層", "Masked strata"),
                    RatioColumn::Count => ("該当者数", "Count"),
                    RatioColumn::Population => ("人数", "Population"),
                    RatioColumn::Crude => ("粗率", "Crude rate"),
                    RatioColumn::Adjusted => ("調整率", "Adjusted rate"),
                };
                m.pick(ja.into(), en.into())
            }
            R::BothSexes => m.pick("男女計".into(), "Both sexes".into()),
            R::Interval { ci, level, ratios: false, .. } => m.pick(
                format!("{}信頼区間: {}", percent(*level), ci_name(*ci, m)),
                format!("{} confidence intervals: {}", percent(*level), ci_name(*ci, m)),
            ),
            R::Interval { ci, level, own, ratios: true } => {
                let (ja, en) = if *own { ("県全体", "all areas together") } else { ("全国", "the national rates") };
                m.pick(
                    format!("{}信頼区間: {}。区間が 100 を含まなければ{ja}と比べて有意に高い／低い", percent(*level), ci_name(*ci, m)),
                    format!("{} confidence intervals: {}; an interval that leaves out 100 is significantly higher or lower than {en}", percent(*level), ci_name(*ci, m)),
                )
            }
            R::Significance(side) => match side {
                1 => m.pick("有意に高い".into(), "significantly higher".into()),
                -1 => m.pick("有意に低い".into(), "significantly lower".into()),
                _ => String::new(),
            },
            R::Reading { minus_100 } => {
                let v = format!("{:.1}", minus_100.abs());
                if v == "0.0" {
                    m.pick("期待される該当者数と同じ".into(), "as many as expected".into())
                } else if *minus_100 > 0.0 {
                    m.pick(format!("期待される該当者数より {v}% 多い"), format!("{v}% more than expected"))
                } else {
                    m.pick(format!("期待される該当者数より {v}% 少ない"), format!("{v}% fewer than expected"))
                }
            }
            R::FamiliesHeading => m.pick(
                "多重比較: 区間が 100 を含まない数と調整後 p < 0.05 の数".into(),
                "Multiple comparisons: intervals excluding 100, and adjusted p < 0.05".into(),
            ),
            R::Family { across, name, sex, excluding, of, above, below, significant, adjust } => {
                let adjust = match adjust {
                    AdjustName::Holm => "Holm",
                    AdjustName::BenjaminiHochberg => "BH",
                    AdjustName::None => m.lang.pick("調整なし", "unadjusted"),
                };
                let sex = m.name(sex);
                let name = m.name(name);
                match across {
                    Across::Areas => m.pick(
                        format!("{name} ({sex}): {of} 地域中 {excluding} 地域で区間が 100 を含まない (高 {above}、低 {below})。{adjust} 調整後 p < 0.05: {significant} 地域"),
                        format!("{name} ({sex}): {excluding} of {of} areas' intervals exclude 100 ({above} above, {below} below); {adjust}-adjusted p < 0.05: {significant}"),
                    ),
                    Across::Items => m.pick(
                        format!("{name} ({sex}): {of} 項目中 {excluding} 項目で区間が 100 を含まない (高 {above}、低 {below})。{adjust} 調整後 p < 0.05: {significant} 項目"),
                        format!("{name} ({sex}): {excluding} of {of} items' intervals exclude 100 ({above} above, {below} below); {adjust}-adjusted p < 0.05: {significant}"),
                    ),
                }
            }
            R::MaskedExcluded { strata, population, share } => m.pick(
                format!("秘匿された {strata} 層を O と E の両方から除いた (人数 {population:.0}、対象の {:.2}%)", share * 100.0),
                format!("{strata} masked strata left out of both O and E ({population:.0} people, {:.2}% of the population)", share * 100.0),
            ),
            R::MaskedBounds { strata } => m.pick(
                format!("秘匿された {strata} 層の該当者数を 1 と 9 に置いた幅を示す (比と区間は下端が 1、上端が 9 のとき)"),
                format!("{strata} masked strata: ranges with each masked count at 1 and at 9 (the lower ratio and limit at 1, the upper at 9)"),
            ),
            R::StrataTitle => m.pick(
                "層別の標準化該当比 (性・年齢階級ごと)".into(),
                "Standardized ratios by stratum (sex and age band)".into(),
            ),
            R::StrataSheet => m.pick("層別".into(), "Strata".into()),
            R::FunnelInside => m.pick("管理限界の内".into(), "within the limits".into()),
            R::FunnelBeyond { level } => m.pick(
                format!("{} 管理限界の外", percent(*level)),
                format!("beyond the {} limits", percent(*level)),
            ),
            R::OwnScaleCaution => m.pick(
                "縦軸の範囲はグラフに合わせ変動するので比較時には注意".into(),
                "each chart has its own scale: take care when comparing charts".into(),
            ),
            R::MostlyMasked { results, share } => {
                let listed: Vec<String> = results
                    .iter()
                    .map(|(area, item, sex, s)| {
                        format!("{} / {item} / {} ({:.0}%)", m.name(area), m.name(sex), 100.0 * s)
                    })
                    .collect();
                m.pick(
                    format!(
                        "秘匿された層が期待数の {:.0}% を超える {} 件は比が秘匿に左右されるため、グラフに描かない (--masked bounds で 1〜9 の幅を示せる): {}",
                        100.0 * share,
                        results.len(),
                        listed.join("、")
                    ),
                    format!(
                        "{} results whose masked strata held over {:.0}% of the expected count are not charted, as the mask decides their ratio (--masked bounds shows their range at 1 to 9): {}",
                        results.len(),
                        100.0 * share,
                        listed.join(", ")
                    ),
                )
            }
            R::AreaChart { area } => {
                let area = m.name(area);
                m.pick(
                format!("{area}: 標準化該当比 − 100"),
                format!("{area}: standardized ratio − 100"),
            )
            }
            R::PackIndex => m.pick(
                "標準化該当比: 都道府県ごとのグラフ集".into(),
                "Standardized ratios: the chart pack by prefecture".into(),
            ),
            R::NoPrefecture => m.pick("(都道府県なし)".into(), "(no prefecture)".into()),
            R::FlagLegend => m.pick(
                "▲ 有意に高い、▼ 有意に低い (標準化該当比の95%信頼区間が 100 を含まない)".into(),
                "▲ significantly higher, ▼ significantly lower (the ratio's 95% interval leaves out 100)".into(),
            ),
            R::ItemChart { item, sex } => m.pick(
                format!("{item} ({}): 地域別の標準化該当比", m.name(sex)),
                format!("{item} ({}): standardized ratio by area", m.name(sex)),
            ),
            R::FunnelChart { item, sex } => m.pick(
                format!("{item} ({}): ファネルプロット", m.name(sex)),
                format!("{item} ({}): funnel plot", m.name(sex)),
            ),
            R::RatioAxis { own: false } => m.pick("標準化該当比 (全国 = 100)".into(), "Standardized ratio (national = 100)".into()),
            R::RatioAxis { own: true } => m.pick("標準化該当比 (県全体 = 100)".into(), "Standardized ratio (all areas = 100)".into()),
            R::RatioMinus100Axis { own: false } => m.pick(
                "標準化該当比 − 100 (0 = 全国と同じ、7 = 全国の 1.07 倍)".into(),
                "Standardized ratio − 100 (0 = as nationally; 7 = 1.07 times the national rate)".into(),
            ),
            R::RatioMinus100Axis { own: true } => m.pick(
                "標準化該当比 − 100 (0 = 県全体と同じ、7 = 県全体の 1.07 倍)".into(),
                "Standardized ratio − 100 (0 = as in all areas; 7 = 1.07 times their rate)".into(),
            ),
            R::ExpectedAxis => m.pick("期待数 E".into(), "Expected count E".into()),
            R::Limits { level } => m.pick(
                format!("{} 管理限界", percent(*level)),
                format!("{} control limits", percent(*level)),
            ),
            R::ChartCaption { ci, level } => m.pick(
                format!("ひげ: {} ({})", ci_name(*ci, m), percent(*level)),
                format!("Whiskers: {} ({})", ci_name(*ci, m), percent(*level)),
            ),
            R::DirectPer { per, s60: false } => m.pick(
                format!("率は {per} 人あたり。標準集団の性・年齢構成で重み付け"),
                format!("Rates per {per} people, weighted by the standard population's sex and age structure"),
            ),
            R::DirectPer { per, s60: true } => m.pick(
                format!("率は {per} 人あたり。昭和60年モデル人口の年齢構成で重み付け (男女とも同じ重み)"),
                format!("Rates per {per} people, weighted by the age structure of 昭和60年モデル人口 (the same weights for both sexes)"),
            ),
            R::PoissonConservative => m.pick(
                "該当率が高い (30–40%) 項目では Poisson 区間は広すぎる (保守的)。--ci binomial は二項分散を使う".into(),
                "For common conditions (30–40 %) the Poisson interval is too wide (conservative); --ci binomial uses the binomial variance".into(),
            ),
        }
    }
}
