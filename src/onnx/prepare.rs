//! The fitted preparation pipeline ([`crate::pipeline`]) as ONNX nodes: one
//! graph input per raw column, the same steps in the same order as
//! [`FittedPipeline::transform`], ending in one float `[N, F]` feature
//! matrix in the pipeline's feature order.
//!
//! Numbers are prepared in double precision, as the pipeline does, and cast
//! to float only where the pipeline casts to `f32`, so the model sees the
//! same features. Inputs: numeric columns are double `[N, 1]` (NaN =
//! missing; what pandas and Spark hold): a float input would round the raw
//! value before the pipeline, which moves a standardised feature by an ulp
//! and can send a row the other way at a tree split that the Rust model
//! decides on the unrounded value. Date-time columns are double seconds
//! since 1970-01-01 UTC; categorical and boolean columns are strings, with
//! the reader's missing markers (`""`, `NA`, …) meaning missing.

use super::graph::{Attr, Elem, Graph, ML_DOMAIN};
use super::OnnxError;
use crate::data::table::ColumnKind;
use crate::data::ReadOptions;
use crate::pipeline::{ColumnStep, FittedPipeline};

/// The boolean spellings the reader accepts, `(false, true)`; it compares
/// them case-insensitively, the graph lists the usual cases.
const BOOL_SPELLINGS: [(&str, &str); 5] = [("false", "true"), ("no", "yes"), ("n", "y"), ("f", "t"), ("0", "1")];

/// Cased variants of an ASCII word: as is, upper, capitalised.
fn cases(s: &str) -> Vec<String> {
    let mut cap = s.to_string();
    if let Some(first) = cap.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    let mut v = vec![s.to_string(), s.to_ascii_uppercase(), cap];
    v.dedup();
    v
}

/// How a raw column reaches the graph: its element type and what it means.
pub fn input_of(kind: ColumnKind) -> (Elem, &'static str) {
    match kind {
        ColumnKind::Numeric => (Elem::Double, "numeric; NaN = missing"),
        ColumnKind::DateTime => (Elem::Double, "date-time as seconds since 1970-01-01 UTC; NaN = missing"),
        ColumnKind::Boolean => (
            Elem::String,
            "boolean as text (true/false, yes/no, y/n, t/f, 1/0); empty or NA = missing",
        ),
        ColumnKind::Categorical | ColumnKind::Text => (Elem::String, "category as text; empty or NA = missing"),
    }
}

/// Adds one graph input per pipeline input column and the nodes that turn
/// them into the feature matrix; returns its name (float `[N, F]`).
pub fn features(g: &mut Graph, pipeline: &FittedPipeline) -> Result<String, OnnxError> {
    let markers: Vec<String> = ReadOptions::default().missing_markers;
    let mut parts: Vec<String> = Vec::new();
    // Every input first, so no inner value takes a column's name.
    for input in &pipeline.inputs {
        let name = &input.name;
        if name.is_empty() {
            return Err(OnnxError::EmptyColumnName);
        }
        let (elem, doc) = input_of(input.kind);
        if !g.input(name, elem, 1, &format!("column \"{name}\": {doc}")) {
            return Err(OnnxError::DuplicateColumn(name.clone()));
        }
    }
    for input in &pipeline.inputs {
        let name = &input.name;
        match &input.step {
            ColumnStep::Number {
                log_eps,
                fill,
                indicator,
                center,
                scale,
                clip,
            } => {
                let x = match input.kind {
                    ColumnKind::Boolean => {
                        let (keys, values): (Vec<String>, Vec<f32>) = BOOL_SPELLINGS
                            .iter()
                            .flat_map(|(f, t)| {
                                let f = cases(f).into_iter().map(|s| (s, 0.0));
                                let t = cases(t).into_iter().map(|s| (s, 1.0));
                                f.chain(t).collect::<Vec<_>>()
                            })
                            .unzip();
                        let v = g.node(
                            "LabelEncoder",
                            ML_DOMAIN,
                            &[name],
                            vec![
                                ("keys_strings", Attr::Strs(keys)),
                                ("values_floats", Attr::Floats(values)),
                                ("default_float", Attr::Float(f32::NAN)),
                            ],
                        );
                        g.cast(&v, Elem::Double)
                    }
                    _ => name.clone(),
                };
                let v = match log_eps {
                    Some(eps) => {
                        let e = g.const_f64("log_eps", &[*eps], &[]);
                        let shifted = g.node("Add", "", &[&x, &e], vec![]);
                        g.node("Log", "", &[&shifted], vec![])
                    }
                    None => x,
                };
                // NaN also covers a log of a value below -eps, as in the pipeline.
                let missing = g.node("IsNaN", "", &[&v], vec![]);
                let fill = g.const_f64("fill", &[*fill], &[]);
                let filled = g.node("Where", "", &[&missing, &fill, &v], vec![]);
                let z = scale_clip(g, &filled, *center, *scale, *clip);
                parts.push(g.cast(&z, Elem::Float));
                if *indicator {
                    parts.push(g.cast(&missing, Elem::Float));
                }
            }
            ColumnStep::OneHot {
                categories,
                fill,
                indicator,
            } => {
                let code = category_code(g, name, categories, fill.as_deref(), &markers);
                if !categories.is_empty() {
                    // Row i, feature k is 1 when the code is k: unseen (-1) matches none.
                    let ks: Vec<i64> = (0..categories.len() as i64).collect();
                    let ks = g.const_i64("categories", &ks, &[1, categories.len() as i64]);
                    let hot = g.node("Equal", "", &[&code, &ks], vec![]);
                    parts.push(g.cast(&hot, Elem::Float));
                }
                if *indicator {
                    parts.push(missing_text(g, name, &markers));
                }
            }
            ColumnStep::LabelEncoded {
                categories,
                fill,
                indicator,
                center,
                scale,
                clip,
            } => {
                let code = category_code(g, name, categories, fill.as_deref(), &markers);
                let code = g.cast(&code, Elem::Double);
                let z = scale_clip(g, &code, *center, *scale, *clip);
                parts.push(g.cast(&z, Elem::Float));
                if *indicator {
                    parts.push(missing_text(g, name, &markers));
                }
            }
        }
    }
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    Ok(g.node("Concat", "", &refs, vec![("axis", Attr::Int(1))]))
}

/// `clip((v − center) / scale)` in double, skipping steps that are the
/// identity (the pipeline's `(v − 0) / 1` is exactly `v`).
fn scale_clip(g: &mut Graph, v: &str, center: f64, scale: f64, clip: Option<f64>) -> String {
    let mut v = v.to_string();
    if center != 0.0 {
        let c = g.const_f64("center", &[center], &[]);
        v = g.node("Sub", "", &[&v, &c], vec![]);
    }
    if scale != 1.0 {
        let s = g.const_f64("scale", &[scale], &[]);
        v = g.node("Div", "", &[&v, &s], vec![]);
    }
    if let Some(c) = clip {
        let lo = g.const_f64("clip_min", &[-c], &[]);
        let hi = g.const_f64("clip_max", &[c], &[]);
        v = g.node("Clip", "", &[&v, &lo, &hi], vec![]);
    }
    v
}

/// The fitted category index of each cell (int64 `[N, 1]`): a missing cell
/// takes the fill category's index, an unseen category (or a missing cell
/// with no fill) is -1.
fn category_code(g: &mut Graph, name: &str, categories: &[String], fill: Option<&str>, markers: &[String]) -> String {
    let fill_index = fill
        .and_then(|f| categories.iter().position(|c| c == f))
        .map_or(-1, |i| i as i64);
    let mut keys: Vec<String> = categories.to_vec();
    let mut values: Vec<i64> = (0..categories.len() as i64).collect();
    for m in markers {
        if !keys.contains(m) {
            keys.push(m.clone());
            values.push(fill_index);
        }
    }
    g.node(
        "LabelEncoder",
        ML_DOMAIN,
        &[name],
        vec![
            ("keys_strings", Attr::Strs(keys)),
            ("values_int64s", Attr::Ints(values)),
            ("default_int64", Attr::Int(-1)),
        ],
    )
}

/// 1.0 where the text cell is a missing marker, else 0.0 (float `[N, 1]`).
fn missing_text(g: &mut Graph, name: &str, markers: &[String]) -> String {
    g.node(
        "LabelEncoder",
        ML_DOMAIN,
        &[name],
        vec![
            ("keys_strings", Attr::Strs(markers.to_vec())),
            ("values_floats", Attr::Floats(vec![1.0; markers.len()])),
            ("default_float", Attr::Float(0.0)),
        ],
    )
}
