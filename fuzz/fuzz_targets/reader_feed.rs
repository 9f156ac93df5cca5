#![no_main]
//! The feed reader must never panic, and every document it returns must be
//! non-empty with a content id.

use libfuzzer_sys::fuzz_target;
use marsad_readers::{Format, ReadOptions};

fuzz_target!(|data: &[u8]| {
    // feed-rs's own panics are caught by the reader and become errors;
    // libFuzzer's abort hook, kept for every other panic, must not see them.
    marsad_readers::quiet_feed_parser_panics();
    let opts = ReadOptions {
        max_bytes: 1 << 20,
        ..ReadOptions::default()
    };
    for doc in marsad_readers::read_bytes("fuzz-input", data, Format::Feed, &opts).into_iter().flatten() {
        assert!(!doc.text.trim().is_empty());
        assert_eq!(doc.id, marsad_core::content_id(&doc.text));
    }
});
