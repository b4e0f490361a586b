//! What the fields of long-format data files should hold: the strata of a
//! standardized ratio, a plan's indicators, a checklist's answers. Japanese
//! and English side by side, as in `errors.rs`.

use renkei_text::Lang;

/// What a field or row of a data file should have held.
#[derive(Debug, Clone, PartialEq)]
pub enum DataExpected {
    /// Two header names of one field.
    OneColumnFor {
        key: String,
        other: String,
    },
    /// A count: a whole number ≥ 0, or a mask mark.
    Count,
    Population,
    PositivePopulation,
    CountAtMostPopulation {
        population: f64,
    },
    /// A (area, item, sex, age band) given twice.
    UniqueStratum {
        first_line: usize,
    },
    RateOrCountAndPopulation {
        header: Vec<String>,
    },
    Rate,
    /// A rate beside a count and a population that is not theirs.
    RateOfCount {
        rate: f64,
    },
    StandardNotMasked,
    /// A masked count while `--masked` says to stop.
    Unmasked,
    /// An area named as a table's total (合計, 計 …).
    AreaNotTotal,
    /// An area given two prefectures.
    OnePrefecture {
        first: String,
    },
    /// A study stratum the standard does not have.
    StratumInStandard,
    /// A stratum of the standard an area lacks (for an item it has).
    StratumInArea {
        area: String,
        item: String,
        sex: String,
        age_band: String,
    },
    // ---- plan indicators
    Number,
    Year,
    Target {
        forms: String,
    },
    Direction,
    /// A direction that agrees with the target's own.
    DirectionAsTarget {
        /// Whether the target's direction is up (else down).
        up: bool,
    },
    /// A count whose share of n is the value stated beside it.
    CountAsStated {
        percent: f64,
        stated: f64,
    },
    /// Values that could be percents or shares, with sample sizes to test on.
    PercentOrShare,
    PlanVerdict,
    /// A wide study's measure cell: counts or populations.
    WideMeasure,
    /// A wide study's area × item with only one of its two rows.
    WidePair {
        missing_counts: bool,
    },
    /// A header that names no column of the file's kind.
    KnownColumn {
        accepted: String,
    },
    Revision,
    RevisedTarget,
    CurrentAfterBaseline {
        baseline: i32,
    },
    TargetAfterBaseline {
        baseline: i32,
    },
    Required,
    UniqueIdSub {
        first_line: usize,
    },
    // ---- checklists and scales
    ChecklistFile {
        detail: String,
    },
    SectionWithItems,
    UniqueItemId,
    Answer {
        forms: String,
    },
    ItemColumns {
        missing: Vec<String>,
    },
    ItemOfDefinition {
        checklist: String,
    },
    UniqueCouncil {
        first_line: usize,
    },
    /// A column of respondents' ids (to match a retest's rows).
    IdColumn,
    UniqueId {
        first_line: usize,
    },
    UniqueCouncilRound {
        first_line: usize,
        round: String,
    },
    NumericAnswer,
}

impl DataExpected {
    pub fn words(&self, m: Lang) -> String {
        use DataExpected as D;
        match self {
            D::OneColumnFor { key, other } => m.pick(
                format!("'{key}' の列は 1 つ。'{other}' も同じ項目の列名"),
                format!("one column for '{key}'; '{other}' names it too"),
            ),
            D::Count => m.pick(
                "0 以上の整数の人数 (10 未満の秘匿は ‐ * 空欄)".into(),
                "a whole number ≥ 0 (or ‐, * or blank for a count masked under 10)".into(),
            ),
            D::Population => m.pick("正の数の人数 (受診者数・人口)".into(), "a positive number of people (examinees or population)".into()),
            D::PositivePopulation => m.pick(
                "正の人数。0 人の層は率を持たない (その層の行を削除する)".into(),
                "a positive number: a stratum of 0 people has no rate (leave its row out)".into(),
            ),
            D::CountAtMostPopulation { population } => m.pick(
                format!("人数 {population} 以下の該当者数"),
                format!("a count no larger than the population {population}"),
            ),
            D::UniqueStratum { first_line } => m.pick(
                format!("重複しない層 (地域・項目・性別・年齢階級)。{first_line} 行目と同じ"),
                format!("each stratum (area, item, sex, age band) once; line {first_line} has it too"),
            ),
            D::RateOrCountAndPopulation { header } => m.pick(
                format!("'rate' の列、または 'count' と 'population' の列。ヘッダーにある列: {}", header.join(", ")),
                format!("a 'rate' column, or 'count' and 'population' columns; the header has: {}", header.join(", ")),
            ),
            D::Rate => m.pick("0 以上 1 以下の率".into(), "a rate between 0 and 1".into()),
            D::StandardNotMasked => m.pick(
                "標準集団の数値 (秘匿された値からは基準の率を作れない)".into(),
                "a number: the standard's rate cannot come from a masked count".into(),
            ),
            D::Unmasked => m.pick(
                "数値。秘匿された該当者数がある: --masked exclude (その層を O と E の両方から除く) か --masked bounds (1 と 9 で幅を示す) を選ぶ".into(),
                "a number; the count is masked: choose --masked exclude (leave the stratum out of O and E) or --masked bounds (the range with each masked count at 1 and at 9)".into(),
            ),
            D::RateOfCount { rate } => m.pick(
                format!("同じ行の該当者数 ÷ 人数 ({rate:.6}) と合う率。どちらかを直すか、片方だけを記す"),
                format!("the rate of the row's count and population ({rate:.6}); correct one of them, or give only one"),
            ),
            D::OnePrefecture { first } => m.pick(
                format!("地域ごとに一つの都道府県 (この地域は前の行で「{first}」)"),
                format!("one prefecture per area (an earlier row gives this area '{first}')"),
            ),
            D::AreaNotTotal => m.pick(
                "圏域ごとの行 (合計・計の行は入れない: 全体は renkei が集計する)".into(),
                "a row per area (leave out a total row: renkei adds up the whole itself)".into(),
            ),
            D::StratumInStandard => m.pick(
                "標準集団にある層 (項目・性別・年齢階級の綴りが同じか確かめる)".into(),
                "a stratum the standard population has (check the item, sex and age band are spelt alike)".into(),
            ),
            D::Number => m.pick("数値 (後ろに % g 本 件 施設 などの単位、または単位 (unit) の列に書いた単位を付けてよい)".into(), "a number (a unit such as %, g, 本, 件, 施設 or the one in the unit column may follow)".into()),
            D::Year => m.pick(
                "年度: 西暦 (2016, 2016年度) または和暦 (平成28年度, H28, 令和4年度, R4)".into(),
                "a year: 西暦 (2016, 2016年度) or 和暦 (平成28年度, H28, 令和4年度, R4)".into(),
            ),
            D::Target { forms } => m.pick(
                format!("目標値の書き方のいずれか: {forms}"),
                format!("a target in one of the forms {forms}"),
            ),
            D::Direction => m.pick("up か down (増加 / 減少)".into(), "up or down (増加 / 減少)".into()),
            D::DirectionAsTarget { up } => {
                let (ja, en) = if *up {
                    ("up (目標値が増加の向き)", "up (the target says so)")
                } else {
                    ("down (目標値が減少の向き: 以下・減少)", "down (the target says so: 以下, 減少)")
                };
                m.pick(format!("目標値と同じ向き: {ja}、または空欄"), format!("the target's direction: {en}, or blank"))
            }
            D::CountAsStated { percent, stated } => m.pick(
                format!("策定時・現状の値と合う件数 (件数/n = {percent:.1}%、記載の値は {stated})"),
                format!("a count that agrees with the value stated (count/n = {percent:.1}%, the stated value is {stated})"),
            ),
            D::PercentOrShare => m.pick(
                "百分率か割合かが分かる値: どちらも 1 以下で % がない。単位 (unit) の列に % と書くか、値に % を付ける (割合なら unit に「割合」と書く)".into(),
                "values that say whether they are percents or shares: both are at most 1 with no %; write % in the unit column or after the values (for shares, write share in the unit column)".into(),
            ),
            D::WideMeasure => m.pick(
                "該当者数 または 受診者数 (count / population): その行が人数のどちらかを示す".into(),
                "該当者数 or 受診者数 (count or population): which numbers the row holds".into(),
            ),
            D::WidePair { missing_counts: true } => m.pick(
                "同じ地域・項目の該当者数の行 (受診者数の行しかない)".into(),
                "a 該当者数 (count) row for the same area and item (there is only its population row)".into(),
            ),
            D::WidePair { missing_counts: false } => m.pick(
                "同じ地域・項目の受診者数の行 (該当者数の行しかない)".into(),
                "a 受診者数 (population) row for the same area and item (there is only its count row)".into(),
            ),
            D::KnownColumn { accepted } => m.pick(
                format!("使える列名 ({accepted}、または --help に並ぶ日本語の列名)。使わない列は削除するか --ignore-unknown-columns で読み飛ばす"),
                format!("a column name renkei knows ({accepted}, or a Japanese name listed by --help); delete columns you do not use, or skip them with --ignore-unknown-columns"),
            ),
            D::Revision => m.pick(
                "改訂の区分: 新規 / 変更 / 継続 (new / changed / kept)".into(),
                "a revision status: 新規 / 変更 / 継続 (new, changed or kept)".into(),
            ),
            D::RevisedTarget => m.pick(
                "新規・変更の項目には改訂後の目標値 (revised_target 列)".into(),
                "a revised target (revised_target column) for an item that is new or changed".into(),
            ),
            D::PlanVerdict => m.pick(
                "計画の評価: achieved/improved/unchanged/worsened (達成/改善/変わらない/悪化)".into(),
                "the plan's verdict: achieved, improved, unchanged or worsened (達成/改善/変わらない/悪化)".into(),
            ),
            D::CurrentAfterBaseline { baseline } => m.pick(
                format!("策定時 ({baseline} 年度) 以後の年度"),
                format!("a year no earlier than the baseline's ({baseline})"),
            ),
            D::TargetAfterBaseline { baseline } => m.pick(
                format!("策定時 ({baseline} 年度) より後の目標年度"),
                format!("a target year after the baseline year ({baseline})"),
            ),
            D::Required => m.pick("値 (セルが空)".into(), "a value (the cell is empty)".into()),
            D::UniqueIdSub { first_line } => m.pick(
                format!("重複しない id と sub の組。{first_line} 行目と同じ"),
                format!("each (id, sub) once; line {first_line} has it too"),
            ),
            D::ChecklistFile { detail } => m.pick(format!("正しいチェックリスト定義 ({detail})"), format!("a valid checklist definition ({detail})")),
            D::SectionWithItems => m.pick("項目が 1 つ以上ある章".into(), "a section with at least one item".into()),
            D::UniqueItemId => m.pick("チェックリスト内で重複しない項目番号".into(), "an item id used once in the checklist".into()),
            D::Answer { forms } => m.pick(format!("回答: {forms}"), format!("an answer: {forms}")),
            D::ItemColumns { missing } => m.pick(
                format!("定義のすべての項目の列。ない列: {}", missing.join(", ")),
                format!("a column for every item of the definition; missing: {}", missing.join(", ")),
            ),
            D::ItemOfDefinition { checklist } => m.pick(
                format!("チェックリスト '{checklist}' の項目の列 (この列名は項目番号に見えるが定義にない)"),
                format!("a column of an item of checklist '{checklist}' (this header looks like an item id but the definition has no such item)"),
            ),
            D::UniqueCouncil { first_line } => m.pick(
                format!("重複しない協議会。{first_line} 行目と同じ"),
                format!("each council once; line {first_line} has it too"),
            ),
            D::IdColumn => m.pick(
                "回答者を照合する ID 列 (id、番号、協議会 などの見出し、または --id で列を指定)".into(),
                "a column of respondents' ids to match the rows (headed id, 番号, council …, or named with --id)".into(),
            ),
            D::UniqueId { first_line } => m.pick(
                format!("重複しない ID。{first_line} 行目と同じ"),
                format!("each id once; line {first_line} has it too"),
            ),
            D::UniqueCouncilRound { first_line, round } => m.pick(
                format!("協議会ごとに各回 1 行。{first_line} 行目も同じ協議会の回「{round}」"),
                format!("each council once per round; line {first_line} has this council's round '{round}' too"),
            ),
            D::NumericAnswer => m.pick(
                "数値の回答 (チェック欄は ✓ はい ○ 1 / いいえ × 0 / 空欄)".into(),
                "a numeric answer (check marks: ✓ はい ○ 1 / いいえ × 0 / blank)".into(),
            ),
            D::StratumInArea { area, item, sex, age_band } => m.pick(
                format!("地域 '{area}' に標準集団の層 ({item}, {sex}, {age_band}) の行。その層がない"),
                format!("a row for the standard's stratum ({item}, {sex}, {age_band}) in area '{area}'; it has none"),
            ),
        }
    }
}
