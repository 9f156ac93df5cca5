//! Disambiguation: picks one gazetteer record per place name using the
//! whole document (nearby resolved places, shared admin parents, the
//! document's countries, trigger nouns) over population and type priors.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use marsad_core::{
    AdminUnit, Document, EntityLabel, Mention, Place, PlaceCandidate, PlaceIds, PlacePrecision,
};
use marsad_text::romanize::romanize;

use crate::gazetteer::{core_country, Gazetteer, Kind, Record};
use crate::matcher::{self, is_stop, RawMention, Trigger};
use crate::spans::{LocSpans, PrefixMax, Spans};

/// Candidates looked at per name (best priors first).
const MAX_CANDIDATES: usize = 60;
/// Candidates listed in the output of an unresolved place.
const LISTED: usize = 5;

/// Great-circle distance in km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let r = 6371.0088;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * r * a.sqrt().min(1.0).asin()
}

/// Context-free prior of a record.
fn prior(r: &Record) -> f32 {
    let pop = ((r.population as f32) + 1.0).log10();
    let mut p = match r.kind {
        Kind::Country => 8.0,
        Kind::Region => 3.5 + 0.1 * pop,
        Kind::County => 1.5 + 0.1 * pop,
        Kind::LocalAdmin => 1.0,
        Kind::Locality => 0.8 * pop,
        Kind::Neighbourhood => 0.3,
        Kind::Landform | Kind::Area => 2.5,
        Kind::Airport | Kind::Crossing | Kind::Camp | Kind::Facility => 1.5,
    };
    if r.is_curated() {
        p += 1.5;
    }
    if core_country(&r.country) {
        p += 0.5;
    }
    if !r.name_ar().is_empty() {
        p += 0.3;
    }
    // A Wikidata item marks the notable one among duplicates/homonyms.
    // GeoNames rows carry no Wikidata id: a large population stands in.
    if r.wikidata.is_some() || (r.wof.is_none() && !r.is_curated() && r.population >= 50_000) {
        p += 0.7;
    }
    if r.is_current() {
        p += 0.3;
    }
    p
}

/// How much a name counts as a place on its own (no other evidence).
fn importance(r: &Record) -> u8 {
    // Outside the core countries only big cities stand on their own:
    // GeoNames' Arabic transliterations collide with common words.
    if !core_country(&r.country) && !r.is_curated() && r.kind == Kind::Locality {
        return match r.population {
            p if p >= 100_000 => 3,
            p if p >= 20_000 => 1,
            _ => 0,
        };
    }
    match r.kind {
        Kind::Country | Kind::Region => 3,
        _ if r.is_curated() => 3,
        Kind::Locality if r.population >= 100_000 => 3,
        // Towns with a Wikidata item are notable even without population
        // (most Syrian WOF localities have none).
        // A known small population (a hamlet) outweighs the Wikidata item.
        Kind::Locality if r.wikidata.is_some() && (r.population == 0 || r.population >= 1_000) => 3,
        Kind::Locality if r.population >= 20_000 => 2,
        Kind::County | Kind::Landform | Kind::Area => 2,
        Kind::Locality if r.population >= 1_000 => 1,
        _ => 0,
    }
}

fn precision_of(k: Kind, countryside: bool) -> PlacePrecision {
    if countryside {
        return PlacePrecision::District;
    }
    match k {
        Kind::Country => PlacePrecision::Country,
        Kind::Region | Kind::Landform | Kind::Area => PlacePrecision::Region,
        Kind::County | Kind::LocalAdmin => PlacePrecision::District,
        Kind::Locality => PlacePrecision::Locality,
        Kind::Neighbourhood => PlacePrecision::Neighbourhood,
        Kind::Airport | Kind::Crossing | Kind::Camp | Kind::Facility => PlacePrecision::Point,
    }
}

/// lat, lon, country, record index, region, county.
type CandInfo = (f64, f64, [u8; 2], u32, Option<u32>, Option<u32>);

/// Mentions of one name in one sense (ريف حلب and حلب are two senses).
#[derive(Debug)]
struct Group {
    key: String,
    countryside: bool,
    mentions: Vec<RawMention>,
    cands: Vec<u32>,
    priors: Vec<f32>,
    scores: Vec<f32>,
    /// Per candidate: lat, lon, country, own index, region, county.
    info: Vec<CandInfo>,
    best: Option<usize>,
    confidence: f32,
    fired: bool,
    strong: bool,
    /// Some mention stands in a strong locative frame.
    framed: bool,
}

fn sense(m: &RawMention) -> (bool, Option<Trigger>) {
    match m.trigger {
        Some(Trigger::Countryside) => (true, m.trigger),
        Some(Trigger::Governorate) => (false, m.trigger),
        _ => (false, None),
    }
}

/// Whether an NER LOC span vouches for a mention: the mention covers the
/// span, or is the span less a few letters of proclitics. A word inside a
/// longer span (الشرق of «الشرق الأوسط») is not vouched for.
fn vouched(locs: &LocSpans, m: &RawMention) -> bool {
    locs.vouches(m.start, m.end)
}

/// A month or weekday name (`نيسان`, `الجمعة`): a date, whatever NER or a
/// same-named village says. Keys are search keys, as the date tables' fold
/// gives them. Two-letter ones stay places: `آب` and the city `إب` (Ibb)
/// fold alike.
fn is_date_word(key: &str) -> bool {
    let key = key.strip_prefix("ال").unwrap_or(key);
    key.chars().count() > 2
        && !key.contains(' ')
        && (marsad_text::lexicon::match_month(&[key]).is_some_and(|(_, n)| n == 1)
            || marsad_text::lexicon::match_weekday(key).is_some()
            || marsad_text::lexicon::match_weekday(&format!("ال{key}")).is_some())
}

const SHADDA: char = '\u{0651}';

/// A name with its harakat dropped but its shadda kept, the article and
/// proclitics left on (matched by suffix).
fn shadda_skeleton(s: &str) -> String {
    s.chars()
        .filter(|&c| c == SHADDA || !('\u{064B}'..='\u{065F}').contains(&c) && c != '\u{0670}')
        .collect()
}

/// Annotates `doc.places`. Never fails: an unknown or ambiguous name is
/// reported unresolved and the others are unaffected.
pub fn resolve_document(g: &Gazetteer, doc: &mut Document) {
    // Taken for the run and given back for later stages.
    let ws = std::mem::take(&mut doc.name_words);
    let text = doc.text.as_str();
    let mut raw = matcher::find(g, text, &ws);
    add_ner_only(g, doc, &ws, &mut raw);
    // Place names inside an organisation's name (هيئة تحرير الشام, وحدات
    // حماية الشعب) are not places, when the actors stage ran first.
    let org_spans = Spans::new(
        doc.actors
            .iter()
            .filter(|a| {
                !matches!(
                    a.kind,
                    None | Some(marsad_core::ActorKind::State)
                        | Some(marsad_core::ActorKind::Person)
                )
            })
            .flat_map(|a| a.mentions.iter())
            .filter(|m| m.link == marsad_core::LinkKind::Alias && m.end > m.start)
            .map(|m| (m.start, m.end)),
    );
    raw.retain(|m| m.trigger.is_some() || !org_spans.contains_strictly(m.start, m.end));
    // A name the actors stage linked to a person or an organisation (أوباما,
    // كاميرون after ديفيد كاميرون, داعش, طالبان) is not a place, even where
    // NER tagged it LOC. Generic and role mentions (الحكومة السورية) keep
    // their nisba; a document-local person (NER PER) keeps a place it
    // reaches only through a preposition (فهد بجدة).
    let named: Vec<(usize, usize, bool)> = doc
        .actors
        .iter()
        .filter(|a| !matches!(a.kind, Some(marsad_core::ActorKind::State)))
        .flat_map(|a| a.mentions.iter())
        .filter(|m| {
            matches!(
                m.link,
                marsad_core::LinkKind::Alias
                    | marsad_core::LinkKind::Short
                    | marsad_core::LinkKind::Local
            ) && m.end > m.start
        })
        .map(|m| (m.start, m.end, m.link == marsad_core::LinkKind::Local))
        .collect();
    // A document-local person's span does not hold a locative mention.
    let named_any = Spans::new(named.iter().map(|&(s, e, _)| (s, e)));
    let named_kb = Spans::new(named.iter().filter(|n| !n.2).map(|&(s, e, _)| (s, e)));
    // One sense per document: once a name is linked to a person or an
    // organisation, its other mentions (كاميرون alone, later) are too.
    let in_named = |m: &RawMention| {
        let spans = if m.locative { &named_kb } else { &named_any };
        spans.contains(m.start, m.end)
    };
    let linked_keys: FxHashSet<String> = raw
        .iter()
        .filter(|m| in_named(m))
        .map(|m| m.key.clone())
        .collect();
    raw.retain(|m| m.trigger.is_some() || !(linked_keys.contains(&m.key) || in_named(m)));
    // A particle is never a place, whatever NER says (إن, أن, من).
    raw.retain(|m| !matcher::is_function_word(&m.key) && !is_date_word(&m.key));
    let locs = LocSpans::new(
        doc.entities
            .iter()
            .filter(|e| e.label == EntityLabel::LOC)
            .map(|e| (e.start, e.end)),
    );
    // Whether NER evidence is there: the stage ran and tagged something.
    // Where it tagged nothing at all (lists, tables, odd prose) its silence
    // on a name says little, so names are judged as without NER.
    let ner_ran = doc.has(marsad_core::Layer::Entities) && !doc.entities.is_empty();
    let not_loc = Spans::new(
        doc.entities
            .iter()
            .filter(|e| e.label != EntityLabel::LOC)
            .map(|e| (e.start, e.end)),
    );

    // Group by (key, sense); BTreeMap keeps the output order stable.
    let mut groups: Vec<Group> = Vec::new();
    let mut by_key: BTreeMap<(String, bool, bool), usize> = BTreeMap::new();
    for m in raw {
        let (cs, t) = sense(&m);
        let gov = t == Some(Trigger::Governorate);
        let k = (m.key.clone(), cs, gov);
        let gi = *by_key.entry(k).or_insert_with(|| {
            groups.push(Group {
                key: m.key.clone(),
                countryside: cs,
                mentions: Vec::new(),
                cands: Vec::new(),
                priors: Vec::new(),
                scores: Vec::new(),
                info: Vec::new(),
                best: None,
                confidence: 0.0,
                fired: false,
                strong: false,
                framed: false,
            });
            groups.len() - 1
        });
        groups[gi].mentions.push(m);
    }

    for gr in &mut groups {
        let triggers: Vec<Trigger> = gr.mentions.iter().filter_map(|m| m.trigger).collect();
        let in_loc = gr.mentions.iter().any(|m| vouched(&locs, m));
        // Inside a PER/ORG span (هيئة تحرير الشام) a name needs a trigger.
        let in_other = gr.mentions.iter().all(|m| not_loc.contains(m.start, m.end));
        gr.strong = !triggers.is_empty() || in_loc;
        let mut ids: Vec<u32> = if gr.mentions.iter().all(|m| m.unknown) {
            Vec::new()
        } else {
            g.lookup_ids(&gr.key)
        };
        for &i in &ids {
            g.prefetch_record(i);
        }
        let mut unfit: Vec<u32> = Vec::new();
        // A trigger narrows the kinds, when some candidate fits.
        if let Some(&t) = triggers.first() {
            let fit: Vec<u32> = ids
                .iter()
                .copied()
                .filter(|&i| g.record(i).is_some_and(|r| t.fits(r.kind)))
                .collect();
            if !fit.is_empty() {
                // Notable places of another kind stay in the running for
                // the document's context to judge (قضاء صور beside صيدا:
                // the Lebanese city, not a Turkish district).
                let notable: Vec<u32> = ids
                    .iter()
                    .copied()
                    .filter(|i| !fit.contains(i))
                    .filter(|&i| {
                        g.record(i).is_some_and(|r| {
                            matches!(r.kind, Kind::Locality | Kind::County) && importance(&r) >= 3
                        })
                    })
                    .collect();
                unfit = notable.clone();
                ids = fit;
                ids.extend(notable);
            }
        }
        // ريف X is the countryside of the governorate or district X, never
        // the city X itself, whatever the city's context score.
        if gr.countryside {
            let admin: Vec<u32> = ids
                .iter()
                .copied()
                .filter(|&i| {
                    g.record(i)
                        .is_some_and(|r| matches!(r.kind, Kind::Region | Kind::County))
                })
                .collect();
            if !admin.is_empty() {
                ids = admin;
            }
        }
        let mut scored: Vec<(f32, u32)> = ids
            .iter()
            .filter_map(|&i| g.record(i).map(|r| (prior(&r), i)))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.truncate(MAX_CANDIDATES);
        gr.priors = scored.iter().map(|s| s.0).collect();
        gr.cands = scored.iter().map(|s| s.1).collect();
        gr.info = gr
            .cands
            .iter()
            .filter_map(|&i| g.record(i))
            .map(|r| {
                (
                    r.lat as f64,
                    r.lon as f64,
                    r.country,
                    r.index,
                    r.region,
                    r.county,
                )
            })
            .collect();
        // A written shadda tells homonyms apart (عمّان the city, عُمان the
        // country): where the text has one, names spelt with it win.
        let shadda_forms: Vec<String> = gr
            .mentions
            .iter()
            .filter_map(|m| {
                let (w0, w1) = (ws.get(m.w0)?, ws.get(m.w1.checked_sub(1)?)?);
                let surface = text.get(w0.start..w1.end)?;
                surface.contains(SHADDA).then(|| shadda_skeleton(surface))
            })
            .collect();
        let shadda_match: Vec<bool> = gr
            .cands
            .iter()
            .map(|&i| {
                g.record(i).is_some_and(|r| {
                    let name = shadda_skeleton(r.name_ar());
                    name.contains(SHADDA) && shadda_forms.iter().any(|f| f.ends_with(&name))
                })
            })
            .collect();
        let some_shadda_match = shadda_match.iter().any(|&b| b);
        // العاصمة X, العاصمة الأردنية X: a capital city, not a country.
        let after_capital = gr.mentions.iter().any(|m| {
            let key = |back: usize| {
                m.w0.checked_sub(back)
                    .and_then(|i| ws.get(i))
                    .map(|w| w.key.as_str())
            };
            key(1) == Some("العاصمه")
                || (key(2) == Some("العاصمه") && key(1).is_some_and(|k| k.ends_with("يه")))
        });
        // Trigger-specific preferences.
        for (k, &i) in gr.cands.iter().enumerate() {
            let Some(r) = g.record(i) else { continue };
            let mut bonus = 0.0;
            if some_shadda_match && !shadda_match[k] {
                bonus -= 6.0;
            }
            if after_capital && matches!(r.kind, Kind::Country | Kind::Region) {
                bonus -= 6.0;
            }
            if unfit.contains(&i) {
                bonus -= 2.0;
            }
            if gr.countryside {
                bonus += match r.kind {
                    Kind::Region => 3.0,
                    Kind::County => 1.5,
                    _ => 0.0,
                };
            }
            if let Some(t) = triggers.first() {
                if matches!(t, Trigger::Village) && r.kind == Kind::Locality {
                    // Villages: population says little; flatten it.
                    bonus -= 0.4 * (gr.priors[k] - 1.0).max(0.0);
                }
                if matches!(t, Trigger::Neighbourhood) && r.kind == Kind::Neighbourhood {
                    bonus += 1.5;
                }
            }
            // The city that shares its name with its governorate (حلب).
            if r.kind == Kind::Locality
                && !gr.countryside
                && triggers.is_empty()
                && [r.region, r.county]
                    .into_iter()
                    .flatten()
                    .any(|p| gr.cands.contains(&p))
            {
                bonus += 1.5;
            }
            gr.priors[k] += bonus;
        }
        let imp = gr
            .cands
            .iter()
            .filter_map(|&i| g.record(i))
            .map(|r| importance(&r))
            .max()
            .unwrap_or(0);
        let locative = gr.mentions.iter().any(|m| m.locative);
        let multi = gr.key.contains(' ');
        let nisba_only = gr.mentions.iter().all(|m| m.nisba);
        let stop = is_stop(&gr.key);
        let ev = u8::from(locative) + u8::from(multi);
        // One word naming no country or region is too often a common word
        // (الصورة, طراز, معسكر, العودة): without a trigger or an NER LOC span
        // it needs a locative cue; a two-letter one (سن) needs more.
        let broad = gr
            .cands
            .iter()
            .filter_map(|&i| g.record(i))
            .any(|r| matches!(r.kind, Kind::Country | Kind::Region));
        // Only where NER ran: its silence over the word is the evidence
        // (the gold file, without NER, keeps the priors alone).
        let short = gr.key.chars().count() <= 2;
        let needs_cue = ner_ran && !multi && !nisba_only && !broad;
        // A strong frame (في/إلى/نحو/قرب X, بلدة X) before a name of the
        // region makes it a place even where NER is silent.
        let framed = gr.mentions.iter().any(|m| {
            !m.nisba
                && ws.get(m.w0).is_some_and(|w| w.cstart == m.start)
                && matcher::frame_before(text, &ws, m.w0)
        });
        // A hamlet's one-word name (الحدود, حوار) is too often a common
        // noun: it needs some standing of its own, more with the article.
        let definite = gr.key.starts_with("ال");
        // A curated district with a common-word name (المهاجرين, الرمال)
        // needs its head noun (حي): a preposition is not enough.
        let regional = gr.cands.iter().filter_map(|&i| g.record(i)).any(|r| {
            let curated_common = r.is_curated() && definite && !multi;
            (r.is_curated() && !curated_common)
                || (core_country(&r.country)
                    && !curated_common
                    && importance(&r)
                        >= if multi {
                            0
                        } else if definite {
                            2
                        } else {
                            1
                        })
        });
        gr.framed = framed;
        gr.fired = if gr.strong {
            true
        } else if stop || in_other || (ner_ran && short && !broad) {
            false
        } else {
            (ev + imp >= 3 && (locative || !needs_cue))
                || (framed
                    && regional
                    && gr.key.chars().count() >= 3
                    && !matcher::is_cue_word(&gr.key))
        };
        // An unresolved name needs both an NER LOC span and a frame (a
        // trigger noun or a locative preposition) where NER ran.
        if gr.cands.is_empty() && ner_ran {
            let frame = gr
                .mentions
                .iter()
                .any(|m| m.trigger.is_some() || matcher::frame_before(text, &ws, m.w0));
            if !(in_loc && frame) {
                gr.fired = false;
            }
        }
        // A stop-listed name (علي, also the folded preposition على) keeps
        // only the mentions that carry their own evidence.
        if stop && gr.fired {
            gr.mentions
                .retain(|m| m.trigger.is_some() || vouched(&locs, m));
            gr.fired = !gr.mentions.is_empty();
        }
        // Nisba after a place (حي الشعار الحلبي) qualifies it: keep it
        // only as context, not reported unless a trigger precedes it.
        if nisba_only && imp >= 3 {
            gr.fired = true;
        }
        // Worldwide GeoNames towns carry many transliterations that collide
        // with Arabic words once a clitic is stripped (بيان → يان) or read as
        // a nisba (مئوية, يومياً). Such weak forms count only with a trigger
        // noun or an NER LOC span.
        let foreign_minor =
            !gr.cands.is_empty()
                && gr.cands.iter().filter_map(|&i| g.record(i)).all(|r| {
                    !core_country(&r.country) && !r.is_curated() && r.kind == Kind::Locality
                });
        let weak_form = gr.mentions.iter().all(|m| {
            m.nisba
                || ws.get(m.w0).is_some_and(|w| w.cstart < m.start)
                || doc
                    .text
                    .get(
                        ws.get(m.w1.saturating_sub(1))
                            .map_or(0..0, |w| w.start..w.end),
                    )
                    .is_some_and(|t| {
                        t.ends_with('\u{064B}') || t.ends_with("اً") || t.ends_with("ًا")
                    })
        });
        if foreign_minor && weak_form && !gr.strong {
            gr.fired = false;
        }
    }
    // Coordinated names (حلب وإدلب والرقة) share their neighbour's evidence.
    for _ in 0..2 {
        // Word ends of the fired mentions.
        let fired: FxHashSet<usize> = groups
            .iter()
            .filter(|g| g.fired)
            .flat_map(|g| g.mentions.iter().map(|m| m.w1))
            .collect();
        for gr in groups
            .iter_mut()
            .filter(|g| !g.fired && !g.cands.is_empty())
        {
            if is_stop(&gr.key) {
                continue;
            }
            let coord = gr.mentions.iter().any(|m| {
                m.coordinated
                    && (fired.contains(&m.w0)
                        || m.w0.checked_sub(1).is_some_and(|b| fired.contains(&b)))
            });
            let imp = gr
                .cands
                .iter()
                .filter_map(|&i| g.record(i))
                .map(|r| importance(&r))
                .max()
                .unwrap_or(0);
            if coord && imp >= 1 {
                gr.fired = true;
            }
        }
    }

    // A notable town of the region close to the places the document
    // names with evidence (وشهدت الخليل after رام الله) is one of them.
    // Not a country: near its centre (سوريا) is no evidence.
    let strong_at: Vec<(f64, f64)> = groups
        .iter()
        .filter(|gr| gr.fired && gr.strong)
        .filter(|gr| {
            !gr.cands
                .iter()
                .filter_map(|&i| g.record(i))
                .all(|r| r.kind == Kind::Country)
        })
        .filter_map(|gr| gr.info.first().map(|c| (c.0, c.1)))
        .collect();
    for gr in groups
        .iter_mut()
        .filter(|g| !g.fired && !g.cands.is_empty())
    {
        // A framed hamlet (نحو سرمدا) needs only to lie near them.
        let framed = gr.framed && !matcher::is_cue_word(&gr.key) && !gr.key.starts_with("ال");
        if is_stop(&gr.key) || gr.key.contains(' ') || (gr.key.chars().count() < 4 && !framed) {
            continue;
        }
        if gr
            .mentions
            .iter()
            .any(|m| m.nisba || not_loc.contains(m.start, m.end))
        {
            continue;
        }
        // A curated district with a common-word name (المهاجرين) needs its
        // head noun.
        let near = gr.cands.iter().filter_map(|&i| g.record(i)).any(|r| {
            core_country(&r.country)
                && !(r.is_curated() && gr.key.starts_with("ال"))
                // Framed, a place of no standing at all (a GeoNames hamlet
                // named قناة or سلاح) is still a common word.
                && importance(&r) >= if framed { 1 } else { 2 }
                && strong_at
                    .iter()
                    .any(|&(lat, lon)| haversine_km(r.lat as f64, r.lon as f64, lat, lon) < 100.0)
        });
        if near {
            gr.fired = true;
        }
    }

    disambiguate(g, &mut groups);

    let offsets = doc.offsets();
    let slice = |s: usize, e: usize| {
        (s < e && e <= offsets.char_len())
            .then(|| doc.text.get(offsets.byte_of(s)..offsets.byte_of(e)))
            .flatten()
    };
    let mut places: Vec<Place> = Vec::new();
    let mut unk = 0usize;
    for gr in groups.iter().filter(|g| g.fired) {
        let mentions: Vec<Mention> = gr
            .mentions
            .iter()
            .filter_map(|m| {
                slice(m.start, m.end).map(|t| Mention {
                    start: m.start,
                    end: m.end,
                    text: t.to_string(),
                })
            })
            .collect();
        if mentions.is_empty() {
            continue;
        }
        places.push(build_place(g, gr, mentions, &mut unk));
    }
    // One entry per distinct place: merge groups resolved to the same
    // record and precision (حلب and الحلبي).
    let mut merged: Vec<Place> = Vec::new();
    let mut first: FxHashMap<(String, Option<PlacePrecision>), usize> = FxHashMap::default();
    for p in places {
        let key = p.resolved.then(|| (p.id.clone(), p.precision));
        if let Some(&qi) = key.as_ref().and_then(|k| first.get(k)) {
            let q = &mut merged[qi];
            q.mentions.extend(p.mentions);
            q.confidence = q.confidence.max(p.confidence);
        } else {
            if let Some(k) = key {
                first.insert(k, merged.len());
            }
            merged.push(p);
        }
    }
    for p in &mut merged {
        p.mentions.sort_by_key(|m| (m.start, m.end));
    }
    merged.sort_by_key(|p| p.mentions.first().map(|m| m.start).unwrap_or(usize::MAX));
    doc.places = merged;
    crate::facility::add(doc, &ws);
    doc.name_words = ws;
}

/// NER LOC spans the matcher missed: looked up whole, else reported
/// unresolved under the text's key. A span overlapping a mention found
/// before it (the matcher's or an earlier span's) adds nothing.
fn add_ner_only(g: &Gazetteer, doc: &Document, ws: &[matcher::Word], raw: &mut Vec<RawMention>) {
    let found = Spans::new(raw.iter().map(|m| (m.start, m.end)));
    let cands: Vec<((usize, usize), RawMention)> = doc
        .entities
        .iter()
        .filter(|e| e.label == EntityLabel::LOC && !found.overlaps(e.start, e.end))
        .filter_map(|e| ner_only_mention(g, doc, ws, e.start, e.end).map(|m| ((e.start, e.end), m)))
        .collect();
    // Mentions added so far, by the rank of their start among `starts`.
    let mut starts: Vec<usize> = cands.iter().map(|c| c.1.start).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut added = PrefixMax::new(starts.len());
    for ((s, e), m) in cands {
        if added.max_below(starts.partition_point(|&x| x < e)) > s {
            continue;
        }
        if let Ok(i) = starts.binary_search(&m.start) {
            added.raise(i, m.end);
        }
        raw.push(m);
    }
}

/// The mention for the NER LOC span `[s, e)`, if it covers words.
fn ner_only_mention(
    g: &Gazetteer,
    doc: &Document,
    ws: &[matcher::Word],
    s: usize,
    e: usize,
) -> Option<RawMention> {
    // Words are in text order: the first ending after `s`, the last
    // starting before `e`.
    let w0 = ws.partition_point(|w| w.cend <= s);
    let w1 = ws.partition_point(|w| w.cstart < e);
    if w0 >= ws.len() || w1 == 0 || w0 >= w1 {
        return None;
    }
    // A span that is only a trigger noun (NER cut `ريف` off `ريف حلب`)
    // names no place.
    if w1 - w0 == 1 && Trigger::from_key(&ws[w0].key).is_some() {
        return None;
    }
    let rest: Vec<&str> = ws[w0 + 1..w1].iter().map(|w| w.key.as_str()).collect();
    let mut hit = None;
    for r in matcher::readings(&doc.text, &ws[w0]) {
        let mut k = r.key.to_string();
        for x in &rest {
            k.push(' ');
            k.push_str(x);
        }
        if !g.lookup(&k).is_empty() {
            hit = Some((r.cstart, k));
            break;
        }
    }
    let unknown = hit.is_none();
    let (start, key) = hit.unwrap_or_else(|| {
        let k = ws[w0..w1]
            .iter()
            .map(|w| w.key.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        (ws[w0].cstart.max(s), k)
    });
    Some(RawMention {
        start,
        end: ws[w1 - 1].cend.min(e.max(start + 1)),
        w0,
        w1,
        key,
        trigger: None,
        trigger_word: None,
        nisba: false,
        locative: false,
        coordinated: false,
        unknown,
    })
}

struct Anchor {
    lat: f64,
    lon: f64,
    weight: f32,
    country: [u8; 2],
    /// The record and its parents.
    chain: [Option<u32>; 3],
}

fn disambiguate(g: &Gazetteer, groups: &mut [Group]) {
    for gr in groups.iter_mut() {
        gr.scores = gr.priors.clone();
        set_best(gr);
    }
    // Context rounds: each group's scores use the others' current best.
    for round in 0..3 {
        let anchors: Vec<(usize, Anchor)> = groups
            .iter()
            .enumerate()
            .filter(|(_, gr)| gr.fired)
            .filter_map(|(gi, gr)| {
                let r = g.record(gr.cands[gr.best?])?;
                // In the first round only confident names are anchors.
                let w = if round == 0 && gr.confidence < 0.6 {
                    return None;
                } else {
                    gr.confidence.max(0.2)
                };
                Some((
                    gi,
                    Anchor {
                        lat: r.lat as f64,
                        lon: r.lon as f64,
                        weight: w,
                        country: r.country,
                        chain: [Some(r.index), r.region, r.county],
                    },
                ))
            })
            .collect();
        let mut country_w: BTreeMap<[u8; 2], f32> = BTreeMap::new();
        for (_, a) in &anchors {
            *country_w.entry(a.country).or_default() += a.weight;
        }
        let top_country = country_w
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(c, _)| *c);
        for (gi, gr) in groups.iter_mut().enumerate() {
            if gr.cands.len() <= 1 || !gr.fired {
                continue;
            }
            for k in 0..gr.info.len() {
                let (lat, lon, country, index, region, county) = gr.info[k];
                let mut ctx = 0.0f32;
                let mut near = 0.0f32;
                for (ai, a) in &anchors {
                    if *ai == gi {
                        continue;
                    }
                    let d = haversine_km(lat, lon, a.lat, a.lon) as f32;
                    near = near.max(a.weight * 3.0 * (-d / 60.0).exp());
                    // Shared admin parents (الحميدية … ريف حمص).
                    let in_anchor =
                        a.chain[0].is_some() && (region == a.chain[0] || county == a.chain[0]);
                    let anchor_in = a.chain[1] == Some(index) || a.chain[2] == Some(index);
                    let sibling = county.is_some() && county == a.chain[2];
                    if in_anchor {
                        ctx = ctx.max(2.5 * a.weight);
                    } else if sibling {
                        ctx = ctx.max(1.5 * a.weight);
                    } else if anchor_in {
                        ctx = ctx.max(0.8 * a.weight);
                    }
                }
                let mut cb = 0.0;
                if let Some(w) = country_w.get(&country) {
                    cb += 0.8 * w.min(2.0);
                }
                if top_country == Some(country) {
                    cb += 0.7;
                }
                gr.scores[k] = gr.priors[k] + near + ctx + cb;
            }
            set_best(gr);
        }
    }
}

fn set_best(gr: &mut Group) {
    if gr.scores.is_empty() {
        gr.best = None;
        gr.confidence = 0.0;
        return;
    }
    let mut best = 0;
    for k in 1..gr.scores.len() {
        if gr.scores[k] > gr.scores[best] {
            best = k;
        }
    }
    let m = gr.scores[best];
    let z: f32 = gr.scores.iter().map(|s| (1.5 * (s - m)).exp()).sum();
    gr.best = Some(best);
    gr.confidence = 1.0 / z;
}

fn admin_chain(g: &Gazetteer, r: &Record) -> Vec<AdminUnit> {
    let mut chain: Vec<(Kind, AdminUnit)> = Vec::new();
    let mut seen = vec![r.index];
    let mut todo: Vec<u32> = [r.county, r.region].into_iter().flatten().collect();
    while let Some(i) = todo.pop() {
        if seen.contains(&i) || seen.len() > 6 {
            continue;
        }
        seen.push(i);
        if let Some(p) = g.record(i) {
            todo.extend([p.county, p.region].into_iter().flatten());
            chain.push((
                p.kind,
                AdminUnit {
                    id: p.id(),
                    name: p.display_name().to_string(),
                    level: p.kind.as_str().to_string(),
                },
            ));
        }
    }
    if r.kind != Kind::Country {
        if let Some(c) = r.country_code().and_then(|cc| g.country(cc)) {
            if !seen.contains(&c.index) {
                chain.push((
                    Kind::Country,
                    AdminUnit {
                        id: c.id(),
                        name: c.display_name().to_string(),
                        level: "country".into(),
                    },
                ));
            }
        }
    }
    chain.sort_by_key(|c| c.0);
    chain.into_iter().map(|c| c.1).collect()
}

/// A stored coordinate for output: the f32 widened and rounded to 6
/// decimals (about 0.1 m), so that JSON shows `30.388165`, not the
/// widening's noise `30.388164520263672`.
fn coordinate(x: f32) -> f64 {
    (f64::from(x) * 1e6).round() / 1e6
}

fn candidate(g: &Gazetteer, i: u32, score: f32) -> Option<PlaceCandidate> {
    let r = g.record(i)?;
    Some(PlaceCandidate {
        id: r.id(),
        name: r.display_name().to_string(),
        lat: coordinate(r.lat),
        lon: coordinate(r.lon),
        place_type: r.kind.as_str().to_string(),
        country: r.country_code().map(str::to_string),
        score,
    })
}

fn build_place(g: &Gazetteer, gr: &Group, mentions: Vec<Mention>, unk: &mut usize) -> Place {
    let surface = mentions.first().map(|m| m.text.clone()).unwrap_or_default();
    let best = gr.best.and_then(|b| g.record(gr.cands[b]).map(|r| (b, r)));
    let Some((b, r)) = best else {
        *unk += 1;
        return Place {
            id: format!("unk:{}", gr.key.replace(' ', "_")),
            name_latn: romanize(&surface),
            name: surface,
            mentions,
            resolved: false,
            ..Place::default()
        };
    };
    // Ambiguous: a near tie between far-apart places of no context.
    let runner = (0..gr.scores.len())
        .filter(|&k| k != b)
        .max_by(|&x, &y| gr.scores[x].total_cmp(&gr.scores[y]));
    let tie = runner.is_some_and(|k| {
        gr.scores[b] - gr.scores[k] < 0.05
            && g.record(gr.cands[k]).is_some_and(|o| {
                haversine_km(r.lat as f64, r.lon as f64, o.lat as f64, o.lon as f64) > 25.0
            })
    });
    let mut order: Vec<usize> = (0..gr.cands.len()).collect();
    order.sort_by(|&x, &y| gr.scores[y].total_cmp(&gr.scores[x]).then(x.cmp(&y)));
    let list = |n: usize| -> Vec<PlaceCandidate> {
        order
            .iter()
            .take(n)
            .filter_map(|&k| candidate(g, gr.cands[k], gr.scores[k]))
            .collect()
    };
    if tie {
        return Place {
            id: format!("unk:{}", gr.key.replace(' ', "_")),
            name_latn: romanize(&surface),
            name: surface,
            mentions,
            resolved: false,
            confidence: gr.confidence,
            candidates: list(LISTED),
            ..Place::default()
        };
    }
    // A close runner-up far from the chosen record is worth reporting.
    let close_runner = runner.is_some_and(|k| {
        gr.scores[b] - gr.scores[k] < 1.0
            && g.record(gr.cands[k]).is_some_and(|o| {
                haversine_km(r.lat as f64, r.lon as f64, o.lat as f64, o.lon as f64) > 25.0
            })
    });
    let name = if r.name_ar().is_empty() {
        surface
    } else {
        r.name_ar().to_string()
    };
    let name_en = (!r.name_en().is_empty()).then(|| r.name_en().to_string());
    // The gazetteer's English name wins, as for actors; else romanise.
    let name_latn = name_en.clone().unwrap_or_else(|| romanize(&name));
    Place {
        id: r.id(),
        name,
        mentions,
        lat: Some(coordinate(r.lat)),
        lon: Some(coordinate(r.lon)),
        resolved: true,
        name_en,
        name_latn,
        ids: PlaceIds {
            wof: r.wof,
            geonames: r.geonames.map(i64::from),
            wikidata: r.wikidata.map(|q| format!("Q{q}")),
        },
        place_type: Some(r.kind.as_str().to_string()),
        country: r.country_code().map(str::to_string),
        admin: admin_chain(g, &r),
        precision: Some(precision_of(r.kind, gr.countryside)),
        confidence: (gr.confidence * 100.0).round() / 100.0,
        candidates: if gr.confidence < 0.5 {
            list(LISTED)
        } else if close_runner {
            // The chosen record and the runner-up it narrowly beat.
            list(2)
        } else {
            Vec::new()
        },
    }
}
