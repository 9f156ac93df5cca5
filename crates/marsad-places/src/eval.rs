//! Evaluation against gold mentions (`marsad eval places FILE`).
//!
//! Gold TSV: `sentence<TAB>surface<TAB>expected`, where `expected` is a
//! gazetteer id (`wof:…`, `gn:…`, `cur:…`) or `lat,lon`. `#` lines and a
//! `sentence` header are skipped. Each distinct sentence is one document.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use marsad_core::{Document, Meta, Source};
use serde::Serialize;

use crate::{haversine_km, resolve_places, Gazetteer, PlacesError};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    pub line: usize,
    pub sentence: String,
    pub surface: String,
    pub expected: String,
    /// What was predicted: an id, `unresolved`, or `missed` (no mention).
    pub predicted: String,
    pub error_km: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    pub mentions: usize,
    pub documents: usize,
    /// Share of mentions whose predicted id equals the expected id
    /// (mentions with coordinates only count when within 1 km).
    pub exact: f64,
    pub acc_161: f64,
    pub acc_25: f64,
    /// Over mentions with a prediction.
    pub mean_error_km: f64,
    pub median_error_km: f64,
    pub found: usize,
    pub median_doc_ms: f64,
    pub misses: Vec<Miss>,
}

impl EvalReport {
    /// A human-readable summary with the miss list.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "mentions {}  documents {}  found {}\nexact-id {:.1}%  acc@161km {:.1}%  acc@25km {:.1}%\nmean error {:.1} km  median error {:.2} km\nmedian per-document time {:.3} ms\n",
            self.mentions,
            self.documents,
            self.found,
            self.exact * 100.0,
            self.acc_161 * 100.0,
            self.acc_25 * 100.0,
            self.mean_error_km,
            self.median_error_km,
            self.median_doc_ms
        );
        if !self.misses.is_empty() {
            s.push_str("misses:\n");
            for m in &self.misses {
                s.push_str(&format!(
                    "  line {}: {} → expected {}, got {}{}\n    {}\n",
                    m.line,
                    m.surface,
                    m.expected,
                    m.predicted,
                    m.error_km
                        .map(|e| format!(" ({e:.0} km)"))
                        .unwrap_or_default(),
                    m.sentence
                ));
            }
        }
        s
    }
}

struct Gold {
    line: usize,
    sentence: String,
    surface: String,
    expected: String,
}

fn parse(text: &str) -> Result<Vec<Gold>, PlacesError> {
    let mut out = Vec::new();
    for (n, l) in text.lines().enumerate() {
        if l.trim().is_empty() || l.starts_with('#') || l.starts_with("sentence\t") {
            continue;
        }
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() < 3 {
            return Err(PlacesError::Gold {
                line: n + 1,
                reason: "expected sentence, surface, expected".into(),
            });
        }
        if !f[0].contains(f[1]) {
            return Err(PlacesError::Gold {
                line: n + 1,
                reason: format!("surface {:?} not in the sentence", f[1]),
            });
        }
        out.push(Gold {
            line: n + 1,
            sentence: f[0].to_string(),
            surface: f[1].to_string(),
            expected: f[2].trim().to_string(),
        });
    }
    Ok(out)
}

fn coords_of(g: &Gazetteer, ids: &HashMap<String, u32>, expected: &str) -> Option<(f64, f64)> {
    if let Some((a, b)) = expected.split_once(',') {
        return Some((a.trim().parse().ok()?, b.trim().parse().ok()?));
    }
    let r = g.record(*ids.get(expected)?)?;
    Some((r.lat as f64, r.lon as f64))
}

/// Evaluates the gold TSV text against `g`.
pub fn evaluate(g: &Gazetteer, gold_tsv: &str) -> Result<EvalReport, PlacesError> {
    let gold = parse(gold_tsv)?;
    let mut ids: HashMap<String, u32> = HashMap::new();
    for i in 0..g.len() as u32 {
        if let Some(r) = g.record(i) {
            ids.entry(r.id()).or_insert(i);
            if let Some(w) = r.wof {
                ids.entry(format!("wof:{w}")).or_insert(i);
            }
            if let Some(n) = r.geonames {
                ids.entry(format!("gn:{n}")).or_insert(i);
            }
        }
    }
    // One document per distinct sentence, timed.
    let mut docs: Vec<Document> = Vec::new();
    let mut doc_of: HashMap<&str, usize> = HashMap::new();
    let mut times: Vec<f64> = Vec::new();
    for gl in &gold {
        if doc_of.contains_key(gl.sentence.as_str()) {
            continue;
        }
        let mut d = Document::new(gl.sentence.clone(), Source::default(), Meta::default());
        let t = Instant::now();
        resolve_places(g, &mut d);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        doc_of.insert(gl.sentence.as_str(), docs.len());
        docs.push(d);
    }
    let mut exact = 0usize;
    let mut a161 = 0usize;
    let mut a25 = 0usize;
    let mut errors: Vec<f64> = Vec::new();
    let mut misses = Vec::new();
    for gl in &gold {
        let d = &docs[doc_of[gl.sentence.as_str()]];
        // Code-point span of the surface's first occurrence.
        let b = gl.sentence.find(&gl.surface).unwrap_or(0);
        let s = gl.sentence[..b].chars().count();
        let e = s + gl.surface.chars().count();
        let hit = crate::news_eval::closest_place(d, s, e);
        let want = coords_of(g, &ids, &gl.expected);
        let (predicted, err) = match hit {
            None => ("missed".to_string(), None),
            Some(p) if !p.resolved => ("unresolved".to_string(), None),
            Some(p) => {
                let err = match (want, p.lat, p.lon) {
                    (Some((la, lo)), Some(pla), Some(plo)) => Some(haversine_km(la, lo, pla, plo)),
                    _ => None,
                };
                (p.id.clone(), err)
            }
        };
        let is_id = !gl.expected.contains(',');
        let ok_exact = if is_id {
            predicted == gl.expected
        } else {
            err.is_some_and(|e| e <= 1.0)
        };
        if let Some(e) = err {
            errors.push(e);
            if e <= 161.0 {
                a161 += 1;
            }
            if e <= 25.0 {
                a25 += 1;
            }
        }
        if ok_exact {
            exact += 1;
        } else {
            misses.push(Miss {
                line: gl.line,
                sentence: gl.sentence.clone(),
                surface: gl.surface.clone(),
                expected: gl.expected.clone(),
                predicted,
                error_km: err,
            });
        }
    }
    let n = gold.len().max(1) as f64;
    errors.sort_by(f64::total_cmp);
    times.sort_by(f64::total_cmp);
    let median = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else if v.len() % 2 == 1 {
            v[v.len() / 2]
        } else {
            (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0
        }
    };
    Ok(EvalReport {
        mentions: gold.len(),
        documents: docs.len(),
        exact: exact as f64 / n,
        acc_161: a161 as f64 / n,
        acc_25: a25 as f64 / n,
        mean_error_km: if errors.is_empty() {
            0.0
        } else {
            errors.iter().sum::<f64>() / errors.len() as f64
        },
        median_error_km: median(&errors),
        found: errors.len(),
        median_doc_ms: median(&times),
        misses,
    })
}

/// `marsad eval places FILE`: evaluates a gold TSV file with the embedded
/// gazetteer.
pub fn evaluate_file(path: &Path) -> Result<EvalReport, PlacesError> {
    let text = std::fs::read_to_string(path).map_err(|e| PlacesError::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    let g = Gazetteer::embedded()?;
    evaluate(&g, &text)
}
