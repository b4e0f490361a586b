//! The `renkei` command: parses the command line and hands over to the library.

use clap::{CommandFactory, FromArgMatches, Parser};
mod app;
mod cli;

use cli::{Cli, exit_code_of, run};
use renkei::error::EXIT_INPUT;

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Help and clap's own errors speak Japanese unless English is asked for.
    let english = cli::help_ja::wants_english(&args);
    let parsed = if english {
        Cli::try_parse_from(&args)
    } else {
        cli::help_ja::localized(Cli::command())
            .try_get_matches_from(&args)
            .and_then(|m| Cli::from_arg_matches(&m))
    };
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            let shown = matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            );
            if english || shown {
                let _ = e.print();
            } else {
                eprint!("{}", cli::help_ja::error_message(&e));
            }
            std::process::exit(if e.use_stderr() { EXIT_INPUT } else { 0 });
        }
    };
    let messages = cli.messages();
    cli::analysis::set_stop_message(messages);
    let code = exit_code_of(messages, || run(cli));
    std::process::exit(code);
}
