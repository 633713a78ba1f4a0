//! The DAN (transfer mode) end to end: the λ schedule against hand values,
//! the objective's gradient against finite differences, determinism, early
//! stopping keeping the best weights, MMD reduction on a shifted synthetic
//! population, parameter errors, and the `transfer` command's output and
//! errors.

use ndarray::Array2;
use rareclass::metrics::RankedScores;
use rareclass::models::dan::{lambda, DanFitError, DanNet, DanParamError, DanParams, FittedDan, MmdLayers};
use rareclass::models::logistic::ClassWeight;
use rareclass::models::Classifier;
use rareclass::nn::mmd::{mk_mmd, Bandwidth, MmdParams};
use rareclass::nn::Activation;
use rareclass::progress::{Progress, Silent};
use rareclass::rng::Rng;

use crate::common::{data_path, rareclass, stderr, stdout, TempDir};

/// Rows of 6 standard-normal features, the last four shifted by `shift`;
/// positive when `x0 + 0.5·x1 + 0.5·noise > 1.2` (about 15 % positive).
/// The shift is in features the label does not depend on, so a source
/// model can transfer once its features ignore them.
fn population(n: usize, shift: [f32; 4], seed: u64) -> (Array2<f32>, Vec<bool>) {
    let mut rng = Rng::new(seed);
    let mut x = Array2::<f32>::zeros((n, 6));
    let mut y = Vec::with_capacity(n);
    for mut r in x.rows_mut() {
        for (j, v) in r.iter_mut().enumerate() {
            *v = rng.normal() as f32 + if j >= 2 { shift[j - 2] } else { 0.0 };
        }
        y.push(r[0] + 0.5 * r[1] + 0.5 * rng.normal() as f32 > 1.2);
    }
    (x, y)
}

const SHIFT: [f32; 4] = [2.0, -2.0, 1.5, 0.0];

fn small() -> DanParams {
    DanParams {
        hidden: vec![16, 8],
        batch_size: 128,
        max_steps: 300,
        lambda_steps: Some(100),
        learning_rate: 0.01,
        ..DanParams::default()
    }
}

fn auc(model: &FittedDan, x: &Array2<f32>, y: &[bool]) -> f64 {
    let p = model.predict_proba(x.view());
    RankedScores::new(y, p.as_slice().unwrap()).unwrap().roc_auc().unwrap()
}

#[test]
fn lambda_schedule_matches_hand_values() {
    // 2/(1 + e^(−x)) − 1 = tanh(x/2), so λ(t) = tanh(5t/T):
    // tanh(0) = 0, tanh(0.25) = 0.2449186624, tanh(0.5) = 0.4621171573,
    // tanh(2.5) = 0.9866142982, tanh(5) = 0.9999092043.
    let cases = [
        (0, 0.0),
        (50, 0.2449186624),
        (100, 0.4621171573),
        (500, 0.9866142982),
        (1000, 0.9999092043),
    ];
    for (t, want) in cases {
        assert!((lambda(t, 1000) - want).abs() < 1e-9, "λ({t}) = {}", lambda(t, 1000));
    }
    // The horizon scales time: step 10 of 20 is step 500 of 1000.
    assert!((lambda(10, 20) - 0.9866142982).abs() < 1e-9);
    assert!(lambda(1_000_000, 1000) <= 1.0);
}

/// The total loss `BCE_w + c·Σ_l MMD_l` for the net as it is.
#[allow(clippy::too_many_arguments)]
fn total(net: &mut DanNet, xs: &[f32], ys: &[bool], w: &[f32], xt: &[f32], coef: f64, mmd: &MmdParams) -> f64 {
    net.loss_and_grad(xs, ys, Some(w), xt, coef, mmd, MmdLayers::All, &mut None)
        .unwrap()
        .total
}

#[test]
fn objective_gradient_matches_finite_differences() {
    let params = DanParams {
        hidden: vec![4, 3],
        activation: Activation::Sigmoid,
        ..DanParams::default()
    };
    let mut rng = Rng::new(5);
    let mut net = DanNet::new(3, &params, &mut rng);
    // Larger weights than Glorot's so the sigmoid features spread and the
    // MMD term has a sizeable gradient.
    for l in &mut net.layers {
        l.layers[0].w.iter_mut().for_each(|w| *w *= 3.0);
        l.layers[0].b.iter_mut().for_each(|b| *b = rng.normal() as f32 * 0.5);
    }
    let xs: Vec<f32> = (0..5 * 3).map(|_| rng.normal() as f32).collect();
    let xt: Vec<f32> = (0..4 * 3).map(|_| rng.normal() as f32 + 1.0).collect();
    let ys = [true, false, false, true, false];
    let w = [2.0, 0.5, 0.5, 2.0, 0.5];
    // A fixed bandwidth: with the automatic one the analytic gradient holds
    // the bandwidth constant and a finite difference would not.
    let mmd = MmdParams {
        bandwidth: Bandwidth::Fixed(0.5),
        ..MmdParams::default()
    };
    let coef = 0.8;
    let base = net
        .loss_and_grad(&xs, &ys, Some(&w), &xt, coef, &mmd, MmdLayers::All, &mut None)
        .unwrap();
    assert!(base.mmd > 1e-3, "the MMD term must matter: {}", base.mmd);
    let mut analytic = Vec::new();
    for l in &net.layers {
        analytic.push((l.layers[0].grad_w.clone(), l.layers[0].grad_b.clone()));
    }
    let head = (net.head.layers[0].grad_w.clone(), net.head.layers[0].grad_b.clone());
    let eps = 3e-3f32;
    let mut checked = 0;
    let mut check = |net: &mut DanNet, which: Option<usize>, bias: bool, k: usize, g: f32| {
        let set = |net: &mut DanNet, delta: f32| {
            let layer = match which {
                Some(i) => &mut net.layers[i].layers[0],
                None => &mut net.head.layers[0],
            };
            if bias {
                layer.b[k] += delta;
            } else {
                layer.w[k] += delta;
            }
        };
        set(net, eps);
        let up = total(net, &xs, &ys, &w, &xt, coef, &mmd);
        set(net, -2.0 * eps);
        let down = total(net, &xs, &ys, &w, &xt, coef, &mmd);
        set(net, eps);
        let fd = (up - down) / (2.0 * eps as f64);
        assert!(
            (fd - g as f64).abs() <= 2e-4 + 2e-2 * fd.abs(),
            "layer {which:?} bias {bias} #{k}: finite difference {fd}, analytic {g}"
        );
        checked += 1;
    };
    for (i, (gw, gb)) in analytic.iter().enumerate() {
        for (k, &g) in gw.iter().enumerate() {
            check(&mut net, Some(i), false, k, g);
        }
        for (k, &g) in gb.iter().enumerate() {
            check(&mut net, Some(i), true, k, g);
        }
    }
    for (k, &g) in head.0.iter().enumerate() {
        check(&mut net, None, false, k, g);
    }
    check(&mut net, None, true, 0, head.1[0]);
    assert_eq!(checked, (3 * 4 + 4) + (4 * 3 + 3) + 3 + 1);
}

#[test]
fn same_seed_same_model_and_history() {
    let (xs, ys) = population(600, [0.0; 4], 1);
    let (xt, _) = population(400, SHIFT, 2);
    let (xv, yv) = population(300, SHIFT, 3);
    let p = DanParams {
        max_steps: 40,
        ..small()
    }
    .check()
    .unwrap();
    let fit = |seed| {
        p.fit(
            xs.view(),
            &ys,
            xt.view(),
            Some((xv.view(), &yv)),
            &mut Rng::new(seed),
            &mut Silent,
        )
        .unwrap()
    };
    let (a, b, c) = (fit(9), fit(9), fit(10));
    assert_eq!(a, b);
    assert_ne!(a.features, c.features);
    assert_eq!(a.history.steps.len(), 40.min(a.history.steps.len()));
}

#[test]
fn early_stopping_keeps_the_best_weights() {
    let (xs, ys) = population(800, [0.0; 4], 11);
    let (xt, _) = population(500, SHIFT, 12);
    let (xv, yv) = population(300, SHIFT, 13);
    let params = DanParams {
        validate_every: 1,
        patience: 5,
        max_steps: 400,
        learning_rate: 0.05,
        ..small()
    };
    let fit = |restore_best: bool| {
        DanParams {
            restore_best,
            ..params.clone()
        }
        .check()
        .unwrap()
        .fit(
            xs.view(),
            &ys,
            xt.view(),
            Some((xv.view(), &yv)),
            &mut Rng::new(4),
            &mut Silent,
        )
        .unwrap()
    };
    let kept = fit(true);
    let h = &kept.history;
    assert!(h.stopped_early, "a high learning rate and patience 5 stop early");
    // The best validation is the first one with the highest AUC.
    let best = h
        .validations
        .iter()
        .fold(None::<(usize, f64)>, |b, v| match (b, v.roc_auc) {
            (Some((_, ba)), Some(a)) if a <= ba => b,
            (_, Some(a)) => Some((v.step, a)),
            (b, None) => b,
        })
        .unwrap();
    assert_eq!(h.best_step, Some(best.0));
    // The last `patience` validations did not improve on it.
    assert_eq!(h.validations.last().unwrap().step, best.0 + 5);
    assert!((auc(&kept, &xv, &yv) - best.1).abs() < 1e-12);

    let last = fit(false);
    assert_eq!(last.history, kept.history);
    let last_auc = last.history.validations.last().unwrap().roc_auc.unwrap();
    assert!((auc(&last, &xv, &yv) - last_auc).abs() < 1e-12);
    assert_ne!(last.features, kept.features);
}

#[test]
fn adaptation_shrinks_the_mmd_between_learned_features() {
    let (xs, ys) = population(1500, [0.0; 4], 21);
    let (xt, _) = population(1500, SHIFT, 22);
    // Fresh rows from each population, for measuring.
    let (ms, _) = population(1500, [0.0; 4], 23);
    let (mt, _) = population(1500, SHIFT, 24);
    let (ms2, _) = population(1500, [0.0; 4], 26);
    // Short training: given long enough, the source-only network also
    // learns to ignore the shifted features (they carry no signal), and
    // both MMDs reach the estimator's floor.
    let fit = |mmd_weight: f64| {
        DanParams {
            mmd_weight,
            max_steps: 100,
            lambda_steps: Some(20),
            ..small()
        }
        .check()
        .unwrap()
        .fit(xs.view(), &ys, xt.view(), None, &mut Rng::new(3), &mut Silent)
        .unwrap()
    };
    let (plain, dan) = (fit(0.0), fit(1.0));
    let measure = |m: &FittedDan| {
        mk_mmd(
            m.transform(ms.view()).view(),
            m.transform(mt.view()).view(),
            &MmdParams::default(),
        )
        .unwrap()
        .value
    };
    let (before, after) = (measure(&plain), measure(&dan));
    // Two source samples through the DAN: the estimator's floor (its bias
    // at 1500 rows), which the adapted features should approach.
    let floor = mk_mmd(
        dan.transform(ms.view()).view(),
        dan.transform(ms2.view()).view(),
        &MmdParams::default(),
    )
    .unwrap()
    .value;
    eprintln!("MMD source-only {before}, DAN {after}, floor {floor}");
    assert!(after < 0.5 * before, "MMD source-only {before} vs DAN {after}");
    assert!(after < 5.0 * floor, "MMD DAN {after} vs floor {floor}");
    // The source-only run measured the MMD without minimising it.
    assert_eq!(plain.history.steps.len(), 100);
    assert!(plain.history.steps.iter().all(|s| s.mmd_loss >= 0.0));
    assert_eq!(dan.history.steps[0].lambda, 0.0);
    // Adapting did not destroy the classifier (the label ignores the shift).
    let (xv, yv) = population(600, SHIFT, 25);
    assert!(auc(&dan, &xv, &yv) > 0.8, "target AUC {}", auc(&dan, &xv, &yv));
}

#[test]
fn rejects_bad_parameters_and_data() {
    let e = DanParams {
        hidden: vec![],
        ..DanParams::default()
    }
    .check()
    .unwrap_err();
    assert!(matches!(e, DanParamError::NoLayers));
    let e = DanParams {
        learning_rate: -1.0,
        ..DanParams::default()
    }
    .check()
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "DAN: learning_rate must be a positive finite number, got -1"
    );
    let e = DanParams {
        class_weight: ClassWeight::Custom {
            negative: 1.0,
            positive: 0.0,
        },
        ..DanParams::default()
    }
    .check()
    .unwrap_err();
    assert!(matches!(e, DanParamError::ClassWeight { class: "positive", .. }));
    let e = DanParams {
        lambda_steps: Some(0),
        ..DanParams::default()
    }
    .check()
    .unwrap_err();
    assert!(matches!(e, DanParamError::LambdaSteps));
    let e: Result<rareclass::models::dan::ValidDan, _> = serde_json::from_str(r#"{"batch_size": 1}"#);
    assert!(e
        .unwrap_err()
        .to_string()
        .contains("batch_size must be at least 2, got 1"));

    let p = small().check().unwrap();
    let (xs, ys) = population(100, [0.0; 4], 1);
    let (xt, _) = population(50, SHIFT, 2);
    let narrow = xt.slice(ndarray::s![.., ..5]).to_owned();
    let e = p
        .fit(xs.view(), &ys, narrow.view(), None, &mut Rng::new(1), &mut Silent)
        .unwrap_err();
    assert!(matches!(
        e,
        DanFitError::Columns {
            found: 5,
            expected: 6,
            ..
        }
    ));
    let mut bad = xs.clone();
    bad[[7, 2]] = f32::NAN;
    let e = p
        .fit(bad.view(), &ys, xt.view(), None, &mut Rng::new(1), &mut Silent)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "DAN: source row index 7, column index 2: value NaN is not finite; impute or drop it before fitting"
    );
    let e = p
        .fit(xs.view(), &[false; 100], xt.view(), None, &mut Rng::new(1), &mut Silent)
        .unwrap_err();
    assert!(matches!(e, DanFitError::OneClass { present: "negative" }));
    let mut calls = 0;
    let mut cancel = |_: &Progress| {
        calls += 1;
        calls < 3
    };
    let e = p
        .fit(xs.view(), &ys, xt.view(), None, &mut Rng::new(1), &mut cancel)
        .unwrap_err();
    assert!(matches!(e, DanFitError::Cancelled(_)));
}

#[test]
fn cli_transfer_writes_one_entry_per_model() {
    let dir = TempDir::new("transfer");
    let report = dir.path("report.json");
    let (src, tgt) = (
        data_path("lending_club_source_term36.csv"),
        data_path("lending_club_target_term60.csv"),
    );
    let out = rareclass(&[
        "transfer",
        src.to_str().unwrap(),
        tgt.to_str().unwrap(),
        "--label",
        "Class",
        "--positive",
        "bad",
        "--max-steps",
        "30",
        "--seed",
        "3",
        "--method",
        "dan",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for name in [
        "DAN",
        "same network, source only",
        "random forest, source only",
        "verdict: ",
    ] {
        assert!(text.contains(name), "{text}");
    }
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let models = json["models"].as_array().unwrap();
    assert_eq!(models.len(), 4);
    for m in models {
        let auc = m["test"]["roc_auc"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&auc));
        assert!(m["test"]["ks"].as_f64().is_some());
    }
    // The labelled target rows: 30 % test, 30 % validation (the flag's default).
    let sizes = &json["sizes"];
    let labelled = sizes["target_val"].as_u64().unwrap() + sizes["target_test"].as_u64().unwrap();
    assert!(labelled > 0);
    assert_eq!(json["alignment"]["label"]["positive"], "bad");
    assert_eq!(json["dan_history"]["steps"].as_array().unwrap().len(), 30);
    assert_eq!(
        json["projections"]["after"]["source"]["x"].as_array().unwrap().len(),
        300
    );
}

#[test]
fn cli_transfer_errors_are_actionable() {
    let (src, tgt) = (
        data_path("lending_club_source_term36.csv"),
        data_path("lending_club_target_term60.csv"),
    );
    let (src, tgt) = (src.to_str().unwrap(), tgt.to_str().unwrap());
    let out = rareclass(&["transfer", src, tgt, "--label", "Klass"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("transfer: label column \"Klass\" is not in the source file"),
        "{}",
        stderr(&out)
    );
    let out = rareclass(&[
        "transfer",
        src,
        tgt,
        "--label",
        "Class",
        "--target-labelled-fraction",
        "0.8",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("transfer: target shares must be in [0, 1) and sum below 1"),
        "{}",
        stderr(&out)
    );
    let out = rareclass(&["transfer", src, "no/such/file.csv", "--label", "Class"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot open no/such/file.csv"),
        "{}",
        stderr(&out)
    );
    let out = rareclass(&["transfer", src, tgt]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--label"), "{}", stderr(&out));
    // Unknown methods, presets and network settings are named with what is known.
    for (args, want) in [
        (
            ["--method", "dan,tca"],
            "unknown transfer method \"tca\"; expected one of dan, dann, coral, iw, target",
        ),
        (["--preset", "fast"], "unknown DAN preset \"fast\""),
        (
            ["--dan", "{\"patiense\": 3}"],
            "--dan: unknown network setting \"patiense\"",
        ),
    ] {
        let mut all = vec!["transfer", src, tgt, "--label", "Class"];
        all.extend(args);
        let out = rareclass(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(want), "{}", stderr(&out));
    }
}
