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
    // Counts over the sliding window of sentences [a, b): each sentence
    // enters and leaves once. Exact counts; only "any other" matters.
    let mut map: IdMap<[u32; N_TAGS]> = IdMap::default();
    let (mut a, mut b) = (0usize, 0usize);
    for i in 0..stems.len() {
        let (wa, wb) = (i.saturating_sub(window), (i + window + 1).min(stems.len()));
        while b < wb {
            for (st, t) in stems[b].iter().zip(&tags1[b]) {
                if let Some(h) = st {
                    let e = &mut map.entry(*h).or_insert([0; N_TAGS])[t.index()];
                    *e = e.saturating_add(1);
                }
            }
            b += 1;
        }
        while a < wa {
            for (st, t) in stems[a].iter().zip(&tags1[a]) {
                if let Some(e) = st.and_then(|h| map.get_mut(&h)) {
                    e[t.index()] = e[t.index()].saturating_sub(1);
                }
            }
            a += 1;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The sliding window gives what recounting each window gives.
    #[test]
    fn sliding_window_matches_recounting() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let sents: Vec<usize> = (0..40).map(|_| next(12) as usize).collect();
        let stems: Vec<Vec<Option<u64>>> = sents
            .iter()
            .map(|&n| (0..n).map(|_| (next(5) > 0).then(|| next(15))).collect())
            .collect();
        let tags: Vec<Vec<Tag>> = sents
            .iter()
            .map(|&n| (0..n).map(|_| Tag(next(N_TAGS as u64) as u8)).collect())
            .collect();
        for window in [0, 1, 3, 10, 50] {
            let got = memory_values_from(stems.clone(), &tags, window);
            for (i, row) in got.iter().enumerate() {
                let (a, b) = (i.saturating_sub(window), (i + window + 1).min(stems.len()));
                for (k, &v) in row.iter().enumerate() {
                    let own = tags[i][k].index();
                    let want = match stems[i][k] {
                        None => 1 << 13,
                        Some(h) => {
                            let mut m = 0u32;
                            for t in 0..N_TAGS {
                                let n = (a..b)
                                    .flat_map(|j| stems[j].iter().zip(&tags[j]))
                                    .filter(|(s, g)| **s == Some(h) && g.index() == t)
                                    .count();
                                if n > usize::from(t == own) {
                                    m |= 1 << t;
                                }
                            }
                            m
                        }
                    };
                    assert_eq!(v, want | ((own as u32 + 1) << 9), "sentence {i} token {k}");
                }
            }
        }
    }
}
