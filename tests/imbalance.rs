//! Resampling against an independent reference: SMOTE's neighbour sets from
//! scikit-learn's NearestNeighbors (tests/golden/make_golden_smote.py), and
//! the SMOTE rows checked to lie on those segments.

use ndarray::Array2;
use rareclass::imbalance::{k_nearest_neighbours, resample, Resampling};
use rareclass::Rng;
use serde_json::Value;

fn golden() -> Value {
    serde_json::from_str(include_str!("golden/smote_neighbours.json")).unwrap()
}

/// The golden rows (f32, read from repr strings), labels, and the minority
/// (y = true) rows in row order.
fn data(g: &Value) -> (Array2<f32>, Vec<bool>, Array2<f32>) {
    let rows: Vec<Vec<f32>> = g["x"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().parse::<f64>().unwrap() as f32)
                .collect()
        })
        .collect();
    let y: Vec<bool> = g["y"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_bool().unwrap())
        .collect();
    let (n, d) = (rows.len(), rows[0].len());
    let x = Array2::from_shape_fn((n, d), |(i, j)| rows[i][j]);
    let min_rows: Vec<usize> = (0..n).filter(|&i| y[i]).collect();
    let xm = Array2::from_shape_fn((min_rows.len(), d), |(i, j)| rows[min_rows[i]][j]);
    (x, y, xm)
}

fn golden_sets(case: &Value) -> Vec<Vec<usize>> {
    case["neighbours"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap() as usize)
                .collect()
        })
        .collect()
}

#[test]
fn neighbour_sets_match_sklearn() {
    let g = golden();
    assert_eq!(g["versions"]["sklearn"], "1.9.1");
    let (_, _, xm) = data(&g);
    for case in g["cases"].as_array().unwrap() {
        let k = case["k"].as_u64().unwrap() as usize;
        let ours = k_nearest_neighbours(xm.view(), k).unwrap();
        for (i, (mine, theirs)) in ours.iter().zip(golden_sets(case)).enumerate() {
            let mut mine = mine.clone();
            mine.sort_unstable();
            assert_eq!(mine, theirs, "k = {k}, minority row {i}");
        }
    }
}

#[test]
fn smote_rows_lie_on_segments_to_sklearn_neighbours() {
    let g = golden();
    let (x, y, xm) = data(&g);
    let d = x.ncols();
    for case in g["cases"].as_array().unwrap() {
        let k = case["k"].as_u64().unwrap() as usize;
        let sets = golden_sets(case);
        let (x2, y2) = resample(x.view(), &y, &Resampling::smote(k), &mut Rng::new(k as u64)).unwrap();
        // 160 majority, 40 minority: 120 new rows, appended.
        assert_eq!(x2.nrows(), 320);
        assert_eq!(x2.slice(ndarray::s![..200, ..]), x);
        assert!(y2[200..].iter().all(|&v| v));
        assert_eq!(y2.iter().filter(|&&v| v).count(), 160);
        for r in 200..320 {
            let p = x2.row(r);
            // Some minority row a and one of its golden neighbours b with
            // p = a + u·(b − a), u ∈ [0, 1): the residual off the segment is
            // f32 rounding only.
            let found = (0..xm.nrows()).any(|a| {
                sets[a].iter().any(|&b| {
                    let (xa, xb) = (xm.row(a), xm.row(b));
                    let seg: Vec<f64> = (0..d).map(|j| xb[j] as f64 - xa[j] as f64).collect();
                    let len2: f64 = seg.iter().map(|v| v * v).sum();
                    let u = (0..d).map(|j| (p[j] as f64 - xa[j] as f64) * seg[j]).sum::<f64>() / len2;
                    let resid: f64 = (0..d)
                        .map(|j| (p[j] as f64 - xa[j] as f64 - u * seg[j]).powi(2))
                        .sum::<f64>()
                        .sqrt();
                    (-1e-6..1.0 + 1e-6).contains(&u) && resid <= 1e-5 * len2.sqrt().max(1.0)
                })
            });
            assert!(found, "k = {k}: SMOTE row {r} is on no minority-neighbour segment");
        }
    }
}

#[test]
fn smote_is_deterministic_per_seed() {
    let g = golden();
    let (x, y, _) = data(&g);
    let run = |seed| resample(x.view(), &y, &Resampling::smote(5), &mut Rng::new(seed)).unwrap();
    assert_eq!(run(1), run(1));
    assert_ne!(run(1).0, run(2).0);
}
