//! Document memory for the two-stage ("stacked") tagger: a first-stage
//! model tags every sentence of a document, then each token gets, as
//! features for the second stage, its own first-stage tag and the set of
//! first-stage tags given to the other occurrences of its stem within a
//! window of neighbouring sentences. A name tagged confidently once
//! (`حزب الليكود`, `المدرب جوزيه`) then helps its bare mentions elsewhere.

use crate::hash::{hash_str, IdMap};
use crate::key;
use crate::tags::{Tag, N_TAGS};

/// Packs one token's memory: bits 0..9 mask of the first-stage tags of
/// other occurrences of the stem, bits 9..13 the token's own first-stage
/// tag plus one, bit 13 set when the word is short or punctuation (no
/// memory kept for it).
pub(crate) fn memory_values(
    sents: &[Vec<&str>],
    tags1: &[Vec<Tag>],
    window: usize,
) -> Vec<Vec<u32>> {
    let mut buf = String::new();
    let stems = sents
        .iter()
        .map(|s| {
            s.iter()
                .map(|w| {
                    buf.clear();
                    let k = key::keys_into(w, &mut buf);
                    let st = &buf[k.loose];
                    (st.chars().count() >= 2 && st.chars().any(char::is_alphabetic))
                        .then(|| hash_str(st))
                })
                .collect()
        })
        .collect();
    memory_values_from(stems, tags1, window)
}

/// [`memory_values`] from the hashed loose stems of the tokens (`None`
/// where no memory is kept).
pub(crate) fn memory_values_from(
    stems: Vec<Vec<Option<u64>>>,
    tags1: &[Vec<Tag>],
    window: usize,
) -> Vec<Vec<u32>> {
    let mut out = Vec::with_capacity(stems.len());
    let mut map: IdMap<[u16; N_TAGS]> = IdMap::default();
    for i in 0..stems.len() {
        let (a, b) = (i.saturating_sub(window), (i + window + 1).min(stems.len()));
        map.clear();
        for j in a..b {
            for (st, t) in stems[j].iter().zip(&tags1[j]) {
                if let Some(h) = st {
                    let e = map.entry(*h).or_insert([0; N_TAGS]);
                    e[t.index()] = e[t.index()].saturating_add(1);
                }
            }
        }
        let mut row = Vec::with_capacity(stems[i].len());
        for (k, st) in stems[i].iter().enumerate() {
            let own = tags1[i][k].index();
            let v = match st {
                None => 1 << 13,
                Some(h) => {
                    let c = map.get(h).copied().unwrap_or([0; N_TAGS]);
                    let mut m = 0u32;
                    for (t, &n) in c.iter().enumerate() {
                        let others = if t == own { n.saturating_sub(1) } else { n };
                        if others > 0 {
                            m |= 1 << t;
                        }
                    }
                    m
                }
            };
            row.push(v | ((own as u32 + 1) << 9));
        }
        out.push(row);
    }
    out
}
