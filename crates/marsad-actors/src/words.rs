//! Words cut from the text with their search keys, the same way alias
//! keys are cut from knowledge-base names, so that both always agree
//! whatever tokens the text stage wrote.

use marsad_text::clitics::candidates;
use marsad_text::normalize::search_key;

/// A word of the text: byte and code-point ranges, search key, and
/// whether it may continue a phrase begun by the word before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub cstart: usize,
    pub cend: usize,
    pub key: String,
    /// Only spaces, quotes, tatweel or a dash separate it from the
    /// previous word (`هيئة «تحرير الشام»` is one phrase; a comma or a
    /// full stop ends a phrase).
    pub joins: bool,
}

#[inline]
fn is_word_char(c: char) -> bool {
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

/// Words of `text`.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    let mut joins = true;
    let mut ci = 0usize;
    let push = |out: &mut Vec<Word>, sb: usize, sc: usize, eb: usize, ec: usize, j: bool| {
        out.push(Word {
            start: sb,
            end: eb,
            cstart: sc,
            cend: ec,
            key: search_key(&text[sb..eb]),
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
    for (i, w) in words(name).iter().enumerate() {
        if i > 0 {
            k.push(' ');
        }
        k.push_str(&w.key);
    }
    k
}

/// A reading of a word with its proclitics stripped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// Search key of the reading (with `ال` restored after `لل`).
    pub key: String,
    /// Code points of the word before the reading's span starts.
    pub skip: usize,
}

/// Readings of `word` (its text): unsplit first, then clitic-stripped
/// (`وقوات` → `قوات`, `للجيش` → `الجيش`, `بحركة` → `حركة`).
pub fn readings(word: &str) -> Vec<Reading> {
    let mut out: Vec<Reading> = Vec::with_capacity(4);
    for c in candidates(word) {
        let Some(stem) = word.get(c.stem.clone()) else {
            continue;
        };
        let Some(prefix) = word.get(..c.prefix_len) else {
            continue;
        };
        let pkey = search_key(prefix);
        let skey = search_key(stem);
        if skey.is_empty() {
            continue;
        }
        let skip = prefix.chars().count();
        if pkey.ends_with("لل") && !skey.starts_with("ال") {
            // للجيش: ل + (ا)ل + جيش; the span keeps the whole word.
            let k = format!("ال{skey}");
            if !out.iter().any(|r| r.key == k) {
                out.push(Reading { key: k, skip: 0 });
            }
        }
        if !out.iter().any(|r| r.key == skey) {
            out.push(Reading { key: skey, skip });
        }
    }
    if out.is_empty() {
        out.push(Reading {
            key: search_key(word),
            skip: 0,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_join_commas_do_not() {
        let w = words("هيئة «تحرير الشام»، والجيش");
        assert_eq!(w.len(), 4);
        assert!(w[1].joins && w[2].joins);
        assert!(!w[3].joins);
        assert_eq!(phrase_key("هيئة «تحرير الشام»"), "هيئه تحرير الشام");
    }

    #[test]
    fn clitic_readings() {
        let keys = |w: &str| readings(w).into_iter().map(|r| r.key).collect::<Vec<_>>();
        assert!(keys("للجيش").contains(&"الجيش".to_string()));
        assert!(keys("وقوات").contains(&"قوات".to_string()));
        assert!(keys("بحركة").contains(&"حركه".to_string()));
        assert!(keys("والنظام").contains(&"النظام".to_string()));
    }
}
