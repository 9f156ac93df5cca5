//! Word clusters from unlabelled text: each frequent word is represented
//! by counts of its left and right neighbours among the most frequent
//! words, and clustered with spherical k-means at two granularities.
//! Only the text of the training corpora is used (see README.md).

use std::collections::HashMap;

use crate::hash::{hash_str, IdMap};
use crate::key;

/// Settings for [`build_clusters`].
#[derive(Debug, Clone, Copy)]
pub struct ClusterConfig {
    /// Words seen fewer times get no cluster.
    pub min_count: usize,
    /// Context vocabulary: the most frequent words.
    pub contexts: usize,
    pub coarse: usize,
    pub fine: usize,
    pub iterations: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            min_count: 3,
            contexts: 600,
            coarse: 48,
            fine: 400,
            iterations: 12,
        }
    }
}

/// Packs (coarse, fine) cluster ids; 0 means no cluster.
pub fn pack(coarse: usize, fine: usize) -> u32 {
    (((coarse as u32) + 1) << 16) | ((fine as u32) + 1)
}

/// Clusters the folded word keys of `sentences`; returns folded-key hash →
/// packed cluster ids.
pub fn build_clusters(sentences: &[Vec<String>], cfg: ClusterConfig) -> IdMap<u32> {
    let mut freq: HashMap<String, usize> = HashMap::new();
    let keyed: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| s.iter().map(|w| key::fold(w)).collect())
        .collect();
    for s in &keyed {
        for k in s {
            *freq.entry(k.clone()).or_default() += 1;
        }
    }
    let mut by_freq: Vec<(&String, &usize)> = freq.iter().collect();
    by_freq.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let ctx: HashMap<&str, usize> = by_freq
        .iter()
        .take(cfg.contexts)
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i))
        .collect();
    let words: Vec<&String> = by_freq
        .iter()
        .filter(|(_, &c)| c >= cfg.min_count)
        .map(|(w, _)| *w)
        .collect();
    let widx: HashMap<&str, usize> = words
        .iter()
        .enumerate()
        .map(|(i, w)| (w.as_str(), i))
        .collect();
    let dim = 2 * cfg.contexts + 2;
    // Sparse context vectors.
    let mut vecs: Vec<HashMap<usize, f32>> = vec![HashMap::new(); words.len()];
    for s in &keyed {
        for (i, k) in s.iter().enumerate() {
            let Some(&wi) = widx.get(k.as_str()) else {
                continue;
            };
            let left = if i == 0 {
                2 * cfg.contexts
            } else {
                ctx.get(s[i - 1].as_str()).map_or(usize::MAX, |&c| c)
            };
            let right = if i + 1 == s.len() {
                2 * cfg.contexts + 1
            } else {
                ctx.get(s[i + 1].as_str())
                    .map_or(usize::MAX, |&c| cfg.contexts + c)
            };
            for d in [left, right] {
                if d < dim {
                    *vecs[wi].entry(d).or_default() += 1.0;
                }
            }
        }
    }
    let sparse: Vec<Vec<(usize, f32)>> = vecs
        .into_iter()
        .map(|m| {
            // sqrt damping, then unit length
            // Sorted before summing: HashMap order varies between runs and
            // float sums in a different order made training nondeterministic.
            let mut v: Vec<(usize, f32)> = m.into_iter().map(|(d, c)| (d, c.sqrt())).collect();
            v.sort_unstable_by_key(|(d, _)| *d);
            let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt().max(1e-6);
            v.iter_mut().for_each(|(_, x)| *x /= norm);
            v
        })
        .collect();
    let coarse = kmeans(&sparse, dim, cfg.coarse, cfg.iterations);
    let fine = kmeans(&sparse, dim, cfg.fine, cfg.iterations);
    let mut out = IdMap::default();
    for (i, w) in words.iter().enumerate() {
        out.insert(hash_str(w), pack(coarse[i], fine[i]));
    }
    out
}

/// Spherical k-means, deterministic: centroids start at evenly spaced
/// words of the frequency-sorted list.
fn kmeans(v: &[Vec<(usize, f32)>], dim: usize, k: usize, iters: usize) -> Vec<usize> {
    let n = v.len();
    let k = k.min(n).max(1);
    let mut cent = vec![0f32; k * dim];
    for c in 0..k {
        for &(d, x) in &v[c * n / k] {
            cent[c * dim + d] = x;
        }
    }
    let mut assign = vec![0usize; n];
    for _ in 0..iters {
        for (i, x) in v.iter().enumerate() {
            let mut best = (f32::MIN, 0);
            for c in 0..k {
                let row = &cent[c * dim..(c + 1) * dim];
                let s: f32 = x.iter().map(|&(d, val)| row[d] * val).sum();
                if s > best.0 {
                    best = (s, c);
                }
            }
            assign[i] = best.1;
        }
        cent.iter_mut().for_each(|c| *c = 0.0);
        for (i, x) in v.iter().enumerate() {
            let c = assign[i];
            for &(d, val) in x {
                cent[c * dim + d] += val;
            }
        }
        for c in 0..k {
            let row = &mut cent[c * dim..(c + 1) * dim];
            let norm = row.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                row.iter_mut().for_each(|x| *x /= norm);
            }
        }
    }
    assign
}
