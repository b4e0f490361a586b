//! The message catalogue: every sentence renkei writes, in Japanese and
//! English side by side.
//!
//! A plain typed catalogue rather than an i18n crate (Fluent, gettext): a
//! message is an enum variant with typed arguments, so a missing
//! translation, a wrong argument or an unused id is a compile error, not a
//! runtime fallback; nothing has to be shipped beside the binary; and
//! numbers are formatted here, once, in the way the slides print them.
//! Two languages do not need plural rules or lookup by string id.
//!
//! Builders (`renkei::analyses`) choose the message and its arguments; this
//! module only words them.

pub use renkei_data::messages::data_errors;
pub use renkei_data::messages::errors;
mod numbers;
mod parts;

use parts::{candidate, join_names, stat_line};

use super::Text;
use renkei_data::tabulate::crosstab::ExclusionReason;
use renkei_stats::ChiSquareTest;
use renkei_text::{Lang, Name};

/// Resolves texts in one language; handed to every renderer.
/// Japanese by default, as every command is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Messages {
    pub lang: Lang,
}

impl Messages {
    pub fn new(lang: Lang) -> Self {
        Messages { lang }
    }

    /// A text in this language.
    pub fn text(&self, t: &Text) -> String {
        match t {
            Text::Msg(m) => m.words(*self),
            Text::Name(n) => n.get(self.lang).to_string(),
        }
    }

    /// A name in this language.
    pub fn name<'a>(&self, n: &'a Name) -> &'a str {
        n.get(self.lang)
    }

    /// The Japanese or the English wording, by this catalogue's language.
    pub fn pick(&self, ja: String, en: String) -> String {
        self.lang.pick(ja, en)
    }
}

pub use numbers::{
    format_change, format_figure, format_fixed, format_p, format_p_data, format_p_slide,
    format_year,
};

/// The statistics reported as "name = X, df = k, p = …".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Statistic {
    LikelihoodRatio,
    Yates,
    LinearByLinear,
}

/// Which p a table reports, and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PSourceName {
    Pearson,
    Exact,
    MonteCarlo,
}

impl From<renkei_stats::PSource> for PSourceName {
    fn from(s: renkei_stats::PSource) -> Self {
        match s {
            renkei_stats::PSource::Pearson => PSourceName::Pearson,
            renkei_stats::PSource::Exact => PSourceName::Exact,
            renkei_stats::PSource::MonteCarlo => PSourceName::MonteCarlo,
        }
    }
}

/// How a pair of columns was compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairTestName {
    Exact,
    Pearson,
    NoneOneRow,
}

/// Why the exact test cannot take a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsupportedName {
    ShortSide { max: usize },
    Margin { max: u64 },
    Total { max: u64 },
}

/// The printed value a reproduction check is about.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckItem {
    Labels,
    Count { row: Name, column: Name },
    ColumnTotal { column: Name, printed_cells: u64 },
    RowTotal { row: Name, printed_cells: u64 },
    GrandTotal,
    Percent { row: Name, column: Name },
    RowTotalPercent { row: Name },
    ColumnTotalPercent { column: Name },
    P { test: String },
    StaleMisprint { field: String, index: Vec<usize> },
}

/// What an audit check is about.
#[derive(Debug, Clone, PartialEq)]
pub enum AuditCheck {
    ColumnTotal(Name),
    RowTotal(Name),
    GrandTotal,
    Percent { row: Name, column: Name },
    RowTotalPercent(Name),
    ColumnTotalPercent(Name),
    Combined(String),
    EmptyCategory(Name),
    PValue,
    Decision { alpha: f64 },
    Cochran,
}

/// A way of computing the p of a printed table.
#[derive(Debug, Clone, PartialEq)]
pub enum Candidate {
    PearsonNoCorrection,
    PearsonFullDf { df: u64 },
    Yates,
    LikelihoodRatio,
    Exact,
}

/// Column headings of the unit list (`classify`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitColumn {
    UnitId,
    Line,
    Class,
    ClassGroup,
    Code,
    ShareSecondaryTertiary,
    ShareTertiary,
    IndustryScheme,
    IndustryCode,
    IndustryType,
    IndustrySource,
    RuijiType,
}

/// Every sentence and heading renkei writes.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    // ---- tables
    /// The 合計 row and column.
    Total,
    /// A table given as counts: "4×3 表 (n = 27)".
    CountsTitle {
        rows: usize,
        columns: usize,
        n: u64,
    },
    /// "question × grouping".
    CrossTitle {
        question: Name,
        grouping: Name,
    },
    /// A sheet name for a section without a short name.
    SheetName {
        index: usize,
    },
    /// A table's title with its number, as a report of many tables numbers
    /// them (表3 …): the same number names its sheet and its chart.
    Numbered {
        index: usize,
        title: Text,
    },
    /// The heading of a report of several tables with no title of its own.
    DefaultHeading,
    /// The title of a deck's last slide (the report's closing lines).
    ClosingHeading,
    /// The workbook sheet that holds the charts.
    ChartsSheet,

    // ---- tests of independence
    NotTestable,
    ChiHeadline {
        p: f64,
    },
    Pearson(ChiSquareTest),
    Statistic(Statistic, ChiSquareTest),
    ExactDone {
        p: f64,
    },
    ExactTimeLimit {
        seconds: f64,
    },
    ExactMemoryLimit {
        mib: usize,
    },
    ExactUnsupported(UnsupportedName),
    MonteCarlo {
        fallback: bool,
        time_limited: bool,
        replicates: u64,
        seed: u64,
        p: f64,
        se: f64,
        p_exact: f64,
        se_exact: f64,
    },
    CramersV {
        v: f64,
        corrected: f64,
        confidence: f64,
        lower: f64,
        upper: f64,
    },
    Expected {
        min: f64,
        below_5: usize,
        cells: usize,
        share_below_5: f64,
        below_1: usize,
    },
    RecommendExact {
        p: f64,
    },
    RecommendMonteCarlo {
        p: f64,
        se: f64,
    },
    RecommendRunExact,
    RecommendCombine,
    DroppedRows(Vec<Name>),
    DroppedColumns(Vec<Name>),
    Counted {
        counted: u64,
        read: usize,
        outside: usize,
        excluded: usize,
    },
    BlankLines(Vec<usize>),
    /// A column grouping without levels: its columns are the values found.
    LevelsFromData,
    // ---- strata
    StratumTitle {
        table: Box<Text>,
        stratum: Name,
    },
    CmhHeading {
        strata: Name,
    },
    Cmh {
        statistic: f64,
        df: f64,
        p: f64,
        strata: usize,
    },
    CmhNotComputable,
    UnknownAnswer {
        line: usize,
        column: String,
        value: String,
    },
    OutsideStrata {
        units: usize,
    },
    Excluded {
        reason: ExclusionReason,
        count: usize,
        ids: Vec<String>,
        more: bool,
    },
    ResidualsHeading,
    PairwiseHeading,
    PairHeader,
    TestHeader,
    HolmHeader,
    Pair(Name, Name),
    PairTest(PairTestName),
    // chart
    GroupWithN {
        group: Name,
        n: u64,
    },
    ExactShort {
        p: f64,
    },
    MonteCarloShort {
        p: f64,
    },
    SmallExpected {
        below_5: usize,
        cells: usize,
    },

    // ---- reproduce
    SurveyRead {
        survey: String,
        returns: String,
        units: usize,
        encoding: String,
    },
    VerdictReproduced {
        checked: usize,
        misprints: usize,
    },
    VerdictMismatch {
        mismatches: usize,
        checked: usize,
        misprints: usize,
    },
    Source(Name),
    KnownMisprint {
        item: CheckItem,
        printed: String,
        reproduced: Text,
        note: Name,
    },
    Conventions {
        count: usize,
        note: Text,
    },
    Mismatch {
        item: CheckItem,
        printed: String,
        reproduced: Text,
        note: Option<Text>,
    },
    TablesReproduced {
        reproduced: usize,
        tables: usize,
    },
    CheckItem(CheckItem),
    ConventionEmptyGroupZero,
    ListedButAgrees(Name),
    PrintedNotANumber,
    PercentOfEmptyGroup,
    LabelsDiffer,
    CannotCompare,
    MisprintNotFound(Name),
    UndefinedBaseZero,
    NotComputable,

    // ---- report (a whole survey)
    SummaryHeading,
    SummarySheet,
    SummaryTable,
    PFrom,
    PSource(PSourceName),
    AdjustedAcross {
        tables: usize,
        holm: f64,
        bh: f64,
    },
    ReportFooter,
    ReportWritten {
        tables: usize,
        html: String,
        workbook: String,
        deck: String,
    },

    // ---- audit
    AuditHeading {
        title: Name,
        file: String,
    },
    AuditLine {
        ok: bool,
        check: AuditCheck,
        printed: Option<String>,
        recomputed: Option<Text>,
        note: Text,
    },
    AuditSummary {
        ok: usize,
        findings: usize,
    },
    AuditTotal {
        findings: usize,
        tables: usize,
    },
    AuditCheck(AuditCheck),
    EqualsCellSum,
    CellsSumTo {
        sum: u64,
        hint: Option<Box<Msg>>,
    },
    PercentsOnCells {
        cells: u64,
    },
    PercentsOnPrinted {
        printed: u64,
    },
    NoUnits,
    EmptyCategoryNote,
    NotANumber,
    EmptyGroupPrintedZero,
    Fraction {
        count: u64,
        base: u64,
    },
    DoesNotRound {
        count: u64,
        base: u64,
    },
    OnPrintedTotal {
        printed: u64,
        cells: u64,
    },
    Grim {
        base: u64,
        printed: String,
    },
    SumOfRoundedRows {
        count: u64,
        base: u64,
        value: String,
    },
    PUnreadable,
    PReproducedBy {
        by: Vec<Candidate>,
        after_dropping: bool,
    },
    PNotReproduced {
        lower: f64,
        upper: f64,
        candidates: Vec<(Candidate, f64)>,
    },
    Candidates(Vec<(Candidate, f64)>),
    ExactP {
        p: f64,
    },
    DecisionAgrees {
        significant: bool,
        alpha: f64,
    },
    DecisionDiffers {
        printed_significant: bool,
        exact_significant: bool,
        alpha: f64,
    },
    DecisionCochranHolds {
        exact: f64,
        alpha: f64,
    },
    ExpectedBrief {
        min: f64,
        below_5: usize,
        cells: usize,
        below_1: usize,
    },
    ChiApproximationAdequate,
    ReportExactInstead {
        exact: Option<f64>,
    },

    // ---- progress on a terminal
    ProgressMonteCarlo {
        drawn: u64,
    },
    ProgressExact {
        stage: usize,
        stages: usize,
        open_nodes: usize,
    },
    ProgressComputing,

    /// renkei panicked: a bug.
    Panicked,
    /// Ctrl-C or SIGTERM came while finished outputs were renamed into
    /// place: they were written whole, and the run ends as interrupted.
    InterruptedAfterWriting,
    /// What `ratio --pack` wrote.
    PackWritten {
        packs: usize,
        index: String,
    },
    /// A definition gives labels in one language only, and the output is in
    /// the other: they are shown as given.
    OneLanguageLabels {
        example: String,
    },

    /// A message of one analysis, worded by that analysis's own catalogue
    /// (`analyses/<name>/messages.rs`).
    Analysis(AnalysisMsg),

    // ---- classify
    UnitColumn(UnitColumn),
    UnitsRead {
        units: usize,
        returns: String,
        encoding: String,
    },
}

/// The wording of one analysis's messages: its own enum of messages, each
/// worded in Japanese and English side by side, as this catalogue does.
pub trait Wording: std::fmt::Debug + Send + Sync {
    /// The message in `m`'s language.
    fn words(&self, m: Messages) -> String;
}

/// A message of an analysis's catalogue, carried by [`Msg::Analysis`].
#[derive(Debug, Clone)]
pub struct AnalysisMsg(std::sync::Arc<dyn Wording>);

impl PartialEq for AnalysisMsg {
    /// Two messages are the same when they say the same in both languages.
    fn eq(&self, other: &Self) -> bool {
        [Lang::Ja, Lang::En]
            .into_iter()
            .all(|l| self.0.words(Messages::new(l)) == other.0.words(Messages::new(l)))
    }
}

impl Msg {
    /// A message of an analysis's own catalogue.
    pub fn analysis(w: impl Wording + 'static) -> Msg {
        Msg::Analysis(AnalysisMsg(std::sync::Arc::new(w)))
    }

    /// The message in `m`'s language.
    pub fn words(&self, m: Messages) -> String {
        let ja = m.lang == Lang::Ja;
        let t = |x: &Text| m.text(x);
        let n = |x: &Name| m.name(x).to_string();
        match self {
            Msg::Total => m.pick("合計".into(), "Total".into()),
            Msg::CountsTitle { rows, columns, n } => m.pick(
                format!("{rows}×{columns} 表 (n = {n})"),
                format!("{rows}×{columns} table (n = {n})"),
            ),
            Msg::CrossTitle { question, grouping } => format!("{} × {}", n(question), n(grouping)),
            Msg::SheetName { index } => m.pick(format!("表{index}"), format!("Table {index}")),
            Msg::Numbered { index, title } => m.pick(
                format!("表{index} {}", m.text(title)),
                format!("Table {index}: {}", m.text(title)),
            ),
            Msg::DefaultHeading => m.pick("renkei 集計報告".into(), "renkei report".into()),
            Msg::ClosingHeading => m.pick("まとめ".into(), "Summary".into()),
            Msg::ChartsSheet => m.pick("グラフ".into(), "Charts".into()),

            Msg::NotTestable => m.pick(
                "χ² 検定: 実施できない (空でない行または列が2つ未満)".into(),
                "χ² test: not computable (fewer than two non-empty rows or columns)".into(),
            ),
            Msg::ChiHeadline { p } => m.pick(
                format!("χ² 検定: p={}", format_p_slide(*p)),
                format!("χ² test: p={}", format_p_slide(*p)),
            ),
            Msg::Pearson(x) => m.pick(
                format!("{} (連続性補正なし)", stat_line("Pearson X²", x, m)),
                format!("{} (no continuity correction)", stat_line("Pearson X²", x, m)),
            ),
            Msg::Statistic(s, x) => {
                let name = match s {
                    Statistic::LikelihoodRatio => m.pick("尤度比 G²".into(), "Likelihood ratio G²".into()),
                    Statistic::Yates => m.pick("Yates 補正 X²".into(), "Yates-corrected X²".into()),
                    Statistic::LinearByLinear => m.pick("線形連関 M²".into(), "Linear-by-linear M²".into()),
                };
                stat_line(&name, x, m)
            }
            Msg::ExactDone { p } => m.pick(
                format!("Fisher–Freeman–Halton 正確検定: p = {}", format_p(*p)),
                format!("Fisher–Freeman–Halton exact test: p = {}", format_p(*p)),
            ),
            Msg::ExactTimeLimit { seconds } => m.pick(
                format!("正確検定: 制限時間 {seconds:.1} s で打ち切り。下の Monte Carlo 推定で代える"),
                format!("Exact test: stopped at the time limit of {seconds:.1} s; the Monte Carlo estimate below stands in"),
            ),
            Msg::ExactMemoryLimit { mib } => m.pick(
                format!("正確検定: メモリ上限 {mib} MiB で打ち切り。下の Monte Carlo 推定で代える"),
                format!("Exact test: stopped at the memory limit of {mib} MiB; the Monte Carlo estimate below stands in"),
            ),
            Msg::ExactUnsupported(reason) => {
                let why = match reason {
                    UnsupportedName::ShortSide { max } => m.pick(
                        format!("短い辺のカテゴリが {max} を超える表は扱えない"),
                        format!("the exact test handles tables whose shorter side has at most {max} categories"),
                    ),
                    UnsupportedName::Margin { max } => m.pick(
                        format!("周辺度数が {max} を超える表は扱えない"),
                        format!("the exact test handles margins up to {max}"),
                    ),
                    UnsupportedName::Total { max } => m.pick(
                        format!("合計が {max} を超える表は正確検定も Monte Carlo 検定も扱えない"),
                        format!("neither the exact nor the Monte Carlo test takes a table total over {max}"),
                    ),
                };
                match reason {
                    UnsupportedName::Total { .. } => {
                        m.pick(format!("正確検定は実施できない: {why}"), format!("Exact test not run: {why}"))
                    }
                    _ => m.pick(
                        format!("正確検定は実施できない: {why}。下の Monte Carlo 推定で代える"),
                        format!("Exact test not run: {why}; the Monte Carlo estimate below stands in"),
                    ),
                }
            }
            Msg::MonteCarlo { fallback, time_limited, replicates, seed, p, se, p_exact, se_exact } => m.pick(
                format!(
                    "Monte Carlo{}{} (B = {replicates}, 乱数シード {seed}): p(X²) = {} ± {se:.4}, p(正確検定の順序) = {} ± {se_exact:.4}",
                    if *fallback { " [正確検定の代わり]" } else { "" },
                    if *time_limited { " [制限時間で打ち切り]" } else { "" },
                    format_p(*p),
                    format_p(*p_exact)
                ),
                format!(
                    "Monte Carlo{}{} (B = {replicates}, seed {seed}): p(X²) = {} ± {se:.4}, p(exact ordering) = {} ± {se_exact:.4}",
                    if *fallback { " [instead of the exact test]" } else { "" },
                    if *time_limited { " [stopped at the time limit]" } else { "" },
                    format_p(*p),
                    format_p(*p_exact)
                ),
            ),
            Msg::CramersV { v, corrected, confidence, lower, upper } => m.pick(
                format!("Cramér の V = {v:.3} (バイアス補正 {corrected:.3}), {:.0}% 信頼区間 {lower:.3}–{upper:.3}", 100.0 * confidence),
                format!("Cramér's V = {v:.3} (bias-corrected {corrected:.3}), {:.0}% CI {lower:.3}–{upper:.3}", 100.0 * confidence),
            ),
            Msg::Expected { min, below_5, cells, share_below_5, below_1 } => m.pick(
                format!("期待度数: 最小 {min:.3}; 5未満 {below_5}/{cells} ({:.0}%); 1未満 {below_1}", 100.0 * share_below_5),
                format!("Expected counts: min {min:.3}; below 5: {below_5}/{cells} ({:.0}%); below 1: {below_1}", 100.0 * share_below_5),
            ),
            Msg::RecommendExact { p } => m.pick(
                format!("→ 期待度数が小さく、χ² 近似の p は信頼できない。正確検定の p = {} を報告すること", format_p_slide(*p)),
                format!("→ Expected counts are small: the asymptotic p is unreliable here; exact p = {}", format_p_slide(*p)),
            ),
            Msg::RecommendMonteCarlo { p, se } => m.pick(
                format!("→ 期待度数が小さく、χ² 近似の p は信頼できない。Monte Carlo による正確 p の推定 = {} (±{se:.4})", format_p_slide(*p)),
                format!("→ Expected counts are small: the asymptotic p is unreliable here; Monte Carlo estimate of the exact p = {} (±{se:.4})", format_p_slide(*p)),
            ),
            Msg::RecommendRunExact => m.pick(
                "→ 期待度数が小さく、χ² 近似の p は信頼できない。--exact で正確検定を実行すること".into(),
                "→ Expected counts are small: the asymptotic p is unreliable here; run with --exact".into(),
            ),
            Msg::RecommendCombine => m.pick(
                "→ 期待度数が小さく、χ² 近似の p は信頼できない。この表は正確検定には大きすぎる: 度数の小さい行・列をまとめることを検討する".into(),
                "→ Expected counts are small: the asymptotic p is unreliable here, and the table is too large for the exact test; consider combining the sparse rows or columns".into(),
            ),
            Msg::DroppedRows(names) => m.pick(
                format!("検定前に除いた空の行: {}", join_names(m, names)),
                format!("Empty rows dropped before the test: {}", join_names(m, names)),
            ),
            Msg::DroppedColumns(names) => m.pick(
                format!("検定前に除いた空の列: {}", join_names(m, names)),
                format!("Empty columns dropped before the test: {}", join_names(m, names)),
            ),
            Msg::Counted { counted, read, outside, excluded } => m.pick(
                format!("集計対象 {counted} 件 (読み込み {read} 件、この分類の対象外 {outside} 件、除外 {excluded} 件)"),
                format!("Counted {counted} units (read {read}, outside this grouping {outside}, excluded {excluded})"),
            ),
            Msg::BlankLines(lines) => {
                // The first ten, then how many: a stray cell far below the
                // data can leave a million blank rows between.
                let shown: Vec<String> = lines.iter().take(10).map(usize::to_string).collect();
                let more = match (lines.len() > 10, ja) {
                    (false, _) => String::new(),
                    (true, true) => format!(", … 全 {} 行", lines.len()),
                    (true, false) => format!(", … {} in all", lines.len()),
                };
                m.pick(
                    format!("空行 (読み飛ばした行番号): [{}{more}]", shown.join(", ")),
                    format!("blank rows skipped (lines): [{}{more}]", shown.join(", ")),
                )
            }
            Msg::StratumTitle { table, stratum } => format!("{} — {}", t(table), n(stratum)),
            Msg::CmhHeading { strata } => m.pick(
                format!("層 ({}) を調整した独立性の検定", n(strata)),
                format!("Test of independence within strata ({})", n(strata)),
            ),
            Msg::Cmh { statistic, df, p, strata } => m.pick(
                format!("一般化 Cochran–Mantel–Haenszel M² = {statistic:.4}, 自由度 = {df}, p = {} ({strata} 層)", format_p(*p)),
                format!("Generalized Cochran–Mantel–Haenszel M² = {statistic:.4}, df = {df}, p = {} ({strata} strata)", format_p(*p)),
            ),
            Msg::UnknownAnswer { line, column, value } => m.pick(
                format!("{line} 行目 列 '{column}': '{value}' は選択肢にない"),
                format!("line {line}, column '{column}': '{value}' is not a category"),
            ),
            Msg::CmhNotComputable => m.pick(
                "一般化 CMH 検定: 計算できない (2 人以上の層がない、または行か列が 1 つだけ)".into(),
                "Generalized CMH test: not computable (no stratum of two or more units, or a single row or column)".into(),
            ),
            Msg::OutsideStrata { units } => m.pick(
                format!("層に入らない団体 {units} (層の分類の対象外か、その値がない)"),
                format!("{units} units in no stratum (outside the strata grouping or without its value)"),
            ),
            Msg::LevelsFromData => m.pick(
                "列はグループの列にある値 (並べ替え済み)。順序と表示名は survey.json の levels で指定できる".into(),
                "the columns are the values found in the grouping column, sorted; give levels in survey.json to set their order and labels".into(),
            ),
            Msg::Excluded { reason, count, ids, more } => {
                let why = match reason {
                    ExclusionReason::NoAnswer => m.pick("無回答".into(), "no answer".into()),
                    ExclusionReason::NoIndustryType => {
                        m.pick("産業構造の情報なし".into(), "no industry shares or code".into())
                    }
                    ExclusionReason::IndustryCodeNotInGrouping { code } => m.pick(
                        format!("類型{code}は表の列にない"),
                        format!("industry code {code} is not a column of this table"),
                    ),
                    ExclusionReason::NoGroupingValue => m.pick("グループの値なし".into(), "no value in the grouping column".into()),
                    ExclusionReason::GroupingValueNotInLevels { value } => m.pick(
                        format!("'{value}' は表の列にない"),
                        format!("'{value}' is not a column of this table"),
                    ),
                    ExclusionReason::NoPopulation => m.pick("人口の情報なし".into(), "no population".into()),
                    ExclusionReason::WardHasNoType => m.pick(
                        "行政区 (類似団体の区分は市全体に付く)".into(),
                        "a ward of a designated city (the similar-municipality types cover the city as a whole)".into(),
                    ),
                    ExclusionReason::UnknownAnswer => m.pick(
                        "選択肢にない回答 (--unknown-as-missing)".into(),
                        "an answer that is no category (--unknown-as-missing)".into(),
                    ),
                };
                let more = if *more { ", …" } else { "" };
                let ids = ids.join(", ");
                m.pick(
                    format!("除外 {why}: {count} ({ids}){more}"),
                    format!("excluded {why}: {count} ({ids}){more}"),
                )
            }
            Msg::ResidualsHeading => m.pick(
                "調整済み標準化残差 (|r| > 1.96 *, > 2.58 **)".into(),
                "Adjusted standardized residuals (|r| > 1.96 *, > 2.58 **)".into(),
            ),
            Msg::PairwiseHeading => m.pick(
                "列の対ごとの比較 (行 × 2 列の正確検定、Holm 調整)".into(),
                "Pairwise comparison of columns (exact test of each rows × 2 sub-table, Holm-adjusted)".into(),
            ),
            Msg::PairHeader => m.pick("比較".into(), "Pair".into()),
            Msg::TestHeader => m.pick("検定".into(), "Test".into()),
            Msg::HolmHeader => m.pick("Holm 調整 p".into(), "Holm p".into()),
            Msg::Pair(a, b) => format!("{} vs {}", n(a), n(b)),
            Msg::PairTest(k) => match k {
                PairTestName::Exact => m.pick("正確検定".into(), "exact".into()),
                PairTestName::Pearson => m.pick("Pearson χ²".into(), "pearson".into()),
                PairTestName::NoneOneRow => m.pick("なし (1行のみ)".into(), "none (one row left)".into()),
            },
            Msg::GroupWithN { group, n: k } => format!("{} (n={k})", n(group)),
            Msg::ExactShort { p } => m.pick(
                format!("正確検定: p={}", format_p_slide(*p)),
                format!("exact test: p={}", format_p_slide(*p)),
            ),
            Msg::MonteCarloShort { p } => format!("Monte Carlo: p={}", format_p_slide(*p)),
            Msg::SmallExpected { below_5, cells } => m.pick(
                format!("期待度数5未満のセル {below_5}/{cells}"),
                format!("{below_5}/{cells} cells with expected count < 5"),
            ),

            Msg::SurveyRead { survey, returns, units, encoding } => m.pick(
                format!("調査 {survey} — 回答 {returns} ({units} 件, {encoding})"),
                format!("Survey {survey} — returns {returns} ({units} units, {encoding})"),
            ),
            Msg::VerdictReproduced { checked, misprints } => {
                let tail = match (*misprints, ja) {
                    (0, _) => String::new(),
                    (k, true) => format!("、既知の誤植 {k} 件"),
                    (k, false) => format!(", {k} known misprint(s)"),
                };
                m.pick(
                    format!("照合: 再現できた — 印刷値 {checked} 項目を照合{tail}"),
                    format!("Verdict: REPRODUCED — {checked} printed values checked{tail}"),
                )
            }
            Msg::VerdictMismatch { mismatches, checked, misprints } => {
                let tail = match (*misprints, ja) {
                    (0, _) => String::new(),
                    (k, true) => format!("、既知の誤植 {k} 件"),
                    (k, false) => format!(", {k} known misprint(s)"),
                };
                m.pick(
                    format!("照合: 不一致 {mismatches} 項目 (全 {checked} 項目){tail}"),
                    format!("Verdict: MISMATCH in {mismatches} of {checked} printed values{tail}"),
                )
            }
            Msg::Source(s) => m.pick(format!("出典: {}", n(s)), format!("Source: {}", n(s))),
            Msg::KnownMisprint { item, printed, reproduced, note } => {
                let item = Msg::CheckItem(item.clone()).words(m);
                m.pick(
                    format!("既知の誤植: {item}: 印刷 {printed}、再現 {} — {}", t(reproduced), n(note)),
                    format!("Known misprint: {item}: printed {printed}, reproduced {} — {}", t(reproduced), n(note)),
                )
            }
            Msg::Conventions { count, note } => m.pick(
                format!("表記の慣例 {count} 件: {}", t(note)),
                format!("Printing convention ({count} values): {}", t(note)),
            ),
            Msg::Mismatch { item, printed, reproduced, note } => {
                let item = Msg::CheckItem(item.clone()).words(m);
                let note = note.as_ref().map_or(String::new(), |x| format!(" — {}", t(x)));
                m.pick(
                    format!("不一致: {item}: 印刷 {printed}、再現 {}{note}", t(reproduced)),
                    format!("MISMATCH: {item}: printed {printed}, reproduced {}{note}", t(reproduced)),
                )
            }
            Msg::TablesReproduced { reproduced, tables } => m.pick(
                format!("{reproduced}/{tables} 表を再現"),
                format!("{reproduced}/{tables} tables reproduced"),
            ),
            Msg::CheckItem(item) => match item {
                CheckItem::Labels => m.pick("行・列のラベル".into(), "labels".into()),
                CheckItem::Count { row, column } => format!("n[{}, {}]", n(row), n(column)),
                CheckItem::ColumnTotal { column, printed_cells } => m.pick(
                    format!("合計 n[{}] (印刷されたセルの和 {printed_cells})", n(column)),
                    format!("total n[{}] (printed cells sum to {printed_cells})", n(column)),
                ),
                CheckItem::RowTotal { row, printed_cells } => m.pick(
                    format!("合計 n[{}] (印刷されたセルの和 {printed_cells})", n(row)),
                    format!("total n[{}] (printed cells sum to {printed_cells})", n(row)),
                ),
                CheckItem::GrandTotal => m.pick("総計 n".into(), "grand total n".into()),
                CheckItem::Percent { row, column } => format!("%[{}, {}]", n(row), n(column)),
                CheckItem::RowTotalPercent { row } => {
                    m.pick(format!("合計 %[{}]", n(row)), format!("total %[{}]", n(row)))
                }
                CheckItem::ColumnTotalPercent { column } => {
                    m.pick(format!("合計 %[{}]", n(column)), format!("total %[{}]", n(column)))
                }
                CheckItem::P { test } => format!("p ({test})"),
                CheckItem::StaleMisprint { field, index } => m.pick(
                    format!("既知の誤植 {field}{index:?}"),
                    format!("known misprint {field}{index:?}"),
                ),
            },
            Msg::ConventionEmptyGroupZero => m.pick(
                "該当のない群の百分率を 0% と印刷している (百分率は定義されない)".into(),
                "printed as 0% for a group with no units; the percentage is undefined".into(),
            ),
            Msg::ListedButAgrees(note) => m.pick(
                format!("誤植として登録されているが ({})、印刷値は再現値と一致する", n(note)),
                format!("listed as a misprint ({}), but the printed value agrees with the reproduction", n(note)),
            ),
            Msg::PrintedNotANumber => m.pick("印刷値が数値でない".into(), "the printed value is not a number".into()),
            Msg::PercentOfEmptyGroup => m.pick(
                "該当のない群の百分率".into(),
                "a percentage of a group with no units".into(),
            ),
            Msg::LabelsDiffer => m.pick(
                "行または列が異なるため、セルは照合できない".into(),
                "the rows or columns differ; no cell can be compared".into(),
            ),
            Msg::CannotCompare => m.pick("照合できない".into(), "cannot compare".into()),
            Msg::MisprintNotFound(note) => m.pick(
                format!("登録された誤植が見つからない: {}", n(note)),
                format!("listed misprint not found: {}", n(note)),
            ),
            Msg::UndefinedBaseZero => m.pick("定義されない (分母 0)".into(), "undefined (base 0)".into()),
            Msg::NotComputable => m.pick("計算できない".into(), "not computable".into()),

            Msg::SummaryHeading => m.pick(
                "表の一覧 (p 値の多重比較調整)".into(),
                "Tables (p-values adjusted across the report)".into(),
            ),
            Msg::SummarySheet => m.pick("一覧".into(), "Summary".into()),
            Msg::SummaryTable => m.pick("表".into(), "Table".into()),
            Msg::PFrom => m.pick("p の種類".into(), "p from".into()),
            Msg::PSource(s) => match s {
                PSourceName::Pearson => "Pearson χ²".into(),
                PSourceName::Exact => m.pick("正確検定".into(), "exact test".into()),
                PSourceName::MonteCarlo => m.pick("Monte Carlo 推定".into(), "Monte Carlo".into()),
            },
            Msg::AdjustedAcross { tables, holm, bh } => m.pick(
                format!("この報告の {tables} 表での調整: Holm p = {holm:.4}, Benjamini–Hochberg p = {bh:.4}"),
                format!("Adjusted across the {tables} tables of this report: Holm p = {holm:.4}, Benjamini–Hochberg p = {bh:.4}"),
            ),
            Msg::ReportFooter => m.pick(
                format!("renkei {} — Pearson χ² は連続性補正なし、空の行・列は検定前に除外", env!("CARGO_PKG_VERSION")),
                format!("renkei {} — Pearson χ² without continuity correction; empty rows and columns dropped before the tests", env!("CARGO_PKG_VERSION")),
            ),
            Msg::ReportWritten { tables, html, workbook, deck } => m.pick(
                format!("{tables} 表: {html}、{workbook}、{deck}"),
                format!("{tables} tables: {html}, {workbook} and {deck}"),
            ),

            Msg::AuditHeading { title, file } => format!("{}  [{file}]", n(title)),
            Msg::AuditLine { ok, check, printed, recomputed, note } => {
                let status = match (ok, ja) {
                    (true, true) => "OK  ",
                    (false, true) => "指摘",
                    (true, false) => "OK      ",
                    (false, false) => "FINDING ",
                };
                let mut s = format!("{status} {}", Msg::AuditCheck(check.clone()).words(m));
                if let Some(p) = printed {
                    s.push_str(&m.pick(format!(": 印刷 {p}"), format!(": printed {p}")));
                }
                if let Some(r) = recomputed {
                    let sep = match (printed.is_some(), ja) {
                        (true, true) => "、",
                        (true, false) => ", ",
                        (false, _) => ": ",
                    };
                    s.push_str(&m.pick(
                        format!("{sep}再計算 {}", t(r)),
                        format!("{sep}recomputed {}", t(r)),
                    ));
                }
                format!("{s} — {}", t(note))
            }
            Msg::AuditSummary { ok, findings } => m.pick(
                format!("確認 {ok} 件は問題なし、指摘 {findings} 件"),
                format!("{ok} checks OK, {findings} findings"),
            ),
            Msg::AuditTotal { findings, tables } => m.pick(
                format!("{tables} 表で指摘 {findings} 件"),
                format!("{findings} findings in {tables} tables"),
            ),
            Msg::AuditCheck(c) => match c {
                AuditCheck::ColumnTotal(x) => m.pick(format!("列合計 {}", n(x)), format!("column total {}", n(x))),
                AuditCheck::RowTotal(x) => m.pick(format!("行合計 {}", n(x)), format!("row total {}", n(x))),
                AuditCheck::GrandTotal => m.pick("総計".into(), "grand total".into()),
                AuditCheck::Percent { row, column } => format!("% {} / {}", n(row), n(column)),
                AuditCheck::RowTotalPercent(x) => m.pick(format!("% {} / 合計", n(x)), format!("% {} / total", n(x))),
                AuditCheck::ColumnTotalPercent(x) => m.pick(format!("% 合計 / {}", n(x)), format!("% total / {}", n(x))),
                AuditCheck::Combined(label) => m.pick(format!("複数行の % {label}"), format!("combined % {label}")),
                AuditCheck::EmptyCategory(x) => m.pick(format!("空のカテゴリ {}", n(x)), format!("empty category {}", n(x))),
                AuditCheck::PValue => m.pick("p 値".into(), "p-value".into()),
                AuditCheck::Decision { alpha } => m.pick(format!("α = {alpha} での判定"), format!("decision at α = {alpha}")),
                AuditCheck::Cochran => m.pick("期待度数 (Cochran の基準)".into(), "expected counts (Cochran's rule)".into()),
            },
            Msg::EqualsCellSum => m.pick("セルの和に等しい".into(), "equals the sum of its cells".into()),
            Msg::CellsSumTo { sum, hint } => {
                let hint = hint.as_ref().map_or(String::new(), |h| h.words(m));
                m.pick(
                    format!("印刷されたセルの和は {sum}{hint}"),
                    format!("the printed cells sum to {sum}{hint}"),
                )
            }
            Msg::PercentsOnCells { cells } => m.pick(
                format!("。この列の百分率はセルの和 {cells} を分母に計算されているので、印刷された合計が誤植"),
                format!("; its percentages are computed on {cells}, the sum of its cells, so the printed total is a misprint"),
            ),
            Msg::PercentsOnPrinted { printed } => m.pick(
                format!("。この列の百分率は印刷された {printed} を分母に計算されているので、セルの度数の誤植かもしれない"),
                format!("; its percentages are computed on the printed {printed}, so a cell count may be misprinted"),
            ),
            Msg::NoUnits => m.pick("0 件".into(), "0 units".into()),
            Msg::EmptyCategoryNote => m.pick(
                "該当のない行または列: 期待度数が 0 となり χ² は定義されない。以下の検定ではこれを除く".into(),
                "a row or column with no units: χ² is undefined with it (expected count 0); tests below drop it".into(),
            ),
            Msg::NotANumber => m.pick("数値でない".into(), "not a number".into()),
            Msg::EmptyGroupPrintedZero => m.pick(
                "該当のない群を 0% と印刷している。百分率は定義されない".into(),
                "a group with no units, printed as 0%; the percentage is undefined".into(),
            ),
            Msg::Fraction { count, base } => format!("{count}/{base}"),
            Msg::DoesNotRound { count, base } => m.pick(
                format!("{count}/{base} は印刷値に丸まらない"),
                format!("{count}/{base} does not round to the printed value"),
            ),
            Msg::OnPrintedTotal { printed, cells } => m.pick(
                format!("セルの和 {cells} ではなく、印刷された合計 {printed} を分母に計算されている"),
                format!("computed on the printed total {printed}, not on the sum of the cells {cells}"),
            ),
            Msg::Grim { base, printed } => m.pick(
                format!("{base} を分母とするどの整数も {printed}% にならない: この分母ではありえない百分率 (GRIM)"),
                format!("no whole number out of {base} gives {printed}%: the percentage is impossible on this base (GRIM)"),
            ),
            Msg::SumOfRoundedRows { count, base, value } => m.pick(
                format!("{count}/{base} は {value}。印刷値は各行の丸めた百分率の和"),
                format!("{count}/{base} gives {value}; the printed value is the sum of the rows' rounded percentages"),
            ),
            Msg::PUnreadable => m.pick(
                "印刷された p を数値として読めない".into(),
                "the printed p cannot be read as a number".into(),
            ),
            Msg::PReproducedBy { by, after_dropping } => {
                let names: Vec<String> = by.iter().map(|c| candidate(c, m)).collect();
                let names = names.join(", ");
                match (ja, after_dropping) {
                    (true, false) => format!("{names} で再現できる"),
                    (true, true) => format!("{names} で再現できる (空のカテゴリを除いた後)"),
                    (false, false) => format!("reproduced by {names}"),
                    (false, true) => format!("reproduced by {names} (after dropping the empty categories)"),
                }
            }
            Msg::PNotReproduced { lower, upper, candidates } => {
                let all = Msg::Candidates(candidates.clone()).words(m);
                m.pick(
                    format!("これらの度数から [{lower}, {upper}) の p を与える通常の検定はない: {all}"),
                    format!("no usual test gives a p in [{lower}, {upper}) from these counts: {all}"),
                )
            }
            Msg::Candidates(list) => list
                .iter()
                .map(|(c, p)| format!("{} {p:.4}", candidate(c, m)))
                .collect::<Vec<_>>()
                .join("; "),
            Msg::ExactP { p } => m.pick(format!("正確 p = {p:.4}"), format!("exact p = {p:.4}")),
            Msg::DecisionAgrees { significant, alpha } => m.pick(
                format!("印刷された p と正確 p の判定は一致: α = {alpha} で{}", if *significant { "有意" } else { "有意でない" }),
                format!("the printed and the exact p agree: {} at α = {alpha}", if *significant { "significant" } else { "not significant" }),
            ),
            Msg::DecisionDiffers { printed_significant, exact_significant, alpha } => {
                let sig = |s: bool| m.pick(
                    if s { "有意" } else { "有意でない" }.to_string(),
                    if s { "significant" } else { "not significant" }.to_string(),
                );
                m.pick(
                    format!("α = {alpha} で印刷された p は{}、正確 p は{}", sig(*printed_significant), sig(*exact_significant)),
                    format!("the printed p is {} at α = {alpha}, the exact p is {}", sig(*printed_significant), sig(*exact_significant)),
                )
            }
            Msg::DecisionCochranHolds { exact, alpha } => m.pick(
                format!("正確 p ({exact:.4}) は α = {alpha} で判定が異なるが、期待度数は印刷された漸近 p に十分な大きさで、正確検定は保守的"),
                format!("the exact p ({exact:.4}) decides otherwise at α = {alpha}, but the expected counts are large enough for the printed asymptotic p, and the exact test is conservative"),
            ),
            Msg::ExpectedBrief { min, below_5, cells, below_1 } => m.pick(
                format!("最小 {min:.3}; 5未満 {below_5}/{cells} セル; 1未満 {below_1}"),
                format!("min {min:.3}; {below_5}/{cells} cells below 5; {below_1} below 1"),
            ),
            Msg::ChiApproximationAdequate => m.pick(
                "χ² 近似は妥当".into(),
                "the χ² approximation is adequate".into(),
            ),
            Msg::ReportExactInstead { exact } => match exact {
                Some(e) => m.pick(
                    format!("漸近 p には頼れない。正確 p = {e:.4} を報告すること"),
                    format!("the asymptotic p should not be relied on; report the exact p = {e:.4}"),
                ),
                None => m.pick(
                    "漸近 p には頼れない。正確検定は 30 秒で終わらなかった (renkei test --monte-carlo を使う)".into(),
                    "the asymptotic p should not be relied on; the exact test could not run in 30 s (use renkei test --monte-carlo)".into(),
                ),
            },

            Msg::ProgressMonteCarlo { drawn } => m.pick(
                format!("Monte Carlo: {drawn} 表を生成 (Ctrl-C で中止)"),
                format!("Monte Carlo: {drawn} tables drawn (Ctrl-C stops)"),
            ),
            Msg::ProgressExact { stage, stages, open_nodes } => m.pick(
                format!("正確検定: 段階 {stage}/{stages}、未決のノード {open_nodes} (Ctrl-C で中止)"),
                format!("exact test: stage {stage}/{stages}, {open_nodes} open nodes (Ctrl-C stops)"),
            ),
            Msg::ProgressComputing => m.pick("計算中 (Ctrl-C で中止)".into(), "computing (Ctrl-C stops)".into()),

            Msg::PackWritten { packs, index } => m.pick(
                format!("{packs} 都道府県分のグラフ集を書いた: {index}"),
                format!("wrote the chart pack of {packs} prefecture(s): {index}"),
            ),
            Msg::OneLanguageLabels { example } => m.pick(
                format!("注: survey.json の見出しの一部は一つの言語だけで書かれている (例: 「{example}」)。書かれたとおりに表示する"),
                format!("note: survey.json gives some labels in one language only (e.g. '{example}'); they are shown as written"),
            ),
            Msg::InterruptedAfterWriting => m.pick(
                "中断の合図を受けたが、出力は書き終えていた (すべて揃っている)".into(),
                "interrupted after the outputs were written (they are complete)".into(),
            ),
            Msg::Panicked => m.pick(
                "内部エラー (renkei の不具合です。実行したコマンドを添えて報告してください)".into(),
                "internal error (please report it with the command that caused it)".into(),
            ),

            Msg::Analysis(x) => x.0.words(m),
            Msg::UnitColumn(c) => {
                let (j, e) = match c {
                    UnitColumn::UnitId => ("団体ID", "unit_id"),
                    UnitColumn::Line => ("行", "line"),
                    UnitColumn::Class => ("区分", "class"),
                    UnitColumn::ClassGroup => ("区分群", "class_group"),
                    UnitColumn::Code => ("団体コード", "code"),
                    UnitColumn::ShareSecondaryTertiary => ("Ⅱ次Ⅲ次%", "share_secondary_tertiary"),
                    UnitColumn::ShareTertiary => ("Ⅲ次%", "share_tertiary"),
                    UnitColumn::IndustryScheme => ("類型の体系", "industry_scheme"),
                    UnitColumn::IndustryCode => ("類型", "industry_code"),
                    UnitColumn::IndustryType => ("産業構造", "industry_type"),
                    UnitColumn::IndustrySource => ("類型の根拠", "industry_source"),
                    UnitColumn::RuijiType => ("類似団体区分", "ruiji_type"),
                };
                m.pick(j.into(), e.into())
            }
            Msg::UnitsRead { units, returns, encoding } => m.pick(
                format!("{returns} から {units} 件を読み込み ({encoding})"),
                format!("{units} units read from {returns} ({encoding})"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_words() {
        let m = Msg::TablesReproduced {
            reproduced: 3,
            tables: 3,
        };
        assert_eq!(m.words(Messages::new(Lang::Ja)), "3/3 表を再現");
        assert_eq!(m.words(Messages::new(Lang::En)), "3/3 tables reproduced");
    }
}
