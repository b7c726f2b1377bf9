//! Split-block Bloom filter (the Parquet SBBF layout): 256-bit blocks of eight 32-bit words,
//! one bit set per word for each key, so a query touches one 32-byte block.
//!
//! Owns: the bit layout, sizing from a capacity and target false-positive rate (Poisson
//! model, not Parquet's optimistic formula; see docs/FORMAT.md), and the fill-based estimates.
//! Must not: hash contacts (it takes the 64-bit hash) or know about serialization.

/// Parquet's eight odd salts, one per word.
const SALT: [u32; 8] = [
    0x47b6_137b,
    0x4497_4d91,
    0x8824_ad5b,
    0xa2b7_289d,
    0x7054_95c7,
    0x2df1_424b,
    0x9efc_4947,
    0x5c6b_fb31,
];

/// Bytes per block.
pub(crate) const BLOCK_BYTES: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sbbf {
    /// `n_blocks * 8` words.
    words: Vec<u32>,
}

#[inline(always)]
fn mask(h: u64) -> [u32; 8] {
    let lo = h as u32;
    let mut m = [0u32; 8];
    for i in 0..8 {
        m[i] = 1u32 << (lo.wrapping_mul(SALT[i]) >> 27);
    }
    m
}

impl Sbbf {
    /// An empty filter of `n_blocks` blocks, or `OUT_OF_MEMORY`.
    pub(crate) fn try_with_blocks(n_blocks: usize) -> crate::Result<Self> {
        let words = n_blocks.max(1).saturating_mul(8);
        Ok(Sbbf {
            words: super::try_filled(words, "a Bloom filter of this capacity and rate")?,
        })
    }

    pub(crate) fn from_words(words: Vec<u32>) -> Self {
        debug_assert!(!words.is_empty() && words.len().is_multiple_of(8));
        Sbbf { words }
    }

    pub(crate) fn words(&self) -> &[u32] {
        &self.words
    }

    pub(crate) fn n_blocks(&self) -> usize {
        self.words.len() / 8
    }

    #[inline(always)]
    fn block(&self, h: u64) -> usize {
        // Multiply-shift maps the high 32 bits uniformly onto [0, n_blocks).
        (((h >> 32) * self.n_blocks() as u64) >> 32) as usize * 8
    }

    /// Set the key's bits; true when at least one bit was new (the key was not yet present).
    #[inline]
    pub(crate) fn insert(&mut self, h: u64) -> bool {
        let b = self.block(h);
        let m = mask(h);
        let block = &mut self.words[b..b + 8];
        let mut changed = 0u32;
        for i in 0..8 {
            changed |= m[i] & !block[i];
            block[i] |= m[i];
        }
        changed != 0
    }

    #[inline]
    pub(crate) fn contains(&self, h: u64) -> bool {
        let b = self.block(h);
        let m = mask(h);
        let block = &self.words[b..b + 8];
        let mut missing = 0u32;
        for i in 0..8 {
            missing |= m[i] & !block[i];
        }
        missing == 0
    }

    /// Bitwise OR of another filter with the same number of blocks.
    pub(crate) fn union_with(&mut self, other: &Sbbf) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= *b;
        }
    }

    /// Keys estimated from the share of set bits: each key sets one bit in each word of its
    /// block, so with n keys over B blocks the expected unset share is exp(-n / (32 B)).
    pub(crate) fn estimated_keys(&self) -> f64 {
        let set: u64 = self.words.iter().map(|w| u64::from(w.count_ones())).sum();
        let total = (self.words.len() * 32) as f64;
        let unset = (total - set as f64) / total;
        if unset <= 0.0 {
            return f64::INFINITY;
        }
        -(unset.ln()) * 32.0 * self.n_blocks() as f64
    }
}

/// Expected false-positive rate of an SBBF holding `n` keys in `n_blocks` blocks: keys per
/// block are Poisson(n / n_blocks); a block with j keys answers a foreign query positive with
/// probability (1 - (31/32)^j)^8.
pub(crate) fn expected_fpr(n: u64, n_blocks: usize) -> f64 {
    if n == 0 || n_blocks == 0 {
        return 0.0;
    }
    let lambda = n as f64 / n_blocks as f64;
    // Far past capacity the sum would run for lambda steps (a crafted count of 2^55 hung it)
    // and exp(-lambda) underflows to 0 past 745 (an overfull filter reported 0).
    if lambda > 64.0 {
        closed_form_fpr(lambda)
    } else {
        poisson_sum_fpr(lambda)
    }
}

/// Sum over the Poisson distribution of keys per block.
fn poisson_sum_fpr(lambda: f64) -> f64 {
    let hi = (lambda + 12.0 * lambda.sqrt() + 30.0).ceil() as u64;
    let mut p = (-lambda).exp(); // P(j = 0)
    let mut sum = 0.0;
    for j in 0..=hi {
        if j > 0 {
            p *= lambda / j as f64;
        }
        sum += p * (1.0 - (31.0f64 / 32.0).powi(j as i32)).powi(8);
    }
    sum.min(1.0)
}

/// The same expectation in closed form: expand (1 - q^j)^8 binomially and use
/// E[q^(jk)] = exp(lambda (q^k - 1)). Its alternating terms cancel badly for small lambda,
/// where the rate is tiny, so the sum is used there.
fn closed_form_fpr(lambda: f64) -> f64 {
    let q = 31.0f64 / 32.0;
    let mut sum = 0.0;
    let mut binom = 1.0;
    for k in 0..=8i32 {
        let sign = if k % 2 == 0 { 1.0 } else { -1.0 };
        sum += sign * binom * (lambda * (q.powi(k) - 1.0)).exp();
        binom = binom * f64::from(8 - k) / f64::from(k + 1);
    }
    sum.clamp(0.0, 1.0)
}

/// Blocks needed so that `capacity` keys give at most `fpr` (bisection on the Poisson model).
pub(crate) fn blocks_for(capacity: u64, fpr: f64) -> usize {
    let capacity = capacity.max(1);
    // Keys per block: fewer keys per block means fewer false positives.
    let (mut lo, mut hi) = (0.01f64, 64.0f64);
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if block_fpr(mid) <= fpr {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    ((capacity as f64 / lo).ceil() as usize).max(1)
}

fn block_fpr(lambda: f64) -> f64 {
    expected_fpr((lambda * 1_000_000.0).round() as u64, 1_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizing_follows_the_poisson_model() {
        // filters.md: 10.53 bits/key for 1%, 16.89 for 0.1%.
        let n = 1_000_000u64;
        let bpk1 = blocks_for(n, 0.01) as f64 * 256.0 / n as f64;
        let bpk01 = blocks_for(n, 0.001) as f64 * 256.0 / n as f64;
        assert!((bpk1 - 10.53).abs() < 0.05, "{bpk1}");
        assert!((bpk01 - 16.89).abs() < 0.05, "{bpk01}");
    }

    #[test]
    fn overfull_counts_give_a_rate_without_counting_to_them() {
        // A count read from a (crafted) filter file once made this loop 2^55 times.
        assert_eq!(expected_fpr(u64::MAX, 1), 1.0);
        // Past 745 keys per block exp(-lambda) underflowed and the rate read 0.
        let over = expected_fpr(2000, 1);
        assert!(over > 0.999_999 && over <= 1.0, "{over}");
        // The closed form and the sum agree where they meet.
        for lambda in [8.0, 32.0, 64.0] {
            let (sum, closed) = (poisson_sum_fpr(lambda), closed_form_fpr(lambda));
            assert!((sum - closed).abs() < 1e-9, "{lambda}: {sum} {closed}");
        }
    }

    #[test]
    fn inserted_keys_are_found_and_estimates_are_close() {
        let mut f = Sbbf::try_with_blocks(blocks_for(10_000, 0.01)).unwrap();
        let mut x = 1u64;
        let mut keys = Vec::new();
        for _ in 0..10_000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            keys.push(x);
            f.insert(x);
        }
        assert!(keys.iter().all(|&k| f.contains(k)));
        let est = f.estimated_keys();
        assert!((est - 10_000.0).abs() < 300.0, "{est}");
    }
}
