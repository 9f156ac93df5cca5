//! The word cache's index: word strings to dense ids, in one flat
//! open-addressing table of 8-byte slots with the words in one arena.
//! Unlike a general hash map it lets the tagger look up a whole sentence
//! in stages (hash and prefetch every slot, then every candidate, then
//! confirm), so the cache misses of its words overlap.

use marsad_core::hash::{hash_bytes, prefetch};

/// Hash of a word for [`WordIndex`] (in memory only).
#[inline]
pub(crate) fn word_hash(w: &str) -> u64 {
    hash_bytes(0, w.as_bytes())
}

/// Words with ids `0..len` in insertion order. A slot holds the high 32
/// bits of the word's hash and its id + 1 (0: free); a match of those
/// bits is confirmed against the word.
#[derive(Debug, Default)]
pub(crate) struct WordIndex {
    slots: Vec<u64>,
    /// The words, back to back; word `id` ends at `ends[id]`.
    arena: String,
    ends: Vec<u32>,
}

impl WordIndex {
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Word `id` ("" when out of range).
    #[inline]
    pub fn word(&self, id: u32) -> &str {
        let id = id as usize;
        let Some(&end) = self.ends.get(id) else {
            return "";
        };
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        self.arena.get(start as usize..end as usize).unwrap_or("")
    }

    #[inline]
    fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }

    #[inline]
    fn tag(h: u64) -> u64 {
        h & !0xffff_ffff
    }

    /// Starts loading the first slot of hash `h`.
    #[inline]
    pub fn prefetch_slot(&self, h: u64) {
        if let Some(s) = self.slots.get(h as usize & self.mask()) {
            prefetch(s);
        }
    }

    /// Starts loading the text of word `id`.
    #[inline]
    pub fn prefetch_word(&self, id: u32) {
        let start = match (id as usize).checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or(0),
            None => 0,
        };
        if let Some(b) = self.arena.as_bytes().get(start as usize) {
            prefetch(b);
        }
    }

    /// The id of the first word whose hash shares the stored bits of `h`
    /// (not confirmed: check it with [`WordIndex::word`]).
    #[inline]
    pub fn candidate(&self, h: u64) -> Option<u32> {
        self.find(h, |_| true)
    }

    /// The id of `w` (with hash `h`), if present.
    #[inline]
    pub fn get(&self, w: &str, h: u64) -> Option<u32> {
        self.find(h, |id| self.word(id) == w)
    }

    fn find(&self, h: u64, mut ok: impl FnMut(u32) -> bool) -> Option<u32> {
        let mask = self.mask();
        let tag = Self::tag(h);
        let mut i = h as usize & mask;
        loop {
            let s = *self.slots.get(i)?;
            if s == 0 {
                return None;
            }
            if Self::tag(s) == tag {
                let id = (s as u32).wrapping_sub(1);
                if ok(id) {
                    return Some(id);
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds `w` (hash `h`, not present) and returns its id, or `None`
    /// when ids would overflow.
    pub fn insert(&mut self, w: &str, h: u64) -> Option<u32> {
        let id = u32::try_from(self.ends.len()).ok()?;
        let end = u32::try_from(self.arena.len() + w.len()).ok()?;
        if id == u32::MAX {
            return None;
        }
        if (self.ends.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.arena.push_str(w);
        self.ends.push(end);
        self.place(h, id);
        Some(id)
    }

    fn place(&mut self, h: u64, id: u32) {
        let mask = self.mask();
        let mut i = h as usize & mask;
        while self.slots[i] != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = Self::tag(h) | u64::from(id + 1);
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        self.slots = vec![0; size];
        for id in 0..self.ends.len() as u32 {
            let h = word_hash(self.word(id));
            self.place(h, id);
        }
    }

    /// Bytes held, for memory accounting.
    pub fn bytes_per_word(w: &str) -> usize {
        w.len() + 4 + 16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_insertion_and_lookups_confirm_the_word() {
        let mut ix = WordIndex::default();
        let words: Vec<String> = (0..3000).map(|i| format!("كلمة{i}")).collect();
        for (i, w) in words.iter().enumerate() {
            let h = word_hash(w);
            assert_eq!(ix.get(w, h), None);
            assert_eq!(ix.insert(w, h), Some(i as u32));
        }
        assert_eq!(ix.len(), 3000);
        for (i, w) in words.iter().enumerate() {
            let h = word_hash(w);
            assert_eq!(ix.get(w, h), Some(i as u32));
            assert_eq!(ix.word(i as u32), w);
        }
        // Another word under the same hash: a candidate, never a match.
        assert_eq!(ix.get("غائبة", word_hash(&words[7])), None);
        assert_eq!(ix.candidate(word_hash(&words[7])), Some(7));
        assert_eq!(ix.word(5000), "");
        assert_eq!(WordIndex::default().get("x", 1), None);
    }
}
