//! Geocoding accuracy on news paragraphs with true coordinates and a
//! tolerance per class of place (`data/gazetteer/eval/news.tsv`): the
//! documents come from the caller's full pipeline, so NER, actors and the
//! document's context all play their part.

use std::collections::BTreeMap;

use marsad_core::Document;

use crate::{haversine_km, PlacesError};

/// A class of place and how far off it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    City,
    Village,
    District,
    Feature,
}

impl Class {
    pub fn tolerance_km(self) -> f64 {
        match self {
            Class::City => 25.0,
            Class::Village => 10.0,
            Class::District => 5.0,
            Class::Feature => 25.0,
        }
    }
    fn parse(s: &str) -> Option<Class> {
        Some(match s {
            "city" => Class::City,
            "village" => Class::Village,
            "district" => Class::District,
            "feature" => Class::Feature,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        match self {
            Class::City => "city",
            Class::Village => "village",
            Class::District => "district",
            Class::Feature => "feature",
        }
    }
}

/// One gold mention.
#[derive(Debug, Clone)]
pub struct NewsGold {
    pub line: usize,
    pub paragraph: String,
    pub surface: String,
    pub lat: f64,
    pub lon: f64,
    pub class: Class,
}

/// Whether a gold TSV is of this kind (its header names `lat`, `lon`, `class`).
pub fn is_news_gold(tsv: &str) -> bool {
    tsv.lines()
        .find(|l| !l.starts_with('#') && !l.trim().is_empty())
        .is_some_and(|h| h.trim_end() == "paragraph\tsurface\tlat\tlon\tclass")
}

pub fn parse_news_gold(tsv: &str) -> Result<Vec<NewsGold>, PlacesError> {
    let mut out = Vec::new();
    for (n, l) in tsv.lines().enumerate() {
        if l.trim().is_empty() || l.starts_with('#') || l.starts_with("paragraph\t") {
            continue;
        }
        let bad = |reason: String| PlacesError::Gold {
            line: n + 1,
            reason,
        };
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() != 5 {
            return Err(bad("expected paragraph, surface, lat, lon, class".into()));
        }
        if !f[0].contains(f[1]) {
            return Err(bad(format!("surface {:?} not in the paragraph", f[1])));
        }
        let num = |s: &str| {
            s.trim()
                .parse::<f64>()
                .map_err(|_| bad(format!("not a number: {s:?}")))
        };
        out.push(NewsGold {
            line: n + 1,
            paragraph: f[0].to_string(),
            surface: f[1].to_string(),
            lat: num(f[2])?,
            lon: num(f[3])?,
            class: Class::parse(f[4].trim())
                .ok_or_else(|| bad(format!("unknown class {:?}", f[4])))?,
        });
    }
    Ok(out)
}

/// Hits and totals of one class.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ClassScore {
    pub mentions: usize,
    pub within: usize,
    pub found: usize,
}

/// The report of [`score_news`].
#[derive(Debug, Clone, Default)]
pub struct NewsReport {
    pub paragraphs: usize,
    pub mentions: usize,
    pub within: usize,
    pub by_class: BTreeMap<&'static str, ClassScore>,
    /// `line: surface → what was found (km off)` for every miss.
    pub misses: Vec<String>,
}

impl NewsReport {
    pub fn accuracy(&self) -> f64 {
        self.within as f64 / self.mentions.max(1) as f64
    }

    pub fn to_text(&self) -> String {
        let mut s = format!(
            "{} paragraphs, {} place mentions: {:.1}% within tolerance ({}/{})\n",
            self.paragraphs,
            self.mentions,
            100.0 * self.accuracy(),
            self.within,
            self.mentions
        );
        s.push_str("| class | tolerance | mentions | found | within | accuracy |\n|---|---:|---:|---:|---:|---:|\n");
        for (name, c) in &self.by_class {
            let tol = Class::parse(name).map_or(0.0, Class::tolerance_km);
            s.push_str(&format!(
                "| {name} | {tol} km | {} | {} | {} | {:.1}% |\n",
                c.mentions,
                c.found,
                c.within,
                100.0 * c.within as f64 / c.mentions.max(1) as f64
            ));
        }
        for m in &self.misses {
            s.push_str(&format!("miss: {m}\n"));
        }
        s
    }
}

/// Scores `gold` on documents made by `analyse` (one per paragraph): a
/// mention counts when a resolved place of the document has a mention
/// covering the surface's first occurrence and lies within the class's
/// tolerance of the true point.
pub fn score_news(gold: &[NewsGold], mut analyse: impl FnMut(&str) -> Document) -> NewsReport {
    let mut r = NewsReport::default();
    let mut docs: BTreeMap<&str, Document> = BTreeMap::new();
    for g in gold {
        if !docs.contains_key(g.paragraph.as_str()) {
            docs.insert(g.paragraph.as_str(), analyse(&g.paragraph));
        }
        let Some(d) = docs.get(g.paragraph.as_str()) else {
            continue;
        };
        let b = d.text.find(&g.surface).unwrap_or(0);
        let s = d.text[..b].chars().count();
        let e = s + g.surface.chars().count();
        // The place whose mention overlaps the surface most.
        let place = d
            .places
            .iter()
            .filter_map(|p| {
                let ov = p
                    .mentions
                    .iter()
                    .map(|m| m.end.min(e).saturating_sub(m.start.max(s)))
                    .max()
                    .unwrap_or(0);
                (ov > 0).then_some((ov, p))
            })
            .max_by_key(|(ov, _)| *ov)
            .map(|(_, p)| p);
        let c = r.by_class.entry(g.class.name()).or_default();
        c.mentions += 1;
        r.mentions += 1;
        let km = place.and_then(|p| Some(haversine_km(p.lat?, p.lon?, g.lat, g.lon)));
        if place.is_some() {
            c.found += 1;
        }
        match km {
            Some(km) if km <= g.class.tolerance_km() => {
                c.within += 1;
                r.within += 1;
            }
            _ => r.misses.push(format!(
                "line {}: {} → {}",
                g.line,
                g.surface,
                match (place, km) {
                    (Some(p), Some(km)) => format!("{} {} ({km:.0} km off)", p.id, p.name),
                    (Some(p), None) => format!("{} unresolved", p.id),
                    (None, _) => "not found".into(),
                }
            )),
        }
    }
    r.paragraphs = docs.len();
    r
}
