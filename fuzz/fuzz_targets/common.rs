// Shared by the returns targets: read bytes as a returns file with the given
// extension, type the units by the shipped definition and build every table.
// Errors are fine; panics are what the fuzzer looks for.
use renkei::tabulate::crosstab::cross_tabulate;
use renkei::input::returns::{TextEncoding, parse_returns};
use renkei::input::survey::parse_definition;
use std::path::Path;

pub fn returns(ext: &str, data: &[u8]) {
    let def = parse_definition(
        Path::new("survey.json"),
        include_str!("../../surveys/renkei-2025/survey.json"),
    )
    .expect("shipped definition");
    let path = format!("fuzz.{ext}");
    let Ok(raw) = parse_returns(Path::new(&path), data, TextEncoding::Auto, None) else {
        return;
    };
    let Ok(units) = renkei::units::type_units(&raw, &def) else {
        return;
    };
    for g in &def.groupings {
        let ct = cross_tabulate(&def, &units, &def.questions[0], g);
        let _ = renkei::stats::pearson_chi_square(&ct.table.drop_empty().0);
    }
}
