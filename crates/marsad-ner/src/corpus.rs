//! Tagging and scoring whole corpora.

use std::io::Write;

use crate::conll::Sentence;
use crate::error::NerError;
use crate::eval::Report;
use crate::model::{Model, TagScratch};
use crate::tags::Tag;

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
