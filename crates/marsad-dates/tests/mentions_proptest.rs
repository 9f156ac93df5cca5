//! Odd input never panics and every date span slices the text exactly.

use marsad_core::{Document, Meta, Source, Stage};
use marsad_dates::DatesStage;
use proptest::prelude::*;

fn check(text: &str, published: Option<&str>) {
    let meta = Meta {
        published: published.map(str::to_string),
        ..Meta::default()
    };
    let mut doc = Document::new(text.to_string(), Source::default(), meta);
    marsad_text::analyze(&mut doc);
    let st = DatesStage::new();
    let mut scratch = st.scratch();
    st.annotate(&mut doc, &mut scratch).unwrap();
    for d in &doc.dates {
        assert_eq!(doc.slice(d.start, d.end), Some(d.text.as_str()), "{d:?}");
        assert_eq!(d.anchored, d.value.is_some(), "{d:?}");
    }
}

const PIECES: &[&str] = &[
    "3",
    "31",
    "29",
    "0",
    "12",
    "2019",
    "1439",
    "1440",
    "9999",
    "0000",
    "99999999999",
    "مارس",
    "فبراير",
    "شباط",
    "آب",
    "تشرين",
    "الأول",
    "الثاني",
    "كانون",
    "رمضان",
    "ذو",
    "الحجة",
    "هـ",
    "م",
    "عام",
    "العام",
    "الماضي",
    "المقبل",
    "الجاري",
    "الأسبوع",
    "الشهر",
    "هذا",
    "أمس",
    "الأول",
    "أول",
    "من",
    "اليوم",
    "غداً",
    "بعد",
    "غد",
    "منذ",
    "قبل",
    "ثلاثة",
    "أيام",
    "يومين",
    "سنوات",
    "مساء",
    "يوم",
    "الأحد",
    "الجمعة",
    "بين",
    "و",
    "وبين",
    "وقبل",
    "إلى",
    "حتى",
    "-",
    "/",
    "(",
    ")",
    ".",
    "،",
    "في",
    "شهر",
    "٣",
    "٢٠١٩",
    "وَ",
];

proptest! {
    #[test]
    fn random_text_never_panics(s in "\\PC{0,80}") {
        check(&s, Some("2019-10-15"));
        check(&s, None);
    }

    #[test]
    fn date_words_never_panic(
        ix in proptest::collection::vec((0..PIECES.len(), 0..2usize), 0..20),
        pubd in prop_oneof![Just(None), Just(Some("2019-03-01")), Just(Some("0001-01-01")),
            Just(Some("9999-12-31T23:00:00Z")), Just(Some("garbage"))],
    ) {
        let mut s = String::new();
        for (i, sep) in ix {
            s.push_str(PIECES[i]);
            s.push_str(["", " "][sep]);
        }
        check(&s, pubd);
    }
}
