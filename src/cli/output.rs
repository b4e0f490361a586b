//! Where and how results are written: the format (given, or inferred from
//! the output file's extension), and safe writing — to a temporary file in
//! the same directory, renamed into place when complete, so that a failure
//! never leaves a half-written file, and an existing file is replaced only
//! with --force.

use crate::error::{Error, Result};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    /// Terminal tables in the slides' layout.
    #[default]
    Text,
    /// The documented JSON contract.
    Json,
    /// Markdown pipe tables with the tests as a list.
    Markdown,
    /// Long-form CSV: table,row,column,n,percent,percent_base.
    Csv,
    /// Excel workbook, one sheet per table (needs --output).
    Xlsx,
    /// 100 % stacked bar charts.
    Svg,
    /// One self-contained HTML report: tables, charts and tests.
    Html,
}

impl Format {
    fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" => Format::Text,
            "json" => Format::Json,
            "md" | "markdown" => Format::Markdown,
            "csv" => Format::Csv,
            "xlsx" => Format::Xlsx,
            "svg" => Format::Svg,
            "html" | "htm" => Format::Html,
            _ => return None,
        })
    }
}

#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Output format [default: from --output's extension, else text].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to FILE instead of standard output (written whole or not at all).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace an existing --output file.
    #[arg(long)]
    pub force: bool,
}

impl OutputArgs {
    /// The format to write, checked against the destination. Call before
    /// computing, so that a bad command line fails at once.
    pub fn resolve(&self) -> Result<Format> {
        let format = match (self.format, &self.output) {
            (Some(f), _) => f,
            (None, Some(p)) => Format::from_extension(p).ok_or_else(|| {
                Error::Usage(format!(
                    "cannot tell the format from '{}': give --format (text, json, markdown, csv, xlsx, svg, html)",
                    p.display()
                ))
            })?,
            (None, None) => Format::Text,
        };
        if format == Format::Xlsx && self.output.is_none() {
            return Err(Error::Usage(
                "--format xlsx needs --output FILE.xlsx".into(),
            ));
        }
        if let Some(p) = self.output.as_ref().filter(|p| p.exists() && !self.force) {
            return Err(Error::Usage(format!(
                "{} exists; add --force to replace it",
                p.display()
            )));
        }
        Ok(format)
    }

    /// Writes the finished output to --output (atomically) or stdout.
    pub fn write(&self, bytes: &[u8]) -> Result<()> {
        match &self.output {
            None => super::emit_bytes(bytes),
            Some(path) => write_atomically(path, bytes, self.force),
        }
    }
}

/// Writes `bytes` to a temporary file beside `path` and renames it into place.
pub fn write_atomically(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".renkei-").suffix(".part");
    // An ordinary file's permissions (a temporary file is private by default).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(|e| Error::io(&dir, e))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Error::io(tmp.path(), e))?;
    let result = if force {
        tmp.persist(path).map(|_| ())
    } else {
        tmp.persist_noclobber(path).map(|_| ())
    };
    result.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Error::Usage(format!(
                "{} exists; add --force to replace it",
                path.display()
            ))
        } else {
            Error::io(path, e.error)
        }
    })
}
