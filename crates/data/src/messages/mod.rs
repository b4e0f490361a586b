//! The data layer's catalogue: what an input should have held
//! ([`errors::Expected`], [`data_errors::DataExpected`]) and what a command
//! line cannot do ([`errors::Usage`]), each worded in Japanese and English
//! side by side. It sits here, beside the types it words, so that every layer
//! above can return the one [`crate::error::Error`]; the sentences of
//! reports are the report crate's catalogue.

pub mod data_errors;
pub mod errors;
pub mod names;
