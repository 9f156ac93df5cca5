//! What the two trainers (the perceptron in `train.rs`, the CRF in
//! `crf.rs`) share: settings, features extracted once, epoch reports and
//! the best-epoch keeper, quantisation into a [`Model`].

use std::fmt;

use crate::conll::Sentence;
use crate::corpus::evaluate;
use crate::eval::Report;
use crate::features::{groups, FeatScratch};
use crate::lexicon::Lexicon;
use crate::model::{Model, Trans};
use crate::tags::N_TAGS;

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Passes over the training data. With a dev set the epoch with the
    /// best dev F1 is kept.
    pub epochs: usize,
    /// log2 of the number of hashed feature rows.
    pub hash_bits: u8,
    /// Feature groups ([`crate::groups`]).
    pub groups: u32,
    /// Shuffling seed.
    pub seed: u64,
    /// Word lists compiled into the model.
    pub lexicon: Lexicon,
    /// Run the post-decoding rule layer.
    pub rules: bool,
    /// Quantised weights with magnitude at most this are dropped.
    pub prune: i16,
    /// Probability of hiding a token's word-identity features during
    /// training, so that context and affix features learn to recognise
    /// names never seen in training.
    pub word_dropout: f32,
    /// Train a linear-chain CRF (log-likelihood, AdaGrad) instead of the
    /// averaged perceptron.
    pub crf: bool,
    /// AdaGrad step size (CRF only).
    pub learning_rate: f32,
    /// L2 penalty applied to the weights a sentence touches (CRF only).
    pub l2: f32,
    /// Train a two-stage model: a first stage with these settings, then
    /// a second stage that also sees document memory (the first stage's
    /// tags of the same stem in neighbouring sentences). The first
    /// stage's tags on the training data come from `folds`-fold
    /// jackknifing, so the second stage learns how far to trust them.
    pub stack: bool,
    /// Jackknife folds for `stack`.
    pub folds: usize,
    /// Sentences on each side seen by the document memory.
    pub mem_window: u32,
    /// Perceptron runs averaged into one model (weight bagging): each run
    /// shuffles and drops words with its own seed, and the final weights
    /// are the mean of the runs' averaged weights, so tagging costs the
    /// same as one model. With more than one run the epoch count is fixed
    /// (no best-dev epoch) and only the last run reports its epochs.
    pub runs: usize,
    /// Print one line per epoch to stderr.
    pub progress: bool,
    /// Provenance text saved in the model.
    pub info: String,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 12,
            hash_bits: 20,
            groups: groups::ALL,
            seed: 42,
            lexicon: Lexicon::default(),
            rules: true,
            prune: 0,
            word_dropout: 0.0,
            crf: false,
            learning_rate: 0.1,
            l2: 1e-4,
            stack: false,
            folds: 5,
            mem_window: crate::model::MEM_WINDOW,
            runs: 1,
            progress: false,
            info: String::new(),
        }
    }
}

/// What happened in one epoch.
#[derive(Debug, Clone)]
pub struct EpochReport {
    pub epoch: usize,
    /// Training sentences whose prediction was wrong (before the update).
    pub mistakes: usize,
    pub sentences: usize,
    pub seconds: f64,
    pub dev: Option<Report>,
}

impl fmt::Display for EpochReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "epoch {:>2}: {:>5}/{} sentences wrong, {:.1}s",
            self.epoch, self.mistakes, self.sentences, self.seconds
        )?;
        if let Some(d) = &self.dev {
            let m = d.micro();
            write!(
                f,
                ", dev P {:.2} R {:.2} F1 {:.2}",
                100.0 * m.precision(),
                100.0 * m.recall(),
                100.0 * m.f1()
            )?;
        }
        Ok(())
    }
}

pub(crate) struct Precomputed {
    pub(crate) feats: Vec<u32>,
    /// Per token offsets into `feats`; sentence `s` has tokens
    /// `tok_off[s]..tok_off[s+1]`, token `t` features `offs[t]..offs[t+1]`.
    pub(crate) offs: Vec<u32>,
    pub(crate) lexn: Vec<u8>,
    pub(crate) tok_off: Vec<usize>,
}

impl Precomputed {
    /// The features of every training sentence (`mem`: their document
    /// memory, for a second stage). They depend only on the lexicon, not
    /// the weights: extracted once.
    pub(crate) fn extract(
        train: &[Sentence],
        cfg: &TrainConfig,
        bits: u8,
        mem: Option<&[Vec<u32>]>,
    ) -> Precomputed {
        let mut pre = Precomputed {
            feats: Vec::new(),
            offs: Vec::new(),
            lexn: Vec::new(),
            tok_off: vec![0],
        };
        let mut fs = FeatScratch::default();
        let mut words: Vec<&str> = Vec::new();
        for (si, s) in train.iter().enumerate() {
            words.clear();
            words.extend(s.tokens.iter().map(String::as_str));
            match mem {
                Some(m) => fs.mem.clone_from(&m[si]),
                None => fs.mem.clear(),
            }
            fs.extract(&words, &cfg.lexicon, cfg.groups, bits);
            let base = pre.feats.len() as u32;
            for &o in &fs.offs[..fs.offs.len() - 1] {
                pre.offs.push(base + o);
            }
            pre.feats.extend_from_slice(&fs.feats);
            pre.lexn.extend_from_slice(&fs.lexn);
            pre.tok_off.push(pre.offs.len());
        }
        pre.offs.push(pre.feats.len() as u32);
        pre
    }

    /// Emission scores of the `emis.len() / N_TAGS` tokens from `t0`,
    /// leaving out each token's first `skip[i]` features (word dropout).
    pub(crate) fn emissions<E: Copy + std::ops::AddAssign + From<f32>>(
        &self,
        t0: usize,
        skip: &[usize],
        w: &[f32],
        emis: &mut [E],
    ) {
        for (i, e) in emis.chunks_exact_mut(N_TAGS).enumerate() {
            let a = self.offs[t0 + i] as usize + skip[i];
            let b = self.offs[t0 + i + 1] as usize;
            for &r in &self.feats[a..b] {
                let row = &w[r as usize * N_TAGS..(r as usize + 1) * N_TAGS];
                for (x, y) in e.iter_mut().zip(row) {
                    *x += E::from(*y);
                }
            }
        }
    }
}

/// Reports each epoch (with dev scores when there is a dev set) and keeps
/// the model of the best dev epoch, or the last one without a dev set.
#[derive(Default)]
pub(crate) struct EpochKeeper {
    best: Option<(f64, Model)>,
    last: Option<Model>,
}

impl EpochKeeper {
    pub(crate) fn end_epoch(
        &mut self,
        model: Model,
        mut rep: EpochReport,
        dev: Option<&[Sentence]>,
        on_epoch: &mut dyn FnMut(&EpochReport),
    ) {
        rep.dev = dev.map(|d| evaluate(&model, d));
        on_epoch(&rep);
        if let Some(f) = rep.dev.as_ref().map(Report::f1) {
            if self.best.as_ref().is_none_or(|(bf, _)| f > *bf) {
                self.best = Some((f, model.clone()));
            }
        }
        self.last = Some(model);
    }

    pub(crate) fn finish(self) -> Option<Model> {
        self.best.map(|(_, m)| m).or(self.last)
    }
}

/// Quantises float weights to i16 and builds the model.
pub(crate) fn quantise(
    avg: &[f32],
    trans: &Trans,
    bits: u8,
    cfg: &TrainConfig,
    stage1: Option<&Model>,
) -> Model {
    let trans = *trans;
    let maxabs = avg.iter().fold(0f32, |m, v| m.max(v.abs())).max(1e-6);
    let scale = maxabs / 32767.0;
    let weights: Vec<i16> = avg
        .iter()
        .map(|v| {
            let q = (v / scale).round() as i16;
            if q.abs() <= cfg.prune {
                0
            } else {
                q
            }
        })
        .collect();
    let mut m = Model {
        bits,
        groups: cfg.groups,
        weights: crate::weights::Weights::from_dense(&weights),
        scale,
        trans,
        lexicon: cfg.lexicon.clone(),
        rules: cfg.rules,
        o_bias: 0.0,
        info: cfg.info.clone(),
        stage1: stage1.map(|m| Box::new(m.clone())),
        mem_window: if stage1.is_some() { cfg.mem_window } else { 0 },
        shared_lexicon: stage1.is_some_and(|m| m.lexicon == cfg.lexicon),
        pair: None,
        inherits_words: false,
    };
    m.pair = m.fused_pair();
    m
}
