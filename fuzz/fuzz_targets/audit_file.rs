#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(t) = renkei::input::published::PublishedTable::parse(std::path::Path::new("t.json"), text)
    else {
        return;
    };
    let n: u64 = t
        .counts
        .iter()
        .flatten()
        .fold(0u64, |a, &v| a.saturating_add(v));
    if n <= 200 && t.rows.len() <= 5 && t.columns.len() <= 5 {
        let _ = renkei::analyses::audit::audit(&t);
    }
});
