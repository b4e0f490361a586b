//! The wording of checklist scores and scale reliability (`renkei
//! checklist`, `renkei scale`).

use crate::analyses::checklist::Comparison;
use crate::input::checklist::{AnswerForm, LeftOut, Respondents, RoundOrder};
use crate::report::messages::format_p;
use crate::report::messages::{Messages, Wording};
use crate::stats::reliability::{Missing, NotComputable};
use crate::text::Name;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecklistColumn {
    Council(Respondents),
    Text,
    Measure,
    StartWhen,
    Round,
    Type,
    Prefecture,
    Done,
    Percent,
    NotDone,
    Item,
    Items,
    Section,
    P,
    PHolm,
}

/// Columns of the rounds tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundColumn {
    From,
    To,
    PercentFrom,
    PercentTo,
    Points,
    NewlyDone,
    NoLongerDone,
    Item,
    Section,
    Pairs,
    BothDone,
    Gained,
    Lost,
    Neither,
    McNemar,
    P,
    ExactP,
    PHolm,
    Score,
    Total,
    MedianChange,
    V,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScaleColumn {
    Item,
    Mean,
    Sd,
    Floor,
    Ceiling,
    ItemRest,
    AlphaIfDeleted,
    Scale,
    Pairs,
    Agreement,
    Kappa,
    Lower,
    Upper,
    Icc,
    IccConsistency,
    Communality,
    VarianceExplained,
    Position,
    ComponentObserved,
    ComponentRandom,
    FactorObserved,
    FactorRandom,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ChecklistMsg {
    ReturnsRead {
        source: String,
        councils: usize,
        /// Rows (checks), when the file has rounds.
        checks: Option<usize>,
        checklist: String,
        who: Respondents,
    },
    FormRead(AnswerForm),
    Column(ChecklistColumn),
    SectionShort {
        id: String,
    },
    SectionName {
        id: String,
        name: Name,
    },
    FewItemSections {
        sections: Vec<String>,
    },
    Comparison(Box<Comparison>),
    SectionsHeading,
    SectionsSheet,
    ItemsHeading,
    ItemsSheet,
    CouncilsHeading(Respondents),
    CouncilsSheet(Respondents),
    ChartsHeading,
    AllCouncils(Respondents),
    SectionChart,
    ItemChart,
    PercentAxis,
    /// Councils with a blank group cell, left out of the comparisons.
    WithoutGroup(Vec<String>, Respondents),
    ProfileChart {
        council: String,
    },
    // ---- retest
    RetestRead {
        source: String,
        id_column: String,
        matched: usize,
        only_first: Vec<String>,
        only_retest: Vec<String>,
    },
    RetestHeading,
    RetestSheet,
    IccHeading {
        level: f64,
    },
    KappaHeading {
        level: f64,
    },
    // ---- factors
    FactorsRead {
        correlation: crate::stats::polychoric::Correlation,
        smoothed: bool,
        k: usize,
        extraction: crate::stats::factor::Extraction,
        rotation: crate::stats::factor::Rotation,
        n: usize,
        items: usize,
    },
    FactorsNotComputable,
    FactorsNotConverged,
    FactorsHeading,
    FactorsSheet,
    FactorCorrelations,
    // ---- parallel analysis
    ParallelSuggests {
        factors: usize,
        components: usize,
        /// Say how to run the factor analysis with that many factors.
        hint: bool,
    },
    ParallelRead {
        correlation: crate::stats::polychoric::Correlation,
        items: usize,
        n: usize,
        iterations: usize,
        seed: i32,
        quantile: f64,
        extraction: crate::stats::factor::Extraction,
        redrawn: usize,
    },
    ParallelNotComputable(Option<crate::stats::parallel::ParallelNotComputable>),
    /// ML on random correlation matrices that are (nearly) singular.
    ParallelNearSingular {
        count: usize,
        total: usize,
    },
    ParallelHeading,
    ParallelSheet,
    /// The items do not suit the correlation asked for.
    LatentUnsuitable {
        kind: crate::stats::polychoric::Correlation,
        error: crate::stats::polychoric::LatentError,
        item: Option<String>,
    },
    // ---- rounds
    RoundColumn(RoundColumn),
    RoundsRead {
        column: String,
        rounds: Vec<String>,
        order: RoundOrder,
        paired: usize,
        who: Respondents,
    },
    /// Councils checked once: no change to show.
    CheckedOnce(Vec<String>, Respondents),
    RoundsHeading(Respondents),
    RoundsSheet,
    PairedHeading,
    PairedSheet,
    PairedScoresHeading,
    PairedItemsHeading,
    ProgressChart(Respondents),
    /// A series of the progress chart: the council's k-th check.
    NthCheck(usize),
    // ---- scale
    ScaleTitle,
    ItemsRead {
        source: String,
        items: usize,
        rows: usize,
        form: AnswerForm,
    },
    MissingRule(Missing),
    /// Columns of the items file not taken as items, with their reasons.
    LeftOut(Vec<(String, LeftOut)>),
    /// Items scored from their sub-items, and sub-item columns not used.
    SubItems {
        derived: Vec<String>,
        unused: Vec<String>,
    },
    /// A council's next steps: its items not done, with what to do.
    NextSteps {
        council: String,
    },
    /// A 対応策例 the source does not show (not transcribed).
    MeasureNotTranscribed,
    /// An item's text the source does not show.
    TextNotTranscribed,
    /// Items everyone answered alike, left out of α (as psych::alpha does).
    ConstantItems(Vec<String>),
    /// Items running against the others (negative item–rest correlation),
    /// and whether α itself is negative: likely reversed items.
    AgainstTheOthers {
        items: Vec<(String, f64)>,
        alpha_negative: bool,
    },
    /// The items file's answers are scores (a 1–5 scale), not checks.
    ScoresRead {
        source: String,
        items: usize,
        rows: usize,
        low: f64,
        high: f64,
    },
    NotComputable(NotComputable),
    Alpha {
        alpha: f64,
        standardized: f64,
        lower: f64,
        upper: f64,
        level: f64,
        kr20: bool,
    },
    Omega {
        omega: Option<f64>,
    },
    Respondents {
        n: usize,
        dropped: usize,
        k: usize,
    },
    FewItems {
        k: usize,
    },
    ScaleColumn(ScaleColumn),
}

/// An English word with its first letter upper-case.
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn form(f: AnswerForm, m: Messages) -> String {
    match f {
        AnswerForm::CheckOrBlank => m.pick(
            "✓/空欄 形式 (空欄 = 未実施)".into(),
            "✓/blank form (a blank cell = not done)".into(),
        ),
        AnswerForm::Explicit => m.pick(
            "実施・未実施を書く形式 (1/0、はい/いいえ、〇/× など。空欄 = 無回答)".into(),
            "done / not done form (1/0, yes/no, ○/× …; a blank cell = no answer)".into(),
        ),
    }
}

impl Wording for ChecklistMsg {
    fn words(&self, m: Messages) -> String {
        use ChecklistMsg as C;
        match self {
            C::LeftOut(columns) => {
                let each: Vec<String> = columns
                    .iter()
                    .map(|(c, why)| match why {
                        LeftOut::Empty => m.pick(format!("{c} (空)"), format!("{c} (empty)")),
                        LeftOut::Identifier => {
                            m.pick(format!("{c} (識別子)"), format!("{c} (an identifier)"))
                        }
                        LeftOut::NotAnswers { example } => m.pick(
                            format!("{c} (回答でない値: {example})"),
                            format!("{c} (not answers: {example})"),
                        ),
                    })
                    .collect();
                m.pick(
                    format!("項目にしなかった列: {} (項目にするには --columns で指定する)", each.join("、")),
                    format!(
                        "Columns not taken as items: {} (name them with --columns to use them)",
                        each.join(", ")
                    ),
                )
            }
            C::WithoutGroup(councils, who) => m.pick(
                format!(
                    "グループの値が空の {} {}は比較から除いた: {}",
                    councils.len(),
                    who.words().0,
                    councils.join("、")
                ),
                format!(
                    "{} {} with a blank group are left out of the comparisons: {}",
                    councils.len(),
                    who.words().1,
                    councils.join(", ")
                ),
            ),
            C::ConstantItems(items) => m.pick(
                format!("全員が同じ回答の項目を α から除いた: {}", items.join("、")),
                format!("Left out of α, everyone answered alike: {}", items.join(", ")),
            ),
            C::ReturnsRead { source, councils, checks, checklist, who } => {
                let (ja, en) = match checks {
                    Some(k) => (format!(" ({k} 回分)"), format!(" ({k} checks)")),
                    None => (String::new(), String::new()),
                };
                m.pick(
                    format!("{source}: {councils} {}{ja}のチェックリスト '{checklist}' の回答", who.words().0),
                    format!("{source}: {councils} {}' answers{en} to checklist '{checklist}'", who.words().1),
                )
            }
            C::FormRead(f) => m.pick(format!("回答は {}", form(*f, m)), format!("Answers read in the {}", form(*f, m))),
            C::Column(c) => {
                let (ja, en) = match c {
                    ChecklistColumn::Council(who) => (who.words().0, who.words().2),
                    ChecklistColumn::Text => ("チェック項目", "Check item (renkei's translation)"),
                    ChecklistColumn::Measure => ("対応策例", "Example measures (renkei's translation)"),
                    ChecklistColumn::StartWhen => ("着手時期", "When to start"),
                    ChecklistColumn::Round => ("回", "Round"),
                    ChecklistColumn::Type => ("種別", "Type"),
                    ChecklistColumn::Prefecture => ("都道府県", "Prefecture"),
                    ChecklistColumn::Done => ("実施/回答", "Done/answered"),
                    ChecklistColumn::Percent => ("実施率%", "Done %"),
                    ChecklistColumn::NotDone => ("未実施の項目 (次の取組)", "Items not done (next steps)"),
                    ChecklistColumn::Item => ("項目", "Item"),
                    ChecklistColumn::Items => ("項目数", "Items"),
                    ChecklistColumn::Section => ("大項目", "Section"),
                    ChecklistColumn::P => ("p", "p"),
                    ChecklistColumn::PHolm => ("Holm 調整 p", "Holm p"),
                };
                m.pick(ja.into(), en.into())
            }
            C::SectionShort { id } => m.pick(format!("大項目{id}%"), format!("Sec. {id} %")),
            C::SectionName { id, name } => format!("{id}. {}", m.name(name)),
            C::FewItemSections { sections } => m.pick(
                format!("項目が 3 未満の大項目 ({}) は尺度としての信頼性を示しにくい", sections.join(", ")),
                format!("Sections with fewer than 3 items ({}) say little as scales", sections.join(", ")),
            ),
            C::Comparison(c) => match c.as_ref() {
                Comparison::Wilcoxon { groups, result } => m.pick(
                    format!(
                        "実施率の比較 ({} vs {}): Wilcoxon–Mann–Whitney W = {}, p = {}{}、優越確率 A = {:.3}、r = {:.3}",
                        groups[0], groups[1], result.w, format_p(result.p),
                        if result.exact { " (正確)" } else { " (正規近似・連続性補正)" },
                        result.prob_superiority, result.r
                    ),
                    format!(
                        "Done % compared ({} vs {}): Wilcoxon–Mann–Whitney W = {}, p = {}{}, probability of superiority A = {:.3}, r = {:.3}",
                        groups[0], groups[1], result.w, format_p(result.p),
                        if result.exact { " (exact)" } else { " (normal approximation, continuity correction)" },
                        result.prob_superiority, result.r
                    ),
                ),
                Comparison::KruskalWallis { groups, result } => m.pick(
                    format!("実施率の比較 ({} 群): Kruskal–Wallis H = {:.4}, 自由度 = {}, p = {}、ε² = {:.3}", groups.len(), result.h, result.df, format_p(result.p), result.epsilon_squared),
                    format!("Done % compared ({} groups): Kruskal–Wallis H = {:.4}, df = {}, p = {}, ε² = {:.3}", groups.len(), result.h, result.df, format_p(result.p), result.epsilon_squared),
                ),
            },
            C::SectionsHeading => m.pick("大項目ごとの実施率".into(), "Done % by section".into()),
            C::SectionsSheet => m.pick("大項目".into(), "Sections".into()),
            C::ItemsHeading => m.pick("項目ごとの実施率 (群の差は群 × 実施の表の検定)".into(), "Done % by item (group differences: test of the group × done table)".into()),
            C::ItemsSheet => m.pick("項目".into(), "Items".into()),
            C::CouncilsHeading(who) => m.pick(format!("{}ごとの実施状況", who.words().0), capitalised(who.words().1)),
            C::CouncilsSheet(who) => m.pick(who.words().0.into(), capitalised(who.words().1)),
            C::ChartsHeading => m.pick("グラフ".into(), "Charts".into()),
            C::AllCouncils(who) => m.pick(format!("全{}", who.words().0), format!("All {}", who.words().1)),
            C::SectionChart => m.pick("大項目ごとの実施率".into(), "Done % by section".into()),
            C::ItemChart => m.pick("項目ごとの実施率 (群別)".into(), "Done % by item and group".into()),
            C::PercentAxis => m.pick("実施率 (%)".into(), "Done (%)".into()),
            C::RetestRead { source, id_column, matched, only_first, only_retest } => {
                let few = |v: &[String], sep: &str| {
                    if v.len() > 5 {
                        format!("{}{sep}…", v[..5].join(sep))
                    } else {
                        v.join(sep)
                    }
                };
                let mut ja = format!("再検査 {source}: 列「{id_column}」で {matched} 件を照合");
                let mut en = format!("Retest {source}: {matched} respondents matched by column '{id_column}'");
                if !only_first.is_empty() {
                    ja.push_str(&format!("。1 回目だけの {} 件 ({}) は除いた", only_first.len(), few(only_first, "、")));
                    en.push_str(&format!("; {} only in the first file left out ({})", only_first.len(), few(only_first, ", ")));
                }
                if !only_retest.is_empty() {
                    ja.push_str(&format!("。再検査だけの {} 件 ({}) は除いた", only_retest.len(), few(only_retest, "、")));
                    en.push_str(&format!("; {} only in the retest left out ({})", only_retest.len(), few(only_retest, ", ")));
                }
                m.pick(ja, en)
            }
            C::RetestHeading => m.pick("再検査信頼性 (test–retest)".into(), "Test–retest agreement".into()),
            C::RetestSheet => m.pick("再検査".into(), "Retest".into()),
            C::IccHeading { level } => m.pick(
                format!("得点 (項目の合計) の級内相関: ICC(A,1) = 二元配置・絶対一致・単一測定 (psych の ICC2)、{:.0}% 信頼区間。両回とも全項目に回答した人", level * 100.0),
                format!("Intraclass correlation of scores (item sums): ICC(A,1) = two-way, absolute agreement, single measure (psych's ICC2), {:.0}% interval; respondents who answered every item both times", level * 100.0),
            ),
            C::KappaHeading { level } => m.pick(
                format!("項目ごとの Cohen の κ ({:.0}% 信頼区間、Fleiss–Cohen–Everitt の分散)", level * 100.0),
                format!("Cohen's κ by item ({:.0}% interval, Fleiss–Cohen–Everitt variance)", level * 100.0),
            ),
            C::FactorsRead { correlation, smoothed, k, extraction, rotation, n, items } => {
                let (ja_c, en_c) = correlation_names(*correlation);
                let (ja_s, en_s) = if *smoothed {
                    ("。相関行列が正定値でなかったので平滑化した (psych の cor.smooth)", "; the correlation matrix was not positive definite and was smoothed (psych's cor.smooth)")
                } else {
                    ("", "")
                };
                use crate::stats::factor::{Extraction, Rotation};
                let (ja_e, en_e) = match extraction {
                    Extraction::Minres => ("最小残差法 (minres)", "minimum residuals (minres)"),
                    Extraction::Ml => ("最尤法 (ML)", "maximum likelihood (ML)"),
                };
                let (ja_r, en_r) = match rotation {
                    Rotation::None => ("回転なし", "no rotation"),
                    Rotation::Varimax => ("バリマックス回転 (直交)", "varimax rotation (orthogonal)"),
                    Rotation::Oblimin => ("オブリミン回転 (斜交)", "oblimin rotation (oblique)"),
                };
                m.pick(
                    format!("{items} 項目の{ja_c} (全項目に回答した {n} 行) から {k} 因子を{ja_e}で抽出し、{ja_r}{ja_s}"),
                    format!("{k} factors of {items} items' {en_c} correlations ({n} rows answering every item), {en_e}, {en_r}{en_s}"),
                )
            }
            C::FactorsNotComputable => m.pick(
                "因子分析は計算できない (回答者が 3 未満、全員同じ回答の項目がある、または因子数が項目数以上)".into(),
                "The factor analysis cannot be computed (under 3 respondents, an item everyone answered alike, or as many factors as items)".into(),
            ),
            C::FactorsNotConverged => m.pick(
                "注意: 推定または回転が収束しなかった。因子数を減らすか、別の抽出法・回転を試す".into(),
                "Caution: the extraction or the rotation did not converge; try fewer factors or another method".into(),
            ),
            C::FactorsHeading => m.pick("探索的因子分析".into(), "Exploratory factor analysis".into()),
            C::FactorsSheet => m.pick("因子分析".into(), "Factors".into()),
            C::FactorCorrelations => m.pick("因子間相関".into(), "Factor correlations".into()),
            C::ParallelSuggests { factors, components, hint } => {
                let (ja_hint, en_hint) = if *hint {
                    (format!("。因子分析は --factors {factors} で"), format!("; run the factor analysis with --factors {factors}"))
                } else {
                    (String::new(), String::new())
                };
                m.pick(
                    format!("平行分析が示す因子数: {factors} (主成分数: {components}){ja_hint}"),
                    format!("Parallel analysis suggests {factors} factors ({components} components){en_hint}"),
                )
            }
            C::ParallelRead { correlation, items, n, iterations, seed, quantile, extraction, redrawn } => {
                let (ja_c, en_c) = correlation_names(*correlation);
                use crate::stats::factor::Extraction;
                let (ja_e, en_e) = match extraction {
                    Extraction::Minres => ("最小残差法", "minres"),
                    Extraction::Ml => ("最尤法", "ML"),
                };
                let q = quantile * 100.0;
                let (ja_r, en_r) = if *redrawn > 0 {
                    (
                        format!("。定数の列が出た再標本 {redrawn} 回は引き直した"),
                        format!("; {redrawn} resamples with a constant column were drawn again"),
                    )
                } else {
                    (String::new(), String::new())
                };
                m.pick(
                    format!(
                        "{items} 項目の{ja_c} (全項目に回答した {n} 行) の固有値を、同じ大きさの正規乱数データ {iterations} 組の {q:.0} パーセンタイルと比べた (Horn の平行分析; 因子は 1 因子{ja_e}で縮約した相関行列の固有値)。* は乱数を上回る先頭からの値。乱数は R の set.seed({seed}) のあとと同じ列 (options(mc.cores = 1) の psych::fa.parallel と同じ乱数データ){ja_r}"
                    ),
                    format!(
                        "Eigenvalues of {items} items' {en_c} correlations ({n} rows answering every item) against the {q:.0}th percentile of {iterations} normal random data sets of the same size (Horn's parallel analysis; factors: eigenvalues of the matrix reduced by a one-factor {en_e} fit). * marks the leading values above random. The draws are R's after set.seed({seed}): the random data of psych::fa.parallel under options(mc.cores = 1){en_r}"
                    ),
                )
            }
            C::ParallelNotComputable(reason) => {
                use crate::stats::parallel::ParallelNotComputable as P;
                let (ja, en) = match reason {
                    Some(P::ConstantItem) => ("全員同じ回答の項目がある", "an item everyone answered alike"),
                    Some(P::ResamplesConstant) => ("再標本で定数の列が 1000 回続いた (ほぼ全員同じ回答の項目がある)", "1000 resamples in a row had a constant column (an item almost everyone answered alike)"),
                    Some(P::Correlation(_)) => ("項目が求めた相関に合わない", "the items do not suit the correlation asked for"),
                    Some(P::TooFew) | None => ("全項目に回答した行が 3 未満、または項目が 2 未満", "under 3 rows answering every item, or under 2 items"),
                };
                m.pick(
                    format!("平行分析は計算できない: {ja}"),
                    format!("The parallel analysis cannot be computed: {en}"),
                )
            }
            C::ParallelNearSingular { count, total } => m.pick(
                format!("注意: 乱数データの相関行列 {total} 個のうち {count} 個が特異またはそれに近い (全項目に回答した行が項目数に比べて少ない)。最尤法は逆行列を要するので、その因子の固有値は定まらない。--fm minres を勧める"),
                format!("Caution: {count} of the {total} random correlation matrices are singular or nearly so (few rows answering every item for the number of items). ML needs their inverse, so their factor eigenvalues are not determined; --fm minres is advised"),
            ),
            C::LatentUnsuitable { kind, error, item } => {
                use crate::stats::polychoric::LatentError as E;
                let name = item.clone().unwrap_or_default();
                let (ja_c, en_c) = correlation_names(*kind);
                let (ja, en) = match error {
                    E::NotBinary { .. } => (
                        format!("項目「{name}」が 3 つ以上の値をとる。{ja_c}は 2 値 (はい/いいえ、1/0) の項目だけに使える。--cor polychoric または pearson を使う"),
                        format!("item \"{name}\" takes three or more values; {en_c} correlations need two-valued items (yes/no, 1/0); use --cor polychoric or pearson"),
                    ),
                    E::NotWhole { value, .. } => (
                        format!("項目「{name}」に整数でない値 {value} がある。{ja_c}は順序のある整数の回答に使う"),
                        format!("item \"{name}\" has a value that is not a whole number ({value}); {en_c} correlations need ordered whole-number answers"),
                    ),
                    E::TooManyCategories { categories } => (
                        format!("回答の値が {categories} 段階ある (8 段階まで、psych と同じ)。--cor pearson を使う"),
                        format!("the answers take {categories} values (at most 8, as psych); use --cor pearson"),
                    ),
                    E::Constant { .. } => (
                        format!("項目「{name}」は全員同じ回答"),
                        format!("item \"{name}\" was answered alike by everyone"),
                    ),
                    E::TooFew => (
                        "全項目に回答した行が 3 未満".to_string(),
                        "fewer than 3 rows answering every item".to_string(),
                    ),
                };
                m.pick(
                    format!("{ja_c}は計算できない: {ja}"),
                    format!("The {en_c} correlations cannot be computed: {en}"),
                )
            }
            C::ParallelHeading => m.pick("平行分析 (因子数の目安)".into(), "Parallel analysis (how many factors)".into()),
            C::ParallelSheet => m.pick("平行分析".into(), "Parallel".into()),
            C::RoundColumn(c) => {
                use RoundColumn as R;
                let (ja, en) = match c {
                    R::From => ("前回", "Previous"),
                    R::To => ("最新回", "Latest"),
                    R::PercentFrom => ("前回 実施率%", "Previous done %"),
                    R::PercentTo => ("最新 実施率%", "Latest done %"),
                    R::Points => ("変化 (ポイント)", "Change (points)"),
                    R::NewlyDone => ("新たに実施", "Newly done"),
                    R::NoLongerDone => ("実施でなくなった", "No longer done"),
                    R::Item => ("項目", "Item"),
                    R::Section => ("大項目", "Section"),
                    R::Pairs => ("組数", "Pairs"),
                    R::BothDone => ("両回 実施", "Done both times"),
                    R::Gained => ("未実施→実施", "Not done → done"),
                    R::Lost => ("実施→未実施", "Done → not done"),
                    R::Neither => ("両回 未実施", "Not done both times"),
                    R::McNemar => ("McNemar χ²", "McNemar χ²"),
                    R::P => ("p", "p"),
                    R::ExactP => ("正確 p (二項)", "Exact p (binomial)"),
                    R::PHolm => ("Holm 調整 p", "Holm p"),
                    R::Score => ("実施率", "Done %"),
                    R::Total => ("全体", "Total"),
                    R::MedianChange => ("変化の中央値 (ポイント)", "Median change (points)"),
                    R::V => ("V", "V"),
                };
                m.pick(ja.into(), en.into())
            }
            C::RoundsRead { column, rounds, order, paired, who } => {
                let (ja_order, en_order) = match order {
                    RoundOrder::Dates => ("日付順", "by date"),
                    RoundOrder::Numbers => ("番号順", "by number"),
                    RoundOrder::AsWritten => ("ファイルに現れた順 (日付でも番号でもない値があるため)", "as the file first names them (some are neither dates nor numbers)"),
                };
                let shown = |sep: &str| {
                    if rounds.len() > 8 {
                        format!("{}{sep}…{sep}{}", rounds[..3].join(sep), rounds[rounds.len() - 1])
                    } else {
                        rounds.join(sep)
                    }
                };
                m.pick(
                    format!(
                        "列「{column}」の {} 回 ({}; {ja_order})。2 回以上チェックした {paired} {}について、各{}の前回と最新回を比べた。大項目・項目ごとの実施率と群の比較は各{}の最新回による",
                        rounds.len(), shown("、"), who.words().0, who.words().0, who.words().0
                    ),
                    format!(
                        "{} rounds in column '{column}' ({}; ordered {en_order}). For the {paired} {} checked at least twice, each one's latest check is compared with its previous one. Rates by section and item, and the group comparisons, use each one's latest check",
                        rounds.len(), shown(", "), who.words().1
                    ),
                )
            }
            C::CheckedOnce(councils, who) => m.pick(
                format!("1 回だけチェックした{} ({}): 変化は示さない", who.words().0, councils.join("、")),
                format!("Checked once ({}): no change shown for these {}", councils.join(", "), who.words().1),
            ),
            C::RoundsHeading(who) => m.pick(
                format!("前回からの変化 ({}ごと)", who.words().0),
                format!("Change since the previous check (by {})", who.words().2.to_lowercase()),
            ),
            C::RoundsSheet => m.pick("前回からの変化".into(), "Change".into()),
            C::PairedHeading => m.pick(
                "前回と最新回の比較 (対応のある検定)".into(),
                "Previous and latest checks compared (paired tests)".into(),
            ),
            C::PairedSheet => m.pick("対応のある検定".into(), "Paired tests".into()),
            C::PairedScoresHeading => m.pick(
                "実施率の変化: Wilcoxon 符号付順位検定 (大項目は Holm 調整)".into(),
                "Change of done %: Wilcoxon signed-rank test (sections Holm-adjusted)".into(),
            ),
            C::PairedItemsHeading => m.pick(
                "項目ごとの変化: McNemar 検定 (連続性補正) と正確二項検定 (Holm 調整は正確 p に)".into(),
                "Change by item: McNemar's test (continuity correction) and the exact binomial test (Holm on the exact p)".into(),
            ),
            C::ProgressChart(who) => m.pick(
                format!("{}ごとの実施率の推移", who.words().0),
                format!("Done % at each check, by {}", who.words().2.to_lowercase()),
            ),
            C::NthCheck(k) => m.pick(format!("{k} 回目"), match k {
                1 => "1st check".into(),
                2 => "2nd check".into(),
                3 => "3rd check".into(),
                _ => format!("{k}th check"),
            }),
            C::ProfileChart { council } => m.pick(format!("{council}: 大項目ごとの実施率"), format!("{council}: done % by section")),
            C::ScaleTitle => m.pick("尺度の信頼性".into(), "Scale reliability".into()),
            C::SubItems { derived, unused } => {
                let mut ja = Vec::new();
                let mut en = Vec::new();
                if !derived.is_empty() {
                    ja.push(format!("小項目の列から採点した項目: {} (小項目がすべて実施なら実施、一つでも未実施なら未実施、ほかは無回答)", derived.join("、")));
                    en.push(format!("items scored from their sub-items' columns: {} (done when every sub-item is, not done when any is not, else unanswered)", derived.join(", ")));
                }
                if !unused.is_empty() {
                    ja.push(format!("項目そのものの列があるので採点に使わなかった小項目の列: {}", unused.join("、")));
                    en.push(format!("sub-item columns not used for scoring, the item's own column being there: {}", unused.join(", ")));
                }
                m.pick(ja.join("。"), en.join("; "))
            }
            C::NextSteps { council } => m.pick(
                format!("{council}: 次の取組 (未実施の項目と対応策例。着手時期を記入する)"),
                format!("{council}: next steps (items not done, with example measures; fill in when to start)"),
            ),
            C::MeasureNotTranscribed => m.pick(
                "(原典のこの部分は未転記)".into(),
                "(not transcribed from the source)".into(),
            ),
            C::TextNotTranscribed => m.pick(
                "(項目の文は未転記)".into(),
                "(the item's text is not transcribed)".into(),
            ),
            C::AgainstTheOthers { items, alpha_negative } => {
                let list = |sep: &str| {
                    items
                        .iter()
                        .map(|(n, r)| format!("{n} ({r:.3})"))
                        .collect::<Vec<_>>()
                        .join(sep)
                };
                let names = items.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(",");
                let (ja_alpha, en_alpha) = if *alpha_negative {
                    ("α が負なので、このままでは信頼性の値として読めない。", "α is negative and cannot be read as a reliability as it stands; ")
                } else {
                    ("", "")
                };
                m.pick(
                    format!("注意: {ja_alpha}ほかの項目と逆に動く項目 (項目-残余相関が負): {}。逆向きに尋ねた項目なら --reverse {names} で逆転する", list("、")),
                    format!("caution: {en_alpha}items running against the others (negative item–rest correlation): {}; if they were asked the other way round, reverse them with --reverse {names}", list(", ")),
                )
            }
            C::ScoresRead { source, items, rows, low, high } => m.pick(
                format!("{source}: {items} 項目、{rows} 行 (点数 {low}–{high}、空欄 = 無回答)"),
                format!("{source}: {items} items, {rows} rows (scores {low}–{high}, a blank cell = no answer)"),
            ),
            C::ItemsRead { source, items, rows, form: f } => m.pick(
                format!("{source}: {items} 項目、{rows} 行 ({})", form(*f, m)),
                format!("{source}: {items} items, {rows} rows ({})", form(*f, m)),
            ),
            C::MissingRule(Missing::Listwise) => m.pick(
                "欠損: リストワイズ削除 (無回答のある行を除く)".into(),
                "Missing answers: listwise deletion (rows with any missing answer left out)".into(),
            ),
            C::MissingRule(Missing::Pairwise) => m.pick(
                "欠損: ペアワイズ (共分散ごとに両方の回答がある行)".into(),
                "Missing answers: pairwise (each covariance from the rows answering both)".into(),
            ),
            C::NotComputable(r) => match r {
                NotComputable::TooFewItems { items } => m.pick(format!("計算できない: 項目が {items} (2 以上必要)"), format!("not computable: {items} item(s); at least 2 needed")),
                NotComputable::TooFewRespondents { respondents } => m.pick(
                    format!("計算できない: 欠損のない回答者が {respondents} (2 以上必要)"),
                    format!("not computable: {respondents} complete respondent(s); at least 2 needed"),
                ),
                NotComputable::ZeroVariance { items } => m.pick(
                    format!("計算できない: 全員が同じ回答の項目がある (列 {:?}): α は定義されない。その項目を除く", items.iter().map(|i| i + 1).collect::<Vec<_>>()),
                    format!("not computable: items everyone answered alike (columns {:?}): α is undefined; leave them out", items.iter().map(|i| i + 1).collect::<Vec<_>>()),
                ),
            },
            C::Alpha { alpha, standardized, lower, upper, level, kr20 } => {
                let name = if *kr20 { "Cronbach α (KR-20)" } else { "Cronbach α" };
                m.pick(
                    format!("{name} = {alpha:.4} (Feldt {:.0}% 区間 {lower:.4}–{upper:.4})、標準化 α = {standardized:.4}", level * 100.0),
                    format!("{name} = {alpha:.4} (Feldt {:.0}% interval {lower:.4}–{upper:.4}), standardized α = {standardized:.4}", level * 100.0),
                )
            }
            C::Omega { omega: Some(w) } => m.pick(
                format!("McDonald ω (total) = {w:.4} (1 因子、最小残差法)"),
                format!("McDonald's ω (total) = {w:.4} (one factor, minimum residuals)"),
            ),
            C::Omega { omega: None } => m.pick("McDonald ω: 因子モデルが収束しない".into(), "McDonald's ω: the factor model did not converge".into()),
            C::Respondents { n, dropped, k } => m.pick(
                format!("{k} 項目、回答者 {n}{}", if *dropped > 0 { format!(" (無回答のある {dropped} 行を除いた)") } else { String::new() }),
                format!("{k} items, {n} respondents{}", if *dropped > 0 { format!(" ({dropped} rows with a missing answer left out)") } else { String::new() }),
            ),
            C::FewItems { k } => m.pick(
                format!("注意: 項目が {k} しかない。α と ω は 3 項目未満ではほとんど意味を持たない"),
                format!("Note: only {k} item(s); α and ω say little with fewer than 3 items"),
            ),
            C::ScaleColumn(c) => {
                let (ja, en) = match c {
                    ScaleColumn::Item => ("項目", "Item"),
                    ScaleColumn::Mean => ("平均", "Mean"),
                    ScaleColumn::Sd => ("SD", "SD"),
                    ScaleColumn::Floor => ("床%", "Floor %"),
                    ScaleColumn::Ceiling => ("天井%", "Ceiling %"),
                    ScaleColumn::ItemRest => ("項目-残余相関", "Item–rest r"),
                    ScaleColumn::AlphaIfDeleted => ("削除時 α", "α if deleted"),
                    ScaleColumn::Scale => ("尺度", "Scale"),
                    ScaleColumn::Communality => ("共通性", "Communality"),
                    ScaleColumn::VarianceExplained => ("寄与率%", "Variance explained %"),
                    ScaleColumn::Pairs => ("n", "n"),
                    ScaleColumn::Agreement => ("一致率%", "Agreement %"),
                    ScaleColumn::Kappa => ("κ", "κ"),
                    ScaleColumn::Lower => ("下限", "Lower"),
                    ScaleColumn::Upper => ("上限", "Upper"),
                    ScaleColumn::Icc => ("ICC(A,1)", "ICC(A,1)"),
                    ScaleColumn::IccConsistency => ("ICC(C,1) (参考)", "ICC(C,1) (for reference)"),
                    ScaleColumn::Position => ("番号", "No."),
                    ScaleColumn::ComponentObserved => ("主成分 固有値", "Component eigenvalue"),
                    ScaleColumn::ComponentRandom => ("主成分 乱数95%", "Component random 95%"),
                    ScaleColumn::FactorObserved => ("因子 固有値", "Factor eigenvalue"),
                    ScaleColumn::FactorRandom => ("因子 乱数95%", "Factor random 95%"),
                };
                m.pick(ja.into(), en.into())
            }
        }
    }
}

/// A correlation's name in Japanese (after 「の」, 相関 included) and English.
fn correlation_names(c: crate::stats::polychoric::Correlation) -> (&'static str, &'static str) {
    use crate::stats::polychoric::Correlation as K;
    match c {
        K::Pearson => (" Pearson 相関", "Pearson"),
        K::Tetrachoric => ("四分相関 (tetrachoric)", "tetrachoric"),
        K::Polychoric => ("多分相関 (polychoric)", "polychoric"),
    }
}
