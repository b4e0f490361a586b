#![no_main]
use libfuzzer_sys::fuzz_target;
use renkei::analyses::checklist::report;
use renkei::input::checklist::{Checklist, read_returns_for};
use renkei::input::returns::TextEncoding;
#[path = "files.rs"]
mod files;

fuzz_target!(|data: &[u8]| {
    let def = files::file(
        "prefecture-32.json",
        include_bytes!("../../checklists/prefecture-32.json"),
    );
    let checklist = Checklist::load(&def.1).expect("shipped checklist");
    let (_dir, path) = files::file("returns.csv", data);
    for group in [None, Some("uses_checklist")] {
        if let Ok(returns) = read_returns_for(&checklist, &path, TextEncoding::Auto, group) {
            files::render_all(&report(&checklist, &returns));
        }
    }
});
