//! Arabic named-entity recognition for marsad: PER, ORG, LOC, MISC in BIO.
//!
//! A structured averaged perceptron over hashed features (word keys,
//! clitic-stripped stems, affixes, shapes, a ±2 window, bigrams, place and
//! actor gazetteers, trigger words, word clusters) with Viterbi decoding
//! constrained to valid BIO, then a small rule layer. Trained by marsad in
//! pure Rust; the shipped model is `models/ner/ner-ar.bin`.

pub mod brown;
pub mod clusters;
mod conll;
mod crf;
mod error;
mod eval;
mod features;
mod hash;
mod key;
pub mod lexicon;
mod memory;
mod model;
mod rules;
mod stage;
mod tags;
mod train;
mod weights;
mod word_index;

use std::io::Write;

pub use conll::{parse_conll, read_conll, read_conll_with, remove_overlapping, Sentence};
pub use error::NerError;
pub use eval::{spans, Counts, Report, Span};
pub use features::groups;
pub use lexicon::Lexicon;
pub use model::{Model, TagScratch, MEM_WINDOW};
pub use stage::{NerScratch, NerStage, SPEC};
pub use tags::{fold_tag, fold_type, Tag, TagFolding, N_TAGS, TYPES};
pub use train::{train, train_with, tune_o_bias, EpochReport, TrainConfig};

/// Tags sentences in corpus order (a two-stage model uses the
/// neighbouring sentences as document context).
pub fn tag_sentences(model: &Model, sents: &[Sentence]) -> Vec<Vec<Tag>> {
    let words: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.tokens.iter().map(String::as_str).collect())
        .collect();
    model.tag_document_with(&words, &mut TagScratch::cached())
}

/// Tags `sents` with `model` and scores the result against their gold tags.
pub fn evaluate(model: &Model, sents: &[Sentence]) -> Report {
    let mut report = Report::default();
    for (s, pred) in sents.iter().zip(tag_sentences(model, sents)) {
        report.add(&s.tags, &pred);
    }
    report
}

/// Writes `token gold predicted` lines, a blank line after each sentence
/// (the input format of conlleval).
pub fn tag_conll(model: &Model, sents: &[Sentence], mut out: impl Write) -> Result<(), NerError> {
    for (s, pred) in sents.iter().zip(tag_sentences(model, sents)) {
        for ((w, g), p) in s.tokens.iter().zip(&s.tags).zip(&pred) {
            writeln!(out, "{w} {g} {p}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}
