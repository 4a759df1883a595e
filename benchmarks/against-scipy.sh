#!/usr/bin/env bash
# against-scipy.sh: matfun against what users would run instead (issue 3), side by side in one run on this
# machine: scipy's expm_multiply and a scipy-based Lanczos quadrature for x^T exp(-t M) x on G3_circuit and
# Andrews, and networkx's communicability / subgraph_centrality on CA-GrQc and facebook_combined, each against
# core's BilinearForm (org.matfun.bench.baselines.AgainstScipyMatfun). Python side:
# benchmarks/python/against_scipy.py. Results: benchmarks/results/against-scipy/ (JSON, TSV, report.md).
#
#   benchmarks/against-scipy.sh
#   ONLY=G3_circuit benchmarks/against-scipy.sh     # one problem (the report is rebuilt from all JSON files present)
#
# Environment: BENCH_HEAP (-Xmx, default 8g), JAVA_HOME, PYTHON (default python3).
# Builds with `mvn -o compile -pl benchmarks -am` (never install) and runs from target/classes.
set -euo pipefail

REPO_ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$(cd "$REPO_ROOT/.." && pwd)/shared/data"
TARGET="$REPO_ROOT/benchmarks/target"
OUT="$REPO_ROOT/benchmarks/results/against-scipy"
PY="${PYTHON:-python3}"
SCRIPT="$REPO_ROOT/benchmarks/python/against_scipy.py"

if [[ ! -s "$TARGET/classpath.txt" ]]; then
  mvn -B -ntp -q -o -f "$REPO_ROOT/pom.xml" package -DskipTests -pl benchmarks -am >&2
fi
mvn -B -ntp -q -o -f "$REPO_ROOT/pom.xml" compile -pl benchmarks -am >&2
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CP="$TARGET/classes:$(cat "$TARGET/classpath.txt")"
mkdir -p "$OUT"
matfun() {
  "$JAVA" -Xmx"${BENCH_HEAP:-8g}" -XX:+IgnoreUnrecognizedVMOptions -cp "$CP" \
    org.matfun.bench.baselines.AgainstScipyMatfun "$@"
}

{
  echo "nproc: $(nproc)"
  grep MemTotal /proc/meminfo
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$JAVA" -version 2>&1 | head -1
  date -u
} > "$OUT/machine.txt"

KS=5,10,15,20,30,40,60
for g in CA-GrQc facebook_combined; do
  [[ -n "${ONLY:-}" && "$g" != "$ONLY" ]] && continue
  echo "against-scipy: $g (networkx)" >&2
  "$PY" "$SCRIPT" networkx --edgelist "$DATA/snap/$g.txt.gz" --name "$g" --count 50 --seed 7 \
    --pairs-out "$OUT/$g-pairs.tsv" --out "$OUT/$g-networkx.json"
  echo "against-scipy: $g (matfun)" >&2
  matfun networkx --problem "edgelist:$DATA/snap/$g.txt.gz" --name "$g" --pairs "$OUT/$g-pairs.tsv" \
    --out "$OUT/$g-matfun.json"
done
# t: G3_circuit's lambda_max is 24254 (docs/trace.md), so at t = 1 exp(-t M) x would need hundreds of Lanczos
# steps and thousands of expm_multiply products for the few smallest eigenvalues; t = 1e-3 gives t lambda_max ~ 24
for mt in Andrews:1 G3_circuit:0.001; do
  m="${mt%%:*}" t="${mt#*:}"
  [[ -n "${ONLY:-}" && "$m" != "$ONLY" ]] && continue
  echo "against-scipy: $m (scipy, t = $t)" >&2
  "$PY" "$SCRIPT" quadratic --matrix "$DATA/suitesparse/$m.mtx.gz" --name "$m" --t "$t" --ks "$KS" --ref-k 60 \
    --out "$OUT/$m-scipy.json"
  echo "against-scipy: $m (matfun, t = $t)" >&2
  matfun quadratic --problem "mtx:$DATA/suitesparse/$m.mtx.gz" --name "$m" --t "$t" --ks "$KS" --out "$OUT/$m-matfun.json"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
"$PY" "$SCRIPT" report --scipy "$OUT"/G3_circuit-scipy.json "$OUT"/Andrews-scipy.json \
  --matfun "$OUT"/G3_circuit-matfun.json "$OUT"/Andrews-matfun.json \
  --networkx "$OUT"/CA-GrQc-networkx.json "$OUT"/facebook_combined-networkx.json \
  --matfun-nx "$OUT"/CA-GrQc-matfun.json "$OUT"/facebook_combined-matfun.json --out "$OUT/report.md"
