//! Flag groups shared by commands, and the command line's own enums mapped
//! to the library's types (the library knows nothing of clap).

use clap::{Args, ValueEnum};
use renkei::error::{Error, Result};
use renkei::input::returns::TextEncoding;
use renkei::render::csv::CsvEncoding;
use renkei::render::{Format, render};
use renkei::report::messages::errors::Usage;
use renkei::report::{Lang, Messages, Msg, Report};
use renkei::tabulate::PercentBase;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `--lang`: the language of everything written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum LangArg {
    /// 日本語.
    #[default]
    Ja,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Ja => Lang::Ja,
            LangArg::En => Lang::En,
        }
    }
}

/// `--encoding` of a returns file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum EncodingArg {
    /// Detect: a BOM decides; otherwise UTF-8 if valid, else Shift_JIS (CP932).
    #[default]
    Auto,
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// Shift_JIS as Windows writes it (CP932).
    #[value(name = "shift_jis", aliases = ["sjis", "cp932", "shift-jis", "windows-31j"])]
    ShiftJis,
}

impl From<EncodingArg> for TextEncoding {
    fn from(e: EncodingArg) -> Self {
        match e {
            EncodingArg::Auto => TextEncoding::Auto,
            EncodingArg::Utf8 => TextEncoding::Utf8,
            EncodingArg::ShiftJis => TextEncoding::ShiftJis,
        }
    }
}

/// `--percent`: what the percentages are shares of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum PercentArg {
    /// Column % (share of each group answering each category), as in 表3–5.
    #[default]
    Column,
    /// Row % (share of each answer falling in each group).
    Row,
}

impl From<PercentArg> for PercentBase {
    fn from(p: PercentArg) -> Self {
        match p {
            PercentArg::Column => PercentBase::Column,
            PercentArg::Row => PercentBase::Row,
        }
    }
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Terminal tables in the slides' layout.
    Text,
    /// The documented JSON contract.
    Json,
    /// Markdown pipe tables with the tests as a list.
    Markdown,
    /// Long-form CSV: table,row,column,n,percent,percent_base.
    Csv,
    /// Excel workbook, one sheet per table (needs --output).
    Xlsx,
    /// PowerPoint deck, one slide per table or chart, charts editable (needs --output).
    Pptx,
    /// The charts (100 % stacked bars, ratio bars, funnels, plan progress).
    Svg,
    /// The charts as one PNG picture at 192 dpi (needs --output).
    Png,
    /// One self-contained HTML report: tables, charts and tests.
    Html,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Csv => Format::Csv(CsvEncoding::default()),
            FormatArg::Xlsx => Format::Xlsx,
            FormatArg::Pptx => Format::Pptx,
            FormatArg::Svg => Format::Svg,
            FormatArg::Png => Format::Png,
            FormatArg::Html => Format::Html,
        }
    }
}

/// Options shared by commands that read a survey.
#[derive(Debug, Args)]
pub struct SurveyArgs {
    /// Survey directory (holding survey.json).
    #[arg(long, value_name = "DIR")]
    pub survey: PathBuf,
    #[command(flatten)]
    pub returns: ReturnsArgs,
}

impl SurveyArgs {
    /// Loads the survey and types its returns, as these options say; when
    /// the output is in English and the definition writes labels in
    /// Japanese only, says once that they are shown as written.
    pub fn load_in(
        &self,
        lang: LangArg,
    ) -> Result<(renkei::input::survey::Survey, renkei::units::Returns)> {
        let loaded = self.returns.load(&self.survey)?;
        if lang == LangArg::En
            && let Some(example) = japanese_only_label(&loaded.0.definition)
        {
            eprintln!(
                "renkei: {}",
                Msg::OneLanguageLabels { example }.words(Messages::new(Lang::En))
            );
        }
        Ok(loaded)
    }
}

/// A label of the definition written in one language that is not English
/// (it has characters beyond ASCII), if any.
fn japanese_only_label(def: &renkei::input::survey::SurveyDefinition) -> Option<String> {
    let questions = def
        .questions
        .iter()
        .flat_map(|q| std::iter::once(&q.label).chain(q.categories.iter().map(|c| &c.label)));
    std::iter::once(&def.title)
        .chain(questions)
        .chain(def.groupings.iter().map(|g| &g.label))
        .find(|l| l.one_language() && !l.ja.is_ascii())
        .map(|l| l.ja.clone())
}

/// Which returns to read and how.
#[derive(Debug, Args)]
pub struct ReturnsArgs {
    /// Returns file to read instead of the one the survey names (.csv, .tsv, .json, .xlsx).
    #[arg(long, value_name = "FILE")]
    pub returns: Option<PathBuf>,
    /// Text encoding of the returns.
    #[arg(long, value_enum, default_value_t = EncodingArg::Auto)]
    pub encoding: EncodingArg,
    /// Worksheet of spreadsheet returns (.xlsx, .xls, .ods) [default: the first].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Count an answer that is no category as excluded (listed with its
    /// line and value) instead of stopping [default: stop].
    #[arg(long)]
    pub unknown_as_missing: bool,
}

impl ReturnsArgs {
    pub fn load(
        &self,
        survey: &Path,
    ) -> Result<(renkei::input::survey::Survey, renkei::units::Returns)> {
        renkei::load_survey_with(
            survey,
            self.returns.as_deref(),
            self.encoding.into(),
            self.sheet.as_deref(),
            self.unknown_as_missing,
        )
    }
}

/// Where and how results are written, and in which language.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Output format [default: from --output's extension, else text].
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Write to FILE instead of standard output (written whole or not at all;
    /// `-` is standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace an existing --output file.
    #[arg(long)]
    pub force: bool,
    /// Language of everything written.
    #[arg(long, value_enum, default_value_t = LangArg::Ja)]
    pub lang: LangArg,
    /// Text encoding of CSV output: UTF-8 with a byte-order mark (opens
    /// correctly when double-clicked in Japanese Excel), plain UTF-8, or
    /// Shift_JIS (CP932).
    #[arg(long, value_enum, default_value_t = CsvEncodingArg::Utf8Bom)]
    pub csv_encoding: CsvEncodingArg,
    /// Also write each chart as its own file in DIR, named by its position
    /// and title (`01-表3.svg`), for slides and documents.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// The picture format of --output-dir's files: svg, or png at 192 dpi
    /// (for programs that take no SVG).
    #[arg(long, value_enum, default_value_t = ImageArg::Svg, requires = "output_dir")]
    pub image: ImageArg,
    /// A 16:9 deck whose slide masters, theme and logo the deck takes (its
    /// own slides are left out); for --format pptx.
    #[arg(long, value_name = "DECK.pptx")]
    pub template: Option<PathBuf>,
}

/// `--image`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImageArg {
    Svg,
    Png,
}

/// A file name from a section title: its position, then the title without
/// characters file systems refuse, cut to 40 characters.
fn chart_file_name(index: usize, title: &str) -> String {
    format!("{index:02}-{}.svg", safe_file_name(title, ""))
}

/// A name made fit for a file or folder: characters file systems refuse,
/// controls, spaces, invisible format characters (direction overrides,
/// U+202E …, would make a name read backwards or hide) and any of `also`
/// replaced by `_`, cut to 40 characters.
pub fn safe_file_name(name: &str, also: &str) -> String {
    name.chars()
        .map(|c| {
            let invisible = matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}');
            if "/\\:*?\"<>|".contains(c)
                || also.contains(c)
                || c.is_control()
                || c.is_whitespace()
                || invisible
            {
                '_'
            } else {
                c
            }
        })
        .take(40)
        .collect()
}

/// `--csv-encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvEncodingArg {
    #[value(name = "utf-8-bom")]
    Utf8Bom,
    #[value(name = "utf-8")]
    Utf8,
    #[value(name = "shift_jis")]
    ShiftJis,
}

impl From<CsvEncodingArg> for CsvEncoding {
    fn from(e: CsvEncodingArg) -> Self {
        match e {
            CsvEncodingArg::Utf8Bom => CsvEncoding::Utf8Bom,
            CsvEncodingArg::Utf8 => CsvEncoding::Utf8,
            CsvEncodingArg::ShiftJis => CsvEncoding::ShiftJis,
        }
    }
}

/// Whether two paths name one file: the same text, or the same file once
/// both are resolved (another spelling, a link).
pub fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// Refuses any of `outputs` that is one of `inputs` (the same file by
/// another name too), whatever `--force` says: a typo must not replace the
/// returns a command read.
pub fn refuse_inputs(outputs: &[&Path], inputs: &[&Path]) -> Result<()> {
    for out in outputs {
        if inputs.iter().any(|i| same_file(out, i)) {
            return Err(Usage::OutputIsInput {
                path: out.display().to_string(),
            }
            .into());
        }
    }
    Ok(())
}

impl OutputArgs {
    /// The file to write, if any: `-o -` is standard output, as for most
    /// command-line tools, never a file named `-`.
    pub fn file(&self) -> Option<&Path> {
        self.output.as_deref().filter(|p| p.as_os_str() != "-")
    }

    /// The format to write, checked against the destination. Call before
    /// computing, so that a bad command line fails at once.
    pub fn resolve(&self) -> Result<Format> {
        let format = match (self.format, self.file()) {
            (Some(f), _) => f.into(),
            (None, Some(p)) => Format::from_extension(p).ok_or_else(|| {
                Error::Usage(Usage::FormatOf {
                    path: p.display().to_string(),
                })
            })?,
            (None, None) => Format::Text,
        };
        let format = match format {
            Format::Csv(_) => Format::Csv(self.csv_encoding.into()),
            other => other,
        };
        if matches!(format, Format::Xlsx | Format::Pptx | Format::Png) && self.file().is_none() {
            return Err(Usage::XlsxNeedsOutput.into());
        }
        if self.template.is_some() && format != Format::Pptx {
            return Err(Usage::TemplateNeedsPptx.into());
        }
        if let Some(p) = self.file() {
            let path = p.display().to_string();
            match std::fs::metadata(p) {
                Ok(m) if !m.is_file() => return Err(Usage::NotAFile { path }.into()),
                Ok(_) if !self.force => return Err(Usage::Exists { path }.into()),
                _ => {}
            }
        }
        Ok(format)
    }

    pub fn messages(&self) -> Messages {
        Messages::new(self.lang.into())
    }

    /// Renders the report and writes it to --output (atomically) or stdout.
    pub fn emit(&self, report: &Report) -> Result<()> {
        self.emit_after_reading(report, &[])
    }

    /// `emit`, refusing to write over any of `inputs` (the files the
    /// command read: a `--force` typo must not replace the returns).
    pub fn emit_after_reading(&self, report: &Report, inputs: &[&Path]) -> Result<()> {
        if let Some(out) = self.file() {
            refuse_inputs(&[out], inputs)?;
        }
        let format = self.resolve()?;
        let bytes = match &self.template {
            Some(t) => renkei::render::pptx::render_with_template(
                report,
                &self.messages(),
                &renkei::render::pptx::template::Template::read(t)?,
            )?,
            None => render(report, format, &self.messages())?,
        };
        // Every chart file is rendered before anything is written.
        let charts = match &self.output_dir {
            Some(dir) => self.chart_files(report, dir)?,
            None => Vec::new(),
        };
        super::analysis::check_interrupted()?;
        for (path, picture) in &charts {
            write_atomically(path, picture, self.force)?;
        }
        match self.file() {
            None => super::emit_bytes(&bytes),
            Some(path) => write_atomically(path, &bytes, self.force),
        }
    }

    /// One picture per chart, under `dir` (created if need be).
    fn chart_files(&self, report: &Report, dir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>> {
        chart_files(report, dir, self.image, &self.messages())
    }
}

/// One picture per chart of `report`, under `dir` (created if need be),
/// named by position and title (`01-表1.svg`); rendered in memory, for the
/// caller to write once everything else is ready.
pub fn chart_files(
    report: &Report,
    dir: &Path,
    image: ImageArg,
    m: &Messages,
) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let documents = renkei::render::svg::chart_documents(report, m)?;
    if dir.exists() && !dir.is_dir() {
        return Err(Usage::NotADirectory {
            path: dir.display().to_string(),
        }
        .into());
    }
    let (extension, png) = match image {
        ImageArg::Svg => ("svg", false),
        ImageArg::Png => ("png", true),
    };
    let mut files = Vec::with_capacity(documents.len());
    for (k, (title, svg)) in documents.into_iter().enumerate() {
        let bytes = if png {
            renkei::render::png::svg_to_png(&svg)?
        } else {
            svg.into_bytes()
        };
        let name = chart_file_name(k + 1, &title);
        let path = dir.join(Path::new(&name).with_extension(extension));
        files.push((path, bytes));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    Ok(files)
}

/// Temporary files renkei left behind when it was killed (SIGKILL gives no
/// chance to clean up): `.renkei-*.part` files over an hour old in the
/// directory written to. Younger ones may belong to a run still writing.
fn remove_stale_parts(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let hour = std::time::Duration::from_secs(3600);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with(".renkei-") && name.ends_with(".part");
        let stale = entry
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > hour);
        if ours && stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes `bytes` to a temporary file beside `path` and renames it into place
/// (see [`PreparedFile`]).
pub fn write_atomically(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    PreparedFile::new(path, bytes)?.commit(force)
}

/// An output written whole to a temporary file beside its target, not yet
/// in place: dropped without [`PreparedFile::commit`], it is removed.
pub struct PreparedFile {
    path: PathBuf,
    tmp: tempfile::NamedTempFile,
}

impl PreparedFile {
    /// Writes `bytes` beside `path`. Only a regular file is ever replaced
    /// (never a device such as /dev/null, a FIFO or a directory, whatever
    /// `--force` says), and it keeps its permissions.
    pub fn new(path: &Path, bytes: &[u8]) -> Result<PreparedFile> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let existing = std::fs::metadata(path).ok();
        if existing.as_ref().is_some_and(|m| !m.is_file()) {
            return Err(Usage::NotAFile {
                path: path.display().to_string(),
            }
            .into());
        }
        let mut builder = tempfile::Builder::new();
        builder.prefix(".renkei-").suffix(".part");
        // The replaced file's permissions, else an ordinary file's (a temporary
        // file is private by default).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(match &existing {
                Some(meta) => meta.permissions(),
                None => std::fs::Permissions::from_mode(0o644),
            });
        }
        remove_stale_parts(&dir);
        let mut tmp = builder.tempfile_in(&dir).map_err(|e| Error::io(&dir, e))?;
        tmp.write_all(bytes)
            .and_then(|_| tmp.as_file().sync_all())
            // Named by the file the user asked for, not the temporary one.
            .map_err(|e| Error::io(path, e))?;
        Ok(PreparedFile {
            path: path.to_path_buf(),
            tmp,
        })
    }

    /// Renames the file into place (over an existing file only with `force`).
    pub fn commit(self, force: bool) -> Result<()> {
        let path = self.path.as_path();
        let tmp = self.tmp;
        let result = super::analysis::committing(|| {
            if force {
                tmp.persist(path).map(|_| ())
            } else {
                tmp.persist_noclobber(path).map(|_| ())
            }
        });
        result.map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Usage(Usage::Exists {
                    path: path.display().to_string(),
                })
            } else {
                Error::io(path, e.error)
            }
        })
    }
}

#[cfg(test)]
mod file_name_tests {
    use super::chart_file_name;

    #[test]
    fn chart_file_names_keep_no_invisible_or_reserved_characters() {
        assert_eq!(chart_file_name(1, "表3"), "01-表3.svg");
        assert_eq!(
            chart_file_name(2, "a/b\u{202E}gvs.exe"),
            "02-a_b_gvs.exe.svg"
        );
        assert_eq!(chart_file_name(3, "x\u{200B}y z"), "03-x_y_z.svg");
    }
}
