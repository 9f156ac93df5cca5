//! The model: hashed feature weights (quantised to i16), tag transitions,
//! the compiled lexicon, and constrained Viterbi decoding.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::error::NerError;
use crate::eval::{spans, Span};
use crate::features::{Context, FeatScratch};
use crate::hash::{IdMap, IdSet};
use crate::key::KEY_VERSION;
use crate::lexicon::Lexicon;
use crate::rules;
use crate::tags::{Tag, N_TAGS};
use crate::weights::{PairRow, Weights, WeightsBuilder};

const MAGIC: &[u8; 4] = b"MNER";
/// Format 2 adds the optional first-stage model (document memory);
/// format 3 the name table ([`Lexicon::words`]), written only when there
/// is one (older models keep their bytes).
const FORMAT: u32 = 3;
/// Row of the transition table holding start-of-sentence scores.
pub(crate) const START: usize = N_TAGS;
pub(crate) type Trans = [[f32; N_TAGS]; N_TAGS + 1];

/// A trained tagger. Immutable once built; share it with `Arc`.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub(crate) bits: u8,
    pub(crate) groups: u32,
    /// Hashed feature rows of one weight per tag, in units of `scale`.
    pub(crate) weights: Weights,
    pub(crate) scale: f32,
    pub(crate) trans: Trans,
    pub(crate) lexicon: Lexicon,
    /// Whether the post-decoding rule layer runs.
    pub rules: bool,
    /// Subtracted from the O score of every token: trades precision for
    /// recall (the perceptron under-predicts entities); tuned on dev.
    pub o_bias: f32,
    /// Free-form provenance (corpora, settings, scores), saved in the file.
    pub info: String,
    /// Two-stage models: the first-stage model whose tags feed the
    /// document-memory features ([`crate::features::groups::MEMORY`]).
    pub(crate) stage1: Option<Box<Model>>,
    /// Sentences on each side that the document memory looks at.
    pub(crate) mem_window: u32,
    /// Whether the first stage has the same lexicon (then both stages
    /// share the per-token information). Derived, not saved.
    pub(crate) shared_lexicon: bool,
    /// Both stages' rows side by side, when the second stage's features
    /// are the first's plus memory: the first stage's context lookups then
    /// fetch the second's sums too. Derived, not saved.
    pub(crate) pair: Option<Weights<PairRow>>,
    /// Read from a first stage's bytes: its name table is its enclosing
    /// model's (filled in by that model's reader). Not saved as such.
    pub(crate) inherits_words: bool,
}

/// Per-thread buffers for tagging, reused between sentences.
#[derive(Debug, Default)]
pub struct TagScratch {
    pub(crate) feat: FeatScratch,
    emis: Vec<f32>,
    delta: Vec<f32>,
    back: Vec<u8>,
    /// Folded-stem hashes of the sentence, for the rule layer.
    stems: Vec<u64>,
    acc: Vec<[i32; N_TAGS]>,
    /// Tags of the last sentence tagged.
    pub tags: Vec<Tag>,
}

impl TagScratch {
    /// Buffers with a word-type cache: repeated words cost one lookup
    /// instead of their feature extraction and most of their weight
    /// gathers. Same tags as without; only for models that no longer
    /// change (not while training).
    pub fn cached() -> TagScratch {
        TagScratch {
            feat: FeatScratch::with_cache(),
            ..TagScratch::default()
        }
    }
}

/// Default number of sentences on each side used by document memory.
pub const MEM_WINDOW: u32 = 10;

impl Model {
    /// The model shipped with marsad, trained from the corpora listed in
    /// `models/ner/NOTICE`. Loaded once per process.
    pub fn builtin() -> Result<Arc<Model>, NerError> {
        static BUILTIN: OnceLock<Result<Arc<Model>, Arc<NerError>>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                Model::from_bytes(include_bytes!("../../../models/ner/ner-ar.bin"))
                    .map(Arc::new)
                    .map_err(Arc::new)
            })
            .clone()
            .map_err(NerError::Builtin)
    }

    pub fn load(path: impl AsRef<Path>) -> Result<Model, NerError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| NerError::io(path, e))?;
        Model::from_bytes(&bytes)
    }

    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), NerError> {
        let path = path.as_ref();
        std::fs::write(path, self.to_bytes()).map_err(|e| NerError::io(path, e))
    }

    /// Number of weight rows (hashed feature buckets).
    pub fn rows(&self) -> usize {
        self.weights.rows()
    }

    /// Tags one sentence of tokens.
    pub fn tag(&self, words: &[&str]) -> Vec<Tag> {
        let mut s = TagScratch::default();
        self.tag_with(words, &mut s);
        s.tags
    }

    /// Entity spans (token indices) of one sentence.
    pub fn entities(&self, words: &[&str]) -> Vec<Span> {
        spans(&self.tag(words))
    }

    /// Whether this is a two-stage model with document memory.
    pub fn has_memory(&self) -> bool {
        self.stage1.is_some()
    }

    /// Tags one sentence into `scratch.tags`, reusing its buffers. A
    /// two-stage model sees only this sentence as its document; use
    /// [`Model::tag_document`] to give it the neighbouring sentences.
    pub fn tag_with<'s>(&self, words: &[&str], scratch: &'s mut TagScratch) -> &'s [Tag] {
        match &self.stage1 {
            Some(s1) => {
                let t1 = s1.tag_with(words, scratch).to_vec();
                let mem = crate::memory::memory_values(&[words.to_vec()], &[t1], 0);
                scratch.feat.mem = mem.into_iter().next().unwrap_or_default();
            }
            None => scratch.feat.mem.clear(),
        }
        self.tag_core(words, None, self.lex_id(), scratch, Context::Own)
    }

    /// Identity of this model's lexicon for the word cache.
    fn lex_id(&self) -> usize {
        &self.lexicon as *const Lexicon as usize
    }

    /// Tags the sentences of one document (or of a corpus in document
    /// order): a two-stage model first tags them all with its first stage
    /// and gives each token the memory of its stem within
    /// `mem_window` sentences on each side.
    pub fn tag_document(&self, sents: &[Vec<&str>]) -> Vec<Vec<Tag>> {
        self.tag_document_with(sents, &mut TagScratch::default())
    }

    /// [`Model::tag_document`] with reusable buffers.
    pub fn tag_document_with(
        &self,
        sents: &[Vec<&str>],
        scratch: &mut TagScratch,
    ) -> Vec<Vec<Tag>> {
        let Some(s1) = &self.stage1 else {
            return sents
                .iter()
                .map(|w| self.tag_with(w, scratch).to_vec())
                .collect();
        };
        // Both stages read the same token information when they share a
        // lexicon (as trained models do): compute it once, and let the
        // word cache treat the two lexicons as one.
        let shared = self.shared_lexicon;
        let lex2 = if shared { s1.lex_id() } else { self.lex_id() };
        // Fused (only ever with a shared lexicon, see `fused_pair`): the
        // first stage also sums the second's context rows.
        let (ctx1, ctx2) = match &self.pair {
            Some(pair) => (
                Context::Pair {
                    pair,
                    second: &self.weights,
                    second_groups: self.groups,
                },
                Context::Kept,
            ),
            None => (Context::Own, Context::Own),
        };
        scratch.feat.clear_kept();
        scratch.feat.mem.clear();
        let t1: Vec<Vec<Tag>> = sents
            .iter()
            .map(|w| {
                let t = s1.tag_core(w, None, s1.lex_id(), scratch, ctx1).to_vec();
                if shared {
                    scratch.feat.keep();
                }
                t
            })
            .collect();
        let mem = if shared {
            let stems = scratch
                .feat
                .kept_sentences()
                .map(|s| s.iter().map(|t| t.mem_ok.then_some(t.loose)).collect())
                .collect();
            crate::memory::memory_values_from(stems, &t1, self.mem_window as usize)
        } else {
            crate::memory::memory_values(sents, &t1, self.mem_window as usize)
        };
        sents
            .iter()
            .zip(mem)
            .enumerate()
            .map(|(k, (w, m))| {
                scratch.feat.mem = m;
                self.tag_core(w, shared.then_some(k), lex2, scratch, ctx2)
                    .to_vec()
            })
            .collect()
    }

    /// Tags one sentence with whatever memory `scratch.feat.mem` holds.
    /// `kept`: the index of the sentence's token information kept in the
    /// scratch (computed with this model's lexicon), if any.
    /// `lex_id`: the identity under which the word cache may hold this
    /// model's token information.
    pub(crate) fn tag_core<'s>(
        &self,
        words: &[&str],
        kept: Option<usize>,
        lex_id: usize,
        scratch: &'s mut TagScratch,
        ctx: Context,
    ) -> &'s [Tag] {
        if scratch.feat.cache_usable(lex_id) {
            if !kept.is_some_and(|k| scratch.feat.restore_kept(k)) {
                scratch.feat.infos_cached(words, &self.lexicon, lex_id);
            }
            scratch.feat.emissions_cached(
                &self.weights,
                self.groups,
                self.bits,
                &mut scratch.acc,
                ctx,
            );
        } else {
            let reused = kept.is_some_and(|k| scratch.feat.extract_kept(k, self.groups, self.bits));
            if !reused {
                scratch
                    .feat
                    .extract(words, &self.lexicon, self.groups, self.bits);
            }
            let f = &scratch.feat;
            scratch.acc.clear();
            for i in 0..words.len() {
                let mut acc = [0i32; N_TAGS];
                for &r in &f.feats[f.offs[i] as usize..f.offs[i + 1] as usize] {
                    if let Some(row) = self.weights.row(r) {
                        for (a, w) in acc.iter_mut().zip(row) {
                            *a += i32::from(*w);
                        }
                    }
                }
                scratch.acc.push(acc);
            }
        }
        scratch.emis.clear();
        for a in &scratch.acc {
            scratch
                .emis
                .extend(a.iter().map(|&x| x as f32 * self.scale));
        }
        for e in scratch.emis.chunks_exact_mut(N_TAGS) {
            e[0] -= self.o_bias;
        }
        viterbi(
            &scratch.emis,
            &self.trans,
            &mut scratch.delta,
            &mut scratch.back,
            &mut scratch.tags,
        );
        if self.rules {
            scratch.stems.clear();
            scratch
                .stems
                .extend(scratch.feat.toks().iter().map(|t| t.stem));
            rules::apply(words, &mut scratch.tags, &scratch.stems);
        }
        &scratch.tags
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.to_bytes_in(None)
    }

    /// The bytes of this model; `parent`: the lexicon of the model this
    /// one is the first stage of (a name table equal to it is not
    /// written twice).
    fn to_bytes_in(&self, parent: Option<&Lexicon>) -> Vec<u8> {
        let mut o = Vec::with_capacity(1 << 20);
        o.extend_from_slice(MAGIC);
        let words = !self.lexicon.words.is_empty();
        let format = if words { FORMAT } else { 2 };
        for v in [format, KEY_VERSION, self.groups] {
            o.extend_from_slice(&v.to_le_bytes());
        }
        o.push(self.bits);
        o.push(u8::from(self.rules));
        o.extend_from_slice(&self.scale.to_le_bytes());
        o.extend_from_slice(&self.o_bias.to_le_bytes());
        for row in &self.trans {
            for v in row {
                o.extend_from_slice(&v.to_le_bytes());
            }
        }
        // Sparse rows: delta-coded row index, a mask of nonzero tags, values.
        put_u32(&mut o, self.weights.nonzero().count() as u32);
        let mut last = 0usize;
        for (r, row) in self.weights.nonzero() {
            put_varint(&mut o, (r - last) as u64);
            last = r;
            let mask = row
                .iter()
                .enumerate()
                .fold(0u16, |m, (i, &w)| m | (u16::from(w != 0) << i));
            o.extend_from_slice(&mask.to_le_bytes());
            for &w in row.iter().filter(|&&w| w != 0) {
                o.extend_from_slice(&w.to_le_bytes());
            }
        }
        for set in [
            &self.lexicon.places,
            &self.lexicon.actors,
            &self.lexicon.first_names,
        ] {
            let mut v: Vec<u64> = set.iter().copied().collect();
            v.sort_unstable();
            put_u32(&mut o, v.len() as u32);
            for h in v {
                o.extend_from_slice(&h.to_le_bytes());
            }
        }
        let mut c: Vec<(u64, u32)> = self
            .lexicon
            .clusters
            .iter()
            .map(|(k, v)| (*k, *v))
            .collect();
        c.sort_unstable();
        put_u32(&mut o, c.len() as u32);
        for (k, v) in c {
            o.extend_from_slice(&k.to_le_bytes());
            o.extend_from_slice(&v.to_le_bytes());
        }
        put_u32(&mut o, self.info.len() as u32);
        o.extend_from_slice(self.info.as_bytes());
        put_u32(&mut o, self.mem_window);
        match &self.stage1 {
            Some(m) => {
                let b = m.to_bytes_in(Some(&self.lexicon));
                put_u32(&mut o, b.len() as u32);
                o.extend_from_slice(&b);
            }
            None => put_u32(&mut o, 0),
        }
        let mut c: Vec<(u64, u32)> = self.lexicon.brown.iter().map(|(k, v)| (*k, *v)).collect();
        c.sort_unstable();
        put_u32(&mut o, c.len() as u32);
        for (k, v) in c {
            o.extend_from_slice(&k.to_le_bytes());
            o.extend_from_slice(&v.to_le_bytes());
        }
        if words {
            // 1: the enclosing model's table; else the table itself.
            let inherit = parent.is_some_and(|p| p.words == self.lexicon.words);
            o.push(u8::from(inherit));
            if !inherit {
                let mut v: Vec<(u64, u16)> =
                    self.lexicon.words.iter().map(|(k, v)| (*k, *v)).collect();
                v.sort_unstable();
                put_u32(&mut o, v.len() as u32);
                for (k, x) in v {
                    o.extend_from_slice(&k.to_le_bytes());
                    o.extend_from_slice(&x.to_le_bytes());
                }
            }
        }
        o
    }

    pub fn from_bytes(b: &[u8]) -> Result<Model, NerError> {
        let mut r = Reader { b, p: 0 };
        if r.take(4)? != MAGIC {
            return Err(NerError::BadModel("not a marsad NER model".into()));
        }
        let format = r.u32()?;
        if !(1..=FORMAT).contains(&format) {
            return Err(NerError::BadModel(format!(
                "format {format}, expected {FORMAT}"
            )));
        }
        let kv = r.u32()?;
        if kv != KEY_VERSION {
            return Err(NerError::BadModel(format!(
                "trained with word keys v{kv}, this build has v{KEY_VERSION}: retrain"
            )));
        }
        let groups = r.u32()?;
        let bits = r.u8()?;
        if !(8..=26).contains(&bits) {
            return Err(NerError::BadModel(format!("bad table size 2^{bits}")));
        }
        let rules = r.u8()? != 0;
        let scale = r.f32()?;
        let o_bias = r.f32()?;
        let mut trans = [[0f32; N_TAGS]; N_TAGS + 1];
        for row in trans.iter_mut() {
            for v in row.iter_mut() {
                *v = r.f32()?;
            }
        }
        let rows = 1usize << bits;
        let mut weights = WeightsBuilder::new(rows);
        let n = r.u32()? as usize;
        // Each row takes at least 3 bytes: a bad count cannot reserve much.
        weights.reserve(n.min(r.b.len().saturating_sub(r.p) / 3));
        let mut row = 0usize;
        for _ in 0..n {
            row = row
                .checked_add(r.varint()? as usize)
                .ok_or_else(|| NerError::BadModel("row index out of range".into()))?;
            let mask = u16::from_le_bytes([r.u8()?, r.u8()?]);
            let mut values = [0i16; N_TAGS];
            for (t, v) in values.iter_mut().enumerate() {
                if mask & (1 << t) != 0 {
                    *v = i16::from_le_bytes([r.u8()?, r.u8()?]);
                }
            }
            if !weights.push(row, values) {
                return Err(NerError::BadModel(
                    "row index out of range or out of order".into(),
                ));
            }
        }
        let mut sets: [IdSet; 3] = Default::default();
        for set in sets.iter_mut() {
            let n = r.u32()? as usize;
            set.reserve(n.min(1 << 24));
            for _ in 0..n {
                set.insert(r.u64()?);
            }
        }
        let n = r.u32()? as usize;
        let mut clusters = IdMap::default();
        clusters.reserve(n.min(1 << 24));
        for _ in 0..n {
            let k = r.u64()?;
            clusters.insert(k, r.u32()?);
        }
        let n = r.u32()? as usize;
        let info = String::from_utf8_lossy(r.take(n)?).into_owned();
        let (mut mem_window, mut stage1) = (0, None);
        let mut brown = IdMap::default();
        if format >= 2 {
            mem_window = r.u32()?;
            let n = r.u32()? as usize;
            if n > 0 {
                stage1 = Some(Box::new(Model::from_bytes(r.take(n)?)?));
            }
            let n = r.u32()? as usize;
            brown.reserve(n.min(1 << 24));
            for _ in 0..n {
                let k = r.u64()?;
                brown.insert(k, r.u32()?);
            }
        }
        let mut words = IdMap::default();
        let mut inherit = false;
        if format >= 3 {
            inherit = r.u8()? == 1;
            if !inherit {
                let n = r.u32()? as usize;
                words.reserve(n.min(1 << 22));
                for _ in 0..n {
                    let k = r.u64()?;
                    words.insert(k, u16::from_le_bytes([r.u8()?, r.u8()?]));
                }
            }
        }
        let [places, actors, first_names] = sets;
        let lexicon = Lexicon {
            places,
            actors,
            first_names,
            clusters,
            brown,
            words,
        };
        if let Some(s1) = stage1.as_deref_mut() {
            if s1.inherits_words {
                s1.lexicon.words = lexicon.words.clone();
                s1.inherits_words = false;
            }
        }
        let shared_lexicon = stage1.as_ref().is_some_and(|m| m.lexicon == lexicon);
        let mut m = Model {
            bits,
            groups,
            weights: weights.finish(),
            scale,
            trans,
            lexicon,
            rules,
            o_bias,
            info,
            stage1,
            mem_window,
            shared_lexicon,
            pair: None,
            inherits_words: inherit,
        };
        m.pair = m.fused_pair();
        Ok(m)
    }

    /// The paired table of [`Model::pair`], when the stages allow it: the
    /// same lexicon and hashing, and this stage's features are the first
    /// stage's plus document memory.
    pub(crate) fn fused_pair(&self) -> Option<Weights<PairRow>> {
        let s1 = self.stage1.as_deref()?;
        let fits = self.shared_lexicon
            && s1.bits == self.bits
            && s1.groups & crate::features::groups::MEMORY == 0
            && self.groups & !crate::features::groups::MEMORY == s1.groups;
        if !fits {
            return None;
        }
        Weights::pair(&s1.weights, &self.weights)
    }
}

fn put_u32(o: &mut Vec<u8>, v: u32) {
    o.extend_from_slice(&v.to_le_bytes());
}

fn put_varint(o: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        o.push((v as u8) | 0x80);
        v >>= 7;
    }
    o.push(v as u8);
}

struct Reader<'a> {
    b: &'a [u8],
    p: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], NerError> {
        let s = self
            .b
            .get(self.p..self.p.saturating_add(n))
            .ok_or_else(|| NerError::BadModel("truncated".into()))?;
        self.p += n;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, NerError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, NerError> {
        let mut a = [0u8; 4];
        a.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(a))
    }
    fn f32(&mut self) -> Result<f32, NerError> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn u64(&mut self) -> Result<u64, NerError> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }
    fn varint(&mut self) -> Result<u64, NerError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(NerError::BadModel("bad varint".into()))
    }
}

/// First-order Viterbi over `emis` (n × N_TAGS), allowing only valid BIO
/// sequences (no I-X at the start, after O or after another type).
pub(crate) fn viterbi(
    emis: &[f32],
    trans: &Trans,
    delta: &mut Vec<f32>,
    back: &mut Vec<u8>,
    out: &mut Vec<Tag>,
) {
    let n = emis.len() / N_TAGS;
    out.clear();
    if n == 0 {
        return;
    }
    delta.clear();
    delta.resize(n * N_TAGS, f32::NEG_INFINITY);
    back.clear();
    back.resize(n * N_TAGS, 0);
    for t in 0..N_TAGS {
        if !Tag(t as u8).is_inside() {
            delta[t] = trans[START][t] + emis[t];
        }
    }
    // Disallowed transitions (O → I-X, B-X → I-Y) as −∞: no branch in
    // the inner loop, and a −∞ candidate never beats the running best.
    let mut allowed = [[f32::NEG_INFINITY; N_TAGS]; N_TAGS];
    for (p, row) in allowed.iter_mut().enumerate() {
        for (t, x) in row.iter_mut().enumerate() {
            if Tag(p as u8).allows(Tag(t as u8)) {
                *x = trans[p][t];
            }
        }
    }
    for i in 1..n {
        // Previous tag outermost, all current tags at once (the compiler
        // vectorises the inner loop); the same first-best ties as scanning
        // previous tags in order for each current tag.
        let mut best = [f32::NEG_INFINITY; N_TAGS];
        let mut arg = [0u8; N_TAGS];
        for (p, row) in allowed.iter().enumerate() {
            let d = delta[(i - 1) * N_TAGS + p];
            for t in 0..N_TAGS {
                let s = d + row[t];
                if s > best[t] {
                    best[t] = s;
                    arg[t] = p as u8;
                }
            }
        }
        for t in 0..N_TAGS {
            delta[i * N_TAGS + t] = best[t] + emis[i * N_TAGS + t];
        }
        back[i * N_TAGS..(i + 1) * N_TAGS].copy_from_slice(&arg);
    }
    let last = &delta[(n - 1) * N_TAGS..];
    let mut t = (0..N_TAGS)
        .max_by(|&a, &b| last[a].total_cmp(&last[b]))
        .unwrap_or(0);
    out.resize(n, Tag::O);
    for i in (0..n).rev() {
        out[i] = Tag(t as u8);
        t = back[i * N_TAGS + t] as usize;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::groups;

    /// Emission scores through the word cache equal the gathered
    /// features', for both stages of the shipped model, on first sight
    /// and on repeats of each word, with quotes, digits, Latin and memory.
    #[test]
    fn word_cache_gives_the_same_scores() {
        let Ok(m) = Model::builtin() else {
            panic!("the shipped model loads");
        };
        let s1 = m.stage1.as_deref().unwrap_or(&m);
        assert!(m.groups & groups::MEMORY != 0);
        // Every template group, with clusters and Brown paths for some
        // words (the shipped model uses no Brown paths).
        let mut all = s1.clone();
        all.groups = groups::ALL | groups::MEMORY | groups::STEM_AFFIX | groups::BROWN;
        for (i, w) in ["عباس", "حلب", "فتح", "قال", "إدلب"].iter().enumerate() {
            let k = crate::hash::hash_str(&crate::key::fold(w));
            all.lexicon.brown.insert(k, 0b1_0110_1101 << i);
            all.lexicon.clusters.insert(k, (7 << 16) | i as u32);
        }
        let text = "قال الرئيس محمود عباس إن « حركة فتح » لن تقبل . \
            وأعلنت وزارة الدفاع الأمريكية ( البنتاغون ) أن 25 جنديا قتلوا في حلب \
            وصل أبو محمد الجولاني إلى إدلب يوم 3/5/2015 مع وفد من UNHCR \
            قال عباس إن فتح و حماس اتفقتا في القاهرة على تشكيل حكومة";
        let sents: Vec<Vec<&str>> = text
            .split(" . ")
            .chain(text.split("  "))
            .map(|s| s.split_whitespace().collect())
            .collect();
        for model in [s1, &*m, &all] {
            let (mut slow, mut fast) = (TagScratch::default(), TagScratch::cached());
            for round in 0..2 {
                for (k, w) in sents.iter().enumerate() {
                    let mem: Vec<u32> = (0..w.len())
                        .map(|i| ((i * 7919 + k * 31 + round) as u32) & 0x3fff)
                        .collect();
                    slow.feat.mem.clone_from(&mem);
                    fast.feat.mem = mem;
                    model.tag_core(w, None, model.lex_id(), &mut slow, Context::Own);
                    model.tag_core(w, None, model.lex_id(), &mut fast, Context::Own);
                    assert_eq!(slow.emis, fast.emis, "sentence {k}, round {round}");
                    assert_eq!(slow.tags, fast.tags);
                }
            }
        }
        let words: Vec<Vec<&str>> = sents.clone();
        assert_eq!(
            m.tag_document(&words),
            m.tag_document_with(&words, &mut TagScratch::cached())
        );
    }

    /// The fused stages (one paired table) score a document exactly as
    /// the two stages do apart, on new and on cached words.
    #[test]
    fn fused_stages_give_the_same_scores() {
        let Ok(m) = Model::builtin() else {
            panic!("the shipped model loads");
        };
        assert!(m.pair.is_some(), "the shipped model's stages fuse");
        let mut apart = (*m).clone();
        apart.pair = None;
        let docs = [
            "قال الرئيس محمود عباس إن « حركة فتح » لن تقبل . وأعلنت وزارة الدفاع أن 25 جنديا قتلوا في حلب",
            "وصل أبو محمد الجولاني إلى إدلب . قال الجولاني إن هيئة تحرير الشام باقية في إدلب . ورد عباس",
        ];
        let (mut fused_s, mut apart_s) = (TagScratch::cached(), TagScratch::cached());
        for round in 0..2 {
            for doc in docs {
                let sents: Vec<Vec<&str>> = doc
                    .split(" . ")
                    .map(|s| s.split_whitespace().collect())
                    .collect();
                let fused = m.tag_document_with(&sents, &mut fused_s);
                let two = apart.tag_document_with(&sents, &mut apart_s);
                assert_eq!(fused, two, "round {round}");
                assert_eq!(fused_s.emis, apart_s.emis, "round {round}");
            }
        }
    }
}
