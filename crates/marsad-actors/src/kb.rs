//! The actor knowledge base: `data/actors/actors.toml`, its loader, its
//! alias index and its coverage counts.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use marsad_core::{ActorCategory, ActorKind};
use serde::{Deserialize, Serialize};

use crate::words::phrase_key;

// Index keys come from the knowledge base, never from input text, so a
// fast non-keyed hash is safe here (text only looks keys up).
type HashMap<K, V> = rustc_hash::FxHashMap<K, V>;
type HashSet<K> = rustc_hash::FxHashSet<K>;

/// The shipped knowledge base, embedded at build time.
pub const KB_SOURCE: &str = include_str!("../../../data/actors/actors.toml");

/// Why a knowledge base could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KbError {
    #[error("actors knowledge base does not parse")]
    Parse(#[source] toml::de::Error),
    #[error("actor {id:?}: {reason}")]
    Invalid { id: String, reason: String },
}

/// Which organ of a state an actor is: what `الحكومة` / `الجيش` + a
/// country adjective (or alone, in a country's context) refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Branch {
    Gov,
    Mil,
    Police,
    Intel,
    Mofa,
    Mod,
    Moi,
    Parl,
}

impl Branch {
    pub const ALL: [Branch; 8] = [
        Branch::Gov,
        Branch::Mil,
        Branch::Police,
        Branch::Intel,
        Branch::Mofa,
        Branch::Mod,
        Branch::Moi,
        Branch::Parl,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Branch::Gov => "gov",
            Branch::Mil => "mil",
            Branch::Police => "police",
            Branch::Intel => "intel",
            Branch::Mofa => "mofa",
            Branch::Mod => "mod",
            Branch::Moi => "moi",
            Branch::Parl => "parl",
        }
    }

    /// Kind of a derived (not curated) branch actor.
    pub fn kind(self) -> ActorKind {
        match self {
            Branch::Mil | Branch::Police | Branch::Intel => ActorKind::StateForces,
            _ => ActorKind::GovernmentBody,
        }
    }

    /// English name pattern of a derived branch actor.
    pub fn english(self, country: &str) -> String {
        match self {
            Branch::Gov => format!("Government of {country}"),
            Branch::Mil => format!("Military Forces of {country}"),
            Branch::Police => format!("Police Forces of {country}"),
            Branch::Intel => format!("Intelligence services of {country}"),
            Branch::Mofa => format!("Ministry of Foreign Affairs of {country}"),
            Branch::Mod => format!("Ministry of Defence of {country}"),
            Branch::Moi => format!("Ministry of Interior of {country}"),
            Branch::Parl => format!("Parliament of {country}"),
        }
    }

    /// Arabic name of a derived branch actor from the country adjective
    /// (masculine, no article: `تركي`).
    pub fn arabic(self, adj: &str) -> String {
        match self {
            Branch::Gov => format!("الحكومة ال{adj}ة"),
            Branch::Mil => format!("الجيش ال{adj}"),
            Branch::Police => format!("الشرطة ال{adj}ة"),
            Branch::Intel => format!("المخابرات ال{adj}ة"),
            Branch::Mofa => format!("وزارة الخارجية ال{adj}ة"),
            Branch::Mod => format!("وزارة الدفاع ال{adj}ة"),
            Branch::Moi => format!("وزارة الداخلية ال{adj}ة"),
            Branch::Parl => format!("البرلمان ال{adj}"),
        }
    }
}

/// A link from an actor to a larger body, as written in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AffiliationEntry {
    pub id: String,
    pub relation: String,
}

/// One actor of the knowledge base, as written in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorEntry {
    pub id: String,
    pub ar: String,
    #[serde(default)]
    pub en: Option<String>,
    pub kind: ActorKind,
    #[serde(default)]
    pub category: Option<ActorCategory>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub wikidata: Option<String>,
    #[serde(default)]
    pub branch: Option<Branch>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub latin: Vec<String>,
    #[serde(default)]
    pub former: Vec<String>,
    #[serde(default)]
    pub generic: Vec<String>,
    #[serde(default)]
    pub adj: Vec<String>,
    #[serde(default)]
    pub ambiguous: Vec<String>,
    /// Names (also listed as `ar` or under `aliases`) that are common
    /// words or generic names (`مالي`, `الحرس الوطني`): linked only where
    /// the context supports the actor (see the linker).
    #[serde(default)]
    pub weak: Vec<String>,
    #[serde(default)]
    pub affiliations: Vec<AffiliationEntry>,
    /// Years of activity as written in the file: `"2013-2017"` (active
    /// from 2013 to 2017) or `"2012-"` (from 2012, still active or end
    /// unknown); parsed by [`ActorEntry::period`].
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Years of activity of an actor (`period = "2013-2017"` or `"2012-"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Period {
    /// First year of activity.
    pub start: u16,
    /// Last year of activity; `None` when still active or unknown.
    pub end: Option<u16>,
}

impl Period {
    /// Parses `YYYY-` or `YYYY-YYYY` (start not after end); `None` for
    /// anything else.
    pub fn parse(s: &str) -> Option<Period> {
        let (a, b) = s.split_once('-')?;
        let year = |t: &str| -> Option<u16> {
            if t.len() == 4 && t.bytes().all(|c| c.is_ascii_digit()) {
                t.parse().ok().filter(|y| (1800..=2100).contains(y))
            } else {
                None
            }
        };
        let start = year(a)?;
        let end = if b.is_empty() { None } else { Some(year(b)?) };
        if end.is_some_and(|e| e < start) {
            return None;
        }
        Some(Period { start, end })
    }

    /// Whether the actor was active at some time in `year`.
    pub fn covers(&self, year: u16) -> bool {
        year >= self.start && self.end.is_none_or(|e| year <= e)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.end {
            Some(e) => write!(f, "{}-{e}", self.start),
            None => write!(f, "{}-", self.start),
        }
    }
}

impl ActorEntry {
    /// The parsed `period` (validated when the knowledge base loads).
    pub fn period(&self) -> Option<Period> {
        self.period.as_deref().and_then(Period::parse)
    }

    /// Every name that links to the actor: canonical Arabic name,
    /// aliases, Latin names and former names. The English name is a
    /// display name (often descriptive: "Military Forces of Syria") and
    /// is not matched; list matchable Latin names under `latin`.
    pub fn names(&self) -> impl Iterator<Item = (&str, AliasKind)> {
        std::iter::once((self.ar.as_str(), AliasKind::Name))
            .chain(self.aliases.iter().map(|s| (s.as_str(), AliasKind::Alias)))
            .chain(self.latin.iter().map(|s| (s.as_str(), AliasKind::Latin)))
            .chain(self.former.iter().map(|s| (s.as_str(), AliasKind::Former)))
    }
}

/// Where an alias comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AliasKind {
    Name,
    Alias,
    Latin,
    Former,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    actor: Vec<ActorEntry>,
}

/// The loaded knowledge base with its lookup indexes.
#[derive(Debug)]
pub struct KnowledgeBase {
    actors: Vec<ActorEntry>,
    by_id: HashMap<String, u32>,
    /// Phrase key (words' search keys joined by a space) → actors.
    aliases: HashMap<String, Vec<(u32, AliasKind)>>,
    max_alias_words: usize,
    /// Every word-boundary prefix of an alias key (`"هيئه"`, `"هيئه تحرير"`
    /// for `"هيئه تحرير الشام"`): phrase matching stops growing a phrase
    /// as soon as no alias continues it.
    alias_prefixes: HashSet<String>,
    /// Generic reference key (`الهيئه`) → actors it may refer back to.
    generic: HashMap<String, Vec<u32>>,
    /// Country adjective key (`تركي`) → state.
    adj: HashMap<String, u32>,
    /// Country code → state.
    states: HashMap<String, u32>,
    /// (country, branch) → curated organ.
    branches: HashMap<(String, Branch), u32>,
    /// (actor, alias key) of weak names.
    weak: HashSet<(u32, String)>,
    /// Alias keys that only upper-case Latin acronyms produce (`WHO`):
    /// matched only when written in capitals.
    caps: HashSet<String>,
}

impl KnowledgeBase {
    /// The shipped knowledge base, parsed once.
    pub fn builtin() -> Result<&'static KnowledgeBase, KbError> {
        static KB: OnceLock<Result<KnowledgeBase, KbError>> = OnceLock::new();
        KB.get_or_init(|| KnowledgeBase::from_toml(KB_SOURCE))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses and validates a knowledge base in the `actors.toml` format.
    pub fn from_toml(src: &str) -> Result<KnowledgeBase, KbError> {
        let file: File = toml::from_str(src).map_err(KbError::Parse)?;
        Self::from_entries(file.actor)
    }

    /// Builds the indexes; rejects duplicate ids, dangling affiliations,
    /// malformed codes and aliases claimed by two actors unless both mark
    /// them `ambiguous`.
    pub fn from_entries(actors: Vec<ActorEntry>) -> Result<KnowledgeBase, KbError> {
        let invalid = |id: &str, reason: String| KbError::Invalid {
            id: id.to_string(),
            reason,
        };
        let mut kb = KnowledgeBase {
            actors: Vec::new(),
            by_id: HashMap::default(),
            aliases: HashMap::default(),
            max_alias_words: 1,
            alias_prefixes: Default::default(),
            generic: HashMap::default(),
            adj: HashMap::default(),
            states: HashMap::default(),
            branches: HashMap::default(),
            weak: Default::default(),
            caps: Default::default(),
        };
        // Keys produced by some name that is not an upper-case acronym.
        let mut not_caps: HashSet<String> = Default::default();
        for (i, a) in actors.iter().enumerate() {
            let i = i as u32;
            let ok_id = !a.id.is_empty()
                && a.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !ok_id || a.id.starts_with("local") {
                return Err(invalid(
                    &a.id,
                    "id must be lowercase ASCII, digits and -".into(),
                ));
            }
            if kb.by_id.insert(a.id.clone(), i).is_some() {
                return Err(invalid(&a.id, "duplicate id".into()));
            }
            if phrase_key(&a.ar).is_empty() {
                return Err(invalid(&a.id, "empty Arabic name".into()));
            }
            if let Some(c) = &a.country {
                if c.len() != 2 || !c.chars().all(|c| c.is_ascii_uppercase()) {
                    return Err(invalid(&a.id, format!("country {c:?} is not ISO alpha-2")));
                }
            }
            if let Some(q) = &a.wikidata {
                let digits = q.strip_prefix('Q').unwrap_or("");
                if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                    return Err(invalid(&a.id, format!("wikidata {q:?} is not a Q-id")));
                }
            }
            if let Some(p) = &a.period {
                if Period::parse(p).is_none() {
                    return Err(invalid(
                        &a.id,
                        format!("period {p:?} is not YYYY- or YYYY-YYYY"),
                    ));
                }
            }
            if a.kind == ActorKind::State {
                let Some(c) = &a.country else {
                    return Err(invalid(&a.id, "a state needs a country".into()));
                };
                if kb.states.insert(c.clone(), i).is_some() {
                    return Err(invalid(&a.id, format!("second state for {c}")));
                }
                for adj in &a.adj {
                    let k = marsad_text::search_key(adj);
                    if kb.adj.insert(k, i).is_some() {
                        return Err(invalid(&a.id, format!("adjective {adj:?} claimed twice")));
                    }
                }
            }
            if let Some(b) = a.branch {
                let Some(c) = &a.country else {
                    return Err(invalid(&a.id, "a branch needs a country".into()));
                };
                if kb.branches.insert((c.clone(), b), i).is_some() {
                    return Err(invalid(&a.id, format!("second {} for {c}", b.as_str())));
                }
            }
            for (name, kind) in a.names() {
                let key = phrase_key(name);
                if key.is_empty() {
                    return Err(invalid(&a.id, format!("alias {name:?} has no letters")));
                }
                kb.max_alias_words = kb.max_alias_words.max(key.split(' ').count());
                for (at, _) in key.match_indices(' ') {
                    kb.alias_prefixes.insert(key[..at].to_string());
                }
                let is_caps = kind == AliasKind::Latin
                    && name.chars().any(|c| c.is_ascii_uppercase())
                    && !name.chars().any(|c| c.is_lowercase());
                if is_caps {
                    kb.caps.insert(key.clone());
                } else {
                    not_caps.insert(key.clone());
                }
                let list = kb.aliases.entry(key).or_default();
                if !list.iter().any(|(j, _)| *j == i) {
                    list.push((i, kind));
                }
            }
            let weak_keys: Vec<String> = a.weak.iter().map(|w| phrase_key(w)).collect();
            let mut strong = false;
            for (name, _) in a.names() {
                let key = phrase_key(name);
                if weak_keys.contains(&key) {
                    kb.weak.insert((i, key));
                } else {
                    strong = true;
                }
            }
            for (w, key) in a.weak.iter().zip(&weak_keys) {
                if !a.names().any(|(n, _)| phrase_key(n) == *key) {
                    return Err(invalid(
                        &a.id,
                        format!("weak {w:?} is not one of its names"),
                    ));
                }
            }
            if !strong {
                return Err(invalid(&a.id, "every name is weak".into()));
            }
            for g in &a.generic {
                let key = phrase_key(g);
                if key.is_empty() {
                    return Err(invalid(&a.id, format!("generic {g:?} has no letters")));
                }
                kb.generic.entry(key).or_default().push(i);
            }
        }
        kb.caps.retain(|k| !not_caps.contains(k));
        // Cross-checks once every id is known.
        for a in &actors {
            for f in &a.affiliations {
                if !kb.by_id.contains_key(&f.id) {
                    return Err(invalid(&a.id, format!("affiliation to unknown {:?}", f.id)));
                }
            }
        }
        for (key, list) in &kb.aliases {
            if list.len() > 1 {
                let marked = list.iter().all(|(j, _)| {
                    actors[*j as usize]
                        .ambiguous
                        .iter()
                        .any(|s| phrase_key(s) == *key)
                });
                if !marked {
                    let ids: Vec<&str> = list
                        .iter()
                        .map(|(j, _)| actors[*j as usize].id.as_str())
                        .collect();
                    return Err(invalid(
                        ids[0],
                        format!("alias {key:?} claimed by {ids:?} without `ambiguous`"),
                    ));
                }
            }
        }
        kb.actors = actors;
        Ok(kb)
    }

    pub fn actors(&self) -> &[ActorEntry] {
        &self.actors
    }

    pub fn len(&self) -> usize {
        self.actors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&ActorEntry> {
        self.by_id.get(id).map(|&i| &self.actors[i as usize])
    }

    pub(crate) fn entry(&self, i: u32) -> &ActorEntry {
        &self.actors[i as usize]
    }

    /// Actors whose name or alias has this phrase key.
    pub fn lookup(&self, key: &str) -> &[(u32, AliasKind)] {
        self.aliases.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether `key` is a weak name of actor `i` (a common word).
    pub(crate) fn is_weak(&self, i: u32, key: &str) -> bool {
        self.weak.contains(&(i, key.to_string()))
    }

    /// Whether `key` is only an upper-case acronym (`WHO`, not `who`).
    pub(crate) fn caps_only(&self, key: &str) -> bool {
        self.caps.contains(key)
    }

    /// Whether some alias key continues this phrase key with more words.
    pub fn continues(&self, key: &str) -> bool {
        self.alias_prefixes.contains(key)
    }

    /// Ids of the actors an alias (any spelling) names.
    pub fn resolve_alias(&self, alias: &str) -> Vec<&str> {
        self.lookup(&phrase_key(alias))
            .iter()
            .map(|(i, _)| self.entry(*i).id.as_str())
            .collect()
    }

    pub(crate) fn max_alias_words(&self) -> usize {
        self.max_alias_words
    }

    pub(crate) fn generic(&self, key: &str) -> &[u32] {
        self.generic.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The state a country adjective key (`تركي`, no article) names.
    pub(crate) fn state_by_adj(&self, key: &str) -> Option<u32> {
        self.adj.get(key).copied()
    }

    pub(crate) fn state(&self, country: &str) -> Option<u32> {
        self.states.get(country).copied()
    }

    pub(crate) fn branch(&self, country: &str, b: Branch) -> Option<u32> {
        self.branches.get(&(country.to_string(), b)).copied()
    }

    /// Coverage counts (`marsad actors stats`).
    pub fn stats(&self) -> KbStats {
        let mut s = KbStats {
            actors: self.actors.len(),
            aliases: self.aliases.len(),
            ..KbStats::default()
        };
        for a in &self.actors {
            let country = a.country.clone().unwrap_or_else(|| "-".into());
            *s.per_country.entry(country).or_default() += 1;
            *s.per_kind.entry(kind_name(a.kind).into()).or_default() += 1;
            if let Some(c) = a.category {
                *s.per_category.entry(category_name(c).into()).or_default() += 1;
            }
            if a.wikidata.is_some() {
                s.with_wikidata += 1;
            }
            if !a.former.is_empty() {
                s.with_former_names += 1;
            }
            if a.period.is_some() {
                s.with_period += 1;
            }
        }
        s
    }
}

/// Snake-case name of a kind, as in the file.
pub fn kind_name(k: ActorKind) -> &'static str {
    match k {
        ActorKind::State => "state",
        ActorKind::StateForces => "state_forces",
        ActorKind::GovernmentBody => "government_body",
        ActorKind::ArmedGroup => "armed_group",
        ActorKind::PoliticalParty => "political_party",
        ActorKind::InternationalOrganisation => "international_organisation",
        ActorKind::Ngo => "ngo",
        ActorKind::Media => "media",
        ActorKind::Community => "community",
        ActorKind::Person => "person",
    }
}

/// Snake-case name of a category, as in the file.
pub fn category_name(c: ActorCategory) -> &'static str {
    match c {
        ActorCategory::StateForces => "state_forces",
        ActorCategory::RebelGroup => "rebel_group",
        ActorCategory::PoliticalMilitia => "political_militia",
        ActorCategory::IdentityMilitia => "identity_militia",
        ActorCategory::Protesters => "protesters",
        ActorCategory::Civilians => "civilians",
        ActorCategory::ExternalOther => "external_other",
    }
}

/// Coverage of the knowledge base.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KbStats {
    pub actors: usize,
    /// Distinct alias keys (names, aliases, Latin and former names).
    pub aliases: usize,
    pub with_wikidata: usize,
    pub with_former_names: usize,
    /// Actors with a `period` of activity.
    pub with_period: usize,
    /// ISO alpha-2 code (`-` for international actors) → actors.
    pub per_country: BTreeMap<String, usize>,
    pub per_kind: BTreeMap<String, usize>,
    pub per_category: BTreeMap<String, usize>,
}

impl fmt::Display for KbStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "actors\t{}", self.actors)?;
        writeln!(f, "aliases\t{}", self.aliases)?;
        writeln!(f, "with wikidata\t{}", self.with_wikidata)?;
        writeln!(f, "with former names\t{}", self.with_former_names)?;
        writeln!(f, "with period\t{}", self.with_period)?;
        writeln!(f, "\nper kind")?;
        for (k, n) in &self.per_kind {
            writeln!(f, "  {k}\t{n}")?;
        }
        writeln!(f, "\nper category")?;
        for (k, n) in &self.per_category {
            writeln!(f, "  {k}\t{n}")?;
        }
        writeln!(f, "\nper country (countries with more than one actor)")?;
        let mut v: Vec<_> = self.per_country.iter().filter(|(_, &n)| n > 1).collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (k, n) in v {
            writeln!(f, "  {k}\t{n}")?;
        }
        Ok(())
    }
}

/// Coverage of the shipped knowledge base.
pub fn stats() -> Result<KbStats, KbError> {
    Ok(KnowledgeBase::builtin()?.stats())
}
