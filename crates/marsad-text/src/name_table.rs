//! The line format of the name table (`data/ner/names-ar.tsv`): one
//! `stem<TAB>flags<TAB>bin` line per stem, `#` lines as comments. The NER
//! features and the actor linker's given-name test both read it; the NER
//! crate writes it (`marsad train ner-names`).

/// A Wikidata person-name token.
pub const NAME_WIKIDATA: u16 = 1;
/// A Wikidata person-name token seen at least 10 times.
pub const NAME_WIKIDATA_STRONG: u16 = 1 << 1;
pub const NAME_GIVEN: u16 = 1 << 2;
pub const NAME_FAMILY: u16 = 1 << 3;
pub const NAME_NATIONALITY: u16 = 1 << 4;
pub const NAME_CITY: u16 = 1 << 5;
/// First word of a multi-word notable person's name.
pub const NAME_PEOPLE_FIRST: u16 = 1 << 6;
/// Last word of a multi-word notable person's name.
pub const NAME_PEOPLE_LAST: u16 = 1 << 7;

/// Largest frequency bin (Zipf 6 and above, in half steps from 2).
pub const MAX_BIN: u8 = 9;

/// One entry of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameEntry<'a> {
    pub stem: &'a str,
    /// `NAME_*` flags (low byte only).
    pub flags: u16,
    /// Word-frequency bin, 0 ..= [`MAX_BIN`].
    pub bin: u8,
}

/// Parses one line: `None` for a comment or a blank line, `Some(Err)`
/// for a line that is not `stem<TAB>flags<TAB>bin` within range.
pub fn parse_line(line: &str) -> Option<Result<NameEntry<'_>, &'static str>> {
    if line.starts_with('#') || line.is_empty() {
        return None;
    }
    const BAD: &str = "expected stem<TAB>flags<TAB>bin";
    let mut f = line.split('\t');
    let (Some(stem), Some(flags), Some(bin)) = (f.next(), f.next(), f.next()) else {
        return Some(Err(BAD));
    };
    let (Ok(flags), Ok(bin)) = (flags.parse::<u16>(), bin.parse::<u8>()) else {
        return Some(Err(BAD));
    };
    if flags > 0xff || bin > MAX_BIN {
        return Some(Err(BAD));
    }
    Some(Ok(NameEntry { stem, flags, bin }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        assert_eq!(parse_line("# header"), None);
        assert_eq!(parse_line(""), None);
        assert_eq!(
            parse_line("امل\t4\t6"),
            Some(Ok(NameEntry {
                stem: "امل",
                flags: NAME_GIVEN,
                bin: 6
            }))
        );
        assert!(matches!(parse_line("x\ty"), Some(Err(_))));
        assert!(matches!(parse_line("x\t256\t1"), Some(Err(_))));
        assert!(matches!(parse_line("x\t1\t10"), Some(Err(_))));
    }
}
