//! Reading input: returns files, survey definitions and published tables.
//! Nothing here types units or computes statistics.

pub mod counts;
pub mod published;
pub mod returns;
pub mod survey;
