//! Clitic readings of the words `marsad_text::words` cuts (the same cut
//! as the alias keys, so that both always agree).

use compact_str::{format_compact, CompactString};
use marsad_text::normalize::search_key_compact;
use smallvec::SmallVec;

use marsad_text::words::keyed_readings;
pub use marsad_text::words::{phrase_key, splits, words, Split, Word};

/// A reading of a word with its proclitics stripped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// Search key of the reading (with `ال` restored after `لل`).
    pub key: CompactString,
    /// Code points of the word before the reading's span starts.
    pub skip: usize,
}

/// The readings of one word; most words have one or two.
pub type Readings = SmallVec<[Reading; 2]>;

/// Readings of `word` (its text): unsplit first, then clitic-stripped
/// (`وقوات` → `قوات`, `للجيش` → `الجيش`, `بحركة` → `حركة`).
pub fn readings(word: &str) -> Readings {
    let key = search_key_compact(word);
    readings_keyed(word, &key, &splits(word, &key))
}

/// [`readings`] of a word whose search key (`key`) and clitic splits
/// (`splits`, from [`splits`] with that key) are already known.
pub fn readings_keyed(word: &str, key: &CompactString, splits: &[Split]) -> Readings {
    let mut out = Readings::new();
    for (prefix_len, skey) in keyed_readings(key, splits) {
        let Some(prefix) = word.get(..prefix_len) else {
            continue;
        };
        // Keys fold character by character: the prefix's key is what
        // precedes the stem's in the word's.
        let pkey = key
            .get(..key.len().saturating_sub(skey.len()))
            .unwrap_or("");
        let skey = skey.clone();
        if skey.is_empty() {
            continue;
        }
        let skip = prefix.chars().count();
        if pkey.ends_with("لل") && !skey.starts_with("ال") {
            // للجيش: ل + (ا)ل + جيش; the span keeps the whole word.
            let k = format_compact!("ال{skey}");
            if !out.iter().any(|r| r.key == k) {
                out.push(Reading { key: k, skip: 0 });
            }
        }
        // A name never takes the article: `السورية` is an adjective, not
        // `سورية`; `الحماس` is zeal, not `حماس`. Readings that strip the
        // article (`ال`, `وال`, `بال`, `لل`) are not names.
        if pkey.ends_with("ال") || pkey.ends_with("لل") {
            continue;
        }
        if !out.iter().any(|r| r.key == skey) {
            out.push(Reading { key: skey, skip });
        }
    }
    if out.is_empty() {
        out.push(Reading {
            key: key.clone(),
            skip: 0,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clitic_readings() {
        let keys = |w: &str| {
            readings(w)
                .into_iter()
                .map(|r| r.key.into_string())
                .collect::<Vec<_>>()
        };
        assert!(keys("للجيش").contains(&"الجيش".to_string()));
        assert!(keys("وقوات").contains(&"قوات".to_string()));
        assert!(keys("بحركة").contains(&"حركه".to_string()));
        assert!(keys("والنظام").contains(&"النظام".to_string()));
        // The article is never stripped: no `سوريه` reading of `السورية`.
        assert!(!keys("السورية").contains(&"سوريه".to_string()));
        assert!(!keys("بالجيش").contains(&"جيش".to_string()));
        assert!(keys("بالجيش").contains(&"الجيش".to_string()));
    }
}
