//! Experiment for issue 3: does a small neural tagger (word embeddings
//! learned from the labelled data only, a character CNN, a BiLSTM) help on
//! the ANERcorp dev split, alone or fed the perceptron's jackknifed tags?
//!
//! Not part of the workspace and never shipped. Same protocol as
//! `crates/marsad-ner/EXPERIMENTS.md`: train on the first 90% of ANERcorp
//! train + AQMAR dev, score on the last 10% (dev). The test split is not read.
//!
//! cargo run --release -- [--data DIR] [--epochs N] [--batch B] [--seed S] [--stack]
//!
//! `--seed` fixes the batch order and word dropout only: candle's CPU
//! random generator cannot be seeded, so weight initialisation and
//! dropout masks differ from run to run.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use candle_core::{DType, Device, IndexOp, Module, Tensor, Var, D};
use candle_nn::{Optimizer, VarBuilder, VarMap};
use marsad_ner::{read_conll, Report, Sentence, Tag, N_TAGS};

const MAX_CHARS: usize = 20;

struct Vocab {
    words: HashMap<String, u32>,
    counts: Vec<u32>,
    chars: HashMap<char, u32>,
}

impl Vocab {
    fn build(sents: &[Sentence]) -> Vocab {
        // 0 = pad, 1 = unknown.
        let mut words = HashMap::new();
        let mut counts = vec![0, 0];
        let mut chars = HashMap::new();
        for s in sents {
            for t in &s.tokens {
                let k = marsad_text::search_key(t);
                let id = *words.entry(k).or_insert_with(|| {
                    counts.push(0);
                    counts.len() as u32 - 1
                });
                counts[id as usize] += 1;
                for c in t.chars() {
                    let n = chars.len() as u32 + 2;
                    chars.entry(c).or_insert(n);
                }
            }
        }
        Vocab {
            words,
            counts,
            chars,
        }
    }
    fn word(&self, t: &str) -> u32 {
        self.words
            .get(&marsad_text::search_key(t))
            .copied()
            .unwrap_or(1)
    }
    fn chars(&self, t: &str) -> [u32; MAX_CHARS] {
        let cs: Vec<u32> = t
            .chars()
            .map(|c| self.chars.get(&c).copied().unwrap_or(1))
            .collect();
        let mut out = [0u32; MAX_CHARS];
        if cs.len() <= MAX_CHARS {
            out[..cs.len()].copy_from_slice(&cs);
        } else {
            // Keep both ends: Arabic affixes carry the signal.
            let h = MAX_CHARS / 2;
            out[..h].copy_from_slice(&cs[..h]);
            out[h..].copy_from_slice(&cs[cs.len() - h..]);
        }
        out
    }
}

struct Net {
    wemb: candle_nn::Embedding,
    cemb: candle_nn::Embedding,
    conv: candle_nn::Conv1d,
    temb: Option<candle_nn::Embedding>,
    fwd: Lstm,
    bwd: Lstm,
    out: candle_nn::Linear,
}

struct Lstm {
    w_ih: candle_nn::Linear,
    w_hh: Tensor,
    hidden: usize,
}

impl Lstm {
    fn new(input: usize, hidden: usize, vb: VarBuilder) -> candle_core::Result<Lstm> {
        let w_ih = candle_nn::linear(input, 4 * hidden, vb.pp("ih"))?;
        let w_hh = vb.get_with_hints(
            (hidden, 4 * hidden),
            "hh",
            candle_nn::Init::Uniform {
                lo: -0.08,
                up: 0.08,
            },
        )?;
        Ok(Lstm { w_ih, w_hh, hidden })
    }
    /// `x`: [B, T, in] -> [B, T, hidden]
    fn run(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        let (b, t, _) = x.dims3()?;
        let proj = self.w_ih.forward(x)?; // [B, T, 4h]
        let mut h = Tensor::zeros((b, self.hidden), DType::F32, x.device())?;
        let mut c = h.clone();
        let mut outs = Vec::with_capacity(t);
        for i in 0..t {
            let g = (proj.i((.., i, ..))? + h.matmul(&self.w_hh)?)?;
            let ch = g.chunk(4, 1)?;
            let ig = candle_nn::ops::sigmoid(&ch[0])?;
            let fg = candle_nn::ops::sigmoid(&(&ch[1] + 1.0)?)?;
            let cg = ch[2].tanh()?;
            let og = candle_nn::ops::sigmoid(&ch[3])?;
            c = ((fg * &c)? + (ig * cg)?)?;
            h = (og * c.tanh()?)?;
            outs.push(h.clone());
        }
        Tensor::stack(&outs, 1)
    }
}

struct Batch {
    words: Tensor, // [B, T] u32
    chars: Tensor, // [B*T, MAX_CHARS] u32
    stack: Tensor, // [B, T] u32 perceptron tags
    rev: Tensor,   // [B*T] u32 index reversing each sentence within its length
    keep: Tensor,  // [N] u32 positions of real tokens in B*T
    gold: Tensor,  // [N] u32
    lens: Vec<usize>,
    t: usize,
}

const WDIM: usize = 100;
const CDIM: usize = 30;
const CFILT: usize = 50;
const TDIM: usize = 16;
const HID: usize = 100;

impl Net {
    fn new(vocab: &Vocab, stack: bool, vb: VarBuilder) -> candle_core::Result<Net> {
        let wemb = candle_nn::Embedding::new(
            vb.get_with_hints(
                (vocab.counts.len(), WDIM),
                "wemb",
                candle_nn::Init::Randn {
                    mean: 0.0,
                    stdev: 0.1,
                },
            )?,
            WDIM,
        );
        let cemb = candle_nn::Embedding::new(
            vb.get_with_hints(
                (vocab.chars.len() + 2, CDIM),
                "cemb",
                candle_nn::Init::Randn {
                    mean: 0.0,
                    stdev: 0.1,
                },
            )?,
            CDIM,
        );
        let conv = candle_nn::conv1d(
            CDIM,
            CFILT,
            3,
            candle_nn::Conv1dConfig {
                padding: 1,
                ..Default::default()
            },
            vb.pp("conv"),
        )?;
        let temb = if stack {
            Some(candle_nn::embedding(N_TAGS, TDIM, vb.pp("temb"))?)
        } else {
            None
        };
        let input = WDIM + CFILT + if stack { TDIM } else { 0 };
        Ok(Net {
            wemb,
            cemb,
            conv,
            temb,
            fwd: Lstm::new(input, HID, vb.pp("fwd"))?,
            bwd: Lstm::new(input, HID, vb.pp("bwd"))?,
            out: candle_nn::linear(2 * HID, N_TAGS, vb.pp("out"))?,
        })
    }

    /// Log-probabilities of the real tokens, [N, N_TAGS].
    fn forward(&self, b: &Batch, train: bool) -> candle_core::Result<Tensor> {
        let drop = |x: Tensor, p: f32| {
            if train {
                candle_nn::ops::dropout(&x, p)
            } else {
                Ok(x)
            }
        };
        let bsz = b.lens.len();
        let w = self.wemb.forward(&b.words)?; // [B, T, WDIM]
        let c = self.cemb.forward(&b.chars)?; // [BT, L, CDIM]
        let c = drop(c, 0.25)?;
        let c = self.conv.forward(&c.transpose(1, 2)?.contiguous()?)?; // [BT, CFILT, L]
        let c = c.tanh()?.max(2)?.reshape((bsz, b.t, CFILT))?;
        let mut parts = vec![w, c];
        if let Some(te) = &self.temb {
            parts.push(te.forward(&b.stack)?);
        }
        let x = drop(Tensor::cat(&parts, 2)?, 0.5)?;
        let hf = self.fwd.run(&x)?;
        let xr = x
            .reshape((bsz * b.t, ()))?
            .index_select(&b.rev, 0)?
            .reshape((bsz, b.t, ()))?;
        let hb = self.bwd.run(&xr)?;
        let hb = hb.reshape((bsz * b.t, ()))?.index_select(&b.rev, 0)?;
        let h = Tensor::cat(&[hf.reshape((bsz * b.t, ()))?, hb], 1)?;
        let h = h.index_select(&b.keep, 0)?;
        let h = drop(h, 0.5)?;
        candle_nn::ops::log_softmax(&self.out.forward(&h)?, D::Minus1)
    }
}

fn make_batch(
    sents: &[&Sentence],
    stack_tags: &[&Vec<Tag>],
    vocab: &Vocab,
    unk_p: f32,
    rng: &mut u64,
    dev: &Device,
) -> candle_core::Result<Batch> {
    let t = sents.iter().map(|s| s.len()).max().unwrap_or(1).max(1);
    let bsz = sents.len();
    let mut words = vec![0u32; bsz * t];
    let mut chars = vec![0u32; bsz * t * MAX_CHARS];
    let mut stack = vec![0u32; bsz * t];
    let mut rev = vec![0u32; bsz * t];
    let mut keep = Vec::new();
    let mut gold = Vec::new();
    for (bi, s) in sents.iter().enumerate() {
        let n = s.len();
        for p in 0..t {
            let at = bi * t + p;
            rev[at] = if p < n {
                (bi * t + n - 1 - p) as u32
            } else {
                at as u32
            };
        }
        for (p, tok) in s.tokens.iter().enumerate() {
            let at = bi * t + p;
            let mut id = vocab.word(tok);
            if unk_p > 0.0 && vocab.counts[id as usize] == 1 && next_f32(rng) < unk_p {
                id = 1;
            }
            words[at] = id;
            chars[at * MAX_CHARS..(at + 1) * MAX_CHARS].copy_from_slice(&vocab.chars(tok));
            stack[at] = stack_tags[bi].get(p).map_or(0, |g| g.0 as u32);
            keep.push(at as u32);
            gold.push(s.tags[p].0 as u32);
        }
    }
    Ok(Batch {
        words: Tensor::from_vec(words, (bsz, t), dev)?,
        chars: Tensor::from_vec(chars, (bsz * t, MAX_CHARS), dev)?,
        stack: Tensor::from_vec(stack, (bsz, t), dev)?,
        rev: Tensor::from_vec(rev, bsz * t, dev)?,
        keep: Tensor::from_vec(keep.clone(), keep.len(), dev)?,
        gold: Tensor::from_vec(gold.clone(), gold.len(), dev)?,
        lens: sents.iter().map(|s| s.len()).collect(),
        t,
    })
}

fn next_f32(s: &mut u64) -> f32 {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    (*s >> 40) as f32 / (1u64 << 24) as f32
}

/// BIO-constrained Viterbi over per-token log-probabilities.
fn viterbi(lp: &[[f32; N_TAGS]]) -> Vec<Tag> {
    let n = lp.len();
    if n == 0 {
        return Vec::new();
    }
    let tags: Vec<Tag> = (0..N_TAGS as u8).map(Tag).collect();
    let mut score = vec![[f32::NEG_INFINITY; N_TAGS]; n];
    let mut back = vec![[0usize; N_TAGS]; n];
    for (j, t) in tags.iter().enumerate() {
        if !t.is_inside() {
            score[0][j] = lp[0][j];
        }
    }
    for i in 1..n {
        for (j, t) in tags.iter().enumerate() {
            for (k, pt) in tags.iter().enumerate() {
                if pt.allows(*t) {
                    let s = score[i - 1][k] + lp[i][j];
                    if s > score[i][j] {
                        score[i][j] = s;
                        back[i][j] = k;
                    }
                }
            }
        }
    }
    let mut best = (0..N_TAGS)
        .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]))
        .unwrap_or(0);
    let mut out = vec![Tag::O; n];
    for i in (0..n).rev() {
        out[i] = tags[best];
        best = back[i][best];
    }
    out
}

fn evaluate(
    net: &Net,
    sents: &[Sentence],
    stack: &[Vec<Tag>],
    vocab: &Vocab,
    dev: &Device,
) -> candle_core::Result<Report> {
    let mut report = Report::default();
    let mut rng = 1u64;
    for (chunk, st) in sents.chunks(32).zip(stack.chunks(32)) {
        let refs: Vec<&Sentence> = chunk.iter().collect();
        let srefs: Vec<&Vec<Tag>> = st.iter().collect();
        let b = make_batch(&refs, &srefs, vocab, 0.0, &mut rng, dev)?;
        let lp: Vec<Vec<f32>> = net.forward(&b, false)?.to_vec2()?;
        let mut at = 0;
        for s in chunk {
            let rows: Vec<[f32; N_TAGS]> = lp[at..at + s.len()]
                .iter()
                .map(|r| {
                    let mut a = [0f32; N_TAGS];
                    a.copy_from_slice(r);
                    a
                })
                .collect();
            at += s.len();
            report.add(&s.tags, &viterbi(&rows));
        }
    }
    Ok(report)
}

/// The shipped perceptron recipe (one run), its tags on `target`.
fn perceptron_tags(
    train_set: &[Sentence],
    target: &[Sentence],
    lexicon: &marsad_ner::Lexicon,
) -> Vec<Vec<Tag>> {
    let cfg = marsad_ner::TrainConfig {
        epochs: 15,
        word_dropout: 0.2,
        stack: true,
        seed: 1,
        lexicon: lexicon.clone(),
        ..Default::default()
    };
    let mut model = marsad_ner::train(train_set, None, &cfg);
    model.o_bias = 8.0;
    marsad_ner::tag_sentences(&model, target)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut data = PathBuf::from("../../../shared/data");
    let mut epochs = 25usize;
    let mut seed = 1u64;
    let mut stack = false;
    let mut batch = 10usize;
    let mut curve = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--data" => data = PathBuf::from(val()?),
            "--epochs" => epochs = val()?.parse()?,
            "--seed" => seed = val()?.parse()?,
            "--stack" => stack = true,
            "--curve" => curve = true,
            "--batch" => batch = val()?.parse()?,
            _ => return Err(format!("unknown argument {a}").into()),
        }
    }
    let ner = data.join("ner");
    let aner = read_conll(ner.join("anercorp/ANERCorp_CamelLab_train.txt"))?;
    let cut = aner.len() - aner.len() / 10;
    let (mut train_set, dev_set) = (aner[..cut].to_vec(), aner[cut..].to_vec());
    let splits = std::fs::read_to_string(ner.join("aqmar/SPLITS.txt"))?;
    if let Some(r) = splits.lines().find_map(|l| l.strip_prefix("dev:")) {
        for name in r.split_whitespace() {
            train_set.extend(read_conll(ner.join(format!("aqmar/{name}.txt")))?);
        }
    }
    let lexicon = || -> Result<marsad_ner::Lexicon, marsad_ner::NerError> {
        let mut lex = marsad_ner::Lexicon::default();
        let g = data.join("gazetteer");
        lex.add_wof(&g.join("wof_mena_gazetteer.tsv"), 100_000)?;
        lex.add_geonames(&g.join("geonames_cities500_arabic.tsv"), 100_000)?;
        lex.add_actor_dict(&data.join("actors/actor_dict_ar_v4.txt"))?;
        Ok(lex)
    };
    if curve {
        // Learning curve of the perceptron: the first 1/8 .. all of the
        // ANERcorp part of the training data (AQMAR dev always in).
        let aqmar = &train_set[cut..];
        for div in [8, 4, 2, 1] {
            let mut part = aner[..cut / div].to_vec();
            part.extend_from_slice(aqmar);
            let mut lex = lexicon()?;
            lex.add_first_names(&part, 2);
            let t0 = Instant::now();
            let tags = perceptron_tags(&part, &dev_set, &lex);
            let mut r = Report::default();
            for (s, p) in dev_set.iter().zip(&tags) {
                r.add(&s.tags, p);
            }
            let ntok: usize = part.iter().map(Sentence::len).sum();
            println!(
                "ANERcorp train 1/{div}: {ntok} training tokens, dev F1 {:.2} ({:.0}s)",
                r.f1(),
                t0.elapsed().as_secs_f64()
            );
        }
        return Ok(());
    }
    let vocab = Vocab::build(&train_set);
    eprintln!(
        "train {} sentences, dev {}, {} words, {} chars",
        train_set.len(),
        dev_set.len(),
        vocab.counts.len(),
        vocab.chars.len()
    );

    // Perceptron tags as an input: jackknifed on train (5 folds), the
    // model trained on all of train for dev.
    let (train_stack, dev_stack) = if stack {
        let t0 = Instant::now();
        let mut lex = lexicon()?;
        lex.add_first_names(&train_set, 2);
        let folds = 5;
        let mut ts = vec![Vec::new(); train_set.len()];
        for f in 0..folds {
            let (lo, hi) = (
                f * train_set.len() / folds,
                (f + 1) * train_set.len() / folds,
            );
            let rest: Vec<Sentence> = train_set[..lo]
                .iter()
                .chain(&train_set[hi..])
                .cloned()
                .collect();
            for (i, t) in perceptron_tags(&rest, &train_set[lo..hi], &lex)
                .into_iter()
                .enumerate()
            {
                ts[lo + i] = t;
            }
        }
        let ds = perceptron_tags(&train_set, &dev_set, &lex);
        let mut r = Report::default();
        for (s, p) in dev_set.iter().zip(&ds) {
            r.add(&s.tags, p);
        }
        eprintln!(
            "perceptron tags in {:.0}s; perceptron alone on dev: {:.2}",
            t0.elapsed().as_secs_f64(),
            r.f1()
        );
        (ts, ds)
    } else {
        (
            vec![Vec::new(); train_set.len()],
            vec![Vec::new(); dev_set.len()],
        )
    };

    let dev = Device::Cpu;
    let _ = dev.set_seed(seed);
    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &dev);
    let net = Net::new(&vocab, stack, vb)?;
    let vars: Vec<Var> = varmap.all_vars();
    let mut opt = candle_nn::AdamW::new(
        vars,
        candle_nn::ParamsAdamW {
            lr: 2e-3,
            weight_decay: 0.0,
            ..Default::default()
        },
    )?;
    let mut order: Vec<usize> = (0..train_set.len()).collect();
    let mut rng = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut best = (0.0, 0);
    for epoch in 1..=epochs {
        let t0 = Instant::now();
        // Shuffle, then batch neighbours of similar length.
        for i in (1..order.len()).rev() {
            let j = (next_f32(&mut rng) * (i + 1) as f32) as usize % (i + 1);
            order.swap(i, j);
        }
        let mut batches: Vec<Vec<usize>> = order.chunks(320).map(<[usize]>::to_vec).collect();
        let mut all = Vec::new();
        for big in &mut batches {
            big.sort_by_key(|&i| train_set[i].len());
            all.extend(big.chunks(batch).map(<[usize]>::to_vec));
        }
        let mut total = 0.0;
        for idx in &all {
            let refs: Vec<&Sentence> = idx.iter().map(|&i| &train_set[i]).collect();
            let srefs: Vec<&Vec<Tag>> = idx.iter().map(|&i| &train_stack[i]).collect();
            let b = make_batch(&refs, &srefs, &vocab, 0.3, &mut rng, &dev)?;
            let lp = net.forward(&b, true)?;
            let loss = candle_nn::loss::nll(&lp, &b.gold)?;
            total += loss.to_scalar::<f32>()?;
            opt.backward_step(&loss)?;
        }
        let r = evaluate(&net, &dev_set, &dev_stack, &vocab, &dev)?;
        let f = r.f1();
        if f > best.0 {
            best = (f, epoch);
        }
        eprintln!(
            "epoch {epoch}: loss {:.4} dev F1 {f:.2} ({:.0}s)",
            total / all.len() as f32,
            t0.elapsed().as_secs_f64()
        );
    }
    println!(
        "best dev F1 {:.2} at epoch {} (stack {stack}, seed {seed})",
        best.0, best.1
    );
    Ok(())
}
