//! `renkei test`: the tests of independence on a table given directly.

use super::analysis::TestOptions;
use super::args::{OutputArgs, PercentArg};
use clap::Args;
use nalgebra::DMatrix;
use renkei::analyses::crosstab::{AnalysedTable, counts_title, single_table_report};
use renkei::error::{EXIT_OK, Result};
use renkei::input::counts::{parse_counts, read_counts_file};
use renkei::report::messages::errors::{Per, Usage};
use renkei::tabulate::table::ContingencyTable;
use renkei::text::{Label, Name};
use std::path::PathBuf;

/// Test independence in a table of counts: Pearson χ², G², exact and Monte
/// Carlo p-values, Cramér's V, residuals.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  renkei test --counts \"1,1,1;3,3,0;0,2,0;4,12,0\" --exact\n  \
renkei test --file table.csv --monte-carlo 100000 --seed 7 --format json\n\n\
A counts file is CSV: optionally a header row of column labels (its first cell is \
ignored) and optionally a first column of row labels."
)]
pub struct TestArgs {
    /// The counts: rows separated by ';', cells by ',' (e.g. "10,10;9,27").
    #[arg(
        long,
        value_name = "ROWS",
        conflicts_with = "file",
        required_unless_present = "file"
    )]
    pub counts: Option<String>,
    /// A CSV file of counts.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Row labels, comma-separated.
    #[arg(long, value_name = "LABELS")]
    pub rows: Option<String>,
    /// Column labels, comma-separated.
    #[arg(long, value_name = "LABELS")]
    pub cols: Option<String>,
    /// Both variables are ordered (adds the linear-by-linear test).
    #[arg(long)]
    pub ordered: bool,
    #[command(flatten)]
    pub tests: TestOptions,
    /// What the percentages are shares of.
    #[arg(long, value_enum, default_value_t = PercentArg::Column)]
    pub percent: PercentArg,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// The labels given, read from the file, or by default 行1 … / 列1 …
/// (row 1 … / column 1 … in English): words, so that no label reads as a count.
fn labels(
    given: Option<&str>,
    from_file: Option<Vec<String>>,
    n: usize,
    per: Per,
) -> Result<Vec<Name>> {
    let labels: Vec<String> = match (given, from_file) {
        (Some(s), _) => s.split(',').map(|v| v.trim().to_string()).collect(),
        (None, Some(v)) => v,
        (None, None) => {
            let (ja, en) = match per {
                Per::Row => ("行", "row "),
                Per::Column => ("列", "column "),
            };
            return Ok((1..=n)
                .map(|i| Name::Label(Label::new(format!("{ja}{i}"), format!("{en}{i}"))))
                .collect());
        }
    };
    if labels.len() != n {
        return Err(Usage::Labels {
            given: labels.len(),
            n,
            per,
        }
        .into());
    }
    Ok(labels.into_iter().map(Name::from).collect())
}

pub fn run(a: TestArgs) -> Result<i32> {
    a.out.resolve()?;
    let (rows, file_rows, file_cols) = match (&a.counts, &a.file) {
        (Some(c), _) => (parse_counts(c)?, None, None),
        (None, Some(f)) => read_counts_file(f)?,
        (None, None) => return Err(Usage::CountsOrFile.into()),
    };
    let (r, c) = (rows.len(), rows[0].len());
    let table = ContingencyTable::new(
        labels(a.rows.as_deref(), file_rows, r, Per::Row)?,
        labels(a.cols.as_deref(), file_cols, c, Per::Column)?,
        DMatrix::from_fn(r, c, |i, j| rows[i][j]),
    );
    let analysis = a.tests.analyze(&table, a.ordered, a.out.messages())?;
    let inputs: Vec<&std::path::Path> = a.file.iter().map(PathBuf::as_path).collect();
    a.out.emit_after_reading(
        &single_table_report(&AnalysedTable {
            title: counts_title(&table),
            short_name: None,
            table: &table,
            analysis: &analysis,
            crosstab: None,
            base: a.percent.into(),
        }),
        &inputs,
    )?;
    Ok(EXIT_OK)
}

impl super::Run for TestArgs {
    fn lang(&self) -> super::LangArg {
        self.out.lang
    }
    fn run(self) -> Result<i32> {
        run(self)
    }
}
