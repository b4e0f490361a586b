//! The `renkei` command: parses the command line and hands over to the library.

use clap::Parser;
mod app;
mod cli;

use cli::{Cli, exit_code_of, run};
use renkei::error::EXIT_INPUT;

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            std::process::exit(if e.use_stderr() { EXIT_INPUT } else { 0 });
        }
    };
    let messages = cli.messages();
    cli::analysis::set_stop_message(messages);
    let code = exit_code_of(messages, || run(cli));
    std::process::exit(code);
}
