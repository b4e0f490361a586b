//! The integration tests, as one binary (one link instead of one per file):
//! each module is one concern, and `common` holds the helpers they share.
//! Run one concern with `cargo test --test it <module>::`.

mod common;

mod app;
mod app_webdriver;
mod audit;
mod bench_tables;
mod browser;
mod checklist;
mod cmh_reference;
mod encodings;
mod evaluate;
mod exact_brute_force;
mod excel_input;
mod groupings;
mod init;
mod init_properties;
mod input_errors;
mod json_contract;
mod languages;
mod mmi_reference;
mod multiple;
mod noncentral;
mod office;
mod outputs;
mod pipeline_properties;
mod pptx;
mod properties;
mod r_reference;
mod ratio;
mod ratio_reference;
mod reliability;
mod reproduce;
mod safety;
mod scale;
mod schema;
mod snapshots;
mod tab;
mod test_command;
