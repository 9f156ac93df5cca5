//! Claims: reporting verbs (`قال`, `أفادت`, `نفى` …), their speaker, the
//! content span and how firmly it is claimed; the article's own claims for
//! events no source is credited with.

use marsad_core::{
    ActorKind, Certainty, Claim, ClaimId, Document, Mention, SentenceId, SourceKind, TokenKind,
};

use crate::lexicon::{self, Report, Tables};
use crate::view::{CandKind, View};

/// A claim with the token where its verb sits (for ordering).
pub(crate) struct DraftClaim {
    pub claim: Claim,
    pub pos: usize,
}

fn kind_of_actor(doc: &Document, ai: usize) -> SourceKind {
    let Some(a) = doc.actors.get(ai) else {
        return SourceKind::Organisation;
    };
    match a.kind {
        Some(ActorKind::Media) => SourceKind::Media,
        Some(ActorKind::Person) if !a.roles.is_empty() => SourceKind::Official,
        Some(ActorKind::State | ActorKind::StateForces | ActorKind::GovernmentBody) => {
            SourceKind::Government
        }
        _ => SourceKind::Organisation,
    }
}

struct Speaker {
    start: usize,
    end: usize,
    source: Option<String>,
    kind: SourceKind,
}

/// The speaker starting in tokens `[lo, hi)`: an actor mention, or a
/// speaker noun with the words that qualify it (`مصادر مطلعة`, `المتحدث
/// باسم الجيش`).
fn speaker_in(doc: &Document, v: &View, lo: usize, hi: usize, t: &Tables) -> Option<Speaker> {
    for i in lo..hi {
        let tok = &v.toks[i];
        if tok.boundary || lexicon::is_complementiser(tok.norm) {
            return None;
        }
        let noun = t
            .speakers
            .get(tok.stem.as_str())
            .or_else(|| t.speakers.get(tok.norm))
            .copied();
        let cand = v
            .cands_in(i, i + 1)
            .next()
            .map(|ci| &v.cands[ci])
            .filter(|c| c.kind != CandKind::Generic || c.actor.is_some());
        if noun.is_none() && cand.is_none() {
            continue;
        }
        let mut end_t = cand.map(|c| c.tb).unwrap_or(i + 1);
        let mut actor = cand.and_then(|c| c.actor);
        if noun.is_some() {
            // Qualifying words and the body named after the noun.
            let stop = (i + 5).min(v.toks.len());
            let mut j = end_t;
            while j < stop {
                let n = &v.toks[j];
                if n.boundary
                    || n.kind != TokenKind::Word
                    || lexicon::is_complementiser(n.norm)
                    || t.reporting.contains_key(n.norm)
                    || n.is("ل")
                    || n.prep == Some('ل')
                    // Where the speaker is, not who: `في حلب`.
                    || matches!(n.norm, "في" | "من" | "علي" | "عن" | "الي" | "مع" | "امس" | "اليوم")
                {
                    break;
                }
                if let Some(c) = v.cands_in(j, j + 1).next().map(|ci| &v.cands[ci]) {
                    if actor.is_none() {
                        actor = c.actor;
                    }
                    j = c.tb;
                } else {
                    j += 1;
                }
                end_t = j;
                if actor.is_some() {
                    break;
                }
            }
        }
        let start = cand.map(|c| c.start).unwrap_or(tok.stem_start);
        let end = v.toks[end_t - 1].end;
        let kind = match (noun, actor) {
            (Some(k), _) => k,
            (None, Some(ai)) => kind_of_actor(doc, ai),
            (None, None) => SourceKind::Organisation,
        };
        let source = match actor {
            Some(ai) => doc.actors.get(ai).map(|a| a.id.clone()),
            None => Some(v.slice(start, end).to_string()).filter(|t| !t.is_empty()),
        };
        return Some(Speaker {
            start,
            end,
            source,
            kind,
        });
    }
    None
}

fn mention(v: &View, start: usize, end: usize) -> Mention {
    Mention {
        start,
        end,
        text: v.slice(start, end).to_string(),
    }
}

/// Every attributed claim of the document.
pub(crate) fn claims(doc: &Document, v: &View, t: &Tables) -> Vec<DraftClaim> {
    let mut out: Vec<DraftClaim> = Vec::new();
    let mut last: Option<(Option<String>, SourceKind, Option<Mention>, Certainty)> = None;
    for (si, &(a, b)) in v.sents.iter().enumerate() {
        if a >= b {
            continue;
        }
        let sent_end = v.toks[b - 1].end;
        let mut k = a;
        while k < b {
            let tok = &v.toks[k];
            let report = t
                .reporting
                .get(tok.norm)
                .or_else(|| t.reporting.get(tok.stem.as_str()))
                .copied();
            let Some(report) = report.filter(|_| tok.kind == TokenKind::Word) else {
                k += 1;
                continue;
            };
            let verb = mention(v, tok.stem_start, tok.end);
            let before_is_as = k > a && matches!(v.toks[k - 1].norm, "حسبما" | "كما" | "وفقما");
            let according = report == Report::According || before_is_as;
            let sp = if report == Report::Continue {
                None
            } else {
                speaker_in(doc, v, k + 1, (k + 7).min(b), t).or_else(|| {
                    // SVO: a speaker just before the verb.
                    let lo = k.saturating_sub(4).max(a);
                    (lo..k)
                        .rev()
                        .find_map(|i| speaker_in(doc, v, i, k, t).filter(|s| s.end <= tok.start))
                })
            };
            // `وأضاف أن …` opening a sentence, with no speaker of its own:
            // the speaker of the claim before goes on.
            let goes_on = sp.is_none() && report == Report::Say && k == a && tok.conj;
            let (source, kind, speaker) = match (&sp, report, &last) {
                (_, Report::Continue, Some((s, kd, m, _))) => (s.clone(), *kd, m.clone()),
                (None, _, Some((s, kd, m, _))) if goes_on => (s.clone(), *kd, m.clone()),
                (Some(s), _, _) => (s.source.clone(), s.kind, Some(mention(v, s.start, s.end))),
                (None, _, _) => (None, SourceKind::Reports, None),
            };
            let after_speaker = sp
                .as_ref()
                .filter(|s| s.start > tok.start)
                .and_then(|s| v.token_at(s.end.saturating_sub(1)))
                .map(|i| i + 1)
                .unwrap_or(k + 1);
            // Content span.
            let (cs, ce) = if according {
                let first = (a..k).find(|&i| !v.toks[i].boundary).unwrap_or(a);
                let mut last_t = k.saturating_sub(1 + usize::from(before_is_as));
                while last_t > first && v.toks[last_t].boundary {
                    last_t -= 1;
                }
                if k == a || last_t < first {
                    // `بحسب X، ...`: the content follows.
                    let from = after_speaker.min(b - 1);
                    (v.toks[from].start, sent_end)
                } else {
                    (v.toks[first].start, v.toks[last_t].end)
                }
            } else {
                let mut start_t = None;
                let mut end = sent_end;
                for i in after_speaker..(after_speaker + 16).min(b) {
                    let n = &v.toks[i];
                    if lexicon::is_complementiser(n.norm) || n.norm == ":" {
                        start_t = Some(i + 1);
                        break;
                    }
                    if n.norm == "«" || n.norm == "\"" {
                        start_t = Some(i + 1);
                        if let Some(j) = (i + 1..b).find(|&j| v.toks[j].norm == "»") {
                            end = v.toks[j].start;
                        }
                        break;
                    }
                }
                let st = start_t.unwrap_or(after_speaker);
                if st >= b {
                    (sent_end, sent_end)
                } else {
                    (v.toks[st].start, end.max(v.toks[st].start))
                }
            };
            let mut certainty = match report {
                Report::Assert => Certainty::Asserted,
                Report::Say | Report::According => Certainty::Reported,
                Report::Hedge => Certainty::Hedged,
                Report::Deny => Certainty::Denied,
                Report::Continue => last.as_ref().map(|l| l.3).unwrap_or(Certainty::Reported),
            };
            if certainty != Certainty::Denied {
                let ta = v.token_at(cs).unwrap_or(b);
                let hedged = (a..b.min(ta.max(k) + 12)).any(|i| {
                    let n = &v.toks[i];
                    t.hedges.contains(n.norm) || t.hedges.contains(n.stem.as_str())
                });
                if hedged {
                    certainty = Certainty::Hedged;
                }
            }
            last = Some((source.clone(), kind, speaker.clone(), certainty));
            out.push(DraftClaim {
                claim: Claim {
                    id: ClaimId::default(),
                    start: cs,
                    end: ce,
                    source,
                    source_kind: kind,
                    speaker,
                    verb: Some(verb),
                    certainty,
                    sentence: SentenceId::at(si),
                    events: Vec::new(),
                },
                pos: k,
            });
            k += 1;
        }
    }
    out
}
