//! Unit tests of the logistic objective, solvers, checks and errors.

use super::objective::{HessianOut, Objective};
use super::*;
use crate::progress::Silent;
use crate::Rng;
use ndarray::Array2;

/// Seeded data: `n × d` standard normals, labels from a noisy linear rule.
fn toy(n: usize, d: usize, seed: u64) -> (Array2<f32>, Vec<bool>) {
    let mut rng = Rng::new(seed);
    let x = Array2::from_shape_fn((n, d), |_| rng.normal() as f32);
    let y = x
        .outer_iter()
        .map(|r| {
            let z: f64 = r
                .iter()
                .enumerate()
                .map(|(j, v)| f64::from(*v) * (j as f64 - 1.5))
                .sum();
            z + 0.8 * rng.normal() > 0.3
        })
        .collect();
    (x, y)
}

fn fit(p: LogisticParams, x: &Array2<f32>, y: &[bool]) -> FittedLogistic {
    p.check().unwrap().fit(x.view(), y, None, &mut Silent).unwrap()
}

#[test]
fn gradient_and_hessian_match_finite_differences() {
    let (x, y) = toy(200, 5, 1);
    let xs = x.as_slice().unwrap();
    let sw: Vec<f64> = (0..200).map(|i| 0.5 + (i % 3) as f64).collect();
    for fit_intercept in [true, false] {
        let obj = Objective::new(xs, 200, 5, &y, &sw, 0.7, fit_intercept);
        let dim = obj.dim();
        let w: Vec<f64> = (0..dim).map(|j| 0.3 * j as f64 - 0.4).collect();
        let mut g = vec![0.0; dim];
        let mut h = vec![0.0; dim * dim];
        obj.eval(&w, &mut g, Some(&mut HessianOut::new(&mut h, 0.0, 0)));
        let eps = 1e-6;
        for j in 0..dim {
            let (mut wp, mut wm) = (w.clone(), w.clone());
            wp[j] += eps;
            wm[j] -= eps;
            let (mut gp, mut gm) = (vec![0.0; dim], vec![0.0; dim]);
            let fp = obj.eval(&wp, &mut gp, None);
            let fm = obj.eval(&wm, &mut gm, None);
            let fd = (fp - fm) / (2.0 * eps);
            assert!((fd - g[j]).abs() < 1e-8, "grad {j}: fd {fd} vs {}", g[j]);
            for k in 0..dim {
                let fdh = (gp[k] - gm[k]) / (2.0 * eps);
                // The Hessian products are summed in f32 lanes: ~1e-6 relative.
                assert!(
                    (fdh - h[k * dim + j]).abs() < 1e-5,
                    "hess ({k},{j}): fd {fdh} vs {}",
                    h[k * dim + j]
                );
            }
        }
    }
}

#[test]
fn loss_is_finite_for_huge_scores() {
    // z = ±1000: the naive log(1 + exp(z)) overflows; the stable form gives
    // ℓ = 1000 for the wrong side and e^-1000 ≈ 0 for the right side.
    let x = [1000.0f32, -1000.0];
    let y = [false, false];
    let obj = Objective::new(&x, 2, 1, &y, &[1.0, 1.0], 1.0, false);
    let mut g = vec![0.0];
    let f = obj.eval(&[1.0], &mut g, None);
    // f = (1000 + 0) / 2 + ½·(1/(1·2))·1² = 500.25
    assert!((f - 500.25).abs() < 1e-9, "{f}");
    assert!(g[0].is_finite());
}

#[test]
fn separable_data_gives_bounded_finite_coefficients() {
    // y = (x0 > 0) exactly: without a penalty ‖w‖ → ∞. With it, the optimum
    // satisfies ½‖w‖² ≤ C·Σs·ln 2 (the objective at w = 0), so ‖w‖ ≤ √(2·C·n·ln 2).
    let n = 400;
    let mut rng = Rng::new(7);
    let x = Array2::from_shape_fn((n, 3), |_| rng.normal() as f32);
    let y: Vec<bool> = x.column(0).iter().map(|v| *v > 0.0).collect();
    for solver in [Solver::Newton, Solver::Lbfgs] {
        let c = 1e4;
        let m = fit(LogisticParams::default().c(c).solver(solver).max_iter(1000), &x, &y);
        let norm = m.coef.iter().map(|v| v * v).sum::<f64>().sqrt();
        let bound = (2.0 * c * n as f64 * std::f64::consts::LN_2).sqrt();
        assert!(m.coef.iter().all(|v| v.is_finite()) && m.intercept.is_finite());
        assert!(norm <= bound, "{norm} > {bound}");
        assert!(m.coef[0] > 10.0, "{:?}", m.coef);
        let p = m.predict_proba(x.view());
        assert!(p.iter().all(|v| (0.0..=1.0).contains(v)));
    }
}

#[test]
fn newton_and_lbfgs_reach_the_same_optimum() {
    let (x, y) = toy(500, 6, 3);
    for cw in [
        ClassWeight::None,
        ClassWeight::Balanced,
        ClassWeight::Custom {
            negative: 0.3,
            positive: 4.0,
        },
    ] {
        let p = LogisticParams::default().class_weight(cw).tol(1e-10).max_iter(1000);
        let a = fit(p.solver(Solver::Newton), &x, &y);
        let b = fit(p.solver(Solver::Lbfgs), &x, &y);
        assert!(a.converged && b.converged, "{a:?} {b:?}");
        assert!(a.n_iter < 15, "newton took {}", a.n_iter);
        let scale = a.coef.iter().fold(a.intercept.abs(), |m, v| m.max(v.abs()));
        for (u, v) in a.coef.iter().zip(&b.coef).chain([(&a.intercept, &b.intercept)]) {
            assert!((u - v).abs() <= 1e-7 * scale, "{u} vs {v}");
        }
    }
}

#[test]
fn balanced_is_custom_with_n_over_2nc() {
    let (x, y) = toy(300, 4, 5);
    let n_pos = y.iter().filter(|v| **v).count() as f64;
    let n_neg = 300.0 - n_pos;
    let p = LogisticParams::default().tol(1e-10);
    let a = fit(p.class_weight(ClassWeight::Balanced), &x, &y);
    let custom = ClassWeight::Custom {
        negative: 300.0 / (2.0 * n_neg),
        positive: 300.0 / (2.0 * n_pos),
    };
    let b = fit(p.class_weight(custom), &x, &y);
    for (u, v) in a.coef.iter().zip(&b.coef) {
        assert!((u - v).abs() < 1e-9);
    }
    // Scaling every weight by 2 is the same as doubling C.
    let sw = vec![2.0; 300];
    let c = p.check().unwrap().fit(x.view(), &y, Some(&sw), &mut Silent).unwrap();
    let d = fit(p.c(2.0), &x, &y);
    for (u, v) in c.coef.iter().zip(&d.coef) {
        assert!((u - v).abs() < 1e-9);
    }
}

#[test]
fn zero_weight_rows_are_ignored() {
    let (x, y) = toy(300, 3, 9);
    let sw: Vec<f64> = (0..300).map(|i| if i < 200 { 1.0 } else { 0.0 }).collect();
    let p = LogisticParams::default().tol(1e-10).check().unwrap();
    let a = p.fit(x.view(), &y, Some(&sw), &mut Silent).unwrap();
    let b = p
        .fit(x.slice(ndarray::s![..200, ..]), &y[..200], None, &mut Silent)
        .unwrap();
    for (u, v) in a.coef.iter().zip(&b.coef) {
        assert!((u - v).abs() < 1e-9);
    }
}

#[test]
fn column_major_input_gives_the_same_fit() {
    let (x, y) = toy(100, 4, 11);
    let xt = x.t().to_owned();
    let p = LogisticParams::default().tol(1e-10);
    let a = fit(p, &x, &y);
    let b = p.check().unwrap().fit(xt.t(), &y, None, &mut Silent).unwrap();
    assert_eq!(a.coef, b.coef);
    assert_eq!(a.decision_function(x.view()), b.decision_function(xt.t()));
}

#[test]
fn predictions_are_probabilities() {
    let (x, y) = toy(300, 4, 13);
    let m = fit(LogisticParams::default(), &x, &y);
    let p = m.predict_proba(x.view());
    assert_eq!(p.len(), 300);
    assert!(p.iter().all(|v| *v > 0.0 && *v < 1.0));
    let z = m.decision_function(x.view());
    for (pi, zi) in p.iter().zip(&z) {
        assert!((pi - 1.0 / (1.0 + (-zi).exp())).abs() < 1e-15);
    }
    // Wrong width: NaN, not a panic.
    let bad = Array2::<f32>::zeros((2, 3));
    assert!(m.predict_proba(bad.view()).iter().all(|v| v.is_nan()));
}

#[test]
fn cancel_is_honoured() {
    let (x, y) = toy(200, 3, 15);
    for solver in [Solver::Newton, Solver::Lbfgs] {
        let p = LogisticParams::scikit_learn().tol(0.0).solver(solver).check().unwrap();
        let mut calls = 0;
        let mut seen = Vec::new();
        let mut monitor = |pr: &Progress| {
            calls += 1;
            seen.push((pr.stage, pr.fraction, pr.message.clone()));
            // The same as data, for a live chart: iteration `calls - 1` of
            // at most 100 (scikit-learn's max_iter), with its objective.
            assert_eq!(
                (pr.unit, pr.step, pr.of, pr.at_most),
                (Some("iteration"), Some(calls - 1), Some(100), true)
            );
            assert!(pr.loss.is_some_and(|l| l.is_finite() && l > 0.0));
            calls < 2
        };
        let r = p.fit(x.view(), &y, None, &mut monitor);
        assert!(matches!(r, Err(FitError::Cancelled(_))), "{r:?}");
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].0, "fit");
        assert_eq!(seen[0].1, 0.0);
        // fraction = iteration / max_iter = 1 / 100
        assert_eq!(seen[1].1, 0.01);
        assert!(seen[1].2.starts_with("iteration 1 · loss "), "{}", seen[1].2);
    }
}

#[test]
fn rejects_bad_params() {
    let d = LogisticParams::default;
    assert!(matches!(d().c(-1.0).check(), Err(ParamError::C(_))));
    assert!(matches!(d().c(0.0).check(), Err(ParamError::C(_))));
    assert!(matches!(d().c(f64::NAN).check(), Err(ParamError::C(_))));
    assert!(matches!(d().c(f64::INFINITY).check(), Err(ParamError::C(_))));
    assert!(matches!(d().tol(-1e-3).check(), Err(ParamError::Tol(_))));
    assert!(matches!(d().max_iter(0).check(), Err(ParamError::MaxIter(0))));
    let cw = ClassWeight::Custom {
        negative: 1.0,
        positive: 0.0,
    };
    assert!(matches!(
        d().class_weight(cw).check(),
        Err(ParamError::ClassWeight { class: "positive", .. })
    ));
    assert!(d().tol(0.0).check().is_ok());
    assert_eq!(
        d().c(-1.0).check().unwrap_err().to_string(),
        "C must be a positive finite number, got -1"
    );
}

#[test]
fn rejects_bad_data() {
    let (x, y) = toy(10, 2, 17);
    let p = LogisticParams::default().check().unwrap();
    let fit = |x: &Array2<f32>, y: &[bool], sw: Option<&[f64]>| p.fit(x.view(), y, sw, &mut Silent);
    assert!(matches!(
        fit(&x, &y[..9], None),
        Err(FitError::RowMismatch { x_rows: 10, y_len: 9 })
    ));
    assert!(matches!(fit(&Array2::zeros((0, 2)), &[], None), Err(FitError::NoRows)));
    let mut xn = x.clone();
    xn[[4, 1]] = f32::NAN;
    assert!(matches!(
        fit(&xn, &y, None),
        Err(FitError::NonFinite { row: 4, column: 1, .. })
    ));
    xn[[4, 1]] = f32::INFINITY;
    assert!(matches!(
        fit(&xn, &y, None),
        Err(FitError::NonFinite { row: 4, column: 1, .. })
    ));
    let neg = vec![false; 10];
    let r = fit(&x, &neg, None);
    assert!(matches!(r, Err(FitError::OneClass { present: "negative" })));
    assert_eq!(
        r.unwrap_err().to_string(),
        "y has only negative rows; logistic regression needs both classes"
    );
    assert!(matches!(
        fit(&x, &[true; 10], None),
        Err(FitError::OneClass { present: "positive" })
    ));
    assert!(matches!(
        fit(&x, &y, Some(&[1.0; 3])),
        Err(FitError::SampleWeightLength { found: 3, expected: 10 })
    ));
    let mut sw = vec![1.0; 10];
    sw[2] = -1.0;
    assert!(matches!(
        fit(&x, &y, Some(&sw)),
        Err(FitError::BadSampleWeight { row: 2, .. })
    ));
    let sw: Vec<f64> = y.iter().map(|&v| if v { 0.0 } else { 1.0 }).collect();
    assert!(matches!(
        fit(&x, &y, Some(&sw)),
        Err(FitError::ZeroClassWeight { class: "positive" })
    ));
}

#[test]
fn params_round_trip_through_json_and_are_checked() {
    let v = LogisticParams::default()
        .c(0.25)
        .class_weight(ClassWeight::Custom {
            negative: 1.0,
            positive: 9.0,
        })
        .solver(Solver::Lbfgs)
        .check()
        .unwrap();
    let s = serde_json::to_string(&v).unwrap();
    assert!(
        s.contains(r#""class_weight":{"custom":{"negative":1.0,"positive":9.0}}"#),
        "{s}"
    );
    assert_eq!(serde_json::from_str::<ValidLogistic>(&s).unwrap(), v);
    assert!(serde_json::from_str::<ValidLogistic>(r#"{"c": -1}"#).is_err());
    let partial: ValidLogistic = serde_json::from_str(r#"{"class_weight": "balanced"}"#).unwrap();
    assert_eq!(partial.class_weight(), ClassWeight::Balanced);
    assert_eq!(partial.c(), 1.0);
}

#[test]
fn fitted_model_is_send_sync_and_serialisable() {
    fn assert_traits<T: Send + Sync + Unpin>() {}
    assert_traits::<FittedLogistic>();
    assert_traits::<ValidLogistic>();
    let (x, y) = toy(50, 2, 19);
    let m = fit(LogisticParams::default(), &x, &y);
    let back: FittedLogistic = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
    // serde_json parses floats to within 1 ulp, not always exactly.
    for (u, v) in back.coef.iter().zip(&m.coef) {
        assert!((u - v).abs() <= 1e-15 * v.abs());
    }
    assert_eq!(
        (back.n_iter, back.converged, back.solver),
        (m.n_iter, m.converged, m.solver)
    );
}

#[test]
fn sampled_hessian_is_close_to_exact_and_unbiased() {
    let (n, d) = (20_000, 4);
    let (x, y) = toy(n, d, 21);
    let xs = x.as_slice().unwrap();
    let mut obj = Objective::new(xs, n, d, &y, &vec![1.0; n], 1.0, true);
    obj.prepare_sampling();
    let dim = obj.dim();
    let w = vec![0.5, -0.3, 0.2, 0.1, -0.4];
    let mut g = vec![0.0; dim];
    let mut exact = vec![0.0; dim * dim];
    let mut ho = HessianOut::new(&mut exact, 0.0, 0);
    obj.eval(&w, &mut g, Some(&mut ho));
    let (trace, rows) = (ho.trace, ho.rows);
    assert_eq!(rows, n);
    // Aim for ~1000 rows: each sample is within a few percent, and the mean
    // of many seeds converges to the exact Hessian.
    let mut mean = vec![0.0; dim * dim];
    let seeds = 200;
    let scale = (0..dim).map(|j| exact[j * dim + j]).fold(0.0, f64::max);
    for seed in 0..seeds {
        let mut h = vec![0.0; dim * dim];
        let mut ho = HessianOut::new(&mut h, trace / 1000.0, seed);
        obj.eval(&w, &mut g, Some(&mut ho));
        assert!(ho.rows < 2000, "{} rows", ho.rows);
        for (k, (m, v)) in mean.iter_mut().zip(&h).enumerate() {
            assert!((v - exact[k]).abs() < 0.2 * scale);
            *m += v / seeds as f64;
        }
    }
    for (m, e) in mean.iter().zip(&exact) {
        assert!((m - e).abs() < 0.01 * scale, "{m} vs {e}");
    }
}

#[test]
fn sampled_newton_reaches_the_exact_optimum() {
    // 30 000 rows, 3 features: Newton starts with a sampled Hessian.
    let (x, y0) = toy(30_000, 3, 23);
    // A rare positive class (~2 %), as in fraud data.
    let z: Vec<f64> = x.outer_iter().map(|r| f64::from(r[0]) + f64::from(r[1])).collect();
    let y: Vec<bool> = z.iter().zip(&y0).map(|(z, _)| *z > 2.9).collect();
    for cw in [ClassWeight::None, ClassWeight::Balanced] {
        let p = LogisticParams::default().class_weight(cw).tol(1e-10).max_iter(1000);
        let a = fit(p.solver(Solver::Newton), &x, &y);
        let b = fit(p.solver(Solver::Lbfgs), &x, &y);
        assert!(a.converged && b.converged && a.gradient_max <= 1e-10);
        assert!(a.n_iter < 30, "{}", a.n_iter);
        let scale = a.coef.iter().fold(a.intercept.abs(), |m, v| m.max(v.abs()));
        for (u, v) in a.coef.iter().zip(&b.coef).chain([(&a.intercept, &b.intercept)]) {
            assert!((u - v).abs() <= 1e-6 * scale, "{u} vs {v}");
        }
    }
}

#[test]
fn auto_solver_follows_the_documented_rule() {
    // Breast cancer (569 × 30): small, Newton.
    assert_eq!(auto_solver(569, 31), Solver::Newton);
    // Credit card (182 276 × 29 + intercept): sampled Hessian, Newton.
    assert_eq!(auto_solver(182_276, 30), Solver::Newton);
    // 20 000 × 30: exact Hessian too dear next to a gradient pass.
    assert_eq!(auto_solver(20_000, 31), Solver::Lbfgs);
    // Wide data.
    assert_eq!(auto_solver(50_000, 251), Solver::Lbfgs);
}

#[test]
fn intercept_only_model_is_the_weighted_log_odds() {
    // No features: b* = ln(Σ s_pos / Σ s_neg), unpenalised. 3 positives and
    // 7 negatives → b = ln(3/7); positives weighted 2 → ln(6/7).
    let x = Array2::<f32>::zeros((10, 0));
    let y: Vec<bool> = (0..10).map(|i| i < 3).collect();
    let p = LogisticParams::default().tol(1e-12);
    let m = fit(p, &x, &y);
    assert!((m.intercept - (3.0f64 / 7.0).ln()).abs() < 1e-10, "{}", m.intercept);
    let cw = ClassWeight::Custom {
        negative: 1.0,
        positive: 2.0,
    };
    let m = fit(p.class_weight(cw), &x, &y);
    assert!((m.intercept - (6.0f64 / 7.0).ln()).abs() < 1e-10);
    let m = fit(p.class_weight(cw).solver(Solver::Lbfgs), &x, &y);
    assert!((m.intercept - (6.0f64 / 7.0).ln()).abs() < 1e-10);
    // Nothing to fit at all: converged at once.
    let m = fit(p.fit_intercept(false), &x, &y);
    assert!(m.converged && m.n_iter == 0 && m.intercept == 0.0);
    assert_eq!(m.predict_proba(x.view()).to_vec(), vec![0.5; 10]);
}

#[test]
fn default_params_json_is_as_documented() {
    let v = LogisticParams::default()
        .class_weight(ClassWeight::Balanced)
        .check()
        .unwrap();
    assert_eq!(
        serde_json::to_string(&v).unwrap(),
        r#"{"c":1.0,"class_weight":"balanced","tol":1e-6,"max_iter":1000,"fit_intercept":true,"solver":"auto"}"#
    );
    // scikit-learn's own stop, for the models that stand for its default estimator.
    let sk = LogisticParams::scikit_learn().check().unwrap();
    assert_eq!((sk.tol(), sk.max_iter()), (1e-4, 100));
}

#[test]
fn newton_on_very_wide_data_falls_back_to_lbfgs() {
    // 2100 features + intercept > NEWTON_MAX_DIM.
    let (x, y) = toy(20, 2100, 41);
    let m = fit(LogisticParams::default().solver(Solver::Newton), &x, &y);
    assert_eq!(m.solver, Solver::Lbfgs);
    assert!(m.coef.iter().all(|v| v.is_finite()));
}
