#![no_main]
use libfuzzer_sys::fuzz_target;
use renkei::analyses::scale::{ScaleOptions, ScaleSpec, report};
use renkei::input::checklist::read_items;
use renkei::input::returns::TextEncoding;
use renkei::stats::reliability::Missing;
use renkei::text::Name;
#[path = "files.rs"]
mod files;

fuzz_target!(|data: &[u8]| {
    let (_dir, path) = files::file("items.csv", data);
    let Ok(table) = read_items(&path, TextEncoding::Auto, &[]) else {
        return;
    };
    let whole = ScaleSpec {
        name: Name::Plain("items".into()),
        items: table.names.clone(),
    };
    let half = ScaleSpec {
        name: Name::Plain("half".into()),
        items: table.names.iter().step_by(2).cloned().collect(),
    };
    for missing in [Missing::Listwise, Missing::Pairwise] {
        let opts = ScaleOptions {
            missing,
            level: 0.95,
            reverse: table.names.first().cloned().into_iter().collect(),
            factors: None,
            parallel: None,
        };
        files::render_all(&report(&table, &whole, std::slice::from_ref(&half), &opts, None));
    }
});
