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
