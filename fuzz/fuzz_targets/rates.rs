#![no_main]
use libfuzzer_sys::fuzz_target;
use renkei::analyses::ratio::{RatioOptions, report};
use renkei::input::rates::{read_standard, read_study};
use renkei::input::returns::TextEncoding;
#[path = "files.rs"]
mod files;

// The input is a study population; the standard is the shipped example's,
// and the same bytes are also read as a standard against the shipped study.
fuzz_target!(|data: &[u8]| {
    let (_dir, path) = files::file("study.csv", data);
    let shipped_standard = files::file(
        "standard.csv",
        include_bytes!("../../examples/ndb/standard.csv"),
    );
    let shipped_study = files::file("study.csv", include_bytes!("../../examples/ndb/study.csv"));
    let opts = RatioOptions::default();
    if let (Ok(study), Ok(standard)) = (
        read_study(&path, TextEncoding::Auto, None),
        read_standard(&shipped_standard.1, TextEncoding::Auto, None),
    ) && let Ok(r) = report(&study, &standard, &opts)
    {
        files::render_all(&r);
    }
    if let (Ok(study), Ok(standard)) = (
        read_study(&shipped_study.1, TextEncoding::Auto, None),
        read_standard(&path, TextEncoding::Auto, None),
    ) && let Ok(r) = report(&study, &standard, &opts)
    {
        files::render_all(&r);
    }
});
