//! An RFC 7946 FeatureCollection of the resolved places (`[lon, lat]`
//! points), one feature per place and document.

use std::io::Write;

use marsad_core::{Document, Sink, SinkError};

/// The features of one document's resolved places.
pub fn features(d: &Document) -> Vec<serde_json::Value> {
    let mut features = Vec::new();
    for p in &d.places {
        let (Some(lat), Some(lon)) = (p.lat, p.lon) else {
            continue;
        };
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
                "document": d.id,
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
            "زار الوزير بغداد.".into(),
            Source::default(),
            Meta::default(),
        );
        d.places.push(Place {
            id: "wof:1".into(),
            name: "بغداد".into(),
            name_latn: "Baghdad".into(),
            mentions: vec![Mention {
                start: 11,
                end: 16,
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
    }
}
