//! Fast, stable 64-bit hashing of feature strings. Stability matters: the
//! hashes index the model's weight table, so they must never change with
//! the Rust version or platform.

pub use marsad_core::hash::{fmix, hash_bytes, K};

#[inline]
pub fn hash_str(s: &str) -> u64 {
    hash_bytes(0x5851_f42d_4c95_7f2d, s.as_bytes())
}

/// Combines two hashes order-sensitively.
#[inline]
pub fn combine(a: u64, b: u64) -> u64 {
    fmix(a.rotate_left(23) ^ b.wrapping_mul(K))
}

/// A hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type IdBuild = std::hash::BuildHasherDefault<IdHasher>;
pub type IdSet = std::collections::HashSet<u64, IdBuild>;
pub type IdMap<V> = std::collections::HashMap<u64, V, IdBuild>;
