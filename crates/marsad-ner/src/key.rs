//! Word keys for features and lexicon lookup, on top of `marsad_text`:
//! the search-key fold (harakat/tatweel stripped, alef/yeh/teh-marbuta
//! folded, digits ASCII, NFKC, lowercase) and its clitic analysis.
//! The model file records [`KEY_VERSION`] so a model trained with one
//! keying is never silently used with another.

use std::ops::Range;

use marsad_core::MorphKind;
use marsad_text::clitics;
use marsad_text::normalize::{fold_into as text_fold_into, FoldOptions};

/// Bumped whenever folding or stemming changes the keys.
pub const KEY_VERSION: u32 = 2;

/// Proclitic flags.
pub const CONJ: u8 = 1;
pub const PREP: u8 = 2;
pub const ART: u8 = 4;
pub const FUT: u8 = 8;

/// Appends the folded key of `word` to `out`.
pub fn fold_into(word: &str, out: &mut String) {
    text_fold_into(word, &FoldOptions::SEARCH_KEY, out);
}

pub fn fold(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    fold_into(word, &mut s);
    s
}

/// The keys of one word, as ranges of a shared buffer.
#[derive(Debug, Clone)]
pub struct Keys {
    pub key: Range<usize>,
    /// The conservative clitic-stripped stem.
    pub stem: Range<usize>,
    /// The most stripped reading (also splits a bare و/ف/ب/ل: right for
    /// وقال, wrong for وزير; features let the model weigh it).
    pub loose: Range<usize>,
    pub flags: u8,
}

/// Appends the folded key, stem and loose stem of `word` to `buf`.
pub fn keys_into(word: &str, buf: &mut String) -> Keys {
    let a = buf.len();
    fold_into(word, buf);
    let key = a..buf.len();
    let an = clitics::analyze(word);
    let mut flags = 0;
    for m in an.morphs() {
        flags |= match m.kind {
            MorphKind::Conjunction => CONJ,
            MorphKind::Preposition => PREP,
            MorphKind::Article => ART,
            MorphKind::Future => FUT,
            MorphKind::Stem => 0,
        };
    }
    let stem = if an.has_clitics() {
        let s = buf.len();
        fold_into(word.get(an.stem()).unwrap_or(word), buf);
        s..buf.len()
    } else {
        key.clone()
    };
    let loose = match clitics::candidates(word).last() {
        Some(c) if c.prefix_len > an.prefix_len() => {
            let s = buf.len();
            fold_into(c.stem_str(word), buf);
            s..buf.len()
        }
        _ => stem.clone(),
    };
    Keys {
        key,
        stem,
        loose,
        flags,
    }
}

/// The folded stem of `word`.
pub fn stem(word: &str) -> String {
    let mut buf = String::new();
    let k = keys_into(word, &mut buf);
    buf[k.stem].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(fold("إِسْلامِيّة"), "اسلاميه");
        assert_eq!(fold("٢٠١٥"), "2015");
        let mut b = String::new();
        let k = keys_into("والقاهرة", &mut b);
        assert_eq!(&b[k.stem.clone()], "قاهره");
        assert_eq!(k.flags, CONJ | ART);
        b.clear();
        let k = keys_into("للأمم", &mut b);
        assert_eq!(&b[k.stem.clone()], "امم");
        assert_eq!(stem("بالعراق"), "عراق");
        assert_eq!(stem("وزير"), "وزير");
    }
}
