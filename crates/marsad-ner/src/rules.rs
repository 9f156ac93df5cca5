//! A small rule layer run after decoding, for name patterns news is full
//! of and the training corpora under-represent. Rules add entities over
//! tokens the model left as O, extend entities, or retype them (4, 5);
//! none removes one.
//!
//! 1. Kunya: `أبو`/`أم` + a PER entity → the PER entity starts at the kunya;
//!    `أبو` + O-word + PER entity likewise (`أبو محمد الجولاني`).
//! 2. Nasab chains: PER entity + `بن`/`ابن` + word → the PER entity grows
//!    over them (repeatedly: `محمد بن سلمان بن عبد العزيز`).
//! 3. `عبد` ending a PER entity takes the next word (`عبد الله`).
//! 4. Head word + quoted name: an organisation head word (`هيئة`, `حركة`,
//!    `تنظيم` …) right before `«…»`, `"…"` or `“…”` of at most six tokens →
//!    one ORG entity over the quoted words (`تحرير الشام` in `هيئة «تحرير
//!    الشام»`), whatever the model tagged there, unless an entity covers a
//!    quotation mark.
//! 5. Acronyms of organisations that the corpora barely contain (`حماس`,
//!    `الأونروا`, `يونيفيل`, `داعش` …) → ORG when left as O, or when tagged
//!    alone as another type (`اليونيفيل` as MISC).

use std::sync::OnceLock;

use marsad_core::EntityLabel;

use crate::hash::{hash_str, IdSet};
use crate::key;
use crate::lexicon::{trigger, TRIG_ORG};
use crate::tags::Tag;

const ACRONYMS: &str = "حماس داعش الناتو الأونروا أونروا يونيفيل اليونيفيل اليونسكو \
    اليونيسف يونيسف أوبك الفيفا قسد الإيسيسكو الأسكوا إيكاو";

fn acronyms() -> &'static IdSet {
    static A: OnceLock<IdSet> = OnceLock::new();
    A.get_or_init(|| {
        ACRONYMS
            .split_whitespace()
            .map(|w| hash_str(&key::stem(w)))
            .collect()
    })
}

/// Hashes of the folded stems the rules compare with.
struct Stems {
    abu: u64,
    umm: u64,
    abi: u64,
    bin: u64,
    ibn: u64,
    bint: u64,
    abd: u64,
}

fn stems() -> &'static Stems {
    static S: OnceLock<Stems> = OnceLock::new();
    S.get_or_init(|| {
        let h = |w: &str| hash_str(&key::stem(w));
        Stems {
            abu: h("ابو"),
            umm: h("ام"),
            abi: h("ابي"),
            bin: h("بن"),
            ibn: h("ابن"),
            bint: h("بنت"),
            abd: h("عبد"),
        }
    })
}

/// Applies the rules to one decoded sentence. `keys`: the hashed folded
/// stem of each word (`hash_str` of the stem from `key::keys_into`).
pub fn apply(words: &[&str], tags: &mut [Tag], keys: &[u64]) {
    let n = words.len().min(tags.len()).min(keys.len());
    let st = stems();
    let per_b = Tag::begin(EntityLabel::PER);
    let per_i = Tag::inside(EntityLabel::PER);
    let org_b = Tag::begin(EntityLabel::ORG);
    let org_i = Tag::inside(EntityLabel::ORG);
    let is_word = |i: usize| words[i].chars().any(char::is_alphabetic);

    // 1. Kunya.
    for i in 0..n.saturating_sub(1) {
        if !tags[i].is_outside() || ![st.abu, st.umm, st.abi].contains(&keys[i]) {
            continue;
        }
        if tags[i + 1] == per_b {
            tags[i] = per_b;
            tags[i + 1] = per_i;
        } else if i + 2 < n
            && tags[i + 1].is_outside()
            && is_word(i + 1)
            && tags[i + 2] == per_b
            && keys[i] == st.abu
        {
            tags[i] = per_b;
            tags[i + 1] = per_i;
            tags[i + 2] = per_i;
        }
    }
    // 2 and 3. Nasab chains and عبد.
    let mut i = 0;
    while i < n {
        if tags[i].label() == Some(EntityLabel::PER) {
            let mut j = i + 1;
            while j < n && tags[j] == per_i {
                j += 1;
            }
            // j is one past the entity
            loop {
                if j + 1 < n
                    && tags[j].is_outside()
                    && [st.bin, st.ibn, st.bint].contains(&keys[j])
                    && is_word(j + 1)
                    && (tags[j + 1].is_outside() || tags[j + 1] == per_b)
                {
                    tags[j] = per_i;
                    tags[j + 1] = per_i;
                    j += 2;
                } else if j < n
                    && keys[j - 1] == st.abd
                    && is_word(j)
                    && (tags[j].is_outside() || tags[j] == per_b)
                {
                    tags[j] = per_i;
                    j += 1;
                } else {
                    break;
                }
                while j < n && tags[j] == per_i {
                    j += 1;
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    // 4. Head word + quoted name. The quote names the organisation, so
    // whatever the model tagged inside it becomes one ORG entity over the
    // words between the marks (the corpora's convention: head word and
    // marks stay outside), unless an entity covers a mark.
    for i in 0..n.saturating_sub(2) {
        let Some(closer) = closing_quote(words[i + 1]) else {
            continue;
        };
        if trigger(keys[i]) != TRIG_ORG || !tags[i + 1].is_outside() {
            continue;
        }
        let Some(close) = (i + 2..n.min(i + 9)).find(|&j| words[j] == closer) else {
            continue;
        };
        if close == i + 2 || !tags[close].is_outside() {
            continue;
        }
        tags[i + 2] = org_b;
        for t in &mut tags[i + 3..close] {
            *t = org_i;
        }
    }
    // 5. Acronyms: ORG when left as O or tagged alone as another type.
    for i in 0..n {
        if !acronyms().contains(&keys[i]) {
            continue;
        }
        let next_inside = i + 1 < n && tags[i + 1].is_inside();
        let alone_other = tags[i].is_begin() && tags[i] != org_b && !next_inside;
        if tags[i].is_outside() || alone_other {
            tags[i] = org_b;
            if next_inside {
                // keep BIO valid: a following I- now continues nothing of ours
                if let Some(l) = tags[i + 1].label() {
                    if l != EntityLabel::ORG {
                        tags[i + 1] = Tag::begin(l);
                    }
                }
            }
        }
    }
}

/// The closing mark of an opening quotation mark.
fn closing_quote(open: &str) -> Option<&'static str> {
    match open {
        "«" => Some("»"),
        "\"" => Some("\""),
        "“" => Some("”"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(sentence: &str, tags: &str) -> String {
        let words: Vec<&str> = sentence.split(' ').collect();
        let mut t: Vec<Tag> = tags
            .split(' ')
            .map(|t| crate::tags::fold_tag(t, Default::default()))
            .collect();
        let keys: Vec<u64> = words.iter().map(|w| hash_str(&key::stem(w))).collect();
        apply(&words, &mut t, &keys);
        t.iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn kunya_and_nasab() {
        assert_eq!(
            run("التقى أبو سامر الحلبي بالوفد", "O O O B-PER O"),
            "O B-PER I-PER I-PER O"
        );
        assert_eq!(
            run("وصل الأمير فهد بن ناصر بن سعود أمس", "O O B-PER O O O O O"),
            "O O B-PER I-PER I-PER I-PER I-PER O"
        );
        assert_eq!(run("قال عبد الكريم", "O B-PER O"), "O B-PER I-PER");
    }

    #[test]
    fn quoted_org_and_acronyms() {
        // Whatever the model tagged inside the quote becomes one ORG.
        assert_eq!(
            run("أعلنت هيئة « أنصار الوادي » مسؤوليتها", "O O O B-LOC O O O"),
            "O O O B-ORG I-ORG O O"
        );
        assert_eq!(
            run(
                "أعلنت هيئة « تحرير الشام » سيطرتها",
                "O O O B-MISC I-MISC O O"
            ),
            "O O O B-ORG I-ORG O O"
        );
        assert_eq!(
            run("أعلنت هيئة « أنصار الوادي » مسؤوليتها", "O O O O O O O"),
            "O O O B-ORG I-ORG O O"
        );
        assert_eq!(
            run(
                "قالت صحيفة \" الشرق الأوسط \" إن",
                "O B-ORG O B-LOC B-LOC O O"
            ),
            "O B-ORG O B-ORG I-ORG O O"
        );
        assert_eq!(
            run("قالت جماعة “ أهل الحي ” إن", "O O O O O O O"),
            "O O O B-ORG I-ORG O O"
        );
        // Unchanged: no head word, mismatched marks, an entity covering
        // a mark, an empty quote.
        assert_eq!(
            run("قال « أنصار الوادي » إن", "O O B-LOC O O O"),
            "O O B-LOC O O O"
        );
        assert_eq!(
            run("قالت حركة « شباب الغد \" إن", "O O O O O O O"),
            "O O O O O O O"
        );
        assert_eq!(
            run("قالت حركة « شباب » الغد إن", "O O O B-ORG I-ORG I-ORG O"),
            "O O O B-ORG I-ORG I-ORG O"
        );
        assert_eq!(
            run(
                "قالت حركة « شباب الغد » إن",
                "O B-ORG I-ORG I-ORG I-ORG I-ORG O"
            ),
            "O B-ORG I-ORG I-ORG I-ORG I-ORG O"
        );
        assert_eq!(run("قالت حركة « » إن", "O O O O O"), "O O O O O");
    }

    #[test]
    fn acronyms_become_org() {
        assert_eq!(run("ردت حماس على العرض", "O O O O"), "O B-ORG O O");
        assert_eq!(run("قالت قوات اليونيفيل إن", "O O B-MISC O"), "O O B-ORG O");
        // Part of a longer entity of another type: left alone.
        assert_eq!(
            run("زار مقر اليونيفيل الجديد", "O B-LOC I-LOC I-LOC"),
            "O B-LOC I-LOC I-LOC"
        );
        assert_eq!(run("قصف داعش الموصل", "O B-PER B-LOC"), "O B-ORG B-LOC");
    }
}
