#!/usr/bin/env bash
# spark-steps.sh: the Spark benchmarks of docs/benchmarks-spark.md, end to end and reproducible.
#
#   benchmarks/spark-steps.sh [overhead] [ab] [scaling] [large] [heap] [chart]   (default: all six, in this order)
#
#   overhead  G3_circuit: Spark step split (scheduling, halo exchange, SpMV, update, reduction) and shuffle bytes,
#             against core's in-memory step in the same JVM, for local[1], local[2] and local-cluster[2,1,2048]
#             (two executor JVMs of 2 GB each: with 1 GB they thrashed in GC loading G3_circuit; SPARK_HOME is a
#             directory of links to the Maven-resolved jars)
#   ab        G3_circuit local[2]: the step before (commit 541e017: w_t formed in both stages) and after (w_t formed
#             once, only the halo rows in the map stage), alternating old/new twice, each against core in its JVM
#   scaling   time per step against nnz, local[2]: real graphs (../shared/data) and R-MAT graphs written to
#             $WORK/rmat (org.matfun.bench.RmatGraph, seed 1, edge factor 16), scales $RMAT_SCALES
#   large     time per step against nnz up to 10^8 edges, local[2], P = 4: R-MAT graphs generated inside the
#             executors (org.matfun.bench.RmatBlocks via SparkSteps --matrix rmat:S; no text file), scales
#             $LARGE_SCALES, and the real graphs $LARGE_REAL; runs named big-*
#   heap      driver heap after GC at steps $HEAP_PROBE (default 50,200,500) on local-cluster[2,1,2048], R-MAT
#             scales $HEAP_SCALES
#   chart     PNGs (XChart) and the log-log slope fit from the JSON files (org.matfun.bench.SparkStepsChart)
#
# Results: benchmarks/results/spark/*.json (+ machine.txt); PNGs: docs/benchmarks-spark-*.png.
# Environment: WORK (scratch, default /tmp/matfun-spark-steps; never inside the repository), RMAT_SCALES
# (default "13 15 17 19 20 21"), HEAP_SCALES (default "12 15 18"), AB_ROUNDS (default 2), BENCH_HEAP (driver
# heap, default 8g); RESUME=1 skips the runs whose JSON exists.
set -euo pipefail

REPO_ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
DATA="$REPO_ROOT/../shared/data"
OUT="$REPO_ROOT/benchmarks/results/spark"
WORK="${WORK:-/tmp/matfun-spark-steps}"
RMAT_SCALES="${RMAT_SCALES:-13 15 17 19 20 21}"
HEAP_SCALES="${HEAP_SCALES:-12 15 18}"
export BENCH_HEAP="${BENCH_HEAP:-8g}"
mkdir -p "$OUT" "$WORK/rmat"
STEPS=(benchmarks/step-times.sh)
# G3_circuit decompressed once into $WORK: one gzip stream is read by one task (90 s on the loaded machine),
# the plain file is split across the cores. Same entries.
G3="$WORK/G3_circuit.mtx"
[[ -s "$G3" ]] || gzip -dc "$DATA/suitesparse/G3_circuit.mtx.gz" > "$G3"
CLUSTER='local-cluster[2,1,2048]'

mvn -B -ntp -q -o package -DskipTests

machine() {
  { echo "# $(date -u +%FT%TZ) $*"; echo "nproc: $(nproc)"; free -m | head -2; uptime; } >> "$OUT/machine.txt"
}

steps() { # steps OUTNAME [JAVA_OPTS] -- SparkSteps options...
  local name="$1" opts="$2"; shift 2
  if [[ -n "${RESUME:-}" && -s "$OUT/$name.json" ]]; then
    echo "spark-steps: $name.json exists, skipped (RESUME)" >&2
    return 0
  fi
  machine "$name"
  JAVA_OPTS="$opts" BENCH_MAIN=org.matfun.bench.SparkSteps "${STEPS[@]}" "$@" --out "$OUT/$name.json" \
    2> >(grep -E '^\[spark-steps\]|Exception|Error' >&2)
}

# SPARK_HOME for local-cluster: jars/ holds links to every jar of the benchmark's classpath (as spark-job's
# RecoveryTest / SparkTestSupport.linkClasspathJars do), so the executor JVMs load Spark and matfun from there.
# Sets CLUSTER_OPTS (not called in $(...): the exports must reach this shell).
cluster_opts() {
  local home="$WORK/spark-home"
  rm -rf "$home" && mkdir -p "$home/jars"
  for j in benchmarks/target/matfun-benchmarks-*.jar $(tr ':' ' ' < benchmarks/target/classpath.txt); do
    [[ "$j" == *.jar ]] && ln -sf "$(readlink -f "$j")" "$home/jars/"
  done
  export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13
  CLUSTER_OPTS="-Dspark.executor.memory=2g"
}

run_overhead() {
  steps g3-local1 "" --matrix "$G3" --function exp:beta=-1 --steps 30 --master 'local[1]' --partitions 2
  steps g3-local2 "" --matrix "$G3" --function exp:beta=-1 --steps 30 --master 'local[2]' --partitions 2
  cluster_opts
  steps g3-cluster "$CLUSTER_OPTS" --matrix "$G3" --function exp:beta=-1 --steps 30 --master "$CLUSTER" --partitions 2
}

# The three classes of the step before the change, compiled against today's classpath and put first on it.
old_classes() {
  local src="$WORK/old-src" cls="$WORK/old-classes"
  rm -rf "$src" "$cls" && mkdir -p "$src" "$cls"
  for f in lanczos/DistributedLanczos lanczos/LanczosBlockState matrix/CsrBlock; do
    git show "541e017:spark-job/src/main/java/org/matfun/spark/$f.java" > "$src/$(basename $f).java"
  done
  javac -nowarn -d "$cls" -cp "$(ls spark-job/target/matfun-spark-job-*.jar):$(cat benchmarks/target/classpath.txt)" \
    "$src"/*.java
  echo "$cls"
}

run_ab() {
  local old; old="$(old_classes)"
  for round in $(seq 1 "${AB_ROUNDS:-2}"); do
    BENCH_CLASSPATH_PREFIX="$old" steps "ab-before-$round" "" --matrix "$G3" --function exp:beta=-1 --steps 30 \
      --master 'local[2]' --partitions 2
    steps "ab-after-$round" "" --matrix "$G3" --function exp:beta=-1 --steps 30 --master 'local[2]' --partitions 2
  done
}

run_scaling() {
  local common=(--function exp:beta=0.01 --steps 30 --warmup-steps 30 --repeats 2 --master 'local[2]' --partitions 2)
  steps scale-CA-HepPh "" --matrix "$DATA/snap/CA-HepPh.txt.gz" --format edgelist "${common[@]}"
  steps scale-Email-Enron "" --matrix "$DATA/snap/Email-Enron.txt.gz" --format edgelist "${common[@]}"
  steps scale-Andrews "" --matrix "$DATA/suitesparse/Andrews.mtx.gz" "${common[@]}"
  steps scale-soc-Slashdot0902 "" --matrix "$DATA/snap/soc-Slashdot0902.txt.gz" --format edgelist "${common[@]}"
  # G3_circuit's point is the overhead run g3-local2 (same master and partitions; 3 rounds, exp:beta=-1).
  for s in $RMAT_SCALES; do
    local f="$WORK/rmat/rmat-s$s-e16-seed1.mtx"
    [[ -s "$f" ]] || BENCH_MAIN=org.matfun.bench.RmatGraph "${STEPS[@]}" --scale "$s" --edge-factor 16 --seed 1 \
      --out "$f"
    steps "scale-rmat-s$s" "" --matrix "$f" "${common[@]}" --core false --partitions "$(( s >= 19 ? 4 : 2 ))"
  done
}

run_large() {
  local common=(--function exp:beta=0.01 --steps 20 --warmup-steps 10 --repeats 2 --master 'local[2]' --partitions 4)
  for g in ${LARGE_REAL:-snap/CA-HepPh.txt.gz snap/soc-Slashdot0902.txt.gz suitesparse/G3_circuit.mtx.gz}; do
    local name; name="$(basename "$g")"; name="${name%%.*}"
    local path="$DATA/$g"
    [[ "$name" == G3_circuit ]] && path="$G3"
    local fmt=(); [[ "$g" == snap/* ]] && fmt=(--format edgelist)
    steps "big-$name" "" --matrix "$path" "${fmt[@]}" "${common[@]}" --core false
  done
  for s in ${LARGE_SCALES:-13 15 17 19 21 22 23}; do
    steps "big-rmat-s$s" "" --matrix "rmat:$s" "${common[@]}"
  done
}

run_heap() {
  cluster_opts
  for s in $HEAP_SCALES; do
    local f="$WORK/rmat/rmat-s$s-e16-seed1.mtx"
    [[ -s "$f" ]] || BENCH_MAIN=org.matfun.bench.RmatGraph "${STEPS[@]}" --scale "$s" --edge-factor 16 --seed 1 \
      --out "$f"
    steps "heap-rmat-s$s" "$CLUSTER_OPTS" --matrix "$f" --function exp:beta=0.01 --steps 10 --warmup-steps 10 --repeats 1 \
      --core false --master "$CLUSTER" --partitions 2 --heap-probe "${HEAP_PROBE:-50,200,500}"
  done
}

run_chart() {
  BENCH_MAIN=org.matfun.bench.SparkStepsChart "${STEPS[@]}" "$OUT" docs
}

parts=("$@")
[[ ${#parts[@]} -gt 0 ]] || parts=(overhead ab scaling large heap chart)
for p in "${parts[@]}"; do
  "run_$p"
done
