//! Toponym matching: finds gazetteer names in a text, with clitics
//! stripped from the first word, multi-word names matched longest first,
//! trigger nouns (مدينة، قرية، ريف …) and nisba adjectives (الحلبي).
//!
//! Words are cut from `doc.text` directly (letters, digits and Arabic
//! marks), the same way the compiler cuts gazetteer names into keys, so
//! that a key and a text phrase agree whatever tokens the text stage wrote.

use marsad_text::clitics::candidates;
use marsad_text::normalize::search_key;

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
            "حي" => Trigger::Neighbourhood,
            "ريف" | "ريفي" | "الريف" => Trigger::Countryside,
            "منطقه" => Trigger::Area,
            "قضاء" => Trigger::District,
            "ناحيه" => Trigger::Subdistrict,
            "معبر" => Trigger::Crossing,
            "حاجز" => Trigger::Checkpoint,
            "مطار" => Trigger::Airport,
            "مشفى" | "مستشفى" | "مشفي" | "مستشفي" => Trigger::Hospital,
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
fn is_locative(k: &str) -> bool {
    matches!(
        k,
        "في" | "فى"
            | "الى"
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
            | "حتى"
            | "باتجاه"
            | "مدن"
            | "بلدات"
            | "قرى"
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
    STOP.binary_search(&k).is_ok()
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
    "الاقصى",
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
    "حتى",
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
    "سلمى",
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
    "على",
    "علي",
    "عليه",
    "عمر",
    "عن",
    "عند",
    "عنه",
    "عيسى",
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
    "قوى",
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
    "لدى",
    "لكن",
    "لم",
    "لن",
    "ليلى",
    "ما",
    "ماجد",
    "مجيد",
    "محليه",
    "محمد",
    "محمود",
    "مدير",
    "مرعي",
    "مريم",
    "مصطفى",
    "مع",
    "من",
    "منذ",
    "منه",
    "موسى",
    "موقع",
    "ناصر",
    "نحو",
    "نور",
    "نيسان",
    "هارون",
    "هدى",
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

/// One reading of a word: the stem's byte and code-point start and the
/// key to look up.
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    pub cstart: usize,
    pub key: String,
    /// The stripped prefix holds a preposition (ب ل ك), a locative cue.
    pub prep: bool,
    /// The stripped prefix holds the conjunction و/ف.
    pub conj: bool,
}

/// Readings of a word, unsplit first (see `marsad_text::clitics`).
pub(crate) fn readings(text: &str, w: &Word) -> Vec<Reading> {
    let s = &text[w.start..w.end];
    let mut out = Vec::with_capacity(4);
    for c in candidates(s) {
        let prefix = &s[..c.prefix_len];
        let stem = c.stem_str(s);
        let cstart = w.cstart + prefix.chars().count();
        let key = if c.prefix_len == 0 {
            w.key.clone()
        } else {
            search_key(stem)
        };
        let conj = prefix.starts_with('و') || prefix.starts_with('ف');
        let prep = prefix
            .trim_start_matches(['و', 'ف'])
            .starts_with(['ب', 'ل', 'ك']);
        // للرقة: the second ل is the article, so الرقة is a reading too.
        if prefix.ends_with("لل") || (prefix.ends_with('ل') && prep && !stem.starts_with("ال"))
        {
            out.push(Reading {
                cstart,
                key: format!("ال{key}"),
                prep,
                conj,
            });
        }
        out.push(Reading {
            cstart,
            key,
            prep,
            conj,
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

/// The trigger noun at word `i`, if any.
fn trigger_at(text: &str, ws: &[Word], i: usize) -> Option<Trigger> {
    let w = ws.get(i)?;
    if let Some(t) = Trigger::from_key(&w.key) {
        return Some(t);
    }
    // A trigger heads its name in a construct (قضاء الزبير, بمدينة حلب); with
    // the article it is an ordinary noun (للقضاء على, والمحافظة على).
    readings(text, w)
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

fn locative_before(text: &str, ws: &[Word], i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let p = &ws[i - 1];
    if !adjacent(text, ws, i - 1, i) {
        return false;
    }
    is_locative(&p.key)
        || readings(text, p)
            .iter()
            .skip(1)
            .any(|r| is_locative(&r.key))
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
                | "اخرى"
                | "كبيره"
                | "صغيره"
                | "جديده"
                | "سكنيه"
                | "الصناعيه"
                | "التي"
                | "الذي"
                | "عن"
                | "على"
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
                | "الى"
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
    let mut i = 0;
    while i < ws.len() {
        let rs = readings(text, &ws[i]);
        // Longest phrase over all readings; ties keep the least stripping.
        let mut best: Option<(usize, &Reading, String)> = None;
        for (ri, r) in rs.iter().enumerate() {
            // A stripped stem of two letters is too often a false split
            // (لكن → كن).
            if r.key.chars().count() < if ri == 0 { 2 } else { 3 } {
                continue;
            }
            // One buffer grows word by word; `found` is its longest hit.
            let mut phrase = r.key.clone();
            let mut found = (!g.lookup(&phrase).is_empty()).then_some(phrase.len());
            let mut n_found = 1usize;
            let mut j = i + 1;
            while j < ws.len() && j - i < max_words && adjacent(text, ws, j - 1, j) {
                let before = phrase.len();
                phrase.push(' ');
                phrase.push_str(&ws[j].key);
                let exact = !g.lookup(&phrase).is_empty();
                if exact {
                    found = Some(phrase.len());
                    n_found = j - i + 1;
                } else {
                    phrase.push(' ');
                    let more = g.has_prefix(&phrase);
                    phrase.pop();
                    if !more {
                        phrase.truncate(before);
                        break;
                    }
                }
                j += 1;
            }
            if let Some(len) = found {
                if best.as_ref().is_none_or(|b| n_found > b.0) {
                    phrase.truncate(len);
                    best = Some((n_found, r, phrase));
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
        match best {
            // A trigger noun alone is not a name (قرية, مدينة).
            Some((1, _, _)) if own_trigger.is_some() => {}
            Some((n, r, key)) => {
                let w1 = i + n;
                let mut trigger = own_trigger.filter(|_| n > 1);
                let mut trigger_word = trigger.map(|_| i);
                if trigger.is_none() && i > 0 && adjacent(text, ws, i - 1, i) {
                    trigger = trigger_at(text, ws, i - 1);
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
                    locative: r.prep || locative_before(text, ws, i),
                    coordinated,
                    unknown: false,
                });
                i = w1;
                continue;
            }
            None => {}
        }
        // Nisba after a trigger or a place: الريف الحلبي, حي الشعار الحلبي.
        let after_place = out.last().is_some_and(|m| m.w1 == i);
        let prev_trigger = if i > 0 && adjacent(text, ws, i - 1, i) {
            trigger_at(text, ws, i - 1)
        } else {
            None
        };
        if i > 0 && (after_place || prev_trigger.is_some()) && adjacent(text, ws, i - 1, i) {
            if let Some(key) = nisba_base(g, &ws[i].key) {
                out.push(RawMention {
                    start: ws[i].cstart,
                    end: ws[i].cend,
                    w0: i,
                    w1: i + 1,
                    key,
                    trigger: prev_trigger.filter(|_| !after_place),
                    trigger_word: prev_trigger.filter(|_| !after_place).map(|_| i - 1),
                    nisba: true,
                    locative: false,
                    coordinated: false,
                    unknown: false,
                });
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

/// The place key a nisba adjective points to (الحلبي → حلب, البصري →
/// البصره), when the gazetteer has a region, country or city under it.
fn nisba_base(g: &Gazetteer, k: &str) -> Option<String> {
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
    fn stop_list_is_sorted() {
        let mut s = STOP.to_vec();
        s.sort_unstable();
        assert_eq!(s, STOP);
    }
}
