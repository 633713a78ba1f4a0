//! A small feed-forward network toolkit: dense layers with an activation and
//! inverted dropout, Keras's initialisers, Adam and SGD with momentum, L2
//! weight decay, and losses on logits ([`loss`]). Data and weights are
//! `f32`, row-major. Knows nothing of CSV, metrics, early stopping or the
//! browser; `models::mlp` builds a classifier from it and the transfer model
//! composes the same layers.
//!
//! # Composing a network (layer-level API)
//!
//! ```
//! use ndarray::Array2;
//! use rareclass::nn::{Activation, Dense, Init, Mode, Network, Optimizer, OptimizerKind};
//! use rareclass::rng::Rng;
//! let mut rng = Rng::new(1);
//! let mut net = Network::new(vec![
//!     Dense::new(3, 4, Activation::Relu, 0.5, Init::HeNormal, &mut rng),
//!     Dense::new(4, 2, Activation::Linear, 0.0, Init::GlorotUniform, &mut rng),
//! ]);
//! let x = Array2::<f32>::ones((5, 3));
//! let features = net.forward(x.view(), Mode::Train(&mut rng)); // 5 × 2
//! // A gradient of some loss with respect to `features`, from elsewhere:
//! let grad = Array2::<f32>::from_elem((5, 2), 0.1);
//! net.zero_grad();
//! let grad_x = net.backward(grad.view()); // 5 × 3; parameter gradients accumulated
//! let mut opt = Optimizer::new(OptimizerKind::Adam { lr: 1e-3 }, 0.0, &net);
//! opt.step(&mut net);
//! assert_eq!(grad_x.dim(), (5, 3));
//! ```
//!
//! `backward` must follow the `forward` whose activations it uses (the
//! layers keep them); gradients *accumulate* until [`Network::zero_grad`],
//! so two losses on the same forward pass can each call `backward`.

pub mod kernels;
pub mod loss;
pub mod mmd;

/// A matrix's rows one after another, as the layers read them: borrowed
/// when `x` is laid out so already, copied otherwise.
pub fn row_major(x: ndarray::ArrayView2<'_, f32>) -> std::borrow::Cow<'_, [f32]> {
    match x.to_slice() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(x.iter().copied().collect()),
    }
}

/// The row, column and value of the first NaN or infinity in a row-major
/// matrix of `d` columns, for a fit's error message.
pub fn first_non_finite(xs: &[f32], d: usize) -> Option<(usize, usize, f32)> {
    let d = d.max(1);
    xs.iter().position(|v| !v.is_finite()).map(|k| (k / d, k % d, xs[k]))
}

use ndarray::{Array2, ArrayView2};
use serde::{Deserialize, Serialize};

use crate::rng::Rng;

/// An element-wise activation after a dense layer's affine map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// `max(x, 0)`; derivative taken as 0 at 0 (TensorFlow's choice).
    #[default]
    Relu,
    /// `1 / (1 + e^−x)`.
    Sigmoid,
    /// `tanh x`.
    Tanh,
    /// The identity (logits, features).
    Linear,
}

impl Activation {
    fn apply(self, v: &mut [f32]) {
        match self {
            // Not f32::max: in wasm that is a call to libm's fmaxf.
            Activation::Relu => v.iter_mut().for_each(|x| *x = if *x > 0.0 { *x } else { 0.0 }),
            Activation::Sigmoid => v.iter_mut().for_each(|x| *x = sigmoid_f32(*x)),
            Activation::Tanh => v.iter_mut().for_each(|x| *x = x.tanh()),
            Activation::Linear => {}
        }
    }

    /// Multiplies `grad` by the derivative, given the activation's output.
    fn backprop(self, out: &[f32], grad: &mut [f32]) {
        match self {
            // A select, not a branch around a store, so it vectorises.
            Activation::Relu => grad
                .iter_mut()
                .zip(out)
                .for_each(|(g, &o)| *g = if o > 0.0 { *g } else { 0.0 }),
            Activation::Sigmoid => grad.iter_mut().zip(out).for_each(|(g, &o)| *g *= o * (1.0 - o)),
            Activation::Tanh => grad.iter_mut().zip(out).for_each(|(g, &o)| *g *= 1.0 - o * o),
            Activation::Linear => {}
        }
    }
}

/// The logistic function in `f32`, branch-free so a loop over it
/// vectorises (`f32x4` in wasm simd128, SSE natively). `f64::exp` is a call
/// to libm's `exp` in wasm that no loop vectorises: it was 6 ms of the 85 ms
/// DAN step (1024 × 320 sigmoids, bench/dan_step.sh). Plain arithmetic, so
/// the same bits natively and in wasm.
///
/// With `e = exp(−|x|) ∈ (0, 1]`, `σ(x) = 1/(1 + e)` for `x ≥ 0` and
/// `e/(1 + e)` for `x < 0`, so nothing overflows. `exp` is Cephes's `expf`:
/// `−|x| = k·ln 2 + r`, `|r| ≤ ln 2 / 2`, a degree-7 polynomial for `e^r`
/// (within 2 ulp of the `f64` result rounded to `f32`, tested), `2^k` built
/// in the exponent bits; below −87.3 (where `f32` goes subnormal) `e` is 0.
/// NaN stays NaN.
#[inline(always)]
pub(crate) fn sigmoid_f32(x: f32) -> f32 {
    // ln 2 split so that `k · LN2_HI` is exact for the |k| <= 126 used here.
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    // 1.5·2^23: adding it rounds to an integer held in the low mantissa bits.
    const SHIFT: f32 = 12_582_912.0;
    let a = if x < 0.0 { -x } else { x };
    // -|x|, clamped where e^-|x| is still a normal f32 (a NaN passes through).
    let t = if a > 87.3 { -87.3 } else { -a };
    let kf = (t * std::f32::consts::LOG2_E + SHIFT) - SHIFT;
    let r = (t - kf * LN2_HI) - kf * LN2_LO;
    let mut p = 1.987_569_1e-4f32;
    for c in [1.398_2e-3, 8.333_452e-3, 4.166_579_6e-2, 1.666_666_5e-1, 0.5] {
        p = p * r + c;
    }
    let er = p * r * r + r + 1.0;
    let k_bits = (kf + SHIFT).to_bits().wrapping_sub(SHIFT.to_bits());
    let scale = f32::from_bits(k_bits.wrapping_add(127) << 23);
    let e = if a > 87.3 { 0.0 } else { er * scale };
    let s = 1.0 / (1.0 + e);
    if x < 0.0 {
        e * s
    } else {
        s
    }
}

/// Fills `mask` with inverted-dropout multipliers: `scale` with probability
/// `keep` (resolved to 1/65536), else 0.
///
/// A unit is kept when a 16-bit uniform `u < t`, `t = round(keep·65536)`.
/// When `t = c·2^z`, `u < t ⇔ ⌊u / 2^z⌋ < c`, and `⌊u / 2^z⌋` is a uniform
/// of `16 − z` bits: so each unit takes only `16 − z` bits of a 64-bit draw
/// with exactly the same probability. The tutorial's rate 0.5 (`t =
/// 2^15`) needs one bit a unit, 64 units a draw instead of 4: in wasm the
/// generator was the largest cost of the layer after the products.
fn dropout_mask(mask: &mut [f32], keep: f64, scale: f32, rng: &mut Rng) {
    let threshold = (keep * 65536.0).round() as u64;
    if threshold >= 1 << 16 {
        mask.fill(scale);
        return;
    }
    if threshold == 0 {
        mask.fill(0.0);
        return;
    }
    let z = threshold.trailing_zeros();
    let (bits, t) = (16 - z, threshold >> z);
    let mut rest = mask;
    if bits == 1 {
        // Rate 0.5 (t = 1: kept when the bit is 0), the tutorial's: unit q
        // of a 64-unit chunk reads bit q, tested against a table of
        // one-bit words, not shifted out, so the loop vectorises (wasm
        // simd128 has no per-lane shift). The same bits as the loop below.
        const BIT: [u32; 32] = {
            let mut b = [0u32; 32];
            let mut q = 0;
            while q < 32 {
                b[q] = 1 << q;
                q += 1;
            }
            b
        };
        let mut chunks = rest.chunks_exact_mut(64);
        for chunk in &mut chunks {
            let r = rng.next_u64();
            for (half, word) in chunk.chunks_exact_mut(32).zip([r as u32, (r >> 32) as u32]) {
                for (v, &b) in half.iter_mut().zip(&BIT) {
                    *v = if word & b == 0 { scale } else { 0.0 };
                }
            }
        }
        rest = chunks.into_remainder();
    }
    dropout_mask_bits(rest, bits, t, scale, rng);
}

/// [`dropout_mask`]'s general loop: each unit keeps with a `bits`-bit
/// uniform `< t`, `64 / bits` units to a draw (the last draw may serve
/// fewer).
fn dropout_mask_bits(mask: &mut [f32], bits: u32, t: u64, scale: f32, rng: &mut Rng) {
    let low = (1u64 << bits) - 1;
    let per_draw = (64 / bits) as usize;
    for chunk in mask.chunks_mut(per_draw) {
        let mut r = rng.next_u64();
        for v in chunk {
            *v = if (r & low) < t { scale } else { 0.0 };
            r >>= bits;
        }
    }
}

/// Kernel initialisers, as Keras defines them; biases start at 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Init {
    /// Keras `glorot_uniform` (its default): `U(−l, l)`,
    /// `l = sqrt(6 / (fan_in + fan_out))`.
    #[default]
    GlorotUniform,
    /// Keras `he_normal`: a normal truncated at two of its standard
    /// deviations, scaled so the truncated draw has standard deviation
    /// `sqrt(2 / fan_in)` (Keras divides by 0.87962566103423978).
    HeNormal,
}

impl Init {
    /// `fan_in × fan_out` weights, row-major (row = input unit).
    pub fn draw(self, fan_in: usize, fan_out: usize, rng: &mut Rng) -> Vec<f32> {
        let count = fan_in * fan_out;
        match self {
            Init::GlorotUniform => {
                let limit = (6.0 / (fan_in + fan_out).max(1) as f64).sqrt();
                (0..count)
                    .map(|_| ((2.0 * rng.uniform() - 1.0) * limit) as f32)
                    .collect()
            }
            Init::HeNormal => {
                let sd = (2.0 / fan_in.max(1) as f64).sqrt() / 0.879_625_661_034_239_8;
                (0..count)
                    .map(|_| loop {
                        let z = rng.normal();
                        if z.abs() <= 2.0 {
                            break (z * sd) as f32;
                        }
                    })
                    .collect()
            }
        }
    }
}

/// Whether a forward pass trains (dropout on, drawing from the generator) or
/// evaluates (dropout off).
pub enum Mode<'a> {
    /// Dropout masks are drawn from this generator.
    Train(&'a mut Rng),
    /// Deterministic; dropout is the identity.
    Eval,
}

/// What one forward pass left behind for `backward`.
#[derive(Debug, Clone, Default)]
struct Cache {
    rows: usize,
    /// Output of the activation, before dropout.
    act: Vec<f32>,
    /// Inverted-dropout multipliers (0 or `1/(1−rate)`); empty when no
    /// dropout ran in this pass.
    mask: Vec<f32>,
    /// Output after dropout (equal to `act` when no mask; then empty).
    out: Vec<f32>,
}

/// A fully connected layer `y = dropout(act(x·W + b))`.
///
/// `W` is `n_in × n_out`, row-major (Keras's kernel layout); dropout with
/// rate `r` zeroes each output with probability `r` in training and scales
/// the survivors by `1/(1−r)` (inverted dropout, as Keras), so evaluation
/// needs no rescaling.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Dense {
    /// Inputs.
    pub n_in: usize,
    /// Outputs (units).
    pub n_out: usize,
    /// Kernel, `n_in × n_out` row-major.
    pub w: Vec<f32>,
    /// Bias, length `n_out`.
    pub b: Vec<f32>,
    /// The activation.
    pub activation: Activation,
    /// Dropout rate in `[0, 1)` applied to the outputs in training.
    pub dropout: f32,
    /// Accumulated `∂L/∂W`.
    #[serde(skip)]
    pub grad_w: Vec<f32>,
    /// Accumulated `∂L/∂b`.
    #[serde(skip)]
    pub grad_b: Vec<f32>,
    #[serde(skip)]
    cache: Cache,
}

/// Equal parameters and shape; gradients and caches are ignored.
impl PartialEq for Dense {
    fn eq(&self, o: &Dense) -> bool {
        (self.n_in, self.n_out, &self.w, &self.b, self.activation, self.dropout)
            == (o.n_in, o.n_out, &o.w, &o.b, o.activation, o.dropout)
    }
}

impl Dense {
    /// A layer with kernel drawn by `init` and zero bias.
    pub fn new(n_in: usize, n_out: usize, activation: Activation, dropout: f32, init: Init, rng: &mut Rng) -> Dense {
        Dense {
            n_in,
            n_out,
            w: init.draw(n_in, n_out, rng),
            b: vec![0.0; n_out],
            activation,
            dropout,
            grad_w: vec![0.0; n_in * n_out],
            grad_b: vec![0.0; n_out],
            cache: Cache::default(),
        }
    }

    /// The layer's output for the last forward pass.
    fn output(&self) -> &[f32] {
        if self.cache.mask.is_empty() {
            &self.cache.act
        } else {
            &self.cache.out
        }
    }

    fn forward(&mut self, x: &[f32], rows: usize, mode: &mut Mode) {
        let m = self.n_out;
        let c = &mut self.cache;
        c.rows = rows;
        c.act.resize(rows * m, 0.0);
        kernels::matmul(x, &self.w, Some(&self.b), &mut c.act, rows, self.n_in, m);
        self.activation.apply(&mut c.act);
        match mode {
            Mode::Train(rng) if self.dropout > 0.0 => {
                let keep = 1.0 - self.dropout as f64;
                let scale = (1.0 / keep) as f32;
                c.mask.resize(rows * m, 0.0);
                dropout_mask(&mut c.mask, keep, scale, rng);
                c.out.resize(rows * m, 0.0);
                for ((o, &a), &k) in c.out.iter_mut().zip(&c.act).zip(&c.mask) {
                    *o = a * k;
                }
            }
            _ => c.mask.clear(),
        }
    }

    /// Turns `grad` (∂L/∂output) into ∂L/∂(pre-activation) in place,
    /// accumulates parameter gradients given this layer's input `x`, and
    /// writes ∂L/∂x into `grad_in` when asked.
    fn backward(&mut self, x: &[f32], grad: &mut [f32], grad_in: Option<&mut Vec<f32>>) {
        let (n, k, m) = (self.cache.rows, self.n_in, self.n_out);
        if !self.cache.mask.is_empty() {
            grad.iter_mut().zip(&self.cache.mask).for_each(|(g, &k)| *g *= k);
        }
        self.activation.backprop(&self.cache.act, grad);
        if self.grad_w.len() != k * m {
            self.grad_w = vec![0.0; k * m];
            self.grad_b = vec![0.0; m];
        }
        kernels::matmul_tn_acc(x, grad, &mut self.grad_w, n, k, m);
        for row in grad.chunks_exact(m) {
            self.grad_b.iter_mut().zip(row).for_each(|(b, &g)| *b += g);
        }
        if let Some(gi) = grad_in {
            gi.resize(n * k, 0.0);
            kernels::matmul_nt(grad, &self.w, gi, n, k, m);
        }
    }
}

/// A stack of [`Dense`] layers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Network {
    /// The layers, input first.
    pub layers: Vec<Dense>,
    #[serde(skip)]
    input: Vec<f32>,
    #[serde(skip)]
    scratch: (Vec<f32>, Vec<f32>),
}

/// Equal layers; buffers are ignored.
impl PartialEq for Network {
    fn eq(&self, o: &Network) -> bool {
        self.layers == o.layers
    }
}

impl Network {
    /// A network from layers whose sizes chain (`layers[i].n_out ==
    /// layers[i+1].n_in`; checked by the caller).
    pub fn new(layers: Vec<Dense>) -> Network {
        Network {
            layers,
            input: Vec::new(),
            scratch: (Vec::new(), Vec::new()),
        }
    }

    /// Checks a network read from a file before anything runs on it: at
    /// least one layer; each layer with at least one input and output, a
    /// kernel of exactly `n_in × n_out` and a bias of `n_out` values, all
    /// finite (a 1e39 in a file reads as an `f32` infinity), a dropout rate
    /// in `[0, 1)`; each layer's inputs equal to the previous one's outputs.
    /// The message names the layer (from 1) and the numbers. A network
    /// built by [`Dense::new`] passes; a hand-edited file may not, and
    /// unchecked it would panic or allocate what its sizes claim.
    pub fn check(&self) -> Result<(), String> {
        if self.layers.is_empty() {
            return Err("the network has no layers".into());
        }
        for (i, l) in self.layers.iter().enumerate() {
            let n = i + 1;
            if l.n_in == 0 || l.n_out == 0 {
                return Err(format!(
                    "layer {n} has {} inputs and {} outputs; both must be at least 1",
                    l.n_in, l.n_out
                ));
            }
            if let Some(prev) = i.checked_sub(1).map(|p| &self.layers[p]) {
                if l.n_in != prev.n_out {
                    return Err(format!(
                        "layer {n} takes {} inputs but layer {i} gives {} outputs",
                        l.n_in, prev.n_out
                    ));
                }
            }
            // Compared without multiplying first: n_in × n_out may overflow.
            if l.w.len().checked_div(l.n_in) != Some(l.n_out) || l.w.len() % l.n_in != 0 {
                return Err(format!(
                    "layer {n} has {} weights, but a layer of {} inputs × {} outputs needs {}",
                    l.w.len(),
                    l.n_in,
                    l.n_out,
                    l.n_in
                        .checked_mul(l.n_out)
                        .map_or("more than can be counted".to_string(), |p| p.to_string())
                ));
            }
            if l.b.len() != l.n_out {
                return Err(format!(
                    "layer {n} has {} biases, but it has {} outputs",
                    l.b.len(),
                    l.n_out
                ));
            }
            for (what, values) in [("weight", &l.w), ("bias", &l.b)] {
                if let Some(k) = values.iter().position(|v| !v.is_finite()) {
                    return Err(format!(
                        "layer {n} {what} {} is {}; every weight must be a finite number within ±3.4e38 (32-bit)",
                        k + 1,
                        values[k]
                    ));
                }
            }
            if !(l.dropout.is_finite() && (0.0..1.0).contains(&l.dropout)) {
                return Err(format!("layer {n} has dropout {}; it must be in [0, 1)", l.dropout));
            }
        }
        Ok(())
    }

    /// Inputs per row (0 for an empty network).
    pub fn n_in(&self) -> usize {
        self.layers.first().map_or(0, |l| l.n_in)
    }

    /// Outputs per row.
    pub fn n_out(&self) -> usize {
        self.layers.last().map_or(0, |l| l.n_out)
    }

    /// The forward pass on `x` (`rows × n_in`), keeping what `backward`
    /// needs; returns `rows × n_out`.
    pub fn forward(&mut self, x: ArrayView2<f32>, mode: Mode) -> Array2<f32> {
        let rows = x.nrows();
        let flat: Vec<f32> = x.iter().copied().collect();
        let out = self.forward_slice(&flat, rows, mode).to_vec();
        Array2::from_shape_vec((rows, self.n_out()), out).expect("rows × n_out")
    }

    /// [`forward`](Network::forward) on a row-major slice of `rows` rows,
    /// without allocating once the buffers have grown; returns the output
    /// rows. `x` must hold at least `rows · n_in` values (the caller's
    /// shape check; a shorter slice panics).
    pub fn forward_slice(&mut self, x: &[f32], rows: usize, mut mode: Mode) -> &[f32] {
        self.input.clear();
        self.input.extend_from_slice(&x[..rows * self.n_in()]);
        for i in 0..self.layers.len() {
            let (before, rest) = self.layers.split_at_mut(i);
            let input: &[f32] = if i == 0 { &self.input } else { before[i - 1].output() };
            rest[0].forward(input, rows, &mut mode);
        }
        self.layers.last().map_or(&self.input[..], |l| l.output())
    }

    /// [`forward_slice`](Network::forward_slice) on the rows `rows` of the
    /// row-major matrix `x` of `n_in` columns, gathered straight into the
    /// network's input buffer (a minibatch without a copy of its own).
    pub fn forward_rows(&mut self, x: &[f32], rows: &[usize], mut mode: Mode) -> &[f32] {
        let d = self.n_in();
        // Every value is written below: zero-fill only when the size changes.
        if self.input.len() != rows.len() * d {
            self.input.clear();
            self.input.resize(rows.len() * d, 0.0);
        }
        for (dst, &r) in self.input.chunks_exact_mut(d.max(1)).zip(rows) {
            // `+ 0.0` (which only turns −0 into +0, the same number to every
            // product) keeps this from compiling to one `memory.copy` a row:
            // in wasm that call per row made the gather the largest cost of
            // an epoch; as an arithmetic loop it runs on simd128 lanes.
            for (o, &v) in dst.iter_mut().zip(&x[r * d..(r + 1) * d]) {
                *o = v + 0.0;
            }
        }
        let n = rows.len();
        for i in 0..self.layers.len() {
            let (before, rest) = self.layers.split_at_mut(i);
            let input: &[f32] = if i == 0 { &self.input } else { before[i - 1].output() };
            rest[0].forward(input, n, &mut mode);
        }
        self.layers.last().map_or(&self.input[..], |l| l.output())
    }

    /// Backpropagates `grad_out` (∂L/∂output, `rows × n_out`, for the last
    /// forward pass), adding into every layer's `grad_w`/`grad_b`, and
    /// returns ∂L/∂x (`rows × n_in`).
    pub fn backward(&mut self, grad_out: ArrayView2<f32>) -> Array2<f32> {
        let rows = grad_out.nrows();
        let flat: Vec<f32> = grad_out.iter().copied().collect();
        let n_in = self.n_in();
        let gx = self.backward_slice(&flat, true).to_vec();
        Array2::from_shape_vec((rows, n_in), gx).expect("rows × n_in")
    }

    /// [`backward`](Network::backward) on a row-major slice; computes the
    /// input gradient only when `input_grad` (a classifier needs none, which
    /// saves a third of the backward pass). Returns it, or an empty slice.
    pub fn backward_slice(&mut self, grad_out: &[f32], input_grad: bool) -> &[f32] {
        let (mut g, mut next) = std::mem::take(&mut self.scratch);
        g.clear();
        g.extend_from_slice(grad_out);
        let count = self.layers.len();
        for i in (0..count).rev() {
            let (before, rest) = self.layers.split_at_mut(i);
            let input: &[f32] = if i == 0 { &self.input } else { before[i - 1].output() };
            let want = i > 0 || input_grad;
            rest[0].backward(input, &mut g, want.then_some(&mut next));
            if want {
                std::mem::swap(&mut g, &mut next);
            } else {
                g.clear();
            }
        }
        self.scratch = (g, next);
        &self.scratch.0
    }

    /// Sets every parameter gradient to 0.
    pub fn zero_grad(&mut self) {
        for l in &mut self.layers {
            l.grad_w.clear();
            l.grad_w.resize(l.n_in * l.n_out, 0.0);
            l.grad_b.clear();
            l.grad_b.resize(l.n_out, 0.0);
        }
    }

    /// The forward pass in evaluation mode without touching the training
    /// caches (so `&self`): `rows × n_out`, row-major.
    pub fn predict(&self, x: &[f32], rows: usize) -> Vec<f32> {
        let x = &x[..rows * self.n_in()];
        if self.layers.is_empty() {
            return x.to_vec();
        }
        // The first layer reads `x` where it is (no copy of the chunk).
        let (mut cur, mut next) = (Vec::new(), Vec::new());
        for (i, l) in self.layers.iter().enumerate() {
            next.resize(rows * l.n_out, 0.0);
            let input = if i == 0 { x } else { &cur[..] };
            kernels::matmul(input, &l.w, Some(&l.b), &mut next, rows, l.n_in, l.n_out);
            l.activation.apply(&mut next);
            std::mem::swap(&mut cur, &mut next);
        }
        cur
    }
}

/// An optimiser and its learning rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptimizerKind {
    /// Adam as Keras updates it: `m ← m + (g − m)(1 − β1)`,
    /// `v ← v + (g² − v)(1 − β2)`, `α_t = lr·sqrt(1 − β2^t)/(1 − β1^t)`,
    /// `w ← w − α_t·m/(sqrt(v) + ε)`; β1 0.9, β2 0.999, ε 1e-7.
    Adam {
        /// Learning rate.
        lr: f64,
    },
    /// SGD with momentum as Keras: `u ← μ·u − lr·g`, `w ← w + u`.
    Sgd {
        /// Learning rate.
        lr: f64,
        /// Momentum `μ ∈ [0, 1)`; 0 is plain SGD.
        momentum: f64,
    },
}

/// Adam β1.
pub const ADAM_BETA1: f64 = 0.9;
/// Adam β2.
pub const ADAM_BETA2: f64 = 0.999;
/// Adam ε (Keras's default, not the paper's 1e-8).
pub const ADAM_EPSILON: f64 = 1e-7;

/// An optimiser's state for one network's parameters.
#[derive(Debug, Clone)]
pub struct Optimizer {
    kind: OptimizerKind,
    l2: f64,
    t: u64,
    /// Per layer: first moment / velocity for (W, b), and second moment.
    m: Vec<(Vec<f32>, Vec<f32>)>,
    v: Vec<(Vec<f32>, Vec<f32>)>,
}

impl Optimizer {
    /// Zeroed state sized for `net`. `l2` is Keras's
    /// `kernel_regularizer=l2(l2)`: the loss gains `l2·Σ W²` over kernels
    /// (not biases), so each step adds `2·l2·W` to the kernel gradient.
    pub fn new(kind: OptimizerKind, l2: f64, net: &Network) -> Optimizer {
        let zeros = || {
            net.layers
                .iter()
                .map(|l| (vec![0.0; l.w.len()], vec![0.0; l.b.len()]))
                .collect::<Vec<_>>()
        };
        Optimizer {
            kind,
            l2,
            t: 0,
            m: zeros(),
            v: zeros(),
        }
    }

    /// The L2 penalty `l2·Σ W²` the step's gradient includes.
    pub fn penalty(&self, net: &Network) -> f64 {
        if self.l2 == 0.0 {
            return 0.0;
        }
        let sum: f64 = net
            .layers
            .iter()
            .flat_map(|l| &l.w)
            .map(|&w| (w as f64) * (w as f64))
            .sum();
        self.l2 * sum
    }

    /// One update of every parameter from its accumulated gradient (the
    /// gradients are left as they are; call [`Network::zero_grad`]).
    pub fn step(&mut self, net: &mut Network) {
        self.t += 1;
        let t = self.t as i32;
        for (li, layer) in net.layers.iter_mut().enumerate() {
            let (mw, mb) = &mut self.m[li];
            let (vw, vb) = &mut self.v[li];
            let decay = (2.0 * self.l2) as f32;
            match self.kind {
                OptimizerKind::Adam { lr } => {
                    let alpha = (lr * (1.0 - ADAM_BETA2.powi(t)).sqrt() / (1.0 - ADAM_BETA1.powi(t))) as f32;
                    adam(&mut layer.w, &layer.grad_w, mw, vw, alpha, decay);
                    adam(&mut layer.b, &layer.grad_b, mb, vb, alpha, 0.0);
                }
                OptimizerKind::Sgd { lr, momentum } => {
                    sgd(&mut layer.w, &layer.grad_w, mw, lr as f32, momentum as f32, decay);
                    sgd(&mut layer.b, &layer.grad_b, mb, lr as f32, momentum as f32, 0.0);
                }
            }
        }
    }
}

fn adam(w: &mut [f32], g: &[f32], m: &mut [f32], v: &mut [f32], alpha: f32, decay: f32) {
    let (b1, b2, eps) = (
        (1.0 - ADAM_BETA1) as f32,
        (1.0 - ADAM_BETA2) as f32,
        ADAM_EPSILON as f32,
    );
    for i in 0..w.len() {
        let gi = g[i] + decay * w[i];
        m[i] += (gi - m[i]) * b1;
        v[i] += (gi * gi - v[i]) * b2;
        w[i] -= alpha * m[i] / (v[i].sqrt() + eps);
    }
}

fn sgd(w: &mut [f32], g: &[f32], u: &mut [f32], lr: f32, momentum: f32, decay: f32) {
    for i in 0..w.len() {
        let gi = g[i] + decay * w[i];
        u[i] = momentum * u[i] - lr * gi;
        w[i] += u[i];
    }
}

#[cfg(test)]
mod tests;
