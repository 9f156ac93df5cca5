//! Facilities the gazetteer lacks: hospitals, prisons, checkpoints,
//! airports, bases, crossings, ports (`مشفى الأمل بحي الشعار`, `حاجز
//! القطيفة`, `سجن صيدنايا`). Each becomes a place of its kind located at the
//! enclosing place: the place its own name is (`معبر نصيب`), else the first
//! place the sentence puts it in after it (`في`, `ب`, `قرب`, `حي`…). Its
//! precision is the enclosing place's, so a map shows how far to trust it.

use marsad_core::{Document, Mention, Place};
use marsad_text::romanize::romanize;
use marsad_text::words::Word;

use crate::matcher::{is_function_word, is_locative};

/// Facility head nouns (search keys) and the place type they give.
fn head(k: &str) -> Option<&'static str> {
    Some(match k {
        "مستشفي" | "مشفي" | "المستشفي" | "المشفي" => "hospital",
        "سجن" | "معتقل" => "prison",
        "حاجز" => "checkpoint",
        "مطار" => "airport",
        "قاعده" | "ثكنه" => "base",
        "معبر" => "crossing",
        "ميناء" | "مرفا" => "port",
        _ => return None,
    })
}

/// Words that end a facility's name and may open its location: the
/// matcher's locative cues and the head nouns of the places around it.
fn cue(k: &str) -> bool {
    is_locative(k)
        || matches!(
            k,
            "حي" | "بحي"
                | "مدينه"
                | "بمدينه"
                | "بلده"
                | "ببلده"
                | "قريه"
                | "بقريه"
                | "منطقه"
                | "بمنطقه"
                | "ريف"
                | "بريف"
                | "علي"
                | "عند"
        )
}

/// Adds the facilities of `doc` (words `ws`) after the places are resolved.
pub(crate) fn add(doc: &mut Document, ws: &[Word]) {
    let mut found: Vec<Place> = Vec::new();
    for i in 0..ws.len() {
        let Some(kind) = head(&ws[i].key) else {
            continue;
        };
        let h = (ws[i].cstart, ws[i].cend);
        // The gazetteer has it already (مطار دمشق الدولي), or it is part
        // of a longer name.
        if doc
            .places
            .iter()
            .any(|p| p.mentions.iter().any(|m| m.start <= h.0 && h.0 < m.end))
        {
            continue;
        }
        // Its name: up to three joined words, not a cue, a particle, a
        // number or a word after و; a place it is named after ends it.
        let mut j = i + 1;
        while j < ws.len() && j - i <= 3 && ws[j].joins {
            let k = ws[j].key.as_str();
            let after_prefix = j > i + 1
                && (k.starts_with('و') && !ws[j].splits.is_empty()
                    || ws[j].splits.iter().any(|s| cue(&s.key)));
            let number = k.chars().all(|c| c.is_ascii_digit())
                || marsad_text::lexicon::match_number_unit(k).is_some()
                || matches!(k, "عشرات" | "مئات" | "الاف" | "عده" | "بضعه");
            if cue(k) || is_function_word(k) || after_prefix || number {
                break;
            }
            j += 1;
            let named_after = doc.places.iter().any(|p| {
                p.resolved
                    && p.mentions
                        .iter()
                        .any(|m| m.start == ws[i + 1].cstart && m.end == ws[j - 1].cend)
            });
            if named_after {
                break;
            }
        }
        if j == i + 1 {
            continue;
        }
        let (start, end) = (ws[i].cstart, ws[j - 1].cend);
        // The place its name is, else the next place of the sentence.
        let mut at = doc.places.iter().find(|p| {
            p.resolved
                && p.mentions
                    .iter()
                    .any(|m| m.start >= ws[i + 1].cstart && m.end <= end)
        });
        if at.is_none() {
            let mut k = j;
            while k < ws.len() && k - j < 6 && (k == j || ws[k].joins) {
                k += 1;
            }
            let limit = ws.get(k.saturating_sub(1)).map_or(end, |w| w.cend);
            at = doc
                .places
                .iter()
                .filter(|p| p.resolved)
                .filter_map(|p| {
                    p.mentions
                        .iter()
                        .filter(|m| m.start >= end && m.end <= limit)
                        .map(|m| m.start)
                        .min()
                        .map(|s| (s, p))
                })
                .min_by_key(|(s, _)| *s)
                .map(|(_, p)| p);
        }
        let Some(at) = at else {
            continue;
        };
        let Some(text) = doc.slice(start, end) else {
            continue;
        };
        let slug: String = romanize(text)
            .to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let mut admin = at.admin.clone();
        admin.push(marsad_core::AdminUnit {
            id: at.id.clone(),
            name: at.name.clone(),
            level: at.place_type.clone().unwrap_or_else(|| "locality".into()),
        });
        let mention = Mention {
            start,
            end,
            text: text.to_string(),
        };
        if let Some(p) = found.iter_mut().find(|p| p.name == text) {
            p.mentions.push(mention);
            continue;
        }
        found.push(Place {
            id: format!("fac:{slug}"),
            name: text.to_string(),
            name_latn: romanize(text),
            mentions: vec![mention],
            lat: at.lat,
            lon: at.lon,
            resolved: true,
            place_type: Some(kind.to_string()),
            country: at.country.clone(),
            admin,
            precision: at.precision,
            confidence: at.confidence.min(0.6),
            ..Place::default()
        });
    }
    if !found.is_empty() {
        // An unresolved name inside a facility's name (الأمل of مشفى
        // الأمل) is that name, not a place of its own.
        let inside = |m: &Mention| {
            found
                .iter()
                .flat_map(|f| f.mentions.iter())
                .any(|f| f.start <= m.start && m.end <= f.end)
        };
        doc.places
            .retain(|p| p.resolved || !p.mentions.iter().all(&inside));
        doc.places.extend(found);
        doc.places
            .sort_by_key(|p| p.mentions.first().map(|m| m.start).unwrap_or(usize::MAX));
    }
}
