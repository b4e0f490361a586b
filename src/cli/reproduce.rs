//! `renkei reproduce`: regenerate the published tables (表3, 表4, 表5) from the
//! shipped survey and compare every printed number with the reproduction.

use super::analysis::TestOptions;
use super::args::{OutputArgs, ReturnsArgs};
use super::shipped;
use crate::analyses::reproduce::{report, reproduce, tables_for};
use crate::error::{EXIT_FINDINGS, EXIT_OK, Result};
use clap::Args;
use std::path::PathBuf;

/// The survey shipped with renkei, and the published tables it reproduces.
pub const SHIPPED_SURVEY: &str = "surveys/renkei-2025";
pub const SHIPPED_SEEDS: &str = "seeds";

/// Regenerate the published tables from unit-level returns and check them.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit code 0 when every printed value is reproduced (apart from \
listed misprints), 1 when any differs, 2 on bad input.\n\nExample:\n  renkei reproduce"
)]
pub struct ReproduceArgs {
    /// Survey directory [default: the shipped surveys/renkei-2025].
    #[arg(long, value_name = "DIR")]
    pub survey: Option<PathBuf>,
    /// Directory of published tables as printed (*.json) [default: the shipped seeds/].
    #[arg(long, value_name = "DIR")]
    pub seeds: Option<PathBuf>,
    #[command(flatten)]
    pub returns: ReturnsArgs,
    #[command(flatten)]
    pub tests: TestOptions,
    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(a: ReproduceArgs) -> Result<i32> {
    a.out.resolve()?;
    let survey_dir = a.survey.clone().unwrap_or_else(|| shipped(SHIPPED_SURVEY));
    let seeds_dir = a.seeds.clone().unwrap_or_else(|| shipped(SHIPPED_SEEDS));
    let (survey, returns) = a.returns.load(&survey_dir)?;
    let seeds = tables_for(&seeds_dir, &survey.definition.id)?;
    // Everything is computed before anything is written.
    let done = reproduce(&survey, &returns, seeds, |t, ordered| {
        a.tests.analyze(t, ordered, a.out.messages())
    })?;
    let mut inputs = vec![survey.definition_path.as_path(), returns.source.as_path()];
    inputs.extend(done.tables.iter().map(|t| t.file.as_path()));
    a.out.emit_after_reading(&report(&done), &inputs)?;
    Ok(if done.reproduced() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    })
}
