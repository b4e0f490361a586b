//! renkei: statistics of municipal health-collaboration (地域・職域連携) surveys.
//!
//! Layers, each in its own module and each unaware of the ones after it:
//!
//! 1. [`returns`] reads a returns file (CSV in UTF-8 / Shift_JIS, JSON) into raw records;
//! 2. [`units`] types each record by the [`survey`] definition, using
//!    [`municipality`] for class groups, 類似団体 industry codes and code check digits;
//! 3. [`crosstab`] builds a question × grouping [`table::ContingencyTable`], accounting
//!    for every unit;
//! 4. [`stats`] tests independence on the table;
//! 5. [`layout`] and [`render`] draw the results; [`published`] compares them
//!    with tables as printed.

pub mod cli;
pub mod crosstab;
pub mod error;
pub mod layout;
pub mod municipality;
pub mod published;
pub mod render;
pub mod returns;
pub mod stats;
pub mod survey;
pub mod table;
pub mod units;

use error::Result;
use returns::TextEncoding;
use std::path::Path;

/// Loads a survey and types its returns (the definition's file, or `returns`).
pub fn load_survey(
    dir: &Path,
    returns: Option<&Path>,
    encoding: TextEncoding,
) -> Result<(survey::Survey, units::Returns)> {
    let survey = survey::Survey::load(dir)?;
    let path = returns.map_or_else(|| survey.returns_path(), Path::to_path_buf);
    let raw = returns::read_returns(&path, encoding)?;
    let typed = units::type_units(&raw, &survey.definition)?;
    Ok((survey, typed))
}
