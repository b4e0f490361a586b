//! `renkei evaluate`: grade a health plan's indicators A/B/B*/C/D/E.

use super::args::{EncodingArg, OutputArgs};
use clap::{Args, ValueEnum};
use renkei::analyses::evaluate::{EvaluateOptions, Rules, report};
use renkei::error::{EXIT_OK, Result};
use renkei::input::plan::{PlanOptions, accepted_headers, read_plan};
use renkei::report::messages::errors::Usage;
use std::path::PathBuf;

/// Grade a health plan's indicators as 健康日本21（第二次）最終評価 does (A, B,
/// B*, C, D, E) and by the direction of change, beside the plan's own verdicts.
#[derive(Debug, Args)]
#[command(after_help = after_help())]
pub struct EvaluateArgs {
    /// The plan's evaluation items: CSV or a spreadsheet, one row per indicator.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Which rule's grades to show.
    #[arg(long, value_enum, default_value_t = RuleArg::Both)]
    pub rule: RuleArg,
    /// Significance level of the tests of change.
    #[arg(long, default_value_t = 0.05, allow_negative_numbers = true)]
    pub alpha: f64,
    /// Without a test, the relative change that counts as a change.
    #[arg(
        long,
        default_value_t = 0.05,
        value_name = "FRACTION",
        allow_negative_numbers = true
    )]
    pub min_change: f64,
    /// Without a test, the share of the way to a numeric target an
    /// improvement must cover to be B (0 = off; see the README).
    #[arg(
        long,
        default_value_t = 0.0,
        value_name = "FRACTION",
        allow_negative_numbers = true
    )]
    pub min_progress: f64,
    /// Skip columns renkei does not know (named in the report) instead of stopping.
    #[arg(long)]
    pub ignore_unknown_columns: bool,
    /// Years in 和暦 (平成28年度) or 西暦 (2016) [default: as the plan writes them].
    #[arg(long, value_enum)]
    pub era: Option<EraArg>,
    /// Text encoding of a CSV file.
    #[arg(long, value_enum, default_value_t = EncodingArg::Auto)]
    pub encoding: EncodingArg,
    /// Worksheet of a spreadsheet [default: the first].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EraArg {
    /// 和暦: 平成28年度, 令和4年度.
    Wareki,
    /// 西暦: 2016.
    Seireki,
}

/// The examples and every header a plan table may have (from the reader's
/// own list, so the help cannot drift from what is accepted).
fn after_help() -> String {
    let mut s = String::from(
        "Examples:\n  renkei evaluate seeds/otaru-midterm.csv\n  \
         renkei evaluate seeds/otaru-final-example.csv -o evaluation.xlsx\n  \
         renkei evaluate plan.xlsx --rule hj21 --sheet 評価\n\n\
         Columns (English name: the Japanese headers accepted for it); id, item, baseline, \
         current (or midterm alone) and target are required, any other header is an error \
         unless --ignore-unknown-columns:\n",
    );
    for line in accepted_headers() {
        s.push_str("  ");
        s.push_str(&line);
        s.push('\n');
    }
    s
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RuleArg {
    Hj21,
    Direction,
    Both,
}

pub fn run(a: EvaluateArgs) -> Result<i32> {
    a.out.resolve()?;
    for (name, v) in [
        ("--alpha", a.alpha),
        ("--min-change", a.min_change),
        ("--min-progress", a.min_progress),
    ] {
        if !(0.0..1.0).contains(&v) || (name == "--alpha" && v == 0.0) {
            return Err(Usage::FractionBetween {
                option: name.to_string(),
                got: v,
            }
            .into());
        }
    }
    let options = EvaluateOptions {
        rules: match a.rule {
            RuleArg::Hj21 => Rules::Hj21,
            RuleArg::Direction => Rules::Direction,
            RuleArg::Both => Rules::Both,
        },
        alpha: a.alpha,
        min_change: a.min_change,
        min_progress: a.min_progress,
        era: a.era.map(|e| e == EraArg::Wareki),
    };
    let plan = read_plan(
        &a.file,
        a.encoding.into(),
        a.sheet.as_deref(),
        PlanOptions {
            ignore_unknown_columns: a.ignore_unknown_columns,
        },
    )?;
    a.out
        .emit_after_reading(&report(&plan, &options), &[a.file.as_path()])?;
    Ok(EXIT_OK)
}

impl super::Run for EvaluateArgs {
    fn lang(&self) -> super::LangArg {
        self.out.lang
    }
    fn run(self) -> Result<i32> {
        run(self)
    }
}
