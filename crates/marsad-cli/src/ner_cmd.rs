//! `marsad eval ner` and `marsad tag --conll`: score and inspect the NER
//! model on CoNLL files (`token TAG` per line, blank line between sentences).

use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use marsad_ner::{Model, Sentence};
use marsad_pipeline::runner::eprint_quietly;

#[derive(Args)]
pub struct EvalNer {
    /// CoNLL files to score on (their scores are pooled).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Model file (default: the shipped model).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Score with this O bias instead of the model's (to compare biases on a dev set).
    #[arg(long)]
    pub o_bias: Option<f32>,
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
        let s = marsad_ner::read_conll(f)?;
        all.extend(s);
    }
    Ok(all)
}

pub fn eval(a: EvalNer) -> Result<ExitCode> {
    let mut model = load_model(&a.model)?;
    if let Some(b) = a.o_bias {
        Arc::make_mut(&mut model).o_bias = b;
    }
    let sents = read_all(&a.files)?;
    let tokens: usize = sents.iter().map(Sentence::len).sum();
    let t = Instant::now();
    let report = marsad_ner::evaluate(&model, &sents);
    let secs = t.elapsed().as_secs_f64();
    crate::out(format_args!(
        "{report}\n{} sentences, {tokens} tokens tagged in {secs:.3} s ({:.0} tokens/s, 1 thread)\n",
        sents.len(),
        tokens as f64 / secs.max(1e-9)
    ))?;
    Ok(ExitCode::SUCCESS)
}

pub fn tag(a: Tag) -> Result<ExitCode> {
    let model = load_model(&a.model)?;
    let sents = marsad_ner::read_conll(&a.conll)?;
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

#[derive(Args)]
pub struct TrainNer {
    /// Labelled CoNLL files to train on (ANERcorp, AQMAR, NewsFANE tags are folded
    /// to PER/ORG/LOC/MISC), in order.
    #[arg(long, num_args = 1.., required = true)]
    pub train: Vec<PathBuf>,
    /// Dev file: picks the best epoch and, unless --o-bias is given, the O bias.
    #[arg(long, conflicts_with = "dev_from_train")]
    pub dev: Option<PathBuf>,
    /// Carve the dev set out of the end of the first --train file (a fraction, e.g. 0.1).
    #[arg(long)]
    pub dev_from_train: Option<f64>,
    /// Where to write the model.
    #[arg(long, required = true)]
    pub out: PathBuf,
    /// Data folder with gazetteer/ and actors/ (as ../shared/data); their place and
    /// actor names become features compiled into the model.
    #[arg(long)]
    pub gazetteers: Option<PathBuf>,
    /// Extra CoNLL files whose text (not tags) feeds the word clusters.
    #[arg(long, num_args = 1..)]
    pub unlabelled: Vec<PathBuf>,
    /// Drop unlabelled sentences sharing a 6-token run or a 25-letter run with these files (a test set).
    #[arg(long, num_args = 1..)]
    pub exclude_overlap: Vec<PathBuf>,
    #[arg(long, default_value_t = 15)]
    pub epochs: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Probability of hiding a token's word features during training.
    #[arg(long, default_value_t = 0.2)]
    pub dropout: f32,
    /// Fixed O bias (otherwise tuned on the dev set, or 0 without one).
    #[arg(long)]
    pub o_bias: Option<f32>,
    /// Two-stage model with document memory (what the shipped model uses).
    #[arg(long)]
    pub stack: bool,
    /// Linear-chain CRF instead of the averaged perceptron.
    #[arg(long)]
    pub crf: bool,
    /// Smallest population for gazetteer localities to become features.
    #[arg(long, default_value_t = 20_000)]
    pub min_population: u64,
    /// Train this many times (each run its own seed, derived from --seed) and average the
    /// weights into one model: steadier, same tagging cost.
    #[arg(long, default_value_t = 1)]
    pub runs: usize,
    /// Name table (`marsad train ner-names`, e.g. data/ner/names-ar.tsv): name-list and
    /// word-frequency features compiled into the model.
    #[arg(long)]
    pub names: Option<PathBuf>,
}

#[derive(Args)]
pub struct TrainNerNames {
    /// Data folder with names/ and lexicon/ (as ../shared/data).
    #[arg(long, required = true)]
    pub data: PathBuf,
    /// Where to write the table (data/ner/names-ar.tsv).
    #[arg(long, required = true)]
    pub out: PathBuf,
    /// Smallest count for a Wikidata person-name token.
    #[arg(long, default_value_t = 2)]
    pub min_count: u64,
    /// Stems rarer than this Zipf value get frequency bin 0 (not listed unless a name).
    #[arg(long, default_value_t = 3.0)]
    pub min_zipf: f64,
}

/// Builds the name table of `marsad train ner --names` from the name lists
/// and word frequencies under `--data` (see ../shared/data/README.md).
pub fn train_names(a: TrainNerNames) -> Result<ExitCode> {
    use marsad_ner::lexicon::*;
    let read = |rel: &str| -> Result<String> {
        let p = a.data.join(rel);
        std::fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))
    };
    let json = |rel: &str| -> Result<serde_json::Value> {
        serde_json::from_str(&read(rel)?).with_context(|| format!("{rel}: bad JSON"))
    };
    let mut t = NameTable::default();
    let mut wikidata = 0;
    for line in read("names/wikidata/person_name_tokens_ar.tsv")?
        .lines()
        .skip(1)
    {
        let f: Vec<&str> = line.split('\t').collect();
        let count: u64 = f.get(2).and_then(|c| c.parse().ok()).unwrap_or(0);
        if count >= a.min_count {
            let flag = if count >= 10 {
                NAME_WIKIDATA | NAME_WIKIDATA_STRONG
            } else {
                NAME_WIKIDATA
            };
            t.add_name(f[0], flag);
            wikidata += 1;
        }
    }
    for (file, flag) in [
        ("male-first--names-in-arabic.txt", NAME_GIVEN),
        ("female-first-names-in-arabic.txt", NAME_GIVEN),
        ("last-names-in-arabic.txt", NAME_FAMILY),
    ] {
        for line in read(&format!("names/arabic-names/{file}"))?.lines() {
            t.add_name(line.trim(), flag);
        }
    }
    // Columns: male, female, last name (then full-name examples).
    for line in read("names/arabic-names/200-Arabic-Names-UTF8.csv")?
        .lines()
        .skip(1)
    {
        for (f, flag) in line.split(',').zip([NAME_GIVEN, NAME_GIVEN, NAME_FAMILY]) {
            t.add_name(f.trim(), flag);
        }
    }
    if let Some(m) = json("names/arwikicats/nationalities_data.json")?.as_object() {
        for forms in m.values().filter_map(|v| v.as_object()) {
            for (k, v) in forms {
                if let (false, Some(v)) = (matches!(k.as_str(), "en" | "ar"), v.as_str()) {
                    t.add_name(v, NAME_NATIONALITY);
                }
            }
            if let Some(country) = forms.get("ar").and_then(|v| v.as_str()) {
                t.add_name(country, NAME_CITY);
            }
        }
    }
    if let Some(m) = json("names/arwikicats/cities_full.json")?.as_object() {
        for v in m.values().filter_map(|v| v.as_str()) {
            // One-word names only: the words of a longer one are often common.
            if !v.contains(' ') {
                t.add_name(v, NAME_CITY);
            }
        }
    }
    if let Some(m) = json("names/arwikicats/peoples.json")?.as_object() {
        for v in m.values().filter_map(|v| v.as_str()) {
            t.add_name(v, NAME_PEOPLE_FIRST);
            t.add_name(v, NAME_PEOPLE_LAST);
        }
    }
    let wf = a.data.join("lexicon/wordfreq_ar.tsv.zst");
    let file = std::fs::File::open(&wf).with_context(|| format!("cannot open {}", wf.display()))?;
    let mut text = String::new();
    ruzstd::decoding::StreamingDecoder::new(std::io::BufReader::new(file))
        .map_err(|e| anyhow::anyhow!("{}: {e}", wf.display()))?
        .read_to_string(&mut text)
        .with_context(|| format!("cannot decompress {}", wf.display()))?;
    let mut forms = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        if let Some((w, z)) = line.split_once('\t') {
            if let Ok(z) = z.parse::<f64>() {
                t.add_frequency(w, z);
                forms += 1;
            }
        }
    }
    let header = format!(
        "marsad NER name table, built by `marsad train ner-names` (scripts/rebuild-data.sh ner).\n\
         stem<TAB>flags<TAB>bin: stem = folded word, article clitics stripped; flags (marsad_ner::lexicon::NAME_*):\n\
         1 Wikidata person-name token (count >= {}), 2 count >= 10, 4 given name, 8 family name,\n\
         16 nationality form, 32 city or country name, 64/128 first/last word of a notable person's name;\n\
         bin: Zipf frequency of all forms of the stem, 0 below {}, then half steps from 2 (9: 6 and above).\n\
         Sources: Wikidata person-name tokens (CC0), arabic-names (MIT), arwikicats (MIT),\n\
         wordfreq 3.1.1 large_ar (CC BY-SA 4.0). This table is under CC BY-SA 4.0: see models/ner/NOTICE.",
        a.min_count,
        a.min_zipf
    );
    let out = t.to_tsv(&header, a.min_zipf);
    std::fs::write(&a.out, &out).with_context(|| format!("cannot write {}", a.out.display()))?;
    eprint_quietly(&format_args!(
        "{wikidata} Wikidata tokens, {forms} word forms: {} stems, {} bytes",
        out.lines().filter(|l| !l.starts_with('#')).count(),
        out.len()
    ));
    Ok(ExitCode::SUCCESS)
}

pub fn train(a: TrainNer) -> Result<ExitCode> {
    use marsad_ner::{groups, Lexicon, TrainConfig};
    let t_all = Instant::now();
    let mut train_set = Vec::new();
    let mut dev: Option<Vec<Sentence>> = None;
    for (i, f) in a.train.iter().enumerate() {
        let mut s = marsad_ner::read_conll(f)?;
        if i == 0 {
            if let Some(frac) = a.dev_from_train {
                if !(0.0..1.0).contains(&frac) {
                    anyhow::bail!("--dev-from-train must be in [0, 1), got {frac}");
                }
                let cut = s.len() - (s.len() as f64 * frac) as usize;
                dev = Some(s.split_off(cut));
            }
        }
        train_set.extend(s);
    }
    if let Some(d) = &a.dev {
        dev = Some(marsad_ner::read_conll(d)?);
    }
    let exclude = read_all(&a.exclude_overlap)?;

    let mut lex = Lexicon::default();
    if let Some(data) = &a.gazetteers {
        let g = data.join("gazetteer");
        let w = lex.add_wof(&g.join("wof_mena_gazetteer.tsv"), a.min_population)?;
        let n = lex.add_geonames(&g.join("geonames_cities500_arabic.tsv"), a.min_population)?;
        let c = lex.add_actor_dict(&data.join("actors/actor_dict_ar_v4.txt"))?;
        eprint_quietly(&format_args!(
            "gazetteers: {w} WOF names, {n} GeoNames names, {c} actor names"
        ));
    }
    // Word clusters from unlabelled text: the training files' text plus
    // --unlabelled, never the dev or excluded (test) sentences.
    let mut text: Vec<Vec<String>> = train_set.iter().map(|s| s.tokens.clone()).collect();
    for f in &a.unlabelled {
        let mut s = marsad_ner::read_conll(f)?;
        s = marsad_ner::remove_overlapping(s, &exclude, 6);
        if let Some(d) = &dev {
            s = marsad_ner::remove_overlapping(s, d, 6);
        }
        text.extend(s.into_iter().map(|s| s.tokens));
    }
    let mut cfg = TrainConfig {
        epochs: a.epochs,
        seed: a.seed,
        word_dropout: a.dropout,
        stack: a.stack,
        crf: a.crf,
        runs: a.runs.max(1),
        progress: true,
        ..TrainConfig::default()
    };
    if cfg.groups & groups::CLUSTER != 0 {
        lex.clusters = marsad_ner::clusters::build_clusters(&text, Default::default());
        eprint_quietly(&format_args!("clusters: {} words", lex.clusters.len()));
    }
    if cfg.groups & groups::FIRST_NAME != 0 {
        let n = lex.add_first_names(&train_set, 2);
        eprint_quietly(&format_args!("first names: {n}"));
    }
    if let Some(p) = &a.names {
        let n = lex.add_name_table_file(p)?;
        cfg.groups |= groups::NAMES;
        eprint_quietly(&format_args!("name table: {n} stems"));
    }
    cfg.lexicon = lex;
    cfg.info = format!(
        "marsad-ner; {}{}; trained by `marsad train ner` on {}; epochs {}; runs {}; min population {}{}",
        if a.stack { "two-stage " } else { "" },
        if a.crf { "CRF" } else { "averaged perceptron" },
        a.train
            .iter()
            .filter_map(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(", "),
        a.epochs,
        cfg.runs,
        a.min_population,
        if a.names.is_some() { "; name table" } else { "" }
    );
    let ntok: usize = train_set.iter().map(Sentence::len).sum();
    eprint_quietly(&format_args!(
        "training on {} sentences, {ntok} tokens",
        train_set.len()
    ));
    let t = Instant::now();
    let mut model = marsad_ner::train(&train_set, dev.as_deref(), &cfg);
    match (a.o_bias, &dev) {
        (Some(b), _) => model.o_bias = b,
        (None, Some(d)) => {
            let tried = marsad_ner::tune_o_bias(&mut model, d);
            let grid: Vec<String> = tried.iter().map(|(b, f)| format!("{b}:{f:.2}")).collect();
            eprint_quietly(&format_args!(
                "O bias tuned on dev: {} (bias:F1 {})",
                model.o_bias,
                grid.join(" ")
            ));
        }
        (None, None) => {}
    }
    eprint_quietly(&format_args!(
        "trained in {:.1} s",
        t.elapsed().as_secs_f64()
    ));
    if let Some(d) = &dev {
        crate::out(format_args!(
            "== dev\n{}\n",
            marsad_ner::evaluate(&model, d)
        ))?;
    }
    model
        .save(&a.out)
        .with_context(|| format!("cannot write {}", a.out.display()))?;
    eprint_quietly(&format_args!(
        "wrote {} ({} bytes) in {:.1} s",
        a.out.display(),
        std::fs::metadata(&a.out).map(|m| m.len()).unwrap_or(0),
        t_all.elapsed().as_secs_f64()
    ));
    Ok(ExitCode::SUCCESS)
}
