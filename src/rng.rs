//! The one seeded random generator every random step uses (splits, shuffles,
//! sampling, initialisation), so the same seed gives the same bits natively
//! and in the browser. It never asks the operating system for entropy.
//!
//! ChaCha8 is specified bit-for-bit independently of platform and word size,
//! which is exactly the guarantee we need across x86_64 and wasm32.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// A seeded, portable random generator.
#[derive(Debug, Clone)]
pub struct Rng(ChaCha8Rng);

impl Rng {
    /// A generator whose whole stream is fixed by `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(ChaCha8Rng::seed_from_u64(seed))
    }

    /// An independent stream derived from this one, for a sub-task whose
    /// draws must not shift when another sub-task changes how many it takes.
    pub fn fork(&mut self) -> Rng {
        Rng::new(self.next_u64())
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A uniform draw from `[0, 1)` with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform integer in `0..n` (Lemire's nearly-divisionless method, no
    /// modulo bias). `n` must be positive.
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        let n = n as u64;
        loop {
            let (high, low) = wide_mul(self.next_u64(), n);
            if low >= n || low >= n.wrapping_neg() % n {
                return high as usize;
            }
        }
    }

    /// A standard normal draw (Box–Muller; the second value is discarded so
    /// the stream position depends only on how many draws were made).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform(); // (0, 1]: ln is finite
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    /// Shuffles in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// The high and low 64 bits of `r · n`, as `u128` arithmetic gives them.
/// wasm32 has no 64 × 64 → 128-bit multiply (`u128` is a call to
/// `__multi3`, a share of an MLP epoch through the shuffle's `below`): for
/// `n < 2^32` two 32 × 32 → 64-bit products give the same bits.
#[inline(always)]
fn wide_mul(r: u64, n: u64) -> (u64, u64) {
    if cfg!(target_arch = "wasm32") && n >> 32 == 0 {
        wide_mul_32(r, n)
    } else {
        let m = (r as u128) * (n as u128);
        ((m >> 64) as u64, m as u64)
    }
}

/// [`wide_mul`] for `n < 2^32`: `r·n = hi·2^32 + lo` with `hi = (r >> 32)·n`
/// and `lo = (r mod 2^32)·n`, each below 2^64, and `hi + (lo >> 32)` too.
#[inline(always)]
fn wide_mul_32(r: u64, n: u64) -> (u64, u64) {
    let lo = (r & 0xFFFF_FFFF) * n;
    let hi = (r >> 32) * n;
    ((hi + (lo >> 32)) >> 32, r.wrapping_mul(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_32_bit_wide_multiply_gives_the_u128_bits() {
        let mut rng = Rng::new(8);
        let edges = [0u64, 1, 2, 3, 0xFFFF_FFFF, 0x8000_0000, 182_276];
        for (i, &n) in edges.iter().enumerate() {
            let r = u64::MAX - i as u64;
            let m = (r as u128) * (n as u128);
            assert_eq!(wide_mul_32(r, n), ((m >> 64) as u64, m as u64), "{r} × {n}");
        }
        for i in 0..200_000 {
            let (r, n) = (rng.next_u64(), rng.next_u64() >> (32 + i % 32));
            let m = (r as u128) * (n as u128);
            assert_eq!(wide_mul_32(r, n), ((m >> 64) as u64, m as u64), "{r} × {n}");
        }
    }

    #[test]
    fn same_seed_same_stream() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(Rng::new(7).next_u64(), Rng::new(8).next_u64());
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut r = Rng::new(1);
        let mut seen = [0usize; 5];
        for _ in 0..5000 {
            seen[r.below(5)] += 1;
        }
        // Each bucket expects 1000; 5 sd is about 140.
        assert!(seen.iter().all(|&c| (860..1140).contains(&c)), "{seen:?}");
    }

    #[test]
    fn uniform_mean_and_normal_moments() {
        let mut r = Rng::new(2);
        let n = 20000;
        let u: f64 = (0..n).map(|_| r.uniform()).sum::<f64>() / n as f64;
        assert!((u - 0.5).abs() < 0.01);
        let z: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let mean = z.iter().sum::<f64>() / n as f64;
        let var = z.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.03 && (var - 1.0).abs() < 0.04, "{mean} {var}");
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut v: Vec<usize> = (0..50).collect();
        Rng::new(3).shuffle(&mut v);
        let mut sorted = v.clone();
        sorted.sort();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        assert_ne!(v, sorted);
    }
}
