//! Geoparser tests on sentences written for these tests; they use the
//! committed artefact (no `../shared` needed).

use std::sync::Arc;

use marsad_core::{Document, Entity, EntityLabel, Meta, PlacePrecision, Source, Stage};
use marsad_places::{compile, Gazetteer, PlacesStage};

fn run(text: &str) -> Document {
    let stage = PlacesStage::new().expect("embedded gazetteer loads");
    let mut d = Document::new(text.into(), Source::default(), Meta::default());
    marsad_text::words::attach(&mut d);
    stage.annotate(&mut d, &mut ()).expect("never fails");
    d
}

fn place<'a>(d: &'a Document, surface: &str) -> &'a marsad_core::Place {
    d.places
        .iter()
        .find(|p| p.mentions.iter().any(|m| m.text == surface))
        .unwrap_or_else(|| panic!("no place {surface:?} in {:#?}", d.places))
}

#[test]
fn clitics_multiword_and_triggers() {
    let d = run("وبالرقة اشتباكات، ولإدلب قوافل، وفي جسر الشغور ودير الزور هدوء حذر.");
    assert_eq!(place(&d, "الرقة").country.as_deref(), Some("SY"));
    assert_eq!(place(&d, "إدلب").country.as_deref(), Some("SY"));
    assert_eq!(
        place(&d, "جسر الشغور").place_type.as_deref(),
        Some("locality")
    );
    assert_eq!(place(&d, "دير الزور").country.as_deref(), Some("SY"));
}

#[test]
fn governorate_city_and_countryside_differ() {
    let d = run("قصفت الطائرات مدينة حلب، وأعلنت محافظة حلب الطوارئ في ريف حلب.");
    let city = place(&d, "حلب");
    assert_eq!(city.precision, Some(PlacePrecision::Locality));
    let gov = place(&d, "محافظة حلب");
    assert_eq!(gov.precision, Some(PlacePrecision::Region));
    let rif = d
        .places
        .iter()
        .find(|p| p.precision == Some(PlacePrecision::District))
        .expect("ريف حلب is a district-level area");
    assert_eq!(rif.id, gov.id);
    assert_ne!(city.id, gov.id);
}

#[test]
fn nisba_links_to_its_place_and_neighbourhood_resolves() {
    let d = run("اشتباكات في حي الشعار الحلبي منذ الصباح.");
    let shaar = place(&d, "الشعار");
    assert_eq!(shaar.precision, Some(PlacePrecision::Neighbourhood));
    assert_eq!(shaar.country.as_deref(), Some("SY"));
    let aleppo = place(&d, "الحلبي");
    assert_eq!(aleppo.country.as_deref(), Some("SY"));
}

#[test]
fn nearby_homonym_wins() {
    let a = run("قتل مدنيان في قرية الحميدية بريف القنيطرة.");
    let b = run("اقتحمت دورية قرية الحميدية في ريف حمص.");
    let ha = place(&a, "الحميدية");
    let hb = place(&b, "الحميدية");
    assert_ne!(ha.id, hb.id);
    // Quneitra is in the south-west, Homs further north.
    assert!(ha.lat.unwrap_or(0.0) < 33.5, "{ha:?}");
    assert!(hb.lat.unwrap_or(0.0) > 34.0, "{hb:?}");
}

#[test]
fn unknown_names_are_reported_and_do_not_drop_others() {
    let d = run("نزح الأهالي من قرية زعفرانكوش إلى مدينة إدلب.");
    let unk = place(&d, "زعفرانكوش");
    assert!(!unk.resolved);
    assert!(unk.lat.is_none());
    assert!(place(&d, "إدلب").resolved);
}

#[test]
fn ner_loc_spans_count_even_when_unknown() {
    let text = "وصل الوفد إلى كلاسترفيل صباحا.";
    let mut d = Document::new(text.into(), Source::default(), Meta::default());
    d.entities.push(Entity {
        id: Default::default(),
        start: 14,
        end: 23,
        text: d.slice(14, 23).unwrap_or_default().to_string(),
        label: EntityLabel::LOC,
        confidence: None,
    });
    d.layers.insert(marsad_core::Layer::Entities);
    let g = Gazetteer::embedded().expect("loads");
    marsad_places::resolve_places(&g, &mut d);
    assert_eq!(d.places.len(), 1);
    assert!(!d.places[0].resolved);
}

#[test]
fn common_words_do_not_fire() {
    let d = run("قال محمد إن الحرب مستمرة، وإن الباب مفتوح أمام السلام يوم الجمعة.");
    assert!(d.places.is_empty(), "{:#?}", d.places);
}

#[test]
fn definite_trigger_nouns_are_ordinary_words() {
    // القضاء/المحافظة with the article mean "eliminating"/"preserving".
    let d = run("تهدف الخطة للقضاء على التطرف والمحافظة على الأمن.");
    assert!(d.places.is_empty(), "{:#?}", d.places);
    // Without the article they head a place name.
    let d = run("وصل الوفد إلى قضاء الزبير ثم إلى محافظة البصرة.");
    assert_eq!(place(&d, "الزبير").country.as_deref(), Some("IQ"));
}

#[test]
fn a_loc_span_vouches_only_for_itself() {
    // NER marks «الشرق الأوسط» (the Middle East, or the newspaper) as LOC;
    // its words are not places on their own.
    let text = "وقال مصدر لـ«الشرق الأوسط» إن الوفد عاد.";
    let mut d = Document::new(text.into(), Source::default(), Meta::default());
    let start = text.chars().position(|c| c == '«').unwrap() + 1;
    d.entities.push(Entity {
        id: Default::default(),
        start,
        end: start + "الشرق الأوسط".chars().count(),
        text: "الشرق الأوسط".into(),
        label: EntityLabel::LOC,
        confidence: None,
    });
    d.layers.insert(marsad_core::Layer::Entities);
    let g = Gazetteer::embedded().unwrap();
    marsad_places::resolve_places(&g, &mut d);
    assert!(
        d.places.iter().all(|p| p
            .mentions
            .iter()
            .all(|m| m.text != "الشرق" && m.text != "الأوسط")),
        "{:#?}",
        d.places
    );
}

#[test]
fn empty_document_has_no_places() {
    assert!(run("").places.is_empty());
    assert!(run("   ").places.is_empty());
}

#[test]
fn spans_slice_the_text() {
    let d = run("«دمشق» والبصرة، ولحلب؛ وبيروت ثم القاهرة وموسكو.");
    assert!(d.places.len() >= 5, "{:#?}", d.places);
    for (what, s, e, claimed) in d.spans() {
        if what == "place" {
            assert_eq!(d.slice(s, e), claimed, "{s}..{e}");
        }
    }
}

#[test]
fn resolved_place_keeps_its_english_name_as_latin_name() {
    let d = run("وصل وزير الخارجية إلى موسكو قادما من مدينة حلب.");
    let p = place(&d, "موسكو");
    assert!(p.resolved);
    assert_eq!(p.name_en.as_deref(), Some("Moscow"));
    // The gazetteer's English name wins over the romanisation.
    assert_eq!(p.name_latn, "Moscow");
    assert_ne!(p.name_latn, marsad_text::romanize::romanize(&p.name));
    let json = serde_json::to_value(p).expect("serialises");
    assert_eq!(json["name_latn"], "Moscow");
    // A resolved place the gazetteer gives no English name is romanised.
    let aleppo = place(&d, "حلب");
    assert!(aleppo.resolved);
    assert_eq!(aleppo.name_en, None);
    assert_eq!(aleppo.name_latn, marsad_text::romanize::romanize("حلب"));
    assert_eq!(aleppo.name_latn, "Aleppo");
}

#[test]
fn unresolved_place_gets_a_romanised_latin_name() {
    let d = run("نزح الأهالي من قرية زعفرانكوش إلى مدينة إدلب.");
    let unk = place(&d, "زعفرانكوش");
    assert!(!unk.resolved);
    assert!(unk.name_en.is_none());
    assert_eq!(unk.name_latn, marsad_text::romanize::romanize("زعفرانكوش"));
    assert!(!unk.name_latn.is_empty());
    assert!(
        unk.name_latn.chars().all(|c| c.is_ascii() || !is_arabic(c)),
        "{:?}",
        unk.name_latn
    );
}

fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

#[test]
fn every_place_of_a_paragraph_has_a_latin_name() {
    let d = run(
        "انسحبت الفصائل من بلدة كفرنبل إلى مدينة إدلب، فيما وصلت تعزيزات إلى \
         دير الزور والرقة، ونزحت عائلات من قرية زعفرانكوش نحو الحدود مع تركيا.",
    );
    assert!(d.places.len() >= 5, "{:#?}", d.places);
    for p in &d.places {
        assert!(!p.name_latn.trim().is_empty(), "{p:#?}");
        assert!(!p.name_latn.chars().any(is_arabic), "{p:#?}");
    }
    assert_eq!(place(&d, "تركيا").name_latn, "Turkey");
}

const WOF: &str = "wof_id\tcountry\tplacetype\tname_en\tname_ar\tname_ar_variants\tlat\tlon\tpopulation\tgeonames_id\twikidata_id\tregion_id\tcounty_id\tis_current
1\tSY\tregion\tAleppo\tحلب\tمحافظة حلب\t36.2\t37.6\t4000000\t170062\tQ214064\t1\t\t1
2\tSY\tlocality\tAleppo\tحلب\t\t36.2\t37.17\t1600000\t170063\tQ41183\t1\t\t1
3\tSY\tlocality\tOld\tقديمة\t\t36.0\t37.0\t\t\t\t1\t\t0
";
const GN: &str = "geonameid\tname\tcountry\tadmin1\tlat\tlon\tpopulation\tarabic_script_names
170063\tAleppo\tSY\t09\t36.2\t37.16\t1600000\tحلب الشهباء
2988507\tParis\tFR\t11\t48.85\t2.35\t2138551\tباريس|پاریس
";
const CUR: &str = "slug\tkind\tcountry\tname_ar\tname_ar_variants\tname_en\tlat\tlon\tpopulation\tparent\twikidata\tgeonames\tsource
sahl-al-ghab\tlandform\tSY\tسهل الغاب\tالغاب\tAl-Ghab Plain\t35.68\t36.3\t0\twof:1\t\t\tWikipedia: Al-Ghab Plain
";

#[test]
fn artefact_round_trip_is_deterministic() {
    let a = compile::compile(WOF, GN, CUR).expect("compiles");
    let b = compile::compile(WOF, GN, CUR).expect("compiles");
    assert_eq!(a, b, "byte-identical rebuild");
    let g = Gazetteer::from_bytes(a.clone()).expect("loads");
    assert_eq!(g.as_bytes(), &a[..]);
    // Non-current WOF record dropped; GeoNames duplicate merged.
    assert_eq!(g.len(), 4);
    let ids = g.lookup_ids("حلب الشهباء");
    assert_eq!(ids.len(), 1);
    let r = g.record(ids[0]).expect("record");
    assert_eq!(r.id(), "wof:2");
    assert_eq!(r.geonames, Some(170063));
    assert_eq!(r.wikidata, Some(41183));
    assert_eq!(g.lookup_ids("حلب").len(), 2);
    assert_eq!(g.lookup_ids("محافظه حلب").len(), 1);
    assert_eq!(g.lookup_ids("paris").len(), 1);
    assert!(g.lookup_ids("قديمه").is_empty());
    let ghab = g.record(g.lookup_ids("سهل الغاب")[0]).expect("curated");
    assert_eq!(ghab.id(), "cur:sahl-al-ghab");
    assert_eq!(
        ghab.region.and_then(|i| g.record(i)).map(|r| r.id()),
        Some("wof:1".into())
    );
    // The stage works on a hand-built gazetteer too.
    let stage = PlacesStage::with_gazetteer(Arc::new(g));
    let mut d = Document::new(
        "زار الوفد حلب وباريس".into(),
        Source::default(),
        Meta::default(),
    );
    marsad_text::words::attach(&mut d);
    stage.annotate(&mut d, &mut ()).expect("ok");
    assert_eq!(d.places.len(), 2);
    assert_eq!(d.places[0].id, "wof:2");
    assert_eq!(d.places[1].id, "gn:2988507");
}

#[test]
fn corrupt_artefacts_are_errors() {
    assert!(Gazetteer::from_bytes(b"nonsense".to_vec()).is_err());
    let mut a = compile::compile(WOF, GN, CUR).expect("compiles");
    a.truncate(a.len() - 3);
    assert!(Gazetteer::from_bytes(a).is_err());
    assert!(compile::compile(WOF, GN, "x\tlandform\n").is_err());
}

#[test]
fn gold_file_meets_the_targets() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/gazetteer/eval/gold.tsv");
    let r = marsad_places::evaluate_file(&path).expect("gold evaluates");
    assert!(r.mentions >= 150);
    assert!(r.exact >= 0.90, "{}", r.to_text());
    assert!(r.acc_25 >= 0.95, "{}", r.to_text());
}

/// Distance in km from a place to reference coordinates.
fn km_from(p: &marsad_core::Place, lat: f64, lon: f64) -> f64 {
    match (p.lat, p.lon) {
        (Some(a), Some(b)) => marsad_places::haversine_km(a, b, lat, lon),
        _ => f64::INFINITY,
    }
}

/// The place with a mention overlapping the first occurrence of `surface`
/// (the mention may be shorter: بصري inside البصري).
fn place_over<'a>(d: &'a Document, surface: &str) -> &'a marsad_core::Place {
    let b = d.text.find(surface).expect("surface in the text");
    let s = d.text[..b].chars().count();
    let e = s + surface.chars().count();
    d.places
        .iter()
        .find(|p| p.mentions.iter().any(|m| m.start < e && s < m.end))
        .unwrap_or_else(|| panic!("no place over {surface:?} in {:#?}", d.places))
}

// Issue 4 names these forms; the sentences below were written for these tests.

#[test]
fn abu_kamal_in_two_words_is_albukamal_in_deir_ez_zor() {
    let d = run("وصلت تعزيزات عسكرية إلى مدينة أبو كمال على الحدود مع العراق.");
    let p = place(&d, "أبو كمال");
    assert!(p.resolved);
    assert_eq!(p.id, "wof:890449891", "{p:#?}");
    assert_eq!(p.country.as_deref(), Some("SY"));
    // Abu Kamal (Al-Bukamal): 34.45 N, 40.92 E (Wikipedia).
    assert!(km_from(p, 34.45, 40.92) < 5.0, "{p:#?}");
    // Its governorate is Deir ez-Zor.
    assert!(
        p.admin
            .iter()
            .any(|a| a.id == "wof:85678381" && a.name == "دير الزور"),
        "{:#?}",
        p.admin
    );
}

#[test]
fn clitic_bi_before_aleppo() {
    let d = run("قصفت الطائرات أحياء سكنية بحلب طوال الليل.");
    let p = place(&d, "حلب");
    assert_eq!(p.id, "wof:421202163", "{p:#?}");
    assert_eq!(p.precision, Some(PlacePrecision::Locality));
    // Aleppo: 36.20 N, 37.16 E.
    assert!(km_from(p, 36.20, 37.16) < 5.0, "{p:#?}");
    // The mention is the name, without the proclitic.
    assert_eq!(p.mentions[0].text, "حلب");
}

#[test]
fn feminine_nisba_links_to_aleppo() {
    const ALEPPO: [&str; 2] = ["wof:421202163", "wof:85678359"];
    let d = run("عادت الحياة إلى المدينة الحلبية بعد أشهر من المعارك.");
    let p = place_over(&d, "الحلبية");
    assert!(ALEPPO.contains(&p.id.as_str()), "{p:#?}");
    let d = run("نزح الأهالي من بلدة تادف الحلبية نحو الشمال.");
    let p = place_over(&d, "الحلبية");
    assert!(ALEPPO.contains(&p.id.as_str()), "{p:#?}");
}

#[test]
fn nisba_links_to_basra() {
    const BASRA: [&str; 2] = ["wof:421202467", "wof:85672453"];
    let d = run("تضررت المحاصيل في الريف البصري بسبب ملوحة مياه شط العرب.");
    let p = place_over(&d, "البصري");
    assert!(BASRA.contains(&p.id.as_str()), "{p:#?}");
    assert_eq!(p.country.as_deref(), Some("IQ"));
}

#[test]
fn checkpoint_trigger_names_a_place() {
    let d = run("أوقف عناصر حاجز القطيفة على طريق دمشق حمص عشرات الشبان.");
    let p = place(&d, "القطيفة");
    assert_eq!(p.id, "wof:1125978395", "{p:#?}");
    // Al-Qutayfah: 33.74 N, 36.60 E.
    assert!(km_from(p, 33.74, 36.60) < 5.0, "{p:#?}");
    // «الباب» is stop-listed as a common word (the door) ...
    let d = run("قال إن الباب مفتوح أمام الجميع.");
    assert!(
        d.places
            .iter()
            .all(|p| p.mentions.iter().all(|m| m.text != "الباب")),
        "{:#?}",
        d.places
    );
    // ... but after حاجز it is the town of al-Bab, east of Aleppo.
    let d = run("اعتقل عناصر حاجز الباب شرق حلب ثلاثة شبان.");
    let p = place(&d, "الباب");
    assert_eq!(p.country.as_deref(), Some("SY"));
    // Al-Bab: 36.37 N, 37.52 E.
    assert!(km_from(p, 36.37, 37.52) < 5.0, "{p:#?}");
}

// Precision on news text: common words, clitic remainders, adjectives and
// actors' names are not places. Sentences written for these tests.

/// Whether any place mention covers exactly `surface`.
fn has_mention(d: &Document, surface: &str) -> bool {
    d.places
        .iter()
        .any(|p| p.mentions.iter().any(|m| m.text == surface))
}

/// Code-point span of the first occurrence of `surface` in `text`.
fn span_of(text: &str, surface: &str) -> (usize, usize) {
    let b = text.find(surface).expect("surface in the text");
    let s = text[..b].chars().count();
    (s, s + surface.chars().count())
}

#[test]
fn a_particle_after_a_trigger_noun_is_not_a_place() {
    let d = run("قال مسؤول في المدينة إن الوضع هادئ، وأكد آخر أن الطرق مفتوحة.");
    assert!(!has_mention(&d, "إن"), "{:#?}", d.places);
    assert!(!has_mention(&d, "أن"), "{:#?}", d.places);
    // Even where NER (wrongly) tags the particle as a location.
    let text = "قال مسؤول في المدينة إن الوضع هادئ.";
    let (s, e) = span_of(text, "إن");
    let d = run_with(text, &[(s, e, EntityLabel::LOC)], Vec::new());
    assert!(d.places.is_empty(), "{:#?}", d.places);
}

#[test]
fn a_clitic_remainder_of_a_common_word_is_not_a_place() {
    // فرقة (a band) is not ف + رقة, ورقة (a paper) not و + رقة, وتيرة (pace)
    // not و + تيرة, بلاد not ب + لاد, سنوي (yearly) not س + نوي.
    let d = run(
        "قدمت فرقة حلبية عرضا موسيقيا، وقدم الباحث ورقة عن وتيرة النمو في بلاد \
         الشام خلال المؤتمر السنوي.",
    );
    for w in ["رقة", "تيرة", "لاد", "نوي"] {
        assert!(
            d.places
                .iter()
                .all(|p| p.mentions.iter().all(|m| m.text != w)),
            "{w}: {:#?}",
            d.places
        );
    }
    assert!(
        d.places.iter().all(|p| p.country.as_deref() != Some("TR")),
        "{:#?}",
        d.places
    );
    // The real clitic readings still work.
    let d = run("وصلت التعزيزات إلى حلب والرقة ولإدلب وبحمص.");
    for w in ["الرقة", "إدلب", "حمص"] {
        assert_eq!(place(&d, w).country.as_deref(), Some("SY"), "{w}");
    }
}

#[test]
fn an_article_is_not_stripped_off_a_name_written_without_it() {
    // السوري, الليبي: adjectives (Syria's, Libya's), never Surrey or Libby.
    let d = run("التقى المبعوث الأممي بالمسؤول السوري ثم بالوفد الليبي في جنيف.");
    for p in &d.places {
        assert!(!matches!(p.country.as_deref(), Some("CA" | "US")), "{p:#?}");
    }
    // Indefinite nisba with only far-away namesakes: مواطن سوري is Syria's.
    let d = run("اعتقلت الشرطة مواطن سوري ومهاجر ليبي قرب الحدود.");
    for p in &d.places {
        assert!(!matches!(p.country.as_deref(), Some("CA" | "US")), "{p:#?}");
    }
}

#[test]
fn a_directional_adjective_qualifies_the_place_before_it() {
    let d = run("اشتدت المعارك بحلب الشرقية وفي ريف إدلب الجنوبي، وعلى الضفة الغربية للنهر.");
    for w in ["الشرقية", "الجنوبي", "الغربية"] {
        assert!(!has_mention(&d, w), "{w}: {:#?}", d.places);
    }
    assert!(
        d.places.iter().all(|p| p.country.as_deref() != Some("EG")),
        "{:#?}",
        d.places
    );
    assert_eq!(place(&d, "حلب").country.as_deref(), Some("SY"));
    // After a locative cue the adjective names a region on its own.
    let d = run("وصل الأمير إلى الرياض قادما من المنطقة الشرقية.");
    assert_eq!(place(&d, "المنطقة الشرقية").country.as_deref(), Some("SA"));
}

#[test]
fn a_nisba_after_a_definite_noun_links_to_its_country() {
    // الحكومة الهندية: India's, not the Iraqi town الهندية.
    let d = run("أعلنت الحكومة الهندية خطة جديدة للطاقة.");
    let p = place_over(&d, "الهندية");
    assert_eq!(p.place_type.as_deref(), Some("country"), "{p:#?}");
    // A common adjective whose base is no country is no place (التعليم
    // العالي, السكك الحديدية).
    let d = run("افتتح وزير التعليم العالي خطا للسكك الحديدية.");
    assert!(d.places.is_empty(), "{:#?}", d.places);
}

/// Runs the stage on `text` with NER entities and actors already set.
fn run_with(
    text: &str,
    entities: &[(usize, usize, EntityLabel)],
    actors: Vec<marsad_core::Actor>,
) -> Document {
    let stage = PlacesStage::new().expect("embedded gazetteer loads");
    let mut d = Document::new(text.into(), Source::default(), Meta::default());
    let chars: Vec<char> = text.chars().collect();
    d.entities = entities
        .iter()
        .map(|&(start, end, label)| Entity {
            id: Default::default(),
            start,
            end,
            text: chars[start..end].iter().collect(),
            label,
            confidence: None,
        })
        .collect();
    if !d.entities.is_empty() {
        d.layers.insert(marsad_core::Layer::Entities);
    }
    d.actors = actors;
    marsad_text::words::attach(&mut d);
    stage.annotate(&mut d, &mut ()).expect("never fails");
    d
}

fn actor(
    text: &str,
    kind: marsad_core::ActorKind,
    spans: &[(&str, marsad_core::LinkKind)],
) -> marsad_core::Actor {
    let mut mentions = Vec::new();
    let mut from = 0;
    for &(surface, link) in spans {
        let b = from + text[from..].find(surface).expect("surface in the text");
        let s = text[..b].chars().count();
        mentions.push(marsad_core::ActorMention {
            start: s,
            end: s + surface.chars().count(),
            text: surface.to_string(),
            link,
        });
        from = b + surface.len();
    }
    marsad_core::Actor {
        id: "test".into(),
        name: spans[0].0.to_string(),
        mentions,
        kind: Some(kind),
        ..marsad_core::Actor::default()
    }
}

#[test]
fn a_name_linked_to_a_person_or_organisation_is_not_a_place() {
    use marsad_core::{ActorKind, LinkKind};
    let text = "قال رئيس الوزراء ديفيد كاميرون في لندن إن كاميرون سيزور بغداد، \
                فيما هاجم تنظيم داعش مواقع قرب الموصل.";
    let (ks, ke) = span_of(text, "كاميرون");
    let (ds, de) = span_of(text, "داعش");
    let ents = [(ks, ke, EntityLabel::LOC), (ds, de, EntityLabel::LOC)];
    let actors = vec![
        actor(
            text,
            ActorKind::Person,
            &[("ديفيد كاميرون", LinkKind::Local)],
        ),
        actor(text, ActorKind::ArmedGroup, &[("داعش", LinkKind::Alias)]),
    ];
    let d = run_with(text, &ents, actors);
    assert!(!has_mention(&d, "كاميرون"), "{:#?}", d.places);
    assert!(!has_mention(&d, "داعش"), "{:#?}", d.places);
    for w in ["لندن", "بغداد", "الموصل"] {
        assert!(place(&d, w).resolved, "{w}");
    }
}

#[test]
fn with_ner_a_common_word_needs_a_locative_cue() {
    // NER ran (it found لندن) and left الصورة and العودة alone: the picture
    // and the return are not the Palestinian villages of those names.
    let text = "نشرت الصحيفة الصورة في لندن، وطالب اللاجئون بحق العودة.";
    let (s, e) = span_of(text, "لندن");
    let d = run_with(text, &[(s, e, EntityLabel::LOC)], Vec::new());
    assert!(!has_mention(&d, "الصورة"), "{:#?}", d.places);
    assert!(!has_mention(&d, "العودة"), "{:#?}", d.places);
    assert!(place(&d, "لندن").resolved);
}

/// One probe answers both questions phrase matching asks, as a scan of
/// every key does.
#[test]
fn phrase_probe_agrees_with_lookup_and_prefix_search() {
    let Ok(g) = Gazetteer::embedded() else {
        panic!("the embedded gazetteer loads");
    };
    for key in [
        "حلب",
        "ريف",
        "ريف دمشق",
        "ابو",
        "ابو كمال",
        "دير",
        "دير الزور",
        "قريه",
        "xyz",
        "",
    ] {
        // The oracle: a scan of every key, no probe involved.
        let spaced = format!("{key} ");
        let is_key = g.keys().any(|k| k == key);
        let continued = g.keys().any(|k| k.starts_with(&spaced));
        let (hits, more) = g.probe_phrase(key);
        assert_eq!(!hits.is_empty(), is_key, "{key}");
        assert_eq!(more, continued, "{key}");
        assert_eq!(g.has_prefix(&spaced), continued, "{key}");
    }
    assert!(g.probe_phrase("ريف").1, "ريف starts longer keys");
    assert!(g.probe_phrase("دير").1, "دير starts دير الزور");
    assert!(
        !g.probe_phrase("دير الزور").0.is_empty(),
        "دير الزور is a key"
    );
    assert!(
        !g.probe_phrase("ريف دمشق").0.is_empty(),
        "ريف دمشق is a key"
    );
    assert!(!g.probe_phrase("xyz").1);
}

#[test]
fn month_names_are_dates_not_places_but_ibb_stays() {
    let text = "عادت العائلات إلى مضايا في نيسان، وقصف الطيران مدينة إب اليمنية في آب.";
    // As NER tags it at times: نيسان a LOC.
    let at = text[..text.find("نيسان").unwrap()].chars().count();
    let d = run_with(text, &[(at, at + 5, EntityLabel::LOC)], Vec::new());
    assert!(
        !d.places
            .iter()
            .any(|p| p.mentions.iter().any(|m| m.text == "نيسان")),
        "{:#?}",
        d.places
    );
    assert!(d
        .places
        .iter()
        .any(|p| p.mentions.iter().any(|m| m.text == "إب")));
}

#[test]
fn facilities_are_placed_at_their_enclosing_place() {
    let text =
        "وصل الجرحى إلى مشفى الأمل بحي الشعار في مدينة حلب، واعتقلت دورية شابين على حاجز القطيفة.";
    let at = text[..text.find("الأمل").unwrap()].chars().count();
    let d = run_with(text, &[(at, at + 5, EntityLabel::LOC)], Vec::new());
    let hospital = place(&d, "مشفى الأمل");
    assert_eq!(hospital.place_type.as_deref(), Some("hospital"));
    assert!(hospital.id.starts_with("fac:"));
    // Located at the district the text puts it in, with its precision.
    let shaar = place(&d, "الشعار");
    assert_eq!((hospital.lat, hospital.lon), (shaar.lat, shaar.lon));
    assert_eq!(hospital.precision, Some(PlacePrecision::Neighbourhood));
    assert!(hospital.admin.iter().any(|a| a.id == shaar.id));
    // The facility's own name is no place of its own.
    assert!(!d.places.iter().any(|p| !p.resolved));
    let checkpoint = place(&d, "حاجز القطيفة");
    assert_eq!(checkpoint.place_type.as_deref(), Some("checkpoint"));
    assert_eq!(checkpoint.lat, place(&d, "القطيفة").lat);
}

// Accuracy issue: frames, homonyms by context, parts of longer names and
// words that are not places. The sentences were written for these tests.

/// Runs the stage as after NER that tagged only `locs` as LOC (so NER's
/// silence over the other words counts).
fn run_with_locs(text: &str, locs: &[&str]) -> Document {
    let mut d = Document::new(text.into(), Source::default(), Meta::default());
    for l in locs {
        let (s, e) = span_of(text, l);
        d.entities.push(Entity {
            id: Default::default(),
            start: s,
            end: e,
            text: l.to_string(),
            label: EntityLabel::LOC,
            confidence: None,
        });
    }
    d.layers.insert(marsad_core::Layer::Entities);
    let g = Gazetteer::embedded().expect("loads");
    marsad_places::resolve_places(&g, &mut d);
    d
}

#[test]
fn a_strong_frame_finds_a_gazetteer_name_ner_missed() {
    let d = run_with_locs(
        "وصل المبعوث إلى دهوك ثم انتقل إلى السليمانية مساءً.",
        &["دهوك"],
    );
    assert_eq!(place(&d, "السليمانية").country.as_deref(), Some("IQ"));
    // Not found: a framed town of no standing in the gazetteer (سرمدا: no
    // population, no Wikidata item); on SaudiNewsNet the same rule let in
    // hamlets named قناة, سلاح, دعم.
    let d = run_with_locs("دمرت غارة منزلاً في حارة حريك وأخرى في بيروت.", &["بيروت"]);
    assert_eq!(place(&d, "حارة حريك").country.as_deref(), Some("LB"));
}

#[test]
fn a_cue_word_in_a_frame_is_not_a_name() {
    let d = run_with_locs("عادت العائلات إلى قرى مهجورة في حمص.", &["حمص"]);
    assert!(!has_mention(&d, "قرى"), "{:#?}", d.places);
    assert!(place(&d, "حمص").resolved);
}

#[test]
fn a_homonym_follows_the_other_places_of_the_sentence() {
    let d = run("فر السكان من قرى قضاء صور نحو مدينة صيدا.");
    let tyre = place(&d, "صور");
    assert_eq!(tyre.country.as_deref(), Some("LB"), "{tyre:#?}");
    assert!(km_from(tyre, 33.27, 35.20) < 25.0, "{tyre:#?}");
}

#[test]
fn a_clitic_on_the_first_word_keeps_the_longer_name() {
    let d = run("استعادت القوات بلدة الطبقة وسد الفرات قبل الفجر.");
    assert_eq!(place_over(&d, "سد الفرات").id, "cur:tabqa-dam");
    assert!(!has_mention(&d, "الفرات"), "{:#?}", d.places);
}

#[test]
fn a_nisba_after_a_head_noun_is_a_name() {
    let d = run("سقطت قذائف في ناحية البغدادي غرب الرمادي.");
    assert!(
        d.places.iter().all(|p| p.name != "بغداد"),
        "{:#?}",
        d.places
    );
}

#[test]
fn no_place_is_named_by_the_first_word_of_a_name() {
    let d = run("دارت اشتباكات في حي أبو سليم وفي عين زارة جنوب طرابلس، وفي حي الشيخ رضوان بغزة.");
    for p in &d.places {
        for m in &p.mentions {
            assert!(
                !["أبو", "عين", "الشيخ"].contains(&m.text.as_str()),
                "{p:#?}"
            );
        }
    }
}

#[test]
fn an_unresolved_name_needs_a_loc_span_and_a_frame() {
    let d = run_with_locs(
        "جرى الاتفاق بمعرفة الوسطاء وخرج الأسرى فرادى قبل نقلهم إلى دمشق.",
        &["بمعرفة", "فرادى", "دمشق"],
    );
    assert!(!has_mention(&d, "معرفة") && !has_mention(&d, "بمعرفة"));
    assert!(!has_mention(&d, "فرادى"), "{:#?}", d.places);
    assert!(place(&d, "دمشق").resolved);
}

#[test]
fn a_notable_town_near_the_document_places_counts_without_a_cue() {
    let d = run_with_locs(
        "اعتقلت القوات شباناً في بيت لحم، وشهدت الخليل مواجهات.",
        &["بيت لحم"],
    );
    assert_eq!(place(&d, "الخليل").country.as_deref(), Some("PS"));
    let d = run_with_locs(
        "تظاهر العشرات في السويداء، وانضم إليهم أهالي شهبا.",
        &["السويداء"],
    );
    assert_eq!(place(&d, "شهبا").country.as_deref(), Some("SY"));
}

#[test]
fn a_framed_definite_common_noun_is_not_a_place() {
    let d = run_with_locs("تجمع سكان مدينة درعا في الساحة صباحاً.", &["درعا"]);
    assert!(!has_mention(&d, "الساحة"), "{:#?}", d.places);
}

#[test]
fn a_framed_common_noun_naming_a_hamlet_is_not_a_place() {
    let d = run_with_locs("ودعا الوزير إلى حوار شامل خلال زيارته بيروت.", &["بيروت"]);
    assert!(!has_mention(&d, "حوار"), "{:#?}", d.places);
}

/// عمّان (Amman) and عُمان (Oman) share their letters: a written shadda,
/// or a capital-city frame, names the city; سلطنة or a damma the country.
#[test]
fn a_shadda_or_a_capital_frame_tells_amman_from_oman() {
    let en = |d: &Document, s: &str| place(d, s).name_en.clone().unwrap_or_default();
    let d = run("وصل وفد المفوضية إلى عمّان صباح الخميس.");
    assert_eq!(en(&d, "عمّان"), "Amman");
    let d = run("انعقد المؤتمر في العاصمة الأردنية عمان بحضور ممثلي الدول المانحة.");
    assert_eq!(en(&d, "عمان"), "Amman");
    let d = run("عاد الوزير إلى العاصمة عمان مساء أمس.");
    assert_eq!(en(&d, "عمان"), "Amman");
    let d = run("زار وزير الخارجية سلطنة عمان، ثم توجه إلى عُمان مرة أخرى في الربيع.");
    assert_eq!(en(&d, "سلطنة عمان"), "Oman");
    assert_eq!(en(&d, "عُمان"), "Oman");
}
