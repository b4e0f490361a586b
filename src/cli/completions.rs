//! `renkei completions`: the shell's completion script for renkei.

use super::LangArg;
use clap::{Args, CommandFactory, ValueEnum};
use clap_complete::Shell;
use renkei::error::{EXIT_OK, Result};

/// Print the completion script of a shell (commands, options and their
/// values complete with Tab).
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
renkei completions bash > ~/.local/share/bash-completion/completions/renkei\n  \
renkei completions zsh > ~/.zfunc/_renkei\n  \
renkei completions powershell >> $PROFILE")]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: ShellArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShellArg {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

pub fn run(a: CompletionsArgs) -> Result<i32> {
    let shell = match a.shell {
        ShellArg::Bash => Shell::Bash,
        ShellArg::Zsh => Shell::Zsh,
        ShellArg::Fish => Shell::Fish,
        ShellArg::Powershell => Shell::PowerShell,
        ShellArg::Elvish => Shell::Elvish,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut super::Cli::command(), "renkei", &mut script);
    super::emit_bytes(&script)?;
    Ok(EXIT_OK)
}

impl super::Run for CompletionsArgs {
    fn lang(&self) -> LangArg {
        LangArg::Ja
    }
    fn run(self) -> Result<i32> {
        run(self)
    }
}
