//! An RFC 7946 FeatureCollection of the resolved places (`[lon, lat]`
//! points), one feature per place and document.

use std::io::Write;

use marsad_core::{Document, Sink, SinkError};

/// The sentence holding code point `at`, with its text.
fn sentence_of(d: &Document, at: usize) -> Option<(String, &str)> {
    let i = d.sentences.partition_point(|s| s.end <= at);
    let s = d.sentences.get(i).filter(|s| s.start <= at)?;
    Some((s.id.to_string(), d.slice(s.start, s.end)?))
}

/// The features of one document's resolved places: where the place is,
/// what it is, and where the document names it first (the mention, its
/// sentence, the article's title, URL and date), so a dot on a map leads
/// back to the text.
pub fn features(d: &Document) -> Vec<serde_json::Value> {
    let mut features = Vec::new();
    for p in &d.places {
        let (Some(lat), Some(lon)) = (p.lat, p.lon) else {
            continue;
        };
        let first = p.mentions.first();
        let sentence = first.and_then(|m| sentence_of(d, m.start));
        features.push(serde_json::json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "id": p.id,
                "name": p.name,
                "name_en": p.name_en,
                "name_latn": p.name_latn,
                "ids": p.ids,
                "type": p.place_type,
                "precision": p.precision,
                "country": p.country,
                "confidence": p.confidence,
                "mentions": p.mentions.len(),
                "mention": first.map(|m| serde_json::json!({"text": m.text, "start": m.start, "end": m.end})),
                "sentence_id": sentence.as_ref().map(|s| s.0.as_str()),
                "sentence": sentence.as_ref().map(|s| s.1),
                "document": d.id,
                "title": d.meta.title,
                "url": d.meta.url,
                "published": d.meta.published,
                "source": d.source.location,
            },
        }));
    }
    features
}

/// A FeatureCollection of the places of `docs`.
pub fn feature_collection(docs: &[Document]) -> serde_json::Value {
    let features: Vec<_> = docs.iter().flat_map(features).collect();
    serde_json::json!({"type": "FeatureCollection", "features": features})
}

/// Collects the features of every document; writes the collection at the end.
pub struct GeoJsonSink<W: Write> {
    out: W,
    features: Vec<serde_json::Value>,
}

impl<W: Write> GeoJsonSink<W> {
    pub fn new(out: W) -> Self {
        Self {
            out,
            features: Vec::new(),
        }
    }
}

impl<W: Write> Sink for GeoJsonSink<W> {
    fn write(&mut self, doc: Document) -> Result<(), SinkError> {
        self.features.extend(features(&doc));
        Ok(())
    }

    fn finish(&mut self) -> Result<(), SinkError> {
        let fc = serde_json::json!({
            "type": "FeatureCollection",
            "features": std::mem::take(&mut self.features),
        });
        serde_json::to_writer_pretty(&mut self.out, &fc)?;
        self.out.write_all(b"\n")?;
        self.out.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_core::{Mention, Meta, Place, Source};

    #[test]
    fn resolved_places_become_point_features() {
        let mut d = Document::new(
            "وصل الوفد. زار الوزير بغداد.".into(),
            Source::default(),
            Meta::default(),
        );
        d.meta.title = Some("زيارة".into());
        d.meta.published = Some("2020-01-02".into());
        d.sentences = vec![
            marsad_core::Sentence {
                id: marsad_core::SentenceId(0),
                start: 0,
                end: 10,
            },
            marsad_core::Sentence {
                id: marsad_core::SentenceId(1),
                start: 11,
                end: 28,
            },
        ];
        d.places.push(Place {
            id: "wof:1".into(),
            name: "بغداد".into(),
            name_latn: "Baghdad".into(),
            mentions: vec![Mention {
                start: 22,
                end: 27,
                text: "بغداد".into(),
            }],
            lat: Some(33.3),
            lon: Some(44.4),
            resolved: true,
            ..Place::default()
        });
        d.places.push(Place {
            id: "unk:0".into(),
            name: "مكان".into(),
            ..Place::default()
        });
        let v = feature_collection(std::slice::from_ref(&d));
        assert_eq!(v["type"], "FeatureCollection");
        let fs = v["features"].as_array().expect("features");
        assert_eq!(fs.len(), 1, "unresolved places have no point");
        let f = &fs[0];
        assert_eq!(f["geometry"]["type"], "Point");
        assert_eq!(
            f["geometry"]["coordinates"],
            serde_json::json!([44.4, 33.3])
        );
        assert_eq!(f["properties"]["document"], d.id.as_str());
        assert_eq!(f["properties"]["mentions"], 1);
        assert_eq!(f["properties"]["name_latn"], "Baghdad");
        assert_eq!(f["properties"]["mention"]["text"], "بغداد");
        assert_eq!(f["properties"]["sentence_id"], "s1");
        assert_eq!(f["properties"]["sentence"], "زار الوزير بغداد.");
        assert_eq!(f["properties"]["title"], "زيارة");
        assert_eq!(f["properties"]["published"], "2020-01-02");
    }
}
