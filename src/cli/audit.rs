//! `renkei audit`: check published tables against their own counts.

use super::args::OutputArgs;
use clap::Args;
use renkei::analyses::audit::{audit, report};
use renkei::error::{EXIT_FINDINGS, EXIT_OK, Result};
use renkei::input::published::PublishedTable;
use std::path::PathBuf;

/// Recompute a published table's totals, percentages and p-value from its
/// counts and report what does not hold.
#[derive(Debug, Args)]
#[command(
    after_help = "Each FILE is one table as printed, in JSON (see README, \"Published \
tables\"). Exit code 0 when nothing is found, 1 when anything is, 2 on unreadable input.\n\n\
Example:\n  renkei audit seeds/*.json"
)]
pub struct AuditArgs {
    /// Published-table files.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// List every check, not only the findings.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(a: AuditArgs) -> Result<i32> {
    a.out.resolve()?;
    // Read every file first: a bad file stops the run before any output.
    let audits = a
        .files
        .iter()
        .map(|f| PublishedTable::load(f).map(|t| (f.display().to_string(), audit(&t))))
        .collect::<Result<Vec<_>>>()?;
    let findings: usize = audits.iter().map(|(_, x)| x.findings().count()).sum();
    let inputs: Vec<&std::path::Path> = a.files.iter().map(PathBuf::as_path).collect();
    a.out.emit_after_reading(&report(&audits, a.all), &inputs)?;
    Ok(if findings == 0 {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    })
}

impl super::Run for AuditArgs {
    fn lang(&self) -> super::LangArg {
        self.out.lang
    }
    fn run(self) -> Result<i32> {
        run(self)
    }
}
