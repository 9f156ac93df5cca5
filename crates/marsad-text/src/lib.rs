//! marsad's Arabic text layer.
//!
//! * [`normalize`]: folding (harakat, tatweel, alef/yeh/teh marbuta,
//!   digits, NFKC, case) with an alignment map back to the original;
//! * [`tokenize`]: word tokens (UAX #29 plus Arabic fixes);
//! * [`clitics`]: proclitic analysis (و ف ب ك ل س ال) and alternative
//!   readings for lexicon lookups;
//! * [`lexicon`]: month, weekday, era and number-word tables and their fold,
//!   shared by dates, quantities and the readers;
//! * [`sentences`]: sentence spans (UAX #29 plus Arabic news fixes);
//! * [`TextStage`]: the `text` stage that fills `Document::sentences` and
//!   `Document::tokens`, and [`WordsStage`], the `words` stage that cuts
//!   `Document::name_words` for name matching.
//!
//! Internally everything works on byte offsets; the stage publishes
//! code-point offsets as the document model requires.

mod chars;
pub use chars::is_letter;
pub mod clitics;
pub mod lexicon;
pub mod name_table;
pub mod normalize;
pub mod romanize;
pub mod search;
pub mod sentences;
mod stage;
pub mod tokenize;
pub mod words;

pub use normalize::{fold_into, search_key, FoldOptions, NormalizedString};
pub use stage::{analyze, TextScratch, TextStage, WordsStage, TEXT_SPEC, WORDS_SPEC};
