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
mod corpus;
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
mod train_common;
mod weights;
mod word_index;

pub use conll::{parse_conll, read_conll, read_conll_with, remove_overlapping, Sentence};
pub use corpus::{evaluate, tag_conll, tag_sentences};
pub use error::NerError;
pub use eval::{spans, Counts, Report, Span};
pub use features::groups;
pub use lexicon::Lexicon;
pub use model::{Model, TagScratch, MEM_WINDOW};
pub use stage::{NerScratch, NerStage, SPEC};
pub use tags::{fold_tag, fold_type, Tag, TagFolding, N_TAGS, TYPES};
pub use train::{train, train_with, tune_o_bias};
pub use train_common::{EpochReport, TrainConfig};
