#!/usr/bin/env bash
# step-times.sh: time per Lanczos step of core in memory and of the Spark job (local master), side by side,
# on one matrix in one JVM (org.matfun.bench.StepTimes). Figures and the commands that produced them are
# in docs/benchmarks.md.
#
#   benchmarks/step-times.sh --matrix ../shared/data/suitesparse/G3_circuit.mtx.gz --format mtx \
#       --function exp:beta=-1 --steps 30 --partitions 2 --master 'local[2]' \
#       --out benchmarks/results/G3_circuit.json --png docs/benchmarks-G3_circuit.png
#
# Options are StepTimes's: --matrix PATH [--format mtx|edgelist] --function SPEC --steps K [--partitions P]
# [--master local[2]] [--warmup-steps W (200)] [--repeats R (4)] --out FILE.json [--png FILE.png].
# The JSON goes to --out, a Markdown table to stdout, progress to stderr.
#
# Environment:
#   BENCH_HEAP   -Xmx of the JVM (driver and executors in one JVM), default 16g
#   JAVA_OPTS    extra JVM options, appended last
#   JAVA_HOME    java is $JAVA_HOME/bin/java when set, else the one on PATH
#   BENCH_CLASSPATH_PREFIX  entries put before the benchmark's classpath (an A/B build of some classes)
#   BENCH_MAIN   main class, default org.matfun.bench.StepTimes (benchmarks/spark-steps.sh runs
#                org.matfun.bench.SparkSteps and org.matfun.bench.RmatGraph through this launcher)
# Builds the project (mvn package -DskipTests, offline first) if the benchmark jar or its classpath file is
# missing. Relative paths in the options are relative to the current directory.
set -euo pipefail

REPO_ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="$REPO_ROOT/benchmarks/target"

shopt -s nullglob
jars=("$TARGET"/matfun-benchmarks-*.jar)
if [[ ${#jars[@]} -eq 0 || ! -s "$TARGET/classpath.txt" ]]; then
  echo "step-times: building (mvn -B -ntp package -DskipTests in $REPO_ROOT)" >&2
  mvn -B -ntp -q -o -f "$REPO_ROOT/pom.xml" package -DskipTests >&2 \
    || mvn -B -ntp -q -f "$REPO_ROOT/pom.xml" package -DskipTests >&2
  jars=("$TARGET"/matfun-benchmarks-*.jar)
fi
if [[ ${#jars[@]} -ne 1 ]]; then
  echo "step-times: expected one $TARGET/matfun-benchmarks-*.jar, found ${#jars[@]}" >&2
  exit 2
fi

if [[ -n "${JAVA_HOME:-}" ]]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA="$(command -v java)"
fi

# The JVM flags Spark's own launcher passes on Java 17 (parent pom property spark.java17.opens).
JAVA17_OPENS=(
  -XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false
  -Dio.netty.tryReflectionSetAccessible=true
)

# shellcheck disable=SC2086
exec "$JAVA" -Xmx"${BENCH_HEAP:-16g}" "${JAVA17_OPENS[@]}" \
  -Dlog4j2.configurationFile="$REPO_ROOT/conf/log4j2.properties" \
  ${JAVA_OPTS:-} \
  -cp "${BENCH_CLASSPATH_PREFIX:+$BENCH_CLASSPATH_PREFIX:}${jars[0]}:$(cat "$TARGET/classpath.txt")" \
  "${BENCH_MAIN:-org.matfun.bench.StepTimes}" "$@"
