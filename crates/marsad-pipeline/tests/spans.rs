//! Every span of every stage's output slices `Document.text` exactly, for
//! arbitrary input text run through the whole default pipeline.

use marsad_core::{Document, Meta, Source};
use marsad_pipeline::Pipeline;
use proptest::prelude::*;

/// Text made of the pieces Arabic news is made of, and some it should not be.
fn news_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("قال".to_string()),
        Just("وبالرقة".to_string()),
        Just("الرئيس".to_string()),
        Just("مُحَمَّد".to_string()),
        Just("حلـــب".to_string()),
        Just("ﻻ".to_string()),
        Just("ﷲ".to_string()),
        Just("٣٠".to_string()),
        Just("12.5".to_string()),
        Just("«".to_string()),
        Just("»".to_string()),
        Just(".".to_string()),
        Just("،".to_string()),
        Just("؟".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("- ".to_string()),
        Just("د.".to_string()),
        "[\\u0600-\\u06FF]{1,6}",
        "[a-zA-Z0-9]{1,5}",
        "\\PC{1,3}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn spans_slice_the_text(text in news_like()) {
        let pipeline = Pipeline::default_pipeline().unwrap();
        let mut worker = pipeline.worker();
        let mut doc = Document::new(text, Source::default(), Meta::default());
        worker.run(&mut doc).unwrap();
        let n = doc.text.chars().count();
        for (what, start, end, claimed) in doc.spans() {
            prop_assert!(start <= end && end <= n, "{} {}..{} out of 0..{}", what, start, end, n);
            let slice = doc.slice(start, end);
            prop_assert!(slice.is_some(), "{} {}..{}", what, start, end);
            if let Some(claimed) = claimed {
                prop_assert_eq!(slice, Some(claimed), "{} text differs from its span", what);
            }
        }
        for t in &doc.tokens {
            prop_assert_eq!(&doc.text[t.bytes.0..t.bytes.1], doc.slice(t.start, t.end).unwrap());
            let s = doc.sentences[t.sentence.index()];
            prop_assert!(s.start <= t.start && t.end <= s.end, "token outside its sentence");
        }
        for w in doc.sentences.windows(2) {
            prop_assert!(w[0].end <= w[1].start, "sentences overlap");
        }
    }
}
