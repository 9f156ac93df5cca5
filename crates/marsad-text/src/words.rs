//! Words for name matching: maximal runs of letters, digits and Arabic
//! marks, each with its search key. Gazetteer keys and actor aliases are cut
//! by this same function, so a name in the text and its key always agree.

use marsad_core::{Document, Layer};

use crate::clitics::candidates;
use crate::normalize::{search_key_compact, search_key_len};

pub use marsad_core::{NameSplit as Split, NameWord as Word};

/// The clitic-stripped readings of `word` after the unsplit one
/// ([`candidates`]), with their search keys, cut from `key`, the word's
/// own (see [`search_key_len`]).
pub fn splits(word: &str, key: &str) -> smallvec::SmallVec<[Split; 1]> {
    candidates(word)
        .skip(1)
        .filter_map(|c| {
            let at = search_key_len(word.get(..c.prefix_len)?);
            Some(Split {
                key: key.get(at..)?.into(),
                prefix_len: c.prefix_len,
            })
        })
        .collect()
}

/// A word's readings with their search keys, unsplit first: the length
/// in bytes of the stripped prefix (0 for the word itself) and the key of
/// the rest.
pub fn keyed_readings<'a>(
    key: &'a compact_str::CompactString,
    splits: &'a [Split],
) -> impl Iterator<Item = (usize, &'a compact_str::CompactString)> + 'a {
    std::iter::once((0, key)).chain(splits.iter().map(|s| (s.prefix_len, &s.key)))
}

/// Letters, digits, tatweel and Arabic marks.
#[inline]
pub fn is_word_char(c: char) -> bool {
    // Arabic letters and ASCII first: the Unicode tables are slow.
    if ('\u{0621}'..='\u{064A}').contains(&c) || c.is_ascii_alphanumeric() {
        return true;
    }
    c.is_alphanumeric()
        || c == '\u{0640}'
        || ('\u{064B}'..='\u{065F}').contains(&c)
        || c == '\u{0670}'
}

#[inline]
fn is_joiner(c: char) -> bool {
    c.is_whitespace() && c != '\n'
        || matches!(
            c,
            '«' | '»'
                | '"'
                | '“'
                | '”'
                | '„'
                | '\''
                | '‘'
                | '’'
                | '‹'
                | '›'
                | '-'
                | '–'
                | '—'
        )
}

/// Words of `text`, with their clitic splits.
pub fn words(text: &str) -> Vec<Word> {
    cut(text, true)
}

/// Fills the document's `name_words` layer (what the `words` stage does).
pub fn attach(doc: &mut Document) {
    doc.name_words = words(&doc.text);
    doc.layers.insert(Layer::NameWords);
}

/// Words of `text`; `with_splits`: cut their clitic splits too (name
/// matching needs them, phrase keys do not).
fn cut(text: &str, with_splits: bool) -> Vec<Word> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    let mut joins = true;
    let mut ci = 0usize;
    let push = |out: &mut Vec<Word>, sb: usize, sc: usize, eb: usize, ec: usize, j: bool| {
        let key = search_key_compact(&text[sb..eb]);
        out.push(Word {
            start: sb,
            end: eb,
            cstart: sc,
            cend: ec,
            splits: if with_splits {
                splits(&text[sb..eb], &key)
            } else {
                Default::default()
            },
            key,
            joins: j,
        });
    };
    for (bi, c) in text.char_indices() {
        if is_word_char(c) {
            if cur.is_none() {
                cur = Some((bi, ci));
            }
        } else {
            if let Some((sb, sc)) = cur.take() {
                push(&mut out, sb, sc, bi, ci, joins);
                joins = true;
            }
            if !is_joiner(c) {
                joins = false;
            }
        }
        ci += 1;
    }
    if let Some((sb, sc)) = cur {
        push(&mut out, sb, sc, text.len(), ci, joins);
    }
    out
}

/// The lookup key of a name: its words' search keys joined by a space.
pub fn phrase_key(name: &str) -> String {
    let mut k = String::with_capacity(name.len());
    for (i, w) in cut(name, false).iter().enumerate() {
        if i > 0 {
            k.push(' ');
        }
        k.push_str(&w.key);
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A split's key, cut from the word's key, is the stem's own key.
        #[test]
        fn split_keys_are_the_stems_keys(w in "[وفبلكسالأإآىةـًٌٍَُِّْa-zA-Z0-9حلبقرية]{1,12}") {
            let key = search_key_compact(&w);
            let want: Vec<(usize, String)> = candidates(&w)
                .skip(1)
                .map(|c| (c.prefix_len, crate::normalize::search_key(&w[c.stem])))
                .collect();
            let got: Vec<(usize, String)> = splits(&w, &key)
                .into_iter()
                .map(|s| (s.prefix_len, s.key.to_string()))
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn words_have_code_point_offsets() {
        let t = "في «حلب»، والرقة";
        let ws = words(t);
        assert_eq!(ws.len(), 3);
        assert_eq!((ws[1].cstart, ws[1].cend), (4, 7));
        assert_eq!(ws[2].key, "والرقه");
        let splits: Vec<(usize, &str)> = ws[2]
            .splits
            .iter()
            .map(|x| (x.prefix_len, x.key.as_str()))
            .collect();
        assert_eq!(splits, [(2, "الرقه"), (6, "رقه")]);
        assert!(ws[1].splits.is_empty());
    }

    #[test]
    fn quotes_join_commas_do_not() {
        let w = words("هيئة «تحرير الشام»، والجيش");
        assert_eq!(w.len(), 4);
        assert!(w[1].joins && w[2].joins);
        assert!(!w[3].joins);
        assert_eq!(phrase_key("هيئة «تحرير الشام»"), "هيئه تحرير الشام");
    }

    #[test]
    fn phrase_key_folds_each_word() {
        assert_eq!(phrase_key("دِير  الزُّور"), "دير الزور");
        assert_eq!(phrase_key("Dar'a"), "dar a");
    }
}
