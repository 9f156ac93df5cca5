//! Feature extraction: every feature is a hash of (template, values),
//! reduced to an index into the model's weight table. Per-token hashes are
//! computed once, so window and conjunction features cost a few integer ops.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::hash::{combine, fmix, hash_bytes, hash_str, K};
use crate::key;
use crate::lexicon::{self, Lexicon, MAX_PHRASE};
use crate::tags::N_TAGS;
use crate::weights::{PairRow, RowData, Weights};
use crate::word_index::{word_hash, WordIndex};
use marsad_core::hash::HashFilter;

/// Where [`FeatScratch::emissions_cached`] takes the context templates'
/// sums from.
#[derive(Clone, Copy)]
pub(crate) enum Context<'w> {
    /// All of them, from the model's own table.
    Own,
    /// The first stage of a fused two-stage model: from `pair`, the table
    /// pairing both stages' rows (first stage's first); the second stage's
    /// sums are kept for [`Context::Kept`]. The unary sums of words new to
    /// the word cache are filled for both stages at once (`second`, with
    /// `second_groups`: the second stage's table and feature groups).
    Pair {
        pair: &'w Weights<PairRow>,
        second: &'w Weights,
        second_groups: u32,
    },
    /// The second stage of a fused model: the sums the first stage kept,
    /// plus the memory templates from the model's own table.
    Kept,
}

/// Feature groups, switchable for ablations; stored in the model.
pub mod groups {
    pub const WORD: u32 = 1;
    pub const AFFIX: u32 = 1 << 1;
    pub const WINDOW: u32 = 1 << 2;
    pub const BIGRAM: u32 = 1 << 3;
    pub const SHAPE: u32 = 1 << 4;
    pub const GAZ: u32 = 1 << 5;
    pub const TRIGGER: u32 = 1 << 6;
    pub const FIRST_NAME: u32 = 1 << 7;
    pub const CLUSTER: u32 = 1 << 8;
    pub const WIN_AFFIX: u32 = 1 << 9;
    pub const QUOTE: u32 = 1 << 10;
    /// The original feature set (everything but [`MEMORY`]).
    pub const ALL: u32 = (1 << 11) - 1;
    /// Document memory from a first-stage model (two-stage models only).
    pub const MEMORY: u32 = 1 << 11;
    /// Stem suffixes 1–4, stem prefix 4, stem character trigrams,
    /// sentence position, neighbour stem suffixes at ±2.
    pub const STEM_AFFIX: u32 = 1 << 12;
    /// Brown cluster path prefixes (4/6/10/20 bits) at −2..+2.
    pub const BROWN: u32 = 1 << 13;
    /// Name-list flags and frequency bins ([`crate::Lexicon::words`]) of
    /// the word and its neighbours.
    pub const NAMES: u32 = 1 << 14;
}

// Gazetteer match positions.
const G_BEGIN: u8 = 1;
const G_INSIDE: u8 = 2;
const G_SINGLE: u8 = 3;

/// What is computed once per token.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tok {
    key: u64,
    pub(crate) stem: u64,
    pub(crate) loose: u64,
    pre: [u64; 3],
    suf: [u64; 4],
    shape: u64,
    clit: u8,
    len: u8,
    place: u8,
    actor: u8,
    first: bool,
    trig: u8,
    cluster: u32,
    quote: bool,
    punct: bool,
    ssuf: [u64; 4],
    pre4: u64,
    tri: [u64; 6],
    ntri: u8,
    brown: u32,
    /// Name flags and frequency bin ([`crate::Lexicon::words`]).
    names: u16,
    /// The loose stem is long enough for document memory (see `memory.rs`).
    pub(crate) mem_ok: bool,
    /// Index in the [`WordCache`], or [`NO_ID`].
    id: u32,
}

const NO_ID: u32 = u32::MAX;

/// Reusable buffers for one thread.
#[derive(Debug, Default)]
pub struct FeatScratch {
    key: String,
    /// Token information of the sentences kept by [`FeatScratch::keep`],
    /// then of the sentence being tagged when it is not one of them: a
    /// second stage with the same lexicon reads a kept sentence in place.
    toks: Vec<Tok>,
    /// Where in `toks` the current sentence is.
    cur: std::ops::Range<usize>,
    /// Feature indices of all tokens, token `i` at `offs[i]..offs[i+1]`.
    pub feats: Vec<u32>,
    pub offs: Vec<u32>,
    /// Number of word-identity features at the start of each token's list.
    pub lexn: Vec<u8>,
    /// Per-token document memory (see `memory.rs`), set by the caller
    /// before [`FeatScratch::extract`]; used with [`groups::MEMORY`].
    pub mem: Vec<u32>,
    /// End of each kept sentence in `toks`.
    kept_ends: Vec<usize>,
    /// Word-type cache for tagging with immutable models (never training).
    pub(crate) cache: Option<Box<WordCache>>,
    /// Where each token's unary contributions are, for the sentence being
    /// scored: a row of the word cache's table, or (with [`EXTRA`] set)
    /// an entry of `extra`, for words the cache could not keep.
    pos: Vec<u32>,
    extra: Vec<Contrib>,
    /// Second-stage context sums of the kept tokens (as `toks`), left by
    /// [`Context::Pair`] for [`Context::Kept`].
    ctx2: Vec<[i32; N_TAGS]>,
    /// Row indices and packed weight rows of the sentence's context
    /// features.
    rows: Vec<u32>,
    slots: Vec<u32>,
    /// Hashes of the phrases [`mark_phrases`] probes (see [`phrase_hashes`]).
    phrase_hashes: Vec<u64>,
}

fn shape_hash(word: &str) -> u64 {
    let mut buf = [0u8; 8];
    let mut n = 0;
    for c in word.chars() {
        let k = if lexicon::is_arabic_letter(c) {
            b'a'
        } else if c.is_ascii_digit() || ('\u{0660}'..='\u{0669}').contains(&c) {
            b'd'
        } else if c.is_uppercase() {
            b'X'
        } else if c.is_alphabetic() {
            b'x'
        } else if c.is_whitespace() {
            b' '
        } else if c.is_ascii() {
            c as u8
        } else {
            b'p'
        };
        if n == 0 || buf[n - 1] != k {
            if n == buf.len() {
                break;
            }
            buf[n] = k;
            n += 1;
        }
    }
    hash_bytes(11, &buf[..n])
}

fn char_boundaries(s: &str, out: &mut [usize; 8]) -> usize {
    let mut n = 0;
    for (i, _) in s.char_indices().skip(1).take(8) {
        out[n] = i;
        n += 1;
    }
    n
}

/// Everything about a token that depends on the word alone.
fn word_tok(w: &str, lex: &Lexicon, buf: &mut String) -> Tok {
    buf.clear();
    let ks = key::keys_into(w, buf);
    let k = &buf[ks.key.clone()];
    let stem = &buf[ks.stem.clone()];
    let loose = &buf[ks.loose.clone()];
    let mut b = [0usize; 8];
    let nb = char_boundaries(stem, &mut b);
    let mut pre = [0u64; 3];
    for (j, p) in pre.iter_mut().enumerate() {
        let end = if j < nb { b[j] } else { stem.len() };
        *p = hash_bytes(100 + j as u64, &stem.as_bytes()[..end]);
    }
    let mut kb = [0usize; 8];
    let nkb = char_boundaries(k, &mut kb);
    let nchars = k.chars().count();
    let mut suf = [0u64; 4];
    for (j, sfx) in suf.iter_mut().enumerate() {
        // suffix of j+1 chars
        let from = if nchars > j + 1 {
            let idx = nchars - (j + 1); // char index of suffix start
            if idx == 0 {
                0
            } else if idx <= nkb {
                kb[idx - 1]
            } else {
                k.char_indices().nth(idx).map_or(0, |(i, _)| i)
            }
        } else {
            0
        };
        *sfx = hash_bytes(200 + j as u64, &k.as_bytes()[from..]);
    }
    // Stem suffixes, 4-char prefix and inner character trigrams.
    let mut cb = [0usize; 25];
    let mut nc = 0;
    for (i, _) in stem.char_indices().take(24) {
        cb[nc] = i;
        nc += 1;
    }
    cb[nc] = stem.len();
    let sb = stem.as_bytes();
    let mut ssuf = [0u64; 4];
    for (j, x) in ssuf.iter_mut().enumerate() {
        let from = if nc > j + 1 { cb[nc - (j + 1)] } else { 0 };
        *x = hash_bytes(300 + j as u64, &sb[from..]);
    }
    let pre4 = hash_bytes(310, &sb[..cb[nc.min(4)]]);
    let mut tri = [0u64; 6];
    let mut ntri = 0u8;
    if nc >= 4 {
        for st in 0..nc - 2 {
            if ntri as usize == tri.len() {
                break;
            }
            tri[ntri as usize] = hash_bytes(320, &sb[cb[st]..cb[st + 3]]);
            ntri += 1;
        }
    }
    let khash = hash_str(k);
    let (stem_h, loose_h) = (hash_str(stem), hash_str(loose));
    let mut trig = lexicon::trigger(stem_h);
    if trig == 0 && loose_h != stem_h {
        trig = lexicon::trigger(loose_h);
    }
    Tok {
        key: khash,
        stem: stem_h,
        loose: loose_h,
        pre,
        suf,
        shape: shape_hash(w),
        clit: ks.flags,
        len: nchars.min(12) as u8,
        place: 0,
        actor: 0,
        first: lex.first_names.contains(&stem_h) || lex.first_names.contains(&loose_h),
        trig,
        cluster: lex.clusters.get(&khash).copied().unwrap_or(0),
        quote: false,
        punct: !w.chars().any(char::is_alphanumeric),
        ssuf,
        pre4,
        tri,
        ntri,
        brown: lex.brown.get(&khash).copied().unwrap_or(0),
        names: name_info(lex, stem_h, loose_h),
        mem_ok: loose.chars().count() >= 2 && loose.chars().any(char::is_alphabetic),
        id: NO_ID,
    }
}

/// A word's entry in the name table: by its stem, else its loose stem.
fn name_info(lex: &Lexicon, stem: u64, loose: u64) -> u16 {
    if lex.words.is_empty() {
        return 0;
    }
    match lex.words.get(&stem) {
        Some(&v) => v,
        None if loose != stem => lex.words.get(&loose).copied().unwrap_or(0),
        None => 0,
    }
}

fn is_quote(w: &str) -> Option<bool> {
    // Some(true) opens, Some(false) closes, None for toggling quotes.
    match w {
        "«" | "“" | "‹" => Some(true),
        "»" | "”" | "›" => Some(false),
        _ => None,
    }
}

impl FeatScratch {
    /// Token information of `words` into `self.toks`. With `cache_lex`
    /// (the identity of `lex`), word-level information comes from the
    /// word cache when the cache was filled with the same lexicon.
    fn token_info(&mut self, words: &[&str], lex: &Lexicon, cache_lex: Option<usize>) {
        let from = self.kept_len();
        self.toks.truncate(from);
        self.ctx2.truncate(from);
        let mut cache = match (cache_lex, self.cache.as_deref_mut()) {
            (Some(id), Some(c)) => c.claim_lexicon(id).then_some(c),
            _ => None,
        };
        match cache.as_deref_mut() {
            Some(c) => c.words(words, lex, &mut self.key, &mut self.toks),
            None => {
                for w in words {
                    let t = word_tok(w, lex, &mut self.key);
                    self.toks.push(t);
                }
            }
        }
        let mut in_quote = false;
        for (t, w) in self.toks[from..].iter_mut().zip(words) {
            t.quote = in_quote;
            match is_quote(w) {
                Some(true) => in_quote = true,
                Some(false) => in_quote = false,
                None if matches!(*w, "\"" | "'" | "''" | "``") => in_quote = !in_quote,
                None => {}
            }
        }
        self.cur = from..self.toks.len();
        let filter = cache.map(|c| c.phrase_filter(lex));
        let toks = &mut self.toks[from..];
        phrase_hashes(toks, filter, &mut self.phrase_hashes);
        let hs = &self.phrase_hashes;
        mark_phrases(toks, hs, &lex.places, filter, |t| &mut t.place);
        mark_phrases(toks, hs, &lex.actors, filter, |t| &mut t.actor);
    }

    /// Number of tokens of the kept sentences.
    fn kept_len(&self) -> usize {
        self.kept_ends.last().copied().unwrap_or(0)
    }

    /// Extracts features for `words` into `self.feats`/`self.offs`.
    pub fn extract(&mut self, words: &[&str], lex: &Lexicon, groups: u32, bits: u8) {
        self.token_info(words, lex, None);
        self.features(groups, bits);
    }

    /// Forgets the sentences kept by [`FeatScratch::keep`].
    pub fn clear_kept(&mut self) {
        self.toks.clear();
        self.ctx2.clear();
        self.cur = 0..0;
        self.kept_ends.clear();
    }

    /// Keeps the token information of the sentence just extracted.
    pub fn keep(&mut self) {
        let from = self.kept_len();
        if self.cur.start != from {
            // A kept sentence again: keep a copy after the others.
            self.toks.truncate(from);
            self.toks.extend_from_within(self.cur.clone());
            if self.ctx2.len() >= from {
                self.ctx2.truncate(from);
                self.ctx2.extend_from_within(self.cur.clone());
            } else {
                self.ctx2.clear();
            }
            self.cur = from..self.toks.len();
        }
        self.toks.truncate(self.cur.end);
        self.kept_ends.push(self.cur.end);
    }

    /// Extracts features for kept sentence `k` (same lexicon as when kept).
    /// Returns false when there is no such sentence.
    pub fn extract_kept(&mut self, k: usize, groups: u32, bits: u8) -> bool {
        if !self.restore_kept(k) {
            return false;
        }
        self.features(groups, bits);
        true
    }

    /// Makes kept sentence `k` the current one (its token information is
    /// read in place).
    pub(crate) fn restore_kept(&mut self, k: usize) -> bool {
        let Some(&b) = self.kept_ends.get(k) else {
            return false;
        };
        let a = k.checked_sub(1).map_or(0, |j| self.kept_ends[j]);
        self.cur = a..b;
        true
    }

    /// Token information of kept sentences (for document memory).
    pub(crate) fn kept_sentences(&self) -> impl Iterator<Item = &[Tok]> {
        let mut a = 0;
        self.kept_ends.iter().map(move |&b| {
            let s = &self.toks[a..b];
            a = b;
            s
        })
    }

    /// Token information of the sentence last extracted.
    pub(crate) fn toks(&self) -> &[Tok] {
        self.toks.get(self.cur.clone()).unwrap_or(&[])
    }

    /// Buffers with an empty word cache.
    pub(crate) fn with_cache() -> FeatScratch {
        FeatScratch {
            cache: Some(Box::default()),
            ..FeatScratch::default()
        }
    }

    /// Whether [`FeatScratch::emissions_cached`] can score sentences of a
    /// model whose lexicon has identity `lex`.
    pub(crate) fn cache_usable(&self, lex: usize) -> bool {
        self.cache
            .as_ref()
            .is_some_and(|c| c.lex == lex || c.toks.is_empty())
    }

    /// Token information of `words` through the word cache.
    pub(crate) fn infos_cached(&mut self, words: &[&str], lex: &Lexicon, lex_id: usize) {
        self.token_info(words, lex, Some(lex_id));
    }

    /// Emission scores (in weight units) of the current sentence:
    /// the same sums as gathering [`FeatScratch::features`], but the
    /// templates that read one token at a fixed offset are summed once
    /// per word type and model, in the word cache.
    pub(crate) fn emissions_cached(
        &mut self,
        weights: &Weights,
        groups: u32,
        bits: u8,
        out: &mut Vec<[i32; N_TAGS]>,
        ctx: Context,
    ) {
        out.clear();
        let toks = self.toks.get(self.cur.clone()).unwrap_or(&[]);
        let n = toks.len();
        let Some(mut cache) = self.cache.take() else {
            return;
        };
        let shift = 64 - u32::from(bits);
        // With a fused pair, the second stage's table is filled too.
        let (table, mut second) = match ctx {
            Context::Pair {
                pair,
                second,
                second_groups,
            } => {
                let (t1, t2) = cache.two_tables((weights, groups), (second, second_groups), shift);
                (t1, t2.map(|t2| (t2, pair)))
            }
            _ => (cache.table(weights, groups, shift), None),
        };
        self.pos.clear();
        // Start loading every token's cached sums before the first is
        // needed (without reading them: testing `Some` would wait).
        for t in toks {
            if let Some(c) = table.rows.get(t.id as usize) {
                crate::weights::prefetch_all(c);
            }
        }
        // Fill the rows of words new to the table; sums are read in place.
        self.extra.clear();
        for t in toks {
            let ix = match table.rows.get_mut(t.id as usize) {
                Some(slot) => {
                    if slot.is_none() {
                        match &mut second {
                            Some((t2, pair)) => {
                                let [c1, c2] = contrib_pair(t, pair, groups, shift);
                                *slot = Some(c1);
                                if let Some(s2 @ None) = t2.rows.get_mut(t.id as usize) {
                                    *s2 = Some(c2);
                                }
                            }
                            None => *slot = Some(contrib(t, weights, groups, shift)),
                        }
                    }
                    t.id
                }
                None => {
                    self.extra.push(contrib(t, weights, groups, shift));
                    EXTRA | (self.extra.len() - 1) as u32
                }
            };
            self.pos.push(ix);
        }
        let cur = self.cur.clone();
        // A second stage reads its kept context sums only where the first
        // stage left them for this very sentence.
        let kept = matches!(ctx, Context::Kept) && self.ctx2.len() >= cur.end;
        let mut ends = Vec::with_capacity(n);
        match ctx {
            Context::Pair { pair, .. } => {
                if self.ctx2.len() >= cur.start {
                    self.ctx2.truncate(cur.start);
                } else {
                    // Earlier sentences left no sums: keep none.
                    self.ctx2.clear();
                }
                self.context_slots(pair, groups, shift, &mut ends);
            }
            _ if kept => self.context_slots(weights, groups & groups::MEMORY, shift, &mut ends),
            _ => self.context_slots(weights, groups, shift, &mut ends),
        }
        let stash = matches!(ctx, Context::Pair { .. }) && self.ctx2.len() == cur.start;
        let table = &*table;
        let extra = &self.extra;
        let sums = |ix: u32| -> &Contrib {
            let found = if ix & EXTRA != 0 {
                extra.get((ix & !EXTRA) as usize)
            } else {
                table.rows.get(ix as usize).and_then(Option::as_ref)
            };
            // Every index was filled above.
            found.unwrap_or(&table.none)
        };
        let slots = &self.slots;
        let mut from = 0;
        for (i, &to) in ends.iter().enumerate() {
            let mut acc = [0i32; N_TAGS];
            for (di, d) in OFFSETS.iter().enumerate() {
                let j = i as isize + d;
                let c = if j < 0 {
                    &table.bos
                } else if j as usize >= n {
                    &table.none
                } else {
                    sums(self.pos[j as usize])
                };
                for (a, w) in acc.iter_mut().zip(&c[di]) {
                    *a += w;
                }
            }
            let slots = &slots[from..to];
            from = to;
            match ctx {
                Context::Pair { pair, .. } => {
                    let mut two = [acc, [0; N_TAGS]];
                    pair.add_pair_slots(&mut two, slots);
                    acc = two[0];
                    if stash {
                        self.ctx2.push(two[1]);
                    }
                }
                _ => {
                    weights.add_slots(&mut acc, slots);
                    if kept {
                        if let Some(k) = self.ctx2.get(cur.start + i) {
                            for (a, w) in acc.iter_mut().zip(k) {
                                *a += w;
                            }
                        }
                    }
                }
            }
            out.push(acc);
        }
        self.cache = Some(cache);
    }

    /// The current sentence's context features for `table`, in passes:
    /// their row indices (announcing the bitmap words), then the packed
    /// slots of the nonzero rows (announcing the rows) into `self.slots`,
    /// token `i`'s up to `ends[i]`. Each pass's loads are independent, so
    /// their cache misses overlap.
    fn context_slots<R: RowData>(
        &mut self,
        table: &Weights<R>,
        groups: u32,
        shift: u32,
        ends: &mut Vec<usize>,
    ) {
        let toks = self.toks.get(self.cur.clone()).unwrap_or(&[]);
        let mut rows = std::mem::take(&mut self.rows);
        rows.clear();
        ends.clear();
        for i in 0..toks.len() {
            let w = Window {
                toks,
                i,
                mem: &self.mem,
            };
            templates(
                &w,
                groups,
                &mut ContextOnly(|tmpl, v| {
                    let r = index(tmpl, v, shift);
                    table.prefetch_slot(r);
                    rows.push(r);
                }),
            );
            ends.push(rows.len());
        }
        self.slots.clear();
        self.slots.resize(rows.len(), 0);
        let m = table.pack_slots(&rows, ends, &mut self.slots);
        self.slots.truncate(m);
        self.rows = rows;
    }

    /// Features from the token information of the current sentence.
    fn features(&mut self, groups: u32, bits: u8) {
        self.feats.clear();
        self.offs.clear();
        self.lexn.clear();
        let toks = self.toks.get(self.cur.clone()).unwrap_or(&[]);
        let shift = 64 - u32::from(bits);
        for i in 0..toks.len() {
            self.offs.push(self.feats.len() as u32);
            let w = Window {
                toks,
                i,
                mem: &self.mem,
            };
            let mut sink = AllFeatures {
                feats: &mut self.feats,
                lexn: &mut self.lexn,
                start: self.offs[i] as usize,
                shift,
            };
            templates(&w, groups, &mut sink);
        }
        self.offs.push(self.feats.len() as u32);
    }
}

/// The tokens the templates of token `i` read: `toks[i + d]`, or a
/// pseudo-token outside the sentence; and its document memory.
struct Window<'a> {
    toks: &'a [Tok],
    i: usize,
    /// One value per token, or empty (no memory features).
    mem: &'a [u32],
}

impl Window<'_> {
    #[inline(always)]
    fn at(&self, d: isize) -> &Tok {
        let j = self.i as isize + d;
        if j < 0 {
            &BOS
        } else if j as usize >= self.toks.len() {
            &NONE
        } else {
            &self.toks[j as usize]
        }
    }

    #[inline(always)]
    fn mem(&self, d: isize) -> u32 {
        let j = self.i as isize + d;
        if j < 0 || j as usize >= self.mem.len() {
            0
        } else {
            self.mem[j as usize]
        }
    }
}

/// Where [`templates`] sends each feature (template, value).
trait Sink {
    /// A feature of a template that reads only the word-level information
    /// of the token `d` away (`d` in [`OFFSETS`]): summable per word type.
    fn unary(&mut self, d: isize, tmpl: u64, v: u64);
    /// A feature of a template that combines tokens or reads context
    /// (phrase marks, quotes, position, memory).
    fn context(&mut self, tmpl: u64, v: u64);
    /// The word-identity features end here.
    fn end_word(&mut self) {}
}

/// Every feature, as rows, in order ([`FeatScratch::features`]).
struct AllFeatures<'a> {
    feats: &'a mut Vec<u32>,
    lexn: &'a mut Vec<u8>,
    /// Where the token's features start in `feats`.
    start: usize,
    shift: u32,
}

impl Sink for AllFeatures<'_> {
    #[inline(always)]
    fn unary(&mut self, _: isize, tmpl: u64, v: u64) {
        self.feats.push(index(tmpl, v, self.shift));
    }
    #[inline(always)]
    fn context(&mut self, tmpl: u64, v: u64) {
        self.feats.push(index(tmpl, v, self.shift));
    }
    #[inline(always)]
    fn end_word(&mut self) {
        self.lexn.push((self.feats.len() - self.start) as u8);
    }
}

/// The context features only (the word cache holds the unary sums).
struct ContextOnly<F>(F);

impl<F: FnMut(u64, u64)> Sink for ContextOnly<F> {
    #[inline(always)]
    fn unary(&mut self, _: isize, _: u64, _: u64) {}
    #[inline(always)]
    fn context(&mut self, tmpl: u64, v: u64) {
        (self.0)(tmpl, v);
    }
}

/// The unary features, by offset: index `k` for `OFFSETS[k]`.
struct ByOffset<F>(F);

impl<F: FnMut(usize, u64, u64)> Sink for ByOffset<F> {
    #[inline(always)]
    fn unary(&mut self, d: isize, tmpl: u64, v: u64) {
        (self.0)((d - OFFSETS[0]) as usize, tmpl, v);
    }
    #[inline(always)]
    fn context(&mut self, _: u64, _: u64) {}
}

/// Every feature template of token `w.i`, the one definition for both
/// extraction ([`FeatScratch::features`]) and the word cache's split into
/// unary sums and context features. The trained weights are indexed by
/// these (template, value) hashes and training sums them in this order,
/// so neither may change. Inlined so that each sink's unused templates
/// compile away.
#[inline(always)]
fn templates(w: &Window, groups: u32, s: &mut impl Sink) {
    use crate::brown::path_prefix;
    let has = |g: u32| groups & g != 0;
    let (i, n) = (w.i, w.toks.len());
    let t = w.at(0);
    // Word-identity features first: training drops them at random
    // (`lexn` counts them) so context features learn to carry unseen
    // names.
    if has(groups::WORD) {
        s.unary(0, 1, t.key);
        s.unary(0, 2, t.stem);
        if t.loose != t.stem {
            s.unary(0, 3, t.loose);
        }
    }
    if has(groups::BIGRAM) {
        s.context(40, combine(w.at(-1).key, t.key));
        s.context(41, combine(t.key, w.at(1).key));
        s.context(42, combine(w.at(-1).stem, t.stem));
        s.context(43, combine(t.stem, w.at(1).stem));
    }
    s.end_word();
    s.unary(0, 0, 0);
    if has(groups::WORD) {
        s.unary(0, 4, u64::from(t.clit));
        s.unary(0, 5, u64::from(t.len));
    }
    if has(groups::AFFIX) {
        for (j, p) in t.pre.iter().enumerate() {
            s.unary(0, 10 + j as u64, *p);
        }
        for (j, x) in t.suf.iter().enumerate() {
            s.unary(0, 14 + j as u64, *x);
        }
    }
    if has(groups::WINDOW) {
        for (d, tm) in [(-2isize, 20u64), (-1, 21), (1, 22), (2, 23)] {
            let o = w.at(d);
            s.unary(d, tm, o.key);
            s.unary(d, tm + 10, o.stem);
        }
    }
    if has(groups::BIGRAM) {
        s.context(44, combine(w.at(-2).stem, w.at(-1).stem));
        s.context(45, combine(w.at(1).stem, w.at(2).stem));
    }
    if has(groups::SHAPE) {
        s.unary(0, 50, t.shape);
        s.context(51, combine(combine(w.at(-1).shape, t.shape), w.at(1).shape));
    }
    if has(groups::WIN_AFFIX) {
        for (d, tm) in [(-1isize, 60u64), (1, 64)] {
            let o = w.at(d);
            s.unary(d, tm, o.suf[1]);
            s.unary(d, tm + 1, o.suf[2]);
            s.unary(d, tm + 2, o.pre[1]);
            s.unary(d, tm + 3, u64::from(o.clit));
        }
    }
    if has(groups::GAZ) {
        for (d, tm) in [(-1isize, 70u64), (0, 71), (1, 72)] {
            let o = w.at(d);
            if o.place != 0 {
                s.context(tm, u64::from(o.place));
            }
            if o.actor != 0 {
                s.context(tm + 10, u64::from(o.actor));
            }
        }
        if t.place != 0 {
            s.context(75, combine(u64::from(t.place), t.stem));
        }
    }
    if has(groups::FIRST_NAME) {
        for (d, tm) in [(-1isize, 90u64), (0, 91), (1, 92)] {
            if w.at(d).first {
                s.unary(d, tm, 1);
            }
        }
    }
    if has(groups::TRIGGER) {
        for (d, tm) in [(-2isize, 100u64), (-1, 101), (0, 102), (1, 103)] {
            let o = w.at(d);
            if o.trig != 0 {
                s.unary(d, tm, u64::from(o.trig));
            }
        }
        let (a, b) = (w.at(-1).trig, w.at(-2).trig);
        if a != 0 || b != 0 {
            s.context(104, (u64::from(b) << 8) | u64::from(a));
        }
    }
    if has(groups::QUOTE) {
        s.context(110, u64::from(t.quote) | (u64::from(w.at(-1).punct) << 1));
    }
    if has(groups::CLUSTER) {
        for (d, tm) in [(-2isize, 120u64), (-1, 122), (0, 124), (1, 126), (2, 128)] {
            let c = w.at(d).cluster;
            if c != 0 {
                s.unary(d, tm, u64::from(c >> 16));
                s.unary(d, tm + 1, u64::from(c & 0xffff));
            }
        }
        s.context(
            130,
            (u64::from(w.at(-1).cluster >> 16) << 16) | u64::from(t.cluster >> 16),
        );
        s.context(
            131,
            (u64::from(t.cluster >> 16) << 16) | u64::from(w.at(1).cluster >> 16),
        );
    }
    if has(groups::STEM_AFFIX) {
        for (j, x) in t.ssuf.iter().enumerate() {
            s.unary(0, 150 + j as u64, *x);
        }
        s.unary(0, 154, t.pre4);
        // `take`, not slicing: no bounds check left where unused.
        for x in t.tri.iter().take(t.ntri as usize) {
            s.unary(0, 155, *x);
        }
        s.context(156, (i.min(3) as u64) | (u64::from(i + 1 == n) << 4));
        for (d, tm) in [(-2isize, 157u64), (2, 158)] {
            s.unary(d, tm, w.at(d).ssuf[1]);
        }
        s.context(159, combine(w.at(-1).ssuf[1], t.ssuf[1]));
        s.context(160, combine(t.ssuf[1], w.at(1).ssuf[1]));
        s.unary(0, 161, combine(u64::from(t.clit), t.ssuf[0]));
    }
    if has(groups::BROWN) {
        for (d, tm) in [(-2isize, 170u64), (-1, 175), (0, 180), (1, 185), (2, 190)] {
            let b = w.at(d).brown;
            if b == 0 {
                continue;
            }
            let lens: &[u32] = if d == 0 { &[4, 6, 10, 20] } else { &[4, 6, 10] };
            for (j, &l) in lens.iter().enumerate() {
                s.unary(d, tm + j as u64, u64::from(path_prefix(b, l)));
            }
        }
        s.context(
            195,
            (u64::from(path_prefix(w.at(-1).brown, 6)) << 32) | u64::from(path_prefix(t.brown, 6)),
        );
        s.context(
            196,
            (u64::from(path_prefix(t.brown, 6)) << 32) | u64::from(path_prefix(w.at(1).brown, 6)),
        );
    }
    if has(groups::NAMES) {
        // Name lists and rarity: unseen names are mostly rare words, or
        // words of a name list; common words that are also names (أمل)
        // get their own (flags, bin) pair.
        let nm = |o: &Tok| u64::from(o.names & 0xff);
        let bin = |o: &Tok| u64::from(o.names >> 8);
        s.unary(0, 200, nm(t));
        s.unary(0, 201, bin(t));
        s.unary(0, 202, (bin(t) << 8) | nm(t));
        s.unary(0, 203, (bin(t) << 8) | u64::from(t.clit));
        let mut f = t.names & 0xff;
        while f != 0 {
            s.unary(0, 204, (u64::from(f.trailing_zeros()) << 8) | bin(t));
            f &= f - 1;
        }
        for (d, tm) in [(-2isize, 205u64), (-1, 206), (1, 207), (2, 208)] {
            let o = w.at(d);
            s.unary(d, tm, (bin(o) << 8) | nm(o));
        }
        // No pairings across words: each would be one more random read
        // of the weight table per token (about 18% of the pipeline);
        // the neighbours' own entries above are read from the word cache.
    }
    if has(groups::MEMORY) && w.mem.len() == n {
        let m = |d: isize| w.mem(d);
        let (own, mask) = (u64::from(m(0) >> 9), u64::from(m(0) & 0x1ff));
        s.context(140, own);
        s.context(141, u64::from(m(0) & 0x21ff));
        s.context(142, (own << 16) | mask);
        s.context(143, (u64::from(m(-1) >> 9) << 8) | own);
        s.context(144, (own << 8) | u64::from(m(1) >> 9));
        s.context(145, (u64::from(m(-1) & 0x1ff) << 16) | mask);
        s.context(146, (mask << 16) | u64::from(m(1) & 0x1ff));
    }
}

/// Offsets read by the unary templates ([`Sink::unary`]), in [`Contrib`] order.
const OFFSETS: [isize; 5] = [-2, -1, 0, 1, 2];

/// Marks an index of [`FeatScratch::pos`] into its `extra` entries.
const EXTRA: u32 = 1 << 31;

/// Summed weights of a word's unary templates, one row per offset in
/// [`OFFSETS`] (the word seen from the token it is `d` away from).
pub(crate) type Contrib = [[i32; N_TAGS]; 5];

/// Pseudo-tokens before the start and after the end of a sentence.
const BOS: Tok = pseudo(2);
const NONE: Tok = pseudo(1);

const fn pseudo(v: u64) -> Tok {
    Tok {
        key: v,
        stem: v,
        loose: v,
        pre: [0; 3],
        suf: [0; 4],
        shape: v,
        clit: 0,
        len: 0,
        place: 0,
        actor: 0,
        first: false,
        trig: 0,
        cluster: 0,
        quote: false,
        punct: false,
        ssuf: [0; 4],
        pre4: 0,
        tri: [0; 6],
        ntri: 0,
        brown: 0,
        names: 0,
        mem_ok: false,
        id: NO_ID,
    }
}

/// Row of the weight table for template `tmpl` with value `v`.
#[inline]
fn index(tmpl: u64, v: u64, shift: u32) -> u32 {
    (fmix(v ^ tmpl.wrapping_mul(K)) >> shift) as u32
}

/// The summed unary weights of one word, at every offset.
fn contrib(t: &Tok, weights: &Weights, groups: u32, shift: u32) -> Contrib {
    let mut c = [[0i32; N_TAGS]; 5];
    gather_unary(t, weights, groups, shift, &mut c, Weights::add_slots);
    c
}

/// [`contrib`] of both stages of a fused pair (see [`Weights::pair`]).
fn contrib_pair(t: &Tok, pair: &Weights<PairRow>, groups: u32, shift: u32) -> [Contrib; 2] {
    let mut c = [[[0i32; N_TAGS]; 2]; 5];
    gather_unary(t, pair, groups, shift, &mut c, Weights::add_pair_slots);
    let mut out = [[[0i32; N_TAGS]; 5]; 2];
    for (k, two) in c.iter().enumerate() {
        out[0][k] = two[0];
        out[1][k] = two[1];
    }
    out
}

/// Sums into `acc[k]` the rows of token `t`'s unary templates seen from
/// offset `OFFSETS[k]`, with `add` (the table's row adder).
fn gather_unary<R: RowData, A>(
    t: &Tok,
    table: &Weights<R>,
    groups: u32,
    shift: u32,
    acc: &mut [A; 5],
    add: impl Fn(&Weights<R>, &mut A, &[u32]),
) {
    // As for a sentence's context features: row indices (announcing the
    // bitmap words), then slots (announcing the rows), then the sums.
    const CAP: usize = 64;
    let mut rows = [[0u32; CAP]; 5];
    let mut lens = [0usize; 5];
    // Unary templates read only the token `d` away: with `t` at every
    // offset, each offset's read `t`.
    let every = [*t; 5];
    let w = Window {
        toks: &every,
        i: 2,
        mem: &[],
    };
    let mut sink = ByOffset(|k: usize, tmpl, v| {
        let r = index(tmpl, v, shift);
        if let Some(x) = rows[k].get_mut(lens[k]) {
            table.prefetch_slot(r);
            *x = r;
            lens[k] += 1;
        } else if let Some(s) = table.slot(r) {
            add(table, &mut acc[k], &[s]);
        }
    });
    templates(&w, groups, &mut sink);
    let mut slots = [0u32; 5 * CAP];
    let mut ends = [0usize; 5];
    let mut m = 0;
    for ((r, &len), end) in rows.iter().zip(&lens).zip(&mut ends) {
        m += table.pack_slots(&r[..len], &mut [len], &mut slots[m..]);
        *end = m;
    }
    let mut from = 0;
    for (a, &end) in acc.iter_mut().zip(&ends) {
        add(table, a, &slots[from..end]);
        from = end;
    }
}

/// Word types seen so far on one thread: their word-level token
/// information, and for each model (at most two: the stages of one
/// tagger) their summed unary weights. Only for models whose weights do
/// not change while it is in use.
#[derive(Debug, Default)]
pub(crate) struct WordCache {
    /// Identity of the lexicon the token information was computed with.
    lex: usize,
    index: WordIndex,
    toks: Vec<Tok>,
    /// Per-sentence buffers of [`WordCache::words`].
    hashes: Vec<u64>,
    candidates: Vec<Option<u32>>,
    tables: [Table; 2],
    /// Bytes this cache counts against [`CACHE_BUDGET`].
    bytes: usize,
    /// Screens the lexicon's place and actor phrase sets: most candidate
    /// phrases of a text are in neither, and this 128 KB filter answers
    /// them from the CPU cache instead of probing the sets.
    phrases: HashFilter,
}

/// Bits of the phrase filter (2^20: 128 KB).
const FILTER_BITS: u32 = 20;

/// Word types kept per thread; later new words are computed each time.
const MAX_WORDS: usize = 1 << 17;

/// Bytes all threads' word caches may hold together, so that memory does
/// not grow with the number of threads.
const CACHE_BUDGET: usize = 96 << 20;

/// Bytes held by all word caches.
static CACHE_BYTES: AtomicUsize = AtomicUsize::new(0);

/// What one cached word costs: its information, two contribution rows
/// and its index entry.
fn entry_bytes(word: &str) -> usize {
    std::mem::size_of::<Tok>()
        + 2 * std::mem::size_of::<Option<Contrib>>()
        + WordIndex::bytes_per_word(word)
}

impl Drop for WordCache {
    fn drop(&mut self) {
        CACHE_BYTES.fetch_sub(self.bytes, Ordering::Relaxed);
    }
}

#[derive(Debug, Default)]
struct Table {
    /// (weights address, weights length, groups) of the model it serves.
    model: (usize, usize, u32),
    rows: Vec<Option<Contrib>>,
    bos: Contrib,
    none: Contrib,
}

impl WordCache {
    /// Takes the cache for lexicon `lex`: true when it already holds that
    /// lexicon's words or is empty.
    fn claim_lexicon(&mut self, lex: usize) -> bool {
        if self.toks.is_empty() {
            self.lex = lex;
        }
        self.lex == lex
    }

    /// The phrase filter of `lex` (the cache's lexicon), built once.
    fn phrase_filter(&mut self, lex: &Lexicon) -> &HashFilter {
        if self.phrases.is_empty() {
            self.phrases = HashFilter::new(FILTER_BITS);
            for &h in lex.places.iter().chain(&lex.actors) {
                self.phrases.insert(h);
            }
        }
        &self.phrases
    }

    /// Token information of `words`, appended to `out`. In three passes
    /// over the sentence (slots, candidates, confirmation) so that the
    /// cache misses of its words overlap instead of following one another.
    fn words(&mut self, words: &[&str], lex: &Lexicon, buf: &mut String, out: &mut Vec<Tok>) {
        let (mut hs, mut cs) = (
            std::mem::take(&mut self.hashes),
            std::mem::take(&mut self.candidates),
        );
        hs.clear();
        cs.clear();
        for w in words {
            let h = word_hash(w);
            self.index.prefetch_slot(h);
            hs.push(h);
        }
        for &h in &hs {
            let c = self.index.candidate(h);
            if let Some(t) = c.and_then(|id| self.toks.get(id as usize)) {
                self.index.prefetch_word(t.id);
                crate::weights::prefetch_all(t);
            }
            cs.push(c);
        }
        for ((w, &h), &c) in words.iter().zip(&hs).zip(&cs) {
            let id = match c {
                Some(id) if self.index.word(id) == *w => Some(id),
                _ => self.index.get(w, h),
            };
            let t = match id.and_then(|id| self.toks.get(id as usize)) {
                Some(t) => *t,
                None => self.add(w, h, lex, buf),
            };
            out.push(t);
        }
        self.hashes = hs;
        self.candidates = cs;
    }

    /// Token information of a word not in the cache (`h`: its hash),
    /// kept when the cache has room.
    fn add(&mut self, w: &str, h: u64, lex: &Lexicon, buf: &mut String) -> Tok {
        let mut t = word_tok(w, lex, buf);
        if self.toks.len() < MAX_WORDS {
            let cost = entry_bytes(w);
            if CACHE_BYTES.fetch_add(cost, Ordering::Relaxed) + cost <= CACHE_BUDGET {
                match self.index.insert(w, h) {
                    Some(id) => {
                        self.bytes += cost;
                        t.id = id;
                        self.toks.push(t);
                    }
                    None => {
                        CACHE_BYTES.fetch_sub(cost, Ordering::Relaxed);
                    }
                }
            } else {
                // Over the shared budget: give the bytes back.
                CACHE_BYTES.fetch_sub(cost, Ordering::Relaxed);
            }
        }
        t
    }

    /// The table of the model with these weights, sized for every cached
    /// word (rows filled on first use).
    fn table(&mut self, weights: &Weights, groups: u32, shift: u32) -> &mut Table {
        let k = self.table_index(weights, groups, shift, None);
        &mut self.tables[k]
    }

    /// The tables of two models (as [`WordCache::table`]), both kept;
    /// the second is `None` when both are one model.
    fn two_tables(
        &mut self,
        (w1, g1): (&Weights, u32),
        (w2, g2): (&Weights, u32),
        shift: u32,
    ) -> (&mut Table, Option<&mut Table>) {
        let k2 = self.table_index(w2, g2, shift, None);
        let k1 = self.table_index(w1, g1, shift, Some(k2));
        let [a, b] = &mut self.tables;
        match (k1, k2) {
            (0, 1) => (a, Some(b)),
            (1, 0) => (b, Some(a)),
            (0, _) => (a, None),
            _ => (b, None),
        }
    }

    /// Index of the table of these weights, made (in a slot other than
    /// `keep`) if there is none.
    fn table_index(
        &mut self,
        weights: &Weights,
        groups: u32,
        shift: u32,
        keep: Option<usize>,
    ) -> usize {
        let (addr, len) = weights.id();
        let key = (addr, len, groups);
        let k = match self.tables.iter().position(|t| t.model == key) {
            Some(k) => k,
            None => {
                let free = |k: &usize| Some(*k) != keep;
                let k = (0..self.tables.len())
                    .filter(free)
                    .find(|&k| self.tables[k].model.1 == 0)
                    .or_else(|| (0..self.tables.len()).rev().find(free))
                    .unwrap_or(1);
                let t = Table {
                    model: key,
                    rows: Vec::new(),
                    bos: contrib(&BOS, weights, groups, shift),
                    none: contrib(&NONE, weights, groups, shift),
                };
                self.tables[k] = t;
                k
            }
        };
        let t = &mut self.tables[k];
        if t.rows.len() < self.toks.len() {
            t.rows.resize(self.toks.len(), None);
        }
        k
    }
}

/// The hash of every phrase [`mark_phrases`] may probe: at token `i`,
/// read from its stem (`r` = 0) or loose stem (`r` = 1), `len` words
/// long, at `(i * 2 + r) * MAX_PHRASE + len - 1`. With a filter, its words
/// for these hashes are announced (their misses overlap).
fn phrase_hashes(toks: &[Tok], filter: Option<&HashFilter>, out: &mut Vec<u64>) {
    let n = toks.len();
    out.clear();
    out.resize(n * 2 * MAX_PHRASE, 0);
    for i in 0..n {
        for (r, first) in [toks[i].stem, toks[i].loose].into_iter().enumerate() {
            if r == 1 && first == toks[i].stem {
                break;
            }
            let at = (i * 2 + r) * MAX_PHRASE;
            let mut h = lexicon::phrase_step(lexicon::phrase_start(), first);
            for len in 1..=MAX_PHRASE.min(n - i) {
                if len > 1 {
                    h = lexicon::phrase_step(h, toks[i + len - 1].stem);
                }
                out[at + len - 1] = h;
                if let Some(f) = filter {
                    f.prefetch(h);
                }
            }
        }
    }
}

/// Marks tokens covered by the longest lexicon phrase starting at each
/// position (stems; the first word may also match by its loose stem), by
/// the hashes of [`phrase_hashes`].
fn mark_phrases(
    toks: &mut [Tok],
    hashes: &[u64],
    set: &crate::hash::IdSet,
    filter: Option<&HashFilter>,
    field: impl Fn(&mut Tok) -> &mut u8,
) {
    if set.is_empty() {
        return;
    }
    let n = toks.len();
    let mut i = 0;
    while i < n {
        let mut best = 0;
        for r in 0..2 {
            let at = (i * 2 + r) * MAX_PHRASE;
            for len in 1..=MAX_PHRASE.min(n - i) {
                let h = hashes.get(at + len - 1).copied().unwrap_or(0);
                if len > best && filter.is_none_or(|f| f.may_contain(h)) && set.contains(&h) {
                    best = len;
                }
            }
            if toks[i].loose == toks[i].stem {
                break;
            }
        }
        if best == 0 {
            i += 1;
            continue;
        }
        if best == 1 {
            *field(&mut toks[i]) = G_SINGLE;
        } else {
            *field(&mut toks[i]) = G_BEGIN;
            for t in &mut toks[i + 1..i + best] {
                *field(t) = G_INSIDE;
            }
        }
        i += best;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FNV-1a over the features, offsets and word-feature counts of
    /// `sents` (all extracted with `groups`).
    fn fingerprint(sents: &[Vec<&str>], lex: &Lexicon, groups: u32) -> u64 {
        let mut fs = FeatScratch::default();
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        let mut eat = |x: u32| {
            for b in x.to_le_bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
            }
        };
        for (k, w) in sents.iter().enumerate() {
            fs.mem = (0..w.len())
                .map(|i| ((i * 7919 + k * 31) as u32) & 0x3fff)
                .collect();
            fs.extract(w, lex, groups, 20);
            fs.feats.iter().for_each(|&x| eat(x));
            fs.offs.iter().for_each(|&x| eat(x));
            fs.lexn.iter().for_each(|&x| eat(u32::from(x)));
        }
        h
    }

    /// The trained weights are indexed by these features: their indices
    /// and order (training sums them in order) must never change.
    #[test]
    fn features_are_pinned() {
        let mut lex = Lexicon::default();
        lex.add_place("حلب");
        lex.add_place("الولايات المتحدة");
        lex.add_actor("حركة فتح");
        lex.add_actor("وزارة الدفاع");
        lex.first_names.insert(lexicon::stem_hash("محمود"));
        lex.first_names.insert(lexicon::stem_hash("محمد"));
        for (i, w) in ["عباس", "حلب", "فتح", "قال", "إدلب"].iter().enumerate() {
            let k = hash_str(&key::fold(w));
            lex.brown.insert(k, 0b1_0110_1101 << i);
            lex.clusters.insert(k, (7 << 16) | i as u32);
        }
        let text = "قال الرئيس محمود عباس إن « حركة فتح » لن تقبل . \
            وأعلنت وزارة الدفاع الأمريكية ( البنتاغون ) أن 25 جنديا قتلوا في حلب . \
            وصل أبو محمد الجولاني إلى إدلب يوم 3/5/2015 مع وفد من UNHCR . \
            قال \" عباس \" إن الولايات المتحدة و حماس اتفقتا . نعم";
        let sents: Vec<Vec<&str>> = text
            .split(" . ")
            .map(|s| s.split_whitespace().collect())
            .collect();
        let every = groups::ALL | groups::MEMORY | groups::STEM_AFFIX | groups::BROWN;
        let got: Vec<u64> = std::iter::once(every)
            .chain((0..14).map(|b| 1 << b))
            .map(|g| fingerprint(&sents, &lex, g))
            .collect();
        let want: [u64; 15] = [
            0xe86522826f37a5eb,
            0x333f9aabd927c064,
            0xef2a19df33cba905,
            0xcc0700c430a0caeb,
            0x7e346d600abc0909,
            0x15c34b9ccd48b8e8,
            0x4f643e856df6e339,
            0xffd699c126ef0442,
            0x8af8d8c5a50fa1e9,
            0x276a78ae158ef2c4,
            0x02a10cd96d955a88,
            0x804d523157344eb2,
            0x4e696d0a637bc351,
            0x0d64c87d3f80baa3,
            0xd310a447d8a3735c,
        ];
        assert_eq!(got, want);
    }
}
