//! The command line: one module per subcommand, each only turning its flags
//! into library calls; flag groups shared by commands live in
//! [`args`] and [`analysis`]. Commands build a report with
//! `renkei::analyses` and hand it to [`args::OutputArgs::emit`], which renders
//! and writes it; nothing here formats output.

pub mod analysis;
pub mod app;
pub mod args;
pub mod audit;
pub mod checklist;
pub mod classify;
pub mod completions;
pub mod describe;
mod embedded;
pub mod evaluate;
pub mod help_ja;
pub mod init;
pub mod ratio;
pub mod report;
pub mod reproduce;
pub mod tab;
pub mod test;

use clap::{Parser, Subcommand};
use renkei::error::{Error, Result};
use renkei::report::{Messages, Msg};
use std::io::Write;
use std::path::{Path, PathBuf};

pub use args::LangArg;

#[derive(Debug, Parser)]
#[command(
    name = "renkei",
    version,
    about = "Statistics of municipal health-collaboration (地域・職域連携) surveys",
    long_about = "Statistics of municipal health-collaboration (地域・職域連携) surveys: \
returns typed by municipality class and industry structure, implementation-rate \
tables, and tests of independence.\n\nExit codes: 0 ok, 1 mismatch or findings, \
2 usage or input error, 3 internal error, 130 interrupted."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What every command's flags can do: say the language it writes in, and
/// run it (hand the settings to the library and write what it returns).
pub trait Run {
    fn lang(&self) -> LangArg;
    fn run(self) -> Result<i32>;
}

/// The registry of commands: one line per command (its name and its
/// flags' type, which implements [`Run`]).
macro_rules! commands {
    ($($name:ident($args:ty)),* $(,)?) => {
        #[derive(Debug, Subcommand)]
        pub enum Command {
            $($name($args)),*
        }

        impl Command {
            fn lang(&self) -> LangArg {
                match self {
                    $(Command::$name(a) => a.lang()),*
                }
            }

            fn run(self) -> Result<i32> {
                match self {
                    $(Command::$name(a) => a.run()),*
                }
            }
        }
    };
}

commands! {
    Reproduce(reproduce::ReproduceArgs),
    Tab(tab::TabArgs),
    Classify(classify::ClassifyArgs),
    Test(test::TestArgs),
    Audit(audit::AuditArgs),
    Report(report::ReportArgs),
    Ratio(ratio::RatioArgs),
    Evaluate(evaluate::EvaluateArgs),
    Checklist(checklist::ChecklistArgs),
    Scale(checklist::ScaleArgs),
    Describe(describe::DescribeArgs),
    Init(init::InitArgs),
    App(app::AppArgs),
    Completions(completions::CompletionsArgs),
}

/// Runs a command and turns its outcome into the process's exit code: the
/// command's own code (0 or 1), an error's code (2 for usage and input
/// errors, 130 when interrupted) with its message on stderr, or 3 with a
/// request to report it if the command panicked — a panic is a bug, and it
/// must still end with a message and a documented code. Outputs are rendered
/// in memory and only then written (to a temporary file renamed into
/// place), so a panic leaves no half-written output behind.
/// Messages are worded in `m`'s language.
pub fn exit_code_of(
    m: Messages,
    command: impl FnOnce() -> Result<i32> + std::panic::UnwindSafe,
) -> i32 {
    match std::panic::catch_unwind(command) {
        // A signal that came while the outputs were renamed into place:
        // they are whole, and the run still ends as interrupted.
        Ok(Ok(_)) if analysis::cancelled() => {
            eprintln!("renkei: {}", Msg::InterruptedAfterWriting.words(m));
            renkei::error::EXIT_INTERRUPTED
        }
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            eprintln!("renkei: {}", e.describe(m.lang));
            e.exit_code()
        }
        Err(_) => {
            eprintln!("renkei: {}", Msg::Panicked.words(m));
            renkei::error::EXIT_INTERNAL
        }
    }
}

impl Cli {
    /// The language the command writes in (its `--lang`).
    pub fn messages(&self) -> Messages {
        Messages::new(self.command.lang().into())
    }
}

/// Runs a parsed command line; returns the exit code.
pub fn run(cli: Cli) -> Result<i32> {
    // Ctrl-C and SIGTERM set a flag from the start, so that every phase
    // ends with exit 130 and nothing written (`analysis::check_interrupted`).
    analysis::install_interrupt_handler();
    cli.command.run()
}

/// Writes finished bytes to stdout. A closed pipe (`renkei … | head`) is
/// not an error.
pub fn emit_bytes(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::io(Path::new("<stdout>"), e))
        }
        _ => Ok(()),
    }
}

/// The shipped survey, seeds and checklists: looked up in the working
/// directory first (a checkout, where the README's paths are the files'),
/// then the copies built into the binary (`embedded`), never a path of the
/// machine the binary was built on. `RENKEI_SHIPPED=embedded` goes straight
/// to the built-in copies (how the tests check them).
pub fn shipped(relative: &str) -> PathBuf {
    let forced = std::env::var_os("RENKEI_SHIPPED").is_some_and(|v| v == "embedded");
    let here = Path::new(relative);
    if !forced && here.exists() {
        return here.to_path_buf();
    }
    match embedded::materialize() {
        Some(root) => root.join(relative),
        // The temporary directory could not be written: the error names
        // the path it looked for.
        None => here.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use renkei::error::{EXIT_INPUT, EXIT_INTERNAL};
    use renkei::report::messages::errors::Usage;

    #[test]
    fn exit_codes() {
        let m = Messages::default();
        assert_eq!(exit_code_of(m, || Ok(0)), 0);
        assert_eq!(exit_code_of(m, || Ok(1)), 1);
        let usage = exit_code_of(m, || Err(Usage::CountsOrFile.into()));
        assert_eq!(usage, EXIT_INPUT);
        // The panic's own message also goes to stderr (the default hook).
        assert_eq!(exit_code_of(m, || panic!("a bug")), EXIT_INTERNAL);
    }
}
