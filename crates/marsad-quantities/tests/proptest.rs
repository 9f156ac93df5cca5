//! Odd input never panics and every span slices the text exactly.

use marsad_core::{Document, Meta, Source, Stage};
use marsad_quantities::QuantitiesStage;
use proptest::prelude::*;

fn check(text: &str) {
    let mut doc = Document::new(text.to_string(), Source::default(), Meta::default());
    marsad_text::analyze(&mut doc);
    let st = QuantitiesStage::new();
    let mut scratch = st.scratch();
    st.annotate(&mut doc, &mut scratch).unwrap();
    for q in &doc.quantities {
        assert_eq!(doc.slice(q.start, q.end), Some(q.text.as_str()), "{q:?}");
        if let Some(m) = &q.unit_mention {
            assert_eq!(doc.slice(m.start, m.end), Some(m.text.as_str()), "{q:?}");
            assert!(q.start <= m.start && m.end <= q.end, "{q:?}");
        }
        assert!(q.value.is_some_and(f64::is_finite), "{q:?}");
    }
}

/// Words and symbols that make the scanner take its many branches.
const PIECES: &[&str] = &[
    "ثلاثة",
    "ثلاث",
    "آلاف",
    "ألف",
    "ألفاً",
    "ألفين",
    "مليون",
    "ملايين",
    "مليار",
    "مئة",
    "مائة",
    "مئتي",
    "عشر",
    "عشرة",
    "اثنتي",
    "اثنتى",
    "أحد",
    "إحدى",
    "وعشرون",
    "و",
    "ونصف",
    "نصف",
    "عشرات",
    "مئات",
    "الآلاف",
    "بضعة",
    "نحو",
    "أكثر",
    "من",
    "ما",
    "لا",
    "يقل",
    "عن",
    "بين",
    "إلى",
    "أو",
    "-",
    "/",
    ":",
    "%",
    "٪",
    "$",
    "+",
    "في",
    "المئة",
    "بالمئة",
    "لكل",
    "عائلة",
    "شهرياً",
    "للشخص",
    "الواحد",
    "دينار",
    "عراقي",
    "ليرة",
    "سورية",
    "دولار",
    "طفلان",
    "جنديين",
    "طفل",
    "واحد",
    "عنصر",
    "مدنياً",
    "قتيلاً",
    "عام",
    "الساعة",
    "الفرقة",
    "رقم",
    "مارس",
    "تشرين",
    "الأول",
    "هـ",
    "م",
    "0",
    "3",
    "12",
    "2019",
    "2.5",
    "1,500",
    "١٢",
    "٣٠٫٥",
    "۱۲",
    "٬",
    "٫",
    "99999999999999999999",
    "على",
    "الأقل",
    "تقريباً",
    "،",
    ".",
    "الـ",
    "ـ",
    "\u{64b}",
];

proptest! {
    #[test]
    fn random_text_never_panics(s in "\\PC{0,80}") {
        check(&s);
    }

    #[test]
    fn arabic_ish_text_never_panics(s in "[ء-ي٠-٩0-9 ،.%/\\-:ًٌٍَُِّْـ]{0,80}") {
        check(&s);
    }

    #[test]
    fn quantity_words_never_panic(ix in proptest::collection::vec((0..PIECES.len(), 0..3usize), 0..24)) {
        let mut s = String::new();
        for (i, sep) in ix {
            s.push_str(PIECES[i]);
            s.push_str(["", " ", "  "][sep]);
        }
        check(&s);
    }
}

#[test]
fn stage_numbers_its_quantities_and_replaces_them_on_a_rerun() {
    let mut doc = Document::new(
        "قتل 5 أطفال وأصيب 12 مدنيا".into(),
        Source::default(),
        Meta::default(),
    );
    marsad_text::analyze(&mut doc);
    let st = QuantitiesStage::new();
    let mut scratch = st.scratch();
    st.annotate(&mut doc, &mut scratch).unwrap();
    assert_eq!(doc.quantities.len(), 2);
    assert_eq!(doc.quantities[0].unit.as_deref(), Some("children"));
    let ids: Vec<String> = doc.quantities.iter().map(|q| q.id.to_string()).collect();
    assert_eq!(ids, ["q0", "q1"]);
    // running twice replaces, not appends
    st.annotate(&mut doc, &mut scratch).unwrap();
    assert_eq!(doc.quantities.len(), 2);
}
