#![no_main]
// A counts file (CSV with optional labels, any encoding), then the tests on
// the table it gives. Errors are fine; panics are what the fuzzer looks for.
use libfuzzer_sys::fuzz_target;
use renkei::stats::{AnalysisOptions, ExactWhen, analyze_with};
use renkei::tabulate::table::ContingencyTable;

fuzz_target!(|data: &[u8]| {
    let Ok((rows, _, _)) = renkei::input::counts::parse_counts_file(std::path::Path::new("t.csv"), data)
    else {
        return;
    };
    let t = ContingencyTable::from_rows(&rows);
    let opts = AnalysisOptions {
        exact: ExactWhen::Never,
        ..Default::default()
    };
    if t.total() < 1_000_000_000 {
        let _ = analyze_with(&t, &opts);
    }
});
