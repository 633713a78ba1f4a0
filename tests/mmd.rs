//! MK-MMD against NumPy golden values (tests/golden/mmd.json, made by
//! tests/golden/make_mmd.py, a literal port of the seed's TensorFlow
//! `guassian_kernel` + `MMD` and of Gretton's linear estimator): equal and
//! unequal batch sizes, two kernel settings and a fixed bandwidth, to the
//! relative tolerance recorded there (1e-6).

use ndarray::Array2;
use rareclass::nn::mmd::{mk_mmd, mk_mmd_grad, Bandwidth, Estimator, MmdParams};
use serde_json::Value;

const GOLDEN: &str = include_str!("golden/mmd.json");

/// A golden float, written as Python's repr (see tests/golden/README.md).
fn num(v: &Value) -> f64 {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not a golden float: {v}"))
}

fn matrix(case: &Value, key: &str) -> Array2<f32> {
    let shape = &case[format!("{key}_shape")];
    let (r, c) = (shape[0].as_u64().unwrap() as usize, shape[1].as_u64().unwrap() as usize);
    let v: Vec<f32> = case[key].as_array().unwrap().iter().map(|x| num(x) as f32).collect();
    Array2::from_shape_vec((r, c), v).unwrap()
}

fn params(case: &Value) -> MmdParams {
    MmdParams {
        kernel_num: case["kernel_num"].as_u64().unwrap() as usize,
        kernel_mul: num(&case["kernel_mul"]),
        bandwidth: match &case["fix_sigma"] {
            Value::Null => Bandwidth::Auto,
            v => Bandwidth::Fixed(num(v)),
        },
        estimator: match case["estimator"].as_str().unwrap() {
            "linear" => Estimator::Linear,
            _ => Estimator::Quadratic,
        },
    }
}

#[test]
fn golden_file_is_the_expected_numpy() {
    let g: Value = serde_json::from_str(GOLDEN).unwrap();
    assert_eq!(g["versions"]["numpy"], "2.4.6");
    assert_eq!(g["cases"].as_array().unwrap().len(), 18);
}

#[test]
fn values_and_bandwidths_match_numpy() {
    let g: Value = serde_json::from_str(GOLDEN).unwrap();
    let tol = g["tolerance"]["relative"].as_f64().unwrap();
    for case in g["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let (x, y) = (matrix(case, "source"), matrix(case, "target"));
        let p = params(case);
        let got = mk_mmd(x.view(), y.view(), &p).unwrap();
        let want = num(&case["value"]);
        assert!(
            (got.value - want).abs() <= tol * want.abs(),
            "{name}: value {} vs numpy {want}",
            got.value
        );
        let bws: Vec<f64> = case["bandwidths"].as_array().unwrap().iter().map(num).collect();
        assert_eq!(got.bandwidths.len(), bws.len(), "{name}");
        for (a, b) in got.bandwidths.iter().zip(&bws) {
            assert!((a - b).abs() <= tol * b, "{name}: bandwidth {a} vs numpy {b}");
        }
        // The gradient entry point returns the same value.
        let gr = mk_mmd_grad(x.view(), y.view(), &p).unwrap();
        assert!((gr.value - got.value).abs() <= 1e-12 * want.abs().max(1.0), "{name}");
        assert_eq!((gr.d_source.dim(), gr.d_target.dim()), (x.dim(), y.dim()));
    }
}

#[test]
fn batch_order_within_a_domain_does_not_matter_for_the_quadratic_estimator() {
    let g: Value = serde_json::from_str(GOLDEN).unwrap();
    let case = &g["cases"][6];
    assert_eq!(case["name"], "unequal/quadratic/k5m2.0");
    let (x, y) = (matrix(case, "source"), matrix(case, "target"));
    let p = params(case);
    let mut rev = x.clone();
    rev.invert_axis(ndarray::Axis(0));
    let a = mk_mmd(x.view(), y.view(), &p).unwrap().value;
    let b = mk_mmd(rev.view(), y.view(), &p).unwrap().value;
    assert!((a - b).abs() < 1e-9 * a.abs());
}
