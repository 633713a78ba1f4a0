//! Runs shared by the engine and pool workers (`rareclass::app::shared`):
//! the engine's session opens a run with the data check made once and fits
//! its share, each pool worker builds its own table from the session's
//! buffers and fits the rest, the fits cross back as JSON and the engine
//! adopts them — the same report, scores and histories, bit for bit (fit
//! seconds aside), as one worker: a Compare set's models dealt to 2 and 3
//! workers (`compare_train`), a Train-tab forest's trees cut into parts
//! (`train`, its inspections and model file too), and `experiment::run`
//! itself. Also the refusals of a model missing or twice, of forest parts
//! that leave a gap or overlap, and the deal (longest first onto the
//! least-loaded worker). All data is generated here (seeded).

use rareclass::app::shared::{
    deal, expected_cost, fit_from_json, fit_to_json, share_from_json, share_to_json, tree_parts, ImportanceShare,
    PoolRun,
};
use rareclass::app::Session;
use rareclass::experiment::{assemble, fit_one, fit_trees, prepare, run, ExperimentConfig, ModelFit};
use rareclass::progress::Silent;
use rareclass::Rng;

/// `n` rows `a,b,shop,label`: label "yes" for about 1 in 8 rows, `a` and
/// `b` shifted for them, `shop` a category.
fn csv(n: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::from("a,b,shop,label\n");
    for i in 0..n {
        let positive = rng.uniform() < 0.125 || i < 4;
        let shift = if positive { 1.0 } else { 0.0 };
        out.push_str(&format!(
            "{:.4},{:.4},{},{}\n",
            rng.normal() + shift,
            rng.normal() - 0.5 * shift,
            ["web", "store", "phone"][rng.below(3)],
            if positive { "yes" } else { "no" }
        ));
    }
    out
}

/// The tutorial's three networks (few epochs), a forest and logistic
/// regression: every kind of fit that crosses (histories, trees, weights).
const CONFIG: &str = r#"{"label": "label", "positive": {"value": "yes"}, "seed": 5, "models": [
    {"kind": "mlp", "name": "baseline", "params": {"epochs": 6}},
    {"kind": "mlp", "name": "weighted", "params": {"epochs": 6, "class_weight": "balanced"}},
    {"kind": "mlp", "name": "oversampled", "params": {"epochs": 4, "batches": {"balanced": {"steps_per_epoch": null}}}},
    {"kind": "forest", "name": "forest", "params": {"n_trees": 7, "max_depth": 5}},
    {"kind": "logistic", "name": "lr"}]}"#;

fn config() -> ExperimentConfig {
    serde_json::from_str(CONFIG).unwrap()
}

/// A report as JSON with every fit's seconds zeroed (they differ per run).
fn untimed<T: serde::Serialize>(r: &T) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap();
    for m in v["models"].as_array_mut().unwrap() {
        m["fit_seconds"] = 0.0.into();
    }
    v
}

/// The comparison of `config` trained by the engine and `pool` workers as
/// the page does: the data check once, the deal, the pool's fits through JSON.
/// `pool` pool workers on the engine's table, as the page starts them.
fn pool_of(engine: &Session, config: &ExperimentConfig, pool: usize) -> Vec<PoolRun> {
    let checks = engine.grid_checks(config).unwrap();
    (0..pool)
        .map(|_| {
            let table = engine.table_buffers().unwrap().into_table().unwrap();
            PoolRun::new(&table, config, Some(checks.clone()), &mut Silent).unwrap()
        })
        .collect()
}

/// A fit made by a pool worker, as it reaches the engine.
fn crossed(worker: &PoolRun, index: usize, trees: Option<[usize; 2]>) -> ModelFit {
    fit_from_json(&fit_to_json(&worker.fit(index, trees, &mut Silent).unwrap()).unwrap()).unwrap()
}

fn shared(bytes: &[u8], config: &ExperimentConfig, pool: usize) -> (Session, rareclass::app::compare::Compared) {
    let mut engine = Session::from_bytes(bytes).unwrap();
    let workers = pool_of(&engine, config, pool);
    let checks = engine.grid_checks(config).unwrap();
    let opened = engine
        .compare_open(config, Some(checks), pool + 1, &mut Silent)
        .unwrap();
    let dealt = opened.deal.clone();
    assert_eq!(dealt, deal(&opened.costs, pool + 1));
    let mut adopted = Vec::new();
    for (w, worker) in workers.iter().enumerate() {
        // The pool's models in reverse: the order does not matter.
        for &m in dealt[w + 1].iter().rev() {
            adopted.push(crossed(worker, m, None));
        }
    }
    for &m in &dealt[0] {
        engine.compare_fit(m, None, &mut Silent).unwrap();
    }
    adopted.reverse();
    let compared = engine.compare_adopt(adopted, &mut Silent).unwrap();
    (engine, compared)
}

#[test]
fn a_comparison_shared_by_workers_equals_one_worker_bit_for_bit() {
    let bytes = csv(900, 3).into_bytes();
    let config = config();
    let mut alone = Session::from_bytes(&bytes).unwrap();
    let one = alone.compare_train(&config, &mut Silent).unwrap();
    for pool in [1, 2] {
        let (engine, two) = shared(&bytes, &config, pool);
        assert_eq!(two.names, one.names);
        assert_eq!(untimed(&two.report), untimed(&one.report), "{pool} pool workers");
        let (a, b) = (alone.compare(), engine.compare());
        assert_eq!(a.histories, b.histories);
        // Every model's test table at three thresholds, and the best-F1 threshold chosen on the validation rows.
        for t in [0.2, 0.5, 0.8] {
            let ts = vec![t; one.names.len()];
            assert_eq!(a.table(&ts).unwrap(), b.table(&ts).unwrap());
        }
        for m in 0..one.names.len() {
            assert_eq!(a.best_f1(m).unwrap().to_bits(), b.best_f1(m).unwrap().to_bits());
        }
    }
}

#[test]
fn assembled_fits_equal_the_run_scores_and_histories() {
    let bytes = csv(700, 9).into_bytes();
    let table = Session::from_bytes(&bytes).unwrap().into_table().unwrap();
    let config = config();
    let whole = run(&table, &config, &mut Silent).unwrap();
    // Each model on a prepare of its own (as a pool worker has), crossing as JSON, given in reverse.
    let fits: Vec<ModelFit> = (0..config.models.len())
        .rev()
        .map(|m| {
            let p = prepare(&table, &config, &mut Silent).unwrap();
            fit_from_json(&fit_to_json(&fit_one(&p, &config, m, &mut Silent).unwrap()).unwrap()).unwrap()
        })
        .collect();
    let prepared = prepare(&table, &config, &mut Silent).unwrap();
    let parts = assemble(&table, &config, prepared, fits, &mut Silent).unwrap();
    assert_eq!(untimed(&parts.report), untimed(&whole.report));
    assert_eq!(parts.models, whole.models);
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    for (a, b) in parts.scores.iter().zip(&whole.scores) {
        assert_eq!(bits(&a.train), bits(&b.train));
        assert_eq!(bits(&a.val), bits(&b.val));
        assert_eq!(bits(&a.test), bits(&b.test));
    }
}

#[test]
fn a_model_missing_or_fitted_twice_is_refused() {
    let bytes = csv(400, 1).into_bytes();
    let table = Session::from_bytes(&bytes).unwrap().into_table().unwrap();
    let mut config = config();
    config.models.truncate(2);
    let p = prepare(&table, &config, &mut Silent).unwrap();
    let fit = |m| fit_one(&p, &config, m, &mut Silent).unwrap();
    let missing = assemble(&table, &config, p.clone(), vec![fit(1)], &mut Silent).unwrap_err();
    assert!(
        missing.to_string().contains("model 1 (baseline) was not fitted"),
        "{missing}"
    );
    let twice = assemble(&table, &config, p.clone(), vec![fit(0), fit(1), fit(1)], &mut Silent).unwrap_err();
    assert!(twice.to_string().contains("model 2 was fitted twice"), "{twice}");
    let mut stray = fit(0);
    stray.index = 7;
    let outside = assemble(&table, &config, p.clone(), vec![fit(0), fit(1), stray], &mut Silent).unwrap_err();
    assert!(
        outside
            .to_string()
            .contains("a fit of model 8 came back, but the run has 2 models"),
        "{outside}"
    );
    assert!(fit_one(&p, &config, 2, &mut Silent).is_err());
    // The engine refuses a fit or an adopt with nothing opened.
    let mut s = Session::from_bytes(&bytes).unwrap();
    assert!(s.compare_fit(0, None, &mut Silent).is_err());
    assert!(s.train_fit(0, None, &mut Silent).is_err());
    assert!(s.compare_adopt(Vec::new(), &mut Silent).is_err());
    assert!(fit_from_json("{\"index\": 0}")
        .unwrap_err()
        .to_string()
        .contains("could not be read"));
}

#[test]
fn models_are_dealt_longest_first_onto_the_least_loaded_worker() {
    // By hand: 8 → w0; 5 → w1; 4 → w1 (5 < 8); 3 → w0 (8 < 9); 1 → w0 (11 vs 9: w1).
    assert_eq!(deal(&[3.0, 8.0, 1.0, 5.0, 4.0], 2), vec![vec![1, 0], vec![3, 4, 2]]);
    // Equal costs: config order, the engine (worker 0) first.
    assert_eq!(deal(&[1.0, 1.0, 1.0], 2), vec![vec![0, 2], vec![1]]);
    assert_eq!(deal(&[1.0, 2.0], 1), vec![vec![1, 0]]);
    assert_eq!(deal(&[1.0], 3), vec![vec![0], vec![], vec![]]);
    // Networks cost epochs × rows (6 epochs; the oversampled one 4, its longer epoch not counted); a
    // forest's cost grows with its trees.
    let c = config();
    let cost = |m: usize| expected_cost(&c.models[m], 1000, 880);
    assert_eq!((cost(0), cost(1), cost(2)), (6000.0, 6000.0, 4000.0));
    assert!(cost(3) > 0.0 && cost(4) > 0.0);
    let mut big = c.models[3].clone();
    big.set("n_trees", "14").unwrap();
    assert_eq!(expected_cost(&big, 1000, 880), 2.0 * cost(3));
}

/// A Train-tab forest (the page's one-model run), 9 trees.
const FOREST: &str = r#"{"label": "label", "positive": {"value": "yes"}, "seed": 21, "models": [
    {"kind": "forest", "params": {"n_trees": 9, "max_depth": 6, "class_weight": "balanced"}}]}"#;

/// An importance part measured by a pool worker, as it reaches the engine.
fn crossed_share(worker: &PoolRun, index: usize, columns: [usize; 2]) -> ImportanceShare {
    share_from_json(&share_to_json(&worker.importance(index, columns, &mut Silent).unwrap()).unwrap()).unwrap()
}

/// The engine with a forest of `config` grown in parts by itself and
/// `pool` pool workers, its fits not yet adopted: the engine, the pool and
/// the pool's fits as they reach the engine.
fn grown(bytes: &[u8], config: &ExperimentConfig, pool: usize) -> (Session, Vec<PoolRun>, Vec<ModelFit>) {
    let mut engine = Session::from_bytes(bytes).unwrap();
    let workers = pool_of(&engine, config, pool);
    let checks = engine.grid_checks(config).unwrap();
    let opened = engine.train_open(config, Some(checks), pool + 1, &mut Silent).unwrap();
    let parts = &opened.trees[0];
    assert_eq!(parts, &tree_parts(9, pool + 1)); // FOREST's 9 trees
    engine.train_fit(0, Some(parts[0]), &mut Silent).unwrap();
    let adopted: Vec<ModelFit> = workers
        .iter()
        .zip(&parts[1..])
        .map(|(w, &p)| crossed(w, 0, Some(p)))
        .rev()
        .collect();
    (engine, workers, adopted)
}

/// The engine's fits and the pool's handed to each pool worker for the
/// importance, as the page does (JSON): the features each has to measure.
fn inspecting(engine: &Session, workers: &mut [PoolRun], adopted: &[ModelFit]) -> Vec<Vec<usize>> {
    let mut all: Vec<ModelFit> = engine
        .train_kept()
        .unwrap()
        .iter()
        .map(|f| fit_from_json(&fit_to_json(f).unwrap()).unwrap())
        .collect();
    all.extend(adopted.iter().cloned());
    workers.iter_mut().map(|w| w.inspect(all.clone()).unwrap()).collect()
}

#[test]
fn a_forest_grown_in_parts_by_workers_equals_one_worker_bit_for_bit() {
    let bytes = csv(800, 4).into_bytes();
    let config: ExperimentConfig = serde_json::from_str(FOREST).unwrap();
    let mut alone = Session::from_bytes(&bytes).unwrap();
    let one = alone.train(&config, &mut Silent).unwrap();
    // 3 features (a, b, shop): the importance is measured, in parts below.
    assert_eq!(one.inspections[0].importance.as_ref().unwrap().features.len(), 3);
    for (pool, importance_in_parts) in [(1, false), (1, true), (2, true)] {
        let (mut engine, mut workers, adopted) = grown(&bytes, &config, pool);
        let two = if importance_in_parts {
            let columns = inspecting(&engine, &mut workers, &adopted);
            assert_eq!(engine.train_join(adopted, &mut Silent).unwrap(), vec![3]);
            assert!(columns.iter().all(|c| c == &vec![3]), "{columns:?}");
            // The engine measures feature 0, the pool the rest (one worker: 1..3; two: 1..2 and 2..3), given in reverse.
            engine.train_importance(0, [0, 1], &mut Silent).unwrap();
            let cuts: Vec<[usize; 2]> = if pool == 1 { vec![[1, 3]] } else { vec![[1, 2], [2, 3]] };
            let shares: Vec<ImportanceShare> = workers
                .iter()
                .zip(&cuts)
                .map(|(w, &c)| crossed_share(w, 0, c))
                .rev()
                .collect();
            engine.train_adopt(Vec::new(), shares, &mut Silent).unwrap()
        } else {
            engine.train_adopt(adopted, Vec::new(), &mut Silent).unwrap()
        };
        let case = format!("{pool} pool workers, importance in parts: {importance_in_parts}");
        assert_eq!(untimed(&two.report), untimed(&one.report), "{case}");
        assert_eq!(two.report.models[0].n_iter, 9);
        assert_eq!(
            serde_json::to_value(&two.inspections).unwrap(),
            serde_json::to_value(&one.inspections).unwrap(),
            "{case}"
        );
        // The saved model (every tree) is the same file.
        assert_eq!(engine.model_json(0, None).unwrap(), alone.model_json(0, None).unwrap());
        for t in [0.3, 0.5] {
            assert_eq!(
                engine.evaluate_at(0, rareclass::app::runs::Part::Test, t).unwrap(),
                alone.evaluate_at(0, rareclass::app::runs::Part::Test, t).unwrap()
            );
        }
    }
}

#[test]
fn importance_parts_that_leave_a_gap_or_overlap_are_refused() {
    let bytes = csv(500, 6).into_bytes();
    let config: ExperimentConfig = serde_json::from_str(FOREST).unwrap();
    // `shares(pool)`: the engine measures features `mine` and the pool worker `theirs`; the adopt's error.
    let adopt = |mine: &[[usize; 2]], theirs: &[(usize, [usize; 2])]| {
        let (mut engine, mut workers, adopted) = grown(&bytes, &config, 1);
        inspecting(&engine, &mut workers, &adopted);
        engine.train_join(adopted, &mut Silent).unwrap();
        for &c in mine {
            engine.train_importance(0, c, &mut Silent).unwrap();
        }
        let shares = theirs.iter().map(|&(m, c)| crossed_share(&workers[0], m, c)).collect();
        let e = engine.train_adopt(Vec::new(), shares, &mut Silent);
        // The run ends either way.
        assert!(engine.train_importance(0, [0, 1], &mut Silent).is_err());
        e.map(|_| ()).map_err(|e| e.message)
    };
    assert_eq!(adopt(&[[0, 1]], &[(0, [1, 3])]), Ok(()));
    assert_eq!(adopt(&[], &[(0, [0, 3])]), Ok(()));
    let gap = adopt(&[[0, 1]], &[(0, [2, 3])]).unwrap_err();
    assert!(gap.contains("features 1..2 are missing or measured twice"), "{gap}");
    let overlap = adopt(&[[0, 2]], &[(0, [1, 3])]).unwrap_err();
    assert!(
        overlap.contains("features 1..2 are missing or measured twice"),
        "{overlap}"
    );
    let short = adopt(&[[0, 1]], &[(0, [1, 2])]).unwrap_err();
    assert!(short.contains("features 2..3 were not measured"), "{short}");
    // Outside the features, or a model the run does not have: refused where it is asked.
    let (mut engine, mut workers, adopted) = grown(&bytes, &config, 1);
    assert!(
        workers[0].importance(0, [0, 1], &mut Silent).is_err(),
        "no fits handed over yet"
    );
    inspecting(&engine, &mut workers, &adopted);
    assert!(
        engine.train_importance(0, [0, 1], &mut Silent).is_err(),
        "not joined yet"
    );
    engine.train_join(adopted, &mut Silent).unwrap();
    let e = engine.train_importance(0, [2, 4], &mut Silent).unwrap_err().message;
    assert!(e.contains("features 2..4 are not among the 3 features"), "{e}");
    let e = workers[0].importance(1, [0, 1], &mut Silent).unwrap_err().message;
    assert!(e.contains("there is no model 2"), "{e}");
    let e = engine.train_adopt(
        vec![],
        vec![ImportanceShare {
            index: 3,
            ..crossed_share(&workers[0], 0, [0, 3])
        }],
        &mut Silent,
    );
    assert!(e.unwrap_err().message.contains("an importance of model 4 came back"));
    // A part measured against another baseline (another model, other rows).
    let (mut engine, mut workers, adopted) = grown(&bytes, &config, 1);
    inspecting(&engine, &mut workers, &adopted);
    engine.train_join(adopted, &mut Silent).unwrap();
    engine.train_importance(0, [0, 1], &mut Silent).unwrap();
    let mut other = crossed_share(&workers[0], 0, [1, 3]);
    other.part.baseline += 0.25;
    let e = engine
        .train_adopt(vec![], vec![other], &mut Silent)
        .unwrap_err()
        .message;
    assert!(e.contains("different baselines"), "{e}");
    assert!(share_from_json("{\"index\": 0}")
        .unwrap_err()
        .message
        .contains("could not be read"));
}

#[test]
fn forest_parts_that_leave_a_gap_or_overlap_are_refused() {
    assert_eq!(tree_parts(9, 2), vec![[0, 5], [5, 9]]);
    assert_eq!(tree_parts(9, 3), vec![[0, 3], [3, 6], [6, 9]]);
    assert_eq!(tree_parts(2, 4), vec![[0, 1], [1, 2]]);
    let bytes = csv(300, 2).into_bytes();
    let table = Session::from_bytes(&bytes).unwrap().into_table().unwrap();
    let config: ExperimentConfig = serde_json::from_str(FOREST).unwrap();
    let p = prepare(&table, &config, &mut Silent).unwrap();
    let part = |a, b| fit_trees(&p, &config, 0, a..b, &mut Silent).unwrap();
    let joined = |parts| assemble(&table, &config, p.clone(), parts, &mut Silent);
    let whole = run(&table, &config, &mut Silent).unwrap();
    assert_eq!(joined(vec![part(4, 9), part(0, 4)]).unwrap().models, whole.models);
    let gap = joined(vec![part(0, 4), part(5, 9)]).unwrap_err().to_string();
    assert!(gap.contains("trees 4..5 are missing or grown twice"), "{gap}");
    let short = joined(vec![part(0, 4)]).unwrap_err().to_string();
    assert!(short.contains("trees 4..9 were not grown"), "{short}");
    let overlap = joined(vec![part(0, 5), part(4, 9)]).unwrap_err().to_string();
    assert!(overlap.contains("missing or grown twice"), "{overlap}");
    assert!(fit_trees(&p, &config, 0, 3..12, &mut Silent).is_err());
    let mut lr = config.clone();
    lr.models = vec![serde_json::from_str(r#"{"kind": "logistic"}"#).unwrap()];
    let p2 = prepare(&table, &lr, &mut Silent).unwrap();
    let e = fit_trees(&p2, &lr, 0, 0..1, &mut Silent).unwrap_err().to_string();
    assert!(e.contains("is not a random forest"), "{e}");
}

#[test]
fn a_pool_worker_takes_the_importance_rows_the_engine_prepares_from_its_table() {
    use rareclass::app::views::{ImportanceRows, InspectOptions};
    let bytes = csv(900, 8).into_bytes();
    let table = Session::from_bytes(&bytes).unwrap().into_table().unwrap();
    let config: ExperimentConfig = serde_json::from_str(FOREST).unwrap();
    let whole = run(&table, &config, &mut Silent).unwrap();
    let prepared = prepare(&table, &config, &mut Silent).unwrap();
    let model = &whole.models[0].model;
    // All the validation rows, and a seeded sample of 37 of them (the page samples 10,000 of a larger file's).
    for max_rows in [10_000, 37] {
        let options = InspectOptions {
            max_rows,
            ..InspectOptions::default()
        };
        let engine = ImportanceRows::of_run(&table, &whole, &options).unwrap();
        let pool = ImportanceRows::of_prepared(&prepared, &config, &options).unwrap();
        assert_eq!((engine.columns(), pool.columns()), (3, 3));
        let measured = |rows: &ImportanceRows| rows.part("forest", model, (0, 1), 0..3, &mut Silent).unwrap();
        let (a, b) = (measured(&engine), measured(&pool));
        assert_eq!(a, b, "{max_rows} rows at most");
        assert_eq!(a.features[0].repeats.len(), 5);
        let joined = engine.join("forest", vec![b]).unwrap();
        assert_eq!(joined.rows, max_rows.min(whole.split.val.len()));
    }
}
