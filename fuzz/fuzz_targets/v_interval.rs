#![no_main]
// The noncentrality interval behind Cramér's V at any X² and df: it must
// end (its cost may not grow with X²), and give 0 ≤ lower ≤ upper.
use libfuzzer_sys::fuzz_target;
use renkei::stats::measures::noncentrality_interval;

fuzz_target!(|data: &[u8]| {
    if data.len() < 9 {
        return;
    }
    let x2 = f64::from_le_bytes(data[..8].try_into().unwrap()).abs();
    let df = f64::from(data[8] % 64 + 1);
    if !x2.is_finite() || x2 > 1e13 {
        return;
    }
    let (lo, hi) = noncentrality_interval(x2, df, 0.95);
    assert!(lo >= 0.0 && lo <= hi, "X² {x2}, df {df}: [{lo}, {hi}]");
});
