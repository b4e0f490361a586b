//! Property tests of the pipeline (returns → units → cross-table): every
//! unit is accounted for, the order of the returns does not matter, and one
//! more unit changes exactly one cell by one.

use proptest::prelude::*;
use renkei::input::returns::{RawRecord, RawTable, TextEncoding, decode};
use renkei::input::survey::{Survey, parse_definition};
use renkei::tabulate::crosstab::cross_tabulate;
use renkei::units::type_units;
use std::path::Path;

const CLASSES: [&str; 8] = [
    "特別区",
    "政令市",
    "中核市",
    "特例市",
    "行政区",
    "市",
    "町",
    "村",
];
const ANSWERS: [&str; 6] = ["1", "2", "3", "4", "", "無回答"];

const PREFECTURES: [&str; 7] = ["A県", "B県", "C県", "D県", "E市", "", "Z県"];
const CENTRES: [&str; 4] = ["設置", "非設置", "", "不明"];

/// One return: class index, shares in tenths of a percent (or none), answer
/// index, and the synthetic columns: prefecture, population (or none), 保健所.
type Return = (
    usize,
    Option<(u32, u32)>,
    usize,
    (usize, Option<u32>, usize),
);

fn unit() -> impl Strategy<Value = Return> {
    (
        0usize..8,
        proptest::option::weighted(0.9, (500u32..=1000, 0u32..=1000)),
        0usize..6,
        (
            0usize..7,
            proptest::option::weighted(0.9, 0u32..400_000),
            0usize..4,
        ),
    )
}

fn csv(units: &[Return]) -> String {
    let mut s = String::from(
        "unit_id,class,share_secondary_tertiary,share_tertiary,implementation,prefecture,population,health_centre,partner_1,partner_2,partner_3,partner_4,partner_5,partner_6\n",
    );
    for (k, (c, shares, a, (pref, pop, centre))) in units.iter().enumerate() {
        let (s23, s3) = match shares {
            // Tenths of a percent, with Ⅲ次 never above Ⅱ次+Ⅲ次.
            Some((x, y)) => (
                format!("{:.1}", *x as f64 / 10.0),
                format!("{:.1}", (*y).min(*x) as f64 / 10.0),
            ),
            None => (String::new(), String::new()),
        };
        let pop = pop.map_or(String::new(), |p| p.to_string());
        s.push_str(&format!(
            "U{k},{},{s23},{s3},{},{},{pop},{},1,0,,1,0,0\n",
            CLASSES[*c], ANSWERS[*a], PREFECTURES[*pref], CENTRES[*centre]
        ));
    }
    s
}

fn definition() -> renkei::input::survey::SurveyDefinition {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys/renkei-2025");
    Survey::load(&path).unwrap().definition
}

/// Counts, units read, outside the population, excluded.
type Account = (Vec<Vec<u64>>, usize, usize, usize);

/// The tables (counts by every grouping of the shipped definition) of a returns text.
fn tables(text: &str) -> Vec<Account> {
    let def = definition();
    let (decoded, enc) = decode(Path::new("p.csv"), text.as_bytes(), TextEncoding::Auto).unwrap();
    let mut reader = csv::Reader::from_reader(decoded.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let records: Vec<RawRecord> = reader
        .records()
        .enumerate()
        .map(|(i, r)| RawRecord {
            line: i + 2,
            fields: r.unwrap().iter().map(str::to_string).collect(),
        })
        .collect();
    let raw = RawTable::from_parts(Path::new("p.csv"), enc, headers, records).unwrap();
    let returns = type_units(&raw, &def).unwrap();
    let q = &def.questions[0];
    def.groupings
        .iter()
        .map(|g| {
            let ct = cross_tabulate(&def, &returns, q, g);
            let t = &ct.table;
            let counts = (0..t.nrows())
                .map(|i| (0..t.ncols()).map(|j| t.get(i, j)).collect())
                .collect();
            (counts, ct.units_read, ct.outside_population, ct.excluded())
        })
        .collect()
}

fn total(counts: &[Vec<u64>]) -> u64 {
    counts.iter().flatten().sum()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_unit_is_counted_excluded_or_outside(units in proptest::collection::vec(unit(), 1..60)) {
        for (counts, read, outside, excluded) in tables(&csv(&units)) {
            prop_assert_eq!(read, units.len());
            prop_assert_eq!(total(&counts) as usize + outside + excluded, read);
        }
        // The class table counts exactly the units with an answer.
        let answered = units.iter().filter(|u| u.2 < 4).count();
        prop_assert_eq!(total(&tables(&csv(&units))[0].0) as usize, answered);
    }

    #[test]
    fn the_order_of_the_returns_does_not_matter(units in proptest::collection::vec(unit(), 1..60), seed in 0u64..1000) {
        let mut shuffled: Vec<(usize, _)> = units.iter().cloned().enumerate().collect();
        // A deterministic shuffle from the seed; ids move with their units.
        shuffled.sort_by_key(|(i, _)| (*i as u64).wrapping_mul(6364136223846793005).wrapping_add(seed) % 1000);
        let reordered: Vec<_> = shuffled.iter().map(|(_, u)| *u).collect();
        prop_assert_eq!(tables(&csv(&units)), tables(&csv(&reordered)));
    }

    #[test]
    fn one_more_answered_unit_changes_one_cell_by_one(units in proptest::collection::vec(unit(), 1..60), extra in (0usize..8, 0usize..4)) {
        let before = tables(&csv(&units));
        let mut more = units.clone();
        more.push((extra.0, None, extra.1, (5, None, 2)));
        let after = tables(&csv(&more));
        // The class table gains exactly one count, in the unit's cell.
        let diff: Vec<(usize, usize, i64)> = before[0].0.iter().enumerate().flat_map(|(i, r)| {
            r.iter().enumerate().map(move |(j, &v)| (i, j, v as i64))
        }).filter_map(|(i, j, v)| {
            let d = after[0].0[i][j] as i64 - v;
            (d != 0).then_some((i, j, d))
        }).collect();
        prop_assert_eq!(diff.len(), 1);
        prop_assert_eq!(diff[0].0, extra.1);
        prop_assert_eq!(diff[0].2, 1);
        // Without industry data it is excluded from the industry table of its scheme.
        prop_assert_eq!(total(&after[1].0) + total(&after[2].0), total(&before[1].0) + total(&before[2].0));
    }
}

#[test]
fn parse_definition_is_reachable() {
    // The survey definition parser used above is the public one.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys/renkei-2025/survey.json"),
    )
    .unwrap();
    assert!(parse_definition(Path::new("survey.json"), &text).is_ok());
}
