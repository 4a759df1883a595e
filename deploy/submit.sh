#!/usr/bin/env bash
# submit.sh: submit the matfun job (thin jar) to a Spark 4.1 cluster with spark-submit.
#
# Usage:
#   deploy/submit.sh [--dry-run] [--master URL] [--deploy-mode client|cluster]
#                    [--conf KEY=VALUE]... [--] SUBCOMMAND [OPTIONS...]
#
#   --dry-run        print the spark-submit command instead of running it; needs neither a real
#                    SPARK_HOME (the placeholder $SPARK_HOME/bin/spark-submit is printed when
#                    SPARK_HOME is unset or has no bin/spark-submit) nor a built jar (a warning
#                    is printed if it is missing)
#   --master URL     Spark master; default $MATFUN_MASTER; one of the two is required
#   --deploy-mode M  client (spark-submit's default: the driver runs here) or cluster
#   --conf K=V       extra Spark property for this submission, repeatable; wins over
#                    conf/spark-defaults.conf
# These wrapper options come first; the first other argument (or the one after "--") starts
# the job's own arguments: the subcommand and its options, passed through unchanged.
#
# What is passed to spark-submit:
#   --class org.matfun.spark.jobs.MatfunMain
#   --properties-file conf/spark-defaults.conf --load-spark-defaults
#       (the cluster's $SPARK_HOME/conf/spark-defaults.conf still applies to keys this file
#        does not set; --load-spark-defaults exists since Spark 4.0)
#   --driver-java-options  the Java 17 module flags (as Spark's launcher passes them), plus, in
#       client mode, -Dlog4j2.configurationFile pointing to conf/log4j2.properties
#   --conf spark.executor.extraJavaOptions=<the same Java 17 flags>
#   spark-job/target/matfun-spark-job-0.1.0-SNAPSHOT.jar, then the job's arguments.
#
# Build the jar first: mvn -B -ntp package -DskipTests (from the repository root).
# Paths the job reads and writes must be reachable from where the driver and the executors run
# (HDFS, S3, or a filesystem mounted on every node), not only from this machine.
#
# Examples
#   Standalone cluster (client mode, driver on this machine):
#     deploy/submit.sh --master spark://master-host:7077 bilinear ...
#   YARN (HADOOP_CONF_DIR or YARN_CONF_DIR must point to the cluster's configuration;
#   spark-submit uploads the jar):
#     deploy/submit.sh --master yarn --deploy-mode cluster \
#         --conf spark.executor.instances=8 --conf spark.executor.cores=4 bilinear ...
#   Kubernetes (cluster mode; the image must contain Spark 4.1 on Java 17; spark-submit uploads
#   the local jar to spark.kubernetes.file.upload.path, which needs e.g. S3A support in both
#   the client and the image):
#     deploy/submit.sh --master k8s://https://api-server-host:6443 --deploy-mode cluster \
#         --conf spark.kubernetes.container.image=registry.example/spark:4.1.0-java17 \
#         --conf spark.kubernetes.authenticate.driver.serviceAccountName=spark \
#         --conf spark.kubernetes.file.upload.path=s3a://bucket/matfun-upload \
#         --conf spark.executor.instances=4 bilinear ...
#
# Environment: SPARK_HOME (required unless --dry-run), MATFUN_MASTER (default master).
# Exit code: spark-submit's (in client mode the job's: 0 success, 1 computation failed,
# 2 bad input or usage); 2 for a usage error of this script or a missing SPARK_HOME or jar.
set -euo pipefail

src="${BASH_SOURCE[0]}"
while [[ -L "$src" ]]; do
  dir="$(cd -P "$(dirname "$src")" && pwd)"
  src="$(readlink "$src")"
  [[ "$src" == /* ]] || src="$dir/$src"
done
REPO_ROOT="$(cd -P "$(dirname "$src")/.." && pwd)"

JAR="$REPO_ROOT/spark-job/target/matfun-spark-job-0.1.0-SNAPSHOT.jar"
CONF_FILE="$REPO_ROOT/conf/spark-defaults.conf"
LOG_CONF="$REPO_ROOT/conf/log4j2.properties"
MAIN_CLASS="org.matfun.spark.jobs.MatfunMain"

# The JVM flags Spark's own launcher passes on Java 17 (parent pom property spark.java17.opens).
JAVA17_OPENS="-XX:+IgnoreUnrecognizedVMOptions\
 --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED\
 --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED\
 --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED\
 --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED\
 --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED\
 --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED\
 --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED\
 --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false\
 -Dio.netty.tryReflectionSetAccessible=true"

usage() {
  sed -n '4,17p' "$REPO_ROOT/deploy/submit.sh" | sed 's/^# \{0,1\}//' >&2
}

die() {
  echo "submit.sh: $*" >&2
  exit 2
}

need_value() {
  [[ $# -ge 2 && -n "$2" ]] || { usage; die "$1 needs a value"; }
}

DRY_RUN=false
MASTER="${MATFUN_MASTER:-}"
DEPLOY_MODE=""
EXTRA_CONF=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dry-run) DRY_RUN=true; shift ;;
    --master) need_value "$@"; MASTER="$2"; shift 2 ;;
    --master=*) MASTER="${1#*=}"; shift ;;
    --deploy-mode) need_value "$@"; DEPLOY_MODE="$2"; shift 2 ;;
    --deploy-mode=*) DEPLOY_MODE="${1#*=}"; shift ;;
    --conf) need_value "$@"; EXTRA_CONF+=(--conf "$2"); shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done

[[ -n "$MASTER" ]] || { usage; die "no master: give --master URL or set MATFUN_MASTER"; }
case "$DEPLOY_MODE" in
  ""|client|cluster) ;;
  *) die "--deploy-mode must be client or cluster, not '$DEPLOY_MODE'" ;;
esac
[[ $# -gt 0 ]] || { usage; die "no job arguments: give a subcommand (bilinear, ...) or --help"; }
[[ -f "$CONF_FILE" ]] || die "configuration file not found: $CONF_FILE"

if [[ ! -f "$JAR" ]]; then
  msg="job jar not found: $JAR (build it with: mvn -B -ntp package -DskipTests)"
  $DRY_RUN || die "$msg"
  echo "submit.sh: warning: $msg" >&2
fi

SPARK_SUBMIT_PLACEHOLDER=false
if [[ -n "${SPARK_HOME:-}" && -x "${SPARK_HOME}/bin/spark-submit" ]]; then
  SPARK_SUBMIT="$SPARK_HOME/bin/spark-submit"
  if ! compgen -G "$SPARK_HOME/jars/spark-core_2.13-4.*.jar" > /dev/null; then
    echo "submit.sh: warning: no spark-core_2.13-4.x jar in $SPARK_HOME/jars; matfun needs Spark 4.1 (Scala 2.13)" >&2
  fi
elif $DRY_RUN; then
  # shellcheck disable=SC2016  # a literal placeholder, printed only
  SPARK_SUBMIT='"$SPARK_HOME"/bin/spark-submit'
  SPARK_SUBMIT_PLACEHOLDER=true
  echo "submit.sh: note: SPARK_HOME is unset or has no bin/spark-submit; printing a placeholder" >&2
elif [[ -z "${SPARK_HOME:-}" ]]; then
  die "SPARK_HOME is not set; point it to a Spark 4.1 (Scala 2.13) installation, or use deploy/matfun to run with an embedded Spark"
else
  die "SPARK_HOME=$SPARK_HOME has no executable bin/spark-submit; point it to a Spark 4.1 (Scala 2.13) installation"
fi

DRIVER_JAVA_OPTIONS="$JAVA17_OPENS"
if [[ "$DEPLOY_MODE" != cluster ]]; then
  # Client mode: the driver runs on this machine and can read the repository's log4j2 file.
  DRIVER_JAVA_OPTIONS+=" -Dlog4j2.configurationFile=file:$LOG_CONF"
fi

CMD=(
  "$SPARK_SUBMIT"
  --class "$MAIN_CLASS"
  --master "$MASTER"
)
[[ -n "$DEPLOY_MODE" ]] && CMD+=(--deploy-mode "$DEPLOY_MODE")
CMD+=(
  --properties-file "$CONF_FILE"
  --load-spark-defaults
  --driver-java-options "$DRIVER_JAVA_OPTIONS"
  --conf "spark.executor.extraJavaOptions=$JAVA17_OPENS"
)
CMD+=(${EXTRA_CONF[@]+"${EXTRA_CONF[@]}"})
CMD+=("$JAR" "$@")

# Quote one word for a POSIX shell: bare if it is plainly safe, else in single quotes.
shell_quote() {
  if [[ "$1" =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}

if $DRY_RUN; then
  out=""
  jar_index=$(( ${#CMD[@]} - $# - 1 ))
  for i in "${!CMD[@]}"; do
    if [[ $i -eq 0 ]] && $SPARK_SUBMIT_PLACEHOLDER; then
      word="$SPARK_SUBMIT"
    else
      word="$(shell_quote "${CMD[$i]}")"
    fi
    # One spark-submit option (with its value) per line; the jar and the job's arguments last.
    if [[ $i -eq 0 ]]; then
      out="$word"
    elif [[ $i -eq $jar_index || ( $i -lt $jar_index && "${CMD[$i]}" == --* ) ]]; then
      out+=$' \\\n    '"$word"
    else
      out+=" $word"
    fi
  done
  printf '%s\n' "$out"
  exit 0
fi

exec "${CMD[@]}"
