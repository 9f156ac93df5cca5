//! Data hygiene of the gazetteer: names free of invisible bidi controls.

use marsad_places::compile::{self, is_bidi_control};
use marsad_places::Gazetteer;

#[test]
fn no_gazetteer_name_has_a_bidi_mark() {
    let g = Gazetteer::embedded().expect("embedded gazetteer");
    let mut bad = Vec::new();
    for i in 0..g.len() as u32 {
        let Some(r) = g.record(i) else { continue };
        for n in [r.name_ar(), r.name_en(), r.slug(), r.display_name()] {
            if n.contains(is_bidi_control) {
                bad.push(format!("{}: {n:?}", r.id()));
            }
        }
    }
    bad.extend(
        g.keys()
            .filter(|k| k.contains(is_bidi_control))
            .map(|k| format!("key {k:?}")),
    );
    assert!(
        bad.is_empty(),
        "{} names with bidi marks: {:?}",
        bad.len(),
        &bad[..bad.len().min(10)]
    );
}

#[test]
fn compiler_strips_bidi_marks_from_names() {
    let wof = "wof_id\tcountry\tplacetype\tname_en\tname_ar\tname_ar_variants\tlat\tlon\tpopulation\tgeonames_id\twikidata_id\tregion_id\tcounty_id\tis_current
7\tIL\tlocality\t\u{2067}Jerusalem\u{2069}\tالقُدس\u{200E}\tأورشليم\u{200F}|\u{202B}بيت المقدس\u{202C}\t31.78\t35.22\t900000\t\t\t\t\t1
";
    let gn = "geonameid\tname\tcountry\tadmin1\tlat\tlon\tpopulation\tarabic_script_names
9\tHaifa\u{200E}\tIL\t06\t32.8\t35.0\t270000\tحيفا\u{061C}
";
    let cur = "slug\tkind\tcountry\tname_ar\tname_ar_variants\tname_en\tlat\tlon\tpopulation\tparent\twikidata\tgeonames\tsource
gaza\tlocality\tPS\tغزة\u{200F}\tقطاع غزة\u{202E}\tGaza\u{200E}\t31.5\t34.47\t0\t\t\t\tWikipedia: Gaza
";
    let g =
        Gazetteer::from_bytes(compile::compile(wof, gn, cur).expect("compiles")).expect("loads");
    assert_eq!(g.len(), 3);
    let mut names = Vec::new();
    for i in 0..g.len() as u32 {
        let r = g.record(i).expect("record");
        names.push((r.name_ar().to_string(), r.name_en().to_string()));
    }
    names.sort();
    assert_eq!(
        names,
        [
            ("القُدس".to_string(), "Jerusalem".to_string()),
            ("حيفا".to_string(), "Haifa".to_string()),
            ("غزة".to_string(), "Gaza".to_string()),
        ]
    );
    assert!(g.keys().all(|k| !k.contains(is_bidi_control)));
    for k in ["بيت المقدس", "اورشليم", "قطاع غزه"] {
        assert_eq!(g.lookup_ids(k).len(), 1, "{k}");
    }
}

/// The number of decimals JSON shows for a number.
fn decimals(v: &serde_json::Value) -> usize {
    let s = v.to_string();
    s.split_once('.').map_or(0, |(_, f)| {
        f.trim_end_matches(|c: char| !c.is_ascii_digit()).len()
    })
}

/// Every `lat`/`lon` under `v` (places and their candidates).
fn coordinates<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a serde_json::Value>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if (k == "lat" || k == "lon") && x.is_number() {
                    out.push(x);
                } else {
                    coordinates(x, out);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| coordinates(x, out)),
        _ => {}
    }
}

#[test]
fn coordinates_have_at_most_six_decimals_in_json() {
    use marsad_core::{Document, Meta, Source, Stage};
    let stage = marsad_places::PlacesStage::new().expect("places stage");
    let mut d = Document::new(
        "قصفت الطائرات مدينة حلب وريف إدلب، ونزح الأهالي من القدس وحيفا إلى الرياض \
         وجدة والقاهرة. وزار الوفد الحميدية وتل أبيب وبغداد والبصرة."
            .into(),
        Source::default(),
        Meta::default(),
    );
    marsad_text::words::attach(&mut d);
    stage.annotate(&mut d, &mut ()).expect("annotate");
    let json = serde_json::to_value(&d.places).expect("serialises");
    let mut found = Vec::new();
    coordinates(&json, &mut found);
    assert!(found.len() >= 10, "{json}");
    for x in found {
        assert!(decimals(x) <= 6, "{x}");
    }
}
