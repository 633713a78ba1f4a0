//! wasm tests of the grid-search pool's API (src/web/grid.rs), declared
//! from tests/web.rs: the CSV read once into typed arrays, two
//! `GridWorker`s built from them (one from copies of the arrays, as a
//! transfer leaves them), fits dealt between them and joined by
//! `assembleGrid` equal `Session.gridSearch` re-reading the CSV; the same
//! from the session's own table (`gridTable`) with the data check made
//! once (`gridChecks`) and handed to both workers; broken arrays are
//! refused with a message. Knows nothing of the page.

use js_sys::{Float64Array, Reflect, Uint32Array};
use rareclass::web::grid::{assemble_grid, table_buffers, GridWorker};
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

/// 200 rows `x,g,y`: `x` rises with the label (positive when `i % 5 == 0`)
/// with overlap, `g` a category with no signal.
fn csv() -> String {
    let mut out = String::from("x,g,y\n");
    for i in 0..200 {
        let pos = i % 5 == 0;
        let x = (i % 11) as f64 / 11.0 + if pos { 0.4 } else { 0.0 };
        out.push_str(&format!(
            "{x},{},{}\n",
            ["a", "b", "c"][i % 3],
            if pos { "yes" } else { "no" }
        ));
    }
    out
}

const CONFIG: &str = r#"{"label": "y", "models": [{"kind": "logistic"}]}"#;
const GRID: &str = "C=0.01,1;class_weight=none,balanced";

/// The report without its timings (which differ from run to run).
fn untimed(mut v: Value) -> Value {
    for cell in v["cells"].as_array_mut().into_iter().flatten() {
        for fold in cell["cv"]["folds"].as_array_mut().into_iter().flatten() {
            fold["fit_seconds"] = Value::Null;
        }
    }
    v
}

/// `buffers` with every typed array copied (what each worker gets when
/// the page cannot share them).
fn copied(buffers: &JsValue) -> JsValue {
    let out = js_sys::Object::new();
    for key in ["header", "numbers", "codes", "levelEnds", "levelText"] {
        let v = Reflect::get(buffers, &key.into()).unwrap();
        let slice = Reflect::get(&v, &"slice".into()).unwrap();
        let v = match slice.dyn_ref::<js_sys::Function>() {
            Some(f) => f.call0(&v).unwrap(),
            None => v,
        };
        Reflect::set(&out, &key.into(), &v).unwrap();
    }
    out.into()
}

#[wasm_bindgen_test]
fn pooled_fits_from_shared_buffers_equal_one_session() {
    let text = csv();
    let s = Session::from_csv(&text).map_err(message).expect("csv");
    let whole = value(
        s.grid_search(js(CONFIG), GRID, 3, "auto", None, None)
            .map_err(message)
            .expect("grid search"),
    );
    let buffers = table_buffers(text.as_bytes()).map_err(message).expect("buffers");
    let rows = Reflect::get(&Reflect::get(&buffers, &"header".into()).unwrap(), &"n_rows".into()).unwrap();
    assert_eq!(rows.as_f64(), Some(200.0));
    let numbers: Float64Array = Reflect::get(&buffers, &"numbers".into()).unwrap().dyn_into().unwrap();
    assert_eq!(numbers.length(), 200, "one numeric column, x");
    let mut pool = [
        GridWorker::new(buffers.clone(), js(CONFIG), GRID, 3, "auto", JsValue::UNDEFINED)
            .map_err(message)
            .expect("worker 0"),
        GridWorker::new(copied(&buffers), js(CONFIG), GRID, 3, "auto", JsValue::UNDEFINED)
            .map_err(message)
            .expect("worker 1"),
    ];
    assert_eq!((pool[0].cells(), pool[0].folds()), (4, 3));
    let fits = js_sys::Array::new();
    for f in 0..3 {
        for c in 0..4 {
            fits.push(&pool[(c + f) % 2].run(c, f, None).map_err(message).expect("fit"));
        }
    }
    fits.reverse();
    let empty = pool[1].empty_report().map_err(message).expect("empty");
    let joined = value(
        assemble_grid(empty.clone(), fits.clone().into())
            .map_err(message)
            .expect("assemble"),
    );
    assert_eq!(untimed(joined), untimed(whole));
    // One fit short.
    fits.pop();
    let e = assemble_grid(empty, fits.into()).map_err(message).unwrap_err();
    assert!(e.contains("has no fit on fold"), "{e}");
}

#[wasm_bindgen_test]
fn the_sessions_table_and_one_check_equal_one_session() {
    let s = Session::from_csv(&csv()).map_err(message).expect("csv");
    let whole = value(
        s.grid_search(js(CONFIG), GRID, 3, "roc_auc", None, None)
            .map_err(message)
            .expect("grid search"),
    );
    let buffers = s.grid_table().map_err(message).expect("the session's table");
    let checks = s.grid_checks(js(CONFIG)).map_err(message).expect("checks");
    assert!(
        value(checks.clone())["left_out"].is_array(),
        "{:?}",
        value(checks.clone())
    );
    let mut pool = [
        GridWorker::new(buffers.clone(), js(CONFIG), GRID, 3, "roc_auc", checks.clone())
            .map_err(message)
            .expect("worker 0"),
        GridWorker::new(copied(&buffers), js(CONFIG), GRID, 3, "roc_auc", checks)
            .map_err(message)
            .expect("worker 1"),
    ];
    let timings = value(pool[1].timings().map_err(message).expect("timings"));
    assert!(
        timings["build"].as_f64().is_some() && timings["check"].as_f64().is_some(),
        "{timings}"
    );
    let fits = js_sys::Array::new();
    for f in 0..3 {
        for c in 0..4 {
            fits.push(&pool[usize::from(f == 1)].run(c, f, None).map_err(message).expect("fit"));
        }
    }
    let empty = pool[0].empty_report().map_err(message).expect("empty");
    let joined = value(assemble_grid(empty, fits.into()).map_err(message).expect("assemble"));
    assert_eq!(untimed(joined), untimed(whole));
    // No table yet: a message, not a trap.
    let e = Session::new().grid_table().map(|_| ()).map_err(message).unwrap_err();
    assert!(e.contains("CSV") || e.contains("table"), "{e}");
}

#[wasm_bindgen_test]
fn broken_buffers_are_refused() {
    let buffers = table_buffers(csv().as_bytes()).map_err(message).expect("buffers");
    let short = copied(&buffers);
    Reflect::set(&short, &"codes".into(), &Uint32Array::new_with_length(3)).unwrap();
    let e = GridWorker::new(short, js(CONFIG), GRID, 3, "auto", JsValue::UNDEFINED)
        .map(|_| ())
        .map_err(message)
        .unwrap_err();
    assert!(e.contains("3 codes, but 2 columns × 200 rows need 400"), "{e}");
    let wrong = copied(&buffers);
    Reflect::set(&wrong, &"numbers".into(), &Uint32Array::new_with_length(200)).unwrap();
    let e = GridWorker::new(wrong, js(CONFIG), GRID, 3, "auto", JsValue::UNDEFINED)
        .map(|_| ())
        .map_err(message)
        .unwrap_err();
    assert!(e.contains("\"numbers\" is missing or not the typed array"), "{e}");
    let e = table_buffers(b"a,b\n1\n").map_err(message).unwrap_err();
    assert!(e.contains("line"), "{e}");
}
