//! `renkei app`: the analyses in a page on the user's own machine.

use super::LangArg;
use clap::Args;
use renkei::error::{EXIT_OK, Result};
use renkei::report::messages::errors::Usage;
use std::net::{IpAddr, Ipv4Addr};

/// Open renkei in the browser: drop a returns file, a plan or a table and
/// get the tables, tests, charts and downloads, without the command line.
/// Everything stays on this computer.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  renkei app\n\n\
The first line printed is the page's address with its token \
(http://127.0.0.1:PORT/?token=…); Ctrl-C stops the app and deletes the uploaded copies.")]
pub struct AppArgs {
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Do not open the page in the default browser.
    #[arg(long)]
    pub no_browser: bool,
    /// Listen on this address instead of 127.0.0.1. Other computers can then
    /// connect (a warning is printed); only with a reason.
    #[arg(long, value_name = "IP", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub listen: IpAddr,
    /// The largest file the page accepts, in MiB.
    #[arg(long, value_name = "MiB", default_value_t = 100)]
    pub max_upload: u64,
    /// The page's language (a link on the page switches).
    #[arg(long, value_enum, default_value_t = LangArg::Ja)]
    pub lang: LangArg,
}

pub fn run(a: AppArgs) -> Result<i32> {
    if a.max_upload == 0 || a.max_upload > 1024 {
        return Err(Usage::MaxUpload { got: a.max_upload }.into());
    }
    let settings = crate::app::Settings {
        address: a.listen,
        port: a.port,
        open_browser: !a.no_browser,
        lang: a.lang.into(),
        max_upload: a.max_upload << 20,
        stop: &super::analysis::cancelled,
    };
    crate::app::serve(&settings)?;
    // Ctrl-C is how the app is meant to stop: the run ends as done.
    super::analysis::acknowledge_interrupt();
    Ok(EXIT_OK)
}

impl super::Run for AppArgs {
    fn lang(&self) -> LangArg {
        self.lang
    }
    fn run(self) -> Result<i32> {
        run(self)
    }
}
