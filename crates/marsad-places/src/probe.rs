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

const EMPTY: Probe = Probe {
    exact: NO_KEY,
    prefix: NO_KEY,
};

#[derive(Debug, Clone, Copy)]
struct Slot {
    hash: u64,
    probe: Probe,
}

/// Hashes (already well mixed) to [`Probe`]s. A slot is free while both
/// of its indices are [`NO_KEY`]; every inserted entry sets one.
#[derive(Debug, Clone, Default)]
pub(crate) struct ProbeTable {
    slots: Vec<Slot>,
    len: usize,
}

impl ProbeTable {
    /// A table for up to `n` hashes, at most three quarters full.
    pub fn with_capacity(n: usize) -> ProbeTable {
        let size = (n.max(6) * 4 / 3 + 1).next_power_of_two();
        ProbeTable {
            slots: vec![
                Slot {
                    hash: 0,
                    probe: EMPTY,
                };
                size
            ],
            len: 0,
        }
    }

    #[inline]
    fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }

    /// The entry of `hash`, inserted empty if absent (the caller sets one
    /// of its indices). Grows the table when it would pass three quarters
    /// full.
    pub fn entry(&mut self, hash: u64) -> &mut Probe {
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let mask = self.mask();
        let mut i = hash as usize & mask;
        loop {
            let s = self.slots[i];
            if s.probe == EMPTY {
                self.slots[i].hash = hash;
                self.len += 1;
                break;
            }
            if s.hash == hash {
                break;
            }
            i = (i + 1) & mask;
        }
        &mut self.slots[i].probe
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        *self = ProbeTable::with_capacity(old.len().max(6));
        for s in old.into_iter().filter(|s| s.probe != EMPTY) {
            *self.entry(s.hash) = s.probe;
        }
    }

    /// The entry of `hash`, if any.
    #[inline]
    pub fn get(&self, hash: u64) -> Option<&Probe> {
        let mask = self.mask();
        let mut i = hash as usize & mask;
        loop {
            let s = self.slots.get(i)?;
            if s.probe == EMPTY {
                return None;
            }
            if s.hash == hash {
                return Some(&s.probe);
            }
            i = (i + 1) & mask;
        }
    }

    /// Starts loading the slot where [`ProbeTable::get`] will look first.
    #[inline]
    pub fn prefetch(&self, hash: u64) {
        if let Some(s) = self.slots.get(hash as usize & self.mask()) {
            marsad_core::hash::prefetch(s);
        }
    }

    /// Every stored hash.
    pub fn hashes(&self) -> impl Iterator<Item = u64> + '_ {
        self.slots
            .iter()
            .filter(|s| s.probe != EMPTY)
            .map(|s| s.hash)
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.len
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
        for (k, &h) in hs.iter().enumerate() {
            t.entry(h).exact = k as u32;
        }
        for (k, &h) in hs.iter().enumerate() {
            t.entry(h).prefix = k as u32 + 1;
        }
        assert_eq!(t.len(), 100);
        for (k, &h) in hs.iter().enumerate() {
            let p = t.get(h).copied();
            assert_eq!(
                p,
                Some(Probe {
                    exact: k as u32,
                    prefix: k as u32 + 1
                })
            );
        }
        assert!(t.get(7).is_none() && t.get(101 << 40 | 3).is_none());
        assert_eq!(t.hashes().count(), 100);
        assert!(ProbeTable::default().get(1).is_none());
    }
}
