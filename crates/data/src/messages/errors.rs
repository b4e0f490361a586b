//! The catalogue's messages for problems: what an input should have held
//! ([`Expected`]) and what a command line cannot do ([`Usage`]), in
//! Japanese and English side by side. The frame around them — file, sheet,
//! line, column, value — is worded in [`crate::error`].

use renkei_text::Lang;
use renkei_text::Name;

/// What a JSON document read as a whole is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Definition,
    PublishedTable,
    Checklist,
}

/// What the municipality part (digits 3–5) of a code says about the unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// x000: the prefecture itself.
    Prefecture,
    /// 100: a designated city or the 特別区 area.
    DesignatedCityOrWardArea,
    /// 101–199: a ward (行政区 or 特別区).
    Ward,
    /// 200–299: a city.
    City,
    /// 300 and above: a town or village.
    TownOrVillage,
}

/// What a column of the returns is needed for.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnRole {
    UnitId,
    Class,
    Code,
    ShareSecondaryTertiary,
    ShareTertiary,
    IndustryCode,
    Answers(String),
    Population,
    Prefecture,
    /// A column a grouping or filter reads.
    Grouping(String),
    /// A column of a long-format data file, with its other accepted names.
    Field {
        aliases: Vec<String>,
    },
}

/// What a list of a published table holds one value for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    Row,
    Column,
}

/// What an input should have held where it did not.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    // ---- reading files
    UniqueHeader,
    Column {
        name: String,
        role: ColumnRole,
        header: Vec<String>,
    },
    FileAtMost {
        mib: u64,
    },
    EmptyFile,
    EmptySheet,
    CellNotBool,
    CellNotDate,
    CellNotExcelError,
    ReadableWorkbook {
        detail: String,
    },
    SheetNamed {
        name: String,
        sheets: Vec<String>,
    },
    WorkbookWithSheet,
    /// No sheet of the workbook holds a table.
    SheetWithTable {
        sheets: Vec<String>,
    },
    /// The header row given holds no cell.
    HeaderRowWithCells,
    CellInHeaderColumns {
        cell: String,
        first: String,
        last: String,
    },
    ReadableSheet {
        detail: String,
    },
    SheetWithin {
        max: u64,
        cell: String,
    },
    RecordBelowHeader,
    ShiftJisButBom {
        bom: String,
    },
    Utf8OrShiftJis,
    /// Text whose bytes are every other one NUL: UTF-16 without its mark.
    Utf16WithoutBom,
    TextIn {
        encoding: String,
    },
    WellFormedCsv {
        detail: String,
    },
    FieldsAsHeader {
        width: usize,
        got: usize,
    },
    ClosingQuote,
    FormulaValue {
        formula: String,
    },
    JsonArray,
    EmptyArray,
    JsonObject(Document),
    ValidJson {
        detail: String,
    },
    ObjectPerUnit,
    CommaOrBracket,
    NothingAfterArray,
    NothingAfterObject,
    StringNumberOrNull,
    UniqueKey,
    KeyOfOthers {
        key: String,
    },
    RecordWithValue,
    // ---- typing units
    UniqueCode {
        first_line: usize,
    },
    UniqueUnitId {
        first_line: usize,
    },
    UnitId,
    ClassOneOf {
        spellings: String,
    },
    CodeFitsClass {
        class: Name,
        part: u32,
        kind: CodeKind,
    },
    LocalGovCode,
    LeadingZeroLost {
        padded: String,
    },
    CodeDigits {
        digits: usize,
    },
    CheckDigit {
        last: u8,
        computed: u8,
    },
    Prefecture {
        got: u32,
    },
    ShareToo {
        given: ColumnRole,
    },
    Percentage,
    PercentageGot {
        got: f64,
    },
    SharesInOrder {
        secondary_tertiary: f64,
        tertiary: f64,
    },
    IndustryCode {
        max: u8,
    },
    CodeOfShares {
        code: u8,
    },
    Answer {
        question: String,
        choices: Vec<String>,
    },
    // ---- survey definitions
    Definition {
        detail: String,
    },
    UniqueQuestionId,
    Category,
    DistinctCategories,
    UniqueGroupingId,
    Scheme,
    IndustryCodes {
        max: u8,
    },
    NoSchemeOnClassGroup,
    Percent0To100,
    NonEmpty,
    ColumnOnce {
        other: String,
    },
    MissingNotAnAnswer {
        question: String,
    },
    Level,
    DistinctLevels,
    ThresholdOrder {
        low: f64,
    },
    GroupingColumn,
    SingleColumn,
    MultipleColumns,
    /// A column that another option of the question already reads.
    OptionColumnOnce {
        other: String,
    },
    SeparatorInLabel {
        separator: String,
    },
    AtMost64Options,
    OptionMark {
        question: String,
    },
    NoColumnOnKind,
    PopulationColumn,
    IndustryColumns,
    LevelsOfKind,
    BandsInOrder,
    PopulationNumber,
    GroupingValue {
        column: String,
    },
    // ---- published tables and counts
    PublishedFile {
        detail: String,
    },
    CountsPerRow {
        rows: usize,
    },
    CountsPerColumn {
        columns: usize,
    },
    ValuesPer {
        count: usize,
        per: Per,
    },
    RowIndexes {
        max: usize,
    },
    ColumnIndex {
        max: usize,
    },
    CountsFile,
    Count,
    Counts(Shape),
    // ---- long-format data files (standardized ratios, plans, checklists)
    Data(super::data_errors::DataExpected),
}

/// What is wrong with the shape of a table of counts.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    NoCounts,
    RowLength {
        row: usize,
        len: usize,
        width: usize,
    },
    TooLarge,
}

/// A command line that cannot be carried out.
#[derive(Debug, Clone, PartialEq)]
pub enum Usage {
    TimeLimit {
        got: f64,
    },
    ExactMemory,
    MaxUpload {
        got: u64,
    },
    HeaderRowNotSpreadsheet {
        row: usize,
        path: String,
    },
    MonteCarloZero,
    TotalTooLarge {
        n: u64,
        max: u64,
    },
    Exists {
        path: String,
    },
    FormatOf {
        path: String,
    },
    XlsxNeedsOutput,
    SheetNotSpreadsheet {
        sheet: String,
        path: String,
    },
    TooLargeToDecode {
        path: String,
    },
    NoQuestion {
        survey: String,
        id: String,
        known: Vec<String>,
    },
    NoGrouping {
        survey: String,
        id: String,
        known: Vec<String>,
    },
    NoPublishedTable {
        dir: String,
        survey: String,
    },
    CountsCell {
        row: usize,
        column: usize,
        value: String,
    },
    Counts(Shape),
    Labels {
        given: usize,
        n: usize,
        per: Per,
    },
    CountsOrFile,
    ReportNotXlsx,
    NoChart,
    /// PNG output and no Japanese font installed.
    NoJapaneseFont {
        wanted: String,
    },
    /// `--template` is not a deck renkei can build on.
    TemplateNotDeck {
        path: String,
        detail: String,
    },
    /// `--template` with an output that is not a deck.
    TemplateNeedsPptx,
    /// An age band the built-in model population does not have.
    BandNotInModel {
        band: String,
    },
    NotAFile {
        path: String,
    },
    OutputIsInput {
        path: String,
    },
    /// An output named as the file the command writes itself (init's survey.json).
    OutputIsWritten {
        path: String,
    },
    DirectNeedsPopulation {
        path: String,
    },
    LevelBetween {
        got: f64,
    },
    PerPositive {
        got: f64,
    },
    FractionBetween {
        option: String,
        got: f64,
    },
    NotShiftJis {
        character: String,
    },
    StrataSingleAnswer {
        question: String,
    },
    NoChecklist {
        id: String,
        known: Vec<String>,
    },
    SectionsSyntax {
        part: String,
    },
    /// `--output-dir` naming something that is not a directory.
    NotADirectory {
        path: String,
    },
    /// An item column named twice (`--columns q1,q1`).
    ColumnTwice {
        column: String,
    },
    ReverseNotAnItem {
        column: String,
    },
}

fn role(r: &ColumnRole, m: Lang) -> String {
    match r {
        ColumnRole::UnitId => m.pick("団体ID".into(), "unit id".into()),
        ColumnRole::Class => m.pick("団体区分".into(), "municipality class".into()),
        ColumnRole::Code => m.pick(
            "全国地方公共団体コード".into(),
            "全国地方公共団体コード".into(),
        ),
        ColumnRole::ShareSecondaryTertiary => m.pick(
            "Ⅱ次+Ⅲ次の就業者割合".into(),
            "Ⅱ次+Ⅲ次 employment share".into(),
        ),
        ColumnRole::ShareTertiary => {
            m.pick("Ⅲ次の就業者割合".into(), "Ⅲ次 employment share".into())
        }
        ColumnRole::IndustryCode => {
            m.pick("類似団体の産業類型".into(), "類似団体 industry code".into())
        }
        ColumnRole::Population => m.pick("人口".into(), "population".into()),
        ColumnRole::Prefecture => m.pick("都道府県".into(), "prefecture".into()),
        ColumnRole::Grouping(c) => m.pick(
            format!("グルーピング '{c}' の値"),
            format!("values of grouping column '{c}'"),
        ),
        ColumnRole::Field { aliases } if aliases.is_empty() => {
            m.pick("必須".into(), "required".into())
        }
        ColumnRole::Field { aliases } => m.pick(
            format!("必須。別名: {}", aliases.join(", ")),
            format!("required; also accepted as {}", aliases.join(", ")),
        ),
        ColumnRole::Answers(q) => m.pick(
            format!("設問 '{q}' の回答"),
            format!("answers to question '{q}'"),
        ),
    }
}

fn shape(s: &Shape, m: Lang) -> String {
    match s {
        Shape::NoCounts => m.pick("度数がない".into(), "no counts".into()),
        Shape::RowLength { row, len, width } => m.pick(
            format!("{row} 行目の度数は {len} 個、1 行目は {width} 個: どの行も同じ数が必要"),
            format!(
                "row {row} has {len} counts, row 1 has {width}; every row needs the same number"
            ),
        ),
        Shape::TooLarge => m.pick(
            "度数の合計が 2⁶⁴ を超える".into(),
            "the counts add up to more than 2⁶⁴".into(),
        ),
    }
}

impl Expected {
    /// What was expected, in `m`'s language.
    pub fn words(&self, m: Lang) -> String {
        use Expected as E;
        match self {
            E::UniqueHeader => m.pick("ヘッダーで一度だけ現れる列名".into(), "column names that appear once in the header".into()),
            E::Column { name, role: r, header } => m.pick(
                format!("列 '{name}' ({})。ヘッダーにある列: {}", role(r, m), header.join(", ")),
                format!("a column '{name}' ({}); the header has: {}", role(r, m), header.join(", ")),
            ),
            E::FileAtMost { mib } => m.pick(format!("{mib} MiB 以下のファイル"), format!("a file of at most {mib} MiB")),
            E::EmptyFile => m.pick("ヘッダー行と 1 件以上のレコード。ファイルが空".into(), "a header row and at least one record; the file is empty".into()),
            E::EmptySheet => m.pick("ヘッダー行と 1 件以上のレコード。シートが空".into(), "a header row and at least one record; the sheet is empty".into()),
            E::CellNotBool => m.pick("文字列か数値 (TRUE/FALSE ではなく)".into(), "text or a number, not TRUE/FALSE".into()),
            E::CellNotDate => m.pick("文字列か数値 (日付ではなく。列の書式を文字列にする)".into(), "text or a number, not a date (format the column as text)".into()),
            E::CellNotExcelError => m.pick("値 (#N/A などの Excel のエラーではなく)".into(), "a value, not an Excel error such as #N/A".into()),
            E::ReadableWorkbook { detail } => m.pick(format!("読める Excel または OpenDocument のブック ({detail})"), format!("a readable Excel or OpenDocument workbook ({detail})")),
            E::SheetNamed { name, sheets } => m.pick(
                format!("'{name}' という名前のシート。ブックにあるシート: {}", sheets.join(", ")),
                format!("a sheet named '{name}'; the workbook has: {}", sheets.join(", ")),
            ),
            E::WorkbookWithSheet => m.pick("シートが 1 枚以上あるブック".into(), "a workbook with at least one sheet".into()),
            E::SheetWithTable { sheets } => m.pick(
                format!("表 (2 列以上の見出し行とその下の行) のあるシートが必要です。どのシートにも表が見つからない: {}。--sheet でシート名を指定してください", sheets.join("、")),
                format!("a sheet holding a table (a header row of two columns or more, and rows below it); none of the sheets does: {}; name one with --sheet", sheets.join(", ")),
            ),
            E::HeaderRowWithCells => m.pick(
                "見出しの行には値のあるセルが必要です (--header-row の行が空)".into(),
                "a header row with cells in it (the --header-row given is empty)".into(),
            ),
            E::CellInHeaderColumns { cell, first, last } => m.pick(
                format!("ヘッダーのある列 ({first}–{last}) の中の値 (セル {cell} はその外。離れたセルに値が残っていないか確かめてください)"),
                format!("values within the header's columns ({first}–{last}); cell {cell} is outside them (a stray value?)"),
            ),
            E::SheetWithin { max, cell } => m.pick(
                format!("値が {max} セル以内に収まるシート。値がセル {cell} まである (表から離れたセルに値が残っていないか確かめ、消すか、表を .xlsx か CSV で保存してください)"),
                format!("a sheet whose values fit within {max} cells; they reach cell {cell} (a stray value far from the table? delete it, or save the table as .xlsx or CSV)"),
            ),
            E::ReadableSheet { detail } => m.pick(format!("読めるシート ({detail})"), format!("a readable sheet ({detail})")),
            E::RecordBelowHeader => m.pick("ヘッダーの下に 1 件以上のレコード".into(), "at least one record below the header".into()),
            E::ShiftJisButBom { bom } => m.pick(
                format!("--encoding の指定どおり Shift_JIS のテキスト。ただしファイルは {bom} のバイト順マークで始まる"),
                format!("Shift_JIS text as --encoding says, but the file starts with a {bom} byte-order mark"),
            ),
            E::Utf16WithoutBom => m.pick(
                "バイト順マーク付きのテキスト: UTF-16 に見えるがマークがない。Excel では「Unicode テキスト」(マークが付く) か「CSV UTF-8」で保存する".into(),
                "text with its byte-order mark: this looks like UTF-16 without one; save it from Excel as \"Unicode text\" (which writes the mark) or as \"CSV UTF-8\"".into(),
            ),
            E::Utf8OrShiftJis => m.pick(
                "UTF-8 または Shift_JIS (CP932) のテキスト。どちらにも合わないバイトがある (--encoding で指定できる)".into(),
                "UTF-8 or Shift_JIS (CP932) text; the bytes fit neither (force one with --encoding)".into(),
            ),
            E::TextIn { encoding } => m.pick(format!("{encoding} のテキスト (--encoding で別の文字コードを指定できる)"), format!("{encoding} text (force another with --encoding)")),
            E::WellFormedCsv { detail } => m.pick(format!("正しい形の CSV ({detail})"), format!("well-formed CSV ({detail})")),
            E::FieldsAsHeader { width, got } => m.pick(
                format!("ヘッダーと同じ {width} 個のフィールド (このレコードは {got} 個)"),
                format!("{width} fields as in the header; the record has {got} fields"),
            ),
            E::FormulaValue { formula } => m.pick(
                format!("値。このセルの数式 '={formula}' は計算結果なしで保存されている (Excel で開いて保存し直す)"),
                format!("a value: the cell holds the formula '={formula}' saved without its result (open and save the file in Excel)"),
            ),
            E::ClosingQuote => m.pick(
                "閉じる引用符 (\") : この行で開いた引用符が閉じられず、以降の行を取り込んでいる".into(),
                "a closing quote (\"): a quote opened on this line is never closed and takes in the lines after it".into(),
            ),
            E::JsonArray => m.pick(
                "団体ごとのオブジェクトの JSON 配列 ([{\"unit_id\": ...}, ...])".into(),
                "a JSON array of objects, one per unit ([{\"unit_id\": ...}, ...])".into(),
            ),
            E::EmptyArray => m.pick("1 件以上のレコード。配列が空".into(), "at least one record; the array is empty".into()),
            E::JsonObject(kind) => match kind {
                Document::Definition => m.pick(
                    "JSON オブジェクト {…} の調査定義".into(),
                    "a survey definition as one JSON object {…}".into(),
                ),
                Document::PublishedTable => m.pick(
                    "JSON オブジェクト {…} の公表表 (\"rows\", \"columns\", \"counts\" を持つ)".into(),
                    "a published table as one JSON object {…} with \"rows\", \"columns\" and \"counts\"".into(),
                ),
                Document::Checklist => m.pick(
                    "JSON オブジェクト {…} のチェックリスト定義 (\"id\", \"title\", \"sections\" を持つ)".into(),
                    "a checklist definition as one JSON object {…} with \"id\", \"title\" and \"sections\"".into(),
                ),
            },
            E::ValidJson { detail } => m.pick(format!("正しい JSON ({detail})"), format!("valid JSON ({detail})")),
            E::ObjectPerUnit => m.pick("団体ごとに 1 つのオブジェクト".into(), "an object for each unit".into()),
            E::CommaOrBracket => m.pick("レコードの後に ',' か ']'".into(), "',' or ']' after a record".into()),
            E::NothingAfterObject => m.pick("閉じる '}' の後には何もないこと".into(), "nothing after the closing '}'".into()),
            E::NothingAfterArray => m.pick("閉じる ']' の後には何もないこと".into(), "nothing after the closing ']'".into()),
            E::UniqueKey => m.pick(
                "レコード内で一度だけ現れるキー (二度目の値が一度目を黙って上書きする)".into(),
                "a key given once in the record (its second value would silently replace the first)".into(),
            ),
            E::KeyOfOthers { key } => m.pick(
                format!("ほかのすべてのレコードにあるキー '{key}' (このレコードにはない。キーの綴りを確かめてください)"),
                format!("the key '{key}' that every other record has (this one lacks it: is it misspelt here?)"),
            ),
            E::StringNumberOrNull => m.pick("文字列、数値、または null".into(), "a string, a number or null".into()),
            E::RecordWithValue => m.pick("値のあるレコードが 1 件以上".into(), "at least one record with a value".into()),
            E::UniqueUnitId { first_line } => m.pick(
                format!("重複しない団体ID。{first_line} 行目ですでに使われている"),
                format!("a unique unit id; it is already used on line {first_line}"),
            ),
            E::UniqueCode { first_line } => m.pick(
                format!("重複しない全国地方公共団体コード。{first_line} 行目の団体と同じコード"),
                format!("a 全国地方公共団体コード of its own; the unit on line {first_line} has it too"),
            ),
            E::UnitId => m.pick("団体ID (セルが空)".into(), "a unit id (the cell is empty)".into()),
            E::ClassOneOf { spellings } => m.pick(format!("団体区分: {spellings} のいずれか"), format!("a municipality class, one of {spellings}")),
            E::CodeFitsClass { class, part, kind } => {
                let kind = match kind {
                    CodeKind::Prefecture => m.pick::<String>("都道府県".into(), "a prefecture's".into()),
                    CodeKind::DesignatedCityOrWardArea => m.pick(
                        "政令指定都市 (または特別区の区域)".into(),
                        "a designated city's (or the special-ward area's)".into(),
                    ),
                    CodeKind::Ward => m.pick("区 (行政区または特別区)".into(), "a ward's (行政区 or 特別区)".into()),
                    CodeKind::City => m.pick("市".into(), "a city's".into()),
                    CodeKind::TownOrVillage => m.pick("町村".into(), "a town's or village's".into()),
                };
                m.pick(
                    format!("区分 {} に合うコード (市区町村部分 {part:03} は{kind}のコード)", class.get(m)),
                    format!("a code that fits the class {} (its municipality part {part:03} is {kind})", class.get(m)),
                )
            }
            E::LocalGovCode => m.pick(
                "6 桁の全国地方公共団体コード (都道府県 2 桁、市区町村 3 桁、検査数字)".into(),
                "a 6-digit 全国地方公共団体コード (2-digit prefecture, 3-digit municipality, check digit)".into(),
            ),
            E::LeadingZeroLost { padded } => m.pick(
                format!("6 桁の全国地方公共団体コード。先頭の 0 が落ちていないか: {padded} なら正しい"),
                format!("a 6-digit 全国地方公共団体コード; did the leading zero get lost? {padded} would be valid"),
            ),
            E::CodeDigits { digits } => m.pick(
                format!("6 桁の全国地方公共団体コード。この値は {digits} 桁"),
                format!("a 6-digit 全国地方公共団体コード; it has {digits} digits"),
            ),
            E::CheckDigit { last, computed } => m.pick(
                format!("正しい検査数字: 末尾は {last}、上 5 桁から計算すると {computed}"),
                format!("a valid check digit: the code's last digit is {last}, the first five digits give {computed}"),
            ),
            E::Prefecture { got } => m.pick(format!("都道府県番号 01–47 (この値は {got:02})"), format!("a prefecture number 01–47, got {got:02}")),
            E::ShareToo { given } => m.pick(
                format!("ここにも割合 ({} が入っているため)", role(given, m)),
                format!("a share here too, since the {} is given", role(given, m)),
            ),
            E::Percentage => m.pick("0 から 100 の百分率 (数値。% 記号は可)".into(), "a percentage from 0 to 100 (a number, % sign allowed)".into()),
            E::PercentageGot { got } => m.pick(format!("0 から 100 の百分率 (この値は {got})"), format!("a percentage from 0 to 100, got {got}")),
            E::SharesInOrder { secondary_tertiary, tertiary } => m.pick(
                format!("Ⅱ次+Ⅲ次の割合 ({secondary_tertiary}) が Ⅲ次の割合 ({tertiary}) 以上であること"),
                format!("the Ⅱ次+Ⅲ次 share ({secondary_tertiary}) to be at least the Ⅲ次 share ({tertiary})"),
            ),
            E::IndustryCode { max } => m.pick(format!("この区分の類似団体の産業類型 0–{max}"), format!("a 類似団体 industry code 0–{max} for this class")),
            E::CodeOfShares { code } => m.pick(
                format!("調査の閾値で割合から決まる類型 ({code})。類型か閾値を直すこと"),
                format!("the code the shares give ({code}) by the survey's thresholds; fix the code or the thresholds"),
            ),
            E::Answer { question, choices } => m.pick(
                format!("設問 '{question}' の回答: {} のコードかラベル、または無回答の空セル", choices.join(", ")),
                format!("an answer to '{question}': a code or label of {}, or an empty cell for no answer", choices.join(", ")),
            ),
            E::Definition { detail } => m.pick(format!("調査定義 ({detail})"), format!("a survey definition ({detail})")),
            E::UniqueQuestionId => m.pick("重複しない設問ID".into(), "a unique question id".into()),
            E::Category => m.pick("回答カテゴリが 1 つ以上".into(), "at least one answer category".into()),
            E::DistinctCategories => m.pick("カテゴリを区別できるコードとラベル".into(), "codes and labels that tell the categories apart".into()),
            E::UniqueGroupingId => m.pick("重複しない分類ID".into(), "a unique grouping id".into()),
            E::Scheme => m.pick("産業類型の分類には \"city\" か \"town\"".into(), "\"city\" or \"town\" for an industry grouping".into()),
            E::IndustryCodes { max } => m.pick(format!("産業類型 0–{max}"), format!("industry codes 0–{max}")),
            E::NoSchemeOnClassGroup => m.pick("class-group の分類には scheme も levels も付けない".into(), "no scheme or levels on a class-group grouping".into()),
            E::Percent0To100 => m.pick("0 から 100 の百分率".into(), "a percentage from 0 to 100".into()),
            E::NonEmpty => m.pick("空でない値".into(), "a value that is not empty".into()),
            E::ColumnOnce { other } => m.pick(
                format!("{other} とは別の列 (1 つの列を 2 つの役割に使えない)"),
                format!("a column other than {other}'s (one column cannot serve two roles)"),
            ),
            E::MissingNotAnAnswer { question } => m.pick(
                format!("設問 '{question}' の回答と重ならない無回答の表記 (この値では回答が無回答として読まれる)"),
                format!("no-answer markers that are not answers to question '{question}' (this one would read that answer as no answer)"),
            ),
            E::Level => m.pick("列になる類型が 1 つ以上".into(), "at least one level".into()),
            E::DistinctLevels => m.pick("重複しない類型".into(), "levels that each appear once".into()),
            E::ThresholdOrder { low } => m.pick(
                format!("tertiary_low ({low}) 以上の値"),
                format!("a value of at least tertiary_low ({low})"),
            ),
            E::PublishedFile { detail } => m.pick(format!("公表表のファイル ({detail})"), format!("a published-table file ({detail})")),
            E::CountsPerRow { rows } => m.pick(format!("行ラベルごとに 1 行、計 {rows} 行の度数"), format!("{rows} rows of counts, one per row label")),
            E::CountsPerColumn { columns } => m.pick(format!("列ラベルごとに 1 つ、計 {columns} 個の度数"), format!("{columns} counts, one per column label")),
            E::ValuesPer { count, per } => match per {
                Per::Row => m.pick(format!("行ごとに 1 つ、計 {count} 個の値"), format!("{count} values, one per row")),
                Per::Column => m.pick(format!("列ごとに 1 つ、計 {count} 個の値"), format!("{count} values, one per column")),
            },
            E::RowIndexes { max } => m.pick(format!("0 から {max} の行番号"), format!("row indexes from 0 to {max}")),
            E::ColumnIndex { max } => m.pick(format!("0 から {max} の列番号"), format!("a column index from 0 to {max}")),
            E::CountsFile => m.pick("度数の表。ファイルが空".into(), "a table of counts; the file is empty".into()),
            E::Count => m.pick("度数 (0 以上の整数)".into(), "a count (a whole number 0 or more)".into()),
            E::Counts(s) => shape(s, m),
            E::GroupingColumn => m.pick(
                "\"by\": \"column\" のグルーピングには \"column\": \"<回答ファイルの列名>\"".into(),
                "a \"column\": \"<header of the returns>\" for a grouping \"by\": \"column\"".into(),
            ),
            E::SingleColumn => m.pick(
                "単一回答の設問には \"column\": \"<回答の列名>\" (separator や選択肢ごとの column は複数回答 \"type\": \"multiple\" だけ)".into(),
                "a single-answer question needs \"column\": \"<header>\" (separator and per-option columns are for \"type\": \"multiple\")".into(),
            ),
            E::OptionColumnOnce { other } => m.pick(
                format!("選択肢ごとに別の列 (この列は選択肢 {other} が読んでいる)"),
                format!("a column of its own for each option (option {other} reads this one)"),
            ),
            E::MultipleColumns => m.pick(
                "複数回答の設問は、選択肢ごとに \"column\" (0/1 の列) を書くか、設問に \"column\" と \"separator\" (\"1;3;5\" のような区切り) を書く".into(),
                "a multiple-answer question needs either a \"column\" on every option (0/1 columns) or a \"column\" and a \"separator\" on the question (codes such as \"1;3;5\")".into(),
            ),
            E::SeparatorInLabel { separator } => m.pick(
                format!("区切り '{separator}' を含まない選択肢 (含むと回答を分けられない)"),
                format!("an option without the separator '{separator}' (answers could not be split)"),
            ),
            E::AtMost64Options => m.pick("64 以下の選択肢".into(), "at most 64 options".into()),
            E::OptionMark { question } => m.pick(
                format!("設問 '{question}' の選択肢の列: 1/0、〇/空欄、TRUE/FALSE、はい/いいえ"),
                format!("an option column of question '{question}': 1/0, 〇/blank, TRUE/FALSE or はい/いいえ"),
            ),
            E::NoColumnOnKind => m.pick(
                "\"column\" は \"by\": \"column\" のグルーピングだけに書く".into(),
                "\"column\" only on a grouping \"by\": \"column\"".into(),
            ),
            E::PopulationColumn => m.pick(
                "人口区分・類似団体のグルーピングには unit_columns の \"population\": \"<人口の列名>\"".into(),
                "a \"population\": \"<header>\" in unit_columns for population-band and ruiji groupings".into(),
            ),
            E::IndustryColumns => m.pick(
                "類似団体のグルーピングには産業構造の列 (unit_columns の share_secondary_tertiary と share_tertiary、または industry_code)".into(),
                "industry columns for a ruiji grouping (unit_columns share_secondary_tertiary and share_tertiary, or industry_code)".into(),
            ),
            E::LevelsOfKind => m.pick(
                "industry には産業類型コードの配列 [1, 2, 3]、column には [{\"code\": …, \"label\": {…}}] の levels (class-group, population-band, ruiji には書かない)".into(),
                "levels of the grouping's kind: industry codes [1, 2, 3] for industry, [{\"code\": …, \"label\": {…}}] for column (none for class-group, population-band, ruiji)".into(),
            ),
            E::BandsInOrder => m.pick(
                "人口区分の下限を小さい順に (例: [50000, 100000, 150000])".into(),
                "the bands' lower bounds in increasing order (e.g. [50000, 100000, 150000])".into(),
            ),
            E::PopulationNumber => m.pick("0 以上の整数の人口 (1,234 のような桁区切り可)".into(), "a whole number of people (1,234 with separators is fine)".into()),
            E::GroupingValue { column } => m.pick(
                format!("列 '{column}' のグループ (levels にある値)"),
                format!("a group of column '{column}' (a value listed in its levels)"),
            ),
            E::Data(d) => d.words(m),
        }
    }
}

impl Usage {
    /// The problem, in `m`'s language.
    pub fn words(&self, m: Lang) -> String {
        use Usage as U;
        match self {
            U::TimeLimit { got } => m.pick(
                format!("--time-limit は 10¹⁸ 以下の正の秒数 (指定は {got})"),
                format!("--time-limit must be a positive number of seconds, at most 10¹⁸, got {got}"),
            ),
            U::ExactMemory => m.pick("--exact-memory は 1 (MiB) 以上".into(), "--exact-memory must be at least 1 (MiB)".into()),
            U::HeaderRowNotSpreadsheet { row, path } => m.pick(
                format!("--header-row {row} はスプレッドシート (.xlsx・.xls・.ods) にだけ使えます。{path} は CSV か JSON です"),
                format!("--header-row {row} applies to spreadsheets (.xlsx, .xls, .ods) only; {path} is CSV or JSON"),
            ),
            U::MaxUpload { got } => m.pick(
                format!("--max-upload は 1 から 1024 までの MiB 数です (指定は {got})"),
                format!("--max-upload must be between 1 and 1024 MiB, got {got}"),
            ),
            U::MonteCarloZero => m.pick("--monte-carlo は 1 回以上".into(), "--monte-carlo needs at least 1 replicate".into()),
            U::TotalTooLarge { n, max } => m.pick(
                format!("表の合計 {n} は正確検定と Monte Carlo 検定が扱える最大 {max} を超える。漸近検定はそれらなしで実行される"),
                format!("the table total {n} is above {max}, the largest the exact and Monte Carlo tests take; the asymptotic tests run without them"),
            ),
            U::Exists { path } => m.pick(format!("{path} はすでにある。置き換えるには --force を付ける"), format!("{path} exists; add --force to replace it")),
            U::FormatOf { path } => m.pick(
                format!("'{path}' から形式が分からない: --format (text, json, markdown, csv, xlsx, svg, html) を指定する"),
                format!("cannot tell the format from '{path}': give --format (text, json, markdown, csv, xlsx, svg, html)"),
            ),
            U::XlsxNeedsOutput => m.pick("--format xlsx、pptx、png には --output (FILE.xlsx、FILE.pptx、FILE.png) が必要".into(), "--format xlsx, pptx and png need --output (FILE.xlsx, FILE.pptx or FILE.png)".into()),
            U::SheetNotSpreadsheet { sheet, path } => m.pick(
                format!("--sheet {sheet} は表計算ファイルの回答に使う。{path} は表計算ファイルではない"),
                format!("--sheet {sheet} is for spreadsheet returns; {path} is not one"),
            ),
            U::TooLargeToDecode { path } => m.pick(format!("{path}: 大きすぎて文字コードを変換できない"), format!("{path}: file too large to decode")),
            U::NoQuestion { survey, id, known } => m.pick(
                format!("調査 '{survey}' に設問 '{id}' はない。設問: {}", known.join(", ")),
                format!("survey '{survey}' has no question '{id}'; its questions: {}", known.join(", ")),
            ),
            U::NoGrouping { survey, id, known } => m.pick(
                format!("調査 '{survey}' に分類 '{id}' はない。分類: {}", known.join(", ")),
                format!("survey '{survey}' has no grouping '{id}'; its groupings: {}", known.join(", ")),
            ),
            U::NoPublishedTable { dir, survey } => m.pick(
                format!("{dir} に \"reproduce\" で調査 '{survey}' を指す公表表がない"),
                format!("no published table in {dir} names survey '{survey}' in its \"reproduce\" block"),
            ),
            U::CountsCell { row, column, value } => m.pick(
                format!("--counts: {row} 行 {column} 列: '{value}' は度数でない (0 以上の整数が必要)"),
                format!("--counts: row {row}, column {column}: '{value}' is not a count (expected a whole number 0 or more)"),
            ),
            U::Counts(s) => format!("--counts: {}", shape(s, m)),
            U::Labels { given, n, per } => match per {
                Per::Row => m.pick(format!("行ラベル {given} 個に対して行は {n} 行"), format!("{given} row labels for {n} rows")),
                Per::Column => m.pick(format!("列ラベル {given} 個に対して列は {n} 列"), format!("{given} column labels for {n} columns")),
            },
            U::CountsOrFile => m.pick("--counts か --file を指定する".into(), "give --counts or --file".into()),
            U::NoJapaneseFont { wanted } => m.pick(
                format!("PNG の日本語を描くフォントがない ({wanted} のいずれか)。Debian/Ubuntu では sudo apt-get install fonts-noto-cjk で入る。SVG (--format svg) ならフォントは開く側が使う"),
                format!("no Japanese font to draw the PNG's labels (any of {wanted}); on Debian or Ubuntu: sudo apt-get install fonts-noto-cjk. SVG (--format svg) leaves the font to the program that opens it"),
            ),
            U::TemplateNotDeck { path, detail } => m.pick(
                format!("--template {path} は使えない PowerPoint ファイル ({detail})。組織のスライドマスターを持つ 16:9 の .pptx を指定する"),
                format!("--template {path} is not a deck renkei can use ({detail}); give a 16:9 .pptx with your organisation's slide master"),
            ),
            U::BandNotInModel { band } => m.pick(
                format!("年齢階級 '{band}' は昭和60年モデル人口の 5 歳階級 (0-4 … 80-84、85+) でない。5 歳階級の表を使うか、--standard の人口で重み付ける"),
                format!("age band '{band}' is not one of 昭和60年モデル人口's 5-year bands (0-4 … 80-84, 85+); use 5-year bands, or weight by the --standard file's populations"),
            ),
            U::TemplateNeedsPptx => m.pick(
                "--template はスライド (--format pptx または -o FILE.pptx) に使う".into(),
                "--template is for decks (--format pptx or -o FILE.pptx)".into(),
            ),
            U::ReportNotXlsx => m.pick(
                "--output は HTML の報告 (例: report.html) を指す。ブックとスライドはその隣に書かれる".into(),
                "--output names the HTML report (e.g. report.html); the workbook and the deck go beside it".into(),
            ),
            U::NotAFile { path } => m.pick(
                format!("{path} は通常のファイルではない (デバイス、FIFO、ディレクトリ): renkei が置き換えるのは通常のファイルだけ"),
                format!("{path} is not a regular file (a device, FIFO or directory): renkei replaces regular files only"),
            ),
            U::OutputIsWritten { path } => m.pick(
                format!("{path} はこのコマンド自身が書き出すファイル: 別の出力先を指定する"),
                format!("{path} is a file this command writes itself: choose another output"),
            ),
            U::OutputIsInput { path } => m.pick(
                format!("{path} はこのコマンドが読んだ入力ファイル: 別の出力先を指定する"),
                format!("{path} is an input this command read: choose another output"),
            ),
            U::DirectNeedsPopulation { path } => m.pick(
                format!("直接法には標準集団の人数が要る: {path} に 'population' の列を加える (率だけでは重みが作れない)"),
                format!("direct standardization needs the standard's population: add a 'population' column to {path} (rates alone give no weights)"),
            ),
            U::LevelBetween { got } => m.pick(
                format!("--level は 0 と 1 の間 (0.95 など)。指定: {got}"),
                format!("--level between 0 and 1 (such as 0.95); got {got}"),
            ),
            U::PerPositive { got } => m.pick(
                format!("--per は正の数 (100 なら %、100000 なら 10 万人あたり)。指定: {got}"),
                format!("--per a positive number (100 for %, 100000 per 100,000); got {got}"),
            ),
            U::FractionBetween { option, got } => m.pick(
                format!("{option} は 0 以上 1 未満の割合 (0.05 など)。指定: {got}"),
                format!("{option} a fraction from 0 up to 1 (such as 0.05); got {got}"),
            ),
            U::StrataSingleAnswer { question } => m.pick(
                format!("--strata は単一回答の設問だけ: '{question}' は複数回答 (層ごとに --returns を分けるか、グルーピングの filter を使う)"),
                format!("--strata takes single-answer questions; '{question}' has multiple answers (split the returns, or use a grouping's filter)"),
            ),
            U::NotShiftJis { character } => m.pick(
                format!("文字 '{character}' は Shift_JIS で書けない: --csv-encoding utf-8-bom を使う"),
                format!("the character '{character}' has no Shift_JIS form; use --csv-encoding utf-8-bom"),
            ),
            U::NoChecklist { id, known } => m.pick(
                format!("チェックリスト '{id}' がない (ファイルでもない)。同梱: {}", known.join(", ")),
                format!("no checklist '{id}' (nor a file of that name); shipped: {}", known.join(", ")),
            ),
            U::SectionsSyntax { part } => m.pick(
                format!("--sections は \"名前=列,列;名前=列,列\" の形。読めない部分: '{part}'"),
                format!("--sections takes \"name=col,col;name=col,col\"; cannot read '{part}'"),
            ),
            U::NotADirectory { path } => m.pick(
                format!("{path} はディレクトリでない: --output-dir にはディレクトリ (なければ作る) を指定する"),
                format!("{path} is not a directory: --output-dir takes a directory (made if it does not exist)"),
            ),
            U::ColumnTwice { column } => m.pick(
                format!("列 {column} が 2 回指定されている: 各項目は 1 回だけ数える"),
                format!("column {column} is named twice: each item counts once"),
            ),
            U::ReverseNotAnItem { column } => m.pick(
                format!("--reverse の '{column}' は分析する項目にない"),
                format!("--reverse names '{column}', which is not one of the items analysed"),
            ),
            U::NoChart => m.pick(
                "この出力には SVG で描くグラフがない。別の --format を選ぶ".into(),
                "this output has no chart to draw as SVG; choose another --format".into(),
            ),
        }
    }
}

/// The frame around what was expected: where in a file, and how many
/// problems. The worded error is `file[sheet]:line` followed by these.
#[derive(Debug, Clone, Copy)]
pub enum Frame<'a> {
    /// The column (header name or JSON key) of the problem.
    Column(&'a str),
    /// The byte of the line where undecodable text starts.
    Byte(usize),
    /// The offending value, as shown (invisible characters written out).
    Value(&'a str),
    /// What was expected, already worded.
    Expected(&'a str),
    /// A long value was cut; it had `total` characters.
    Cut { total: usize },
    /// The count of problems, before the list.
    Problems(usize),
    /// Problems not listed.
    More(usize),
    /// A file that cannot be read or written, in the system's own words.
    Io {
        path: &'a std::path::Path,
        source: &'a std::io::Error,
    },
    /// A bug in renkei; its details stay in English, for the report.
    Internal(&'a str),
    /// Stopped by Ctrl-C.
    Interrupted,
}

/// The system's words for an I/O error without its number or a temporary
/// file's path ("Permission denied", not "Permission denied (os error 13)
/// at path …/.renkei-….part"): the message names the file the user gave.
fn system_words(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

impl Frame<'_> {
    pub fn words(&self, m: Lang) -> String {
        match self {
            Frame::Column(c) => m.pick(format!(": 列 '{c}'"), format!(": column '{c}'")),
            Frame::Byte(b) => m.pick(format!(": {b} バイト目"), format!(": column 'byte {b}'")),
            Frame::Value(v) => m.pick(format!(": 値 '{v}'"), format!(": value '{v}'")),
            Frame::Expected(e) => m.pick(format!(": 必要なもの: {e}"), format!(": expected {e}")),
            Frame::Cut { total } => m.pick(
                format!("…(全 {total} 文字)"),
                format!("… ({total} characters)"),
            ),
            Frame::Problems(n) => m.pick(
                format!("入力に {n} 件の問題:"),
                format!("{n} problems in the input:"),
            ),
            Frame::More(n) => m.pick(format!("... ほか {n} 件"), format!("... and {n} more")),
            Frame::Io { path, source } => {
                let why = system_words(source);
                m.pick(
                    format!("{}: 読み書きできない ({why})", path.display()),
                    format!("{}: {why}", path.display()),
                )
            }
            Frame::Internal(msg) => m.pick(
                format!("内部エラー (renkei の不具合です。報告してください): {msg}"),
                format!("internal error (please report): {msg}"),
            ),
            Frame::Interrupted => m.pick(
                "中断しました。何も書き出していません".into(),
                "interrupted; nothing was written".into(),
            ),
        }
    }
}
