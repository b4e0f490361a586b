//! Long-format data files (standardized-ratio strata, plan indicators,
//! checklist answers): their columns found by name — the English key or one
//! of its Japanese names — and their fields read as numbers with the file,
//! line, column and value in every error.

use super::returns::{RawRecord, RawTable};
use crate::error::InputError;
use crate::messages::data_errors::DataExpected;
use crate::messages::errors::{ColumnRole, Expected};

/// A column a data file has or may have.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The English name (the documented key).
    pub key: &'static str,
    /// Other header names accepted for it (Japanese first).
    pub aliases: &'static [&'static str],
    pub required: bool,
}

impl Field {
    pub const fn required(key: &'static str, aliases: &'static [&'static str]) -> Self {
        Field {
            key,
            aliases,
            required: true,
        }
    }

    pub const fn optional(key: &'static str, aliases: &'static [&'static str]) -> Self {
        Field {
            key,
            aliases,
            required: false,
        }
    }
}

/// How headers are compared: surrounding spaces (ASCII and full-width)
/// ignored, ASCII case ignored, and a bracketed note at the end left out
/// (plans print 「目標値 ＜平成34年度＞」, 「現状 ＜中間評価時点＞」,
/// 「受診者数（人）」): [`header_note`] gives it.
fn normalized(header: &str) -> String {
    let trimmed = header.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let (name, _) = split_note(trimmed);
    name.to_ascii_lowercase()
}

const BRACKETS: [(char, char); 6] = [
    ('(', ')'),
    ('（', '）'),
    ('<', '>'),
    ('＜', '＞'),
    ('【', '】'),
    ('[', ']'),
];

/// A header split into its name and a bracketed note at its end, where
/// the name is not empty.
fn split_note(header: &str) -> (&str, Option<&str>) {
    let Some(last) = header.chars().last() else {
        return (header, None);
    };
    let Some(&(open, _)) = BRACKETS.iter().find(|(_, close)| *close == last) else {
        return (header, None);
    };
    match header.rfind(open) {
        Some(i) => {
            let name = header[..i].trim_end_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
            if name.is_empty() {
                (header, None)
            } else {
                (
                    name,
                    Some(&header[i + open.len_utf8()..header.len() - last.len_utf8()]),
                )
            }
        }
        None => (header, None),
    }
}

/// A header without the bracketed note at its end (`人口` of
/// 「人口（令和2年国勢調査）」, `第3次産業就業者比率` of 「第3次産業就業者比率(%)」).
pub fn header_name(header: &str) -> &str {
    split_note(header.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')).0
}

/// The bracketed note at the end of a header (`平成34年度` of 「目標値 ＜平成34年度＞」).
pub fn header_note(header: &str) -> Option<&str> {
    split_note(header.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')).1
}

/// The positions of `fields` in `table`'s header (`None` for an optional
/// field that is absent). Every missing required column is reported at once.
pub fn locate(table: &RawTable, fields: &[Field]) -> Result<Vec<Option<usize>>, Vec<InputError>> {
    let headers: Vec<String> = table.headers.iter().map(|h| normalized(h)).collect();
    let mut errors = Vec::new();
    // Every (field, rank of the name matched, header) pair; a name a field
    // lists earlier is more specific to it (its key, then its aliases in
    // order). Headers are given out most specific first, one field each, so
    // that 「目標 | 現状 | 目標値」 reads 目標値 as the target and 目標 as the
    // item, where both fields list 目標.
    let mut matches: Vec<(usize, usize, usize)> = Vec::new();
    for (fi, f) in fields.iter().enumerate() {
        let names = std::iter::once(f.key).chain(f.aliases.iter().copied());
        for (rank, n) in names.enumerate() {
            for (hi, h) in headers.iter().enumerate() {
                if *h == normalized(n) {
                    matches.push((rank, fi, hi));
                }
            }
        }
    }
    matches.sort_unstable();
    let mut positions: Vec<Option<usize>> = vec![None; fields.len()];
    let mut taken = vec![false; headers.len()];
    for &(_, fi, hi) in &matches {
        if positions[fi].is_none() && !taken[hi] {
            positions[fi] = Some(hi);
            taken[hi] = true;
        }
    }
    for (fi, f) in fields.iter().enumerate() {
        match positions[fi] {
            None if f.required => errors.push(missing_column(table, f)),
            None => {}
            Some(first) => {
                // Another header that only this field names: two columns
                // for one field, which cannot be guessed between.
                if let Some(&(_, _, other)) = matches
                    .iter()
                    .find(|&&(_, g, h)| g == fi && h != first && !taken[h])
                {
                    errors.push(
                        table
                            .error(Expected::Data(DataExpected::OneColumnFor {
                                key: f.key.to_string(),
                                other: table.headers[other].clone(),
                            }))
                            .line(1)
                            .column(table.headers[first].clone()),
                    );
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(positions)
    } else {
        Err(errors)
    }
}

/// The error for a column the table lacks: its names, and the header found.
pub fn missing_column(table: &RawTable, f: &Field) -> InputError {
    table
        .error(Expected::Column {
            name: f.key.to_string(),
            role: ColumnRole::Field {
                aliases: f.aliases.iter().map(|a| a.to_string()).collect(),
            },
            header: table.headers.clone(),
        })
        .line(1)
        .column(f.key)
}

/// The columns `locate` gave to no field and that hold something (a
/// header or a value): they would otherwise be ignored in silence.
pub fn unrecognised(table: &RawTable, positions: &[Option<usize>]) -> Vec<usize> {
    (0..table.headers.len())
        .filter(|j| !positions.contains(&Some(*j)))
        .filter(|&j| {
            !table.headers[j].trim().is_empty()
                || table
                    .records
                    .iter()
                    .any(|r| j < r.fields.len() && !r.fields[j].trim().is_empty())
        })
        .collect()
}

/// A field of a record, with what is needed to report a problem with it.
pub struct FieldRef<'a> {
    pub table: &'a RawTable,
    pub record: &'a RawRecord,
    pub column: usize,
}

impl<'a> FieldRef<'a> {
    /// The field's text, trimmed (ASCII and full-width spaces).
    pub fn text(&self) -> &'a str {
        let raw: &'a str = &self.record.fields[self.column];
        raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
    }

    /// An error about this field, its value shown as it is in the file.
    pub fn error(&self, expected: DataExpected) -> InputError {
        self.table
            .error(Expected::Data(expected))
            .line(self.record.line)
            .column(self.table.headers[self.column].clone())
            .value(self.record.fields[self.column].to_string())
    }

    /// A number written as spreadsheets and statistical tables write them:
    /// full-width digits and signs accepted, thousands separators (`1,234`)
    /// accepted only in groups of three.
    pub fn number(&self) -> Option<f64> {
        parse_number(self.text())
    }
}

/// Parses a decimal number: ASCII or full-width digits, an optional sign, a
/// decimal point, and commas only as thousands separators in groups of three.
pub fn parse_number(s: &str) -> Option<f64> {
    let ascii: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '，' => ',',
            '－' | '−' => '-',
            '＋' => '+',
            c => c,
        })
        .collect();
    let unsigned = ascii.trim_start_matches(['+', '-']);
    if unsigned.is_empty() || ascii.len() - unsigned.len() > 1 {
        return None;
    }
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    if let Some(f) = fraction
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let digits_ok = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if !groups.iter().all(|g| digits_ok(g)) {
        return None;
    }
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return None;
    }
    let plain: String = ascii.chars().filter(|&c| c != ',').collect();
    plain.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_tables_print_them() {
        assert_eq!(parse_number("1,234"), Some(1234.0));
        assert_eq!(parse_number("１２．５"), Some(12.5));
        assert_eq!(parse_number("-0.5"), Some(-0.5));
        assert_eq!(parse_number("12,34"), None);
        assert_eq!(parse_number("1,2345"), None);
        assert_eq!(parse_number("1.2.3"), None);
        assert_eq!(parse_number("--1"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("1e400"), None);
        assert_eq!(parse_number("‐"), None);
    }

    #[test]
    fn bracketed_notes_in_headers() {
        assert_eq!(normalized("目標値 ＜平成34年度＞"), "目標値");
        assert_eq!(normalized("現状（中間評価時点）"), "現状");
        assert_eq!(normalized("(人)"), "(人)");
        assert_eq!(header_note("目標値 ＜平成34年度＞"), Some("平成34年度"));
        assert_eq!(header_note("目標値"), None);
    }
}
