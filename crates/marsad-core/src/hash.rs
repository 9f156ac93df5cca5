//! Fast, stable 64-bit hashing of byte strings, shared by the stages'
//! in-memory indexes and the NER model's hashed features. Stability
//! matters for the latter: the hashes index a trained weight table, so
//! they must never change with the Rust version or platform.

pub const K: u64 = 0x9E37_79B9_7F4A_7C15;

#[inline]
pub fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[inline]
pub fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(a)).wrapping_mul(K).rotate_left(29);
    }
    let rem = chunks.remainder();
    if !rem.is_empty() {
        let mut a = [0u8; 8];
        a[..rem.len()].copy_from_slice(rem);
        h = (h ^ u64::from_le_bytes(a)).wrapping_mul(K).rotate_left(29);
    }
    fmix(h)
}

/// A set of 64-bit hashes answered "no" from one bit per hash (its top
/// `bits` bits), small enough to stay in the CPU cache: a screen before a
/// large map or set, for lookups that mostly miss. "Yes" means "maybe".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HashFilter {
    shift: u32,
    words: Vec<u64>,
}

impl HashFilter {
    /// An empty filter of `2^bits` bits (`bits` in 6..=32).
    pub fn new(bits: u32) -> HashFilter {
        let bits = bits.clamp(6, 32);
        HashFilter {
            shift: 64 - bits,
            words: vec![0; 1 << (bits - 6)],
        }
    }

    #[inline]
    fn bit(&self, h: u64) -> (usize, u64) {
        let b = (h >> self.shift) as usize;
        (b / 64, 1 << (b % 64))
    }

    pub fn insert(&mut self, h: u64) {
        let (w, b) = self.bit(h);
        if let Some(x) = self.words.get_mut(w) {
            *x |= b;
        }
    }

    /// False when `h` was certainly never inserted.
    #[inline]
    pub fn may_contain(&self, h: u64) -> bool {
        let (w, b) = self.bit(h);
        self.words.get(w).is_some_and(|x| x & b != 0)
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Starts loading the filter word of `h` (see [`prefetch`]).
    #[inline]
    pub fn prefetch(&self, h: u64) {
        if let Some(x) = self.words.get(self.bit(h).0) {
            prefetch(x);
        }
    }
}

/// Asks the CPU to start loading the cache line of `x` while other work
/// goes on, so that a later read finds it in cache: lookups of a whole
/// sentence or document are announced first, and their cache misses
/// overlap instead of following one another. A hint only: it changes no
/// result.
#[inline]
pub fn prefetch<T>(x: &T) {
    prefetch_lines(x, 1);
}

/// [`prefetch`] for every cache line `x` may span.
#[inline]
pub fn prefetch_all<T>(x: &T) {
    prefetch_lines(x, std::mem::size_of::<T>().div_ceil(64) + 1);
}

/// Prefetches the line of `x` and the `lines - 1` after it.
#[inline]
fn prefetch_lines<T>(x: &T, lines: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        let p = (x as *const T).cast::<i8>();
        for k in 0..lines {
            // SAFETY: a prefetch neither reads nor writes memory as far as
            // the program is concerned and cannot fault, even for an
            // address past the value (the pointer is never dereferenced;
            // `wrapping_add` keeps its provenance). SSE, which provides
            // it, is part of x86-64.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(64 * k)) };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (x, lines);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_has_no_false_negatives() {
        let mut f = HashFilter::new(12);
        let hs: Vec<u64> = (0..500u64).map(|i| hash_bytes(i, b"x")).collect();
        for &h in &hs {
            f.insert(h);
        }
        assert!(hs.iter().all(|&h| f.may_contain(h)));
        let misses = (1000..3000u64)
            .filter(|&i| !f.may_contain(hash_bytes(i, b"y")))
            .count();
        assert!(
            misses > 1500,
            "a 4096-bit filter with 500 hashes rejects most others: {misses}"
        );
        assert!(HashFilter::default().is_empty() && !HashFilter::default().may_contain(1));
    }
}
