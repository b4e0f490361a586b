//! The wording of plan-indicator evaluations (`renkei evaluate`).

use crate::analyses::evaluate::{Caution, Grade};
use crate::input::plan::{PlanVerdict, Revision};
use crate::report::messages::format_p;
use crate::report::messages::{Messages, Wording};

/// Why an indicator got its 健康日本21 grade.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reason {
    Met,
    TargetElsewhere,
    NoBaseline,
    NoCurrent,
    NoDirection,
    Significant { p: f64 },
    NotSignificant { p: f64, alpha: f64 },
    RelativeChange { relative: f64, min: f64 },
    SmallChange { relative: f64, min: f64 },
    SmallProgress { progress: f64, min: f64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvalColumn {
    Id,
    Item,
    Sub,
    Unit,
    Baseline,
    BaselineYear,
    Midterm,
    MidtermYear,
    MidtermHj21,
    MidtermDirection,
    Current,
    CurrentYear,
    Target,
    TargetYear,
    Revision,
    OriginalTarget,
    OriginalTargetYear,
    RevisedTarget,
    RevisedTargetYear,
    Domain,
    Items,
    Change,
    RelativeChange,
    P,
    LineValue,
    Hj21,
    DirectionRule,
    Plan,
    Reason,
    Subs,
    MeanScore,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EvalMsg {
    Title,
    Read {
        source: String,
        rows: usize,
    },
    ItemsHeading,
    ItemsSheet,
    CompositesHeading,
    CompositesSheet,
    TallySheet,
    TallyHeading {
        items: usize,
    },
    GradeHeader,
    GradeName(Grade),
    Column(EvalColumn),
    PlanWord(PlanVerdict),
    DirectionWord(Grade),
    Reason(Reason),
    RulesNote {
        alpha: f64,
        min_change: f64,
        min_progress: f64,
    },
    RulesDiffer {
        id: String,
        item: String,
        hj21: Grade,
        direction: Grade,
        /// Why the hj21 grade (an indicator's; none for a composite).
        reason: Option<Reason>,
    },
    PlanDiffers {
        id: String,
        item: String,
        plan: PlanVerdict,
        direction: Grade,
    },
    RulesDifferHeading,
    PlanDiffersHeading,
    ChartsHeading,
    ChartTitle {
        unit: String,
    },
    ChartAxis {
        unit: String,
    },
    ChartCaption {
        midterm: bool,
        hj21: bool,
    },
    TargetMark,
    PlanReproduced {
        agree: usize,
        stated: usize,
        file: String,
    },
    PlanSilent {
        ids: Vec<String>,
    },
    Overall,
    DomainTallyHeading {
        hj21: bool,
    },
    CautionHeading {
        caution: Caution,
        count: usize,
        min_change: f64,
    },
    RevisionWord(Revision),
    RevisedHeading,
    Revised {
        name: String,
        revision: Revision,
        from: String,
        to: String,
    },
    IgnoredColumns {
        columns: Vec<String>,
    },
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn plan_word(v: PlanVerdict, m: Messages) -> String {
    match v {
        PlanVerdict::Achieved => m.pick("達成".into(), "achieved".into()),
        PlanVerdict::Improved => m.pick("改善".into(), "improved".into()),
        PlanVerdict::Unchanged => m.pick("変わらない".into(), "unchanged".into()),
        PlanVerdict::Worsened => m.pick("悪化".into(), "worsened".into()),
    }
}

fn direction_word(g: Grade, m: Messages) -> String {
    match g {
        Grade::A => m.pick("達成".into(), "achieved".into()),
        Grade::B | Grade::BStar => m.pick("改善".into(), "improved".into()),
        Grade::C => m.pick("変わらない".into(), "unchanged".into()),
        Grade::D => m.pick("悪化".into(), "worsened".into()),
        Grade::E => m.pick("評価困難".into(), "not gradable".into()),
    }
}

fn reason(r: Reason, m: Messages) -> String {
    match r {
        Reason::Met => m.pick("目標値に達した".into(), "target met".into()),
        Reason::TargetElsewhere => m.pick(
            "目標値が未設定 (別計画で設定・検討中)".into(),
            "no target yet (set elsewhere or under discussion)".into(),
        ),
        Reason::NoBaseline => m.pick("策定時の値がない".into(), "no baseline value".into()),
        Reason::NoCurrent => m.pick("現状の値がない".into(), "no current value".into()),
        Reason::NoDirection => m.pick(
            "改善の方向が不明 (direction 列で指定する)".into(),
            "direction unknown (give it in the direction column)".into(),
        ),
        Reason::Significant { p } => m.pick(
            format!("検定で有意 (p = {})", format_p(p)),
            format!("significant change (p = {})", format_p(p)),
        ),
        Reason::NotSignificant { p, alpha } => m.pick(
            format!("検定で有意でない (p = {} ≥ {alpha})", format_p(p)),
            format!("change not significant (p = {} ≥ {alpha})", format_p(p)),
        ),
        Reason::RelativeChange { relative, min } => m.pick(
            format!("検定できず、相対変化 {} ≥ {}", pct(relative), pct(min)),
            format!(
                "no test possible; relative change {} ≥ {}",
                pct(relative),
                pct(min)
            ),
        ),
        Reason::SmallChange { relative, min } => m.pick(
            format!("検定できず、相対変化 {} < {}", pct(relative), pct(min)),
            format!(
                "no test possible; relative change {} < {}",
                pct(relative),
                pct(min)
            ),
        ),
        Reason::SmallProgress { progress, min } => m.pick(
            format!(
                "改善は目標までの差の {} で {} 未満",
                pct(progress),
                pct(min)
            ),
            format!(
                "the improvement covers {} of the way to the target, under {}",
                pct(progress),
                pct(min)
            ),
        ),
    }
}

impl Wording for EvalMsg {
    fn words(&self, m: Messages) -> String {
        use EvalMsg as E;
        match self {
            E::Title => m.pick(
                "評価項目の評価 (健康日本21 方式と増減方式)".into(),
                "Evaluation of plan indicators (Health Japan 21 method and direction of change)".into(),
            ),
            E::Read { source, rows } => m.pick(
                format!("{source} の {rows} 指標を評価"),
                format!("{rows} indicators of {source} graded"),
            ),
            E::ItemsHeading => m.pick("指標ごとの評価".into(), "Indicators".into()),
            E::ItemsSheet => m.pick("評価一覧".into(), "Indicators".into()),
            E::CompositesHeading => m.pick(
                "複数の指標からなる項目 (A=5, B=4, C=3, D=2 の平均を五捨六入)".into(),
                "Items of several indicators (mean of A=5, B=4, C=3, D=2, rounded with a first decimal of 6 or more going up)".into(),
            ),
            E::CompositesSheet => m.pick("複合項目".into(), "Composites".into()),
            E::TallySheet => m.pick("集計".into(), "Tally".into()),
            E::TallyHeading { items } => m.pick(
                format!("評価項目 {items} 項目の評価区分"),
                format!("Grades of the {items} evaluation items"),
            ),
            E::GradeHeader => m.pick("区分".into(), "Grade".into()),
            // 健康日本21（第二次）最終評価報告書 第2章's words for each grade.
            E::GradeName(g) => match g {
                Grade::A => m.pick("A 目標値に達した".into(), "A target reached".into()),
                Grade::B => m.pick(
                    "B 現時点で目標値に達していないが、改善傾向にある".into(),
                    "B target not yet reached, but improving".into(),
                ),
                Grade::BStar => m.pick(
                    "B* B の中で目標年度までに目標到達が危ぶまれるもの".into(),
                    "B* improving, but reaching the target by the target year is in doubt".into(),
                ),
                Grade::C => m.pick("C 変わらない".into(), "C unchanged".into()),
                Grade::D => m.pick("D 悪化している".into(), "D worse".into()),
                Grade::E => m.pick("E 評価困難".into(), "E cannot be evaluated".into()),
            },
            E::Column(c) => {
                let (ja, en) = match c {
                    EvalColumn::Id => ("番号", "Id"),
                    EvalColumn::Item => ("項目", "Item"),
                    EvalColumn::Sub => ("区分", "Sub"),
                    EvalColumn::Unit => ("単位", "Unit"),
                    EvalColumn::Baseline => ("策定時", "Baseline"),
                    EvalColumn::BaselineYear => ("策定時の年度", "Baseline year"),
                    EvalColumn::Midterm => ("中間評価", "Mid-term"),
                    EvalColumn::MidtermYear => ("中間評価の年度", "Mid-term year"),
                    EvalColumn::MidtermHj21 => ("中間評価 (健康日本21方式)", "Mid-term (HJ21 rule)"),
                    EvalColumn::MidtermDirection => ("中間評価 (増減方式)", "Mid-term (direction rule)"),
                    EvalColumn::Current => ("現状", "Current"),
                    EvalColumn::CurrentYear => ("現状の年度", "Current year"),
                    EvalColumn::Target => ("目標値", "Target"),
                    EvalColumn::TargetYear => ("目標年度", "Target year"),
                    EvalColumn::Revision => ("改訂", "Revision"),
                    EvalColumn::OriginalTarget => ("当初の目標値", "Original target"),
                    EvalColumn::OriginalTargetYear => ("当初の目標年度", "Original target year"),
                    EvalColumn::RevisedTarget => ("改訂後の目標値", "Revised target"),
                    EvalColumn::RevisedTargetYear => ("改訂後の目標年度", "Revised target year"),
                    EvalColumn::Domain => ("領域", "Domain"),
                    EvalColumn::Items => ("項目数", "Items"),
                    EvalColumn::Change => ("変化", "Change"),
                    EvalColumn::RelativeChange => ("相対変化", "Relative"),
                    EvalColumn::P => ("p", "p"),
                    EvalColumn::LineValue => ("目標線の値", "Line value"),
                    EvalColumn::Hj21 => ("健康日本21方式", "HJ21 rule"),
                    EvalColumn::DirectionRule => ("増減方式", "Direction rule"),
                    EvalColumn::Plan => ("計画の評価", "Plan's verdict"),
                    EvalColumn::Reason => ("根拠 (健康日本21方式)", "Why (HJ21 rule)"),
                    EvalColumn::Subs => ("指標", "Indicators"),
                    EvalColumn::MeanScore => ("平均点", "Mean score"),
                };
                m.pick(ja.into(), en.into())
            }
            E::PlanWord(v) => plan_word(*v, m),
            E::DirectionWord(g) => direction_word(*g, m),
            E::Reason(r) => reason(*r, m),
            E::RulesNote {
                alpha,
                min_change,
                min_progress,
            } => {
                let progress = if *min_progress > 0.0 {
                    m.pick(
                        format!("、目標までの差の {} 未満の改善は C", pct(*min_progress)),
                        format!(
                            "; an improvement under {} of the way to the target is C",
                            pct(*min_progress)
                        ),
                    )
                } else {
                    String::new()
                };
                m.pick(
                    format!("健康日本21方式: 目標に達すれば A。検定できれば両側 α = {alpha} で B/C/D、できなければ相対変化 {} 以上で B/D{progress}。B* は現状が策定時から目標値への直線より悪い側", pct(*min_change)),
                    format!("HJ21 rule: A when the target is met; otherwise B/C/D by a two-sided test at α = {alpha} where one is possible, else by a relative change of {} or more{progress}; B* when the current value is on the wrong side of the line from the baseline to the target", pct(*min_change)),
                )
            }
            E::RulesDiffer {
                id,
                item,
                hj21,
                direction,
                reason: r,
            } => {
                let why = r.map_or(String::new(), |r| format!(" ({})", reason(r, m)));
                m.pick(
                    format!(
                        "{id} {item}: 健康日本21方式 {}、増減方式 {}{why}",
                        hj21.letter(),
                        direction_word(*direction, m),
                    ),
                    format!(
                        "{id} {item}: HJ21 rule {}, direction rule {}{why}",
                        hj21.letter(),
                        direction_word(*direction, m),
                    ),
                )
            }
            E::PlanDiffers {
                id,
                item,
                plan,
                direction,
            } => m.pick(
                format!(
                    "{id} {item}: 計画は「{}」、増減方式は {}",
                    plan_word(*plan, m),
                    direction_word(*direction, m)
                ),
                format!(
                    "{id} {item}: the plan says {}, the direction rule {}",
                    plan_word(*plan, m),
                    direction_word(*direction, m)
                ),
            ),
            E::RulesDifferHeading => m.pick(
                "2 つの方式で評価が分かれた項目:".into(),
                "Items the two rules grade differently:".into(),
            ),
            E::PlanDiffersHeading => m.pick(
                "計画自身の評価と増減方式が異なる項目:".into(),
                "Items where the plan's own verdict and the direction rule differ:".into(),
            ),
            E::ChartsHeading => m.pick("策定時から現状へ".into(), "From baseline to the latest value".into()),
            E::ChartTitle { unit } if unit.is_empty() => m.pick(
                "単位の記載のない指標".into(),
                "Indicators without a unit".into(),
            ),
            E::ChartTitle { unit } => m.pick(format!("単位 {unit} の指標"), format!("Indicators in {unit}")),
            E::ChartAxis { unit } if unit.is_empty() => m.pick("値 (単位の記載なし)".into(), "value (no unit given)".into()),
            E::ChartAxis { unit } => m.pick(format!("値 ({unit})"), format!("value ({unit})")),
            E::ChartCaption { midterm, hj21 } => {
                let (mid_ja, mid_en) = if *midterm { (" → ◦ 中間評価", " → ◦ mid-term") } else { ("", "") };
                let (rule_ja, rule_en) = if *hj21 { ("健康日本21方式", "HJ21 rule") } else { ("増減方式", "direction rule") };
                m.pick(
                    format!("○ 策定時{mid_ja} → ● 現状、| 目標値。全指標が同じ目盛り。太字の行は複数の指標からなる項目とその総合評価。色は{rule_ja}の評価"),
                    format!("○ baseline{mid_en} → ● latest value, | target; every indicator on one scale; a bold row is an item of several indicators with its overall grade; colour: the {rule_en} grade"),
                )
            }
            E::TargetMark => m.pick("目標値".into(), "target".into()),
            E::PlanReproduced { agree, stated, file } => m.pick(
                format!("{file}: 計画が評価を記した {stated} 項目のうち {agree} 項目を増減方式で再現"),
                format!("{file}: {agree} of the {stated} items the plan grades reproduced by the direction rule"),
            ),
            E::PlanSilent { ids } => m.pick(
                format!("計画が評価を記していない項目 ({}): {}", ids.len(), ids.join(", ")),
                format!("Items the plan does not grade ({}): {}", ids.len(), ids.join(", ")),
            ),
            E::Overall => m.pick("全体".into(), "All".into()),
            E::DomainTallyHeading { hj21: true } => m.pick(
                "領域別の評価 (健康日本21方式; 複数の指標からなる項目は 1 項目)".into(),
                "Grades by domain (HJ21 rule; an item of several indicators counts once)".into(),
            ),
            E::DomainTallyHeading { hj21: false } => m.pick(
                "領域別の評価 (増減方式)".into(),
                "Grades by domain (direction rule)".into(),
            ),
            E::CautionHeading { caution, count, min_change } => match caution {
                Caution::BStarNeedsYears => m.pick(
                    format!("B と B* を判定できない指標 ({count}): 策定時・現状・目標のいずれかの年度がない。年度を記入すると判定できる"),
                    format!("Indicators where B and B* cannot be told apart ({count}): a baseline, current or target year is missing; give it to decide"),
                ),
                Caution::MetBySmallChange => m.pick(
                    format!("増加・減少の目標を相対変化 {} 未満で達成とした指標 ({count}): 変化が小さい。判断が要る", pct(*min_change)),
                    format!("Indicators whose 増加/減少 target is met by a relative change under {} ({count}): a small change; a matter of judgement", pct(*min_change)),
                ),
                Caution::GradedWithoutTest => m.pick(
                    format!("検定できず相対変化 {} の目安で判定した指標 ({count}): 標本数・件数・標準誤差がなく、偶然の変動と区別できない (数が小さいと特に)。標本数や件数を記入すると検定する", pct(*min_change)),
                    format!("Indicators graded by the {} relative-change guide for want of a test ({count}): without sample sizes, counts or standard errors chance cannot be told from change (least of all in small numbers); give them to have the change tested", pct(*min_change)),
                ),
            },
            E::RevisionWord(r) => match r {
                Revision::New => m.pick("新規".into(), "new".into()),
                Revision::Changed => m.pick("変更".into(), "changed".into()),
                Revision::Kept => m.pick("継続".into(), "kept".into()),
            },
            E::RevisedHeading => m.pick(
                "改訂で新規・変更となった指標 (現状は改訂後の目標値で評価し、中間評価は当初の目標値で評価):".into(),
                "Indicators new or changed at the revision (the latest value is graded against the revised target, the mid-term against the original):".into(),
            ),
            E::Revised { name, revision: Revision::New, to, .. } => m.pick(
                format!("{name}: 新規、目標値 {to} (策定時の値がなければ中間評価の値を基準とする)"),
                format!("{name}: new, target {to} (without a baseline its mid-term value is the baseline)"),
            ),
            E::Revised { name, from, to, .. } => m.pick(
                format!("{name}: 変更、目標値 {from} → {to}"),
                format!("{name}: changed, target {from} → {to}"),
            ),
            E::IgnoredColumns { columns } => m.pick(
                format!("読み飛ばした列 (--ignore-unknown-columns): {}", columns.join(", ")),
                format!("Columns skipped (--ignore-unknown-columns): {}", columns.join(", ")),
            ),
        }
    }
}
