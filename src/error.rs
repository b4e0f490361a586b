//! Errors and exit codes.
//!
//! Bad input is the common failure of survey work (hand-typed Excel files from
//! hundreds of offices), so an input error always says *where* (file, line,
//! column), *what* (the offending value) and *what was expected*. Several input
//! errors are collected before giving up, so that a user can fix a whole file in
//! one pass instead of one error per run.

use std::fmt;
use std::path::{Path, PathBuf};

/// Exit code: everything worked and matched.
pub const EXIT_OK: i32 = 0;
/// Exit code: the run worked but found a mismatch or a finding.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: usage error or unreadable / invalid input.
pub const EXIT_INPUT: i32 = 2;
/// Exit code: an internal error (a bug in renkei).
pub const EXIT_INTERNAL: i32 = 3;
/// Exit code: interrupted by Ctrl-C.
pub const EXIT_INTERRUPTED: i32 = 130;

/// One problem in one place of an input file.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    pub file: PathBuf,
    /// The worksheet, for Excel returns.
    pub sheet: Option<String>,
    /// 1-based line in the file (for JSON, the line where the record starts).
    pub line: Option<usize>,
    /// The column (header name or JSON key), where the problem is in one field.
    pub column: Option<String>,
    /// The offending value as it appears in the file.
    pub value: Option<String>,
    /// What renkei expected instead.
    pub expected: String,
}

impl InputError {
    pub fn new(file: &Path, expected: impl Into<String>) -> Self {
        InputError {
            file: file.to_path_buf(),
            sheet: None,
            line: None,
            column: None,
            value: None,
            expected: expected.into(),
        }
    }
    pub fn line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }
    pub fn column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }
    pub fn sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(sheet) = &self.sheet {
            write!(f, "[{sheet}]")?;
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ": column '{column}'")?;
        }
        if let Some(value) = &self.value {
            write!(f, ": value '{value}'")?;
        }
        write!(f, ": expected {}", self.expected)
    }
}

/// Every failure renkei reports.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in input files (exit 2).
    #[error("{}", show_input_errors(.0))]
    Input(Vec<InputError>),
    /// A command line that cannot be carried out (exit 2).
    #[error("{0}")]
    Usage(String),
    /// A file that cannot be read or written (exit 2).
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A broken invariant: a bug in renkei (exit 3).
    #[error("internal error (please report): {0}")]
    Internal(String),
    /// Stopped by the user (Ctrl-C; exit 130, as shells report SIGINT).
    #[error("interrupted; nothing was written")]
    Interrupted,
}

/// How many input errors are printed before "and N more".
const MAX_SHOWN: usize = 50;

/// Input errors one per line, the first `MAX_SHOWN` of them.
fn show_input_errors(errors: &[InputError]) -> String {
    let n = errors.len();
    let mut s = String::new();
    if n > 1 {
        s.push_str(&format!("{n} problems in the input:\n"));
    }
    let shown: Vec<String> = errors
        .iter()
        .take(MAX_SHOWN)
        .map(|e| e.to_string())
        .collect();
    s.push_str(&shown.join("\n"));
    if n > MAX_SHOWN {
        s.push_str(&format!("\n... and {} more", n - MAX_SHOWN));
    }
    s
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) | Error::Usage(_) | Error::Io { .. } => EXIT_INPUT,
            Error::Internal(_) => EXIT_INTERNAL,
            Error::Interrupted => EXIT_INTERRUPTED,
        }
    }
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl From<InputError> for Error {
    fn from(e: InputError) -> Self {
        Error::Input(vec![e])
    }
}

/// A serde_json message without its trailing " at line L column C", for
/// messages that give the file line themselves.
pub fn json_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

pub type Result<T> = std::result::Result<T, Error>;
