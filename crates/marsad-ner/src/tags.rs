//! BIO tags over the four entity types.

use std::fmt;

use marsad_core::EntityLabel;

/// Number of BIO tags: O plus B/I for each of the four types.
pub const N_TAGS: usize = 9;

/// Entity types, in tag order.
pub const TYPES: [EntityLabel; 4] = [
    EntityLabel::PER,
    EntityLabel::ORG,
    EntityLabel::LOC,
    EntityLabel::MISC,
];

/// A BIO tag. Encoded as a small index: 0 is O, `1 + 2*t` is B-t and
/// `2 + 2*t` is I-t for type index `t` in [`TYPES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Tag(pub u8);

impl Tag {
    pub const O: Tag = Tag(0);

    pub fn begin(label: EntityLabel) -> Tag {
        Tag(1 + 2 * type_index(label) as u8)
    }

    pub fn inside(label: EntityLabel) -> Tag {
        Tag(2 + 2 * type_index(label) as u8)
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub fn is_outside(self) -> bool {
        self.0 == 0
    }

    pub fn is_begin(self) -> bool {
        self.0 != 0 && self.0 % 2 == 1
    }

    pub fn is_inside(self) -> bool {
        self.0 != 0 && self.0.is_multiple_of(2)
    }

    /// The entity type, `None` for O.
    pub fn label(self) -> Option<EntityLabel> {
        if self.0 == 0 {
            None
        } else {
            TYPES.get(((self.0 - 1) / 2) as usize).copied()
        }
    }

    /// Whether `next` may follow `self` in a valid BIO sequence
    /// (I-X only after B-X or I-X).
    pub fn allows(self, next: Tag) -> bool {
        !next.is_inside() || (!self.is_outside() && self.label() == next.label())
    }
}

pub(crate) fn type_index(label: EntityLabel) -> usize {
    match label {
        EntityLabel::PER => 0,
        EntityLabel::ORG => 1,
        EntityLabel::LOC => 2,
        EntityLabel::MISC => 3,
    }
}

pub(crate) fn label_name(label: EntityLabel) -> &'static str {
    match label {
        EntityLabel::PER => "PER",
        EntityLabel::ORG => "ORG",
        EntityLabel::LOC => "LOC",
        EntityLabel::MISC => "MISC",
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.label() {
            None => f.write_str("O"),
            Some(l) => write!(
                f,
                "{}-{}",
                if self.is_begin() { "B" } else { "I" },
                label_name(l)
            ),
        }
    }
}

/// How fine-grained and non-standard tags are folded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TagFolding {
    /// NewsFANE vehicles, products and weapons: MISC when true, O when false.
    pub artifacts_as_misc: bool,
    /// Fold NewsFANE classes the way ANERcorp annotates the same text
    /// (measured on the 2,071 NewsFANE sentences identical to ANERcorp
    /// train sentences): `Group` (العرب, المسلمين, الشيعة) and
    /// `Government` (الجيش الاسرائيلي, الحكومة السودانية) are O there,
    /// `Building-Grounds` is MISC or O, never PER.
    pub anercorp_conventions: bool,
}

impl Default for TagFolding {
    fn default() -> Self {
        TagFolding {
            artifacts_as_misc: true,
            anercorp_conventions: false,
        }
    }
}

/// The coarse type of a corpus type name: ANERcorp (`PERS`), AQMAR
/// (`MIS0`..`MIS3`, malformed `MIS-1`, `MISS1`) and NewsFANE fine ACE classes.
/// `None` means the mention is dropped (tagged O).
pub fn fold_type(name: &str, folding: TagFolding) -> Option<EntityLabel> {
    let n = name.trim_matches(|c: char| c == '-' || c == '`' || c.is_whitespace());
    let upper = n.to_ascii_uppercase();
    match upper.as_str() {
        "PER" | "PERS" | "PERSON" => return Some(EntityLabel::PER),
        "ORG" | "ORGANIZATION" | "ORGANISATION" => return Some(EntityLabel::ORG),
        "LOC" | "LOCATION" | "GPE" | "FAC" => return Some(EntityLabel::LOC),
        "MISC" => return Some(EntityLabel::MISC),
        _ => {}
    }
    if upper.starts_with("MIS") {
        return Some(EntityLabel::MISC);
    }
    if folding.anercorp_conventions {
        match n {
            "Group" | "Government" => return None,
            "Building-Grounds" => return Some(EntityLabel::MISC),
            _ => {}
        }
    }
    match n {
        // ACE person subtypes.
        "Politician" | "Athlete" | "Artist" | "Scientist" | "Police" | "Businessperson"
        | "Lawyer" | "Engineer" | "Group" | "Religious_PER" | "Other_PER" => Some(EntityLabel::PER),
        // Organisation subtypes.
        "Government" | "Non-Governmental" | "Media" | "Sports" | "Commercial" | "Educational"
        | "Medical-Science" | "Entertainment" | "Religious_ORG" => Some(EntityLabel::ORG),
        // GPEs, locations and facilities.
        "Nation"
        | "Population-Center"
        | "State-or-Province"
        | "County-or-District"
        | "GPE-Cluster"
        | "Continent"
        | "Water-Body"
        | "Land-Region-Natural"
        | "Celestial"
        | "Building-Grounds"
        | "Airport"
        | "Path"
        | "Subarea-Facility" => Some(EntityLabel::LOC),
        // Vehicles, products, weapons.
        "Air" | "Land" | "Water" | "Book" | "Movie" | "Software" | "Hardware" | "Food" | "Drug"
        | "Plant" | "Projectile" | "Shooting" => {
            folding.artifacts_as_misc.then_some(EntityLabel::MISC)
        }
        // Stray language labels seen in AQMAR (`B-ENGLISH`).
        _ => Some(EntityLabel::MISC),
    }
}

/// Parses a raw corpus tag tolerantly (`B-PERS`, `I--ORG`, `B-MIS-1`, `OO`).
pub fn fold_tag(raw: &str, folding: TagFolding) -> Tag {
    let raw = raw.trim();
    let (prefix, rest) = match raw.split_once('-') {
        Some((p, r)) => (p, r),
        None => return Tag::O, // O, OO, IO and other junk
    };
    let label = match fold_type(rest, folding) {
        Some(l) => l,
        None => return Tag::O,
    };
    match prefix {
        "B" | "b" | "S" | "E" => Tag::begin(label),
        "I" | "i" => Tag::inside(label),
        _ => Tag::O,
    }
}

/// Makes a tag sequence valid BIO the conlleval way: an I-X that does
/// not continue an X entity starts one.
pub fn repair(tags: &mut [Tag]) {
    let mut prev = Tag::O;
    for t in tags.iter_mut() {
        if !prev.allows(*t) {
            if let Some(l) = t.label() {
                *t = Tag::begin(l);
            }
        }
        prev = *t;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_corpus_tags() {
        let f = TagFolding::default();
        assert_eq!(fold_tag("B-PERS", f), Tag::begin(EntityLabel::PER));
        assert_eq!(fold_tag("I--ORG", f), Tag::inside(EntityLabel::ORG));
        assert_eq!(fold_tag("B-MIS-1", f), Tag::begin(EntityLabel::MISC));
        assert_eq!(fold_tag("I-MIS3", f), Tag::inside(EntityLabel::MISC));
        assert_eq!(fold_tag("OO", f), Tag::O);
        assert_eq!(
            fold_tag("B-Population-Center", f),
            Tag::begin(EntityLabel::LOC)
        );
        assert_eq!(
            fold_tag("I-Religious_PER", f),
            Tag::inside(EntityLabel::PER)
        );
        let no_art = TagFolding {
            artifacts_as_misc: false,
            ..f
        };
        let aner = TagFolding {
            anercorp_conventions: true,
            ..f
        };
        assert_eq!(fold_tag("B-Group", aner), Tag::O);
        assert_eq!(fold_tag("B-Group", f), Tag::begin(EntityLabel::PER));
        assert_eq!(fold_tag("B-Movie", no_art), Tag::O);
        assert_eq!(fold_tag("B-Movie", f), Tag::begin(EntityLabel::MISC));
        for i in 0..N_TAGS as u8 {
            let t = Tag(i);
            assert_eq!(fold_tag(&t.to_string(), f), t);
        }
    }

    #[test]
    fn transitions() {
        let b = Tag::begin(EntityLabel::LOC);
        let i = Tag::inside(EntityLabel::LOC);
        let j = Tag::inside(EntityLabel::ORG);
        assert!(b.allows(i) && i.allows(i) && !Tag::O.allows(i) && !b.allows(j));
        let mut s = [Tag::O, i, j];
        repair(&mut s);
        assert_eq!(s, [Tag::O, b, Tag::begin(EntityLabel::ORG)]);
    }
}
