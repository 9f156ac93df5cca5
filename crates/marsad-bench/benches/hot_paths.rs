//! Focused timings of marsad's hot paths, so that a regression shows up as
//! one number: `cargo bench -p marsad-bench` (divan; add `-- NAME` to filter).
//!
//! The input is the example article `examples/articles/aleppo-shelling.txt`
//! (no data outside the repository is needed).
//!
//! Feature extraction and Viterbi decoding are private to `marsad-ner`;
//! they are measured through the closest public functions: `Model::tag_with`
//! on one sentence (features + Viterbi + rules), `Model::tag_document` on the
//! whole article (adds the two-stage document memory).

use std::sync::Arc;

use divan::{black_box, Bencher};
use marsad_core::{Document, Meta, Source};
use marsad_ner::{Model, TagScratch};
use marsad_places::{matcher, Gazetteer};
use marsad_text::normalize::{search_key, FoldOptions, NormalizedString};
use marsad_text::{sentences, tokenize, TextScratch, TextStage};

const ARTICLE: &str = include_str!("../../../examples/articles/aleppo-shelling.txt");

fn main() {
    divan::main();
}

/// Words of the article as the NER model sees them (text-stage tokens), by sentence.
/// Borrowed words of [`sentences_words`], as the taggers take them.
fn as_strs(sents: &[Vec<String>]) -> Vec<Vec<&str>> {
    sents
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect()
}

fn sentences_words() -> Vec<Vec<String>> {
    let mut doc = Document::new(ARTICLE.to_string(), Source::default(), Meta::default());
    marsad_text::analyze(&mut doc);
    let chars: Vec<char> = doc.text.chars().collect();
    doc.sentences
        .iter()
        .map(|s| {
            doc.tokens
                .iter()
                .filter(|t| t.start >= s.start && t.end <= s.end)
                .map(|t| chars[t.start..t.end].iter().collect())
                .collect()
        })
        .filter(|w: &Vec<String>| !w.is_empty())
        .collect()
}

fn model() -> Arc<Model> {
    Model::builtin().expect("shipped NER model")
}

// ---------------------------------------------------------------- text layer

#[divan::bench]
fn normalise(bencher: Bencher) {
    let opts = FoldOptions::default();
    bencher
        .counter(divan::counter::BytesCount::of_str(ARTICLE))
        .bench(|| NormalizedString::new(black_box(ARTICLE), &opts));
}

#[divan::bench]
fn tokenise(bencher: Bencher) {
    bencher
        .counter(divan::counter::BytesCount::of_str(ARTICLE))
        .bench(|| tokenize::tokenize(black_box(ARTICLE)));
}

#[divan::bench]
fn normalise_and_tokenise(bencher: Bencher) {
    let opts = FoldOptions::default();
    bencher
        .counter(divan::counter::BytesCount::of_str(ARTICLE))
        .bench(|| {
            let n = NormalizedString::new(black_box(ARTICLE), &opts);
            tokenize::tokenize(n.normalized()).len()
        });
}

#[divan::bench]
fn sentence_split(bencher: Bencher) {
    bencher
        .counter(divan::counter::BytesCount::of_str(ARTICLE))
        .bench(|| sentences::split(black_box(ARTICLE)));
}

/// The whole `text` stage: sentences, tokens, search keys, clitics.
#[divan::bench]
fn text_stage(bencher: Bencher) {
    let stage = TextStage::new();
    let mut scratch = TextScratch::default();
    bencher
        .counter(divan::counter::BytesCount::of_str(ARTICLE))
        .with_inputs(|| Document::new(ARTICLE.to_string(), Source::default(), Meta::default()))
        .bench_local_refs(|doc| stage.run(doc, &mut scratch));
}

// ---------------------------------------------------------------- NER

/// Features + constrained Viterbi + rules on each sentence in turn
/// (the private feature extractor and decoder, through `tag_with`).
#[divan::bench]
fn ner_tag_sentences(bencher: Bencher) {
    let m = model();
    let sents = sentences_words();
    let refs = as_strs(&sents);
    let n: usize = refs.iter().map(Vec::len).sum();
    let mut scratch = TagScratch::default();
    bencher
        .counter(divan::counter::ItemsCount::new(n))
        .bench_local(|| {
            let mut k = 0usize;
            for s in &refs {
                k += m.tag_with(black_box(s), &mut scratch).len();
            }
            k
        });
}

/// The whole article as one document (two-stage model with document memory).
#[divan::bench]
fn ner_tag_document(bencher: Bencher) {
    let m = model();
    let sents = sentences_words();
    let refs = as_strs(&sents);
    let n: usize = refs.iter().map(Vec::len).sum();
    bencher
        .counter(divan::counter::ItemsCount::new(n))
        .bench_local(|| m.tag_document(black_box(&refs)));
}

/// The same article as the NER stage tags it in a long run: with a
/// per-thread word cache that has already seen its words (every sentence
/// then costs cache lookups and context templates only).
#[divan::bench]
fn ner_tag_document_warm_cache(bencher: Bencher) {
    let m = model();
    let sents = sentences_words();
    let refs = as_strs(&sents);
    let n: usize = refs.iter().map(Vec::len).sum();
    let mut scratch = TagScratch::cached();
    m.tag_document_with(&refs, &mut scratch);
    bencher
        .counter(divan::counter::ItemsCount::new(n))
        .bench_local(|| m.tag_document_with(black_box(&refs), &mut scratch));
}

/// Loading the shipped model from its embedded bytes (not the cached `builtin`).
#[divan::bench(sample_count = 20)]
fn ner_model_from_bytes(bencher: Bencher) {
    let bytes = model().to_bytes();
    bencher.bench(|| Model::from_bytes(black_box(&bytes)).expect("model"));
}

// ---------------------------------------------------------------- places

/// Exact lookups of every word's search key in the embedded gazetteer.
#[divan::bench]
fn gazetteer_lookup(bencher: Bencher) {
    let g = Gazetteer::embedded().expect("gazetteer");
    let keys: Vec<String> = matcher::words(ARTICLE)
        .into_iter()
        .map(|w| w.key.into_string())
        .collect();
    bencher
        .counter(divan::counter::ItemsCount::new(keys.len()))
        .bench(|| {
            keys.iter()
                .map(|k| g.lookup(black_box(k)).len())
                .sum::<usize>()
        });
}

/// Prefix probes (how the matcher extends multi-word names).
#[divan::bench]
fn gazetteer_has_prefix(bencher: Bencher) {
    let g = Gazetteer::embedded().expect("gazetteer");
    let keys: Vec<String> = matcher::words(ARTICLE)
        .into_iter()
        .map(|w| format!("{} ", w.key))
        .collect();
    bencher
        .counter(divan::counter::ItemsCount::new(keys.len()))
        .bench(|| keys.iter().filter(|k| g.has_prefix(black_box(k))).count());
}

/// Cutting the text into matcher words with their search keys.
#[divan::bench]
fn matcher_words(bencher: Bencher) {
    bencher
        .counter(divan::counter::BytesCount::of_str(ARTICLE))
        .bench(|| matcher::words(black_box(ARTICLE)));
}

#[divan::bench]
fn search_key_word(bencher: Bencher) {
    bencher.bench(|| search_key(black_box("والمملكة")));
}
