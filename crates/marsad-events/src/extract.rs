//! Events: triggers found by a linear scan of each sentence's tokens, then
//! roles, place, date, quantities, polarity and modality read around them.

use marsad_core::{
    DateId, Document, Event, EventQuantity, EventType, Modality, Participant, ParticipantRole,
    Polarity, QuantityId, QuantityRole, SentenceId, TokenKind,
};

use crate::lexicon::{self, Frame, Sense, Tables, TriggerKind};
use crate::view::{Cand, View};

/// A trigger found in a sentence: tokens `[k, ke]`.
pub(crate) struct Hit<'t> {
    pub k: usize,
    pub ke: usize,
    pub sense: &'t Sense,
    /// Matched as the whole word (`لافتات`), not as its clitic-stripped
    /// stem (`ورفعوا` → `رفعوا`): the trigger then starts with the word.
    pub whole: bool,
}

/// An event being built.
pub(crate) struct Draft {
    pub ev: Event,
    pub k: usize,
    pub ke: usize,
    pub casualty: bool,
}

fn mode_rank(m: Option<&str>) -> u8 {
    match m {
        Some("suicide-attack") => 9,
        Some("explosives") => 8,
        Some("aerial") => 7,
        Some("shelling") => 6,
        Some("assassinate") => 5,
        Some("abduct") | Some("torture") | Some("sexual") | Some("beat") => 4,
        Some("firearms") => 3,
        Some("kill") => 2,
        Some("injure") => 1,
        _ => 0,
    }
}

/// The frames a sentence shows, as a bit set.
fn frames(v: &View, a: usize, b: usize, t: &Tables) -> u8 {
    let mut m = 0;
    for tok in &v.toks[a..b] {
        if let Some(f) = t.frames.get(tok.norm) {
            m |= f;
        }
        if tok.stem != tok.norm {
            if let Some(f) = t.frames.get(tok.stem.as_str()) {
                m |= f;
            }
        }
    }
    m
}

/// Whether a frame of the sentence rules the type out (sport, weather,
/// markets, court rulings are not news events of these kinds).
fn vetoed(s: &Sense, frames: u8) -> bool {
    use EventType::*;
    let kind = s.kind;
    let has = |f: Frame| frames & f.bit() != 0;
    if has(Frame::Sport) {
        return true;
    }
    if has(Frame::Weather) && !matches!(kind, Aid | Request | Consult | Protest) {
        return true;
    }
    if has(Frame::Markets)
        && !has(Frame::Military)
        && (matches!(kind, Threaten | Retreat | Mobilize | Coerce | Concede)
            || (kind == Assault && s.mode.is_none()))
    {
        return true;
    }
    if has(Frame::Court)
        && matches!(
            kind,
            Assault | Coerce | Accuse | Reject | Sanction | Threaten | Retreat
        )
    {
        return true;
    }
    false
}

fn matches_word(v: &View, i: usize, w: &str) -> bool {
    v.toks.get(i).is_some_and(|t| t.is(w))
}

/// The senses of token `k` whose conditions hold, best first.
fn find_hit<'t>(v: &View, k: usize, b: usize, frames: u8, t: &'t Tables) -> Option<Hit<'t>> {
    let tok = &v.toks[k];
    if tok.kind != TokenKind::Word {
        return None;
    }
    let mut lists: [Option<&'t Vec<Sense>>; 3] = [None; 3];
    lists[0] = t.triggers.get(tok.norm);
    if tok.stem != tok.norm {
        lists[1] = t.triggers.get(tok.stem.as_str());
    }
    // A verbal noun with a possessive suffix (`اغتصابها`, `اعتقالهم`).
    if lists[0].is_none() && lists[1].is_none() {
        let st = tok.stem.as_str();
        for suf in ["هما", "هم", "ها", "ه"] {
            if let Some(r) = st.strip_suffix(suf) {
                if r.chars().count() >= 4 {
                    lists[2] = t.triggers.get(r);
                    if lists[2].is_some() {
                        break;
                    }
                }
            }
        }
    }
    let suffixed = lists[2].is_some();
    let next_quantity = v
        .toks
        .get(k + 1)
        .is_some_and(|n| n.quantity_start || n.kind == TokenKind::Number);
    // After a preposition a word is a noun (`في قصف`: shelling, not قَصَفَ).
    let nominal = tok.article || tok.prep.is_some() || (k > 0 && in_words(v, k - 1, PREPOSITION));
    let mut best: Option<(u8, Hit<'t>)> = None;
    for (li, s) in lists
        .iter()
        .enumerate()
        .flat_map(|(li, l)| l.iter().copied().flatten().map(move |s| (li, s)))
    {
        if suffixed && s.trigger != TriggerKind::Noun {
            continue;
        }
        if tok.ta_marbuta && matches!(s.trigger, TriggerKind::Verb | TriggerKind::Passive) {
            continue;
        }
        let ke = k + s.follow.len();
        if ke >= b
            || !s
                .follow
                .iter()
                .enumerate()
                .all(|(j, w)| matches_word(v, k + 1 + j, w))
        {
            continue;
        }
        if !s.next.is_empty() {
            let hi = (ke + 5).min(b);
            if !(ke + 1..hi).any(|i| s.next.iter().any(|w| matches_word(v, i, w))) {
                continue;
            }
        }
        if let Some(f) = s.needs {
            if frames & f.bit() == 0 {
                continue;
            }
        }
        if vetoed(s, frames) {
            continue;
        }
        // Prefer the reading the context points to.
        let score = match s.trigger {
            TriggerKind::Noun if nominal => 5,
            TriggerKind::Passive if next_quantity => 5,
            TriggerKind::Verb if !nominal && !next_quantity => 4,
            TriggerKind::Passive if !nominal => 3,
            TriggerKind::Noun => 2,
            _ => 1,
        } + u8::from(!s.follow.is_empty()) * 3;
        if best.as_ref().is_none_or(|(bs, _)| score > *bs) {
            best = Some((
                score,
                Hit {
                    k,
                    ke,
                    sense: s,
                    whole: li == 0,
                },
            ));
        }
    }
    best.map(|(_, h)| h)
}

fn in_words(v: &View, i: usize, ws: &[&str]) -> bool {
    v.toks.get(i).is_some_and(|t| ws.iter().any(|w| t.is(w)))
}

/// Clause bounds around `[k, ke]` inside the sentence `[a, b)`.
fn clause(v: &View, k: usize, ke: usize, a: usize, b: usize) -> (usize, usize) {
    let mut lb = k;
    while lb > a && k - lb < 8 {
        let p = &v.toks[lb - 1];
        if p.boundary || lexicon::is_complementiser(p.norm) {
            break;
        }
        lb -= 1;
    }
    let mut rb = ke + 1;
    while rb < b && rb - ke < 14 && !v.toks[rb].boundary {
        rb += 1;
    }
    (lb, rb)
}

/// `first` and the candidates joined to it by و.
fn with_conjuncts(v: &View, first: usize, hi: usize) -> Vec<usize> {
    let mut out = vec![first];
    let mut cur = first;
    while out.len() < 5 {
        let Some(n) = v.cands.get(cur + 1) else { break };
        let c = &v.cands[cur];
        let joined = n.ta < hi
            && ((n.ta == c.tb && v.toks[n.ta].conj)
                || (n.ta == c.tb + 1 && matches!(v.toks[c.tb].norm, "و")));
        if !joined {
            break;
        }
        out.push(cur + 1);
        cur += 1;
    }
    out
}

/// The candidate right after one of the words `after` in `[lo, hi)`.
fn after_word(v: &View, lo: usize, hi: usize, after: &[&str]) -> Option<usize> {
    for i in lo..hi {
        if in_words(v, i, after) {
            let r = v.cands_in(i + 1, (i + 4).min(hi));
            if !r.is_empty() {
                return Some(r.start);
            }
        }
    }
    None
}

const AGENT: &[&str] = &["قبل", "يد", "بيد", "برصاص", "بنيران", "بنيرانه"];
const OBJECT: &[&str] = &["على", "ضد", "مع", "بحق", "عن", "الي", "لدى"];
/// Separate prepositions: a word right after one is no verb.
const PREPOSITION: &[&str] = &[
    "في", "وفي", "من", "على", "الي", "عن", "خلال", "جراء", "اثر", "عقب", "بعد", "منذ", "ضد",
];

/// Words that open an adjunct of cause or circumstance.
const ADJUNCT: &[&str] = &["في", "خلال", "جراء", "اثر", "باثر", "بسبب"];

/// What a death is put down to (`في هجوم`, `بقصف`, `جراء انفجار`).
const CAUSE: &[&str] = &[
    "هجوم",
    "هجمات",
    "غاره",
    "غارات",
    "قصف",
    "انفجار",
    "تفجير",
    "اشتباك",
    "اشتباكات",
    "معارك",
    "كمين",
    "ضربه",
    "ضربات",
    "جراء",
    "اثر",
    "حادث",
];

/// Whether a cause follows candidate `c` within three tokens, with no other
/// candidate between them (`قتل جندي في هجوم`, but not `قتل مسلحون جنديا
/// في هجوم`, whose first noun is the agent).
fn cause_after(v: &View, c: usize, rb: usize) -> bool {
    let from = v.cands[c].tb;
    for i in from..(from + 3).min(rb) {
        if in_words(v, i, CAUSE) {
            return true;
        }
        if !v.cands_in(i, i + 1).is_empty() {
            return false;
        }
    }
    false
}

/// Roles: (actors, recipients) as candidate indices.
fn roles(v: &View, h: &Hit, lb: usize, rb: usize, passive: bool) -> (Vec<usize>, Vec<usize>) {
    let (k, ke) = (h.k, h.ke);
    let free = |i: &usize| !v.cands[*i].placed;
    let after: Vec<usize> = v.cands_in(ke + 1, rb).filter(free).collect();
    let before: Vec<usize> = v.cands_in(lb, k).filter(free).collect();
    let nearest_before = before
        .iter()
        .rev()
        .copied()
        .find(|&i| v.cands[i].tb <= k && k - v.cands[i].tb <= 4);
    // A quantity right after the trigger is passed over to its noun
    // (`تجمع حوالي 700 متظاهر`).
    let reach = v
        .toks
        .get(ke + 1)
        .filter(|t| t.quantity_start)
        .map_or(ke, |t| t.quantity_last.max(ke));
    let first_after = after
        .first()
        .copied()
        .filter(|&i| v.cands[i].ta <= (ke + 3).max(reach));
    let agent = after_word(v, ke + 1, rb, AGENT);
    // `ثمانية أشخاص قتلوا`: a counted noun before a killing verb is its
    // victim; so is the noun right after it when an agent follows
    // (`قتل متظاهر برصاص الشرطة`: unvocalised, قُتل reads as قتل), or
    // a cause (`قتل جندي في هجوم`).
    let killing_verb = h.sense.objgen && h.sense.trigger == TriggerKind::Verb;
    let passive = passive
        || (killing_verb && nearest_before.is_some_and(|i| v.cands[i].counted))
        || (killing_verb
            && nearest_before.is_none()
            && first_after.is_some_and(|f| match agent {
                Some(a) => v.cands[f].ta < v.cands[a].ta,
                None => cause_after(v, f, rb),
            }));
    let object = after_word(v, ke + 1, rb, OBJECT);
    let actor;
    let recipient;
    match h.sense.trigger {
        _ if passive => {
            actor = agent;
            recipient = first_after.filter(|&i| Some(i) != agent).or(nearest_before);
        }
        TriggerKind::Noun => {
            let gen = after
                .first()
                .copied()
                .filter(|&i| v.cands[i].ta <= (ke + 2).max(reach));
            // An attack noun in an adjunct (`قتل جندي في هجوم`, `جراء
            // غارة`) follows its victim, not its agent.
            let adjunct =
                h.sense.kind == EventType::Assault && k > 0 && in_words(v, k - 1, ADJUNCT);
            if adjunct {
                actor = agent.or(gen.filter(|_| !h.sense.objgen));
                recipient = gen
                    .filter(|_| h.sense.objgen)
                    .or(object)
                    .or(nearest_before)
                    .filter(|&i| Some(i) != actor);
            } else if h.sense.objgen {
                recipient = gen;
                actor = agent.or(nearest_before);
            } else {
                actor = gen.or(nearest_before);
                recipient = object.filter(|&i| Some(i) != actor);
            }
        }
        _ => {
            if let Some(bf) = nearest_before {
                actor = Some(bf);
                recipient = after.first().copied();
            } else {
                actor = first_after;
                recipient = object
                    .filter(|&i| Some(i) != actor)
                    .or_else(|| actor.and_then(|a| after.iter().copied().find(|&i| i > a)));
            }
        }
    }
    let mut acts = actor.map(|i| with_conjuncts(v, i, rb)).unwrap_or_default();
    let mut recs = recipient
        .map(|i| with_conjuncts(v, i, rb))
        .unwrap_or_default();
    recs.retain(|i| !acts.contains(i));
    if h.sense.swap {
        std::mem::swap(&mut acts, &mut recs);
    }
    (acts, recs)
}

const IN: &[&str] = &[
    "في",
    "وفي",
    "قرب",
    "بالقرب",
    "داخل",
    "وسط",
    "اطراف",
    "محيط",
    "ضواحي",
    "عند",
    "فوق",
];
const FROM: &[&str] = &["من", "ومن"];
const TO: &[&str] = &["الي", "والي", "نحو", "باتجاه", "صوب", "حتي", "اتجاه"];
const PLACE_NOUNS: &[&str] = &[
    "مدينه",
    "بلده",
    "قريه",
    "ريف",
    "حي",
    "محافظه",
    "منطقه",
    "مخيم",
    "ناحيه",
    "العاصمه",
    "مطار",
    "معبر",
    "حاجز",
    "شمال",
    "جنوب",
    "شرق",
    "غرب",
    "شمالي",
    "جنوبي",
    "شرقي",
    "غربي",
    "مدينتي",
    "بلدات",
    "قري",
    "مناطق",
    "اقليم",
    "ولايه",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum PlaceRel {
    In,
    From,
    To,
    Other,
}

fn place_rel(v: &View, ta: usize, lo: usize) -> PlaceRel {
    let mut i = ta;
    for _ in 0..3 {
        let t = &v.toks[i];
        match t.prep {
            Some('ب') => return PlaceRel::In,
            Some('ل') => return PlaceRel::To,
            _ => {}
        }
        if i == lo || i == 0 {
            break;
        }
        let p = &v.toks[i - 1];
        if IN.iter().any(|w| p.is(w)) {
            return PlaceRel::In;
        }
        if FROM.iter().any(|w| p.is(w)) {
            return PlaceRel::From;
        }
        if TO.iter().any(|w| p.is(w)) {
            return PlaceRel::To;
        }
        if !PLACE_NOUNS.iter().any(|w| p.is(w)) {
            break;
        }
        i -= 1;
    }
    PlaceRel::Other
}

fn is_movement(ev: &Event) -> bool {
    matches!(
        ev.kind,
        EventType::Retreat | EventType::Mobilize | EventType::Aid
    ) || ev.mode.as_deref() == Some("deport")
}

/// Role of a quantity for an event, from its unit and the words around it.
fn quantity_role(
    doc: &Document,
    v: &View,
    qi: usize,
    ev: &Event,
    t: &Tables,
) -> Option<QuantityRole> {
    let q = &doc.quantities[qi];
    let unit = q.unit.as_deref().unwrap_or("");
    if q.unit_known && unit.len() == 3 && unit.bytes().all(|b| b.is_ascii_uppercase()) {
        return Some(QuantityRole::Money);
    }
    match unit {
        "killed" => return Some(QuantityRole::Killed),
        "injured" => return Some(QuantityRole::Injured),
        "detainees" => return Some(QuantityRole::Arrested),
        "displaced" | "refugees" => return Some(QuantityRole::Displaced),
        "protesters" => return Some(QuantityRole::Protesters),
        _ => {}
    }
    let people = matches!(
        unit,
        "fighters"
            | "soldiers"
            | "police"
            | "people"
            | "civilians"
            | "children"
            | "women"
            | "families"
            | "family members"
            | "journalists"
            | "students"
            | "workers"
            | "patients"
            | "doctors"
    ) || (!q.unit_known && !unit.is_empty());
    if !people {
        return None;
    }
    // Cue words before (two words) or right after the quantity.
    let ta = v.token_at(q.start)?;
    let tb = v.token_at(q.end.saturating_sub(1)).unwrap_or(ta);
    for i in [ta.wrapping_sub(1), ta.wrapping_sub(2), tb + 1, tb + 2] {
        if let Some(tok) = v.toks.get(i) {
            if let Some(r) = t
                .cues
                .get(tok.norm)
                .or_else(|| t.cues.get(tok.stem.as_str()))
            {
                return Some(*r);
            }
        }
    }
    let fighters = matches!(unit, "fighters" | "soldiers" | "police");
    Some(match (ev.kind, ev.mode.as_deref()) {
        (EventType::Coerce, Some("arrest")) => QuantityRole::Arrested,
        (EventType::Coerce, Some("deport")) => QuantityRole::Displaced,
        (EventType::Protest, _) => QuantityRole::Protesters,
        (EventType::Assault, Some("kill")) if !fighters => QuantityRole::Killed,
        (EventType::Assault, Some("injure")) => QuantityRole::Injured,
        _ if fighters => QuantityRole::Fighters,
        _ if !q.unit_known => return None,
        _ => QuantityRole::Civilians,
    })
}

/// Every event of the document, in text order (not yet numbered, no
/// claims).
/// Words just before a quotation that make it a slogan, a chant or a
/// banner's text (`لافتات كتب عليها «…»`, `مرددين «…»`), not reported speech.
const SLOGAN_CUES: &[&str] = &[
    "لافتة",
    "لافتات",
    "يافطة",
    "يافطات",
    "شعار",
    "شعارات",
    "هتاف",
    "هتافات",
    "عليها",
    "عليه",
    "مرددين",
    "مرددا",
    "رددوا",
    "يرددون",
    "ردد",
    "رددت",
    "هتفوا",
    "يهتفون",
    "هتف",
    "هاتفين",
];

fn slogan_cues() -> &'static [String] {
    static CUES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    CUES.get_or_init(|| {
        SLOGAN_CUES
            .iter()
            .map(|w| marsad_text::normalize::search_key(w))
            .collect()
    })
}

/// Token indices inside quoted slogans of the sentence `[a, b)`: the
/// verbs of `«نقتل بالسلاح الأميركي»` or `«أوقفوا الحرب»` on a banner are
/// what the protesters wrote, not events of the story.
fn slogans(v: &View, a: usize, b: usize) -> Vec<usize> {
    let cues = slogan_cues();
    let mut out = Vec::new();
    // Where the last slogan closed: the next quotation right after it
    // (`«…» و«…»`) is one too.
    let mut last_close: Option<usize> = None;
    let mut i = a;
    while i < b {
        let open = v.toks[i].kind == TokenKind::Punct && matches!(v.toks[i].norm, "«" | "“" | "\"");
        let cued = open
            && (last_close.is_some_and(|c| i - c <= 2)
                || (i.saturating_sub(4).max(a)..i).any(|j| cues.iter().any(|c| v.toks[j].is(c))));
        if !cued {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b && j - i <= 25 && !matches!(v.toks[j].norm, "»" | "”" | "\"") {
            out.push(j);
            j += 1;
        }
        last_close = Some(j);
        i = j + 1;
    }
    out
}

pub(crate) fn events(doc: &Document, v: &View, t: &Tables) -> Vec<Draft> {
    let mut out: Vec<Draft> = Vec::new();
    for (si, &(a, b)) in v.sents.iter().enumerate() {
        if a >= b {
            continue;
        }
        let fr = frames(v, a, b, t);
        let first = out.len();
        let slogans = slogans(v, a, b);
        let mut k = a;
        while k < b {
            if slogans.contains(&k) {
                k += 1;
                continue;
            }
            let Some(h) = find_hit(v, k, b, fr, t) else {
                k += 1;
                continue;
            };
            let next = h.ke + 1;
            add_hit(doc, v, &h, a, b, si, first, &mut out);
            k = next;
        }
        // A casualty report joins the attack its sentence names.
        let attack =
            (first..out.len()).find(|&i| out[i].ev.kind == EventType::Assault && !out[i].casualty);
        if let Some(mut ai) = attack {
            let mut i = first;
            while i < out.len() {
                if i != ai && out[i].casualty && out[i].ev.kind == EventType::Assault {
                    let d = out.remove(i);
                    if i < ai {
                        ai -= 1;
                    }
                    merge(&mut out[ai], d);
                    continue;
                }
                i += 1;
            }
        }
        // Quantities of the sentence go to the nearest event.
        if out.len() > first {
            let (s0, s1) = (v.toks[a].start, v.toks[b - 1].end);
            let qa = doc.quantities.partition_point(|q| q.start < s0);
            let qb = doc.quantities.partition_point(|q| q.start < s1);
            for qi in qa..qb.max(qa) {
                let q = &doc.quantities[qi];
                let Some(qt) = v.token_at(q.start) else {
                    continue;
                };
                let Some(ei) = (first..out.len()).min_by_key(|&i| {
                    let d = &out[i];
                    if qt < d.k {
                        d.k - qt
                    } else {
                        qt.saturating_sub(d.ke)
                    }
                }) else {
                    continue;
                };
                if let Some(role) = quantity_role(doc, v, qi, &out[ei].ev, t) {
                    out[ei].ev.quantities.push(EventQuantity {
                        id: QuantityId::at(qi),
                        role,
                        value: q.value,
                    });
                }
            }
        }
    }
    out
}

fn merge(into: &mut Draft, d: Draft) {
    if mode_rank(d.ev.mode.as_deref()) > mode_rank(into.ev.mode.as_deref()) {
        into.ev.mode = d.ev.mode;
    }
    for (role, ids) in [
        (ParticipantRole::Actor, &d.ev.actor),
        (ParticipantRole::Recipient, &d.ev.recipient),
    ] {
        let mine = match role {
            ParticipantRole::Actor => &into.ev.actor,
            ParticipantRole::Recipient => &into.ev.recipient,
        };
        if mine.is_empty() && !ids.is_empty() {
            let ids = ids.clone();
            match role {
                ParticipantRole::Actor => into.ev.actor = ids,
                ParticipantRole::Recipient => into.ev.recipient = ids,
            }
        }
    }
    // The attack's actor is not also its victim (`قتل جندي في هجوم للتنظيم`).
    let ev = &mut into.ev;
    ev.recipient.retain(|r| !ev.actor.contains(r));
    let has_role = |r: ParticipantRole, ps: &[Participant]| ps.iter().any(|p| p.role == r);
    for p in d.ev.participants {
        if !has_role(p.role, &into.ev.participants) {
            into.ev.participants.push(p);
        }
    }
    into.ev
        .participants
        .sort_by_key(|p| (p.start, p.role == ParticipantRole::Recipient));
    into.ev.participants.dedup_by(|a, b| a.start == b.start);
    if into.ev.location.is_none() {
        into.ev.location = d.ev.location;
    }
    into.ev.confidence = into.ev.confidence.max(d.ev.confidence);
}

#[allow(clippy::too_many_arguments)]
fn add_hit(
    doc: &Document,
    v: &View,
    h: &Hit,
    a: usize,
    b: usize,
    si: usize,
    first: usize,
    out: &mut Vec<Draft>,
) {
    let s = h.sense;
    let (lb, rb) = clause(v, h.k, h.ke, a, b);
    let next_quantity = v
        .toks
        .get(h.k + 1)
        .is_some_and(|n| n.quantity_start || n.kind == TokenKind::Number);
    let passive = s.trigger == TriggerKind::Passive
        || (s.trigger == TriggerKind::Verb && next_quantity && s.objgen);
    let (acts, recs) = roles(v, h, lb, rb, passive);

    let mut ev = Event {
        id: Default::default(),
        kind: s.kind,
        mode: s.mode.map(str::to_string),
        start: if h.whole {
            v.toks[h.k].start
        } else {
            v.toks[h.k].stem_start
        },
        end: v.toks[h.ke].end,
        text: String::new(),
        actor: Vec::new(),
        recipient: Vec::new(),
        participants: Vec::new(),
        location: None,
        origin: None,
        destination: None,
        date: None,
        date_assumed: true,
        quantities: Vec::new(),
        sentence: SentenceId::at(si),
        polarity: Polarity::Positive,
        modality: Modality::Asserted,
        claim: None,
        confidence: 0.0,
    };
    ev.text = v.slice(ev.start, ev.end).to_string();
    for (role, list) in [
        (ParticipantRole::Actor, &acts),
        (ParticipantRole::Recipient, &recs),
    ] {
        for &ci in list {
            let c: &Cand = &v.cands[ci];
            let id = c
                .actor
                .and_then(|ai| doc.actors.get(ai))
                .map(|a| a.id.clone());
            if let Some(id) = &id {
                let ids = match role {
                    ParticipantRole::Actor => &mut ev.actor,
                    ParticipantRole::Recipient => &mut ev.recipient,
                };
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
            ev.participants.push(Participant {
                role,
                actor: id,
                start: c.start,
                end: c.end,
                text: v.slice(c.start, c.end).to_string(),
            });
        }
    }
    ev.participants.sort_by_key(|p| p.start);

    // Places of the sentence: in / from / to.
    let mut nearest: Option<(usize, usize)> = None;
    for p in v.places_in(a, b) {
        let id = &doc.places[p.place].id;
        let rel = place_rel(v, p.ta, a);
        let dist = if p.ta < h.k {
            h.k - p.ta
        } else {
            p.ta.saturating_sub(h.ke)
        };
        match rel {
            PlaceRel::From if is_movement(&ev) && ev.origin.is_none() && p.ta > h.k => {
                ev.origin = Some(id.clone())
            }
            PlaceRel::To if is_movement(&ev) && ev.destination.is_none() && p.ta > h.k => {
                ev.destination = Some(id.clone())
            }
            PlaceRel::In if ev.location.is_none() => ev.location = Some(id.clone()),
            _ => {
                if nearest.is_none_or(|(d, _)| dist < d) {
                    nearest = Some((dist, p.place));
                }
            }
        }
    }
    if ev.location.is_none() {
        ev.location = nearest
            .map(|(_, pi)| doc.places[pi].id.clone())
            .or_else(|| ev.origin.clone());
    }
    // Date: the sentence's first date mention.
    let (s0, s1) = (v.toks[a].start, v.toks[b - 1].end);
    let di = doc.dates.partition_point(|d| d.start < s0);
    if doc.dates.get(di).is_some_and(|d| d.start < s1) {
        ev.date = Some(DateId::at(di));
        ev.date_assumed = false;
    }
    // Polarity and modality from the words before the trigger.
    let lo = lb.max(h.k.saturating_sub(3));
    for i in lo..h.k {
        let n = v.toks[i].norm;
        if lexicon::is_negation(n) {
            ev.polarity = Polarity::Negative;
        }
        if lexicon::is_future(n) {
            ev.modality = Modality::Future;
        }
    }
    if h.k > a && v.toks[h.k - 1].norm == "ما" && s.trigger == TriggerKind::Verb {
        let before = h.k.checked_sub(2).map(|i| v.toks[i].norm).unwrap_or("");
        if !matches!(before, "هو" | "وهو" | "هي" | "وهي" | "هذا" | "وهذا" | "ذلك")
        {
            ev.polarity = Polarity::Negative;
        }
    }
    if v.toks[h.k].future {
        ev.modality = Modality::Future;
    }
    if (a..h.k)
        .rev()
        .take(10)
        .any(|i| lexicon::is_conditional(v.toks[i].norm))
    {
        ev.modality = Modality::Conditional;
    }
    let mut conf: f32 = match s.trigger {
        TriggerKind::Verb => 0.7,
        TriggerKind::Passive => 0.65,
        TriggerKind::Noun => 0.6,
    };
    if s.needs.is_some() {
        conf -= 0.15;
    }
    if !s.next.is_empty() || !s.follow.is_empty() {
        conf += 0.05;
    }
    if !ev.participants.is_empty() {
        conf += 0.1;
    }
    if !ev.actor.is_empty() {
        conf += 0.05;
    }
    if ev.location.is_some() {
        conf += 0.05;
    }
    ev.confidence = (conf.clamp(0.05, 0.95) * 100.0).round() / 100.0;

    let draft = Draft {
        ev,
        k: h.k,
        ke: h.ke,
        casualty: s.casualty,
    };
    // Triggers of one happening close together are one event
    // (`هجوم انتحاري بسيارة مفخخة`, `تظاهر ... ورفعوا لافتات`).
    if let Some(last) = out[first..].last_mut() {
        let gap = h.k.saturating_sub(last.ke);
        let close = if draft.ev.kind == EventType::Assault {
            4
        } else {
            3
        };
        if last.ev.kind == draft.ev.kind && gap <= close && last.ev.polarity == draft.ev.polarity {
            last.casualty &= draft.casualty;
            last.ke = draft.ke;
            merge(last, draft);
            return;
        }
    }
    out.push(draft);
}
