//! Standardized ratios (標準化該当比, SMR/SIR) by indirect standardization,
//! and age-adjusted rates by direct standardization, for every area × item
//! × sex of a study population against a standard (national) population —
//! the research team's NDB charts, with intervals, p-values adjusted across
//! areas and across items, and funnel plots.
//!
//! Strata are matched by (item, sex, age band). Every study stratum must be
//! in the standard; for every item an area has, the area must have every
//! stratum the standard has for that item (a missing age band would
//! silently lower E). Items of the standard that no area has are ignored, so
//! a national file of all 46 items can serve a study of three.

pub mod messages;

use crate::analyses::ratio::messages::{Across, AdjustName, CiName, RatioColumn, RatioMsg};
use crate::error::{Error, InputError, Result};
use crate::input::rates::{Count, Standard, StandardStratum, StratumKey, Study};
use crate::report::messages::data_errors::DataExpected;
use crate::report::messages::errors::{Expected, Usage};
use crate::report::{
    Block, Cell, ControlLimits, Estimate, Flag, FunnelChart, FunnelPoint, IntervalChart,
    IntervalRow, IntervalStyle, Line, Msg, Name, Records, Report, Section, Text,
};
use crate::standard_population::s60_weight;
use crate::stats::measures::{benjamini_hochberg, holm};
use crate::stats::poisson::{
    Interval, binomial_log_interval, byar_interval, central_p, exact_interval, exact_p,
    funnel_limits,
};
use crate::stats::standardize::{DirectStratum, IndirectStratum, direct_rate, observed_expected};
use serde::Serialize;
use std::collections::HashMap;

/// Which interval a standardized ratio gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CiMethod {
    /// Exact Poisson limits from χ² quantiles (`poisson.test`).
    #[default]
    Exact,
    /// Byar's approximation to them.
    Byar,
    /// Log-scale Wald limits with the binomial variance of O (for common conditions).
    Binomial,
}

/// A standard population built in, for direct standardization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelPopulation {
    /// 昭和60年モデル人口 (5-year bands 0–4 … 85+).
    S60,
}

/// How the two-sided exact p of a ratio is formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PMethod {
    /// Twice the smaller tail: the p of the exact interval, so "the interval
    /// leaves out 100" and "p < α" always agree.
    #[default]
    Central,
    /// `poisson.test`'s: every count no more likely than O ("minlike");
    /// it can fall below 0.05 while the 95 % interval holds 100.
    Minlike,
}

/// What to do with counts printed as masked ("‐" for under 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MaskedPolicy {
    /// Stop and list them.
    #[default]
    Stop,
    /// Leave masked strata out of both O and E.
    Exclude,
    /// Give the range with every masked count at 1 and at 9.
    Bounds,
}

/// The adjustment of p-values across a family of comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Adjustment {
    #[default]
    Holm,
    BenjaminiHochberg,
    None,
}

/// Indirect (ratios) or direct (adjusted rates) standardization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    #[default]
    Indirect,
    Direct,
}

/// The settings of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatioOptions {
    pub method: Method,
    pub level: f64,
    pub ci: CiMethod,
    pub p_method: PMethod,
    /// The standard is the study's own total (`--standard study`, 対県).
    pub own_standard: bool,
    /// Direct rates weighted by a built-in model population instead of the
    /// standard file's populations.
    pub model_population: Option<ModelPopulation>,
    /// Also a ratio per stratum (area × item × sex × age band).
    pub by_stratum: bool,
    /// Each area's chart on its own scale (with the slides' caution), not
    /// one scale across the areas.
    pub own_scale: bool,
    pub masked: MaskedPolicy,
    pub adjust: Adjustment,
    /// Direct rates are per this many people (100 = %).
    pub per: f64,
}

impl Default for RatioOptions {
    fn default() -> Self {
        RatioOptions {
            method: Method::Indirect,
            level: 0.95,
            ci: CiMethod::Exact,
            p_method: PMethod::Central,
            own_standard: false,
            model_population: None,
            by_stratum: false,
            own_scale: false,
            masked: MaskedPolicy::Stop,
            adjust: Adjustment::Holm,
            per: 100.0,
        }
    }
}

/// The smallest masked count and the largest (NDB hides 1–9).
const MASKED_LOW: u64 = 1;
const MASKED_HIGH: u64 = 9;

/// The `sex` of results over both sexes together.
pub const BOTH_SEXES: &str = "total";

/// The `area` of the total over every area of the study in JSON (the
/// research team's 県全体, shown first beside the 二次医療圏; `area_kind`
/// is `"total"` too). People read it as 県全体 / All areas.
pub const TOTAL_AREA: &str = "total";

/// An area as people read it: 県全体 (All areas) for the total.
fn area_name(area: &str) -> Name {
    if area == TOTAL_AREA {
        Name::Label(messages::all_areas())
    } else {
        Name::Plain(area.to_string())
    }
}

/// One study stratum matched with the standard's.
struct Matched<'a> {
    area: usize,
    item: usize,
    sex: usize,
    count: &'a Count,
    population: f64,
    standard: &'a StandardStratum,
}

/// Areas, items and sexes in the order the study file first names them.
#[derive(Default)]
struct Levels {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Levels {
    fn of(&mut self, name: &str) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), self.names.len() - 1);
        self.names.len() - 1
    }
}

struct Matching<'a> {
    areas: Levels,
    items: Levels,
    sexes: Levels,
    strata: Vec<Matched<'a>>,
}

fn study_error(
    study: &Study,
    line: usize,
    column: &str,
    value: &str,
    e: DataExpected,
) -> InputError {
    InputError::new(&study.source, Expected::Data(e))
        .line(line)
        .column(column)
        .value(value)
}

/// Matches every study stratum with the standard's; reports every stratum
/// present on one side only (for the items the study has).
fn match_strata<'a>(study: &'a Study, standard: &'a Standard) -> Result<Matching<'a>> {
    let by_key: HashMap<&StratumKey, &StandardStratum> =
        standard.strata.iter().map(|s| (&s.key, s)).collect();
    let mut m = Matching {
        areas: Levels::default(),
        items: Levels::default(),
        sexes: Levels::default(),
        strata: Vec::with_capacity(study.strata.len()),
    };
    let mut errors = Vec::new();
    let mut present: HashMap<(usize, &StratumKey), ()> = HashMap::new();
    let mut first_line: HashMap<(usize, usize), usize> = HashMap::new();
    for s in &study.strata {
        let Some(&std) = by_key.get(&s.key) else {
            let shown = format!("{} / {} / {}", s.key.item, s.key.sex, s.key.age_band);
            errors.push(study_error(
                study,
                s.line,
                &study.headers[1],
                &shown,
                DataExpected::StratumInStandard,
            ));
            continue;
        };
        let (area, item, sex) = (
            m.areas.of(&s.area),
            m.items.of(&s.key.item),
            m.sexes.of(&s.key.sex),
        );
        present.insert((area, &std.key), ());
        first_line.entry((area, item)).or_insert(s.line);
        m.strata.push(Matched {
            area,
            item,
            sex,
            count: &s.count,
            population: s.population,
            standard: std,
        });
    }
    for (&(area, item), &line) in &first_line {
        for std in standard
            .strata
            .iter()
            .filter(|s| s.key.item == m.items.names[item])
        {
            if !present.contains_key(&(area, &std.key)) {
                let k = &std.key;
                errors.push(study_error(
                    study,
                    line,
                    &study.headers[0],
                    &m.areas.names[area],
                    DataExpected::StratumInArea {
                        area: m.areas.names[area].clone(),
                        item: k.item.clone(),
                        sex: k.sex.clone(),
                        age_band: k.age_band.clone(),
                    },
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(m)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(Error::Input(errors))
    }
}

/// Under `--masked stop`, every masked count is an error.
fn refuse_masked(study: &Study) -> Result<()> {
    let errors: Vec<InputError> = study
        .strata
        .iter()
        .filter_map(|s| match &s.count {
            Count::Masked(mark) => Some(study_error(
                study,
                s.line,
                s.count_column.as_deref().unwrap_or(&study.headers[4]),
                mark,
                DataExpected::Unmasked,
            )),
            Count::Known(_) => None,
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Input(errors))
    }
}

/// Which sex a result is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum SexKey {
    One(usize),
    Both,
}

/// Which area a result is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum AreaKey {
    /// Every area of the study together (県全体).
    Total,
    One(usize),
}

/// One area × item × sex: the strata that go into it.
struct Group<'m, 'a> {
    area: AreaKey,
    item: usize,
    sex: SexKey,
    strata: Vec<&'m Matched<'a>>,
}

impl Group<'_, '_> {
    /// The area, item and sex as results name them (`"total"` for both sexes).
    fn names(&self, m: &Matching) -> (String, String, String) {
        let sex = match self.sex {
            SexKey::One(i) => m.sexes.names[i].clone(),
            SexKey::Both => BOTH_SEXES.to_string(),
        };
        let area = match self.area {
            AreaKey::Total => TOTAL_AREA.to_string(),
            AreaKey::One(i) => m.areas.names[i].clone(),
        };
        (area, m.items.names[self.item].clone(), sex)
    }

    /// `"total"` for 県全体, else `"area"`.
    fn kind(&self) -> &'static str {
        match self.area {
            AreaKey::Total => "total",
            AreaKey::One(_) => "area",
        }
    }
}

/// Whether the study gets a 県全体: it has two areas or more. (A total row
/// of a published table is refused when the study is read, so the areas
/// are never counted twice.)
fn computes_total(m: &Matching) -> bool {
    m.areas.names.len() > 1
}

fn groups<'m, 'a>(m: &'m Matching<'a>) -> Vec<Group<'m, 'a>> {
    let mut index: HashMap<(usize, usize, SexKey), Vec<&'m Matched<'a>>> = HashMap::new();
    for s in &m.strata {
        index
            .entry((s.area, s.item, SexKey::One(s.sex)))
            .or_default()
            .push(s);
        index
            .entry((s.area, s.item, SexKey::Both))
            .or_default()
            .push(s);
    }
    let mut out = Vec::new();
    // 県全体 first: every area's strata of the item (and sex) together.
    if computes_total(m) {
        for item in 0..m.items.names.len() {
            let of_item: Vec<&'m Matched<'a>> =
                m.strata.iter().filter(|s| s.item == item).collect();
            let sexes: Vec<usize> = (0..m.sexes.names.len())
                .filter(|&x| of_item.iter().any(|s| s.sex == x))
                .collect();
            for &x in &sexes {
                out.push(Group {
                    area: AreaKey::Total,
                    item,
                    sex: SexKey::One(x),
                    strata: of_item.iter().copied().filter(|s| s.sex == x).collect(),
                });
            }
            if sexes.len() > 1 {
                out.push(Group {
                    area: AreaKey::Total,
                    item,
                    sex: SexKey::Both,
                    strata: of_item.clone(),
                });
            }
        }
    }
    for area in 0..m.areas.names.len() {
        for item in 0..m.items.names.len() {
            let sexes: Vec<SexKey> = (0..m.sexes.names.len()).map(SexKey::One).collect();
            let with_sexes: Vec<SexKey> = sexes
                .into_iter()
                .filter(|k| index.contains_key(&(area, item, *k)))
                .collect();
            let both = (with_sexes.len() > 1).then_some(SexKey::Both);
            for sex in with_sexes.iter().copied().chain(both) {
                if let Some(strata) = index.remove(&(area, item, sex)) {
                    out.push(Group {
                        area: AreaKey::One(area),
                        item,
                        sex,
                        strata,
                    });
                }
            }
        }
    }
    out
}

/// One group per stratum (area × item × sex × age band), 県全体's first
/// (each band over every area): the per-stratum ratios of `--by-stratum`.
fn stratum_groups<'m, 'a>(m: &'m Matching<'a>) -> Vec<(String, Group<'m, 'a>)> {
    let mut out = Vec::new();
    if computes_total(m) {
        let mut bands: Vec<(usize, usize, &str)> = Vec::new();
        let mut of: HashMap<(usize, usize, &str), Vec<&'m Matched<'a>>> = HashMap::new();
        for s in &m.strata {
            let key = (s.item, s.sex, s.standard.key.age_band.as_str());
            let list = of.entry(key).or_default();
            if list.is_empty() {
                bands.push(key);
            }
            list.push(s);
        }
        for key in bands {
            out.push((
                key.2.to_string(),
                Group {
                    area: AreaKey::Total,
                    item: key.0,
                    sex: SexKey::One(key.1),
                    strata: of.remove(&key).unwrap_or_default(),
                },
            ));
        }
    }
    for s in &m.strata {
        out.push((
            s.standard.key.age_band.clone(),
            Group {
                area: AreaKey::One(s.area),
                item: s.item,
                sex: SexKey::One(s.sex),
                strata: vec![s],
            },
        ));
    }
    out
}

/// A count with masked values filled (`None`: leave masked strata out).
fn filled(count: &Count, fill: Option<u64>) -> Option<u64> {
    match count {
        Count::Known(n) => Some(*n),
        Count::Masked(_) => fill,
    }
}

/// An indirectly standardized ratio of one area × item × sex (its JSON record).
#[derive(Debug, Clone, Serialize)]
pub struct RatioResult {
    /// The age band of a per-stratum ratio (`--by-stratum`'s `strata[]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_band: Option<String>,
    pub area: String,
    /// `"total"` for 県全体 (the first rows), `"area"` for the others.
    pub area_kind: &'static str,
    pub item: String,
    /// As in the file; `"total"` for both sexes together.
    pub sex: String,
    /// O (absent when masked counts leave it a range).
    pub observed: Option<u64>,
    /// E = Σ standard rate × population.
    pub expected: f64,
    /// 100 × O/E.
    pub ratio: Option<f64>,
    pub ratio_minus_100: Option<f64>,
    /// 100 × the interval's limits.
    pub ci_lower: Option<f64>,
    pub ci_upper: Option<f64>,
    /// The two-sided exact Poisson p of O/E = 1.
    pub p: Option<f64>,
    /// p adjusted across the areas of this item and sex.
    pub p_adjusted_areas: Option<f64>,
    /// p adjusted across the items of this area and sex.
    pub p_adjusted_items: Option<f64>,
    pub masked_strata: usize,
    /// Population of the masked strata left out (`--masked exclude`).
    pub excluded_population: f64,
    /// O with masked counts at 1 and at 9 (`--masked bounds`).
    pub observed_bounds: Option<[u64; 2]>,
    pub ratio_bounds: Option<[f64; 2]>,
    /// Under `--masked exclude`: the share of E (counted with every stratum)
    /// that the left-out masked strata held. Above one half the ratio says
    /// more about the mask than the area: it is flagged and not charted.
    pub masked_share_of_expected: f64,
    pub mostly_masked: bool,
    /// `"higher"` or `"lower"` where the interval leaves out 100, else null.
    pub significance: Option<&'static str>,
}

/// Above this share of E in masked strata, a ratio under `--masked exclude`
/// is flagged and left out of the charts (`--masked bounds` shows its range).
const MOSTLY_MASKED: f64 = 0.5;

impl RatioResult {
    /// Whether the interval leaves out 100: +1 above, −1 below, 0 not.
    fn side(&self) -> i8 {
        match (self.ci_lower, self.ci_upper) {
            (Some(l), _) if l > 100.0 => 1,
            (_, Some(u)) if u < 100.0 => -1,
            _ => 0,
        }
    }
}

fn interval(o: u64, e: f64, strata: &[(u64, f64)], opts: &RatioOptions) -> Option<Interval> {
    if e.is_nan() || e <= 0.0 {
        return None;
    }
    match opts.ci {
        CiMethod::Exact => Some(exact_interval(o, e, opts.level)),
        CiMethod::Byar => Some(byar_interval(o, e, opts.level)),
        CiMethod::Binomial => binomial_log_interval(strata, e, opts.level),
    }
}

fn indirect(g: &Group, m: &Matching, opts: &RatioOptions) -> RatioResult {
    let masked: Vec<&&Matched> = g
        .strata
        .iter()
        .filter(|s| matches!(s.count, Count::Masked(_)))
        .collect();
    let scenario = |fill: Option<u64>| {
        let strata: Vec<IndirectStratum> = g
            .strata
            .iter()
            .filter_map(|s| {
                filled(s.count, fill).map(|observed| IndirectStratum {
                    observed,
                    population: s.population,
                    standard_rate: s.standard.rate,
                })
            })
            .collect();
        let (o, e) = observed_expected(&strata);
        // A stratum of nobody adds 0 to O and E, and has no proportion.
        let pairs: Vec<(u64, f64)> = strata
            .iter()
            .filter(|s| s.population > 0.0)
            .map(|s| (s.observed, s.population))
            .collect();
        (o, e, interval(o, e, &pairs, opts))
    };
    let (area, item, sex) = g.names(m);
    let mut r = RatioResult {
        age_band: None,
        area,
        area_kind: g.kind(),
        item,
        sex,
        observed: None,
        expected: 0.0,
        ratio: None,
        ratio_minus_100: None,
        ci_lower: None,
        ci_upper: None,
        p: None,
        p_adjusted_areas: None,
        p_adjusted_items: None,
        masked_strata: masked.len(),
        excluded_population: 0.0,
        observed_bounds: None,
        ratio_bounds: None,
        masked_share_of_expected: 0.0,
        mostly_masked: false,
        significance: None,
    };
    let percent = |x: f64| 100.0 * x;
    if masked.is_empty() || opts.masked == MaskedPolicy::Exclude {
        let (o, e, ci) = scenario(None);
        r.observed = Some(o);
        r.expected = e;
        if opts.masked == MaskedPolicy::Exclude {
            r.excluded_population = masked.iter().map(|s| s.population).sum();
            let masked_e: f64 = masked.iter().map(|s| s.population * s.standard.rate).sum();
            if masked_e > 0.0 {
                r.masked_share_of_expected = masked_e / (e + masked_e);
                r.mostly_masked = r.masked_share_of_expected > MOSTLY_MASKED;
            }
        }
        if e > 0.0 {
            let ratio = percent(o as f64 / e);
            r.ratio = Some(ratio);
            r.ratio_minus_100 = Some(ratio - 100.0);
            r.p = Some(match opts.p_method {
                PMethod::Central => central_p(o, e),
                PMethod::Minlike => exact_p(o, e),
            });
        }
        r.ci_lower = ci.map(|i| percent(i.lower));
        r.ci_upper = ci.map(|i| percent(i.upper));
    } else {
        let (low, e, low_ci) = scenario(Some(MASKED_LOW));
        let (high, _, high_ci) = scenario(Some(MASKED_HIGH));
        r.expected = e;
        r.observed_bounds = Some([low, high]);
        if e > 0.0 {
            r.ratio_bounds = Some([percent(low as f64 / e), percent(high as f64 / e)]);
        }
        r.ci_lower = low_ci.map(|i| percent(i.lower));
        r.ci_upper = high_ci.map(|i| percent(i.upper));
    }
    r.significance = match r.side() {
        1 => Some("higher"),
        -1 => Some("lower"),
        _ => None,
    };
    r
}

/// A directly standardized rate of one area × item × sex (its JSON record).
#[derive(Debug, Clone, Serialize)]
pub struct DirectResult {
    pub area: String,
    /// `"total"` for 県全体, `"area"` for the others.
    pub area_kind: &'static str,
    pub item: String,
    pub sex: String,
    pub count: Option<u64>,
    pub population: f64,
    /// Per `per` people.
    pub crude_rate: Option<f64>,
    pub adjusted_rate: Option<f64>,
    pub ci_lower: Option<f64>,
    pub ci_upper: Option<f64>,
    /// The standard population's own rate over the same strata, weighted alike.
    pub standard_rate: f64,
    pub masked_strata: usize,
    pub adjusted_bounds: Option<[f64; 2]>,
}

/// A stratum's weight in a direct rate: the built-in model population's
/// for its age band, else the standard file's population.
fn weight(s: &Matched, opts: &RatioOptions) -> f64 {
    match opts.model_population {
        Some(ModelPopulation::S60) => s60_weight(&s.standard.key.age_band).unwrap_or(0.0),
        None => s.standard.population.unwrap_or(0.0),
    }
}

fn direct(g: &Group, m: &Matching, opts: &RatioOptions) -> DirectResult {
    let masked = g
        .strata
        .iter()
        .filter(|s| matches!(s.count, Count::Masked(_)))
        .count();
    let scenario = |fill: Option<u64>| {
        let strata: Vec<DirectStratum> = g
            .strata
            .iter()
            // A stratum of nobody has no rate to weight.
            .filter(|s| s.population > 0.0)
            .filter_map(|s| {
                filled(s.count, fill).map(|count| DirectStratum {
                    count,
                    population: s.population,
                    standard_population: weight(s, opts),
                })
            })
            .collect();
        let count: u64 = strata.iter().map(|s| s.count).sum();
        (count, direct_rate(&strata, opts.level))
    };
    let weights: f64 = g.strata.iter().map(|s| weight(s, opts)).sum();
    let standard_rate = g
        .strata
        .iter()
        .map(|s| weight(s, opts) * s.standard.rate)
        .sum::<f64>()
        / weights;
    let per = |x: f64| x * opts.per;
    let (area, item, sex) = g.names(m);
    let mut r = DirectResult {
        area,
        area_kind: g.kind(),
        item,
        sex,
        count: None,
        // The population the rates are over: without the masked strata when they are left out.
        population: g
            .strata
            .iter()
            .filter(|s| opts.masked != MaskedPolicy::Exclude || matches!(s.count, Count::Known(_)))
            .map(|s| s.population)
            .sum(),
        crude_rate: None,
        adjusted_rate: None,
        ci_lower: None,
        ci_upper: None,
        standard_rate: per(standard_rate),
        masked_strata: masked,
        adjusted_bounds: None,
    };
    if masked == 0 || opts.masked == MaskedPolicy::Exclude {
        let (count, rate) = scenario(None);
        r.count = Some(count);
        if let Some(d) = rate {
            r.crude_rate = Some(per(d.crude));
            r.adjusted_rate = Some(per(d.adjusted));
            r.ci_lower = Some(per(d.interval.lower));
            r.ci_upper = Some(per(d.interval.upper));
        }
    } else if let ((_, Some(low)), (_, Some(high))) =
        (scenario(Some(MASKED_LOW)), scenario(Some(MASKED_HIGH)))
    {
        r.adjusted_bounds = Some([per(low.adjusted), per(high.adjusted)]);
        r.ci_lower = Some(per(low.interval.lower));
        r.ci_upper = Some(per(high.interval.upper));
    }
    r
}

fn adjusted(p: &[f64], how: Adjustment) -> Vec<f64> {
    match how {
        Adjustment::Holm => holm(p),
        Adjustment::BenjaminiHochberg => benjamini_hochberg(p),
        Adjustment::None => p.to_vec(),
    }
}

fn adjust_name(a: Adjustment) -> AdjustName {
    match a {
        Adjustment::Holm => AdjustName::Holm,
        Adjustment::BenjaminiHochberg => AdjustName::BenjaminiHochberg,
        Adjustment::None => AdjustName::None,
    }
}

fn ci_name(c: CiMethod) -> CiName {
    match c {
        CiMethod::Exact => CiName::Exact,
        CiMethod::Byar => CiName::Byar,
        CiMethod::Binomial => CiName::Binomial,
    }
}

/// A family of results compared together, and its summary line.
fn adjust_family(
    results: &mut [RatioResult],
    members: &[usize],
    opts: &RatioOptions,
    across: Across,
    name: &str,
    sex: Name,
) -> Line {
    let with_p: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| results[i].p.is_some())
        .collect();
    let p: Vec<f64> = with_p
        .iter()
        .map(|&i| results[i].p.unwrap_or(1.0))
        .collect();
    let adj = adjusted(&p, opts.adjust);
    for (&i, &a) in with_p.iter().zip(&adj) {
        match across {
            Across::Areas => results[i].p_adjusted_areas = Some(a),
            Across::Items => results[i].p_adjusted_items = Some(a),
        }
    }
    let sides: Vec<i8> = members.iter().map(|&i| results[i].side()).collect();
    Line::new(
        1,
        Msg::analysis(RatioMsg::Family {
            across,
            name: area_name(name),
            sex,
            excluding: sides.iter().filter(|s| **s != 0).count(),
            of: members.len(),
            above: sides.iter().filter(|s| **s > 0).count(),
            below: sides.iter().filter(|s| **s < 0).count(),
            significant: adj.iter().filter(|a| **a < 0.05).count(),
            adjust: adjust_name(opts.adjust),
        }),
    )
}

fn sex_name(sex: &str) -> Name {
    if sex == BOTH_SEXES {
        Name::Label(messages::both_sexes())
    } else {
        Name::Plain(sex.to_string())
    }
}

fn column(key: &'static str, c: RatioColumn) -> (&'static str, Text) {
    (key, Msg::analysis(RatioMsg::Column(c)).into())
}

fn range(v: Option<[f64; 2]>, decimals: u8) -> Cell {
    match v {
        Some([low, high]) => Cell::Range {
            low,
            high,
            decimals,
        },
        None => Cell::Undefined,
    }
}

fn indirect_records(results: &[RatioResult]) -> Records {
    use RatioColumn as C;
    Records {
        columns: vec![
            column("area", C::Area),
            column("item", C::Item),
            column("sex", C::Sex),
            column("observed", C::Observed),
            column("expected", C::Expected),
            column("ratio", C::Ratio),
            column("ratio_minus_100", C::RatioMinus100),
            column("ci_lower", C::CiLower),
            column("ci_upper", C::CiUpper),
            column("p", C::P),
            column("p_adjusted_areas", C::PAdjusted),
            column("significance", C::Significance),
            column("reading", C::Reading),
            column("masked_strata", C::Masked),
        ],
        rows: results
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(area_name(&r.area).into()),
                    Cell::Text(r.item.clone().into()),
                    Cell::Text(sex_name(&r.sex).into()),
                    match (r.observed, r.observed_bounds) {
                        (Some(o), _) => Cell::Count(o),
                        (None, Some([a, b])) => range(Some([a as f64, b as f64]), 0),
                        _ => Cell::Undefined,
                    },
                    Cell::number(Some(r.expected), 2),
                    match r.ratio_bounds {
                        Some(b) => range(Some(b), 1),
                        None => Cell::number(r.ratio, 1),
                    },
                    match r.ratio_bounds {
                        Some([a, b]) => range(Some([a - 100.0, b - 100.0]), 1),
                        None => Cell::number(r.ratio_minus_100, 1),
                    },
                    Cell::number(r.ci_lower, 1),
                    Cell::number(r.ci_upper, 1),
                    r.p.map_or(Cell::Undefined, Cell::P),
                    r.p_adjusted_areas.map_or(Cell::Undefined, Cell::P),
                    Cell::Text(Msg::analysis(RatioMsg::Significance(r.side())).into()),
                    r.ratio_minus_100
                        .filter(|_| r.ratio_bounds.is_none() && !r.mostly_masked)
                        .map_or(Cell::Text("".into()), |v| {
                            Cell::Text(Msg::analysis(RatioMsg::Reading { minus_100: v }).into())
                        }),
                    Cell::Count(r.masked_strata as u64),
                ]
            })
            .collect(),
    }
}

/// The per-stratum table: the main table's columns with the age band after the sex.
fn stratum_records(results: &[RatioResult]) -> Records {
    let mut records = indirect_records(results);
    records
        .columns
        .insert(3, column("age_band", RatioColumn::AgeBand));
    for (row, r) in records.rows.iter_mut().zip(results) {
        row.insert(3, Cell::Text(r.age_band.clone().unwrap_or_default().into()));
    }
    records
}

fn direct_records(results: &[DirectResult]) -> Records {
    use RatioColumn as C;
    Records {
        columns: vec![
            column("area", C::Area),
            column("item", C::Item),
            column("sex", C::Sex),
            column("count", C::Count),
            column("population", C::Population),
            column("crude_rate", C::Crude),
            column("adjusted_rate", C::Adjusted),
            column("ci_lower", C::CiLower),
            column("ci_upper", C::CiUpper),
            column("masked_strata", C::Masked),
        ],
        rows: results
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(area_name(&r.area).into()),
                    Cell::Text(r.item.clone().into()),
                    Cell::Text(sex_name(&r.sex).into()),
                    r.count.map_or(Cell::Undefined, Cell::Count),
                    Cell::number(Some(r.population), 0),
                    Cell::number(r.crude_rate, 2),
                    match r.adjusted_bounds {
                        Some(b) => range(Some(b), 2),
                        None => Cell::number(r.adjusted_rate, 2),
                    },
                    Cell::number(r.ci_lower, 2),
                    Cell::number(r.ci_upper, 2),
                    Cell::Count(r.masked_strata as u64),
                ]
            })
            .collect(),
    }
}

/// The estimate a chart draws for a result, shifted by `shift`
/// (−100 for the "ratio − 100" bars); none for a range.
/// A result as a chart draws it; none for a ratio that is mostly mask.
fn estimate(r: &RatioResult, shift: f64) -> Option<Estimate> {
    if r.mostly_masked {
        return None;
    }
    r.ratio.map(|v| Estimate {
        value: v + shift,
        lower: r.ci_lower.map(|l| l + shift),
        upper: r.ci_upper.map(|u| u + shift),
        flag: match r.significance {
            Some("higher") => Some(Flag::High),
            Some("lower") => Some(Flag::Low),
            _ => None,
        },
    })
}

/// The sexes charted as series: each sex (both together only when the data
/// have one sex).
fn series_sexes(results: &[RatioResult]) -> Vec<String> {
    let mut sexes: Vec<String> = Vec::new();
    for r in results {
        if r.sex != BOTH_SEXES && !sexes.contains(&r.sex) {
            sexes.push(r.sex.clone());
        }
    }
    sexes
}

fn caption(opts: &RatioOptions) -> Vec<Text> {
    vec![
        Msg::analysis(RatioMsg::ChartCaption {
            ci: ci_name(opts.ci),
            level: opts.level,
        })
        .into(),
    ]
}

/// Results by (area, item, sex): the charts look every cell up, and a
/// national run has tens of thousands of results.
struct ResultIndex<'r> {
    results: &'r [RatioResult],
    at: HashMap<(usize, usize, usize), usize>,
    areas: HashMap<&'r str, usize>,
    items: HashMap<&'r str, usize>,
    sexes: HashMap<&'r str, usize>,
}

impl<'r> ResultIndex<'r> {
    fn new(results: &'r [RatioResult]) -> Self {
        fn level<'a>(map: &mut HashMap<&'a str, usize>, name: &'a str) -> usize {
            let next = map.len();
            *map.entry(name).or_insert(next)
        }
        let (mut areas, mut items, mut sexes) = (HashMap::new(), HashMap::new(), HashMap::new());
        let mut at = HashMap::with_capacity(results.len());
        for (i, r) in results.iter().enumerate() {
            let key = (
                level(&mut areas, &r.area),
                level(&mut items, &r.item),
                level(&mut sexes, &r.sex),
            );
            at.insert(key, i);
        }
        ResultIndex {
            results,
            at,
            areas,
            items,
            sexes,
        }
    }

    fn find(&self, area: &str, item: &str, sex: &str) -> Option<&'r RatioResult> {
        let key = (
            *self.areas.get(area)?,
            *self.items.get(item)?,
            *self.sexes.get(sex)?,
        );
        self.at.get(&key).map(|&i| &self.results[i])
    }
}

/// The slide's chart for one area: each item's ratio − 100 by sex.
fn area_chart(
    results: &ResultIndex,
    area: &str,
    items: &[String],
    sexes: &[String],
    opts: &RatioOptions,
    range: Option<(f64, f64)>,
) -> Block {
    let mut caption = caption(opts);
    caption.push(Msg::analysis(RatioMsg::FlagLegend).into());
    if opts.own_scale {
        caption.push(Msg::analysis(RatioMsg::OwnScaleCaution).into());
    }
    Block::Intervals(IntervalChart {
        title: Msg::analysis(RatioMsg::AreaChart {
            area: area_name(area),
        })
        .into(),
        style: IntervalStyle::Bars,
        reference: 0.0,
        axis: Msg::analysis(RatioMsg::RatioMinus100Axis {
            own: opts.own_standard,
        })
        .into(),
        series: sexes.iter().map(|s| Text::from(sex_name(s))).collect(),
        rows: items
            .iter()
            .map(|item| IntervalRow {
                label: item.clone().into(),
                values: sexes
                    .iter()
                    .map(|s| {
                        results
                            .find(area, item, s)
                            .and_then(|r| estimate(r, -100.0))
                    })
                    .collect(),
            })
            .collect(),
        decimals: 1,
        range: if opts.own_scale { None } else { range },
        caption,
    })
}

/// One scale for every area's chart (標準化該当比 − 100 with its interval),
/// rounded out to a multiple of 5, so that bars compare across the charts.
fn common_range(results: &[RatioResult]) -> Option<(f64, f64)> {
    let values = results
        .iter()
        .filter_map(|r| estimate(r, -100.0))
        .flat_map(|e| [Some(e.value), e.lower, e.upper])
        .flatten()
        .filter(|v| v.is_finite());
    let (low, high) = values.fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
    (high > low).then(|| ((low / 5.0).floor() * 5.0, (high / 5.0).ceil() * 5.0))
}

/// One item's chart as the slides draw it: upright bars of 標準化該当比 − 100
/// with their intervals, 県全体 first and the areas after it in the table's
/// order, the sexes side by side, ▲/▼ where the interval leaves out 100;
/// on the scale every chart of the report shares (`range`) unless
/// `--own-scale`.
fn item_chart(
    results: &ResultIndex,
    item: &str,
    areas: &[String],
    sexes: &[String],
    opts: &RatioOptions,
    range: Option<(f64, f64)>,
) -> Block {
    let mut ordered: Vec<&String> = areas.iter().filter(|a| *a == TOTAL_AREA).collect();
    ordered.extend(areas.iter().filter(|a| *a != TOTAL_AREA));
    let mut caption = caption(opts);
    caption.push(Msg::analysis(RatioMsg::FlagLegend).into());
    if opts.own_scale {
        caption.push(Msg::analysis(RatioMsg::OwnScaleCaution).into());
    }
    Block::Intervals(IntervalChart {
        title: Msg::analysis(RatioMsg::ItemChart {
            item: item.to_string(),
            sex: sexes_name(sexes),
        })
        .into(),
        style: IntervalStyle::Columns,
        reference: 0.0,
        axis: Msg::analysis(RatioMsg::RatioMinus100Axis {
            own: opts.own_standard,
        })
        .into(),
        series: sexes.iter().map(|s| Text::from(sex_name(s))).collect(),
        rows: ordered
            .into_iter()
            .map(|area| IntervalRow {
                label: area_name(area).into(),
                values: sexes
                    .iter()
                    .map(|s| {
                        results
                            .find(area, item, s)
                            .and_then(|r| estimate(r, -100.0))
                    })
                    .collect(),
            })
            .collect(),
        decimals: 1,
        range: if opts.own_scale { None } else { range },
        caption,
    })
}

fn sexes_name(sexes: &[String]) -> Name {
    Name::Label(messages::joined(sexes))
}

/// Expected counts at which the funnel's limits are traced: 80 points,
/// evenly spaced on a log scale across the areas' range.
fn trace_points(low: f64, high: f64) -> Vec<f64> {
    let (a, b) = ((low / 1.5).max(0.5).ln(), (high * 1.5).ln());
    (0..80)
        .map(|i| (a + (b - a) * i as f64 / 79.0).exp())
        .collect()
}

/// Funnel limits at 95 % and 99.8 % (Spiegelhalter's "2 and 3 sigma").
const FUNNEL_LEVELS: [f64; 2] = [0.95, 0.998];

fn funnel(results: &[RatioResult], item: &str, sex: &str, opts: &RatioOptions) -> Option<Block> {
    let points: Vec<&RatioResult> = results
        .iter()
        .filter(|r| {
            r.area_kind == "area"
                && !r.mostly_masked
                && r.item == item
                && r.sex == sex
                && r.ratio.is_some()
                && r.expected > 0.0
        })
        .collect();
    if points.len() < 2 {
        return None;
    }
    let (low, high) = points.iter().fold((f64::MAX, f64::MIN), |(a, b), r| {
        (a.min(r.expected), b.max(r.expected))
    });
    let xs = trace_points(low, high);
    Some(Block::Funnel(FunnelChart {
        title: Msg::analysis(RatioMsg::FunnelChart {
            item: item.to_string(),
            sex: sex_name(sex),
        })
        .into(),
        x_axis: Msg::analysis(RatioMsg::ExpectedAxis).into(),
        y_axis: Msg::analysis(RatioMsg::RatioAxis {
            own: opts.own_standard,
        })
        .into(),
        reference: 100.0,
        points: points
            .iter()
            .map(|r| {
                let ratio = r.ratio.unwrap_or(100.0);
                let beyond = FUNNEL_LEVELS
                    .iter()
                    .filter(|&&level| {
                        let l = funnel_limits(r.expected, level);
                        ratio < 100.0 * l.lower || ratio > 100.0 * l.upper
                    })
                    .count();
                FunnelPoint {
                    label: area_name(&r.area).into(),
                    x: r.expected,
                    y: ratio,
                    outside: beyond == FUNNEL_LEVELS.len(),
                    beyond,
                }
            })
            .collect(),
        point_legend: std::iter::once(Msg::analysis(RatioMsg::FunnelInside).into())
            .chain(
                FUNNEL_LEVELS
                    .iter()
                    .map(|&level| Msg::analysis(RatioMsg::FunnelBeyond { level }).into()),
            )
            .collect(),
        limits: FUNNEL_LEVELS
            .iter()
            .map(|&level| ControlLimits {
                label: Msg::analysis(RatioMsg::Limits { level }).into(),
                trace: xs
                    .iter()
                    .map(|&x| {
                        let l = funnel_limits(x, level);
                        (x, 100.0 * l.lower, 100.0 * l.upper)
                    })
                    .collect(),
            })
            .collect(),
        caption: vec![],
    }))
}

/// The machine-readable result of `renkei ratio` (its JSON contract).
#[derive(Serialize)]
pub struct RatioRecord {
    pub method: &'static str,
    pub level: f64,
    pub ci: &'static str,
    /// How `p` was formed: `central` (twice the smaller tail, agreeing with
    /// the exact interval) or `minlike` (`poisson.test`'s).
    pub p_method: &'static str,
    pub masked: &'static str,
    pub adjust: &'static str,
    pub study: String,
    pub standard: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<RatioResult>,
    /// Per stratum (area × item × sex × age band), under `--by-stratum`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub strata: Vec<RatioResult>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub direct: Vec<DirectResult>,
    /// Per direct rate: people the rates are per.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per: Option<f64>,
}

fn keys(opts: &RatioOptions) -> (&'static str, &'static str, &'static str, &'static str) {
    (
        match opts.method {
            Method::Indirect => "indirect",
            Method::Direct => "direct",
        },
        match (opts.method, opts.ci) {
            (Method::Direct, _) => "fay-feuer",
            (_, CiMethod::Exact) => "exact",
            (_, CiMethod::Byar) => "byar",
            (_, CiMethod::Binomial) => "binomial",
        },
        match opts.masked {
            MaskedPolicy::Stop => "stop",
            MaskedPolicy::Exclude => "exclude",
            MaskedPolicy::Bounds => "bounds",
        },
        match opts.adjust {
            Adjustment::Holm => "holm",
            Adjustment::BenjaminiHochberg => "bh",
            Adjustment::None => "none",
        },
    )
}

/// Standardized ratios (or directly adjusted rates) of a study against a standard.
pub fn report(study: &Study, standard: &Standard, opts: &RatioOptions) -> Result<Report> {
    if opts.masked == MaskedPolicy::Stop {
        refuse_masked(study)?;
    }
    let m = match_strata(study, standard)?;
    if opts.method == Method::Direct
        && let Some(ModelPopulation::S60) = opts.model_population
        && let Some(s) = m
            .strata
            .iter()
            .find(|s| s60_weight(&s.standard.key.age_band).is_none())
    {
        return Err(Usage::BandNotInModel {
            band: s.standard.key.age_band.clone(),
        }
        .into());
    }
    if opts.method == Method::Direct
        && opts.model_population.is_none()
        && m.strata.iter().any(|s| s.standard.population.is_none())
    {
        return Err(Usage::DirectNeedsPopulation {
            path: standard.source.display().to_string(),
        }
        .into());
    }
    let groups = groups(&m);
    let (method, ci, masked, adjust) = keys(opts);
    let mut preamble = vec![Line::new(
        0,
        Msg::analysis(RatioMsg::Read {
            study: study.source.display().to_string(),
            standard: standard.source.display().to_string(),
            strata: study.strata.len(),
            areas: m.areas.names.len(),
            items: m.items.names.len(),
        }),
    )];
    let masked_count = study
        .strata
        .iter()
        .filter(|s| matches!(s.count, Count::Masked(_)))
        .count();
    if masked_count > 0 {
        preamble.push(Line::new(
            0,
            Msg::analysis(match opts.masked {
                MaskedPolicy::Bounds => RatioMsg::MaskedBounds {
                    strata: masked_count,
                },
                _ => {
                    let population: f64 = study
                        .strata
                        .iter()
                        .filter(|s| matches!(s.count, Count::Masked(_)))
                        .map(|s| s.population)
                        .sum();
                    let total: f64 = study.strata.iter().map(|s| s.population).sum();
                    RatioMsg::MaskedExcluded {
                        strata: masked_count,
                        population,
                        share: population / total,
                    }
                }
            }),
        ));
    }
    let record = |results, strata, direct, per| RatioRecord {
        method,
        level: opts.level,
        ci,
        p_method: match opts.p_method {
            PMethod::Central => "central",
            PMethod::Minlike => "minlike",
        },
        masked,
        adjust,
        study: study.source.display().to_string(),
        standard: standard.source.display().to_string(),
        results,
        strata,
        direct,
        per,
    };
    if opts.method == Method::Direct {
        let direct: Vec<DirectResult> = groups.iter().map(|g| direct(g, &m, opts)).collect();
        preamble.push(Line::new(
            0,
            Msg::analysis(RatioMsg::Interval {
                ci: CiName::FayFeuer,
                level: opts.level,
                own: opts.own_standard,
                ratios: false,
            }),
        ));
        preamble.push(Line::new(
            0,
            Msg::analysis(RatioMsg::DirectPer {
                per: opts.per,
                s60: opts.model_population == Some(ModelPopulation::S60),
            }),
        ));
        return Ok(Report {
            title: Some(Msg::analysis(RatioMsg::DirectTitle).into()),
            preamble,
            sections: vec![Section {
                title: Msg::analysis(RatioMsg::DirectTitle).into(),
                short_name: Some(Msg::analysis(RatioMsg::Column(RatioColumn::Adjusted)).into()),
                blocks: vec![Block::Records(direct_records(&direct))],
            }],
            closing: vec![],
            data: Some(Box::new(record(vec![], vec![], direct, Some(opts.per)))),
        });
    }

    let mut results: Vec<RatioResult> = groups.iter().map(|g| indirect(g, &m, opts)).collect();
    preamble.push(Line::new(
        0,
        Msg::analysis(RatioMsg::Interval {
            ci: ci_name(opts.ci),
            level: opts.level,
            own: opts.own_standard,
            ratios: true,
        }),
    ));
    if opts.ci != CiMethod::Binomial {
        preamble.push(Line::new(0, Msg::analysis(RatioMsg::PoissonConservative)));
    }
    // Ratios that are mostly mask: named, with the way to see their range.
    let flagged: Vec<(Name, String, Name, f64)> = results
        .iter()
        .filter(|r| r.mostly_masked)
        .map(|r| {
            (
                area_name(&r.area),
                r.item.clone(),
                sex_name(&r.sex),
                r.masked_share_of_expected,
            )
        })
        .collect();
    if !flagged.is_empty() {
        preamble.push(Line::new(
            0,
            Msg::analysis(RatioMsg::MostlyMasked {
                results: flagged,
                share: MOSTLY_MASKED,
            }),
        ));
    }
    let mut families = vec![Line::new(0, Msg::analysis(RatioMsg::FamiliesHeading))];
    let mut sexes_all: Vec<String> = m.sexes.names.clone();
    sexes_all.push(BOTH_SEXES.to_string());
    // Each family's members, grouped in one pass.
    let mut by_item: HashMap<(String, String), Vec<usize>> = HashMap::new();
    let mut by_area: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (i, r) in results.iter().enumerate() {
        // 県全体 is not one of the areas compared with each other.
        if r.area_kind == "area" {
            by_item
                .entry((r.item.clone(), r.sex.clone()))
                .or_default()
                .push(i);
        }
        by_area
            .entry((r.area.clone(), r.sex.clone()))
            .or_default()
            .push(i);
    }
    for item in &m.items.names {
        for sex in &sexes_all {
            let members = by_item
                .remove(&(item.clone(), sex.clone()))
                .unwrap_or_default();
            if members.len() > 1 {
                families.push(adjust_family(
                    &mut results,
                    &members,
                    opts,
                    Across::Areas,
                    item,
                    sex_name(sex),
                ));
            }
        }
    }
    let mut area_names: Vec<String> = Vec::new();
    if computes_total(&m) {
        area_names.push(TOTAL_AREA.to_string());
    }
    area_names.extend(m.areas.names.iter().cloned());
    for area in &area_names {
        for sex in &sexes_all {
            let members = by_area
                .remove(&(area.clone(), sex.clone()))
                .unwrap_or_default();
            if members.len() > 1 {
                families.push(adjust_family(
                    &mut results,
                    &members,
                    opts,
                    Across::Items,
                    area,
                    sex_name(sex),
                ));
            }
        }
    }
    let sexes = {
        let s = series_sexes(&results);
        if s.is_empty() {
            vec![BOTH_SEXES.to_string()]
        } else {
            s
        }
    };
    let mut sections = vec![Section {
        title: Msg::analysis(RatioMsg::IndirectTitle {
            own: opts.own_standard,
        })
        .into(),
        short_name: Some(Msg::analysis(RatioMsg::Column(RatioColumn::Ratio)).into()),
        blocks: vec![
            Block::Records(indirect_records(&results)),
            Block::Lines(families),
        ],
    }];
    // Per stratum, on request: a table of their own after the main one.
    let strata: Vec<RatioResult> = if opts.by_stratum {
        stratum_groups(&m)
            .iter()
            .map(|(band, g)| RatioResult {
                age_band: Some(band.clone()),
                ..indirect(g, &m, opts)
            })
            .collect()
    } else {
        Vec::new()
    };
    if !strata.is_empty() {
        sections.push(Section {
            title: Msg::analysis(RatioMsg::StrataTitle).into(),
            short_name: Some(Msg::analysis(RatioMsg::StrataSheet).into()),
            blocks: vec![Block::Records(stratum_records(&strata))],
        });
    }
    let index = ResultIndex::new(&results);
    let range = common_range(&results);
    for area in &area_names {
        sections.push(Section {
            title: Text::from(area_name(area)),
            short_name: None,
            blocks: vec![area_chart(
                &index,
                area,
                &m.items.names,
                &sexes,
                opts,
                range,
            )],
        });
    }
    for item in &m.items.names {
        let mut blocks = vec![item_chart(&index, item, &area_names, &sexes, opts, range)];
        blocks.extend(sexes.iter().filter_map(|s| funnel(&results, item, s, opts)));
        sections.push(Section {
            title: Text::from(item.clone()),
            short_name: None,
            blocks,
        });
    }
    Ok(Report {
        title: Some(
            Msg::analysis(RatioMsg::IndirectTitle {
                own: opts.own_standard,
            })
            .into(),
        ),
        preamble,
        sections,
        closing: vec![],
        data: Some(Box::new(record(results, strata, vec![], None))),
    })
}

/// One pack of the chart pack: a prefecture's areas (`None`: the whole
/// study, when it names no prefectures; or its areas without one).
pub struct Pack {
    pub prefecture: Option<String>,
    pub study: Study,
}

/// The study split by prefecture, in the order the prefectures first
/// appear (areas without a prefecture last, in a pack of their own); the
/// whole study when it has no prefecture column. Each pack's 県全体 is its
/// own areas' total.
pub fn packs(study: &Study) -> Vec<Pack> {
    let part = |strata: Vec<crate::input::rates::StudyStratum>| Study {
        source: study.source.clone(),
        encoding: study.encoding,
        strata,
        headers: study.headers.clone(),
        prefectures: HashMap::new(),
    };
    if study.prefectures.is_empty() {
        return vec![Pack {
            prefecture: None,
            study: part(study.strata.clone()),
        }];
    }
    let mut order: Vec<Option<String>> = Vec::new();
    let mut by: HashMap<Option<String>, Vec<crate::input::rates::StudyStratum>> = HashMap::new();
    for s in &study.strata {
        let key = study.prefectures.get(&s.area).cloned();
        if !by.contains_key(&key) {
            order.push(key.clone());
        }
        by.entry(key).or_default().push(s.clone());
    }
    // The areas without a prefecture come last.
    order.sort_by_key(|k| k.is_none());
    order
        .into_iter()
        .map(|k| {
            let strata = by.remove(&k).unwrap_or_default();
            Pack {
                prefecture: k,
                study: part(strata),
            }
        })
        .collect()
}

/// A pack's name in the index and its folder.
pub fn pack_name(p: &Pack) -> Text {
    match &p.prefecture {
        Some(name) => Text::from(name.clone()),
        None => Msg::analysis(RatioMsg::NoPrefecture).into(),
    }
}

/// One line of the pack's index: the prefecture, its number of areas and
/// where its report and workbook are (relative to the index).
pub struct PackEntry {
    pub name: Text,
    pub areas: usize,
    pub report: String,
    pub workbook: String,
}

/// The chart pack's index.
pub fn pack_index(entries: &[PackEntry]) -> Report {
    let records = Records {
        columns: vec![
            column("prefecture", RatioColumn::Prefecture),
            column("areas", RatioColumn::Areas),
            column("report", RatioColumn::Report),
            column("workbook", RatioColumn::Workbook),
        ],
        rows: entries
            .iter()
            .map(|e| {
                vec![
                    Cell::Text(e.name.clone()),
                    Cell::Count(e.areas as u64),
                    Cell::Link {
                        text: e.report.clone().into(),
                        target: e.report.clone(),
                    },
                    Cell::Link {
                        text: e.workbook.clone().into(),
                        target: e.workbook.clone(),
                    },
                ]
            })
            .collect(),
    };
    Report {
        title: Some(Msg::analysis(RatioMsg::PackIndex).into()),
        sections: vec![Section {
            title: Msg::analysis(RatioMsg::PackIndex).into(),
            short_name: None,
            blocks: vec![Block::Records(records)],
        }],
        ..Default::default()
    }
}

/// The report laid out as the research team's chart pack: each item's
/// results as a table in the item's own section (a sheet of its own in the
/// workbook), before its charts; the table of all results gives way to
/// them (its notes stay).
pub fn per_item_layout(mut report: Report) -> Report {
    let is_results =
        |b: &Block| matches!(b, Block::Records(r) if r.columns.iter().any(|(k, _)| *k == "item"));
    let Some(at) = report
        .sections
        .iter()
        .position(|s| s.blocks.iter().any(is_results))
    else {
        return report;
    };
    let Some(Block::Records(all)) = report.sections[at]
        .blocks
        .iter()
        .find(|b| is_results(b))
        .cloned()
    else {
        return report;
    };
    let Some(item_column) = all.columns.iter().position(|(k, _)| *k == "item") else {
        return report;
    };
    let mut moved = false;
    for section in report.sections.iter_mut().skip(at + 1) {
        let rows: Vec<Vec<Cell>> = all
            .rows
            .iter()
            .filter(
                |row| matches!(row.get(item_column), Some(Cell::Text(t)) if *t == section.title),
            )
            .cloned()
            .collect();
        if rows.is_empty() {
            continue;
        }
        section.blocks.insert(
            0,
            Block::Records(Records {
                columns: all.columns.clone(),
                rows,
            }),
        );
        section.short_name = Some(section.title.clone());
        moved = true;
    }
    if moved {
        report.sections[at].blocks.retain(|b| !is_results(b));
    }
    report
}
