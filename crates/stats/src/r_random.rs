//! R's default random stream: after `RRandom::new(s)` the uniforms,
//! normals and sample indices are the ones R draws after `set.seed(s)`
//! (kind "Mersenne-Twister", normal.kind "Inversion", sample.kind
//! "Rejection", R ≥ 3.6). Parallel analysis uses it so that
//! `renkei scale --parallel --seed s` simulates the very data
//! `set.seed(s); psych::fa.parallel(…)` simulates, and its figures can be
//! checked against psych to the last digit rather than in distribution.
//!
//! The generator itself is `rand_mt`'s MT19937 (Matsumoto & Nishimura
//! 1998). Only R's wrapping is written here, because no crate reproduces
//! it: `set.seed` fills the state by the congruential scramble
//! s ← 69069 s + 1 (50 warm-up steps, then one value per state word;
//! R's `RNG.c`, `RNG_Init`), `unif_rand` keeps a draw off 0 and 1
//! (`fixup`), `norm_rand` inverts a 2^27-refined uniform (`snorm.c`) and
//! `R_unif_index` rejects from the next power of two (`RNG.c`, `rbits`).

use rand_mt::Mt;
use statrs::distribution::{ContinuousCDF, Normal};

/// 2^-32: MT_genrand's scale from a 32-bit word to [0, 1).
const TWO_POW_M32: f64 = 2.328_306_436_538_696_3e-10;
/// 1 / (2^32 − 1): `fixup`'s distance from 0 and 1.
const I2_32M1: f64 = 2.328_306_437_080_797e-10;
/// 2^27: the inversion's refinement of one uniform by a second.
const BIG: f64 = 134_217_728.0;

pub struct RRandom {
    mt: Mt,
    normal: Normal,
}

/// MT19937's output tempering. `rand_mt` rebuilds a generator from 624
/// outputs by untempering them, so tempering R's state words hands it that
/// state exactly, with the next draw due to twist it (as R's `mti = 624`).
fn temper(mut y: u32) -> u32 {
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c_5680;
    y ^= (y << 15) & 0xefc6_0000;
    y ^ (y >> 18)
}

impl RRandom {
    /// The state `set.seed(seed)` leaves.
    pub fn new(seed: i32) -> RRandom {
        let mut s = seed as u32;
        for _ in 0..50 {
            s = s.wrapping_mul(69069).wrapping_add(1);
        }
        // The first value is R's position word (overwritten with 624);
        // the 624 after it are the state.
        s = s.wrapping_mul(69069).wrapping_add(1);
        let mut words = [0u32; 624];
        for w in words.iter_mut() {
            s = s.wrapping_mul(69069).wrapping_add(1);
            *w = temper(s);
        }
        RRandom {
            mt: Mt::from(words),
            normal: Normal::standard(),
        }
    }

    /// `runif(1)`: uniform on (0, 1).
    pub fn unif(&mut self) -> f64 {
        let x = f64::from(self.mt.next_u32()) * TWO_POW_M32;
        if x <= 0.0 {
            0.5 * I2_32M1
        } else if 1.0 - x <= 0.0 {
            1.0 - 0.5 * I2_32M1
        } else {
            x
        }
    }

    /// `rnorm(1)`: a standard normal by inversion of two uniforms.
    pub fn norm(&mut self) -> f64 {
        let u = (BIG * self.unif()).trunc() + self.unif();
        self.normal.inverse_cdf(u / BIG)
    }

    /// `bits` random bits from 16-bit pieces of uniforms (R's `rbits`).
    fn bits(&mut self, bits: u32) -> u64 {
        let mut v: u64 = 0;
        let mut n = 0;
        while n <= bits {
            let piece = (self.unif() * 65536.0).floor() as u64;
            v = v.wrapping_mul(65536).wrapping_add(piece);
            n += 16;
        }
        v & ((1u64 << bits) - 1)
    }

    /// A uniform index in 0..n (R's `R_unif_index`, Rejection): what
    /// `sample(n, 1) - 1` draws.
    pub fn index(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let bits = (n as f64).log2().ceil() as u32;
        loop {
            let v = self.bits(bits);
            if (v as usize) < n {
                return v as usize;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `set.seed(42); runif(3); rnorm(3); sample(10, 3, TRUE);
    /// sample(300, 2, TRUE); sample(70000, 2, TRUE)` and `set.seed(-7);
    /// rnorm(2)` in R 4.x, printed with 17 digits.
    #[test]
    fn draws_what_r_draws_after_set_seed() {
        let mut r = RRandom::new(42);
        for u in [
            0.914_806_043_496_355_4,
            0.937_075_413_297_861_8,
            0.286_139_534_786_343_6,
        ] {
            assert_eq!(r.unif(), u);
        }
        for z in [
            0.955_935_648_630_650_8,
            0.047_884_736_094_251_72,
            -1.104_599_440_683_058_2,
        ] {
            assert!((r.norm() - z).abs() < 1e-14, "{z}");
        }
        let mut one_based =
            |n: usize, k: usize| -> Vec<usize> { (0..k).map(|_| r.index(n) + 1).collect() };
        assert_eq!(one_based(10, 3), vec![8, 7, 4]);
        assert_eq!(one_based(300, 2), vec![89, 165]);
        assert_eq!(one_based(70000, 2), vec![9091, 62041]);
        let mut r = RRandom::new(-7);
        for z in [-0.449_612_728_578_214_4, -0.659_659_390_104_834_5] {
            assert!((r.norm() - z).abs() < 1e-14, "{z}");
        }
    }
}
