//! Holds renkei's criterion benchmarks (`benches/statistics.rs`); the
//! library is empty. Run them with `cargo bench -p renkei-bench`.
