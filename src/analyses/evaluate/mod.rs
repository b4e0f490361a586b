//! Grading a health plan's indicators as 健康日本21（第二次）最終評価 does
//! (厚生労働省 2022; method: 横山 2022, 保健医療科学 71(5):397–407) and as most
//! municipalities do, side by side.
//!
//! - `direction`: A when the target is met; otherwise improved (B),
//!   unchanged (C) or worsened (D) by the sign of the change.
//! - `hj21`: A when the target is met (no test); otherwise B, C or D by a
//!   two-sided test of the change where sample sizes, counts or standard
//!   errors allow one, else by a relative change of at least `min_change`
//!   (5 %); B is B* when the current value is on the wrong side of the
//!   straight line from the baseline (at its year) to the target (at the
//!   target year). A composite item scores its sub-indicators A=5, B and
//!   B*=4, C=3, D=2 (E left out), rounds the mean 五捨六入 (x.5 down, x.6
//!   up) and is B* when it comes out B and any sub-indicator is B*.
//!
//! `min_progress` (default 0, off) is the judgement the 最終評価 applies to
//! 25 % → 28 % against a target of 80 % (graded C though +12 % relative):
//! an improvement that covers less than this share of the way from the
//! baseline to a numeric target counts as unchanged.

pub mod messages;

use crate::analyses::evaluate::messages::{EvalColumn, EvalMsg, Reason};
use crate::input::plan::{Direction, Measure, Plan, PlanRow, PlanVerdict, Revision, Target};
use crate::report::{
    Block, Cell, Grid, Line, Msg, ProgressChart, ProgressRow, ProgressValues, Records, Report,
    Section, Text, Tone,
};
use crate::stats::change::{ChangeTest, two_counts, two_proportions, with_standard_errors};
use serde::Serialize;
use std::collections::HashMap;

/// A grade. The direction rule uses A–D (B improved, C unchanged, D worsened) and E.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord, Hash)]
pub enum Grade {
    A,
    B,
    #[serde(rename = "B*")]
    BStar,
    C,
    D,
    E,
}

impl Grade {
    pub const ALL: [Grade; 6] = [
        Grade::A,
        Grade::B,
        Grade::BStar,
        Grade::C,
        Grade::D,
        Grade::E,
    ];

    /// How good the grade is, for its colour.
    pub fn tone(self) -> Tone {
        match self {
            Grade::A => Tone::Best,
            Grade::B => Tone::Better,
            Grade::BStar => Tone::Slightly,
            Grade::C => Tone::Neutral,
            Grade::D => Tone::Worse,
            Grade::E => Tone::Unknown,
        }
    }

    pub fn letter(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::BStar => "B*",
            Grade::C => "C",
            Grade::D => "D",
            Grade::E => "E",
        }
    }

    fn score(self) -> Option<u32> {
        match self {
            Grade::A => Some(5),
            Grade::B | Grade::BStar => Some(4),
            Grade::C => Some(3),
            Grade::D => Some(2),
            Grade::E => None,
        }
    }

    /// The plan's words for this grade (B and B* are both "improved").
    fn plan_word(self) -> Option<PlanVerdict> {
        match self {
            Grade::A => Some(PlanVerdict::Achieved),
            Grade::B | Grade::BStar => Some(PlanVerdict::Improved),
            Grade::C => Some(PlanVerdict::Unchanged),
            Grade::D => Some(PlanVerdict::Worsened),
            Grade::E => None,
        }
    }
}

/// Which rules to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rules {
    Hj21,
    Direction,
    #[default]
    Both,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EvaluateOptions {
    pub rules: Rules,
    pub alpha: f64,
    pub min_change: f64,
    pub min_progress: f64,
    /// Years in 和暦 (`Some(true)`) or 西暦 (`Some(false)`); `None`: as the plan writes them.
    pub era: Option<bool>,
}

impl Default for EvaluateOptions {
    fn default() -> Self {
        EvaluateOptions {
            rules: Rules::Both,
            alpha: 0.05,
            min_change: 0.05,
            min_progress: 0.0,
            era: None,
        }
    }
}

/// The test of a change, as the JSON shows it.
#[derive(Debug, Clone, Serialize)]
pub struct TestRecord {
    /// "two-proportion z", "exact Poisson", "z from standard errors".
    pub method: &'static str,
    pub statistic: f64,
    pub p: f64,
}

/// A value for each rule (a grade, a mean score, a tally).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct PerRule<T> {
    pub hj21: T,
    pub direction: T,
}

/// An indicator's or item's grade under each rule.
pub type Verdicts = PerRule<Grade>;

/// What a grade could not take into account, for the evaluator to judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Caution {
    /// B, but B or B* cannot be told: a year (baseline, current or target) is missing.
    BStarNeedsYears,
    /// Graded by the relative-change guide: no sample sizes, counts or
    /// standard errors, so chance cannot be told from change (small numbers).
    GradedWithoutTest,
    /// A 増加/減少 target met by a change under the relative-change guide.
    MetBySmallChange,
}

/// One indicator graded (its JSON record).
#[derive(Debug, Clone, Serialize)]
pub struct ItemResult {
    pub id: String,
    pub item: String,
    pub sub: String,
    pub domain: String,
    pub unit: String,
    pub line: usize,
    pub baseline: Option<f64>,
    pub baseline_year: Option<i32>,
    /// The middle point (中間評価) of a table that has a later one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub midterm: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub midterm_year: Option<i32>,
    /// The middle point graded against the baseline and the original target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub midterm_verdict: Option<Verdicts>,
    pub current: Option<f64>,
    pub current_year: Option<i32>,
    /// The target in force (the revised one where the plan was revised).
    pub target: String,
    /// The target as a number, where the plan gives one.
    pub target_value: Option<f64>,
    pub target_year: Option<i32>,
    /// The plan's revision of the item (new, changed, kept), where stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<Revision>,
    /// The original target, where a revision replaced it for this grade.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_target_year: Option<i32>,
    /// The revised target, where the value graded is the mid-term one (graded
    /// against the original target, the one of its time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revised_target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revised_target_year: Option<i32>,
    pub direction: Option<Direction>,
    pub target_met: Option<bool>,
    pub change: Option<f64>,
    pub relative_change: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<TestRecord>,
    pub line_value: Option<f64>,
    pub verdict: Verdicts,
    /// What the grade could not take into account.
    pub cautions: Vec<Caution>,
    /// Why the hj21 grade is what it is.
    #[serde(skip)]
    pub reason: Reason,
    pub plan_verdict: Option<PlanVerdict>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Decimals as printed: baseline, midterm, current.
    #[serde(skip)]
    pub decimals: [u8; 3],
    /// The target as printed when it is a plain number (its decimals).
    #[serde(skip)]
    pub target_decimals: Option<u8>,
    /// Years as printed: baseline, midterm, current, target, original target.
    #[serde(skip)]
    pub year_texts: [String; 5],
}

/// An item of several rows (its JSON record).
#[derive(Debug, Clone, Serialize)]
pub struct CompositeResult {
    pub id: String,
    pub item: String,
    pub subs: Vec<String>,
    pub mean_score: PerRule<Option<f64>>,
    pub verdict: Verdicts,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub midterm_verdict: Option<Verdicts>,
    pub plan_verdict: Option<PlanVerdict>,
}

/// The direction an item improves in: the `direction` column, else the
/// target's words, else from the baseline towards a numeric target.
fn direction_of(r: &PlanRow, target: Target, baseline: f64) -> Option<Direction> {
    r.direction
        .or(target.direction())
        .or(r.target.direction())
        .or(match target {
            Target::Value { value, .. } if value > baseline => Some(Direction::Up),
            Target::Value { value, .. } if value < baseline => Some(Direction::Down),
            _ => None,
        })
}

fn better(direction: Direction, change: f64) -> f64 {
    match direction {
        Direction::Up => change,
        Direction::Down => -change,
    }
}

fn target_met(
    target: Target,
    stated: Option<Direction>,
    direction: Direction,
    b: f64,
    c: f64,
    opts: &EvaluateOptions,
) -> bool {
    match target {
        Target::Value { value, .. } => match direction {
            Direction::Up => c >= value,
            Direction::Down => c <= value,
        },
        Target::Increase => c > b,
        Target::Decrease => c < b,
        Target::NotIncrease => c <= b,
        Target::NotDecrease => c >= b,
        Target::Maintain => match stated {
            Some(d) => better(d, c - b) >= 0.0,
            None => b != 0.0 && ((c - b) / b).abs() < opts.min_change,
        },
        Target::Elsewhere => false,
    }
}

/// The share a proportion is held as: a row of percents (decided for the
/// whole row when it was read) is divided by 100.
fn share(r: &PlanRow, v: f64) -> f64 {
    if r.percent { v / 100.0 } else { v }
}

/// A test of the change from `from` to `to` where their data allow one.
fn change_test(r: &PlanRow, from: &Measure, to: &Measure, b: f64, c: f64) -> Option<TestRecord> {
    let record = |method, t: ChangeTest| TestRecord {
        method,
        statistic: t.statistic,
        p: t.p,
    };
    if let (Some(n1), Some(n2)) = (from.n, to.n) {
        let (p1, p2) = match (from.count, to.count) {
            (Some(x1), Some(x2)) => (x1 as f64 / n1, x2 as f64 / n2),
            _ => (share(r, b), share(r, c)),
        };
        return two_proportions(p1, n1, p2, n2).map(|t| record("two-proportion z", t));
    }
    if let (Some(x1), Some(x2)) = (from.count, to.count)
        && b > 0.0
        && c > 0.0
    {
        // Exposures behind the rates: count / rate.
        return two_counts(x1, x1 as f64 / b, x2, x2 as f64 / c)
            .map(|t| record("exact Poisson", t));
    }
    if let (Some(s1), Some(s2)) = (from.se, to.se) {
        return with_standard_errors(b, s1, c, s2).map(|t| record("z from standard errors", t));
    }
    None
}

/// The value of the straight line from the baseline (at its year) to the
/// target (at the target year), at the year of the value judged.
fn line_value(
    target: Target,
    target_year: Option<i32>,
    b: f64,
    by: Option<i32>,
    cy: Option<i32>,
) -> Option<f64> {
    let Target::Value { value: t, .. } = target else {
        return None;
    };
    let (by, cy, ty) = (by?, cy?, target_year?);
    if ty <= by {
        return None;
    }
    // At or after the target year the line has reached the target: an
    // improvement short of it is then B* (a final evaluation is made after
    // the target year, so the target year may lie before the current one).
    if cy >= ty {
        return Some(t);
    }
    Some(b + (t - b) * f64::from(cy - by) / f64::from(ty - by))
}

/// One time point graded against the baseline.
struct Graded {
    verdict: Verdicts,
    reason: Reason,
    direction: Option<Direction>,
    target_met: Option<bool>,
    change: Option<f64>,
    relative_change: Option<f64>,
    test: Option<TestRecord>,
    line_value: Option<f64>,
    cautions: Vec<Caution>,
}

/// Grades the value `to` against the baseline `from`, for `target` (due in `target_year`).
fn grade_point(
    r: &PlanRow,
    from: &Measure,
    to: &Measure,
    target: Target,
    target_year: Option<i32>,
    opts: &EvaluateOptions,
) -> Graded {
    let mut out = Graded {
        verdict: Verdicts {
            hj21: Grade::E,
            direction: Grade::E,
        },
        reason: Reason::NoBaseline,
        direction: None,
        target_met: None,
        change: None,
        relative_change: None,
        test: None,
        line_value: None,
        cautions: Vec::new(),
    };
    if target == Target::Elsewhere {
        out.reason = Reason::TargetElsewhere;
        return out;
    }
    let (Some(b), Some(c)) = (from.value, to.value) else {
        out.reason = if from.value.is_none() {
            Reason::NoBaseline
        } else {
            Reason::NoCurrent
        };
        return out;
    };
    let Some(direction) = direction_of(r, target, b) else {
        out.reason = Reason::NoDirection;
        return out;
    };
    out.direction = Some(direction);
    let change = c - b;
    out.change = Some(change);
    out.relative_change = (b != 0.0).then(|| change / b.abs());
    let relative = out.relative_change.map_or(f64::INFINITY, f64::abs);
    let met = target_met(target, r.direction, direction, b, c, opts);
    out.target_met = Some(met);
    let gain = better(direction, change);
    out.verdict.direction = if met {
        Grade::A
    } else if gain > 0.0 {
        Grade::B
    } else if gain < 0.0 {
        Grade::D
    } else {
        Grade::C
    };
    out.line_value = line_value(target, target_year, b, from.year, to.year);
    if met {
        out.verdict.hj21 = Grade::A;
        out.reason = Reason::Met;
        if matches!(target, Target::Increase | Target::Decrease) && relative < opts.min_change {
            out.cautions.push(Caution::MetBySmallChange);
        }
        return out;
    }
    let test = change_test(r, from, to, b, c);
    let improved = match &test {
        Some(t) if t.p < opts.alpha => {
            out.reason = Reason::Significant { p: t.p };
            Some(gain > 0.0)
        }
        Some(t) => {
            out.reason = Reason::NotSignificant {
                p: t.p,
                alpha: opts.alpha,
            };
            None
        }
        None => {
            out.cautions.push(Caution::GradedWithoutTest);
            if relative >= opts.min_change && gain != 0.0 {
                out.reason = Reason::RelativeChange {
                    relative,
                    min: opts.min_change,
                };
                Some(gain > 0.0)
            } else {
                out.reason = Reason::SmallChange {
                    relative,
                    min: opts.min_change,
                };
                None
            }
        }
    };
    out.test = test;
    out.verdict.hj21 = match improved {
        Some(true) => {
            let progress = match target {
                Target::Value { value, .. } if value != b => Some(change / (value - b)),
                _ => None,
            };
            match progress {
                Some(p) if p < opts.min_progress => {
                    out.reason = Reason::SmallProgress {
                        progress: p,
                        min: opts.min_progress,
                    };
                    Grade::C
                }
                _ => match out.line_value {
                    Some(l) if better(direction, c - l) < 0.0 => Grade::BStar,
                    Some(_) => Grade::B,
                    None => {
                        if matches!(target, Target::Value { .. }) {
                            out.cautions.push(Caution::BStarNeedsYears);
                        }
                        Grade::B
                    }
                },
            }
        }
        Some(false) => Grade::D,
        None => Grade::C,
    };
    out
}

/// The decimals of a target printed as a plain number (`88.2` → 1), else none.
fn plain_number_decimals(text: &str) -> Option<u8> {
    let t = text.trim();
    crate::input::columns::parse_number(t)?;
    Some(crate::input::plan::printed_decimals(t))
}

fn grade_row(r: &PlanRow, opts: &EvaluateOptions) -> ItemResult {
    let (target_text, target, target_year, target_year_text) = r.target_in_force();
    let revised = r.revised_target.is_some() && !r.current_is_midterm;
    let set_later = r.revised_target.is_some() && r.current_is_midterm;
    let now = grade_point(r, &r.baseline, &r.current, target, target_year, opts);
    // The middle point is graded against the target of its time (the
    // original); an item new at the revision starts there.
    let midterm_verdict = match &r.midterm {
        Some(m) if m.value.is_some() && r.revision != Some(Revision::New) => {
            Some(grade_point(r, &r.baseline, m, r.target, r.target_year, opts).verdict)
        }
        _ => None,
    };
    ItemResult {
        id: r.id.clone(),
        item: r.item.clone(),
        sub: r.sub.clone(),
        domain: r.domain.clone(),
        unit: r.unit.clone(),
        line: r.line,
        baseline: r.baseline.value,
        baseline_year: r.baseline.year,
        midterm: r.midterm.as_ref().and_then(|m| m.value),
        midterm_year: r.midterm.as_ref().and_then(|m| m.year),
        midterm_verdict,
        current: r.current.value,
        current_year: r.current.year,
        target: target_text.to_string(),
        target_value: match target {
            Target::Value { value, .. } => Some(value),
            _ => None,
        },
        target_year,
        revision: r.revision,
        original_target: (revised && !r.target_text.is_empty()).then(|| r.target_text.clone()),
        original_target_year: if revised { r.target_year } else { None },
        revised_target: set_later.then(|| r.revised_target_text.clone()),
        revised_target_year: if set_later {
            r.revised_target_year
        } else {
            None
        },
        direction: now.direction,
        target_met: now.target_met,
        change: now.change,
        relative_change: now.relative_change,
        test: now.test,
        line_value: now.line_value,
        verdict: now.verdict,
        cautions: now.cautions,
        reason: now.reason,
        plan_verdict: r.plan_verdict,
        source: r.source.clone(),
        note: r.note.clone(),
        decimals: [
            r.baseline.decimals,
            r.midterm.as_ref().map_or(0, |m| m.decimals),
            r.current.decimals,
        ],
        target_decimals: plain_number_decimals(target_text),
        year_texts: [
            r.baseline.year_text.clone(),
            r.midterm
                .as_ref()
                .map_or(String::new(), |m| m.year_text.clone()),
            r.current.year_text.clone(),
            target_year_text.to_string(),
            if set_later {
                r.revised_target_year_text.clone()
            } else {
                r.target_year_text.clone()
            },
        ],
    }
}

/// The mean score (A=5, B and B*=4, C=3, D=2; E left out) rounded 五捨六入:
/// the first decimal 6 or more rounds up. `None` when every grade is E.
fn rounded_mean(grades: impl Iterator<Item = Grade>) -> Option<(u32, f64)> {
    let scores: Vec<u32> = grades.filter_map(|g| g.score()).collect();
    if scores.is_empty() {
        return None;
    }
    let (sum, k) = (scores.iter().sum::<u32>(), scores.len() as u32);
    let first_decimal = (10 * sum / k) % 10;
    Some((
        sum / k + u32::from(first_decimal >= 6),
        f64::from(sum) / f64::from(k),
    ))
}

/// A grade from a rounded mean score: 5 A, 4 B, 3 C, below D.
fn grade_of(rounded: u32) -> Grade {
    match rounded {
        5.. => Grade::A,
        4 => Grade::B,
        3 => Grade::C,
        _ => Grade::D,
    }
}

/// The grade of a 目標項目 of several indicators by 健康日本21（第二次）
/// 最終評価報告書 第2章 (評価の方法): the mean score rounded 五捨六入 gives
/// A, B, C or D; a B is then B* unless the item would be A at the target
/// year, projecting each indicator's B to A and B* to B ("A+B → 目標年度に
/// A+A で全体として A になる見込み → B"; "A+B* → A+B で B になる見込み → B*").
/// Returns the grade and the unrounded mean of the current scores.
pub fn composite_grade(grades: &[Grade]) -> (Grade, Option<f64>) {
    let Some((rounded, mean)) = rounded_mean(grades.iter().copied()) else {
        return (Grade::E, None);
    };
    let grade = match grade_of(rounded) {
        Grade::B => {
            let projected = grades.iter().map(|&g| match g {
                Grade::B => Grade::A,
                Grade::BStar => Grade::B,
                other => other,
            });
            match rounded_mean(projected).map(|(r, _)| grade_of(r)) {
                Some(Grade::A) => Grade::B,
                _ => Grade::BStar,
            }
        }
        other => other,
    };
    (grade, Some(mean))
}

/// The grade of an item of several indicators by the direction rule (A–D,
/// B improved): the mean score rounded 五捨六入, with no B*.
pub fn composite_direction(grades: &[Grade]) -> (Grade, Option<f64>) {
    match rounded_mean(grades.iter().copied()) {
        Some((rounded, mean)) => (grade_of(rounded), Some(mean)),
        None => (Grade::E, None),
    }
}

/// Evaluation items (ids) per grade: `{"A": 6, "B": 4, "B*": 4, …}`.
pub type Tally = std::collections::BTreeMap<&'static str, usize>;

/// The tally of one 領域 (domain), as 最終評価 第3章 prints them.
#[derive(Debug, Clone, Serialize)]
pub struct DomainTally {
    pub domain: String,
    /// Evaluation items (ids) in the domain.
    pub items: usize,
    pub hj21: Tally,
    pub direction: Tally,
}

/// The evaluation of a plan (its JSON contract).
#[derive(Serialize)]
pub struct EvaluationRecord {
    pub source: String,
    pub items: Vec<ItemResult>,
    pub composites: Vec<CompositeResult>,
    /// Evaluation items (ids) per grade, at the latest time point.
    pub tally: PerRule<Tally>,
    /// The same per domain, domains in the order the plan first names them.
    pub tally_by_domain: Vec<DomainTally>,
    /// Items whose direction-rule grade differs from the plan's own verdict.
    pub plan_disagreements: Vec<String>,
    /// Headers skipped under `--ignore-unknown-columns`.
    pub ignored_columns: Vec<String>,
    /// Whether the plan writes its years in 和暦.
    #[serde(skip)]
    pub era: bool,
    /// Whether the table has a middle point before its latest one.
    #[serde(skip)]
    pub has_midterm: bool,
}

/// One evaluation item (an id): its verdicts and the plan's.
struct ItemLevel {
    id: String,
    domain: String,
    verdict: Verdicts,
    plan: Option<PlanVerdict>,
}

impl EvaluationRecord {
    /// (items the plan grades, of them those the direction rule agrees with).
    pub fn plan_agreement(&self) -> (usize, usize) {
        let stated: std::collections::HashSet<&str> = self
            .items
            .iter()
            .filter(|i| i.plan_verdict.is_some())
            .map(|i| i.id.as_str())
            .collect();
        (stated.len(), stated.len() - self.plan_disagreements.len())
    }
}

/// Counts of items per grade.
fn tally<'a>(
    levels: impl Iterator<Item = &'a Verdicts> + Clone,
    pick: fn(&Verdicts) -> Grade,
) -> Tally {
    Grade::ALL
        .iter()
        .map(|g| (g.letter(), levels.clone().filter(|v| pick(v) == *g).count()))
        .collect()
}

/// A composite's grades under both rules (and their mean scores).
fn composite(grades: &[Verdicts]) -> (Verdicts, PerRule<Option<f64>>) {
    let (hj21, mean_h) = composite_grade(&grades.iter().map(|v| v.hj21).collect::<Vec<_>>());
    let (direction, mean_d) =
        composite_direction(&grades.iter().map(|v| v.direction).collect::<Vec<_>>());
    (
        Verdicts { hj21, direction },
        PerRule {
            hj21: mean_h,
            direction: mean_d,
        },
    )
}

/// Grades every row, every composite, and the tally over evaluation items.
pub fn evaluate(plan: &Plan, opts: &EvaluateOptions) -> EvaluationRecord {
    let items: Vec<ItemResult> = plan.rows.iter().map(|r| grade_row(r, opts)).collect();
    // The rows of each id, ids in the order the plan first gives them (a
    // map, so that a plan of 100,000 rows takes linear time).
    let mut ids: Vec<&str> = Vec::new();
    let mut rows_of: HashMap<&str, Vec<&ItemResult>> = HashMap::new();
    for i in &items {
        let rows = rows_of.entry(i.id.as_str()).or_default();
        if rows.is_empty() {
            ids.push(&i.id);
        }
        rows.push(i);
    }
    let mut composites = Vec::new();
    let mut levels = Vec::new();
    for id in ids {
        let rows = &rows_of[id];
        let plan_verdict = rows.iter().find_map(|r| r.plan_verdict);
        let verdict = if rows.len() == 1 {
            rows[0].verdict
        } else {
            let (v, mean_score) = composite(&rows.iter().map(|r| r.verdict).collect::<Vec<_>>());
            let midterms: Vec<Verdicts> = rows.iter().filter_map(|r| r.midterm_verdict).collect();
            composites.push(CompositeResult {
                id: id.to_string(),
                item: rows[0].item.clone(),
                subs: rows.iter().map(|r| r.sub.clone()).collect(),
                mean_score,
                verdict: v,
                midterm_verdict: (!midterms.is_empty()).then(|| composite(&midterms).0),
                plan_verdict,
            });
            v
        };
        levels.push(ItemLevel {
            id: id.to_string(),
            domain: rows[0].domain.clone(),
            verdict,
            plan: plan_verdict,
        });
    }
    let mut domains: Vec<&str> = Vec::new();
    for l in &levels {
        if !domains.contains(&l.domain.as_str()) {
            domains.push(&l.domain);
        }
    }
    let tally_by_domain = domains
        .iter()
        .map(|d| {
            let of = levels.iter().filter(|l| l.domain == *d).map(|l| &l.verdict);
            DomainTally {
                domain: d.to_string(),
                items: of.clone().count(),
                hj21: tally(of.clone(), |v| v.hj21),
                direction: tally(of, |v| v.direction),
            }
        })
        .collect();
    let all = levels.iter().map(|l| &l.verdict);
    let plan_disagreements = levels
        .iter()
        .filter(|l| l.plan.is_some() && l.verdict.direction.plan_word() != l.plan)
        .map(|l| l.id.clone())
        .collect();
    EvaluationRecord {
        source: plan.source.display().to_string(),
        tally: PerRule {
            hj21: tally(all.clone(), |v| v.hj21),
            direction: tally(all, |v| v.direction),
        },
        tally_by_domain,
        items,
        composites,
        plan_disagreements,
        ignored_columns: plan.ignored_columns.clone(),
        era: opts.era.unwrap_or(plan.era),
        has_midterm: plan.has_midterm,
    }
}

/// A value with the decimals the plan printed it with.
fn printed(v: Option<f64>, decimals: u8) -> Cell {
    Cell::number(v, decimals)
}

/// A year, shown as the plan printed it where that is 和暦 and the report is.
fn year_cell(y: Option<i32>, era: bool, printed: &str) -> Cell {
    y.map_or(Cell::Undefined, |year| Cell::Year {
        year,
        era,
        printed: crate::input::plan::written_in_era(printed).then(|| printed.to_string()),
    })
}

/// A grade's letter and the tone that colours it.
pub fn grade_cell(g: Grade) -> Cell {
    Cell::Grade {
        letter: g.letter().into(),
        tone: g.tone(),
    }
}

fn column(key: &'static str, c: EvalColumn) -> (&'static str, Text) {
    (key, Msg::analysis(EvalMsg::Column(c)).into())
}

fn plan_cell(p: Option<PlanVerdict>) -> Cell {
    p.map_or(Cell::Text("".into()), |v| {
        Cell::Text(Msg::analysis(EvalMsg::PlanWord(v)).into())
    })
}

fn direction_cell(g: Grade) -> Cell {
    Cell::Text(Msg::analysis(EvalMsg::DirectionWord(g)).into())
}

/// The target as printed: a number (its printed decimals), a number with
/// its unit (`40%`, `1.0本`: a number cell with the unit in its format), or
/// the plan's words (`12.0%以下`, `増加`).
fn target_cell(text: &str, decimals: Option<u8>, value: Option<f64>) -> Cell {
    match (decimals, value) {
        (Some(d), Some(v)) => return Cell::number(Some(v), d),
        (None, Some(v)) => {
            let t = text.trim();
            let number_end = t
                .char_indices()
                .take_while(|(_, c)| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | ','))
                .last()
                .map_or(0, |(i, c)| i + c.len_utf8());
            let (number, unit) = t.split_at(number_end);
            let unit_only = !unit.is_empty()
                && !unit.contains("以上")
                && !unit.contains("以下")
                && !unit.chars().any(|c| c.is_ascii_digit());
            if unit_only
                && let Some(d) = plain_number_decimals(number)
                && crate::input::columns::parse_number(number) == Some(v)
            {
                return Cell::WithUnit {
                    value: v,
                    decimals: d,
                    unit: unit.to_string(),
                };
            }
        }
        _ => {}
    }
    Cell::Text(text.to_string().into())
}

fn item_records(record: &EvaluationRecord, rules: Rules) -> Records {
    use EvalColumn as C;
    let items = &record.items;
    let era = record.era;
    let revised = items.iter().any(|i| i.revision.is_some());
    let originals = items.iter().any(|i| i.original_target.is_some());
    let later = items.iter().any(|i| i.revised_target.is_some());
    let mut columns = vec![
        column("id", C::Id),
        column("item", C::Item),
        column("sub", C::Sub),
        column("unit", C::Unit),
        column("baseline", C::Baseline),
        column("baseline_year", C::BaselineYear),
    ];
    if record.has_midterm {
        columns.push(column("midterm", C::Midterm));
        columns.push(column("midterm_year", C::MidtermYear));
        if rules != Rules::Direction {
            columns.push(column("midterm_hj21", C::MidtermHj21));
        }
        if rules != Rules::Hj21 {
            columns.push(column("midterm_direction", C::MidtermDirection));
        }
    }
    columns.extend([
        column("current", C::Current),
        column("current_year", C::CurrentYear),
        column("target", C::Target),
        column("target_year", C::TargetYear),
    ]);
    if revised {
        columns.push(column("revision", C::Revision));
    }
    if originals {
        columns.push(column("original_target", C::OriginalTarget));
        columns.push(column("original_target_year", C::OriginalTargetYear));
    }
    if later {
        columns.push(column("revised_target", C::RevisedTarget));
        columns.push(column("revised_target_year", C::RevisedTargetYear));
    }
    columns.extend([
        column("change", C::Change),
        column("relative_change", C::RelativeChange),
        column("p", C::P),
        column("line_value", C::LineValue),
    ]);
    if rules != Rules::Direction {
        columns.push(column("hj21", C::Hj21));
    }
    if rules != Rules::Hj21 {
        columns.push(column("direction", C::DirectionRule));
    }
    columns.push(column("plan_verdict", C::Plan));
    if rules != Rules::Direction {
        columns.push(column("reason", C::Reason));
    }
    let rows = items
        .iter()
        .map(|i| {
            let [bd, md, cd] = i.decimals;
            let shown = bd.max(cd).max(if record.has_midterm { md } else { 0 });
            let mut row = vec![
                Cell::Text(i.id.clone().into()),
                Cell::Text(i.item.clone().into()),
                Cell::Text(i.sub.clone().into()),
                Cell::Text(i.unit.clone().into()),
                printed(i.baseline, bd),
                year_cell(i.baseline_year, era, &i.year_texts[0]),
            ];
            if record.has_midterm {
                row.push(printed(i.midterm, md));
                row.push(year_cell(i.midterm_year, era, &i.year_texts[1]));
                if rules != Rules::Direction {
                    row.push(
                        i.midterm_verdict
                            .map_or(Cell::Undefined, |v| grade_cell(v.hj21)),
                    );
                }
                if rules != Rules::Hj21 {
                    row.push(
                        i.midterm_verdict
                            .map_or(Cell::Undefined, |v| direction_cell(v.direction)),
                    );
                }
            }
            row.extend([
                printed(i.current, cd),
                year_cell(i.current_year, era, &i.year_texts[2]),
                target_cell(&i.target, i.target_decimals, i.target_value),
                year_cell(i.target_year, era, &i.year_texts[3]),
            ]);
            if revised {
                row.push(i.revision.map_or(Cell::Text("".into()), |r| {
                    Cell::Text(Msg::analysis(EvalMsg::RevisionWord(r)).into())
                }));
            }
            if originals {
                row.push(Cell::Text(
                    i.original_target.clone().unwrap_or_default().into(),
                ));
                row.push(year_cell(i.original_target_year, era, &i.year_texts[4]));
            }
            if later {
                row.push(Cell::Text(
                    i.revised_target.clone().unwrap_or_default().into(),
                ));
                row.push(year_cell(i.revised_target_year, era, &i.year_texts[4]));
            }
            row.extend([
                i.change.map_or(Cell::Undefined, |c| Cell::Change {
                    value: c,
                    decimals: shown,
                    percent: false,
                }),
                i.relative_change
                    .filter(|r| r.is_finite())
                    .map_or(Cell::Undefined, |r| Cell::Change {
                        value: 100.0 * r,
                        decimals: 1,
                        percent: true,
                    }),
                i.test.as_ref().map_or(Cell::Undefined, |t| Cell::P(t.p)),
                printed(i.line_value, shown.max(1)),
            ]);
            if rules != Rules::Direction {
                row.push(grade_cell(i.verdict.hj21));
            }
            if rules != Rules::Hj21 {
                row.push(direction_cell(i.verdict.direction));
            }
            row.push(plan_cell(i.plan_verdict));
            if rules != Rules::Direction {
                row.push(Cell::Text(Msg::analysis(EvalMsg::Reason(i.reason)).into()));
            }
            row
        })
        .collect();
    Records { columns, rows }
}

fn share_cell(n: usize, total: usize) -> Cell {
    if total == 0 {
        Cell::Undefined
    } else {
        Cell::Marked {
            value: 100.0 * n as f64 / total as f64,
            decimals: 1,
            stars: 0,
        }
    }
}

/// The grades of one rule that appear in its tally (the direction rule has no B*).
fn grades_of(rule_hj21: bool) -> Vec<Grade> {
    Grade::ALL
        .iter()
        .copied()
        .filter(|g| rule_hj21 || *g != Grade::BStar)
        .collect()
}

fn tally_grid(record: &EvaluationRecord, rules: Rules) -> Grid {
    let total: usize = record.tally.hj21.values().sum();
    let mut header: Vec<Text> = vec![Msg::analysis(EvalMsg::GradeHeader).into()];
    if rules != Rules::Direction {
        header.push(Msg::analysis(EvalMsg::Column(EvalColumn::Hj21)).into());
        header.push("%".into());
    }
    if rules != Rules::Hj21 {
        header.push(Msg::analysis(EvalMsg::Column(EvalColumn::DirectionRule)).into());
        header.push("%".into());
    }
    let rows = grades_of(rules != Rules::Direction)
        .iter()
        .map(|g| {
            let name = if rules == Rules::Direction {
                EvalMsg::DirectionWord(*g)
            } else {
                EvalMsg::GradeName(*g)
            };
            let mut row = vec![Cell::Text(Msg::analysis(name).into())];
            if rules != Rules::Direction {
                let n = record.tally.hj21[g.letter()];
                row.extend([Cell::Count(n as u64), share_cell(n, total)]);
            }
            if rules != Rules::Hj21 {
                let n = record.tally.direction[g.letter()];
                row.extend([Cell::Count(n as u64), share_cell(n, total)]);
            }
            row
        })
        .collect();
    Grid {
        heading: Some(Msg::analysis(EvalMsg::TallyHeading { items: total }).into()),
        header,
        rows,
    }
}

/// The tally per 領域, one grid per rule: items and, per grade, count and %.
fn domain_grids(record: &EvaluationRecord, rules: Rules) -> Vec<Grid> {
    let mut grids = Vec::new();
    for hj21 in [true, false] {
        if (hj21 && rules == Rules::Direction) || (!hj21 && rules == Rules::Hj21) {
            continue;
        }
        let grades = grades_of(hj21);
        let mut header: Vec<Text> = vec![
            Msg::analysis(EvalMsg::Column(EvalColumn::Domain)).into(),
            Msg::analysis(EvalMsg::Column(EvalColumn::Items)).into(),
        ];
        for g in &grades {
            header.push(g.letter().into());
            header.push("%".into());
        }
        let mut rows: Vec<Vec<Cell>> = record
            .tally_by_domain
            .iter()
            .map(|d| {
                let tally = if hj21 { &d.hj21 } else { &d.direction };
                let mut row = vec![
                    Cell::Text(d.domain.clone().into()),
                    Cell::Count(d.items as u64),
                ];
                for g in &grades {
                    let n = tally[g.letter()];
                    row.extend([Cell::Count(n as u64), share_cell(n, d.items)]);
                }
                row
            })
            .collect();
        let overall = if hj21 {
            &record.tally.hj21
        } else {
            &record.tally.direction
        };
        let total: usize = overall.values().sum();
        let mut row = vec![
            Cell::Text(Msg::analysis(EvalMsg::Overall).into()),
            Cell::Count(total as u64),
        ];
        for g in &grades {
            let n = overall[g.letter()];
            row.extend([Cell::Count(n as u64), share_cell(n, total)]);
        }
        rows.push(row);
        grids.push(Grid {
            heading: Some(Msg::analysis(EvalMsg::DomainTallyHeading { hj21 }).into()),
            header,
            rows,
        });
    }
    grids
}

/// The charts: one per unit (in the order the plan first gives them), every
/// indicator with a baseline and a latest value on the unit's one axis; a
/// composite item's row with its grade heads its indicators.
fn unit_charts(record: &EvaluationRecord, rules: Rules) -> Vec<Block> {
    let pick = |v: &Verdicts| {
        if rules == Rules::Direction {
            v.direction
        } else {
            v.hj21
        }
    };
    let composite_of: HashMap<&str, &CompositeResult> = record
        .composites
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let mut units: Vec<&str> = Vec::new();
    for i in &record.items {
        if !units.contains(&i.unit.as_str()) {
            units.push(&i.unit);
        }
    }
    let legend: Vec<(Tone, Text)> = grades_of(rules != Rules::Direction)
        .iter()
        .map(|g| {
            let name = if rules == Rules::Direction {
                EvalMsg::DirectionWord(*g)
            } else {
                EvalMsg::GradeName(*g)
            };
            (g.tone(), Msg::analysis(name).into())
        })
        .collect();
    units
        .into_iter()
        .filter_map(|unit| {
            let mut rows: Vec<ProgressRow> = Vec::new();
            let mut headed: Vec<&str> = Vec::new();
            for i in record.items.iter().filter(|i| i.unit == unit) {
                let (Some(baseline), Some(current)) = (i.baseline, i.current) else {
                    continue;
                };
                let values = Some(ProgressValues {
                    baseline,
                    midterm: i.midterm,
                    current,
                    target: i.target_value,
                    decimals: i.decimals,
                });
                let grade = pick(&i.verdict);
                match composite_of.get(i.id.as_str()) {
                    Some(c) => {
                        if !headed.contains(&i.id.as_str()) {
                            headed.push(&i.id);
                            let g = pick(&c.verdict);
                            rows.push(ProgressRow {
                                label: format!("{} {}", c.id, c.item).into(),
                                values: None,
                                grade: g.letter().into(),
                                tone: g.tone(),
                                indent: false,
                            });
                        }
                        rows.push(ProgressRow {
                            label: i.sub.clone().into(),
                            values,
                            grade: grade.letter().into(),
                            tone: grade.tone(),
                            indent: true,
                        });
                    }
                    None => rows.push(ProgressRow {
                        label: [i.id.as_str(), i.item.as_str(), i.sub.as_str()]
                            .iter()
                            .filter(|s| !s.is_empty())
                            .copied()
                            .collect::<Vec<_>>()
                            .join(" ")
                            .into(),
                        values,
                        grade: grade.letter().into(),
                        tone: grade.tone(),
                        indent: false,
                    }),
                }
            }
            (!rows.is_empty()).then(|| {
                Block::Progress(ProgressChart {
                    title: Msg::analysis(EvalMsg::ChartTitle {
                        unit: unit.to_string(),
                    })
                    .into(),
                    axis: Msg::analysis(EvalMsg::ChartAxis {
                        unit: unit.to_string(),
                    })
                    .into(),
                    rows,
                    legend: legend.clone(),
                    target_label: Msg::analysis(EvalMsg::TargetMark).into(),
                    caption: vec![
                        Msg::analysis(EvalMsg::ChartCaption {
                            midterm: record.has_midterm,
                            hj21: rules != Rules::Direction,
                        })
                        .into(),
                    ],
                })
            })
        })
        .collect()
}

/// The evaluation report: the item table, composites, the tally, and where
/// the rules and the plan's own verdicts disagree.
pub fn report(plan: &Plan, opts: &EvaluateOptions) -> Report {
    report_of(evaluate(plan, opts), opts)
}

/// The plan's evaluation as `renkei reproduce` adds it: its sections, the
/// closing line, and whether the direction rule regenerates every verdict
/// the plan states.
pub fn plan_check(plan: &Plan) -> (Vec<Section>, Line, bool) {
    let opts = EvaluateOptions::default();
    let record = evaluate(plan, &opts);
    let (stated, agree) = record.plan_agreement();
    let line = Line::new(
        0,
        Msg::analysis(EvalMsg::PlanReproduced {
            agree,
            stated,
            file: record.source.clone(),
        }),
    );
    (report_of(record, &opts).sections, line, agree == stated)
}

/// An indicator as a note names it: id, item, and sub where it has one.
fn named(i: &ItemResult) -> String {
    if i.sub.is_empty() {
        format!("{} {}", i.id, i.item)
    } else {
        format!("{} {} ({})", i.id, i.item, i.sub)
    }
}

/// The lines under the tally: where the rules and the plan disagree, what
/// could not be judged, and what the revision changed; each list headed.
fn notes(record: &EvaluationRecord, opts: &EvaluateOptions) -> Vec<Line> {
    let mut rules_differ = Vec::new();
    let mut plan_differs = Vec::new();
    let mut silent = Vec::new();
    let composite_of: HashMap<&str, &CompositeResult> = record
        .composites
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let mut seen = std::collections::HashSet::new();
    for i in &record.items {
        if !seen.insert(i.id.as_str()) {
            continue;
        }
        let composite = composite_of.get(i.id.as_str()).copied();
        let verdict = composite.map_or(i.verdict, |c| c.verdict);
        let plan_v = composite.map_or(i.plan_verdict, |c| c.plan_verdict);
        if verdict.hj21.plan_word() != verdict.direction.plan_word() && opts.rules == Rules::Both {
            rules_differ.push(Line::new(
                2,
                Msg::analysis(EvalMsg::RulesDiffer {
                    id: i.id.clone(),
                    item: i.item.clone(),
                    hj21: verdict.hj21,
                    direction: verdict.direction,
                    reason: composite.map(|_| None).unwrap_or(Some(i.reason)),
                }),
            ));
        }
        match plan_v {
            Some(p) if verdict.direction.plan_word() != Some(p) => {
                plan_differs.push(Line::new(
                    2,
                    Msg::analysis(EvalMsg::PlanDiffers {
                        id: i.id.clone(),
                        item: i.item.clone(),
                        plan: p,
                        direction: verdict.direction,
                    }),
                ));
            }
            Some(_) => {}
            None => silent.push(i.id.clone()),
        }
    }
    let mut lines = vec![Line::new(
        0,
        Msg::analysis(EvalMsg::RulesNote {
            alpha: opts.alpha,
            min_change: opts.min_change,
            min_progress: opts.min_progress,
        }),
    )];
    group(&mut lines, EvalMsg::RulesDifferHeading, rules_differ);
    group(&mut lines, EvalMsg::PlanDiffersHeading, plan_differs);
    let stated_any = record.items.iter().any(|i| i.plan_verdict.is_some());
    if stated_any && !silent.is_empty() {
        lines.push(Line::new(
            1,
            Msg::analysis(EvalMsg::PlanSilent { ids: silent }),
        ));
    }
    // What could not be judged, named per indicator.
    for caution in [
        Caution::BStarNeedsYears,
        Caution::MetBySmallChange,
        Caution::GradedWithoutTest,
    ] {
        let with: Vec<&ItemResult> = record
            .items
            .iter()
            .filter(|i| i.cautions.contains(&caution))
            .collect();
        // A long list (most plans give no sample sizes) is one line of ids.
        let of: Vec<String> = if caution == Caution::GradedWithoutTest {
            let ids: Vec<String> = with
                .iter()
                .map(|i| format!("{} {}", i.id, i.sub).trim_end().to_string())
                .collect();
            if ids.is_empty() {
                vec![]
            } else {
                vec![ids.join(", ")]
            }
        } else {
            with.iter().map(|i| named(i)).collect()
        };
        if !of.is_empty() {
            lines.push(Line::new(
                1,
                Msg::analysis(EvalMsg::CautionHeading {
                    caution,
                    count: with.len(),
                    min_change: opts.min_change,
                }),
            ));
            lines.extend(of.into_iter().map(|n| Line::new(2, n)));
        }
    }
    // What the revision changed.
    let changed: Vec<Line> = record
        .items
        .iter()
        .filter(|i| matches!(i.revision, Some(Revision::New | Revision::Changed)))
        .map(|i| {
            Line::new(
                2,
                Msg::analysis(EvalMsg::Revised {
                    name: named(i),
                    revision: i.revision.unwrap_or(Revision::Kept),
                    // Graded against the revised target, or (at the
                    // mid-term) against the original with the revised one to come.
                    from: match (&i.original_target, &i.revised_target) {
                        (Some(o), _) => with_year(o, &i.year_texts[4]),
                        (None, Some(_)) => with_year(&i.target, &i.year_texts[3]),
                        (None, None) => String::new(),
                    },
                    to: match &i.revised_target {
                        Some(r) => with_year(r, &i.year_texts[4]),
                        None => with_year(&i.target, &i.year_texts[3]),
                    },
                }),
            )
        })
        .collect();
    group(&mut lines, EvalMsg::RevisedHeading, changed);
    lines
}

/// A target with its year as the plan prints it (`50.0% (平成28年度)`).
fn with_year(target: &str, year: &str) -> String {
    if year.is_empty() {
        target.to_string()
    } else {
        format!("{target} ({year})")
    }
}

/// A headed list of lines, where there are any.
fn group(lines: &mut Vec<Line>, heading: EvalMsg, entries: Vec<Line>) {
    if !entries.is_empty() {
        lines.push(Line::new(1, Msg::analysis(heading)));
        lines.extend(entries);
    }
}

fn report_of(record: EvaluationRecord, opts: &EvaluateOptions) -> Report {
    let mut sections = vec![Section {
        title: Msg::analysis(EvalMsg::ItemsHeading).into(),
        short_name: Some(Msg::analysis(EvalMsg::ItemsSheet).into()),
        blocks: vec![Block::Records(item_records(&record, opts.rules))],
    }];
    if !record.composites.is_empty() {
        let mut subs_of: HashMap<&str, Vec<String>> = HashMap::new();
        for i in &record.items {
            let g = if opts.rules == Rules::Direction {
                i.verdict.direction
            } else {
                i.verdict.hj21
            };
            subs_of
                .entry(i.id.as_str())
                .or_default()
                .push(format!("{} {}", i.sub, g.letter()));
        }
        let mut header = vec![EvalColumn::Id, EvalColumn::Item, EvalColumn::Subs];
        if opts.rules != Rules::Direction {
            header.extend([EvalColumn::MeanScore, EvalColumn::Hj21]);
            if record.has_midterm {
                header.push(EvalColumn::MidtermHj21);
            }
        }
        if opts.rules != Rules::Hj21 {
            header.push(EvalColumn::DirectionRule);
            if record.has_midterm {
                header.push(EvalColumn::MidtermDirection);
            }
        }
        let rows = record
            .composites
            .iter()
            .map(|c| {
                let grades = subs_of.get(c.id.as_str()).cloned().unwrap_or_default();
                let mut row = vec![
                    Cell::Text(c.id.clone().into()),
                    Cell::Text(c.item.clone().into()),
                    Cell::Text(grades.join(", ").into()),
                ];
                if opts.rules != Rules::Direction {
                    row.push(c.mean_score.hj21.map_or(Cell::Undefined, |v| Cell::Marked {
                        value: v,
                        decimals: 2,
                        stars: 0,
                    }));
                    row.push(grade_cell(c.verdict.hj21));
                    if record.has_midterm {
                        row.push(
                            c.midterm_verdict
                                .map_or(Cell::Undefined, |v| grade_cell(v.hj21)),
                        );
                    }
                }
                if opts.rules != Rules::Hj21 {
                    row.push(direction_cell(c.verdict.direction));
                    if record.has_midterm {
                        row.push(
                            c.midterm_verdict
                                .map_or(Cell::Undefined, |v| direction_cell(v.direction)),
                        );
                    }
                }
                row
            })
            .collect();
        sections.push(Section {
            title: Msg::analysis(EvalMsg::CompositesHeading).into(),
            short_name: Some(Msg::analysis(EvalMsg::CompositesSheet).into()),
            blocks: vec![Block::Grid(Grid {
                heading: None,
                header: header
                    .into_iter()
                    .map(|c| Text::from(Msg::analysis(EvalMsg::Column(c))))
                    .collect(),
                rows,
            })],
        });
    }
    let charts = unit_charts(&record, opts.rules);
    if !charts.is_empty() {
        sections.push(Section {
            title: Msg::analysis(EvalMsg::ChartsHeading).into(),
            short_name: None,
            blocks: charts,
        });
    }
    let mut tally_blocks = vec![Block::Grid(tally_grid(&record, opts.rules))];
    tally_blocks.extend(
        domain_grids(&record, opts.rules)
            .into_iter()
            .map(Block::Grid),
    );
    tally_blocks.push(Block::Lines(notes(&record, opts)));
    sections.push(Section {
        title: Msg::analysis(EvalMsg::TallySheet).into(),
        short_name: Some(Msg::analysis(EvalMsg::TallySheet).into()),
        blocks: tally_blocks,
    });
    let mut preamble = vec![Line::new(
        0,
        Msg::analysis(EvalMsg::Read {
            source: record.source.clone(),
            rows: record.items.len(),
        }),
    )];
    if !record.ignored_columns.is_empty() {
        preamble.push(Line::new(
            0,
            Msg::analysis(EvalMsg::IgnoredColumns {
                columns: record.ignored_columns.clone(),
            }),
        ));
    }
    Report {
        title: Some(Msg::analysis(EvalMsg::Title).into()),
        preamble,
        sections,
        closing: vec![],
        data: Some(Box::new(record)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Grade::*;

    #[test]
    fn gosha_rokunyu() {
        // 最終評価's example: D, B*, D → 2.67 → C.
        assert_eq!(composite_grade(&[D, BStar, D]).0, C);
        // x.5 rounds down, x.6 up.
        assert_eq!(composite_grade(&[D, C]).0, D);
        assert_eq!(composite_grade(&[A, B]).0, B);
        assert_eq!(composite_grade(&[B, B, BStar, D, A]).0, BStar); // 4.2
        assert_eq!(composite_grade(&[E, E]).0, E);
        assert_eq!(composite_grade(&[A, E]).0, A);
    }

    /// 最終評価報告書 第2章: B is B* unless the item would be A at the
    /// target year, each B projected to A and each B* to B.
    #[test]
    fn composite_b_or_b_star_by_projection() {
        // B, B, B* → 4.0 → B-level; projected A, A, B → 4.67 → A → B.
        assert_eq!(composite_grade(&[B, B, BStar]).0, B);
        // C, B, B → 3.67 → B-level; projected C, A, A → 4.33 → B → B*.
        assert_eq!(composite_grade(&[C, B, B]).0, BStar);
        // The report's own examples: A+B → B, A+B* → B*.
        assert_eq!(composite_grade(&[A, B]).0, B);
        assert_eq!(composite_grade(&[A, BStar]).0, BStar);
        // The direction rule has no B*.
        assert_eq!(composite_direction(&[C, B, B]).0, B);
    }
}
