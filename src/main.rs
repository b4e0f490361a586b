//! The `renkei` command: parses the command line and hands over to the library.

use clap::Parser;
use renkei::cli::{Cli, run};
use renkei::error::{EXIT_INPUT, EXIT_INTERNAL};

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            std::process::exit(if e.use_stderr() { EXIT_INPUT } else { 0 });
        }
    };
    // A panic is a bug; it must still end with a message and exit code 3,
    // never with a half-finished output.
    let code = match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            eprintln!("renkei: {e}");
            e.exit_code()
        }
        Err(_) => {
            eprintln!("renkei: internal error (please report it with the command that caused it)");
            EXIT_INTERNAL
        }
    };
    std::process::exit(code);
}
