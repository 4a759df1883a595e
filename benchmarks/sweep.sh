#!/usr/bin/env bash
# Many parameter values from one Lanczos pass (issue 14): `bilinear --function exp:beta=0.01:0.01:1` (100 values)
# against the single largest value `exp:beta=1` (the one that needs the most steps), in both execution modes,
# side by side, and against scipy's expm_multiply with its start/stop/num grid on the same operator and vectors
# (benchmarks/python/sweep_scipy.py), on the SNAP graphs in $GRAPHS (default Email-Enron CA-HepPh) with u = node:U,
# v = node:V of an edge.
#
#   benchmarks/sweep.sh        (ROUNDS=2 MASTER='local[2]' STOP=auto WORK=/tmp/matfun-sweep OUT=benchmarks/results/sweep/README.md)
#   STOP=estimate OUT=benchmarks/results/sweep/estimate.md benchmarks/sweep.sh   # the same with --stop estimate
#
# Prints and writes a markdown table: Lanczos seconds (summary.json timings.lanczosSeconds) and steps per run,
# the grid/single ratio per mode and round, scipy's seconds and the largest relative difference between matfun's
# 100 values and scipy's. Build first: mvn -B -ntp package -DskipTests.
set -euo pipefail
ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DATA="$ROOT/../shared/data"
WORK="${WORK:-/tmp/matfun-sweep}"
RES="$ROOT/benchmarks/results/sweep"
ROUNDS="${ROUNDS:-2}"
MASTER="${MASTER:-local[2]}"
GRAPHS="${GRAPHS:-Email-Enron CA-HepPh}"
OUT="${OUT:-$RES/README.md}"
STOP="${STOP:-auto}"
PY="${PYTHON:-python3}"
mkdir -p "$WORK" "$RES"

pair() {  # the (u, v) of each graph: the first edge of the file
  zcat "$DATA/snap/$1.txt.gz" | grep -v '^#' | head -1 | tr -d '\r' | awk '{print $1, $2}'
}

run() {  # out-dir, graph, function, mode, u, v
  deploy/matfun bilinear --matrix "$DATA/snap/$2.txt.gz" --function "$3" --u "node:$5" --v "node:$6" \
    --distribute "$4" --stop "$STOP" --master "$MASTER" --quiet --output "$WORK/$1" --overwrite
}

{
  echo "# Many parameter values from one Lanczos pass"
  echo
  echo "\`STOP=$STOP benchmarks/sweep.sh\` ($(date -u +%Y-%m-%d), $(nproc) cores, master $MASTER, --stop $STOP): u^T exp(beta A) v on the"
  echo "symmetrized adjacency, grid = \`exp:beta=0.01:0.01:1\` (100 values, one pass), single = \`exp:beta=1\`."
  echo "Lanczos seconds = summary.json timings.lanczosSeconds (the steps and the quadrature, no load); ratio = grid/single."
  echo
  echo "| graph | mode | round | single: steps | single: s | grid: steps | grid: s | ratio | load |"
  echo "|---|---|---|---|---|---|---|---|---|"
} > "$WORK/table.md"
: > "$WORK/scipy.md"
for g in $GRAPHS; do
  read -r U V < <(pair "$g")
  for round in $(seq 1 "$ROUNDS"); do
    for mode in runs rows; do
      load="$(cut -d' ' -f1 /proc/loadavg)"
      run "$g-$mode-single-$round" "$g" "exp:beta=1" "$mode" "$U" "$V"
      run "$g-$mode-grid-$round" "$g" "exp:beta=0.01:0.01:1" "$mode" "$U" "$V"
      "$PY" - "$WORK/$g-$mode-single-$round/summary.json" "$WORK/$g-$mode-grid-$round/summary.json" "$g" "$mode" \
        "$round" "$load" >> "$WORK/table.md" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); g = json.load(open(sys.argv[2]))
a = s["timings"]["lanczosSeconds"]; b = g["timings"]["lanczosSeconds"]
print(f"| {sys.argv[3]} | {sys.argv[4]} | {sys.argv[5]} | {s['steps']} | {a:.3f} | {g['steps']} | {b:.3f} | {b / a:.2f} | {sys.argv[6]} |")
PY
    done
  done
  "$PY" benchmarks/python/sweep_scipy.py "$DATA/snap/$g.txt.gz" "$U" "$V" 0.01 1 100 \
    "$WORK/$g-runs-grid-1/summary.json" "$WORK/$g-rows-grid-1/summary.json" > "$WORK/$g-scipy.json"
  "$PY" - "$WORK/$g-scipy.json" "$g" "$WORK/$g-runs-grid-1/summary.json" >> "$WORK/scipy.md" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); m = json.load(open(sys.argv[3]))
d = max(x["maxRelativeDifference"] for x in s["matfun"])
print(f"| {sys.argv[2]} | {s['n']} | {s['nnz']} | {m['timings']['lanczosSeconds']:.3f} | {m['wallSeconds']:.1f} | "
      f"{s['scipyGridSeconds']:.3f} | {s['scipySingleSeconds']:.3f} | {d:.1e} |")
PY
done
{
  cat "$WORK/table.md"
  echo
  echo "Median ratio over the rounds (each round runs single and grid back to back, so load affects both):"
  echo
  "$PY" - "$WORK/table.md" <<'PY'
import collections, statistics, sys
r = collections.defaultdict(list)
for line in open(sys.argv[1]):
    c = [x.strip() for x in line.strip().strip("|").split("|")]
    if len(c) == 9 and c[2].isdigit():
        r[(c[0], c[1])].append(float(c[7]))
print("| graph | mode | rounds | median ratio | min | max |")
print("|---|---|---|---|---|---|")
for (g, m), v in r.items():
    print(f"| {g} | {m} | {len(v)} | {statistics.median(v):.2f} | {min(v):.2f} | {max(v):.2f} |")
PY
  echo
  echo "Against scipy (\`expm_multiply(A, e_v, start=0.01, stop=1, num=100, endpoint=True)\`, then entry u), same machine:"
  echo
  echo "| graph | n | nnz | matfun grid, runs mode: Lanczos s | matfun grid: wall s (JVM, Spark, load) | scipy grid s | scipy single beta=1 s | max relative difference, 100 values, both modes |"
  echo "|---|---|---|---|---|---|---|---|"
  cat "$WORK/scipy.md"
} | tee "$OUT"
