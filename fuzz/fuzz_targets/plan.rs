#![no_main]
use libfuzzer_sys::fuzz_target;
use renkei::analyses::evaluate::{EvaluateOptions, report};
use renkei::input::plan::read_plan;
use renkei::input::returns::TextEncoding;
#[path = "files.rs"]
mod files;

fuzz_target!(|data: &[u8]| {
    let (_dir, path) = files::file("plan.csv", data);
    if let Ok(plan) = read_plan(&path, TextEncoding::Auto, None, Default::default()) {
        files::render_all(&report(&plan, &EvaluateOptions::default()));
    }
});
