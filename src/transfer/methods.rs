//! The adaptation methods a practitioner would try besides the DAN, as
//! plain numerics on prepared matrices: importance weights for the source
//! rows from a domain classifier ([`importance_weights`]), and CORAL's
//! re-colouring of the source features ([`coral`]). Also the names of every
//! method ([`Method`]). DANN lives with the DAN (it is the same network with
//! another alignment term, [`crate::models::dan::AlignBy`]). Knows nothing
//! of files, reports or the browser.

use ndarray::{Array2, ArrayView2, Axis};
use serde::{Deserialize, Serialize};

use crate::metrics::RankedScores;
use crate::models::logistic::{ClassWeight, FitError, LogisticParams};
use crate::models::Classifier;
use crate::progress::Monitor;

/// One transfer method, as `--method` and the page name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The deep adaptation network: MK-MMD between the populations'
    /// learned features (seed 004).
    Dan,
    /// Domain-adversarial training: a domain classifier behind a gradient
    /// reversal (Ganin et al. 2016).
    Dann,
    /// CORAL (Sun et al. 2016): the source features whitened and re-coloured
    /// with the target's covariance (and moved to its mean), then an
    /// ordinary fit.
    Coral,
    /// Importance weighting: source rows weighted by an estimate of
    /// `p_target(x) / p_source(x)` from a domain classifier, clipped.
    Iw,
    /// With labelled target rows: fit on them alone, and on source +
    /// target rows (each population weighing the same in total).
    Target,
}

impl Method {
    /// Every method, in report order.
    pub const ALL: [Method; 5] = [Method::Dan, Method::Dann, Method::Coral, Method::Iw, Method::Target];

    /// The name `--method` takes.
    pub fn name(self) -> &'static str {
        match self {
            Method::Dan => "dan",
            Method::Dann => "dann",
            Method::Coral => "coral",
            Method::Iw => "iw",
            Method::Target => "target",
        }
    }

    /// Parses one name of [`Method::name`] (case-insensitive).
    pub fn parse(text: &str) -> Result<Method, String> {
        let t = text.trim().to_ascii_lowercase();
        Method::ALL.into_iter().find(|m| m.name() == t).ok_or_else(|| {
            format!(
                "unknown transfer method \"{}\"; expected one of {}",
                text.trim(),
                Method::ALL.map(|m| m.name()).join(", ")
            )
        })
    }
}

/// What a transfer run's model is: a source-only baseline or the model of
/// one adaptation [`Method`]. Serialised as its name (`source_only`,
/// `dan`, `dann`, `coral`, `iw`, `target`), which the page and the report
/// files read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelMethod {
    /// Fitted on the labelled source rows alone, without adaptation.
    SourceOnly,
    /// Fitted by this method.
    Adapted(Method),
}

impl ModelMethod {
    /// The name it is serialised as.
    pub fn name(self) -> &'static str {
        match self {
            ModelMethod::SourceOnly => "source_only",
            ModelMethod::Adapted(m) => m.name(),
        }
    }

    /// Whether the model was fitted on labelled target rows (the `target`
    /// method), not adapted without target labels.
    pub fn uses_target_labels(self) -> bool {
        self == ModelMethod::Adapted(Method::Target)
    }
}

impl Serialize for ModelMethod {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// Importance weights of the source rows and how far they are from uniform.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportanceWeights {
    /// One weight per source row, mean 1.
    #[serde(skip)]
    pub weights: Vec<f64>,
    /// Source rows whose raw ratio was above the clip (then set to it).
    pub clipped: usize,
    /// The clip, as a multiple of the mean weight.
    pub clip: f64,
    /// Kish's effective number of rows `(Σw)² / Σw²`: how many equally
    /// weighted rows the weighted fit is worth.
    pub effective_rows: f64,
    /// The domain classifier's ROC-AUC on the rows it was fitted on: 0.5
    /// means the populations look alike to it, near 1 that they barely
    /// overlap (and the weights then rest on few rows).
    pub domain_auc: Option<f64>,
}

/// Density-ratio weights for the source rows: a logistic regression
/// (C = 1, balanced classes, so the odds estimate `p_t(x) / p_s(x)` with
/// equal priors) learns to tell target rows (`xt`) from source rows (`xs`);
/// each source row gets its odds `p/(1 − p)`, normalised to mean 1, clipped
/// at `clip` times the mean (an unclipped ratio lets a handful of rows carry
/// the whole fit), and normalised to mean 1 again.
pub fn importance_weights(
    xs: ArrayView2<f32>,
    xt: ArrayView2<f32>,
    clip: f64,
    monitor: &mut dyn Monitor,
) -> Result<ImportanceWeights, FitError> {
    let (ns, nt) = (xs.nrows(), xt.nrows());
    let mut x = Array2::<f32>::zeros((ns + nt, xs.ncols()));
    x.slice_mut(ndarray::s![..ns, ..]).assign(&xs);
    x.slice_mut(ndarray::s![ns.., ..]).assign(&xt);
    let y: Vec<bool> = (0..ns + nt).map(|r| r >= ns).collect();
    let domain = LogisticParams::scikit_learn()
        .class_weight(ClassWeight::Balanced)
        .check()
        .expect("the default logistic regression with balanced classes is valid")
        .fit(x.view(), &y, None, monitor)?;
    let p = domain.predict_proba(x.view());
    let domain_auc = RankedScores::new(&y, p.as_slice().expect("contiguous"))
        .ok()
        .and_then(|r| r.roc_auc());
    // Odds, with p kept off 0 and 1 so a certain classifier gives a large
    // finite ratio (which the clip then bounds).
    let mut w: Vec<f64> = p
        .iter()
        .take(ns)
        .map(|&q| {
            let q = q.clamp(1e-12, 1.0 - 1e-12);
            q / (1.0 - q)
        })
        .collect();
    normalise(&mut w);
    let clipped = w.iter().filter(|&&v| v > clip).count();
    w.iter_mut().for_each(|v| *v = v.min(clip));
    normalise(&mut w);
    let (s, s2) = w.iter().fold((0.0, 0.0), |(a, b), &v| (a + v, b + v * v));
    Ok(ImportanceWeights {
        weights: w,
        clipped,
        clip,
        effective_rows: if s2 > 0.0 { s * s / s2 } else { 0.0 },
        domain_auc,
    })
}

fn normalise(w: &mut [f64]) {
    let mean = w.iter().sum::<f64>() / w.len().max(1) as f64;
    if mean > 0.0 && mean.is_finite() {
        w.iter_mut().for_each(|v| *v /= mean);
    }
}

/// CORAL: `x_s' = (x_s − μ_s)·C_s^{−1/2}·C_t^{1/2} + μ_t` with `C = cov +
/// eps·I` (Sun, Feng & Saenko 2016, their `λ = 1` is `eps = 1` on
/// standardised features). The paper re-colours without moving the mean;
/// we also move it to the target's, since a shifted mean is the commonest
/// drift in tabular data and re-colouring alone leaves it in place.
pub fn coral(xs: ArrayView2<f32>, xt: ArrayView2<f32>, eps: f64) -> Array2<f32> {
    let d = xs.ncols();
    let (mu_s, cs) = mean_cov(xs, eps);
    let (mu_t, ct) = mean_cov(xt, eps);
    let whiten = sym_power(&cs, d, -0.5);
    let colour = sym_power(&ct, d, 0.5);
    // A = whiten · colour (both symmetric), d × d.
    let mut a = vec![0.0f64; d * d];
    for i in 0..d {
        for k in 0..d {
            let w = whiten[i * d + k];
            if w != 0.0 {
                for j in 0..d {
                    a[i * d + j] += w * colour[k * d + j];
                }
            }
        }
    }
    let mut out = Array2::<f32>::zeros(xs.raw_dim());
    let mut c = vec![0.0f64; d];
    for (r, mut o) in xs.axis_iter(Axis(0)).zip(out.axis_iter_mut(Axis(0))) {
        c.iter_mut()
            .zip(r.iter())
            .zip(&mu_s)
            .for_each(|((ci, &v), m)| *ci = v as f64 - m);
        for j in 0..d {
            let mut s = mu_t[j];
            for k in 0..d {
                s += c[k] * a[k * d + j];
            }
            o[j] = s as f32;
        }
    }
    out
}

/// Column means and the covariance (`n − 1`) plus `eps` on the diagonal.
fn mean_cov(x: ArrayView2<f32>, eps: f64) -> (Vec<f64>, Vec<f64>) {
    let (n, d) = x.dim();
    let mut mean = vec![0.0f64; d];
    for r in x.axis_iter(Axis(0)) {
        mean.iter_mut().zip(r.iter()).for_each(|(m, &v)| *m += v as f64);
    }
    mean.iter_mut().for_each(|m| *m /= n.max(1) as f64);
    let mut cov = vec![0.0f64; d * d];
    let mut c = vec![0.0f64; d];
    for r in x.axis_iter(Axis(0)) {
        c.iter_mut()
            .zip(r.iter())
            .zip(&mean)
            .for_each(|((ci, &v), m)| *ci = v as f64 - m);
        for i in 0..d {
            if c[i] != 0.0 {
                for j in i..d {
                    cov[i * d + j] += c[i] * c[j];
                }
            }
        }
    }
    let den = (n.max(2) - 1) as f64;
    for i in 0..d {
        for j in i..d {
            let v = cov[i * d + j] / den + if i == j { eps } else { 0.0 };
            cov[i * d + j] = v;
            cov[j * d + i] = v;
        }
    }
    (mean, cov)
}

/// `A^p` of a symmetric positive-definite `d × d` matrix through its
/// eigendecomposition. Hand-written (cyclic Jacobi) rather than a linear
/// algebra crate: it is the only decomposition the crate needs, on at most
/// a few hundred columns, and a dependency would add to the wasm size.
pub fn sym_power(a: &[f64], d: usize, p: f64) -> Vec<f64> {
    let (values, vectors) = jacobi_eigen(a, d);
    let mut out = vec![0.0f64; d * d];
    for (k, &l) in values.iter().enumerate() {
        let f = l.max(1e-12).powf(p);
        for i in 0..d {
            let vik = vectors[i * d + k] * f;
            if vik != 0.0 {
                for j in 0..d {
                    out[i * d + j] += vik * vectors[j * d + k];
                }
            }
        }
    }
    out
}

/// Eigenvalues and eigenvectors (columns of the row-major `d × d` result)
/// of a symmetric matrix by cyclic Jacobi rotations, to an off-diagonal
/// norm of 1e-12 of the whole or 100 sweeps.
pub fn jacobi_eigen(a: &[f64], d: usize) -> (Vec<f64>, Vec<f64>) {
    let mut m = a.to_vec();
    let mut v = vec![0.0f64; d * d];
    for i in 0..d {
        v[i * d + i] = 1.0;
    }
    let total: f64 = m.iter().map(|x| x * x).sum::<f64>().max(f64::MIN_POSITIVE);
    for _ in 0..100 {
        let off: f64 = (0..d)
            .flat_map(|i| (0..d).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| m[i * d + j] * m[i * d + j])
            .sum();
        if off <= 1e-24 * total {
            break;
        }
        for p in 0..d {
            for q in p + 1..d {
                let apq = m[p * d + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let (app, aqq) = (m[p * d + p], m[q * d + q]);
                let theta = (aqq - app) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..d {
                    let (mkp, mkq) = (m[k * d + p], m[k * d + q]);
                    m[k * d + p] = c * mkp - s * mkq;
                    m[k * d + q] = s * mkp + c * mkq;
                }
                for k in 0..d {
                    let (mpk, mqk) = (m[p * d + k], m[q * d + k]);
                    m[p * d + k] = c * mpk - s * mqk;
                    m[q * d + k] = s * mpk + c * mqk;
                }
                for k in 0..d {
                    let (vkp, vkq) = (v[k * d + p], v[k * d + q]);
                    v[k * d + p] = c * vkp - s * vkq;
                    v[k * d + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..d).map(|i| m[i * d + i]).collect(), v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2 × 2 check by hand: [[2, 1], [1, 2]] has eigenvalues 1 and 3
    /// (vectors (1, −1)/√2 and (1, 1)/√2), so its square root is
    /// ½·[[√3 + 1, √3 − 1], [√3 − 1, √3 + 1]].
    #[test]
    fn square_root_of_a_2x2_by_hand() {
        let r = sym_power(&[2.0, 1.0, 1.0, 2.0], 2, 0.5);
        let (s3, want) = (3f64.sqrt(), |a: f64| a / 2.0);
        let expect = [want(s3 + 1.0), want(s3 - 1.0), want(s3 - 1.0), want(s3 + 1.0)];
        for (a, b) in r.iter().zip(expect) {
            assert!((a - b).abs() < 1e-12, "{r:?}");
        }
    }

    #[test]
    fn method_names_round_trip_and_unknown_names_are_listed() {
        for m in Method::ALL {
            assert_eq!(Method::parse(&m.name().to_uppercase()), Ok(m));
        }
        let e = Method::parse("tca").unwrap_err();
        assert!(
            e.contains("\"tca\"") && e.contains("dan, dann, coral, iw, target"),
            "{e}"
        );
    }
}
