//! A radix sort of u64 keys, shared by the metrics (scores as ordered bit
//! patterns) and the data summary (distinct counts): several times faster
//! than a comparison sort on the hundreds of thousands of keys a real file
//! gives, in wasm as natively.

/// Sorts u64 keys ascending: LSD radix sort, 8 bits a pass, skipping the
/// passes where every key has the same byte (common: probabilities share
/// their sign and most exponent bits). O(n); for short inputs the standard
/// sort is faster.
pub(crate) fn radix_sort_u64(keys: &mut Vec<u64>) {
    if keys.len() < 256 {
        keys.sort_unstable();
        return;
    }
    let mut counts = [[0usize; 256]; 8];
    for &k in keys.iter() {
        for (pass, c) in counts.iter_mut().enumerate() {
            c[((k >> (8 * pass)) & 0xff) as usize] += 1;
        }
    }
    let mut buf = vec![0u64; keys.len()];
    for (pass, c) in counts.iter().enumerate() {
        if c.contains(&keys.len()) {
            continue;
        }
        let mut offsets = [0usize; 256];
        let mut total = 0;
        for (o, &n) in offsets.iter_mut().zip(c) {
            *o = total;
            total += n;
        }
        for &k in keys.iter() {
            let d = ((k >> (8 * pass)) & 0xff) as usize;
            buf[offsets[d]] = k;
            offsets[d] += 1;
        }
        std::mem::swap(keys, &mut buf);
    }
}

/// Sorts u32 keys ascending: LSD radix sort, 11 bits a pass (three passes,
/// not four of 8 bits: 2048 counters per pass still sit in the L1 cache),
/// skipping a pass where every key has the same digit. For the `f32`
/// scores of a network, whose order is that of their bit patterns made
/// unsigned: half the bytes of [`radix_sort_u64`]'s `f64` keys and three
/// scatter passes instead of its five. For short inputs the standard sort.
pub(crate) fn radix_sort_u32(keys: &mut Vec<u32>) {
    const BITS: u32 = 11;
    const BUCKETS: usize = 1 << BITS;
    const PASSES: usize = 3;
    if keys.len() < 256 {
        keys.sort_unstable();
        return;
    }
    let digit = |k: u32, pass: usize| ((k >> (BITS as usize * pass)) as usize) & (BUCKETS - 1);
    let mut counts = vec![[0u32; BUCKETS]; PASSES];
    for &k in keys.iter() {
        for (pass, c) in counts.iter_mut().enumerate() {
            c[digit(k, pass)] += 1;
        }
    }
    let n = keys.len();
    let mut buf = vec![0u32; n];
    for (pass, c) in counts.iter().enumerate() {
        if c.iter().any(|&m| m as usize == n) {
            continue;
        }
        let mut offsets = [0u32; BUCKETS];
        let mut total = 0;
        for (o, &m) in offsets.iter_mut().zip(c) {
            *o = total;
            total += m;
        }
        for &k in keys.iter() {
            let d = digit(k, pass);
            buf[offsets[d] as usize] = k;
            offsets[d] += 1;
        }
        std::mem::swap(keys, &mut buf);
    }
}

/// How many distinct values `keys` holds, without sorting: the keys are
/// split into buckets of about a thousand by the top bits of a
/// multiplicative hash (equal keys share a bucket), then each bucket is
/// counted with a small open-addressing table that stays in cache. Three
/// passes over the keys instead of [`radix_sort_u64`]'s eight for the
/// random bit patterns of measured floats; the distinct count of every
/// numeric column was a fifth of the CSV load time.
pub(crate) fn count_distinct_u64(keys: &[u64]) -> usize {
    // Fibonacci hashing: two odd constants, so the bucket and the slot in
    // it come from unrelated bits.
    const BUCKET_MUL: u64 = 0x9E37_79B9_7F4A_7C15;
    const SLOT_MUL: u64 = 0xC2B2_AE3D_27D4_EB4F;
    const EMPTY: u64 = u64::MAX;
    let n = keys.len();
    if n < 2048 {
        let mut sorted = keys.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        return sorted.len();
    }
    let bucket_bits = (n / 1024).next_power_of_two().trailing_zeros().clamp(1, 12);
    let shift = 64 - bucket_bits;
    let bucket = |k: u64| (k.wrapping_mul(BUCKET_MUL) >> shift) as usize;
    let mut starts = vec![0usize; (1 << bucket_bits) + 1];
    for &k in keys {
        starts[bucket(k) + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    let mut grouped = vec![0u64; n];
    let mut next = starts.clone();
    for &k in keys {
        let b = bucket(k);
        grouped[next[b]] = k;
        next[b] += 1;
    }
    let mut distinct = 0;
    let mut table: Vec<u64> = Vec::new();
    for part in starts.windows(2).map(|w| &grouped[w[0]..w[1]]) {
        if part.is_empty() {
            continue;
        }
        // At most half full, so probes stay short.
        let slot_bits = (2 * part.len()).next_power_of_two().trailing_zeros();
        let mask = (1usize << slot_bits) - 1;
        table.clear();
        table.resize(mask + 1, EMPTY);
        // The key equal to the marker, if present, is counted on the side.
        let mut has_empty_key = false;
        for &k in part {
            if k == EMPTY {
                has_empty_key = true;
                continue;
            }
            let mut i = (k.wrapping_mul(SLOT_MUL) >> (64 - slot_bits)) as usize;
            loop {
                let t = table[i];
                if t == k {
                    break;
                }
                if t == EMPTY {
                    table[i] = k;
                    distinct += 1;
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        distinct += usize::from(has_empty_key);
    }
    distinct
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// The count by sorting and removing repeats (the standard library's
    /// sort, independent of both functions here).
    fn by_sorting(keys: &[u64]) -> usize {
        let mut v = keys.to_vec();
        v.sort();
        v.dedup();
        v.len()
    }

    #[test]
    fn radix_sorts_match_the_standard_sort() {
        let mut rng = Rng::new(3);
        // Sizes on both sides of the cut-off; keys from a few values (passes
        // skipped) to all bits random.
        for &n in &[0usize, 1, 255, 256, 257, 5000, 100_000] {
            for &pool in &[1u64, 3, 2048, 1 << 22, u64::MAX] {
                let keys: Vec<u64> = (0..n).map(|_| rng.next_u64() % pool).collect();
                let mut want = keys.clone();
                want.sort();
                let mut got = keys.clone();
                radix_sort_u64(&mut got);
                assert_eq!(got, want, "u64, n {n}, pool {pool}");
                let small: Vec<u32> = keys.iter().map(|&k| (k ^ (k >> 32)) as u32).collect();
                let mut want = small.clone();
                want.sort();
                let mut got = small;
                radix_sort_u32(&mut got);
                assert_eq!(got, want, "u32, n {n}, pool {pool}");
            }
        }
    }

    #[test]
    fn count_distinct_matches_sorting_on_generated_keys() {
        let mut rng = Rng::new(7);
        // Sizes on both sides of the small-input cut-off and of several
        // bucket counts; key pools from all-equal to all-different, with
        // the table's marker value and zero among them.
        for &n in &[0usize, 1, 2047, 2048, 5000, 70_000, 300_000] {
            for &pool in &[1u64, 2, 37, 1000, u64::MAX] {
                let keys: Vec<u64> = (0..n)
                    .map(|i| match i % 97 {
                        0 => u64::MAX,
                        1 => 0,
                        _ if pool == u64::MAX => rng.next_u64(),
                        _ => rng.next_u64() % pool,
                    })
                    .collect();
                assert_eq!(count_distinct_u64(&keys), by_sorting(&keys), "n {n}, pool {pool}");
            }
        }
    }

    #[test]
    fn count_distinct_of_float_bits_with_a_hand_count() {
        // 3000 keys: 1.0, 2.5 and -0.5 repeated (3 values), plus 0..1000
        // as floats with 1.0 among them again: 3 + 1000 - 1 = 1002.
        let mut keys: Vec<u64> = (0..2000).map(|i| [1.0f64, 2.5, -0.5][i % 3].to_bits()).collect();
        keys.extend((0..1000).map(|i| f64::from(i).to_bits()));
        assert_eq!(count_distinct_u64(&keys), 1002);
    }
}
