#!/usr/bin/env bash
# The trace study of docs/trace.md: 20-seed interval coverage of SLQ log det and its theta-gradient on real
# SuiteSparse matrices (exact values: spark-job/src/test/python/trace_reference.py, dense Cholesky), plain
# Hutchinson versus control variates, and the chart of relative standard error against matvecs.
# Runs core's in-memory estimator (the numerics of the Spark job; their equality is tested in
# TraceCommandTest). Needs `mvn -B -ntp -o -q package -DskipTests` first. Writes the table to stdout,
# benchmarks/results/trace-study.csv and docs/trace-variance.png.
#
#   benchmarks/trace-study.sh [PROBES=30] [SEEDS=20] [LONG_PROBES=128]
set -euo pipefail
REPO_ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$REPO_ROOT/../shared/data/suitesparse"
PROBES="${1:-30}"; SEEDS="${2:-20}"; LONG="${3:-128}"
CP="$REPO_ROOT/core/target/classes:$REPO_ROOT/benchmarks/target/classes:$(cat "$REPO_ROOT/benchmarks/target/classpath.txt")"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
CSV="$REPO_ROOT/benchmarks/results/trace-study.csv"
: > "$CSV"
REF="$REPO_ROOT/spark-job/src/test/python/trace_reference.py"

# diag(A) of a Matrix Market file as a Matrix Market file, and theta_2 = 1e-3 / min diag(A)
diag() {
  python3 - "$1" "$2" <<'PY'
import sys, scipy.io, scipy.sparse as sp
a = scipy.io.mmread(sys.argv[1]).tocsr(); d = a.diagonal()
scipy.io.mmwrite(sys.argv[2], sp.diags(d).tocoo(), symmetry="symmetric")
print(1e-3 / d.min())
PY
}

run() { # name matrix theta1 component theta2
  local name="$1" m="$2" t1="$3" c="$4" t2="$5"
  python3 "$REF" --function log --matrix "$m" --matrix-theta "$t1" --component "$c" --theta "$t2" > "$WORK/$name.json"
  java -Xmx3g -cp "$CP" org.matfun.bench.TraceStudy "$name" "$m" "$t1" "$c" "$t2" "$WORK/$name.json" \
      "$PROBES" "$SEEDS" "$LONG" "$CSV"
}

echo "nproc $(nproc); $(free -g | awk '/Mem/{print $2}') GiB; $(uptime)"
echo "| family | n | exact log det | log det plain | log det CV | d/dtheta_1 plain | d/dtheta_1 CV | d/dtheta_2 plain | d/dtheta_2 CV | mean rel. stderr plain | mean rel. stderr CV | steps/block | seconds |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
# theta_1 = 1 / lambda_max(A) (numpy eigvalsh), theta_2 = 1e-3: condition numbers about 1e3
run "1138_bus + I" "$DATA/1138_bus.mtx.gz" 3.3169e-5 identity 1e-3
run "bcsstk13 + I" "$DATA/bcsstk13.mtx.gz" 3.2105e-13 identity 1e-3
run "bcsstk16 + I" "$DATA/bcsstk16.mtx.gz" 2.0230e-10 identity 1e-3
t2=$(diag "$DATA/1138_bus.mtx.gz" "$WORK/1138_bus_diag.mtx")
run "1138_bus + diag" "$DATA/1138_bus.mtx.gz" 3.3169e-5 "$WORK/1138_bus_diag.mtx" "$t2"
t2=$(diag "$DATA/bcsstk13.mtx.gz" "$WORK/bcsstk13_diag.mtx")
run "bcsstk13 + diag" "$DATA/bcsstk13.mtx.gz" 3.2105e-13 "$WORK/bcsstk13_diag.mtx" "$t2"
java -cp "$CP" org.matfun.bench.TraceStudy --chart "$REPO_ROOT/docs/trace-variance.png" "$CSV"
echo "uptime after: $(uptime)"
