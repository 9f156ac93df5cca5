//! Quantities on composed Arabic news paragraphs (written for these
//! tests). Each case states the canonical value, unit, qualifier, rate.

use marsad_core::{Document, Meta, Quantity, QuantityQualifier as Q, Source, Stage};
use marsad_quantities::QuantitiesStage;

fn run(text: &str) -> Document {
    let mut doc = Document::new(text.to_string(), Source::default(), Meta::default());
    marsad_text::analyze(&mut doc);
    let st = QuantitiesStage::new();
    let mut scratch = st.scratch();
    st.annotate(&mut doc, &mut scratch).unwrap();
    for q in &doc.quantities {
        assert_eq!(doc.slice(q.start, q.end), Some(q.text.as_str()), "{q:?}");
        if let Some(m) = &q.unit_mention {
            assert_eq!(doc.slice(m.start, m.end), Some(m.text.as_str()), "{q:?}");
        }
    }
    doc
}

fn find<'a>(doc: &'a Document, text: &str) -> &'a Quantity {
    doc.quantities
        .iter()
        .find(|q| q.text == text)
        .unwrap_or_else(|| panic!("no quantity {text:?} in {:#?}", doc.quantities))
}

fn check(doc: &Document, text: &str, value: f64, unit: Option<&str>, qual: Option<Q>) {
    let q = find(doc, text);
    assert_eq!(q.value, Some(value), "{text}: {q:?}");
    assert_eq!(q.unit.as_deref(), unit, "{text}: {q:?}");
    assert_eq!(q.qualifier, qual, "{text}: {q:?}");
    assert_eq!(q.approximate, qual.is_some(), "{text}: {q:?}");
}

#[test]
fn conflict_report() {
    let d = run(
        "قالت مصادر محلية إن قرابة ثلاثة آلاف عنصر من الفصيل انسحبوا من البلدة، \
         بعد اشتباكات أسفرت عن مقتل 12 مدنياً وإصابة أكثر من عشرين شخصاً. \
         ونزحت اثنتي عشرة عائلة إلى المخيم، فيما أحصت منظمة إغاثية نحو 150 عائلة أخرى. \
         وقتل جنديان وطفلان في القصف.",
    );
    check(
        &d,
        "قرابة ثلاثة آلاف عنصر",
        3000.0,
        Some("fighters"),
        Some(Q::About),
    );
    check(&d, "12 مدنياً", 12.0, Some("civilians"), None);
    check(
        &d,
        "أكثر من عشرين شخصاً",
        20.0,
        Some("people"),
        Some(Q::MoreThan),
    );
    check(&d, "اثنتي عشرة عائلة", 12.0, Some("families"), None);
    check(&d, "نحو 150 عائلة", 150.0, Some("families"), Some(Q::About));
    check(&d, "جنديان", 2.0, Some("soldiers"), None);
    check(&d, "طفلان", 2.0, Some("children"), None);
    let q = find(&d, "قرابة ثلاثة آلاف عنصر");
    assert_eq!(q.unit_mention.as_ref().unwrap().text, "عنصر");
    assert!(q.unit_known);
}

#[test]
fn money_and_rates() {
    let d = run(
        "وتتقاضى كل أسرة خمسمئة ألف دينار عراقي شهرياً، بينما تبلغ المساعدة 50 دولاراً لكل عائلة \
         و20 ألف ليرة سورية للشخص الواحد. وقدرت الخسائر بـ 2.5 مليار دولار، \
         وبلغ سعر الصرف 3 ملايين ليرة لبنانية. وتبرعت الحكومة بمبلغ 100 ألف جنيه.",
    );
    let q = find(&d, "خمسمئة ألف دينار عراقي شهرياً");
    assert_eq!(q.value, Some(500_000.0));
    assert_eq!(q.unit.as_deref(), Some("IQD"));
    assert_eq!(q.rate.as_deref(), Some("month"));
    assert_eq!(q.unit_mention.as_ref().unwrap().text, "دينار عراقي");
    let q = find(&d, "50 دولاراً لكل عائلة");
    assert_eq!(
        (q.value, q.unit.as_deref(), q.rate.as_deref()),
        (Some(50.0), Some("USD"), Some("family"))
    );
    let q = find(&d, "20 ألف ليرة سورية للشخص الواحد");
    assert_eq!(
        (q.value, q.unit.as_deref(), q.rate.as_deref()),
        (Some(20_000.0), Some("SYP"), Some("person"))
    );
    check(&d, "2.5 مليار دولار", 2.5e9, Some("USD"), None);
    check(&d, "3 ملايين ليرة لبنانية", 3e6, Some("LBP"), None);
    // A currency whose country is not named keeps its raw text.
    let q = find(&d, "100 ألف جنيه");
    assert_eq!(q.unit.as_deref(), Some("جنيه"));
    assert!(!q.unit_known);
}

#[test]
fn percentages_distances_digits() {
    let d = run(
        "ارتفعت الأسعار 30 في المئة خلال الشهر، وتراجعت الليرة ٪١٥ أمام الدولار. \
         وتبعد القرية ١٢٫٥ كيلومتراً عن الحدود، ونزح ۱۲۰۰ شخص. وبلغت النسبة 45% وسجلت ١٬٥٠٠ إصابة.",
    );
    check(&d, "30 في المئة", 30.0, Some("percent"), None);
    check(&d, "١٢٫٥ كيلومتراً", 12.5, Some("km"), None);
    check(&d, "۱۲۰۰ شخص", 1200.0, Some("people"), None);
    check(&d, "45%", 45.0, Some("percent"), None);
    check(&d, "١٬٥٠٠ إصابة", 1500.0, Some("injured"), None);
}

#[test]
fn ranges_and_vague_amounts() {
    let d = run(
        "قتل ما بين 10 و 15 مسلحاً، وأصيب من 3 إلى 5 مدنيين، واعتقل 10-15 شخصاً. \
         وشارك عشرات المدنيين في التظاهرة، ونزح عشرات الآلاف من السكان، ودمرت مئات المنازل. \
         وسقط ما لا يقل عن سبعة قتلى، ووصل أقل من مئة لاجئ، وأصيب بين خمسة وعشرة أطفال.",
    );
    let q = find(&d, "ما بين 10 و 15 مسلحاً");
    assert_eq!(q.value, Some(10.0));
    assert_eq!(q.range.map(|r| (r.min, r.max)), Some((10.0, 15.0)));
    assert_eq!(q.unit.as_deref(), Some("fighters"));
    assert_eq!(q.qualifier, Some(Q::Range));
    let q = find(&d, "من 3 إلى 5 مدنيين");
    assert_eq!(q.range.map(|r| (r.min, r.max)), Some((3.0, 5.0)));
    let q = find(&d, "10-15 شخصاً");
    assert_eq!(q.range.map(|r| (r.min, r.max)), Some((10.0, 15.0)));
    let q = find(&d, "عشرات المدنيين");
    // A plural of tens: at least two of them.
    assert_eq!((q.value, q.qualifier), (Some(20.0), Some(Q::Tens)));
    assert_eq!(q.range.map(|r| (r.min, r.max)), Some((20.0, 99.0)));
    assert_eq!(q.unit.as_deref(), Some("civilians"));
    assert!(q.approximate);
    let q = find(&d, "عشرات الآلاف من السكان");
    assert_eq!(q.value, Some(20_000.0));
    assert_eq!(q.range.map(|r| (r.min, r.max)), Some((20_000.0, 99_999.0)));
    assert_eq!(q.unit.as_deref(), Some("people"));
    check(&d, "مئات المنازل", 200.0, Some("houses"), Some(Q::Hundreds));
    let q = find(&d, "مئات المنازل");
    assert_eq!(q.range.map(|r| (r.min, r.max)), Some((200.0, 999.0)));
    check(
        &d,
        "ما لا يقل عن سبعة قتلى",
        7.0,
        Some("killed"),
        Some(Q::AtLeast),
    );
    check(
        &d,
        "أقل من مئة لاجئ",
        100.0,
        Some("refugees"),
        Some(Q::LessThan),
    );
    let q = find(&d, "بين خمسة وعشرة أطفال");
    assert_eq!(q.range.map(|r| (r.min, r.max)), Some((5.0, 10.0)));
    assert_eq!(q.unit.as_deref(), Some("children"));
}

#[test]
fn compound_number_words() {
    let d = run(
        "ووصل إلى المدينة مئة وخمسون ألفاً من النازحين، وسجلت خمسة وعشرون حالة، \
         ونقل ثلاث مئة جريح، وأعلنت الأمم المتحدة أن مليون ونصف شخص بحاجة إلى مساعدة.",
    );
    let q = find(&d, "مئة وخمسون ألفاً من النازحين");
    assert_eq!(
        (q.value, q.unit.as_deref()),
        (Some(150_000.0), Some("displaced"))
    );
    let q = find(&d, "خمسة وعشرون حالة");
    assert_eq!(q.value, Some(25.0));
    assert_eq!(q.unit.as_deref(), Some("حالة"));
    assert!(!q.unit_known);
    check(&d, "ثلاث مئة جريح", 300.0, Some("injured"), None);
    check(&d, "مليون ونصف شخص", 1_500_000.0, Some("people"), None);
}

#[test]
fn numbers_that_are_not_counts() {
    let d = run(
        "في عام 2018 أعلنت الفرقة 17 أن القرار 2254 لم ينفذ، وفي 3 مارس عند الساعة 9 \
         اجتمع الوفد في الطابق 4. للتواصل 0944123456. وفي 2019 تغيّر الوضع. \
         وصدر التقرير بتاريخ 3/10/2019 و2019-10-09. وقتل الثالث من المقاتلين. \
         وجرت المعارك بين 3 و5 آذار، واستمر النزاع من 2011 إلى 2015، وفي التاسع من أكتوبر 2019 \
         انتهى، وفي 2018م و1439 هـ وآذار/مارس 2019 كذلك. وقال واحد منهم إن الـ17 عادوا.",
    );
    assert!(d.quantities.is_empty(), "{:#?}", d.quantities);
}

#[test]
fn bare_numbers_have_no_unit() {
    let d = run("قتل 5 وأصيب 3 في الهجوم، وقتل ثلاثة.");
    let vals: Vec<_> = d
        .quantities
        .iter()
        .map(|q| (q.value, q.unit.clone()))
        .collect();
    assert_eq!(
        vals,
        vec![(Some(5.0), None), (Some(3.0), None), (Some(3.0), None)]
    );
}

#[test]
fn post_qualifiers_and_symbols() {
    let d = run("قتل 40 شخصاً على الأقل، ودفع $500 لكل شخص، ووصل 200 لاجئ تقريباً.");
    check(
        &d,
        "40 شخصاً على الأقل",
        40.0,
        Some("people"),
        Some(Q::AtLeast),
    );
    let q = find(&d, "$500 لكل شخص");
    assert_eq!(
        (q.unit.as_deref(), q.rate.as_deref()),
        (Some("USD"), Some("person"))
    );
    check(
        &d,
        "200 لاجئ تقريباً",
        200.0,
        Some("refugees"),
        Some(Q::About),
    );
}

#[test]
fn json_shape() {
    let d = run("نزح نحو 3 آلاف شخص.");
    let v = serde_json::to_value(&d.quantities[0]).unwrap();
    assert_eq!(v["value"], 3000.0);
    assert_eq!(v["unit"], "people");
    assert_eq!(v["qualifier"], "about");
    assert_eq!(v["approximate"], true);
}

#[test]
fn duals_constructs_and_joined_digits() {
    let d =
        run("خصصت الحكومة مليونا دولار، ووصل 3 آلاف و500 نازح، وأصيب عنصران من الشرطة وطفل واحد.");
    check(&d, "مليونا دولار", 2e6, Some("USD"), None);
    check(&d, "3 آلاف و500 نازح", 3500.0, Some("displaced"), None);
    check(&d, "عنصران", 2.0, Some("fighters"), None);
    check(&d, "طفل واحد", 1.0, Some("children"), None);
    assert_eq!(
        find(&d, "طفل واحد").unit_mention.as_ref().unwrap().text,
        "طفل"
    );
}

#[test]
fn parse_quantity_api() {
    let q = marsad_quantities::parse_quantity("نحو 3 آلاف مقاتل").unwrap();
    assert_eq!(
        (q.value, q.unit.as_deref()),
        (Some(3000.0), Some("fighters"))
    );
    assert!(matches!(
        marsad_quantities::parse_quantity("  "),
        Err(marsad_quantities::QuantityError::Empty)
    ));
    assert!(matches!(
        marsad_quantities::parse_quantity("لا شيء هنا"),
        Err(marsad_quantities::QuantityError::NoQuantity(_))
    ));
    assert_eq!(marsad_quantities::parse_number("خمسة وعشرون"), Some(25.0));
}

#[test]
fn approximate_hawali_and_turkish_and_euro_currencies() {
    let d = run(
        "وأفادت منظمة محلية بأن حوالي 400 عائلة عادت إلى القرية، وأن كل عائلة تلقت \
         1500 ليرة تركية، فيما خصص الاتحاد الأوروبي 20 مليون يورو لإعادة الإعمار. \
         وبلغت قيمة المنحة حوالي ثلاثة آلاف يورو لكل أسرة.",
    );
    check(
        &d,
        "حوالي 400 عائلة",
        400.0,
        Some("families"),
        Some(Q::About),
    );
    check(&d, "1500 ليرة تركية", 1500.0, Some("TRY"), None);
    assert_eq!(
        find(&d, "1500 ليرة تركية")
            .unit_mention
            .as_ref()
            .unwrap()
            .text,
        "ليرة تركية"
    );
    check(&d, "20 مليون يورو", 20e6, Some("EUR"), None);
    let q = find(&d, "حوالي ثلاثة آلاف يورو لكل أسرة");
    assert_eq!(
        (q.value, q.unit.as_deref(), q.qualifier, q.approximate),
        (Some(3000.0), Some("EUR"), Some(Q::About), true)
    );
    assert_eq!(q.rate.as_deref(), Some("family"));
    assert!(q.unit_known);
}

#[test]
fn dual_thousands_millions_hundred_and_feminine_twelve() {
    let d = run(
        "وقالت الأمم المتحدة إن ألفان من المدنيين فروا من القصف، وإن المنظمة وزعت \
         مساعدات على ألفي عائلة. وأضافت أن مليونان من الأطفال خارج المدارس، \
         وأن مائة منزل دمرت، بينما نزحت اثنتى عشرة عائلة من الحي الشرقي.",
    );
    check(&d, "ألفان من المدنيين", 2000.0, Some("civilians"), None);
    check(&d, "ألفي عائلة", 2000.0, Some("families"), None);
    check(&d, "مليونان من الأطفال", 2e6, Some("children"), None);
    check(&d, "مائة منزل", 100.0, Some("houses"), None);
    check(&d, "اثنتى عشرة عائلة", 12.0, Some("families"), None);
}

#[test]
fn area_volume_and_temperature_units() {
    let d = run("تنتج المحطة الجديدة عشرة آلاف متر مكعب من المياه يومياً، \
         وتقوم على أرض مساحتها 500 متر مربع. \
         وتجاوزت الحرارة خمسين درجة مئوية في المدينة، \
         فيما قطع الموكب 30 متراً فقط.");
    let q = find(&d, "عشرة آلاف متر مكعب");
    assert_eq!((q.value, q.unit.as_deref()), (Some(10000.0), Some("m3")));
    let q = find(&d, "500 متر مربع");
    assert_eq!((q.value, q.unit.as_deref()), (Some(500.0), Some("m2")));
    let q = find(&d, "خمسين درجة مئوية");
    assert_eq!(
        (q.value, q.unit.as_deref()),
        (Some(50.0), Some("degrees_celsius"))
    );
    let q = find(&d, "30 متراً");
    assert_eq!((q.value, q.unit.as_deref()), (Some(30.0), Some("m")));
}

/// A document whose places say where it is (as the places stage leaves
/// them): `country` with `mentions` mentions.
fn run_in(text: &str, country: &str, mentions: usize) -> Document {
    let mut doc = Document::new(text.to_string(), Source::default(), Meta::default());
    marsad_text::analyze(&mut doc);
    doc.places.push(marsad_core::Place {
        resolved: true,
        country: Some(country.to_string()),
        mentions: vec![
            marsad_core::Mention {
                start: 0,
                end: 0,
                text: String::new(),
            };
            mentions
        ],
        ..marsad_core::Place::default()
    });
    let st = QuantitiesStage::new();
    let mut scratch = st.scratch();
    st.annotate(&mut doc, &mut scratch).unwrap();
    doc
}

#[test]
fn bare_currency_nouns_take_the_document_currency() {
    // Named once with its adjective, then bare.
    let d = run("خصصت الحكومة 50 مليون ريال قطري للمشروع، \
         على أن تدفع البلديات 3 ملايين ريال إضافية.");
    let q = find(&d, "50 مليون ريال قطري");
    assert_eq!(
        (q.unit.as_deref(), q.unit_from_context),
        (Some("QAR"), false)
    );
    let q = find(&d, "3 ملايين ريال");
    assert_eq!(
        (q.value, q.unit.as_deref(), q.unit_from_context),
        (Some(3_000_000.0), Some("QAR"), true)
    );
    // Bare, in an article about Saudi places: the riyal is Saudi.
    let d = run_in("بلغت الإيرادات 67 مليار ريال خلال الربع الأول.", "SA", 3);
    let q = find(&d, "67 مليار ريال");
    assert_eq!(
        (q.unit.as_deref(), q.unit_from_context),
        (Some("SAR"), true)
    );
    // Bare, and the country has no riyal: left as written.
    let d = run_in("بلغت الإيرادات 67 مليار ريال خلال الربع الأول.", "EG", 3);
    let q = find(&d, "67 مليار ريال");
    assert_eq!((q.unit.as_deref(), q.unit_known), (Some("ريال"), false));
    // Two different riyals named: a bare one stays ambiguous.
    let d = run("تبادل البلدان 10 ملايين ريال سعودي و20 مليون ريال عماني، ثم 5 آلاف ريال.");
    let q = find(&d, "5 آلاف ريال");
    assert_eq!((q.unit.as_deref(), q.unit_known), (Some("ريال"), false));
    // The pound sterling named by its adjective alone.
    let d = run("تبرع رجل أعمال بمليون إسترليني للمستشفى.");
    assert_eq!(d.quantities[0].unit.as_deref(), Some("GBP"));
}

#[test]
fn number_words_after_a_preposition() {
    let d = run(
        "تبرع رجل أعمال بمليون دولار للمستشفى، وتعهد آخر بخمسة ملايين دولار، \
         وقُدّرت الخسائر بعشرات الملايين. وقال المسؤول: لست أدري متى تصل المساعدات.",
    );
    let q = find(&d, "مليون دولار");
    assert_eq!(
        (q.value, q.unit.as_deref()),
        (Some(1_000_000.0), Some("USD"))
    );
    let q = find(&d, "خمسة ملايين دولار");
    assert_eq!(
        (q.value, q.unit.as_deref()),
        (Some(5_000_000.0), Some("USD"))
    );
    assert!(
        !d.quantities.iter().any(|q| q.text.contains("ست")),
        "{:#?}",
        d.quantities
    );
}

#[test]
fn lam_before_a_number_word_needs_a_unit() {
    let d = run("سافر الوفد لثلاثة أيام. وقال آخر: هيا تعال لعشرة طيبة بين الجيران.");
    let q = find(&d, "ثلاثة أيام");
    assert_eq!((q.value, q.unit.as_deref()), (Some(3.0), Some("days")));
    assert_eq!(d.quantities.len(), 1, "{:#?}", d.quantities);
}

#[test]
fn counted_nouns_of_news_get_a_unit() {
    let d = run(
        "واعتقلت الشرطة 3 متهمين وأغلقت 8 مدارس، وقصفت الطائرات مستشفيين و4 مساجد، \
         ووصلت 12 باصاً إلى المعبر، وأصيب 5 صحفيين، وأسقطت 3 طائرات مسيرة.",
    );
    for (surface, unit) in [
        ("3 متهمين", "accused"),
        ("8 مدارس", "schools"),
        ("4 مساجد", "mosques"),
        ("12 باصاً", "vehicles"),
        ("5 صحفيين", "journalists"),
        ("3 طائرات مسيرة", "drones"),
    ] {
        let q = find(&d, surface);
        assert_eq!(q.unit.as_deref(), Some(unit), "{surface}");
        assert!(q.unit_known, "{surface}");
    }
}
