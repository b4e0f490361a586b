//! `renkei ratio`: standardized ratios (標準化該当比) of areas against a
//! standard population, or directly age-adjusted rates.

use super::args::{EncodingArg, OutputArgs};
use clap::{Args, ValueEnum};
use renkei::analyses::ratio::{
    Adjustment, CiMethod, MaskedPolicy, Method, ModelPopulation, PMethod, RatioOptions, report,
};
use renkei::error::{EXIT_OK, Result};
use renkei::input::rates::{Standard, read_standard, read_study};
use renkei::report::messages::errors::Usage;
use std::path::{Path, PathBuf};

/// Standardized ratios (SMR/SIR, 標準化該当比) by indirect standardization,
/// with exact intervals, p-values adjusted across areas and items, and the
/// research team's charts; or age-adjusted rates by direct standardization.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
renkei ratio --study examples/ndb/study.csv --standard examples/ndb/standard.csv\n  \
renkei ratio --study examples/ndb/study.csv --standard examples/ndb/standard.csv --masked exclude -o ratios.html\n  \
renkei ratio --study examples/ndb/study.csv --standard examples/ndb/standard.csv --method direct --format csv\n  \
renkei ratio --study examples/ndb/study-wide.csv --standard study --masked exclude\n\n\
Study columns (long): area, item, sex, age_band, count, population (or 地域, 項目, 性別, 年齢階級, 該当者数, 受診者数).\n\
Study columns (wide, as tables are published): area, item, measure (地域, 項目, 区分) and one column per sex × band\n\
(男性 40-44歳, 男40～44, 女性 70-74歳, M 40-44 …); each area and item has a 該当者数 row and a 受診者数 row:\n  \
地域,項目,区分,男性 40-44歳,男性 45-49歳,…\n  \
北部,BMI25以上,該当者数,1536,1569,…\n  \
北部,BMI25以上,受診者数,4472,4641,…\n\
Standard columns: item, sex, age_band, and count with population, or rate.")]
pub struct RatioArgs {
    /// The study population: one row per area × item × sex × age band.
    #[arg(long, value_name = "FILE")]
    pub study: PathBuf,
    /// The standard population: one row per item × sex × age band; or the
    /// word `study` for the study's own total (対県: each area against the
    /// prefecture it belongs to).
    #[arg(long, value_name = "FILE|study")]
    pub standard: PathBuf,
    /// Indirect standardization (ratios, O/E) or direct (age-adjusted rates).
    #[arg(long, value_enum, default_value_t = MethodArg::Indirect)]
    pub method: MethodArg,
    /// Interval of a ratio: exact Poisson, Byar's approximation, or binomial variance.
    #[arg(long, value_enum, default_value_t = CiArg::Exact)]
    pub ci: CiArg,
    /// The exact p: twice the smaller tail (agrees with the exact interval),
    /// or poisson.test's "minlike" rule.
    #[arg(long, value_enum, default_value_t = PMethodArg::Central)]
    pub p_method: PMethodArg,
    /// Confidence level of the intervals.
    #[arg(
        long,
        default_value_t = 0.95,
        value_name = "LEVEL",
        allow_negative_numbers = true
    )]
    pub level: f64,
    /// Masked counts ("‐", "*", blank): stop and list them, leave their strata
    /// out of O and E, or give ranges with each at 1 and at 9.
    #[arg(long, value_enum, default_value_t = MaskedArg::Stop)]
    pub masked: MaskedArg,
    /// Adjustment of p-values across areas (per item) and across items (per area).
    #[arg(long, value_enum, default_value_t = AdjustArg::Holm)]
    pub adjust: AdjustArg,
    /// Direct rates weighted by a built-in standard population instead of
    /// --standard's populations: s60 (昭和60年モデル人口, 5-year bands).
    #[arg(long, value_enum, value_name = "MODEL")]
    pub standard_population: Option<ModelPopulationArg>,
    /// Also a ratio per stratum (area × item × sex × age band), in a table of its own.
    #[arg(long)]
    pub by_stratum: bool,
    /// Each area's chart on its own scale (with the slides' caution) instead
    /// of one scale across the areas.
    #[arg(long)]
    pub own_scale: bool,
    /// Direct rates per this many people.
    #[arg(
        long,
        default_value_t = 100.0,
        value_name = "N",
        allow_negative_numbers = true
    )]
    pub per: f64,
    /// Text encoding of the two files.
    #[arg(long, value_enum, default_value_t = EncodingArg::Auto)]
    pub encoding: EncodingArg,
    /// Write the chart pack into DIR: for each prefecture (the study's
    /// 都道府県 column; one pack without it) a folder with its report (HTML)
    /// and workbook (charts native), and an index.html of them all.
    #[arg(long, value_name = "DIR")]
    pub pack: Option<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    Indirect,
    Direct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CiArg {
    Exact,
    Byar,
    Binomial,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModelPopulationArg {
    /// 昭和60年モデル人口.
    #[value(alias = "昭和60年モデル人口", alias = "S60")]
    S60,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PMethodArg {
    Central,
    Minlike,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MaskedArg {
    Stop,
    Exclude,
    Bounds,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AdjustArg {
    Holm,
    Bh,
    None,
}

impl RatioArgs {
    fn options(&self) -> Result<RatioOptions> {
        if !(self.level > 0.0 && self.level < 1.0) {
            return Err(Usage::LevelBetween { got: self.level }.into());
        }
        if !(self.per > 0.0 && self.per.is_finite()) {
            return Err(Usage::PerPositive { got: self.per }.into());
        }
        Ok(RatioOptions {
            method: match self.method {
                MethodArg::Indirect => Method::Indirect,
                MethodArg::Direct => Method::Direct,
            },
            level: self.level,
            ci: match self.ci {
                CiArg::Exact => CiMethod::Exact,
                CiArg::Byar => CiMethod::Byar,
                CiArg::Binomial => CiMethod::Binomial,
            },
            p_method: match self.p_method {
                PMethodArg::Central => PMethod::Central,
                PMethodArg::Minlike => PMethod::Minlike,
            },
            masked: match self.masked {
                MaskedArg::Stop => MaskedPolicy::Stop,
                MaskedArg::Exclude => MaskedPolicy::Exclude,
                MaskedArg::Bounds => MaskedPolicy::Bounds,
            },
            adjust: match self.adjust {
                AdjustArg::Holm => Adjustment::Holm,
                AdjustArg::Bh => Adjustment::BenjaminiHochberg,
                AdjustArg::None => Adjustment::None,
            },
            per: self.per,
            own_standard: self.standard.as_os_str() == "study",
            by_stratum: self.by_stratum,
            own_scale: self.own_scale,
            model_population: self.standard_population.map(|p| match p {
                ModelPopulationArg::S60 => ModelPopulation::S60,
            }),
        })
    }
}

pub fn run(a: RatioArgs) -> Result<i32> {
    a.out.resolve()?;
    let options = a.options()?;
    let own = options.own_standard;
    let study = read_study(&a.study, a.encoding.into(), None)?;
    let standard = if own {
        Standard::of_study(&study)
    } else {
        read_standard(&a.standard, a.encoding.into(), None)?
    };
    if let Some(dir) = &a.pack {
        return write_pack(&a, &study, (!own).then_some(&standard), &options, dir);
    }
    let report = report(&study, &standard, &options)?;
    let mut inputs = vec![a.study.as_path()];
    if !own {
        inputs.push(a.standard.as_path());
    }
    a.out.emit_after_reading(&report, &inputs)?;
    Ok(EXIT_OK)
}

/// A pack's index line, report (HTML) and workbook, rendered.
type RenderedPack = (renkei::analyses::ratio::PackEntry, Vec<u8>, Vec<u8>);

/// `--pack DIR`: each prefecture's report and workbook in a folder of its
/// own, rendered in parallel, then the index; everything is rendered
/// before anything is written. `standard`: `None` for `--standard study`,
/// each pack then standardized against its own total.
fn write_pack(
    a: &RatioArgs,
    study: &renkei::input::rates::Study,
    standard: Option<&Standard>,
    options: &renkei::analyses::ratio::RatioOptions,
    dir: &Path,
) -> Result<i32> {
    use rayon::prelude::*;
    use renkei::analyses::ratio::{PackEntry, pack_index, pack_name, packs, per_item_layout};
    use renkei::render::{Format, render, render_with};
    let m = a.out.messages();
    let packs = packs(study);
    let rendered: Vec<Result<RenderedPack>> = packs
        .par_iter()
        .enumerate()
        .map(|(k, p)| {
            let own;
            let standard = match standard {
                Some(s) => s,
                None => {
                    own = Standard::of_study(&p.study);
                    &own
                }
            };
            let r = per_item_layout(report(&p.study, standard, options)?);
            let html = render(&r, Format::Html, &m)?;
            // A sheet per item with its charts under its table, as the
            // research team's packs put each item's charts on its own page.
            let xlsx = render_with(
                &r,
                &renkei::render::xlsx::Xlsx {
                    charts_beside_tables: true,
                },
                &m,
            )?;
            let name = pack_name(p);
            // `#` and `%` too: the folder's name is also the index's link.
            let folder = format!(
                "{:02}-{}",
                k + 1,
                super::args::safe_file_name(&m.text(&name), "#%")
            );
            let areas = p
                .study
                .strata
                .iter()
                .map(|s| s.area.as_str())
                .collect::<std::collections::HashSet<_>>()
                .len();
            Ok((
                PackEntry {
                    name,
                    areas,
                    report: format!("{folder}/report.html"),
                    workbook: format!("{folder}/report.xlsx"),
                },
                html,
                xlsx,
            ))
        })
        .collect();
    let mut entries = Vec::with_capacity(rendered.len());
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for r in rendered {
        let (entry, html, xlsx) = r?;
        files.push((dir.join(&entry.report), html));
        files.push((dir.join(&entry.workbook), xlsx));
        entries.push(entry);
    }
    files.push((
        dir.join("index.html"),
        render(&pack_index(&entries), Format::Html, &m)?,
    ));
    super::analysis::check_interrupted()?;
    for (path, bytes) in &files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| renkei::error::Error::io(parent, e))?;
        }
        super::args::write_atomically(path, bytes, a.out.force)?;
    }
    eprintln!(
        "renkei: {}",
        renkei::report::Msg::PackWritten {
            packs: entries.len(),
            index: dir.join("index.html").display().to_string(),
        }
        .words(m)
    );
    Ok(EXIT_OK)
}

impl super::Run for RatioArgs {
    fn lang(&self) -> super::LangArg {
        self.out.lang
    }
    fn run(self) -> Result<i32> {
        run(self)
    }
}
