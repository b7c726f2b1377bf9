//! SipHash-2-4 (Aumasson & Bernstein, 2012) with a 128-bit key, 64-bit output.
//!
//! Owns: the keyed hash that turns a canonical contact key into 64 bits. Defined here rather
//! than taken from `std::hash` because the filter format fixes the function and its byte
//! order forever; `Hash`/`Hasher` make no such promise across platforms or versions.

/// Hash `data` under the key `(k0, k1)` (the 16 key bytes read as two little-endian u64).
pub(crate) fn siphash24(k0: u64, k1: u64, data: &[u8]) -> u64 {
    siphash24_parts(k0, k1, &[data])
}

/// SipHash-2-4 of the concatenation of `parts`, without concatenating them.
pub(crate) fn siphash24_parts(k0: u64, k1: u64, parts: &[&[u8]]) -> u64 {
    let mut v = [
        k0 ^ 0x736f_6d65_7073_6575,
        k1 ^ 0x646f_7261_6e64_6f6d,
        k0 ^ 0x6c79_6765_6e65_7261,
        k1 ^ 0x7465_6462_7974_6573,
    ];
    #[inline(always)]
    fn round(v: &mut [u64; 4]) {
        v[0] = v[0].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(13);
        v[1] ^= v[0];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(16);
        v[3] ^= v[2];
        v[0] = v[0].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(21);
        v[3] ^= v[0];
        v[2] = v[2].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(17);
        v[1] ^= v[2];
        v[2] = v[2].rotate_left(32);
    }
    #[inline(always)]
    fn compress(v: &mut [u64; 4], m: u64) {
        v[3] ^= m;
        round(v);
        round(v);
        v[0] ^= m;
    }
    // `tail` holds up to 7 pending bytes, little-endian, `ntail` of them.
    let (mut tail, mut ntail, mut total) = (0u64, 0usize, 0usize);
    for part in parts {
        total += part.len();
        let mut p = *part;
        if ntail > 0 {
            while ntail < 8 && !p.is_empty() {
                tail |= u64::from(p[0]) << (8 * ntail);
                ntail += 1;
                p = &p[1..];
            }
            if ntail < 8 {
                continue;
            }
            compress(&mut v, tail);
            tail = 0;
        }
        let mut chunks = p.chunks_exact(8);
        for chunk in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            compress(&mut v, u64::from_le_bytes(w));
        }
        for (i, &b) in chunks.remainder().iter().enumerate() {
            tail |= u64::from(b) << (8 * i);
        }
        ntail = chunks.remainder().len();
    }
    compress(&mut v, tail | ((total as u64 & 0xff) << 56));
    v[2] ^= 0xff;
    for _ in 0..4 {
        round(&mut v);
    }
    v[0] ^ v[1] ^ v[2] ^ v[3]
}

#[cfg(test)]
mod tests {
    use super::siphash24;

    /// Reference: the SipHash paper's appendix vector (key 00..0f, message 00..0e) and
    /// `std::hash::SipHasher` (which is SipHash-2-4) for every length 0..64.
    #[test]
    fn matches_reference_vectors() {
        let key: Vec<u8> = (0u8..16).collect();
        let k0 = u64::from_le_bytes(key[..8].try_into().unwrap());
        let k1 = u64::from_le_bytes(key[8..].try_into().unwrap());
        let msg: Vec<u8> = (0u8..15).collect();
        assert_eq!(siphash24(k0, k1, &msg), 0xa129_ca61_49be_45e5);
        assert_eq!(siphash24(k0, k1, &[]), 0x726f_db47_dd0e_0e31);
        for len in 0..64 {
            let data: Vec<u8> = (0..len as u8).collect();
            #[allow(deprecated)]
            let mut h = std::hash::SipHasher::new_with_keys(k0, k1);
            std::hash::Hasher::write(&mut h, &data);
            let want = std::hash::Hasher::finish(&h);
            assert_eq!(siphash24(k0, k1, &data), want, "len {len}");
            for cut in 0..=len {
                let (a, b) = data.split_at(cut);
                assert_eq!(
                    super::siphash24_parts(k0, k1, &[a, b]),
                    want,
                    "len {len} cut {cut}"
                );
            }
        }
    }
}
