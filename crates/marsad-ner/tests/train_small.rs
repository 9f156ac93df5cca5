//! Tests on a tiny corpus written for these tests; no external data.

use std::sync::Arc;

use marsad_core::{Document, EntityLabel, Meta, Source, Stage, Token};
use marsad_ner::{
    evaluate, parse_conll, tag_conll, train, Model, NerStage, TagFolding, TrainConfig,
};

const CORPUS: &str = "\
زار B-PER
سليم I-PER
الخوري I-PER
مدينة O
طرابلس B-LOC
أمس O

أعلنت O
شركة B-ORG
النخيل I-ORG
للطيران I-ORG
عن O
رحلات O
إلى O
عمان B-LOC

قال O
الوزير O
سليم B-PER
الخوري I-PER
إن O
مهرجان B-MISC
الربيع I-MISC
يبدأ O
غدا O

وصلت O
بعثة O
شركة B-ORG
النخيل I-ORG
للطيران I-ORG
إلى O
طرابلس B-LOC

التقى O
سليم B-PER
الخوري I-PER
وفدا O
من O
عمان B-LOC
";

fn corpus() -> Vec<marsad_ner::Sentence> {
    parse_conll(CORPUS.as_bytes(), TagFolding::default()).unwrap()
}

fn small_model() -> Model {
    let cfg = TrainConfig {
        epochs: 8,
        hash_bits: 14,
        ..TrainConfig::default()
    };
    train(&corpus(), None, &cfg)
}

#[test]
fn learns_its_training_data() {
    let m = small_model();
    let r = evaluate(&m, &corpus());
    assert!((r.f1() - 100.0).abs() < 1e-9, "{r}");
}

#[test]
fn saved_model_loads_and_tags_identically() {
    let m = small_model();
    let dir = std::env::temp_dir().join(format!("marsad-ner-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("m.bin");
    m.save(&path).unwrap();
    let back = Model::load(&path).unwrap();
    assert_eq!(back, m);
    let mut a = Vec::new();
    let mut b = Vec::new();
    tag_conll(&m, &corpus(), &mut a).unwrap();
    tag_conll(&back, &corpus(), &mut b).unwrap();
    assert_eq!(a, b);
    std::fs::remove_dir_all(&dir).ok();
    assert!(Model::from_bytes(b"MNERjunk").is_err());
    assert!(Model::from_bytes(&m.to_bytes()[..100]).is_err());
}

/// Builds a document with whitespace tokens, as the text stage would.
fn document(text: &str) -> Document {
    let mut d = Document::new(text.to_string(), Source::default(), Meta::default());
    let mut cp = 0;
    let mut tokens = Vec::new();
    for (b, w) in text.split(' ').scan(0usize, |pos, w| {
        let b = *pos;
        *pos += w.len() + 1;
        Some((b, w))
    }) {
        let n = w.chars().count();
        tokens.push(Token {
            start: cp,
            end: cp + n,
            bytes: (b, b + w.len()),
            ..Token::default()
        });
        cp += n + 1;
    }
    d.tokens = tokens;
    d
}

#[test]
fn stage_fills_entities_with_exact_spans() {
    let stage = NerStage::new(Arc::new(small_model()));
    assert_eq!(stage.spec().name, "ner");
    let mut d = document("التقى سليم الخوري وفدا من عمان");
    let mut scratch = stage.scratch();
    stage.annotate(&mut d, &mut scratch).unwrap();
    let got: Vec<(String, EntityLabel)> = d
        .entities
        .iter()
        .map(|e| (e.text.clone(), e.label))
        .collect();
    assert_eq!(
        got,
        vec![
            ("سليم الخوري".to_string(), EntityLabel::PER),
            ("عمان".to_string(), EntityLabel::LOC)
        ]
    );
    for (i, e) in d.entities.iter().enumerate() {
        assert_eq!(d.slice(e.start, e.end), Some(e.text.as_str()));
        assert_eq!(e.id.to_string(), format!("e{i}"));
    }
    // Scratch is reused across documents and threads share the model.
    let mut d2 = document("أعلنت شركة النخيل للطيران عن رحلات");
    stage.annotate(&mut d2, &mut scratch).unwrap();
    assert_eq!(d2.entities.len(), 1);
    assert_eq!(d2.entities[0].label, EntityLabel::ORG);
    let s2 = stage.clone();
    std::thread::spawn(move || {
        let mut d = document("زار سليم الخوري طرابلس");
        s2.annotate(&mut d, &mut s2.scratch()).unwrap();
        assert_eq!(d.entities.len(), 2);
    })
    .join()
    .unwrap();
}

/// The shipped model on sentences written for this test.
#[test]
fn builtin_model_tags_news() {
    let m = Model::builtin().expect("shipped model loads");
    let words = [
        "وصل",
        "الرئيس",
        "الفرنسي",
        "إلى",
        "القاهرة",
        "صباح",
        "اليوم",
    ];
    let spans = m.entities(&words);
    assert!(
        spans
            .iter()
            .any(|s| s.label == EntityLabel::LOC && words[s.start] == "القاهرة"),
        "{spans:?}"
    );
    let words = [
        "أدانت",
        "وزارة",
        "الخارجية",
        "السعودية",
        "الهجوم",
        "على",
        "مدينة",
        "حلب",
    ];
    let spans = m.entities(&words);
    assert!(
        spans
            .iter()
            .any(|s| s.label == EntityLabel::LOC && words[s.start] == "حلب"),
        "{spans:?}"
    );
}

/// The shipped model with its rules on news patterns the corpora
/// under-represent: a quoted name after a head word, acronyms, a kunya.
#[test]
fn builtin_model_on_quoted_names_acronyms_and_kunyas() {
    let m = Model::builtin().expect("shipped model loads");
    let has = |sentence: &str, label: EntityLabel, first: &str, last: &str| {
        let words: Vec<&str> = sentence.split(' ').collect();
        let spans = m.entities(&words);
        assert!(
            spans
                .iter()
                .any(|s| s.label == label && words[s.start] == first && words[s.end - 1] == last),
            "{label:?} {first}..{last} in {sentence}: {spans:?}"
        );
    };
    let quoted = "أعلنت هيئة « أحرار الجبل » مسؤوليتها عن الهجوم";
    has(quoted, EntityLabel::ORG, "أحرار", "الجبل");
    let unifil = "وقالت قوات اليونيفيل إن دورية تعرضت لإطلاق نار";
    has(unifil, EntityLabel::ORG, "اليونيفيل", "اليونيفيل");
    let unrwa = "وذكرت الأونروا أن المدارس امتلأت بالنازحين";
    has(unrwa, EntityLabel::ORG, "الأونروا", "الأونروا");
    let kunya = "والتقى أبو سليمان الحموي قادة الفصائل أمس";
    has(kunya, EntityLabel::PER, "أبو", "الحموي");
}

/// A two-stage model (document memory) learns its data, survives a
/// save/load round trip and works in the stage.
#[test]
fn two_stage_model_round_trips() {
    let cfg = TrainConfig {
        epochs: 8,
        hash_bits: 14,
        stack: true,
        folds: 2,
        ..TrainConfig::default()
    };
    let m = train(&corpus(), None, &cfg);
    assert!(m.has_memory());
    let r = evaluate(&m, &corpus());
    assert!(r.f1() >= 80.0, "{r}");
    let back = Model::from_bytes(&m.to_bytes()).unwrap();
    assert_eq!(back, m);
    let sents = corpus();
    let words: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.tokens.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(back.tag_document(&words), m.tag_document(&words));
    let stage = NerStage::new(Arc::new(m));
    let mut d = document("التقى سليم الخوري وفدا من عمان");
    stage.annotate(&mut d, &mut stage.scratch()).unwrap();
    assert!(d.entities.iter().any(|e| e.label == EntityLabel::LOC));
}

/// A name table is compiled into both stages, written once, and read back
/// into both; it lets the model tag a first name it never saw in training.
#[test]
fn two_stage_model_with_name_table_round_trips() {
    use marsad_ner::lexicon::{NameTable, NAME_FAMILY, NAME_GIVEN};
    let mut t = NameTable::default();
    for (n, f) in [
        ("سليم", NAME_GIVEN),
        ("جميل", NAME_GIVEN),
        ("الخوري", NAME_FAMILY),
    ] {
        t.add_name(n, f);
    }
    t.add_frequency("مدينة", 5.5);
    t.add_frequency("قال", 6.0);
    let mut cfg = TrainConfig {
        epochs: 8,
        hash_bits: 14,
        stack: true,
        folds: 2,
        groups: marsad_ner::groups::ALL | marsad_ner::groups::NAMES,
        ..TrainConfig::default()
    };
    let n = cfg
        .lexicon
        .add_name_table(&t.to_tsv("test", 2.0), std::path::Path::new("t"))
        .unwrap();
    assert_eq!(n, 5);
    let m = train(&corpus(), None, &cfg);
    let bytes = m.to_bytes();
    let back = Model::from_bytes(&bytes).unwrap();
    assert_eq!(back, m);
    assert_eq!(back.to_bytes(), bytes);
    // The table is in the file once, not once per stage.
    let key = marsad_ner::lexicon::stem_hash("سليم").to_le_bytes();
    assert_eq!(bytes.windows(8).filter(|w| *w == key).count(), 1);
    // A first name seen only in the table, in a frame seen in training.
    let words = ["قال", "الوزير", "جميل", "الخوري", "إن"];
    let tags: Vec<String> = back.tag(&words).iter().map(|t| t.to_string()).collect();
    assert_eq!(tags[3], "I-PER", "{tags:?}");
}

#[test]
fn crf_and_bagged_perceptron_learn_their_training_data() {
    for cfg in [
        TrainConfig {
            epochs: 15,
            hash_bits: 14,
            crf: true,
            ..TrainConfig::default()
        },
        TrainConfig {
            epochs: 8,
            hash_bits: 14,
            runs: 3,
            ..TrainConfig::default()
        },
    ] {
        let m = train(&corpus(), None, &cfg);
        let r = evaluate(&m, &corpus());
        assert!(r.f1() > 90.0, "crf {} runs {}: {r}", cfg.crf, cfg.runs);
    }
}
