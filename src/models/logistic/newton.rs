//! Damped Newton's method on the logistic objective: the exact Hessian
//! (built in the same pass over rows as the gradient), a Cholesky solve and
//! a backtracking line search. Knows nothing of parameters or data checks.

use super::objective::{HessianOut, Objective};
use super::{report, Outcome};
use crate::models::linalg::{cholesky, cholesky_solve};
use crate::progress::{Cancelled, Monitor};

/// Armijo constant of the backtracking search.
const ARMIJO: f64 = 1e-4;
/// Halvings tried before the step is given up.
const MAX_HALVINGS: usize = 40;

/// Rows a sampled Hessian aims for: `max(MIN_SAMPLE, SAMPLE_PER_ENTRY·dim²)`;
/// its relative error is then ~1/√rows, a few percent at most.
const SAMPLE_PER_ENTRY: usize = 8;
const MIN_SAMPLE: usize = 2000;
/// A step with a sampled Hessian that shrinks `max|g|` by less than this
/// factor switches the rest of the fit to the exact Hessian.
const SLOW_RATIO: f64 = 0.5;

/// Rows a sampled Hessian aims for with `dim` unknowns.
pub(crate) fn sample_rows(dim: usize) -> usize {
    (SAMPLE_PER_ENTRY * dim * dim).max(MIN_SAMPLE)
}

/// Whether Newton starts with a sampled Hessian on `n` rows: only when it
/// reads well under half of them.
pub(crate) fn samples_hessian(n: usize, dim: usize) -> bool {
    n > 3 * sample_rows(dim)
}

/// Minimises `obj` from `w` until `max|∇f| ≤ tol` or `max_iter` steps.
///
/// The gradient is always exact. On many rows (`n > 3·sample`) the Hessian
/// starts importance-sampled ([`HessianOut`]): with a few percent error a
/// Newton step still shrinks the gradient almost as much, at a fraction of
/// the O(n·d²) cost. Once a sampled step makes little progress, the exact
/// Hessian takes over for quadratic convergence to the end.
pub(crate) fn solve(
    obj: &mut Objective,
    mut w: Vec<f64>,
    tol: f64,
    max_iter: usize,
    monitor: &mut dyn Monitor,
) -> Result<Outcome, Cancelled> {
    let dim = obj.dim();
    let sample = sample_rows(dim);
    let mut exact = !samples_hessian(obj.rows(), dim);
    if !exact {
        obj.prepare_sampling();
    }
    let obj = &*obj;
    let mut trace = obj.trace_at_zero();
    let threshold = |exact: bool, trace: f64| if exact { 0.0 } else { trace / sample as f64 };
    let mut grad = vec![0.0; dim];
    let mut hess = vec![0.0; dim * dim];
    let mut seed = 0u64;
    let mut hout = HessianOut::new(&mut hess, threshold(exact, trace), seed);
    let mut f = obj.eval(&w, &mut grad, Some(&mut hout));
    trace = hout.trace;
    let mut hess_sampled = !exact;
    let mut have_hess = true;
    let mut trial_w = vec![0.0; dim];
    let mut trial_g = vec![0.0; dim];
    let mut trial_h = vec![0.0; dim * dim];
    let mut step = vec![0.0; dim];
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
        if !have_hess {
            seed += 1;
            let mut hout = HessianOut::new(&mut hess, threshold(exact, trace), seed);
            f = obj.eval(&w, &mut grad, Some(&mut hout));
            trace = hout.trace;
            hess_sampled = !exact;
        }
        newton_step(&hess, &grad, dim, &mut step);
        let slope: f64 = grad.iter().zip(&step).map(|(g, p)| g * p).sum();
        // Near the optimum f changes by less than its rounding error; then
        // a step that does not raise f beyond that noise and shrinks the
        // gradient is still progress.
        let noise = 64.0 * f64::EPSILON * f.abs().max(1e-300);
        let mut t = 1.0;
        let mut accepted = false;
        let step_sampled = hess_sampled;
        for _ in 0..MAX_HALVINGS {
            for ((tw, wi), pi) in trial_w.iter_mut().zip(&w).zip(&step) {
                *tw = wi + t * pi;
            }
            // The first trial usually becomes the next iterate, so it
            // builds the next Hessian in the same pass.
            let with_h = t == 1.0;
            seed += 1;
            let mut hout = HessianOut::new(&mut trial_h, threshold(exact, trace), seed);
            let ft = obj.eval(&trial_w, &mut trial_g, with_h.then_some(&mut hout));
            let trial_trace = hout.trace;
            let armijo = ft <= f + ARMIJO * t * slope;
            let flat = ft <= f + noise && max_abs(&trial_g) < gmax;
            if ft.is_finite() && (armijo || flat) {
                std::mem::swap(&mut w, &mut trial_w);
                std::mem::swap(&mut grad, &mut trial_g);
                if with_h {
                    std::mem::swap(&mut hess, &mut trial_h);
                    trace = trial_trace;
                    hess_sampled = !exact;
                }
                have_hess = with_h;
                f = ft;
                accepted = true;
                break;
            }
            t *= 0.5;
        }
        if !accepted {
            if !exact {
                // Perhaps the sampled Hessian misled the step: retry exactly.
                exact = true;
                have_hess = false;
                continue;
            }
            // No step makes progress at double precision: this is as close
            // as the objective can be resolved.
            return Ok(Outcome {
                w,
                n_iter,
                converged: gmax <= tol,
                loss: f,
                grad_max: gmax,
            });
        }
        if step_sampled && t == 1.0 && max_abs(&grad) > SLOW_RATIO * gmax {
            exact = true;
            if hess_sampled {
                have_hess = false;
            }
        }
        n_iter += 1;
    }
}

/// `step = −H⁻¹·g`; if `H` is not numerically positive definite (all rows
/// saturated), a growing multiple of the identity is added.
fn newton_step(hess: &[f64], grad: &[f64], dim: usize, step: &mut [f64]) {
    let scale = (0..dim).map(|j| hess[j * dim + j]).fold(0.0f64, f64::max).max(1e-300);
    let mut shift = 0.0;
    let mut l = hess.to_vec();
    loop {
        l.copy_from_slice(hess);
        for j in 0..dim {
            l[j * dim + j] += shift;
        }
        if cholesky(&mut l, dim) {
            break;
        }
        shift = if shift == 0.0 { 1e-12 * scale } else { shift * 10.0 };
        if !shift.is_finite() || shift > 1e12 * scale {
            // Fall back to steepest descent; the line search scales it.
            for (p, g) in step.iter_mut().zip(grad) {
                *p = -g;
            }
            return;
        }
    }
    for (p, g) in step.iter_mut().zip(grad) {
        *p = -g;
    }
    cholesky_solve(&l, dim, step);
}

pub(crate) fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0f64, |m, x| m.max(x.abs()))
}
