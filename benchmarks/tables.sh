#!/usr/bin/env bash
# Table-input benchmark (issue 15): reading a graph from a Parquet edge table against the same graph from a
# SNAP-style .txt.gz edge list, through the command line (deploy/matfun bilinear, --distribute rows, 2 Lanczos
# steps so that the load dominates), on soc-Slashdot0902 (../shared/data/snap) and an R-MAT graph
# (org.matfun.bench.RmatGraph, scale $RMAT_SCALE (default 20), edge factor 16, seed 1) written to .txt.gz and
# Parquet by org.matfun.bench.EdgeTables.
#
#   benchmarks/tables.sh            (ROUNDS=2 RMAT_SCALE=20 MASTER='local[2]' WORK=/tmp/matfun-tables
#                                    GRAPHS='slashdot rmat' OUT=benchmarks/results/tables/README.md)
#
# The "load" column is the 1-minute load average just before each run (the machine may be shared).
# Prints a markdown table of summary.json's timings.loadSeconds (read + checks + id map + row blocks) and
# wallSeconds per run, formats interleaved; writes it to benchmarks/results/tables/README.md.
# Build first: mvn -B -ntp package -DskipTests.
set -euo pipefail
ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DATA="$ROOT/../shared/data"
WORK="${WORK:-/tmp/matfun-tables}"
RES="$ROOT/benchmarks/results/tables"
ROUNDS="${ROUNDS:-2}"
SCALE="${RMAT_SCALE:-20}"
MASTER="${MASTER:-local[2]}"
GRAPHS="${GRAPHS:-slashdot rmat}"
OUT="${OUT:-$RES/README.md}"
mkdir -p "$WORK" "$RES"
export MATFUN_DRIVER_MEMORY="${MATFUN_DRIVER_MEMORY:-8g}"
# The benchmarks module's classpath lacks parquet-jackson (Parquet writes need it): use spark-job's first.
export BENCH_CLASSPATH_PREFIX="$(tr -d '\r\n' < "$ROOT/spark-job/target/classpath.txt")"

prepare() {
  [[ " $GRAPHS " != *" slashdot "* || -d "$WORK/slashdot.parquet" ]] || BENCH_MAIN=org.matfun.bench.EdgeTables benchmarks/step-times.sh \
    --in "$DATA/snap/soc-Slashdot0902.txt.gz" --parquet "$WORK/slashdot.parquet"
  [[ " $GRAPHS " == *" rmat "* ]] || return 0
  local mtx="$WORK/rmat-s$SCALE.mtx"
  [[ -s "$mtx" ]] || BENCH_MAIN=org.matfun.bench.RmatGraph benchmarks/step-times.sh --scale "$SCALE" \
    --edge-factor 16 --seed 1 --out "$mtx"
  [[ -d "$WORK/rmat-s$SCALE.parquet" ]] || BENCH_MAIN=org.matfun.bench.EdgeTables benchmarks/step-times.sh \
    --in "$mtx" --txt-gz "$WORK/rmat-s$SCALE.txt.gz" --parquet "$WORK/rmat-s$SCALE.parquet"
}

run() {  # name, matrix, format
  local load
  load="$(cut -d' ' -f1 /proc/loadavg)"
  deploy/matfun bilinear --matrix "$2" --format "$3" --function exp:beta=0.01 --u ones --max-steps 2 \
    --distribute rows --partitions 4 --master "$MASTER" --quiet --output "$WORK/out-$1" --overwrite
  python3 - "$WORK/out-$1/summary.json" "$1" "$3" "$load" >> "$WORK/rows.md" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"| {sys.argv[2]} | {sys.argv[3]} | {s['n']} | {s['nnz']} | {s['timings']['loadSeconds']:.1f} | {s['wallSeconds']:.1f} | {sys.argv[4]} |")
PY
}

prepare
: > "$WORK/rows.md"
for round in $(seq 1 "$ROUNDS"); do
  if [[ " $GRAPHS " == *" slashdot "* ]]; then
    run "slashdot-txt-$round" "$DATA/snap/soc-Slashdot0902.txt.gz" edgelist
    run "slashdot-parquet-$round" "$WORK/slashdot.parquet" parquet
  fi
  if [[ " $GRAPHS " == *" rmat "* ]]; then
    run "rmat$SCALE-txt-$round" "$WORK/rmat-s$SCALE.txt.gz" edgelist
    run "rmat$SCALE-parquet-$round" "$WORK/rmat-s$SCALE.parquet" parquet
  fi
done
{
  echo "Command: \`benchmarks/tables.sh\` (ROUNDS=$ROUNDS GRAPHS='$GRAPHS' RMAT_SCALE=$SCALE MASTER=$MASTER), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, commit $(git -C "$ROOT" rev-parse --short HEAD)"
  echo
  echo "| run | format | n | nnz | load s | wall s | load avg |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  cat "$WORK/rows.md"
} > "$OUT"
cat "$OUT"
