#![no_main]
use libfuzzer_sys::fuzz_target;
use renkei::stats::{AnalysisOptions, ExactWhen, analyze_with};
use renkei::tabulate::table::ContingencyTable;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(rows) = renkei::input::counts::parse_counts(text) else {
        return;
    };
    let t = ContingencyTable::from_rows(&rows);
    // The asymptotic tests on anything; the exact test only where it is quick.
    let small = t.total() <= 60 && t.nrows() <= 4 && t.ncols() <= 4;
    let opts = AnalysisOptions {
        exact: if small {
            ExactWhen::Always
        } else {
            ExactWhen::Never
        },
        ..Default::default()
    };
    if t.total() < 1_000_000_000 {
        let _ = analyze_with(&t, &opts);
    }
});
