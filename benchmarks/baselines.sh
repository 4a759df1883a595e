#!/usr/bin/env bash
# baselines.sh: the paper's comparison on one machine (issue 3, DESIGN 2.7). Forward-only gradient (core)
# against the reverse-mode adjoint through Lanczos, Arnoldi on [[A, E], [0, A]] and dense exact, for
# u^T f(A) u on the seed SPD problem, G3_circuit, CA-HepPh and Email-Enron. Results (CSV, Markdown, PNG) go to
# benchmarks/results/baselines/; docs/benchmarks-baselines.md explains them.
#
#   benchmarks/baselines.sh            # every problem and function (about 45 min on a loaded 2-core machine)
#   benchmarks/baselines.sh seed       # only the problems whose name starts with "seed"
#
# One JVM per problem (all its functions share one load and one dsyev), run one after the other.
# Environment: BENCH_HEAP (-Xmx, default 7g), JAVA_HOME. Builds with `mvn -o compile -pl benchmarks -am`
# (never install; the classpath file comes from `mvn -o package -DskipTests -pl benchmarks -am` once) and
# runs from target/classes.
set -euo pipefail

REPO_ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$(cd "$REPO_ROOT/.." && pwd)/shared/data"
TARGET="$REPO_ROOT/benchmarks/target"
OUT="$REPO_ROOT/benchmarks/results/baselines"
ONLY="${1:-}"

if [[ ! -s "$TARGET/classpath.txt" ]]; then
  mvn -B -ntp -q -o -f "$REPO_ROOT/pom.xml" package -DskipTests -pl benchmarks -am >&2
fi
mvn -B -ntp -q -o -f "$REPO_ROOT/pom.xml" compile -pl benchmarks -am >&2
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CP="$TARGET/classes:$(cat "$TARGET/classpath.txt")"
mkdir -p "$OUT"

run() { # name problem functions extra-args...
  local name="$1" problem="$2" fns="$3"
  shift 3
  [[ -n "$ONLY" && "$name" != "$ONLY"* ]] && return 0
  echo "baselines: $name ($fns)" >&2
  "$JAVA" -Xmx"${BENCH_HEAP:-7g}" -XX:+IgnoreUnrecognizedVMOptions \
    -cp "$CP" org.matfun.bench.baselines.GradientBaselines \
    --problem "$problem" --name "$name" --functions "$fns" --out "$OUT/$name" "$@" 2> "$OUT/$name-$(echo "$fns" | tr ":=./" "----").log"
}

# The grids and caps keep the script within about an hour on a 2-core machine shared with other builds
# (O(n k^2) work and 8 n k bytes per kept basis grow with k; on the dense seed problem every one of the n^2
# entries is an "edge", so the edge-gradient pass costs O(n^2 k)). These are the arguments of the runs in
# docs/benchmarks-baselines.md.

# Graph adjacencies (indefinite: exp only). Reference: forward-only with full reorth. at --ref-k,
# cross-checked against the adjoint with full reorth. and Arnoldi 2n at their caps.
run CA-HepPh "edgelist:$DATA/snap/CA-HepPh.txt.gz" exp:beta=0.1 --ks 10,20,30,40,50,70,100,150,200,300,500 \
  --ref-k 200 --max-k-full 200 --max-k-adjoint 500 --max-k-arnoldi 150 --repeats 3
run Email-Enron "edgelist:$DATA/snap/Email-Enron.txt.gz" exp:beta=0.1 --ks 4,6,8,10,15,20,30,50,70,100,200,300 \
  --ref-k 200 --max-k-full 100 --max-k-adjoint 300 --max-k-arnoldi 100 --repeats 3
# Seed SPD problem of DESIGN 4 (n = 3000, seed 42), stored dense. Reference: dense exact from the known
# eigendecomposition of the construction (--dense known; pure-Java dsyev of order 3000 is too slow here).
run seed-spd seed:3000:42 exp:beta=-1 --dense known --ks 10,20,30,50,70,100,150,200 \
  --max-k-full 150 --max-k-adjoint 200 --max-k-arnoldi 100 --repeats 3
for fn in power:p=0.5 log; do  # smaller grid, one round at k = 100 (time budget of the reported run)
  run seed-spd seed:3000:42 "$fn" --dense known --ks 10,20,30,50,70,100,150 \
    --max-k-full 100 --max-k-adjoint 150 --max-k-arnoldi 70 --repeats 1
done
# G3_circuit (n = 1.6 million): memory (8 n k bytes per kept basis, 1.3 GB at k = 100) and O(n k^2) limit k.
# Its spectrum reaches lambda_max ~ 2.4e4 (docs/trace.md), so exp(-A) would need hundreds of steps to resolve
# the few smallest eigenvalues that carry the value; t = 1e-3 gives t lambda_max ~ 24, the regime of the graphs.
run G3_circuit "mtx:$DATA/suitesparse/G3_circuit.mtx.gz" exp:beta=-0.001 --ks 10,15,20,30,40,60,80 \
  --ref-k 100 --max-k-full 60 --max-k-adjoint 80 --max-k-arnoldi 60 --repeats 1
