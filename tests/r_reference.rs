//! renkei's statistics against R: the values in tests/reference/tables.tsv
//! were computed by R 4.2.2 (`chisq.test`, `fisher.test`, the G² formula) with
//! tests/reference/make_reference.R on a few hundred tables: shapes 2×2 to
//! 6×8, n from 10 to 10⁷, sparse tables, zero rows and columns, strong
//! association and the three published tables.
//!
//! Tolerances (relative): 1e-9 for asymptotic statistics and p-values, 1e-7
//! for exact p-values (R's own tolerance on "as or less probable"). A p below
//! 1e-300 is compared absolutely (both are 0 to within double precision).

use renkei::stats::exact::{ExactOptions, fisher_exact};
use renkei::stats::measures::{likelihood_ratio, yates};
use renkei::stats::pearson_chi_square;
use renkei::table::ContingencyTable;

struct Row {
    id: String,
    kind: String,
    counts: Vec<Vec<u64>>,
    values: Vec<Option<f64>>,
}

fn rows() -> Vec<Row> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference/tables.tsv"
    ))
    .unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Row {
                id: f[0].to_string(),
                kind: f[1].to_string(),
                counts: f[2]
                    .split(';')
                    .map(|r| r.split(',').map(|v| v.parse().unwrap()).collect())
                    .collect(),
                values: f[3..]
                    .iter()
                    .map(|v| {
                        if *v == "NA" {
                            None
                        } else {
                            Some(v.parse().unwrap())
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

fn close(what: &str, row: &Row, got: f64, want: f64, rel: f64) {
    let ok = if want.abs() < 1e-300 {
        got.abs() < 1e-290
    } else {
        ((got - want) / want).abs() <= rel
    };
    assert!(
        ok,
        "table {} ({}) {:?}: {what}: renkei {got:e}, R {want:e}, relative error {:e} > {rel:e}",
        row.id,
        row.kind,
        row.counts,
        ((got - want) / want).abs()
    );
}

fn tested(row: &Row) -> ContingencyTable {
    ContingencyTable::from_rows(&row.counts).drop_empty().0
}

#[test]
fn the_reference_file_covers_the_promised_shapes() {
    let rows = rows();
    assert!(rows.len() >= 300, "{} tables", rows.len());
    let exact = rows.iter().filter(|r| r.values[7].is_some()).count();
    assert!(exact >= 150, "{exact} tables with an exact p");
    for kind in [
        "small",
        "medium",
        "large",
        "sparse",
        "zero-margins",
        "huge",
        "strong",
        "published",
    ] {
        assert!(rows.iter().any(|r| r.kind == kind), "no {kind} table");
    }
    assert!(
        rows.iter()
            .any(|r| r.counts.len() == 6 && r.counts[0].len() == 8)
    );
}

#[test]
fn pearson_matches_chisq_test() {
    for row in rows() {
        let t = tested(&row);
        let x = pearson_chi_square(&t).unwrap();
        close("X²", &row, x.statistic, row.values[0].unwrap(), 1e-9);
        assert_eq!(x.df as f64, row.values[1].unwrap());
        close("Pearson p", &row, x.p, row.values[2].unwrap(), 1e-9);
    }
}

#[test]
fn likelihood_ratio_matches_r() {
    for row in rows() {
        let g = likelihood_ratio(&tested(&row)).unwrap();
        close("G²", &row, g.statistic, row.values[3].unwrap(), 1e-9);
        close("G² p", &row, g.p, row.values[4].unwrap(), 1e-9);
    }
}

#[test]
fn yates_matches_chisq_test_on_2x2() {
    let mut n = 0;
    for row in rows() {
        let t = tested(&row);
        match (yates(&t), row.values[5], row.values[6]) {
            (Some(y), Some(s), Some(p)) => {
                close("Yates X²", &row, y.statistic, s, 1e-9);
                close("Yates p", &row, y.p, p, 1e-9);
                n += 1;
            }
            (None, None, None) => {}
            other => panic!("table {}: Yates availability differs: {other:?}", row.id),
        }
    }
    assert!(n >= 10, "only {n} 2×2 tables");
}

#[test]
fn exact_matches_fisher_test() {
    for row in rows() {
        let Some(want) = row.values[7] else { continue };
        let r = fisher_exact(&tested(&row), &ExactOptions::default()).unwrap();
        close("exact p", &row, r.p, want, 1e-7);
    }
}
