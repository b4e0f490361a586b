//! JSON output: the analysis's machine-readable result, the stable contract
//! for scripts documented in the README. Numbers are JSON numbers at full
//! precision; names and notes are strings in the output's language.

use super::Renderer;
use crate::{Messages, Report};
use renkei_data::error::{Error, Result};

/// The report's data as pretty JSON with a final newline.
pub struct Json;

impl Renderer for Json {
    fn render(&self, report: &Report, m: &Messages) -> Result<Vec<u8>> {
        let data = report
            .data
            .as_ref()
            .ok_or_else(|| Error::Internal("this report has no JSON form".into()))?;
        let text = renkei_text::serialize_in(m.lang, || serde_json::to_string_pretty(data))
            .map_err(|e| Error::Internal(format!("JSON output: {e}")))?;
        Ok((text + "\n").into_bytes())
    }
}
