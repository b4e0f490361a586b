//! Reading input: returns files, survey definitions and published tables.
//! Nothing here types units or computes statistics.

use crate::error::{Error, InputError, Result};
use crate::messages::data_errors::DataExpected;
use crate::messages::errors::Expected;
use std::io::Read;
use std::path::Path;

pub mod checklist;
pub mod columns;
pub mod counts;
pub mod plan;
pub mod published;
pub mod rates;
pub mod returns;
pub mod sheet_extent;
pub mod survey;

/// Largest definition, published table or counts file read (they are a few
/// kilobytes; anything this size is not one).
pub const MAX_SMALL_FILE_BYTES: u64 = 64 << 20;

/// Reads a file whole, but never more than `max` bytes: the limit is on the
/// bytes read, not on the size the file system reports, so a FIFO or a
/// device (`/dev/zero`) is refused at the limit instead of filling memory.
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>> {
    let too_large = || InputError::new(path, Expected::FileAtMost { mib: max >> 20 });
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    // A regular file says its size: refuse it before reading a byte.
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if meta.is_file() && meta.len() > max {
        return Err(too_large()
            .value(format!("{} MiB", meta.len() >> 20))
            .into());
    }
    let mut bytes = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > max {
        return Err(too_large().into());
    }
    Ok(bytes)
}

/// A small text file (definition, published table): read within
/// [`MAX_SMALL_FILE_BYTES`] and decoded as returns are (a BOM decides, else
/// UTF-8, else Shift_JIS), so a file saved by Windows Notepad with a BOM or
/// by Japanese Excel in Shift_JIS reads as it should.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = read_limited(path, MAX_SMALL_FILE_BYTES)?;
    let (text, _) = returns::decode(path, &bytes, returns::TextEncoding::Auto)?;
    Ok(text.into_owned())
}

/// The largest returns file read (1 GiB): returns are read whole, and a
/// national survey's file is a few megabytes.
pub const MAX_RETURNS_BYTES: u64 = 1 << 30;

pub use crate::messages::errors::Document;

/// Deserializes a JSON document (a definition, a published table): it must
/// be one object; an error names the line, the field (its path, e.g.
/// `questions[0].label`) and what to write there.
pub fn parse_document<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
    kind: Document,
) -> std::result::Result<T, InputError> {
    if !text.trim_start().starts_with('{') {
        return Err(InputError::new(path, Expected::JsonObject(kind)).line(1));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        let detail = crate::error::json_message(&inner);
        let expected = match kind {
            Document::Definition => Expected::Definition { detail },
            Document::PublishedTable => Expected::PublishedFile { detail },
            Document::Checklist => Expected::Data(DataExpected::ChecklistFile { detail }),
        };
        let err = InputError::new(path, expected).line(inner.line().max(1));
        if field == "." { err } else { err.column(field) }
    })?;
    // Text after the object (a second object pasted below, a stray brace)
    // is refused, not ignored.
    de.end()
        .map_err(|e| InputError::new(path, Expected::NothingAfterObject).line(e.line().max(1)))?;
    Ok(value)
}
