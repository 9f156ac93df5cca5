//! The `text` stage (sentences, tokens, search keys and clitics) and the
//! `words` stage (the words name matching reads).

use std::ops::Range;

use marsad_core::{
    Document, Layer, Morph, Sentence, SentenceId, Stage, StageError, StageSpec, Token, TokenId,
    TokenKind,
};

use crate::tokenize::RawToken;
use crate::{clitics, normalize, sentences, tokenize};

/// Fills [`Document::sentences`] and [`Document::tokens`]. Holds no state:
/// segmenters are compiled-data statics, buffers live in [`TextScratch`].
#[derive(Debug, Clone, Copy, Default)]
pub struct TextStage;

impl TextStage {
    pub fn new() -> Self {
        Self
    }

    /// Annotates `doc` with the given scratch buffers.
    pub fn run(&self, doc: &mut Document, scratch: &mut TextScratch) {
        annotate(doc, scratch);
    }
}

/// Per-thread buffers reused between documents.
#[derive(Debug, Default)]
pub struct TextScratch {
    sentences: Vec<Range<usize>>,
    tokens: Vec<RawToken>,
}

/// The `text` stage's declaration.
pub const TEXT_SPEC: StageSpec = StageSpec {
    name: "text",
    reads: &[],
    uses: &[],
    writes: &[Layer::Sentences, Layer::Tokens],
};

impl Stage for TextStage {
    type Scratch = TextScratch;

    fn spec(&self) -> &'static StageSpec {
        &TEXT_SPEC
    }

    fn scratch(&self) -> TextScratch {
        TextScratch::default()
    }

    fn annotate(&self, doc: &mut Document, scratch: &mut TextScratch) -> Result<(), StageError> {
        annotate(doc, scratch);
        Ok(())
    }
}

/// Fills [`Document::name_words`]: the words, with their search keys and
/// clitic readings, that the actor linker and the geoparser match names on,
/// cut once for both.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordsStage;

/// The `words` stage's declaration.
pub const WORDS_SPEC: StageSpec = StageSpec {
    name: "words",
    reads: &[],
    uses: &[],
    writes: &[Layer::NameWords],
};

impl Stage for WordsStage {
    type Scratch = ();

    fn spec(&self) -> &'static StageSpec {
        &WORDS_SPEC
    }

    fn scratch(&self) {}

    fn annotate(&self, doc: &mut Document, _: &mut ()) -> Result<(), StageError> {
        crate::words::attach(doc);
        Ok(())
    }
}

/// Runs the text stage on `doc` with throw-away buffers.
pub fn analyze(doc: &mut Document) {
    annotate(doc, &mut TextScratch::default());
    doc.layers.insert(Layer::Sentences);
    doc.layers.insert(Layer::Tokens);
}

/// Byte → code-point offsets for increasing byte positions, counting only
/// the text between consecutive queries (no per-document table).
struct CharCursor<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCursor<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// Code-point offset of `byte` (a char boundary, ≥ the last query).
    #[inline]
    fn at(&mut self, byte: usize) -> usize {
        if byte >= self.byte {
            self.chars += count_chars(&self.text.as_bytes()[self.byte..byte]);
        } else {
            self.chars -= count_chars(&self.text.as_bytes()[byte..self.byte]);
        }
        self.byte = byte;
        self.chars
    }
}

/// Number of chars in UTF-8 bytes: the bytes that are not continuation
/// bytes.
#[inline]
fn count_chars(b: &[u8]) -> usize {
    b.iter().filter(|&&x| (x as i8) >= -0x40).count()
}

fn annotate(doc: &mut Document, s: &mut TextScratch) {
    let text = doc.text.as_str();
    sentences::split_into(text, &mut s.sentences);
    tokenize::tokenize_into(text, &mut s.tokens);
    reconcile(&mut s.sentences, &s.tokens);

    doc.sentences.clear();
    let mut cur = CharCursor::new(text);
    for r in &s.sentences {
        let start = cur.at(r.start);
        let end = cur.at(r.end);
        doc.sentences.push(Sentence {
            id: SentenceId::at(doc.sentences.len()),
            start,
            end,
        });
    }

    doc.tokens.clear();
    doc.tokens.reserve(s.tokens.len());
    let mut cur = CharCursor::new(text);
    let mut si = 0;
    for t in &s.tokens {
        while si + 1 < s.sentences.len() && s.sentences[si].end <= t.start {
            si += 1;
        }
        let word = &text[t.start..t.end];
        let start = cur.at(t.start);
        let mut morphs = Vec::new();
        if t.kind == TokenKind::Word {
            let a = clitics::analyze(word);
            if a.has_clitics() {
                morphs.reserve_exact(a.morphs().len());
                for m in a.morphs() {
                    let ms = cur.at(t.start + m.start);
                    let me = cur.at(t.start + m.end);
                    morphs.push(Morph {
                        start: ms,
                        end: me,
                        kind: m.kind,
                    });
                }
            }
        }
        let end = cur.at(t.end);
        let norm = normalize::search_key_compact(word);
        doc.tokens.push(Token {
            id: TokenId::at(doc.tokens.len()),
            start,
            end,
            kind: t.kind,
            norm,
            sentence: SentenceId::at(si),
            morphs,
            bytes: (t.start, t.end),
        });
    }
}

/// Merges sentences that a token crosses, so every token lies inside one
/// sentence (ICU's sentence and word rules differ on a few inputs, such
/// as `x.Y`, which is one word but two sentences).
fn reconcile(sents: &mut Vec<Range<usize>>, tokens: &[RawToken]) {
    let mut j = 0;
    for t in tokens {
        while j < sents.len() && sents[j].end <= t.start {
            j += 1;
        }
        if j == sents.len() {
            // Not covered (cannot happen: sentences cover all non-space).
            sents.push(t.start..t.end);
            continue;
        }
        if t.start < sents[j].start {
            sents[j].start = t.start;
        }
        while t.end > sents[j].end {
            if j + 1 < sents.len() {
                let next = sents.remove(j + 1);
                sents[j].end = next.end;
            } else {
                sents[j].end = t.end;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_core::{MorphKind, Source};

    fn doc(text: &str) -> Document {
        let mut d = Document::new(text.to_string(), Source::default(), Default::default());
        analyze(&mut d);
        d
    }

    #[test]
    fn fills_sentences_tokens_norms_and_morphs() {
        let d = doc("قالَ وزيرُ الخارجية: «سنعود إلى حلب».\nوأضاف أن ٣ قتلى سقطوا بالرقة.");
        assert_eq!(d.sentences.len(), 2);
        assert_eq!(
            d.slice(d.sentences[0].start, d.sentences[0].end),
            Some("قالَ وزيرُ الخارجية: «سنعود إلى حلب».")
        );
        let words: Vec<_> = d
            .tokens
            .iter()
            .map(|t| d.slice(t.start, t.end).unwrap())
            .collect();
        assert_eq!(words[0], "قالَ");
        assert_eq!(d.tokens[0].norm, "قال");
        let kharijiya = &d.tokens[2];
        assert_eq!(kharijiya.norm, "الخارجيه");
        assert_eq!(kharijiya.morphs.len(), 2);
        assert_eq!(kharijiya.morphs[0].kind, MorphKind::Article);
        let (ss, se) = kharijiya.stem();
        assert_eq!(d.slice(ss, se), Some("خارجية"));
        // no clitic, no morphs
        assert!(d.tokens[1].morphs.is_empty());
        let three = d.tokens.iter().find(|t| t.norm == "3").unwrap();
        assert_eq!(three.kind, TokenKind::Number);
        assert_eq!(three.sentence, SentenceId(1));
        for (i, t) in d.tokens.iter().enumerate() {
            assert_eq!(t.id.to_string(), format!("t{i}"));
        }
        assert_eq!(d.sentences[1].id.to_string(), "s1");
        let raqqa = d.tokens.iter().find(|t| t.norm == "بالرقه").unwrap();
        assert_eq!(raqqa.morphs.len(), 3);
        assert_eq!(d.slice(raqqa.start, raqqa.end), Some("بالرقة"));
        assert_eq!(&d.text[raqqa.bytes.0..raqqa.bytes.1], "بالرقة");
        assert_eq!(d.tokens.last().unwrap().kind, TokenKind::Punct);
    }

    #[test]
    fn stage_trait_reuses_scratch() {
        let st = TextStage::new();
        assert_eq!(st.spec().name, "text");
        let mut scratch = st.scratch();
        let mut a = Document::new("أ ب. ج".into(), Source::default(), Default::default());
        st.annotate(&mut a, &mut scratch).unwrap();
        let mut b = Document::new("د".into(), Source::default(), Default::default());
        st.annotate(&mut b, &mut scratch).unwrap();
        assert_eq!(b.tokens.len(), 1);
        assert_eq!(b.sentences.len(), 1);
        // running twice gives the same result
        let before = a.clone();
        st.annotate(&mut a, &mut scratch).unwrap();
        assert_eq!(a, before);
    }

    #[test]
    fn token_crossing_icu_sentence_boundary_merges() {
        let d = doc("see x.Yz now");
        assert_eq!(d.sentences.len(), 1);
        for t in &d.tokens {
            let s = d.sentences[t.sentence.index()];
            assert!(s.start <= t.start && t.end <= s.end);
        }
    }

    #[test]
    fn empty_document() {
        let d = doc("");
        assert!(d.sentences.is_empty() && d.tokens.is_empty());
        let d = doc(" \n ");
        assert!(d.sentences.is_empty() && d.tokens.is_empty());
    }

    #[test]
    fn reconcile_merges() {
        let mut s = vec![0..3, 4..6, 7..9];
        let t = [RawToken {
            start: 2,
            end: 8,
            kind: TokenKind::Word,
        }];
        reconcile(&mut s, &t);
        assert_eq!(s, vec![0..9]);
    }
}
