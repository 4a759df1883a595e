#!/usr/bin/env bash
# The trace study of docs/trace.md: 20-seed interval coverage of SLQ log det and its theta-gradient on real
# SuiteSparse matrices (exact values: spark-job/src/test/python/trace_reference.py, dense Cholesky), plain
# Hutchinson versus control variates, and the chart of relative standard error against matvecs.
# Runs core's in-memory estimator (the numerics of the Spark job; their equality is tested in
# TraceCommandTest). Needs `mvn -B -ntp -o -q package -DskipTests` first. Writes the table to stdout,
# benchmarks/results/trace-study.csv and docs/trace-variance.png.
#
# PART: "shift" (theta_1 A + theta_2 I on 1138_bus, bcsstk13, bcsstk16, and the chart), "laplacian" (the
# three-component families theta_1 A + theta_2 L + theta_3 I, L the graph Laplacian of A's pattern, on
# 1138_bus and bcsstk13; no chart) or "all".
#
#   benchmarks/trace-study.sh [PROBES=30] [SEEDS=20] [LONG_PROBES=128] [PART=all]
set -euo pipefail
REPO_ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$REPO_ROOT/../shared/data/suitesparse"
PROBES="${1:-30}"; SEEDS="${2:-20}"; LONG="${3:-128}"; PART="${4:-all}"
CP="$REPO_ROOT/core/target/classes:$REPO_ROOT/benchmarks/target/classes:$(cat "$REPO_ROOT/benchmarks/target/classpath.txt")"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
CSV="$REPO_ROOT/benchmarks/results/trace-study.csv"
REF="$REPO_ROOT/spark-job/src/test/python/trace_reference.py"

# The graph Laplacian L = Deg - Adj of the off-diagonal pattern of a Matrix Market file (unit weights), as a
# Matrix Market file; prints theta_L = 1 / (2 max degree), so that theta_L L has its spectrum in [0, 1]
# (Gershgorin: lambda_max(L) <= 2 max degree).
laplacian() {
  python3 - "$1" "$2" <<'PY'
import sys, numpy as np, scipy.io, scipy.sparse as sp
a = sp.coo_matrix(scipy.io.mmread(sys.argv[1]))
off = a.row != a.col
adj = sp.coo_matrix((np.ones(off.sum()), (a.row[off], a.col[off])), shape=a.shape).tocsr()
adj = ((adj + adj.T) > 0).astype(float)
deg = np.asarray(adj.sum(axis=1)).ravel()
scipy.io.mmwrite(sys.argv[2], (sp.diags(deg) - adj).tocoo(), symmetry="symmetric")
print(1.0 / (2.0 * deg.max()))
PY
}

run() { # name matrix theta1 components thetas long (components, thetas: comma-separated)
  local name="$1" m="$2" t1="$3" c="$4" t="$5" long="$6"
  local args=()
  IFS=, read -ra cs <<< "$c"; IFS=, read -ra ts <<< "$t"
  for i in "${!cs[@]}"; do args+=(--component "${cs[$i]}" --theta "${ts[$i]}"); done
  python3 "$REF" --function log --matrix "$m" --matrix-theta "$t1" "${args[@]}" > "$WORK/$name.json"
  java -Xmx3g -cp "$CP" org.matfun.bench.TraceStudy "$name" "$m" "$t1" "$c" "$t" "$WORK/$name.json" \
      "$PROBES" "$SEEDS" "$long" "$CSV"
}

echo "nproc $(nproc); $(free -g | awk '/Mem/{print $2}') GiB; $(uptime)"
if [[ "$PART" == all || "$PART" == shift ]]; then
  : > "$CSV"
  echo "| family | n | exact log det | log det plain | log det CV | d/dtheta_1 plain | d/dtheta_1 CV | d/dtheta_2 plain | d/dtheta_2 CV | mean rel. stderr plain | mean rel. stderr CV | steps/block | seconds |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  # theta_1 = 1 / lambda_max(A) (numpy eigvalsh), theta_2 = 1e-3: condition numbers about 1e3
  run "1138_bus + I" "$DATA/1138_bus.mtx.gz" 3.3169e-5 identity 1e-3 "$LONG"
  run "bcsstk13 + I" "$DATA/bcsstk13.mtx.gz" 3.2105e-13 identity 1e-3 "$LONG"
  run "bcsstk16 + I" "$DATA/bcsstk16.mtx.gz" 2.0230e-10 identity 1e-3 "$LONG"
  java -cp "$CP" org.matfun.bench.TraceStudy --chart "$REPO_ROOT/docs/trace-variance.png" "$CSV"
fi
if [[ "$PART" == all || "$PART" == laplacian ]]; then
  # theta_1 A + theta_2 L + theta_3 I: both matrix components PSD, so the spectrum lies in
  # [1e-3, 2 + 1e-3] and the condition number is at most about 2e3. (theta_1 A + theta_2 diag(A) is not used:
  # the diagonals of these matrices span 4 to 7 decades, and no theta_2 brings its condition number below
  # 3.5e4 for 1138_bus or 2.8e7 for bcsstk13, docs/trace.md.)
  echo "| family | n | exact log det | log det plain | log det CV | d/dtheta_1 plain | d/dtheta_1 CV | d/dtheta_2 plain | d/dtheta_2 CV | d/dtheta_3 plain | d/dtheta_3 CV | mean rel. stderr plain | mean rel. stderr CV | steps/block | seconds |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  tl=$(laplacian "$DATA/1138_bus.mtx.gz" "$WORK/1138_bus_L.mtx")
  run "1138_bus + L + I" "$DATA/1138_bus.mtx.gz" 3.3169e-5 "$WORK/1138_bus_L.mtx,identity" "$tl,1e-3" 0
  tl=$(laplacian "$DATA/bcsstk13.mtx.gz" "$WORK/bcsstk13_L.mtx")
  run "bcsstk13 + L + I" "$DATA/bcsstk13.mtx.gz" 3.2105e-13 "$WORK/bcsstk13_L.mtx,identity" "$tl,1e-3" 0
fi
echo "uptime after: $(uptime)"
