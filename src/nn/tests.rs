//! Unit tests of the layers, initialisers and optimisers.

use ndarray::Array2;

use super::loss::{loss_and_grad, Loss};
use super::*;

/// A smooth 3 → 5 (tanh, dropout) → 4 (sigmoid) → 1 (linear) network.
fn small_net(rng: &mut Rng) -> Network {
    Network::new(vec![
        Dense::new(3, 5, Activation::Tanh, 0.3, Init::GlorotUniform, rng),
        Dense::new(5, 4, Activation::Sigmoid, 0.0, Init::HeNormal, rng),
        Dense::new(4, 1, Activation::Linear, 0.0, Init::GlorotUniform, rng),
    ])
}

/// BCE of the network on fixed data, the dropout mask drawn from a clone of
/// `mask_rng` so every call sees the same mask.
fn batch_loss(net: &mut Network, x: &Array2<f32>, y: &[bool], mask_rng: &Rng) -> f64 {
    let mut r = mask_rng.clone();
    let z = net.forward(x.view(), Mode::Train(&mut r));
    let mut g = vec![0.0; y.len()];
    loss_and_grad(Loss::Bce, z.as_slice().unwrap(), y, None, &mut g)
}

#[test]
fn backprop_matches_finite_differences() {
    let mut rng = Rng::new(5);
    let mut net = small_net(&mut rng);
    let x = Array2::from_shape_fn((6, 3), |(i, j)| ((i * 3 + j) as f32 * 0.37).sin());
    let y = [true, false, false, true, true, false];
    let mask_rng = Rng::new(99);

    let mut r = mask_rng.clone();
    let z = net.forward(x.view(), Mode::Train(&mut r));
    let mut g = vec![0.0; 6];
    loss_and_grad(Loss::Bce, z.as_slice().unwrap(), &y, None, &mut g);
    net.zero_grad();
    let gx = net.backward(Array2::from_shape_vec((6, 1), g).unwrap().view());

    let h = 1e-2f32;
    let close = |a: f64, fd: f64, what: &str| {
        assert!(
            (a - fd).abs() <= 2e-4 + 2e-2 * fd.abs(),
            "{what}: backprop {a}, finite difference {fd}"
        );
    };
    for li in 0..net.layers.len() {
        for k in 0..net.layers[li].w.len() {
            let analytic = net.layers[li].grad_w[k] as f64;
            let mut p = net.clone();
            p.layers[li].w[k] += h;
            let mut m = net.clone();
            m.layers[li].w[k] -= h;
            let fd = (batch_loss(&mut p, &x, &y, &mask_rng) - batch_loss(&mut m, &x, &y, &mask_rng)) / (2.0 * h as f64);
            close(analytic, fd, &format!("layer {li} w[{k}]"));
        }
        for k in 0..net.layers[li].b.len() {
            let analytic = net.layers[li].grad_b[k] as f64;
            let mut p = net.clone();
            p.layers[li].b[k] += h;
            let mut m = net.clone();
            m.layers[li].b[k] -= h;
            let fd = (batch_loss(&mut p, &x, &y, &mask_rng) - batch_loss(&mut m, &x, &y, &mask_rng)) / (2.0 * h as f64);
            close(analytic, fd, &format!("layer {li} b[{k}]"));
        }
    }
    for i in 0..6 {
        for j in 0..3 {
            let (mut xp, mut xm) = (x.clone(), x.clone());
            xp[[i, j]] += h;
            xm[[i, j]] -= h;
            let fd = (batch_loss(&mut net.clone(), &xp, &y, &mask_rng)
                - batch_loss(&mut net.clone(), &xm, &y, &mask_rng))
                / (2.0 * h as f64);
            close(gx[[i, j]] as f64, fd, &format!("x[{i},{j}]"));
        }
    }
}

#[test]
fn relu_gradient_and_accumulation() {
    // One unit, w = 2, b = −1: relu(2x − 1). x = (1, 0): outputs 1, 0.
    let mut rng = Rng::new(0);
    let mut l = Dense::new(1, 1, Activation::Relu, 0.0, Init::GlorotUniform, &mut rng);
    l.w = vec![2.0];
    l.b = vec![-1.0];
    let mut net = Network::new(vec![l]);
    let x = Array2::from_shape_vec((2, 1), vec![1.0f32, 0.0]).unwrap();
    let out = net.forward(x.view(), Mode::Eval);
    assert_eq!(out.as_slice().unwrap(), &[1.0, 0.0]);
    net.zero_grad();
    let g = Array2::from_shape_vec((2, 1), vec![3.0f32, 5.0]).unwrap();
    let gx = net.backward(g.view());
    // Only row 0 is active: dW = 3·1, db = 3, dx = (3·2, 0).
    assert_eq!((net.layers[0].grad_w[0], net.layers[0].grad_b[0]), (3.0, 3.0));
    assert_eq!(gx.as_slice().unwrap(), &[6.0, 0.0]);
    // A second backward on the same pass adds.
    net.backward(g.view());
    assert_eq!(net.layers[0].grad_w[0], 6.0);
}

#[test]
fn adam_step_matches_a_hand_computation() {
    // One weight w = 0.5, b = 0, gradient g = 0.2 on both, lr = 0.1.
    // Step 1: m = 0.1·0.2 = 0.02, v = 0.001·0.04 = 4e-5,
    // α = 0.1·sqrt(1 − 0.999)/(1 − 0.9) = 0.1·0.0316228/0.1 = 0.0316228,
    // w −= 0.0316228·0.02/(sqrt(4e-5) + 1e-7) = 0.0316228·0.02/0.0063247
    //    = 0.0999984 → w = 0.4000016.
    // Step 2 (same g): m = 0.02 + 0.1·(0.2 − 0.02) = 0.038,
    // v = 4e-5 + 0.001·(0.04 − 4e-5) = 7.996e-5,
    // α = 0.1·sqrt(1 − 0.998001)/(1 − 0.81) = 0.1·0.0447102/0.19 = 0.0235317,
    // w −= 0.0235317·0.038/(0.0089420 + 1e-7) = 0.0999987 → 0.3000029.
    let mut rng = Rng::new(0);
    let mut l = Dense::new(1, 1, Activation::Linear, 0.0, Init::GlorotUniform, &mut rng);
    l.w = vec![0.5];
    let mut net = Network::new(vec![l]);
    let mut opt = Optimizer::new(OptimizerKind::Adam { lr: 0.1 }, 0.0, &net);
    net.layers[0].grad_w = vec![0.2];
    net.layers[0].grad_b = vec![0.2];
    opt.step(&mut net);
    assert!((net.layers[0].w[0] - 0.4000016).abs() < 1e-6, "{}", net.layers[0].w[0]);
    opt.step(&mut net);
    assert!((net.layers[0].w[0] - 0.3000029).abs() < 1e-6, "{}", net.layers[0].w[0]);
    // The bias took the same steps from 0.
    assert!((net.layers[0].b[0] + 0.1999971).abs() < 1e-6, "{}", net.layers[0].b[0]);
}

#[test]
fn sgd_momentum_and_l2() {
    // w = 1, g = 0.5, l2 = 0.1 → g' = 0.5 + 2·0.1·1 = 0.7; lr 0.1, μ 0.9:
    // u = −0.07, w = 0.93; then g' = 0.5 + 0.186 = 0.686, u = −0.063 − 0.0686
    // = −0.1316, w = 0.7984. The bias has no L2: u_b = −0.05, then −0.095.
    let mut rng = Rng::new(0);
    let mut l = Dense::new(1, 1, Activation::Linear, 0.0, Init::GlorotUniform, &mut rng);
    l.w = vec![1.0];
    let mut net = Network::new(vec![l]);
    let mut opt = Optimizer::new(OptimizerKind::Sgd { lr: 0.1, momentum: 0.9 }, 0.1, &net);
    assert!((opt.penalty(&net) - 0.1).abs() < 1e-9);
    net.layers[0].grad_w = vec![0.5];
    net.layers[0].grad_b = vec![0.5];
    opt.step(&mut net);
    assert!((net.layers[0].w[0] - 0.93).abs() < 1e-6);
    opt.step(&mut net);
    assert!((net.layers[0].w[0] - 0.7984).abs() < 1e-6, "{}", net.layers[0].w[0]);
    assert!((net.layers[0].b[0] + 0.145).abs() < 1e-6, "{}", net.layers[0].b[0]);
}

fn moments(v: &[f32]) -> (f64, f64, f64) {
    let n = v.len() as f64;
    let mean = v.iter().map(|&x| x as f64).sum::<f64>() / n;
    let var = v.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / n;
    let max = v.iter().map(|x| x.abs() as f64).fold(0.0, f64::max);
    (mean, var.sqrt(), max)
}

#[test]
fn initialisers_have_keras_statistics() {
    let mut rng = Rng::new(11);
    // He normal, fan_in 50: truncated draw has sd sqrt(2/50) = 0.2 and
    // nothing beyond 2·0.2/0.8796 = 0.4547.
    let w = Init::HeNormal.draw(50, 400, &mut rng);
    let (mean, sd, max) = moments(&w);
    assert!(mean.abs() < 0.005 && (sd - 0.2).abs() < 0.003, "{mean} {sd}");
    assert!(max <= 0.4548, "{max}");
    assert!(max > 0.44, "truncation point should be reached: {max}");
    // Glorot uniform, 50 → 30: limit sqrt(6/80) = 0.27386, sd = limit/√3 = 0.15811.
    let w = Init::GlorotUniform.draw(50, 30 * 20, &mut rng);
    let limit = (6.0f64 / 650.0).sqrt();
    let (mean, sd, max) = moments(&w);
    assert!(
        mean.abs() < 0.003 && (sd - limit / 3f64.sqrt()).abs() < 0.002 && max <= limit,
        "{mean} {sd} {max}"
    );
}

#[test]
fn dropout_zeroes_the_rate_and_scales_survivors() {
    let mut rng = Rng::new(3);
    let mut l = Dense::new(1, 1000, Activation::Linear, 0.5, Init::GlorotUniform, &mut rng);
    l.w = vec![1.0; 1000];
    let mut net = Network::new(vec![l]);
    let x = Array2::from_elem((20, 1), 1.0f32);
    let out = net.forward(x.view(), Mode::Train(&mut rng));
    let zeros = out.iter().filter(|&&v| v == 0.0).count();
    // 20 000 draws at p = 0.5: sd 71.
    assert!((zeros as i64 - 10_000).abs() < 400, "{zeros}");
    assert!(out.iter().all(|&v| v == 0.0 || v == 2.0));
    // Evaluation is the identity.
    let out = net.forward(x.view(), Mode::Eval);
    assert!(out.iter().all(|&v| v == 1.0));
    assert_eq!(net.predict(&[1.0; 20], 20), vec![1.0; 20_000]);
}

/// Each rate keeps its share of units (the 16-bit rule `u < round(keep ·
/// 65536)` read from only the bits it needs), and the one-bit fast path of
/// rate 0.5 gives the bits of the general loop.
#[test]
fn dropout_masks_keep_the_rate_from_fewer_bits() {
    for (keep, bits) in [(0.5, 1), (0.75, 2), (0.9, 15), (0.8125, 4), (1.0 - 1e-6, 0)] {
        let t = (keep * 65536.0_f64).round() as u64;
        let z = t.trailing_zeros().min(16);
        assert_eq!(16 - z, bits, "keep {keep}");
        let mut mask = vec![0.0f32; 200_003];
        super::dropout_mask(&mut mask, keep, 3.0, &mut Rng::new(5));
        assert!(mask.iter().all(|&v| v == 0.0 || v == 3.0));
        let kept = mask.iter().filter(|&&v| v == 3.0).count() as f64 / mask.len() as f64;
        // sd of the share ≤ 0.5 / sqrt(200 003) ≈ 0.0011.
        assert!((kept - keep).abs() < 0.006, "keep {keep}: kept {kept}");
    }
    for len in [0usize, 5, 64, 100, 2048 * 16 + 3] {
        let (mut fast, mut plain) = (vec![0.0f32; len], vec![0.0f32; len]);
        let (mut a, mut b) = (Rng::new(11), Rng::new(11));
        super::dropout_mask(&mut fast, 0.5, 2.0, &mut a);
        super::dropout_mask_bits(&mut plain, 1, 1, 2.0, &mut b);
        assert_eq!(fast, plain, "{len}");
        assert_eq!(a.next_u64(), b.next_u64(), "{len}: same draws taken");
    }
}

/// Distance in units in the last place between two finite `f32` of the same sign.
fn ulps(a: f32, b: f32) -> u32 {
    (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs() as u32
}

#[test]
fn f32_sigmoid_is_within_two_ulp_of_the_f64_logistic() {
    // The reference is 1/(1 + e^−x) in f64 (libm's exp) rounded to f32,
    // over every 1/64 from −85 to 85 and a few odd points.
    let mut xs: Vec<f32> = (-85 * 64..=85 * 64).map(|i| i as f32 / 64.0).collect();
    xs.extend([1e-7, -1e-7, 0.346_573_6, -0.346_573_6, 3.3, -17.123_457, 44.4, -60.25]);
    let mut worst = 0;
    for &x in &xs {
        let want = (1.0 / (1.0 + (-(x as f64)).exp())) as f32;
        let got = sigmoid_f32(x);
        worst = worst.max(ulps(got, want));
        assert!(ulps(got, want) <= 2, "σ({x}) = {got}, want {want}");
    }
    // The polynomial is not exact: some point must be off by a unit.
    assert!(worst >= 1, "worst {worst} ulp");
    // Beyond ±87.3: 0 and 1 (true values below 1.2e-38 and above 1 − 6e-39).
    for x in [-87.5f32, -100.0, -1e6, f32::NEG_INFINITY] {
        assert_eq!(sigmoid_f32(x), 0.0, "σ({x})");
    }
    for x in [17.0f32, 87.5, 100.0, 1e6, f32::INFINITY] {
        assert_eq!(sigmoid_f32(x), 1.0, "σ({x})");
    }
    assert!(sigmoid_f32(f32::NAN).is_nan());
    assert_eq!(sigmoid_f32(0.0), 0.5);
}
