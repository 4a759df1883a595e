#!/usr/bin/env bash
# Many parameter values from one Lanczos pass on a complex Hermitian operator (issue 14): `bilinear --operator
# magnetic-adjacency:q=0.25 --function expi:t=T/100:T/100:T` (100 values, one pass) against the single largest value
# `expi:t=T` (the one that needs the most steps), run-parallel mode, interleaved rounds, and against scipy's
# expm_multiply(-i H, e_v, start=T/100, stop=T, num=100, endpoint=True) on the same operator and vectors
# (benchmarks/python/sweep_complex_scipy.py). Graphs (directed, ../shared/data): C. elegans (GML, weighted) and
# soc-Slashdot0902 (SNAP, 82,168 nodes), with u = node:U, v = node:V.
#
#   benchmarks/sweep-complex.sh   (ROUNDS=3 MASTER='local[2]' WORK=/tmp/matfun-sweep-complex
#                                  OUT=benchmarks/results/sweep-complex/README.md)
#
# Prints and writes a markdown table: per round the steps, summary.json timings.lanczosSeconds (broadcast, the Spark
# job, the collect) and run.tasks.taskSeconds (core's estimator inside the task: the Lanczos pass and all the values'
# quadrature), their grid/single ratios, and the 1-minute load average before the pair; then scipy's seconds and the
# largest relative difference between matfun's values and scipy's. Build first: mvn -B -ntp package -DskipTests.
set -euo pipefail
ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DATA="$ROOT/../shared/data"
WORK="${WORK:-/tmp/matfun-sweep-complex}"
RES="$ROOT/benchmarks/results/sweep-complex"
ROUNDS="${ROUNDS:-3}"
MASTER="${MASTER:-local[2]}"
OUT="${OUT:-$RES/README.md}"
PY="${PYTHON:-python3}"
Q=0.25
# name|file|u|v|T|grid start=step
CASES="${CASES:-celegans|networks/celegansneural.gml.gz|1|10|1|0.01 slashdot|snap/soc-Slashdot0902.txt.gz|0|1|0.5|0.005}"
mkdir -p "$WORK" "$RES"

run() {  # out-dir, file, function, u, v
  deploy/matfun bilinear --matrix "$DATA/$2" --operator "magnetic-adjacency:q=$Q" --function "$3" --u "node:$4" \
    --v "node:$5" --distribute runs --master "$MASTER" --quiet --output "$WORK/$1" --overwrite 2>/dev/null
}

{
  echo "| graph | round | single: steps | single: Lanczos s | single: task s | grid: steps | grid: Lanczos s | grid: task s | ratio Lanczos | ratio task | load |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
} > "$WORK/table.md"
: > "$WORK/scipy.md"
for c in $CASES; do
  IFS='|' read -r name file U V T S <<< "$c"
  for round in $(seq 1 "$ROUNDS"); do
    load="$(cut -d' ' -f1 /proc/loadavg)"
    if (( round % 2 == 1 )); then
      run "$name-single-$round" "$file" "expi:t=$T" "$U" "$V"
      run "$name-grid-$round" "$file" "expi:t=$S:$S:$T" "$U" "$V"
    else  # alternate the order within a round
      run "$name-grid-$round" "$file" "expi:t=$S:$S:$T" "$U" "$V"
      run "$name-single-$round" "$file" "expi:t=$T" "$U" "$V"
    fi
    "$PY" - "$WORK/$name-single-$round/summary.json" "$WORK/$name-grid-$round/summary.json" "$name" "$round" \
      "$load" >> "$WORK/table.md" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); g = json.load(open(sys.argv[2]))
assert len(g["values"]) == 100, len(g["values"])
a = s["timings"]["lanczosSeconds"]; b = g["timings"]["lanczosSeconds"]
ta = s["run"]["tasks"]["taskSeconds"]; tb = g["run"]["tasks"]["taskSeconds"]
print(f"| {sys.argv[3]} | {sys.argv[4]} | {s['steps']} | {a:.3f} | {ta:.3f} | {g['steps']} | {b:.3f} | {tb:.3f} | "
      f"{b / a:.2f} | {tb / ta:.2f} | {sys.argv[5]} |")
PY
  done
  load="$(cut -d' ' -f1 /proc/loadavg)"
  "$PY" benchmarks/python/sweep_complex_scipy.py "$DATA/$file" "$Q" "$U" "$V" "$S" "$T" 100 \
    "$WORK/$name-grid-1/summary.json" "$WORK/$name-single-1/summary.json" > "$WORK/$name-scipy.json"
  "$PY" - "$WORK/$name-scipy.json" "$name" "$WORK/$name-grid-1/summary.json" "$T" "$load" >> "$WORK/scipy.md" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); m = json.load(open(sys.argv[3]))
print(f"| {sys.argv[2]} | {s['n']} | {s['nnz']} | {sys.argv[4]} | {s['tNorm']:.1f} | {m['steps']} | "
      f"{m['run']['tasks']['taskSeconds']:.3f} | {m['timings']['lanczosSeconds']:.3f} | {m['wallSeconds']:.1f} | "
      f"{s['scipyGridSeconds']:.3f} | {s['scipySingleSeconds']:.3f} | {s['matfun'][0]['maxRelativeDifference']:.1e} | "
      f"{s['matfun'][1]['maxRelativeDifference']:.1e} | {sys.argv[5]} |")
PY
done
# Warm, in one JVM, without Spark (org.matfun.bench.ComplexSweepTimes): core's estimateAll, interleaved rounds after
# warm-up, medians. The cold-JVM job timings above include JIT compilation, which for a pass of tens of
# milliseconds is most of the task.
WARM_ROUNDS="${WARM_ROUNDS:-21}"
WARMUP="${WARMUP:-10}"
: > "$WORK/warm.md"
for c in $CASES; do
  IFS='|' read -r name file U V T S <<< "$c"
  load="$(cut -d' ' -f1 /proc/loadavg)"
  row="$(BENCH_MAIN=org.matfun.bench.ComplexSweepTimes BENCH_HEAP=4g benchmarks/step-times.sh "$DATA/$file" "$Q" \
    "$U" "$V" "expi:t=$T" "expi:t=$S:$S:$T" "$WARM_ROUNDS" "$WARMUP" 2>/dev/null | grep '^|')"
  load2="$(cut -d' ' -f1 /proc/loadavg)"
  echo "$row $load-$load2 |" >> "$WORK/warm.md"
done
{
  echo "# Many parameter values from one Lanczos pass, complex Hermitian (issue 14)"
  echo
  echo "\`benchmarks/sweep-complex.sh\` ($(date -u +%Y-%m-%d), $(nproc) cores shared with other users, master $MASTER,"
  echo "--stop estimate, --tol 1e-10): u^H exp(-i t H) v on the magnetic adjacency H (q = $Q) of a directed graph,"
  echo "grid = \`expi:t=T/100:T/100:T\` (100 values, one pass), single = \`expi:t=T\`, rounds interleaved (the order"
  echo "alternates). Lanczos s = summary.json timings.lanczosSeconds (broadcast, the Spark job and the collect);"
  echo "task s = run.tasks.taskSeconds (core's estimator in the task: the Lanczos pass and every value's quadrature);"
  echo "load = 1-minute load average before the pair."
  echo
  cat "$WORK/table.md"
  echo
  echo "Warm, in one JVM without Spark (\`BENCH_MAIN=org.matfun.bench.ComplexSweepTimes benchmarks/step-times.sh\`):"
  echo "core's \`HermitianBilinearForm.estimateAll\`, $WARM_ROUNDS interleaved rounds after $WARMUP warm-up rounds, medians;"
  echo "ratio = median(grid) / median(single), and the range of the per-round ratios; load before-after."
  echo
  echo "| graph | n | single | steps | single s | grid | steps | grid s | ratio | per-round ratios | load |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  cat "$WORK/warm.md"
  echo
  echo "Against scipy (\`expm_multiply(-1j * H, e_v, start=T/100, stop=T, num=100, endpoint=True)\`, then entry u; single"
  echo "= \`expm_multiply(-1j * T * H, e_v)\`), same machine, round 1's matfun outputs:"
  echo
  echo "| graph | n | nnz | T | T·‖H‖₂ | steps | matfun grid: task s | matfun grid: Lanczos s | matfun grid: wall s | scipy grid s | scipy single s | max rel. diff, 100 values | rel. diff, single | load |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  cat "$WORK/scipy.md"
} | tee "$OUT"
