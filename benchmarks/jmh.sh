#!/usr/bin/env bash
# jmh.sh: builds the benchmarks module and runs its JMH micro-benchmarks of core's kernels
# (org.matfun.bench.jmh: TriadBenchmark, SpmmBenchmark, LanczosStepBenchmark). Figures and the commands that
# produced them are in docs/benchmarks-kernels.md.
#
#   benchmarks/jmh.sh                                  # everything, with the defaults below
#   benchmarks/jmh.sh 'SpmmBenchmark' -p matrix=CA-HepPh -p blockSize=1,8
#   benchmarks/jmh.sh -rf json -rff benchmarks/results/jmh-kernels.json
#
# Arguments are passed to JMH (org.openjdk.jmh.Main; `benchmarks/jmh.sh -h` lists them), preceded by each of
# the defaults  -f 2 -wi 3 -w 1s -i 5 -r 1s -bm avgt -tu ms  that the arguments do not set themselves
# (2 forks, 3 warm-up and 5 measured iterations of 1 s each per fork, average time in ms).
#
# Environment:
#   BENCH_HEAP      -Xmx of the JMH JVMs (the forks inherit it), default 4g
#   MATFUN_DATA     the data directory, default ../shared/data relative to the repository root
#   JMH_SKIP_BUILD  set to 1 to reuse the last build
#   JAVA_HOME       java is $JAVA_HOME/bin/java when set, else the one on PATH
# The matrices are parsed once and cached as binary coordinates in benchmarks/target/jmh-cache. The jars are
# copied to benchmarks/target/jmh-run before the run, so that rebuilding during a long run does not change the
# code the later forks load.
set -euo pipefail

REPO_ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="$REPO_ROOT/benchmarks/target"
DATA="${MATFUN_DATA:-$REPO_ROOT/../shared/data}"

if [[ "${JMH_SKIP_BUILD:-0}" != 1 ]]; then
  echo "jmh: building (mvn -B -ntp -o -q package -DskipTests -pl benchmarks -am in $REPO_ROOT)" >&2
  (cd "$REPO_ROOT" && mvn -B -ntp -o -q package -DskipTests -pl benchmarks -am >&2)
fi
shopt -s nullglob
jars=("$TARGET"/matfun-benchmarks-*.jar)
if [[ ${#jars[@]} -ne 1 || ! -s "$TARGET/classpath.txt" ]]; then
  echo "jmh: expected one $TARGET/matfun-benchmarks-*.jar and $TARGET/classpath.txt; build first" >&2
  exit 2
fi

# Snapshot the project's own jars (the rest of the classpath is in ~/.m2 and does not change).
RUN="$TARGET/jmh-run"
rm -rf "$RUN"
mkdir -p "$RUN"
cp "${jars[0]}" "$RUN/"
cp_entries=("$RUN/$(basename "${jars[0]}")")
IFS=":" read -r -a deps < "$TARGET/classpath.txt" || true
for d in "${deps[@]}"; do
  if [[ "$d" == "$REPO_ROOT"/* ]]; then
    cp "$d" "$RUN/"
    cp_entries+=("$RUN/$(basename "$d")")
  else
    cp_entries+=("$d")
  fi
done
CLASSPATH_RUN="$(IFS=':'; echo "${cp_entries[*]}")"

if [[ -n "${JAVA_HOME:-}" ]]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA="$(command -v java)"
fi

defaults=()
for pair in "-f 2" "-wi 3" "-w 1s" "-i 5" "-r 1s" "-bm avgt" "-tu ms"; do
  opt="${pair%% *}"
  given=0
  for a in "$@"; do
    [[ "$a" == "$opt" ]] && given=1
  done
  [[ $given == 0 ]] && defaults+=($pair)
done

echo "jmh: nproc $(nproc), $(grep MemTotal /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg) at start" >&2
"$JAVA" -Xmx"${BENCH_HEAP:-4g}" -Dmatfun.data="$DATA" -Dmatfun.bench.cache="$TARGET/jmh-cache" \
  -cp "$CLASSPATH_RUN" org.openjdk.jmh.Main "${defaults[@]}" "$@" && status=0 || status=$?
echo "jmh: load $(cut -d' ' -f1-3 /proc/loadavg) at end" >&2
exit $status
