#![no_main]
//! The warc reader must never panic, and every document it returns must be
//! non-empty with a content id.

use libfuzzer_sys::fuzz_target;
use marsad_readers::{Format, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let opts = ReadOptions {
        max_bytes: 1 << 20,
        ..ReadOptions::default()
    };
    for doc in marsad_readers::read_bytes("fuzz-input", data, Format::Warc, &opts).into_iter().flatten() {
        assert!(!doc.text.trim().is_empty());
        assert_eq!(doc.id, marsad_core::content_id(&doc.text));
    }
});
