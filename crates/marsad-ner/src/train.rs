//! Structured averaged perceptron (Collins 2002) over hashed features.

use std::time::Instant;

use crate::conll::Sentence;
use crate::corpus::evaluate;
use crate::features::groups;
use crate::model::{viterbi, Model, Trans, START};
use crate::tags::N_TAGS;
use crate::train_common::{quantise, EpochKeeper, EpochReport, Precomputed, TrainConfig};

/// A progress line on stderr; a closed or full stderr must not end (or
/// panic) a training run.
fn progress(line: std::fmt::Arguments) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Trains a model; prints per-epoch progress to stderr when
/// `cfg.progress` is set.
pub fn train(train: &[Sentence], dev: Option<&[Sentence]>, cfg: &TrainConfig) -> Model {
    train_with(train, dev, cfg, |r| {
        if cfg.progress {
            progress(format_args!("{r}"));
        }
    })
}

/// [`train`] with a callback after each epoch.
pub fn train_with(
    train: &[Sentence],
    dev: Option<&[Sentence]>,
    cfg: &TrainConfig,
    mut on_epoch: impl FnMut(&EpochReport),
) -> Model {
    if cfg.stack {
        return train_stacked(train, dev, cfg, &mut on_epoch);
    }
    train_inner(train, dev, cfg, None, None, &mut on_epoch)
}

fn train_stacked(
    train: &[Sentence],
    dev: Option<&[Sentence]>,
    cfg: &TrainConfig,
    on_epoch: &mut dyn FnMut(&EpochReport),
) -> Model {
    let mut c1 = cfg.clone();
    c1.stack = false;
    c1.groups &= !groups::MEMORY;
    let words: Vec<Vec<&str>> = train
        .iter()
        .map(|s| s.tokens.iter().map(String::as_str).collect())
        .collect();
    let n = train.len();
    let k = cfg.folds.clamp(2, n.max(2));
    let mut tags1: Vec<Vec<crate::tags::Tag>> = vec![Vec::new(); n];
    let mut scratch = crate::model::TagScratch::default();
    for f in 0..k {
        let (a, b) = (f * n / k, (f + 1) * n / k);
        let sub: Vec<Sentence> = train[..a].iter().chain(&train[b..]).cloned().collect();
        let m = train_inner(&sub, None, &c1, None, None, &mut |_| {});
        for i in a..b {
            tags1[i] = m.tag_with(&words[i], &mut scratch).to_vec();
        }
        if cfg.progress {
            progress(format_args!("stage 1: fold {}/{k} done", f + 1));
        }
    }
    let s1 = train_inner(train, None, &c1, None, None, &mut |_| {});
    let mem = crate::memory::memory_values(&words, &tags1, cfg.mem_window as usize);
    let mut c2 = cfg.clone();
    c2.groups |= groups::MEMORY;
    train_inner(train, dev, &c2, Some(&s1), Some(&mem), on_epoch)
}

fn train_inner(
    train: &[Sentence],
    dev: Option<&[Sentence]>,
    cfg: &TrainConfig,
    stage1: Option<&Model>,
    mem: Option<&[Vec<u32>]>,
    on_epoch: &mut dyn FnMut(&EpochReport),
) -> Model {
    let bits = cfg.hash_bits.clamp(8, 26);
    let rows = 1usize << bits;
    let pre = Precomputed::extract(train, cfg, bits, mem);
    if cfg.crf {
        return crate::crf::train_crf(train, &pre, dev, cfg, bits, stage1, on_epoch);
    }

    let runs = cfg.runs.max(1);
    let drop_threshold = (f64::from(cfg.word_dropout.clamp(0.0, 1.0)) * u64::MAX as f64) as u64;
    let mut sum: Vec<f32> = Vec::new();
    let mut sum_trans: Trans = [[0.0; N_TAGS]; N_TAGS + 1];
    for run in 0..runs {
        let mut w = vec![0f32; rows * N_TAGS];
        let mut u = vec![0f64; rows * N_TAGS];
        let mut tw: Trans = [[0.0; N_TAGS]; N_TAGS + 1];
        let mut tu = [[0f64; N_TAGS]; N_TAGS + 1];
        let mut c = 1f64;
        let mut order: Vec<usize> = (0..train.len()).collect();
        let mut rng = cfg
            .seed
            .wrapping_add((run as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
            | 1;
        let (mut emis, mut delta, mut back, mut pred) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut skip: Vec<usize> = Vec::new();
        let mut keeper = EpochKeeper::default();
        for epoch in 1..=cfg.epochs.max(1) {
            let t0 = Instant::now();
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            let mut mistakes = 0;
            for &si in &order {
                let gold = &train[si].tags;
                let (t0i, t1i) = (pre.tok_off[si], pre.tok_off[si + 1]);
                let n = t1i - t0i;
                emis.clear();
                emis.resize(n * N_TAGS, 0.0);
                skip.clear();
                for i in 0..n {
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    let k = if rng < drop_threshold {
                        pre.lexn[t0i + i] as usize
                    } else {
                        0
                    };
                    skip.push(k);
                }
                pre.emissions(t0i, &skip, &w, &mut emis);
                viterbi(&emis, &tw, &mut delta, &mut back, &mut pred);
                if pred.as_slice() == gold.as_slice() {
                    c += 1.0;
                    continue;
                }
                mistakes += 1;
                for i in 0..n {
                    let (g, p) = (gold[i].index(), pred[i].index());
                    let (gp, pp) = if i == 0 {
                        (START, START)
                    } else {
                        (gold[i - 1].index(), pred[i - 1].index())
                    };
                    if (gp, g) != (pp, p) {
                        tw[gp][g] += 1.0;
                        tu[gp][g] += c;
                        tw[pp][p] -= 1.0;
                        tu[pp][p] -= c;
                    }
                    if g == p {
                        continue;
                    }
                    let (a, b) = (
                        pre.offs[t0i + i] as usize + skip[i],
                        pre.offs[t0i + i + 1] as usize,
                    );
                    for &r in &pre.feats[a..b] {
                        let r = r as usize * N_TAGS;
                        w[r + g] += 1.0;
                        u[r + g] += c;
                        w[r + p] -= 1.0;
                        u[r + p] -= c;
                    }
                }
                c += 1.0;
            }
            if runs > 1 {
                if run + 1 == runs {
                    on_epoch(&EpochReport {
                        epoch,
                        mistakes,
                        sentences: train.len(),
                        seconds: t0.elapsed().as_secs_f64(),
                        dev: None,
                    });
                }
                continue;
            }
            let model = average(&w, &u, &tw, &tu, c, bits, cfg, stage1);
            let rep = EpochReport {
                epoch,
                mistakes,
                sentences: train.len(),
                seconds: t0.elapsed().as_secs_f64(),
                dev: None,
            };
            keeper.end_epoch(model, rep, dev, on_epoch);
        }
        if runs == 1 {
            return keeper
                .finish()
                .unwrap_or_else(|| average(&w, &u, &tw, &tu, c, bits, cfg, stage1));
        }
        let (avg, trans) = averaged(&w, &u, &tw, &tu, c);
        if sum.is_empty() {
            sum = avg;
        } else {
            for (s, a) in sum.iter_mut().zip(&avg) {
                *s += a;
            }
        }
        for (srow, row) in sum_trans.iter_mut().zip(&trans) {
            for (s, a) in srow.iter_mut().zip(row) {
                *s += a;
            }
        }
    }
    let k = runs as f32;
    sum.iter_mut().for_each(|v| *v /= k);
    sum_trans.iter_mut().flatten().for_each(|v| *v /= k);
    let model = quantise(&sum, &sum_trans, bits, cfg, stage1);
    if let (Some(d), true) = (dev, cfg.progress) {
        let f1 = evaluate(&model, d).f1();
        progress(format_args!(
            "{runs} runs averaged: dev F1 {:.2}",
            100.0 * f1
        ));
    }
    model
}

#[allow(clippy::too_many_arguments)]
fn average(
    w: &[f32],
    u: &[f64],
    tw: &Trans,
    tu: &[[f64; N_TAGS]; N_TAGS + 1],
    c: f64,
    bits: u8,
    cfg: &TrainConfig,
    stage1: Option<&Model>,
) -> Model {
    let (avg, trans) = averaged(w, u, tw, tu, c);
    quantise(&avg, &trans, bits, cfg, stage1)
}

/// The averaged perceptron weights (`w - u/c`) and transitions.
fn averaged(
    w: &[f32],
    u: &[f64],
    tw: &Trans,
    tu: &[[f64; N_TAGS]; N_TAGS + 1],
    c: f64,
) -> (Vec<f32>, Trans) {
    let avg: Vec<f32> = w
        .iter()
        .zip(u)
        .map(|(w, u)| (f64::from(*w) - u / c) as f32)
        .collect();
    let mut trans: Trans = [[0.0; N_TAGS]; N_TAGS + 1];
    for (r, row) in trans.iter_mut().enumerate() {
        for (t, v) in row.iter_mut().enumerate() {
            *v = (f64::from(tw[r][t]) - tu[r][t] / c) as f32;
        }
    }
    (avg, trans)
}

/// Picks the O bias with the best F1 on `dev` from a small grid, sets it
/// on the model and returns (bias, F1) for every value tried.
pub fn tune_o_bias(model: &mut Model, dev: &[Sentence]) -> Vec<(f32, f64)> {
    let mut tried = Vec::new();
    let mut best = (model.o_bias, f64::MIN);
    for b in [
        0.0f32, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 10.0, 12.0, 16.0, 20.0, 25.0,
        30.0, 40.0,
    ] {
        model.o_bias = b;
        let f = evaluate(model, dev).f1();
        tried.push((b, f));
        if f > best.1 {
            best = (b, f);
        }
    }
    model.o_bias = best.0;
    tried
}
