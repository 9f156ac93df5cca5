//! Span invariants of the text stage and of the normaliser's alignment,
//! on arbitrary mixes of Arabic, marks, presentation forms, digits,
//! punctuation, white space and ASCII.

use marsad_core::{Document, MorphKind, OffsetMap, Source};
use marsad_text::normalize::{fold, FoldOptions, NormalizedString};
use marsad_text::{search_key, TextStage};
use proptest::prelude::*;

const POOL: &[&str] = &[
    // letters
    "ا",
    "ب",
    "ت",
    "ح",
    "د",
    "ر",
    "س",
    "ع",
    "ف",
    "ق",
    "ك",
    "ل",
    "م",
    "ن",
    "ه",
    "و",
    "ي",
    "أ",
    "إ",
    "آ",
    "ٱ",
    "ى",
    "ة",
    "ء",
    "ئ",
    "ؤ",
    "ک",
    "ی", // common words and clitic shapes
    "ال",
    "وال",
    "بال",
    "لل",
    "وب",
    "سي",
    "الله",
    "وزير",
    "بحلب",
    "للحكومة", // harakat, tatweel
    "\u{064E}",
    "\u{064F}",
    "\u{0650}",
    "\u{0651}",
    "\u{0652}",
    "\u{064B}",
    "\u{0670}",
    "\u{0654}",
    "\u{06D6}",
    "\u{0640}", // presentation forms and ligatures
    "\u{FEFB}",
    "\u{FEF7}",
    "\u{FDF2}",
    "\u{FDFA}",
    "\u{FE91}",
    "\u{FE8D}",
    "\u{FEEA}",
    "\u{FC5E}",
    "\u{0675}", // digits
    "0",
    "1",
    "9",
    "٠",
    "٣",
    "٩",
    "۰",
    "۴",
    "٫",
    "٬",
    "１", // punctuation
    ".",
    ",",
    "،",
    "؛",
    "؟",
    "!",
    "?",
    ":",
    "«",
    "»",
    "\"",
    "“",
    "”",
    "(",
    ")",
    "-",
    "•",
    "*",
    "…",
    "'",
    "/",
    "@",
    "%",
    "$",
    "+",
    "#",
    "_", // white space
    " ",
    " ",
    " ",
    "\n",
    "\r\n",
    "\n\n",
    "\t",
    "\u{00A0}",
    "\u{200B}",
    "\u{2028}",
    "\u{FEFF}",
    // other scripts, marks, format chars
    "a",
    "Z",
    "x",
    "Q",
    "é",
    "e\u{0301}",
    "İ",
    "ß",
    "Σ",
    "ﬁ",
    "ㄱ",
    "中",
    "😀",
    "\u{200D}",
    "\u{200C}",
    "\u{0301}",
    "\u{2066}", // URL-ish
    "www.",
    "http://",
    "a@b.co",
    ".com",
];

fn mixed() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(POOL), 0..60).prop_map(|v| v.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![3 => mixed(), 1 => any::<String>()]
}

fn check_document(text: &str) {
    let mut doc = Document::new(text.to_string(), Source::default(), Default::default());
    marsad_text::analyze(&mut doc);
    let map = OffsetMap::new(&doc.text);
    let is_space = |c: char| c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}';

    let mut prev_end = 0;
    for s in &doc.sentences {
        let piece = doc.slice(s.start, s.end).expect("sentence slices");
        assert!(!piece.is_empty(), "empty sentence");
        assert!(s.start >= prev_end, "sentences overlap");
        prev_end = s.end;
        let (b0, b1) = (map.byte_of(s.start), map.byte_of(s.end));
        assert_eq!(doc.text.get(b0..b1), Some(piece));
        assert!(!piece.starts_with(is_space) && !piece.ends_with(is_space));
    }
    // every non-space char is in some sentence
    let covered: usize = doc.sentences.iter().map(|s| s.end - s.start).sum();
    let non_space = doc.text.chars().filter(|&c| !is_space(c)).count();
    assert!(covered >= non_space);

    let mut prev_end = 0;
    for t in &doc.tokens {
        let piece = doc.slice(t.start, t.end).expect("token slices");
        assert!(!piece.is_empty());
        assert!(t.start >= prev_end, "tokens overlap");
        prev_end = t.end;
        assert_eq!(doc.text.get(t.bytes.0..t.bytes.1), Some(piece));
        assert_eq!(map.byte_of(t.start), t.bytes.0);
        assert_eq!(map.byte_of(t.end), t.bytes.1);
        assert!(!piece.contains(is_space), "token with space: {piece:?}");
        let s = doc.sentences[t.sentence.index()];
        assert!(
            s.start <= t.start && t.end <= s.end,
            "token outside sentence"
        );
        assert_eq!(t.norm, search_key(piece));
        if !t.morphs.is_empty() {
            assert!(t.morphs.len() >= 2);
            assert_eq!(t.morphs[0].start, t.start);
            assert_eq!(t.morphs.last().map(|m| m.end), Some(t.end));
            assert_eq!(t.morphs.last().map(|m| m.kind), Some(MorphKind::Stem));
            for w in t.morphs.windows(2) {
                assert_eq!(w[0].end, w[1].start, "morphs do not tile");
            }
            for m in &t.morphs {
                assert!(m.start < m.end);
                assert!(doc.slice(m.start, m.end).is_some());
            }
        }
    }
    for (what, s, e, claimed) in doc.spans() {
        let got = doc.slice(s, e);
        assert!(got.is_some(), "{what} {s}..{e}");
        if let Some(c) = claimed {
            assert_eq!(got, Some(c));
        }
    }
    // the stage is deterministic and idempotent
    let before = doc.clone();
    marsad_text::analyze(&mut doc);
    assert_eq!(doc, before);
    let _ = TextStage::new();
}

fn check_alignment(text: &str, opts: &FoldOptions) {
    let ns = NormalizedString::new(text, opts);
    let norm = ns.normalized();
    assert_eq!(norm, fold(text, opts), "NormalizedString and fold disagree");
    let mut next_norm = 0;
    let mut prev_orig_end = 0;
    for (nr, or) in ns.groups() {
        assert_eq!(nr.start, next_norm, "groups do not tile");
        next_norm = nr.end;
        assert!(text.is_char_boundary(or.start) && text.is_char_boundary(or.end));
        assert!(or.start >= prev_orig_end, "alignment not monotone");
        prev_orig_end = or.end;
        assert_eq!(fold(&text[or.clone()], opts), &norm[nr.clone()]);
    }
    assert_eq!(next_norm, norm.len());
    // every normalised char maps to an original range whose fold holds it
    for (i, c) in norm.char_indices() {
        let r = ns
            .original_range(i..i + c.len_utf8())
            .expect("char maps back");
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        assert!(fold(&text[r], opts).contains(c));
    }
    // the whole normalised text maps back to the whole original span
    // except removed chars at neither end are always covered
    if !norm.is_empty() {
        let r = ns.original_range(0..norm.len()).expect("whole");
        assert_eq!(r.end, text.len());
        assert!(text[..r.start]
            .chars()
            .all(|c| fold(&c.to_string(), opts).is_empty()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn stage_spans_are_consistent(text in any_text()) {
        check_document(&text);
    }

    #[test]
    fn alignment_maps_back(text in any_text()) {
        check_alignment(&text, &FoldOptions::SEARCH_KEY);
        check_alignment(&text, &FoldOptions::MODEL_FEATURE);
        check_alignment(&text, &FoldOptions::NONE);
    }

    #[test]
    fn clitic_morphs_tile_any_word(word in prop::collection::vec(prop::sample::select(POOL), 1..8)) {
        let w = word.concat();
        let a = marsad_text::clitics::analyze(&w);
        let m = a.morphs();
        prop_assert_eq!(m[0].start, 0);
        prop_assert_eq!(m[m.len() - 1].end, w.len());
        for p in m.windows(2) {
            prop_assert_eq!(p[0].end, p[1].start);
        }
        for x in m {
            prop_assert!(w.is_char_boundary(x.start) && w.is_char_boundary(x.end));
        }
        let mut n = 0;
        for c in marsad_text::clitics::candidates(&w) {
            prop_assert!(w.is_char_boundary(c.prefix_len));
            prop_assert_eq!(c.stem.end, w.len());
            n += 1;
        }
        prop_assert!(n >= 1);
    }
}

#[test]
fn fixed_regressions() {
    for t in [
        "",
        "\u{064E}",
        "\u{064E} ب",
        "x.Yz",
        "a.\u{0301}b",
        "د.\n\n",
        "1.\n2.",
        "«»",
        "\u{FDFA}.",
        "ب\u{200D}ا",
        "http://",
        "www.",
        "@.",
        "\r\n\r\n",
    ] {
        check_document(t);
        check_alignment(t, &FoldOptions::SEARCH_KEY);
    }
}
