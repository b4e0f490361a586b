//! Errors and exit codes.
//!
//! Bad input is the common failure of survey work (hand-typed Excel files from
//! hundreds of offices), so an input error always says *where* (file, line,
//! column), *what* (the offending value) and *what was expected*. Several input
//! errors are collected before giving up, so that a user can fix a whole file in
//! one pass instead of one error per run. What was expected is a message of the
//! catalogue (`crate::messages::errors`), so an error is worded in the
//! user's language ([`Error::describe`]); `Display` gives the English wording.

use crate::messages::errors::{Expected, Frame, Usage};
use renkei_text::Lang;
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
    /// The byte of the line where undecodable text starts.
    pub byte: Option<usize>,
    /// The offending value as it appears in the file.
    pub value: Option<String>,
    /// What renkei expected instead.
    pub expected: Expected,
}

impl InputError {
    pub fn new(file: &Path, expected: Expected) -> Self {
        InputError {
            file: file.to_path_buf(),
            sheet: None,
            line: None,
            column: None,
            byte: None,
            value: None,
            expected,
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
    pub fn byte(mut self, byte: usize) -> Self {
        self.byte = Some(byte);
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

    /// `file[sheet]:line: column 'c': value 'v': expected …`, in `m`'s language.
    pub fn describe(&self, m: Lang) -> String {
        let mut s = self.file.display().to_string();
        if let Some(sheet) = &self.sheet {
            s.push_str(&format!("[{sheet}]"));
        }
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
        }
        if let Some(column) = &self.column {
            s.push_str(&Frame::Column(&shown(column, m)).words(m));
        }
        if let Some(byte) = self.byte {
            s.push_str(&Frame::Byte(byte).words(m));
        }
        if let Some(value) = &self.value {
            s.push_str(&Frame::Value(&shown(value, m)).words(m));
        }
        s.push_str(&Frame::Expected(&self.expected.words(m)).words(m));
        s
    }
}

/// How many characters of a value an error shows.
const SHOWN_CHARS: usize = 60;

/// A value as an error shows it: characters a reader cannot see (control
/// characters, zero-width and other format characters, the BOM, unusual
/// spaces) written as `\u{…}`, and a long value cut, with its length.
pub fn shown(value: &str, m: Lang) -> String {
    let invisible = |c: char| {
        c.is_control()
            || matches!(c as u32, 0x00A0 | 0x00AD | 0x115F | 0x1160 | 0x180E | 0x2000..=0x200F | 0x2028..=0x202F | 0x205F..=0x206F | 0x3164 | 0xFEFF | 0xFFA0)
    };
    let mut out = String::new();
    let total = value.chars().count();
    for c in value.chars().take(SHOWN_CHARS) {
        if invisible(c) {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    if total > SHOWN_CHARS {
        out.push_str(&Frame::Cut { total }.words(m));
    }
    out
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}

/// Every failure renkei reports.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in input files (exit 2).
    #[error("{}", self.describe(Lang::En))]
    Input(Vec<InputError>),
    /// A command line that cannot be carried out (exit 2).
    #[error("{}", self.describe(Lang::En))]
    Usage(Usage),
    /// A file that cannot be read or written (exit 2).
    #[error("{}", self.describe(Lang::En))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A broken invariant: a bug in renkei (exit 3). Its message is for the
    /// bug report, in English.
    #[error("internal error (please report): {0}")]
    Internal(String),
    /// Stopped by the user (Ctrl-C; exit 130, as shells report SIGINT).
    #[error("{}", self.describe(Lang::En))]
    Interrupted,
}

/// How many input errors are printed before "and N more".
const MAX_SHOWN: usize = 50;

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

    /// The error in `m`'s language (the operating system's own words about a
    /// file, and an internal error's details, stay as they are).
    pub fn describe(&self, m: Lang) -> String {
        match self {
            Error::Input(errors) => {
                let n = errors.len();
                let mut lines = Vec::new();
                if n > 1 {
                    lines.push(Frame::Problems(n).words(m));
                }
                lines.extend(errors.iter().take(MAX_SHOWN).map(|e| e.describe(m)));
                if n > MAX_SHOWN {
                    lines.push(Frame::More(n - MAX_SHOWN).words(m));
                }
                lines.join("\n")
            }
            Error::Usage(u) => u.words(m),
            Error::Io { path, source } => Frame::Io { path, source }.words(m),
            Error::Internal(msg) => Frame::Internal(msg).words(m),
            Error::Interrupted => Frame::Interrupted.words(m),
        }
    }
}

impl From<InputError> for Error {
    fn from(e: InputError) -> Self {
        Error::Input(vec![e])
    }
}

impl From<Usage> for Error {
    fn from(u: Usage) -> Self {
        Error::Usage(u)
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
