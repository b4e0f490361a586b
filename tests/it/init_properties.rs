//! Issue 35: `init` never fails inside (exit 3) on a generated sheet. Over
//! workbooks of random shape — a notes sheet or none, title rows, headers
//! from the words surveys use (unit columns, question stems, options with
//! 「・」, duplicates, blanks), cells of numbers, text, 無回答 and gaps —
//! the returns are read as `init` reads them; then either reading stops
//! with an input error, or the proposal is a definition the reader accepts
//! and the returns are typed by it or refused with an input error. An
//! internal error anywhere is a bug.

use proptest::prelude::*;
use renkei::error::Error;
use renkei::input::returns::{TextEncoding, read_returns};
use renkei::input::survey::{DEFINITION_FILE, parse_definition};

const HEADERS: [&str; 16] = [
    "市町村名",
    "区分",
    "団体コード",
    "人口（令和2年国勢調査）",
    "第2次・第3次産業就業者比率(%)",
    "第3次産業就業者比率(%)",
    "都道府県",
    "問1 実施状況",
    "問2 連携機関_協会けんぽ",
    "問2 連携機関_商工会議所・商工会",
    "問2 連携機関_労働基準監督署",
    "問3",
    "備考",
    "",
    "区分",
    "id",
];

const TEXTS: [&str; 12] = [
    "市",
    "町",
    "村",
    "特別区",
    "政令市",
    "無回答",
    "NA",
    "はい",
    "いいえ",
    "積極的に実施",
    "A県",
    " ",
];

/// A cell: nothing, a number (whole or not) or a text.
#[derive(Debug, Clone)]
enum Cell {
    Empty,
    Number(f64),
    Text(usize),
}

fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        2 => Just(Cell::Empty),
        3 => (0u32..6).prop_map(|n| Cell::Number(f64::from(n))),
        1 => (0u32..100_000).prop_map(|n| Cell::Number(f64::from(n) / 10.0)),
        4 => (0usize..TEXTS.len()).prop_map(Cell::Text),
    ]
}

#[derive(Debug, Clone)]
struct Book {
    notes_sheet: bool,
    title_rows: usize,
    headers: Vec<usize>,
    rows: Vec<Vec<Cell>>,
}

fn book() -> impl Strategy<Value = Book> {
    let headers = prop_oneof![
        1 => proptest::collection::vec(0usize..HEADERS.len(), 1..9),
        // Mostly: the name and the class first, then anything.
        2 => proptest::sample::subsequence((2usize..HEADERS.len() - 2).collect::<Vec<_>>(), 0..7)
            .prop_map(|rest| {
            let mut h = vec![0, 1];
            h.extend(rest);
            h
        }),
    ];
    (any::<bool>(), 0usize..3, headers)
        .prop_flat_map(|(notes_sheet, title_rows, headers)| {
            let width = headers.len();
            (
                Just(notes_sheet),
                Just(title_rows),
                Just(headers),
                proptest::collection::vec(proptest::collection::vec(cell(), width), 0..12),
            )
        })
        .prop_map(|(notes_sheet, title_rows, headers, rows)| Book {
            notes_sheet,
            title_rows,
            headers,
            rows,
        })
}

fn write(book: &Book, path: &std::path::Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    if book.notes_sheet {
        let notes = wb.add_worksheet().set_name("記入要領").unwrap();
        notes.write_string(0, 0, "記入要領: 各設問に回答").unwrap();
    }
    let sheet = wb.add_worksheet().set_name("回答").unwrap();
    for t in 0..book.title_rows {
        sheet
            .write_string(t as u32, 0, format!("表題 {t}"))
            .unwrap();
    }
    let top = book.title_rows as u32;
    for (c, h) in book.headers.iter().enumerate() {
        if !HEADERS[*h].is_empty() {
            sheet.write_string(top, c as u16, HEADERS[*h]).unwrap();
        }
    }
    // The name and class columns hold what they should, so that many books
    // get past typing and the whole of init's path is tried.
    const CLASSES: [&str; 5] = ["市", "町", "村", "特別区", "政令市"];
    for (r, row) in book.rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let header = HEADERS[book.headers[c]];
            let (r, c) = (top + 1 + r as u32, c as u16);
            if header == "市町村名" {
                sheet.write_string(r, c, format!("第{r}町")).unwrap();
                continue;
            }
            if header == "区分" {
                sheet.write_string(r, c, CLASSES[r as usize % 5]).unwrap();
                continue;
            }
            match v {
                Cell::Empty => {}
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                Cell::Text(t) => {
                    sheet.write_string(r, c, TEXTS[*t]).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

fn not_internal(e: &Error, what: &str, book: &Book) {
    assert!(
        !matches!(e, Error::Internal(_)),
        "{what}: internal error {e:?} on {book:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn init_never_fails_inside(book in book()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("returns.xlsx");
        write(&book, &path);
        let raw = match read_returns(&path, TextEncoding::Auto, None) {
            Ok(raw) => raw,
            Err(e) => {
                not_internal(&e, "reading", &book);
                return Ok(());
            }
        };
        let proposal = renkei::analyses::init::propose(&raw, "survey", "returns.xlsx");
        let json = serde_json::to_string_pretty(&proposal.definition).unwrap();
        let definition = dir.path().join(DEFINITION_FILE);
        // What init writes must load (init stops with exit 3 otherwise).
        if let Err(e) = parse_definition(&definition, &json) {
            panic!("init proposed a definition it refuses: {e:?}\n{json}\non {book:?}");
        }
        std::fs::write(&definition, &json).unwrap();
        if let Err(e) = renkei::load_survey(dir.path(), None, TextEncoding::Auto, None) {
            not_internal(&e, "typing the returns", &book);
        }
    }
}
