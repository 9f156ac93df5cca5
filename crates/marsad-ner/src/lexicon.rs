//! Word lists compiled into the model: place names, actor names, person
//! first names, word clusters; and the trigger words (in code).

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use crate::conll::Sentence;
use crate::error::NerError;
use crate::hash::{combine, hash_str, IdMap, IdSet};
use crate::key;
use crate::tags::TYPES;

/// Longest multi-word lexicon entry matched, in words.
pub const MAX_PHRASE: usize = 5;

const PHRASE_SEED: u64 = 0x2545_f491_4f6c_dd1d;

/// Hash of one word's stem key (folded, article clitics stripped).
pub fn stem_hash(word: &str) -> u64 {
    hash_str(&key::stem(word))
}

/// Extends a phrase hash by one word's stem hash.
#[inline]
pub fn phrase_step(h: u64, stem: u64) -> u64 {
    combine(h, stem)
}

#[inline]
pub fn phrase_start() -> u64 {
    PHRASE_SEED
}

pub fn phrase_hash<'a>(words: impl IntoIterator<Item = &'a str>) -> u64 {
    words
        .into_iter()
        .fold(PHRASE_SEED, |h, w| phrase_step(h, stem_hash(w)))
}

/// The lists a model carries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lexicon {
    /// Place names (phrase hashes).
    pub places: IdSet,
    /// Actor names: organisations, people, groups (phrase hashes).
    pub actors: IdSet,
    /// Person first names (stem hashes).
    pub first_names: IdSet,
    /// Word cluster paths by folded-key hash: the low 5 bits hold the
    /// path length, the rest the path bits (Brown-style prefixes).
    pub clusters: IdMap<u32>,
    /// Brown cluster bit paths by folded-key hash
    /// ([`crate::brown::pack_path`]).
    pub brown: IdMap<u32>,
    /// Name-list flags (low byte, `NAME_*`) and word-frequency bin (high
    /// byte, [`zipf_bin`]) by stem hash, from a table written by
    /// [`NameTable::to_tsv`] (`data/ner/names-ar.tsv`).
    pub words: IdMap<u16>,
}

pub use marsad_text::name_table::MAX_BIN;
/// Name-list flags of [`Lexicon::words`] and the table's line format
/// (shared with the actor linker).
pub use marsad_text::name_table::{
    NAME_CITY, NAME_FAMILY, NAME_GIVEN, NAME_NATIONALITY, NAME_PEOPLE_FIRST, NAME_PEOPLE_LAST,
    NAME_WIKIDATA, NAME_WIKIDATA_STRONG,
};

/// Frequency bin of a Zipf value (log10 per billion words): 0 below 2
/// (rare or unseen), then half steps up to 9 for 6 and above.
pub fn zipf_bin(zipf: f64) -> u8 {
    if zipf < 2.0 {
        0
    } else {
        (((zipf - 2.0) * 2.0) as u8 + 1).min(MAX_BIN)
    }
}

/// Name flags and frequency bins by stem (folded, article clitics off),
/// built from the name lists and word frequencies; kept as text so the
/// shipped table is readable and rebuilds byte for byte.
#[derive(Debug, Clone, Default)]
pub struct NameTable {
    /// stem -> (flags, summed occurrences per billion words)
    stems: std::collections::BTreeMap<String, (u16, f64)>,
}

impl NameTable {
    /// Sets `flag` on the stem of every word of `name` (or of its first
    /// or last word only, for `NAME_PEOPLE_*`).
    pub fn add_name(&mut self, name: &str, flag: u16) {
        let words: Vec<&str> = name
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .filter(|w| w.chars().count() >= 2 && w.chars().all(is_arabic_letter_or_mark))
            .collect();
        let pick: Vec<&str> = match flag {
            NAME_PEOPLE_FIRST if words.len() >= 2 => words[..1].to_vec(),
            NAME_PEOPLE_LAST if words.len() >= 2 => words[words.len() - 1..].to_vec(),
            NAME_PEOPLE_FIRST | NAME_PEOPLE_LAST => Vec::new(),
            _ => words,
        };
        for w in pick {
            let s = key::stem(w);
            if s.chars().count() >= 2 {
                self.stems.entry(s).or_default().0 |= flag;
            }
        }
    }

    /// Adds one word form's frequency to its stem.
    pub fn add_frequency(&mut self, word: &str, zipf: f64) {
        if !word.chars().any(is_arabic_letter) {
            return;
        }
        let s = key::stem(word);
        if s.chars().count() < 2 || !s.chars().all(is_arabic_letter) {
            return;
        }
        // Summed per billion: a stem is as frequent as all its forms.
        self.stems.entry(s).or_default().1 += 10f64.powf(zipf);
    }

    /// `stem<TAB>flags<TAB>bin` lines for stems with a flag or a nonzero
    /// bin, sorted by stem, after `header` (lines starting with `#`).
    /// Stems below `min_zipf` get bin 0 (keeps the table small).
    pub fn to_tsv(&self, header: &str, min_zipf: f64) -> String {
        let mut o = String::new();
        for l in header.lines() {
            o.push_str("# ");
            o.push_str(l);
            o.push('\n');
        }
        for (s, &(flags, per_billion)) in &self.stems {
            let z = if per_billion > 0.0 {
                per_billion.log10()
            } else {
                0.0
            };
            let bin = if z >= min_zipf { zipf_bin(z) } else { 0 };
            if flags != 0 || bin != 0 {
                o.push_str(&format!("{s}\t{flags}\t{bin}\n"));
            }
        }
        o
    }
}

fn is_arabic_letter_or_mark(c: char) -> bool {
    is_arabic_letter(c) || ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0640}'
}

impl Lexicon {
    fn add_phrase(set: &mut IdSet, words: &[&str]) {
        if !words.is_empty() && words.len() <= MAX_PHRASE {
            set.insert(phrase_hash(words.iter().copied()));
        }
    }

    /// Loads a table written by [`NameTable::to_tsv`] into `words`.
    pub fn add_name_table(&mut self, text: &str, path: &Path) -> Result<usize, NerError> {
        let mut n = 0;
        for (i, line) in text.lines().enumerate() {
            let Some(entry) = marsad_text::name_table::parse_line(line) else {
                continue;
            };
            let e = entry.map_err(|reason| NerError::Parse {
                path: path.to_path_buf(),
                line: i + 1,
                reason: reason.into(),
            })?;
            self.words
                .insert(hash_str(e.stem), e.flags | (u16::from(e.bin) << 8));
            n += 1;
        }
        Ok(n)
    }

    /// Loads a name table file ([`Lexicon::add_name_table`]).
    pub fn add_name_table_file(&mut self, path: &Path) -> Result<usize, NerError> {
        let text = std::fs::read_to_string(path).map_err(|e| NerError::io(path, e))?;
        self.add_name_table(&text, path)
    }

    pub fn add_place(&mut self, name: &str) {
        let words: Vec<&str> = name.split_whitespace().collect();
        Self::add_phrase(&mut self.places, &words);
    }

    pub fn add_actor(&mut self, name: &str) {
        let words: Vec<&str> = name
            .split(|c: char| c == '_' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        Self::add_phrase(&mut self.actors, &words);
    }

    /// Adds Arabic place names from the Who's On First TSV
    /// (`name_ar`, `name_ar_variants`): every record of a non-locality
    /// placetype, and localities with at least `min_pop` people.
    pub fn add_wof(&mut self, path: &Path, min_pop: u64) -> Result<usize, NerError> {
        let text = std::fs::read_to_string(path).map_err(|e| NerError::io(path, e))?;
        let mut n = 0;
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 9 {
                continue;
            }
            let pop: u64 = f[8].parse::<f64>().map_or(0, |p| p as u64);
            let keep = match f[2] {
                "locality" | "neighbourhood" => pop >= min_pop,
                _ => true,
            };
            if !keep {
                continue;
            }
            for name in std::iter::once(f[4]).chain(f[5].split(['|', ';', ','])) {
                let name = name.trim();
                if !name.is_empty() && name.chars().any(is_arabic_letter) {
                    self.add_place(name);
                    n += 1;
                }
            }
        }
        Ok(n)
    }

    /// Adds Arabic-script names of GeoNames cities with at least `min_pop`.
    pub fn add_geonames(&mut self, path: &Path, min_pop: u64) -> Result<usize, NerError> {
        let text = std::fs::read_to_string(path).map_err(|e| NerError::io(path, e))?;
        let mut n = 0;
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 8 || f[6].parse::<u64>().unwrap_or(0) < min_pop {
                continue;
            }
            for name in f[7].split(',') {
                let name = name.trim();
                if !name.is_empty() && name.chars().any(is_arabic_letter) {
                    self.add_place(name);
                    n += 1;
                }
            }
        }
        Ok(n)
    }

    /// Adds the entry names of a PETRARCH-style actor dictionary
    /// (`word_word_` at the start of a line, code lines indented).
    pub fn add_actor_dict(&mut self, path: &Path) -> Result<usize, NerError> {
        let entries = Self::actor_entries(path)?;
        for words in &entries {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            Self::add_phrase(&mut self.actors, &words);
        }
        Ok(entries.len())
    }

    /// Entry names of a PETRARCH-style actor dictionary, split into words
    /// (`word_word_` at the start of a line; code lines, comments and
    /// Latin-script entries skipped).
    fn actor_entries(path: &Path) -> Result<Vec<Vec<String>>, NerError> {
        let text = std::fs::read_to_string(path).map_err(|e| NerError::io(path, e))?;
        let mut out = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('[') || line.starts_with('#') || line.starts_with('<') {
                continue;
            }
            let Some(name) = line.split_whitespace().next() else {
                continue;
            };
            if name.chars().any(is_arabic_letter) {
                out.push(
                    name.split('_')
                        .filter(|w| !w.is_empty())
                        .map(String::from)
                        .collect(),
                );
            }
        }
        Ok(out)
    }

    /// Like [`Lexicon::add_actor_dict`], but drops one-word entries that
    /// the training data shows to be ordinary words: seen at least
    /// `min_seen` times there and outside any entity at least `max_o`
    /// of the time (`ضحية`, `نائب`, `جندي`, `عراقي`).
    pub fn add_actor_dict_filtered(
        &mut self,
        path: &Path,
        sents: &[Sentence],
        min_seen: usize,
        max_o: f64,
    ) -> Result<usize, NerError> {
        let (total, outside) = stem_counts(sents);
        let mut n = 0;
        for words in Self::actor_entries(path)? {
            if words.len() == 1 {
                let h = stem_hash(&words[0]);
                let t = total.get(&h).copied().unwrap_or(0);
                let o = outside.get(&h).copied().unwrap_or(0);
                if t >= min_seen && o as f64 >= max_o * t as f64 {
                    continue;
                }
            }
            let w: Vec<&str> = words.iter().map(String::as_str).collect();
            Self::add_phrase(&mut self.actors, &w);
            n += 1;
        }
        Ok(n)
    }

    /// Person first names from an actor dictionary: the first word of
    /// two- to four-word entries none of whose words is a trigger word
    /// (titles, organisation and place heads, kunyas), unless the
    /// training data shows the word mostly outside entities.
    pub fn add_actor_first_names(
        &mut self,
        path: &Path,
        sents: &[Sentence],
    ) -> Result<usize, NerError> {
        let (total, outside) = stem_counts(sents);
        let mut n = 0;
        for words in Self::actor_entries(path)? {
            if !(2..=4).contains(&words.len())
                || words.iter().any(|w| trigger(stem_hash(w)) != 0)
                || words[0].starts_with("ال")
                || words[0].chars().count() < 3
            {
                continue;
            }
            let h = stem_hash(&words[0]);
            let t = total.get(&h).copied().unwrap_or(0);
            let o = outside.get(&h).copied().unwrap_or(0);
            if t >= 3 && 2 * o > t {
                continue;
            }
            if self.first_names.insert(h) {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Person first names from training data: words that begin a PER
    /// entity at least `min_count` times and mostly do so.
    pub fn add_first_names(&mut self, sents: &[Sentence], min_count: usize) -> usize {
        let mut begin: HashMap<u64, usize> = HashMap::new();
        let mut total: HashMap<u64, usize> = HashMap::new();
        for s in sents {
            for (w, t) in s.tokens.iter().zip(&s.tags) {
                let h = stem_hash(w);
                *total.entry(h).or_default() += 1;
                if t.is_begin() && t.label() == Some(TYPES[0]) {
                    *begin.entry(h).or_default() += 1;
                }
            }
        }
        let mut n = 0;
        for (h, b) in begin {
            if b >= min_count && 2 * b >= total.get(&h).copied().unwrap_or(0) {
                self.first_names.insert(h);
                n += 1;
            }
        }
        n
    }
}

/// How often each stem occurs in `sents`, and how often outside entities.
fn stem_counts(sents: &[Sentence]) -> (HashMap<u64, usize>, HashMap<u64, usize>) {
    let mut total: HashMap<u64, usize> = HashMap::new();
    let mut outside: HashMap<u64, usize> = HashMap::new();
    for s in sents {
        for (w, t) in s.tokens.iter().zip(&s.tags) {
            let h = stem_hash(w);
            *total.entry(h).or_default() += 1;
            if t.is_outside() {
                *outside.entry(h).or_default() += 1;
            }
        }
    }
    (total, outside)
}

pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{064A}' | '\u{0671}'..='\u{06D3}')
}

/// Trigger-word classes.
pub const TRIG_TITLE: u8 = 1;
pub const TRIG_KUNYA: u8 = 2;
pub const TRIG_PLACE: u8 = 3;
pub const TRIG_ORG: u8 = 4;
pub const TRIG_SPOKES: u8 = 5;
pub const TRIG_NISBA_HEAD: u8 = 6;

const TITLES: &str = "رئيس رئيسة وزير وزيرة سيد سيدة شيخ ناطق متحدث ملك ملكة امير اميرة دكتور \
    عقيد لواء عميد جنرال مستشار نائب سفير قائد زعيم امين مبعوث مدرب لاعب فنان فنانة كاتب \
    شاعر امام مفتي بابا مرشد حاخام مطران رائد نقيب ملازم مشير سلطان وزيرة مديرة مدير \
    المستشارة ممثل مراسل الاستاذ استاذ الحاج حاج";
const KUNYAS: &str = "ابو ابي ابا ابن بن بنت ام ال";
const PLACES: &str = "مدينه محافظه بلده قريه منطقه ولايه اقليم عاصمه مخيم حي شارع ساحه مطار \
    ميناء جزيره نهر بحر جبل وادي ريف شمال جنوب شرق غرب شمالي جنوبي شرقي غربي وسط ضاحيه \
    قضاء ناحيه معبر سجن مستشفي جامع مسجد كنيسه";
const ORGS: &str = "قوات جيش حركه تنظيم وكاله شركه جامعه هيئه وزاره حزب مجلس منظمه جبهه اتحاد \
    لجنه بنك مصرف صحيفه جريده قناه مؤسسه جمعيه نادي فريق كتائب كتيبه الويه مركز محكمه \
    برلمان حكومه شرطه ميليشيا مليشيا جماعه تحالف ائتلاف مفوضيه بعثه صندوق معهد اكاديميه \
    اذاعه تلفزيون مجموعه";

fn triggers() -> &'static IdMap<u8> {
    static T: OnceLock<IdMap<u8>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = IdMap::default();
        for (list, class) in [
            (ORGS, TRIG_ORG),
            (PLACES, TRIG_PLACE),
            (TITLES, TRIG_TITLE),
            (KUNYAS, TRIG_KUNYA),
            ("باسم", TRIG_SPOKES),
        ] {
            for w in list.split_whitespace() {
                m.insert(stem_hash(w), class);
            }
        }
        m
    })
}

/// The trigger class of a word by its stem hash (0 for none).
pub fn trigger(stem: u64) -> u8 {
    triggers().get(&stem).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_through_clitics() {
        let mut l = Lexicon::default();
        l.add_actor("حركة_حماس_");
        assert!(l.actors.contains(&phrase_hash(["حركة", "حماس"])));
        l.add_place("القاهرة");
        assert!(l.places.contains(&phrase_hash(["والقاهرة"])));
        assert_eq!(trigger(stem_hash("الرئيس")), TRIG_TITLE);
        assert_eq!(trigger(stem_hash("مدينة")), TRIG_PLACE);
        assert_eq!(trigger(stem_hash("أبو")), TRIG_KUNYA);
    }

    #[test]
    fn name_table_round_trip() {
        let mut t = NameTable::default();
        t.add_name("كاميرون", NAME_WIKIDATA);
        t.add_name("نور الدين زنكي", NAME_PEOPLE_FIRST);
        t.add_name("نور الدين زنكي", NAME_PEOPLE_LAST);
        t.add_name("أمل", NAME_GIVEN);
        t.add_frequency("الأمل", 4.6);
        t.add_frequency("أمل", 4.0);
        t.add_frequency("قال", 6.1);
        t.add_frequency("رادوفانسكي", 1.2);
        assert!(!t.to_tsv("", 3.0).contains("رادوفانسكي"));
        let tsv = t.to_tsv("test table", 1.0);
        assert_eq!(
            tsv,
            "# test table\nامل\t4\t6\nزنكي\t128\t0\nقال\t0\t9\nكاميرون\t1\t0\nنور\t64\t0\n"
        );
        let mut l = Lexicon::default();
        assert_eq!(l.add_name_table(&tsv, Path::new("t")).ok(), Some(5));
        // Clitics come off before the lookup.
        assert_eq!(
            l.words.get(&stem_hash("والأمل")),
            Some(&(NAME_GIVEN | (6 << 8)))
        );
        assert!(l.add_name_table("x\ty", Path::new("t")).is_err());
    }
}
