//! Linear-chain CRF training (negative log-likelihood, L2, AdaGrad SGD)
//! over the same hashed features and BIO-constrained transitions as the
//! perceptron. Produces the same [`Model`] (decoding is unchanged).

use std::time::Instant;

use crate::conll::Sentence;
use crate::model::{Model, Trans, START};
use crate::tags::{Tag, N_TAGS};
use crate::train_common::{quantise, EpochKeeper, EpochReport, Precomputed, TrainConfig};

fn allowed_pairs() -> [[bool; N_TAGS]; N_TAGS + 1] {
    let mut a = [[false; N_TAGS]; N_TAGS + 1];
    for (p, row) in a.iter_mut().enumerate() {
        for (t, v) in row.iter_mut().enumerate() {
            *v = if p == START {
                !Tag(t as u8).is_inside()
            } else {
                Tag(p as u8).allows(Tag(t as u8))
            };
        }
    }
    a
}

#[inline]
fn lse(xs: &[f64]) -> f64 {
    let m = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if m == f64::NEG_INFINITY {
        return m;
    }
    m + xs.iter().map(|x| (x - m).exp()).sum::<f64>().ln()
}

/// Node marginals (`n × N_TAGS`) and pairwise marginals summed over
/// positions (`(N_TAGS+1) × N_TAGS`, row START for position 0).
fn marginals(
    emis: &[f64],
    trans: &Trans,
    ok: &[[bool; N_TAGS]; N_TAGS + 1],
    alpha: &mut Vec<f64>,
    beta: &mut Vec<f64>,
    node: &mut Vec<f64>,
    pair: &mut [[f64; N_TAGS]; N_TAGS + 1],
) {
    let n = emis.len() / N_TAGS;
    alpha.clear();
    alpha.resize(n * N_TAGS, f64::NEG_INFINITY);
    beta.clear();
    beta.resize(n * N_TAGS, 0.0);
    let mut buf = [0f64; N_TAGS];
    for t in 0..N_TAGS {
        if ok[START][t] {
            alpha[t] = f64::from(trans[START][t]) + emis[t];
        }
    }
    for i in 1..n {
        for t in 0..N_TAGS {
            for p in 0..N_TAGS {
                buf[p] = if ok[p][t] {
                    alpha[(i - 1) * N_TAGS + p] + f64::from(trans[p][t])
                } else {
                    f64::NEG_INFINITY
                };
            }
            alpha[i * N_TAGS + t] = lse(&buf) + emis[i * N_TAGS + t];
        }
    }
    for i in (0..n.saturating_sub(1)).rev() {
        for p in 0..N_TAGS {
            for t in 0..N_TAGS {
                buf[t] = if ok[p][t] {
                    f64::from(trans[p][t]) + emis[(i + 1) * N_TAGS + t] + beta[(i + 1) * N_TAGS + t]
                } else {
                    f64::NEG_INFINITY
                };
            }
            beta[i * N_TAGS + p] = lse(&buf);
        }
    }
    let z = lse(&alpha[(n - 1) * N_TAGS..]);
    node.clear();
    node.resize(n * N_TAGS, 0.0);
    for (k, v) in node.iter_mut().enumerate() {
        *v = (alpha[k] + beta[k] - z).exp();
    }
    for row in pair.iter_mut() {
        row.fill(0.0);
    }
    pair[START].copy_from_slice(&node[..N_TAGS]);
    for i in 1..n {
        for p in 0..N_TAGS {
            let a = alpha[(i - 1) * N_TAGS + p];
            if a == f64::NEG_INFINITY {
                continue;
            }
            for t in 0..N_TAGS {
                if ok[p][t] {
                    pair[p][t] +=
                        (a + f64::from(trans[p][t]) + emis[i * N_TAGS + t] + beta[i * N_TAGS + t]
                            - z)
                            .exp();
                }
            }
        }
    }
}

pub(crate) fn train_crf(
    train: &[Sentence],
    pre: &Precomputed,
    dev: Option<&[Sentence]>,
    cfg: &TrainConfig,
    bits: u8,
    stage1: Option<&Model>,
    on_epoch: &mut dyn FnMut(&EpochReport),
) -> Model {
    let rows = 1usize << bits;
    let ok = allowed_pairs();
    let mut w = vec![0f32; rows * N_TAGS];
    let mut g2 = vec![0f32; rows * N_TAGS];
    let mut tw: Trans = [[0.0; N_TAGS]; N_TAGS + 1];
    let mut tg2 = [[0f64; N_TAGS]; N_TAGS + 1];
    let lr = f64::from(cfg.learning_rate);
    let l2 = f64::from(cfg.l2);
    let eps = 1e-6f64;
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = cfg.seed | 1;
    let (mut emis, mut alpha, mut beta, mut node) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut pair = [[0f64; N_TAGS]; N_TAGS + 1];
    let mut skip: Vec<usize> = Vec::new();
    let drop_threshold = (f64::from(cfg.word_dropout.clamp(0.0, 1.0)) * u64::MAX as f64) as u64;
    let mut keeper = EpochKeeper::default();
    for epoch in 1..=cfg.epochs.max(1) {
        let t0 = Instant::now();
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &si in &order {
            let gold = &train[si].tags;
            let (t0i, t1i) = (pre.tok_off[si], pre.tok_off[si + 1]);
            let n = t1i - t0i;
            if n == 0 {
                continue;
            }
            skip.clear();
            for i in 0..n {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                skip.push(if rng < drop_threshold {
                    pre.lexn[t0i + i] as usize
                } else {
                    0
                });
            }
            emis.clear();
            emis.resize(n * N_TAGS, 0f64);
            pre.emissions(t0i, &skip, &w, &mut emis);
            marginals(&emis, &tw, &ok, &mut alpha, &mut beta, &mut node, &mut pair);
            // Emission updates, one token at a time.
            for i in 0..n {
                let g = gold[i].index();
                let mut grad = [0f64; N_TAGS];
                for (t, v) in grad.iter_mut().enumerate() {
                    *v = node[i * N_TAGS + t] - if t == g { 1.0 } else { 0.0 };
                }
                let (a, b) = (
                    pre.offs[t0i + i] as usize + skip[i],
                    pre.offs[t0i + i + 1] as usize,
                );
                for &r in &pre.feats[a..b] {
                    let base = r as usize * N_TAGS;
                    for (t, &gt) in grad.iter().enumerate() {
                        let k = base + t;
                        let wk = f64::from(w[k]);
                        let gg = gt + l2 * wk;
                        if gg.abs() < 1e-9 {
                            continue;
                        }
                        let acc = f64::from(g2[k]) + gg * gg;
                        g2[k] = acc as f32;
                        w[k] = (wk - lr * gg / (acc.sqrt() + eps)) as f32;
                    }
                }
            }
            // Transition updates.
            for (p, row) in pair.iter().enumerate() {
                for (t, &m) in row.iter().enumerate() {
                    if !ok[p][t] {
                        continue;
                    }
                    let mut emp = 0f64;
                    if p == START {
                        if gold[0].index() == t {
                            emp = 1.0;
                        }
                    } else {
                        for i in 1..n {
                            if gold[i - 1].index() == p && gold[i].index() == t {
                                emp += 1.0;
                            }
                        }
                    }
                    let gg = m - emp + l2 * f64::from(tw[p][t]);
                    tg2[p][t] += gg * gg;
                    tw[p][t] = (f64::from(tw[p][t]) - lr * gg / (tg2[p][t].sqrt() + eps)) as f32;
                }
            }
        }
        let model = quantise(&w, &tw, bits, cfg, stage1);
        let rep = EpochReport {
            epoch,
            mistakes: 0,
            sentences: train.len(),
            seconds: t0.elapsed().as_secs_f64(),
            dev: None,
        };
        keeper.end_epoch(model, rep, dev, on_epoch);
    }
    keeper
        .finish()
        .unwrap_or_else(|| quantise(&w, &tw, bits, cfg, stage1))
}
