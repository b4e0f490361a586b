//! The generalized CMH test against R's `mantelhaen.test`
//! (tests/reference/cmh.tsv, make_cmh.R; 2 × 2 × K with correct = FALSE):
//! statistic and p within 1e-9 relative (absolute below 1).

use crate::common::{assert_close, reference_tsv};
use nalgebra::DMatrix;
use renkei::stats::cmh::generalized_cmh;

#[test]
fn generalized_cmh_matches_mantelhaen_test() {
    let rows = reference_tsv("cmh.tsv");
    assert_eq!(rows.len(), 5);
    for r in rows {
        let dims: Vec<usize> = r[1].split(',').map(|v| v.parse().unwrap()).collect();
        let counts: Vec<u64> = r[2].split(',').map(|v| v.parse().unwrap()).collect();
        let (i, j, k) = (dims[0], dims[1], dims[2]);
        // R's arrays are column-major: x[a, b, c] = counts[a + i*b + i*j*c].
        let strata: Vec<DMatrix<u64>> = (0..k)
            .map(|c| DMatrix::from_fn(i, j, |a, b| counts[a + i * b + i * j * c]))
            .collect();
        let t = generalized_cmh(&strata).unwrap();
        assert_close(
            t.statistic,
            r[3].parse().unwrap(),
            1e-9,
            &format!("{} M²", r[0]),
        );
        assert_eq!(t.df, r[4].parse::<f64>().unwrap());
        assert_close(t.p, r[5].parse().unwrap(), 1e-9, &format!("{} p", r[0]));
    }
}
