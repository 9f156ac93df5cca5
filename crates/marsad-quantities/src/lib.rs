//! Quantities in Arabic news: numbers in digits or words, what they
//! count, how exact they are, and what they are per.
//!
//! [`QuantitiesStage`] (stage name `"quantities"`, needs `"text"`) fills
//! [`Document::quantities`]. Each [`Quantity`] has:
//!
//! * `value`: the number (`قرابة ثلاثة آلاف عنصر` → 3000; `2.5 مليار
//!   دولار` → 2.5e9; for a range its lower end; for `عشرات`/`مئات`/`آلاف`
//!   the order of magnitude 10/100/1000 with `range` giving the bounds);
//! * `unit`: a canonical unit (`fighters`, `civilians`, `killed`,
//!   `injured`, `families`, `family members`, `people`, `children`,
//!   `soldiers`, `vehicles`, `houses`, `percent`, `km`, …) or an ISO 4217
//!   code (`USD`, `SYP`, `IQD`, `TRY`, `LBP`, `EUR`, …); an unknown noun or
//!   a currency whose country is not named (`ليرة`, `دينار`) keeps its raw
//!   text with `unit_known: false`; `unit_mention` is the noun's span;
//! * `approximate` and `qualifier` (`نحو`/`حوالي`/`قرابة` → about,
//!   `أكثر من` → more_than, `ما لا يقل عن` → at_least, `أقل من` →
//!   less_than, ranges, `عشرات` → tens …);
//! * `rate`: what the amount is per (`لكل عائلة` → family, `شهرياً` →
//!   month, `للشخص الواحد` → person).
//!
//! Numbers that are not counts are **skipped**: years (`عام 2018`, a bare
//! four-digit 1900–2100 with no unit), days before a month (`3 مارس`),
//! years after one, clock times (`الساعة 9`, `9:30`), numeric dates
//! (`3/10/2019`, `2019-10-09`), year ranges (`من 2011 إلى 2015`), phone
//! numbers (leading 0, `+`, nine digits or more with no unit), and numbers
//! in names or references (`الفرقة 17`, `القرار 2254`, `رقم 5`, `الـ17`).
//! Ordinals (`الثالث`) and article forms (`الثلاثة`) are not numbers. A
//! number with no noun after it is reported with `unit: null`.

mod extract;
pub mod lexicon;
mod numbers;

use marsad_core::{Document, Layer, Meta, Quantity, Source, Stage, StageError, StageSpec, Token};

pub use numbers::{parse_digits, parse_number};

/// Why a string could not be read as a quantity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    #[error("empty input")]
    Empty,
    #[error("no quantity in {0:?}")]
    NoQuantity(String),
}

/// Every quantity of `doc`, from the text stage's tokens (none without
/// them).
pub fn extract(doc: &Document) -> Vec<Quantity> {
    let mut out = Vec::new();
    extract_into(doc, &mut out);
    out
}

/// Like [`extract`], appending to `out`.
pub fn extract_into(doc: &Document, out: &mut Vec<Quantity>) {
    scan(doc, &doc.tokens, out);
}

fn scan(doc: &Document, tokens: &[Token], out: &mut Vec<Quantity>) {
    let first = out.len();
    extract::Scanner::new(doc, tokens).run(out);
    currencies_from_context(doc, &mut out[first..]);
}

/// Gives bare ambiguous currency nouns (`ريال`, `دينار`, `جنيه`) a code
/// from the document: the one currency of that noun it names explicitly,
/// else the currency of the country most of its resolved places are in.
fn currencies_from_context(doc: &Document, qs: &mut [Quantity]) {
    let t = lexicon::tables();
    let noun_of = |q: &Quantity| -> Option<usize> {
        if q.unit_known {
            return None;
        }
        let k = marsad_text::search_key(q.unit.as_deref()?);
        let bare = k.strip_prefix("ال").unwrap_or(&k);
        t.currencies
            .get(k.as_str())
            .or_else(|| t.currencies.get(bare))
            .copied()
    };
    if !qs.iter().any(|q| noun_of(q).is_some()) {
        return;
    }
    // Where the document is: mentions of resolved places per country.
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for p in doc.places.iter().filter(|p| p.resolved) {
        if let Some(c) = p.country.as_deref() {
            match counts.iter_mut().find(|e| e.0 == c) {
                Some(e) => e.1 += p.mentions.len(),
                None => counts.push((c, p.mentions.len())),
            }
        }
    }
    let country = counts
        .iter()
        .fold(None::<(&str, usize)>, |best, &(c, n)| match best {
            Some((_, m)) if m >= n => best,
            _ => Some((c, n)),
        })
        .map(|(c, _)| c);
    let explicit: Vec<String> = qs
        .iter()
        .filter(|q| q.unit_known)
        .filter_map(|q| q.unit.clone())
        .collect();
    for q in qs.iter_mut() {
        let Some(c) = noun_of(q) else {
            continue;
        };
        let Some(cur) = lexicon::CURRENCIES.get(c) else {
            continue;
        };
        let mut named: Vec<&str> = cur
            .adjectives
            .iter()
            .map(|a| a.1)
            .filter(|code| explicit.iter().any(|e| e == code))
            .collect();
        named.dedup();
        let code = match named.as_slice() {
            [code] => Some(*code),
            [_, _, ..] => None,
            [] => country.and_then(|cc| {
                // ISO 4217 codes start with the ISO 3166 country code.
                cur.adjectives
                    .iter()
                    .map(|a| a.1)
                    .find(|code| code.get(..2) == Some(cc))
            }),
        };
        if let Some(code) = code {
            q.unit = Some(code.to_string());
            q.unit_known = true;
            q.unit_from_context = true;
        }
    }
}

/// Reads the first quantity of a short string (`نحو 3 آلاف مقاتل`).
pub fn parse_quantity(s: &str) -> Result<Quantity, QuantityError> {
    if s.trim().is_empty() {
        return Err(QuantityError::Empty);
    }
    let mut doc = Document::new(s.to_string(), Source::default(), Meta::default());
    marsad_text::analyze(&mut doc);
    extract(&doc)
        .into_iter()
        .next()
        .ok_or_else(|| QuantityError::NoQuantity(s.to_string()))
}

/// The `quantities` stage: fills [`Document::quantities`] (replacing what
/// was there) from the tokens.
#[derive(Debug, Clone, Copy, Default)]
pub struct QuantitiesStage;

impl QuantitiesStage {
    pub fn new() -> Self {
        Self
    }
}

/// The `quantities` stage's declaration: the currency of a bare `ريال`
/// may come from the country of the document's places.
pub const SPEC: StageSpec = StageSpec {
    name: "quantities",
    reads: &[Layer::Tokens],
    uses: &[Layer::Places],
    writes: &[Layer::Quantities],
};

impl Stage for QuantitiesStage {
    /// The quantities of the document in hand; keeps its capacity.
    type Scratch = Vec<Quantity>;

    fn spec(&self) -> &'static StageSpec {
        &SPEC
    }

    fn scratch(&self) -> Vec<Quantity> {
        Vec::new()
    }

    fn annotate(&self, doc: &mut Document, buf: &mut Vec<Quantity>) -> Result<(), StageError> {
        buf.clear();
        extract_into(doc, buf);
        marsad_core::ids::number(buf);
        doc.quantities.clear();
        doc.quantities.append(buf);
        Ok(())
    }
}
