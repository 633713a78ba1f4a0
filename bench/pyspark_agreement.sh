#!/usr/bin/env bash
# Not CI (it needs a JRE, 17+): trains rareclass's logistic model on a file,
# exports the PySpark MLlib script (`rareclass export --pyspark`), runs it in
# Spark's local mode on the same split rows, and prints the largest
# coefficient and intercept difference from rareclass (target 1e-3) with the
# test ROC-AUC of both, and the load average.
#
# Usage: bash bench/pyspark_agreement.sh [DATA.csv LABEL POSITIVE]
# (default: the demo, data/lending_club.csv, Class, bad). PySpark (pinned
# below) goes into bench/.venv-spark on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-data/lending_club.csv} label=${2:-Class} positive=${3:-bad}
venv=bench/.venv-spark
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check pyspark==4.3.0 numpy==2.4.6
fi
java -version 2>&1 | head -1
cargo build --quiet --bin rareclass
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for weight in none balanced; do
  ./target/debug/rareclass -q train "$data" --label "$label" --positive "$positive" --class-weight "$weight" \
    --set tol=1e-10 --export "$work/model.json" --report "$work/report.json" > /dev/null
  ./target/debug/rareclass export "$work/model.json" --pyspark "$work/spark.py" --data "$data" 2> /dev/null
  start=$SECONDS
  "$venv/bin/python" "$work/spark.py" "$data" --json "$work/spark.json" > "$work/spark.log" 2>&1 \
    || { tail -20 "$work/spark.log"; exit 1; }
  "$venv/bin/python" - "$work" "$weight" $((SECONDS - start)) <<'PY'
import json, os, sys
work, weight, secs = sys.argv[1], sys.argv[2], sys.argv[3]
spark = json.load(open(f"{work}/spark.json"))
model = json.load(open(f"{work}/model.json"))
report = json.load(open(f"{work}/report.json"))["models"][0]["test"]
want = dict(zip(model["pipeline"]["feature_names"], model["model"]["coef"]))
got = spark["coefficients"]
missing = set(want) ^ set(got)
coef = max(abs(got[k] - v) for k, v in want.items() if k in got)
icpt = abs(spark["intercept"] - model["model"]["intercept"])
print(f"| {weight} | {len(want)} | {'none' if not missing else sorted(missing)} | {coef:.2e} | {icpt:.2e} | "
      f"{report['roc_auc']:.6f} | {spark['metrics']['test']['roc_auc']:.6f} | {secs} s | {os.getloadavg()[0]:.2f} |")
PY
done
