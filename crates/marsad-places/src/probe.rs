//! The gazetteer's phrase-probe index: key hashes to key indices, in one
//! flat open-addressing table (linear probing), so that a lookup is one
//! cache line and the matcher can announce a document's lookups
//! ([`ProbeTable::prefetch`]) before it makes them.

/// Key indices of one probe hash ([`NO_KEY`] when none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Probe {
    /// A key equal to the probed phrase.
    pub exact: u32,
    /// A key that continues the probed phrase with a space.
    pub prefix: u32,
}

pub(crate) const NO_KEY: u32 = u32::MAX;

/// Hashes (already well mixed) to [`Probe`]s. Each slot is two words:
/// the hash, then `exact + 1` and `prefix + 1` (0: none), so that an
/// empty table is all zeros (its pages are mapped as they are touched)
/// and a slot is free while its second word is 0.
#[derive(Debug, Clone, Default)]
pub(crate) struct ProbeTable {
    words: Vec<u64>,
    len: usize,
}

/// Which index an insertion sets.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Field {
    Exact,
    Prefix,
}

impl ProbeTable {
    /// A table for up to `n` hashes, at most three quarters full.
    pub fn with_capacity(n: usize) -> ProbeTable {
        let size = (n.max(6) * 4 / 3 + 1).next_power_of_two();
        ProbeTable {
            words: vec![0; 2 * size],
            len: 0,
        }
    }

    #[inline]
    fn size(&self) -> usize {
        self.words.len() / 2
    }

    #[inline]
    fn mask(&self) -> usize {
        self.size().wrapping_sub(1)
    }

    /// Sets `field` of `hash` to `key` unless it is set already (the first
    /// key filed under a hash wins). Grows the table when it would pass
    /// three quarters full.
    pub fn set(&mut self, hash: u64, field: Field, key: u32) {
        if (self.len + 1) * 4 > self.size() * 3 {
            self.grow();
        }
        let mask = self.mask();
        let mut i = hash as usize & mask;
        loop {
            let (h, v) = (self.words[2 * i], self.words[2 * i + 1]);
            if v == 0 {
                self.words[2 * i] = hash;
                self.len += 1;
                break;
            }
            if h == hash {
                break;
            }
            i = (i + 1) & mask;
        }
        let v = &mut self.words[2 * i + 1];
        let shift = match field {
            Field::Exact => 0,
            Field::Prefix => 32,
        };
        if (*v >> shift) as u32 == 0 {
            *v |= u64::from(key.wrapping_add(1)) << shift;
        }
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.words);
        *self = ProbeTable::with_capacity(old.len() / 2);
        for s in old.chunks_exact(2).filter(|s| s[1] != 0) {
            let (exact, prefix) = unpack(s[1]);
            if exact != NO_KEY {
                self.set(s[0], Field::Exact, exact);
            }
            if prefix != NO_KEY {
                self.set(s[0], Field::Prefix, prefix);
            }
        }
    }

    /// The entry of `hash`, if any.
    #[inline]
    pub fn get(&self, hash: u64) -> Option<Probe> {
        let mask = self.mask();
        let mut i = hash as usize & mask;
        loop {
            let v = *self.words.get(2 * i + 1)?;
            if v == 0 {
                return None;
            }
            if self.words[2 * i] == hash {
                let (exact, prefix) = unpack(v);
                return Some(Probe { exact, prefix });
            }
            i = (i + 1) & mask;
        }
    }

    /// Starts loading the slot where [`ProbeTable::get`] will look first.
    #[inline]
    pub fn prefetch(&self, hash: u64) {
        if let Some(s) = self.words.get(2 * (hash as usize & self.mask())) {
            marsad_core::hash::prefetch(s);
        }
    }

    /// Every stored hash.
    pub fn hashes(&self) -> impl Iterator<Item = u64> + '_ {
        self.words
            .chunks_exact(2)
            .filter(|s| s[1] != 0)
            .map(|s| s[0])
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.len
    }
}

/// (exact, prefix) of a slot's second word, [`NO_KEY`] for none.
#[inline]
fn unpack(v: u64) -> (u32, u32) {
    (
        (v as u32).wrapping_sub(1),
        ((v >> 32) as u32).wrapping_sub(1),
    )
}

/// Insertions into a [`ProbeTable`] made a few at a time: each slot is
/// announced when its insertion is queued and written some insertions
/// later, in the same order, so that the table's cache misses overlap.
pub(crate) struct Inserter<'a> {
    table: &'a mut ProbeTable,
    queue: [(u64, Field, u32); AHEAD],
    head: usize,
    n: usize,
}

/// Insertions an [`Inserter`] keeps queued.
const AHEAD: usize = 16;

impl<'a> Inserter<'a> {
    pub fn new(table: &'a mut ProbeTable) -> Self {
        Inserter {
            table,
            queue: [(0, Field::Exact, 0); AHEAD],
            head: 0,
            n: 0,
        }
    }

    /// Queues [`ProbeTable::set`]`(hash, field, key)`.
    pub fn set(&mut self, hash: u64, field: Field, key: u32) {
        if self.n == AHEAD {
            let (h, f, k) = self.queue[self.head];
            self.table.set(h, f, k);
            self.n -= 1;
            self.head = (self.head + 1) % AHEAD;
        }
        self.table.prefetch(hash);
        self.queue[(self.head + self.n) % AHEAD] = (hash, field, key);
        self.n += 1;
    }

    /// Makes every queued insertion.
    pub fn finish(mut self) {
        while self.n > 0 {
            let (h, f, k) = self.queue[self.head];
            self.table.set(h, f, k);
            self.n -= 1;
            self.head = (self.head + 1) % AHEAD;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_inserted_and_nothing_else() {
        let mut t = ProbeTable::with_capacity(4);
        // Colliding low bits force probing and growth.
        let hs: Vec<u64> = (0..100u64).map(|i| i << 40 | 3).collect();
        let mut ins = Inserter::new(&mut t);
        for (k, &h) in hs.iter().enumerate() {
            ins.set(h, Field::Exact, k as u32);
        }
        for (k, &h) in hs.iter().enumerate() {
            ins.set(h, Field::Prefix, k as u32 + 1);
            // The first key filed under a hash wins.
            ins.set(h, Field::Exact, 999);
        }
        ins.finish();
        assert_eq!(t.len(), 100);
        for (k, &h) in hs.iter().enumerate() {
            assert_eq!(
                t.get(h),
                Some(Probe {
                    exact: k as u32,
                    prefix: k as u32 + 1
                })
            );
        }
        t.set(5, Field::Prefix, 0);
        assert_eq!(
            t.get(5),
            Some(Probe {
                exact: NO_KEY,
                prefix: 0
            })
        );
        assert!(t.get(7).is_none() && t.get(101 << 40 | 3).is_none());
        assert_eq!(t.hashes().count(), 101);
        assert!(ProbeTable::default().get(1).is_none());
    }
}
