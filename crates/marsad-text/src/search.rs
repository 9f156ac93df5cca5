//! Search terms: the one folding used both to index a text and to read a
//! query, so that `بالموصل`, `الموصله` and `الموصل` meet on one term.
//!
//! A word's term is its stem after the conservative clitic analysis
//! ([`crate::clitics::analyze`]: و ف, ب ك ل, س, ال), folded with the
//! search key (harakat, tatweel, alef forms, ى/ي, ة→ه, digits, case),
//! with one final ه dropped when three letters stay (ة and the pronoun
//! ـه: مدينة/مدينه, كتابه). Full-text engines (SQLite FTS5, PostgreSQL
//! `tsvector`) then index these terms as plain words.

use std::ops::Range;

use crate::chars::is_arabic_word_extend;

/// Letters of the shortest stem a final ه is dropped from.
const MIN_STEM: usize = 3;

fn is_word_char(c: char) -> bool {
    // Arabic letters first: the general Unicode tables are a slow path.
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
        || c.is_alphanumeric()
        || is_arabic_word_extend(c)
}

/// The words of `text`, as byte ranges: runs of letters, digits and the
/// marks that extend Arabic words (harakat, tatweel).
pub fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut it = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = it.peek() {
            if is_word_char(c) {
                break;
            }
            it.next();
        }
        let (start, _) = *it.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = it.peek() {
            if !is_word_char(c) {
                break;
            }
            end = i + c.len_utf8();
            it.next();
        }
        Some(start..end)
    })
}

/// Appends the term of one word to `out` (nothing for a word that folds
/// to nothing, such as a lone haraka).
pub fn term_into(word: &str, out: &mut String) {
    let analysis = crate::clitics::analyze(word);
    let stem = &word[analysis.stem()];
    let from = out.len();
    crate::normalize::search_key_into(stem, out);
    let folded = &out[from..];
    if folded.ends_with('ه') && folded.chars().count() > MIN_STEM {
        out.truncate(out.len() - 'ه'.len_utf8());
    }
}

/// The term of one word.
pub fn term(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    term_into(word, &mut s);
    s
}

/// The terms of `text`, space-separated: what a full-text index stores
/// and what a query is matched with.
pub fn index_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in words(text) {
        let before = out.len();
        if before > 0 && !out.ends_with(' ') {
            out.push(' ');
        }
        let mark = out.len();
        term_into(&text[w], &mut out);
        if out.len() == mark {
            out.truncate(before);
        }
    }
    out
}

/// The distinct terms of a query, in order.
pub fn query_terms(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for w in words(query) {
        let t = term(&query[w]);
        if !t.is_empty() && !terms.contains(&t) {
            terms.push(t);
        }
    }
    terms
}

/// A short passage of `text` around the first words whose terms are in
/// `terms`: the passage and the code-point ranges of the matching words
/// within it. Without a match, the opening of the text.
pub fn snippet(text: &str, terms: &[String], max_chars: usize) -> (String, Vec<(usize, usize)>) {
    let mut buf = String::new();
    let mut hits: Vec<Range<usize>> = Vec::new();
    for w in words(text) {
        buf.clear();
        term_into(&text[w.clone()], &mut buf);
        if terms.contains(&buf) {
            hits.push(w);
        }
    }
    let first = hits.first().map_or(0, |r| r.start);
    // Start a third of the window before the first hit, at a word start.
    let back = max_chars / 3;
    let start_at = text[..first].char_indices().rev().take(back).last();
    let mut start = start_at.map_or(first, |(i, _)| i);
    if start > 0 {
        if let Some((sp, c)) = text[start..first]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
        {
            start += sp + c.len_utf8();
        }
    }
    let mut end = text[start..]
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(i, _)| start + i);
    if end < text.len() {
        if let Some(sp) = text[start..end].rfind(char::is_whitespace) {
            if sp > 0 {
                end = start + sp;
            }
        }
    }
    let passage = text[start..end].trim_end();
    let offset_chars = |b: usize| text[start..b].chars().count();
    let ranges = hits
        .iter()
        .filter(|r| r.start >= start && r.end <= start + passage.len())
        .map(|r| (offset_chars(r.start), offset_chars(r.end)))
        .collect();
    (passage.to_string(), ranges)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text, any query, any width: no panic, and every highlight
        /// is a word of the passage whose term is a query term.
        #[test]
        fn snippets_never_panic_and_mark_matching_words(
            text in "[ \u{a0}\u{2009}،.a-zبحلموصاة\u{64e}\u{640}]{0,200}",
            query in "[ بحلموصاة]{0,12}",
            width in 1usize..80,
        ) {
            let terms = query_terms(&query);
            let (s, hl) = snippet(&text, &terms, width);
            prop_assert!(text.contains(&s));
            let chars: Vec<char> = s.chars().collect();
            for (a, b) in hl {
                prop_assert!(a < b && b <= chars.len());
                let w: String = chars[a..b].iter().collect();
                prop_assert!(terms.contains(&term(&w)), "{:?} not a match", w);
            }
        }
    }

    #[test]
    fn clitics_and_endings_meet_on_one_term() {
        let t = term("الموصل");
        assert_eq!(t, "موصل");
        assert_eq!(term("بالموصل"), t);
        assert_eq!(term("الموصله"), t);
        assert_eq!(term("والموصل"), t);
        assert_eq!(term("مدينة"), term("المدينه"));
        assert_eq!(term("إدلب"), term("ادلب"));
        assert_eq!(term("مُسْتَشْفَى"), term("مستشفي"));
        assert_eq!(term("الأخبـــار"), term("الاخبار"));
        // Exceptions keep their first letter: بيروت is not ب + يروت.
        assert_eq!(term("بيروت"), "بيروت");
        assert_eq!(term("Mosul"), "mosul");
    }

    #[test]
    fn short_stems_keep_their_final_letter() {
        // Three letters: the ه is part of the root (وجه, مياه stays long).
        assert_eq!(term("وجه"), "وجه");
        assert_eq!(term("مياه"), term("المياه"));
        assert_eq!(term("كتابه"), "كتاب");
    }

    #[test]
    fn index_text_is_terms_joined_by_spaces() {
        assert_eq!(index_text("قصفٌ على الموصل، اليوم!"), "قصف علي موصل يوم");
        assert_eq!(index_text(" ، "), "");
        assert_eq!(query_terms("الموصل بالموصل حلب"), vec!["موصل", "حلب"]);
    }

    #[test]
    fn snippet_marks_the_words_that_match() {
        let text = "خبر أول. ثم وقع انفجار في بالموصل صباح اليوم.";
        let (s, hl) = snippet(text, &query_terms("الموصل"), 200);
        assert_eq!(s, text);
        assert_eq!(hl.len(), 1);
        let chars: Vec<char> = s.chars().collect();
        let word: String = chars[hl[0].0..hl[0].1].iter().collect();
        assert_eq!(word, "بالموصل");
        // A long text is cut around the hit, at word boundaries.
        let long = format!("{} الموصل {}", "كلمة ".repeat(200), "أخرى ".repeat(200));
        let (s, hl) = snippet(&long, &query_terms("موصل"), 60);
        assert!(s.chars().count() <= 60, "{s}");
        assert!(!s.starts_with(' '));
        let chars: Vec<char> = s.chars().collect();
        let word: String = chars[hl[0].0..hl[0].1].iter().collect();
        assert_eq!(word, "الموصل");
        // Multi-byte spaces (no-break space) are cut around, not inside.
        let nbsp = format!("{} الموصل", "كلمة\u{a0}".repeat(100));
        let (s, hl) = snippet(&nbsp, &query_terms("موصل"), 30);
        assert!(s.ends_with("الموصل"), "{s}");
        assert_eq!(hl.len(), 1);
        // No match: the opening.
        let (s, hl) = snippet("نص قصير", &query_terms("حلب"), 200);
        assert_eq!((s.as_str(), hl.len()), ("نص قصير", 0));
    }
}
