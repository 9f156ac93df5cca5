//! Micro-benchmarks of marsad's hot paths live in `benches/hot_paths.rs`
//! (run with `cargo bench -p marsad-bench`); this library is empty.
