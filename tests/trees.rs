//! Trees, forests and the majority baseline against scikit-learn on real
//! data (golden values from tests/golden/make_golden_trees.py).

use ndarray::Array2;
use rareclass::metrics::ranking::RankedScores;
use rareclass::models::forest::ForestParams;
use rareclass::models::logistic::ClassWeight;
use rareclass::models::majority::fit_majority;
use rareclass::models::tree::ValidTree;
use rareclass::models::Classifier;
use rareclass::progress::Silent;
use rareclass::Rng;
use serde_json::Value;

fn golden() -> Value {
    serde_json::from_str(include_str!("golden/trees.json")).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_str().unwrap().parse().unwrap()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(f).collect()
}

fn ints(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap() as usize)
        .collect()
}

/// A clean CSV (no quotes) as the script reads it: numeric columns as
/// parsed, text columns as the index among their sorted distinct values
/// (byte order = Python's str order for this ASCII data), all in f32.
/// Returns the features without `label` and the label column's text.
fn read(name: &str, label: &str) -> (Array2<f32>, Vec<String>) {
    let text = std::fs::read_to_string(format!("{}/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let li = header.iter().position(|h| *h == label).unwrap();
    let mut cols: Vec<Vec<f32>> = Vec::new();
    for j in (0..header.len()).filter(|&j| j != li) {
        let cells: Vec<&str> = rows.iter().map(|r| r[j]).collect();
        let nums: Option<Vec<f64>> = cells.iter().map(|c| c.parse::<f64>().ok()).collect();
        cols.push(match nums {
            Some(v) => v.iter().map(|&x| x as f32).collect(),
            None => {
                let mut levels: Vec<&str> = cells.clone();
                levels.sort_unstable();
                levels.dedup();
                cells.iter().map(|c| levels.binary_search(c).unwrap() as f32).collect()
            }
        });
    }
    let x = Array2::from_shape_fn((rows.len(), cols.len()), |(i, j)| cols[j][i]);
    (x, rows.iter().map(|r| r[li].to_string()).collect())
}

fn rows(x: &Array2<f32>, idx: &[usize]) -> Array2<f32> {
    Array2::from_shape_fn((idx.len(), x.ncols()), |(i, j)| x[[idx[i], j]])
}

fn auc(y: &[bool], p: &[f64]) -> f64 {
    RankedScores::new(y, p).unwrap().roc_auc().unwrap()
}

#[test]
fn tree_matches_sklearn_on_breast_cancer() {
    let g = golden();
    assert_eq!(g["versions"]["sklearn"], "1.9.1");
    let bc = &g["breast_cancer"];
    let (x, labels) = read("breast_cancer.csv", "target");
    let y: Vec<bool> = labels.iter().map(|v| v == "0").collect();
    let (train, test) = (ints(&bc["train"]), ints(&bc["test"]));
    let (xtr, xte) = (rows(&x, &train), rows(&x, &test));
    let ytr: Vec<bool> = train.iter().map(|&i| y[i]).collect();
    let yte: Vec<bool> = test.iter().map(|&i| y[i]).collect();
    let cases = bc["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 4);
    let mut checked_tree = false;
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let params: ValidTree = serde_json::from_value(case["params"].clone()).unwrap();
        let t = params
            .fit(xtr.view(), &ytr, None, &mut Rng::new(0), &mut Silent)
            .unwrap();
        if let Some(tree) = case["tree"].as_object() {
            // The one tree all 100 random states grow: every array.
            assert_eq!(
                t.children_left(),
                &ints(&tree["children_left"])
                    .iter()
                    .map(|&v| v as u32)
                    .collect::<Vec<_>>()[..],
                "{name}"
            );
            assert_eq!(
                t.children_right(),
                &ints(&tree["children_right"])
                    .iter()
                    .map(|&v| v as u32)
                    .collect::<Vec<_>>()[..],
                "{name}"
            );
            let leaf: Vec<bool> = t.children_left().iter().map(|&c| c == 0).collect();
            for (i, (&fe, &th)) in t.feature().iter().zip(t.threshold()).enumerate() {
                if !leaf[i] {
                    assert_eq!(fe as usize, ints(&tree["feature"])[i], "{name} node {i}");
                    assert_eq!(th, floats(&tree["threshold"])[i], "{name} node {i}");
                }
            }
            for (a, b) in t.value().iter().zip(floats(&tree["value"])) {
                assert!((a - b).abs() <= 1e-12, "{name}: value {a} vs {b}");
            }
            assert_eq!(
                t.n_node_samples().iter().map(|&v| v as usize).collect::<Vec<_>>(),
                ints(&tree["n_node_samples"])
            );
            checked_tree = true;
        }
        if let Some(root) = case["root"].as_object() {
            assert_eq!(
                t.feature()[0] as usize,
                root["feature"].as_u64().unwrap() as usize,
                "{name}"
            );
            assert_eq!(t.threshold()[0], f(&root["threshold"]), "{name}");
        }
        let p_all = t.predict_proba(x.view());
        if !case["proba_all_rows"].is_null() {
            for (a, b) in p_all.iter().zip(floats(&case["proba_all_rows"])) {
                assert!((a - b).abs() <= 1e-12, "{name}: proba {a} vs {b}");
            }
        }
        if !case["proba_train_rows"].is_null() {
            let p_tr = t.predict_proba(xtr.view());
            for (a, b) in p_tr.iter().zip(floats(&case["proba_train_rows"])) {
                assert!((a - b).abs() <= 1e-12, "{name}: train proba {a} vs {b}");
            }
        }
        let ours = auc(&yte, t.predict_proba(xte.view()).as_slice().unwrap());
        let set = floats(&case["test_roc_auc_set"]);
        assert!(
            set.iter().any(|s| (s - ours).abs() <= 1e-9),
            "{name}: test ROC-AUC {ours} not among sklearn's {set:?}"
        );
        eprintln!(
            "{name:16} {} nodes, depth {}, test AUC {ours:.6}",
            t.node_count(),
            t.depth()
        );
    }
    assert!(checked_tree, "no case pins the whole tree");
}

/// The lending-club features, labels and the script's split.
fn lending_club(g: &Value) -> (Array2<f32>, Vec<bool>, Vec<usize>, Vec<usize>) {
    let (x, labels) = read("lending_club.csv", "Class");
    let y = labels.iter().map(|v| v == "bad").collect();
    let lc = &g["lending_club"];
    (x, y, ints(&lc["train"]), ints(&lc["test"]))
}

#[test]
fn forest_auc_near_sklearn_on_lending_club() {
    let g = golden();
    let (x, y, train, test) = lending_club(&g);
    let (xtr, xte) = (rows(&x, &train), rows(&x, &test));
    let ytr: Vec<bool> = train.iter().map(|&i| y[i]).collect();
    let yte: Vec<bool> = test.iter().map(|&i| y[i]).collect();
    let sk = f(&g["lending_club"]["forest_test_roc_auc_mean"]);
    for seed in [1, 2] {
        let forest = ForestParams::default()
            .check()
            .unwrap()
            .fit(xtr.view(), &ytr, None, &mut Rng::new(seed), &mut Silent)
            .unwrap();
        let ours = auc(&yte, forest.predict_proba(xte.view()).as_slice().unwrap());
        eprintln!(
            "forest seed {seed}: test AUC {ours:.4} (sklearn mean {sk:.4}), {} trees",
            forest.trees.len()
        );
        assert!((ours - sk).abs() <= 0.02, "seed {seed}: {ours} vs sklearn {sk}");
    }
    // Balanced class weights and a depth limit still give a sane forest.
    let forest = ForestParams::default()
        .n_trees(20)
        .max_depth(Some(8))
        .class_weight(ClassWeight::Balanced)
        .check()
        .unwrap()
        .fit(xtr.view(), &ytr, None, &mut Rng::new(3), &mut Silent)
        .unwrap();
    let ours = auc(&yte, forest.predict_proba(xte.view()).as_slice().unwrap());
    assert!(ours > 0.65, "{ours}");
}

#[test]
fn majority_is_exactly_sklearns_dummy() {
    let g = golden();
    let lc = &g["lending_club"];
    let (x, y, train, test) = lending_club(&g);
    let ytr: Vec<bool> = train.iter().map(|&i| y[i]).collect();
    let yte: Vec<bool> = test.iter().map(|&i| y[i]).collect();
    let m = fit_majority(&ytr, None).unwrap();
    assert_eq!(m.positive_rate, f(&lc["majority_score"]));
    let p = m.predict_proba(rows(&x, &test).view());
    assert!(p.iter().all(|&v| v == m.positive_rate));
    let ranked = RankedScores::new(&yte, p.as_slice().unwrap()).unwrap();
    assert_eq!(ranked.roc_auc().unwrap(), f(&lc["majority_test_roc_auc"]));
    assert_eq!(
        ranked.average_precision().unwrap(),
        f(&lc["majority_test_average_precision"])
    );
}
