//! The wording of `renkei describe`.

use crate::input::survey::GroupingKind;
use crate::municipality::IndustryScheme;
use crate::report::messages::{Messages, Wording};

#[derive(Debug, Clone, PartialEq)]
pub enum DescribeMsg {
    UnitColumns,
    Questions,
    Groupings,
    Role,
    Column,
    Id,
    Label,
    Type,
    Categories,
    By,
    Levels,
    Filter,
    Single,
    SingleOrdered,
    Multiple,
    ValuesFound,
    RuijiTypes,
    AllCodes,
    /// "code=label / …" in the output's language.
    Coded(Vec<(String, crate::text::Label)>),
    /// Labels joined by " / ".
    Labels(Vec<crate::text::Label>),
    /// What a grouping types units by (its `by`, `scheme` and `column`).
    GroupingBy {
        by: GroupingKind,
        scheme: Option<IndustryScheme>,
        column: Option<String>,
    },
}

impl Wording for DescribeMsg {
    fn words(&self, m: Messages) -> String {
        use DescribeMsg as D;
        match self {
            D::GroupingBy { by, scheme, column } => {
                let scheme = match scheme {
                    Some(IndustryScheme::City) => m.pick("都市".into(), "city".into()),
                    Some(IndustryScheme::Town) => m.pick("町村".into(), "town".into()),
                    None => String::new(),
                };
                let column = column.clone().unwrap_or_default();
                return match by {
                    GroupingKind::ClassGroup => m.pick("市区町村区分".into(), "class-group".into()),
                    GroupingKind::Industry => m.pick(
                        format!("産業類型 ({scheme})"),
                        format!("industry ({scheme})"),
                    ),
                    GroupingKind::Column => {
                        m.pick(format!("列 ({column})"), format!("column ({column})"))
                    }
                    GroupingKind::PopulationBand => m.pick(
                        format!("人口区分 ({scheme})"),
                        format!("population-band ({scheme})"),
                    ),
                    GroupingKind::Ruiji => m.pick(
                        format!("類似団体区分 ({scheme})"),
                        format!("ruiji ({scheme})"),
                    ),
                };
            }
            D::Coded(items) => {
                return items
                    .iter()
                    .map(|(c, l)| format!("{c}={}", l.get(m.lang)))
                    .collect::<Vec<_>>()
                    .join(" / ");
            }
            D::Labels(items) => {
                return items
                    .iter()
                    .map(|l| l.get(m.lang).to_string())
                    .collect::<Vec<_>>()
                    .join(" / ");
            }
            _ => {}
        }
        let (ja, en) = match self {
            D::UnitColumns => ("団体の列", "Unit columns"),
            D::Questions => ("設問", "Questions"),
            D::Groupings => ("グルーピング", "Groupings"),
            D::Role => ("役割", "Role"),
            D::Column => ("列", "Column"),
            D::Id => ("id", "id"),
            D::Label => ("表示名", "Label"),
            D::Type => ("種類", "Type"),
            D::Categories => ("選択肢 (コード=表示名)", "Categories (code=label)"),
            D::By => ("分け方", "By"),
            D::Levels => ("列 (levels)", "Levels"),
            D::Filter => ("絞り込み", "Filter"),
            D::Single => ("単一回答", "single answer"),
            D::SingleOrdered => ("単一回答 (順序あり)", "single answer (ordered)"),
            D::Multiple => ("複数回答", "multiple answers"),
            D::ValuesFound => (
                "回答ファイルにある値 (並べ替え)",
                "the values found in the returns, sorted",
            ),
            D::RuijiTypes => (
                "人口区分 × 産業類型のうち回答にある型",
                "band × industry types present in the returns",
            ),
            D::AllCodes => ("すべての類型", "every code"),
            D::Coded(_) | D::Labels(_) | D::GroupingBy { .. } => ("", ""),
        };
        m.pick(ja.into(), en.into())
    }
}
