//! JSON output: the analysis's machine-readable result, the stable contract
//! for scripts documented in the README. Numbers are JSON numbers at full
//! precision; names and notes are strings in the output's language.

use super::{Draw, Renderer};
use crate::{
    FunnelChart, Grid, IntervalChart, Line, Messages, ProgressChart, Records, Report, Section,
    SlideBlock, StackedBars, Text,
};
use renkei_data::error::{Error, Result};

/// The report's data as pretty JSON with a final newline.
pub struct Json;

impl Renderer for Json {
    fn start<'a>(&self, report: &'a Report, m: &'a Messages) -> Result<Box<dyn Draw + 'a>> {
        let data = report
            .data
            .as_ref()
            .ok_or_else(|| Error::Internal("this report has no JSON form".into()))?;
        Ok(Box::new(JsonDraw { data, m }))
    }
}

/// JSON is the analysis's record, not a drawing of its blocks: each block
/// is left to the formats for people, and the record is written at the end.
struct JsonDraw<'a> {
    data: &'a dyn erased_serde::Serialize,
    m: &'a Messages,
}

impl Draw for JsonDraw<'_> {
    fn head(&mut self, _: Option<&Text>, _: &[Line]) -> Result<()> {
        Ok(())
    }
    fn section(&mut self, _: &Section) -> Result<()> {
        Ok(())
    }
    fn slide(&mut self, _: &SlideBlock) -> Result<()> {
        Ok(())
    }
    fn lines(&mut self, _: &[Line]) -> Result<()> {
        Ok(())
    }
    fn grid(&mut self, _: &Grid) -> Result<()> {
        Ok(())
    }
    fn records(&mut self, _: &Records) -> Result<()> {
        Ok(())
    }
    fn chart(&mut self, _: &StackedBars) -> Result<()> {
        Ok(())
    }
    fn intervals(&mut self, _: &IntervalChart) -> Result<()> {
        Ok(())
    }
    fn funnel(&mut self, _: &FunnelChart) -> Result<()> {
        Ok(())
    }
    fn progress(&mut self, _: &ProgressChart) -> Result<()> {
        Ok(())
    }
    fn end_section(&mut self) -> Result<()> {
        Ok(())
    }
    fn finish(self: Box<Self>, _: &[Line]) -> Result<Vec<u8>> {
        let data = self.data;
        let text = renkei_text::serialize_in(self.m.lang, || serde_json::to_string_pretty(data))
            .map_err(|e| Error::Internal(format!("JSON output: {e}")))?;
        Ok((text + "\n").into_bytes())
    }
}
