//! Toponym matching: finds gazetteer names in a text, with clitics
//! stripped from the first word, multi-word names matched longest first,
//! trigger nouns (مدينة، قرية، ريف …) and nisba adjectives (الحلبي).
//!
//! Words are cut from `doc.text` directly (letters, digits and Arabic
//! marks), the same way the compiler cuts gazetteer names into keys, so
//! that a key and a text phrase agree whatever tokens the text stage wrote.

use std::sync::OnceLock;

use compact_str::{format_compact, CompactString};
use rustc_hash::FxHashSet;

use crate::gazetteer::{Gazetteer, Kind};

pub use marsad_text::words::{phrase_key, words, Word};

/// What a trigger noun says about the place after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trigger {
    Governorate,
    City,
    Village,
    Neighbourhood,
    Countryside,
    Area,
    District,
    Subdistrict,
    Crossing,
    Checkpoint,
    Airport,
    Hospital,
    Camp,
}

impl Trigger {
    /// Trigger nouns by search key (ة folded to ه, أ to ا).
    pub fn from_key(k: &str) -> Option<Trigger> {
        Some(match k {
            "محافظه" => Trigger::Governorate,
            "مدينه" | "المدينه" => Trigger::City,
            "بلده" | "قريه" | "بلدتي" | "قريتي" => Trigger::Village,
            "حي" | "ضاحيه" => Trigger::Neighbourhood,
            "ريف" | "ريفي" | "الريف" => Trigger::Countryside,
            "منطقه" => Trigger::Area,
            "قضاء" => Trigger::District,
            "ناحيه" => Trigger::Subdistrict,
            "معبر" => Trigger::Crossing,
            "حاجز" => Trigger::Checkpoint,
            "مطار" => Trigger::Airport,
            "مشفي" | "مستشفي" => Trigger::Hospital,
            "مخيم" => Trigger::Camp,
            _ => return None,
        })
    }

    /// Whether a gazetteer kind fits what the trigger names.
    pub fn fits(self, k: Kind) -> bool {
        use Kind::*;
        match self {
            Trigger::Governorate => k == Region,
            Trigger::City => matches!(k, Locality | LocalAdmin),
            Trigger::Village => matches!(k, Locality | LocalAdmin | Neighbourhood),
            Trigger::Neighbourhood => matches!(k, Neighbourhood | Locality),
            Trigger::Countryside => matches!(k, Region | County | Locality),
            Trigger::Area => matches!(k, County | Area | Landform | Region | Locality | LocalAdmin),
            Trigger::District => matches!(k, County),
            Trigger::Subdistrict => matches!(k, LocalAdmin | County | Locality),
            Trigger::Crossing => matches!(k, Crossing | Locality),
            Trigger::Checkpoint => true,
            Trigger::Airport => matches!(k, Airport | Locality),
            Trigger::Hospital => matches!(k, Facility | Locality | Neighbourhood),
            Trigger::Camp => matches!(k, Camp | Locality | Neighbourhood),
        }
    }

    /// Triggers after which an unknown proper name is still a place.
    pub fn names_unknown(self) -> bool {
        matches!(
            self,
            Trigger::Village
                | Trigger::City
                | Trigger::Neighbourhood
                | Trigger::Camp
                | Trigger::Crossing
                | Trigger::Subdistrict
        )
    }
}

/// Words before a name that make it likely a place (prepositions and
/// directions), by search key.
pub(crate) fn is_locative(k: &str) -> bool {
    matches!(
        k,
        "في" | "الي"
            | "من"
            | "قرب"
            | "بالقرب"
            | "نحو"
            | "داخل"
            | "خارج"
            | "شمال"
            | "جنوب"
            | "شرق"
            | "غرب"
            | "شمالي"
            | "جنوبي"
            | "شرقي"
            | "غربي"
            | "وسط"
            | "اطراف"
            | "محيط"
            | "ضواحي"
            | "مدخل"
            | "بين"
            | "عبر"
            | "حتي"
            | "باتجاه"
            | "مدن"
            | "بلدات"
            | "قري"
            | "محافظات"
            | "احياء"
            | "شمالا"
            | "جنوبا"
            | "عاصمه"
            | "العاصمه"
            | "زار"
            | "وصل"
    )
}

/// Names that are also common words, person names or organisation parts:
/// they need a trigger noun or an NER LOC span to count as places.
pub fn is_stop(k: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    word_set(&SET, STOP).contains(k)
}

/// A word list as a hash set, built on first use (the matcher asks for
/// every reading of every word).
fn word_set(
    cell: &'static OnceLock<FxHashSet<&'static str>>,
    list: &'static [&'static str],
) -> &'static FxHashSet<&'static str> {
    cell.get_or_init(|| list.iter().copied().collect())
}

// Sorted (checked by a test); search keys.
static STOP: &[&str] = &[
    "اب",
    "ابراهيم",
    "ابو",
    "ات",
    "احمد",
    "اخر",
    "اذا",
    "اذار",
    "اراك",
    "ازمه",
    "اسد",
    "اكبر",
    "اكثر",
    "اكد",
    "الا",
    "الابيض",
    "الاتحاد",
    "الاثنين",
    "الاحتلال",
    "الاحد",
    "الاربعاء",
    "الاسلام",
    "الاسلاميه",
    "الاشهر",
    "الاعلام",
    "الاقصي",
    "الامس",
    "الامل",
    "الامن",
    "الامير",
    "الان",
    "الاوسط",
    "الباب",
    "البلد",
    "التحرير",
    "التي",
    "الثلاثاء",
    "الثوره",
    "الجامعه",
    "الجديد",
    "الجديده",
    "الجمعه",
    "الجنوب",
    "الجيش",
    "الحاج",
    "الحديثه",
    "الحرب",
    "الحريه",
    "الحزب",
    "الحكومه",
    "الخارجيه",
    "الخميس",
    "الخير",
    "الدوله",
    "الذي",
    "الرئيس",
    "الربيع",
    "الرحمن",
    "الزهراء",
    "السبت",
    "السلام",
    "السوق",
    "السيد",
    "الشام",
    "الشرطه",
    "الشرق",
    "الشعب",
    "الشمال",
    "الشهداء",
    "الشيخ",
    "الصحه",
    "الطريق",
    "العاصمه",
    "العام",
    "العداله",
    "العرب",
    "العربي",
    "العربيه",
    "العقيد",
    "العمل",
    "الغد",
    "الغرب",
    "الفتح",
    "القائد",
    "القدس العربي",
    "القريه",
    "القصر",
    "القوات",
    "الكامل",
    "الكثير",
    "الكرامه",
    "الله",
    "اللواء",
    "الماضي",
    "المجلس",
    "المحطه",
    "المدرسه",
    "المده",
    "المدير",
    "المدينه",
    "المركز",
    "المزرعه",
    "المزيد",
    "المستقبل",
    "المصدر",
    "المطار",
    "المعارضه",
    "المعبر",
    "المعروف",
    "المقاومه",
    "المقبل",
    "المكان",
    "الملك",
    "المنطقه",
    "النصر",
    "النظام",
    "النور",
    "الهلال",
    "الوادي",
    "الوحده",
    "الوزير",
    "الوسط",
    "الوطن",
    "الي",
    "اليه",
    "اليوم",
    "اما",
    "امام",
    "امس",
    "امل",
    "امير",
    "ان",
    "انه",
    "انها",
    "او",
    "اول",
    "ايار",
    "ايضا",
    "ايلول",
    "بئر",
    "باب",
    "بان",
    "بانه",
    "برج",
    "بعد",
    "بلد",
    "بن",
    "بيت",
    "بين",
    "تحت",
    "تشرين",
    "تل",
    "تموز",
    "تي",
    "ثم",
    "جامعه",
    "جبل",
    "جديد",
    "جديده",
    "جسر",
    "جعفر",
    "جمال",
    "جنه",
    "جنوب",
    "حامد",
    "حتي",
    "حده",
    "حزيران",
    "حسن",
    "حسين",
    "حمد",
    "حمزه",
    "حميد",
    "حول",
    "حيث",
    "خالد",
    "خديجه",
    "خلال",
    "داود",
    "دوله",
    "دولي",
    "دون",
    "دير",
    "رئيس",
    "راس",
    "رشيد",
    "زياد",
    "زينب",
    "سالم",
    "سعيد",
    "سلطات",
    "سلمان",
    "سلمي",
    "سليمان",
    "سمير",
    "سنه",
    "سوق",
    "شباط",
    "شرق",
    "شمال",
    "شهر",
    "صالح",
    "صوره",
    "ضد",
    "طارق",
    "عائشه",
    "عادل",
    "عاليه",
    "عام",
    "عباس",
    "عبد",
    "عبدالله",
    "عدد",
    "عرب",
    "عشر",
    "عشره",
    "علي",
    "عليه",
    "عمر",
    "عن",
    "عند",
    "عنه",
    "عيسي",
    "عين",
    "غرب",
    "غير",
    "فاطمه",
    "فان",
    "فهد",
    "فوق",
    "في",
    "فيصل",
    "فيفا",
    "فيه",
    "قال",
    "قبل",
    "قد",
    "قصر",
    "قوي",
    "كاميرون",
    "كان",
    "كانون",
    "كريم",
    "كفر",
    "كل",
    "كما",
    "كيف",
    "لا",
    "لان",
    "لدي",
    "لكن",
    "لم",
    "لن",
    "ليلي",
    "ما",
    "ماجد",
    "مجيد",
    "محليه",
    "محمد",
    "محمود",
    "مدير",
    "مرعي",
    "مريم",
    "مصطفي",
    "مع",
    "من",
    "منذ",
    "منه",
    "موسي",
    "موقع",
    "ناصر",
    "نحو",
    "نور",
    "نيسان",
    "هارون",
    "هدي",
    "هذا",
    "هذه",
    "هنا",
    "هناك",
    "وادي",
    "وان",
    "وراء",
    "وزير",
    "وقد",
    "يوسف",
    "يوم",
];

/// Closed-class words (particles, pronouns, prepositions, auxiliaries,
/// by search key): never a place, whatever the evidence. A trigger noun
/// before one (قال مسؤول في المدينة إن …) or an NER LOC span over it
/// does not make it a name.
pub fn is_function_word(k: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    word_set(&SET, FUNCTION).contains(k)
}

// Sorted (checked by a test); search keys.
static FUNCTION: &[&str] = &[
    "اذ",
    "اذا",
    "الا",
    "التي",
    "الذي",
    "الذين",
    "الي",
    "اما",
    "ان",
    "انا",
    "انت",
    "انتم",
    "انني",
    "انه",
    "انها",
    "انهم",
    "اني",
    "او",
    "اي",
    "ايضا",
    "بان",
    "بانه",
    "بعد",
    "بل",
    "بين",
    "تكون",
    "تلك",
    "ثم",
    "حتي",
    "حول",
    "حيث",
    "خلال",
    "دون",
    "ذلك",
    "ضد",
    "عبر",
    "عليه",
    "عليها",
    "عن",
    "عند",
    "عنه",
    "عنها",
    "غير",
    "فان",
    "فوق",
    "في",
    "فيه",
    "فيها",
    "قبل",
    "قد",
    "كان",
    "كانت",
    "كل",
    "كما",
    "لا",
    "لان",
    "لدي",
    "لكن",
    "لم",
    "لما",
    "لن",
    "له",
    "لها",
    "لو",
    "ما",
    "مع",
    "مما",
    "من",
    "منا",
    "منذ",
    "منه",
    "منها",
    "نحن",
    "نحو",
    "هذا",
    "هذه",
    "هم",
    "هنا",
    "هناك",
    "هو",
    "هي",
    "وان",
    "وقد",
    "ولا",
    "يكون",
];

/// Directional adjectives (الشرقية, الجنوبي): after a noun they qualify it
/// (حلب الشرقية, ريف إدلب الجنوبي, الضفة الشرقية); alone they name a
/// region only after a locative cue (في الشرقية).
pub fn is_direction_adjective(k: &str) -> bool {
    matches!(
        k.strip_prefix("ال"),
        Some(
            "شرقي"
                | "شرقيه"
                | "غربي"
                | "غربيه"
                | "شمالي"
                | "شماليه"
                | "جنوبي"
                | "جنوبيه"
                | "شرقيين"
                | "غربيين"
                | "شماليين"
                | "جنوبيين"
        )
    )
}

/// Whether the word is shaped like a nisba adjective in the text itself
/// (-ي, -ية): بصرى with its alif maqsura is a name, البصري an adjective,
/// although both fold to the same key.
fn nisba_shaped(raw: &str) -> bool {
    let letters: String = raw
        .chars()
        .filter(|c| !('\u{064B}'..='\u{065F}').contains(c) && *c != '\u{0640}')
        .collect();
    letters.ends_with('ي') || letters.ends_with("ية") || letters.ends_with("يه")
}

/// Whether a stem left by stripping a clitic (و ف ب ل ك) names a place
/// well enough to stand: a country, region, curated or large place, or a
/// place whose own Arabic name it is. GeoNames' variant spellings (رقة
/// for الرقة, تيرة, لاد) are often the remainder of a common word
/// (فرقة, وتيرة, بلاد).
fn split_stem_ok(g: &Gazetteer, key: &str, canonical_ok: bool) -> bool {
    g.lookup_ids(key).into_iter().any(|i| {
        g.record(i).is_some_and(|r| {
            matches!(r.kind, Kind::Country | Kind::Region)
                || r.is_curated()
                || (same_name(&phrase_key(r.name_ar()), key)
                    && (r.population >= 100_000
                        || (canonical_ok
                            && (r.wikidata.is_some()
                                || crate::gazetteer::core_country(&r.country)))))
        })
    })
}

/// Whether `key` spells the name `name`: the same, or with an article the
/// name may drop (الميادين for ميادين). A name written with the article
/// keeps it: رقة is not الرقة.
fn same_name(name: &str, key: &str) -> bool {
    name == key || key.strip_prefix("ال") == Some(name)
}

/// Whether some record under `key` is a country.
fn has_country(g: &Gazetteer, key: &str) -> bool {
    g.lookup_ids(key)
        .into_iter()
        .any(|i| g.record(i).is_some_and(|r| r.kind == Kind::Country))
}

/// One reading of a word: the stem's byte and code-point start and the
/// key to look up.
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    pub cstart: usize,
    pub key: CompactString,
    /// The stripped prefix holds a preposition (ب ل ك), a locative cue.
    pub prep: bool,
    /// The stripped prefix holds the conjunction و/ف.
    pub conj: bool,
    /// The stripped prefix ends with the article (السوري → سوري): a name
    /// written without the article never takes one, so such a stem is
    /// another word's remainder.
    pub article: bool,
    /// The stripped prefix holds the future س (سنوي → س + نوي): a verb
    /// prefix, never before a place name.
    pub future: bool,
}

/// The readings of one word; most words have one or two.
pub(crate) type Readings = smallvec::SmallVec<[Reading; 2]>;

/// Readings of a word, unsplit first (see `marsad_text::clitics`).
pub(crate) fn readings(text: &str, w: &Word) -> Readings {
    let s = &text[w.start..w.end];
    let mut out = Readings::new();
    for (prefix_len, key) in marsad_text::words::keyed_readings(&w.key, &w.splits) {
        let (Some(prefix), Some(stem)) = (s.get(..prefix_len), s.get(prefix_len..)) else {
            continue;
        };
        let cstart = w.cstart + prefix.chars().count();
        let key = key.clone();
        let conj = prefix.starts_with('و') || prefix.starts_with('ف');
        let prep = prefix
            .trim_start_matches(['و', 'ف'])
            .starts_with(['ب', 'ل', 'ك']);
        let future = prefix.contains('س');
        let article = prefix.ends_with("ال") || prefix.ends_with("ٱل") || prefix.ends_with("لل");
        // للرقة: the second ل is the article, so الرقة is a reading too.
        if prefix.ends_with("لل") || (prefix.ends_with('ل') && prep && !stem.starts_with("ال"))
        {
            out.push(Reading {
                cstart,
                key: format_compact!("ال{key}"),
                prep,
                conj,
                article: false,
                future,
            });
        }
        out.push(Reading {
            cstart,
            key,
            prep,
            conj,
            article,
            future,
        });
    }
    out
}

/// A candidate mention found by the matcher.
#[derive(Debug, Clone)]
pub struct RawMention {
    /// Code-point span of the name (clitics excluded).
    pub start: usize,
    pub end: usize,
    /// Word range of the name.
    pub w0: usize,
    pub w1: usize,
    /// Gazetteer key, or the text's key when the name is unknown.
    pub key: String,
    pub trigger: Option<Trigger>,
    /// Word index of the trigger noun, if any.
    pub trigger_word: Option<usize>,
    /// A nisba adjective (الحلبي) standing for its place.
    pub nisba: bool,
    /// Locative cue before the name (preposition, direction, clitic ب/ل).
    pub locative: bool,
    /// Joined by و to the previous mention.
    pub coordinated: bool,
    /// Not in the gazetteer (reported unresolved).
    pub unknown: bool,
}

impl RawMention {
    /// A one-word nisba adjective (word `i`, from code point `start`)
    /// standing for place `key`, after trigger `trigger` (word `i - 1`).
    fn nisba(start: usize, w: &Word, i: usize, key: String, trigger: Option<Trigger>) -> Self {
        RawMention {
            start,
            end: w.cend,
            w0: i,
            w1: i + 1,
            key,
            trigger,
            trigger_word: trigger.map(|_| i - 1),
            nisba: true,
            locative: false,
            coordinated: false,
            unknown: false,
        }
    }
}

/// The trigger noun at word `i`, if any.
fn trigger_at(ws: &[Word], rs: &[Readings], i: usize) -> Option<Trigger> {
    let w = ws.get(i)?;
    if let Some(t) = Trigger::from_key(&w.key) {
        return Some(t);
    }
    // A trigger heads its name in a construct (قضاء الزبير, بمدينة حلب); with
    // the article it is an ordinary noun (للقضاء على, والمحافظة على).
    rs.get(i)?
        .iter()
        .skip(1)
        .filter(|r| {
            let prefix = w.key.strip_suffix(r.key.as_str()).unwrap_or("");
            !(prefix.ends_with("ال") || prefix.ends_with("لل"))
        })
        .find_map(|r| Trigger::from_key(&r.key))
}

/// Whether only white space separates words `a` and `b` (`a` before `b`).
fn adjacent(text: &str, ws: &[Word], a: usize, b: usize) -> bool {
    text[ws[a].end..ws[b].start]
        .chars()
        .all(char::is_whitespace)
}

fn locative_before(text: &str, ws: &[Word], rs: &[Readings], i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let p = &ws[i - 1];
    if !adjacent(text, ws, i - 1, i) {
        return false;
    }
    is_locative(&p.key) || rs[i - 1].iter().skip(1).any(|r| is_locative(&r.key))
}

/// Prepositions that frame a place name (في، من، إلى، نحو، قرب), by key.
fn is_frame_preposition(k: &str) -> bool {
    matches!(k, "في" | "من" | "الي" | "نحو" | "قرب" | "بالقرب")
}

/// Head nouns that frame the name after them (حي، مخيم، ضاحية، بلدة،
/// قرية، مدينة، ريف، ناحية، قضاء), by key, indefinite only.
fn is_frame_head(k: &str) -> bool {
    matches!(
        k,
        "حي" | "مخيم" | "ضاحيه" | "بلده" | "قريه" | "مدينه" | "ريف" | "ناحيه" | "قضاء"
    )
}

/// Whether word `i` stands in a strong locative frame: right after a
/// frame preposition or head noun, as its own word (a clitic و/ف may
/// lead it: وإلى، وفي). A clitic preposition on the name itself
/// (بمعرفة) is no frame.
pub fn frame_before(text: &str, ws: &[Word], i: usize) -> bool {
    if i == 0 || i > ws.len() || !adjacent(text, ws, i - 1, i) {
        return false;
    }
    let p = &ws[i - 1];
    readings(text, p).iter().any(|r| {
        (r.cstart == p.cstart || (r.conj && !r.prep && !r.article))
            && (is_frame_preposition(&r.key) || is_frame_head(&r.key))
    })
}

/// Whether `k` is a cue word itself (قرى, بلدات, مدينة, نحو): never a
/// name by the frame rule alone.
pub fn is_cue_word(k: &str) -> bool {
    is_locative(k) || is_frame_head(k) || Trigger::from_key(k).is_some()
}

/// Whether the trigger noun at word `i` heads a name in a construct
/// (ناحية البغدادي, بلدة الحلبية): indefinite, not ريف (الريف الحلبي is
/// Aleppo's countryside) nor محافظة.
fn heads_name(ws: &[Word], rs: &[Readings], i: usize) -> bool {
    let Some(w) = ws.get(i) else { return false };
    rs.get(i).is_some_and(|rs| {
        rs.iter().any(|r| {
            let prefix = w.key.strip_suffix(r.key.as_str()).unwrap_or("");
            !prefix.ends_with("ال")
                && !prefix.ends_with("لل")
                && !r.key.starts_with("ال")
                && matches!(
                    Trigger::from_key(&r.key),
                    Some(
                        Trigger::Subdistrict
                            | Trigger::District
                            | Trigger::Village
                            | Trigger::City
                            | Trigger::Neighbourhood
                            | Trigger::Camp
                    )
                )
        })
    })
}

/// Name-start words after which an unknown second word still belongs to
/// the name (تل رفعت، كفر نبل، عين عيسى).
fn is_name_head(k: &str) -> bool {
    matches!(
        k,
        "تل" | "كفر"
            | "عين"
            | "دير"
            | "جبل"
            | "بئر"
            | "ابو"
            | "راس"
            | "خربه"
            | "بيت"
            | "باب"
            | "جسر"
            | "سوق"
            | "وادي"
            | "مرج"
            | "قصر"
            | "ام"
            | "بني"
            | "بير"
    )
}

/// Words that follow a trigger noun without being a name.
fn is_common_after_trigger(k: &str) -> bool {
    k.len() < 4
        || matches!(
            k,
            "واحده"
                | "اخري"
                | "كبيره"
                | "صغيره"
                | "جديده"
                | "سكنيه"
                | "الصناعيه"
                | "التي"
                | "الذي"
                | "عن"
                | "علي"
                | "مع"
                | "كل"
                | "او"
                | "ثم"
                | "قد"
                | "لم"
                | "لا"
                | "هذه"
                | "هذا"
                | "ذلك"
                | "تلك"
                | "نفسها"
                | "نفسه"
                | "عازله"
                | "امنه"
                | "حدوديه"
                | "واسعه"
                | "عسكريه"
                | "محاصره"
                | "مجاوره"
                | "قريبه"
                | "بعيده"
                | "يبلغ"
                | "يقطنها"
                | "تقع"
                | "يقع"
                | "كان"
                | "كانت"
                | "الي"
                | "في"
                | "من"
                | "حيث"
                | "بعد"
                | "قبل"
                | "منذ"
                | "تابعه"
                | "تتبع"
                | "الواقعه"
                | "الواقع"
        )
}

/// Finds candidate mentions in `text`. `ws` are its words.
pub fn find(g: &Gazetteer, text: &str, ws: &[Word]) -> Vec<RawMention> {
    let mut out: Vec<RawMention> = Vec::new();
    let max_words = g.max_words().max(1);
    // Readings of every word, once: the loop also reads the previous
    // word's.
    let all: Vec<Readings> = ws.iter().map(|w| readings(text, w)).collect();
    // Announce every word's first probe: their cache misses then overlap.
    // `hashes[first[i] + ri]`: the hash of word i's reading ri.
    let mut first = Vec::with_capacity(all.len());
    let mut hashes = Vec::with_capacity(all.len() * 2);
    for rs in &all {
        first.push(hashes.len());
        hashes.extend(rs.iter().map(|r| g.prefetch_phrase(&r.key)));
    }
    // One buffer grows each phrase word by word.
    let mut phrase = String::new();
    let mut i = 0;
    while i < ws.len() {
        let rs = &all[i];
        // Joined by و/ف to the mention just before (حلب وإدلب).
        let follows_mention = out.last().is_some_and(|m| {
            m.w1 == i || (m.w1 + 1 == i && i > 0 && !adjacent(text, ws, i - 1, i))
        });
        // A directional adjective qualifies the noun before it (حلب
        // الشرقية, الضفة الغربية); it names a region only after a
        // locative cue (في الشرقية, بالشرقية) or in a list of places.
        if let Some(r) = rs
            .iter()
            .find(|r| !r.article && is_direction_adjective(&r.key))
        {
            let cue = r.prep || locative_before(text, ws, &all, i) || (r.conj && follows_mention);
            if !cue {
                i += 1;
                continue;
            }
        }
        // Longest phrase over all readings; ties keep the least stripping.
        let mut best: Option<(usize, &Reading, String)> = None;
        for (ri, r) in rs.iter().enumerate() {
            // A stripped stem of two letters is too often a false split
            // (لكن → كن).
            // A short stem may still start a longer name (وسد الفرات).
            let short_stem = r.key.chars().count() < if ri == 0 { 2 } else { 3 };
            if short_stem && (r.key.chars().count() < 2 || i + 1 >= ws.len()) {
                continue;
            }
            // السوري is not ال + سوري (Surrey), سنوي not س + نوي, and a
            // particle is never a name.
            if r.article || r.future || is_function_word(&r.key) {
                continue;
            }
            // `found` is the phrase's longest hit.
            phrase.clear();
            phrase.push_str(&r.key);
            // One probe per phrase says whether it is a key and whether a
            // longer key continues it (most words start none).
            let (hits, mut more) = g.probe_phrase_hashed(&phrase, hashes[first[i] + ri]);
            let mut found = (!hits.is_empty()).then_some(phrase.len());
            let mut n_found = 1usize;
            let mut j = i + 1;
            while more && j < ws.len() && j - i < max_words && adjacent(text, ws, j - 1, j) {
                let before = phrase.len();
                phrase.push(' ');
                phrase.push_str(&ws[j].key);
                let (hits, m) = g.probe_phrase(&phrase);
                more = m;
                if !hits.is_empty() {
                    found = Some(phrase.len());
                    n_found = j - i + 1;
                } else if !more {
                    phrase.truncate(before);
                    break;
                }
                j += 1;
            }
            // A one-word stem left by a clitic must name its place well
            // (فرقة is not ف + رقة, وتيرة not و + تيرة): its own name
            // counts after a preposition, in a list or with the article.
            if ri > 0 && n_found == 1 {
                if let Some(len) = found {
                    let k = &phrase[..len];
                    let canonical_ok = r.prep || k.starts_with("ال") || (r.conj && follows_mention);
                    if !split_stem_ok(g, k, canonical_ok) {
                        found = None;
                    }
                }
            }
            if short_stem && n_found < 2 {
                found = None;
            }
            if let Some(len) = found {
                if best.as_ref().is_none_or(|b| n_found > b.0) {
                    best = Some((n_found, r, phrase[..len].to_string()));
                }
            }
        }
        let own_trigger = Trigger::from_key(&rs[0].key)
            .or_else(|| rs.iter().skip(1).find_map(|r| Trigger::from_key(&r.key)));
        // "قرية الحميدية" is also a key (villages named so): read the
        // trigger as a trigger unless the whole phrase is an admin unit
        // (ريف دمشق, منطقة عفرين).
        if let (Some(_), Some((n, _, key))) = (own_trigger, best.as_ref()) {
            let admin = g.lookup_ids(key).into_iter().any(|x| {
                g.record(x).is_some_and(|r| {
                    r.is_curated()
                        || r.wikidata.is_some()
                        || matches!(r.kind, Kind::Region | Kind::County | Kind::LocalAdmin)
                })
            });
            if *n > 1 && !admin && i + 1 < ws.len() && adjacent(text, ws, i, i + 1) {
                let rest = &ws[i + 1].key;
                if !g.lookup(rest).is_empty() || g.has_prefix(&format!("{rest} ")) {
                    i += 1;
                    continue;
                }
            }
        }
        let after_place = out.last().is_some_and(|m| m.w1 == i);
        let prev_trigger = if i > 0 && adjacent(text, ws, i - 1, i) {
            trigger_at(ws, &all, i - 1)
        } else {
            None
        };
        // After a head noun (ناحية البغدادي) the word is a name, not a
        // nisba adjective.
        let headed = i > 0 && adjacent(text, ws, i - 1, i) && heads_name(ws, &all, i - 1);
        let nisba = match &best {
            Some((1, r, key)) if own_trigger.is_none() && !headed => {
                let anchored = anchored_nisba(g, &out, i, prev_trigger);
                prefers_nisba(g, (text, ws, &all), i, r, key, anchored)
            }
            _ => None,
        };
        match best {
            // A trigger noun alone is not a name (قرية, مدينة).
            Some((1, _, _)) if own_trigger.is_some() => {}
            // A nisba adjective spelled like a minor place: المدينة الحلبية
            // is Aleppo's, not the village الحلبية; الريف البصري Basra's, not
            // بصرى; مواطن سوري Syria's, not Surrey.
            Some((1, r, _)) if nisba.is_some() => {
                let nk = nisba.unwrap_or_default();
                if nk.is_empty() {
                    i += 1;
                    continue;
                }
                let t = prev_trigger.filter(|_| !after_place);
                out.push(RawMention::nisba(r.cstart, &ws[i], i, nk, t));
                i += 1;
                continue;
            }
            Some((n, r, key)) => {
                let w1 = i + n;
                let mut trigger = own_trigger.filter(|_| n > 1);
                let mut trigger_word = trigger.map(|_| i);
                if trigger.is_none() && i > 0 && adjacent(text, ws, i - 1, i) {
                    trigger = trigger_at(ws, &all, i - 1);
                    trigger_word = trigger.map(|_| i - 1);
                }
                let coordinated = r.conj
                    && out.last().is_some_and(|m| {
                        m.w1 == i || (m.w1 + 1 == i && !adjacent(text, ws, i - 1, i))
                    });
                out.push(RawMention {
                    start: r.cstart,
                    end: ws[w1 - 1].cend,
                    w0: i,
                    w1,
                    key,
                    trigger,
                    trigger_word,
                    nisba: false,
                    locative: r.prep || locative_before(text, ws, &all, i),
                    coordinated,
                    unknown: false,
                });
                i = w1;
                continue;
            }
            None => {}
        }
        // Nisba after a trigger or a place: الريف الحلبي, حي الشعار الحلبي.
        if i > 0
            && !headed
            && (after_place || prev_trigger.is_some())
            && adjacent(text, ws, i - 1, i)
        {
            if let Some(key) = nisba_base(g, &ws[i].key) {
                let t = prev_trigger.filter(|_| !after_place);
                out.push(RawMention::nisba(ws[i].cstart, &ws[i], i, key, t));
                i += 1;
                continue;
            }
        }
        // An unknown proper name after a trigger noun: قرية كفرعويد.
        if let Some(t) = prev_trigger.filter(|t| t.names_unknown()) {
            let k = &ws[i].key;
            let known_word = i > 0 && !is_common_after_trigger(k) && own_trigger.is_none();
            if known_word && ws[i].key.chars().all(|c| !c.is_ascii_digit()) {
                let mut w1 = i + 1;
                if is_name_head(k) && w1 < ws.len() && adjacent(text, ws, i, w1) {
                    w1 += 1;
                }
                let key = ws[i..w1]
                    .iter()
                    .map(|w| w.key.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                out.push(RawMention {
                    start: ws[i].cstart,
                    end: ws[w1 - 1].cend,
                    w0: i,
                    w1,
                    key,
                    trigger: Some(t),
                    trigger_word: Some(i - 1),
                    nisba: false,
                    locative: false,
                    coordinated: false,
                    unknown: true,
                });
                i = w1;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Whether a nisba at word `i` follows a trigger noun or a place that
/// stands as one (a trigger-led name, or a notable place): التعليم and
/// السكك are gazetteer names too, but not what التعليم العالي qualifies.
fn anchored_nisba(g: &Gazetteer, out: &[RawMention], i: usize, prev: Option<Trigger>) -> bool {
    prev.is_some()
        || out.last().is_some_and(|m| {
            m.w1 == i
                && (m.trigger.is_some()
                    || g.lookup_ids(&m.key).into_iter().any(|x| {
                        g.record(x).is_some_and(|r| {
                            r.is_curated()
                                || r.wikidata.is_some()
                                || r.population >= 20_000
                                || matches!(r.kind, Kind::Country | Kind::Region)
                        })
                    }))
        })
}

/// The nisba reading of word `i` when it should replace the literal
/// match `key` (one word, reading `r`): the word is spelled as a nisba, the
/// literal names no country or region, and either the word is definite in
/// adjective position (after a definite noun, a place or a trigger; or
/// `anchored`) or indefinite with only foreign minor namesakes. An empty
/// key means the word is a common adjective and no place at all.
fn prefers_nisba(
    g: &Gazetteer,
    (text, ws, rs): (&str, &[Word], &[Readings]),
    i: usize,
    r: &Reading,
    key: &str,
    anchored: bool,
) -> Option<String> {
    let w = &ws[i];
    if r.cstart != w.cstart || !nisba_shaped(&text[w.start..w.end]) {
        return None;
    }
    if has_country(g, key) {
        return None;
    }
    let definite = key.starts_with("ال");
    // Adjective position: after a definite noun, a trigger or a place.
    if definite
        && !(i > 0
            && adjacent(text, ws, i - 1, i)
            && (anchored
                || (ws[i - 1].key.starts_with("ال") && !is_function_word(&ws[i - 1].key))
                || rs[i - 1]
                    .iter()
                    .skip(1)
                    .any(|x| !x.article && x.key.starts_with("ال"))))
    {
        return None;
    }
    let nk = nisba_base(g, key).filter(|nk| nk != key);
    let country = nk.as_ref().is_some_and(|nk| has_country(g, nk));
    // After a trigger or a place any base counts (الريف البصري); after a
    // common noun, or indefinite (مواطن سوري), only a country (الحكومة
    // الهندية).
    if country || (anchored && definite) {
        return nk;
    }
    // A definite nisba after a common definite noun is its adjective
    // (التعليم العالي, السكك الحديدية): no place at all.
    (definite && !anchored).then(String::new)
}

/// [`nisba_base_of`], remembered per thread and gazetteer: the same
/// adjectives come back in article after article, and each answer costs
/// up to eight lookups with their records.
fn nisba_base(g: &Gazetteer, k: &str) -> Option<String> {
    type Memo = (
        u64,
        rustc_hash::FxHashMap<CompactString, Option<CompactString>>,
    );
    thread_local!(static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::default());
    MEMO.with(|m| {
        let Ok(mut m) = m.try_borrow_mut() else {
            return nisba_base_of(g, k);
        };
        if m.0 != g.instance() {
            *m = (g.instance(), Default::default());
        }
        if let Some(v) = m.1.get(k) {
            return v.as_ref().map(|s| s.to_string());
        }
        let v = nisba_base_of(g, k);
        // Bounded: forget everything rather than grow without end.
        if m.1.len() >= 1 << 14 {
            m.1.clear();
        }
        m.1.insert(k.into(), v.as_deref().map(CompactString::from));
        v
    })
}

/// The place key a nisba adjective points to (الحلبي → حلب, البصري →
/// البصره), when the gazetteer has a region, country or city under it.
fn nisba_base_of(g: &Gazetteer, k: &str) -> Option<String> {
    let stem = k.strip_prefix("ال").unwrap_or(k);
    if matches!(
        stem,
        "جنوبي"
            | "شمالي"
            | "شرقي"
            | "غربي"
            | "جنوبيه"
            | "شماليه"
            | "شرقيه"
            | "غربيه"
            | "عربي"
            | "عربيه"
            | "دولي"
            | "دوليه"
            | "محلي"
            | "محليه"
            | "رسمي"
            | "رسميه"
            | "ريفي"
    ) {
        return None;
    }
    let base = stem.strip_suffix("يه").or_else(|| stem.strip_suffix('ي'))?;
    if base.chars().count() < 3 {
        return None;
    }
    // سوري → سوريا, ليبي → ليبيا, السعودي → السعوديه: countries only.
    if stem.ends_with('ي') {
        let country = [format!("{stem}ا"), format!("{stem}ه"), format!("ال{stem}ه")]
            .into_iter()
            .find(|t| has_country(g, t));
        if country.is_some() {
            return country;
        }
    }
    let tries = [
        base.to_string(),
        format!("ال{base}"),
        format!("{base}ه"),
        format!("ال{base}ه"),
        format!("{base}ا"),
    ];
    // Countries and regions first (الكوبي is Cuba's, not Kobe's), then big cities.
    let has = |t: &String, city: bool| {
        g.lookup_ids(t).into_iter().any(|i| {
            g.record(i).is_some_and(|r| {
                matches!(r.kind, Kind::Country | Kind::Region)
                    || (city && r.kind == Kind::Locality && r.population >= 100_000)
            })
        })
    };
    tries
        .iter()
        .find(|t| has(t, false))
        .or_else(|| tries.iter().find(|t| has(t, true)))
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_list_is_sorted() {
        let mut s = FUNCTION.to_vec();
        s.sort_unstable();
        assert_eq!(s, FUNCTION);
    }

    #[test]
    fn stop_list_is_sorted() {
        let mut s = STOP.to_vec();
        s.sort_unstable();
        assert_eq!(s, STOP);
    }
}
