//! Multi-kernel maximum mean discrepancy (MK-MMD) between two batches of
//! features, and its gradient with respect to both batches: the domain loss
//! of a DAN (deep adaptation network, seed 004). Works on `f32` feature
//! matrices and knows nothing of networks, tables or the browser.
//!
//! # Kernel
//!
//! The kernel is the seed's `guassian_kernel`: a sum of `kernel_num`
//! Gaussian kernels over the squared Euclidean distance `d = ‖x − y‖²`,
//!
//! `k(d) = Σ_{i=0}^{kernel_num−1} exp(−d / b_i)`,  `b_i = b₀ · kernel_mul^i`,
//!
//! where `b_i` is the denominator itself (not `2σ²`). With
//! [`Bandwidth::Auto`], `b₀ = mean_d / kernel_mul^(kernel_num/2)` (integer
//! division), `mean_d` being the mean squared distance over all ordered pairs
//! of distinct rows of the pooled batch `[source; target]`: the sum of the
//! whole `n × n` distance matrix divided by `n² − n`, exactly as the seed.
//! With [`Bandwidth::Fixed`]`(b)` the seed's `fix_sigma = b` is used the same
//! way: `b₀ = b / kernel_mul^(kernel_num/2)`, so `b` is the middle kernel's
//! bandwidth.
//!
//! # Estimators
//!
//! [`Estimator::Quadratic`] is the seed's biased estimator
//! `XX + YY − XY − YX` with each block averaged over its own size:
//! `Σ k(x_i, x_j)/n_s² + Σ k(y_i, y_j)/n_t² − 2 Σ k(x_i, y_j)/(n_s n_t)`
//! (diagonal terms included, as the seed). This accepts batches of different
//! sizes. The seed's TensorFlow code already divides each block by its own
//! size; the PyTorch original and the peers' NumPy port take one
//! `batch_size` and slice `b × b` blocks, so they are only right for equal
//! sizes. For equal sizes all three agree.
//!
//! [`Estimator::Linear`] is the linear-time unbiased estimator of Gretton et
//! al. (2012, §6) used by the DAN paper (Long et al. 2015, eq. 5): with
//! `m = ⌊min(n_s, n_t)/2⌋` pairs, `(1/m) Σ_i h_i`,
//! `h_i = k(x_{2i}, x_{2i+1}) + k(y_{2i}, y_{2i+1}) − k(x_{2i}, y_{2i+1}) − k(x_{2i+1}, y_{2i})`
//! (0-based rows). Rows beyond the first `2m` of either batch are not used
//! (their gradient is zero). The automatic bandwidth is still the mean over
//! the whole pooled batch, computed in `O(n·dim)` from
//! `Σ_{i,j} ‖z_i − z_j‖² = 2n Σ_i ‖z_i − z̄‖²`.
//!
//! # Gradient
//!
//! The bandwidths are treated as constants (stop-gradient). The seed's
//! TensorFlow graph lets gradients flow through the mean-distance bandwidth;
//! we do not, because that path rewards the network for spreading all
//! features apart (a larger bandwidth flattens every kernel and shrinks the
//! MMD without aligning the domains), and because the gradient of a data-driven
//! heuristic is not part of the discrepancy being minimised. With a
//! [`Bandwidth::Fixed`] bandwidth the two conventions coincide. The
//! finite-difference tests therefore check the gradient with the bandwidth held
//! at its value for the unperturbed batch.
//!
//! For the quadratic estimator, `∂V/∂z_a = 4 Σ_j w_aj k'(d_aj) (z_a − z_j)` with
//! `w = 1/n_s²` (source–source), `1/n_t²` (target–target), `−1/(n_s n_t)`
//! (cross) and `k'(d) = −Σ_i exp(−d/b_i)/b_i`.
//!
//! # Numerics
//!
//! The pooled batch is centred (distances do not change) and padded to a
//! multiple of 4 columns; distances come from `‖x‖² + ‖y‖² − 2x·y` with the
//! dot products in `f32`, 4 rows against 8 rows at a time (written as
//! fixed-size lane arrays, which LLVM turns into `f32x4` in wasm simd128 and
//! SSE natively); the gradient's `G z` is in `f32` the same way; everything
//! after the distance (kernels, sums, bandwidth) is in `f64`. With `kernel_mul = 2` the kernels are powers of the widest one
//! (`e, e², e⁴, …`), so one `exp` per pair.

use crate::fast_exp::exp_in_range;
use ndarray::{Array2, ArrayView2};
use serde::{Deserialize, Serialize};

/// How the kernel bandwidths are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Bandwidth {
    /// The seed's heuristic: the mean squared distance between distinct rows
    /// of the pooled batch is the middle kernel's bandwidth. The default.
    #[default]
    Auto,
    /// The middle kernel's bandwidth (the seed's `fix_sigma`), in `(0, inf)`;
    /// the others are this times `kernel_mul^(i − kernel_num/2)`.
    Fixed(f64),
}

/// Which MMD estimator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Estimator {
    /// The biased `O(n²)` estimator of the seed. The default.
    #[default]
    Quadratic,
    /// The unbiased `O(n)` estimator over consecutive row pairs.
    Linear,
}

/// MK-MMD settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MmdParams {
    /// How many Gaussian kernels, in `[1, 32]`. Defaults to `5`.
    pub kernel_num: usize,
    /// The ratio between consecutive bandwidths, in `(0, inf)`. Defaults to `2`.
    pub kernel_mul: f64,
    /// Bandwidth choice. Defaults to [`Bandwidth::Auto`].
    pub bandwidth: Bandwidth,
    /// Estimator. Defaults to [`Estimator::Quadratic`].
    pub estimator: Estimator,
}

impl Default for MmdParams {
    fn default() -> Self {
        MmdParams {
            kernel_num: 5,
            kernel_mul: 2.0,
            bandwidth: Bandwidth::Auto,
            estimator: Estimator::Quadratic,
        }
    }
}

/// The MMD value and the bandwidths it used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MmdValue {
    /// The estimate (the quadratic one is `>= 0` up to rounding; the linear one
    /// can be negative).
    pub value: f64,
    /// `b_0 … b_{kernel_num−1}`, ascending when `kernel_mul > 1`. All zero
    /// when every row of the pooled batch is the same point (the value is
    /// then 0).
    pub bandwidths: Vec<f64>,
}

/// The MMD value and its gradient with respect to both batches.
#[derive(Debug, Clone, PartialEq)]
pub struct MmdGrad {
    /// The estimate, as [`mk_mmd`] returns it.
    pub value: f64,
    /// The bandwidths used (held constant in the gradient).
    pub bandwidths: Vec<f64>,
    /// `∂value/∂source`, the shape of `source`.
    pub d_source: Array2<f32>,
    /// `∂value/∂target`, the shape of `target`.
    pub d_target: Array2<f32>,
}

/// Why an MMD could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MmdError {
    #[error("MK-MMD: kernel_num must be in [1, 32], got {0}")]
    BadKernelNum(usize),
    #[error("MK-MMD: kernel_mul must be a positive finite number, got {0}")]
    BadKernelMul(f64),
    #[error("MK-MMD: a fixed bandwidth must be a positive finite number, got {0}")]
    BadBandwidth(f64),
    #[error(
        "MK-MMD: the bandwidths {0:?} are not all positive finite numbers; use a smaller kernel_num or kernel_mul"
    )]
    BandwidthOutOfRange(Vec<f64>),
    #[error("MK-MMD: source has {source_dim} features but target has {target_dim}; both batches must come from the same layer")]
    DimMismatch { source_dim: usize, target_dim: usize },
    #[error("MK-MMD: the {which} batch has no rows")]
    Empty { which: &'static str },
    #[error("MK-MMD: the batches have no features (0 columns)")]
    NoFeatures,
    #[error("MK-MMD: the linear estimator needs at least 2 rows in each batch, got {source_rows} source and {target_rows} target")]
    TooFewForLinear { source_rows: usize, target_rows: usize },
    #[error("MK-MMD: {which} row {row}, feature {col} is {value}; features must be finite (did training diverge?)")]
    NonFinite {
        which: &'static str,
        row: usize,
        col: usize,
        value: f32,
    },
}

impl MmdParams {
    /// Checks the parameters that do not depend on data.
    pub fn check(&self) -> Result<(), MmdError> {
        if !(1..=32).contains(&self.kernel_num) {
            return Err(MmdError::BadKernelNum(self.kernel_num));
        }
        if !(self.kernel_mul.is_finite() && self.kernel_mul > 0.0) {
            return Err(MmdError::BadKernelMul(self.kernel_mul));
        }
        if let Bandwidth::Fixed(b) = self.bandwidth {
            if !(b.is_finite() && b > 0.0) {
                return Err(MmdError::BadBandwidth(b));
            }
        }
        Ok(())
    }

    /// The bandwidths for a mean squared distance `mean_d` (ignored when fixed).
    fn bandwidths(&self, mean_d: f64) -> Result<Vec<f64>, MmdError> {
        let centre = match self.bandwidth {
            Bandwidth::Auto => mean_d,
            Bandwidth::Fixed(b) => b,
        };
        let b0 = centre / self.kernel_mul.powi((self.kernel_num / 2) as i32);
        let bws: Vec<f64> = (0..self.kernel_num)
            .map(|i| b0 * self.kernel_mul.powi(i as i32))
            .collect();
        if centre > 0.0 && !bws.iter().all(|b| b.is_finite() && *b > 0.0) {
            return Err(MmdError::BandwidthOutOfRange(bws));
        }
        Ok(bws)
    }
}

/// The MK-MMD between `source` (rows are samples) and `target`.
///
/// Errors on bad parameters, empty batches, different feature counts and
/// non-finite features.
pub fn mk_mmd(source: ArrayView2<f32>, target: ArrayView2<f32>, p: &MmdParams) -> Result<MmdValue, MmdError> {
    let (value, bandwidths, _) = run(source, target, p, false)?;
    Ok(MmdValue { value, bandwidths })
}

/// [`mk_mmd`] and its gradient with respect to both batches, the bandwidths
/// held constant (see the module docs).
pub fn mk_mmd_grad(source: ArrayView2<f32>, target: ArrayView2<f32>, p: &MmdParams) -> Result<MmdGrad, MmdError> {
    let (value, bandwidths, grads) = run(source, target, p, true)?;
    let (d_source, d_target) = grads.unwrap_or_else(|| (Array2::zeros(source.dim()), Array2::zeros(target.dim())));
    Ok(MmdGrad {
        value,
        bandwidths,
        d_source,
        d_target,
    })
}

type Grads = Option<(Array2<f32>, Array2<f32>)>;

fn run(
    source: ArrayView2<f32>,
    target: ArrayView2<f32>,
    p: &MmdParams,
    grad: bool,
) -> Result<(f64, Vec<f64>, Grads), MmdError> {
    p.check()?;
    let (ns, d) = source.dim();
    let (nt, dt) = target.dim();
    if d != dt {
        return Err(MmdError::DimMismatch {
            source_dim: d,
            target_dim: dt,
        });
    }
    if ns == 0 {
        return Err(MmdError::Empty { which: "source" });
    }
    if nt == 0 {
        return Err(MmdError::Empty { which: "target" });
    }
    if d == 0 {
        return Err(MmdError::NoFeatures);
    }
    if p.estimator == Estimator::Linear && (ns < 2 || nt < 2) {
        return Err(MmdError::TooFewForLinear {
            source_rows: ns,
            target_rows: nt,
        });
    }
    for (which, m) in [("source", &source), ("target", &target)] {
        if let Some(((row, col), &value)) = m.indexed_iter().find(|(_, v)| !v.is_finite()) {
            return Err(MmdError::NonFinite { which, row, col, value });
        }
    }
    let pooled = Pooled::new(source, target);
    let bandwidths = p.bandwidths(pooled.mean_sq_distance())?;
    if bandwidths.contains(&0.0) {
        // Every row is the same point: every kernel value is kernel_num, the
        // MMD is 0 and so is its gradient.
        return Ok((0.0, vec![0.0; p.kernel_num], None));
    }
    let kernel = Kernel::new(&bandwidths, p.kernel_mul);
    Ok(match p.estimator {
        Estimator::Quadratic => {
            let (v, g) = quadratic(&pooled, &kernel, grad);
            (v, bandwidths, g)
        }
        Estimator::Linear => {
            let (v, g) = linear(source, target, &kernel, grad);
            (v, bandwidths, g)
        }
    })
}

/// Lanes per vector: `f32x4` in wasm simd128 and SSE.
const L: usize = 4;
/// Rows per panel: of the distance products and of the gradient's `G z`.
const T: usize = 4;
/// Columns (pooled rows) per register block of the distance products: two
/// vectors.
const J: usize = 8;

/// The centred pooled batch `[source; target]`, rows padded to a multiple of
/// `T` with zero rows and columns to a multiple of `L` with zeros (neither
/// changes a dot product), stored as lane groups.
struct Pooled {
    ns: usize,
    n: usize,
    dim: usize,
    /// Lane groups per row.
    q: usize,
    z: Vec<[f32; L]>,
    /// The same values transposed in blocks of `J` pooled rows: block `b`
    /// holds `q·L` runs of `J` values (feature `p` of rows `bJ..bJ+J`), so
    /// a distance panel reads it front to back. (A plain transpose of 1024
    /// rows put a block's features 4 kB apart, all in one cache set.)
    zt: Vec<f32>,
    /// The pooled row count rounded up to a multiple of `J`.
    wj: usize,
    /// `‖z_i‖²` of the centred rows, in `f64`.
    sq: Vec<f64>,
}

impl Pooled {
    fn new(source: ArrayView2<f32>, target: ArrayView2<f32>) -> Pooled {
        let (ns, dim) = source.dim();
        let n = ns + target.nrows();
        let mut mean = vec![0.0f64; dim];
        for m in [&source, &target] {
            for row in m.rows() {
                for (a, &v) in mean.iter_mut().zip(row) {
                    *a += v as f64;
                }
            }
        }
        mean.iter_mut().for_each(|a| *a /= n as f64);
        let q = dim.div_ceil(L);
        let rows = n.div_ceil(T) * T;
        let mut z = vec![[0.0f32; L]; rows * q];
        let mut sq = vec![0.0f64; n];
        for (i, row) in source.rows().into_iter().chain(target.rows()).enumerate() {
            let mut s = 0.0f64;
            for (k, &v) in row.iter().enumerate() {
                let c = (v as f64 - mean[k]) as f32;
                z[i * q + k / L][k % L] = c;
                s += (c as f64) * (c as f64);
            }
            sq[i] = s;
        }
        let wj = n.div_ceil(J) * J;
        let mut zt = vec![0.0f32; q * L * wj];
        for i in 0..n {
            for (p, &v) in z[i * q..(i + 1) * q].as_flattened().iter().enumerate() {
                zt[(i / J) * q * L * J + p * J + i % J] = v;
            }
        }
        Pooled {
            ns,
            n,
            dim,
            q,
            z,
            zt,
            wj,
            sq,
        }
    }

    fn row(&self, i: usize) -> &[[f32; L]] {
        &self.z[i * self.q..(i + 1) * self.q]
    }

    /// `Σ_{i≠j} ‖z_i − z_j‖² / (n² − n) = 2 Σ_i ‖z_i − z̄‖² / (n − 1)`.
    fn mean_sq_distance(&self) -> f64 {
        if self.n < 2 {
            return 0.0;
        }
        2.0 * self.sq.iter().sum::<f64>() / (self.n - 1) as f64
    }

    /// Squared distances from rows `i0..i0+T` to every row `j` from `i0`
    /// (rounded down to a multiple of `J`) on, written to `dist[j][r]`
    /// (`dist` holds the padded row count; rows past `n` get the distance
    /// to a zero row).
    ///
    /// The dot products run as a matrix product over the transposed rows,
    /// `T` rows × `J` columns of accumulators in registers, the layout of
    /// [`crate::nn::kernels::matmul`]: the 4 × 4 row tiles with lane-wise
    /// partial sums this replaces needed more registers than wasm engines
    /// give, plus a horizontal sum per pair, and were 30 % of the MK-MMD
    /// gradient's time in wasm (bench/dan_step.sh).
    fn panel_distances(&self, i0: usize, dist: &mut [[f32; T]]) {
        let (q, wj) = (self.q, self.wj);
        let a: [&[f32]; T] = std::array::from_fn(|r| self.z[(i0 + r) * q..(i0 + r + 1) * q].as_flattened());
        let sq = |i: usize| self.sq.get(i).copied().unwrap_or(0.0) as f32;
        let sq_i: [f32; T] = std::array::from_fn(|r| sq(i0 + r));
        for j0 in (i0 / J * J..wj).step_by(J) {
            let mut acc = [[0.0f32; J]; T];
            let block = &self.zt[j0 * q * L..(j0 + J) * q * L];
            for (p, bp) in block.chunks_exact(J).enumerate() {
                let bp: &[f32; J] = bp.try_into().expect("J columns");
                let x: [f32; T] = std::array::from_fn(|r| a[r][p]);
                for r in 0..T {
                    for l in 0..J {
                        acc[r][l] += x[r] * bp[l];
                    }
                }
            }
            for (l, dj) in dist.iter_mut().skip(j0).take(J).enumerate() {
                let sq_j = sq(j0 + l);
                *dj = std::array::from_fn(|r| {
                    let d = sq_i[r] + sq_j - 2.0 * acc[r][l];
                    // Not f32::max: in wasm that is a call to libm's fmaxf.
                    if d > 0.0 {
                        d
                    } else {
                        0.0
                    }
                });
            }
        }
    }
}

/// The summed Gaussian kernel and its derivative for fixed bandwidths.
struct Kernel {
    /// `−1/b_i`, widest kernel first.
    neg_inv: Vec<f64>,
    /// Whether `kernel_mul == 2`, so kernel `i+1` (narrower) is kernel `i` squared.
    squares: bool,
    n_kernels: usize,
}

impl Kernel {
    fn new(bandwidths: &[f64], kernel_mul: f64) -> Kernel {
        let mut neg_inv: Vec<f64> = bandwidths.iter().map(|b| -1.0 / b).collect();
        neg_inv.reverse();
        Kernel {
            neg_inv,
            squares: kernel_mul == 2.0,
            n_kernels: bandwidths.len(),
        }
    }

    /// `k(d)` (and `k'(d)` when asked) for each distance in `d`, written to `k` and `dk`.
    ///
    /// With `kernel_mul = 2` one pass takes the widest kernel's `exp` and
    /// then one pass per narrower kernel squares it, each a flat loop over
    /// the row: a loop over the kernels inside the loop over distances (its
    /// count known only at run time) kept LLVM from vectorising the `exp`,
    /// which then took a third of the MK-MMD in wasm. Per distance the
    /// operations and their order are the same either way.
    #[inline]
    fn eval(&self, d: &[f32], k: &mut [f64], dk: Option<&mut [f64]>, e: &mut [f64]) {
        let n = d.len().min(k.len());
        let (d, k) = (&d[..n], &mut k[..n]);
        match dk {
            None if self.squares => {
                let a = self.neg_inv[0];
                let e = &mut e[..n];
                for ((kv, ev), &dv) in k.iter_mut().zip(e.iter_mut()).zip(d) {
                    *ev = exp_nonpositive(a * dv as f64);
                    *kv = *ev;
                }
                for _ in 1..self.n_kernels {
                    for (kv, ev) in k.iter_mut().zip(e.iter_mut()) {
                        *ev *= *ev;
                        *kv += *ev;
                    }
                }
            }
            None => {
                for (kv, &dv) in k.iter_mut().zip(d) {
                    let dv = dv as f64;
                    *kv = self.neg_inv.iter().map(|&a| exp_nonpositive(a * dv)).sum();
                }
            }
            Some(dk) if self.squares => {
                let (dk, e) = (&mut dk[..n], &mut e[..n]);
                let mut a = self.neg_inv[0];
                for (((kv, dkv), ev), &dv) in k.iter_mut().zip(dk.iter_mut()).zip(e.iter_mut()).zip(d) {
                    *ev = exp_nonpositive(a * dv as f64);
                    *kv = *ev;
                    *dkv = a * *ev;
                }
                for _ in 1..self.n_kernels {
                    a *= 2.0;
                    for ((kv, dkv), ev) in k.iter_mut().zip(dk.iter_mut()).zip(e.iter_mut()) {
                        *ev *= *ev;
                        *kv += *ev;
                        *dkv += a * *ev;
                    }
                }
            }
            Some(dk) => {
                let dk = &mut dk[..n];
                for ((kv, dkv), &dv) in k.iter_mut().zip(dk.iter_mut()).zip(d) {
                    let dv = dv as f64;
                    let (mut s, mut ds) = (0.0, 0.0);
                    for &a in &self.neg_inv {
                        let e = exp_nonpositive(a * dv);
                        s += e;
                        ds += a * e;
                    }
                    *kv = s;
                    *dkv = ds;
                }
            }
        }
    }

    fn at(&self, d: f64) -> (f64, f64) {
        let (mut s, mut ds) = (0.0, 0.0);
        for &a in &self.neg_inv {
            let e = exp_nonpositive(a * d);
            s += e;
            ds += a * e;
        }
        (s, ds)
    }
}

/// `exp(x)` for `x <= 0` (0 below −708), branch-free so loops over it
/// vectorise ([`exp_in_range`] on the clamped value). Within 2 ulp of
/// `f64::exp` (tested).
#[inline(always)]
fn exp_nonpositive(x: f64) -> f64 {
    // Not f64::max: in wasm that is a call to libm's fmax, which keeps the
    // loops over this function from vectorising. (NaN maps to −708 either way.)
    let xc = if x > -708.0 { x } else { -708.0 };
    let e = exp_in_range(xc);
    if x < -708.0 {
        0.0
    } else {
        e
    }
}

/// The quadratic estimator over the upper triangle of the pooled distance
/// matrix, a panel of `T` rows at a time.
fn quadratic(z: &Pooled, kernel: &Kernel, grad: bool) -> (f64, Grads) {
    let (n, ns) = (z.n, z.ns);
    let nt = n - ns;
    let w_ss = 1.0 / (ns as f64 * ns as f64);
    let w_tt = 1.0 / (nt as f64 * nt as f64);
    let w_st = -1.0 / (ns as f64 * nt as f64);
    let padded = n.div_ceil(T) * T;
    // Sums over i < j of k by block: source–source, target–target, cross.
    let (mut s_ss, mut s_tt, mut s_st) = (0.0f64, 0.0f64, 0.0f64);
    let mut dist = vec![[0.0f32; T]; padded];
    let mut kv = vec![0.0f64; padded];
    let mut dkv = vec![0.0f64; padded];
    let mut ev = vec![0.0f64; padded];
    // Gradient: G z (rows) and row sums of G, G_ij = w_ij k'(d_ij), i != j.
    let mut gz = if grad { vec![[0.0f32; L]; n * z.q] } else { Vec::new() };
    // This panel's rows of G: `gp[j][r] = G_{i0+r, j}` for `j > i0 + r`, else 0.
    let mut gp = if grad { vec![[0.0f32; T]; padded] } else { Vec::new() };
    let mut gsum = if grad { vec![0.0f64; n] } else { Vec::new() };
    let mut grow = vec![0.0f32; padded];
    let mut col = vec![0.0f32; padded];
    for i0 in (0..padded).step_by(T) {
        if grad {
            gp[i0..].fill([0.0; T]);
        }
        z.panel_distances(i0, &mut dist);
        for r in 0..T {
            let i = i0 + r;
            if i >= n {
                break;
            }
            let j_start = i + 1;
            if j_start >= n {
                continue;
            }
            for (c, dj) in col[j_start..n].iter_mut().zip(&dist[j_start..n]) {
                *c = dj[r];
            }
            let ds = &col[j_start..n];
            let m = n - j_start;
            if grad {
                kernel.eval(ds, &mut kv[..m], Some(&mut dkv[..m]), &mut ev);
            } else {
                kernel.eval(ds, &mut kv[..m], None, &mut ev);
            }
            // Split the row at the source/target boundary.
            let split = ns.saturating_sub(j_start).min(m);
            let sum_a: f64 = kv[..split].iter().sum();
            let sum_b: f64 = kv[split..m].iter().sum();
            if i < ns {
                s_ss += sum_a;
                s_st += sum_b;
            } else {
                s_tt += sum_b;
            }
            if grad {
                let (wa, wb) = if i < ns { (w_ss, w_st) } else { (0.0, w_tt) };
                for (jj, g) in grow[..m].iter_mut().enumerate() {
                    let w = if jj < split { wa } else { wb };
                    *g = (w * dkv[jj]) as f32;
                }
                let gi: f64 = grow[..m].iter().map(|&g| g as f64).sum();
                gsum[i] += gi;
                for ((&g, gs), gpj) in grow[..m].iter().zip(&mut gsum[j_start..n]).zip(&mut gp[j_start..n]) {
                    *gs += g as f64;
                    gpj[r] = g;
                }
            }
        }
        if grad {
            add_panel(z, &gp, i0, &mut gz);
        }
    }
    let diag = kernel.n_kernels as f64;
    let xx = (ns as f64 * diag + 2.0 * s_ss) * w_ss;
    let yy = (nt as f64 * diag + 2.0 * s_tt) * w_tt;
    let xy = s_st / (ns as f64 * nt as f64);
    let value = xx + yy - 2.0 * xy;
    if !grad {
        return (value, None);
    }
    // ∂V/∂z_a = 4 (Σ_j G_aj) z_a − 4 (G z)_a.
    let mut d_source = Array2::<f32>::zeros((ns, z.dim));
    let mut d_target = Array2::<f32>::zeros((nt, z.dim));
    for i in 0..n {
        let zi = z.row(i);
        let mut out = if i < ns {
            d_source.row_mut(i)
        } else {
            d_target.row_mut(i - ns)
        };
        for (k, o) in out.iter_mut().enumerate() {
            let v = 4.0 * (gsum[i] * zi[k / L][k % L] as f64 - gz[i * z.q + k / L][k % L] as f64);
            *o = v as f32;
        }
    }
    (value, Some((d_source, d_target)))
}

/// Adds one panel's share of `G z` into `gz` (`n × q` lane groups): rows
/// `i0..i0+T` gain `Σ_j G_{i0+r, j} z_j` and every row `j` gains
/// `Σ_r G_{i0+r, j} z_{i0+r}`, from `gp` as [`quadratic`] fills it (zero
/// where `j <= i0 + r`, so each pair counts once each way).
///
/// Register blocks as in [`crate::nn::kernels`]: `T` rows × 2 lane groups
/// summed over `j` for the panel's rows, and the same block folded into
/// each row `j` in one load and store. The pair-by-pair updates this replaces loaded
/// and stored two rows of `gz` per pair and were half of the MK-MMD
/// gradient's time in wasm (bench/dan_step.sh).
fn add_panel(z: &Pooled, gp: &[[f32; T]], i0: usize, gz: &mut [[f32; L]]) {
    let q = z.q;
    let mut c0 = 0;
    while c0 + 2 <= q {
        panel_rows::<2>(z, gp, i0, c0, gz);
        c0 += 2;
    }
    if c0 < q {
        panel_rows::<1>(z, gp, i0, c0, gz);
    }
    let mut c0 = 0;
    while c0 + 2 <= q {
        panel_cols::<2>(z, gp, i0, c0, gz);
        c0 += 2;
    }
    if c0 < q {
        panel_cols::<1>(z, gp, i0, c0, gz);
    }
}

/// `gz` rows `j` in `i0..n`, lane groups `c0..c0+C`, gain
/// `Σ_r gp[j][r] · z_{i0+r}`, the panel's `T × C` lane groups held in
/// registers while `j` runs (loading them for every `j` cost as much as the
/// arithmetic). `Pooled` pads the panel with zero rows up to `T`.
#[inline(always)]
fn panel_cols<const C: usize>(z: &Pooled, gp: &[[f32; T]], i0: usize, c0: usize, gz: &mut [[f32; L]]) {
    let (n, q) = (z.n, z.q);
    let zp: [[[f32; L]; C]; T] = std::array::from_fn(|r| std::array::from_fn(|c| z.z[(i0 + r) * q + c0 + c]));
    for (j, g) in gp.iter().enumerate().take(n).skip(i0) {
        let o: &mut [[f32; L]; C] = (&mut gz[j * q + c0..j * q + c0 + C]).try_into().expect("C lane groups");
        for (c, oc) in o.iter_mut().enumerate() {
            let mut s = [0.0f32; L];
            for (r, zr) in zp.iter().enumerate() {
                for l in 0..L {
                    s[l] += g[r] * zr[c][l];
                }
            }
            for l in 0..L {
                oc[l] += s[l];
            }
        }
    }
}

/// `gz` rows `i0..i0+T` (those below `n`), lane groups `c0..c0+C`, gain
/// `Σ_{j >= i0} gp[j][r] · z_j`.
#[inline(always)]
fn panel_rows<const C: usize>(z: &Pooled, gp: &[[f32; T]], i0: usize, c0: usize, gz: &mut [[f32; L]]) {
    let (n, q) = (z.n, z.q);
    let mut acc = [[[0.0f32; L]; C]; T];
    for (j, g) in gp.iter().enumerate().take(n).skip(i0) {
        let zj: &[[f32; L]; C] = z.z[j * q + c0..j * q + c0 + C].try_into().expect("C lane groups");
        for r in 0..T {
            for c in 0..C {
                for l in 0..L {
                    acc[r][c][l] += g[r] * zj[c][l];
                }
            }
        }
    }
    for (r, accr) in acc.iter().enumerate().take(n - i0) {
        for (c, a) in accr.iter().enumerate() {
            let o = &mut gz[(i0 + r) * q + c0 + c];
            for l in 0..L {
                o[l] += a[l];
            }
        }
    }
}

/// The linear-time estimator over consecutive row pairs, in `f64`.
fn linear(source: ArrayView2<f32>, target: ArrayView2<f32>, kernel: &Kernel, grad: bool) -> (f64, Grads) {
    let m = source.nrows().min(target.nrows()) / 2;
    let dist = |a: ndarray::ArrayView1<f32>, b: ndarray::ArrayView1<f32>| -> f64 {
        a.iter().zip(b).map(|(&u, &v)| (u as f64 - v as f64).powi(2)).sum()
    };
    let mut sum = 0.0;
    let mut d_source = Array2::<f32>::zeros(source.dim());
    let mut d_target = Array2::<f32>::zeros(target.dim());
    // One term of h: sign · k(a, b), and its gradient into rows a and b.
    let scale = 1.0 / m as f64;
    for i in 0..m {
        let terms = [
            (true, 2 * i, true, 2 * i + 1, 1.0),
            (false, 2 * i, false, 2 * i + 1, 1.0),
            (true, 2 * i, false, 2 * i + 1, -1.0),
            (true, 2 * i + 1, false, 2 * i, -1.0),
        ];
        for (a_src, a, b_src, b, sign) in terms {
            let ra = if a_src { source.row(a) } else { target.row(a) };
            let rb = if b_src { source.row(b) } else { target.row(b) };
            let (k, dk) = kernel.at(dist(ra, rb));
            sum += sign * k;
            if grad {
                // ∂k(‖a − b‖²)/∂a = 2 k'(d) (a − b), and the negative for b.
                let g = 2.0 * sign * dk * scale;
                let diff: Vec<f64> = ra.iter().zip(rb).map(|(&u, &v)| u as f64 - v as f64).collect();
                {
                    let mut oa = if a_src {
                        d_source.row_mut(a)
                    } else {
                        d_target.row_mut(a)
                    };
                    for (o, df) in oa.iter_mut().zip(&diff) {
                        *o += (g * df) as f32;
                    }
                }
                let mut ob = if b_src {
                    d_source.row_mut(b)
                } else {
                    d_target.row_mut(b)
                };
                for (o, df) in ob.iter_mut().zip(&diff) {
                    *o -= (g * df) as f32;
                }
            }
        }
    }
    let value = sum * scale;
    (value, grad.then_some((d_source, d_target)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    fn batch(rng: &mut Rng, n: usize, d: usize, shift: f64, scale: f64) -> Array2<f32> {
        Array2::from_shape_fn((n, d), |_| (rng.normal() * scale + shift) as f32)
    }

    /// The seed's formula, literally, in f64: the slow obviously-correct reference.
    fn reference(x: &Array2<f32>, y: &Array2<f32>, p: &MmdParams) -> f64 {
        let z: Vec<Vec<f64>> = x
            .rows()
            .into_iter()
            .chain(y.rows())
            .map(|r| r.iter().map(|&v| v as f64).collect())
            .collect();
        let n = z.len();
        let d2 = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(u, v)| (u - v) * (u - v)).sum::<f64>();
        let l2: Vec<Vec<f64>> = z.iter().map(|a| z.iter().map(|b| d2(a, b)).collect()).collect();
        let mut bw = match p.bandwidth {
            Bandwidth::Auto => l2.iter().flatten().sum::<f64>() / (n * n - n) as f64,
            Bandwidth::Fixed(b) => b,
        };
        bw /= p.kernel_mul.powi((p.kernel_num / 2) as i32);
        let k = |d: f64| {
            (0..p.kernel_num)
                .map(|i| (-d / (bw * p.kernel_mul.powi(i as i32))).exp())
                .sum::<f64>()
        };
        let ns = x.nrows();
        let nt = y.nrows();
        let (mut xx, mut yy, mut xy) = (0.0, 0.0, 0.0);
        for (i, row) in l2.iter().enumerate() {
            for (j, &dij) in row.iter().enumerate() {
                let v = k(dij);
                match (i < ns, j < ns) {
                    (true, true) => xx += v,
                    (false, false) => yy += v,
                    _ => xy += v,
                }
            }
        }
        xx / (ns * ns) as f64 + yy / (nt * nt) as f64 - xy / (ns * nt) as f64
    }

    #[test]
    fn exp_matches_std() {
        let mut worst = 0.0f64;
        let mut x = 0.0;
        while x > -700.0 {
            let rel = (exp_nonpositive(x) - x.exp()).abs() / x.exp();
            worst = worst.max(rel);
            x -= 0.0137;
        }
        assert!(worst < 5e-16, "{worst}");
        assert_eq!(exp_nonpositive(0.0), 1.0);
        assert_eq!(exp_nonpositive(-800.0), 0.0);
        assert_eq!(exp_nonpositive(f64::NEG_INFINITY), 0.0);
    }

    #[test]
    fn quadratic_matches_reference_for_odd_shapes() {
        let mut rng = Rng::new(5);
        for (ns, nt, d) in [(1, 1, 1), (3, 7, 5), (9, 4, 13), (17, 17, 8)] {
            let x = batch(&mut rng, ns, d, 0.0, 1.0);
            let y = batch(&mut rng, nt, d, 0.5, 1.3);
            for p in [
                MmdParams::default(),
                MmdParams {
                    kernel_num: 3,
                    kernel_mul: 1.7,
                    ..Default::default()
                },
                MmdParams {
                    bandwidth: Bandwidth::Fixed(2.5),
                    ..Default::default()
                },
            ] {
                let got = mk_mmd(x.view(), y.view(), &p).unwrap().value;
                let want = reference(&x, &y, &p);
                assert!(
                    (got - want).abs() <= 1e-6 * want.abs().max(1e-3),
                    "{ns} {nt} {d}: {got} vs {want}"
                );
            }
        }
    }

    #[test]
    fn identical_batches_give_zero_and_one_point_is_zero() {
        let x = batch(&mut Rng::new(1), 8, 3, 0.0, 1.0);
        let v = mk_mmd(x.view(), x.view(), &MmdParams::default()).unwrap();
        assert!(v.value.abs() < 1e-12, "{}", v.value);
        let one = Array2::<f32>::from_elem((3, 2), 1.5);
        let g = mk_mmd_grad(one.view(), one.view(), &MmdParams::default()).unwrap();
        assert_eq!(g.value, 0.0);
        assert_eq!(g.bandwidths, vec![0.0; 5]);
        assert!(g.d_source.iter().all(|&v| v == 0.0));
    }

    /// Central differences of `value` with the bandwidth fixed at the
    /// unperturbed batch's automatic one (the stop-gradient convention).
    fn check_gradient(ns: usize, nt: usize, d: usize, estimator: Estimator, kernel_mul: f64) {
        let mut rng = Rng::new(11);
        let x = batch(&mut rng, ns, d, 0.0, 1.0);
        let y = batch(&mut rng, nt, d, 0.4, 0.8);
        let auto = MmdParams {
            estimator,
            kernel_mul,
            ..Default::default()
        };
        let g = mk_mmd_grad(x.view(), y.view(), &auto).unwrap();
        // The middle bandwidth is the mean squared distance.
        let fixed = MmdParams {
            bandwidth: Bandwidth::Fixed(g.bandwidths[auto.kernel_num / 2]),
            ..auto
        };
        let gf = mk_mmd_grad(x.view(), y.view(), &fixed).unwrap();
        assert!((gf.value - g.value).abs() < 1e-12);
        let h = 1.0 / 256.0; // exact in f32, so the perturbation is what we think
        let fd = |which: bool, i: usize, k: usize| {
            let (mut xp, mut yp) = (x.clone(), y.clone());
            let (mut xm, mut ym) = (x.clone(), y.clone());
            if which {
                xp[[i, k]] += h;
                xm[[i, k]] -= h;
            } else {
                yp[[i, k]] += h;
                ym[[i, k]] -= h;
            }
            let vp = mk_mmd(xp.view(), yp.view(), &fixed).unwrap().value;
            let vm = mk_mmd(xm.view(), ym.view(), &fixed).unwrap().value;
            (vp - vm) / (2.0 * h as f64)
        };
        let scale = g.d_source.iter().chain(&g.d_target).fold(0.0f32, |m, v| m.max(v.abs())) as f64;
        assert!(scale > 1e-4, "gradient should not vanish here: {scale}");
        for i in 0..ns {
            for k in 0..d {
                let (a, b) = (g.d_source[[i, k]] as f64, fd(true, i, k));
                assert!((a - b).abs() < 1e-3 * scale, "source [{i},{k}]: {a} vs fd {b}");
            }
        }
        for i in 0..nt {
            for k in 0..d {
                let (a, b) = (g.d_target[[i, k]] as f64, fd(false, i, k));
                assert!((a - b).abs() < 1e-3 * scale, "target [{i},{k}]: {a} vs fd {b}");
            }
        }
    }

    #[test]
    fn quadratic_gradient_matches_finite_differences() {
        check_gradient(6, 4, 3, Estimator::Quadratic, 2.0);
        check_gradient(5, 9, 6, Estimator::Quadratic, 1.5);
    }

    #[test]
    fn linear_gradient_matches_finite_differences() {
        check_gradient(6, 7, 3, Estimator::Linear, 2.0);
    }

    #[test]
    fn auto_bandwidth_gradient_is_stop_gradient() {
        // With the bandwidth free to move, the finite difference differs from
        // our gradient: this pins the documented choice.
        let mut rng = Rng::new(3);
        let x = batch(&mut rng, 5, 2, 0.0, 1.0);
        let y = batch(&mut rng, 5, 2, 1.0, 1.0);
        let p = MmdParams::default();
        let g = mk_mmd_grad(x.view(), y.view(), &p).unwrap();
        let h = 1.0 / 256.0;
        let (mut xp, mut xm) = (x.clone(), x.clone());
        xp[[0, 0]] += h;
        xm[[0, 0]] -= h;
        let fd = (mk_mmd(xp.view(), y.view(), &p).unwrap().value - mk_mmd(xm.view(), y.view(), &p).unwrap().value)
            / (2.0 * h as f64);
        assert!((fd - g.d_source[[0, 0]] as f64).abs() > 1e-3, "{fd}");
    }

    #[test]
    fn linear_matches_hand_formula() {
        // One pair each, 1-d: x = (0, 1), y = (2, 4); one kernel, fixed b = 1.
        // h = k(0,1) + k(2,4) − k(0,4) − k(1,2) = e^-1 + e^-4 − e^-16 − e^-1.
        let x = Array2::from_shape_vec((2, 1), vec![0.0f32, 1.0]).unwrap();
        let y = Array2::from_shape_vec((2, 1), vec![2.0f32, 4.0]).unwrap();
        let p = MmdParams {
            kernel_num: 1,
            bandwidth: Bandwidth::Fixed(1.0),
            estimator: Estimator::Linear,
            ..Default::default()
        };
        let v = mk_mmd(x.view(), y.view(), &p).unwrap().value;
        let want = (-4.0f64).exp() - (-16.0f64).exp();
        assert!((v - want).abs() < 1e-15, "{v} vs {want}");
    }

    #[test]
    fn rejects_bad_input() {
        let x = Array2::<f32>::zeros((3, 2));
        let y = Array2::<f32>::zeros((3, 4));
        let p = MmdParams::default();
        assert!(matches!(
            mk_mmd(x.view(), y.view(), &p),
            Err(MmdError::DimMismatch { .. })
        ));
        let e = Array2::<f32>::zeros((0, 2));
        assert!(matches!(
            mk_mmd(e.view(), x.view(), &p),
            Err(MmdError::Empty { which: "source" })
        ));
        let mut nan = x.clone();
        nan[[1, 1]] = f32::NAN;
        let err = mk_mmd(x.view(), nan.view(), &p).unwrap_err();
        assert!(matches!(
            err,
            MmdError::NonFinite {
                which: "target",
                row: 1,
                col: 1,
                ..
            }
        ));
        assert_eq!(
            err.to_string(),
            "MK-MMD: target row 1, feature 1 is NaN; features must be finite (did training diverge?)"
        );
        for bad in [
            MmdParams { kernel_num: 0, ..p },
            MmdParams {
                kernel_mul: f64::NAN,
                ..p
            },
            MmdParams {
                bandwidth: Bandwidth::Fixed(-1.0),
                ..p
            },
        ] {
            assert!(mk_mmd(x.view(), x.view(), &bad).is_err());
        }
        let one = Array2::<f32>::zeros((1, 2));
        let lin = MmdParams {
            estimator: Estimator::Linear,
            ..p
        };
        assert!(matches!(
            mk_mmd(one.view(), x.view(), &lin),
            Err(MmdError::TooFewForLinear { .. })
        ));
    }

    #[test]
    fn params_serde_round_trip() {
        let p = MmdParams {
            bandwidth: Bandwidth::Fixed(3.0),
            estimator: Estimator::Linear,
            ..Default::default()
        };
        let s = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<MmdParams>(&s).unwrap(), p);
        assert_eq!(serde_json::from_str::<MmdParams>("{}").unwrap(), MmdParams::default());
    }
}
