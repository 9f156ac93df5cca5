//! The events stage through the real default pipeline, on paragraphs
//! written for these tests: events (type, mode, roles, places,
//! quantities), claims and contradictions; and random text never panics.

use marsad_core::{
    Certainty, ContradictionKind, Document, EventType, Meta, Modality, QuantityRole, SourceKind,
};
use marsad_pipeline::Pipeline;
use proptest::prelude::*;

fn run(text: &str) -> Document {
    let p = Pipeline::default_pipeline().expect("default pipeline");
    let meta = Meta {
        published: Some("2019-03-03".into()),
        ..Meta::default()
    };
    let mut d = Document::new(text.into(), Default::default(), meta);
    p.worker().run(&mut d).expect("runs");
    d
}

fn role(d: &Document, i: usize, r: QuantityRole) -> Option<f64> {
    d.events[i]
        .quantities
        .iter()
        .find(|q| q.role == r)
        .and_then(|q| q.value)
}

#[test]
fn evacuation_under_a_deal_and_the_numbers_its_sources_disagree_on() {
    let d = run("بدأت صباح الأحد عملية إجلاء المقاتلين من مدينة دوما إلى مدينة جرابلس بموجب اتفاق بين جيش الإسلام والقوات الروسية. وقالت مصادر محلية إن نحو 1200 مقاتل خرجوا من مدينة دوما بموجب الاتفاق. لكن التحالف قال إن 300 مقاتل و900 من أفراد عائلاتهم خرجوا من مدينة دوما.");
    let e = &d.events[0];
    assert_eq!(
        (e.kind, e.mode.as_deref(), e.text.as_str()),
        (EventType::Retreat, Some("withdraw"), "إجلاء")
    );
    assert!(e.origin.is_some() && e.destination.is_some() && e.origin != e.destination);
    assert!(e.date.is_some() && !e.date_assumed, "صباح الأحد is the date");
    assert!(d.events.iter().any(|e| e.kind == EventType::Agree));
    let exits: Vec<usize> = (0..d.events.len())
        .filter(|&i| d.events[i].text == "خرجوا")
        .collect();
    assert_eq!(exits.len(), 2);
    assert_eq!(role(&d, exits[0], QuantityRole::Fighters), Some(1200.0));
    assert_eq!(role(&d, exits[1], QuantityRole::Fighters), Some(300.0));
    assert_eq!(role(&d, exits[1], QuantityRole::Civilians), Some(900.0));
    assert_eq!(d.events[exits[0]].origin, e.origin);
    // Claims: the article's own, local sources, the coalition.
    let kinds: Vec<SourceKind> = d.claims.iter().map(|c| c.source_kind).collect();
    assert_eq!(
        kinds,
        [
            SourceKind::Article,
            SourceKind::Anonymous,
            SourceKind::Government
        ]
    );
    assert_eq!(d.claims[1].source.as_deref(), Some("مصادر محلية"));
    assert_eq!(d.events[exits[0]].claim, Some(d.claims[1].id));
    assert_eq!(d.events[exits[0]].modality, Modality::Reported);
    // The contradiction: 1200 fighters against 300.
    assert_eq!(d.contradictions.len(), 1);
    let c = &d.contradictions[0];
    assert_eq!(
        (c.kind, c.event_type, c.role),
        (
            ContradictionKind::Quantity,
            EventType::Retreat,
            Some(QuantityRole::Fighters)
        )
    );
    assert_eq!(
        (c.sides[0].value, c.sides[1].value),
        (Some(1200.0), Some(300.0))
    );
    assert_eq!(
        (c.sides[0].claim, c.sides[1].claim),
        (d.claims[1].id, d.claims[2].id)
    );
}

#[test]
fn a_truce_and_a_payment_to_pass_a_checkpoint() {
    let d = run("أعلنت تركيا وروسيا هدنة في إدلب اعتبارا من منتصف ليل السبت. ودفع المسافرون 200 دولار لعناصر الفرقة الرابعة على حاجز في ريف حماة للعبور إلى المدينة.");
    let truce = &d.events[0];
    assert_eq!(
        (truce.kind, truce.mode.as_deref()),
        (EventType::Retreat, Some("ceasefire"))
    );
    assert!(truce.location.is_some());
    let pay = &d.events[1];
    assert_eq!(
        (pay.kind, pay.mode.as_deref()),
        (EventType::Coerce, Some("extort"))
    );
    assert_eq!(role(&d, 1, QuantityRole::Money), Some(200.0));
    // The checkpoint's men are the actor, the travellers the recipient.
    let actor: Vec<&str> = pay
        .participants
        .iter()
        .filter(|p| p.role == marsad_core::ParticipantRole::Actor)
        .map(|p| p.text.as_str())
        .collect();
    assert!(actor.iter().any(|t| t.contains("عناصر")), "{actor:?}");
}

#[test]
fn arrests_a_command_centre_and_fighters_gathered() {
    let d = run("اعتقلت هيئة تحرير الشام خمسة ناشطين في مدينة إدلب. وأنشأت الفصائل غرفة عمليات مشتركة في ريف حلب، وحشدت مئات المقاتلين على جبهات المدينة.");
    let a = &d.events[0];
    assert_eq!(
        (a.kind, a.mode.as_deref()),
        (EventType::Coerce, Some("arrest"))
    );
    assert_eq!(a.actor, ["hts"]);
    assert!(a.location.is_some());
    assert_eq!(role(&d, 0, QuantityRole::Arrested), Some(5.0));
    assert_eq!(
        (d.events[1].kind, d.events[1].mode.as_deref()),
        (EventType::Mobilize, Some("command"))
    );
    assert_eq!(
        (d.events[2].kind, d.events[2].mode.as_deref()),
        (EventType::Mobilize, Some("troops"))
    );
    assert!(role(&d, 2, QuantityRole::Fighters).is_some());
    assert!(d
        .claims
        .iter()
        .all(|c| c.source_kind == SourceKind::Article));
    assert!(d.contradictions.is_empty());
}

#[test]
fn an_official_admission_against_video_evidence() {
    let d = run("اعترف مسؤول في وزارة الدفاع بأن الغارة الجوية على بلدة الأتارب أسفرت عن مقتل 3 مدنيين. لكن تسجيلا مصورا أظهر أن الغارة على بلدة الأتارب أسفرت عن مقتل 12 مدنيا.");
    assert_eq!(d.events.len(), 2);
    for e in &d.events {
        assert_eq!(
            (e.kind, e.mode.as_deref()),
            (EventType::Assault, Some("aerial"))
        );
    }
    assert_eq!(d.events[0].location, d.events[1].location);
    assert_eq!(role(&d, 0, QuantityRole::Killed), Some(3.0));
    assert_eq!(role(&d, 1, QuantityRole::Killed), Some(12.0));
    assert_eq!(d.claims[0].source_kind, SourceKind::Official);
    assert_eq!(d.claims[0].certainty, Certainty::Asserted);
    assert_eq!(d.claims[1].source_kind, SourceKind::Evidence);
    let c = &d.contradictions[0];
    assert_eq!(
        (c.kind, c.role),
        (ContradictionKind::Quantity, Some(QuantityRole::Killed))
    );
    assert_eq!(
        (c.sides[0].value, c.sides[1].value),
        (Some(3.0), Some(12.0))
    );
}

#[test]
fn negation_denial_and_no_false_events() {
    let d = run("نفى الجيش أن تكون طائراته قصفت المستشفى. ولم تنسحب القوات من البلدة. فاز المنتخب على نظيره بهدفين في المباراة.");
    let bomb = d
        .events
        .iter()
        .find(|e| e.kind == EventType::Assault)
        .expect("bombing");
    assert_eq!(bomb.polarity, marsad_core::Polarity::Negative);
    let claim = &d.claims[bomb.claim.expect("claim").index()];
    assert_eq!(claim.certainty, Certainty::Denied);
    let retreat = d
        .events
        .iter()
        .find(|e| e.kind == EventType::Retreat)
        .expect("retreat");
    assert_eq!(retreat.polarity, marsad_core::Polarity::Negative);
    let s2 = d.sentences[2].id;
    assert!(
        d.events.iter().all(|e| e.sentence != s2),
        "sport gives no event"
    );
}

fn news_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("قصفت".to_string()),
        Just("قال".to_string()),
        Just("إن".to_string()),
        Just("اتفاق".to_string()),
        Just("مقاتل".to_string()),
        Just("من".to_string()),
        Just("إلى".to_string()),
        Just("هيئة تحرير الشام".to_string()),
        Just("«".to_string()),
        Just("»".to_string()),
        Just("300".to_string()),
        Just("لم".to_string()),
        Just("،".to_string()),
        Just(".".to_string()),
        Just(" ".to_string()),
        "[\\u0600-\\u06FF]{1,6}",
        "\\PC{1,3}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_text_gives_events_never_a_panic(text in news_like()) {
        let d = run(&text);
        let n = d.text.chars().count();
        for e in &d.events {
            prop_assert!(e.start <= e.end && e.end <= n);
            prop_assert!(e.claim.is_some());
        }
        for c in &d.claims {
            prop_assert!(c.start <= c.end && c.end <= n);
        }
    }
}

#[test]
fn a_speaker_goes_on_in_the_next_sentence() {
    let d = run(
        "قال المتحدث باسم الدفاع المدني إن فرق الإنقاذ انتشلت جثتين. \
         وأضاف أن القصف طال منازل سكنية في البلدة.",
    );
    assert!(d.claims.len() >= 2, "{:#?}", d.claims);
    let (first, second) = (&d.claims[0], &d.claims[1]);
    assert!(first.source.is_some(), "{first:?}");
    assert_eq!(second.source, first.source, "{:#?}", d.claims);
    assert_eq!(second.source_kind, first.source_kind);
    // A sentence with its own speaker keeps it.
    let d = run(
        "قال المتحدث باسم الدفاع المدني إن فرق الإنقاذ انتشلت جثتين. \
         وقالت مصادر محلية إن القصف استمر حتى الصباح.",
    );
    assert_ne!(d.claims[1].source, d.claims[0].source, "{:#?}", d.claims);
}

/// A form VIII verb whose ال belongs to the word (التقى) is the whole
/// trigger, not a stem after a supposed article.
#[test]
fn a_verb_starting_with_alif_lam_is_its_own_trigger() {
    let d = run("التقى وزير الخارجية نظيره الأردني في العاصمة عمّان.");
    let e = d
        .events
        .iter()
        .find(|e| e.kind == EventType::Consult)
        .expect("a meeting");
    assert_eq!(e.text, "التقى");
    assert_eq!(d.slice(e.start, e.end), Some("التقى"));
}

/// What a banner or a chant says is the protesters' text, not an event of
/// the story; a trigger matched as a whole word keeps its first letter.
#[test]
fn slogans_on_banners_are_not_events() {
    let d = run(
        "وتجمع مئات المحتجين أمام مبنى المحافظة ورفعوا لافتات كتب عليها \
         «أوقفوا القصف وأفرجوا عن المعتقلين» و«نرفض الحصار».",
    );
    let kinds: Vec<EventType> = d.events.iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&EventType::Protest), "{kinds:?}");
    assert!(
        kinds.iter().all(|k| *k == EventType::Protest),
        "{:#?}",
        d.events
    );
    for e in &d.events {
        assert_eq!(d.slice(e.start, e.end), Some(e.text.as_str()));
        assert_ne!(e.text, "افتات");
    }
    // The same verbs outside a quotation are events.
    let d = run("وأفرجت السلطات عن المعتقلين بعد أسبوع.");
    assert!(
        d.events.iter().any(|e| e.kind != EventType::Protest),
        "{:#?}",
        d.events
    );
}

/// A word written with a final ة is no verb: طلبة (students) is not طلبه
/// (he asked for it), though both fold alike.
#[test]
fn a_noun_in_ta_marbuta_is_not_a_verb_trigger() {
    let d = run("خرج طلبة الجامعة في مسيرة احتجاجية وسط المدينة.");
    assert!(
        d.events.iter().all(|e| e.kind != EventType::Request),
        "{:#?}",
        d.events
    );
    assert!(d.events.iter().any(|e| e.kind == EventType::Protest));
    let d = run("وطلبه الوزير بتقديم تقرير عن الحادث.");
    assert!(
        d.events.iter().any(|e| e.kind == EventType::Request),
        "{:#?}",
        d.events
    );
}

/// Unvocalised `قتل X برصاص Y` is قُتل: X was killed, Y shot.
#[test]
fn killed_by_the_fire_of_an_agent() {
    let d = run("قتل متظاهر برصاص الشرطة في مدينة درعا.");
    let e = d
        .events
        .iter()
        .find(|e| e.kind == EventType::Assault)
        .expect("an attack");
    let role_of = |text: &str| {
        e.participants
            .iter()
            .find(|p| p.text.contains(text))
            .map(|p| p.role)
    };
    assert_eq!(
        role_of("متظاهر"),
        Some(marsad_core::ParticipantRole::Recipient),
        "{e:#?}"
    );
    assert_eq!(
        role_of("شرطة"),
        Some(marsad_core::ParticipantRole::Actor),
        "{e:#?}"
    );
    // With its subject before it, the verb is active.
    let d = run("وقال الشهود إن مسلحين قتلوا متظاهرا في المدينة.");
    let e = d
        .events
        .iter()
        .find(|e| e.kind == EventType::Assault)
        .expect("an attack");
    assert!(
        e.participants
            .iter()
            .any(|p| p.text.contains("مسلحين") && p.role == marsad_core::ParticipantRole::Actor),
        "{e:#?}"
    );
}

/// A state's nisba after a strike or force noun names that state's armed
/// forces: `غارات روسية` (the adjective is the actor of the strikes), and
/// `قوات تركية` (the whole phrase is the force).
#[test]
fn a_states_adjective_after_a_strike_or_force_noun_is_its_military() {
    let linked = |d: &Document, text: &str| -> String {
        d.actors
            .iter()
            .find(|a| a.mentions.iter().any(|m| m.text == text))
            .map(|a| a.id.clone())
            .unwrap_or_else(|| panic!("{text} linked: {:#?}", d.actors))
    };
    let d = run("قتل ثلاثة مدنيين في غارات روسية على بلدة في ريف إدلب.");
    let rus = linked(&d, "روسية");
    assert_eq!(rus, "rus-mil");
    let e = d
        .events
        .iter()
        .find(|e| e.kind == EventType::Assault)
        .expect("an attack");
    assert!(e.actor.contains(&rus), "{e:#?}");
    let d = run("دخلت قوات تركية إلى قرية في ريف حلب الشمالي.");
    assert_eq!(linked(&d, "قوات تركية"), "tur-mil");
    // An adjective that names no state is no actor (قوات دولية).
    let d = run("انتشرت قوات دولية على الحدود.");
    assert!(
        d.actors
            .iter()
            .all(|a| !a.mentions.iter().any(|m| m.text.contains("دولية"))),
        "{:#?}",
        d.actors
    );
}

/// Unvocalised `قتل X في هجوم` is قُتل: the noun before the attack named
/// as its cause is the victim; with its agent first (`قتل مسلحون جنديا في
/// هجوم`) the verb stays active.
#[test]
fn killed_in_an_attack_is_the_victim() {
    let roles = |text: &str| -> Vec<(marsad_core::ParticipantRole, String)> {
        let d = run(text);
        let e = d
            .events
            .iter()
            .find(|e| e.kind == EventType::Assault)
            .unwrap_or_else(|| panic!("an attack in {text}: {:#?}", d.events));
        e.participants
            .iter()
            .map(|p| (p.role, p.text.clone()))
            .collect()
    };
    use marsad_core::ParticipantRole::{Actor, Recipient};
    assert_eq!(
        roles("قتل جندي في هجوم على حاجز قرب درعا."),
        [(Recipient, "جندي".to_string())]
    );
    assert_eq!(
        roles("قتل ثلاثة مدنيين جراء غارة جوية على السوق."),
        [(Recipient, "مدنيين".to_string())]
    );
    assert_eq!(
        roles("قتل مسلحون جنديا في هجوم على حاجز قرب درعا."),
        [
            (Actor, "مسلحون".to_string()),
            (Recipient, "جنديا".to_string())
        ]
    );
    // After في, قصف is the noun (shelling), not the verb قَصَفَ.
    assert_eq!(
        roles("أصيب طفلان في قصف لقوات النظام على بلدة في ريف حماة."),
        [
            (Recipient, "طفلان".to_string()),
            (Actor, "قوات النظام".to_string())
        ]
    );
}
