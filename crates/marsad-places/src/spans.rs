//! Span lookups for the resolver: which mentions lie inside, around or
//! across another layer's spans. Each query is a binary search, so a
//! document's cost grows with its size, not with its square.

/// Spans `(start, end)` sorted by start, with the running maximum of
/// their ends.
#[derive(Debug, Default)]
pub(crate) struct Spans {
    starts: Vec<usize>,
    /// `max_end[i]`: the largest end among the first `i + 1` spans.
    max_end: Vec<usize>,
}

impl Spans {
    pub fn new(spans: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let mut v: Vec<(usize, usize)> = spans.into_iter().collect();
        v.sort_unstable();
        let mut max_end = Vec::with_capacity(v.len());
        let mut m = 0;
        for &(_, e) in &v {
            m = m.max(e);
            max_end.push(m);
        }
        Spans {
            starts: v.into_iter().map(|s| s.0).collect(),
            max_end,
        }
    }

    /// The largest end among spans whose start satisfies `pred` (a
    /// prefix of the sorted starts).
    fn max_end_while(&self, pred: impl Fn(usize) -> bool) -> Option<usize> {
        let n = self.starts.partition_point(|&s| pred(s));
        n.checked_sub(1).map(|i| self.max_end[i])
    }

    /// Some span `(s, e)` holds `[start, end)`: `s <= start && end <= e`.
    pub fn contains(&self, start: usize, end: usize) -> bool {
        self.max_end_while(|s| s <= start).is_some_and(|e| e >= end)
    }

    /// Some span holds `[start, end)` and is not that very span.
    pub fn contains_strictly(&self, start: usize, end: usize) -> bool {
        // Starting before it and reaching its end, or starting with it
        // and reaching past its end.
        self.max_end_while(|s| s < start).is_some_and(|e| e >= end)
            || self.max_end_while(|s| s <= start).is_some_and(|e| e > end)
    }

    /// Some span `(s, e)` overlaps `[start, end)`: `s < end && start < e`.
    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        self.max_end_while(|s| s < end).is_some_and(|e| e > start)
    }
}

/// NER LOC spans, for [`LocSpans::vouches`].
#[derive(Debug, Default)]
pub(crate) struct LocSpans {
    /// Sorted by start.
    by_start: Vec<(usize, usize)>,
    /// `min_end[i]`: the smallest end among `by_start[i..]`.
    min_end: Vec<usize>,
    /// `(end, start)`, sorted.
    by_end: Vec<(usize, usize)>,
}

impl LocSpans {
    pub fn new(spans: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let mut by_start: Vec<(usize, usize)> = spans.into_iter().collect();
        by_start.sort_unstable();
        let mut min_end = vec![0; by_start.len()];
        let mut m = usize::MAX;
        for (i, &(_, e)) in by_start.iter().enumerate().rev() {
            m = m.min(e);
            min_end[i] = m;
        }
        let mut by_end: Vec<(usize, usize)> = by_start.iter().map(|&(s, e)| (e, s)).collect();
        by_end.sort_unstable();
        LocSpans {
            by_start,
            min_end,
            by_end,
        }
    }

    /// Whether a span vouches for the mention `[start, end)`: the mention
    /// covers it, or it ends with the mention and starts at most three
    /// code points (proclitics) before it.
    pub fn vouches(&self, start: usize, end: usize) -> bool {
        let i = self.by_start.partition_point(|&(s, _)| s < start);
        if self.min_end.get(i).is_some_and(|&e| e <= end) {
            return true;
        }
        let lo = (end, start.saturating_sub(3));
        let j = self.by_end.partition_point(|&x| x < lo);
        self.by_end.get(j).is_some_and(|&x| x <= (end, start))
    }
}

/// Largest values over prefixes of `0..n`, raised one slot at a time (a
/// Fenwick tree for the maximum; 0 stands for none).
#[derive(Debug)]
pub(crate) struct PrefixMax {
    tree: Vec<usize>,
}

impl PrefixMax {
    pub fn new(n: usize) -> Self {
        PrefixMax {
            tree: vec![0; n + 1],
        }
    }

    /// Raises slot `i` to at least `v`.
    pub fn raise(&mut self, i: usize, v: usize) {
        let mut k = i + 1;
        while k < self.tree.len() {
            self.tree[k] = self.tree[k].max(v);
            k += k & k.wrapping_neg();
        }
    }

    /// The largest value in slots `0..n` (0 if none).
    pub fn max_below(&self, n: usize) -> usize {
        let mut k = n.min(self.tree.len().saturating_sub(1));
        let mut m = 0;
        while k > 0 {
            m = m.max(self.tree[k]);
            k -= k & k.wrapping_neg();
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn spans() -> impl Strategy<Value = Vec<(usize, usize)>> {
        prop::collection::vec((0usize..60, 0usize..12), 0..40)
            .prop_map(|v| v.into_iter().map(|(s, l)| (s, s + l)).collect())
    }

    // The linear scans the resolver used before.
    fn contains_scan(v: &[(usize, usize)], a: usize, b: usize) -> bool {
        v.iter().any(|&(s, e)| s <= a && b <= e)
    }
    fn strict_scan(v: &[(usize, usize)], a: usize, b: usize) -> bool {
        v.iter().any(|&(s, e)| s <= a && b <= e && (s, e) != (a, b))
    }
    fn overlaps_scan(v: &[(usize, usize)], a: usize, b: usize) -> bool {
        v.iter().any(|&(s, e)| s < b && a < e)
    }
    fn vouched_scan(v: &[(usize, usize)], a: usize, b: usize) -> bool {
        v.iter()
            .any(|&(s, e)| (a <= s && e <= b) || (b == e && a >= s && a - s <= 3))
    }

    proptest! {
        #[test]
        fn lookups_agree_with_linear_scans(v in spans(), q in spans()) {
            let sp = Spans::new(v.iter().copied());
            let locs = LocSpans::new(v.iter().copied());
            // Queries: random spans and the spans themselves (exact hits).
            for &(a, b) in q.iter().chain(&v) {
                prop_assert_eq!(sp.contains(a, b), contains_scan(&v, a, b));
                prop_assert_eq!(sp.contains_strictly(a, b), strict_scan(&v, a, b));
                prop_assert_eq!(sp.overlaps(a, b), overlaps_scan(&v, a, b));
                prop_assert_eq!(locs.vouches(a, b), vouched_scan(&v, a, b));
            }
        }

        #[test]
        fn prefix_max_agrees_with_a_scan(
            ops in prop::collection::vec((0usize..30, 0usize..100, 0usize..32), 0..60)
        ) {
            let mut pm = PrefixMax::new(30);
            let mut flat = vec![0usize; 30];
            for (i, v, n) in ops {
                pm.raise(i, v);
                flat[i] = flat[i].max(v);
                let want = flat.iter().take(n).copied().max().unwrap_or(0);
                prop_assert_eq!(pm.max_below(n), want);
            }
        }
    }
}
