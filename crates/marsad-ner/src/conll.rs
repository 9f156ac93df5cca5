//! CoNLL-style corpora: `token TAG` per line, blank line between sentences.

use std::io::{BufRead, BufReader};
use std::path::Path;

use crate::error::NerError;
use crate::tags::{fold_tag, repair, Tag, TagFolding};

/// One sentence: its tokens and (gold, or predicted) tags, same length.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub tags: Vec<Tag>,
}

impl Sentence {
    /// A sentence with every tag O (for tagging raw tokens).
    pub fn untagged<S: Into<String>>(tokens: impl IntoIterator<Item = S>) -> Self {
        let tokens: Vec<String> = tokens.into_iter().map(Into::into).collect();
        let tags = vec![Tag::O; tokens.len()];
        Sentence { tokens, tags }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// Reads a CoNLL file with the default tag folding (see [`read_conll_with`]).
pub fn read_conll(path: impl AsRef<Path>) -> Result<Vec<Sentence>, NerError> {
    read_conll_with(path, TagFolding::default())
}

/// Reads a CoNLL file tolerantly: the token is the first column and the tag
/// the last; corpus tags are folded to BIO over PER/ORG/LOC/MISC and
/// repaired to valid BIO; lines with a single column get O; `-DOCSTART-`
/// lines end a sentence.
pub fn read_conll_with(
    path: impl AsRef<Path>,
    folding: TagFolding,
) -> Result<Vec<Sentence>, NerError> {
    let path = path.as_ref();
    let file = std::fs::File::open(path).map_err(|e| NerError::io(path, e))?;
    parse_conll(BufReader::new(file), folding).map_err(|e| NerError::io(path, e))
}

/// Parses CoNLL text from any reader (see [`read_conll_with`]).
pub fn parse_conll(reader: impl BufRead, folding: TagFolding) -> std::io::Result<Vec<Sentence>> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let flush = |cur: &mut Sentence, out: &mut Vec<Sentence>| {
        if !cur.is_empty() {
            repair(&mut cur.tags);
            out.push(std::mem::take(cur));
        }
    };
    for line in reader.lines() {
        let line = line?;
        let line = line.trim_start_matches('\u{feff}');
        let mut cols = line.split_whitespace();
        let Some(token) = cols.next() else {
            flush(&mut cur, &mut out);
            continue;
        };
        if token == "-DOCSTART-" {
            flush(&mut cur, &mut out);
            continue;
        }
        let tag = cols.last().map_or(Tag::O, |t| fold_tag(t, folding));
        cur.tokens.push(token.to_string());
        cur.tags.push(tag);
    }
    flush(&mut cur, &mut out);
    Ok(out)
}

/// Letters shared with a reference set that make a sentence a copy: a
/// run of this many folded letters, spaces ignored.
const CHAR_RUN: usize = 25;

/// Drops sentences of `sents` sharing any `n`-token sequence (compared on
/// folded keys) or any run of 25 folded letters (spaces ignored) with
/// `reference`: corpora that re-annotate the same text (NewsFANE re-uses
/// ANERcorp, splitting the conjunction و off and dropping hamzas, so
/// token n-grams alone miss much of it) must not leak a dev or test set
/// into training.
pub fn remove_overlapping(sents: Vec<Sentence>, reference: &[Sentence], n: usize) -> Vec<Sentence> {
    use crate::hash::{combine, hash_str, IdSet};
    let n = n.max(1);
    let grams = |s: &Sentence| -> Vec<u64> {
        let keys: Vec<u64> = s
            .tokens
            .iter()
            .map(|t| hash_str(&crate::key::fold(t)))
            .collect();
        keys.windows(n.min(keys.len().max(1)))
            .map(|w| w.iter().fold(0u64, |h, &k| combine(h, k)))
            .collect()
    };
    let runs = |s: &Sentence| -> Vec<u64> {
        let letters: Vec<u64> = s
            .tokens
            .iter()
            .flat_map(|t| crate::key::fold(t).chars().collect::<Vec<_>>())
            .filter(|c| !c.is_whitespace())
            .map(|c| c as u64)
            .collect();
        letters
            .windows(CHAR_RUN)
            .map(|w| w.iter().fold(!0u64, |h, &k| combine(h, k)))
            .collect()
    };
    let mut seen = IdSet::default();
    for s in reference {
        seen.extend(grams(s));
        seen.extend(runs(s));
    }
    sents
        .into_iter()
        .filter(|s| !grams(s).iter().chain(&runs(s)).any(|g| seen.contains(g)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tolerantly() {
        let text =
            "\u{feff}زار B-PERS\nعمان I-PERS\n\nفي O\nغزة I-LOC\nمنفرد\n-DOCSTART- O\nس B-MIS-1\n";
        let s = parse_conll(text.as_bytes(), TagFolding::default()).unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].tokens, ["زار", "عمان"]);
        assert_eq!(s[0].tags[1].to_string(), "I-PER");
        // I- after O is repaired to B-.
        assert_eq!(s[1].tags[1].to_string(), "B-LOC");
        assert_eq!(s[1].tags[2], Tag::O);
        assert_eq!(s[2].tags[0].to_string(), "B-MISC");
    }

    #[test]
    fn overlap_ignores_tokenisation() {
        let f = TagFolding::default();
        let r = parse_conll(
            "والصادرات O\nوهي O\nتسعى O\nلأن O\nيبلغ O\nالإنتاج O\n".as_bytes(),
            f,
        )
        .unwrap();
        let s = parse_conll(
            "و O\nالصادرات O\nو O\nهي O\nتسعي O\nلان O\nيبلغ O\nالانتاج O\n\nغزة O\n".as_bytes(),
            f,
        )
        .unwrap();
        let kept = remove_overlapping(s, &r, 6);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].tokens, ["غزة"]);
    }
}
