//! Geoparser tests on sentences written for these tests; they use the
//! committed artefact (no `../shared` needed).

use std::sync::Arc;

use marsad_core::{Document, Entity, EntityLabel, Meta, PlacePrecision, Source, Stage};
use marsad_places::{compile, geojson, Gazetteer, PlacesStage};

fn run(text: &str) -> Document {
    let stage = PlacesStage::new().expect("embedded gazetteer loads");
    let mut d = Document::new(text.into(), Source::default(), Meta::default());
    let mut scratch = stage.scratch();
    stage.annotate(&mut d, &mut scratch).expect("never fails");
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
        start: 14,
        end: 23,
        text: d.slice(14, 23).unwrap_or_default().to_string(),
        label: EntityLabel::LOC,
        confidence: None,
    });
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
        start,
        end: start + "الشرق الأوسط".chars().count(),
        text: "الشرق الأوسط".into(),
        label: EntityLabel::LOC,
        confidence: None,
    });
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
fn geojson_is_a_feature_collection() {
    let d = run("زار الوزير بغداد والموصل.");
    let v = geojson(std::slice::from_ref(&d));
    assert_eq!(v["type"], "FeatureCollection");
    let fs = v["features"].as_array().expect("features");
    assert_eq!(fs.len(), 2);
    let f = &fs[0];
    assert_eq!(f["type"], "Feature");
    assert_eq!(f["geometry"]["type"], "Point");
    let c = f["geometry"]["coordinates"].as_array().expect("coords");
    // [lon, lat]: Baghdad is at about 44.4 E, 33.3 N.
    assert!((c[0].as_f64().unwrap_or(0.0) - 44.4).abs() < 1.0);
    assert!((c[1].as_f64().unwrap_or(0.0) - 33.3).abs() < 1.0);
    assert_eq!(f["properties"]["document"], d.id.as_str());
    assert_eq!(f["properties"]["mentions"], 1);
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
    let mut s = stage.scratch();
    stage.annotate(&mut d, &mut s).expect("ok");
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
