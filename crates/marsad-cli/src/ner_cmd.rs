//! `marsad eval ner` and `marsad tag --conll`: score and inspect the NER
//! model on CoNLL files (`token TAG` per line, blank line between sentences).

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use marsad_ner::{Model, Sentence};

#[derive(Args)]
pub struct EvalNer {
    /// CoNLL files to score on (their scores are pooled).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Model file (default: the shipped model).
    #[arg(long)]
    pub model: Option<PathBuf>,
}

#[derive(Args)]
pub struct Tag {
    /// CoNLL file to tag; writes `token gold predicted` lines.
    #[arg(long, required = true)]
    pub conll: PathBuf,
    /// Model file (default: the shipped model).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Write to FILE instead of stdout.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
}

pub fn load_model(path: &Option<PathBuf>) -> Result<Arc<Model>> {
    match path {
        Some(p) => {
            Ok(Arc::new(Model::load(p).with_context(|| {
                format!("cannot load the model {}", p.display())
            })?))
        }
        None => Model::builtin().context("cannot load the shipped NER model"),
    }
}

pub fn read_all(files: &[PathBuf]) -> Result<Vec<Sentence>> {
    let mut all = Vec::new();
    for f in files {
        let s = marsad_ner::read_conll(f).with_context(|| format!("{}", f.display()))?;
        all.extend(s);
    }
    Ok(all)
}

pub fn eval(a: EvalNer) -> Result<ExitCode> {
    let model = load_model(&a.model)?;
    let sents = read_all(&a.files)?;
    let tokens: usize = sents.iter().map(Sentence::len).sum();
    let t = Instant::now();
    let report = marsad_ner::evaluate(&model, &sents);
    let secs = t.elapsed().as_secs_f64();
    println!("{report}");
    println!(
        "{} sentences, {tokens} tokens tagged in {secs:.3} s ({:.0} tokens/s, 1 thread)",
        sents.len(),
        tokens as f64 / secs.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

pub fn tag(a: Tag) -> Result<ExitCode> {
    let model = load_model(&a.model)?;
    let sents =
        marsad_ner::read_conll(&a.conll).with_context(|| format!("{}", a.conll.display()))?;
    let out: Box<dyn Write> = match &a.out {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    marsad_ner::tag_conll(&model, &sents, &mut out).context("cannot write the tagged file")?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
