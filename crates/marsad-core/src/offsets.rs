/// Converts byte offsets of a `str` into code-point offsets.
///
/// Stages work on byte offsets internally (cheap slicing) and publish
/// code-point offsets, which is what JSON consumers in any language expect.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    /// Byte offset of each char start, plus the text length at the end.
    starts: Vec<u32>,
    ascii: bool,
    len: u32,
}

impl OffsetMap {
    pub fn new(text: &str) -> Self {
        let len = text.len() as u32;
        if text.is_ascii() {
            return Self {
                starts: Vec::new(),
                ascii: true,
                len,
            };
        }
        // A char starts at every byte that is not a continuation byte
        // (10xxxxxx); one pass over the bytes into a vector sized once.
        let bytes = text.as_bytes();
        let mut starts: Vec<u32> = Vec::with_capacity(bytes.len() + 1);
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|&(_, &b)| (b as i8) >= -0x40)
                .map(|(i, _)| i as u32),
        );
        starts.push(len);
        Self {
            starts,
            ascii: false,
            len,
        }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        if self.ascii {
            self.len as usize
        } else {
            self.starts.len() - 1
        }
    }

    /// Code-point offset of a byte offset. A byte offset inside a
    /// multi-byte char maps to that char's index.
    pub fn char_of(&self, byte: usize) -> usize {
        if self.ascii {
            return byte.min(self.len as usize);
        }
        match self.starts.binary_search(&(byte as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset of a code-point offset (clamped to the text length).
    pub fn byte_of(&self, ch: usize) -> usize {
        if self.ascii {
            return ch.min(self.len as usize);
        }
        self.starts.get(ch).copied().unwrap_or(self.len) as usize
    }
}

/// An [`OffsetMap`] of a document's text, built on first use and shared
/// by the stages that publish spans (`Document::offsets`). It remembers
/// which text it was built from: for any other text it builds a new map.
/// A clone starts empty; every cache compares equal.
#[derive(Debug, Default)]
pub struct OffsetCache(std::sync::OnceLock<(usize, usize, OffsetMap)>);

impl OffsetCache {
    /// The map of `text`, from the cache when it was built from it.
    pub fn get(&self, text: &str) -> std::borrow::Cow<'_, OffsetMap> {
        let id = (text.as_ptr() as usize, text.len());
        let (p, l, map) = self.0.get_or_init(|| (id.0, id.1, OffsetMap::new(text)));
        if (*p, *l) == id {
            std::borrow::Cow::Borrowed(map)
        } else {
            std::borrow::Cow::Owned(OffsetMap::new(text))
        }
    }
}

impl Clone for OffsetCache {
    fn clone(&self) -> Self {
        OffsetCache::default()
    }
}

impl PartialEq for OffsetCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_mixed_text() {
        let text = "قال a «ب» 12";
        let map = OffsetMap::new(text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(map.char_of(bi), ci);
            assert_eq!(map.byte_of(ci), bi);
        }
        assert_eq!(map.char_len(), text.chars().count());
        assert_eq!(map.byte_of(map.char_len()), text.len());
    }

    #[test]
    fn cache_follows_the_text() {
        let cache = OffsetCache::default();
        let a = String::from("قال أحمد");
        assert_eq!(cache.get(&a).char_len(), 8);
        assert!(matches!(cache.get(&a), std::borrow::Cow::Borrowed(_)));
        let b = String::from("ab");
        assert_eq!(cache.get(&b).char_len(), 2);
        assert_eq!(cache.clone().get(&b).char_len(), 2);
    }

    #[test]
    fn ascii_fast_path() {
        let map = OffsetMap::new("abc");
        assert_eq!(map.char_of(2), 2);
        assert_eq!(map.byte_of(3), 3);
        assert_eq!(map.char_len(), 3);
    }
}
