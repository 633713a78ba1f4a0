//! The grid search shared by a pool of workers (`rareclass::app::grid`):
//! the CSV read once into table buffers, each worker's table built from
//! them, single (cell, fold) fits dealt to two workers in a shuffled
//! order, crossing to the page as JSON, and joined — equal, bit for bit
//! (timings aside), to the report of one session re-reading the CSV and
//! running the whole grid. With column kinds chosen by the user, a rare
//! category that some held-out folds never saw in training (their
//! warnings), and the refusals of a fit missing, twice or out of the grid.
//! Also the page's path: the buffers from the session that already holds
//! the table and the data check made once for the pool (a column it leaves
//! out), fits dealt fold by fold with steals — the same report again.
//! All data is generated here (seeded).

use rareclass::app::grid::{assemble, table_buffers, GridWorker};
use rareclass::app::Session;
use rareclass::cv::{GridReport, GridTaskResult};
use rareclass::experiment::ExperimentConfig;
use rareclass::progress::Silent;
use rareclass::Rng;

/// `n` rows `amount,shop,code,label`: label "yes" for about 1 in 5 rows
/// (the first 3 always), `amount` shifted up by 1.2 for them, `shop` a
/// category where "kiosk" appears on row 7 only (so the fold holding it
/// never saw it in training), `code` small integers the config reads as
/// categories.
fn csv(n: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::from("amount,shop,code,label\n");
    for i in 0..n {
        let positive = rng.uniform() < 0.2 || i < 3;
        let amount = rng.normal() + if positive { 1.2 } else { 0.0 };
        let shop = if i == 7 {
            "kiosk"
        } else {
            ["web", "store"][rng.below(2)]
        };
        out.push_str(&format!(
            "{amount:.4},{shop},{},{}\n",
            rng.below(3),
            if positive { "yes" } else { "no" }
        ));
    }
    out
}

const CONFIG: &str = r#"{"label": "label", "positive": {"value": "yes"}, "seed": 11,
    "kinds": {"code": "categorical"}}"#;
const GRID: &str = "C=0.01,1,100;class_weight=none,balanced";

fn config() -> ExperimentConfig {
    serde_json::from_str(CONFIG).unwrap()
}

/// The report as JSON, every fit's seconds zeroed (they differ per run).
fn untimed(r: &GridReport) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap();
    for c in v["cells"].as_array_mut().unwrap() {
        for f in c["cv"]["folds"].as_array_mut().unwrap() {
            f["fit_seconds"] = 0.0.into();
        }
    }
    v
}

/// Through JSON and back, as a worker's answer crosses to the page.
fn crossed<T: serde::Serialize + serde::de::DeserializeOwned>(x: &T) -> T {
    serde_json::from_str(&serde_json::to_string(x).unwrap()).unwrap()
}

/// Every (cell, fold) fit of a pool of `workers`, handed out from one
/// fold-major queue in turn, the answers then shuffled.
fn pooled(bytes: &[u8], workers: usize, folds: usize, scoring: &str) -> (GridReport, Vec<GridTaskResult>) {
    let buffers = table_buffers(bytes).unwrap();
    let mut pool: Vec<GridWorker> = (0..workers)
        .map(|_| GridWorker::from_buffers(buffers.clone(), &config(), GRID, folds, scoring, None).unwrap())
        .collect();
    let cells = pool[0].cells();
    let mut results = Vec::new();
    for f in 0..folds {
        for c in 0..cells {
            let w = (f * cells + c) % workers;
            results.push(crossed(&pool[w].run(c, f, &mut Silent).unwrap()));
        }
    }
    Rng::new(3).shuffle(&mut results);
    (crossed(&pool[1 % workers].empty_report()), results)
}

#[test]
fn shared_buffers_and_pooled_fits_give_the_single_run_report() {
    let bytes = csv(400, 5).into_bytes();
    let one = Session::from_bytes(&bytes)
        .unwrap()
        .grid_search(&config(), GRID, 4, "auto", None, &mut Silent)
        .unwrap();
    // The generated file has about 20 % positives: "auto" ranks by PR-AUC
    // (under 20 %) or ROC-AUC, and says why; the pool must say the same.
    assert!(one.scoring_note.is_some());
    assert_eq!(one.cells.len(), 6);
    assert!(
        one.warnings.iter().any(|w| w.code == "unseen-category"),
        "the fold holding row 7 sees \"kiosk\" untrained: {:?}",
        one.warnings
    );
    for workers in [1, 2, 3] {
        let (empty, results) = pooled(&bytes, workers, 4, "auto");
        assert_eq!(results.len(), 24);
        let joined = assemble(empty, results).unwrap();
        assert_eq!(untimed(&joined), untimed(&one), "{workers} workers");
    }
    // Every fit's scores, not only the summaries: fold 2 of cell 5.
    let (empty, results) = pooled(&bytes, 2, 4, "auto");
    let joined = assemble(empty, results).unwrap();
    let bits = |r: &GridReport| {
        r.cells[5].cv.folds[2]
            .roc
            .iter()
            .map(|p| (p.0.to_bits(), p.1.to_bits()))
            .collect::<Vec<_>>()
    };
    assert_eq!(bits(&joined), bits(&one));
}

#[test]
fn a_fit_missing_twice_or_outside_the_grid_is_refused() {
    let bytes = csv(200, 9).into_bytes();
    let (empty, results) = pooled(&bytes, 2, 3, "roc_auc");
    let e = assemble(empty.clone(), results[1..].to_vec()).unwrap_err();
    assert!(e.message.contains("has no fit on fold"), "{e}");
    let mut twice = results.clone();
    twice.push(results[4].clone());
    let e = assemble(empty.clone(), twice).unwrap_err();
    assert!(e.message.contains("was run twice on fold"), "{e}");
    // A whole cell missing: 5 of the 6 cells.
    let five: Vec<GridTaskResult> = results.iter().filter(|t| t.cell != 2).cloned().collect();
    let e = assemble(empty.clone(), five).unwrap_err();
    assert_eq!(e.message, "grid search: the fits cover 5 of the grid's 6 cells");
    let mut foreign = results.clone();
    foreign[0].cell = 6;
    let e = assemble(empty, foreign).unwrap_err();
    assert!(
        e.message.contains("cell 6 on fold") && e.message.contains("6 cells × 3 folds"),
        "{e}"
    );
    // A worker refuses a fit outside its grid, and a bad grid or scoring up front.
    let buffers = table_buffers(&bytes).unwrap();
    let mut w = GridWorker::from_buffers(buffers.clone(), &config(), GRID, 3, "roc_auc", None).unwrap();
    assert!(w
        .run(6, 0, &mut Silent)
        .unwrap_err()
        .message
        .contains("grid cell 6 does not exist; the grid has 6"));
    assert!(w
        .run(0, 3, &mut Silent)
        .unwrap_err()
        .message
        .contains("fold 3 does not exist; the search has 3"));
    let e = GridWorker::from_buffers(buffers.clone(), &config(), "C=", 3, "roc_auc", None)
        .err()
        .unwrap();
    assert!(e.message.starts_with("grid search:"), "{e}");
    let e = GridWorker::from_buffers(buffers, &config(), GRID, 3, "auc", None)
        .err()
        .unwrap();
    assert!(e.message.contains("roc_auc"), "{e}");
    assert!(table_buffers(b"").is_err());
}

/// [`csv`] with a column `batch` that holds "b1" in every row: the data
/// check leaves it out of the features (constant), so a check handed to
/// the workers must carry that decision.
fn csv_with_constant(n: usize, seed: u64) -> String {
    csv(n, seed)
        .lines()
        .enumerate()
        .map(|(i, line)| format!("{line},{}\n", if i == 0 { "batch" } else { "b1" }))
        .collect()
}

#[test]
fn the_sessions_table_and_one_data_check_give_the_single_run_report() {
    let bytes = csv_with_constant(300, 8).into_bytes();
    let session = Session::from_bytes(&bytes).unwrap();
    let one = session
        .grid_search(&config(), GRID, 3, "roc_auc", None, &mut Silent)
        .unwrap();
    assert_eq!(
        one.left_out,
        vec!["batch".to_string()],
        "the constant column is left out"
    );
    let checks = session.grid_checks(&config()).unwrap();
    assert_eq!(checks.left_out, one.left_out);
    let checks = crossed(&checks);
    let buffers = session.table_buffers().unwrap();
    assert_eq!(
        buffers,
        table_buffers(&bytes).unwrap(),
        "the session's table is the file's"
    );
    let mut pool: Vec<GridWorker> = (0..2)
        .map(|_| {
            GridWorker::from_buffers(buffers.clone(), &config(), GRID, 3, "roc_auc", Some(checks.clone())).unwrap()
        })
        .collect();
    // Worker 0 takes folds 0 and 2, worker 1 fold 1 and then steals the
    // last cells of fold 2: each prepares a fold once per visit, four in
    // all for the 18 fits.
    let cells = pool[0].cells();
    let deal: Vec<(usize, usize, usize)> = (0..cells)
        .map(|c| (0, c, 0))
        .chain((0..cells).map(|c| (1, c, 1)))
        .chain((0..cells).map(|c| (if c < 4 { 0 } else { 1 }, c, 2)))
        .collect();
    let mut results = Vec::new();
    let mut prepared = 0;
    for (w, c, f) in deal {
        let r = crossed(&pool[w].run(c, f, &mut Silent).unwrap());
        prepared += usize::from(r.prepare_seconds > 0.0);
        results.push(r);
    }
    assert_eq!(prepared, 4, "a worker prepares a fold once while it stays on it");
    let joined = assemble(crossed(&pool[1].empty_report()), results).unwrap();
    assert_eq!(untimed(&joined), untimed(&one));
}
