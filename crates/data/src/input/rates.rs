//! Strata for standardized ratios, in the long format of NDB open data: the
//! study population (`area`, `item`, `sex`, `age_band`, `count`,
//! `population`) and the standard population (`item`, `sex`, `age_band`,
//! and `count` with `population`, or `rate`).
//!
//! NDB open data prints counts under 10 as "‐" (or "*", or leaves them
//! blank); such a count is read as [`Count::Masked`], never as a number, so
//! that the analysis decides what to do with it and says so.

use super::columns::{Field, FieldRef, locate};
use super::returns::{RawTable, TextEncoding, read_returns};
use crate::error::{Error, InputError, Result};
use crate::messages::data_errors::DataExpected;
use std::collections::HashMap;
use std::path::Path;

/// A count as printed: a number, or a mark standing for a small number.
#[derive(Debug, Clone, PartialEq)]
pub enum Count {
    Known(u64),
    /// The mark as printed ("‐", "*", or empty).
    Masked(String),
}

/// One stratum of an area: (item, sex, age band) with its count and population.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyStratum {
    pub line: usize,
    pub area: String,
    pub key: StratumKey,
    pub count: Count,
    pub population: f64,
    /// The header of the count's column in a wide table (`男性 40-44歳`);
    /// `None` in a long one, where it is `Study::headers[4]`.
    pub count_column: Option<String>,
}

/// A stratum of the standard population.
#[derive(Debug, Clone, PartialEq)]
pub struct StandardStratum {
    pub line: usize,
    pub key: StratumKey,
    /// The standard's rate: count / population, or the `rate` column.
    pub rate: f64,
    /// The standard's population (needed for direct standardization).
    pub population: Option<f64>,
}

/// What strata are matched by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StratumKey {
    pub item: String,
    pub sex: String,
    pub age_band: String,
}

/// A study file as read, with where it came from.
pub struct Study {
    pub source: std::path::PathBuf,
    pub encoding: &'static str,
    pub strata: Vec<StudyStratum>,
    /// The header names of area, item, sex, age band, count and population
    /// as the file spells them (named in errors).
    pub headers: [String; 6],
    /// Each area's prefecture, when the table has a prefecture column
    /// besides the area's (`--pack` makes one pack per prefecture).
    pub prefectures: HashMap<String, String>,
}

/// The headers a prefecture column may have.
const PREFECTURE_NAMES: [&str; 4] = ["prefecture", "都道府県", "都道府県名", "県"];

/// The prefecture column of a study table: a header named so that is not
/// one of the columns already read (a table of prefectures as areas has
/// its 都道府県 as the area).
fn prefecture_column(table: &RawTable, used: &[usize]) -> Option<usize> {
    table
        .headers
        .iter()
        .enumerate()
        .find(|(j, h)| {
            let name = super::columns::header_name(h);
            !used.contains(j)
                && PREFECTURE_NAMES
                    .iter()
                    .any(|n| name.eq_ignore_ascii_case(n))
        })
        .map(|(j, _)| j)
}

/// Records `area`'s prefecture from `at`, or the error of a second one.
fn note_prefecture(
    prefectures: &mut HashMap<String, String>,
    area: &str,
    at: &FieldRef,
) -> Option<InputError> {
    let given = at.text().to_string();
    if given.is_empty() {
        return None;
    }
    match prefectures.get(area) {
        Some(first) if *first != given => Some(at.error(DataExpected::OnePrefecture {
            first: first.clone(),
        })),
        Some(_) => None,
        None => {
            prefectures.insert(area.to_string(), given);
            None
        }
    }
}

/// A standard file as read.
pub struct Standard {
    pub source: std::path::PathBuf,
    pub encoding: &'static str,
    pub strata: Vec<StandardStratum>,
}

impl Standard {
    /// The study's own total as the standard (対県: the prefecture against
    /// itself): per item × sex × age band, the rate is the areas' known
    /// counts over their populations (a masked stratum is left out of both,
    /// as `--masked exclude` does), and the population the areas' total.
    /// A stratum every area masks has no rate and is left out, so a study
    /// stratum without it is reported as missing from the standard.
    pub fn of_study(study: &Study) -> Standard {
        let mut sums: std::collections::BTreeMap<&StratumKey, (u64, f64, f64, usize)> =
            std::collections::BTreeMap::new();
        for s in &study.strata {
            let e = sums.entry(&s.key).or_insert((0, 0.0, 0.0, s.line));
            e.2 += s.population;
            if let Count::Known(n) = s.count {
                e.0 += n;
                e.1 += s.population;
            }
        }
        Standard {
            // Named as the command line names it (`--standard study`).
            source: std::path::PathBuf::from("study"),
            encoding: study.encoding,
            strata: sums
                .into_iter()
                .filter(|(_, (_, known_population, _, _))| *known_population > 0.0)
                .map(
                    |(key, (count, known_population, population, line))| StandardStratum {
                        line,
                        key: key.clone(),
                        rate: count as f64 / known_population,
                        population: Some(population),
                    },
                )
                .collect(),
        }
    }
}

/// Marks NDB open data and similar tables print instead of a small count.
pub const MASK_MARKS: [&str; 17] = [
    "", "-", "‐", "‑", "－", "–", "—", "―", "−", "ー", "*", "＊", "x", "ｘ", "Ｘ", "秘匿", "…",
];

const AREA: Field = Field::required(
    "area",
    &["地域", "圏域", "二次医療圏", "市区町村", "都道府県"],
);
/// The area when the table also has a prefecture column: 都道府県 is then
/// the prefecture, not the area.
const AREA_WITHIN: Field = Field::required("area", &["地域", "圏域", "二次医療圏", "市区町村"]);

/// The area field of `table`: 都道府県 is an area only when no other header
/// names the areas.
fn area_field(table: &RawTable) -> Field {
    let within = table.headers.iter().any(|h| {
        let name = super::columns::header_name(h);
        std::iter::once(AREA_WITHIN.key)
            .chain(AREA_WITHIN.aliases.iter().copied())
            .any(|n| name.eq_ignore_ascii_case(n))
    });
    if within { AREA_WITHIN } else { AREA }
}

const ITEM: Field = Field::required("item", &["項目", "検査項目", "指標"]);
const SEX: Field = Field::required("sex", &["性別", "性"]);
const AGE: Field = Field::required("age_band", &["年齢階級", "年齢", "年齢区分"]);
const COUNT: Field = Field::required("count", &["該当者数", "件数", "人数"]);
const POPULATION: Field = Field::required("population", &["受診者数", "人口", "対象者数"]);

fn reading(path: &Path, encoding: TextEncoding, sheet: Option<&str>) -> Result<RawTable> {
    read_returns(path, encoding, sheet)
}

fn key(table: &RawTable, record: &super::returns::RawRecord, cols: [usize; 3]) -> StratumKey {
    let f = |c: usize| {
        FieldRef {
            table,
            record,
            column: c,
        }
        .text()
        .to_string()
    };
    StratumKey {
        item: f(cols[0]),
        sex: f(cols[1]),
        age_band: f(cols[2]),
    }
}

/// A count published only as below a threshold (`<10`, `＜10`, `10未満`):
/// masked like the marks.
fn below_threshold(text: &str) -> bool {
    let t = crate::municipality::normalize_cell(text);
    let number = t
        .strip_prefix('<')
        .or_else(|| t.strip_suffix("未満"))
        .map(str::trim);
    number.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A count: a non-negative whole number, or a mask mark.
fn count(f: &FieldRef) -> std::result::Result<Count, InputError> {
    let text = f.text();
    if MASK_MARKS.contains(&text) || text.eq_ignore_ascii_case("x") || below_threshold(text) {
        return Ok(Count::Masked(text.to_string()));
    }
    match f.number() {
        Some(v) if v >= 0.0 && v.fract() == 0.0 && v <= 2f64.powi(53) => Ok(Count::Known(v as u64)),
        _ => Err(f.error(DataExpected::Count)),
    }
}

/// A population: a positive number (a stratum with nobody in it has no rate).
fn population(f: &FieldRef) -> std::result::Result<f64, InputError> {
    match f.number() {
        Some(v) if v > 0.0 => Ok(v),
        Some(0.0) => Err(f.error(DataExpected::PositivePopulation)),
        _ => Err(f.error(DataExpected::Population)),
    }
}

fn at_most_population(
    f: &FieldRef,
    count: &Count,
    population: f64,
) -> std::result::Result<(), InputError> {
    match count {
        Count::Known(c) if *c as f64 > population => {
            Err(f.error(DataExpected::CountAtMostPopulation { population }))
        }
        _ => Ok(()),
    }
}

/// A study stratum's population: 0 or more. A stratum with nobody in it
/// (an age band a small island lacks) contributes 0 to O and E; its count
/// must then be 0.
fn study_population(f: &FieldRef) -> std::result::Result<f64, InputError> {
    match f.number() {
        Some(v) if v >= 0.0 => Ok(v),
        _ => Err(f.error(DataExpected::Population)),
    }
}

/// Collects every error of a file before giving up.
fn finish<T>(value: T, errors: Vec<InputError>) -> Result<T> {
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(Error::Input(errors))
    }
}

fn duplicate<K: std::hash::Hash + Eq>(
    seen: &mut HashMap<K, usize>,
    key: K,
    f: &FieldRef,
) -> Option<InputError> {
    seen.insert(key, f.record.line)
        .map(|first_line| f.error(DataExpected::UniqueStratum { first_line }))
}

/// How far a rate may be from count / population: half a unit of its last
/// printed digit (0.123 → 0.0005), at least 1e-9.
fn rate_tolerance(printed: &str) -> f64 {
    let decimals = printed.trim().split_once('.').map_or(0, |(_, f)| {
        f.chars().take_while(char::is_ascii_digit).count()
    });
    (0.5 * 10f64.powi(-(decimals as i32))).max(1e-9)
}

/// Whether an area's name is a table's total (合計, 計, 総数, 全体, Total …).
fn is_total(area: &str) -> bool {
    let a = area.trim().to_lowercase();
    [
        "合計",
        "計",
        "総計",
        "総数",
        "全体",
        "total",
        "all",
        "全圏域",
        "県計",
        "県全体",
        "全県",
    ]
    .contains(&a.as_str())
}

/// In a wide table, the column saying whether a row holds counts or populations.
const MEASURE: Field = Field::required("measure", &["区分", "種別", "数値", "集計項目"]);

/// A wide table's column header as a sex and a 5-year band: `男性 40-44歳`,
/// `男40～44`, `女性 70-74歳`, `M 40-44`, `F_70-74`. Japanese sexes become
/// 男性/女性 and English ones M/F, the band `40-44` (NDB's labels): the
/// standard's strata must use the same.
pub fn wide_band(header: &str) -> Option<(String, String)> {
    let h: String = header
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    let (sex, rest) = [
        ("男性", "男性"),
        ("女性", "女性"),
        ("男", "男性"),
        ("女", "女性"),
        ("male", "M"),
        ("female", "F"),
        ("M", "M"),
        ("F", "F"),
    ]
    .iter()
    .find_map(|(prefix, sex)| {
        // `get` keeps the cut on a character boundary (地域 is not 男).
        let head = h.get(..prefix.len())?;
        let rest = h.get(prefix.len()..)?;
        head.eq_ignore_ascii_case(prefix).then_some((*sex, rest))
    })?;
    let rest = rest.trim_start_matches(['_', ':', '：', '・']);
    let rest = rest.strip_suffix("歳").unwrap_or(rest);
    let (low, high) = rest.split_once(['-', '～', '〜', '~', '－', '–'])?;
    let digits = |t: &str| {
        let t = t.trim_end_matches('歳');
        (!t.is_empty() && t.chars().all(|c| c.is_ascii_digit())).then(|| t.to_string())
    };
    Some((
        sex.to_string(),
        format!("{}-{}", digits(low)?, digits(high)?),
    ))
}

/// Whether a wide table's `measure` cell names counts (true) or populations (false).
fn measure_kind(text: &str) -> Option<bool> {
    match text.trim() {
        "該当者数" | "該当数" | "件数" | "count" | "Count" => Some(true),
        "受診者数" | "人数" | "人口" | "対象者数" | "population" | "Population" => {
            Some(false)
        }
        _ => None,
    }
}

/// A wide table's two rows of one area and item: counts, populations.
type RowPair<'t> = [Option<&'t super::returns::RawRecord>; 2];

/// Reads a wide study: areas down, one column per sex × band across, a
/// row of counts and a row of populations per area and item.
fn read_wide_study(table: &RawTable) -> Result<Study> {
    let cols = locate(table, &[area_field(table), ITEM, MEASURE]).map_err(Error::Input)?;
    let c: Vec<usize> = cols.into_iter().map(|c| c.unwrap_or(0)).collect();
    let bands: Vec<(usize, String, String)> = (0..table.headers.len())
        .filter(|j| !c.contains(j))
        .filter_map(|j| wide_band(&table.headers[j]).map(|(sex, band)| (j, sex, band)))
        .collect();
    let mut errors = Vec::new();
    let mut used = c.clone();
    used.extend(bands.iter().map(|b| b.0));
    let prefecture = prefecture_column(table, &used);
    let mut prefectures = HashMap::new();
    // (area, item) → (counts row, populations row), in the file's order;
    // a map, so that a national table of 15,000 pairs takes linear time.
    let mut order: Vec<(String, String)> = Vec::new();
    let mut pairs: HashMap<(String, String), RowPair> = HashMap::new();
    for record in &table.records {
        let at = |column| FieldRef {
            table,
            record,
            column,
        };
        let area = at(c[0]).text().to_string();
        if let Some(e) = prefecture.and_then(|p| note_prefecture(&mut prefectures, &area, &at(p))) {
            errors.push(e);
        }
        if is_total(&area) {
            errors.push(at(c[0]).error(DataExpected::AreaNotTotal));
            continue;
        }
        let Some(counts) = measure_kind(at(c[2]).text()) else {
            errors.push(at(c[2]).error(DataExpected::WideMeasure));
            continue;
        };
        let key = (area, at(c[1]).text().to_string());
        let slot = usize::from(!counts);
        let pair = pairs.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            [None, None]
        });
        match pair[slot] {
            Some(first) => errors.push(at(c[2]).error(DataExpected::UniqueStratum {
                first_line: first.line,
            })),
            None => pair[slot] = Some(record),
        }
    }
    let mut strata = Vec::new();
    for key in &order {
        let (area, item) = key;
        let pair = &pairs[key];
        let (Some(counts), Some(populations)) = (pair[0], pair[1]) else {
            if let Some(record) = pair[0].or(pair[1]) {
                errors.push(
                    FieldRef {
                        table,
                        record,
                        column: c[2],
                    }
                    .error(DataExpected::WidePair {
                        missing_counts: pair[0].is_none(),
                    }),
                );
            }
            continue;
        };
        for (j, sex, band) in &bands {
            let count_at = FieldRef {
                table,
                record: counts,
                column: *j,
            };
            let population_at = FieldRef {
                table,
                record: populations,
                column: *j,
            };
            let parsed = count(&count_at).and_then(|n| {
                let p = study_population(&population_at)?;
                at_most_population(&count_at, &n, p)?;
                Ok((n, p))
            });
            match parsed {
                Ok((count, population)) => strata.push(StudyStratum {
                    count_column: Some(table.headers[*j].clone()),
                    line: counts.line,
                    area: area.clone(),
                    key: StratumKey {
                        item: item.clone(),
                        sex: sex.clone(),
                        age_band: band.clone(),
                    },
                    count,
                    population,
                }),
                Err(e) => errors.push(e),
            }
        }
    }
    let name = |i: usize| table.headers[c[i]].clone();
    let first_band = bands
        .first()
        .map_or(String::new(), |b| table.headers[b.0].clone());
    finish(
        Study {
            source: table.source.clone(),
            encoding: table.encoding,
            strata,
            headers: [
                name(0),
                name(1),
                first_band.clone(),
                first_band.clone(),
                first_band,
                name(2),
            ],
            prefectures,
        },
        errors,
    )
}

/// Whether a table is wide: it has no `sex` column but columns named by a
/// sex and an age band.
fn is_wide(table: &RawTable) -> bool {
    let has = |f: &Field| {
        table.headers.iter().any(|h| {
            let h = h.trim();
            h.eq_ignore_ascii_case(f.key) || f.aliases.contains(&h)
        })
    };
    !has(&SEX)
        && table
            .headers
            .iter()
            .filter(|h| wide_band(h).is_some())
            .count()
            >= 2
}

/// Reads the study population's strata, long (one row per stratum) or
/// wide (areas down, sex × band across; detected, not flagged).
pub fn read_study(path: &Path, encoding: TextEncoding, sheet: Option<&str>) -> Result<Study> {
    let table = reading(path, encoding, sheet)?;
    if is_wide(&table) {
        return read_wide_study(&table);
    }
    let cols = locate(
        &table,
        &[area_field(&table), ITEM, SEX, AGE, COUNT, POPULATION],
    )
    .map_err(Error::Input)?;
    let c: Vec<usize> = cols.into_iter().map(|c| c.unwrap_or(0)).collect();
    let headers = [0, 1, 2, 3, 4, 5].map(|i| table.headers[c[i]].clone());
    let prefecture = prefecture_column(&table, &c);
    let mut prefectures = HashMap::new();
    let mut strata = Vec::with_capacity(table.records.len());
    let mut errors = Vec::new();
    let mut seen = HashMap::new();
    for record in &table.records {
        let at = |column| FieldRef {
            table: &table,
            record,
            column,
        };
        let area = at(c[0]).text().to_string();
        if let Some(e) = prefecture.and_then(|p| note_prefecture(&mut prefectures, &area, &at(p))) {
            errors.push(e);
        }
        if is_total(&area) {
            // A published table's total row: as an area it would be counted
            // twice, in its own bar and in the whole.
            errors.push(at(c[0]).error(DataExpected::AreaNotTotal));
            continue;
        }
        let key = key(&table, record, [c[1], c[2], c[3]]);
        let parsed = count(&at(c[4])).and_then(|n| {
            let p = study_population(&at(c[5]))?;
            at_most_population(&at(c[4]), &n, p)?;
            Ok((n, p))
        });
        match parsed {
            Ok((count, population)) => {
                if let Some(e) = duplicate(&mut seen, (area.clone(), key.clone()), &at(c[0])) {
                    errors.push(e);
                }
                strata.push(StudyStratum {
                    count_column: None,
                    line: record.line,
                    area,
                    key,
                    count,
                    population,
                });
            }
            Err(e) => errors.push(e),
        }
    }
    finish(
        Study {
            source: table.source.clone(),
            encoding: table.encoding,
            strata,
            headers,
            prefectures,
        },
        errors,
    )
}

/// Reads the standard population's strata: `rate` when the file has that
/// column, else `count` / `population`.
pub fn read_standard(path: &Path, encoding: TextEncoding, sheet: Option<&str>) -> Result<Standard> {
    let table = reading(path, encoding, sheet)?;
    let rate_field = Field::optional("rate", &["率", "該当率"]);
    let optional_count = Field {
        required: false,
        ..COUNT
    };
    let optional_population = Field {
        required: false,
        ..POPULATION
    };
    let cols = locate(
        &table,
        &[
            ITEM,
            SEX,
            AGE,
            optional_count,
            optional_population,
            rate_field,
        ],
    )
    .map_err(Error::Input)?;
    let [item, sex, age, count_col, population_col, rate_col] = [0, 1, 2, 3, 4, 5].map(|i| cols[i]);
    let (item, sex, age) = (item.unwrap_or(0), sex.unwrap_or(0), age.unwrap_or(0));
    if rate_col.is_none() && (count_col.is_none() || population_col.is_none()) {
        return Err(table
            .error(crate::messages::errors::Expected::Data(
                DataExpected::RateOrCountAndPopulation {
                    header: table.headers.clone(),
                },
            ))
            .line(1)
            .into());
    }
    let mut strata = Vec::with_capacity(table.records.len());
    let mut errors = Vec::new();
    let mut seen = HashMap::new();
    for record in &table.records {
        let at = |column| FieldRef {
            table: &table,
            record,
            column,
        };
        let key = key(&table, record, [item, sex, age]);
        let parsed = (|| {
            let population = match population_col {
                Some(p) => Some(population(&at(p))?),
                None => None,
            };
            let rate = match rate_col {
                Some(r) => {
                    let f = at(r);
                    let rate = match f.number() {
                        Some(v) if (0.0..=1.0).contains(&v) => v,
                        _ => return Err(f.error(DataExpected::Rate)),
                    };
                    // Given beside a count and a population, the rate must be
                    // theirs (to its printed digits): which one is right
                    // cannot be guessed.
                    if let (Some(c), Some(p)) = (count_col, population)
                        && let Ok(Count::Known(n)) = count(&at(c))
                        && p > 0.0
                        && (n as f64 / p - rate).abs() > rate_tolerance(f.text())
                    {
                        return Err(f.error(DataExpected::RateOfCount { rate: n as f64 / p }));
                    }
                    rate
                }
                None => {
                    // Checked above: without `rate`, both count and population are there.
                    let f = at(count_col.unwrap_or(0));
                    let n = match count(&f)? {
                        Count::Known(n) => n,
                        Count::Masked(_) => return Err(f.error(DataExpected::StandardNotMasked)),
                    };
                    let p = population.unwrap_or(f64::NAN);
                    at_most_population(&f, &Count::Known(n), p)?;
                    n as f64 / p
                }
            };
            Ok((rate, population))
        })();
        match parsed {
            Ok((rate, population)) => {
                if let Some(e) = duplicate(&mut seen, key.clone(), &at(item)) {
                    errors.push(e);
                }
                strata.push(StandardStratum {
                    line: record.line,
                    key,
                    rate,
                    population,
                });
            }
            Err(e) => errors.push(e),
        }
    }
    finish(
        Standard {
            source: table.source.clone(),
            encoding: table.encoding,
            strata,
        },
        errors,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_headers_as_tables_print_them() {
        let cases = [
            ("男性 40-44歳", Some(("男性", "40-44"))),
            ("男40～44", Some(("男性", "40-44"))),
            ("女性\u{3000}70〜74歳", Some(("女性", "70-74"))),
            ("M 40-44", Some(("M", "40-44"))),
            ("F_70-74", Some(("F", "70-74"))),
            ("female 45-49", Some(("F", "45-49"))),
            ("地域", None),
            ("男性", None),
            ("男性 40歳以上", None),
            ("Mean 40-44", None),
            ("", None),
        ];
        for (h, want) in cases {
            let got = wide_band(h);
            assert_eq!(
                got.as_ref().map(|(s, b)| (s.as_str(), b.as_str())),
                want,
                "{h}"
            );
        }
    }
}
