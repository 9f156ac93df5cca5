//! The gazetteer compiler: Who's On First + GeoNames + the curated list
//! → `data/gazetteer/gazetteer.bin`.
//!
//! Deterministic by construction: records are sorted by (source, id),
//! keys live in a `BTreeMap`, floats are stored as parsed, and nothing
//! depends on time or hash order, so two runs give the same bytes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::gazetteer::{
    Kind, HEADER, KEY_SIZE, MAGIC, NONE, PLACE_SIZE, SRC_CURATED, SRC_CURRENT, SRC_GN, SRC_WOF,
};
use crate::matcher::phrase_key;
use crate::PlacesError;

/// File names inside the shared data folder.
pub const WOF_FILE: &str = "wof_mena_gazetteer.tsv";
pub const GEONAMES_FILE: &str = "geonames_cities500_arabic.tsv";
pub const CURATED_FILE: &str = "curated.tsv";
pub const ARTEFACT_FILE: &str = "gazetteer.bin";

/// Places without an Arabic name are kept only from this population on
/// (or when they are admin units): Arabic news never names the others.
const MIN_POP_WITHOUT_ARABIC: u32 = 5_000;

/// What a build produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    pub path: PathBuf,
    pub bytes: usize,
    pub places: usize,
    pub keys: usize,
    pub curated: usize,
}

#[derive(Debug, Clone, Default)]
struct Rec {
    /// Sort key: source rank then id.
    rank: u8,
    sort_id: String,
    wof: i64,
    gn: u32,
    wd: u32,
    lat: f32,
    lon: f32,
    pop: u32,
    kind: u8,
    flags: u8,
    cc: [u8; 2],
    region_ref: String,
    county_ref: String,
    name_ar: String,
    name_en: String,
    slug: String,
    names: BTreeSet<String>,
}

/// Bidi control marks (LRM, RLM, embeddings, overrides, isolates, the
/// Arabic letter mark): invisible formatting the sources leave in some
/// names (`القُدس` + U+200E), never part of a name.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}'
    )
}

/// A source name as stored: bidi controls dropped, white space trimmed.
fn clean_name(s: &str) -> String {
    if s.contains(is_bidi_control) {
        s.replace(is_bidi_control, "").trim().to_string()
    } else {
        s.trim().to_string()
    }
}

fn is_arabic(s: &str) -> bool {
    s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

fn parse_f32(s: &str) -> Option<f32> {
    s.trim().parse::<f32>().ok().filter(|v| v.is_finite())
}

fn parse_u32(s: &str) -> u32 {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .map(|v| v.min(u32::MAX as f64) as u32)
        .unwrap_or(0)
}

fn qid(s: &str) -> u32 {
    s.trim()
        .strip_prefix('Q')
        .and_then(|q| q.parse().ok())
        .unwrap_or(0)
}

fn cc_bytes(s: &str) -> [u8; 2] {
    let b = s.trim().as_bytes();
    if b.len() == 2 {
        [b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()]
    } else {
        [b'-', b'-']
    }
}

fn read(path: &Path) -> Result<String, PlacesError> {
    std::fs::read_to_string(path).map_err(|e| PlacesError::Io {
        path: path.display().to_string(),
        source: e,
    })
}

/// Only the letters of standard Arabic (no Persian/Urdu/Kurdish ones).
fn is_plain_arabic(s: &str) -> bool {
    s.chars()
        .all(|c| c == ' ' || ('\u{0621}'..='\u{064A}').contains(&c))
        && is_arabic(s)
}

fn set_display_names(r: &mut Rec) {
    if !is_arabic(&r.name_ar) {
        // The shortest plain-Arabic name reads best (لندن, not لأندأن).
        r.name_ar = r
            .names
            .iter()
            .filter(|n| is_plain_arabic(n))
            .min_by_key(|n| (n.chars().count(), n.as_str()))
            .or_else(|| r.names.iter().find(|n| is_arabic(n)))
            .cloned()
            .unwrap_or_default();
    }
    if r.name_en.is_empty() || is_arabic(&r.name_en) {
        r.name_en = r
            .names
            .iter()
            .find(|n| !is_arabic(n))
            .cloned()
            .unwrap_or_default();
    }
}

fn wof_records(text: &str) -> Vec<Rec> {
    let mut out = Vec::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 14 || f[13].trim() == "0" {
            continue;
        }
        let Some(kind) = Kind::parse(f[2]) else {
            continue;
        };
        let (Some(lat), Some(lon)) = (parse_f32(f[6]), parse_f32(f[7])) else {
            continue;
        };
        let Ok(wof) = f[0].trim().parse::<i64>() else {
            continue;
        };
        let mut names = BTreeSet::new();
        for n in [f[3], f[4]].into_iter().chain(f[5].split('|')) {
            let n = clean_name(n);
            if !n.is_empty() {
                names.insert(n);
            }
        }
        let pop = parse_u32(f[8]);
        let has_ar = names.iter().any(|n| is_arabic(n));
        if !has_ar && kind == Kind::Locality && pop < MIN_POP_WITHOUT_ARABIC {
            continue;
        }
        if !has_ar && kind == Kind::Neighbourhood {
            continue;
        }
        let region = f[11].trim();
        let county = f[12].trim();
        let mut r = Rec {
            rank: 1,
            sort_id: format!("{wof:020}"),
            wof,
            gn: parse_u32(f[9]),
            wd: qid(f[10]),
            lat,
            lon,
            pop,
            kind: kind as u8,
            flags: SRC_WOF | if f[13].trim() == "1" { SRC_CURRENT } else { 0 },
            cc: cc_bytes(f[1]),
            region_ref: if region.is_empty() || region == f[0].trim() {
                String::new()
            } else {
                format!("wof:{region}")
            },
            county_ref: if county.is_empty() || county == f[0].trim() {
                String::new()
            } else {
                format!("wof:{county}")
            },
            name_ar: clean_name(f[4]),
            name_en: clean_name(f[3]),
            slug: String::new(),
            names,
        };
        set_display_names(&mut r);
        out.push(r);
    }
    out
}

fn geonames_records(text: &str, wof: &mut [Rec]) -> Vec<Rec> {
    let by_gn: HashMap<u32, usize> = wof
        .iter()
        .enumerate()
        .filter(|(_, r)| r.gn != 0)
        .map(|(i, r)| (r.gn, i))
        .collect();
    let mut out = Vec::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 8 {
            continue;
        }
        let gn = parse_u32(f[0]);
        // `|`-separated in the shipped file (the README says `,`).
        let ar: Vec<String> = f[7]
            .split(['|', ','])
            .map(clean_name)
            .filter(|n| !n.is_empty())
            .collect();
        if let Some(&i) = by_gn.get(&gn) {
            // Same place as a WOF record: only its names are new.
            let r = &mut wof[i];
            r.names.extend(ar);
            r.flags |= SRC_GN;
            if r.pop == 0 {
                r.pop = parse_u32(f[6]);
            }
            set_display_names(r);
            continue;
        }
        let (Some(lat), Some(lon)) = (parse_f32(f[4]), parse_f32(f[5])) else {
            continue;
        };
        let mut names: BTreeSet<String> = ar.into_iter().collect();
        names.insert(clean_name(f[1]));
        let mut r = Rec {
            rank: 2,
            sort_id: format!("{gn:012}"),
            gn,
            lat,
            lon,
            pop: parse_u32(f[6]),
            kind: Kind::Locality as u8,
            flags: SRC_GN,
            cc: cc_bytes(f[2]),
            name_en: clean_name(f[1]),
            names,
            ..Rec::default()
        };
        set_display_names(&mut r);
        out.push(r);
    }
    out
}

/// Parses the curated list. Columns: slug kind country name_ar
/// variants(|) name_en lat lon population parent wikidata geonames source.
fn curated_records(text: &str) -> Result<Vec<Rec>, PlacesError> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("slug\t") {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let bad = |why: &str| PlacesError::Curated {
            line: n + 1,
            reason: why.to_string(),
        };
        if f.len() < 13 {
            return Err(bad("expected 13 tab-separated columns"));
        }
        let kind = Kind::parse(f[1].trim()).ok_or_else(|| bad("unknown kind"))?;
        let lat = parse_f32(f[6]).ok_or_else(|| bad("bad lat"))?;
        let lon = parse_f32(f[7]).ok_or_else(|| bad("bad lon"))?;
        if f[12].trim().is_empty() {
            return Err(bad("missing source for the coordinates"));
        }
        let slug = f[0].trim().to_string();
        if !seen.insert(slug.clone()) {
            return Err(bad("duplicate slug"));
        }
        let mut names = BTreeSet::new();
        for s in [f[3], f[5]].into_iter().chain(f[4].split('|')) {
            let s = clean_name(s);
            if !s.is_empty() {
                names.insert(s);
            }
        }
        let parent = f[9].trim().to_string();
        out.push(Rec {
            rank: 0,
            sort_id: slug.clone(),
            wof: 0,
            gn: parse_u32(f[11]),
            wd: qid(f[10]),
            lat,
            lon,
            pop: parse_u32(f[8]),
            kind: kind as u8,
            flags: SRC_CURATED,
            cc: cc_bytes(f[2]),
            region_ref: parent,
            county_ref: String::new(),
            name_ar: clean_name(f[3]),
            name_en: clean_name(f[5]),
            slug,
            names,
        });
    }
    Ok(out)
}

/// Compiles the artefact bytes from the source texts.
pub fn compile(
    wof_tsv: &str,
    geonames_tsv: &str,
    curated_tsv: &str,
) -> Result<Vec<u8>, PlacesError> {
    let mut wof = wof_records(wof_tsv);
    let gn = geonames_records(geonames_tsv, &mut wof);
    let cur = curated_records(curated_tsv)?;
    let mut recs: Vec<Rec> = cur.into_iter().chain(wof).chain(gn).collect();
    recs.sort_by(|a, b| (a.rank, &a.sort_id).cmp(&(b.rank, &b.sort_id)));
    recs.dedup_by(|a, b| a.rank == b.rank && a.sort_id == b.sort_id);
    Ok(serialize(&recs))
}

fn serialize(recs: &[Rec]) -> Vec<u8> {
    // Id → index, to link parents.
    let mut index: HashMap<String, u32> = HashMap::new();
    for (i, r) in recs.iter().enumerate() {
        if r.wof != 0 {
            index.insert(format!("wof:{}", r.wof), i as u32);
        }
        if !r.slug.is_empty() {
            index.insert(format!("cur:{}", r.slug), i as u32);
        }
        if r.gn != 0 {
            index.entry(format!("gn:{}", r.gn)).or_insert(i as u32);
        }
    }
    let mut strings: Vec<u8> = Vec::new();
    let mut interned: HashMap<String, (u32, u16)> = HashMap::new();
    let mut intern = |s: &str, strings: &mut Vec<u8>| -> (u32, u16) {
        // Names longer than u16 are cut at a char boundary (none are).
        let mut end = s.len().min(u16::MAX as usize);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        let s = &s[..end];
        if let Some(&r) = interned.get(s) {
            return r;
        }
        let r = (strings.len() as u32, s.len() as u16);
        strings.extend_from_slice(s.as_bytes());
        interned.insert(s.to_string(), r);
        r
    };
    let mut places = Vec::with_capacity(recs.len() * PLACE_SIZE);
    let mut keys: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (i, r) in recs.iter().enumerate() {
        let parent = |s: &str| {
            if s.is_empty() {
                NONE
            } else {
                index
                    .get(s)
                    .copied()
                    .filter(|&p| p as usize != i)
                    .unwrap_or(NONE)
            }
        };
        places.extend_from_slice(&r.wof.to_le_bytes());
        places.extend_from_slice(&r.gn.to_le_bytes());
        places.extend_from_slice(&r.wd.to_le_bytes());
        places.extend_from_slice(&r.lat.to_bits().to_le_bytes());
        places.extend_from_slice(&r.lon.to_bits().to_le_bytes());
        places.extend_from_slice(&r.pop.to_le_bytes());
        places.push(r.kind);
        places.push(r.flags);
        places.extend_from_slice(&r.cc);
        places.extend_from_slice(&parent(&r.region_ref).to_le_bytes());
        places.extend_from_slice(&parent(&r.county_ref).to_le_bytes());
        for s in [&r.name_ar, &r.name_en, &r.slug] {
            let (o, l) = intern(s, &mut strings);
            places.extend_from_slice(&o.to_le_bytes());
            places.extend_from_slice(&l.to_le_bytes());
        }
        places.extend_from_slice(&[0, 0]);
        for n in &r.names {
            let k = phrase_key(n);
            if k.chars().count() >= 2 {
                let v = keys.entry(k).or_default();
                if v.last() != Some(&(i as u32)) {
                    v.push(i as u32);
                }
            }
        }
    }
    let mut key_table = Vec::with_capacity(keys.len() * KEY_SIZE);
    let mut postings: Vec<u8> = Vec::new();
    let mut n_postings = 0u32;
    let mut n_keys = 0u32;
    for (k, v) in &keys {
        let v = &v[..v.len().min(u16::MAX as usize)];
        let (so, sl) = intern(k, &mut strings);
        key_table.extend_from_slice(&so.to_le_bytes());
        key_table.extend_from_slice(&n_postings.to_le_bytes());
        key_table.extend_from_slice(&(v.len() as u16).to_le_bytes());
        key_table.extend_from_slice(&sl.to_le_bytes());
        for p in v {
            postings.extend_from_slice(&p.to_le_bytes());
        }
        n_postings += v.len() as u32;
        n_keys += 1;
    }
    let mut out = Vec::with_capacity(
        HEADER + places.len() + key_table.len() + postings.len() + strings.len(),
    );
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(recs.len() as u32).to_le_bytes());
    out.extend_from_slice(&n_keys.to_le_bytes());
    out.extend_from_slice(&n_postings.to_le_bytes());
    out.extend_from_slice(&(strings.len() as u32).to_le_bytes());
    out.extend_from_slice(&places);
    out.extend_from_slice(&key_table);
    out.extend_from_slice(&postings);
    out.extend_from_slice(&strings);
    out
}

/// `marsad gazetteer build`: reads `shared_dir` (the shared
/// `data/gazetteer/` folder) and `out_dir/curated.tsv`, writes
/// `out_dir/gazetteer.bin`.
pub fn build_gazetteer(shared_dir: &Path, out_dir: &Path) -> Result<BuildReport, PlacesError> {
    let wof = read(&shared_dir.join(WOF_FILE))?;
    let gn = read(&shared_dir.join(GEONAMES_FILE))?;
    let cur = read(&out_dir.join(CURATED_FILE))?;
    let bytes = compile(&wof, &gn, &cur)?;
    let g = crate::Gazetteer::from_bytes(bytes.clone())?;
    let path = out_dir.join(ARTEFACT_FILE);
    std::fs::write(&path, &bytes).map_err(|e| PlacesError::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    Ok(BuildReport {
        path,
        bytes: bytes.len(),
        places: g.len(),
        keys: g.key_count(),
        curated: cur
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("slug\t"))
            .count(),
    })
}
