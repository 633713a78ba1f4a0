//! Each fitted model kind as ONNX nodes from the float feature matrix
//! `[N, F]` to the positive-class probability, float `[N, 1]`, computed the
//! way the Rust model computes it: logistic in double, the MLP in float,
//! trees and forests as `ai.onnx.ml` `TreeEnsembleRegressor`s whose leaf
//! values are the leaves' positive shares, boosted trees as one summing
//! their leaf values onto the base score, then a sigmoid.

use super::graph::{float_tensor_1, Attr, Elem, Graph, ML_DOMAIN};
use crate::experiment::FittedModel;
use crate::models::gbdt::FittedGbdt;
use crate::models::tree::FittedTree;
use crate::nn::Activation;

/// The probability node of `model` applied to `x` (float `[N, F]`).
pub fn probability(g: &mut Graph, model: &FittedModel, x: &str) -> String {
    match model {
        FittedModel::Logistic(m) => {
            // The Rust model sums f32 features times f64 weights in f64.
            let xd = g.cast(x, Elem::Double);
            let w = g.const_f64("coef", &m.coef, &[m.coef.len() as i64, 1]);
            let b = g.const_f64("intercept", &[m.intercept], &[]);
            let z = g.node("MatMul", "", &[&xd, &w], vec![]);
            let z = g.node("Add", "", &[&z, &b], vec![]);
            let p = g.node("Sigmoid", "", &[&z], vec![]);
            g.cast(&p, Elem::Float)
        }
        FittedModel::Mlp(m) => {
            let mut cur = x.to_string();
            for layer in &m.network.layers {
                let w = g.const_f32("weight", &layer.w, &[layer.n_in as i64, layer.n_out as i64]);
                let b = g.const_f32("bias", &layer.b, &[layer.n_out as i64]);
                let z = g.node("MatMul", "", &[&cur, &w], vec![]);
                let z = g.node("Add", "", &[&z, &b], vec![]);
                // Dropout is the identity when scoring.
                cur = match layer.activation {
                    Activation::Relu => g.node("Relu", "", &[&z], vec![]),
                    Activation::Sigmoid => g.node("Sigmoid", "", &[&z], vec![]),
                    Activation::Tanh => g.node("Tanh", "", &[&z], vec![]),
                    Activation::Linear => z,
                };
            }
            g.node("Sigmoid", "", &[&cur], vec![])
        }
        FittedModel::Tree(t) => tree_ensemble(g, std::slice::from_ref(t), x),
        FittedModel::Forest(f) => tree_ensemble(g, &f.trees, x),
        FittedModel::Gbdt(m) => boosted_trees(g, m, x),
        FittedModel::Majority(m) => {
            // Every row scores the training rate: a [N, 1] constant.
            let n = g.node("Shape", "", &[x], vec![("start", Attr::Int(0)), ("end", Attr::Int(1))]);
            let one = g.const_i64("one", &[1], &[1]);
            let shape = g.node("Concat", "", &[&n, &one], vec![("axis", Attr::Int(0))]);
            g.node(
                "ConstantOfShape",
                "",
                &[&shape],
                vec![("value", Attr::Tensor(Box::new(float_tensor_1(m.positive_rate as f32))))],
            )
        }
    }
}

/// The largest `f32` at or below `t`. For a float feature `v`,
/// `v as f64 <= t` exactly when `v <= down(t)`, so a float threshold makes
/// the same decisions as the model's f64 one (rounding to nearest would
/// not, for a `v` between `t` and its rounding).
pub(crate) fn f32_at_or_below(t: f64) -> f32 {
    let r = t as f32;
    if (r as f64) <= t {
        r
    } else {
        next_down(r)
    }
}

/// The next `f32` below a finite `r` (`f32::next_down` needs Rust 1.86;
/// the crate supports 1.85).
fn next_down(r: f32) -> f32 {
    if r == 0.0 {
        -f32::from_bits(1)
    } else if r > 0.0 {
        f32::from_bits(r.to_bits() - 1)
    } else {
        f32::from_bits(r.to_bits() + 1)
    }
}

/// Trees averaged (one tree: its own value): a `TreeEnsembleRegressor` with
/// `BRANCH_LEQ` nodes (left when `x <= threshold`, NaN goes right as in the
/// Rust trees) and the leaves' positive shares as weights.
fn tree_ensemble(g: &mut Graph, trees: &[FittedTree], x: &str) -> String {
    let mut a = Ensemble::default();
    for (tid, t) in trees.iter().enumerate() {
        for node in 0..t.node_count() {
            let left = t.children_left()[node] as i64;
            let leaf = left == 0;
            a.tree_ids.push(tid as i64);
            a.node_ids.push(node as i64);
            a.feature_ids.push(if leaf { 0 } else { t.feature()[node] as i64 });
            a.values.push(if leaf {
                0.0
            } else {
                f32_at_or_below(t.threshold()[node])
            });
            a.modes.push(if leaf { "LEAF" } else { "BRANCH_LEQ" }.to_string());
            a.true_ids.push(left);
            a.false_ids.push(t.children_right()[node] as i64);
            if leaf {
                a.target_tree_ids.push(tid as i64);
                a.target_node_ids.push(node as i64);
                a.target_weights.push(t.value()[node] as f32);
            }
        }
    }
    let aggregate = if trees.len() == 1 { "SUM" } else { "AVERAGE" };
    a.node(g, x, aggregate, "NONE", None)
}

/// Boosted trees: a `TreeEnsembleRegressor` summing the leaf values (the
/// saved thresholds are already `f32` values; NaN takes the saved side)
/// onto `base_score`, then the sigmoid.
fn boosted_trees(g: &mut Graph, m: &FittedGbdt, x: &str) -> String {
    let mut a = Ensemble::default();
    for (tid, t) in m.trees().iter().enumerate() {
        for node in 0..t.value.len() {
            let left = t.left[node] as i64;
            let leaf = left == 0;
            a.tree_ids.push(tid as i64);
            a.node_ids.push(node as i64);
            a.feature_ids.push(if leaf { 0 } else { t.feature[node] as i64 });
            a.values.push(if leaf { 0.0 } else { t.threshold[node] as f32 });
            a.modes.push(if leaf { "LEAF" } else { "BRANCH_LEQ" }.to_string());
            a.true_ids.push(left);
            a.false_ids.push(t.right[node] as i64);
            a.missing_true.push((!leaf && t.missing_left[node]) as i64);
            if leaf {
                a.target_tree_ids.push(tid as i64);
                a.target_node_ids.push(node as i64);
                a.target_weights.push(t.value[node] as f32);
            }
        }
    }
    let z = a.node(g, x, "SUM", "NONE", Some(m.base_score() as f32));
    g.node("Sigmoid", "", &[&z], vec![])
}

/// The attribute arrays of a `TreeEnsembleRegressor` with one target.
#[derive(Default)]
pub struct Ensemble {
    pub tree_ids: Vec<i64>,
    pub node_ids: Vec<i64>,
    pub feature_ids: Vec<i64>,
    pub values: Vec<f32>,
    pub modes: Vec<String>,
    pub true_ids: Vec<i64>,
    pub false_ids: Vec<i64>,
    /// 1 where a missing (NaN) value takes the true branch.
    pub missing_true: Vec<i64>,
    pub target_tree_ids: Vec<i64>,
    pub target_node_ids: Vec<i64>,
    pub target_weights: Vec<f32>,
}

impl Ensemble {
    /// The regressor node on `x`; float `[N, 1]` out.
    pub fn node(self, g: &mut Graph, x: &str, aggregate: &str, post: &str, base: Option<f32>) -> String {
        let n_targets = self.target_weights.len();
        let mut attrs = vec![
            ("n_targets", Attr::Int(1)),
            ("aggregate_function", Attr::Str(aggregate.into())),
            ("post_transform", Attr::Str(post.into())),
            ("nodes_treeids", Attr::Ints(self.tree_ids)),
            ("nodes_nodeids", Attr::Ints(self.node_ids)),
            ("nodes_featureids", Attr::Ints(self.feature_ids)),
            ("nodes_values", Attr::Floats(self.values)),
            ("nodes_modes", Attr::Strs(self.modes)),
            ("nodes_truenodeids", Attr::Ints(self.true_ids)),
            ("nodes_falsenodeids", Attr::Ints(self.false_ids)),
            ("target_treeids", Attr::Ints(self.target_tree_ids)),
            ("target_nodeids", Attr::Ints(self.target_node_ids)),
            ("target_ids", Attr::Ints(vec![0; n_targets])),
            ("target_weights", Attr::Floats(self.target_weights)),
        ];
        if !self.missing_true.is_empty() {
            attrs.push(("nodes_missing_value_tracks_true", Attr::Ints(self.missing_true)));
        }
        if let Some(b) = base {
            attrs.push(("base_values", Attr::Floats(vec![b])));
        }
        g.node("TreeEnsembleRegressor", ML_DOMAIN, &[x], attrs)
    }
}
