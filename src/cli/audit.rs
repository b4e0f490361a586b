//! `renkei audit`: check published tables against their own counts.

use super::{emit, to_json};
use crate::analyses::audit::{Audit, audit};
use crate::error::{EXIT_FINDINGS, EXIT_OK, Result};
use crate::input::published::PublishedTable;
use clap::Args;
use serde::Serialize;
use std::path::PathBuf;

/// Recompute a published table's totals, percentages and p-value from its
/// counts and report what does not hold.
#[derive(Debug, Args)]
#[command(
    after_help = "Each FILE is one table as printed, in JSON (see README, \"Published \
tables\"). Exit code 0 when nothing is found, 1 when anything is, 2 on unreadable input.\n\n\
Example:\n  renkei audit seeds/*.json"
)]
pub struct AuditArgs {
    /// Published-table files.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// List every check, not only the findings.
    #[arg(long)]
    pub all: bool,
    #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
    pub format: AuditFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    Text,
    Json,
}

#[derive(Serialize)]
struct FileAudit {
    file: String,
    #[serde(flatten)]
    audit: Audit,
    findings: usize,
}

pub fn run(a: AuditArgs) -> Result<i32> {
    // Read every file first: a bad file stops the run before any output.
    let tables = a
        .files
        .iter()
        .map(|f| PublishedTable::load(f).map(|t| (f, t)))
        .collect::<Result<Vec<_>>>()?;
    let audits: Vec<FileAudit> = tables
        .iter()
        .map(|(f, t)| {
            let audit = audit(t);
            FileAudit {
                file: f.display().to_string(),
                findings: audit.findings().count(),
                audit,
            }
        })
        .collect();
    let total: usize = audits.iter().map(|a| a.findings).sum();
    let out = match a.format {
        AuditFormat::Json => to_json(&serde_json::json!({ "findings": total, "tables": audits }))?,
        AuditFormat::Text => {
            let mut s = String::new();
            for fa in &audits {
                s.push_str(&format!("{}  [{}]\n", fa.audit.title, fa.file));
                for item in &fa.audit.items {
                    if item.ok && !a.all && item.kind != "p-value" {
                        continue;
                    }
                    let mut line = format!(
                        "  {:8} {}",
                        if item.ok { "OK" } else { "FINDING" },
                        item.check
                    );
                    if let Some(p) = &item.printed {
                        line.push_str(&format!(": printed {p}"));
                    }
                    if let Some(r) = &item.recomputed {
                        line.push_str(&format!(
                            "{} recomputed {r}",
                            if item.printed.is_some() { "," } else { ":" }
                        ));
                    }
                    line.push_str(&format!(" — {}\n", item.note));
                    s.push_str(&line);
                }
                let ok = fa.audit.items.len() - fa.findings;
                s.push_str(&format!("  {ok} checks OK, {} findings\n\n", fa.findings));
            }
            s.push_str(&format!("{total} findings in {} tables\n", audits.len()));
            s
        }
    };
    emit(&out)?;
    Ok(if total == 0 { EXIT_OK } else { EXIT_FINDINGS })
}
