//! The wording of `renkei init`.

use crate::input::survey::GroupingKind;
use crate::municipality::IndustryScheme;
use crate::report::messages::{Messages, Wording};
use crate::text::Label;

#[derive(Debug, Clone, PartialEq)]
pub enum InitMsg {
    Written {
        path: String,
    },
    UnitColumn {
        role: String,
        column: String,
    },
    Question {
        id: String,
        multiple: bool,
        categories: usize,
    },
    Skipped {
        column: String,
        values: usize,
    },
    MissingRole {
        role: String,
    },
    /// The sheet read, the sheets passed over, the header row and the rows
    /// above it left out.
    SheetRead {
        sheet: String,
        skipped: Vec<String>,
        header_row: usize,
        above: Vec<usize>,
    },
    Check,
}

impl Wording for InitMsg {
    fn words(&self, m: Messages) -> String {
        match self {
            InitMsg::Written { path } => m.pick(format!("{path} を書いた。次を確かめて編集する:"), format!("wrote {path}; check and edit:")),
            InitMsg::UnitColumn { role, column } => m.pick(format!("団体の列 {role}: '{column}'"), format!("unit column {role}: '{column}'")),
            InitMsg::Question { id, multiple: true, categories } => m.pick(
                format!("設問 '{id}': 複数回答 ({categories} 選択肢の 0/1 列)"),
                format!("question '{id}': multiple answers ({categories} option columns of 0/1)"),
            ),
            InitMsg::Question { id, multiple: false, categories } => m.pick(
                format!("設問 '{id}': 単一回答 ({categories} 選択肢、回答にある値)"),
                format!("question '{id}': single answer ({categories} categories: the values found)"),
            ),
            InitMsg::Skipped { column, values } => m.pick(
                format!("列 '{column}' は設問にしなかった (値が {values} 種類: 自由記述か数値。必要なら手で加える)"),
                format!("column '{column}' not proposed as a question ({values} distinct values: free text or numbers; add it by hand if needed)"),
            ),
            InitMsg::MissingRole { role } => m.pick(
                format!("注意: {role} の列が見つからない。survey.json の unit_columns.{role} に列名を書く"),
                format!("note: no column found for {role}; write its header in unit_columns.{role} of survey.json"),
            ),
            InitMsg::SheetRead { sheet, skipped, header_row, above } => {
                let rows = |sep: &str| above.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(sep);
                let mut ja = format!("シート「{sheet}」の {header_row} 行目を見出しとして読んだ");
                let mut en = format!("read sheet '{sheet}' with row {header_row} as the headers");
                if !skipped.is_empty() {
                    ja.push_str(&format!(" (シート「{}」には表がないので飛ばした)", skipped.join("」「")));
                    en.push_str(&format!(" (passed over sheet{} '{}': no table)", if skipped.len() > 1 { "s" } else { "" }, skipped.join("', '")));
                }
                if !above.is_empty() {
                    ja.push_str(&format!("。見出しより上の {} 行目 (表題・注記) は読まない", rows("・")));
                    en.push_str(&format!("; row{} {} above the headers (a title, notes) left out", if above.len() > 1 { "s" } else { "" }, rows(", ")));
                }
                ja.push_str("。違うときは --sheet と --header-row で指定する");
                en.push_str("; if that is wrong, say which with --sheet and --header-row");
                m.pick(ja, en)
            }
            InitMsg::Check => m.pick(
                "確かめること: title と各 label (ファイルの見出しのまま。英語でも出力するなら {\"ja\": …, \"en\": …} と書く)、選択肢の順序 (順序のある設問は \"ordered\": true)、無回答の値 (missing_values)、グルーピングの levels。renkei describe --survey DIR で一覧できる".into(),
                "check: the title and every label (as the file's headers say; write {\"ja\": …, \"en\": …} for output in both languages), the order of categories (\"ordered\": true for ordinal questions), the values meaning no answer (missing_values), the groupings' levels; renkei describe --survey DIR lists them".into(),
            ),
        }
    }
}

/// The label init gives a grouping it proposes, by its kind and scheme.
pub fn grouping_label(by: GroupingKind, scheme: Option<IndustryScheme>) -> Label {
    use GroupingKind as K;
    use IndustryScheme as S;
    let (ja, en) = match (by, scheme) {
        (K::ClassGroup, _) => ("市区町村別", "by municipality class"),
        (K::Industry, Some(S::City)) => ("都市の産業類型別", "cities by industry structure"),
        (K::Industry, _) => (
            "町村の産業類型別",
            "towns and villages by industry structure",
        ),
        (K::PopulationBand, Some(S::City)) => ("都市の人口区分別", "cities by population band"),
        (K::PopulationBand, _) => ("町村の人口区分別", "towns and villages by population band"),
        (K::Ruiji, Some(S::City)) => (
            "都市の類似団体区分別",
            "cities by similar-municipality type",
        ),
        (K::Ruiji, _) => (
            "町村の類似団体区分別",
            "towns and villages by similar-municipality type",
        ),
        (K::Column, _) => ("都道府県別", "by prefecture"),
    };
    Label::new(ja, en)
}
