//! The shipped knowledge base loads, is large enough, and every alias
//! resolves to its own actor through the linker.

use marsad_actors::{link, ActorKind, KnowledgeBase, Period};
use marsad_core::{Document, LinkKind, Meta, Source};

fn doc(text: &str) -> Document {
    Document::new(text.to_string(), Source::default(), Meta::default())
}

#[test]
fn builtin_loads_and_is_large() {
    let kb = KnowledgeBase::builtin().expect("knowledge base parses and validates");
    assert!(kb.len() >= 400, "{} actors", kb.len());
    let s = kb.stats();
    assert!(s.per_kind.get("state").copied().unwrap_or(0) >= 193);
    assert!(s.per_kind.get("person").copied().unwrap_or(0) >= 80);
    assert!(s.aliases > 1000, "{} aliases", s.aliases);
    let armed = kb
        .actors()
        .iter()
        .filter(|a| a.kind == ActorKind::ArmedGroup)
        .count();
    assert!(armed >= 150, "{armed} armed groups");
    let shown = s.to_string();
    assert!(shown.contains("actors\t"));
}

#[test]
fn every_alias_resolves_to_its_actor() {
    let kb = KnowledgeBase::builtin().expect("kb");
    let mut bad = Vec::new();
    for a in kb.actors() {
        for (name, _) in a.names() {
            if a.ambiguous.iter().any(|s| s == name) {
                continue;
            }
            let ids = kb.resolve_alias(name);
            if ids != [a.id.as_str()] {
                bad.push(format!("{} {name:?}: index gives {ids:?}", a.id));
                continue;
            }
            // A weak name (a common word) links only in context: after a
            // strong name of the same actor.
            let weak = a.weak.iter().any(|w| w == name);
            let strong = a
                .names()
                .map(|(n, _)| n)
                .find(|n| !a.weak.iter().any(|w| w == n));
            let text = match (weak, strong) {
                (true, Some(s)) => format!("{s}. {name}"),
                _ => name.to_string(),
            };
            let mut d = doc(&text);
            link(&mut d, kb);
            let ok = d.actors.iter().any(|x| {
                x.id == a.id
                    && x.mentions
                        .iter()
                        .any(|m| m.link == LinkKind::Alias && m.text.trim() == name.trim())
            });
            // Alone, a weak name is not linked.
            if weak {
                let mut alone = doc(name);
                link(&mut alone, kb);
                if alone.actors.iter().any(|x| x.id == a.id) {
                    bad.push(format!("{} weak {name:?} links without context", a.id));
                }
            }
            if !ok {
                let got: Vec<_> = d.actors.iter().map(|x| x.id.as_str()).collect();
                bad.push(format!("{} {name:?}: linker gives {got:?}", a.id));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} failures:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn ids_kinds_and_wikidata_are_sane() {
    let kb = KnowledgeBase::builtin().expect("kb");
    for a in kb.actors() {
        if a.kind == ActorKind::State {
            assert_eq!(a.id.len(), 3, "{}", a.id);
            assert!(a.country.is_some());
        }
    }
    assert_eq!(
        kb.get("isis").and_then(|a| a.wikidata.as_deref()),
        Some("Q2429253")
    );
    assert_eq!(
        kb.get("syr").and_then(|a| a.wikidata.as_deref()),
        Some("Q858")
    );
}

#[test]
fn periods_parse_and_validate() {
    assert_eq!(
        Period::parse("2013-2017"),
        Some(Period {
            start: 2013,
            end: Some(2017)
        })
    );
    assert_eq!(
        Period::parse("2012-"),
        Some(Period {
            start: 2012,
            end: None
        })
    );
    for bad in [
        "2012",
        "12-2014",
        "2017-2013",
        "2012-now",
        "-2012",
        "2012--",
        " 2012-",
        "",
    ] {
        assert_eq!(Period::parse(bad), None, "{bad:?}");
    }
    let p = Period::parse("2016-2018").unwrap();
    assert!(p.covers(2016) && p.covers(2018) && !p.covers(2019) && !p.covers(2015));
    assert!(Period::parse("2012-").unwrap().covers(2030));
    assert_eq!(p.to_string(), "2016-2018");
    assert_eq!(Period::parse("2012-").unwrap().to_string(), "2012-");

    let kb = KnowledgeBase::builtin().expect("kb");
    let jkbw = kb.get("jkbw").expect("jkbw");
    assert_eq!(jkbw.period.as_deref(), Some("2016-2018"));
    assert_eq!(jkbw.period().map(|p| p.start), Some(2016));
    assert_eq!(
        kb.get("hts").and_then(|a| a.period()).and_then(|p| p.end),
        Some(2025)
    );
    assert!(kb.get("syr").is_some_and(|a| a.period.is_none()));
    // Every period in the shipped file parses; most armed groups have one.
    let armed: Vec<_> = kb
        .actors()
        .iter()
        .filter(|a| a.kind == ActorKind::ArmedGroup)
        .collect();
    assert!(armed
        .iter()
        .all(|a| a.period.is_none() || a.period().is_some()));
    let dated = armed.iter().filter(|a| a.period.is_some()).count();
    assert!(
        dated * 3 >= armed.len() * 2,
        "{dated} of {} dated",
        armed.len()
    );
    assert_eq!(
        kb.stats().with_period,
        kb.actors().iter().filter(|a| a.period.is_some()).count()
    );

    let entry = |period: &str| {
        format!(
            "[[actor]]\nid = \"a\"\nar = \"الف\"\nkind = \"armed_group\"\nperiod = \"{period}\"\n"
        )
    };
    assert!(KnowledgeBase::from_toml(&entry("2013-2017")).is_ok());
    assert!(KnowledgeBase::from_toml(&entry("2012-")).is_ok());
    for bad in ["2013", "since 2013", "2017-2013", "2013-17"] {
        let e = KnowledgeBase::from_toml(&entry(bad)).unwrap_err();
        assert!(e.to_string().contains("period"), "{bad}: {e}");
    }
}

#[test]
fn new_groups_have_their_affiliations() {
    let kb = KnowledgeBase::builtin().expect("kb");
    let rel = |id: &str, to: &str| -> Option<String> {
        kb.get(id)?
            .affiliations
            .iter()
            .find(|f| f.id == to)
            .map(|f| f.relation.clone())
    };
    assert_eq!(rel("jkbw", "isis").as_deref(), Some("allegiance"));
    assert_eq!(rel("sultan-murad", "sna").as_deref(), Some("part_of"));
    assert_eq!(rel("saraya-khorasani", "pmf").as_deref(), Some("part_of"));
    assert_eq!(rel("tariq-bin-ziyad", "lna").as_deref(), Some("part_of"));
    assert_eq!(rel("abu-ali-mustafa", "pflp").as_deref(), Some("part_of"));
    assert_eq!(
        rel("ansar-sharia-yemen", "aqap").as_deref(),
        Some("part_of")
    );
    for id in [
        "jkbw",
        "syr-8th-brigade",
        "naqshbandi",
        "hadrami-elite",
        "nawasi",
        "nasser-salah",
    ] {
        assert_eq!(
            kb.get(id).map(|a| a.kind),
            Some(ActorKind::ArmedGroup),
            "{id}"
        );
    }
    // A name shared on purpose: both actors mark it.
    let mut ids = kb.resolve_alias("جيش الإسلام");
    ids.sort();
    assert_eq!(ids, ["jaysh-islam", "jaysh-islam-gaza"]);
}

#[test]
fn invalid_files_give_typed_errors() {
    assert!(KnowledgeBase::from_toml("[[actor]]\nid = 1").is_err());
    let dup = r#"
[[actor]]
id = "a"
ar = "الف"
kind = "armed_group"
aliases = ["مشترك"]

[[actor]]
id = "b"
ar = "باء"
kind = "armed_group"
aliases = ["مشترك"]
"#;
    let e = KnowledgeBase::from_toml(dup).unwrap_err();
    assert!(e.to_string().contains("ambiguous"), "{e}");
    let marked = dup.replace(
        "aliases = [\"مشترك\"]",
        "aliases = [\"مشترك\"]\nambiguous = [\"مشترك\"]",
    );
    assert!(KnowledgeBase::from_toml(&marked).is_ok());
    let dangling = "[[actor]]\nid = \"a\"\nar = \"الف\"\nkind = \"person\"\naffiliations = [{ id = \"zz\", relation = \"member\" }]\n";
    assert!(KnowledgeBase::from_toml(dangling).is_err());
}

#[test]
fn stats_add_up_and_cover_the_conflicts() {
    let s = marsad_actors::stats().expect("kb");
    // Every actor is counted once per breakdown.
    assert_eq!(s.per_kind.values().sum::<usize>(), s.actors);
    assert_eq!(s.per_category.values().sum::<usize>(), s.actors);
    assert_eq!(s.per_country.values().sum::<usize>(), s.actors);
    assert!(s.aliases >= s.actors);
    for cc in ["SY", "IQ", "YE", "LY", "LB", "PS", "SD"] {
        assert!(s.per_country.get(cc).is_some_and(|&n| n >= 10), "{cc}: {s}");
    }
    assert!(s.to_string().starts_with(&format!("actors\t{}", s.actors)));
}
