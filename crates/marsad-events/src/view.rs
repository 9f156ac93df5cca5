//! What the events stage reads of a document, cut once: tokens with their
//! folded stems, the participant candidates (actor mentions, PER/ORG
//! entities, generic nouns, counted nouns) and the place mentions, each
//! sorted by position so a sentence finds its own by binary search.

use compact_str::CompactString;
use marsad_core::{Document, EntityLabel, MorphKind, TokenKind};

use crate::lexicon::Tables;

/// A token as the events stage sees it.
pub(crate) struct Tok<'a> {
    pub start: usize,
    pub end: usize,
    /// Code-point start of the stem (after proclitics).
    pub stem_start: usize,
    pub norm: &'a str,
    /// Folded stem (the whole token when it has no clitic).
    pub stem: CompactString,
    pub kind: TokenKind,
    pub article: bool,
    pub prep: Option<char>,
    pub conj: bool,
    pub future: bool,
    pub boundary: bool,
    pub quantity_start: bool,
    /// Last token of the quantity starting here (`حوالي 700 متظاهر`).
    pub quantity_last: usize,
    /// Written with a final ة: a noun or an adjective, never a verb
    /// (طلبة students, not طلبه he asked for it; both fold to طلبه).
    pub ta_marbuta: bool,
}

impl Tok<'_> {
    /// Whether the token's folded form or stem is `k`.
    pub fn is(&self, k: &str) -> bool {
        self.norm == k || self.stem == k
    }
}

/// Where a participant candidate comes from (best first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum CandKind {
    Actor,
    Entity,
    Generic,
}

/// A span that may fill an event role or be a claim's speaker.
#[derive(Debug, Clone)]
pub(crate) struct Cand {
    pub start: usize,
    pub end: usize,
    /// First and one-past-last token.
    pub ta: usize,
    pub tb: usize,
    /// Index in `Document::actors`.
    pub actor: Option<usize>,
    pub kind: CandKind,
    /// A counted noun (`ثمانية أشخاص`): a victim more often than an agent.
    pub counted: bool,
    /// After `في`, `إلى`, `نحو`… or with a ب: a place, not a participant.
    pub placed: bool,
}

/// A place mention.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlaceRef {
    pub ta: usize,
    pub place: usize,
}

pub(crate) struct View<'a> {
    pub text: &'a str,
    /// Code points to bytes of `text`: slices in constant time (the
    /// document's `slice` walks the text from its start).
    pub offsets: std::borrow::Cow<'a, marsad_core::OffsetMap>,
    pub toks: Vec<Tok<'a>>,
    /// Token range of each sentence.
    pub sents: Vec<(usize, usize)>,
    pub cands: Vec<Cand>,
    pub places: Vec<PlaceRef>,
}

fn is_boundary(norm: &str) -> bool {
    matches!(
        norm,
        "،" | "," | "." | "؛" | ";" | ":" | "!" | "?" | "؟" | "…"
    )
}

impl<'a> View<'a> {
    /// The text of code points `[s, e)`, empty when out of range.
    pub fn slice(&self, s: usize, e: usize) -> &'a str {
        if s > e || e > self.offsets.char_len() {
            return "";
        }
        self.text
            .get(self.offsets.byte_of(s)..self.offsets.byte_of(e))
            .unwrap_or("")
    }

    pub fn new(doc: &'a Document, t: &Tables) -> Self {
        let mut toks = Vec::with_capacity(doc.tokens.len());
        let mut key = String::new();
        for tok in &doc.tokens {
            let (ss, _) = tok.stem();
            let mut article = false;
            let mut prep = None;
            let mut conj = false;
            let mut future = false;
            for m in &tok.morphs {
                match m.kind {
                    MorphKind::Article => article = true,
                    MorphKind::Preposition => {
                        let off = m.start.saturating_sub(tok.start);
                        prep = doc
                            .text
                            .get(tok.bytes.0..tok.bytes.1)
                            .and_then(|s| s.chars().nth(off));
                    }
                    MorphKind::Conjunction => conj = true,
                    MorphKind::Future => future = true,
                    MorphKind::Stem => {}
                }
            }
            let stem = if ss > tok.start {
                let word = doc.text.get(tok.bytes.0..tok.bytes.1).unwrap_or("");
                let skip = ss - tok.start;
                let b = word
                    .char_indices()
                    .nth(skip)
                    .map(|(i, _)| i)
                    .unwrap_or(word.len());
                key.clear();
                marsad_text::normalize::search_key_into(&word[b..], &mut key);
                CompactString::from(key.as_str())
            } else {
                tok.norm.clone()
            };
            toks.push(Tok {
                start: tok.start,
                end: tok.end,
                stem_start: ss,
                norm: tok.norm.as_str(),
                stem,
                kind: tok.kind,
                article,
                prep,
                conj,
                future,
                boundary: tok.kind == TokenKind::Punct && is_boundary(tok.norm.as_str()),
                quantity_start: false,
                quantity_last: 0,
                ta_marbuta: doc.text.get(tok.bytes.0..tok.bytes.1).is_some_and(|w| {
                    w.trim_end_matches(|c: char| !marsad_text::is_letter(c))
                        .ends_with('ة')
                }),
            });
        }
        let mut sents = vec![(0usize, 0usize); doc.sentences.len()];
        let mut i = 0;
        while i < doc.tokens.len() {
            let s = doc.tokens[i].sentence.index();
            let mut j = i;
            while j < doc.tokens.len() && doc.tokens[j].sentence.index() == s {
                j += 1;
            }
            if let Some(r) = sents.get_mut(s) {
                *r = (i, j);
            }
            i = j;
        }
        let mut v = View {
            text: &doc.text,
            offsets: doc.offsets(),
            toks,
            sents,
            cands: Vec::new(),
            places: Vec::new(),
        };
        for q in &doc.quantities {
            if let Some(ti) = v.token_at(q.start) {
                let last = v.token_at(q.end.saturating_sub(1)).unwrap_or(ti);
                v.toks[ti].quantity_start = true;
                v.toks[ti].quantity_last = v.toks[ti].quantity_last.max(last);
            }
        }
        v.build_cands(doc, t);
        for (pi, p) in doc.places.iter().enumerate() {
            for m in &p.mentions {
                if let Some(ta) = v.token_at(m.start) {
                    v.places.push(PlaceRef { ta, place: pi });
                }
            }
        }
        v.places.sort_by_key(|p| (p.ta, p.place));
        v
    }

    /// The token holding code point `pos`.
    pub fn token_at(&self, pos: usize) -> Option<usize> {
        let i = self.toks.partition_point(|t| t.end <= pos);
        (i < self.toks.len() && self.toks[i].start <= pos).then_some(i)
    }

    /// Token range `[ta, tb)` covering the code-point span.
    fn token_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let ta = self.token_at(start)?;
        let tb = self.toks.partition_point(|t| t.start < end);
        (tb > ta).then_some((ta, tb))
    }

    fn build_cands(&mut self, doc: &Document, t: &Tables) {
        let mut raw: Vec<Cand> = Vec::new();
        let mut place_at: Vec<usize> = doc
            .places
            .iter()
            .flat_map(|p| &p.mentions)
            .filter_map(|m| self.token_at(m.start))
            .collect();
        place_at.sort_unstable();
        for (ai, a) in doc.actors.iter().enumerate() {
            for m in &a.mentions {
                if let Some((ta, tb)) = self.token_range(m.start, m.end) {
                    raw.push(Cand {
                        start: m.start,
                        end: m.end,
                        ta,
                        tb,
                        actor: Some(ai),
                        kind: CandKind::Actor,
                        counted: false,
                        placed: false,
                    });
                }
            }
        }
        for e in &doc.entities {
            if matches!(e.label, EntityLabel::PER | EntityLabel::ORG) {
                if let Some((ta, tb)) = self.token_range(e.start, e.end) {
                    raw.push(Cand {
                        start: e.start,
                        end: e.end,
                        ta,
                        tb,
                        actor: None,
                        kind: CandKind::Entity,
                        counted: false,
                        placed: false,
                    });
                }
            }
        }
        for (i, tok) in self.toks.iter().enumerate() {
            if tok.kind != TokenKind::Word {
                continue;
            }
            let head = t.is_participant_head(tok.stem.as_str());
            // A plural nisba after a quantifier (`آلاف الإيرانيين`,
            // `عشرات الفلسطينيين`): the people of a place or creed.
            let nisba = !head
                && tok.article
                && tok.stem.chars().count() >= 6
                && (tok.stem.ends_with("يين") || tok.stem.ends_with("يون"))
                && i.checked_sub(1).is_some_and(|p| {
                    let p = &self.toks[p];
                    p.kind == TokenKind::Number
                        || matches!(
                            p.stem.as_str(),
                            "الاف"
                                | "مئات"
                                | "عشرات"
                                | "ملايين"
                                | "مليون"
                                | "الف"
                                | "عدد"
                                | "من"
                        )
                });
            if !head && !nisba {
                continue;
            }
            let mut tb = i + 1;
            // A construct (idafa) complement: `قوات الأمن`, `أبناء العشائر`.
            if !tok.article && head {
                if let Some(n) = self.toks.get(i + 1) {
                    if n.kind == TokenKind::Word
                        && n.article
                        && n.prep.is_none()
                        && !n.conj
                        && n.stem.chars().count() >= 3
                        && !t.triggers.contains_key(n.stem.as_str())
                        && !t.triggers.contains_key(n.norm)
                        && place_at.binary_search(&(i + 1)).is_err()
                    {
                        tb = i + 2;
                    }
                }
            }
            // Modifiers: `مسلحون مجهولون`, `الجنود الإسرائيليون`.
            while tb < i + 4 {
                let Some(n) = self.toks.get(tb) else { break };
                let h = &self.toks[tb - 1];
                let ok = n.kind == TokenKind::Word
                    && !n.conj
                    && n.prep.is_none()
                    && (t.adjectives.contains(n.stem.as_str())
                        || (n.article == h.article
                            && n.stem.chars().count() >= 4
                            && (n.stem.ends_with('ي')
                                || n.stem.ends_with("يه")
                                || n.stem.ends_with("يين")
                                || n.stem.ends_with("يون"))))
                    && !t.triggers.contains_key(n.stem.as_str());
                if !ok {
                    break;
                }
                tb += 1;
            }
            raw.push(Cand {
                start: tok.stem_start,
                end: self.toks[tb - 1].end,
                ta: i,
                tb,
                actor: None,
                kind: CandKind::Generic,
                counted: false,
                placed: false,
            });
        }
        for q in &doc.quantities {
            let Some(m) = &q.unit_mention else { continue };
            let people = matches!(
                q.unit.as_deref().unwrap_or(""),
                "fighters"
                    | "soldiers"
                    | "police"
                    | "people"
                    | "civilians"
                    | "children"
                    | "women"
                    | "killed"
                    | "injured"
                    | "detainees"
                    | "displaced"
                    | "refugees"
                    | "protesters"
                    | "journalists"
                    | "students"
                    | "workers"
                    | "families"
                    | "family members"
            );
            if !people {
                continue;
            }
            if let Some((ta, tb)) = self.token_range(m.start, m.end) {
                raw.push(Cand {
                    start: m.start,
                    end: m.end,
                    ta,
                    tb,
                    actor: None,
                    kind: CandKind::Generic,
                    counted: true,
                    placed: false,
                });
            }
        }
        for c in &mut raw {
            let prev = c.ta.checked_sub(1).map(|i| self.toks[i].norm).unwrap_or("");
            c.placed = self.toks[c.ta].prep == Some('ب')
                || matches!(
                    prev,
                    "في" | "وفي"
                        | "الي"
                        | "والي"
                        | "نحو"
                        | "باتجاه"
                        | "داخل"
                        | "وسط"
                        | "قرب"
                        | "بين"
                        | "شمال"
                        | "جنوب"
                        | "شرق"
                        | "غرب"
                        | "عبر"
                        | "منذ"
                );
        }
        raw.sort_by(|a, b| {
            (a.ta, a.kind, std::cmp::Reverse(a.tb)).cmp(&(b.ta, b.kind, std::cmp::Reverse(b.tb)))
        });
        // Keep the best of overlapping candidates: an actor mention over an
        // entity over a generic noun; a generic noun straight before an
        // actor mention heads it (`عناصر الفرقة الرابعة`).
        let mut out: Vec<Cand> = Vec::with_capacity(raw.len());
        for c in raw {
            if let Some(last) = out.last_mut() {
                if c.ta < last.tb {
                    last.counted |= c.counted;
                    if c.kind < last.kind {
                        if last.kind == CandKind::Generic && c.actor.is_some() {
                            last.tb = last.tb.max(c.tb);
                            last.end = last.end.max(c.end);
                            last.actor = c.actor;
                            last.kind = CandKind::Actor;
                        } else {
                            *last = c;
                        }
                    }
                    continue;
                }
                if last.kind == CandKind::Generic
                    && last.actor.is_none()
                    && c.actor.is_some()
                    && c.ta == last.tb
                    && !self.toks[c.ta].conj
                {
                    last.tb = c.tb;
                    last.end = c.end;
                    last.actor = c.actor;
                    last.kind = CandKind::Actor;
                    continue;
                }
            }
            out.push(c);
        }
        // A place's conjuncts are places too (`في الهند وباكستان
        // وبنغلاديش`), as is what follows `في كل من`.
        for i in 0..out.len() {
            let ta = out[i].ta;
            let norm = |j: Option<usize>| j.map(|j| self.toks[j].norm).unwrap_or("");
            if norm(ta.checked_sub(1)) == "من"
                && norm(ta.checked_sub(2)) == "كل"
                && matches!(norm(ta.checked_sub(3)), "في" | "وفي")
            {
                out[i].placed = true;
            }
            // `بين الشرطة ومتظاهرين` pairs participants, not places.
            if i > 0 && out[i - 1].placed && norm(out[i - 1].ta.checked_sub(1)) != "بين" {
                let p = &out[i - 1];
                if (ta == p.tb && self.toks[ta].conj)
                    || (ta == p.tb + 1 && self.toks[p.tb].norm == "و")
                {
                    out[i].placed = true;
                }
            }
        }
        self.cands = out;
    }

    /// Candidates starting in tokens `[a, b)`, as an index range of `cands`.
    pub fn cands_in(&self, a: usize, b: usize) -> std::ops::Range<usize> {
        let i = self.cands.partition_point(|c| c.ta < a);
        let j = self.cands.partition_point(|c| c.ta < b);
        i..j.max(i)
    }

    /// Place mentions starting in tokens `[a, b)`.
    pub fn places_in(&self, a: usize, b: usize) -> &[PlaceRef] {
        let i = self.places.partition_point(|p| p.ta < a);
        let j = self.places.partition_point(|p| p.ta < b);
        &self.places[i..j.max(i)]
    }
}
