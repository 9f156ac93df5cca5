//! The compiled gazetteer: a flat little-endian binary read in place.
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! magic   8 bytes  "MRSDGAZ" + format version
//! header  4 × u32  places, keys, postings, strings (byte length)
//! places  places × 60 bytes (see `PLACE_SIZE`)
//! keys    keys × 12 bytes: string offset u32, posting offset u32,
//!         posting count u16, string length u16 — sorted by key bytes
//! posting postings × u32 place indices
//! strings UTF-8 bytes
//! ```
//!
//! Nothing is parsed at load time beyond the header: lookups binary-search
//! the key table directly in the bytes, so loading costs a bounds check.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use marsad_core::hash::HashFilter;

use crate::probe::{Field, Inserter, Probe, ProbeTable, NO_KEY};
use crate::PlacesError;

/// Countries Arabic news is mostly about: they get a small prior boost
/// and their villages need less evidence.
pub(crate) fn core_country(cc: &[u8; 2]) -> bool {
    matches!(
        cc,
        b"SY" | b"IQ" | b"YE" | b"LY" | b"LB" | b"PS" | b"EG" | b"JO" | b"SA" | b"TR" | b"IL"
    )
}

pub(crate) const MAGIC: &[u8; 8] = b"MRSDGAZ\x01";
pub(crate) const HEADER: usize = 8 + 16;
pub(crate) const PLACE_SIZE: usize = 60;
pub(crate) const KEY_SIZE: usize = 12;
/// "No parent" in the region/county fields.
pub(crate) const NONE: u32 = u32::MAX;

/// The artefact committed under `data/gazetteer/`, embedded so that one
/// binary works offline.
static EMBEDDED: &[u8] = include_bytes!("../../../data/gazetteer/gazetteer.bin");

/// What kind of place a record is. Stored as one byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Kind {
    Country = 0,
    Region = 1,
    County = 2,
    LocalAdmin = 3,
    Locality = 4,
    Neighbourhood = 5,
    Airport = 6,
    Landform = 7,
    Crossing = 8,
    Camp = 9,
    Area = 10,
    Facility = 11,
}

impl Kind {
    pub fn from_u8(b: u8) -> Kind {
        match b {
            0 => Kind::Country,
            1 => Kind::Region,
            2 => Kind::County,
            3 => Kind::LocalAdmin,
            5 => Kind::Neighbourhood,
            6 => Kind::Airport,
            7 => Kind::Landform,
            8 => Kind::Crossing,
            9 => Kind::Camp,
            10 => Kind::Area,
            11 => Kind::Facility,
            _ => Kind::Locality,
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "country" => Kind::Country,
            "region" => Kind::Region,
            "county" => Kind::County,
            "localadmin" => Kind::LocalAdmin,
            "locality" => Kind::Locality,
            "neighbourhood" => Kind::Neighbourhood,
            "airport" | "campus" => Kind::Airport,
            "landform" => Kind::Landform,
            "crossing" => Kind::Crossing,
            "camp" => Kind::Camp,
            "area" => Kind::Area,
            "facility" => Kind::Facility,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Region => "region",
            Kind::County => "county",
            Kind::LocalAdmin => "localadmin",
            Kind::Locality => "locality",
            Kind::Neighbourhood => "neighbourhood",
            Kind::Airport => "airport",
            Kind::Landform => "landform",
            Kind::Crossing => "crossing",
            Kind::Camp => "camp",
            Kind::Area => "area",
            Kind::Facility => "facility",
        }
    }
}

/// Record source, in the flags byte.
pub(crate) const SRC_WOF: u8 = 1;
pub(crate) const SRC_GN: u8 = 2;
pub(crate) const SRC_CURATED: u8 = 4;
/// WOF marks the record current (`is_current = 1`).
pub(crate) const SRC_CURRENT: u8 = 8;

/// One gazetteer record, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Record<'a> {
    pub index: u32,
    pub wof: Option<i64>,
    pub geonames: Option<u32>,
    pub wikidata: Option<u32>,
    pub lat: f32,
    pub lon: f32,
    pub population: u32,
    pub kind: Kind,
    pub flags: u8,
    pub country: [u8; 2],
    pub region: Option<u32>,
    pub county: Option<u32>,
    /// The gazetteer's strings and where this record's names are in them:
    /// read on demand, as most records a document touches are only scored.
    strings: &'a str,
    names: [(u32, u16); 3],
}

impl<'a> Record<'a> {
    fn name(&self, k: usize) -> &'a str {
        let (at, len) = self.names[k];
        let at = at as usize;
        self.strings.get(at..at + len as usize).unwrap_or("")
    }

    pub fn name_ar(&self) -> &'a str {
        self.name(0)
    }

    pub fn name_en(&self) -> &'a str {
        self.name(1)
    }

    /// Curated records' slug (empty otherwise).
    pub fn slug(&self) -> &'a str {
        self.name(2)
    }

    /// The stable id used in `Place::id`.
    pub fn id(&self) -> String {
        if !self.slug().is_empty() {
            format!("cur:{}", self.slug())
        } else if let Some(w) = self.wof {
            format!("wof:{w}")
        } else if let Some(g) = self.geonames {
            format!("gn:{g}")
        } else {
            format!("idx:{}", self.index)
        }
    }

    pub fn country_code(&self) -> Option<&str> {
        std::str::from_utf8(&self.country)
            .ok()
            .filter(|c| c.bytes().all(|b| b.is_ascii_uppercase()))
    }

    pub fn is_current(&self) -> bool {
        self.flags & SRC_CURRENT != 0
    }

    pub fn is_curated(&self) -> bool {
        self.flags & SRC_CURATED != 0
    }

    /// A display name: Arabic, else English.
    pub fn display_name(&self) -> &'a str {
        if self.name_ar().is_empty() {
            self.name_en()
        } else {
            self.name_ar()
        }
    }
}

enum Bytes {
    Static(&'static [u8]),
    Owned(Vec<u8>),
}

/// A loaded gazetteer, cheap to share (`Arc`).
pub struct Gazetteer {
    bytes: Bytes,
    n_places: usize,
    n_keys: usize,
    places_at: usize,
    keys_at: usize,
    postings_at: usize,
    n_postings: usize,
    strings_at: usize,
    /// The string section, checked as UTF-8 once at load, so that reading
    /// a record's names is a slice, not a UTF-8 check.
    strings: Cow<'static, str>,
    /// Country record per ISO code, sorted by code.
    countries: Vec<([u8; 2], u32)>,
    /// Largest number of words in a key (bounds phrase matching).
    max_words: usize,
    /// Hashes of every key and of the words before each space in it
    /// (`"w1"`, `"w1 w2"` for `"w1 w2 w3"`), with the index of a key that
    /// is it (`exact`) or continues it with a space (`prefix`). Most
    /// probes of the matcher miss, and this answers hits and misses
    /// without a binary search over the keys; a hit is still confirmed
    /// against the keys (a hash collision falls back to the search).
    probe: ProbeTable,
    /// Screens the probe map: most words of a text are no place name,
    /// and this 256 KB filter, unlike the map, stays in the CPU cache.
    seen: HashFilter,
    /// Distinct for every gazetteer loaded in this process (see
    /// [`Gazetteer::instance`]).
    instance: u64,
}

/// Bits of [`Gazetteer::seen`] (2^21: 256 KB).
const SEEN_BITS: u32 = 21;

/// In memory only: never stored, so it may change.
#[inline]
fn key_hash(b: &[u8]) -> u64 {
    marsad_core::hash::hash_bytes(0, b)
}

#[inline]
fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(a)
}

#[inline]
fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

impl Gazetteer {
    /// The embedded artefact, loaded once per process.
    pub fn embedded() -> Result<Arc<Gazetteer>, PlacesError> {
        static G: OnceLock<Result<Arc<Gazetteer>, Arc<PlacesError>>> = OnceLock::new();
        G.get_or_init(|| {
            Gazetteer::from_static(EMBEDDED)
                .map(Arc::new)
                .map_err(Arc::new)
        })
        .clone()
        .map_err(PlacesError::Embedded)
    }

    pub fn from_static(bytes: &'static [u8]) -> Result<Gazetteer, PlacesError> {
        Self::parse(Bytes::Static(bytes))
    }

    pub fn from_bytes(bytes: Vec<u8>) -> Result<Gazetteer, PlacesError> {
        Self::parse(Bytes::Owned(bytes))
    }

    pub fn open(path: &Path) -> Result<Gazetteer, PlacesError> {
        let bytes = std::fs::read(path).map_err(|e| PlacesError::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        Self::from_bytes(bytes)
    }

    fn parse(bytes: Bytes) -> Result<Gazetteer, PlacesError> {
        let b: &[u8] = match &bytes {
            Bytes::Static(s) => s,
            Bytes::Owned(v) => v,
        };
        if b.len() < HEADER || &b[..8] != MAGIC {
            return Err(PlacesError::Corrupt("bad magic or truncated header".into()));
        }
        let n_places = u32_at(b, 8) as usize;
        let n_keys = u32_at(b, 12) as usize;
        let n_postings = u32_at(b, 16) as usize;
        let n_strings = u32_at(b, 20) as usize;
        let places_at = HEADER;
        let keys_at = places_at + n_places * PLACE_SIZE;
        let postings_at = keys_at + n_keys * KEY_SIZE;
        let strings_at = postings_at + n_postings * 4;
        if strings_at + n_strings != b.len() {
            return Err(PlacesError::Corrupt("section sizes do not add up".into()));
        }
        let strings: Cow<'static, str> = match &bytes {
            Bytes::Static(s) => std::str::from_utf8(&s[strings_at..]).map(Cow::Borrowed),
            Bytes::Owned(v) => {
                std::str::from_utf8(&v[strings_at..]).map(|s| Cow::Owned(s.to_owned()))
            }
        }
        .map_err(|_| PlacesError::Corrupt("string section not UTF-8".into()))?;
        let mut g = Gazetteer {
            bytes: Bytes::Static(&[]),
            n_places,
            n_keys,
            places_at,
            keys_at,
            postings_at,
            n_postings,
            strings_at,
            strings: Cow::Borrowed(""),
            countries: Vec::new(),
            max_words: 1,
            probe: ProbeTable::with_capacity(n_keys * 3 / 2),
            seen: HashFilter::new(SEEN_BITS),
            instance: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        };
        // Validate string and posting references once, so that later
        // reads cannot go out of bounds on a corrupt file.
        let mut probe = Inserter::new(&mut g.probe);
        for k in 0..n_keys {
            let at = keys_at + k * KEY_SIZE;
            let (so, po, pn, sl) = (
                u32_at(b, at) as usize,
                u32_at(b, at + 4) as usize,
                u16_at(b, at + 8) as usize,
                u16_at(b, at + 10) as usize,
            );
            if so + sl > n_strings || po + pn > n_postings {
                return Err(PlacesError::Corrupt(format!("key {k} out of range")));
            }
            let Some(s) = strings.get(so..so + sl).map(str::as_bytes) else {
                return Err(PlacesError::Corrupt(format!("key {k} not UTF-8")));
            };
            let words = s.iter().filter(|&&c| c == b' ').count() + 1;
            g.max_words = g.max_words.max(words.min(8));
            probe.set(key_hash(s), Field::Exact, k as u32);
            for (i, &c) in s.iter().enumerate() {
                if c == b' ' {
                    // Filed under the words before the space, so that one
                    // probe of a phrase tells both whether it is a key and
                    // whether a longer key continues it.
                    probe.set(key_hash(&s[..i]), Field::Prefix, k as u32);
                }
            }
        }
        probe.finish();
        for h in g.probe.hashes() {
            g.seen.insert(h);
        }
        for p in 0..n_postings {
            if u32_at(b, postings_at + p * 4) as usize >= n_places {
                return Err(PlacesError::Corrupt("posting out of range".into()));
            }
        }
        for i in 0..n_places {
            let at = places_at + i * PLACE_SIZE;
            for f in [40, 46, 52] {
                let so = u32_at(b, at + f) as usize;
                let sl = u16_at(b, at + f + 4) as usize;
                if strings.get(so..so + sl).is_none() {
                    return Err(PlacesError::Corrupt(format!("place {i} bad string")));
                }
            }
            for f in [32, 36] {
                let r = u32_at(b, at + f);
                if r != NONE && r as usize >= n_places {
                    return Err(PlacesError::Corrupt(format!("place {i} bad parent")));
                }
            }
            if b[at + 28] == Kind::Country as u8 {
                g.countries.push(([b[at + 30], b[at + 31]], i as u32));
            }
        }
        g.countries.sort_unstable();
        g.countries.dedup_by_key(|c| c.0);
        g.bytes = bytes;
        g.strings = strings;
        Ok(g)
    }

    fn b(&self) -> &[u8] {
        match &self.bytes {
            Bytes::Static(s) => s,
            Bytes::Owned(v) => v,
        }
    }

    pub fn len(&self) -> usize {
        self.n_places
    }

    pub fn is_empty(&self) -> bool {
        self.n_places == 0
    }

    pub fn key_count(&self) -> usize {
        self.n_keys
    }

    pub fn max_words(&self) -> usize {
        self.max_words
    }

    /// The raw artefact bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.b()
    }

    fn str_at(&self, off: usize, len: usize) -> &str {
        self.strings.get(off..off + len).unwrap_or("")
    }

    /// Raw key bytes: binary search compares bytes, no UTF-8 check.
    fn key_bytes(&self, k: usize) -> &[u8] {
        let at = self.keys_at + k * KEY_SIZE;
        let b = self.b();
        let from = self.strings_at + u32_at(b, at) as usize;
        &b[from..from + u16_at(b, at + 10) as usize]
    }

    fn key_str(&self, k: usize) -> &str {
        let at = self.keys_at + k * KEY_SIZE;
        let b = self.b();
        self.str_at(u32_at(b, at) as usize, u16_at(b, at + 10) as usize)
    }

    pub fn record(&self, i: u32) -> Option<Record<'_>> {
        let i = i as usize;
        if i >= self.n_places {
            return None;
        }
        let b = self.b();
        let at = self.places_at + i * PLACE_SIZE;
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[at..at + 8]);
        let wof = i64::from_le_bytes(w);
        let opt = |v: u32| (v != 0).then_some(v);
        let par = |v: u32| (v != NONE).then_some(v);
        let s = |f: usize| (u32_at(b, at + f), u16_at(b, at + f + 4));
        Some(Record {
            index: i as u32,
            wof: (wof != 0).then_some(wof),
            geonames: opt(u32_at(b, at + 8)),
            wikidata: opt(u32_at(b, at + 12)),
            lat: f32::from_bits(u32_at(b, at + 16)),
            lon: f32::from_bits(u32_at(b, at + 20)),
            population: u32_at(b, at + 24),
            kind: Kind::from_u8(b[at + 28]),
            flags: b[at + 29],
            country: [b[at + 30], b[at + 31]],
            region: par(u32_at(b, at + 32)),
            county: par(u32_at(b, at + 36)),
            strings: &self.strings,
            names: [s(40), s(46), s(52)],
        })
    }

    fn probe_of(&self, h: u64) -> Option<Probe> {
        if !self.seen.may_contain(h) {
            return None;
        }
        self.probe.get(h)
    }

    /// Starts loading record `i` (a hint only).
    #[inline]
    pub fn prefetch_record(&self, i: u32) {
        let at = self.places_at + i as usize * PLACE_SIZE;
        let b = self.b();
        for p in [at, at + PLACE_SIZE - 1] {
            if let Some(x) = b.get(p) {
                marsad_core::hash::prefetch(x);
            }
        }
    }

    /// Starts loading what [`Gazetteer::probe_phrase`] will read for
    /// `key`, so that a document's probes can be announced before they
    /// are made (a hint only). Returns the key's hash, for
    /// [`Gazetteer::probe_phrase_hashed`].
    #[inline]
    pub fn prefetch_phrase(&self, key: &str) -> u64 {
        let h = key_hash(key.as_bytes());
        self.seen.prefetch(h);
        self.probe.prefetch(h);
        h
    }

    /// Index of the first key `>= key` (byte order).
    fn lower_bound(&self, key: &str) -> usize {
        let (mut lo, mut hi) = (0usize, self.n_keys);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.key_bytes(mid).cmp(key.as_bytes()) == Ordering::Less {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Place indices filed under a search key (exact match).
    pub fn lookup(&self, key: &str) -> &[u8] {
        self.probe_phrase(key).0
    }

    /// A number no other gazetteer loaded in this process has: the key
    /// of caches of answers derived from this one.
    pub fn instance(&self) -> u64 {
        self.instance
    }

    /// One probe for phrase matching: the place indices filed under `key`
    /// (as [`Gazetteer::lookup`]) and whether a longer key starts with
    /// `key` and a space (as `has_prefix("{key} ")`).
    pub fn probe_phrase(&self, key: &str) -> (&[u8], bool) {
        self.probe_phrase_hashed(key, key_hash(key.as_bytes()))
    }

    /// [`Gazetteer::probe_phrase`] with the key's hash already computed
    /// (by [`Gazetteer::prefetch_phrase`]).
    pub fn probe_phrase_hashed(&self, key: &str, h: u64) -> (&[u8], bool) {
        let Some(p) = self.probe_of(h) else {
            return (&[], false);
        };
        let more = p.prefix != NO_KEY && {
            let k = self.key_bytes(p.prefix as usize);
            if k.starts_with(key.as_bytes()) && k.get(key.len()) == Some(&b' ') {
                true
            } else {
                // Another phrase with the same hash.
                let mut spaced = String::with_capacity(key.len() + 1);
                spaced.push_str(key);
                spaced.push(' ');
                let k = self.lower_bound(&spaced);
                k < self.n_keys && self.key_bytes(k).starts_with(spaced.as_bytes())
            }
        };
        if p.exact == NO_KEY {
            return (&[], more);
        }
        let mut k = p.exact as usize;
        if self.key_bytes(k) != key.as_bytes() {
            // Another key with the same hash.
            k = self.lower_bound(key);
            if k >= self.n_keys || self.key_bytes(k) != key.as_bytes() {
                return (&[], more);
            }
        }
        let at = self.keys_at + k * KEY_SIZE;
        let b = self.b();
        let po = u32_at(b, at + 4) as usize;
        let pn = u16_at(b, at + 8) as usize;
        let from = self.postings_at + po * 4;
        (&b[from..from + pn * 4], more)
    }

    /// Place indices for a key, decoded.
    pub fn lookup_ids(&self, key: &str) -> Vec<u32> {
        self.lookup(key)
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    }

    /// Whether any key starts with `prefix` (used to extend phrases).
    pub fn has_prefix(&self, prefix: &str) -> bool {
        if let Some(phrase) = prefix.strip_suffix(' ') {
            return self.probe_phrase(phrase).1;
        }
        let k = self.lower_bound(prefix);
        k < self.n_keys && self.key_bytes(k).starts_with(prefix.as_bytes())
    }

    /// The country record of an ISO code.
    pub fn country(&self, cc: &str) -> Option<Record<'_>> {
        let b = cc.as_bytes();
        if b.len() != 2 {
            return None;
        }
        let code = [b[0], b[1]];
        self.countries
            .binary_search_by(|c| c.0.cmp(&code))
            .ok()
            .and_then(|i| self.record(self.countries[i].1))
    }

    /// Number of posting entries (for reports).
    pub fn posting_count(&self) -> usize {
        self.n_postings
    }

    /// Every key, in order (for tests and reports).
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.n_keys).map(|k| self.key_str(k))
    }
}
