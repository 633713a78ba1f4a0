#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ (libFuzzer, nightly Rust): the CSV
# reader whole and chunked, the model-file loader, the settings-link parser
# and the run config / grid parser. Each must never panic, abort or hang on
# any input. Seeds: the CSV fixtures (tests/data, tests/e2e/fixtures), the
# tampered-model corpus and its base files, fuzz/seeds/.
#
#   bash scripts/fuzz.sh                 # every target ~20 s (what CI runs)
#   bash scripts/fuzz.sh 600 csv_whole   # one target for 10 minutes
#   FUZZ_RUNS=10000000 bash scripts/fuzz.sh 0 link   # 10^7 executions (0: no time limit)
#   FUZZ_WORK=DIR ...                    # keep the corpora in DIR between runs
#
# Prints one line per target: executions, seconds, corpus size, crashes and
# the load average when it ended. A crash
# leaves its input in fuzz/artifacts/TARGET/ and makes the exit status
# non-zero; reproduce it with `cargo +nightly-2026-10-30 fuzz run -s none --release -a TARGET FILE` and turn
# it into a test. Needs the nightly toolchain and cargo-fuzz
# (scripts/setup.sh installs both).
set -uo pipefail
cd "$(dirname "$0")/.."

# The nightly scripts/setup.sh installs (keep the two in step).
toolchain=+nightly-2026-10-30

secs=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv_whole csv_chunked model_file link config)

work=${FUZZ_WORK:-$(mktemp -d)}
say() { printf '[fuzz] %s\n' "$*"; }

# Seed corpora, made fresh from the fixtures (nothing duplicated in git).
seed() {
  local t=$1 dir=$work/seeds/$t
  mkdir -p "$dir"
  case $t in
    csv_whole | csv_chunked)
      cp tests/data/*.csv tests/data/*.tsv tests/e2e/fixtures/*.csv "$dir"/ 2>/dev/null
      cp tests/data/tampered_models/rows.csv "$dir"/
      ;;
    model_file)
      cp tests/data/tampered_models/base_*.json fuzz/seeds/model_file/*.json "$dir"/
      python3 - "$dir" <<'PY'
import json, sys
for c in json.load(open("tests/data/tampered_models/corpus.json")):
    open(f"{sys.argv[1]}/{c['name']}.json", "w").write(c["model"])
PY
      ;;
    link | config) cp fuzz/seeds/"$t"/* "$dir"/ ;;
  esac
  echo "$dir"
}

# One build for every target (they share the crate). No sanitizer: the
# code is safe Rust, so what libFuzzer looks for is a panic, an abort
# (allocation past the budget) or a hang, and the build is minutes faster.
# Debug assertions on (-a): an integer overflow is a crash too, as in the
# dev builds the tests run, instead of a silent wrap.
say "building ${targets[*]}"
one=()
[ ${#targets[@]} -eq 1 ] && one=("${targets[0]}")
cargo $toolchain fuzz build -s none --release -a "${one[@]}" >"$work/build.log" 2>&1 ||
  { tail -30 "$work/build.log"; exit 1; }

failed=0
for t in "${targets[@]}"; do
  seeds=$(seed "$t")
  corpus=$work/corpus/$t
  mkdir -p "$corpus"
  limit=(-max_total_time="$secs")
  [ -n "${FUZZ_RUNS:-}" ] && limit+=(-runs="$FUZZ_RUNS")
  log=$work/$t.log
  t0=$SECONDS
  # rss_limit: the core's memory budget is 2 GiB; 2.5 GB leaves room for libFuzzer.
  cargo $toolchain fuzz run -s none --release -a "$t" "$corpus" "$seeds" -- \
    "${limit[@]}" -rss_limit_mb=2560 -timeout=30 -max_len=65536 -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  size=$(find "$corpus" -type f | wc -l)
  crashes=$(find "fuzz/artifacts/$t" -type f 2>/dev/null | wc -l)
  printf '[fuzz] %-12s %12s executions in %5s s  %6s corpus files  %s crash files  exit %s  load %s\n' \
    "$t" "${runs:-?}" $((SECONDS - t0)) "$size" "$crashes" "$rc" "$(cut -d' ' -f1-3 /proc/loadavg)"
  if [ $rc -ne 0 ]; then
    failed=1
    grep -m5 -E 'panicked|ERROR|SUMMARY|Test unit written' "$log"
  fi
done
[ -n "${FUZZ_WORK:-}" ] || rm -rf "$work"
exit $failed
