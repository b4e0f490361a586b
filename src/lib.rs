//! renkei: statistics of municipal health-collaboration (地域・職域連携) surveys.
//!
//! Layers, each in its own folder and each unaware of the ones after it
//! (docs/architecture.md draws the map):
//!
//! 1. [`input`] reads files: returns (CSV in UTF-8 / Shift_JIS, JSON,
//!    spreadsheets), survey definitions, counts and published tables;
//! 2. [`units`] types each return by the survey definition, using
//!    [`municipality`] for class groups, 類似団体 industry codes and code
//!    check digits;
//! 3. [`tabulate`] builds a question × grouping
//!    [`tabulate::table::ContingencyTable`], accounting for every unit, and
//!    the slides' n-and-% layout;
//! 4. [`stats`] tests independence on a table (it never sees a file);
//! 5. [`analyses`] turn tables and tests into a language-neutral
//!    [`report::Report`] — sections of blocks whose sentences are messages
//!    of one catalogue ([`report::messages`]);
//! 6. [`render`] draws a report in any format and either language, deciding
//!    nothing; the `renkei` binary (its `cli` modules) only maps flags to these calls.
//!
//! The statistics work on any table, without a survey:
//!
//! ```
//! use renkei::stats::analyze;
//! use renkei::tabulate::table::ContingencyTable;
//!
//! // 表5: status (rows) by town-and-village industry code (columns).
//! let t = ContingencyTable::from_rows(&[
//!     vec![1, 1, 1],
//!     vec![3, 3, 0],
//!     vec![0, 2, 0],
//!     vec![4, 12, 0],
//! ]);
//! let a = analyze(&t);
//! let x = a.pearson.unwrap();
//! assert_eq!(x.df, 6);
//! assert!((x.p - 0.09435).abs() < 1e-5);
//! assert!(!a.expected.unwrap().cochran_ok);
//! // Cochran's rule fails, so the exact test ran: p = 0.2218.
//! assert!(matches!(a.exact, renkei::stats::ExactOutcome::Done(r) if (r.p - 0.2218).abs() < 1e-4));
//! ```

// Input errors carry file, sheet, line, column, value and expectation; they
// are rare and reported once, so their size in a Result does not matter.
#![allow(clippy::result_large_err)]

pub mod analyses;

pub use renkei_data::{
    error, input, load_survey, load_survey_with, municipality, standard_population, tabulate, units,
};
pub use renkei_report as report;
pub use renkei_report::render;
pub use renkei_stats as stats;
pub use renkei_text as text;
