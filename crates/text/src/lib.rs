//! The two output languages and the names of things in them.
//!
//! Everything renkei computes is language-neutral until a renderer draws it:
//! a table's rows and columns carry [`Name`]s — a bilingual [`Label`] (a
//! survey category, a class group) or a plain name that exists in one
//! language only (a printed Japanese title, a row number) — and the
//! renderer picks the language. Sentences are messages of the catalogue
//! (renkei's message catalogue), never strings built in an analysis.

use serde::{Deserialize, Serialize};
use std::cell::Cell;

/// An output language. Japanese is the default everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    /// The text in this language, of the two given.
    pub fn pick<T>(self, ja: T, en: T) -> T {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    /// The BCP 47 tag (`<html lang>`).
    pub fn tag(self) -> &'static str {
        self.pick("ja", "en")
    }
}

/// A label in both languages, as survey definitions give them; or in the
/// user's one language, written as plain text (`"label": "実施状況"`), which
/// is then the label in both. A label whose two languages are the same
/// text is written back as plain text, so a definition in one language
/// stays in one language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "LabelForm")]
pub struct Label {
    pub ja: String,
    pub en: String,
}

/// The two ways a definition may write a label.
#[derive(Deserialize, Serialize, schemars::JsonSchema)]
#[serde(
    untagged,
    expecting = "a label: text in one language (\"実施状況\"), or both languages ({\"ja\": \"…\", \"en\": \"…\"})"
)]
enum LabelForm {
    /// The label in the user's one language.
    Plain(String),
    Both(BothLanguages),
}

/// A label in both languages.
#[derive(Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct BothLanguages {
    ja: String,
    en: String,
}

impl From<LabelForm> for Label {
    fn from(f: LabelForm) -> Label {
        match f {
            LabelForm::Plain(s) => Label {
                ja: s.clone(),
                en: s,
            },
            LabelForm::Both(b) => Label { ja: b.ja, en: b.en },
        }
    }
}

impl Serialize for Label {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.ja == self.en {
            s.serialize_str(&self.ja)
        } else {
            BothLanguages {
                ja: self.ja.clone(),
                en: self.en.clone(),
            }
            .serialize(s)
        }
    }
}

impl schemars::JsonSchema for Label {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Label".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        LabelForm::json_schema(generator)
    }
}

impl Label {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Label {
            ja: ja.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.ja, &self.en)
    }

    /// Whether the label was given in one language only (the same text in
    /// both).
    pub fn one_language(&self) -> bool {
        self.ja == self.en
    }
}

/// The name of a row, a column or a table: bilingual, or in one language only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name {
    Label(Label),
    Plain(String),
}

impl Name {
    /// The name in `lang` (a plain name is the same in both).
    pub fn get(&self, lang: Lang) -> &str {
        match self {
            Name::Label(l) => l.get(lang),
            Name::Plain(s) => s,
        }
    }

    /// The Japanese form: what printed (Japanese) tables are compared with.
    pub fn ja(&self) -> &str {
        self.get(Lang::Ja)
    }
}

impl From<Label> for Name {
    fn from(l: Label) -> Self {
        Name::Label(l)
    }
}
impl From<String> for Name {
    fn from(s: String) -> Self {
        Name::Plain(s)
    }
}
impl From<&str> for Name {
    fn from(s: &str) -> Self {
        Name::Plain(s.to_string())
    }
}
impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        matches!(self, Name::Plain(s) if s == other)
    }
}

impl<'de> Deserialize<'de> for Name {
    /// A string (one language) or `{"ja": …, "en": …}` (both).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(
            untagged,
            expecting = "a text: \"…\" or {\"ja\": \"…\", \"en\": \"…\"}"
        )]
        enum Either {
            Plain(String),
            Label(Label),
        }
        Ok(match Either::deserialize(d)? {
            Either::Plain(s) => Name::Plain(s),
            Either::Label(l) => Name::Label(l),
        })
    }
}

thread_local! {
    /// The language names are serialized in; set only by [`serialize_in`].
    static SERIALIZE_LANG: Cell<Lang> = const { Cell::new(Lang::Ja) };
}

/// Runs `f` (a serialization) with names and messages serialized in `lang`.
///
/// serde has no way to pass a context to `Serialize`, and the JSON contract
/// wants a name as one string in the output's language; the language is
/// therefore held for the duration of one serialization on this thread.
pub fn serialize_in<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    let before = SERIALIZE_LANG.replace(lang);
    let out = f();
    SERIALIZE_LANG.set(before);
    out
}

/// The language of the serialization under way ([`serialize_in`]).
pub fn serialization_lang() -> Lang {
    SERIALIZE_LANG.get()
}

impl Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.get(serialization_lang()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_serialize_in_the_scoped_language() {
        let n = Name::Label(Label::new("市", "City"));
        let ja = serialize_in(Lang::Ja, || serde_json::to_string(&n).unwrap());
        let en = serialize_in(Lang::En, || serde_json::to_string(&n).unwrap());
        assert_eq!((ja.as_str(), en.as_str()), ("\"市\"", "\"City\""));
        let plain = serialize_in(Lang::En, || {
            serde_json::to_string(&Name::from("表3")).unwrap()
        });
        assert_eq!(plain, "\"表3\"");
    }
}
