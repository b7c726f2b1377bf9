//! Binary fuse filter with 8-bit fingerprints and three hashes (Graf & Lemire, "Binary Fuse
//! Filters: Fast and Smaller Than Xor Filters", JEA 2022): about 9 bits per key at a
//! false-positive rate of 1/256, static once built.
//!
//! Owns: construction (hypergraph peeling), the three-position mapping and the query.
//! Must not: hash contacts or know about serialization; it takes distinct 64-bit hashes.

/// Geometry of a binary fuse filter; everything a reader needs besides the fingerprints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Geometry {
    pub(crate) seed: u64,
    pub(crate) segment_length: u32,
    pub(crate) segment_count_length: u32,
    pub(crate) array_length: u32,
}

impl Geometry {
    /// The geometry used for `size` distinct keys (before the seed is chosen).
    pub(crate) fn for_size(size: usize) -> Geometry {
        if size == 0 {
            return Geometry {
                seed: 0,
                segment_length: 0,
                segment_count_length: 0,
                array_length: 0,
            };
        }
        let n = size.max(2) as f64;
        let segment_length = (1u32 << ((n.ln() / 3.33f64.ln() + 2.25).floor() as u32)).min(1 << 18);
        let size_factor = if size <= 1 {
            0.0
        } else {
            1.125f64.max(0.875 + 0.25 * 1_000_000f64.ln() / n.ln())
        };
        let capacity = (n * size_factor).round() as u64;
        let sl = u64::from(segment_length);
        let init_segment_count = capacity.div_ceil(sl);
        let segment_count = init_segment_count.saturating_sub(2).max(1);
        let array_length = (segment_count + 2) * sl;
        Geometry {
            seed: 0,
            segment_length,
            segment_count_length: (segment_count * sl) as u32,
            array_length: array_length as u32,
        }
    }

    /// Checks a geometry read from bytes: power-of-two segments and consistent lengths.
    pub(crate) fn is_consistent(&self) -> bool {
        if self.array_length == 0 {
            return self.segment_length == 0 && self.segment_count_length == 0;
        }
        let sl = self.segment_length;
        sl.is_power_of_two()
            && sl <= 1 << 18
            && self.segment_count_length > 0
            && self.segment_count_length.is_multiple_of(sl)
            && u64::from(self.array_length)
                == u64::from(self.segment_count_length) + 2 * u64::from(sl)
    }

    #[inline(always)]
    fn positions(&self, hash: u64) -> [usize; 3] {
        let h0 = ((u128::from(hash) * u128::from(self.segment_count_length)) >> 64) as u32;
        let mask = self.segment_length - 1;
        let h1 = (h0 + self.segment_length) ^ ((hash >> 18) as u32 & mask);
        let h2 = (h0 + 2 * self.segment_length) ^ (hash as u32 & mask);
        [h0 as usize, h1 as usize, h2 as usize]
    }
}

#[inline(always)]
fn mix(key: u64, seed: u64) -> u64 {
    // The murmur3 64-bit finalizer over key + seed, as in the paper's reference code.
    let mut h = key.wrapping_add(seed);
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[inline(always)]
fn fingerprint(hash: u64) -> u8 {
    (hash ^ (hash >> 32)) as u8
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fuse8 {
    pub(crate) geometry: Geometry,
    pub(crate) fingerprints: Vec<u8>,
}

impl Fuse8 {
    /// Build from distinct key hashes. Deterministic: the same keys give the same bytes.
    /// `OUT_OF_MEMORY` when its work arrays (about 14 bytes per key) do not fit.
    pub(crate) fn build(keys: &[u64]) -> crate::Result<Fuse8> {
        let size = keys.len();
        let mut geometry = Geometry::for_size(size);
        if size == 0 {
            return Ok(Fuse8 {
                geometry,
                fingerprints: Vec::new(),
            });
        }
        let mut rng = 0x636f_6e73_656e_7472u64 ^ size as u64; // "consentr"
        loop {
            for _ in 0..64 {
                geometry.seed = splitmix64(&mut rng);
                if let Some(fingerprints) = Self::try_build(keys, &geometry)? {
                    return Ok(Fuse8 {
                        geometry,
                        fingerprints,
                    });
                }
            }
            // Extremely unlikely with distinct keys; a roomier array always peels eventually.
            let grown = (geometry.segment_count_length / geometry.segment_length) + 1;
            geometry.segment_count_length = grown * geometry.segment_length;
            geometry.array_length = geometry.segment_count_length + 2 * geometry.segment_length;
        }
    }

    /// The fingerprints, or `None` when this seed does not peel.
    fn try_build(keys: &[u64], g: &Geometry) -> crate::Result<Option<Vec<u8>>> {
        const WHAT: &str = "a snapshot of this many keys";
        let size = keys.len();
        let capacity = g.array_length as usize;
        // Per slot: count of keys (times 4) plus, in the low two bits, the XOR of each key's
        // position index (0, 1, 2) there; and the XOR of the hashes. A slot with count 1 names
        // its only key and which of the key's three positions it is.
        let mut t2count: Vec<u8> = super::try_filled(capacity, WHAT)?;
        let mut t2hash: Vec<u64> = super::try_filled(capacity, WHAT)?;
        for &k in keys {
            let hash = mix(k, g.seed);
            for (i, p) in g.positions(hash).into_iter().enumerate() {
                t2count[p] = t2count[p].wrapping_add(4);
                t2count[p] ^= i as u8;
                t2hash[p] ^= hash;
                if t2count[p] < 4 {
                    return Ok(None); // more than 63 keys on one slot: this seed cannot peel
                }
            }
        }
        let mut queue: Vec<u32> = (0..capacity as u32)
            .filter(|&i| t2count[i as usize] >> 2 == 1)
            .collect();
        let mut stack_hash = super::try_with_capacity(size, WHAT)?;
        let mut stack_pos = super::try_with_capacity(size, WHAT)?;
        while let Some(index) = queue.pop() {
            let index = index as usize;
            if t2count[index] >> 2 != 1 {
                continue;
            }
            let hash = t2hash[index];
            let found = t2count[index] & 3;
            stack_hash.push(hash);
            stack_pos.push(found);
            let pos = g.positions(hash);
            for (i, &p) in pos.iter().enumerate() {
                if i as u8 == found {
                    continue;
                }
                t2count[p] = t2count[p].wrapping_sub(4);
                t2count[p] ^= i as u8;
                t2hash[p] ^= hash;
                if t2count[p] >> 2 == 1 {
                    queue.push(p as u32);
                }
            }
            t2count[index] = 0;
        }
        if stack_hash.len() != size {
            return Ok(None);
        }
        let mut fingerprints: Vec<u8> = super::try_filled(capacity, WHAT)?;
        for (&hash, &found) in stack_hash.iter().zip(&stack_pos).rev() {
            let pos = g.positions(hash);
            let found = found as usize;
            let [a, b] = match found {
                0 => [pos[1], pos[2]],
                1 => [pos[0], pos[2]],
                _ => [pos[0], pos[1]],
            };
            fingerprints[pos[found]] = fingerprint(hash) ^ fingerprints[a] ^ fingerprints[b];
        }
        Ok(Some(fingerprints))
    }

    #[inline]
    pub(crate) fn contains(&self, key: u64) -> bool {
        if self.fingerprints.is_empty() {
            return false;
        }
        let hash = mix(key, self.geometry.seed);
        let [a, b, c] = self.geometry.positions(hash);
        fingerprint(hash) == self.fingerprints[a] ^ self.fingerprints[b] ^ self.fingerprints[c]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(n: usize, seed: u64) -> Vec<u64> {
        let mut s = seed;
        let mut v: Vec<u64> = (0..n).map(|_| splitmix64(&mut s)).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn no_false_negatives_at_many_sizes() {
        for n in [0, 1, 2, 3, 5, 10, 100, 1000, 12_345, 100_000] {
            let k = keys(n, n as u64 + 7);
            let f = Fuse8::build(&k).unwrap();
            assert!(f.geometry.is_consistent(), "n={n}");
            assert!(k.iter().all(|&x| f.contains(x)), "n={n}");
        }
    }

    #[test]
    fn false_positive_rate_and_size() {
        let n = 200_000;
        let f = Fuse8::build(&keys(n, 1)).unwrap();
        let others = keys(400_000, 99);
        let fp = others.iter().filter(|&&x| f.contains(x)).count() as f64 / others.len() as f64;
        assert!((fp - 1.0 / 256.0).abs() < 0.0008, "fpr {fp}");
        let bits_per_key = f.fingerprints.len() as f64 * 8.0 / n as f64;
        assert!(bits_per_key < 9.4, "{bits_per_key}"); // 9.0 + segment rounding; ~9.03 at 1M keys
    }
}
