#![no_main]
//! Search terms and snippets must never panic on any text or query, and
//! every highlight must mark a word of the passage matching a query term.

use libfuzzer_sys::fuzz_target;
use marsad_text::search::{query_terms, snippet, term};

fuzz_target!(|input: (&str, &str, u8)| {
    let (text, query, width) = input;
    let terms = query_terms(query);
    let (passage, highlights) = snippet(text, &terms, usize::from(width).max(1));
    assert!(text.contains(&passage));
    let chars: Vec<char> = passage.chars().collect();
    for (a, b) in highlights {
        assert!(a < b && b <= chars.len());
        let word: String = chars[a..b].iter().collect();
        assert!(terms.contains(&term(&word)));
    }
    let _ = marsad_text::search::index_text(text);
});
