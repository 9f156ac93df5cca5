//! The weight table with only its nonzero rows stored.
//!
//! A trained table of 2^20 hashed rows is about three quarters zero, and
//! most features of unseen news text land on rows training never touched.
//! A bitmap of nonzero rows (128 KB, in cache) answers those lookups, and
//! the packed rows (a quarter of the dense table) stay in the CPU's
//! last-level cache instead of main memory.

use crate::tags::N_TAGS;

pub(crate) use marsad_core::hash::{prefetch, prefetch_all};

pub(crate) type Row = [i16; N_TAGS];

/// The rows of two models with the same features side by side (see
/// [`Weights::pair`]): one cache line serves both.
pub(crate) type PairRow = [Row; 2];

/// Adds one row of weights to `acc`.
#[inline]
fn add_row(acc: &mut [i32; N_TAGS], row: &Row) {
    for (a, w) in acc.iter_mut().zip(row) {
        *a += i32::from(*w);
    }
}

/// What a table stores per nonzero row.
pub(crate) trait RowData: Copy {
    fn is_zero(&self) -> bool;
}

impl RowData for Row {
    fn is_zero(&self) -> bool {
        self.iter().all(|&x| x == 0)
    }
}

impl RowData for PairRow {
    fn is_zero(&self) -> bool {
        self.iter().all(RowData::is_zero)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Weights<R = Row> {
    rows: usize,
    /// Bit `r % 64` of word `r / 64`: row `r` is nonzero.
    bits: Vec<u64>,
    /// Number of nonzero rows before each bitmap word.
    rank: Vec<u32>,
    packed: Vec<R>,
}

impl Weights {
    /// From a dense table of `rows * N_TAGS` weights.
    pub(crate) fn from_dense(dense: &[i16]) -> Weights {
        let mut b = WeightsBuilder::new(dense.len() / N_TAGS);
        for (r, row) in dense.chunks_exact(N_TAGS).enumerate() {
            let mut a = [0i16; N_TAGS];
            a.copy_from_slice(row);
            // Rows come in order and in range: always accepted.
            b.push(r, a);
        }
        b.finish()
    }

    /// Both tables in one, row `r` holding `[a's row r, b's row r]`;
    /// `None` when their row counts differ.
    pub(crate) fn pair(a: &Weights, b: &Weights) -> Option<Weights<PairRow>> {
        if a.rows != b.rows {
            return None;
        }
        let mut out = WeightsBuilder::new(a.rows);
        out.reserve(a.packed.len() + b.packed.len());
        let (mut ia, mut ib) = (a.nonzero().peekable(), b.nonzero().peekable());
        loop {
            let r = match (ia.peek(), ib.peek()) {
                (None, None) => break,
                (Some(&(ra, _)), None) => ra,
                (None, Some(&(rb, _))) => rb,
                (Some(&(ra, _)), Some(&(rb, _))) => ra.min(rb),
            };
            let ra = ia.next_if(|x| x.0 == r).map_or([0; N_TAGS], |x| *x.1);
            let rb = ib.next_if(|x| x.0 == r).map_or([0; N_TAGS], |x| *x.1);
            // Rows come in increasing order: always accepted.
            out.push(r, [ra, rb]);
        }
        Some(out.finish())
    }

    /// Adds the packed rows at `slots` (from [`Weights::slot`]) to `acc`.
    #[inline]
    pub(crate) fn add_slots(&self, acc: &mut [i32; N_TAGS], slots: &[u32]) {
        for &s in slots {
            if let Some(row) = self.packed.get(s as usize) {
                add_row(acc, row);
            }
        }
    }
}

impl Weights<PairRow> {
    /// Adds the first halves of the rows at `slots` to `acc[0]` and the
    /// second halves to `acc[1]`.
    #[inline]
    pub(crate) fn add_pair_slots(&self, acc: &mut [[i32; N_TAGS]; 2], slots: &[u32]) {
        for &s in slots {
            if let Some([first, second]) = self.packed.get(s as usize) {
                add_row(&mut acc[0], first);
                add_row(&mut acc[1], second);
            }
        }
    }
}

impl<R: RowData> Weights<R> {
    /// Number of rows (zero or not).
    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// Row `r`, or `None` when it is all zero (or out of range).
    #[inline]
    pub(crate) fn row(&self, r: u32) -> Option<&R> {
        self.packed.get(self.slot(r)? as usize)
    }

    /// Where row `r` is packed, or `None` when it is all zero.
    #[inline]
    pub(crate) fn slot(&self, r: u32) -> Option<u32> {
        let r = r as usize;
        let word = *self.bits.get(r / 64)?;
        let bit = 1u64 << (r % 64);
        if word & bit == 0 {
            return None;
        }
        Some(self.rank.get(r / 64)? + (word & (bit - 1)).count_ones())
    }

    /// Asks the CPU to start loading the row at `slot` (from
    /// [`Weights::slot`]) while other work goes on (see [`prefetch`]).
    #[inline]
    pub(crate) fn prefetch(&self, slot: u32) {
        if let Some(row) = self.packed.get(slot as usize) {
            prefetch(row);
        }
    }

    /// Starts loading what [`Weights::slot`] reads for row `r` (its
    /// bitmap word and rank), a hint only.
    #[inline]
    pub(crate) fn prefetch_slot(&self, r: u32) {
        let k = r as usize / 64;
        if let Some(b) = self.bits.get(k) {
            prefetch(b);
        }
        if let Some(x) = self.rank.get(k) {
            prefetch(x);
        }
    }

    /// Packs groups of row indices into slots for [`Weights::add_slots`]:
    /// the slots of the nonzero rows of `rows` go to the front of `slots`
    /// (at least as long as `rows`), each announced ([`Weights::prefetch`]),
    /// and `ends`, the ends of the groups in `rows`, become their ends in
    /// `slots`. Returns the number of slots.
    pub(crate) fn pack_slots(&self, rows: &[u32], ends: &mut [usize], slots: &mut [u32]) -> usize {
        let (mut m, mut from) = (0, 0);
        for end in ends.iter_mut() {
            for &r in rows.get(from..*end).unwrap_or(&[]) {
                if let (Some(s), Some(out)) = (self.slot(r), slots.get_mut(m)) {
                    self.prefetch(s);
                    *out = s;
                    m += 1;
                }
            }
            from = *end;
            *end = m;
        }
        m
    }

    /// The nonzero rows with their indices, in row order.
    pub(crate) fn nonzero(&self) -> impl Iterator<Item = (usize, &R)> + '_ {
        self.bits
            .iter()
            .enumerate()
            .flat_map(|(k, &b)| {
                // The set bits, lowest first.
                let mut rest = b;
                std::iter::from_fn(move || {
                    (rest != 0).then(|| {
                        let j = rest.trailing_zeros() as usize;
                        rest &= rest - 1;
                        k * 64 + j
                    })
                })
            })
            .zip(&self.packed)
    }

    /// Identity of the table (for caches of derived sums).
    pub(crate) fn id(&self) -> (usize, usize) {
        (self.packed.as_ptr() as usize, self.packed.len())
    }
}

/// Builds [`Weights`] row by row, in increasing row order, without the
/// dense table (how a saved model is loaded).
pub(crate) struct WeightsBuilder<R = Row> {
    w: Weights<R>,
    last: Option<usize>,
}

impl<R: RowData> WeightsBuilder<R> {
    /// A table of `rows` rows, all zero so far.
    pub(crate) fn new(rows: usize) -> WeightsBuilder<R> {
        WeightsBuilder {
            w: Weights {
                rows,
                bits: vec![0; rows.div_ceil(64)],
                rank: Vec::new(),
                packed: Vec::new(),
            },
            last: None,
        }
    }

    /// Room for `n` more nonzero rows.
    pub(crate) fn reserve(&mut self, n: usize) {
        self.w.packed.reserve(n);
    }

    /// Sets row `r`; false when `r` is out of range or not above the last
    /// row set. An all-zero row is left out, as by [`Weights::from_dense`].
    pub(crate) fn push(&mut self, r: usize, row: R) -> bool {
        if r >= self.w.rows || self.last.is_some_and(|l| r <= l) {
            return false;
        }
        self.last = Some(r);
        if !row.is_zero() {
            self.w.bits[r / 64] |= 1 << (r % 64);
            self.w.packed.push(row);
        }
        true
    }

    pub(crate) fn finish(mut self) -> Weights<R> {
        let mut n = 0u32;
        for b in &self.w.bits {
            self.w.rank.push(n);
            n += b.count_ones();
        }
        self.w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_and_reads_back() {
        let mut dense = vec![0i16; 200 * N_TAGS];
        for r in [0usize, 63, 64, 65, 130, 199] {
            dense[r * N_TAGS + r % N_TAGS] = r as i16 + 1;
        }
        let w = Weights::from_dense(&dense);
        assert_eq!(w.rows(), 200);
        for r in 0..200u32 {
            let want = &dense[r as usize * N_TAGS..(r as usize + 1) * N_TAGS];
            match w.row(r) {
                Some(row) => assert_eq!(&row[..], want),
                None => assert!(want.iter().all(|&x| x == 0), "row {r}"),
            }
        }
        assert_eq!(w.row(200), None);
        let rows: Vec<usize> = w.nonzero().map(|(r, _)| r).collect();
        assert_eq!(rows, vec![0, 63, 64, 65, 130, 199]);
    }

    #[test]
    fn pair_holds_both_rows_over_the_union_of_nonzero_rows() {
        let (mut da, mut db) = (vec![0i16; 130 * N_TAGS], vec![0i16; 130 * N_TAGS]);
        for r in [1usize, 64, 100] {
            da[r * N_TAGS] = r as i16;
        }
        for r in [1usize, 2, 129] {
            db[r * N_TAGS + 1] = -(r as i16);
        }
        let (a, b) = (Weights::from_dense(&da), Weights::from_dense(&db));
        let Some(p) = Weights::pair(&a, &b) else {
            panic!("same row counts pair");
        };
        let rows: Vec<usize> = p.nonzero().map(|(r, _)| r).collect();
        assert_eq!(rows, vec![1, 2, 64, 100, 129]);
        for r in 0..130u32 {
            let want = [
                a.row(r).copied().unwrap_or([0; N_TAGS]),
                b.row(r).copied().unwrap_or([0; N_TAGS]),
            ];
            assert_eq!(
                p.row(r).copied().unwrap_or([[0; N_TAGS]; 2]),
                want,
                "row {r}"
            );
        }
        let slots: Vec<u32> = [1u32, 2, 129].iter().filter_map(|&r| p.slot(r)).collect();
        let mut acc = [[0i32; N_TAGS]; 2];
        p.add_pair_slots(&mut acc, &slots);
        assert_eq!((acc[0][0], acc[1][1]), (1, -1 - 2 - 129));
        assert!(Weights::pair(&a, &Weights::from_dense(&[0; N_TAGS])).is_none());
    }

    #[test]
    fn builder_matches_the_dense_table_and_rejects_disorder() {
        let mut dense = vec![0i16; 200 * N_TAGS];
        let mut b = WeightsBuilder::new(200);
        for r in [0usize, 5, 63, 64, 130, 199] {
            let mut row = [0i16; N_TAGS];
            // Row 5 is all zero: left out by both.
            if r != 5 {
                row[r % N_TAGS] = -(r as i16) - 1;
            }
            dense[r * N_TAGS..(r + 1) * N_TAGS].copy_from_slice(&row);
            assert!(b.push(r, row));
        }
        assert!(!b.push(199, [1; N_TAGS]), "same row twice");
        assert!(!b.push(100, [1; N_TAGS]), "row out of order");
        assert!(!b.push(200, [1; N_TAGS]), "row out of range");
        assert_eq!(b.finish(), Weights::from_dense(&dense));
    }
}
