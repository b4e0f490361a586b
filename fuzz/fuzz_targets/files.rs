// Shared by the targets of the long-format readers (plans, study and
// standard populations, checklist returns, item files): the bytes become a
// file of the given name, read as the command reads it, then analysed and
// rendered in every format. Errors are fine; panics are what the fuzzer
// looks for.
use renkei::render::{Format, render};
use renkei::report::{Lang, Messages, Report};
use std::path::PathBuf;

/// Writes `data` to a file named `name` in a fresh temporary directory.
pub fn file(name: &str, data: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, data).expect("write");
    (dir, path)
}

/// Renders `report` in every format and both languages.
pub fn render_all(report: &Report) {
    for lang in [Lang::Ja, Lang::En] {
        let m = Messages::new(lang);
        for f in [Format::Text, Format::Json, Format::Markdown, Format::Html, Format::Svg, Format::Xlsx] {
            let _ = render(report, f, &m);
        }
        let _ = render(report, Format::Csv(Default::default()), &m);
    }
}
