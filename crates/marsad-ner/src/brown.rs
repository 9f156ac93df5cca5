//! Brown clustering (Brown et al. 1992) with the windowed algorithm of
//! Liang (2005): words are added in order of frequency to a set of at
//! most `c + 1` active clusters; after each addition the pair whose merge
//! loses the least average mutual information between adjacent clusters
//! is merged. The merge history is a binary tree whose root-to-leaf paths
//! are the words' bit strings; their prefixes are features.
//!
//! Loss table updates follow Liang's derivation, O(c²) per merge.

use std::collections::HashMap;

use crate::hash::{hash_str, IdMap};
use crate::key;

/// Settings for [`brown_clusters`].
#[derive(Debug, Clone, Copy)]
pub struct BrownConfig {
    /// Active clusters.
    pub clusters: usize,
    /// Words seen fewer times are not clustered.
    pub min_count: usize,
}

impl Default for BrownConfig {
    fn default() -> Self {
        BrownConfig {
            clusters: 128,
            min_count: 3,
        }
    }
}

/// Packs a bit path: the low 5 bits hold its length (at most 27), the
/// bits above the path, first bit highest.
pub fn pack_path(bits: &[bool]) -> u32 {
    let n = bits.len().min(27);
    let mut v = 0u32;
    for &b in &bits[..n] {
        v = (v << 1) | u32::from(b);
    }
    (v << 5) | n as u32
}

/// The prefix of `len` bits of a packed path (with its length), for use
/// as a feature value; 0 when there is no path.
pub fn path_prefix(packed: u32, len: u32) -> u32 {
    if packed == 0 {
        return 0;
    }
    let n = packed & 31;
    let bits = packed >> 5;
    let l = len.min(n);
    (((bits >> (n - l)) << 5) | l) + 1
}

struct State {
    n: usize,        // slots
    count: Vec<f64>, // n × n bigram counts between slots
    left: Vec<f64>,
    right: Vec<f64>,
    total: f64,
    active: Vec<bool>,
    loss: Vec<f64>, // n × n, for a < b
}

impl State {
    #[inline]
    fn q(&self, nab: f64, na: f64, nb: f64) -> f64 {
        if nab <= 0.0 {
            0.0
        } else {
            nab / self.total * (nab * self.total / (na * nb)).ln()
        }
    }
    #[inline]
    fn c(&self, a: usize, b: usize) -> f64 {
        self.count[a * self.n + b]
    }
    /// q between single clusters.
    #[inline]
    fn q1(&self, a: usize, b: usize) -> f64 {
        self.q(self.c(a, b), self.left[a], self.right[b])
    }
    /// q(a+b, d) + q(d, a+b) for d outside {a,b}.
    #[inline]
    fn qm(&self, a: usize, b: usize, d: usize) -> f64 {
        let l = self.left[a] + self.left[b];
        let r = self.right[a] + self.right[b];
        self.q(self.c(a, d) + self.c(b, d), l, self.right[d])
            + self.q(self.c(d, a) + self.c(d, b), self.left[d], r)
    }
    /// q(a+b, a+b).
    #[inline]
    fn qmm(&self, a: usize, b: usize) -> f64 {
        let n = self.c(a, a) + self.c(a, b) + self.c(b, a) + self.c(b, b);
        self.q(
            n,
            self.left[a] + self.left[b],
            self.right[a] + self.right[b],
        )
    }
    /// Loss of merging a and b, computed from scratch (O(n)).
    fn full_loss(&self, a: usize, b: usize) -> f64 {
        let mut before = -self.q1(a, a) - self.q1(b, b) - self.q1(a, b) - self.q1(b, a);
        let mut after = self.qmm(a, b);
        for d in 0..self.n {
            if !self.active[d] {
                continue;
            }
            before += self.q1(a, d) + self.q1(d, a) + self.q1(b, d) + self.q1(d, b);
            if d != a && d != b {
                after += self.qm(a, b, d);
            }
        }
        before - after
    }
}

/// Clusters the folded word keys of `sentences`; returns folded-key hash
/// → packed bit path ([`pack_path`]).
pub fn brown_clusters(sentences: &[Vec<String>], cfg: BrownConfig) -> IdMap<u32> {
    let keyed: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| s.iter().map(|w| key::fold(w)).collect())
        .collect();
    let mut freq: HashMap<&str, usize> = HashMap::new();
    for s in &keyed {
        for k in s {
            *freq.entry(k.as_str()).or_default() += 1;
        }
    }
    let mut vocab: Vec<(&str, usize)> = freq
        .iter()
        .filter(|(_, &c)| c >= cfg.min_count)
        .map(|(w, c)| (*w, *c))
        .collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let v = vocab.len();
    if v < 2 {
        return IdMap::default();
    }
    let widx: HashMap<&str, usize> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (*w, i))
        .collect();
    // Word bigrams, both directions, as adjacency lists.
    let mut next: Vec<HashMap<usize, f64>> = vec![HashMap::new(); v];
    let mut prev: Vec<HashMap<usize, f64>> = vec![HashMap::new(); v];
    for s in &keyed {
        for pair in s.windows(2) {
            if let (Some(&a), Some(&b)) = (widx.get(pair[0].as_str()), widx.get(pair[1].as_str())) {
                *next[a].entry(b).or_default() += 1.0;
                *prev[b].entry(a).or_default() += 1.0;
            }
        }
    }
    let next: Vec<Vec<(usize, f64)>> = next
        .into_iter()
        .map(|m| {
            let mut x: Vec<_> = m.into_iter().collect();
            x.sort_unstable_by_key(|p| p.0);
            x
        })
        .collect();
    let prev: Vec<Vec<(usize, f64)>> = prev
        .into_iter()
        .map(|m| {
            let mut x: Vec<_> = m.into_iter().collect();
            x.sort_unstable_by_key(|p| p.0);
            x
        })
        .collect();
    let total: f64 = next.iter().flat_map(|x| x.iter().map(|p| p.1)).sum();
    let slots = cfg.clusters.clamp(2, v) + 1;
    let mut st = State {
        n: slots,
        count: vec![0.0; slots * slots],
        left: vec![0.0; slots],
        right: vec![0.0; slots],
        total: total.max(1.0),
        active: vec![false; slots],
        loss: vec![0.0; slots * slots],
    };
    // Tree: nodes 0..v are words; merges append (left, right).
    let mut children: Vec<(usize, usize)> = Vec::new();
    let mut node_of_slot = vec![usize::MAX; slots];
    let mut slot_of_word = vec![usize::MAX; v];
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); slots];

    // Adds word w into a free slot and updates the loss table.
    let add = |st: &mut State,
               w: usize,
               slot: usize,
               slot_of_word: &mut Vec<usize>,
               members: &mut Vec<Vec<usize>>| {
        slot_of_word[w] = slot;
        members[slot] = vec![w];
        for d in 0..st.n {
            st.count[slot * st.n + d] = 0.0;
            st.count[d * st.n + slot] = 0.0;
        }
        for &(u, c) in &next[w] {
            let su = slot_of_word[u];
            if su != usize::MAX {
                st.count[slot * st.n + su] += c;
            }
        }
        for &(u, c) in &prev[w] {
            let su = slot_of_word[u];
            if su != usize::MAX && u != w {
                st.count[su * st.n + slot] += c;
            }
        }
        st.left[slot] = next[w].iter().map(|p| p.1).sum();
        st.right[slot] = prev[w].iter().map(|p| p.1).sum();
        // Update existing pairs for the new cluster's terms.
        let act: Vec<usize> = (0..st.n).filter(|&d| st.active[d]).collect();
        for (i, &a) in act.iter().enumerate() {
            for &b in &act[i + 1..] {
                let delta = st.q1(a, slot) + st.q1(slot, a) + st.q1(b, slot) + st.q1(slot, b)
                    - st.qm(a, b, slot);
                st.loss[a * st.n + b] += delta;
            }
        }
        st.active[slot] = true;
        for &a in &act {
            let (x, y) = (a.min(slot), a.max(slot));
            st.loss[x * st.n + y] = st.full_loss(x, y);
        }
        #[cfg(debug_assertions)]
        if st.n <= 8 {
            for (i, &a) in act.iter().enumerate() {
                for &b in &act[i + 1..] {
                    let full = st.full_loss(a, b);
                    assert!(
                        (st.loss[a * st.n + b] - full).abs() < 1e-9,
                        "loss table drifted on add"
                    );
                }
            }
        }
    };

    // Merges the best pair; returns (kept slot, freed slot).
    let merge = |st: &mut State,
                 slot_of_word: &mut Vec<usize>,
                 members: &mut Vec<Vec<usize>>,
                 node_of_slot: &mut Vec<usize>,
                 children: &mut Vec<(usize, usize)>| {
        let act: Vec<usize> = (0..st.n).filter(|&d| st.active[d]).collect();
        let mut best = (f64::INFINITY, 0, 0);
        for (i, &a) in act.iter().enumerate() {
            for &b in &act[i + 1..] {
                let l = st.loss[a * st.n + b];
                if l < best.0 {
                    best = (l, a, b);
                }
            }
        }
        let (_, a, b) = best;
        // Update other pairs' losses (before changing counts).
        let others: Vec<usize> = act.iter().copied().filter(|&d| d != a && d != b).collect();
        let mut deltas = Vec::with_capacity(others.len() * others.len() / 2);
        for (i, &c) in others.iter().enumerate() {
            for &d in &others[i + 1..] {
                // Terms of c and d with a and b, before and after.
                let before_cd = st.q1(c, a)
                    + st.q1(a, c)
                    + st.q1(c, b)
                    + st.q1(b, c)
                    + st.q1(d, a)
                    + st.q1(a, d)
                    + st.q1(d, b)
                    + st.q1(b, d);
                let after_cd = st.qm(a, b, c) + st.qm(a, b, d);
                // Merged (c+d) with a, b before; with a+b after.
                let lcd = st.left[c] + st.left[d];
                let rcd = st.right[c] + st.right[d];
                let before_m = st.q(st.c(c, a) + st.c(d, a), lcd, st.right[a])
                    + st.q(st.c(a, c) + st.c(a, d), st.left[a], rcd)
                    + st.q(st.c(c, b) + st.c(d, b), lcd, st.right[b])
                    + st.q(st.c(b, c) + st.c(b, d), st.left[b], rcd);
                let after_m = st.q(
                    st.c(c, a) + st.c(d, a) + st.c(c, b) + st.c(d, b),
                    lcd,
                    st.right[a] + st.right[b],
                ) + st.q(
                    st.c(a, c) + st.c(a, d) + st.c(b, c) + st.c(b, d),
                    st.left[a] + st.left[b],
                    rcd,
                );
                deltas.push((c * st.n + d, (after_cd - before_cd) - (after_m - before_m)));
            }
        }
        for (k, dl) in deltas {
            st.loss[k] += dl;
        }
        // Merge b into a.
        let n = st.n;
        for d in 0..n {
            st.count[a * n + d] += st.count[b * n + d];
            st.count[b * n + d] = 0.0;
        }
        for d in 0..n {
            st.count[d * n + a] += st.count[d * n + b];
            st.count[d * n + b] = 0.0;
        }
        st.left[a] += st.left[b];
        st.right[a] += st.right[b];
        st.left[b] = 0.0;
        st.right[b] = 0.0;
        st.active[b] = false;
        let moved = std::mem::take(&mut members[b]);
        for &w in &moved {
            slot_of_word[w] = a;
        }
        members[a].extend(moved);
        children.push((node_of_slot[a], node_of_slot[b]));
        node_of_slot[a] = v + children.len() - 1;
        node_of_slot[b] = usize::MAX;
        for &d in &others {
            let (x, y) = (a.min(d), a.max(d));
            st.loss[x * st.n + y] = st.full_loss(x, y);
        }
        #[cfg(debug_assertions)]
        if st.n <= 8 {
            for (i, &c) in others.iter().enumerate() {
                for &d in others[i + 1..].iter().chain(std::iter::once(&a)) {
                    let (x, y) = (c.min(d), c.max(d));
                    let full = st.full_loss(x, y);
                    assert!(
                        (st.loss[x * st.n + y] - full).abs() < 1e-9,
                        "loss table drifted"
                    );
                }
            }
        }
        b
    };

    let mut free: Vec<usize> = (0..slots).rev().collect();
    for w in 0..v {
        let slot = free.pop().expect("a free slot");
        node_of_slot[slot] = w;
        add(&mut st, w, slot, &mut slot_of_word, &mut members);
        if st.active.iter().filter(|&&x| x).count() == slots {
            let fb = merge(
                &mut st,
                &mut slot_of_word,
                &mut members,
                &mut node_of_slot,
                &mut children,
            );
            free.push(fb);
        }
    }
    while st.active.iter().filter(|&&x| x).count() > 1 {
        merge(
            &mut st,
            &mut slot_of_word,
            &mut members,
            &mut node_of_slot,
            &mut children,
        );
    }
    // Paths from the root.
    let mut paths: Vec<Vec<bool>> = vec![Vec::new(); v];
    let root = v + children.len() - 1;
    let mut stack: Vec<(usize, Vec<bool>)> = vec![(root, Vec::new())];
    while let Some((node, path)) = stack.pop() {
        if node < v {
            paths[node] = path;
            continue;
        }
        let (l, r) = children[node - v];
        let mut pl = path.clone();
        pl.push(false);
        let mut pr = path;
        pr.push(true);
        stack.push((l, pl));
        stack.push((r, pr));
    }
    let mut out = IdMap::default();
    for (i, (w, _)) in vocab.iter().enumerate() {
        out.insert(hash_str(w), pack_path(&paths[i]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_words_by_context() {
        // Tiny corpus with obvious classes. In debug builds every merge
        // also checks the incremental loss table against a recomputation.
        let mut sents = Vec::new();
        for (a, b) in [
            ("قال", "محمد"),
            ("أعلن", "علي"),
            ("قال", "علي"),
            ("أعلن", "محمد"),
            ("ذكر", "أحمد"),
        ] {
            for c in ["في", "من"] {
                for d in ["القاهرة", "بغداد", "دمشق"] {
                    sents.push(vec![
                        a.to_string(),
                        b.to_string(),
                        c.to_string(),
                        d.to_string(),
                    ]);
                }
            }
        }
        let m = brown_clusters(
            &sents,
            BrownConfig {
                clusters: 3,
                min_count: 1,
            },
        );
        assert_eq!(m.len(), 11);
        let p = |w: &str| m[&hash_str(&key::fold(w))];
        // Cities share a longer prefix with each other than with verbs.
        let common = |a: u32, b: u32| {
            let (na, nb) = (a & 31, b & 31);
            (0..na.min(nb))
                .take_while(|&i| path_prefix(a, i + 1) == path_prefix(b, i + 1))
                .count()
        };
        // Words in the same slot of the template end up as siblings.
        assert!(common(p("محمد"), p("علي")) > common(p("محمد"), p("في")));
        assert!(common(p("في"), p("من")) > common(p("في"), p("علي")));
    }
}
