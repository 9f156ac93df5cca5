//! Feature extraction: every feature is a hash of (template, values),
//! reduced to an index into the model's weight table. Per-token hashes are
//! computed once, so window and conjunction features cost a few integer ops.

use crate::hash::{combine, fmix, hash_bytes, hash_str};
use crate::key;
use crate::lexicon::{self, Lexicon, MAX_PHRASE};

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
}

// Gazetteer match positions.
const G_BEGIN: u8 = 1;
const G_INSIDE: u8 = 2;
const G_SINGLE: u8 = 3;

/// What is computed once per token.
#[derive(Debug, Clone, Copy, Default)]
struct Tok {
    key: u64,
    stem: u64,
    loose: u64,
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
}

/// Reusable buffers for one thread.
#[derive(Debug, Default)]
pub struct FeatScratch {
    key: String,
    toks: Vec<Tok>,
    /// Feature indices of all tokens, token `i` at `offs[i]..offs[i+1]`.
    pub feats: Vec<u32>,
    pub offs: Vec<u32>,
    /// Number of word-identity features at the start of each token's list.
    pub lexn: Vec<u8>,
    /// Per-token document memory (see `memory.rs`), set by the caller
    /// before [`FeatScratch::extract`]; used with [`groups::MEMORY`].
    pub mem: Vec<u32>,
    /// Token information of earlier sentences kept by [`FeatScratch::keep`],
    /// so a second stage with the same lexicon need not recompute it.
    kept: Vec<Tok>,
    /// End of each kept sentence in `kept`.
    kept_ends: Vec<usize>,
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

fn is_quote(w: &str) -> Option<bool> {
    // Some(true) opens, Some(false) closes, None for toggling quotes.
    match w {
        "«" | "“" | "‹" => Some(true),
        "»" | "”" | "›" => Some(false),
        _ => None,
    }
}

impl FeatScratch {
    fn token_info(&mut self, words: &[&str], lex: &Lexicon) {
        self.toks.clear();
        let mut in_quote = false;
        for w in words {
            self.key.clear();
            let ks = key::keys_into(w, &mut self.key);
            let k = &self.key[ks.key.clone()];
            let clit = ks.flags;
            let stem = &self.key[ks.stem.clone()];
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
            let q = is_quote(w);
            let toggles = matches!(*w, "\"" | "'" | "''" | "``");
            let punct = !w.chars().any(char::is_alphanumeric);
            let khash = hash_str(k);
            let t = Tok {
                key: khash,
                stem: hash_str(stem),
                loose: hash_str(&self.key[ks.loose.clone()]),
                pre,
                suf,
                shape: shape_hash(w),
                clit,
                len: nchars.min(12) as u8,
                place: 0,
                actor: 0,
                first: false,
                trig: 0,
                cluster: lex.clusters.get(&khash).copied().unwrap_or(0),
                quote: in_quote,
                punct,
                ssuf,
                pre4,
                tri,
                ntri,
                brown: lex.brown.get(&khash).copied().unwrap_or(0),
            };
            match q {
                Some(true) => in_quote = true,
                Some(false) => in_quote = false,
                None if toggles => in_quote = !in_quote,
                None => {}
            }
            self.toks.push(t);
        }
        // Lexicon matches, longest first; the trigger and first-name lists
        // are single words.
        let n = self.toks.len();
        for i in 0..n {
            let t = &mut self.toks[i];
            t.trig = lexicon::trigger(t.stem);
            if t.trig == 0 && t.loose != t.stem {
                t.trig = lexicon::trigger(t.loose);
            }
            t.first = lex.first_names.contains(&t.stem) || lex.first_names.contains(&t.loose);
        }
        mark_phrases(&mut self.toks, &lex.places, |t| &mut t.place);
        mark_phrases(&mut self.toks, &lex.actors, |t| &mut t.actor);
    }

    /// Extracts features for `words` into `self.feats`/`self.offs`.
    pub fn extract(&mut self, words: &[&str], lex: &Lexicon, groups: u32, bits: u8) {
        self.token_info(words, lex);
        self.features(groups, bits);
    }

    /// Forgets the sentences kept by [`FeatScratch::keep`].
    pub fn clear_kept(&mut self) {
        self.kept.clear();
        self.kept_ends.clear();
    }

    /// Keeps the token information of the sentence just extracted.
    pub fn keep(&mut self) {
        self.kept.extend_from_slice(&self.toks);
        self.kept_ends.push(self.kept.len());
    }

    /// Extracts features for kept sentence `k` (same lexicon as when kept).
    /// Returns false when there is no such sentence.
    pub fn extract_kept(&mut self, k: usize, groups: u32, bits: u8) -> bool {
        let Some(&b) = self.kept_ends.get(k) else {
            return false;
        };
        let a = k.checked_sub(1).map_or(0, |j| self.kept_ends[j]);
        self.toks.clear();
        self.toks.extend_from_slice(&self.kept[a..b]);
        self.features(groups, bits);
        true
    }

    /// Features from the token information in `self.toks`.
    fn features(&mut self, groups: u32, bits: u8) {
        self.feats.clear();
        self.offs.clear();
        self.lexn.clear();
        let n = self.toks.len();
        let shift = 64 - u32::from(bits);
        let none = Tok {
            key: 1,
            stem: 1,
            loose: 1,
            shape: 1,
            ..Tok::default()
        };
        let bos = Tok {
            key: 2,
            stem: 2,
            loose: 2,
            shape: 2,
            ..Tok::default()
        };
        for i in 0..n {
            self.offs.push(self.feats.len() as u32);
            let at = |d: isize| -> &Tok {
                let j = i as isize + d;
                if j < 0 {
                    &bos
                } else if j as usize >= n {
                    &none
                } else {
                    &self.toks[j as usize]
                }
            };
            let t = at(0);
            let f = &mut self.feats;
            let mut push = |tmpl: u64, v: u64| {
                f.push((fmix(v ^ tmpl.wrapping_mul(0x9E37_79B9_7F4A_7C15)) >> shift) as u32);
            };
            // Word-identity features first: training drops them at random
            // (`lexn` counts them) so context features learn to carry
            // unseen names.
            if groups & groups::WORD != 0 {
                push(1, t.key);
                push(2, t.stem);
                if t.loose != t.stem {
                    push(3, t.loose);
                }
            }
            if groups & groups::BIGRAM != 0 {
                push(40, combine(at(-1).key, t.key));
                push(41, combine(t.key, at(1).key));
                push(42, combine(at(-1).stem, t.stem));
                push(43, combine(t.stem, at(1).stem));
            }
            let lexn = (f.len() - self.offs[i] as usize) as u8;
            self.lexn.push(lexn);
            let f = &mut self.feats;
            let mut push = |tmpl: u64, v: u64| {
                f.push((fmix(v ^ tmpl.wrapping_mul(0x9E37_79B9_7F4A_7C15)) >> shift) as u32);
            };
            push(0, 0);
            if groups & groups::WORD != 0 {
                push(4, u64::from(t.clit));
                push(5, u64::from(t.len));
            }
            if groups & groups::AFFIX != 0 {
                for (j, p) in t.pre.iter().enumerate() {
                    push(10 + j as u64, *p);
                }
                for (j, s) in t.suf.iter().enumerate() {
                    push(14 + j as u64, *s);
                }
            }
            if groups & groups::WINDOW != 0 {
                for (d, tm) in [(-2isize, 20u64), (-1, 21), (1, 22), (2, 23)] {
                    let o = at(d);
                    push(tm, o.key);
                    push(tm + 10, o.stem);
                }
            }
            if groups & groups::BIGRAM != 0 {
                push(44, combine(at(-2).stem, at(-1).stem));
                push(45, combine(at(1).stem, at(2).stem));
            }
            if groups & groups::SHAPE != 0 {
                push(50, t.shape);
                push(51, combine(combine(at(-1).shape, t.shape), at(1).shape));
            }
            if groups & groups::WIN_AFFIX != 0 {
                for (d, tm) in [(-1isize, 60u64), (1, 64)] {
                    let o = at(d);
                    push(tm, o.suf[1]);
                    push(tm + 1, o.suf[2]);
                    push(tm + 2, o.pre[1]);
                    push(tm + 3, u64::from(o.clit));
                }
            }
            if groups & groups::GAZ != 0 {
                for (d, tm) in [(-1isize, 70u64), (0, 71), (1, 72)] {
                    let o = at(d);
                    if o.place != 0 {
                        push(tm, u64::from(o.place));
                    }
                    if o.actor != 0 {
                        push(tm + 10, u64::from(o.actor));
                    }
                }
                if t.place != 0 {
                    push(75, combine(u64::from(t.place), t.stem));
                }
            }
            if groups & groups::FIRST_NAME != 0 {
                for (d, tm) in [(-1isize, 90u64), (0, 91), (1, 92)] {
                    if at(d).first {
                        push(tm, 1);
                    }
                }
            }
            if groups & groups::TRIGGER != 0 {
                for (d, tm) in [(-2isize, 100u64), (-1, 101), (0, 102), (1, 103)] {
                    let o = at(d);
                    if o.trig != 0 {
                        push(tm, u64::from(o.trig));
                    }
                }
                let (a, b) = (at(-1).trig, at(-2).trig);
                if a != 0 || b != 0 {
                    push(104, (u64::from(b) << 8) | u64::from(a));
                }
            }
            if groups & groups::QUOTE != 0 {
                push(110, u64::from(t.quote) | (u64::from(at(-1).punct) << 1));
            }
            if groups & groups::CLUSTER != 0 {
                for (d, tm) in [(-2isize, 120u64), (-1, 122), (0, 124), (1, 126), (2, 128)] {
                    let c = at(d).cluster;
                    if c != 0 {
                        push(tm, u64::from(c >> 16));
                        push(tm + 1, u64::from(c & 0xffff));
                    }
                }
                push(
                    130,
                    (u64::from(at(-1).cluster >> 16) << 16) | u64::from(t.cluster >> 16),
                );
                push(
                    131,
                    (u64::from(t.cluster >> 16) << 16) | u64::from(at(1).cluster >> 16),
                );
            }
            if groups & groups::STEM_AFFIX != 0 {
                for (j, x) in t.ssuf.iter().enumerate() {
                    push(150 + j as u64, *x);
                }
                push(154, t.pre4);
                for x in &t.tri[..t.ntri as usize] {
                    push(155, *x);
                }
                push(156, (i.min(3) as u64) | (u64::from(i + 1 == n) << 4));
                for (d, tm) in [(-2isize, 157u64), (2, 158)] {
                    push(tm, at(d).ssuf[1]);
                }
                push(159, combine(at(-1).ssuf[1], t.ssuf[1]));
                push(160, combine(t.ssuf[1], at(1).ssuf[1]));
                push(161, combine(u64::from(t.clit), t.ssuf[0]));
            }
            if groups & groups::BROWN != 0 {
                use crate::brown::path_prefix;
                for (d, tm) in [(-2isize, 170u64), (-1, 175), (0, 180), (1, 185), (2, 190)] {
                    let b = at(d).brown;
                    if b == 0 {
                        continue;
                    }
                    let lens: &[u32] = if d == 0 { &[4, 6, 10, 20] } else { &[4, 6, 10] };
                    for (j, &l) in lens.iter().enumerate() {
                        push(tm + j as u64, u64::from(path_prefix(b, l)));
                    }
                }
                push(
                    195,
                    (u64::from(path_prefix(at(-1).brown, 6)) << 32)
                        | u64::from(path_prefix(t.brown, 6)),
                );
                push(
                    196,
                    (u64::from(path_prefix(t.brown, 6)) << 32)
                        | u64::from(path_prefix(at(1).brown, 6)),
                );
            }
            if groups & groups::MEMORY != 0 && self.mem.len() == n {
                let m = |d: isize| -> u32 {
                    let j = i as isize + d;
                    if j < 0 || j as usize >= n {
                        0
                    } else {
                        self.mem[j as usize]
                    }
                };
                let (own, mask) = (u64::from(m(0) >> 9), u64::from(m(0) & 0x1ff));
                push(140, own);
                push(141, u64::from(m(0) & 0x21ff));
                push(142, (own << 16) | mask);
                push(143, (u64::from(m(-1) >> 9) << 8) | own);
                push(144, (own << 8) | u64::from(m(1) >> 9));
                push(145, (u64::from(m(-1) & 0x1ff) << 16) | mask);
                push(146, (mask << 16) | u64::from(m(1) & 0x1ff));
            }
        }
        self.offs.push(self.feats.len() as u32);
    }
}

/// Marks tokens covered by the longest lexicon phrase starting at each
/// position (stems; the first word may also match by its loose stem).
fn mark_phrases(toks: &mut [Tok], set: &crate::hash::IdSet, field: impl Fn(&mut Tok) -> &mut u8) {
    if set.is_empty() {
        return;
    }
    let n = toks.len();
    let mut i = 0;
    while i < n {
        let mut best = 0;
        for first in [toks[i].stem, toks[i].loose] {
            let mut h = lexicon::phrase_step(lexicon::phrase_start(), first);
            for len in 1..=MAX_PHRASE.min(n - i) {
                if len > 1 {
                    h = lexicon::phrase_step(h, toks[i + len - 1].stem);
                }
                if len > best && set.contains(&h) {
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
