//! Tests of the wasm build: the `Session` API the page's worker calls, and
//! that the seeded generator gives the same bits in wasm as natively.
//! Under wasm32 they run in Node via `wasm-bindgen-test-runner` (see
//! scripts/test.sh); natively only the generator check runs. Knows nothing
//! of the page or the worker.

use rareclass::Rng;

/// The first four `u64` of `Rng::new(42)` (ChaCha8, key from rand_core's
/// `seed_from_u64(42)`, block counter 0, stream 0; each u64 is two
/// consecutive little-endian 32-bit output words, low word first).
///
/// Computed independently of Rust with the Python below, whose ChaCha core
/// reproduces RFC 8439 §2.3.2's test block (20 rounds) word for word:
///
/// ```python
/// M = (1 << 64) - 1
/// def seed_from_u64(state):              # rand_core 0.9: PCG32 output words
///     out = b""
///     for _ in range(8):
///         state = (state * 6364136223846793005 + 11634580027462260723) & M
///         xs = (((state >> 18) ^ state) >> 27) & 0xFFFFFFFF
///         rot = state >> 59
///         out += (((xs >> rot) | (xs << (32 - rot))) & 0xFFFFFFFF).to_bytes(4, "little")
///     return out
/// def rotl(x, n): return ((x << n) | (x >> (32 - n))) & 0xFFFFFFFF
/// def qr(s, a, b, c, d):
///     s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = rotl(s[d] ^ s[a], 16)
///     s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = rotl(s[b] ^ s[c], 12)
///     s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = rotl(s[d] ^ s[a], 8)
///     s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = rotl(s[b] ^ s[c], 7)
/// def block(key, words, rounds=8):       # words 12..15: counter lo, hi, stream lo, hi
///     init = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574]
///     init += [int.from_bytes(key[i:i + 4], "little") for i in range(0, 32, 4)] + words
///     s = init[:]
///     for _ in range(rounds // 2):
///         qr(s, 0, 4, 8, 12); qr(s, 1, 5, 9, 13); qr(s, 2, 6, 10, 14); qr(s, 3, 7, 11, 15)
///         qr(s, 0, 5, 10, 15); qr(s, 1, 6, 11, 12); qr(s, 2, 7, 8, 13); qr(s, 3, 4, 9, 14)
///     return [(a + b) & 0xFFFFFFFF for a, b in zip(s, init)]
/// assert block(bytes(range(32)), [1, 0x09000000, 0x4a000000, 0], 20)[:2] == [0xe4e7f110, 0x15593bd1]
/// w = block(seed_from_u64(42), [0, 0, 0, 0])
/// print([hex(w[2 * i] | (w[2 * i + 1] << 32)) for i in range(4)])
/// ```
const SEED_42_FIRST_FOUR: [u64; 4] = [
    0xae90_bfb5_395d_5ba1,
    0xf345_3fc6_2579_9188,
    0x6d71_b708_c5b6_538c,
    0xa09a_b2f9_5816_6752,
];

/// The same literal is asserted natively (`cargo test`) and in wasm, so the
/// two runs together check native/wasm identity as well as correctness.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn rng_seed_42_matches_the_chacha8_reference() {
    let mut rng = Rng::new(42);
    let got: Vec<u64> = (0..4).map(|_| rng.next_u64()).collect();
    assert_eq!(got, SEED_42_FIRST_FOUR);
}

#[cfg(target_arch = "wasm32")]
mod session {
    use ndarray::ArrayView2;
    use rareclass::models::logistic::{ClassWeight, FittedLogistic, LogisticParams};
    use rareclass::progress::Silent;
    use rareclass::web::{fit_logistic, read_model, score_csv, version, Session};
    use serde_json::Value;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Three rows, one numeric, one categorical, one with a missing cell.
    /// Hand-checked: x has min 1, mean (1 + 2.5 + 4) / 3 = 2.5, max 4; colour
    /// has "red" twice and "blue" once; note has one empty cell.
    const SMALL: &str = "x,colour,note\n1,red,a\n2.5,blue,\n4,red,c\n";

    /// Feeds `csv` in `chunk`-byte pieces; the first error, or the summary.
    fn read(csv: &str, chunk: usize) -> Result<Value, String> {
        let mut s = Session::new();
        for piece in csv.as_bytes().chunks(chunk) {
            s.push_chunk(piece).map_err(message)?;
        }
        assert_eq!(s.bytes_read(), csv.len() as f64);
        let summary = s.finish().map_err(message)?;
        serde_wasm_bindgen::from_value(summary).map_err(|e| e.to_string())
    }

    fn message(v: JsValue) -> String {
        match v.dyn_ref::<js_sys::Error>() {
            Some(err) => String::from(err.message()),
            None => format!("{v:?}"),
        }
    }

    fn column<'a>(summary: &'a Value, name: &str) -> &'a Value {
        summary["columns"]
            .as_array()
            .and_then(|cols| cols.iter().find(|c| c["name"] == name))
            .unwrap_or_else(|| panic!("no column {name} in {summary}"))
    }

    #[wasm_bindgen_test]
    fn small_csv_in_chunks_is_summarised() {
        // One-byte chunks split every row and field; 7 is not a row length.
        for chunk in [1, 7, 4096] {
            let s = read(SMALL, chunk).unwrap_or_else(|e| panic!("chunk {chunk}: {e}"));
            assert_eq!(s["rows"], 3, "{s}");
            assert_eq!(s["columns"].as_array().map(Vec::len), Some(3), "{s}");
            let x = column(&s, "x");
            assert_eq!(x["kind"], "numeric");
            assert_eq!(x["min"], 1.0);
            assert_eq!(x["mean"], 2.5);
            assert_eq!(x["max"], 4.0);
            assert_eq!(x["missing"], 0);
            let colour = column(&s, "colour");
            assert_eq!(colour["kind"], "categorical");
            assert_eq!(colour["top"][0][0], "red");
            assert_eq!(colour["top"][0][1], 2);
            assert_eq!(column(&s, "note")["missing"], 1);
        }
    }

    #[wasm_bindgen_test]
    fn ragged_row_throws_with_its_line_number() {
        // Line 1 is the header; "4,5" on line 3 has 2 fields of 3.
        let err = read("a,b,c\n1,2,3\n4,5\n6,7,8\n", 5).expect_err("a ragged row must fail");
        assert!(err.contains("line 3"), "{err}");
    }

    #[wasm_bindgen_test]
    fn a_finished_session_refuses_more_input() {
        let mut s = Session::new();
        s.push_chunk(b"a\n1\n").map_err(message).expect("valid CSV");
        s.finish().map_err(message).expect("valid CSV");
        let err = s.push_chunk(b"2\n").map_err(message).expect_err("already finished");
        assert!(err.contains("new session"), "{err}");
    }

    fn params(json: &str) -> JsValue {
        js_sys::JSON::parse(json).expect("test JSON")
    }

    #[wasm_bindgen_test]
    fn fit_logistic_intercept_only_is_the_log_odds() {
        // One all-zero feature: w stays 0 and the unpenalised intercept
        // maximises the likelihood alone, so P(y) = 1/4 and
        // b = ln(1/4 / (3/4)) = ln(1/3) = -1.0986122886681098.
        let x = [0.0f32; 4];
        let fit = fit_logistic(&x, 1, &[1, 0, 0, 0], params(r#"{"tol": 1e-12}"#))
            .map_err(message)
            .expect("a valid fit");
        let fit: Value = serde_wasm_bindgen::from_value(fit).expect("JSON-like");
        let b = fit["intercept"].as_f64().expect("intercept");
        assert!((b - (1.0f64 / 3.0).ln()).abs() < 1e-9, "{fit}");
        assert_eq!(fit["coef"][0], 0.0);
        assert_eq!(fit["converged"], true);
    }

    #[wasm_bindgen_test]
    fn fit_logistic_passes_through_unchanged() {
        // The binding only converts: its result equals the core's, bit for bit.
        let x: Vec<f32> = (0..40).map(|i| ((i * 37) % 11) as f32 / 5.0 - 1.0).collect();
        let y: Vec<u8> = (0..20).map(|i| u8::from(i % 3 == 0)).collect();
        let js = fit_logistic(&x, 2, &y, params(r#"{"c": 0.5, "class_weight": "balanced"}"#))
            .map_err(message)
            .expect("a valid fit");
        let js: FittedLogistic = serde_wasm_bindgen::from_value(js).expect("a fitted model");
        let core = LogisticParams::default()
            .c(0.5)
            .class_weight(ClassWeight::Balanced)
            .check()
            .expect("valid params")
            .fit(
                ArrayView2::from_shape((20, 2), &x).expect("20 × 2"),
                &y.iter().map(|&v| v != 0).collect::<Vec<_>>(),
                None,
                &mut Silent,
            )
            .expect("a valid fit");
        assert_eq!(js, core);
    }

    #[wasm_bindgen_test]
    fn fit_logistic_refuses_bad_input_with_a_message() {
        let y = [1u8, 0, 0];
        let wrong_size = fit_logistic(&[0.0; 7], 2, &y, JsValue::UNDEFINED).map_err(message);
        assert!(
            wrong_size.as_ref().is_err_and(|e| e.contains("x has 7 values")),
            "{wrong_size:?}"
        );
        let bad_c = fit_logistic(&[0.0; 6], 2, &y, params(r#"{"c": -1}"#)).map_err(message);
        assert!(bad_c.as_ref().is_err_and(|e| e.contains("C must be")), "{bad_c:?}");
        let unknown = fit_logistic(&[0.0; 6], 2, &y, params(r#"{"cee": 1}"#)).map_err(message);
        assert!(unknown.as_ref().is_err_and(|e| e.contains("cee")), "{unknown:?}");
        let one_class = fit_logistic(&[0.0; 6], 2, &[0, 0, 0], JsValue::NULL).map_err(message);
        assert!(
            one_class.as_ref().is_err_and(|e| e.contains("both classes")),
            "{one_class:?}"
        );
    }

    #[wasm_bindgen_test]
    fn version_is_the_crate_version() {
        assert_eq!(version(), env!("CARGO_PKG_VERSION"));
    }

    /// 300 rows: `x` rises with the label (positive when `i % 5 == 0`, so
    /// 60 positives), `g` is a category unrelated to it.
    fn learnable_csv() -> String {
        let mut csv = String::from("x,g,y\n");
        for i in 0..300 {
            let pos = i % 5 == 0;
            let x = (i % 17) as f64 / 17.0 + if pos { 0.8 } else { 0.0 };
            csv.push_str(&format!(
                "{x},{},{}\n",
                ["a", "b", "c"][i % 3],
                if pos { "yes" } else { "no" }
            ));
        }
        csv
    }

    fn loaded() -> Session {
        let mut s = Session::new();
        s.push_chunk(learnable_csv().as_bytes())
            .map_err(message)
            .expect("valid CSV");
        s.finish().map_err(message).expect("valid CSV");
        s
    }

    fn keep_going() -> js_sys::Function {
        js_sys::Function::new_with_args(
            "p",
            "globalThis.__stages = (globalThis.__stages || '') + p.stage + ' '; return true;",
        )
    }

    fn train(s: &mut Session, config: &str) -> Result<Value, String> {
        let out = s.train(params(config), Some(keep_going())).map_err(message)?;
        serde_wasm_bindgen::from_value(out).map_err(|e| e.to_string())
    }

    fn eval(s: &Session, t: f64) -> Value {
        serde_wasm_bindgen::from_value(s.evaluate_at(0, "test", t).map_err(message).expect("evaluate"))
            .expect("JSON-like")
    }

    #[wasm_bindgen_test]
    fn train_then_evaluate_choose_and_chart() {
        let mut s = loaded();
        let out = train(&mut s, r#"{"label": "y", "positive": {"value": "yes"}}"#).expect("trains");
        let stages = js_sys::Reflect::get(&js_sys::global(), &"__stages".into()).expect("global");
        assert!(
            stages
                .as_string()
                .is_some_and(|p| p.contains("prepare") && p.contains("fit")),
            "{stages:?}"
        );
        let split = &out["report"]["split"];
        let (rows, pos) = (
            split["test"].as_u64().unwrap(),
            split["test_positives"].as_u64().unwrap(),
        );
        // 20 % of 300 stratified: 60 rows, 12 of the 60 positives.
        assert_eq!((rows, pos), (60, 12), "{split}");
        assert_eq!(out["report"]["data"]["balance"], "60 of 300 = 20 %");
        // Threshold 0 predicts every row positive.
        let all = eval(&s, 0.0);
        assert_eq!(
            (all["tp"].as_u64(), all["fp"].as_u64()),
            (Some(pos), Some(rows - pos)),
            "{all}"
        );
        for t in [0.1, 0.5, 0.9] {
            let e = eval(&s, t);
            let n = ["tp", "fp", "tn", "fn"].map(|k| e[k].as_u64().unwrap());
            assert_eq!(n.iter().sum::<u64>(), rows);
            assert_eq!(n[0] + n[3], pos);
        }
        // Chosen on the validation rows, so best there (not on the test rows).
        let best = s
            .choose_threshold(0, params(r#"{"kind": "best_f1"}"#))
            .map_err(message)
            .expect("best F1");
        assert!((0.0..=1.0).contains(&best));
        let val_f1 = |t: f64| {
            let e: Value =
                serde_wasm_bindgen::from_value(s.evaluate_at(0, "val", t).map_err(message).unwrap()).unwrap();
            e["f1"].as_f64().unwrap()
        };
        for t in [0.1, 0.3, 0.5, 0.7] {
            assert!(val_f1(best) >= val_f1(t), "{best} vs {t}");
        }
        let cheap = s
            .choose_threshold(0, params(r#"{"kind": "min_cost", "c_fn": 5, "c_fp": 1}"#))
            .map_err(message)
            .expect("min cost");
        assert!((0.0..=1.0).contains(&cheap));
        for kind in ["roc", "pr", "confusion", "scores", "threshold", "ks"] {
            let ops = s
                .chart_ops(params(&format!(
                    r#"{{"kind": "{kind}", "width": 400, "height": 300, "threshold": {best}}}"#
                )))
                .map_err(message)
                .expect("a chart");
            let ops: Value = serde_json::from_str(&ops).expect("ops JSON");
            assert!(ops.as_array().is_some_and(|a| a.len() > 5), "{kind}: {ops}");
        }
        // A second run on the same split overlays; the first stays.
        let second = train(&mut s, r#"{"label": "y", "positive": {"value": "yes"}, "models": [{"kind": "logistic", "class_weight": "balanced"}]}"#)
            .expect("trains");
        assert_eq!(second["added"]["cleared"], false);
        assert_eq!(second["added"]["names"].as_array().map(Vec::len), Some(2));
        s.clear_runs();
        let err = s.evaluate_at(0, "test", 0.5).map_err(message).expect_err("no runs");
        assert!(err.contains("train one first"), "{err}");
    }

    #[wasm_bindgen_test]
    fn a_false_from_the_progress_callback_cancels() {
        let mut s = loaded();
        let stop = js_sys::Function::new_with_args("p", "return false;");
        let err = s.train(params(r#"{"label": "y"}"#), Some(stop)).expect_err("cancelled");
        // The page acts on the error's code, never on its text.
        let code = js_sys::Reflect::get(&err, &"code".into()).expect("a code property");
        assert_eq!(code.as_string().as_deref(), Some("cancelled"));
        assert_eq!(message(err), "cancelled");
        let err = s
            .train(params(r#"{"label": "y", "seed": "x"}"#), None)
            .expect_err("bad seed");
        let code = js_sys::Reflect::get(&err, &"code".into()).expect("a code property");
        assert_eq!(code.as_string().as_deref(), Some("bad_request"));
    }

    #[wasm_bindgen_test]
    fn bad_settings_throw_a_message() {
        let mut s = loaded();
        let err = train(&mut s, r#"{"label": "nope"}"#).expect_err("no such column");
        assert!(err.contains("nope"), "{err}");
        let err = train(&mut s, r#"{"label": "y", "models": [{"kind": "logistic", "c": -1}]}"#).expect_err("bad C");
        assert!(err.contains("C must be"), "{err}");
        let err = train(&mut s, r#"{"label": "y", "seed": "x"}"#).expect_err("bad seed");
        assert!(err.starts_with("training settings:"), "{err}");
        let err = s
            .evaluate_at(0, "everything", 0.5)
            .map_err(message)
            .expect_err("bad part");
        assert!(err.contains("\"test\""), "{err}");
        let err = s
            .choose_threshold(0, params(r#"{"kind": "recall", "target": 0.5}"#))
            .map_err(message)
            .expect_err("nothing trained");
        assert!(err.contains("train one first"), "{err}");
        let fresh = Session::new();
        let err = fresh.distinct_values("y", 10).map_err(message).expect_err("no table");
        assert!(err.contains("open a CSV file first"), "{err}");
        let d: Value = serde_wasm_bindgen::from_value(s.distinct_values("y", 10).map_err(message).expect("values"))
            .expect("JSON-like");
        assert_eq!(d["values"][0], serde_json::json!(["no", 240]));
        assert_eq!(d["values"][1], serde_json::json!(["yes", 60]));
        assert_eq!(d["more"], false);
    }

    /// Painting needs an `OffscreenCanvas`: Chromium has one, Node does not
    /// (there the test only checks that it is absent, and returns).
    #[wasm_bindgen_test]
    fn paint_sizes_the_backing_store_by_the_pixel_ratio() {
        let has = js_sys::Reflect::has(&js_sys::global(), &"OffscreenCanvas".into()).unwrap_or(false);
        if !has {
            return;
        }
        let mut s = loaded();
        train(&mut s, r#"{"label": "y"}"#).expect("trains");
        let canvas = web_sys::OffscreenCanvas::new(1, 1).expect("an OffscreenCanvas");
        for (dpr, want) in [(1.0, (400, 300)), (2.0, (800, 600)), (1.5, (600, 450))] {
            s.paint(
                "roc",
                &canvas,
                params(r#"{"kind": "roc", "width": 400, "height": 300}"#),
                dpr,
            )
            .map_err(message)
            .expect("painted");
            assert_eq!((canvas.width(), canvas.height()), want, "dpr {dpr}");
        }
        // The painted chart answers hover: the ROC curve ends at (1, 1),
        // the plot's top-right corner.
        let hit = (0..400)
            .step_by(4)
            .flat_map(|x| (0..300).step_by(4).map(move |y| (x as f32, y as f32)))
            .find_map(|(x, y)| s.hover("roc", x, y));
        assert!(hit.is_some_and(|h| h.contains("FPR")), "no hover target found");
        let err = s
            .paint("roc", &canvas, params(r#"{"kind": "pie"}"#), 1.0)
            .map_err(message)
            .expect_err("no pie charts");
        assert!(err.starts_with("chart request:"), "{err}");
    }

    /// Trains on every row (train share 1) so the run's train metrics and
    /// the saved model's metrics on the same file cover the same rows.
    fn saved_model() -> (Session, Value, String) {
        let mut s = loaded();
        let out = train(
            &mut s,
            r#"{"label": "y", "positive": {"value": "yes"}, "split": {"train": 1, "val": 0, "test": 0}}"#,
        )
        .expect("trains");
        let json = s.model_json(0, None).map_err(message).expect("a model file");
        (s, out, json)
    }

    fn scored(v: JsValue) -> Value {
        serde_wasm_bindgen::from_value(v).expect("JSON-like")
    }

    #[wasm_bindgen_test]
    fn a_saved_model_scores_its_training_file_as_the_run_did() {
        let (mut s, out, json) = saved_model();
        let info = scored(read_model(&json).map_err(message).expect("reads"));
        assert_eq!(info["label"], "y");
        assert_eq!(info["positive_class"], "yes");
        assert_eq!(info["features"], serde_json::json!(["x", "g"]));
        let res = scored(s.score_model(&json).map_err(message).expect("scores"));
        let (run, e) = (&out["report"]["models"][0]["train"], &res["summary"]["evaluation"]);
        // Same rows, same model: the confusion counts are equal and the
        // ranking metrics agree to rounding.
        for k in ["tp", "fp", "tn", "fn", "rows", "positives"] {
            assert_eq!(run[k], e[k], "{k}: run {run} vs saved {e}");
        }
        for k in ["roc_auc", "pr_auc", "log_loss"] {
            let (a, b) = (run[k].as_f64().unwrap(), e[k].as_f64().unwrap());
            assert!((a - b).abs() < 1e-12, "{k}: {a} vs {b}");
        }
        // The one-call form gives the very same scores.
        let once = scored(score_csv(&json, &learnable_csv()).map_err(message).expect("scores"));
        assert_eq!(once["scores"], res["scores"]);
        assert_eq!(res["scores"].as_array().map(Vec::len), Some(300));
        // Predictions CSV: header, one line per row, scores read back exactly.
        let csv = s.predictions_csv(Some("g".into())).map_err(message).expect("csv");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "row,g,score,label");
        assert_eq!(lines.len(), 301);
        for (r, line) in lines[1..].iter().enumerate() {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f[0], (r + 1).to_string());
            assert_eq!(f[1], ["a", "b", "c"][r % 3]);
            let score: f64 = f[2].parse().unwrap();
            assert_eq!(Some(score), res["scores"][r].as_f64());
            assert_eq!(f[3], if score >= 0.5 { "yes" } else { "no" });
        }
        let err = s
            .predictions_csv(Some("nope".into()))
            .map_err(message)
            .expect_err("no column");
        assert!(err.contains("\"nope\""), "{err}");
    }

    #[wasm_bindgen_test]
    fn scoring_names_missing_columns_and_lists_extra_ones() {
        let (_, _, json) = saved_model();
        let err = score_csv(&json, "g,z\na,1\n").map_err(message).expect_err("no x");
        assert_eq!(err, "the model needs column \"x\", which this file does not have");
        let res = scored(
            score_csv(&json, "note,g,x\nhi,a,0.1\nho,zz,0.9\n")
                .map_err(message)
                .expect("scores"),
        );
        let sum = &res["summary"];
        assert_eq!(sum["ignored_columns"], serde_json::json!(["note"]));
        assert_eq!(sum["unseen_categories"], serde_json::json!([["g", 1]]));
        assert_eq!(sum["has_label"], false);
        assert!(sum["evaluation"].is_null());
        assert!(res["scores"][1].as_f64() > res["scores"][0].as_f64());
    }

    #[wasm_bindgen_test]
    fn damaged_truncated_foreign_and_newer_model_files_are_refused_clearly() {
        let (mut s, _, json) = saved_model();
        let half = &json[..json.len() / 2];
        let newer = json.replacen("\"version\": 1,", "\"version\": 7,", 1);
        assert_ne!(newer, json, "the file has a version line");
        let damaged = json.replacen("\"threshold\": 0.5", "\"threshold\": zero", 1);
        assert_ne!(damaged, json, "the file has a threshold line");
        let cases = [
            ("", "model file is empty"),
            ("   \n", "model file is empty"),
            ("{\"weights\": [1, 2]}", "this is not a rareclass model file"),
            (half, "model file is cut short at line"),
            (
                &newer,
                "model file version 7 is newer than this rareclass reads (1); update rareclass",
            ),
            (&damaged, "model file is damaged at line"),
        ];
        for (text, want) in cases {
            for err in [
                read_model(text).map(|_| ()).map_err(message),
                score_csv(text, &learnable_csv()).map(|_| ()).map_err(message),
                s.score_model(text).map(|_| ()).map_err(message),
            ] {
                let err = err.expect_err(want);
                assert!(err.starts_with(want), "{want:?}: got {err:?}");
            }
        }
        let err = Session::new()
            .model_json(0, None)
            .map_err(message)
            .expect_err("nothing trained");
        assert!(err.contains("train one first"), "{err}");
        let err = s.model_json(3, None).map_err(message).expect_err("one model");
        assert_eq!(err, "model: there is no series 3; expected 0 to 0");
        let err = s
            .model_json(0, Some(1.5))
            .map_err(message)
            .expect_err("not a probability");
        assert!(err.starts_with("model: threshold 1.5 is not in [0, 1]"), "{err}");
        // A chosen threshold is saved and used: 0 predicts every row positive.
        let at0 = s.model_json(0, Some(0.0)).map_err(message).expect("a model file");
        let info = scored(read_model(&at0).map_err(message).expect("reads"));
        assert_eq!(info["threshold"], 0.0);
        let res = scored(score_csv(&at0, &learnable_csv()).map_err(message).expect("scores"));
        assert_eq!(res["summary"]["predicted_positive"], 300);
    }

    #[wasm_bindgen_test]
    fn from_csv_and_train_without_progress() {
        let mut s = Session::from_csv(&learnable_csv()).map_err(message).expect("reads");
        let summary: Value = scored(s.summary().map_err(message).expect("summary"));
        assert_eq!(summary["rows"], 300);
        let out = scored(
            s.train(params(r#"{"label": "y"}"#), None)
                .map_err(message)
                .expect("trains"),
        );
        assert_eq!(out["report"]["split"]["test"], 60);
        let err = Session::from_bytes(b"a,b\n1\n").map_err(message).err();
        assert!(err.is_some_and(|e| e.contains("line")), "a ragged row names its line");
    }
}

// The Explore tab's API (src/web/explore.rs).
#[cfg(target_arch = "wasm32")]
#[path = "web_explore.rs"]
mod web_explore;

// The grid-search pool's API (src/web/grid.rs).
#[cfg(target_arch = "wasm32")]
#[path = "web_grid.rs"]
mod web_grid;

// Hostile input through the library (issue 17): the tampered-model corpus
// of tests/data/tampered_models (see tests/golden/make_tampered_models.py)
// refused by `readModel` and `scoreCsv` with the same words as the CLI, and
// the settings link read with range checks.
#[cfg(target_arch = "wasm32")]
mod hostile {
    use rareclass::web::{parse_link, read_model, score_csv};
    use serde_json::Value;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::wasm_bindgen_test;

    const CORPUS: &str = include_str!("data/tampered_models/corpus.json");
    const ROWS: &str = include_str!("data/tampered_models/rows.csv");

    fn message(v: JsValue) -> String {
        match v.dyn_ref::<js_sys::Error>() {
            Some(err) => String::from(err.message()),
            None => format!("{v:?}"),
        }
    }

    #[wasm_bindgen_test]
    fn every_tampered_model_is_refused_with_its_reason() {
        let cases: Vec<Value> = serde_json::from_str(CORPUS).expect("corpus.json");
        assert!(cases.len() >= 16);
        for c in &cases {
            let name = c["name"].as_str().unwrap();
            let model = c["model"].as_str().unwrap();
            for err in [
                read_model(model).map(|_| ()).map_err(message),
                score_csv(model, ROWS).map(|_| ()).map_err(message),
            ] {
                let err = err.expect_err(name);
                for want in c["expect"].as_array().unwrap() {
                    let want = want.as_str().unwrap();
                    assert!(err.contains(want), "{name}: {err:?} lacks {want:?}");
                }
            }
        }
        let base = include_str!("data/tampered_models/base_mlp.json");
        assert!(score_csv(base, ROWS).is_ok(), "the untouched base file scores");
    }

    #[wasm_bindgen_test]
    fn links_are_range_checked_in_plain_words() {
        let err = |s: &str| parse_link(s).map(|_| ()).map_err(message).unwrap_err();
        assert!(err("#weight=__proto__").starts_with("\"weight\" must be one of none, balanced"));
        assert!(err("#seed=1e300").contains("whole number from 0 to 9007199254740991"));
        assert!(err("#c=1e-320").contains("from 0.000001 to 1000000, not \"1e-320\""));
        let huge = format!("#label={}", "a".repeat(2_000_000));
        assert!(err(&huge).starts_with("it is 2,000,006 characters long"));
        let ok: Value = serde_wasm_bindgen::from_value(parse_link("#c=0.5&seed=7").unwrap()).unwrap();
        assert_eq!((ok["c"].as_f64(), ok["seed"].as_u64()), (Some(0.5), Some(7)));
        assert!(ok["label"].is_null());
        assert!(parse_link("").unwrap().is_null());
        // A `set.` setting rides as a [key, value] pair, commas and all.
        let set: Value = serde_wasm_bindgen::from_value(parse_link("#model=mlp&set.hidden=64,32").unwrap()).unwrap();
        assert_eq!(set["set"], serde_json::json!([["hidden", "64,32"]]));
    }

    /// The Train tab's two calls: every kind's settings (the tutorial's 16
    /// units and dropout 0.5 as defaults), and a spec from `[key, value]`
    /// pairs whose values may hold commas; a refused value throws its reason.
    #[wasm_bindgen_test]
    fn the_settings_listing_and_specs_from_pairs_cross_to_js() {
        use rareclass::web::{model_settings, model_spec_of};
        let all: Value = serde_wasm_bindgen::from_value(model_settings().unwrap()).unwrap();
        let mlp = all["mlp"].as_array().unwrap();
        let find = |k: &str| mlp.iter().find(|s| s["key"] == k).unwrap().clone();
        assert_eq!(
            (find("hidden")["value"].as_str(), find("dropout")["value"].as_str()),
            (Some("16"), Some("0.5"))
        );
        assert_eq!(find("activation")["form"], "choice");
        let pairs = serde_wasm_bindgen::to_value(&[("hidden", "64,32"), ("activation", "tanh")]).unwrap();
        let spec: Value = serde_wasm_bindgen::from_value(model_spec_of("mlp", pairs).unwrap()).unwrap();
        let units: Vec<u64> = spec["params"]["hidden"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["units"].as_u64().unwrap())
            .collect();
        assert_eq!(units, [64, 32]);
        assert_eq!(spec["params"]["hidden"][1]["activation"], "tanh");
        let bad = serde_wasm_bindgen::to_value(&[("subsample", "2")]).unwrap();
        let err = model_spec_of("gbdt", bad).map(|_| ()).map_err(message).unwrap_err();
        assert!(err.contains("subsample"), "{err}");
    }
}

// The data check through the library (issue 11): every trap of the corpus
// (tests/common/traps.rs, the same bytes the native tests and the CLI see)
// raises its code in `train`'s report warnings, one of them in
// `compareTrain`'s too, and every near miss stays quiet.
#[cfg(target_arch = "wasm32")]
#[path = "common/traps.rs"]
mod traps;

#[cfg(target_arch = "wasm32")]
mod library_traps {
    use super::traps;
    use rareclass::web::Session;
    use serde_json::Value;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::wasm_bindgen_test;

    const BREAST_CANCER: &str = include_str!("../data/breast_cancer.csv");
    const LENDING_CLUB: &str = include_str!("../data/lending_club.csv");

    fn message(v: JsValue) -> String {
        v.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| format!("{v:?}"))
    }

    fn config(label: &str, positive: &str, models: &str) -> JsValue {
        let json = format!(r#"{{"label": "{label}", "positive": {{"value": "{positive}"}}, "models": {models}}}"#);
        js_sys::JSON::parse(&json).expect("JSON")
    }

    fn has(warnings: &Value, code: &str, column: Option<&str>) -> bool {
        warnings
            .as_array()
            .expect("warnings is a list")
            .iter()
            .any(|d| d["code"] == code && column.is_none_or(|c| d["column"] == c))
    }

    fn train(csv: &str, label: &str, positive: &str) -> Value {
        let mut s = Session::from_csv(csv).map_err(message).expect("reads");
        let out = s
            .train(config(label, positive, r#"[{"kind": "logistic"}]"#), None)
            .map_err(message)
            .expect("trains");
        serde_wasm_bindgen::from_value(out).expect("JSON-like")
    }

    #[wasm_bindgen_test]
    fn every_trap_shows_its_code_in_the_library_report() {
        for t in traps::traps(BREAST_CANCER, LENDING_CLUB) {
            let out = train(&t.csv, t.label, t.positive);
            assert!(
                has(&out["report"]["warnings"], t.code, t.column),
                "{}: {}",
                t.name,
                out["report"]["warnings"]
            );
        }
    }

    #[wasm_bindgen_test]
    fn compare_train_reports_the_data_check_too() {
        let t = traps::traps(BREAST_CANCER, LENDING_CLUB)
            .into_iter()
            .find(|t| t.name == "copied_label")
            .expect("trap");
        let mut s = Session::from_csv(&t.csv).map_err(message).expect("reads");
        let out = s
            .compare_train(
                config(t.label, t.positive, r#"[{"kind": "logistic"}, {"kind": "majority"}]"#),
                None,
            )
            .map_err(message)
            .expect("compares");
        let out: Value = serde_wasm_bindgen::from_value(out).expect("JSON-like");
        assert!(
            has(&out["report"]["warnings"], "possible-leakage", Some("diagnosis_code")),
            "{}",
            out["report"]["warnings"]
        );
    }

    #[wasm_bindgen_test]
    fn every_near_miss_stays_quiet_in_the_library_report() {
        for t in traps::near_misses(BREAST_CANCER, LENDING_CLUB) {
            let out = train(&t.csv, t.label, t.positive);
            assert!(
                !has(&out["report"]["warnings"], t.code, t.column),
                "{}: {}",
                t.name,
                out["report"]["warnings"]
            );
        }
    }
}

/// The tab's memory limits (src/limits.rs): the room left is the
/// instance's own, and a file whose table would leave no room to train on
/// it is refused at its first chunk.
#[cfg(target_arch = "wasm32")]
mod memory {
    use rareclass::limits::memory_room;
    use rareclass::web::Session;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_room_left_is_four_gib_less_the_instance_memory() {
        let before = memory_room().expect("a bound in wasm");
        assert!(before > 0 && before < 4 << 30, "{before}");
        // 64 MiB more in use: the memory grows by at least that (the heap
        // had less than 64 MiB free in one piece in a test instance).
        // (black_box: an allocation only read back may be optimised away.)
        let big = std::hint::black_box(vec![1u8; 64 << 20]);
        let after = memory_room().unwrap();
        assert!(before - after >= 64 << 20, "{before} → {after}");
        assert_eq!(big[12345], 1);
    }

    /// `rows` CSV rows of `cols` numeric cells each, "0.123456," a cell.
    fn rows(n: usize, cols: usize) -> Vec<u8> {
        let header: Vec<String> = (0..cols).map(|c| format!("c{c}")).collect();
        let mut s = header.join(",") + "\n";
        for r in 0..n {
            let cells: Vec<String> = (0..cols)
                .map(|c| format!("0.{:06}", (r * 7919 + c * 104729) % 1_000_000))
                .collect();
            s += &cells.join(",");
            s.push('\n');
        }
        s.into_bytes()
    }

    fn message(v: wasm_bindgen::JsValue) -> String {
        v.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| format!("{v:?}"))
    }

    #[wasm_bindgen_test]
    fn a_table_too_big_to_train_on_is_refused_at_the_first_chunk() {
        // 2,000 rows × 31 cells of 9 bytes (8 + the comma or newline): 279
        // bytes a row. A 2.2 GB file of such rows is about 2.2e9 / 279 × 1.05
        // = 8.3 million rows × 31 × 8 bytes = 2.06 GB, over the 1.75 GiB
        // (1.88 GB) a tab reads; a 1.8 GB file (1.69 GB) is under it.
        let chunk = rows(2000, 31);
        let mut s = Session::new();
        s.size_hint(2.2e9);
        let e = message(s.push_chunk(&chunk).expect_err("refused"));
        assert!(e.contains("more than the 1.88 GB a browser tab can hold"), "{e}");
        assert!(e.contains("command-line program"), "{e}");
        let mut s = Session::new();
        s.size_hint(1.8e9);
        s.push_chunk(&chunk).expect("under the budget: read on");
    }
}
