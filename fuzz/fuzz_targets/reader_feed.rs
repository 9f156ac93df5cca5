#![no_main]
//! The feed reader must never panic, and every document it returns must be
//! non-empty with a content id.

use libfuzzer_sys::fuzz_target;
use marsad_readers::{Format, ReadOptions};

fuzz_target!(|data: &[u8]| {
    // feed-rs's own panics are caught by the reader and become errors;
    // libFuzzer's hook would abort on them before the reader could. Any
    // other panic still aborts.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_feed_rs = info
                .location()
                .is_some_and(|l| l.file().contains("/feed-rs-"));
            if !in_feed_rs {
                default(info);
                std::process::abort();
            }
        }));
    });
    let opts = ReadOptions {
        max_bytes: 1 << 20,
        ..ReadOptions::default()
    };
    for doc in marsad_readers::read_bytes("fuzz-input", data, Format::Feed, &opts).into_iter().flatten() {
        assert!(!doc.text.trim().is_empty());
        assert_eq!(doc.id, marsad_core::content_id(&doc.text));
    }
});
