//! Rebuilds the shipped model from `../shared/data` (see README.md).
//!
//! cargo run --release -p marsad-ner --example train -- [--data DIR]
//!     [--out FILE] [--final] [--epochs N] [--bits B] [--no-newsfane]
//!     [--no-aqmar] [--no-gaz] [--groups MASK] [--no-rules]

use std::path::PathBuf;
use std::time::Instant;

use marsad_ner::{
    evaluate, read_conll, read_conll_with, remove_overlapping, train, Lexicon, Sentence,
    TagFolding, TrainConfig,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut data = PathBuf::from("../shared/data");
    let mut out: Option<PathBuf> = None;
    let mut cfg = TrainConfig {
        progress: true,
        ..TrainConfig::default()
    };
    let (mut final_model, mut newsfane, mut aqmar, mut gaz) = (false, true, true, true);
    let mut artifacts = true;
    let mut report_test = false;
    // Train exactly `--epochs` epochs even with a dev set (as `--final` does).
    let mut fixed = false;
    let mut ccfg = marsad_ner::clusters::ClusterConfig::default();
    let mut o_bias: Option<f32> = None;
    let mut bcfg = marsad_ner::brown::BrownConfig::default();
    let mut dump: Option<PathBuf> = None;
    let mut first_min = 2usize;
    let mut min_pop = 20_000u64;
    // NewsFANE: fold its classes the ANERcorp way; drop its sentences
    // that re-annotate ANERcorp train text.
    let (mut nf_aner_map, mut nf_drop_aner) = (false, false);
    // Actor dictionary: drop one-word entries that are ordinary words in
    // the training data (seen >= N times, O >= 80%); first names from it.
    let mut actor_clean: Option<usize> = None;
    let mut actor_first = false;
    let mut names: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--data" => data = PathBuf::from(val()?),
            "--out" => out = Some(PathBuf::from(val()?)),
            "--final" => final_model = true,
            "--epochs" => cfg.epochs = val()?.parse()?,
            "--bits" => cfg.hash_bits = val()?.parse()?,
            "--dropout" => cfg.word_dropout = val()?.parse()?,
            "--brown-clusters" => bcfg.clusters = val()?.parse()?,
            "--brown-min-count" => bcfg.min_count = val()?.parse()?,
            "--fixed" => fixed = true,
            "--stack" => cfg.stack = true,
            "--folds" => cfg.folds = val()?.parse()?,
            "--runs" => cfg.runs = val()?.parse()?,
            "--mem-window" => cfg.mem_window = val()?.parse()?,
            "--crf" => cfg.crf = true,
            "--lr" => cfg.learning_rate = val()?.parse()?,
            "--l2" => cfg.l2 = val()?.parse()?,
            "--prune" => cfg.prune = val()?.parse()?,
            "--groups" => cfg.groups = u32::from_str_radix(val()?.trim_start_matches("0x"), 16)?,
            "--first-min" => first_min = val()?.parse()?,
            "--min-pop" => min_pop = val()?.parse()?,
            "--no-newsfane" => newsfane = false,
            "--nf-aner-map" => nf_aner_map = true,
            "--nf-drop-aner" => nf_drop_aner = true,
            "--actor-clean" => actor_clean = Some(val()?.parse()?),
            "--actor-first" => actor_first = true,
            "--names" => names = Some(PathBuf::from(val()?)),
            "--no-aqmar" => aqmar = false,
            "--no-gaz" => gaz = false,
            "--no-rules" => cfg.rules = false,
            "--artifacts-o" => artifacts = false,
            "--report-test" => report_test = true,
            "--seed" => cfg.seed = val()?.parse()?,
            "--coarse" => ccfg.coarse = val()?.parse()?,
            "--fine" => ccfg.fine = val()?.parse()?,
            "--contexts" => ccfg.contexts = val()?.parse()?,
            "--min-count" => ccfg.min_count = val()?.parse()?,
            "--o-bias" => o_bias = Some(val()?.parse()?),
            "--dump-dev" => dump = Some(PathBuf::from(val()?)),
            _ => return Err(format!("unknown argument {a}").into()),
        }
    }
    let ner = data.join("ner");
    let aner = read_conll(ner.join("anercorp/ANERCorp_CamelLab_train.txt"))?;
    let test = read_conll(ner.join("anercorp/ANERCorp_CamelLab_test.txt"))?;
    let cut = aner.len() - aner.len() / 10;
    let (aner_train, dev) = (aner[..cut].to_vec(), aner[cut..].to_vec());
    let mut train_set: Vec<Sentence> = if final_model {
        aner.clone()
    } else {
        aner_train
    };

    // AQMAR: dev articles train, test articles are a cross-domain test.
    let splits = std::fs::read_to_string(ner.join("aqmar/SPLITS.txt"))?;
    let list = |key: &str| -> Vec<String> {
        splits
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|r| r.split_whitespace().map(String::from).collect())
            .unwrap_or_default()
    };
    let mut aqmar_test = Vec::new();
    for name in list("test:") {
        aqmar_test.extend(read_conll(ner.join(format!("aqmar/{name}.txt")))?);
    }
    if aqmar {
        for name in list("dev:") {
            train_set.extend(read_conll(ner.join(format!("aqmar/{name}.txt")))?);
        }
    }
    if newsfane {
        let folding = TagFolding {
            artifacts_as_misc: artifacts,
            anercorp_conventions: nf_aner_map,
        };
        let nf = read_conll_with(ner.join("newsfane/NewsFANE_Gold.conll"), folding)?;
        let before = nf.len();
        let nf = remove_overlapping(nf, &test, 6);
        let nf = if final_model {
            nf
        } else {
            remove_overlapping(nf, &dev, 6)
        };
        let nf = if nf_drop_aner {
            remove_overlapping(nf, &aner, 6)
        } else {
            nf
        };
        eprintln!("newsfane: {} of {before} sentences kept", nf.len());
        train_set.extend(nf);
    }

    let mut lex = Lexicon::default();
    if gaz {
        let g = data.join("gazetteer");
        let a = lex.add_wof(&g.join("wof_mena_gazetteer.tsv"), min_pop)?;
        let b = lex.add_geonames(&g.join("geonames_cities500_arabic.tsv"), min_pop)?;
        let actors = data.join("actors/actor_dict_ar_v4.txt");
        let c = match actor_clean {
            Some(min) => lex.add_actor_dict_filtered(&actors, &train_set, min, 0.8)?,
            None => lex.add_actor_dict(&actors)?,
        };
        eprintln!("gazetteer: {a} WOF names, {b} GeoNames names, {c} actors");
    }
    if cfg.groups & (marsad_ner::groups::CLUSTER | marsad_ner::groups::BROWN) != 0 {
        // Unlabelled text of the training corpora only: ANERcorp train
        // (minus dev while tuning), NewsFANE (minus test/dev overlaps),
        // AQMAR dev articles.
        let mut text: Vec<Vec<String>> = Vec::new();
        let aner_text = if final_model { &aner[..] } else { &aner[..cut] };
        text.extend(aner_text.iter().map(|s| s.tokens.clone()));
        let nf = read_conll(ner.join("newsfane/NewsFANE_Gold.conll"))?;
        let nf = remove_overlapping(nf, &test, 6);
        let nf = if final_model {
            nf
        } else {
            remove_overlapping(nf, &dev, 6)
        };
        text.extend(nf.iter().map(|s| s.tokens.clone()));
        for name in list("dev:") {
            let a = read_conll(ner.join(format!("aqmar/{name}.txt")))?;
            text.extend(a.into_iter().map(|s| s.tokens));
        }
        let t = Instant::now();
        lex.clusters = marsad_ner::clusters::build_clusters(&text, ccfg);
        eprintln!(
            "clusters: {} words in {:.1}s",
            lex.clusters.len(),
            t.elapsed().as_secs_f64()
        );
        if cfg.groups & marsad_ner::groups::BROWN != 0 {
            let t = Instant::now();
            lex.brown = marsad_ner::brown::brown_clusters(&text, bcfg);
            eprintln!(
                "brown clusters: {} words in {:.1}s",
                lex.brown.len(),
                t.elapsed().as_secs_f64()
            );
        }
    }
    if cfg.groups & marsad_ner::groups::FIRST_NAME != 0 {
        let n = lex.add_first_names(&train_set, first_min);
        eprintln!("first names: {n}");
        if actor_first && gaz {
            let a =
                lex.add_actor_first_names(&data.join("actors/actor_dict_ar_v4.txt"), &train_set)?;
            eprintln!("first names from the actor dictionary: {a}");
        }
    }
    if let Some(p) = &names {
        let n = lex.add_name_table_file(p)?;
        cfg.groups |= marsad_ner::groups::NAMES;
        eprintln!("name table: {n} stems");
    }
    cfg.lexicon = lex;
    cfg.info = format!(
        "marsad-ner; {}{} trained on ANERcorp train{}{}{}; epochs {} bits {} groups {:x}",
        if cfg.stack {
            format!(
                "two-stage (document memory, window {}, {} folds)",
                cfg.mem_window, cfg.folds
            )
        } else {
            String::new()
        },
        if cfg.crf {
            format!("CRF (AdaGrad lr {} l2 {})", cfg.learning_rate, cfg.l2)
        } else {
            "averaged perceptron".to_string()
        },
        if final_model {
            " (incl. dev)"
        } else {
            " minus dev"
        },
        if aqmar { " + AQMAR dev" } else { "" },
        if newsfane { " + NewsFANE" } else { "" },
        cfg.epochs,
        cfg.hash_bits,
        cfg.groups
    );
    let ntok: usize = train_set.iter().map(Sentence::len).sum();
    eprintln!("training on {} sentences, {ntok} tokens", train_set.len());
    let t0 = Instant::now();
    let mut model = train(
        &train_set,
        (!final_model && !fixed).then_some(dev.as_slice()),
        &cfg,
    );
    if let Some(b) = o_bias {
        model.o_bias = b;
    } else if !final_model {
        for (b, f) in marsad_ner::tune_o_bias(&mut model, &dev) {
            eprintln!("o-bias {b}: dev F1 {f:.2}");
        }
        eprintln!("chosen o-bias {}", model.o_bias);
    }
    eprintln!("trained in {:.1}s", t0.elapsed().as_secs_f64());
    if !final_model {
        println!(
            "== dev (last 10% of ANERcorp train)\n{}",
            evaluate(&model, &dev)
        );
    }
    // The test sets are only reported on request, never used to choose settings.
    if report_test {
        println!("== ANERcorp test\n{}", evaluate(&model, &test));
        println!("== AQMAR test\n{}", evaluate(&model, &aqmar_test));
    }
    if let Some(p) = &dump {
        marsad_ner::tag_conll(&model, &dev, std::fs::File::create(p)?)?;
    }
    let mut no_rules = model.clone();
    no_rules.rules = false;
    if !final_model {
        println!(
            "dev F1 without rules: {:.2}",
            evaluate(&no_rules, &dev).f1()
        );
    }
    if let Some(out) = out {
        model.save(&out)?;
        eprintln!(
            "saved {} ({} bytes)",
            out.display(),
            std::fs::metadata(&out)?.len()
        );
    }
    Ok(())
}
