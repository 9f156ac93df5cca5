//! Dates in composed Arabic news paragraphs (written for these tests).

use marsad_core::{
    DateAnchor, DateFlag, DateMention, DatePrecision as P, Document, Meta, Source, Stage,
};
use marsad_dates::DatesStage;

fn run(text: &str, published: Option<&str>) -> Document {
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
    }
    doc
}

fn find<'a>(doc: &'a Document, text: &str) -> &'a DateMention {
    doc.dates
        .iter()
        .find(|d| d.text == text)
        .unwrap_or_else(|| panic!("no date {text:?} in {:#?}", doc.dates))
}

fn check(doc: &Document, text: &str, value: &str, precision: P, anchor: DateAnchor) {
    let d = find(doc, text);
    assert_eq!(d.value.as_deref(), Some(value), "{text}: {d:?}");
    assert_eq!(d.precision, Some(precision), "{text}: {d:?}");
    assert_eq!(d.anchor, Some(anchor), "{text}: {d:?}");
    assert!(d.anchored, "{text}: {d:?}");
}

const PUB: Option<&str> = Some("2019-10-15T10:00:00+03:00");

#[test]
fn absolute_dates() {
    let d = run(
        "وقع الهجوم في 9 أكتوبر 2019، بعد اجتماع عقد الأحد 3 مارس 2019 في دمشق. \
         وصدر البيان بتاريخ 3/10/2019، ونشر التقرير في 2019-10-09. \
         وفي 1 رمضان 1440 هـ بدأ الحصار، واستمر حتى 3 آذار/مارس 2019.",
        PUB,
    );
    use DateAnchor::Absolute as A;
    check(&d, "9 أكتوبر 2019", "2019-10-09", P::Day, A);
    check(&d, "الأحد 3 مارس 2019", "2019-03-03", P::Day, A);
    assert!(find(&d, "الأحد 3 مارس 2019").flags.is_empty());
    check(&d, "3/10/2019", "2019-10-03", P::Day, A);
    check(&d, "2019-10-09", "2019-10-09", P::Day, A);
    check(&d, "1 رمضان 1440 هـ", "2019-05-06", P::Day, A);
    assert_eq!(find(&d, "1 رمضان 1440 هـ").flags, vec![DateFlag::Hijri]);
    check(&d, "3 آذار/مارس 2019", "2019-03-03", P::Day, A);
}

#[test]
fn ordinal_days() {
    let d = run(
        "انطلقت المفاوضات في التاسع من أكتوبر 2019، وتوقفت في الحادي والعشرين من آذار، \
         ثم استؤنفت في الثاني عشر من أيلول.",
        PUB,
    );
    check(
        &d,
        "التاسع من أكتوبر 2019",
        "2019-10-09",
        P::Day,
        DateAnchor::Absolute,
    );
    check(
        &d,
        "الحادي والعشرين من آذار",
        "2019-03-21",
        P::Day,
        DateAnchor::Publication,
    );
    check(
        &d,
        "الثاني عشر من أيلول",
        "2019-09-12",
        P::Day,
        DateAnchor::Publication,
    );
}

#[test]
fn partial_dates_take_the_publication_year() {
    let d = run(
        "وفي 12 آب اندلعت الاشتباكات، ثم في 3 تشرين الأول توقفت، واستؤنفت في 20 تشرين الثاني.",
        PUB,
    );
    use DateAnchor::Publication as Pb;
    check(&d, "12 آب", "2019-08-12", P::Day, Pb);
    check(&d, "3 تشرين الأول", "2019-10-03", P::Day, Pb);
    // After the publication date: the previous year.
    check(&d, "20 تشرين الثاني", "2018-11-20", P::Day, Pb);
    assert!(find(&d, "12 آب").flags.contains(&DateFlag::InferredYear));
}

#[test]
fn months_and_years() {
    let d = run(
        "تصاعد القصف منذ مارس 2019، وكان قد بدأ عام 2018، وتراجع في 2017. \
         وأُسس الفصيل في 1439 هـ، وانتهى الحصار في رمضان 1440.",
        PUB,
    );
    use DateAnchor::Absolute as A;
    check(&d, "مارس 2019", "2019-03", P::Month, A);
    check(&d, "عام 2018", "2018", P::Year, A);
    check(&d, "2017", "2017", P::Year, A);
    let h = find(&d, "1439 هـ");
    assert_eq!(h.value.as_deref(), Some("2017/2018"));
    assert_eq!(h.precision, Some(P::Year));
    let r = h.range.as_ref().unwrap();
    assert_eq!(
        (r.start.as_str(), r.end.as_str()),
        ("2017-09-21", "2018-09-10")
    );
    let r = find(&d, "رمضان 1440");
    assert_eq!(r.value.as_deref(), Some("2019-05-06/2019-06-03"));
    assert_eq!(r.precision, Some(P::Month));
}

#[test]
fn relative_dates() {
    // 2019-10-15 is a Tuesday.
    let d = run(
        "قال المرصد أمس إن القصف تجدد أمس الأول، وأعلن اليوم أن الوفد يصل غداً. \
         وكانت الاشتباكات بدأت الأسبوع الماضي وستستمر حتى الشهر المقبل، كما حدث العام الماضي. \
         وقتل ثلاثة مدنيين مساء الأحد، وكان الهجوم الأول منذ ثلاثة أيام، وقبل يومين وصل الوفد.",
        PUB,
    );
    use DateAnchor::Publication as Pb;
    check(&d, "أمس", "2019-10-14", P::Day, Pb);
    check(&d, "أمس الأول", "2019-10-13", P::Day, Pb);
    check(&d, "اليوم", "2019-10-15", P::Day, Pb);
    check(&d, "غداً", "2019-10-16", P::Day, Pb);
    check(&d, "الأسبوع الماضي", "2019-W41", P::Week, Pb);
    check(&d, "الشهر المقبل", "2019-11", P::Month, Pb);
    check(&d, "العام الماضي", "2018", P::Year, Pb);
    check(&d, "مساء الأحد", "2019-10-13", P::Day, Pb);
    assert!(find(&d, "مساء الأحد").flags.contains(&DateFlag::PartOfDay));
    check(&d, "منذ ثلاثة أيام", "2019-10-12", P::Day, Pb);
    check(&d, "قبل يومين", "2019-10-13", P::Day, Pb);
    assert_eq!(find(&d, "أمس").relative.as_deref(), Some("-1 day"));
}

#[test]
fn relative_without_publication_date_stays_relative() {
    let d = run("قال المرصد أمس إن 12 آب كان أسوأ يوم.", None);
    let m = find(&d, "أمس");
    assert_eq!(m.value, None);
    assert_eq!(m.relative.as_deref(), Some("-1 day"));
    assert!(!m.anchored);
    assert_eq!(m.anchor, None);
    let m = find(&d, "12 آب");
    assert_eq!(m.value, None);
    assert!(!m.anchored);
    let v = serde_json::to_value(find(&d, "أمس")).unwrap();
    assert_eq!(v["anchored"], false);
    assert_eq!(v["relative"], "-1 day");
    assert!(v.get("value").is_none());
}

#[test]
fn ranges() {
    let d = run(
        "جرت المعارك بين 3 و5 آذار، واستمر النزاع من 2011 إلى 2015، \
         ثم من 3 إلى 5 مارس 2019 جرت مفاوضات، وبين عامي 2016 و2018 ساد الهدوء.",
        PUB,
    );
    let r = find(&d, "بين 3 و5 آذار");
    assert_eq!(r.value.as_deref(), Some("2019-03-03/2019-03-05"));
    assert_eq!(r.precision, Some(P::Day));
    let r = find(&d, "من 2011 إلى 2015");
    assert_eq!(r.value.as_deref(), Some("2011/2015"));
    assert_eq!(r.precision, Some(P::Year));
    let r = find(&d, "من 3 إلى 5 مارس 2019");
    assert_eq!(r.value.as_deref(), Some("2019-03-03/2019-03-05"));
    assert_eq!(r.anchor, Some(DateAnchor::Absolute));
    let r = find(&d, "بين عامي 2016 و2018");
    assert_eq!(r.value.as_deref(), Some("2016/2018"));
}

#[test]
fn impossible_dates_are_unparsed() {
    let d = run(
        "وزعم البيان أن الهجوم وقع في 31 فبراير 2019 وفي 30 شباط.",
        PUB,
    );
    for t in ["31 فبراير 2019", "30 شباط"] {
        let m = find(&d, t);
        assert_eq!(m.value, None, "{t}");
        assert!(m.flags.contains(&DateFlag::Invalid), "{t}");
        assert!(!m.anchored);
    }
}

#[test]
fn not_dates() {
    let d = run(
        "قتل 12 شخصاً، وأحد المقاتلين أصيب، والاثنان نجوا. وقال أب لثلاثة أطفال إن اليوم التالي كان صعباً.",
        PUB,
    );
    assert!(d.dates.is_empty(), "{:#?}", d.dates);
}

#[test]
fn weekdays() {
    // 2019-10-15 is a Tuesday.
    let d = run(
        "اجتمع الوفد يوم الثلاثاء، وسيعود الجمعة المقبل، بعد زيارة الخميس الماضي.",
        PUB,
    );
    use DateAnchor::Publication as Pb;
    check(&d, "يوم الثلاثاء", "2019-10-15", P::Day, Pb);
    check(&d, "الجمعة المقبل", "2019-10-18", P::Day, Pb);
    check(&d, "الخميس الماضي", "2019-10-10", P::Day, Pb);
}

#[test]
fn without_a_publication_date_the_year_comes_from_the_latest_full_date() {
    let d = run(
        "قال ناشطون إن القصف بدأ في (12 فبراير) واستمر حتى 3 مارس 2019، \
         بعد هدنة أعلنت في 20 كانون الثاني 2018. وعاد الهدوء أمس.",
        None,
    );
    let feb = find(&d, "12 فبراير");
    assert_eq!(feb.value.as_deref(), Some("2019-02-12"));
    assert_eq!(feb.anchor, Some(DateAnchor::Text));
    assert!(feb.anchored && feb.flags.contains(&DateFlag::InferredYear));
    check(
        &d,
        "3 مارس 2019",
        "2019-03-03",
        P::Day,
        DateAnchor::Absolute,
    );
    // Relative dates count from the publication, which is missing.
    let yesterday = find(&d, "أمس");
    assert_eq!(yesterday.value, None);
    assert!(!yesterday.anchored);
    // With a publication date, that date decides.
    let d = run(
        "بدأ القصف في (12 فبراير) واستمر حتى 3 مارس 2019.",
        Some("2021-06-01"),
    );
    assert_eq!(find(&d, "12 فبراير").value.as_deref(), Some("2021-02-12"));
}
