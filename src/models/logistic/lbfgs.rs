//! L-BFGS with a strong-Wolfe line search (Nocedal & Wright, Algorithms 3.5
//! and 3.6, cubic interpolation in the zoom) for when the Hessian is too big
//! to build. Knows nothing of parameters or data checks.

use super::newton::max_abs;
use super::objective::Objective;
use super::{report, Outcome};
use crate::progress::{Cancelled, Monitor};
use std::collections::VecDeque;

/// Correction pairs kept (SciPy's `maxcor` default).
const MEMORY: usize = 10;
/// Sufficient-decrease and curvature constants.
const C1: f64 = 1e-4;
const C2: f64 = 0.9;
/// Function evaluations per line search (scikit-learn passes `maxls=50`).
const MAX_LS: usize = 50;

struct Point {
    alpha: f64,
    f: f64,
    /// Directional derivative `∇f(w + α·p)ᵀp`.
    d: f64,
    grad: Vec<f64>,
}

/// Minimises `obj` from `w` until `max|∇f| ≤ tol` or `max_iter` iterations.
pub(crate) fn solve(
    obj: &Objective,
    mut w: Vec<f64>,
    tol: f64,
    max_iter: usize,
    monitor: &mut dyn Monitor,
) -> Result<Outcome, Cancelled> {
    let dim = obj.dim();
    let mut grad = vec![0.0; dim];
    let mut f = obj.eval(&w, &mut grad, None);
    let mut pairs: VecDeque<(Vec<f64>, Vec<f64>, f64)> = VecDeque::with_capacity(MEMORY);
    let mut dir = vec![0.0; dim];
    let mut n_iter = 0;
    loop {
        let gmax = max_abs(&grad);
        report(monitor, n_iter, max_iter, f)?;
        if gmax <= tol || n_iter >= max_iter {
            return Ok(Outcome {
                w,
                n_iter,
                converged: gmax <= tol,
                loss: f,
                grad_max: gmax,
            });
        }
        two_loop(&grad, &pairs, &mut dir);
        let mut d0: f64 = grad.iter().zip(&dir).map(|(g, p)| g * p).sum();
        if d0.is_nan() || d0 >= 0.0 {
            // Not a descent direction (rounding): restart from the gradient.
            pairs.clear();
            two_loop(&grad, &pairs, &mut dir);
            d0 = grad.iter().zip(&dir).map(|(g, p)| g * p).sum();
        }
        let alpha0 = if pairs.is_empty() {
            (1.0 / norm(&grad)).min(1.0)
        } else {
            1.0
        };
        let Some(p) = line_search(obj, &w, f, d0, &dir, alpha0) else {
            return Ok(Outcome {
                w,
                n_iter,
                converged: gmax <= tol,
                loss: f,
                grad_max: gmax,
            });
        };
        let s: Vec<f64> = dir.iter().map(|v| p.alpha * v).collect();
        let yv: Vec<f64> = p.grad.iter().zip(&grad).map(|(a, b)| a - b).collect();
        let sy: f64 = s.iter().zip(&yv).map(|(a, b)| a * b).sum();
        for (wi, si) in w.iter_mut().zip(&s) {
            *wi += si;
        }
        grad = p.grad;
        f = p.f;
        if sy > 1e-300 {
            if pairs.len() == MEMORY {
                pairs.pop_front();
            }
            pairs.push_back((s, yv, 1.0 / sy));
        }
        n_iter += 1;
    }
}

/// `dir = −H·g` with the L-BFGS inverse-Hessian approximation.
fn two_loop(grad: &[f64], pairs: &VecDeque<(Vec<f64>, Vec<f64>, f64)>, dir: &mut [f64]) {
    for (q, g) in dir.iter_mut().zip(grad) {
        *q = -g;
    }
    let mut alphas = [0.0; MEMORY];
    for (k, (s, y, rho)) in pairs.iter().enumerate().rev() {
        let a = rho * dot(s, dir);
        alphas[k] = a;
        for (q, yi) in dir.iter_mut().zip(y) {
            *q -= a * yi;
        }
    }
    if let Some((s, y, _)) = pairs.back() {
        let gamma = dot(s, y) / dot(y, y);
        dir.iter_mut().for_each(|q| *q *= gamma);
    }
    for (k, (s, y, rho)) in pairs.iter().enumerate() {
        let b = rho * dot(y, dir);
        for (q, si) in dir.iter_mut().zip(s) {
            *q += (alphas[k] - b) * si;
        }
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

/// Strong-Wolfe line search along `dir` from `w` (value `f0`, slope `d0`).
/// Near the optimum, where `f` differences drown in rounding, the
/// approximate Wolfe test of Hager & Zhang (2005) also accepts a point.
fn line_search(obj: &Objective, w: &[f64], f0: f64, d0: f64, dir: &[f64], alpha0: f64) -> Option<Point> {
    let noise = 1e-12 * f0.abs();
    let mut trial = vec![0.0; w.len()];
    let mut eval = |alpha: f64| -> Point {
        for ((t, wi), pi) in trial.iter_mut().zip(w).zip(dir) {
            *t = wi + alpha * pi;
        }
        let mut grad = vec![0.0; w.len()];
        let f = obj.eval(&trial, &mut grad, None);
        let d = dot(&grad, dir);
        Point { alpha, f, d, grad }
    };
    let armijo = |p: &Point| {
        p.f <= f0 + C1 * p.alpha * d0 || (p.f <= f0 + noise && p.d <= (2.0 * C1 - 1.0) * d0 && p.d >= C2 * d0)
    };
    let curvature = |p: &Point| p.d.abs() <= -C2 * d0;
    // "p is no lower than q": by value where values differ by more than
    // rounding, else by the slope (p past the minimum along the line).
    let not_lower = |p: &Point, q: &Point| {
        if (p.f - q.f).abs() <= noise {
            p.d >= 0.0
        } else {
            p.f >= q.f
        }
    };
    let start = Point {
        alpha: 0.0,
        f: f0,
        d: d0,
        grad: Vec::new(),
    };
    let mut prev = start;
    let mut alpha = alpha0;
    let mut evals = 0;
    let (mut lo, mut hi);
    loop {
        let p = eval(alpha);
        evals += 1;
        if !p.f.is_finite() {
            // Overshot into overflow: shrink and retry.
            alpha *= 0.1;
            if evals >= MAX_LS {
                return None;
            }
            continue;
        }
        if !armijo(&p) || (evals > 1 && not_lower(&p, &prev)) {
            lo = prev;
            hi = p;
            break;
        }
        if curvature(&p) {
            return Some(p);
        }
        if p.d >= 0.0 {
            lo = p;
            hi = prev;
            break;
        }
        if evals >= MAX_LS {
            return Some(p);
        }
        alpha = p.alpha * 2.0;
        prev = p;
    }
    // Zoom: keep `lo` the best point satisfying sufficient decrease.
    while evals < MAX_LS {
        let a = cubic_min(&lo, &hi);
        let p = eval(a);
        evals += 1;
        if !p.f.is_finite() || !armijo(&p) || not_lower(&p, &lo) {
            hi = p;
        } else {
            if curvature(&p) {
                return Some(p);
            }
            if p.d * (hi.alpha - lo.alpha) >= 0.0 {
                hi = lo;
            }
            lo = p;
        }
        if (hi.alpha - lo.alpha).abs() <= 1e-16 * lo.alpha.abs().max(1.0) {
            break;
        }
    }
    (lo.alpha > 0.0).then_some(lo)
}

/// Minimiser of the cubic through two points with values and slopes,
/// kept at least 10 % of the bracket away from its ends (else bisection).
fn cubic_min(a: &Point, b: &Point) -> f64 {
    let (lo, hi) = if a.alpha < b.alpha { (a, b) } else { (b, a) };
    let width = hi.alpha - lo.alpha;
    let d1 = lo.d + hi.d - 3.0 * (lo.f - hi.f) / (lo.alpha - hi.alpha);
    let disc = d1 * d1 - lo.d * hi.d;
    let mid = 0.5 * (lo.alpha + hi.alpha);
    if disc.is_nan() || disc < 0.0 {
        return mid;
    }
    let d2 = disc.sqrt();
    let x = hi.alpha - width * (hi.d + d2 - d1) / (hi.d - lo.d + 2.0 * d2);
    if x.is_finite() && x >= lo.alpha + 0.1 * width && x <= hi.alpha - 0.1 * width {
        x
    } else {
        mid
    }
}
