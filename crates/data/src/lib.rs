//! renkei's data layer: reading inputs of every kind (returns in CSV, JSON
//! and spreadsheets, survey definitions, counts, published tables, long-format
//! data files, plans, checklists), typing each return as a municipality, and
//! tabulating a question by a grouping with every unit accounted for.
//!
//! It knows statistics only as far as the contingency table it builds
//! (`renkei_stats::table`); it knows no report, renderer or command line.
//! Its errors are typed here ([`error`]) and worded, in Japanese and
//! English side by side, by its own catalogue of what inputs should hold
//! ([`messages`]).
//!
//! An import of a later layer does not compile:
//!
//! ```compile_fail
//! // renkei-data does not depend on the report layer.
//! use renkei_report::Report;
//! ```

// Input errors carry file, sheet, line, column, value and expectation; they
// are rare and reported once, so their size in a Result does not matter.
#![allow(clippy::result_large_err)]

pub mod error;
pub mod input;
pub mod messages;
pub mod municipality;
pub mod standard_population;
pub mod tabulate;
pub mod units;

use error::Result;
use input::returns::TextEncoding;
use std::path::Path;

/// Loads a survey and types its returns (the definition's file, or `returns`).
pub fn load_survey(
    dir: &Path,
    returns: Option<&Path>,
    encoding: TextEncoding,
    sheet: Option<&str>,
) -> Result<(input::survey::Survey, units::Returns)> {
    load_survey_with(dir, returns, encoding, sheet, false)
}

/// `load_survey`; with `unknown_as_missing`, answers that are no category
/// are excluded and listed instead of stopping the run.
pub fn load_survey_with(
    dir: &Path,
    returns: Option<&Path>,
    encoding: TextEncoding,
    sheet: Option<&str>,
    unknown_as_missing: bool,
) -> Result<(input::survey::Survey, units::Returns)> {
    let survey = input::survey::Survey::load(dir)?;
    let path = returns.map_or_else(|| survey.returns_path(), Path::to_path_buf);
    // The sheet named on the command line, else the definition's; its
    // header row holds for its own sheet only.
    let (sheet, header_row) = match sheet {
        Some(s) if survey.definition.sheet.as_deref() != Some(s) => (Some(s), None),
        _ => (
            sheet.or(survey.definition.sheet.as_deref()),
            survey.definition.header_row,
        ),
    };
    let raw = input::returns::read_returns_at(&path, encoding, sheet, header_row)?;
    let typed = units::type_units_with(&raw, &survey.definition, unknown_as_missing)?;
    Ok((survey, typed))
}
