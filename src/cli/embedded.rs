//! The shipped survey, published tables, plan and checklists, built into
//! the binary, so that `renkei reproduce` and `--checklist prefecture-32`
//! work from any directory after `cargo install`, once the checkout has
//! moved or gone.

use std::path::{Path, PathBuf};

/// Every shipped file, by its path in the repository.
const FILES: [(&str, &[u8]); 11] = [
    (
        "surveys/renkei-2025/survey.json",
        include_bytes!("../../surveys/renkei-2025/survey.json"),
    ),
    (
        "surveys/renkei-2025/returns.csv",
        include_bytes!("../../surveys/renkei-2025/returns.csv"),
    ),
    (
        "surveys/survey.schema.json",
        include_bytes!("../../surveys/survey.schema.json"),
    ),
    (
        "seeds/table3.json",
        include_bytes!("../../seeds/table3.json"),
    ),
    (
        "seeds/table4.json",
        include_bytes!("../../seeds/table4.json"),
    ),
    (
        "seeds/table5.json",
        include_bytes!("../../seeds/table5.json"),
    ),
    (
        "seeds/otaru-midterm.csv",
        include_bytes!("../../seeds/otaru-midterm.csv"),
    ),
    (
        "checklists/prefecture-32.json",
        include_bytes!("../../checklists/prefecture-32.json"),
    ),
    (
        "checklists/secondary-46.json",
        include_bytes!("../../checklists/secondary-46.json"),
    ),
    (
        "checklists/ict-56.json",
        include_bytes!("../../checklists/ict-56.json"),
    ),
    (
        "checklists/examples/prefecture-32.csv",
        include_bytes!("../../checklists/examples/prefecture-32.csv"),
    ),
];

/// The built-in copies written out (once per version) under the system's
/// temporary directory, since the readers take paths; each file is written
/// beside its place and renamed, so concurrent runs never see half a file.
/// `None` if the directory cannot be written.
pub fn materialize() -> Option<PathBuf> {
    let root = std::env::temp_dir().join(format!("renkei-{}-shipped", env!("CARGO_PKG_VERSION")));
    for (relative, bytes) in FILES {
        let path = root.join(relative);
        if std::fs::read(&path).is_ok_and(|old| old == bytes) {
            continue;
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).ok()?;
        let mut part = tempfile::NamedTempFile::new_in(dir).ok()?;
        std::io::Write::write_all(&mut part, bytes).ok()?;
        part.persist(&path).ok()?;
    }
    Some(root)
}
