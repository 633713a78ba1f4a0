//! wasm tests of the Explore tab's API (src/web/explore.rs), declared from
//! tests/web.rs: a grid split into two workers' shares and merged equals the
//! one-worker report; merging refuses overlapping, missing and foreign
//! parts; the simple-model check fits majority, logistic and tree on one
//! split; the signal table names a leaking column; the explore charts throw
//! a message for a bad request. Knows nothing of the page or its workers.

use rareclass::web::explore::merge_grid_parts;
use rareclass::web::Session;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn message(v: JsValue) -> String {
    match v.dyn_ref::<js_sys::Error>() {
        Some(err) => String::from(err.message()),
        None => format!("{v:?}"),
    }
}

fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("test JSON")
}

fn value(v: JsValue) -> Value {
    serde_wasm_bindgen::from_value(v).expect("JSON-like")
}

/// 240 rows: `x` rises with the label (positive when `i % 4 == 0`, 60
/// positives) with overlap, `leak` equals the label, `g` is unrelated.
fn csv(with_leak: bool) -> String {
    let mut out = String::from(if with_leak { "x,g,leak,y\n" } else { "x,g,y\n" });
    for i in 0..240 {
        let pos = i % 4 == 0;
        let x = (i % 13) as f64 / 13.0 + if pos { 0.5 } else { 0.0 };
        let g = ["a", "b", "c"][i % 3];
        let y = if pos { "yes" } else { "no" };
        if with_leak {
            out.push_str(&format!("{x},{g},{},{y}\n", u8::from(pos)));
        } else {
            out.push_str(&format!("{x},{g},{y}\n"));
        }
    }
    out
}

const CONFIG: &str = r#"{"label": "y", "models": [{"kind": "logistic"}]}"#;
const GRID: &str = "C=0.01,1;class_weight=none,balanced";

fn grid(s: &Session, cells: Option<Vec<u32>>) -> Value {
    value(
        s.grid_search(js(CONFIG), GRID, 3, "roc_auc", cells, None)
            .map_err(message)
            .expect("grid search"),
    )
}

/// Parts as the page hands them over: plain JS objects (through JSON, as
/// `serde_wasm_bindgen` would make a JSON map a JS `Map`).
fn parts(v: Vec<Value>) -> JsValue {
    js(&serde_json::to_string(&v).expect("JSON"))
}

/// The report without its timings (which differ from run to run).
fn untimed(mut v: Value) -> Value {
    for cell in v["cells"].as_array_mut().into_iter().flatten() {
        for fold in cell["cv"]["folds"].as_array_mut().into_iter().flatten() {
            fold["fit_seconds"] = Value::Null;
        }
    }
    v
}

#[wasm_bindgen_test]
fn two_shares_merged_equal_one_run() {
    let s = Session::from_csv(&csv(false)).map_err(message).expect("csv");
    let whole = grid(&s, None);
    assert_eq!(whole["cells"].as_array().map(Vec::len), Some(4));
    // Round-robin shares, as the page deals them, merged in the wrong order.
    let a = grid(&s, Some(vec![0, 2]));
    let b = grid(&s, Some(vec![1, 3]));
    assert_eq!(a["best"], Value::Null, "a part has no best");
    let shares = parts(vec![b.clone(), a.clone()]);
    let merged = value(merge_grid_parts(shares).map_err(message).expect("merge"));
    assert_eq!(untimed(merged), untimed(whole));
    // A cell twice, a cell missing, and a part of another search are refused.
    let twice = parts(vec![a.clone(), a.clone(), b.clone()]);
    assert!(merge_grid_parts(twice)
        .map_err(message)
        .unwrap_err()
        .contains("run twice"));
    let missing = parts(vec![a.clone()]);
    assert!(merge_grid_parts(missing)
        .map_err(message)
        .unwrap_err()
        .contains("2 of the grid's 4 cells"));
    let other = value(
        s.grid_search(js(CONFIG), GRID, 4, "roc_auc", Some(vec![1, 3]), None)
            .map_err(message)
            .expect("grid search"),
    );
    let foreign = parts(vec![a, other]);
    assert!(merge_grid_parts(foreign)
        .map_err(message)
        .unwrap_err()
        .contains("different searches"));
}

#[wasm_bindgen_test]
fn simple_check_fits_three_models_on_one_split() {
    let s = Session::from_csv(&csv(false)).map_err(message).expect("csv");
    let rows = value(s.simple_check(js(CONFIG), None).map_err(message).expect("check"));
    let kinds: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["majority", "logistic", "tree"]);
    // A constant score ranks nothing: ROC-AUC exactly 0.5.
    assert_eq!(rows[0]["roc_auc"], 0.5);
    // x separates the classes well (positives are shifted by 0.5 on a
    // [0, 1) pattern): both real models beat chance clearly.
    assert!(rows[1]["roc_auc"].as_f64().unwrap() > 0.8, "{rows}");
    assert!(rows[2]["roc_auc"].as_f64().unwrap() > 0.8, "{rows}");
}

#[wasm_bindgen_test]
fn signal_table_names_a_leaking_column() {
    let s = Session::from_csv(&csv(true)).map_err(message).expect("csv");
    let out = value(
        s.signal_table(js(r#"{"label": "y"}"#))
            .map_err(message)
            .expect("signal"),
    );
    assert_eq!(out["signal"]["features"][0]["column"], "leak");
    let codes: Vec<&str> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"possible-leakage"), "{codes:?}");
    let err = s.signal_table(js(r#"{"label": "nope"}"#)).map_err(message).unwrap_err();
    assert!(err.contains("nope"), "{err}");
}
