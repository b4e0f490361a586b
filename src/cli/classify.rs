//! `renkei classify`: each unit with its class group and industry type, so a
//! user can check the typing before trusting a table.

use super::{SurveyArgs, emit, to_json};
use crate::error::{EXIT_OK, Result};
use crate::municipality::Lang;
use crate::units::{IndustrySource, Unit};
use clap::{Args, ValueEnum};
use serde::Serialize;
use tabled::builder::Builder;
use tabled::settings::Style;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ClassifyFormat {
    #[default]
    Text,
    Csv,
    Json,
}

/// List each unit with its derived class group and industry type.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  renkei classify --survey surveys/renkei-2025 --format csv > units.csv"
)]
pub struct ClassifyArgs {
    #[command(flatten)]
    pub survey: SurveyArgs,
    #[arg(long, value_enum, default_value_t = ClassifyFormat::Text)]
    pub format: ClassifyFormat,
    /// Language of labels.
    #[arg(long, value_enum, default_value_t = Lang::Ja)]
    pub lang: Lang,
}

#[derive(Serialize)]
struct UnitRow {
    unit_id: String,
    line: usize,
    class: String,
    class_group: String,
    code: Option<String>,
    share_secondary_tertiary: Option<f64>,
    share_tertiary: Option<f64>,
    industry_scheme: Option<String>,
    industry_code: Option<u8>,
    industry_type: Option<String>,
    industry_source: IndustrySource,
}

fn row(u: &Unit, def: &crate::input::survey::SurveyDefinition, lang: Lang) -> UnitRow {
    UnitRow {
        unit_id: u.id.clone(),
        line: u.line,
        class: u.class.name_ja().to_string(),
        class_group: match lang {
            Lang::Ja => u.group().label_ja(),
            Lang::En => u.group().label_en(),
        }
        .to_string(),
        code: u.code.map(|c| c.to_string()),
        share_secondary_tertiary: u.shares.map(|s| s.secondary_tertiary),
        share_tertiary: u.shares.map(|s| s.tertiary),
        industry_scheme: u.industry.map(|t| format!("{:?}", t.scheme).to_lowercase()),
        industry_code: u.industry.map(|t| t.code),
        industry_type: u.industry.map(|t| def.industry_thresholds.label(t, lang)),
        industry_source: u.industry_source,
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or(String::new(), T::to_string)
}

pub fn run(a: ClassifyArgs) -> Result<i32> {
    let (survey, returns) = a.survey.load()?;
    let rows: Vec<UnitRow> = returns
        .units
        .iter()
        .map(|u| row(u, &survey.definition, a.lang))
        .collect();
    let header = [
        "unit_id",
        "line",
        "class",
        "class_group",
        "code",
        "share_secondary_tertiary",
        "share_tertiary",
        "industry_scheme",
        "industry_code",
        "industry_type",
        "industry_source",
    ];
    let records: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.unit_id.clone(),
                r.line.to_string(),
                r.class.clone(),
                r.class_group.clone(),
                opt(&r.code),
                opt(&r.share_secondary_tertiary),
                opt(&r.share_tertiary),
                opt(&r.industry_scheme),
                opt(&r.industry_code),
                opt(&r.industry_type),
                format!("{:?}", r.industry_source).to_lowercase(),
            ]
        })
        .collect();
    let out = match a.format {
        ClassifyFormat::Json => to_json(&rows)?,
        ClassifyFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let io = |e: csv::Error| crate::error::Error::Internal(format!("CSV output: {e}"));
            w.write_record(header).map_err(io)?;
            for r in &records {
                w.write_record(r).map_err(io)?;
            }
            let bytes = w
                .into_inner()
                .map_err(|e| crate::error::Error::Internal(e.to_string()))?;
            String::from_utf8(bytes).map_err(|e| crate::error::Error::Internal(e.to_string()))?
        }
        ClassifyFormat::Text => {
            let mut b = Builder::default();
            b.push_record(header);
            for r in records {
                b.push_record(r);
            }
            let mut t = b.build();
            t.with(Style::psql());
            format!(
                "{}\n{} units read from {} ({})\n",
                t,
                rows.len(),
                returns.source.display(),
                returns.encoding
            )
        }
    };
    emit(&out)?;
    Ok(EXIT_OK)
}
