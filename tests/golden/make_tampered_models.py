#!/usr/bin/env python3
"""Writes tests/data/tampered_models/corpus.json: hand-edited (tampered) model
files, each with the words the refusal must contain, for the CLI test
(tests/tampered.rs), the wasm library test (tests/web.rs) and the page test
(tests/e2e/chaos.test.mjs).

The three base files are real `rareclass train --export` outputs on
`rows.csv`'s generator (300 rows: x1, x2 ~ N(0, 1), color in red/green/blue,
y = x1 + 0.5·x2 + N(0, 0.7) > 1.6; seed 7): an MLP with one hidden layer of
4 units (5 features in: x1, x2 and three one-hot colours), a forest of 2
trees of depth 2, a logistic regression. Each case edits one thing, as a
person with a text editor (or a broken download) would. The expected words
are written from the edit, not copied from rareclass's output: e.g. cutting
10 of layer 1's 20 weights must be reported as "10 weights" against the
"5 inputs × 4 outputs" = 20 the layer needs.

Plain Python 3, no packages: python3 tests/golden/make_tampered_models.py
"""
import copy
import json
import os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "tampered_models")


def load(name):
    with open(os.path.join(HERE, f"base_{name}.json")) as f:
        return json.load(f)


def layers(m):
    return m["model"]["network"]["layers"]


def trees(m):
    return m["model"]["trees"]


cases = []


def case(name, finding, base, edit, expect, text=None):
    """One tampered file: `edit` changes a copy of `base` (or `text` maps the
    JSON text), and the refusal must contain every string of `expect`."""
    m = copy.deepcopy(load(base))
    if edit:
        edit(m)
    body = json.dumps(m, indent=1)
    if text:
        body = text(body)
    cases.append({"name": name, "finding": finding, "base": base, "expect": expect, "model": body})


# --- the six cases of issue 17, finding 2
def short_weights(m):
    layers(m)[0]["w"] = layers(m)[0]["w"][:-10]


case("mlp_weights_10_short", 2, "mlp", short_weights,
     ["layer 1 has 10 weights", "5 inputs × 4 outputs needs 20"])


def huge_n_out(m):
    layers(m)[1]["n_out"] = 10**9


case("mlp_n_out_1e9", 2, "mlp", huge_n_out,
     ["layer 2 has 4 weights", "4 inputs × 1000000000 outputs"])


def three_outputs(m):
    last = layers(m)[1]
    last["n_out"] = 3
    last["w"] = last["w"] * 3
    last["b"] = last["b"] * 3


case("mlp_last_layer_3_outputs", 2, "mlp", three_outputs, ["the last layer has 3 outputs"])


def mismatched(m):
    first = layers(m)[0]
    first["n_out"] = 5
    first["w"] = first["w"] + first["w"][:5]
    first["b"] = first["b"] + [0.0]


case("mlp_mismatched_layers", 2, "mlp", mismatched, ["layer 2 takes 4 inputs but layer 1 gives 5 outputs"])

# 1e39 is past f32's 3.4e38: it reads as an f32 infinity. (Python writes
# floats in range only, so a marker value is replaced in the text.)
MARK = 123456.75


def mark_weight(m):
    layers(m)[0]["w"][0] = MARK


case("mlp_weight_1e39", 2, "mlp", mark_weight, ["layer 1 weight 1 is inf"],
     text=lambda t: t.replace(str(MARK), "1e39", 1))


def no_trees(m):
    m["model"]["trees"] = []


case("forest_no_trees", 2, "forest", no_trees, ["the forest has no trees"])


# --- ten (and more) further edits
def short_bias(m):
    layers(m)[0]["b"] = layers(m)[0]["b"][:3]


case("mlp_bias_short", 2, "mlp", short_bias, ["layer 1 has 3 biases", "4 outputs"])


def dropout_2(m):
    layers(m)[0]["dropout"] = 2.0


case("mlp_dropout_2", 2, "mlp", dropout_2, ["layer 1 has dropout 2", "[0, 1)"])


def no_layers(m):
    m["model"]["network"]["layers"] = []


case("mlp_no_layers", 2, "mlp", no_layers, ["the network has no layers"])


def null_weight(m):
    layers(m)[0]["w"][3] = None


case("mlp_null_weight", 2, "mlp", null_weight, ["damaged at line", "null"])


def six_inputs(m):
    first = layers(m)[0]
    first["n_in"] = 6
    first["w"] = first["w"] + first["w"][:4]


case("mlp_six_inputs", 2, "mlp", six_inputs, ["the pipeline makes 5 features but the model takes 6"])


def mixed_trees(m):
    trees(m)[1]["n_features"] = 7


case("forest_trees_disagree", 2, "forest", mixed_trees, ["tree 2 reads 7 features but tree 1 reads 5"])


def child_out_of_range(m):
    trees(m)[0]["children_left"][0] = 999


case("tree_child_out_of_range", 2, "forest", child_out_of_range, ["saved tree is damaged", "node 0", "999"])


def value_2(m):
    trees(m)[0]["value"][0] = 2.0


case("tree_value_2", 2, "forest", value_2, ["node 0: value 2 is not in [0, 1]"])


def coef_short(m):
    m["model"]["coef"] = m["model"]["coef"][:4]


case("logistic_coef_short", 2, "logistic", coef_short, ["the pipeline makes 5 features but the model takes 4"])

# 1e309 is past f64's range: not a number JSON readers accept.
def mark_coef(m):
    m["model"]["coef"][0] = MARK


case("logistic_coef_1e309", 2, "logistic", mark_coef, ["damaged at line"],
     text=lambda t: t.replace(str(MARK), "1e309", 1))


def threshold(m):
    m["threshold"] = 1.5


case("threshold_1_5", 2, "logistic", threshold, ["threshold 1.5 is not in [0, 1]"])


def zero_scale(m):
    m["pipeline"]["inputs"][0]["step"]["scale"] = 0.0


case("pipeline_scale_0", 2, "mlp", zero_scale, ["column \"x1\" has scale 0"])


def renamed_column(m):
    m["schema"][1]["name"] = "x9"


case("schema_renamed", 2, "forest", renamed_column, ["which the schema does not list"])


def majority_rate(m):
    m["model"] = {"kind": "majority", "positive_rate": 2.0}


case("majority_rate_2", 2, "logistic", majority_rate, ["positive rate is 2", "[0, 1]"])


def newer(m):
    m["version"] = 2


case("newer_version", 2, "mlp", newer, ["version 2 is newer"])
case("truncated", 2, "forest", None, ["cut short"], text=lambda t: t[: len(t) // 2])

if __name__ == "__main__":
    out = os.path.join(HERE, "corpus.json")
    with open(out, "w") as f:
        json.dump(cases, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(cases)} cases → {out}")
