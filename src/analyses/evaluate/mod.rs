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
use crate::input::plan::{Direction, Plan, PlanRow, PlanVerdict, Target};
use crate::report::{
    Block, Cell, Grid, Line, Msg, ProgressChart, ProgressRow, Records, Report, Section, Text, Tone,
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
}

impl Default for EvaluateOptions {
    fn default() -> Self {
        EvaluateOptions {
            rules: Rules::Both,
            alpha: 0.05,
            min_change: 0.05,
            min_progress: 0.0,
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

/// One indicator graded (its JSON record).
#[derive(Debug, Clone, Serialize)]
pub struct ItemResult {
    pub id: String,
    pub item: String,
    pub sub: String,
    pub domain: String,
    pub line: usize,
    pub baseline: Option<f64>,
    pub baseline_year: Option<i32>,
    pub current: Option<f64>,
    pub current_year: Option<i32>,
    pub target: String,
    /// The target as a number, where the plan gives one.
    pub target_value: Option<f64>,
    pub target_year: Option<i32>,
    pub direction: Option<Direction>,
    pub target_met: Option<bool>,
    pub change: Option<f64>,
    pub relative_change: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<TestRecord>,
    pub line_value: Option<f64>,
    pub verdict: Verdicts,
    /// Why the hj21 grade is what it is.
    #[serde(skip)]
    pub reason: Reason,
    pub plan_verdict: Option<PlanVerdict>,
}

/// An item of several rows (its JSON record).
#[derive(Debug, Clone, Serialize)]
pub struct CompositeResult {
    pub id: String,
    pub item: String,
    pub subs: Vec<String>,
    pub mean_score: PerRule<Option<f64>>,
    pub verdict: Verdicts,
    pub plan_verdict: Option<PlanVerdict>,
}

/// The direction an item improves in: the `direction` column, else the
/// target's words, else from the baseline towards a numeric target.
fn direction_of(r: &PlanRow) -> Option<Direction> {
    r.direction
        .or(r.target.direction())
        .or(match (r.target, r.baseline) {
            (Target::Value { value, .. }, Some(b)) if value > b => Some(Direction::Up),
            (Target::Value { value, .. }, Some(b)) if value < b => Some(Direction::Down),
            _ => None,
        })
}

fn better(direction: Direction, change: f64) -> f64 {
    match direction {
        Direction::Up => change,
        Direction::Down => -change,
    }
}

fn target_met(r: &PlanRow, direction: Direction, b: f64, c: f64, opts: &EvaluateOptions) -> bool {
    match r.target {
        Target::Value { value, .. } => match direction {
            Direction::Up => c >= value,
            Direction::Down => c <= value,
        },
        Target::Increase => c > b,
        Target::Decrease => c < b,
        Target::NotIncrease => c <= b,
        Target::NotDecrease => c >= b,
        Target::Maintain => match r.direction {
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

/// A test of the change where the row's data allow one.
fn change_test(r: &PlanRow, b: f64, c: f64) -> Option<TestRecord> {
    let record = |method, t: ChangeTest| TestRecord {
        method,
        statistic: t.statistic,
        p: t.p,
    };
    if let (Some(n1), Some(n2)) = (r.baseline_n, r.current_n) {
        let (p1, p2) = match (r.baseline_count, r.current_count) {
            (Some(x1), Some(x2)) => (x1 as f64 / n1, x2 as f64 / n2),
            _ => (share(r, b), share(r, c)),
        };
        return two_proportions(p1, n1, p2, n2).map(|t| record("two-proportion z", t));
    }
    if let (Some(x1), Some(x2)) = (r.baseline_count, r.current_count)
        && b > 0.0
        && c > 0.0
    {
        // Exposures behind the rates: count / rate.
        return two_counts(x1, x1 as f64 / b, x2, x2 as f64 / c)
            .map(|t| record("exact Poisson", t));
    }
    if let (Some(s1), Some(s2)) = (r.baseline_se, r.current_se) {
        return with_standard_errors(b, s1, c, s2).map(|t| record("z from standard errors", t));
    }
    None
}

/// The value of the straight line from the baseline (at its year) to the
/// target (at the target year), at the current year.
fn line_value(r: &PlanRow, b: f64) -> Option<f64> {
    let Target::Value { value: t, .. } = r.target else {
        return None;
    };
    let (by, cy, ty) = (r.baseline_year?, r.current_year?, r.target_year?);
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

fn grade_row(r: &PlanRow, opts: &EvaluateOptions) -> ItemResult {
    let mut out = ItemResult {
        id: r.id.clone(),
        item: r.item.clone(),
        sub: r.sub.clone(),
        domain: r.domain.clone(),
        line: r.line,
        baseline: r.baseline,
        baseline_year: r.baseline_year,
        current: r.current,
        current_year: r.current_year,
        target: r.target_text.clone(),
        target_value: match r.target {
            Target::Value { value, .. } => Some(value),
            _ => None,
        },
        target_year: r.target_year,
        direction: None,
        target_met: None,
        change: None,
        relative_change: None,
        test: None,
        line_value: None,
        verdict: Verdicts {
            hj21: Grade::E,
            direction: Grade::E,
        },
        reason: Reason::NoBaseline,
        plan_verdict: r.plan_verdict,
    };
    if r.target == Target::Elsewhere {
        out.reason = Reason::TargetElsewhere;
        return out;
    }
    let (Some(b), Some(c)) = (r.baseline, r.current) else {
        out.reason = if r.baseline.is_none() {
            Reason::NoBaseline
        } else {
            Reason::NoCurrent
        };
        return out;
    };
    let Some(direction) = direction_of(r) else {
        out.reason = Reason::NoDirection;
        return out;
    };
    out.direction = Some(direction);
    let change = c - b;
    out.change = Some(change);
    out.relative_change = (b != 0.0).then(|| change / b.abs());
    let met = target_met(r, direction, b, c, opts);
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
    out.line_value = line_value(r, b);
    if met {
        out.verdict.hj21 = Grade::A;
        out.reason = Reason::Met;
        return out;
    }
    let test = change_test(r, b, c);
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
            let relative = out.relative_change.map_or(f64::INFINITY, f64::abs);
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
            let progress = match r.target {
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
                    _ => Grade::B,
                },
            }
        }
        Some(false) => Grade::D,
        None => Grade::C,
    };
    out
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

/// The evaluation of a plan (its JSON contract).
#[derive(Serialize)]
pub struct EvaluationRecord {
    pub source: String,
    pub items: Vec<ItemResult>,
    pub composites: Vec<CompositeResult>,
    /// Evaluation items (ids) per grade: `{"A": 6, "B": 4, "B*": 4, …}`.
    pub tally: PerRule<std::collections::BTreeMap<&'static str, usize>>,
    /// Items whose direction-rule grade differs from the plan's own verdict.
    pub plan_disagreements: Vec<String>,
}

/// One evaluation item (an id): its verdicts and the plan's.
struct ItemLevel {
    id: String,
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
            let (hj21, mean_h) =
                composite_grade(&rows.iter().map(|r| r.verdict.hj21).collect::<Vec<_>>());
            let (direction, mean_d) =
                composite_direction(&rows.iter().map(|r| r.verdict.direction).collect::<Vec<_>>());
            let v = Verdicts { hj21, direction };
            composites.push(CompositeResult {
                id: id.to_string(),
                item: rows[0].item.clone(),
                subs: rows.iter().map(|r| r.sub.clone()).collect(),
                mean_score: PerRule {
                    hj21: mean_h,
                    direction: mean_d,
                },
                verdict: v,
                plan_verdict,
            });
            v
        };
        levels.push(ItemLevel {
            id: id.to_string(),
            verdict,
            plan: plan_verdict,
        });
    }
    let tally = |pick: fn(&Verdicts) -> Grade| {
        Grade::ALL
            .iter()
            .map(|g| {
                (
                    g.letter(),
                    levels.iter().filter(|l| pick(&l.verdict) == *g).count(),
                )
            })
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let plan_disagreements = levels
        .iter()
        .filter(|l| l.plan.is_some() && l.verdict.direction.plan_word() != l.plan)
        .map(|l| l.id.clone())
        .collect();
    EvaluationRecord {
        source: plan.source.display().to_string(),
        tally: PerRule {
            hj21: tally(|v| v.hj21),
            direction: tally(|v| v.direction),
        },
        items,
        composites,
        plan_disagreements,
    }
}

fn cell_number(v: Option<f64>) -> Cell {
    match v {
        Some(value) if value.is_finite() => Cell::Figure(value),
        _ => Cell::Undefined,
    }
}

fn with_year(value: Cell, y: Option<i32>) -> Cell {
    match (value, y) {
        (Cell::Undefined, _) => Cell::Undefined,
        (value, Some(year)) => Cell::WithYear {
            value: Box::new(value),
            year,
        },
        (value, None) => value,
    }
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

fn item_records(items: &[ItemResult], rules: Rules) -> Records {
    use EvalColumn as C;
    let mut columns = vec![
        column("id", C::Id),
        column("item", C::Item),
        column("sub", C::Sub),
        column("baseline", C::Baseline),
        column("current", C::Current),
        column("target", C::Target),
        column("change", C::Change),
        column("relative_change", C::RelativeChange),
        column("p", C::P),
        column("line_value", C::LineValue),
    ];
    if rules != Rules::Direction {
        columns.push(column("hj21", C::Hj21));
    }
    if rules != Rules::Hj21 {
        columns.push(column("direction", C::DirectionRule));
    }
    columns.push(column("plan_verdict", C::Plan));
    columns.push(column("reason", C::Reason));
    let rows = items
        .iter()
        .map(|i| {
            let mut row = vec![
                Cell::Text(i.id.clone().into()),
                Cell::Text(i.item.clone().into()),
                Cell::Text(i.sub.clone().into()),
                with_year(cell_number(i.baseline), i.baseline_year),
                with_year(cell_number(i.current), i.current_year),
                with_year(Cell::Text(i.target.clone().into()), i.target_year),
                cell_number(i.change),
                i.relative_change
                    .filter(|r| r.is_finite())
                    .map_or(Cell::Undefined, |r| Cell::Change {
                        value: 100.0 * r,
                        decimals: 1,
                        percent: true,
                    }),
                i.test.as_ref().map_or(Cell::Undefined, |t| Cell::P(t.p)),
                cell_number(i.line_value),
            ];
            if rules != Rules::Direction {
                row.push(grade_cell(i.verdict.hj21));
            }
            if rules != Rules::Hj21 {
                row.push(Cell::Text(
                    Msg::analysis(EvalMsg::DirectionWord(i.verdict.direction)).into(),
                ));
            }
            row.push(plan_cell(i.plan_verdict));
            row.push(Cell::Text(Msg::analysis(EvalMsg::Reason(i.reason)).into()));
            row
        })
        .collect();
    Records { columns, rows }
}

fn tally_grid(record: &EvaluationRecord, rules: Rules) -> Grid {
    let total: usize = record.tally.hj21.values().sum();
    let pct = |n: usize| {
        if total == 0 {
            Cell::Undefined
        } else {
            Cell::Marked {
                value: 100.0 * n as f64 / total as f64,
                decimals: 1,
                stars: 0,
            }
        }
    };
    let mut header: Vec<Text> = vec![Msg::analysis(EvalMsg::GradeHeader).into()];
    if rules != Rules::Direction {
        header.push(Msg::analysis(EvalMsg::Column(EvalColumn::Hj21)).into());
        header.push("%".into());
    }
    if rules != Rules::Hj21 {
        header.push(Msg::analysis(EvalMsg::Column(EvalColumn::DirectionRule)).into());
        header.push("%".into());
    }
    let rows = Grade::ALL
        .iter()
        .map(|g| {
            let mut row = vec![Cell::Text(Msg::analysis(EvalMsg::GradeName(*g)).into())];
            if rules != Rules::Direction {
                let n = record.tally.hj21[g.letter()];
                row.extend([Cell::Count(n as u64), pct(n)]);
            }
            if rules != Rules::Hj21 {
                let n = record.tally.direction[g.letter()];
                row.extend([Cell::Count(n as u64), pct(n)]);
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

/// An indicator's label on a chart: its id, the item cut to 18 characters, its sub.
fn chart_label(i: &ItemResult) -> String {
    let mut item: String = i.item.chars().take(18).collect();
    if i.item.chars().count() > 18 {
        item.push('…');
    }
    [i.id.as_str(), item.as_str(), i.sub.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One chart per domain (in the order the file first names them): every
/// indicator with a baseline and a current value.
fn domain_charts(items: &[ItemResult]) -> Vec<Block> {
    let mut domains: Vec<&str> = Vec::new();
    for i in items {
        if !domains.contains(&i.domain.as_str()) {
            domains.push(&i.domain);
        }
    }
    domains
        .into_iter()
        .filter_map(|d| {
            let rows: Vec<ProgressRow> = items
                .iter()
                .filter(|i| i.domain == d)
                .filter_map(|i| {
                    Some(ProgressRow {
                        label: chart_label(i).into(),
                        baseline: i.baseline?,
                        current: i.current?,
                        target: i.target_value,
                        grade: i.verdict.hj21.letter().into(),
                        tone: i.verdict.hj21.tone(),
                    })
                })
                .collect();
            (!rows.is_empty()).then(|| {
                Block::Progress(ProgressChart {
                    title: Msg::analysis(EvalMsg::ChartTitle {
                        domain: d.to_string(),
                    })
                    .into(),
                    rows,
                    legend: Grade::ALL
                        .iter()
                        .map(|g| (g.tone(), Msg::analysis(EvalMsg::GradeName(*g)).into()))
                        .collect(),
                    target_label: Msg::analysis(EvalMsg::TargetMark).into(),
                    caption: vec![Msg::analysis(EvalMsg::ChartCaption).into()],
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

fn report_of(record: EvaluationRecord, opts: &EvaluateOptions) -> Report {
    let mut notes = vec![Line::new(
        0,
        Msg::analysis(EvalMsg::RulesNote {
            alpha: opts.alpha,
            min_change: opts.min_change,
            min_progress: opts.min_progress,
        }),
    )];
    // Item-level disagreements: between the two rules, and with the plan.
    let mut seen = std::collections::HashSet::new();
    let composite_of: HashMap<&str, &CompositeResult> = record
        .composites
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    for i in &record.items {
        if !seen.insert(i.id.as_str()) {
            continue;
        }
        let composite = composite_of.get(i.id.as_str()).copied();
        let verdict = composite.map_or(i.verdict, |c| c.verdict);
        let plan_v = composite.map_or(i.plan_verdict, |c| c.plan_verdict);
        if verdict.hj21.plan_word() != verdict.direction.plan_word() && opts.rules == Rules::Both {
            notes.push(Line::new(
                1,
                Msg::analysis(EvalMsg::RulesDiffer {
                    id: i.id.clone(),
                    item: i.item.clone(),
                    hj21: verdict.hj21,
                    direction: verdict.direction,
                    reason: i.reason,
                }),
            ));
        }
        match plan_v {
            Some(p) if verdict.direction.plan_word() != Some(p) => {
                notes.push(Line::new(
                    1,
                    Msg::analysis(EvalMsg::PlanDiffers {
                        id: i.id.clone(),
                        item: i.item.clone(),
                        plan: p,
                        direction: verdict.direction,
                    }),
                ));
            }
            Some(_) => {}
            None => notes.push(Line::new(
                1,
                Msg::analysis(EvalMsg::PlanSilent {
                    id: i.id.clone(),
                    item: i.item.clone(),
                    hj21: verdict.hj21,
                    direction: verdict.direction,
                }),
            )),
        }
    }
    let mut sections = vec![Section {
        title: Msg::analysis(EvalMsg::ItemsHeading).into(),
        short_name: Some(Msg::analysis(EvalMsg::ItemsSheet).into()),
        blocks: vec![Block::Records(item_records(&record.items, opts.rules))],
    }];
    if !record.composites.is_empty() {
        let mut subs_of: HashMap<&str, Vec<String>> = HashMap::new();
        for i in &record.items {
            subs_of.entry(i.id.as_str()).or_default().push(format!(
                "{} {}",
                i.sub,
                i.verdict.hj21.letter()
            ));
        }
        let rows = record
            .composites
            .iter()
            .map(|c| {
                let grades = subs_of.get(c.id.as_str()).cloned().unwrap_or_default();
                vec![
                    Cell::Text(c.id.clone().into()),
                    Cell::Text(c.item.clone().into()),
                    Cell::Text(grades.join(", ").into()),
                    c.mean_score.hj21.map_or(Cell::Undefined, |v| Cell::Marked {
                        value: v,
                        decimals: 2,
                        stars: 0,
                    }),
                    Cell::Text(c.verdict.hj21.letter().into()),
                    Cell::Text(Msg::analysis(EvalMsg::DirectionWord(c.verdict.direction)).into()),
                ]
            })
            .collect();
        sections.push(Section {
            title: Msg::analysis(EvalMsg::CompositesHeading).into(),
            short_name: Some(Msg::analysis(EvalMsg::CompositesSheet).into()),
            blocks: vec![Block::Grid(Grid {
                heading: None,
                header: [
                    EvalColumn::Id,
                    EvalColumn::Item,
                    EvalColumn::Subs,
                    EvalColumn::MeanScore,
                    EvalColumn::Hj21,
                    EvalColumn::DirectionRule,
                ]
                .map(|c| Text::from(Msg::analysis(EvalMsg::Column(c))))
                .to_vec(),
                rows,
            })],
        });
    }
    let charts = domain_charts(&record.items);
    if !charts.is_empty() {
        sections.push(Section {
            title: Msg::analysis(EvalMsg::ChartTitle {
                domain: String::new(),
            })
            .into(),
            short_name: None,
            blocks: charts,
        });
    }
    sections.push(Section {
        title: Msg::analysis(EvalMsg::TallySheet).into(),
        short_name: Some(Msg::analysis(EvalMsg::TallySheet).into()),
        blocks: vec![
            Block::Grid(tally_grid(&record, opts.rules)),
            Block::Lines(notes),
        ],
    });
    Report {
        title: Some(Msg::analysis(EvalMsg::Title).into()),
        preamble: vec![Line::new(
            0,
            Msg::analysis(EvalMsg::Read {
                source: record.source.clone(),
                rows: record.items.len(),
            }),
        )],
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
