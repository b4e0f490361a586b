//! The wording of plan-indicator evaluations (`renkei evaluate`).

use crate::analyses::evaluate::Grade;
use crate::input::plan::PlanVerdict;
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
    Baseline,
    Current,
    Target,
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
        reason: Reason,
    },
    PlanDiffers {
        id: String,
        item: String,
        plan: PlanVerdict,
        direction: Grade,
    },
    ChartTitle {
        domain: String,
    },
    ChartCaption,
    TargetMark,
    PlanReproduced {
        agree: usize,
        stated: usize,
        file: String,
    },
    PlanSilent {
        id: String,
        item: String,
        hj21: Grade,
        direction: Grade,
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
        Grade::A => m.pick("A 達成".into(), "A achieved".into()),
        Grade::B | Grade::BStar => m.pick("改善".into(), "improved".into()),
        Grade::C => m.pick("不変".into(), "unchanged".into()),
        Grade::D => m.pick("悪化".into(), "worsened".into()),
        Grade::E => m.pick("E 評価困難".into(), "E not gradable".into()),
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
            E::GradeName(g) => match g {
                Grade::A => m.pick("A 目標値に達した".into(), "A target met".into()),
                Grade::B => m.pick("B 改善傾向".into(), "B improving".into()),
                Grade::BStar => m.pick(
                    "B* 改善傾向 (目標年度までに達しない見込み)".into(),
                    "B* improving (behind the line to the target)".into(),
                ),
                Grade::C => m.pick("C 変わらない".into(), "C unchanged".into()),
                Grade::D => m.pick("D 悪化".into(), "D worsened".into()),
                Grade::E => m.pick("E 評価困難".into(), "E not gradable".into()),
            },
            E::Column(c) => {
                let (ja, en) = match c {
                    EvalColumn::Id => ("番号", "Id"),
                    EvalColumn::Item => ("項目", "Item"),
                    EvalColumn::Sub => ("区分", "Sub"),
                    EvalColumn::Baseline => ("策定時 (年度)", "Baseline (year)"),
                    EvalColumn::Current => ("現状 (年度)", "Current (year)"),
                    EvalColumn::Target => ("目標値 (年度)", "Target (year)"),
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
            } => m.pick(
                format!(
                    "{id} {item}: 健康日本21方式 {}、増減方式 {} ({})",
                    hj21.letter(),
                    direction_word(*direction, m),
                    reason(*r, m)
                ),
                format!(
                    "{id} {item}: HJ21 rule {}, direction rule {} ({})",
                    hj21.letter(),
                    direction_word(*direction, m),
                    reason(*r, m)
                ),
            ),
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
            E::ChartTitle { domain } if domain.is_empty() => m.pick("策定時から現状へ".into(), "From baseline to current value".into()),
            E::ChartTitle { domain } => m.pick(format!("{domain}: 策定時から現状へ"), format!("{domain}: from baseline to current value")),
            E::ChartCaption => m.pick(
                "○ 策定時 → ● 現状、| 目標値。指標ごとに目盛りが異なる。色は健康日本21方式の評価".into(),
                "○ baseline → ● current value, | target; each indicator on its own scale; colour: the HJ21 grade".into(),
            ),
            E::TargetMark => m.pick("目標値".into(), "target".into()),
            E::PlanReproduced { agree, stated, file } => m.pick(
                format!("{file}: 計画が評価を記した {stated} 項目のうち {agree} 項目を増減方式で再現"),
                format!("{file}: {agree} of the {stated} items the plan grades reproduced by the direction rule"),
            ),
            E::PlanSilent {
                id,
                item,
                hj21,
                direction,
            } => m.pick(
                format!(
                    "{id} {item}: 計画は評価を記していない (健康日本21方式 {}、増減方式 {})",
                    hj21.letter(),
                    direction_word(*direction, m)
                ),
                format!(
                    "{id} {item}: not graded by the plan (HJ21 rule {}, direction rule {})",
                    hj21.letter(),
                    direction_word(*direction, m)
                ),
            ),
        }
    }
}
