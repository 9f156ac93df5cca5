#![no_main]
//! The normaliser's alignment map must send every normalised char back to
//! a range of the original on char boundaries; the text stage's spans must
//! slice the text exactly.

use libfuzzer_sys::fuzz_target;
use marsad_core::{Document, Meta, Source};
use marsad_text::normalize::{FoldOptions, NormalizedString};

fuzz_target!(|s: &str| {
    for opts in [FoldOptions::SEARCH_KEY, FoldOptions::MODEL_FEATURE] {
        let n = NormalizedString::new(s, &opts);
        let norm = n.normalized();
        for (i, c) in norm.char_indices() {
            if let Some(r) = n.original_range(i..i + c.len_utf8()) {
                assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
                assert!(r.start <= r.end && r.end <= s.len());
            }
        }
    }
    // The search key's fast paths (a table for the Arabic block, a stack
    // buffer) agree with folding character by character.
    let key = marsad_text::normalize::search_key(s);
    assert_eq!(key, NormalizedString::new(s, &FoldOptions::SEARCH_KEY).normalized());
    assert_eq!(marsad_text::normalize::search_key_compact(s).as_str(), key);
    // A word's clitic splits carry their stems' own keys.
    for w in marsad_text::words::words(s) {
        let word = &s[w.start..w.end];
        for x in &w.splits {
            assert_eq!(x.key, marsad_text::normalize::search_key(&word[x.prefix_len..]));
        }
    }
    let mut doc = Document::new(s.to_string(), Source::default(), Meta::default());
    marsad_text::analyze(&mut doc);
    for (what, start, end, _) in doc.spans() {
        assert!(doc.slice(start, end).is_some(), "{what} {start}..{end}");
    }
});
